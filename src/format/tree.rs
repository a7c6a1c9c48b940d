//! A value tree with byte spans, built from TOML or JSON text, so that every problem can be
//! located in the file.

use std::ops::{Deref, Range};

use crate::model::{FieldPath, Segment};

/// How deep arrays and tables may nest (the TOML parser has its own, similar limit).
const MAX_DEPTH: usize = 128;

/// A value with the byte range it was written at.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub span: Range<usize>,
    pub value: Value,
}

/// A key of a table with the byte range it was written at.
#[derive(Debug, Clone)]
pub(crate) struct Key {
    pub name: String,
    pub span: Range<usize>,
}

/// The kinds of values both syntaxes share.
#[derive(Debug, Clone)]
pub(crate) enum Value {
    Str(String),
    /// A number as a float (when it fits) and as written.
    Num(Option<f64>, String),
    Bool(bool),
    /// A TOML date or date-time, as written; `true` when it is a plain date.
    Datetime(String, bool),
    Null,
    Array(Vec<Node>),
    Table(Table),
}

/// Tables with more entries than this get an index by name; smaller ones are scanned.
const INDEXED_TABLE: usize = 16;

/// A table's entries in the order they were written, with an index by name built once, so
/// that finding a key costs O(log n) instead of a scan: locating 10^5 problems in a table of
/// 10^5 entries would otherwise take 10^10 comparisons.
#[derive(Debug, Clone, Default)]
pub(crate) struct Table {
    entries: Vec<(Key, Node)>,
    /// Positions in `entries`, sorted by name and then position; empty for a small table.
    by_name: Box<[u32]>,
}

impl Table {
    pub fn new(mut entries: Vec<(Key, Node)>) -> Self {
        entries.shrink_to_fit();
        let by_name = if entries.len() > INDEXED_TABLE {
            // A table of more than 2^32 entries cannot come from a file the loader accepts.
            let mut order: Vec<u32> = (0..entries.len()).filter_map(|i| u32::try_from(i).ok()).collect();
            order.sort_by(|&a, &b| {
                entries[a as usize]
                    .0
                    .name
                    .cmp(&entries[b as usize].0.name)
                    .then(a.cmp(&b))
            });
            order.into_boxed_slice()
        } else {
            Box::default()
        };
        Table { entries, by_name }
    }

    /// The value of the first entry named `name`.
    pub fn get(&self, name: &str) -> Option<&Node> {
        if self.by_name.is_empty() {
            return self.entries.iter().find(|(k, _)| k.name == name).map(|(_, v)| v);
        }
        let name_at = |i: &u32| self.entries[*i as usize].0.name.as_str();
        let first = self.by_name.partition_point(|i| name_at(i) < name);
        self.by_name
            .get(first)
            .filter(|i| name_at(i) == name)
            .map(|&i| &self.entries[i as usize].1)
    }
}

impl Deref for Table {
    type Target = [(Key, Node)];
    fn deref(&self) -> &[(Key, Node)] {
        &self.entries
    }
}

impl<'a> IntoIterator for &'a Table {
    type Item = &'a (Key, Node);
    type IntoIter = std::slice::Iter<'a, (Key, Node)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
    }
}

impl Value {
    /// What the value is, for "expected …, found …" messages.
    pub fn describe(&self) -> String {
        match self {
            Value::Str(s) => format!("the string `{}`", shorten(s)),
            Value::Num(_, t) => format!("the number `{t}`"),
            Value::Bool(b) => format!("the boolean `{b}`"),
            Value::Datetime(t, _) => format!("the date `{t}`"),
            Value::Null => "null".to_string(),
            Value::Array(_) => "an array".to_string(),
            Value::Table(_) => "a table".to_string(),
        }
    }
}

fn shorten(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(MAX).collect();
        t.push('…');
        t
    }
}

