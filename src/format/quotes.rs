//! Finding evidence quotes in their sources.

use std::collections::HashSet;
use std::time::{Duration, Instant};

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

/// Looks for `quote` in `text`, ignoring differences of whitespace, letter case, quote marks
/// (`"` and `“”`, `'` and `‘’`) and dashes (`-`, `–`, `—`); when it is not there, finds the
/// passage of the text most like it.
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
    let lines = Lines { file: "", text };
    let t = normalise(text);
    let q = normalise(quote);
    if !q.text.is_empty() {
        if let Some(at) = t.text.find(&q.text) {
            let (line, column) = lines.line_col(t.origin.get(at).copied().unwrap_or(0));
            return QuoteMatch::Found { line, column };
        }
    }
    closest_passage(text, &t, &q.text, &lines)
}

fn closest_passage(text: &str, t: &Normal, q: &str, lines: &Lines<'_>) -> QuoteMatch {
    // Word starts and ends (byte ranges in the normalised text).
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for (i, c) in t.text.char_indices() {
        if c == ' ' {
            if i > start {
                words.push((start, i));
            }
            start = i + 1;
        }
    }
    if t.text.len() > start {
        words.push((start, t.text.len()));
    }
    if words.is_empty() {
        return QuoteMatch::NotFound {
            closest: String::new(),
            line: 1,
            column: 1,
            similarity: 0.0,
        };
    }
    let qwords: Vec<&str> = q.split(' ').filter(|w| !w.is_empty()).collect();
    let k = qwords.len().clamp(1, words.len());
    let qset: HashSet<&str> = qwords.iter().copied().collect();
    let word = |i: usize| t.text.get(words[i].0..words[i].1).unwrap_or("");
    // Coarse pass: windows of k words ranked by how many of their words the quote has.
    let hits: Vec<usize> = (0..words.len()).map(|i| usize::from(qset.contains(word(i)))).collect();
    let mut sum: usize = hits[..k].iter().sum();
    let mut scored = vec![(sum, 0usize)];
    for s in 1..=words.len() - k {
        sum = sum + hits[s + k - 1] - hits[s - 1];
        scored.push((sum, s));
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    // Fine pass: character similarity around the best few windows.
    let deadline = Instant::now() + Duration::from_millis(200);
    let mut best: Option<(f32, usize, usize)> = None;
    let mut tried = HashSet::new();
    for &(_, s) in scored.iter().take(3) {
        let lo = s.saturating_sub(k / 2 + 1);
        let hi = (s + k / 2 + 1).min(words.len() - 1);
        for a in lo..=hi {
            for len in [k.saturating_sub(1).max(1), k, k + 1] {
                let b = (a + len).min(words.len());
                if b <= a || !tried.insert((a, b)) {
                    continue;
                }
                let window = t.text.get(words[a].0..words[b - 1].1).unwrap_or("");
                let ratio = similar::TextDiff::configure()
                    .deadline(deadline)
                    .diff_chars(window, q)
                    .ratio();
                if best.is_none_or(|(r, _, _)| ratio > r) {
                    best = Some((ratio, a, b));
                }
            }
        }
    }
    let (similarity, a, b) = best.unwrap_or((0.0, 0, 1));
    let from = t.origin.get(words[a].0).copied().unwrap_or(0);
    let to = t.origin.get(words[b - 1].1).copied().unwrap_or(text.len());
    let closest = text
        .get(from..to)
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let (line, column) = lines.line_col(from);
    QuoteMatch::NotFound {
        closest,
        line,
        column,
        similarity,
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
