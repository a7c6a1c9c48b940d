//! The main job: Russia vs NATO at the NATO–Russia Council, Brussels, 12 January 2022.
//!
//! Conflicts first (red lines marked), then common ground, then what each side leaves
//! unaddressed, each with its witness and the evidence quotes behind the clauses.
//!
//! Run with `cargo run --example brussels`.

use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    let files = [
        data.join("russia-2022-01-12-brussels.toml"),
        data.join("nato-2022-01-12-brussels.toml"),
    ];
    // The positions name their vocabulary (`vocabulary = "vocabulary.toml"`).
    let (vocabulary, positions) = negdiff::format::load_set(&files, None)?;
    let report = negdiff::compare(&vocabulary, &positions[0], &positions[1])?;
    println!("{report}");
    Ok(())
}
