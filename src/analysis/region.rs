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
    /// Whether only whole amounts exist (the action's `amount-domain` says `whole`): the
    /// amount interval then has closed whole-number ends, and so has every piece cut from it.
    pub whole: bool,
}

/// The whole numbers of `iv`, as an interval with closed whole-number ends (empty when it
/// holds none): `(6104, 6105)` is empty, `(6104, 19000]` is `[6105, 19000]`.
pub(crate) fn whole_numbers(iv: Interval<f64>) -> Interval<f64> {
    // Beyond 2^53 every float is whole, so the next whole number is the next float.
    let above = |m: f64| {
        let c = m.floor() + 1.0;
        if c > m {
            c
        } else {
            m.next_up()
        }
    };
    let below = |m: f64| {
        let c = m.ceil() - 1.0;
        if c < m {
            c
        } else {
            m.next_down()
        }
    };
    let z = |x: f64| if x == 0.0 { 0.0 } else { x };
    let min = iv
        .min
        .map(|m| if iv.min_inclusive { m.ceil() } else { above(m) })
        .map(z);
    let max = iv
        .max
        .map(|m| if iv.max_inclusive { m.floor() } else { below(m) })
        .map(z);
    Interval::closed(min, max)
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
            whole: self.whole,
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
                whole: self.whole,
            });
        }
        let shared = self.atoms.and(&other.atoms);
        for w in self.when.outside(&other.when) {
            out.push(Block {
                atoms: shared.clone(),
                when: w,
                amount: self.amount,
                whole: self.whole,
            });
        }
        let when = self.when.intersect(&other.when);
        for a in self.amount.outside(&other.amount) {
            // Pieces between whole numbers hold none: (6104, 6105) is nothing, not a gap.
            let a = if self.whole { whole_numbers(a) } else { a };
            if !a.is_empty() {
                out.push(Block {
                    atoms: shared.clone(),
                    when,
                    amount: a,
                    whole: self.whole,
                });
            }
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
    // In place: each block of a run with one window and amount goes into the run's first.
    blocks.dedup_by(|b, first| {
        let same = first.when == b.when && first.amount == b.amount;
        if same {
            first.atoms.union_with(&b.atoms);
        }
        same
    });
    blocks.sort_by(Block::cmp_block);
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
    /// Amounts covered, `None` for any amount the action can have (its whole amount
    /// domain: every amount for an action without a unit, `[0, ∞)` for one with a unit
    /// unless its `amount-domain` says otherwise).
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
    /// The exact form of a block of base action `base`: an amount that is the action's whole
    /// amount domain is shown as `None` (any amount the action can have).
    pub(crate) fn scope_box(&self, b: &Block, base: usize) -> ScopeBox {
        // Sized once: a comparison holds hundreds of thousands of these lists.
        let mut places = Vec::with_capacity(b.atoms.len());
        b.atoms.for_each(|i| {
            if let Some(name) = self.names.atoms.get(i) {
                places.push(name.clone());
            }
        });
        let (when, amount) = self.scope_bounds(b, base);
        ScopeBox { places, when, amount }
    }

    /// The `when` and `amount` of a block's [`ScopeBox`] (see [`Index::scope_box`]).
    pub(crate) fn scope_bounds(&self, b: &Block, base: usize) -> (Option<Interval<Date>>, Option<Interval<f64>>) {
        let any = self
            .domains
            .get(base)
            .map_or(b.amount.is_unbounded(), |d| d.amount == b.amount);
        ((!b.when.is_unbounded()).then_some(b.when), (!any).then_some(b.amount))
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
        // Measure the union of the intervals along each axis (blocks may share windows). The
        // pieces of a gap mostly share one window or one amount range: that one is measured
        // alone, without gathering the intervals.
        let days = if let Some(b) = blocks.first().filter(|f| blocks.iter().all(|b| b.when == f.when)) {
            b.when.days()
        } else {
            let mut whens: Vec<Interval<Date>> = blocks.iter().map(|b| b.when).collect();
            union_measure(&mut whens, |iv| iv.days().map(|d| d as f64)).map(|d| d as u64)
        };
        let amount_width = if let Some(b) = blocks.first().filter(|f| blocks.iter().all(|b| b.amount == f.amount)) {
            b.amount.width()
        } else {
            let mut amounts: Vec<Interval<f64>> = blocks.iter().map(|b| b.amount).collect();
            union_measure(&mut amounts, Interval::width)
        };
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
    let (mut rest, mut next) = (Vec::new(), Vec::new());
    for iv in ivs.iter() {
        rest.clear();
        rest.push(*iv);
        for p in &pieces {
            next.clear();
            next.extend(rest.iter().flat_map(|r| r.outside(p)));
            std::mem::swap(&mut rest, &mut next);
        }
        pieces.extend_from_slice(&rest);
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
            whole: false,
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
    fn whole_amounts_leave_no_gap_between_whole_numbers() {
        let mut cap = block(&[0], None, Some(6104.0));
        cap.whole = true;
        let mut claim = block(&[0], Some(6105.0), Some(19000.0));
        claim.whole = true;
        let mut all = block(&[0], Some(0.0), None);
        all.whole = true;
        assert!(subtract_all(&all, [&cap, &claim])
            .iter()
            .all(|b| b.amount.min == Some(19001.0) && b.amount.min_inclusive));
        let rest = subtract_all(&all, [&cap]);
        assert_eq!(rest[0].amount, Interval::closed(Some(6105.0), None));
        let open = Interval {
            min: Some(6104.0),
            max: Some(6105.0),
            min_inclusive: false,
            max_inclusive: false,
        };
        assert!(whole_numbers(open).is_empty());
        assert_eq!(
            whole_numbers(Interval::closed(Some(-0.5), Some(2.5))),
            Interval::closed(Some(0.0), Some(2.0))
        );
        let big = 2f64.powi(60);
        let beyond = Interval {
            min: Some(big),
            max: None,
            min_inclusive: false,
            max_inclusive: false,
        };
        assert_eq!(whole_numbers(beyond).min, Some(big.next_up()));
    }

    #[test]
    fn subtracting_a_cover_leaves_nothing() {
        let a = block(&[0, 1], Some(0.0), Some(10.0));
        let b = block(&[0, 1, 2], None, None);
        assert!(subtract_all(&a, [&b]).is_empty());
    }
}
