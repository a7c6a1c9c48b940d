//! Hostile-input benchmarks: the classes of input that used to cost quadratic time. Each runs
//! at two sizes a factor 4 apart, so that a quadratic regression shows as a 16× step instead
//! of a 4× one.
//!
//! `cargo bench --bench hostile --features testing`
//!
//! - `errors/unknown-field/N`: N clauses, each with an unknown field (every error located).
//! - `errors/unknown-action/N`: N clauses, each naming a different unknown action (every one
//!   with a did-you-mean over the vocabulary's 1 000 actions).
//! - `errors/wide-table/N`: a vocabulary whose `groups` table has N entries, each naming an
//!   unknown entity (N errors of the model, each located by a key lookup in the same table).
//! - `suggest/long-id/LEN`: one unknown action id of LEN characters.
//! - `check/quotes/N`: `check` of a position with N evidence quotes, all found (each located in
//!   the position file and in the source).
//! - `check/warnings/N`: `check` of a position of N clauses, none with evidence or a `basis`
//!   (a warning each, and one more for each red line), its diagnostics kept compact and
//!   written to a sink, as `negdiff check` does (`Checker::run_compact`,
//!   `CompactCheck::write_diagnostics_on`); `check/warnings-outcome/N` the same through the
//!   diagnostics made whole (`Checker::run`, `write_diagnostics_on`).
//! - `quotes/closest/W`: a quote of W words that is not in a source of W words.
//! - `evolve/renamed/N`: two rounds of N clauses in which every clause was renamed.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use negdiff::format::{
    find_quote, position_from_str, to_toml, vocabulary_from_str, write_diagnostics_on, Checker, QuoteMatch,
};
use negdiff::testing::{generate, GenConfig, SplitMix64};
use negdiff::{evolve, Position};

const SEED: u64 = 0x6e65_6764_6966_6621;

fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("negdiff-bench-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn bench_errors(c: &mut Criterion) {
    let mut group = c.benchmark_group("errors");
    group.sample_size(10).measurement_time(Duration::from_secs(5));
    for n in [2_000, 8_000] {
        let (v, p, _) = generate(&GenConfig::with_clauses(n, SEED));
        let text = to_toml(&p).expect("generated positions can be written");
        let fields = text.replace("[[clauses]]\nid = ", "[[clauses]]\nweigth = 1\nid = ");
        let e = position_from_str(&fields, "p.toml", Some(&v)).expect_err("unknown fields");
        assert_eq!(e.diagnostics().len(), n);
        group.bench_with_input(BenchmarkId::new("unknown-field", n), &fields, |b, t| {
            b.iter(|| position_from_str(black_box(t), "p.toml", Some(&v)).expect_err("unknown fields"))
        });
        let mut q = p.clone();
        for (i, c) in q.clauses.iter_mut().enumerate() {
            c.action = format!("zq{i}-{}", c.action);
        }
        let actions = to_toml(&q).expect("positions can be written");
        group.bench_with_input(BenchmarkId::new("unknown-action", n), &actions, |b, t| {
            b.iter(|| position_from_str(black_box(t), "p.toml", Some(&v)).expect_err("unknown actions"))
        });
    }
    for n in [25_000, 100_000] {
        let mut text = String::from("format = \"negdiff/1\"\nkind = \"vocabulary\"\nname = \"t\"\n[groups]\n");
        for i in 0..n {
            text.push_str(&format!("g{i} = [\"nope{i}\"]\n"));
        }
        let e = vocabulary_from_str(&text, "v.toml").expect_err("groups of unknown entities");
        assert_eq!(e.diagnostics().len(), n);
        group.bench_with_input(BenchmarkId::new("wide-table", n), &text, |b, t| {
            b.iter(|| vocabulary_from_str(black_box(t), "v.toml").expect_err("groups of unknown entities"))
        });
    }
    group.finish();
}

fn bench_suggest(c: &mut Criterion) {
    let mut group = c.benchmark_group("suggest");
    group.sample_size(10);
    let (v, p, _) = generate(&GenConfig::with_clauses(10, SEED));
    for len in [20_000, 80_000] {
        let mut q = p.clone();
        q.clauses[0].action = "a9".repeat(len / 2);
        let text = to_toml(&q).expect("positions can be written");
        group.bench_with_input(BenchmarkId::new("long-id", len), &text, |b, t| {
            b.iter(|| position_from_str(black_box(t), "p.toml", Some(&v)).expect_err("unknown action"))
        });
    }
    group.finish();
}

