//! Writers: everything that turns a model (or a laid-out screen) into text.

pub mod bob;
pub mod ophyd;
pub mod screens;
pub mod template;
pub mod yaml;

pub use template::{
    generate_template, generate_template_with, pvi_records, Access, PviRecord, TemplateLayout,
};
pub use yaml::device_yaml;
