//! The `negdiff` command: check, compare, matrix, evolve and bargain over negdiff/1 files.
//!
//! A thin front over the library: parse arguments, load files, call one function, render.
//! Exit codes: 0 success, 1 `check` found errors, 2 bad usage or input that cannot be used.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use negdiff::format::{self, LoadError};

#[derive(Parser)]
#[command(name = "negdiff", version, about = "Semantic diff of negotiation positions", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Largest file accepted, in bytes (a position of 10⁵ clauses is about 20 MiB as TOML).
    #[arg(long, global = true, value_name = "BYTES", default_value_t = format::DEFAULT_MAX_BYTES)]
    max_bytes: u64,
}

#[derive(Clone, Copy, ValueEnum)]
enum Output {
    /// A readable report.
    Text,
    /// Tables that render on a code-hosting site.
    Markdown,
    /// The library's serde output, for programs.
    Json,
}

/// Output formats of the commands that have no Markdown form.
#[derive(Clone, Copy, ValueEnum)]
enum Plain {
    /// A readable report.
    Text,
    /// The library's serde output, for programs.
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum Colour {
    /// Colour when writing to a terminal and `NO_COLOR` is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl Colour {
    fn enabled(self) -> bool {
        use std::io::IsTerminal;
        match self {
            Colour::Always => true,
            Colour::Never => false,
            Colour::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Validate files and their evidence quotes; exit 1 when there are errors.
    Check {
        /// Vocabulary and position files (TOML or JSON).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Plain,
    },
    /// Compare two positions: conflicts, common ground, gaps, each with its witness.
    Compare {
        /// The left position.
        left: PathBuf,
        /// The right position.
        right: PathBuf,
        /// The vocabulary (default: the one the positions name, else the implicit one).
        #[arg(long)]
        vocab: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Output,
    },
    /// Compare every pair of several positions; map each issue to who agrees and who clashes.
    Matrix {
        /// Two or more positions.
        #[arg(required = true, num_args = 2..)]
        files: Vec<PathBuf>,
        /// The vocabulary (default: the one the positions name, else the implicit one).
        #[arg(long)]
        vocab: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Output,
    },
    /// How one party's position moved between two rounds: concessions, hardenings, redlines.
    Evolve {
        /// The earlier round.
        old: PathBuf,
        /// The later round.
        new: PathBuf,
        /// The vocabulary (default: the one the positions name, else the implicit one).
        #[arg(long)]
        vocab: Option<PathBuf>,
        /// The other side's position: also report which conflicts with it closed or opened.
        #[arg(long, value_name = "POSITION")]
        counterpart: Option<PathBuf>,
        /// Least word similarity (0 to 1) for clauses with different ids to match as reworded.
        #[arg(long, default_value_t = negdiff::evolve::DEFAULT_REWORD_THRESHOLD)]
        reword_threshold: f64,
        /// Append the unified diff of both files in canonical form (text output only).
        #[arg(long)]
        diff: bool,
        /// Colour in text output.
        #[arg(long, value_enum, default_value = "auto")]
        color: Colour,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Output,
    },
    /// Zone of agreement, Pareto frontier, Nash point; for positions, the red lines that block a deal.
    ///
    /// Either `--genius DOMAIN PROFILE...` (GENIUS XML files) or `POSITION...` (negdiff files).
    Bargain {
        /// Read a GENIUS domain file; the FILES are then its profiles, one per party.
        #[arg(long, value_name = "DOMAIN")]
        genius: Option<PathBuf>,
        /// Positions (or GENIUS profiles with --genius).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The vocabulary for positions (default: the one they name, else the implicit one).
        #[arg(long, conflicts_with = "genius")]
        vocab: Option<PathBuf>,
        /// Most frontier points listed; a longer frontier is counted and shown by its two ends.
        #[arg(long, value_name = "N", default_value_t = negdiff::bargain::DEFAULT_MAX_FRONTIER)]
        max_frontier: usize,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Plain,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut loader = format::Loader::new();
    loader.max_bytes(cli.max_bytes);
    match run(cli.command, &loader) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

fn diagnostics(e: LoadError) -> String {
    e.diagnostics()
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Writes to stdout; a closed pipe (`negdiff … | head`) ends quietly instead of panicking.
fn write_out(text: &str) -> Result<(), String> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let newline = if text.ends_with('\n') { "" } else { "\n" };
    match out
        .write_all(text.as_bytes())
        .and_then(|()| out.write_all(newline.as_bytes()))
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("negdiff: cannot write output: {e}")),
        _ => Ok(()),
    }
}

fn emit(text: String) -> Result<ExitCode, String> {
    write_out(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// Streams JSON to stdout: a large comparison is never held twice in memory.
fn emit_json<T: serde::Serialize>(value: &T) -> Result<ExitCode, String> {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = serde_json::to_writer_pretty(&mut out, value)
        .map_err(std::io::Error::from)
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("negdiff: cannot write output: {e}")),
        _ => Ok(ExitCode::SUCCESS),
    }
}

fn bargain_options(max_frontier: usize) -> negdiff::bargain::AnalysisOptions {
    negdiff::bargain::AnalysisOptions {
        max_frontier,
        ..negdiff::bargain::AnalysisOptions::default()
    }
}

fn run(command: Command, loader: &format::Loader) -> Result<ExitCode, String> {
    match command {
        Command::Check { files, format: out } => {
            let outcome = format::Checker::new().loader(loader.clone()).run(&files);
            match out {
                Plain::Json => {
                    emit_json(&outcome)?;
                }
                Plain::Text => write_out(&outcome.to_string())?,
            }
            Ok(if outcome.is_ok() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Compare {
            left,
            right,
            vocab,
            format: out,
        } => {
            let (v, ps) = loader.set(&[left, right], vocab.as_deref()).map_err(diagnostics)?;
            let c = negdiff::compare(&v, &ps[0], &ps[1]).map_err(|e| format!("negdiff: {e}"))?;
            match out {
                Output::Text => emit(c.to_string()),
                Output::Markdown => emit(c.to_markdown()),
                Output::Json => emit_json(&c),
            }
        }
        Command::Matrix {
            files,
            vocab,
            format: out,
        } => {
            let (v, ps) = loader.set(&files, vocab.as_deref()).map_err(diagnostics)?;
            let m = negdiff::compare_all(&v, &ps).map_err(|e| format!("negdiff: {e}"))?;
            match out {
                Output::Text => emit(m.to_string()),
                Output::Markdown => emit(m.to_markdown()),
                Output::Json => emit_json(&m),
            }
        }
        Command::Evolve {
            old,
            new,
            vocab,
            counterpart,
            reword_threshold,
            diff,
            color,
            format: out,
        } => {
            if diff && !matches!(out, Output::Text) {
                return Err(
                    "negdiff: --diff adds the raw diff to the text report; with --format json the \
                            diff is the `unified_diff` field"
                        .into(),
                );
            }
            if !(0.0..=1.0).contains(&reword_threshold) {
                return Err(format!(
                    "negdiff: --reword-threshold {reword_threshold} is outside [0, 1]"
                ));
            }
            let mut files = vec![old, new];
            files.extend(counterpart.iter().cloned());
            let (v, mut ps) = loader.set(&files, vocab.as_deref()).map_err(diagnostics)?;
            let mut options = negdiff::EvolveOptions::default().reword_threshold(reword_threshold);
            if counterpart.is_some() {
                if let Some(c) = ps.pop() {
                    options = options.counterpart(c);
                }
            }
            let e = negdiff::evolve_with(&v, &ps[0], &ps[1], &options).map_err(|e| format!("negdiff: {e}"))?;
            let colour = color.enabled();
            match out {
                Output::Text if diff => emit(format!(
                    "{}\n{}",
                    negdiff::render_text(&e, colour),
                    negdiff::render_diff(&e, colour)
                )),
                Output::Text => emit(negdiff::render_text(&e, colour)),
                Output::Markdown => emit(negdiff::render_markdown(&e)),
                Output::Json => emit_json(&e),
            }
        }
        Command::Bargain {
            genius,
            files,
            vocab,
            max_frontier,
            format: out,
        } => match genius {
            Some(domain) => {
                let options = negdiff::bargain::GeniusOptions {
                    max_bytes: loader.limit(),
                };
                let loaded = negdiff::bargain::load_genius_with(
                    domain.as_path(),
                    &files.iter().map(PathBuf::as_path).collect::<Vec<_>>(),
                    &options,
                )
                .map_err(|e| format!("negdiff: {e}"))?;
                for w in &loaded.warnings {
                    eprintln!("{w}");
                }
                let scenario = loaded.scenario;
                let report = negdiff::bargain::analyze_with(&scenario, &bargain_options(max_frontier));
                match out {
                    Plain::Text => emit(report.to_string()),
                    Plain::Json => emit_json(&report),
                }
            }
            None => {
                let (v, ps) = loader.set(&files, vocab.as_deref()).map_err(diagnostics)?;
                let report = negdiff::bargain::analyze_positions_with(&v, &ps, &bargain_options(max_frontier))
                    .map_err(|e| format!("negdiff: {e}"))?;
                match out {
                    Plain::Text => emit(report.to_string()),
                    Plain::Json => emit_json(&report),
                }
            }
        },
    }
}
