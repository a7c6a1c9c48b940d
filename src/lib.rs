#![doc = include_str!("../README.md")]
//!
//! # Semantics
//!
//! ## Clauses become norms
//! Each clause is read, once per bearer, as a deontic norm over a **base action**:
//!
//! | clause | norm over `a` |
//! |---|---|
//! | `must a` | O(a) — obligatory |
//! | `must-not a` | O(¬a) — forbidden |
//! | `may a` | P(a) — permitted |
//! | `need-not a` | P(¬a) — permitted to refrain |
//!
//! An action's `opposite` is its negation: of two opposites, the one the vocabulary declares
//! first is the base, so `must withdraw-forces` is O(¬deploy-forces) when `deploy-forces` comes
//! first. The pair is declared on either action (`opposite = "withdraw-forces"` on
//! `deploy-forces` is enough) or on both, naming each other. Findings always name the base
//! action and the normalised modality ([`Finding::left_norm`], [`Finding::right_norm`]).
//!
//! ## Scopes are regions
//! A clause covers a region: `where` × `when` × `amount`. `where` is a set of **atoms**: each
//! entity's own territory (the entity minus its named parts) plus one atom, `*`, for every place
//! the vocabulary does not name. Naming an entity covers its parts (`UA` covers `crimea` when
//! `crimea` is `part-of` `UA`); `@group` covers its members; an absent `where` covers every atom.
//! `when` is an interval of days, `amount` an interval of numbers in the action's unit; the
//! bounds written in clauses are inclusive, an absent bound is open.
//!
//! ## One event, two descriptions: converse actions
//! A party may name its territory (`entity`), and an action may be the **converse** of another
//! party's action (`converse = { action = "admit-members", by = "nato" }`): Ukraine joining the
//! alliance is NATO admitting members at Ukraine. A clause on a converse action is read, for
//! its bearers together, as one norm of `by` over the target's base action, at the bearers'
//! entities (with all their parts), with the clause's own modality, `when` and `amount`. Its
//! findings are keyed by the target (bearer, action, issue), keep the clause's id, and the
//! explanation says how it was read.
//!
//! ```
//! use negdiff::{compare, Clause, FindingKind, Modality, Position, Vocabulary};
//!
//! let vocab = Vocabulary::new("enlargement")
//!     .party("nato", "NATO")
//!     .party("russia", "Russia")
//!     .party("ukraine", "Ukraine")
//!     .territory("ukraine", "UA")
//!     .entity("UA", "Ukraine", None)
//!     .action("admit-members", None)
//!     .converse("join-alliance", "admit-members", "nato")
//!     .issue("enlargement", "Enlargement", ["admit-members"]);
//! let ukraine = Position::new("ukraine", "aspiration")
//!     .clause(Clause::new("right-to-choose", "ukraine", Modality::May, "join-alliance"));
//! let russia = Position::new("russia", "draft")
//!     .clause(Clause::new("ban", "nato", Modality::MustNot, "admit-members").at(["UA"]));
//! let c = compare(&vocab, &ukraine, &russia)?;
//! let f = c.of_kind(FindingKind::Conflict).next().unwrap();
//! assert_eq!((&*f.bearer, &*f.action, &f.left[0][..]), ("nato", "admit-members", "right-to-choose"));
//! assert!(f.explanation.starts_with(
//!     "ukraine's `right-to-choose` (ukraine may join-alliance), read as nato may admit-members at Ukraine"
//! ));
//! # Ok::<(), negdiff::Error>(())
//! ```
//!
//! ## Domains: where and how much an action can happen
//! An action's `applies-to` (entities, `@groups`, `*`) is where it can happen at all; its
//! **amount domain** is `amount-domain = { min, max }`, or `[0, ∞)` for an action with a
//! `unit` that declares none, or every number for an action without a unit. Two opposites
//! share one domain, and a converse has its target's. Every clause's region is cut to the
//! domain before anything is compared, so every finding, gap included, lies inside it; a
//! clause wholly outside is an error, and the places cut from a clause that names them are
//! reported as warnings ([`position_warnings`]). With `whole = true` only whole numbers exist:
//! a witness's amount ends are whole and included, and a region with no whole number in it
//! (such as (6104, 6105)) is empty, never a gap. A witness whose amount is the whole domain
//! shows no amount ([`ScopeBox::amount`] is `None`).
//!
//! ```
//! use negdiff::{compare, Clause, Interval, FindingKind, Modality, Position, Vocabulary};
//!
//! let vocab = Vocabulary::new("centrifuges")
//!     .party("iran", "Iran")
//!     .party("e3", "E3")
//!     .action("install-centrifuges", Some("centrifuges"))
//!     .amount_domain("install-centrifuges", Some(0.0), None, true)
//!     .issue("enrichment", "Enrichment", ["install-centrifuges"]);
//! let cap = Position::new("e3", "cap")
//!     .clause(Clause::new("cap", "iran", Modality::May, "install-centrifuges").amount(..=6104.0));
//! let claim = Position::new("iran", "claim")
//!     .clause(Clause::new("claim", "iran", Modality::May, "install-centrifuges").amount(..=19000.0));
//! let c = compare(&vocab, &cap, &claim)?;
//! let gap = c.of_kind(FindingKind::Gap).next().unwrap();
//! // From the next whole centrifuge, included: not "just above 6104".
//! assert_eq!(gap.scope[0].amount, Some(Interval::closed(Some(6105.0), Some(19000.0))));
//! # Ok::<(), negdiff::Error>(())
//! ```
//!
//! ## Relations and witnesses
//! Two clauses of the two sides on the same bearer and base action whose regions intersect are,
//! on that intersection (the **witness**):
//!
//! | left \ right | O(a) | O(¬a) | P(a) | P(¬a) |
//! |---|---|---|---|---|
//! | **O(a)** | agreement | conflict | overlap | conflict |
//! | **O(¬a)** | conflict | agreement | conflict | overlap |
//! | **P(a)** | overlap | conflict | agreement | overlap |
//! | **P(¬a)** | conflict | overlap | overlap | agreement |
//!
//! A **gap** is the part of one side's clause region that no clause of the other side on the
//! same bearer and base action covers; when the other side says nothing at all on the issue,
//! the gap is marked [`Finding::whole_issue`]. Strength, weight and conditions never change a
//! relation; they annotate it: [`Finding::red_lines`] counts the red lines involved (2 is the
//! most severe conflict) and [`Finding::conditions`] lists the clauses a finding rests on.
//!
//! Witnesses are exact: a list of disjoint [`ScopeBox`]es whose interval ends say whether they
//! are included. Dates are whole days, so a gap after "until 2022-01-20" starts on 2022-01-21;
//! amounts are real numbers, so the gap above "at most 100" starts just above 100
//! (`min: 100, min_inclusive: false`).
//!
//! The engine holds these laws, checked by property tests against a brute-force reference that
//! expands every region into cells:
//! - for every clause, its witnesses plus its gap cover its region exactly, and the gap meets
//!   no clause of the other side on the same key;
//! - every finding lies inside its action's domain (places and amounts), and a clause on a
//!   converse action compares exactly as the target clause it is read as;
//! - `compare(b, a)` is `compare(a, b).mirrored()`; conflict is symmetric;
//! - `compare(a, a)` has no gaps, and conflicts exactly where [`find_contradictions`]
//!   finds contradictions;
//! - each finding's basis, each gap's silence and each issue's verdict are the ones the
//!   reference derives on its own (`testing::reference`, feature `testing`).
//!
//! ```
//! use negdiff::{compare, Clause, Interval, FindingKind, Modality, Position, Vocabulary};
//!
//! let vocab = Vocabulary::new("missiles")
//!     .party("russia", "Russia")
//!     .party("nato", "NATO")
//!     .action("deploy-missiles", Some("km"))
//!     .issue("missiles", "Missiles", ["deploy-missiles"]);
//! let ban = Position::new("russia", "draft").clause(
//!     Clause::new("ban", "nato", Modality::MustNot, "deploy-missiles").amount(500.0..=5500.0),
//! );
//! let limit = Position::new("nato", "reply").clause(
//!     Clause::new("limit", "nato", Modality::NeedNot, "deploy-missiles").amount(..=1000.0),
//! );
//! let c = compare(&vocab, &ban, &limit)?;
//! // Common ground where both speak: forbidding asks more than permitting restraint.
//! let overlap = c.of_kind(FindingKind::Overlap).next().unwrap();
//! assert_eq!(overlap.scope[0].amount, Some(Interval::closed(Some(500.0), Some(1000.0))));
//! // Russia's ban above 1000 km is a gap that starts just above 1000.
//! let gap = c.of_kind(FindingKind::Gap).find(|f| f.left == ["ban"]).unwrap();
//! let above = gap.scope[0].amount.unwrap();
//! assert_eq!((above.min, above.min_inclusive), (Some(1000.0), false));
//! # Ok::<(), negdiff::Error>(())
//! ```
//!
//! ## Verdicts per issue
//! Each issue either side raises gets a [`Verdict`] in the style of policy analysers:
//! `equivalent` (only agreements), `left-asks-more` (no conflict; the left side obliges where
//! the right permits, or speaks where the right, addressing the issue, is silent),
//! `right-asks-more`, `incomparable` (a conflict, a permission facing a permission to refrain,
//! or each side asking more somewhere), `disjoint` (both raise the issue but their regions
//! never meet), `left-only` / `right-only` (the other side's document does not address the
//! issue: its silence there is no answer, so a `not-addressed` gap never tips a verdict).
//!
//! ## What a document addresses
//! A position may list the issues it speaks to ([`Position::addresses`]; absent is every
//! issue). A clause on another issue is an error. A gap whose silent side does not address
//! the finding's issue is [`Silence::NotAddressed`] — "not in nato's document" — and one where
//! it does is [`Silence::Silent`] — "nato says nothing here"; [`Finding::silence`] says which,
//! [`Summary::silence`] counts them, and the reports list them apart. In
//! [`evolve`](crate::evolve()), a clause of the old round on an issue the new round does not
//! address is **not restated**
//! ([`ChangeKind::NotRestated`](evolution::ChangeKind::NotRestated), neutral), never dropped
//! and never a concession.
//!
//! ```
//! use negdiff::{compare, Clause, Modality, Position, Silence, Vocabulary};
//!
//! let vocab = Vocabulary::new("talks")
//!     .party("russia", "Russia").party("nato", "NATO")
//!     .action("admit-members", None).action("deploy-forces", None)
//!     .issue("enlargement", "Enlargement", ["admit-members"])
//!     .issue("posture", "Force posture", ["deploy-forces"]);
//! let russia = Position::new("russia", "draft")
//!     .clause(Clause::new("no-enlargement", "nato", Modality::MustNot, "admit-members"));
//! // NATO's reply speaks to force posture only.
//! let reply = Position::new("nato", "reply").addressing(["posture"])
//!     .clause(Clause::new("stay", "nato", Modality::May, "deploy-forces"));
//! let c = compare(&vocab, &russia, &reply)?;
//! let gap = c.findings.iter().find(|f| f.left == ["no-enlargement"]).unwrap();
//! assert_eq!(gap.silence, Some(Silence::NotAddressed));
//! assert!(gap.explanation.starts_with("not in nato's document"));
//! # Ok::<(), negdiff::Error>(())
//! ```
//!
//! ## What is on the record
//! Each clause has a [`Basis`]: `quoted` (it has an evidence quote), `document`
//! (`basis = "document"` with the `source` it rests on) or `inferred` (`basis = "inferred"`
//! with a `rationale`); a clause with neither evidence nor basis is read as inferred, and
//! `check` warns about it and about every inferred red line. A finding's [`Finding::basis`]
//! is the weakest of its clauses' (`quoted` < `document` < `inferred`); [`Summary::by_basis`]
//! counts each kind by basis, the text headline reads "5 conflicts (3 on the record, 2
//! inferred; …)", and inferred findings are marked. [`compare_with`] with
//! [`CompareOptions::on_record`] (the command's `--on-record`) reads only the clauses on the
//! record: it equals comparing the positions without their inferred clauses.
//!
//! ```
//! use negdiff::{compare, Basis, Clause, Modality, Position, Vocabulary};
//!
//! let vocab = Vocabulary::new("talks")
//!     .party("russia", "Russia").party("nato", "NATO")
//!     .action("admit-members", None)
//!     .issue("enlargement", "Enlargement", ["admit-members"]);
//! let russia = Position::new("russia", "draft").source(negdiff::Source::new("draft", "Draft treaty"))
//!     .clause(Clause::new("ban", "nato", Modality::MustNot, "admit-members").from_document("draft"));
//! let nato = Position::new("nato", "reply")
//!     .clause(Clause::new("open-door", "nato", Modality::May, "admit-members")
//!         .inferred("the open-door policy was reaffirmed, not this sentence"));
//! let c = compare(&vocab, &russia, &nato)?;
//! assert_eq!(c.findings[0].basis, Basis::Inferred);
//! assert!(c.to_string().contains("1 conflict (0 on the record, 1 inferred; 0 on red lines)"));
//! # Ok::<(), negdiff::Error>(())
//! ```
//!
//! # Paths
//! Every public item has one path. The crate root holds what most programs need: the model
//! ([`Vocabulary`], [`Position`], [`Clause`], [`Date`], [`Interval`], …), the analysis
//! ([`compare`], [`compare_all`], [`find_contradictions`], [`Analyzer`], [`Comparison`],
//! [`Finding`], [`FindingKind`], …), the one [`Error`] with its [`DiagnosticKind`], and
//! [`evolve`](crate::evolve()) / [`evolve_with`]. The modules hold the rest:
//! - [`evolution`]: what [`evolve`](crate::evolve()) returns ([`evolution::Evolution`],
//!   [`evolution::Change`], directions, options).
//! - [`format`](mod@format): negdiff/1 files: loading with located [`format::Diagnostic`]s,
//!   checking a set of files ([`format::check_files`]), writing, the JSON Schema.
//! - [`report`]: text and Markdown rendering, and self-contained HTML pages
//!   ([`report::html`]) (JSON is the serde form of the report types).
//! - [`bargain`]: outcome spaces, Pareto frontier, Nash and Kalai–Smorodinsky points.
//! - [`escape`]: input text made safe to show in a terminal or in Markdown.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]
// From `clippy::pedantic`, the lints that shape the public API are kept on for every build:
// a result nobody reads is a bug, and every fallible function says when it fails.
#![warn(
    clippy::must_use_candidate,
    clippy::return_self_not_must_use,
    clippy::missing_errors_doc
)]
// The rest of `clippy::pedantic` (`cargo clippy -- -W clippy::pedantic`) is allowed, each for
// its reason:
// - numeric casts: counts, day numbers and bit indices stay far inside every range involved
//   (days within ±10 000 years, sizes of in-memory collections), checked where input enters;
#![allow(
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_sign_loss,
    clippy::cast_lossless
)]
// - a float compared exactly: the engine works on exact interval ends and exact weights;
//   a tolerance would break the witness laws (ties are handled by `TIE_TOLERANCE` on purpose);
#![allow(clippy::float_cmp)]
// - long functions: the lead splits them along their comments in one pass (issue 13);
#![allow(clippy::too_many_lines)]
// - proper nouns in docs (NegMAS, GENIUS) are names, not code;
#![allow(clippy::doc_markdown)]
// - internal style the crate does not follow, in private code only: `write!` into a
//   `String`, `match` on one pattern, `map().unwrap_or()`, short binding names, items after
//   statements, identical arms kept apart for their comments, closures kept for symmetry,
//   wildcard enum imports in tables of rules, by-value arguments of private helpers.
#![allow(
    clippy::format_push_string,
    clippy::single_match_else,
    clippy::map_unwrap_or,
    clippy::many_single_char_names,
    clippy::similar_names,
    clippy::items_after_statements,
    clippy::match_same_arms,
    clippy::redundant_closure_for_method_calls,
    clippy::enum_glob_use,
    clippy::needless_pass_by_value,
    clippy::trivially_copy_pass_by_ref,
    clippy::ref_option,
    clippy::unused_self,
    clippy::match_wildcard_for_single_variants,
    clippy::single_match,
    clippy::uninlined_format_args,
    clippy::needless_continue,
    clippy::redundant_else,
    clippy::unnested_or_patterns,
    clippy::elidable_lifetime_names,
    clippy::if_not_else,
    clippy::default_trait_access,
    clippy::assigning_clones,
    clippy::range_plus_one,
    clippy::manual_midpoint,
    clippy::nonminimal_bool
)]

