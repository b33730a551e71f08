//! `pvi regroup DEVICE UI...`: group a device file by legacy screens
//! (`.adl`, `.edl`, `.bob`).

use crate::fs_world::FsWorld;
use crate::output::{write_all, OutFile};
use crate::report::{CmdResult, Failure};
use pvi_core::convert::regroup;
use pvi_core::emit::device_yaml;
use pvi_core::resolve::Loader;

/// Regroup a device file by the UI files (.adl, .edl, .bob) its components appear in.
#[derive(Debug, clap::Args)]
pub struct RegroupArgs {
    /// The *.pvi.device.yaml file to rewrite.
    pub device_path: String,
    /// Screen files, one group each.
    #[arg(required = true)]
    pub ui_paths: Vec<String>,
}

/// Runs the command.
pub fn run(args: &RegroupArgs) -> CmdResult {
    let device_path = args.device_path.as_str();
    let world = FsWorld;
    let mut loader = Loader::new(&world);
    let device = loader
        .load_device(device_path)
        .map_err(|d| loader.fail(d).validating(device_path))?;
    let mut uis = Vec::with_capacity(args.ui_paths.len());
    for p in &args.ui_paths {
        let id = loader.read(p).map_err(|d| loader.fail(d))?;
        uis.push((p.clone(), loader.sources.get(id).text.clone()));
    }
    let (device, messages) = regroup(device, &uis).map_err(|d| loader.fail(vec![d]))?;
    for m in messages {
        crate::report::stdout(&format!("{m}\n"));
    }
    write_all(&[OutFile::new(device_path, device_yaml(&device))]).map_err(Failure::msg)
}
