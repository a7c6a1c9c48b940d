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
use crate::analysis::compare::{key_order, push_group_by, CANNOT_HOLD};
use crate::analysis::index::plain_description;
use crate::analysis::region::Block;
use crate::analysis::{Analyzer, Norm};
use crate::error::DiagnosticKind;
use crate::keyed::KeyedMap;
use crate::model::{FieldPath, Modality, Position, Strength, Vocabulary};

use super::check::{At, Found, Loaded};
use super::diagnostic::{push_number, Severity};

/// A position's internal contradictions, from the norms loading compiled (the position is not
/// compiled a second time), as the lint reports them: one warning per clause that breaks what
/// came before it, by clause index in the position, with its message.
///
/// They are found as [`crate::find_contradictions`] finds them (`check_compact`): on each
/// (bearer, base action) key, the norms of one modality on equal blocks are one class, each
/// class's in clause-id order, and two classes of conflicting modalities whose blocks meet are
/// one contradiction; the first in the canonical order of findings is a clause's warning. But
/// only what the warnings read is made: no norm is described, ranked or named before it is
/// shown (the engine names every norm it is given before pairing them, and at 10⁵ clauses that
/// cost more than the pairing), the keys are walked once, without handing a subset of the norms
/// over, and the canonical order is settled per clause, by comparing the few findings of one
/// clause, instead of sorting all of them. Its tests hold it to the warnings made from
/// `find_contradictions`' full report.
pub(crate) fn contradictions(analyzer: &Analyzer<'_>, position: &Position, norms: Vec<Norm>) -> Vec<(usize, String)> {
    let index = analyzer.index();
    let clauses = &position.clauses;
    // The order of clauses in findings: by id, as the engine ranks them, then by index.
    let by_id = |a: usize, b: usize| clauses[a].id.cmp(&clauses[b].id).then(a.cmp(&b));
    // What the walk by keys reads of every norm, read in one pass in the norms' own order:
    // the walk visits them in key order, all over the norms and clauses (at 10⁵ clauses, tens
    // of megabytes), and reading each field there waited on memory more than it computed.
    let brief: Vec<Brief> = norms
        .iter()
        .map(|n| Brief {
            key: (n.bearer as u64) << 32 | n.base as u64,
            days: days(&n.block),
            modality: bit(n.modality),
            red: clauses[n.clause].strength == Strength::RedLine,
        })
        .collect();
    let red = |n: u32| brief[n as usize].red;
    // Every class of a key that can conflict, as a run of this pool: norm indices, each
    // class's in clause-id order.
    let mut pool: Vec<u32> = Vec::new();
    let mut found: Vec<Met> = Vec::new();
    let mut sorted: Vec<u32> = Vec::new();
    // (first norm, its members in `pool`, whether one of them is a red line)
    let mut classes: Vec<(u32, Span, bool)> = Vec::new();
    // A key's norms, then its classes (by their place in `classes`), of each modality, at
    // its `slot`.
    let mut by_modality: [Vec<u32>; 4] = Default::default();
    // Each class's `days`.
    let mut spans: Vec<(i32, i32)> = Vec::new();
    let order = key_order(&norms);
    for run in order.chunk_by(|&x, &y| brief[x as usize].key == brief[y as usize].key) {
        // One norm alone contradicts nothing, nor do norms of modalities that never conflict:
        // most keys end here, before anything is sorted.
        if run.len() < 2 || !can_conflict(run.iter().fold(0, |m, &i| m | brief[i as usize].modality)) {
            continue;
        }
        // Most such keys hold no conflict all the same: a test of their norms' pairs, which
        // stops at the first pair that meets, spares them the sort into classes.
        for v in &mut by_modality {
            v.clear();
        }
        for &i in run {
            by_modality[brief[i as usize].modality.trailing_zeros() as usize].push(i);
        }
        let meet = |a: u32, z: u32| {
            let ((a_from, a_to), (z_from, z_to)) = (brief[a as usize].days, brief[z as usize].days);
            let (a, z) = (&norms[a as usize].block, &norms[z as usize].block);
            a_to >= z_from && z_to >= a_from && a.intersects(z) && a.intersect(z).is_some()
        };
        if !CONFLICTS.iter().any(|&(m, o)| {
            by_modality[slot(m)]
                .iter()
                .any(|&a| by_modality[slot(o)].iter().any(|&z| meet(a, z)))
        }) {
            continue;
        }
        // The classes as `Builder::classes` makes them: runs of one modality and block, in
        // clause-id order, then the key's order (the run is in index order) within a clause.
        sorted.clear();
        sorted.extend_from_slice(run);
        sorted.sort_unstable_by(|&a, &b| {
            let (x, y) = (&norms[a as usize], &norms[b as usize]);
            x.modality
                .cmp(&y.modality)
                .then_with(|| x.block.cmp_block(&y.block))
                .then_with(|| by_id(x.clause, y.clause))
                .then_with(|| a.cmp(&b))
        });
        classes.clear();
        for class in sorted.chunk_by(|&a, &b| {
            let (x, y) = (&norms[a as usize], &norms[b as usize]);
            x.modality == y.modality && x.block == y.block
        }) {
            let span = Span(pool.len() as u32, class.len() as u32);
            pool.extend_from_slice(class);
            let first = class.iter().copied().min().unwrap_or(u32::MAX);
            classes.push((first, span, class.iter().any(|&n| red(n))));
        }
        // In the order of their first norms, which the engine pairs them in: the class
        // written first is a finding's left side.
        classes.sort_unstable_by_key(|&(first, _, _)| first);
        for v in &mut by_modality {
            v.clear();
        }
        spans.clear();
        for (x, &(_, xs, _)) in classes.iter().enumerate() {
            let n = &brief[pool[xs.0 as usize] as usize];
            by_modality[n.modality.trailing_zeros() as usize].push(x as u32);
            spans.push(n.days);
        }
        // Only pairs of conflicting modalities are tested.
        for (m, o) in CONFLICTS {
            for &x in &by_modality[slot(m)] {
                for &y in &by_modality[slot(o)] {
                    let (x, y) = (x.min(y) as usize, x.max(y) as usize);
                    let ((_, ls, l_red), (_, rs, r_red)) = (classes[x], classes[y]);
                    if spans[x].1 < spans[y].0 || spans[y].1 < spans[x].0 {
                        continue;
                    }
                    let (a, z) = (
                        &norms[pool[ls.0 as usize] as usize],
                        &norms[pool[rs.0 as usize] as usize],
                    );
                    if !a.block.intersects(&z.block) {
                        continue;
                    }
                    if let Some(block) = a.block.intersect(&z.block) {
                        let names = &index.names;
                        found.push(Met {
                            rank: (
                                a.issue as u32,
                                2 - u8::from(l_red) - u8::from(r_red),
                                names.party_rank[a.bearer],
                                names.action_rank[a.base],
                            ),
                            pair: (x as u32, y as u32),
                            left: ls,
                            right: rs,
                            block,
                        });
                    }
                }
            }
        }
    }
    // A finding is the warning of its clause written last; a clause's warning is its first
    // finding in canonical order: (issue, kind, red lines, bearer, action, left id, right
    // id), then the order the engine finds them in (classes paired in order). Ranks tie
    // only within a key, where the ids and the pair decide.
    let mut first = vec![u32::MAX; clauses.len()];
    // (clause written last, another clause of one of its findings)
    let mut others: Vec<(u32, u32)> = Vec::new();
    let lead = |s: Span| norms[pool[s.0 as usize] as usize].clause;
    for (fi, f) in found.iter().enumerate() {
        let members = || {
            f.left
                .of(&pool)
                .iter()
                .chain(f.right.of(&pool))
                .map(|&n| norms[n as usize].clause)
        };
        let Some(at) = members().max() else { continue };
        let slot = &mut first[at];
        let before = |g: &Met| {
            f.rank
                .cmp(&g.rank)
                .then_with(|| by_id(lead(f.left), lead(g.left)))
                .then_with(|| by_id(lead(f.right), lead(g.right)))
                .then_with(|| f.pair.cmp(&g.pair))
                .is_lt()
        };
        if *slot == u32::MAX || before(&found[*slot as usize]) {
            *slot = fi as u32;
        }
        others.extend(members().filter(|&k| k != at).map(|k| (at as u32, k as u32)));
    }
    others.sort_unstable();
    others.dedup();
    let converses = index.vocab.actions.iter().any(|a| a.converse.is_some());
    // How the engine's explanations name a norm (`Builder::push_norm`).
    let push_norm = |out: &mut String, n: u32| {
        let norm = &norms[n as usize];
        let clause = &clauses[norm.clause];
        if let Some(d) = converses
            .then(|| index.describe_converse(&position.party, clause, norm.bearer))
            .flatten()
        {
            out.push_str(&d);
        } else {
            plain_description(out, &position.party, clause, &index.names.parties[norm.bearer]);
        }
    };
    // Contradictions mostly share a few scopes: each set of places is described once.
    let mut described: KeyedMap<&AtomSet, String> = KeyedMap::default();
    let describer = crate::report::Describer::indexed(&index.legend);
    let mut shown: Vec<usize> = Vec::new();
    let mut buffer = String::new();
    let mut out = Vec::new();
    let mut rest = others.as_slice();
    for (at, &fi) in first.iter().enumerate() {
        if fi == u32::MAX {
            continue;
        }
        let from = rest.partition_point(|&(k, _)| (k as usize) < at);
        let upto = rest[from..].partition_point(|&(k, _)| k as usize == at);
        let mine = &rest[from..from + upto];
        rest = &rest[from + upto..];
        let f = &found[fi as usize];
        // The explanation `Compact::explain` gives a conflict, made in one buffer and copied
        // out at its length: growing a new string by doubling moved each one five times.
        let message = &mut buffer;
        message.clear();
        message.push_str("internal contradiction: ");
        push_group_by(message, f.left.of(&pool), push_norm);
        message.push_str(CANNOT_HOLD);
        push_group_by(message, f.right.of(&pool), push_norm);
        message.push_str("; where: ");
        let d = described.entry(&f.block.atoms).or_insert_with(|| {
            let places = index.scope_box(&f.block, norms[lead(f.left)].base).places;
            describer.describe(&places)
        });
        message.push_str(d);
        if mine.len() > 1 {
            message.push_str("; it contradicts ");
            push_number(message, mine.len());
            message.push_str(" clauses in all (");
            // The first three in id order.
            shown.clear();
            shown.extend(mine.iter().map(|&(_, k)| k as usize));
            if shown.len() > 3 {
                shown.select_nth_unstable_by(2, |&a, &b| by_id(a, b));
                shown.truncate(3);
            }
            shown.sort_unstable_by(|&a, &b| by_id(a, b));
            for (n, &k) in shown.iter().enumerate() {
                if n > 0 {
                    message.push_str(", ");
                }
                message.push('`');
                message.push_str(&clauses[k].id);
                message.push('`');
            }
            if mine.len() > 3 {
                message.push_str(", …");
            }
            message.push(')');
        }
        out.push((at, message.as_str().to_owned()));
    }
    out
}

