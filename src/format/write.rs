//! Canonical writers: header first, then the model's fields in declaration order.

use serde::Serialize;

use crate::model::{FieldPath, Position, Segment, Vocabulary};

/// A model value that is the body of a negdiff/1 file: a [`Vocabulary`] or a [`Position`].
pub trait FileBody: Serialize + private::Sealed {
    /// The file's `kind`.
    const KIND: &'static str;
}

mod private {
    pub trait Sealed {}
    impl Sealed for crate::model::Vocabulary {}
    impl Sealed for crate::model::Position {}
}

impl FileBody for Vocabulary {
    const KIND: &'static str = "vocabulary";
}

impl FileBody for Position {
    const KIND: &'static str = "position";
}

/// A value that could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot write {kind}: {message}")]
pub struct WriteError {
    kind: &'static str,
    message: String,
}

/// Writes a vocabulary or position as a TOML file in canonical form: `format` and `kind` first,
/// then fields in a fixed order, groups sorted by name, defaults left out.
///
/// This is the serde form of the value (so `toml::to_string` writes the same document).
///
/// # Errors
/// [`WriteError`] when a value has no TOML form (never for a value that loads).
pub fn to_toml<T: FileBody>(value: &T) -> Result<String, WriteError> {
    toml::to_string(value).map_err(|e| WriteError {
        kind: T::KIND,
        message: e.to_string(),
    })
}

/// Writes a vocabulary or position as a JSON file in canonical form (as [`to_toml`], pretty
/// printed, with a final newline).
///
/// ```
/// use negdiff::{format, Clause, Modality, Position};
/// let p = Position::new("a", "l").clause(Clause::new("c", "a", Modality::May, "talk").weight(f64::NAN));
/// let e = format::to_json(&p).unwrap_err();
/// assert_eq!(e.to_string(), "cannot write position: `clauses[0].weight` is not a finite number");
/// ```
///
/// # Errors
/// [`WriteError`] when a value has no JSON form: a number that is not finite (JSON has no
/// NaN or infinity, and writing `null` in its place would not load back).
pub fn to_json<T: FileBody>(value: &T) -> Result<String, WriteError> {
    let fail = |message: String| WriteError { kind: T::KIND, message };
    // serde_json writes a NaN or an infinity as `null`. The canonical form leaves absent
    // values out instead of writing `null`, so a `null` in the tree is such a number.
    let tree = serde_json::to_value(value).map_err(|e| fail(e.to_string()))?;
    if let Some(at) = null_at(&tree, &mut FieldPath::root()) {
        return Err(fail(format!("`{at}` is not a finite number")));
    }
    // Written from the value, not the tree, whose maps would sort the keys.
    let mut s = serde_json::to_string_pretty(value).map_err(|e| fail(e.to_string()))?;
    s.push('\n');
    Ok(s)
}

/// The path of the first `null`.
fn null_at(v: &serde_json::Value, at: &mut FieldPath) -> Option<FieldPath> {
    match v {
        serde_json::Value::Null => Some(at.clone()),
        serde_json::Value::Array(items) => items.iter().enumerate().find_map(|(i, x)| {
            at.0.push(Segment::Index(i));
            let found = null_at(x, at);
            at.0.pop();
            found
        }),
        serde_json::Value::Object(m) => m.iter().find_map(|(k, x)| {
            at.0.push(Segment::Key(k.clone()));
            let found = null_at(x, at);
            at.0.pop();
            found
        }),
        _ => None,
    }
}

/// The canonical TOML of a position (see [`position_toml_marked`]).
#[cfg(test)]
pub(crate) fn position_toml(p: &Position) -> String {
    position_toml_marked(p).0
}

/// Where the lines and tables of a text start, as its writer knows them: the number of
/// newlines and, for every line but the first that opens with `[`, its first byte and its
/// line number. The unified diff of `evolve` diffs these stretches (tables) first; knowing
/// them from the writer, it does not read 40 MB of text to find them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct LineMarks {
    pub(crate) newlines: usize,
    pub(crate) tables: Vec<(usize, usize)>,
}

