//! Resource limits applied while reading YAML.

/// Resource limits applied while reading YAML (documented defaults).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest accepted text, in bytes.
    pub max_bytes: usize,
    /// Deepest accepted nesting of collections.
    pub max_depth: usize,
    /// Most nodes the document may expand to (aliases count each use).
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 64 * 1024 * 1024,
            max_depth: 128,
            max_nodes: 2_000_000,
        }
    }
}
