//! The pretty JSON of comparisons, written fast: the same bytes as
//! `serde_json::to_writer_pretty`, whose serde form stays the documented shape.
//!
//! A comparison of two 10⁵-clause positions has hundreds of thousands of findings and its
//! JSON runs to hundreds of megabytes; through serde every key is escaped again, every date
//! goes through `fmt` and every string is scanned byte by byte. Here a finding and what it
//! holds are written by hand: keys as literal bytes, strings copied whole unless a scan finds a
//! byte that needs an escape (then serde_json escapes them), floats and integers by serde_json's
//! own formatter (ryu and itoa), dates from their fixed-width text. Everything small (the
//! positions, verdicts, the summary) still goes through serde_json, re-indented to its depth.
//! The writers destructure each type whole, so a new field does not compile until it is
//! written here; a proptest holds the bytes equal to serde_json's on random reports.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter};

use crate::analysis::compare::{Compact, Record};
use crate::analysis::{CompactComparison, Comparison, Finding, Matrix, Name, Quote, ScopeBox, Side, WitnessSize};
use crate::evolution::{Change, Evolution, FieldChange};
use crate::model::{Date, Interval};

/// Bytes gathered before they go to the writer.
const CHUNK: usize = 1 << 16;

/// A pretty JSON writer in serde_json's layout: two spaces a level, `"key": value`, `[]` and
/// `{}` for empty lists and objects.
struct Json<W: Write> {
    out: W,
    buf: Vec<u8>,
    depth: usize,
}

impl<W: Write> Json<W> {
    fn new(out: W) -> Self {
        Json {
            out,
            buf: Vec::with_capacity(CHUNK + CHUNK / 4),
            depth: 0,
        }
    }

    /// Hands what is gathered to the writer once it is a chunk.
    fn spill(&mut self) -> io::Result<()> {
        if self.buf.len() >= CHUNK {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    fn finish(mut self) -> io::Result<()> {
        self.out.write_all(&self.buf)?;
        self.out.flush()
    }

    /// A newline and the indentation of the current depth.
    #[inline]
    fn newline(&mut self) {
        self.line(false);
    }

    /// A newline and the indentation of the current depth, after a comma when `comma`. A
    /// fixed-size copy (inlined, no call) of more spaces than needed, cut back, is faster than
    /// copying exactly as many.
    #[inline]
    fn line(&mut self, comma: bool) {
        const fn spaces<const N: usize>(comma: bool) -> [u8; N] {
            let mut line = [b' '; N];
            if comma {
                line[0] = b',';
                line[1] = b'\n';
            } else {
                line[0] = b'\n';
            }
            line
        }
        const WIDE: usize = 64;
        const NEWLINE: [u8; WIDE + 1] = spaces(false);
        const COMMA_NEWLINE: [u8; WIDE + 2] = spaces(true);
        let indent = 2 * self.depth;
        let at = self.buf.len();
        if indent > WIDE {
            self.buf.extend_from_slice(if comma { b",\n" } else { b"\n" });
            self.buf.resize(self.buf.len() + indent, b' ');
        } else if comma {
            self.buf.extend_from_slice(&COMMA_NEWLINE);
            self.buf.truncate(at + 2 + indent);
        } else {
            self.buf.extend_from_slice(&NEWLINE);
            self.buf.truncate(at + 1 + indent);
        }
    }

    #[inline]
    fn open(&mut self, bracket: u8) {
        self.buf.push(bracket);
        self.depth += 1;
    }

    #[inline]
    fn close(&mut self, bracket: u8, empty: bool) {
        self.depth -= 1;
        if !empty {
            self.newline();
        }
        self.buf.push(bracket);
    }

    /// A key of the open object; `first` for its first entry. Keys are field names, which
    /// need no escape; taken as arrays, so that their copies are inlined too.
    #[inline]
    fn key<const N: usize>(&mut self, first: bool, key: &[u8; N]) {
        self.line(!first);
        self.buf.push(b'"');
        self.buf.extend_from_slice(key);
        self.buf.extend_from_slice(b"\": ");
    }

    #[inline]
    fn list<T>(&mut self, items: &[T], mut each: impl FnMut(&mut Self, &T)) {
        self.open(b'[');
        for (i, item) in items.iter().enumerate() {
            self.line(i > 0);
            each(self, item);
        }
        self.close(b']', items.is_empty());
    }

    #[inline]
    fn str(&mut self, s: &str) {
        // No early exit, so that the scan compiles to wide compares.
        let plain = !s
            .bytes()
            .fold(false, |escape, b| escape | (b < 0x20) | (b == b'"') | (b == b'\\'));
        if plain {
            self.buf.push(b'"');
            self.buf.extend_from_slice(s.as_bytes());
            self.buf.push(b'"');
        } else {
            self.buf.push(b'"');
            escape_into(&mut self.buf, s.as_bytes());
            self.buf.push(b'"');
        }
    }

    /// A string that may be megabytes long (a unified diff), escaped and handed to the writer
    /// a chunk at a time rather than gathered whole.
    fn long_str(&mut self, s: &str) -> io::Result<()> {
        self.buf.push(b'"');
        let mut rest = s.as_bytes();
        while !rest.is_empty() {
            // Escapes are of ASCII bytes, so any cut escapes as the whole does.
            let (piece, tail) = rest.split_at(rest.len().min(CHUNK));
            escape_into(&mut self.buf, piece);
            rest = tail;
            self.spill()?;
        }
        self.buf.push(b'"');
        Ok(())
    }

    /// Any JSON value, as serde_json lays it out.
    fn value(&mut self, v: &serde_json::Value) {
        use serde_json::Value;
        match v {
            Value::Null => self.null(),
            Value::Bool(b) => self.bool(*b),
            // Writing into a vector cannot fail.
            Value::Number(n) => {
                let _ = serde_json::to_writer(&mut self.buf, n);
            }
            Value::String(s) => self.str(s),
            Value::Array(items) => self.list(items, Self::value),
            Value::Object(map) => {
                self.open(b'{');
                for (i, (k, v)) in map.iter().enumerate() {
                    self.line(i > 0);
                    self.str(k);
                    self.buf.extend_from_slice(b": ");
                    self.value(v);
                }
                self.close(b'}', map.is_empty());
            }
        }
    }

    #[inline]
    fn strs(&mut self, items: &[String]) {
        self.list(items, |w, s| w.str(s));
    }

    #[inline]
    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.null(),
        }
    }

