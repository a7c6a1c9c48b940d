//! Generates a workload and compares it once, printing the time and the findings: for quick
//! scaling checks and for measuring peak memory as a whole process.
//!
//! `cargo run --release --features testing --example scale -- 100000 [seed] [reps] [engine|reference|evolve|none]`
//! and `/usr/bin/time -v target/release/examples/scale 100000` for the peak RSS. `evolve` times
//! `negdiff::evolve` of the left position against a revision of it
//! (`negdiff::testing::generate_revision`) instead of a comparison.

use std::time::Instant;

use negdiff::testing::reference::reference_compare;
use negdiff::testing::{generate, generate_revision, GenConfig, RevisionConfig};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(100_000);
    let seed: u64 = args
        .next()
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(0x6e65_6764_6966_6621);
    let reps: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(1);
    // `engine` (default), `reference`, `evolve`, or `none` (generation only, for
    // instruction-count baselines; with `none-evolve` the revision is generated too).
    let what = args.next().unwrap_or_else(|| "engine".into());
    let t = Instant::now();
    let (vocab, left, right) = generate(&GenConfig::with_clauses(n, seed));
    let revision = what
        .contains("evolve")
        .then(|| generate_revision(&vocab, &left, &RevisionConfig::new(seed)));
    let generated = t.elapsed();
    let mut best = f64::INFINITY;
    let mut counts = None;
    for _ in 0..reps.max(1) {
        let t = Instant::now();
        if what.starts_with("none") {
            break;
        }
        if let Some(next) = &revision {
            let e = negdiff::evolve(&vocab, &left, next)?;
            best = best.min(t.elapsed().as_secs_f64());
            println!("evolve changes {} {:?}", e.changes.len(), e.counts);
            continue;
        }
        if what == "reference" {
            let r = reference_compare(&vocab, &left, &right);
            best = best.min(t.elapsed().as_secs_f64());
            println!("reference findings {}", r.len());
            continue;
        }
        let c = negdiff::compare(&vocab, &left, &right)?;
        best = best.min(t.elapsed().as_secs_f64());
        counts = Some((c.findings.len(), c.summary.counts));
    }
    println!(
        "clauses/side {n}: generate {:.1} ms, {what} best of {reps} {:.1} ms, findings {:?}",
        generated.as_secs_f64() * 1e3,
        best * 1e3,
        counts
    );
    Ok(())
}
