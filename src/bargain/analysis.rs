//! The full analysis of a scenario and its report.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::frontier::{self, FrontierPoint};
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
    /// (larger spaces report no zone size). Default 10^6.
    pub enumeration_limit: u64,
}

/// Spaces up to this many outcomes are enumerated; larger ones are split and merged. One
/// threshold for scenarios and for positions, so both pick the same algorithm.
pub(crate) const ENUMERATION_LIMIT: u64 = 1_000_000;

impl Default for AnalysisOptions {
    fn default() -> Self {
        AnalysisOptions {
            method: FrontierMethod::Auto,
            tolerance: TIE_TOLERANCE,
            enumeration_limit: ENUMERATION_LIMIT,
        }
    }
}

/// A frontier point with its representative outcome spelled out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportPoint {
    /// One utility per party.
    pub utilities: Vec<f64>,
    /// Index of the representative outcome (lowest index with these utilities).
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
    /// Number of outcomes.
    pub n_outcomes: u64,
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
    /// Pareto frontier of the zone of agreement, by descending first utility.
    pub frontier: Vec<ReportPoint>,
    /// Pareto frontier over all outcomes, by descending first utility.
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
    let (full, zone_size) = match method {
        FrontierMethod::SplitMerge => {
            let zone = (n_outcomes <= options.enumeration_limit).then(|| frontier::zone_size(scenario));
            (frontier::frontier_split_merge(scenario), zone)
        }
        _ => {
            let (f, z) = frontier::enumerate(scenario);
            (f, Some(z))
        }
    };
    let reservation = scenario.reservations();
    let zone = frontier::restrict_to_zone(&full, &reservation);
    let ranges = scenario.utility_ranges();
    let minimum: Vec<f64> = ranges.iter().map(|r| r[0]).collect();
    let ideal: Vec<f64> = ranges.iter().map(|r| r[1]).collect();
    let disagreement = scenario.disagreement();
    let tol = options.tolerance;

    let nash = points::nash_points(&zone, &disagreement, &ideal, tol);
    let nash_product = nash.first().map(|p| points::nash_product(&p.utilities, &disagreement));
    let kalai = points::kalai_points(&zone, &disagreement, &ideal, tol);
    let ks = points::kalai_smorodinsky_points(&zone, &disagreement, &ideal, tol);
    let welfare = points::max_welfare_points(&zone, &minimum, &ideal, tol);

    let expand = |pts: &[FrontierPoint]| -> Vec<ReportPoint> {
        pts.iter()
            .map(|p| ReportPoint {
                utilities: p.utilities.clone(),
                outcome_index: p.outcome_index,
                outcome: space.outcome(p.outcome_index).unwrap_or_default(),
            })
            .collect()
    };
    BargainReport {
        parties: scenario.parties().iter().map(|p| p.name.clone()).collect(),
        issues: space.issues().iter().map(|i| i.name.clone()).collect(),
        n_outcomes,
        method,
        zone_size,
        reservation,
        utility_ranges: ranges,
        disagreement,
        frontier: expand(&zone),
        frontier_full: expand(&full),
        nash: expand(&nash),
        nash_product,
        kalai: expand(&kalai),
        kalai_smorodinsky: expand(&ks),
        max_welfare: expand(&welfare),
    }
}

fn fmt_utils(f: &mut fmt::Formatter<'_>, u: &[f64]) -> fmt::Result {
    f.write_str("(")?;
    for (i, x) in u.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{x:.6}")?;
    }
    f.write_str(")")
}

fn fmt_points(f: &mut fmt::Formatter<'_>, title: &str, pts: &[ReportPoint]) -> fmt::Result {
    if pts.is_empty() {
        return writeln!(f, "{title}: none");
    }
    writeln!(f, "{title}:")?;
    for p in pts {
        f.write_str("  ")?;
        fmt_utils(f, &p.utilities)?;
        writeln!(f, "  #{}  {}", p.outcome_index, p.outcome)?;
    }
    Ok(())
}

impl fmt::Display for BargainReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "bargaining analysis: {} parties ({}), {} issues, {} outcomes ({})",
            self.parties.len(),
            crate::escape::visible(&self.parties.join(", ")),
            self.issues.len(),
            self.n_outcomes,
            self.method
        )?;
        match self.zone_size {
            Some(z) => writeln!(f, "zone of agreement: {z} outcome{}", if z == 1 { "" } else { "s" })?,
            None => writeln!(f, "zone of agreement: not counted (space too large)")?,
        }
        for (i, name) in self.parties.iter().enumerate() {
            let r = self.utility_ranges.get(i).copied().unwrap_or([0.0, 0.0]);
            writeln!(
                f,
                "  {}: utility {:.6}..{:.6}, reservation {:.6}, disagreement {:.6}",
                crate::escape::visible(name),
                r[0],
                r[1],
                self.reservation.get(i).copied().unwrap_or(0.0),
                self.disagreement.get(i).copied().unwrap_or(0.0)
            )?;
        }
        // GENIUS weights need not sum to 1, and NegMAS keeps the utilities as the profiles
        // define them; say so rather than leave a reader puzzling over values above 1.
        let tol = 1e-12;
        if self.utility_ranges.iter().any(|r| r[1] > 1.0 + tol || r[0] < -tol) {
            writeln!(
                f,
                "  (utilities are the profiles' weighted sums as written, not normalised, as in \
                 NegMAS: weights need not sum to 1, so a utility may exceed 1; divide by a \
                 party's maximum to read it on [0, 1])"
            )?;
        }
        fmt_points(
            f,
            &format!("pareto frontier in the zone ({} points)", self.frontier.len()),
            &self.frontier,
        )?;
        fmt_points(
            f,
            &format!(
                "pareto frontier over all outcomes ({} points)",
                self.frontier_full.len()
            ),
            &self.frontier_full,
        )?;
        let nash_title = match self.nash_product {
            Some(p) => format!("nash (product {p:.6})"),
            None => "nash".to_string(),
        };
        fmt_points(f, &nash_title, &self.nash)?;
        fmt_points(f, "kalai", &self.kalai)?;
        fmt_points(f, "kalai-smorodinsky", &self.kalai_smorodinsky)?;
        fmt_points(f, "max welfare", &self.max_welfare)
    }
}
