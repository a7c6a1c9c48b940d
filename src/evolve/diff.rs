//! Field changes of matched clauses and their directions; building the report.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;
use similar::{ChangeTag, TextDiff};

use super::align::{align_within, Alignment};
use super::{
    sort_changes, sort_conflicts, Change, ChangeKind, ClauseRole, ConflictShift, ConflictStatus, CounterpartShifts,
    Direction, Evolution, EvolutionCounts, EvolveOptions, FieldChange, Measure, Size, WordEdit, WordOp,
};
use crate::analysis::index::{Compiled, Index};
use crate::analysis::Analyzer;
use crate::analysis::{compare, Kind, Legend, Name, WitnessSize};
use crate::error::Error;
use crate::model::{Clause, Date, FieldPath, Interval, Invalid, Modality, Position, Problem, Strength, Vocabulary};

/// What a clause is to the party, for one bearer: something it asks or claims, or something
/// it gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Ask,
    Give,
}

/// How a field moved for one bearer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Delta {
    Same,
    More,
    Less,
    Both,
}

/// The role of a clause for one of its bearers, seen by `party`.
pub(crate) fn role(clause: &Clause, bearer: &str, party: &str) -> Role {
    if clause.strength == Strength::Offer || (bearer == party && clause.modality.is_obligation()) {
        Role::Give
    } else {
        Role::Ask
    }
}

/// What a clause is to `party`: the same noun for every bearer, or reciprocal.
pub(crate) fn clause_role(clause: &Clause, party: &str) -> ClauseRole {
    let noun = |b: &String| {
        if clause.strength == Strength::Offer {
            ClauseRole::Offer
        } else if !clause.modality.is_obligation() {
            ClauseRole::Claim
        } else if b == party {
            ClauseRole::Commitment
        } else {
            ClauseRole::Demand
        }
    };
    let mut nouns = clause.bearer.iter().map(noun);
    let first = nouns.next().unwrap_or(ClauseRole::Claim);
    if nouns.all(|n| n == first) {
        first
    } else {
        ClauseRole::Reciprocal
    }
}

/// The direction of a delta given the roles before and after (the table in the module docs).
pub(crate) fn direct(before: Role, after: Role, delta: Delta) -> Direction {
    match (before, after, delta) {
        (_, _, Delta::Same) => Direction::Neutral,
        (Role::Ask, Role::Give, _) => Direction::Concession,
        (Role::Give, Role::Ask, _) => Direction::Hardening,
        (_, _, Delta::Both) => Direction::Mixed,
        (Role::Ask, Role::Ask, Delta::More) | (Role::Give, Role::Give, Delta::Less) => Direction::Hardening,
        (Role::Ask, Role::Ask, Delta::Less) | (Role::Give, Role::Give, Delta::More) => Direction::Concession,
    }
}

/// How a normalised modality moved: tightened (permission → obligation), softened, reversed.
pub(crate) fn modality_delta(before: Modality, after: Modality) -> Delta {
    if before == after {
        Delta::Same
    } else {
        match (before.is_obligation(), after.is_obligation()) {
            (false, true) => Delta::More,
            (true, false) => Delta::Less,
            _ => Delta::Both,
        }
    }
}

fn set_delta<T: Ord>(before: &BTreeSet<T>, after: &BTreeSet<T>) -> Delta {
    let grew = after.difference(before).next().is_some();
    let shrank = before.difference(after).next().is_some();
    match (grew, shrank) {
        (false, false) => Delta::Same,
        (true, false) => Delta::More,
        (false, true) => Delta::Less,
        (true, true) => Delta::Both,
    }
}

fn interval_delta<T: crate::model::Point>(before: &Interval<T>, after: &Interval<T>) -> Delta {
    if before == after {
        Delta::Same
    } else if after.covers(before) {
        Delta::More
    } else if before.covers(after) {
        Delta::Less
    } else {
        Delta::Both
    }
}

fn strength_rank(s: Strength) -> usize {
    Strength::ALL.iter().position(|x| *x == s).unwrap_or(0)
}

/// A clause read against the vocabulary.
#[derive(Debug, Clone)]
struct Info {
    base: usize,
    modality: Modality,
    atoms: BTreeSet<usize>,
    when: Interval<Date>,
    amount: Interval<f64>,
}

fn infos(compiled: &Compiled<'_>) -> Vec<Option<Info>> {
    let mut out: Vec<Option<Info>> = vec![None; compiled.position.clauses.len()];
    for n in &compiled.norms {
        if let Some(slot) = out.get_mut(n.clause) {
            if slot.is_none() {
                *slot = Some(Info {
                    base: n.base,
                    modality: n.modality,
                    atoms: n.block.atoms.iter().collect(),
                    when: n.block.when,
                    amount: n.block.amount,
                });
            }
        }
    }
    out
}

struct Ctx<'a, 'v> {
    index: &'a Index<'v>,
    party: &'a str,
    /// Entities with every part before its whole (post-order of the `part-of` forest).
    post_order: Vec<usize>,
    parents: Vec<Option<usize>>,
}

impl<'a, 'v> Ctx<'a, 'v> {
    fn new(index: &'a Index<'v>, party: &'a str) -> Self {
        let n = index.vocab.entities.len();
        let mut post_order = Vec::with_capacity(n);
        let roots = 0..n;
        let mut is_child = vec![false; n];
        for c in index.children.iter().flatten() {
            is_child[*c] = true;
        }
        for root in roots.filter(|&i| !is_child[i]) {
            // Iterative post-order: (entity, children visited?)
            let mut stack = vec![(root, false)];
            while let Some((x, done)) = stack.pop() {
                if done {
                    post_order.push(x);
                } else {
                    stack.push((x, true));
                    stack.extend(index.children[x].iter().map(|&c| (c, false)));
                }
            }
        }
        let parents = index
            .vocab
            .entities
            .iter()
            .map(|e| e.part_of.as_deref().and_then(|p| index.entity_ix.get(p).copied()))
            .collect();
        Ctx {
            index,
            party,
            post_order,
            parents,
        }
    }

