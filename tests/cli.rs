//! The `negdiff` binary: every command, every output format, every exit code.
#![cfg(feature = "cli")] // the binary is behind this feature

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn data(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/data")
        .join(name)
        .display()
        .to_string()
}

// `snapshot!`: shared with the other snapshot test, so both pin the same files.
#[macro_use]
#[path = "support/snapshot.rs"]
mod snapshot;

const RU: &str = "russia-2022-01-12-brussels.toml";
const NATO: &str = "nato-2022-01-12-brussels.toml";

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_negdiff"))
        .args(args)
        .output()
        .expect("the binary runs")
}

#[track_caller]
fn ok(args: &[&str]) -> String {
    let out = run(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

#[track_caller]
fn json(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&ok(args)).expect("valid JSON")
}

fn temp_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("negdiff-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write temp file");
    p
}

#[test]
fn help_for_every_command() {
    for cmd in [
        &[][..],
        &["check"],
        &["compare"],
        &["matrix"],
        &["evolve"],
        &["bargain"],
    ] {
        let mut args = cmd.to_vec();
        args.push("--help");
        let text = ok(&args);
        assert!(text.contains("Usage: negdiff"), "{text}");
    }
}

#[test]
fn bad_usage_exits_2() {
    assert_eq!(run(&[]).status.code(), Some(2));
    assert_eq!(run(&["compare", &data(RU)]).status.code(), Some(2));
    assert_eq!(
        run(&["compare", &data(RU), &data(NATO), "--format", "yaml"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
    // Formats a command does not write are refused by the parser, not ignored.
    assert_eq!(
        run(&["check", &data(RU), "--format", "markdown"]).status.code(),
        Some(2)
    );
}

#[test]
fn check_clean_files_exits_0() {
    let files: Vec<String> = ["vocabulary.toml", RU, NATO, "us-2022-01-26-reply.toml"]
        .iter()
        .map(|f| data(f))
        .collect();
    // The example sources live beside the clone, outside the positions' folder: allowed by name.
    let shared = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .display()
        .to_string();
    let mut args = vec!["check", "--allow-path", &shared];
    args.extend(files.iter().map(String::as_str));
    let text = ok(&args);
    assert!(text.contains("0 errors"), "{text}");
    args.extend(["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&ok(&args)).unwrap();
    assert_eq!(v["positions"], 3);
    assert_eq!(v["vocabularies"], 1);
}

#[test]
fn check_reports_every_error_with_its_place_and_exits_1() {
    let vocab = data("vocabulary.toml");
    let text = format!(
        "format = \"negdiff/1\"\nkind = \"position\"\nparty = \"russia\"\nlabel = \"bad\"\nvocabulary = \"{}\"\n\n[[clauses]]\nid = \"a\"\nbearer = \"nato\"\nmodality = \"must-not\"\naction = \"admit-members\"\nwhere = [\"UKR\"]\ntext = \"x\"\nweigth = 1\n",
        vocab.replace('\\', "/")
    );
    let bad = temp_file("bad.toml", &text);
    let out = run(&["check", &bad.display().to_string(), "--allow-path", &data("")]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Both the shape problem and the model problem, each at its place, on stderr; the summary
    // on stdout.
    assert!(
        stderr.contains("bad.toml:14:1: error: clauses[0].weigth: unknown field `weigth`; did you mean `weight`?"),
        "{stderr}"
    );
    assert!(
        stderr.contains("bad.toml:12:10: error: clauses[0].where[0]: unknown entity `UKR`; did you mean `UA`?"),
        "{stderr}"
    );
    assert!(!stdout.contains("error:"), "{stdout}");
    assert!(
        stdout.contains("checked 0 vocabularies and 0 positions: 2 errors"),
        "{stdout}"
    );
}

#[test]
fn compare_in_each_format() {
    snapshot!("compare_brussels_text", ok(&["compare", &data(RU), &data(NATO)]));
    let md = ok(&["compare", &data(RU), &data(NATO), "--format", "markdown"]);
    snapshot!("compare_brussels_markdown", md);
    let v = json(&["compare", &data(RU), &data(NATO), "--format", "json"]);
    assert_eq!(v["left"]["party"], "russia");
    assert_eq!(v["right"]["party"], "nato");
    let findings = v["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for f in findings {
        for key in [
            "kind",
            "issue",
            "bearer",
            "action",
            "left",
            "right",
            "scope",
            "explanation",
        ] {
            assert!(f.get(key).is_some(), "finding without `{key}`: {f}");
        }
        for b in f["scope"].as_array().unwrap() {
            assert!(b["where"].is_array());
            for axis in ["when", "amount"] {
                let iv = &b[axis];
                assert!(
                    iv.is_null()
                        || ["min", "max", "min_inclusive", "max_inclusive"]
                            .iter()
                            .all(|k| iv.get(k).is_some()),
                    "{iv}"
                );
            }
        }
        if f["kind"] == "gap" {
            assert!(f["left"].as_array().unwrap().is_empty() != f["right"].as_array().unwrap().is_empty());
        }
    }
    assert!(v["summary"]["counts"]["conflict"].as_u64().unwrap() >= 3);
    // Same inputs, same bytes.
    assert_eq!(
        ok(&["compare", &data(RU), &data(NATO), "--format", "json"]),
        ok(&["compare", &data(RU), &data(NATO), "--format", "json"])
    );
}

#[test]
fn compare_with_an_explicit_vocabulary() {
    let v = json(&[
        "compare",
        &data(RU),
        &data(NATO),
        "--vocab",
        &data("vocabulary.toml"),
        "--format",
        "json",
    ]);
    assert_eq!(v["summary"]["counts"]["conflict"], 8);
}

#[test]
fn unreadable_input_exits_2_with_the_file_named() {
    let out = run(&["compare", "no-such-file.toml", &data(NATO)]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no-such-file.toml:1:1: error: cannot read file"), "{err}");
}

#[test]
fn matrix_in_each_format() {
    let us = data("us-2022-01-26-reply.toml");
    snapshot!("matrix_three_venues_text", ok(&["matrix", &data(RU), &data(NATO), &us]));
    let md = ok(&["matrix", &data(RU), &data(NATO), &us, "--format", "markdown"]);
    snapshot!("matrix_three_venues_markdown", md);
    let v = json(&["matrix", &data(RU), &data(NATO), &us, "--format", "json"]);
    assert_eq!(v["pairs"].as_array().unwrap().len(), 3);
    assert_eq!(run(&["matrix", &data(RU)]).status.code(), Some(2));
}

#[test]
fn evolve_in_each_format() {
    let old = data("nato-2022-01-12-brussels.toml");
    let new = data("nato-2022-01-26-reply.toml");
    snapshot!("evolve_nato_text", ok(&["evolve", &old, &new, "--color", "never"]));
    let coloured = ok(&["evolve", &old, &new, "--color", "always"]);
    assert!(coloured.contains('\u{1b}'));
    let with_diff = ok(&["evolve", &old, &new, "--diff", "--color", "never"]);
    snapshot!("evolve_nato_text_with_diff", with_diff);
    snapshot!(
        "evolve_nato_markdown",
        ok(&["evolve", &old, &new, "--format", "markdown"])
    );
    let v = json(&["evolve", &old, &new, "--format", "json", "--counterpart", &data(RU)]);
    assert_eq!(v["party"], "nato");
    for c in v["changes"].as_array().unwrap() {
        let kind = c["kind"].as_str().unwrap();
        assert!([
            "added",
            "dropped",
            "reworded",
            "reordered",
            "modified",
            "not-restated",
            "newly-addressed"
        ]
        .contains(&kind));
        let dir = c["direction"].as_str().unwrap();
        assert!(["concession", "hardening", "neutral", "mixed"].contains(&dir));
        assert!(c.get("old").is_some() && c.get("new").is_some() && c["fields"].is_array());
    }
    assert!(v["counterpart"].is_object());
    assert_eq!(
        run(&["evolve", &old, &new, "--reword-threshold", "2"]).status.code(),
        Some(2)
    );
}

#[test]
fn bargain_over_genius_files_and_positions() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/negmas/1e3");
    let p = |f: &str| dir.join(f).display().to_string();
    let v = json(&[
        "bargain",
        "--genius",
        &p("domain.xml"),
        &p("A.xml"),
        &p("B.xml"),
        "--format",
        "json",
    ]);
    assert_eq!(v["zone_size"], 259);
    assert!(v["frontier"].is_array() && v["nash"].is_array());
    let text = ok(&["bargain", "--genius", &p("domain.xml"), &p("A.xml"), &p("B.xml")]);
    // B's weights sum above 1 (as NegMAS keeps them): the report says why utilities exceed 1
    // ("utility 0.187714..1.093445", "not normalised").
    snapshot!("bargain_negmas_1e3_text", text);
    snapshot!("bargain_brussels_text", ok(&["bargain", &data(RU), &data(NATO)]));
    let v = json(&["bargain", &data(RU), &data(NATO), "--format", "json"]);
    assert_eq!(v["zone_size"], 0);
    assert!(!v["blocking_red_lines"].as_array().unwrap().is_empty());
    let out = run(&["bargain", &data(RU), &data(NATO), "--format", "markdown"]);
    assert_eq!(out.status.code(), Some(2));
    let missing = run(&["bargain", "--genius", "nope.xml", &p("A.xml")]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn warnings_go_to_stderr_and_the_report_to_stdout() {
    let vocab = temp_file(
        "domains-vocabulary.toml",
        r#"format = "negdiff/1"
kind = "vocabulary"
name = "d"

[[parties]]
id = "nato"
name = "NATO"

[[parties]]
id = "russia"
name = "Russia"

[[entities]]
id = "UA"
name = "Ukraine"

[[entities]]
id = "PL"
name = "Poland"

[[actions]]
id = "admit-members"
applies-to = ["UA"]

[[issues]]
id = "enlargement"
title = "Enlargement"
actions = ["admit-members"]
"#,
    );
    let position = |party: &str, modality: &str| {
        format!(
            "format = \"negdiff/1\"\nkind = \"position\"\nparty = \"{party}\"\nlabel = \"L\"\nvocabulary = \"domains-vocabulary.toml\"\n\n[[clauses]]\nid = \"c\"\nbearer = \"nato\"\nmodality = \"{modality}\"\naction = \"admit-members\"\nwhere = [\"UA\", \"PL\"]\ntext = \"t\"\nbasis = \"inferred\"\nrationale = \"r\"\n"
        )
    };
    let ru = temp_file("domains-ru.toml", &position("russia", "must-not"));
    let nato = temp_file("domains-nato.toml", &position("nato", "may"));
    assert!(vocab.exists());
    let out = run(&[
        "compare",
        ru.to_str().unwrap(),
        nato.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 2, "{stderr}");
    assert!(stderr.lines().all(|l| l.ends_with(
        ":12:9: warning: clauses[0].where: `admit-members` cannot happen at PL: outside its applies-to; those places are dropped"
    )), "{stderr}");
    let c: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(c["findings"][0]["scope"][0]["where"], serde_json::json!(["UA"]));
    // check reports them as warnings and exits 0.
    let out = run(&["check", ru.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 errors, 1 warning;"));
}

#[test]
fn on_record_leaves_inferred_clauses_out() {
    let (ru, nato) = (data(RU), data(NATO));
    let all = json(&["compare", &ru, &nato, "--format", "json"]);
    let record = json(&["compare", &ru, &nato, "--format", "json", "--on-record"]);
    assert_eq!(all["on_record"], false);
    assert_eq!(record["on_record"], true);
    let inferred = |c: &serde_json::Value| {
        c["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["basis"] == "inferred")
            .count()
    };
    assert!(inferred(&all) > 0);
    assert_eq!(inferred(&record), 0);
    assert!(ok(&["compare", &ru, &nato, "--on-record"]).contains("on the record only"));
    let m = json(&["matrix", &ru, &nato, "--format", "json", "--on-record"]);
    assert_eq!(m["comparisons"][0], record);
    let b = json(&["bargain", &ru, &nato, "--format", "json", "--on-record"]);
    assert_eq!(b["inferred_red_lines"], serde_json::json!([]));
    assert_eq!(
        run(&["bargain", "--genius", "d.xml", "a.xml", "--on-record"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn colour_auto_follows_the_environment_conventions() {
    let old = data("nato-2022-01-12-brussels.toml");
    let new = data("nato-2022-01-26-reply.toml");
    let with_env = |vars: &[(&str, &str)], colour: &str| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_negdiff"));
        c.args(["evolve", &old, &new, "--color", colour])
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR")
            .env_remove("CLICOLOR_FORCE");
        for (k, v) in vars {
            c.env(k, v);
        }
        let out = c.output().expect("the binary runs");
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stdout).unwrap()
    };
    // Not a terminal: no colour unless forced.
    assert!(!with_env(&[], "auto").contains('\u{1b}'));
    assert!(with_env(&[("CLICOLOR_FORCE", "1")], "auto").contains('\u{1b}'));
    // NO_COLOR wins over CLICOLOR_FORCE; an explicit --color always wins over both.
    assert!(!with_env(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], "auto").contains('\u{1b}'));
    assert!(with_env(&[("NO_COLOR", "1")], "always").contains("\u{1b}[32m"));
    assert!(!with_env(&[("CLICOLOR_FORCE", "1")], "never").contains('\u{1b}'));
}
