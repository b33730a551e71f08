//! YAML as a tree of nodes that remember where they came from.
//!
//! `load` parses text (YAML 1.2 core schema, as pvi's ruamel "safe" loader
//! reads it) into [`Node`]s carrying [`Span`](crate::source::Span)s; the
//! model decoders in [`crate::parse`] read these and report located errors.
//! `emit` holds helpers for writing YAML text back.

mod fast;
#[cfg(test)]
mod fast_tests;
mod keys;
mod limits;
mod node;
mod saphyr;
mod scalar;

pub use limits::Limits;
pub use node::{Node, Value};
pub use scalar::{resolve_plain, Resolved};

use crate::diag::{DiagKind, Diagnostic};
use crate::source::{FileId, Span};

/// Parses `text` (the content of `file`) into one node.
///
/// An empty document gives a `Null` node. More than one document, duplicate
/// keys, unknown aliases and exceeded [`Limits`] are errors.
pub fn load(text: &str, file: FileId, limits: Limits) -> Result<Node, Diagnostic> {
    if text.len() > limits.max_bytes {
        return Err(Diagnostic::error(
            DiagKind::Yaml,
            format!(
                "file is too large: {} bytes (limit {} bytes)",
                text.len(),
                limits.max_bytes
            ),
        )
        .at(Span::new(file, 0, 0)));
    }
    // the fast path takes the block-style subset device files use and
    // gives up (None) on anything else, which saphyr then reads
    if let Some(node) = fast::load(text, file, limits) {
        return Ok(node);
    }
    saphyr::load_saphyr(text, file, limits).map_err(|d| tab_in_indentation(text, file, d))
}

/// A parse error caused by a tab in the indentation is reported at the tab
/// (saphyr names the end of the line before it) and says how to fix it:
/// the line holding the error and the line after it are looked at.
fn tab_in_indentation(text: &str, file: FileId, d: Diagnostic) -> Diagnostic {
    let error_at = d
        .span
        .map_or(text.len(), |s| s.start as usize)
        .min(text.len());
    let line_start = text[..error_at].rfind('\n').map_or(0, |i| i + 1);
    let mut start = line_start;
    for line in text[line_start..].split_inclusive('\n').take(2) {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let rest = line[indent..].trim();
        // only a line with content after its indentation is indented
        if !rest.is_empty() && !rest.starts_with('#') {
            if let Some(i) = line[..indent].find('\t') {
                let at = start + i;
                return Diagnostic::error(
                    DiagKind::Yaml,
                    "invalid YAML: found a tab in the indentation",
                )
                .at(Span::new(file, at, at + 1))
                .with_label("tab")
                .with_note("YAML indents with spaces only: replace the tab with spaces");
            }
        }
        start += line.len();
    }
    d
}
