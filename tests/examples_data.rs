//! The Brussels example data through the library: the headline findings the examples print.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use negdiff::{compare, compare_all, format, Basis, Comparison, Finding, FindingKind, Interval, Silence, Vocabulary};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data").join(name)
}

#[track_caller]
fn brussels() -> (Vocabulary, Comparison) {
    let files = [
        data("russia-2022-01-12-brussels.toml"),
        data("nato-2022-01-12-brussels.toml"),
    ];
    let (v, ps) = format::load_set(&files, None).unwrap_or_else(|e| panic!("{e}"));
    let c = compare(&v, &ps[0], &ps[1]).unwrap();
    (v, c)
}

#[track_caller]
fn find<'a>(c: &'a Comparison, kind: FindingKind, left: &str, right: &str, bearer: &str) -> &'a Finding {
    c.findings
        .iter()
        .find(|f| {
            f.kind == kind
                && f.bearer == bearer
                && f.left.iter().any(|x| x == left)
                && (right.is_empty() && f.right.is_empty() || f.right.iter().any(|x| x == right))
        })
        .unwrap_or_else(|| panic!("no {kind} between `{left}` and `{right}` on `{bearer}`:\n{c}"))
}

fn places(f: &Finding) -> BTreeSet<String> {
    f.scope
        .iter()
        .flat_map(|b| b.places.iter().map(|p| p.to_string()))
        .collect()
}

fn set(xs: &[&str]) -> BTreeSet<String> {
    xs.iter().map(|s| s.to_string()).collect()
}

#[test]
fn open_door_is_a_conflict_of_red_lines() {
    let (_, c) = brussels();
    let f = find(&c, FindingKind::Conflict, "art6-no-enlargement", "open-door", "nato");
    assert_eq!(f.action, "admit-members");
    assert_eq!(f.red_lines, 2);
    // NATO's open door is for the European states outside NATO; Russia bans all enlargement.
    let expected = set(&[
        "FI",
        "SE",
        "BY",
        "MD",
        "UA",
        "AM",
        "AZ",
        "GE",
        "crimea",
        "donbas",
        "abkhazia",
        "south-ossetia",
        "transnistria",
    ]);
    assert_eq!(places(f), expected);
    // Both red lines are quoted: the clash is on the record.
    assert_eq!(f.basis, Basis::Quoted);
    assert!(c.summary.double_red_line_conflicts >= 2);
}

#[test]
fn the_right_to_choose_meets_the_ban_on_ukraine() {
    let (_, c) = brussels();
    // Ukraine joining is NATO admitting Ukraine: a conflict of red lines, not a gap.
    let f = find(
        &c,
        FindingKind::Conflict,
        "no-post-soviet-members",
        "right-to-choose",
        "nato",
    );
    assert_eq!(f.action, "admit-members");
    assert_eq!(f.red_lines, 2);
    assert_eq!(f.basis, Basis::Quoted);
    assert_eq!(places(f), set(&["UA", "crimea", "donbas"]));
    assert!(
        f.explanation.contains("read as nato may admit-members at Ukraine"),
        "{}",
        f.explanation
    );
    assert!(
        !c.findings
            .iter()
            .any(|g| g.kind == FindingKind::Gap && g.right == ["right-to-choose"]),
        "{c}"
    );
}

#[test]
fn no_finding_on_admitting_a_current_member_russia_or_elsewhere() {
    let (v, c) = brussels();
    let members: BTreeSet<String> = v
        .entities
        .iter()
        .map(|e| e.id.clone())
        .filter(|id| {
            v.groups["nato-members"]
                .iter()
                .chain(v.groups["nato-1997"].iter())
                .chain(v.groups["joined-after-1997"].iter())
                .chain(v.groups["eastern-flank"].iter())
                .chain(v.groups["nato-1997-europe"].iter())
                .any(|m| m == id)
        })
        .chain(["RU".to_string(), "*".to_string()])
        .collect();
    assert!(members.contains("PL") && members.contains("US"));
    let admit: Vec<&Finding> = c.findings.iter().filter(|f| f.action == "admit-members").collect();
    assert!(!admit.is_empty());
    for f in admit {
        assert!(places(f).is_disjoint(&members), "{f:?}");
    }
}

