//! One test per direction rule (see the tables in the module docs), and the alignment kinds.

use super::entry::{evolve, evolve_with};
use super::*;
use crate::model::{Clause, Modality::*, Position, Strength, Vocabulary};
use crate::report::evolution::{render_diff, render_markdown, render_text};

fn vocab() -> Vocabulary {
    Vocabulary::new("t")
        .party("me", "Me")
        .party("them", "Them")
        .party("third", "Third")
        .entity("x", "X", None)
        .entity("x-east", "East X", Some("x"))
        .entity("y", "Y", None)
        .entity("z", "Z", None)
        .opposites("deploy", "withdraw", None)
        .action("missiles", Some("km"))
        .action("talk", None)
        .issue("forces", "Forces", ["deploy", "withdraw"])
        .issue("missiles", "Missiles", ["missiles"])
        .issue("talks", "Talks", ["talk"])
}

fn pos(clauses: Vec<Clause>) -> Position {
    let mut p = Position::new("me", "round");
    p.clauses = clauses;
    p
}

fn demand() -> Clause {
    Clause::new("c", "them", MustNot, "deploy").at(["x", "y"])
}

fn own() -> Clause {
    Clause::new("c", "me", MustNot, "deploy").at(["x", "y"])
}

/// Evolves one clause into another and checks the overall direction, the apply law and the
/// mirror law on the way.
fn dir(old: Vec<Clause>, new: Vec<Clause>) -> Direction {
    let (o, n) = (pos(old), pos(new));
    let ev = evolve(&vocab(), &o, &n).unwrap();
    assert_eq!(ev.apply_to(&o).unwrap(), n, "apply law");
    let back = evolve(&vocab(), &n, &o).unwrap();
    let strip = |mut e: Evolution| {
        e.unified_diff.clear();
        for c in &mut e.changes {
            for f in &mut c.fields {
                f.words = None;
            }
        }
        e
    };
    assert_eq!(strip(ev.mirrored()), strip(back), "mirror law");
    Direction::combine(ev.changes.iter().map(|c| c.direction))
}

fn one(old: Clause, new: Clause) -> Direction {
    dir(vec![old], vec![new])
}

#[test]
fn demand_on_another_party_narrowed_is_a_concession() {
    assert_eq!(one(demand(), demand().at(["x"])), Direction::Concession);
}

#[test]
fn demand_on_another_party_widened_is_a_hardening() {
    assert_eq!(one(demand(), demand().at(["x", "y", "z"])), Direction::Hardening);
}

#[test]
fn demand_moved_to_other_places_is_mixed() {
    assert_eq!(one(demand(), demand().at(["x", "z"])), Direction::Mixed);
}

#[test]
fn demand_dropped_is_a_concession_and_added_a_hardening() {
    assert_eq!(dir(vec![demand()], vec![]), Direction::Concession);
    assert_eq!(dir(vec![], vec![demand()]), Direction::Hardening);
}

#[test]
fn obligation_on_another_party_softened_to_a_permission_is_a_concession() {
    let mut soft = demand();
    soft.modality = NeedNot;
    assert_eq!(one(demand(), soft.clone()), Direction::Concession);
    assert_eq!(one(soft, demand()), Direction::Hardening);
}

#[test]
fn permission_for_another_party_turned_into_a_ban_is_a_hardening() {
    let mut may = demand();
    may.modality = May;
    assert_eq!(one(may, demand()), Direction::Hardening);
}

#[test]
fn reversed_obligation_is_mixed() {
    let mut must = demand();
    must.modality = Must;
    assert_eq!(one(demand(), must), Direction::Mixed);
}

#[test]
fn the_same_norm_through_the_opposite_action_is_neutral() {
    let mut w = demand();
    w.modality = Must;
    w.action = "withdraw".into();
    assert_eq!(one(demand(), w), Direction::Neutral);
}

#[test]
fn own_commitment_widened_is_a_concession_and_narrowed_a_hardening() {
    assert_eq!(one(own(), own().at(["x", "y", "z"])), Direction::Concession);
    assert_eq!(one(own(), own().at(["y"])), Direction::Hardening);
}