/// Words from a small alphabet, so that a quote shares many words with its source.
fn words(rng: &mut SplitMix64, n: usize) -> String {
    (0..n)
        .map(|_| {
            let len = 2 + rng.below(6);
            (0..len)
                .map(|_| char::from(b'a' + rng.below(10) as u8))
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn bench_quotes(c: &mut Criterion) {
    let mut group = c.benchmark_group("quotes");
    group.sample_size(10);
    let mut rng = SplitMix64::new(SEED);
    for w in [2_500, 10_000] {
        let source = words(&mut rng, w);
        let quote = words(&mut rng, w);
        assert!(matches!(find_quote(&source, &quote), QuoteMatch::NotFound { .. }));
        group.bench_with_input(BenchmarkId::new("closest", w), &(source, quote), |b, (s, q)| {
            b.iter(|| find_quote(black_box(s), black_box(q)))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("check");
    group.sample_size(10).measurement_time(Duration::from_secs(5));
    let dir = temp_dir();
    for n in [2_000, 8_000] {
        let (_, mut p, _) = generate(&GenConfig::with_clauses(n, SEED));
        p.vocabulary = None;
        let mut source = String::new();
        for (i, c) in p.clauses.iter_mut().enumerate() {
            let quote = format!("clause number {i} said so");
            source.push_str(&quote);
            source.push_str(".\n");
            c.evidence.clear();
            c.places = None;
            c.amount = None;
            c.conditions.clear();
            c.evidence.push(negdiff::Evidence {
                source: "s0".into(),
                quote,
                speaker: None,
            });
        }
        let path = dir.join(format!("quotes-{n}.toml"));
        std::fs::write(&path, to_toml(&p).expect("positions can be written")).expect("write position");
        let mut checker = Checker::new();
        checker.source_text("s0", source);
        let outcome = checker.run([&path]);
        assert_eq!(outcome.quotes.len(), n);
        group.bench_with_input(BenchmarkId::new("quotes", n), &path, |b, path| {
            b.iter(|| checker.run([black_box(path)]))
        });
    }
    for n in [2_000, 8_000] {
        let (v, mut p, _) = generate(&GenConfig::with_clauses(n, SEED));
        let vocabulary = format!("warnings-vocabulary-{n}.toml");
        std::fs::write(dir.join(&vocabulary), to_toml(&v).expect("vocabularies can be written"))
            .expect("write vocabulary");
        p.vocabulary = Some(vocabulary);
        for c in &mut p.clauses {
            c.evidence.clear();
            c.basis = None;
        }
        let path = dir.join(format!("warnings-{n}.toml"));
        std::fs::write(&path, to_toml(&p).expect("positions can be written")).expect("write position");
        let checker = Checker::new();
        let check = checker.run_compact([&path]);
        assert!(check.is_ok() && check.warnings() >= n, "{check:?}");
        group.bench_with_input(BenchmarkId::new("warnings", n), &path, |b, path| {
            b.iter(|| {
                let check = checker.run_compact([black_box(path)]);
                check
                    .write_diagnostics_on(2, std::io::sink())
                    .expect("a sink takes every byte");
                check
            })
        });
        group.bench_with_input(BenchmarkId::new("warnings-outcome", n), &path, |b, path| {
            b.iter(|| {
                let outcome = checker.run([black_box(path)]);
                write_diagnostics_on(2, &outcome.diagnostics, std::io::sink()).expect("a sink takes every byte");
                outcome
            })
        });
    }
    group.finish();
    let _ = std::fs::remove_dir_all(dir);
}

fn renamed(p: &Position) -> Position {
    let mut q = p.clone();
    for c in &mut q.clauses {
        c.id = format!("r-{}", c.id);
        c.conditions.clear();
    }
    q
}

fn bench_evolve(c: &mut Criterion) {
    let mut group = c.benchmark_group("evolve");
    group.sample_size(10).measurement_time(Duration::from_secs(5));
    for n in [1_000, 4_000] {
        let (v, mut p, _) = generate(&GenConfig::with_clauses(n, SEED));
        for c in &mut p.clauses {
            c.conditions.clear();
        }
        let q = renamed(&p);
        let e = evolve(&v, &p, &q).expect("valid positions");
        assert_eq!(e.counts.added, 0, "{:?}", e.counts);
        group.bench_with_input(BenchmarkId::new("renamed", n), &(p, q), |b, (p, q)| {
            b.iter(|| evolve(&v, black_box(p), black_box(q)).expect("valid positions"))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_errors, bench_suggest, bench_quotes, bench_evolve);
criterion_main!(benches);
