//! Printing diagnostics the way users of pvi expect, with source snippets.

pub use pvi_core::Failure;

/// Prints a failure: pvi's stdout banner for validation errors, then every
/// diagnostic with its snippet on stderr.
pub fn print(f: &Failure) {
    if let Some(banner) = f.banner() {
        print!("{banner}");
    }
    eprint!("{}", f.render());
}

/// The result of a command.
pub type CmdResult = Result<(), Failure>;