    #[inline]
    fn names(&mut self, names: &[Name]) {
        self.list(names, |w, n| w.str(n));
    }

    #[inline]
    fn null(&mut self) {
        self.buf.extend_from_slice(b"null");
    }

    #[inline]
    fn bool(&mut self, b: bool) {
        self.buf.extend_from_slice(if b { b"true" } else { b"false" });
    }

    #[inline]
    fn u64(&mut self, n: u64) {
        // Writing into a vector cannot fail.
        let _ = CompactFormatter.write_u64(&mut self.buf, n);
    }

    /// As serde_json: ryu's shortest form, `null` for NaN and the infinities.
    #[inline]
    fn f64(&mut self, x: f64) {
        if x.is_finite() {
            let _ = CompactFormatter.write_f64(&mut self.buf, x);
        } else {
            self.null();
        }
    }

    #[inline]
    fn option<T: Copy>(&mut self, v: Option<T>, some: impl FnOnce(&mut Self, T)) {
        match v {
            Some(v) => some(self, v),
            None => self.null(),
        }
    }

    /// Any serde value, by serde_json, indented to the current depth (its strings hold no raw
    /// newline, so every newline is one of its layout's).
    fn serde<T: Serialize + ?Sized>(&mut self, value: &T) -> io::Result<()> {
        let text = serde_json::to_vec_pretty(value).map_err(io::Error::other)?;
        for (i, line) in text.split(|&b| b == b'\n').enumerate() {
            if i > 0 {
                self.newline();
            }
            self.buf.extend_from_slice(line);
        }
        Ok(())
    }

    #[inline]
    fn date(&mut self, d: Date) {
        self.buf.push(b'"');
        self.buf.extend_from_slice(d.iso().as_bytes());
        self.buf.push(b'"');
    }

    fn interval<T: Copy>(&mut self, iv: &Interval<T>, point: impl Fn(&mut Self, T)) {
        let Interval {
            min,
            max,
            min_inclusive,
            max_inclusive,
        } = *iv;
        self.open(b'{');
        self.key(true, b"min");
        self.option(min, &point);
        self.key(false, b"max");
        self.option(max, &point);
        self.key(false, b"min_inclusive");
        self.bool(min_inclusive);
        self.key(false, b"max_inclusive");
        self.bool(max_inclusive);
        self.close(b'}', false);
    }