    /// Entity ids standing for a set of atoms: the largest whole entities, then leftover atoms.
    fn compact(&self, atoms: &BTreeSet<usize>) -> Vec<String> {
        // An entity is whole when it and all its parts are in the set; parts come first.
        let mut whole = vec![false; self.index.vocab.entities.len()];
        for &i in &self.post_order {
            whole[i] = atoms.contains(&i) && self.index.children[i].iter().all(|&c| whole[c]);
        }
        let mut out = Vec::new();
        for (i, e) in self.index.vocab.entities.iter().enumerate() {
            if whole[i] && !self.parents[i].is_some_and(|p| whole[p]) {
                out.push(e.id.clone());
            }
        }
        // What no whole entity covers: atoms of entities with some part missing, and `*`.
        for &a in atoms {
            if !whole.get(a).copied().unwrap_or(false) {
                if let Some(id) = self.index.atoms.get(a) {
                    out.push(id.to_string());
                }
            }
        }
        out
    }

    fn over_bearers(&self, common: &[&String], o: &Clause, n: &Clause, delta: Delta) -> Direction {
        Direction::combine(
            common
                .iter()
                .map(|b| direct(role(o, b, self.party), role(n, b, self.party), delta)),
        )
    }

    fn whole_clause(&self, c: &Clause, delta: Delta) -> Direction {
        Direction::combine(c.bearer.iter().map(|b| {
            let r = role(c, b, self.party);
            direct(r, r, delta)
        }))
    }

    fn unit(&self, action: &str) -> Option<String> {
        self.index
            .vocab
            .actions
            .iter()
            .find(|a| a.id == action)
            .and_then(|a| a.unit.clone())
    }

    /// The unit of the amounts of two actions (the same either way round).
    fn unit_of(&self, a: &str, b: &str) -> Option<String> {
        let units: BTreeSet<String> = [self.unit(a), self.unit(b)].into_iter().flatten().collect();
        (!units.is_empty()).then(|| units.into_iter().collect::<Vec<_>>().join("/"))
    }
}

fn json<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

fn field(name: &str, before: Value, after: Value, direction: Direction) -> FieldChange {
    FieldChange {
        field: name.to_string(),
        before,
        after,
        direction,
        added: Vec::new(),
        removed: Vec::new(),
        size: None,
        words: None,
        explanation: String::new(),
    }
}

/// Word-level redline of two texts.
pub(crate) fn words(old: &str, new: &str) -> Vec<WordEdit> {
    let diff = TextDiff::from_words(old, new);
    let mut out: Vec<WordEdit> = Vec::new();
    for ch in diff.iter_all_changes() {
        let op = match ch.tag() {
            ChangeTag::Equal => WordOp::Equal,
            ChangeTag::Delete => WordOp::Removed,
            ChangeTag::Insert => WordOp::Added,
        };
        push_run(&mut out, op, ch.value());
    }
    merge_gaps(out)
}

fn push_run(out: &mut Vec<WordEdit>, op: WordOp, text: &str) {
    match out.last_mut() {
        Some(last) if last.op == op => last.text.push_str(text),
        _ => out.push(WordEdit {
            op,
            text: text.to_string(),
        }),
    }
}

/// Joins edits separated only by spaces into one removed and one added run, so that a
/// rewritten phrase reads `[-old words-]{+new words+}` rather than word by word.
fn merge_gaps(runs: Vec<WordEdit>) -> Vec<WordEdit> {
    let mut out: Vec<WordEdit> = Vec::new();
    let (mut removed, mut added) = (String::new(), String::new());
    let n = runs.len();
    let flush = |out: &mut Vec<WordEdit>, removed: &mut String, added: &mut String| {
        if !removed.is_empty() {
            push_run(out, WordOp::Removed, removed);
        }
        if !added.is_empty() {
            push_run(out, WordOp::Added, added);
        }
        removed.clear();
        added.clear();
    };
    for (i, r) in runs.iter().enumerate() {
        match r.op {
            WordOp::Removed => removed.push_str(&r.text),
            WordOp::Added => added.push_str(&r.text),
            WordOp::Equal => {
                let gap = r.text.trim().is_empty()
                    && (!removed.is_empty() || !added.is_empty())
                    && i + 1 < n
                    && runs[i + 1].op != WordOp::Equal;
                if gap {
                    removed.push_str(&r.text);
                    added.push_str(&r.text);
                } else {
                    flush(&mut out, &mut removed, &mut added);
                    push_run(&mut out, WordOp::Equal, &r.text);
                }
            }
        }
    }
    flush(&mut out, &mut removed, &mut added);
    out
}

fn size_text(x: Option<f64>, unit: &str) -> String {
    match x {
        None => "unbounded".to_string(),
        Some(v) => format!("{v} {unit}"),
    }
}

fn list(items: &[String]) -> String {
    list_as(items, |x| format!("`{x}`"))
}

/// Places by name, as comparisons show them ("Slovenia", "all eastern-flank (9)"); ids when
/// the legend does not know them (an evolution read back from JSON).
fn place_name(legend: &Legend, id: &str) -> String {
    if id.starts_with('@') {
        return match legend.sets.iter().find(|s| s.label == id) {
            Some(set) => crate::report::group_label(set),
            None => id.to_string(),
        };
    }
    if let Some(whole) = legend.wholes.get(id) {
        return whole.clone();
    }
    legend.names.get(id).cloned().unwrap_or_else(|| id.to_string())
}

