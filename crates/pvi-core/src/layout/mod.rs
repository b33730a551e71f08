//! The layout engine: resolved device + formatter settings → positioned
//! screens (spec 04). Format independent; per-format constants come from
//! [`FormatRules`]. Writers in [`crate::emit`] consume the [`ScreenSet`].

mod geometry;
mod rules;
mod tree;

pub use geometry::{max_x, max_y, Bounds};
pub use rules::{ChildCoords, FormatRules};
pub use tree::{Item, ItemKind, Screen, ScreenFormat, ScreenSet, WidgetModel};

use crate::diag::{DiagKind, Diagnostic, Diags};
use crate::formatter::Settings;
use crate::model::Device;

/// Lays out a resolved device: the main screen (file base name `base_name`,
/// e.g. `sub_screen` for `sub_screen.bob`) and all its sub-screens.
pub fn layout_device(
    device: &Device,
    settings: &Settings,
    rules: &FormatRules,
    base_name: &str,
) -> Result<ScreenSet, Diags> {
    let _ = (device, settings, rules, base_name);
    Err(vec![Diagnostic::error(
        DiagKind::Layout,
        "layout engine not implemented yet",
    )])
}
