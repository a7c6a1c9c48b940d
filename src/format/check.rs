//! Checking a set of files: each file's rules, conditions across files, and quotes.

use std::cell::OnceCell;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::analysis::{Analyzer, Norm};
use crate::error::DiagnosticKind;
use crate::model::{Clause, FieldPath, Invalid, Position, Problem, Segment, Strength, Vocabulary};
use crate::suggest::closest;

use super::compact::{ClauseWarning, CompactCheck, Field, FileRef, Names, Parts, Record, Text, What};
use super::diagnostic::{decimal_len, push_number};
use super::diagnostic::{lines_and_columns, Diagnostic, LineIndex, Lines, LoadError, Severity, Sweep};
use super::files::{read_regular, ReadFail};
use super::load::{FastFile, ForCheck, Loader, Parsed, VocabFrom};
use super::locate::{json_object_key, json_open, table_key, Locator, Marks, Step};
use super::quotes::{QuoteMatch, Source};
use super::tree::Node;
use super::Format;

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
    /// Whether [`Checker::run`] leaves what it loaded unfreed.
    leave: bool,
    /// Every file through the full path, as before the fast path: what tests compare against.
    #[cfg(test)]
    full_only: bool,
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

    /// Leaves the positions and texts that [`Checker::run`] loaded unfreed when it returns
    /// (off by default): for a process that ends right after, as the `negdiff` command does,
    /// since freeing 10⁵ clauses an allocation at a time costs more than some of the checks.
    pub fn leave_loaded(&mut self, leave: bool) -> &mut Self {
        self.leave = leave;
        self
    }

    /// Supplies the text of a source by id; it is used instead of the source's `path`.
    pub fn source_text(&mut self, source: impl Into<String>, text: impl Into<String>) -> &mut Self {
        self.texts.insert(source.into(), text.into());
        self
    }

    /// Loads every file, checks conditions between the positions, and checks quotes.
    pub fn run<P: AsRef<Path>>(&self, paths: impl IntoIterator<Item = P>) -> CheckOutcome {
        self.run_compact(paths).into_outcome()
    }

    /// [`Checker::run`], its diagnostics kept as compact records ([`CompactCheck`]): to write
    /// them, or count them, without a string made for each. `negdiff check` runs this.
    pub fn run_compact<P: AsRef<Path>>(&self, paths: impl IntoIterator<Item = P>) -> CompactCheck {
        let mut out = CheckOutcome::default();
        let paths: Vec<PathBuf> = paths.into_iter().map(|p| p.as_ref().to_path_buf()).collect();
        // Every vocabulary the positions use, each loaded once: the files named (by canonical
        // path; a vocabulary given as an argument counts) and each implicit one.
        let mut vocabularies: Vec<Vocabulary> = Vec::new();
        let mut by_path: HashMap<PathBuf, Shared> = HashMap::new();
        // The warnings of validation are placed with the others at the end.
        let mut slots: Vec<FileSlot> = Vec::with_capacity(paths.len());
        #[cfg(test)]
        let fast = !self.full_only;
        #[cfg(not(test))]
        let fast = true;
        let threads = self.loader.threads_asked();
        // The vocabularies among the files given, each published by the thread that read it,
        // so that a position read on another thread is compiled and checked there at once.
        let files = Files::new(&paths);
        let given = Given::new(&files);
        let read = self.loader.read_all_for_check(
            &paths,
            fast,
            |k, read| self.early(k, &paths[k], read, &given),
            |k| given.settle(k),
        );
        for ((k, path), read) in paths.iter().enumerate().zip(read) {
            let mut diagnostics = Vec::new();
            let mut warnings = Vec::new();
            let mut own = None;
            let slot = match read {
                Read::Published => {
                    out.vocabularies += 1;
                    by_path.entry(files.keys[k].clone()).or_insert(Shared::Given(k));
                    Slot::Failed
                }
                Read::Checked(early) => {
                    let Early {
                        loaded,
                        warnings: found,
                        own: checked,
                    } = *early;
                    warnings = found;
                    own = Some(checked);
                    Slot::Loaded(Box::new(loaded))
                }
                Read::File(Err(e)) => {
                    diagnostics = e.into_diagnostics();
                    Slot::Failed
                }
                Read::File(Ok(ForCheck::Vocabulary(v))) => {
                    out.vocabularies += 1;
                    by_path
                        .entry(files.keys[k].clone())
                        .or_insert(Shared::Named(vocabularies.len()));
                    vocabularies.push(v);
                    Slot::Failed
                }
                Read::File(Ok(ForCheck::Full(parsed))) => self.full(parsed, path, &mut diagnostics),
                Read::File(Ok(ForCheck::Fast(fast))) => {
                    // As the full path finds it; a vocabulary that cannot be had here sends the
                    // file down the full path, which says why.
                    let (vocabulary, implicit) = match (path.parent(), &fast.position.vocabulary) {
                        (Some(dir), Some(rel)) => {
                            let at = self.loader.resolve(Some(dir), rel).ok().and_then(|full| {
                                let key = canonical(&full);
                                if let Some(&i) = by_path.get(&key) {
                                    return Some(i);
                                }
                                let v = self.loader.vocabulary(&full).ok()?;
                                let i = Shared::Named(vocabularies.len());
                                by_path.insert(key, i);
                                vocabularies.push(v);
                                Some(i)
                            });
                            (at, false)
                        }
                        _ => {
                            vocabularies.push(Vocabulary::implicit([&fast.position]));
                            (Some(Shared::Named(vocabularies.len() - 1)), true)
                        }
                    };
                    Slot::Fast {
                        fast: Box::new(fast),
                        vocabulary,
                        implicit,
                    }
                }
            };
            slots.push((slot, diagnostics, warnings, own));
        }
        // Each vocabulary is compiled once, for validating and for the checks after loading.
        let analyzers: Vec<OnceLock<Option<Analyzer<'_>>>> = vocabularies.iter().map(|_| OnceLock::new()).collect();
        let shared = |at: Shared| -> Option<(&Vocabulary, Option<&Analyzer<'_>>)> {
            match at {
                Shared::Given(k) => Some((given.vocabulary(k)?, given.analyzer(k))),
                Shared::Named(i) => {
                    let v = vocabularies.get(i)?;
                    let a = analyzers.get(i)?.get_or_init(|| Analyzer::new(v).ok());
                    Some((v, a.as_ref()))
                }
            }
        };
        let to_compile: Vec<(usize, Option<&Analyzer<'_>>, &Position)> = slots
            .iter()
            .enumerate()
            .filter_map(|(k, (slot, ..))| match slot {
                Slot::Fast { fast, vocabulary, .. } => Some((k, vocabulary.and_then(|v| shared(v)?.1), &fast.position)),
                _ => None,
            })
            .collect();
        let mut compiled: HashMap<usize, Compiled> = super::par::map(threads, to_compile, |(k, a, p)| {
            (k, a.and_then(|a| a.compile(p).ok()).map(|c| (c.norms, c.warnings)))
        })
        .into_iter()
        .collect();
        for (k, (path, (slot, diagnostics, warnings, _))) in paths.iter().zip(&mut slots).enumerate() {
            if !matches!(slot, Slot::Fast { .. }) {
                continue;
            }
            let Slot::Fast {
                fast,
                vocabulary,
                implicit,
            } = std::mem::replace(slot, Slot::Failed)
            else {
                continue;
            };
            *slot = match (compiled.remove(&k).flatten(), vocabulary) {
                (Some((norms, found)), Some(v)) => {
                    *warnings = found;
                    Slot::Loaded(Box::new(Loaded::fast(*fast, implicit, norms, v)))
                }
                // A problem: the full path finds and locates it, as it always did.
                _ => match self.loader.reparse(&fast.text, &fast.file) {
                    Ok(parsed) => self.full(parsed, path, diagnostics),
                    Err(e) => {
                        diagnostics.extend(e.into_diagnostics());
                        Slot::Failed
                    }
                },
            };
        }
        let mut found = Found::default();
        let mut loaded: Vec<Loaded> = Vec::new();
        // What each position that loaded says of itself, when it was found as it was read.
        let mut checked: Vec<Option<Own>> = Vec::new();
        for (slot, diagnostics, warnings, own) in slots {
            found.load(diagnostics);
            if let Slot::Loaded(lp) = slot {
                let pi = loaded.len();
                for w in warnings {
                    found.at(pi, &lp, Severity::Warning, w.kind(), w.at, w.problem.to_string());
                }
                checked.push(own.map(|mut own| {
                    own.renumber(pi);
                    own
                }));
                loaded.push(*lp);
            }
        }
        out.positions = loaded.len();
        // What the other positions say of themselves, each on a loader's thread into lists of
        // its own; all joined in the positions' order: the order one thread would find them in.
        let rest: Vec<(usize, &mut Loaded)> = loaded
            .iter_mut()
            .enumerate()
            .zip(&checked)
            .filter(|(_, own)| own.is_none())
            .map(|(job, _)| job)
            .collect();
        let mut rest = super::par::map(threads, rest, |(pi, lp)| {
            let vocabulary = match lp.vocabulary {
                Vocab::Shared(at) => shared(at),
                Vocab::Own(_) => None,
            };
            self.own(pi, lp, vocabulary)
        })
        .into_iter();
        let own: Vec<Own> = checked
            .into_iter()
            .map(|own| own.or_else(|| rest.next()).unwrap_or_default())
            .collect();
        cross_conditions(&loaded, &own, &mut found);
        // What the checks below find comes after the positions' own warnings, as it did when
        // they were found here in this order.
        let before = found.diagnostics.len();
        super::lint::near_misses(&loaded, &mut found);
        let mut own_warnings = Vec::with_capacity(own.len());
        for own in own {
            found.absorb(own.quoted, out.quotes.len());
            out.quotes.extend(own.quotes);
            own_warnings.push(own.warnings);
        }
        self.place(&mut loaded, &mut found, &mut out.quotes);
        let after = found.diagnostics.split_off(before);
        let mut runs = Vec::with_capacity(loaded.len() + 2);
        let names = std::mem::take(&mut found.names);
        runs.push(found.diagnostics);
        for (lp, mut own) in loaded.iter().zip(own_warnings) {
            // A field only a tree of the file can place: the tree is built here, one at a time.
            if !own.spots.is_empty() {
                let spots = std::mem::take(&mut own.spots);
                self.place_from_tree(lp, spots, &mut own.diagnostics, &mut []);
            }
            runs.push(own.diagnostics);
        }
        runs.push(after);
        // What the records point into: the positions' clause ids and files.
        let positions = loaded.iter_mut().map(|lp| std::mem::take(&mut lp.position)).collect();
        let position_files = loaded.iter_mut().map(|lp| std::mem::take(&mut lp.file)).collect();
        if self.leave {
            std::mem::forget(loaded);
        }
        CompactCheck::new(Parts {
            runs,
            position_files,
            names,
            positions,
            head: out,
            leave: self.leave,
        })
    }

    /// What loaded position `pi` says of itself ([`Own`]), against its shared vocabulary
    /// (`vocabulary`) or else its own: on the thread that runs it, beside the other positions.
    fn own(&self, pi: usize, lp: &mut Loaded, vocabulary: Option<(&Vocabulary, Option<&Analyzer<'_>>)>) -> Own {
        let warnings = own_warnings(pi, lp, vocabulary);
        let mut out = CheckOutcome::default();
        let mut quoted = Found::default();
        self.quotes(pi, lp, &mut out, &mut quoted);
        let mut parties: Vec<String> = Vec::new();
        for cond in lp.position.clauses.iter().flat_map(|c| &c.conditions) {
            if let Some(party) = cond.party.as_deref().filter(|&p| p != lp.position.party) {
                if !parties.iter().any(|p| p == party) {
                    parties.push(party.to_string());
                }
            }
        }
        Own {
            warnings,
            quotes: out.quotes,
            quoted,
            parties,
        }
    }

    /// File `k` (at `path`) as its thread read it, handed on: a vocabulary is published for
    /// the positions read beside it; a position on the fast path whose vocabulary is a file
    /// given before it is compiled against it and checked on its own ([`own_warnings`]) right
    /// here, while the other threads still read. The files given after a position, and one
    /// that needs anything else (a vocabulary of its own, the full path), wait for every file
    /// to be read, as all of them once did; both ways find the same.
    fn early<'v>(&self, k: usize, path: &Path, read: Result<ForCheck, LoadError>, given: &Given<'v>) -> Read {
        let fast = match read {
            Ok(ForCheck::Vocabulary(v)) => {
                let Some(slot) = given.files.vocabularies.get(k) else {
                    return Read::File(Ok(ForCheck::Vocabulary(v)));
                };
                return match slot.set(Some(v)) {
                    Ok(()) => Read::Published,
                    // Its thread is done with it: it was read later, on this thread.
                    Err(v) => v.map_or(Read::Published, |v| Read::File(Ok(ForCheck::Vocabulary(v)))),
                };
            }
            Ok(ForCheck::Fast(fast)) => fast,
            other => return Read::File(other),
        };
        // Nothing to publish for it: a position naming it as its vocabulary waits no longer.
        given.settle(k);
        let vocabulary = match (path.parent(), &fast.position.vocabulary) {
            (Some(dir), Some(rel)) => self
                .loader
                .resolve(Some(dir), rel)
                .ok()
                .and_then(|full| given.before(k, &canonical(&full))),
            _ => None,
        };
        let Some((at, v, analyzer)) = vocabulary.and_then(|at| Some((at, given.vocabulary(at)?, given.analyzer(at)?)))
        else {
            return Read::File(Ok(ForCheck::Fast(fast)));
        };
        // One that does not compile goes the way of the others, to the full path.
        let Some((norms, warnings)) = analyzer.compile(&fast.position).ok().map(|c| (c.norms, c.warnings)) else {
            return Read::File(Ok(ForCheck::Fast(fast)));
        };
        let mut loaded = Loaded::fast(fast, false, norms, Shared::Given(at));
        let own = self.own(k, &mut loaded, Some((v, Some(analyzer))));
        Read::Checked(Box::new(Early { loaded, warnings, own }))
    }

    /// A file through the full path, as `check` has always read it.
    fn full(&self, parsed: Parsed, path: &Path, diagnostics: &mut Vec<Diagnostic>) -> Slot {
        match self.loader.position_of(parsed, VocabFrom::Field(path.parent())) {
            Ok(mut lp) => {
                diagnostics.append(&mut lp.warnings);
                Slot::Loaded(Box::new(Loaded {
                    position: lp.position,
                    file: lp.parsed.file,
                    text: lp.parsed.text,
                    spans: Spans::Tree(lp.parsed.root),
                    index: lp.parsed.index,
                    quotes: (Vec::new(), Vec::new()),
                    implicit: lp.implicit,
                    norms: lp.norms,
                    vocabulary: Vocab::Own(lp.vocabulary),
                }))
            }
            Err(e) => {
                diagnostics.extend(e.into_diagnostics());
                Slot::Failed
            }
        }
    }

    /// Gives every diagnostic and quote of `found` at a field its line and column: each file's
    /// fields on the loader's threads, all at once ([`place_with`]), then, here and one file at a
    /// time, those that only a tree built for the purpose can place.
    fn place(&self, loaded: &mut [Loaded], found: &mut Found, quotes: &mut [QuoteReport]) {
        let mut of: Vec<Vec<Spot>> = std::iter::repeat_with(Vec::new).take(loaded.len()).collect();
        for s in std::mem::take(&mut found.spots) {
            // A quote's field was placed with its position's own warnings.
            match loaded[s.position].quote_place(&s.at) {
                Some(at) => put(&mut found.diagnostics, quotes, s.of, at),
                None => of[s.position].push(s),
            }
        }
        let jobs: Vec<(&mut Loaded, Vec<Spot>)> = loaded
            .iter_mut()
            .zip(of)
            .filter(|(_, spots)| !spots.is_empty())
            .collect();
        let placed = super::par::map(self.loader.threads_asked(), jobs, |(lp, spots)| {
            let mut placed = Vec::with_capacity(spots.len());
            let left = place_with(lp, spots, |of, at| placed.push((of, at)));
            (placed, left)
        });
        for (placed, left) in placed {
            for (of, at) in placed {
                put(&mut found.diagnostics, quotes, of, at);
            }
            if let Some(first) = left.first() {
                let lp = &loaded[first.position];
                self.place_from_tree(lp, left, &mut found.diagnostics, quotes);
            }
        }
    }

    /// Places `spots` (all of `lp`) by a tree of the file built for the purpose: the fields
    /// that neither the reader's notes nor a scan of the text can place.
    fn place_from_tree(&self, lp: &Loaded, spots: Vec<Spot>, diagnostics: &mut [Record], quotes: &mut [QuoteReport]) {
        let offsets: Vec<usize> = match self.loader.reparse(&lp.text, &lp.file) {
            Ok(parsed) => spots.iter().map(|s| parsed.root.locate(&s.at.path()).start).collect(),
            // The fast path read the file, so the full path reads it too; should it not, the
            // diagnostics point at the file's start rather than go missing.
            Err(_) => vec![0; spots.len()],
        };
        for (s, at) in spots.iter().zip(lp.lines_of(&offsets)) {
            put(diagnostics, quotes, s.of, at);
        }
    }

    fn quotes(&self, pi: usize, lp: &Loaded, out: &mut CheckOutcome, found: &mut Found) {
        let dir = Path::new(&lp.file).parent();
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
                        let kind = if severity == Severity::Error {
                            DiagnosticKind::Io
                        } else {
                            DiagnosticKind::Quote
                        };
                        found.at(pi, lp, severity, kind, at, message);
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
                            found.at(
                                pi,
                                lp,
                                Severity::Error,
                                DiagnosticKind::Quote,
                                At::Quote(ci, ei),
                                format!(
                                    "quote not found in source `{}`; closest passage at {l}:{c} ({:.0}% alike): `{closest}`",
                                    ev.source,
                                    similarity * 100.0
                                ),
                            );
                        }
                        QuoteStatus::Checked { result }
                    }
                };
                found.spots.push(Spot {
                    of: Target::Quote(out.quotes.len()),
                    position: pi,
                    at: At::Quote(ci, ei),
                });
                out.quotes.push(QuoteReport {
                    file: lp.file.clone(),
                    // Placed with the diagnostics, once every field of the file is known.
                    line: 0,
                    column: 0,
                    clause: clause.id.clone(),
                    source: ev.source.clone(),
                    status,
                });
            }
        }
    }
}

