//! Regions of where × when × amount: blocks, their algebra, and the exact witness form.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use super::atoms::AtomSet;
use super::index::Index;
use super::name::Name;
use crate::model::{Date, Interval};

/// One box of a region: a set of atoms × a date interval × an amount interval.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Block {
    pub atoms: AtomSet,
    pub when: Interval<Date>,
    pub amount: Interval<f64>,
}

impl Block {
    pub(crate) fn is_empty(&self) -> bool {
        self.atoms.is_empty() || self.when.is_empty() || self.amount.is_empty()
    }

    pub(crate) fn intersects(&self, other: &Block) -> bool {
        // Cheapest test first: two interval comparisons before the bitset walk.
        self.when.intersects(&other.when)
            && self.amount.intersects(&other.amount)
            && self.atoms.intersects(&other.atoms)
    }

    pub(crate) fn intersect(&self, other: &Block) -> Option<Block> {
        let b = Block {
            atoms: self.atoms.and(&other.atoms),
            when: self.when.intersect(&other.when),
            amount: self.amount.intersect(&other.amount),
        };
        (!b.is_empty()).then_some(b)
    }

    /// `self` minus `other` as disjoint blocks: first the atoms `other` misses, then, on the
    /// shared atoms, the days it misses, then, on shared atoms and days, the amounts it misses.
    pub(crate) fn subtract(&self, other: &Block, out: &mut Vec<Block>) {
        if !self.intersects(other) {
            out.push(self.clone());
            return;
        }
        let outside = self.atoms.minus(&other.atoms);
        if !outside.is_empty() {
            out.push(Block {
                atoms: outside,
                when: self.when,
                amount: self.amount,
            });
        }
        let shared = self.atoms.and(&other.atoms);
        for w in self.when.subtract(&other.when) {
            out.push(Block {
                atoms: shared.clone(),
                when: w,
                amount: self.amount,
            });
        }
        let when = self.when.intersect(&other.when);
        for a in self.amount.subtract(&other.amount) {
            out.push(Block {
                atoms: shared.clone(),
                when,
                amount: a,
            });
        }
    }

    pub(crate) fn cmp_block(&self, other: &Block) -> Ordering {
        self.when
            .cmp_interval(&other.when)
            .then_with(|| self.amount.cmp_interval(&other.amount))
            .then_with(|| self.atoms.cmp(&other.atoms))
    }
}

/// `base` minus every block in `holes`, as disjoint blocks in canonical order.
pub(crate) fn subtract_all<'a>(base: &Block, holes: impl IntoIterator<Item = &'a Block>) -> Vec<Block> {
    let mut parts = vec![base.clone()];
    let mut next = Vec::new();
    for h in holes {
        if parts.is_empty() {
            break;
        }
        next.clear();
        for p in &parts {
            p.subtract(h, &mut next);
        }
        std::mem::swap(&mut parts, &mut next);
        coalesce(&mut parts);
    }
    coalesce(&mut parts);
    parts
}

/// Merges blocks with the same time window and amounts into one (they are disjoint, so their
/// atoms are too) and sorts them canonically. Keeps fragment counts bounded as holes pile up.
pub(crate) fn coalesce(blocks: &mut Vec<Block>) {
    if blocks.len() < 2 {
        return;
    }
    blocks.sort_by(|a, b| {
        a.when
            .cmp_interval(&b.when)
            .then_with(|| a.amount.cmp_interval(&b.amount))
    });
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    for b in blocks.drain(..) {
        match out.last_mut() {
            Some(last) if last.when == b.when && last.amount == b.amount => last.atoms.union_with(&b.atoms),
            _ => out.push(b),
        }
    }
    out.sort_by(Block::cmp_block);
    *blocks = out;
}

/// One box of a witness, in the exact machine-readable form.
///
/// `where` lists entity atoms: an entity id stands for that entity's own territory, minus
/// its named parts, so the list is an exact set (all of Ukraine is `UA`, `crimea`, `donbas`);
/// `*` stands for every place the vocabulary does not name. `when` and `amount` are `null`
/// when unbounded on both sides.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScopeBox {
    /// Entity atoms, in vocabulary order.
    #[serde(rename = "where")]
    pub places: Vec<Name>,
    /// Days covered, `None` for all time.
    pub when: Option<Interval<Date>>,
    /// Amounts covered, `None` for any amount.
    pub amount: Option<Interval<f64>>,
}

