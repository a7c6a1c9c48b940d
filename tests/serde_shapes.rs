//! The serde form of a vocabulary or position is its negdiff/1 file, header included: what
//! plain `serde_json` or `toml` writes, the loader reads back to an equal value, and what the
//! loader reads, plain serde reads too.

use std::path::PathBuf;

use negdiff::{format, Clause, Date, Modality, Position, Source, Strength, Vocabulary};

fn data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/data")
}

fn positions() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(data())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml") && !p.ends_with("vocabulary.toml"))
        .collect();
    v.sort();
    v
}

fn in_code() -> (Vocabulary, Position) {
    let v = Vocabulary::new("talks")
        .party("a", "A")
        .party("b", "B")
        .entity("X", "Ex", None)
        .entity("x1", "Ex one", Some("X"))
        .group("all", ["X"])
        .opposites("deploy", "withdraw", Some("troops"))
        .issue("posture", "Posture", ["deploy", "withdraw"]);
    let p = Position::new("a", "round 1")
        .dated(Date::from_ymd(2022, 1, 12).unwrap())
        .source(Source::new("s", "A source").path("s.txt"))
        .clause(
            Clause::new("c", "b", Modality::MustNot, "deploy")
                .at(["@all"])
                .amount(..=40.0)
                .strength(Strength::RedLine)
                .text("no deployment")
                .quote("s", "no deployment", Some("Someone")),
        );
    (v, p)
}

#[test]
fn plain_serde_json_writes_what_the_loader_reads() {
    let vocabulary = format::load_vocabulary(data().join("vocabulary.toml")).unwrap();
    let json = serde_json::to_string(&vocabulary).unwrap();
    assert!(
        json.starts_with(r#"{"format":"negdiff/1","kind":"vocabulary","#),
        "{json}"
    );
    assert_eq!(format::vocabulary_from_str(&json, "v.json").unwrap(), vocabulary);
    for path in positions() {
        let p = format::load_position_with(&path, &vocabulary).unwrap();
        let json = serde_json::to_string(&p).unwrap();
        let back = format::position_from_str(&json, "p.json", Some(&vocabulary)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, p, "{}", path.display());
        // The same document as the canonical writer's, up to white space.
        let canonical: serde_json::Value = serde_json::from_str(&format::to_json(&p).unwrap()).unwrap();
        assert_eq!(serde_json::from_str::<serde_json::Value>(&json).unwrap(), canonical);
    }
    let (v, p) = in_code();
    let back = format::position_from_str(&serde_json::to_string(&p).unwrap(), "p.json", Some(&v)).unwrap();
    assert_eq!(back, p);
}

#[test]
fn plain_toml_writes_the_canonical_file() {
    let (v, p) = in_code();
    assert_eq!(toml::to_string(&v).unwrap(), format::to_toml(&v).unwrap());
    assert_eq!(toml::to_string(&p).unwrap(), format::to_toml(&p).unwrap());
    assert_eq!(
        format::position_from_str(&toml::to_string(&p).unwrap(), "p.toml", Some(&v)).unwrap(),
        p
    );
    assert_eq!(
        format::vocabulary_from_str(&toml::to_string(&v).unwrap(), "v.toml").unwrap(),
        v
    );
}

#[test]
fn plain_serde_reads_what_the_loader_reads() {
    let vocabulary_text = std::fs::read_to_string(data().join("vocabulary.toml")).unwrap();
    let vocabulary: Vocabulary = toml::from_str(&vocabulary_text).unwrap();
    assert_eq!(
        vocabulary,
        format::load_vocabulary(data().join("vocabulary.toml")).unwrap()
    );
    for path in positions() {
        let text = std::fs::read_to_string(&path).unwrap();
        let plain: Position = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(plain, format::load_position_with(&path, &vocabulary).unwrap());
        let json = format::to_json(&plain).unwrap();
        assert_eq!(serde_json::from_str::<Position>(&json).unwrap(), plain);
    }
}

#[test]
fn plain_serde_checks_the_header_and_accepts_the_body_alone() {
    let (v, p) = in_code();
    let vocabulary_json = serde_json::to_string(&v).unwrap();
    let e = serde_json::from_str::<Position>(&vocabulary_json).unwrap_err();
    assert!(
        e.to_string().starts_with("`kind` is `vocabulary`, expected `position`"),
        "{e}"
    );
    let other = serde_json::to_string(&p).unwrap().replace("negdiff/1", "negdiff/9");
    let e = serde_json::from_str::<Position>(&other).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("`format` is `negdiff/9`, expected `negdiff/1`"),
        "{e}"
    );
    let twice = r#"{"kind": "position", "kind": "position", "party": "a", "label": "l"}"#;
    assert!(serde_json::from_str::<Position>(twice).is_err());
    // The fields alone, as written before the header was part of the serde form.
    let mut body: serde_json::Value = serde_json::to_value(&p).unwrap();
    body.as_object_mut().unwrap().remove("format");
    body.as_object_mut().unwrap().remove("kind");
    assert_eq!(serde_json::from_value::<Position>(body).unwrap(), p);
    // Unknown fields are still refused.
    let typo = serde_json::to_string(&p).unwrap().replace("\"label\"", "\"lable\"");
    assert!(serde_json::from_str::<Position>(&typo).is_err());
}

#[test]
fn json_refuses_numbers_that_are_not_finite() {
    let (_, p) = in_code();
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let mut q = p.clone();
        q.clauses[0].weight = Some(bad);
        let e = format::to_json(&q).unwrap_err();
        assert_eq!(
            e.to_string(),
            "cannot write position: `clauses[0].weight` is not a finite number"
        );
        let mut q = p.clone();
        q.clauses[0] = q.clauses[0].clone().amount(bad..=1.0);
        assert!(format::to_json(&q).is_err());
    }
    assert!(format::to_json(&p).is_ok());
}
