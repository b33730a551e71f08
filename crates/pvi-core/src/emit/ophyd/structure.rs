//! The PVI structures of the ophyd-async layout: `value.<name>.<access>`.
//!
//! ophyd-async ≥ 0.8 reads `PREFIX + "PVI"` and expects a top-level `value`
//! field of `{name: {r|w|rw|x|d: PV}}`, following `d` to sub-device PVI PVs.
//! Groups flatten into their device by default; with `groups_as_devices`
//! each non-empty Group gets its own PVI PV (`<base><Group>:PVI`) linked
//! from its parent with `d`.

use super::names::{attribute_name, NameChecker};
use crate::diag::{DiagKind, Diagnostic, Diags};
use crate::model::Access;
use crate::model::{Component, Device, Entry, Group};
use crate::source::Span;

/// One access of an entry: its kind and the PV it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PviField {
    /// `r`, `w`, `rw`, `x` or `d`.
    pub access: Access,
    /// The PV (for `d`: the sub-device's PVI PV).
    pub pv: String,
}

/// What an entry stands for.
#[derive(Debug, Clone, Copy)]
pub enum EntryKind<'a> {
    /// A signal or trigger (SignalR, SignalW, SignalRW, SignalX).
    Signal(&'a Component),
    /// A Group served as its own device: index into the structure list.
    Group(&'a Group, usize),
    /// A DeviceRef: the other device's PVI PV.
    DeviceRef(&'a crate::model::DeviceRef),
}

/// One named entry of a PVI structure.
#[derive(Debug, Clone)]
pub struct PviEntry<'a> {
    /// Served name (snake_case).
    pub name: String,
    /// Python attribute name (served name, `_` appended when reserved).
    pub attr: String,
    /// Its accesses, in pvi's order (`w` before `r`).
    pub fields: Vec<PviField>,
    /// What it stands for.
    pub kind: EntryKind<'a>,
    /// Where the component was read from.
    pub span: Span,
}

/// One PVI PV and its entries.
#[derive(Debug, Clone)]
pub struct PviStructure<'a> {
    /// The PVI PV, e.g. `$(P)$(R)PVI`.
    pub pv: String,
    /// Group names leading here from the device (empty for the device).
    pub path: Vec<String>,
    /// Entries in walk order.
    pub entries: Vec<PviEntry<'a>>,
}

/// Builds the PVI structures of `device` with PV prefix `prefix`; the first
/// is the device's own (`prefix + "PVI"`).
///
/// Fails on an unresolved Include (as `generate-template` does) and on
/// names that cannot be served (see [`NameChecker`]).
pub fn pvi_structures<'a>(
    device: &'a Device,
    prefix: &str,
    groups_as_devices: bool,
) -> Result<Vec<PviStructure<'a>>, Diags> {
    let mut comps = Vec::new();
    for e in &device.children {
        match e {
            Entry::Include(i) => {
                return Err(vec![Diagnostic::error(
                    DiagKind::Other,
                    "`Include` statement should have been resolved in device deserialization.",
                )
                .at(i.span)
                .with_note("help: pass --yaml-path DIR so pvi-rs can resolve it")]);
            }
            Entry::Component(c) => comps.push(c),
        }
    }
    let mut b = Builder {
        groups_as_devices,
        out: Vec::new(),
        diags: Vec::new(),
    };
    b.build(&comps, prefix, Vec::new());
    if b.diags.is_empty() {
        Ok(b.out)
    } else {
        Err(b.diags)
    }
}

struct Builder<'a> {
    groups_as_devices: bool,
    out: Vec<PviStructure<'a>>,
    diags: Diags,
}

impl<'a> Builder<'a> {
    /// Builds the structure for `comps` at `base + "PVI"`; returns its index,
    /// or `None` when it has no entries (it is then not served).
    fn build(&mut self, comps: &[&'a Component], base: &str, path: Vec<String>) -> Option<usize> {
        let pv = format!("{base}PVI");
        let index = self.out.len();
        self.out.push(PviStructure {
            pv: pv.clone(),
            path: path.clone(),
            entries: Vec::new(),
        });
        let mut names = NameChecker::default();
        let mut entries = Vec::new();
        self.collect(comps, base, &path, &pv, &mut names, &mut entries);
        self.diags.append(&mut names.diags);
        if entries.is_empty() && index > 0 {
            self.out.truncate(index);
            return None;
        }
        self.out[index].entries = entries;
        Some(index)
    }

    fn collect(
        &mut self,
        comps: &[&'a Component],
        base: &str,
        path: &[String],
        pv: &str,
        names: &mut NameChecker,
        entries: &mut Vec<PviEntry<'a>>,
    ) {
        for &c in comps {
            let fields = match c {
                Component::Group(g) if !self.groups_as_devices => {
                    let children: Vec<&Component> = g.children.iter().collect();
                    self.collect(&children, base, path, pv, names, entries);
                    continue;
                }
                Component::Group(g) => {
                    let children: Vec<&Component> = g.children.iter().collect();
                    let mut sub_path = path.to_vec();
                    sub_path.push(g.common.name.clone());
                    let sub_base = format!("{base}{}:", g.common.name);
                    let Some(i) = self.build(&children, &sub_base, sub_path) else {
                        continue;
                    };
                    let sub_pv = self.out[i].pv.clone();
                    if let Some(name) = names.add(c.name(), c.span(), pv) {
                        entries.push(entry(name, c, EntryKind::Group(g, i), d(sub_pv)));
                    }
                    continue;
                }
                Component::DeviceRef(r) => {
                    if let Some(name) = names.add(c.name(), c.span(), pv) {
                        entries.push(entry(name, c, EntryKind::DeviceRef(r), d(r.pv.clone())));
                    }
                    continue;
                }
                Component::SignalRW(s) if s.read_pv == s.write_pv => {
                    vec![field(Access::Rw, &s.write_pv)]
                }
                Component::SignalRW(s) => {
                    vec![field(Access::W, &s.write_pv), field(Access::R, &s.read_pv)]
                }
                Component::SignalX(s) => vec![field(Access::X, &s.write_pv)],
                Component::SignalW(s) => vec![field(Access::W, &s.write_pv)],
                Component::SignalR(s) => vec![field(Access::R, &s.read_pv)],
                Component::SignalRef(_) | Component::IgnoredComponent(_) => continue,
            };
            if let Some(name) = names.add(c.name(), c.span(), pv) {
                entries.push(entry(name, c, EntryKind::Signal(c), fields));
            }
        }
    }
}

fn field(access: Access, pv: &str) -> PviField {
    PviField {
        access,
        pv: pv.to_string(),
    }
}

fn d(pv: String) -> Vec<PviField> {
    vec![PviField {
        access: Access::D,
        pv,
    }]
}

fn entry<'a>(
    name: String,
    c: &Component,
    kind: EntryKind<'a>,
    fields: Vec<PviField>,
) -> PviEntry<'a> {
    PviEntry {
        attr: attribute_name(&name),
        name,
        fields,
        kind,
        span: c.span(),
    }
}
