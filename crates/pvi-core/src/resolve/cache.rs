//! A cache of parsed device files for callers that load the same files again
//! and again (the browser preview resolves the whole device on every
//! keystroke; usually only one file changed).

use crate::model::Device;
use crate::source::FileId;
use std::collections::BTreeMap;

/// Parsed devices by path, valid while the file's text and its [`FileId`]
/// (spans point into it) are unchanged.
#[derive(Debug, Clone, Default)]
pub struct ParseCache {
    entries: BTreeMap<String, (FileId, String, Device)>,
}

impl ParseCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The device parsed earlier from the same `text` registered as `id`.
    pub fn get(&self, path: &str, id: FileId, text: &str) -> Option<Device> {
        self.entries
            .get(path)
            .filter(|(i, t, _)| *i == id && t == text)
            .map(|(_, _, d)| d.clone())
    }

    /// Remembers a successfully parsed file.
    pub fn insert(&mut self, path: &str, id: FileId, text: &str, device: &Device) {
        self.entries
            .insert(path.to_string(), (id, text.to_string(), device.clone()));
    }

    /// Drops every entry whose path is not in `keep` (bounds the cache to
    /// the files of the latest load).
    pub fn retain(&mut self, keep: &[&str]) {
        self.entries.retain(|p, _| keep.contains(&p.as_str()));
    }

    /// Number of cached files.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