impl Node {
    /// The entry of a table.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Table(table) => table.get(key),
            _ => None,
        }
    }

    /// The deepest node on `path` and the span to point at: the node itself, or the key of a
    /// table entry when the path ends at a key.
    pub fn locate(&self, path: &FieldPath) -> Range<usize> {
        let mut node = self;
        for seg in &path.0 {
            let next = match (seg, &node.value) {
                (Segment::Key(k), Value::Table(table)) => table.get(k),
                (Segment::Index(i), Value::Array(items)) => items.get(*i),
                _ => None,
            };
            match next {
                Some(n) => node = n,
                None => break,
            }
        }
        node.span.clone()
    }

    /// Converts to a JSON value (dates become strings), for serde to read into the model.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Str(s) | Value::Datetime(s, _) => J::String(s.clone()),
            Value::Num(n, _) => n.and_then(serde_json::Number::from_f64).map_or(J::Null, J::Number),
            Value::Bool(b) => J::Bool(*b),
            Value::Null => J::Null,
            Value::Array(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Table(entries) => J::Object(entries.iter().map(|(k, v)| (k.name.clone(), v.to_json())).collect()),
        }
    }
}

/// The least number of bytes a file spends, on average, on each bracket, brace and separator
/// (`[ { , =` in TOML, `[ { , :` in JSON).
///
/// Parsing costs memory per value (the `toml` crate about 48 bytes a token before its own tree,
/// this module's tree 64 bytes a value), so a file of tiny values costs tens of times its size:
/// 15 MB of `[],` took 1 GB. Negotiation files spend 6 to 25 bytes per item (a list of one-letter
/// ids, minified, 4), so a denser file is refused by a scan that holds nothing, before any tree
/// is built, and memory stays a constant factor of the file.
pub(crate) const BYTES_PER_ITEM: usize = 4;

/// Files with at most this many items are never refused for their density.
pub(crate) const DENSITY_FLOOR: usize = 65_536;

/// Where a file becomes too dense to parse: the byte offset of its first bracket, brace or
/// separator past `max(len / BYTES_PER_ITEM, DENSITY_FLOOR)`, with that budget; `None` when
/// the file is within it. Strings and comments are skipped; nothing is allocated.
pub(crate) fn too_dense(text: &str, toml: bool) -> Option<(usize, usize)> {
    let budget = (text.len() / BYTES_PER_ITEM).max(DENSITY_FLOOR);
    if text.len() <= budget {
        // Fewer bytes than the budget: there cannot be more items.
        return None;
    }
    past_budget(text.as_bytes(), toml, budget).map(|at| (at, budget))
}

/// The offset of the first item (`[ { ,`, and `=` in TOML or `:` in JSON) outside strings and
/// comments past the first `budget` of them, if any.
///
/// Every load of a large file runs this scan, so it first counts those bytes wherever they
/// are, strings and comments included, which the compiler turns into a few vector
/// instructions per block of bytes: a file whose count is within the budget (every
/// negotiation file) is within it, and only a file past it is scanned one byte at a time,
/// strings and comments skipped.
fn past_budget(b: &[u8], toml: bool, budget: usize) -> Option<usize> {
    let sep = if toml { b'=' } else { b':' };
    if structure_bytes(b, sep) <= budget {
        return None;
    }
    scan_past_budget(b, toml, budget)
}

