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

use crate::analysis::atoms::AtomSet;
use crate::analysis::compare::key_order;
use crate::analysis::{Analyzer, Norm, Side};
use crate::error::DiagnosticKind;
use crate::keyed::KeyedMap;
use crate::model::{FieldPath, Modality, Position, Vocabulary};

use super::check::{At, Found, Loaded};
use super::diagnostic::{push_number, Severity};

/// A position's internal contradictions, from the norms loading compiled (the position is not
/// compiled a second time), as the lint reports them: one warning per clause that breaks what
/// came before it, by clause index in the position, with its message.
///
/// Only the norms of contested keys ([`contested`]) are checked: the check describes every
/// norm it is given, and ranks and names the clauses they read, before it pairs them, which at
/// 10⁵ clauses cost more than the pairing. What it finds in them is what it finds in all.
pub(crate) fn contradictions(analyzer: &Analyzer<'_>, position: &Position, norms: Vec<Norm>) -> Vec<(usize, String)> {
    messages(analyzer, position, contested(norms))
}

/// The lint's contradiction warnings of `position`, from the check's compact records: only
/// the one finding shown per clause is described (its explanation and the places of its first
/// block), not every finding.
fn messages(analyzer: &Analyzer<'_>, position: &Position, norms: Vec<Norm>) -> Vec<(usize, String)> {
    analyzer.check_norms_by(position, norms, |c| {
        // One warning per clause that breaks what came before it: the first contradiction in
        // full, the others by the clauses they involve (a position with many clauses on one
        // action must not drown the report in pairs). A record is the warning of its clause
        // written last; the records come in canonical order, so a clause's first record is
        // its warning.
        let mut first = vec![u32::MAX; position.clauses.len()];
        // (clause written last, rank of another clause's id, that clause), one per pair once
        // sorted: each clause's others in id order, as the rank is the id's string order.
        let mut others: Vec<(u32, u32, u32)> = Vec::new();
        let mut members: Vec<(u32, u32)> = Vec::new();
        for (fi, r) in c.records().iter().enumerate() {
            let (ls, rs) = c.norms(r);
            members.clear();
            for (s, ns, compiled) in [(Side::Left, ls, c.b.left), (Side::Right, rs, c.b.right)] {
                members.extend(
                    ns.iter()
                        .zip(c.infos(s, ns))
                        .map(|(&n, info)| (compiled.norms[n as usize].clause as u32, info.rank)),
                );
            }
            let Some(&(at, _)) = members.iter().max() else {
                continue;
            };
            let slot = &mut first[at as usize];
            if *slot == u32::MAX {
                *slot = fi as u32;
            }
            others.extend(
                members
                    .iter()
                    .filter(|&&(k, _)| k != at)
                    .map(|&(k, rank)| (at, rank, k)),
            );
        }
        others.sort_unstable();
        others.dedup();
        // Contradictions mostly share a few scopes: each set of places is described once.
        let mut described: KeyedMap<&AtomSet, String> = KeyedMap::default();
        let describer = crate::report::Describer::indexed(&c.b.index.legend);
        let mut out = Vec::new();
        let mut rest = others.as_slice();
        for (at, &fi) in first.iter().enumerate() {
            if fi == u32::MAX {
                continue;
            }
            let from = rest.partition_point(|&(k, _, _)| (k as usize) < at);
            let upto = rest[from..].partition_point(|&(k, _, _)| k as usize == at);
            let mine = &rest[from..from + upto];
            rest = &rest[from + upto..];
            let r = &c.records()[fi as usize];
            let mut message = String::from("internal contradiction: ");
            c.explain(r, &mut message);
            message.push_str("; where: ");
            if let Some(b) = c.blocks(r).first() {
                let d = described.entry(&b.atoms).or_insert_with(|| {
                    let places = c.b.index.scope_box(b, c.lead(r).base).places;
                    describer.describe(&places)
                });
                message.push_str(d);
            }
            if mine.len() > 1 {
                message.push_str("; it contradicts ");
                push_number(&mut message, mine.len());
                message.push_str(" clauses in all (");
                for (n, &(_, _, k)) in mine.iter().take(3).enumerate() {
                    if n > 0 {
                        message.push_str(", ");
                    }
                    message.push('`');
                    message.push_str(&position.clauses[k as usize].id);
                    message.push('`');
                }
                if mine.len() > 3 {
                    message.push_str(", …");
                }
                message.push(')');
            }
            out.push((at, message));
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
    // The keys as runs of one order, without a vector per key.
    let order = key_order(&norms);
    let mut keep = vec![false; norms.len()];
    // A key's norms by modality, in `Modality::ALL`'s order.
    let mut by: [Vec<u32>; 4] = Default::default();
    for run in order.chunk_by(|&x, &y| {
        let (x, y) = (&norms[x as usize], &norms[y as usize]);
        (x.bearer, x.base) == (y.bearer, y.base)
    }) {
        if run.len() < 2 {
            continue;
        }
        for v in &mut by {
            v.clear();
        }
        for &i in run {
            let m = match norms[i as usize].modality {
                Modality::Must => 0,
                Modality::MustNot => 1,
                Modality::May => 2,
                Modality::NeedNot => 3,
            };
            by[m].push(i);
        }
        // Equal blocks of one modality are tested once, as the check groups them into
        // classes, so that N equal clauses against N equal clauses are one test, not N²;
        // a key of few norms is tested as it is, unsorted.
        for v in &mut by {
            if v.len() > 8 {
                v.sort_unstable_by(|&a, &b| norms[a as usize].block.cmp_block(&norms[b as usize].block));
                v.dedup_by(|a, b| norms[*a as usize].block == norms[*b as usize].block);
            }
        }
        let meet = |xs: &[u32], zs: &[u32]| {
            xs.iter().any(|&a| {
                zs.iter()
                    .any(|&z| norms[a as usize].block.intersects(&norms[z as usize].block))
            })
        };
        // The pairs of modalities that conflict (`FindingKind::relate`): must against
        // must-not and need-not, must-not against may.
        let [must, must_not, may, need_not] = &by;
        if meet(must, must_not) || meet(must, need_not) || meet(must_not, may) {
            for &i in run {
                keep[i as usize] = true;
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
                // And as the lint words them.
                let found = contradictions(&a, p, norms);
                assert_eq!(found, reference(&all, p));
                some += found.len();
                many += found.iter().filter(|(_, m)| m.contains("clauses in all")).count();
            }
        }
        assert!(some > 0 && many > 0, "{some} {many}");
    }

    /// The modality pairs `contested` tests are exactly those `FindingKind::relate` calls a
    /// conflict.
    #[test]
    fn contested_pairs_are_the_conflicts() {
        use crate::FindingKind;
        let pair = |a: Modality, z: Modality, x: Modality, y: Modality| (a, z) == (x, y) || (a, z) == (y, x);
        for a in Modality::ALL {
            for z in Modality::ALL {
                let tested = pair(a, z, Modality::Must, Modality::MustNot)
                    || pair(a, z, Modality::Must, Modality::NeedNot)
                    || pair(a, z, Modality::MustNot, Modality::May);
                assert_eq!(
                    FindingKind::relate(a, z) == FindingKind::Conflict,
                    tested,
                    "{a:?} {z:?}"
                );
            }
        }
    }

    #[cfg(feature = "testing")]
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(32))]
        /// On keys crowded with norms (few actions, places and bearers), some clauses repeated
        /// on the same scope under new ids (equal blocks, which `contested` tests once): the
        /// contested norms find every contradiction, and the lint's warnings are its
        /// reference's, made from the full report.
        #[test]
        fn contested_norms_on_crowded_keys(
            seed in 0u64..10_000,
            actions in 2usize..6,
            clauses in 10usize..150,
            copies in 0usize..60,
        ) {
            use crate::testing::{generate, GenConfig};
            let config = GenConfig {
                entities: 6,
                groups: 2,
                parties: 2,
                ..GenConfig::with_actions(clauses, actions, seed)
            };
            let (v, mut p, _) = generate(&config);
            let n = p.clauses.len();
            for k in 0..copies {
                let mut c = p.clauses[(k * 7 + seed as usize) % n].clone();
                c.id = format!("{}-again-{k}", c.id);
                p.clauses.push(c);
            }
            let a = Analyzer::new(&v).unwrap();
            let norms = a.compile(&p).unwrap().norms;
            let all = a.check_norms(&p, norms.clone());
            proptest::prop_assert_eq!(&a.check_norms(&p, contested(norms.clone())), &all);
            let found = contradictions(&a, &p, norms);
            proptest::prop_assert_eq!(found, reference(&all, &p));
        }
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
