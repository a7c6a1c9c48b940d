//! Reading files: size and encoding, syntax, header, shape, then the model's rules.

use std::cell::OnceCell;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use serde::de::DeserializeOwned;

use crate::analysis::{Analyzer, CompareOptions, Comparison, Norm};
use crate::error::{DiagnosticKind, Error};
use crate::model::{FieldPath, Invalid, Position, Segment, Vocabulary};
use crate::suggest::closest;

use super::diagnostic::{Diagnostic, LineIndex, Lines, LoadError, Severity};
use super::files::{read_regular, read_regular_into, Allowed, ReadFail};
use super::locate::Marks;
use super::schema::{check_table, SetAside, Shape, POSITION, VOCABULARY};
use super::tree::{parse_json, parse_toml, Node, Value};
use super::{Document, Format, FORMAT, FORMATS_READ};

/// The default size limit: 16 MiB.
pub const DEFAULT_MAX_BYTES: u64 = 16 * 1024 * 1024;

/// Options for reading negdiff/1 files: the size limit and the syntax.
///
/// ```
/// use negdiff::format::{Format, Loader};
/// let mut loader = Loader::new();
/// loader.max_bytes(1024).format(Format::Json);
/// let e = loader.vocabulary_from_str("{}", "v.json").unwrap_err();
/// assert_eq!(e.to_string(), "v.json:1:1: error: missing `format`; this build reads `negdiff/1`");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loader {
    max_bytes: u64,
    format: Option<Format>,
    allowed: Allowed,
    threads: usize,
}

/// The default number of threads that load the files of a set (see [`Loader::threads`]).
pub const DEFAULT_THREADS: usize = 2;

impl Default for Loader {
    fn default() -> Self {
        Loader {
            max_bytes: DEFAULT_MAX_BYTES,
            format: None,
            allowed: Allowed::default(),
            threads: DEFAULT_THREADS,
        }
    }
}

/// Which kind of document a caller wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    Vocabulary,
    Position,
    Any,
}

/// A parsed file whose shape is right: its text and spanned tree.
pub(crate) struct Parsed {
    pub file: String,
    pub text: String,
    pub root: Node,
    /// Shape problems already found; the file fails with them, but validation still runs on
    /// the rest so that every problem is reported at once.
    pub pending: Vec<Diagnostic>,
    /// Values left out of validation because they are malformed.
    pub set_aside: Vec<SetAside>,
    /// Line starts of `text`, built on first use and shared by every diagnostic.
    pub index: OnceCell<LineIndex>,
}

impl Parsed {
    pub fn lines(&self) -> Lines<'_> {
        Lines::shared(&self.file, &self.text, &self.index)
    }

    /// Model warnings, each at the line and column of its field.
    pub fn warnings(&self, warnings: Vec<Invalid>) -> Vec<Diagnostic> {
        let lines = self.lines();
        warnings
            .into_iter()
            .map(|w| {
                lines.at(
                    Severity::Warning,
                    w.kind(),
                    &self.root.locate(&w.at),
                    Some(w.at.to_string()),
                    w.problem.to_string(),
                )
            })
            .collect()
    }

    /// Every problem of a model error, each at the line and column of its field.
    pub fn invalid(&self, e: Error) -> Vec<Diagnostic> {
        let lines = self.lines();
        match e {
            Error::Invalid { problems, .. } => problems
                .into_iter()
                .map(|p| {
                    lines.error(
                        p.kind(),
                        &self.root.locate(&p.at),
                        Some(p.at.to_string()),
                        p.problem.to_string(),
                    )
                })
                .collect(),
            Error::Load(e) => e.into_diagnostics(),
            // Validation reports only `Invalid`; anything else is still shown, at the file.
            other => {
                let kind = other.kinds().first().copied().unwrap_or(DiagnosticKind::Semantics);
                vec![lines.error(kind, &(0..0), None, other.to_string())]
            }
        }
    }
}

/// Where a position's vocabulary comes from.
#[derive(Clone, Copy)]
pub(crate) enum VocabFrom<'a> {
    Given(&'a Vocabulary),
    /// A vocabulary already checked and compiled, shared by every position of a set.
    Compiled(&'a Analyzer<'a>),
    /// The file's `vocabulary` field, relative to this directory; implicit when absent.
    Field(Option<&'a Path>),
}

/// A position with its parsed file.
pub(crate) struct LoadedPosition {
    pub position: Position,
    pub parsed: Parsed,
    /// What holds but looks wrong (places cut off by an action's domain), located.
    pub warnings: Vec<Diagnostic>,
    /// The vocabulary it was validated against.
    pub vocabulary: Vocabulary,
    /// Whether that is the implicit vocabulary (the file names none and none was given).
    pub implicit: bool,
    /// Its norms as validating compiled them against `vocabulary`, so that the checks after
    /// loading do not compile it again.
    pub norms: Vec<Norm>,
}

/// Positions loaded together, the vocabulary they share, and the warnings found in them.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct LoadedSet {
    /// The shared vocabulary.
    pub vocabulary: Vocabulary,
    /// The positions, in the order given.
    pub positions: Vec<Position>,
    /// Warnings, by file, line and column: the positions load, but something looks wrong
    /// (a clause names places where its action cannot happen, and they are dropped).
    pub warnings: Vec<Diagnostic>,
}

fn whole_file(file: &str, kind: DiagnosticKind, message: String) -> LoadError {
    LoadError::new(vec![Lines::new(file, "").error(kind, &(0..0), None, message)])
}

impl Loader {
    /// Default options: 16 MiB limit, syntax chosen by file extension.
    #[must_use]
    pub fn new() -> Self {
        Loader::default()
    }

    /// Sets the largest file size accepted, in bytes.
    pub fn max_bytes(&mut self, bytes: u64) -> &mut Self {
        self.max_bytes = bytes;
        self
    }

    /// Reads every file in this syntax, whatever its extension.
    pub fn format(&mut self, format: Format) -> &mut Self {
        self.format = Some(format);
        self
    }

    /// Also lets files name files inside `dir` (and its subfolders), as the command line's
    /// `--allow-path DIR` does.
    ///
    /// By default a position's `vocabulary` and its sources' `path`s must stay inside the
    /// position's own folder tree (by name and through symbolic links): a file from elsewhere
    /// names paths the user did not choose, and a quote check would show their contents.
    ///
    /// ```
    /// use negdiff::format::Loader;
    /// let dir = std::env::temp_dir().join("negdiff-allow-doc");
    /// std::fs::create_dir_all(&dir).unwrap();
    /// let p = dir.join("p.toml");
    /// std::fs::write(&p, "format = \"negdiff/1\"\nkind = \"position\"\nparty = \"a\"\nlabel = \"L\"\nvocabulary = \"../v.toml\"\n").unwrap();
    /// let e = Loader::new().position(&p).unwrap_err();
    /// assert!(e.to_string().contains("path `../v.toml` leads outside the folder of this file"), "{e}");
    /// let e = Loader::new().allow_path(std::env::temp_dir()).position(&p).unwrap_err();
    /// assert!(!e.to_string().contains("leads outside"), "{e}");
    /// ```
    pub fn allow_path(&mut self, dir: impl AsRef<Path>) -> &mut Self {
        self.allowed.push(dir.as_ref());
        self
    }

