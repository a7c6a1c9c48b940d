//! Evolution: how one party's position moved between two rounds.
//!
//! [`evolve`](crate::evolve()) aligns the clauses of an old and a new position of the same
//! party, reports what changed in each clause (modality, scope, strength, weight, conditions,
//! evidence, text), and classes each change as a **concession**, a **hardening**, or
//! **neutral**; a change whose fields pull in both directions is **mixed**.
//! [`Evolution::apply_to`] replays a report on the old position and gives back the new one.
//!
//! # Alignment
//!
//! 1. Clauses with the same id match.
//! 2. Of the rest, an old and a new clause with the same bearers (as a set) and the same base
//!    action (an action and its `opposite` share a base) match as **reworded** when the word
//!    similarity of their texts (`similar`'s ratio over words, from 0 to 1) is at least
//!    [`EvolveOptions::reword_threshold`] ([`DEFAULT_REWORD_THRESHOLD`] = 0.6 by default).
//!    Candidates are taken best ratio first; ties go to the pair whose file positions add up
//!    to less, then to the earlier old clause.
//! 3. A matched clause is **reordered** when its order relative to the other matched clauses
//!    changed: it is not part of every longest run of matched clauses that keeps its order in
//!    both files. (Two clauses that swapped places are both reordered; a clause taken from the
//!    top to the bottom is the only one reordered.)
//! 4. Unmatched old clauses are **dropped**, unmatched new clauses **added** — except on issues
//!    only one round addresses (see below).
//!
//! # What each round addresses
//!
//! A position may list the issues it `addresses` (absent: every issue). A clause of the old
//! round on an issue the new round does not address is **not restated**: the new document
//! says nothing either way, so the clause is neither dropped nor conceded — its change is
//! neutral. The mirror, a new clause on an issue the old round did not address, is **newly
//! addressed**, neutral too (not added, not a hardening). Such clauses match nothing across
//! the unaddressed issue, even by id. A change of `addresses` itself is a position change
//! (`field: "addresses"`, neutral) whose `removed` lists the issues no longer addressed and
//! `added` the issues newly addressed, in vocabulary order. With a counterpart, a conflict
//! that disappears because the new round does not address its issue is `not-restated`, not
//! `closed` (and one that appears because the old round did not address it is
//! `newly-addressed`, not `opened`).
//!
//! ```
//! use negdiff::{evolve, Clause, Modality, Position, Vocabulary};
//! use negdiff::evolution::{ChangeKind, Direction};
//! let vocab = Vocabulary::new("v")
//!     .party("a", "A").party("b", "B")
//!     .action("deploy", None).action("talk", None)
//!     .issue("forces", "Forces", ["deploy"]).issue("talks", "Talks", ["talk"]);
//! let old = Position::new("a", "round 1")
//!     .clause(Clause::new("no-deploy", "b", Modality::MustNot, "deploy"))
//!     .clause(Clause::new("talk", "b", Modality::Must, "talk"));
//! // The reply speaks to the talks only.
//! let new = Position::new("a", "reply").addressing(["talks"])
//!     .clause(Clause::new("talk", "b", Modality::Must, "talk"));
//! let ev = evolve(&vocab, &old, &new).unwrap();
//! let c = ev.change("no-deploy").unwrap();
//! assert_eq!((c.kind, c.direction), (ChangeKind::NotRestated, Direction::Neutral));
//! let addresses = ev.position.iter().find(|f| f.field == "addresses").unwrap();
//! assert_eq!(addresses.removed, ["forces"]);
//! ```
//!
//! A matched change's `kind` is `reworded` when the id changed, else `reordered` when its place
//! changed, else `modified`; `reordered` is also a flag on every change, so a reworded clause
//! can be reordered too, and a reordered clause can also carry field changes. Matched clauses
//! with no field change that kept their place are not reported (they are counted as
//! `unchanged`). (In Rust the kind is [`ChangeKind::Moved`] and the flag `Change::moved`; JSON
//! and reports say `reordered`, and JSON written as `moved` by earlier versions still reads.)
//!
//! # Direction
//!
//! Direction needs to know who is bound. For the party `P` whose positions are compared, each
//! bearer `b` of a clause gives the clause a **role**:
//!
//! | role | when | meaning |
//! |---|---|---|
//! | *give* | the clause's strength is `offer`, or `b` is `P` and the modality is `must` / `must-not` | something `P` puts on the table: a commitment of its own, or an offer |
//! | *ask* | otherwise: an obligation on another party, or a permission for anyone (`P` itself, or a third party whose freedom `P` defends), not offered | something `P` asks of others or claims |
//!
//! Each field change is then a **delta** per bearer: *more* (the clause covers or binds more),
//! *less*, *both* (some more, some less) or *same*. The direction of a delta follows from the
//! roles the bearer has in the old and the new clause:
//!
//! | role before → after | more | less | both | same |
//! |---|---|---|---|---|
//! | ask → ask | hardening | concession | mixed | neutral |
//! | give → give | concession | hardening | mixed | neutral |
//! | ask → give | concession | concession | concession | neutral |
//! | give → ask | hardening | hardening | hardening | neutral |
//!
//! The deltas of each field:
//!
//! | field | more | less | both | same / neutral |
//! |---|---|---|---|---|
//! | added clause | every bearer: more | | | |
//! | dropped clause | | every bearer: less | | |
//! | `where` | atoms added only (widened) | atoms removed only (narrowed) | atoms added and removed | the same atoms written differently |
//! | `when`, `amount` | the new interval covers the old (widened) | the old covers the new (narrowed) | shifted | the same interval |
//! | `modality` (normalised over the base action) | permission → obligation (`may` → `must`, `need-not` → `must-not`, `may` → `must-not`, …): tightened | obligation → permission: softened | `must` ↔ `must-not`, `may` ↔ `need-not`: reversed | the same norm (`must-not deploy` → `must withdraw`) |
//! | `action` | | | a different base action | the opposite action with the modality turned round (same norm) |
//! | `bearer` | a bearer added (more for that bearer, with its new role) | a bearer removed (less, with its old role) | | |
//! | `conditions` | conditions removed (the clause holds in more cases) | conditions added (it holds in fewer) | added and removed | |
//! | `weight` (effective weight, strength default if unset) | higher | lower | | equal effective weight |
//!
//! Two fields do not go through roles:
//!
//! | field | concession | hardening | neutral |
//! |---|---|---|---|
//! | `strength` | softer (`red-line` → `demand` → `offer` → `preference`) | firmer | when the clause goes on or off the record (one round quoted or documented, the other inferred): an inferred clause is not written as a red line, so that change says what we know, not what the party holds |
//! | `text`, `evidence`, `id` | — | — | always |
//!
//! So: a demand on another party narrowed or dropped is a concession, widened or added a
//! hardening; an obligation on another party softened to a permission is a concession; a red
//! line lowered is a concession; a new condition attached to the party's own claim is a
//! concession, attached to its own commitment or offer a hardening; a commitment of its own
//! widened, or an offer added, is a concession; a permission the party claims for itself,
//! narrowed, is a concession. A field's directions over several bearers combine: all neutral
//! is neutral, all the same non-neutral direction is that direction, anything else is mixed. A
//! change's direction combines its fields' the same way.
//!
//! # JSON shape (stable)
//!
//! ```json
//! {
//!   "party": "russia",
//!   "old": {"party": "russia", "label": "…", "date": "2021-12-17"},
//!   "new": {"party": "russia", "label": "…", "date": "2022-01-12"},
//!   "changes": [
//!     {
//!       "kind": "added" | "dropped" | "reworded" | "reordered" | "modified" | "not-restated" | "newly-addressed",
//!       "old": "clause-id" | null,
//!       "new": "clause-id" | null,
//!       "direction": "concession" | "hardening" | "neutral" | "mixed",
//!       "reordered": false,
//!       "old_index": 3 | null,
//!       "new_index": 5 | null,
//!       "similarity": 0.82 | null,
//!       "old_role": "demand" | "claim" | "commitment" | "offer" | "reciprocal" | null,
//!       "new_role": "demand" | … | null,
//!       "bearer": ["nato"],
//!       "action": "withdraw-forces",
//!       "summary": "one line",
//!       "fields": [
//!         {
//!           "field": "where",
//!           "before": ["@joined-after-1997", "@europe-non-nato"],
//!           "after": ["@joined-after-1997"],
//!           "direction": "concession",
//!           "added": [],
//!           "removed": ["FI", "SE"],
//!           "size": {"measure": "entities", "before": 22.0, "after": 14.0, "unit": null},
//!           "words": null,
//!           "explanation": "narrowed the demand from 22 places to 14; removed …"
//!         }
//!       ],
//!       "clause": null
//!     }
//!   ],
//!   "position": [ {"field": "label", "before": "…", "after": "…", "direction": "neutral", …} ],
//!   "counts": {"added": 0, "dropped": 0, "reworded": 0, "reordered": 0, "modified": 0, "unchanged": 0,
//!              "not_restated": 0, "newly_addressed": 0,
//!              "concession": 0, "hardening": 0, "neutral": 0, "mixed": 0},
//!   "counterpart": null | {"party", "label", "conflicts_before", "conflicts_after", "conflicts": [ … ]},
//!   "unified_diff": "--- old\n+++ new\n@@ …"
//! }
//! ```
//!
//! - `before` / `after` are the field's values as written in a position file (`null` when
//!   absent); [`Evolution::apply_to`] sets them back.
//! - `added` / `removed` list entity atoms (compacted to whole entities) for `where`, bearers
//!   for `bearer`, references for `conditions`; they are empty for other fields.
//! - `size` is present for `where` (`entities`: whole entities covered, the `*` atom counting
//!   as one), `when` (`days`, `null` = unbounded) and `amount` (`amount` width in the action's
//!   unit, `null` = unbounded); `null` for other fields.
//! - `words` is the word-level redline of a `text` change: a list of
//!   `{"op": "equal" | "removed" | "added", "text": "…"}`.
//! - `clause` is the whole clause for `added` and `newly-addressed` (the new one), `dropped` and
//!   `not-restated` (the old one), else null.
//! - `position` lists changes of the position itself: `label`, `date`, `vocabulary`,
//!   `addresses`, `sources`, `groups`; all neutral.
//! - Changes of a clause's `basis`, `source` and `rationale` are neutral field changes.
//! - `counterpart.conflicts` entries are
//!   `{"status": "closed" | "opened" | "narrowed" | "widened" | "shifted" | "not-restated" |
//!   "newly-addressed", "bearer", "action",
//!   "old": [clause ids], "new": [clause ids], "counterpart": [clause ids], "before": size | null,
//!   "after": size | null}` with sizes as in comparisons (`{"entities", "days", "amount_width"}`).
//!   A conflict is the same across rounds when its bearer, base action, counterpart clauses and
//!   the party's clauses (old ids read through the alignment) are.
//!
//! # Rendering
//!
//! [`report::evolution_text`](crate::report::evolution_text) (`Display` is the same without
//! colour) marks changes `+` added, `-` dropped, `?` not restated or newly addressed, `~`
//! otherwise, and redlines words as `[-removed-]{+added+}`;
//! [`report::evolution_markdown`](crate::report::evolution_markdown) gives a table, the redlines
//! (`~~removed~~ **added**`) and the raw diff in a `diff` block;
//! [`report::evolution_diff`](crate::report::evolution_diff) gives the raw unified diff, coloured
//! on request; JSON is `serde_json` on [`Evolution`].
//!
//! # Order
//!
//! Changes come in new-file order (by `new_index`), then dropped clauses in old-file order.
//!
//! ```
//! use negdiff::{evolve, Clause, Modality, Position, Vocabulary};
//! let vocab = Vocabulary::new("v")
//!     .party("a", "A").party("b", "B")
//!     .entity("x", "X", None).entity("y", "Y", None)
//!     .action("deploy", None)
//!     .issue("forces", "Forces", ["deploy"]);
//! let old = Position::new("a", "round 1")
//!     .clause(Clause::new("no-deploy", "b", Modality::MustNot, "deploy").at(["x", "y"]));
//! let new = Position::new("a", "round 2")
//!     .clause(Clause::new("no-deploy", "b", Modality::MustNot, "deploy").at(["x"]));
//! let ev = evolve(&vocab, &old, &new).unwrap();
//! assert_eq!(ev.changes[0].direction.as_str(), "concession");
//! assert_eq!(ev.apply_to(&old).unwrap(), new);
//! ```