    fn scope_box(&mut self, b: &ScopeBox) {
        let ScopeBox { places, when, amount } = b;
        self.open(b'{');
        self.key(true, b"where");
        self.names(places);
        self.key(false, b"when");
        match when {
            Some(iv) => self.interval(iv, Self::date),
            None => self.null(),
        }
        self.key(false, b"amount");
        match amount {
            Some(iv) => self.interval(iv, Self::f64),
            None => self.null(),
        }
        self.close(b'}', false);
    }

    fn size(&mut self, s: &WitnessSize) {
        let WitnessSize {
            entities,
            days,
            amount_width,
        } = *s;
        self.open(b'{');
        self.key(true, b"entities");
        self.u64(entities as u64);
        self.key(false, b"days");
        self.option(days, Self::u64);
        self.key(false, b"amount_width");
        self.option(amount_width, Self::f64);
        self.close(b'}', false);
    }

    fn side(&mut self, s: Side) {
        self.str(match s {
            Side::Left => "left",
            Side::Right => "right",
        });
    }

    fn quote(&mut self, q: &Quote) {
        self.quote_on(q.side, q);
    }

    /// A quote backing a clause of `side` (a finding's record knows the side, and its
    /// quotes are shared with the other findings of the clause).
    fn quote_on(&mut self, side: Side, q: &Quote) {
        let Quote {
            side: _,
            clause,
            source,
            quote,
            speaker,
        } = q;
        self.open(b'{');
        self.key(true, b"side");
        self.side(side);
        self.key(false, b"clause");
        self.str(clause);
        self.key(false, b"source");
        self.str(source);
        self.key(false, b"quote");
        self.str(quote);
        self.key(false, b"speaker");
        match speaker {
            Some(s) => self.str(s),
            None => self.null(),
        }
        self.close(b'}', false);
    }

    fn finding(&mut self, f: &Finding) {
        let Finding {
            kind,
            issue,
            bearer,
            action,
            left,
            right,
            left_norm,
            right_norm,
            scope,
            size,
            red_lines,
            conditions,
            whole_issue,
            explanation,
            evidence,
            basis,
            silence,
        } = f;
        self.open(b'{');
        self.key(true, b"kind");
        self.str(kind.as_str());
        self.key(false, b"issue");
        self.str(issue);
        self.key(false, b"bearer");
        self.str(bearer);
        self.key(false, b"action");
        self.str(action);
        self.key(false, b"left");
        self.names(left);
        self.key(false, b"right");
        self.names(right);
        self.key(false, b"left_norm");
        self.option(*left_norm, |w, m| w.str(m.as_str()));
        self.key(false, b"right_norm");
        self.option(*right_norm, |w, m| w.str(m.as_str()));
        self.key(false, b"scope");
        self.list(scope, Self::scope_box);
        self.key(false, b"size");
        self.size(size);
        self.key(false, b"red_lines");
        self.u64(u64::from(*red_lines));
        self.key(false, b"conditions");
        self.names(conditions);
        self.key(false, b"whole_issue");
        self.bool(*whole_issue);
        self.key(false, b"explanation");
        self.str(explanation);
        self.key(false, b"evidence");
        self.list(evidence, Self::quote);
        self.key(false, b"basis");
        self.str(basis.as_str());
        self.key(false, b"silence");
        self.option(*silence, |w, s| w.str(s.as_str()));
        self.close(b'}', false);
    }

