//! The JSON Schema `negdiff schema` writes stays in step with the loader: every example file
//! validates, in TOML (as an editor's TOML language server sees it) and in canonical JSON, and
//! a file with an unknown field is rejected by both.

#[path = "support/json_schema_check.rs"]
mod json_schema_check;

use std::path::{Path, PathBuf};

use json_schema_check::{errors, toml_to_json};
use negdiff::format::{self, json_schema, json_schema_any, FileKind};
use serde_json::Value;

fn examples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("examples/data exists")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 3, "the examples are there: {files:?}");
    files
}

fn kind_of(v: &Value) -> FileKind {
    match v["kind"].as_str() {
        Some("vocabulary") => FileKind::Vocabulary,
        Some("position") => FileKind::Position,
        other => panic!("an example has kind {other:?}"),
    }
}

fn assert_valid(schema: &Value, v: &Value, what: &str) {
    let e = errors(schema, v);
    assert!(e.is_empty(), "{what} does not validate: {e:#?}");
}

/// The file as the loader writes it back in canonical JSON.
fn canonical_json(path: &Path) -> Value {
    let raw: toml::Value = toml::from_str(&std::fs::read_to_string(path).expect("readable")).expect("TOML");
    let text = match kind_of(&toml_to_json(&raw)) {
        FileKind::Vocabulary => format::to_json(&format::load_vocabulary(path).expect("the example loads")),
        _ => format::to_json(&format::load_position(path).expect("the example loads")),
    }
    .expect("the example writes");
    serde_json::from_str(&text).expect("canonical JSON parses")
}

#[test]
fn every_example_validates_in_toml_and_json() {
    for path in examples() {
        let text = std::fs::read_to_string(&path).expect("readable");
        let toml: toml::Value = toml::from_str(&text).expect("the example is TOML");
        let v = toml_to_json(&toml);
        let what = path.display().to_string();
        assert_valid(&json_schema(kind_of(&v)), &v, &what);
        assert_valid(&json_schema_any(), &v, &what);
        let json = canonical_json(&path);
        assert_valid(&json_schema(kind_of(&json)), &json, &format!("{what} as JSON"));
    }
}

#[test]
fn a_file_of_one_kind_does_not_validate_as_the_other() {
    for path in examples() {
        let v = canonical_json(&path);
        let other = match kind_of(&v) {
            FileKind::Vocabulary => FileKind::Position,
            _ => FileKind::Vocabulary,
        };
        assert!(!errors(&json_schema(other), &v).is_empty(), "{}", path.display());
    }
}

/// Adds `field` to the table at `pointer` of `v`.
fn with_field(v: &Value, pointer: &str, field: &str) -> Option<Value> {
    let mut v = v.clone();
    v.pointer_mut(pointer)?
        .as_object_mut()?
        .insert(field.to_string(), Value::from("x"));
    Some(v)
}

#[test]
fn an_unknown_field_is_rejected_by_the_schema_and_the_loader() {
    let vocabulary = canonical_json(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/vocabulary.toml"));
    let vocab = format::vocabulary_from_str(&vocabulary.to_string(), "vocabulary.json").expect("loads");
    let mut checked = 0;
    for path in examples() {
        let v = canonical_json(&path);
        let kind = kind_of(&v);
        let places: &[&str] = match kind {
            FileKind::Vocabulary => &["", "/parties/0", "/actions/0", "/issues/0", "/entities/0"],
            _ => &["", "/clauses/0", "/clauses/0/evidence/0", "/sources/0"],
        };
        for place in places {
            let Some(bad) = with_field(&v, place, "hostile-field") else {
                continue;
            };
            let found = errors(&json_schema(kind), &bad);
            assert_eq!(
                found,
                vec![format!("{}: unknown field `hostile-field`", place.replace('/', ".")).replace(".0", "[0]")],
                "{} at {place}",
                path.display()
            );
            let text = bad.to_string();
            let loaded = match kind {
                FileKind::Vocabulary => format::vocabulary_from_str(&text, "bad.json").map(|_| ()),
                _ => format::position_from_str(&text, "bad.json", Some(&vocab)).map(|_| ()),
            };
            let err = loaded.expect_err("the loader rejects an unknown field");
            assert!(
                err.to_string().contains("unknown field `hostile-field`"),
                "{} at {place}: {err}",
                path.display()
            );
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} places were tried");
}

#[test]
fn keywords_in_the_schema_are_the_models() {
    let s = json_schema(FileKind::Position);
    let clause = &s["properties"]["clauses"]["items"]["properties"];
    let words = |field: &str| -> Vec<String> {
        clause[field]["enum"]
            .as_array()
            .expect("an enum")
            .iter()
            .map(|w| w.as_str().expect("a keyword").to_string())
            .collect()
    };
    let modality: Vec<String> = negdiff::Modality::ALL.iter().map(|m| m.as_str().to_string()).collect();
    let strength: Vec<String> = negdiff::Strength::ALL.iter().map(|m| m.as_str().to_string()).collect();
    let basis: Vec<String> = negdiff::Basis::ALL.iter().map(|m| m.as_str().to_string()).collect();
    assert_eq!(words("modality"), modality);
    assert_eq!(words("strength"), strength);
    assert_eq!(words("basis"), basis);
    // serde reads the same words the schema lists.
    for m in negdiff::Modality::ALL {
        assert_eq!(serde_json::to_value(m).expect("serializes"), Value::from(m.as_str()));
    }
    for m in negdiff::Strength::ALL {
        assert_eq!(serde_json::to_value(m).expect("serializes"), Value::from(m.as_str()));
    }
    for m in negdiff::Basis::ALL {
        assert_eq!(serde_json::to_value(m).expect("serializes"), Value::from(m.as_str()));
    }
}

#[cfg(feature = "cli")]
#[test]
fn the_cli_writes_the_schemas() {
    let run = |args: &[&str]| -> Value {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_negdiff"))
            .args(args)
            .output()
            .expect("negdiff runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("JSON")
    };
    assert_eq!(run(&["schema"]), json_schema_any());
    assert_eq!(run(&["schema", "vocabulary"]), json_schema(FileKind::Vocabulary));
    assert_eq!(run(&["schema", "position"]), json_schema(FileKind::Position));
}
