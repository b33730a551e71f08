//! `pvi`: command-line interface of pvi-rs, compatible with Python pvi 0.14.4.

mod cmd;
mod fs_world;
mod output;
mod report;

use clap::{Parser, Subcommand};
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
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            f.print();
            ExitCode::from(1)
        }
    }
}