/// A file of a check after loading: failed (or a vocabulary), loaded, or read on the fast path
/// and not yet validated.
enum Slot {
    Failed,
    Loaded(Box<Loaded>),
    Fast {
        fast: Box<FastFile>,
        /// Its vocabulary; `None` when it could not be loaded here.
        vocabulary: Option<Shared>,
        implicit: bool,
    },
}

/// A file's slot, its diagnostics from loading, the warnings validation found in it on the
/// fast path, and its own warnings when they were found as it was read.
type FileSlot = (Slot, Vec<Diagnostic>, Vec<Invalid>, Option<Own>);

/// Where a vocabulary shared by the positions that name its file is kept.
#[derive(Clone, Copy)]
enum Shared {
    /// A file given to the check, as the thread that read it published it ([`Files`]).
    Given(usize),
    /// In the check's list of the others: loaded for a position that names it, or implicit.
    Named(usize),
}

/// The files given to a check and the vocabularies among them, each published by the thread
/// that read it: so a position read on another thread is compiled and checked there, while
/// the other files are still being read.
struct Files {
    /// Each file's key, as a position's `vocabulary` is matched by ([`canonical`]).
    keys: Vec<PathBuf>,
    /// Each file's vocabulary, once its thread is done with it: `None` for a file that is
    /// not one, or that its thread left to be read later.
    vocabularies: Vec<OnceLock<Option<Vocabulary>>>,
}

