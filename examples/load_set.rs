//! Loads a vocabulary and positions as `negdiff compare` and `negdiff check` load them
//! (`Loader::load_set`), and prints how long that took: the baseline that `check` is measured
//! against in BENCHMARKS.md.
//!
//! `cargo run --release --example load_set -- [--threads N] VOCABULARY POSITION...` (files up to
//! 64 MiB); with no files it loads two positions of `examples/data`. The loader is the
//! commands' own, with their default number of threads unless `--threads` (as the command
//! line's) sets it, and with the command's allocator.

use std::path::PathBuf;
use std::time::Instant;

use negdiff::format::Loader;

// The `negdiff` command's allocator, so that `check` is measured against loading as the
// command itself loads.
#[cfg(feature = "cli")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let mut loader = Loader::new();
    loader.max_bytes(64 << 20);
    if args.first().is_some_and(|a| a.as_os_str() == "--threads") {
        let n = args
            .get(1)
            .and_then(|n| n.to_str()?.parse().ok())
            .ok_or("--threads takes a number")?;
        loader.threads(n);
        args.drain(..2);
    }
    if args.is_empty() {
        let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/data");
        args = [
            "vocabulary.toml",
            "russia-2021-12-17-draft.toml",
            "nato-2022-01-26-reply.toml",
        ]
        .iter()
        .map(|f| data.join(f))
        .collect();
    }
    let (vocabulary, positions) = args.split_first().ok_or("no files")?;
    let t = Instant::now();
    let set = loader.load_set(positions, Some(vocabulary.as_path()))?;
    let elapsed = t.elapsed();
    let clauses: usize = set.positions.iter().map(|p| p.clauses.len()).sum();
    println!(
        "loaded {} positions ({clauses} clauses) in {:.3} s",
        set.positions.len(),
        elapsed.as_secs_f64()
    );
    // The process ends here: the set is left to the operating system, as the command leaves it.
    std::mem::forget(set);
    Ok(())
}
