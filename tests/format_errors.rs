//! Every kind of bad input gets a located, exact message.

use std::path::PathBuf;

use negdiff::format::{self, Checker, Loader, QuoteMatch, QuoteStatus, Severity};
use negdiff::Vocabulary;

const VOCABULARY: &str = r#"format = "negdiff/1"
kind = "vocabulary"
name = "t"

[[parties]]
id = "a"
name = "Alpha"

[[parties]]
id = "b"
name = "Beta"

[[entities]]
id = "UA"
name = "Ukraine"

[[entities]]
id = "PL"
name = "Poland"

[[actions]]
id = "deploy"
opposite = "withdraw"

[[actions]]
id = "withdraw"
opposite = "deploy"

[[issues]]
id = "forces"
title = "Forces"
actions = ["deploy", "withdraw"]

[groups]
east = ["PL", "UA"]
"#;

const POSITION: &str = r#"format = "negdiff/1"
kind = "position"
party = "a"
label = "L"

[[sources]]
id = "s"
title = "S"

[[clauses]]
id = "c1"
bearer = "a"
modality = "must"
action = "deploy"
where = ["UA"]
text = "t"
"#;

fn vocabulary() -> Vocabulary {
    format::vocabulary_from_str(VOCABULARY, "v.toml").unwrap()
}

#[track_caller]
fn vocabulary_errors(text: &str, expected: &[&str]) {
    let e = format::vocabulary_from_str(text, "v.toml").unwrap_err();
    let got: Vec<String> = e.diagnostics().iter().map(ToString::to_string).collect();
    assert_eq!(got, expected);
}

#[track_caller]
fn position_errors(text: &str, expected: &[&str]) {
    let e = format::position_from_str(text, "p.toml", Some(&vocabulary())).unwrap_err();
    let got: Vec<String> = e.diagnostics().iter().map(ToString::to_string).collect();
    assert_eq!(got, expected);
}

/// The base position with a clause appended.
fn with_clause(extra: &str) -> String {
    format!("{POSITION}\n[[clauses]]\n{extra}text = \"t\"\n")
}

fn tmp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("format_errors");
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn base_files_load() {
    let v = vocabulary();
    assert_eq!(
        format::position_from_str(POSITION, "p.toml", Some(&v))
            .unwrap()
            .clauses
            .len(),
        1
    );
    assert_eq!(format::position_from_str(POSITION, "p.toml", None).unwrap().party, "a");
}

#[test]
fn toml_syntax_error() {
    position_errors(
        &POSITION.replace("label = \"L\"", "label = \"L"),
        &["p.toml:4:11: error: syntax error: invalid basic string, expected `\"`"],
    );
}

#[test]
fn json_syntax_error() {
    let e = format::position_from_str(
        "{\n  \"format\": \"negdiff/1\",\n  \"kind\" \"position\"\n}",
        "p.json",
        None,
    )
    .unwrap_err();
    assert_eq!(e.to_string(), "p.json:3:10: error: syntax error: expected `:`");
}

#[test]
fn json_duplicate_key() {
    let e = format::vocabulary_from_str(
        "{\"format\": \"negdiff/1\", \"kind\": \"vocabulary\", \"name\": \"x\",\n \"groups\": {\"g\": [], \"g\": []}}",
        "v.json",
    )
    .unwrap_err();
    assert_eq!(e.to_string(), "v.json:2:22: error: syntax error: duplicate key `g`");
}

#[test]
fn missing_format() {
    position_errors(
        &POSITION.replace("format = \"negdiff/1\"\n", ""),
        &["p.toml:1:1: error: missing `format`; this build reads `negdiff/1`"],
    );
}

#[test]
fn wrong_format() {
    position_errors(
        &POSITION.replace("negdiff/1", "negdiff/2"),
        &["p.toml:1:10: error: format: unsupported format `negdiff/2`; this build reads `negdiff/1`"],
    );
}

#[test]
fn missing_kind() {
    position_errors(
        &POSITION.replace("kind = \"position\"\n", ""),
        &["p.toml:1:1: error: missing `kind`; expected `vocabulary` or `position`"],
    );
}

#[test]
fn wrong_kind() {
    position_errors(
        &POSITION.replace("\"position\"", "\"positon\""),
        &["p.toml:2:8: error: kind: unknown kind `positon`; did you mean `position`?"],
    );
    vocabulary_errors(
        POSITION,
        &["v.toml:2:8: error: kind: expected a vocabulary file, found kind `position`"],
    );
}

#[test]
fn missing_required_field() {
    position_errors(
        &with_clause("id = \"c2\"\nbearer = \"a\"\nmodality = \"may\"\n"),
        &["p.toml:18:1: error: clauses[1]: missing required field `action`"],
    );
}

#[test]
fn missing_text_and_issue_actions() {
    position_errors(
        &POSITION.replace("text = \"t\"\n", ""),
        &["p.toml:10:1: error: clauses[0]: missing required field `text`"],
    );
    vocabulary_errors(
        &VOCABULARY.replace("actions = [\"deploy\", \"withdraw\"]\n", ""),
        &["v.toml:29:1: error: issues[0]: missing required field `actions`"],
    );
}

#[test]
fn unknown_field_with_suggestion() {
    position_errors(
        &with_clause("id = \"c2\"\nbearer = \"a\"\nmodality = \"may\"\naction = \"deploy\"\nstrenght = \"offer\"\n"),
        &["p.toml:23:1: error: clauses[1].strenght: unknown field `strenght`; did you mean `strength`?"],
    );
}

