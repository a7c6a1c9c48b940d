//! One test per rule of the comparison semantics, on small hand-made positions.

use negdiff::{
    compare, compare_all, find_contradictions, Clause, Comparison, Date, Error, Finding, FindingKind, Interval,
    Modality::*, Position, Problem, Source, Strength, Verdict, Vocabulary,
};

fn vocab() -> Vocabulary {
    Vocabulary::new("test")
        .party("russia", "Russia")
        .party("nato", "NATO")
        .party("us", "United States")
        .entity("UA", "Ukraine", None)
        .entity("crimea", "Crimea", Some("UA"))
        .entity("donbas", "Donbas", Some("UA"))
        .entity("PL", "Poland", None)
        .entity("RO", "Romania", None)
        .entity("HU", "Hungary", None)
        .group("flank", ["PL", "RO"])
        .group("east", ["@flank", "HU"])
        .opposites("deploy-forces", "withdraw-forces", Some("troops"))
        .action("deploy-missiles", Some("km"))
        .action("admit-members", None)
        .action("restore-missions", None)
        .issue("posture", "Force posture", ["deploy-forces", "withdraw-forces"])
        .issue("missiles", "Missiles", ["deploy-missiles"])
        .issue("enlargement", "Enlargement", ["admit-members"])
        .issue("channels", "Diplomatic channels", ["restore-missions"])
}

fn pos(party: &str, clauses: Vec<Clause>) -> Position {
    let mut p = Position::new(party, format!("{party} test"));
    p.clauses = clauses;
    p
}

#[track_caller]
fn cmp(a: &Position, b: &Position) -> Comparison {
    match compare(&vocab(), a, b) {
        Ok(c) => c,
        Err(e) => panic!("compare failed: {e}"),
    }
}

#[track_caller]
fn only(c: &Comparison, kind: FindingKind) -> Vec<&Finding> {
    c.of_kind(kind).collect()
}

fn places(f: &Finding) -> Vec<String> {
    f.scope
        .iter()
        .flat_map(|b| b.places.iter().map(|p| p.to_string()))
        .collect()
}

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

#[test]
fn relation_table_is_complete_and_symmetric() {
    use FindingKind::*;
    let expected = [
        (Must, Must, Agreement),
        (Must, MustNot, Conflict),
        (Must, May, Overlap),
        (Must, NeedNot, Conflict),
        (MustNot, MustNot, Agreement),
        (MustNot, May, Conflict),
        (MustNot, NeedNot, Overlap),
        (May, May, Agreement),
        (May, NeedNot, Overlap),
        (NeedNot, NeedNot, Agreement),
    ];
    for (a, b, k) in expected {
        assert_eq!(FindingKind::relate(a, b), k, "{a} vs {b}");
        assert_eq!(FindingKind::relate(b, a), k, "{b} vs {a}");
    }
}

#[test]
fn an_opposite_is_the_negation_of_its_base() {
    let a = pos(
        "russia",
        vec![Clause::new("out", "nato", Must, "withdraw-forces").at(["@flank"])],
    );
    let b = pos(
        "nato",
        vec![Clause::new("stay", "nato", May, "deploy-forces").at(["@east"])],
    );
    let c = cmp(&a, &b);
    let conflicts = only(&c, FindingKind::Conflict);
    assert_eq!(conflicts.len(), 1);
    let f = conflicts[0];
    assert_eq!(f.action, "deploy-forces");
    assert_eq!(f.left_norm, Some(MustNot));
    assert_eq!(f.right_norm, Some(May));
    assert_eq!(places(f), ["PL", "RO"]);
    // NATO's permission also covers Hungary, which Russia's demand does not: a gap on NATO's side.
    let gaps = only(&c, FindingKind::Gap);
    assert_eq!(gaps.len(), 1);
    assert_eq!(gaps[0].right, ["stay"]);
    assert_eq!(places(gaps[0]), ["HU"]);
}

#[test]
fn naming_an_entity_covers_its_parts() {
    let a = pos(
        "nato",
        vec![Clause::new("withdraw", "russia", Must, "withdraw-forces").at(["UA"])],
    );
    let b = pos(
        "russia",
        vec![Clause::new("crimea", "russia", May, "deploy-forces").at(["crimea"])],
    );
    let c = cmp(&a, &b);
    let conflict = only(&c, FindingKind::Conflict);
    assert_eq!(places(conflict[0]), ["crimea"]);
    let gap = only(&c, FindingKind::Gap);
    assert_eq!(gap.len(), 1);
    // The rest of Ukraine: its own atom and the Donbas, exactly.
    assert_eq!(places(gap[0]), ["UA", "donbas"]);
}

#[test]
fn amount_gaps_have_open_ends() {
    let a = pos(
        "russia",
        vec![Clause::new("ban", "nato", MustNot, "deploy-missiles").amount(500.0..=5500.0)],
    );
    let b = pos(
        "nato",
        vec![Clause::new("limit", "nato", MustNot, "deploy-missiles").amount(..=1000.0)],
    );
    let c = cmp(&a, &b);
    let agree = only(&c, FindingKind::Agreement);
    assert_eq!(
        agree[0].scope[0].amount,
        Some(Interval::closed(Some(500.0), Some(1000.0)))
    );
    assert_eq!(agree[0].size.amount_width, Some(500.0));
    let gaps = only(&c, FindingKind::Gap);
    let left_gap = gaps.iter().find(|f| f.left == ["ban"]).unwrap();
    // Russia's ban above NATO's limit starts just above 1000 km.
    assert_eq!(
        left_gap.scope[0].amount,
        Some(Interval {
            min: Some(1000.0),
            max: Some(5500.0),
            min_inclusive: false,
            max_inclusive: true
        })
    );
    let right_gap = gaps.iter().find(|f| f.right == ["limit"]).unwrap();
    // NATO's limit below Russia's ban: from 0 (an action with a unit has no negative
    // amounts) to just below 500 km.
    assert_eq!(
        right_gap.scope[0].amount,
        Some(Interval {
            min: Some(0.0),
            max: Some(500.0),
            min_inclusive: true,
            max_inclusive: false
        })
    );
}

