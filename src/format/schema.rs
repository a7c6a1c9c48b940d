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
    /// One line for editors that complete files from the JSON Schema.
    pub description: &'static str,
}

/// Declares a table of negdiff/1 once: the `&[Field]` that the full loading path checks, the
/// did-you-mean suggestions read and the JSON Schema is written from, and an enum of the same
/// fields in the same order, which the fast path matches exhaustively — a field added here
/// does not compile until the fast path reads it too.
macro_rules! table {
    ($(#[$doc:meta])* $vis:vis $name:ident / $fields:ident {
        $($var:ident: $req:ident $fname:literal, $ty:expr, $desc:literal;)*
    }) => {
        $(#[$doc])*
        $vis const $name: &[Field] = &[$(Field {
            name: $fname,
            ty: $ty,
            required: table!(@$req),
            description: $desc,
        }),*];

        #[doc = concat!("The fields of [`", stringify!($name), "`], in its order.")]
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[allow(dead_code)]
        pub(crate) enum $fields {
            $(#[doc = $desc] $var),*
        }

        #[allow(dead_code)]
        impl $fields {
            /// Every field, in the order of the table.
            pub(crate) const ALL: &'static [$fields] = &[$($fields::$var),*];
        }
    };
    (@req) => { true };
    (@opt) => { false };
}

/// The file keywords of a keyword enum, from its `ALL` and `as_str`, so that the checks, the
/// suggestions and the JSON Schema list exactly what the model reads.
macro_rules! keywords {
    ($e:ty) => {{
        const N: usize = <$e>::ALL.len();
        const WORDS: [&str; N] = {
            let mut out = [""; N];
            let mut i = 0;
            while i < N {
                out[i] = <$e>::ALL[i].as_str();
                i += 1;
            }
            out
        };
        &WORDS
    }};
}

table! {
    PARTY / PartyField {
        Id: req "id", Ty::Str, "The party's id, used as `party` and `bearer`.";
        Name: req "name", Ty::Str, "The party's name in reports.";
        Entity: opt "entity", Ty::Str, "The party's territory, an entity id.";
    }
}
table! {
    ENTITY / EntityField {
        Id: req "id", Ty::Str, "The entity's id, used in `where`, `applies-to` and groups.";
        Name: req "name", Ty::Str, "The entity's name in reports.";
        PartOf: opt "part-of", Ty::Str, "The entity this one is part of; naming a parent covers its parts.";
    }
}
table! {
    CONVERSE / ConverseField {
        Action: req "action", Ty::Str, "The other party's action this one is the converse of.";
        By: req "by", Ty::Str, "The party who does that action.";
    }
}
table! {
    AMOUNT_DOMAIN / AmountDomainField {
        Min: opt "min", Ty::Num, "The least amount that exists (included).";
        Max: opt "max", Ty::Num, "The greatest amount that exists (included).";
        Whole: opt "whole", Ty::Bool, "Whether only whole numbers exist.";
    }
}
table! {
    ACTION / ActionField {
        Id: req "id", Ty::Str, "The action's id, used in clauses and issues.";
        Opposite: opt "opposite", Ty::Str, "The action that undoes this one (mutual).";
        Unit: opt "unit", Ty::Str, "The unit of the action's amounts.";
        Converse: opt "converse", Ty::Table(CONVERSE), "Another party's action describing the same event.";
        AppliesTo: opt "applies-to", Ty::List(&Ty::Str), "Where the action can happen: entity ids, `@group`s or `*`.";
        AmountDomain: opt "amount-domain", Ty::Table(AMOUNT_DOMAIN), "The amounts that exist; needs a `unit`.";
    }
}
table! {
    ISSUE / IssueField {
        Id: req "id", Ty::Str, "The issue's id.";
        Title: req "title", Ty::Str, "The issue's title in reports.";
        Actions: req "actions", Ty::List(&Ty::Str), "The actions on this agenda item.";
    }
}

table! {
    /// The fields of a vocabulary file.
    pub(crate) VOCABULARY / VocabularyField {
        Format: req "format", Ty::Str, "The file format: `negdiff/1`.";
        Kind: req "kind", Ty::Str, "The kind of file: `vocabulary`.";
        Name: req "name", Ty::Str, "The negotiation's name.";
        Parties: opt "parties", Ty::Tables(PARTY), "Who holds positions and bears norms.";
        Entities: opt "entities", Ty::Tables(ENTITY), "Places clauses can name.";
        Actions: opt "actions", Ty::Tables(ACTION), "What clauses oblige, forbid or permit.";
        Issues: opt "issues", Ty::Tables(ISSUE), "Agenda items, each a set of actions.";
        Groups: opt "groups", Ty::Groups, "Named sets of places: entity ids and `@group`s.";
    }
}

table! {
    pub(crate) SOURCE / SourceField {
        Id: req "id", Ty::Str, "The source's id, used by evidence and clauses.";
        Title: req "title", Ty::Str, "The source's title.";
        Publisher: opt "publisher", Ty::Str, "Who published it.";
        Date: opt "date", Ty::Date, "When it was published (YYYY-MM-DD).";
        Path: opt "path", Ty::Str, "A local copy of its text, for checking quotes.";
    }
}
table! {
    pub(crate) WHEN / WhenField {
        From: opt "from", Ty::Date, "The first day (YYYY-MM-DD).";
        Until: opt "until", Ty::Date, "The last day (YYYY-MM-DD).";
    }
}
table! {
    pub(crate) AMOUNT / AmountField {
        Min: opt "min", Ty::Num, "The least amount (included).";
        Max: opt "max", Ty::Num, "The greatest amount (included).";
    }
}
table! {
    pub(crate) EVIDENCE / EvidenceField {
        Source: req "source", Ty::Str, "The id of the source quoted.";
        Quote: req "quote", Ty::Str, "The words quoted, as in the source.";
        Speaker: opt "speaker", Ty::Str, "Who said them.";
    }
}

/// The keywords of `modality`.
pub(crate) const MODALITIES: &[&str] = keywords!(crate::model::Modality);
/// The keywords of `strength`.
pub(crate) const STRENGTHS: &[&str] = keywords!(crate::model::Strength);
/// The keywords of `basis`.
pub(crate) const BASES: &[&str] = keywords!(crate::model::Basis);

table! {
    pub(crate) CLAUSE / ClauseField {
        Id: req "id", Ty::Str, "The clause's id, unique in its position.";
        Bearer: req "bearer", Ty::StrOrList, "The party or parties the norm binds.";
        Modality: req "modality", Ty::Enum("modality", MODALITIES), "Oblige, forbid, permit, or permit refraining.";
        Action: req "action", Ty::Str, "The action, an id of the vocabulary.";
        Where: opt "where", Ty::List(&Ty::Str), "Where: entity ids, `@group`s or `*` (default everywhere).";
        When: opt "when", Ty::Table(WHEN), "When: days from and until (default always).";
        Amount: opt "amount", Ty::Table(AMOUNT), "How much, in the action's unit.";
        Strength: opt "strength", Ty::Enum("strength", STRENGTHS), "How firmly it is held (default demand).";
        Weight: opt "weight", Ty::Num, "Its weight for bargaining.";
        Conditions: opt "conditions", Ty::List(&Ty::ClauseRef), "Clauses it holds only with: `id` or `party/id`.";
        Text: req "text", Ty::Str, "The clause in plain words.";
        Basis: opt "basis", Ty::Enum("basis", BASES), "What it rests on: a quote, a document, or a reading.";
        Source: opt "source", Ty::Str, "The source a `document` clause rests on.";
        Rationale: opt "rationale", Ty::Str, "Why an `inferred` clause is read so.";
        Evidence: opt "evidence", Ty::Tables(EVIDENCE), "Quotes the clause rests on.";
    }
}

table! {
    /// The fields of a position file.
    pub(crate) POSITION / PositionField {
        Format: req "format", Ty::Str, "The file format: `negdiff/1`.";
        Kind: req "kind", Ty::Str, "The kind of file: `position`.";
        Party: req "party", Ty::Str, "The party whose position this is.";
        Label: req "label", Ty::Str, "The round, e.g. `round 1`.";
        Date: opt "date", Ty::Date, "The day of the position (YYYY-MM-DD).";
        Vocabulary: opt "vocabulary", Ty::Str, "The vocabulary file, relative to this one.";
        Addresses: opt "addresses", Ty::List(&Ty::Str), "The issues the position speaks to; others are silent by design.";
        Sources: opt "sources", Ty::Tables(SOURCE), "Documents the clauses rest on.";
        Groups: opt "groups", Ty::Groups, "Named sets of places, added to the vocabulary's.";
        Clauses: opt "clauses", Ty::Tables(CLAUSE), "The position's norms.";
    }
}

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
    invalid(
        lines,
        node,
        at,
        format!("expected {expected}, found {}", node.value.describe()),
    )
}

/// A schema error about the value `node` at `at`.
fn invalid(lines: &Lines<'_>, node: &Node, at: &FieldPath, message: impl Into<String>) -> Diagnostic {
    lines.error(DiagnosticKind::Schema, &node.span, Some(at.to_string()), message)
}

fn check_value(lines: &Lines<'_>, node: &Node, ty: &Ty, at: &FieldPath, out: &mut Shape) {
    match (ty, &node.value) {
        (Ty::Str, Value::Str(_)) => {}
        (Ty::Str, _) => out.push(at, wrong(lines, node, at, "a string")),
        // A plain TOML date is checked like a date written as a string.
        (Ty::Date, Value::Str(s) | Value::Datetime(s, true)) => {
            if let Err(e) = s.parse::<Date>() {
                out.push(at, invalid(lines, node, at, e.to_string()));
            }
        }
        (Ty::Date, Value::Datetime(s, false)) => out.push(
            at,
            invalid(
                lines,
                node,
                at,
                format!("`{s}` is a date-time; a date YYYY-MM-DD is expected"),
            ),
        ),
        (Ty::Date, _) => out.push(at, wrong(lines, node, at, "a date YYYY-MM-DD")),
        (Ty::Num, Value::Num(n, text)) => {
            if !n.is_some_and(f64::is_finite) {
                out.push(at, invalid(lines, node, at, format!("`{text}` is not a finite number")));
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
                out.push(at, invalid(lines, node, at, format!("unknown {what} `{s}`{hint}")));
            }
        }
        (Ty::Enum(what, _), _) => out.push(at, wrong(lines, node, at, &format!("a {what} keyword"))),
        (Ty::StrOrList, Value::Str(_)) => {}
        (Ty::StrOrList, Value::Array(_)) => check_value(lines, node, &Ty::List(&Ty::Str), at, out),
        (Ty::StrOrList, _) => out.push(at, wrong(lines, node, at, "a party id or a list of party ids")),
        (Ty::ClauseRef, Value::Str(s)) => {
            if let Err(e) = s.parse::<ClauseRef>() {
                out.push(at, invalid(lines, node, at, e));
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
