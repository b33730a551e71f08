//! `pvi`: command-line interface of pvi-rs, compatible with Python pvi 0.14.4.
//! Each command's arguments and help live in its module under `cmd/`.

mod cmd;
mod fs_world;
mod http;
mod output;
mod report;
mod serve;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// mimalloc: about a third less time than the system allocator on the
/// allocation-heavy parse and write paths; built without transparent huge
/// pages (the `no_thp` feature), which made short runs zero whole 2 MiB
/// pages (docs/benchmarks.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// PVI: turn EPICS device descriptions (*.pvi.device.yaml) into screens and metadata.
#[derive(Debug, Parser)]
#[command(name = "pvi", version = pvi_core::VERSION, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

// in `pvi --help` order; each help text is the doc comment of its Args type
#[derive(Debug, Subcommand)]
enum Command {
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

fn main() -> ExitCode {
    // a usage error exits with status 2 here, `--help` and `--version` with 0
    let cli = Cli::parse();
    // a signal rolls back a write in progress, then exits 128 + its number
    output::handle_signals();
    let result = match &cli.command {
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
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            report::print(&f);
            ExitCode::from(1)
        }
    }
}