#[test]
fn forces_in_the_eastern_allies_clash_exactly_on_the_bucharest_nine() {
    let (_, c) = brussels();
    let f = find(
        &c,
        FindingKind::Conflict,
        "art4-no-forces-beyond-1997",
        "eastern-presence",
        "nato",
    );
    assert_eq!(f.action, "deploy-forces");
    assert_eq!(f.left_norm, Some(negdiff::Modality::MustNot)); // must withdraw = must not deploy
    assert_eq!(places(f), set(&["BG", "CZ", "EE", "HU", "LV", "LT", "PL", "RO", "SK"]));
    // One statement, one scope: "eastern allies" and "the eastern part of the alliance" leave no
    // artefact gap on either side.
    assert!(
        !c.findings.iter().any(|g| g.kind == FindingKind::Gap
            && (g.left == ["art4-no-forces-beyond-1997"] || g.right == ["eastern-presence"])),
        "{c}"
    );
}

#[test]
fn the_offer_of_talks_is_declined_for_now() {
    let (_, c) = brussels();
    let f = find(
        &c,
        FindingKind::Conflict,
        "not-ready-for-talks",
        "series-of-meetings",
        "russia",
    );
    assert_eq!(f.action, "hold-talks");
    assert_eq!(f.red_lines, 0);
    // "Not ready ... at this stage": bounded by the week of talks, not for ever.
    let when = f.scope[0].when.unwrap();
    assert_eq!(
        (when.min.unwrap().to_string(), when.max.unwrap().to_string()),
        ("2022-01-12".to_string(), "2022-01-13".to_string())
    );
    // Nothing on holding talks is common ground.
    assert!(!c
        .findings
        .iter()
        .any(|g| matches!(g.kind, FindingKind::Agreement | FindingKind::Overlap) && g.action == "hold-talks"));
}

#[test]
fn russian_forces_in_georgia_moldova_and_ukraine() {
    let (_, c) = brussels();
    let crimea = c
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::Conflict && f.left == ["keep-forces-crimea"] && f.right == ["russia-withdraw"])
        .unwrap();
    assert_eq!(places(crimea), set(&["crimea"]));
    let regions = c
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::Conflict && f.left == ["keep-peacekeepers"])
        .unwrap();
    assert_eq!(places(regions), set(&["abkhazia", "south-ossetia", "transnistria"]));
    let rest = c
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::Gap && f.right == ["russia-withdraw"])
        .unwrap();
    assert_eq!(places(rest), set(&["UA", "donbas", "GE", "MD"]));
}

#[test]
fn common_ground_on_the_missions() {
    let (_, c) = brussels();
    for bearer in ["nato", "russia"] {
        let f = find(
            &c,
            FindingKind::Agreement,
            "restore-missions",
            "restore-missions",
            bearer,
        );
        assert_eq!(f.action, "restore-missions");
        assert_eq!(places(f), set(&["BE", "RU"]));
        // The article reports the shared interest without a quote: on the record, as a document.
        assert_eq!(f.basis, Basis::Document);
    }
    let v = c.issues.iter().find(|v| v.issue == "diplomatic-channels").unwrap();
    assert_eq!(v.counts.agreement, 2);
}

#[test]
fn the_missile_offer_is_talks_on_reciprocal_limits() {
    let (_, c) = brussels();
    for bearer in ["nato", "russia"] {
        // Russia demands a ban; NATO offers talks on limits binding both sides: compatible,
        // Russia asks more, and only inside the band Russia's draft names.
        let f = find(
            &c,
            FindingKind::Overlap,
            "art5-no-intermediate-missiles",
            "missile-limits",
            bearer,
        );
        assert_eq!(f.action, "deploy-missiles");
        assert_eq!(f.conditions, ["nato/series-of-meetings"]);
        assert_eq!(f.scope[0].amount, Some(Interval::closed(Some(500.0), Some(5500.0))));
    }
    assert!(!c
        .findings
        .iter()
        .any(|f| f.kind == FindingKind::Agreement && f.action == "deploy-missiles"));
}

#[test]
fn what_each_side_leaves_unaddressed() {
    let (_, c) = brussels();
    assert!(c.summary.issues_only_right.contains(&"sovereignty".to_string()));
    assert!(c.summary.issues_only_left.contains(&"exercises".to_string()));
    let g = c
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::Gap && f.right == ["respect-sovereignty"])
        .unwrap();
    assert!(g.whole_issue);
}

