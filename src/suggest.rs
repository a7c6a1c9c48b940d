//! "Did you mean" suggestions for unknown names.
//!
//! The work per suggestion is bounded: names are compared on their first [`MAX_CHARS`]
//! characters (an id is short; a 5 M-character value is not an id anyone mistyped), with a
//! bit-parallel longest-common-subsequence that costs one pass over each candidate, and a
//! candidate whose length alone keeps it below the best so far is skipped.

/// Characters of a name that similarity looks at.
const MAX_CHARS: usize = 64;

/// Least similarity for a suggestion.
const THRESHOLD: f64 = 0.5;

/// The candidate closest to `query`, if any is close enough to be a plausible typo.
///
/// Candidates are `(id, display name)` pairs; both are matched, case-insensitively, so
/// `UKR` finds `UA` through its name "Ukraine".
pub(crate) fn closest<'a, I>(query: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = (&'a str, Option<&'a str>)>,
{
    let q = Query::new(query);
    let mut best: Option<(f64, &str)> = None;
    for (id, name) in candidates {
        let floor = best.map_or(THRESHOLD, |(s, _)| s.max(THRESHOLD));
        let mut score = q.similarity(id, floor);
        if let Some(n) = name {
            score = score.max(q.similarity(n, floor));
            if q.chars >= 2 && starts_with_ci(n, query) {
                score = score.max(0.9);
            }
        }
        let better = match best {
            None => true,
            Some((s, b)) => score > s || (score == s && id < b),
        };
        if better {
            best = Some((score, id));
        }
    }
    best.filter(|(s, _)| *s >= THRESHOLD).map(|(_, id)| id.to_string())
}

fn lower(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().flat_map(char::to_lowercase)
}

/// Whether `s` starts with `prefix`, ignoring case.
fn starts_with_ci(s: &str, prefix: &str) -> bool {
    let mut s = lower(s);
    lower(prefix).all(|p| s.next() == Some(p))
}

/// The query, lower-cased, with the match masks of its first [`MAX_CHARS`] characters.
struct Query<'a> {
    text: &'a str,
    /// Characters of the whole lower-cased query (not capped).
    chars: usize,
    /// Characters compared (at most [`MAX_CHARS`]).
    n: usize,
    ascii: [u64; 128],
    other: Vec<(char, u64)>,
}

impl<'a> Query<'a> {
    fn new(text: &'a str) -> Self {
        let mut q = Query {
            text,
            chars: 0,
            n: 0,
            ascii: [0; 128],
            other: Vec::new(),
        };
        for c in lower(text) {
            if q.n < MAX_CHARS {
                let bit = 1u64 << q.n;
                match usize::try_from(u32::from(c)).ok().filter(|&i| i < 128) {
                    Some(i) => q.ascii[i] |= bit,
                    None => match q.other.iter_mut().find(|(o, _)| *o == c) {
                        Some((_, m)) => *m |= bit,
                        None => q.other.push((c, bit)),
                    },
                }
                q.n += 1;
            }
            q.chars += 1;
        }
        q
    }

    fn mask(&self, c: char) -> u64 {
        match usize::try_from(u32::from(c)).ok().filter(|&i| i < 128) {
            Some(i) => self.ascii[i],
            None => self.other.iter().find(|(o, _)| *o == c).map_or(0, |(_, m)| *m),
        }
    }

    /// `similar`'s character ratio, 2·LCS / (|a| + |b|), on the first [`MAX_CHARS`]
    /// characters, raised to 0.8 when one name starts with the other; 1 for equal names.
    /// Returns early (with a score below `floor`) when the lengths alone rule the candidate out.
    fn similarity(&self, candidate: &str, floor: f64) -> f64 {
        if self.text.is_ascii() && candidate.is_ascii() {
            return self.similarity_ascii(candidate.as_bytes(), floor);
        }
        let prefix = self.chars >= 2 && (starts_with_ci(candidate, self.text) || starts_with_ci(self.text, candidate));
        if prefix && lower(candidate).eq(lower(self.text)) {
            return 1.0;
        }
        let base = if prefix { 0.8 } else { 0.0 };
        let m = lower(candidate).take(MAX_CHARS).count();
        self.lcs_ratio(base, m, floor, lower(candidate).take(MAX_CHARS).map(|c| self.mask(c)))
    }

