//! `pvi layout DEVICE [FORMATTER] [--yaml-path DIR]... [--output NAME] --json`:
//! prints the laid-out screen tree (for debugging and the browser preview).

use super::format::file_name;
use crate::fs_world::FsWorld;
use crate::report::{CmdResult, Failure};
use pvi_core::project::layout_for_output;
use pvi_core::Project;

/// Print the laid-out screen tree of a device as JSON.
#[derive(Debug, clap::Args)]
pub struct LayoutArgs {
    /// The *.pvi.device.yaml file.
    pub device_path: String,
    /// The *.pvi.formatter.yaml file (default: the embedded one for the format).
    pub formatter_path: Option<String>,
    /// Folders searched for included devices.
    #[arg(long = "yaml-path", value_name = "DIR")]
    pub yaml_paths: Vec<String>,
    /// Screen file name the layout is for (its extension picks the format).
    #[arg(long)]
    pub output: Option<String>,
    /// Print JSON (the only output form).
    #[arg(long)]
    pub json: bool,
}

/// Runs the command; `--output` names the screen file the layout is for
/// (its extension picks the format; default `<device>.bob`). JSON is
/// printed with or without `--json`.
pub fn run(args: &LayoutArgs) -> CmdResult {
    let device = args.device_path.as_str();
    let world = FsWorld;
    let mut p = Project::new(&world);
    let dev = p.device(device, &args.yaml_paths)?;
    let default_out = file_name(device).replace(".pvi.device.yaml", ".bob");
    let out = args.output.as_deref().map_or(default_out, file_name);
    let fmt = p.formatter(args.formatter_path.as_deref(), &out)?;
    let set = layout_for_output(&dev, &fmt, &out).map_err(|d| p.fail(d))?;
    // each item's `source` as {file, line, column} of its YAML, not a file id
    let mut tree = serde_json::to_value(&set).map_err(|e| Failure::msg(e.to_string()))?;
    pvi_core::located::locate_sources(&mut tree, p.sources());
    let json = serde_json::to_string_pretty(&tree).map_err(|e| Failure::msg(e.to_string()))?;
    crate::report::stdout(&format!("{json}\n"));
    Ok(())
}
