//! Property tests of the Pareto frontier algorithms on random small additive
//! spaces with dyadic numbers (so every sum is exact in any order).

use negdiff::bargain::{
    analyze_with, for_each_outcome, frontier_enumerated, frontier_split_merge, pareto_frontier, restrict_to_zone,
    AnalysisOptions, BargainReport, DiscreteIssue, FrontierMethod, FrontierPoint, OutcomeSpace, Scenario,
    UtilityProfile,
};
use proptest::prelude::*;

/// A dyadic number k/16 in [0, 1].
fn dyadic() -> impl Strategy<Value = f64> {
    (0u32..=16).prop_map(|k| f64::from(k) / 16.0)
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (2usize..=3, prop::collection::vec(1usize..=4, 1..=4)).prop_flat_map(|(parties, sizes)| {
        let n = sizes.len();
        let party = (
            prop::collection::vec((1u32..=8).prop_map(|k| f64::from(k) / 8.0), n),
            sizes
                .iter()
                .map(|&s| prop::collection::vec(dyadic(), s))
                .collect::<Vec<_>>(),
            (0u32..=32).prop_map(|k| f64::from(k) / 32.0),
        );
        let sizes = sizes.clone();
        prop::collection::vec(party, parties).prop_map(move |ps| {
            let issues = sizes
                .iter()
                .enumerate()
                .map(|(i, &s)| {
                    if i % 2 == 0 {
                        DiscreteIssue::categorical(format!("i{i}"), (0..s).map(|v| format!("v{v}")))
                    } else {
                        DiscreteIssue::integer(format!("i{i}"), -1, s as i64 - 2)
                    }
                })
                .collect();
            let space = OutcomeSpace::new(issues).unwrap();
            let parties = ps
                .into_iter()
                .enumerate()
                .map(|(p, (weights, evaluations, reservation))| UtilityProfile {
                    name: format!("p{p}"),
                    weights,
                    evaluations,
                    reservation,
                })
                .collect();
            Scenario::new(space, parties).unwrap()
        })
    })
}

fn all_points(s: &Scenario) -> Vec<FrontierPoint> {
    let mut v = Vec::new();
    for_each_outcome(s, |i, u| {
        v.push(FrontierPoint {
            utilities: u.to_vec(),
            outcome_index: i,
        })
    });
    v
}

