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
pub(crate) fn toml_position(text: &str) -> Option<Position> {
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
    Ok(v.into_iter().map(|s| s.0).collect())
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
