//! Writers: everything that turns a model (or a laid-out screen) into text.

pub mod adl;
pub mod bob;
pub mod edl;
pub mod legacy_screens;
pub mod screens;
pub mod template;
pub mod text_lines;

pub use legacy_screens::{LegacyOptions, PviQuirks};
pub use template::{generate_template, pvi_records, Access, PviRecord};
