//! Rules that are not about resolving names: they catch files that load but would change
//! results without a word (opposites measured in different units, conditions that wait on
//! themselves, evidence with nothing quoted).

use std::collections::HashMap;

use crate::model::{FieldPath, Invalid, Position, Problem, Vocabulary};

/// Clauses named in a reported cycle; a longer one shows its ends around `…`.
const MAX_CYCLE: usize = 8;

/// Two opposite actions must measure amounts in the same unit: they are one base action, so an
/// amount of one is compared with an amount of the other.
pub(crate) fn vocabulary_rules(vocab: &Vocabulary, errors: &mut Vec<Invalid>) {
    let index: HashMap<&str, usize> = vocab
        .actions
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    for (i, a) in vocab.actions.iter().enumerate() {
        let Some(&j) = a.opposite.as_deref().and_then(|o| index.get(o)) else {
            continue;
        };
        let b = &vocab.actions[j];
        // Reported once, on the second of the two, when the pair is mutual (else another
        // rule already speaks).
        if j < i && b.opposite.as_deref() == Some(a.id.as_str()) && a.unit != b.unit {
            errors.push(Invalid {
                at: FieldPath::root().key("actions").index(i).key("unit"),
                problem: Problem::OppositeUnits {
                    action: a.id.clone(),
                    unit: a.unit.clone(),
                    opposite: b.id.clone(),
                    opposite_unit: b.unit.clone(),
                },
            });
        }
    }
}

/// An evidence quote must quote something; a clause's conditions within its own position must
/// not lead back to it (a clause that waits on itself never holds, and the reader is not told).
pub(crate) fn position_rules(position: &Position, errors: &mut Vec<Invalid>) {
    let cl = FieldPath::root().key("clauses");
    for (ci, c) in position.clauses.iter().enumerate() {
        for (k, ev) in c.evidence.iter().enumerate() {
            if ev.quote.trim().is_empty() {
                errors.push(Invalid {
                    at: cl.index(ci).key("evidence").index(k).key("quote"),
                    problem: Problem::Empty { field: "quote".into() },
                });
            }
        }
    }
    // The graph of conditions on clauses of this position; the first clause of each id only
    // (a duplicate id is already an error).
    let mut ix: crate::keyed::KeyedMap<&str, usize> =
        crate::keyed::KeyedMap::with_capacity_and_hasher(position.clauses.len(), Default::default());
    for (i, c) in position.clauses.iter().enumerate() {
        ix.entry(c.id.as_str()).or_insert(i);
    }
    let edges: Vec<Vec<(usize, usize)>> = position
        .clauses
        .iter()
        .map(|c| {
            c.conditions
                .iter()
                .enumerate()
                .filter(|(_, r)| r.party.as_deref().is_none_or(|p| p == position.party))
                .filter_map(|(k, r)| ix.get(r.clause.as_str()).map(|&j| (k, j)))
                .collect()
        })
        .collect();
    // Depth-first search with colours; each cycle is reported once, at the condition that
    // closes it, in the clause where the search entered it. Iterative, so that a chain of
    // 10⁵ conditions cannot overflow the stack.
    #[derive(Clone, Copy, PartialEq)]
    enum Colour {
        White,
        Grey,
        Black,
    }
    let mut colour = vec![Colour::White; edges.len()];
    // Where each grey clause is on the stack.
    let mut depth = vec![0usize; edges.len()];
    for start in 0..edges.len() {
        if colour[start] != Colour::White {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        colour[start] = Colour::Grey;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&(k, to)) = edges[node].get(*next) {
                *next += 1;
                match colour[to] {
                    Colour::White => {
                        colour[to] = Colour::Grey;
                        depth[to] = stack.len();
                        stack.push((to, 0));
                    }
                    Colour::Grey => {
                        // A long cycle is named by its ends: the work per cycle stays bounded.
                        let on = &stack[depth[to]..];
                        let name = |&(n, _): &(usize, usize)| position.clauses[n].id.clone();
                        let mut cycle: Vec<String> = if on.len() <= MAX_CYCLE {
                            on.iter().map(name).collect()
                        } else {
                            let mut c: Vec<String> = on[..MAX_CYCLE / 2].iter().map(name).collect();
                            c.push("…".into());
                            c.extend(on[on.len() - MAX_CYCLE / 2..].iter().map(name));
                            c
                        };
                        cycle.push(position.clauses[to].id.clone());
                        errors.push(Invalid {
                            at: cl.index(node).key("conditions").index(k),
                            problem: Problem::ConditionCycle { cycle },
                        });
                    }
                    Colour::Black => {}
                }
            } else {
                colour[node] = Colour::Black;
                stack.pop();
            }
        }
    }
}