fn places_list(items: &[String], legend: &Legend) -> String {
    list_as(items, |x| place_name(legend, x))
}

fn list_as(items: &[String], show: impl Fn(&String) -> String) -> String {
    const MAX: usize = 8;
    let mut s = items.iter().take(MAX).map(show).collect::<Vec<_>>().join(", ");
    if items.len() > MAX {
        s.push_str(&format!(" and {} more", items.len() - MAX));
    }
    s
}

fn value_text(v: &Value) -> String {
    match v {
        Value::Null => "none".to_string(),
        Value::String(s) => format!("`{s}`"),
        Value::Array(a) => format!("[{}]", a.iter().map(value_text).collect::<Vec<_>>().join(", ")),
        Value::Object(m) => {
            let parts: Vec<String> = m.iter().map(|(k, v)| format!("{k} {}", value_text(v))).collect();
            if parts.is_empty() {
                "any".to_string()
            } else {
                parts.join(" ")
            }
        }
        other => other.to_string(),
    }
}

/// One line explaining a field change; computed from the field change alone, so that a
/// mirrored change explains itself too.
pub(crate) fn explain(f: &FieldChange, legend: &Legend) -> String {
    explain_as(f, None, legend)
}

/// A time window or amount as written in a clause (`{from, until}`, `{min, max}`, both ends
/// inclusive), in the words comparisons use: `500 to 5500`, `from 2`, `up to 40`.
fn range_text(v: &Value, always: &str) -> String {
    let end = |k: &str| {
        v.get(k)
            .filter(|x| !x.is_null())
            .map(|x| value_text(x).trim_matches('`').to_string())
    };
    let (lo, hi) = match (end("from"), end("until")) {
        (None, None) => (end("min"), end("max")),
        ends => ends,
    };
    match (lo, hi) {
        (Some(a), Some(b)) if a == b => a,
        (Some(a), Some(b)) => format!("{a} to {b}"),
        (Some(a), None) => format!("from {a}"),
        (None, Some(b)) => format!("up to {b}"),
        (None, None) => always.to_string(),
    }
}

fn explain_as(f: &FieldChange, role: Option<ClauseRole>, legend: &Legend) -> String {
    let noun = role.map(|r| format!("the {} ", r.noun())).unwrap_or_default();
    let verb = |grew: bool, shrank: bool| match (grew, shrank) {
        (true, false) => "widened",
        (false, true) => "narrowed",
        (true, true) => "changed",
        (false, false) => "rewritten",
    };
    match f.field.as_str() {
        "where" => {
            let (b, a) = f
                .size
                .as_ref()
                .map(|s| (s.before.unwrap_or(0.0), s.after.unwrap_or(0.0)))
                .unwrap_or((0.0, 0.0));
            let mut s = if f.added.is_empty() && f.removed.is_empty() {
                "written differently, the same places".to_string()
            } else {
                format!(
                    "{} from {b} place{} to {a}",
                    verb(!f.added.is_empty(), !f.removed.is_empty()),
                    if b == 1.0 { "" } else { "s" }
                )
                .replacen(" from ", &format!(" {}from ", noun), 1)
            };
            if !f.added.is_empty() {
                s.push_str(&format!("; added {}", places_list(&f.added, legend)));
            }
            if !f.removed.is_empty() {
                s.push_str(&format!("; removed {}", places_list(&f.removed, legend)));
            }
            s
        }
        "when" | "amount" => {
            let (unit, sz) = match &f.size {
                Some(s) => (
                    if s.measure == Measure::Days {
                        "days".to_string()
                    } else {
                        s.unit.clone().unwrap_or_else(|| "units".to_string())
                    },
                    Some(s),
                ),
                None => (String::new(), None),
            };
            let grew_shrank = sz.map(|s| match (s.before, s.after) {
                (Some(b), Some(a)) => (a > b, a < b),
                (Some(_), None) => (true, false),
                (None, Some(_)) => (false, true),
                (None, None) => (false, false),
            });
            let (g, s) = grew_shrank.unwrap_or((false, false));
            let (what, any) = if f.field == "when" {
                ("time window", "always")
            } else {
                ("amount", "any")
            };
            format!(
                "{what} {} from {} to {} ({} → {})",
                verb(g, s),
                range_text(&f.before, any),
                range_text(&f.after, any),
                size_text(sz.and_then(|s| s.before), &unit),
                size_text(sz.and_then(|s| s.after), &unit)
            )
        }
        "strength" => {
            let word = match f.direction {
                Direction::Concession => "lowered",
                Direction::Hardening => "raised",
                _ => "changed",
            };
            format!(
                "strength {word} from {} to {}",
                value_text(&f.before),
                value_text(&f.after)
            )
        }
        "bearer" | "conditions" => {
            let mut parts = Vec::new();
            if !f.added.is_empty() {
                parts.push(format!("added {}", list(&f.added)));
            }
            if !f.removed.is_empty() {
                parts.push(format!("removed {}", list(&f.removed)));
            }
            if parts.is_empty() {
                parts.push("reordered".to_string());
            }
            format!("{}: {}", f.field, parts.join("; "))
        }
        "text" => "text edited".to_string(),
        "evidence" | "sources" => {
            let n = |v: &Value| v.as_array().map_or(0, Vec::len);
            let after = n(&f.after);
            let what = match (f.field == "evidence", after == 1) {
                (true, true) => "quote",
                (true, false) => "quotes",
                (false, true) => "source",
                (false, false) => "sources",
            };
            let mut s = format!("{}: {} → {after} {what}", f.field, n(&f.before));
            if !f.added.is_empty() {
                s.push_str(&format!("; added {}", list(&f.added)));
            }
            if !f.removed.is_empty() {
                s.push_str(&format!("; removed {}", list(&f.removed)));
            }
            if f.added.is_empty() && f.removed.is_empty() && n(&f.before) == n(&f.after) {
                s.push_str(" (reordered or edited)");
            }
            s
        }
        "addresses" => {
            let how = match (f.added.is_empty(), f.removed.is_empty()) {
                (true, false) => "addresses fewer issues",
                (false, true) => "addresses more issues",
                (false, false) => "addresses other issues",
                (true, true) => "addresses the same issues, written differently",
            };
            let mut s = how.to_string();
            if !f.removed.is_empty() {
                s.push_str(&format!("; no longer {}", list(&f.removed)));
            }
            if !f.added.is_empty() {
                s.push_str(&format!("; now also {}", list(&f.added)));
            }
            s
        }
        "groups" => {
            let keys = |v: &Value| {
                v.as_object()
                    .map(|m| m.keys().cloned().collect::<Vec<_>>())
                    .unwrap_or_default()
            };
            format!(
                "groups: [{}] → [{}]",
                keys(&f.before).join(", "),
                keys(&f.after).join(", ")
            )
        }
        name => format!("{name}: {} → {}", value_text(&f.before), value_text(&f.after)),
    }
}