#[test]
fn own_obligation_softened_to_a_permission_is_a_hardening() {
    let mut soft = own();
    soft.modality = NeedNot;
    assert_eq!(one(own(), soft), Direction::Hardening);
}

#[test]
fn own_commitment_added_is_a_concession() {
    assert_eq!(dir(vec![], vec![own()]), Direction::Concession);
}

#[test]
fn own_claimed_permission_narrowed_is_a_concession() {
    let claim = Clause::new("c", "me", May, "deploy").at(["x", "y"]);
    assert_eq!(one(claim.clone(), claim.clone().at(["x"])), Direction::Concession);
    assert_eq!(dir(vec![], vec![claim]), Direction::Hardening);
}

#[test]
fn permission_defended_for_a_third_party_narrowed_is_a_concession() {
    let right = Clause::new("c", "third", May, "deploy").at(["x", "y"]);
    assert_eq!(one(right.clone(), right.at(["y"])), Direction::Concession);
}

#[test]
fn offer_added_is_a_concession_and_dropped_a_hardening() {
    let offer = Clause::new("c", "them", May, "talk").strength(Strength::Offer);
    assert_eq!(dir(vec![], vec![offer.clone()]), Direction::Concession);
    assert_eq!(dir(vec![offer], vec![]), Direction::Hardening);
}

#[test]
fn offer_widened_is_a_concession() {
    let offer = Clause::new("c", "them", May, "deploy")
        .at(["x"])
        .strength(Strength::Offer);
    assert_eq!(one(offer.clone(), offer.at(["x", "y"])), Direction::Concession);
}

#[test]
fn demand_turned_into_an_offer_is_a_concession() {
    let d = Clause::new("c", "them", May, "talk");
    assert_eq!(one(d.clone(), d.strength(Strength::Offer)), Direction::Concession);
}

#[test]
fn red_line_lowered_is_a_concession_and_raised_a_hardening() {
    let red = demand().strength(Strength::RedLine);
    assert_eq!(one(red.clone(), demand()), Direction::Concession);
    assert_eq!(one(demand(), red), Direction::Hardening);
}

#[test]
fn weight_raised_on_a_demand_is_a_hardening() {
    assert_eq!(one(demand(), demand().weight(1.0)), Direction::Hardening);
    assert_eq!(one(demand(), demand().weight(0.75)), Direction::Neutral);
}

#[test]
fn condition_attached_to_an_own_claim_is_a_concession() {
    let claim = Clause::new("c", "me", May, "deploy");
    let other = Clause::new("d", "them", MustNot, "missiles");
    assert_eq!(
        dir(vec![claim.clone(), other.clone()], vec![claim.given("d"), other]),
        Direction::Concession
    );
}

#[test]
fn condition_attached_to_an_own_commitment_is_a_hardening() {
    let other = Clause::new("d", "them", MustNot, "missiles");
    assert_eq!(
        dir(vec![own(), other.clone()], vec![own().given("d"), other]),
        Direction::Hardening
    );
}

#[test]
fn bearer_added_to_a_demand_is_a_hardening() {
    let both = demand().bearers(["them", "third"]);
    assert_eq!(one(demand(), both), Direction::Hardening);
}

#[test]
fn reciprocal_clause_widened_is_mixed() {
    let recip = demand().bearers(["them", "me"]);
    assert_eq!(one(recip.clone(), recip.at(["x", "y", "z"])), Direction::Mixed);
}

#[test]
fn time_window_narrowed_reports_days() {
    let old = demand().during(crate::date!("2022-01-01")..=crate::date!("2022-01-31"));
    let new = demand().during(crate::date!("2022-01-01")..=crate::date!("2022-01-10"));
    let ev = evolve(&vocab(), &pos(vec![old.clone()]), &pos(vec![new.clone()])).unwrap();
    let f = ev.changes[0].field("when").unwrap();
    assert_eq!(f.direction, Direction::Concession);
    let s = f.size.as_ref().unwrap();
    assert_eq!((s.before, s.after), (Some(31.0), Some(10.0)));
    assert_eq!(one(old, new), Direction::Concession);
}

