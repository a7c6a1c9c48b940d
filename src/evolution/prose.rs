//! The prose of an evolution: word-level redlines, the one-line explanation of each field
//! change and the one-line summary of each change. Computed from the change alone, so a
//! mirrored change (or one read back from JSON) explains itself the same way.

use serde_json::Value;
use similar::{ChangeTag, TextDiff};

use super::fields::json;
use super::{Change, ChangeKind, ClauseRole, Direction, Field, FieldChange, Measure, WordEdit, WordOp};
use crate::analysis::Legend;
use crate::model::{Clause, Modality};
use crate::report::{place_name, plural};

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
    match f.field {
        Field::Where => explain_where(f, role, legend),
        Field::When | Field::Amount => explain_range(f),
        Field::Strength => explain_strength(f),
        Field::Bearer | Field::Conditions => explain_items(f),
        Field::Text => "text edited".to_string(),
        Field::Evidence | Field::Sources => explain_counted(f),
        Field::Addresses => explain_addresses(f),
        Field::Groups => explain_groups(f),
        name => format!("{name}: {} → {}", value_text(&f.before), value_text(&f.after)),
    }
}

/// The verb for a scope that grew, shrank, both or neither.
fn verb(grew: bool, shrank: bool) -> &'static str {
    match (grew, shrank) {
        (true, false) => "widened",
        (false, true) => "narrowed",
        (true, true) => "changed",
        (false, false) => "rewritten",
    }
}

/// Places: how many before and after, and which were added or removed.
fn explain_where(f: &FieldChange, role: Option<ClauseRole>, legend: &Legend) -> String {
    let noun = role.map(|r| format!("the {} ", r.noun())).unwrap_or_default();
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
            plural(b, "", "s")
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

/// A time window or an amount: the ranges and their sizes.
fn explain_range(f: &FieldChange) -> String {
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
    let (what, any) = if f.field == Field::When {
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

/// Strength: lowered (a concession) or raised (a hardening).
fn explain_strength(f: &FieldChange) -> String {
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

/// Bearers or conditions: the items added and removed.
fn explain_items(f: &FieldChange) -> String {
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

/// Evidence or sources: how many before and after, and the ids added and removed.
fn explain_counted(f: &FieldChange) -> String {
    let n = |v: &Value| v.as_array().map_or(0, Vec::len);
    let after = n(&f.after);
    let what = if f.field == Field::Evidence {
        plural(after, "quote", "quotes")
    } else {
        plural(after, "source", "sources")
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

/// The issues a position addresses: fewer, more or other.
fn explain_addresses(f: &FieldChange) -> String {
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

/// Groups: their names before and after.
fn explain_groups(f: &FieldChange) -> String {
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

pub(crate) fn explain_mirrored(f: &FieldChange, legend: &Legend) -> String {
    explain(f, legend)
}

/// Explains every field of a change; `modality` and `action` read each other, so that
/// `must-not deploy` → `must withdraw` is told as the same norm.
pub(crate) fn explain_all(fields: &mut [FieldChange], role: Option<ClauseRole>, legend: &Legend) {
    let same_norm_action = fields
        .iter()
        .any(|f| f.field == Field::Action && f.direction == Direction::Neutral);
    // Whether the basis moved between on the record (quoted, document) and inferred.
    let on_or_off_record = fields.iter().any(|f| {
        let inferred = |v: &Value| v.as_str() == Some("inferred");
        f.field == Field::Basis && inferred(&f.before) != inferred(&f.after)
    });
    for f in fields.iter_mut() {
        f.explanation = explain_as(f, role, legend);
        let modality = |v: &Value| serde_json::from_value::<Modality>(v.clone()).ok();
        match f.field {
            Field::Modality => {
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
            Field::Strength if f.direction == Direction::Neutral && on_or_off_record => {
                f.explanation
                    .push_str(" (the clause went on or off the record: no move of the party)");
            }
            Field::Action if f.direction == Direction::Neutral => {
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
                .filter(|f| f.field != Field::Id)
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

#[cfg(test)]
mod tests {
    use super::*;

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
