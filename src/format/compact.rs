//! A check's diagnostics as compact records until they are written.
//!
//! `check` of 10⁵ clauses says something of nearly every clause (a clause with no evidence and
//! no `basis`, a red line that is inferred): a [`Diagnostic`] each, three strings each (the
//! file's name, the field, the message), cost more than the rest of what it does after loading.
//! A [`Record`] names its file by a number, and such a warning by (position, clause, which
//! warning): its field and message are written from the clause's id only when it is shown.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::error::DiagnosticKind;
use crate::escape::{append_visible, visible};
use crate::model::Position;

use super::check::{CheckOutcome, QuoteReport};
use super::diagnostic::{
    decimal_bytes, decimal_len, merge_keyed, put_head, Diagnostic, Key, Severity, DIAGNOSTICS_A_BATCH,
};

/// The file a record is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileRef {
    /// The file of the check's loaded position of this index.
    Position(u32),
    /// The name of this index among those [`Names`] keeps (a diagnostic of loading).
    Named(u32),
}

/// A diagnostic of a check, its text not yet made.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    /// Line, from 1 (0 until placed).
    pub line: usize,
    /// Column in characters, from 1 (0 until placed).
    pub column: usize,
    pub what: What,
    pub file: FileRef,
    pub severity: Severity,
    pub kind: DiagnosticKind,
}

/// A record's field and message.
#[derive(Debug, Clone)]
pub(crate) enum What {
    /// A warning about one clause, written from its id: 10⁵ of them at 10⁵ clauses.
    Clause {
        position: u32,
        clause: u32,
        warning: ClauseWarning,
    },
    /// Any other: boxed, so that a record stays small.
    Text(Box<Text>),
}

/// The field and message of a record that holds its own.
#[derive(Debug, Clone)]
pub(crate) struct Text {
    pub field: Field,
    pub message: String,
}

/// A record's field path.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Field {
    /// None (a diagnostic of a whole file).
    None,
    /// `clauses[i].field`, written when shown.
    Clause(usize, &'static str),
    /// Any other path, as written.
    Path(String),
}

impl Field {
    /// The path as [`Diagnostic::field`] holds it.
    fn text(&self) -> Option<Cow<'_, str>> {
        match self {
            Field::None => None,
            Field::Clause(i, field) => {
                let mut s = String::with_capacity(10 + decimal_len(*i) + field.len());
                s.push_str("clauses[");
                super::diagnostic::push_number(&mut s, *i);
                s.push_str("].");
                s.push_str(field);
                Some(Cow::Owned(s))
            }
            Field::Path(p) => Some(Cow::Borrowed(p)),
        }
    }

    /// Appends the path as a diagnostic shows it, and the `: ` after it; nothing for none.
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            Field::None => return,
            // Digits and a field name of the format: nothing to make visible.
            Field::Clause(i, field) => put_clause_field(out, *i, field),
            Field::Path(p) => append_visible(out, p),
        }
        out.extend_from_slice(b": ");
    }
}

/// Appends `clauses[i].field`.
fn put_clause_field(out: &mut Vec<u8>, i: usize, field: &str) {
    out.extend_from_slice(b"clauses[");
    out.extend_from_slice(decimal_bytes(i, &mut [0; 20]));
    out.extend_from_slice(b"].");
    out.extend_from_slice(field.as_bytes());
}

/// The warnings `check` gives a clause that nothing puts on the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ClauseWarning {
    /// No evidence and no `basis`: the clause counts as inferred.
    Unbased,
    /// A red line that is inferred.
    InferredRedLine,
}

