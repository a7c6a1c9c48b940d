//! Located messages about files.

use std::cell::OnceCell;
use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::error::DiagnosticKind;
use crate::escape::{append_visible, visible};

/// How serious a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Severity {
    /// The file cannot be used as it is.
    Error,
    /// The file loads, but something could not be checked or looks wrong.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One problem in one file, at a line and column.
///
/// Displays as `file:line:column: severity: field: message`, the form compilers use, so that
/// editors can jump to it:
///
/// ```text
/// examples/data/x.toml:12:9: error: clauses[3].where[0]: unknown entity `UKR`; did you mean `UA`?
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The file, as the caller named it.
    pub file: String,
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
    /// How serious it is.
    pub severity: Severity,
    /// What sort of problem it is, for programs: syntax, schema, reference, semantics, quote…
    pub kind: DiagnosticKind,
    /// The field path of the bad value (`clauses[3].where[0]`), when there is one.
    pub field: Option<String>,
    /// What is wrong, in one line.
    pub message: String,
}

impl Diagnostic {
    /// Writes the diagnostic as [`Display`](fmt::Display) shows it, straight into `w`, in one
    /// call: for programs that print many (`check` shows 10⁵), without a string made for each.
    /// [`write_diagnostics_on`] writes a list of them faster.
    ///
    /// # Errors
    /// What writing to `w` returns.
    pub fn write_to<W: std::io::Write + ?Sized>(&self, w: &mut W) -> std::io::Result<()> {
        let mut bytes = Vec::with_capacity(self.shown_len(self.file.len()));
        Layout::default().put(self, &mut bytes);
        w.write_all(&bytes)
    }

    /// About how many bytes the displayed form takes, the file's name shown in `file` bytes:
    /// exact when no piece has a control character to show.
    fn shown_len(&self, file: usize) -> usize {
        // Two colons, two numbers, `: warning: `, the field's `: ` and the newline.
        let numbers = decimal_len(self.line) + decimal_len(self.column);
        let field = self.field.as_ref().map_or(0, |f| f.len() + 2);
        file + 2 + numbers + 11 + field + self.message.len() + 1
    }

    /// Hands the pieces of the displayed form to `put` in order. File names, field paths and
    /// messages hold input text: one line each, no control character reaches the terminal raw.
    fn pieces<E>(&self, mut put: impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
        let mut digits = [0u8; 20];
        put(&visible(&self.file))?;
        put(":")?;
        put(decimal(self.line, &mut digits))?;
        put(":")?;
        put(decimal(self.column, &mut digits))?;
        put(match self.severity {
            Severity::Error => ": error: ",
            Severity::Warning => ": warning: ",
        })?;
        if let Some(field) = &self.field {
            put(&visible(field))?;
            put(": ")?;
        }
        put(&visible(&self.message))
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Written piece by piece: `check` shows 10⁵ of these, and formatting machinery cost
        // more than the text.
        self.pieces(|piece| f.write_str(piece))
    }
}

/// The diagnostics, each as [`Display`](fmt::Display) shows it and a newline, laid out in
/// batches on up to `threads` threads (the calling one among them; no more than the machine
/// runs at once; `0` or `1`: on the calling thread only) and written to `out` in order: the
/// bytes are the same on any number of threads. Writes most of a megabyte at a call, so
/// `out` needs no buffer of its own. `negdiff check` writes its 10⁵ diagnostics this way.
///
/// ```
/// use negdiff::format::{check_files, write_diagnostics_on};
/// let outcome = check_files(["no/such/file.toml"]);
/// let mut out = Vec::new();
/// write_diagnostics_on(2, &outcome.diagnostics, &mut out)?;
/// let expected: String = outcome.diagnostics.iter().map(|d| format!("{d}\n")).collect();
/// assert_eq!(String::from_utf8(out).unwrap(), expected);
/// assert!(expected.starts_with("no/such/file.toml:1:1: error: "));
/// # Ok::<(), std::io::Error>(())
/// ```
///
/// # Errors
/// What `out` returns when it cannot take the bytes; nothing more is written after it.
pub fn write_diagnostics_on(
    threads: usize,
    diagnostics: &[Diagnostic],
    out: impl std::io::Write,
) -> std::io::Result<()> {
    write_batched(threads, DIAGNOSTICS_A_BATCH, diagnostics, out)
}

/// Diagnostics laid out by one thread at a time when several write them: most of a megabyte
/// each at `check`'s 200 bytes a line, so that 10⁵ of them take a few dozen rounds of threads.
pub(crate) const DIAGNOSTICS_A_BATCH: usize = 4096;

