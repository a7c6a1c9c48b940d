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
    let outcome = format::check([&p]);
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
        POSITION.replace("title = \"S\"", "title = \"S\"\npath = \"../absent/article.txt\"")
    );
    let p = tmp("absent-source.toml", pos.as_bytes());
    let outcome = format::check([&p]);
    assert!(outcome.is_ok());
    assert_eq!(outcome.warnings(), 1);
    let d = &outcome.diagnostics[0];
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!((d.line, d.column), (9, 8));
    assert_eq!(
        d.message,
        "source file `../absent/article.txt` not found; 1 quote unchecked"
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
    let outcome = format::check([&a, &b]);
    let errors: Vec<String> = outcome.diagnostics.iter().map(ToString::to_string).collect();
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
