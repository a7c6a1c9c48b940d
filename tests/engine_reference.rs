//! The engine against a deliberately simple reference: every scope is expanded into cells
//! (atom × elementary day segment × elementary amount piece) and compared cell by cell.
//! Every finding the engine reports is replayed there and must hold; every relation the
//! reference finds must be reported. Plus the algebraic laws of the comparison.

use std::collections::{BTreeMap, BTreeSet};

use negdiff::{check, compare, Clause, Date, Finding, Kind, Modality, Position, ScopeBox, Strength, Vocabulary};
use proptest::prelude::*;

const PARTIES: [&str; 3] = ["p0", "p1", "p2"];
// a0/a1 are opposites (a0 declared first, so it is the base); a2 and a3 stand alone.
const ACTIONS: [&str; 4] = ["a0", "a1", "a2", "a3"];

#[derive(Debug, Clone)]
struct World {
    vocab: Vocabulary,
    left: Position,
    right: Position,
}

fn arb_vocab() -> impl Strategy<Value = Vocabulary> {
    let n = 6usize;
    (
        proptest::collection::vec(proptest::option::weighted(0.4, 0usize..6), n),
        proptest::collection::vec(proptest::collection::vec(0usize..8, 1..4), 3),
    )
        .prop_map(move |(parents, groups)| {
            let mut v = Vocabulary::new("random");
            for p in PARTIES {
                v = v.party(p, p.to_uppercase());
            }
            for (i, parent) in parents.iter().enumerate() {
                // Parents come earlier, so `part-of` is always a forest.
                let parent = parent.filter(|&p| p < i).map(|p| format!("e{p}"));
                v = v.entity(format!("e{i}"), format!("Entity {i}"), parent.as_deref());
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
            v.opposites("a0", "a1", None)
                .action("a2", Some("km"))
                .action("a3", None)
                .issue("i0", "Issue zero", ["a0", "a1"])
                .issue("i1", "Issue one", ["a2", "a3"])
        })
}

fn arb_clause(id: usize) -> impl Strategy<Value = Clause> {
    let places = proptest::option::weighted(
        0.8,
        proptest::collection::vec(
            prop_oneof![
                (0usize..6).prop_map(|i| format!("e{i}")),
                (0usize..3).prop_map(|g| format!("@g{g}")),
                Just("*".to_string()),
            ],
            1..3,
        ),
    );
    let day = (0i32..12).prop_map(|d| Date::from_day_number(19_000 + d));
    let when = proptest::option::weighted(0.5, (proptest::option::of(day.clone()), proptest::option::of(day)));
    let amount = proptest::option::weighted(0.5, (proptest::option::of(0u8..10), proptest::option::of(0u8..10)));
    (
        proptest::sample::subsequence(PARTIES.to_vec(), 1..=2),
        0usize..4,
        0usize..4,
        places,
        when,
        amount,
        0usize..4,
    )
        .prop_map(move |(bearers, m, a, places, when, amount, s)| {
            let mut c = Clause::new(format!("c{id}"), "p0", Modality::ALL[m], ACTIONS[a])
                .bearers(bearers)
                .strength(Strength::ALL[s]);
            c.places = places;
            if let Some((from, until)) = when {
                let (from, until) = match (from, until) {
                    (Some(f), Some(u)) if f > u => (Some(u), Some(f)),
                    x => x,
                };
                c = c.during(from, until);
            }
            if let Some((lo, hi)) = amount {
                let (lo, hi) = match (lo, hi) {
                    (Some(l), Some(h)) if l > h => (Some(h), Some(l)),
                    x => x,
                };
                c = c.amount(lo.map(f64::from), hi.map(f64::from));
            }
            c
        })
}

fn arb_position(party: &'static str) -> impl Strategy<Value = Position> {
    (0usize..7)
        .prop_flat_map(|n| (0..n).map(arb_clause).collect::<Vec<_>>())
        .prop_map(move |clauses| {
            let mut p = Position::new(party, format!("{party} round"));
            p.clauses = clauses;
            p
        })
}

fn arb_world() -> impl Strategy<Value = World> {
    (arb_vocab(), arb_position("p0"), arb_position("p1")).prop_map(|(vocab, left, right)| World { vocab, left, right })
}

// ---------- the reference ----------

/// One cell: an atom index (6 = elsewhere), a representative day and amount.
type CellPt = (usize, i32, f64);
/// Cells as comparable keys (amount as its bits).
type Cells = BTreeSet<(usize, i32, u64)>;

struct Reference<'a> {
    vocab: &'a Vocabulary,
    days: Vec<i32>,
    amounts: Vec<f64>,
}

