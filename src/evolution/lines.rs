//! A line diff in unified format that stays near-linear on large positions.
//!
//! Patience diff (Bram Cohen's): common prefix and suffix are equal; lines that occur exactly
//! once in both ranges are anchors, the longest increasing run of them (patience sorting,
//! O(k log k)) is kept equal, and the gaps between anchors are diffed the same way. A gap with
//! no unique common line goes to Myers (`similar`) when it is small, else it is written as
//! removed and added whole, so that hostile inputs stay bounded without a wall-clock deadline
//! (the output depends on the inputs only).

use std::fmt::Write as _;

use crate::format::LineMarks;
use crate::keyed::{Keyed, KeyedMap};
use similar::{capture_diff_slices, group_diff_ops, Algorithm, DiffOp};

/// Gaps without an anchor go to Myers when their two lengths multiply to at most this.
const MYERS_CELLS: usize = 1 << 16;

/// The unified diff of two texts by lines, with `radius` lines of context and a
/// `--- old` / `+++ new` header (nothing at all when the texts are equal). The format is
/// `similar`'s: `@@ -a,b +c,d @@` hunk heads, `\\ No newline at end of file` hints.
#[cfg(test)]
pub(crate) fn unified(old: &str, new: &str, radius: usize, old_name: &str, new_name: &str) -> String {
    unified_split(&Split::of(old), &Split::of(new), radius, old_name, new_name)
}

/// [`unified`] of two texts already cut into blocks.
pub(crate) fn unified_split(old: &Split<'_>, new: &Split<'_>, radius: usize, old_name: &str, new_name: &str) -> String {
    let ops = blocked_ops(old, new);
    let mut out = String::new();
    if ops.iter().all(|op| matches!(op, DiffOp::Equal { .. })) {
        return out;
    }
    let _ = writeln!(out, "--- {old_name}\n+++ {new_name}");
    for hunk in group_diff_ops(ops, radius) {
        if hunk.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{}", similar::udiff::UnifiedHunkHeader::new(&hunk));
        for op in &hunk {
            let (o, n) = (op.old_range(), op.new_range());
            let mut lines = |tag: char, split: &Split<'_>, range: std::ops::Range<usize>| {
                for text in split.lines_from(range.start).take(range.len()) {
                    out.push(tag);
                    out.push_str(text);
                    if !text.ends_with('\n') {
                        out.push_str("\n\\ No newline at end of file\n");
                    }
                }
            };
            match op {
                DiffOp::Equal { .. } => lines(' ', old, o),
                DiffOp::Delete { .. } => lines('-', old, o),
                DiffOp::Insert { .. } => lines('+', new, n),
                DiffOp::Replace { .. } => {
                    lines('-', old, o);
                    lines('+', new, n);
                }
            }
        }
    }
    out
}

/// A text cut into lines (each with its newline, as `split_inclusive('\n')` cuts it) and
/// into blocks of lines: a new block starts at every line but the first that opens with `[`
/// (a TOML table header such as `[[clauses]]`). Only where each block starts is kept; lines
/// are found where the diff reads them, in its stretches and hunks, a small part of two
/// large positions (a table of 2.7 million line starts was a fifth of the diff's memory).
pub(crate) struct Split<'t> {
    text: &'t str,
    /// Each block's first byte and first line.
    blocks: Vec<(usize, usize)>,
    /// The number of lines.
    lines: usize,
}

