//! The negdiff/1 file format: loading with located errors, canonical writing, quote checks.
//!
//! Analysts keep positions in files, one file per party per round. This module reads them from
//! TOML or JSON (the same schema; the syntax is chosen by extension, `.json` or anything else for
//! TOML, or set with [`Loader::format`]), checks them, and writes them back in a canonical form.
//! [`json_schema`] writes a JSON Schema of the format for editors, from the same field tables the
//! loader checks files against.
//!
//! # Loading
//!
//! - [`load_vocabulary`], [`load_position`] (validated against the vocabulary file named by its
//!   `vocabulary` field, or the implicit vocabulary when it names none),
//!   [`load_position_with`], and the `from_str` variants; [`Loader`] for options (size limit,
//!   default [`DEFAULT_MAX_BYTES`] = 16 MiB; syntax; threads for the files of a set, default
//!   [`DEFAULT_THREADS`], the result the same on any number).
//! - A load returns the model or a [`LoadError`] holding **every** [`Diagnostic`] of the file:
//!   syntax errors; a wrong or missing `format` or `kind`; unknown fields (with the closest valid
//!   name); missing required fields; wrong types; bad dates; and every rule of the model
//!   ([`crate::validate_vocabulary`], [`crate::validate_position`]): duplicate ids, unknown
//!   references (with the closest valid id), cycles, opposites that name different actions,
//!   empty ranges, weights outside [0, 1], a `where` that covers nothing. Each names the file, line, column and field:
//!
//!   ```text
//!   talks/russia.toml:12:10: error: clauses[3].where[0]: unknown entity `UKR`; did you mean `UA`?
//!   ```
//! - Files that are not UTF-8 or exceed the size limit are errors too, and so is a file denser
//!   than one bracket, brace or separator per 4 bytes on average (negotiation files spend 6 or
//!   more; 15 MB of `[],` would cost a gigabyte to parse): it is refused, at the item where it
//!   crosses that line, by a scan that allocates nothing, before any tree is built. No input
//!   makes the loader panic.
//!
//! # Checking a set of files
//!
//! [`check_files`] (or [`Checker`] with supplied source texts) loads every file, checks
//! `party/clause-id` conditions against the positions of that party in the set, and checks each
//! evidence quote against its source's text: a quote found (ignoring differences of whitespace,
//! letter case, quote marks and dashes) is reported with its line and column in the source; a quote
//! not found is an error that shows the closest passage. A source whose `path` does not exist is a
//! warning saying how many quotes went unchecked.
//!
//! A position is someone else's file: the paths it names (`vocabulary`, a source's `path`) must
//! stay inside its own folder tree, by name and through symbolic links, unless the caller allows
//! more folders ([`Loader::allow_path`]); a path that leaves it is an error at its field, and the
//! file is not read. Only regular files are read (a FIFO, a device or a directory is an error,
//! never a hang), each within the size limit. `check_files` also warns, located, about what
//! loads but may not say what was meant: a position's internal contradictions (what
//! [`crate::find_contradictions`] reports), an `amount` on an action without a unit, and,
//! between positions without a vocabulary, a name one edit away from a name another position
//! uses.
//!
//! [`CheckOutcome::diagnostics`] print one a line with [`write_diagnostics_on`], which lays them
//! out on several threads and writes the same bytes as each one's `Display` and a newline.
//! [`Checker::run_compact`] gives the check as a [`CompactCheck`], its diagnostics still compact
//! records (no string made for the warning about each of 10⁵ clauses), which writes the same
//! bytes itself ([`CompactCheck::write_diagnostics_on`]) and becomes the [`CheckOutcome`] on
//! demand ([`CompactCheck::into_outcome`]).
//!
//! # Writing
//!
//! [`to_toml`] and [`to_json`] write the canonical form: `format` and `kind` first, fields in the
//! order of this reference, groups sorted by name, defaults left out, dates as `"YYYY-MM-DD"`
//! strings. What they write loads back to an equal value.
//!
//! # The format, `negdiff/1`
//!
//! Every file starts with `format = "negdiff/1"` and `kind = "vocabulary"` or
//! `kind = "position"`. Field names are kebab-case; an unknown field is an error, so a typo cannot
//! silently drop a demand. Dates are ISO 8601 days, written as TOML dates (`2022-01-12`) or strings
//! (`"2022-01-12"`).
//!
//! **Vocabulary** (`kind = "vocabulary"`): the shared terms of a negotiation.
//!
//! | Field | Type | |
//! |---|---|---|
//! | `name` | string | required |
//! | `[[parties]]` | `id`, `name`, optional `entity` (its territory, an entity id) | who holds positions and bears norms |
//! | `[[entities]]` | `id`, `name`, optional `part-of` (an entity id) | places; naming a parent covers its parts |
//! | `[[actions]]` | `id`, optional `opposite`, `unit`, `converse`, `applies-to`, `amount-domain` | what clauses oblige, forbid or permit; an `opposite` pair is declared on either action or on both (naming each other) |
//! | `[[issues]]` | `id`, `title`, `actions = [...]` | agenda items; each action is in exactly one (a converse: its target's) |
//! | `[groups]` | group name = list of entity ids and `@group`s | named sets of places; no cycles |
//!
//! **Position** (`kind = "position"`): one party's stance at one time.
//!
//! | Field | Type | |
//! |---|---|---|
//! | `party` | party id | required |
//! | `label` | string | required |
//! | `date` | date | optional |
//! | `vocabulary` | path relative to this file | optional; without it the position uses the implicit vocabulary |
//! | `addresses` | list of issue ids | optional; the issues the document speaks to, absent is every issue; a clause on another issue is an error |
//! | `[[sources]]` | `id`, `title`, optional `publisher`, `date`, `path` (a local text file, relative to this file) | what the clauses rest on |
//! | `[groups]` | as in a vocabulary | the position's own groups |
//! | `[[clauses]]` | see below | the norms |
//!
//! A clause:
//!
//! | Field | Type | |
//! |---|---|---|
//! | `id` | string, unique in the position | required |
//! | `bearer` | party id, or list of party ids | required |
//! | `modality` | `must` \| `must-not` \| `may` \| `need-not` | required |
//! | `action` | action id | required |
//! | `where` | list of entity ids, `@group`s, `"*"` | optional; absent or `["*"]` is everywhere the action can happen |
//! | `when` | `{ from = DATE, until = DATE }`, either end optional, both inclusive | optional; absent is always |
//! | `amount` | `{ min = N, max = N }`, either end optional, both inclusive, in the action's unit | optional; absent is any amount in the action's domain |
//! | `strength` | `red-line` \| `demand` \| `offer` \| `preference` | optional, default `demand` |
//! | `weight` | number in [0, 1] | optional; default from the strength |
//! | `conditions` | list of `clause-id` or `party/clause-id` | optional; reciprocity |
//! | `text` | string | required; the clause in plain words |
//! | `basis` | `quoted` \| `document` \| `inferred` | optional; absent is `quoted` with evidence, else none (a warning; read as inferred) |
//! | `source` | source id | required with `basis = "document"`, not allowed otherwise |
//! | `rationale` | non-empty string | required with `basis = "inferred"`, not allowed otherwise |
//! | `[[clauses.evidence]]` | `source` (a source id), `quote`, optional `speaker` | quotes that support it |
//!
//! Without a vocabulary, every action is its own issue, entities are bare names, and there are no
//! opposites and no groups beyond the file's own ([`Vocabulary::implicit`](crate::Vocabulary::implicit)).
//!
//! ## Territories, converse actions and domains
//!
//! - `entity` (on a party): the party's own territory. Optional; needed by a party that bears a
//!   clause on a converse action.
//! - `converse = { action = "admit-members", by = "nato" }` (on an action): the action is
//!   another party's action seen from the bearer's side. A clause on it is read, for its bearers
//!   together, as the same clause with bearer `by`, action `action` and `where` = the bearers'
//!   entities with all their parts (its modality, `when` and `amount` unchanged); findings are
//!   keyed by the target and keep the clause's id. A converse belongs to its target's issue
//!   (listed there or in no issue), has no `opposite`, no domain of its own and its target's
//!   `unit`; its target is a plain action; a clause on it has no `where`.
//! - `applies-to = ["@non-members", "RU"]` (on an action): where it can happen at all; absent
//!   is everywhere. Opposites share one domain, declared on either. Every clause is cut to the
//!   domain: wholly outside is an error, partly outside a warning naming the places dropped, and
//!   a converse reading outside the target's domain a warning (the reading is dropped).
//! - `amount-domain = { min = 0, max = 100, whole = true }` (on an action with a `unit`): the
//!   amounts it can have (ends included; an end left out is open). Without it an action with a
//!   unit has `[0, ∞)`. `whole = true`: only whole numbers exist, so witnesses have whole,
//!   included ends and a region with no whole number in it is empty. A clause amount wholly
//!   outside the domain is an error.
//!
//! Warnings are [`Diagnostic`]s of [`Severity::Warning`]: [`check_files`] lists them, and
//! [`Loader::load_set`] returns them beside the loaded files.
//!
//! ```
//! use negdiff::{format, FindingKind};
//!
//! let vocabulary = format::vocabulary_from_str(r#"
//! format = "negdiff/1"
//! kind = "vocabulary"
//! name = "enlargement"
//!
//! [[parties]]
//! id = "nato"
//! name = "NATO"
//!
//! [[parties]]
//! id = "ukraine"
//! name = "Ukraine"
//! entity = "UA"
//!
//! [[parties]]
//! id = "russia"
//! name = "Russia"
//!
//! [[entities]]
//! id = "UA"
//! name = "Ukraine"
//!
//! [[entities]]
//! id = "PL"
//! name = "Poland"
//!
//! [[actions]]
//! id = "admit-members"
//! applies-to = ["UA"]
//!
//! [[actions]]
//! id = "join-alliance"
//! converse = { action = "admit-members", by = "nato" }
//!
//! [[actions]]
//! id = "deploy-launchers"
//! unit = "launchers"
//! amount-domain = { min = 0, whole = true }
//!
//! [[issues]]
//! id = "enlargement"
//! title = "Enlargement"
//! actions = ["admit-members"]
//!
//! [[issues]]
//! id = "arms"
//! title = "Arms"
//! actions = ["deploy-launchers"]
//! "#, "v.toml")?;
//! let clause = |party, text: &str| {
//!     format!("format = \"negdiff/1\"\nkind = \"position\"\nparty = \"{party}\"\nlabel = \"L\"\n\n[[clauses]]\n{text}text = \"t\"\n")
//! };
//! let ukraine = format::position_from_str(
//!     &clause("ukraine", "id = \"choose\"\nbearer = \"ukraine\"\nmodality = \"may\"\naction = \"join-alliance\"\n"),
//!     "u.toml",
//!     Some(&vocabulary),
//! )?;
//! let russia = format::position_from_str(
//!     &clause("russia", "id = \"ban\"\nbearer = \"nato\"\nmodality = \"must-not\"\naction = \"admit-members\"\n"),
//!     "r.toml",
//!     Some(&vocabulary),
//! )?;
//! let c = negdiff::compare(&vocabulary, &ukraine, &russia)?;
//! let conflict = c.of_kind(FindingKind::Conflict).next().unwrap();
//! assert_eq!((&*conflict.bearer, &*conflict.action), ("nato", "admit-members"));
//! assert_eq!(conflict.scope[0].places, ["UA"]); // never Poland: it cannot be admitted
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Example
//!
//! ```
//! use negdiff::format;
//!
//! let vocabulary = r#"
//! format = "negdiff/1"
//! kind = "vocabulary"
//! name = "European security talks"
//!
//! [[parties]]
//! id = "russia"
//! name = "Russian Federation"
//!
//! [[parties]]
//! id = "nato"
//! name = "North Atlantic Treaty Organization"
//!
//! [[entities]]
//! id = "UA"
//! name = "Ukraine"
//!
//! [[entities]]
//! id = "crimea"
//! name = "Crimea"
//! part-of = "UA"
//!
//! [[entities]]
//! id = "PL"
//! name = "Poland"
//!
//! [[entities]]
//! id = "EE"
//! name = "Estonia"
//!
//! [[actions]]
//! id = "deploy-forces"
//! opposite = "withdraw-forces"
//!
//! [[actions]]
//! id = "withdraw-forces"
//! opposite = "deploy-forces"
//!
//! [[actions]]
//! id = "deploy-missiles"
//! unit = "km"
//!
//! [[issues]]
//! id = "force-posture"
//! title = "Where armed forces are stationed"
//! actions = ["deploy-forces", "withdraw-forces"]
//!
//! [[issues]]
//! id = "missiles"
//! title = "Land-based missiles"
//! actions = ["deploy-missiles"]
//!
//! [groups]
//! baltics = ["EE"]
//! eastern-flank = ["PL", "@baltics"]
//! "#;
//!
//! let position = r#"
//! format = "negdiff/1"
//! kind = "position"
//! party = "russia"
//! label = "Draft agreement, 17 December 2021"
//! date = 2021-12-17
//! vocabulary = "vocabulary.toml"
//! addresses = ["force-posture", "missiles"]
//!
//! [[sources]]
//! id = "draft"
//! title = "Draft agreement on security measures"
//! publisher = "Ministry of Foreign Affairs of the Russian Federation"
//! date = 2021-12-17
//! path = "sources/draft.txt"
//!
//! [[clauses]]
//! id = "art4-no-forces"
//! bearer = "nato"
//! modality = "must-not"
//! action = "deploy-forces"
//! where = ["@eastern-flank"]
//! when = { from = 2022-01-01 }
//! strength = "red-line"
//! text = "No NATO forces in states that joined after May 1997."
//!
//! [[clauses.evidence]]
//! source = "draft"
//! quote = "shall not deploy military forces and weaponry"
//!
//! [[clauses]]
//! id = "art5-no-missiles"
//! bearer = ["nato", "russia"]
//! modality = "must-not"
//! action = "deploy-missiles"
//! where = ["*"]
//! amount = { min = 500, max = 5500 }
//! weight = 0.9
//! conditions = ["art4-no-forces"]
//! text = "Neither side deploys intermediate-range missiles where they can reach the other."
//! basis = "document"
//! source = "draft"
//!
//! [[clauses]]
//! id = "crimea-stays"
//! bearer = "russia"
//! modality = "may"
//! action = "deploy-forces"
//! where = ["crimea"]
//! text = "Russian forces stay in Crimea."
//! basis = "inferred"
//! rationale = "The draft is silent on Crimea; every Russian statement treats it as Russian soil."
//! "#;
//!
//! let v = format::vocabulary_from_str(vocabulary, "vocabulary.toml")?;
//! let p = format::position_from_str(position, "russia.toml", Some(&v))?;
//! assert_eq!(p.clauses.len(), 3);
//! assert_eq!(p.clauses[1].bearer, ["nato", "russia"]);
//! // What each clause rests on: a quote, a source text, the analyst's reading.
//! use negdiff::Basis;
//! let bases: Vec<Basis> = p.clauses.iter().map(|c| c.record_basis()).collect();
//! assert_eq!(bases, [Basis::Quoted, Basis::Document, Basis::Inferred]);
//! assert!(p.addresses_issue("missiles") && !p.addresses_issue("enlargement"));
//!
//! // The same position in JSON, written canonically, loads to an equal value.
//! let json = format::to_json(&p)?;
//! assert!(json.starts_with("{\n  \"format\": \"negdiff/1\",\n  \"kind\": \"position\","));
//! assert_eq!(format::position_from_str(&json, "russia.json", Some(&v))?, p);
//!
//! // A typo is an error at its line and column, with a suggestion.
//! let typo = position.replace(r#"where = ["@eastern-flank"]"#, r#"where = ["@eastern-flnak"]"#);
//! let e = format::position_from_str(&typo, "russia.toml", Some(&v)).unwrap_err();
//! assert_eq!(
//!     e.to_string(),
//!     "russia.toml:22:10: error: clauses[0].where[0]: unknown group `@eastern-flnak`; did you mean `@eastern-flank`?"
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod check;
mod compact;
mod diagnostic;
mod fast;
mod files;
mod json_schema;
mod lint;
mod load;
mod locate;
pub(crate) mod par;
mod quotes;
mod schema;
mod tree;
mod write;

