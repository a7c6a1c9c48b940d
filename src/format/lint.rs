//! What `check` reports beyond loading: files that load, yet would change results without a
//! word. Each finding is located in its file.
//!
//! - **Internal contradictions** (warnings): two clauses of one position that cannot both
//!   hold, as [`crate::find_contradictions`] finds them and as bargaining calls them blocking.
//!   Warnings, not errors: the file is valid (`compare` accepts it, and must accept what
//!   `check` accepts); what it says is contradictory.
//! - **Amounts without a unit** (warnings): an `amount` on an action that has no unit, whose
//!   numbers may not measure the same thing from clause to clause.
//! - **Near-miss ids** (warnings): without a vocabulary, an action, place or party that one
//!   position names and that is one edit away from a name another position uses: the two are
//!   different names, so a conflict silently becomes two gaps.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};

use crate::error::DiagnosticKind;
use crate::model::{FieldPath, Position};

use super::diagnostic::{Diagnostic, Severity};
use super::load::LoadedPosition;

/// Internal contradictions and amounts without a unit, for one position.
pub(crate) fn position(lp: &LoadedPosition, out: &mut Vec<Diagnostic>) {
    let lines = lp.parsed.lines();
    let cl = FieldPath::root().key("clauses");
    let index: HashMap<&str, usize> = lp
        .position
        .clauses
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    // The norms loading compiled: the position is not compiled a second time.
    let analyzer = crate::analysis::Analyzer::new(&lp.vocabulary);
    if let Ok(report) = analyzer.map(|a| a.check_norms(&lp.position, lp.norms.clone())) {
        // One warning per clause that breaks what came before it: the first contradiction in
        // full, the others by the clauses they involve (a position with many clauses on one
        // action must not drown the report in pairs).
        let mut by_clause: BTreeMap<usize, (usize, BTreeSet<&str>)> = BTreeMap::new();
        for (fi, f) in report.contradictions.iter().enumerate() {
            let ids: Vec<(usize, &str)> = f
                .right
                .iter()
                .chain(&f.left)
                .filter_map(|id| index.get(id.as_str()).map(|&i| (i, id.as_str())))
                .collect();
            let Some(&(at_clause, _)) = ids.iter().max() else {
                continue;
            };
            let entry = by_clause.entry(at_clause).or_insert((fi, BTreeSet::new()));
            entry
                .1
                .extend(ids.iter().filter(|&&(i, _)| i != at_clause).map(|&(_, id)| id));
        }
        for (at_clause, (fi, others)) in by_clause {
            let f = &report.contradictions[fi];
            let at = cl.index(at_clause).key("modality");
            let places = f
                .scope
                .first()
                .map(|b| crate::report::describe_places(report.legend(), &b.places))
                .unwrap_or_default();
            let more = if others.len() > 1 {
                let shown: Vec<String> = others.iter().take(3).map(|id| format!("`{id}`")).collect();
                format!(
                    "; it contradicts {} clauses in all ({}{})",
                    others.len(),
                    shown.join(", "),
                    if others.len() > 3 { ", …" } else { "" }
                )
            } else {
                String::new()
            };
            out.push(lines.at(
                Severity::Warning,
                DiagnosticKind::Semantics,
                &lp.parsed.root.locate(&at),
                Some(at.to_string()),
                format!("internal contradiction: {}; where: {places}{more}", f.explanation),
            ));
        }
    }
    let units: HashMap<&str, Option<&str>> = lp
        .vocabulary
        .actions
        .iter()
        .map(|a| (a.id.as_str(), a.unit.as_deref()))
        .collect();
    for (ci, c) in lp.position.clauses.iter().enumerate() {
        if c.amount.is_none() || units.get(c.action.as_str()).copied().flatten().is_some() {
            continue;
        }
        let at = cl.index(ci).key("amount");
        let why = if lp.implicit {
            "without a vocabulary, no action has a unit"
        } else {
            "the vocabulary gives it none"
        };
        out.push(lines.at(
            Severity::Warning,
            DiagnosticKind::Semantics,
            &lp.parsed.root.locate(&at),
            Some(at.to_string()),
            format!(
                "`amount` on action `{}`, which has no unit ({why}): the amounts of different clauses are compared as bare numbers",
                c.action
            ),
        ));
    }
}

/// Names shorter than this are not judged near misses: short ids (`PL`, `PT`) differ by one
/// character by design.
const MIN_NEAR: usize = 5;

/// Characters of a name that the near-miss index looks at; longer names match only exactly.
const MAX_NEAR: usize = 64;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
enum What {
    Action,
    Place,
    Party,
}

impl What {
    fn as_str(self) -> &'static str {
        match self {
            What::Action => "action",
            What::Place => "place",
            What::Party => "party",
        }
    }
}

/// The names a position uses, each with the field of its first use.
fn names(p: &Position) -> BTreeMap<(What, &str), FieldPath> {
    let mut out = BTreeMap::new();
    let cl = FieldPath::root().key("clauses");
    for (ci, c) in p.clauses.iter().enumerate() {
        let at = cl.index(ci);
        out.entry((What::Action, c.action.as_str()))
            .or_insert_with(|| at.key("action"));
        for (bi, b) in c.bearer.iter().enumerate() {
            let bat = if c.bearer.len() == 1 {
                at.key("bearer")
            } else {
                at.key("bearer").index(bi)
            };
            out.entry((What::Party, b.as_str())).or_insert(bat);
        }
        for (wi, w) in c.places.iter().flatten().enumerate() {
            if w == "*" || w.starts_with('@') || p.groups.contains_key(w) {
                continue;
            }
            out.entry((What::Place, w.as_str()))
                .or_insert_with(|| at.key("where").index(wi));
        }
    }
    out
}