#[test]
fn wrong_types() {
    position_errors(
        &with_clause("id = \"c2\"\nbearer = 3\nmodality = \"shall\"\naction = \"deploy\"\nweight = \"high\"\nwhere = \"UA\"\n"),
        &[
            "p.toml:20:10: error: clauses[1].bearer: expected a party id or a list of party ids, found the number `3`",
            "p.toml:21:12: error: clauses[1].modality: unknown modality `shall`; expected one of `must`, `must-not`, `may`, `need-not`",
            "p.toml:23:10: error: clauses[1].weight: expected a number, found the string `high`",
            "p.toml:24:9: error: clauses[1].where: expected an array, found the string `UA`",
        ],
    );
}

#[test]
fn duplicate_clause_id() {
    position_errors(
        &with_clause("id = \"c1\"\nbearer = \"a\"\nmodality = \"may\"\naction = \"deploy\"\n"),
        &["p.toml:19:6: error: clauses[1].id: duplicate clause `c1`"],
    );
}

#[test]
fn duplicate_entity_id() {
    vocabulary_errors(
        &VOCABULARY.replace("id = \"PL\"", "id = \"UA\""),
        &[
            "v.toml:18:6: error: entities[1].id: duplicate entity `UA`",
            "v.toml:35:9: error: groups.east[0]: unknown entity `PL`; did you mean `UA`?",
        ],
    );
}

#[test]
fn duplicate_group() {
    // In TOML a repeated key is a syntax error; a position may not redefine a vocabulary group.
    vocabulary_errors(
        &format!("{VOCABULARY}east = [\"PL\"]\n"),
        &["v.toml:36:1: error: syntax error: duplicate key"],
    );
    position_errors(
        &format!("{POSITION}\n[groups]\neast = [\"PL\"]\n"),
        &["p.toml:19:8: error: groups.east: duplicate group `east`"],
    );
}

#[test]
fn duplicate_source_id() {
    position_errors(
        &POSITION.replace("[[clauses]]", "[[sources]]\nid = \"s\"\ntitle = \"T\"\n\n[[clauses]]"),
        &["p.toml:11:6: error: sources[1].id: duplicate source `s`"],
    );
}

#[test]
fn unknown_party() {
    position_errors(
        &POSITION.replace("party = \"a\"", "party = \"alpah\""),
        &["p.toml:3:9: error: party: unknown party `alpah`; did you mean `a`?"],
    );
}

#[test]
fn unknown_entity_with_suggestion() {
    position_errors(
        &POSITION.replace("where = [\"UA\"]", "where = [\"UKR\"]"),
        &["p.toml:15:10: error: clauses[0].where[0]: unknown entity `UKR`; did you mean `UA`?"],
    );
}

#[test]
fn unknown_group() {
    position_errors(
        &POSITION.replace("where = [\"UA\"]", "where = [\"@est\"]"),
        &["p.toml:15:10: error: clauses[0].where[0]: unknown group `@est`; did you mean `@east`?"],
    );
}

#[test]
fn unknown_action() {
    position_errors(
        &POSITION.replace("action = \"deploy\"", "action = \"deploi\""),
        &["p.toml:14:10: error: clauses[0].action: unknown action `deploi`; did you mean `deploy`?"],
    );
}

#[test]
fn unknown_action_in_issue() {
    vocabulary_errors(
        &VOCABULARY.replace(
            "actions = [\"deploy\", \"withdraw\"]",
            "actions = [\"deploy\", \"withdraw\", \"retreat\"]",
        ),
        &["v.toml:32:34: error: issues[0].actions[2]: unknown action `retreat`"],
    );
}

#[test]
fn unknown_source() {
    position_errors(
        &format!("{POSITION}\n[[clauses.evidence]]\nsource = \"t\"\nquote = \"q\"\n"),
        &["p.toml:19:10: error: clauses[0].evidence[0].source: unknown source `t`"],
    );
}

#[test]
fn unknown_condition_clause() {
    position_errors(
        &POSITION.replace("text = \"t\"", "conditions = [\"c2\"]\ntext = \"t\""),
        &["p.toml:16:15: error: clauses[0].conditions[0]: unknown clause `c2`; did you mean `c1`?"],
    );
}

#[test]
fn group_cycle() {
    vocabulary_errors(
        &format!("{VOCABULARY}west = [\"@south\"]\nsouth = [\"@west\"]\n"),
        &["v.toml:36:9: error: groups.west[0]: group cycle: `@south` → `@west` → `@south`"],
    );
}

#[test]
fn part_of_cycle() {
    vocabulary_errors(
        &VOCABULARY
            .replace("name = \"Ukraine\"", "name = \"Ukraine\"\npart-of = \"PL\"")
            .replace("name = \"Poland\"", "name = \"Poland\"\npart-of = \"UA\""),
        &["v.toml:16:11: error: entities[0].part-of: `part-of` cycle: `UA` → `PL` → `UA`"],
    );
}

#[test]
fn action_in_two_issues() {
    vocabulary_errors(
        &format!("{}\n[[issues]]\nid = \"more\"\ntitle = \"More\"\nactions = [\"deploy\"]\n", VOCABULARY.replace("[groups]\neast = [\"PL\", \"UA\"]\n", "")),
        &["v.toml:38:12: error: issues[1].actions[0]: action `deploy` is in issue `forces` and in issue `more`; an action belongs to exactly one issue"],
    );
}

