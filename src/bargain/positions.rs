//! From negotiation positions to a bargaining space (issue 7, part 2).
//!
//! # Derivation
//!
//! Every clause is compiled per bearer to a modality over its base action (an opposite action
//! negates: `must withdraw-forces` is `must-not deploy-forces`) and a scope of blocks
//! (places × days × amounts), cut to the action's domain (`applies-to`, `amount-domain`); a
//! clause on a converse action is its target's bearer doing the target at the bearers'
//! territories. So no point, and no package, ever names a place or amount where the action
//! cannot happen. For each bearer and base action, the scopes of all parties'
//! clauses are cut into disjoint **points**: regions on which the set of clauses that apply
//! is constant. Each point becomes one issue of a [`Scenario`]:
//!
//! - A point where every position speaks and all its clauses have the same modality is
//!   **settled**: its issue has the single agreed value (so settled points add a constant to
//!   every utility and never enlarge the space).
//! - Every other point is **contested** (including points where only some parties speak):
//!   its issue takes the normative [`NormOption`]s, in this order: `free` (the bearer
//!   may act and may refrain), `obliged` (must), `forbidden` (must not), `none` (nothing
//!   agreed). `must` is satisfied by `obliged` only, `must-not` by `forbidden` only, `may` by
//!   `obliged` or `free`, `need-not` by `forbidden` or `free`; `none` satisfies no clause.
//!   Options that satisfy exactly the same clauses of the point are one value (every party
//!   is indifferent between them and they meet the same red lines): it is `none` when they
//!   satisfy no clause, else the first in that order. So a point where one side demands
//!   `must-not` has the values `forbidden` and `none`, and the space stays countable
//!   (the Brussels positions give 3.1 × 10^12 packages instead of 4^37).
//!
//! # Utilities
//!
//! A clause's [`effective_weight`](crate::Clause::effective_weight) is split equally over
//! the points it covers (over all its bearers). A party's utility is the sum of the shares
//! of its clauses that the package satisfies, divided by the total weight of its clauses, so
//! utilities lie in `[0, 1]`. Conditions (`conditions = [...]`, reciprocity) are not modelled:
//! a conditional clause counts like any other. Each party's reservation value and
//! disagreement utility is `0`, the utility of "nothing agreed" everywhere. Each point's
//! term is rounded to a multiple of 2^-50 (at most 2^-51 off), so that sums are exact in
//! any order: packages with the same utilities compare equal whichever way they are summed,
//! and a space of many equally weighted points has the small frontier it should (20 points
//! of weight 1/20 each: 21 frontier points, not one per rounding difference). Spaces over
//! [`ENUMERATION_LIMIT`](super::ENUMERATION_LIMIT) packages are split and merged, never
//! enumerated; frontiers are counted in full and listed up to a cap (see
//! [`PositionBargain::analyze_with`]). Any number of contested points works: 64 points of
//! three options make 3^64 packages, more than a `u64` counts, so the zone's size is also
//! given exactly in decimal digits (`zone_size_exact`; `zone_size` saturates), packages are
//! named by their options (`outcome`; `outcome_index` is then `u64::MAX`), and the work is
//! bounded by the frontiers of the halves of the points, not by the number of packages.
//!
//! # Red lines and the zone
//!
//! A package is acceptable to a party when it satisfies all of that party's `red-line`
//! clauses on every point they cover; the zone of agreement is the set of packages
//! acceptable to every party. Since points are independent, the zone is the product of the
//! options each point leaves open, so its size is exact at any scale. The Pareto frontier,
//! Nash, Kalai–Smorodinsky and maximal-welfare packages are computed on the zone (with the
//! disagreement point `0` and each party's best utility in the zone as the ideal).
//!
//! On one point the red lines clash exactly when two of them do (`must` against `must-not`
//! or `need-not`, `must-not` against `may`), so the minimal sets of red lines that leave no
//! zone are the clashing pairs; the smallest relaxation is a minimum set of red lines
//! meeting every pair (exact by exhaustive search over at most
//! [`RELAXATION_SEARCH_LIMIT`] red lines, else greedy). Relaxing a red line demotes it to a
//! demand: it keeps its weight but no longer constrains the zone.
//!
//! # Inferred red lines
//!
//! A red line that is inferred (its clause says `basis = "inferred"`, or has neither evidence
//! nor basis) rests on the analyst's reading, not on the record: [`RedLine::inferred`] says
//! so, [`PositionsReport::inferred_red_lines`] lists them, and the text marks them
//! `(inferred)` in the blocking sets and relaxations. [`from_positions_with`] with
//! [`CompareOptions::on_record`] leaves inferred clauses out altogether: they make no point,
//! earn no utility and constrain no zone.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::analysis::AnalysisOptions;
use super::error::BargainError;
use super::frontier::{visit_frontier, Best, Kept, Listing};
use super::points::{degenerate, kalai_smorodinsky_score, nash_score, welfare_score};
use super::space::{DiscreteIssue, Outcome, OutcomeSpace, Scenario, UtilityProfile, Value};
use crate::analysis::index::{Index, Norm};
use crate::analysis::region::{coalesce, subtract_all, Block};
use crate::analysis::{Analyzer, CompareOptions, Legend, ScopeBox};
use crate::error::Error;
use crate::model::{Modality, Position, Strength, Vocabulary};

/// Largest number of clashing red lines searched exhaustively for the smallest relaxation.
pub const RELAXATION_SEARCH_LIMIT: usize = 20;

/// Utilities are built from terms rounded to multiples of this (2^-50): sums of such terms
/// below 4 (a utility is at most 1, plus rounding) are exact in any order, so the frontier found by splitting and merging is the
/// one enumeration finds, bit for bit, and equal packages are equal (with shares like 1/20,
/// sums in different orders would differ in the last bit, and every such difference would
/// be one more frontier point). The rounding moves a utility by at most 2^-51 a point.
const GRID: f64 = 1.0 / (1u64 << 50) as f64;

fn on_grid(x: f64) -> f64 {
    (x / GRID).round() * GRID
}

/// A normative outcome of one contested point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
// Each variant's keyword, for `as_str` and `Display`, by the same rule as serde's.
#[derive(strum::IntoStaticStr, strum::Display, strum::VariantArray)]
#[strum(serialize_all = "kebab-case")]
#[non_exhaustive]
pub enum NormOption {
    /// The bearer may act and may refrain: P(a) ∧ P(¬a).
    Free,
    /// The bearer must act: O(a).
    Obliged,
    /// The bearer must not act: O(¬a).
    Forbidden,
    /// Nothing is agreed.
    None,
}

