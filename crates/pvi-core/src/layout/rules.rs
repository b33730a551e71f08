//! What the layout engine needs to know about a screen format
//! (docs/behaviour/layout.md#per-format-constants).
//!
//! One engine serves `.bob`, `.edl` and `.adl`; everything that differs
//! between them is a value of [`FormatRules`]. The values of each format
//! are a column of the format table ([`crate::formats::FORMATS`]).

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

/// How a group's frame and title are drawn, which decides the boxes the
/// layout computes for them ([`crate::layout::ItemKind::Group`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum GroupFrame {
    /// The group widget draws its own frame and title (Phoebus): the frame
    /// is the group's box, there is no separate title box.
    Widget,
    /// EDM: a rectangle from `spacing` below the group's top to its bottom,
    /// and a title strip `group_label_height` high over the top edge.
    TitleOverFrame,
    /// MEDM: an outline on the group's box, and a title bar inset by
    /// `spacing` on the top, left and right, `group_label_height - spacing` high.
    TitleBarInside,
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
    /// How group frames and titles are drawn.
    pub group_frame: GroupFrame,
    /// Widget type names with no template in this format: laying one out is
    /// an error, as in pvi ("No formatter provided for widget ...").
    pub unsupported: &'static [&'static str],
    /// Widget type names the display manager cannot show: drawn as a box
    /// with a text naming the widget and its PV.
    pub placeholders: &'static [&'static str],
    /// Tallest placeholder text box (MEDM scales a text's font with its
    /// height); `None`: the text fills the placeholder's box.
    pub placeholder_text_height: Option<i64>,
}

impl FormatRules {
    /// Whether a widget type has a template in this format.
    pub fn supports(&self, type_name: &str) -> bool {
        !self.unsupported.contains(&type_name)
    }

    /// Whether a widget type is drawn as a placeholder in this format.
    pub fn is_placeholder(&self, type_name: &str) -> bool {
        self.placeholders.contains(&type_name)
    }
}