mod align;
mod apply;
mod direction;
pub(crate) mod entry;
mod fields;
mod lines;
mod lis;
mod prose;
pub(crate) mod run;

use serde::{Deserialize, Serialize};

use crate::analysis::{Name, PositionInfo, WitnessSize};
use crate::model::{Clause, Position};

/// The default word-similarity threshold for matching clauses whose id changed.
pub const DEFAULT_REWORD_THRESHOLD: f64 = 0.6;

/// Options of [`evolve_with`](crate::evolve_with); build with [`EvolveOptions::default`] and the
/// builder methods.
#[derive(Debug, Clone, PartialEq)]
pub struct EvolveOptions {
    /// Least word similarity (0 to 1) for two clauses with different ids to match as reworded.
    pub reword_threshold: f64,
    /// The other side's position: when set, the report says which conflicts with it closed
    /// or opened.
    pub counterpart: Option<Position>,
}

impl Default for EvolveOptions {
    fn default() -> Self {
        EvolveOptions {
            reword_threshold: DEFAULT_REWORD_THRESHOLD,
            counterpart: None,
        }
    }
}

impl EvolveOptions {
    /// Sets the reword threshold (builder style).
    #[must_use]
    pub fn reword_threshold(mut self, threshold: f64) -> Self {
        self.reword_threshold = threshold;
        self
    }

