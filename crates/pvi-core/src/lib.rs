//! pvi-core: the PVI device model and everything computed from it.
//!
//! Pipeline: text → [`yaml`] nodes → [`parse`] → [`model`] → [`resolve`]
//! (includes, merging) → writers in [`emit`]. The crate is pure: files
//! arrive through [`world::World`], results are returned, errors are
//! [`diag::Diagnostic`]s.

#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod convert;
pub mod diag;
pub mod emit;
pub mod epicsdb;
pub mod formats;
pub mod formatter;
pub mod ioc;
pub mod layout;
pub mod located;
pub mod model;
pub mod parse;
pub mod project;
pub mod resolve;
pub mod schema;
pub mod source;
// synthetic devices: for tests, benches and examples only (feature `synth`)
#[cfg(any(test, feature = "synth"))]
pub mod synth;
pub mod world;
pub mod yaml;

pub use diag::{DiagKind, Diagnostic, Diags, Failure};
pub use project::{FormatJob, Project};
pub use source::{FileId, Sources, Span};
pub use world::{MemoryWorld, World};

/// An insertion-ordered map with a fast, fixed (unseeded) hash, for the
/// lookups by name in hot paths (SipHash was 3 % of a corpus run).
pub(crate) type FastMap<K, V> = indexmap::IndexMap<K, V, foldhash::fast::FixedState>;

/// The set form of [`FastMap`].
pub(crate) type FastSet<K> = indexmap::IndexSet<K, foldhash::fast::FixedState>;

/// Version of pvi-rs.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