/// The canonical TOML of a position, the same bytes as [`to_toml`], written straight from the
/// model, with the [`LineMarks`] of the text.
///
/// `toml::to_string` probes every value for its shape and keeps one buffer per table; on a
/// position of 10⁵ clauses that is most of `evolve`'s time, and `evolve` writes two. This
/// writer knows the shape (which fields are tables, which are skipped when empty) and uses
/// `toml_writer`, the encoder `toml` itself uses, for every key, string and float, so the
/// bytes are the same; a proptest over hostile positions checks it against [`to_toml`], and
/// its marks against a reading of the text.
/// Every struct is destructured without `..`, so a field added to the model does not compile
/// here until it is written.
pub(crate) fn position_toml_marked(p: &Position) -> (String, LineMarks) {
    let Position {
        party,
        label,
        date,
        vocabulary,
        addresses,
        sources,
        groups,
        clauses,
    } = p;
    // Clauses are most of the text: a generated clause takes about 200 bytes.
    let mut w = Toml(String::with_capacity(256 + 256 * clauses.len()), LineMarks::default());
    // A generated clause has two or three tables.
    w.1.tables.reserve(1 + 3 * clauses.len());
    w.str("format", crate::format::FORMAT);
    w.str("kind", Position::KIND);
    w.str("party", party);
    w.str("label", label);
    w.opt_date("date", date.as_ref());
    w.opt_str("vocabulary", vocabulary.as_deref());
    if let Some(a) = addresses {
        w.strs("addresses", a);
    }
    // An empty array of tables has no table to write, so `toml` writes it as a value.
    if clauses.is_empty() {
        w.strs("clauses", &[] as &[String]);
    }
    for s in sources {
        let crate::model::Source {
            id,
            title,
            publisher,
            date,
            path,
        } = s;
        w.header("[[sources]]");
        w.str("id", id);
        w.str("title", title);
        w.opt_str("publisher", publisher.as_deref());
        w.opt_date("date", date.as_ref());
        w.opt_str("path", path.as_deref());
    }
    if !groups.is_empty() {
        w.header("[groups]");
        for (name, members) in groups {
            let _ = toml_writer::TomlWrite::key(&mut w.0, toml_writer::TomlKeyBuilder::new(name).as_default());
            w.0.push_str(" = ");
            w.array(members);
            w.newline();
        }
    }
    for c in clauses {
        clause_toml(&mut w, c);
    }
    (w.0, w.1)
}

fn clause_toml(w: &mut Toml, c: &crate::model::Clause) {
    let crate::model::Clause {
        id,
        bearer,
        modality,
        action,
        places,
        when,
        amount,
        strength,
        weight,
        conditions,
        text,
        basis,
        source,
        rationale,
        evidence,
    } = c;
    w.header("[[clauses]]");
    w.str("id", id);
    match bearer.as_slice() {
        [one] => w.str("bearer", one),
        many => w.strs("bearer", many),
    }
    w.str("modality", modality.as_str());
    w.str("action", action);
    if let Some(places) = places {
        w.strs("where", places);
    }
    if *strength != crate::model::Strength::default() {
        w.str("strength", strength.as_str());
    }
    if let Some(x) = weight {
        w.float("weight", *x);
    }
    if !conditions.is_empty() {
        w.key("conditions");
        w.0.push('[');
        for (i, r) in conditions.iter().enumerate() {
            if i > 0 {
                w.0.push_str(", ");
            }
            w.value(&r.to_string());
        }
        w.0.push(']');
        w.newline();
    }
    w.str("text", text);
    w.opt_str("basis", basis.map(crate::model::Basis::as_str));
    w.opt_str("source", source.as_deref());
    w.opt_str("rationale", rationale.as_deref());
    if let Some(crate::model::DateRange { from, until }) = when {
        w.header("[clauses.when]");
        w.opt_date("from", from.as_ref());
        w.opt_date("until", until.as_ref());
    }
    if let Some(crate::model::AmountRange { min, max }) = amount {
        w.header("[clauses.amount]");
        if let Some(x) = min {
            w.float("min", *x);
        }
        if let Some(x) = max {
            w.float("max", *x);
        }
    }
    for e in evidence {
        let crate::model::Evidence { source, quote, speaker } = e;
        w.header("[[clauses.evidence]]");
        w.str("source", source);
        w.str("quote", quote);
        w.opt_str("speaker", speaker.as_deref());
    }
}

/// The bytes a basic string holds as they are: all but control characters, `"` and `\`.
const PLAIN: [bool; 256] = {
    let mut t = [true; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = false;
        i += 1;
    }
    t[0x7f] = false;
    t[b'"' as usize] = false;
    t[b'\\' as usize] = false;
    t
};