    /// Sets the counterpart position (builder style).
    #[must_use]
    pub fn counterpart(mut self, counterpart: Position) -> Self {
        self.counterpart = Some(counterpart);
        self
    }
}

/// What happened to a clause between the two rounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
// Each variant's keyword, for `as_str` and `Display`, by the same rule as serde's.
#[derive(strum::IntoStaticStr, strum::Display, strum::VariantArray)]
#[strum(serialize_all = "kebab-case")]
#[non_exhaustive]
pub enum ChangeKind {
    /// Only in the new position.
    Added,
    /// Only in the old position.
    Dropped,
    /// Matched by text similarity; the id changed.
    Reworded,
    /// Same id, its place among the other clauses changed (it may also be edited); shown
    /// and serialized as `reordered`.
    #[serde(rename = "reordered", alias = "moved")]
    #[strum(serialize = "reordered")]
    Moved,
    /// Same id and place, some field changed.
    Modified,
    /// Only in the old position, on an issue the new position does not address: the new
    /// document says nothing either way, so this is neither dropped nor a concession.
    NotRestated,
    /// Only in the new position, on an issue the old position did not address (the mirror
    /// of `not-restated`): neither added nor a hardening.
    NewlyAddressed,
}

impl ChangeKind {
    /// The keyword used in JSON and reports.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The kind seen from the other round: added ↔ dropped, not-restated ↔ newly-addressed.
    #[must_use]
    pub fn mirrored(self) -> ChangeKind {
        match self {
            ChangeKind::Added => ChangeKind::Dropped,
            ChangeKind::Dropped => ChangeKind::Added,
            ChangeKind::NotRestated => ChangeKind::NewlyAddressed,
            ChangeKind::NewlyAddressed => ChangeKind::NotRestated,
            k => k,
        }
    }
}