impl NormOption {
    /// All four, in the order of an issue's values.
    pub const ALL: [NormOption; 4] = [
        NormOption::Free,
        NormOption::Obliged,
        NormOption::Forbidden,
        NormOption::None,
    ];

    /// The value name used in outcomes.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The option with the given value name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<NormOption> {
        NormOption::ALL.into_iter().find(|o| o.as_str() == name)
    }

    /// Whether a clause with this modality (over the base action) is satisfied by the option.
    #[must_use]
    pub fn satisfies(self, modality: Modality) -> bool {
        matches!(
            (self, modality),
            (NormOption::Obliged, Modality::Must | Modality::May)
                | (NormOption::Forbidden, Modality::MustNot | Modality::NeedNot)
                | (NormOption::Free, Modality::May | Modality::NeedNot)
        )
    }

    /// The option settling a point on which every clause has this modality.
    #[must_use]
    pub fn agreeing_with(modality: Modality) -> NormOption {
        match modality {
            Modality::Must => NormOption::Obliged,
            Modality::MustNot => NormOption::Forbidden,
            Modality::May | Modality::NeedNot => NormOption::Free,
        }
    }

    /// The option in clause language: `nato must not admit-members`.
    #[must_use]
    pub fn phrase(self, bearer: &str, action: &str) -> String {
        match self {
            NormOption::Free => format!("{bearer} may but need not {action}"),
            NormOption::Obliged => format!("{bearer} must {action}"),
            NormOption::Forbidden => format!("{bearer} must not {action}"),
            NormOption::None => format!("nothing agreed on whether {bearer} may {action}"),
        }
    }
}

/// A clause of one party as it applies on one point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PointClause {
    /// `party/clause-id`.
    pub clause: String,
    /// Index of the party (position) in the analysis.
    pub party: usize,
    /// The clause's modality over the point's base action.
    pub modality: Modality,
    /// How firmly it is held.
    pub strength: Strength,
    /// The share of the clause's weight earned on this point.
    pub share: f64,
}

/// One point of the derived space: a bearer, a base action and a region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContestedPoint {
    /// The issue's name in the derived scenario (`nato/admit-members#2`).
    pub name: String,
    /// The bearer (a party id of the vocabulary).
    pub bearer: String,
    /// The base action.
    pub action: String,
    /// The vocabulary issue the action belongs to.
    pub issue: String,
    /// The region, as exact boxes.
    pub region: Vec<ScopeBox>,
    /// The region in words.
    pub region_text: String,
    /// Whether the parties' clauses differ here (else the point is settled).
    pub contested: bool,
    /// The issue's values, in order.
    pub options: Vec<NormOption>,
    /// The clauses that apply here, by party then clause order.
    pub clauses: Vec<PointClause>,
}

impl ContestedPoint {
    /// An option of this point in clause language, with its region.
    #[must_use]
    pub fn phrase(&self, option: NormOption) -> String {
        format!("{} {}", option.phrase(&self.bearer, &self.action), self.region_text)
    }
}

/// A red-line clause and the constraints it puts on points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RedLine {
    /// `party/clause-id`.
    pub clause: String,
    /// Index of the party (position).
    pub party: usize,
    /// `(point index, modality)` for every point the clause covers.
    pub constraints: Vec<(usize, Modality)>,
    /// Whether the red line is inferred (the analyst's reading, or a clause with neither
    /// evidence nor basis) rather than on the record.
    #[serde(default)]
    pub inferred: bool,
}

/// The bargaining space derived from positions by [`from_positions`].
#[derive(Debug, Clone, PartialEq)]
pub struct PositionBargain {
    /// The derived scenario: one issue per point, one party per position.
    pub scenario: Scenario,
    /// The points, in the scenario's issue order.
    pub points: Vec<ContestedPoint>,
    /// Party names (the positions' party ids), in order.
    pub parties: Vec<String>,
    /// Every red-line clause, by party then clause order.
    pub red_lines: Vec<RedLine>,
}

/// Builds the bargaining space of two or more positions.
///
/// # Errors
/// [`PositionsError::Invalid`] when the vocabulary or a position breaks the model's rules;
/// [`PositionsError::Bargain`] when the space cannot be built (fewer than two positions,
/// or no clause at all). The space may hold any number of packages: it is analysed by
/// splitting and merging its points, and a package is named by its options.
pub fn from_positions(vocabulary: &Vocabulary, positions: &[Position]) -> Result<PositionBargain, PositionsError> {
    from_positions_with(vocabulary, positions, &CompareOptions::default())
}

/// Builds the bargaining space of two or more positions, reading them as `options` says
/// (with [`CompareOptions::on_record`], inferred clauses take no part: no point, no utility,
/// no red line).
///
/// # Errors
/// As [`from_positions`].
pub fn from_positions_with(
    vocabulary: &Vocabulary,
    positions: &[Position],
    options: &CompareOptions,
) -> Result<PositionBargain, PositionsError> {
    let analyzer = Analyzer::new(vocabulary)?.with_options(*options);
    // Each party bargains once: two rounds of one party are an evolution, not a negotiation.
    let mut seen = std::collections::HashMap::new();
    for (i, p) in positions.iter().enumerate() {
        if let Some(first) = seen.insert(p.party.as_str(), i) {
            return Err(PositionsError::Invalid(Error::Invalid {
                subject: "the set of positions".to_string(),
                problems: vec![crate::model::Invalid {
                    at: crate::model::FieldPath::root().index(i).key("party"),
                    problem: crate::model::Problem::Duplicate {
                        what: format!("party (also position {first})"),
                        id: p.party.clone(),
                    },
                }],
            }));
        }
    }
    let mut compiled = Vec::with_capacity(positions.len());
    for p in positions {
        compiled.push(analyzer.compile_read(p)?.norms);
    }
    derive(analyzer.index(), positions, &compiled, options)
}

/// What can go wrong when deriving a bargaining space from positions.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PositionsError {
    /// The vocabulary or a position is invalid.
    #[error(transparent)]
    Invalid(#[from] Error),
    /// The derived scenario cannot be built.
    #[error(transparent)]
    Bargain(#[from] BargainError),
}

/// A point before naming: (bearer, base action), the labels of its norms, its region.
type RawPoint = ((usize, usize), Vec<usize>, Vec<Block>);

/// A norm tagged with its position.
struct Tagged<'a> {
    party: usize,
    norm: &'a Norm,
}

