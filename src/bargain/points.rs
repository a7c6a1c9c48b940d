//! Bargaining solutions on a Pareto frontier: Nash, Kalai, Kalai–Smorodinsky and
//! maximal welfare, with the tie and degenerate-case conventions of NegMAS.
//!
//! Each function scores every frontier point, finds the best score `s*` and
//! returns, in frontier order, every point scoring at least `s* - tolerance`.

use super::frontier::FrontierPoint;

/// The default tie tolerance (1e-12, as NegMAS).
pub const TIE_TOLERANCE: f64 = 1e-12;

/// Points whose score is within `tolerance` of the best, in frontier order.
fn best_within(frontier: &[FrontierPoint], tolerance: f64, score: impl Fn(&[f64]) -> f64) -> Vec<FrontierPoint> {
    let scores: Vec<f64> = frontier.iter().map(|p| score(&p.utilities)).collect();
    let best = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if best == f64::NEG_INFINITY {
        return Vec::new();
    }
    frontier
        .iter()
        .zip(&scores)
        .filter(|(_, &s)| s >= best - tolerance)
        .map(|(p, _)| p.clone())
        .collect()
}

/// The whole frontier when the problem is [`degenerate`] over `low..ideal` (as NegMAS),
/// otherwise [`best_within`]: the one rule every solution below follows.
fn solve(
    frontier: &[FrontierPoint],
    low: &[f64],
    ideal: &[f64],
    tolerance: f64,
    score: impl Fn(&[f64]) -> f64,
) -> Vec<FrontierPoint> {
    if degenerate(low, ideal, tolerance) {
        return frontier.to_vec();
    }
    best_within(frontier, tolerance, score)
}

/// Whether some party's gain range `ideal - disagreement` is at most `tolerance`;
/// then NegMAS returns the whole frontier.
pub(crate) fn degenerate(disagreement: &[f64], ideal: &[f64], tolerance: f64) -> bool {
    ideal.iter().zip(disagreement).any(|(hi, lo)| hi - lo <= tolerance)
}

/// The Nash product `∏ (u_p - d_p)`, multiplied in party order starting from 1.0.
#[must_use]
pub fn nash_product(utilities: &[f64], disagreement: &[f64]) -> f64 {
    utilities
        .iter()
        .zip(disagreement)
        .fold(1.0, |acc, (u, d)| acc * (u - d))
}

/// Nash points: maximal [`nash_product`] over the frontier.
///
/// `ideal` holds each party's maximal utility over all outcomes; when some party's
/// `ideal - disagreement` is at most `tolerance` the whole frontier is returned.
#[must_use]
pub fn nash_points(
    frontier: &[FrontierPoint],
    disagreement: &[f64],
    ideal: &[f64],
    tolerance: f64,
) -> Vec<FrontierPoint> {
    solve(frontier, disagreement, ideal, tolerance, nash_score(disagreement))
}

/// The score [`nash_points`] maximises.
pub(crate) fn nash_score(disagreement: &[f64]) -> impl Fn(&[f64]) -> f64 + '_ {
    move |u| nash_product(u, disagreement)
}

/// Kalai (egalitarian) points: maximal `min_p (u_p - d_p)`.
///
/// Points where some party gets less than its disagreement value are skipped; the
/// degenerate case is handled as in [`nash_points`].
#[must_use]
pub fn kalai_points(
    frontier: &[FrontierPoint],
    disagreement: &[f64],
    ideal: &[f64],
    tolerance: f64,
) -> Vec<FrontierPoint> {
    solve(frontier, disagreement, ideal, tolerance, kalai_score(disagreement))
}

/// The score [`kalai_points`] maximises.
pub(crate) fn kalai_score(disagreement: &[f64]) -> impl Fn(&[f64]) -> f64 + '_ {
    move |u| {
        if u.iter().zip(disagreement).any(|(u, d)| u < d) {
            return f64::NEG_INFINITY;
        }
        u.iter()
            .zip(disagreement)
            .map(|(u, d)| u - d)
            .fold(f64::INFINITY, f64::min)
    }
}

