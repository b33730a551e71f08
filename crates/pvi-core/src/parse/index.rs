//! Decoding an index entries file (`pvi index`): `title: TEXT` and
//! `entries: [{label, ui, macros}]`, every problem located.

use crate::diag::{Diagnostic, Diags};
use crate::model::{enforce_pascal_case, IndexEntry, IndexFile};
use crate::source::FileId;
use crate::yaml::{Node, Value};
use indexmap::IndexMap;

fn text(n: &Node) -> Option<String> {
    match &n.value {
        Value::Str(s) => Some(s.clone()),
        Value::Int(_) | Value::Float(_) | Value::Bool(_) => n.scalar_text(),
        _ => None,
    }
}

/// Decodes an entries YAML file.
pub fn parse_index_entries(src: &str, file: FileId) -> Result<IndexFile, Diags> {
    let node = super::parse_yaml(src, file)?;
    let mut cx = super::Cx::default();
    super::control_chars(&mut cx, &node);
    let mut diags = cx.diags;
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
