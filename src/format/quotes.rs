//! Finding evidence quotes in their sources.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::diagnostic::Lines;

/// Where a quote is in its source's text, or the passage most like it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum QuoteMatch {
    /// The quote is in the text (after normalisation) starting at this line and column.
    Found {
        /// Line, from 1.
        line: usize,
        /// Column in characters, from 1.
        column: usize,
    },
    /// The quote is not in the text; this is the passage most like it.
    NotFound {
        /// The closest passage, whitespace collapsed (empty when the text has no words).
        closest: String,
        /// Line of the passage, from 1.
        line: usize,
        /// Column of the passage, from 1.
        column: usize,
        /// How alike the passage and the quote are, from 0 to 1 (`similar`'s ratio).
        similarity: f32,
    },
}

/// Text reduced for matching, with the byte offset in the original of each of its bytes.
struct Normal {
    text: String,
    origin: Vec<usize>,
}

fn normal_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}' | '\u{00BB}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => '-',
        c => c,
    }
}

/// Collapses whitespace runs to one space, unifies quote marks and dashes, and lower-cases.
fn normalise(s: &str) -> Normal {
    let mut text = String::with_capacity(s.len());
    let mut origin = Vec::with_capacity(s.len());
    let mut space = false;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            space = !text.is_empty();
            continue;
        }
        if space {
            text.push(' ');
            origin.push(i);
            space = false;
        }
        for l in normal_char(c).to_lowercase() {
            let before = text.len();
            text.push(l);
            origin.extend(std::iter::repeat_n(i, text.len() - before));
        }
    }
    Normal { text, origin }
}

/// Quotes longer than this (in normalised bytes) are not refined by character similarity:
/// a character diff is quadratic in the worst case, and for a long quote the window with the
/// most word pairs in common is already the passage a reader wants.
const FINE_BYTES: usize = 300;

/// How far (in words) the fine pass moves a window's start around each coarse candidate.
const FINE_SHIFT: usize = 4;

/// Looks for `quote` in `text`, ignoring differences of whitespace, letter case, quote marks
/// (`"` and `“”`, `'` and `‘’`) and dashes (`-`, `–`, `—`); when it is not there, finds the
/// passage of the text most like it.
///
/// The search is bounded and deterministic (no clock is read): an exact search of the
/// normalised quote in the normalised text, then a linear pass that ranks every window of the
/// quote's length by the word pairs (and words) it shares with the quote; a short quote's best
/// windows are then refined by character similarity (`similar`'s ratio), while a long quote's
/// similarity is the share of its word pairs the passage has.
///
/// ```
/// use negdiff::format::{find_quote, QuoteMatch};
/// let text = "Intro.\nHe said: “We will not  compromise\non the open door” — firmly.";
/// assert_eq!(find_quote(text, "we will not compromise on the open door"), QuoteMatch::Found { line: 2, column: 11 });
/// match find_quote(text, "we shall not compromise on the open door") {
///     QuoteMatch::NotFound { closest, line, .. } => {
///         assert_eq!(closest, "“We will not compromise on the open door”");
///         assert_eq!(line, 2);
///     }
///     other => panic!("{other:?}"),
/// }
/// ```
#[must_use]
pub fn find_quote(text: &str, quote: &str) -> QuoteMatch {
    Source::new(text).find(quote)
}

/// A source text prepared once for many quotes: normalised, split into words, lines indexed.
pub(crate) struct Source<'a> {
    text: &'a str,
    normal: Normal,
    /// Byte ranges of the words in the normalised text.
    words: Vec<(usize, usize)>,
    /// Each word's id: equal words, equal ids.
    ids: Vec<u32>,
    vocabulary: HashMap<String, u32>,
    lines: Lines<'a>,
}

impl<'a> Source<'a> {
    pub fn new(text: &'a str) -> Self {
        let normal = normalise(text);
        let mut words = Vec::new();
        let mut start = 0;
        for (i, c) in normal.text.char_indices() {
            if c == ' ' {
                if i > start {
                    words.push((start, i));
                }
                start = i + 1;
            }
        }
        if normal.text.len() > start {
            words.push((start, normal.text.len()));
        }
        let mut vocabulary: HashMap<String, u32> = HashMap::new();
        let ids = words
            .iter()
            .map(|&(a, b)| {
                let next = u32::try_from(vocabulary.len()).unwrap_or(u32::MAX);
                *vocabulary
                    .entry(normal.text.get(a..b).unwrap_or("").to_string())
                    .or_insert(next)
            })
            .collect();
        Source {
            text,
            normal,
            words,
            ids,
            vocabulary,
            lines: Lines::new("", text),
        }
    }

    /// Where `quote` is, or the passage most like it.
    pub fn find(&self, quote: &str) -> QuoteMatch {
        let q = normalise(quote);
        if !q.text.is_empty() {
            if let Some(at) = self.normal.text.find(&q.text) {
                let (line, column) = self.lines.line_col(self.normal.origin.get(at).copied().unwrap_or(0));
                return QuoteMatch::Found { line, column };
            }
        }
        self.closest(&q.text)
    }