#[test]
fn the_text_report_leads_with_red_line_conflicts() {
    let (_, c) = brussels();
    let text = c.to_string();
    let conflicts = text.find("CONFLICTS").unwrap();
    let common = text.find("COMMON GROUND").unwrap();
    let gaps = text.find("GAPS").unwrap();
    assert!(conflicts < common && common < gaps);
    assert!(text.contains("[RED LINES ON BOTH SIDES]"));
    assert!(text.contains("where: all eastern-flank (9)"));
    assert!(text.contains("evidence for `open-door`"));
}

#[test]
fn three_venues_map_who_clashes_on_enlargement() {
    let files = [
        data("russia-2022-01-12-brussels.toml"),
        data("nato-2022-01-12-brussels.toml"),
        data("us-2022-01-26-reply.toml"),
    ];
    let (v, ps) = format::load_set(&files, None).unwrap();
    let m = compare_all(&v, &ps).unwrap();
    let e = m.issues.iter().find(|i| i.issue == "enlargement").unwrap();
    assert_eq!(e.conflict, [(0, 1), (0, 2)]);
    assert_eq!(e.agree, [(1, 2)]);
}

#[test]
fn no_package_on_12_january_enlargement_blocks_it() {
    let files = [
        data("russia-2022-01-12-brussels.toml"),
        data("nato-2022-01-12-brussels.toml"),
    ];
    let (v, ps) = format::load_set(&files, None).unwrap();
    let r = negdiff::bargain::analyze_positions(&v, &ps).unwrap();
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["zone_size"], 0);
    let blocking: Vec<Vec<String>> = serde_json::from_value(json["blocking_red_lines"].clone()).unwrap();
    // Every blocking set is one of Russia's enlargement red lines against one of NATO's.
    for set in &blocking {
        assert_eq!(set.len(), 2, "{blocking:?}");
        assert!(["russia/art6-no-enlargement", "russia/no-post-soviet-members"].contains(&set[0].as_str()));
        assert!(["nato/open-door", "nato/right-to-choose"].contains(&set[1].as_str()));
    }
    assert_eq!(blocking.len(), 4);
}

fn example_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_example_file_checks_clean() {
    let files = example_files();
    assert_eq!(files.len(), 7);
    // The article is not part of the repository and tests do not read it: a stand-in text
    // holding every quote lets `check` run every other rule. That the quotes are verbatim is
    // what `negdiff check examples/data/*.toml` shows with the article beside the clone.
    let mut quotes = String::new();
    for f in files.iter().filter(|f| !f.ends_with("vocabulary.toml")) {
        let (_, ps) = format::load_set(std::slice::from_ref(f), None).unwrap();
        for c in &ps[0].clauses {
            for q in &c.evidence {
                quotes.push_str(&q.quote);
                quotes.push('\n');
            }
        }
    }
    let outcome = format::Checker::new()
        .source_text("sputnik-2022-01-12", quotes)
        .run(&files);
    assert_eq!((outcome.errors(), outcome.warnings()), (0, 0), "{outcome}");
}

/// The README's excerpt of `cargo run --example brussels` is literal: every line of it that is
/// not `...` is a line the example prints, in the same order (`...` stands for lines left out).
#[test]
fn the_readme_excerpt_is_what_the_brussels_example_prints() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme
        .find("The first prints")
        .and_then(|i| readme[i..].find("```text\n").map(|j| i + j + "```text\n".len()))
        .expect("the README shows what the Brussels example prints in a ```text block");
    let end = start + readme[start..].find("```").unwrap();
    let excerpt: Vec<&str> = readme[start..end].lines().collect();
    assert!(
        excerpt.iter().filter(|l| l.trim() != "...").count() >= 10,
        "{excerpt:?}"
    );
    // What examples/brussels.rs prints.
    let (_, c) = brussels();
    let printed = format!("{c}\n");
    let mut lines = printed.lines();
    for want in excerpt.iter().filter(|l| l.trim() != "...") {
        assert!(
            lines.any(|got| got == *want),
            "README line not printed by the example (or out of order):\n{want}\n\nthe example prints:\n{printed}"
        );
    }
}

#[test]
fn the_markdown_report_keeps_the_evidence_quotes() {
    let (_, c) = brussels();
    let md = c.to_markdown();
    assert!(md.contains("| evidence |"), "{md}");
    assert!(
        md.contains("`open-door`: \"Allies on their side reaffirmed NATO's open door policy\" (Jens Stoltenberg) \\[sputnik-2022-01-12\\]"),
        "{md}"
    );
    // One count is written one way: a single overlap is "1 overlap".
    assert!(
        !md.contains("**1** overlaps") && !md.contains("**1** conflicts"),
        "{md}"
    );
}

