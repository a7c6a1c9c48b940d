//! Per-field diffs of matched clauses: each field's change, its items, sizes and
//! direction (the delta of each field, read through the rules in `direction`).

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::Value;

use super::direction::{clause_role, direct, interval_delta, modality_delta, role, set_delta, strength_rank, Delta};
use super::prose::{explain_all, words};
use super::{Direction, Field, FieldChange, Measure, Size};
use crate::analysis::atoms::AtomSet;
use crate::analysis::index::Index;
use crate::analysis::region::Block;
use crate::analysis::Norm;
use crate::model::{Clause, Modality, Position};

/// A clause read against the vocabulary: its first norm's base action, modality and block
/// (borrowed from the compiled position, so reading 10⁵ clauses copies no atom set).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Info<'c> {
    pub(crate) base: usize,
    modality: Modality,
    block: &'c Block,
}

/// Each clause of `position` read through its first norm in `norms` (its compiled form).
pub(crate) fn infos<'c>(position: &Position, norms: &'c [Norm]) -> Vec<Option<Info<'c>>> {
    let mut out: Vec<Option<Info<'c>>> = vec![None; position.clauses.len()];
    for n in norms {
        if let Some(slot) = out.get_mut(n.clause) {
            if slot.is_none() {
                *slot = Some(Info {
                    base: n.base,
                    modality: n.modality,
                    block: &n.block,
                });
            }
        }
    }
    out
}

pub(crate) struct Ctx<'a, 'v> {
    pub(crate) index: &'a Index<'v>,
    pub(crate) party: &'a str,
    /// Entities with parts, every part before its whole (post-order of the `part-of` forest).
    post_order: Vec<usize>,
    parents: Vec<Option<usize>>,
    /// Each action's unit by id (the first action of that id), made when a unit is first
    /// asked for: a search through 10⁴ actions for each amount change was most of the
    /// field changes' own time.
    units: std::cell::OnceCell<crate::keyed::KeyedMap<&'v str, Option<&'v str>>>,
}

impl<'a, 'v> Ctx<'a, 'v> {
    pub(crate) fn new(index: &'a Index<'v>, party: &'a str) -> Self {
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
        // An entity without parts is whole when it is in the set: no need to visit it.
        post_order.retain(|&i| index.has_parts(i));
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
            units: std::cell::OnceCell::new(),
        }
    }

    /// Entity ids standing for a set of atoms: the largest whole entities, then leftover
    /// atoms, in vocabulary order.
    fn compact(&self, atoms: &AtomSet) -> Vec<String> {
        let mut out = Vec::new();
        self.compacted(atoms, |id| out.push(id.to_string()));
        out
    }

    /// How many ids [`Ctx::compact`] gives, without writing them.
    fn compact_len(&self, atoms: &AtomSet) -> usize {
        let mut n = 0;
        self.compacted(atoms, |_| n += 1);
        n
    }

    /// Calls `each` with the ids of [`Ctx::compact`], in order. Visits the set's atoms and
    /// the entities with parts, not every entity: 10⁴ changed places over a vocabulary of
    /// hundreds of entities were a fifth of the field changes' time.
    fn compacted<'s>(&'s self, atoms: &AtomSet, mut each: impl FnMut(&'s str)) {
        let n = self.index.vocab.entities.len();
        // An entity is whole when it and all its parts are in the set; parts come first.
        let mut with_parts = vec![false; if self.post_order.is_empty() { 0 } else { n }];
        let whole = |i: usize, with_parts: &[bool]| {
            if self.index.has_parts(i) {
                with_parts[i]
            } else {
                atoms.contains(i)
            }
        };
        for &i in &self.post_order {
            with_parts[i] = atoms.contains(i) && self.index.children[i].iter().all(|&c| whole(c, &with_parts));
        }
        // The largest whole entities, in vocabulary order (a whole entity is in the set).
        for i in atoms.iter().filter(|&i| i < n) {
            if whole(i, &with_parts) && !self.parents[i].is_some_and(|p| whole(p, &with_parts)) {
                each(&self.index.vocab.entities[i].id);
            }
        }
        // What no whole entity covers: atoms of entities with some part missing, and `*`.
        for a in atoms.iter() {
            if !(a < n && whole(a, &with_parts)) {
                if let Some(id) = self.index.atoms.get(a) {
                    each(id);
                }
            }
        }
    }

    fn over_bearers(&self, common: &[&String], o: &Clause, n: &Clause, delta: Delta) -> Direction {
        Direction::combine(
            common
                .iter()
                .map(|b| direct(role(o, b, self.party), role(n, b, self.party), delta)),
        )
    }

    pub(crate) fn whole_clause(&self, c: &Clause, delta: Delta) -> Direction {
        Direction::combine(c.bearer.iter().map(|b| {
            let r = role(c, b, self.party);
            direct(r, r, delta)
        }))
    }

    fn unit(&self, action: &str) -> Option<String> {
        let units = self.units.get_or_init(|| {
            let mut units = crate::keyed::KeyedMap::default();
            for a in &self.index.vocab.actions {
                units.entry(a.id.as_str()).or_insert(a.unit.as_deref());
            }
            units
        });
        units.get(action).copied().flatten().map(str::to_string)
    }

    /// The unit of the amounts of two actions (the same either way round).
    fn unit_of(&self, a: &str, b: &str) -> Option<String> {
        let units: BTreeSet<String> = [self.unit(a), self.unit(b)].into_iter().flatten().collect();
        (!units.is_empty()).then(|| units.into_iter().collect::<Vec<_>>().join("/"))
    }
}

