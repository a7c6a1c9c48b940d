//! A program written as a user of the crate would write it, from the docs alone: a vocabulary
//! and positions built in code, files loaded, compared, evolved and bargained over; problems
//! matched by kind; `?` into `negdiff::Error` throughout (no `Box<dyn Error>`); findings and
//! changes printed without a formatter of its own; a report round-tripped through JSON and
//! printed with names again.

use std::path::PathBuf;

use negdiff::bargain::{analyze_positions, BargainError, PositionsReport};
use negdiff::format::{self, Severity};
use negdiff::{
    compare, date, evolve, Clause, Comparison, Date, DiagnosticKind, Error, FindingKind, Legend, Modality, Position,
    Source, Strength, Vocabulary,
};

fn data(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("examples/data")
        .join(file)
}

fn vocabulary() -> Vocabulary {
    Vocabulary::new("talks")
        .party("russia", "Russia")
        .party("nato", "NATO")
        .entity("PL", "Poland", None)
        .entity("RO", "Romania", None)
        .entity("HU", "Hungary", None)
        .entity("UA", "Ukraine", None)
        .group("eastern-flank", ["PL", "RO", "HU"])
        .opposites("deploy-forces", "withdraw-forces", Some("troops"))
        .action("deploy-missiles", Some("km"))
        .issue("posture", "Force posture", ["deploy-forces", "withdraw-forces"])
        .issue("missiles", "Missiles", ["deploy-missiles"])
}

fn russia(round: &str, pull_back: &[&str]) -> Position {
    Position::new("russia", round)
        .dated(date!("2021-12-17"))
        .source(
            Source::new("draft", "Draft agreement")
                .publisher("MFA of Russia")
                .dated(date!("2021-12-17"))
                .path("sources/draft.txt"),
        )
        .clause(
            Clause::new("pull-back", "nato", Modality::Must, "withdraw-forces")
                .at(pull_back.iter().copied())
                .during(date!("2022-01-01")..)
                .strength(Strength::RedLine)
                .text("NATO withdraws its forces"),
        )
        .clause(
            Clause::new("no-missiles", "nato", Modality::MustNot, "deploy-missiles")
                .amount(500.0..=5500.0)
                .text("No intermediate-range missiles"),
        )
}

fn nato() -> Position {
    Position::new("nato", "reply")
        .dated(date!("2022-01-26"))
        .clause(
            Clause::new("presence", "nato", Modality::May, "deploy-forces")
                .at(["@eastern-flank"])
                .strength(Strength::RedLine)
                .text("Allies keep troops in the east"),
        )
        .clause(
            Clause::new("limits", "nato", Modality::NeedNot, "deploy-missiles")
                .amount(..=1000.0)
                .strength(Strength::Offer)
                .text("Reciprocal limits on missiles"),
        )
}

#[test]
fn compare_in_code_and_print_findings() -> Result<(), Error> {
    let vocab = vocabulary();
    let report = compare(&vocab, &russia("draft", &["PL", "RO"]), &nato())?;

    // The report iterates, by kind and by issue.
    assert_eq!(report.iter().count(), report.findings.len());
    let conflict = report.conflicts().next().expect("a conflict on force posture");
    assert_eq!(conflict.action, "deploy-forces");
    assert_eq!(conflict.red_lines, 2);
    assert_eq!(report.overlaps().count(), 1);
    assert_eq!(report.agreements().count(), 0);
    assert!(report.gaps().all(|f| f.kind == FindingKind::Gap));
    let issues: Vec<(&str, usize)> = report
        .by_issue()
        .map(|(verdict, findings)| (verdict.issue.as_str(), findings.len()))
        .collect();
    assert_eq!(issues.iter().map(|(_, n)| n).sum::<usize>(), report.findings.len());
    assert_eq!(issues[0].0, "posture");

    // Findings render themselves, with names from the report's legend, as the report does.
    let whole = report.to_string();
    for finding in &report {
        let shown = finding.display(report.legend()).to_string();
        let first = shown.lines().next().unwrap();
        assert!(whole.contains(&format!("  {first}")), "{first}");
        assert!(!shown.ends_with('\n'));
    }
    let shown = conflict.display(report.legend()).to_string();
    assert!(
        shown.starts_with("[posture] nato deploy-forces  [RED LINES ON BOTH SIDES]"),
        "{shown}"
    );
    assert!(shown.contains("where: Poland, Romania; from 2022-01-01"), "{shown}");
    // Without a legend, places are ids.
    assert!(conflict.to_string().contains("where: PL, RO; from 2022-01-01"));
    assert_eq!(conflict.scope[0].to_string(), "PL, RO; from 2022-01-01");
    let missiles = report.overlaps().next().unwrap();
    assert_eq!(
        missiles.scope[0].display(report.legend()).to_string(),
        "everywhere; amount 500 to 1000"
    );
    Ok(())
}

