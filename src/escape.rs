//! Making input text safe to show: every control character visible, Markdown inert.
//!
//! Labels, ids, quotes and file names come from other people's files and reach a terminal or a
//! Markdown page. Raw, an ESC or BEL sequence clears a screen or retitles a window, a newline in
//! a one-line field forges a line of the report ("checked …: 0 errors"), and `<img onerror=…>`,
//! `</details>`, a backtick fence or a `|` breaks out of a code span or a table. Every renderer
//! passes input text through one of these functions; JSON needs none (serde escapes it).
//! The command line also passes every report through [`visible_lines`] on its way out.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` must not reach a terminal raw: C0 and C1 controls, DEL, and the bidirectional
/// overrides and isolates that make text display in another order than it reads.
fn hidden(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// Whether `s` is printable ASCII only, and so has nothing to hide: tested eight bytes at a
/// time, four words before a branch, as diagnostics at 10⁵ clauses pass tens of megabytes
/// through [`visible`].
fn plain(s: &str) -> bool {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const TO_SPACE: u64 = 0x6060_6060_6060_6060;
    const ONES: u64 = 0x0101_0101_0101_0101;
    // The high bit of each byte that is not printable ASCII: set (ASCII's is clear), below a
    // space (an ASCII byte plus 0x60 reaches the high bit from 0x20 up, and carries into no
    // other byte), or DEL (plus one reaches it only from 0x7f). In a word with a byte that is
    // not ASCII a carry may spoil the last two, but the first already marks the word.
    let odd = |w: &[u8]| {
        let mut b = [0; 8];
        b.copy_from_slice(w);
        let w = u64::from_le_bytes(b);
        (w | !w.wrapping_add(TO_SPACE) | w.wrapping_add(ONES)) & HIGH
    };
    let mut blocks = s.as_bytes().chunks_exact(32);
    // No branch inside a block, so a short line costs a few instructions a word.
    let blocks_plain = blocks.all(|b| b.chunks_exact(8).fold(0, |acc, w| acc | odd(w)) == 0);
    let rest = blocks.remainder();
    let mut words = rest.chunks_exact(8);
    blocks_plain
        && (&mut words).fold(0, |acc, w| acc | odd(w)) == 0
        && words.remainder().iter().all(|b| (b' '..=b'~').contains(b))
}

/// Appends `s` to `out` as [`visible`] shows it, testing `s` once: for writers that put many
/// one-line fields into one buffer (`check`'s diagnostics).
pub(crate) fn append_visible(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(visible(s).as_bytes());
}

fn push_visible(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
    }
}