#[test]
fn amount_widened_reports_width_and_unit() {
    let old = Clause::new("c", "them", MustNot, "missiles").amount(500.0..=1000.0);
    let new = Clause::new("c", "them", MustNot, "missiles").amount(500.0..);
    let ev = evolve(&vocab(), &pos(vec![old.clone()]), &pos(vec![new.clone()])).unwrap();
    let f = ev.changes[0].field("amount").unwrap();
    assert_eq!(f.direction, Direction::Hardening);
    let s = f.size.as_ref().unwrap();
    assert_eq!((s.before, s.after, s.unit.as_deref()), (Some(500.0), None, Some("km")));
    assert_eq!(one(old, new), Direction::Hardening);
}

#[test]
fn scope_sizes_count_whole_entities() {
    let ev = evolve(&vocab(), &pos(vec![demand()]), &pos(vec![demand().at(["x-east", "y"])])).unwrap();
    let f = ev.changes[0].field("where").unwrap();
    assert_eq!(f.removed, vec!["x".to_string()], "x's own atom is what is left of x");
    let s = f.size.as_ref().unwrap();
    assert_eq!((s.before, s.after), (Some(2.0), Some(2.0)));
    assert_eq!(f.explanation, "narrowed the demand from 2 places to 2; removed X");
}

#[test]
fn text_and_evidence_changes_are_neutral() {
    let new = demand().text("new words").quote("s", "q", None);
    let mut n = pos(vec![new]);
    n.sources.push(crate::model::Source {
        id: "s".into(),
        title: "S".into(),
        publisher: None,
        date: None,
        path: None,
    });
    let o = pos(vec![demand()]);
    let ev = evolve(&vocab(), &o, &n).unwrap();
    assert!(ev.changes.iter().all(|c| c.direction == Direction::Neutral));
    assert_eq!(ev.position[0].field, "sources");
    assert_eq!(ev.apply_to(&o).unwrap(), n);
}

#[test]
fn added_dropped_reworded_and_moved() {
    let a = Clause::new("a", "them", MustNot, "deploy").text("them keep out of x and y");
    let b = Clause::new("b", "them", May, "talk").text("talks are welcome");
    let c = Clause::new("c", "them", MustNot, "missiles").text("no missiles anywhere");
    let d = Clause::new("d", "me", May, "talk").text("we may talk");
    let old = pos(vec![a.clone(), b.clone(), c.clone()]);
    let mut a2 = a.clone().text("them keep out of x and y at all times");
    a2.id = "a-renamed".into();
    let new = pos(vec![b.clone(), c.clone(), a2, d]);
    let ev = evolve(&vocab(), &old, &new).unwrap();
    let kinds: Vec<(ChangeKind, Option<&str>, Option<&str>)> = ev
        .changes
        .iter()
        .map(|c| (c.kind, c.old.as_deref(), c.new.as_deref()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (ChangeKind::Reworded, Some("a"), Some("a-renamed")),
            (ChangeKind::Added, None, Some("d")),
        ]
    );
    assert!(ev.changes[0].moved);
    assert_eq!(ev.counts.unchanged, 2);
    assert_eq!(ev.apply_to(&old).unwrap(), new);
    // With a strict threshold the renamed clause is dropped and added instead.
    let strict = evolve_with(&vocab(), &old, &new, &EvolveOptions::default().reword_threshold(0.95)).unwrap();
    assert_eq!(strict.counts.added, 2);
    assert_eq!(strict.counts.dropped, 1);
    assert_eq!(strict.changes.last().map(|c| c.kind), Some(ChangeKind::Dropped));
    assert_eq!(strict.apply_to(&old).unwrap(), new);
    // A clause moved to the top, unchanged otherwise.
    let moved = pos(vec![c.clone(), a.clone(), b.clone()]);
    let ev = evolve(&vocab(), &old, &moved).unwrap();
    assert_eq!(ev.changes.len(), 1);
    assert_eq!(
        (ev.changes[0].kind, ev.changes[0].new.as_deref()),
        (ChangeKind::Moved, Some("c"))
    );
    assert_eq!(ev.changes[0].direction, Direction::Neutral);
    assert_eq!(ev.apply_to(&old).unwrap(), moved);
}

