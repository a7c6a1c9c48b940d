//! Replaying an evolution on the old position.

use std::collections::{BTreeSet, HashMap};

use serde::de::DeserializeOwned;

use super::{ChangeKind, Evolution, Field, FieldChange};
use crate::error::Error;
use crate::model::{Clause, FieldPath, Invalid, Position, Problem};

fn bad(at: FieldPath, what: &str, value: &str) -> Error {
    Error::Invalid {
        subject: "evolution".to_string(),
        problems: vec![Invalid {
            at,
            problem: Problem::Unknown {
                what: what.to_string(),
                value: value.to_string(),
                suggestion: None,
            },
        }],
    }
}

fn value<T: DeserializeOwned>(f: &FieldChange, at: &FieldPath) -> Result<T, Error> {
    serde_json::from_value(f.after.clone()).map_err(|e| {
        bad(
            at.key(f.field.as_str()),
            &format!("value for `{}` ({e})", f.field),
            &f.after.to_string(),
        )
    })
}

fn set_field(clause: &mut Clause, f: &FieldChange, at: &FieldPath) -> Result<(), Error> {
    match f.field {
        Field::Id => clause.id = value(f, at)?,
        Field::Bearer => clause.bearer = value(f, at)?,
        Field::Modality => clause.modality = value(f, at)?,
        Field::Action => clause.action = value(f, at)?,
        Field::Where => clause.places = value(f, at)?,
        Field::When => clause.when = value(f, at)?,
        Field::Amount => clause.amount = value(f, at)?,
        Field::Strength => clause.strength = value(f, at)?,
        Field::Weight => clause.weight = value(f, at)?,
        Field::Conditions => clause.conditions = value(f, at)?,
        Field::Text => clause.text = value(f, at)?,
        Field::Basis => clause.basis = value(f, at)?,
        Field::Source => clause.source = value(f, at)?,
        Field::Rationale => clause.rationale = value(f, at)?,
        Field::Evidence => clause.evidence = value(f, at)?,
        other => return Err(bad(at.key(other.as_str()), "clause field", other.as_str())),
    }
    Ok(())
}

fn set_position_field(p: &mut Position, f: &FieldChange) -> Result<(), Error> {
    let at = FieldPath::root();
    match f.field {
        Field::Label => p.label = value(f, &at)?,
        Field::Date => p.date = value(f, &at)?,
        Field::Vocabulary => p.vocabulary = value(f, &at)?,
        Field::Addresses => p.addresses = value(f, &at)?,
        Field::Sources => p.sources = value(f, &at)?,
        Field::Groups => p.groups = value(f, &at)?,
        other => return Err(bad(at.key(other.as_str()), "position field", other.as_str())),
    }
    Ok(())
}

impl Evolution {
    /// Applies the evolution's changes to its old position, giving the new position.
    ///
    /// Dropped clauses are removed, added clauses inserted, and every changed field of a matched
    /// clause set to its value `after`; clauses that did not change keep their relative order and
    /// fill the places the changes leave free. `evolve(v, old, new)?.apply_to(old) == new`.
    ///
    /// # Errors
    /// [`Error::Invalid`] when a change names a clause `old` does not have, or carries a value
    /// that does not fit its field.
    pub fn apply_to(&self, old: &Position) -> Result<Position, Error> {
        apply(old, self)
    }
}

fn apply(old: &Position, evolution: &Evolution) -> Result<Position, Error> {
    let root = FieldPath::root().key("changes");
    let by_id: HashMap<&str, usize> = old
        .clauses
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut touched = BTreeSet::new();
    let mut placed: Vec<(usize, Clause)> = Vec::new();
    let mut loose: Vec<Clause> = Vec::new();
    for (k, ch) in evolution.changes.iter().enumerate() {
        let at = root.index(k);
        let source = match ch.kind {
            ChangeKind::Added | ChangeKind::NewlyAddressed => None,
            _ => {
                let id = ch.old.as_deref().unwrap_or_default();
                let &i = by_id.get(id).ok_or_else(|| bad(at.key("old"), "clause", id))?;
                touched.insert(i);
                Some(i)
            }
        };
        let clause = match (ch.kind, source) {
            (ChangeKind::Dropped | ChangeKind::NotRestated, _) => continue,
            (ChangeKind::Added | ChangeKind::NewlyAddressed, _) => ch
                .clause
                .clone()
                .ok_or_else(|| bad(at.key("clause"), "clause", "null"))?,
            (_, Some(i)) => {
                let mut c = old.clauses[i].clone();
                for f in &ch.fields {
                    set_field(&mut c, f, &at.key("fields"))?;
                }
                c
            }
            (_, None) => continue,
        };
        match ch.new_index {
            Some(n) => placed.push((n, clause)),
            None => loose.push(clause),
        }
    }
    placed.sort_by_key(|(n, _)| *n);
    let mut unchanged = old
        .clauses
        .iter()
        .enumerate()
        .filter(|(i, _)| !touched.contains(i))
        .map(|(_, c)| c.clone());
    let total = placed.len() + old.clauses.len() - touched.len();
    let mut clauses = Vec::with_capacity(total + loose.len());
    let mut placed = placed.into_iter().peekable();
    for slot in 0..total {
        if placed.peek().is_some_and(|(n, _)| *n == slot) {
            if let Some((_, c)) = placed.next() {
                clauses.push(c);
            }
        } else if let Some(c) = unchanged.next() {
            clauses.push(c);
        }
    }
    clauses.extend(placed.map(|(_, c)| c));
    clauses.extend(unchanged);
    clauses.extend(loose);
    let mut new = Position { clauses, ..old.clone() };
    new.party = evolution.party.clone();
    for f in &evolution.position {
        set_position_field(&mut new, f)?;
    }
    Ok(new)
}
