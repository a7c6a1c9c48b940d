//! Bargaining analysis benchmarks: an enumerated 10^6-outcome space and a
//! 10^12-outcome additive space by split and merge.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use negdiff::bargain::{
    analyze_with, AnalysisOptions, DiscreteIssue, FrontierMethod, OutcomeSpace, Scenario, UtilityProfile,
};

/// Two parties with opposed random dyadic preferences over `issues` issues of ten
/// values each (deterministic generator).
fn scenario(issues: usize) -> Scenario {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |den: u32| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        f64::from(((state >> 33) % (u64::from(den) + 1)) as u32) / f64::from(den)
    };
    let space = OutcomeSpace::new(
        (0..issues)
            .map(|i| DiscreteIssue::categorical(format!("i{i}"), (0..10).map(|v| format!("v{v}"))))
            .collect(),
    )
    .unwrap();
    let parties = (0..2)
        .map(|p| UtilityProfile {
            name: format!("p{p}"),
            weights: (0..issues).map(|_| next(64)).collect(),
            evaluations: (0..issues).map(|_| (0..10).map(|_| next(1024)).collect()).collect(),
            reservation: issues as f64 * 0.125,
        })
        .collect();
    Scenario::new(space, parties).unwrap()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("bargain");
    group.sample_size(10);

    let small = scenario(6);
    let enumerate = AnalysisOptions {
        method: FrontierMethod::Enumerate,
        ..AnalysisOptions::default()
    };
    group.bench_function("enumerate_1e6_frontier_nash", |b| {
        b.iter(|| {
            let r = analyze_with(black_box(&small), &enumerate);
            black_box((r.frontier_full.len(), r.nash.len()))
        })
    });

    let big = scenario(12);
    let split = AnalysisOptions {
        method: FrontierMethod::SplitMerge,
        ..AnalysisOptions::default()
    };
    group.bench_function("split_merge_1e12_frontier_nash", |b| {
        b.iter(|| {
            let r = analyze_with(black_box(&big), &split);
            black_box((r.frontier_full.len(), r.nash.len()))
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
