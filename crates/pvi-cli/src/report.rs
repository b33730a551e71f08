//! Printing diagnostics the way users of pvi expect, with source snippets.

pub use pvi_core::Failure;

/// Prints a failure: pvi's stdout banner for validation errors, then every
/// diagnostic with its snippet on stderr.
pub fn print(f: &Failure) {
    if let Some(banner) = f.banner() {
        stdout(&banner);
    }
    let _ = std::io::Write::write_all(&mut std::io::stderr(), f.render().as_bytes());
}

/// The warnings of a run that went on: printed with their snippets on
/// stderr; with `strict`, they are errors instead and the run fails (nothing
/// is written).
pub fn warnings(
    diags: Vec<pvi_core::Diagnostic>,
    sources: &pvi_core::Sources,
    strict: bool,
) -> CmdResult {
    if diags.is_empty() {
        return Ok(());
    }
    if strict {
        let errors = diags
            .into_iter()
            .map(|mut d| {
                d.severity = pvi_core::diag::Severity::Error;
                d.notes.push("an error because of --strict".into());
                d
            })
            .collect();
        return Err(Failure::new(errors, sources.clone()));
    }
    let text = pvi_core::diag::render_all(&diags, sources);
    let _ = std::io::Write::write_all(&mut std::io::stderr(), text.as_bytes());
    Ok(())
}

/// Writes `text` to standard output. A reader that went away (`pvi layout
/// … | head`) is not an error: the rest is dropped quietly, where `print!`
/// would panic.
pub fn stdout(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
}

/// The result of a command.
pub type CmdResult = Result<(), Failure>;