mod analysis;
pub mod bargain;
mod error;
pub mod escape;
pub mod evolution;
pub mod format;
pub(crate) mod keyed;
mod model;
pub mod report;
mod suggest;
#[cfg(feature = "testing")]
pub mod testing;

// One path per public item: `analysis`, `model` and `error` are private and everything public
// in them is re-exported here; the public modules re-export nothing that is also here
// (`tests/api_surface.rs` keeps it so).
pub use analysis::{
    compare, compare_all, compare_all_with, compare_with, find_contradictions, position_warnings, validate_position,
    validate_vocabulary, Analyzer, BasisCounts, CompactComparison, CompareOptions, Comparison, ContradictionReport,
    Counts, Finding, FindingKind, IssueMap, IssueVerdict, Legend, Matrix, Name, NamedSet, PairCell, PositionInfo,
    Quote, ScopeBox, Side, Silence, SilenceCounts, Summary, Verdict, WitnessSize,
};
pub use error::{DiagnosticKind, Error};
pub use evolution::entry::{evolve, evolve_with};
pub use model::{
    Action, AmountDomain, AmountRange, Basis, Clause, ClauseRef, Converse, Date, DateError, DateRange, Entity,
    Evidence, FieldPath, InclusiveBounds, Interval, Invalid, Issue, Modality, Party, Point, Position, Problem, Segment,
    Source, Strength, Vocabulary,
};
