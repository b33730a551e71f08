//! Where an image's blobs are: an OCI layout folder, or entries of a tar
//! archive (OCI archive, `docker save` tarball) read in place.

#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use crate::ImageError;
use std::collections::BTreeMap;
use std::io::{Cursor, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// Largest compressed outer archive read into memory (it cannot be seeked).
pub const MAX_COMPRESSED_ARCHIVE: u64 = 8 << 30;

/// Read access to the files of an image container (folder or archive).
pub enum Store {
    /// An OCI image layout folder.
    Dir(PathBuf),
    /// An uncompressed tar file: path → (offset, size) of each regular file.
    TarFile {
        /// The archive.
        path: PathBuf,
        /// Entries.
        index: BTreeMap<String, (u64, u64)>,
    },
    /// A compressed tar archive, decompressed into memory.
    TarMem {
        /// The tar bytes.
        bytes: Vec<u8>,
        /// Entries.
        index: BTreeMap<String, (u64, u64)>,
    },
}

/// Normalises an archive member name: no leading `./` or `/`.
pub fn member_name(name: &str) -> String {
    let mut s = name;
    loop {
        if let Some(r) = s.strip_prefix("./") {
            s = r;
        } else if let Some(r) = s.strip_prefix('/') {
            s = r;
        } else {
            break;
        }
    }
    s.to_string()
}

fn index_tar<R: Read>(r: R) -> Result<BTreeMap<String, (u64, u64)>, ImageError> {
    let mut a = tar::Archive::new(r);
    let mut index = BTreeMap::new();
    for e in a.entries().map_err(ImageError::io("reading the archive"))? {
        let e = e.map_err(ImageError::io("reading the archive"))?;
        if !e.header().entry_type().is_file() {
            continue;
        }
        let name = e
            .path()
            .map_err(ImageError::io("reading a member name"))?
            .to_string_lossy()
            .into_owned();
        index.insert(member_name(&name), (e.raw_file_position(), e.size()));
    }
    Ok(index)
}

impl Store {
    /// Opens `path`: a folder, a tar, or a gzip/zstd-compressed tar.
    pub fn open(path: &Path) -> Result<Store, ImageError> {
        if path.is_dir() {
            return Ok(Store::Dir(path.to_path_buf()));
        }
        let mut f = std::fs::File::open(path).map_err(ImageError::io_at(path))?;
        let mut magic = [0u8; 4];
        let n = f.read(&mut magic).map_err(ImageError::io_at(path))?;
        f.seek(SeekFrom::Start(0))
            .map_err(ImageError::io_at(path))?;
        if crate::layers::compression(&magic[..n]) != crate::layers::Compression::None {
            let mut bytes = Vec::new();
            crate::layers::decompress(f.take(MAX_COMPRESSED_ARCHIVE))?
                .read_to_end(&mut bytes)
                .map_err(ImageError::io_at(path))?;
            let index = index_tar(Cursor::new(&bytes))?;
            return Ok(Store::TarMem { bytes, index });
        }
        let index = index_tar(std::io::BufReader::new(f))?;
        Ok(Store::TarFile {
            path: path.to_path_buf(),
            index,
        })
    }

    /// A store over an archive held in memory: a tar, or a gzip/zstd-compressed
    /// tar (decompressed, at most [`MAX_COMPRESSED_ARCHIVE`] bytes).
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Store, ImageError> {
        let bytes = if crate::layers::compression(&bytes) == crate::layers::Compression::None {
            bytes
        } else {
            let mut out = Vec::new();
            crate::layers::decompress(Cursor::new(bytes))?
                .take(MAX_COMPRESSED_ARCHIVE)
                .read_to_end(&mut out)
                .map_err(ImageError::io("decompressing the archive"))?;
            out
        };
        let index = index_tar(Cursor::new(&bytes))?;
        Ok(Store::TarMem { bytes, index })
    }

    /// Whether the container has the file `name` (relative, `/`-separated).
    pub fn has(&self, name: &str) -> bool {
        match self {
            Store::Dir(d) => d.join(name).is_file(),
            Store::TarFile { index, .. } | Store::TarMem { index, .. } => index.contains_key(name),
        }
    }

    /// A reader over the file `name`.
    pub fn open_member(&self, name: &str) -> Result<Box<dyn Read + '_>, ImageError> {
        let missing = || ImageError(format!("the image has no file '{name}'"));
        match self {
            Store::Dir(d) => {
                let p = d.join(name);
                let f = std::fs::File::open(&p).map_err(|_| missing())?;
                Ok(Box::new(std::io::BufReader::new(f)))
            }
            Store::TarFile { path, index } => {
                let (off, size) = *index.get(name).ok_or_else(missing)?;
                let mut f = std::fs::File::open(path).map_err(ImageError::io_at(path))?;
                f.seek(SeekFrom::Start(off))
                    .map_err(ImageError::io_at(path))?;
                Ok(Box::new(std::io::BufReader::new(f.take(size))))
            }
            Store::TarMem { bytes, index } => {
                let (off, size) = *index.get(name).ok_or_else(missing)?;
                let start = usize::try_from(off).map_err(|_| missing())?;
                let end = start.saturating_add(usize::try_from(size).map_err(|_| missing())?);
                let slice = bytes.get(start..end).ok_or_else(missing)?;
                Ok(Box::new(slice))
            }
        }
    }

    /// The whole file `name` (for small JSON files).
    pub fn read(&self, name: &str) -> Result<Vec<u8>, ImageError> {
        let mut out = Vec::new();
        self.open_member(name)?
            .take(64 << 20)
            .read_to_end(&mut out)
            .map_err(ImageError::io(name))?;
        Ok(out)
    }
}
