//! One party's stance at one time, as typed clauses.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{AmountRange, Date, DateRange, InclusiveBounds};

/// One party's stance at one time: its clauses, with the sources they rest on.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
// The serde form is the file, header included: `remote = "Self"` keeps these derives as the
// one list of fields, and `model/file.rs` adds `format` and `kind` around them.
#[serde(remote = "Self", deny_unknown_fields, rename_all = "kebab-case")]
pub struct Position {
    /// The party holding this position (a party id of the vocabulary).
    pub party: String,
    /// A label for this round ("Brussels, 12 January 2022").
    pub label: String,
    /// When the position was stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// Path of the vocabulary file this position uses, relative to the position's file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vocabulary: Option<String>,
    /// The issues (issue ids) this position speaks to; `None` is every issue of the
    /// vocabulary. A reply or a press line is often partial: on an issue it does not
    /// address, its silence is not an answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub addresses: Option<Vec<String>>,
    /// Where the clauses come from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// Groups of the position's own (name without `@` to members).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub groups: BTreeMap<String, Vec<String>>,
    /// The clauses, in the order they were written.
    #[serde(default)]
    pub clauses: Vec<Clause>,
}

/// A document a position draws on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Identifier used by evidence.
    pub id: String,
    /// Title of the document.
    pub title: String,
    /// Who published it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// When it was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// Path of a local text copy, relative to the position's file, for quote checking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// What a clause does to its action: oblige, forbid, permit, or permit refraining.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Modality {
    /// Obligation: O(a).
    Must,
    /// Prohibition: O(¬a).
    MustNot,
    /// Permission: P(a).
    May,
    /// Permission to refrain: P(¬a).
    NeedNot,
}

impl Modality {
    /// All four, in canonical order.
    pub const ALL: [Modality; 4] = [Modality::Must, Modality::MustNot, Modality::May, Modality::NeedNot];

    /// The keyword used in files.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Modality::Must => "must",
            Modality::MustNot => "must-not",
            Modality::May => "may",
            Modality::NeedNot => "need-not",
        }
    }

    /// Whether this is an obligation (`must`, `must-not`) rather than a permission.
    #[must_use]
    pub fn is_obligation(self) -> bool {
        matches!(self, Modality::Must | Modality::MustNot)
    }

    /// Whether the norm is about refraining from the action (`must-not`, `need-not`).
    #[must_use]
    pub fn is_negative(self) -> bool {
        matches!(self, Modality::MustNot | Modality::NeedNot)
    }

    /// The same norm about the opposite action: `must withdraw` is `must-not deploy`.
    #[must_use]
    pub fn negate_action(self) -> Modality {
        match self {
            Modality::Must => Modality::MustNot,
            Modality::MustNot => Modality::Must,
            Modality::May => Modality::NeedNot,
            Modality::NeedNot => Modality::May,
        }
    }

    /// Deontic notation over an action: `O(a)`, `O(¬a)`, `P(a)`, `P(¬a)`.
    #[must_use]
    pub fn deontic(self, action: &str) -> String {
        match self {
            Modality::Must => format!("O({action})"),
            Modality::MustNot => format!("O(¬{action})"),
            Modality::May => format!("P({action})"),
            Modality::NeedNot => format!("P(¬{action})"),
        }
    }
}

impl fmt::Display for Modality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Modality {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Modality::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| format!("unknown modality `{s}`"))
    }
}

/// How firmly a party holds a clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strength {
    /// Non-negotiable.
    RedLine,
    /// Asked for firmly (the default).
    #[default]
    Demand,
    /// Put on the table as a concession or proposal.
    Offer,
    /// Wished for, tradeable.
    Preference,
}

impl Strength {
    /// All four, from firmest to softest.
    pub const ALL: [Strength; 4] = [
        Strength::RedLine,
        Strength::Demand,
        Strength::Offer,
        Strength::Preference,
    ];

