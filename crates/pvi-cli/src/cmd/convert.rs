//! `pvi convert device OUTPUT [--header H] [--template T]... [--name] [--label] [--parent]`

#![allow(clippy::disallowed_methods)]

use crate::fs_world::FsWorld;
use crate::output::{write_all, OutFile};
use crate::report::{CmdResult, Failure};
use pvi_core::convert::{convert_device, ConvertOptions, Report};
use pvi_core::emit::device_yaml;
use pvi_core::resolve::Loader;
use pvi_core::Sources;
use std::path::Path;

/// Prints a report's stdout lines and its warnings (stderr); returns the result.
pub(crate) fn show<T>(report: Report<T>, sources: &Sources) -> Result<T, Failure> {
    for m in &report.messages {
        println!("{m}");
    }
    for w in &report.warnings {
        eprint!("{}", w.render(sources));
    }
    report.result.map_err(|d| Failure::new(d, sources.clone()))
}

/// Runs the command.
pub fn run(output: &str, opts: &ConvertOptions) -> CmdResult {
    let world = FsWorld;
    let mut loader = Loader::new(&world);
    let report = convert_device(&mut loader, opts);
    let (name, device) = show(report, &loader.sources)?;
    let dir = Path::new(output);
    if !dir.exists() {
        std::fs::create_dir(dir)
            .map_err(|e| Failure::msg(format!("cannot create folder '{output}': {e}")))?;
    } else if !dir.is_dir() {
        return Err(Failure::msg(format!(
            "'{output}' exists and is not a folder"
        )));
    }
    let path = dir.join(format!("{name}.pvi.device.yaml"));
    write_all(&[OutFile::new(path, device_yaml(&device))]).map_err(Failure::msg)
}