pub(crate) fn explain_mirrored(f: &FieldChange, legend: &Legend) -> String {
    explain(f, legend)
}

/// Explains every field of a change; `modality` and `action` read each other, so that
/// `must-not deploy` → `must withdraw` is told as the same norm.
pub(crate) fn explain_all(fields: &mut [FieldChange], role: Option<ClauseRole>, legend: &Legend) {
    let same_norm_action = fields
        .iter()
        .any(|f| f.field == "action" && f.direction == Direction::Neutral);
    // Whether the basis moved between on the record (quoted, document) and inferred.
    let on_or_off_record = fields.iter().any(|f| {
        let inferred = |v: &Value| v.as_str() == Some("inferred");
        f.field == "basis" && inferred(&f.before) != inferred(&f.after)
    });
    for f in fields.iter_mut() {
        f.explanation = explain_as(f, role, legend);
        let modality = |v: &Value| serde_json::from_value::<Modality>(v.clone()).ok();
        match f.field.as_str() {
            "modality" => {
                if let (Some(b), Some(a)) = (modality(&f.before), modality(&f.after)) {
                    let how = if same_norm_action && a == b.negate_action() {
                        "the same norm, with the opposite action"
                    } else {
                        match (b.is_obligation(), a.is_obligation()) {
                            (true, false) => "softened",
                            (false, true) => "tightened",
                            _ if same_norm_action => "with the opposite action",
                            _ => "reversed",
                        }
                    };
                    f.explanation = format!("modality `{b}` → `{a}` ({how})");
                }
            }
            "strength" if f.direction == Direction::Neutral && on_or_off_record => {
                f.explanation
                    .push_str(" (the clause went on or off the record: no move of the party)");
            }
            "action" if f.direction == Direction::Neutral => {
                f.explanation = format!(
                    "action {} → {} (its opposite)",
                    value_text(&f.before),
                    value_text(&f.after)
                );
            }
            _ => {}
        }
    }
}

/// The clause in one line, places, time and amount written as comparisons write them:
/// `russia need-not hold-talks; 2022-01-12 to 2022-01-13 (demand)`.
fn clause_line(c: &Clause, legend: &Legend) -> String {
    let bearer = c.bearer.join(", ");
    let mut s = format!("{bearer} {} {}", c.modality, c.action);
    if let Some(p) = &c.places {
        let names: Vec<String> = p.iter().map(|x| place_name(legend, x)).collect();
        s.push_str(&format!(" in {}", names.join(", ")));
    }
    if c.when.is_some() {
        s.push_str(&format!("; {}", range_text(&json(&c.when), "always")));
    }
    if c.amount.is_some() {
        s.push_str(&format!("; amount {}", range_text(&json(&c.amount), "any")));
    }
    s.push_str(&format!(" ({})", c.strength));
    s
}

/// One line summing up a change; computed from the change alone (and the legend that names
/// places).
pub(crate) fn summarize(c: &Change, legend: &Legend) -> String {
    let id = |x: &Option<String>| x.clone().unwrap_or_default();
    match (c.kind, &c.clause) {
        (ChangeKind::Added, Some(cl)) => format!(
            "added {}`{}`: {}",
            c.new_role.map(|r| format!("the {} ", r.noun())).unwrap_or_default(),
            id(&c.new),
            clause_line(cl, legend)
        ),
        (ChangeKind::Dropped, Some(cl)) => format!(
            "dropped {}`{}`: {}",
            c.old_role.map(|r| format!("the {} ", r.noun())).unwrap_or_default(),
            id(&c.old),
            clause_line(cl, legend)
        ),
        (ChangeKind::NotRestated, Some(cl)) => format!(
            "not restated {}`{}` (the new position does not address its issue): {}",
            c.old_role.map(|r| format!("the {} ", r.noun())).unwrap_or_default(),
            id(&c.old),
            clause_line(cl, legend)
        ),
        (ChangeKind::NewlyAddressed, Some(cl)) => format!(
            "newly addressed {}`{}` (the old position did not address its issue): {}",
            c.new_role.map(|r| format!("the {} ", r.noun())).unwrap_or_default(),
            id(&c.new),
            clause_line(cl, legend)
        ),
        _ => {
            let mut s = format!("{} `{}`", c.kind, id(&c.new).if_empty(id(&c.old)));
            if c.kind == ChangeKind::Reworded {
                s.push_str(&format!(" (was `{}`)", id(&c.old)));
            }
            if c.moved && c.kind != ChangeKind::Moved {
                s.push_str(" (reordered)");
            }
            let parts: Vec<String> = c
                .fields
                .iter()
                .filter(|f| f.field != "id")
                .map(|f| f.explanation.clone())
                .collect();
            if !parts.is_empty() {
                s.push_str(": ");
                s.push_str(&parts.join("; "));
            }
            s
        }
    }
}

