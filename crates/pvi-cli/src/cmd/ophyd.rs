//! `pvi ophyd DEVICE OUTPUT.py [--yaml-path DIR]... [--groups-as-devices]`

use crate::fs_world::FsWorld;
use crate::output::{write_all, OutFile};
use crate::report::{CmdResult, Failure};
use pvi_core::emit::ophyd::python_module;
use pvi_core::resolve::load_module_devices;
use pvi_core::resolve::Loader;

/// Runs the command: loads the device (and the DeviceRef targets found in
/// the `--yaml-path` folders), writes one Python module.
pub fn run(
    device: &str,
    output: &str,
    yaml_paths: &[String],
    groups_as_devices: bool,
) -> CmdResult {
    let world = FsWorld;
    let mut loader = Loader::new(&world);
    let devices = match load_module_devices(&mut loader, device, yaml_paths) {
        Ok(d) => d,
        Err(diags) => return Err(Failure::new(diags, loader.sources).validating(device)),
    };
    let module = python_module(&devices, groups_as_devices)
        .map_err(|d| Failure::new(d, loader.sources.clone()))?;
    for w in &module.warnings {
        eprint!("{}", w.render(&loader.sources));
    }
    write_all(&[OutFile::new(output, module.text)]).map_err(Failure::msg)
}
