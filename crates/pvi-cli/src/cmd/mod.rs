//! One module per command.

pub mod generate_template;
pub mod ophyd;
pub mod schema;
