//! Writes a generated workload as negdiff/1 files, so that a large comparison can be run and
//! timed with the command line as a whole process.
//!
//! ```sh
//! cargo run --release --features testing --example gen -- --clauses 100000 --seed 1 --out /tmp/w
//! /usr/bin/time -v target/release/negdiff compare /tmp/w/left.toml /tmp/w/right.toml --format json \
//!     --max-bytes 67108864 > /dev/null
//! ```
//!
//! (At 10⁵ clauses a position is ≈ 20 MiB as TOML and ≈ 32 MiB as JSON, over the loader's
//! default limit of 16 MiB; `gen` says so, and `--max-bytes` raises the limit.)
//!
//! `--actions N` grows the vocabulary with the positions (the shape of real use: a few clauses
//! per action and bearer at any size); without it the vocabulary is the fixed one of the
//! benches (1 000 actions), whose clauses per action grow with `--clauses`.
//!
//! Into `--out` it writes `vocabulary.toml`, `left.toml` and `right.toml` (`.json` with
//! `--format json`; the positions name the vocabulary in their `vocabulary` field), and with
//! `--revision` also `left-next.toml`, a later round of the left position for
//! `negdiff evolve DIR/left.toml DIR/left-next.toml`.

use std::path::PathBuf;

use clap::{Parser, ValueEnum};
use negdiff::format::{Format, DEFAULT_MAX_BYTES};
use negdiff::testing::{generate, generate_revision, GenConfig, RevisionConfig};

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Syntax {
    Toml,
    Json,
}

impl From<Syntax> for Format {
    fn from(s: Syntax) -> Format {
        match s {
            Syntax::Toml => Format::Toml,
            Syntax::Json => Format::Json,
        }
    }
}

/// Writes a generated vocabulary and two positions (`negdiff::testing::generate`) as negdiff/1 files.
#[derive(Parser)]
#[command(name = "gen")]
struct Args {
    /// Clauses in each position.
    #[arg(long, default_value_t = 1000)]
    clauses: usize,
    /// Seed of the generator (the same seed gives the same files).
    #[arg(long, default_value_t = 0x6e65_6764_6966_6621)]
    seed: u64,
    /// Directory to write into (created if missing).
    #[arg(long)]
    out: PathBuf,
    /// Syntax of the files.
    #[arg(long, value_enum, default_value = "toml")]
    format: Syntax,
    /// Also write `left-next`, a revision of the left position (for `negdiff evolve`).
    #[arg(long)]
    revision: bool,
    /// Actions in the vocabulary, growing it with the positions (`GenConfig::with_actions`:
    /// issues and hot actions scale with it). Default: the fixed benchmark vocabulary of 1 000.
    #[arg(long)]
    actions: Option<usize>,
    /// Entities in the vocabulary (default 200).
    #[arg(long)]
    entities: Option<usize>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let mut config = match args.actions {
        Some(actions) => GenConfig::with_actions(args.clauses, actions, args.seed),
        None => GenConfig::with_clauses(args.clauses, args.seed),
    };
    if let Some(entities) = args.entities {
        config.entities = entities;
    }
    let (vocab, mut left, mut right) = generate(&config);
    let format = Format::from(args.format);
    let ext = format.extension();
    let vocab_file = format!("vocabulary.{ext}");
    std::fs::create_dir_all(&args.out)?;
    let write = |name: &str, text: String| -> std::io::Result<()> {
        let path = args.out.join(format!("{name}.{ext}"));
        println!("{} ({} bytes)", path.display(), text.len());
        if text.len() as u64 > DEFAULT_MAX_BYTES {
            println!(
                "  larger than the loader's default limit: load it with `negdiff --max-bytes {}`",
                text.len()
            );
        }
        std::fs::write(path, text)
    };
    write("vocabulary", format.write(&vocab)?)?;
    let next = args
        .revision
        .then(|| generate_revision(&vocab, &left, &RevisionConfig::new(args.seed)));
    for p in [&mut left, &mut right] {
        p.vocabulary = Some(vocab_file.clone());
    }
    write("left", format.write(&left)?)?;
    write("right", format.write(&right)?)?;
    if let Some(mut next) = next {
        next.vocabulary = Some(vocab_file);
        write("left-next", format.write(&next)?)?;
    }
    Ok(())
}
