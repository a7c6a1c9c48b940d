//! The values an analysis returns: findings with witnesses, verdicts, summaries.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::name::Name;
use super::region::{ScopeBox, WitnessSize};
use crate::model::{Basis, Date, Modality};

/// How two clauses relate on the region where both apply, or that one side is alone there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
// Each variant's keyword, for `as_str` and `Display`, by the same rule as serde's.
#[derive(strum::IntoStaticStr, strum::Display, strum::VariantArray)]
#[strum(serialize_all = "kebab-case")]
#[non_exhaustive]
pub enum FindingKind {
    /// Jointly unsatisfiable: O(a) with O(¬a), O(a) with P(¬a), O(¬a) with P(a).
    Conflict,
    /// The same normalised norm.
    Agreement,
    /// Different but jointly satisfiable: O(a) with P(a), O(¬a) with P(¬a), P(a) with P(¬a).
    Overlap,
    /// One side's clause, where no clause of the other side on the same bearer and action applies.
    Gap,
}

impl FindingKind {
    /// The keyword used in JSON and reports.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The relation between two norms over the same bearer and base action.
    ///
    /// ```
    /// use negdiff::{FindingKind, Modality::*};
    /// assert_eq!(FindingKind::relate(Must, MustNot), FindingKind::Conflict);
    /// assert_eq!(FindingKind::relate(MustNot, NeedNot), FindingKind::Overlap);
    /// assert_eq!(FindingKind::relate(May, NeedNot), FindingKind::Overlap);
    /// assert_eq!(FindingKind::relate(May, May), FindingKind::Agreement);
    /// ```
    #[must_use]
    pub fn relate(a: Modality, b: Modality) -> FindingKind {
        use Modality::*;
        if a == b {
            return FindingKind::Agreement;
        }
        match (a, b) {
            (Must, MustNot) | (MustNot, Must) | (Must, NeedNot) | (NeedNot, Must) | (MustNot, May) | (May, MustNot) => {
                FindingKind::Conflict
            }
            _ => FindingKind::Overlap,
        }
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
    #[must_use]
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
///
/// Displays as the text report shows it (places as ids; [`Finding::display`] names them):
///
/// ```
/// use negdiff::{compare, Clause, FindingKind, Modality, Position, Vocabulary};
/// let vocab = Vocabulary::new("talks")
///     .party("russia", "Russia")
///     .party("nato", "NATO")
///     .entity("PL", "Poland", None)
///     .entity("UA", "Ukraine", None)
///     .action("exercise", None)
///     .issue("exercises", "Exercises", ["exercise"]);
/// let russia = Position::new("russia", "draft")
///     .clause(Clause::new("no-drills", "nato", Modality::MustNot, "exercise").at(["PL", "UA"]).text("no drills"));
/// let nato = Position::new("nato", "reply")
///     .clause(Clause::new("drills", "nato", Modality::May, "exercise").at(["PL"]).text("drills go on"));
/// let report = compare(&vocab, &russia, &nato)?;
/// let gap = report.gaps().next().unwrap();
/// assert_eq!(gap.kind, FindingKind::Gap);
/// assert_eq!(gap.scope[0].places, ["UA"]); // Ukraine: only Russia speaks there
/// assert!(gap.display(report.legend()).to_string().contains("where: Ukraine"));
/// # Ok::<(), negdiff::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Conflict, agreement, overlap or gap.
    pub kind: FindingKind,
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
    /// What the finding rests on: the weakest basis of its clauses (a clause with no evidence
    /// and no `basis` counts as inferred).
    pub basis: Basis,
    /// For a gap: whether the silent side's document addresses the issue at all; `None` for
    /// other kinds.
    #[serde(default)]
    pub silence: Option<Silence>,
}

/// Why the other side says nothing where a gap lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
// Each variant's keyword, for `as_str` and `Display`, by the same rule as serde's.
#[derive(strum::IntoStaticStr, strum::Display, strum::VariantArray)]
#[strum(serialize_all = "kebab-case")]
#[non_exhaustive]
pub enum Silence {
    /// The silent side's document addresses the issue and says nothing here.
    Silent,
    /// The silent side's document does not address the issue (its `addresses` leaves it
    /// out): its silence is no answer.
    NotAddressed,
}

impl Silence {
    /// The keyword used in JSON and reports.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

impl Finding {
    /// The side that raised a gap (the side with clauses), `None` for other kinds.
    #[must_use]
    pub fn gap_side(&self) -> Option<Side> {
        match self.kind {
            FindingKind::Gap if self.right.is_empty() => Some(Side::Left),
            FindingKind::Gap => Some(Side::Right),
            _ => None,
        }
    }

