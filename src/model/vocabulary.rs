//! The shared terms of one negotiation.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The shared terms of one negotiation: who negotiates, about which places, which actions,
/// grouped into which issues.
///
/// Fields are plain data; [`validate_vocabulary`](crate::validate_vocabulary) checks the rules that tie them together
/// (unique ids, known references, no cycles, opposites that agree, each action in one issue).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
// The serde form is the file, header included: `remote = "Self"` keeps these derives as the
// one list of fields, and `model/file.rs` adds `format` and `kind` around them.
#[serde(remote = "Self", deny_unknown_fields, rename_all = "kebab-case")]
pub struct Vocabulary {
    /// A human name for the vocabulary.
    pub name: String,
    /// The parties that hold positions or bear norms.
    #[serde(default)]
    pub parties: Vec<Party>,
    /// States, regions and other places; `part-of` makes a tree.
    #[serde(default)]
    pub entities: Vec<Entity>,
    /// What clauses oblige, forbid or permit.
    #[serde(default)]
    pub actions: Vec<Action>,
    /// The agenda items; each action belongs to exactly one.
    #[serde(default)]
    pub issues: Vec<Issue>,
    /// Named groups: a group name (without `@`) to entity ids and `@group` references.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub groups: BTreeMap<String, Vec<String>>,
}

/// A negotiating party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Party {
    /// Identifier used in positions (`bearer`, `party`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// The party's own territory (an entity id), where a clause on a converse action it bears
    /// is read: `ukraine` joining the alliance is the alliance admitting members at `UA`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
}

/// A place a clause can cover: a state, a region, a site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Entity {
    /// Identifier used in `where` lists.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The entity this one is part of; naming the parent covers this entity too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_of: Option<String>,
}

/// An action a clause can oblige, forbid or permit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Action {
    /// Identifier used in clauses.
    pub id: String,
    /// The action that negates this one (`withdraw-forces` for `deploy-forces`). Declaring
    /// it on one action of the pair is enough; declared on both, each names the other.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opposite: Option<String>,
    /// Unit of the clause `amount` for this action (`troops`, `km`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The same event seen from the other party: a bearer doing this action is `by` doing
    /// `action` at the bearer's entity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub converse: Option<Converse>,
    /// Where the action can happen at all (entity ids, `@group`s, `*`); absent for everywhere.
    /// Opposites share one domain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applies_to: Option<Vec<String>>,
    /// The amounts the action can have; an action with a `unit` has `[0, ∞)` unless it says
    /// otherwise. Opposites share one amount domain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_domain: Option<AmountDomain>,
}

/// `converse = { action = "admit-members", by = "nato" }`: the action is another party's
/// action seen from the bearer's side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Converse {
    /// The target action (not itself a converse).
    pub action: String,
    /// The party that bears the target action.
    pub by: String,
}

/// `amount-domain = { min = 0, max = 100, whole = true }`: the amounts an action can have.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmountDomain {
    /// Smallest possible amount (included), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Largest possible amount (included), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Whether only whole numbers exist (centrifuges, troops, launchers).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub whole: bool,
}

/// An agenda item grouping actions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Issue {
    /// Identifier.
    pub id: String,
    /// Display title.
    pub title: String,
    /// The actions that belong to this issue.
    #[serde(default)]
    pub actions: Vec<String>,
}

impl Action {
    /// An action with an optional unit and nothing else.
    pub fn new(id: impl Into<String>, unit: Option<&str>) -> Self {
        Action {
            id: id.into(),
            opposite: None,
            unit: unit.map(str::to_string),
            converse: None,
            applies_to: None,
            amount_domain: None,
        }
    }
}

