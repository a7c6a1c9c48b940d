//! Aligning the clauses of two rounds: by id, then by text similarity, then finding moves.

use std::collections::{BTreeMap, HashMap};

use crate::keyed::{Keyed, KeyedMap};

use similar::TextDiff;

use crate::model::Clause;

/// A matched old and new clause.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pair {
    pub old: usize,
    pub new: usize,
    pub similarity: f64,
    pub moved: bool,
}

/// The alignment of two clause lists.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Alignment {
    /// Matched clauses, by new index.
    pub pairs: Vec<Pair>,
    /// New clauses without a match, in order.
    pub added: Vec<usize>,
    /// Old clauses without a match, in order.
    pub dropped: Vec<usize>,
}

/// Above this many old × new clause pairs in one (bearers, base action) bucket, reworded
/// clauses are not matched by comparing every pair.
const ALL_PAIRS: usize = 64 * 64;

/// In a bucket above [`ALL_PAIRS`], how many new clauses (nearest in order) each old clause
/// is compared with, besides those with the very same text.
const NEAREST: usize = 32;

/// Word similarity of two texts, from 0 (nothing shared) to 1 (equal).
pub(crate) fn similarity(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    f64::from(TextDiff::from_words(a, b).ratio())
}

/// Aligns clauses. `key` gives each clause's bearer set and base action (`None` when the
/// clause cannot be read, which never matches by text).
#[cfg(test)]
pub(crate) fn align<K: Ord + Clone>(
    old: &[Clause],
    new: &[Clause],
    old_keys: &[Option<K>],
    new_keys: &[Option<K>],
    threshold: f64,
) -> Alignment {
    let key = |keys: &[Option<K>], i: usize| keys.get(i).cloned().flatten();
    align_within(
        old,
        new,
        |i| key(old_keys, i),
        |i| key(new_keys, i),
        threshold,
        &[],
        &[],
    )
}

/// As [`align`], but a clause whose flag in `old_alone` / `new_alone` is set matches nothing:
/// a clause on an issue the other round does not address has no counterpart there. Keys are
/// asked for (`old_key(i)`, `new_key(i)`) only for clauses left without a match by id.
pub(crate) fn align_within<K: Ord>(
    old: &[Clause],
    new: &[Clause],
    old_key: impl Fn(usize) -> Option<K>,
    new_key: impl Fn(usize) -> Option<K>,
    threshold: f64,
    old_alone: &[bool],
    new_alone: &[bool],
) -> Alignment {
    let mut old_ids: KeyedMap<&str, usize> = KeyedMap::with_capacity_and_hasher(old.len(), Keyed::default());
    old_ids.extend(old.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)));
    let alone = |flags: &[bool], i: usize| flags.get(i).copied().unwrap_or(false);
    let mut old_taken = vec![false; old.len()];
    let mut new_taken = vec![false; new.len()];
    let mut pairs = Vec::new();
    for (n, c) in new.iter().enumerate() {
        if let Some(&o) = old_ids.get(c.id.as_str()) {
            if !old_taken[o] && !alone(old_alone, o) && !alone(new_alone, n) {
                old_taken[o] = true;
                new_taken[n] = true;
                pairs.push(Pair {
                    old: o,
                    new: n,
                    similarity: similarity(&old[o].text, &c.text),
                    moved: false,
                });
            }
        }
    }
    // Reworded: same bearers and base action, similar text. Only clauses with the same key
    // can match, so the unmatched new clauses are bucketed by key first.
    let mut buckets: BTreeMap<K, Vec<usize>> = BTreeMap::new();
    for (n, &taken) in new_taken.iter().enumerate() {
        if taken || alone(new_alone, n) {
            continue;
        }
        if let Some(k) = new_key(n) {
            buckets.entry(k).or_default().push(n);
        }
    }
    let mut old_buckets: BTreeMap<K, Vec<usize>> = BTreeMap::new();
    for (o, &taken) in old_taken.iter().enumerate() {
        if taken || alone(old_alone, o) {
            continue;
        }
        if let Some(k) = old_key(o) {
            if buckets.contains_key(&k) {
                old_buckets.entry(k).or_default().push(o);
            }
        }
    }
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (k, olds) in &old_buckets {
        let Some(news) = buckets.get(k) else { continue };
        if olds.len().saturating_mul(news.len()) <= ALL_PAIRS {
            for &o in olds {
                for &n in news {
                    let s = similarity(&old[o].text, &new[n].text);
                    if s >= threshold {
                        candidates.push((s, o, n));
                    }
                }
            }
            continue;
        }
        // A large bucket (many clauses on one bearer and action, all renamed): every pair
        // would be quadratic. Equal texts pair by hash; each other old clause is compared
        // with the new clauses nearest its place in the bucket only.
        let mut by_text: HashMap<&str, Vec<usize>> = HashMap::new();
        for &n in news {
            by_text.entry(new[n].text.as_str()).or_default().push(n);
        }
        for (x, &o) in olds.iter().enumerate() {
            let centre = x * news.len() / olds.len();
            let mut seen: Vec<usize> = Vec::with_capacity(2 * NEAREST);
            if let Some(same) = by_text.get(old[o].text.as_str()) {
                // The clauses with the very same text nearest this place in the bucket.
                let at = same.partition_point(|&n| n < news[centre.min(news.len() - 1)]);
                let from = at.saturating_sub(NEAREST / 2);
                for &n in &same[from..(from + NEAREST).min(same.len())] {
                    candidates.push((1.0, o, n));
                    seen.push(n);
                }
            }
            let from = centre.saturating_sub(NEAREST / 2);
            let to = (from + NEAREST).min(news.len());
            for &n in &news[from..to] {
                if seen.contains(&n) {
                    continue;
                }
                let s = similarity(&old[o].text, &new[n].text);
                if s >= threshold {
                    candidates.push((s, o, n));
                }
            }
        }
    }
    // Best first; ties by the sum of positions (symmetric in old and new), then old index.
    candidates.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| (a.1 + a.2).cmp(&(b.1 + b.2)))
            .then_with(|| a.1.cmp(&b.1))
    });
    for (s, o, n) in candidates {
        if !old_taken[o] && !new_taken[n] {
            old_taken[o] = true;
            new_taken[n] = true;
            pairs.push(Pair {
                old: o,
                new: n,
                similarity: s,
                moved: false,
            });
        }
    }
    pairs.sort_by_key(|p| p.new);
    mark_moves(&mut pairs);
    Alignment {
        pairs,
        added: (0..new.len()).filter(|&n| !new_taken[n]).collect(),
        dropped: (0..old.len()).filter(|&o| !old_taken[o]).collect(),
    }
}

