//! The fast path for positions: the text straight into the model, with no spanned tree, no
//! shape checks and no `serde_json::Value` in between.
//!
//! It accepts a strict subset of what the full path ([`super::tree`], [`super::schema`]) loads
//! without a diagnostic, and gives the same model for it: every field must have exactly the
//! type the schema asks for (no `null` for an absent field, no table written as an array, no
//! date-time for a date, no duplicate key), and the header must be right. Anything else — a
//! file with any problem — makes it give up, and the caller runs the full path, which reports
//! the problems exactly as before. Numbers are read as the tree reads them (TOML integers with
//! `from_str_radix`, TOML floats with `str::parse`, JSON numbers exactly).

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use crate::model::{
    AmountRange, Basis, Clause, ClauseRef, Date, DateRange, Evidence, Modality, Position, Source, Strength,
};

use super::schema::{
    self, AmountField, ClauseField, EvidenceField, PositionField, SourceField, WhenField, BASES, MODALITIES, STRENGTHS,
};
use super::FORMAT;

/// Why the fast path gave up; never shown (the full path explains).
#[derive(Debug)]
pub(crate) struct GiveUp;

impl fmt::Display for GiveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not on the fast path")
    }
}

impl std::error::Error for GiveUp {}

impl de::Error for GiveUp {
    fn custom<T: fmt::Display>(_: T) -> Self {
        GiveUp
    }
}

/// A position from JSON text, or `None` when the full path must look at it.
pub(crate) fn json_position(text: &str) -> Option<Position> {
    serde_json::from_str::<Strict<PositionFile>>(text).ok().map(|s| s.0 .0)
}

/// A position from TOML text, or `None` when the full path must look at it.
///
/// The TOML that negdiff and most people write is read by a small reader of its own
/// ([`plain`]), at several times the speed and a fraction of the memory of the `toml` parser's
/// recovering tree; anything outside that reader's subset goes to the `toml` parser, still on
/// the fast path.
pub(crate) fn toml_position(text: &str) -> Option<Position> {
    plain_position(text).or_else(|| toml_crate_position(text))
}

/// A position from TOML text in the subset [`plain`] reads.
fn plain_position(text: &str) -> Option<Position> {
    let doc = plain::document(text)?;
    Strict::<PositionFile>::deserialize(plain::Value::Table(doc))
        .ok()
        .map(|s| s.0 .0)
}

/// A position from TOML text through the `toml` parser's tree.
fn toml_crate_position(text: &str) -> Option<Position> {
    let (doc, errors) = toml::de::DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return None;
    }
    Strict::<PositionFile>::deserialize(TomlTable(doc.get_ref()))
        .ok()
        .map(|s| s.0 .0)
}

// ---------------------------------------------------------------------------------------------
// Tables with a fixed set of fields.

/// A table of the schema, read straight into the model. Its field names and which are required
/// come from the one declaration in [`super::schema`]; `field` matches that declaration's field
/// enum exhaustively.
trait Table: Sized {
    /// The fields as the schema declares them.
    const SCHEMA: &'static [schema::Field];
    /// The same fields as an enum, in the same order.
    type Field: Copy + 'static;
    const FIELDS: &'static [Self::Field];
    /// Bit `i` set when `SCHEMA[i]` is required.
    const REQUIRED: u32 = required(Self::SCHEMA);
    fn new() -> Self;
    fn field<'de, A: MapAccess<'de>>(&mut self, f: Self::Field, map: &mut A) -> Result<(), A::Error>;
}

/// The mask of required fields; a table of more than 32 fields fails to compile.
const fn required(fields: &[schema::Field]) -> u32 {
    assert!(fields.len() <= 32, "a table of the fast path has at most 32 fields");
    let mut mask = 0;
    let mut i = 0;
    while i < fields.len() {
        if fields[i].required {
            mask |= 1 << i;
        }
        i += 1;
    }
    mask
}

/// A table read strictly: a map (not a sequence), known fields once each, required ones present.
struct Strict<T>(T);

impl<'de, T: Table> Deserialize<'de> for Strict<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(TableVisitor::<T>(PhantomData)).map(Strict)
    }
}

struct TableVisitor<T>(PhantomData<T>);

impl<'de, T: Table> Visitor<'de> for TableVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a table")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut seen = 0u32;
        let mut t = T::new();
        while let Some(i) = map.next_key_seed(FieldIndex(T::SCHEMA))? {
            if seen & (1 << i) != 0 {
                return Err(de::Error::custom("duplicate field"));
            }
            seen |= 1 << i;
            let f = *T::FIELDS.get(i).ok_or_else(|| de::Error::custom("field"))?;
            t.field(f, &mut map)?;
        }
        if seen & T::REQUIRED != T::REQUIRED {
            return Err(de::Error::custom("missing field"));
        }
        Ok(t)
    }
}

/// Reads a key as the index of a known field name.
struct FieldIndex(&'static [schema::Field]);

impl<'de> DeserializeSeed<'de> for FieldIndex {
    type Value = usize;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for FieldIndex {
    type Value = usize;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<usize, E> {
        self.0
            .iter()
            .position(|f| f.name == v)
            .ok_or_else(|| E::custom("unknown field"))
    }
}

/// A date: a string `YYYY-MM-DD`, or a TOML plain date.
struct StrictDate(Date);

/// The newtype name under which [`TomlValue`] hands out plain dates.
const DATE: &str = "$negdiff::date";

impl<'de> Deserialize<'de> for StrictDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_newtype_struct(DATE, DateVisitor)
    }
}

struct DateVisitor;

impl<'de> Visitor<'de> for DateVisitor {
    type Value = StrictDate;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date")
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<StrictDate, D::Error> {
        d.deserialize_str(self)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<StrictDate, E> {
        v.parse().map(StrictDate).map_err(E::custom)
    }
}

/// A finite number.
struct Num(f64);

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = f64::deserialize(d)?;
        if n.is_finite() {
            Ok(Num(n))
        } else {
            Err(de::Error::custom("not finite"))
        }
    }
}

