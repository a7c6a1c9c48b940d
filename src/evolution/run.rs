//! Running an evolution: compile both rounds, align their clauses, collect the clause and
//! position changes, the counterpart's conflicts and the unified diff into an [`Evolution`].

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::align::{align_within, Alignment};
use super::direction::{clause_role, Delta};
use super::fields::{field_changes, infos, json, Ctx, Info};
use super::prose::{explain, summarize};
use super::{
    sort_changes, sort_conflicts, Change, ChangeKind, ConflictShift, ConflictStatus, CounterpartShifts, Direction,
    Evolution, EvolutionCounts, EvolveOptions, Field, FieldChange,
};
use crate::analysis::index::Index;
use crate::analysis::Norm;
use crate::analysis::{Analyzer, FindingKind, Legend, Name, WitnessSize};
use crate::error::Error;
use crate::model::{Clause, FieldPath, Invalid, Position, Problem, Vocabulary};

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

/// The unified diff of the canonical texts of two rounds: each one's file form, with the
/// format header, exactly once (the diff's line numbers are the file's own).
fn unified_diff(old: &Position, new: &Position) -> String {
    // The new round is written on a third thread: with the main thread's work beside this
    // one's, two cores share three threads' work until the texts are written, and this
    // thread, the longer one, finishes sooner.
    let ((new_text, new_marks), (old_text, old_marks)) = beside(
        || crate::format::position_toml_marked(new),
        || crate::format::position_toml_marked(old),
    );
    // Patience: clause ids are unique lines, so the diff anchors on them (Myers over the whole
    // texts is quadratic in the edits).
    super::lines::unified_split(
        &super::lines::Split::marked(&old_text, old_marks),
        &super::lines::Split::marked(&new_text, new_marks),
        3,
        // A header is one line: a label's newline must not end it.
        &format!("old: {}", crate::escape::visible(&old.label)),
        &format!("new: {}", crate::escape::visible(&new.label)),
    )
}

/// `side()` and `main()`, `side` on a second thread when the machine runs two at once and one
/// starts, else after `main` on this one. The results are the same either way.
fn beside<A: Send, B>(side: impl Fn() -> A + Sync, main: impl FnOnce() -> B) -> (A, B) {
    let two = std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
    std::thread::scope(|scope| {
        // `side` is borrowed, not moved, into the thread: should the thread not start, it is
        // still here to call.
        let helper = two.then(|| std::thread::Builder::new().spawn_scoped(scope, &side).ok());
        let b = main();
        let a = match helper.flatten() {
            Some(h) => h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            None => side(),
        };
        (a, b)
    })
}

pub(crate) fn evolve_impl(
    vocab: &Vocabulary,
    old: &Position,
    new: &Position,
    options: &EvolveOptions,
) -> Result<Evolution, Error> {
    let analyzer = Analyzer::new(vocab)?;
    let oc = analyzer.compile(old)?.norms;
    let nc = analyzer.compile(new)?.norms;
    let counterpart = options.counterpart.as_ref().map(|cp| (cp, None));
    evolve_norms(&analyzer, (old, oc), (new, nc), counterpart, options)
}

/// The evolution from `old` to `new` whose norms `analyzer` already compiled (the loader
/// compiles them to validate the files: compiling them again was a third of `evolve`'s
/// time). The counterpart comes with its norms when they are at hand, else it is compiled
/// here; `options.counterpart` is not read.
pub(crate) fn evolve_norms(
    analyzer: &Analyzer<'_>,
    (old, old_norms): (&Position, Vec<Norm>),
    (new, new_norms): (&Position, Vec<Norm>),
    counterpart: Option<(&Position, Option<Vec<Norm>>)>,
    options: &EvolveOptions,
) -> Result<Evolution, Error> {
    let index = analyzer.index();
    let vocab = index.vocab;
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
    // The unified diff reads only the two positions: it is written on a second thread while
    // this one aligns the clauses and collects the changes, each about half of the work.
    let (unified_diff, rest) = beside(
        || unified_diff(old, new),
        || -> Result<_, Error> {
            let ctx = Ctx::new(index, &new.party);
            let rounds = Rounds {
                old,
                new,
                old_info: infos(old, &old_norms),
                new_info: infos(new, &new_norms),
                old_alone: alone(index, &old.clauses, new),
                new_alone: alone(index, &new.clauses, old),
            };
            let alignment = rounds.align(options.reword_threshold);
            let (changes, unchanged) = rounds.changes(&ctx, &alignment);
            drop(rounds);
            let position = position_changes(vocab, old, new, &index.legend);
            let counterpart = match counterpart {
                Some((cp, norms)) => {
                    let norms = match norms {
                        Some(n) => n,
                        None => analyzer.compile(cp)?.norms,
                    };
                    Some(counterpart_shifts(
                        analyzer,
                        (old, old_norms),
                        (new, new_norms),
                        (cp, norms),
                        &alignment,
                    ))
                }
                None => {
                    // Freed before the canonical texts and the diff's tables are built (when
                    // the diff is made after this, on the same thread), so that these reuse
                    // the norms' memory instead of faulting in fresh pages.
                    drop((old_norms, new_norms));
                    None
                }
            };
            Ok((changes, unchanged, position, counterpart))
        },
    );
    let (changes, unchanged, position, counterpart) = rest?;
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
        legend: index.legend.clone(),
    })
}

