//! `pvi layout DEVICE [FORMATTER] [--yaml-path DIR]... [--output NAME] --json`:
//! prints the laid-out screen tree (for debugging and the browser preview).

use super::format::file_name;
use crate::fs_world::FsWorld;
use crate::report::{CmdResult, Failure};
use pvi_core::project::layout_for_output;
use pvi_core::Project;

/// Runs the command; `output` names the screen file the layout is for
/// (its extension picks the format; default `<device>.bob`).
pub fn run(
    device: &str,
    formatter: Option<&str>,
    yaml_paths: &[String],
    output: Option<&str>,
) -> CmdResult {
    let world = FsWorld;
    let mut p = Project::new(&world);
    let dev = p.device(device, yaml_paths)?;
    let default_out = file_name(device).replace(".pvi.device.yaml", ".bob");
    let out = output.map_or(default_out, file_name);
    let fmt = p.formatter(formatter, &out)?;
    let set = layout_for_output(&dev, &fmt, &out).map_err(|d| p.fail(d))?;
    let json = serde_json::to_string_pretty(&set).map_err(|e| Failure::msg(e.to_string()))?;
    println!("{json}");
    Ok(())
}