trait IfEmpty {
    fn if_empty(self, other: String) -> String;
}

impl IfEmpty for String {
    fn if_empty(self, other: String) -> String {
        if self.is_empty() {
            other
        } else {
            self
        }
    }
}

/// The field changes of a matched pair.
fn field_changes(ctx: &Ctx<'_, '_>, o: &Clause, n: &Clause, oi: &Info, ni: &Info) -> Vec<FieldChange> {
    let noun = Some(clause_role(n, ctx.party));
    let mut out = Vec::new();
    let common: Vec<&String> = n.bearer.iter().filter(|b| o.bearer.contains(b)).collect();
    if o.id != n.id {
        out.push(field("id", json(&o.id), json(&n.id), Direction::Neutral));
    }
    if o.bearer != n.bearer {
        let added: Vec<String> = n.bearer.iter().filter(|b| !o.bearer.contains(b)).cloned().collect();
        let removed: Vec<String> = o.bearer.iter().filter(|b| !n.bearer.contains(b)).cloned().collect();
        let dirs = added
            .iter()
            .map(|b| {
                let r = role(n, b, ctx.party);
                direct(r, r, Delta::More)
            })
            .chain(removed.iter().map(|b| {
                let r = role(o, b, ctx.party);
                direct(r, r, Delta::Less)
            }));
        let mut f = field("bearer", json(&o.bearer), json(&n.bearer), Direction::combine(dirs));
        f.added = added;
        f.removed = removed;
        out.push(f);
    }
    // Modality and action: the direction follows the normalised norm.
    let norm_dir = if oi.base != ni.base {
        ctx.over_bearers(&common, o, n, Delta::Both)
    } else {
        ctx.over_bearers(&common, o, n, modality_delta(oi.modality, ni.modality))
    };
    let modality_changed = o.modality != n.modality;
    let action_changed = o.action != n.action;
    if modality_changed {
        let d = if oi.base == ni.base {
            norm_dir
        } else {
            Direction::Neutral
        };
        out.push(field("modality", json(&o.modality), json(&n.modality), d));
    }
    if action_changed {
        let d = if oi.base != ni.base || !modality_changed {
            norm_dir
        } else {
            Direction::Neutral
        };
        out.push(field("action", json(&o.action), json(&n.action), d));
    }
    if o.places != n.places || oi.atoms != ni.atoms {
        let delta = set_delta(&oi.atoms, &ni.atoms);
        let mut f = field(
            "where",
            json(&o.places),
            json(&n.places),
            ctx.over_bearers(&common, o, n, delta),
        );
        let added: BTreeSet<usize> = ni.atoms.difference(&oi.atoms).copied().collect();
        let removed: BTreeSet<usize> = oi.atoms.difference(&ni.atoms).copied().collect();
        f.added = ctx.compact(&added);
        f.removed = ctx.compact(&removed);
        f.size = Some(Size {
            measure: Measure::Entities,
            before: Some(ctx.compact(&oi.atoms).len() as f64),
            after: Some(ctx.compact(&ni.atoms).len() as f64),
            unit: None,
        });
        out.push(f);
    }
    if o.when != n.when || oi.when != ni.when {
        let delta = interval_delta(&oi.when, &ni.when);
        let mut f = field(
            "when",
            json(&o.when),
            json(&n.when),
            ctx.over_bearers(&common, o, n, delta),
        );
        f.size = Some(Size {
            measure: Measure::Days,
            before: oi.when.days().map(|d| d as f64),
            after: ni.when.days().map(|d| d as f64),
            unit: None,
        });
        out.push(f);
    }
    if o.amount != n.amount || oi.amount != ni.amount {
        let delta = interval_delta(&oi.amount, &ni.amount);
        let mut f = field(
            "amount",
            json(&o.amount),
            json(&n.amount),
            ctx.over_bearers(&common, o, n, delta),
        );
        f.size = Some(Size {
            measure: Measure::Amount,
            before: oi.amount.width(),
            after: ni.amount.width(),
            unit: ctx.unit_of(&o.action, &n.action),
        });
        out.push(f);
    }
    if o.strength != n.strength {
        let d = match strength_rank(n.strength).cmp(&strength_rank(o.strength)) {
            // A clause that goes on or off the record changes what we know, not what the
            // party holds: an inferred clause is not written as a red line (check warns), so a
            // red line quoted in one round and inferred in the next is no concession.
            _ if o.is_on_record() != n.is_on_record() => Direction::Neutral,
            std::cmp::Ordering::Less => Direction::Hardening,
            std::cmp::Ordering::Greater => Direction::Concession,
            std::cmp::Ordering::Equal => Direction::Neutral,
        };
        out.push(field("strength", json(&o.strength), json(&n.strength), d));
    }
    if o.weight != n.weight {
        let (wo, wn) = (o.effective_weight(), n.effective_weight());
        let delta = match wn.partial_cmp(&wo) {
            Some(std::cmp::Ordering::Greater) => Delta::More,
            Some(std::cmp::Ordering::Less) => Delta::Less,
            _ => Delta::Same,
        };
        out.push(field(
            "weight",
            json(&o.weight),
            json(&n.weight),
            ctx.over_bearers(&common, o, n, delta),
        ));
    }
    if o.conditions != n.conditions {
        let os: BTreeSet<String> = o.conditions.iter().map(|c| c.qualified(ctx.party)).collect();
        let ns: BTreeSet<String> = n.conditions.iter().map(|c| c.qualified(ctx.party)).collect();
        // More conditions: the clause holds in fewer cases.
        let delta = match set_delta(&os, &ns) {
            Delta::More => Delta::Less,
            Delta::Less => Delta::More,
            d => d,
        };
        let mut f = field(
            "conditions",
            json(&o.conditions),
            json(&n.conditions),
            ctx.over_bearers(&common, o, n, delta),
        );
        f.added = ns.difference(&os).cloned().collect();
        f.removed = os.difference(&ns).cloned().collect();
        out.push(f);
    }
    if o.text != n.text {
        let mut f = field("text", json(&o.text), json(&n.text), Direction::Neutral);
        f.words = Some(words(&o.text, &n.text));
        out.push(f);
    }
    for (name, b, a) in [
        ("basis", json(&o.basis), json(&n.basis)),
        ("source", json(&o.source), json(&n.source)),
        ("rationale", json(&o.rationale), json(&n.rationale)),
    ] {
        if b != a {
            out.push(field(name, b, a, Direction::Neutral));
        }
    }
    if o.evidence != n.evidence {
        out.push(field(
            "evidence",
            json(&o.evidence),
            json(&n.evidence),
            Direction::Neutral,
        ));
    }
    explain_all(&mut out, noun, &ctx.index.legend);
    out
}

