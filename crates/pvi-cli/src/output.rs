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
/// Modes follow what `open(path, "w")` gives in Python: an existing file
/// keeps its mode, a new one gets `0o666` less the umask. Both are set when
/// the temporary file is created, so a run costs no `chmod` unless the
/// umask would strip bits of an existing file's mode.
pub fn write_all(files: &[OutFile]) -> Result<(), String> {
    let umask = process_umask();
    let mut checked_dirs: Vec<&Path> = Vec::new();
    let mut staged = Vec::with_capacity(files.len());
    for f in files {
        let dir = match f.path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if !checked_dirs.contains(&dir) {
            if !dir.is_dir() {
                return Err(format!(
                    "No such file or directory: '{}' (the folder '{}' does not exist)",
                    f.path.display(),
                    dir.display()
                ));
            }
            checked_dirs.push(dir);
        }
        let existing = existing_mode(&f.path);
        let mut b = tempfile::Builder::new();
        b.prefix(".pvi-").suffix(".tmp");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            b.permissions(std::fs::Permissions::from_mode(existing.unwrap_or(0o666)));
        }
        let mut tmp = b
            .tempfile_in(dir)
            .map_err(|e| format!("cannot create a file in '{}': {e}", dir.display()))?;
        if let Some(mode) = existing {
            // the umask applied at creation: restore the bits it took
            if umask.is_none_or(|u| mode & u != 0) {
                set_mode(tmp.as_file(), mode);
            }
        }
        tmp.write_all(&f.bytes)
            .map_err(|e| format!("cannot write '{}': {e}", f.path.display()))?;
        staged.push((tmp, &f.path));
    }
    for (tmp, path) in staged {
        tmp.persist(path)
            .map_err(|e| format!("cannot write '{}': {}", path.display(), e.error))?;
    }
    Ok(())
}

/// The permission bits of an existing file (None: no such file, or not Unix).
fn existing_mode(path: &Path) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path)
            .ok()
            .map(|m| m.permissions().mode() & 0o7777)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

#[cfg(unix)]
fn set_mode(file: &std::fs::File, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    let _ = file.set_permissions(std::fs::Permissions::from_mode(mode));
}

#[cfg(not(unix))]
fn set_mode(_: &std::fs::File, _: u32) {}

/// The process umask, read from `/proc/self/status` (Linux 4.7+); None
/// elsewhere, and then every rewritten file gets its mode set explicitly.
fn process_umask() -> Option<u32> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("Umask:"))?;
    u32::from_str_radix(line["Umask:".len()..].trim(), 8).ok()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).unwrap().permissions().mode() & 0o7777
    }

    #[test]
    fn new_files_get_0666_less_umask_and_existing_keep_their_mode() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.bob");
        let b = dir.path().join("b.bob");
        write_all(&[OutFile::new(&a, "1"), OutFile::new(&b, "2")]).unwrap();
        let umask = process_umask().expect("Linux has Umask in /proc/self/status");
        assert_eq!(mode(&a), 0o666 & !umask);
        std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o640)).unwrap();
        std::fs::set_permissions(&b, std::fs::Permissions::from_mode(0o777)).unwrap();
        write_all(&[OutFile::new(&a, "3"), OutFile::new(&b, "4")]).unwrap();
        assert_eq!((mode(&a), mode(&b)), (0o640, 0o777));
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "4");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 2, "no temporary files left behind");
    }

    #[test]
    fn a_missing_folder_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.bob");
        let b = dir.path().join("no/b.bob");
        let e = write_all(&[OutFile::new(&a, "1"), OutFile::new(&b, "2")]).unwrap_err();
        assert!(e.contains("does not exist"), "{e}");
        assert!(!a.exists());
    }
}
