//! `pvi schema OUTPUT`: write the device or formatter JSON schema.

use crate::output::{write_all, OutFile};
use crate::report::{CmdResult, Failure};
use pvi_core::schema::{schema_text, SchemaKind};

/// Write the JSON schema for device or formatter files
/// (pvi.device.schema.json or pvi.formatter.schema.json).
#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Output file; its name selects the schema.
    pub output: String,
}

/// Runs the command.
pub fn run(args: &SchemaArgs) -> CmdResult {
    let output = args.output.as_str();
    let name = output.rsplit('/').next().unwrap_or(output);
    if !name.ends_with(".schema.json") {
        return Err(Failure::msg(format!(
            "Expected '{name}' to end with '.schema.json'"
        )));
    }
    let kind = match name {
        "pvi.device.schema.json" => SchemaKind::Device,
        "pvi.formatter.schema.json" => SchemaKind::Formatter,
        _ => {
            crate::report::stdout(&format!("Don't know how to create {name}\n"));
            return Err(Failure::default());
        }
    };
    write_all(&[OutFile::new(output, schema_text(kind))]).map_err(Failure::msg)
}
