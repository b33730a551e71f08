//! `pvi`: command-line interface of pvi-rs, compatible with Python pvi 0.14.4.

mod cmd;
mod fs_world;
mod output;
mod report;
mod serve;

use clap::{Parser, Subcommand};

/// mimalloc: about a third less time than the system allocator on the
/// allocation-heavy parse and write paths; built without transparent huge
/// pages (the `no_thp` feature), which made short runs zero whole 2 MiB
/// pages (docs/benchmarks.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::ExitCode;

/// PVI: turn EPICS device descriptions (*.pvi.device.yaml) into screens and metadata.
#[derive(Debug, Parser)]
#[command(name = "pvi", version = pvi_core::VERSION, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write the JSON schema for device or formatter files
    /// (pvi.device.schema.json or pvi.formatter.schema.json).
    Schema {
        /// Output file; its name selects the schema.
        output: String,
    },
    /// Create a database template with info tags for the device's signals
    /// (the PVI pvAccess structure).
    GenerateTemplate {
        /// The *.pvi.device.yaml file.
        device_path: String,
        /// Prefix of the PVI PV (e.g. '$(P)$(R)').
        pv_prefix: String,
        /// Template file to write.
        output_path: String,
        /// Folders searched for included devices (resolved first when given).
        #[arg(long = "yaml-path", value_name = "DIR")]
        yaml_paths: Vec<String>,
        /// Structure served: pvi 0.14.4's, or ophyd-async >= 0.8's.
        #[arg(long, value_enum, default_value_t)]
        layout: cmd::generate_template::Layout,
        /// (ophyd-async layout) Serve each Group as its own PVI PV, linked with `d`.
        #[arg(long)]
        groups_as_devices: bool,
    },
    /// Write a Python module of typed ophyd-async Device classes for the device.
    Ophyd {
        /// The *.pvi.device.yaml file.
        device_path: String,
        /// Python file to write.
        output_path: String,
        /// Folders searched for included devices and DeviceRef targets.
        #[arg(long = "yaml-path", value_name = "DIR")]
        yaml_paths: Vec<String>,
        /// Groups are sub-devices (match a template made with --groups-as-devices).
        #[arg(long)]
        groups_as_devices: bool,
    },
    /// Serve a live preview of the device's screens on 127.0.0.1, reloading
    /// when the device or its include files change.
    Preview {
        /// The *.pvi.device.yaml file.
        device_path: String,
        /// Folders searched for included devices.
        #[arg(long = "yaml-path", value_name = "DIR")]
        yaml_paths: Vec<String>,
        /// Formatter file (default: pvi's dls.bob settings).
        #[arg(long, value_name = "FILE")]
        formatter: Option<String>,
        /// Port to listen on (0: any free port).
        #[arg(long, default_value_t = 8765)]
        port: u16,
        /// Stop after this many seconds (for tests).
        #[arg(long, hide = true)]
        stop_after: Option<u64>,
    },
    /// IOC instances: every screen, template and substitution line of an IOC.
    Ioc(cmd::ioc::IocArgs),
    /// Container images of Generic IOCs: list their device and support files.
    Image(cmd::image::ImageArgs),
    /// Write the screen(s) of a device: .bob (Phoebus), .edl (EDM) or .adl (MEDM)
    /// by the output's extension; sub-screens are written next to it.
    Format(cmd::format::FormatArgs),
    /// Write an index screen: one button per entry of ENTRIES_YAML
    /// (`title:` and `entries: [{label, ui, macros}]`).
    Index {
        /// Screen file to write (.bob).
        output_path: String,
        /// YAML file with `title` and `entries`.
        entries_path: String,
        /// Screen title (default: the file's `title`, else `Index`).
        #[arg(long)]
        title: Option<String>,
        /// Folder with your own templates (dls.bob) replacing the embedded ones.
        #[arg(long = "template-dir", value_name = "DIR")]
        template_dir: Option<String>,
    },
    /// Print the laid-out screen tree of a device as JSON.
    Layout {
        /// The *.pvi.device.yaml file.
        device_path: String,
        /// The *.pvi.formatter.yaml file (default: the embedded one for the format).
        formatter_path: Option<String>,
        /// Folders searched for included devices.
        #[arg(long = "yaml-path", value_name = "DIR")]
        yaml_paths: Vec<String>,
        /// Screen file name the layout is for (its extension picks the format).
        #[arg(long)]
        output: Option<String>,
        /// Print JSON (the only output form).
        #[arg(long)]
        json: bool,
    },
    /// Regroup a device file by the UI files (.adl, .edl, .bob) its components appear in.
    Regroup {
        /// The *.pvi.device.yaml file to rewrite.
        device_path: String,
        /// Screen files, one group each.
        #[arg(required = true)]
        ui_paths: Vec<String>,
    },
    /// Add PVs to an existing device file from extra or updated templates.
    Reconvert {
        /// The *.pvi.device.yaml file to rewrite.
        device_path: String,
        /// Templates to add PVs from.
        #[arg(long = "template", required = true, value_name = "PATH")]
        templates: Vec<String>,
    },
    /// Convert a module to use PVI.
    Convert {
        #[command(subcommand)]
        what: ConvertCommand,
    },
}

