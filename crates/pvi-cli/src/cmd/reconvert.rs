//! `pvi reconvert DEVICE --template T...`: add template PVs to a device file.

use super::convert::show;
use crate::fs_world::FsWorld;
use crate::output::{write_all, OutFile};
use crate::report::{CmdResult, Failure};
use pvi_core::convert::{reconvert, template_groups};
use pvi_core::emit::device_yaml;
use pvi_core::resolve::Loader;

/// Add PVs to an existing device file from extra or updated templates.
#[derive(Debug, clap::Args)]
pub struct ReconvertArgs {
    /// The *.pvi.device.yaml file to rewrite.
    pub device_path: String,
    /// Templates to add PVs from.
    #[arg(long = "template", required = true, value_name = "PATH")]
    pub templates: Vec<String>,
}

/// Runs the command; what changed is summarised on stderr.
pub fn run(args: &ReconvertArgs) -> CmdResult {
    let device_path = args.device_path.as_str();
    let world = FsWorld;
    let mut loader = Loader::new(&world);
    let device = loader
        .load_device(device_path)
        .map_err(|d| loader.fail(d).validating(device_path))?;
    let report = template_groups(&mut loader, &args.templates);
    let groups = show(report, &mut loader)?;
    let (device, summary) = reconvert(device, groups).map_err(|d| loader.fail(d))?;
    write_all(&[OutFile::new(device_path, device_yaml(&device))]).map_err(Failure::msg)?;
    for line in summary.lines() {
        eprintln!("reconvert: {line}");
    }
    Ok(())
}
