//! "Did you mean" suggestions for unknown names.

/// The candidate closest to `query`, if any is close enough to be a plausible typo.
///
/// Candidates are `(id, display name)` pairs; both are matched, case-insensitively, so
/// `UKR` finds `UA` through its name "Ukraine".
pub(crate) fn closest<'a, I>(query: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = (&'a str, Option<&'a str>)>,
{
    let q = query.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for (id, name) in candidates {
        let mut score = similarity(&q, &id.to_lowercase());
        if let Some(n) = name {
            let n = n.to_lowercase();
            score = score.max(similarity(&q, &n));
            if q.len() >= 2 && n.starts_with(&q) {
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
    best.filter(|(s, _)| *s >= 0.5).map(|(_, id)| id.to_string())
}

fn similarity(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    let mut score = f64::from(similar::TextDiff::from_chars(a, b).ratio());
    if a.len() >= 2 && (b.starts_with(a) || a.starts_with(b)) {
        score = score.max(0.8);
    }
    score
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
}
