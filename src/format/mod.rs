//! The negdiff/1 file format: loading with located errors, canonical writing, quote checks.
//!
//! (Format documentation follows.)

mod check;
mod diagnostic;
mod load;
mod quotes;
mod schema;
mod tree;
mod write;

use std::path::Path;

use crate::model::{Position, Vocabulary};

pub use check::{check, CheckOutcome, Checker, QuoteReport, QuoteStatus};
pub use diagnostic::{Diagnostic, LoadError, Severity};
pub use load::{Loader, DEFAULT_MAX_BYTES};
pub use quotes::{find_quote, QuoteMatch};
pub use write::{to_json, to_toml, FileBody, WriteError};

/// The `format` string of files this build writes.
pub const FORMAT: &str = "negdiff/1";

/// Every `format` string this build reads.
pub const FORMATS_READ: &[&str] = &[FORMAT];

/// The syntax of a file: TOML or JSON, with the same schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// TOML (`.toml`, and any extension other than `.json`).
    Toml,
    /// JSON (`.json`).
    Json,
}

impl Format {
    /// The syntax a path's extension implies: JSON for `.json`, TOML otherwise.
    pub fn from_path(path: &Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("json") => Format::Json,
            _ => Format::Toml,
        }
    }
}

/// A loaded file of either kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Document {
    /// A `kind = "vocabulary"` file.
    Vocabulary(Vocabulary),
    /// A `kind = "position"` file.
    Position(Position),
}

/// Loads and validates a vocabulary file with default options (see [`Loader`]).
///
/// # Errors
/// Every problem in the file, each with its line and column.
pub fn load_vocabulary(path: impl AsRef<Path>) -> Result<Vocabulary, LoadError> {
    Loader::new().vocabulary(path)
}

/// Loads a position file and validates it against the vocabulary file it names, or the
/// implicit vocabulary when it names none (see [`Loader::position`]).
///
/// # Errors
/// Every problem in the file (and in its vocabulary file), each with its line and column.
pub fn load_position(path: impl AsRef<Path>) -> Result<Position, LoadError> {
    Loader::new().position(path)
}

/// Loads a position file and validates it against `vocabulary`.
///
/// # Errors
/// Every problem in the file, each with its line and column.
pub fn load_position_with(path: impl AsRef<Path>, vocabulary: &Vocabulary) -> Result<Position, LoadError> {
    Loader::new().position_with(path, vocabulary)
}

/// Reads a vocabulary from text; `name` names it in diagnostics and its extension picks the
/// syntax (`.json` for JSON, TOML otherwise).
///
/// # Errors
/// Every problem in the text.
pub fn vocabulary_from_str(text: &str, name: &str) -> Result<Vocabulary, LoadError> {
    Loader::new().vocabulary_from_str(text, name)
}

/// Reads a position from text and validates it against `vocabulary` (the implicit vocabulary
/// when `None`).
///
/// # Errors
/// Every problem in the text.
pub fn position_from_str(text: &str, name: &str, vocabulary: Option<&Vocabulary>) -> Result<Position, LoadError> {
    Loader::new().position_from_str(text, name, vocabulary)
}
