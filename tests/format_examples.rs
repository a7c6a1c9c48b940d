//! The example data loads cleanly and passes `format::check_files`.

use std::path::PathBuf;

use negdiff::format;

fn data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/data")
}

fn files() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(data())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    v.sort();
    v
}

#[test]
fn examples_load() {
    let vocabulary = format::load_vocabulary(data().join("vocabulary.toml")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(vocabulary.name, "European security talks, January 2022");
    for f in files() {
        if f.ends_with("vocabulary.toml") {
            continue;
        }
        let p = format::load_position(&f).unwrap_or_else(|e| panic!("{e}"));
        assert!(!p.clauses.is_empty(), "{}", f.display());
        assert_eq!(format::load_position_with(&f, &vocabulary).unwrap(), p);
    }
}

#[test]
fn examples_check_without_errors() {
    // The sources live beside the clone, outside the positions' folder: allowed by name.
    let mut loader = format::Loader::new();
    loader.allow_path(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    let outcome = format::Checker::new().loader(loader).run(files());
    let errors: Vec<String> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.severity == format::Severity::Error)
        .map(ToString::to_string)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(outcome.vocabularies, 1);
    assert_eq!(outcome.positions, 6);
    assert!(!outcome.quotes.is_empty());
}

#[test]
fn examples_round_trip_through_toml_and_json() {
    let vocabulary = format::load_vocabulary(data().join("vocabulary.toml")).unwrap();
    let t = format::to_toml(&vocabulary).unwrap();
    assert!(t.starts_with("format = \"negdiff/1\"\nkind = \"vocabulary\"\n"), "{t}");
    assert_eq!(format::vocabulary_from_str(&t, "v.toml").unwrap(), vocabulary);
    let j = format::to_json(&vocabulary).unwrap();
    assert_eq!(format::vocabulary_from_str(&j, "v.json").unwrap(), vocabulary);
    for f in files() {
        if f.ends_with("vocabulary.toml") {
            continue;
        }
        let p = format::load_position(&f).unwrap();
        let t = format::to_toml(&p).unwrap();
        assert_eq!(
            format::position_from_str(&t, "p.toml", Some(&vocabulary)).unwrap(),
            p,
            "{t}"
        );
        let j = format::to_json(&p).unwrap();
        assert_eq!(
            format::position_from_str(&j, "p.json", Some(&vocabulary)).unwrap(),
            p,
            "{j}"
        );
    }
}