impl Files {
    fn new(paths: &[PathBuf]) -> Self {
        Files {
            keys: paths.iter().map(|p| canonical(p)).collect(),
            vocabularies: paths.iter().map(|_| OnceLock::new()).collect(),
        }
    }
}

/// The [`Files`] of a check, with each vocabulary published compiled by the first thread that
/// needs it.
struct Given<'v> {
    files: &'v Files,
    analyzers: Vec<OnceLock<Option<Analyzer<'v>>>>,
}

impl<'v> Given<'v> {
    fn new(files: &'v Files) -> Self {
        Given {
            files,
            analyzers: files.keys.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    /// Says that file `k`'s thread publishes nothing more for it (the first word counts).
    fn settle(&self, k: usize) {
        if let Some(slot) = self.files.vocabularies.get(k) {
            let _ = slot.set(None);
        }
    }

    /// File `k`'s vocabulary, when it was published.
    fn vocabulary(&self, k: usize) -> Option<&'v Vocabulary> {
        self.files.vocabularies.get(k)?.get()?.as_ref()
    }

    /// File `k`'s vocabulary compiled, when it was published and compiles.
    fn analyzer(&self, k: usize) -> Option<&Analyzer<'v>> {
        self.analyzers
            .get(k)?
            .get_or_init(|| self.vocabulary(k).and_then(|v| Analyzer::new(v).ok()))
            .as_ref()
    }

    /// The first file before file `k` that is the vocabulary at `key`, waiting for it if it is
    /// still being read. Only files before `k` are waited for: the threads take the files in
    /// order, so each of those is already on a thread, whose reading waits for nothing.
    fn before(&self, k: usize, key: &Path) -> Option<usize> {
        let files = self.files;
        (0..k).find(|&a| {
            files.keys.get(a).is_some_and(|x| x == key)
                && files.vocabularies.get(a).is_some_and(|slot| slot.wait().is_some())
        })
    }
}

/// A file as [`Checker::early`] hands it on.
// One a file, moved once: boxing the file read would save nothing.
#[allow(clippy::large_enum_variant)]
enum Read {
    /// As read: the steps after every file is read take it.
    File(Result<ForCheck, LoadError>),
    /// A vocabulary, published in [`Files`].
    Published,
    /// A position compiled and checked on the thread that read it.
    Checked(Box<Early>),
}

/// A position checked on the thread that read it: loaded, with the warnings of validating
/// it and its own warnings ([`own_warnings`]), these numbered as the file's index among the
/// check's files until it is known which number it has among the positions that load.
struct Early {
    loaded: Loaded,
    warnings: Vec<Invalid>,
    own: Own,
}

/// What a position says of itself, found on a loader's thread ([`Checker::own`]): its own
/// warnings ([`own_warnings`]); its evidence quotes checked, with what they found (numbered
/// from 0 among its quotes and records, until they join the others: [`Found::absorb`]); and
/// the parties other than its own that its conditions name, for the check across files.
#[derive(Default)]
struct Own {
    warnings: Found,
    quotes: Vec<QuoteReport>,
    quoted: Found,
    parties: Vec<String>,
}

impl Own {
    /// Numbers what it found as loaded position `pi` ([`Found::renumber`]).
    fn renumber(&mut self, pi: usize) {
        self.warnings.renumber(pi);
        self.quoted.renumber(pi);
    }
}

