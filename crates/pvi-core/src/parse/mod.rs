//! Decoding YAML into the model, with every problem reported at its place.

mod device;
mod index;
mod reader;
mod widget;

use crate::diag::{DiagKind, Diagnostic, Diags};
use crate::model::Device;
use crate::source::{FileId, Span};
use crate::yaml::{self, Limits, Node};

pub use device::COMPONENTS as COMPONENT_TYPES;
pub use index::parse_index_entries;
pub use widget::{READ_WIDGETS, WRITE_WIDGETS};

pub(crate) use reader::{boolean, did_you_mean, int, string, tag as tag_of, Cx, Fields};

/// The suffix every device file name must have.
pub const DEVICE_SUFFIX: &str = ".pvi.device.yaml";

/// Checks that the file name (last component of `path`) ends with `suffix`.
pub fn check_suffix(path: &str, suffix: &str) -> Result<(), Diagnostic> {
    let name = path.rsplit('/').next().unwrap_or(path);
    if name.ends_with(suffix) {
        Ok(())
    } else {
        Err(Diagnostic::error(
            DiagKind::Other,
            format!("Expected '{name}' to end with '{suffix}'"),
        ))
    }
}

/// Parses YAML text into a located node tree.
pub fn parse_yaml(text: &str, file: FileId) -> Result<Node, Diags> {
    yaml::load(text, file, Limits::default()).map_err(|d| vec![d])
}

/// Decodes a device from the text of a `*.pvi.device.yaml` file.
pub fn parse_device(text: &str, file: FileId) -> Result<Device, Diags> {
    let node = parse_yaml(text, file)?;
    decode_device_of(&node, text)
}

/// Decodes a device from a node tree.
pub fn decode_device(node: &Node) -> Result<Device, Diags> {
    decode(node, true)
}

/// Decodes a device from the node tree of `text`: a text whose bytes hold
/// no control character and no escape cannot give a string one, and its
/// strings are not looked at one by one (that walk was 6 % of a run).
pub fn decode_device_of(node: &Node, text: &str) -> Result<Device, Diags> {
    decode(node, may_hold_controls(text))
}

fn decode(node: &Node, check_controls: bool) -> Result<Device, Diags> {
    let mut cx = Cx::default();
    if check_controls {
        control_chars(&mut cx, node);
    }
    let device = device::device(&mut cx, node);
    match device {
        Some(d) if cx.diags.is_empty() => Ok(d),
        _ => {
            if cx.diags.is_empty() {
                cx.diags
                    .push(Diagnostic::invalid(node.span, "invalid device"));
            }
            Err(cx.diags)
        }
    }
}

/// Reports every string (value or key) holding a control character other
/// than tab and newline: every text of a device file reaches a screen, a
/// template or Python, where ESC, BEL or NUL make the file invalid (XML
/// forbids them) or act on the terminal that shows it.
pub(crate) fn control_chars(cx: &mut Cx, node: &Node) {
    match &node.value {
        yaml::Value::Str(s) => {
            // every forbidden character has a byte below 0x20, 0x7f, or (C1,
            // as UTF-8) the lead byte 0xc2: most texts are passed on bytes alone
            let suspect = s
                .bytes()
                .any(|b| (b < 0x20 && b != b'\t' && b != b'\n') || b == 0x7f || b == 0xc2);
            if let Some(c) = suspect
                .then(|| s.chars().find(|&c| is_forbidden_control(c)))
                .flatten()
            {
                cx.push(
                    Diagnostic::invalid(
                        node.span,
                        format!("text holds the control character U+{:04X}", c as u32),
                    )
                    .with_label("control character in this text")
                    .with_note("only tab and newline may appear in texts: remove it"),
                );
            }
        }
        yaml::Value::Seq(items) => items.iter().for_each(|n| control_chars(cx, n)),
        yaml::Value::Map(entries) => {
            for (k, v) in entries {
                control_chars(cx, k);
                control_chars(cx, v);
            }
        }
        _ => {}
    }
}

/// Whether a YAML text could give a string a forbidden control character:
/// it holds one of their bytes (a C0 control but tab, newline and CR, DEL,
/// or 0xc2, the UTF-8 lead byte of C1 controls) or a backslash (a
/// double-quoted escape such as `"\e"`). One pass without early exit, so
/// it vectorises.
fn may_hold_controls(text: &str) -> bool {
    // byte arithmetic OR-reduced over fixed chunks: the compiler turns it
    // into vector code (an early-exit scan ran at 2 instructions a byte)
    let flag = |b: u8| {
        u8::from(b < 0x20) & u8::from(b != b'\t') & u8::from(b != b'\n') & u8::from(b != b'\r')
            | u8::from(b == 0x7f)
            | u8::from(b == 0xc2)
            | u8::from(b == b'\\')
    };
    let mut chunks = text.as_bytes().chunks_exact(64);
    let hit = chunks
        .by_ref()
        .any(|c| c.iter().fold(0u8, |acc, &b| acc | flag(b)) != 0);
    hit || chunks.remainder().iter().any(|&b| flag(b) != 0)
}

/// C0 controls but tab and newline, DEL, and C1 controls.
pub(crate) fn is_forbidden_control(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n') || ('\u{80}'..='\u{9f}').contains(&c)
}

/// A span covering nothing at the start of `file` (for file-level errors).
pub fn file_start(file: FileId) -> Span {
    Span::new(file, 0, 0)
}

#[cfg(test)]
mod tests;
