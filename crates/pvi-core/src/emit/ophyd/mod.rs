//! ophyd-async metadata: the `value.<name>.<access>` PVI layout read by
//! ophyd-async ≥ 0.8, its database template, and typed Python device classes.

mod names;
mod python;
mod structure;
mod template;
mod types;

pub use names::{attribute_name, class_name, served_name};
pub use python::{python_module, PythonModule};
pub use structure::{pvi_structures, EntryKind, PviEntry, PviField, PviStructure};
pub use template::ophyd_template;
pub use types::{value_type, ValueType};
