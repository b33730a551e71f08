//! The file trait: how the pure core reads files.
//!
//! The core never touches the file system. Callers implement [`World`] over
//! the disk (the CLI), an in-memory map (tests, WASM) or an image archive.

use indexmap::IndexMap;

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// No such file.
    NotFound,
    /// The file exists but is not valid UTF-8; `offset` is the first bad byte.
    NotUtf8 {
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// Any other failure, with the system's message.
    Other(String),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotFound => write!(f, "file not found"),
            ReadError::NotUtf8 { offset } => {
                write!(
                    f,
                    "file is not valid UTF-8 (first bad byte at offset {offset})"
                )
            }
            ReadError::Other(m) => write!(f, "{m}"),
        }
    }
}

/// Read access to files, by path. Paths use `/` and are used as given.
pub trait World {
    /// The bytes of the file at `path`.
    fn read_bytes(&self, path: &str) -> Result<Vec<u8>, ReadError>;

    /// Whether `path` is an existing directory (include search skips others).
    fn is_dir(&self, path: &str) -> bool;

    /// Whether `path` is a readable file (include search; the default reads it).
    fn is_file(&self, path: &str) -> bool {
        self.read_bytes(path).is_ok()
    }

    /// The text of the file at `path` (UTF-8 checked).
    fn read_text(&self, path: &str) -> Result<String, ReadError> {
        let bytes = self.read_bytes(path)?;
        String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8 {
            offset: e.utf8_error().valid_up_to(),
        })
    }

    /// File names (not paths) directly inside the directory `path`, sorted.
    fn list_dir(&self, path: &str) -> Vec<String> {
        let _ = path;
        Vec::new()
    }
}

/// Joins a directory and a file name with `/` (no normalisation).
pub fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else if dir.ends_with('/') {
        format!("{dir}{name}")
    } else {
        format!("{dir}/{name}")
    }
}

/// A [`World`] over an in-memory map of path → bytes (tests, WASM).
#[derive(Debug, Clone, Default)]
pub struct MemoryWorld {
    files: IndexMap<String, Vec<u8>>,
}

impl MemoryWorld {
    /// An empty world.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) a file.
    pub fn insert(&mut self, path: impl Into<String>, content: impl Into<Vec<u8>>) -> &mut Self {
        self.files.insert(path.into(), content.into());
        self
    }

    /// Builder form of [`MemoryWorld::insert`].
    pub fn with(mut self, path: impl Into<String>, content: impl Into<Vec<u8>>) -> Self {
        self.insert(path, content);
        self
    }
}

impl World for MemoryWorld {
    fn read_bytes(&self, path: &str) -> Result<Vec<u8>, ReadError> {
        self.files.get(path).cloned().ok_or(ReadError::NotFound)
    }

    fn is_file(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    fn is_dir(&self, path: &str) -> bool {
        let prefix = if path.is_empty() || path.ends_with('/') {
            path.to_string()
        } else {
            format!("{path}/")
        };
        path == "." || self.files.keys().any(|k| k.starts_with(&prefix))
    }

    fn list_dir(&self, path: &str) -> Vec<String> {
        let prefix = if path.is_empty() || path.ends_with('/') {
            path.to_string()
        } else {
            format!("{path}/")
        };
        let mut names: Vec<String> = self
            .files
            .keys()
            .filter_map(|k| k.strip_prefix(&prefix))
            .filter(|rest| !rest.contains('/'))
            .map(str::to_string)
            .collect();
        names.sort();
        names
    }
}
