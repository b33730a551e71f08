//! `pvi generate-template DEVICE PREFIX OUTPUT [--yaml-path DIR]...`

use crate::fs_world::FsWorld;
use crate::output::{write_all, OutFile};
use crate::report::{CmdResult, Failure};
use pvi_core::emit::generate_template;
use pvi_core::model::Entry;
use pvi_core::resolve::{resolve, Loader};

/// Runs the command. Includes are resolved first when search folders are given.
pub fn run(device: &str, prefix: &str, output: &str, yaml_paths: &[String]) -> CmdResult {
    let world = FsWorld;
    let mut loader = Loader::new(&world);
    let mut dev = match loader.load_device(device) {
        Ok(d) => d,
        Err(diags) => return Err(Failure::new(diags, loader.sources).validating(device)),
    };
    let has_includes =
        dev.parent.is_some() || dev.children.iter().any(|e| matches!(e, Entry::Include(_)));
    if has_includes && !yaml_paths.is_empty() {
        dev = match resolve(&mut loader, dev, yaml_paths) {
            Ok(d) => d,
            Err(diags) => return Err(Failure::new(diags, loader.sources)),
        };
    }
    let text = generate_template(&dev, prefix)
        .map_err(|d| Failure::new(vec![d], loader.sources.clone()))?;
    write_all(&[OutFile::new(output, text)]).map_err(Failure::msg)
}