/// Whether a change gives ground, takes ground, or neither. See the module docs for the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
// Each variant's keyword, for `as_str` and `Display`, by the same rule as serde's.
#[derive(strum::IntoStaticStr, strum::Display, strum::VariantArray)]
#[strum(serialize_all = "kebab-case")]
#[non_exhaustive]
pub enum Direction {
    /// The party asks less of others or claims less for itself, or gives more.
    Concession,
    /// The reverse.
    Hardening,
    /// Wording, evidence, or the same norm written differently.
    Neutral,
    /// Concession in some respect and hardening in another.
    Mixed,
}

impl Direction {
    /// The keyword used in JSON and reports.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The direction of the reverse move: concession ↔ hardening.
    #[must_use]
    pub fn mirrored(self) -> Direction {
        match self {
            Direction::Concession => Direction::Hardening,
            Direction::Hardening => Direction::Concession,
            d => d,
        }
    }

    /// Combines directions: all neutral (or none) is neutral, one non-neutral direction is
    /// that direction, anything else is mixed.
    pub fn combine(directions: impl IntoIterator<Item = Direction>) -> Direction {
        let mut out = Direction::Neutral;
        for d in directions {
            out = match (out, d) {
                (o, Direction::Neutral) => o,
                (Direction::Neutral, d) => d,
                (o, d) if o == d => o,
                _ => Direction::Mixed,
            };
        }
        out
    }
}

/// What a clause is to the party holding the position (see the role table above).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
// Each variant's keyword, for `as_str` and `Display`, by the same rule as serde's.
#[derive(strum::IntoStaticStr, strum::Display, strum::VariantArray)]
#[strum(serialize_all = "kebab-case")]
#[non_exhaustive]
pub enum ClauseRole {
    /// An obligation on another party, not offered.
    Demand,
    /// A permission, for the party itself or another, not offered.
    Claim,
    /// An obligation on the party itself, not offered.
    Commitment,
    /// A clause of strength `offer`.
    Offer,
    /// Several bearers in different roles (`the Parties shall…`).
    Reciprocal,
}

