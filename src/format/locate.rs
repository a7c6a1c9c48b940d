//! Where fields are in a file that the fast path read: the byte offset the full path's spanned
//! tree ([`super::tree::Node::locate`]) gives for each field path, found in one pass over the
//! text, with no tree.
//!
//! `check` reads sound files on the fast path, which keeps no spans, and needs a line and column
//! only for what it prints (at 10⁵ clauses, a quarter of a million warnings, against millions
//! of values). The paths asked for go into a trie ([`Locator`]); one scan of the text follows
//! the path of each value (TOML headers and keys, arrays and inline tables; JSON objects and
//! arrays), notes the offset of those in the trie, and skips the others minding only quotes
//! and brackets; it allocates nothing per value. As the tree's lookup does, a path that goes
//! past what the file holds is answered by its deepest part that the file has.
//!
//! The answer agrees with the tree or is not given: a path whose answer is a table or array
//! made by TOML `[headers]` (whose spans are the `toml` parser's business) is answered `None`,
//! and text the scan does not understand (a key with escapes, a syntax it does not know) makes
//! the whole scan give up; the caller then builds the tree. The scan is written for text the
//! loader already accepted: it does not check syntax, it only must not be fooled by it.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

#[cfg(any(test, feature = "testing"))]
use crate::model::FieldPath;
use crate::model::Segment;

use super::Format;

/// Deepest nesting followed; the schema nests far less, so a deeper file is left to the tree.
const MAX_DEPTH: usize = 64;

/// One step of a field path: a field name or a list position.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

impl<'a> Step<'a> {
    pub fn of(segment: &'a Segment) -> Self {
        match segment {
            Segment::Key(k) => Step::Key(k),
            Segment::Index(i) => Step::Index(*i),
        }
    }
}

/// What the scan learned of one trie node.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Seen {
    No,
    /// A value that starts at this offset.
    At(usize),
    /// A table or array made by headers (or by a dotted key): it is there, but where the tree
    /// says it is is not known here.
    There,
}

/// No node (the end of a list of keys).
const NONE: u32 = u32::MAX;

/// A node of the trie. Its children by key are a list (a table has few fields asked for, and
/// walking a short list beats hashing on every key of the file); its children by index are in
/// [`Trie::indices`].
struct Node<'a> {
    parent: u32,
    /// The key of this node under its parent; empty under an index.
    key: &'a str,
    first_key: u32,
    next_key: u32,
    seen: Seen,
    /// Whether a field asked for ends here.
    end: bool,
}

/// A multiply-rotate hash (the one `rustc` uses) of a node and an index packed in a word.
#[derive(Default, Clone, Copy)]
struct PackedHasher(u64);

impl Hasher for PackedHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The paths asked for, as a trie: node 0 is the document.
struct Trie<'a> {
    nodes: Vec<Node<'a>>,
    /// Children by index: (node << 32 | index) to the child. The keys stored are the caller's
    /// paths, so a file cannot choose what collides.
    indices: HashMap<u64, u32, BuildHasherDefault<PackedHasher>>,
    /// Nodes where a field ends that no value has been seen at yet: at zero every answer is
    /// known (the first value counts), and the scan stops.
    pending: usize,
}

impl<'a> Trie<'a> {
    /// A trie that asks for nothing, for the scans that read a file's structure without it.
    fn none() -> Self {
        Trie {
            nodes: Vec::new(),
            indices: HashMap::default(),
            pending: 0,
        }
    }

    fn child(&self, node: Option<u32>, step: Step<'_>) -> Option<u32> {
        let node = node?;
        match step {
            Step::Key(k) => {
                let mut c = self.nodes[node as usize].first_key;
                while c != NONE {
                    let n = &self.nodes[c as usize];
                    // Names of one length mostly differ in their first byte: no call to compare.
                    if n.key.len() == k.len() && n.key.as_bytes().first() == k.as_bytes().first() && n.key == k {
                        return Some(c);
                    }
                    c = n.next_key;
                }
                None
            }
            Step::Index(i) => {
                let i = u32::try_from(i).ok()?;
                self.indices.get(&(u64::from(node) << 32 | u64::from(i))).copied()
            }
        }
    }

    /// The child of `node` by `step`, made when it is not there yet.
    fn insert(&mut self, node: u32, step: Step<'a>) -> Option<u32> {
        let next = u32::try_from(self.nodes.len()).ok().filter(|&c| c != NONE);
        let mut new = Node {
            parent: node,
            key: "",
            first_key: NONE,
            next_key: NONE,
            seen: Seen::No,
            end: false,
        };
        let c = match step {
            Step::Key(k) => {
                if let Some(c) = self.child(Some(node), step) {
                    return Some(c);
                }
                let c = next?;
                new.key = k;
                new.next_key = self.nodes[node as usize].first_key;
                self.nodes[node as usize].first_key = c;
                c
            }
            Step::Index(i) => {
                // One lookup, not a search and then an insert: 10⁵ fields are 10⁵ of these.
                let i = u32::try_from(i).ok()?;
                match self.indices.entry(u64::from(node) << 32 | u64::from(i)) {
                    Entry::Occupied(e) => return Some(*e.get()),
                    Entry::Vacant(e) => *e.insert(next?),
                }
            }
        };
        self.nodes.push(new);
        Some(c)
    }

    /// Notes a value at `at`; the first one counts, as the tree's lookup finds the first.
    fn value(&mut self, node: u32, at: usize) {
        let n = &mut self.nodes[node as usize];
        if n.seen == Seen::No {
            n.seen = Seen::At(at);
            if n.end {
                self.pending -= 1;
            }
        }
    }

    fn there(&mut self, node: Option<u32>) {
        if let Some(n) = node {
            let seen = &mut self.nodes[n as usize].seen;
            if *seen == Seen::No {
                *seen = Seen::There;
            }
        }
    }
}

/// The fields to find in one file, asked for one by one and found by one scan.
pub(crate) struct Locator<'a> {
    trie: Trie<'a>,
    /// The trie node of each field asked for, in order.
    ends: Vec<u32>,
    /// A path too long for the trie's numbering: the scan is not tried.
    full: bool,
}

/// The trie's root: the document.
const ROOT: Node<'static> = Node {
    parent: NONE,
    key: "",
    first_key: NONE,
    next_key: NONE,
    seen: Seen::No,
    end: false,
};

impl<'a> Locator<'a> {
    pub fn new() -> Self {
        Locator {
            trie: Trie {
                nodes: vec![ROOT],
                indices: HashMap::default(),
                pending: 0,
            },
            ends: Vec::new(),
            full: false,
        }
    }

    /// Forgets every field asked for, keeping the allocations: one locator serves the clauses
    /// of a file one after the other.
    pub fn clear(&mut self) {
        self.trie.nodes.clear();
        self.trie.nodes.push(ROOT);
        self.trie.indices.clear();
        self.trie.pending = 0;
        self.ends.clear();
        self.full = false;
    }

    /// Room for `n` fields, so that asking for 10⁵ of them does not rehash the trie's map of
    /// indices again and again as it grows.
    pub fn with_capacity(n: usize) -> Self {
        let mut l = Locator::new();
        l.trie.indices.reserve(n);
        l.trie.nodes.reserve(n);
        l.ends.reserve(n);
        l
    }

    /// Asks for one more field; the answers come in the order asked.
    pub fn ask(&mut self, path: impl IntoIterator<Item = Step<'a>>) {
        let mut node = 0;
        for step in path {
            match self.trie.insert(node, step) {
                Some(n) => node = n,
                None => self.full = true,
            }
        }
        let n = &mut self.trie.nodes[node as usize];
        if !n.end {
            n.end = true;
            self.trie.pending += 1;
        }
        self.ends.push(node);
    }

