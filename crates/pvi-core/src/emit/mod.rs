//! Writers: everything that turns a model (or a laid-out screen) into text.

pub mod adl;
pub mod bob;
pub mod edl;
pub mod legacy_screens;
pub mod ophyd;
pub mod screens;
pub mod template;
pub mod text_lines;
pub mod yaml;

pub use legacy_screens::{LegacyOptions, PviQuirks};
pub use template::{
    generate_template, generate_template_with, pvi_records, Access, PviRecord, TemplateLayout,
};
pub use yaml::device_yaml;