/// The key a vocabulary file is known by: its canonical path, or the path as given when it
/// has none (it does not exist).
fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Where a loaded position's vocabulary is.
enum Vocab {
    /// Shared with every position that names the same file.
    Shared(Shared),
    /// Its own (a position the full path loaded).
    Own(Vocabulary),
}

/// How a loaded position's fields are found.
enum Spans {
    /// The full path's tree.
    Tree(Node),
    /// A scan of the text, in this syntax (the fast path keeps no tree), and what the reader
    /// noted of the clauses (the small TOML reader's notes, or where a JSON file's clause
    /// objects start), else nothing.
    Text(Format, Marks),
}

/// A position that loaded, as the checks after loading read it.
pub(crate) struct Loaded {
    pub position: Position,
    /// The file, as the caller named it.
    pub file: String,
    /// Without a byte-order mark: what lines, columns and spans count in.
    text: String,
    spans: Spans,
    /// Line starts of `text`, built when the first field is placed.
    index: OnceCell<LineIndex>,
    /// Whether it uses the implicit vocabulary (it names none).
    pub implicit: bool,
    /// Its norms as validating compiled them, so that the checks do not compile it again.
    norms: Vec<Norm>,
    vocabulary: Vocab,
    /// Line and column of every evidence quote, in clause order, each clause's quotes from
    /// `quotes.0[clause]`: placed with the position's own warnings, on its thread, as every
    /// quote's report is placed (`None`: only a tree can place it).
    quotes: (Vec<usize>, Vec<Option<(usize, usize)>>),
}

impl Loaded {
    /// A position read on the fast path and compiled (to `norms`) against the shared
    /// vocabulary `vocabulary` (`implicit`: the one made of its own names), its fields to be
    /// placed from what the reader noted.
    fn fast(fast: FastFile, implicit: bool, norms: Vec<Norm>, vocabulary: Shared) -> Self {
        Loaded {
            position: fast.position,
            file: fast.file,
            text: fast.text,
            spans: Spans::Text(fast.syntax, fast.marks),
            index: OnceCell::new(),
            quotes: (Vec::new(), Vec::new()),
            implicit,
            norms,
            vocabulary: Vocab::Shared(vocabulary),
        }
    }

    /// Line and column of each field of `at`, as the full path's tree locates it: from the
    /// tree when the file has one; else from what the small reader noted
    /// ([`super::locate::Marks`]), a scan of a clause's text from its header
    /// ([`in_clauses`]), or a scan of the whole text ([`Locator`]), in that order. `None`
    /// for a field that only a tree can place; nothing here builds one.
    fn places(&self, at: &[&At]) -> Vec<Option<(usize, usize)>> {
        let (syntax, marks) = match &self.spans {
            Spans::Tree(root) => {
                let offsets: Vec<usize> = at.iter().map(|a| root.locate(&a.path()).start).collect();
                return self.lines_of(&offsets).into_iter().map(Some).collect();
            }
            Spans::Text(syntax, marks) => (*syntax, marks),
        };
        let noted = marks.clauses.len() == self.position.clauses.len();
        // The fields the notes answer found at offsets, their lines and columns counted in
        // one sweep that brings each clause's text into cache before its fields are looked up.
        let mut placed: Vec<Option<(usize, usize)>> = match noted {
            true => self.swept(at, marks),
            false => vec![None; at.len()],
        };
        let rest: Vec<usize> = (0..at.len()).filter(|&k| placed[k].is_none()).collect();
        if rest.is_empty() {
            return placed;
        }
        let rest_at: Vec<&At> = rest.iter().map(|&k| at[k]).collect();
        let mut offsets = match noted {
            true => in_clauses(&self.text, syntax, &marks.clauses, &rest_at),
            false => vec![None; rest.len()],
        };
        // The rest by one scan of the whole text.
        let unread: Vec<usize> = (0..rest.len()).filter(|&j| offsets[j].is_none()).collect();
        if !unread.is_empty() {
            let mut locator = Locator::with_capacity(unread.len());
            for &j in &unread {
                rest_at[j].ask(&mut locator);
            }
            if let Some(scanned) = locator.find(&self.text, syntax) {
                for (&j, offset) in unread.iter().zip(scanned) {
                    offsets[j] = offset;
                }
            }
        }
        let (ks, found): (Vec<usize>, Vec<usize>) =
            rest.iter().zip(offsets).filter_map(|(&k, o)| o.map(|o| (k, o))).unzip();
        for (k, at) in ks.into_iter().zip(self.lines_of(&found)) {
            placed[k] = Some(at);
        }
        placed
    }

    /// [`Loaded::places`] from the notes (which keep no lines): each field found at an offset
    /// from the notes, its line and column counted by one sweep of the text. The fields are taken clause
    /// by clause, in the order of the text, and the sweep reaches a clause's start before its
    /// fields are looked up there: the lookups then read what the sweep has just read, where
    /// looking them all up first waited on memory for each (2.5·10⁵ fields at 10⁵ clauses,
    /// most of the time placing took). The lines and columns are the sweep's, whatever the
    /// order: a field the notes put behind the sweep is counted by a sweep of its own.
    fn swept(&self, at: &[&At], marks: &Marks) -> Vec<Option<(usize, usize)>> {
        let mut placed = vec![None; at.len()];
        // (clause, field's place in `at`), by clause: the clauses are noted in text order.
        let mut order: Vec<(usize, usize)> = at
            .iter()
            .enumerate()
            .filter_map(|(k, a)| Some((a.clause()?, k)))
            .collect();
        order.sort_unstable();
        let mut sweep = Sweep::new(&self.text);
        let mut offsets: Vec<(usize, usize)> = Vec::new();
        let mut behind: Vec<(usize, usize)> = Vec::new();
        for group in order.chunk_by(|a, b| a.0 == b.0) {
            if let Some(&start) = marks.clauses.get(group[0].0) {
                let _ = sweep.at(start);
            }
            offsets.clear();
            offsets.extend(
                group
                    .iter()
                    .filter_map(|&(_, k)| Some((at[k].noted_offset(&self.text, marks)?, k))),
            );
            offsets.sort_unstable();
            for &(offset, k) in &offsets {
                match sweep.at(offset) {
                    Some(place) => placed[k] = Some(place),
                    None => behind.push((offset, k)),
                }
            }
        }
        if !behind.is_empty() {
            let lines = lines_and_columns(&self.text, &behind.iter().map(|&(o, _)| o).collect::<Vec<_>>());
            for (&(_, k), place) in behind.iter().zip(lines) {
                placed[k] = Some(place);
            }
        }
        placed
    }

    /// Line and column of `at` when it is an evidence quote placed beforehand.
    fn quote_place(&self, at: &At) -> Option<(usize, usize)> {
        let (ci, ei) = match at {
            At::Quote(ci, ei) => (ci, ei),
            At::Path(p) => match p.0.as_slice() {
                [Segment::Key(c), Segment::Index(ci), Segment::Key(e), Segment::Index(ei), Segment::Key(q)]
                    if c == "clauses" && e == "evidence" && q == "quote" =>
                {
                    (ci, ei)
                }
                _ => return None,
            },
            At::Clause(..) => return None,
        };
        if *ei >= self.position.clauses.get(*ci)?.evidence.len() {
            return None;
        }
        let (first, places) = &self.quotes;
        *places.get(first.get(*ci)? + ei)?
    }

    /// Line and column of each byte offset of the text.
    fn lines_of(&self, offsets: &[usize]) -> Vec<(usize, usize)> {
        match self.index.get() {
            // A file with no index of its lines yet (read on the fast path) is swept once.
            None => lines_and_columns(&self.text, offsets),
            Some(_) => {
                let lines = Lines::shared(&self.file, &self.text, &self.index);
                offsets.iter().map(|&o| lines.line_col(o)).collect()
            }
        }
    }
}