    /// The finding of a compact comparison's record: the bytes [`Json::finding`] writes for
    /// the finding the record makes, named and laid out here without making it.
    fn record<'s>(&mut self, c: &'s Compact<'_>, r: &Record, scratch: &mut Scratch<'s>) {
        let index = c.b.index;
        let names = &index.names;
        let lead = c.lead(r);
        let (ls, rs) = c.norms(r);
        let (left_norm, right_norm) = c.modalities(r);
        let blocks = c.blocks(r);
        self.open(b'{');
        scratch.keys.lay_out(&FINDING_KEYS, self.depth, key_line);
        // The keys in `FINDING_KEYS`' order, each one copy.
        let mut keys = 0..FINDING_KEYS.len();
        let mut key = |w: &mut Self, keys_laid: &Lines| {
            let i = keys.next().unwrap_or_default();
            w.buf.extend_from_slice(keys_laid.line(i, i == 0).unwrap_or_default());
        };
        key(self, &scratch.keys);
        self.str(r.kind.as_str());
        key(self, &scratch.keys);
        self.str(&names.issues[lead.issue]);
        key(self, &scratch.keys);
        self.str(&names.parties[lead.bearer]);
        key(self, &scratch.keys);
        self.str(&names.actions[lead.base]);
        key(self, &scratch.keys);
        self.ids(c, Side::Left, ls);
        key(self, &scratch.keys);
        self.ids(c, Side::Right, rs);
        key(self, &scratch.keys);
        self.option(left_norm, |w, m| w.str(m.as_str()));
        key(self, &scratch.keys);
        self.option(right_norm, |w, m| w.str(m.as_str()));
        key(self, &scratch.keys);
        self.open(b'[');
        for (i, b) in blocks.iter().enumerate() {
            self.line(i > 0);
            self.open(b'{');
            self.key(true, b"where");
            self.open(b'[');
            scratch.places.lay_out(&names.atoms, self.depth, place_line);
            let mut first = true;
            b.atoms.for_each(|a| {
                if let Some(line) = scratch.places.line(a, first) {
                    self.buf.extend_from_slice(line);
                    first = false;
                }
            });
            self.close(b']', first);
            let (when, amount) = index.scope_bounds(b, lead.base);
            self.key(false, b"when");
            match when {
                Some(iv) => self.interval(&iv, Self::date),
                None => self.null(),
            }
            self.key(false, b"amount");
            match amount {
                Some(iv) => self.interval(&iv, Self::f64),
                None => self.null(),
            }
            self.close(b'}', false);
        }
        self.close(b']', blocks.is_empty());
        key(self, &scratch.keys);
        self.size(&index.witness_size(blocks));
        key(self, &scratch.keys);
        self.u64(u64::from(r.red));
        key(self, &scratch.keys);
        c.conditions(r, &mut scratch.conditions);
        self.list(&scratch.conditions, |w, n| w.str(n));
        key(self, &scratch.keys);
        self.bool(r.whole_issue);
        key(self, &scratch.keys);
        scratch.text.clear();
        c.explain(r, &mut scratch.text);
        self.str(&scratch.text);
        key(self, &scratch.keys);
        self.open(b'[');
        let mut empty = true;
        for (i, (side, q)) in c.evidence(r).enumerate() {
            self.line(i > 0);
            self.quote_on(side, q);
            empty = false;
        }
        self.close(b']', empty);
        key(self, &scratch.keys);
        self.str(r.basis.as_str());
        key(self, &scratch.keys);
        self.option(r.silence, |w, s| w.str(s.as_str()));
        self.close(b'}', false);
    }

    /// The clause ids of a record's norms on one side.
    fn ids(&mut self, c: &Compact<'_>, side: Side, norms: &[u32]) {
        self.open(b'[');
        for (i, info) in c.infos(side, norms).enumerate() {
            self.line(i > 0);
            self.str(&info.id);
        }
        self.close(b']', norms.is_empty());
    }

    fn comparison(&mut self, c: &Comparison) -> io::Result<()> {
        self.comparison_by(c, c.findings.len(), |w, i| w.finding(&c.findings[i]))
    }

    /// A comparison whose `n` findings `finding` writes (`c`'s own are not read).
    fn comparison_by(&mut self, c: &Comparison, n: usize, mut finding: impl FnMut(&mut Self, usize)) -> io::Result<()> {
        self.comparison_with(c, n, |w| {
            for i in 0..n {
                w.line(i > 0);
                finding(w, i);
                w.spill()?;
            }
            Ok(())
        })
    }

    /// A comparison whose `n` findings `findings` writes, each after its comma and newline
    /// (`c`'s own are not read).
    fn comparison_with(
        &mut self,
        c: &Comparison,
        n: usize,
        findings: impl FnOnce(&mut Self) -> io::Result<()>,
    ) -> io::Result<()> {
        let Comparison {
            left,
            right,
            findings: _,
            issues,
            summary,
            on_record,
            legend: _,
        } = c;
        self.open(b'{');
        self.key(true, b"left");
        self.serde(left)?;
        self.key(false, b"right");
        self.serde(right)?;
        self.key(false, b"findings");
        self.open(b'[');
        findings(self)?;
        self.close(b']', n == 0);
        self.key(false, b"issues");
        self.serde(issues)?;
        self.key(false, b"summary");
        self.serde(summary)?;
        self.key(false, b"on_record");
        self.bool(*on_record);
        self.close(b'}', false);
        Ok(())
    }

    /// Writes what is gathered, then `bytes`, to the writer.
    fn write_through(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        self.out.write_all(bytes)
    }

    fn field_change(&mut self, f: &FieldChange) -> io::Result<()> {
        let FieldChange {
            field,
            before,
            after,
            direction,
            added,
            removed,
            size,
            words,
            explanation,
        } = f;
        self.open(b'{');
        self.key(true, b"field");
        self.str(field.as_str());
        self.key(false, b"before");
        self.value(before);
        self.key(false, b"after");
        self.value(after);
        self.key(false, b"direction");
        self.str(direction.as_str());
        self.key(false, b"added");
        self.strs(added);
        self.key(false, b"removed");
        self.strs(removed);
        self.key(false, b"size");
        self.serde(size)?;
        self.key(false, b"words");
        match words {
            Some(words) => self.serde(words)?,
            None => self.null(),
        }
        self.key(false, b"explanation");
        self.str(explanation);
        self.close(b'}', false);
        Ok(())
    }

    fn field_changes(&mut self, fields: &[FieldChange]) -> io::Result<()> {
        self.open(b'[');
        for (i, f) in fields.iter().enumerate() {
            self.line(i > 0);
            self.field_change(f)?;
        }
        self.close(b']', fields.is_empty());
        Ok(())
    }

    fn change(&mut self, c: &Change) -> io::Result<()> {
        let Change {
            kind,
            old,
            new,
            direction,
            moved,
            old_index,
            new_index,
            similarity,
            old_role,
            new_role,
            bearer,
            action,
            summary,
            fields,
            clause,
        } = c;
        self.open(b'{');
        self.key(true, b"kind");
        self.str(kind.as_str());
        self.key(false, b"old");
        self.opt_str(old.as_deref());
        self.key(false, b"new");
        self.opt_str(new.as_deref());
        self.key(false, b"direction");
        self.str(direction.as_str());
        self.key(false, b"reordered");
        self.bool(*moved);
        self.key(false, b"old_index");
        self.option(*old_index, |w, n| w.u64(n as u64));
        self.key(false, b"new_index");
        self.option(*new_index, |w, n| w.u64(n as u64));
        self.key(false, b"similarity");
        self.option(*similarity, Self::f64);
        self.key(false, b"old_role");
        self.option(*old_role, |w, r| w.str(r.as_str()));
        self.key(false, b"new_role");
        self.option(*new_role, |w, r| w.str(r.as_str()));
        self.key(false, b"bearer");
        self.strs(bearer);
        self.key(false, b"action");
        self.str(action);
        self.key(false, b"summary");
        self.str(summary);
        self.key(false, b"fields");
        self.field_changes(fields)?;
        self.key(false, b"clause");
        match clause {
            Some(clause) => self.serde(clause)?,
            None => self.null(),
        }
        self.close(b'}', false);
        Ok(())
    }

    fn evolution(&mut self, e: &Evolution) -> io::Result<()> {
        let Evolution {
            party,
            old,
            new,
            changes,
            position,
            counts,
            counterpart,
            unified_diff,
            legend: _,
        } = e;
        self.open(b'{');
        self.key(true, b"party");
        self.str(party);
        self.key(false, b"old");
        self.serde(old)?;
        self.key(false, b"new");
        self.serde(new)?;
        self.key(false, b"changes");
        self.open(b'[');
        for (i, c) in changes.iter().enumerate() {
            self.line(i > 0);
            self.change(c)?;
            self.spill()?;
        }
        self.close(b']', changes.is_empty());
        self.key(false, b"position");
        self.field_changes(position)?;
        self.key(false, b"counts");
        self.serde(counts)?;
        self.key(false, b"counterpart");
        self.serde(counterpart)?;
        self.key(false, b"unified_diff");
        self.long_str(unified_diff)?;
        self.close(b'}', false);
        Ok(())
    }

    fn matrix(&mut self, m: &Matrix) -> io::Result<()> {
        let Matrix {
            positions,
            pairs,
            issues,
            comparisons,
        } = m;
        self.open(b'{');
        self.key(true, b"positions");
        self.serde(positions)?;
        self.key(false, b"pairs");
        self.serde(pairs)?;
        self.key(false, b"issues");
        self.serde(issues)?;
        self.key(false, b"comparisons");
        self.open(b'[');
        for (i, c) in comparisons.iter().enumerate() {
            self.line(i > 0);
            self.comparison(c)?;
        }
        self.close(b']', comparisons.is_empty());
        self.close(b'}', false);
        Ok(())
    }
}

