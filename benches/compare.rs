//! Comparison benchmarks on generated workloads (`negdiff::testing::generate`): `compare` at
//! 10², 10³, 10⁴ and 10⁵ clauses per side, the cell-by-cell reference at the sizes where it
//! finishes (same group, so the speed-up is a ratio of one run), and the 10-party matrix of
//! 10⁴ clauses each.
//!
//! `cargo bench --bench compare --features testing`

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use negdiff::testing::reference::reference_compare;
use negdiff::testing::{generate, generate_position, GenConfig};
use negdiff::{compare, compare_all, Position};

const SEED: u64 = 0x6e65_6764_6966_6621;

fn bench_compare(c: &mut Criterion) {
    let mut group = c.benchmark_group("compare");
    for &n in &[100usize, 1_000, 10_000, 100_000] {
        let (vocab, left, right) = generate(&GenConfig::with_clauses(n, SEED));
        group.throughput(Throughput::Elements(n as u64));
        group.sample_size(if n >= 10_000 { 10 } else { 30 });
        group.measurement_time(Duration::from_secs(if n >= 10_000 { 10 } else { 5 }));
        group.bench_with_input(BenchmarkId::new("engine", n), &n, |b, _| {
            b.iter(|| {
                let c = compare(black_box(&vocab), black_box(&left), black_box(&right));
                black_box(c.map(|c| c.findings.len()).unwrap_or(0))
            })
        });
        // The reference is quadratic in the clauses of a key times the cells of its grid:
        // it finishes in seconds at 10³ and not in reasonable time beyond.
        if n <= 1_000 {
            group.sample_size(10);
            group.bench_with_input(BenchmarkId::new("reference", n), &n, |b, _| {
                b.iter(|| black_box(reference_compare(black_box(&vocab), black_box(&left), black_box(&right)).len()))
            });
        }
    }
    group.finish();
}

fn bench_matrix(c: &mut Criterion) {
    let mut group = c.benchmark_group("matrix");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    let parties = 10;
    let n = 10_000;
    // One vocabulary; ten positions drawn with different seeds over it, each held by its
    // own party (the generator makes `parties` parties).
    let cfg = GenConfig {
        parties,
        ..GenConfig::with_clauses(n, SEED)
    };
    let (vocab, first, _) = generate(&cfg);
    let mut positions: Vec<Position> = vec![first];
    for k in 1..parties {
        let cfg_k = GenConfig {
            seed: SEED + k as u64,
            ..cfg.clone()
        };
        positions.push(generate_position(&vocab, &cfg_k, &format!("p{k}")));
    }
    group.throughput(Throughput::Elements((parties * n) as u64));
    group.bench_with_input(BenchmarkId::new("compare_all", format!("{parties}x{n}")), &n, |b, _| {
        b.iter(|| {
            let m = compare_all(black_box(&vocab), black_box(&positions));
            black_box(m.map(|m| m.pairs.len()).unwrap_or(0))
        })
    });
    group.finish();
}

criterion_group!(benches, bench_compare, bench_matrix);
criterion_main!(benches);
