//! The engine against the brute-force reference (`negdiff::testing::reference`): every scope is
//! expanded into cells (atom × elementary day segment × elementary amount piece) and compared
//! cell by cell. Every finding the engine reports is replayed there and must hold; every
//! relation the reference finds must be reported; basis, silence and verdicts are derived
//! there on their own. Plus the algebraic laws of the comparison, on random vocabularies.

use std::collections::BTreeSet;

use negdiff::testing::reference::{
    check_basis_and_silence, check_relations, check_verdicts, on_record_only, Fineness, Reference,
};
use negdiff::{
    compare, compare_with, find_contradictions, AmountRange, Basis, Clause, CompareOptions, Date, DateRange, Finding,
    FindingKind, Modality, Position, Strength, Vocabulary,
};
use proptest::prelude::*;

const PARTIES: [&str; 3] = ["p0", "p1", "p2"];
// a0/a1 are opposites (a0 declared first, so it is the base); a2 (with a unit) and a3 stand
// alone; a4 is the converse of one of a0–a3, borne by one of the parties.
const ACTIONS: [&str; 5] = ["a0", "a1", "a2", "a3", "a4"];
const N_ENTITIES: usize = 6;

#[derive(Debug, Clone)]
struct World {
    vocab: Vocabulary,
    left: Position,
    right: Position,
}

/// A list of places: entities, groups, `*` (a position may turn `@g2` into its own group).
fn arb_places() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(
        prop_oneof![
            4 => (0usize..N_ENTITIES).prop_map(|i| format!("e{i}")),
            2 => (0usize..3).prop_map(|g| format!("@g{g}")),
            1 => Just("*".to_string()),
        ],
        1..3,
    )
}

/// Random vocabularies with party territories, a converse action, place domains (declared on
/// either of two opposites) and amount domains (some of whole numbers).
fn arb_vocab() -> impl Strategy<Value = Vocabulary> {
    let n = N_ENTITIES;
    (
        proptest::collection::vec(proptest::option::weighted(0.4, 0usize..6), n),
        proptest::collection::vec(proptest::collection::vec(0usize..8, 1..4), 3),
        proptest::collection::vec(proptest::option::weighted(0.8, 0usize..n), 3),
        (0usize..4, 0usize..3, any::<bool>()),
        (
            proptest::option::weighted(0.4, arb_places()),
            any::<bool>(),
            proptest::option::weighted(0.4, arb_places()),
            proptest::option::weighted(0.2, arb_places()),
        ),
        proptest::option::weighted(
            0.5,
            (
                proptest::option::of(0u8..6),
                proptest::option::of(1u8..8),
                any::<bool>(),
            ),
        ),
    )
        .prop_map(
            move |(parents, groups, territories, (target, by, listed), (d01, on_first, d2, d3), amount_domain)| {
                let mut v = Vocabulary::new("random");
                for p in PARTIES {
                    v = v.party(p, p.to_uppercase());
                }
                for (i, parent) in parents.iter().enumerate() {
                    // Parents come earlier, so `part-of` is always a forest.
                    let parent = parent.filter(|&p| p < i).map(|p| format!("e{p}"));
                    v = v.entity(format!("e{i}"), format!("Entity {i}"), parent.as_deref());
                }
                for (p, t) in PARTIES.iter().zip(&territories) {
                    if let Some(e) = t {
                        v = v.territory(p, format!("e{e}"));
                    }
                }
                for (g, members) in groups.iter().enumerate() {
                    let mut ms: Vec<String> = vec![format!("e{}", members[0] % n)];
                    for &m in &members[1..] {
                        // Members 6 and 7 refer to earlier groups (never later: no cycles).
                        if m >= n && g > 0 {
                            ms.push(format!("@g{}", m % g));
                        } else {
                            ms.push(format!("e{}", m % n));
                        }
                    }
                    v = v.group(format!("g{g}"), ms);
                }
                v = v
                    .opposites("a0", "a1", None)
                    .action("a2", Some("km"))
                    .action("a3", None)
                    .converse("a4", ACTIONS[target], PARTIES[by]);
                if let Some(d) = d01 {
                    v = v.applies_to(if on_first { "a0" } else { "a1" }, d);
                }
                if let Some(d) = d2 {
                    v = v.applies_to("a2", d);
                }
                if let Some(d) = d3 {
                    v = v.applies_to("a3", d);
                }
                if let Some((min, max, whole)) = amount_domain {
                    // The width keeps `max` above `min` (and a whole number between them).
                    let max = max.map(|w| min.unwrap_or(0) + w);
                    let (min, max) = (min.map(f64::from), max.map(f64::from));
                    v = v.amount_domain("a2", min, max, whole);
                }
                let (mut i0, mut i1) = (vec!["a0", "a1"], vec!["a2", "a3"]);
                if listed {
                    if target < 2 {
                        i0.push("a4");
                    } else {
                        i1.push("a4");
                    }
                }
                v.issue("i0", "Issue zero", i0).issue("i1", "Issue one", i1)
            },
        )
}