/// Which clauses are on an issue the other round does not address: they have nothing to
/// match there.
fn alone(index: &Index<'_>, clauses: &[Clause], other: &Position) -> Vec<bool> {
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
}

/// The two rounds with their clauses read against the vocabulary.
struct Rounds<'p> {
    old: &'p Position,
    new: &'p Position,
    old_info: Vec<Option<Info<'p>>>,
    new_info: Vec<Option<Info<'p>>>,
    old_alone: Vec<bool>,
    new_alone: Vec<bool>,
}

impl Rounds<'_> {
    /// Aligns the clauses; only clauses with the same bearers and base action can match as
    /// reworded.
    fn align(&self, threshold: f64) -> Alignment {
        // The bearers as a set (sorted, without repeats) and the base action.
        fn key<'c>(c: &'c Clause, i: Option<&Info<'_>>) -> Option<(Vec<&'c str>, usize)> {
            let i = i?;
            let mut bearers: Vec<&str> = c.bearer.iter().map(String::as_str).collect();
            bearers.sort_unstable();
            bearers.dedup();
            Some((bearers, i.base))
        }
        let (old, new) = (self.old, self.new);
        align_within(
            &old.clauses,
            &new.clauses,
            |i| key(&old.clauses[i], self.old_info[i].as_ref()),
            |i| key(&new.clauses[i], self.new_info[i].as_ref()),
            threshold,
            &self.old_alone,
            &self.new_alone,
        )
    }

    /// The clause changes in canonical order, and how many matched clauses did not change.
    fn changes(&self, ctx: &Ctx<'_, '_>, alignment: &Alignment) -> (Vec<Change>, usize) {
        let party = &self.new.party;
        let legend = &ctx.index.legend;
        let mut changes = Vec::new();
        let mut unchanged = 0;
        for p in &alignment.pairs {
            let (o, n) = (&self.old.clauses[p.old], &self.new.clauses[p.new]);
            let (Some(oinfo), Some(ninfo)) = (&self.old_info[p.old], &self.new_info[p.new]) else {
                continue;
            };
            let fields = field_changes(ctx, o, n, oinfo, ninfo);
            if fields.is_empty() && !p.moved {
                unchanged += 1;
                continue;
            }
            changes.push(Change::matched(
                party,
                legend,
                (p.old, o),
                (p.new, n),
                p.moved,
                p.similarity,
                fields,
            ));
        }
        for &i in &alignment.added {
            let cl = &self.new.clauses[i];
            let (kind, direction) = if self.new_alone[i] {
                (ChangeKind::NewlyAddressed, Direction::Neutral)
            } else {
                (ChangeKind::Added, ctx.whole_clause(cl, Delta::More))
            };
            changes.push(Change::unmatched(party, legend, kind, direction, i, cl));
        }
        for &i in &alignment.dropped {
            let cl = &self.old.clauses[i];
            let (kind, direction) = if self.old_alone[i] {
                (ChangeKind::NotRestated, Direction::Neutral)
            } else {
                (ChangeKind::Dropped, ctx.whole_clause(cl, Delta::Less))
            };
            changes.push(Change::unmatched(party, legend, kind, direction, i, cl));
        }
        sort_changes(&mut changes);
        (changes, unchanged)
    }
}

impl Change {
    /// The change of a matched pair `(index, clause)` in each round, seen by `party`, places
    /// named by `legend`.
    fn matched(
        party: &str,
        legend: &Legend,
        (old_index, o): (usize, &Clause),
        (new_index, n): (usize, &Clause),
        moved: bool,
        similarity: f64,
        fields: Vec<FieldChange>,
    ) -> Change {
        let kind = if o.id != n.id {
            ChangeKind::Reworded
        } else if moved {
            ChangeKind::Moved
        } else {
            ChangeKind::Modified
        };
        let mut c = Change {
            kind,
            old: Some(o.id.clone()),
            new: Some(n.id.clone()),
            direction: Direction::combine(fields.iter().map(|f| f.direction)),
            moved,
            old_index: Some(old_index),
            new_index: Some(new_index),
            similarity: Some(similarity),
            old_role: Some(clause_role(o, party)),
            new_role: Some(clause_role(n, party)),
            bearer: n.bearer.clone(),
            action: n.action.clone(),
            summary: String::new(),
            fields,
            clause: None,
        };
        c.summary = summarize(&c, legend);
        c
    }

