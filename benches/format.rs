//! File-format benchmarks: loading and validating generated positions written as TOML and JSON
//! files of ≈ 1 MiB and ≈ 16 MiB (just under the loader's default 16 MiB limit), and finding
//! quotes in a 1 MiB source text.
//!
//! `cargo bench --bench format --features testing`
//!
//! The files are written once, outside the timed closures, into a directory under
//! `std::env::temp_dir()` that is removed at the end. Throughput is in bytes of the files read.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use negdiff::format::{find_quote, load_set, Format as Syntax, Loader, QuoteMatch, DEFAULT_MAX_BYTES};
use negdiff::testing::{generate, GenConfig, SplitMix64};
use negdiff::{Position, Vocabulary};

const SEED: u64 = 0x6e65_6764_6966_6621;
const MIB: usize = 1024 * 1024;

/// A generated position of about `target` bytes in `syntax`, naming `vocabulary.EXT`, and
/// its vocabulary.
fn sized_position(syntax: Syntax, target: usize) -> (Vocabulary, String) {
    let named = |mut p: Position| {
        p.vocabulary = Some(format!("vocabulary.{}", syntax.extension()));
        p
    };
    // Bytes per clause from a sample, then the clause count that hits the size.
    let sample = 2_000;
    let (_, p, _) = generate(&GenConfig::with_clauses(sample, SEED));
    let per_clause = syntax
        .write(&named(p))
        .expect("generated positions can be written")
        .len() as f64
        / sample as f64;
    let mut n = (target as f64 / per_clause) as usize;
    loop {
        let (v, p, _) = generate(&GenConfig::with_clauses(n, SEED));
        let text = syntax.write(&named(p)).expect("generated positions can be written");
        if text.len() as u64 <= DEFAULT_MAX_BYTES {
            return (v, text);
        }
        n = n * 99 / 100;
    }
}

struct Files {
    dir: PathBuf,
    /// (syntax, size label, vocabulary, position path, position bytes, vocabulary bytes)
    sets: Vec<(Syntax, &'static str, Vocabulary, PathBuf, u64, u64)>,
}

fn write_files() -> Files {
    let dir = std::env::temp_dir().join(format!("negdiff-bench-format-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut sets = Vec::new();
    for syntax in [Syntax::Toml, Syntax::Json] {
        // 16 MiB is the default limit, which the largest file must stay under.
        for (label, target) in [("1MiB", MIB), ("16MiB", 16 * MIB - 64 * 1024)] {
            let (v, text) = sized_position(syntax, target);
            let vtext = syntax.write(&v).expect("generated vocabularies can be written");
            let vpath = dir.join(format!("vocabulary.{}", syntax.extension()));
            std::fs::write(&vpath, &vtext).expect("write vocabulary");
            let path = dir.join(format!("position-{label}.{}", syntax.extension()));
            std::fs::write(&path, &text).expect("write position");
            sets.push((syntax, label, v, path, text.len() as u64, vtext.len() as u64));
        }
    }
    Files { dir, sets }
}

fn bench_load(c: &mut Criterion) {
    let files = write_files();
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    for (syntax, label, vocab, path, bytes, vbytes) in &files.sets {
        let ext = syntax.extension();
        group.measurement_time(Duration::from_secs(if *bytes > 2 * MIB as u64 { 20 } else { 5 }));
        // Sanity: the file loads and is valid.
        Loader::new().position_with(path, vocab).expect("generated files load");
        group.throughput(Throughput::Bytes(*bytes));
        group.bench_with_input(
            BenchmarkId::new(format!("position_with/{ext}"), label),
            path,
            |b, path| {
                b.iter(|| {
                    let p = Loader::new().position_with(black_box(path), vocab);
                    black_box(p.map(|p| p.clauses.len()).unwrap_or(0))
                })
            },
        );
        // `load_set` also reads the vocabulary file the position names.
        group.throughput(Throughput::Bytes(bytes + vbytes));
        group.bench_with_input(BenchmarkId::new(format!("load_set/{ext}"), label), path, |b, path| {
            b.iter(|| {
                let s = load_set(&[black_box(path.as_path())], None::<&Path>);
                black_box(s.map(|(_, p)| p[0].clauses.len()).unwrap_or(0))
            })
        });
    }
    group.finish();
    let _ = std::fs::remove_dir_all(&files.dir);
}

/// A deterministic 1 MiB text of pseudo-words in lines and paragraphs, with some curly quote
/// marks and dashes, as a treaty text or transcript would have.
fn source_text(bytes: usize) -> String {
    let mut rng = SplitMix64::new(SEED);
    const SYLLABLES: [&str; 16] = [
        "ka", "ro", "ti", "sen", "ual", "ber", "mo", "ly", "ne", "gor", "ist", "pa", "ve", "dro", "che", "fa",
    ];
    let vocabulary: Vec<String> = (0..4_000)
        .map(|_| (0..1 + rng.below(3)).map(|_| SYLLABLES[rng.below(16)]).collect())
        .collect();
    let mut text = String::with_capacity(bytes + 128);
    let mut line = 0;
    while text.len() < bytes {
        let w = &vocabulary[rng.below(vocabulary.len())];
        match rng.below(60) {
            0 => text.push_str(&format!("“{w}”")),
            1 => text.push_str(&format!("{w} —")),
            2 => text.push_str(&format!("{w}.")),
            _ => text.push_str(w),
        }
        line += w.len() + 1;
        if line > 72 {
            text.push_str(if rng.chance(0.1) { "\n\n" } else { "\n" });
            line = 0;
        } else {
            text.push(' ');
        }
    }
    text
}

/// `words` words of `text` starting at byte `at` (moved to the next word start).
fn passage(text: &str, mut at: usize, words: usize) -> String {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    let start = text[at..].find(char::is_whitespace).map_or(at, |i| at + i);
    text[start..]
        .split_whitespace()
        .take(words)
        .collect::<Vec<_>>()
        .join(" ")
}

fn bench_quotes(c: &mut Criterion) {
    let text = source_text(MIB);
    let mut group = c.benchmark_group("quotes");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    // Found: near the start, in the middle, at the end (the search runs to the match), with
    // differences of case and whitespace.
    let end = text.len() - 400;
    for (label, at) in [
        ("found_start", 1_000),
        ("found_middle", text.len() / 2),
        ("found_end", end),
    ] {
        let q = passage(&text, at, 12).to_uppercase().replace(' ', "  \n ");
        assert!(matches!(find_quote(&text, &q), QuoteMatch::Found { .. }), "{label}");
        group.bench_with_input(BenchmarkId::new(label, "1MiB"), &q, |b, q| {
            b.iter(|| black_box(find_quote(black_box(&text), black_box(q))))
        });
    }
    // Not found: a passage with one word changed (the closest-passage search), and words that
    // are not in the text at all.
    let mut near = passage(&text, text.len() / 3, 12);
    let mid = near
        .char_indices()
        .filter(|&(_, c)| c == ' ')
        .nth(5)
        .map_or(0, |(i, _)| i + 1);
    near.insert_str(mid, "xyzzy ");
    let absent = "the parties shall refrain from any deployment whatsoever".to_string();
    for (label, q) in [("not_found_near", near), ("not_found_absent", absent)] {
        assert!(matches!(find_quote(&text, &q), QuoteMatch::NotFound { .. }), "{label}");
        group.bench_with_input(BenchmarkId::new(label, "1MiB"), &q, |b, q| {
            b.iter(|| black_box(find_quote(black_box(&text), black_box(q))))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_load, bench_quotes);
criterion_main!(benches);