#[test]
fn positions_of_two_parties_are_refused() {
    let mut other = pos(vec![]);
    other.party = "them".into();
    let e = evolve(&vocab(), &pos(vec![]), &other).unwrap_err();
    assert!(e.to_string().contains("same party"), "{e}");
}

#[test]
fn json_has_the_documented_shape() {
    let old = pos(vec![demand()]);
    let mut o2 = own();
    o2.id = "o".into();
    let new = pos(vec![demand().at(["x"]), o2]);
    let ev = evolve(&vocab(), &old, &new).unwrap();
    let j = serde_json::to_value(&ev).unwrap();
    assert_eq!(j["party"], "me");
    let c0 = &j["changes"][0];
    assert_eq!(c0["kind"], "modified");
    assert_eq!(c0["old"], "c");
    assert_eq!(c0["new"], "c");
    assert_eq!(c0["direction"], "concession");
    let f = &c0["fields"][0];
    assert_eq!(f["field"], "where");
    assert_eq!(f["before"], serde_json::json!(["x", "y"]));
    assert_eq!(f["after"], serde_json::json!(["x"]));
    assert_eq!(f["direction"], "concession");
    assert_eq!(f["size"]["measure"], "entities");
    let c1 = &j["changes"][1];
    assert_eq!(c1["kind"], "added");
    assert_eq!(c1["old"], serde_json::Value::Null);
    assert_eq!(c1["direction"], "concession");
    let back: Evolution = serde_json::from_value(j).unwrap();
    assert_eq!(back, ev);
}

#[test]
fn mixed_change_lists_each_fields_direction() {
    let old = demand();
    let new = demand().at(["x"]).strength(Strength::RedLine);
    let ev = evolve(&vocab(), &pos(vec![old]), &pos(vec![new])).unwrap();
    let c = &ev.changes[0];
    assert_eq!(c.direction, Direction::Mixed);
    assert_eq!(c.field("where").map(|f| f.direction), Some(Direction::Concession));
    assert_eq!(c.field("strength").map(|f| f.direction), Some(Direction::Hardening));
}

#[test]
fn counterpart_conflicts_closed_and_opened() {
    let mut theirs = Position::new("them", "theirs");
    theirs.clauses = vec![Clause::new("t", "them", May, "deploy").at(["x", "y"])];
    let old = pos(vec![demand()]);
    let new = pos(vec![Clause::new("m", "me", May, "talk")]);
    let ev = evolve_with(
        &vocab(),
        &old,
        &new,
        &EvolveOptions::default().counterpart(theirs.clone()),
    )
    .unwrap();
    let cp = ev.counterpart.as_ref().unwrap();
    assert_eq!((cp.conflicts_before, cp.conflicts_after), (1, 0));
    assert_eq!(cp.conflicts[0].status, ConflictStatus::Closed);
    let narrowed = pos(vec![demand().at(["x"])]);
    let ev = evolve_with(&vocab(), &old, &narrowed, &EvolveOptions::default().counterpart(theirs)).unwrap();
    let cp = ev.counterpart.as_ref().unwrap();
    assert_eq!(cp.conflicts[0].status, ConflictStatus::Narrowed);
    let back = ev.mirrored();
    assert_eq!(
        back.counterpart.as_ref().unwrap().conflicts[0].status,
        ConflictStatus::Widened
    );
}