/// [`write_diagnostics_on`] in batches of `batch`.
pub(crate) fn write_batched(
    threads: usize,
    batch: usize,
    diagnostics: &[Diagnostic],
    mut out: impl std::io::Write,
) -> std::io::Result<()> {
    super::par::write_in_order(
        threads,
        diagnostics,
        batch,
        Layout::default,
        |layout, _, part, buf| {
            // The batch's size, once: its diagnostics then go in without the buffer growing
            // (unless a piece has controls to show).
            let first = part.first().map_or(0, |d| d.file.len());
            buf.reserve(part.iter().map(|d| d.shown_len(first)).sum());
            for d in part {
                layout.put(d, buf);
                buf.push(b'\n');
            }
        },
        |bytes| out.write_all(bytes),
    )?;
    out.flush()
}

/// What laying out diagnostics one after another reuses: the file name last seen and how it is
/// shown, as a check's diagnostics come in long runs of one file's.
#[derive(Default)]
struct Layout {
    file: String,
    shown: Vec<u8>,
}

/// Appends what starts a diagnostic's line: `file:line:column: severity: `, the file as it is
/// shown (made visible already). [`Layout`] and `check`'s compact records write it alike.
pub(crate) fn put_head(out: &mut Vec<u8>, file: &[u8], line: usize, column: usize, severity: Severity) {
    let mut digits = [0u8; 20];
    out.extend_from_slice(file);
    out.push(b':');
    out.extend_from_slice(decimal_bytes(line, &mut digits));
    out.push(b':');
    out.extend_from_slice(decimal_bytes(column, &mut digits));
    out.extend_from_slice(match severity {
        Severity::Error => b": error: ",
        Severity::Warning => b": warning: ",
    });
}

impl Layout {
    /// Appends `d` as [`Display`](fmt::Display) shows it: each piece of input text tested for
    /// controls once and appended in one copy.
    fn put(&mut self, d: &Diagnostic, out: &mut Vec<u8>) {
        if self.file != d.file {
            self.file.clone_from(&d.file);
            self.shown.clear();
            append_visible(&mut self.shown, &d.file);
        }
        put_head(out, &self.shown, d.line, d.column, d.severity);
        if let Some(field) = &d.field {
            append_visible(out, field);
            out.extend_from_slice(b": ");
        }
        append_visible(out, &d.message);
    }
}

/// How many digits `n` has in decimal.
pub(crate) fn decimal_len(n: usize) -> usize {
    n.checked_ilog10().map_or(1, |l| l as usize + 1)
}

/// `n` in decimal, written at the end of `digits`: two digits a step, as `check` writes two
/// numbers for each of 10⁵ diagnostics.
fn decimal(n: usize, digits: &mut [u8; 20]) -> &str {
    std::str::from_utf8(decimal_bytes(n, digits)).unwrap_or_default()
}

/// [`decimal`]'s bytes, for writers of bytes, which need not check them.
pub(crate) fn decimal_bytes(mut n: usize, digits: &mut [u8; 20]) -> &[u8] {
    const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
                                2021222324252627282930313233343536373839\
                                4041424344454647484950515253545556575859\
                                6061626364656667686970717273747576777879\
                                8081828384858687888990919293949596979899";
    let mut at = digits.len();
    while n >= 100 {
        let pair = 2 * (n % 100);
        n /= 100;
        at -= 2;
        digits[at..at + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    }
    if n >= 10 {
        at -= 2;
        digits[at..at + 2].copy_from_slice(&PAIRS[2 * n..2 * n + 2]);
    } else {
        at -= 1;
        digits[at] = b'0' + n as u8;
    }
    &digits[at..]
}

/// Appends `n` in decimal, a digit a push: `check` names 10⁵ fields `clauses[i].…`, and
/// checking the digits as UTF-8 would cost more than pushing them.
pub(crate) fn push_number(s: &mut String, n: usize) {
    for &b in decimal_bytes(n, &mut [0; 20]) {
        // A digit is ASCII; the mask lets the compiler see it, and push one byte.
        s.push(char::from(b & 0x7f));
    }
}

/// A file that could not be loaded, with every problem found in it (and in the vocabulary it
/// names, if that is where the problems are).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    diagnostics: Vec<Diagnostic>,
}

impl LoadError {
    /// Wraps diagnostics, sorted by file, line and column.
    pub(crate) fn new(diagnostics: Vec<Diagnostic>) -> Self {
        LoadError {
            diagnostics: merge_sorted(vec![diagnostics]),
        }
    }

    /// Every problem found, by file, line and column.
    #[must_use]
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The diagnostics, owned.
    #[must_use]
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }
}

