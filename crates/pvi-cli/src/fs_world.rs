//! The file-system [`World`]: how the CLI gives files to the pure core.

#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use pvi_core::world::{ReadError, World};
use std::io::ErrorKind;

/// Reads files from the local file system, paths used as given.
#[derive(Debug, Default, Clone, Copy)]
pub struct FsWorld;

impl World for FsWorld {
    fn read_bytes(&self, path: &str) -> Result<Vec<u8>, ReadError> {
        std::fs::read(path).map_err(|e| match e.kind() {
            ErrorKind::NotFound => ReadError::NotFound,
            _ => ReadError::Other(e.to_string()),
        })
    }

    fn is_dir(&self, path: &str) -> bool {
        std::path::Path::new(path).is_dir()
    }

    fn is_file(&self, path: &str) -> bool {
        std::path::Path::new(path).is_file()
    }

    fn list_dir(&self, path: &str) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(path)
            .map(|rd| {
                rd.filter_map(|e| e.ok())
                    .filter_map(|e| e.file_name().into_string().ok())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }
}