/// Places the `spots` of `lp` that it can place without a tree, handing each one's target and
/// line and column to `put`; returns the others.
fn place_with(lp: &Loaded, spots: Vec<Spot>, mut put: impl FnMut(Target, (usize, usize))) -> Vec<Spot> {
    let at: Vec<&At> = spots.iter().map(|s| &s.at).collect();
    let placed = lp.places(&at);
    drop(at);
    let mut left = Vec::new();
    for (s, p) in spots.into_iter().zip(placed) {
        match p {
            Some(p) => put(s.of, p),
            None => left.push(s),
        }
    }
    left
}

/// Gives what `of` points at its line and column.
fn put(diagnostics: &mut [Record], quotes: &mut [QuoteReport], of: Target, (line, column): (usize, usize)) {
    match of {
        Target::Diagnostic(d) => {
            let d = &mut diagnostics[d];
            (d.line, d.column) = (line, column);
        }
        Target::Quote(q) => {
            let q = &mut quotes[q];
            (q.line, q.column) = (line, column);
        }
    }
}

/// The offset of each field of `at` that is inside a clause (`clauses[i]…`), found by a scan of
/// that clause's text alone (from its header, `clauses[i]` starting at `starts[i]`, to the next
/// one; in JSON, from the `{` before the first key at `starts[i]`, [`Marks::clauses`]), which
/// stops once the clause's fields asked for are found; `None` for the rest, and for what such
/// a scan cannot answer. A pure function of one file's text, so files can be
/// placed in parallel.
pub(crate) fn in_clauses(text: &str, syntax: Format, starts: &[usize], at: &[&At]) -> Vec<Option<usize>> {
    let mut found = vec![None; at.len()];
    let mut by_clause: Vec<(usize, usize)> = (0..at.len())
        .filter_map(|k| at[k].clause().filter(|&i| i < starts.len()).map(|i| (i, k)))
        .collect();
    // Mostly in order already; stable, so a clause's fields keep the order they were asked in.
    by_clause.sort_by_key(|&(i, _)| i);
    let mut locator = Locator::new();
    let mut keys = Vec::new();
    for group in by_clause.chunk_by(|a, b| a.0 == b.0) {
        let i = group[0].0;
        let (from, to) = match syntax {
            Format::Toml => (starts[i], starts.get(i + 1).copied().unwrap_or(text.len())),
            // JSON notes hold each clause object's first key: the scan starts at its `{`.
            Format::Json => {
                let Some(from) = json_open(text, starts[i]) else {
                    continue;
                };
                let to = match starts.get(i + 1) {
                    Some(&next) => json_open(text, next).unwrap_or(next),
                    None => text.len(),
                };
                (from, to)
            }
        };
        let Some(slice) = text.get(from..to) else { continue };
        // Most fields asked are keys of the clause's own table, on the lines under its header
        // (or keys of its JSON object).
        for &(_, k) in group {
            if let At::Clause(_, field) = at[k] {
                found[k] = match syntax {
                    Format::Toml => table_key(text, from, to, field, &mut keys),
                    Format::Json => json_object_key(text, from, field),
                };
            }
        }
        if group.iter().all(|&(_, k)| found[k].is_some()) {
            continue;
        }
        locator.clear();
        for &(_, k) in group {
            match syntax {
                Format::Toml => at[k].ask_in_clause(&mut locator),
                Format::Json => at[k].ask_in_object(&mut locator),
            }
        }
        if let Some(offsets) = locator.find_again(slice, syntax) {
            for (&(_, k), offset) in group.iter().zip(offsets) {
                found[k] = offset.map(|o| o + from);
            }
        }
    }
    found
}

/// Diagnostics in the order the checks find them, as compact records ([`Record`]). Those at a
/// field of a loaded position get their line and column at the end, all of one file's
/// together: a file read on the fast path has no tree, and one scan of its text finds them all.
#[derive(Default)]
pub(crate) struct Found {
    pub diagnostics: Vec<Record>,
    spots: Vec<Spot>,
    /// The files of the diagnostics of loading.
    names: Names,
}

/// A field waiting for its line and column, and what takes them.
struct Spot {
    of: Target,
    position: usize,
    at: At,
}

/// A field as [`Marks`] are asked for it: key `.1` of clause `.0`'s own table, or key `.3` of
/// its table `.1` (the `.2`th of its list of them).
enum Noted<'a> {
    Key(usize, &'a str),
    Table(usize, &'a str, Option<usize>, &'a str),
}

/// The field a diagnostic or quote points at.
pub(crate) enum At {
    Path(FieldPath),
    /// `clauses[i].field`, where most diagnostics point: no path is built for it.
    Clause(usize, &'static str),
    /// `clauses[i].evidence[j].quote`: every quote is placed.
    Quote(usize, usize),
}

impl From<FieldPath> for At {
    fn from(path: FieldPath) -> Self {
        At::Path(path)
    }
}

impl At {
    fn ask<'a>(&'a self, locator: &mut Locator<'a>) {
        match self {
            At::Path(p) => locator.ask(p.0.iter().map(Step::of)),
            At::Clause(i, field) => locator.ask([Step::Key("clauses"), Step::Index(*i), Step::Key(field)]),
            At::Quote(i, j) => locator.ask([
                Step::Key("clauses"),
                Step::Index(*i),
                Step::Key("evidence"),
                Step::Index(*j),
                Step::Key("quote"),
            ]),
        }
    }

    /// The clause it is in, for a field of `clauses[i]` (below the clause itself: the table a
    /// header makes has no place a scan can give).
    fn clause(&self) -> Option<usize> {
        match self {
            At::Clause(i, _) | At::Quote(i, _) => Some(*i),
            At::Path(p) => match p.0.as_slice() {
                [Segment::Key(k), Segment::Index(i), _, ..] if k == "clauses" => Some(*i),
                _ => None,
            },
        }
    }

    /// Asks for this field of a clause as the field of the first clause of a text that starts
    /// at the clause's header (see [`in_clauses`]).
    fn ask_in_clause<'a>(&'a self, locator: &mut Locator<'a>) {
        let head = [Step::Key("clauses"), Step::Index(0)];
        match self {
            At::Path(p) => locator.ask(head.into_iter().chain(p.0[2..].iter().map(Step::of))),
            At::Clause(_, field) => locator.ask(head.into_iter().chain([Step::Key(field)])),
            At::Quote(_, j) => {
                locator.ask(
                    head.into_iter()
                        .chain([Step::Key("evidence"), Step::Index(*j), Step::Key("quote")]),
                )
            }
        }
    }

    /// Asks for this field of a clause as a field of a JSON text that is the clause's object
    /// (see [`in_clauses`]).
    fn ask_in_object<'a>(&'a self, locator: &mut Locator<'a>) {
        match self {
            At::Path(p) => locator.ask(p.0[2..].iter().map(Step::of)),
            At::Clause(_, field) => locator.ask([Step::Key(field)]),
            At::Quote(_, j) => locator.ask([Step::Key("evidence"), Step::Index(*j), Step::Key("quote")]),
        }
    }

    /// Where the value of this field starts, from what the reader noted of the clauses
    /// ([`Marks`]), when the notes answer it: a key of a clause's own table, or of a table one
    /// of its headers makes.
    pub(crate) fn noted_offset(&self, text: &str, marks: &Marks) -> Option<usize> {
        match self.noted_as()? {
            Noted::Key(i, field) => marks.key_offset(text, i, field),
            Noted::Table(i, name, j, field) => marks.table_key_offset(text, i, name, j, field),
        }
    }

    /// What the notes are asked for this field, when they can answer it.
    fn noted_as(&self) -> Option<Noted<'_>> {
        fn key(s: &Segment) -> Option<&str> {
            match s {
                Segment::Key(k) => Some(k),
                Segment::Index(_) => None,
            }
        }
        match self {
            At::Clause(i, field) => Some(Noted::Key(*i, field)),
            At::Quote(i, j) => Some(Noted::Table(*i, "evidence", Some(*j), "quote")),
            At::Path(p) => match p.0.as_slice() {
                [Segment::Key(c), Segment::Index(i), rest @ ..] if c == "clauses" => match rest {
                    [f] => Some(Noted::Key(*i, key(f)?)),
                    [n, f] => Some(Noted::Table(*i, key(n)?, None, key(f)?)),
                    [n, Segment::Index(j), f] => Some(Noted::Table(*i, key(n)?, Some(*j), key(f)?)),
                    _ => None,
                },
                _ => None,
            },
        }
    }

    pub(crate) fn path(&self) -> FieldPath {
        match self {
            At::Path(p) => p.clone(),
            At::Clause(i, field) => FieldPath::root().key("clauses").index(*i).key(field),
            At::Quote(i, j) => FieldPath::root()
                .key("clauses")
                .index(*i)
                .key("evidence")
                .index(*j)
                .key("quote"),
        }
    }

    /// The path as [`FieldPath`] shows it.
    fn text(&self) -> String {
        match self {
            At::Path(p) => p.to_string(),
            At::Clause(i, field) => {
                // `clauses[`, the index, `].`, the field: the exact length, one allocation.
                let mut s = String::with_capacity(10 + decimal_len(*i) + field.len());
                s.push_str("clauses[");
                push_number(&mut s, *i);
                s.push_str("].");
                s.push_str(field);
                s
            }
            At::Quote(..) => self.path().to_string(),
        }
    }
}