/// `bytes` with serde_json's string escapes: plain runs copied whole, `\"`, `\\`, `\n`, `\r`,
/// `\t`, `\b`, `\f`, and `\u00xx` (lowercase hex) for the other control bytes.
fn escape_into(buf: &mut Vec<u8>, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    /// Flags (high bit of the byte) the bytes of `x` below 0x20, `"` and `\\`; borrows
    /// may flag bytes above a flagged one, never below, so the lowest flag is exact.
    #[inline]
    fn special(x: u64) -> u64 {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        let control = x.wrapping_sub(ONES * 0x20) & !x;
        let (q, b) = (x ^ (ONES * u64::from(b'"')), x ^ (ONES * u64::from(b'\\')));
        (control | (q.wrapping_sub(ONES) & !q) | (b.wrapping_sub(ONES) & !b)) & HIGH
    }
    let mut start = 0;
    let mut at = 0;
    loop {
        // The next byte to escape: eight bytes at a time, then the last few one by one.
        let found = loop {
            if let Some(word) = bytes.get(at..at + 8) {
                let mut x = [0u8; 8];
                x.copy_from_slice(word);
                let flags = special(u64::from_le_bytes(x));
                if flags != 0 {
                    break Some(at + flags.trailing_zeros() as usize / 8);
                }
                at += 8;
            } else {
                break bytes[at..]
                    .iter()
                    .position(|&b| b < 0x20 || b == b'"' || b == b'\\')
                    .map(|k| at + k);
            }
        };
        let Some(i) = found else { break };
        let b = bytes[i];
        buf.extend_from_slice(&bytes[start..i]);
        start = i + 1;
        at = i + 1;
        match b {
            b'"' => buf.extend_from_slice(b"\\\""),
            b'\\' => buf.extend_from_slice(b"\\\\"),
            b'\n' => buf.extend_from_slice(b"\\n"),
            b'\r' => buf.extend_from_slice(b"\\r"),
            b'\t' => buf.extend_from_slice(b"\\t"),
            0x08 => buf.extend_from_slice(b"\\b"),
            0x0c => buf.extend_from_slice(b"\\f"),
            _ => buf.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 0xf)],
            ]),
        }
    }
    buf.extend_from_slice(&bytes[start..]);
}

