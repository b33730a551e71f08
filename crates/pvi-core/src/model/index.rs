//! The entries of an index screen: one button per device screen of an IOC.

use crate::source::Span;
use indexmap::IndexMap;
use serde::Serialize;

/// One button of the index screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndexEntry {
    /// Button text.
    pub label: String,
    /// Screen file opened.
    pub ui: String,
    /// Macros passed to it.
    pub macros: IndexMap<String, String>,
    /// Where it was read from.
    #[serde(skip)]
    pub span: Span,
}

/// Contents of an entries file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndexFile {
    /// Screen title (`Index` when absent).
    pub title: String,
    /// Buttons, in order.
    pub entries: Vec<IndexEntry>,
}