fn derive(
    index: &Index<'_>,
    positions: &[Position],
    compiled: &[Vec<Norm>],
    options: &CompareOptions,
) -> Result<PositionBargain, PositionsError> {
    let vocab = index.vocab;
    let legend = &*index.legend;
    // Norms grouped by (bearer, base action), in a deterministic order.
    let mut by_key: BTreeMap<(usize, usize), Vec<Tagged<'_>>> = BTreeMap::new();
    for (party, norms) in compiled.iter().enumerate() {
        for norm in norms {
            by_key
                .entry((norm.bearer, norm.base))
                .or_default()
                .push(Tagged { party, norm });
        }
    }
    // Raw points: key, labels (indices into the key's norms), blocks.
    let mut raw: Vec<RawPoint> = Vec::new();
    for (key, norms) in &by_key {
        let blocks: Vec<&Block> = norms.iter().map(|t| &t.norm.block).collect();
        for (labels, region) in refine(&blocks) {
            raw.push((*key, labels, region));
        }
    }
    // How many points each (party, clause) covers, to split its weight.
    let mut cover: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for (key, labels, _) in &raw {
        let norms = by_key.get(key).map(Vec::as_slice).unwrap_or_default();
        let mut seen = BTreeSet::new();
        for &l in labels {
            if let Some(t) = norms.get(l) {
                if seen.insert((t.party, t.norm.clause)) {
                    *cover.entry((t.party, t.norm.clause)).or_default() += 1;
                }
            }
        }
    }
    let mut per_key_count: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for (key, _, _) in &raw {
        *per_key_count.entry(*key).or_default() += 1;
    }
    let mut per_key_seen: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut points = Vec::with_capacity(raw.len());
    for (key, labels, region) in &raw {
        let norms = by_key.get(key).map(Vec::as_slice).unwrap_or_default();
        let bearer = vocab.parties.get(key.0).map(|p| p.id.clone()).unwrap_or_default();
        let action = vocab.actions.get(key.1).map(|a| a.id.clone()).unwrap_or_default();
        let issue = norms
            .first()
            .and_then(|t| vocab.issues.get(t.norm.issue))
            .map(|i| i.id.clone())
            .unwrap_or_default();
        let k = per_key_seen.entry(*key).or_default();
        *k += 1;
        let name = if per_key_count.get(key).copied().unwrap_or(0) > 1 {
            format!("{bearer}/{action}#{k}")
        } else {
            format!("{bearer}/{action}")
        };
        let mut clauses: Vec<PointClause> = Vec::new();
        for &l in labels {
            let Some(t) = norms.get(l) else { continue };
            let Some(clause) = positions.get(t.party).and_then(|p| p.clauses.get(t.norm.clause)) else {
                continue;
            };
            let r = format!("{}/{}", positions[t.party].party, clause.id);
            if clauses.iter().any(|c| c.clause == r) {
                continue;
            }
            let n = cover.get(&(t.party, t.norm.clause)).copied().unwrap_or(1).max(1);
            clauses.push(PointClause {
                clause: r,
                party: t.party,
                modality: t.norm.modality,
                strength: clause.strength,
                share: clause.effective_weight() / n as f64,
            });
        }
        clauses.sort_by_key(|c| c.party);
        let speaks: BTreeSet<usize> = clauses.iter().map(|c| c.party).collect();
        let modalities: BTreeSet<Modality> = clauses.iter().map(|c| c.modality).collect();
        let settled = speaks.len() == positions.len() && modalities.len() == 1;
        let options = match (settled, modalities.iter().next()) {
            (true, Some(&m)) => vec![NormOption::agreeing_with(m)],
            _ => distinct_options(&clauses),
        };
        let boxes: Vec<ScopeBox> = region.iter().map(|b| index.scope_box(b, key.1)).collect();
        let region_text = region_text(legend, &boxes);
        points.push(ContestedPoint {
            name,
            bearer,
            action,
            issue,
            region: boxes,
            region_text,
            contested: !settled,
            options,
            clauses,
        });
    }
    let parties: Vec<String> = positions.iter().map(|p| p.party.clone()).collect();
    let red_lines = collect_red_lines(positions, &points, options);
    let scenario = build_scenario(positions, &points, &parties, None)?;
    Ok(PositionBargain {
        scenario,
        points,
        parties,
        red_lines,
    })
}

/// One option per class of options satisfying the same clauses: `none` for the options
/// satisfying none of them, else the first in [`NormOption::ALL`] order.
fn distinct_options(clauses: &[PointClause]) -> Vec<NormOption> {
    let satisfied = |o: NormOption| -> Vec<bool> { clauses.iter().map(|c| o.satisfies(c.modality)).collect() };
    let mut seen: Vec<Vec<bool>> = Vec::new();
    let mut out = Vec::new();
    for o in NormOption::ALL {
        let set = satisfied(o);
        if seen.contains(&set) {
            continue;
        }
        let rep = if set.iter().any(|&b| b) { o } else { NormOption::None };
        seen.push(set);
        out.push(rep);
    }
    out.sort();
    out
}

/// Cuts the blocks into disjoint regions on which the set of blocks covering them is
/// constant; returns `(labels, region)` with labels ascending, in label order.
fn refine(blocks: &[&Block]) -> BTreeMap<Vec<usize>, Vec<Block>> {
    let mut cells: Vec<(Block, Vec<usize>)> = Vec::new();
    for (k, &b) in blocks.iter().enumerate() {
        let fresh = subtract_all(b, cells.iter().map(|c| &c.0));
        let mut next = Vec::with_capacity(cells.len() + fresh.len());
        for (cb, labels) in cells {
            match cb.intersect(b) {
                Some(inter) => {
                    let mut with = labels.clone();
                    with.push(k);
                    next.push((inter, with));
                    let mut rest = Vec::new();
                    cb.subtract(b, &mut rest);
                    next.extend(rest.into_iter().map(|r| (r, labels.clone())));
                }
                None => next.push((cb, labels)),
            }
        }
        next.extend(fresh.into_iter().map(|f| (f, vec![k])));
        cells = next;
    }
    let mut out: BTreeMap<Vec<usize>, Vec<Block>> = BTreeMap::new();
    for (b, labels) in cells {
        out.entry(labels).or_default().push(b);
    }
    for region in out.values_mut() {
        coalesce(region);
    }
    out
}

