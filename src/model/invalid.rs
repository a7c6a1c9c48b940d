//! What can be wrong with a model, and exactly where.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One step of a [`FieldPath`]: a named field or a list index.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Segment {
    /// A field or map key.
    Key(String),
    /// A position in a list.
    Index(usize),
}

/// The location of a value inside a vocabulary or position, such as `clauses[3].where[1]`.
///
/// The file loader turns a path into a line and column; the model itself knows no files.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub struct FieldPath(pub Vec<Segment>);

impl FieldPath {
    /// The empty path (the document itself).
    #[must_use]
    pub fn root() -> Self {
        FieldPath(Vec::new())
    }

    /// This path extended by a field name.
    #[must_use]
    pub fn key(&self, k: &str) -> Self {
        let mut p = self.clone();
        p.0.push(Segment::Key(k.to_string()));
        p
    }

    /// This path extended by a list index.
    #[must_use]
    pub fn index(&self, i: usize) -> Self {
        let mut p = self.clone();
        p.0.push(Segment::Index(i));
        p
    }

    /// The last field name on the path, if any (`where` for `clauses[3].where[1]`).
    #[must_use]
    pub fn field(&self) -> Option<&str> {
        self.0.iter().rev().find_map(|s| match s {
            Segment::Key(k) => Some(k.as_str()),
            Segment::Index(_) => None,
        })
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for s in &self.0 {
            match s {
                Segment::Key(k) if first => f.write_str(k)?,
                Segment::Key(k) => write!(f, ".{k}")?,
                Segment::Index(i) => write!(f, "[{i}]")?,
            }
            first = false;
        }
        Ok(())
    }
}

