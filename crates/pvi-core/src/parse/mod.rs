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
    decode_device(&node)
}

/// Decodes a device from a node tree.
pub fn decode_device(node: &Node) -> Result<Device, Diags> {
    let mut cx = Cx::default();
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

/// A span covering nothing at the start of `file` (for file-level errors).
pub fn file_start(file: FileId) -> Span {
    Span::new(file, 0, 0)
}

#[cfg(test)]
mod tests;
