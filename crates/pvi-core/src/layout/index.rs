//! The index screen (docs/behaviour/layout.md#index-screen): one open-display button per entry.
//!
//! pvi only has a library call (`format_index`) for this; ibek calls it at
//! every IOC start. `pvi index` reads the entries from a YAML file:
//! `title: TEXT` and `entries: [{label, ui, macros}]`.

use crate::diag::{Diagnostic, Diags};
use crate::model::{enforce_pascal_case, Common, Component, Device, DeviceRef, Entry};
use crate::source::{FileId, Span};
use crate::yaml::{Node, Value};
use indexmap::IndexMap;
use serde::Serialize;

/// One button of the index screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndexEntry {
    /// Button text.
    pub label: String,
    /// Screen file opened.
    pub ui: String,
    /// Macros passed to it.
    pub macros: IndexMap<String, String>,
    /// Where it was read from.
    #[serde(skip)]
    pub span: Span,
}

/// Contents of an entries file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndexFile {
    /// Screen title (`Index` when absent).
    pub title: String,
    /// Buttons, in order.
    pub entries: Vec<IndexEntry>,
}

fn text(n: &Node) -> Option<String> {
    match &n.value {
        Value::Str(s) => Some(s.clone()),
        Value::Int(_) | Value::Float(_) | Value::Bool(_) => n.scalar_text(),
        _ => None,
    }
}

/// Decodes an entries YAML file.
pub fn parse_index_entries(src: &str, file: FileId) -> Result<IndexFile, Diags> {
    let node = crate::parse::parse_yaml(src, file)?;
    let mut diags = Vec::new();
    let mut out = IndexFile {
        title: "Index".into(),
        entries: Vec::new(),
    };
    let Some(map) = node.as_map() else {
        return Err(vec![Diagnostic::invalid(
            node.span,
            format!(
                "expected a mapping with `title` and `entries`, found {}",
                node.kind_name()
            ),
        )]);
    };
    for (k, v) in map {
        match k.as_str() {
            Some("title") => match text(v) {
                Some(t) => out.title = t,
                None => diags.push(Diagnostic::invalid(v.span, "`title` must be text")),
            },
            Some("entries") => match v.as_seq() {
                Some(seq) => {
                    for e in seq {
                        if let Some(e) = entry(e, &mut diags) {
                            out.entries.push(e);
                        }
                    }
                }
                None => diags.push(Diagnostic::invalid(v.span, "`entries` must be a list")),
            },
            _ => diags.push(
                Diagnostic::invalid(k.span, "unknown key")
                    .with_note("allowed keys: title, entries"),
            ),
        }
    }
    if diags.is_empty() {
        Ok(out)
    } else {
        Err(diags)
    }
}

fn entry(n: &Node, diags: &mut Diags) -> Option<IndexEntry> {
    let Some(map) = n.as_map() else {
        diags.push(Diagnostic::invalid(
            n.span,
            "an entry must be a mapping with `label`, `ui`, `macros`",
        ));
        return None;
    };
    let (mut label, mut ui, mut macros) = (None, None, IndexMap::new());
    for (k, v) in map {
        match k.as_str() {
            Some("label") => label = text(v),
            Some("ui") => ui = text(v),
            Some("macros") => match v.as_map() {
                Some(m) => {
                    for (mk, mv) in m {
                        match (mk.scalar_text(), text(mv)) {
                            (Some(a), Some(b)) => {
                                macros.insert(a, b);
                            }
                            _ => diags
                                .push(Diagnostic::invalid(mv.span, "macro values must be text")),
                        }
                    }
                }
                None if v.is_null() => {}
                None => diags.push(Diagnostic::invalid(v.span, "`macros` must be a mapping")),
            },
            _ => diags.push(
                Diagnostic::invalid(k.span, "unknown key")
                    .with_note("allowed keys: label, ui, macros"),
            ),
        }
    }
    let (Some(label), Some(ui)) = (label, ui) else {
        diags.push(Diagnostic::invalid(
            n.span,
            "an entry needs text `label` and `ui`",
        ));
        return None;
    };
    if !enforce_pascal_case(&label).is_some_and(|s| crate::model::is_pascal_case(&s)) {
        diags.push(Diagnostic::invalid(
            n.span,
            format!("label `{label}` cannot be made into a PascalCase name"),
        ));
        return None;
    }
    Some(IndexEntry {
        label,
        ui,
        macros,
        span: n.span,
    })
}

/// The device pvi's `format_index` draws: one DeviceRef per entry.
pub fn index_device(title: &str, entries: &[IndexEntry]) -> Device {
    let children = entries
        .iter()
        .map(|e| {
            let name = enforce_pascal_case(&e.label).unwrap_or_default();
            Entry::Component(Component::DeviceRef(DeviceRef {
                common: Common {
                    name,
                    label: Some(e.label.clone()),
                    description: None,
                    span: e.span,
                },
                pv: e.label.to_uppercase(),
                ui: e.ui.clone(),
                macros: e.macros.clone(),
            }))
        })
        .collect();
    Device {
        label: title.to_string(),
        parent: None,
        children,
    }
}