    /// The same finding seen from the other side.
    #[must_use]
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
    pub(crate) fn add(&mut self, k: FindingKind) {
        match k {
            FindingKind::Conflict => self.conflict += 1,
            FindingKind::Agreement => self.agreement += 1,
            FindingKind::Overlap => self.overlap += 1,
            FindingKind::Gap => self.gap += 1,
        }
    }

    /// The count of one kind.
    #[must_use]
    pub fn of(&self, k: FindingKind) -> usize {
        match k {
            FindingKind::Conflict => self.conflict,
            FindingKind::Agreement => self.agreement,
            FindingKind::Overlap => self.overlap,
            FindingKind::Gap => self.gap,
        }
    }

    /// Total of all kinds.
    #[must_use]
    pub fn total(&self) -> usize {
        self.conflict + self.agreement + self.overlap + self.gap
    }
}

/// Counts of findings by kind, for each basis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BasisCounts {
    /// Findings whose clauses are all quoted.
    pub quoted: Counts,
    /// Findings whose weakest clause rests on a document without a quote.
    pub document: Counts,
    /// Findings with at least one inferred clause.
    pub inferred: Counts,
}

impl BasisCounts {
    pub(crate) fn add(&mut self, basis: Basis, kind: FindingKind) {
        match basis {
            Basis::Quoted => self.quoted.add(kind),
            Basis::Document => self.document.add(kind),
            Basis::Inferred => self.inferred.add(kind),
        }
    }

    /// Findings of a kind on the record (quoted or document).
    #[must_use]
    pub fn on_record(&self, kind: FindingKind) -> usize {
        self.quoted.of(kind) + self.document.of(kind)
    }
}

/// Gaps by why the other side is silent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SilenceCounts {
    /// Gaps where the silent side addresses the issue.
    pub silent: usize,
    /// Gaps where the silent side's document does not address the issue.
    pub not_addressed: usize,
}

/// A policy-analyser style verdict on one issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
// Each variant's keyword, for `as_str` and `Display`, by the same rule as serde's.
#[derive(strum::IntoStaticStr, strum::Display, strum::VariantArray)]
#[strum(serialize_all = "kebab-case")]
#[non_exhaustive]
pub enum Verdict {
    /// The same norms on the same regions: only agreements.
    Equivalent,
    /// No conflict; the left side obliges where the right permits, or speaks where the right,
    /// addressing the issue, says nothing.
    LeftAsksMore,
    /// The mirror of `left-asks-more`.
    RightAsksMore,
    /// Conflicts, or each side asks more somewhere.
    Incomparable,
    /// Both sides speak to the issue but their regions never meet.
    Disjoint,
    /// Only the left side's document addresses the issue: the right's `addresses` leaves it
    /// out, so the left's clauses there are unanswered rather than asked for more.
    LeftOnly,
    /// The mirror of `left-only`.
    RightOnly,
}