impl Comparison {
    /// Writes the comparison's JSON, pretty-printed: the same bytes as
    /// `serde_json::to_writer_pretty(out, self)` (its serde form is the documented shape),
    /// written several times faster, for reports of hundreds of thousands of findings. Writes
    /// in chunks, so `out` needs no buffer of its own, and adds no final newline.
    ///
    /// ```
    /// use negdiff::{compare, Clause, Modality, Position, Vocabulary};
    /// let vocab = Vocabulary::new("talks").party("a", "A").party("b", "B").action("talk", None)
    ///     .issue("dialogue", "Dialogue", ["talk"]);
    /// let a = Position::new("a", "one").clause(Clause::new("x", "a", Modality::Must, "talk"));
    /// let b = Position::new("b", "two").clause(Clause::new("y", "a", Modality::May, "talk"));
    /// let report = compare(&vocab, &a, &b)?;
    /// let mut out = Vec::new();
    /// report.write_json(&mut out)?;
    /// assert_eq!(out, serde_json::to_vec_pretty(&report).unwrap());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// What `out` returns when it cannot take the bytes.
    pub fn write_json(&self, out: impl Write) -> io::Result<()> {
        let mut json = Json::new(out);
        json.comparison(self)?;
        json.finish()
    }
}

impl CompactComparison<'_> {
    /// Writes the comparison's JSON, pretty-printed: the same bytes as
    /// [`Comparison::write_json`] writes for [`CompactComparison::into_comparison`]'s result
    /// (so as `serde_json::to_writer_pretty`), each finding named and written from its
    /// compact record, so that no finding is ever held whole. Writes in chunks, so `out`
    /// needs no buffer of its own, and adds no final newline.
    ///
    /// # Errors
    /// What `out` returns when it cannot take the bytes.
    pub fn write_json(&self, out: impl Write) -> io::Result<()> {
        self.write_json_on(crate::format::DEFAULT_THREADS, out)
    }

    /// [`CompactComparison::write_json`] with the findings laid out on up to `threads`
    /// threads (no more than the machine runs at once; `0` or `1`: on the calling thread
    /// only). The bytes are the same on any number: each thread lays out whole findings into
    /// a buffer of its own, and the buffers are written in the findings' order.
    ///
    /// # Errors
    /// What `out` returns when it cannot take the bytes.
    pub fn write_json_on(&self, threads: usize, out: impl Write) -> io::Result<()> {
        self.write_batched(threads, FINDINGS_A_BATCH, out)
    }

    /// The findings in batches of `batch`, `threads` batches at a time: the memory held is a
    /// few batches' bytes, whatever the comparison's size.
    pub(crate) fn write_batched(&self, threads: usize, batch: usize, out: impl Write) -> io::Result<()> {
        let mut json = Json::new(out);
        let c = &self.compact;
        let records = c.records();
        let batch = batch.max(1);
        let threads = crate::format::par::threads_for(threads, records.len().div_ceil(batch));
        if threads <= 1 {
            let mut scratch = Scratch::default();
            json.comparison_by(&self.head, records.len(), |w, i| w.record(c, &records[i], &mut scratch))?;
            return json.finish();
        }
        json.comparison_with(&self.head, records.len(), |w| {
            let depth = w.depth;
            // Laid out once here, at the depths the findings are written at, and copied to
            // each thread: laying out every place's line on every thread costs more.
            let mut laid = Scratch::default();
            laid.lay_out(c, depth);
            crate::format::par::write_in_order(
                threads,
                records,
                batch,
                || laid.clone(),
                |scratch, first, part, buf| {
                    let mut j = Json {
                        out: io::sink(),
                        buf: std::mem::take(buf),
                        depth,
                    };
                    for (m, r) in part.iter().enumerate() {
                        j.line(first + m > 0);
                        j.record(c, r, scratch);
                    }
                    *buf = j.buf;
                },
                |bytes| w.write_through(bytes),
            )
        })?;
        json.finish()
    }
}

