//! The exact text and Markdown of every report on the Brussels example data, pinned as
//! snapshots (`tests/snapshots/*.snap`, committed). A change of output fails here with a diff;
//! when the change is meant, accept it with `INSTA_UPDATE=always cargo test --test snapshots
//! --test cli` (or `cargo insta review`) and commit the new snapshots. `.ci/run` sets
//! `INSTA_UPDATE=no`, so CI never writes or accepts one. `tests/cli.rs` pins the command's
//! output to the same files: the command prints exactly the library's reports.

use std::path::{Path, PathBuf};

use negdiff::bargain::analyze_positions;
use negdiff::report::{evolution_markdown, evolution_text};
use negdiff::{compare, compare_all, evolve, format, Position, Vocabulary};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data").join(name)
}

/// The example files read through the public loader, one vocabulary for all of them.
fn load(names: &[&str]) -> (Vocabulary, Vec<Position>) {
    let files: Vec<PathBuf> = names.iter().map(|n| data(n)).collect();
    format::load_set(&files, None).unwrap_or_else(|e| panic!("{e}"))
}

// `snapshot!`: shared with the other snapshot test, so both pin the same files.
#[macro_use]
#[path = "support/snapshot.rs"]
mod snapshot;

const RU: &str = "russia-2022-01-12-brussels.toml";
const NATO: &str = "nato-2022-01-12-brussels.toml";

#[test]
fn compare_brussels() {
    let (v, ps) = load(&[RU, NATO]);
    let c = compare(&v, &ps[0], &ps[1]).unwrap();
    snapshot!("compare_brussels_text", c.to_string());
    snapshot!("compare_brussels_markdown", c.to_markdown());
}

#[test]
fn check_positions_brussels() {
    let (v, ps) = load(&[RU, NATO]);
    for p in &ps {
        let report = negdiff::find_contradictions(&v, p).unwrap();
        snapshot!(format!("check_{}_text", p.party), report.to_string());
    }
}

#[test]
fn matrix_three_venues() {
    let (v, ps) = load(&[RU, NATO, "us-2022-01-26-reply.toml"]);
    let m = compare_all(&v, &ps).unwrap();
    snapshot!("matrix_three_venues_text", m.to_string());
    snapshot!("matrix_three_venues_markdown", m.to_markdown());
}

#[test]
fn evolve_rounds() {
    for (party, old, new) in [
        ("russia", "russia-2021-12-17-draft.toml", RU),
        ("nato", NATO, "nato-2022-01-26-reply.toml"),
    ] {
        let (v, ps) = load(&[old, new]);
        let e = evolve(&v, &ps[0], &ps[1]).unwrap();
        snapshot!(format!("evolve_{party}_text"), evolution_text(&e, false));
        snapshot!(format!("evolve_{party}_markdown"), evolution_markdown(&e));
    }
}

#[test]
fn bargain_brussels() {
    let (v, ps) = load(&[RU, NATO]);
    let report = analyze_positions(&v, &ps).unwrap();
    snapshot!("bargain_brussels_text", report.to_string());
}

/// `negdiff check` on the example files, with a stand-in text holding every quote for the
/// article (tests do not read it); paths are shown relative to the repository.
#[test]
fn check_files() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(data(""))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut quotes = String::new();
    for f in files.iter().filter(|f| !f.ends_with("vocabulary.toml")) {
        let (_, ps) = format::load_set(std::slice::from_ref(f), None).unwrap();
        for q in ps[0].clauses.iter().flat_map(|c| &c.evidence) {
            quotes.push_str(&q.quote);
            quotes.push('\n');
        }
    }
    let outcome = format::Checker::new()
        .source_text("sputnik-2022-01-12", quotes)
        .run(&files);
    let root = format!("{}/", env!("CARGO_MANIFEST_DIR"));
    snapshot!("check_files_text", outcome.to_string().replace(&root, ""));
}
