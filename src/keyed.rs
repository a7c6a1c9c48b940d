//! A keyed hash for the crate's maps of names and texts: a folded multiply over 8-byte words
//! (as `foldhash` does), several times faster than the standard SipHash on the short ids of
//! 10⁵ clauses and on the 40 MB of canonical text `evolve` diffs. The keys are drawn from the
//! standard `RandomState`, so that a hostile file cannot aim for collisions without knowing
//! them. Only speed depends on the hash: maps compare their keys, and nothing iterates them
//! in hash order where order shows.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher};

/// A map keyed with [`Keyed`].
pub(crate) type KeyedMap<K, V> = HashMap<K, V, Keyed>;
/// A set keyed with [`Keyed`].
pub(crate) type KeyedSet<K> = HashSet<K, Keyed>;

/// Builds [`Folded`] hashers with keys drawn once per map.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Keyed {
    seed: u64,
    key: u64,
}

impl Default for Keyed {
    fn default() -> Self {
        let r = std::collections::hash_map::RandomState::new();
        Keyed {
            seed: r.hash_one(0x5eed_u64),
            // Odd, so that the multiply keeps every bit of the word.
            key: r.hash_one(0x006b_6579_u64) | 1,
        }
    }
}

impl BuildHasher for Keyed {
    type Hasher = Folded;
    fn build_hasher(&self) -> Folded {
        Folded {
            state: self.seed,
            key: self.key,
        }
    }
}

/// The hasher of [`Keyed`].
pub(crate) struct Folded {
    state: u64,
    key: u64,
}

/// The high and low halves of the full product, folded together.
fn fold(a: u64, b: u64) -> u64 {
    let p = u128::from(a) * u128::from(b);
    (p as u64) ^ ((p >> 64) as u64)
}

impl Hasher for Folded {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut x = [0u8; 8];
            x.copy_from_slice(w);
            self.state = fold(self.state ^ u64::from_le_bytes(x), self.key);
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut x = [0u8; 8];
            x[..rest.len()].copy_from_slice(rest);
            self.state = fold(self.state ^ u64::from_le_bytes(x), self.key ^ rest.len() as u64);
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.state = fold(self.state ^ u64::from(i), self.key.rotate_left(17));
    }

    fn write_u64(&mut self, i: u64) {
        self.state = fold(self.state ^ i, self.key.rotate_left(29));
    }

    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }

    fn finish(&self) -> u64 {
        fold(self.state, self.key.rotate_left(32))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_keys_hash_alike_and_a_map_finds_them() {
        let k = Keyed::default();
        assert_eq!(k.hash_one("clause-1"), k.hash_one(String::from("clause-1")));
        let texts: Vec<String> = (0..1000).map(|i| format!("[[clauses]]\nid = \"c{i}\"\n")).collect();
        let map: KeyedMap<&str, usize> = texts.iter().enumerate().map(|(i, t)| (t.as_str(), i)).collect();
        assert_eq!(map.len(), texts.len());
        assert!(texts.iter().enumerate().all(|(i, t)| map[t.as_str()] == i));
        // Different lengths of the same zero-padded bytes hash apart.
        assert_ne!(k.hash_one("a"), k.hash_one("a\0"));
    }
}