fn geq(a: &[f64], b: &[f64]) -> bool {
    a.iter().zip(b).all(|(x, y)| x >= y)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn frontier_is_non_dominated_and_covers_every_outcome(s in scenario()) {
        let points = all_points(&s);
        let f = frontier_enumerated(&s);
        prop_assert!(!f.is_empty());
        // No frontier point dominates or equals another.
        for (i, a) in f.iter().enumerate() {
            for (j, b) in f.iter().enumerate() {
                if i != j {
                    prop_assert!(!geq(&a.utilities, &b.utilities));
                }
            }
        }
        // Every outcome is dominated by or equal to a frontier point, and frontier
        // points are not dominated by any outcome.
        for p in &points {
            prop_assert!(f.iter().any(|q| geq(&q.utilities, &p.utilities)));
        }
        for q in &f {
            for p in &points {
                prop_assert!(!(geq(&p.utilities, &q.utilities) && p.utilities != q.utilities));
            }
            // The representative is the lowest index with these utilities.
            let lowest = points.iter().find(|p| p.utilities == q.utilities).map(|p| p.outcome_index);
            prop_assert_eq!(lowest, Some(q.outcome_index));
        }
        // Listed by descending first utility.
        for w in f.windows(2) {
            prop_assert!(w[0].utilities[0] >= w[1].utilities[0]);
        }
    }

    #[test]
    fn split_merge_equals_enumeration(s in scenario()) {
        prop_assert_eq!(frontier_split_merge(&s), frontier_enumerated(&s));
    }

    #[test]
    fn zone_frontier_by_filtering_is_exact(s in scenario()) {
        let r = s.reservations();
        let zone: Vec<FrontierPoint> = all_points(&s)
            .into_iter()
            .filter(|p| geq(&p.utilities, &r))
            .collect();
        prop_assert_eq!(restrict_to_zone(&frontier_enumerated(&s), &r), pareto_frontier(&zone));
    }

    #[test]
    fn a_space_past_u64_has_the_frontier_of_its_informative_issues(s in scenario(), pad in 40usize..=80) {
        // `pad` issues of two values no party cares about, half before and half after the
        // others: 2^pad times the outcomes (past u64::MAX from 64 on), the same frontier, and
        // every representative takes the first value of each padding issue (the lowest package).
        let (before, after) = (pad / 2, pad - pad / 2);
        let blank = |k: usize| DiscreteIssue::categorical(format!("pad{k}"), ["x", "y"]);
        let mut issues: Vec<DiscreteIssue> = (0..before).map(blank).collect();
        issues.extend(s.space().issues().iter().cloned());
        issues.extend((before..pad).map(blank));
        let parties: Vec<UtilityProfile> = s
            .parties()
            .iter()
            .map(|p| {
                let mut weights = vec![1.0; before];
                weights.extend(&p.weights);
                weights.extend(vec![1.0; after]);
                let mut evaluations = vec![vec![0.0, 0.0]; before];
                evaluations.extend(p.evaluations.iter().cloned());
                evaluations.extend(vec![vec![0.0, 0.0]; after]);
                UtilityProfile { weights, evaluations, ..p.clone() }
            })
            .collect();
        let padded = Scenario::new(OutcomeSpace::new(issues).unwrap(), parties).unwrap();
        let small = analyze_with(&s, &AnalysisOptions { method: FrontierMethod::Enumerate, ..AnalysisOptions::default() });
        let big = analyze_with(&padded, &AnalysisOptions::default());
        prop_assert_eq!(big.method, FrontierMethod::SplitMerge);
        prop_assert_eq!(padded.space().fits_u64(), s.space().cardinality().checked_mul(1u64 << pad.min(63)).is_some() && pad < 64);
        let fits = padded.space().fits_u64();
        let exact: u128 = u128::from(s.space().cardinality()) << pad;
        prop_assert_eq!(&big.n_outcomes_exact, &exact.to_string());
        prop_assert_eq!(big.n_outcomes, u64::try_from(exact).unwrap_or(u64::MAX));
        let header = format!("{} outcomes (split and merge)", exact);
        prop_assert!(big.to_string().contains(&header), "{}", big);
        let same = |b: &[negdiff::bargain::ReportPoint], e: &[negdiff::bargain::ReportPoint]| -> Result<(), TestCaseError> {
            prop_assert_eq!(b.len(), e.len());
            for (b, e) in b.iter().zip(e) {
                prop_assert_eq!(&b.utilities, &e.utilities);
                let informative: Vec<_> = b.outcome.entries()[before..before + e.outcome.entries().len()].to_vec();
                prop_assert_eq!(&informative[..], e.outcome.entries());
                prop_assert!(b.outcome.entries().iter().filter(|(k, _)| k.starts_with("pad")).all(|(_, v)| v.to_string() == "x"));
                let index = if fits { e.outcome_index << after } else { u64::MAX };
                prop_assert_eq!(b.outcome_index, index);
            }
            Ok(())
        };
        same(&big.frontier_full, &small.frontier_full)?;
        same(&big.frontier, &small.frontier)?;
        same(&big.nash, &small.nash)?;
        same(&big.kalai_smorodinsky, &small.kalai_smorodinsky)?;
        same(&big.max_welfare, &small.max_welfare)?;
        prop_assert_eq!(big.frontier_size, small.frontier_size);
    }

    #[test]
    fn both_methods_give_the_same_report(s in scenario()) {
        let with = |method| analyze_with(&s, &AnalysisOptions { method, ..AnalysisOptions::default() });
        let e = with(FrontierMethod::Enumerate);
        let m = with(FrontierMethod::SplitMerge);
        prop_assert_eq!(BargainReport { method: FrontierMethod::Enumerate, ..m }, e.clone());
        // Every solution point lies on the zone frontier.
        for p in e.nash.iter().chain(&e.kalai).chain(&e.kalai_smorodinsky).chain(&e.max_welfare) {
            prop_assert!(e.frontier.contains(p));
        }
    }

    #[test]
    fn a_capped_report_counts_everything_and_lists_the_ends(s in scenario(), cap in 0usize..6) {
        for method in [FrontierMethod::Enumerate, FrontierMethod::SplitMerge] {
            let with = |max_frontier| analyze_with(&s, &AnalysisOptions { method, max_frontier, ..AnalysisOptions::default() });
            let all = with(usize::MAX);
            let capped = with(cap);
            let ends = |v: &[negdiff::bargain::ReportPoint]| -> Vec<negdiff::bargain::ReportPoint> {
                if v.len() <= cap {
                    return v.to_vec();
                }
                let mut out = v[..cap.div_ceil(2)].to_vec();
                out.extend_from_slice(&v[v.len() - cap / 2..]);
                out
            };
            prop_assert_eq!(capped.frontier_size, all.frontier.len() as u64);
            prop_assert_eq!(capped.frontier_full_size, all.frontier_full.len() as u64);
            prop_assert_eq!(&capped.frontier, &ends(&all.frontier));
            prop_assert_eq!(&capped.frontier_full, &ends(&all.frontier_full));
            for (c, a) in [
                (&capped.nash, &all.nash),
                (&capped.kalai, &all.kalai),
                (&capped.kalai_smorodinsky, &all.kalai_smorodinsky),
                (&capped.max_welfare, &all.max_welfare),
            ] {
                if a == &all.frontier {
                    // Every point ties (or the gains are degenerate): listed like the frontier.
                    prop_assert!(c == &capped.frontier || c[..] == a[..a.len().min(cap)]);
                } else {
                    prop_assert_eq!(&c[..], &a[..a.len().min(cap)]);
                }
            }
            prop_assert_eq!(capped.nash_product, if cap == 0 { None } else { all.nash_product });
            let left_out = capped.frontier_full_size - capped.frontier_full.len() as u64;
            if left_out > 0 {
                let more = format!("… {left_out} more points …");
                prop_assert!(capped.to_string().contains(&more));
            }
        }
    }
}