impl<'a> Reference<'a> {
    fn new(vocab: &'a Vocabulary, positions: &[&Position]) -> Self {
        let mut bounds: BTreeSet<i32> = BTreeSet::new();
        let mut abounds: Vec<f64> = Vec::new();
        for p in positions {
            for c in &p.clauses {
                if let Some(w) = &c.when {
                    if let Some(f) = w.from {
                        bounds.insert(f.day_number());
                    }
                    if let Some(u) = w.until {
                        bounds.insert(u.day_number() + 1);
                    }
                }
                if let Some(a) = &c.amount {
                    abounds.extend(a.min);
                    abounds.extend(a.max);
                }
            }
        }
        // Day segments start at each boundary; one more segment before the first.
        let mut days: Vec<i32> = bounds.iter().copied().collect();
        days.push(days.first().copied().unwrap_or(0) - 1);
        abounds.sort_by(f64::total_cmp);
        abounds.dedup();
        let mut amounts = abounds.clone();
        for w in abounds.windows(2) {
            amounts.push((w[0] + w[1]) / 2.0);
        }
        amounts.push(abounds.first().copied().unwrap_or(0.0) - 1.0);
        amounts.push(abounds.last().copied().unwrap_or(0.0) + 1.0);
        Reference { vocab, days, amounts }
    }

    fn n_atoms(&self) -> usize {
        self.vocab.entities.len() + 1
    }

    fn atom_id(&self, i: usize) -> String {
        self.vocab
            .entities
            .get(i)
            .map(|e| e.id.clone())
            .unwrap_or_else(|| "*".into())
    }

    fn entity_atoms(&self, id: &str) -> BTreeSet<usize> {
        let mut out = BTreeSet::new();
        for (i, _) in self.vocab.entities.iter().enumerate() {
            // Walk up the part-of chain: an atom belongs to every ancestor.
            let mut cur = Some(i);
            while let Some(c) = cur {
                if self.vocab.entities[c].id == id {
                    out.insert(i);
                }
                cur = self.vocab.entities[c]
                    .part_of
                    .as_ref()
                    .and_then(|p| self.vocab.entities.iter().position(|e| &e.id == p));
            }
        }
        out
    }

    fn place_atoms(&self, place: &str) -> BTreeSet<usize> {
        if place == "*" {
            return (0..self.n_atoms()).collect();
        }
        if let Some(g) = place.strip_prefix('@') {
            return self.vocab.groups[g].iter().flat_map(|m| self.place_atoms(m)).collect();
        }
        self.entity_atoms(place)
    }

    fn clause_has(&self, c: &Clause, (atom, day, amount): CellPt) -> bool {
        let in_where = match &c.places {
            None => true,
            Some(ps) => ps.iter().any(|p| self.place_atoms(p).contains(&atom)),
        };
        let in_when = c.when.as_ref().is_none_or(|w| {
            w.from.is_none_or(|f| f.day_number() <= day) && w.until.is_none_or(|u| day <= u.day_number())
        });
        let in_amount = c
            .amount
            .as_ref()
            .is_none_or(|a| a.min.is_none_or(|m| m <= amount) && a.max.is_none_or(|m| amount <= m));
        in_where && in_when && in_amount
    }

    fn cells(&self) -> Vec<CellPt> {
        let mut out = Vec::new();
        for a in 0..self.n_atoms() {
            for &d in &self.days {
                for &m in &self.amounts {
                    out.push((a, d, m));
                }
            }
        }
        out
    }

    fn box_has(&self, b: &ScopeBox, (atom, day, amount): CellPt) -> bool {
        b.places.iter().any(|p| *p == self.atom_id(atom))
            && b.when.is_none_or(|w| w.contains(Date::from_day_number(day)))
            && b.amount.is_none_or(|a| a.contains(amount))
    }
}

/// (base action, modality over it) of a clause.
fn norm(c: &Clause) -> (&'static str, Modality) {
    match c.action.as_str() {
        "a1" => ("a0", c.modality.negate_action()),
        "a0" => ("a0", c.modality),
        "a2" => ("a2", c.modality),
        _ => ("a3", c.modality),
    }
}

