//! One module per command.

pub mod convert;
pub mod format;
pub mod generate_template;
pub mod image;
pub mod index;
pub mod ioc;
pub mod layout;
pub mod ophyd;
pub mod preview;
pub mod preview_tree;
pub mod reconvert;
pub mod regroup;
pub mod schema;