/// What [`contradictions`] reads of a norm as it walks the keys.
struct Brief {
    /// The norm's (bearer, base action), as one number.
    key: u64,
    /// Its block's [`days`].
    days: (i32, i32),
    /// Its modality's [`bit`].
    modality: u8,
    /// Its clause is a red line.
    red: bool,
}

/// A run of the lint's pool of class members: where it starts and how many it holds.
#[derive(Clone, Copy)]
struct Span(u32, u32);

impl Span {
    fn of(self, pool: &[u32]) -> &[u32] {
        &pool[self.0 as usize..(self.0 + self.1) as usize]
    }
}

/// Two classes of one key that conflict, where they meet.
struct Met {
    /// The canonical order's fields before the ids: issue, red lines (most first), bearer's
    /// and action's ranks; a contradiction's kind is always a conflict.
    rank: (u32, u8, u32, u32),
    /// The two classes' places in their key's order of classes: the engine pairs them in
    /// this order.
    pair: (u32, u32),
    /// The class whose first norm comes first in the key.
    left: Span,
    right: Span,
    block: Block,
}

/// A block's first and last day, unbounded ends as the extremes: two blocks whose days are
/// apart never meet, which two integer comparisons tell before `Block::intersects`.
fn days(b: &Block) -> (i32, i32) {
    (
        b.when.min.map_or(i32::MIN, |d| d.day_number()),
        b.when.max.map_or(i32::MAX, |d| d.day_number()),
    )
}