#[test]
fn opposite_declared_once_is_enough() {
    let one_sided = VOCABULARY.replacen("opposite = \"deploy\"\n", "", 1);
    let v = format::vocabulary_from_str(&one_sided, "v.toml").unwrap();
    let both = format::vocabulary_from_str(VOCABULARY, "v.toml").unwrap();
    // The same opposites either way: `withdraw` reads as "not deploy".
    let pos = |v: &negdiff::Vocabulary| {
        let p = negdiff::Position::new("a", "p")
            .clause(negdiff::Clause::new("x", "b", negdiff::Modality::Must, "withdraw").at(["PL"]));
        let q = negdiff::Position::new("b", "q")
            .clause(negdiff::Clause::new("y", "b", negdiff::Modality::May, "deploy").at(["PL"]));
        negdiff::compare(v, &p, &q).unwrap().summary.counts.conflict
    };
    assert_eq!((pos(&v), pos(&both)), (1, 1));
}

#[test]
fn opposites_that_disagree() {
    let third = VOCABULARY
        .replacen(
            "id = \"withdraw\"\nopposite = \"deploy\"\n",
            "id = \"withdraw\"\nopposite = \"stay\"\n\n[[actions]]\nid = \"stay\"\n",
            1,
        )
        .replacen(
            "actions = [\"deploy\", \"withdraw\"]",
            "actions = [\"deploy\", \"withdraw\", \"stay\"]",
            1,
        );
    vocabulary_errors(
        &third,
        &["v.toml:23:12: error: actions[0].opposite: `deploy` names `withdraw` as its opposite, but `withdraw` names `stay`"],
    );
    let taken = VOCABULARY
        .replacen(
            "id = \"withdraw\"\nopposite = \"deploy\"\n",
            "id = \"withdraw\"\n\n[[actions]]\nid = \"stay\"\nopposite = \"withdraw\"\n",
            1,
        )
        .replacen(
            "actions = [\"deploy\", \"withdraw\"]",
            "actions = [\"deploy\", \"withdraw\", \"stay\"]",
            1,
        );
    vocabulary_errors(
        &taken,
        &["v.toml:30:12: error: actions[2].opposite: `stay` names `withdraw` as its opposite, but `deploy` already does; an action has one opposite"],
    );
}

#[test]
fn min_greater_than_max() {
    position_errors(
        &POSITION.replace("text = \"t\"", "amount = { min = 5, max = 2 }\ntext = \"t\""),
        &["p.toml:16:10: error: clauses[0].amount: empty range: `min` 5 is greater than `max` 2"],
    );
}

#[test]
fn from_after_until() {
    position_errors(
        &POSITION.replace(
            "text = \"t\"",
            "when = { from = 2022-02-01, until = 2022-01-01 }\ntext = \"t\"",
        ),
        &["p.toml:16:8: error: clauses[0].when: empty range: `from` 2022-02-01 is greater than `until` 2022-01-01"],
    );
}

#[test]
fn bad_dates() {
    position_errors(
        &POSITION
            .replace("label = \"L\"", "label = \"L\"\ndate = \"2022-02-30\"")
            .replace("title = \"S\"", "title = \"S\"\ndate = 2022-01-12T10:00:00"),
        &[
            "p.toml:5:8: error: date: `2022-02-30` is not a date of the form YYYY-MM-DD (no such day in that month)",
            "p.toml:10:8: error: sources[0].date: `2022-01-12T10:00:00` is a date-time; a date YYYY-MM-DD is expected",
        ],
    );
}

#[test]
fn weight_out_of_range() {
    position_errors(
        &POSITION.replace("text = \"t\"", "weight = 1.5\ntext = \"t\""),
        &["p.toml:16:10: error: clauses[0].weight: weight 1.5 is outside [0, 1]"],
    );
    position_errors(
        &POSITION.replace("text = \"t\"", "weight = nan\ntext = \"t\""),
        &["p.toml:16:10: error: clauses[0].weight: `nan` is not a finite number"],
    );
}

#[test]
fn where_expands_to_nothing() {
    position_errors(
        &format!(
            "{}\n[groups]\nnone = []\n",
            POSITION.replace("where = [\"UA\"]", "where = [\"@none\"]")
        ),
        &["p.toml:15:9: error: clauses[0].where: `where` covers no place: its groups have no members"],
    );
}

#[test]
fn not_utf8() {
    let p = tmp("bad-utf8.toml", b"format = \"negdiff/1\"\nkind = \"posi\xfftion\"\n");
    let e = format::load_position(&p).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}:2:13: error: file is not valid UTF-8 (bad byte at offset 33)",
            p.display()
        )
    );
}

#[test]
fn file_too_large() {
    let p = tmp("large.toml", POSITION.as_bytes());
    let mut loader = Loader::new();
    loader.max_bytes(100);
    let e = loader.position(&p).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("{}:1:1: error: file is larger than the limit of 100 bytes", p.display())
    );
    assert_eq!(format::DEFAULT_MAX_BYTES, 16 * 1024 * 1024);
}

#[test]
fn all_errors_are_reported() {
    let text = with_clause("id = \"c1\"\nbearer = \"z\"\nmodality = \"may\"\naction = \"deploy\"\nwhere = [\"UKR\"]\n");
    let e = format::position_from_str(&text, "p.toml", Some(&vocabulary())).unwrap_err();
    assert_eq!(e.diagnostics().len(), 3, "{:#?}", e.diagnostics());
}

