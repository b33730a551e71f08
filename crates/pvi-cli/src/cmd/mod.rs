//! One module per command.

pub mod convert;
pub mod generate_template;
pub mod reconvert;
pub mod regroup;
pub mod schema;
