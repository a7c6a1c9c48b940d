//! The main job: Russia vs NATO at the NATO–Russia Council, Brussels, 12 January 2022.
//!
//! Conflicts first (red lines marked), then common ground, then what each side leaves
//! unaddressed, each with its witness and the evidence quotes behind the clauses. The same
//! report is also written as one self-contained HTML page, `negdiff-brussels.html` in the
//! build's target directory; the last line printed says where.
//!
//! Run with `cargo run --example brussels`.

use std::path::{Path, PathBuf};

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
    let page = negdiff::report::html::comparison_with(&report, &positions[0], &positions[1]);
    let out = target_dir().join("negdiff-brussels.html");
    std::fs::write(&out, page)?;
    println!("The same report as a web page: {}", out.display());
    Ok(())
}

/// The target directory this example was built in (`target/debug/examples/brussels` is three
/// levels below it), so the page lands beside the build on a fresh clone and under any
/// `CARGO_TARGET_DIR`; the system's temporary directory if that cannot be found.
fn target_dir() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.ancestors().nth(3).map(Path::to_path_buf))
        .filter(|d| d.is_dir())
        .unwrap_or_else(std::env::temp_dir)
}