    /// The keyword used in files.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Strength::RedLine => "red-line",
            Strength::Demand => "demand",
            Strength::Offer => "offer",
            Strength::Preference => "preference",
        }
    }

    /// Default weight of a clause of this strength when it has none of its own.
    #[must_use]
    pub fn default_weight(self) -> f64 {
        match self {
            Strength::RedLine => 1.0,
            Strength::Demand => 0.75,
            Strength::Offer => 0.5,
            Strength::Preference => 0.25,
        }
    }

    fn is_default(&self) -> bool {
        *self == Strength::Demand
    }
}

impl fmt::Display for Strength {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Strength {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Strength::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| format!("unknown strength `{s}`"))
    }
}

/// A reference to a clause: `clause-id` in the same position, or `party/clause-id`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClauseRef {
    /// The party whose position holds the clause; `None` for the referring position's own.
    pub party: Option<String>,
    /// The clause id.
    pub clause: String,
}

impl ClauseRef {
    /// The reference with its party filled in (`own` when it has none).
    #[must_use]
    pub fn qualified(&self, own: &str) -> String {
        format!("{}/{}", self.party.as_deref().unwrap_or(own), self.clause)
    }
}

impl fmt::Display for ClauseRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.party {
            Some(p) => write!(f, "{p}/{}", self.clause),
            None => f.write_str(&self.clause),
        }
    }
}

impl FromStr for ClauseRef {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("`{s}` is not a clause reference (`clause-id` or `party/clause-id`)");
        match s.split_once('/') {
            Some((p, c)) if !p.is_empty() && !c.is_empty() && !c.contains('/') => Ok(ClauseRef {
                party: Some(p.to_string()),
                clause: c.to_string(),
            }),
            None if !s.is_empty() => Ok(ClauseRef {
                party: None,
                clause: s.to_string(),
            }),
            _ => Err(bad()),
        }
    }
}

impl Serialize for ClauseRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ClauseRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl Source {
    /// A source with an id and a title; no publisher, date or path.
    #[must_use]
    pub fn new(id: impl Into<String>, title: impl Into<String>) -> Self {
        Source {
            id: id.into(),
            title: title.into(),
            publisher: None,
            date: None,
            path: None,
        }
    }

    /// Sets who published it (builder style).
    #[must_use]
    pub fn publisher(mut self, publisher: impl Into<String>) -> Self {
        self.publisher = Some(publisher.into());
        self
    }

    /// Sets when it was published (builder style).
    #[must_use]
    pub fn dated(mut self, date: Date) -> Self {
        self.date = Some(date);
        self
    }

    /// Sets the path of its local text copy, relative to the position's file, so that
    /// `negdiff check` can find the evidence quotes in it (builder style).
    #[must_use]
    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }
}

/// Where a clause comes from: a quote from a source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// The source id.
    pub source: String,
    /// A short verbatim quote.
    pub quote: String,
    /// Who said it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
}

/// What a clause rests on, from strongest to weakest.
///
/// The order is the strength of the record: `Quoted < Document < Inferred`, so the basis of
/// a finding, the weakest of its clauses', is the greatest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Basis {
    /// It has at least one evidence quote.
    Quoted,
    /// It rests on a source text without a quote (`source` names the source).
    Document,
    /// The analyst's reading (`rationale` says why).
    Inferred,
}

impl Basis {
    /// All three, from strongest to weakest.
    pub const ALL: [Basis; 3] = [Basis::Quoted, Basis::Document, Basis::Inferred];

    /// The keyword used in files and reports.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Basis::Quoted => "quoted",
            Basis::Document => "document",
            Basis::Inferred => "inferred",
        }
    }

    /// Whether a clause of this basis is on the record (quoted or document).
    #[must_use]
    pub fn is_on_record(self) -> bool {
        self != Basis::Inferred
    }
}

impl fmt::Display for Basis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Basis {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Basis::ALL
            .into_iter()
            .find(|b| b.as_str() == s)
            .ok_or_else(|| format!("unknown basis `{s}`"))
    }
}

