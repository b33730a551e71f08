//! Per-format constants of the layout engine (docs/behaviour/layout.md#per-format-constants).
//!
//! One engine serves `.bob`, `.edl` and `.adl`; everything that differs
//! between them is in [`FormatRules`].

use super::tree::ScreenFormat;
use serde::Serialize;

/// How a format's writer wants group children positioned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ChildCoords {
    /// Group-relative layout coordinates (`.bob`: children nest in the group widget).
    Relative,
    /// Absolute: layout + (G.x + spacing, G.y + spacing + group_label_height).
    Absolute,
}

/// Constants of one screen format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FormatRules {
    /// The format.
    pub format: ScreenFormat,
    /// Room for a group's title (26 / 10 / 25).
    pub group_label_height: i64,
    /// Indent of top-level rows (18 / 5 / 0).
    pub indent: i64,
    /// Extra width of a top-level group box (26 / 0 / 0).
    pub group_width_offset: i64,
    /// Whether the title is drawn (and padded for) when the device label is empty.
    pub title_when_empty_label: bool,
    /// ToggleButton drawn as a square (`.bob` only).
    pub square_toggle: bool,
    /// BitField width per bit (`.bob`: 20); `None`: a normal cell.
    pub bitfield_px_per_bit: Option<i64>,
    /// Coordinates of group children.
    pub child_coords: ChildCoords,
    /// Widget type names this format cannot draw (an error naming the widget).
    pub unsupported: &'static [&'static str],
}

impl FormatRules {
    /// The constants of a format.
    pub fn of(format: ScreenFormat) -> Self {
        match format {
            ScreenFormat::Bob => FormatRules {
                format,
                group_label_height: 26,
                indent: 18,
                group_width_offset: 26,
                title_when_empty_label: false,
                square_toggle: true,
                bitfield_px_per_bit: Some(20),
                child_coords: ChildCoords::Relative,
                unsupported: &["ButtonPanel", "ArrayWrite"],
            },
            ScreenFormat::Edl => FormatRules {
                format,
                group_label_height: 10,
                indent: 5,
                group_width_offset: 0,
                title_when_empty_label: true,
                square_toggle: false,
                bitfield_px_per_bit: None,
                child_coords: ChildCoords::Absolute,
                // pvi-rs draws every other widget (docs/screens-edm-medm.md)
                unsupported: &["ArrayWrite"],
            },
            ScreenFormat::Adl => FormatRules {
                format,
                group_label_height: 25,
                indent: 0,
                group_width_offset: 0,
                title_when_empty_label: true,
                square_toggle: false,
                bitfield_px_per_bit: None,
                child_coords: ChildCoords::Absolute,
                // pvi-rs draws every other widget (docs/screens-edm-medm.md)
                unsupported: &["ArrayWrite"],
            },
        }
    }

    /// Whether a widget type has a template in this format.
    pub fn supports(&self, type_name: &str) -> bool {
        !self.unsupported.contains(&type_name)
    }
}