/// Findings laid out by one thread at a time when several write a comparison: a few hundred
/// kilobytes of JSON each.
const FINDINGS_A_BATCH: usize = 4096;

/// What writing a record reuses from one finding to the next.
#[derive(Default, Clone)]
struct Scratch<'s> {
    text: String,
    conditions: Vec<&'s Name>,
    places: Lines,
    keys: Lines,
}

impl Scratch<'_> {
    /// Lays out the lines for findings written at `depth` ahead of the first one: the keys
    /// inside a finding's object, the places inside its scope boxes' `where` lists. (Laid out
    /// for another depth, they are laid out again as a finding is written: the bytes never
    /// depend on this.)
    fn lay_out(&mut self, c: &Compact<'_>, depth: usize) {
        self.keys.lay_out(&FINDING_KEYS, depth + 1, key_line);
        self.places.lay_out(&c.b.index.names.atoms, depth + 4, place_line);
    }
}

/// A finding's key, as laid out in [`Lines`].
fn key_line(w: &mut Json<io::Sink>, key: &&[u8]) {
    w.buf.push(b'"');
    w.buf.extend_from_slice(key);
    w.buf.extend_from_slice(b"\": ");
}

/// A place's name, as laid out in [`Lines`].
fn place_line<T: AsRef<str>>(w: &mut Json<io::Sink>, name: &T) {
    w.str(name.as_ref());
}

/// Lines that a large comparison repeats hundreds of thousands of times, each laid out once
/// for the depth it is written at (`,`, the newline, the indentation and the text), so that
/// writing one is one copy: each atom's line in a scope box's `where` list (places are most of
/// a large comparison's lines), and each key of a finding.
#[derive(Default, Clone)]
struct Lines {
    /// The depth the lines are laid out for; `None` until they are.
    depth: Option<usize>,
    bytes: Vec<u8>,
    /// Where each line starts in `bytes`, and where the last one ends.
    starts: Vec<usize>,
}