    /// The normalised text of words `a..b`.
    fn span(&self, a: usize, b: usize) -> &str {
        self.normal.text.get(self.words[a].0..self.words[b - 1].1).unwrap_or("")
    }

    fn closest(&self, q: &str) -> QuoteMatch {
        let n = self.words.len();
        if n == 0 {
            return QuoteMatch::NotFound {
                closest: String::new(),
                line: 1,
                column: 1,
                similarity: 0.0,
            };
        }
        // The quote's words as source word ids (a word the source lacks can match nothing).
        let qids: Vec<Option<u32>> = q
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(|w| self.vocabulary.get(w).copied())
            .collect();
        let k = qids.len().clamp(1, n);
        let unigrams: HashSet<u32> = qids.iter().flatten().copied().collect();
        let bigrams: HashSet<(u32, u32)> = qids.windows(2).filter_map(|w| Some((w[0]?, w[1]?))).collect();
        // Coarse pass, linear in the source: every window of k words scored by the quote's
        // word pairs it holds (weighted double) and the quote's words it holds.
        let uni: Vec<usize> = self.ids.iter().map(|i| usize::from(unigrams.contains(i))).collect();
        let bi: Vec<usize> = self
            .ids
            .windows(2)
            .map(|w| usize::from(bigrams.contains(&(w[0], w[1]))))
            .collect();
        let pairs_in = |s: usize| k.saturating_sub(1).min(bi.len().saturating_sub(s));
        let mut u: usize = uni[..k].iter().sum();
        let mut b: usize = bi[..pairs_in(0)].iter().sum();
        let mut top: Vec<(usize, usize, usize)> = Vec::with_capacity(4); // (score, start, pairs)
        let consider = |score: usize, s: usize, pairs: usize, top: &mut Vec<(usize, usize, usize)>| {
            if top.len() < 3 || score > top[top.len() - 1].0 {
                let at = top.partition_point(|t| t.0 >= score);
                top.insert(at, (score, s, pairs));
                top.truncate(3);
            }
        };
        consider(2 * b + u, 0, b, &mut top);
        for s in 1..=n - k {
            u = u + uni[s + k - 1] - uni[s - 1];
            if k >= 2 {
                b = b + bi[s + k - 2] - bi[s - 1];
            }
            consider(2 * b + u, s, b, &mut top);
        }
        let (a, end, similarity) = if q.len() <= FINE_BYTES {
            self.refine(q, k, &top)
        } else {
            // A long quote: the best window as it stands, alike by the share of word pairs.
            let (_, s, pairs) = top[0];
            let total = qids.len().saturating_sub(1).max(1);
            (s, s + k, pairs as f32 / total as f32)
        };
        let from = self.normal.origin.get(self.words[a].0).copied().unwrap_or(0);
        let to = self
            .normal
            .origin
            .get(self.words[end - 1].1)
            .copied()
            .unwrap_or(self.text.len());
        let closest = self
            .text
            .get(from..to)
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let (line, column) = self.lines.line_col(from);
        QuoteMatch::NotFound {
            closest,
            line,
            column,
            similarity,
        }
    }

    /// Character similarity of windows near the best coarse candidates: a bounded number of
    /// diffs of short strings. Ties keep the first window tried, so the result is stable.
    fn refine(&self, q: &str, k: usize, top: &[(usize, usize, usize)]) -> (usize, usize, f32) {
        let n = self.words.len();
        let mut best: Option<(f32, usize, usize)> = None;
        let mut tried = HashSet::new();
        let shift = (k / 2 + 1).min(FINE_SHIFT);
        for &(_, s, _) in top {
            for a in s.saturating_sub(shift)..=(s + shift).min(n - 1) {
                for len in [k.saturating_sub(1).max(1), k, k + 1] {
                    let b = (a + len).min(n);
                    if b <= a || !tried.insert((a, b)) {
                        continue;
                    }
                    let ratio = similar::TextDiff::from_chars(self.span(a, b), q).ratio();
                    if best.is_none_or(|(r, _, _)| ratio > r) {
                        best = Some((ratio, a, b));
                    }
                }
            }
        }
        let (ratio, a, b) = best.unwrap_or((0.0, 0, 1));
        (a, b, ratio)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_marks_space_and_case() {
        let text = "a\n\nSaid: ‘NO — never’.";
        assert_eq!(
            find_quote(text, "'no - never'"),
            QuoteMatch::Found { line: 3, column: 7 }
        );
        assert_eq!(
            find_quote(text, "  said:\tno"),
            QuoteMatch::NotFound {
                closest: "Said: ‘NO".into(),
                line: 3,
                column: 1,
                similarity: match find_quote(text, "  said:\tno") {
                    QuoteMatch::NotFound { similarity, .. } => similarity,
                    _ => 0.0,
                },
            }
        );
    }

    #[test]
    fn empty_inputs_do_not_panic() {
        assert!(matches!(find_quote("", ""), QuoteMatch::NotFound { .. }));
        assert!(matches!(find_quote("   ", "x"), QuoteMatch::NotFound { .. }));
        assert!(matches!(find_quote("a b", ""), QuoteMatch::NotFound { .. }));
    }
}