fn cells_of(r: &Reference<'_>, f: &Finding) -> BTreeSet<(usize, i32, u64)> {
    let all = r.cells();
    let mut out = BTreeSet::new();
    for cell in all {
        let n = f.scope.iter().filter(|b| r.box_has(b, cell)).count();
        assert!(n <= 1, "boxes of a witness overlap at {cell:?}: {f:#?}");
        if n == 1 {
            out.insert((cell.0, cell.1, cell.2.to_bits()));
        }
    }
    out
}

fn key(cell: CellPt) -> (usize, i32, u64) {
    (cell.0, cell.1, cell.2.to_bits())
}

fn check_against_reference(w: &World) -> Result<(), TestCaseError> {
    let cmp = compare(&w.vocab, &w.left, &w.right).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let r = Reference::new(&w.vocab, &[&w.left, &w.right]);
    let cells = r.cells();
    // Expected pair findings: (bearer, base, left id, right id) -> (kind, cells).
    let mut expected: BTreeMap<(String, String, String, String), (Kind, Cells)> = BTreeMap::new();
    let mut expected_gaps: BTreeMap<(String, String, String, bool), Cells> = BTreeMap::new();
    for bearer in PARTIES {
        for lc in &w.left.clauses {
            if !lc.bearer.iter().any(|b| b == bearer) {
                continue;
            }
            let (lb, lm) = norm(lc);
            let mut gap: BTreeSet<_> = cells
                .iter()
                .filter(|&&c| r.clause_has(lc, c))
                .map(|&c| key(c))
                .collect();
            for rc in &w.right.clauses {
                let (rb, rm) = norm(rc);
                if rb != lb || !rc.bearer.iter().any(|b| b == bearer) {
                    continue;
                }
                let both: BTreeSet<_> = cells
                    .iter()
                    .filter(|&&c| r.clause_has(lc, c) && r.clause_has(rc, c))
                    .map(|&c| key(c))
                    .collect();
                for c in &both {
                    gap.remove(c);
                }
                if !both.is_empty() {
                    expected.insert(
                        (bearer.into(), lb.into(), lc.id.clone(), rc.id.clone()),
                        (Kind::relate(lm, rm), both),
                    );
                }
            }
            if !gap.is_empty() {
                expected_gaps.insert((bearer.into(), lb.into(), lc.id.clone(), true), gap);
            }
        }
        for rc in &w.right.clauses {
            if !rc.bearer.iter().any(|b| b == bearer) {
                continue;
            }
            let (rb, _) = norm(rc);
            let gap: BTreeSet<_> =
                cells
                    .iter()
                    .filter(|&&c| {
                        r.clause_has(rc, c)
                            && !w.left.clauses.iter().any(|lc| {
                                norm(lc).0 == rb && lc.bearer.iter().any(|b| b == bearer) && r.clause_has(lc, c)
                            })
                    })
                    .map(|&c| key(c))
                    .collect();
            if !gap.is_empty() {
                expected_gaps.insert((bearer.into(), rb.into(), rc.id.clone(), false), gap);
            }
        }
    }
    let mut seen_pairs = BTreeMap::new();
    let mut seen_gaps = BTreeMap::new();
    for f in &cmp.findings {
        prop_assert!(!f.scope.is_empty(), "empty witness: {f:#?}");
        let got = cells_of(&r, f);
        prop_assert!(!got.is_empty(), "witness covers no cell: {f:#?}");
        // A finding listing several clauses on a side stands for each of them (a gap) or each
        // pair of a left and a right one (a relation), all on this witness.
        if f.kind == Kind::Gap {
            let left_side = !f.left.is_empty();
            let ids = if left_side { &f.left } else { &f.right };
            for id in ids {
                let before = seen_gaps.insert(
                    (f.bearer.to_string(), f.action.to_string(), id.to_string(), left_side),
                    got.clone(),
                );
                prop_assert!(before.is_none(), "clause {id} has two gaps");
            }
        } else {
            for l in &f.left {
                for r in &f.right {
                    let before = seen_pairs.insert(
                        (f.bearer.to_string(), f.action.to_string(), l.to_string(), r.to_string()),
                        (f.kind, got.clone()),
                    );
                    prop_assert!(before.is_none(), "pair {l}, {r} reported twice");
                }
            }
        }
    }
    prop_assert_eq!(&seen_pairs, &expected);
    prop_assert_eq!(&seen_gaps, &expected_gaps);
    // Grouping: clauses of one side with the same modality and the same cells on a key relate
    // to everything alike, so they are never split over findings: the expected relations of
    // each such class, grouped, are the engine's findings one for one.
    let class_of = |c: &Clause, bearer: &str| {
        let (base, m) = norm(c);
        let cells: BTreeSet<_> = cells.iter().filter(|&&x| r.clause_has(c, x)).map(|&x| key(x)).collect();
        (bearer.to_string(), base.to_string(), m, cells)
    };
    let mut classes = BTreeMap::new();
    for (side, p) in [(0, &w.left), (1, &w.right)] {
        for c in &p.clauses {
            for b in &c.bearer {
                classes.insert((side, b.clone(), c.id.clone()), class_of(c, b));
            }
        }
    }
    let mut grouped: BTreeMap<_, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
    for ((bearer, base, l, rid), (kind, cells)) in &expected {
        let lc = &classes[&(0, bearer.clone(), l.clone())];
        let rc = &classes[&(1, bearer.clone(), rid.clone())];
        let e = grouped
            .entry((*kind, lc.clone(), Some(rc.clone()), cells.clone()))
            .or_default();
        e.0.insert(l.clone());
        e.1.insert(rid.clone());
        let _ = base;
    }
    for ((bearer, _, id, left_side), cells) in &expected_gaps {
        let side = if *left_side { 0 } else { 1 };
        let c = &classes[&(side, bearer.clone(), id.clone())];
        let e = grouped.entry((Kind::Gap, c.clone(), None, cells.clone())).or_default();
        if *left_side {
            e.0.insert(id.clone());
        } else {
            e.1.insert(id.clone());
        }
    }
    let mut want: Vec<(BTreeSet<String>, BTreeSet<String>)> = grouped.into_values().collect();
    let mut got: Vec<(BTreeSet<String>, BTreeSet<String>)> = cmp
        .findings
        .iter()
        .map(|f| {
            (
                f.left.iter().map(|n| n.to_string()).collect(),
                f.right.iter().map(|n| n.to_string()).collect(),
            )
        })
        .collect();
    want.sort();
    got.sort();
    prop_assert_eq!(got, want);
    Ok(())
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
        check_against_reference(&w)?;
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
            c.of_kind(Kind::Conflict)
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
        let report = check(&w.vocab, &w.left).unwrap();
        let from_compare: BTreeSet<_> = aa
            .of_kind(Kind::Conflict)
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
        // For each left clause and bearer: its witnesses plus its gap cover its scope exactly,
        // and the gap is disjoint from every right clause on that key.
        let cmp = compare(&w.vocab, &w.left, &w.right).unwrap();
        let r = Reference::new(&w.vocab, &[&w.left, &w.right]);
        for lc in &w.left.clauses {
            for bearer in &lc.bearer {
                let scope: BTreeSet<_> = r.cells().into_iter().filter(|&c| r.clause_has(lc, c)).map(key).collect();
                let mut covered = BTreeSet::new();
                let mut gap = BTreeSet::new();
                for f in cmp.findings.iter().filter(|f| &f.bearer == bearer && f.left.iter().any(|x| *x == lc.id)) {
                    let cells = cells_of(&r, f);
                    if f.kind == Kind::Gap { gap.extend(cells.iter().copied()); }
                    covered.extend(cells);
                }
                prop_assert_eq!(&covered, &scope);
                for rc in w.right.clauses.iter().filter(|rc| rc.bearer.contains(bearer) && norm(rc).0 == norm(lc).0) {
                    for c in r.cells() {
                        prop_assert!(!(gap.contains(&key(c)) && r.clause_has(rc, c)));
                    }
                }
            }
        }
    }

    #[test]
    fn output_is_deterministic(w in arb_world()) {
        let a = serde_json::to_string(&compare(&w.vocab, &w.left, &w.right).unwrap()).unwrap();
        let b = serde_json::to_string(&compare(&w.vocab, &w.left, &w.right).unwrap()).unwrap();
        prop_assert_eq!(a, b);
    }
}