#[test]
fn time_windows_meet_on_their_intersection_and_gaps_close_on_days() {
    let a = pos(
        "russia",
        vec![Clause::new("talks", "russia", MustNot, "restore-missions").during(d("2022-01-10")..)],
    );
    let b = pos(
        "nato",
        vec![Clause::new("reopen", "russia", May, "restore-missions").during(..=d("2022-01-20"))],
    );
    let c = cmp(&a, &b);
    let conflict = only(&c, FindingKind::Conflict);
    assert_eq!(
        conflict[0].scope[0].when,
        Some(Interval::closed(Some(d("2022-01-10")), Some(d("2022-01-20"))))
    );
    assert_eq!(conflict[0].size.days, Some(11));
    let gaps = only(&c, FindingKind::Gap);
    let after = gaps.iter().find(|f| f.left == ["talks"]).unwrap();
    assert_eq!(after.scope[0].when, Some(Interval::closed(Some(d("2022-01-21")), None)));
    let before = gaps.iter().find(|f| f.right == ["reopen"]).unwrap();
    assert_eq!(
        before.scope[0].when,
        Some(Interval::closed(None, Some(d("2022-01-09"))))
    );
}

#[test]
fn different_bearers_never_meet() {
    let a = pos("russia", vec![Clause::new("x", "nato", MustNot, "admit-members")]);
    let b = pos("nato", vec![Clause::new("y", "russia", May, "admit-members")]);
    let c = cmp(&a, &b);
    assert_eq!(c.summary.counts.conflict, 0);
    assert_eq!(c.summary.counts.gap, 2);
}

#[test]
fn a_clause_with_two_bearers_is_a_norm_for_each() {
    let a = pos(
        "nato",
        vec![Clause::new("both", "nato", May, "restore-missions").bearers(["nato", "russia"])],
    );
    let b = pos("russia", vec![Clause::new("mine", "russia", May, "restore-missions")]);
    let c = cmp(&a, &b);
    let agree = only(&c, FindingKind::Agreement);
    assert_eq!(agree.len(), 1);
    assert_eq!(agree[0].bearer, "russia");
    let gap = only(&c, FindingKind::Gap);
    assert_eq!(gap.len(), 1);
    assert_eq!(gap[0].bearer, "nato");
    // Russia raises the issue too, so this gap is not issue-wide.
    assert!(!gap[0].whole_issue);
}

#[test]
fn an_issue_one_side_alone_raises_is_a_gap_at_issue_level() {
    let a = pos(
        "russia",
        vec![
            Clause::new("ban", "nato", MustNot, "deploy-missiles"),
            Clause::new("m", "nato", May, "restore-missions"),
        ],
    );
    let b = pos("nato", vec![Clause::new("m", "nato", May, "restore-missions")]);
    let c = cmp(&a, &b);
    let gap = only(&c, FindingKind::Gap);
    assert_eq!(gap.len(), 1);
    assert!(gap[0].whole_issue);
    assert_eq!(c.summary.issues_only_left, ["missiles"]);
    assert!(c.summary.issues_only_right.is_empty());
    assert!(
        gap[0]
            .explanation
            .contains("nato says nothing on the issue `missiles` at all"),
        "{}",
        gap[0].explanation
    );
}

#[test]
fn red_lines_and_conditions_annotate_without_changing_the_relation() {
    let a = pos(
        "russia",
        vec![Clause::new("no", "nato", MustNot, "admit-members").strength(Strength::RedLine)],
    );
    let b = pos(
        "nato",
        vec![
            Clause::new("open", "nato", May, "admit-members")
                .strength(Strength::RedLine)
                .given("russia/no"),
            Clause::new("other", "nato", May, "restore-missions").given("open"),
        ],
    );
    let c = cmp(&a, &b);
    let f = only(&c, FindingKind::Conflict)[0];
    assert_eq!(f.red_lines, 2);
    assert_eq!(f.conditions, ["russia/no"]);
    assert_eq!(c.summary.red_line_conflicts, 1);
    assert_eq!(c.summary.double_red_line_conflicts, 1);
    let g = c.findings.iter().find(|f| f.right == ["other"]).unwrap();
    assert_eq!(g.conditions, ["nato/open"]);
    let soft = pos("nato", vec![Clause::new("open", "nato", May, "admit-members")]);
    let c2 = cmp(&a, &soft);
    assert_eq!(only(&c2, FindingKind::Conflict)[0].red_lines, 1);
}

#[test]
fn verdicts() {
    let v =
        |a: &Position, b: &Position, issue: &str| cmp(a, b).issues.iter().find(|v| v.issue == issue).map(|v| v.verdict);
    let must = pos("russia", vec![Clause::new("c", "nato", Must, "restore-missions")]);
    let may = pos("nato", vec![Clause::new("c", "nato", May, "restore-missions")]);
    let may_not = pos("nato", vec![Clause::new("c", "nato", NeedNot, "restore-missions")]);
    let forbid = pos("nato", vec![Clause::new("c", "nato", MustNot, "restore-missions")]);
    assert_eq!(v(&must, &must, "channels"), Some(Verdict::Equivalent));
    assert_eq!(v(&must, &may, "channels"), Some(Verdict::LeftAsksMore));
    assert_eq!(v(&may, &must, "channels"), Some(Verdict::RightAsksMore));
    assert_eq!(v(&must, &forbid, "channels"), Some(Verdict::Incomparable));
    assert_eq!(v(&may, &may_not, "channels"), Some(Verdict::Incomparable));
    let pl = pos(
        "russia",
        vec![Clause::new("c", "nato", Must, "deploy-forces").at(["PL"])],
    );
    let ro = pos("nato", vec![Clause::new("c", "nato", Must, "deploy-forces").at(["RO"])]);
    assert_eq!(v(&pl, &ro, "posture"), Some(Verdict::Disjoint));
    let empty = pos("nato", vec![]);
    assert_eq!(v(&pl, &empty, "posture"), Some(Verdict::LeftAsksMore));
    assert_eq!(v(&pl, &empty, "channels"), None);
}

