//! Finding a repeated mapping key in constant time per key: a mapping of
//! 100,000 keys was checked pair by pair (15 s); small mappings keep the
//! plain scan, which is faster below a few dozen keys.

use super::node::{Node, Value};
use crate::FastMap;
use std::hash::{BuildHasher, Hash, Hasher};

/// Mappings with fewer keys are scanned.
const SCAN_BELOW: usize = 32;

/// The keys of one mapping being read, indexed once it is large.
#[derive(Default)]
pub(super) struct KeyIndex {
    /// Key hash → positions of the keys with that hash.
    by_hash: Option<FastMap<u64, Vec<u32>>>,
}

impl KeyIndex {
    /// The position in `entries` of an earlier key equal to `key` (YAML
    /// value equality), then records `key` as the next entry's.
    #[inline]
    pub(super) fn repeat(&mut self, entries: &[(Node, Node)], key: &Value) -> Option<usize> {
        if self.by_hash.is_none() && entries.len() < SCAN_BELOW {
            return entries.iter().position(|(k, _)| k.value == *key);
        }
        self.indexed(entries, key)
    }

    /// [`Self::repeat`] for a mapping of [`SCAN_BELOW`] keys or more.
    #[inline(never)]
    fn indexed(&mut self, entries: &[(Node, Node)], key: &Value) -> Option<usize> {
        if self.by_hash.is_none() {
            let mut map: FastMap<u64, Vec<u32>> = FastMap::default();
            for (i, (k, _)) in entries.iter().enumerate() {
                if let Some(h) = key_hash(&k.value) {
                    map.entry(h).or_default().push(i as u32);
                }
            }
            self.by_hash = Some(map);
        }
        let map = self.by_hash.as_mut()?;
        let h = key_hash(key)?;
        let slot = map.entry(h).or_default();
        if let Some(&i) = slot.iter().find(|&&i| {
            entries
                .get(i as usize)
                .is_some_and(|(k, _)| k.value == *key)
        }) {
            return Some(i as usize);
        }
        slot.push(entries.len() as u32);
        None
    }
}

/// A hash consistent with `Value`'s equality (`0.0 == -0.0`; NaN equals
/// nothing, so it gets none; collections are never keys).
fn key_hash(v: &Value) -> Option<u64> {
    let mut h = foldhash::fast::FixedState::default().build_hasher();
    match v {
        Value::Null => 0u8.hash(&mut h),
        Value::Bool(b) => (1u8, b).hash(&mut h),
        Value::Int(i) => (2u8, i).hash(&mut h),
        Value::Float(f) if f.is_nan() => return None,
        Value::Float(f) => (3u8, if *f == 0.0 { 0 } else { f.to_bits() }).hash(&mut h),
        Value::Str(s) => (4u8, s).hash(&mut h),
        Value::Seq(_) | Value::Map(_) => return None,
    }
    Some(h.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn node(v: Value) -> Node {
        Node::new(v, Span::default())
    }

    #[test]
    fn finds_repeats_in_small_and_large_mappings() {
        for n in [3usize, 31, 32, 33, 500] {
            let mut idx = KeyIndex::default();
            let mut entries = Vec::new();
            for i in 0..n {
                let k = Value::Str(format!("k{i}"));
                assert_eq!(idx.repeat(&entries, &k), None);
                entries.push((node(k), node(Value::Null)));
            }
            let again = Value::Str(format!("k{}", n / 2));
            assert_eq!(idx.repeat(&entries, &again), Some(n / 2), "{n}");
        }
    }

    #[test]
    fn equality_is_yamls() {
        let mut idx = KeyIndex::default();
        let mut entries = Vec::new();
        for i in 0..40 {
            let k = Value::Int(i);
            assert_eq!(idx.repeat(&entries, &k), None);
            entries.push((node(k), node(Value::Null)));
        }
        for k in [Value::Float(0.0), Value::Float(-0.0)] {
            let r = idx.repeat(&entries, &k);
            entries.push((node(k), node(Value::Null)));
            let _ = r;
        }
        assert_eq!(idx.repeat(&entries, &Value::Float(0.0)), Some(40));
        assert_eq!(idx.repeat(&entries, &Value::Float(f64::NAN)), None);
        assert_eq!(idx.repeat(&entries, &Value::Str("1".into())), None);
    }
}