#[test]
fn a_report_read_back_from_json_prints_names() -> Result<(), Error> {
    let vocab = vocabulary();
    let report = compare(&vocab, &russia("draft", &["PL", "RO"]), &nato())?;
    let json = serde_json::to_string(&report).expect("a report has a JSON form");
    let back: Comparison = serde_json::from_str(&json).expect("and reads back");
    assert_eq!(back, report);
    // JSON carries ids only; the vocabulary gives the names back.
    assert_ne!(back.to_string(), report.to_string());
    let back = back.with_legend(Legend::from_vocabulary(&vocab)?);
    assert_eq!(back.to_string(), report.to_string());
    Ok(())
}

#[test]
fn evolve_and_print_changes() -> Result<(), Error> {
    let vocab = vocabulary();
    let old = russia("draft", &["PL", "RO"]);
    let new = russia("Brussels", &["PL", "RO", "HU"]);
    let evolution = evolve(&vocab, &old, &new)?;
    assert_eq!(evolution.changes.len(), 1);
    let change = &evolution.changes[0];
    let shown = change.to_string();
    assert!(shown.starts_with("~ "), "{shown}");
    assert!(shown.contains("[hardening]"), "{shown}");
    assert!(evolution.to_string().contains(&shown));
    Ok(())
}

#[test]
fn bargain_with_one_error_type() -> Result<(), Error> {
    let vocab = vocabulary();
    // `analyze_positions` has its own error type; `?` turns it into `negdiff::Error`.
    let report: PositionsReport = analyze_positions(&vocab, &[russia("draft", &["PL", "RO"]), nato()])?;
    assert_eq!(report.parties, ["russia", "nato"]);
    assert_eq!(report.zone_size, 0); // the force-posture red lines clash
    assert!(!report.blocking_red_lines.is_empty());
    let too_few = analyze_positions(&vocab, &[nato()]).map_err(Error::from);
    assert!(matches!(too_few, Err(Error::Bargain(BargainError::TooFewParties(1)))));
    Ok(())
}

#[test]
fn files_load_compare_and_write_with_one_error_type() -> Result<(), Error> {
    let (vocab, positions) = format::load_set(
        &[
            data("russia-2022-01-12-brussels.toml"),
            data("nato-2022-01-12-brussels.toml"),
        ],
        None,
    )?;
    let report = compare(&vocab, &positions[0], &positions[1])?;
    assert!(report.conflicts().count() > 0);
    let date: Date = "2022-01-12".parse()?;
    assert_eq!(positions[0].date, Some(date));
    let json = format::to_json(&positions[0])?;
    assert_eq!(
        format::position_from_str(&json, "russia.json", Some(&vocab))?,
        positions[0]
    );
    Ok(())
}

#[test]
fn problems_are_matched_by_kind() {
    let vocab = vocabulary();
    let text = r#"
format = "negdiff/1"
kind = "position"
party = "russia"
label = "draft"

[[clauses]]
id = "c"
bearer = "nato"
modality = "must-not"
action = "deploy-forcse"
weight = 2.0
text = "typo"
"#;
    let result: Result<Position, Error> =
        format::position_from_str(text, "russia.toml", Some(&vocab)).map_err(Error::from);
    let Err(Error::Load(e)) = result else {
        panic!("the position has two problems")
    };
    let mut seen = Vec::new();
    for d in e.diagnostics() {
        assert_eq!(d.severity, Severity::Error);
        match d.kind {
            DiagnosticKind::Reference => {
                assert_eq!(d.field.as_deref(), Some("clauses[0].action"));
                assert!(d.message.contains("did you mean `deploy-forces`?"), "{d}");
            }
            DiagnosticKind::Semantics => assert_eq!(d.field.as_deref(), Some("clauses[0].weight")),
            other => panic!("unexpected {other}: {d}"),
        }
        seen.push(d.kind);
    }
    assert_eq!(seen.len(), 2);
    assert_eq!(
        Error::Load(e).kinds(),
        [DiagnosticKind::Reference, DiagnosticKind::Semantics]
    );

    // A rule broken in code, not in a file, has the same kinds.
    let ghost = Position::new("ghost", "l");
    let e = compare(&vocab, &ghost, &nato()).unwrap_err();
    let Error::Invalid { problems, .. } = &e else {
        panic!("{e}")
    };
    assert_eq!(problems[0].kind(), DiagnosticKind::Reference);
}
