//! The brute-force reference engine: the one the property tests, the seeded tests and the
//! benchmarks measure the engine against.
//!
//! It reads the vocabulary directly (no index, no atoms bitsets, no blocks): a clause is read
//! per bearer as a norm over a base action ([`Reading`]), the scopes of one (bearer, base
//! action) are cut into cells (atom × elementary day segment × elementary amount piece, see
//! [`Grid`]) and clauses are related cell by cell. [`check_comparison`] replays an engine
//! comparison there: every finding must hold cell for cell, every relation must be reported,
//! same-class clauses must be grouped, and the basis, silence, summary and per-issue verdicts
//! must be the ones the reference derives on its own. [`reference_compare`] is the same reading
//! reduced to the relations, for benchmarks.

#![allow(
    clippy::missing_errors_doc,
    reason = "each check's error is its description of what does not hold, which its doc gives"
)]

use std::collections::{BTreeMap, BTreeSet};

use crate::analysis::{Comparison, Finding, FindingKind, Name, ScopeBox, Silence, Verdict};
use crate::model::{Action, Basis, Clause, Date, Modality, Position, Vocabulary};

/// One cell: an atom index (the last one is "elsewhere", `*`), a representative day (a day
/// number) and a representative amount.
pub type Cell = (usize, i32, f64);

/// The amounts a base action can have, as the reference reads the vocabulary: bounds
/// (included) and whether only whole numbers exist.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AmountDom {
    /// The smallest amount (`0` for an action with a unit and no `amount-domain`).
    pub min: Option<f64>,
    /// The largest amount.
    pub max: Option<f64>,
    /// Whether only whole numbers exist.
    pub whole: bool,
}

impl AmountDom {
    /// Whether `x` is a possible amount.
    #[must_use]
    pub fn has(&self, x: f64) -> bool {
        self.min.is_none_or(|m| m <= x) && self.max.is_none_or(|m| x <= m) && (!self.whole || x.fract() == 0.0)
    }
}

/// A clause read as a norm: its bearer, base action, modality over the base and places (atom
/// indices, cut to the action's `applies-to`); its days and amounts are the clause's own.
#[derive(Debug, Clone)]
pub struct Reading<'c> {
    /// The clause read.
    pub clause: &'c Clause,
    /// The party bearing the norm (for a converse action, the target's bearer).
    pub bearer: String,
    /// The base action (the first declared of two opposites; a converse's target's base).
    pub base: String,
    /// The modality over the base action (negated for the second of two opposites).
    pub modality: Modality,
    /// The atoms the norm holds at.
    pub atoms: BTreeSet<usize>,
}

/// How finely a [`Grid`] samples each elementary piece.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fineness {
    /// One point per elementary day segment and amount piece: enough to relate clauses, and
    /// cheap enough for thousands of clauses (benchmarks).
    Coarse,
    /// Also each segment's last day and, for whole amounts, every whole number of a piece
    /// (its two extremes when it holds more than 64): enough to check where a witness ends.
    Fine,
}

/// The clauses of both sides on one (bearer, base action) and the cells of its grid.
#[derive(Debug, Clone)]
pub struct Grid<'c> {
    /// The bearer party id.
    pub bearer: String,
    /// The base action id.
    pub base: String,
    /// The amounts the base action can have.
    pub domain: AmountDom,
    /// The cells, cut by every bound of the clauses and of the amount domain.
    pub cells: Vec<Cell>,
    /// The left side's readings on this key, each with the cells it holds.
    pub left: Vec<(Reading<'c>, Vec<bool>)>,
    /// The right side's readings on this key, each with the cells it holds.
    pub right: Vec<(Reading<'c>, Vec<bool>)>,
}

/// A relation the reference finds on a grid: a pair of readings that meet, or a reading's gap.
#[derive(Debug, Clone, Copy)]
pub struct Relation<'g> {
    /// The relation (a gap when one of `left`/`right` is `None`).
    pub kind: FindingKind,
    /// The left reading's index in [`Grid::left`].
    pub left: Option<usize>,
    /// The right reading's index in [`Grid::right`].
    pub right: Option<usize>,
    /// The cells of the grid it holds on (never all `false`).
    pub cells: &'g [bool],
}

/// The reference's reading of one vocabulary.
#[derive(Debug, Clone)]
pub struct Reference<'a> {
    vocab: &'a Vocabulary,
    /// Action id -> (base action id, negated, for a converse the party bearing the target).
    actions: BTreeMap<&'a str, (&'a str, bool, Option<&'a str>)>,
}