    /// The offset at which the full path's tree locates each field asked for in `text` (a file
    /// the loader reads without a problem, without its byte-order mark): `None` for a field
    /// whose answer this scan cannot give, and `None` for all when it cannot read the text.
    pub fn find(mut self, text: &str, syntax: Format) -> Option<Vec<Option<usize>>> {
        self.find_again(text, syntax)
    }

    /// [`Locator::find`] without giving up the locator, so that [`Locator::clear`] can reuse
    /// it; a TOML scan stops as soon as every field asked for is found.
    pub fn find_again(&mut self, text: &str, syntax: Format) -> Option<Vec<Option<usize>>> {
        if self.full {
            return None;
        }
        match syntax {
            Format::Toml => {
                // The document's span starts at the start of the text.
                self.trie.value(0, 0);
                Toml {
                    b: text.as_bytes(),
                    text,
                    at: 0,
                    trie: &mut self.trie,
                }
                .document()?;
            }
            Format::Json => {
                let mut s = Json {
                    b: text.as_bytes(),
                    text,
                    at: 0,
                    trie: &mut self.trie,
                };
                s.ws();
                s.value(Some(0), 0)?;
            }
        }
        let nodes = &self.trie.nodes;
        // A node is seen only after its parent, so the deepest node of a path that the file
        // has (where the tree's lookup stops) is the nearest seen one going up from its end.
        Some(
            self.ends
                .iter()
                .copied()
                .map(|mut node| loop {
                    let n = &nodes[node as usize];
                    match n.seen {
                        Seen::At(at) => return Some(at),
                        Seen::There => return None,
                        Seen::No if n.parent == NONE => return None,
                        Seen::No => node = n.parent,
                    }
                })
                .collect(),
        )
    }
}

/// The offset of the value of key `field` in the TOML table whose header line starts at `from`,
/// when it is on one of the key/value lines right under the header, before `to`: what
/// [`Locator`] answers for that field, found by reading those few lines with no trie. `None`
/// (the key is not among them, or the lines hold what this does not read) leaves the field to
/// [`Locator`]. `keys` is a buffer, kept for its allocation.
pub(crate) fn table_key<'t>(
    text: &'t str,
    from: usize,
    to: usize,
    field: &str,
    keys: &mut Vec<&'t str>,
) -> Option<usize> {
    let mut none = Trie::none();
    let mut t = Toml {
        b: text.as_bytes(),
        text,
        at: from,
        trie: &mut none,
    };
    // Past the header (its comment cannot hold a line end).
    t.skip_line();
    loop {
        t.blank();
        if t.at >= to || matches!(t.peek(), None | Some(b'[')) {
            return None;
        }
        keys.clear();
        t.dotted(keys)?;
        t.eat(b'=')?;
        t.spaces();
        if let [key] = keys[..] {
            if key == field {
                return (t.at < to).then_some(t.at);
            }
        }
        t.skip()?;
        t.end_of_line()?;
    }
}

/// What the small TOML reader notes of a position's clauses as it reads them
/// ([`super::fast::toml_position_marked`]), and what serde_json's reading notes of a JSON one
/// ([`super::fast::json_position_marked`]): where each clause starts, where each key of a
/// clause's own table starts, and where each table a clause's headers make
/// (`[clauses.when]`, `[[clauses.evidence]]`; in JSON, each evidence object) starts. With
/// them, where the value of a clause's field starts is a lookup ([`Marks::key_offset`]), and
/// that of a field of such a table a read of its few lines ([`Marks::table_key_offset`]), not
/// a scan. The notes have no lines: the lines and columns of all the fields asked of a file are
/// counted in one sweep as they are looked up (`Loaded::swept`), which costs less than counting
/// the line of every key as the file is read, and reads each clause's text once.
///
/// Offsets are `u32`: the reader takes no notes on a longer text.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Marks {
    /// Where each `[[clauses]]` header starts, in order; in JSON, the opening quote of each
    /// clause object's first key (its `{` is found back from there when a scan needs it,
    /// [`json_open`]).
    pub clauses: Vec<usize>,
    /// Each clause's first key in `keys` and first table in `tables`.
    firsts: Vec<(u32, u32)>,
    /// Each key of a clause's own table (a key with escapes is not noted): where it starts
    /// (in TOML the first byte of its line that is not a space, in JSON its opening quote).
    keys: Vec<u32>,
    /// Each table a clause's header makes, in order.
    tables: Vec<TableMark>,
    /// The names of those tables, each once.
    names: Vec<Box<str>>,
    /// Noted in JSON: a key is followed by `:`, not `=`.
    json: bool,
}

/// A `[clauses.name]` or `[[clauses.name]]` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TableMark {
    /// Where the header starts (in JSON, the object's first key: [`Marks::clauses`]).
    at: u32,
    /// Its name in [`Marks::names`] ([`UNNAMED`] past the few names kept).
    name: u16,
    /// An `[[array]]` header.
    array: bool,
}

/// A table whose name is not kept: never found by name.
const UNNAMED: u16 = u16::MAX;

/// Distinct table names kept: a position has three (`when`, `amount`, `evidence`).
const MAX_NAMES: usize = 64;

impl Marks {
    /// Nothing noted yet, with room for the keys of a text of `len` bytes
    /// ([`Marks::keys_room`]).
    pub fn with_room(len: usize) -> Self {
        Marks {
            keys: Vec::with_capacity(Marks::keys_room(len)),
            ..Marks::default()
        }
    }

    /// Room for the keys of a text of `len` bytes: one every 8 bytes, more than a position
    /// has (`k = 1` and its line end take 6; 17 bytes a key in TOML at 10⁵ clauses, 26 in
    /// JSON). Noted into a list that grows by doubling, 10⁶ keys touched about twice the
    /// memory they end in and copied themselves on the way; room never written is never
    /// touched.
    pub fn keys_room(len: usize) -> usize {
        len / 8
    }

    /// A `[[clauses]]` header at `at`.
    pub fn note_clause(&mut self, at: usize) {
        self.clauses.push(at);
        // The reader notes nothing past `u32::MAX` entries: the text is shorter than that.
        self.firsts.push((self.keys.len() as u32, self.tables.len() as u32));
    }

    /// A key of the current clause's own table, starting at `at`.
    pub fn note_key(&mut self, at: u32) {
        self.keys.push(at);
    }

    /// A `[clauses.name]` (or, with `array`, `[[clauses.name]]`) header at `at`.
    pub fn note_table(&mut self, at: u32, name: &str, array: bool) {
        if self.clauses.is_empty() {
            return;
        }
        let name = match self.names.iter().position(|n| **n == *name) {
            Some(k) => k as u16,
            None if self.names.len() < MAX_NAMES => {
                self.names.push(name.into());
                (self.names.len() - 1) as u16
            }
            None => UNNAMED,
        };
        self.tables.push(TableMark { at, name, array });
    }

    /// The range of `keys` and of `tables` that clause `i` owns.
    fn of(&self, i: usize) -> Option<(std::ops::Range<usize>, std::ops::Range<usize>)> {
        let &(k, t) = self.firsts.get(i)?;
        let (k_end, t_end) = match self.firsts.get(i + 1) {
            Some(&(k, t)) => (k as usize, t as usize),
            None => (self.keys.len(), self.tables.len()),
        };
        Some((k as usize..k_end, t as usize..t_end))
    }

    /// Where the value of key `field` of clause `i`'s own table starts, when the key is noted:
    /// what the scans would find, as the value starts right after the key, `=` (`:`) and
    /// spaces.
    pub fn key_offset(&self, text: &str, i: usize, field: &str) -> Option<usize> {
        let (keys, _) = self.of(i)?;
        let b = text.as_bytes();
        let first = *field.as_bytes().first()?;
        for &at in self.keys.get(keys)? {
            let at = at as usize;
            // Most keys of a clause differ from the field in their first byte, quoted or not
            // (every JSON key is quoted).
            let c = match b.get(at) {
                Some(b'"' | b'\'') => b.get(at + 1),
                c => c,
            };
            if c != Some(&first) {
                continue;
            }
            let Some(after) = key_is(b, at, field) else { continue };
            let mut v = after;
            while matches!(b.get(v), Some(b' ' | b'\t')) {
                v += 1;
            }
            // A JSON key noted is followed on its line by its `:` and value; any other
            // layout is left to the scans.
            if b.get(v) != Some(if self.json { &b':' } else { &b'=' }) {
                return None;
            }
            v += 1;
            while matches!(b.get(v), Some(b' ' | b'\t')) {
                v += 1;
            }
            return Some(v);
        }
        None
    }