impl ClauseWarning {
    /// The clause's field it is at.
    pub fn field(self) -> &'static str {
        match self {
            ClauseWarning::Unbased => "id",
            ClauseWarning::InferredRedLine => "strength",
        }
    }

    /// What a line shows between the clause's index and its id (the field's end, the
    /// message's start), and after the id.
    fn pieces(self) -> (&'static str, &'static str) {
        match self {
            ClauseWarning::Unbased => ("].id: clause `", self.around().1),
            ClauseWarning::InferredRedLine => ("].strength: red line `", self.around().1),
        }
    }

    /// The message's text before and after the clause's id.
    fn around(self) -> (&'static str, &'static str) {
        match self {
            ClauseWarning::Unbased => (
                "clause `",
                "` has no evidence and no `basis`; it counts as inferred (add evidence, \
                 `basis = \"document\"` with `source`, or `basis = \"inferred\"` with `rationale`)",
            ),
            ClauseWarning::InferredRedLine => ("red line `", "` is inferred, not on the record"),
        }
    }

    /// The message about the clause of id `id`.
    pub fn message(self, id: &str) -> String {
        let (head, tail) = self.around();
        // Put together by hand, in one allocation of its length.
        let mut s = String::with_capacity(head.len() + id.len() + tail.len());
        s.push_str(head);
        s.push_str(id);
        s.push_str(tail);
        s
    }
}

/// The names of the files of a check's diagnostics that are not a loaded position's, each kept
/// once.
#[derive(Default)]
pub(crate) struct Names {
    names: Vec<String>,
    index: HashMap<String, u32>,
}

impl Names {
    /// The reference to file `name`.
    pub fn of(&mut self, name: String) -> FileRef {
        // Loading's diagnostics come in runs of one file's.
        if self.names.last() == Some(&name) {
            return FileRef::Named(self.names.len() as u32 - 1);
        }
        let next = self.names.len() as u32;
        let i = *self.index.entry(name).or_insert_with_key(|name| {
            self.names.push(name.clone());
            next
        });
        FileRef::Named(i)
    }
}

/// What [`Checker::run_compact`](super::Checker::run_compact) found in a set of files, its
/// diagnostics kept as compact records until they are written or asked for.
///
/// A check of 10⁵ clauses has about as many diagnostics, most of them one of two warnings about
/// a clause (no evidence and no `basis`; a red line that is inferred). Here such a diagnostic
/// is a record of a few numbers (the file by its rank, the line, the column, the position and
/// clause it is about), its field and message written from the clause's id only as it is shown:
/// no string is made for it. [`CompactCheck::write_diagnostics_on`] writes the bytes that
/// [`write_diagnostics_on`](super::write_diagnostics_on) writes for
/// [`CompactCheck::into_outcome`]'s diagnostics, in the same order, on any number of threads;
/// `negdiff check` writes its diagnostics this way. [`Checker::run`](super::Checker::run) is
/// `run_compact(..).into_outcome()`.
///
/// ```
/// use negdiff::format::{write_diagnostics_on, Checker};
/// let check = Checker::new().run_compact(["no/such/file.toml"]);
/// assert_eq!((check.errors(), check.warnings(), check.is_ok()), (1, 0, false));
/// let mut compact = Vec::new();
/// check.write_diagnostics_on(2, &mut compact)?;
/// let report = check.report();
/// let outcome = check.into_outcome();
/// let mut whole = Vec::new();
/// write_diagnostics_on(2, &outcome.diagnostics, &mut whole)?;
/// assert_eq!(compact, whole);
/// assert_eq!(report, outcome.report());
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Clone)]
pub struct CompactCheck {
    /// The diagnostics, in runs as they were found.
    runs: Vec<Vec<Record>>,
    /// The diagnostics by file, line and column: (run, index in the run) of each, those
    /// that repeat the one before left out.
    order: Vec<(u32, u32)>,
    /// Every file a record names, sorted: a file's rank is its index here.
    files: Vec<String>,
    /// The rank of each loaded position's file, by position.
    position_ranks: Vec<u32>,
    /// The rank of each name [`FileRef::Named`] refers to.
    named_ranks: Vec<u32>,
    /// The loaded positions, for the clause ids of [`What::Clause`].
    positions: Vec<Position>,
    /// Everything but the diagnostics.
    head: CheckOutcome,
    errors: usize,
    warnings: usize,
    /// Whether dropping it leaves the positions to the operating system
    /// ([`Checker::leave_loaded`](super::Checker::leave_loaded)).
    leave: bool,
}

impl std::fmt::Debug for CompactCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CompactCheck")
            .field("diagnostics", &self.len())
            .field("errors", &self.errors)
            .field("warnings", &self.warnings)
            .field("quotes", &self.head.quotes.len())
            .field("vocabularies", &self.head.vocabularies)
            .field("positions", &self.head.positions)
            .finish_non_exhaustive()
    }
}

