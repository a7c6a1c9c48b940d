//! What a position addresses and what each clause rests on: the rules of `addresses`,
//! `basis`, `source` and `rationale`, checked when a position is compiled.

use std::collections::HashSet;

use super::index::Index;
use crate::model::{Basis, FieldPath, Invalid, Position, Problem};
use crate::suggest::closest;

/// The issues (indices in the vocabulary) a position addresses; every issue when it says none.
pub(crate) fn addressed(index: &Index<'_>, position: &Position) -> Vec<bool> {
    index
        .vocab
        .issues
        .iter()
        .map(|i| position.addresses_issue(&i.id))
        .collect()
}

/// Checks `addresses` and each clause's basis fields, collecting every problem.
pub(crate) fn check(index: &Index<'_>, position: &Position, source_ids: &HashSet<&str>, errors: &mut Vec<Invalid>) {
    let root = FieldPath::root();
    let issues = &index.vocab.issues;
    if let Some(list) = &position.addresses {
        let at = root.key("addresses");
        if list.is_empty() {
            errors.push(Invalid {
                at: at.clone(),
                problem: Problem::Empty {
                    field: "addresses".into(),
                },
            });
        }
        let mut seen = HashSet::new();
        for (k, id) in list.iter().enumerate() {
            if !issues.iter().any(|i| &i.id == id) {
                let cands = issues.iter().map(|i| (i.id.as_str(), Some(i.title.as_str())));
                errors.push(Invalid {
                    at: at.index(k),
                    problem: Problem::Unknown {
                        what: "issue".into(),
                        value: id.clone(),
                        suggestion: closest(id, cands),
                    },
                });
            } else if !seen.insert(id.as_str()) {
                errors.push(Invalid {
                    at: at.index(k),
                    problem: Problem::Duplicate {
                        what: "issue in addresses".into(),
                        id: id.clone(),
                    },
                });
            }
        }
    }
    let addressed = addressed(index, position);
    for (ci, clause) in position.clauses.iter().enumerate() {
        let at = root.key("clauses").index(ci);
        if let Some(info) = index.actions.get(clause.action.as_str()) {
            if !addressed.get(info.issue).copied().unwrap_or(true) {
                errors.push(Invalid {
                    at: at.key("action"),
                    problem: Problem::IssueNotAddressed {
                        action: clause.action.clone(),
                        issue: issues[info.issue].id.clone(),
                    },
                });
            }
        }
        let needs = |needs: &str| Problem::BasisNeeds {
            basis: clause.basis.map(Basis::as_str).unwrap_or_default().into(),
            needs: needs.into(),
        };
        match clause.basis {
            Some(Basis::Quoted) if clause.evidence.is_empty() => errors.push(Invalid {
                at: at.key("basis"),
                problem: needs("at least one `evidence` quote"),
            }),
            Some(Basis::Document) if clause.source.is_none() => errors.push(Invalid {
                at: at.key("basis"),
                problem: needs("`source`, the id of the source the clause rests on"),
            }),
            Some(Basis::Inferred) if clause.rationale.is_none() => errors.push(Invalid {
                at: at.key("basis"),
                problem: needs("`rationale`, why the clause is read into the record"),
            }),
            _ => {}
        }
        let misplaced = |field: &str, for_basis: Basis| Problem::BasisField {
            field: field.into(),
            for_basis: for_basis.as_str().into(),
            basis: clause.basis.map(|b| b.as_str().to_string()),
        };
        if let Some(source) = &clause.source {
            if clause.basis != Some(Basis::Document) {
                errors.push(Invalid {
                    at: at.key("source"),
                    problem: misplaced("source", Basis::Document),
                });
            } else if !source_ids.contains(source.as_str()) {
                let cands = position.sources.iter().map(|s| (s.id.as_str(), Some(s.title.as_str())));
                errors.push(Invalid {
                    at: at.key("source"),
                    problem: Problem::Unknown {
                        what: "source".into(),
                        value: source.clone(),
                        suggestion: closest(source, cands),
                    },
                });
            }
        }
        if let Some(rationale) = &clause.rationale {
            if clause.basis != Some(Basis::Inferred) {
                errors.push(Invalid {
                    at: at.key("rationale"),
                    problem: misplaced("rationale", Basis::Inferred),
                });
            } else if rationale.trim().is_empty() {
                errors.push(Invalid {
                    at: at.key("rationale"),
                    problem: Problem::Empty {
                        field: "rationale".into(),
                    },
                });
            }
        }
    }
}
