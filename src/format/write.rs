//! Canonical writers: header first, then the model's fields in declaration order.

use serde::Serialize;

use crate::model::{Position, Vocabulary};

use super::FORMAT;

/// A model value that is the body of a negdiff/1 file: a [`Vocabulary`] or a [`Position`].
pub trait FileBody: Serialize + private::Sealed {
    /// The file's `kind`.
    const KIND: &'static str;
}

mod private {
    pub trait Sealed {}
    impl Sealed for crate::model::Vocabulary {}
    impl Sealed for crate::model::Position {}
}

impl FileBody for Vocabulary {
    const KIND: &'static str = "vocabulary";
}

impl FileBody for Position {
    const KIND: &'static str = "position";
}

/// A value that could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot write {kind}: {message}")]
pub struct WriteError {
    kind: &'static str,
    message: String,
}

#[derive(Serialize)]
struct File<'a, T> {
    format: &'static str,
    kind: &'static str,
    #[serde(flatten)]
    body: &'a T,
}

fn file<T: FileBody>(value: &T) -> File<'_, T> {
    File {
        format: FORMAT,
        kind: T::KIND,
        body: value,
    }
}

/// Writes a vocabulary or position as a TOML file in canonical form: `format` and `kind` first,
/// then fields in a fixed order, groups sorted by name, defaults left out.
///
/// # Errors
/// [`WriteError`] when a value has no TOML form (never for a value that loads).
pub fn to_toml<T: FileBody>(value: &T) -> Result<String, WriteError> {
    toml::to_string(&file(value)).map_err(|e| WriteError {
        kind: T::KIND,
        message: e.to_string(),
    })
}

/// Writes a vocabulary or position as a JSON file in canonical form (as [`to_toml`], pretty
/// printed, with a final newline).
///
/// # Errors
/// [`WriteError`] when a value has no JSON form (a number that is not finite).
pub fn to_json<T: FileBody>(value: &T) -> Result<String, WriteError> {
    let mut s = serde_json::to_string_pretty(&file(value)).map_err(|e| WriteError {
        kind: T::KIND,
        message: e.to_string(),
    })?;
    s.push('\n');
    Ok(s)
}