    /// Loads the files of a set on at most `n` threads (default [`DEFAULT_THREADS`]; `1` or
    /// `0`: every file on the calling thread, one after the other).
    ///
    /// [`Loader::load_set`], [`Loader::set`], [`Loader::load_and_compare`],
    /// [`Loader::load_and_evolve`] and [`check_files`](super::check_files) read and parse the
    /// files of a set (those without problems, which most are; a file with one is parsed into
    /// a tree, one at a time) on up to this many threads, never more than the machine runs at
    /// once ([`std::thread::available_parallelism`]) nor than there are files; should a thread
    /// not start, the calling thread does its share. The result never depends on the number or
    /// on scheduling: models, warnings and errors (every file's, as on one thread) come out in
    /// the order of the files, byte for byte the same. Each thread holds the text of the file
    /// it is reading, so each thread beyond the first can add one file's size to the peak
    /// memory.
    ///
    /// ```
    /// use negdiff::format::Loader;
    /// let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    /// let files = [data.join("russia-2021-12-17-draft.toml"), data.join("nato-2022-01-26-reply.toml")];
    /// let one = Loader::new().threads(1).load_set(&files, None)?;
    /// let two = Loader::new().threads(2).load_set(&files, None)?;
    /// assert_eq!(one, two);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn threads(&mut self, n: usize) -> &mut Self {
        self.threads = n;
        self
    }

    /// The number of threads asked for with [`Loader::threads`] (`check` runs its per-file
    /// work on as many).
    pub(crate) fn threads_asked(&self) -> usize {
        self.threads
    }

    /// The largest file accepted, in bytes (see [`Loader::max_bytes`]).
    #[must_use]
    pub fn limit(&self) -> u64 {
        self.max_bytes
    }

    /// A path named in a file in folder `base`, or why it is refused.
    pub(crate) fn resolve(&self, base: Option<&Path>, rel: &str) -> Result<PathBuf, String> {
        self.allowed.resolve(base, rel)
    }

    fn syntax(&self, name: &str) -> Format {
        self.format.unwrap_or_else(|| Format::from_path(Path::new(name)))
    }

    /// Loads and validates a vocabulary file.
    ///
    /// # Errors
    /// Every problem in the file.
    pub fn vocabulary(&self, path: impl AsRef<Path>) -> Result<Vocabulary, LoadError> {
        let parsed = self.read(path.as_ref(), Want::Vocabulary)?;
        vocabulary_of(&parsed)
    }

    /// Loads a position file and validates it against the vocabulary its `vocabulary` field
    /// names (relative to the file), or against the implicit vocabulary when it names none.
    ///
    /// # Errors
    /// Every problem in the file, and in its vocabulary file.
    pub fn position(&self, path: impl AsRef<Path>) -> Result<Position, LoadError> {
        let path = path.as_ref();
        self.read_position(path, VocabFrom::Field(path.parent()))
    }

    /// Loads a position file and validates it against `vocabulary`, ignoring its `vocabulary`
    /// field.
    ///
    /// # Errors
    /// Every problem in the file.
    pub fn position_with(&self, path: impl AsRef<Path>, vocabulary: &Vocabulary) -> Result<Position, LoadError> {
        self.read_position(path.as_ref(), VocabFrom::Given(vocabulary))
    }

    /// Loads a file of either kind; a position is validated as by [`Loader::position`].
    ///
    /// # Errors
    /// Every problem in the file.
    pub fn document(&self, path: impl AsRef<Path>) -> Result<Document, LoadError> {
        let path = path.as_ref();
        let parsed = self.read(path, Want::Any)?;
        if is_vocabulary(&parsed.root) {
            vocabulary_of(&parsed).map(Document::Vocabulary)
        } else {
            self.position_of(parsed, VocabFrom::Field(path.parent()))
                .map(|l| Document::Position(l.position))
        }
    }

    /// Reads a vocabulary from text; `name` is shown in diagnostics and, unless a format is
    /// set, its extension picks the syntax.
    ///
    /// # Errors
    /// Every problem in the text.
    pub fn vocabulary_from_str(&self, text: &str, name: &str) -> Result<Vocabulary, LoadError> {
        let parsed = self.parse(text, name, Want::Vocabulary)?;
        vocabulary_of(&parsed)
    }

    /// Reads a position from text and validates it against `vocabulary`, or against the
    /// implicit vocabulary when `None` (the text's `vocabulary` field is not followed).
    ///
    /// # Errors
    /// Every problem in the text.
    pub fn position_from_str(
        &self,
        text: &str,
        name: &str,
        vocabulary: Option<&Vocabulary>,
    ) -> Result<Position, LoadError> {
        let from = vocabulary.map_or(VocabFrom::Field(None), VocabFrom::Given);
        if let Some(p) = self.fast_position(text, name, from) {
            return Ok(p);
        }
        let parsed = self.parse(text, name, Want::Position)?;
        self.position_of(parsed, from).map(|l| l.position)
    }

    /// Reads a document of either kind from bytes, as [`Loader::document`] does from a file,
    /// except that a position's `vocabulary` field is not followed.
    ///
    /// # Errors
    /// Every problem in the bytes (including bytes that are not UTF-8 or exceed the limit).
    pub fn document_from_slice(&self, bytes: &[u8], name: &str) -> Result<Document, LoadError> {
        let text = self.decode(bytes, name)?;
        let parsed = self.parse(text, name, Want::Any)?;
        if is_vocabulary(&parsed.root) {
            vocabulary_of(&parsed).map(Document::Vocabulary)
        } else {
            self.position_of(parsed, VocabFrom::Field(None))
                .map(|l| Document::Position(l.position))
        }
    }

    fn decode<'b>(&self, bytes: &'b [u8], name: &str) -> Result<&'b str, LoadError> {
        self.within_limit(bytes.len(), name)?;
        // A byte-order mark is not content, in either syntax.
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        std::str::from_utf8(bytes).map_err(|e| {
            let valid = &bytes[..e.valid_up_to()];
            let text = std::str::from_utf8(valid).unwrap_or("");
            let lines = Lines::new(name, text);
            LoadError::new(vec![lines.error(
                DiagnosticKind::Syntax,
                &(text.len()..text.len()),
                None,
                format!("file is not valid UTF-8 (bad byte at offset {})", e.valid_up_to()),
            )])
        })
    }

    /// The file at `path`, its name as shown, and its text, byte-order mark included: checked
    /// to be UTF-8 once, as the `String` `check` keeps. ([`Loader::decode`] of the bytes read,
    /// then `String::from_utf8` of the same bytes, read every byte twice: 3 ms at 10⁵ clauses.)
    fn read_text(&self, path: &Path) -> Result<(String, String), LoadError> {
        let (name, bytes) = self.read_bytes(path)?;
        let whole = match String::from_utf8(bytes) {
            Ok(whole) => whole,
            Err(e) => {
                // `decode` says where: on bytes that are not UTF-8 it always finds a problem.
                let found = self.decode(e.as_bytes(), &name).err();
                return Err(found.unwrap_or_else(|| {
                    whole_file(&name, DiagnosticKind::Syntax, "file is not valid UTF-8".to_string())
                }));
            }
        };
        self.within_limit(whole.len(), &name)?;
        Ok((name, whole))
    }

    /// A file of `len` bytes is no larger than `--max-bytes`.
    fn within_limit(&self, len: usize, name: &str) -> Result<(), LoadError> {
        if len as u64 > self.max_bytes {
            return Err(whole_file(
                name,
                DiagnosticKind::Limit,
                format!("file is larger than the limit of {} bytes", self.max_bytes),
            ));
        }
        Ok(())
    }

    /// Reads a position file: the fast path when the file is sound, else the full one.
    fn read_position(&self, path: &Path, from: VocabFrom<'_>) -> Result<Position, LoadError> {
        let (name, bytes) = self.read_bytes(path)?;
        let text = self.decode(&bytes, &name)?;
        if let Some(p) = self.fast_position(text, &name, from) {
            return Ok(p);
        }
        let parsed = self.parse(text, &name, Want::Position)?;
        self.position_of(parsed, from).map(|l| l.position)
    }

    /// The position in `text`, validated, when it has no problem at all; `None` sends the
    /// caller down the full path, which finds and locates the problems.
    fn fast_position(&self, text: &str, name: &str, from: VocabFrom<'_>) -> Option<Position> {
        let position = self.fast_model(text, name)?;
        let owned;
        let built;
        let analyzer = match (from, &position.vocabulary) {
            (VocabFrom::Compiled(a), _) => a,
            (VocabFrom::Given(v), _) => {
                built = Analyzer::new(v).ok()?;
                &built
            }
            (VocabFrom::Field(Some(dir)), Some(rel)) => {
                owned = self.vocabulary(self.resolve(Some(dir), rel).ok()?).ok()?;
                built = Analyzer::new(&owned).ok()?;
                &built
            }
            (VocabFrom::Field(_), _) => {
                owned = Vocabulary::implicit([&position]);
                built = Analyzer::new(&owned).ok()?;
                &built
            }
        };
        analyzer.compile(&position).ok()?;
        Some(position)
    }

    /// The unvalidated position in `text` when its syntax, header and shape are right.
    fn fast_model(&self, text: &str, name: &str) -> Option<Position> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        self.fast_gate(text, self.syntax(name))?;
        match self.syntax(name) {
            Format::Toml => super::fast::toml_position(text),
            Format::Json => super::fast::json_position(text),
        }
    }

    /// Whether the fast path may read `text` (without a byte-order mark): not past the size
    /// limit, and not too dense to parse (the full path says so).
    fn fast_gate(&self, text: &str, syntax: Format) -> Option<()> {
        let fits = text.len() as u64 <= self.max_bytes;
        (fits && super::tree::too_dense(text, syntax == Format::Toml).is_none()).then_some(())
    }

    /// Loads a set on the fast path, or `None` when any file has a problem.
    ///
    /// Reading and parsing each position (and a vocabulary given by path) are independent of
    /// each other: they run on [`Loader::threads`] threads. Then the vocabulary, alone: the one
    /// the positions name is known once they are read, the implicit one needs them all; then
    /// each position is compiled against it.
    fn fast_set<P: AsRef<Path>>(
        &self,
        positions: &[P],
        vocabulary: Option<&Path>,
    ) -> Option<(Vocabulary, Vec<Position>, Vec<Vec<Norm>>)> {
        enum Job<'a> {
            Vocabulary(&'a Path),
            Position(&'a Path),
        }
        enum Done {
            Vocabulary(Vocabulary),
            Position(Position),
        }
        // Any failure sends the whole set down the full path: the other threads stop taking
        // files, and what they return is not used.
        let failed = AtomicBool::new(false);
        let jobs: Vec<Job<'_>> = vocabulary
            .map(Job::Vocabulary)
            .into_iter()
            .chain(positions.iter().map(|p| Job::Position(p.as_ref())))
            .collect();
        let done = super::par::map_with(
            self.threads,
            jobs,
            // One buffer a thread: a thread's second file goes into pages its first one already
            // brought in.
            Vec::new,
            |bytes: &mut Vec<u8>, job| {
                if failed.load(Ordering::Relaxed) {
                    return None;
                }
                let done = match job {
                    Job::Vocabulary(path) => self.vocabulary(path).ok().map(Done::Vocabulary),
                    Job::Position(path) => {
                        let name = path.display().to_string();
                        read_regular_into(path, self.max_bytes, bytes).ok().and_then(|()| {
                            let text = self.decode(bytes, &name).ok()?;
                            self.fast_model(text, &name).map(Done::Position)
                        })
                    }
                };
                if done.is_none() {
                    failed.store(true, Ordering::Relaxed);
                }
                done
            },
        );
        let mut given = None;
        let mut models = Vec::with_capacity(positions.len());
        for d in done {
            match d? {
                Done::Vocabulary(v) => given = Some(v),
                Done::Position(p) => models.push(p),
            }
        }
        let vocab = match given {
            Some(v) => v,
            None => {
                let mut named: Option<(PathBuf, String)> = None;
                for (p, m) in positions.iter().zip(&models) {
                    let Some(rel) = &m.vocabulary else { continue };
                    let full = self.resolve(p.as_ref().parent(), rel).ok()?;
                    let key = std::fs::canonicalize(&full).unwrap_or_else(|_| full.clone());
                    match &named {
                        None => named = Some((key, full.display().to_string())),
                        Some((k, _)) if *k != key => return None,
                        Some(_) => {}
                    }
                }
                match named {
                    Some((_, path)) => self.vocabulary(&path).ok()?,
                    None => Vocabulary::implicit(&models),
                }
            }
        };
        let analyzer = Analyzer::new(&vocab).ok()?;
        // Compiled on the loader's threads too: the binary's allocator (mimalloc) lets this
        // thread reuse what another thread allocated once it is freed here. (With glibc's
        // per-thread arenas it could not: 16 MB more at the peak of `compare` on two
        // 10^5-clause files.)
        let compiled = super::par::map(self.threads, models.iter().collect(), |m| analyzer.compile(m));
        let mut norms = Vec::with_capacity(models.len());
        for compiled in compiled {
            let compiled = compiled.ok()?;
            // Warnings need their lines and columns: the full path locates them.
            if !compiled.warnings.is_empty() {
                return None;
            }
            norms.push(compiled.norms);
        }
        drop(analyzer);
        Some((vocab, models, norms))
    }

    fn read_bytes(&self, path: &Path) -> Result<(String, Vec<u8>), LoadError> {
        let name = path.display().to_string();
        match read_regular(path, self.max_bytes) {
            Ok(bytes) => Ok((name, bytes)),
            Err(ReadFail::TooLarge(limit)) => Err(whole_file(
                &name,
                DiagnosticKind::Limit,
                format!("file is larger than the limit of {limit} bytes"),
            )),
            Err(ReadFail::NotFound) => Err(whole_file(
                &name,
                DiagnosticKind::Io,
                "cannot read file: no such file or directory".to_string(),
            )),
            Err(ReadFail::NotRegular(what)) => Err(whole_file(
                &name,
                DiagnosticKind::Io,
                format!("cannot read file: it is {what}, not a regular file"),
            )),
            Err(ReadFail::Io(e)) => Err(whole_file(&name, DiagnosticKind::Io, format!("cannot read file: {e}"))),
        }
    }

    fn read(&self, path: &Path, want: Want) -> Result<Parsed, LoadError> {
        let (name, bytes) = self.read_bytes(path)?;
        let text = self.decode(&bytes, &name)?;
        self.parse(text, &name, want)
    }

    fn parse(&self, text: &str, name: &str, want: Want) -> Result<Parsed, LoadError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.len() as u64 > self.max_bytes {
            return Err(whole_file(
                name,
                DiagnosticKind::Limit,
                format!("file is larger than the limit of {} bytes", self.max_bytes),
            ));
        }
        let index = OnceCell::new();
        let lines = Lines::shared(name, text, &index);
        // Refused before any tree is built, so that parsing memory stays in proportion to the
        // file (see `tree::BYTES_PER_ITEM`).
        if let Some((at, budget)) = super::tree::too_dense(text, self.syntax(name) == Format::Toml) {
            return Err(LoadError::new(vec![lines.error(
                DiagnosticKind::Limit,
                &(at..at),
                None,
                format!(
                    "too many values for the file's size: more than {budget} brackets, braces and \
                     separators (one per {} bytes on average); a negotiation file is never this dense",
                    super::tree::BYTES_PER_ITEM
                ),
            )]));
        }
        let tree = match self.syntax(name) {
            Format::Toml => parse_toml(text),
            Format::Json => parse_json(text),
        };
        let root = tree.map_err(|errors| {
            LoadError::new(
                errors
                    .into_iter()
                    .map(|e| {
                        lines.error(
                            DiagnosticKind::Syntax,
                            &(e.at..e.at),
                            None,
                            format!("syntax error: {}", e.message),
                        )
                    })
                    .collect(),
            )
        })?;
        let fields = header(&lines, &root, want)?;
        let mut shape = Shape::default();
        check_table(&lines, &root, fields, &FieldPath::root(), &mut shape);
        let Some(set_aside) = shape.set_aside.into_iter().collect::<Option<Vec<_>>>() else {
            return Err(LoadError::new(shape.diagnostics));
        };
        drop(lines);
        Ok(Parsed {
            file: name.to_string(),
            text: text.to_string(),
            root,
            pending: shape.diagnostics,
            set_aside,
            index,
        })
    }

    pub(crate) fn position_of(&self, parsed: Parsed, from: VocabFrom<'_>) -> Result<LoadedPosition, LoadError> {
        let position: Position = model_of(&parsed)?;
        // Declared before `built`, which borrows it.
        let owned;
        let mut built = None;
        let analyzer = match (from, &position.vocabulary) {
            (VocabFrom::Compiled(a), _) => Ok(a),
            (VocabFrom::Given(v), _) => match Analyzer::new(v) {
                Ok(a) => Ok(&*built.insert(a)),
                Err(e) => {
                    let lines = parsed.lines();
                    return Err(LoadError::new(vec![lines.error(
                        DiagnosticKind::Semantics,
                        &(0..0),
                        None,
                        format!("the vocabulary given is invalid: {e}"),
                    )]));
                }
            },
            (VocabFrom::Field(Some(dir)), Some(rel)) => {
                let path: PathBuf = match self.resolve(Some(dir), rel) {
                    Ok(path) => path,
                    Err(refused) => {
                        let lines = parsed.lines();
                        let span = parsed.root.get("vocabulary").map_or(0..0, |n| n.span.clone());
                        let mut d = vec![lines.error(DiagnosticKind::Io, &span, Some("vocabulary".into()), refused)];
                        d.extend(parsed.pending.iter().cloned());
                        return Err(LoadError::new(d));
                    }
                };
                owned = match self.vocabulary(&path) {
                    Ok(v) => v,
                    Err(e) => {
                        let lines = parsed.lines();
                        let span = parsed.root.get("vocabulary").map_or(0..0, |n| n.span.clone());
                        let mut d = e.into_diagnostics();
                        d.push(lines.error(
                            DiagnosticKind::Reference,
                            &span,
                            Some("vocabulary".into()),
                            format!("vocabulary `{rel}` could not be loaded"),
                        ));
                        d.extend(parsed.pending.iter().cloned());
                        return Err(LoadError::new(d));
                    }
                };
                Analyzer::new(&owned).map(|a| &*built.insert(a))
            }
            (VocabFrom::Field(_), _) => {
                owned = Vocabulary::implicit([&position]);
                Analyzer::new(&owned).map(|a| &*built.insert(a))
            }
        };
        let implicit = matches!(from, VocabFrom::Field(_)) && position.vocabulary.is_none()
            || matches!(from, VocabFrom::Field(None));
        // The checks after loading (contradictions, units, near misses) read the vocabulary.
        let (vocabulary, compiled) = match analyzer {
            Ok(a) => (a.vocabulary().clone(), a.compile(&position)),
            Err(e) => (Vocabulary::default(), Err(e)),
        };
        let (problems, warnings, norms) = match compiled {
            Ok(c) => (Vec::new(), parsed.warnings(c.warnings), c.norms),
            Err(e) => (parsed.invalid(e), Vec::new(), Vec::new()),
        };
        with_pending(&parsed, problems)?;
        Ok(LoadedPosition {
            position,
            parsed,
            warnings,
            vocabulary,
            implicit,
            norms,
        })
    }

    /// Loads several positions and the one vocabulary they share: `vocabulary` when given;
    /// else the file their `vocabulary` fields name (every position that names one must name
    /// the same file; positions that name none use it too); else the implicit vocabulary of
    /// all of them together.
    ///
    /// # Errors
    /// Every problem in every file, or positions naming different vocabularies.
    pub fn set<P: AsRef<Path>>(
        &self,
        positions: &[P],
        vocabulary: Option<&Path>,
    ) -> Result<(Vocabulary, Vec<Position>), LoadError> {
        self.load_set(positions, vocabulary)
            .map(|s| (s.vocabulary, s.positions))
    }

    /// Loads several positions and their vocabulary as [`Loader::set`] does, and keeps the
    /// warnings (which [`Loader::set`] drops) for the caller to show.
    ///
    /// # Errors
    /// Every problem in every file, or positions naming different vocabularies.
    pub fn load_set<P: AsRef<Path>>(&self, positions: &[P], vocabulary: Option<&Path>) -> Result<LoadedSet, LoadError> {
        self.load_set_norms(positions, vocabulary).map(|(set, _)| set)
    }

    /// Loads two positions and their vocabulary as [`Loader::load_set`] does, and compares
    /// them as [`compare_with`](crate::compare_with) does: the same comparison, but each
    /// position is compiled once, for validating and comparing both.
    ///
    /// ```
    /// use negdiff::format::Loader;
    /// let dir = std::env::temp_dir().join("negdiff-load-and-compare-doc");
    /// std::fs::create_dir_all(&dir).unwrap();
    /// let clause = |party: &str, modality: &str| format!(
    ///     "format = \"negdiff/1\"\nkind = \"position\"\nparty = \"{party}\"\nlabel = \"L\"\n\n\
    ///      [[clauses]]\nid = \"c\"\nbearer = \"b\"\nmodality = \"{modality}\"\naction = \"go\"\ntext = \"t\"\n");
    /// std::fs::write(dir.join("a.toml"), clause("a", "must")).unwrap();
    /// std::fs::write(dir.join("b.toml"), clause("b", "must-not")).unwrap();
    /// let options = negdiff::CompareOptions::default();
    /// let (set, c) = Loader::new().load_and_compare(&dir.join("a.toml"), &dir.join("b.toml"), None, &options)?;
    /// assert_eq!(c, negdiff::compare_with(&set.vocabulary, &set.positions[0], &set.positions[1], &options)?);
    /// assert_eq!(c.conflicts().count(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// Every problem in every file, or positions naming different vocabularies.
    pub fn load_and_compare(
        &self,
        left: &Path,
        right: &Path,
        vocabulary: Option<&Path>,
        options: &CompareOptions,
    ) -> Result<(LoadedSet, Comparison), LoadError> {
        self.load_and_compare_by(left, right, vocabulary, options, |_, c| c.into_comparison())
    }

    /// Loads and compares two positions as [`Loader::load_and_compare`] does, and hands the
    /// set and the comparison to `then` with the findings still compact: the comparison
    /// borrows what loading compiled, so it lives only for that call. Writing a large
    /// comparison's JSON this way ([`CompactComparison::write_json`](crate::CompactComparison::write_json))
    /// never holds its findings whole; the bytes are those of the full comparison's.
    ///
    /// ```
    /// use negdiff::format::Loader;
    /// let dir = std::env::temp_dir().join("negdiff-load-and-compare-by-doc");
    /// std::fs::create_dir_all(&dir).unwrap();
    /// let clause = |party: &str, modality: &str| format!(
    ///     "format = \"negdiff/1\"\nkind = \"position\"\nparty = \"{party}\"\nlabel = \"L\"\n\n\
    ///      [[clauses]]\nid = \"c\"\nbearer = \"b\"\nmodality = \"{modality}\"\naction = \"go\"\ntext = \"t\"\n");
    /// std::fs::write(dir.join("a.toml"), clause("a", "must")).unwrap();
    /// std::fs::write(dir.join("b.toml"), clause("b", "must-not")).unwrap();
    /// let options = negdiff::CompareOptions::default();
    /// let (set, json) = Loader::new().load_and_compare_by(&dir.join("a.toml"), &dir.join("b.toml"), None, &options, |set, c| {
    ///     assert_eq!(c.summary().counts.conflict, 1);
    ///     let mut json = Vec::new();
    ///     c.write_json(&mut json).map(|()| json)
    /// })?;
    /// let full = negdiff::compare_with(&set.vocabulary, &set.positions[0], &set.positions[1], &options)?;
    /// assert_eq!(json?, serde_json::to_vec_pretty(&full)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`Loader::load_and_compare`].
    pub fn load_and_compare_by<R>(
        &self,
        left: &Path,
        right: &Path,
        vocabulary: Option<&Path>,
        options: &CompareOptions,
        then: impl FnOnce(&LoadedSet, crate::CompactComparison<'_>) -> R,
    ) -> Result<(LoadedSet, R), LoadError> {
        let (set, mut norms) = self.load_set_norms(&[left, right], vocabulary)?;
        let right_norms = norms.pop().unwrap_or_default();
        let left_norms = norms.pop().unwrap_or_default();
        let result = Analyzer::new(&set.vocabulary)
            .map(|a| {
                a.with_options(*options).compare_norms_by(
                    (&set.positions[0], left_norms),
                    (&set.positions[1], right_norms),
                    |c| then(&set, c),
                )
            })
            // Loading validated the vocabulary; should it fail here, it fails as loading would.
            .map_err(|e| whole_file(&left.display().to_string(), DiagnosticKind::Semantics, e.to_string()))?;
        Ok((set, result))
    }

    /// Loads the two rounds of a position (and the counterpart, when given) with their
    /// vocabulary as [`Loader::load_set`] does, and finds how the position evolved as
    /// [`evolve_with`](crate::evolve_with) does: the same evolution, but each position is
    /// compiled once, for validating and evolving both. The set holds the positions in the
    /// order `old`, `new`, counterpart; the counterpart read from `counterpart` stands for
    /// `options.counterpart`.
    ///
    /// Loading fails with every problem of every file; the evolution itself fails apart (the
    /// inner result) when the rounds are not the same party's.
    ///
    /// ```
    /// use negdiff::format::Loader;
    /// let dir = std::env::temp_dir().join("negdiff-load-and-evolve-doc");
    /// std::fs::create_dir_all(&dir).unwrap();
    /// let round = |modality: &str| format!(
    ///     "format = \"negdiff/1\"\nkind = \"position\"\nparty = \"a\"\nlabel = \"L\"\n\n\
    ///      [[clauses]]\nid = \"c\"\nbearer = \"b\"\nmodality = \"{modality}\"\naction = \"go\"\ntext = \"t\"\n");
    /// std::fs::write(dir.join("old.toml"), round("must")).unwrap();
    /// std::fs::write(dir.join("new.toml"), round("may")).unwrap();
    /// let options = negdiff::evolution::EvolveOptions::default();
    /// let (set, e) = Loader::new().load_and_evolve(&dir.join("old.toml"), &dir.join("new.toml"), None, None, &options)?;
    /// let e = e?;
    /// assert_eq!(e, negdiff::evolve_with(&set.vocabulary, &set.positions[0], &set.positions[1], &options)?);
    /// assert_eq!(e.changes.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// Every problem in every file, or positions naming different vocabularies.
    pub fn load_and_evolve(
        &self,
        old: &Path,
        new: &Path,
        counterpart: Option<&Path>,
        vocabulary: Option<&Path>,
        options: &crate::evolution::EvolveOptions,
    ) -> Result<(LoadedSet, Result<crate::evolution::Evolution, Error>), LoadError> {
        let mut files = vec![old, new];
        files.extend(counterpart);
        let (set, norms) = self.load_set_norms(&files, vocabulary)?;
        let mut norms = norms.into_iter();
        let (old_norms, new_norms) = (norms.next().unwrap_or_default(), norms.next().unwrap_or_default());
        let counterpart = match (counterpart, &options.counterpart) {
            (Some(_), _) => set.positions.get(2).map(|cp| (cp, norms.next())),
            (None, Some(cp)) => Some((cp, None)),
            (None, None) => None,
        };
        let analyzer = Analyzer::new(&set.vocabulary)
            // Loading validated the vocabulary; should it fail here, it fails as loading would.
            .map_err(|e| whole_file(&old.display().to_string(), DiagnosticKind::Semantics, e.to_string()))?;
        let evolution = crate::evolution::run::evolve_norms(
            &analyzer,
            (&set.positions[0], old_norms),
            (&set.positions[1], new_norms),
            counterpart,
            options,
        );
        drop(analyzer);
        Ok((set, evolution))
    }

    /// [`Loader::load_set`], with the norms each position compiled to while it was validated.
    fn load_set_norms<P: AsRef<Path>>(
        &self,
        positions: &[P],
        vocabulary: Option<&Path>,
    ) -> Result<(LoadedSet, Vec<Vec<Norm>>), LoadError> {
        if let Some((vocabulary, positions, norms)) = self.fast_set(positions, vocabulary) {
            let set = LoadedSet {
                vocabulary,
                positions,
                warnings: Vec::new(),
            };
            return Ok((set, norms));
        }
        let mut diagnostics = Vec::new();
        let mut parsed = Vec::new();
        // One file at a time on this path: parsing into a tree holds several times the file's
        // size while it runs, and two at once would add that to the peak.
        for p in positions {
            match self.read(p.as_ref(), Want::Position) {
                Ok(x) => parsed.push((p.as_ref(), x)),
                Err(e) => diagnostics.extend(e.into_diagnostics()),
            }
        }
        if !diagnostics.is_empty() {
            return Err(LoadError::new(diagnostics));
        }
        let vocab = match vocabulary {
            Some(path) => self.vocabulary(path)?,
            None => {
                let mut named: Option<(PathBuf, String)> = None;
                for (path, x) in &parsed {
                    let Some(node) = x.root.get("vocabulary") else { continue };
                    let Value::Str(rel) = &node.value else { continue };
                    let full = match self.resolve(path.parent(), rel) {
                        Ok(full) => full,
                        Err(refused) => {
                            diagnostics.push(x.lines().error(
                                DiagnosticKind::Io,
                                &node.span,
                                Some("vocabulary".into()),
                                refused,
                            ));
                            continue;
                        }
                    };
                    let key = std::fs::canonicalize(&full).unwrap_or_else(|_| full.clone());
                    match &named {
                        None => named = Some((key, full.display().to_string())),
                        Some((k, first)) if *k != key => {
                            diagnostics.push(x.lines().error(
                                DiagnosticKind::Reference,
                                &node.span,
                                Some("vocabulary".into()),
                                format!(
                                    "positions name different vocabularies, `{first}` and `{}`; choose one with --vocab",
                                    full.display()
                                ),
                            ));
                        }
                        Some(_) => {}
                    }
                }
                if !diagnostics.is_empty() {
                    return Err(LoadError::new(diagnostics));
                }
                match named {
                    Some((_, path)) => self.vocabulary(&path)?,
                    None => {
                        let models: Vec<Position> = parsed
                            .iter()
                            .filter_map(|(_, x)| match model_of::<Position>(x) {
                                Ok(p) => Some(p),
                                Err(e) => {
                                    diagnostics.extend(e.into_diagnostics());
                                    None
                                }
                            })
                            .collect();
                        if !diagnostics.is_empty() {
                            return Err(LoadError::new(diagnostics));
                        }
                        Vocabulary::implicit(&models)
                    }
                }
            }
        };
        // One compiled vocabulary validates every position; an invalid one is reported
        // through each position as when it is given.
        let analyzer = Analyzer::new(&vocab);
        let from = analyzer.as_ref().map_or(VocabFrom::Given(&vocab), VocabFrom::Compiled);
        let mut out = Vec::new();
        let mut norms = Vec::new();
        let mut warnings = Vec::new();
        // One position at a time: reading the model from a tree builds a JSON value of the whole
        // file, the size of the tree again, and two at once would add one to the peak.
        for (_, x) in parsed {
            match self.position_of(x, from) {
                Ok(l) => {
                    warnings.extend(l.warnings);
                    out.push(l.position);
                    norms.push(l.norms);
                }
                Err(e) => diagnostics.extend(e.into_diagnostics()),
            }
        }
        drop(analyzer);
        if diagnostics.is_empty() {
            let set = LoadedSet {
                vocabulary: vocab,
                positions: out,
                warnings: LoadError::new(warnings).into_diagnostics(),
            };
            Ok((set, norms))
        } else {
            Err(LoadError::new(diagnostics))
        }
    }

    /// A position from text on the full path only, against the implicit vocabulary.
    #[cfg(test)]
    pub(crate) fn full_path_position(&self, text: &str, name: &str) -> Result<Position, LoadError> {
        let parsed = self.parse(text, name, Want::Position)?;
        self.position_of(parsed, VocabFrom::Field(None)).map(|l| l.position)
    }

    /// Reads a file of either kind for [`super::check`]: a position that the fast path reads
    /// comes as its model and text, anything else through the full path (shape-checked, or
    /// with the errors the full path finds).
    /// With `fast` false, every file goes through the full path (for tests that compare both).
    pub(crate) fn read_for_check(&self, path: &Path, fast: bool) -> Result<ForCheck, LoadError> {
        let (name, whole) = self.read_text(path)?;
        let text = content(&whole);
        if fast {
            if let Some((position, marks)) = self.fast_model_marked(text, &name) {
                let skip = text_start(whole.as_bytes(), text);
                return Ok(ForCheck::Fast(self.fast_file(whole, skip, name, position, marks)));
            }
        }
        let parsed = self.parse(text, &name, Want::Any)?;
        // A vocabulary is validated here, on the thread that read it, rather than by the caller
        // after every file is read: the positions wait for it.
        if is_vocabulary(&parsed.root) {
            return vocabulary_of(&parsed).map(ForCheck::Vocabulary);
        }
        Ok(ForCheck::Full(parsed))
    }

    /// [`Loader::fast_model`] for `check`: a position comes with what its reader noted of the
    /// clauses ([`Marks`]: the small TOML reader's notes, or those taken as serde_json reads a
    /// JSON file's clause objects), or nothing when they are not known.
    fn fast_model_marked(&self, text: &str, name: &str) -> Option<(Position, Marks)> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if self.syntax(name) == Format::Json {
            // Without these notes `check` reads each clause's object for its fields, and sweeps
            // the text for their lines.
            self.fast_gate(text, Format::Json)?;
            return super::fast::json_position_marked(text);
        }
        // A file that says it is a vocabulary goes to the full path at once: the fast path
        // reads positions only, and failing it would cost a parse of the whole file by the
        // `toml` crate first.
        if super::fast::declares_vocabulary(text) {
            return None;
        }
        self.fast_gate(text, Format::Toml)?;
        super::fast::toml_position_marked(text)
    }

    /// [`Loader::read_for_check`] of every file, each handed to `then` with its index in
    /// `paths`, and what `then` makes of them in the order of `paths`: the files the fast path
    /// reads, and small files on the full path (a vocabulary), on [`Loader::threads`] threads,
    /// each handed over on the thread that read it; then the other files one at a time, on
    /// this thread (a tree holds several times its file's size while it is built, and two large
    /// ones at once would add that to the peak).
    ///
    /// `settled(k)` is called once the threads are done with file `k`, whether `then` had it or
    /// it was left for later, and also should its job panic: what waits on a file read beside
    /// it learns that way that it will get nothing more from that thread.
    pub(crate) fn read_all_for_check<R: Send>(
        &self,
        paths: &[PathBuf],
        fast: bool,
        then: impl Fn(usize, Result<ForCheck, LoadError>) -> R + Sync,
        settled: impl Fn(usize) + Sync,
    ) -> Vec<R> {
        /// Files up to this size go down the full path beside the others.
        const SMALL: u64 = 1 << 20;
        /// Calls `settled` when dropped: at the end of a job, even one that unwinds.
        struct Settle<'a, F: Fn(usize)>(&'a F, usize);
        impl<F: Fn(usize)> Drop for Settle<'_, F> {
            fn drop(&mut self) {
                (self.0)(self.1);
            }
        }
        let first = super::par::map(self.threads, paths.iter().enumerate().collect(), |(k, p)| {
            let _settle = Settle(&settled, k);
            let read = fast.then(|| self.fast_for_check(p)).flatten().or_else(|| {
                // Only where it runs depends on the size: the result is the full path's.
                let small = std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.len() <= SMALL);
                small.then(|| self.read_for_check(p, false))
            });
            read.map(|read| then(k, read))
        });
        paths
            .iter()
            .zip(first)
            .enumerate()
            .map(|(k, (p, done))| done.unwrap_or_else(|| then(k, self.read_for_check(p, false))))
            .collect()
    }

    /// What [`Loader::read_for_check`] gives for a file that cannot be read or that the fast
    /// path reads; `None` for a file that needs the full path.
    fn fast_for_check(&self, path: &Path) -> Option<Result<ForCheck, LoadError>> {
        let (name, whole) = match self.read_text(path) {
            Ok(read) => read,
            Err(e) => return Some(Err(e)),
        };
        let text = content(&whole);
        let (position, marks) = self.fast_model_marked(text, &name)?;
        let skip = text_start(whole.as_bytes(), text);
        Some(Ok(ForCheck::Fast(self.fast_file(whole, skip, name, position, marks))))
    }

    /// A file read on the fast path for `check`, its text the file's from byte `skip` on (a
    /// character boundary): the buffer read is kept, not copied (two copies of 20 MB cost their
    /// page faults, and more memory for the process to give back at its end).
    fn fast_file(&self, mut text: String, skip: usize, name: String, position: Position, marks: Marks) -> FastFile {
        if text.is_char_boundary(skip) {
            text.drain(..skip);
        }
        let syntax = self.syntax(&name);
        FastFile {
            file: name,
            text,
            syntax,
            position,
            marks,
        }
    }

    /// The full path over a file [`Loader::read_for_check`] read on the fast path: for the
    /// problems of a position the fast path read but that does not validate, or for the spans
    /// of fields the locator does not find.
    pub(crate) fn reparse(&self, text: &str, name: &str) -> Result<Parsed, LoadError> {
        self.parse(text, name, Want::Any)
    }
}