#[test]
fn an_issue_the_other_document_leaves_out_is_one_sided_not_asked_more() {
    let v =
        |a: &Position, b: &Position, issue: &str| cmp(a, b).issues.iter().find(|v| v.issue == issue).map(|v| v.verdict);
    let russia = pos(
        "russia",
        vec![
            Clause::new("pl", "nato", MustNot, "deploy-forces").at(["PL"]),
            Clause::new("ch", "nato", Must, "restore-missions"),
        ],
    );
    // NATO's reply speaks to the channels only: its silence on the posture is no answer.
    let reply = pos("nato", vec![Clause::new("ch", "nato", May, "restore-missions")]).addressing(["channels"]);
    let c = cmp(&russia, &reply);
    let gap = only(&c, FindingKind::Gap);
    assert_eq!(gap.len(), 1);
    assert_eq!(gap[0].silence, Some(negdiff::Silence::NotAddressed));
    assert_eq!(v(&russia, &reply, "posture"), Some(Verdict::LeftOnly));
    assert_eq!(v(&reply, &russia, "posture"), Some(Verdict::RightOnly));
    // The issue both address keeps its verdict, which the unanswered gap does not touch.
    assert_eq!(v(&russia, &reply, "channels"), Some(Verdict::LeftAsksMore));
    // The same silence from a reply that does address the posture is asking less.
    let silent =
        pos("nato", vec![Clause::new("ch", "nato", May, "restore-missions")]).addressing(["channels", "posture"]);
    assert_eq!(v(&russia, &silent, "posture"), Some(Verdict::LeftAsksMore));
    assert_eq!(Verdict::LeftOnly.mirrored(), Verdict::RightOnly);
    assert_eq!(Verdict::RightOnly.as_str(), "right-only");
}

#[test]
fn witness_sizes() {
    let a = pos(
        "russia",
        vec![Clause::new("a", "nato", MustNot, "deploy-forces").at(["@east", "UA"])],
    );
    let b = pos(
        "nato",
        vec![Clause::new("b", "nato", May, "deploy-forces").at(["@east"])],
    );
    let c = cmp(&a, &b);
    assert_eq!(only(&c, FindingKind::Conflict)[0].size.entities, 3);
    assert_eq!(only(&c, FindingKind::Conflict)[0].size.days, None);
    assert_eq!(only(&c, FindingKind::Gap)[0].size.entities, 3);
}

#[test]
fn check_finds_internal_contradictions_only() {
    let p = pos(
        "russia",
        vec![
            Clause::new("a", "nato", MustNot, "deploy-forces").at(["@flank"]),
            Clause::new("b", "nato", Must, "deploy-forces").at(["RO", "HU"]),
            Clause::new("c", "nato", May, "deploy-forces").at(["HU"]),
        ],
    );
    let r = find_contradictions(&vocab(), &p).unwrap();
    assert_eq!(r.contradictions.len(), 1);
    assert_eq!(r.contradictions[0].left, ["a"]);
    assert_eq!(r.contradictions[0].right, ["b"]);
    assert_eq!(places(&r.contradictions[0]), ["RO"]);
    assert!(!r.is_consistent());
    assert!(r.to_string().contains(": 1 internal contradiction\n"), "{r}");
}

#[test]
fn matrix_maps_who_agrees_and_who_clashes() {
    let ru = pos("russia", vec![Clause::new("no", "nato", MustNot, "admit-members")]);
    let na = pos("nato", vec![Clause::new("open", "nato", May, "admit-members")]);
    let us = pos("us", vec![Clause::new("open", "nato", May, "admit-members")]);
    let m = compare_all(&vocab(), &[ru, na, us]).unwrap();
    assert_eq!(m.pairs.len(), 3);
    let issue = &m.issues[0];
    assert_eq!(issue.issue, "enlargement");
    assert_eq!(issue.raised_by, [0, 1, 2]);
    assert_eq!(issue.conflict, [(0, 1), (0, 2)]);
    assert_eq!(issue.agree, [(1, 2)]);
    assert_eq!(issue.verdicts.get("1-2"), Some(&Verdict::Equivalent));
    assert!(m.to_string().contains("russia vs nato: 1 / 0 / 0 / 0"));
}

#[track_caller]
fn problems(e: Error) -> Vec<String> {
    match e {
        Error::Invalid { problems, .. } => problems.iter().map(|p| p.to_string()).collect(),
        other => panic!("unexpected error {other}"),
    }
}

#[test]
fn unknown_references_suggest_the_closest_name() {
    let p = pos(
        "russia",
        vec![
            Clause::new("a", "nato", MustNot, "deploy-force").at(["UKR", "@flnk"]),
            Clause::new("b", "natto", May, "admit-members").given("zz"),
        ],
    );
    let e = compare(&vocab(), &p, &pos("nato", vec![])).unwrap_err();
    assert_eq!(
        problems(e),
        [
            "clauses[0].where[0]: unknown entity `UKR`; did you mean `UA`?",
            "clauses[0].where[1]: unknown group `@flnk`; did you mean `@flank`?",
            "clauses[0].action: unknown action `deploy-force`; did you mean `deploy-forces`?",
            "clauses[1].bearer: unknown party `natto`; did you mean `nato`?",
            "clauses[1].conditions[0]: unknown clause `zz`",
        ]
    );
}

#[test]
fn vocabulary_rules() {
    let mut v = vocab().group("loop-a", ["@loop-b"]).group("loop-b", ["@loop-a"]);
    let mut x = negdiff::Action::new("x", None);
    x.opposite = Some("withdraw-forces".into());
    v.actions.push(x);
    v.issues.push(negdiff::Issue {
        id: "dup".into(),
        title: "Dup".into(),
        actions: vec!["admit-members".into()],
    });
    v.entities.push(negdiff::Entity {
        id: "a".into(),
        name: "A".into(),
        part_of: Some("b".into()),
    });
    v.entities.push(negdiff::Entity {
        id: "b".into(),
        name: "B".into(),
        part_of: Some("a".into()),
    });
    v.entities.push(negdiff::Entity {
        id: "PL".into(),
        name: "Poland again".into(),
        part_of: None,
    });
    let e = compare(&v, &pos("nato", vec![]), &pos("nato", vec![])).unwrap_err();
    assert_eq!(
        problems(e),
        [
            "entities[8].id: duplicate entity `PL`",
            "entities[6].part-of: `part-of` cycle: `a` → `b` → `a`",
            "actions[5].opposite: `x` names `withdraw-forces` as its opposite, but `withdraw-forces` names `deploy-forces`",
            "issues[4].actions[0]: action `admit-members` is in issue `enlargement` and in issue `dup`; an action belongs to exactly one issue",
            "actions[5].id: action `x` is in no issue; add it to one issue's `actions`",
            "groups.loop-b[0]: group cycle: `@loop-a` → `@loop-b` → `@loop-a`",
        ]
    );
}