    /// [`Query::similarity`] for ASCII names (ids nearly always are): bytes, no case tables.
    fn similarity_ascii(&self, candidate: &[u8], floor: f64) -> f64 {
        let q = self.text.as_bytes();
        let (short, long) = if q.len() <= candidate.len() {
            (q, candidate)
        } else {
            (candidate, q)
        };
        let prefix = self.chars >= 2 && long[..short.len()].eq_ignore_ascii_case(short);
        if prefix && q.len() == candidate.len() {
            return 1.0;
        }
        let base = if prefix { 0.8 } else { 0.0 };
        let m = candidate.len().min(MAX_CHARS);
        let masks = candidate[..m]
            .iter()
            .map(|&c| self.ascii[usize::from(c.to_ascii_lowercase() & 0x7f)]);
        self.lcs_ratio(base, m, floor, masks)
    }

    /// The ratio both similarity paths share, from the candidate's `m` compared characters
    /// given as their match `masks` (consumed only when the lengths leave a chance of beating
    /// `base` and `floor`), never below `base`.
    fn lcs_ratio(&self, base: f64, m: usize, floor: f64, masks: impl Iterator<Item = u64>) -> f64 {
        if self.n + m == 0 {
            return base;
        }
        // The LCS is at most the shorter length: the best ratio these lengths allow.
        let bound = 2.0 * self.n.min(m) as f64 / (self.n + m) as f64;
        if bound < floor || bound <= base {
            return base;
        }
        // Hyyrö's bit-vector LCS: one word operation per candidate character.
        let width = if self.n == 64 { u64::MAX } else { (1u64 << self.n) - 1 };
        let mut v = u64::MAX;
        for mask in masks {
            let u = v & mask;
            v = v.wrapping_add(u) | (v - u);
        }
        let lcs = self.n - (v & width).count_ones() as usize;
        let ratio = 2.0 * lcs as f64 / (self.n + m) as f64;
        ratio.max(base)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_by_name_and_by_id() {
        let c = [
            ("UA", Some("Ukraine")),
            ("UZ", Some("Uzbekistan")),
            ("GB", Some("United Kingdom")),
        ];
        assert_eq!(closest("UKR", c).as_deref(), Some("UA"));
        assert_eq!(closest("ua", c).as_deref(), Some("UA"));
        assert_eq!(closest("zzzzzz", c), None);
        let a = [("deploy-forces", None), ("withdraw-forces", None)];
        assert_eq!(closest("deploy-force", a).as_deref(), Some("deploy-forces"));
    }

    /// The bit-parallel ratio is `similar`'s ratio on names up to the cap.
    #[test]
    fn ratio_is_similars() {
        let words = [
            "deploy-forces",
            "withdraw-forces",
            "Ukraine",
            "ua",
            "x",
            "",
            "admit-members",
            "ädmït",
            "ÄDMIT-members-and-more",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "abababababababababababababababababababababababababababababababab",
        ];
        for a in words {
            for b in words {
                let (la, lb) = (a.to_lowercase(), b.to_lowercase());
                if la.starts_with(&lb) || lb.starts_with(&la) {
                    continue;
                }
                let expected = f64::from(similar::TextDiff::from_chars(la.as_str(), lb.as_str()).ratio());
                let got = Query::new(a).similarity(b, 0.0);
                assert!((got - expected).abs() < 1e-6, "{a} / {b}: {got} vs {expected}");
            }
        }
    }

    #[test]
    fn long_names_cost_a_bounded_amount() {
        let long = "deploy-forces".repeat(400_000);
        let c = [("deploy-forces", None), ("withdraw-forces", None)];
        assert_eq!(closest(&long, c).as_deref(), Some("deploy-forces"));
        let noise = "q".repeat(5_000_000);
        assert_eq!(closest(&noise, c), None);
    }
}