use std::path::Path;

use crate::model::{Position, Vocabulary};

pub use check::{check_files, CheckOutcome, Checker, QuoteReport, QuoteStatus};
pub use compact::CompactCheck;
pub use diagnostic::{write_diagnostics_on, Diagnostic, LoadError, Severity};
#[cfg(feature = "testing")]
pub(crate) use fast::clause_marks;
pub use json_schema::{json_schema, json_schema_any, FileKind};
pub use load::{LoadedSet, Loader, DEFAULT_MAX_BYTES, DEFAULT_THREADS};
#[cfg(feature = "testing")]
pub(crate) use locate::agrees_with_tree;
#[cfg(feature = "testing")]
pub(crate) use locate::json_clause_marks;
pub use quotes::{find_quote, QuoteMatch};
pub(crate) use write::{position_toml_marked, LineMarks};
pub use write::{to_json, to_toml, FileBody, WriteError};

/// The `format` string of files this build writes.
pub const FORMAT: &str = "negdiff/1";

/// Every `format` string this build reads.
pub const FORMATS_READ: &[&str] = &[FORMAT];

/// The syntax of a file: TOML or JSON, with the same schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// TOML (`.toml`, and any extension other than `.json`).
    Toml,
    /// JSON (`.json`).
    Json,
}

