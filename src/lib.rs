//! negdiff: typed negotiation clauses and a semantic diff between positions.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod analysis;
pub mod bargain;
mod error;
pub mod model;
pub mod report;
mod suggest;
#[cfg(feature = "testing")]
pub mod testing;

pub use analysis::{
    check, compare, compare_all, validate_position, validate_vocabulary, CheckReport, Comparison, Counts, Finding,
    IssueVerdict, Kind, Matrix, PositionInfo, Quote, ScopeBox, Side, Summary, Verdict, WitnessSize,
};
pub use error::Error;
pub use model::{
    Action, AmountRange, Clause, ClauseRef, Date, DateError, DateRange, Entity, Evidence, FieldPath, Interval, Invalid,
    Issue, Modality, Party, Position, Problem, Segment, Source, Strength, Vocabulary,
};
