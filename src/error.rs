//! The crate's error type, and the kinds of problem a program can match on.

use serde::{Deserialize, Serialize};

use crate::bargain::{BargainError, GeniusProblem, PositionsError};
use crate::format::{LoadError, WriteError};
use crate::model::{DateError, Invalid, Problem};

/// What can go wrong when loading, analysing or writing negotiation positions.
///
/// Analysis results (conflicts, gaps) are values, not errors; an `Error` means the input
/// could not be used at all. Every error of the crate converts into it with `?`, so a program
/// that loads files, compares, evolves and bargains needs this one type:
///
/// ```
/// use negdiff::{DiagnosticKind, Error};
///
/// fn load(text: &str) -> Result<negdiff::Vocabulary, Error> {
///     Ok(negdiff::format::vocabulary_from_str(text, "talks.toml")?) // a `LoadError`
/// }
///
/// let e = load("format = \"negdiff/1\"\nkind = \"vocabulary\"\nname = \"t\"\nnmae = 1\n").unwrap_err();
/// assert_eq!(e.kinds(), [DiagnosticKind::Schema]);
/// let Error::Load(load) = &e else { panic!("{e}") };
/// assert_eq!(load.diagnostics()[0].line, 4);
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A vocabulary or position breaks the model's rules; every problem found is listed.
    #[error("{subject} has {}: {}", crate::report::counted(.problems.len(), "problem", "problems"), first(.problems))]
    Invalid {
        /// What was checked, by name: the vocabulary, or the position's party and label.
        subject: String,
        /// Every problem found, in document order.
        problems: Vec<Invalid>,
    },
    /// A file could not be loaded; every problem found is listed with its line and column.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// A value could not be written.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// A text is not a date.
    #[error(transparent)]
    Date(#[from] DateError),
    /// A bargaining scenario could not be built or read.
    #[error(transparent)]
    Bargain(#[from] BargainError),
}

impl From<PositionsError> for Error {
    fn from(e: PositionsError) -> Self {
        match e {
            PositionsError::Invalid(e) => e,
            PositionsError::Bargain(e) => Error::Bargain(e),
        }
    }
}

impl Error {
    /// The kinds of the problems inside, each once, in [`DiagnosticKind`] order: what a
    /// program can match on without reading messages.
    ///
    /// ```
    /// use negdiff::{compare, DiagnosticKind, Position, Vocabulary};
    /// let e = compare(&Vocabulary::new("v"), &Position::new("ghost", "l"), &Position::new("ghost", "l")).unwrap_err();
    /// assert_eq!(e.kinds(), [DiagnosticKind::Reference]);
    /// ```
    #[must_use]
    pub fn kinds(&self) -> Vec<DiagnosticKind> {
        let mut kinds: Vec<DiagnosticKind> = match self {
            Error::Invalid { problems, .. } => problems.iter().map(Invalid::kind).collect(),
            Error::Load(e) => e.diagnostics().iter().map(|d| d.kind).collect(),
            Error::Write(_) => vec![DiagnosticKind::Semantics],
            Error::Date(_) => vec![DiagnosticKind::Schema],
            Error::Bargain(e) => vec![bargain_kind(e)],
        };
        kinds.sort_unstable();
        kinds.dedup();
        kinds
    }
}

fn bargain_kind(e: &BargainError) -> DiagnosticKind {
    match e {
        BargainError::Io { .. } => DiagnosticKind::Io,
        BargainError::SpaceTooLarge => DiagnosticKind::Limit,
        BargainError::Xml { .. } => DiagnosticKind::Syntax,
        BargainError::Genius { problem, .. } => match problem {
            GeniusProblem::UnknownIssue(_)
            | GeniusProblem::UnknownValue { .. }
            | GeniusProblem::UnknownWeightIndex(_) => DiagnosticKind::Reference,
            GeniusProblem::Invalid(_) => DiagnosticKind::Semantics,
            _ => DiagnosticKind::Schema,
        },
        _ => DiagnosticKind::Semantics,
    }
}

fn first(problems: &[Invalid]) -> String {
    match problems {
        [] => String::new(),
        [one] => one.to_string(),
        [one, ..] => format!("{one} (and more)"),
    }
}

/// What sort of problem a [`Diagnostic`](crate::format::Diagnostic) or an [`Invalid`] reports:
/// a code a program can match on, beside the message people read.
///
/// Serialized as its kebab-case name (`"reference"`).
///
/// ```
/// use negdiff::{format, DiagnosticKind};
/// let text = "format = \"negdiff/1\"\nkind = \"position\"\nparty = \"a\"\nlabel = \"l\"\n[groups]\nx = [\"@y\"]\n";
/// let e = format::position_from_str(text, "p.toml", None).unwrap_err();
/// assert!(e.diagnostics().iter().all(|d| d.kind == DiagnosticKind::Reference));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
// Each variant's keyword, for `as_str` and `Display`, by the same rule as serde's.
#[derive(strum::IntoStaticStr, strum::Display, strum::VariantArray)]
#[strum(serialize_all = "kebab-case")]
#[non_exhaustive]
pub enum DiagnosticKind {
    /// A file could not be read (missing, unreadable, not allowed).
    Io,
    /// An input exceeds a size limit.
    Limit,
    /// The text is not valid UTF-8, TOML, JSON or XML.
    Syntax,
    /// The `format` or `kind` header is missing or wrong: not a negdiff/1 file of the kind
    /// wanted.
    Header,
    /// The document's shape: an unknown or missing field, a value of the wrong type, a bad
    /// date, number or keyword.
    Schema,
    /// A name that refers to nothing: an unknown party, entity, group, action, issue, clause or
    /// source, or a vocabulary file that cannot be loaded.
    Reference,
    /// A rule of the model: duplicate ids, cycles, opposites that are not mutual, empty ranges,
    /// weights outside [0, 1], a `where` that covers nothing.
    Semantics,
    /// An evidence quote not found in its source, or not checked.
    Quote,
}

impl DiagnosticKind {
    /// Every kind, in order.
    pub const ALL: [DiagnosticKind; 8] = [
        DiagnosticKind::Io,
        DiagnosticKind::Limit,
        DiagnosticKind::Syntax,
        DiagnosticKind::Header,
        DiagnosticKind::Schema,
        DiagnosticKind::Reference,
        DiagnosticKind::Semantics,
        DiagnosticKind::Quote,
    ];

    /// The kebab-case name used in JSON.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

impl Problem {
    /// The kind of this problem: [`DiagnosticKind::Reference`] for an unknown name,
    /// [`DiagnosticKind::Semantics`] for every other rule.
    #[must_use]
    pub fn kind(&self) -> DiagnosticKind {
        match self {
            Problem::Unknown { .. } => DiagnosticKind::Reference,
            _ => DiagnosticKind::Semantics,
        }
    }
}

impl Invalid {
    /// The kind of its problem (see [`Problem::kind`]).
    #[must_use]
    pub fn kind(&self) -> DiagnosticKind {
        self.problem.kind()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_names() {
        for k in DiagnosticKind::ALL {
            let json = serde_json::to_string(&k).unwrap();
            assert_eq!(json, format!("\"{k}\""));
            assert_eq!(serde_json::from_str::<DiagnosticKind>(&json).unwrap(), k);
        }
    }

    fn kinds_of(text: &str, name: &str) -> Vec<DiagnosticKind> {
        let vocabulary = crate::Vocabulary::new("v")
            .party("a", "A")
            .entity("X", "X", None)
            .action("talk", None)
            .issue("i", "I", ["talk"]);
        let e = crate::format::position_from_str(text, name, Some(&vocabulary)).unwrap_err();
        Error::from(e).kinds()
    }

    #[test]
    fn every_load_problem_has_its_kind() {
        const H: &str = "format = \"negdiff/1\"\nkind = \"position\"\nparty = \"a\"\nlabel = \"l\"\n";
        let clause = |body: &str| {
            format!("{H}[[clauses]]\nid = \"c\"\nbearer = \"a\"\nmodality = \"may\"\ntext = \"t\"\n{body}")
        };
        use DiagnosticKind::*;
        assert_eq!(kinds_of("format = ", "p.toml"), [Syntax]);
        assert_eq!(kinds_of("{\"format\": \"negdiff/9\"}", "p.json"), [Header]);
        assert_eq!(kinds_of(&H.replace("position", "vocabulary"), "p.toml"), [Header]);
        assert_eq!(kinds_of(&format!("{H}lable = \"x\"\n"), "p.toml"), [Schema]);
        assert_eq!(
            kinds_of(&clause("action = \"talk\"\nweight = \"high\"\n"), "p.toml"),
            [Schema]
        );
        assert_eq!(kinds_of(&clause("action = \"walk\"\n"), "p.toml"), [Reference]);
        assert_eq!(
            kinds_of(&clause("action = \"talk\"\nweight = 2.0\n"), "p.toml"),
            [Semantics]
        );
        assert_eq!(
            kinds_of(&clause("action = \"walk\"\nwhere = [\"X\"]\nweight = 2.0\n"), "p.toml"),
            [Reference, Semantics]
        );
        let limited = crate::format::Loader::new()
            .max_bytes(4)
            .position_from_str(H, "p.toml", None)
            .unwrap_err();
        assert_eq!(Error::from(limited).kinds(), [Limit]);
        let missing = crate::format::load_position("/nonexistent/negdiff/p.toml").unwrap_err();
        assert_eq!(Error::from(missing).kinds(), [Io]);
    }

    #[test]
    fn positions_errors_flatten_into_the_error() {
        let e: Error = PositionsError::Bargain(BargainError::NoIssues).into();
        assert!(matches!(e, Error::Bargain(BargainError::NoIssues)));
        let inner = Error::Invalid {
            subject: "s".into(),
            problems: Vec::new(),
        };
        let e: Error = PositionsError::Invalid(inner).into();
        assert!(matches!(e, Error::Invalid { .. }));
        assert_eq!(
            Error::from(BargainError::SpaceTooLarge).kinds(),
            [DiagnosticKind::Limit]
        );
    }
}
