//! The analysis: compiling positions against a vocabulary and comparing them.
//!
//! Pure and deterministic: the same inputs give the same findings in the same order.

mod analyzer;
pub(crate) mod atoms;
mod check;
pub(crate) mod compare;
mod findings;
pub(crate) mod index;
mod matrix;
mod name;
pub(crate) mod record;
pub(crate) mod region;
mod rules;

pub use analyzer::Analyzer;
pub use check::{find_contradictions, ContradictionReport};
pub use compare::{compare, compare_with, CompactComparison};
pub use findings::{
    BasisCounts, Comparison, Counts, Finding, FindingKind, IssueVerdict, Legend, NamedSet, PositionInfo, Quote, Side,
    Silence, SilenceCounts, Summary, Verdict,
};
pub use matrix::{compare_all, compare_all_with, IssueMap, Matrix, PairCell};
pub use name::Name;
pub use record::CompareOptions;
pub use region::{ScopeBox, WitnessSize};

pub(crate) use index::Norm;

use crate::error::Error;
use crate::model::{Position, Vocabulary};

/// Checks a vocabulary against the model's rules.
///
/// # Errors
/// [`Error::Invalid`] listing every problem.
pub fn validate_vocabulary(vocabulary: &Vocabulary) -> Result<(), Error> {
    Analyzer::new(vocabulary).map(|_| ())
}

/// Checks a position against a vocabulary and the model's rules.
///
/// # Errors
/// [`Error::Invalid`] listing every problem of the vocabulary, or else of the position.
pub fn validate_position(vocabulary: &Vocabulary, position: &Position) -> Result<(), Error> {
    Analyzer::new(vocabulary)?.compile(position).map(|_| ())
}

/// Checks a position against a vocabulary and returns what holds but looks wrong: places a
/// clause names where its action cannot happen (they are dropped), converse readings outside
/// the target's domain (dropped). Each is located like an error.
///
/// # Errors
/// [`Error::Invalid`] as [`validate_position`].
pub fn position_warnings(vocabulary: &Vocabulary, position: &Position) -> Result<Vec<crate::model::Invalid>, Error> {
    Analyzer::new(vocabulary)?.compile(position).map(|c| c.warnings)
}
