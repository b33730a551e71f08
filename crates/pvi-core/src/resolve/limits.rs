//! Limits on what include expansion and IOC entity expansion may produce.

/// Limits on expansion (documented defaults, docs/security.md). A run that
/// exceeds one fails with an error at the include or entity that crossed
/// it, naming the chain of includes or entities that led there.
///
/// Every limit counts repeated work: a file included twice counts twice,
/// so a "diamond" of files each including the next twice stops early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExpandLimits {
    /// Deepest nesting of includes (a chain of files each including the next).
    pub max_include_depth: usize,
    /// Most includes one device may expand, counted each time a file is included.
    pub max_includes: usize,
    /// Most components one device's includes may expand to.
    pub max_components: usize,
    /// Most entities one IOC run may expand to: instance entities,
    /// sub-entities and `ibek.repeat` iterations.
    pub max_entities: usize,
    /// Most Jinja work one IOC run may do, over all its renders: minijinja
    /// fuel plus the sizes of templates and of the values they see.
    pub max_jinja_work: u64,
}

/// Deepest include nesting accepted by default.
pub const MAX_INCLUDE_DEPTH: usize = 256;

impl Default for ExpandLimits {
    fn default() -> Self {
        ExpandLimits {
            max_include_depth: MAX_INCLUDE_DEPTH,
            max_includes: 10_000,
            max_components: 200_000,
            max_entities: 100_000,
            max_jinja_work: 20_000_000,
        }
    }
}
