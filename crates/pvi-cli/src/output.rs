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
///
/// Temporary files are created and written on up to 4 threads (creating
/// many small files is mostly kernel time); they are renamed into place in
/// order, on this thread, so a later file of the same name wins as in pvi.
pub fn write_all(files: &[OutFile]) -> Result<(), String> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    for f in files {
        let dir = folder(&f.path);
        if dirs.contains(&dir) {
            continue;
        }
        if !dir.is_dir() {
            return Err(format!(
                "No such file or directory: '{}' (the folder '{}' does not exist)",
                f.path.display(),
                dir.display()
            ));
        }
        dirs.push(dir);
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4)
        .min(files.len() / 8)
        .max(1);
    let chunk = files.len().div_ceil(threads).max(1);
    let staged: Vec<Result<Vec<tempfile::NamedTempFile>, String>> = if threads == 1 {
        vec![stage(files)]
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = files
                .chunks(chunk)
                .map(|part| s.spawn(move || stage(part)))
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Err("a writer thread failed".into()))
                })
                .collect()
        })
    };
    // any error: every temporary file is dropped (removed) here
    let mut temps = Vec::with_capacity(files.len());
    for part in staged {
        temps.extend(part?);
    }
    for (tmp, f) in temps.into_iter().zip(files) {
        persist(tmp, &f.path)?;
    }
    Ok(())
}

fn folder(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Creates and writes the temporary files of `files`, in order.
fn stage(files: &[OutFile]) -> Result<Vec<tempfile::NamedTempFile>, String> {
    let mut out = Vec::with_capacity(files.len());
    for f in files {
        let dir = folder(&f.path);
        let mut tmp = tempfile::Builder::new()
            .prefix(".pvi-")
            .suffix(".tmp")
            .tempfile_in(&dir)
            .map_err(|e| format!("cannot create a file in '{}': {e}", dir.display()))?;
        tmp.write_all(&f.bytes)
            .map_err(|e| format!("cannot write '{}': {e}", f.path.display()))?;
        keep_mode(&tmp, &f.path);
        out.push(tmp);
    }
    Ok(out)
}

/// Gives the temporary file the target's permissions, or a new file's usual
/// 0644 (tempfile creates 0600).
fn keep_mode(tmp: &tempfile::NamedTempFile, path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .map(|m| m.permissions().mode())
            .unwrap_or(0o644);
        let _ = tmp
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode));
    }
}

fn persist(tmp: tempfile::NamedTempFile, path: &Path) -> Result<(), String> {
    tmp.persist(path)
        .map(|_| ())
        .map_err(|e| format!("cannot write '{}': {}", path.display(), e.error))
}