fn region_text(legend: &Legend, boxes: &[ScopeBox]) -> String {
    let parts: Vec<String> = boxes
        .iter()
        .map(|b| {
            // Places, time and amount written as in comparisons ("…; amount 500 to 5500").
            let s = crate::report::scope_text(legend, b);
            if s.starts_with("everywhere") {
                s
            } else {
                format!("in {s}")
            }
        })
        .collect();
    parts.join("; also ")
}

fn collect_red_lines(positions: &[Position], points: &[ContestedPoint], options: &CompareOptions) -> Vec<RedLine> {
    let mut out: Vec<RedLine> = Vec::new();
    for (party, p) in positions.iter().enumerate() {
        let read = |c: &&crate::model::Clause| !options.on_record || c.is_on_record();
        for c in p
            .clauses
            .iter()
            .filter(|c| c.strength == Strength::RedLine)
            .filter(read)
        {
            let r = format!("{}/{}", p.party, c.id);
            let constraints: Vec<(usize, Modality)> = points
                .iter()
                .enumerate()
                .flat_map(|(i, pt)| {
                    pt.clauses
                        .iter()
                        .filter(|pc| pc.clause == r && pc.party == party)
                        .map(move |pc| (i, pc.modality))
                })
                .collect();
            out.push(RedLine {
                clause: r,
                party,
                constraints,
                inferred: !c.is_on_record(),
            });
        }
    }
    out
}

/// The scenario over all points, or (with `allowed`) over the options each point leaves open.
fn build_scenario(
    positions: &[Position],
    points: &[ContestedPoint],
    parties: &[String],
    allowed: Option<&[Vec<NormOption>]>,
) -> Result<Scenario, BargainError> {
    let options: Vec<&[NormOption]> = match allowed {
        Some(a) => a.iter().map(Vec::as_slice).collect(),
        None => points.iter().map(|p| p.options.as_slice()).collect(),
    };
    let issues: Vec<DiscreteIssue> = points
        .iter()
        .zip(&options)
        .map(|(p, opts)| DiscreteIssue::categorical(p.name.clone(), opts.iter().map(|o| o.as_str())))
        .collect();
    let space = OutcomeSpace::new(issues)?;
    let mut total = vec![0.0f64; positions.len()];
    for pt in points {
        for c in &pt.clauses {
            if let Some(t) = total.get_mut(c.party) {
                *t += c.share;
            }
        }
    }
    let scenario_parties = parties
        .iter()
        .enumerate()
        .map(|(pi, name)| {
            let scale = if total[pi] > 0.0 { 1.0 / total[pi] } else { 0.0 };
            let evaluations = points
                .iter()
                .zip(&options)
                .map(|(pt, opts)| {
                    opts.iter()
                        .map(|o| {
                            on_grid(
                                pt.clauses
                                    .iter()
                                    .filter(|c| c.party == pi && o.satisfies(c.modality))
                                    .map(|c| c.share)
                                    .sum::<f64>()
                                    * scale,
                            )
                        })
                        .collect()
                })
                .collect();
            UtilityProfile {
                name: name.clone(),
                weights: vec![1.0; points.len()],
                evaluations,
                reservation: 0.0,
            }
        })
        .collect();
    Scenario::new(space, scenario_parties)
}

impl PositionBargain {
    /// The options each point leaves open under the red lines whose index is `active`.
    pub fn allowed_options(&self, active: impl Fn(usize) -> bool) -> Vec<Vec<NormOption>> {
        let mut allowed: Vec<Vec<NormOption>> = self.points.iter().map(|p| p.options.clone()).collect();
        for (ri, rl) in self.red_lines.iter().enumerate() {
            if !active(ri) {
                continue;
            }
            for &(pi, m) in &rl.constraints {
                if let Some(a) = allowed.get_mut(pi) {
                    a.retain(|o| o.satisfies(m));
                }
            }
        }
        allowed
    }

    /// Whether some package satisfies every red line whose index is `active`.
    pub fn feasible(&self, active: impl Fn(usize) -> bool) -> bool {
        self.allowed_options(active).iter().all(|a| !a.is_empty())
    }

    /// Number of packages satisfying every red line whose index is `active` (saturating at
    /// `u64::MAX`; [`PositionBargain::zone_size_exact`] counts past it).
    pub fn zone_size(&self, active: impl Fn(usize) -> bool) -> u64 {
        self.allowed_options(active)
            .iter()
            .fold(1u64, |acc, a| acc.saturating_mul(a.len() as u64))
    }

    /// Number of packages satisfying every red line whose index is `active`, exactly, in
    /// decimal digits (64 contested points of three options make 3^64 packages).
    #[must_use]
    pub fn zone_size_exact(&self, active: impl Fn(usize) -> bool) -> String {
        super::space::exact_product(self.allowed_options(active).iter().map(|a| a.len() as u64))
    }

    /// The minimal sets of red lines (indices into `red_lines`) that together leave no zone:
    /// the pairs that clash on some point, sorted.
    #[must_use]
    pub fn blocking_sets(&self) -> Vec<Vec<usize>> {
        let mut at_point: BTreeMap<usize, Vec<(usize, Modality)>> = BTreeMap::new();
        for (ri, rl) in self.red_lines.iter().enumerate() {
            for &(pi, m) in &rl.constraints {
                at_point.entry(pi).or_default().push((ri, m));
            }
        }
        let mut pairs = BTreeSet::new();
        for list in at_point.values() {
            for (i, &(a, ma)) in list.iter().enumerate() {
                for &(b, mb) in &list[i + 1..] {
                    if a != b && clash(ma, mb) {
                        pairs.insert(if a < b { vec![a, b] } else { vec![b, a] });
                    }
                }
            }
        }
        pairs.into_iter().collect()
    }

    /// Analyzes the space: zone, frontiers, bargaining solutions and blocking red lines.
    ///
    /// # Errors
    /// [`BargainError`] only if a restricted scenario cannot be built (it always can when
    /// the derived one could).
    pub fn analyze(&self) -> Result<PositionsReport, BargainError> {
        self.analyze_with(&AnalysisOptions::default())
    }