impl Lines {
    /// Lays the lines out for `depth`, each written by `write` after its comma and newline,
    /// unless they are laid out for that depth already.
    fn lay_out<T>(&mut self, items: &[T], depth: usize, write: impl Fn(&mut Json<io::Sink>, &T)) {
        if self.depth == Some(depth) {
            return;
        }
        let mut json = Json::new(io::sink());
        json.depth = depth;
        self.starts.clear();
        for item in items {
            self.starts.push(json.buf.len());
            json.line(true);
            write(&mut json, item);
        }
        self.starts.push(json.buf.len());
        self.bytes = json.buf;
        self.depth = Some(depth);
    }

    /// Line `i`, without its comma when `first`.
    fn line(&self, i: usize, first: bool) -> Option<&[u8]> {
        let end = *self.starts.get(i + 1)?;
        Some(&self.bytes[self.starts[i] + usize::from(first)..end])
    }
}

/// A finding's keys in the order they are written.
const FINDING_KEYS: [&[u8]; 17] = [
    b"kind",
    b"issue",
    b"bearer",
    b"action",
    b"left",
    b"right",
    b"left_norm",
    b"right_norm",
    b"scope",
    b"size",
    b"red_lines",
    b"conditions",
    b"whole_issue",
    b"explanation",
    b"evidence",
    b"basis",
    b"silence",
];

impl Evolution {
    /// Writes the evolution's JSON, pretty-printed: the same bytes as
    /// `serde_json::to_writer_pretty(out, self)` (its serde form is the documented shape),
    /// written faster: the changes, their fields and the unified diff by hand, the rest (the
    /// rounds, the counts, the counterpart's shifts, whole clauses) by serde_json. Writes in
    /// chunks, so `out` needs no buffer of its own, and adds no final newline.
    ///
    /// ```
    /// use negdiff::{evolve, Clause, Modality, Position, Vocabulary};
    /// let vocab = Vocabulary::new("talks").party("a", "A").action("talk", None)
    ///     .issue("dialogue", "Dialogue", ["talk"]);
    /// let old = Position::new("a", "one").clause(Clause::new("x", "a", Modality::Must, "talk"));
    /// let new = Position::new("a", "two").clause(Clause::new("x", "a", Modality::May, "talk"));
    /// let e = evolve(&vocab, &old, &new)?;
    /// let mut out = Vec::new();
    /// e.write_json(&mut out)?;
    /// assert_eq!(out, serde_json::to_vec_pretty(&e).unwrap());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// What `out` returns when it cannot take the bytes.
    pub fn write_json(&self, out: impl Write) -> io::Result<()> {
        let mut json = Json::new(out);
        json.evolution(self)?;
        json.finish()
    }
}

impl Matrix {
    /// Writes the matrix's JSON, pretty-printed: the same bytes as
    /// `serde_json::to_writer_pretty(out, self)`, each comparison written as
    /// [`Comparison::write_json`] writes it.
    ///
    /// # Errors
    /// What `out` returns when it cannot take the bytes.
    pub fn write_json(&self, out: impl Write) -> io::Result<()> {
        let mut json = Json::new(out);
        json.matrix(self)?;
        json.finish()
    }
}

#[cfg(all(test, feature = "testing"))]
mod tests {
    use proptest::prelude::*;

    use crate::testing::{generate, GenConfig};
    use crate::Analyzer;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Findings laid out in batches on several threads are the bytes one thread writes
        /// in one piece, whatever the batch size, the number of threads and where the
        /// batches' edges fall.
        #[test]
        fn findings_laid_out_in_batches_on_threads_are_one_threads_bytes(
            seed in any::<u64>(),
            clauses in 0usize..80,
            batch in 1usize..9,
            threads in 1usize..4,
        ) {
            let (v, l, r) = generate(&GenConfig::with_actions(clauses, 6, seed));
            let analyzer = Analyzer::new(&v).unwrap();
            let (one, many) = analyzer
                .compare_by(&l, &r, |c| {
                    let (mut one, mut many) = (Vec::new(), Vec::new());
                    c.write_batched(1, usize::MAX, &mut one).unwrap();
                    c.write_batched(threads, batch, &mut many).unwrap();
                    (one, many)
                })
                .unwrap();
            prop_assert_eq!(one, many);
        }
    }
}