/// A position's norms and validation warnings, or `None` when it does not compile.
type Compiled = Option<(Vec<Norm>, Vec<Invalid>)>;

#[derive(Clone, Copy)]
enum Target {
    Diagnostic(usize),
    Quote(usize),
}

impl Found {
    /// Room for exactly `n` more diagnostics at fields (`reserve` would double lists that are
    /// already full).
    fn reserve(&mut self, n: usize) {
        self.diagnostics.reserve_exact(n);
        self.spots.reserve_exact(n);
    }

    /// A diagnostic at field `at` of loaded position `pi` (`_lp`, which the record names by
    /// `pi`).
    pub fn at(
        &mut self,
        pi: usize,
        _lp: &Loaded,
        severity: Severity,
        kind: DiagnosticKind,
        at: impl Into<At>,
        message: String,
    ) {
        let at = at.into();
        let field = match at {
            At::Clause(i, field) => Field::Clause(i, field),
            _ => {
                let text = at.text();
                if text.is_empty() {
                    Field::None
                } else {
                    Field::Path(text)
                }
            }
        };
        self.push(pi, severity, kind, at, What::Text(Box::new(Text { field, message })));
    }

    /// A warning of `warning` about clause `ci` of loaded position `pi` (`lp`), made into text
    /// only when it is written.
    fn clause(&mut self, pi: usize, lp: &Loaded, ci: usize, warning: ClauseWarning) {
        let at = At::Clause(ci, warning.field());
        match (u32::try_from(pi), u32::try_from(ci)) {
            (Ok(position), Ok(clause)) => {
                let what = What::Clause {
                    position,
                    clause,
                    warning,
                };
                self.push(pi, Severity::Warning, DiagnosticKind::Semantics, at, what);
            }
            _ => {
                let message = warning.message(&lp.position.clauses[ci].id);
                self.at(pi, lp, Severity::Warning, DiagnosticKind::Semantics, at, message);
            }
        }
    }

    /// A record of `what`, at field `at` of loaded position `pi`, to be placed.
    fn push(&mut self, pi: usize, severity: Severity, kind: DiagnosticKind, at: At, what: What) {
        self.spots.push(Spot {
            of: Target::Diagnostic(self.diagnostics.len()),
            position: pi,
            at,
        });
        self.diagnostics.push(Record {
            line: 0,
            column: 0,
            what,
            file: FileRef::Position(pi as u32),
            severity,
            kind,
        });
    }

    /// Numbers every record and field of one position's own warnings, found under another
    /// number ([`Early`]), as loaded position `pi`.
    fn renumber(&mut self, pi: usize) {
        for r in &mut self.diagnostics {
            if let FileRef::Position(p) = &mut r.file {
                *p = pi as u32;
            }
            if let What::Clause { position, .. } = &mut r.what {
                *position = pi as u32;
            }
        }
        for s in &mut self.spots {
            s.position = pi;
        }
    }

    /// Takes what `other` found (quotes' records among them), its quotes' places numbered
    /// after the `quotes` already reported.
    fn absorb(&mut self, other: Found, quotes: usize) {
        let diagnostics = self.diagnostics.len();
        self.spots.extend(other.spots.into_iter().map(|mut s| {
            s.of = match s.of {
                Target::Diagnostic(d) => Target::Diagnostic(d + diagnostics),
                Target::Quote(q) => Target::Quote(q + quotes),
            };
            s
        }));
        self.diagnostics.extend(other.diagnostics);
    }

    /// Diagnostics of loading, placed already.
    fn load(&mut self, diagnostics: Vec<Diagnostic>) {
        self.diagnostics.extend(diagnostics.into_iter().map(|d| Record {
            line: d.line,
            column: d.column,
            file: self.names.of(d.file),
            severity: d.severity,
            kind: d.kind,
            what: What::Text(Box::new(Text {
                field: d.field.map_or(Field::None, Field::Path),
                message: d.message,
            })),
        }));
    }
}

fn count_quotes(p: &Position, source: &str) -> usize {
    p.clauses
        .iter()
        .flat_map(|c| &c.evidence)
        .filter(|e| e.source == source)
        .count()
}