#[test]
fn no_inferred_finding_is_counted_as_on_the_record() {
    let (_, c) = brussels();
    let inferred_clauses = ["keep-forces-crimea", "keep-peacekeepers"];
    for f in &c.findings {
        let rests_on_inference = f
            .left
            .iter()
            .chain(f.right.iter())
            .any(|id| inferred_clauses.contains(&id.as_str()));
        assert_eq!(rests_on_inference, f.basis == Basis::Inferred, "{f:?}");
    }
    // Russia's answer on its forces abroad is our reading: a conflict, marked inferred, and no
    // red line.
    for id in inferred_clauses {
        let f = find(&c, FindingKind::Conflict, id, "russia-withdraw", "russia");
        assert_eq!((f.basis, f.red_lines), (Basis::Inferred, 0));
    }
    let by = &c.summary.by_basis;
    let on_record = c
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::Conflict && f.basis != Basis::Inferred)
        .count();
    assert_eq!(by.on_record(FindingKind::Conflict), on_record);
    assert_eq!(by.inferred.conflict, 2);
    assert!(
        c.to_string()
            .contains("8 conflicts (6 on the record, 2 inferred; 5 on red lines)"),
        "{c}"
    );
    // Read on the record only, the inferred conflicts are gone and nothing else changes.
    let files = [
        data("russia-2022-01-12-brussels.toml"),
        data("nato-2022-01-12-brussels.toml"),
    ];
    let (v, ps) = format::load_set(&files, None).unwrap();
    let record =
        negdiff::compare_with(&v, &ps[0], &ps[1], &negdiff::CompareOptions::default().on_record(true)).unwrap();
    assert_eq!(record.summary.counts.conflict, 6);
    assert!(record.findings.iter().all(|f| f.basis != Basis::Inferred));
}

#[test]
fn silence_on_an_issue_nato_does_not_address_is_not_an_answer() {
    let (_, c) = brussels();
    // NATO's statement of 12 January does not address exercises: not in its document.
    let g = c
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::Gap && f.left == ["art7-exercise-zone"])
        .unwrap();
    assert_eq!(g.silence, Some(Silence::NotAddressed));
    // It does address force posture: there its silence on Russia's art. 7 is silence.
    let g = find(&c, FindingKind::Gap, "art7-no-activity-post-soviet", "", "nato");
    assert_eq!(g.silence, Some(Silence::Silent));
}

/// Every clause of every example position either quotes its source or says what it rests on:
/// a document among its position's sources, or the analyst's reading with a rationale.
#[test]
fn every_clause_has_evidence_or_an_explicit_basis() {
    for f in example_files().iter().filter(|f| !f.ends_with("vocabulary.toml")) {
        let (_, ps) = format::load_set(std::slice::from_ref(f), None).unwrap();
        let p = &ps[0];
        for c in &p.clauses {
            let at = format!("{}: `{}`", f.display(), c.id);
            match c.basis {
                None => assert!(!c.evidence.is_empty(), "{at}: no evidence and no basis"),
                Some(Basis::Document) => {
                    let source = c.source.as_deref().unwrap_or_default();
                    assert!(p.sources.iter().any(|s| s.id == source), "{at}: source `{source}`");
                    assert!(c.evidence.is_empty(), "{at}: quoted and document at once");
                }
                Some(Basis::Inferred) => {
                    assert!(c.rationale.as_deref().is_some_and(|r| r.len() > 40), "{at}");
                    assert!(c.evidence.is_empty(), "{at}: quoted and inferred at once");
                    assert_ne!(c.strength, negdiff::Strength::RedLine, "{at}: an inferred red line");
                }
                Some(other) => panic!("{at}: basis {other}"),
            }
        }
        // Each position says which issues it addresses.
        assert!(p.addresses.is_some(), "{}", f.display());
    }
}

/// The sources beside the clone lie outside the positions' folder: without `--allow-path`
/// each is refused at its place, and never read.
#[test]
fn example_sources_outside_the_folder_are_refused_without_permission() {
    let files = example_files();
    let refused = format::check_files(&files);
    let errors: Vec<String> = refused
        .diagnostics
        .iter()
        .filter(|d| d.severity == format::Severity::Error)
        .map(ToString::to_string)
        .collect();
    assert!(!errors.is_empty());
    assert!(
        errors
            .iter()
            .all(|e| e.contains(".path: path `../../../shared/seed/")
                && e.contains("leads outside the folder of this file")),
        "{errors:#?}"
    );
}
