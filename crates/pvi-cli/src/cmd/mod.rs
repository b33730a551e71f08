//! One module per command.

pub mod format;
pub mod generate_template;
pub mod index;
pub mod layout;
pub mod preview;
pub mod preview_screens;
pub mod schema;
