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

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use crate::model::{
    AmountRange, Basis, Clause, ClauseRef, Date, DateRange, Evidence, Modality, Position, Source, Strength,
};

use super::locate::Marks;
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

/// [`json_position`], with what `check` notes of the clauses ([`Marks`]: each clause object's
/// keys, the first of them standing for the object, and its evidence objects at their first
/// keys), noted as serde_json reads them, or nothing noted when that cannot be sure.
///
/// serde_json hands a key without escapes over as a slice of the text itself: where the slice
/// is, is where the key is, and the keys of a clause come in the order of the text. So the
/// notes cost a few stores a key and one count of the line ends, where a second pass over the
/// text cost as much as a third of reading it.
pub(crate) fn json_position_marked(text: &str) -> Option<(Position, Marks)> {
    // Offsets are noted in 32 bits: a longer text is read without notes.
    let noting = u32::try_from(text.len()).is_ok();
    if noting {
        NOTES.with(|n| {
            *n.borrow_mut() = Some(Notes {
                start: text.as_ptr() as usize,
                len: text.len(),
                marks: Marks::json(text.len()),
                lost: false,
            });
        });
    }
    let position = serde_json::from_str::<Strict<PositionFile, true>>(text)
        .ok()
        .map(|s| s.0 .0);
    let notes = if noting {
        NOTES.with(|n| n.borrow_mut().take())
    } else {
        None
    };
    let position = position?;
    let marks = notes
        .filter(|n| !n.lost)
        .map(|n| n.marks)
        .filter(|m| m.clauses.len() == position.clauses.len())
        .unwrap_or_default();
    Some((position, marks))
}

thread_local! {
    /// The notes of the [`json_position_marked`] running on this thread; `None` the rest of
    /// the time, when reading notes nothing. Per thread, as serde's visitors carry no state of
    /// the caller's, and files are read on several threads at once.
    static NOTES: RefCell<Option<Notes>> = const { RefCell::new(None) };
}

/// What [`json_position_marked`] has noted so far.
struct Notes {
    /// Where the text is in memory: a borrowed key's offset in it.
    start: usize,
    len: usize,
    /// What was noted: each clause (at its first key), its keys, and its evidence objects
    /// (at their first keys), in the order of the text.
    marks: Marks,
    /// A key whose place is needed came with escapes (a copy, not a slice of the text): where
    /// its object starts is not known, and nothing is noted.
    lost: bool,
}

/// Adds the keys of a table that [`Table::NOTED`] says is noted to this thread's notes, if it
/// is taking any: each key's address in memory when serde_json lent it from the text, else 0;
/// `first` when the first of them is its table's first key. One call a table (two for a clause
/// with evidence), as the notes are this thread's and finding them costs a little each time.
fn note<T: Table>(keys: &[usize], first: bool) {
    let Some(noted) = T::NOTED else { return };
    NOTES.with(|n| {
        let mut n = n.borrow_mut();
        let Some(n) = n.as_mut() else { return };
        // Of an evidence object, only the first key: where the object starts.
        let keys = match noted {
            Noted::Clause => keys,
            Noted::Evidence => &keys[..keys.len().min(usize::from(first))],
        };
        for (k, &key) in keys.iter().enumerate() {
            let first = first && k == 0;
            // The opening quote, one byte before the key's first.
            let at = key
                .checked_sub(n.start + 1)
                .filter(|&at| at < n.len)
                .and_then(|at| u32::try_from(at).ok());
            match (at, noted) {
                (Some(at), Noted::Clause) => {
                    if first {
                        n.marks.note_clause(at as usize);
                    }
                    n.marks.note_key(at);
                }
                (Some(at), Noted::Evidence) => n.marks.note_table(at, "evidence", true),
                // A key of a clause, not its first, that came with escapes is only not noted:
                // the scans find it.
                (None, Noted::Clause) if !first => {}
                (None, _) => n.lost = true,
            }
        }
    });
}

/// The tables whose keys [`json_position_marked`] notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Noted {
    /// A clause's own table: every key.
    Clause,
    /// An object of a clause's evidence list: its first key, for where it starts.
    Evidence,
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
    plain::from_str::<Strict<PositionFile>>(text).map(|s| s.0 .0)
}

/// [`toml_position`], with what the small reader noted of the clauses when it read the file
/// (else nothing noted): `check` finds a clause's fields by a lookup there, or by a short scan
/// from its header, instead of a scan of the whole file.
pub(crate) fn toml_position_marked(text: &str) -> Option<(Position, Marks)> {
    match plain::from_str_marked::<Strict<PositionFile>>(text) {
        Some((s, marks)) => Some((s.0 .0, marks)),
        None => toml_crate_position(text).map(|p| (p, Marks::default())),
    }
}

/// Whether TOML text says, among its top-level keys, `kind = "vocabulary"`: a hint of which
/// reader to use, so a wrong answer only costs time (a file is read by the full path either
/// way when the fast path cannot have it). Only the lines before the first table header are
/// read.
pub(crate) fn declares_vocabulary(text: &str) -> bool {
    for line in text.lines() {
        let line = line.trim_start();
        if line.starts_with('[') {
            return false;
        }
        let Some(rest) = line.strip_prefix("kind") else {
            continue;
        };
        let Some(value) = rest.trim_start().strip_prefix('=') else {
            continue;
        };
        let value = value.trim_start();
        let rest = value
            .strip_prefix("\"vocabulary\"")
            .or_else(|| value.strip_prefix("'vocabulary'"));
        if let Some(rest) = rest {
            let rest = rest.trim_start();
            return rest.is_empty() || rest.starts_with('#');
        }
    }
    false
}

