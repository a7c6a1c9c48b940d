//! Checking a set of files: each file's rules, conditions across files, and quotes.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::DiagnosticKind;
use crate::model::{FieldPath, Position, Problem};
use crate::suggest::closest;

use super::diagnostic::{Diagnostic, LoadError, Severity};
use super::load::{is_vocabulary, vocabulary_of, LoadedPosition, Loader, VocabFrom};
use super::quotes::{find_quote, QuoteMatch};

/// What became of one evidence quote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "check", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum QuoteStatus {
    /// The source's text was available and searched.
    Checked {
        /// Where the quote is, or the closest passage.
        result: QuoteMatch,
    },
    /// The source has no text to search (no `path`, or its file is missing).
    Unchecked,
}

/// One evidence quote and what the check found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteReport {
    /// The position file.
    pub file: String,
    /// Line of the quote in the position file.
    pub line: usize,
    /// Column of the quote in the position file.
    pub column: usize,
    /// The clause the evidence supports.
    pub clause: String,
    /// The source id.
    pub source: String,
    /// Whether it was found, and where.
    pub status: QuoteStatus,
}

/// Everything [`check`] found in a set of files.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CheckOutcome {
    /// Errors and warnings, by file, line and column.
    pub diagnostics: Vec<Diagnostic>,
    /// Every evidence quote of the positions that loaded, in file order.
    pub quotes: Vec<QuoteReport>,
    /// How many vocabulary files loaded cleanly.
    pub vocabularies: usize,
    /// How many position files loaded cleanly.
    pub positions: usize,
}

impl CheckOutcome {
    /// Number of errors.
    #[must_use]
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Number of warnings.
    #[must_use]
    pub fn warnings(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    /// Whether there are no errors (warnings allowed).
    #[must_use]
    pub fn is_ok(&self) -> bool {
        self.errors() == 0
    }
}

/// Options for [`check`]: how to load, and source texts supplied by the caller.
///
/// ```
/// use negdiff::format::Checker;
/// let mut checker = Checker::new();
/// checker.source_text("minutes", "The parties met on Monday.");
/// let outcome = checker.run(Vec::<&str>::new());
/// assert!(outcome.is_ok());
/// ```
#[derive(Debug, Clone, Default)]
pub struct Checker {
    loader: Loader,
    texts: BTreeMap<String, String>,
}

impl Checker {
    /// Default loader, no supplied texts.
    #[must_use]
    pub fn new() -> Self {
        Checker::default()
    }

    /// Uses these loading options.
    pub fn loader(&mut self, loader: Loader) -> &mut Self {
        self.loader = loader;
        self
    }

    /// Supplies the text of a source by id; it is used instead of the source's `path`.
    pub fn source_text(&mut self, source: impl Into<String>, text: impl Into<String>) -> &mut Self {
        self.texts.insert(source.into(), text.into());
        self
    }

    /// Loads every file, checks conditions between the positions, and checks quotes.
    pub fn run<P: AsRef<Path>>(&self, paths: impl IntoIterator<Item = P>) -> CheckOutcome {
        let mut out = CheckOutcome::default();
        let mut loaded: Vec<LoadedPosition> = Vec::new();
        for path in paths {
            let path = path.as_ref();
            let result = self.loader.parsed(path).and_then(|parsed| {
                if is_vocabulary(&parsed.root) {
                    vocabulary_of(&parsed).map(|_| out.vocabularies += 1)
                } else {
                    self.loader
                        .position_of(parsed, VocabFrom::Field(path.parent()))
                        .map(|mut p| {
                            out.diagnostics.append(&mut p.warnings);
                            loaded.push(p)
                        })
                }
            });
            if let Err(e) = result {
                out.diagnostics.extend(e.into_diagnostics());
            }
        }
        out.positions = loaded.len();
        cross_conditions(&loaded, &mut out.diagnostics);
        for lp in &loaded {
            basis_warnings(lp, &mut out.diagnostics);
        }
        for lp in &loaded {
            self.quotes(lp, &mut out);
        }
        out.diagnostics = LoadError::new(out.diagnostics).into_diagnostics();
        out
    }

