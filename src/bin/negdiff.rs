//! The `negdiff` command: check, compare, matrix, evolve and bargain over negdiff/1 files.
//!
//! A thin front over the library: parse arguments, load files, call one function, render.
//! Exit codes: 0 success, 1 `check` found errors, 2 bad usage or input that cannot be used.
// `clippy::pedantic` style lints the command does not follow, as in the library's lib.rs.
#![allow(
    clippy::needless_pass_by_value,
    clippy::redundant_closure_for_method_calls,
    clippy::too_many_lines,
    clippy::single_match_else
)]

use std::path::PathBuf;
use std::process::ExitCode;

// A command run allocates millions of small values (ids, texts, findings) and exits; mimalloc
// serves that pattern with far less CPU than the system allocator (Cargo.toml says why this one).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Args, Parser, Subcommand, ValueEnum};
use negdiff::escape::visible_lines;
use negdiff::format::{self, LoadError};

#[derive(Parser)]
#[command(name = "negdiff", version, about = "Semantic diff of negotiation positions", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Largest file accepted, in bytes (a position of 10⁵ clauses is about 20 MiB as TOML).
    #[arg(long, global = true, value_name = "BYTES", default_value_t = format::DEFAULT_MAX_BYTES)]
    max_bytes: u64,
    /// Let positions name files (their `vocabulary`, their sources' `path`) inside DIR too;
    /// by default they must stay inside the position's own folder. Repeatable.
    #[arg(long, global = true, value_name = "DIR")]
    allow_path: Vec<PathBuf>,
    /// Threads that read and parse the files of a set, and that lay out compare's JSON
    /// findings and the diagnostics on stderr, at most as many as the machine runs at once
    /// (1: one file after another).
    /// The output is the same whatever the number.
    #[arg(long, global = true, value_name = "N", default_value_t = format::DEFAULT_THREADS)]
    threads: usize,
}