#[test]
fn scope_rules() {
    let p = pos(
        "russia",
        vec![
            Clause::new("a", "nato", MustNot, "deploy-forces")
                .during(d("2022-02-01")..=d("2022-01-01"))
                .amount(5.0..=1.0)
                .weight(1.5),
            Clause::new("a", "nato", MustNot, "deploy-forces").at(Vec::<String>::new()),
        ],
    );
    let e = compare(&vocab(), &p, &pos("nato", vec![])).unwrap_err();
    assert_eq!(
        problems(e),
        [
            "clauses[1].id: duplicate clause `a`",
            "clauses[0].when: empty range: `from` 2022-02-01 is greater than `until` 2022-01-01",
            "clauses[0].amount: empty range: `min` 5 is greater than `max` 1",
            "clauses[0].weight: weight 1.5 is outside [0, 1]",
            "clauses[1].where: `where` covers no place: the list is empty; leave `where` out for everywhere",
        ]
    );
    let bad = Problem::NotFinite { value: "NaN".into() };
    assert_eq!(bad.to_string(), "`NaN` is not a finite number");
}

#[test]
fn positions_without_a_vocabulary_work_on_bare_names() {
    let a = pos(
        "a",
        vec![Clause::new("x", "b", MustNot, "build").at(["site-1", "site-2"])],
    );
    let b = pos("b", vec![Clause::new("y", "b", May, "build").at(["site-2", "site-3"])]);
    let v = Vocabulary::implicit([&a, &b]);
    let c = compare(&v, &a, &b).unwrap();
    assert_eq!(places(only(&c, FindingKind::Conflict)[0]), ["site-2"]);
    assert_eq!(c.issues[0].issue, "build");
}

