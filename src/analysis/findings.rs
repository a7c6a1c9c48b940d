//! The values an analysis returns: findings with witnesses, verdicts, summaries.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::name::Name;
use super::region::{ScopeBox, WitnessSize};
use crate::model::{Date, Modality};

/// How two clauses relate on the region where both apply, or that one side is alone there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Kind {
    /// Jointly unsatisfiable: O(a) with O(¬a), O(a) with P(¬a), O(¬a) with P(a).
    Conflict,
    /// The same normalised norm.
    Agreement,
    /// Different but jointly satisfiable: O(a) with P(a), O(¬a) with P(¬a), P(a) with P(¬a).
    Overlap,
    /// One side's clause, where no clause of the other side on the same bearer and action applies.
    Gap,
}

impl Kind {
    /// The keyword used in JSON and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Conflict => "conflict",
            Kind::Agreement => "agreement",
            Kind::Overlap => "overlap",
            Kind::Gap => "gap",
        }
    }

    /// The relation between two norms over the same bearer and base action.
    ///
    /// ```
    /// use negdiff::{Kind, Modality::*};
    /// assert_eq!(Kind::relate(Must, MustNot), Kind::Conflict);
    /// assert_eq!(Kind::relate(MustNot, NeedNot), Kind::Overlap);
    /// assert_eq!(Kind::relate(May, NeedNot), Kind::Overlap);
    /// assert_eq!(Kind::relate(May, May), Kind::Agreement);
    /// ```
    pub fn relate(a: Modality, b: Modality) -> Kind {
        use Modality::*;
        if a == b {
            return Kind::Agreement;
        }
        match (a, b) {
            (Must, MustNot) | (MustNot, Must) | (Must, NeedNot) | (NeedNot, Must) | (MustNot, May) | (May, MustNot) => {
                Kind::Conflict
            }
            _ => Kind::Overlap,
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which side of a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    /// The first position compared.
    Left,
    /// The second position compared.
    Right,
}

impl Side {
    /// The other side.
    pub fn other(self) -> Side {
        match self {
            Side::Left => Side::Right,
            Side::Right => Side::Left,
        }
    }
}

/// Who holds a compared position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionInfo {
    /// Party id.
    pub party: String,
    /// The position's label.
    pub label: String,
    /// The position's date.
    pub date: Option<Date>,
}

/// A quote backing one of the clauses of a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// Which side's clause it backs.
    pub side: Side,
    /// The clause id.
    pub clause: Name,
    /// The source id.
    pub source: Name,
    /// The quote.
    pub quote: Name,
    /// Who said it.
    pub speaker: Option<Name>,
}

/// One relation between the two sides, with its witness.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Conflict, agreement, overlap or gap.
    pub kind: Kind,
    /// The issue id.
    pub issue: Name,
    /// The party the norms bind or entitle.
    pub bearer: Name,
    /// The base action of the normalised norms (an opposite is read as its negation).
    pub action: Name,
    /// The left side's clause ids (empty for a gap the right side raised).
    pub left: Vec<Name>,
    /// The right side's clause ids (empty for a gap the left side raised).
    pub right: Vec<Name>,
    /// The left norm over `action` (`must-not` for `must withdraw-forces` over `deploy-forces`).
    pub left_norm: Option<Modality>,
    /// The right norm over `action`.
    pub right_norm: Option<Modality>,
    /// The exact region where the relation holds: disjoint boxes.
    pub scope: Vec<ScopeBox>,
    /// How big that region is.
    pub size: WitnessSize,
    /// How many of the clauses involved are red lines (0, 1 or 2).
    pub red_lines: u8,
    /// The clauses the involved clauses depend on (`party/clause-id`): the finding rests on them.
    pub conditions: Vec<Name>,
    /// For a gap: the other side says nothing at all on this issue.
    pub whole_issue: bool,
    /// One line saying what the finding means.
    pub explanation: String,
    /// Quotes behind the clauses involved.
    pub evidence: Vec<Quote>,
}

