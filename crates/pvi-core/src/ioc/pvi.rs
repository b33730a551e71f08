//! PVI processing of the entity list: device files, screens to write,
//! templates, index entries and substitution rows (docs/behaviour/ioc.md#pvi-processing).

use super::entity::{render_untyped, Entity};
use super::expand::Models;
use super::index::IndexEntry;
use super::jinja::Renderer;
use super::pyvalue::PyValue;
use super::subst::{regex_match_start, SubstBlock, SubstBlocks};
use crate::diag::{DiagKind, Diagnostic, Diags};
use crate::emit::generate_template;
use crate::model::Device;
use crate::resolve::{resolve, Loader};
use crate::world::join;
use indexmap::{IndexMap, IndexSet};

/// A device screen to write: `<name>.pvi.bob` (and its sub-screens).
#[derive(Debug, Clone)]
pub struct ScreenJob {
    /// Device name (file name up to the first dot).
    pub name: String,
    /// Device file it comes from.
    pub device_path: String,
    /// The device with includes resolved.
    pub device: Device,
}

/// Everything the PVI part of a run produces, before screens are laid out.
#[derive(Debug, Clone, Default)]
pub struct PviResult {
    /// Screens, one per distinct device name, in order of first use.
    pub screens: Vec<ScreenJob>,
    /// `<name>.pvi.template` → content (the last entity's wins).
    pub templates: IndexMap<String, String>,
    /// Index entries in entity order.
    pub index: Vec<IndexEntry>,
    /// Substitution blocks in order of first appearance.
    pub subst: SubstBlocks,
}

/// Folders of a run, below `EPICS_ROOT`.
#[derive(Debug, Clone)]
pub struct Folders {
    /// `EPICS_ROOT/pvi-defs`.
    pub pvi_defs: String,
    /// `EPICS_ROOT/ioc/config`.
    pub config: String,
}

struct SubstRequest<'e> {
    file: String,
    macros: Option<IndexMap<String, Option<String>>>,
    entity: &'e Entity,
}

/// Processes `entities` in order (docs/behaviour/ioc.md#pvi-processing).
pub fn process(
    entities: &[Entity],
    models: &Models,
    r: &Renderer,
    loader: &mut Loader,
    folders: &Folders,
) -> Result<PviResult, Diags> {
    let mut out = PviResult::default();
    let mut formatted: IndexSet<String> = IndexSet::new();
    let mut cache: IndexMap<String, Device> = IndexMap::new();
    let mut requests = Vec::new();
    let dirs = vec![folders.config.clone(), folders.pvi_defs.clone()];
    for e in entities {
        let model = &models.list[e.model];
        let Some(pvi) = &model.pvi else { continue };
        let at_entity = |m: String| {
            Diagnostic::error(DiagKind::Validation, m)
                .at(e.span)
                .with_label(format!("entity of type '{}'", model.type_name))
        };
        let rel = r
            .render(&pvi.yaml_path, &e.fields)
            .map_err(|m| vec![at_entity(format!("yaml_path: {m}"))])?;
        let file_name = rel.rsplit('/').next().unwrap_or(&rel).to_string();
        let override_path = join(&folders.config, &file_name);
        let path = if loader.world().read_bytes(&override_path).is_ok() {
            override_path
        } else if rel.starts_with('/') {
            rel.clone()
        } else {
            join(&folders.pvi_defs, &rel)
        };
        let name = file_name.split('.').next().unwrap_or_default().to_string();
        let needs_file = pvi.pv || !formatted.contains(&name) || pvi.ui_index;
        if !needs_file {
            continue;
        }
        let device = match cache.get(&path) {
            Some(d) => d.clone(),
            None => {
                let d = loader
                    .load_device(&path)
                    .and_then(|d| resolve(loader, d, &dirs))
                    .map_err(|ds| {
                        let loc = loader_location(&loader.sources, e.span);
                        ds.into_iter()
                            .map(|d| {
                                d.with_note(format!(
                                    "device file of an entity of type '{}' at {loc}",
                                    model.type_name
                                ))
                            })
                            .collect::<Vec<_>>()
                    })?;
                cache.insert(path.clone(), d.clone());
                d
            }
        };
        if pvi.pv {
            let text = generate_template(&device, &pvi.pv_prefix).map_err(|d| {
                vec![d.with_note(format!(
                    "while writing the template of an entity of type '{}' at {}",
                    model.type_name,
                    loader_location(&loader.sources, e.span)
                ))]
            })?;
            out.templates.insert(format!("{name}.pvi.template"), text);
            requests.push(SubstRequest {
                file: format!("{name}.pvi.template"),
                macros: pvi.ui_macros.clone(),
                entity: e,
            });
        }
        if formatted.insert(name.clone()) {
            out.screens.push(ScreenJob {
                name: name.clone(),
                device_path: path.clone(),
                device: device.clone(),
            });
        }
        if pvi.ui_index {
            let Some(macros) = &pvi.ui_macros else {
                return Err(vec![at_entity(
                    "the pvi block has ui_index true but no ui_macros".into(),
                )
                .at(pvi.span)]);
            };
            let mut rendered = IndexMap::new();
            for (k, v) in macros {
                let template = v.clone().unwrap_or_else(|| format!("{{{{ {k} }}}}"));
                let value = render_untyped(&PyValue::Str(template), &e.fields, r)
                    .map_err(|m| vec![at_entity(format!("ui_macros {k}: {m}"))])?;
                match value {
                    PyValue::Str(s) => rendered.insert(k.clone(), s),
                    other => {
                        return Err(vec![at_entity(format!(
                            "ui_macros {k}: Input should be a valid string (the value is {} {})",
                            other.type_name(),
                            other.py_repr().unwrap_or_default()
                        ))])
                    }
                };
            }
            out.index.push(IndexEntry {
                label: device.label.clone(),
                ui: format!("{name}.pvi.bob"),
                macros: rendered,
            });
        }
    }
    out.subst = subst_blocks(&requests, models, r)?;
    Ok(out)
}