    /// The change of a clause only one round has, at `index` in that round: the new round's
    /// for added and newly-addressed, the old round's for dropped and not-restated.
    fn unmatched(
        party: &str,
        legend: &Legend,
        kind: ChangeKind,
        direction: Direction,
        index: usize,
        cl: &Clause,
    ) -> Change {
        let in_new = matches!(kind, ChangeKind::Added | ChangeKind::NewlyAddressed);
        let id = Some(cl.id.clone());
        let role = Some(clause_role(cl, party));
        let (old, new) = if in_new { (None, id) } else { (id, None) };
        let (old_index, new_index) = if in_new {
            (None, Some(index))
        } else {
            (Some(index), None)
        };
        let (old_role, new_role) = if in_new { (None, role) } else { (role, None) };
        let mut c = Change {
            kind,
            old,
            new,
            direction,
            moved: false,
            old_index,
            new_index,
            similarity: None,
            old_role,
            new_role,
            bearer: cl.bearer.clone(),
            action: cl.action.clone(),
            summary: String::new(),
            fields: Vec::new(),
            clause: Some(cl.clone()),
        };
        c.summary = summarize(&c, legend);
        c
    }
}

/// Changes of the position itself (label, date, vocabulary, addresses, sources, groups); all
/// neutral.
fn position_changes(vocab: &Vocabulary, old: &Position, new: &Position, legend: &Legend) -> Vec<FieldChange> {
    let mut position = Vec::new();
    let pairs: [(Field, Value, Value); 6] = [
        (Field::Label, json(&old.label), json(&new.label)),
        (Field::Date, json(&old.date), json(&new.date)),
        (Field::Vocabulary, json(&old.vocabulary), json(&new.vocabulary)),
        (Field::Addresses, json(&old.addresses), json(&new.addresses)),
        (Field::Sources, json(&old.sources), json(&new.sources)),
        (Field::Groups, json(&old.groups), json(&new.groups)),
    ];
    for (name, b, a) in pairs {
        if b == a {
            continue;
        }
        let mut f = FieldChange::new(name, b, a, Direction::Neutral);
        if name == Field::Sources {
            let ids = |p: &Position| p.sources.iter().map(|s| s.id.clone()).collect::<BTreeSet<String>>();
            let (o, n) = (ids(old), ids(new));
            f.added = n.difference(&o).cloned().collect();
            f.removed = o.difference(&n).cloned().collect();
        }
        if name == Field::Addresses {
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
        f.explanation = explain(&f, legend);
        position.push(f);
    }
    position
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

/// The conflicts with the counterpart before and after, and how each one moved, from the
/// norms of both rounds and the counterpart.
fn counterpart_shifts(
    analyzer: &Analyzer<'_>,
    old: (&Position, Vec<Norm>),
    new: (&Position, Vec<Norm>),
    (cp, cp_norms): (&Position, Vec<Norm>),
    alignment: &Alignment,
) -> CounterpartShifts {
    let (old_round, new_round) = (old.0, new.0);
    let rename: BTreeMap<&str, &str> = alignment
        .pairs
        .iter()
        .map(|p| {
            (
                old_round.clauses[p.old].id.as_str(),
                new_round.clauses[p.new].id.as_str(),
            )
        })
        .collect();
    // Each comparison is dropped before the next is made: the other findings of a large pair
    // of positions are most of its memory. Both use the index built for the evolution, and
    // the analyzer's options, as `Analyzer::compare` does.
    let (conflicts_before, b) = conflicts(analyzer.compare_norms(old, (cp, cp_norms.clone())), Some(&rename));
    let (conflicts_after, a) = conflicts(analyzer.compare_norms(new, (cp, cp_norms)), None);
    let mut shifts = shifts(&b, &a, old_round, new_round);
    sort_conflicts(&mut shifts);
    CounterpartShifts {
        party: cp.party.clone(),
        label: cp.label.clone(),
        conflicts_before,
        conflicts_after,
        conflicts: shifts,
    }
}

/// The number of conflicts of a comparison, and each conflict by bearer, action, the party's
/// clauses (old ids read through `rename` when given) and the counterpart's. Only the
/// conflicts are kept, each as its key, own clause ids, size and issue.
fn conflicts(
    c: crate::Comparison,
    rename: Option<&BTreeMap<&str, &str>>,
) -> (usize, BTreeMap<ConflictKey, KeptConflict>) {
    let count = c.summary.counts.conflict;
    let kept = c
        .findings
        .into_iter()
        .filter(|f| f.kind == FindingKind::Conflict)
        .map(|f| {
            let mut own: Vec<Name> = f
                .left
                .iter()
                .map(|id| match rename.and_then(|r| r.get(id.as_str())) {
                    Some(n) => Name::from(*n),
                    None => id.clone(),
                })
                .collect();
            own.sort();
            ((f.bearer, f.action, own, f.right), (f.left, f.size, f.issue))
        })
        .collect();
    (count, kept)
}

/// The conflicts that closed, opened or changed size between `b` (before) and `a` (after).
fn shifts(
    b: &BTreeMap<ConflictKey, KeptConflict>,
    a: &BTreeMap<ConflictKey, KeptConflict>,
    old: &Position,
    new: &Position,
) -> Vec<ConflictShift> {
    let mut shifts = Vec::new();
    // A conflict on an issue one round does not address neither closed nor opened.
    let status_if = |issue: &Name, round: &Position, default: ConflictStatus, instead: ConflictStatus| {
        if round.addresses_issue(issue) {
            default
        } else {
            instead
        }
    };
    for (k, (old_ids, before, issue)) in b {
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
    for (k, (new_ids, after, issue)) in a {
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
    shifts
}