/// What the small reader notes of the clauses of any TOML text in [`plain`]'s subset, else
/// `None`.
#[cfg(feature = "testing")]
pub(crate) fn clause_marks(text: &str) -> Option<Marks> {
    plain::from_str_marked::<Strict<PositionFile>>(text)
        .map(|(_, marks)| marks)
        .or_else(|| plain::from_str_marked::<de::IgnoredAny>(text).map(|(_, marks)| marks))
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
    /// The fields by [`slot`]: index + 1, or 0 for none.
    const SLOTS: [u8; 64] = slots(Self::SCHEMA);
    /// Whether [`json_position_marked`] notes this table's keys.
    const NOTED: Option<Noted> = None;
    /// Whether the value of `f` holds tables that are noted.
    fn nests_noted(_f: Self::Field) -> bool {
        false
    }
    fn new() -> Self;
    /// Reads the value of field `f`; `NOTE` when [`json_position_marked`] notes its keys.
    fn field<'de, const NOTE: bool, A: MapAccess<'de>>(&mut self, f: Self::Field, map: &mut A) -> Result<(), A::Error>;
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

/// Where a key's field sits in [`Table::SLOTS`]: every key of every table is looked up, and a
/// slot (then one comparison) is cheaper than comparing with each name in turn.
const fn slot(name: &[u8]) -> usize {
    match name {
        [] => 0,
        [first, .., last] | [first @ last] => (name.len() * 2 + *first as usize * 5 + *last as usize) & 63,
    }
}

/// The slots of a table's fields; two fields in one slot fail to compile (change [`slot`]).
const fn slots(fields: &[schema::Field]) -> [u8; 64] {
    assert!(fields.len() < 64);
    let mut t = [0u8; 64];
    let mut i = 0;
    while i < fields.len() {
        let s = slot(fields[i].name.as_bytes());
        assert!(t[s] == 0, "two fields of a table of the fast path share a slot");
        t[s] = i as u8 + 1;
        i += 1;
    }
    t
}

/// A table read strictly: a map (not a sequence), known fields once each, required ones present.
/// With `NOTE`, its keys are noted when [`Table::NOTED`] says so (a reading without notes, as
/// loading's, is compiled apart and pays nothing for them).
struct Strict<T, const NOTE: bool = false>(T);

impl<'de, T: Table, const NOTE: bool> Deserialize<'de> for Strict<T, NOTE> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(TableVisitor::<T, NOTE>(PhantomData)).map(Strict)
    }
}

struct TableVisitor<T, const NOTE: bool>(PhantomData<T>);

impl<'de, T: Table, const NOTE: bool> Visitor<'de> for TableVisitor<T, NOTE> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a table")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut seen = 0u32;
        let mut t = T::new();
        let noting = NOTE && T::NOTED.is_some();
        // The keys to note ([`note`]) not yet noted, and whether the first is the table's first.
        let mut keys = [0usize; 32];
        let (mut held, mut first) = (0, true);
        // Where the key last read is in memory, when it is noted.
        let key = Cell::new(0);
        // Without notes, the key is read as it always was (`noting` is known when compiling).
        while let Some(i) = if noting {
            map.next_key_seed(NotedKey::<T>(&key, PhantomData))?
        } else {
            map.next_key_seed(FieldIndex::<T>(PhantomData))?
        } {
            if seen & (1 << i) != 0 {
                return Err(de::Error::custom("duplicate field"));
            }
            seen |= 1 << i;
            let f = *T::FIELDS.get(i).ok_or_else(|| de::Error::custom("field"))?;
            if noting {
                // Fewer than 32 fields, each once: `held` stays within `keys`.
                keys[held] = key.get();
                held += 1;
                // The notes stay in the order of the text: the keys so far before those of
                // the tables inside this value.
                if T::nests_noted(f) {
                    note::<T>(&keys[..held], first);
                    (held, first) = (0, false);
                }
            }
            t.field::<NOTE, _>(f, &mut map)?;
        }
        if seen & T::REQUIRED != T::REQUIRED {
            return Err(de::Error::custom("missing field"));
        }
        if noting {
            note::<T>(&keys[..held], first);
        }
        Ok(t)
    }
}

/// Reads a key as the index of a field of `T`.
struct FieldIndex<T>(PhantomData<T>);

impl<'de, T: Table> DeserializeSeed<'de> for FieldIndex<T> {
    type Value = usize;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_str(self)
    }
}

impl<T: Table> Visitor<'_> for FieldIndex<T> {
    type Value = usize;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<usize, E> {
        match usize::from(T::SLOTS[slot(v.as_bytes())]).checked_sub(1) {
            Some(i) if T::SCHEMA[i].name == v => Ok(i),
            _ => Err(E::custom("unknown field")),
        }
    }
}

/// [`FieldIndex`] of a table whose keys are noted: puts the key's address in memory in `.0`
/// when serde_json lends it from the text, else 0.
struct NotedKey<'k, T>(&'k Cell<usize>, PhantomData<T>);