    fn quotes(&self, lp: &LoadedPosition, out: &mut CheckOutcome) {
        let parsed = &lp.parsed;
        let lines = parsed.lines();
        let dir = Path::new(&parsed.file).parent();
        let root = FieldPath::root();
        let mut texts: BTreeMap<&str, Option<String>> = BTreeMap::new();
        for (si, source) in lp.position.sources.iter().enumerate() {
            let text = if let Some(t) = self.texts.get(&source.id) {
                Some(t.clone())
            } else if let Some(rel) = &source.path {
                let file = dir.map_or_else(|| Path::new(rel).to_path_buf(), |d| d.join(rel));
                match read_text(&file, self.loader.limit()) {
                    Ok(t) => Some(t),
                    Err(reason) => {
                        let n = count_quotes(&lp.position, &source.id);
                        let at = root.key("sources").index(si).key("path");
                        out.diagnostics.push(lines.at(
                            Severity::Warning,
                            DiagnosticKind::Quote,
                            &parsed.root.locate(&at),
                            Some(at.to_string()),
                            format!(
                                "source file `{rel}` {reason}; {n} quote{} unchecked",
                                if n == 1 { "" } else { "s" }
                            ),
                        ));
                        None
                    }
                }
            } else {
                None
            };
            texts.insert(source.id.as_str(), text);
        }
        for (ci, clause) in lp.position.clauses.iter().enumerate() {
            for (ei, ev) in clause.evidence.iter().enumerate() {
                let at = root.key("clauses").index(ci).key("evidence").index(ei).key("quote");
                let span = parsed.root.locate(&at);
                let (line, column) = lines.line_col(span.start);
                let status = match texts.get(ev.source.as_str()).and_then(Option::as_ref) {
                    None => QuoteStatus::Unchecked,
                    Some(text) => {
                        let result = find_quote(text, &ev.quote);
                        if let QuoteMatch::NotFound {
                            closest,
                            line: l,
                            column: c,
                            similarity,
                        } = &result
                        {
                            out.diagnostics.push(lines.error(
                                DiagnosticKind::Quote,
                                &span,
                                Some(at.to_string()),
                                format!(
                                    "quote not found in source `{}`; closest passage at {l}:{c} ({:.0}% alike): `{closest}`",
                                    ev.source,
                                    similarity * 100.0
                                ),
                            ));
                        }
                        QuoteStatus::Checked { result }
                    }
                };
                out.quotes.push(QuoteReport {
                    file: parsed.file.clone(),
                    line,
                    column,
                    clause: clause.id.clone(),
                    source: ev.source.clone(),
                    status,
                });
            }
        }
    }
}

fn count_quotes(p: &Position, source: &str) -> usize {
    p.clauses
        .iter()
        .flat_map(|c| &c.evidence)
        .filter(|e| e.source == source)
        .count()
}

fn read_text(path: &Path, limit: u64) -> Result<String, String> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => "not found".to_string(),
        _ => format!("cannot be read ({e})"),
    })?;
    if meta.len() > limit {
        return Err(format!("is larger than the limit of {limit} bytes"));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(limit).read_to_end(&mut bytes))
        .map_err(|e| format!("cannot be read ({e})"))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Checks `party/clause-id` conditions whose party has a position in the set.
fn cross_conditions(loaded: &[LoadedPosition], out: &mut Vec<Diagnostic>) {
    let mut by_party: BTreeMap<&str, Vec<&Position>> = BTreeMap::new();
    for lp in loaded {
        by_party
            .entry(lp.position.party.as_str())
            .or_default()
            .push(&lp.position);
    }
    for lp in loaded {
        let lines = lp.parsed.lines();
        for (ci, clause) in lp.position.clauses.iter().enumerate() {
            for (k, cond) in clause.conditions.iter().enumerate() {
                let Some(party) = cond.party.as_deref() else { continue };
                if party == lp.position.party {
                    continue;
                }
                let Some(others) = by_party.get(party) else { continue };
                if others.iter().any(|p| p.find_clause(&cond.clause).is_some()) {
                    continue;
                }
                let ids = others
                    .iter()
                    .flat_map(|p| p.clauses.iter().map(|c| (c.id.as_str(), None)));
                let at = FieldPath::root().key("clauses").index(ci).key("conditions").index(k);
                let problem = Problem::Unknown {
                    what: "clause".into(),
                    value: cond.to_string(),
                    suggestion: closest(&cond.clause, ids).map(|c| format!("{party}/{c}")),
                };
                out.push(lines.error(
                    problem.kind(),
                    &lp.parsed.root.locate(&at),
                    Some(at.to_string()),
                    problem.to_string(),
                ));
            }
        }
    }
}

