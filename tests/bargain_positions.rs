//! The bargaining space of the Brussels positions (12 January 2022).

use negdiff::bargain::{analyze_positions, from_positions, PositionsReport};
use negdiff::{Position, Vocabulary};

fn strip(text: &str) -> String {
    text.lines()
        .filter(|l| !l.starts_with("format =") && !l.starts_with("kind ="))
        .collect::<Vec<_>>()
        .join("\n")
}

fn load(name: &str) -> String {
    let path = format!("{}/examples/data/{name}", env!("CARGO_MANIFEST_DIR"));
    strip(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}")))
}

fn brussels() -> (Vocabulary, Vec<Position>) {
    let vocab: Vocabulary = toml::from_str(&load("vocabulary.toml")).unwrap();
    let russia: Position = toml::from_str(&load("russia-2022-01-12-brussels.toml")).unwrap();
    let nato: Position = toml::from_str(&load("nato-2022-01-12-brussels.toml")).unwrap();
    (vocab, vec![russia, nato])
}

fn report() -> PositionsReport {
    let (vocab, positions) = brussels();
    analyze_positions(&vocab, &positions).unwrap()
}

#[test]
fn brussels_has_no_zone_because_of_the_open_door() {
    let r = report();
    assert_eq!(r.parties, ["russia", "nato"]);
    assert_eq!(r.zone_size, 0);
    assert!(r.frontier.is_empty() && r.nash.is_empty());
    assert_eq!(
        r.blocking_red_lines,
        vec![
            vec!["russia/art6-no-enlargement".to_string(), "nato/open-door".to_string()],
            vec![
                "russia/no-post-soviet-members".to_string(),
                "nato/open-door".to_string()
            ],
        ]
    );
    // Eastern presence clashes only with a demand (art4), and Crimea only with a demand.
    assert!(!r
        .blocking_red_lines
        .concat()
        .iter()
        .any(|c| c == "nato/eastern-presence"));
    assert_eq!(r.smallest_relaxation, ["nato/open-door"]);
    assert_eq!(r.relaxations, vec![vec!["nato/open-door".to_string()]]);
    assert!(r.relaxation_exact);
    assert!(!r.frontier_full.is_empty());
}

#[test]
fn brussels_relaxed_nash_keeps_the_reciprocal_missile_limits() {
    let r = report();
    let nash = r.nash_if_relaxed.first().expect("a zone once the open door is relaxed");
    for term in [
        "nato must not deploy-missiles in all nato-europe (28) for amounts [500, 5500]",
        "russia must not deploy-missiles in all europe (37) for amounts [500, 5500]",
        "nato may deploy-forces and need not in all eastern-flank (9)",
        "russia may deploy-forces and need not in Crimea",
        "ukraine may join-alliance and need not in all of Ukraine",
    ] {
        assert!(
            nash.terms.iter().any(|t| t == term),
            "{term} missing from {:#?}",
            nash.terms
        );
    }
    assert!(nash.utilities.iter().all(|u| (0.0..=1.0).contains(u)));
}

#[test]
fn brussels_space_and_json_shape() {
    let (vocab, positions) = brussels();
    let b = from_positions(&vocab, &positions).unwrap();
    assert_eq!(b.points.len(), 39);
    assert_eq!(b.points.iter().filter(|p| !p.contested).count(), 2);
    assert_eq!(b.scenario.space().issues().len(), 39);
    let settled: Vec<&str> = b
        .points
        .iter()
        .filter(|p| !p.contested)
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(settled, ["russia/restore-missions", "nato/restore-missions"]);
    let j = serde_json::to_value(report()).unwrap();
    for key in [
        "zone_size",
        "disagreement",
        "frontier",
        "frontier_full",
        "nash",
        "kalai_smorodinsky",
        "max_welfare",
        "blocking_red_lines",
        "smallest_relaxation",
    ] {
        assert!(j.get(key).is_some(), "{key}");
    }
    let p = &j["frontier_full"][0];
    assert!(p["utilities"].is_array() && p["outcome"].is_object());
    let text = report().to_string();
    assert!(text.contains("zone of agreement: none"));
    assert!(text.contains("russia/art6-no-enlargement + nato/open-door"));
}