/// A TOML document being written: `key = value` lines, tables after a blank line; and where
/// its lines and tables start. Every newline goes through [`Toml::newline`], or is counted
/// after a value that may hold some.
struct Toml(String, LineMarks);

impl Toml {
    fn newline(&mut self) {
        self.0.push('\n');
        self.1.newlines += 1;
    }

    /// A table header; every table follows the one before after a blank line.
    fn header(&mut self, h: &str) {
        self.newline();
        if h.starts_with('[') {
            self.1.tables.push((self.0.len(), self.1.newlines));
        }
        self.0.push_str(h);
        self.newline();
    }

    /// `key = `, for the model's field names, which are all bare keys.
    fn key(&mut self, k: &str) {
        self.0.push_str(k);
        self.0.push_str(" = ");
    }

    fn value(&mut self, v: &str) {
        // A string with no control character, quote or backslash is a basic string as it
        // stands, whichever way `toml_writer` reasons about it (it picks the basic form first
        // when nothing needs escaping, and its escaping loop passes every other byte through).
        // Ids, names, dates and most texts are such strings; measuring each one through
        // `toml_writer` was half of this writer's time.
        if v.bytes().all(|b| PLAIN[usize::from(b)]) {
            self.0.reserve(v.len() + 2);
            self.0.push('"');
            self.0.push_str(v);
            self.0.push('"');
        } else {
            let start = self.0.len();
            let _ = toml_writer::TomlWrite::value(&mut self.0, v);
            // A multi-line string keeps its newlines; a line of it may open with `[`.
            let bytes = self.0.as_bytes();
            for (at, _) in bytes[start..].iter().enumerate().filter(|(_, &b)| b == b'\n') {
                self.1.newlines += 1;
                if bytes.get(start + at + 1) == Some(&b'[') {
                    self.1.tables.push((start + at + 1, self.1.newlines));
                }
            }
        }
    }

    fn str(&mut self, k: &str, v: &str) {
        self.key(k);
        self.value(v);
        self.newline();
    }

    fn opt_str(&mut self, k: &str, v: Option<&str>) {
        if let Some(v) = v {
            self.str(k, v);
        }
    }

    /// A date, which serde writes through its `Display` (`YYYY-MM-DD`, a leading `-` before
    /// year 0). Those characters never need quoting beyond `"…"`, so the digits are written
    /// directly: formatting each date through `Display` was half of this writer's time.
    fn opt_date(&mut self, k: &str, v: Option<&crate::model::Date>) {
        let Some(v) = v else { return };
        let (y, m, d) = v.ymd();
        if y.unsigned_abs() > 9999 {
            return self.str(k, &v.to_string());
        }
        self.key(k);
        self.0.push('"');
        if y < 0 {
            self.0.push('-');
        }
        let digit = |x: u32| b'0' + (x % 10) as u8;
        let y = y.unsigned_abs();
        // ASCII bytes pushed as they are (formatting through `Display` was most of a date's cost).
        let text = [
            digit(y / 1000),
            digit(y / 100),
            digit(y / 10),
            digit(y),
            b'-',
            digit(m / 10),
            digit(m),
            b'-',
            digit(d / 10),
            digit(d),
            b'"',
        ];
        self.0.reserve(text.len() + 1);
        text.into_iter().for_each(|b| self.0.push(char::from(b)));
        self.newline();
    }

    fn array(&mut self, items: &[String]) {
        self.0.push('[');
        for (i, s) in items.iter().enumerate() {
            if i > 0 {
                self.0.push_str(", ");
            }
            self.value(s);
        }
        self.0.push(']');
    }

    fn strs(&mut self, k: &str, items: &[String]) {
        self.key(k);
        self.array(items);
        self.newline();
    }