/// Where the text a fast-path `check` keeps starts in the bytes read: after the byte-order
/// mark `decode` took off (`text` is the rest of `bytes`), and after one more at the start of
/// `text`, as offsets count from after it (as the full path's spans do).
/// A file's text without its byte-order mark, which is not content, in either syntax (as
/// [`Loader::decode`] has it).
fn content(whole: &str) -> &str {
    whole.strip_prefix('\u{feff}').unwrap_or(whole)
}

fn text_start(bytes: &[u8], text: &str) -> usize {
    bytes.len() - text.len() + if text.starts_with('\u{feff}') { 3 } else { 0 }
}

/// A file as [`Loader::read_for_check`] read it.
pub(crate) enum ForCheck {
    /// A position on the fast path: not yet validated.
    Fast(FastFile),
    /// A vocabulary, validated (through the full path).
    Vocabulary(Vocabulary),
    /// A position through the full path.
    Full(Parsed),
}

/// A position read on the fast path, with what locating its fields needs.
pub(crate) struct FastFile {
    pub file: String,
    /// Without a byte-order mark.
    pub text: String,
    pub syntax: Format,
    pub position: Position,
    /// What the small TOML reader noted of the clauses in `text`, when it read it.
    pub marks: Marks,
}

pub(crate) fn is_vocabulary(root: &Node) -> bool {
    matches!(root.get("kind").map(|n| &n.value), Some(Value::Str(k)) if k == "vocabulary")
}