#[test]
fn renderings_mark_removals_and_additions() {
    let old = pos(vec![demand().text("keep out of x and y")]);
    let new = pos(vec![demand().at(["x"]).text("keep out of x")]);
    let ev = evolve(&vocab(), &old, &new).unwrap();
    let plain = ev.to_string();
    assert!(plain.contains("~ modified `c`"), "{plain}");
    assert!(plain.contains("[- and y-]") || plain.contains("[-and y-]"), "{plain}");
    assert!(!plain.contains('\x1b'));
    assert!(render_text(&ev, true).contains("\x1b[31m"));
    let md = render_markdown(&ev);
    assert!(md.contains("| ~ | `c` | modified | concession |"), "{md}");
    assert!(md.contains("```diff"), "{md}");
    assert!(
        ev.unified_diff.contains("-where = [\"x\", \"y\"]"),
        "{}",
        ev.unified_diff
    );
    assert_eq!(render_diff(&ev, false), ev.unified_diff);
    assert!(render_diff(&ev, true).contains("\x1b[31m-where"));
}

/// Two rounds where the new one addresses only `talks`.
fn partial_rounds() -> (Position, Position) {
    let old = pos(vec![
        demand(),
        Clause::new("t", "them", Must, "talk"),
        Clause::new("m", "them", MustNot, "missiles"),
    ]);
    let mut new = pos(vec![Clause::new("t", "them", May, "talk")]).addressing(["talks"]);
    new.label = "reply".into();
    (old, new)
}

#[test]
fn a_clause_on_an_issue_the_new_round_does_not_address_is_not_restated() {
    let (old, new) = partial_rounds();
    let ev = evolve(&vocab(), &old, &new).unwrap();
    let c = ev.change("c").unwrap();
    assert_eq!(c.kind, ChangeKind::NotRestated);
    assert_eq!(c.direction, Direction::Neutral);
    assert!(
        c.summary
            .starts_with("not restated the demand `c` (the new position does not address its issue)"),
        "{}",
        c.summary
    );
    assert_eq!(ev.change("m").unwrap().kind, ChangeKind::NotRestated);
    // `t` is on an issue both address: softened, a concession as before.
    assert_eq!(ev.change("t").unwrap().direction, Direction::Concession);
    assert_eq!(
        (ev.counts.not_restated, ev.counts.dropped, ev.counts.concession),
        (2, 0, 1)
    );
    assert_eq!(ev.apply_to(&old).unwrap(), new);
    let text = ev.to_string();
    assert!(text.contains("? not restated the demand `c`"), "{text}");
    assert!(text.contains("not restated 2, newly addressed 0"), "{text}");
}

#[test]
fn shrinking_addresses_is_reported_and_its_mirror_is_newly_addressed() {
    let (old, new) = partial_rounds();
    let ev = evolve(&vocab(), &old, &new).unwrap();
    let f = ev.position.iter().find(|f| f.field == "addresses").unwrap();
    assert_eq!(f.removed, ["forces", "missiles"]);
    assert!(f.added.is_empty());
    assert_eq!(f.explanation, "addresses fewer issues; no longer `forces`, `missiles`");
    let back = evolve(&vocab(), &new, &old).unwrap();
    assert_eq!(back.change("c").unwrap().kind, ChangeKind::NewlyAddressed);
    assert_eq!(back.change("c").unwrap().direction, Direction::Neutral);
    let g = back.position.iter().find(|f| f.field == "addresses").unwrap();
    assert_eq!(g.explanation, "addresses more issues; now also `forces`, `missiles`");
    assert_eq!(back.apply_to(&new).unwrap(), old);
}

#[test]
fn an_id_reused_on_an_unaddressed_issue_does_not_match() {
    // `c` was a forces demand; the reply reuses the id for a talks clause.
    let old = pos(vec![demand()]);
    let new = pos(vec![Clause::new("c", "them", Must, "talk")]).addressing(["talks"]);
    let ev = evolve(&vocab(), &old, &new).unwrap();
    let kinds: Vec<ChangeKind> = ev.changes.iter().map(|c| c.kind).collect();
    assert_eq!(kinds, [ChangeKind::Added, ChangeKind::NotRestated]);
    assert_eq!(ev.apply_to(&old).unwrap(), new);
}