    /// As [`PositionBargain::analyze`], with the enumeration threshold, the tie tolerance
    /// and the number of frontier packages listed taken from `options` (its `method` is
    /// not used: spaces above the threshold are split and merged).
    ///
    /// # Errors
    /// As [`PositionBargain::analyze`].
    pub fn analyze_with(&self, options: &AnalysisOptions) -> Result<PositionsReport, BargainError> {
        let all = |_: usize| true;
        let zone_size = self.zone_size(all);
        let allowed = self.allowed_options(all);
        let solutions = self.solve(&allowed, options)?;
        let (frontier_full_size, frontier_full) = if allowed
            .iter()
            .zip(&self.points)
            .all(|(a, p)| a.len() == p.options.len())
        {
            // No red line closes an option: the zone is every package, so its frontier is the
            // full one (the same scenario, streamed the same way); one pass, not two.
            (solutions.frontier_size, solutions.frontier.clone())
        } else {
            let mut full = Listing::new(options.max_frontier);
            let zeros = vec![0.0; self.parties.len()];
            visit_frontier(
                &self.scenario,
                self.enumerate(&self.scenario, options),
                &zeros,
                |u, i| full.push(u, i),
            );
            (full.size, self.packages(&full.into_points()))
        };
        let blocking = self.blocking_sets();
        let (relaxations, exact) = minimum_hitting_sets(&blocking);
        let refs = |set: &[usize]| -> Vec<String> {
            set.iter()
                .filter_map(|&i| self.red_lines.get(i))
                .map(|r| r.clause.clone())
                .collect()
        };
        let relaxed = match relaxations.first() {
            Some(first) if !first.is_empty() => {
                let allowed = self.allowed_options(|i| !first.contains(&i));
                Some(self.solve(&allowed, options)?)
            }
            _ => None,
        };
        Ok(PositionsReport {
            parties: self.parties.clone(),
            points: self.points.clone(),
            zone_size,
            zone_size_exact: self.zone_size_exact(all),
            disagreement: vec![0.0; self.parties.len()],
            frontier_size: solutions.frontier_size,
            frontier: solutions.frontier,
            frontier_full_size,
            frontier_full,
            nash: solutions.nash,
            kalai_smorodinsky: solutions.kalai_smorodinsky,
            max_welfare: solutions.max_welfare,
            blocking_red_lines: blocking.iter().map(|s| refs(s)).collect(),
            smallest_relaxation: relaxations.first().map(|s| refs(s)).unwrap_or_default(),
            relaxations: relaxations.iter().map(|s| refs(s)).collect(),
            relaxation_exact: exact,
            nash_if_relaxed: relaxed.map(|s| s.nash).unwrap_or_default(),
            inferred_red_lines: self
                .red_lines
                .iter()
                .filter(|r| r.inferred)
                .map(|r| r.clause.clone())
                .collect(),
        })
    }

    fn enumerate(&self, scenario: &Scenario, options: &AnalysisOptions) -> bool {
        scenario.space().cardinality() <= options.enumeration_limit
    }

    /// Frontier and solutions on the zone left by `allowed` (empty when some point has no
    /// option left). The frontier is streamed: only the packages listed are kept.
    fn solve(&self, allowed: &[Vec<NormOption>], options: &AnalysisOptions) -> Result<Solutions, BargainError> {
        if allowed.iter().any(Vec::is_empty) {
            return Ok(Solutions::default());
        }
        let restricted = self.restricted(allowed)?;
        let ranges = restricted.utility_ranges();
        let minimum: Vec<f64> = ranges.iter().map(|r| r[0]).collect();
        let ideal: Vec<f64> = ranges.iter().map(|r| r[1]).collect();
        let d = vec![0.0; self.parties.len()];
        let (tol, cap) = (options.tolerance, options.max_frontier);
        let mut zone = Listing::new(cap);
        let mut nash = Best::new(nash_score(&d), tol, cap);
        let mut ks = Best::new(kalai_smorodinsky_score(&d, &ideal), tol, cap);
        let mut welfare = Best::new(welfare_score, tol, cap);
        let enumerate = self.enumerate(&restricted, options);
        visit_frontier(&restricted, enumerate, &d, |u, i| {
            zone.push(u, i);
            nash.offer(u, i);
            ks.offer(u, i);
            welfare.offer(u, i);
        });
        let (mut nash, mut ks, mut welfare) = (nash.finish(), ks.finish(), welfare.finish());
        if nash.is_err() || ks.is_err() || welfare.is_err() {
            // More ties than listed: a second pass knows the best scores.
            visit_frontier(&restricted, enumerate, &d, |u, i| {
                if let Err(b) = nash.as_mut() {
                    b.offer(u, i);
                }
                if let Err(b) = ks.as_mut() {
                    b.offer(u, i);
                }
                if let Err(b) = welfare.as_mut() {
                    b.offer(u, i);
                }
            });
        }
        let frontier_size = zone.size;
        let zone = zone.into_points();
        let all_or = |best: Vec<Kept>, flat: bool| if flat { zone.clone() } else { best };
        let flat = degenerate(&d, &ideal, tol);
        let nash = all_or(nash.unwrap_or_else(Best::into_points), flat);
        let ks = all_or(ks.unwrap_or_else(Best::into_points), flat);
        let welfare = all_or(
            welfare.unwrap_or_else(Best::into_points),
            degenerate(&minimum, &ideal, tol),
        );
        // Map the positions among the options left open to positions in the full space.
        let remap = |pts: Vec<Kept>| -> Vec<Kept> {
            pts.into_iter()
                .filter_map(|p| {
                    let positions: Option<Vec<usize>> = p
                        .positions
                        .iter()
                        .zip(allowed)
                        .zip(&self.points)
                        .map(|((&j, opts), pt)| {
                            let o = opts.get(j)?;
                            pt.options.iter().position(|x| x == o)
                        })
                        .collect();
                    Some(Kept {
                        utilities: p.utilities,
                        positions: positions?,
                    })
                })
                .collect()
        };
        Ok(Solutions {
            frontier_size,
            frontier: self.packages(&remap(zone)),
            nash: self.packages(&remap(nash)),
            kalai_smorodinsky: self.packages(&remap(ks)),
            max_welfare: self.packages(&remap(welfare)),
        })
    }

