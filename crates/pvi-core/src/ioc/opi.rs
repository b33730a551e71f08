//! Screens of an IOC: each device screen as `pvi format` writes it with the
//! DLSFormatter (or APSFormatter for `.adl`) defaults, and `index.bob` as
//! pvi's `format_index` writes it (docs/behaviour/ioc.md#screens, #index).

use super::{OutDir, Plan, PlannedFile};
use crate::diag::Diags;
use crate::emit::ScreenTemplates;
use crate::formatter::{Formatter, FormatterKind};
use crate::layout::{index_device, ScreenFormat};
use crate::model::IndexEntry;
use crate::project::{layout_for_output, write_screens};

/// The formatter a screen format is written with: its formatter kind's
/// built-in defaults, as ibek constructs `DLSFormatter()`/`APSFormatter()`.
pub fn formatter_for(format: ScreenFormat) -> Formatter {
    Formatter::default_for(format.spec().kind)
}

/// Every device screen of `plan` in each of `formats` (sub-screens
/// included), in order of first use.
pub fn device_screens(
    plan: &Plan,
    formats: &[ScreenFormat],
    templates: &ScreenTemplates,
) -> Result<Vec<PlannedFile>, Diags> {
    let mut out = Vec::new();
    for job in &plan.pvi.screens {
        for &f in formats {
            let file = format!("{}.pvi.{}", job.name, f.extension());
            let set = layout_for_output(&job.device, &formatter_for(f), &file).map_err(|ds| {
                ds.into_iter()
                    .map(|d| {
                        d.with_note(format!("while laying out {file} from {}", job.device_path))
                    })
                    .collect::<Vec<_>>()
            })?;
            for s in write_screens(&set, templates)? {
                out.push(PlannedFile {
                    dir: OutDir::Opi,
                    name: s.file_name,
                    text: s.text,
                });
            }
        }
    }
    Ok(out)
}

/// `index.bob`: the title and one button per index entry.
pub fn index_screen(plan: &Plan, templates: &ScreenTemplates) -> Result<String, Diags> {
    let entries: Vec<IndexEntry> = plan
        .pvi
        .index
        .iter()
        .map(|e| IndexEntry {
            label: e.label.clone(),
            ui: e.ui.clone(),
            macros: e.macros.clone(),
            span: Default::default(),
        })
        .collect();
    let dev = index_device(&plan.title, &entries);
    let set = layout_for_output(
        &dev,
        &Formatter::default_for(FormatterKind::Dls),
        "index.bob",
    )?;
    Ok(write_screens(&set, templates)?
        .into_iter()
        .next()
        .map(|f| f.text)
        .unwrap_or_default())
}