#[test]
fn display_and_markdown_show_every_section() {
    let a = pos(
        "russia",
        vec![
            Clause::new("out", "nato", Must, "withdraw-forces")
                .at(["@east"])
                .strength(Strength::RedLine),
            Clause::new("m", "nato", May, "restore-missions").quote("src", "mutual interest", Some("Someone")),
        ],
    )
    .source(Source::new("src", "A source"));
    let b = pos(
        "nato",
        vec![
            Clause::new("stay", "nato", May, "deploy-forces")
                .at(["@flank"])
                .strength(Strength::RedLine),
            Clause::new("m", "nato", May, "restore-missions"),
        ],
    );
    let c = cmp(&a, &b);
    let text = c.to_string();
    for needle in [
        "CONFLICTS (1)",
        "[RED LINES ON BOTH SIDES]",
        "where: all flank (2)",
        "COMMON GROUND",
        "evidence for `m`: \"mutual interest\" (Someone) [src]",
        "GAPS: raised by russia, nato says nothing here (1)",
        "where: Hungary",
        "ISSUES",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    let md = c.to_markdown();
    assert!(
        md.contains("| kind | issue | bearer · action | russia | nato | where | explanation |"),
        "{md}"
    );
    // `stay` has neither evidence nor basis: the conflict rests on an inferred clause.
    assert!(md.contains("| conflict 🔴 🔴 *(inferred)* |"), "{md}");
}

#[test]
fn opposites_must_share_an_issue() {
    let mut v = vocab();
    // Move `withdraw-forces` out of the posture issue into an issue of its own.
    v.issues[0].actions.retain(|a| a != "withdraw-forces");
    v = v.issue("pullback", "Pullback", ["withdraw-forces"]);
    let e = compare(&v, &pos("nato", vec![]), &pos("nato", vec![])).unwrap_err();
    assert_eq!(
        problems(e),
        ["actions[1].opposite: `withdraw-forces` is in issue `pullback` but its opposite `deploy-forces` is in issue `posture`; opposites belong to the same issue"]
    );
}

#[test]
fn the_last_day_of_the_calendar_is_never_both_witness_and_gap() {
    let a = pos("russia", vec![Clause::new("a", "nato", Must, "withdraw-forces")]);
    let b = pos(
        "nato",
        vec![Clause::new("b", "nato", May, "deploy-forces").during(..=d("9999-12-31"))],
    );
    let c = cmp(&a, &b);
    assert_eq!(c.summary.counts.conflict, 1);
    assert_eq!(c.summary.counts.gap, 0, "{c}");
}

#[test]
fn every_quote_of_a_clause_reaches_the_finding() {
    let a = pos(
        "russia",
        vec![Clause::new("a", "nato", MustNot, "admit-members")
            .quote("s", "one", None)
            .quote("s", "two", None)],
    )
    .source(Source::new("s", "S"));
    let c = cmp(&a, &pos("nato", vec![]));
    let quotes: Vec<&str> = c.findings[0].evidence.iter().map(|q| q.quote.as_str()).collect();
    assert_eq!(quotes, ["one", "two"]);
}

#[test]
fn deep_part_of_chains_validate_in_linear_time() {
    // A 20 000-deep chain: cycle detection and coverage walk it once, not once per entity.
    let mut v = vocab();
    for i in 0..20_000 {
        let parent = (i > 0).then(|| format!("chain{}", i - 1));
        v = v.entity(format!("chain{i}"), format!("Chain {i}"), parent.as_deref());
    }
    let p = pos(
        "nato",
        vec![Clause::new("c", "nato", May, "deploy-forces").at(["chain19990"])],
    );
    let c = compare(&v, &p, &pos("russia", vec![])).unwrap();
    assert_eq!(c.findings[0].size.entities, 10);
}

#[test]
fn a_comparison_survives_a_json_round_trip() {
    let a = pos(
        "russia",
        vec![Clause::new("x", "nato", MustNot, "deploy-forces").at(["@east"])],
    );
    let b = pos("nato", vec![Clause::new("y", "nato", May, "deploy-forces").at(["PL"])]);
    let c = cmp(&a, &b);
    let back: Comparison = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
    assert_eq!(back, c);
    // Without its legend, text shows atom ids instead of names.
    assert!(back.to_string().contains("where: PL"));
    assert!(c.to_string().contains("where: Poland"));
}

// ---------- converse actions and domains ----------

/// Parties with territories, an alliance that admits members only among non-members, a
/// converse "join", whole launchers, percentages, and forces that can only be withdrawn
/// from where they can be deployed.
fn alliance() -> Vocabulary {
    Vocabulary::new("alliance")
        .party("russia", "Russia")
        .party("nato", "NATO")
        .party("ukraine", "Ukraine")
        .party("georgia", "Georgia")
        .party("poland", "Poland")
        .party("us", "United States")
        .territory("ukraine", "UA")
        .territory("georgia", "GE")
        .territory("poland", "PL")
        .territory("russia", "RU")
        .entity("UA", "Ukraine", None)
        .entity("crimea", "Crimea", Some("UA"))
        .entity("GE", "Georgia", None)
        .entity("PL", "Poland", None)
        .entity("RU", "Russia", None)
        .group("non-members", ["UA", "GE", "RU"])
        .action("admit-members", None)
        .applies_to("admit-members", ["@non-members"])
        .converse("join-alliance", "admit-members", "nato")
        .action("deploy-launchers", Some("launchers"))
        .amount_domain("deploy-launchers", Some(0.0), None, true)
        .action("enrich", Some("percent"))
        .amount_domain("enrich", Some(0.0), Some(100.0), false)
        .opposites("deploy-forces", "withdraw-forces", Some("troops"))
        .applies_to("withdraw-forces", ["PL", "UA"])
        .converse("host-withdrawal", "withdraw-forces", "russia")
        .issue("enlargement", "Enlargement", ["admit-members"])
        .issue("arms", "Arms", ["deploy-launchers", "enrich"])
        .issue(
            "posture",
            "Posture",
            ["deploy-forces", "withdraw-forces", "host-withdrawal"],
        )
}

#[track_caller]
fn on(v: &Vocabulary, a: &Position, b: &Position) -> Comparison {
    match compare(v, a, b) {
        Ok(c) => c,
        Err(e) => panic!("compare failed: {e}"),
    }
}

#[track_caller]
fn position_problems(v: &Vocabulary, p: &Position) -> Vec<String> {
    match negdiff::validate_position(v, p) {
        Err(Error::Invalid { problems, .. }) => problems.iter().map(ToString::to_string).collect(),
        other => panic!("expected problems, got {other:?}"),
    }
}

#[test]
fn a_converse_clause_is_read_as_the_target_at_the_bearers_territory() {
    let v = alliance();
    let ukraine = pos(
        "ukraine",
        vec![Clause::new("right-to-choose", "ukraine", May, "join-alliance")],
    );
    let russia = pos(
        "russia",
        vec![Clause::new("no-enlargement", "nato", MustNot, "admit-members").strength(Strength::RedLine)],
    );
    let c = on(&v, &ukraine, &russia);
    let conflict = only(&c, FindingKind::Conflict);
    assert_eq!(conflict.len(), 1);
    let f = conflict[0];
    // Keyed and reported by the target, with the original clause id.
    assert_eq!(
        (&*f.bearer, &*f.action, &*f.issue),
        ("nato", "admit-members", "enlargement")
    );
    assert_eq!(f.left, ["right-to-choose"]);
    assert_eq!(f.left_norm, Some(May));
    assert_eq!(places(f), ["UA", "crimea"]);
    assert_eq!(
        f.explanation,
        "ukraine's `right-to-choose` (ukraine may join-alliance), read as nato may admit-members at Ukraine \
         cannot hold together with russia's `no-enlargement` (nato must-not admit-members)"
    );
    // Ukraine's clause is no longer silence: its whole reading meets Russia's ban.
    assert!(only(&c, FindingKind::Gap).iter().all(|g| g.left.is_empty()));
}

#[test]
fn a_converse_clause_with_several_bearers_is_one_reading() {
    let v = alliance();
    let aspirants = pos(
        "ukraine",
        vec![Clause::new("open-door", "ukraine", May, "join-alliance").bearers(["ukraine", "georgia"])],
    );
    let russia = pos(
        "russia",
        vec![Clause::new("not-russia", "nato", MustNot, "admit-members").at(["RU"])],
    );
    let c = on(&v, &aspirants, &russia);
    let gap: Vec<&Finding> = c.of_kind(FindingKind::Gap).filter(|g| !g.left.is_empty()).collect();
    assert_eq!(gap.len(), 1);
    assert_eq!(places(gap[0]), ["UA", "crimea", "GE"]);
    assert_eq!(
        gap[0].explanation,
        "russia says nothing here on ukraine's `open-door` (ukraine and georgia may join-alliance), \
         read as nato may admit-members at Ukraine, Georgia"
    );
}

#[test]
fn a_converse_of_an_opposite_negates_the_base() {
    let v = alliance();
    // Ukraine must host Russia's withdrawal: Russia must withdraw from UA, O(¬deploy).
    let ukraine = pos(
        "ukraine",
        vec![Clause::new("leave", "ukraine", Must, "host-withdrawal")],
    );
    let russia = pos(
        "russia",
        vec![Clause::new("stay", "russia", May, "deploy-forces").at(["UA"])],
    );
    let c = on(&v, &ukraine, &russia);
    let f = only(&c, FindingKind::Conflict);
    assert_eq!(f.len(), 1);
    assert_eq!((&*f[0].bearer, &*f[0].action), ("russia", "deploy-forces"));
    assert_eq!(f[0].left_norm, Some(MustNot));
}

#[test]
fn check_sees_a_contradiction_through_a_converse() {
    let v = alliance();
    let p = pos(
        "nato",
        vec![
            Clause::new("door", "ukraine", May, "join-alliance"),
            Clause::new("closed", "nato", MustNot, "admit-members").at(["UA"]),
        ],
    );
    let report = find_contradictions(&v, &p).unwrap();
    assert_eq!(report.contradictions.len(), 1);
    assert_eq!(report.contradictions[0].left, ["door"]);
}

#[test]
fn every_clause_is_cut_to_its_actions_domain() {
    let v = alliance();
    // "No enlargement" everywhere means wherever admitting can happen: not Poland, not elsewhere.
    let russia = pos("russia", vec![Clause::new("ban", "nato", MustNot, "admit-members")]);
    let c = on(&v, &russia, &pos("nato", vec![]));
    let gap = only(&c, FindingKind::Gap);
    assert_eq!(places(gap[0]), ["UA", "crimea", "GE", "RU"]);
    // Opposites share one domain, declared here on the opposite.
    let deploy = pos("russia", vec![Clause::new("no-forces", "us", MustNot, "deploy-forces")]);
    let c = on(&v, &deploy, &pos("nato", vec![]));
    assert_eq!(places(only(&c, FindingKind::Gap)[0]), ["UA", "crimea", "PL"]);
}

#[test]
fn a_clause_wholly_outside_its_domain_is_an_error() {
    let v = alliance();
    let p = pos(
        "russia",
        vec![Clause::new("ban", "nato", MustNot, "admit-members").at(["PL"])],
    );
    assert_eq!(
        position_problems(&v, &p),
        ["clauses[0].where: `admit-members` cannot happen at PL: outside its applies-to"]
    );
}

#[test]
fn a_clause_partly_outside_its_domain_is_a_warning_and_is_cut() {
    let v = alliance();
    let p = pos(
        "russia",
        vec![Clause::new("ban", "nato", MustNot, "admit-members").at(["UA", "PL"])],
    );
    let warnings: Vec<String> = negdiff::position_warnings(&v, &p)
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        warnings,
        ["clauses[0].where: `admit-members` cannot happen at PL: outside its applies-to; those places are dropped"]
    );
    let c = on(&v, &p, &pos("nato", vec![]));
    assert_eq!(places(only(&c, FindingKind::Gap)[0]), ["UA", "crimea"]);
}

