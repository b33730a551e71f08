//! `pvi`: command-line interface of pvi-rs, compatible with Python pvi 0.14.4.
//! The commands live in the library (`lib.rs`, `cmd/`); this file parses
//! the command line, installs the signal handlers and reports.

use clap::Parser;
use pvi_cli::{dispatch, output, report, Cli};
use std::process::ExitCode;

/// mimalloc: about a third less time than the system allocator on the
/// allocation-heavy parse and write paths; built without transparent huge
/// pages (the `no_thp` feature), which made short runs zero whole 2 MiB
/// pages (docs/benchmarks.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // a usage error exits with status 2 here, `--help` and `--version` with 0
    let cli = Cli::parse();
    // a signal rolls back a write in progress, then exits 128 + its number
    output::handle_signals();
    match dispatch(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            report::print(&f);
            ExitCode::from(1)
        }
    }
}
