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
    saphyr::load_saphyr(text, file, limits)
}