    fn restricted(&self, allowed: &[Vec<NormOption>]) -> Result<Scenario, BargainError> {
        let issues: Vec<DiscreteIssue> = self
            .points
            .iter()
            .zip(allowed)
            .map(|(p, opts)| DiscreteIssue::categorical(p.name.clone(), opts.iter().map(|o| o.as_str())))
            .collect();
        let space = OutcomeSpace::new(issues)?;
        let parties = self
            .scenario
            .parties()
            .iter()
            .enumerate()
            .map(|(pi, party)| UtilityProfile {
                name: party.name.clone(),
                weights: party.weights.clone(),
                evaluations: self
                    .points
                    .iter()
                    .enumerate()
                    .zip(allowed)
                    .map(|((ii, pt), opts)| {
                        opts.iter()
                            .map(|o| {
                                let j = pt.options.iter().position(|x| x == o).unwrap_or(usize::MAX);
                                party.evaluations.get(ii).and_then(|e| e.get(j)).copied().unwrap_or(0.0)
                            })
                            .collect()
                    })
                    .collect(),
                reservation: self.scenario.parties().get(pi).map_or(0.0, |p| p.reservation),
            })
            .collect();
        Scenario::new(space, parties)
    }

    fn packages(&self, pts: &[Kept]) -> Vec<Package> {
        let space = self.scenario.space();
        // Past u64::MAX packages every index is given as u64::MAX, so that it never misleads.
        let fits = space.fits_u64();
        pts.iter()
            .map(|p| {
                let outcome = space.outcome_at(&p.positions).unwrap_or_default();
                Package {
                    utilities: p.utilities.clone(),
                    outcome_index: space.index_of(&p.positions).filter(|_| fits).unwrap_or(u64::MAX),
                    terms: self.describe(&outcome),
                    outcome,
                }
            })
            .collect()
    }

    /// The contested terms of a package in clause language (settled points are left out).
    #[must_use]
    pub fn describe(&self, outcome: &Outcome) -> Vec<String> {
        self.points
            .iter()
            .filter(|p| p.contested)
            .filter_map(|p| match outcome.get(&p.name) {
                Some(Value::Text(v)) => NormOption::from_name(v).map(|o| p.phrase(o)),
                _ => None,
            })
            .collect()
    }
}

/// Whether no option satisfies both modalities.
fn clash(a: Modality, b: Modality) -> bool {
    !NormOption::ALL.into_iter().any(|o| o.satisfies(a) && o.satisfies(b))
}

/// All minimum sets of elements meeting every set of `sets`, and whether the search was
/// exhaustive (else one greedy set is returned). No set when `sets` is empty.
fn minimum_hitting_sets(sets: &[Vec<usize>]) -> (Vec<Vec<usize>>, bool) {
    if sets.is_empty() {
        return (Vec::new(), true);
    }
    let universe: Vec<usize> = sets
        .iter()
        .flatten()
        .copied()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let hits = |chosen: &[usize]| sets.iter().all(|s| s.iter().any(|x| chosen.contains(x)));
    if universe.len() > RELAXATION_SEARCH_LIMIT {
        let mut chosen: Vec<usize> = Vec::new();
        while !hits(&chosen) {
            let best = universe
                .iter()
                .filter(|x| !chosen.contains(x))
                .max_by_key(|&&x| {
                    let n = sets
                        .iter()
                        .filter(|s| s.contains(&x) && !s.iter().any(|y| chosen.contains(y)))
                        .count();
                    (n, std::cmp::Reverse(x))
                })
                .copied();
            match best {
                Some(x) => chosen.push(x),
                None => break,
            }
        }
        chosen.sort_unstable();
        return (vec![chosen], false);
    }
    for size in 1..=universe.len() {
        let mut found = Vec::new();
        let mut combo: Vec<usize> = (0..size).collect();
        loop {
            let chosen: Vec<usize> = combo.iter().map(|&i| universe[i]).collect();
            if hits(&chosen) {
                found.push(chosen);
            }
            // Next combination in lexicographic order.
            let mut i = size;
            while i > 0 && combo[i - 1] == universe.len() - size + i - 1 {
                i -= 1;
            }
            if i == 0 {
                break;
            }
            combo[i - 1] += 1;
            for j in i..size {
                combo[j] = combo[j - 1] + 1;
            }
        }
        if !found.is_empty() {
            return (found, true);
        }
    }
    (Vec::new(), true)
}

#[derive(Default)]
struct Solutions {
    frontier_size: u64,
    frontier: Vec<Package>,
    nash: Vec<Package>,
    kalai_smorodinsky: Vec<Package>,
    max_welfare: Vec<Package>,
}

/// A package: one option per point, with its utilities and its contested terms in words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Package {
    /// One utility per party, in `[0, 1]`.
    pub utilities: Vec<f64>,
    /// Index of the package in the derived scenario's outcome space, or `u64::MAX` (which never
    /// names a package) when the space has more packages than a `u64` counts: `outcome`
    /// names the package in every case.
    pub outcome_index: u64,
    /// The option of every point (`{point name: option}`).
    pub outcome: Outcome,
    /// The contested terms in clause language.
    pub terms: Vec<String>,
}

/// The bargaining analysis of positions, produced by [`analyze_positions`].
///
/// Serialized with the keys `parties`, `issues` (the points), `zone_size`, `zone_size_exact`,
/// `disagreement`,
/// `frontier_size`, `frontier`, `frontier_full_size`, `frontier_full`, `nash`,
/// `kalai_smorodinsky`, `max_welfare`, `blocking_red_lines`, `smallest_relaxation`,
/// `relaxations`, `relaxation_exact`, `nash_if_relaxed` and `inferred_red_lines`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PositionsReport {
    /// Party names (positions' party ids), the order of every utility vector.
    pub parties: Vec<String>,
    /// The points of the space (the scenario's issues).
    #[serde(rename = "issues")]
    pub points: Vec<ContestedPoint>,
    /// Number of packages satisfying every party's red lines (exact, saturating at 2^64 − 1).
    pub zone_size: u64,
    /// The same number, exact at any size, in decimal digits.
    #[serde(default)]
    pub zone_size_exact: String,
    /// The disagreement point: `0` for every party (nothing agreed).
    pub disagreement: Vec<f64>,
    /// Number of Pareto-optimal packages of the zone.
    pub frontier_size: u64,
    /// Pareto-optimal packages of the zone, by descending first utility: all of them up to
    /// [`AnalysisOptions::max_frontier`], else the two ends of the frontier (the first
    /// `⌈cap/2⌉` and the last `⌊cap/2⌋`).
    pub frontier: Vec<Package>,
    /// Number of Pareto-optimal packages over all packages, red lines ignored.
    pub frontier_full_size: u64,
    /// Pareto-optimal packages over all packages, red lines ignored, listed like `frontier`.
    pub frontier_full: Vec<Package>,
    /// Nash packages (on `frontier`).
    pub nash: Vec<Package>,
    /// Kalai–Smorodinsky packages.
    pub kalai_smorodinsky: Vec<Package>,
    /// Maximal-welfare packages.
    pub max_welfare: Vec<Package>,
    /// Minimal sets of red lines (`party/clause-id`) that together leave no zone.
    pub blocking_red_lines: Vec<Vec<String>>,
    /// A smallest set of red lines whose relaxation opens a zone (empty when one exists).
    pub smallest_relaxation: Vec<String>,
    /// Every smallest relaxation (just one, greedy, when `relaxation_exact` is false).
    pub relaxations: Vec<Vec<String>>,
    /// Whether the relaxations were found by exhaustive search.
    pub relaxation_exact: bool,
    /// The Nash packages once `smallest_relaxation` is relaxed (empty when a zone exists).
    pub nash_if_relaxed: Vec<Package>,
    /// The red lines (`party/clause-id`) that are inferred rather than on the record, in
    /// party then clause order.
    #[serde(default)]
    pub inferred_red_lines: Vec<String>,
}