/// One of a few keywords, as its index.
fn keyword<'de, A: MapAccess<'de>>(map: &mut A, words: &[&str]) -> Result<usize, A::Error> {
    let s: String = map.next_value()?;
    words
        .iter()
        .position(|w| *w == s)
        .ok_or_else(|| de::Error::custom("unknown keyword"))
}

/// A party id or a list of them.
struct Bearer(Vec<String>);

impl<'de> Deserialize<'de> for Bearer {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(BearerVisitor)
    }
}

struct BearerVisitor;

impl<'de> Visitor<'de> for BearerVisitor {
    type Value = Bearer;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a party id or a list of party ids")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Bearer, E> {
        Ok(Bearer(vec![v.to_string()]))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Bearer, E> {
        Ok(Bearer(vec![v]))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Bearer, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(s) = seq.next_element::<String>()? {
            out.push(s);
        }
        Ok(Bearer(out))
    }
}

/// Groups: names to lists of strings, each name once.
struct Groups(BTreeMap<String, Vec<String>>);

impl<'de> Deserialize<'de> for Groups {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(GroupsVisitor)
    }
}

struct GroupsVisitor;

impl<'de> Visitor<'de> for GroupsVisitor {
    type Value = Groups;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a table of groups")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Groups, A::Error> {
        let mut out = BTreeMap::new();
        while let Some(k) = map.next_key::<String>()? {
            let v: Vec<String> = map.next_value()?;
            if out.insert(k, v).is_some() {
                return Err(de::Error::custom("duplicate group"));
            }
        }
        Ok(Groups(out))
    }
}

/// A list of strict tables.
fn tables<'de, T: Table, A: MapAccess<'de>>(map: &mut A) -> Result<Vec<T>, A::Error> {
    let v: Vec<Strict<T>> = map.next_value()?;
    let mut v: Vec<T> = v.into_iter().map(|s| s.0).collect();
    // JSON gives no length up front: the vector grew by doubling, and the model keeps it.
    v.shrink_to_fit();
    Ok(v)
}

struct PositionFile(Position);

impl Table for PositionFile {
    const SCHEMA: &'static [schema::Field] = schema::POSITION;
    type Field = PositionField;
    const FIELDS: &'static [PositionField] = PositionField::ALL;
    fn new() -> Self {
        PositionFile(Position::default())
    }
    fn field<'de, A: MapAccess<'de>>(&mut self, f: PositionField, map: &mut A) -> Result<(), A::Error> {
        let p = &mut self.0;
        match f {
            PositionField::Format => {
                let f: String = map.next_value()?;
                if f != FORMAT {
                    return Err(de::Error::custom("format"));
                }
            }
            PositionField::Kind => {
                let k: String = map.next_value()?;
                if k != "position" {
                    return Err(de::Error::custom("kind"));
                }
            }
            PositionField::Party => p.party = map.next_value()?,
            PositionField::Label => p.label = map.next_value()?,
            PositionField::Date => p.date = Some(map.next_value::<StrictDate>()?.0),
            PositionField::Vocabulary => p.vocabulary = Some(map.next_value()?),
            PositionField::Addresses => p.addresses = Some(map.next_value()?),
            PositionField::Sources => p.sources = tables::<SourceT, _>(map)?.into_iter().map(|s| s.0).collect(),
            PositionField::Groups => p.groups = map.next_value::<Groups>()?.0,
            PositionField::Clauses => p.clauses = tables::<ClauseT, _>(map)?.into_iter().map(|c| c.0).collect(),
        }
        Ok(())
    }
}

struct SourceT(Source);

impl Table for SourceT {
    const SCHEMA: &'static [schema::Field] = schema::SOURCE;
    type Field = SourceField;
    const FIELDS: &'static [SourceField] = SourceField::ALL;
    fn new() -> Self {
        SourceT(Source {
            id: String::new(),
            title: String::new(),
            publisher: None,
            date: None,
            path: None,
        })
    }
    fn field<'de, A: MapAccess<'de>>(&mut self, f: SourceField, map: &mut A) -> Result<(), A::Error> {
        let s = &mut self.0;
        match f {
            SourceField::Id => s.id = map.next_value()?,
            SourceField::Title => s.title = map.next_value()?,
            SourceField::Publisher => s.publisher = Some(map.next_value()?),
            SourceField::Date => s.date = Some(map.next_value::<StrictDate>()?.0),
            SourceField::Path => s.path = Some(map.next_value()?),
        }
        Ok(())
    }
}

struct ClauseT(Clause);

impl Table for ClauseT {
    const SCHEMA: &'static [schema::Field] = schema::CLAUSE;
    type Field = ClauseField;
    const FIELDS: &'static [ClauseField] = ClauseField::ALL;
    fn new() -> Self {
        ClauseT(Clause::new(String::new(), String::new(), Modality::Must, String::new()))
    }
    fn field<'de, A: MapAccess<'de>>(&mut self, f: ClauseField, map: &mut A) -> Result<(), A::Error> {
        let c = &mut self.0;
        match f {
            ClauseField::Id => c.id = map.next_value()?,
            ClauseField::Bearer => c.bearer = map.next_value::<Bearer>()?.0,
            ClauseField::Modality => c.modality = Modality::ALL[keyword(map, MODALITIES)?],
            ClauseField::Action => c.action = map.next_value()?,
            ClauseField::Where => c.places = Some(map.next_value()?),
            ClauseField::When => c.when = Some(map.next_value::<Strict<WhenT>>()?.0 .0),
            ClauseField::Amount => c.amount = Some(map.next_value::<Strict<AmountT>>()?.0 .0),
            ClauseField::Strength => c.strength = Strength::ALL[keyword(map, STRENGTHS)?],
            ClauseField::Weight => c.weight = Some(map.next_value::<Num>()?.0),
            ClauseField::Conditions => c.conditions = map.next_value::<Vec<ClauseRef>>()?,
            ClauseField::Text => c.text = map.next_value()?,
            ClauseField::Basis => c.basis = Some(Basis::ALL[keyword(map, BASES)?]),
            ClauseField::Source => c.source = Some(map.next_value()?),
            ClauseField::Rationale => c.rationale = Some(map.next_value()?),
            ClauseField::Evidence => c.evidence = tables::<EvidenceT, _>(map)?.into_iter().map(|e| e.0).collect(),
        }
        Ok(())
    }
}