fn arb_clause(id: usize) -> impl Strategy<Value = Clause> {
    let places = proptest::option::weighted(0.8, arb_places());
    let day = (0i32..12).prop_map(|d| Date::from_day_number(19_000 + d));
    let when = proptest::option::weighted(0.5, (proptest::option::of(day.clone()), proptest::option::of(day)));
    // Halves, so that whole-number domains cut between bounds.
    let amount = proptest::option::weighted(0.5, (proptest::option::of(0u8..20), proptest::option::of(0u8..20)));
    (
        proptest::sample::subsequence(PARTIES.to_vec(), 1..=2),
        0usize..4,
        0usize..ACTIONS.len(),
        places,
        when,
        amount,
        0usize..4,
        0u8..4,
    )
        .prop_map(move |(bearers, m, a, places, when, amount, s, basis)| {
            let mut c = Clause::new(format!("c{id}"), "p0", Modality::ALL[m], ACTIONS[a])
                .bearers(bearers)
                .strength(Strength::ALL[s]);
            // Every basis: none, quoted, document, inferred.
            c = match basis {
                1 => c.quote("s", "said so", None),
                2 => c.from_document("s"),
                3 => c.inferred("read so"),
                _ => c,
            };
            c.places = places;
            if let Some((from, until)) = when {
                let (from, until) = match (from, until) {
                    (Some(f), Some(u)) if f > u => (Some(u), Some(f)),
                    x => x,
                };
                c = c.during(DateRange { from, until });
            }
            if let Some((lo, hi)) = amount {
                let (lo, hi) = match (lo, hi) {
                    (Some(l), Some(h)) if l > h => (Some(h), Some(l)),
                    x => x,
                };
                c = c.amount(AmountRange {
                    min: lo.map(|x| f64::from(x) / 2.0),
                    max: hi.map(|x| f64::from(x) / 2.0),
                });
            }
            c
        })
}

/// The issue of an action of the random vocabulary.
fn issue_of(action: &str) -> &'static str {
    if matches!(action, "a0" | "a1") {
        "i0"
    } else {
        "i1"
    }
}

fn arb_position(party: &'static str) -> impl Strategy<Value = Position> {
    (
        (0usize..7).prop_flat_map(|n| (0..n).map(arb_clause).collect::<Vec<_>>()),
        // Partial positions: every issue, only `i0`, or only `i1`.
        prop_oneof![2 => Just(None), 1 => Just(Some("i0")), 1 => Just(Some("i1"))],
        // A group of the position's own (an entity and a vocabulary group), named where
        // the clauses would name `@g2`.
        proptest::option::weighted(0.4, 0usize..N_ENTITIES),
    )
        .prop_map(move |(clauses, only, own)| {
            let mut p = Position::new(party, format!("{party} round")).source(negdiff::Source::new("s", "S"));
            p.clauses = clauses;
            if let Some(e) = own {
                p.groups.insert("own".into(), vec![format!("e{e}"), "@g0".into()]);
                for place in p.clauses.iter_mut().flat_map(|c| c.places.iter_mut().flatten()) {
                    if place == "@g2" {
                        *place = "@own".into();
                    }
                }
            }
            if let Some(issue) = only {
                // The clauses off this issue are dropped in `arb_world`, once the vocabulary
                // says where the converse action belongs.
                p = p.addressing([issue]);
            }
            p
        })
}