impl<'t> Split<'t> {
    /// Cuts `text` by reading it (the definition [`Split::marked`] is checked against), in
    /// one pass, eight bytes at a time: `split_inclusive` looked for each
    /// newline afresh and made a `&str` of each line, which on short TOML lines was a third
    /// of the diff's time.
    #[cfg(test)]
    pub(crate) fn of(text: &'t str) -> Split<'t> {
        let bytes = text.as_bytes();
        let mut blocks = Vec::new();
        if !bytes.is_empty() {
            blocks.push((0, 0));
        }
        let mut lines = usize::from(!bytes.is_empty());
        // A line starts after each newline but the last byte's.
        let mut newline = |at: usize| {
            if at < bytes.len() {
                if bytes[at] == b'[' {
                    blocks.push((at, lines));
                }
                lines += 1;
            }
        };
        let mut words = bytes.chunks_exact(8);
        let mut at = 0;
        for w in &mut words {
            let mut x = [0u8; 8];
            x.copy_from_slice(w);
            let mut found = newlines(u64::from_le_bytes(x));
            while found != 0 {
                newline(at + found.trailing_zeros() as usize / 8 + 1);
                found &= found - 1;
            }
            at += 8;
        }
        for (i, &b) in words.remainder().iter().enumerate() {
            if b == b'\n' {
                newline(at + i + 1);
            }
        }
        Split { text, blocks, lines }
    }

    /// The text its writer wrote with `marks` (see [`LineMarks`]): the same blocks as
    /// [`Split::of`] finds, without reading the text.
    pub(crate) fn marked(text: &'t str, marks: LineMarks) -> Split<'t> {
        let LineMarks { newlines, tables } = marks;
        let mut blocks = tables;
        if !text.is_empty() {
            blocks.insert(0, (0, 0));
        }
        let lines = newlines + usize::from(!text.is_empty() && !text.ends_with('\n'));
        Split { text, blocks, lines }
    }

    /// The number of lines.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.lines
    }

    /// Block `k`'s first line (the number of lines past the last block).
    fn block_line(&self, k: usize) -> usize {
        self.blocks.get(k).map_or(self.lines, |b| b.1)
    }

    /// Each block's text.
    fn block_texts(&self) -> impl ExactSizeIterator<Item = &'t str> + '_ {
        let text = self.text;
        (0..self.blocks.len()).map(move |k| {
            let end = self.blocks.get(k + 1).map_or(text.len(), |b| b.0);
            &text[self.blocks[k].0..end]
        })
    }

    /// The lines from line `first` on, each with its newline: found from the start of the
    /// block that holds it.
    fn lines_from(&self, first: usize) -> Lines<'t> {
        let k = self.blocks.partition_point(|b| b.1 <= first).saturating_sub(1);
        let (byte, line) = self.blocks.get(k).copied().unwrap_or((0, 0));
        let mut lines = Lines {
            text: self.text,
            at: byte,
        };
        for _ in line..first {
            lines.next();
        }
        lines
    }

    /// The lines of `range`.
    #[cfg(test)]
    fn lines(&self, range: std::ops::Range<usize>) -> Vec<&'t str> {
        let n = range.len();
        self.lines_from(range.start).take(n).collect()
    }
}

/// The lines of a text from a line's first byte on, as `split_inclusive('\n')` gives them,
/// each end found eight bytes at a time: the lines are short, and `memchr`'s set-up for each
/// one cost more than the search.
struct Lines<'t> {
    text: &'t str,
    at: usize,
}

impl<'t> Iterator for Lines<'t> {
    type Item = &'t str;

    fn next(&mut self) -> Option<&'t str> {
        let bytes = self.text.as_bytes();
        let start = self.at;
        if start >= bytes.len() {
            return None;
        }
        let mut at = start;
        let end = loop {
            let Some(w) = bytes.get(at..at + 8) else {
                break bytes[at..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(bytes.len(), |i| at + i + 1);
            };
            let mut x = [0u8; 8];
            x.copy_from_slice(w);
            let found = newlines(u64::from_le_bytes(x));
            if found != 0 {
                break at + found.trailing_zeros() as usize / 8 + 1;
            }
            at += 8;
        };
        self.at = end;
        // Both ends are the text's ends or just past a newline: character boundaries.
        self.text.get(start..end)
    }
}

