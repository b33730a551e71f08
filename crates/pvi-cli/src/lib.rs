//! The commands of `pvi` as a library: `main.rs` parses the command line and
//! calls one `cmd::*::run`; the Python extension (`crates/pvi-py`) reuses
//! the file-system [`fs_world::FsWorld`] and the all-or-nothing writes of
//! [`output`]; [`Cli`] and [`dispatch`] run a whole command line.

pub mod cmd;
pub mod fs_world;
pub mod http;
pub mod output;
pub mod report;
pub mod serve;

use clap::{Parser, Subcommand};

/// What `pvi --version` prints after `pvi-rs`: this release and the pvi
/// release whose files and behaviour it reproduces.
pub const VERSION_TEXT: &str = concat!(env!("CARGO_PKG_VERSION"), " (compatible with pvi 0.14.4)");

/// PVI: turn EPICS device descriptions (*.pvi.device.yaml) into screens and metadata.
#[derive(Debug, Parser)]
#[command(name = "pvi", display_name = "pvi-rs", version = VERSION_TEXT, about, long_about = None)]
#[allow(missing_docs)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The commands, in `pvi --help` order; each help text is the doc comment
/// of its Args type.
#[derive(Debug, Subcommand)]
#[allow(missing_docs)]
pub enum Command {
    Schema(cmd::schema::SchemaArgs),
    GenerateTemplate(cmd::generate_template::GenerateTemplateArgs),
    Ophyd(cmd::ophyd::OphydArgs),
    Preview(cmd::preview::PreviewArgs),
    Ioc(cmd::ioc::IocArgs),
    Image(cmd::image::ImageArgs),
    Format(cmd::format::FormatArgs),
    Index(cmd::index::IndexArgs),
    Layout(cmd::layout::LayoutArgs),
    Regroup(cmd::regroup::RegroupArgs),
    Reconvert(cmd::reconvert::ReconvertArgs),
    Convert(cmd::convert::ConvertArgs),
}

/// Runs the command of a parsed command line.
pub fn dispatch(cli: &Cli) -> report::CmdResult {
    match &cli.command {
        Command::Schema(a) => cmd::schema::run(a),
        Command::GenerateTemplate(a) => cmd::generate_template::run(a),
        Command::Ophyd(a) => cmd::ophyd::run(a),
        Command::Preview(a) => cmd::preview::run(a),
        Command::Ioc(a) => cmd::ioc::run(a),
        Command::Image(a) => cmd::image::run(a),
        Command::Format(a) => cmd::format::run(a),
        Command::Index(a) => cmd::index::run(a),
        Command::Layout(a) => cmd::layout::run(a),
        Command::Regroup(a) => cmd::regroup::run(a),
        Command::Reconvert(a) => cmd::reconvert::run(a),
        Command::Convert(a) => cmd::convert::run(a),
    }
}