impl Format {
    /// The file extension of this syntax, without the dot: `toml` or `json`.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Format::Toml => "toml",
            Format::Json => "json",
        }
    }

    /// Writes a vocabulary or position in this syntax, in canonical form ([`to_toml`],
    /// [`to_json`]).
    ///
    /// ```
    /// use negdiff::format::Format;
    /// let v = negdiff::Vocabulary::new("talks").party("a", "A");
    /// let path = format!("vocabulary.{}", Format::Json.extension());
    /// let text = Format::from_path(path.as_ref()).write(&v).unwrap();
    /// assert_eq!(negdiff::format::vocabulary_from_str(&text, &path).unwrap(), v);
    /// ```
    ///
    /// # Errors
    /// When the value cannot be written (see [`WriteError`]).
    pub fn write<T: FileBody>(self, value: &T) -> Result<String, WriteError> {
        match self {
            Format::Toml => to_toml(value),
            Format::Json => to_json(value),
        }
    }

    /// The syntax a path's extension implies: JSON for `.json`, TOML otherwise.
    #[must_use]
    pub fn from_path(path: &Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("json") => Format::Json,
            _ => Format::Toml,
        }
    }
}

/// A loaded file of either kind.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Document {
    /// A `kind = "vocabulary"` file.
    Vocabulary(Vocabulary),
    /// A `kind = "position"` file.
    Position(Position),
}