    /// Where the value of key `field` starts in the table clause `i`'s header `[clauses.name]`
    /// makes (with `index`, the `index`th of its `[[clauses.name]]` headers), when that table
    /// has the key on the lines under its header ([`table_key`]); in JSON, in the `index`th
    /// object of the clause's `name` list, read from that object ([`json_object_key`]).
    pub fn table_key_offset(
        &self,
        text: &str,
        i: usize,
        name: &str,
        index: Option<usize>,
        field: &str,
    ) -> Option<usize> {
        let (_, tables) = self.of(i)?;
        let name = self.names.iter().position(|n| **n == *name)? as u16;
        let mut nth = 0;
        let (k, t) = self.tables.get(tables.clone())?.iter().enumerate().find(|(_, t)| {
            if t.name != name || t.array != index.is_some() {
                return false;
            }
            nth += 1;
            index.is_none_or(|j| nth == j + 1)
        })?;
        let from = t.at as usize;
        if self.json {
            return json_object_key(text, json_open(text, from)?, field);
        }
        // Up to the next header noted, or the next clause's (`table_key` stops at a header
        // line anyway).
        let to = match self.tables.get(tables.start + k + 1) {
            Some(next) if tables.start + k + 1 < tables.end => next.at as usize,
            _ => self.clauses.get(i + 1).copied().unwrap_or(text.len()),
        };
        table_key(text, from, to, field, &mut Vec::new())
    }
}

/// Whether the key written at `at` (bare, or quoted without escapes) is `field`: the offset
/// just past it when it is.
fn key_is(b: &[u8], at: usize, field: &str) -> Option<usize> {
    let f = field.as_bytes();
    match b.get(at)? {
        q @ (b'"' | b'\'') => {
            let end = at + 1 + f.len();
            (b.get(at + 1..end)? == f && b.get(end) == Some(q)).then_some(end + 1)
        }
        _ => {
            let end = at + f.len();
            let bare = |c: &u8| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'-';
            (b.get(at..end)? == f && !b.get(end).is_some_and(bare)).then_some(end)
        }
    }
}

/// [`Locator`] over field paths.
#[cfg(any(test, feature = "testing"))]
pub(crate) fn locate(text: &str, syntax: Format, paths: &[&FieldPath]) -> Option<Vec<Option<usize>>> {
    let mut l = Locator::new();
    for p in paths {
        l.ask(p.0.iter().map(Step::of));
    }
    l.find(text, syntax)
}

/// Eight bytes of `0x01`, and of `0x80`.
const LOW: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each zero byte of `v`, in memory order from the lowest bit: the lowest bit
/// set is exact; those above it may be set wrongly (a borrow), and are never read.
fn zero_bytes(v: u64) -> u64 {
    v.wrapping_sub(LOW) & !v & HIGH
}

/// Bytes equal to `c`, as [`zero_bytes`] marks them.
fn bytes_equal(w: u64, c: u8) -> u64 {
    zero_bytes(w ^ (LOW * u64::from(c)))
}

/// The first index from `i` whose byte `hit` accepts, eight bytes at a time: `word` marks, as
/// [`zero_bytes`] does, at least every byte `hit` accepts (and maybe a few more, which are
/// then passed over). The scans of `check` cross tens of megabytes of JSON, most of it
/// strings and indentation, where a byte at a time cost several instructions a byte.
fn find_from(b: &[u8], mut i: usize, word: impl Fn(u64) -> u64, hit: impl Fn(u8) -> bool) -> Option<usize> {
    while let Some(w) = b.get(i..i + 8) {
        let mut bytes = [0; 8];
        bytes.copy_from_slice(w);
        let marked = word(u64::from_le_bytes(bytes));
        if marked == 0 {
            i += 8;
            continue;
        }
        let k = i + (marked.trailing_zeros() / 8) as usize;
        if hit(b[k]) {
            return Some(k);
        }
        i = k + 1;
    }
    Some(i + b.get(i..)?.iter().position(|&c| hit(c))?)
}

/// The next `"` or `\` from `i`.
fn quote_or_escape(b: &[u8], i: usize) -> Option<usize> {
    find_from(
        b,
        i,
        |w| bytes_equal(w, b'"') | bytes_equal(w, b'\\'),
        |c| c == b'"' || c == b'\\',
    )
}

/// The next quote or bracket from `i`: what skipping a JSON value minds.
fn quote_or_bracket(b: &[u8], i: usize) -> Option<usize> {
    // `[`, `]`, `{` and `}` are the bytes that are 0x59 once bits 0x26 are cleared (with `Y`,
    // `_`, `y` and DEL, passed over).
    find_from(
        b,
        i,
        |w| bytes_equal(w, b'"') | zero_bytes((w & (LOW * 0xD9)) ^ (LOW * 0x59)),
        |c| matches!(c, b'"' | b'[' | b']' | b'{' | b'}'),
    )
}

/// The offset just past the closing quote of a JSON string (or TOML basic string) whose content
/// starts at `i`.
fn string_end(b: &[u8], mut i: usize) -> Option<usize> {
    loop {
        i = quote_or_escape(b, i)?;
        if b[i] == b'"' {
            return Some(i + 1);
        }
        i += 2;
    }
}

// ---------------------------------------------------------------------------------------------
// JSON

struct Json<'t, 'r, 'a> {
    text: &'t str,
    b: &'t [u8],
    at: usize,
    trie: &'r mut Trie<'a>,
}

impl<'t> Json<'t, '_, '_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.at).copied()
    }

    fn ws(&mut self) {
        let mut i = self.at;
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.b.get(i) {
            i += 1;
        }
        self.at = i;
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        (self.peek() == Some(c)).then(|| self.at += 1)
    }

    fn value(&mut self, node: Option<u32>, depth: usize) -> Option<()> {
        let Some(node) = node else {
            return self.skip();
        };
        if depth > MAX_DEPTH {
            return None;
        }
        self.trie.value(node, self.at);
        match self.peek()? {
            b'{' => {
                self.at += 1;
                self.ws();
                if self.eat(b'}').is_some() {
                    return Some(());
                }
                loop {
                    let key = self.member()?;
                    let child = self.trie.child(Some(node), Step::Key(key));
                    self.value(child, depth + 1)?;
                    self.ws();
                    if self.eat(b',').is_none() {
                        return self.eat(b'}');
                    }
                }
            }
            b'[' => {
                self.at += 1;
                self.ws();
                if self.eat(b']').is_some() {
                    return Some(());
                }
                let mut i = 0;
                loop {
                    self.ws();
                    let child = self.trie.child(Some(node), Step::Index(i));
                    self.value(child, depth + 1)?;
                    i += 1;
                    self.ws();
                    if self.eat(b',').is_none() {
                        return self.eat(b']');
                    }
                }
            }
            _ => self.skip(),
        }
    }

    /// Past one value that no path asked for, minding only quotes and brackets.
    fn skip(&mut self) -> Option<()> {
        let b = self.b;
        let mut i = self.at;
        match *b.get(i)? {
            b'"' => i = string_end(b, i + 1)?,
            b'[' | b'{' => {
                let mut depth = 0usize;
                loop {
                    i = quote_or_bracket(b, i)?;
                    match b[i] {
                        b'"' => i = string_end(b, i + 1)?,
                        b'[' | b'{' => {
                            depth += 1;
                            i += 1;
                        }
                        _ => {
                            depth -= 1;
                            i += 1;
                            if depth == 0 {
                                break;
                            }
                        }
                    }
                }
            }
            _ => {
                let start = i;
                while let Some(b'a'..=b'z' | b'0'..=b'9' | b'-' | b'+' | b'.' | b'E') = b.get(i) {
                    i += 1;
                }
                if i == start {
                    return None;
                }
            }
        }
        self.at = i;
        Some(())
    }

    /// An object member's key, and the `:` after it: what is next is its value.
    fn member(&mut self) -> Option<&'t str> {
        self.ws();
        let key = self.key()?;
        self.ws();
        self.eat(b':')?;
        self.ws();
        Some(key)
    }

    /// A key; one with an escape is left to the tree (its name is not its text).
    fn key(&mut self) -> Option<&'t str> {
        self.eat(b'"')?;
        let start = self.at;
        let end = string_end(self.b, start)?;
        self.at = end;
        let s = self.text.get(start..end - 1)?;
        (!s.as_bytes().contains(&b'\\')).then_some(s)
    }
}

