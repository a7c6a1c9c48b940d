//! What a position addresses and what each clause rests on: the rules of `addresses`,
//! `basis`, `source` and `rationale`, checked when a position is compiled.

use std::collections::HashSet;

use super::index::Index;
use crate::model::{Basis, FieldPath, Invalid, Position, Problem};
use crate::suggest::closest;

/// For each issue of the vocabulary (by index), whether a position addresses it; every issue
/// when it says none. Linear in the issues plus the list, however long a hostile list is.
pub(crate) fn addressed(index: &Index<'_>, position: &Position) -> Vec<bool> {
    let issues = &index.vocab.issues;
    match &position.addresses {
        None => vec![true; issues.len()],
        Some(list) => {
            let listed: HashSet<&str> = list.iter().map(String::as_str).collect();
            issues.iter().map(|i| listed.contains(i.id.as_str())).collect()
        }
    }
}

/// Checks `addresses` and each clause's basis fields, collecting every problem.
pub(crate) fn check(
    index: &Index<'_>,
    position: &Position,
    source_ids: &crate::keyed::KeyedSet<&str>,
    errors: &mut Vec<Invalid>,
) {
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
        let known: HashSet<&str> = issues.iter().map(|i| i.id.as_str()).collect();
        let mut seen = HashSet::new();
        for (k, id) in list.iter().enumerate() {
            if !known.contains(id.as_str()) {
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
    let cl = root.key("clauses");
    for (ci, clause) in position.clauses.iter().enumerate() {
        // Built only for a clause that breaks a rule.
        let at = || cl.index(ci);
        if let Some(info) = index.actions.get(clause.action.as_str()) {
            if !addressed.get(info.issue).copied().unwrap_or(true) {
                errors.push(Invalid {
                    at: at().key("action"),
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
                at: at().key("basis"),
                problem: needs("at least one `evidence` quote"),
            }),
            Some(Basis::Document) if clause.source.is_none() => errors.push(Invalid {
                at: at().key("basis"),
                problem: needs("`source`, the id of the source the clause rests on"),
            }),
            Some(Basis::Inferred) if clause.rationale.is_none() => errors.push(Invalid {
                at: at().key("basis"),
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
                    at: at().key("source"),
                    problem: misplaced("source", Basis::Document),
                });
            } else if !source_ids.contains(source.as_str()) {
                let cands = position.sources.iter().map(|s| (s.id.as_str(), Some(s.title.as_str())));
                errors.push(Invalid {
                    at: at().key("source"),
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
                    at: at().key("rationale"),
                    problem: misplaced("rationale", Basis::Inferred),
                });
            } else if rationale.trim().is_empty() {
                errors.push(Invalid {
                    at: at().key("rationale"),
                    problem: Problem::Empty {
                        field: "rationale".into(),
                    },
                });
            }
        }
    }
}

/// How an analysis reads positions: [`compare_with`](crate::compare_with),
/// [`compare_all_with`](crate::compare_all_with), [`Analyzer::with_options`](crate::Analyzer::with_options)
/// and [`bargain::from_positions_with`](crate::bargain::from_positions_with).
///
/// ```
/// use negdiff::{compare_with, Clause, CompareOptions, FindingKind, Modality, Position, Vocabulary};
///
/// let vocab = Vocabulary::new("v").party("a", "A").party("b", "B").action("build", None)
///     .issue("works", "Works", ["build"]);
/// let a = Position::new("a", "ours").source(negdiff::Source::new("s", "Statement"))
///     .clause(Clause::new("quoted", "b", Modality::MustNot, "build").quote("s", "no building", None))
///     .clause(Clause::new("guess", "a", Modality::May, "build").inferred("read between the lines"));
/// let b = Position::new("b", "theirs").source(negdiff::Source::new("plan-2022", "Building plan"))
///     .clause(Clause::new("plan", "b", Modality::May, "build").from_document("plan-2022"));
/// let all = compare_with(&vocab, &a, &b, &CompareOptions::default())?;
/// assert_eq!(all.summary.by_basis.inferred.gap, 1); // `guess` meets nothing of b's
/// let record = compare_with(&vocab, &a, &b, &CompareOptions::default().on_record(true))?;
/// assert!(record.findings.iter().all(|f| f.left.iter().all(|id| id != "guess")));
/// assert_eq!(record.of_kind(FindingKind::Conflict).count(), 1);
/// # Ok::<(), negdiff::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct CompareOptions {
    /// Read only clauses on the record (quoted, or resting on a document): inferred clauses,
    /// and clauses with neither evidence nor basis, are left out. Every clause is still
    /// validated.
    pub on_record: bool,
}

impl CompareOptions {
    /// Sets [`CompareOptions::on_record`] (builder style).
    #[must_use]
    pub fn on_record(mut self, on_record: bool) -> Self {
        self.on_record = on_record;
        self
    }

    /// Leaves out the norms an analysis with these options does not read.
    pub(crate) fn apply(&self, compiled: &mut super::index::Compiled<'_>) {
        if self.on_record {
            let clauses = &compiled.position.clauses;
            compiled
                .norms
                .retain(|n| clauses.get(n.clause).is_some_and(crate::model::Clause::is_on_record));
        }
    }
}
