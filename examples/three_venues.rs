//! The N-party view: Russia (Brussels), NATO (Brussels) and the United States (its written
//! reply after Geneva): the pairwise matrix and, per issue, who agrees and who clashes.
//!
//! Run with `cargo run --example three_venues`.

use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    let files = [
        data.join("russia-2022-01-12-brussels.toml"),
        data.join("nato-2022-01-12-brussels.toml"),
        data.join("us-2022-01-26-reply.toml"),
    ];
    let (vocabulary, positions) = negdiff::format::load_set(&files, None)?;
    let matrix = negdiff::compare_all(&vocabulary, &positions)?;
    println!("{matrix}");
    Ok(())
}