impl Drop for CompactCheck {
    fn drop(&mut self) {
        if self.leave {
            std::mem::forget(std::mem::take(&mut self.positions));
            std::mem::forget(std::mem::take(&mut self.runs));
        }
    }
}

/// A check's diagnostics in the order they were found, as runs to merge, and what they point
/// into.
pub(crate) struct Parts {
    /// Runs of records, each sorted or not; merged as [`merge_keyed`] merges.
    pub runs: Vec<Vec<Record>>,
    /// The file of each loaded position.
    pub position_files: Vec<String>,
    /// The names [`FileRef::Named`] refers to.
    pub names: Names,
    pub positions: Vec<Position>,
    /// The outcome without diagnostics.
    pub head: CheckOutcome,
    pub leave: bool,
}

impl CompactCheck {
    /// The records of `parts`, ordered by file, line and column (ties in the order found, equal
    /// neighbours kept once), as `merge_sorted` orders the diagnostics they are.
    pub(crate) fn new(parts: Parts) -> Self {
        let Parts {
            mut runs,
            position_files,
            names,
            positions,
            head,
            leave,
        } = parts;
        // Only the names of files with a diagnostic count, as only they are ranked among
        // themselves; ranking the others too changes no order between these.
        let mut files: Vec<String> = position_files.iter().chain(&names.names).cloned().collect();
        files.sort_unstable();
        files.dedup();
        let rank = |name: &String| files.binary_search(name).unwrap_or(usize::MAX) as u32;
        let position_ranks: Vec<u32> = position_files.iter().map(rank).collect();
        let named_ranks: Vec<u32> = names.names.iter().map(rank).collect();
        let mut check = CompactCheck {
            runs: Vec::new(),
            order: Vec::new(),
            files,
            position_ranks,
            named_ranks,
            positions,
            head,
            errors: 0,
            warnings: 0,
            leave,
        };
        let keys: Vec<Vec<Key>> = runs
            .iter()
            .map(|run| run.iter().map(|r| (check.rank(r.file), r.line, r.column)).collect())
            .collect();
        check.order = merge_keyed(&mut runs, keys, |a, b| check.same(a, b));
        check.runs = runs;
        check.errors = check.records().filter(|r| r.severity == Severity::Error).count();
        check.warnings = check.order.len() - check.errors;
        check
    }

    /// How many diagnostics it holds.
    #[must_use]
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether it holds no diagnostic.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Number of errors, as [`CheckOutcome::errors`] counts them.
    #[must_use]
    pub fn errors(&self) -> usize {
        self.errors
    }

    /// Number of warnings, as [`CheckOutcome::warnings`] counts them.
    #[must_use]
    pub fn warnings(&self) -> usize {
        self.warnings
    }

    /// Whether there are no errors (warnings allowed).
    #[must_use]
    pub fn is_ok(&self) -> bool {
        self.errors == 0
    }

    /// Every evidence quote of the positions that loaded, in file order, as
    /// [`CheckOutcome::quotes`] holds them.
    #[must_use]
    pub fn quotes(&self) -> &[QuoteReport] {
        &self.head.quotes
    }

    /// What [`CheckOutcome::report`] gives for [`CompactCheck::into_outcome`]'s result: one line
    /// per quote found, then the summary line.
    #[must_use]
    pub fn report(&self) -> String {
        crate::report::check_report(&self.head, self.errors, self.warnings)
    }

    /// The check with every diagnostic made: what [`Checker::run`](super::Checker::run)
    /// returns.
    #[must_use]
    pub fn into_outcome(mut self) -> CheckOutcome {
        let diagnostics = self.records().map(|r| self.diagnostic(r)).collect();
        CheckOutcome {
            diagnostics,
            ..std::mem::take(&mut self.head)
        }
    }