pub(crate) fn vocabulary_of(parsed: &Parsed) -> Result<Vocabulary, LoadError> {
    let v: Vocabulary = model_of(parsed)?;
    let problems = match crate::analysis::validate_vocabulary(&v) {
        Ok(()) => Vec::new(),
        Err(e) => parsed.invalid(e),
    };
    with_pending(parsed, problems)?;
    Ok(v)
}

fn model_of<T: DeserializeOwned>(parsed: &Parsed) -> Result<T, LoadError> {
    let mut json = parsed.root.to_json();
    if let serde_json::Value::Object(m) = &mut json {
        m.remove("format");
        m.remove("kind");
    }
    for aside in &parsed.set_aside {
        match aside {
            SetAside::Remove(path) => remove_path(&mut json, &path.0),
            SetAside::Everywhere(path) => {
                if let Some(v) = value_at(&mut json, &path.0) {
                    *v = serde_json::Value::String("*".into());
                }
            }
        }
    }
    serde_json::from_value(json).map_err(|e| {
        if parsed.pending.is_empty() {
            LoadError::new(vec![parsed.lines().error(
                DiagnosticKind::Schema,
                &(0..0),
                None,
                e.to_string(),
            )])
        } else {
            // The shape problems already explain why the model cannot be read.
            LoadError::new(parsed.pending.clone())
        }
    })
}