/// The high bit of each byte of `w` that is a newline, and no other bit: exact per byte, as
/// no sum carries from one byte into the next.
fn newlines(w: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let x = w ^ 0x0a0a_0a0a_0a0a_0a0a;
    // A byte's high bit ends up set iff the byte of `x` is zero.
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// Diff operations turning the lines of `old` into those of `new`: first over blocks (far
/// fewer tokens than lines), then over the lines of each stretch of blocks that differ.
pub(crate) fn blocked_ops(old: &Split<'_>, new: &Split<'_>) -> Vec<DiffOp> {
    let block_ops = diff_ops(old.block_texts(), new.block_texts());
    let mut out: Vec<DiffOp> = Vec::new();
    // A pending stretch of differing blocks, as line ranges.
    let mut pending: Option<(usize, usize, usize, usize)> = None;
    let mut ids = Ids::with_capacity(0);
    let mut flush = |out: &mut Vec<DiffOp>, p: &mut Option<(usize, usize, usize, usize)>| {
        if let Some((a0, a1, b0, b1)) = p.take() {
            for op in ids.diff(old.lines_from(a0).take(a1 - a0), new.lines_from(b0).take(b1 - b0)) {
                push_shifted(out, op, a0, b0);
            }
        }
    };
    for op in block_ops {
        let (o, n) = (op.old_range(), op.new_range());
        let (a0, a1) = (old.block_line(o.start), old.block_line(o.end));
        let (b0, b1) = (new.block_line(n.start), new.block_line(n.end));
        if let DiffOp::Equal { .. } = op {
            flush(&mut out, &mut pending);
            push_shifted(
                &mut out,
                DiffOp::Equal {
                    old_index: 0,
                    new_index: 0,
                    len: a1 - a0,
                },
                a0,
                b0,
            );
        } else {
            pending = Some(match pending {
                Some((p0, _, q0, _)) => (p0, a1, q0, b1),
                None => (a0, a1, b0, b1),
            });
        }
    }
    flush(&mut out, &mut pending);
    out
}

/// Pushes `op` moved by `(da, db)`, merging equal runs that touch.
fn push_shifted(out: &mut Vec<DiffOp>, op: DiffOp, da: usize, db: usize) {
    let (o, n) = (op.old_range(), op.new_range());
    let (i, j) = (o.start + da, n.start + db);
    match op {
        DiffOp::Equal { len, .. } => {
            if len == 0 {
                return;
            }
            if let Some(DiffOp::Equal {
                old_index,
                new_index,
                len: l,
            }) = out.last_mut()
            {
                if *old_index + *l == i && *new_index + *l == j {
                    *l += len;
                    return;
                }
            }
            out.push(DiffOp::Equal {
                old_index: i,
                new_index: j,
                len,
            });
        }
        DiffOp::Delete { old_len, .. } => out.push(DiffOp::Delete {
            old_index: i,
            old_len,
            new_index: j,
        }),
        DiffOp::Insert { new_len, .. } => out.push(DiffOp::Insert {
            old_index: i,
            new_index: j,
            new_len,
        }),
        DiffOp::Replace { old_len, new_len, .. } => {
            out.push(DiffOp::Delete {
                old_index: i,
                old_len,
                new_index: j,
            });
            out.push(DiffOp::Insert {
                old_index: i + old_len,
                new_index: j,
                new_len,
            });
        }
    }
}

/// Diff operations turning `a` into `b`, in order, covering both.
pub(crate) fn diff_ops<'t, A, B>(a: A, b: B) -> Vec<DiffOp>
where
    A: IntoIterator<Item = &'t str>,
    A::IntoIter: ExactSizeIterator,
    B: IntoIterator<Item = &'t str>,
    B::IntoIter: ExactSizeIterator,
{
    let (a, b) = (a.into_iter(), b.into_iter());
    Ids::with_capacity(a.len() + b.len()).diff(a, b)
}

/// Lines (or blocks) as small integers, so that ranges can count them in flat tables; equal
/// texts get equal ids. One table serves every stretch of a diff: a table and three count
/// arrays made for each of 20 000 small stretches were half of their diffs' time. Only
/// equality of ids is read, so the numbering, which depends on what came before, does not
/// change any diff.
pub(crate) struct Ids<'t> {
    // Keyed rather than SipHash: the blocks are 40 MB of text at 10⁵ clauses.
    ids: KeyedMap<&'t str, u32>,
    /// Per id, zero between diffs (see [`Differ::anchors`]).
    count_a: Vec<u32>,
    count_b: Vec<u32>,
    at_b: Vec<u32>,
    /// The ids of the current diff's two sides.
    ia: Vec<u32>,
    ib: Vec<u32>,
}

