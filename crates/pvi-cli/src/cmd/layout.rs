//! `pvi layout DEVICE [FORMATTER] [--yaml-path DIR]... [--output NAME] --json`:
//! prints the laid-out screen tree (for debugging and the browser preview).

use super::format::{file_name, load_formatter, load_resolved};
use crate::fs_world::FsWorld;
use crate::report::{CmdResult, Failure};
use pvi_core::emit::screens::layout_for_output;
use pvi_core::resolve::Loader;

/// Runs the command; `output` names the screen file the layout is for
/// (its extension picks the format; default `<device>.bob`).
pub fn run(
    device: &str,
    formatter: Option<&str>,
    yaml_paths: &[String],
    output: Option<&str>,
) -> CmdResult {
    let world = FsWorld;
    let mut loader = Loader::new(&world);
    let dev = load_resolved(&mut loader, device, yaml_paths)?;
    let default_out = file_name(device).replace(".pvi.device.yaml", ".bob");
    let out = output.map_or(default_out, file_name);
    let fmt = load_formatter(&mut loader, formatter, &out)?;
    let set =
        layout_for_output(&dev, &fmt, &out).map_err(|d| Failure::new(d, loader.sources.clone()))?;
    let json = serde_json::to_string_pretty(&set).map_err(|e| Failure::msg(e.to_string()))?;
    println!("{json}");
    Ok(())
}