#[test]
fn a_conflict_on_an_unaddressed_issue_is_not_closed() {
    let (old, new) = partial_rounds();
    let them = Position::new("them", "theirs").clause(Clause::new("k", "them", May, "deploy").at(["x"]));
    let ev = evolve_with(
        &vocab(),
        &old,
        &new,
        &EvolveOptions::default().counterpart(them.clone()),
    )
    .unwrap();
    let cp = ev.counterpart.unwrap();
    assert_eq!(cp.conflicts.len(), 1);
    assert_eq!(cp.conflicts[0].status, ConflictStatus::NotRestated);
    // Dropping the demand in a round that still addresses forces does close it.
    let closed = pos(vec![Clause::new("t", "them", May, "talk")]);
    let ev = evolve_with(&vocab(), &old, &closed, &EvolveOptions::default().counterpart(them)).unwrap();
    assert_eq!(ev.counterpart.unwrap().conflicts[0].status, ConflictStatus::Closed);
}

#[test]
fn basis_changes_are_neutral_and_replayed() {
    let old = pos(vec![demand()]).source(crate::Source::new("s", "S"));
    let new = pos(vec![demand().from_document("s")]).source(crate::Source::new("s", "S"));
    let ev = evolve(&vocab(), &old, &new).unwrap();
    let c = &ev.changes[0];
    let fields: Vec<&str> = c.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["basis", "source"]);
    assert_eq!(c.direction, Direction::Neutral);
    assert_eq!(ev.apply_to(&old).unwrap(), new);
    let inferred = pos(vec![demand().inferred("the tone")]).source(crate::Source::new("s", "S"));
    assert_eq!(dir(old.clauses.clone(), inferred.clauses.clone()), Direction::Neutral);
}

/// Many clauses on one bearer and action, all renamed: a bucket too large to compare every
/// pair still matches each clause to its reworded self (same text, or text nearby in order).
#[test]
fn a_large_bucket_of_renamed_clauses_is_matched_without_all_pairs() {
    let n = 300;
    let old: Vec<Clause> = (0..n)
        .map(|i| {
            Clause::new(format!("c{i}"), "them", MustNot, "deploy")
                .text(format!("them must not deploy, article {i} of the draft"))
        })
        .collect();
    let mut new = old.clone();
    for (i, c) in new.iter_mut().enumerate() {
        c.id = format!("r{i}");
        if i % 3 == 0 {
            c.text = format!("them must not deploy, article {i} of the final draft");
        }
    }
    let ev = evolve(&vocab(), &pos(old.clone()), &pos(new.clone())).unwrap();
    assert_eq!(ev.counts.reworded, n, "{:?}", ev.counts);
    for c in &ev.changes {
        let (o, nw) = (c.old.as_deref().unwrap(), c.new.as_deref().unwrap());
        assert_eq!(o[1..], nw[1..], "{o} matched {nw}");
    }
    assert_eq!(ev.apply_to(&pos(old)).unwrap(), pos(new));
}

#[test]
fn a_red_line_read_into_a_later_round_is_no_concession() {
    // Quoted as a red line, then carried over as the analyst's reading (not a red line, since
    // an inferred red line is not on the record): no move of the party.
    let old = demand().strength(Strength::RedLine).quote("s", "q", None);
    let new = demand().strength(Strength::Demand).inferred("carried over");
    let with_source = |c: Clause| pos(vec![c]).source(crate::model::Source::new("s", "S"));
    let ev = evolve(&vocab(), &with_source(old.clone()), &with_source(new)).unwrap();
    let f = ev.changes[0].field("strength").unwrap();
    assert_eq!(f.direction, Direction::Neutral);
    assert!(
        f.explanation
            .ends_with("(the clause went on or off the record: no move of the party)"),
        "{}",
        f.explanation
    );
    assert_eq!(ev.changes[0].direction, Direction::Neutral);
    // On the record in both rounds, the same change is a concession.
    let documented = demand().strength(Strength::Demand).from_document("s");
    let ev = evolve(&vocab(), &with_source(old), &with_source(documented)).unwrap();
    assert_eq!(ev.changes[0].direction, Direction::Concession);
}
