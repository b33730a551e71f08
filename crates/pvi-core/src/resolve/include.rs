//! Include expansion (docs/behaviour/device-model.md#includes).

use super::macros::substitute;
use super::merge::merge_components;
use super::Loader;
use crate::diag::{DiagKind, Diagnostic, Diags};
use crate::model::*;
use crate::parse::DEVICE_SUFFIX;
use crate::world::{join, ReadError};

/// Deepest include nesting accepted before reporting a cycle-like error.
pub const MAX_INCLUDE_DEPTH: usize = 64;

/// Resolves the includes (and deprecated `parent`) of `device` against the
/// search directories `dirs`, then merges the top level.
pub fn resolve(loader: &mut Loader, mut device: Device, dirs: &[String]) -> Result<Device, Diags> {
    if device.parent.as_deref() == Some("asynPortDriver") {
        return Ok(device);
    }
    if let Some(p) = &device.parent {
        device.children.push(Entry::Include(parent_include(p)));
    }
    let mut flat = Vec::new();
    let mut stack = Vec::new();
    for e in std::mem::take(&mut device.children) {
        match e {
            Entry::Include(i) => flat.extend(expand(loader, &i, dirs, &mut stack)?),
            other => flat.push(other),
        }
    }
    device.children = merge_components(flat).map_err(|d| vec![d])?;
    Ok(device)
}

fn parent_include(name: &str) -> Include {
    Include {
        file_name: name.to_string(),
        in_subscreen: false,
        macros: None,
        span: Default::default(),
    }
}

fn expand(
    loader: &mut Loader,
    inc: &Include,
    dirs: &[String],
    stack: &mut Vec<String>,
) -> Result<Vec<Entry>, Diags> {
    if inc.file_name == "asynPortDriver" {
        return Ok(Vec::new());
    }
    if stack.contains(&inc.file_name) || stack.len() >= MAX_INCLUDE_DEPTH {
        let chain = stack
            .iter()
            .chain(std::iter::once(&inc.file_name))
            .cloned()
            .collect::<Vec<_>>()
            .join(" → ");
        return Err(vec![Diagnostic::error(
            DiagKind::Include,
            format!("include cycle: {chain}"),
        )
        .at(inc.span)
        .with_label(
            "this include leads back to a file that is already being included",
        )]);
    }
    let path = find(loader, inc, dirs)?;
    let included = loader.load_device(&path)?;
    stack.push(inc.file_name.clone());
    let macros = inc.macros.clone().filter(|m| !m.is_empty());
    let mut children = included.children;
    if let Some(p) = &included.parent {
        children.push(Entry::Include(parent_include(p)));
    }
    let mut out = Vec::new();
    for e in children {
        match e {
            Entry::Include(_) if macros.is_some() => {}
            Entry::Include(i) => out.extend(expand(loader, &i, dirs, stack)?),
            other => out.push(other),
        }
    }
    stack.pop();
    if let Some(m) = &macros {
        for e in &mut out {
            if let Entry::Component(c) = e {
                apply_macros(std::slice::from_mut(c), m);
            }
        }
    }
    if inc.in_subscreen {
        if !is_pascal_case(&inc.file_name) {
            return Err(vec![Diagnostic::invalid(
                inc.span,
                format!("name '{}' is not PascalCase", inc.file_name),
            )
            .with_label("in_subscreen uses file_name as the Group name")
            .with_note(
                "rename the included file to PascalCase or set in_subscreen: false",
            )]);
        }
        let children = out
            .into_iter()
            .filter_map(|e| match e {
                Entry::Component(c) => Some(c),
                Entry::Include(_) => None,
            })
            .collect();
        out = vec![Entry::Component(Component::Group(Group {
            common: Common {
                span: inc.span,
                ..Common::named(&inc.file_name)
            },
            layout: Layout::SubScreen(GridOptions {
                labelled: false,
                stacked: false,
            }),
            children,
        }))];
    }
    Ok(out)
}

fn apply_macros(children: &mut [Component], m: &indexmap::IndexMap<String, String>) {
    walk_mut(children, &mut |c| match c {
        Component::SignalR(s) => s.read_pv = substitute(&s.read_pv, m),
        Component::SignalW(s) => s.write_pv = substitute(&s.write_pv, m),
        Component::SignalX(s) => s.write_pv = substitute(&s.write_pv, m),
        Component::SignalRW(s) => {
            s.read_pv = substitute(&s.read_pv, m);
            s.write_pv = substitute(&s.write_pv, m);
        }
        Component::DeviceRef(d) => {
            d.pv = substitute(&d.pv, m);
            for v in d.macros.values_mut() {
                *v = substitute(v, m);
            }
            for (k, v) in m {
                if !d.macros.contains_key(k) {
                    d.macros.insert(k.clone(), v.clone());
                }
            }
        }
        _ => {}
    });
}

fn find(loader: &Loader, inc: &Include, dirs: &[String]) -> Result<String, Diags> {
    // pvi only matches names listed in a search folder, so a path never
    // matches: a `../` here would read files outside the search folders
    // (from an image, the host's)
    if inc.file_name.contains(['/', '\\']) || inc.file_name == ".." || inc.file_name.is_empty() {
        return Err(vec![Diagnostic::error(
            DiagKind::Include,
            format!(
                "Include file_name '{}' is a path: give the name of a file in a --yaml-path folder",
                inc.file_name
            ),
        )
        .at(inc.span)
        .with_label("not a file name")]);
    }
    let file = format!("{}{DEVICE_SUFFIX}", inc.file_name);
    let world = loader.world();
    let mut skipped = Vec::new();
    for d in dirs {
        if !world.is_dir(d) {
            skipped.push(d.clone());
            continue;
        }
        let p = join(d, &file);
        if world.is_file(&p) {
            return Ok(p);
        }
    }
    let list = dirs
        .iter()
        .map(|d| format!("'{d}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut d = Diagnostic::error(DiagKind::Include, format!("Cannot find {file} in [{list}]"))
        .at(inc.span)
        .with_label("included here");
    if dirs.is_empty() {
        d = d.with_note("help: no search folders were given; add --yaml-path DIR");
    }
    for s in skipped {
        d = d.with_note(format!("'{s}' is not a directory"));
    }
    // a candidate that exists but is no readable file (a FIFO, a device) is
    // named, with why (only on this failure path: reading is not free)
    for dir in dirs.iter().filter(|d| world.is_dir(d)) {
        let p = join(dir, &file);
        if let Err(e @ (ReadError::Other(_) | ReadError::NotUtf8 { .. })) = world.read_bytes(&p) {
            d = d.with_note(format!("'{p}' exists but cannot be read: {e}"));
        }
    }
    Err(vec![d])
}
