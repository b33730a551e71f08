//! The screens `pvi preview` shows: the layout tree of a resolved device as
//! JSON for the page's renderer, each widget carrying its YAML position.

use pvi_core::diag::Diags;
use pvi_core::formats::main_format_of;
use pvi_core::formatter::Formatter;
use pvi_core::layout::{layout_device, ScreenFormat};
use pvi_core::located::locate_sources;
use pvi_core::model::Device;
use pvi_core::parse::DEVICE_SUFFIX;
use pvi_core::Sources;

/// The formatter `pvi format` embeds for `.bob`, used when none is given.
pub fn default_formatter() -> Formatter {
    pvi_core::project::embedded_formatter(ScreenFormat::Bob)
}

/// Lays out `device` (read from `path`) and returns its `ScreenSet` as JSON.
pub fn screens(
    device: &Device,
    path: &str,
    formatter: &Formatter,
    sources: &Sources,
) -> Result<serde_json::Value, Diags> {
    let format = main_format_of(formatter.kind);
    let file = path.rsplit('/').next().unwrap_or(path);
    let base = file.strip_suffix(DEVICE_SUFFIX).unwrap_or(file);
    let set = layout_device(device, &formatter.settings, &format.spec().rules, base)?;
    let mut tree = serde_json::to_value(&set).unwrap_or(serde_json::Value::Null);
    locate_sources(&mut tree, sources);
    Ok(tree)
}
