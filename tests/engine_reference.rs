//! The engine against a deliberately simple reference: every scope is expanded into cells
//! (atom × elementary day segment × elementary amount piece) and compared cell by cell.
//! Every finding the engine reports is replayed there and must hold; every relation the
//! reference finds must be reported. Plus the algebraic laws of the comparison.

use std::collections::{BTreeMap, BTreeSet};

use negdiff::{
    compare, compare_with, find_contradictions, AmountRange, Basis, Clause, CompareOptions, Date, DateRange, Finding,
    FindingKind, Modality, Position, ScopeBox, Silence, Strength, Vocabulary,
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

/// A list of places: entities, groups, `*`.
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
    )
        .prop_map(move |(clauses, only)| {
            let mut p = Position::new(party, format!("{party} round")).source(negdiff::Source::new("s", "S"));
            p.clauses = clauses;
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
    let r = Reference::new(vocab, &[]);
    for c in &mut p.clauses {
        if c.action == "a4" {
            c.places = None;
            c.bearer.retain(|b| r.entity_of(b).is_some());
            if c.bearer.is_empty() {
                c.bearer = vec!["p0".into()];
                c.action = "a3".into();
            }
        }
        let base = r.base(&c.action);
        if let Some(ps) = &c.places {
            let atoms: BTreeSet<usize> = ps.iter().flat_map(|p| r.place_atoms(p)).collect();
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
        let r = Reference::new(&vocab, &[]);
        for p in [&mut left, &mut right] {
            if let Some(addressed) = p.addresses.clone() {
                // A converse belongs to its target's issue, so the base action tells the issue.
                p.clauses
                    .retain(|c| addressed.iter().any(|i| i == issue_of(r.base(&c.action))));
            }
        }
        drop(r);
        World { vocab, left, right }
    })
}

// ---------- the reference ----------

/// One cell: an atom index (6 = elsewhere), a representative day and amount.
type CellPt = (usize, i32, f64);
/// Cells as comparable keys (amount as its bits).
type Cells = BTreeSet<(usize, i32, u64)>;

/// An amount domain as the reference reads it: bounds (included) and whether only whole
/// numbers exist.
#[derive(Debug, Clone, Copy)]
struct AmountDom {
    min: Option<f64>,
    max: Option<f64>,
    whole: bool,
}

/// A clause read as a norm: its bearer, base action, modality over the base and atoms; its
/// days and amounts are the clause's own.
#[derive(Debug, Clone)]
struct Reading<'c> {
    clause: &'c Clause,
    bearer: String,
    base: &'static str,
    modality: Modality,
    atoms: BTreeSet<usize>,
}

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
        for a in &vocab.actions {
            if let Some(d) = &a.amount_domain {
                abounds.extend(d.min);
                abounds.extend(d.max);
            }
        }
        abounds.push(0.0);
        // Day segments start at each boundary; one more segment before the first.
        let mut days: Vec<i32> = bounds.iter().copied().collect();
        days.push(days.first().copied().unwrap_or(0) - 1);
        abounds.sort_by(f64::total_cmp);
        abounds.dedup();
        let mut amounts = abounds.clone();
        for w in abounds.windows(2) {
            amounts.push((w[0] + w[1]) / 2.0);
        }
        let (first, last) = (abounds[0], abounds[abounds.len() - 1]);
        amounts.push(first - 1.0);
        amounts.push(last + 1.0);
        // Every whole number in reach, for actions whose amounts are whole.
        let mut k = first.floor() - 1.0;
        while k <= last.ceil() + 1.0 {
            amounts.push(k);
            k += 1.0;
        }
        amounts.sort_by(f64::total_cmp);
        amounts.dedup();
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

    fn action(&self, id: &str) -> &negdiff::Action {
        self.vocab.actions.iter().find(|a| a.id == id).unwrap()
    }

    /// The base action a clause on `action` is about: a0 for a1, the target's base for a4.
    fn base(&self, action: &str) -> &'static str {
        let a = self.action(action);
        match &a.converse {
            Some(cv) => self.base(&cv.action),
            None => match action {
                "a0" | "a1" => "a0",
                "a2" => "a2",
                _ => "a3",
            },
        }
    }

    /// Whether a clause on `action` negates its base: a1, or a4 standing for a1.
    fn negates(&self, action: &str) -> bool {
        match &self.action(action).converse {
            Some(cv) => self.negates(&cv.action),
            None => action == "a1",
        }
    }

    fn entity_of(&self, party: &str) -> Option<&str> {
        self.vocab
            .parties
            .iter()
            .find(|p| p.id == party)
            .and_then(|p| p.entity.as_deref())
    }

    /// The members of the base action's family (it and its opposite).
    fn family(&self, base: &str) -> Vec<&negdiff::Action> {
        self.vocab
            .actions
            .iter()
            .filter(|a| a.converse.is_none() && self.base(&a.id) == base)
            .collect()
    }

    fn in_place_domain(&self, base: &str, atom: usize) -> bool {
        match self.family(base).iter().find_map(|a| a.applies_to.as_ref()) {
            None => true,
            Some(ps) => ps.iter().any(|p| self.place_atoms(p).contains(&atom)),
        }
    }

    fn amount_domain(&self, base: &str) -> AmountDom {
        let family = self.family(base);
        if let Some(d) = family.iter().find_map(|a| a.amount_domain) {
            return AmountDom {
                min: d.min,
                max: d.max,
                whole: d.whole,
            };
        }
        let unit = family.iter().any(|a| a.unit.is_some());
        AmountDom {
            min: unit.then_some(0.0),
            max: None,
            whole: false,
        }
    }

    fn in_amount_domain(&self, base: &str, x: f64) -> bool {
        let d = self.amount_domain(base);
        d.min.is_none_or(|m| m <= x) && d.max.is_none_or(|m| x <= m) && (!d.whole || x.fract() == 0.0)
    }

    /// How a clause is read: per bearer as itself, or, on the converse action, as the
    /// target's bearer at the bearers' territories; places cut to the action's domain.
    fn readings<'c>(&self, c: &'c Clause) -> Vec<Reading<'c>> {
        let base = self.base(&c.action);
        let modality = if self.negates(&c.action) {
            c.modality.negate_action()
        } else {
            c.modality
        };
        let cut = |atoms: BTreeSet<usize>| -> BTreeSet<usize> {
            atoms.into_iter().filter(|&a| self.in_place_domain(base, a)).collect()
        };
        match &self.action(&c.action).converse {
            None => {
                let atoms: BTreeSet<usize> = match &c.places {
                    None => (0..self.n_atoms()).collect(),
                    Some(ps) => ps.iter().flat_map(|p| self.place_atoms(p)).collect(),
                };
                let mut bearers = c.bearer.clone();
                bearers.dedup();
                bearers
                    .into_iter()
                    .map(|b| Reading {
                        clause: c,
                        bearer: b,
                        base,
                        modality,
                        atoms: cut(atoms.clone()),
                    })
                    .collect()
            }
            Some(cv) => {
                let atoms: BTreeSet<usize> = c
                    .bearer
                    .iter()
                    .filter_map(|b| self.entity_of(b))
                    .flat_map(|e| self.entity_atoms(e))
                    .collect();
                let atoms = cut(atoms);
                if atoms.is_empty() {
                    return Vec::new();
                }
                vec![Reading {
                    clause: c,
                    bearer: cv.by.clone(),
                    base,
                    modality,
                    atoms,
                }]
            }
        }
    }

    fn reading_has(&self, r: &Reading<'_>, (atom, day, amount): CellPt) -> bool {
        let c = r.clause;
        let in_when = c.when.as_ref().is_none_or(|w| {
            w.from.is_none_or(|f| f.day_number() <= day) && w.until.is_none_or(|u| day <= u.day_number())
        });
        let in_amount = c
            .amount
            .as_ref()
            .is_none_or(|a| a.min.is_none_or(|m| m <= amount) && a.max.is_none_or(|m| amount <= m));
        r.atoms.contains(&atom) && in_when && in_amount && self.in_amount_domain(r.base, amount)
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

    /// Whether a witness box of a finding on `base` holds a cell; an absent amount is the
    /// action's whole amount domain.
    fn box_has(&self, base: &str, b: &ScopeBox, (atom, day, amount): CellPt) -> bool {
        b.places.iter().any(|p| *p == self.atom_id(atom))
            && b.when.is_none_or(|w| w.contains(Date::from_day_number(day)))
            && b.amount.is_none_or(|a| a.contains(amount))
            && self.in_amount_domain(base, amount)
    }

    /// Every box of the finding inside the domain of its action.
    fn inside_domain(&self, f: &Finding) -> Result<(), String> {
        let base: &str = &f.action;
        let d = self.amount_domain(base);
        for b in &f.scope {
            for p in &b.places {
                let atom = (0..self.n_atoms()).find(|&a| self.atom_id(a) == **p).unwrap();
                if !self.in_place_domain(base, atom) {
                    return Err(format!("place {p} outside the applies-to of {base}"));
                }
            }
            if let Some(a) = b.amount {
                let below = d.min.is_some_and(|m| a.min.is_none_or(|x| x < m));
                let above = d.max.is_some_and(|m| a.max.is_none_or(|x| x > m));
                if below || above {
                    return Err(format!("amount {a} outside the amount domain of {base}"));
                }
                let whole_end = |x: Option<f64>, inclusive: bool| x.is_none_or(|x| x.fract() == 0.0 && inclusive);
                if d.whole && !(whole_end(a.min, a.min_inclusive) && whole_end(a.max, a.max_inclusive)) {
                    return Err(format!("amount {a} of {base} has an end that is not a whole number"));
                }
            }
        }
        Ok(())
    }

    fn issue_of(&self, base: &str) -> &'static str {
        if base == "a0" {
            "i0"
        } else {
            "i1"
        }
    }
}

