//! Is there any package Russia and NATO could both accept on 12 January 2022, and which red
//! lines rule it out?
//!
//! Run with `cargo run --example bargain`.

use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    let files = [
        data.join("russia-2022-01-12-brussels.toml"),
        data.join("nato-2022-01-12-brussels.toml"),
    ];
    let (vocabulary, positions) = negdiff::format::load_set(&files, None)?;
    let report = negdiff::bargain::analyze_positions(&vocabulary, &positions)?;
    println!("{report}");
    Ok(())
}
