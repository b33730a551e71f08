//! Depth-first, pre-order walk over leaf components (Groups are entered, never yielded).

use super::component::{Component, Entry, Include};

/// What a walk meets: a leaf component, or an unresolved include.
#[derive(Debug, Clone, Copy)]
pub enum Leaf<'a> {
    /// A non-Group component.
    Component(&'a Component),
    /// An Include that was not resolved.
    Include(&'a Include),
}

/// Leaves of `children` in document order (Groups are entered, never yielded).
pub fn walk(children: &[Entry]) -> Vec<Leaf<'_>> {
    let mut out = Vec::new();
    for e in children {
        match e {
            Entry::Include(i) => out.push(Leaf::Include(i)),
            Entry::Component(c) => walk_component(c, &mut out),
        }
    }
    out
}

fn walk_component<'a>(c: &'a Component, out: &mut Vec<Leaf<'a>>) {
    match c {
        Component::Group(g) => g.children.iter().for_each(|ch| walk_component(ch, out)),
        other => out.push(Leaf::Component(other)),
    }
}

/// Calls `f` on every leaf component of `children`, in walk order.
pub fn walk_mut(children: &mut [Component], f: &mut impl FnMut(&mut Component)) {
    for c in children {
        match c {
            Component::Group(g) => walk_mut(&mut g.children, f),
            other => f(other),
        }
    }
}