/// How big a witness is, so a reader can weigh a finding.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct WitnessSize {
    /// Number of distinct entity atoms (the `*` atom counts as one).
    pub entities: usize,
    /// Number of days covered, `None` when unbounded.
    pub days: Option<u64>,
    /// Total width of the amounts covered, `None` when unbounded.
    pub amount_width: Option<f64>,
}

impl<'v> Index<'v> {
    pub(crate) fn scope_box(&self, b: &Block) -> ScopeBox {
        ScopeBox {
            places: b
                .atoms
                .iter()
                .filter_map(|i| self.names.atoms.get(i))
                .cloned()
                .collect(),
            when: (!b.when.is_unbounded()).then_some(b.when),
            amount: (!b.amount.is_unbounded()).then_some(b.amount),
        }
    }

    pub(crate) fn witness_size(&self, blocks: &[Block]) -> WitnessSize {
        if let [b] = blocks {
            return WitnessSize {
                entities: b.atoms.len(),
                days: b.when.days(),
                amount_width: b.amount.width(),
            };
        }
        let mut atoms = AtomSet::empty(self.n_atoms());
        for b in blocks {
            atoms.union_with(&b.atoms);
        }
        // Measure the union of the intervals along each axis (blocks may share windows).
        let mut whens: Vec<Interval<Date>> = blocks.iter().map(|b| b.when).collect();
        let mut amounts: Vec<Interval<f64>> = blocks.iter().map(|b| b.amount).collect();
        let days = union_measure(&mut whens, |iv| iv.days().map(|d| d as f64)).map(|d| d as u64);
        let amount_width = union_measure(&mut amounts, Interval::width);
        WitnessSize {
            entities: atoms.len(),
            days,
            amount_width,
        }
    }
}

fn union_measure<T: crate::model::Point>(
    ivs: &mut Vec<Interval<T>>,
    measure: impl Fn(&Interval<T>) -> Option<f64>,
) -> Option<f64> {
    ivs.sort_by(|a, b| a.cmp_interval(b));
    ivs.dedup();
    // Disjoint pieces: subtract what earlier intervals already covered.
    let mut pieces: Vec<Interval<T>> = Vec::new();
    for iv in ivs.iter() {
        let mut rest = vec![*iv];
        for p in &pieces {
            rest = rest.iter().flat_map(|r| r.subtract(p)).collect();
        }
        pieces.extend(rest);
    }
    pieces.iter().map(&measure).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(atoms: &[usize], lo: Option<f64>, hi: Option<f64>) -> Block {
        let mut s = AtomSet::empty(8);
        for &a in atoms {
            s.insert(a);
        }
        Block {
            atoms: s,
            when: Interval::unbounded(),
            amount: Interval::closed(lo, hi),
        }
    }

    #[test]
    fn subtraction_partitions() {
        let a = block(&[0, 1, 2], Some(0.0), Some(100.0));
        let b = block(&[1, 2, 3], Some(50.0), None);
        let rest = subtract_all(&a, [&b]);
        // Atom 0 whole, atoms 1–2 below 50.
        assert_eq!(rest.len(), 2);
        for r in &rest {
            assert!(!r.intersects(&b));
        }
        assert!(rest.iter().any(|r| r.atoms.iter().collect::<Vec<_>>() == vec![0]));
        assert!(rest.iter().any(|r| r.atoms.iter().collect::<Vec<_>>() == vec![1, 2]
            && r.amount.max == Some(50.0)
            && !r.amount.max_inclusive));
    }

    #[test]
    fn subtracting_a_cover_leaves_nothing() {
        let a = block(&[0, 1], Some(0.0), Some(10.0));
        let b = block(&[0, 1, 2], None, None);
        assert!(subtract_all(&a, [&b]).is_empty());
    }
}