    /// The diagnostics, each as [`Diagnostic`]'s `Display` shows it and a newline, laid out in
    /// batches on up to `threads` threads and written to `out` in order, as
    /// [`write_diagnostics_on`](super::write_diagnostics_on) writes
    /// [`CompactCheck::into_outcome`]'s diagnostics: the same bytes, on any number of threads.
    ///
    /// # Errors
    /// What `out` returns when it cannot take the bytes; nothing more is written after it.
    pub fn write_diagnostics_on(&self, threads: usize, mut out: impl std::io::Write) -> std::io::Result<()> {
        self.write_batched(threads, DIAGNOSTICS_A_BATCH, &mut out)?;
        out.flush()
    }

    /// [`CompactCheck::write_diagnostics_on`] in batches of `batch`, unflushed.
    fn write_batched(&self, threads: usize, batch: usize, out: &mut impl std::io::Write) -> std::io::Result<()> {
        // Each file's name as shown, once.
        let shown: Vec<Cow<'_, str>> = self.files.iter().map(|f| visible(f)).collect();
        super::par::write_in_order(
            threads,
            &self.order,
            batch,
            || (),
            |(), _, part, buf| {
                // No size worked out beforehand: the buffers are reused from batch to batch,
                // so each grows to a batch's size once.
                for &at in part {
                    self.put(self.record(at), &shown, buf);
                    buf.push(b'\n');
                }
            },
            |bytes| out.write_all(bytes),
        )
    }

    /// The diagnostics in order.
    fn records(&self) -> impl Iterator<Item = &Record> {
        self.order.iter().map(|&at| self.record(at))
    }

    /// The record at (run, index).
    fn record(&self, (r, i): (u32, u32)) -> &Record {
        &self.runs[r as usize][i as usize]
    }

    /// The rank of a file among those named.
    fn rank(&self, file: FileRef) -> usize {
        let rank = match file {
            FileRef::Position(i) => self.position_ranks.get(i as usize),
            FileRef::Named(i) => self.named_ranks.get(i as usize),
        };
        rank.map_or(usize::MAX, |&r| r as usize)
    }

    /// The name of a record's file.
    fn file(&self, r: &Record) -> &str {
        self.files.get(self.rank(r.file)).map_or("", String::as_str)
    }

    /// The id of clause `clause` of loaded position `position`.
    fn id(&self, position: u32, clause: u32) -> &str {
        self.positions
            .get(position as usize)
            .and_then(|p| p.clauses.get(clause as usize))
            .map_or("", |c| c.id.as_str())
    }

