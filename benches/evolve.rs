//! `evolve` benchmarks: an old position from `negdiff::testing::generate` against a realistic
//! revision of it (`negdiff::testing::generate_revision`: ≈ 84 % of the clauses kept, 10 %
//! edited, 3 % reworded under a new id, 3 % dropped, 4 % added, 2 % moved), at 10², 10³, 10⁴
//! and 10⁵ clauses.
//!
//! `cargo bench --bench evolve --features testing`

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use negdiff::evolve;
use negdiff::testing::{generate, generate_revision, GenConfig, RevisionConfig};

const SEED: u64 = 0x6e65_6764_6966_6621;

fn bench_evolve(c: &mut Criterion) {
    let mut group = c.benchmark_group("evolve");
    for &n in &[100usize, 1_000, 10_000, 100_000] {
        let (vocab, old, _) = generate(&GenConfig::with_clauses(n, SEED));
        let new = generate_revision(&vocab, &old, &RevisionConfig::new(SEED));
        group.throughput(Throughput::Elements(n as u64));
        group.sample_size(10);
        group.measurement_time(Duration::from_secs(if n >= 10_000 { 20 } else { 5 }));
        group.bench_with_input(BenchmarkId::new("revision", n), &n, |b, _| {
            b.iter(|| {
                let e = evolve(black_box(&vocab), black_box(&old), black_box(&new));
                black_box(e.map(|e| e.changes.len()).unwrap_or(0))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_evolve);
criterion_main!(benches);
