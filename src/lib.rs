#![doc = include_str!("../README.md")]
//!
//! # Semantics
//!
//! ## Clauses become norms
//! Each clause is read, once per bearer, as a deontic norm over a **base action**:
//!
//! | clause | norm over `a` |
//! |---|---|
//! | `must a` | O(a) — obligatory |
//! | `must-not a` | O(¬a) — forbidden |
//! | `may a` | P(a) — permitted |
//! | `need-not a` | P(¬a) — permitted to refrain |
//!
//! An action's `opposite` is its negation: of two opposites, the one the vocabulary declares
//! first is the base, so `must withdraw-forces` is O(¬deploy-forces) when `deploy-forces` comes
//! first. The pair is declared on either action (`opposite = "withdraw-forces"` on
//! `deploy-forces` is enough) or on both, naming each other. Findings always name the base
//! action and the normalised modality ([`Finding::left_norm`], [`Finding::right_norm`]).
//!
//! ## Scopes are regions
//! A clause covers a region: `where` × `when` × `amount`. `where` is a set of **atoms**: each
//! entity's own territory (the entity minus its named parts) plus one atom, `*`, for every place
//! the vocabulary does not name. Naming an entity covers its parts (`UA` covers `crimea` when
//! `crimea` is `part-of` `UA`); `@group` covers its members; an absent `where` covers every atom.
//! `when` is an interval of days, `amount` an interval of numbers in the action's unit; the
//! bounds written in clauses are inclusive, an absent bound is open.
//!
//! ## Relations and witnesses
//! Two clauses of the two sides on the same bearer and base action whose regions intersect are,
//! on that intersection (the **witness**):
//!
//! | left \ right | O(a) | O(¬a) | P(a) | P(¬a) |
//! |---|---|---|---|---|
//! | **O(a)** | agreement | conflict | overlap | conflict |
//! | **O(¬a)** | conflict | agreement | conflict | overlap |
//! | **P(a)** | overlap | conflict | agreement | overlap |
//! | **P(¬a)** | conflict | overlap | overlap | agreement |
//!
//! A **gap** is the part of one side's clause region that no clause of the other side on the
//! same bearer and base action covers; when the other side says nothing at all on the issue,
//! the gap is marked [`Finding::whole_issue`]. Strength, weight and conditions never change a
//! relation; they annotate it: [`Finding::red_lines`] counts the red lines involved (2 is the
//! most severe conflict) and [`Finding::conditions`] lists the clauses a finding rests on.
//!
//! Witnesses are exact: a list of disjoint [`ScopeBox`]es whose interval ends say whether they
//! are included. Dates are whole days, so a gap after "until 2022-01-20" starts on 2022-01-21;
//! amounts are real numbers, so the gap above "at most 100" starts just above 100
//! (`min: 100, min_inclusive: false`).
//!
//! The engine holds these laws, checked by property tests against a brute-force reference that
//! expands every region into cells:
//! - for every clause, its witnesses plus its gap cover its region exactly, and the gap meets
//!   no clause of the other side on the same key;
//! - `compare(b, a)` is `compare(a, b).mirrored()`; conflict is symmetric;
//! - `compare(a, a)` has no gaps, and conflicts exactly where [`check`] finds contradictions.
//!
//! ```
//! use negdiff::{compare, Clause, Interval, Kind, Modality, Position, Vocabulary};
//!
//! let vocab = Vocabulary::new("missiles")
//!     .party("russia", "Russia")
//!     .party("nato", "NATO")
//!     .action("deploy-missiles", Some("km"))
//!     .issue("missiles", "Missiles", ["deploy-missiles"]);
//! let ban = Position::new("russia", "draft").clause(
//!     Clause::new("ban", "nato", Modality::MustNot, "deploy-missiles").amount(Some(500.0), Some(5500.0)),
//! );
//! let limit = Position::new("nato", "reply").clause(
//!     Clause::new("limit", "nato", Modality::NeedNot, "deploy-missiles").amount(None, Some(1000.0)),
//! );
//! let c = compare(&vocab, &ban, &limit)?;
//! // Common ground where both speak: forbidding asks more than permitting restraint.
//! let overlap = c.of_kind(Kind::Overlap).next().unwrap();
//! assert_eq!(overlap.scope[0].amount, Some(Interval::closed(Some(500.0), Some(1000.0))));
//! // Russia's ban above 1000 km is a gap that starts just above 1000.
//! let gap = c.of_kind(Kind::Gap).find(|f| f.left == ["ban"]).unwrap();
//! let above = gap.scope[0].amount.unwrap();
//! assert_eq!((above.min, above.min_inclusive), (Some(1000.0), false));
//! # Ok::<(), negdiff::Error>(())
//! ```
//!
//! ## Verdicts per issue
//! Each issue either side raises gets a [`Verdict`] in the style of policy analysers:
//! `equivalent` (only agreements), `left-asks-more` (no conflict; the left side obliges where
//! the right permits, or speaks where the right is silent), `right-asks-more`, `incomparable`
//! (a conflict, a permission facing a permission to refrain, or each side asking more
//! somewhere), `disjoint` (both raise the issue but their regions never meet).
//!
//! # Modules
//! - [`model`]: vocabularies, positions, clauses, dates and intervals — plain serde data.
//! - [`analysis`]: compiling a position against a vocabulary, [`compare`], [`compare_all`],
//!   [`check`]; findings, verdicts, summaries.
//! - [`report`]: text and Markdown rendering (JSON is the serde form of the report types).
//! - [`bargain`]: outcome spaces, Pareto frontier, Nash and Kalai–Smorodinsky points.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod analysis;
pub mod bargain;
mod error;
pub mod evolve;
pub mod format;
pub mod model;
pub mod report;
mod suggest;
#[cfg(feature = "testing")]
pub mod testing;

pub use analysis::{
    check, compare, compare_all, validate_position, validate_vocabulary, Analyzer, CheckReport, Comparison, Counts,
    Finding, IssueVerdict, Kind, Matrix, Name, PositionInfo, Quote, ScopeBox, Side, Summary, Verdict, WitnessSize,
};
pub use error::Error;
pub use evolve::{
    apply, evolve, evolve_with, render_diff, render_markdown, render_text, Change, ChangeKind, ClauseRole,
    ConflictShift, ConflictStatus, CounterpartShifts, Direction, Evolution, EvolutionCounts, EvolveOptions,
    FieldChange, Measure, Size, WordEdit, WordOp,
};
pub use format::{Diagnostic, LoadError};
pub use model::{
    Action, AmountRange, Clause, ClauseRef, Date, DateError, DateRange, Entity, Evidence, FieldPath, Interval, Invalid,
    Issue, Modality, Party, Position, Problem, Segment, Source, Strength, Vocabulary,
};
