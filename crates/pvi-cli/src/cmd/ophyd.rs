//! `pvi ophyd DEVICE OUTPUT.py [--yaml-path DIR]... [--groups-as-devices]`

use crate::fs_world::FsWorld;
use crate::output::{write_all, OutFile};
use crate::report::{CmdResult, Failure};
use pvi_core::emit::ophyd::python_module;
use pvi_core::resolve::load_module_devices;
use pvi_core::resolve::Loader;

/// Write a Python module of typed ophyd-async Device classes for the device.
#[derive(Debug, clap::Args)]
pub struct OphydArgs {
    /// The *.pvi.device.yaml file.
    pub device_path: String,
    /// Python file to write.
    pub output_path: String,
    /// Folders searched for included devices and DeviceRef targets.
    #[arg(long = "yaml-path", value_name = "DIR")]
    pub yaml_paths: Vec<String>,
    /// Groups are sub-devices (match a template made with --groups-as-devices).
    #[arg(long)]
    pub groups_as_devices: bool,
}

/// Runs the command: loads the device (and the DeviceRef targets found in
/// the `--yaml-path` folders), writes one Python module.
pub fn run(args: &OphydArgs) -> CmdResult {
    let device = args.device_path.as_str();
    let world = FsWorld;
    let mut loader = Loader::new(&world);
    let devices = match load_module_devices(&mut loader, device, &args.yaml_paths) {
        Ok(d) => d,
        Err(diags) => return Err(Failure::new(diags, loader.sources).validating(device)),
    };
    let module = python_module(&devices, args.groups_as_devices).map_err(|d| loader.fail(d))?;
    for w in &module.warnings {
        eprint!("{}", w.render(&loader.sources));
    }
    write_all(&[OutFile::new(&args.output_path, module.text)]).map_err(Failure::msg)
}