/// A rule of the model that a value breaks.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
#[non_exhaustive]
#[serde(tag = "problem", rename_all = "kebab-case")]
pub enum Problem {
    /// Two items of the same kind share an id.
    #[error("duplicate {what} `{id}`")]
    Duplicate {
        /// Kind of item (`clause`, `entity`, …).
        what: String,
        /// The repeated id.
        id: String,
    },
    /// A reference to something that does not exist.
    #[error("unknown {what} `{value}`{}", suggestion_text(.suggestion))]
    Unknown {
        /// Kind of item referred to.
        what: String,
        /// The reference as written.
        value: String,
        /// The closest valid name, if one is close.
        suggestion: Option<String>,
    },
    /// Groups that contain each other.
    #[error("group cycle: {}", .cycle.iter().map(|g| format!("`@{g}`")).collect::<Vec<_>>().join(" → "))]
    GroupCycle {
        /// The groups on the cycle, the first repeated at the end.
        cycle: Vec<String>,
    },
    /// Entities that are part of each other.
    #[error("`part-of` cycle: {}", .cycle.iter().map(|g| format!("`{g}`")).collect::<Vec<_>>().join(" → "))]
    PartOfCycle {
        /// The entities on the cycle, the first repeated at the end.
        cycle: Vec<String>,
    },
    /// An action listed by two issues.
    #[error("action `{action}` is in issue `{first}` and in issue `{second}`; an action belongs to exactly one issue")]
    ActionInTwoIssues {
        /// The action.
        action: String,
        /// The first issue listing it.
        first: String,
        /// The second issue listing it.
        second: String,
    },
    /// Two opposite actions listed by different issues (they are one base action).
    #[error("`{action}` is in issue `{issue}` but its opposite `{opposite}` is in issue `{opposite_issue}`; opposites belong to the same issue")]
    OppositesInTwoIssues {
        /// The action.
        action: String,
        /// Its issue.
        issue: String,
        /// Its opposite.
        opposite: String,
        /// The opposite's issue.
        opposite_issue: String,
    },
    /// An action no issue lists.
    #[error("action `{action}` is in no issue; add it to one issue's `actions`")]
    ActionWithoutIssue {
        /// The action.
        action: String,
    },
    /// `a.opposite = b` but `b.opposite` names a third action (declaring the pair on one
    /// side only is enough).
    #[error("`{action}` names `{opposite}` as its opposite, but `{opposite}` {}", match .back { Some(b) => format!("names `{b}`"), None => "names none".to_string() })]
    OppositeNotMutual {
        /// The action.
        action: String,
        /// Its declared opposite.
        opposite: String,
        /// What the opposite names in turn.
        back: Option<String>,
    },
    /// Two actions name the same action as their opposite; an action has one opposite.
    #[error("`{action}` names `{opposite}` as its opposite, but `{other}` already does; an action has one opposite")]
    OppositeTaken {
        /// The action.
        action: String,
        /// Its declared opposite.
        opposite: String,
        /// The action paired with `opposite` before.
        other: String,
    },
    /// An interval whose lower end lies above its upper end.
    #[error("empty range: `{low_field}` {low} is greater than `{high_field}` {high}")]
    EmptyRange {
        /// Name of the lower field (`from`, `min`).
        low_field: String,
        /// The lower value.
        low: String,
        /// Name of the upper field (`until`, `max`).
        high_field: String,
        /// The upper value.
        high: String,
    },
    /// A number that must be finite is not.
    #[error("`{value}` is not a finite number")]
    NotFinite {
        /// The value as printed.
        value: String,
    },
    /// A weight outside [0, 1].
    #[error("weight {value} is outside [0, 1]")]
    WeightOutOfRange {
        /// The weight.
        value: f64,
    },
    /// A `where` that covers no place.
    #[error("`where` covers no place: {reason}")]
    EmptyWhere {
        /// Why (an empty list, or groups with no members).
        reason: String,
    },
    /// A required list or text is empty.
    #[error("`{field}` must not be empty")]
    Empty {
        /// The field.
        field: String,
    },
    /// An id that cannot be used because of its characters.
    #[error("`{id}` is not a valid id: {reason}")]
    BadId {
        /// The id.
        id: String,
        /// Why.
        reason: String,
    },
    /// A clause on a converse action with a `where` of its own.
    #[error("a clause on the converse action `{action}` cannot have a `where`: it is read at each bearer's `entity`")]
    ConverseWithWhere {
        /// The converse action.
        action: String,
    },
    /// A bearer of a clause on a converse action whose party names no territory.
    #[error(
        "party `{party}` has no `entity`, so its clause on the converse action `{action}` has no place to be read at"
    )]
    BearerWithoutEntity {
        /// The bearer.
        party: String,
        /// The converse action.
        action: String,
    },
    /// A converse whose target is itself a converse.
    #[error(
        "`{action}` is the converse of `{target}`, which is itself a converse; name the action `{target}` stands for"
    )]
    ConverseOfConverse {
        /// The converse action.
        action: String,
        /// Its target.
        target: String,
    },
    /// A converse action with an `opposite`.
    #[error("the converse action `{action}` cannot have an `opposite`; give the opposite to its target `{target}`")]
    ConverseWithOpposite {
        /// The converse action.
        action: String,
        /// Its target.
        target: String,
    },
    /// A converse action whose unit is not its target's.
    #[error("the converse action `{action}` has unit {}, but its target `{target}` has unit {}; they are one event", unit_text(.unit), unit_text(.target_unit))]
    ConverseUnit {
        /// The converse action.
        action: String,
        /// Its unit.
        unit: Option<String>,
        /// Its target.
        target: String,
        /// The target's unit.
        target_unit: Option<String>,
    },
    /// A converse action declaring a domain of its own.
    #[error(
        "the converse action `{action}` takes the domain of its target `{target}`; declare `{field}` on `{target}`"
    )]
    ConverseDomain {
        /// The converse action.
        action: String,
        /// Its target.
        target: String,
        /// `applies-to` or `amount-domain`.
        field: String,
    },
    /// A converse action listed in another issue than its target.
    #[error("the converse action `{action}` is in issue `{issue}` but its target `{target}` is in issue `{target_issue}`; a converse belongs to its target's issue")]
    ConverseInOtherIssue {
        /// The converse action.
        action: String,
        /// The issue listing it.
        issue: String,
        /// Its target.
        target: String,
        /// The target's issue.
        target_issue: String,
    },
    /// Two opposites declaring different domains.
    #[error("`{action}` and its opposite `{opposite}` declare different `{field}`; opposites share one domain, so declare it once")]
    DomainsDiffer {
        /// The action.
        action: String,
        /// Its opposite.
        opposite: String,
        /// `applies-to` or `amount-domain`.
        field: String,
    },
    /// A domain with nothing in it.
    #[error("the {field} of `{action}` is empty: {reason}")]
    EmptyDomain {
        /// The action.
        action: String,
        /// `applies-to` or `amount-domain`.
        field: String,
        /// Why.
        reason: String,
    },
    /// An `amount-domain` on an action without a `unit`.
    #[error("`{action}` has an `amount-domain` but no `unit`; amounts are counted in a unit")]
    AmountDomainWithoutUnit {
        /// The action.
        action: String,
    },
    /// A clause (or part of one) at places where its action cannot happen.
    #[error("`{action}` cannot happen at {}: outside its applies-to{}", place_list(.places), if *.dropped { "; those places are dropped" } else { "" })]
    OutsideDomain {
        /// The action as the clause names it.
        action: String,
        /// The places outside (entity atoms, `*` for elsewhere).
        places: Vec<String>,
        /// Whether the rest of the clause stands (a warning) rather than nothing (an error).
        dropped: bool,
    },
    /// A converse reading of a clause at places where the target cannot happen.
    #[error("`{party}` doing `{action}` reads as `{by}` doing `{target}` at {}, outside the applies-to of `{target}`; {}", place_list(.places), if *.whole { "that reading is dropped" } else { "those places are dropped" })]
    ReadingOutsideDomain {
        /// The bearer whose entity is read.
        party: String,
        /// The converse action.
        action: String,
        /// The party bearing the target.
        by: String,
        /// The target action.
        target: String,
        /// The places outside.
        places: Vec<String>,
        /// Whether the whole reading is dropped (else only those places).
        whole: bool,
    },
    /// A clause amount with no possible amount in it.
    #[error("amount {amount} of `{action}` lies outside its amount domain {domain}")]
    AmountOutsideDomain {
        /// The action as the clause names it.
        action: String,
        /// The clause's amount range.
        amount: String,
        /// The domain (`[0, ∞)`, `whole numbers in [0, ∞)`).
        domain: String,
    },
    /// A clause's `basis` lacks the field that basis needs.
    #[error("basis `{basis}` needs {needs}")]
    BasisNeeds {
        /// The basis (`quoted`, `document`, `inferred`).
        basis: String,
        /// What it needs, in words (`` `source` ``, `` a `rationale` ``, …).
        needs: String,
    },
    /// A field that belongs to another basis than the clause's.
    #[error("`{field}` is only for basis `{for_basis}`; {}", match .basis { Some(b) => format!("this clause's basis is `{b}`"), None => format!("add `basis = \"{for_basis}\"`") })]
    BasisField {
        /// The field (`source`, `rationale`).
        field: String,
        /// The basis it belongs to.
        for_basis: String,
        /// The clause's basis, if it says one.
        basis: Option<String>,
    },
    /// A clause on an issue its position's `addresses` leaves out.
    #[error("action `{action}` is in issue `{issue}`, which `addresses` leaves out; add `{issue}` to `addresses`")]
    IssueNotAddressed {
        /// The clause's action.
        action: String,
        /// The action's issue.
        issue: String,
    },
    /// Two opposite actions with different units (one base action, so their amounts meet).
    #[error("`{action}` has unit {} but its opposite `{opposite}` has unit {}; opposites measure amounts in the same unit", unit_text(.unit), unit_text(.opposite_unit))]
    OppositeUnits {
        /// The action declared second.
        action: String,
        /// Its unit.
        unit: Option<String>,
        /// Its opposite.
        opposite: String,
        /// The opposite's unit.
        opposite_unit: Option<String>,
    },
    /// Conditions of a position's clauses that lead back to where they start.
    #[error("conditions form a cycle: {}", .cycle.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(" → "))]
    ConditionCycle {
        /// The clauses on the cycle, the first repeated at the end (`a → a` for a clause
        /// that is its own condition).
        cycle: Vec<String>,
    },
}