impl<'a> Reference<'a> {
    /// The reference over `vocab`, which should be valid; unknown ids are skipped.
    #[must_use]
    pub fn new(vocab: &'a Vocabulary) -> Self {
        let mut actions = BTreeMap::new();
        for (i, a) in vocab.actions.iter().enumerate() {
            // The action declared first of an opposite pair is the base; the pair may be
            // declared on either action.
            let earlier = vocab.actions[..i]
                .iter()
                .find(|b| a.opposite.as_deref() == Some(b.id.as_str()) || b.opposite.as_deref() == Some(a.id.as_str()));
            match earlier {
                Some(b) => actions.insert(a.id.as_str(), (b.id.as_str(), true, None)),
                None => actions.insert(a.id.as_str(), (a.id.as_str(), false, None)),
            };
        }
        // A converse stands for its target, borne by another party.
        for a in &vocab.actions {
            let Some(cv) = &a.converse else { continue };
            if let Some(&(base, negated, _)) = actions.get(cv.action.as_str()) {
                actions.insert(a.id.as_str(), (base, negated, Some(cv.by.as_str())));
            }
        }
        Reference { vocab, actions }
    }

    /// The base action a clause on `action` is about (a converse: its target's base).
    #[must_use]
    pub fn base(&self, action: &str) -> Option<&'a str> {
        self.actions.get(action).map(|a| a.0)
    }

    /// Whether a clause on `action` negates its base (the second of two opposites, or a
    /// converse standing for one).
    #[must_use]
    pub fn negates(&self, action: &str) -> bool {
        self.actions.get(action).is_some_and(|a| a.1)
    }

    /// For a converse action, the party that bears its target.
    #[must_use]
    pub fn converse_by(&self, action: &str) -> Option<&'a str> {
        self.actions.get(action).and_then(|a| a.2)
    }

    /// The issue a base action is listed in.
    #[must_use]
    pub fn issue_of(&self, base: &str) -> Option<&'a str> {
        self.vocab
            .issues
            .iter()
            .find(|i| i.actions.iter().any(|a| a == base))
            .map(|i| i.id.as_str())
    }

    /// Whether `position` addresses `issue` (a position that lists none addresses every issue).
    #[must_use]
    pub fn addresses(position: &Position, issue: &str) -> bool {
        position.addresses.as_ref().is_none_or(|a| a.iter().any(|i| i == issue))
    }

    /// The entity a party stands for (its territory), if it has one.
    #[must_use]
    pub fn entity_of(&self, party: &str) -> Option<&'a str> {
        self.vocab
            .parties
            .iter()
            .find(|p| p.id == party)
            .and_then(|p| p.entity.as_deref())
    }

    /// The number of atoms: one per entity, and the last for unnamed places.
    #[must_use]
    pub fn n_atoms(&self) -> usize {
        self.vocab.entities.len() + 1
    }

    /// The id of an atom as witnesses name it: its entity, or `*` for the last.
    #[must_use]
    pub fn atom_id(&self, atom: usize) -> &'a str {
        self.vocab.entities.get(atom).map_or("*", |e| e.id.as_str())
    }

    /// The atoms an entity covers: itself and, transitively, its parts.
    #[must_use]
    pub fn entity_atoms(&self, id: &str) -> BTreeSet<usize> {
        let mut out = BTreeSet::new();
        for i in 0..self.vocab.entities.len() {
            // Walk up the part-of chain: an atom belongs to every ancestor.
            let mut cur = Some(i);
            let mut steps = 0;
            while let Some(c) = cur {
                if self.vocab.entities[c].id == id {
                    out.insert(i);
                }
                steps += 1;
                cur = self.vocab.entities[c]
                    .part_of
                    .as_ref()
                    .and_then(|p| self.vocab.entities.iter().position(|e| &e.id == p))
                    .filter(|_| steps <= self.vocab.entities.len());
            }
        }
        out
    }

    /// The atoms a place covers: an entity, `@group` (the position's own groups first) or `*`.
    #[must_use]
    pub fn place_atoms(&self, place: &str, groups: &BTreeMap<String, Vec<String>>) -> BTreeSet<usize> {
        self.place_atoms_at(place, groups, 0)
    }

    fn place_atoms_at(&self, place: &str, groups: &BTreeMap<String, Vec<String>>, depth: usize) -> BTreeSet<usize> {
        if place == "*" {
            return (0..self.n_atoms()).collect();
        }
        if let Some(g) = place.strip_prefix('@') {
            let members = groups.get(g).or_else(|| self.vocab.groups.get(g));
            return match members {
                Some(ms) if depth < 64 => ms
                    .iter()
                    .flat_map(|m| self.place_atoms_at(m, groups, depth + 1))
                    .collect(),
                _ => BTreeSet::new(),
            };
        }
        self.entity_atoms(place)
    }

    /// The actions a base action stands for directly (itself and its opposite).
    fn family<'s>(&'s self, base: &'s str) -> impl Iterator<Item = &'a Action> + 's {
        self.vocab
            .actions
            .iter()
            .filter(move |a| a.converse.is_none() && self.base(&a.id) == Some(base))
    }

    /// The atoms a base action applies to (`applies-to` of it or its opposite); `None` for all.
    #[must_use]
    pub fn place_domain(&self, base: &str) -> Option<BTreeSet<usize>> {
        let places = self.family(base).find_map(|a| a.applies_to.as_ref())?;
        Some(
            places
                .iter()
                .flat_map(|p| self.place_atoms(p, &BTreeMap::new()))
                .collect(),
        )
    }

    /// Whether a base action applies at an atom.
    #[must_use]
    pub fn in_place_domain(&self, base: &str, atom: usize) -> bool {
        self.place_domain(base).is_none_or(|d| d.contains(&atom))
    }

    /// The amounts a base action can have: its family's `amount-domain`, else `[0, ∞)` when
    /// it has a unit, else any.
    #[must_use]
    pub fn amount_domain(&self, base: &str) -> AmountDom {
        if let Some(d) = self.family(base).find_map(|a| a.amount_domain) {
            return AmountDom {
                min: d.min,
                max: d.max,
                whole: d.whole,
            };
        }
        let unit = self.family(base).any(|a| a.unit.is_some());
        AmountDom {
            min: unit.then_some(0.0),
            max: None,
            whole: false,
        }
    }

    /// How a clause of `position` is read: per bearer as itself, or, on a converse action, as
    /// the target's bearer at the bearers' territories; places cut to the action's domain. A
    /// converse clause none of whose bearers has a territory inside the domain reads as nothing.
    #[must_use]
    pub fn readings<'c>(&self, position: &'c Position, c: &'c Clause) -> Vec<Reading<'c>> {
        let Some(&(base, negated, by)) = self.actions.get(c.action.as_str()) else {
            return Vec::new();
        };
        let modality = if negated {
            c.modality.negate_action()
        } else {
            c.modality
        };
        let domain = self.place_domain(base);
        let cut = |atoms: BTreeSet<usize>| -> BTreeSet<usize> {
            match &domain {
                None => atoms,
                Some(d) => atoms.intersection(d).copied().collect(),
            }
        };
        let reading = |bearer: &str, atoms| Reading {
            clause: c,
            bearer: bearer.to_string(),
            base: base.to_string(),
            modality,
            atoms,
        };
        match by {
            None => {
                let atoms = cut(match &c.places {
                    None => (0..self.n_atoms()).collect(),
                    Some(ps) => ps.iter().flat_map(|p| self.place_atoms(p, &position.groups)).collect(),
                });
                let mut bearers: Vec<&String> = c.bearer.iter().collect();
                bearers.dedup();
                bearers.into_iter().map(|b| reading(b, atoms.clone())).collect()
            }
            Some(by) => {
                let atoms = cut(c
                    .bearer
                    .iter()
                    .filter_map(|b| self.entity_of(b))
                    .flat_map(|e| self.entity_atoms(e))
                    .collect());
                if atoms.is_empty() {
                    Vec::new()
                } else {
                    vec![reading(by, atoms)]
                }
            }
        }
    }

    /// Every reading of a position's clauses, in clause order.
    #[must_use]
    pub fn readings_of<'c>(&self, position: &'c Position) -> Vec<Reading<'c>> {
        position
            .clauses
            .iter()
            .flat_map(|c| self.readings(position, c))
            .collect()
    }

    /// Whether a reading holds at a cell (inside its clause's `when` and `amount`, its atoms
    /// and its action's amount domain).
    #[must_use]
    pub fn reading_has(&self, r: &Reading<'_>, domain: &AmountDom, (atom, day, amount): Cell) -> bool {
        let c = r.clause;
        let in_when = c.when.as_ref().is_none_or(|w| {
            w.from.is_none_or(|f| f.day_number() <= day) && w.until.is_none_or(|u| day <= u.day_number())
        });
        let in_amount = c
            .amount
            .as_ref()
            .is_none_or(|a| a.min.is_none_or(|m| m <= amount) && a.max.is_none_or(|m| amount <= m));
        in_when && in_amount && domain.has(amount) && r.atoms.contains(&atom)
    }

    /// The grids of every (bearer, base action) either side reads a clause on, in key order,
    /// each built only when the iterator reaches it (so that memory holds one key's cells).
    pub fn grids<'c>(
        &'c self,
        left: &'c Position,
        right: &'c Position,
        fineness: Fineness,
    ) -> impl Iterator<Item = Grid<'c>> + 'c {
        type Sides<'c> = (Vec<Reading<'c>>, Vec<Reading<'c>>);
        let mut keys: BTreeMap<(String, String), Sides<'c>> = BTreeMap::new();
        for r in self.readings_of(left) {
            keys.entry((r.bearer.clone(), r.base.clone())).or_default().0.push(r);
        }
        for r in self.readings_of(right) {
            keys.entry((r.bearer.clone(), r.base.clone())).or_default().1.push(r);
        }
        keys.into_iter()
            .map(move |((bearer, base), (ls, rs))| self.grid(bearer, base, ls, rs, fineness))
    }

    /// The grid of one key, from the readings of each side on it.
    #[must_use]
    pub fn grid<'c>(
        &self,
        bearer: String,
        base: String,
        left: Vec<Reading<'c>>,
        right: Vec<Reading<'c>>,
        fineness: Fineness,
    ) -> Grid<'c> {
        let domain = self.amount_domain(&base);
        let clauses: Vec<&Clause> = left.iter().chain(&right).map(|r| r.clause).collect();
        let cells = self.cells(&clauses, &domain, fineness);
        let holds = |r: Reading<'c>| {
            let has = cells.iter().map(|&cell| self.reading_has(&r, &domain, cell)).collect();
            (r, has)
        };
        Grid {
            left: left.into_iter().map(holds).collect(),
            right: right.into_iter().map(holds).collect(),
            bearer,
            base,
            domain,
            cells,
        }
    }

    /// The cells of the grid cut by the bounds of `clauses` and of the amount domain.
    fn cells(&self, clauses: &[&Clause], domain: &AmountDom, fineness: Fineness) -> Vec<Cell> {
        let fine = fineness == Fineness::Fine;
        let mut bounds: BTreeSet<i32> = BTreeSet::new();
        let mut abounds: Vec<f64> = Vec::new();
        for c in clauses {
            if let Some(w) = &c.when {
                bounds.extend(w.from.map(Date::day_number));
                bounds.extend(w.until.map(|u| u.day_number() + 1));
            }
            if let Some(a) = &c.amount {
                abounds.extend(a.min);
                abounds.extend(a.max);
            }
        }
        abounds.extend(domain.min);
        abounds.extend(domain.max);
        // Day segments start at each boundary; one more segment before the first. The fine
        // grid also holds each segment's last day, where a witness that ends early shows.
        let starts: Vec<i32> = bounds.iter().copied().collect();
        let mut days = starts.clone();
        days.push(starts.first().copied().unwrap_or(0) - 1);
        if fine {
            days.extend(starts.windows(2).map(|w| w[1] - 1));
        }
        days.sort_unstable();
        days.dedup();
        abounds.sort_by(f64::total_cmp);
        abounds.dedup();
        let mut amounts = abounds.clone();
        let first = abounds.first().copied().unwrap_or(0.0);
        let last = abounds.last().copied().unwrap_or(0.0);
        let mut pieces: Vec<(f64, f64)> = abounds.windows(2).map(|w| (w[0], w[1])).collect();
        pieces.push((first - 2.0, first));
        pieces.push((last, last + 2.0));
        for (lo, hi) in pieces {
            if !domain.whole {
                amounts.push((lo + hi) / 2.0);
                continue;
            }
            // The whole numbers strictly inside the piece: one is enough to relate clauses;
            // every one (or both extremes of a long piece) to check where a witness ends.
            let (a, b) = (lo.floor() + 1.0, hi.ceil() - 1.0);
            if a > b {
                continue;
            }
            if !fine {
                amounts.push(a);
            } else if b - a <= 64.0 {
                let mut k = a;
                while k <= b {
                    amounts.push(k);
                    k += 1.0;
                }
            } else {
                amounts.push(a);
                amounts.push(b);
            }
        }
        amounts.sort_by(f64::total_cmp);
        amounts.dedup();
        let mut out = Vec::with_capacity(self.n_atoms() * days.len() * amounts.len());
        for a in 0..self.n_atoms() {
            for &d in &days {
                for &m in &amounts {
                    out.push((a, d, m));
                }
            }
        }
        out
    }

    /// Whether a witness box of a finding holds a cell (an absent amount is the action's
    /// whole amount domain).
    #[must_use]
    pub fn box_has(&self, domain: &AmountDom, b: &ScopeBox, (atom, day, amount): Cell) -> bool {
        b.places.iter().any(|p| **p == *self.atom_id(atom))
            && b.when.is_none_or(|w| w.contains(Date::from_day_number(day)))
            && b.amount.is_none_or(|a| a.contains(amount))
            && domain.has(amount)
    }

    /// The cells of `grid` a finding's witness holds; an error when two of its boxes overlap.
    pub fn witness_cells(&self, grid: &Grid<'_>, f: &Finding) -> Result<BTreeSet<usize>, String> {
        let mut out = BTreeSet::new();
        for (k, &cell) in grid.cells.iter().enumerate() {
            match f.scope.iter().filter(|b| self.box_has(&grid.domain, b, cell)).count() {
                0 => {}
                1 => {
                    out.insert(k);
                }
                _ => return Err(format!("boxes of a witness overlap at {cell:?}")),
            }
        }
        Ok(out)
    }

    /// Every box of the finding inside the domain of its action: places inside `applies-to`,
    /// amounts inside the amount domain, with whole, included ends for whole amounts.
    pub fn inside_domain(&self, f: &Finding) -> Result<(), String> {
        let base: &str = &f.action;
        let d = self.amount_domain(base);
        let places = self.place_domain(base);
        for b in &f.scope {
            for p in &b.places {
                let atom = (0..self.n_atoms()).find(|&a| *self.atom_id(a) == **p);
                let Some(atom) = atom else {
                    return Err(format!("place {p} is no atom of the vocabulary"));
                };
                if places.as_ref().is_some_and(|ps| !ps.contains(&atom)) {
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

    /// The position with every clause on a converse action written out as what it means: the
    /// target's bearer doing the target at the bearers' territories (those inside the domain).
    #[must_use]
    pub fn converse_written_out(&self, p: &Position) -> Position {
        let mut out = p.clone();
        out.clauses.clear();
        for c in &p.clauses {
            let (Some(by), Some(cv)) = (
                self.converse_by(&c.action),
                self.vocab
                    .actions
                    .iter()
                    .find(|a| a.id == c.action)
                    .and_then(|a| a.converse.as_ref()),
            ) else {
                out.clauses.push(c.clone());
                continue;
            };
            let base = self.base(&c.action).unwrap_or_default();
            let places: Vec<String> = c
                .bearer
                .iter()
                .filter_map(|b| self.entity_of(b))
                .filter(|e| self.entity_atoms(e).iter().any(|&a| self.in_place_domain(base, a)))
                .map(str::to_string)
                .collect();
            if places.is_empty() {
                continue;
            }
            let mut d = c.clone();
            d.bearer = vec![by.to_string()];
            d.action = cv.action.clone();
            d.places = Some(places);
            out.clauses.push(d);
        }
        out
    }
}

impl Grid<'_> {
    /// Every relation on this key, the obvious way: each pair of a left and a right reading
    /// that share a cell, on the cells they share; each reading's cells no reading of the
    /// other side holds, as its gap. `emit` sees each relation once, in that order.
    pub fn relations(&self, mut emit: impl FnMut(Relation<'_>)) {
        let n = self.cells.len();
        let mut buf = vec![false; n];
        for (i, (lr, lc)) in self.left.iter().enumerate() {
            for (j, (rr, rc)) in self.right.iter().enumerate() {
                let mut any = false;
                for k in 0..n {
                    buf[k] = lc[k] && rc[k];
                    any |= buf[k];
                }
                if any {
                    emit(Relation {
                        kind: FindingKind::relate(lr.modality, rr.modality),
                        left: Some(i),
                        right: Some(j),
                        cells: &buf,
                    });
                }
            }
        }
        for (mine, other, left) in [(&self.left, &self.right, true), (&self.right, &self.left, false)] {
            for (i, (_, cells)) in mine.iter().enumerate() {
                let mut any = false;
                for k in 0..n {
                    buf[k] = cells[k] && !other.iter().any(|(_, oc)| oc[k]);
                    any |= buf[k];
                }
                if any {
                    emit(Relation {
                        kind: FindingKind::Gap,
                        left: left.then_some(i),
                        right: (!left).then_some(i),
                        cells: &buf,
                    });
                }
            }
        }
    }
}

/// The basis of a clause, as the reference reads it: its `basis` if it says one, else quoted
/// when it has evidence, else inferred.
#[must_use]
pub fn clause_basis(c: &Clause) -> Basis {
    match (c.basis, c.evidence.is_empty()) {
        (Some(b), _) => b,
        (None, false) => Basis::Quoted,
        (None, true) => Basis::Inferred,
    }
}

fn basis_rank(b: Basis) -> u8 {
    match b {
        Basis::Quoted => 0,
        Basis::Document => 1,
        _ => 2,
    }
}

/// The position without its clauses off the record (those whose basis is inferred).
#[must_use]
pub fn on_record_only(p: &Position) -> Position {
    let mut p = p.clone();
    p.clauses.retain(|c| clause_basis(c) != Basis::Inferred);
    p
}

/// A finding reduced to what both engines must agree on: kind, bearer, base action, left
/// clause id, right clause id.
pub type FindingKey = (FindingKind, String, String, Option<String>, Option<String>);

/// One relation the reference finds: a pair of clauses that meet, or a clause's gap.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RefFinding {
    /// The relation (a gap when one of `left`/`right` is `None`).
    pub kind: FindingKind,
    /// The bearer party id.
    pub bearer: String,
    /// The base action id.
    pub action: String,
    /// The left clause id.
    pub left: Option<String>,
    /// The right clause id.
    pub right: Option<String>,
    /// How many cells of the key's grid the finding covers.
    pub cells: usize,
}

impl RefFinding {
    /// The finding without its cell count, to match against the engine's.
    #[must_use]
    pub fn key(&self) -> FindingKey {
        (
            self.kind,
            self.bearer.clone(),
            self.action.clone(),
            self.left.clone(),
            self.right.clone(),
        )
    }
}

/// The keys of an engine comparison's findings, in the form of [`RefFinding::key`], sorted.
///
/// A finding that lists several clauses on a side (a class of clauses with the same modality
/// on the same scope) stands for every pair of a left and a right clause it lists (for a gap,
/// every clause it lists), which is how the reference, clause by clause, reports it.
#[must_use]
pub fn engine_keys(c: &Comparison) -> Vec<FindingKey> {
    let mut out: Vec<FindingKey> = Vec::new();
    for f in &c.findings {
        let key = |l: Option<&Name>, r: Option<&Name>| {
            (
                f.kind,
                f.bearer.to_string(),
                f.action.to_string(),
                l.map(|n| n.to_string()),
                r.map(|n| n.to_string()),
            )
        };
        match (f.left.is_empty(), f.right.is_empty()) {
            (false, true) => out.extend(f.left.iter().map(|l| key(Some(l), None))),
            (true, false) => out.extend(f.right.iter().map(|r| key(None, Some(r)))),
            _ => {
                for l in &f.left {
                    out.extend(f.right.iter().map(|r| key(Some(l), Some(r))));
                }
            }
        }
    }
    out.sort();
    out
}

/// Compares two positions the slow, obvious way: for each (bearer, base action), cut the
/// scopes into cells ([`Fineness::Coarse`]), list the cells of every clause, and relate
/// clauses cell by cell.
///
/// Assumes the positions are valid for the vocabulary (see
/// [`validate_position`](crate::validate_position)); unknown ids are skipped. Returns the
/// findings sorted, one per pair of clauses (or per clause for a gap), not grouped.
#[must_use]
pub fn reference_compare(vocab: &Vocabulary, left: &Position, right: &Position) -> Vec<RefFinding> {
    let r = Reference::new(vocab);
    let mut out = Vec::new();
    for grid in r.grids(left, right, Fineness::Coarse) {
        grid.relations(|rel| {
            out.push(RefFinding {
                kind: rel.kind,
                bearer: grid.bearer.clone(),
                action: grid.base.clone(),
                left: rel.left.map(|i| grid.left[i].0.clause.id.clone()),
                right: rel.right.map(|j| grid.right[j].0.clause.id.clone()),
                cells: rel.cells.iter().filter(|&&x| x).count(),
            });
        });
    }
    out.sort();
    out
}

/// A reading's class on its key: its side, modality and cells. Same-class readings relate to
/// everything alike, so the engine reports them together.
type Class = (bool, Modality, BTreeSet<usize>);

/// Replays an engine comparison of `left` and `right` on the reference, and says what does
/// not hold: [`check_relations`], [`check_basis_and_silence`] and [`check_verdicts`] in turn.
pub fn check_comparison(vocab: &Vocabulary, left: &Position, right: &Position, cmp: &Comparison) -> Result<(), String> {
    check_relations(vocab, left, right, cmp)?;
    check_basis_and_silence(vocab, left, right, cmp)?;
    check_verdicts(vocab, left, right, cmp)
}

/// The findings against the reference's relations, cell by cell:
///
/// - every finding has a non-empty witness inside its action's domain, keyed by its action's
///   issue, whose boxes never overlap;
/// - the pairs and gaps the findings stand for are exactly the reference's relations, each on
///   exactly the cells the reference finds ([`Fineness::Fine`]);
/// - readings of one side with the same modality on the same cells of a key are never split
///   over findings: the reference's relations grouped by class are the findings one for one.
pub fn check_relations(vocab: &Vocabulary, left: &Position, right: &Position, cmp: &Comparison) -> Result<(), String> {
    let r = Reference::new(vocab);
    let mut by_key: BTreeMap<(String, String), Vec<&Finding>> = BTreeMap::new();
    for f in &cmp.findings {
        if f.scope.is_empty() {
            return Err(format!("empty witness: {f:#?}"));
        }
        r.inside_domain(f).map_err(|e| format!("{e}: {f:#?}"))?;
        if r.issue_of(&f.action) != Some(&*f.issue) {
            return Err(format!("finding keyed by another issue: {f:#?}"));
        }
        by_key
            .entry((f.bearer.to_string(), f.action.to_string()))
            .or_default()
            .push(f);
    }
    for grid in r.grids(left, right, Fineness::Fine) {
        let findings = by_key
            .remove(&(grid.bearer.clone(), grid.base.clone()))
            .unwrap_or_default();
        check_grid(&r, &grid, &findings)?;
    }
    match by_key.into_iter().next() {
        Some((key, fs)) => Err(format!("findings on {key:?}, where no clause is read: {fs:#?}")),
        None => Ok(()),
    }
}

/// Each finding's basis is the weakest of its clauses' (a clause with neither `basis` nor
/// evidence is inferred), each gap's silence says whether the silent side addresses the
/// issue, and the summary counts them so.
pub fn check_basis_and_silence(
    vocab: &Vocabulary,
    left: &Position,
    right: &Position,
    cmp: &Comparison,
) -> Result<(), String> {
    let r = Reference::new(vocab);
    for f in &cmp.findings {
        finding_basis_and_silence(&r, f, left, right)?;
    }
    check_record(left, right, cmp)
}

/// The issues (those either side reads a clause on, in vocabulary order), their counts and
/// their verdicts, which the reference derives from its own relations: conflicts (or a
/// permission facing a permission to refrain) or asking more on both sides make
/// `incomparable`; obliging where the other side permits, or speaking where the other side
/// addresses the issue and says nothing, is asking more; a side whose document leaves the
/// issue out makes `left-only`/`right-only` (its silence never makes the other side ask more).
pub fn check_verdicts(vocab: &Vocabulary, left: &Position, right: &Position, cmp: &Comparison) -> Result<(), String> {
    let r = Reference::new(vocab);
    let mut issues = IssueTally::default();
    for grid in r.grids(left, right, Fineness::Coarse) {
        let issue = r.issue_of(&grid.base).unwrap_or_default().to_string();
        grid.relations(|rel| {
            let lm = rel.left.map(|i| grid.left[i].0.modality);
            let rm = rel.right.map(|j| grid.right[j].0.modality);
            issues.note(&issue, rel.kind, lm, rm, left, right);
        });
    }
    issues.check(&r, left, right, cmp)
}

/// One key: the engine's findings there against the reference's relations.
fn check_grid(r: &Reference<'_>, grid: &Grid<'_>, findings: &[&Finding]) -> Result<(), String> {
    let cells = |mask: &[bool]| -> BTreeSet<usize> { (0..mask.len()).filter(|&k| mask[k]).collect() };
    // Readings are keyed by clause id on their side; one clause reads once per key.
    let class = |left: bool, i: usize| -> Class {
        let (reading, mask) = if left { &grid.left[i] } else { &grid.right[i] };
        (left, reading.modality, cells(mask))
    };
    let id = |left: bool, i: usize| -> String {
        let side = if left { &grid.left } else { &grid.right };
        side[i].0.clause.id.clone()
    };
    // What the reference expects: (left id, right id) -> (kind, cells), grouped by classes.
    type Pair = (Option<String>, Option<String>);
    type Group = (BTreeSet<String>, BTreeSet<String>);
    type GroupKey = (FindingKind, Option<Class>, Option<Class>, BTreeSet<usize>);
    let mut expected: BTreeMap<Pair, (FindingKind, BTreeSet<usize>)> = BTreeMap::new();
    let mut grouped: BTreeMap<GroupKey, Group> = BTreeMap::new();
    grid.relations(|rel| {
        let (l, rt) = (rel.left.map(|i| id(true, i)), rel.right.map(|j| id(false, j)));
        let cs = cells(rel.cells);
        let e = grouped
            .entry((
                rel.kind,
                rel.left.map(|i| class(true, i)),
                rel.right.map(|j| class(false, j)),
                cs.clone(),
            ))
            .or_default();
        e.0.extend(l.clone());
        e.1.extend(rt.clone());
        expected.insert((l, rt), (rel.kind, cs));
    });
    let mut seen = BTreeMap::new();
    for f in findings {
        let got = r.witness_cells(grid, f).map_err(|e| format!("{e}: {f:#?}"))?;
        if got.is_empty() {
            return Err(format!("witness covers no cell: {f:#?}"));
        }
        // A finding listing several clauses on a side stands for each of them (a gap) or each
        // pair of a left and a right one (a relation), all on this witness.
        let pairs: Vec<Pair> = match (f.left.is_empty(), f.right.is_empty()) {
            (false, true) => f.left.iter().map(|l| (Some(l.to_string()), None)).collect(),
            (true, false) => f.right.iter().map(|x| (None, Some(x.to_string()))).collect(),
            _ => f
                .left
                .iter()
                .flat_map(|l| f.right.iter().map(move |x| (Some(l.to_string()), Some(x.to_string()))))
                .collect(),
        };
        for pair in pairs {
            if seen.insert(pair.clone(), (f.kind, got.clone())).is_some() {
                return Err(format!("{pair:?} reported twice on {} {}", grid.bearer, grid.base));
            }
        }
    }
    if seen != expected {
        return Err(format!(
            "on {} {}: the engine's relations\n{seen:#?}\nare not the reference's\n{expected:#?}",
            grid.bearer, grid.base
        ));
    }
    // Grouping: the expected relations of each class, grouped, are the findings one for one.
    let mut want: Vec<Group> = grouped.into_values().collect();
    let mut got: Vec<Group> = findings
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
    if want != got {
        return Err(format!(
            "on {} {}: findings group clauses as\n{got:?}\nnot by class as\n{want:?}",
            grid.bearer, grid.base
        ));
    }
    Ok(())
}

/// A finding's basis (the weakest of its clauses') and, for a gap, its silence.
fn finding_basis_and_silence(r: &Reference<'_>, f: &Finding, left: &Position, right: &Position) -> Result<(), String> {
    let basis_of = |p: &Position, id: &Name| {
        p.clauses
            .iter()
            .find(|c| *c.id == **id)
            .map(|c| basis_rank(clause_basis(c)))
            .ok_or_else(|| format!("no clause `{id}` in {}", p.party))
    };
    let mut weakest = 0;
    for id in &f.left {
        weakest = weakest.max(basis_of(left, id)?);
    }
    for id in &f.right {
        weakest = weakest.max(basis_of(right, id)?);
    }
    let want = [Basis::Quoted, Basis::Document, Basis::Inferred][usize::from(weakest)];
    if f.basis != want {
        return Err(format!("basis {} where the reference reads {want}: {f:#?}", f.basis));
    }
    let silence = (f.kind == FindingKind::Gap).then(|| {
        let silent = if f.left.is_empty() { left } else { right };
        if Reference::addresses(silent, r.issue_of(&f.action).unwrap_or_default()) {
            Silence::Silent
        } else {
            Silence::NotAddressed
        }
    });
    if f.silence != silence {
        return Err(format!(
            "silence {:?} where the reference reads {silence:?}: {f:#?}",
            f.silence
        ));
    }
    Ok(())
}

/// The summary's counts by basis and by silence, against the findings themselves.
fn check_record(left: &Position, right: &Position, cmp: &Comparison) -> Result<(), String> {
    let inferred = cmp.findings.iter().filter(|f| f.basis == Basis::Inferred).count();
    let not_addressed = cmp
        .findings
        .iter()
        .filter(|f| f.silence == Some(Silence::NotAddressed))
        .count();
    let s = &cmp.summary;
    let fine = s.by_basis.inferred.total() == inferred
        && s.silence.not_addressed == not_addressed
        && s.silence.silent + not_addressed == s.counts.gap;
    if fine {
        Ok(())
    } else {
        Err(format!(
            "summary of {} against {}: {s:#?}, with {inferred} inferred findings and {not_addressed} not addressed",
            left.party, right.party
        ))
    }
}

/// What the reference's relations say about each issue.
#[derive(Debug, Default)]
struct IssueTally {
    issues: BTreeMap<String, IssueFacts>,
}

#[derive(Debug, Default)]
struct IssueFacts {
    meets: bool,
    incomparable: bool,
    left_more: bool,
    right_more: bool,
}

impl IssueTally {
    fn note(
        &mut self,
        issue: &str,
        kind: FindingKind,
        lm: Option<Modality>,
        rm: Option<Modality>,
        left: &Position,
        right: &Position,
    ) {
        let f = self.issues.entry(issue.to_string()).or_default();
        match (kind, lm, rm) {
            (FindingKind::Conflict, ..) => f.incomparable = true,
            // A gap asks more only against a side that addresses the issue and says nothing.
            (FindingKind::Gap, Some(_), None) => f.left_more |= Reference::addresses(right, issue),
            (FindingKind::Gap, None, Some(_)) => f.right_more |= Reference::addresses(left, issue),
            // Obliging where the other only permits asks more; two permissions (to act, to
            // refrain) cannot be ranked.
            (FindingKind::Overlap, Some(l), Some(r)) => match (l.is_obligation(), r.is_obligation()) {
                (true, _) => f.left_more = true,
                (_, true) => f.right_more = true,
                _ => f.incomparable = true,
            },
            _ => {}
        }
        f.meets |= kind != FindingKind::Gap;
    }

    /// The engine's issues (those either side reads a clause on, in vocabulary order) with the
    /// reference's verdict on each.
    fn check(&self, r: &Reference<'_>, left: &Position, right: &Position, cmp: &Comparison) -> Result<(), String> {
        let raised = |p: &Position| -> BTreeSet<String> {
            r.readings_of(p)
                .iter()
                .filter_map(|x| r.issue_of(&x.base))
                .map(str::to_string)
                .collect()
        };
        let (li, ri) = (raised(left), raised(right));
        let mut want = Vec::new();
        for issue in &r.vocab.issues {
            let id = issue.id.as_str();
            let (l, rt) = (li.contains(id), ri.contains(id));
            if !l && !rt {
                continue;
            }
            let none = IssueFacts::default();
            let f = self.issues.get(id).unwrap_or(&none);
            let verdict = if !Reference::addresses(right, id) {
                Verdict::LeftOnly
            } else if !Reference::addresses(left, id) {
                Verdict::RightOnly
            } else if l && rt && !f.meets {
                Verdict::Disjoint
            } else if f.incomparable || (f.left_more && f.right_more) {
                Verdict::Incomparable
            } else if f.left_more {
                Verdict::LeftAsksMore
            } else if f.right_more {
                Verdict::RightAsksMore
            } else {
                Verdict::Equivalent
            };
            want.push((id.to_string(), verdict));
        }
        let got: Vec<(String, Verdict)> = cmp.issues.iter().map(|v| (v.issue.clone(), v.verdict)).collect();
        if got != want {
            return Err(format!("issue verdicts {got:?}, where the reference reads {want:?}"));
        }
        for v in &cmp.issues {
            let n = |k: FindingKind| {
                cmp.findings
                    .iter()
                    .filter(|f| *f.issue == *v.issue && f.kind == k)
                    .count()
            };
            let c = &v.counts;
            let counts = (c.conflict, c.agreement, c.overlap, c.gap);
            let want = (
                n(FindingKind::Conflict),
                n(FindingKind::Agreement),
                n(FindingKind::Overlap),
                n(FindingKind::Gap),
            );
            if counts != want {
                return Err(format!("issue {} counts {counts:?}, its findings {want:?}", v.issue));
            }
        }
        Ok(())
    }
}