impl Verdict {
    /// The keyword used in JSON and reports.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The verdict with sides swapped.
    #[must_use]
    pub fn mirrored(self) -> Verdict {
        match self {
            Verdict::LeftAsksMore => Verdict::RightAsksMore,
            Verdict::RightAsksMore => Verdict::LeftAsksMore,
            Verdict::LeftOnly => Verdict::RightOnly,
            Verdict::RightOnly => Verdict::LeftOnly,
            v => v,
        }
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
    /// Findings by kind for each basis (quoted, document, inferred).
    #[serde(default)]
    pub by_basis: BasisCounts,
    /// Gaps by why the other side is silent.
    #[serde(default)]
    pub silence: SilenceCounts,
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

/// The comparison of two positions: findings with their witnesses, a verdict per issue, totals.
///
/// It displays as a text report, writes Markdown ([`Comparison::to_markdown`]) and its serde
/// form is the documented JSON; it iterates over its findings:
///
/// ```
/// use negdiff::{compare, Clause, Modality, Position, Vocabulary};
/// let vocab = Vocabulary::new("talks").party("a", "A").party("b", "B").action("talk", None)
///     .issue("dialogue", "Dialogue", ["talk"]);
/// let a = Position::new("a", "one").clause(Clause::new("x", "a", Modality::Must, "talk").text("a talks"));
/// let b = Position::new("b", "two").clause(Clause::new("y", "a", Modality::May, "talk").text("a may talk"));
/// let report = compare(&vocab, &a, &b)?;
/// for finding in &report {
///     println!("{finding}");
/// }
/// assert_eq!(report.overlaps().count(), 1);
/// assert_eq!(report.issues[0].verdict, negdiff::Verdict::LeftAsksMore);
/// # Ok::<(), negdiff::Error>(())
/// ```
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
    /// Whether only clauses on the record were read (inferred clauses left out).
    #[serde(default)]
    pub on_record: bool,
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
            && self.on_record == other.on_record
    }
}

impl Comparison {
    /// Names and groups used to show places in text (empty for a comparison read from JSON,
    /// until [`Comparison::with_legend`] gives it one).
    #[must_use]
    pub fn legend(&self) -> &Legend {
        &self.legend
    }

    /// The findings of one kind.
    pub fn of_kind(&self, kind: FindingKind) -> impl Iterator<Item = &Finding> + '_ {
        self.findings.iter().filter(move |f| f.kind == kind)
    }

    /// Each issue's place in [`Comparison::issues`] (vocabulary order), the first key of the
    /// findings' canonical order.
    pub(crate) fn issue_rank(&self) -> BTreeMap<&str, usize> {
        self.issues
            .iter()
            .enumerate()
            .map(|(i, v)| (v.issue.as_str(), i))
            .collect()
    }

    /// The comparison with sides swapped, in canonical order: equal to comparing the
    /// positions the other way round.
    #[must_use]
    pub fn mirrored(&self) -> Comparison {
        let mut c = self.clone();
        std::mem::swap(&mut c.left, &mut c.right);
        c.findings = self.findings.iter().map(Finding::mirrored).collect();
        let rank = self.issue_rank();
        c.findings
            .sort_by(|a, b| order(a, b, &|i| rank.get(i).copied().unwrap_or(usize::MAX)));
        for v in &mut c.issues {
            v.verdict = v.verdict.mirrored();
        }
        std::mem::swap(&mut c.summary.issues_only_left, &mut c.summary.issues_only_right);
        c
    }
}