/// What `check` notes of the clauses of JSON `text` (the keys serde_json
/// reads): each clause object's first key, from which [`json_open`] finds the `{` where the
/// full path's tree places `clauses[i]`; each key of a clause that has no escape; each evidence
/// object, at its first key. A field of a clause is found at an offset
/// ([`Marks::key_offset`]), not by a scan of the clause, and the lines of all the fields asked
/// are counted in one sweep; what the notes do not answer is read from the clause's object.
///
/// `None` when the fast path does not read the text (the full path's tree places its fields),
/// or when the notes cannot be sure (the first key of a clause or of an evidence object
/// written with an escape, or a text longer than `u32::MAX`): the whole text is scanned.
#[cfg(feature = "testing")]
pub(crate) fn json_clause_marks(text: &str) -> Option<Marks> {
    let (position, marks) = super::fast::json_position_marked(text)?;
    (marks.clauses.len() == position.clauses.len()).then_some(marks)
}

impl Marks {
    /// Nothing noted yet, of a JSON text of `len` bytes, with room for its keys
    /// ([`Marks::keys_room`]).
    pub fn json(len: usize) -> Self {
        Marks {
            json: true,
            ..Marks::with_room(len)
        }
    }
}

/// Where the JSON object opens whose first key's opening quote is at `at`: `{` before it, past
/// white space only. `None` when something else is there. JSON notes hold a clause's or an
/// evidence object's first key, which serde_json lent, and find the `{` back from it only when
/// a scan needs it: finding it for every clause as the notes were made waited on memory once a
/// clause (the text long out of cache), for what most files never ask.
pub(crate) fn json_open(text: &str, at: usize) -> Option<usize> {
    let b = text.as_bytes();
    let i = b
        .get(..at)?
        .iter()
        .rposition(|c| !matches!(c, b' ' | b'\t' | b'\n' | b'\r'))?;
    (b[i] == b'{').then_some(i)
}

/// The offset of the value of key `field` of the JSON object that starts at `from` (what
/// [`Locator`] answers for that field), read key by key, skipping the values of the others.
/// `None` (no such key, a key written with an escape, text this does not read) leaves the
/// field to [`Locator`].
pub(crate) fn json_object_key(text: &str, from: usize, field: &str) -> Option<usize> {
    let mut none = Trie::none();
    let mut s = Json {
        b: text.as_bytes(),
        text,
        at: from,
        trie: &mut none,
    };
    s.eat(b'{')?;
    s.ws();
    if s.peek() == Some(b'}') {
        return None;
    }
    loop {
        let k = s.member()?;
        if k == field {
            return Some(s.at);
        }
        s.skip()?;
        s.ws();
        s.eat(b',')?;
    }
}

// ---------------------------------------------------------------------------------------------
// TOML

struct Toml<'t, 'r, 'a> {
    text: &'t str,
    b: &'t [u8],
    at: usize,
    trie: &'r mut Trie<'a>,
}

/// An array of tables made by `[[headers]]`: its keys from the document, and how many tables it
/// has so far (the last one is where its sub-headers go).
struct Headed<'t> {
    keys: Vec<&'t str>,
    count: usize,
}

