//! One module per command.

pub mod generate_template;
pub mod preview;
pub mod preview_screens;
pub mod schema;
