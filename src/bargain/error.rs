//! Errors of the bargaining analysis and of the GENIUS reader.

use std::path::PathBuf;

/// Everything that can go wrong while building or loading a bargaining scenario.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BargainError {
    /// The outcome space has no issue.
    #[error("an outcome space needs at least one issue")]
    NoIssues,
    /// Two issues share a name.
    #[error("issue `{0}` appears twice")]
    DuplicateIssue(String),
    /// An issue has no value.
    #[error("issue `{0}` has no values")]
    EmptyIssue(String),
    /// A categorical issue lists the same value twice.
    #[error("issue `{issue}` lists value `{value}` twice")]
    DuplicateValue {
        /// The issue.
        issue: String,
        /// The repeated value.
        value: String,
    },
    /// An integer issue whose lower bound exceeds its upper bound.
    #[error("issue `{issue}` has an empty integer range `{min}..={max}`")]
    BadRange {
        /// The issue.
        issue: String,
        /// Lower bound.
        min: i64,
        /// Upper bound.
        max: i64,
    },
    /// The number of outcomes does not fit in a `u64`. Kept for programs that match on it:
    /// outcome spaces of any size are accepted now (see
    /// [`OutcomeSpace::cardinality_exact`](crate::bargain::OutcomeSpace::cardinality_exact)),
    /// so nothing in this crate returns it.
    #[error("the outcome space has more than 2^64 - 1 outcomes")]
    SpaceTooLarge,
    /// Fewer than two parties.
    #[error("a scenario needs at least two parties, got {0}")]
    TooFewParties(usize),
    /// A party's weights do not match the issues.
    #[error("party `{party}` has {found} weights for {expected} issues")]
    WeightCount {
        /// The party.
        party: String,
        /// Number of weights given.
        found: usize,
        /// Number of issues.
        expected: usize,
    },
    /// A party's evaluations of an issue do not match the issue's values.
    #[error("party `{party}` has {found} evaluations for the {expected} values of issue `{issue}`")]
    EvaluationCount {
        /// The party.
        party: String,
        /// The issue.
        issue: String,
        /// Number of evaluations given.
        found: usize,
        /// Number of values of the issue.
        expected: usize,
    },
    /// A weight, evaluation or reservation value is NaN or infinite.
    #[error("party `{party}`: {what} is not a finite number")]
    NotFinite {
        /// The party.
        party: String,
        /// Which number.
        what: String,
    },
    /// A file could not be read.
    #[error("cannot read `{}`: {source}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A file is not well-formed XML.
    #[error("{}:{line}:{column}: not well-formed xml: {message}", .path.display())]
    Xml {
        /// The file.
        path: PathBuf,
        /// Line of the fault, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
        /// What the XML parser said.
        message: String,
    },
    /// A GENIUS file is well-formed XML but does not describe a valid domain or profile.
    #[error("{}:{line}:{column}: {problem}", .path.display())]
    Genius {
        /// The file.
        path: PathBuf,
        /// Line of the element or attribute at fault, from 1.
        line: usize,
        /// Column, in characters from 1.
        column: usize,
        /// What is wrong with it.
        problem: GeniusProblem,
    },
}

/// What is wrong with a GENIUS domain or profile file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GeniusProblem {
    /// A required element is absent.
    #[error("missing element `{0}`")]
    MissingElement(String),
    /// A required attribute is absent.
    #[error("element `{element}` has no attribute `{attribute}`")]
    MissingAttribute {
        /// The element.
        element: String,
        /// The attribute.
        attribute: String,
    },
    /// An attribute that should be a number is not one (or is not finite).
    #[error("bad number `{value}` in `{what}`")]
    BadNumber {
        /// Where the number was expected.
        what: String,
        /// The text found.
        value: String,
    },
    /// An issue type the reader does not support (e.g. `real`).
    #[error("issue `{issue}` has unsupported type `{kind}`")]
    UnsupportedIssueType {
        /// The issue.
        issue: String,
        /// Its declared type.
        kind: String,
    },
    /// Nested objectives are not supported.
    #[error("nested objective `{0}` is not supported")]
    NestedObjective(String),
    /// A profile names an issue that the domain lacks.
    #[error("unknown issue `{0}`")]
    UnknownIssue(String),
    /// A profile lacks an issue of the domain.
    #[error("issue `{0}` of the domain is missing")]
    MissingIssue(String),
    /// An issue is listed twice.
    #[error("issue `{0}` appears twice")]
    DuplicateIssue(String),
    /// An issue has no weight.
    #[error("missing weight for issue `{0}`")]
    MissingWeight(String),
    /// Two weights for the same issue index.
    #[error("weight index `{0}` appears twice")]
    DuplicateWeight(String),
    /// A weight refers to no issue.
    #[error("weight index `{0}` refers to no issue")]
    UnknownWeightIndex(String),
    /// An item names a value the domain's issue lacks.
    #[error("unknown value `{value}` for issue `{issue}`")]
    UnknownValue {
        /// The issue.
        issue: String,
        /// The value.
        value: String,
    },
    /// A value of the domain has no evaluation in the profile.
    #[error("value `{value}` of issue `{issue}` has no evaluation")]
    MissingEvaluation {
        /// The issue.
        issue: String,
        /// The value.
        value: String,
    },
    /// A value is evaluated twice.
    #[error("value `{value}` of issue `{issue}` is evaluated twice")]
    DuplicateEvaluation {
        /// The issue.
        issue: String,
        /// The value.
        value: String,
    },
    /// A weight is negative (it would turn a party's preferences upside down).
    #[error("weight index `{index}` has negative value `{value}`")]
    NegativeWeight {
        /// The weight's issue index.
        index: String,
        /// The value as written.
        value: String,
    },
    /// A profile has a second `<reservation>`: which one holds is ambiguous.
    #[error("a second `reservation`; a profile has at most one")]
    DuplicateReservation,
    /// An `<issue>` outside the `<objective>` that lists the issues (it would be ignored).
    #[error("issue `{0}` is outside the objective that lists the issues")]
    IssueOutsideObjective(String),
    /// The domain or profile is invalid as a model.
    #[error("{0}")]
    Invalid(String),
}