#[test]
fn a_converse_reading_outside_the_targets_domain_is_dropped_with_a_warning() {
    let v = alliance();
    let p = pos(
        "poland",
        vec![Clause::new("member", "poland", May, "join-alliance").bearers(["poland", "georgia"])],
    );
    let warnings: Vec<String> = negdiff::position_warnings(&v, &p)
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        warnings,
        [
            "clauses[0].bearer[0]: `poland` doing `join-alliance` reads as `nato` doing `admit-members` at PL, \
          outside the applies-to of `admit-members`; that reading is dropped"
        ]
    );
    let russia = pos(
        "russia",
        vec![Clause::new("not-russia", "nato", MustNot, "admit-members").at(["RU"])],
    );
    let c = on(&v, &p, &russia);
    let gaps: Vec<&Finding> = c.of_kind(FindingKind::Gap).filter(|g| !g.left.is_empty()).collect();
    assert_eq!(places(gaps[0]), ["GE"]);
    // Read at Georgia only.
    assert_eq!(
        gaps[0].explanation,
        "russia says nothing here on poland's `member` (poland and georgia may join-alliance), \
         read as nato may admit-members at Georgia"
    );
}

#[test]
fn converse_clause_errors() {
    let v = alliance();
    let p = pos(
        "russia",
        vec![
            Clause::new("w", "ukraine", May, "join-alliance").at(["UA"]),
            Clause::new("n", "nato", May, "join-alliance"),
        ],
    );
    assert_eq!(
        position_problems(&v, &p),
        [
            "clauses[0].where: a clause on the converse action `join-alliance` cannot have a `where`: it is read at each bearer's `entity`",
            "clauses[1].bearer: party `nato` has no `entity`, so its clause on the converse action `join-alliance` has no place to be read at",
        ]
    );
}

#[test]
fn converse_vocabulary_errors() {
    let mut v = alliance().converse("join-twice", "join-alliance", "natto");
    v.actions.last_mut().unwrap().opposite = Some("admit-members".into());
    v.actions.last_mut().unwrap().unit = Some("states".into());
    let problems: Vec<String> = match negdiff::validate_vocabulary(&v) {
        Err(Error::Invalid { problems, .. }) => problems.iter().map(ToString::to_string).collect(),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        problems,
        [
            "actions[7].converse.action: `join-twice` is the converse of `join-alliance`, which is itself a converse; name the action `join-alliance` stands for",
            "actions[7].converse.by: unknown party `natto`; did you mean `nato`?",
            "actions[7].opposite: the converse action `join-twice` cannot have an `opposite`; give the opposite to its target `join-alliance`",
        ]
    );
}

#[test]
fn an_action_with_a_unit_has_no_negative_amounts() {
    let v = alliance();
    let cap = pos(
        "russia",
        vec![Clause::new("cap", "nato", NeedNot, "deploy-forces").amount(..=40.0)],
    );
    let c = on(&v, &cap, &pos("nato", vec![]));
    assert_eq!(
        only(&c, FindingKind::Gap)[0].scope[0].amount,
        Some(Interval::closed(Some(0.0), Some(40.0)))
    );
    let neg = pos(
        "russia",
        vec![Clause::new("neg", "nato", NeedNot, "deploy-forces").amount(..=-1.0)],
    );
    assert_eq!(
        position_problems(&v, &neg),
        ["clauses[0].amount: amount (-∞, -1] of `deploy-forces` lies outside its amount domain [0, ∞)"]
    );
}

#[test]
fn a_declared_amount_domain_bounds_every_witness() {
    let v = alliance();
    let at_least = pos(
        "russia",
        vec![Clause::new("high", "us", MustNot, "enrich").amount(60.0..)],
    );
    let c = on(&v, &at_least, &pos("nato", vec![]));
    assert_eq!(
        only(&c, FindingKind::Gap)[0].scope[0].amount,
        Some(Interval::closed(Some(60.0), Some(100.0)))
    );
    // A clause over the whole domain shows no amount: any amount the action can have.
    let any = pos(
        "russia",
        vec![Clause::new("any", "us", MustNot, "enrich").amount(0.0..)],
    );
    assert_eq!(
        only(&on(&v, &any, &pos("nato", vec![])), FindingKind::Gap)[0].scope[0].amount,
        None
    );
    let over = pos(
        "russia",
        vec![Clause::new("over", "us", MustNot, "enrich").amount(150.0..)],
    );
    assert_eq!(
        position_problems(&v, &over),
        ["clauses[0].amount: amount [150, ∞) of `enrich` lies outside its amount domain [0, 100]"]
    );
}

#[test]
fn whole_amounts_leave_no_gap_between_whole_numbers() {
    let v = alliance();
    // A cap of 6104 and a ban from 6105 leave nothing between them when only whole
    // launchers exist.
    let left = pos(
        "russia",
        vec![
            Clause::new("cap", "us", May, "deploy-launchers").amount(..=6104.0),
            Clause::new("ban", "us", MustNot, "deploy-launchers").amount(6105.0..),
        ],
    );
    let right = pos(
        "nato",
        vec![Clause::new("claim", "us", May, "deploy-launchers").amount(..=19000.0)],
    );
    let c = on(&v, &left, &right);
    assert!(only(&c, FindingKind::Gap).iter().all(|g| g.right.is_empty()), "{c}");
    // Gaps start at the next whole number, closed.
    let c = on(&v, &right, &pos("russia", vec![left.clauses[0].clone()]));
    let gap = only(&c, FindingKind::Gap);
    assert_eq!(
        gap[0].scope[0].amount,
        Some(Interval::closed(Some(6105.0), Some(19000.0)))
    );
    // A range with no whole number in it is an error.
    let none = pos(
        "russia",
        vec![Clause::new("half", "us", May, "deploy-launchers").amount(2.2..=2.8)],
    );
    assert_eq!(
        position_problems(&v, &none),
        ["clauses[0].amount: amount [2.2, 2.8] of `deploy-launchers` lies outside its amount domain of whole numbers in [0, ∞)"]
    );
}