#[test]
fn missing_vocabulary_file() {
    let p = tmp(
        "no-vocab.toml",
        POSITION
            .replace("label = \"L\"", "label = \"L\"\nvocabulary = \"nowhere.toml\"")
            .as_bytes(),
    );
    let e = format::load_position(&p).unwrap_err();
    let got: Vec<String> = e.diagnostics().iter().map(|d| d.message.clone()).collect();
    assert_eq!(got.len(), 2, "{got:#?}");
    assert!(
        got.contains(&"vocabulary `nowhere.toml` could not be loaded".to_string()),
        "{got:#?}"
    );
}

#[test]
fn quotes_found_and_not_found() {
    let text = "Minutes.\nThe Secretary General said: “The door   stays open” — and left.\n";
    let src = tmp("minutes.txt", text.as_bytes());
    let pos = POSITION.replace("title = \"S\"", &format!("title = \"S\"\npath = \"{}\"", src.file_name().unwrap().to_str().unwrap()))
        + "\n[[clauses.evidence]]\nsource = \"s\"\nquote = \"the door stays open\"\n\n[[clauses.evidence]]\nsource = \"s\"\nquote = \"the window stays open\"\n";
    let p = tmp("quoting.toml", pos.as_bytes());
    let outcome = format::check_files([&p]);
    assert_eq!(outcome.quotes.len(), 2);
    assert_eq!(
        outcome.quotes[0].status,
        QuoteStatus::Checked {
            result: QuoteMatch::Found { line: 2, column: 30 }
        }
    );
    let errors: Vec<String> = outcome.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(errors, [format!("{}:25:9: error: clauses[0].evidence[1].quote: quote not found in source `s`; closest passage at 2:29 (81% alike): `“The door stays open”`", p.display())]);
}

#[test]
fn quotes_against_supplied_text() {
    let pos = format!("{POSITION}\n[[clauses.evidence]]\nsource = \"s\"\nquote = \"we  said ‘no’\"\n");
    let p = tmp("supplied.toml", pos.as_bytes());
    let mut checker = Checker::new();
    checker.source_text("s", "Then WE said 'no' again.");
    let outcome = checker.run([&p]);
    assert!(outcome.diagnostics.is_empty(), "{:#?}", outcome.diagnostics);
    assert_eq!(
        outcome.quotes[0].status,
        QuoteStatus::Checked {
            result: QuoteMatch::Found { line: 1, column: 6 }
        }
    );
}

#[test]
fn missing_source_file_is_a_warning() {
    let pos = format!(
        "{}\n[[clauses.evidence]]\nsource = \"s\"\nquote = \"q\"\n",
        POSITION.replace("title = \"S\"", "title = \"S\"\npath = \"absent/article.txt\"")
    );
    let p = tmp("absent-source.toml", pos.as_bytes());
    let outcome = format::check_files([&p]);
    assert!(outcome.is_ok());
    assert_eq!(outcome.warnings(), 1);
    let d = &outcome.diagnostics[0];
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!((d.line, d.column), (9, 8));
    assert_eq!(
        d.message,
        "source file `absent/article.txt` not found; 1 quote unchecked"
    );
    assert_eq!(outcome.quotes[0].status, QuoteStatus::Unchecked);
}

#[test]
fn cross_file_condition() {
    tmp("cross-v.toml", VOCABULARY.as_bytes());
    let base = POSITION.replace("label = \"L\"", "label = \"L\"\nvocabulary = \"cross-v.toml\"");
    let a = tmp(
        "cross-a.toml",
        base.replace("text = \"t\"", "conditions = [\"b/art5\"]\ntext = \"t\"")
            .as_bytes(),
    );
    let b = tmp(
        "cross-b.toml",
        base.replace("party = \"a\"", "party = \"b\"")
            .replace("id = \"c1\"", "id = \"art4\"")
            .as_bytes(),
    );
    let outcome = format::check_files([&a, &b]);
    let errors: Vec<String> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        errors,
        [format!(
            "{}:17:15: error: clauses[0].conditions[0]: unknown clause `b/art5`; did you mean `b/art4`?",
            a.display()
        )]
    );
}

#[test]
fn shape_and_model_errors_are_reported_together() {
    // A misspelt field and a bad keyword are set aside; the rest of the file is still
    // validated, so the unknown party is reported in the same run.
    position_errors(
        &with_clause("id = \"c2\"\nbearer = \"z\"\nmodality = \"may\"\naction = \"deploy\"\nstrength = \"redline\"\nwher = [\"PL\"]\n"),
        &[
            "p.toml:20:10: error: clauses[1].bearer: unknown party `z`",
            "p.toml:23:12: error: clauses[1].strength: unknown strength `redline`; did you mean `red-line`?",
            "p.toml:24:1: error: clauses[1].wher: unknown field `wher`; did you mean `where`?",
        ],
    );
}

#[test]
fn a_missing_required_field_stops_before_validation() {
    // Without its action the clause cannot be read, so only the shape problem is reported.
    position_errors(
        &with_clause("id = \"c2\"\nbearer = \"z\"\nmodality = \"may\"\n"),
        &["p.toml:18:1: error: clauses[1]: missing required field `action`"],
    );
}

