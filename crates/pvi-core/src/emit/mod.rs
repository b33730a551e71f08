//! Writers: everything that turns a model (or a laid-out screen) into text.

pub mod bob;
pub mod screens;
pub mod template;

pub use template::{generate_template, pvi_records, Access, PviRecord};