impl<'de, T: Table> DeserializeSeed<'de> for NotedKey<'_, T> {
    type Value = usize;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de, T: Table> Visitor<'de> for NotedKey<'_, T> {
    type Value = usize;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<usize, E> {
        self.0.set(v.as_ptr() as usize);
        FieldIndex::<T>(PhantomData).visit_str(v)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<usize, E> {
        self.0.set(0);
        FieldIndex::<T>(PhantomData).visit_str(v)
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
        // `YYYY-MM-DD` without the general parser's splitting; anything else (and a day that
        // does not exist) goes through it.
        match Date::__from_literal(v) {
            Some(d) => Ok(StrictDate(d)),
            None => v.parse().map(StrictDate).map_err(E::custom),
        }
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
fn keyword<'de, A: MapAccess<'de>>(map: &mut A, words: &'static [&'static str]) -> Result<usize, A::Error> {
    map.next_value_seed(Keyword(words))
}

/// Reads a string as the index of one of a few keywords, without allocating it.
struct Keyword(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for Keyword {
    type Value = usize;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for Keyword {
    type Value = usize;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a keyword")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<usize, E> {
        self.0
            .iter()
            .position(|w| *w == v)
            .ok_or_else(|| E::custom("unknown keyword"))
    }
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
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Bearer, A::Error> {
        StringsVisitor.visit_seq(seq).map(|s| Bearer(s.0))
    }
}

/// A list of strings, held in no more room than it needs when it has one or two (most lists
/// of a position: bearers, places; a generic `Vec` starts at four when the length is not
/// known up front, as in JSON).
struct Strings(Vec<String>);

impl<'de> Deserialize<'de> for Strings {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_seq(StringsVisitor)
    }
}

struct StringsVisitor;

impl<'de> Visitor<'de> for StringsVisitor {
    type Value = Strings;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of strings")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Strings, A::Error> {
        let Some(first) = seq.next_element::<String>()? else {
            return Ok(Strings(Vec::new()));
        };
        let Some(second) = seq.next_element::<String>()? else {
            return Ok(Strings(vec![first]));
        };
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64) + 2);
        out.push(first);
        out.push(second);
        while let Some(s) = seq.next_element::<String>()? {
            out.push(s);
        }
        Ok(Strings(out))
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
            let v = map.next_value::<Strings>()?.0;
            if out.insert(k, v).is_some() {
                return Err(de::Error::custom("duplicate group"));
            }
        }
        Ok(Groups(out))
    }
}

