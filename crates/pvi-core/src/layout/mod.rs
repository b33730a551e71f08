//! The layout engine: resolved device + formatter settings → positioned
//! screens (docs/behaviour/layout.md). Format independent; per-format constants come from
//! [`FormatRules`]. Writers in [`crate::emit`] consume the [`ScreenSet`].

mod ctx;
mod engine;
mod geometry;
mod index;
mod rules;
mod screen;
mod tree;
mod widgets;

pub use geometry::{max_x, max_y, Bounds};
pub use index::index_device;
pub use rules::{ChildCoords, FormatRules, GroupFrame};
pub use screen::{layout_device, sub_screen_name, MAX_ITEMS_PER_SCREEN};
pub use tree::{Item, ItemKind, Screen, ScreenFormat, ScreenSet, WidgetModel};