/// [`past_budget`] one byte at a time, strings and comments skipped.
fn scan_past_budget(b: &[u8], toml: bool, budget: usize) -> Option<usize> {
    let sep = if toml { b'=' } else { b':' };
    let mut items = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'[' | b'{' | b',' => items += 1,
            c if c == sep => items += 1,
            b'"' if toml && b[i..].starts_with(br#"""""#) => {
                i = skip_to(b, i + 3, br#"""""#, true);
                continue;
            }
            b'\'' if toml && b[i..].starts_with(b"'''") => {
                i = skip_to(b, i + 3, b"'''", false);
                continue;
            }
            b'"' => {
                i = skip_to(b, i + 1, b"\"", true);
                continue;
            }
            b'\'' if toml => {
                i = skip_to(b, i + 1, b"'", false);
                continue;
            }
            b'#' if toml => {
                i = skip_to(b, i + 1, b"\n", false);
                continue;
            }
            _ => {}
        }
        if items > budget {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// How many bytes are `[`, `{`, `,` or `sep`, anywhere.
fn structure_bytes(b: &[u8], sep: u8) -> usize {
    // A byte adds at most one, so a block of 255 sums in a `u8`: the sum of a block is the
    // form that compiles to vector compares and adds.
    b.chunks(255)
        .map(|block| {
            let n = block.iter().fold(0u8, |n, &c| {
                n.wrapping_add(u8::from(c == b'[') + u8::from(c == b'{') + u8::from(c == b',') + u8::from(c == sep))
            });
            usize::from(n)
        })
        .sum()
}

/// The offset just past the first `end` at or after `from` (a backslash skipping the next byte
/// when `escapes`), or the end of the text.
fn skip_to(b: &[u8], mut from: usize, end: &[u8], escapes: bool) -> usize {
    while from < b.len() {
        if escapes && b[from] == b'\\' {
            from += 2;
            continue;
        }
        if b[from..].starts_with(end) {
            return from + end.len();
        }
        from += 1;
    }
    b.len()
}

/// A syntax error: message and byte offset.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SyntaxError {
    pub message: String,
    pub at: usize,
}

/// Parses TOML into a tree, or returns every syntax error the parser found.
pub(crate) fn parse_toml(text: &str) -> Result<Node, Vec<SyntaxError>> {
    let (doc, errors) = toml::de::DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return Err(errors
            .iter()
            .map(|e| SyntaxError {
                message: lower_first(e.message().trim().trim_end_matches('.')),
                at: e.span().map_or(0, |s| s.start),
            })
            .collect());
    }
    let span = doc.span();
    Ok(Node {
        span: 0..text.len().max(span.end),
        value: toml_table(doc.into_inner()),
    })
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

// The parser's tree is consumed as it is converted, so that the two trees are not both whole
// in memory, and every list is sized exactly: a file of many small values (a 15 MB array of
// empty arrays holds 5 × 10^6 of them) costs a few words a value, not the sum of two trees
// and of growth slack.
fn toml_table(t: toml::de::DeTable<'_>) -> Value {
    let mut entries: Vec<(Key, Node)> = Vec::with_capacity(t.len());
    for (k, v) in t {
        let span = k.span();
        entries.push((
            Key {
                name: k.into_inner().into_owned(),
                span,
            },
            toml_node(v),
        ));
    }
    entries.sort_by_key(|(k, _)| k.span.start);
    Value::Table(Table::new(entries))
}

fn toml_node(v: toml::Spanned<toml::de::DeValue<'_>>) -> Node {
    use toml::de::DeValue as D;
    let span = v.span();
    let value = match v.into_inner() {
        D::String(s) => Value::Str(s.into_owned()),
        D::Integer(i) => {
            let n = i64::from_str_radix(i.as_str(), i.radix()).ok().map(|n| n as f64);
            Value::Num(n, i.to_string())
        }
        D::Float(f) => Value::Num(f.as_str().parse().ok(), f.to_string()),
        D::Boolean(b) => Value::Bool(b),
        D::Datetime(d) => Value::Datetime(
            d.to_string(),
            d.date.is_some() && d.time.is_none() && d.offset.is_none(),
        ),
        D::Array(a) => {
            let items: Vec<Node> = a.into_iter().map(toml_node).collect();
            Value::Array(items)
        }
        D::Table(t) => toml_table(t),
    };
    Node { span, value }
}

/// Parses JSON into a tree. Syntax errors come from `serde_json` (which reads JSON exactly as
/// the standard says); the spans come from a small parser of our own over the same text.
pub(crate) fn parse_json(text: &str) -> Result<Node, Vec<SyntaxError>> {
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
        let full = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let message = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
        return Err(vec![SyntaxError {
            message,
            at: offset_of(text, e.line(), e.column()),
        }]);
    }
    let mut p = JsonParser { text, pos: 0 };
    p.ws();
    let node = p.value(0)?;
    Ok(node)
}

/// The byte offset of a 1-based line and column (in characters; 0 is before the first).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let rest = &text[start..];
    let col = column.saturating_sub(1);
    start + rest.char_indices().nth(col).map_or(rest.len(), |(i, _)| i)
}

struct JsonParser<'a> {
    text: &'a str,
    pos: usize,
}

