//! `merge_components`: pvi's merge of top-level entries (docs/behaviour/device-model.md#merging).

use crate::diag::{DiagKind, Diagnostic};
use crate::model::{Component, Entry, Group};
use crate::{FastMap, FastSet};

enum Slot {
    Registered(usize),
    Other(Box<Entry>),
}

/// Merges a list of top-level entries, pvi's way, quirks included.
pub fn merge_components(entries: Vec<Entry>) -> Result<Vec<Entry>, Diagnostic> {
    let mut merged: Vec<Slot> = Vec::new();
    // name → (group object, index in merged); the object may no longer be in `merged`
    let mut registry: Vec<(String, Group, usize)> = Vec::new();
    // names of the direct children of every registered group (they only grow)
    // (a hashed set: a B-tree's string comparisons were 5 % of a corpus run)
    let mut child_names: FastSet<String> = FastSet::default();
    for e in entries {
        match e {
            Entry::Include(_) => merged.push(Slot::Other(Box::new(e))),
            Entry::Component(Component::Group(mut g)) => {
                let name = g.common.name.clone();
                if let Some(r) = registry.iter().position(|(n, _, _)| *n == name) {
                    child_names.extend(g.children.iter().map(|c| c.name().to_string()));
                    let old = &mut registry[r].1;
                    merge_group(old, g)?;
                } else {
                    g.children.retain(|c| !child_names.contains(c.name()));
                    child_names.extend(g.children.iter().map(|c| c.name().to_string()));
                    registry.push((name, g, merged.len()));
                    merged.push(Slot::Registered(registry.len() - 1));
                }
            }
            Entry::Component(c) => {
                if let Some((_, _, idx)) = registry.iter().find(|(n, _, _)| n == c.name()) {
                    merged[*idx] = Slot::Other(Box::new(Entry::Component(c)));
                } else {
                    merged.push(Slot::Other(Box::new(Entry::Component(c))));
                }
            }
        }
    }
    let mut groups: Vec<Option<Group>> = registry.into_iter().map(|(_, g, _)| Some(g)).collect();
    Ok(merged
        .into_iter()
        .map(|s| match s {
            Slot::Other(e) => *e,
            Slot::Registered(i) => Entry::Component(Component::Group(
                groups[i].take().expect("each group is placed once"),
            )),
        })
        .collect())
}

fn merge_group(old: &mut Group, new: Group) -> Result<(), Diagnostic> {
    let mut incoming: FastMap<String, Component> = FastMap::default();
    for c in new.children {
        // the last child of a name wins but keeps the first one's position
        incoming.insert(c.name().to_string(), c);
    }
    let mut out = Vec::with_capacity(old.children.len() + incoming.len());
    for child in std::mem::take(&mut old.children) {
        match incoming.shift_remove(child.name()) {
            Some(replacement) => {
                check_collision(&old.common.name, &child, &replacement)?;
                out.push(replacement);
            }
            None => out.push(child),
        }
    }
    out.extend(incoming.into_values());
    old.children = out;
    Ok(())
}

fn check_collision(group: &str, old: &Component, new: &Component) -> Result<(), Diagnostic> {
    let old_pvs = old.pvs();
    for attr in ["read_pv", "write_pv", "pv"] {
        let o = old_pvs.iter().find(|(a, _)| *a == attr).map(|(_, v)| *v);
        let n = new
            .pvs()
            .iter()
            .find(|(a, _)| *a == attr)
            .map(|(_, v)| v.to_string());
        if let (Some(o), Some(n)) = (o, n) {
            if o != n {
                return Err(Diagnostic::error(
                    DiagKind::Validation,
                    format!(
                        "{group}.{}: {attr} {} collides with {}",
                        new.name(),
                        py_repr(&n),
                        py_repr(o)
                    ),
                )
                .at(new.span())
                .with_note(format!(
                    "the earlier definition of {} is replaced by this one, but its {attr} differs",
                    new.name()
                )));
            }
        }
    }
    Ok(())
}

/// Python's `repr` of a string (quote choice and escapes).
pub(crate) fn py_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::new();
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}
