//! `pvi generate-template DEVICE PREFIX OUTPUT [--yaml-path DIR]... [--layout L] [--groups-as-devices]`

use crate::fs_world::FsWorld;
use crate::output::{write_all, OutFile};
use crate::report::{CmdResult, Failure};
use pvi_core::emit::{generate_template_with, TemplateLayout};
use pvi_core::model::Entry;
use pvi_core::project::repeated_name_warnings;
use pvi_core::resolve::{resolve, Loader};

/// The PVI structure a template serves (`--layout`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Layout {
    /// pvi 0.14.4: `pvi.<Name>.<access>` (ophyd-async ≤ 0.7).
    #[default]
    Pvi,
    /// ophyd-async ≥ 0.8: `value.<snake_name>.<access>`, `d` for sub-devices.
    OphydAsync,
}

/// Create a database template with info tags for the device's signals
/// (the PVI pvAccess structure).
#[derive(Debug, clap::Args)]
pub struct GenerateTemplateArgs {
    /// The *.pvi.device.yaml file.
    pub device_path: String,
    /// Prefix of the PVI PV (e.g. '$(P)$(R)').
    pub pv_prefix: String,
    /// Template file to write.
    pub output_path: String,
    /// Folders searched for included devices (resolved first when given).
    #[arg(long = "yaml-path", value_name = "DIR")]
    pub yaml_paths: Vec<String>,
    /// Structure served: pvi 0.14.4's, or ophyd-async >= 0.8's.
    #[arg(long, value_enum, default_value_t)]
    pub layout: Layout,
    /// (ophyd-async layout) Serve each Group as its own PVI PV, linked with `d`.
    #[arg(long)]
    pub groups_as_devices: bool,
    /// Fail on warnings (two components of one name), writing nothing.
    #[arg(long)]
    pub strict: bool,
}

/// Runs the command. Includes are resolved first when search folders are given.
pub fn run(args: &GenerateTemplateArgs) -> CmdResult {
    let device = args.device_path.as_str();
    let yaml_paths = args.yaml_paths.as_slice();
    let layout = match (args.layout, args.groups_as_devices) {
        (Layout::Pvi, true) => return Err(Failure::msg(
            "--groups-as-devices needs --layout ophyd-async (the pvi layout has no sub-devices)",
        )),
        (Layout::Pvi, false) => TemplateLayout::Pvi,
        (Layout::OphydAsync, g) => TemplateLayout::OphydAsync {
            groups_as_devices: g,
        },
    };
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
    let text = generate_template_with(&dev, &args.pv_prefix, layout).map_err(|d| loader.fail(d))?;
    let warnings = repeated_name_warnings(&dev, &loader.sources);
    crate::report::warnings(warnings, &loader.sources, args.strict)?;
    write_all(&[OutFile::new(&args.output_path, text)]).map_err(Failure::msg)
}