impl Vocabulary {
    /// An empty vocabulary with a name; the builder methods add the rest:
    ///
    /// ```
    /// use negdiff::Vocabulary;
    /// let v = Vocabulary::new("talks")
    ///     .party("nato", "NATO")
    ///     .entity("UA", "Ukraine", None)
    ///     .entity("crimea", "Crimea", Some("UA"))
    ///     .group("black-sea", ["UA"])
    ///     .opposites("deploy-forces", "withdraw-forces", Some("troops"))
    ///     .action("exercise", None)
    ///     .issue("posture", "Force posture", ["deploy-forces", "withdraw-forces", "exercise"]);
    /// assert!(negdiff::validate_vocabulary(&v).is_ok());
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Vocabulary {
            name: name.into(),
            ..Vocabulary::default()
        }
    }

    /// Adds a party (builder style).
    #[must_use]
    pub fn party(mut self, id: impl Into<String>, name: impl Into<String>) -> Self {
        self.parties.push(Party {
            id: id.into(),
            name: name.into(),
            entity: None,
        });
        self
    }

    /// Names the territory of an already added party (builder style).
    #[must_use]
    pub fn territory(mut self, party: &str, entity: impl Into<String>) -> Self {
        if let Some(p) = self.parties.iter_mut().find(|p| p.id == party) {
            p.entity = Some(entity.into());
        }
        self
    }

    /// Adds an entity, optionally part of another (builder style).
    #[must_use]
    pub fn entity(mut self, id: impl Into<String>, name: impl Into<String>, part_of: Option<&str>) -> Self {
        self.entities.push(Entity {
            id: id.into(),
            name: name.into(),
            part_of: part_of.map(str::to_string),
        });
        self
    }

    /// Adds a group of entity ids and `@group` references (builder style).
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

    /// Adds an action with an optional unit (builder style).
    #[must_use]
    pub fn action(mut self, id: impl Into<String>, unit: Option<&str>) -> Self {
        self.actions.push(Action::new(id, unit));
        self
    }

    /// Adds an action that is the converse of `target` borne by `by` (builder style): a
    /// bearer doing `id` is `by` doing `target` at the bearer's entity. It takes the target's
    /// unit.
    #[must_use]
    pub fn converse(mut self, id: impl Into<String>, target: &str, by: &str) -> Self {
        let unit = self
            .actions
            .iter()
            .find(|a| a.id == target)
            .and_then(|a| a.unit.clone());
        let mut a = Action::new(id, unit.as_deref());
        a.converse = Some(Converse {
            action: target.to_string(),
            by: by.to_string(),
        });
        self.actions.push(a);
        self
    }

    /// Sets where an already added action can happen (builder style).
    #[must_use]
    pub fn applies_to<I, S>(mut self, action: &str, places: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        if let Some(a) = self.actions.iter_mut().find(|a| a.id == action) {
            a.applies_to = Some(places.into_iter().map(Into::into).collect());
        }
        self
    }

    /// Sets the amounts an already added action can have (builder style).
    #[must_use]
    pub fn amount_domain(mut self, action: &str, min: Option<f64>, max: Option<f64>, whole: bool) -> Self {
        if let Some(a) = self.actions.iter_mut().find(|a| a.id == action) {
            a.amount_domain = Some(AmountDomain { min, max, whole });
        }
        self
    }

    /// Adds two actions that negate each other (builder style); the first is the base action.
    #[must_use]
    pub fn opposites(mut self, base: impl Into<String>, opposite: impl Into<String>, unit: Option<&str>) -> Self {
        let (base, opposite) = (base.into(), opposite.into());
        let mut a = Action::new(base.clone(), unit);
        a.opposite = Some(opposite.clone());
        self.actions.push(a);
        let mut b = Action::new(opposite, unit);
        b.opposite = Some(base);
        self.actions.push(b);
        self
    }

    /// Adds an issue with its actions (builder style).
    #[must_use]
    pub fn issue<I, S>(mut self, id: impl Into<String>, title: impl Into<String>, actions: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.issues.push(Issue {
            id: id.into(),
            title: title.into(),
            actions: actions.into_iter().map(Into::into).collect(),
        });
        self
    }

    /// Looks up a party by id.
    #[must_use]
    pub fn find_party(&self, id: &str) -> Option<&Party> {
        self.parties.iter().find(|p| p.id == id)
    }

    /// Looks up an entity by id.
    #[must_use]
    pub fn find_entity(&self, id: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.id == id)
    }

    /// Looks up an issue by id.
    #[must_use]
    pub fn find_issue(&self, id: &str) -> Option<&Issue> {
        self.issues.iter().find(|i| i.id == id)
    }

    /// The vocabulary implied by positions written without one: each action is its own issue,
    /// each place named in a `where` is a bare entity, each party named is a party, and there
    /// are no opposites and no groups beyond the positions' own.
    ///
    /// Names are taken in order of first appearance, so the result is deterministic.
    pub fn implicit<'a>(positions: impl IntoIterator<Item = &'a super::Position>) -> Vocabulary {
        let mut v = Vocabulary::new("implicit");
        let mut seen_party = std::collections::HashSet::new();
        let mut seen_entity = std::collections::HashSet::new();
        let mut seen_action = std::collections::HashSet::new();
        for p in positions {
            let group_names: std::collections::HashSet<&str> = p.groups.keys().map(String::as_str).collect();
            let mut add_party = |id: &str, v: &mut Vocabulary| {
                if !id.is_empty() && seen_party.insert(id.to_string()) {
                    v.parties.push(Party {
                        id: id.to_string(),
                        name: id.to_string(),
                        entity: None,
                    });
                }
            };
            add_party(&p.party, &mut v);
            let places = p
                .clauses
                .iter()
                .flat_map(|c| c.places.iter().flatten())
                .chain(p.groups.values().flatten());
            for place in places {
                // A name that cannot be an entity id stays out, so that the position's own
                // validation reports it where it is written, not the vocabulary at 1:1.
                if place.is_empty()
                    || place == "*"
                    || place.starts_with('@')
                    || place.contains('/')
                    || group_names.contains(place.as_str())
                {
                    continue;
                }
                if seen_entity.insert(place.clone()) {
                    v.entities.push(Entity {
                        id: place.clone(),
                        name: place.clone(),
                        part_of: None,
                    });
                }
            }
            for c in &p.clauses {
                for b in &c.bearer {
                    add_party(b, &mut v);
                }
                if !c.action.is_empty() && seen_action.insert(c.action.clone()) {
                    v.actions.push(Action::new(c.action.clone(), None));
                    v.issues.push(Issue {
                        id: c.action.clone(),
                        title: c.action.clone(),
                        actions: vec![c.action.clone()],
                    });
                }
            }
        }
        v
    }
}