    /// A record's field path, as [`Diagnostic::field`] holds it.
    fn field<'a>(&self, r: &'a Record) -> Option<Cow<'a, str>> {
        match &r.what {
            What::Clause { clause, warning, .. } => Field::Clause(*clause as usize, warning.field())
                .text()
                .map(|f| Cow::Owned(f.into_owned())),
            What::Text(t) => t.field.text(),
        }
    }

    /// A record's message, as [`Diagnostic::message`] holds it.
    fn message<'a>(&'a self, r: &'a Record) -> Cow<'a, str> {
        match &r.what {
            What::Clause {
                position,
                clause,
                warning,
            } => Cow::Owned(warning.message(self.id(*position, *clause))),
            What::Text(t) => Cow::Borrowed(&t.message),
        }
    }

    /// The record as a [`Diagnostic`].
    fn diagnostic(&self, r: &Record) -> Diagnostic {
        Diagnostic {
            file: self.file(r).to_owned(),
            line: r.line,
            column: r.column,
            severity: r.severity,
            kind: r.kind,
            field: self.field(r).map(Cow::into_owned),
            message: self.message(r).into_owned(),
        }
    }

    /// Whether two records of the same file, line and column are the same diagnostic.
    fn same(&self, a: &Record, b: &Record) -> bool {
        if (a.severity, a.kind) != (b.severity, b.kind) {
            return false;
        }
        match (&a.what, &b.what) {
            (
                What::Clause {
                    position: pa,
                    clause: ca,
                    warning: wa,
                },
                What::Clause {
                    position: pb,
                    clause: cb,
                    warning: wb,
                },
            ) => (ca, wa) == (cb, wb) && self.id(*pa, *ca) == self.id(*pb, *cb),
            (What::Text(ta), What::Text(tb))
                if std::mem::discriminant(&ta.field) == std::mem::discriminant(&tb.field) =>
            {
                ta.field == tb.field && ta.message == tb.message
            }
            // Told apart by their text, which is made for this: ties are few.
            _ => self.field(a) == self.field(b) && self.message(a) == self.message(b),
        }
    }

    /// Appends `r` as [`Diagnostic`]'s `Display` shows it: input text made visible, each
    /// piece tested for controls once and appended in one copy.
    fn put(&self, r: &Record, shown: &[Cow<'_, str>], out: &mut Vec<u8>) {
        let file = shown.get(self.rank(r.file)).map_or(&b""[..], |s| s.as_bytes());
        put_head(out, file, r.line, r.column, r.severity);
        match &r.what {
            What::Clause {
                position,
                clause,
                warning,
            } => {
                // `clauses[`, the index, the field's end and the message's start, the id, the
                // message's end: five copies. What shows a character depends on that
                // character alone, and the fixed text has nothing to show: only the id is
                // tested.
                let (middle, after) = warning.pieces();
                out.extend_from_slice(b"clauses[");
                out.extend_from_slice(decimal_bytes(*clause as usize, &mut [0; 20]));
                out.extend_from_slice(middle.as_bytes());
                append_visible(out, self.id(*position, *clause));
                out.extend_from_slice(after.as_bytes());
            }
            What::Text(t) => {
                t.field.put(out);
                append_visible(out, &t.message);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Clause, Modality};
    use proptest::prelude::*;

    /// Text with what must be shown escaped, and plain text, up to two parts.
    fn text() -> impl Strategy<Value = String> {
        crate::format::diagnostic::tests::shown_text(3)
    }

    /// A record of `positions` loaded positions, `named` names and at most `clauses` clauses a
    /// position: every kind of field and message, lines and columns that tie often.
    fn record(positions: u32, named: u32, clauses: u32) -> impl Strategy<Value = Record> {
        let file = prop_oneof![
            (0..positions).prop_map(FileRef::Position),
            (0..named).prop_map(FileRef::Named),
        ];
        let what = prop_oneof![
            (0..positions, 0..clauses, any::<bool>()).prop_map(|(position, clause, red)| What::Clause {
                position,
                clause,
                warning: if red {
                    ClauseWarning::InferredRedLine
                } else {
                    ClauseWarning::Unbased
                },
            }),
            (
                prop_oneof![
                    Just(Field::None),
                    (0..clauses as usize, prop_oneof![Just("id"), Just("modality")])
                        .prop_map(|(i, f)| Field::Clause(i, f)),
                    text().prop_map(Field::Path),
                    Just(Field::Path("clauses[1].id".into())),
                ],
                prop_oneof![
                    text(),
                    Just(ClauseWarning::Unbased.message("c1")),
                    Just(ClauseWarning::InferredRedLine.message("c0")),
                ],
            )
                .prop_map(|(field, message)| What::Text(Box::new(Text { field, message }))),
        ];
        (file, 0usize..3, 0usize..3, any::<bool>(), what).prop_map(|(file, line, column, error, what)| Record {
            line,
            column,
            what,
            file,
            severity: if error { Severity::Error } else { Severity::Warning },
            kind: DiagnosticKind::Semantics,
        })
    }

    fn position(ids: &[String]) -> Position {
        Position {
            clauses: ids
                .iter()
                .map(|id| Clause::new(id.clone(), "p", Modality::Must, "act"))
                .collect(),
            ..Position::default()
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        /// The records merged and written are, byte for byte, what the diagnostics they are
        /// give when merged by `merge_sorted` and written by `write_diagnostics_on`: files of
        /// odd names (controls, two positions of one file, a name both a position's and
        /// loading's), ids with controls, errors and warnings mixed, equal diagnostics made in
        /// different ways; on any number of threads, in batches of any size.
        #[test]
        fn compact_writes_what_the_diagnostics_write(
            files in proptest::collection::vec(
                prop_oneof![Just("a.toml".to_string()), Just("b\u{1b}.json".to_string()), text()],
                1..4,
            ),
            named in proptest::collection::vec(
                prop_oneof![Just("a.toml".to_string()), Just("v\n.toml".to_string()), text()],
                1..3,
            ),
            ids in proptest::collection::vec(
                proptest::collection::vec(prop_oneof![Just("c1".to_string()), Just("c0".to_string()), text()], 3),
                4,
            ),
            runs in proptest::collection::vec(proptest::collection::vec(record(4, 2, 3), 0..25), 0..5),
            sort_some in any::<bool>(),
            threads in 0usize..4,
            batch in 1usize..7,
        ) {
            // Four positions, on the files given in turn (so some share a file).
            let position_files: Vec<String> = (0..4).map(|i| files[i % files.len()].clone()).collect();
            let mut names = Names::default();
            for n in &named {
                names.of(n.clone());
            }
            let named_refs: Vec<FileRef> = named.iter().map(|n| names.of(n.clone())).collect();
            let mut runs = runs;
            // References to names not kept are not made.
            for r in runs.iter_mut().flatten() {
                if let FileRef::Named(i) = r.file {
                    r.file = named_refs[i as usize % named_refs.len()];
                }
            }
            let positions: Vec<Position> = ids.iter().map(|ids| position(ids)).collect();
            let head = CheckOutcome { positions: 4, ..CheckOutcome::default() };
            let name = |f: FileRef| match f {
                FileRef::Position(i) => position_files[i as usize].clone(),
                FileRef::Named(i) => named[i as usize].clone(),
            };
            if sort_some {
                for run in runs.iter_mut().step_by(2) {
                    run.sort_by_key(|a| (name(a.file), a.line, a.column));
                }
            }
            // The reference: each record made whole first, then merged as diagnostics are.
            let shell = CompactCheck::new(Parts {
                runs: Vec::new(),
                position_files: position_files.clone(),
                names: Names::default(),
                positions: positions.clone(),
                head: CheckOutcome::default(),
                leave: false,
            });
            let whole: Vec<Vec<Diagnostic>> = runs
                .iter()
                .map(|run| {
                    run.iter()
                        .map(|r| Diagnostic {
                            file: name(r.file),
                            ..shell.diagnostic(&Record { file: FileRef::Position(0), ..r.clone() })
                        })
                        .collect()
                })
                .collect();
            let want = super::super::diagnostic::merge_sorted(whole);
            let check = CompactCheck::new(Parts {
                runs,
                position_files,
                names,
                positions,
                head,
                leave: false,
            });
            let mut expected = Vec::new();
            super::super::write_diagnostics_on(threads, &want, &mut expected).unwrap();
            let mut got = Vec::new();
            check.write_batched(threads, batch, &mut got).unwrap();
            prop_assert_eq!(String::from_utf8(got).unwrap(), String::from_utf8(expected).unwrap());
            let mut got = Vec::new();
            check.write_diagnostics_on(threads, &mut got).unwrap();
            prop_assert_eq!(got.len(), want.iter().map(|d| d.to_string().len() + 1).sum::<usize>());
            let errors = want.iter().filter(|d| d.severity == Severity::Error).count();
            prop_assert_eq!((check.errors(), check.warnings(), check.len()), (errors, want.len() - errors, want.len()));
            let report = check.report();
            let outcome = check.into_outcome();
            prop_assert_eq!(report, outcome.report());
            prop_assert_eq!(outcome.diagnostics, want);
        }
    }

    /// A warning's message is the text `check` has always written.
    #[test]
    fn clause_warnings_read_as_before() {
        assert_eq!(
            ClauseWarning::Unbased.message("c7"),
            "clause `c7` has no evidence and no `basis`; it counts as inferred (add evidence, \
             `basis = \"document\"` with `source`, or `basis = \"inferred\"` with `rationale`)"
        );
        assert_eq!(
            ClauseWarning::InferredRedLine.message("d0"),
            "red line `d0` is inferred, not on the record"
        );
        assert_eq!(Field::Clause(12, "id").text().as_deref(), Some("clauses[12].id"));
        let mut out = Vec::new();
        Field::Clause(12, "id").put(&mut out);
        assert_eq!(out, b"clauses[12].id: ");
        for w in [ClauseWarning::Unbased, ClauseWarning::InferredRedLine] {
            let (middle, after) = w.pieces();
            let shown = format!("clauses[3{middle}x{after}");
            assert_eq!(shown, format!("clauses[3].{}: {}", w.field(), w.message("x")));
        }
    }
}
