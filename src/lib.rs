//! negdiff: typed negotiation clauses and a semantic diff between positions.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod analysis;
mod error;
pub mod evolve;
pub mod model;
mod report;
mod suggest;

pub use analysis::{
    check, compare, compare_all, validate_position, validate_vocabulary, CheckReport, Comparison, Counts, Finding,
    IssueVerdict, Kind, Matrix, PositionInfo, Quote, ScopeBox, Side, Summary, Verdict, WitnessSize,
};
pub use error::Error;
pub use evolve::{
    apply, evolve, evolve_with, render_diff, render_markdown, render_text, Change, ChangeKind, ClauseRole,
    ConflictShift, ConflictStatus, CounterpartShifts, Direction, Evolution, EvolutionCounts, EvolveOptions,
    FieldChange, Measure, Size, WordEdit, WordOp,
};
pub use model::{
    Action, AmountRange, Clause, ClauseRef, Date, DateError, DateRange, Entity, Evidence, FieldPath, Interval, Invalid,
    Issue, Modality, Party, Position, Problem, Segment, Source, Strength, Vocabulary,
};
