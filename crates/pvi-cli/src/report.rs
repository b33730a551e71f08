//! Printing diagnostics the way users of pvi expect, with source snippets.

use pvi_core::diag::{DiagKind, Diagnostic};
use pvi_core::Sources;

/// What a failed command returns: diagnostics, and the sources to show them.
#[derive(Debug, Default)]
pub struct Failure {
    /// Why it failed.
    pub diags: Vec<Diagnostic>,
    /// Files read (for snippets).
    pub sources: Sources,
    /// Path of the device that failed validation (pvi prints a banner for it).
    pub validating: Option<String>,
}

impl Failure {
    /// A failure with a plain message and no location.
    pub fn msg(m: impl Into<String>) -> Self {
        Failure {
            diags: vec![Diagnostic::error(DiagKind::Other, m)],
            ..Default::default()
        }
    }

    /// A failure from diagnostics and the sources they point into.
    pub fn new(diags: Vec<Diagnostic>, sources: Sources) -> Self {
        Failure {
            diags,
            sources,
            validating: None,
        }
    }

    /// Notes that `path` was the device being validated.
    pub fn validating(mut self, path: &str) -> Self {
        self.validating = Some(path.to_string());
        self
    }

    /// Prints it: pvi's stdout banner for validation errors, then every
    /// diagnostic with its snippet on stderr.
    pub fn print(&self) {
        if let Some(path) = &self.validating {
            if self.diags.iter().any(|d| d.kind == DiagKind::Validation) {
                print!("\nFailed to validate `{path}` as Device:\n\n");
            }
        }
        for d in &self.diags {
            eprint!("{}", d.render(&self.sources));
        }
        let n = self.diags.len();
        if n > 1 {
            eprintln!("error: {n} problems found");
        }
    }
}

/// The result of a command.
pub type CmdResult = Result<(), Failure>;
