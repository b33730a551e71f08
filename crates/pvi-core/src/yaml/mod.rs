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
    let d = match saphyr::load_saphyr(text, file, limits) {
        Ok(node) => return Ok(node),
        Err(d) => d,
    };
    // inside `[ ]` and `{ }` a tab after ':' is whitespace to pvi (ruamel),
    // which saphyr refuses: read the text again with those tabs as spaces
    // (the same bytes long, so every span stays true)
    if d.message.contains(COLON_TAB) {
        let tabs = flow_colon_tabs(text);
        if !tabs.is_empty() {
            let mut bytes = text.as_bytes().to_vec();
            for i in tabs {
                bytes[i] = b' ';
            }
            if let Ok(spaced) = String::from_utf8(bytes) {
                return saphyr::load_saphyr(&spaced, file, limits)
                    .map_err(|d| tab_located(text, file, d));
            }
        }
    }
    Err(tab_located(text, file, d))
}

/// saphyr's message for a tab after the `:` of a block mapping.
const COLON_TAB: &str = "':' must be followed by a valid YAML whitespace";

/// A parse error caused by a tab, reported at the tab with a fix: one in the
/// indentation, or one after a block mapping's `:` (pvi refuses both).
fn tab_located(text: &str, file: FileId, d: Diagnostic) -> Diagnostic {
    if !d.message.contains(COLON_TAB) {
        return tab_in_indentation(text, file, d);
    }
    let error_at = d
        .span
        .map_or(text.len(), |s| s.start as usize)
        .min(text.len());
    let line_start = text[..error_at].rfind('\n').map_or(0, |i| i + 1);
    // saphyr names the character after the tabs; the tab is after the ':'
    let upto = (error_at + 1).min(text.len());
    let Some(colon) = text.get(line_start..upto).and_then(|l| l.rfind(":\t")) else {
        return d;
    };
    let at = line_start + colon + 1;
    Diagnostic::error(DiagKind::Yaml, "invalid YAML: found a tab after ':'")
        .at(Span::new(file, at, at + 1))
        .with_label("tab")
        .with_note(
            "a tab after ':' is whitespace only inside [ ] or { } (as pvi reads YAML): \
             replace the tab with a space",
        )
}

/// Byte offsets of the tabs that directly follow a `:` inside a flow
/// collection (`[ ]`, `{ }`), outside quotes and comments.
fn flow_colon_tabs(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut depth = 0usize;
    // the last byte that was not a space or tab on this line, if any
    let mut prev: Option<u8> = None;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'\n' => {
                prev = None;
                i += 1;
                continue;
            }
            b' ' | b'\t' => {
                i += 1;
                continue;
            }
            b'#' if i == 0 || matches!(b[i - 1], b' ' | b'\t' | b'\n') => {
                // a comment runs to the end of the line
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
                continue;
            }
            b'\'' | b'"' if depth > 0 || matches!(prev, None | Some(b':' | b'-' | b'?')) => {
                // skip the quoted scalar ('' and \" stay inside it)
                i += 1;
                while i < b.len() {
                    if c == b'"' && b[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if b[i] == c {
                        if c == b'\'' && b.get(i + 1) == Some(&b'\'') {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i += 1;
                }
            }
            b'[' | b'{' if depth > 0 || matches!(prev, None | Some(b':' | b'-' | b'?' | b',')) => {
                depth += 1;
            }
            b']' | b'}' if depth > 0 => depth -= 1,
            b':' if depth > 0 && b.get(i + 1) == Some(&b'\t') => out.push(i + 1),
            _ => {}
        }
        prev = Some(c);
        i += 1;
    }
    out
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