/// The pairs of modalities that conflict (`FindingKind::relate`).
const CONFLICTS: [(Modality, Modality); 3] = [
    (Modality::Must, Modality::MustNot),
    (Modality::Must, Modality::NeedNot),
    (Modality::MustNot, Modality::May),
];

/// A modality's place in `Modality::ALL`.
fn slot(m: Modality) -> usize {
    match m {
        Modality::Must => 0,
        Modality::MustNot => 1,
        Modality::May => 2,
        Modality::NeedNot => 3,
    }
}

/// A modality as one bit, at its [`slot`].
fn bit(m: Modality) -> u8 {
    1 << slot(m)
}

/// Whether a key whose norms have the modalities of `present` (as [`bit`]s) can hold a
/// conflict (`FindingKind::relate`): must against must-not or need-not, must-not against may.
fn can_conflict(present: u8) -> bool {
    CONFLICTS
        .iter()
        .any(|&(m, o)| present & bit(m) != 0 && present & bit(o) != 0)
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

    /// The lint's warnings are those made from the full report of `find_contradictions`: on
    /// generated positions over a fixed vocabulary (many clauses on each action) and over one
    /// that grows with them (few).
    #[cfg(feature = "testing")]
    #[test]
    fn contradictions_are_the_full_reports() {
        use crate::testing::{generate, GenConfig};
        let (mut some, mut many) = (0, 0);
        for config in [GenConfig::with_clauses(1500, 7), GenConfig::with_actions(3000, 300, 8)] {
            let (v, l, r) = generate(&config);
            let a = Analyzer::new(&v).unwrap();
            for p in [&l, &r] {
                let norms = a.compile(p).unwrap().norms;
                let all = a.check_norms(p, norms.clone());
                let found = contradictions(&a, p, norms);
                assert_eq!(found, reference(&all, p));
                some += found.len();
                many += found.iter().filter(|(_, m)| m.contains("clauses in all")).count();
            }
        }
        assert!(some > 0 && many > 0, "{some} {many}");
        // And with clauses read through a converse action, which explanations name in full.
        let mut conversed = 0;
        for seed in 0..6 {
            let config = GenConfig {
                entities: 12,
                parties: 3,
                ..GenConfig::with_actions(400, 20, seed)
            };
            let (v, p) = with_converse(&config);
            let a = Analyzer::new(&v).unwrap();
            let norms = a.compile(&p).unwrap().norms;
            let all = a.check_norms(&p, norms.clone());
            let found = contradictions(&a, &p, norms);
            assert_eq!(found, reference(&all, &p), "seed {seed}");
            conversed += found.iter().filter(|(_, m)| m.contains(", read as ")).count();
        }
        assert!(conversed > 0);
    }

    /// The pairs of modalities the lint tests are exactly those `FindingKind::relate` calls
    /// a conflict, and the keys it skips by their modalities alone are those with no such
    /// pair.
    #[test]
    fn tested_modalities_are_the_conflicts() {
        use crate::FindingKind;
        for a in Modality::ALL {
            for z in Modality::ALL {
                assert_eq!(
                    FindingKind::relate(a, z) == FindingKind::Conflict,
                    CONFLICTS.contains(&(a, z)) || CONFLICTS.contains(&(z, a)),
                    "{a:?} {z:?}"
                );
            }
        }
        for present in 0u8..16 {
            let ms: Vec<Modality> = Modality::ALL.into_iter().filter(|&m| present & bit(m) != 0).collect();
            let any = ms
                .iter()
                .any(|&a| ms.iter().any(|&z| FindingKind::relate(a, z) == FindingKind::Conflict));
            assert_eq!(can_conflict(present), any, "{ms:?}");
        }
        let slots: Vec<usize> = Modality::ALL.into_iter().map(slot).collect();
        assert_eq!(slots, [0, 1, 2, 3]);
    }

    /// A generated position whose vocabulary has a converse action (`join`, read as a norm
    /// of another bearer on another action), which a fifth of the clauses use, and whose ids
    /// are not in the clauses' order; clauses that validation rejects are left out.
    #[cfg(feature = "testing")]
    fn with_converse(config: &crate::testing::GenConfig) -> (Vocabulary, Position) {
        let (mut v, mut p, _) = crate::testing::generate(config);
        // A converse is done at its bearer's territory.
        let parties: Vec<String> = v.parties.iter().map(|p| p.id.clone()).collect();
        for (i, party) in parties.iter().enumerate() {
            v = v.territory(party, format!("e{i}"));
        }
        let target = v.actions[1].id.clone();
        let v = v.converse("join", &target, &parties[parties.len() - 1]);
        for (i, c) in p.clauses.iter_mut().enumerate() {
            // Ids whose string order differs from the clauses' order (no condition names
            // the old ones).
            c.id = format!("c{}-{}", (i as u64 * 7919 + config.seed) % 97, c.id);
            c.conditions.clear();
            if i % 5 == 0 {
                c.action = "join".into();
                c.places = None;
                c.amount = None;
                c.bearer = vec![v.parties[i % config.parties].id.clone()];
            }
        }
        let mut one = Position::new(p.party.clone(), "one clause");
        one.sources = p.sources.clone();
        p.clauses.retain(|c| {
            one.clauses = vec![c.clone()];
            crate::validate_position(&v, &one).is_ok()
        });
        (v, p)
    }

    #[cfg(feature = "testing")]
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(32))]
        /// On keys crowded with norms (few actions, places and bearers), some clauses repeated
        /// on the same scope under new ids (equal blocks, one class) and some red lines: the
        /// lint's warnings are its reference's, made from the full report.
        #[test]
        fn contradictions_on_crowded_keys(
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
                if k % 3 == 0 {
                    c.strength = crate::model::Strength::RedLine;
                }
                p.clauses.push(c);
            }
            let a = Analyzer::new(&v).unwrap();
            let norms = a.compile(&p).unwrap().norms;
            let all = a.check_norms(&p, norms.clone());
            let found = contradictions(&a, &p, norms);
            proptest::prop_assert_eq!(found, reference(&all, &p));
        }

        /// On small random worlds, some clauses read through a converse action (named in
        /// full in explanations), ids out of the clauses' order: the lint's warnings are its
        /// reference's.
        #[test]
        fn contradictions_with_converses(
            seed in 0u64..10_000,
            actions in 3usize..12,
            clauses in 10usize..120,
            parties in 2usize..5,
        ) {
            use crate::testing::GenConfig;
            let config = GenConfig {
                entities: 8,
                groups: 3,
                parties,
                issues: 2,
                hot_actions: 1,
                ..GenConfig::with_actions(clauses, actions, seed)
            };
            let (v, p) = with_converse(&config);
            let a = Analyzer::new(&v).unwrap();
            let norms = a.compile(&p).unwrap().norms;
            let all = a.check_norms(&p, norms.clone());
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
