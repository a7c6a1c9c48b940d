//! The shape of negdiff/1 files, checked over a spanned tree before serde reads it, so that
//! every unknown field, missing field and wrong type is reported, not only the first.

use crate::error::DiagnosticKind;
use crate::model::{ClauseRef, Date, FieldPath, Segment};
use crate::suggest::closest;

use super::diagnostic::{Diagnostic, Lines};
use super::tree::{Node, Value};

/// The type a field must have.
pub(crate) enum Ty {
    Str,
    Date,
    Num,
    Bool,
    Enum(&'static str, &'static [&'static str]),
    /// A string or a list of strings.
    StrOrList,
    ClauseRef,
    List(&'static Ty),
    Table(&'static [Field]),
    /// An array of tables (`[[name]]`).
    Tables(&'static [Field]),
    /// A table of names to lists of strings.
    Groups,
}

/// A field of a table.
pub(crate) struct Field {
    pub name: &'static str,
    pub ty: Ty,
    pub required: bool,
}

const fn req(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: true,
    }
}

const fn opt(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: false,
    }
}

const PARTY: &[Field] = &[req("id", Ty::Str), req("name", Ty::Str), opt("entity", Ty::Str)];
const ENTITY: &[Field] = &[req("id", Ty::Str), req("name", Ty::Str), opt("part-of", Ty::Str)];
const CONVERSE: &[Field] = &[req("action", Ty::Str), req("by", Ty::Str)];
const AMOUNT_DOMAIN: &[Field] = &[opt("min", Ty::Num), opt("max", Ty::Num), opt("whole", Ty::Bool)];
const ACTION: &[Field] = &[
    req("id", Ty::Str),
    opt("opposite", Ty::Str),
    opt("unit", Ty::Str),
    opt("converse", Ty::Table(CONVERSE)),
    opt("applies-to", Ty::List(&Ty::Str)),
    opt("amount-domain", Ty::Table(AMOUNT_DOMAIN)),
];
const ISSUE: &[Field] = &[
    req("id", Ty::Str),
    req("title", Ty::Str),
    req("actions", Ty::List(&Ty::Str)),
];

/// The fields of a vocabulary file.
pub(crate) const VOCABULARY: &[Field] = &[
    req("format", Ty::Str),
    req("kind", Ty::Str),
    req("name", Ty::Str),
    opt("parties", Ty::Tables(PARTY)),
    opt("entities", Ty::Tables(ENTITY)),
    opt("actions", Ty::Tables(ACTION)),
    opt("issues", Ty::Tables(ISSUE)),
    opt("groups", Ty::Groups),
];

const SOURCE: &[Field] = &[
    req("id", Ty::Str),
    req("title", Ty::Str),
    opt("publisher", Ty::Str),
    opt("date", Ty::Date),
    opt("path", Ty::Str),
];
const WHEN: &[Field] = &[opt("from", Ty::Date), opt("until", Ty::Date)];
const AMOUNT: &[Field] = &[opt("min", Ty::Num), opt("max", Ty::Num)];
const EVIDENCE: &[Field] = &[req("source", Ty::Str), req("quote", Ty::Str), opt("speaker", Ty::Str)];
/// The keywords of `modality`.
pub(crate) const MODALITIES: &[&str] = &["must", "must-not", "may", "need-not"];
/// The keywords of `strength`.
pub(crate) const STRENGTHS: &[&str] = &["red-line", "demand", "offer", "preference"];
/// The keywords of `basis`.
pub(crate) const BASES: &[&str] = &["quoted", "document", "inferred"];
const CLAUSE: &[Field] = &[
    req("id", Ty::Str),
    req("bearer", Ty::StrOrList),
    req("modality", Ty::Enum("modality", MODALITIES)),
    req("action", Ty::Str),
    opt("where", Ty::List(&Ty::Str)),
    opt("when", Ty::Table(WHEN)),
    opt("amount", Ty::Table(AMOUNT)),
    opt("strength", Ty::Enum("strength", STRENGTHS)),
    opt("weight", Ty::Num),
    opt("conditions", Ty::List(&Ty::ClauseRef)),
    req("text", Ty::Str),
    opt("basis", Ty::Enum("basis", BASES)),
    opt("source", Ty::Str),
    opt("rationale", Ty::Str),
    opt("evidence", Ty::Tables(EVIDENCE)),
];

/// The fields of a position file.
pub(crate) const POSITION: &[Field] = &[
    req("format", Ty::Str),
    req("kind", Ty::Str),
    req("party", Ty::Str),
    req("label", Ty::Str),
    opt("date", Ty::Date),
    opt("vocabulary", Ty::Str),
    opt("addresses", Ty::List(&Ty::Str)),
    opt("sources", Ty::Tables(SOURCE)),
    opt("groups", Ty::Groups),
    opt("clauses", Ty::Tables(CLAUSE)),
];

/// Shape problems found so far, and for each whether loading can go on without the bad value.
#[derive(Default)]
pub(crate) struct Shape {
    pub diagnostics: Vec<Diagnostic>,
    /// How to set each problem aside so that the rest of the file can still be validated;
    /// `None` when a problem cannot be set aside (a required field is missing).
    pub set_aside: Vec<Option<SetAside>>,
}

/// A malformed value left out of validation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SetAside {
    /// Leave out the field at this path.
    Remove(FieldPath),
    /// Replace the place at this path (in a `where` list or a group) by `*`, which is always
    /// valid there, so that the list and the group still exist.
    Everywhere(FieldPath),
}

impl Shape {
    /// Records a problem with the value at `at`. Loading can go on without the field that
    /// holds it; a list element sets its whole list aside, so that the indices of validation
    /// messages stay those of the file — except in lists of places, where the element is
    /// replaced by `*` so that a group with one bad member still exists.
    fn push(&mut self, at: &FieldPath, d: Diagnostic) {
        let p = &at.0;
        let in_places = matches!(
            p.as_slice(),
            [.., Segment::Key(k), Segment::Index(_)] if k == "where"
        ) || matches!(p.as_slice(), [Segment::Key(g), Segment::Key(_), Segment::Index(_)] if g == "groups");
        if in_places {
            self.set_aside.push(Some(SetAside::Everywhere(at.clone())));
        } else {
            let mut path = p.clone();
            while matches!(path.last(), Some(Segment::Index(_))) {
                path.pop();
            }
            // A clause whose `basis` is unreadable keeps no `source` or `rationale` either: they
            // would only be reported again as belonging to no basis.
            if let [.., Segment::Key(k)] = path.as_slice() {
                if k == "basis" {
                    for sibling in ["source", "rationale"] {
                        let mut p = path.clone();
                        p.pop();
                        p.push(Segment::Key(sibling.into()));
                        self.set_aside.push(Some(SetAside::Remove(FieldPath(p))));
                    }
                }
            }
            self.set_aside
                .push((!path.is_empty()).then_some(SetAside::Remove(FieldPath(path))));
        }
        self.diagnostics.push(d);
    }

    fn fatal(&mut self, d: Diagnostic) {
        self.set_aside.push(None);
        self.diagnostics.push(d);
    }
}

/// Checks a table against its fields, collecting every problem.
pub(crate) fn check_table(lines: &Lines<'_>, node: &Node, fields: &[Field], at: &FieldPath, out: &mut Shape) {
    let Value::Table(entries) = &node.value else {
        out.push(at, wrong(lines, node, at, "a table"));
        return;
    };
    for (key, value) in entries {
        match fields.iter().find(|f| f.name == key.name) {
            Some(f) => check_value(lines, value, &f.ty, &at.key(&key.name), out),
            None => {
                let hint = closest(&key.name, fields.iter().map(|f| (f.name, None)))
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_else(|| {
                        format!(
                            "; expected one of {}",
                            fields
                                .iter()
                                .map(|f| format!("`{}`", f.name))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    });
                let field = at.key(&key.name);
                out.push(
                    &field,
                    lines.error(
                        DiagnosticKind::Schema,
                        &key.span,
                        Some(field.to_string()),
                        format!("unknown field `{}`{hint}", key.name),
                    ),
                );
            }
        }
    }
    for f in fields.iter().filter(|f| f.required) {
        if !entries.iter().any(|(k, _)| k.name == f.name) {
            out.fatal(lines.error(
                DiagnosticKind::Schema,
                &node.span,
                Some(at.to_string()),
                format!("missing required field `{}`", f.name),
            ));
        }
    }
}

fn wrong(lines: &Lines<'_>, node: &Node, at: &FieldPath, expected: &str) -> Diagnostic {
    lines.error(
        DiagnosticKind::Schema,
        &node.span,
        Some(at.to_string()),
        format!("expected {expected}, found {}", node.value.describe()),
    )
}

fn check_value(lines: &Lines<'_>, node: &Node, ty: &Ty, at: &FieldPath, out: &mut Shape) {
    match (ty, &node.value) {
        (Ty::Str, Value::Str(_)) => {}
        (Ty::Str, _) => out.push(at, wrong(lines, node, at, "a string")),
        (Ty::Date, Value::Str(s)) => {
            if let Err(e) = s.parse::<Date>() {
                out.push(
                    at,
                    lines.error(DiagnosticKind::Schema, &node.span, Some(at.to_string()), e.to_string()),
                );
            }
        }
        (Ty::Date, Value::Datetime(s, true)) => {
            if let Err(e) = s.parse::<Date>() {
                out.push(
                    at,
                    lines.error(DiagnosticKind::Schema, &node.span, Some(at.to_string()), e.to_string()),
                );
            }
        }
        (Ty::Date, Value::Datetime(s, false)) => out.push(
            at,
            lines.error(
                DiagnosticKind::Schema,
                &node.span,
                Some(at.to_string()),
                format!("`{s}` is a date-time; a date YYYY-MM-DD is expected"),
            ),
        ),
        (Ty::Date, _) => out.push(at, wrong(lines, node, at, "a date YYYY-MM-DD")),
        (Ty::Num, Value::Num(n, text)) => {
            if !n.is_some_and(f64::is_finite) {
                out.push(
                    at,
                    lines.error(
                        DiagnosticKind::Schema,
                        &node.span,
                        Some(at.to_string()),
                        format!("`{text}` is not a finite number"),
                    ),
                );
            }
        }
        (Ty::Num, _) => out.push(at, wrong(lines, node, at, "a number")),
        (Ty::Bool, Value::Bool(_)) => {}
        (Ty::Bool, _) => out.push(at, wrong(lines, node, at, "a boolean")),
        (Ty::Enum(what, words), Value::Str(s)) => {
            if !words.contains(&s.as_str()) {
                let hint = closest(s, words.iter().map(|w| (*w, None)))
                    .map(|w| format!("; did you mean `{w}`?"))
                    .unwrap_or_else(|| {
                        format!(
                            "; expected one of {}",
                            words.iter().map(|w| format!("`{w}`")).collect::<Vec<_>>().join(", ")
                        )
                    });
                out.push(
                    at,
                    lines.error(
                        DiagnosticKind::Schema,
                        &node.span,
                        Some(at.to_string()),
                        format!("unknown {what} `{s}`{hint}"),
                    ),
                );
            }
        }
        (Ty::Enum(what, _), _) => out.push(at, wrong(lines, node, at, &format!("a {what} keyword"))),
        (Ty::StrOrList, Value::Str(_)) => {}
        (Ty::StrOrList, Value::Array(_)) => check_value(lines, node, &Ty::List(&Ty::Str), at, out),
        (Ty::StrOrList, _) => out.push(at, wrong(lines, node, at, "a party id or a list of party ids")),
        (Ty::ClauseRef, Value::Str(s)) => {
            if let Err(e) = s.parse::<ClauseRef>() {
                out.push(
                    at,
                    lines.error(DiagnosticKind::Schema, &node.span, Some(at.to_string()), e),
                );
            }
        }
        (Ty::ClauseRef, _) => out.push(at, wrong(lines, node, at, "a clause reference")),
        (Ty::List(item), Value::Array(items)) => {
            for (i, n) in items.iter().enumerate() {
                check_value(lines, n, item, &at.index(i), out);
            }
        }
        (Ty::List(_), _) => out.push(at, wrong(lines, node, at, "an array")),
        (Ty::Table(fields), _) => check_table(lines, node, fields, at, out),
        (Ty::Tables(fields), Value::Array(items)) => {
            for (i, n) in items.iter().enumerate() {
                check_table(lines, n, fields, &at.index(i), out);
            }
        }
        (Ty::Tables(_), _) => out.push(at, wrong(lines, node, at, "an array of tables")),
        (Ty::Groups, Value::Table(entries)) => {
            for (k, v) in entries {
                check_value(lines, v, &Ty::List(&Ty::Str), &at.key(&k.name), out);
            }
        }
        (Ty::Groups, _) => out.push(at, wrong(lines, node, at, "a table of groups")),
    }
}