#[test]
fn a_bad_group_member_does_not_hide_the_group() {
    // The malformed member is reported; the group itself still exists for the clauses.
    let text = POSITION
        .replace("label = \"L\"", "label = \"L\"\n\n[groups]\nmine = [\"PL\", 5]\n")
        .replace("where = [\"UA\"]", "where = [\"@mine\"]");
    position_errors(
        &text,
        &["p.toml:7:15: error: groups.mine[1]: expected a string, found the number `5`"],
    );
}

#[test]
fn a_byte_order_mark_is_ignored_in_both_syntaxes() {
    let toml = format!("\u{feff}{VOCABULARY}");
    assert!(format::vocabulary_from_str(&toml, "v.toml").is_ok());
    let json = format!("\u{feff}{}", format::to_json(&vocabulary()).unwrap());
    assert!(format::vocabulary_from_str(&json, "v.json").is_ok());
    let p = tmp("bom.json", json.as_bytes());
    assert!(format::load_vocabulary(&p).is_ok());
}

// ---------- issue 10: territories, converse actions, domains ----------

const DOMAINS: &str = r#"format = "negdiff/1"
kind = "vocabulary"
name = "d"

[[parties]]
id = "nato"
name = "NATO"

[[parties]]
id = "ukraine"
name = "Ukraine"
entity = "UA"

[[parties]]
id = "poland"
name = "Poland"
entity = "PL"

[[parties]]
id = "russia"
name = "Russia"

[[entities]]
id = "UA"
name = "Ukraine"

[[entities]]
id = "PL"
name = "Poland"

[[entities]]
id = "GE"
name = "Georgia"

[[actions]]
id = "admit-members"
applies-to = ["@non-members"]

[[actions]]
id = "join-alliance"
converse = { action = "admit-members", by = "nato" }

[[actions]]
id = "deploy-launchers"
unit = "launchers"
amount-domain = { min = 0, whole = true }

[[issues]]
id = "enlargement"
title = "Enlargement"
actions = ["admit-members", "join-alliance"]

[[issues]]
id = "arms"
title = "Arms"
actions = ["deploy-launchers"]

[groups]
non-members = ["UA", "GE"]
"#;

const DOMAIN_POSITION: &str = r#"format = "negdiff/1"
kind = "position"
party = "russia"
label = "L"
"#;

#[track_caller]
fn domain_vocabulary_errors(from: &str, to: &str, expected: &[&str]) {
    assert!(DOMAINS.contains(from), "{from}");
    vocabulary_errors(&DOMAINS.replacen(from, to, 1), expected);
}

#[track_caller]
fn domain_position_errors(clause: &str, expected: &[&str]) {
    let v = format::vocabulary_from_str(DOMAINS, "v.toml").unwrap();
    let text = format!("{DOMAIN_POSITION}\n[[clauses]]\nid = \"c\"\n{clause}text = \"t\"\n");
    let e = format::position_from_str(&text, "p.toml", Some(&v)).unwrap_err();
    let got: Vec<String> = e.diagnostics().iter().map(ToString::to_string).collect();
    assert_eq!(got, expected);
}

#[test]
fn domain_vocabulary_loads() {
    let v = format::vocabulary_from_str(DOMAINS, "v.toml").unwrap();
    assert_eq!(v.parties[1].entity.as_deref(), Some("UA"));
    assert_eq!(v.actions[1].converse.as_ref().map(|c| c.by.as_str()), Some("nato"));
    assert_eq!(v.actions[0].applies_to, Some(vec!["@non-members".to_string()]));
    assert!(v.actions[2]
        .amount_domain
        .is_some_and(|d| d.whole && d.min == Some(0.0)));
}

#[test]
fn unknown_fields_of_the_new_tables() {
    domain_vocabulary_errors(
        "by = \"nato\" }",
        "bye = \"nato\" }",
        &[
            "v.toml:41:12: error: actions[1].converse: missing required field `by`",
            "v.toml:41:40: error: actions[1].converse.bye: unknown field `bye`; did you mean `by`?",
        ],
    );
    domain_vocabulary_errors(
        "whole = true",
        "hole = true",
        &["v.toml:46:28: error: actions[2].amount-domain.hole: unknown field `hole`; did you mean `whole`?"],
    );
    domain_vocabulary_errors(
        "applies-to = [",
        "apply-to = [",
        &["v.toml:37:1: error: actions[0].apply-to: unknown field `apply-to`; did you mean `applies-to`?"],
    );
    domain_vocabulary_errors(
        "entity = \"UA\"",
        "entities = \"UA\"",
        &["v.toml:12:1: error: parties[1].entities: unknown field `entities`; did you mean `entity`?"],
    );
}

#[test]
fn wrong_types_of_the_new_fields() {
    domain_vocabulary_errors(
        "whole = true",
        "whole = \"yes\"",
        &["v.toml:46:36: error: actions[2].amount-domain.whole: expected a boolean, found the string `yes`"],
    );
    domain_vocabulary_errors(
        "applies-to = [\"@non-members\"]",
        "applies-to = \"@non-members\"",
        &["v.toml:37:14: error: actions[0].applies-to: expected an array, found the string `@non-members`"],
    );
}