/// Reading a comparison: every finding, the findings of one kind, the findings of each issue.
///
/// ```
/// use negdiff::{compare, Clause, FindingKind, Modality, Position, Vocabulary};
///
/// let vocab = Vocabulary::new("talks")
///     .party("russia", "Russia")
///     .party("nato", "NATO")
///     .entity("PL", "Poland", None)
///     .entity("HU", "Hungary", None)
///     .action("deploy-forces", Some("troops"))
///     .issue("posture", "Force posture", ["deploy-forces"]);
/// let russia = Position::new("russia", "draft")
///     .clause(Clause::new("out", "nato", Modality::MustNot, "deploy-forces").at(["PL", "HU"]));
/// let nato = Position::new("nato", "reply")
///     .clause(Clause::new("in", "nato", Modality::May, "deploy-forces").at(["PL"]));
/// let report = compare(&vocab, &russia, &nato)?;
///
/// for finding in &report {
///     println!("{finding}"); // each finding renders itself
/// }
/// assert_eq!(report.conflicts().count(), 1);
/// assert_eq!(report.gaps().next().unwrap().scope[0].places, ["HU"]);
/// let (verdict, findings) = report.by_issue().next().unwrap();
/// assert_eq!((verdict.issue.as_str(), findings.len()), ("posture", 2));
/// # Ok::<(), negdiff::Error>(())
/// ```
impl Comparison {
    /// Every finding, in canonical order (as `for f in &comparison`).
    pub fn iter(&self) -> std::slice::Iter<'_, Finding> {
        self.findings.iter()
    }

    /// The conflicts.
    pub fn conflicts(&self) -> impl Iterator<Item = &Finding> + '_ {
        self.of_kind(FindingKind::Conflict)
    }

    /// The agreements.
    pub fn agreements(&self) -> impl Iterator<Item = &Finding> + '_ {
        self.of_kind(FindingKind::Agreement)
    }

    /// The overlaps.
    pub fn overlaps(&self) -> impl Iterator<Item = &Finding> + '_ {
        self.of_kind(FindingKind::Overlap)
    }

    /// The gaps, of either side.
    pub fn gaps(&self) -> impl Iterator<Item = &Finding> + '_ {
        self.of_kind(FindingKind::Gap)
    }

    /// Each issue's verdict with the issue's findings, in the order of [`Comparison::issues`].
    pub fn by_issue(&self) -> impl Iterator<Item = (&IssueVerdict, &[Finding])> + '_ {
        // Findings come sorted by issue, so each issue's findings are one run.
        let mut runs: BTreeMap<&str, &[Finding]> = BTreeMap::new();
        for run in self.findings.chunk_by(|a, b| a.issue == b.issue) {
            runs.insert(&run[0].issue, run);
        }
        self.issues
            .iter()
            .map(move |v| (v, runs.get(v.issue.as_str()).copied().unwrap_or(&[])))
    }

    /// The comparison showing places with `legend`'s names and groups: for a comparison read
    /// back from JSON, which has no legend (see [`Legend::from_vocabulary`]).
    #[must_use]
    pub fn with_legend(mut self, legend: Legend) -> Self {
        self.legend = std::sync::Arc::new(legend);
        self
    }
}

impl<'a> IntoIterator for &'a Comparison {
    type Item = &'a Finding;
    type IntoIter = std::slice::Iter<'a, Finding>;

    fn into_iter(self) -> Self::IntoIter {
        self.findings.iter()
    }
}

impl Legend {
    /// The names and groups of a vocabulary's places, as a comparison over it carries: give it
    /// to a report read back from JSON ([`Comparison::with_legend`]) to show names again.
    ///
    /// ```
    /// use negdiff::{compare, Clause, Legend, Modality, Position, Vocabulary};
    /// let vocab = Vocabulary::new("v")
    ///     .party("a", "A")
    ///     .entity("PL", "Poland", None)
    ///     .entity("HU", "Hungary", None)
    ///     .action("talk", None)
    ///     .issue("i", "I", ["talk"]);
    /// let a = Position::new("a", "one").clause(Clause::new("c", "a", Modality::May, "talk").at(["PL"]));
    /// let report = compare(&vocab, &a, &Position::new("a", "two"))?;
    /// let json = serde_json::to_string(&report).unwrap();
    /// let back: negdiff::Comparison = serde_json::from_str(&json).unwrap();
    /// assert_eq!(back.findings[0].scope[0].display(back.legend()).to_string(), "PL");
    /// let back = back.with_legend(Legend::from_vocabulary(&vocab)?);
    /// assert_eq!(back.findings[0].scope[0].display(back.legend()).to_string(), "Poland");
    /// # Ok::<(), negdiff::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Invalid`](crate::Error::Invalid) when the vocabulary breaks the model's rules.
    pub fn from_vocabulary(vocabulary: &crate::model::Vocabulary) -> Result<Legend, crate::Error> {
        Ok(super::Analyzer::new(vocabulary)?.index().legend.as_ref().clone())
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
