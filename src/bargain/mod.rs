//! Outcome-space bargaining analysis, peer-compatible with NegMAS.
//!
//! # Model
//!
//! An [`OutcomeSpace`] is the product of [`DiscreteIssue`]s (categorical values
//! or integer ranges). A [`Scenario`] adds two or more [`UtilityProfile`]s with
//! linear-additive utilities, `u_p(o) = Σ_i weight_p,i × eval_p,i(o_i)` (summed in
//! issue order from `0.0`), and a reservation value each. GENIUS XML files are
//! read by [`load_genius`] (feature `genius`, on by default).
//!
//! Outcomes are enumerated with the issues in the listed order and the **last
//! issue varying fastest**; an outcome's index is the mixed-radix number of its
//! value positions. A space may hold more outcomes than a `u64` counts (64 issues of three
//! values do): `n_outcomes` then saturates at `u64::MAX`, `n_outcomes_exact` gives the exact
//! count in decimal digits, every `outcome_index` is `u64::MAX` (which never names an outcome
//! of a space that fits), and each point is named by its `outcome`. Inside the analysis a
//! point is always carried as its value positions, never as an index.
//!
//! # What [`analyze`] computes
//!
//! - **Zone of agreement**: outcomes where every party's utility is at least its
//!   reservation value (`zone_size`).
//! - **Pareto frontier** with strict dominance: `q` dominates `p` when `q ≥ p` for
//!   every party and `q > p` for one. Outcomes with equal utility vectors collapse
//!   to one point whose representative is the **lowest outcome index**. Points
//!   are listed by **descending utility of the first party** (then of the next
//!   parties). `frontier` is the frontier of the zone, `frontier_full` the one over
//!   all outcomes. The zone frontier is the full frontier filtered to the zone,
//!   which is exact: the zone is upward closed in utility space, so anything
//!   dominating a zone outcome is in the zone too.
//! - **Disagreement point** `d`: per party, the reservation value if it is at
//!   least the party's minimum utility over all outcomes, else that minimum.
//! - On the zone frontier, with ties **within 1e-12 of the best all returned** (in
//!   frontier order):
//!   - **Nash**: maximal `Π_p (u_p − d_p)` (product in party order);
//!   - **Kalai**: maximal `min_p (u_p − d_p)`;
//!   - **Kalai–Smorodinsky**: the points closest to the line from `d` to the ideal
//!     point (each party's maximal utility): minimal spread `max_p r_p − min_p r_p`
//!     of the relative gains `r_p = (u_p − d_p)/(ideal_p − d_p)`;
//!   - **maximal welfare**: maximal `Σ_p u_p`.
//!
//!   As in NegMAS, when some party's `ideal − d` (for welfare: `max − min`) is at
//!   most the tolerance, the whole zone frontier is returned.
//!
//! # Size of a report
//!
//! A frontier can hold every outcome (in a zero-sum space each one is Pareto-optimal), so
//! it is never held: its points are streamed, in frontier order, into what the report keeps.
//! `frontier_size` and `frontier_full_size` count every point; `frontier` and
//! `frontier_full` list all of them up to [`AnalysisOptions::max_frontier`] (default
//! [`DEFAULT_MAX_FRONTIER`], `negdiff bargain --max-frontier N`), else the first `⌈N/2⌉`
//! and the last `⌊N/2⌋`, the frontier's two ends; the listing is truncated exactly when the
//! size exceeds the number listed. The solution points are computed on the whole stream
//! (when ties fill the list, by a second pass that knows the best score), and tie lists are
//! cut at the same number. Memory is bounded by the enumerated space (at most
//! [`ENUMERATION_LIMIT`] outcomes) or, above it, by the frontiers of the two halves of the
//! issues, whose two-party merge is a k-way merge that never builds their `|a|·|b|` sums.
//!
//! GENIUS files are read with a size limit ([`load_genius_with`], `--max-bytes`), only when
//! they are regular files; every error names the file, line and column; negative weights,
//! a second `<reservation>` and an `<issue>` outside the `<objective>` are errors, a zero
//! weight a warning. Outcome counts are checked arithmetically before anything is
//! allocated, and a profile's evaluations are stored as listed (an integer issue of 10^9
//! values that the profile does not evaluate is reported, not materialised).
//!
//! # Frontier algorithms
//!
//! - [`frontier_enumerated`]: enumerate every outcome, sort by descending first
//!   utility and sweep (O(n log n) for two parties; for more, each point is checked
//!   against the frontier found so far).
//! - [`frontier_split_merge`]: for additive utilities the frontier of a sum is the
//!   frontier of the Minkowski sum of the parts' frontiers, so the issues are split
//!   in halves recursively and partial frontiers merged; a 10^12-outcome space
//!   takes milliseconds. A point of a part's frontier is keyed by its rank there (ranks
//!   keep the order of outcome indices, so ties resolve to the lowest outcome as in an
//!   enumeration) and decoded to value positions through the tree of merges, so the number
//!   of outcomes never has to fit in a machine integer: the work is bounded by the parts'
//!   frontiers, not by the space. [`analyze`] uses it for spaces over [`ENUMERATION_LIMIT`]
//!   (10^6) outcomes (then the zone is not counted; see [`AnalysisOptions`]); the analysis
//!   of positions switches at the same threshold.
//!
//! With dyadic numbers (as in the NegMAS fixtures) every sum is exact and both
//! algorithms agree bit for bit with NegMAS.
//!
//! # Example
//!
//! ```
//! use negdiff::bargain::{analyze, DiscreteIssue, OutcomeSpace, UtilityProfile, Scenario};
//!
//! let space = OutcomeSpace::new(vec![
//!     DiscreteIssue::categorical("color", ["red", "blue"]),
//!     DiscreteIssue::integer("qty", 1, 3),
//! ])?;
//! let buyer = UtilityProfile {
//!     name: "buyer".into(),
//!     weights: vec![0.5, 0.5],
//!     evaluations: vec![vec![1.0, 0.0], vec![1.0, 0.5, 0.0]],
//!     reservation: 0.25,
//! };
//! let seller = UtilityProfile {
//!     name: "seller".into(),
//!     weights: vec![0.25, 0.75],
//!     evaluations: vec![vec![0.0, 1.0], vec![0.0, 0.5, 1.0]],
//!     reservation: 0.25,
//! };
//! let scenario = Scenario::new(space, vec![buyer, seller])?;
//! let report = analyze(&scenario);
//!
//! assert_eq!(report.n_outcomes, 6);
//! assert_eq!(report.zone_size, Some(4));
//! assert_eq!(report.disagreement, vec![0.25, 0.25]);
//! // red/1 is best for the buyer, blue/3 for the seller.
//! assert_eq!(report.frontier_full.first().map(|p| p.outcome_index), Some(0));
//! assert_eq!(report.frontier_full.last().map(|p| p.outcome_index), Some(5));
//! // The zone frontier: red/2 and red/3 (blue/1 and blue/2 are dominated by red/3).
//! let zone: Vec<u64> = report.frontier.iter().map(|p| p.outcome_index).collect();
//! assert_eq!(zone, vec![1, 2]);
//! // Nash: red with quantity 3, product (0.5 - 0.25) × (0.75 - 0.25) = 0.125.
//! assert_eq!(report.nash.len(), 1);
//! assert_eq!(report.nash[0].utilities, vec![0.5, 0.75]);
//! assert_eq!(report.nash[0].outcome.to_string(), "color=red, qty=3");
//! assert_eq!(report.nash_product, Some(0.125));
//! # Ok::<(), negdiff::bargain::BargainError>(())
//! ```

