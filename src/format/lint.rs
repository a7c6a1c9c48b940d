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

use crate::analysis::{Analyzer, Name, Norm, Side};
use crate::error::DiagnosticKind;
use crate::keyed::KeyedMap;
use crate::model::{FieldPath, Position, Vocabulary};
use crate::{Clause, FindingKind};

use super::check::{At, Found, Loaded};
use super::diagnostic::{push_number, Severity};

/// A position's internal contradictions, from the norms loading compiled (the position is not
/// compiled a second time), as the lint reports them: one warning per clause that breaks what
/// came before it, by clause index in the position, with its message.
///
/// Only the norms of contested keys ([`contested`]) are checked, and only with their clauses:
/// the check describes every norm and ranks every clause it is given before it pairs them,
/// which at 10⁵ clauses cost more than the pairing. The clauses are moved out of the position
/// for the check and back in their order after it; what the check finds in them is what it
/// finds in the whole position, as clause ranks keep their order in any subset.
pub(crate) fn contradictions(
    analyzer: &Analyzer<'_>,
    position: &mut Position,
    norms: Vec<Norm>,
) -> Vec<(usize, String)> {
    let mut norms = contested(norms);
    let mut used = vec![false; position.clauses.len()];
    for n in &norms {
        used[n.clause] = true;
    }
    let kept: Vec<usize> = (0..used.len()).filter(|&i| used[i]).collect();
    if kept.len() == used.len() {
        return messages(analyzer, position, norms, &kept);
    }
    let mut at = vec![0; used.len()];
    for (k, &i) in kept.iter().enumerate() {
        at[i] = k;
    }
    for n in &mut norms {
        n.clause = at[n.clause];
    }
    // Only the clauses kept move: each leaves an empty clause (no allocation) in its place.
    let mut all = std::mem::take(&mut position.clauses);
    position.clauses = kept
        .iter()
        .map(|&i| std::mem::replace(&mut all[i], Clause::vacant()))
        .collect();
    let found = messages(analyzer, position, norms, &kept);
    for (c, &i) in std::mem::take(&mut position.clauses).into_iter().zip(&kept) {
        all[i] = c;
    }
    position.clauses = all;
    found
}

/// The lint's contradiction warnings of `position` (whose clause `k` is clause `kept[k]` of
/// the position as loaded), from the check's compact records: only the one finding shown per
/// clause is described (its explanation and the places of its first block), not every finding.
fn messages(analyzer: &Analyzer<'_>, position: &Position, norms: Vec<Norm>, kept: &[usize]) -> Vec<(usize, String)> {
    analyzer.check_norms_by(position, norms, |c| {
        let index: KeyedMap<&str, usize> = position
            .clauses
            .iter()
            .zip(kept)
            .map(|(clause, &i)| (clause.id.as_str(), i))
            .collect();
        // One warning per clause that breaks what came before it: the first contradiction in
        // full, the others by the clauses they involve (a position with many clauses on one
        // action must not drown the report in pairs).
        let mut by_clause: BTreeMap<usize, (usize, BTreeSet<&str>)> = BTreeMap::new();
        let mut ids: Vec<(usize, &str)> = Vec::new();
        for (fi, r) in c.records().iter().enumerate() {
            let (ls, rs) = c.norms(r);
            ids.clear();
            ids.extend(
                c.infos(Side::Right, rs)
                    .chain(c.infos(Side::Left, ls))
                    .filter_map(|info| index.get(info.id.as_str()).map(|&i| (i, info.id.as_str()))),
            );
            let Some(&(at_clause, _)) = ids.iter().max() else {
                continue;
            };
            let entry = by_clause.entry(at_clause).or_insert((fi, BTreeSet::new()));
            entry
                .1
                .extend(ids.iter().filter(|&&(i, _)| i != at_clause).map(|&(_, id)| id));
        }
        // Contradictions mostly share a few scopes: each is described once.
        let mut described: HashMap<Vec<Name>, String> = HashMap::new();
        let mut out = Vec::with_capacity(by_clause.len());
        for (at_clause, (fi, others)) in by_clause {
            let r = &c.records()[fi];
            let mut message = String::from("internal contradiction: ");
            c.explain(r, &mut message);
            message.push_str("; where: ");
            if let Some(b) = c.blocks(r).first() {
                let places = c.b.index.scope_box(b, c.lead(r).base).places;
                match described.get(&places) {
                    Some(d) => message.push_str(d),
                    None => {
                        let d = crate::report::describe_places(&c.b.index.legend, &places);
                        message.push_str(&d);
                        described.insert(places, d);
                    }
                }
            }
            if others.len() > 1 {
                message.push_str("; it contradicts ");
                push_number(&mut message, others.len());
                message.push_str(" clauses in all (");
                for (k, id) in others.iter().take(3).enumerate() {
                    if k > 0 {
                        message.push_str(", ");
                    }
                    message.push('`');
                    message.push_str(id);
                    message.push('`');
                }
                if others.len() > 3 {
                    message.push_str(", …");
                }
                message.push(')');
            }
            out.push((at_clause, message));
        }
        out
    })
}

