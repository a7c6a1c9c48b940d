//! Many parties at once: the pairwise matrix and, per issue, who agrees and who clashes.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::compare::{compare_compiled, info};
use super::findings::{Comparison, Counts, FindingKind, PositionInfo, Verdict};
use super::index::{Compiled, Index};
use crate::error::Error;
use crate::model::{Position, Vocabulary};

/// The comparison of every pair of positions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Matrix {
    /// The positions, in the order given.
    pub positions: Vec<PositionInfo>,
    /// One cell per pair `i < j`, in row-major order.
    pub pairs: Vec<PairCell>,
    /// For each issue any position raises (vocabulary order): who stands where.
    pub issues: Vec<IssueMap>,
    /// The full comparison of each pair, in the order of `pairs`.
    pub comparisons: Vec<Comparison>,
}

/// The summary of one pair of positions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairCell {
    /// Index of the left position.
    pub left: usize,
    /// Index of the right position.
    pub right: usize,
    /// Findings by kind.
    pub counts: Counts,
    /// Conflicts involving a red line.
    pub red_line_conflicts: usize,
}

/// Who agrees and who conflicts on one issue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssueMap {
    /// Issue id.
    pub issue: String,
    /// Issue title.
    pub title: String,
    /// Indices of the positions that raise the issue.
    pub raised_by: Vec<usize>,
    /// Pairs `(i, j)` with at least one conflict on the issue.
    pub conflict: Vec<(usize, usize)>,
    /// Pairs that meet on the issue without conflict and with at least one agreement.
    pub agree: Vec<(usize, usize)>,
    /// Pairs that meet only in overlaps (compatible, not identical).
    pub overlap: Vec<(usize, usize)>,
    /// The verdict of each pair that both raise the issue, keyed `"i-j"`.
    pub verdicts: BTreeMap<String, Verdict>,
}

/// Compares every pair of positions over one vocabulary.
///
/// # Errors
/// [`Error::Invalid`] when the vocabulary or any position breaks the model's rules.
pub fn compare_all(vocabulary: &Vocabulary, positions: &[Position]) -> Result<Matrix, Error> {
    super::Analyzer::new(vocabulary)?.compare_all(positions)
}

/// Compares every pair of positions over one vocabulary, reading them as `options` says.
///
/// # Errors
/// As [`compare_all`].
pub fn compare_all_with(
    vocabulary: &Vocabulary,
    positions: &[Position],
    options: &super::record::CompareOptions,
) -> Result<Matrix, Error> {
    super::Analyzer::new(vocabulary)?
        .with_options(*options)
        .compare_all(positions)
}

pub(crate) fn matrix_compiled(index: &Index<'_>, positions: &[Position], compiled: &[Compiled<'_>]) -> Matrix {
    let vocabulary = index.vocab;
    let mut pairs = Vec::new();
    let mut comparisons = Vec::new();
    for i in 0..compiled.len() {
        for j in i + 1..compiled.len() {
            let c = compare_compiled(index, &compiled[i], &compiled[j]);
            pairs.push(PairCell {
                left: i,
                right: j,
                counts: c.summary.counts,
                red_line_conflicts: c.summary.red_line_conflicts,
            });
            comparisons.push(c);
        }
    }
    let mut issues = Vec::new();
    for issue in &vocabulary.issues {
        let raised_by: Vec<usize> = compiled
            .iter()
            .enumerate()
            .filter(|(_, c)| c.norms.iter().any(|n| vocabulary.issues[n.issue].id == issue.id))
            .map(|(i, _)| i)
            .collect();
        if raised_by.is_empty() {
            continue;
        }
        let mut map = IssueMap {
            issue: issue.id.clone(),
            title: issue.title.clone(),
            raised_by,
            conflict: Vec::new(),
            agree: Vec::new(),
            overlap: Vec::new(),
            verdicts: BTreeMap::new(),
        };
        for (cell, c) in pairs.iter().zip(&comparisons) {
            let kinds: BTreeSet<FindingKind> = c
                .findings
                .iter()
                .filter(|f| f.issue == issue.id)
                .map(|f| f.kind)
                .collect();
            let pair = (cell.left, cell.right);
            if kinds.contains(&FindingKind::Conflict) {
                map.conflict.push(pair);
            } else if kinds.contains(&FindingKind::Agreement) {
                map.agree.push(pair);
            } else if kinds.contains(&FindingKind::Overlap) {
                map.overlap.push(pair);
            }
            if let Some(v) = c.issues.iter().find(|v| v.issue == issue.id) {
                if map.raised_by.contains(&cell.left) && map.raised_by.contains(&cell.right) {
                    map.verdicts.insert(format!("{}-{}", cell.left, cell.right), v.verdict);
                }
            }
        }
        issues.push(map);
    }
    Matrix {
        positions: positions.iter().map(info).collect(),
        pairs,
        issues,
        comparisons,
    }
}
