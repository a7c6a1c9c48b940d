//! Comparison benchmarks on generated workloads (`negdiff::testing::generate`): `compare` at
//! 10², 10³, 10⁴ and 10⁵ clauses per side, the cell-by-cell reference at the sizes where it
//! finishes (same group, so the speed-up is a ratio of one run), and the 10-party matrix of
//! 10⁴ clauses each; and `whole`: what `negdiff compare --format json` does with two files of a
//! vocabulary that grows with them (`GenConfig::with_actions`, 10³ actions at 10⁴ clauses a
//! side, 10⁴ at 10⁵), in TOML and in JSON: load both files, compare, write the JSON report.
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

/// Loading two files and writing the JSON report, as the command line does: the files are
/// written once, outside the timed loop; the report goes to a sink.
fn bench_whole(c: &mut Criterion) {
    use negdiff::format::{to_json, to_toml, Loader};
    let mut group = c.benchmark_group("whole");
    group.sample_size(10);
    let dir = std::env::temp_dir().join(format!("negdiff-bench-whole-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let mut loader = Loader::new();
    loader.max_bytes(64 * 1024 * 1024);
    for &n in &[10_000usize, 100_000] {
        let (vocab, left, right) = generate(&GenConfig::with_actions(n, n / 10, 1));
        group.measurement_time(Duration::from_secs(if n >= 100_000 { 40 } else { 10 }));
        group.throughput(Throughput::Elements(n as u64));
        for (ext, write) in [
            ("toml", to_toml::<Position> as fn(&Position) -> _),
            ("json", to_json::<Position>),
        ] {
            let path = |name: &str| dir.join(format!("{name}-{n}.{ext}"));
            let v = if ext == "toml" {
                to_toml(&vocab)
            } else {
                to_json(&vocab)
            };
            std::fs::write(path("vocabulary"), v.expect("a vocabulary writes")).expect("written");
            std::fs::write(path("left"), write(&left).expect("a position writes")).expect("written");
            std::fs::write(path("right"), write(&right).expect("a position writes")).expect("written");
            let options = negdiff::CompareOptions::default();
            group.bench_with_input(BenchmarkId::new(ext, n), &n, |b, _| {
                b.iter(|| {
                    let (_, c) = loader
                        .load_and_compare(&path("left"), &path("right"), Some(&path("vocabulary")), &options)
                        .expect("generated files load");
                    serde_json::to_writer_pretty(std::io::sink(), &c).expect("a sink takes anything");
                    black_box(c.findings.len())
                })
            });
        }
    }
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, bench_compare, bench_matrix, bench_whole);
criterion_main!(benches);
