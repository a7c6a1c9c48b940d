//! How positions moved: Russia's December 2021 draft against its stance in Brussels, and NATO
//! in Brussels against its written reply of 26 January 2022, with the conflicts each move
//! closed or opened against the other side.
//!
//! Run with `cargo run --example evolution`.

use std::path::Path;

use negdiff::evolution::EvolveOptions;
use negdiff::{evolve_with, format};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    let files = [
        data.join("russia-2021-12-17-draft.toml"),
        data.join("russia-2022-01-12-brussels.toml"),
        data.join("nato-2022-01-12-brussels.toml"),
        data.join("nato-2022-01-26-reply.toml"),
    ];
    let (vocabulary, p) = format::load_set(&files, None)?;
    let (russia_draft, russia_brussels, nato_brussels, nato_reply) = (&p[0], &p[1], &p[2], &p[3]);

    let russia = evolve_with(
        &vocabulary,
        russia_draft,
        russia_brussels,
        &EvolveOptions::default().counterpart(nato_brussels.clone()),
    )?;
    println!("{russia}");
    println!("{}", "=".repeat(78));
    let nato = evolve_with(
        &vocabulary,
        nato_brussels,
        nato_reply,
        &EvolveOptions::default().counterpart(russia_brussels.clone()),
    )?;
    println!("{nato}");
    Ok(())
}