fn lower(s: &str) -> Vec<char> {
    s.chars().flat_map(char::to_lowercase).collect()
}

fn key_hash(what: What, chars: &[char], skip: Option<usize>) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    what.hash(&mut h);
    for (i, c) in chars.iter().enumerate() {
        if Some(i) != skip {
            c.hash(&mut h);
        }
    }
    h.finish()
}

/// The name itself and each of its one-character deletions: two names within one edit
/// (insertion, deletion, substitution, swap of neighbours) share one of these keys.
fn keys(what: What, chars: &[char]) -> Vec<u64> {
    let mut k = vec![key_hash(what, chars, None)];
    if chars.len() <= MAX_NEAR {
        k.extend((0..chars.len()).map(|i| key_hash(what, chars, Some(i))));
    }
    k
}

/// Whether `a` and `b` differ by at most one insertion, deletion, substitution or swap of
/// neighbouring characters.
fn within_one_edit(a: &[char], b: &[char]) -> bool {
    let (a, b) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if b.len() - a.len() > 1 {
        return false;
    }
    let i = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if a.len() == b.len() {
        if i == a.len() {
            return true;
        }
        a[i + 1..] == b[i + 1..]
            || (i + 1 < a.len() && a[i] == b[i + 1] && a[i + 1] == b[i] && a[i + 2..] == b[i + 2..])
    } else {
        a[i..] == b[i + 1..]
    }
}

/// Near-miss names between the positions that use the implicit vocabulary.
pub(crate) fn near_misses(loaded: &[LoadedPosition], out: &mut Vec<Diagnostic>) {
    let implicit: Vec<&LoadedPosition> = loaded.iter().filter(|lp| lp.implicit).collect();
    if implicit.len() < 2 {
        return;
    }
    let used: Vec<BTreeMap<(What, &str), FieldPath>> = implicit.iter().map(|lp| names(&lp.position)).collect();
    // Every name, with the positions that use it.
    let mut users: BTreeMap<(What, &str), BTreeSet<usize>> = BTreeMap::new();
    for (pi, u) in used.iter().enumerate() {
        for &name in u.keys() {
            users.entry(name).or_default().insert(pi);
        }
    }
    let all: Vec<((What, &str), Vec<char>)> = users.keys().map(|&(w, n)| ((w, n), lower(n))).collect();
    let mut index: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, ((w, _), chars)) in all.iter().enumerate() {
        if chars.len() >= MIN_NEAR {
            for k in keys(*w, chars) {
                index.entry(k).or_default().push(i);
            }
        }
    }
    for (i, ((what, name), chars)) in all.iter().enumerate() {
        let Some(ps) = users.get(&(*what, *name)) else { continue };
        let [only] = ps.iter().copied().collect::<Vec<_>>()[..] else {
            continue;
        };
        if chars.len() < MIN_NEAR {
            continue;
        }
        let mut best: Option<(&str, usize)> = None;
        for k in keys(*what, chars) {
            for &j in index.get(&k).into_iter().flatten() {
                let ((_, other), other_chars) = &all[j];
                if j == i || !within_one_edit(chars, other_chars) {
                    continue;
                }
                let Some(theirs) = users.get(&(*what, *other)) else {
                    continue;
                };
                if theirs.contains(&only) {
                    continue;
                }
                let Some(&elsewhere) = theirs.iter().next() else {
                    continue;
                };
                if best.is_none_or(|(b, _)| *other < b) {
                    best = Some((other, elsewhere));
                }
            }
        }
        let Some((other, elsewhere)) = best else { continue };
        let lp = implicit[only];
        let Some(at) = used[only].get(&(*what, *name)) else {
            continue;
        };
        out.push(lp.parsed.lines().at(
            Severity::Warning,
            DiagnosticKind::Reference,
            &lp.parsed.root.locate(at),
            Some(at.to_string()),
            format!(
                "{} `{name}` is named only in this position; did you mean `{other}` (named in `{}`)? \
                 Without a vocabulary they are different {}s",
                what.as_str(),
                implicit[elsewhere].parsed.file,
                if *what == What::Party { "partie" } else { what.as_str() },
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit() {
        let c = |s: &str| lower(s);
        assert!(within_one_edit(&c("deploy-forcse"), &c("deploy-forces")));
        assert!(within_one_edit(&c("deploy-force"), &c("deploy-forces")));
        assert!(within_one_edit(&c("deploy-forxes"), &c("deploy-forces")));
        assert!(within_one_edit(&c("Ukraine"), &c("ukraine")));
        assert!(!within_one_edit(&c("deploy-frocse"), &c("deploy-forces")));
        assert!(!within_one_edit(&c("deploy"), &c("withdraw")));
        // Every pair within one edit shares a key.
        for (a, b) in [
            ("deploy-forcse", "deploy-forces"),
            ("abcde", "abcdef"),
            ("abxde", "abyde"),
        ] {
            let (ka, kb) = (keys(What::Action, &c(a)), keys(What::Action, &c(b)));
            assert!(ka.iter().any(|k| kb.contains(k)), "{a} {b}");
        }
    }
}