impl<'t> Toml<'t, '_, '_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.at).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.b.get(self.at + ahead).copied()
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        (self.peek() == Some(c)).then(|| self.at += 1)
    }

    fn spaces(&mut self) {
        let mut i = self.at;
        while let Some(b' ' | b'\t') = self.b.get(i) {
            i += 1;
        }
        self.at = i;
    }

    /// Past the end of the line (a comment included), or at the end of the text.
    fn skip_line(&mut self) {
        match self.b[self.at.min(self.b.len())..].iter().position(|&c| c == b'\n') {
            Some(i) => self.at += i + 1,
            None => self.at = self.b.len(),
        }
    }

    /// Spaces, then a comment or nothing, then a line end (or the end of the text).
    fn end_of_line(&mut self) -> Option<()> {
        self.spaces();
        match self.peek() {
            None => Some(()),
            Some(b'\n') => {
                self.at += 1;
                Some(())
            }
            Some(b'#') => {
                self.skip_line();
                Some(())
            }
            Some(b'\r') if self.peek_at(1) == Some(b'\n') => {
                self.at += 2;
                Some(())
            }
            Some(_) => None,
        }
    }

    /// Whitespace, line ends and comments, as between the values of an array.
    fn blank(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.at += 1,
                Some(b'#') => self.skip_line(),
                _ => return,
            }
        }
    }

    fn document(&mut self) -> Option<()> {
        // The table that key/value lines fill: the document, then each header's.
        let mut table = Some(0u32);
        let mut headed: Vec<Headed<'t>> = Vec::new();
        let mut keys: Vec<&'t str> = Vec::new();
        loop {
            if self.trie.pending == 0 {
                return Some(());
            }
            self.blank();
            match self.peek() {
                None => return Some(()),
                Some(b'[') => {
                    self.at += 1;
                    let array = self.eat(b'[').is_some();
                    keys.clear();
                    self.spaces();
                    self.dotted(&mut keys)?;
                    self.eat(b']')?;
                    if array {
                        self.eat(b']')?;
                    }
                    self.end_of_line()?;
                    table = self.header(&keys, array, &mut headed)?;
                }
                Some(_) => {
                    keys.clear();
                    self.dotted(&mut keys)?;
                    self.eat(b'=')?;
                    self.spaces();
                    let node = self.dotted_node(table, &keys);
                    self.value(node, 0)?;
                    self.end_of_line()?;
                }
            }
        }
    }

    /// The node a header names: each of its keys in turn, and, where a prefix is an array of
    /// tables made by headers, its last table; `[[…]]` first adds a table to its array.
    fn header(&mut self, keys: &[&'t str], array: bool, headed: &mut Vec<Headed<'t>>) -> Option<Option<u32>> {
        if array {
            match headed.iter().position(|h| h.keys == keys) {
                Some(i) => headed[i].count += 1,
                None => headed.push(Headed {
                    keys: keys.to_vec(),
                    count: 1,
                }),
            }
            // A new table of this array: the arrays inside its previous table are done.
            headed.retain(|h| !(h.keys.len() > keys.len() && h.keys.starts_with(keys)));
        }
        let mut node = Some(0u32);
        for n in 1..=keys.len() {
            node = self.trie.child(node, Step::Key(keys[n - 1]));
            self.trie.there(node);
            if let Some(h) = headed.iter().find(|h| h.keys == keys[..n]) {
                node = self.trie.child(node, Step::Index(h.count - 1));
                self.trie.there(node);
            } else if array && n == keys.len() {
                return None;
            }
        }
        Some(node)
    }

    /// The node of a dotted key under `table`; the tables a dotted key makes are there.
    fn dotted_node(&mut self, table: Option<u32>, keys: &[&'t str]) -> Option<u32> {
        let mut node = table;
        for (i, k) in keys.iter().enumerate() {
            node = self.trie.child(node, Step::Key(k));
            if i + 1 < keys.len() {
                self.trie.there(node);
            }
        }
        node
    }

    /// `a`, `a.b`, `"a". 'b'`…, with the spaces after it.
    fn dotted(&mut self, keys: &mut Vec<&'t str>) -> Option<()> {
        loop {
            keys.push(self.key()?);
            self.spaces();
            if self.eat(b'.').is_none() {
                return Some(());
            }
            self.spaces();
        }
    }

    /// A bare, basic or literal key; a basic key with an escape is left to the tree.
    fn key(&mut self) -> Option<&'t str> {
        match self.peek()? {
            b'"' => {
                let s = self.basic()?;
                (!s.as_bytes().contains(&b'\\')).then_some(s)
            }
            b'\'' => self.literal(),
            _ => {
                let start = self.at;
                let rest = self.b.get(start..)?;
                let len = rest
                    .iter()
                    .position(|&c| !(c.is_ascii_alphanumeric() || c == b'_' || c == b'-'))
                    .unwrap_or(rest.len());
                self.at = start + len;
                (len > 0).then(|| &self.text[start..self.at])
            }
        }
    }

    fn value(&mut self, node: Option<u32>, depth: usize) -> Option<()> {
        let Some(node) = node else {
            return self.skip();
        };
        if depth > MAX_DEPTH {
            return None;
        }
        self.trie.value(node, self.at);
        match self.peek()? {
            b'[' => {
                self.at += 1;
                let mut i = 0;
                loop {
                    self.blank();
                    if self.eat(b']').is_some() {
                        return Some(());
                    }
                    let child = self.trie.child(Some(node), Step::Index(i));
                    self.value(child, depth + 1)?;
                    i += 1;
                    self.blank();
                    if self.eat(b',').is_none() {
                        return self.eat(b']');
                    }
                }
            }
            b'{' => {
                self.at += 1;
                let mut keys = Vec::new();
                loop {
                    self.blank();
                    if self.eat(b'}').is_some() {
                        return Some(());
                    }
                    keys.clear();
                    self.dotted(&mut keys)?;
                    self.eat(b'=')?;
                    self.blank();
                    let child = self.dotted_node(Some(node), &keys);
                    self.value(child, depth + 1)?;
                    self.blank();
                    if self.eat(b',').is_none() {
                        return self.eat(b'}');
                    }
                }
            }
            _ => self.skip(),
        }
    }

    /// Past one value that no path asked for, minding only quotes, comments and brackets.
    fn skip(&mut self) -> Option<()> {
        match self.peek()? {
            b'[' | b'{' => {
                let mut depth = 0usize;
                loop {
                    self.at += self
                        .b
                        .get(self.at..)?
                        .iter()
                        .position(|&c| matches!(c, b'"' | b'\'' | b'#' | b'[' | b']' | b'{' | b'}'))?;
                    match self.b[self.at] {
                        b'"' | b'\'' => self.string()?,
                        b'#' => self.skip_line(),
                        b'[' | b'{' => {
                            depth += 1;
                            self.at += 1;
                        }
                        _ => {
                            depth -= 1;
                            self.at += 1;
                            if depth == 0 {
                                return Some(());
                            }
                        }
                    }
                }
            }
            b'"' | b'\'' => self.string(),
            _ => self.scalar(),
        }
    }

    /// Past a string of any of TOML's four kinds.
    fn string(&mut self) -> Option<()> {
        match self.peek()? {
            q @ (b'"' | b'\'') if self.peek_at(1) == Some(q) && self.peek_at(2) == Some(q) => self.multiline(q),
            b'"' => self.basic().map(drop),
            _ => self.literal().map(drop),
        }
    }

    /// A number, boolean, date, time or date-time (whose date and time may be apart by a space).
    fn scalar(&mut self) -> Option<()> {
        let start = self.at;
        let word = |c: u8| matches!(c, b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-' | b'+' | b'.' | b':');
        while self.peek().is_some_and(word) {
            self.at += 1;
        }
        let date = |s: &[u8]| s.len() == 10 && s[4] == b'-' && s[7] == b'-';
        if date(&self.b[start..self.at])
            && self.peek() == Some(b' ')
            && self.peek_at(1).is_some_and(|c| c.is_ascii_digit())
            && self.peek_at(2).is_some_and(|c| c.is_ascii_digit())
            && self.peek_at(3) == Some(b':')
        {
            self.at += 1;
            while self.peek().is_some_and(word) {
                self.at += 1;
            }
        }
        (self.at > start).then_some(())
    }

    /// A one-line basic string; its content as written.
    fn basic(&mut self) -> Option<&'t str> {
        self.eat(b'"')?;
        let start = self.at;
        self.at = string_end(self.b, start)?;
        self.text.get(start..self.at - 1)
    }

    fn literal(&mut self) -> Option<&'t str> {
        self.eat(b'\'')?;
        let start = self.at;
        let len = self.b[start..].iter().position(|&c| c == b'\'' || c == b'\n')?;
        self.at = start + len;
        self.eat(b'\'')?;
        self.text.get(start..start + len)
    }

    /// A multi-line string: it ends at the first run of three or more closing quotes that is not
    /// escaped (up to two quotes of that run belong to the content).
    fn multiline(&mut self, quote: u8) -> Option<()> {
        self.at += 3;
        loop {
            match self.peek()? {
                b'\\' if quote == b'"' => self.at += 2,
                c if c == quote => {
                    let run = self.b[self.at..].iter().take_while(|&&c| c == quote).count();
                    self.at += run;
                    if run >= 3 {
                        return Some(());
                    }
                }
                _ => self.at += 1,
            }
        }
    }
}