/// A list of strict tables.
fn tables<'de, T: Table, const NOTE: bool, A: MapAccess<'de>>(map: &mut A) -> Result<Vec<T>, A::Error> {
    let v: Vec<Strict<T, NOTE>> = map.next_value()?;
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
    fn field<'de, const NOTE: bool, A: MapAccess<'de>>(
        &mut self,
        f: PositionField,
        map: &mut A,
    ) -> Result<(), A::Error> {
        let p = &mut self.0;
        match f {
            PositionField::Format => {
                keyword(map, &[FORMAT])?;
            }
            PositionField::Kind => {
                keyword(map, &["position"])?;
            }
            PositionField::Party => p.party = map.next_value()?,
            PositionField::Label => p.label = map.next_value()?,
            PositionField::Date => p.date = Some(map.next_value::<StrictDate>()?.0),
            PositionField::Vocabulary => p.vocabulary = Some(map.next_value()?),
            PositionField::Addresses => p.addresses = Some(map.next_value::<Strings>()?.0),
            PositionField::Sources => p.sources = tables::<SourceT, NOTE, _>(map)?.into_iter().map(|s| s.0).collect(),
            PositionField::Groups => p.groups = map.next_value::<Groups>()?.0,
            PositionField::Clauses => p.clauses = tables::<ClauseT, NOTE, _>(map)?.into_iter().map(|c| c.0).collect(),
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
    fn field<'de, const NOTE: bool, A: MapAccess<'de>>(&mut self, f: SourceField, map: &mut A) -> Result<(), A::Error> {
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
    const NOTED: Option<Noted> = Some(Noted::Clause);
    fn nests_noted(f: ClauseField) -> bool {
        matches!(f, ClauseField::Evidence)
    }
    fn new() -> Self {
        // Not `Clause::new`, which allocates a bearer that the file's then replaces.
        ClauseT(Clause::vacant())
    }
    fn field<'de, const NOTE: bool, A: MapAccess<'de>>(&mut self, f: ClauseField, map: &mut A) -> Result<(), A::Error> {
        let c = &mut self.0;
        match f {
            ClauseField::Id => c.id = map.next_value()?,
            ClauseField::Bearer => c.bearer = map.next_value::<Bearer>()?.0,
            ClauseField::Modality => c.modality = Modality::ALL[keyword(map, MODALITIES)?],
            ClauseField::Action => c.action = map.next_value()?,
            ClauseField::Where => c.places = Some(map.next_value::<Strings>()?.0),
            ClauseField::When => c.when = Some(map.next_value::<Strict<WhenT>>()?.0 .0),
            ClauseField::Amount => c.amount = Some(map.next_value::<Strict<AmountT>>()?.0 .0),
            ClauseField::Strength => c.strength = Strength::ALL[keyword(map, STRENGTHS)?],
            ClauseField::Weight => c.weight = Some(map.next_value::<Num>()?.0),
            ClauseField::Conditions => c.conditions = map.next_value::<Vec<ClauseRef>>()?,
            ClauseField::Text => c.text = map.next_value()?,
            ClauseField::Basis => c.basis = Some(Basis::ALL[keyword(map, BASES)?]),
            ClauseField::Source => c.source = Some(map.next_value()?),
            ClauseField::Rationale => c.rationale = Some(map.next_value()?),
            ClauseField::Evidence => c.evidence = tables::<EvidenceT, NOTE, _>(map)?.into_iter().map(|e| e.0).collect(),
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
    fn field<'de, const NOTE: bool, A: MapAccess<'de>>(&mut self, f: WhenField, map: &mut A) -> Result<(), A::Error> {
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
    fn field<'de, const NOTE: bool, A: MapAccess<'de>>(&mut self, f: AmountField, map: &mut A) -> Result<(), A::Error> {
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
    const NOTED: Option<Noted> = Some(Noted::Evidence);
    fn new() -> Self {
        EvidenceT(Evidence {
            source: String::new(),
            quote: String::new(),
            speaker: None,
        })
    }
    fn field<'de, const NOTE: bool, A: MapAccess<'de>>(
        &mut self,
        f: EvidenceField,
        map: &mut A,
    ) -> Result<(), A::Error> {
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

/// A strict reader of a subset of TOML: a serde deserializer straight over the text, as
/// `serde_json`'s is over JSON, with no tree in between.
///
/// It reads `key = value` lines (bare or quoted keys, no dotted keys), `[table]` and
/// `[[array.of.tables]]` headers, basic and literal one-line strings with the standard escapes,
/// decimal integers and floats without underscores, `true`/`false`, plain dates, arrays, and
/// one-line inline tables, with comments and blank lines anywhere TOML allows them. A header
/// opens a table of the table being read, one key deeper (`[[clauses]]` in the document,
/// `[clauses.when]` or `[[clauses.evidence]]` in a clause), or another table of the array being
/// read (the next `[[clauses]]`), as files are written; a header that goes back to an earlier
/// table, or reaches two keys deep, ends the document early. For that and everything else
/// outside the subset (multi-line strings, dotted keys, hexadecimal or `inf`, date-times,
/// nesting deeper than [`MAX_DEPTH`]) and for anything the TOML specification forbids (a key or
/// table defined twice, an inline table or a static array extended by a header, a control
/// character in a string or comment) reading fails, and the `toml` parser reads the file.
///
/// The reader keeps no keys: a key defined twice (inline, by a header, or both) is refused by
/// the table that reads it, as every table here takes each of its fields once ([`Strict`]) and
/// each group name once ([`Groups`]); and a table or array whose reader stops before its end
/// fails the read, so no key is left to the table around it. So whatever it accepts, it reads
/// as the `toml` parser does; the unit tests compare the two on every construct.
///
/// [`Strict`]: super::Strict
/// [`Groups`]: super::Groups
mod plain {
    use std::borrow::Cow;

    use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
    use serde::Deserialize;

    use super::{GiveUp, Marks, DATE};

    /// Deepest nesting of arrays and inline tables, and longest header path, read; a deeper
    /// file goes to the `toml` parser.
    const MAX_DEPTH: usize = 32;

    /// A document read into `T`, or `None` when it is outside the subset, not valid TOML, or
    /// not a `T`.
    pub(super) fn from_str<'i, T: Deserialize<'i>>(text: &'i str) -> Option<T> {
        let mut r = Reader::<false>::new(text);
        let t = T::deserialize(TableDe { r: &mut r, depth: 0 }).ok()?;
        // A header that no table took goes back to an earlier table.
        (r.header.is_none() && r.at == r.bytes.len()).then_some(t)
    }

    /// [`from_str`], with what it noted of the `[[clauses]]` tables on the way ([`Marks`]).
    /// A reader of its own (`M`), so that reading without notes does not pay for them; a text
    /// whose offsets do not fit the notes is read without them.
    pub(super) fn from_str_marked<'i, T: Deserialize<'i>>(text: &'i str) -> Option<(T, Marks)> {
        if u32::try_from(text.len()).is_err() {
            return from_str(text).map(|t| (t, Marks::default()));
        }
        let mut r = Reader::<true>::new(text);
        let t = T::deserialize(TableDe { r: &mut r, depth: 0 }).ok()?;
        (r.header.is_none() && r.at == r.bytes.len()).then_some((t, r.marks))
    }

    struct Reader<'i, const M: bool> {
        text: &'i str,
        bytes: &'i [u8],
        at: usize,
        /// The path of the last header taken: that of the table being read, or of a table
        /// inside it that has ended (the document's is empty).
        path: Vec<Cow<'i, str>>,
        /// A header read but not yet taken, and whether it is an `[[array]]` header.
        header: Option<(Vec<Cow<'i, str>>, bool)>,
        /// The path before the last one taken, kept for its allocation.
        spare: Vec<Cow<'i, str>>,
        /// With `M`: whether the keys read are those of a clause's own table, and what was
        /// noted.
        noting: bool,
        marks: Marks,
    }

    /// A table of the 256 bytes: which of them `$b` is true of.
    macro_rules! bytes_where {
        (|$b:ident| $e:expr) => {{
            let mut t = [false; 256];
            let mut i = 0;
            while i < 256 {
                let $b = i as u8;
                t[i] = $e;
                i += 1;
            }
            t
        }};
    }

    /// The bytes that a bare key is made of.
    const BARE: [bool; 256] = bytes_where!(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    /// The bytes that a number, a boolean or a date is made of (more than TOML allows: the
    /// token is checked after).
    const SCALAR: [bool; 256] = bytes_where!(|b| BARE[b as usize] || matches!(b, b'+' | b'.' | b':'));
    /// The bytes that a basic or a literal string holds as they are (its end, an escape and a
    /// control character are not).
    const BASIC_PLAIN: [bool; 256] = bytes_where!(|b| !(b == b'"' || b == b'\\' || control(b)));
    const LITERAL_PLAIN: [bool; 256] = bytes_where!(|b| !(b == b'\'' || control(b)));

    /// Whether a byte may not appear raw in a comment or a string (TOML allows tab).
    const fn control(b: u8) -> bool {
        (b < 0x20 && b != b'\t') || b == 0x7f
    }

    /// A number, a boolean or a plain date.
    enum Scalar<'i> {
        Int(i64),
        Float(f64),
        Bool(bool),
        /// `YYYY-MM-DD`, as written.
        Date(&'i str),
    }

    impl<'i, const M: bool> Reader<'i, M> {
        fn new(text: &'i str) -> Self {
            Reader {
                text,
                bytes: text.as_bytes(),
                at: 0,
                path: Vec::new(),
                header: None,
                spare: Vec::new(),
                noting: false,
                marks: if M {
                    Marks::with_room(text.len())
                } else {
                    Marks::default()
                },
            }
        }

        fn peek(&self) -> Option<u8> {
            self.bytes.get(self.at).copied()
        }

        fn eat(&mut self, b: u8) -> Option<()> {
            (self.peek() == Some(b)).then(|| self.at += 1)
        }

        /// How many bytes from the reader's place on are in `set`.
        fn run(&self, set: &[bool; 256]) -> usize {
            let rest = &self.bytes[self.at..];
            rest.iter().position(|&b| !set[usize::from(b)]).unwrap_or(rest.len())
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
                    self.eat(b'\n')?;
                    Some(())
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

        /// Reads `[a.b]` or `[[a.b]]`, with the rest of its line, as the pending header.
        fn header_line(&mut self) -> Option<()> {
            let start = self.at;
            self.eat(b'[')?;
            let array = self.eat(b'[').is_some();
            let mut path = std::mem::take(&mut self.spare);
            path.clear();
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
            if path.len() > MAX_DEPTH {
                return None;
            }
            if M {
                // Offsets fit in `u32`: `from_str_marked` reads no longer text with notes.
                let at = start as u32;
                self.noting = false;
                match &path[..] {
                    [c] if array && c == "clauses" => {
                        self.marks.note_clause(start);
                        self.noting = true;
                    }
                    [c, name] if c == "clauses" => self.marks.note_table(at, name, array),
                    _ => {}
                }
            }
            self.header = Some((path, array));
            Some(())
        }

        /// Makes the pending header the path of the table being read.
        fn take_header(&mut self) {
            if let Some((path, _)) = self.header.take() {
                self.spare = std::mem::replace(&mut self.path, path);
            }
        }

        /// A bare or quoted key; a dotted key is left to the `toml` parser.
        fn key(&mut self) -> Option<Cow<'i, str>> {
            match self.peek()? {
                b'"' => self.basic(),
                b'\'' => self.literal().map(Cow::Borrowed),
                _ => {
                    let start = self.at;
                    self.at += self.run(&BARE);
                    (self.at > start).then(|| Cow::Borrowed(&self.text[start..self.at]))
                }
            }
        }

        /// A number, a boolean or a plain date.
        fn scalar(&mut self) -> Option<Scalar<'i>> {
            let start = self.at;
            self.at += self.run(&SCALAR);
            let token = &self.text[start..self.at];
            match token {
                "true" => return Some(Scalar::Bool(true)),
                "false" => return Some(Scalar::Bool(false)),
                _ => {}
            }
            let b = token.as_bytes();
            let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
            if b.len() == 10 && digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10) {
                return Some(Scalar::Date(token));
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
                token.parse().ok().map(Scalar::Float)
            } else {
                token.parse().ok().map(Scalar::Int)
            }
        }

        /// A one-line basic string; `"""` is left to the `toml` parser.
        fn basic(&mut self) -> Option<Cow<'i, str>> {
            self.eat(b'"')?;
            if self.peek() == Some(b'"') && self.bytes.get(self.at + 1) == Some(&b'"') {
                return None;
            }
            let mut owned: Option<String> = None;
            let mut run = self.at;
            loop {
                self.at += self.run(&BASIC_PLAIN);
                match self.peek()? {
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
                    // A control character.
                    _ => return None,
                }
            }
        }

        /// The character of `\uXXXX` or `\UXXXXXXXX`, with the reader on the `u`; leaves the
        /// reader on the last digit.
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
        fn literal(&mut self) -> Option<&'i str> {
            self.eat(b'\'')?;
            if self.peek() == Some(b'\'') && self.bytes.get(self.at + 1) == Some(&b'\'') {
                return None;
            }
            let start = self.at;
            self.at += self.run(&LITERAL_PLAIN);
            match self.peek()? {
                b'\'' => {
                    let s = &self.text[start..self.at];
                    self.at += 1;
                    Some(s)
                }
                // A control character.
                _ => None,
            }
        }
    }

    fn key_de(key: &str) -> de::value::StrDeserializer<'_, GiveUp> {
        de::value::StrDeserializer::new(key)
    }

    // -----------------------------------------------------------------------------------------
    // Tables made by headers (and the document), and arrays of them.

    /// The table the reader is at, whose header path has `depth` keys.
    struct TableDe<'r, 'i, const M: bool> {
        r: &'r mut Reader<'i, M>,
        depth: usize,
    }

    impl<'de, const M: bool> Deserializer<'de> for TableDe<'_, 'de, M> {
        type Error = GiveUp;

        fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, GiveUp> {
            let mut map = TableAccess {
                r: self.r,
                depth: self.depth,
                next: Next::Nothing,
                ended: false,
            };
            let value = v.visit_map(&mut map)?;
            // A reader that stopped early would leave this table's keys to the table around it.
            if map.ended {
                Ok(value)
            } else {
                Err(GiveUp)
            }
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map struct enum identifier ignored_any
        }
    }

    /// What the key just read holds.
    #[derive(Clone, Copy, PartialEq)]
    enum Next {
        Nothing,
        /// A value after `=`, on the key's line.
        Inline,
        /// A table under a `[header]` just taken.
        Table,
        /// An array of tables under an `[[header]]` just taken.
        Array,
    }

    struct TableAccess<'r, 'i, const M: bool> {
        r: &'r mut Reader<'i, M>,
        depth: usize,
        next: Next,
        ended: bool,
    }

    impl<'de, const M: bool> MapAccess<'de> for TableAccess<'_, 'de, M> {
        type Error = GiveUp;

        fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, GiveUp> {
            if self.next != Next::Nothing {
                return Err(GiveUp);
            }
            loop {
                if self.ended {
                    return Ok(None);
                }
                if let Some((path, array)) = &self.r.header {
                    // A table of this one: this table's path and one more key.
                    let n = self.depth;
                    if path.len() != n + 1 || path[..n] != self.r.path[..n] {
                        self.ended = true;
                        return Ok(None);
                    }
                    self.next = if *array { Next::Array } else { Next::Table };
                    self.r.take_header();
                    return seed.deserialize(key_de(&self.r.path[n])).map(Some);
                }
                self.r.spaces();
                match self.r.peek() {
                    None => self.ended = true,
                    Some(b'\n' | b'\r' | b'#') => self.r.end_of_line().ok_or(GiveUp)?,
                    Some(b'[') => self.r.header_line().ok_or(GiveUp)?,
                    Some(_) => {
                        let start = self.r.at;
                        let key = self.r.key().ok_or(GiveUp)?;
                        // A key with escapes is left to the scans, as they leave it to a tree.
                        if M && self.r.noting && matches!(key, Cow::Borrowed(_)) {
                            self.r.marks.note_key(start as u32);
                        }
                        self.r.spaces();
                        self.r.eat(b'=').ok_or(GiveUp)?;
                        self.r.spaces();
                        self.next = Next::Inline;
                        return seed.deserialize(key_de(&key)).map(Some);
                    }
                }
            }
        }

        fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, GiveUp> {
            let r = &mut *self.r;
            match std::mem::replace(&mut self.next, Next::Nothing) {
                Next::Inline => {
                    let value = seed.deserialize(ValueDe { r: &mut *r, depth: 0 })?;
                    r.end_of_line().ok_or(GiveUp)?;
                    Ok(value)
                }
                Next::Table => seed.deserialize(TableDe {
                    r,
                    depth: self.depth + 1,
                }),
                Next::Array => seed.deserialize(ArrayDe {
                    r,
                    depth: self.depth + 1,
                }),
                Next::Nothing => Err(GiveUp),
            }
        }
    }

    /// An array of tables whose first `[[header]]`, of `depth` keys, was just taken.
    struct ArrayDe<'r, 'i, const M: bool> {
        r: &'r mut Reader<'i, M>,
        depth: usize,
    }

    impl<'de, const M: bool> Deserializer<'de> for ArrayDe<'_, 'de, M> {
        type Error = GiveUp;

        fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, GiveUp> {
            let mut seq = ArrayAccess {
                r: self.r,
                depth: self.depth,
                first: true,
                ended: false,
            };
            let value = v.visit_seq(&mut seq)?;
            if seq.ended {
                Ok(value)
            } else {
                Err(GiveUp)
            }
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map struct enum identifier ignored_any
        }
    }

    struct ArrayAccess<'r, 'i, const M: bool> {
        r: &'r mut Reader<'i, M>,
        depth: usize,
        first: bool,
        ended: bool,
    }

    impl<'de, const M: bool> SeqAccess<'de> for ArrayAccess<'_, 'de, M> {
        type Error = GiveUp;

        fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, GiveUp> {
            if self.ended {
                return Ok(None);
            }
            if self.first {
                self.first = false;
            } else {
                // Another table when the pending header is this array's own `[[header]]`.
                match &self.r.header {
                    Some((path, true)) if path[..] == self.r.path[..self.depth] => self.r.take_header(),
                    _ => {
                        self.ended = true;
                        return Ok(None);
                    }
                }
            }
            seed.deserialize(TableDe {
                r: &mut *self.r,
                depth: self.depth,
            })
            .map(Some)
        }
    }

    // -----------------------------------------------------------------------------------------
    // Values after `=`, inside arrays and inline tables.

    struct ValueDe<'r, 'i, const M: bool> {
        r: &'r mut Reader<'i, M>,
        /// How many arrays and inline tables hold this value.
        depth: usize,
    }

    impl<'de, const M: bool> Deserializer<'de> for ValueDe<'_, 'de, M> {
        type Error = GiveUp;

        fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, GiveUp> {
            if self.depth > MAX_DEPTH {
                return Err(GiveUp);
            }
            let r = self.r;
            match r.peek().ok_or(GiveUp)? {
                b'"' => match r.basic().ok_or(GiveUp)? {
                    Cow::Borrowed(s) => v.visit_borrowed_str(s),
                    Cow::Owned(s) => v.visit_string(s),
                },
                b'\'' => v.visit_borrowed_str(r.literal().ok_or(GiveUp)?),
                b'[' => {
                    r.at += 1;
                    let mut seq = InlineArray {
                        r,
                        depth: self.depth + 1,
                        ended: false,
                    };
                    let value = v.visit_seq(&mut seq)?;
                    if seq.ended {
                        Ok(value)
                    } else {
                        Err(GiveUp)
                    }
                }
                b'{' => {
                    r.at += 1;
                    let mut map = InlineTable {
                        r,
                        depth: self.depth + 1,
                        first: true,
                        pending: false,
                        ended: false,
                    };
                    let value = v.visit_map(&mut map)?;
                    if map.ended {
                        Ok(value)
                    } else {
                        Err(GiveUp)
                    }
                }
                _ => match r.scalar().ok_or(GiveUp)? {
                    // As the `toml` tree is read: every number is an `f64`.
                    Scalar::Int(n) => v.visit_f64(n as f64),
                    Scalar::Float(n) => v.visit_f64(n),
                    Scalar::Bool(b) => v.visit_bool(b),
                    Scalar::Date(_) => Err(GiveUp),
                },
            }
        }

        fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, v: V) -> Result<V::Value, GiveUp> {
            if name == DATE && !matches!(self.r.peek(), Some(b'"' | b'\'' | b'[' | b'{')) {
                return match self.r.scalar().ok_or(GiveUp)? {
                    Scalar::Date(d) => v.visit_str(d),
                    _ => Err(GiveUp),
                };
            }
            v.visit_newtype_struct(self)
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct seq tuple
            tuple_struct map struct enum identifier ignored_any
        }
    }

    /// The values of `[...]`, with the reader past the `[`.
    struct InlineArray<'r, 'i, const M: bool> {
        r: &'r mut Reader<'i, M>,
        depth: usize,
        ended: bool,
    }

    impl<'de, const M: bool> SeqAccess<'de> for InlineArray<'_, 'de, M> {
        type Error = GiveUp;

        fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, GiveUp> {
            if self.ended {
                return Ok(None);
            }
            let r = &mut *self.r;
            r.blank().ok_or(GiveUp)?;
            if r.eat(b']').is_some() {
                self.ended = true;
                return Ok(None);
            }
            let value = seed.deserialize(ValueDe {
                r: &mut *r,
                depth: self.depth,
            })?;
            r.blank().ok_or(GiveUp)?;
            if r.eat(b',').is_none() {
                r.blank().ok_or(GiveUp)?;
                r.eat(b']').ok_or(GiveUp)?;
                self.ended = true;
            }
            Ok(Some(value))
        }
    }

    /// The entries of `{...}` on one line, with the reader past the `{`.
    struct InlineTable<'r, 'i, const M: bool> {
        r: &'r mut Reader<'i, M>,
        depth: usize,
        first: bool,
        /// A key was read and its value not yet.
        pending: bool,
        ended: bool,
    }

    impl<'de, const M: bool> MapAccess<'de> for InlineTable<'_, 'de, M> {
        type Error = GiveUp;

        fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, GiveUp> {
            if self.ended {
                return Ok(None);
            }
            if self.pending {
                return Err(GiveUp);
            }
            let r = &mut *self.r;
            r.spaces();
            if self.first {
                self.first = false;
                if r.eat(b'}').is_some() {
                    self.ended = true;
                    return Ok(None);
                }
            }
            let key = r.key().ok_or(GiveUp)?;
            r.spaces();
            r.eat(b'=').ok_or(GiveUp)?;
            r.spaces();
            self.pending = true;
            seed.deserialize(key_de(&key)).map(Some)
        }

        fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, GiveUp> {
            if !std::mem::replace(&mut self.pending, false) {
                return Err(GiveUp);
            }
            let r = &mut *self.r;
            let value = seed.deserialize(ValueDe {
                r: &mut *r,
                depth: self.depth,
            })?;
            r.spaces();
            if r.eat(b',').is_none() {
                r.eat(b'}').ok_or(GiveUp)?;
                self.ended = true;
            }
            Ok(value)
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
            (
                "where = [\"X\", \"@g\"]",
                "where = [\"X\", \"@g\", \"Y\", \"X\", \"Z\"]",
            ),
            ("bearer = \"a\"", "bearer = [\"a\", \"b\", \"c\"]"),
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

    /// The hint that sends a vocabulary past the fast path: said at the top level, in either
    /// quoting, with a comment after it; not in a table, not another kind, not a key that
    /// only starts with `kind`.
    #[test]
    fn vocabularies_are_told_by_their_top_level_kind() {
        for yes in [
            "format = \"negdiff/1\"\nkind = \"vocabulary\"\n[[parties]]\nid = \"a\"\n",
            "  kind='vocabulary' # the shared one\n",
            "\u{feff}x = 1\r\nkind\t=\t\"vocabulary\"\r\n",
        ] {
            assert!(declares_vocabulary(yes.trim_start_matches('\u{feff}')), "{yes:?}");
        }
        for no in [
            "kind = \"position\"\n",
            "[meta]\nkind = \"vocabulary\"\n",
            "kinds = \"vocabulary\"\n",
            "kind = \"vocabulary\" x\n",
            "kind = \"vocabulary-2\"\n",
            "label = \"kind\"\n",
            "",
        ] {
            assert!(!declares_vocabulary(no), "{no:?}");
        }
        // Whatever the hint says, a file is read as the full path reads it: the vocabulary
        // variant of the position above goes there at once and fails as it did.
        let vocabulary = TOML.replace("kind = \"position\"", "kind = \"vocabulary\"");
        assert!(declares_vocabulary(&vocabulary));
        assert!(toml_position(&vocabulary).is_none());
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
        assert!(plain_position(&deep).is_none());
        // Not even by a reader that takes anything: nesting and header paths are bounded.
        let nested = |n: usize| format!("x = {}{}\n", "[".repeat(n), "]".repeat(n));
        assert!(plain::from_str::<de::IgnoredAny>(&nested(33)).is_some());
        assert!(plain::from_str::<de::IgnoredAny>(&nested(34)).is_none());
        assert!(plain::from_str::<de::IgnoredAny>(&nested(100_000)).is_none());
        let inline = format!("x = {}{}\n", "{ a = ".repeat(40), "}".repeat(40));
        assert!(plain::from_str::<de::IgnoredAny>(&inline).is_none());
        let header = |n: usize| format!("[{}]\n", vec!["a"; n].join("."));
        assert!(plain::from_str::<de::IgnoredAny>(&header(1)).is_some());
        assert!(plain::from_str::<de::IgnoredAny>(&header(2)).is_none());
        assert!(plain::from_str::<de::IgnoredAny>(&header(100_000)).is_none());
        // A table of many keys (the reader keeps none; the groups table refuses a repeat).
        let groups: String = (0..100).map(|i| format!("g{i} = [\"X\"]\n")).collect();
        let wide = TOML.replacen("g = [", &format!("{groups}g = ["), 1);
        assert!(plain_position(&wide).is_some_and(|p| p.groups.len() == 101));
        assert_eq!(plain_position(&wide), toml_crate_position(&wide));
        let repeated = TOML.replacen("g = [", &format!("{groups}g50 = []\ng = ["), 1);
        assert!(plain_position(&repeated).is_none());
        assert!(toml_crate_position(&repeated).is_none());
    }

    /// Headers in other orders than negdiff writes: read alike when the reader takes them,
    /// and left to the `toml` parser (which reads them alike) when it does not.
    #[test]
    fn the_plain_reader_reads_headers_in_any_order_or_declines() {
        let sources = "[[sources]]\nid = \"s\"\ntitle = \"T\"\ndate = \"2021-12-17\"\npath = \"x.txt\"\n\n";
        let groups = "[groups]\ng = [\"X\", \"Y\"]\n\n";
        let evidence = "[[clauses.evidence]]\nsource = \"s\"\nquote = \"q\"\nspeaker = \"sp\"\n\n";
        let when = "when = { from = 2022-01-01, until = \"2023-01-01\" }\n";
        let when_table = "[clauses.when]\nfrom = 2022-01-01\nuntil = \"2023-01-01\"\n\n";
        let base = TOML.replacen(sources, "", 1).replacen(groups, "", 1);
        let cases: Vec<(String, bool)> = vec![
            // Groups and sources after the clauses: taken by the document.
            (format!("{base}\n{groups}{sources}"), true),
            // The clause's `when` as a table after its evidence: taken by the clause.
            (
                TOML.replacen(when, "", 1)
                    .replacen(evidence, &format!("{evidence}{when_table}"), 1),
                true,
            ),
            // Evidence on both sides of the `when` table: valid TOML, but the array goes back.
            (
                TOML.replacen(when, "", 1)
                    .replacen(evidence, &format!("{evidence}{when_table}{evidence}"), 1),
                false,
            ),
            // Sources on both sides of the clauses: valid TOML, the document goes back.
            (format!("{}\n{sources}", TOML.replacen(groups, "", 1)), false),
            // A clause table before any clause: an implicit array item is not TOML.
            (
                TOML.replacen("[[clauses]]\nid = \"c1\"", "[clauses.x]\n[[clauses]]\nid = \"c1\"", 1),
                false,
            ),
        ];
        for (text, accepted) in &cases {
            let plain = plain_position(text);
            assert_eq!(plain.is_some(), *accepted, "{text}");
            let full = toml_crate_position(text);
            if *accepted {
                assert_eq!(plain, full, "{text}");
                same_as_full_path(text, "p.toml");
            }
            assert_eq!(toml_position(text), full, "{text}");
        }
        // The reordered files are the same position as the original.
        let original = plain_position(TOML);
        assert_eq!(plain_position(&cases[0].0), original);
        assert_eq!(
            toml_crate_position(&cases[2].0).map(|p| p.clauses[0].evidence.len()),
            Some(2)
        );
        assert_eq!(toml_crate_position(&cases[3].0).map(|p| p.sources.len()), Some(2));
    }

    #[test]
    fn every_field_name_finds_its_field_and_nothing_else_does() {
        fn check<T: Table>() {
            let find = |k: &str| FieldIndex::<T>(PhantomData).visit_str::<GiveUp>(k).ok();
            for (i, f) in T::SCHEMA.iter().enumerate() {
                assert_eq!(find(f.name), Some(i), "{}", f.name);
                assert_eq!(find(&format!("{}s", f.name)), None);
                assert_eq!(find(&f.name[1..]), None);
                assert_eq!(find(&f.name.to_uppercase()), None);
            }
            assert_eq!(find(""), None);
        }
        check::<PositionFile>();
        check::<SourceT>();
        check::<ClauseT>();
        check::<WhenT>();
        check::<AmountT>();
        check::<EvidenceT>();
    }

    /// Lines a file may gain: headers of every table, fields of every table, and lines that
    /// are not fields, valid or not where they land.
    const LINES: &[&str] = &[
        "[[clauses]]",
        "[clauses.when]",
        "[clauses.amount]",
        "[[clauses.evidence]]",
        "[[sources]]",
        "[groups]",
        "[clauses]",
        "[[clauses.when]]",
        "[groups.g]",
        "id = \"c9\"",
        "bearer = \"a\"",
        "modality = \"must\"",
        "action = \"go\"",
        "text = \"x\"",
        "title = \"T\"",
        "source = \"s\"",
        "quote = \"q\"",
        "from = 2022-01-01",
        "min = 1",
        "h = [\"X\"]",
        "when = { from = 2022-01-01 }",
        "evidence = []",
        "# a comment",
        "",
        "x = 1",
    ];

    proptest::proptest! {
        /// Lines removed, repeated, moved and added, anywhere: whatever the plain reader takes,
        /// it reads as the `toml` parser does, and the fast path as the full path does.
        #[test]
        fn edited_files_read_alike(
            edits in proptest::collection::vec((0usize..4, 0usize..64, 0usize..64, 0..LINES.len()), 1..5)
        ) {
            let mut lines: Vec<&str> = TOML.lines().collect();
            for (kind, a, b, new) in edits {
                let (a, b) = (a % lines.len().max(1), b % lines.len().max(1));
                match kind {
                    0 if !lines.is_empty() => {
                        lines.remove(a);
                    }
                    1 if !lines.is_empty() => lines.insert(b, lines[a]),
                    2 if !lines.is_empty() => lines.swap(a, b),
                    _ => lines.insert(b.min(lines.len()), LINES[new]),
                }
            }
            let text = lines.join("\n") + "\n";
            if let Some(p) = plain_position(&text) {
                proptest::prop_assert_eq!(Some(p), toml_crate_position(&text), "{}", text);
            }
            same_as_full_path(&text, "p.toml");
        }
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
