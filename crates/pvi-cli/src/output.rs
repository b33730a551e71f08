//! Writing results: every file of a run, atomically, after all is computed.
//!
//! Each file goes to a temporary file in its target folder and is renamed
//! into place only when every temporary file was written; on any error the
//! temporary files are removed and no target is touched.

#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use std::io::Write;
use std::path::{Path, PathBuf};

/// One output file: where, and its bytes.
#[derive(Debug, Clone)]
pub struct OutFile {
    /// Target path.
    pub path: PathBuf,
    /// Content.
    pub bytes: Vec<u8>,
}

impl OutFile {
    /// An output file.
    pub fn new(path: impl Into<PathBuf>, bytes: impl Into<Vec<u8>>) -> Self {
        OutFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// Writes all files or none (as far as the file system allows).
pub fn write_all(files: &[OutFile]) -> Result<(), String> {
    let mut staged = Vec::with_capacity(files.len());
    for f in files {
        let dir = match f.path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !dir.is_dir() {
            return Err(format!(
                "No such file or directory: '{}' (the folder '{}' does not exist)",
                f.path.display(),
                dir.display()
            ));
        }
        let mut tmp = tempfile::Builder::new()
            .prefix(".pvi-")
            .suffix(".tmp")
            .tempfile_in(&dir)
            .map_err(|e| format!("cannot create a file in '{}': {e}", dir.display()))?;
        tmp.write_all(&f.bytes)
            .map_err(|e| format!("cannot write '{}': {e}", f.path.display()))?;
        staged.push((tmp, &f.path));
    }
    for (tmp, path) in staged {
        persist(tmp, path)?;
    }
    Ok(())
}

fn persist(tmp: tempfile::NamedTempFile, path: &Path) -> Result<(), String> {
    // keep the usual permissions of a new file (tempfile creates 0600)
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .map(|m| m.permissions().mode())
            .unwrap_or(0o644);
        let _ = std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(mode));
    }
    tmp.persist(path)
        .map(|_| ())
        .map_err(|e| format!("cannot write '{}': {}", path.display(), e.error))
}