/// One norm a party states: who must, must not, may or need not do what, where, when, how much.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Clause {
    /// Identifier, unique in its position.
    pub id: String,
    /// The parties the norm binds or entitles (one, or several for "the Parties shall").
    #[serde(serialize_with = "ser_bearer", deserialize_with = "de_bearer")]
    pub bearer: Vec<String>,
    /// Obligation, prohibition, permission or permission to refrain.
    pub modality: Modality,
    /// The action (an action id).
    pub action: String,
    /// Places covered: entity ids and `@group`s; `None` (or `["*"]`) is everywhere.
    #[serde(rename = "where", default, skip_serializing_if = "Option::is_none")]
    pub places: Option<Vec<String>>,
    /// Time window covered; `None` is always.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<DateRange>,
    /// Amounts covered, in the action's unit; `None` is any amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<AmountRange>,
    /// How firmly it is held.
    #[serde(default, skip_serializing_if = "Strength::is_default")]
    pub strength: Strength,
    /// Relative importance in [0, 1].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
    /// Clauses this one depends on (reciprocity).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<ClauseRef>,
    /// The clause in plain words.
    #[serde(default)]
    pub text: String,
    /// What the clause rests on, when said explicitly; see [`Clause::basis`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<Basis>,
    /// For `basis = "document"`: the source (a source id of the position) the clause rests on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// For `basis = "inferred"`: why the analyst reads the clause into the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
    /// Quotes that support it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

fn ser_bearer<S: Serializer>(b: &[String], s: S) -> Result<S::Ok, S::Error> {
    match b {
        [one] => s.serialize_str(one),
        many => many.serialize(s),
    }
}

fn de_bearer<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    match OneOrMany::deserialize(d) {
        Ok(OneOrMany::One(s)) => Ok(vec![s]),
        Ok(OneOrMany::Many(v)) => Ok(v),
        Err(_) => Err(serde::de::Error::custom("expected a party id or a list of party ids")),
    }
}

impl Clause {
    /// A clause with the given id, bearer, modality and action; everywhere, always, any amount,
    /// strength `demand`, no text. The builder methods set the rest:
    ///
    /// ```
    /// use negdiff::{date, Clause, Modality, Strength};
    /// let c = Clause::new("art4", "nato", Modality::MustNot, "deploy-forces")
    ///     .at(["@eastern-flank"])
    ///     .during(date!("2022-01-01")..)
    ///     .amount(..=5000.0)
    ///     .strength(Strength::RedLine)
    ///     .given("art5")
    ///     .text("No NATO forces in the east beyond 5000 troops")
    ///     .quote("draft", "shall not deploy military forces", Some("MFA"));
    /// assert_eq!(c.places.as_deref(), Some(&["@eastern-flank".to_string()][..]));
    /// assert_eq!(c.effective_weight(), 1.0);
    /// ```
    pub fn new(
        id: impl Into<String>,
        bearer: impl Into<String>,
        modality: Modality,
        action: impl Into<String>,
    ) -> Self {
        Clause {
            id: id.into(),
            bearer: vec![bearer.into()],
            modality,
            action: action.into(),
            ..Clause::vacant()
        }
    }

    /// A clause that holds nothing and allocates nothing: what a reader fills field by field,
    /// or what holds a clause's place while it is moved out for a moment.
    pub(crate) fn vacant() -> Clause {
        Clause {
            id: String::new(),
            bearer: Vec::new(),
            modality: Modality::Must,
            action: String::new(),
            places: None,
            when: None,
            amount: None,
            strength: Strength::Demand,
            weight: None,
            conditions: Vec::new(),
            text: String::new(),
            basis: None,
            source: None,
            rationale: None,
            evidence: Vec::new(),
        }
    }

