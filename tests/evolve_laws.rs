//! Laws of evolution over random small vocabularies and positions.

use negdiff::evolution::{ChangeKind, ConflictStatus, Direction, Evolution, EvolveOptions};
use negdiff::{
    evolve, evolve_with, Basis, Clause, ClauseRef, Date, DateRange, Evidence, Modality, Position, Source, Strength,
    Vocabulary,
};
use proptest::prelude::*;
use proptest::sample::{select, subsequence};

const ENTITIES: [&str; 5] = ["e0", "e1", "e2", "e3", "e4"];
const PARTIES: [&str; 3] = ["me", "them", "third"];
const ACTIONS: [&str; 4] = ["deploy", "withdraw", "talk", "missiles"];
const WORDS: [&str; 8] = ["the", "alliance", "keeps", "forces", "out", "of", "x", "now"];
const IDS: [&str; 6] = ["c0", "c1", "c2", "c3", "c4", "c5"];

/// A small vocabulary: `e3` is part of `e0` when `nested`, and `@g` groups two entities.
fn vocabulary(nested: bool) -> Vocabulary {
    let mut v = Vocabulary::new("laws")
        .party("me", "Me")
        .party("them", "Them")
        .party("third", "Third");
    for e in ENTITIES {
        let part_of = if nested && e == "e3" { Some("e0") } else { None };
        v = v.entity(e, e.to_uppercase(), part_of);
    }
    v.group("g", ["e1", "e2"])
        .opposites("deploy", "withdraw", None)
        .action("talk", None)
        .action("missiles", Some("km"))
        .issue("forces", "Forces", ["deploy", "withdraw"])
        .issue("talks", "Talks", ["talk"])
        .issue("missiles", "Missiles", ["missiles"])
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(select(&WORDS[..]), 0..6).prop_map(|w| w.join(" "))
}

fn date(day: u32) -> Option<Date> {
    Date::from_ymd(2022, 1, day)
}

fn clause_body() -> impl Strategy<Value = Clause> {
    (
        subsequence(&PARTIES[..], 1..=2),
        select(&Modality::ALL[..]),
        select(&ACTIONS[..]),
        prop::option::of(subsequence(&["e0", "e1", "e2", "e3", "e4", "@g"][..], 1..=3)),
        prop::option::of((1u32..20, 0u32..10)),
        prop::option::of((0u32..5, prop::option::of(0u32..5))),
        select(&Strength::ALL[..]),
        prop::option::of(select(&[0.25, 0.5, 1.0][..])),
        subsequence(&["them/k1", "third/k2"][..], 0..=2),
        text(),
        (prop::bool::ANY, 0u8..4),
    )
        .prop_map(
            |(bearer, modality, action, places, when, amount, strength, weight, conds, text, (quoted, basis))| {
                let mut c = Clause::new("", bearer[0], modality, action).bearers(bearer);
                c.places = places.map(|p| p.into_iter().map(str::to_string).collect());
                c.when = when.map(|(from, len)| DateRange {
                    from: date(from),
                    until: date(from + len),
                });
                c.amount = amount.map(|(lo, w)| negdiff::AmountRange {
                    min: Some(f64::from(lo * 100)),
                    max: w.map(|w| f64::from((lo + w) * 100)),
                });
                c.strength = strength;
                c.weight = weight;
                c.conditions = conds.into_iter().filter_map(|r| r.parse::<ClauseRef>().ok()).collect();
                c.text = text;
                if quoted {
                    c.evidence.push(Evidence {
                        source: "s".into(),
                        quote: "q".into(),
                        speaker: None,
                    });
                }
                match basis {
                    1 if quoted => c.basis = Some(Basis::Quoted),
                    2 => c = c.from_document("s"),
                    3 => {
                        let why = format!("read from {}", c.action);
                        c = c.inferred(why);
                    }
                    _ => {}
                }
                c
            },
        )
}

const ISSUES: [&str; 3] = ["forces", "talks", "missiles"];

fn issue_of(action: &str) -> &'static str {
    match action {
        "deploy" | "withdraw" => "forces",
        "talk" => "talks",
        _ => "missiles",
    }
}

/// Makes a position partial: it addresses only `issues`, and its clauses on other issues go.
fn restrict(p: &mut Position, issues: Option<Vec<String>>) {
    if let Some(issues) = issues.filter(|i| !i.is_empty()) {
        p.clauses.retain(|c| issues.iter().any(|i| i == issue_of(&c.action)));
        p.addresses = Some(issues);
    }
}