/// Checks [`locate`] against the full path's tree on `text`: every field of the file, and past
/// each one (a key no table has, an index past each list's end, a step into each value), must be
/// located where the tree locates it, or left unanswered when the tree points at a table or a
/// list (TOML's header-made tables). Returns how many paths were answered, or what disagreed.
#[cfg(feature = "testing")]
pub(crate) fn agrees_with_tree(text: &str, syntax: Format) -> Result<usize, String> {
    use super::tree::{parse_json, parse_toml, Node as TreeNode, Value};

    fn paths(node: &TreeNode, at: &FieldPath, out: &mut Vec<FieldPath>) {
        out.push(at.clone());
        match &node.value {
            Value::Table(t) => {
                for (k, v) in t {
                    paths(v, &at.key(&k.name), out);
                }
                out.push(at.key("no-such-field"));
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    paths(v, &at.index(i), out);
                }
                out.push(at.index(items.len()));
            }
            _ => {
                out.push(at.index(0));
                out.push(at.key("inside"));
            }
        }
    }

    fn deepest<'n>(mut node: &'n TreeNode, path: &FieldPath) -> &'n TreeNode {
        for seg in &path.0 {
            let next = match (seg, &node.value) {
                (Segment::Key(k), Value::Table(t)) => t.get(k),
                (Segment::Index(i), Value::Array(items)) => items.get(*i),
                _ => None,
            };
            match next {
                Some(n) => node = n,
                None => break,
            }
        }
        node
    }

    let tree = match syntax {
        Format::Toml => parse_toml(text),
        Format::Json => parse_json(text),
    }
    .map_err(|e| format!("not a file the full path reads: {e:?}"))?;
    let mut all = Vec::new();
    paths(&tree, &FieldPath::root(), &mut all);
    // All the paths at once, and some of them (so that the scan skips the values of others):
    // every second, and each alone in a small file.
    let mut sets: Vec<Vec<&FieldPath>> = vec![all.iter().collect(), all.iter().step_by(2).collect()];
    if all.len() <= 300 {
        sets.extend(all.iter().map(|p| vec![p]));
    }
    let mut answered = 0;
    // The scan of one clause's text, from the `[[clauses]]` headers the small TOML reader
    // noted (or the starts of a JSON file's clause objects), answers each field of a clause as
    // the scan of the whole text does, and so do the reader's notes.
    let marks = match syntax {
        Format::Toml => super::fast::clause_marks(text),
        Format::Json => json_clause_marks(text),
    };
    if let Some(marks) = marks {
        let starts = &marks.clauses;
        let clauses = match tree.get("clauses").map(|n| &n.value) {
            Some(Value::Array(items)) => items.len(),
            _ => 0,
        };
        // Clauses written as headers are all noted (written inline, none is); a JSON file's
        // are all noted.
        let whole_list = match syntax {
            Format::Toml => text.lines().any(|l| l.trim_start().starts_with("[[clauses]]")),
            Format::Json => true,
        };
        if whole_list && starts.len() != clauses {
            return Err(format!("{} clause starts noted, {clauses} clauses", starts.len()));
        }
        let at: Vec<super::check::At> = all.iter().map(|p| super::check::At::Path(p.clone())).collect();
        let refs: Vec<&super::check::At> = at.iter().collect();
        let local = super::check::in_clauses(text, syntax, starts, &refs);
        let whole = locate(text, syntax, &all.iter().collect::<Vec<_>>()).ok_or("the locator did not read the text")?;
        for (((path, l), w), a) in all.iter().zip(local).zip(whole).zip(&at) {
            // What the reader noted places a field where the whole text's scan finds it.
            if let Some(noted) = a.noted_offset(text, &marks) {
                if Some(noted) != w {
                    return Err(format!("`{path}`: the notes say {noted}, the whole text's scan {w:?}"));
                }
                answered += 1;
            }
            let in_clause = matches!(path.0.as_slice(), [Segment::Key(k), Segment::Index(i), _, ..] if k == "clauses" && *i < starts.len());
            if in_clause && l != w {
                return Err(format!(
                    "`{path}`: the clause's scan says {l:?}, the whole text's {w:?}"
                ));
            }
            if !in_clause && l.is_some() {
                return Err(format!("`{path}`: outside every clause, yet the clause's scan answers"));
            }
            answered += usize::from(l.is_some());
            // A key of the clause's own table, read from the lines under its header (or from
            // its JSON object's keys).
            if let [Segment::Key(c), Segment::Index(i), Segment::Key(key)] = path.0.as_slice() {
                if c == "clauses" && *i < starts.len() {
                    let to = starts.get(i + 1).copied().unwrap_or(text.len());
                    let got = match syntax {
                        Format::Toml => table_key(text, starts[*i], to, key, &mut Vec::new()),
                        Format::Json => json_object_key(text, starts[*i], key),
                    };
                    if let Some(got) = got {
                        if Some(got) != w {
                            return Err(format!(
                                "`{path}`: the clause's own keys say {got}, the whole text's {w:?}"
                            ));
                        }
                        answered += 1;
                    }
                }
            }
        }
    }
    for set in sets {
        let found = locate(text, syntax, &set).ok_or("the locator did not read the text")?;
        for (path, got) in set.iter().zip(found) {
            let want = tree.locate(path).start;
            match got {
                Some(got) if got == want => answered += 1,
                Some(got) => return Err(format!("`{path}`: the locator says {got}, the tree {want}")),
                None if syntax == Format::Toml
                    && matches!(deepest(&tree, path).value, Value::Table(_) | Value::Array(_)) => {}
                None => return Err(format!("`{path}`: not answered, yet the tree points at a value")),
            }
        }
    }
    Ok(answered)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::tree::{parse_json, parse_toml};

    fn path(s: &[Segment]) -> FieldPath {
        FieldPath(s.to_vec())
    }

    fn k(s: &str) -> Segment {
        Segment::Key(s.into())
    }

    fn i(n: usize) -> Segment {
        Segment::Index(n)
    }

    /// Every path the scan answers, it answers as the tree does.
    fn agree(text: &str, syntax: Format, paths: &[FieldPath]) -> Vec<Option<usize>> {
        let tree = match syntax {
            Format::Toml => parse_toml(text).unwrap(),
            Format::Json => parse_json(text).unwrap(),
        };
        let refs: Vec<&FieldPath> = paths.iter().collect();
        let got = locate(text, syntax, &refs).expect("the scan reads the text");
        for (p, g) in paths.iter().zip(&got) {
            if let Some(g) = g {
                assert_eq!(*g, tree.locate(p).start, "{p} in {text}");
            }
            // Alone, the scan skips every other value: the same answer.
            assert_eq!(locate(text, syntax, &[p]), Some(vec![*g]), "{p} alone");
        }
        got
    }

    #[test]
    fn toml_values_headers_and_inline_tables() {
        let text = "format = \"negdiff/1\" # a comment\r\nkind = 'position'\n\n[[clauses]]\nid = \"c0\"\nwhere = [\n  \"a\", # one\n  'b',\n]\nwhen = { from = 2022-01-12, until = \"2023-01-01\" }\n\n[[clauses]]\n\"id\" = \"c\\\"1\"\nbearer = [\"x\"]\ntext = \"\"\"\nline \"\" \\\"\"\" x\"\"\"\"\namount.min = 3\n\n[clauses.when]\nfrom = 1979-05-27 07:32:00Z\n\n[[clauses.evidence]]\nsource = \"s\"\nquote = 'q'\n\n[[clauses.evidence]]\nquote = \"r\"\n\n[[clauses]]\nid = \"c2\"\n[[clauses.evidence]]\nquote = \"t\"\n";
        let paths = vec![
            path(&[k("format")]),
            path(&[k("kind")]),
            path(&[k("clauses"), i(0), k("id")]),
            path(&[k("clauses"), i(0), k("where"), i(1)]),
            path(&[k("clauses"), i(0), k("where"), i(5)]),
            path(&[k("clauses"), i(0), k("when")]),
            path(&[k("clauses"), i(0), k("when"), k("from")]),
            path(&[k("clauses"), i(0), k("when"), k("until"), k("deeper")]),
            path(&[k("clauses"), i(1), k("id")]),
            path(&[k("clauses"), i(1), k("bearer")]),
            path(&[k("clauses"), i(1), k("bearer"), i(0)]),
            path(&[k("clauses"), i(1), k("text")]),
            path(&[k("clauses"), i(1), k("amount"), k("min")]),
            path(&[k("clauses"), i(1), k("when"), k("from")]),
            path(&[k("clauses"), i(1), k("evidence"), i(0), k("quote")]),
            path(&[k("clauses"), i(1), k("evidence"), i(1), k("quote")]),
            path(&[k("clauses"), i(2), k("evidence"), i(0), k("quote")]),
            path(&[k("clauses"), i(2), k("id")]),
            path(&[k("nothing")]),
            path(&[]),
        ];
        let got = agree(text, Format::Toml, &paths);
        assert!(got.iter().all(Option::is_some), "{got:?}");
        // A table made by a header, or a path that ends in one: the tree is asked.
        let tables = vec![
            path(&[k("clauses")]),
            path(&[k("clauses"), i(2)]),
            path(&[k("clauses"), i(1), k("when")]),
            path(&[k("clauses"), i(1), k("amount")]),
            path(&[k("clauses"), i(2), k("missing")]),
        ];
        let got = agree(text, Format::Toml, &tables);
        assert!(got.iter().all(Option::is_none), "{got:?}");
    }

    #[test]
    fn json_values_at_any_depth() {
        let text = " \n{\"format\": \"negdiff/1\", \"clauses\": [{\"id\": \"c\\\"0\", \"where\": [\"a\", \"b\"], \"weight\": -1.5e3,\n \"when\": {\"from\": null}}, {}], \"x\": true}";
        let paths = vec![
            path(&[]),
            path(&[k("format")]),
            path(&[k("clauses")]),
            path(&[k("clauses"), i(0)]),
            path(&[k("clauses"), i(0), k("id")]),
            path(&[k("clauses"), i(0), k("where"), i(1)]),
            path(&[k("clauses"), i(0), k("weight")]),
            path(&[k("clauses"), i(0), k("when"), k("from")]),
            path(&[k("clauses"), i(1), k("id")]),
            path(&[k("clauses"), i(2), k("id")]),
            path(&[k("x"), i(0)]),
        ];
        let got = agree(text, Format::Json, &paths);
        assert!(got.iter().all(Option::is_some), "{got:?}");
    }

    /// Headers inside strings are not clause headers; each clause's fields are found from its
    /// own header, as the whole text's scan finds them, and the scan of a clause stops early
    /// without changing an answer.
    #[cfg(feature = "testing")]
    #[test]
    fn clauses_located_from_their_headers() {
        let text = "format = \"negdiff/1\"\nkind = \"position\"\nnote = \"[[clauses]] # \\n[[clauses]]\"\n\n\
                    [[sources]]\nid = \"s\"\n\n\
                    [[clauses]]\nid = \"c0\"\nwhere = [\n  \"a\", # ]\n  '[[clauses]]',\n]\nstrength = \"red-line\"\n\n\
                      [[ clauses ]] # two\nmodality = \"must\"\n\"id\" = \"c1\"\n\
                    [clauses.when]\nfrom = \"2022-01-01\"\n[[clauses.evidence]]\nquote = \"q\"\n";
        let starts = crate::format::fast::clause_marks(text).unwrap().clauses;
        assert_eq!(starts.len(), 2, "{starts:?}");
        assert!(text[starts[0]..].starts_with("[[clauses]]\nid = \"c0\""));
        assert!(text[starts[1]..].starts_with("[[ clauses ]]"));
        assert!(agrees_with_tree(text, Format::Toml).unwrap() > 10);
        let inline = "clauses = [{ id = \"a\" }]\n";
        assert_eq!(
            crate::format::fast::clause_marks(inline).map(|m| m.clauses),
            Some(vec![])
        );
        // What the small reader leaves to the `toml` parser (a multi-line string, here holding
        // a header of its own) has no headers noted, and is located by the whole text's scan.
        let multi = "format = \"negdiff/1\"\nkind = \"position\"\nparty = \"a\"\nlabel = \"\"\"\n[[clauses]]\nid = 'x'\n\"\"\"\n";
        assert_eq!(crate::format::fast::clause_marks(multi), None);
        assert!(matches!(crate::format::fast::toml_position_marked(multi), Some((_, m)) if m == Marks::default()));
    }

    /// The reader's notes place a clause's keys and the keys of its tables where the scans
    /// find them, in TOML written every odd way the small reader still reads: comments, blank
    /// lines, quoted keys, keys out of order, inline tables, CRLF, tabs, characters of several
    /// bytes before the value; a key with escapes is not noted, and dotted keys leave the
    /// file to the `toml` parser, which notes nothing.
    #[cfg(feature = "testing")]
    #[test]
    fn the_notes_place_fields_as_the_scans_do() {
        use crate::format::check::At;
        let text = "# top\nformat = \"negdiff/1\"\n\n[[clauses]] # first\n\n# a comment\n\t\"modality\" = \"must\"\n\
                    'clé' = \"é\"\nid\t=\t\"c0\"\nwhere = [\n  \"a\",\n  \"b\", # ü\n]\nstrength = \"red-line\"\n\
                    when = { from = \"2022\" }\n\n\
                    [clauses.amount]\n# why\nmin = 3\n\n\
                    [[clauses.evidence]]\nsource = \"s\"\n  quote = \"q\"\n\n\
                    [[clauses.evidence]]\nquote = 'r'\n\n\
                    [[clauses]]\nid = \"c1\"\n[clauses.when]\nuntil = \"2023\"\n";
        let mut clauses = 0;
        for t in [text.to_string(), text.replace('\n', "\r\n")] {
            let marks = crate::format::fast::clause_marks(&t).expect("the small reader reads it");
            assert_eq!(marks.clauses.len(), 2);
            let answers = [
                (At::Clause(0, "modality"), true),
                (At::Clause(0, "id"), true),
                (At::Clause(0, "strength"), true),
                (At::Clause(0, "where"), true),
                (At::Clause(0, "when"), true),
                (At::Clause(0, "clé"), true),
                (At::Clause(1, "id"), true),
                (At::Path(path(&[k("clauses"), i(0), k("amount"), k("min")])), true),
                (
                    At::Path(path(&[k("clauses"), i(0), k("evidence"), i(0), k("quote")])),
                    true,
                ),
                (
                    At::Path(path(&[k("clauses"), i(0), k("evidence"), i(1), k("quote")])),
                    true,
                ),
                (At::Path(path(&[k("clauses"), i(1), k("when"), k("until")])), true),
                (At::Quote(0, 1), true),
                (At::Quote(0, 2), false),
                // Not noted, or not a key of a table: left to the scans.
                (At::Clause(0, "idx"), false),
                (At::Clause(0, "amount"), false),
                (At::Clause(0, "evidence"), false),
                (At::Clause(2, "id"), false),
                (At::Path(path(&[k("clauses"), i(0), k("where"), i(1)])), false),
                (At::Path(path(&[k("clauses"), i(0), k("when"), k("from")])), false),
                (
                    At::Path(path(&[k("clauses"), i(0), k("evidence"), i(2), k("quote")])),
                    false,
                ),
                (At::Path(path(&[k("clauses"), i(0), k("evidence"), k("quote")])), false),
                (
                    At::Path(path(&[k("clauses"), i(1), k("when"), i(0), k("until")])),
                    false,
                ),
            ];
            for (at, noted) in answers {
                let got = at.noted_offset(&t, &marks);
                assert_eq!(got.is_some(), noted, "{}", at.path());
                if let Some(got) = got {
                    let whole = locate(&t, Format::Toml, &[&at.path()]).unwrap()[0].unwrap();
                    assert_eq!(got, whole, "{}", at.path());
                    clauses += 1;
                }
            }
            assert!(agrees_with_tree(&t, Format::Toml).unwrap() > 20);
        }
        assert_eq!(clauses, 24);
        // Where the value is on its line: after characters of several bytes, in characters.
        let t = "[[clauses]]\n'ÿé' = 1\n\"ü\" = 2\n";
        let marks = crate::format::fast::clause_marks(t).unwrap();
        let place = |at: At| {
            at.noted_offset(t, &marks)
                .map(|o| super::super::diagnostic::Lines::new("", t).line_col(o))
        };
        assert_eq!(place(At::Clause(0, "ÿé")), Some((2, 8)));
        assert_eq!(place(At::Clause(0, "ü")), Some((3, 7)));
        // A key with escapes is not noted (the scans leave it to a tree); dotted keys are the
        // `toml` parser's: nothing noted.
        let t = "[[clauses]]\n\"i\\u0064\" = 1\n";
        let marks = crate::format::fast::clause_marks(t).unwrap();
        assert_eq!(marks.clauses.len(), 1);
        assert_eq!(At::Clause(0, "id").noted_offset(t, &marks), None);
        assert_eq!(crate::format::fast::clause_marks("[[clauses]]\na.b = 1\n"), None);
    }

    /// A JSON file's clause objects are noted where the tree places them, whatever the strings
    /// inside hold; what this cannot be sure of (the first key of a clause written with an
    /// escape) or what the fast path does not read (the key twice, a value that is not a list,
    /// a field it does not know) notes nothing, and the whole text is scanned.
    #[cfg(feature = "testing")]
    #[test]
    fn json_clauses_located_from_their_objects() {
        let head = "{\"format\": \"negdiff/1\", \"kind\": \"position\", \"party\": \"p\", \"label\": \"l\",\n";
        let text = format!(
            "{head}\"sources\": [{{\"id\": \"s\", \"title\": \"a \\\" ] }} [\"}}],\n\
             \"clauses\" : [ {{\"id\": \"c0\", \"where\": [\"a\", \"]}}\"], \"bearer\": \"b\",\n\
             \"modality\": \"must\", \"action\": \"go\", \"text\": \"{{\", \"weight\": -1.5e3}},\n\
             {{\"modality\":\"must\",\"evidence\":[{{\"source\": \"s\", \"quote\":\"q\"}}], \"id\" :\"c1\",\n\
             \"bearer\": [\"b\"], \"action\": \"go\", \"text\": \"t\"}}\n  ]}}"
        );
        let text = text.as_str();
        // Each clause noted at its first key; its object's `{` found back from there.
        let firsts = json_clause_marks(text).unwrap().clauses;
        assert_eq!(firsts.len(), 2, "{firsts:?}");
        assert!(text[firsts[0]..].starts_with("\"id\": \"c0\""));
        assert!(text[firsts[1]..].starts_with("\"modality\""));
        let starts: Vec<usize> = firsts.iter().map(|&at| json_open(text, at).unwrap()).collect();
        assert!(text[starts[0]..].starts_with("{\"id\": \"c0\""));
        assert!(text[starts[1]..].starts_with("{\"modality\""));
        assert_eq!(json_open(text, starts[0] + 3), None, "not a first key");
        assert_eq!(
            json_object_key(text, starts[1], "id").map(|at| &text[at..at + 4]),
            Some("\"c1\"")
        );
        assert_eq!(json_object_key(text, starts[0], "strength"), None);
        assert!(agrees_with_tree(text, Format::Json).unwrap() > 10);
        assert_eq!(
            json_clause_marks(&format!("{head}\"clauses\": []}}")).map(|m| m.clauses),
            Some(vec![])
        );
        assert_eq!(
            json_clause_marks(&format!("{head}\"date\": \"2022-01-12\"}}")).map(|m| m.clauses),
            Some(vec![])
        );
        let clause = "{\"id\": \"a\", \"bearer\": \"b\", \"modality\": \"may\", \"action\": \"go\", \"text\": \"t\"}";
        let escaped = clause.replacen("\"id\"", "\"i\\u0064\"", 1);
        for unsure in [
            format!("{head}\"clauses\": [{escaped}]}}"),
            format!("{head}\"clauses\": [{clause}], \"clauses\": [{clause}]}}"),
            format!("{head}\"clauses\": {clause}}}"),
            format!("{head}\"clauses\": [{clause}]"),
            format!("{head}\"note\": 1, \"clauses\": [{clause}]}}"),
            format!("[{head}\"clauses\": []}}]"),
        ] {
            assert_eq!(json_clause_marks(&unsure).map(|m| m.clauses), None, "{unsure}");
        }
        // A clause's other keys written with escapes are only not noted.
        let later = clause.replacen("\"text\"", "\"t\\u0065xt\"", 1);
        assert_eq!(
            json_clause_marks(&format!("{head}\"clauses\": [{later}]}}")).map(|m| m.clauses.len()),
            Some(1)
        );
        assert_eq!(json_object_key("{\"\\u0069d\": 1}", 0, "id"), None);
    }

    /// Every key of a JSON clause object is noted where it is (in any layout, but not one
    /// with an escape, nor a key of an object inside the clause), and each object of its
    /// evidence list: a field of a clause is found at the offset the full path's tree gives.
    #[cfg(feature = "testing")]
    #[test]
    fn json_clause_keys_noted_where_they_are() {
        let text = "{\r\n  \"format\": \"negdiff/1\", \"kind\": \"position\", \"party\": \"p\", \"label\": \"l\",\r\n  \"clauses\": [\r\n    {\r\n      \"id\": \"c0\",\r\n      \"wh\\u0065re\": [\r\n        \"a\"\r\n      ],\r\n      \"when\": {\r\n        \"from\": \"2022-01-12\"\r\n      }, \"strength\": \"red-line\",\r\n      \"text\": \"a \\\" b\", \"bearer\": \"b\", \"modality\": \"must\", \"action\": \"go\"\r\n    },\r\n    {\"id\": \"c1\",\r\n     \"text\":\t\"t\", \"bearer\": \"b\", \"modality\": \"must\", \"action\": \"go\",\r\n     \"evidence\": [\r\n       {\"source\": \"s\", \"quote\": \"q0\"}, {\"source\": \"s\", \"quote\": \"q1\"},\r\n       {\r\n \"quote\": \"q2\", \"source\": \"s\"}, {\"quote\": \"q3\", \"source\": \"s\"}]}\r\n  ]\r\n}";
        let marks = json_clause_marks(text).unwrap();
        assert_eq!(marks.clauses.len(), 2);
        let tree = super::super::tree::parse_json(text).unwrap();
        let at = |path: &FieldPath| tree.locate(path).start;
        let clause = |i: usize, field: &str| FieldPath::root().key("clauses").index(i).key(field);
        for (i, field) in [
            (0, "id"),
            (0, "text"),
            (0, "strength"),
            (0, "modality"),
            (1, "id"),
            (1, "text"),
            (1, "bearer"),
        ] {
            assert_eq!(
                marks.key_offset(text, i, field),
                Some(at(&clause(i, field))),
                "{i} {field}"
            );
        }
        // Not a key written with an escape, nor one of an object inside the clause, nor one of
        // a clause that is not there.
        for (i, field) in [(0, "where"), (0, "from"), (2, "id")] {
            assert_eq!(marks.key_offset(text, i, field), None, "{i} {field}");
        }
        // The objects of a clause's evidence list are noted in order, each read from where it
        // starts.
        for j in 0..4 {
            let path = clause(1, "evidence").index(j).key("quote");
            assert_eq!(
                marks.table_key_offset(text, 1, "evidence", Some(j), "quote"),
                Some(at(&path)),
                "{path}"
            );
        }
        assert_eq!(marks.table_key_offset(text, 1, "evidence", Some(4), "quote"), None);
        assert_eq!(marks.table_key_offset(text, 1, "evidence", Some(0), "page"), None);
        assert_eq!(marks.table_key_offset(text, 0, "evidence", Some(0), "quote"), None);
        // A list of clauses that does not end is not read by the fast path: nothing noted.
        assert_eq!(json_clause_marks(&text[..text.len() - 8]), None);
    }

    /// The word-at-a-time searches find what a byte-at-a-time search finds, in text dense with
    /// the bytes they look for, the bytes they pass over, and non-ASCII.
    #[test]
    fn word_searches_find_what_a_byte_search_finds() {
        use proptest::prelude::*;
        let alphabet: Vec<u8> = b"\"\\[]{}Y_y\x7fa :,\n"
            .iter()
            .copied()
            .chain([0x00, 0x80, 0xDB, 0xFB, 0xFF])
            .collect();
        let texts = prop::collection::vec(prop::sample::select(alphabet), 0..40);
        proptest!(|(text in texts, from in 0usize..45)| {
            let naive = |hit: &dyn Fn(u8) -> bool| text.get(from..).and_then(|t| t.iter().position(|&c| hit(c))).map(|k| from + k);
            prop_assert_eq!(quote_or_escape(&text, from), naive(&|c| c == b'"' || c == b'\\'));
            prop_assert_eq!(quote_or_bracket(&text, from), naive(&|c| matches!(c, b'"' | b'[' | b']' | b'{' | b'}')));
        });
    }

    #[test]
    fn keys_with_escapes_are_left_to_the_tree() {
        let p = path(&[k("id")]);
        assert_eq!(locate("{\"\\u0069d\": 1}", Format::Json, &[&p]), None);
        assert_eq!(locate("\"\\u0069d\" = 1\n", Format::Toml, &[&p]), None);
    }
}