/// Derives the bargaining space of the positions and analyzes it.
///
/// ```
/// use negdiff::bargain::analyze_positions;
/// use negdiff::{Clause, Modality, Position, Strength, Vocabulary};
/// let vocab = Vocabulary::new("talks")
///     .party("russia", "Russia")
///     .party("nato", "NATO")
///     .action("admit-members", None)
///     .issue("enlargement", "Enlargement", ["admit-members"]);
/// let russia = Position::new("russia", "draft").clause(
///     Clause::new("no-enlargement", "nato", Modality::MustNot, "admit-members").strength(Strength::RedLine),
/// );
/// let nato = Position::new("nato", "reply")
///     .clause(Clause::new("open-door", "nato", Modality::May, "admit-members").strength(Strength::RedLine));
/// let report = analyze_positions(&vocab, &[russia, nato])?;
/// assert_eq!(report.zone_size, 0); // the two red lines leave no package both accept
/// assert_eq!(report.blocking_red_lines, [["russia/no-enlargement", "nato/open-door"]]);
/// # Ok::<(), negdiff::Error>(())
/// ```
///
/// # Errors
/// As [`from_positions`].
pub fn analyze_positions(vocabulary: &Vocabulary, positions: &[Position]) -> Result<PositionsReport, PositionsError> {
    Ok(from_positions(vocabulary, positions)?.analyze()?)
}