impl Finding {
    /// The side that raised a gap (the side with clauses), `None` for other kinds.
    pub fn gap_side(&self) -> Option<Side> {
        match self.kind {
            Kind::Gap if self.right.is_empty() => Some(Side::Left),
            Kind::Gap => Some(Side::Right),
            _ => None,
        }
    }

    /// The same finding seen from the other side.
    pub fn mirrored(&self) -> Finding {
        let mut f = self.clone();
        std::mem::swap(&mut f.left, &mut f.right);
        std::mem::swap(&mut f.left_norm, &mut f.right_norm);
        for q in &mut f.evidence {
            q.side = q.side.other();
        }
        f.evidence.sort_by(|a, b| (a.side, &a.clause).cmp(&(b.side, &b.clause)));
        f
    }
}

/// Counts of findings by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Counts {
    /// Conflicts.
    pub conflict: usize,
    /// Agreements.
    pub agreement: usize,
    /// Overlaps.
    pub overlap: usize,
    /// Gaps.
    pub gap: usize,
}

impl Counts {
    pub(crate) fn add(&mut self, k: Kind) {
        match k {
            Kind::Conflict => self.conflict += 1,
            Kind::Agreement => self.agreement += 1,
            Kind::Overlap => self.overlap += 1,
            Kind::Gap => self.gap += 1,
        }
    }

    /// Total of all kinds.
    pub fn total(&self) -> usize {
        self.conflict + self.agreement + self.overlap + self.gap
    }
}

/// A policy-analyser style verdict on one issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Verdict {
    /// The same norms on the same regions: only agreements.
    Equivalent,
    /// No conflict; the left side obliges where the right permits, or speaks where the right is silent.
    LeftAsksMore,
    /// The mirror of `left-asks-more`.
    RightAsksMore,
    /// Conflicts, or each side asks more somewhere.
    Incomparable,
    /// Both sides speak to the issue but their regions never meet.
    Disjoint,
}

impl Verdict {
    /// The keyword used in JSON and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Equivalent => "equivalent",
            Verdict::LeftAsksMore => "left-asks-more",
            Verdict::RightAsksMore => "right-asks-more",
            Verdict::Incomparable => "incomparable",
            Verdict::Disjoint => "disjoint",
        }
    }

    /// The verdict with sides swapped.
    pub fn mirrored(self) -> Verdict {
        match self {
            Verdict::LeftAsksMore => Verdict::RightAsksMore,
            Verdict::RightAsksMore => Verdict::LeftAsksMore,
            v => v,
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The verdict on one issue with its counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssueVerdict {
    /// Issue id.
    pub issue: String,
    /// Issue title.
    pub title: String,
    /// The verdict.
    pub verdict: Verdict,
    /// Findings on this issue by kind.
    pub counts: Counts,
}

/// Totals of a comparison.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Summary {
    /// Findings by kind.
    pub counts: Counts,
    /// Conflicts where at least one clause is a red line.
    pub red_line_conflicts: usize,
    /// Conflicts where both clauses are red lines (the most severe).
    pub double_red_line_conflicts: usize,
    /// Findings by issue id.
    pub by_issue: BTreeMap<String, Counts>,
    /// Issues only the left side raises (issue-level gaps).
    pub issues_only_left: Vec<String>,
    /// Issues only the right side raises.
    pub issues_only_right: Vec<String>,
}

/// How an entity set is shown to people: names and the groups that can stand for atoms.
/// Carried by reports so that `Display` can compact sets ("all eastern allies (9)").
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Legend {
    /// Display name of each atom id.
    pub names: BTreeMap<String, String>,
    /// Named groups (`@name`) as sets of atoms, largest first.
    pub sets: Vec<NamedSet>,
    /// The direct parts of each entity that has parts.
    pub parts: BTreeMap<String, Vec<String>>,
    /// The name of each entity that has parts, as a whole ("Ukraine").
    pub wholes: BTreeMap<String, String>,
    /// Every entity in a `part-of` tree, each after all its parts.
    pub post_order: Vec<String>,
    /// Number of atoms in the vocabulary, including `*`.
    pub n_atoms: usize,
}

/// A named set of atoms in a [`Legend`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct NamedSet {
    /// `@group`.
    pub label: String,
    /// The atoms it covers itself, not through a set in `nested`.
    pub atoms: Vec<String>,
    /// Labels of the sets of the same legend whose atoms it covers too (the groups it
    /// names as members). Sets are kept as this tree, never expanded: 20 000 groups that
    /// each name one group of 2 000 entities would otherwise hold 4 × 10^7 atom ids.
    #[serde(default)]
    pub nested: Vec<String>,
    /// Number of atoms it covers in all (its own and its nested sets').
    #[serde(default)]
    pub size: usize,
    /// How many entities it names at the top level (parts of named entities not counted).
    pub entities: usize,
}