/// Where a diagnostic goes: its file's rank among the files named, its line and column.
pub(crate) type Key = (usize, usize, usize);

/// The diagnostics of `runs`, in the order a stable sort of all of them, one run after the
/// other, by (file, line, column) gives, equal neighbours kept once.
///
/// Files are compared by their rank among the few files named, not by their names: a check of
/// 10⁵ clauses sorts 10⁵ diagnostics, and comparing their file names cost more than the rest of
/// the sort.
pub(crate) fn merge_sorted(mut runs: Vec<Vec<Diagnostic>>) -> Vec<Diagnostic> {
    let files: Vec<String> = {
        let mut named: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
        let mut last = None;
        for d in runs.iter().flatten() {
            if last != Some(d.file.as_str()) {
                last = Some(d.file.as_str());
                named.insert(&d.file);
            }
        }
        named.into_iter().map(str::to_owned).collect()
    };
    let keys: Vec<Vec<Key>> = runs
        .iter()
        .map(|run| {
            let mut last: Option<(&str, usize)> = None;
            run.iter()
                .map(|d| {
                    let rank = match last {
                        Some((f, r)) if f == d.file => r,
                        _ => {
                            let r = files.binary_search(&d.file).unwrap_or(usize::MAX);
                            last = Some((&d.file, r));
                            r
                        }
                    };
                    (rank, d.line, d.column)
                })
                .collect()
        })
        .collect();
    let order = merge_keyed(&mut runs, keys, |a, b| a == b);
    // Each run's items taken in order, those left out dropped.
    let mut runs: Vec<(std::vec::IntoIter<Diagnostic>, usize)> =
        runs.into_iter().map(|run| (run.into_iter(), 0)).collect();
    order
        .into_iter()
        .filter_map(|(r, i)| {
            let (run, next) = &mut runs[r as usize];
            let d = run.nth(i as usize - *next);
            *next = i as usize + 1;
            d
        })
        .collect()
}

/// The items of `runs`, each with its key in `keys`, in the order a stable sort of all of
/// them, one run after the other, by key gives, neighbours that are `same` kept once (only
/// items of equal keys are asked): as (run, index in the run) of each item kept, each run's in
/// its order. The items stay where they are, so that no second list of them is made.
///
/// A run already in order (a position's own warnings, put in line order on the loader's
/// threads) is only checked; the others are sorted in place, by a sort that finds runs. The
/// runs are then merged, a stretch of one run at a time: each stretch that goes before every
/// other run's next one is taken whole.
pub(crate) fn merge_keyed<T>(
    runs: &mut [Vec<T>],
    mut keys: Vec<Vec<Key>>,
    same: impl Fn(&T, &T) -> bool,
) -> Vec<(u32, u32)> {
    for (run, keys) in runs.iter_mut().zip(&mut keys) {
        if keys.is_sorted() {
            continue;
        }
        // Each key with its place, so that ties keep their order.
        let mut order: Vec<(Key, usize)> = keys.iter().copied().zip(0..).collect();
        order.sort();
        let mut slots: Vec<Option<T>> = std::mem::take(run).into_iter().map(Some).collect();
        *run = order.iter().filter_map(|&(_, i)| slots[i].take()).collect();
        *keys = order.into_iter().map(|(k, _)| k).collect();
    }
    let mut out: Vec<(u32, u32)> = Vec::with_capacity(runs.iter().map(Vec::len).sum());
    // Where each run is.
    let mut at = vec![0; runs.len()];
    // The next key of each run not yet done, with the run: the least goes first, and ties go
    // to the earlier run.
    let mut heads: std::collections::BinaryHeap<std::cmp::Reverse<(Key, usize)>> = keys
        .iter()
        .enumerate()
        .filter_map(|(r, keys)| keys.first().map(|&k| std::cmp::Reverse((k, r))))
        .collect();
    // The key of the last item kept: only an item of the same key can be the same item.
    let mut last: Option<Key> = None;
    while let Some(std::cmp::Reverse((_, r))) = heads.pop() {
        let bound = heads.peek().map(|h| h.0);
        let keys = &keys[r];
        // The stretch of this run that goes before every other run's next item.
        let start = at[r];
        let mut end = start + 1;
        let mut ties = false;
        while end < keys.len() && bound.is_none_or(|b| (keys[end], r) < b) {
            ties |= keys[end] == keys[end - 1];
            end += 1;
        }
        at[r] = end;
        if ties || last == Some(keys[start]) {
            for (i, &k) in keys.iter().enumerate().take(end).skip(start) {
                let kept = out.last().map(|&(lr, li)| &runs[lr as usize][li as usize]);
                if last == Some(k) && kept.is_some_and(|l| same(l, &runs[r][i])) {
                    continue;
                }
                out.push((r as u32, i as u32));
                last = Some(k);
            }
        } else {
            // A stretch without ties that starts past the last item kept is taken whole.
            out.extend((start..end).map(|i| (r as u32, i as u32)));
            last = Some(keys[end - 1]);
        }
        if let Some(&next) = keys.get(end) {
            heads.push(std::cmp::Reverse((next, r)));
        }
    }
    out
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.diagnostics.as_slice() {
            [] => f.write_str("file could not be loaded"),
            [one] => write!(f, "{one}"),
            [one, rest @ ..] => write!(f, "{one} (and {} more)", rest.len()),
        }
    }
}