impl<'t> Ids<'t> {
    pub(crate) fn with_capacity(lines: usize) -> Self {
        Ids {
            ids: KeyedMap::with_capacity_and_hasher(lines, Keyed::default()),
            count_a: Vec::new(),
            count_b: Vec::new(),
            at_b: Vec::new(),
            ia: Vec::new(),
            ib: Vec::new(),
        }
    }

    /// Diff operations turning `a` into `b`, in order, covering both.
    pub(crate) fn diff(&mut self, a: impl Iterator<Item = &'t str>, b: impl Iterator<Item = &'t str>) -> Vec<DiffOp> {
        let ids = &mut self.ids;
        let mut intern = |l: &'t str| -> u32 {
            let next = ids.len() as u32;
            *ids.entry(l).or_insert(next)
        };
        self.ia.clear();
        self.ia.extend(a.map(&mut intern));
        self.ib.clear();
        self.ib.extend(b.map(&mut intern));
        let distinct = self.ids.len();
        for v in [&mut self.count_a, &mut self.count_b, &mut self.at_b] {
            v.resize(distinct, 0);
        }
        let mut d = Differ {
            a: &self.ia,
            b: &self.ib,
            count_a: &mut self.count_a,
            count_b: &mut self.count_b,
            at_b: &mut self.at_b,
            ops: Vec::new(),
        };
        let mut stack = vec![Work::Range(0, d.a.len(), 0, d.b.len())];
        while let Some(w) = stack.pop() {
            match w {
                Work::Range(a0, a1, b0, b1) => d.range(a0, a1, b0, b1, &mut stack),
                Work::Equal(o, n, len) => d.equal(o, n, len),
            }
        }
        d.ops
    }
}

struct Differ<'x> {
    a: &'x [u32],
    b: &'x [u32],
    count_a: &'x mut [u32],
    count_b: &'x mut [u32],
    at_b: &'x mut [u32],
    ops: Vec<DiffOp>,
}

