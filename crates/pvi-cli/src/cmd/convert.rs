//! `pvi convert device OUTPUT [--header H] [--template T]... [--name] [--label] [--parent]`

#![allow(clippy::disallowed_methods)]

use crate::fs_world::FsWorld;
use crate::output::{write_all, OutFile};
use crate::report::{CmdResult, Failure};
use pvi_core::convert::{convert_device, ConvertOptions, Report};
use pvi_core::emit::device_yaml;
use pvi_core::resolve::Loader;
use std::path::Path;

/// Prints a report's stdout lines and its warnings (stderr); returns the
/// result (a failure takes the loader's sources).
pub(crate) fn show<T>(report: Report<T>, loader: &mut Loader) -> Result<T, Failure> {
    for m in &report.messages {
        crate::report::stdout(&format!("{m}\n"));
    }
    for w in &report.warnings {
        eprint!("{}", w.render(&loader.sources));
    }
    report.result.map_err(|d| loader.fail(d))
}

/// Convert a module to use PVI.
#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    /// What to convert.
    #[command(subcommand)]
    pub what: ConvertCommand,
}

/// The `pvi convert` subcommands (help texts: the doc comments of their Args).
#[derive(Debug, clap::Subcommand)]
// each variant's help is the doc comment of its Args type
#[allow(missing_docs)]
pub enum ConvertCommand {
    Device(DeviceArgs),
}

/// Create a device file from an asyn driver header and its templates.
#[derive(Debug, clap::Args)]
pub struct DeviceArgs {
    /// Folder to write <name>.pvi.device.yaml into (created if missing).
    pub output: String,
    /// C++ header of the driver (class and parent names).
    #[arg(long, value_name = "PATH")]
    pub header: Option<String>,
    /// Templates to convert, one group each.
    #[arg(long = "template", value_name = "PATH")]
    pub templates: Vec<String>,
    /// Device name (spaces removed); overrides the header.
    #[arg(long)]
    pub name: Option<String>,
    /// Device label (default: the name).
    #[arg(long)]
    pub label: Option<String>,
    /// Parent device; overrides the header's base class.
    #[arg(long)]
    pub parent: Option<String>,
}

/// Runs `pvi convert ...`.
pub fn run(args: &ConvertArgs) -> CmdResult {
    match &args.what {
        ConvertCommand::Device(a) => device(a),
    }
}

/// Runs `pvi convert device`.
fn device(args: &DeviceArgs) -> CmdResult {
    let output = args.output.as_str();
    let opts = ConvertOptions {
        header: args.header.clone(),
        templates: args.templates.clone(),
        name: args.name.clone(),
        label: args.label.clone(),
        parent: args.parent.clone(),
    };
    let world = FsWorld;
    let mut loader = Loader::new(&world);
    let report = convert_device(&mut loader, &opts);
    let (name, device) = show(report, &mut loader)?;
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