mod analysis;
mod error;
mod frontier;
#[cfg(feature = "genius")]
mod genius;
mod points;
mod positions;
mod space;

pub use analysis::{
    analyze, analyze_with, AnalysisOptions, BargainReport, FrontierMethod, ReportPoint, DEFAULT_MAX_FRONTIER,
    ENUMERATION_LIMIT,
};
pub use error::{BargainError, GeniusProblem};
pub use frontier::{
    for_each_outcome, frontier_enumerated, frontier_split_merge, pareto_frontier, restrict_to_zone, zone_size,
    FrontierPoint,
};
#[cfg(feature = "genius")]
pub use genius::{load_genius, load_genius_with, parse_domain, parse_profile, GeniusOptions, GeniusScenario};
pub use points::{
    kalai_points, kalai_smorodinsky_points, max_welfare_points, nash_points, nash_product, TIE_TOLERANCE,
};
pub use positions::{
    analyze_positions, analyze_positions_with, from_positions, from_positions_with, ContestedPoint, NormOption,
    Package, PointClause, PositionBargain, PositionsError, PositionsReport, RedLine, RELAXATION_SEARCH_LIMIT,
};
pub use space::{DiscreteIssue, IssueKind, Outcome, OutcomeSpace, Scenario, UtilityProfile, Value};