/// Which issues a position addresses: every issue (`None`), or some.
fn addresses() -> impl Strategy<Value = Option<Vec<&'static str>>> {
    prop::option::weighted(0.4, subsequence(&ISSUES[..], 0..=3))
}

fn position() -> impl Strategy<Value = Position> {
    (
        prop::collection::vec(clause_body(), 0..6),
        Just(IDS.to_vec()).prop_shuffle(),
        select(&["round 1", "round 2"][..]),
        addresses(),
    )
        .prop_map(|(mut clauses, ids, label, issues)| {
            for (c, id) in clauses.iter_mut().zip(ids) {
                c.id = id.to_string();
            }
            let mut p = Position::new("me", label).source(Source::new("s", "S"));
            p.clauses = clauses;
            restrict(&mut p, issues.map(|v| v.into_iter().map(str::to_string).collect()));
            p
        })
}

/// A position and a later round of it: clauses kept, dropped, edited in one field, renamed,
/// reordered, and new ones added.
fn rounds() -> impl Strategy<Value = (Position, Position)> {
    position().prop_flat_map(|a| {
        let n = a.clauses.len();
        (
            Just(a),
            prop::collection::vec((0u8..8, clause_body()), n),
            prop::collection::vec(clause_body(), 0..3),
            Just((0..n + 2).collect::<Vec<usize>>()).prop_shuffle(),
            addresses(),
        )
            .prop_map(|(a, edits, extra, order, issues)| {
                let mut b = a.clone();
                b.label = "round 2".into();
                let mut clauses = Vec::new();
                for (c, (op, other)) in a.clauses.iter().zip(edits) {
                    let mut c = c.clone();
                    match op {
                        0 => continue,
                        1 => c.places = other.places,
                        2 => c.when = other.when,
                        3 => c.strength = other.strength,
                        4 => {
                            c.modality = other.modality;
                            c.amount = other.amount;
                        }
                        5 => c.id = format!("{}-renamed", c.id),
                        6 => c.text = other.text,
                        _ => {}
                    }
                    clauses.push(c);
                }
                for (k, mut c) in extra.into_iter().enumerate() {
                    c.id = format!("new{k}");
                    clauses.push(c);
                }
                let ordered: Vec<Clause> = order.into_iter().filter_map(|i| clauses.get(i).cloned()).collect();
                b.clauses = ordered;
                // A later round may address fewer (or other) issues; its clauses elsewhere go,
                // and the old round's clauses there are not restated.
                let issues = issues
                    .filter(|v| !v.is_empty())
                    .map(|v| v.into_iter().map(str::to_string).collect());
                restrict(&mut b, issues.or_else(|| a.addresses.clone()));
                (a, b)
            })
    })
}