/// Makes a random clause valid for the vocabulary, by the reference's own reading of the
/// rules: a clause on the converse action has no `where` and only bearers with a territory
/// (else it moves to `a3`); places wholly outside the domain become no `where`; an amount with
/// no possible amount in it is dropped.
fn make_valid(vocab: &Vocabulary, p: &mut Position) {
    let r = Reference::new(vocab);
    for c in &mut p.clauses {
        if c.action == "a4" {
            c.places = None;
            c.bearer.retain(|b| r.entity_of(b).is_some());
            if c.bearer.is_empty() {
                c.bearer = vec!["p0".into()];
                c.action = "a3".into();
            }
        }
        let base = r.base(&c.action).unwrap();
        if let Some(ps) = &c.places {
            let atoms: BTreeSet<usize> = ps.iter().flat_map(|x| r.place_atoms(x, &p.groups)).collect();
            if atoms.iter().all(|a| !r.in_place_domain(base, *a)) {
                c.places = None;
            }
        }
        if let Some(a) = c.amount {
            let dom = r.amount_domain(base);
            let lo = a.min.unwrap_or(-1e9).max(dom.min.unwrap_or(-1e9));
            let hi = a.max.unwrap_or(1e9).min(dom.max.unwrap_or(1e9));
            let holds = if dom.whole { lo.ceil() <= hi } else { lo <= hi };
            if !holds {
                c.amount = None;
            }
        }
    }
}

fn arb_world() -> impl Strategy<Value = World> {
    (arb_vocab(), arb_position("p0"), arb_position("p1")).prop_map(|(vocab, mut left, mut right)| {
        make_valid(&vocab, &mut left);
        make_valid(&vocab, &mut right);
        let r = Reference::new(&vocab);
        for p in [&mut left, &mut right] {
            if let Some(addressed) = p.addresses.clone() {
                // A converse belongs to its target's issue, so the base action tells the issue.
                p.clauses
                    .retain(|c| addressed.iter().any(|i| i == issue_of(r.base(&c.action).unwrap())));
            }
        }
        drop(r);
        World { vocab, left, right }
    })
}

fn fail(e: String) -> TestCaseError {
    TestCaseError::fail(e)
}

fn compared(w: &World) -> Result<negdiff::Comparison, TestCaseError> {
    compare(&w.vocab, &w.left, &w.right).map_err(|e| fail(e.to_string()))
}

