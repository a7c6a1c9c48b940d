//! The full analysis of a scenario and its report.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::frontier::{self, Best, Kept, Listing};
use super::points::{self, TIE_TOLERANCE};
use super::space::{Outcome, Scenario};

/// How the Pareto frontier is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum FrontierMethod {
    /// Enumerate when the space has at most [`AnalysisOptions::enumeration_limit`]
    /// outcomes, else split and merge.
    #[default]
    Auto,
    /// Enumerate every outcome and sweep (O(n log n) for two parties).
    Enumerate,
    /// Split the issues and merge partial frontiers, without enumeration.
    SplitMerge,
}

impl fmt::Display for FrontierMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FrontierMethod::Auto => "auto",
            FrontierMethod::Enumerate => "enumerate",
            FrontierMethod::SplitMerge => "split and merge",
        })
    }
}

/// Options of [`analyze_with`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalysisOptions {
    /// Frontier algorithm.
    pub method: FrontierMethod,
    /// Tie tolerance of the solution concepts (default 1e-12).
    pub tolerance: f64,
    /// Largest space that is enumerated: by [`FrontierMethod::Auto`] to pick the
    /// algorithm, and by [`FrontierMethod::SplitMerge`] to count the zone
    /// (larger spaces report no zone size). Default [`ENUMERATION_LIMIT`].
    pub enumeration_limit: u64,
    /// Most frontier points listed in a report (default [`DEFAULT_MAX_FRONTIER`]). A longer
    /// frontier is counted in full and listed by its first `⌈cap/2⌉` and last `⌊cap/2⌋`
    /// points, its two ends; solution lists (ties) are cut at the same number.
    pub max_frontier: usize,
}

/// Spaces with at most this many outcomes are enumerated, larger ones split and merged:
/// the one threshold of both the GENIUS analysis and the analysis of positions.
pub const ENUMERATION_LIMIT: u64 = 1_000_000;

/// How many frontier points a report lists by default.
pub const DEFAULT_MAX_FRONTIER: usize = 100;

impl Default for AnalysisOptions {
    fn default() -> Self {
        AnalysisOptions {
            method: FrontierMethod::Auto,
            tolerance: TIE_TOLERANCE,
            enumeration_limit: ENUMERATION_LIMIT,
            max_frontier: DEFAULT_MAX_FRONTIER,
        }
    }
}

/// A frontier point with its representative outcome spelled out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportPoint {
    /// One utility per party.
    pub utilities: Vec<f64>,
    /// Index of the representative outcome (lowest index with these utilities), or
    /// `u64::MAX`, which never names an outcome, when the space has more outcomes than a
    /// `u64` counts; `outcome` names it in every case.
    pub outcome_index: u64,
    /// The representative outcome.
    pub outcome: Outcome,
}

/// The result of [`analyze`]: zone, frontiers and bargaining solutions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BargainReport {
    /// Party names, in order (all utility vectors follow this order).
    pub parties: Vec<String>,
    /// Issue names, in order.
    pub issues: Vec<String>,
    /// Number of outcomes, saturating at `u64::MAX`.
    pub n_outcomes: u64,
    /// The exact number of outcomes, in decimal digits (a space may hold more than
    /// `u64::MAX`).
    #[serde(default)]
    pub n_outcomes_exact: String,
    /// Frontier algorithm used ([`FrontierMethod::Enumerate`] or
    /// [`FrontierMethod::SplitMerge`]).
    pub method: FrontierMethod,
    /// Outcomes where every party gets at least its reservation value; `None`
    /// when the space was too large to count.
    pub zone_size: Option<u64>,
    /// Reservation values.
    pub reservation: Vec<f64>,
    /// Each party's `[min, max]` utility over all outcomes.
    pub utility_ranges: Vec<[f64; 2]>,
    /// Disagreement point.
    pub disagreement: Vec<f64>,
    /// Number of points of the Pareto frontier of the zone of agreement.
    pub frontier_size: u64,
    /// Pareto frontier of the zone of agreement, by descending first utility: every point
    /// when there are at most [`AnalysisOptions::max_frontier`], else its two ends (see
    /// there).
    pub frontier: Vec<ReportPoint>,
    /// Number of points of the Pareto frontier over all outcomes.
    pub frontier_full_size: u64,
    /// Pareto frontier over all outcomes, by descending first utility, listed like
    /// `frontier`.
    pub frontier_full: Vec<ReportPoint>,
    /// Nash points (on `frontier`).
    pub nash: Vec<ReportPoint>,
    /// The Nash product at the first Nash point.
    pub nash_product: Option<f64>,
    /// Kalai (egalitarian) points.
    pub kalai: Vec<ReportPoint>,
    /// Kalai–Smorodinsky points.
    pub kalai_smorodinsky: Vec<ReportPoint>,
    /// Maximal-welfare points.
    pub max_welfare: Vec<ReportPoint>,
}

/// Analyzes a scenario with the default options.
#[must_use]
pub fn analyze(scenario: &Scenario) -> BargainReport {
    analyze_with(scenario, &AnalysisOptions::default())
}