    /// Sets the bearers (builder style).
    #[must_use]
    pub fn bearers<I, S>(mut self, bearers: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.bearer = bearers.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the places (builder style).
    #[must_use]
    pub fn at<I, S>(mut self, places: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.places = Some(places.into_iter().map(Into::into).collect());
        self
    }

    /// Sets the time window, both ends included: `from..=until`, `from..`, `..=until`
    /// (builder style; see [`InclusiveBounds`]).
    ///
    /// ```
    /// use negdiff::{date, Clause, DateRange, Modality};
    /// let c = Clause::new("c", "nato", Modality::May, "exercise").during(..=date!("2022-01-20"));
    /// assert_eq!(c.when, Some(DateRange { from: None, until: Some(date!("2022-01-20")) }));
    /// ```
    #[must_use]
    pub fn during(mut self, window: impl InclusiveBounds<Date>) -> Self {
        let (from, until) = window.bounds();
        self.when = Some(DateRange { from, until });
        self
    }

    /// Sets the amount range in the action's unit, both ends included: `500.0..=5500.0`,
    /// `..=40.0`, `1000.0..` (builder style; see [`InclusiveBounds`]).
    ///
    /// ```
    /// use negdiff::{AmountRange, Clause, Modality};
    /// let c = Clause::new("c", "nato", Modality::NeedNot, "deploy-missiles").amount(..=1000.0);
    /// assert_eq!(c.amount, Some(AmountRange { min: None, max: Some(1000.0) }));
    /// ```
    #[must_use]
    pub fn amount(mut self, range: impl InclusiveBounds<f64>) -> Self {
        let (min, max) = range.bounds();
        self.amount = Some(AmountRange { min, max });
        self
    }

    /// Sets the strength (builder style).
    #[must_use]
    pub fn strength(mut self, strength: Strength) -> Self {
        self.strength = strength;
        self
    }

    /// Sets the weight (builder style).
    #[must_use]
    pub fn weight(mut self, weight: f64) -> Self {
        self.weight = Some(weight);
        self
    }

    /// Adds a condition, written `clause-id` or `party/clause-id` (builder style).
    ///
    /// A reference that does not parse is kept as a bare clause id, so that validation
    /// reports it as unknown rather than dropping it.
    #[must_use]
    pub fn given(mut self, reference: &str) -> Self {
        let r = reference.parse().unwrap_or(ClauseRef {
            party: None,
            clause: reference.to_string(),
        });
        self.conditions.push(r);
        self
    }

    /// Sets the text (builder style).
    #[must_use]
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.text = text.into();
        self
    }

    /// Adds evidence (builder style).
    #[must_use]
    pub fn quote(mut self, source: impl Into<String>, quote: impl Into<String>, speaker: Option<&str>) -> Self {
        self.evidence.push(Evidence {
            source: source.into(),
            quote: quote.into(),
            speaker: speaker.map(str::to_string),
        });
        self
    }

    /// Says the clause rests on a source text without a quote (builder style).
    #[must_use]
    pub fn from_document(mut self, source: impl Into<String>) -> Self {
        self.basis = Some(Basis::Document);
        self.source = Some(source.into());
        self
    }

    /// Says the clause is the analyst's reading, and why (builder style).
    #[must_use]
    pub fn inferred(mut self, rationale: impl Into<String>) -> Self {
        self.basis = Some(Basis::Inferred);
        self.rationale = Some(rationale.into());
        self
    }

    /// What the clause rests on: its `basis` when it says one; else `quoted` when it has
    /// evidence; else `None` — a clause with neither is read as [`Basis::Inferred`] by the
    /// analysis (see [`Clause::record_basis`]) and `check` warns about it.
    #[must_use]
    pub fn basis(&self) -> Option<Basis> {
        self.basis
            .or_else(|| (!self.evidence.is_empty()).then_some(Basis::Quoted))
    }

    /// The basis the analysis uses: [`Clause::basis`], with a clause that has none counted as
    /// inferred (nothing puts it on the record).
    #[must_use]
    pub fn record_basis(&self) -> Basis {
        self.basis().unwrap_or(Basis::Inferred)
    }

    /// Whether the clause is on the record: quoted, or resting on a document.
    #[must_use]
    pub fn is_on_record(&self) -> bool {
        self.record_basis().is_on_record()
    }