fn cells_of(r: &Reference<'_>, f: &Finding) -> BTreeSet<(usize, i32, u64)> {
    let all = r.cells();
    let mut out = BTreeSet::new();
    for cell in all {
        let n = f.scope.iter().filter(|b| r.box_has(&f.action, b, cell)).count();
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

fn readings_of<'c>(r: &Reference<'_>, p: &'c Position) -> Vec<Reading<'c>> {
    p.clauses.iter().flat_map(|c| r.readings(c)).collect()
}

fn check_against_reference(w: &World) -> Result<(), TestCaseError> {
    let cmp = compare(&w.vocab, &w.left, &w.right).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let r = Reference::new(&w.vocab, &[&w.left, &w.right]);
    let cells = r.cells();
    let (lrs, rrs) = (readings_of(&r, &w.left), readings_of(&r, &w.right));
    let cells_of_reading = |x: &Reading<'_>| -> Cells {
        cells
            .iter()
            .filter(|&&c| r.reading_has(x, c))
            .map(|&c| key(c))
            .collect()
    };
    let lcells: Vec<Cells> = lrs.iter().map(cells_of_reading).collect();
    let rcells: Vec<Cells> = rrs.iter().map(cells_of_reading).collect();
    let same_key = |a: &Reading<'_>, b: &Reading<'_>| a.bearer == b.bearer && a.base == b.base;
    // Expected pair findings: (bearer, base, left id, right id) -> (kind, cells).
    let mut expected: BTreeMap<(String, String, String, String), (FindingKind, Cells)> = BTreeMap::new();
    let mut expected_gaps: BTreeMap<(String, String, String, bool), Cells> = BTreeMap::new();
    for (i, lr) in lrs.iter().enumerate() {
        let mut gap = lcells[i].clone();
        for (j, rr) in rrs.iter().enumerate() {
            if !same_key(lr, rr) {
                continue;
            }
            let both: Cells = lcells[i].intersection(&rcells[j]).copied().collect();
            for c in &both {
                gap.remove(c);
            }
            if !both.is_empty() {
                expected.insert(
                    (
                        lr.bearer.clone(),
                        lr.base.into(),
                        lr.clause.id.clone(),
                        rr.clause.id.clone(),
                    ),
                    (FindingKind::relate(lr.modality, rr.modality), both),
                );
            }
        }
        if !gap.is_empty() {
            expected_gaps.insert((lr.bearer.clone(), lr.base.into(), lr.clause.id.clone(), true), gap);
        }
    }
    for (j, rr) in rrs.iter().enumerate() {
        let mut gap = rcells[j].clone();
        for (i, lr) in lrs.iter().enumerate() {
            if same_key(lr, rr) {
                gap.retain(|c| !lcells[i].contains(c));
            }
        }
        if !gap.is_empty() {
            expected_gaps.insert((rr.bearer.clone(), rr.base.into(), rr.clause.id.clone(), false), gap);
        }
    }
    let mut seen_pairs = BTreeMap::new();
    let mut seen_gaps = BTreeMap::new();
    for f in &cmp.findings {
        prop_assert!(!f.scope.is_empty(), "empty witness: {f:#?}");
        if let Err(e) = r.inside_domain(f) {
            prop_assert!(false, "{e}: {f:#?}");
        }
        prop_assert_eq!(
            &*f.issue,
            r.issue_of(&f.action),
            "finding keyed by another issue: {:#?}",
            f
        );
        let got = cells_of(&r, f);
        prop_assert!(!got.is_empty(), "witness covers no cell: {f:#?}");
        // A finding listing several clauses on a side stands for each of them (a gap) or each
        // pair of a left and a right one (a relation), all on this witness.
        if f.kind == FindingKind::Gap {
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
    // A reading's class: its key, its modality and its cells.
    let mut classes = BTreeMap::new();
    for (side, readings, cells) in [(0, &lrs, &lcells), (1, &rrs, &rcells)] {
        for (x, c) in readings.iter().zip(cells.iter()) {
            classes.insert(
                (side, x.bearer.clone(), x.clause.id.clone()),
                (x.bearer.clone(), x.base.to_string(), x.modality, c.clone()),
            );
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
        let e = grouped
            .entry((FindingKind::Gap, c.clone(), None, cells.clone()))
            .or_default();
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

/// The position with every clause on the converse action written out as what it means: the
/// target's bearer doing the target at the bearers' territories (those inside the domain).
fn converse_written_out(r: &Reference<'_>, p: &Position) -> Position {
    let mut out = p.clone();
    out.clauses.clear();
    for c in &p.clauses {
        let Some(cv) = &r.action(&c.action).converse else {
            out.clauses.push(c.clone());
            continue;
        };
        let base = r.base(&c.action);
        let places: Vec<String> = c
            .bearer
            .iter()
            .filter_map(|b| r.entity_of(b))
            .filter(|e| r.entity_atoms(e).iter().any(|&a| r.in_place_domain(base, a)))
            .map(str::to_string)
            .collect();
        if places.is_empty() {
            continue;
        }
        let mut d = c.clone();
        d.bearer = vec![cv.by.clone()];
        d.action = cv.action.clone();
        d.places = Some(places);
        out.clauses.push(d);
    }
    out
}

/// The basis of a clause, as the reference reads it: its `basis` if it says one, else
/// quoted when it has evidence, else inferred; ranked 0 (quoted) to 2 (inferred).
fn reference_basis(c: &Clause) -> u8 {
    match (c.basis, c.evidence.is_empty()) {
        (Some(Basis::Document), _) => 1,
        (Some(Basis::Inferred), _) | (None, true) => 2,
        _ => 0,
    }
}

/// Every finding's basis is the weakest of its clauses'; every gap says whether the silent
/// side addresses the issue; the summary counts them so.
fn check_basis_and_silence(w: &World) -> Result<(), TestCaseError> {
    let cmp = compare(&w.vocab, &w.left, &w.right).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let clause = |p: &Position, id: &str| p.clauses.iter().find(|c| c.id == id).cloned();
    let (mut inferred, mut not_addressed) = (0, 0);
    for f in &cmp.findings {
        let mut weakest = 0;
        for id in &f.left {
            weakest = weakest.max(reference_basis(&clause(&w.left, id).unwrap()));
        }
        for id in &f.right {
            weakest = weakest.max(reference_basis(&clause(&w.right, id).unwrap()));
        }
        let want = [Basis::Quoted, Basis::Document, Basis::Inferred][weakest as usize];
        prop_assert_eq!(f.basis, want, "{:#?}", f);
        inferred += usize::from(want == Basis::Inferred);
        let silence = (f.kind == FindingKind::Gap).then(|| {
            let silent = if f.left.is_empty() { &w.left } else { &w.right };
            let addressed = silent
                .addresses
                .as_ref()
                .is_none_or(|a| a.iter().any(|i| i == issue_of(&f.action)));
            if addressed {
                Silence::Silent
            } else {
                Silence::NotAddressed
            }
        });
        prop_assert_eq!(f.silence, silence, "{:#?}", f);
        not_addressed += usize::from(silence == Some(Silence::NotAddressed));
    }
    prop_assert_eq!(cmp.summary.by_basis.inferred.total(), inferred);
    prop_assert_eq!(cmp.summary.silence.not_addressed, not_addressed);
    prop_assert_eq!(cmp.summary.silence.silent + not_addressed, cmp.summary.counts.gap);
    Ok(())
}

/// The position without its clauses off the record.
fn on_record_only(p: &Position) -> Position {
    let mut p = p.clone();
    p.clauses.retain(|c| reference_basis(c) < 2);
    p
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
    fn basis_and_silence_match_reference(w in arb_world()) {
        check_basis_and_silence(&w)?;
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
        let cmp = compare(&w.vocab, &w.left, &w.right).unwrap();
        let r = Reference::new(&w.vocab, &[&w.left, &w.right]);
        let rrs = readings_of(&r, &w.right);
        for lr in readings_of(&r, &w.left) {
            let scope: BTreeSet<_> = r.cells().into_iter().filter(|&c| r.reading_has(&lr, c)).map(key).collect();
            let mut covered = BTreeSet::new();
            let mut gap = BTreeSet::new();
            let mine = |f: &&Finding| *f.bearer == *lr.bearer && *f.action == *lr.base && f.left.iter().any(|x| *x == lr.clause.id);
            for f in cmp.findings.iter().filter(mine) {
                let cells = cells_of(&r, f);
                if f.kind == FindingKind::Gap { gap.extend(cells.iter().copied()); }
                covered.extend(cells);
            }
            prop_assert_eq!(&covered, &scope);
            for rr in rrs.iter().filter(|rr| rr.bearer == lr.bearer && rr.base == lr.base) {
                for c in r.cells() {
                    prop_assert!(!(gap.contains(&key(c)) && r.reading_has(rr, c)));
                }
            }
        }
    }

    #[test]
    fn a_converse_clause_compares_as_written_out(w in arb_world()) {
        // Reading `p may join` as `by may admit at p's territory` is all a converse does.
        let r = Reference::new(&w.vocab, &[]);
        let (l, rt) = (converse_written_out(&r, &w.left), converse_written_out(&r, &w.right));
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
