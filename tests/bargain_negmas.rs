//! Peer test: our bargaining analysis must equal NegMAS 0.16.0's results bit for bit.
#![cfg(feature = "genius")] // the GENIUS reader is behind this feature

use std::path::PathBuf;

use negdiff::bargain::{
    analyze, analyze_with, load_genius, AnalysisOptions, BargainReport, FrontierMethod, ReportPoint, Scenario, Value,
};
use serde_json::Value as Json;

fn dir(case: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/negmas")
        .join(case)
}

fn load(case: &str) -> (Scenario, Json) {
    let d = dir(case);
    let scenario = load_genius(d.join("domain.xml"), &[d.join("A.xml"), d.join("B.xml")]).unwrap();
    let text = std::fs::read_to_string(d.join("expected.json")).unwrap();
    (scenario, serde_json::from_str(&text).unwrap())
}

fn f64s(v: &Json) -> Vec<f64> {
    v.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect()
}

/// `pareto_*_points`: `[{uA, uB, outcome_index}]`.
fn expected_frontier(v: &Json) -> Vec<(Vec<f64>, u64)> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                vec![p["uA"].as_f64().unwrap(), p["uB"].as_f64().unwrap()],
                p["outcome_index"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn ours(points: &[ReportPoint]) -> Vec<(Vec<f64>, u64)> {
    points.iter().map(|p| (p.utilities.clone(), p.outcome_index)).collect()
}

/// Solution points: `[{utils, outcome_index, outcome}]`.
fn check_solution(name: &str, ours_pts: &[ReportPoint], expected: &Json) {
    let exp = expected.as_array().unwrap();
    assert_eq!(ours_pts.len(), exp.len(), "{name}: number of points");
    for (o, e) in ours_pts.iter().zip(exp) {
        assert_eq!(o.utilities, f64s(&e["utils"]), "{name}: utilities");
        assert_eq!(o.outcome_index, e["outcome_index"].as_u64().unwrap(), "{name}: index");
        if let Some(values) = e.get("outcome") {
            let values: Vec<Value> = values
                .as_array()
                .unwrap()
                .iter()
                .map(|v| match v {
                    Json::Number(n) => Value::Integer(n.as_i64().unwrap()),
                    Json::String(s) => Value::Text(s.clone()),
                    other => panic!("unexpected outcome value {other}"),
                })
                .collect();
            let got: Vec<Value> = o.outcome.entries().iter().map(|(_, v)| v.clone()).collect();
            assert_eq!(got, values, "{name}: outcome");
        }
    }
}

fn check(report: &BargainReport, expected: &Json) {
    let r = &expected["results"];
    assert_eq!(report.n_outcomes, r["n_outcomes"].as_u64().unwrap());
    assert_eq!(report.zone_size, Some(r["n_rational_zopa"].as_u64().unwrap()));
    assert_eq!(report.disagreement, f64s(&r["disagreement_point"]));
    let ranges: Vec<Vec<f64>> = report.utility_ranges.iter().map(|r| r.to_vec()).collect();
    let exp_ranges: Vec<Vec<f64>> = r["utility_ranges"].as_array().unwrap().iter().map(f64s).collect();
    assert_eq!(ranges, exp_ranges);
    assert_eq!(ours(&report.frontier), expected_frontier(&r["pareto_zopa_points"]));
    assert_eq!(report.frontier.len() as u64, r["pareto_zopa_size"].as_u64().unwrap());
    assert_eq!(ours(&report.frontier_full), expected_frontier(&r["pareto_full_points"]));
    assert_eq!(
        report.frontier_full.len() as u64,
        r["pareto_full_size"].as_u64().unwrap()
    );
    check_solution("nash", &report.nash, &r["nash"]);
    assert_eq!(report.nash_product, r["nash_product"].as_f64());
    check_solution("kalai", &report.kalai, &r["kalai"]);
    check_solution("kalai_smorodinsky", &report.kalai_smorodinsky, &r["kalai_smorodinsky"]);
    check_solution("max_welfare", &report.max_welfare, &r["max_welfare"]);
}

fn run(case: &str) {
    let (scenario, expected) = load(case);
    let report = analyze(&scenario);
    assert_eq!(report.method, FrontierMethod::Enumerate);
    check(&report, &expected);

    // The split-and-merge algorithm gives the same report.
    let options = AnalysisOptions {
        method: FrontierMethod::SplitMerge,
        ..AnalysisOptions::default()
    };
    let split = analyze_with(&scenario, &options);
    assert_eq!(split.method, FrontierMethod::SplitMerge);
    check(&split, &expected);
    assert_eq!(
        BargainReport {
            method: FrontierMethod::Enumerate,
            ..split
        },
        report
    );

    // The issues and parties are the ones the peer describes.
    let issues: Vec<&str> = expected["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(report.issues, issues);
    assert_eq!(report.parties, vec!["A", "B"]);
}

#[test]
fn negmas_1e3_matches_peer() {
    run("1e3");
}

#[test]
fn negmas_1e4_matches_peer() {
    run("1e4");
}

#[test]
fn report_serializes_with_documented_keys() {
    let (scenario, _) = load("1e3");
    let report = analyze(&scenario);
    let json = serde_json::to_value(&report).unwrap();
    for key in [
        "zone_size",
        "disagreement",
        "frontier",
        "frontier_full",
        "nash",
        "kalai_smorodinsky",
        "max_welfare",
    ] {
        assert!(json.get(key).is_some(), "missing key {key}");
    }
    let first = &json["nash"][0];
    assert_eq!(first["outcome"]["i0"], "i0_v0");
    assert_eq!(first["outcome"]["i1"], 9);
    assert_eq!(first["outcome"]["i2"], "i2_v5");
    // Issue order is kept in the outcome object.
    let text = serde_json::to_string(&first["outcome"]).unwrap();
    assert!(text.find("i0").unwrap() < text.find("i1").unwrap());
    // Round trip.
    let back: BargainReport = serde_json::from_value(json).unwrap();
    assert_eq!(back, report);
    // The text report names the points.
    let text = report.to_string();
    assert!(text.contains("zone of agreement: 259 outcomes"));
    assert!(text.contains("#95  i0=i0_v0, i1=9, i2=i2_v5"));
}

#[test]
fn scenario_serde_round_trip() {
    let (scenario, _) = load("1e4");
    let json = serde_json::to_string(&scenario).unwrap();
    let back: Scenario = serde_json::from_str(&json).unwrap();
    assert_eq!(back, scenario);
}