#[derive(Debug, Subcommand)]
enum ConvertCommand {
    /// Create a device file from an asyn driver header and its templates.
    Device {
        /// Folder to write <name>.pvi.device.yaml into (created if missing).
        output: String,
        /// C++ header of the driver (class and parent names).
        #[arg(long, value_name = "PATH")]
        header: Option<String>,
        /// Templates to convert, one group each.
        #[arg(long = "template", value_name = "PATH")]
        templates: Vec<String>,
        /// Device name (spaces removed); overrides the header.
        #[arg(long)]
        name: Option<String>,
        /// Device label (default: the name).
        #[arg(long)]
        label: Option<String>,
        /// Parent device; overrides the header's base class.
        #[arg(long)]
        parent: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Schema { output } => cmd::schema::run(&output),
        Command::Ioc(a) => cmd::ioc::run(a),
        Command::Image(a) => cmd::image::run(a),
        Command::GenerateTemplate {
            device_path,
            pv_prefix,
            output_path,
            yaml_paths,
            layout,
            groups_as_devices,
        } => cmd::generate_template::run(
            &device_path,
            &pv_prefix,
            &output_path,
            &yaml_paths,
            layout,
            groups_as_devices,
        ),
        Command::Ophyd {
            device_path,
            output_path,
            yaml_paths,
            groups_as_devices,
        } => cmd::ophyd::run(&device_path, &output_path, &yaml_paths, groups_as_devices),
        Command::Preview {
            device_path,
            yaml_paths,
            formatter,
            port,
            stop_after,
        } => cmd::preview::run(
            &device_path,
            &yaml_paths,
            formatter.as_deref(),
            port,
            stop_after,
        ),
        Command::Format(a) => cmd::format::run(&a),
        Command::Index {
            output_path,
            entries_path,
            title,
            template_dir,
        } => cmd::index::run(
            &output_path,
            &entries_path,
            title.as_deref(),
            template_dir.as_deref(),
        ),
        Command::Layout {
            device_path,
            formatter_path,
            yaml_paths,
            output,
            json: _,
        } => cmd::layout::run(
            &device_path,
            formatter_path.as_deref(),
            &yaml_paths,
            output.as_deref(),
        ),
        Command::Regroup {
            device_path,
            ui_paths,
        } => cmd::regroup::run(&device_path, &ui_paths),
        Command::Reconvert {
            device_path,
            templates,
        } => cmd::reconvert::run(&device_path, &templates),
        Command::Convert {
            what:
                ConvertCommand::Device {
                    output,
                    header,
                    templates,
                    name,
                    label,
                    parent,
                },
        } => cmd::convert::run(
            &output,
            &pvi_core::convert::ConvertOptions {
                header,
                templates,
                name,
                label,
                parent,
            },
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            report::print(&f);
            ExitCode::from(1)
        }
    }
}
