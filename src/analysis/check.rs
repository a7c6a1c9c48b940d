//! Internal contradictions: two clauses of one position that cannot both hold.

use serde::{Deserialize, Serialize};

use super::compare::{info, key_order, Builder, Compact, Ranked};
use super::findings::{Finding, FindingKind, Legend, PositionInfo, Side};
use super::index::{Compiled, Index};
use crate::error::Error;
use crate::model::{Position, Vocabulary};

/// A position's internal contradictions.
///
/// Equality ignores the legend used to name places in text, as for
/// [`Comparison`](crate::Comparison).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ContradictionReport {
    /// The position checked.
    pub position: PositionInfo,
    /// Conflicts between two of its own clauses; `left` is the clause written first.
    pub contradictions: Vec<Finding>,
    /// How to show entity sets in text; not part of the JSON shape.
    #[serde(skip)]
    pub(crate) legend: std::sync::Arc<Legend>,
}

impl PartialEq for ContradictionReport {
    fn eq(&self, other: &Self) -> bool {
        self.position == other.position && self.contradictions == other.contradictions
    }
}

impl ContradictionReport {
    /// Names and groups used to show places in text (empty for a report read from JSON,
    /// until [`ContradictionReport::with_legend`] gives it one).
    #[must_use]
    pub fn legend(&self) -> &Legend {
        &self.legend
    }

    /// The report showing places with `legend`'s names and groups: for a report read back
    /// from JSON, which has no legend (see [`Legend::from_vocabulary`]).
    #[must_use]
    pub fn with_legend(mut self, legend: Legend) -> Self {
        self.legend = std::sync::Arc::new(legend);
        self
    }

    /// Whether the position is free of contradictions.
    #[must_use]
    pub fn is_consistent(&self) -> bool {
        self.contradictions.is_empty()
    }
}

/// Finds the pairs of a position's own clauses that conflict, with the region where they do.
///
/// # Errors
/// [`Error::Invalid`] when the vocabulary or position breaks the model's rules.
pub fn find_contradictions(vocabulary: &Vocabulary, position: &Position) -> Result<ContradictionReport, Error> {
    super::Analyzer::new(vocabulary)?.find_contradictions(position)
}

pub(crate) fn check_compiled(index: &Index<'_>, c: &Compiled<'_>) -> ContradictionReport {
    let compact = check_compact(index, c);
    ContradictionReport {
        position: info(c.position),
        contradictions: compact.findings(),
        legend: index.legend.clone(),
    }
}

/// A position's internal contradictions as compact records, in canonical order;
/// [`check_compiled`] names them all. (`check`'s lint finds the same ones its own way, making
/// only what its warnings show; its tests hold it to these.)
pub(crate) fn check_compact<'a>(index: &'a Index<'_>, c: &'a Compiled<'a>) -> Compact<'a> {
    let b = Builder::new(index, c, c);
    let mut out = Ranked::default();
    // The norms in key order, each key's in index order: the keys are runs, found without a
    // map of vectors. The findings are put in canonical order at the end.
    let order: Vec<usize> = key_order(&c.norms).into_iter().map(|i| i as usize).collect();
    for ns in order.chunk_by(|&x, &y| {
        let (x, y) = (&c.norms[x], &c.norms[y]);
        (x.bearer, x.base) == (y.bearer, y.base)
    }) {
        // One norm alone contradicts nothing (a clause reads as one norm per key).
        if ns.len() < 2 {
            continue;
        }
        // Clauses with the same modality on the same block are one class, as in `compare`:
        // N `must` and N `must-not` on one place are one contradiction listing all 2N.
        let classes = b.classes(Side::Left, ns);
        for (x, xs) in classes.iter().enumerate() {
            for ys in &classes[x + 1..] {
                let (a, z) = (&c.norms[xs[0]], &c.norms[ys[0]]);
                // Most pairs of a key miss each other: the test that builds nothing first.
                if FindingKind::relate(a.modality, z.modality) != FindingKind::Conflict || !a.block.intersects(&z.block)
                {
                    continue;
                }
                if let Some(block) = a.block.intersect(&z.block) {
                    b.pair_group(&mut out, xs, ys, block);
                }
            }
        }
    }
    Compact::new(b, out.into_sorted())
}