impl ClauseRole {
    /// The keyword used in JSON and reports.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The role as a noun for sentences ("the reciprocal clause").
    #[must_use]
    pub fn noun(self) -> &'static str {
        match self {
            ClauseRole::Reciprocal => "reciprocal clause",
            r => r.as_str(),
        }
    }
}

/// What a [`Size`] measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Measure {
    /// Whole entities covered (an entity with all its parts counts once; `*` counts as one).
    Entities,
    /// Days in the time window.
    Days,
    /// Width of the amount range, in the action's unit.
    Amount,
}

/// How big a scope field was before and after; `None` is unbounded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Size {
    /// What is measured.
    pub measure: Measure,
    /// Size before.
    pub before: Option<f64>,
    /// Size after.
    pub after: Option<f64>,
    /// The action's unit, for amounts.
    pub unit: Option<String>,
}

/// One piece of a word-level redline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WordEdit {
    /// What happened to the words.
    pub op: WordOp,
    /// The words, with their spacing.
    pub text: String,
}

/// What happened to a run of words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum WordOp {
    /// In both texts.
    Equal,
    /// Only in the old text.
    Removed,
    /// Only in the new text.
    Added,
}

/// A field of a clause or of a position, named as in position files and in JSON
/// (`where`, `modality`, `text`, …; `label`, `addresses`, … for the position itself).
///
/// Compares with its name: `field == "where"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
// Each variant's keyword, for `as_str` and `Display`, by the same rule as serde's.
#[derive(strum::IntoStaticStr, strum::Display, strum::VariantArray)]
#[strum(serialize_all = "kebab-case")]
#[non_exhaustive]
pub enum Field {
    /// The clause id.
    Id,
    /// The clause's bearers.
    Bearer,
    /// The clause's modality.
    Modality,
    /// The clause's action.
    Action,
    /// The clause's places.
    Where,
    /// The clause's time window.
    When,
    /// The clause's amount range.
    Amount,
    /// The clause's strength.
    Strength,
    /// The clause's weight.
    Weight,
    /// The clause's conditions.
    Conditions,
    /// The clause's text.
    Text,
    /// The clause's basis (quoted, document, inferred).
    Basis,
    /// The source the clause cites.
    Source,
    /// Why the clause was read so.
    Rationale,
    /// The clause's quotes.
    Evidence,
    /// The position's label.
    Label,
    /// The position's date.
    Date,
    /// The position's vocabulary.
    Vocabulary,
    /// The issues the position addresses.
    Addresses,
    /// The position's sources.
    Sources,
    /// The position's groups.
    Groups,
}

impl Field {
    /// The fields of a clause, in the order a change lists them.
    pub const CLAUSE: [Field; 15] = [
        Field::Id,
        Field::Bearer,
        Field::Modality,
        Field::Action,
        Field::Where,
        Field::When,
        Field::Amount,
        Field::Strength,
        Field::Weight,
        Field::Conditions,
        Field::Text,
        Field::Basis,
        Field::Source,
        Field::Rationale,
        Field::Evidence,
    ];

    /// The fields of a position itself, in the order an evolution lists them.
    pub const POSITION: [Field; 6] = [
        Field::Label,
        Field::Date,
        Field::Vocabulary,
        Field::Addresses,
        Field::Sources,
        Field::Groups,
    ];

    /// The name used in position files, JSON and reports.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Whether this is a field of a clause (else of the position itself).
    #[must_use]
    pub fn is_clause_field(self) -> bool {
        Field::CLAUSE.contains(&self)
    }
}

impl PartialEq<str> for Field {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Field {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// One field that changed, with its values before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The field as named in position files (`where`, `modality`, `text`, …).
    pub field: Field,
    /// The value before, as written in a file (`null` when absent).
    pub before: serde_json::Value,
    /// The value after.
    pub after: serde_json::Value,
    /// The direction of this field's change.
    pub direction: Direction,
    /// Items added: entities for `where`, bearers, condition references.
    pub added: Vec<String>,
    /// Items removed.
    pub removed: Vec<String>,
    /// Scope size before and after, for `where`, `when` and `amount`.
    pub size: Option<Size>,
    /// Word-level redline, for `text`.
    pub words: Option<Vec<WordEdit>>,
    /// One line saying what moved ("narrowed the demand from 22 places to 14").
    pub explanation: String,
}

impl FieldChange {
    /// The same field change seen from the other round.
    #[must_use]
    pub fn mirrored(&self) -> FieldChange {
        self.mirrored_with(&crate::analysis::Legend::default())
    }