/// Derives the bargaining space of the positions, read as `options` says, and analyzes it
/// with `analysis` (see [`PositionBargain::analyze_with`]).
///
/// # Errors
/// As [`from_positions`].
pub fn analyze_positions_with(
    vocabulary: &Vocabulary,
    positions: &[Position],
    options: &CompareOptions,
    analysis: &AnalysisOptions,
) -> Result<PositionsReport, PositionsError> {
    Ok(from_positions_with(vocabulary, positions, options)?.analyze_with(analysis)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Clause;

    fn vocab() -> Vocabulary {
        Vocabulary::new("t")
            .party("a", "A")
            .party("b", "B")
            .entity("X", "Ex", None)
            .entity("Y", "Why", None)
            .opposites("deploy", "withdraw", None)
            .action("talk", None)
            .issue("forces", "Forces", ["deploy", "withdraw"])
            .issue("talks", "Talks", ["talk"])
    }

    fn clash_positions(b_red: bool) -> Vec<Position> {
        let a = Position::new("a", "A").clause(
            Clause::new("keep", "a", Modality::May, "deploy")
                .at(["X"])
                .strength(Strength::RedLine),
        );
        let b = Position::new("b", "B").clause(
            Clause::new("out", "a", Modality::Must, "withdraw")
                .at(["X", "Y"])
                .strength(if b_red { Strength::RedLine } else { Strength::Demand }),
        );
        vec![a, b]
    }

    #[test]
    fn options_satisfy_as_documented() {
        use Modality::*;
        use NormOption as O;
        let table = [
            (O::Obliged, [true, false, true, false]),
            (O::Forbidden, [false, true, false, true]),
            (O::Free, [false, false, true, true]),
            (O::None, [false, false, false, false]),
        ];
        for (o, row) in table {
            for (m, want) in [Must, MustNot, May, NeedNot].into_iter().zip(row) {
                assert_eq!(o.satisfies(m), want, "{o} {m}");
            }
        }
        assert!(clash(Must, MustNot) && clash(Must, NeedNot) && clash(MustNot, May));
        assert!(!clash(May, NeedNot) && !clash(Must, May) && !clash(MustNot, NeedNot));
    }

    #[test]
    fn red_line_clash_leaves_no_zone() {
        let r = analyze_positions(&vocab(), &clash_positions(true)).unwrap();
        assert_eq!(r.zone_size, 0);
        assert!(r.nash.is_empty() && r.frontier.is_empty());
        assert_eq!(
            r.blocking_red_lines,
            vec![vec!["a/keep".to_string(), "b/out".to_string()]]
        );
        assert_eq!(r.smallest_relaxation, ["a/keep"]);
        assert_eq!(
            r.relaxations,
            vec![vec!["a/keep".to_string()], vec!["b/out".to_string()]]
        );
        // Relaxing `a/keep`, b's withdrawal from X and Y is the Nash package.
        let nash = &r.nash_if_relaxed[0];
        assert_eq!(nash.utilities, vec![0.0, 1.0]);
        // Neither red line has evidence or a basis: both are inferred, and said so.
        assert_eq!(r.inferred_red_lines, ["a/keep", "b/out"]);
        assert!(r.to_string().contains("a/keep (inferred) + b/out (inferred)"));
    }

    #[test]
    fn red_lines_say_whether_they_are_inferred() {
        let mut ps = clash_positions(true);
        ps[0] = ps[0].clone().source(crate::Source::new("s", "S"));
        ps[0].clauses[0] = ps[0].clauses[0].clone().quote("s", "we keep our forces", None);
        ps[1].clauses[0] = ps[1].clauses[0].clone().inferred("read from the tone of the talks");
        let b = from_positions(&vocab(), &ps).unwrap();
        assert_eq!(
            b.red_lines.iter().map(|r| r.inferred).collect::<Vec<_>>(),
            [false, true]
        );
        let r = b.analyze().unwrap();
        assert_eq!(r.inferred_red_lines, ["b/out"]);
        let text = r.to_string();
        assert!(text.contains("  - a/keep + b/out (inferred)"), "{text}");
        assert!(text.contains("inferred red lines (not on the record): b/out"), "{text}");
        // On the record, b's inferred red line takes no part: the zone opens.
        let on = from_positions_with(&vocab(), &ps, &CompareOptions::default().on_record(true)).unwrap();
        assert_eq!(on.red_lines.len(), 1);
        assert!(on.points.iter().all(|p| p.clauses.iter().all(|c| c.clause != "b/out")));
        assert!(on.analyze().unwrap().zone_size > 0);
    }

    #[test]
    fn demoting_one_red_line_opens_a_zone() {
        let b = from_positions(&vocab(), &clash_positions(false)).unwrap();
        // Two points: a/deploy in X (contested), a/deploy in Y (only b speaks).
        let names: Vec<&str> = b.points.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["a/deploy#1", "a/deploy#2"]);
        assert_eq!(b.points[0].region_text, "in Ex");
        assert_eq!(
            b.points[0].options,
            [NormOption::Free, NormOption::Forbidden, NormOption::None]
        );
        let r = b.analyze().unwrap();
        // X must stay free (a's red line): free or obliged → one class, `free`; Y: any of 2.
        assert_eq!(r.zone_size, 2);
        assert!(r.blocking_red_lines.is_empty() && r.smallest_relaxation.is_empty());
        let nash = &r.nash[0];
        assert_eq!(nash.outcome.to_string(), "a/deploy#1=free, a/deploy#2=forbidden");
        // b's clause is split over two points: half its weight is met.
        assert_eq!(nash.utilities, vec![1.0, 0.5]);
        assert_eq!(
            nash.terms,
            ["a may but need not deploy in Ex", "a must not deploy in Why"]
        );
    }

    #[test]
    fn agreement_only_settles_every_point() {
        let pos = |party: &str| {
            Position::new(party, party)
                .clause(Clause::new("talk", "a", Modality::Must, "talk").strength(Strength::RedLine))
                .clause(Clause::new("stay", "b", Modality::MustNot, "deploy").at(["Y"]))
        };
        let b = from_positions(&vocab(), &[pos("a"), pos("b")]).unwrap();
        assert!(b.points.iter().all(|p| !p.contested && p.options.len() == 1));
        let r = b.analyze().unwrap();
        assert_eq!(r.zone_size, 1);
        assert_eq!(r.nash.len(), 1);
        assert_eq!(r.nash[0].utilities, vec![1.0, 1.0]);
        assert_eq!(r.nash[0].outcome.to_string(), "a/talk=obliged, b/deploy=forbidden");
        assert!(r.nash[0].terms.is_empty());
        assert!(r.to_string().contains("settled: a must talk everywhere"));
    }

    #[test]
    fn with_no_option_closed_the_zone_scenario_is_the_full_one() {
        // What lets `analyze_with` take the zone's frontier as the full one in one pass.
        for b_red in [false, true] {
            let b = from_positions(&vocab(), &clash_positions(b_red)).unwrap();
            let allowed = b.allowed_options(|_| false);
            assert_eq!(b.restricted(&allowed).unwrap(), b.scenario);
            let open = b.allowed_options(|_| true);
            let closes = open.iter().zip(&b.points).any(|(a, p)| a.len() < p.options.len());
            assert!(closes, "red lines here close options");
            let r = b.analyze().unwrap();
            let without = PositionBargain {
                red_lines: Vec::new(),
                ..b.clone()
            };
            let w = without.analyze().unwrap();
            assert_eq!(w.frontier, w.frontier_full);
            assert_eq!(w.frontier_full, r.frontier_full);
            assert_eq!(w.frontier_full_size, r.frontier_full_size);
        }
    }

    #[test]
    fn hitting_sets_are_minimum() {
        let (sets, exact) = minimum_hitting_sets(&[vec![0, 1], vec![1, 2], vec![2, 3]]);
        assert!(exact);
        assert_eq!(sets, vec![vec![0, 2], vec![1, 2], vec![1, 3]]);
        assert_eq!(minimum_hitting_sets(&[]), (Vec::new(), true));
    }

    #[test]
    fn invalid_positions_are_errors() {
        let bad = vec![Position::new("zz", "?"), Position::new("a", "A")];
        assert!(matches!(
            from_positions(&vocab(), &bad),
            Err(PositionsError::Invalid(_))
        ));
        let one = vec![Position::new("a", "A").clause(Clause::new("t", "a", Modality::May, "talk"))];
        assert!(matches!(
            from_positions(&vocab(), &one),
            Err(PositionsError::Bargain(_))
        ));
    }

    #[test]
    fn equal_shares_give_one_frontier_point_per_split_with_either_method() {
        // 20 contested points of equal weight: 3^20 packages, and utilities (k/20, 1 - k/20)
        // on the frontier. With shares of 1/20 summed in different orders, every rounding
        // difference would be one more frontier point; on the grid there are exactly 21.
        let mut v = Vocabulary::new("t").party("a", "A").party("b", "B");
        let mut a = Position::new("a", "A");
        let mut b = Position::new("b", "B");
        for i in 0..20 {
            let act = format!("act{i}");
            v = v.action(act.as_str(), None);
            a = a.clause(Clause::new(format!("c{i}"), "a", Modality::Must, act.as_str()));
            b = b.clause(Clause::new(format!("c{i}"), "a", Modality::MustNot, act.as_str()));
        }
        let acts: Vec<String> = (0..20).map(|i| format!("act{i}")).collect();
        let v = v.issue("all", "All", acts.iter().map(String::as_str));
        let bargain = from_positions(&v, &[a, b]).unwrap();
        assert_eq!(bargain.scenario.space().cardinality(), 3u64.pow(20));
        let split = bargain.analyze().unwrap();
        assert_eq!(split.frontier_size, 21);
        assert_eq!(split.frontier_full_size, 21);
        assert!(split.nash[0].utilities.iter().all(|u| (u - 0.5).abs() < 1e-12));
        let small = AnalysisOptions {
            max_frontier: 4,
            ..AnalysisOptions::default()
        };
        let capped = bargain.analyze_with(&small).unwrap();
        assert_eq!(capped.frontier_size, 21);
        assert_eq!(capped.frontier.len(), 4);
        assert_eq!(capped.frontier[0], split.frontier[0]);
        assert_eq!(capped.frontier[3], split.frontier[20]);
        assert_eq!(capped.nash, split.nash);
        assert!(capped
            .to_string()
            .contains("21 points, the first 2 and the last 2 listed"));
    }
}