/// How many places a message lists before it counts the rest.
const PLACES_SHOWN: usize = 8;

fn place_list(places: &[String]) -> String {
    let mut s = places
        .iter()
        .take(PLACES_SHOWN)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if places.len() > PLACES_SHOWN {
        s.push_str(&format!(" and {} more", places.len() - PLACES_SHOWN));
    }
    s
}

fn unit_text(u: &Option<String>) -> String {
    match u {
        Some(u) => format!("`{u}`"),
        None => "none".to_string(),
    }
}

fn suggestion_text(s: &Option<String>) -> String {
    match s {
        Some(s) => format!("; did you mean `{s}`?"),
        None => String::new(),
    }
}

/// A rule broken at a place in the model.
///
/// ```
/// use negdiff::{FieldPath, Invalid, Problem};
/// let e = Invalid {
///     at: FieldPath::root().key("clauses").index(3).key("where").index(0),
///     problem: Problem::Unknown { what: "entity".into(), value: "UKR".into(), suggestion: Some("UA".into()) },
/// };
/// assert_eq!(e.to_string(), "clauses[3].where[0]: unknown entity `UKR`; did you mean `UA`?");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
#[error("{at}: {problem}")]
pub struct Invalid {
    /// Where the bad value is.
    pub at: FieldPath,
    /// What is wrong with it.
    pub problem: Problem,
}