pub(crate) fn json<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

impl FieldChange {
    /// A field change with no items, size, redline or explanation yet.
    pub(crate) fn new(field: Field, before: Value, after: Value, direction: Direction) -> FieldChange {
        FieldChange {
            field,
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
}
/// A matched pair of clauses with their readings and common bearers.
struct Matched<'c> {
    old: &'c Clause,
    new: &'c Clause,
    old_info: &'c Info<'c>,
    new_info: &'c Info<'c>,
    /// The bearers of both clauses, in new order.
    common: Vec<&'c String>,
}

/// The field changes of a matched pair, in the order [`Change::fields`] documents.
pub(crate) fn field_changes(
    ctx: &Ctx<'_, '_>,
    o: &Clause,
    n: &Clause,
    oi: &Info<'_>,
    ni: &Info<'_>,
) -> Vec<FieldChange> {
    // Every test below reads only the two clauses and their readings: when these are equal,
    // none finds a change. Most matched pairs of a revision are such, and testing them field
    // by field (and their bearers, and the clause's role) was most of this function's time.
    if o == n && oi.base == ni.base && oi.modality == ni.modality && oi.block == ni.block {
        return Vec::new();
    }
    let m = Matched {
        old: o,
        new: n,
        old_info: oi,
        new_info: ni,
        common: n.bearer.iter().filter(|b| o.bearer.contains(b)).collect(),
    };
    let mut out = Vec::new();
    identity(ctx, &m, &mut out);
    norm(ctx, &m, &mut out);
    scope(ctx, &m, &mut out);
    standing(ctx, &m, &mut out);
    record(&m, &mut out);
    explain_all(&mut out, Some(clause_role(n, ctx.party)), &ctx.index.legend);
    out
}

/// The id and the bearers: a bearer added is more for it (in its new role), one removed less.
fn identity(ctx: &Ctx<'_, '_>, m: &Matched<'_>, out: &mut Vec<FieldChange>) {
    let (o, n) = (m.old, m.new);
    if o.id != n.id {
        out.push(FieldChange::new(
            Field::Id,
            json(&o.id),
            json(&n.id),
            Direction::Neutral,
        ));
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
        let mut f = FieldChange::new(
            Field::Bearer,
            json(&o.bearer),
            json(&n.bearer),
            Direction::combine(dirs),
        );
        f.added = added;
        f.removed = removed;
        out.push(f);
    }
}

/// Modality and action: the direction follows the normalised norm.
fn norm(ctx: &Ctx<'_, '_>, m: &Matched<'_>, out: &mut Vec<FieldChange>) {
    let (o, n, oi, ni) = (m.old, m.new, m.old_info, m.new_info);
    let norm_dir = if oi.base != ni.base {
        ctx.over_bearers(&m.common, o, n, Delta::Both)
    } else {
        ctx.over_bearers(&m.common, o, n, modality_delta(oi.modality, ni.modality))
    };
    let modality_changed = o.modality != n.modality;
    let action_changed = o.action != n.action;
    if modality_changed {
        let d = if oi.base == ni.base {
            norm_dir
        } else {
            Direction::Neutral
        };
        out.push(FieldChange::new(
            Field::Modality,
            json(&o.modality),
            json(&n.modality),
            d,
        ));
    }
    if action_changed {
        let d = if oi.base != ni.base || !modality_changed {
            norm_dir
        } else {
            Direction::Neutral
        };
        out.push(FieldChange::new(Field::Action, json(&o.action), json(&n.action), d));
    }
}

/// Where, when and amount: widened, narrowed or shifted, with their sizes.
fn scope(ctx: &Ctx<'_, '_>, m: &Matched<'_>, out: &mut Vec<FieldChange>) {
    let (o, n, oi, ni) = (m.old, m.new, m.old_info, m.new_info);
    let (oa, na) = (&oi.block.atoms, &ni.block.atoms);
    if o.places != n.places || oa != na {
        let (added, removed) = (na.minus(oa), oa.minus(na));
        let delta = match (added.is_empty(), removed.is_empty()) {
            (true, true) => Delta::Same,
            (false, true) => Delta::More,
            (true, false) => Delta::Less,
            (false, false) => Delta::Both,
        };
        let mut f = FieldChange::new(
            Field::Where,
            json(&o.places),
            json(&n.places),
            ctx.over_bearers(&m.common, o, n, delta),
        );
        f.added = ctx.compact(&added);
        f.removed = ctx.compact(&removed);
        f.size = Some(Size {
            measure: Measure::Entities,
            before: Some(ctx.compact_len(oa) as f64),
            after: Some(ctx.compact_len(na) as f64),
            unit: None,
        });
        out.push(f);
    }
    let (ow, nw) = (&oi.block.when, &ni.block.when);
    if o.when != n.when || ow != nw {
        let delta = interval_delta(ow, nw);
        let mut f = FieldChange::new(
            Field::When,
            json(&o.when),
            json(&n.when),
            ctx.over_bearers(&m.common, o, n, delta),
        );
        f.size = Some(Size {
            measure: Measure::Days,
            before: ow.days().map(|d| d as f64),
            after: nw.days().map(|d| d as f64),
            unit: None,
        });
        out.push(f);
    }
    let (om, nm) = (&oi.block.amount, &ni.block.amount);
    if o.amount != n.amount || om != nm {
        let delta = interval_delta(om, nm);
        let mut f = FieldChange::new(
            Field::Amount,
            json(&o.amount),
            json(&n.amount),
            ctx.over_bearers(&m.common, o, n, delta),
        );
        f.size = Some(Size {
            measure: Measure::Amount,
            before: om.width(),
            after: nm.width(),
            unit: ctx.unit_of(&o.action, &n.action),
        });
        out.push(f);
    }
}

/// Strength (its own scale), weight and conditions (through the roles).
fn standing(ctx: &Ctx<'_, '_>, m: &Matched<'_>, out: &mut Vec<FieldChange>) {
    let (o, n) = (m.old, m.new);
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
        out.push(FieldChange::new(
            Field::Strength,
            json(&o.strength),
            json(&n.strength),
            d,
        ));
    }
    if o.weight != n.weight {
        let (wo, wn) = (o.effective_weight(), n.effective_weight());
        let delta = match wn.partial_cmp(&wo) {
            Some(std::cmp::Ordering::Greater) => Delta::More,
            Some(std::cmp::Ordering::Less) => Delta::Less,
            _ => Delta::Same,
        };
        out.push(FieldChange::new(
            Field::Weight,
            json(&o.weight),
            json(&n.weight),
            ctx.over_bearers(&m.common, o, n, delta),
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
        let mut f = FieldChange::new(
            Field::Conditions,
            json(&o.conditions),
            json(&n.conditions),
            ctx.over_bearers(&m.common, o, n, delta),
        );
        f.added = ns.difference(&os).cloned().collect();
        f.removed = os.difference(&ns).cloned().collect();
        out.push(f);
    }
}

/// Text, basis, source, rationale and evidence: what the clause says and where it comes
/// from; always neutral.
fn record(m: &Matched<'_>, out: &mut Vec<FieldChange>) {
    let (o, n) = (m.old, m.new);
    if o.text != n.text {
        let mut f = FieldChange::new(Field::Text, json(&o.text), json(&n.text), Direction::Neutral);
        f.words = Some(words(&o.text, &n.text));
        out.push(f);
    }
    // Compared as the model's values first: most matched clauses keep these, and making
    // their JSON for each pair was a fifth of this function's time.
    if o.basis != n.basis {
        out.push(FieldChange::new(
            Field::Basis,
            json(&o.basis),
            json(&n.basis),
            Direction::Neutral,
        ));
    }
    if o.source != n.source {
        out.push(FieldChange::new(
            Field::Source,
            json(&o.source),
            json(&n.source),
            Direction::Neutral,
        ));
    }
    if o.rationale != n.rationale {
        out.push(FieldChange::new(
            Field::Rationale,
            json(&o.rationale),
            json(&n.rationale),
            Direction::Neutral,
        ));
    }
    if o.evidence != n.evidence {
        out.push(FieldChange::new(
            Field::Evidence,
            json(&o.evidence),
            json(&n.evidence),
            Direction::Neutral,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A forest of entities: `w` whole of `a` (itself whole of `a1`, `a2`) and `b`; `c`
    /// alone; `d` whole of `d1`.
    fn forest() -> crate::model::Vocabulary {
        crate::model::Vocabulary::new("v")
            .party("p", "P")
            .entity("c", "C", None)
            .entity("w", "W", None)
            .entity("a", "A", Some("w"))
            .entity("a1", "A1", Some("a"))
            .entity("b", "B", Some("w"))
            .entity("a2", "A2", Some("a"))
            .entity("d1", "D1", Some("d"))
            .entity("d", "D", None)
    }

    /// Compacting by definition: every entity visited, parts first.
    fn compact_reference(ctx: &Ctx<'_, '_>, atoms: &[usize]) -> Vec<String> {
        let n = ctx.index.vocab.entities.len();
        let mut order: Vec<usize> = Vec::new();
        fn visit(i: usize, children: &[Vec<usize>], order: &mut Vec<usize>) {
            for &c in &children[i] {
                visit(c, children, order);
            }
            order.push(i);
        }
        for i in (0..n).filter(|&i| ctx.parents[i].is_none()) {
            visit(i, &ctx.index.children, &mut order);
        }
        let mut whole = vec![false; n];
        for &i in &order {
            whole[i] = atoms.contains(&i) && ctx.index.children[i].iter().all(|&c| whole[c]);
        }
        let mut out: Vec<String> = (0..n)
            .filter(|&i| whole[i] && !ctx.parents[i].is_some_and(|p| whole[p]))
            .map(|i| ctx.index.vocab.entities[i].id.clone())
            .collect();
        out.extend(
            atoms
                .iter()
                .filter(|&&a| !whole.get(a).copied().unwrap_or(false))
                .map(|&a| ctx.index.atoms[a].to_string()),
        );
        out
    }

    proptest! {
        #[test]
        fn compacting_visits_only_what_it_must_and_agrees_with_the_definition(mask in 0u32..1 << 9) {
            let vocab = forest();
            let index = Index::build(&vocab).unwrap();
            let ctx = Ctx::new(&index, "p");
            let atoms: Vec<usize> = (0..index.n_atoms()).filter(|i| mask & (1 << i) != 0).collect();
            let mut set = AtomSet::empty(index.n_atoms());
            atoms.iter().for_each(|&a| set.insert(a));
            let expected = compact_reference(&ctx, &atoms);
            prop_assert_eq!(ctx.compact_len(&set), expected.len());
            prop_assert_eq!(ctx.compact(&set), expected);
        }
    }

    #[test]
    fn field_names_are_the_json_names_and_read_back() {
        for f in Field::CLAUSE.into_iter().chain(Field::POSITION) {
            let j = serde_json::to_value(f).unwrap();
            assert_eq!(j, Value::String(f.as_str().to_string()));
            assert_eq!(serde_json::from_value::<Field>(j).unwrap(), f);
            assert!(f == f.as_str());
            assert_eq!(format!("{f}"), f.as_str());
            assert_eq!(f.is_clause_field(), Field::CLAUSE.contains(&f));
        }
        assert!(serde_json::from_str::<Field>("\"places\"").is_err());
    }

    #[test]
    fn a_field_change_starts_empty() {
        let f = FieldChange::new(Field::Text, json(&"a"), json(&"b"), Direction::Neutral);
        assert!(f.added.is_empty() && f.removed.is_empty() && f.size.is_none() && f.words.is_none());
        assert_eq!(f.explanation, "");
    }
}