/// Checks `party/clause-id` conditions whose party has a position in the set; `own` holds the
/// parties each position's conditions name ([`Own::parties`]).
fn cross_conditions(loaded: &[Loaded], own: &[Own], out: &mut Found) {
    // Most sets have no such condition: then no clause id is indexed, nor any clause read.
    let parties: std::collections::HashSet<&str> = loaded.iter().map(|lp| lp.position.party.as_str()).collect();
    let any = own
        .iter()
        .any(|own| own.parties.iter().any(|p| parties.contains(p.as_str())));
    if !any {
        return;
    }
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
    for (pi, lp) in loaded.iter().enumerate() {
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
                out.at(pi, lp, Severity::Error, problem.kind(), at, problem.to_string());
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

/// A position's own warnings (clauses off the record, internal contradictions, amounts
/// without a unit), as loaded position `pi`, against its shared vocabulary (`vocabulary`,
/// compiled or not) or else its own; each placed, and put in line order, on the thread that
/// finds them, so that what is left for the caller is a merge of sorted runs. Every quote's
/// field is placed too, in the same pass over the file (one scan of a file the notes do not
/// cover), for the reports made after this.
fn own_warnings(pi: usize, lp: &mut Loaded, vocabulary: Option<(&Vocabulary, Option<&Analyzer<'_>>)>) -> Found {
    let mut found = Found::default();
    let norms = std::mem::take(&mut lp.norms);
    let own;
    let vocabulary = match (vocabulary, &lp.vocabulary) {
        (Some(shared), _) => Some(shared),
        (None, Vocab::Own(v)) => {
            own = Analyzer::new(v).ok();
            Some((v, own.as_ref()))
        }
        // A shared vocabulary that cannot be had: only what needs none is said.
        (None, Vocab::Shared(_)) => None,
    };
    // Found first, so that the lists have room for them with the basis warnings: each clause
    // that breaks a contradiction is one more record past those, and lists full to the last
    // basis warning would double for them (at 10⁵ clauses, tens of megabytes touched).
    let contradictions = match vocabulary {
        Some((_, Some(analyzer))) => Some(super::lint::contradictions(analyzer, &lp.position, norms)),
        _ => None,
    };
    basis_warnings(pi, lp, contradictions.as_ref().map_or(0, Vec::len), &mut found);
    if let Some((vocabulary, _)) = vocabulary {
        super::lint::position(pi, lp, vocabulary, contradictions, &mut found);
    }
    let mut first = Vec::with_capacity(lp.position.clauses.len());
    let mut quote_at = Vec::new();
    for (ci, c) in lp.position.clauses.iter().enumerate() {
        first.push(quote_at.len());
        quote_at.extend((0..c.evidence.len()).map(|ei| At::Quote(ci, ei)));
    }
    let spots = std::mem::take(&mut found.spots);
    let at: Vec<&At> = spots.iter().map(|s| &s.at).chain(&quote_at).collect();
    let mut placed = lp.places(&at);
    drop(at);
    lp.quotes = (first, placed.split_off(spots.len()));
    let mut left = Vec::new();
    for (s, p) in spots.into_iter().zip(placed) {
        match p {
            Some(p) => put(&mut found.diagnostics, &mut [], s.of, p),
            None => left.push(s),
        }
    }
    if left.is_empty() {
        found.diagnostics.sort_by_key(|d| (d.line, d.column));
    }
    found.spots = left;
    found
}

/// Warns on clauses that nothing puts on the record: no evidence and no `basis` (read as
/// inferred), and red lines that are inferred; with room for `more` records after them.
fn basis_warnings(pi: usize, lp: &Loaded, more: usize, out: &mut Found) {
    let unbased = |clause: &Clause| clause.basis().is_none();
    let inferred_red_line = |clause: &Clause| clause.strength == Strength::RedLine && !clause.is_on_record();
    // Room for all of them at once: 10⁵ clauses without a basis are 10⁵ of these, and growing
    // the lists by doubling copies them again and again.
    let n = lp
        .position
        .clauses
        .iter()
        .map(|c| usize::from(unbased(c)) + usize::from(inferred_red_line(c)))
        .sum::<usize>();
    out.reserve(n + more);
    for (ci, clause) in lp.position.clauses.iter().enumerate() {
        if unbased(clause) {
            out.clause(pi, lp, ci, ClauseWarning::Unbased);
        }
        if inferred_red_line(clause) {
            out.clause(pi, lp, ci, ClauseWarning::InferredRedLine);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_fields_read_as_their_paths() {
        for (i, field) in [(0, "id"), (7, "strength"), (10, "modality"), (123_456, "amount")] {
            let at = At::Clause(i, field);
            assert_eq!(at.text(), at.path().to_string());
        }
        let at = At::Quote(12, 3);
        assert_eq!(at.text(), "clauses[12].evidence[3].quote");
        assert_eq!(at.clause(), Some(12));
    }

    /// A set of files that `check` has something to say about in every way: warnings of
    /// validation (places outside an action's domain), records, red lines, contradictions,
    /// amounts without a unit, near-miss names, conditions on another party's clauses, quotes
    /// found and not found, a missing source; in TOML and JSON, with and without a vocabulary.
    fn troubled_set(dir: &Path) -> Vec<PathBuf> {
        let vocab = "format = \"negdiff/1\"\nkind = \"vocabulary\"\nname = \"v\"\n\n\
            [[parties]]\nid = \"a\"\nname = \"A\"\n\n[[parties]]\nid = \"b\"\nname = \"B\"\n\n\
            [[entities]]\nid = \"X\"\nname = \"X\"\n\n[[entities]]\nid = \"Y\"\nname = \"Y\"\n\n\
            [[actions]]\nid = \"go\"\napplies-to = [\"X\"]\n\n[[actions]]\nid = \"pay\"\n\n\
            [[actions]]\nid = \"ship\"\nunit = \"t\"\n\n\
            [[issues]]\nid = \"i\"\ntitle = \"I\"\nactions = [\"go\", \"pay\", \"ship\"]\n";
        std::fs::write(dir.join("v.toml"), vocab).unwrap();
        std::fs::write(dir.join("minutes.txt"), "The parties met on Monday and agreed to go.").unwrap();
        let head = |party: &str, vocabulary: bool| {
            format!(
                "format = \"negdiff/1\"\nkind = \"position\"\nparty = \"{party}\"\nlabel = \"L é\"\n{}\n\
                 [[sources]]\nid = \"m\"\ntitle = \"Minutes\"\npath = \"minutes.txt\"\n\n\
                 [[sources]]\nid = \"gone\"\ntitle = \"Lost\"\npath = \"lost.txt\"\n\n",
                if vocabulary { "vocabulary = \"v.toml\"" } else { "" }
            )
        };
        let clause = |id: &str, bearer: &str, modality: &str, action: &str, rest: &str| {
            format!(
                "[[clauses]]\nid = \"{id}\"\nbearer = {bearer}\nmodality = \"{modality}\"\naction = \"{action}\"\n{rest}text = \"t\"\n\n"
            )
        };
        let mut a = head("a", true);
        a += &clause("c0", "\"a\"", "must", "go", "where = [\"X\", \"Y\"]\n");
        a += &clause(
            "c1",
            "[\"a\"]",
            "must-not",
            "go",
            "strength = \"red-line\"\nconditions = [\"b/nope\", \"b/d0\"]\n",
        );
        a += &clause(
            "c2",
            "\"a\"",
            "must",
            "pay",
            "amount = { min = 3 }\nwhen = { from = 2022-01-01 }\n",
        );
        a += &clause(
            "c3",
            "\"a\"",
            "must",
            "ship",
            "amount = { max = 5 }\nbasis = \"inferred\"\nrationale = \"r\"\n",
        );
        a += "[[clauses]]\nid = \"c4\"\nbearer = \"b\"\nmodality = \"may\"\naction = \"pay\"\ntext = \"t\"\n\n\
              [[clauses.evidence]]\nsource = \"m\"\nquote = \"agreed to go\"\n\n\
              [[clauses.evidence]]\nsource = \"m\"\nquote = \"agreed to stay\"\n\n\
              [[clauses.evidence]]\nsource = \"gone\"\nquote = \"anything\"\n\n";
        a += &clause("c5", "\"a\"", "must-not", "pay", "");
        std::fs::write(dir.join("a.toml"), &a).unwrap();
        let mut b = head("b", true);
        b += &clause("d0", "\"b\"", "must", "go", "strength = \"red-line\"\n");
        b += &clause("d1", "\"b\"", "must-not", "go", "where = [\"X\"]\n");
        let b: toml::Table = toml::from_str(&b).unwrap();
        std::fs::write(dir.join("b.json"), serde_json::to_string_pretty(&b).unwrap()).unwrap();
        let mut i1 = head("p", false);
        i1 += &clause("e0", "\"p\"", "must", "deploy-forces", "where = [\"ukraine\"]\n");
        i1 += &clause("e1", "\"p\"", "must-not", "deploy-forces", "");
        std::fs::write(dir.join("i1.toml"), &i1).unwrap();
        let mut i2 = head("q", false);
        i2 += &clause("f0", "\"q\"", "must", "deploy-forcse", "where = [\"ukrain\"]\n");
        let i2: toml::Table = toml::from_str(&i2).unwrap();
        std::fs::write(dir.join("i2.json"), serde_json::to_string(&i2).unwrap()).unwrap();
        // Files with errors: one the fast path reads but that does not validate (an unknown
        // action), one whose vocabulary is missing, one of the wrong shape.
        let mut e1 = head("a", true);
        e1 += &clause("g0", "\"a\"", "must", "fly", "");
        std::fs::write(dir.join("e1.toml"), &e1).unwrap();
        std::fs::write(dir.join("e2.toml"), head("a", true).replace("v.toml", "missing.toml")).unwrap();
        std::fs::write(dir.join("e3.toml"), head("a", true) + "colour = 1\n").unwrap();
        [
            "v.toml", "a.toml", "b.json", "i1.toml", "e1.toml", "i2.json", "e2.toml", "a.toml", "e3.toml",
        ]
        .iter()
        .map(|f| dir.join(f))
        .collect()
    }

    /// A fresh directory for test `name`, and the [`troubled_set`] written in it.
    fn troubled(name: &str) -> (PathBuf, Vec<PathBuf>) {
        let dir = std::env::temp_dir().join(format!("negdiff-check-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let files = troubled_set(&dir);
        (dir, files)
    }

    /// Reading sound positions on the fast path and locating only what is shown gives, byte
    /// for byte, what reading every file through the full path gave.
    #[test]
    fn the_fast_path_checks_as_the_full_path_did() {
        let (dir, troubled) = troubled("fast");
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
        let mut sets = vec![troubled];
        let mut examples: Vec<PathBuf> = std::fs::read_dir(&data)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        examples.sort();
        sets.push(examples);
        // The troubled set again, its files behind one or two byte-order marks, which the
        // fast path's text starts after (lines and columns count from there).
        let marked = dir.join("bom");
        std::fs::create_dir_all(&marked).unwrap();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                let bytes = std::fs::read(&path).unwrap();
                let name = path.file_name().unwrap();
                let boms = if name.to_string_lossy().starts_with('a') { 2 } else { 1 };
                let text = [b"\xEF\xBB\xBF".repeat(boms), bytes].concat();
                std::fs::write(marked.join(name), text).unwrap();
            }
        }
        sets.push(sets[0].iter().map(|f| marked.join(f.file_name().unwrap())).collect());
        for files in &sets {
            let fast = Checker::new().run(files);
            let full = Checker {
                full_only: true,
                ..Checker::default()
            }
            .run(files);
            assert_eq!(fast, full);
            assert_eq!(fast.to_string(), full.to_string());
            assert!(!fast.diagnostics.is_empty(), "{fast}");
            // The positions were read on the fast path, so the comparison means something.
            let read = files
                .iter()
                .filter(|f| matches!(Loader::new().read_for_check(f, true), Ok(ForCheck::Fast(_))))
                .count();
            assert!(read >= 3, "{read} on the fast path");
        }
        let troubled = Checker::new().run(&sets[0]).to_string();
        for expected in [
            "outside",
            "has no evidence and no `basis`",
            "red line `d0` is inferred",
            "internal contradiction",
            "which has no unit",
            "did you mean `deploy-forces`",
            "unknown clause `b/nope`",
            "quote not found",
            "lost.txt",
            "unknown action `fly`",
            "missing.toml",
            "colour",
        ] {
            assert!(troubled.contains(expected), "{expected}: {troubled}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A position given after its vocabulary is compiled and checked on the thread that
    /// read it; one that names no vocabulary, or one that does not compile, is left for the
    /// steps after every file is read.
    #[test]
    fn a_position_after_its_vocabulary_is_checked_as_it_is_read() {
        // v.toml, a.toml, b.json, i1.toml (no vocabulary), e1.toml (does not compile), …
        reading_early("early", |files, given, early| {
            assert!(given.vocabulary(0).is_some() && given.analyzer(0).is_some());
            for k in [1, 2] {
                let Read::Checked(checked) = early(k) else {
                    panic!("{} was not checked as it was read", files[k].display())
                };
                // Its own warnings and its quotes are there, numbered as its file until it is
                // known which position it is.
                let own = &checked.own;
                assert!(!own.warnings.diagnostics.is_empty());
                assert_eq!(own.quotes.len(), if k == 1 { 3 } else { 0 });
                assert!(own
                    .warnings
                    .diagnostics
                    .iter()
                    .chain(&own.quoted.diagnostics)
                    .all(|r| matches!(r.file, FileRef::Position(p) if p as usize == k)));
                // a.toml names b's clauses in its conditions.
                assert_eq!(own.parties, if k == 1 { vec!["b".to_string()] } else { Vec::new() });
                assert!(checked.loaded.norms.is_empty(), "the norms went to the lint");
            }
            for k in [3, 4] {
                assert!(
                    matches!(early(k), Read::File(Ok(ForCheck::Fast(_)))),
                    "{}",
                    files[k].display()
                );
            }
            // The vocabulary read again, after its thread published it: handed on as read.
            assert!(matches!(early(0), Read::File(Ok(ForCheck::Vocabulary(_)))));
        });
    }

    /// The [`troubled_set`] written for test `name`, read file by file as the loader's threads
    /// hand each one to [`Checker::early`]: its vocabulary (file 0) read and published first,
    /// then `test` given the files, what was published, and `early` for the rest.
    fn reading_early(name: &str, test: impl FnOnce(&[PathBuf], &Given<'_>, &dyn Fn(usize) -> Read)) {
        let (dir, files) = troubled(name);
        let checker = Checker::new();
        let published = Files::new(&files);
        let given = Given::new(&published);
        let early = |k: usize| checker.early(k, &files[k], checker.loader.read_for_check(&files[k], true), &given);
        assert!(matches!(early(0), Read::Published));
        test(&files, &given, &early);
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A position's own warnings are recorded in lists sized once, for the basis warnings and
    /// the contradictions together: lists full to the last basis warning doubled for the
    /// contradictions after them, tens of megabytes at 10⁵ clauses.
    #[test]
    fn own_warnings_fill_lists_sized_once() {
        reading_early("room", |files, _, early| {
            // b.json: two clauses without a basis, an inferred red line, and a contradiction.
            let Read::Checked(checked) = early(2) else {
                panic!("{} was not checked as it was read", files[2].display())
            };
            let records = &checked.own.warnings.diagnostics;
            assert_eq!(records.len(), 4);
            assert_eq!(records.capacity(), records.len());
        });
    }

    /// Checking positions as they are read finds, byte for byte, what the full path finds,
    /// whatever the order of the files (the vocabulary first, last, between the positions,
    /// twice), on any number of threads; a position that names another position's file as
    /// its vocabulary too.

    #[test]
    fn checking_as_files_are_read_finds_what_the_full_path_finds() {
        let (dir, set) = troubled("orders");
        let strange = dir.join("h.toml");
        std::fs::write(
            &strange,
            "format = \"negdiff/1\"\nkind = \"position\"\nparty = \"a\"\nlabel = \"L\"\nvocabulary = \"a.toml\"\n\n\
             [[clauses]]\nid = \"h0\"\nbearer = \"a\"\nmodality = \"must\"\naction = \"go\"\ntext = \"t\"\n",
        )
        .unwrap();
        let (v, a, b, i1) = (&set[0], &set[1], &set[2], &set[3]);
        let mut last = set[1..].to_vec();
        last.push(v.clone());
        let orders: Vec<Vec<PathBuf>> = vec![
            set.clone(),
            last,
            vec![a.clone(), b.clone(), v.clone(), i1.clone(), a.clone()],
            vec![v.clone(), a.clone(), v.clone(), b.clone(), a.clone()],
            vec![v.clone(), a.clone(), strange.clone(), b.clone()],
            vec![a.clone(), strange.clone(), v.clone()],
        ];
        for files in &orders {
            for threads in [1, 2, 3] {
                let mut loader = Loader::new();
                loader.threads(threads);
                let fast = Checker::new().loader(loader.clone()).run(files);
                let mut full = Checker {
                    full_only: true,
                    ..Checker::default()
                };
                let full = full.loader(loader).run(files);
                assert_eq!(fast, full, "{files:?} on {threads} threads");
                assert_eq!(fast.to_string(), full.to_string());
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