    /// The clause's weight, or its strength's default weight.
    #[must_use]
    pub fn effective_weight(&self) -> f64 {
        self.weight.unwrap_or_else(|| self.strength.default_weight())
    }
}

impl Position {
    /// An empty position of a party; the builder methods add the rest:
    ///
    /// ```
    /// use negdiff::{date, Clause, Modality, Position, Source};
    /// let p = Position::new("nato", "Brussels, 12 January 2022")
    ///     .dated(date!("2022-01-12"))
    ///     .source(Source::new("presser", "Press conference").path("presser.txt"))
    ///     .group("east", ["PL", "RO"])
    ///     .clause(Clause::new("presence", "nato", Modality::May, "deploy-forces").at(["@east"]));
    /// assert_eq!(p.find_clause("presence").unwrap().action, "deploy-forces");
    /// ```
    pub fn new(party: impl Into<String>, label: impl Into<String>) -> Self {
        Position {
            party: party.into(),
            label: label.into(),
            ..Position::default()
        }
    }

    /// Sets the date (builder style).
    #[must_use]
    pub fn dated(mut self, date: Date) -> Self {
        self.date = Some(date);
        self
    }

    /// Adds a source (builder style).
    ///
    /// ```
    /// use negdiff::{date, Position, Source};
    /// let p = Position::new("nato", "reply").source(
    ///     Source::new("reply", "Written reply").publisher("NATO").dated(date!("2022-01-26")).path("reply.txt"),
    /// );
    /// assert_eq!(p.sources[0].path.as_deref(), Some("reply.txt"));
    /// ```
    #[must_use]
    pub fn source(mut self, source: Source) -> Self {
        self.sources.push(source);
        self
    }

    /// Adds a group of the position's own (builder style).
    #[must_use]
    pub fn group<I, S>(mut self, name: impl Into<String>, members: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.groups
            .insert(name.into(), members.into_iter().map(Into::into).collect());
        self
    }

    /// Says which issues the position addresses (builder style); without it, every issue.
    #[must_use]
    pub fn addressing<I, S>(mut self, issues: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.addresses = Some(issues.into_iter().map(Into::into).collect());
        self
    }

    /// Whether the position addresses an issue (every issue when `addresses` is absent).
    #[must_use]
    pub fn addresses_issue(&self, issue: &str) -> bool {
        self.addresses.as_ref().is_none_or(|a| a.iter().any(|i| i == issue))
    }

    /// Adds a clause (builder style).
    #[must_use]
    pub fn clause(mut self, clause: Clause) -> Self {
        self.clauses.push(clause);
        self
    }

    /// Looks up a clause by id.
    #[must_use]
    pub fn find_clause(&self, id: &str) -> Option<&Clause> {
        self.clauses.iter().find(|c| c.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_refs_parse_and_print() {
        for s in ["art5", "russia/art5"] {
            assert_eq!(s.parse::<ClauseRef>().unwrap().to_string(), s);
        }
        for s in ["", "/x", "x/", "a/b/c"] {
            assert!(s.parse::<ClauseRef>().is_err(), "{s}");
        }
    }

    #[test]
    fn modality_negation_is_an_involution() {
        for m in Modality::ALL {
            assert_eq!(m.negate_action().negate_action(), m);
            assert_eq!(m.as_str().parse::<Modality>().unwrap(), m);
        }
    }

    #[test]
    fn bearer_is_string_or_list() {
        let c = Clause::new("a", "nato", Modality::May, "talk");
        let j = serde_json::to_value(&c).unwrap();
        assert_eq!(j["bearer"], "nato");
        let c2 = c.clone().bearers(["nato", "russia"]);
        let j2 = serde_json::to_value(&c2).unwrap();
        assert_eq!(j2["bearer"], serde_json::json!(["nato", "russia"]));
        assert_eq!(serde_json::from_value::<Clause>(j2).unwrap(), c2);
        assert_eq!(serde_json::from_value::<Clause>(j).unwrap(), c);
    }
}
