//! A JSON Schema of negdiff/1, written from the same tables the loader checks files against,
//! so that editors validate and complete files while they are typed.

use serde_json::{json, Map, Value};

use super::schema::{Field, Ty, POSITION, VOCABULARY};
use super::FORMAT;

/// The kind of a negdiff/1 file: its `kind` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FileKind {
    /// A `kind = "vocabulary"` file.
    Vocabulary,
    /// A `kind = "position"` file.
    Position,
}

impl FileKind {
    /// Both kinds.
    pub const ALL: [FileKind; 2] = [FileKind::Vocabulary, FileKind::Position];

    /// The keyword of `kind`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            FileKind::Vocabulary => "vocabulary",
            FileKind::Position => "position",
        }
    }

    fn fields(self) -> &'static [Field] {
        match self {
            FileKind::Vocabulary => VOCABULARY,
            FileKind::Position => POSITION,
        }
    }
}

/// The dialect the schemas declare: draft-07, which the editors' JSON and TOML language servers
/// read; the keywords used are also draft-04's, for older TOML language servers.
const DIALECT: &str = "http://json-schema.org/draft-07/schema#";

/// A JSON Schema (draft-07) of one kind of negdiff/1 file: every field with a short
/// description, keywords as enums, required fields, and no field the loader would reject as
/// unknown. A file the loader reads without a diagnostic validates against it; the schema
/// cannot check what needs the vocabulary (that ids exist) or TOML dates as dates (a TOML
/// date is written as a string by tools that read TOML as JSON).
///
/// ```
/// use negdiff::format::{json_schema, FileKind};
/// let s = json_schema(FileKind::Position);
/// assert_eq!(s["properties"]["kind"]["enum"][0], "position");
/// assert_eq!(s["additionalProperties"], false);
/// ```
#[must_use]
pub fn json_schema(kind: FileKind) -> Value {
    let mut root = table(kind.fields());
    if let Some(Value::Object(props)) = root.get_mut("properties") {
        // One-word `enum`s rather than `const`, which older TOML language servers (draft-04) lack.
        props.insert(
            "format".into(),
            json!({ "description": "The file format.", "enum": [FORMAT] }),
        );
        props.insert(
            "kind".into(),
            json!({ "description": "The kind of file.", "enum": [kind.as_str()] }),
        );
    }
    let mut out = Map::new();
    out.insert("$schema".into(), json!(DIALECT));
    out.insert("title".into(), json!(format!("{FORMAT} {}", kind.as_str())));
    if let Value::Object(body) = root {
        out.extend(body);
    }
    Value::Object(out)
}

/// A JSON Schema (draft-07) of any negdiff/1 file: a vocabulary or a position, told apart by
/// `kind`, for an editor pointed at every file of a negotiation.
///
/// ```
/// use negdiff::format::{json_schema, json_schema_any, FileKind};
/// let s = json_schema_any();
/// assert_eq!(s["oneOf"].as_array().map(Vec::len), Some(2));
/// assert_eq!(s["definitions"]["position"]["properties"], json_schema(FileKind::Position)["properties"]);
/// ```
#[must_use]
pub fn json_schema_any() -> Value {
    let definitions: Map<String, Value> = FileKind::ALL
        .iter()
        .map(|k| {
            let mut s = json_schema(*k);
            if let Value::Object(m) = &mut s {
                m.remove("$schema");
            }
            (k.as_str().to_string(), s)
        })
        .collect();
    let one_of: Vec<Value> = FileKind::ALL
        .iter()
        .map(|k| json!({ "$ref": format!("#/definitions/{}", k.as_str()) }))
        .collect();
    json!({
        "$schema": DIALECT,
        "title": FORMAT,
        "oneOf": one_of,
        "definitions": definitions,
    })
}

fn table(fields: &[Field]) -> Value {
    let properties: Map<String, Value> = fields
        .iter()
        .map(|f| {
            let mut v = ty(&f.ty);
            if let Value::Object(m) = &mut v {
                m.insert("description".into(), json!(f.description));
            }
            (f.name.to_string(), v)
        })
        .collect();
    let required: Vec<&str> = fields.iter().filter(|f| f.required).map(|f| f.name).collect();
    let mut out = json!({
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
    });
    if let (false, Value::Object(m)) = (required.is_empty(), &mut out) {
        m.insert("required".into(), json!(required));
    }
    out
}

fn ty(t: &Ty) -> Value {
    match t {
        Ty::Str => json!({ "type": "string" }),
        Ty::Date => json!({ "type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$" }),
        Ty::Num => json!({ "type": "number" }),
        Ty::Bool => json!({ "type": "boolean" }),
        Ty::Enum(_, words) => json!({ "type": "string", "enum": words }),
        Ty::StrOrList => json!({
            "anyOf": [{ "type": "string" }, { "type": "array", "items": { "type": "string" } }]
        }),
        Ty::ClauseRef => json!({ "type": "string", "pattern": "^[^/]+(/[^/]+)?$" }),
        Ty::List(item) => json!({ "type": "array", "items": ty(item) }),
        Ty::Table(fields) => table(fields),
        Ty::Tables(fields) => json!({ "type": "array", "items": table(fields) }),
        Ty::Groups => json!({
            "type": "object",
            "additionalProperties": { "type": "array", "items": { "type": "string" } }
        }),
    }
}
