//! The laid-out screen tree: what every screen writer (`.bob`, `.edl`, `.adl`,
//! the browser preview) consumes. Writers never lay anything out themselves.
//!
//! A [`ScreenSet`] holds the main screen and every sub-screen in the order
//! pvi writes them (depth first). Each [`Item`] carries its layout bounds
//! (before offsets and squares) and its output bounds (what the format writes).

use super::geometry::Bounds;
use crate::model::{ReadWidget, WriteWidget};
use crate::source::Span;
use indexmap::IndexMap;
use serde::Serialize;

/// Every screen of one `pvi format` run: main screen first, then sub-screens.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScreenSet {
    /// Which format the output bounds are for.
    pub format: ScreenFormat,
    /// Main screen first, then sub-screens (docs/behaviour/layout.md#sub-screen-order).
    pub screens: Vec<Screen>,
}

/// The screen format a tree was laid out for (decides per-format constants).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ScreenFormat {
    /// Phoebus `.bob` (DLSFormatter).
    Bob,
    /// EDM `.edl` (DLSFormatter).
    Edl,
    /// MEDM `.adl` (APSFormatter).
    Adl,
}

impl ScreenFormat {
    /// The file extension without dot.
    pub fn extension(self) -> &'static str {
        match self {
            ScreenFormat::Bob => "bob",
            ScreenFormat::Edl => "edl",
            ScreenFormat::Adl => "adl",
        }
    }
}

/// One screen file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Screen {
    /// File base name without extension (`sub_screen_Group1`, `device_Adv.pvi`);
    /// the file is written to `DIR/{base_name}.{ext}`.
    pub base_name: String,
    /// Screen title: the device label (main screen) or the group's raw name.
    pub title: String,
    /// Output bounds of the title widget; `None` when omitted (`.bob`, empty device label).
    pub title_bounds: Option<Bounds>,
    /// Screen size: x = y = 0, w and h padded (docs/behaviour/layout.md#title-and-padding).
    pub bounds: Bounds,
    /// Offset added to top-level layout bounds to get output bounds.
    pub offset: (i64, i64),
    /// Top-level items in output order.
    pub items: Vec<Item>,
}

/// One positioned thing on a screen.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    /// Bounds from the layout, relative to the screen content or enclosing group content.
    pub layout: Bounds,
    /// Bounds as the format writes them (padding offset added, squares and widths applied).
    /// For a child of a group in `.bob` these are group-relative; in `.edl`/`.adl` absolute.
    pub bounds: Bounds,
    /// What it is.
    pub kind: ItemKind,
    /// Span of the component it was drawn for (for "click a widget → its YAML line").
    #[serde(skip_serializing_if = "span_is_empty")]
    pub source: Span,
}

fn span_is_empty(s: &Span) -> bool {
    s.start == 0 && s.end == 0
}

/// The kinds of positioned items.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type")]
pub enum ItemKind {
    /// Text in front of a row.
    Label {
        /// Label text: the non-empty label, else the title-cased name.
        text: String,
        /// `"{label} - {description}"` (`No description provided` when there is none).
        tooltip: String,
    },
    /// A Row group's column heading.
    Heading {
        /// Heading text.
        text: String,
    },
    /// A group box and its children.
    Group {
        /// Box title: get_label(group).
        title: String,
        /// The drawn frame, in output coordinates (see [`crate::layout::GroupFrame`]).
        frame: Bounds,
        /// Where the title is drawn, in output coordinates; `None` when the
        /// group widget draws its own title (`.bob`).
        #[serde(skip_serializing_if = "Option::is_none")]
        title_box: Option<Bounds>,
        /// Children, in output order.
        children: Vec<Item>,
    },
    /// A widget bound to a PV.
    Widget {
        /// PV name.
        pv: String,
        /// The model widget it draws.
        widget: WidgetModel,
        /// When the format cannot show this widget: the box of the text
        /// that stands in for it (the item's bounds are the outline).
        #[serde(skip_serializing_if = "Option::is_none")]
        placeholder: Option<Bounds>,
    },
    /// A button writing a fixed value (SignalX, ButtonPanel action).
    Action {
        /// Button text.
        text: String,
        /// PV written.
        pv: String,
        /// Value written.
        value: String,
    },
    /// A button opening another screen (sub-screen or DeviceRef).
    OpenDisplay {
        /// Button text.
        text: String,
        /// Target as pvi passes it: a sub-screen's base name, or a DeviceRef's `ui`.
        /// Writers add their extension per format (`.bob`, `.adl`; `.edl` writes none).
        file: String,
        /// Macros passed to the screen (DeviceRef only).
        macros: IndexMap<String, String>,
        /// Index into [`ScreenSet::screens`] of the sub-screen it opens, if any.
        screen: Option<usize>,
    },
}

/// A model widget, read or write side.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "side", content = "widget")]
pub enum WidgetModel {
    /// A read widget.
    Read(ReadWidget),
    /// A write widget.
    Write(WriteWidget),
}

impl WidgetModel {
    /// The YAML `type` name of the widget.
    pub fn type_name(&self) -> &'static str {
        match self {
            WidgetModel::Read(r) => r.type_name(),
            WidgetModel::Write(w) => w.type_name(),
        }
    }
}

impl ScreenSet {
    /// The main screen.
    pub fn main(&self) -> Option<&Screen> {
        self.screens.first()
    }
}

impl Item {
    /// Children of a group item (empty for others).
    pub fn children(&self) -> &[Item] {
        match &self.kind {
            ItemKind::Group { children, .. } => children,
            _ => &[],
        }
    }
}