// ---------- what a document addresses, and what is on the record ----------

fn sourced(party: &str, clauses: Vec<Clause>) -> Position {
    pos(party, clauses).source(negdiff::Source::new("s", "A statement"))
}

#[test]
fn a_gap_on_an_issue_the_other_side_does_not_address_is_not_silence() {
    let a = pos(
        "russia",
        vec![
            Clause::new("no-enlargement", "nato", MustNot, "admit-members"),
            Clause::new("out", "nato", Must, "withdraw-forces").at(["@flank"]),
        ],
    );
    // NATO's reply speaks to force posture only, and says nothing on Poland.
    let b = pos(
        "nato",
        vec![Clause::new("stay", "nato", May, "deploy-forces").at(["RO"])],
    )
    .addressing(["posture"]);
    let c = cmp(&a, &b);
    let gaps = only(&c, FindingKind::Gap);
    let by_id = |id: &str| gaps.iter().find(|f| f.left == [id]).copied().unwrap();
    let enlargement = by_id("no-enlargement");
    assert_eq!(enlargement.silence, Some(negdiff::Silence::NotAddressed));
    assert!(enlargement.whole_issue);
    assert_eq!(
        enlargement.explanation,
        "not in nato's document, which does not address `enlargement`: russia's `no-enlargement` (nato must-not admit-members)"
    );
    let posture = by_id("out");
    assert_eq!(posture.silence, Some(negdiff::Silence::Silent));
    assert_eq!(
        posture.explanation,
        "nato says nothing here on russia's `out` (nato must withdraw-forces)"
    );
    assert_eq!((c.summary.silence.silent, c.summary.silence.not_addressed), (1, 1));
    // Not a gap kind of its own: counted among the gaps, shown apart.
    assert_eq!(c.summary.counts.gap, 2);
    assert!(only(&c, FindingKind::Conflict).iter().all(|f| f.silence.is_none()));
    let text = c.to_string();
    assert!(
        text.contains("2 gaps (0 on the record, 2 inferred; 1 not addressed)"),
        "{text}"
    );
    assert!(
        text.contains("GAPS: raised by russia, nato says nothing here (1)"),
        "{text}"
    );
    assert!(
        text.contains("NOT ADDRESSED: raised by russia, not in nato's document (1)"),
        "{text}"
    );
    let md = c.to_markdown();
    assert!(md.contains("### Gaps (the other side says nothing here)"), "{md}");
    assert!(
        md.contains("### Not addressed (not in the other side's document)"),
        "{md}"
    );
    // The mirror keeps the silence with the gap.
    let m = c.mirrored();
    assert_eq!(m.summary.silence, c.summary.silence);
    assert!(m
        .findings
        .iter()
        .any(|f| f.right == ["no-enlargement"] && f.silence == Some(negdiff::Silence::NotAddressed)));
}

#[test]
fn a_clause_on_an_issue_its_position_leaves_out_is_an_error() {
    let p = pos("nato", vec![Clause::new("m", "nato", May, "restore-missions")]).addressing(["posture", "postre"]);
    let Err(Error::Invalid { problems, .. }) = negdiff::validate_position(&vocab(), &p) else {
        panic!("expected errors");
    };
    let got: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        got,
        [
            "addresses[1]: unknown issue `postre`; did you mean `posture`?",
            "clauses[0].action: action `restore-missions` is in issue `channels`, which `addresses` leaves out; add `channels` to `addresses`",
        ]
    );
}

#[test]
fn a_finding_rests_on_the_weakest_basis_of_its_clauses() {
    use negdiff::Basis;
    let quoted = Clause::new("q", "nato", MustNot, "admit-members").quote("s", "no more members", None);
    let doc = Clause::new("d", "nato", May, "admit-members").from_document("s");
    let inferred = Clause::new("i", "nato", May, "admit-members").inferred("it has always said so");
    let bare = Clause::new("b", "nato", May, "admit-members");
    let basis = |l: &Clause, r: &Clause| {
        let c = cmp(&sourced("russia", vec![l.clone()]), &sourced("nato", vec![r.clone()]));
        c.findings[0].basis
    };
    assert_eq!(basis(&quoted, &quoted.clone().quote("s", "again", None)), Basis::Quoted);
    assert_eq!(basis(&quoted, &doc), Basis::Document);
    assert_eq!(basis(&quoted, &inferred), Basis::Inferred);
    assert_eq!(basis(&doc, &inferred), Basis::Inferred);
    // No evidence and no basis: nothing puts it on the record.
    assert_eq!(basis(&quoted, &bare), Basis::Inferred);
    // An explicit basis wins over evidence: a quote may support an inference.
    assert_eq!(
        basis(&quoted, &inferred.clone().quote("s", "a hint", None)),
        Basis::Inferred
    );
}

#[test]
fn the_summary_counts_each_kind_by_basis_and_text_marks_inferred_findings() {
    let a = sourced(
        "russia",
        vec![
            Clause::new("q", "nato", MustNot, "admit-members").quote("s", "no more members", None),
            Clause::new("i", "nato", Must, "withdraw-forces")
                .at(["PL"])
                .strength(Strength::RedLine)
                .inferred("read from the draft treaty"),
        ],
    );
    let b = sourced(
        "nato",
        vec![
            Clause::new("open", "nato", May, "admit-members").from_document("s"),
            Clause::new("stay", "nato", May, "deploy-forces")
                .at(["PL"])
                .quote("s", "we stay", None),
        ],
    );
    let c = cmp(&a, &b);
    let s = &c.summary;
    assert_eq!(
        (
            s.by_basis.quoted.conflict,
            s.by_basis.document.conflict,
            s.by_basis.inferred.conflict
        ),
        (0, 1, 1)
    );
    assert_eq!(s.by_basis.on_record(FindingKind::Conflict), 1);
    let text = c.to_string();
    assert!(
        text.starts_with("russia (russia test) vs nato (nato test)\n2 conflicts (1 on the record, 1 inferred; 1 on red lines), 0 agreements, 0 overlaps, 0 gaps\n"),
        "{text}"
    );
    assert!(
        text.contains("  [posture] nato deploy-forces  [red line]  [inferred]\n"),
        "{text}"
    );
    assert!(text.contains("  [enlargement] nato admit-members\n"), "{text}");
    let md = c.to_markdown();
    assert!(
        md.contains("**2** conflicts (1 on the record, 1 inferred; 1 on red lines)"),
        "{md}"
    );
    assert!(md.contains("| conflict 🔴 *(inferred)* |"), "{md}");
    let json = serde_json::to_value(&c).unwrap();
    assert_eq!(json["findings"][0]["basis"], "inferred");
    assert_eq!(json["findings"][1]["basis"], "document");
    assert_eq!(json["findings"][1]["silence"], serde_json::Value::Null);
    assert_eq!(json["summary"]["by_basis"]["inferred"]["conflict"], 1);
    assert_eq!(json["summary"]["silence"]["not_addressed"], 0);
    assert_eq!(json["on_record"], false);
}