/// Internal contradictions (the warnings [`contradictions`] made) and amounts without a unit,
/// for loaded position `pi` (`lp`) and the vocabulary it was validated against.
pub(crate) fn position(
    pi: usize,
    lp: &Loaded,
    vocabulary: &Vocabulary,
    contradictions: Option<Vec<(usize, String)>>,
    out: &mut Found,
) {
    for (at_clause, message) in contradictions.into_iter().flatten() {
        out.at(
            pi,
            lp,
            Severity::Warning,
            DiagnosticKind::Semantics,
            At::Clause(at_clause, "modality"),
            message,
        );
    }
    let units: KeyedMap<&str, Option<&str>> = vocabulary
        .actions
        .iter()
        .map(|a| (a.id.as_str(), a.unit.as_deref()))
        .collect();
    for (ci, c) in lp.position.clauses.iter().enumerate() {
        if c.amount.is_none() || units.get(c.action.as_str()).copied().flatten().is_some() {
            continue;
        }
        let why = if lp.implicit {
            "without a vocabulary, no action has a unit"
        } else {
            "the vocabulary gives it none"
        };
        out.at(
            pi,
            lp,
            Severity::Warning,
            DiagnosticKind::Semantics,
            At::Clause(ci, "amount"),
            format!(
                "`amount` on action `{}`, which has no unit ({why}): the amounts of different clauses are compared as bare numbers",
                c.action
            ),
        );
    }
}

/// The norms of the (bearer, base action) keys on which two of them conflict somewhere, in
/// their order: the only norms a contradiction comes from. The contradiction check describes
/// every norm it is given before it pairs them, which at 10⁵ clauses cost more than pairing;
/// what it finds in the norms kept is what it finds in all of them.
fn contested(norms: Vec<Norm>) -> Vec<Norm> {
    let mut by_key: KeyedMap<(usize, usize), Vec<usize>> = KeyedMap::default();
    for (i, n) in norms.iter().enumerate() {
        by_key.entry((n.bearer, n.base)).or_default().push(i);
    }
    let mut keep = vec![false; norms.len()];
    for ns in by_key.values() {
        // One norm per modality and block, as the check groups them into classes, so that N
        // equal clauses against N equal clauses are one test, not N².
        let mut classes = ns.clone();
        classes.sort_by(|&a, &b| {
            let (x, y) = (&norms[a], &norms[b]);
            x.modality.cmp(&y.modality).then_with(|| x.block.cmp_block(&y.block))
        });
        classes.dedup_by(|a, b| norms[*a].modality == norms[*b].modality && norms[*a].block == norms[*b].block);
        let conflict = classes.iter().enumerate().any(|(x, &a)| {
            classes[x + 1..].iter().any(|&z| {
                FindingKind::relate(norms[a].modality, norms[z].modality) == FindingKind::Conflict
                    && norms[a].block.intersect(&norms[z].block).is_some()
            })
        });
        if conflict {
            for &i in ns {
                keep[i] = true;
            }
        }
    }
    if keep.iter().all(|&k| k) {
        return norms;
    }
    norms
        .into_iter()
        .zip(keep)
        .filter_map(|(n, k)| k.then_some(n))
        .collect()
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
pub(crate) fn near_misses(loaded: &[Loaded], out: &mut Found) {
    let implicit: Vec<(usize, &Loaded)> = loaded.iter().enumerate().filter(|(_, lp)| lp.implicit).collect();
    if implicit.len() < 2 {
        return;
    }
    let used: Vec<BTreeMap<(What, &str), FieldPath>> = implicit.iter().map(|(_, lp)| names(&lp.position)).collect();
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
        let (pi, lp) = implicit[only];
        let Some(at) = used[only].get(&(*what, *name)) else {
            continue;
        };
        out.at(
            pi,
            lp,
            Severity::Warning,
            DiagnosticKind::Reference,
            at.clone(),
            format!(
                "{} `{name}` is named only in this position; did you mean `{other}` (named in `{}`)? \
                 Without a vocabulary they are different {}s",
                what.as_str(),
                implicit[elsewhere].1.file,
                if *what == What::Party { "partie" } else { what.as_str() },
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lint's warnings as made from the full report (every finding named), as they
    /// were before the lint read compact records: the reference its messages must equal.
    #[cfg(feature = "testing")]
    fn reference(report: &crate::ContradictionReport, p: &Position) -> Vec<(usize, String)> {
        let index: KeyedMap<&str, usize> = p.clauses.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
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
        by_clause
            .into_iter()
            .map(|(at_clause, (fi, others))| {
                let f = &report.contradictions[fi];
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
                (
                    at_clause,
                    format!("internal contradiction: {}; where: {places}{more}", f.explanation),
                )
            })
            .collect()
    }

    /// The contradictions found in the contested norms are those found in all of them, and
    /// the lint's warnings made from compact records are those made from the full report: on
    /// generated positions over a fixed vocabulary (many clauses on each action) and over one
    /// that grows with them (few).
    #[cfg(feature = "testing")]
    #[test]
    fn contested_norms_give_every_contradiction() {
        use crate::testing::{generate, GenConfig};
        let (mut some, mut many) = (0, 0);
        for config in [GenConfig::with_clauses(1500, 7), GenConfig::with_actions(3000, 300, 8)] {
            let (v, l, r) = generate(&config);
            let a = Analyzer::new(&v).unwrap();
            for p in [&l, &r] {
                let norms = a.compile(p).unwrap().norms;
                let kept = contested(norms.clone());
                assert!(kept.len() < norms.len());
                let all = a.check_norms(p, norms.clone());
                assert_eq!(a.check_norms(p, kept), all);
                // And on the contested clauses only, moved out of the position and back.
                let mut q = p.clone();
                let found = contradictions(&a, &mut q, norms);
                assert_eq!(&q, p);
                assert_eq!(found, reference(&all, p));
                some += found.len();
                many += found.iter().filter(|(_, m)| m.contains("clauses in all")).count();
            }
        }
        assert!(some > 0 && many > 0, "{some} {many}");
    }

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
