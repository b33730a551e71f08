//! YAML as a tree of nodes that remember where they came from.
//!
//! `load` parses text (YAML 1.2 core schema, as pvi's ruamel "safe" loader
//! reads it) into [`Node`]s carrying [`Span`](crate::source::Span)s; the
//! model decoders in [`crate::parse`] read these and report located errors.
//! `emit` holds helpers for writing YAML text back.

mod fast;
#[cfg(test)]
mod fast_tests;
mod load;
mod node;
mod scalar;

pub use load::{load, Limits};
pub use node::{Node, Value};
pub use scalar::{resolve_plain, Resolved};
