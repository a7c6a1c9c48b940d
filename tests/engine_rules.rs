//! One test per rule of the comparison semantics, on small hand-made positions.

use negdiff::{
    check, compare, compare_all, Clause, Comparison, Date, Error, Finding, Interval, Kind, Modality::*, Position,
    Problem, Strength, Verdict, Vocabulary,
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
fn only(c: &Comparison, kind: Kind) -> Vec<&Finding> {
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
    use Kind::*;
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
        assert_eq!(Kind::relate(a, b), k, "{a} vs {b}");
        assert_eq!(Kind::relate(b, a), k, "{b} vs {a}");
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
    let conflicts = only(&c, Kind::Conflict);
    assert_eq!(conflicts.len(), 1);
    let f = conflicts[0];
    assert_eq!(f.action, "deploy-forces");
    assert_eq!(f.left_norm, Some(MustNot));
    assert_eq!(f.right_norm, Some(May));
    assert_eq!(places(f), ["PL", "RO"]);
    // NATO's permission also covers Hungary, which Russia's demand does not: a gap on NATO's side.
    let gaps = only(&c, Kind::Gap);
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
    let conflict = only(&c, Kind::Conflict);
    assert_eq!(places(conflict[0]), ["crimea"]);
    let gap = only(&c, Kind::Gap);
    assert_eq!(gap.len(), 1);
    // The rest of Ukraine: its own atom and the Donbas, exactly.
    assert_eq!(places(gap[0]), ["UA", "donbas"]);
}

#[test]
fn amount_gaps_have_open_ends() {
    let a = pos(
        "russia",
        vec![Clause::new("ban", "nato", MustNot, "deploy-missiles").amount(Some(500.0), Some(5500.0))],
    );
    let b = pos(
        "nato",
        vec![Clause::new("limit", "nato", MustNot, "deploy-missiles").amount(None, Some(1000.0))],
    );
    let c = cmp(&a, &b);
    let agree = only(&c, Kind::Agreement);
    assert_eq!(
        agree[0].scope[0].amount,
        Some(Interval::closed(Some(500.0), Some(1000.0)))
    );
    assert_eq!(agree[0].size.amount_width, Some(500.0));
    let gaps = only(&c, Kind::Gap);
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
    assert_eq!(
        right_gap.scope[0].amount,
        Some(Interval {
            min: None,
            max: Some(500.0),
            min_inclusive: false,
            max_inclusive: false
        })
    );
}

#[test]
fn time_windows_meet_on_their_intersection_and_gaps_close_on_days() {
    let a = pos(
        "russia",
        vec![Clause::new("talks", "russia", MustNot, "restore-missions").during(Some(d("2022-01-10")), None)],
    );
    let b = pos(
        "nato",
        vec![Clause::new("reopen", "russia", May, "restore-missions").during(None, Some(d("2022-01-20")))],
    );
    let c = cmp(&a, &b);
    let conflict = only(&c, Kind::Conflict);
    assert_eq!(
        conflict[0].scope[0].when,
        Some(Interval::closed(Some(d("2022-01-10")), Some(d("2022-01-20"))))
    );
    assert_eq!(conflict[0].size.days, Some(11));
    let gaps = only(&c, Kind::Gap);
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
    let agree = only(&c, Kind::Agreement);
    assert_eq!(agree.len(), 1);
    assert_eq!(agree[0].bearer, "russia");
    let gap = only(&c, Kind::Gap);
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
    let gap = only(&c, Kind::Gap);
    assert_eq!(gap.len(), 1);
    assert!(gap[0].whole_issue);
    assert_eq!(c.summary.issues_only_left, ["missiles"]);
    assert!(c.summary.issues_only_right.is_empty());
    assert!(
        gap[0].explanation.contains("does not address the issue `missiles`"),
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
    let f = only(&c, Kind::Conflict)[0];
    assert_eq!(f.red_lines, 2);
    assert_eq!(f.conditions, ["russia/no"]);
    assert_eq!(c.summary.red_line_conflicts, 1);
    assert_eq!(c.summary.double_red_line_conflicts, 1);
    let g = c.findings.iter().find(|f| f.right == ["other"]).unwrap();
    assert_eq!(g.conditions, ["nato/open"]);
    let soft = pos("nato", vec![Clause::new("open", "nato", May, "admit-members")]);
    let c2 = cmp(&a, &soft);
    assert_eq!(only(&c2, Kind::Conflict)[0].red_lines, 1);
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
    assert_eq!(only(&c, Kind::Conflict)[0].size.entities, 3);
    assert_eq!(only(&c, Kind::Conflict)[0].size.days, None);
    assert_eq!(only(&c, Kind::Gap)[0].size.entities, 3);
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
    let r = check(&vocab(), &p).unwrap();
    assert_eq!(r.contradictions.len(), 1);
    assert_eq!(r.contradictions[0].left, ["a"]);
    assert_eq!(r.contradictions[0].right, ["b"]);
    assert_eq!(places(&r.contradictions[0]), ["RO"]);
    assert!(!r.is_consistent());
    assert!(r.to_string().contains("1 internal contradictions"));
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
    v.actions.push(negdiff::Action {
        id: "x".into(),
        opposite: Some("admit-members".into()),
        unit: None,
    });
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
            "actions[5].opposite: `x` names `admit-members` as its opposite, but `admit-members` names none",
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
                .during(Some(d("2022-02-01")), Some(d("2022-01-01")))
                .amount(Some(5.0), Some(1.0))
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
    assert_eq!(places(only(&c, Kind::Conflict)[0]), ["site-2"]);
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
    .source("src", "A source");
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
        "GAPS: raised by russia, unaddressed by nato (1)",
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
    assert!(md.contains("| conflict 🔴 🔴 |"), "{md}");
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
        vec![Clause::new("b", "nato", May, "deploy-forces").during(None, Some(d("9999-12-31")))],
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
    .source("s", "S");
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
    assert_eq!(f.kind, Kind::Conflict);
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
    let conflicts: Vec<&Finding> = c.of_kind(Kind::Conflict).collect();
    assert_eq!(conflicts.len(), 2);
    assert_eq!(c.of_kind(Kind::Gap).count(), 1);
}

#[test]
fn check_groups_contradictions_like_compare() {
    let mut clauses: Vec<Clause> = (0..200)
        .map(|i| Clause::new(format!("m{i:03}"), "nato", Must, "deploy-forces").at(["PL"]))
        .collect();
    clauses.extend((0..200).map(|i| Clause::new(format!("n{i:03}"), "nato", MustNot, "deploy-forces").at(["PL"])));
    let report = check(&vocab(), &pos("nato", clauses)).unwrap();
    assert_eq!(report.contradictions.len(), 1);
    let f = &report.contradictions[0];
    assert_eq!((f.left.len(), f.right.len()), (200, 200));
}
