//! `reconvert`: adding the components of (new or updated) templates to an
//! existing device (docs/behaviour/convert.md#reconvert), keeping hand edits.
//!
//! Like pvi: existing entries are merged first (`merge_components`), a template group
//! named like an existing top-level group adds its new components to it,
//! other template groups are appended. Unlike pvi, a component that already
//! exists anywhere in the device (moved to another group, nested, or at the
//! top level) is neither duplicated nor replaced: its label, description,
//! widgets and kind are kept, only a changed PV is updated (pvi aborts with
//! a collision there), and a single-PV SignalRW made by hand stays single-PV.

use crate::diag::Diags;
use crate::model::*;
use crate::resolve::merge_components;

/// What `reconvert` did, for the user.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReconvertSummary {
    /// Components added, as `Group.Name`.
    pub added: Vec<String>,
    /// Existing components whose hand edits were kept although the template
    /// converts them differently.
    pub kept: Vec<String>,
    /// PVs replaced: `Name: attr 'old' -> 'new'`.
    pub replaced: Vec<String>,
    /// Groups appended.
    pub new_groups: Vec<String>,
}

impl ReconvertSummary {
    /// Human-readable lines (empty when nothing changed).
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut list = |what: &str, v: &[String]| {
            if !v.is_empty() {
                out.push(format!("{what} ({}): {}", v.len(), v.join(", ")));
            }
        };
        list("added", &self.added);
        list("new groups", &self.new_groups);
        list("replaced PVs", &self.replaced);
        list("kept hand edits of", &self.kept);
        out
    }
}

/// Adds `groups` (converted templates) to `device`.
pub fn reconvert(device: Device, groups: Vec<Group>) -> Result<(Device, ReconvertSummary), Diags> {
    let mut device = device;
    device.children = merge_components(device.children).map_err(|d| vec![d])?;
    let existing: Vec<String> = walk(&device.children)
        .into_iter()
        .filter_map(|l| match l {
            Leaf::Component(c) => Some(c.name().to_string()),
            Leaf::Include(_) => None,
        })
        .collect();
    let mut summary = ReconvertSummary::default();
    for g in groups {
        let target = device.children.iter().position(|e| {
            matches!(e, Entry::Component(Component::Group(x)) if x.common.name == g.common.name)
        });
        let mut fresh: Vec<Component> = Vec::new();
        for c in g.children {
            if existing.iter().any(|n| n == c.name()) {
                reconcile(&mut device.children, &c, &mut summary);
                continue;
            }
            summary
                .added
                .push(format!("{}.{}", g.common.name, c.name()));
            if target.is_some() {
                // pvi: the last of a name wins, at the first one's place
                if let Some(i) = fresh.iter().position(|f| f.name() == c.name()) {
                    fresh[i] = c;
                    continue;
                }
            }
            fresh.push(c);
        }
        match target {
            Some(i) => {
                if let Entry::Component(Component::Group(x)) = &mut device.children[i] {
                    x.children.extend(fresh);
                }
            }
            None => {
                summary.new_groups.push(g.common.name.clone());
                device
                    .children
                    .push(Entry::Component(Component::Group(Group {
                        children: fresh,
                        ..g
                    })));
            }
        }
    }
    Ok((device, summary))
}

/// Brings the first existing leaf named like `new` in line with it.
fn reconcile(children: &mut [Entry], new: &Component, summary: &mut ReconvertSummary) {
    let mut done = false;
    for e in children.iter_mut() {
        if let Entry::Component(c) = e {
            walk_mut(std::slice::from_mut(c), &mut |old| {
                if !done && old.name() == new.name() {
                    done = true;
                    update(old, new, summary);
                }
            });
        }
    }
}

fn update(old: &mut Component, new: &Component, summary: &mut ReconvertSummary) {
    if old == new {
        return;
    }
    let name = new.name().to_string();
    let mut replace = |attr: &str, old_pv: &mut String, new_pv: &str| {
        if old_pv != new_pv {
            summary
                .replaced
                .push(format!("{name}: {attr} '{old_pv}' -> '{new_pv}'"));
            *old_pv = new_pv.to_string();
        }
    };
    match (&mut *old, new) {
        (Component::SignalR(o), Component::SignalR(n)) => {
            replace("read_pv", &mut o.read_pv, &n.read_pv)
        }
        (Component::SignalW(o), Component::SignalW(n)) => {
            replace("write_pv", &mut o.write_pv, &n.write_pv)
        }
        (Component::SignalRW(o), Component::SignalRW(n)) => {
            // a readback made equal to the demand by hand stays so
            let single = o.read_pv == o.write_pv;
            replace("write_pv", &mut o.write_pv, &n.write_pv);
            if single {
                o.read_pv = o.write_pv.clone();
            } else {
                replace("read_pv", &mut o.read_pv, &n.read_pv);
            }
        }
        _ => {}
    }
    if old != new {
        summary.kept.push(name);
    }
}