fn without_text(f: &Finding) -> Finding {
    let mut f = f.clone();
    f.explanation.clear();
    f
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn engine_matches_reference(w in arb_world()) {
        check_relations(&w.vocab, &w.left, &w.right, &compared(&w)?).map_err(fail)?;
    }

    #[test]
    fn basis_and_silence_match_reference(w in arb_world()) {
        check_basis_and_silence(&w.vocab, &w.left, &w.right, &compared(&w)?).map_err(fail)?;
    }

    #[test]
    fn verdicts_match_reference(w in arb_world()) {
        // Among them: a side whose document leaves an issue out never asks less there.
        check_verdicts(&w.vocab, &w.left, &w.right, &compared(&w)?).map_err(fail)?;
    }

    #[test]
    fn on_record_is_the_comparison_without_inferred_clauses(w in arb_world()) {
        let on = compare_with(&w.vocab, &w.left, &w.right, &CompareOptions::default().on_record(true)).unwrap();
        let mut stripped = compare(&w.vocab, &on_record_only(&w.left), &on_record_only(&w.right)).unwrap();
        prop_assert!(on.on_record && !stripped.on_record);
        stripped.on_record = true;
        prop_assert_eq!(&on, &stripped);
        prop_assert!(on.findings.iter().all(|f| f.basis != Basis::Inferred));
    }

    #[test]
    fn mirror_law(w in arb_world()) {
        let ab = compare(&w.vocab, &w.left, &w.right).unwrap();
        let ba = compare(&w.vocab, &w.right, &w.left).unwrap();
        let m = ab.mirrored();
        let strip = |c: &negdiff::Comparison| c.findings.iter().map(without_text).collect::<Vec<_>>();
        prop_assert_eq!(strip(&m), strip(&ba));
        prop_assert_eq!(&m.issues, &ba.issues);
        prop_assert_eq!(&m.summary, &ba.summary);
        prop_assert_eq!(&m.left, &ba.left);
    }

    #[test]
    fn conflict_is_symmetric(w in arb_world()) {
        let ab = compare(&w.vocab, &w.left, &w.right).unwrap();
        let ba = compare(&w.vocab, &w.right, &w.left).unwrap();
        let set = |c: &negdiff::Comparison, swap: bool| {
            c.of_kind(FindingKind::Conflict)
                .map(|f| {
                    let (l, r) = if swap { (&f.right, &f.left) } else { (&f.left, &f.right) };
                    (f.bearer.clone(), f.action.clone(), l.clone(), r.clone(), format!("{:?}", f.scope))
                })
                .collect::<BTreeSet<_>>()
        };
        prop_assert_eq!(set(&ab, false), set(&ba, true));
    }

    #[test]
    fn self_comparison_has_no_gaps_and_conflicts_where_check_does(w in arb_world()) {
        let aa = compare(&w.vocab, &w.left, &w.left).unwrap();
        prop_assert_eq!(aa.summary.counts.gap, 0);
        let report = find_contradictions(&w.vocab, &w.left).unwrap();
        let from_compare: BTreeSet<_> = aa
            .of_kind(FindingKind::Conflict)
            .flat_map(|f| {
                f.left.iter().flat_map(move |a| {
                    f.right.iter().map(move |b| {
                        let pair = if a < b { (a.clone(), b.clone()) } else { (b.clone(), a.clone()) };
                        (f.bearer.clone(), f.action.clone(), pair, format!("{:?}", f.scope))
                    })
                })
            })
            .collect();
        let from_check: BTreeSet<_> = report
            .contradictions
            .iter()
            .flat_map(|f| {
                f.left.iter().flat_map(move |a| {
                    f.right.iter().map(move |b| {
                        let pair = if a < b { (a.clone(), b.clone()) } else { (b.clone(), a.clone()) };
                        (f.bearer.clone(), f.action.clone(), pair, format!("{:?}", f.scope))
                    })
                })
            })
            .collect();
        prop_assert_eq!(from_compare, from_check);
    }

    #[test]
    fn partition_law(w in arb_world()) {
        // For each left reading: its witnesses plus its gap cover its scope exactly, and the
        // gap is disjoint from every right reading on that key.
        let cmp = compared(&w)?;
        let r = Reference::new(&w.vocab);
        for grid in r.grids(&w.left, &w.right, Fineness::Fine) {
            for (lr, scope) in &grid.left {
                let mut covered = vec![false; scope.len()];
                let mut gap = vec![false; scope.len()];
                let mine = |f: &&Finding| {
                    *f.bearer == *grid.bearer && *f.action == *grid.base && f.left.iter().any(|x| *x == lr.clause.id)
                };
                for f in cmp.findings.iter().filter(mine) {
                    for k in r.witness_cells(&grid, f).map_err(fail)? {
                        covered[k] = true;
                        gap[k] |= f.kind == FindingKind::Gap;
                    }
                }
                prop_assert_eq!(&covered, scope);
                for (_, theirs) in &grid.right {
                    prop_assert!((0..gap.len()).all(|k| !(gap[k] && theirs[k])));
                }
            }
        }
    }

    #[test]
    fn a_converse_clause_compares_as_written_out(w in arb_world()) {
        // Reading `p may join` as `by may admit at p's territory` is all a converse does.
        let r = Reference::new(&w.vocab);
        let (l, rt) = (r.converse_written_out(&w.left), r.converse_written_out(&w.right));
        let a = compare(&w.vocab, &w.left, &w.right).unwrap();
        let b = compare(&w.vocab, &l, &rt).unwrap();
        let strip = |c: &negdiff::Comparison| c.findings.iter().map(without_text).collect::<Vec<_>>();
        prop_assert_eq!(strip(&a), strip(&b));
        prop_assert_eq!(&a.summary, &b.summary);
    }

    #[test]
    fn output_is_deterministic(w in arb_world()) {
        let a = serde_json::to_string(&compare(&w.vocab, &w.left, &w.right).unwrap()).unwrap();
        let b = serde_json::to_string(&compare(&w.vocab, &w.left, &w.right).unwrap()).unwrap();
        prop_assert_eq!(a, b);
    }
}
