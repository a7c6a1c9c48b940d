//! The hash of the crate's maps of names and texts: `foldhash`'s fast variant, several times
//! faster than the standard SipHash on the short ids of 10⁵ clauses and on the 40 MB of
//! canonical text `evolve` diffs. Each map draws its own seed from per-process randomness, so a
//! hostile file cannot aim for collisions without knowing it. Only speed depends on the hash:
//! maps compare their keys, and nothing iterates them in hash order where order shows.

use std::collections::{HashMap, HashSet};

/// Builds hashers with a seed drawn once per map.
pub(crate) type Keyed = foldhash::fast::RandomState;
/// A map keyed with [`Keyed`].
pub(crate) type KeyedMap<K, V> = HashMap<K, V, Keyed>;
/// A set keyed with [`Keyed`].
pub(crate) type KeyedSet<K> = HashSet<K, Keyed>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

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