fn value_at<'a>(v: &'a mut serde_json::Value, path: &[Segment]) -> Option<&'a mut serde_json::Value> {
    match path.split_first() {
        None => Some(v),
        Some((Segment::Key(k), rest)) => value_at(v.as_object_mut()?.get_mut(k)?, rest),
        Some((Segment::Index(i), rest)) => value_at(v.as_array_mut()?.get_mut(*i)?, rest),
    }
}

fn remove_path(v: &mut serde_json::Value, path: &[Segment]) {
    match (path, v) {
        ([Segment::Key(k)], serde_json::Value::Object(m)) => {
            m.remove(k);
        }
        ([Segment::Key(k), rest @ ..], serde_json::Value::Object(m)) => {
            if let Some(x) = m.get_mut(k) {
                remove_path(x, rest);
            }
        }
        ([Segment::Index(i), rest @ ..], serde_json::Value::Array(a)) => {
            if let Some(x) = a.get_mut(*i) {
                remove_path(x, rest);
            }
        }
        _ => {}
    }
}

/// The pending shape problems together with `more`, or `Ok` when there are none.
fn with_pending(parsed: &Parsed, more: Vec<Diagnostic>) -> Result<(), LoadError> {
    if parsed.pending.is_empty() && more.is_empty() {
        return Ok(());
    }
    let mut all = parsed.pending.clone();
    all.extend(more);
    Err(LoadError::new(all))
}