impl std::error::Error for LoadError {}

/// Where lines start in one text, so that a byte offset becomes a line and column in
/// logarithmic time: a file with 10⁵ errors or quotes must not be rescanned from its start for
/// each of them.
#[derive(Debug, Default)]
pub(crate) struct LineIndex {
    /// Byte offset of the start of each line; the first is 0.
    starts: Vec<usize>,
    /// On long lines (one-line JSON), every [`MARK_EVERY`] bytes or so: a byte offset (a char
    /// boundary) and the number of characters before it on its line, so that a column is
    /// counted from the nearest mark rather than from the line's start.
    marks: Vec<(usize, usize)>,
}

/// Bytes between column marks on a long line.
const MARK_EVERY: usize = 1024;

impl LineIndex {
    /// Indexes `text` in one pass: line ends found a word at a time, characters counted only
    /// on lines long enough to need marks.
    pub fn new(text: &str) -> Self {
        let b = text.as_bytes();
        let mut starts = vec![0];
        newlines(b, |at| starts.push(at));
        let mut marks = Vec::new();
        let ends = starts.iter().skip(1).map(|&s| s - 1).chain([b.len()]);
        for (&line_start, line_end) in starts.iter().zip(ends) {
            if line_end - line_start <= MARK_EVERY {
                continue;
            }
            let mut next_mark = line_start + MARK_EVERY;
            for (column, (i, _)) in text[line_start..line_end].char_indices().enumerate() {
                let i = line_start + i;
                if i >= next_mark {
                    marks.push((i, column));
                    next_mark = i + MARK_EVERY;
                }
            }
        }
        LineIndex { starts, marks }
    }

    /// Line and column (1-based, column in characters) of byte `offset` of `text`, the text
    /// this index was built from.
    ///
    /// The search goes forward from line `hint` (1-based; 0 for none) first, and leaves the
    /// line found there: offsets asked in file order, as most of a check's are, are each found
    /// a few lines on instead of by a search of 10⁶ line starts.
    pub fn line_col_after(&self, text: &str, offset: usize, hint: &mut usize) -> (usize, usize) {
        let mut at = offset.min(text.len());
        while at > 0 && !text.is_char_boundary(at) {
            at -= 1;
        }
        let line = match self.starts.get(hint.wrapping_sub(1)) {
            Some(&s) if s <= at => {
                // Every start before `hint` is at or before `at`: gallop on from there.
                let rest = &self.starts[*hint..];
                let mut bound = 1;
                while bound <= rest.len() && rest[bound - 1] <= at {
                    bound *= 2;
                }
                let (lo, hi) = (bound / 2, bound.min(rest.len()));
                *hint + lo + rest[lo..hi].partition_point(|&s| s <= at)
            }
            _ => self.starts.partition_point(|&s| s <= at).max(1),
        };
        *hint = line;
        let line_start = self.starts[line - 1];
        let mark = self.marks.partition_point(|&(b, _)| b <= at);
        let (from, before) = match mark.checked_sub(1).map(|m| self.marks[m]) {
            Some((b, c)) if b >= line_start => (b, c),
            _ => (line_start, 0),
        };
        let column = before + text.get(from..at).map_or(0, |s| s.chars().count()) + 1;
        (line, column)
    }
}

/// Gives `found` the offset just past each `\n` of `b`, in order: eight bytes at a time, a
/// file of 10⁶ lines being indexed whenever one of its diagnostics is shown.
pub(crate) fn newlines(b: &[u8], mut found: impl FnMut(usize)) {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const NEWLINES: u64 = 0x0a0a_0a0a_0a0a_0a0a;
    let mut words = b.chunks_exact(8);
    for (k, word) in (&mut words).enumerate() {
        let mut w = [0; 8];
        w.copy_from_slice(word);
        // A zero byte where `\n` was; its high bit set in `found`, and no other (no carry
        // crosses bytes: each sum is at most 0xfe).
        let x = u64::from_le_bytes(w) ^ NEWLINES;
        let mut ends = !(((x & LOW7) + LOW7) | x | LOW7);
        while ends != 0 {
            found(k * 8 + ends.trailing_zeros() as usize / 8 + 1);
            ends &= ends - 1;
        }
    }
    let tail = b.len() - words.remainder().len();
    for (i, &c) in words.remainder().iter().enumerate() {
        if c == b'\n' {
            found(tail + i + 1);
        }
    }
}

