//! Include expansion (docs/behaviour/device-model.md#includes).

use super::macros::substitute;
use super::merge::merge_components;
use super::Loader;
use crate::diag::{DiagKind, Diagnostic, Diags};
use crate::model::*;
use crate::parse::DEVICE_SUFFIX;
use crate::world::{join, ReadError};

/// Resolves the includes (and deprecated `parent`) of `device` against the
/// search directories `dirs`, then merges the top level.
///
/// Includes are expanded within the loader's [`ExpandLimits`](super::ExpandLimits).
pub fn resolve(loader: &mut Loader, mut device: Device, dirs: &[String]) -> Result<Device, Diags> {
    if device.parent.as_deref() == Some("asynPortDriver") {
        return Ok(device);
    }
    if let Some(p) = &device.parent {
        device.children.push(Entry::Include(parent_include(p)));
    }
    let mut x = Expansion {
        loader,
        dirs,
        stack: Vec::new(),
        includes: 0,
        components: 0,
    };
    let mut flat = Vec::new();
    for e in std::mem::take(&mut device.children) {
        match e {
            Entry::Include(i) => flat.extend(x.expand(&i)?),
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

/// The includes of one device being expanded, and what they cost so far.
struct Expansion<'l, 'w, 'd> {
    loader: &'l mut Loader<'w>,
    dirs: &'d [String],
    /// File names being included, outermost first.
    stack: Vec<String>,
    /// Includes expanded so far.
    includes: usize,
    /// Components the includes have brought in so far.
    components: usize,
}

/// `a → b → c`, with the middle left out of chains longer than 12.
pub(crate) fn chain_text<S: AsRef<str>>(names: &[S]) -> String {
    let all: Vec<&str> = names.iter().map(AsRef::as_ref).collect();
    if all.len() <= 12 {
        return all.join(" → ");
    }
    let (head, tail) = (&all[..5], &all[all.len() - 5..]);
    format!(
        "{} → … ({} more) … → {}",
        head.join(" → "),
        all.len() - 10,
        tail.join(" → ")
    )
}

impl Expansion<'_, '_, '_> {
    /// The chain of includes that led to `inc`.
    fn chain(&self, inc: &Include) -> String {
        let mut names: Vec<&str> = self.stack.iter().map(String::as_str).collect();
        names.push(&inc.file_name);
        chain_text(&names)
    }

    /// An error at `inc` that names the include chain.
    fn over(&self, inc: &Include, message: String, label: &str) -> Diags {
        vec![Diagnostic::error(DiagKind::Include, message)
            .at(inc.span)
            .with_label(label)
            .with_note(format!("include chain: {}", self.chain(inc)))]
    }

    fn expand(&mut self, inc: &Include) -> Result<Vec<Entry>, Diags> {
        if inc.file_name == "asynPortDriver" {
            return Ok(Vec::new());
        }
        let limits = self.loader.expand;
        if let Some(first) = self.stack.iter().position(|f| *f == inc.file_name) {
            let mut names: Vec<&str> = self.stack[first..].iter().map(String::as_str).collect();
            names.push(&inc.file_name);
            let mut d = Diagnostic::error(
                DiagKind::Include,
                format!("include cycle: {}", chain_text(&names)),
            )
            .at(inc.span)
            .with_label("this include leads back to a file that is already being included");
            if first > 0 {
                d = d.with_note(format!("include chain: {}", self.chain(inc)));
            }
            return Err(vec![d]);
        }
        if self.stack.len() >= limits.max_include_depth {
            return Err(self.over(
                inc,
                format!(
                    "includes nest deeper than {} levels",
                    limits.max_include_depth
                ),
                "this include is one level too deep",
            ));
        }
        self.includes += 1;
        if self.includes > limits.max_includes {
            return Err(self.over(
                inc,
                format!(
                    "the includes of this device expand more than {} files",
                    limits.max_includes
                ),
                "the include that crossed the limit",
            ));
        }
        let path = find(self.loader, inc, self.dirs)?;
        let included = self.loader.load_device(&path)?;
        self.components += count_components(&included.children);
        if self.components > limits.max_components {
            return Err(self.over(
                inc,
                format!(
                    "the includes of this device expand to more than {} components",
                    limits.max_components
                ),
                "the include that crossed the limit",
            ));
        }
        self.stack.push(inc.file_name.clone());
        let macros = inc.macros.clone().filter(|m| !m.is_empty());
        let mut children = included.children;
        if let Some(p) = &included.parent {
            children.push(Entry::Include(parent_include(p)));
        }
        let mut out = Vec::new();
        for e in children {
            match e {
                Entry::Include(_) if macros.is_some() => {}
                Entry::Include(i) => out.extend(self.expand(&i)?),
                other => out.push(other),
            }
        }
        self.stack.pop();
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
}

/// Components in `entries`, counting those inside groups.
fn count_components(entries: &[Entry]) -> usize {
    fn one(c: &Component) -> usize {
        match c {
            Component::Group(g) => 1 + g.children.iter().map(one).sum::<usize>(),
            _ => 1,
        }
    }
    entries
        .iter()
        .map(|e| match e {
            Entry::Component(c) => one(c),
            Entry::Include(_) => 0,
        })
        .sum()
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
