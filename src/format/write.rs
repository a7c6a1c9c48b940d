//! Canonical writers: header first, then the model's fields in declaration order.

use serde::Serialize;

use crate::model::{FieldPath, Position, Segment, Vocabulary};

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

/// Writes a vocabulary or position as a TOML file in canonical form: `format` and `kind` first,
/// then fields in a fixed order, groups sorted by name, defaults left out.
///
/// This is the serde form of the value (so `toml::to_string` writes the same document).
///
/// # Errors
/// [`WriteError`] when a value has no TOML form (never for a value that loads).
pub fn to_toml<T: FileBody>(value: &T) -> Result<String, WriteError> {
    toml::to_string(value).map_err(|e| WriteError {
        kind: T::KIND,
        message: e.to_string(),
    })
}

/// Writes a vocabulary or position as a JSON file in canonical form (as [`to_toml`], pretty
/// printed, with a final newline).
///
/// ```
/// use negdiff::{format, Clause, Modality, Position};
/// let p = Position::new("a", "l").clause(Clause::new("c", "a", Modality::May, "talk").weight(f64::NAN));
/// let e = format::to_json(&p).unwrap_err();
/// assert_eq!(e.to_string(), "cannot write position: `clauses[0].weight` is not a finite number");
/// ```
///
/// # Errors
/// [`WriteError`] when a value has no JSON form: a number that is not finite (JSON has no
/// NaN or infinity, and writing `null` in its place would not load back).
pub fn to_json<T: FileBody>(value: &T) -> Result<String, WriteError> {
    let fail = |message: String| WriteError { kind: T::KIND, message };
    // serde_json writes a NaN or an infinity as `null`. The canonical form leaves absent
    // values out instead of writing `null`, so a `null` in the tree is such a number.
    let tree = serde_json::to_value(value).map_err(|e| fail(e.to_string()))?;
    if let Some(at) = null_at(&tree, &mut FieldPath::root()) {
        return Err(fail(format!("`{at}` is not a finite number")));
    }
    // Written from the value, not the tree, whose maps would sort the keys.
    let mut s = serde_json::to_string_pretty(value).map_err(|e| fail(e.to_string()))?;
    s.push('\n');
    Ok(s)
}

/// The path of the first `null`.
fn null_at(v: &serde_json::Value, at: &mut FieldPath) -> Option<FieldPath> {
    match v {
        serde_json::Value::Null => Some(at.clone()),
        serde_json::Value::Array(items) => items.iter().enumerate().find_map(|(i, x)| {
            at.0.push(Segment::Index(i));
            let found = null_at(x, at);
            at.0.pop();
            found
        }),
        serde_json::Value::Object(m) => m.iter().find_map(|(k, x)| {
            at.0.push(Segment::Key(k.clone()));
            let found = null_at(x, at);
            at.0.pop();
            found
        }),
        _ => None,
    }
}