impl Differ<'_> {
    fn equal(&mut self, old_index: usize, new_index: usize, len: usize) {
        if len == 0 {
            return;
        }
        if let Some(DiffOp::Equal {
            old_index: o,
            new_index: n,
            len: l,
        }) = self.ops.last_mut()
        {
            if *o + *l == old_index && *n + *l == new_index {
                *l += len;
                return;
            }
        }
        self.ops.push(DiffOp::Equal {
            old_index,
            new_index,
            len,
        });
    }

    /// Diffs `a[a0..a1]` against `b[b0..b1]`: emits what it can now, in order, and pushes the
    /// gaps left to diff on `stack` (last gap first, so that they pop in order).
    fn range(&mut self, mut a0: usize, mut a1: usize, mut b0: usize, mut b1: usize, stack: &mut Vec<Work>) {
        let prefix = self.a[a0..a1]
            .iter()
            .zip(&self.b[b0..b1])
            .take_while(|(x, y)| x == y)
            .count();
        self.equal(a0, b0, prefix);
        a0 += prefix;
        b0 += prefix;
        let suffix = self.a[a0..a1]
            .iter()
            .rev()
            .zip(self.b[b0..b1].iter().rev())
            .take_while(|(x, y)| x == y)
            .count();
        a1 -= suffix;
        b1 -= suffix;
        let tail = (a1, b1, suffix);
        if a0 == a1 || b0 == b1 {
            if a0 < a1 {
                self.ops.push(DiffOp::Delete {
                    old_index: a0,
                    old_len: a1 - a0,
                    new_index: b0,
                });
            }
            if b0 < b1 {
                self.ops.push(DiffOp::Insert {
                    old_index: a0,
                    new_index: b0,
                    new_len: b1 - b0,
                });
            }
            self.equal(tail.0, tail.1, tail.2);
            return;
        }
        if a1 - a0 == 1 && b1 - b0 == 1 {
            // One line against another (a changed `modality = …`, say): they differ, since the
            // common prefix is gone, so there is no anchor, and Myers would remove one and add
            // the other (a test checks that it does). Most gaps of a revision are such.
            self.one_for_one(a0, b0);
            self.equal(tail.0, tail.1, tail.2);
            return;
        }
        let anchors = self.anchors(a0, a1, b0, b1);
        if anchors.is_empty() {
            self.fallback(a0, a1, b0, b1);
            self.equal(tail.0, tail.1, tail.2);
            return;
        }
        // Gaps and anchors queued last first, so that they pop in order: gap, anchor, gap, …,
        // then the common suffix.
        stack.push(Work::Equal(tail.0, tail.1, tail.2));
        let mut next = (a1, b1);
        for &(x, y) in anchors.iter().rev() {
            stack.push(Work::Range(x + 1, next.0, y + 1, next.1));
            stack.push(Work::Equal(x, y, 1));
            next = (x, y);
        }
        stack.push(Work::Range(a0, next.0, b0, next.1));
    }

    /// Lines unique in both ranges, on the longest run that keeps their order in both.
    fn anchors(&mut self, a0: usize, a1: usize, b0: usize, b1: usize) -> Vec<(usize, usize)> {
        for &x in &self.a[a0..a1] {
            self.count_a[x as usize] += 1;
        }
        for (j, &y) in self.b[b0..b1].iter().enumerate() {
            self.count_b[y as usize] += 1;
            self.at_b[y as usize] = (b0 + j) as u32;
        }
        let pairs: Vec<(usize, usize)> = (a0..a1)
            .filter(|&i| {
                let x = self.a[i] as usize;
                self.count_a[x] == 1 && self.count_b[x] == 1
            })
            .map(|i| (i, self.at_b[self.a[i] as usize] as usize))
            .collect();
        for &x in &self.a[a0..a1] {
            self.count_a[x as usize] = 0;
        }
        for &y in &self.b[b0..b1] {
            self.count_b[y as usize] = 0;
        }
        // Increasing in the first element already; keep the longest run increasing in the second.
        let second: Vec<usize> = pairs.iter().map(|p| p.1).collect();
        super::lis::longest(&second).into_iter().map(|k| pairs[k]).collect()
    }

    /// Line `a0` removed and line `b0` added, as Myers gives one line against another.
    fn one_for_one(&mut self, a0: usize, b0: usize) {
        self.ops.push(DiffOp::Delete {
            old_index: a0,
            old_len: 1,
            new_index: b0,
        });
        self.ops.push(DiffOp::Insert {
            old_index: a0 + 1,
            new_index: b0,
            new_len: 1,
        });
    }

    fn fallback(&mut self, a0: usize, a1: usize, b0: usize, b1: usize) {
        if (a1 - a0).saturating_mul(b1 - b0) <= MYERS_CELLS {
            // Only the lengths of `similar`'s ops are used: the index it gives a delete on the
            // new side is not always the current one.
            let (mut i, mut j) = (a0, b0);
            for op in capture_diff_slices(Algorithm::Myers, &self.a[a0..a1], &self.b[b0..b1]) {
                let (o, n) = (op.old_range().len(), op.new_range().len());
                if let DiffOp::Equal { len, .. } = op {
                    self.equal(i, j, len);
                } else {
                    if o > 0 {
                        self.ops.push(DiffOp::Delete {
                            old_index: i,
                            old_len: o,
                            new_index: j,
                        });
                    }
                    if n > 0 {
                        self.ops.push(DiffOp::Insert {
                            old_index: i + o,
                            new_index: j,
                            new_len: n,
                        });
                    }
                }
                (i, j) = (i + o, j + n);
            }
        } else {
            self.ops.push(DiffOp::Delete {
                old_index: a0,
                old_len: a1 - a0,
                new_index: b0,
            });
            self.ops.push(DiffOp::Insert {
                old_index: a1,
                new_index: b0,
                new_len: b1 - b0,
            });
        }
    }
}