/// The comparison of two positions.
///
/// Two comparisons are equal when their JSON forms are: the legend that `Display` uses to
/// name places is not compared (a comparison read back from JSON has none, and then shows
/// atom ids).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Comparison {
    /// The first position.
    pub left: PositionInfo,
    /// The second position.
    pub right: PositionInfo,
    /// Findings in canonical order: issue (vocabulary order), kind (conflict, agreement,
    /// overlap, gap), red lines (most first), bearer, action, left ids, right ids.
    pub findings: Vec<Finding>,
    /// Verdicts for each issue either side raises, in vocabulary order.
    pub issues: Vec<IssueVerdict>,
    /// Totals.
    pub summary: Summary,
    /// How to show entity sets in text; not part of the JSON shape.
    #[serde(skip)]
    pub(crate) legend: std::sync::Arc<Legend>,
}

impl PartialEq for Comparison {
    fn eq(&self, other: &Self) -> bool {
        self.left == other.left
            && self.right == other.right
            && self.findings == other.findings
            && self.issues == other.issues
            && self.summary == other.summary
    }
}

impl Comparison {
    /// Names and groups used to show places in text (empty for a comparison read from JSON).
    pub fn legend(&self) -> &Legend {
        &self.legend
    }

    /// The findings of one kind.
    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = &Finding> + '_ {
        self.findings.iter().filter(move |f| f.kind == kind)
    }

    /// The comparison with sides swapped, in canonical order: equal to comparing the
    /// positions the other way round.
    pub fn mirrored(&self) -> Comparison {
        let mut c = self.clone();
        std::mem::swap(&mut c.left, &mut c.right);
        c.findings = self.findings.iter().map(Finding::mirrored).collect();
        let rank: BTreeMap<&str, usize> = self
            .issues
            .iter()
            .enumerate()
            .map(|(i, v)| (v.issue.as_str(), i))
            .collect();
        c.findings
            .sort_by(|a, b| order(a, b, &|i| rank.get(i).copied().unwrap_or(usize::MAX)));
        for v in &mut c.issues {
            v.verdict = v.verdict.mirrored();
        }
        std::mem::swap(&mut c.summary.issues_only_left, &mut c.summary.issues_only_right);
        c
    }
}

/// The canonical order of findings.
pub(crate) fn order(a: &Finding, b: &Finding, issue_rank: &dyn Fn(&str) -> usize) -> std::cmp::Ordering {
    issue_rank(&a.issue)
        .cmp(&issue_rank(&b.issue))
        .then_with(|| a.kind.cmp(&b.kind))
        .then_with(|| b.red_lines.cmp(&a.red_lines))
        .then_with(|| a.bearer.cmp(&b.bearer))
        .then_with(|| a.action.cmp(&b.action))
        .then_with(|| a.left.cmp(&b.left))
        .then_with(|| a.right.cmp(&b.right))
}