    fn float(&mut self, k: &str, x: f64) {
        self.key(k);
        // As `toml`'s serializer: a NaN's sign is dropped.
        let x = if x.is_nan() { x.copysign(1.0) } else { x };
        // A whole amount below 2⁵³ is its integer's digits and `.0` (what `toml_writer`
        // writes through `Display`, which never uses an exponent), written without `fmt`.
        if x != 0.0 && x % 1.0 == 0.0 && x.abs() < 9_007_199_254_740_992.0 {
            let mut digits = [0u8; 20];
            let mut at = digits.len();
            // Exact: |x| < 2⁵³.
            let mut n = x.abs() as u64;
            while n > 0 {
                at -= 1;
                digits[at] = b'0' + (n % 10) as u8;
                n /= 10;
            }
            if x < 0.0 {
                self.0.push('-');
            }
            digits[at..].iter().for_each(|&d| self.0.push(char::from(d)));
            self.0.push_str(".0");
            self.newline();
            return;
        }
        let _ = toml_writer::TomlWrite::value(&mut self.0, x);
        self.newline();
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::*;
    use crate::model::{AmountRange, Basis, Clause, ClauseRef, Date, DateRange, Evidence, Modality, Source, Strength};

    /// The example positions, read as they are in the repository.
    const EXAMPLES: [&str; 6] = [
        include_str!("../../examples/data/nato-2022-01-12-brussels.toml"),
        include_str!("../../examples/data/nato-2022-01-26-reply.toml"),
        include_str!("../../examples/data/russia-2021-12-17-draft.toml"),
        include_str!("../../examples/data/russia-2021-12-17-us-draft.toml"),
        include_str!("../../examples/data/russia-2022-01-12-brussels.toml"),
        include_str!("../../examples/data/us-2022-01-26-reply.toml"),
    ];

    #[test]
    fn the_fast_writer_writes_the_examples_as_toml_does() {
        for text in EXAMPLES {
            let p: Position = toml::from_str(text).unwrap();
            assert!(!p.clauses.is_empty());
            assert_eq!(position_toml(&p), to_toml(&p).unwrap(), "{}", p.label);
        }
    }

    #[cfg(feature = "testing")]
    #[test]
    fn the_fast_writer_writes_generated_positions_as_toml_does() {
        use crate::testing::{generate, generate_revision, GenConfig, RevisionConfig};
        let (vocab, left, right) = generate(&GenConfig::with_clauses(300, 5));
        let next = generate_revision(&vocab, &left, &RevisionConfig::new(5));
        for p in [left, right, next] {
            assert_eq!(position_toml(&p), to_toml(&p).unwrap());
        }
    }

    #[test]
    fn the_fast_writer_writes_the_edge_cases_as_toml_does() {
        let c = |id: &str| Clause::new(id, "a", Modality::Must, "act");
        let mut empty_when = c("w");
        empty_when.when = Some(DateRange::default());
        empty_when.amount = Some(AmountRange::default());
        empty_when.bearer.clear();
        empty_when.places = Some(Vec::new());
        let cases = [
            // No clauses: `clauses = []` in the root table.
            Position::new("a", "l"),
            Position::new("a", "l")
                .addressing(Vec::<String>::new())
                .clause(empty_when),
            Position::new("a", "multi\nline 'quoted' \"text\"\u{7f}").clause(c("x").text("a\"\"\"b'''c\\d\re")),
        ];
        for p in cases {
            assert_eq!(position_toml(&p), to_toml(&p).unwrap());
        }
    }

    /// Strings that exercise every encoding `toml` picks: bare-like, quotes of both kinds and
    /// in runs, backslashes, newlines, control characters, non-ASCII.
    fn text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("a"),
            Just("Z9"),
            Just("-"),
            Just("_"),
            Just(" "),
            Just("."),
            Just("/"),
            Just(":"),
            Just("'"),
            Just("\""),
            Just("\\"),
            Just("\n"),
            Just("\r"),
            Just("\t"),
            Just("\u{0}"),
            Just("\u{8}"),
            Just("\u{c}"),
            Just("\u{1b}"),
            Just("\u{7f}"),
            Just("["),
            Just("#"),
            Just("="),
            Just("é"),
            Just("—"),
            Just("😀"),
        ];
        proptest::collection::vec(piece, 0..10).prop_map(|v| v.concat())
    }

    fn float() -> impl Strategy<Value = f64> {
        prop_oneof![
            any::<f64>(),
            Just(f64::NAN),
            Just(-f64::NAN),
            Just(f64::INFINITY),
            Just(f64::NEG_INFINITY),
            Just(0.0),
            Just(-0.0),
            Just(1e300),
            Just(1e-300),
            (-100_000i64..100_000).prop_map(|x| x as f64 / 4.0),
            // Whole numbers up to and around 2⁵³, where the writer's own digits stop.
            (-(1i64 << 54)..(1i64 << 54)).prop_map(|x| x as f64),
            (-4i64..4).prop_map(|d| (9_007_199_254_740_992i64 + d) as f64),
        ]
    }

    /// Days around 1970, around year 0 and at both ends of the clamped range.
    fn date() -> impl Strategy<Value = Date> {
        prop_oneof![
            -1_000_000i32..1_000_000,
            -720_000i32..-718_000,
            Just(i32::MIN),
            Just(i32::MAX),
            -4_371_953i32..-4_370_000,
            2_931_000i32..2_932_896,
        ]
        .prop_map(Date::from_day_number)
    }

    fn strings(max: usize) -> impl Strategy<Value = Vec<String>> {
        proptest::collection::vec(text(), 0..max)
    }

    fn clause() -> impl Strategy<Value = Clause> {
        let head = (
            text(),
            strings(4),
            proptest::sample::select(Modality::ALL.to_vec()),
            text(),
            proptest::option::of(strings(3)),
            proptest::option::of((proptest::option::of(date()), proptest::option::of(date()))),
            proptest::option::of((proptest::option::of(float()), proptest::option::of(float()))),
            proptest::sample::select(Strength::ALL.to_vec()),
        );
        let tail = (
            proptest::option::of(float()),
            proptest::collection::vec((proptest::option::of(text()), text()), 0..3),
            text(),
            proptest::option::of(proptest::sample::select(Basis::ALL.to_vec())),
            proptest::option::of(text()),
            proptest::option::of(text()),
            proptest::collection::vec((text(), text(), proptest::option::of(text())), 0..3),
        );
        (head, tail).prop_map(
            |(
                (id, bearer, modality, action, places, when, amount, strength),
                (weight, conditions, text, basis, source, rationale, evidence),
            )| Clause {
                id,
                bearer,
                modality,
                action,
                places,
                when: when.map(|(from, until)| DateRange { from, until }),
                amount: amount.map(|(min, max)| AmountRange { min, max }),
                strength,
                weight,
                conditions: conditions
                    .into_iter()
                    .map(|(party, clause)| ClauseRef { party, clause })
                    .collect(),
                text,
                basis,
                source,
                rationale,
                evidence: evidence
                    .into_iter()
                    .map(|(source, quote, speaker)| Evidence { source, quote, speaker })
                    .collect(),
            },
        )
    }

    fn position() -> impl Strategy<Value = Position> {
        let source = (
            text(),
            text(),
            proptest::option::of(text()),
            proptest::option::of(date()),
            proptest::option::of(text()),
        )
            .prop_map(|(id, title, publisher, date, path)| Source {
                id,
                title,
                publisher,
                date,
                path,
            });
        (
            (
                text(),
                text(),
                proptest::option::of(date()),
                proptest::option::of(text()),
                proptest::option::of(strings(3)),
            ),
            proptest::collection::vec(source, 0..3),
            proptest::collection::btree_map(text(), strings(3), 0..3),
            proptest::collection::vec(clause(), 0..4),
        )
            .prop_map(
                |((party, label, date, vocabulary, addresses), sources, groups, clauses)| Position {
                    party,
                    label,
                    date,
                    vocabulary,
                    addresses,
                    sources,
                    groups: groups.into_iter().collect::<BTreeMap<_, _>>(),
                    clauses,
                },
            )
    }

    proptest! {
        #[test]
        fn the_fast_writer_is_byte_for_byte_toml(p in position()) {
            prop_assert_eq!(position_toml(&p), to_toml(&p).unwrap());
        }

        /// The writer's marks are where a reading of its text finds lines and tables, with
        /// strings that span lines and lines of them that open with `[`.
        #[test]
        fn the_writers_marks_are_where_the_text_has_its_lines_and_tables(p in position()) {
            let (text, marks) = position_toml_marked(&p);
            let lines: Vec<&str> = text.split_inclusive('\n').collect();
            let mut tables = Vec::new();
            let mut at = 0;
            for (i, l) in lines.iter().enumerate() {
                if i > 0 && l.starts_with('[') {
                    tables.push((at, i));
                }
                at += l.len();
            }
            prop_assert_eq!(marks.newlines, text.matches('\n').count());
            prop_assert_eq!(marks.tables, tables);
        }
    }
}
