//! Located messages about files.

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::error::DiagnosticKind;

/// How serious a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Severity {
    /// The file cannot be used as it is.
    Error,
    /// The file loads, but something could not be checked or looks wrong.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One problem in one file, at a line and column.
///
/// Displays as `file:line:column: severity: field: message`, the form compilers use, so that
/// editors can jump to it:
///
/// ```text
/// examples/data/x.toml:12:9: error: clauses[3].where[0]: unknown entity `UKR`; did you mean `UA`?
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The file, as the caller named it.
    pub file: String,
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
    /// How serious it is.
    pub severity: Severity,
    /// What sort of problem it is, for programs: syntax, schema, reference, semantics, quote…
    pub kind: DiagnosticKind,
    /// The field path of the bad value (`clauses[3].where[0]`), when there is one.
    pub field: Option<String>,
    /// What is wrong, in one line.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}: ", self.file, self.line, self.column, self.severity)?;
        if let Some(field) = &self.field {
            write!(f, "{field}: ")?;
        }
        f.write_str(&self.message)
    }
}

/// A file that could not be loaded, with every problem found in it (and in the vocabulary it
/// names, if that is where the problems are).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    diagnostics: Vec<Diagnostic>,
}

impl LoadError {
    /// Wraps diagnostics, sorted by file, line and column.
    pub(crate) fn new(mut diagnostics: Vec<Diagnostic>) -> Self {
        diagnostics.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        diagnostics.dedup();
        LoadError { diagnostics }
    }

    /// Every problem found, by file, line and column.
    #[must_use]
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The diagnostics, owned.
    #[must_use]
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.diagnostics.as_slice() {
            [] => f.write_str("file could not be loaded"),
            [one] => write!(f, "{one}"),
            [one, rest @ ..] => write!(f, "{one} (and {} more)", rest.len()),
        }
    }
}

impl std::error::Error for LoadError {}

/// Turns byte offsets of one text into lines and columns.
pub(crate) struct Lines<'a> {
    pub file: &'a str,
    pub text: &'a str,
}

impl Lines<'_> {
    /// Line and column (1-based, column in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut at = offset.min(self.text.len());
        while at > 0 && !self.text.is_char_boundary(at) {
            at -= 1;
        }
        let before = &self.text[..at];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        (line, column)
    }

    /// An error at a byte range.
    pub fn error(
        &self,
        kind: DiagnosticKind,
        span: &Range<usize>,
        field: Option<String>,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.at(Severity::Error, kind, span, field, message)
    }

    /// A diagnostic at a byte range.
    pub fn at(
        &self,
        severity: Severity,
        kind: DiagnosticKind,
        span: &Range<usize>,
        field: Option<String>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let (line, column) = self.line_col(span.start);
        Diagnostic {
            file: self.file.to_string(),
            line,
            column,
            severity,
            kind,
            field: field.filter(|f| !f.is_empty()),
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let l = Lines {
            file: "f",
            text: "ab\né x\n",
        };
        assert_eq!(l.line_col(0), (1, 1));
        assert_eq!(l.line_col(3), (2, 1));
        assert_eq!(l.line_col(6), (2, 3));
        assert_eq!(l.line_col(4), (2, 1));
        assert_eq!(l.line_col(100), (3, 1));
        let d = l.error(DiagnosticKind::Schema, &(6..7), Some("a.b".into()), "bad");
        assert_eq!(d.to_string(), "f:2:3: error: a.b: bad");
    }
}