    /// [`FieldChange::mirrored`], naming places with the legend.
    fn mirrored_with(&self, legend: &crate::analysis::Legend) -> FieldChange {
        let mut f = self.clone();
        std::mem::swap(&mut f.before, &mut f.after);
        std::mem::swap(&mut f.added, &mut f.removed);
        f.direction = f.direction.mirrored();
        if let Some(s) = &mut f.size {
            std::mem::swap(&mut s.before, &mut s.after);
        }
        if let Some(w) = &mut f.words {
            for e in w.iter_mut() {
                e.op = match e.op {
                    WordOp::Added => WordOp::Removed,
                    WordOp::Removed => WordOp::Added,
                    WordOp::Equal => WordOp::Equal,
                };
            }
        }
        f.explanation = prose::explain_mirrored(&f, legend);
        f
    }
}

/// One clause's change between the rounds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// Added, dropped, reworded, reordered or modified.
    pub kind: ChangeKind,
    /// The clause id in the old position, `None` when added.
    pub old: Option<String>,
    /// The clause id in the new position, `None` when dropped.
    pub new: Option<String>,
    /// The overall direction: the combination of the fields' directions.
    pub direction: Direction,
    /// Whether the clause's place among the matched clauses changed (JSON `reordered`).
    #[serde(rename = "reordered", alias = "moved")]
    pub moved: bool,
    /// Index of the clause in the old position's clauses.
    pub old_index: Option<usize>,
    /// Index of the clause in the new position's clauses.
    pub new_index: Option<usize>,
    /// Word similarity of the two texts (0 to 1), for matched clauses.
    pub similarity: Option<f64>,
    /// What the old clause was to the party, `None` when added.
    pub old_role: Option<ClauseRole>,
    /// What the new clause is to the party, `None` when dropped.
    pub new_role: Option<ClauseRole>,
    /// The clause's bearers (the new clause's, or the old one's when dropped).
    pub bearer: Vec<String>,
    /// The clause's action (the new clause's, or the old one's when dropped).
    pub action: String,
    /// One line saying what happened.
    pub summary: String,
    /// The fields that changed, in a fixed order: id, bearer, modality, action, where, when,
    /// amount, strength, weight, conditions, text, basis, source, rationale, evidence.
    pub fields: Vec<FieldChange>,
    /// The whole clause, for added and newly-addressed (the new clause), dropped and
    /// not-restated (the old clause).
    pub clause: Option<Clause>,
}

impl Change {
    /// The same change seen from the other round (places named by id; an [`Evolution`]'s own
    /// mirror names them as the report does).
    #[must_use]
    pub fn mirrored(&self) -> Change {
        self.mirrored_with(&crate::analysis::Legend::default())
    }

    fn mirrored_with(&self, legend: &crate::analysis::Legend) -> Change {
        let mut c = self.clone();
        c.kind = c.kind.mirrored();
        std::mem::swap(&mut c.old, &mut c.new);
        std::mem::swap(&mut c.old_index, &mut c.new_index);
        std::mem::swap(&mut c.old_role, &mut c.new_role);
        c.direction = c.direction.mirrored();
        c.fields = self.fields.iter().map(|f| f.mirrored_with(legend)).collect();
        prose::explain_all(&mut c.fields, c.new_role, legend);
        if let Some(cl) = &c.clause {
            c.bearer = cl.bearer.clone();
            c.action = cl.action.clone();
        }
        if let Some(b) = c
            .field("bearer")
            .and_then(|f| serde_json::from_value(f.after.clone()).ok())
        {
            c.bearer = b;
        }
        if let Some(a) = c
            .field("action")
            .and_then(|f| serde_json::from_value(f.after.clone()).ok())
        {
            c.action = a;
        }
        c.summary = prose::summarize(&c, legend);
        c
    }

    /// Looks up a field change by field name.
    #[must_use]
    pub fn field(&self, name: &str) -> Option<&FieldChange> {
        self.fields.iter().find(|f| f.field == name)
    }
}

