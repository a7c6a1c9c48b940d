//! Sets of entity atoms as bitsets.

/// A set of atoms (entities' own territory, plus the "elsewhere" atom), as a bitset over the
/// vocabulary's interned atom indices. All sets of one index have the same number of words.
///
/// Vocabularies of up to 256 atoms keep their bits inline, so that the block algebra of the
/// engine, which makes and drops sets all the time, never allocates for them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct AtomSet {
    words: Words,
}

const INLINE: usize = 4;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Words {
    Inline([u64; INLINE]),
    Heap(Box<[u64]>),
}

impl AtomSet {
    pub(crate) fn empty(n_atoms: usize) -> Self {
        let n = n_atoms.div_ceil(64);
        AtomSet {
            words: if n <= INLINE {
                Words::Inline([0; INLINE])
            } else {
                Words::Heap(vec![0; n].into_boxed_slice())
            },
        }
    }

    pub(crate) fn full(n_atoms: usize) -> Self {
        let mut s = AtomSet::empty(n_atoms);
        for i in 0..n_atoms {
            s.insert(i);
        }
        s
    }

    fn words(&self) -> &[u64] {
        match &self.words {
            Words::Inline(w) => w,
            Words::Heap(w) => w,
        }
    }

    fn words_mut(&mut self) -> &mut [u64] {
        match &mut self.words {
            Words::Inline(w) => w,
            Words::Heap(w) => w,
        }
    }

    /// A set of the same size whose words are `f` of this set's and `other`'s.
    fn zip(&self, other: &AtomSet, f: impl Fn(u64, u64) -> u64) -> AtomSet {
        let mut out = self.clone();
        for (a, b) in out.words_mut().iter_mut().zip(other.words()) {
            *a = f(*a, *b);
        }
        out
    }

    pub(crate) fn insert(&mut self, i: usize) {
        if let Some(w) = self.words_mut().get_mut(i / 64) {
            *w |= 1 << (i % 64);
        }
    }

    pub(crate) fn contains(&self, i: usize) -> bool {
        self.words().get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.words().iter().all(|&w| w == 0)
    }

    pub(crate) fn len(&self) -> usize {
        self.words().iter().map(|w| w.count_ones() as usize).sum()
    }

    pub(crate) fn intersects(&self, other: &AtomSet) -> bool {
        self.words().iter().zip(other.words()).any(|(a, b)| a & b != 0)
    }

    #[cfg(test)]
    pub(crate) fn is_subset(&self, other: &AtomSet) -> bool {
        self.words().iter().zip(other.words()).all(|(a, b)| a & !b == 0)
    }

    pub(crate) fn and(&self, other: &AtomSet) -> AtomSet {
        self.zip(other, |a, b| a & b)
    }

    pub(crate) fn minus(&self, other: &AtomSet) -> AtomSet {
        self.zip(other, |a, b| a & !b)
    }

    pub(crate) fn union_with(&mut self, other: &AtomSet) {
        for (a, b) in self.words_mut().iter_mut().zip(other.words()) {
            *a |= b;
        }
    }

    /// Calls `f` on each atom, in order: a plain loop over the words, which the engine's
    /// hottest paths (a finding's places) run faster than [`AtomSet::iter`].
    pub(crate) fn for_each(&self, mut f: impl FnMut(usize)) {
        for (wi, &w) in self.words().iter().enumerate() {
            let mut w = w;
            while w != 0 {
                f(wi * 64 + w.trailing_zeros() as usize);
                w &= w - 1;
            }
        }
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words().iter().enumerate().flat_map(|(wi, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let b = w.trailing_zeros() as usize;
                w &= w - 1;
                Some(wi * 64 + b)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_vocabularies_spill_to_the_heap() {
        let mut a = AtomSet::empty(1000);
        a.insert(999);
        assert!(a.contains(999));
        assert_eq!(AtomSet::full(1000).len(), 1000);
        assert_eq!(AtomSet::full(1000).minus(&a).len(), 999);
    }

    #[test]
    fn set_operations() {
        let mut a = AtomSet::empty(130);
        a.insert(1);
        a.insert(129);
        let mut b = AtomSet::empty(130);
        b.insert(129);
        assert!(a.intersects(&b));
        assert!(b.is_subset(&a));
        assert_eq!(a.minus(&b).iter().collect::<Vec<_>>(), vec![1]);
        let mut seen = Vec::new();
        a.for_each(|i| seen.push(i));
        assert_eq!(seen, a.iter().collect::<Vec<_>>());
        assert_eq!(seen, vec![1, 129]);
        assert_eq!(a.and(&b).len(), 1);
        assert_eq!(AtomSet::full(130).len(), 130);
        assert!(!a.contains(2));
    }
}
