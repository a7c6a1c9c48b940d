//! Inputs whose size used to be multiplied: a zero-sum bargaining space where every outcome
//! is Pareto-optimal (the frontier is streamed and capped), groups nesting one large group
//! (the legend keeps the tree), N `must` against N `must-not` clauses on one place (one
//! finding), and positions contesting N points (3^N packages, split and merge over the points,
//! never enumerated: `memory/contested/64` has more packages than a `u64` counts). Each should
//! take time and memory in proportion to the input.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use negdiff::bargain::{
    analyze_with, AnalysisOptions, DiscreteIssue, FrontierMethod, OutcomeSpace, Scenario, UtilityProfile,
};
use negdiff::{compare, Clause, Modality, Position, Vocabulary};

/// Two parties with exactly opposed, non-dyadic preferences over `issues` issues of ten
/// values: every outcome is on the frontier.
fn zero_sum(issues: usize) -> Scenario {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let space = OutcomeSpace::new(
        (0..issues)
            .map(|i| DiscreteIssue::categorical(format!("i{i}"), (0..10).map(|v| format!("v{v}"))))
            .collect(),
    )
    .unwrap();
    let evaluations: Vec<Vec<f64>> = (0..issues).map(|_| (0..10).map(|_| next()).collect()).collect();
    let flipped = evaluations
        .iter()
        .map(|e| e.iter().map(|x| 1.0 - x).collect())
        .collect();
    let party = |name: &str, evaluations| UtilityProfile {
        name: name.into(),
        weights: vec![1.0 / issues as f64; issues],
        evaluations,
        reservation: 0.0,
    };
    Scenario::new(space, vec![party("A", evaluations), party("B", flipped)]).unwrap()
}

fn frontier_caps(c: &mut Criterion) {
    let mut group = c.benchmark_group("memory/frontier");
    group.sample_size(10);
    for issues in [5usize, 6] {
        let s = zero_sum(issues);
        for method in [FrontierMethod::Enumerate, FrontierMethod::SplitMerge] {
            let options = AnalysisOptions {
                method,
                ..AnalysisOptions::default()
            };
            let id = BenchmarkId::new(format!("zero_sum_{method:?}"), format!("1e{issues}"));
            group.bench_function(id, |b| {
                b.iter(|| {
                    let r = analyze_with(black_box(&s), &options);
                    black_box((r.frontier_full_size, r.frontier_full.len(), r.nash.len()))
                })
            });
        }
    }
    group.finish();
}

fn nested_groups(groups: usize, big: usize) -> (Vocabulary, Position, Position) {
    let mut v = Vocabulary::new("groups").party("a", "A").party("b", "B");
    let ids: Vec<String> = (0..big).map(|i| format!("e{i}")).collect();
    for id in &ids {
        v = v.entity(id.as_str(), id.as_str(), None);
    }
    v = v
        .group("big", ids.iter().map(String::as_str))
        .action("act", None)
        .issue("i", "I", ["act"]);
    for g in 0..groups {
        v = v.group(format!("g{g}"), [format!("e{}", g % big), "@big".to_string()]);
    }
    let a = Position::new("a", "A").clause(Clause::new("x", "a", Modality::Must, "act").at(["e1", "e2"]));
    let b = Position::new("b", "B").clause(Clause::new("y", "a", Modality::MustNot, "act").at(["@big"]));
    (v, a, b)
}

fn groups(c: &mut Criterion) {
    let mut group = c.benchmark_group("memory/groups");
    group.sample_size(10);
    for groups in [1_000usize, 10_000] {
        let (v, a, b) = nested_groups(groups, 1_000);
        group.bench_function(BenchmarkId::new("nesting_a_1000_group", groups), |bch| {
            bch.iter(|| black_box(compare(&v, &a, &b).unwrap().findings.len()))
        });
    }
    group.finish();
}

fn same_scope(n: usize) -> (Vocabulary, Position, Position) {
    let v = Vocabulary::new("same")
        .party("a", "A")
        .party("b", "B")
        .entity("X", "X", None)
        .action("act", None)
        .issue("i", "I", ["act"]);
    let side = |party: &str, m| {
        let mut p = Position::new(party, party);
        p.clauses = (0..n)
            .map(|i| Clause::new(format!("c{i}"), "a", m, "act").at(["X"]))
            .collect();
        p
    };
    (v, side("a", Modality::Must), side("b", Modality::MustNot))
}

fn findings_grouping(c: &mut Criterion) {
    let mut group = c.benchmark_group("memory/same_scope");
    group.sample_size(10);
    for n in [1_000usize, 10_000] {
        let (v, a, b) = same_scope(n);
        group.bench_function(BenchmarkId::new("must_vs_must_not", n), |bch| {
            bch.iter(|| black_box(compare(&v, &a, &b).unwrap().findings.len()))
        });
    }
    group.finish();
}

/// `n` contested points: `a` demands `must act_i`, `b` `must-not act_i`, the weight of clause
/// `i` one of four classes (so the frontier is not a single line of equal steps).
fn contested(n: usize) -> (Vocabulary, Position, Position) {
    let mut v = Vocabulary::new("contested").party("a", "A").party("b", "B");
    let (mut a, mut b) = (Position::new("a", "A"), Position::new("b", "B"));
    let acts: Vec<String> = (0..n).map(|i| format!("act{i}")).collect();
    for (i, act) in acts.iter().enumerate() {
        v = v.action(act.as_str(), None);
        let weight = [0.125, 0.25, 0.5, 1.0][i % 4];
        a = a.clause(Clause::new(format!("c{i}"), "a", Modality::Must, act.as_str()).weight(weight));
        b = b.clause(Clause::new(format!("c{i}"), "a", Modality::MustNot, act.as_str()).weight(weight));
    }
    let v = v.issue("all", "All", acts.iter().map(String::as_str));
    (v, a, b)
}

fn contested_points(c: &mut Criterion) {
    let mut group = c.benchmark_group("memory/contested");
    group.sample_size(10);
    for n in [64usize, 256] {
        let (v, a, b) = contested(n);
        let positions = [a, b];
        group.bench_function(BenchmarkId::from_parameter(n), |bch| {
            bch.iter(|| {
                let r = negdiff::bargain::analyze_positions(&v, black_box(&positions)).unwrap();
                black_box((r.frontier_full_size, r.nash.len()))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, frontier_caps, groups, findings_grouping, contested_points);
criterion_main!(benches);