/// Counts of an evolution's changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EvolutionCounts {
    /// Clauses added.
    pub added: usize,
    /// Clauses dropped.
    pub dropped: usize,
    /// Clauses matched by text whose id changed.
    pub reworded: usize,
    /// Clauses whose place changed (kind `reordered`; JSON `reordered`).
    #[serde(rename = "reordered", alias = "moved")]
    pub moved: usize,
    /// Clauses edited in place.
    pub modified: usize,
    /// Old clauses on issues the new position does not address.
    #[serde(default)]
    pub not_restated: usize,
    /// New clauses on issues the old position did not address.
    #[serde(default)]
    pub newly_addressed: usize,
    /// Matched clauses with no change.
    pub unchanged: usize,
    /// Changes that are concessions.
    pub concession: usize,
    /// Changes that are hardenings.
    pub hardening: usize,
    /// Neutral changes.
    pub neutral: usize,
    /// Mixed changes.
    pub mixed: usize,
}

impl EvolutionCounts {
    fn of(changes: &[Change], unchanged: usize) -> Self {
        let mut c = EvolutionCounts {
            unchanged,
            ..EvolutionCounts::default()
        };
        for ch in changes {
            match ch.kind {
                ChangeKind::Added => c.added += 1,
                ChangeKind::Dropped => c.dropped += 1,
                ChangeKind::Reworded => c.reworded += 1,
                ChangeKind::Moved => c.moved += 1,
                ChangeKind::Modified => c.modified += 1,
                ChangeKind::NotRestated => c.not_restated += 1,
                ChangeKind::NewlyAddressed => c.newly_addressed += 1,
            }
            match ch.direction {
                Direction::Concession => c.concession += 1,
                Direction::Hardening => c.hardening += 1,
                Direction::Neutral => c.neutral += 1,
                Direction::Mixed => c.mixed += 1,
            }
        }
        c
    }
}

/// What happened to a conflict with the counterpart between the rounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
// Each variant's keyword, for `as_str` and `Display`, by the same rule as serde's.
#[derive(strum::IntoStaticStr, strum::Display, strum::VariantArray)]
#[strum(serialize_all = "kebab-case")]
#[non_exhaustive]
pub enum ConflictStatus {
    /// Present with the old position, gone with the new.
    Closed,
    /// Absent with the old position, present with the new.
    Opened,
    /// Present with both, over a smaller region.
    Narrowed,
    /// Present with both, over a larger region.
    Widened,
    /// Present with both, over a region neither smaller nor larger.
    Shifted,
    /// Present with the old position; the new one does not address its issue, so it is not
    /// closed: the new document says nothing either way.
    NotRestated,
    /// Absent with the old position, which did not address its issue; present with the new
    /// (the mirror of `not-restated`).
    NewlyAddressed,
}

impl ConflictStatus {
    /// The keyword used in JSON and reports.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    fn mirrored(self) -> ConflictStatus {
        match self {
            ConflictStatus::Closed => ConflictStatus::Opened,
            ConflictStatus::Opened => ConflictStatus::Closed,
            ConflictStatus::Narrowed => ConflictStatus::Widened,
            ConflictStatus::Widened => ConflictStatus::Narrowed,
            ConflictStatus::Shifted => ConflictStatus::Shifted,
            ConflictStatus::NotRestated => ConflictStatus::NewlyAddressed,
            ConflictStatus::NewlyAddressed => ConflictStatus::NotRestated,
        }
    }
}

/// A conflict with the counterpart that closed, opened or changed size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConflictShift {
    /// Closed, opened, narrowed, widened or shifted.
    pub status: ConflictStatus,
    /// The bearer of the conflicting norms.
    pub bearer: Name,
    /// The base action.
    pub action: Name,
    /// The party's clause ids in the old position (empty when opened).
    pub old: Vec<Name>,
    /// The party's clause ids in the new position (empty when closed).
    pub new: Vec<Name>,
    /// The counterpart's clause ids.
    pub counterpart: Vec<Name>,
    /// The conflict's size with the old position.
    pub before: Option<WitnessSize>,
    /// The conflict's size with the new position.
    pub after: Option<WitnessSize>,
}

impl ConflictShift {
    fn mirrored(&self) -> ConflictShift {
        let mut c = self.clone();
        c.status = c.status.mirrored();
        std::mem::swap(&mut c.old, &mut c.new);
        std::mem::swap(&mut c.before, &mut c.after);
        c
    }
}