/// Checks `format` and `kind`; returns the fields of the file's kind.
fn header(lines: &Lines<'_>, root: &Node, want: Want) -> Result<&'static [super::schema::Field], LoadError> {
    let fail = |span: &std::ops::Range<usize>, field: Option<&str>, m: String| {
        Err(LoadError::new(vec![lines.error(
            DiagnosticKind::Header,
            span,
            field.map(str::to_string),
            m,
        )]))
    };
    if !matches!(root.value, Value::Table(_)) {
        return fail(
            &root.span,
            None,
            format!("expected a table, found {}", root.value.describe()),
        );
    }
    let versions = FORMATS_READ
        .iter()
        .map(|f| format!("`{f}`"))
        .collect::<Vec<_>>()
        .join(", ");
    match root.get("format") {
        None => return fail(&(0..0), None, format!("missing `format`; this build reads {versions}")),
        Some(Node {
            value: Value::Str(f), ..
        }) if f == FORMAT => {}
        Some(Node {
            value: Value::Str(f),
            span,
        }) => {
            return fail(
                span,
                Some("format"),
                format!("unsupported format `{f}`; this build reads {versions}"),
            )
        }
        Some(n) => {
            return fail(
                &n.span,
                Some("format"),
                format!(
                    "expected a string, found {}; this build reads {versions}",
                    n.value.describe()
                ),
            )
        }
    }
    const KINDS: [&str; 2] = ["vocabulary", "position"];
    let (kind, span) = match root.get("kind") {
        None => {
            return fail(
                &(0..0),
                None,
                "missing `kind`; expected `vocabulary` or `position`".into(),
            )
        }
        Some(Node {
            value: Value::Str(k),
            span,
        }) => (k.as_str(), span),
        Some(n) => {
            return fail(
                &n.span,
                Some("kind"),
                format!("expected `vocabulary` or `position`, found {}", n.value.describe()),
            )
        }
    };
    let fields = match kind {
        "vocabulary" => VOCABULARY,
        "position" => POSITION,
        other => {
            let hint = closest(other, KINDS.iter().map(|k| (*k, None))).map_or_else(
                || "; expected `vocabulary` or `position`".to_string(),
                |s| format!("; did you mean `{s}`?"),
            );
            return fail(span, Some("kind"), format!("unknown kind `{other}`{hint}"));
        }
    };
    match (want, kind) {
        (Want::Vocabulary, "position") => fail(
            span,
            Some("kind"),
            "expected a vocabulary file, found kind `position`".into(),
        ),
        (Want::Position, "vocabulary") => fail(
            span,
            Some("kind"),
            "expected a position file, found kind `vocabulary`".into(),
        ),
        _ => Ok(fields),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: &str = "format = \"negdiff/1\"\nkind = \"position\"\nparty = \"a\"\nlabel = \"L\"\n";

    #[test]
    fn syntax_follows_the_extension_unless_set() {
        assert_eq!(Format::from_path(Path::new("x.JSON")), Format::Json);
        assert_eq!(Format::from_path(Path::new("x.toml")), Format::Toml);
        assert_eq!(Format::from_path(Path::new("x")), Format::Toml);
        let json = r#"{"format": "negdiff/1", "kind": "position", "party": "a", "label": "L"}"#;
        assert!(Loader::new().position_from_str(json, "p.json", None).is_ok());
        assert!(Loader::new().position_from_str(json, "p.toml", None).is_err());
        assert!(Loader::new()
            .format(Format::Json)
            .position_from_str(json, "p.toml", None)
            .is_ok());
    }

    #[test]
    fn dates_are_native_or_strings() {
        let a = Loader::new()
            .position_from_str(&format!("{P}date = 2022-01-12\n"), "p.toml", None)
            .unwrap();
        let b = Loader::new()
            .position_from_str(&format!("{P}date = \"2022-01-12\"\n"), "p.toml", None)
            .unwrap();
        assert_eq!(a, b);
        assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2022-01-12"));
    }

    #[test]
    fn root_must_be_a_table() {
        let e = Loader::new().position_from_str("[1, 2]", "p.json", None).unwrap_err();
        assert_eq!(e.to_string(), "p.json:1:1: error: expected a table, found an array");
    }

    /// Compiling once while loading gives the comparison that loading and then comparing
    /// gives: on the fast path (files without warnings), on the full path (a file whose
    /// clauses name places outside their action's domain), and reading only the record.
    #[test]
    fn load_and_compare_is_load_then_compare() {
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
        let dir = std::env::temp_dir().join(format!("negdiff-load-and-compare-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = |party: &str, clause: &str| {
            format!("{P}{clause}").replace("party = \"a\"", &format!("party = \"{party}\""))
        };
        let clause = |id: &str, modality: &str, places: &str| {
            format!("[[clauses]]\nid = \"{id}\"\nbearer = \"b\"\nmodality = \"{modality}\"\naction = \"go\"\nwhere = {places}\ntext = \"t\"\nbasis = \"inferred\"\nrationale = \"r\"\n")
        };
        let vocab = "format = \"negdiff/1\"\nkind = \"vocabulary\"\nname = \"v\"\n\n[[parties]]\nid = \"a\"\nname = \"A\"\n\n[[parties]]\nid = \"b\"\nname = \"B\"\n\n[[entities]]\nid = \"X\"\nname = \"X\"\n\n[[entities]]\nid = \"Y\"\nname = \"Y\"\n\n[[actions]]\nid = \"go\"\napplies-to = [\"X\"]\n\n[[issues]]\nid = \"i\"\ntitle = \"I\"\nactions = [\"go\"]\n";
        std::fs::write(dir.join("v.toml"), vocab).unwrap();
        std::fs::write(dir.join("l.toml"), p("a", &clause("c", "must", "[\"X\", \"Y\"]"))).unwrap();
        std::fs::write(dir.join("r.toml"), p("b", &clause("d", "must-not", "[\"X\"]"))).unwrap();
        let cases = [
            (
                data.join("russia-2021-12-17-draft.toml"),
                data.join("nato-2022-01-26-reply.toml"),
                None,
            ),
            (dir.join("l.toml"), dir.join("r.toml"), Some(dir.join("v.toml"))),
        ];
        let loader = Loader::new();
        for (left, right, vocab) in &cases {
            for on_record in [false, true] {
                let options = CompareOptions::default().on_record(on_record);
                let (set, c) = loader
                    .load_and_compare(left, right, vocab.as_deref(), &options)
                    .unwrap();
                let again = loader.load_set(&[left, right], vocab.as_deref()).unwrap();
                assert_eq!(set, again);
                let expected =
                    crate::compare_with(&again.vocabulary, &again.positions[0], &again.positions[1], &options).unwrap();
                assert_eq!(c, expected, "{}", left.display());
                assert_eq!(c.to_string(), expected.to_string());
            }
        }
        assert!(!loader
            .load_set(&[dir.join("l.toml"), dir.join("r.toml")], Some(&dir.join("v.toml")))
            .unwrap()
            .warnings
            .is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Compiling once while loading gives the evolution that loading and then evolving
    /// gives: with and without a counterpart, from a file and from the options, on the fast
    /// path and on the full path (a round with warnings), and the same error when the rounds
    /// are two parties'.
    #[test]
    fn load_and_evolve_is_load_then_evolve() {
        use crate::evolution::EvolveOptions;
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
        let dir = std::env::temp_dir().join(format!("negdiff-load-and-evolve-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let clause = |id: &str, modality: &str, places: &str| {
            format!("[[clauses]]\nid = \"{id}\"\nbearer = \"b\"\nmodality = \"{modality}\"\naction = \"go\"\nwhere = {places}\ntext = \"t\"\n")
        };
        let vocab = "format = \"negdiff/1\"\nkind = \"vocabulary\"\nname = \"v\"\n\n[[parties]]\nid = \"a\"\nname = \"A\"\n\n[[parties]]\nid = \"b\"\nname = \"B\"\n\n[[entities]]\nid = \"X\"\nname = \"X\"\n\n[[entities]]\nid = \"Y\"\nname = \"Y\"\n\n[[actions]]\nid = \"go\"\napplies-to = [\"X\"]\n\n[[issues]]\nid = \"i\"\ntitle = \"I\"\nactions = [\"go\"]\n";
        std::fs::write(dir.join("v.toml"), vocab).unwrap();
        std::fs::write(
            dir.join("o.toml"),
            format!("{P}{}", clause("c", "must", "[\"X\", \"Y\"]")),
        )
        .unwrap();
        std::fs::write(dir.join("n.toml"), format!("{P}{}", clause("c", "may", "[\"X\"]"))).unwrap();
        let nato = |f: &str| data.join(f);
        let russia = nato("russia-2022-01-12-brussels.toml");
        let cases = [
            (
                nato("nato-2022-01-12-brussels.toml"),
                nato("nato-2022-01-26-reply.toml"),
                Some(russia.clone()),
                None,
            ),
            (
                nato("nato-2022-01-12-brussels.toml"),
                nato("nato-2022-01-26-reply.toml"),
                None,
                None,
            ),
            (
                nato("russia-2021-12-17-draft.toml"),
                nato("nato-2022-01-26-reply.toml"),
                None,
                None,
            ),
            (dir.join("o.toml"), dir.join("n.toml"), None, Some(dir.join("v.toml"))),
        ];
        let loader = Loader::new();
        for (old, new, counterpart, vocab) in &cases {
            let mut files = vec![old.clone(), new.clone()];
            files.extend(counterpart.clone());
            let again = loader.load_set(&files, vocab.as_deref()).unwrap();
            let mut options = EvolveOptions::default().reword_threshold(0.5);
            let (set, e) = loader
                .load_and_evolve(old, new, counterpart.as_deref(), vocab.as_deref(), &options)
                .unwrap();
            assert_eq!(set, again);
            if let Some(cp) = again.positions.get(2) {
                options = options.counterpart(cp.clone());
            }
            let expected = crate::evolve_with(&again.vocabulary, &again.positions[0], &again.positions[1], &options);
            // `Error` has no equality: compare the evolutions, or the messages.
            let same = |a: &Result<crate::evolution::Evolution, Error>| match (a, &expected) {
                (Ok(a), Ok(b)) => a == b,
                (Err(a), Err(b)) => a.to_string() == b.to_string(),
                _ => false,
            };
            assert!(same(&e), "{}", old.display());
            // A counterpart given in the options is read when no file is.
            if counterpart.is_some() {
                let (_, from_options) = loader
                    .load_and_evolve(old, new, None, vocab.as_deref(), &options)
                    .unwrap();
                assert!(same(&from_options));
            }
        }
        assert!(!loader
            .load_set(&[dir.join("o.toml")], Some(&dir.join("v.toml")))
            .unwrap()
            .warnings
            .is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_position_without_vocabulary_uses_the_implicit_one() {
        let text = format!(
            "{P}[[clauses]]\nid = \"c\"\nbearer = \"b\"\nmodality = \"may\"\naction = \"talk\"\nwhere = [\"X\"]\ntext = \"t\"\n"
        );
        let p = Loader::new().position_from_str(&text, "p.toml", None).unwrap();
        assert_eq!(p.clauses[0].action, "talk");
    }
}