/// Loads and validates a vocabulary file with default options (see [`Loader`]).
///
/// # Errors
/// Every problem in the file, each with its line and column.
pub fn load_vocabulary(path: impl AsRef<Path>) -> Result<Vocabulary, LoadError> {
    Loader::new().vocabulary(path)
}

/// Loads a position file and validates it against the vocabulary file it names, or the
/// implicit vocabulary when it names none (see [`Loader::position`]).
///
/// # Errors
/// Every problem in the file (and in its vocabulary file), each with its line and column.
pub fn load_position(path: impl AsRef<Path>) -> Result<Position, LoadError> {
    Loader::new().position(path)
}

/// Loads a position file and validates it against `vocabulary`.
///
/// # Errors
/// Every problem in the file, each with its line and column.
pub fn load_position_with(path: impl AsRef<Path>, vocabulary: &Vocabulary) -> Result<Position, LoadError> {
    Loader::new().position_with(path, vocabulary)
}

/// Loads several positions and their shared vocabulary with default options (see
/// [`Loader::set`]).
///
/// ```
/// let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
/// let (vocabulary, positions) = negdiff::format::load_set(
///     &[dir.join("russia-2022-01-12-brussels.toml"), dir.join("nato-2022-01-12-brussels.toml")],
///     None, // the vocabulary the positions name
/// )?;
/// let report = negdiff::compare(&vocabulary, &positions[0], &positions[1])?;
/// assert!(report.conflicts().count() > 0);
/// # Ok::<(), negdiff::Error>(())
/// ```
///
/// # Errors
/// Every problem in every file.
pub fn load_set<P: AsRef<Path>>(
    positions: &[P],
    vocabulary: Option<&Path>,
) -> Result<(Vocabulary, Vec<Position>), LoadError> {
    Loader::new().set(positions, vocabulary)
}

/// Reads a vocabulary from text; `name` names it in diagnostics and its extension picks the
/// syntax (`.json` for JSON, TOML otherwise).
///
/// # Errors
/// Every problem in the text.
pub fn vocabulary_from_str(text: &str, name: &str) -> Result<Vocabulary, LoadError> {
    Loader::new().vocabulary_from_str(text, name)
}

/// Reads a position from text and validates it against `vocabulary` (the implicit vocabulary
/// when `None`).
///
/// # Errors
/// Every problem in the text.
pub fn position_from_str(text: &str, name: &str, vocabulary: Option<&Vocabulary>) -> Result<Position, LoadError> {
    Loader::new().position_from_str(text, name, vocabulary)
}