#[test]
fn unknown_names_in_the_new_fields() {
    domain_vocabulary_errors(
        "entity = \"UA\"",
        "entity = \"UKR\"",
        &["v.toml:12:10: error: parties[1].entity: unknown entity `UKR`; did you mean `UA`?"],
    );
    domain_vocabulary_errors(
        "by = \"nato\"",
        "by = \"natto\"",
        &["v.toml:41:45: error: actions[1].converse.by: unknown party `natto`; did you mean `nato`?"],
    );
    domain_vocabulary_errors("action = \"admit-members\", by", "action = \"admit-member\", by", &["v.toml:41:23: error: actions[1].converse.action: unknown action `admit-member`; did you mean `admit-members`?"]);
    domain_vocabulary_errors(
        "[\"@non-members\"]",
        "[\"@non-member\"]",
        &["v.toml:37:15: error: actions[0].applies-to[0]: unknown group `@non-member`; did you mean `@non-members`?"],
    );
}

#[test]
fn a_converse_has_no_opposite() {
    domain_vocabulary_errors("by = \"nato\" }", "by = \"nato\" }\nopposite = \"admit-members\"", &["v.toml:42:12: error: actions[1].opposite: the converse action `join-alliance` cannot have an `opposite`; give the opposite to its target `admit-members`"]);
}

#[test]
fn a_converse_targets_an_action_that_is_not_a_converse() {
    domain_vocabulary_errors("action = \"admit-members\", by", "action = \"join-alliance\", by", &["v.toml:41:23: error: actions[1].converse.action: `join-alliance` is the converse of `join-alliance`, which is itself a converse; name the action `join-alliance` stands for"]);
}

#[test]
fn a_converse_has_its_targets_unit() {
    domain_vocabulary_errors("by = \"nato\" }", "by = \"nato\" }\nunit = \"states\"", &["v.toml:42:8: error: actions[1].unit: the converse action `join-alliance` has unit `states`, but its target `admit-members` has unit none; they are one event"]);
}

#[test]
fn a_converse_takes_its_targets_domain_and_issue() {
    domain_vocabulary_errors(
        "by = \"nato\" }",
        "by = \"nato\" }\napplies-to = [\"UA\"]\namount-domain = { min = 1 }",
        &["v.toml:42:14: error: actions[1].applies-to: the converse action `join-alliance` takes the domain of its target `admit-members`; declare `applies-to` on `admit-members`", "v.toml:43:17: error: actions[1].amount-domain: the converse action `join-alliance` takes the domain of its target `admit-members`; declare `amount-domain` on `admit-members`"],
    );
    // Listed in an issue, it must be its target's; not listed, it is in its target's.
    let elsewhere = DOMAINS
        .replacen("[\"admit-members\", \"join-alliance\"]", "[\"admit-members\"]", 1)
        .replacen("[\"deploy-launchers\"]", "[\"deploy-launchers\", \"join-alliance\"]", 1);
    vocabulary_errors(&elsewhere, &["v.toml:56:32: error: issues[1].actions[1]: the converse action `join-alliance` is in issue `arms` but its target `admit-members` is in issue `enlargement`; a converse belongs to its target's issue"]);
    let unlisted = DOMAINS.replacen("[\"admit-members\", \"join-alliance\"]", "[\"admit-members\"]", 1);
    negdiff::validate_vocabulary(&format::vocabulary_from_str(&unlisted, "v.toml").unwrap()).unwrap();
}

#[test]
fn opposites_share_one_domain() {
    let text = DOMAINS
        .replacen(
            "id = \"admit-members\"\n",
            "id = \"admit-members\"\nopposite = \"refuse-members\"\n",
            1,
        )
        .replacen(
            "[[actions]]\nid = \"deploy-launchers\"",
            "[[actions]]\nid = \"refuse-members\"\nopposite = \"admit-members\"\napplies-to = [\"GE\"]\n\n[[actions]]\nid = \"deploy-launchers\"",
            1,
        )
        .replacen("\"join-alliance\"]", "\"join-alliance\", \"refuse-members\"]", 1);
    vocabulary_errors(&text, &["v.toml:47:14: error: actions[2].applies-to: `refuse-members` and its opposite `admit-members` declare different `applies-to`; opposites share one domain, so declare it once"]);
    // Declared once, on either, the domain is shared.
    let text = text.replacen("applies-to = [\"@non-members\"]\n", "", 1);
    let v = format::vocabulary_from_str(&text, "v.toml").unwrap();
    negdiff::validate_vocabulary(&v).unwrap();
}

#[test]
fn amount_domain_rules() {
    domain_vocabulary_errors(
        "amount-domain = { min = 0, whole = true }",
        "amount-domain = { min = 3, max = 1 }",
        &["v.toml:46:17: error: actions[2].amount-domain: empty range: `min` 3 is greater than `max` 1"],
    );
    domain_vocabulary_errors(
        "amount-domain = { min = 0, whole = true }",
        "amount-domain = { min = 0.2, max = 0.8, whole = true }",
        &["v.toml:46:17: error: actions[2].amount-domain: the amount-domain of `deploy-launchers` is empty: it holds no whole number"],
    );
    domain_vocabulary_errors("unit = \"launchers\"\n", "", &["v.toml:45:17: error: actions[2].amount-domain: `deploy-launchers` has an `amount-domain` but no `unit`; amounts are counted in a unit"]);
    domain_vocabulary_errors("applies-to = [\"@non-members\"]", "applies-to = []", &["v.toml:37:14: error: actions[0].applies-to: the applies-to of `admit-members` is empty: the list is empty; leave `applies-to` out for everywhere"]);
}

#[test]
fn a_clause_on_a_converse_action_has_no_where() {
    domain_position_errors(
        "bearer = \"ukraine\"\nmodality = \"may\"\naction = \"join-alliance\"\nwhere = [\"UA\"]\n",
        &["p.toml:11:9: error: clauses[0].where: a clause on the converse action `join-alliance` cannot have a `where`: it is read at each bearer's `entity`"],
    );
}