/// Line and column (as [`Lines::line_col`] gives them) of each byte offset of `text`, by one
/// sweep over the text in offset order that counts line ends a word at a time and characters
/// only from a line's start or the previous offset on it: no index of line starts, for a text
/// whose fields are placed once.
pub(crate) fn lines_and_columns(text: &str, offsets: &[usize]) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&k| offsets[k]);
    let mut out = vec![(0, 0); offsets.len()];
    let mut sweep = Sweep::new(text);
    for k in order {
        // In order, so never behind.
        out[k] = sweep.at(offsets[k]).unwrap_or((0, 0));
    }
    out
}

/// [`lines_and_columns`] one offset at a time, the offsets asked in order: a caller that reads
/// the text at each place it asks about can bring the sweep there first ([`Sweep::at`]), so
/// that it reads what the sweep has just read instead of waiting on memory.
pub(crate) struct Sweep<'t> {
    text: &'t str,
    /// Where the sweep is: a char boundary, its line, and its column.
    pos: usize,
    line: usize,
    column: usize,
}

impl<'t> Sweep<'t> {
    /// At the start of `text`.
    pub fn new(text: &'t str) -> Self {
        Sweep {
            text,
            pos: 0,
            line: 1,
            column: 1,
        }
    }

    /// Line and column of byte `offset` (of the char it falls in; past the end, of the end),
    /// the sweep moved there; `None` when that is behind where the sweep is.
    pub fn at(&mut self, offset: usize) -> Option<(usize, usize)> {
        let (text, b) = (self.text, self.text.as_bytes());
        let mut at = offset.min(b.len());
        while at > 0 && !text.is_char_boundary(at) {
            at -= 1;
        }
        if at < self.pos {
            return None;
        }
        let ends = count_newlines(&b[self.pos..at]);
        if ends > 0 {
            self.line += ends;
            let line_start = self.pos + b[self.pos..at].iter().rposition(|&c| c == b'\n').map_or(0, |i| i + 1);
            self.column = 1 + text[line_start..at].chars().count();
        } else {
            self.column += text[self.pos..at].chars().count();
        }
        self.pos = at;
        Some((self.line, self.column))
    }
}

/// How many `\n` bytes `b` holds, eight bytes at a time: each word's line ends are added up
/// byte by byte in a word of counts, summed once every 30 words (no count passes 31, so the
/// sum of the eight fits a byte). The target has no instruction that counts bits, and the
/// stretches between the keys of a JSON clause, a few words each, are most of what this counts.
pub(crate) fn count_newlines(b: &[u8]) -> usize {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const NEWLINES: u64 = 0x0a0a_0a0a_0a0a_0a0a;
    const LOW: u64 = 0x0101_0101_0101_0101;
    // 0x01 in each byte of `w` that is `\n` (exactly: no carry crosses bytes).
    let ends = |w: u64| {
        let x = w ^ NEWLINES;
        !(((x & LOW7) + LOW7) | x | LOW7) >> 7
    };
    let word = |c: &[u8]| {
        let mut w = [0; 8];
        w.copy_from_slice(c);
        u64::from_le_bytes(w)
    };
    let mut n = 0;
    for block in b.chunks(30 * 8) {
        let mut words = block.chunks_exact(8);
        let mut counts = 0;
        for w in &mut words {
            counts += ends(word(w));
        }
        let rest = words.remainder().len();
        if rest > 0 {
            // The last bytes as one word: the eight that end the block, less those counted
            // (shifted out; the zeros shifted in are no line ends).
            counts += ends(match block.len().checked_sub(8) {
                Some(from) => word(&block[from..]) >> (8 * (8 - rest)),
                None => block.iter().rev().fold(0, |w, &c| w << 8 | u64::from(c)),
            });
        }
        n += (counts.wrapping_mul(LOW) >> 56) as usize;
    }
    n
}

/// Turns byte offsets of one text into lines and columns.
pub(crate) struct Lines<'a> {
    pub file: &'a str,
    pub text: &'a str,
    /// An index shared with the caller (a parsed file keeps one), else built here on first use.
    shared: Option<&'a OnceCell<LineIndex>>,
    own: OnceCell<LineIndex>,
    /// The line of the offset asked last, where the next search starts.
    hint: std::cell::Cell<usize>,
}