/// How the party's moves changed its conflicts with the other side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CounterpartShifts {
    /// The counterpart's party id.
    pub party: String,
    /// The counterpart position's label.
    pub label: String,
    /// Conflicts between the old position and the counterpart.
    pub conflicts_before: usize,
    /// Conflicts between the new position and the counterpart.
    pub conflicts_after: usize,
    /// Conflicts that closed, opened or changed size, by bearer, action and clause ids.
    pub conflicts: Vec<ConflictShift>,
}

/// The evolution of one party's position from an old round to a new one.
///
/// Two evolutions are equal when their JSON forms are: the legend that names places in the
/// explanations is not compared.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Evolution {
    /// The party whose positions are compared.
    pub party: String,
    /// The old position.
    pub old: PositionInfo,
    /// The new position.
    pub new: PositionInfo,
    /// Clause changes: in new-file order, then dropped clauses in old-file order.
    pub changes: Vec<Change>,
    /// Changes of the position itself (label, date, vocabulary, addresses, sources, groups).
    pub position: Vec<FieldChange>,
    /// Totals.
    pub counts: EvolutionCounts,
    /// Conflicts with the counterpart that closed or opened, when one was given.
    pub counterpart: Option<CounterpartShifts>,
    /// Unified diff of the canonical text (TOML) of both positions.
    pub unified_diff: String,
    /// How places are named in explanations (as in comparisons); not part of the JSON shape.
    #[serde(skip)]
    pub(crate) legend: std::sync::Arc<crate::analysis::Legend>,
}

impl PartialEq for Evolution {
    fn eq(&self, other: &Self) -> bool {
        self.party == other.party
            && self.old == other.old
            && self.new == other.new
            && self.changes == other.changes
            && self.position == other.position
            && self.counts == other.counts
            && self.counterpart == other.counterpart
            && self.unified_diff == other.unified_diff
    }
}

impl Evolution {
    /// Whether nothing changed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.position.is_empty()
    }

    /// The changes with a given direction.
    pub fn with_direction(&self, direction: Direction) -> impl Iterator<Item = &Change> + '_ {
        self.changes.iter().filter(move |c| c.direction == direction)
    }

    /// Looks up the change of a clause by its new id, or its old id when dropped.
    #[must_use]
    pub fn change(&self, id: &str) -> Option<&Change> {
        self.changes
            .iter()
            .find(|c| c.new.as_deref() == Some(id))
            .or_else(|| self.changes.iter().find(|c| c.old.as_deref() == Some(id)))
    }

    /// The evolution seen backwards (new to old): added ↔ dropped, concession ↔ hardening,
    /// before ↔ after, in canonical order. The unified diff is inverted line by line, which
    /// may align differently from a fresh diff.
    #[must_use]
    pub fn mirrored(&self) -> Evolution {
        let mut changes: Vec<Change> = self.changes.iter().map(|c| c.mirrored_with(&self.legend)).collect();
        sort_changes(&mut changes);
        let counts = EvolutionCounts::of(&changes, self.counts.unchanged);
        let counterpart = self.counterpart.as_ref().map(|c| {
            let mut conflicts: Vec<ConflictShift> = c.conflicts.iter().map(ConflictShift::mirrored).collect();
            sort_conflicts(&mut conflicts);
            CounterpartShifts {
                party: c.party.clone(),
                label: c.label.clone(),
                conflicts_before: c.conflicts_after,
                conflicts_after: c.conflicts_before,
                conflicts,
            }
        });
        Evolution {
            party: self.party.clone(),
            old: self.new.clone(),
            new: self.old.clone(),
            changes,
            position: self.position.iter().map(|f| f.mirrored_with(&self.legend)).collect(),
            counts,
            counterpart,
            unified_diff: lines::invert_unified(&self.unified_diff),
            legend: self.legend.clone(),
        }
    }
}

pub(crate) fn sort_changes(changes: &mut [Change]) {
    changes.sort_by_key(|c| match (c.new_index, c.old_index) {
        (Some(n), _) => (0, n),
        (None, o) => (1, o.unwrap_or(usize::MAX)),
    });
}

pub(crate) fn sort_conflicts(conflicts: &mut [ConflictShift]) {
    conflicts.sort_by(|a, b| {
        let key = |c: &ConflictShift| {
            let (lo, hi) = if c.old <= c.new {
                (c.old.clone(), c.new.clone())
            } else {
                (c.new.clone(), c.old.clone())
            };
            (c.bearer.clone(), c.action.clone(), c.counterpart.clone(), hi, lo)
        };
        key(a).cmp(&key(b))
    });
}

#[cfg(test)]
mod tests;
