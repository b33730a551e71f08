//! Leaf components that share a name in a resolved device. pvi writes both
//! (two `pvi.<Name>` fields in the template, two rows on the screen), so it
//! is worth a warning; `--strict` makes it an error.

use super::component::{Component, Entry};
use super::walk::{walk, Leaf};
use crate::FastMap;
use indexmap::map::Entry as Slot;

/// Every leaf whose name an earlier leaf already has, with that earlier
/// leaf: `(first, again)`, in walk order.
pub fn repeated_names(children: &[Entry]) -> Vec<(&Component, &Component)> {
    let mut first: FastMap<&str, &Component> = FastMap::default();
    let mut out = Vec::new();
    for leaf in walk(children) {
        let Leaf::Component(c) = leaf else { continue };
        match first.entry(c.name()) {
            Slot::Occupied(e) => out.push((*e.get(), c)),
            Slot::Vacant(e) => {
                e.insert(c);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_device;
    use crate::FileId;

    #[test]
    fn finds_a_name_used_twice_across_groups() {
        let d = parse_device(
            "label: L\nchildren:\n- type: SignalR\n  name: A\n  read_pv: X\n- type: Group\n  name: G\n  layout: {type: Grid}\n  children:\n  - type: SignalR\n    name: A\n    read_pv: Y\n  - type: SignalR\n    name: B\n    read_pv: Z\n",
            FileId(0),
        )
        .unwrap();
        let r = repeated_names(&d.children);
        assert_eq!(r.len(), 1);
        assert_eq!((r[0].0.name(), r[0].1.name()), ("A", "A"));
    }
}