#[test]
fn a_bearer_of_a_converse_clause_has_a_territory() {
    domain_position_errors(
        "bearer = [\"ukraine\", \"russia\"]\nmodality = \"may\"\naction = \"join-alliance\"\n",
        &["p.toml:8:22: error: clauses[0].bearer[1]: party `russia` has no `entity`, so its clause on the converse action `join-alliance` has no place to be read at"],
    );
}

#[test]
fn a_clause_wholly_outside_its_actions_domain() {
    domain_position_errors(
        "bearer = \"nato\"\nmodality = \"must-not\"\naction = \"admit-members\"\nwhere = [\"PL\"]\n",
        &["p.toml:11:9: error: clauses[0].where: `admit-members` cannot happen at PL: outside its applies-to"],
    );
    domain_position_errors(
        "bearer = \"nato\"\nmodality = \"must-not\"\naction = \"deploy-launchers\"\namount = { min = 2.2, max = 2.8 }\n",
        &["p.toml:11:10: error: clauses[0].amount: amount [2.2, 2.8] of `deploy-launchers` lies outside its amount domain of whole numbers in [0, ∞)"],
    );
    domain_position_errors(
        "bearer = \"nato\"\nmodality = \"must-not\"\naction = \"deploy-launchers\"\namount = { max = -1 }\n",
        &["p.toml:11:10: error: clauses[0].amount: amount (-∞, -1] of `deploy-launchers` lies outside its amount domain of whole numbers in [0, ∞)"],
    );
}

#[test]
fn places_outside_a_domain_are_warnings_in_check() {
    let v = tmp("domains.toml", DOMAINS.as_bytes());
    let p = tmp(
        "domains-position.toml",
        format!(
            "{DOMAIN_POSITION}vocabulary = \"domains.toml\"\n\n[[clauses]]\nid = \"ban\"\nbearer = \"nato\"\nmodality = \"must-not\"\naction = \"admit-members\"\nwhere = [\"UA\", \"PL\"]\ntext = \"t\"\nbasis = \"inferred\"\nrationale = \"r\"\n\n[[clauses]]\nid = \"join\"\nbearer = [\"ukraine\", \"poland\"]\nmodality = \"may\"\naction = \"join-alliance\"\ntext = \"t\"\nbasis = \"inferred\"\nrationale = \"r\"\n"
        )
        .as_bytes(),
    );
    let outcome = Checker::new().run([&v, &p]);
    assert!(outcome.is_ok(), "{outcome}");
    let got: Vec<String> = outcome
        .diagnostics
        .iter()
        .map(|d| {
            assert_eq!(d.severity, Severity::Warning);
            d.to_string().replace(&p.display().to_string(), "p.toml")
        })
        .collect();
    assert_eq!(got, vec!["p.toml:12:9: warning: clauses[0].where: `admit-members` cannot happen at PL: outside its applies-to; those places are dropped".to_string(), "p.toml:19:22: warning: clauses[1].bearer[1]: `poland` doing `join-alliance` reads as `nato` doing `admit-members` at PL, outside the applies-to of `admit-members`; that reading is dropped".to_string(), "p.toml:20:12: warning: clauses[1].modality: internal contradiction: russia's `ban` (nato must-not admit-members) cannot hold together with russia's `join` (ukraine and poland may join-alliance), read as nato may admit-members at Ukraine; where: Ukraine".to_string()]);
    // The same warnings come with a loaded set, for the command line to print.
    let set = Loader::new().load_set(&[&p], None).unwrap();
    assert_eq!(set.warnings.len(), 2);
    assert_eq!(set.positions[0].clauses.len(), 2);
}

/// The base vocabulary with a second issue, `talks`, for partial positions.
fn two_issue_vocabulary() -> Vocabulary {
    vocabulary().action("talk", None).issue("talks", "Talks", ["talk"])
}

#[track_caller]
fn two_issue_errors(text: &str, expected: &[&str]) {
    let e = format::position_from_str(text, "p.toml", Some(&two_issue_vocabulary())).unwrap_err();
    let got: Vec<String> = e.diagnostics().iter().map(ToString::to_string).collect();
    assert_eq!(got, expected);
}

#[test]
fn addresses_load_and_name_known_issues() {
    let p = format::position_from_str(
        &POSITION.replace("label = \"L\"\n", "label = \"L\"\naddresses = [\"forces\"]\n"),
        "p.toml",
        Some(&two_issue_vocabulary()),
    )
    .unwrap();
    assert_eq!(p.addresses, Some(vec!["forces".to_string()]));
    two_issue_errors(
        &POSITION.replace("label = \"L\"\n", "label = \"L\"\naddresses = [\"forcse\", \"talks\", \"talks\"]\n"),
        &[
            "p.toml:5:14: error: addresses[0]: unknown issue `forcse`; did you mean `forces`?",
            "p.toml:5:33: error: addresses[2]: duplicate issue in addresses `talks`",
            "p.toml:15:10: error: clauses[0].action: action `deploy` is in issue `forces`, which `addresses` leaves out; add `forces` to `addresses`",
        ],
    );
    two_issue_errors(
        &POSITION.replace("label = \"L\"\n", "label = \"L\"\naddresses = []\n"),
        &[
            "p.toml:5:13: error: addresses: `addresses` must not be empty",
            "p.toml:15:10: error: clauses[0].action: action `deploy` is in issue `forces`, which `addresses` leaves out; add `forces` to `addresses`",
        ],
    );
    two_issue_errors(
        &POSITION.replace("label = \"L\"\n", "label = \"L\"\naddresses = \"forces\"\n"),
        &["p.toml:5:13: error: addresses: expected an array, found the string `forces`"],
    );
}