impl<'a> Lines<'a> {
    /// Lines of `text`, indexed on first use.
    pub fn new(file: &'a str, text: &'a str) -> Self {
        Lines {
            file,
            text,
            shared: None,
            own: OnceCell::new(),
            hint: std::cell::Cell::new(0),
        }
    }

    /// Lines of `text` using (and filling on first use) an index the caller keeps.
    pub fn shared(file: &'a str, text: &'a str, index: &'a OnceCell<LineIndex>) -> Self {
        Lines {
            file,
            text,
            shared: Some(index),
            own: OnceCell::new(),
            hint: std::cell::Cell::new(0),
        }
    }

    /// Line and column (1-based, column in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let cell = self.shared.unwrap_or(&self.own);
        let mut hint = self.hint.get();
        let found = cell
            .get_or_init(|| LineIndex::new(self.text))
            .line_col_after(self.text, offset, &mut hint);
        self.hint.set(hint);
        found
    }

    /// An error at a byte range.
    pub fn error(
        &self,
        kind: DiagnosticKind,
        span: &Range<usize>,
        field: Option<String>,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.at(Severity::Error, kind, span, field, message)
    }

    /// A diagnostic at a byte range.
    pub fn at(
        &self,
        severity: Severity,
        kind: DiagnosticKind,
        span: &Range<usize>,
        field: Option<String>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let (line, column) = self.line_col(span.start);
        Diagnostic {
            file: self.file.to_string(),
            line,
            column,
            severity,
            kind,
            field: field.filter(|f| !f.is_empty()),
            message: message.into(),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// `write_to` writes what `Display` shows, control characters made visible in each
    /// piece of input text.
    #[test]
    fn write_to_writes_the_displayed_form() {
        for (file, field, message) in [
            ("a.toml", Some("clauses[3].id"), "plain"),
            ("a\u{1b}[2J.toml", Some("x\ny"), "bad `\u{7}` value\nchecked: 0 errors"),
            ("é.json", None, "ünïcode \u{202e}mixed"),
        ] {
            let d = Diagnostic {
                file: file.to_string(),
                line: 1_234_567,
                column: 9,
                severity: Severity::Warning,
                kind: DiagnosticKind::Semantics,
                field: field.map(str::to_string),
                message: message.to_string(),
            };
            let mut bytes = Vec::new();
            d.write_to(&mut bytes).unwrap();
            assert_eq!(String::from_utf8(bytes).unwrap(), d.to_string());
            assert!(!d.to_string().contains(['\n', '\u{1b}', '\u{7}', '\u{202e}']));
        }
    }

    /// Text with what must be shown escaped: ESC, BEL, newlines, DEL, C1, bidi overrides,
    /// multi-byte characters, runs of plain ASCII long enough to fill words; fewer than
    /// `parts` pieces of them. The writers' tests here and in `compact` share it.
    pub(crate) fn shown_text(parts: usize) -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        proptest::collection::vec(
            prop_oneof![
                Just("a.toml".to_string()),
                Just("c1".to_string()),
                Just("clauses[12].id".to_string()),
                Just("\u{1b}[2J".to_string()),
                Just("\u{7}".to_string()),
                Just("\n".to_string()),
                Just("\r\t".to_string()),
                Just("\u{7f}\u{9b}".to_string()),
                Just("\u{202e}\u{2066}".to_string()),
                Just("é ü".to_string()),
                "[ -~]{0,40}",
            ],
            0..parts,
        )
        .prop_map(|parts| parts.concat())
    }

    mod batched {
        use super::*;
        use proptest::prelude::*;

        /// Text with what must be shown escaped, up to four parts.
        fn text() -> impl Strategy<Value = String> {
            shown_text(5)
        }

        fn diagnostic() -> impl Strategy<Value = Diagnostic> {
            (
                prop_oneof![
                    Just("left.toml".to_string()),
                    Just("r\u{1b}ight.json".to_string()),
                    text()
                ],
                any::<usize>(),
                0usize..1_000_000,
                any::<bool>(),
                proptest::option::of(text()),
                text(),
            )
                .prop_map(|(file, line, column, error, field, message)| Diagnostic {
                    file,
                    line,
                    column,
                    severity: if error { Severity::Error } else { Severity::Warning },
                    kind: DiagnosticKind::Semantics,
                    field,
                    message,
                })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(64))]

            /// Diagnostics laid out in batches on threads are the bytes of each one's
            /// `Display` and a newline, whatever the batch size (down to one), the number of
            /// threads and where the runs of one file's diagnostics end.
            #[test]
            fn batches_on_threads_write_what_display_shows(
                ds in proptest::collection::vec(diagnostic(), 0..40),
                threads in 0usize..4,
                batch in 1usize..9,
            ) {
                let expected: String = ds.iter().map(|d| format!("{d}\n")).collect();
                let mut out = Vec::new();
                write_batched(threads, batch, &ds, &mut out).unwrap();
                prop_assert_eq!(String::from_utf8(out).unwrap(), expected.clone());
                let mut out = Vec::new();
                write_diagnostics_on(threads, &ds, &mut out).unwrap();
                prop_assert_eq!(String::from_utf8(out).unwrap(), expected);
                for d in &ds {
                    let mut one = Vec::new();
                    d.write_to(&mut one).unwrap();
                    prop_assert_eq!(String::from_utf8(one).unwrap(), d.to_string());
                    let hidden = d.to_string().contains(['\n', '\u{1b}', '\u{7}', '\u{202e}']);
                    prop_assert!(!hidden, "{}", d);
                }
            }
        }
    }

    #[test]
    fn decimal_writes_what_display_does() {
        let mut digits = [0; 20];
        let edges = [
            9,
            10,
            99,
            100,
            101,
            999,
            1000,
            65_535,
            usize::MAX / 10,
            usize::MAX - 1,
            usize::MAX,
        ];
        for n in (0..=12_345).chain(edges) {
            assert_eq!(decimal(n, &mut digits), n.to_string());
            assert_eq!(decimal_len(n), n.to_string().len());
        }
        let mut s = String::from("x");
        push_number(&mut s, 1_234_567);
        assert_eq!(s, "x1234567");
    }

    #[test]
    fn numbers_and_lines_as_format_writes_them() {
        for n in [0, 7, 10, 99, 100, 12_345, usize::MAX] {
            let mut s = String::from("x");
            push_number(&mut s, n);
            assert_eq!(s, format!("x{n}"));
        }
        let mut d = Lines::new("f\u{1b}", "").at(
            Severity::Warning,
            DiagnosticKind::Schema,
            &(0..0),
            Some("a\nb".into()),
            "m\u{7}",
        );
        (d.line, d.column) = (120, 9);
        assert_eq!(d.to_string(), "f\\u{1b}:120:9: warning: a\\nb: m\\u{7}");
        d.field = None;
        d.severity = Severity::Error;
        assert_eq!(
            d.to_string(),
            format!("{}:120:9: {}: {}", visible(&d.file), d.severity, visible(&d.message))
        );
    }

    #[test]
    fn lines_and_columns() {
        let l = Lines::new("f", "ab\né x\n");
        assert_eq!(l.line_col(0), (1, 1));
        assert_eq!(l.line_col(3), (2, 1));
        assert_eq!(l.line_col(6), (2, 3));
        assert_eq!(l.line_col(4), (2, 1));
        assert_eq!(l.line_col(100), (3, 1));
        let d = l.error(DiagnosticKind::Schema, &(6..7), Some("a.b".into()), "bad");
        assert_eq!(d.to_string(), "f:2:3: error: a.b: bad");
    }

    /// Line ends are found and counted wherever they fall in a word, and nothing else is taken for one.
    #[test]
    fn newlines_at_every_place() {
        for len in (0..40).chain([239, 240, 241, 255, 480, 600]) {
            for bits in [0u64, 1, 0x5555_5555_5555, 0xf0f0_0f0f_1234, u64::MAX] {
                let b: Vec<u8> = (0..len)
                    .map(|i| {
                        if bits >> (i % 64) & 1 == 1 {
                            b'\n'
                        } else {
                            [0u8, 9, 10 ^ 0x80, 11, 0xff][i % 5]
                        }
                    })
                    .collect();
                let mut got = Vec::new();
                newlines(&b, |at| got.push(at));
                let expected: Vec<usize> = (0..len).filter(|&i| b[i] == b'\n').map(|i| i + 1).collect();
                assert_eq!(got, expected, "{b:?}");
                assert_eq!(count_newlines(&b), expected.len(), "{b:?}");
                for from in 0..len {
                    assert_eq!(
                        count_newlines(&b[from..]),
                        expected.iter().filter(|&&e| e > from).count()
                    );
                }
            }
        }
    }

    /// The sweep over offsets gives what the index gives, in any order of offsets, on long
    /// lines, multi-byte characters and offsets inside them or past the end.
    #[test]
    fn sweep_matches_the_index() {
        let mut text = String::new();
        for i in 0..300 {
            text.push_str(&"é".repeat(i * 7 % 1500));
            text.push_str(&"x\r".repeat(i * 13 % 300));
            text.push_str(&"\n".repeat(i % 3 + 1));
        }
        for step in [1, 7, 97, 1013] {
            let mut offsets: Vec<usize> = (0..text.len() + 3).step_by(step).collect();
            // Out of order, and some twice.
            offsets.reverse();
            offsets.extend((0..text.len()).step_by(step * 3 + 1));
            let l = Lines::new("f", &text);
            let want: Vec<(usize, usize)> = offsets.iter().map(|&o| l.line_col(o)).collect();
            assert_eq!(super::lines_and_columns(&text, &offsets), want, "step {step}");
        }
        assert_eq!(super::lines_and_columns("", &[0, 5]), vec![(1, 1), (1, 1)]);
    }

    /// A sweep asked offsets in order answers each as the index does, stopping anywhere on
    /// the way (as `check` brings it to a clause's start first), and refuses an offset behind
    /// it, even one inside the character it stands on, rather than counting it wrong.
    #[test]
    fn a_sweep_answers_in_order_and_refuses_to_go_back() {
        let text = "ab\né x\r\n\n\nyé\nz";
        let l = Lines::new("f", text);
        for stops in [1, 2, 5] {
            let mut sweep = super::Sweep::new(text);
            for o in (0..text.len() + 2).step_by(stops) {
                assert_eq!(sweep.at(o), Some(l.line_col(o)), "offset {o}, every {stops}");
            }
        }
        let mut sweep = super::Sweep::new(text);
        assert_eq!(sweep.at(6), Some((2, 3)));
        assert_eq!(sweep.at(2), None);
        // Offset 4 is inside `é`, which starts at 3: behind 6, refused.
        assert_eq!(sweep.at(4), None);
        assert_eq!(sweep.at(6), Some((2, 3)), "a refusal leaves the sweep where it was");
        assert_eq!(sweep.at(text.len() + 9), Some(l.line_col(text.len())));
    }

    proptest::proptest! {
        /// Merging runs gives what one stable sort of them all, one after the other, by
        /// (file, line, column) and a dedup of equal neighbours gave: runs sorted or not, files
        /// shared between runs, equal diagnostics within and across runs.
        #[test]
        fn merging_runs_is_one_stable_sort(
            runs in proptest::collection::vec(
                proptest::collection::vec((0..3usize, 0..4usize, 0..3usize, 0..3usize), 0..30),
                0..6,
            ),
            sort_some in proptest::bool::ANY,
        ) {
            let files = ["b.toml", "a.toml", "c\u{e9}.json"];
            let mut runs: Vec<Vec<Diagnostic>> = runs
                .into_iter()
                .map(|run| {
                    run.into_iter()
                        .map(|(f, line, column, m)| Diagnostic {
                            file: files[f].to_string(),
                            line,
                            column,
                            severity: if m == 0 { Severity::Error } else { Severity::Warning },
                            kind: DiagnosticKind::Schema,
                            field: None,
                            message: ["x", "y", "z"][m].to_string(),
                        })
                        .collect()
                })
                .collect();
            if sort_some {
                for run in runs.iter_mut().step_by(2) {
                    run.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
                }
            }
            let mut want: Vec<Diagnostic> = runs.iter().flatten().cloned().collect();
            want.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
            want.dedup();
            proptest::prop_assert_eq!(merge_sorted(runs.clone()), want.clone());
            proptest::prop_assert_eq!(LoadError::new(runs.concat()).into_diagnostics(), want);
        }
    }

    /// The index agrees with counting from the start of the text, on long lines too.
    #[test]
    fn index_matches_a_scan_from_the_start() {
        let mut text = String::new();
        for i in 0..400 {
            text.push_str(&"é".repeat(i * 7 % 1500));
            text.push_str(&"x".repeat(i * 13 % 3000));
            text.push('\n');
        }
        let l = Lines::new("f", &text);
        for offset in (0..text.len() + 3).step_by(97) {
            let mut at = offset.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let before = &text[..at];
            let line = before.matches('\n').count() + 1;
            let start = before.rfind('\n').map_or(0, |i| i + 1);
            let column = before[start..].chars().count() + 1;
            assert_eq!(l.line_col(offset), (line, column), "offset {offset}");
        }
        // Asked out of order too: the search from the last line found agrees.
        for k in 0..2000usize {
            let offset = k.wrapping_mul(7919) % (text.len() + 3);
            let mut at = offset.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let before = &text[..at];
            let line = before.matches('\n').count() + 1;
            assert_eq!(l.line_col(offset).0, line, "offset {offset}");
        }
    }
}
