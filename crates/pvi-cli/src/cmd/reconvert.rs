//! `pvi reconvert DEVICE --template T...`: add template PVs to a device file.

use super::convert::show;
use crate::fs_world::FsWorld;
use crate::output::{write_all, OutFile};
use crate::report::{CmdResult, Failure};
use pvi_core::convert::{reconvert, template_groups};
use pvi_core::emit::device_yaml;
use pvi_core::resolve::Loader;

/// Runs the command; what changed is summarised on stderr.
pub fn run(device_path: &str, templates: &[String]) -> CmdResult {
    let world = FsWorld;
    let mut loader = Loader::new(&world);
    let device = loader
        .load_device(device_path)
        .map_err(|d| Failure::new(d, loader.sources.clone()).validating(device_path))?;
    let groups = show(template_groups(&mut loader, templates), &loader.sources)?;
    let (device, summary) =
        reconvert(device, groups).map_err(|d| Failure::new(d, loader.sources.clone()))?;
    write_all(&[OutFile::new(device_path, device_yaml(&device))]).map_err(Failure::msg)?;
    for line in summary.lines() {
        eprintln!("reconvert: {line}");
    }
    Ok(())
}