/// Kalai–Smorodinsky points: the frontier points closest to the line from the
/// disagreement point to the ideal point.
///
/// Each party's relative gain is `r_p = (u_p - d_p) / (ideal_p - d_p)`; the score
/// is `-(max_p r_p - min_p r_p)`, so the best points are those whose relative
/// gains are the most equal. This is what the NegMAS reference results show (the
/// "max-min relative gain" variant picks a different point on the `1e3` fixture).
/// Points where some party gets less than its disagreement value are skipped; the
/// degenerate case is handled as in [`nash_points`].
#[must_use]
pub fn kalai_smorodinsky_points(
    frontier: &[FrontierPoint],
    disagreement: &[f64],
    ideal: &[f64],
    tolerance: f64,
) -> Vec<FrontierPoint> {
    solve(
        frontier,
        disagreement,
        ideal,
        tolerance,
        kalai_smorodinsky_score(disagreement, ideal),
    )
}

/// The score [`kalai_smorodinsky_points`] maximises.
pub(crate) fn kalai_smorodinsky_score<'a>(disagreement: &'a [f64], ideal: &'a [f64]) -> impl Fn(&[f64]) -> f64 + 'a {
    move |u| {
        if u.iter().zip(disagreement).any(|(u, d)| u < d) {
            return f64::NEG_INFINITY;
        }
        let mut lo = f64::INFINITY;
        let mut hi = f64::NEG_INFINITY;
        for ((u, d), m) in u.iter().zip(disagreement).zip(ideal) {
            let r = (u - d) / (m - d);
            lo = lo.min(r);
            hi = hi.max(r);
        }
        lo - hi
    }
}

/// Maximal-welfare points: maximal `Σ u_p`, summed in party order from 0.0.
///
/// `minimum` and `ideal` are each party's extreme utilities over all outcomes;
/// when some party's range is at most `tolerance` the whole frontier is returned.
#[must_use]
pub fn max_welfare_points(
    frontier: &[FrontierPoint],
    minimum: &[f64],
    ideal: &[f64],
    tolerance: f64,
) -> Vec<FrontierPoint> {
    solve(frontier, minimum, ideal, tolerance, welfare_score)
}

/// The score [`max_welfare_points`] maximises.
pub(crate) fn welfare_score(u: &[f64]) -> f64 {
    u.iter().fold(0.0, |a, b| a + b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bargain::frontier::tests::fp;

    fn frontier() -> Vec<FrontierPoint> {
        vec![
            fp(&[1.0, 0.0], 0),
            fp(&[0.75, 0.5], 1),
            fp(&[0.5, 0.75], 2),
            fp(&[0.0, 1.0], 3),
        ]
    }

    #[test]
    fn nash_returns_all_ties_in_frontier_order() {
        let n = nash_points(&frontier(), &[0.0, 0.0], &[1.0, 1.0], TIE_TOLERANCE);
        assert_eq!(n, vec![fp(&[0.75, 0.5], 1), fp(&[0.5, 0.75], 2)]);
        assert_eq!(nash_product(&[0.75, 0.5], &[0.0, 0.0]), 0.375);
    }

    #[test]
    fn kalai_uses_gains_over_disagreement() {
        let k = kalai_points(&frontier(), &[0.25, 0.0], &[1.0, 1.0], TIE_TOLERANCE);
        assert_eq!(k, vec![fp(&[0.75, 0.5], 1)]);
    }

    #[test]
    fn kalai_smorodinsky_normalizes_by_ideal() {
        // Relative gains with d = (0, 0), ideal = (1, 2):
        // (0.75, 0.25) and (0.5, 0.375): the second is closer to the diagonal.
        let ks = kalai_smorodinsky_points(&frontier(), &[0.0, 0.0], &[1.0, 2.0], TIE_TOLERANCE);
        assert_eq!(ks, vec![fp(&[0.5, 0.75], 2)]);
    }

    #[test]
    fn max_welfare_ties() {
        let w = max_welfare_points(&frontier(), &[0.0, 0.0], &[1.0, 1.0], TIE_TOLERANCE);
        assert_eq!(w, vec![fp(&[0.75, 0.5], 1), fp(&[0.5, 0.75], 2)]);
    }

    #[test]
    fn degenerate_range_returns_whole_frontier() {
        let f = frontier();
        assert_eq!(nash_points(&f, &[1.0, 0.0], &[1.0, 1.0], TIE_TOLERANCE), f);
        assert!(nash_points(&[], &[0.0, 0.0], &[1.0, 1.0], TIE_TOLERANCE).is_empty());
    }
}
