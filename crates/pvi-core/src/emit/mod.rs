//! Writers: everything that turns a model (or a laid-out screen) into text.

pub mod ophyd;
pub mod template;

pub use template::{
    generate_template, generate_template_with, pvi_records, Access, PviRecord, TemplateLayout,
};
