//! The data model: vocabularies, positions, clauses and their scopes.
//!
//! The model is plain data with serde derives; it does not know about files. The rules that
//! tie its parts together (unique ids, known references, no cycles) are checked when a
//! vocabulary or position is compiled for analysis, and reported as [`Invalid`] values that
//! name the exact field.

mod date;
mod file;
mod interval;
mod invalid;
mod position;
mod vocabulary;

pub use date::{Date, DateError};
pub use interval::{AmountRange, DateRange, InclusiveBounds, Interval, Point};
pub use invalid::{FieldPath, Invalid, Problem, Segment};
pub use position::{Basis, Clause, ClauseRef, Evidence, Modality, Position, Source, Strength};
pub use vocabulary::{Action, AmountDomain, Converse, Entity, Issue, Party, Vocabulary};