#[test]
fn on_record_leaves_inferred_clauses_out_of_compare_matrix_and_analyzer() {
    let a = sourced(
        "russia",
        vec![
            Clause::new("q", "nato", MustNot, "admit-members").quote("s", "no more members", None),
            Clause::new("i", "nato", Must, "withdraw-forces")
                .at(["PL"])
                .inferred("read from the draft"),
            Clause::new("bare", "nato", MustNot, "deploy-missiles"),
        ],
    );
    let b = sourced(
        "nato",
        vec![
            Clause::new("open", "nato", May, "admit-members").from_document("s"),
            Clause::new("stay", "nato", May, "deploy-forces")
                .at(["PL"])
                .quote("s", "we stay", None),
        ],
    );
    let options = negdiff::CompareOptions::default().on_record(true);
    let c = negdiff::compare_with(&vocab(), &a, &b, &options).unwrap();
    assert!(c.on_record);
    let ids: Vec<&str> = c
        .findings
        .iter()
        .flat_map(|f| f.left.iter().chain(&f.right))
        .map(|n| &**n)
        .collect();
    // Findings in vocabulary issue order: `stay` alone on posture, then the enlargement conflict.
    assert_eq!(ids, ["stay", "q", "open"]);
    assert!(c.to_string().contains("on the record only: inferred clauses left out"));
    let v = vocab();
    let analyzer = negdiff::Analyzer::new(&v).unwrap().with_options(options);
    assert_eq!(analyzer.compare(&a, &b).unwrap(), c);
    let m = negdiff::compare_all_with(&vocab(), &[a.clone(), b.clone()], &options).unwrap();
    assert_eq!(m.comparisons[0], c);
    assert!(m.to_string().contains("on the record only"));
    assert!(m
        .to_markdown()
        .contains("*On the record only: inferred clauses left out.*"));
    assert_eq!(analyzer.compare_all(&[a.clone(), b.clone()]).unwrap(), m);
    // Without the option, every clause is read.
    assert_eq!(cmp(&a, &b).summary.counts.total(), 3);
}

#[test]
fn nested_groups_are_named_as_a_tree_not_expanded() {
    // 2 000 groups that each name one 500-entity group: the legend keeps each group's own
    // members and a reference to the big one, so it holds about 2 500 atom ids, not 10^6.
    let mut v = vocab();
    let big: Vec<String> = (0..500).map(|i| format!("e{i}")).collect();
    for id in &big {
        v = v.entity(id.as_str(), id.as_str(), None);
    }
    v = v.group("big", big.iter().map(String::as_str));
    for g in 0..2_000 {
        v = v.group(format!("g{g}"), [format!("e{}", g % 500), "@big".to_string()]);
    }
    let a = pos(
        "russia",
        vec![Clause::new("x", "nato", MustNot, "deploy-forces").at(["@east"])],
    );
    let b = pos(
        "nato",
        vec![Clause::new("y", "nato", May, "deploy-forces").at(["@big", "@east"])],
    );
    let c = compare(&v, &a, &b).unwrap();
    let legend = c.legend();
    let held: usize = legend.sets.iter().map(|s| s.atoms.len()).sum();
    assert!(held < 3_000, "the legend holds {held} atom ids");
    let east = legend.sets.iter().find(|s| s.label == "@east").unwrap();
    assert_eq!(
        (east.size, east.nested.as_slice()),
        (3, ["@flank".to_string()].as_slice())
    );
    // Descriptions still name the largest groups that fit, through the tree.
    let text = c.to_string();
    assert!(text.contains("all east (3)"), "{text}");
    assert!(text.contains("all big (500)"), "{text}");
}

#[test]
fn clauses_with_the_same_modality_and_scope_are_one_finding() {
    // N `must` against N `must-not` on one action and place: one conflict listing all 2N
    // clauses (not N² findings), and one gap per side at most.
    let n = 300;
    let side = |party: &str, m| {
        pos(
            party,
            (0..n)
                .map(|i| Clause::new(format!("c{i:03}"), "nato", m, "deploy-forces").at(["PL"]))
                .collect(),
        )
    };
    let c = cmp(&side("russia", MustNot), &side("nato", Must));
    assert_eq!(c.findings.len(), 1);
    let f = &c.findings[0];
    assert_eq!(f.kind, FindingKind::Conflict);
    assert_eq!((f.left.len(), f.right.len()), (n, n));
    assert_eq!(f.left[0].to_string(), "c000");
    assert!(
        f.explanation.contains("and 297 more clauses on the same scope"),
        "{}",
        f.explanation
    );
    assert_eq!(c.summary.counts.conflict, 1);
    // A different scope on one side splits the class there: the odd clause gets its own.
    let mut right = side("nato", Must);
    right.clauses[5] = Clause::new("c005", "nato", Must, "deploy-forces").at(["PL", "RO"]);
    let c = cmp(&side("russia", MustNot), &right);
    let conflicts: Vec<&Finding> = c.of_kind(FindingKind::Conflict).collect();
    assert_eq!(conflicts.len(), 2);
    assert_eq!(c.of_kind(FindingKind::Gap).count(), 1);
}

#[test]
fn check_groups_contradictions_like_compare() {
    let mut clauses: Vec<Clause> = (0..200)
        .map(|i| Clause::new(format!("m{i:03}"), "nato", Must, "deploy-forces").at(["PL"]))
        .collect();
    clauses.extend((0..200).map(|i| Clause::new(format!("n{i:03}"), "nato", MustNot, "deploy-forces").at(["PL"])));
    let report = find_contradictions(&vocab(), &pos("nato", clauses)).unwrap();
    assert_eq!(report.contradictions.len(), 1);
    let f = &report.contradictions[0];
    assert_eq!((f.left.len(), f.right.len()), (200, 200));
}