#[test]
fn basis_keyword_with_suggestion() {
    position_errors(
        &with_clause("id = \"c2\"\nbearer = \"a\"\nmodality = \"may\"\naction = \"deploy\"\nbasis = \"infered\"\nrationale = \"r\"\n"),
        &["p.toml:23:9: error: clauses[1].basis: unknown basis `infered`; did you mean `inferred`?"],
    );
    position_errors(
        &with_clause(
            "id = \"c2\"\nbearer = \"a\"\nmodality = \"may\"\naction = \"deploy\"\nbasis = 1\nrationle = \"r\"\n",
        ),
        &[
            "p.toml:23:9: error: clauses[1].basis: expected a basis keyword, found the number `1`",
            "p.toml:24:1: error: clauses[1].rationle: unknown field `rationle`; did you mean `rationale`?",
        ],
    );
}

#[test]
fn basis_needs_its_field() {
    position_errors(
        &with_clause("id = \"c2\"\nbearer = \"a\"\nmodality = \"may\"\naction = \"deploy\"\nbasis = \"document\"\n"),
        &["p.toml:23:9: error: clauses[1].basis: basis `document` needs `source`, the id of the source the clause rests on"],
    );
    position_errors(
        &with_clause("id = \"c2\"\nbearer = \"a\"\nmodality = \"may\"\naction = \"deploy\"\nbasis = \"inferred\"\n"),
        &["p.toml:23:9: error: clauses[1].basis: basis `inferred` needs `rationale`, why the clause is read into the record"],
    );
    position_errors(
        &with_clause("id = \"c2\"\nbearer = \"a\"\nmodality = \"may\"\naction = \"deploy\"\nbasis = \"quoted\"\n"),
        &["p.toml:23:9: error: clauses[1].basis: basis `quoted` needs at least one `evidence` quote"],
    );
    position_errors(
        &with_clause("id = \"c2\"\nbearer = \"a\"\nmodality = \"may\"\naction = \"deploy\"\nbasis = \"inferred\"\nrationale = \"  \"\n"),
        &["p.toml:24:13: error: clauses[1].rationale: `rationale` must not be empty"],
    );
}

#[test]
fn basis_fields_belong_to_their_basis() {
    position_errors(
        &with_clause("id = \"c2\"\nbearer = \"a\"\nmodality = \"may\"\naction = \"deploy\"\nsource = \"s\"\nrationale = \"r\"\n"),
        &[
            "p.toml:23:10: error: clauses[1].source: `source` is only for basis `document`; add `basis = \"document\"`",
            "p.toml:24:13: error: clauses[1].rationale: `rationale` is only for basis `inferred`; add `basis = \"inferred\"`",
        ],
    );
    position_errors(
        &with_clause("id = \"c2\"\nbearer = \"a\"\nmodality = \"may\"\naction = \"deploy\"\nbasis = \"inferred\"\nrationale = \"r\"\nsource = \"s\"\n"),
        &["p.toml:25:10: error: clauses[1].source: `source` is only for basis `document`; this clause's basis is `inferred`"],
    );
}

#[test]
fn document_basis_names_a_known_source() {
    position_errors(
        &with_clause("id = \"c2\"\nbearer = \"a\"\nmodality = \"may\"\naction = \"deploy\"\nbasis = \"document\"\nsource = \"z\"\n"),
        &["p.toml:24:10: error: clauses[1].source: unknown source `z`"],
    );
    let ok = with_clause(
        "id = \"c2\"\nbearer = \"a\"\nmodality = \"may\"\naction = \"deploy\"\nbasis = \"document\"\nsource = \"s\"\n",
    );
    let p = format::position_from_str(&ok, "p.toml", Some(&vocabulary())).unwrap();
    assert_eq!(p.clauses[1].basis(), Some(negdiff::Basis::Document));
    assert_eq!(p.clauses[1].source.as_deref(), Some("s"));
}

#[test]
fn check_warns_on_clauses_off_the_record() {
    let text = format!(
        "{POSITION}\n[[clauses]]\nid = \"c2\"\nbearer = \"a\"\nmodality = \"may\"\naction = \"deploy\"\nstrength = \"red-line\"\nbasis = \"inferred\"\nrationale = \"r\"\ntext = \"t\"\n\n[[clauses]]\nid = \"c3\"\nbearer = \"a\"\nmodality = \"may\"\naction = \"deploy\"\nbasis = \"document\"\nsource = \"s\"\ntext = \"t\"\n"
    );
    let p = tmp("off-record.toml", text.as_bytes());
    let outcome = format::check_files([&p]);
    assert!(outcome.is_ok());
    let got: Vec<String> = outcome
        .diagnostics
        .iter()
        .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
        .collect();
    assert_eq!(
        got,
        [
            "11:6: clause `c1` has no evidence and no `basis`; it counts as inferred (add evidence, `basis = \"document\"` with `source`, or `basis = \"inferred\"` with `rationale`)",
            "23:12: red line `c2` is inferred, not on the record",
        ]
    );
    assert!(outcome.diagnostics.iter().all(|d| d.severity == Severity::Warning));
}