#[derive(Clone, Copy, ValueEnum)]
enum Output {
    /// A readable report.
    Text,
    /// Tables that render on a code-hosting site.
    Markdown,
    /// The library's serde output, for programs.
    Json,
    /// One self-contained HTML page (inline CSS and SVG, no network).
    Html,
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
    /// Colour when writing to a terminal that supports it, unless `NO_COLOR` is set or
    /// `CLICOLOR=0`; `CLICOLOR_FORCE=1` colours a pipe too.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl Colour {
    /// Whether to colour stdout; `auto` asks anstream, which follows the conventions
    /// (`NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE`, `TERM=dumb`, a terminal or not).
    fn enabled(self) -> bool {
        match self {
            Colour::Always => true,
            Colour::Never => false,
            Colour::Auto => anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never,
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
        #[command(flatten)]
        reading: Reading,
    },
    /// Compare every pair of several positions; map each issue to who agrees and who clashes.
    Matrix {
        /// Two or more positions.
        #[arg(required = true, num_args = 2..)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        reading: Reading,
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
        #[arg(long, default_value_t = negdiff::evolution::DEFAULT_REWORD_THRESHOLD)]
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
        /// Read only clauses on the record (quoted or resting on a document); leave inferred ones out.
        #[arg(long, conflicts_with = "genius")]
        on_record: bool,
        /// Most frontier points listed; a longer frontier is counted and shown by its two ends.
        #[arg(long, value_name = "N", default_value_t = negdiff::bargain::DEFAULT_MAX_FRONTIER)]
        max_frontier: usize,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Plain,
    },
    /// Write a JSON Schema of negdiff/1 files, for editors that validate and complete them.
    ///
    /// Without a kind, the schema of either kind, told apart by the file's `kind`.
    Schema {
        /// The kind of file.
        #[arg(value_enum)]
        kind: Option<SchemaKind>,
    },
}

// The options `compare` and `matrix` share, declared once so that their flags and help stay
// the same. (A plain comment: a doc comment here would become the subcommands' about text.)
#[derive(Args)]
struct Reading {
    /// The vocabulary (default: the one the positions name, else the implicit one).
    #[arg(long)]
    vocab: Option<PathBuf>,
    /// Read only clauses on the record (quoted or resting on a document); leave inferred ones out.
    #[arg(long)]
    on_record: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Output,
}

impl Reading {
    /// The comparison options the flags ask for.
    fn options(&self) -> negdiff::CompareOptions {
        negdiff::CompareOptions::default().on_record(self.on_record)
    }
}

/// A kind of negdiff/1 file.
#[derive(Clone, Copy, ValueEnum)]
enum SchemaKind {
    Vocabulary,
    Position,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut loader = format::Loader::new();
    loader.max_bytes(cli.max_bytes).threads(cli.threads);
    for dir in &cli.allow_path {
        loader.allow_path(dir);
    }
    match run(cli.command, &loader, cli.threads) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{}", visible_lines(&message));
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

/// Loads positions and their vocabulary; warnings go to stderr, the report to stdout.
fn load_set(
    loader: &format::Loader,
    files: &[PathBuf],
    vocab: Option<&std::path::Path>,
    threads: usize,
) -> Result<(negdiff::Vocabulary, Vec<negdiff::Position>), String> {
    let set = loader.load_set(files, vocab).map_err(diagnostics)?;
    print_diagnostics(&set.warnings, threads);
    Ok((set.vocabulary, set.positions))
}

/// Writes diagnostics to stderr, laid out in batches on up to `threads` threads and written in
/// order (the bytes are the same on any number): `check` of 10⁵ clauses writes 48 MB of these.
fn print_diagnostics(diagnostics: &[negdiff::format::Diagnostic], threads: usize) {
    // A closed stderr ends the writing quietly, as `eprintln!` would not.
    let _ = format::write_diagnostics_on(threads, diagnostics, std::io::stderr().lock());
}

/// Leaves a large value to the operating system instead of freeing it piece by piece: the
/// process exits right after writing its report, and freeing 10⁶ small allocations one by one
/// costs more CPU than the report's last stage.
fn leave<T>(value: T) {
    std::mem::forget(value);
}

/// Writes to stdout; a closed pipe (`negdiff … | head`) ends quietly instead of panicking.
///
/// The renderers already show every control character of input text as an escape; this is
/// the last guard before the terminal, so that no ESC or BEL from a file gets through raw.
fn write_out(text: &str) -> Result<(), String> {
    write_to(std::io::stdout().lock(), &visible_lines(text))
}

/// Writes text whose escape sequences are the renderer's own (colours): through anstream, so that a Windows console that does not read ANSI
/// escapes gets its colours set instead of the escapes printed.
fn write_coloured(text: &str) -> Result<(), String> {
    write_to(
        anstream::AutoStream::new(std::io::stdout().lock(), anstream::ColorChoice::Always),
        text,
    )
}

fn write_to(mut out: impl std::io::Write, text: &str) -> Result<(), String> {
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

fn emit_coloured(text: String, colour: bool) -> Result<ExitCode, String> {
    if colour {
        write_coloured(&text)?;
    } else {
        write_out(&text)?;
    }
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

/// Streams a report through its own JSON writer (`write_json`: serde_json's pretty bytes,
/// written faster), then the final newline.
fn emit_json_by(
    write: impl FnOnce(&mut std::io::StdoutLock<'static>) -> std::io::Result<()>,
) -> Result<ExitCode, String> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let written = write(&mut out)
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("negdiff: cannot write output: {e}")),
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// Writes a report that has only a text and a JSON form.
fn emit_plain<T: std::fmt::Display + serde::Serialize>(report: &T, out: Plain) -> Result<ExitCode, String> {
    match out {
        Plain::Text => emit(report.to_string()),
        Plain::Json => emit_json(report),
    }
}

fn bargain_options(max_frontier: usize) -> negdiff::bargain::AnalysisOptions {
    negdiff::bargain::AnalysisOptions {
        max_frontier,
        ..negdiff::bargain::AnalysisOptions::default()
    }
}

fn run(command: Command, loader: &format::Loader, threads: usize) -> Result<ExitCode, String> {
    match command {
        Command::Schema { kind } => emit_json(&match kind {
            None => format::json_schema_any(),
            Some(SchemaKind::Vocabulary) => format::json_schema(format::FileKind::Vocabulary),
            Some(SchemaKind::Position) => format::json_schema(format::FileKind::Position),
        }),
        Command::Check { files, format: out } => check(loader, &files, out, threads),
        Command::Compare { left, right, reading } => compare(loader, left, right, reading, threads),
        Command::Matrix { files, reading } => matrix(loader, &files, reading, threads),
        Command::Evolve {
            old,
            new,
            vocab,
            counterpart,
            reword_threshold,
            diff,
            color,
            format: out,
        } => evolve(
            loader,
            old,
            new,
            vocab,
            counterpart,
            reword_threshold,
            diff,
            color,
            out,
            threads,
        ),
        Command::Bargain {
            genius,
            files,
            vocab,
            on_record,
            max_frontier,
            format: out,
        } => match genius {
            Some(domain) => bargain_genius(loader, &domain, &files, max_frontier, out),
            None => bargain_positions(loader, &files, vocab, on_record, max_frontier, out, threads),
        },
    }
}

fn check(loader: &format::Loader, files: &[PathBuf], out: Plain, threads: usize) -> Result<ExitCode, String> {
    let check = format::Checker::new()
        .loader(loader.clone())
        .leave_loaded(true)
        .run_compact(files);
    let code = if check.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    };
    match out {
        Plain::Json => {
            let outcome = check.into_outcome();
            emit_json(&outcome)?;
            leave(outcome);
        }
        Plain::Text => {
            // Diagnostics go to stderr like every other command's, written from the compact
            // records; the quotes found and the summary are the report, on stdout.
            // A closed stderr ends the writing quietly, as `eprintln!` would not.
            let _ = check.write_diagnostics_on(threads, std::io::stderr().lock());
            write_out(&check.report())?;
            leave(check);
        }
    }
    Ok(code)
}

fn compare(
    loader: &format::Loader,
    left: PathBuf,
    right: PathBuf,
    reading: Reading,
    threads: usize,
) -> Result<ExitCode, String> {
    /// What the comparison became while loading's compiled norms were still alive.
    enum Compared {
        /// JSON, written straight from the compact findings, which are never made whole.
        Written(Result<ExitCode, String>),
        /// The whole comparison, rendered once the compiled norms are freed.
        Whole(Box<negdiff::Comparison>),
    }
    // One call, so that each position is compiled once, for validating and comparing.
    let (set, compared) = loader
        .load_and_compare_by(&left, &right, reading.vocab.as_deref(), &reading.options(), |set, c| {
            print_diagnostics(&set.warnings, threads);
            if let Output::Json = reading.format {
                let written = emit_json_by(|out| c.write_json_on(threads, out));
                leave(c);
                Compared::Written(written)
            } else {
                Compared::Whole(Box::new(c.into_comparison()))
            }
        })
        .map_err(diagnostics)?;
    let written = match compared {
        Compared::Written(written) => written,
        Compared::Whole(c) => {
            let written = match reading.format {
                Output::Text => emit(c.to_string()),
                Output::Markdown => emit(c.to_markdown()),
                Output::Html => emit(negdiff::report::html::comparison_with(
                    &c,
                    &set.positions[0],
                    &set.positions[1],
                )),
                // Written above; the whole comparison writes the same bytes.
                Output::Json => emit_json_by(|out| c.write_json(out)),
            };
            leave(c);
            written
        }
    };
    leave(set);
    written
}

fn matrix(loader: &format::Loader, files: &[PathBuf], reading: Reading, threads: usize) -> Result<ExitCode, String> {
    let (v, ps) = load_set(loader, files, reading.vocab.as_deref(), threads)?;
    let m = negdiff::compare_all_with(&v, &ps, &reading.options()).map_err(|e| format!("negdiff: {e}"))?;
    let written = match reading.format {
        Output::Text => emit(m.to_string()),
        Output::Markdown => emit(m.to_markdown()),
        Output::Json => emit_json_by(|out| m.write_json(out)),
        Output::Html => emit(negdiff::report::html::matrix_with(&m, &ps)),
    };
    leave((v, ps, m));
    written
}

// One parameter per flag of the subcommand, as clap gives them.
#[allow(clippy::too_many_arguments)]
fn evolve(
    loader: &format::Loader,
    old: PathBuf,
    new: PathBuf,
    vocab: Option<PathBuf>,
    counterpart: Option<PathBuf>,
    reword_threshold: f64,
    diff: bool,
    color: Colour,
    out: Output,
    threads: usize,
) -> Result<ExitCode, String> {
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
    let options = negdiff::evolution::EvolveOptions::default().reword_threshold(reword_threshold);
    // One call, so that each position is compiled once, for validating and evolving.
    let (set, e) = loader
        .load_and_evolve(&old, &new, counterpart.as_deref(), vocab.as_deref(), &options)
        .map_err(diagnostics)?;
    print_diagnostics(&set.warnings, threads);
    let e = e.map_err(|e| format!("negdiff: {e}"))?;
    let ps = &set.positions;
    let colour = color.enabled();
    let written = match out {
        // With colour the escapes are the renderer's: it made input text visible itself.
        Output::Text if diff => emit_coloured(
            format!(
                "{}\n{}",
                negdiff::report::evolution_text(&e, colour),
                negdiff::report::evolution_diff(&e, colour)
            ),
            colour,
        ),
        Output::Text => emit_coloured(negdiff::report::evolution_text(&e, colour), colour),
        Output::Markdown => emit(negdiff::report::evolution_markdown(&e)),
        Output::Json => emit_json_by(|out| e.write_json(out)),
        Output::Html => emit(negdiff::report::html::evolution_with(&e, &ps[0], &ps[1])),
    };
    leave((set, e));
    written
}

fn bargain_genius(
    loader: &format::Loader,
    domain: &std::path::Path,
    files: &[PathBuf],
    max_frontier: usize,
    out: Plain,
) -> Result<ExitCode, String> {
    let options = negdiff::bargain::GeniusOptions {
        max_bytes: loader.limit(),
    };
    let loaded = negdiff::bargain::load_genius_with(
        domain,
        &files.iter().map(PathBuf::as_path).collect::<Vec<_>>(),
        &options,
    )
    .map_err(|e| format!("negdiff: {e}"))?;
    for w in &loaded.warnings {
        eprintln!("{w}");
    }
    let report = negdiff::bargain::analyze_with(&loaded.scenario, &bargain_options(max_frontier));
    emit_plain(&report, out)
}

fn bargain_positions(
    loader: &format::Loader,
    files: &[PathBuf],
    vocab: Option<PathBuf>,
    on_record: bool,
    max_frontier: usize,
    out: Plain,
    threads: usize,
) -> Result<ExitCode, String> {
    let (v, ps) = load_set(loader, files, vocab.as_deref(), threads)?;
    let options = negdiff::CompareOptions::default().on_record(on_record);
    let report = negdiff::bargain::analyze_positions_with(&v, &ps, &options, &bargain_options(max_frontier))
        .map_err(|e| format!("negdiff: {e}"))?;
    emit_plain(&report, out)
}
