//! The device model of `*.pvi.device.yaml` files (docs/behaviour/device-model.md).
//!
//! Types carry the rules: every node kind, widget and layout is an enum
//! variant or struct, with defaults applied by the decoder in
//! [`crate::parse`]. Serde derives give the JSON form and the JSON schemas.

mod access;
mod component;
mod duplicates;
mod group_layout;
mod index;
mod label;
mod module;
mod walk;
mod widget;

pub use access::Access;
pub use component::*;
pub use duplicates::repeated_names;
pub use group_layout::*;
pub use index::{IndexEntry, IndexFile};
pub use label::{enforce_pascal_case, is_pascal_case, title_case};
pub use module::{ui_stem, ModuleDevice};
pub use walk::{walk, walk_mut, Leaf};
pub use widget::*;
