//! The file-system [`World`]: how the CLI gives files to the pure core.

#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use pvi_core::world::{ReadError, World};
use std::io::{ErrorKind, Read};

/// Largest file read, in bytes: the YAML reader's own limit
/// ([`pvi_core::yaml::Limits`]), checked before reading so a huge file is
/// never loaded.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads files from the local file system, paths used as given. Only regular
/// files (or links to them) are read: a FIFO, device or socket would block
/// or never end, so it is refused by name.
#[derive(Debug, Default, Clone, Copy)]
pub struct FsWorld;

impl World for FsWorld {
    fn read_bytes(&self, path: &str) -> Result<Vec<u8>, ReadError> {
        read_regular(path, MAX_FILE_BYTES)
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

fn io_error(e: std::io::Error) -> ReadError {
    match e.kind() {
        ErrorKind::NotFound => ReadError::NotFound,
        _ => ReadError::Other(e.to_string()),
    }
}

/// The bytes of the regular file at `path`, at most `limit` of them.
fn read_regular(path: &str, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    // opening a FIFO for reading blocks until a writer comes; non-blocking
    // open returns at once, and the type check below refuses it
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut opts, libc::O_NONBLOCK);
    let file = opts.open(path).map_err(io_error)?;
    let meta = file.metadata().map_err(io_error)?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a folder"
        } else {
            "not a regular file (a FIFO, device or socket)"
        };
        return Err(ReadError::Other(format!(
            "{what}: only regular files are read"
        )));
    }
    if meta.len() > limit {
        return Err(ReadError::Other(format!(
            "file is too large: {} bytes (limit {limit} bytes)",
            meta.len()
        )));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // a file that grows while read stops at the limit too
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::Other(format!(
            "file is too large: more than {limit} bytes"
        )));
    }
    Ok(bytes)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn refuses_fifos_devices_folders_and_huge_files() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("x.pvi.device.yaml");
        let ok = std::process::Command::new("mkfifo").arg(&fifo).status();
        if ok.is_ok_and(|s| s.success()) {
            let t = std::time::Instant::now();
            let e = FsWorld.read_bytes(fifo.to_str().unwrap()).unwrap_err();
            assert!(e.to_string().contains("not a regular file"), "{e}");
            assert!(t.elapsed().as_secs() < 1);
        }
        let e = FsWorld.read_bytes("/dev/zero").unwrap_err();
        assert!(e.to_string().contains("not a regular file"), "{e}");
        let e = FsWorld
            .read_bytes(dir.path().to_str().unwrap())
            .unwrap_err();
        assert!(e.to_string().contains("a folder"), "{e}");
        let big = dir.path().join("big");
        std::fs::write(&big, vec![b'a'; 2048]).unwrap();
        let e = read_regular(big.to_str().unwrap(), 1024).unwrap_err();
        assert!(e.to_string().contains("too large"), "{e}");
        assert_eq!(
            read_regular(big.to_str().unwrap(), 4096).unwrap().len(),
            2048
        );
        assert_eq!(
            FsWorld.read_bytes("/no/such/file"),
            Err(ReadError::NotFound)
        );
    }
}
