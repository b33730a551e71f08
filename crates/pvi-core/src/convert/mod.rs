//! Converters: `convert device` (asyn header + templates → device),
//! `reconvert` (add template PVs to a device) and `regroup` (group a device
//! by legacy screens) — docs/behaviour/convert.md.
//!
//! Every function returns a [`Report`]: the lines pvi prints on stdout (in
//! pvi's order and wording), warnings for the things pvi-rs does better than
//! pvi (for stderr), and the result or the located errors.

mod asyn;
mod header;
mod reconvert;
mod regroup;
mod roles;
mod y_position;

pub use asyn::{parameter_name, AsynClass, Link};
pub use header::{parse_header, Header, HeaderClass, ParamDefine};
pub use reconvert::{reconvert, ReconvertSummary};
pub use regroup::regroup;
pub use y_position::{y_of, ScreenKind};

use crate::diag::{Diagnostic, Diags};
use crate::epicsdb;
use crate::model::*;
use crate::resolve::Loader;

/// What a converter gives: messages, warnings and the result.
#[derive(Debug)]
pub struct Report<T> {
    /// Lines for stdout, exactly as pvi prints them.
    pub messages: Vec<String>,
    /// Located warnings (stderr): input pvi would mishandle.
    pub warnings: Vec<Diagnostic>,
    /// The result, or why it failed.
    pub result: Result<T, Diags>,
}

impl<T> Report<T> {
    fn fail(messages: Vec<String>, warnings: Vec<Diagnostic>, d: Diags) -> Self {
        Report {
            messages,
            warnings,
            result: Err(d),
        }
    }
}

/// Options of `pvi convert device`.
#[derive(Debug, Clone, Default)]
pub struct ConvertOptions {
    /// C++ header giving the class and parent names.
    pub header: Option<String>,
    /// Templates, one Group each.
    pub templates: Vec<String>,
    /// Device name (spaces removed); overrides the header.
    pub name: Option<String>,
    /// Device label (default: the name).
    pub label: Option<String>,
    /// Parent device; overrides the header's base class.
    pub parent: Option<String>,
}

/// The file stem pvi uses: the file name without its last extension.
pub fn stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.rfind('.') {
        Some(i) if i > 0 => &name[..i],
        _ => name,
    }
}

/// `convert device`: the device name (its file is `<name>.pvi.device.yaml`)
/// and the device.
pub fn convert_device(loader: &mut Loader, opts: &ConvertOptions) -> Report<(String, Device)> {
    let mut warnings = Vec::new();
    let (mut name, mut parent) = (None, None);
    if let Some(h) = &opts.header {
        let id = match loader.read(h) {
            Ok(id) => id,
            Err(d) => return Report::fail(vec![], warnings, d),
        };
        let header = parse_header(&loader.sources.get(id).text, id);
        match header.driver() {
            Some(c) => {
                name = Some(c.name.clone());
                parent = c.bases.first().cloned();
            }
            None if opts.name.is_some() => {}
            None => return Report::fail(vec![], warnings, vec![header::no_class_error(id)]),
        }
    }
    if let Some(n) = &opts.name {
        name = Some(n.replace(' ', ""));
    }
    if let Some(p) = &opts.parent {
        parent = Some(p.clone());
    }
    let Some(name) = name else {
        return Report::fail(
            vec![],
            warnings,
            vec![Diagnostic::error(
                crate::DiagKind::Other,
                "Either Device name or header file must be provided.",
            )],
        );
    };
    let groups = template_groups(loader, &opts.templates);
    warnings.extend(groups.warnings);
    let mut children = match groups.result {
        Ok(g) => g
            .into_iter()
            .map(|g| Entry::Component(Component::Group(g)))
            .collect::<Vec<_>>(),
        Err(d) => return Report::fail(groups.messages, warnings, d),
    };
    if let Some(p) = parent.filter(|p| !p.is_empty()) {
        children.push(Entry::Include(Include {
            file_name: p,
            in_subscreen: false,
            macros: None,
            span: Default::default(),
        }));
    }
    Report {
        messages: groups.messages,
        warnings,
        result: Ok((
            name.clone(),
            Device {
                label: opts.label.clone().unwrap_or(name),
                parent: None,
                children,
            },
        )),
    }
}

/// One Group per template, in order (docs/behaviour/convert.md#groups). All files are read
/// before any is converted.
pub fn template_groups(loader: &mut Loader, templates: &[String]) -> Report<Vec<Group>> {
    let mut ids = Vec::new();
    for t in templates {
        match loader.read(t) {
            Ok(id) => ids.push((t, id)),
            Err(d) => return Report::fail(vec![], vec![], d),
        }
    }
    let (mut messages, mut warnings, mut groups) = (Vec::new(), Vec::new(), Vec::new());
    for (path, id) in ids {
        let text = loader.sources.get(id).text.clone();
        let parsed = epicsdb::parse(&text, id);
        for s in &parsed.skipped {
            let failed = text[s.range()].trim_end();
            messages.push(format!("Parse failed on record: {failed}"));
        }
        warnings.extend(parsed.diags.into_iter().map(Diagnostic::warning));
        let extracted = asyn::extract(&parsed.db, &text);
        messages.extend(extracted.messages);
        warnings.extend(extracted.warnings);
        let built = match roles::build(&extracted.records) {
            Ok(b) => b,
            Err(d) => return Report::fail(messages, warnings, vec![d]),
        };
        messages.extend(built.messages);
        let Some(name) = enforce_pascal_case(stem(path)).filter(|n| is_pascal_case(n)) else {
            let d = Diagnostic::error(
                crate::DiagKind::Validation,
                format!("template file name {path} gives no PascalCase group name"),
            )
            .with_note(
                "the group is named after the file: it must contain a letter, and start with one",
            );
            return Report::fail(messages, warnings, vec![d]);
        };
        groups.push(Group {
            common: Common::named(name),
            layout: Layout::Grid(GridOptions::default()),
            children: built.components,
        });
    }
    Report {
        messages,
        warnings,
        result: Ok(groups),
    }
}