fn loader_location(s: &crate::source::Sources, span: crate::source::Span) -> String {
    if s.try_get(span.file).is_some() {
        s.location(span)
    } else {
        "?".into()
    }
}

fn subst_blocks(
    requests: &[SubstRequest],
    models: &Models,
    r: &Renderer,
) -> Result<SubstBlocks, Diags> {
    let mut blocks = SubstBlocks::new();
    for req in requests {
        let e = req.entity;
        let model = &models.list[e.model];
        let err = |m: String| {
            vec![Diagnostic::error(DiagKind::Validation, m)
                .at(e.span)
                .with_label(format!("entity of type '{}'", model.type_name))]
        };
        let Some(macros) = &req.macros else {
            return Err(err(format!(
                "the pvi block of '{}' has pv true but no ui_macros for the {} row",
                model.type_name, req.file
            )));
        };
        let mut cells: IndexMap<String, String> = IndexMap::new();
        for (k, v) in macros {
            let keys: Vec<String> = if k.contains('*') || k.contains('?') {
                e.fields
                    .keys()
                    .filter(|f| regex_match_start(k, f))
                    .cloned()
                    .collect()
            } else {
                vec![k.clone()]
            };
            for key in keys {
                let template = match v {
                    Some(t) => t.clone(),
                    None => {
                        if !e.fields.contains_key(&key)
                            && r.render(&format!("{{{{ {key} }}}}"), &IndexMap::new())
                                .is_err()
                        {
                            return Err(err(format!(
                                "database arg '{key}' in database template '{}' not found in context",
                                req.file
                            )));
                        }
                        format!("{{{{ {key} }}}}")
                    }
                };
                let value = render_untyped(&PyValue::Str(template), &e.fields, r)
                    .map_err(|m| err(format!("{} row, macro {key}: {m}", req.file)))?;
                cells.insert(key, value.py_str().unwrap_or_default());
            }
        }
        match blocks.get_mut(&req.file) {
            None => {
                blocks.insert(
                    req.file.clone(),
                    SubstBlock {
                        file: req.file.clone(),
                        headings: cells.keys().cloned().collect(),
                        rows: vec![cells.values().cloned().collect()],
                    },
                );
            }
            Some(b) => {
                let missing: Vec<&String> = b
                    .headings
                    .iter()
                    .filter(|h| !cells.contains_key(*h))
                    .collect();
                let extra: Vec<&String> =
                    cells.keys().filter(|k| !b.headings.contains(k)).collect();
                if !missing.is_empty() || !extra.is_empty() {
                    return Err(err(format!(
                        "database '{}' args for entity type '{}' do not match the args used by earlier entities for this file. Missing: {}. Extra: {}.",
                        req.file, model.type_name, py_list(&missing), py_list(&extra)
                    )));
                }
                let row = b
                    .headings
                    .iter()
                    .map(|h| cells.get(h).cloned().unwrap_or_default())
                    .collect();
                b.rows.push(row);
            }
        }
    }
    Ok(blocks)
}

fn py_list(items: &[&String]) -> String {
    let parts: Vec<String> = items.iter().map(|s| super::pyvalue::str_repr(s)).collect();
    format!("[{}]", parts.join(", "))
}