fn invalid(subject: String, at: FieldPath, id: &str, reason: String) -> Error {
    Error::Invalid {
        subject,
        problems: vec![Invalid {
            at,
            problem: Problem::BadId {
                id: id.to_string(),
                reason,
            },
        }],
    }
}

/// The canonical text of a position: its file form, with the format header.
pub(crate) fn canonical_text(p: &Position) -> String {
    let body = toml::to_string(p)
        .or_else(|_| serde_json::to_string_pretty(p))
        .unwrap_or_default();
    format!("format = \"negdiff/1\"\nkind = \"position\"\n{body}")
}

pub(crate) fn evolve_impl(
    vocab: &Vocabulary,
    old: &Position,
    new: &Position,
    options: &EvolveOptions,
) -> Result<Evolution, Error> {
    let analyzer = Analyzer::new(vocab)?;
    let index = analyzer.index();
    let oc = analyzer.compile(old)?;
    let nc = analyzer.compile(new)?;
    if old.party != new.party {
        return Err(invalid(
            format!("evolution from `{}` to `{}`", old.party, new.party),
            FieldPath::root().key("party"),
            &new.party,
            format!(
                "the old position is `{}`'s; both positions must be the same party's",
                old.party
            ),
        ));
    }
    let (oi, ni) = (infos(&oc), infos(&nc));
    fn key(c: &Clause, i: &Option<Info>) -> Option<(BTreeSet<String>, usize)> {
        i.as_ref().map(|i| (c.bearer.iter().cloned().collect(), i.base))
    }
    let ok: Vec<_> = old.clauses.iter().zip(&oi).map(|(c, i)| key(c, i)).collect();
    let nk: Vec<_> = new.clauses.iter().zip(&ni).map(|(c, i)| key(c, i)).collect();
    // A clause on an issue the other round does not address has nothing to match there.
    let alone = |clauses: &[Clause], other: &Position| -> Vec<bool> {
        let addressed = crate::analysis::record::addressed(index, other);
        clauses
            .iter()
            .map(|c| {
                index
                    .actions
                    .get(c.action.as_str())
                    .is_some_and(|a| !addressed.get(a.issue).copied().unwrap_or(true))
            })
            .collect()
    };
    let (old_alone, new_alone) = (alone(&old.clauses, new), alone(&new.clauses, old));
    let alignment = align_within(
        &old.clauses,
        &new.clauses,
        &ok,
        &nk,
        options.reword_threshold,
        &old_alone,
        &new_alone,
    );
    let ctx = Ctx::new(index, &new.party);

    let mut changes = Vec::new();
    let mut unchanged = 0;
    for p in &alignment.pairs {
        let (o, n) = (&old.clauses[p.old], &new.clauses[p.new]);
        let (Some(oinfo), Some(ninfo)) = (&oi[p.old], &ni[p.new]) else {
            continue;
        };
        let fields = field_changes(&ctx, o, n, oinfo, ninfo);
        if fields.is_empty() && !p.moved {
            unchanged += 1;
            continue;
        }
        let kind = if o.id != n.id {
            ChangeKind::Reworded
        } else if p.moved {
            ChangeKind::Moved
        } else {
            ChangeKind::Modified
        };
        let mut c = Change {
            kind,
            old: Some(o.id.clone()),
            new: Some(n.id.clone()),
            direction: Direction::combine(fields.iter().map(|f| f.direction)),
            moved: p.moved,
            old_index: Some(p.old),
            new_index: Some(p.new),
            similarity: Some(p.similarity),
            old_role: Some(clause_role(o, &new.party)),
            new_role: Some(clause_role(n, &new.party)),
            bearer: n.bearer.clone(),
            action: n.action.clone(),
            summary: String::new(),
            fields,
            clause: None,
        };
        c.summary = summarize(&c, &ctx.index.legend);
        changes.push(c);
    }
    for &i in &alignment.added {
        let cl = &new.clauses[i];
        let (kind, direction) = if new_alone[i] {
            (ChangeKind::NewlyAddressed, Direction::Neutral)
        } else {
            (ChangeKind::Added, ctx.whole_clause(cl, Delta::More))
        };
        let mut c = Change {
            kind,
            old: None,
            new: Some(cl.id.clone()),
            direction,
            moved: false,
            old_index: None,
            new_index: Some(i),
            similarity: None,
            old_role: None,
            new_role: Some(clause_role(cl, &new.party)),
            bearer: cl.bearer.clone(),
            action: cl.action.clone(),
            summary: String::new(),
            fields: Vec::new(),
            clause: Some(cl.clone()),
        };
        c.summary = summarize(&c, &ctx.index.legend);
        changes.push(c);
    }
    for &i in &alignment.dropped {
        let cl = &old.clauses[i];
        let (kind, direction) = if old_alone[i] {
            (ChangeKind::NotRestated, Direction::Neutral)
        } else {
            (ChangeKind::Dropped, ctx.whole_clause(cl, Delta::Less))
        };
        let mut c = Change {
            kind,
            old: Some(cl.id.clone()),
            new: None,
            direction,
            moved: false,
            old_index: Some(i),
            new_index: None,
            similarity: None,
            old_role: Some(clause_role(cl, &new.party)),
            new_role: None,
            bearer: cl.bearer.clone(),
            action: cl.action.clone(),
            summary: String::new(),
            fields: Vec::new(),
            clause: Some(cl.clone()),
        };
        c.summary = summarize(&c, &ctx.index.legend);
        changes.push(c);
    }
    sort_changes(&mut changes);

    let mut position = Vec::new();
    let pairs: [(&str, Value, Value); 6] = [
        ("label", json(&old.label), json(&new.label)),
        ("date", json(&old.date), json(&new.date)),
        ("vocabulary", json(&old.vocabulary), json(&new.vocabulary)),
        ("addresses", json(&old.addresses), json(&new.addresses)),
        ("sources", json(&old.sources), json(&new.sources)),
        ("groups", json(&old.groups), json(&new.groups)),
    ];
    for (name, b, a) in pairs {
        if b != a {
            let mut f = field(name, b, a, Direction::Neutral);
            if name == "sources" {
                let ids = |p: &Position| p.sources.iter().map(|s| s.id.clone()).collect::<BTreeSet<String>>();
                let (o, n) = (ids(old), ids(new));
                f.added = n.difference(&o).cloned().collect();
                f.removed = o.difference(&n).cloned().collect();
            }
            if name == "addresses" {
                // Issues in vocabulary order; an absent list is every issue.
                let ids = |p: &Position| -> Vec<String> {
                    vocab
                        .issues
                        .iter()
                        .filter(|i| p.addresses_issue(&i.id))
                        .map(|i| i.id.clone())
                        .collect()
                };
                let (o, n) = (ids(old), ids(new));
                f.added = n.iter().filter(|i| !o.contains(i)).cloned().collect();
                f.removed = o.iter().filter(|i| !n.contains(i)).cloned().collect();
            }
            f.explanation = explain(&f, &ctx.index.legend);
            position.push(f);
        }
    }

    let counterpart = match &options.counterpart {
        Some(cp) => Some(counterpart_shifts(vocab, old, new, cp, &alignment)?),
        None => None,
    };
    let (old_text, new_text) = (canonical_text(old), canonical_text(new));
    // Patience: clause ids are unique lines, so the diff anchors on them (Myers over the whole
    // texts is quadratic in the edits).
    let unified_diff = super::lines::unified(
        &old_text,
        &new_text,
        3,
        // A header is one line: a label's newline must not end it.
        &format!("old: {}", crate::escape::visible(&old.label)),
        &format!("new: {}", crate::escape::visible(&new.label)),
    );
    let counts = EvolutionCounts::of(&changes, unchanged);
    Ok(Evolution {
        party: new.party.clone(),
        old: crate::analysis::PositionInfo {
            party: old.party.clone(),
            label: old.label.clone(),
            date: old.date,
        },
        new: crate::analysis::PositionInfo {
            party: new.party.clone(),
            label: new.label.clone(),
            date: new.date,
        },
        changes,
        position,
        counts,
        counterpart,
        unified_diff,
        legend: ctx.index.legend.clone(),
    })
}