/// Analyzes a scenario.
#[must_use]
pub fn analyze_with(scenario: &Scenario, options: &AnalysisOptions) -> BargainReport {
    let space = scenario.space();
    let n_outcomes = space.cardinality();
    let method = match options.method {
        FrontierMethod::Auto if n_outcomes <= options.enumeration_limit => FrontierMethod::Enumerate,
        FrontierMethod::Auto => FrontierMethod::SplitMerge,
        m => m,
    };
    let reservation = scenario.reservations();
    let ranges = scenario.utility_ranges();
    let minimum: Vec<f64> = ranges.iter().map(|r| r[0]).collect();
    let ideal: Vec<f64> = ranges.iter().map(|r| r[1]).collect();
    let disagreement = scenario.disagreement();
    let tol = options.tolerance;
    let cap = options.max_frontier;

    // The frontier is streamed: what is kept is its size, the points listed, and the
    // solution points, never the frontier itself.
    let mut full = Listing::new(cap);
    let mut zone = Listing::new(cap);
    let mut nash = Best::new(points::nash_score(&disagreement), tol, cap);
    let mut kalai = Best::new(points::kalai_score(&disagreement), tol, cap);
    let mut ks = Best::new(points::kalai_smorodinsky_score(&disagreement, &ideal), tol, cap);
    let mut welfare = Best::new(points::welfare_score, tol, cap);
    let enumerate = method == FrontierMethod::Enumerate;
    // The zone is upward closed, so its frontier is the full one restricted to it.
    let in_zone = |u: &[f64]| u.iter().zip(&reservation).all(|(u, r)| u >= r);
    let counted = frontier::visit_frontier(scenario, enumerate, &reservation, |u, i| {
        full.push(u, i);
        if in_zone(u) {
            zone.push(u, i);
            nash.offer(u, i);
            kalai.offer(u, i);
            ks.offer(u, i);
            welfare.offer(u, i);
        }
    });
    let (mut nash, mut kalai, mut ks, mut welfare) = (nash.finish(), kalai.finish(), ks.finish(), welfare.finish());
    if nash.is_err() || kalai.is_err() || ks.is_err() || welfare.is_err() {
        // More ties than listed: a second pass knows the best scores.
        frontier::visit_frontier(scenario, enumerate, &reservation, |u, i| {
            if in_zone(u) {
                if let Err(b) = nash.as_mut() {
                    b.offer(u, i);
                }
                if let Err(b) = kalai.as_mut() {
                    b.offer(u, i);
                }
                if let Err(b) = ks.as_mut() {
                    b.offer(u, i);
                }
                if let Err(b) = welfare.as_mut() {
                    b.offer(u, i);
                }
            }
        });
    }
    let zone_size = match counted {
        Some(z) => Some(z),
        None => (n_outcomes <= options.enumeration_limit).then(|| frontier::zone_size(scenario)),
    };
    let (frontier_size, frontier_full_size) = (zone.size, full.size);
    let zone = zone.into_points();
    // Degenerate gains: NegMAS returns the whole frontier, here as listed.
    let all_or = |best: Vec<Kept>, degenerate: bool| if degenerate { zone.clone() } else { best };
    let flat = points::degenerate(&disagreement, &ideal, tol);
    let nash = all_or(nash.unwrap_or_else(Best::into_points), flat);
    let nash_product = nash.first().map(|p| points::nash_product(&p.utilities, &disagreement));
    let kalai = all_or(kalai.unwrap_or_else(Best::into_points), flat);
    let ks = all_or(ks.unwrap_or_else(Best::into_points), flat);
    let welfare = all_or(
        welfare.unwrap_or_else(Best::into_points),
        points::degenerate(&minimum, &ideal, tol),
    );
    let full = full.into_points();

    // Past u64::MAX outcomes every index is given as u64::MAX, so that it never misleads.
    let fits = space.fits_u64();
    let expand = |pts: &[Kept]| -> Vec<ReportPoint> {
        pts.iter()
            .map(|p| ReportPoint {
                utilities: p.utilities.clone(),
                outcome_index: space.index_of(&p.positions).filter(|_| fits).unwrap_or(u64::MAX),
                outcome: space.outcome_at(&p.positions).unwrap_or_default(),
            })
            .collect()
    };
    BargainReport {
        parties: scenario.parties().iter().map(|p| p.name.clone()).collect(),
        issues: space.issues().iter().map(|i| i.name.clone()).collect(),
        n_outcomes,
        n_outcomes_exact: space.cardinality_exact(),
        method,
        zone_size,
        reservation,
        utility_ranges: ranges,
        disagreement,
        frontier_size,
        frontier: expand(&zone),
        frontier_full_size,
        frontier_full: expand(&full),
        nash: expand(&nash),
        nash_product,
        kalai: expand(&kalai),
        kalai_smorodinsky: expand(&ks),
        max_welfare: expand(&welfare),
    }
}