struct WhenT(DateRange);

impl Table for WhenT {
    const SCHEMA: &'static [schema::Field] = schema::WHEN;
    type Field = WhenField;
    const FIELDS: &'static [WhenField] = WhenField::ALL;
    fn new() -> Self {
        WhenT(DateRange::default())
    }
    fn field<'de, A: MapAccess<'de>>(&mut self, f: WhenField, map: &mut A) -> Result<(), A::Error> {
        let d = Some(map.next_value::<StrictDate>()?.0);
        match f {
            WhenField::From => self.0.from = d,
            WhenField::Until => self.0.until = d,
        }
        Ok(())
    }
}

struct AmountT(AmountRange);

impl Table for AmountT {
    const SCHEMA: &'static [schema::Field] = schema::AMOUNT;
    type Field = AmountField;
    const FIELDS: &'static [AmountField] = AmountField::ALL;
    fn new() -> Self {
        AmountT(AmountRange::default())
    }
    fn field<'de, A: MapAccess<'de>>(&mut self, f: AmountField, map: &mut A) -> Result<(), A::Error> {
        let n = Some(map.next_value::<Num>()?.0);
        match f {
            AmountField::Min => self.0.min = n,
            AmountField::Max => self.0.max = n,
        }
        Ok(())
    }
}

struct EvidenceT(Evidence);

