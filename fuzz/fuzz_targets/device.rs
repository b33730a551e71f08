//! Fuzz target: a device file (bytes) next to fixed include files →
//! validate → resolve → layout → every writer (.bob, .edl, .adl in both
//! quirk modes, PVI db templates, YAML write-back) and the ophyd-async
//! module. Every stage gives a result or located diagnostics, never a panic.
#![no_main]
// fuzz_target! reads input files itself (std::fs) when run on a file
#![allow(clippy::disallowed_types, clippy::disallowed_methods)]

use libfuzzer_sys::fuzz_target;
use pvi_core::emit::ophyd::python_module;
use pvi_core::resolve::load_module_devices;
use pvi_core::resolve::{resolve, Loader};
use pvi_core::MemoryWorld;
use pvi_fuzz::{check_diags, every_writer, BASE_DEVICE, LENS_DEVICE};

const PATH: &str = "d/dev.pvi.device.yaml";

fuzz_target!(|data: &[u8]| {
    let world = MemoryWorld::new()
        .with(PATH, data)
        .with("inc/Base.pvi.device.yaml", BASE_DEVICE)
        .with("inc/lens.pvi.device.yaml", LENS_DEVICE);
    let dirs = vec!["inc".to_string()];
    let mut loader = Loader::new(&world);
    let dev = match loader.load_device(PATH) {
        Ok(d) => d,
        Err(d) => return check_diags(&d, &loader.sources),
    };
    // unresolved, as `generate-template` without --yaml-path writes it
    every_writer(&dev, None, &loader.sources);
    match resolve(&mut loader, dev, &dirs) {
        Ok(resolved) => every_writer(&resolved, None, &loader.sources),
        Err(d) => check_diags(&d, &loader.sources),
    }
    let mut loader = Loader::new(&world);
    match load_module_devices(&mut loader, PATH, &dirs) {
        Ok(devices) => {
            for groups_as_devices in [false, true] {
                match python_module(&devices, groups_as_devices) {
                    Ok(m) => assert!(!m.text.is_empty()),
                    Err(d) => check_diags(&d, &loader.sources),
                }
            }
        }
        Err(d) => check_diags(&d, &loader.sources),
    }
});