/// `s` with every control character shown as an escape, the way `{:?}` shows it: ESC is
/// `\u{1b}`, a newline `\n`, a tab `\t`. For one-line fields of text reports and diagnostics.
///
/// ```
/// use negdiff::escape::visible;
/// assert_eq!(visible("a\u{1b}[2Jb\nc"), r"a\u{1b}[2Jb\nc");
/// assert_eq!(visible("deploy-forces"), "deploy-forces");
/// ```
pub fn visible(s: &str) -> Cow<'_, str> {
    if plain(s) || !s.chars().any(hidden) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if hidden(c) {
            push_visible(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `s` with every control character but the newline shown as an escape: for whole reports,
/// whose lines are theirs to break, on their way to a terminal.
#[must_use]
pub fn visible_lines(s: &str) -> Cow<'_, str> {
    if s.bytes().all(|b| b == b'\n' || (b' '..=b'~').contains(&b)) || !s.chars().any(|c| c != '\n' && hidden(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c != '\n' && hidden(c) {
            push_visible(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `s` as inert Markdown text on one line (a paragraph or a table cell): controls made visible,
/// HTML's `<`, `>` and `&` as entities, the characters of inline markup (emphasis, links,
/// images, code, strike-through, table cells) escaped with a backslash, and a first character
/// that would start a heading, a list or a quote escaped too.
pub fn markdown(s: &str) -> String {
    let shown = visible(s);
    let mut out = String::with_capacity(shown.len() + 8);
    // A line start that is a block marker: `#`, `>`, `-`, `+`, `=`, or digits then `.` or `)`.
    let digits = shown.chars().take_while(char::is_ascii_digit).count();
    let block_at = match shown.chars().next() {
        Some('#' | '>' | '-' | '+' | '=') => Some(0),
        Some(c) if c.is_ascii_digit() => matches!(shown[digits..].chars().next(), Some('.' | ')')).then_some(digits),
        _ => None,
    };
    for (i, c) in shown.chars().enumerate() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' if i > 0 => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => {
                if block_at == Some(i) {
                    out.push('\\');
                }
                out.push(c);
            }
        }
    }
    out
}

/// `s` as an inline code span: controls made visible, delimited by a run of backticks longer
/// than any inside it (so no fence or backtick in `s` can close it), with `|` escaped when the
/// span sits in a table cell. HTML inside a code span is shown, not interpreted.
#[must_use]
pub fn markdown_code(s: &str, in_table: bool) -> String {
    let shown = visible(s);
    let mut longest = 0;
    let mut run = 0;
    for c in shown.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let body = if in_table {
        Cow::Owned(shown.replace('|', "\\|"))
    } else {
        shown
    };
    // A space inside the fence when the body starts or ends with a backtick (or is empty or
    // all spaces), which CommonMark strips again.
    let pad = body.starts_with('`') || body.ends_with('`') || body.trim().is_empty();
    let sp = if pad { " " } else { "" };
    format!("{fence}{sp}{body}{sp}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const NASTY: &str = "a\u{1b}[2J\u{7}b\nchecked 1 files: 0 errors\r</details><img src=x onerror=alert(1)>```|x|`";

    #[test]
    fn controls_become_visible() {
        let v = visible(NASTY);
        assert!(!v.chars().any(hidden), "{v}");
        assert!(v.starts_with("a\\u{1b}[2J\\u{7}b\\nchecked"), "{v}");
        assert_eq!(visible("plain é"), Cow::Borrowed("plain é"));
        assert_eq!(visible("\u{202E}evil"), "\\u{202e}evil");
        let l = visible_lines("a\nb\u{1b}c\u{9b}");
        assert_eq!(l, "a\nb\\u{1b}c\\u{9b}");
    }

    /// The byte test agrees with the character test on every ASCII character, alone or in
    /// any place of a word of printable bytes; a non-ASCII character is never plain.
    #[test]
    fn printable_ascii_is_exactly_what_hides_nothing() {
        for c in (0u8..128).map(char::from) {
            assert_eq!(plain(&c.to_string()), !hidden(c), "{c:?}");
            // Every place of every length up to past two blocks of 32 bytes: in a block, in
            // a word after the blocks, in the bytes after the words.
            for len in 1..75 {
                for at in 0..len {
                    let mut s: Vec<char> = "abcdefghijklmnopq~ !".chars().cycle().take(len).collect();
                    s[at] = c;
                    let s: String = s.into_iter().collect();
                    assert_eq!(plain(&s), !hidden(c), "{s:?}");
                }
            }
        }
        assert!(!plain("abcdefgé") && !plain("é") && !plain("abcdefgh\u{9b}"));
        let long = "x".repeat(40);
        for odd in ["é", "\u{9b}", "\u{ff}", "\u{7f}", "\u{202e}"] {
            for at in [0, 7, 31, 32, 39, 40] {
                let s = format!("{}{odd}{}", &long[..at], &long[at..]);
                assert!(!plain(&s), "{s:?}");
            }
        }
        assert!(plain("") && plain(&long));
        // `append_visible` shows what `visible` shows.
        for s in [NASTY, "plain", "", "é\u{1b}", &long] {
            let mut out = b"<".to_vec();
            append_visible(&mut out, s);
            assert_eq!(out, format!("<{}", visible(s)).into_bytes());
        }
    }

    #[test]
    fn markdown_is_inert() {
        let m = markdown(NASTY);
        assert!(!m.contains('\n') && !m.contains('<') && !m.contains('>'), "{m}");
        assert!(!m.contains("```"), "{m}");
        // Every `|` is escaped: a table row keeps its cells.
        assert_eq!(m.matches('|').count(), m.matches("\\|").count(), "{m}");
        assert!(m.contains("&lt;/details&gt;"), "{m}");
        assert_eq!(markdown("deploy-forces (NATO)"), "deploy-forces (NATO)");
        assert_eq!(markdown("# title"), "\\# title");
        assert_eq!(markdown("> quote"), "\\> quote");
        assert_eq!(markdown("12. item"), "12\\. item");
        assert_eq!(markdown("a_b*c"), "a\\_b\\*c");
    }

    #[test]
    fn code_spans_cannot_be_closed_from_inside() {
        assert_eq!(markdown_code("deploy-forces", false), "`deploy-forces`");
        assert_eq!(markdown_code("a`b", false), "``a`b``");
        assert_eq!(markdown_code("```", false), "```` ``` ````");
        assert_eq!(markdown_code("a|b", true), "`a\\|b`");
        assert_eq!(markdown_code("a\nb", false), "`a\\nb`");
    }
}