type ConflictKey = (Name, Name, Vec<Name>, Vec<Name>);
/// A kept conflict: the own clause ids, its size and its issue.
type KeptConflict = (Vec<Name>, WitnessSize, Name);

fn size_status(before: &WitnessSize, after: &WitnessSize) -> Option<ConflictStatus> {
    use std::cmp::Ordering;
    if before == after {
        return None;
    }
    let unb = |x: Option<f64>| x.unwrap_or(f64::INFINITY);
    let orders = [
        after.entities.cmp(&before.entities),
        unb(after.days.map(|d| d as f64)).total_cmp(&unb(before.days.map(|d| d as f64))),
        unb(after.amount_width).total_cmp(&unb(before.amount_width)),
    ];
    let less = orders.contains(&Ordering::Less);
    let more = orders.contains(&Ordering::Greater);
    Some(match (less, more) {
        (true, false) => ConflictStatus::Narrowed,
        (false, true) => ConflictStatus::Widened,
        _ => ConflictStatus::Shifted,
    })
}

fn counterpart_shifts(
    vocab: &Vocabulary,
    old: &Position,
    new: &Position,
    cp: &Position,
    alignment: &Alignment,
) -> Result<CounterpartShifts, Error> {
    let rename: BTreeMap<&str, &str> = alignment
        .pairs
        .iter()
        .map(|p| (old.clauses[p.old].id.as_str(), new.clauses[p.new].id.as_str()))
        .collect();
    // Only the conflicts are kept, each as its key, own clause ids and size, and each
    // comparison is dropped before the next is made: the other findings of a large pair of
    // positions are most of its memory.
    let conflicts = |c: crate::Comparison, map: bool| -> (usize, BTreeMap<ConflictKey, KeptConflict>) {
        let count = c.summary.counts.conflict;
        let kept = c
            .findings
            .into_iter()
            .filter(|f| f.kind == Kind::Conflict)
            .map(|f| {
                let mut own: Vec<Name> = f
                    .left
                    .iter()
                    .map(|id| match (map, rename.get(id.as_str())) {
                        (true, Some(n)) => Name::from(*n),
                        _ => id.clone(),
                    })
                    .collect();
                own.sort();
                ((f.bearer, f.action, own, f.right), (f.left, f.size, f.issue))
            })
            .collect();
        (count, kept)
    };
    let (conflicts_before, b) = conflicts(compare(vocab, old, cp)?, true);
    let (conflicts_after, a) = conflicts(compare(vocab, new, cp)?, false);
    let mut shifts = Vec::new();
    // A conflict on an issue one round does not address neither closed nor opened.
    let status_if = |issue: &Name, round: &Position, default: ConflictStatus, instead: ConflictStatus| {
        if round.addresses_issue(issue) {
            default
        } else {
            instead
        }
    };
    for (k, (old_ids, before, issue)) in &b {
        let (bearer, action, _, counterpart) = k;
        match a.get(k) {
            None => shifts.push(ConflictShift {
                status: status_if(issue, new, ConflictStatus::Closed, ConflictStatus::NotRestated),
                bearer: bearer.clone(),
                action: action.clone(),
                old: old_ids.clone(),
                new: Vec::new(),
                counterpart: counterpart.clone(),
                before: Some(before.clone()),
                after: None,
            }),
            Some((new_ids, after, _)) => {
                if let Some(status) = size_status(before, after) {
                    shifts.push(ConflictShift {
                        status,
                        bearer: bearer.clone(),
                        action: action.clone(),
                        old: old_ids.clone(),
                        new: new_ids.clone(),
                        counterpart: counterpart.clone(),
                        before: Some(before.clone()),
                        after: Some(after.clone()),
                    });
                }
            }
        }
    }
    for (k, (new_ids, after, issue)) in &a {
        if !b.contains_key(k) {
            let (bearer, action, _, counterpart) = k;
            shifts.push(ConflictShift {
                status: status_if(issue, old, ConflictStatus::Opened, ConflictStatus::NewlyAddressed),
                bearer: bearer.clone(),
                action: action.clone(),
                old: Vec::new(),
                new: new_ids.clone(),
                counterpart: counterpart.clone(),
                before: None,
                after: Some(after.clone()),
            });
        }
    }
    sort_conflicts(&mut shifts);
    Ok(CounterpartShifts {
        party: cp.party.clone(),
        label: cp.label.clone(),
        conflicts_before,
        conflicts_after,
        conflicts: shifts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Direction::*;

    fn c(bearer: &str, m: Modality) -> Clause {
        Clause::new("c", bearer, m, "act")
    }

    #[test]
    fn roles_follow_the_bearer_and_the_strength() {
        assert_eq!(role(&c("other", Modality::Must), "other", "me"), Role::Ask);
        assert_eq!(role(&c("other", Modality::May), "other", "me"), Role::Ask);
        assert_eq!(role(&c("me", Modality::May), "me", "me"), Role::Ask);
        assert_eq!(role(&c("me", Modality::MustNot), "me", "me"), Role::Give);
        let offer = c("other", Modality::May).strength(Strength::Offer);
        assert_eq!(role(&offer, "other", "me"), Role::Give);
    }

    #[test]
    fn the_direction_table() {
        use Delta::*;
        use Role::*;
        assert_eq!(direct(Ask, Ask, More), Hardening);
        assert_eq!(direct(Ask, Ask, Less), Concession);
        assert_eq!(direct(Ask, Ask, Both), Mixed);
        assert_eq!(direct(Give, Give, More), Concession);
        assert_eq!(direct(Give, Give, Less), Hardening);
        assert_eq!(direct(Give, Give, Both), Mixed);
        assert_eq!(direct(Ask, Give, More), Concession);
        assert_eq!(direct(Give, Ask, Less), Hardening);
        for r in [Ask, Give] {
            for s in [Ask, Give] {
                assert_eq!(direct(r, s, Same), Neutral);
            }
        }
    }

    #[test]
    fn modality_deltas() {
        use Modality::*;
        assert_eq!(modality_delta(Must, May), Delta::Less);
        assert_eq!(modality_delta(MustNot, May), Delta::Less);
        assert_eq!(modality_delta(NeedNot, MustNot), Delta::More);
        assert_eq!(modality_delta(Must, MustNot), Delta::Both);
        assert_eq!(modality_delta(May, NeedNot), Delta::Both);
        assert_eq!(modality_delta(May, May), Delta::Same);
    }

    #[test]
    fn combining_directions() {
        assert_eq!(Direction::combine([]), Neutral);
        assert_eq!(Direction::combine([Neutral, Concession, Concession]), Concession);
        assert_eq!(Direction::combine([Concession, Hardening]), Mixed);
        assert_eq!(Direction::combine([Mixed, Neutral]), Mixed);
    }

    #[test]
    fn word_redline_marks_removed_and_added_words() {
        let w = words("stop all new members", "stop any new members");
        let ops: Vec<(WordOp, &str)> = w.iter().map(|e| (e.op, e.text.as_str())).collect();
        assert_eq!(
            ops,
            vec![
                (WordOp::Equal, "stop "),
                (WordOp::Removed, "all"),
                (WordOp::Added, "any"),
                (WordOp::Equal, " new members"),
            ]
        );
        let w = words("a b c d", "a x y d");
        let ops: Vec<(WordOp, &str)> = w.iter().map(|e| (e.op, e.text.as_str())).collect();
        assert_eq!(
            ops,
            vec![
                (WordOp::Equal, "a "),
                (WordOp::Removed, "b c"),
                (WordOp::Added, "x y"),
                (WordOp::Equal, " d"),
            ]
        );
    }
}
