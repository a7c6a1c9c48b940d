//! Bargaining reports as text: a scenario's analysis, and the bargaining space of positions.

use std::fmt;

use super::text::{counted, plural};
use crate::bargain::{BargainReport, Package, PositionsReport, ReportPoint};
use crate::escape::visible;

/// `19 points`, or `10⁶ points, the first 50 and the last 50 listed`.
fn listed(size: u64, shown: usize) -> String {
    if size <= shown as u64 {
        return format!("{size} points");
    }
    let head = shown.div_ceil(2);
    format!(
        "{size} points, the first {head} and the last {} listed; raise --max-frontier for more",
        shown - head
    )
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

/// Writes the points; `size` is how many there are in all, so that a listing of the two ends
/// of a longer frontier shows where the points left out would be.
fn fmt_points(f: &mut fmt::Formatter<'_>, title: &str, pts: &[ReportPoint], size: u64) -> fmt::Result {
    if pts.is_empty() && size == 0 {
        return writeln!(f, "{title}: none");
    }
    writeln!(f, "{title}:")?;
    let left_out = size.saturating_sub(pts.len() as u64);
    let head = if left_out > 0 { pts.len().div_ceil(2) } else { pts.len() };
    for (i, p) in pts.iter().enumerate() {
        if i == head {
            writeln!(f, "  … {left_out} more points …")?;
        }
        f.write_str("  ")?;
        fmt_utils(f, &p.utilities)?;
        writeln!(f, "  #{}  {}", p.outcome_index, p.outcome)?;
    }
    if left_out > 0 && head == pts.len() {
        writeln!(f, "  … {left_out} more points …")?;
    }
    Ok(())
}

impl fmt::Display for BargainReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "bargaining analysis: {} parties ({}), {} issues, {} outcomes ({})",
            self.parties.len(),
            visible(&self.parties.join(", ")),
            self.issues.len(),
            // Exact past u64::MAX, where `n_outcomes` saturates.
            if self.n_outcomes_exact.is_empty() {
                self.n_outcomes.to_string()
            } else {
                self.n_outcomes_exact.clone()
            },
            self.method
        )?;
        match self.zone_size {
            Some(z) => writeln!(f, "zone of agreement: {}", counted(z, "outcome", "outcomes"))?,
            None => writeln!(f, "zone of agreement: not counted (space too large)")?,
        }
        for (i, name) in self.parties.iter().enumerate() {
            let r = self.utility_ranges.get(i).copied().unwrap_or([0.0, 0.0]);
            writeln!(
                f,
                "  {}: utility {:.6}..{:.6}, reservation {:.6}, disagreement {:.6}",
                visible(name),
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
            &format!(
                "pareto frontier in the zone ({})",
                listed(self.frontier_size, self.frontier.len())
            ),
            &self.frontier,
            self.frontier_size,
        )?;
        fmt_points(
            f,
            &format!(
                "pareto frontier over all outcomes ({})",
                listed(self.frontier_full_size, self.frontier_full.len())
            ),
            &self.frontier_full,
            self.frontier_full_size,
        )?;
        let nash_title = match self.nash_product {
            Some(p) => format!("nash (product {p:.6})"),
            None => "nash".to_string(),
        };
        fmt_points(f, &nash_title, &self.nash, self.nash.len() as u64)?;
        fmt_points(f, "kalai", &self.kalai, self.kalai.len() as u64)?;
        fmt_points(
            f,
            "kalai-smorodinsky",
            &self.kalai_smorodinsky,
            self.kalai_smorodinsky.len() as u64,
        )?;
        fmt_points(f, "max welfare", &self.max_welfare, self.max_welfare.len() as u64)
    }
}

/// Red-line references with the inferred ones marked `(inferred)`.
fn marked(report: &PositionsReport, refs: &[String]) -> Vec<String> {
    refs.iter()
        .map(|r| {
            if report.inferred_red_lines.contains(r) {
                format!("{r} (inferred)")
            } else {
                r.clone()
            }
        })
        .collect()
}

/// Utilities to three places: `(0.250, 0.750)`.
fn utilities_short(u: &[f64]) -> String {
    let parts: Vec<String> = u.iter().map(|x| format!("{x:.3}")).collect();
    format!("({})", parts.join(", "))
}

fn fmt_package(f: &mut fmt::Formatter<'_>, title: &str, pkgs: &[Package]) -> fmt::Result {
    match pkgs {
        [] => writeln!(f, "{title}: none"),
        [one, rest @ ..] => {
            write!(f, "{title}: utilities {}", utilities_short(&one.utilities))?;
            if !rest.is_empty() {
                write!(f, " (and {} tied)", rest.len())?;
            }
            writeln!(f)?;
            for t in &one.terms {
                writeln!(f, "  - {}", visible(t))?;
            }
            Ok(())
        }
    }
}

impl fmt::Display for PositionsReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let contested = self.points.iter().filter(|p| p.contested).count();
        writeln!(
            f,
            "bargaining space of {}: {} points, {} contested, {} settled",
            visible(&self.parties.join(" and ")),
            self.points.len(),
            contested,
            self.points.len() - contested
        )?;
        for p in self.points.iter().filter(|p| !p.contested) {
            if let Some(&o) = p.options.first() {
                writeln!(f, "  settled: {}", visible(&p.phrase(o)))?;
            }
        }
        if !self.inferred_red_lines.is_empty() {
            writeln!(
                f,
                "inferred red lines (not on the record): {}",
                self.inferred_red_lines.join(", ")
            )?;
        }
        if self.zone_size == 0 {
            writeln!(f, "zone of agreement: none — no package respects every red line")?;
            writeln!(f, "red lines that together leave no zone:")?;
            for set in &self.blocking_red_lines {
                writeln!(f, "  - {}", visible(&marked(self, set).join(" + ")))?;
            }
            let how = if self.relaxation_exact {
                ""
            } else {
                " (greedy; not proven smallest)"
            };
            writeln!(
                f,
                "smallest relaxation opening a zone{how}: {}",
                visible(&marked(self, &self.smallest_relaxation).join(", "))
            )?;
            if self.relaxations.len() > 1 {
                let others: Vec<String> = self.relaxations[1..]
                    .iter()
                    .map(|s| marked(self, s).join(", "))
                    .collect();
                writeln!(f, "  equally small: {}", visible(&others.join("; ")))?;
            }
            fmt_package(f, "nash package once relaxed", &self.nash_if_relaxed)?;
        } else {
            writeln!(
                f,
                "zone of agreement: {} {} every red line",
                if self.zone_size == 1 || self.zone_size_exact.is_empty() {
                    counted(self.zone_size, "package", "packages")
                } else {
                    // Exact past 2^64 − 1, where `zone_size` saturates.
                    format!("{} packages", self.zone_size_exact)
                },
                plural(self.zone_size, "respects", "respect")
            )?;
            writeln!(
                f,
                "pareto-optimal packages in the zone: {}",
                listed(self.frontier_size, self.frontier.len())
            )?;
            fmt_package(f, "nash package", &self.nash)?;
            fmt_package(f, "kalai-smorodinsky package", &self.kalai_smorodinsky)?;
            fmt_package(f, "max-welfare package", &self.max_welfare)?;
        }
        Ok(())
    }
}