/// The report without the parts that depend on how a text diff aligns ties.
fn semantic(mut e: Evolution) -> Evolution {
    e.unified_diff.clear();
    for c in &mut e.changes {
        for f in &mut c.fields {
            f.words = None;
        }
    }
    e
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn evolving_a_position_into_itself_is_empty(p in position(), nested in any::<bool>()) {
        let ev = evolve(&vocabulary(nested), &p, &p).unwrap();
        prop_assert!(ev.is_empty(), "{ev}");
        prop_assert_eq!(ev.counts.unchanged, p.clauses.len());
    }

    #[test]
    fn evolution_backwards_mirrors_evolution_forwards(a in position(), b in position(), nested in any::<bool>()) {
        let v = vocabulary(nested);
        let forward = evolve(&v, &a, &b).unwrap();
        let backward = evolve(&v, &b, &a).unwrap();
        prop_assert_eq!(semantic(forward.mirrored()), semantic(backward));
    }

    #[test]
    fn mirroring_twice_is_the_identity(a in position(), b in position()) {
        let ev = evolve(&vocabulary(true), &a, &b).unwrap();
        prop_assert_eq!(semantic(ev.mirrored().mirrored()), semantic(ev));
    }

    #[test]
    fn text_edits_alone_are_neutral(a in position(), texts in prop::collection::vec(text(), 6)) {
        let mut b = a.clone();
        for (c, t) in b.clauses.iter_mut().zip(texts) {
            c.text = t;
        }
        let ev = evolve(&vocabulary(false), &a, &b).unwrap();
        prop_assert!(ev.changes.iter().all(|c| c.direction == Direction::Neutral), "{ev}");
        prop_assert!(ev.changes.iter().all(|c| c.fields.iter().all(|f| f.field == "text")), "{ev}");
    }

    #[test]
    fn applying_the_changes_to_old_gives_new(a in position(), b in position(), threshold in 0.0f64..1.0) {
        let v = vocabulary(true);
        let ev = evolve_with(&v, &a, &b, &EvolveOptions::default().reword_threshold(threshold)).unwrap();
        prop_assert_eq!(ev.apply_to(&a).unwrap(), b);
    }

    #[test]
    fn applying_the_mirror_to_new_gives_old(a in position(), b in position()) {
        let ev = evolve(&vocabulary(false), &a, &b).unwrap();
        prop_assert_eq!(ev.mirrored().apply_to(&b).unwrap(), a);
    }

    #[test]
    fn later_rounds_mirror_and_apply((a, b) in rounds(), nested in any::<bool>()) {
        let v = vocabulary(nested);
        let forward = evolve(&v, &a, &b).unwrap();
        let backward = evolve(&v, &b, &a).unwrap();
        prop_assert_eq!(forward.apply_to(&a).unwrap(), b.clone());
        prop_assert_eq!(backward.apply_to(&b).unwrap(), a.clone());
        prop_assert_eq!(semantic(forward.mirrored()), semantic(backward));
    }

    #[test]
    fn clauses_on_issues_the_new_round_leaves_out_are_not_restated((a, b) in rounds(), nested in any::<bool>()) {
        let ev = evolve(&vocabulary(nested), &a, &b).unwrap();
        for c in &ev.changes {
            let old = c.old_index.map(|i| &a.clauses[i]);
            let new = c.new_index.map(|i| &b.clauses[i]);
            let old_alone = old.is_some_and(|o| !b.addresses_issue(issue_of(&o.action)));
            let new_alone = new.is_some_and(|n| !a.addresses_issue(issue_of(&n.action)));
            // Never dropped, never a concession: the new document says nothing either way.
            prop_assert_eq!(c.kind == ChangeKind::NotRestated, old_alone, "{}", c.summary);
            prop_assert_eq!(c.kind == ChangeKind::NewlyAddressed, new_alone, "{}", c.summary);
            if old_alone || new_alone {
                prop_assert_eq!(c.direction, Direction::Neutral);
                prop_assert!(c.old.is_none() || c.new.is_none(), "matched across an unaddressed issue: {}", c.summary);
            }
        }
        prop_assert_eq!(
            ev.counts.not_restated,
            a.clauses.iter().filter(|o| !b.addresses_issue(issue_of(&o.action))).count()
        );
        // A change of `addresses` is reported, with the issues no longer and newly addressed.
        let set = |p: &Position| ISSUES.iter().filter(|i| p.addresses_issue(i)).copied().collect::<Vec<_>>();
        let field = ev.position.iter().find(|f| f.field == "addresses");
        prop_assert_eq!(field.is_some(), a.addresses != b.addresses);
        if let Some(f) = field {
            let removed: Vec<&str> = set(&a).into_iter().filter(|i| !b.addresses_issue(i)).collect();
            let added: Vec<&str> = set(&b).into_iter().filter(|i| !a.addresses_issue(i)).collect();
            prop_assert_eq!(&f.removed, &removed);
            prop_assert_eq!(&f.added, &added);
            prop_assert_eq!(f.direction, Direction::Neutral);
        }
    }

    #[test]
    fn conflicts_on_issues_the_new_round_leaves_out_are_not_closed((a, b) in rounds(), c in position()) {
        let mut cp = c;
        cp.party = "them".into();
        // Its conditions name `them/…` clauses, which would now be its own and unknown.
        for c in &mut cp.clauses {
            c.conditions.clear();
        }
        let v = vocabulary(false);
        let ev = evolve_with(&v, &a, &b, &EvolveOptions::default().counterpart(cp)).unwrap();
        for s in &ev.counterpart.unwrap().conflicts {
            let issue = issue_of(&s.action);
            match s.status {
                ConflictStatus::Closed => prop_assert!(b.addresses_issue(issue)),
                ConflictStatus::NotRestated => prop_assert!(!b.addresses_issue(issue)),
                ConflictStatus::Opened => prop_assert!(a.addresses_issue(issue)),
                ConflictStatus::NewlyAddressed => prop_assert!(!a.addresses_issue(issue)),
                _ => {}
            }
        }
    }

    #[test]
    fn json_round_trips(a in position(), b in position()) {
        let ev = evolve(&vocabulary(true), &a, &b).unwrap();
        let back: Evolution = serde_json::from_str(&serde_json::to_string(&ev).unwrap()).unwrap();
        prop_assert_eq!(back, ev);
    }
}