/// Marks as moved every pair that is not in every longest common subsequence of the matched
/// clauses' old and new orders.
fn mark_moves(pairs: &mut [Pair]) {
    // Sequence in old order of new positions; LCS of the two orders = its longest increasing run.
    // Old indices are distinct and below the number of old clauses: placed, not sorted.
    let mut at_old: Vec<Option<usize>> = vec![None; pairs.iter().map(|p| p.old + 1).max().unwrap_or(0)];
    for (k, p) in pairs.iter().enumerate() {
        at_old[p.old] = Some(k);
    }
    let by_old: Vec<usize> = at_old.into_iter().flatten().collect();
    let seq: Vec<usize> = by_old.iter().map(|&k| pairs[k].new).collect();
    for (i, in_every) in super::lis::on_every_longest(&seq).into_iter().enumerate() {
        pairs[by_old[i]].moved = !in_every;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Modality;

    fn c(id: &str, text: &str) -> Clause {
        Clause::new(id, "b", Modality::Must, "act").text(text)
    }

    fn keys(n: usize) -> Vec<Option<u8>> {
        vec![Some(0); n]
    }

    fn moved(a: &Alignment, old: &[Clause]) -> Vec<String> {
        a.pairs
            .iter()
            .filter(|p| p.moved)
            .map(|p| old[p.old].id.clone())
            .collect()
    }

    #[test]
    fn matches_by_id_and_finds_the_one_moved_clause() {
        let old = [c("a", "x"), c("b", "y"), c("c", "z"), c("d", "w")];
        let new = [c("b", "y"), c("c", "z"), c("d", "w"), c("a", "x")];
        let al = align(&old, &new, &keys(4), &keys(4), 0.6);
        assert_eq!(al.pairs.len(), 4);
        assert_eq!(moved(&al, &old), vec!["a"]);
    }

    #[test]
    fn a_swap_moves_both() {
        let old = [c("a", "x"), c("b", "y")];
        let new = [c("b", "y"), c("a", "x")];
        let al = align(&old, &new, &keys(2), &keys(2), 0.6);
        assert_eq!(moved(&al, &old).len(), 2);
    }

    #[test]
    fn an_insertion_moves_nothing() {
        let old = [c("a", "x"), c("b", "y")];
        let new = [c("a", "x"), c("new", "q r s"), c("b", "y")];
        let al = align(&old, &new, &keys(2), &keys(3), 0.6);
        assert!(moved(&al, &old).is_empty());
        assert_eq!(al.added, vec![1]);
    }

    #[test]
    fn reworded_needs_similar_text_and_the_same_key() {
        let old = [c("old-id", "the alliance stops taking in new members")];
        let new = [c("new-id", "the alliance stops taking in any new members")];
        let al = align(&old, &new, &keys(1), &keys(1), 0.6);
        assert_eq!(al.pairs.len(), 1);
        assert!(al.pairs[0].similarity > 0.8);
        let al = align(&old, &new, &[Some(0u8)], &[Some(1u8)], 0.6);
        assert!(al.pairs.is_empty());
        assert_eq!((al.added.clone(), al.dropped.clone()), (vec![0], vec![0]));
        let strict = align(&old, &new, &keys(1), &keys(1), 0.99);
        assert!(strict.pairs.is_empty());
    }

    #[test]
    fn unrelated_texts_are_added_and_dropped() {
        let old = [c("x", "russia withdraws its forces")];
        let new = [c("y", "the alliance offers a hotline")];
        let al = align(&old, &new, &keys(1), &keys(1), 0.6);
        assert!(al.pairs.is_empty());
    }
}