impl JsonParser<'_> {
    fn err(&self, message: &str) -> Vec<SyntaxError> {
        vec![SyntaxError {
            message: message.to_string(),
            at: self.pos,
        }]
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, b: u8) -> Result<(), Vec<SyntaxError>> {
        if self.peek() == Some(b) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.err(&format!("expected `{}`", b as char)))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, Vec<SyntaxError>> {
        if depth > MAX_DEPTH {
            return Err(self.err("recursion limit exceeded"));
        }
        let start = self.pos;
        let value = match self.peek() {
            Some(b'{') => {
                self.pos += 1;
                let mut entries: Vec<(Key, Node)> = Vec::new();
                // Names seen, once the object is too long to scan for a duplicate.
                let mut names: std::collections::HashSet<String> = std::collections::HashSet::new();
                self.ws();
                if self.peek() == Some(b'}') {
                    self.pos += 1;
                } else {
                    loop {
                        self.ws();
                        let ks = self.pos;
                        let name = self.string()?;
                        let key = Key {
                            name,
                            span: ks..self.pos,
                        };
                        if entries.len() == INDEXED_TABLE {
                            names.extend(entries.iter().map(|(k, _)| k.name.clone()));
                        }
                        let duplicate = if entries.len() < INDEXED_TABLE {
                            entries.iter().any(|(k, _)| k.name == key.name)
                        } else {
                            !names.insert(key.name.clone())
                        };
                        if duplicate {
                            self.pos = ks;
                            return Err(self.err(&format!("duplicate key `{}`", key.name)));
                        }
                        self.ws();
                        self.eat(b':')?;
                        self.ws();
                        let v = self.value(depth + 1)?;
                        entries.push((key, v));
                        self.ws();
                        match self.peek() {
                            Some(b',') => self.pos += 1,
                            Some(b'}') => {
                                self.pos += 1;
                                break;
                            }
                            _ => return Err(self.err("expected `,` or `}`")),
                        }
                    }
                }
                Value::Table(Table::new(entries))
            }
            Some(b'[') => {
                self.pos += 1;
                let mut items = Vec::new();
                self.ws();
                if self.peek() == Some(b']') {
                    self.pos += 1;
                } else {
                    loop {
                        self.ws();
                        items.push(self.value(depth + 1)?);
                        self.ws();
                        match self.peek() {
                            Some(b',') => self.pos += 1,
                            Some(b']') => {
                                self.pos += 1;
                                break;
                            }
                            _ => return Err(self.err("expected `,` or `]`")),
                        }
                    }
                }
                // No growth slack kept: the tree stays a few words a value.
                items.shrink_to_fit();
                Value::Array(items)
            }
            Some(b'"') => Value::Str(self.string()?),
            Some(b't') => self.word("true", Value::Bool(true))?,
            Some(b'f') => self.word("false", Value::Bool(false))?,
            Some(b'n') => self.word("null", Value::Null)?,
            Some(b'-' | b'0'..=b'9') => {
                while matches!(self.peek(), Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')) {
                    self.pos += 1;
                }
                let t = self.text.get(start..self.pos).unwrap_or("");
                Value::Num(t.parse().ok(), t.to_string())
            }
            _ => return Err(self.err("expected a value")),
        };
        Ok(Node {
            span: start..self.pos,
            value,
        })
    }

    fn word(&mut self, w: &str, v: Value) -> Result<Value, Vec<SyntaxError>> {
        if self.text.get(self.pos..).is_some_and(|r| r.starts_with(w)) {
            self.pos += w.len();
            Ok(v)
        } else {
            Err(self.err("expected a value"))
        }
    }

    fn hex4(&mut self) -> Result<u32, Vec<SyntaxError>> {
        let h = self
            .text
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| self.err("bad escape"))?;
        let n = u32::from_str_radix(h, 16).map_err(|_| self.err("bad escape"))?;
        self.pos += 4;
        Ok(n)
    }

    fn string(&mut self) -> Result<String, Vec<SyntaxError>> {
        self.eat(b'"')?;
        let mut out = String::new();
        loop {
            let rest = self.text.get(self.pos..).unwrap_or("");
            let Some(c) = rest.chars().next() else {
                return Err(self.err("unterminated string"));
            };
            self.pos += c.len_utf8();
            match c {
                '"' => return Ok(out),
                '\\' => {
                    let Some(e) = self.peek() else {
                        return Err(self.err("unterminated string"));
                    };
                    self.pos += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi)
                                && self.text.get(self.pos..).is_some_and(|r| r.starts_with("\\u"))
                            {
                                self.pos += 2;
                                let lo = self.hex4()?;
                                0x10000 + ((hi - 0xD800) << 10) + (lo.wrapping_sub(0xDC00) & 0x3FF)
                            } else {
                                hi
                            };
                            out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                        }
                        _ => return Err(self.err("bad escape")),
                    }
                }
                c => out.push(c),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_spans_point_at_values() {
        let t = r#"{"a": [1, "x\u00e9\ud83d\ude00"], "b": {"c": null}}"#;
        let n = parse_json(t).unwrap();
        let p = FieldPath::root().key("a").index(1);
        let s = n.locate(&p);
        assert_eq!(&t[s], r#""x\u00e9\ud83d\ude00""#);
        match &n.get("a").unwrap().value {
            Value::Array(items) => assert!(matches!(&items[1].value, Value::Str(s) if s == "xé😀")),
            _ => panic!(),
        }
    }

    #[test]
    fn json_syntax_errors_have_positions() {
        let e = parse_json("{\n  \"a\": 1,\n}").unwrap_err();
        assert_eq!(e[0].message, "key must be a string");
        assert_eq!(e[0].at, 12);
    }

    #[test]
    fn a_large_table_finds_every_key_and_the_first_of_equal_names() {
        let entries: Vec<(Key, Node)> = (0..100)
            .map(|i| {
                let name = format!("k{}", i % 50);
                (
                    Key { name, span: i..i + 1 },
                    Node {
                        span: i..i + 1,
                        value: Value::Null,
                    },
                )
            })
            .collect();
        let table = Table::new(entries);
        for i in 0..50 {
            assert_eq!(table.get(&format!("k{i}")).map(|n| n.span.start), Some(i));
        }
        assert!(table.get("k50").is_none() && table.get("").is_none() && table.get("zz").is_none());
        assert_eq!(table.len(), 100);
    }

    #[test]
    fn density_counts_structure_outside_strings_and_comments() {
        let n = DENSITY_FLOOR;
        // `[],` is three bytes and two items: refused, at the first item past the budget.
        let dense = format!("x = [{}]", "[],".repeat(n));
        let (at, budget) = too_dense(&dense, true).unwrap();
        assert_eq!(budget, (dense.len() / BYTES_PER_ITEM).max(DENSITY_FLOOR));
        assert!(matches!(dense.as_bytes()[at], b'[' | b','));
        let json = format!("{{\"x\": [{}[]]}}", "[],".repeat(n));
        assert!(too_dense(&json, false).is_some());
        // The same brackets inside strings and comments, and a list of one-letter ids: fine.
        for ok in [
            format!("x = \"{}\"", "[],".repeat(n)),
            format!("x = '{}'", "[],".repeat(n)),
            format!("x = \"\"\"\n{}\"\"\"", "[],\\\"".repeat(n)),
            format!("x = '''{}'''", "[],".repeat(n)),
            format!("# {}\nx = 1", "[],".repeat(n)),
            format!("x = [{}\"a\"]", "\"a\",".repeat(2 * n)),
        ] {
            assert_eq!(too_dense(&ok, true), None, "{}", &ok[..20]);
        }
        let escaped = format!("{{\"x\": \"{}\"}}", "[],\\\"".repeat(n));
        assert_eq!(too_dense(&escaped, false), None);
        // Small files are never refused.
        assert_eq!(too_dense(&"[],".repeat(1000), true), None);
    }

    proptest::proptest! {
        /// The density scan, which skips the bytewise scan when a count of every structure
        /// byte is within the budget, finds what the bytewise scan finds (texts long enough
        /// for several blocks of the count, budgets on both sides of it).
        #[test]
        fn the_density_scan_matches_the_bytewise_scan(
            text in proptest::collection::vec(
                proptest::sample::select(b"[{,=:\"'#\\\nab ".to_vec()),
                0..700,
            ),
            toml: bool,
            budget in 0usize..400,
        ) {
            let sep = if toml { b'=' } else { b':' };
            let count = text.iter().filter(|&&c| matches!(c, b'[' | b'{' | b',') || c == sep).count();
            proptest::prop_assert_eq!(structure_bytes(&text, sep), count);
            proptest::prop_assert_eq!(
                past_budget(&text, toml, budget),
                scan_past_budget(&text, toml, budget)
            );
        }
    }

    #[test]
    fn toml_spans() {
        let t = "a = 1\n[[b]]\nc = \"x\"\n";
        let n = parse_toml(t).unwrap();
        let s = n.locate(&FieldPath::root().key("b").index(0).key("c"));
        assert_eq!(&t[s], "\"x\"");
    }
}
