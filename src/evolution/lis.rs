//! Longest strictly increasing subsequences (patience sorting, O(n log n)): the one helper
//! behind move marking ([`on_every_longest`], used by `align`) and the anchors of the line
//! diff ([`longest`], used by `lines`).

use std::cmp::Reverse;

/// Patience sorting over `seq`: for each element, the length of the longest strictly
/// increasing run ending at it, and its predecessor on such a run (the least tail one shorter,
/// at the time it was read); with the index of the least tail of the longest length.
struct Runs {
    ending: Vec<usize>,
    back: Vec<Option<usize>>,
    last: Option<usize>,
}

fn runs<T: Ord>(seq: &[T]) -> Runs {
    // `tails[k]` is the index of the least last value of an increasing run of length `k + 1`.
    let mut tails: Vec<usize> = Vec::new();
    let mut ending = Vec::with_capacity(seq.len());
    let mut back = Vec::with_capacity(seq.len());
    for (i, v) in seq.iter().enumerate() {
        let k = tails.partition_point(|&t| seq[t] < *v);
        back.push(k.checked_sub(1).map(|p| tails[p]));
        if k == tails.len() {
            tails.push(i);
        } else {
            tails[k] = i;
        }
        ending.push(k + 1);
    }
    Runs {
        ending,
        back,
        last: tails.last().copied(),
    }
}

/// The indices of one longest strictly increasing subsequence of `seq`, in order: the
/// earliest-ending choice at each length, so the result is deterministic.
pub(crate) fn longest<T: Ord>(seq: &[T]) -> Vec<usize> {
    let r = runs(seq);
    let mut out = Vec::with_capacity(r.ending.iter().copied().max().unwrap_or(0));
    let mut cur = r.last;
    while let Some(k) = cur {
        out.push(k);
        cur = r.back[k];
    }
    out.reverse();
    out
}

/// For each element of `seq` (distinct values), whether it lies on every longest strictly
/// increasing subsequence. An element is on every one iff it is on some one and is the only
/// element on some one at its level (the length of the longest run ending there).
pub(crate) fn on_every_longest<T: Ord>(seq: &[T]) -> Vec<bool> {
    let n = seq.len();
    let ending = runs(seq).ending;
    // Longest increasing run starting at i = longest decreasing run ending at i, read backwards.
    let reversed: Vec<Reverse<&T>> = seq.iter().rev().map(Reverse).collect();
    let mut starting = runs(&reversed).ending;
    starting.reverse();
    let longest = ending.iter().copied().max().unwrap_or(0);
    let in_some: Vec<bool> = (0..n).map(|i| ending[i] + starting[i] - 1 == longest).collect();
    let mut per_level = vec![0usize; longest + 1];
    for i in 0..n {
        if in_some[i] {
            per_level[ending[i]] += 1;
        }
    }
    (0..n).map(|i| in_some[i] && per_level[ending[i]] == 1).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    /// The increasing subsequences of `seq` as bit masks, by listing all subsets.
    fn increasing_runs(seq: &[usize]) -> Vec<u32> {
        let n = seq.len();
        let increasing = |mask: u32| {
            let picked: Vec<usize> = (0..n).filter(|&i| mask & (1 << i) != 0).map(|i| seq[i]).collect();
            picked.windows(2).all(|w| w[0] < w[1])
        };
        (0..1u32 << n).filter(|&m| increasing(m)).collect()
    }

    /// Whether each element lies on every longest increasing subsequence, by brute force.
    fn on_every_longest_brute(seq: &[usize]) -> Vec<bool> {
        let runs = increasing_runs(seq);
        let longest = runs.iter().map(|m| m.count_ones()).max().unwrap_or(0);
        let every = runs
            .iter()
            .filter(|m| m.count_ones() == longest)
            .fold(u32::MAX, |acc, m| acc & m);
        (0..seq.len()).map(|i| every & (1 << i) != 0).collect()
    }

    proptest::proptest! {
        #[test]
        fn lis_move_marking_matches_the_definition(
            seq in proptest::sample::subsequence((0..14usize).collect::<Vec<_>>(), 0..=10)
                .prop_shuffle()
        ) {
            proptest::prop_assert_eq!(on_every_longest(&seq), on_every_longest_brute(&seq));
        }

        #[test]
        fn longest_is_an_increasing_run_of_the_longest_length(
            seq in proptest::collection::vec(0..8usize, 0..=10)
        ) {
            let picked = longest(&seq);
            proptest::prop_assert!(picked.windows(2).all(|w| w[0] < w[1] && seq[w[0]] < seq[w[1]]));
            let best = increasing_runs(&seq).iter().map(|m| m.count_ones()).max().unwrap_or(0);
            proptest::prop_assert_eq!(picked.len(), best as usize);
        }
    }

    #[test]
    fn lis_marking_of_known_orders() {
        assert_eq!(on_every_longest::<usize>(&[]), Vec::<bool>::new());
        assert_eq!(on_every_longest(&[1, 0]), vec![false, false]);
        assert_eq!(on_every_longest(&[1, 2, 3, 0]), vec![true, true, true, false]);
        assert_eq!(on_every_longest(&[0, 2, 1, 3]), vec![true, false, false, true]);
    }

    #[test]
    fn the_earliest_ending_run_is_chosen() {
        // Both [0, 2] and [0, 1] are longest; the tail read last at each length wins.
        assert_eq!(longest(&[0, 2, 1]), vec![0, 2]);
        assert_eq!(longest::<u8>(&[]), Vec::<usize>::new());
    }
}
