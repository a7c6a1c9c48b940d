//! Checking a set of files: each file's rules, conditions across files, and quotes.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::DiagnosticKind;
use crate::model::{FieldPath, Position, Problem};
use crate::suggest::closest;

use super::diagnostic::{Diagnostic, LoadError, Severity};
use super::files::{read_regular, ReadFail};
use super::load::{is_vocabulary, vocabulary_of, LoadedPosition, Loader, VocabFrom};
use super::quotes::{QuoteMatch, Source};

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

/// Everything [`check_files`] found in a set of files.
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

/// Options for [`check_files`]: how to load, and source texts supplied by the caller.
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
            super::lint::position(lp, &mut out.diagnostics);
        }
        super::lint::near_misses(&loaded, &mut out.diagnostics);
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
                let at = root.key("sources").index(si).key("path");
                let read = self
                    .loader
                    .resolve(dir, rel)
                    .map_err(|refused| (Severity::Error, refused))
                    .and_then(|file| {
                        read_regular(&file, self.loader.limit()).map_err(|reason| {
                            let n = count_quotes(&lp.position, &source.id);
                            // A missing or too large file is the user's to fix or allow; a
                            // FIFO, a device or a directory named as a text is not a source.
                            let severity = match reason {
                                ReadFail::NotRegular(_) => Severity::Error,
                                _ => Severity::Warning,
                            };
                            (
                                severity,
                                format!(
                                    "source file `{rel}` {reason}; {} unchecked",
                                    crate::report::counted(n, "quote", "quotes")
                                ),
                            )
                        })
                    });
                match read {
                    Ok(bytes) => Some(String::from_utf8_lossy(&bytes).into_owned()),
                    Err((severity, message)) => {
                        out.diagnostics.push(lines.at(
                            severity,
                            if severity == Severity::Error {
                                DiagnosticKind::Io
                            } else {
                                DiagnosticKind::Quote
                            },
                            &parsed.root.locate(&at),
                            Some(at.to_string()),
                            message,
                        ));
                        None
                    }
                }
            } else {
                None
            };
            texts.insert(source.id.as_str(), text);
        }
        // Each source is normalised and indexed once, whatever the number of its quotes.
        let sources: BTreeMap<&str, Source<'_>> = texts
            .iter()
            .filter_map(|(id, t)| Some((*id, Source::new(t.as_deref()?))))
            .collect();
        for (ci, clause) in lp.position.clauses.iter().enumerate() {
            for (ei, ev) in clause.evidence.iter().enumerate() {
                let at = root.key("clauses").index(ci).key("evidence").index(ei).key("quote");
                let span = parsed.root.locate(&at);
                let (line, column) = lines.line_col(span.start);
                let status = match sources.get(ev.source.as_str()) {
                    None => QuoteStatus::Unchecked,
                    Some(text) => {
                        let result = text.find(&ev.quote);
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

/// Checks `party/clause-id` conditions whose party has a position in the set.
fn cross_conditions(loaded: &[LoadedPosition], out: &mut Vec<Diagnostic>) {
    let mut by_party: BTreeMap<&str, Vec<&Position>> = BTreeMap::new();
    // The clause ids of each party's positions, so that a condition is looked up, not searched.
    let mut ids_of: BTreeMap<&str, std::collections::HashSet<&str>> = BTreeMap::new();
    for lp in loaded {
        by_party
            .entry(lp.position.party.as_str())
            .or_default()
            .push(&lp.position);
        ids_of
            .entry(lp.position.party.as_str())
            .or_default()
            .extend(lp.position.clauses.iter().map(|c| c.id.as_str()));
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
                if ids_of.get(party).is_some_and(|ids| ids.contains(cond.clause.as_str())) {
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
pub fn check_files<P: AsRef<Path>>(paths: impl IntoIterator<Item = P>) -> CheckOutcome {
    Checker::new().run(paths)
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