impl Table for EvidenceT {
    const SCHEMA: &'static [schema::Field] = schema::EVIDENCE;
    type Field = EvidenceField;
    const FIELDS: &'static [EvidenceField] = EvidenceField::ALL;
    fn new() -> Self {
        EvidenceT(Evidence {
            source: String::new(),
            quote: String::new(),
            speaker: None,
        })
    }
    fn field<'de, A: MapAccess<'de>>(&mut self, f: EvidenceField, map: &mut A) -> Result<(), A::Error> {
        let e = &mut self.0;
        match f {
            EvidenceField::Source => e.source = map.next_value()?,
            EvidenceField::Quote => e.quote = map.next_value()?,
            EvidenceField::Speaker => e.speaker = Some(map.next_value()?),
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// A deserializer over the TOML parser's tree, reading values as `super::tree` does.

type TomlSpanned<'a> = toml::Spanned<toml::de::DeValue<'a>>;

struct TomlValue<'a, 'i>(&'a TomlSpanned<'i>);

struct TomlTable<'a, 'i>(&'a toml::de::DeTable<'i>);

impl<'de> Deserializer<'de> for TomlTable<'_, '_> {
    type Error = GiveUp;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, GiveUp> {
        v.visit_map(TomlMap {
            iter: self.0.iter(),
            value: None,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

impl<'de> Deserializer<'de> for TomlValue<'_, '_> {
    type Error = GiveUp;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, GiveUp> {
        use toml::de::DeValue as D;
        match self.0.get_ref() {
            D::String(s) => v.visit_str(s),
            D::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => v.visit_f64(n as f64),
                Err(_) => Err(GiveUp),
            },
            D::Float(f) => match f.as_str().parse::<f64>() {
                Ok(n) => v.visit_f64(n),
                Err(_) => Err(GiveUp),
            },
            D::Boolean(b) => v.visit_bool(*b),
            D::Datetime(_) => Err(GiveUp),
            D::Array(a) => v.visit_seq(TomlSeq(a.iter())),
            D::Table(t) => TomlTable(t).deserialize_any(v),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, v: V) -> Result<V::Value, GiveUp> {
        use toml::de::DeValue as D;
        match self.0.get_ref() {
            D::Datetime(d) if name == DATE => {
                if d.date.is_some() && d.time.is_none() && d.offset.is_none() {
                    v.visit_str(&d.to_string())
                } else {
                    Err(GiveUp)
                }
            }
            _ => v.visit_newtype_struct(self),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

struct TomlSeq<'a, 'i>(std::slice::Iter<'a, TomlSpanned<'i>>);

impl<'de> SeqAccess<'de> for TomlSeq<'_, '_> {
    type Error = GiveUp;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, GiveUp> {
        match self.0.next() {
            Some(x) => seed.deserialize(TomlValue(x)).map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

type TomlEntries<'a, 'i> = <&'a toml::de::DeTable<'i> as IntoIterator>::IntoIter;

struct TomlMap<'a, 'i> {
    iter: TomlEntries<'a, 'i>,
    value: Option<&'a TomlSpanned<'i>>,
}

impl<'de> MapAccess<'de> for TomlMap<'_, '_> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, GiveUp> {
        match self.iter.next() {
            Some((k, v)) => {
                self.value = Some(v);
                seed.deserialize(de::value::StrDeserializer::<GiveUp>::new(k.get_ref()))
                    .map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, GiveUp> {
        match self.value.take() {
            Some(v) => seed.deserialize(TomlValue(v)),
            None => Err(GiveUp),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// A reader for plain TOML: the subset negdiff writes and people usually write.

/// A strict reader of a subset of TOML into a light tree of borrowed values.
///
/// It reads `key = value` lines (bare or quoted keys, no dotted keys), `[table]` and
/// `[[array.of.tables]]` headers that reach into tables defined by earlier headers, basic and
/// literal one-line strings with the standard escapes, decimal integers and floats without
/// underscores, `true`/`false`, plain dates, arrays, and one-line inline tables, with comments
/// and blank lines anywhere TOML allows them. For everything else (multi-line strings, dotted
/// keys, hexadecimal or `inf`, date-times, implicit parent tables, nesting deeper than
/// [`MAX_DEPTH`], a table of more than [`MAX_KEYS`] keys) and for anything the TOML
/// specification forbids (a key defined twice, a table defined twice, an inline table or a
/// static array extended by a header, a control character in a string or comment) it returns
/// `None`, and the `toml` parser reads the file. So whatever it accepts, it reads as the
/// `toml` parser does; the unit tests compare the two on every construct.
mod plain {
    use std::borrow::Cow;

    use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

    use super::{GiveUp, DATE};

    /// Deepest nesting of arrays and inline tables read; a deeper file goes to the `toml` parser.
    const MAX_DEPTH: usize = 32;
    /// Most keys in one table: the schema's tables have fewer; more goes to the `toml` parser,
    /// so that looking for a repeated key stays cheap.
    const MAX_KEYS: usize = 64;

    pub(super) enum Value<'i> {
        Str(Cow<'i, str>),
        Int(i64),
        Float(f64),
        Bool(bool),
        /// A plain date, `YYYY-MM-DD`, as written.
        Date(&'i str),
        /// The values, and whether `[[headers]]` made the array (so that more may extend it).
        Array(Vec<Value<'i>>, bool),
        Table(Table<'i>),
    }

    #[derive(Default)]
    pub(super) struct Table<'i> {
        entries: Vec<(Cow<'i, str>, Value<'i>)>,
        /// Made by a `[header]` (or the document): later headers may reach into it.
        open: bool,
    }

    impl<'i> Table<'i> {
        fn insert(&mut self, key: Cow<'i, str>, value: Value<'i>) -> Option<()> {
            if self.entries.len() >= MAX_KEYS || self.entries.iter().any(|(k, _)| *k == key) {
                return None;
            }
            self.entries.push((key, value));
            Some(())
        }

        fn get_mut(&mut self, key: &str) -> Option<&mut Value<'i>> {
            self.entries.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v)
        }
    }

    /// The document, or `None` when it is outside the subset or not valid TOML.
    pub(super) fn document(text: &str) -> Option<Table<'_>> {
        let mut r = Reader {
            text,
            bytes: text.as_bytes(),
            at: 0,
        };
        let mut root = Table {
            entries: Vec::new(),
            open: true,
        };
        // The header of the table being filled, and whether it is an array of tables; the
        // table is filled apart and put in place when the next header starts.
        let mut section: Option<(Vec<Cow<'_, str>>, bool)> = None;
        let mut table = Table {
            entries: Vec::new(),
            open: true,
        };
        loop {
            r.spaces();
            match r.peek() {
                None => break,
                Some(b'\n' | b'\r' | b'#') => r.end_of_line()?,
                Some(b'[') => {
                    let next = r.header()?;
                    let done = std::mem::replace(
                        &mut table,
                        Table {
                            entries: Vec::new(),
                            open: true,
                        },
                    );
                    match section.replace(next) {
                        None => root.entries = done.entries,
                        Some((path, array)) => place(&mut root, &path, array, done)?,
                    }
                }
                Some(_) => {
                    let key = r.key()?;
                    r.spaces();
                    r.eat(b'=')?;
                    r.spaces();
                    let value = r.value(0)?;
                    table.insert(key, value)?;
                    r.end_of_line()?;
                }
            }
        }
        match section {
            None => root.entries = table.entries,
            Some((path, array)) => place(&mut root, &path, array, table)?,
        }
        Some(root)
    }

    /// Puts a table under its header's path: through tables made by headers, into the last
    /// table of arrays made by headers; a `[table]` must be new, a `[[table]]` new or an array
    /// made by headers.
    fn place<'i>(root: &mut Table<'i>, path: &[Cow<'i, str>], array: bool, table: Table<'i>) -> Option<()> {
        let (last, parents) = path.split_last()?;
        let mut at = root;
        for key in parents {
            at = match at.get_mut(key)? {
                Value::Table(t) if t.open => t,
                Value::Array(items, true) => match items.last_mut()? {
                    Value::Table(t) => t,
                    _ => return None,
                },
                _ => return None,
            };
        }
        match (at.get_mut(last), array) {
            (None, false) => at.insert(last.clone(), Value::Table(table)),
            (None, true) => at.insert(last.clone(), Value::Array(vec![Value::Table(table)], true)),
            (Some(Value::Array(items, true)), true) => {
                items.push(Value::Table(table));
                Some(())
            }
            _ => None,
        }
    }

    struct Reader<'i> {
        text: &'i str,
        bytes: &'i [u8],
        at: usize,
    }

    /// Whether a byte may not appear raw in a comment or a string (TOML allows tab).
    fn control(b: u8) -> bool {
        (b < 0x20 && b != b'\t') || b == 0x7f
    }

    impl<'i> Reader<'i> {
        fn peek(&self) -> Option<u8> {
            self.bytes.get(self.at).copied()
        }

        fn eat(&mut self, b: u8) -> Option<()> {
            (self.peek() == Some(b)).then(|| self.at += 1)
        }

        fn spaces(&mut self) {
            while matches!(self.peek(), Some(b' ' | b'\t')) {
                self.at += 1;
            }
        }

        /// Spaces, an optional comment, then a newline or the end of the text.
        fn end_of_line(&mut self) -> Option<()> {
            self.spaces();
            if self.peek() == Some(b'#') {
                while let Some(b) = self.peek() {
                    if b == b'\n' || (b == b'\r' && self.bytes.get(self.at + 1) == Some(&b'\n')) {
                        break;
                    }
                    if control(b) {
                        return None;
                    }
                    self.at += 1;
                }
            }
            match self.peek() {
                None => Some(()),
                Some(b'\n') => {
                    self.at += 1;
                    Some(())
                }
                Some(b'\r') => {
                    self.at += 1;
                    self.eat(b'\n')
                }
                Some(_) => None,
            }
        }

        /// Spaces, newlines and comments, as allowed between the values of an array.
        fn blank(&mut self) -> Option<()> {
            loop {
                self.spaces();
                match self.peek() {
                    Some(b'\n' | b'\r' | b'#') => self.end_of_line()?,
                    _ => return Some(()),
                }
            }
        }

        /// `[a.b]` or `[[a.b]]`, with the rest of its line.
        fn header(&mut self) -> Option<(Vec<Cow<'i, str>>, bool)> {
            self.eat(b'[')?;
            let array = self.eat(b'[').is_some();
            let mut path = Vec::new();
            loop {
                self.spaces();
                path.push(self.key()?);
                self.spaces();
                if self.eat(b'.').is_none() {
                    break;
                }
            }
            self.eat(b']')?;
            if array {
                self.eat(b']')?;
            }
            self.end_of_line()?;
            Some((path, array))
        }

        /// A bare or quoted key; a dotted key is left to the `toml` parser.
        fn key(&mut self) -> Option<Cow<'i, str>> {
            let key = match self.peek()? {
                b'"' => self.basic()?,
                b'\'' => self.literal()?,
                _ => {
                    let start = self.at;
                    while matches!(self.peek(), Some(b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-')) {
                        self.at += 1;
                    }
                    if self.at == start {
                        return None;
                    }
                    Cow::Borrowed(&self.text[start..self.at])
                }
            };
            Some(key)
        }

        fn value(&mut self, depth: usize) -> Option<Value<'i>> {
            if depth > MAX_DEPTH {
                return None;
            }
            match self.peek()? {
                b'"' => self.basic().map(Value::Str),
                b'\'' => self.literal().map(Value::Str),
                b'[' => {
                    self.at += 1;
                    let mut items = Vec::new();
                    loop {
                        self.blank()?;
                        if self.eat(b']').is_some() {
                            break;
                        }
                        items.push(self.value(depth + 1)?);
                        self.blank()?;
                        if self.eat(b',').is_none() {
                            self.blank()?;
                            self.eat(b']')?;
                            break;
                        }
                    }
                    Some(Value::Array(items, false))
                }
                b'{' => {
                    self.at += 1;
                    let mut table = Table::default();
                    self.spaces();
                    if self.eat(b'}').is_some() {
                        return Some(Value::Table(table));
                    }
                    loop {
                        self.spaces();
                        let key = self.key()?;
                        self.spaces();
                        self.eat(b'=')?;
                        self.spaces();
                        let value = self.value(depth + 1)?;
                        table.insert(key, value)?;
                        self.spaces();
                        if self.eat(b',').is_none() {
                            self.eat(b'}')?;
                            return Some(Value::Table(table));
                        }
                    }
                }
                _ => self.scalar(),
            }
        }

        /// A number, a boolean or a plain date.
        fn scalar(&mut self) -> Option<Value<'i>> {
            let start = self.at;
            while matches!(
                self.peek(),
                Some(b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-' | b'+' | b'.' | b':')
            ) {
                self.at += 1;
            }
            let token = &self.text[start..self.at];
            match token {
                "true" => return Some(Value::Bool(true)),
                "false" => return Some(Value::Bool(false)),
                _ => {}
            }
            let b = token.as_bytes();
            let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
            if b.len() == 10 && digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10) {
                return Some(Value::Date(token));
            }
            // [+-]? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
            let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
            let int_start = i;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if i == int_start || (b[int_start] == b'0' && i - int_start > 1) {
                return None;
            }
            let mut float = false;
            if b.get(i) == Some(&b'.') {
                let frac = i + 1;
                i = frac;
                while b.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
                if i == frac {
                    return None;
                }
                float = true;
            }
            if matches!(b.get(i), Some(b'e' | b'E')) {
                i += 1;
                if matches!(b.get(i), Some(b'+' | b'-')) {
                    i += 1;
                }
                let exp = i;
                while b.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
                if i == exp {
                    return None;
                }
                float = true;
            }
            if i != b.len() {
                return None;
            }
            if float {
                token.parse().ok().map(Value::Float)
            } else {
                token.parse().ok().map(Value::Int)
            }
        }

        /// A one-line basic string; `"""` is left to the `toml` parser.
        fn basic(&mut self) -> Option<Cow<'i, str>> {
            self.eat(b'"')?;
            if self.peek() == Some(b'"') && self.bytes.get(self.at + 1) == Some(&b'"') {
                return None;
            }
            let start = self.at;
            let mut owned: Option<String> = None;
            let mut run = start;
            loop {
                let b = self.peek()?;
                match b {
                    b'"' => {
                        let tail = &self.text[run..self.at];
                        self.at += 1;
                        return Some(match owned {
                            None => Cow::Borrowed(tail),
                            Some(mut s) => {
                                s.push_str(tail);
                                Cow::Owned(s)
                            }
                        });
                    }
                    b'\\' => {
                        let s = owned.get_or_insert_with(String::new);
                        s.push_str(&self.text[run..self.at]);
                        self.at += 1;
                        let c = match self.peek()? {
                            b'b' => '\u{8}',
                            b't' => '\t',
                            b'n' => '\n',
                            b'f' => '\u{c}',
                            b'r' => '\r',
                            b'"' => '"',
                            b'\\' => '\\',
                            b'u' => self.unicode(4)?,
                            b'U' => self.unicode(8)?,
                            _ => return None,
                        };
                        self.at += 1;
                        s.push(c);
                        run = self.at;
                    }
                    b if control(b) => return None,
                    _ => self.at += 1,
                }
            }
        }

        /// The character of `\uXXXX` or `\UXXXXXXXX`, with the reader on the `u`; leaves the
        /// reader after the digits.
        fn unicode(&mut self, n: usize) -> Option<char> {
            let digits = self.text.get(self.at + 1..self.at + 1 + n)?;
            if !digits.bytes().all(|d| d.is_ascii_hexdigit()) {
                return None;
            }
            let c = char::from_u32(u32::from_str_radix(digits, 16).ok()?)?;
            // Leave the reader on the last digit: the caller steps past it.
            self.at += n;
            Some(c)
        }

        /// A one-line literal string; `'''` is left to the `toml` parser.
        fn literal(&mut self) -> Option<Cow<'i, str>> {
            self.eat(b'\'')?;
            if self.peek() == Some(b'\'') && self.bytes.get(self.at + 1) == Some(&b'\'') {
                return None;
            }
            let start = self.at;
            loop {
                match self.peek()? {
                    b'\'' => {
                        let s = &self.text[start..self.at];
                        self.at += 1;
                        return Some(Cow::Borrowed(s));
                    }
                    b if control(b) => return None,
                    _ => self.at += 1,
                }
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // The tree as a deserializer, reading values as the `toml` parser's tree is read above.

    impl<'de> Deserializer<'de> for Value<'_> {
        type Error = GiveUp;

        fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, GiveUp> {
            match self {
                Value::Str(s) => v.visit_str(&s),
                // As the `toml` tree is read: every number is an `f64`.
                Value::Int(n) => v.visit_f64(n as f64),
                Value::Float(n) => v.visit_f64(n),
                Value::Bool(b) => v.visit_bool(b),
                Value::Date(_) => Err(GiveUp),
                Value::Array(items, _) => v.visit_seq(Seq(items.into_iter())),
                Value::Table(t) => v.visit_map(Map {
                    entries: t.entries.into_iter(),
                    value: None,
                }),
            }
        }

        fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, v: V) -> Result<V::Value, GiveUp> {
            match self {
                Value::Date(d) if name == DATE => v.visit_str(d),
                other => v.visit_newtype_struct(other),
            }
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct seq tuple
            tuple_struct map struct enum identifier ignored_any
        }
    }

    struct Seq<'i>(std::vec::IntoIter<Value<'i>>);

    impl<'de> SeqAccess<'de> for Seq<'_> {
        type Error = GiveUp;

        fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, GiveUp> {
            self.0.next().map(|x| seed.deserialize(x)).transpose()
        }

        fn size_hint(&self) -> Option<usize> {
            Some(self.0.len())
        }
    }

    struct Map<'i> {
        entries: std::vec::IntoIter<(Cow<'i, str>, Value<'i>)>,
        value: Option<Value<'i>>,
    }

    impl<'de> MapAccess<'de> for Map<'_> {
        type Error = GiveUp;

        fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, GiveUp> {
            match self.entries.next() {
                Some((k, v)) => {
                    self.value = Some(v);
                    seed.deserialize(de::value::StrDeserializer::<GiveUp>::new(&k))
                        .map(Some)
                }
                None => Ok(None),
            }
        }

        fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, GiveUp> {
            match self.value.take() {
                Some(v) => seed.deserialize(v),
                None => Err(GiveUp),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::Loader;

    const TOML: &str = r#"format = "negdiff/1"
kind = "position"
party = "a"
label = "L"
date = 2022-01-12
vocabulary = "v.toml"

[[sources]]
id = "s"
title = "T"
date = "2021-12-17"
path = "x.txt"

[groups]
g = ["X", "Y"]

[[clauses]]
id = "c1"
bearer = ["a", "b"]
modality = "must-not"
action = "go"
where = ["X", "@g"]
when = { from = 2022-01-01, until = "2023-01-01" }
amount = { min = 5, max = 2.5e3 }
strength = "red-line"
weight = 0.5
text = "t"

[[clauses.evidence]]
source = "s"
quote = "q"
speaker = "sp"

[[clauses]]
id = "c2"
bearer = "a"
modality = "may"
action = "stay"
conditions = ["c1", "b/z"]
text = "u"
"#;

    /// Variants of the file above, each with something the fast path must either read as the
    /// full path does or leave to it.
    fn variants() -> Vec<String> {
        let edits: &[(&str, &str)] = &[
            ("", ""),
            ("weight = 0.5", "weight = 1_0.5"),
            ("weight = 0.5", "weight = -0"),
            ("weight = 0.5", "weight = 0x10"),
            ("weight = 0.5", "weight = inf"),
            ("weight = 0.5", "weight = nan"),
            ("weight = 0.5", "weight = 1_000"),
            ("weight = 0.5", "weight = \"0.5\""),
            ("weight = 0.5", "weight = true"),
            ("date = 2022-01-12", "date = 2022-01-12T10:00:00"),
            ("date = 2022-01-12", "date = 10:00:00"),
            ("date = 2022-01-12", "date = 2022-02-30"),
            (
                "date = 2022-01-12",
                "date = { \"$__toml_private_datetime\" = \"2022-01-12\" }",
            ),
            ("label = \"L\"", "label = 2022-01-12"),
            ("label = \"L\"", "label = 1"),
            ("label = \"L\"", "label = []"),
            ("party = \"a\"\n", ""),
            ("kind = \"position\"", "kind = \"vocabulary\""),
            ("format = \"negdiff/1\"", "format = \"negdiff/2\""),
            ("text = \"u\"", ""),
            ("text = \"u\"", "text = \"u\"\nextra = 1"),
            ("bearer = \"a\"", "bearer = 1"),
            ("bearer = \"a\"", "bearer = []"),
            ("bearer = \"a\"", "bearer = [1]"),
            ("modality = \"may\"", "modality = \"mya\""),
            ("strength = \"red-line\"", "strength = \"offer\""),
            ("where = [\"X\", \"@g\"]", "where = \"X\""),
            ("where = [\"X\", \"@g\"]", "where = [\"X\", 1]"),
            ("where = [\"X\", \"@g\"]", "where = []"),
            ("conditions = [\"c1\", \"b/z\"]", "conditions = [\"a/b/c\"]"),
            (
                "when = { from = 2022-01-01, until = \"2023-01-01\" }",
                "when = [2022-01-01]",
            ),
            ("when = { from = 2022-01-01, until = \"2023-01-01\" }", "when = {}"),
            ("amount = { min = 5, max = 2.5e3 }", "amount = { min = 5, max = \"x\" }"),
            ("g = [\"X\", \"Y\"]", "g = \"X\""),
            ("g = [\"X\", \"Y\"]", "g = [\"X\", \"@h\"]"),
            ("[groups]", "[groups.x]"),
        ];
        edits.iter().map(|(from, to)| TOML.replacen(from, to, 1)).collect()
    }

    /// The same document in JSON, from the full path's reading of the TOML one.
    fn as_json(toml: &str) -> Option<String> {
        let (doc, errors) = toml::de::DeTable::parse_recoverable(toml);
        if !errors.is_empty() {
            return None;
        }
        fn j(v: &toml::de::DeValue<'_>) -> serde_json::Value {
            use toml::de::DeValue as D;
            match v {
                D::String(s) => serde_json::Value::String(s.to_string()),
                D::Integer(i) => serde_json::Value::from(i.as_str().parse::<i64>().unwrap_or(0)),
                D::Float(f) => f
                    .as_str()
                    .parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(serde_json::Value::Null, serde_json::Value::Number),
                D::Boolean(b) => serde_json::Value::Bool(*b),
                D::Datetime(d) => serde_json::Value::String(d.to_string()),
                D::Array(a) => a.iter().map(|x| j(x.get_ref())).collect(),
                D::Table(t) => serde_json::Value::Object(
                    t.iter()
                        .map(|(k, v)| (k.get_ref().to_string(), j(v.get_ref())))
                        .collect(),
                ),
            }
        }
        Some(j(&toml::de::DeValue::Table(doc.into_inner())).to_string())
    }

    fn same_as_full_path(text: &str, name: &str) {
        let loader = Loader::new();
        let fast = match name.ends_with(".json") {
            true => json_position(text),
            false => toml_position(text),
        };
        let valid = |p: &Position| crate::analysis::validate_position(&crate::Vocabulary::implicit([p]), p).is_ok();
        if let Some(p) = fast.filter(valid) {
            let full = loader.full_path_position(text, name);
            let full = full.map_err(|e| e.to_string());
            assert_eq!(full, Ok(p.clone()), "{name}:\n{text}");
            assert_eq!(
                full.as_ref()
                    .map(|f| f.clauses.iter().map(|c| c.weight.map(f64::to_bits)).collect::<Vec<_>>()),
                Ok(p.clauses.iter().map(|c| c.weight.map(f64::to_bits)).collect::<Vec<_>>())
            );
        }
    }

    #[test]
    fn the_fast_path_reads_what_the_full_path_reads() {
        assert!(toml_position(TOML).is_some());
        for t in variants() {
            same_as_full_path(&t, "p.toml");
            if let Some(j) = as_json(&t) {
                same_as_full_path(&j, "p.json");
            }
        }
    }

    /// What the plain reader accepts, it reads as the `toml` parser does; what it declines
    /// goes to the `toml` parser. Each edit below is inside or just outside its subset.
    #[test]
    fn the_plain_reader_reads_what_the_toml_parser_reads() {
        assert!(plain_position(TOML).is_some());
        let edits: &[(&str, &str, bool)] = &[
            // (from, to, whether the plain reader must accept the result)
            ("label = \"L\"", "label = 'L'", true),
            ("label = \"L\"", "\"label\" = \"L\"", true),
            ("label = \"L\"", "'label' = \"L\"", true),
            ("label = \"L\"", "label=\"L\"  # a comment é\t", true),
            ("label = \"L\"", "label = \"a\\\"b\\\\c\\n\\t\\u00e9\\U0001F600\"", true),
            ("label = \"L\"", "label = \"\"", true),
            ("label = \"L\"", "label = ''", true),
            ("label = \"L\"", "label = \"\"\"L\"\"\"", false),
            ("label = \"L\"", "label = '''L'''", false),
            ("label = \"L\"", "label = \"a\\eb\"", false),
            ("label = \"L\"", "label = \"a\\ud800\"", false),
            ("label = \"L\"", "label = \"a\u{1}b\"", false),
            ("label = \"L\"", "label = \"a\u{7f}b\"", false),
            ("label = \"L\"", "label = \"L\" # bad \u{1} comment", false),
            ("label = \"L\"", "label = \"L\"\nlabel = \"M\"", false),
            ("label = \"L\"", "label.x = \"L\"", false),
            ("label = \"L\"", "label = \"L\" extra", false),
            ("label = \"L\"", "label = \"L\"\r\n", true),
            ("label = \"L\"\n", "label = \"L\"\r\r\n", false),
            ("weight = 0.5", "weight = 1", true),
            ("weight = 0.5", "weight = +0.5", true),
            ("weight = 0.5", "weight = -0.0", true),
            ("weight = 0.5", "weight = 5e-1", true),
            ("weight = 0.5", "weight = 0.5E0", true),
            ("weight = 0.5", "weight = 00.5", false),
            ("weight = 0.5", "weight = .5", false),
            ("weight = 0.5", "weight = 5.", false),
            ("weight = 0.5", "weight = 1_0.5", false),
            ("weight = 0.5", "weight = 0x10", false),
            ("weight = 0.5", "weight = inf", false),
            ("weight = 0.5", "weight = 99999999999999999999", false),
            ("date = 2022-01-12", "date = 2022-01-12 10:00:00", false),
            ("date = 2022-01-12", "date = 2022-01-12T10:00:00", false),
            ("date = 2022-01-12", "date = 10:00:00", false),
            ("where = [\"X\", \"@g\"]", "where = [\n  \"X\", # x\n  \"@g\",\n]", true),
            ("where = [\"X\", \"@g\"]", "where = [\"X\",, \"@g\"]", false),
            (
                "when = { from = 2022-01-01, until = \"2023-01-01\" }",
                "when = { from = 2022-01-01, }",
                false,
            ),
            (
                "when = { from = 2022-01-01, until = \"2023-01-01\" }",
                "when = { from = 2022-01-01,\n until = \"2023-01-01\" }",
                false,
            ),
            (
                "when = { from = 2022-01-01, until = \"2023-01-01\" }",
                "when = { from = 2022-01-01, from = 2022-01-01 }",
                false,
            ),
            (
                "when = { from = 2022-01-01, until = \"2023-01-01\" }\namount = { min = 5, max = 2.5e3 }",
                "[clauses.when]\nfrom = 2022-01-01\nuntil = \"2023-01-01\"\n[clauses.amount]\nmin = 5\nmax = 2.5e3\n[clauses.x]",
                false,
            ),
            ("[[clauses.evidence]]", "[[ clauses . evidence ]]", true),
            ("[[clauses.evidence]]", "[[clauses.\"evidence\"]]", true),
            ("[[clauses.evidence]]", "[[clauses.evidence]] x", false),
            ("[[clauses.evidence]]", "[nothing.evidence]", false),
            ("[groups]", "[[groups]]", false),
            ("[groups]", "[sources]", false),
            ("text = \"t\"\n", "text = \"t\"\nevidence = []\n", false),
            ("[groups]\n", "[groups]\n[groups]\n", false),
            ("g = [\"X\", \"Y\"]", "g = [\"X\", \"Y\"]\n\"g\" = []", false),
        ];
        for (from, to, accepted) in edits {
            assert!(TOML.contains(from), "{from}");
            let text = TOML.replacen(from, to, 1);
            let plain = plain_position(&text);
            assert_eq!(plain.is_some(), *accepted, "{text}");
            if plain.is_some() {
                assert_eq!(plain, toml_crate_position(&text), "{text}");
                same_as_full_path(&text, "p.toml");
            }
        }
        // The clause's `when` and `amount` as tables under headers: read alike.
        let tables = TOML.replacen(
            "when = { from = 2022-01-01, until = \"2023-01-01\" }\namount = { min = 5, max = 2.5e3 }\n",
            "",
            1,
        ) + "";
        let tables = tables.replacen(
            "text = \"t\"\n",
            "text = \"t\"\n\n[clauses.when]\nfrom = 2022-01-01\nuntil = \"2023-01-01\"\n\n[clauses.amount]\nmin = 5\nmax = 2.5e3\n",
            1,
        );
        let inline = plain_position(TOML).unwrap();
        assert_eq!(plain_position(&tables).as_ref(), Some(&inline), "{tables}");
        assert_eq!(plain_position(&tables), toml_crate_position(&tables));
        for t in variants() {
            if let Some(p) = plain_position(&t) {
                assert_eq!(Some(p), toml_crate_position(&t), "{t}");
            }
        }
        // Hostile nesting is declined, not recursed into.
        let deep = TOML.replacen(
            "weight = 0.5",
            &format!("weight = {}{}", "[".repeat(100_000), "]".repeat(100_000)),
            1,
        );
        assert!(plain::document(&deep).is_none());
        let wide: String = (0..100).map(|i| format!("k{i} = 1\n")).collect();
        assert!(plain::document(&wide).is_none());
    }

    /// Files that `write` produces are in the plain reader's subset.
    #[test]
    fn written_files_are_plain() {
        let full = Loader::new().full_path_position(TOML, "p.toml").unwrap();
        let written = crate::format::to_toml(&full).unwrap();
        assert_eq!(plain_position(&written), Some(full));
    }

    #[test]
    fn the_fast_path_leaves_unusual_json_to_the_full_path() {
        let base = as_json(TOML).unwrap();
        assert!(json_position(&base).is_some());
        let cases = [
            base.replace("\"label\":\"L\"", "\"label\":\"L\",\"date\":null"),
            base.replace("\"label\":\"L\"", "\"label\":\"L\",\"label\":\"M\""),
            base.replace("\"g\":[\"X\",\"Y\"]", "\"g\":[\"X\"],\"g\":[\"Y\"]"),
            base.replace("\"weight\":0.5", "\"weight\":-0"),
            base.replace("\"weight\":0.5", "\"weight\":1e400"),
            base.replace("\"weight\":0.5", "\"weight\":null"),
            base.replace("\"text\":\"u\"", "\"text\":\"\\ud800\""),
            base.replace("\"text\":\"u\"", "\"text\":\"\\u00e9\\ud83d\\ude00\""),
            base.replace("{\"from\":\"2022-01-01\",\"until\":\"2023-01-01\"}", "[\"2022-01-01\"]"),
            base.replace(
                "\"date\":\"2022-01-12\"",
                "\"date\":{\"$__toml_private_datetime\":\"2022-01-12\"}",
            ),
            format!("{base} x"),
        ];
        for c in &cases {
            same_as_full_path(c, "p.json");
        }
    }
}