/// Loads every file with default options, checks `party/clause-id` conditions against the
/// positions of that party in the set, and checks every evidence quote against its source's
/// text (a source whose file is missing is a warning, and its quotes go unchecked).
///
/// A position is validated against the vocabulary file its `vocabulary` field names, or the
/// implicit vocabulary when it names none.
pub fn check<P: AsRef<Path>>(paths: impl IntoIterator<Item = P>) -> CheckOutcome {
    Checker::new().run(paths)
}

impl std::fmt::Display for CheckOutcome {
    /// Each diagnostic on a line of its own, then the quotes that were found, then a summary
    /// (the diagnostics followed by [`CheckOutcome::report`]).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for d in &self.diagnostics {
            writeln!(f, "{d}")?;
        }
        f.write_str(&self.report())
    }
}

/// `1 vocabulary`, `2 vocabularies`.
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl CheckOutcome {
    /// The outcome without its diagnostics: one line per quote found, then the summary line.
    /// The `negdiff check` command writes the diagnostics to stderr and this to stdout.
    #[must_use]
    pub fn report(&self) -> String {
        use std::fmt::Write as _;
        let mut f = String::new();
        let mut found = 0;
        let mut unchecked = 0;
        for q in &self.quotes {
            match &q.status {
                QuoteStatus::Checked {
                    result: QuoteMatch::Found { line, column },
                } => {
                    found += 1;
                    let _ = writeln!(
                        f,
                        "{}:{}:{}: quote for `{}` found in `{}` at {line}:{column}",
                        q.file, q.line, q.column, q.clause, q.source
                    );
                }
                QuoteStatus::Checked { .. } => {}
                QuoteStatus::Unchecked => unchecked += 1,
            }
        }
        let _ = writeln!(
            f,
            "checked {} and {}: {}, {}; {} found, {unchecked} unchecked",
            counted(self.vocabularies, "vocabulary", "vocabularies"),
            counted(self.positions, "position", "positions"),
            counted(self.errors(), "error", "errors"),
            counted(self.warnings(), "warning", "warnings"),
            counted(found, "quote", "quotes"),
        );
        f
    }
}

/// Warns on clauses that nothing puts on the record: no evidence and no `basis` (read as
/// inferred), and red lines that are inferred.
fn basis_warnings(lp: &LoadedPosition, out: &mut Vec<Diagnostic>) {
    let parsed = &lp.parsed;
    let lines = parsed.lines();
    let root = FieldPath::root();
    for (ci, clause) in lp.position.clauses.iter().enumerate() {
        let at = root.key("clauses").index(ci);
        if clause.basis().is_none() {
            let id = at.key("id");
            out.push(lines.at(
                Severity::Warning,
                DiagnosticKind::Semantics,
                &parsed.root.locate(&id),
                Some(id.to_string()),
                format!(
                    "clause `{}` has no evidence and no `basis`; it counts as inferred (add evidence, \
                     `basis = \"document\"` with `source`, or `basis = \"inferred\"` with `rationale`)",
                    clause.id
                ),
            ));
        }
        if clause.strength == crate::model::Strength::RedLine && !clause.is_on_record() {
            let strength = at.key("strength");
            out.push(lines.at(
                Severity::Warning,
                DiagnosticKind::Semantics,
                &parsed.root.locate(&strength),
                Some(strength.to_string()),
                format!("red line `{}` is inferred, not on the record", clause.id),
            ));
        }
    }
}