/// Work left for [`Differ`]: a range pair to diff, or an equal run to emit.
enum Work {
    Range(usize, usize, usize, usize),
    Equal(usize, usize, usize),
}

/// A unified diff read the other way round: `-` and `+` lines and hunk ranges swapped.
pub(crate) fn invert_unified(diff: &str) -> String {
    let mut old_header = None;
    let mut out: Vec<String> = Vec::new();
    for line in diff.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix("--- ") {
            old_header = Some(rest.to_string());
            continue;
        }
        if let Some(rest) = line.strip_prefix("+++ ") {
            out.push(format!("--- {rest}"));
            if let Some(h) = old_header.take() {
                out.push(format!("+++ {h}"));
            }
            continue;
        }
        if let Some(rest) = line.strip_prefix("@@ -") {
            // "@@ -a,b +c,d @@"
            let mut parts = rest.splitn(2, " +");
            let a = parts.next().unwrap_or_default();
            let tail = parts.next().unwrap_or_default();
            let (c, after) = tail.split_once(" @@").unwrap_or((tail, ""));
            out.push(format!("@@ -{c} +{a} @@{after}"));
            continue;
        }
        if let Some(rest) = line.strip_prefix('-') {
            out.push(format!("+{rest}"));
        } else if let Some(rest) = line.strip_prefix('+') {
            out.push(format!("-{rest}"));
        } else {
            out.push(line.to_string());
        }
    }
    out.concat()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Checks that `ops` walk both sides in order, without gaps, and that equal runs are equal.
    fn replay(a: &[&str], b: &[&str], ops: &[DiffOp]) -> Result<(), String> {
        let (mut i, mut j) = (0, 0);
        for op in ops {
            let (o, n) = (op.old_range(), op.new_range());
            if o.start != i || n.start != j {
                return Err(format!("{op:?} does not start at ({i}, {j})"));
            }
            if let DiffOp::Equal { .. } = op {
                if a[o.clone()] != b[n.clone()] {
                    return Err(format!("{op:?} is not equal"));
                }
            }
            (i, j) = (o.end, n.end);
        }
        if (i, j) == (a.len(), b.len()) {
            Ok(())
        } else {
            Err(format!("ops end at ({i}, {j})"))
        }
    }

    /// Rebuilds the new text from the old one and a unified diff.
    fn patch(old: &str, diff: &str) -> String {
        let a: Vec<&str> = old.split_inclusive('\n').collect();
        let mut out = String::new();
        let mut at = 0;
        let mut lines = diff.split_inclusive('\n').skip(2).peekable();
        while let Some(l) = lines.next() {
            if let Some(head) = l.strip_prefix("@@ -") {
                let range = head.split(' ').next().unwrap_or_default();
                let mut parts = range.split(',');
                let start: usize = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
                let len: usize = parts.next().and_then(|s| s.parse().ok()).unwrap_or(1);
                let start = if len == 0 { start } else { start - 1 };
                for x in &a[at..start] {
                    out.push_str(x);
                }
                at = start;
                continue;
            }
            let no_newline = lines.peek().is_some_and(|n| n.starts_with("\\ No newline"));
            let text = &l[1..];
            let text = if no_newline {
                lines.next();
                text.strip_suffix('\n').unwrap_or(text)
            } else {
                text
            };
            match &l[..1] {
                " " => {
                    out.push_str(text);
                    at += 1;
                }
                "-" => at += 1,
                _ => out.push_str(text),
            }
        }
        for x in &a[at..] {
            out.push_str(x);
        }
        out
    }

    /// The blocks of `lines` by their definition: a block starts at every line but the first
    /// that opens with `[`.
    fn blocks(lines: &[&str]) -> Vec<std::ops::Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        for (i, l) in lines.iter().enumerate() {
            if i > start && l.starts_with('[') {
                out.push(start..i);
                start = i;
            }
        }
        if start < lines.len() {
            out.push(start..lines.len());
        }
        out
    }

    /// Lines `line N`, and a table header `[[t]]` for every 0 (so that there are blocks).
    fn text(lines: &[u8], newline_at_end: bool) -> String {
        let line = |l: &u8| {
            if *l == 0 {
                "[[t]]\n".to_string()
            } else {
                format!("line {l}\n")
            }
        };
        let mut s: String = lines.iter().map(line).collect();
        if !newline_at_end && s.ends_with('\n') {
            s.pop();
        }
        s
    }

    proptest! {
        #[test]
        fn ops_cover_both_sides_and_the_diff_patches_old_into_new(
            a in proptest::collection::vec(0u8..12, 0..40),
            b in proptest::collection::vec(0u8..12, 0..40),
            na: bool,
            nb: bool,
        ) {
            let (old, new) = (text(&a, na), text(&b, nb));
            let (la, lb): (Vec<&str>, Vec<&str>) =
                (old.split_inclusive('\n').collect(), new.split_inclusive('\n').collect());
            let ops = diff_ops(la.iter().copied(), lb.iter().copied());
            prop_assert_eq!(replay(&la, &lb, &ops), Ok(()));
            let ops = blocked_ops(&Split::of(&old), &Split::of(&new));
            for (text, lines) in [(&old, &la), (&new, &lb)] {
                let split = Split::of(text);
                prop_assert_eq!(&split.lines(0..split.len()), lines);
                let expected = blocks(lines);
                let starts: Vec<usize> = split.blocks.iter().map(|b| b.1).collect();
                prop_assert_eq!(starts, expected.iter().map(|r| r.start).collect::<Vec<_>>());
                let texts: Vec<String> = expected.iter().map(|r| lines[r.clone()].concat()).collect();
                prop_assert_eq!(split.block_texts().collect::<Vec<_>>(), texts);
                for (k, &(byte, _)) in split.blocks.iter().enumerate() {
                    prop_assert_eq!(byte, lines[..expected[k].start].concat().len());
                }
            }
            prop_assert_eq!(replay(&la, &lb, &ops), Ok(()));
            let d = unified(&old, &new, 3, "old", "new");
            prop_assert_eq!(d.is_empty(), old == new);
            prop_assert_eq!(patch(&old, &d), new);
        }
    }

    proptest! {
        /// One table of ids for many diffs, its numbering carried from diff to diff (lines
        /// repeated within and across diffs), gives each diff what a fresh table gives.
        #[test]
        fn ids_shared_by_many_diffs_diff_as_fresh_ones(
            pairs in proptest::collection::vec(
                (proptest::collection::vec(0u8..6, 0..12), proptest::collection::vec(0u8..6, 0..12)),
                1..8,
            ),
        ) {
            let texts: Vec<(String, String)> = pairs.iter().map(|(a, b)| (text(a, true), text(b, true))).collect();
            let mut shared = Ids::with_capacity(0);
            for (old, new) in &texts {
                let (la, lb): (Vec<&str>, Vec<&str>) =
                    (old.split_inclusive('\n').collect(), new.split_inclusive('\n').collect());
                let ops = shared.diff(la.iter().copied(), lb.iter().copied());
                prop_assert_eq!(replay(&la, &lb, &ops), Ok(()));
                prop_assert_eq!(ops, diff_ops(la.iter().copied(), lb.iter().copied()));
            }
        }

        #[test]
        fn lines_are_split_inclusives_lines_from_any_line_start(
            pieces in proptest::collection::vec(prop_oneof![
                Just("\n"), Just("\n\n"), Just("a"), Just("[t]"), Just("é"), Just("😀"), Just("0123456789abcdef"),
            ], 0..40),
        ) {
            let text: String = pieces.concat();
            let all: Vec<&str> = text.split_inclusive('\n').collect();
            let mut start = 0;
            for k in 0..=all.len() {
                let ours: Vec<&str> = Lines { text: &text, at: start }.collect();
                prop_assert_eq!(&ours[..], &all[k..]);
                start += all.get(k).map_or(0, |l| l.len());
            }
        }

        #[test]
        fn newlines_marks_exactly_the_newline_bytes(w: u64, at in proptest::collection::vec(0usize..8, 0..8)) {
            // Newlines planted at some bytes of random words, whose other bytes are anything.
            let mut bytes = w.to_le_bytes();
            for &i in &at {
                bytes[i] = b'\n';
            }
            let expected = bytes
                .iter()
                .enumerate()
                .filter(|(_, &b)| b == b'\n')
                .fold(0u64, |m, (i, _)| m | 0x80 << (8 * i));
            prop_assert_eq!(newlines(u64::from_le_bytes(bytes)), expected);
        }
    }

    #[test]
    fn one_line_against_another_is_what_myers_gives() {
        let (a, b) = (["x\n", "o\n", "y\n"], ["x\n", "n\n", "y\n"]);
        let mut d = Differ {
            a: &[0, 1, 2],
            b: &[0, 3, 2],
            count_a: &mut [0; 4],
            count_b: &mut [0; 4],
            at_b: &mut [0; 4],
            ops: Vec::new(),
        };
        d.fallback(1, 2, 1, 2);
        let myers = d.ops.clone();
        d.ops.clear();
        d.one_for_one(1, 1);
        assert_eq!(d.ops, myers);
        let ops = diff_ops(a, b);
        assert_eq!(replay(&a, &b, &ops), Ok(()));
        assert_eq!(
            ops,
            [
                DiffOp::Equal {
                    old_index: 0,
                    new_index: 0,
                    len: 1
                },
                myers[0],
                myers[1],
                DiffOp::Equal {
                    old_index: 2,
                    new_index: 2,
                    len: 1
                },
            ]
        );
    }

    #[test]
    fn the_format_is_similars() {
        let old: String = (0..30).map(|i| format!("l{i}\n")).collect();
        let new = old.replace("l4\n", "l4 changed\n").replace("l20\n", "") + "l30";
        let ours = unified(&old, &new, 3, "old: a", "new: b");
        let theirs = similar::TextDiff::from_lines(&old, &new)
            .unified_diff()
            .context_radius(3)
            .header("old: a", "new: b")
            .to_string();
        assert_eq!(ours, theirs);
        assert_eq!(unified(&old, &old, 3, "a", "b"), "");
    }

    #[test]
    fn large_gaps_without_anchors_are_replaced_whole() {
        let a: Vec<String> = (0..1000).map(|i| format!("x{}\n", i % 2)).collect();
        let b: Vec<String> = (0..1000).map(|i| format!("x{}\n", (i / 3) % 2)).collect();
        let (a, b): (Vec<&str>, Vec<&str>) = (
            a.iter().map(|s| s.as_str()).collect(),
            b.iter().map(|s| s.as_str()).collect(),
        );
        let ops = diff_ops(a.iter().copied(), b.iter().copied());
        assert_eq!(replay(&a, &b, &ops), Ok(()));
    }
}
