//! The limits an image is read under ([`Limits`], documented defaults and
//! the CLI flags that change them) and the running account of one open
//! ([`Budget`]).

use crate::names::human;
use std::cell::Cell;

/// Bounds on what reading one image may cost (docs/security.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes that decompression (gzip/zstd layers, a compressed outer
    /// archive) may produce in all (`--image-max-bytes`, 2 GiB).
    pub max_expanded: u64,
    /// Largest file whose content is kept; larger files are listed but
    /// their reads fail (`--image-max-file`, 64 MiB, pvi's YAML limit).
    pub max_file: u64,
    /// Bytes kept in memory in all: file content, names, link targets,
    /// cached manifests (`--image-max-kept`, 128 MiB).
    pub max_kept: u64,
    /// Bytes handed out by reads of the image's files, counted at every
    /// read: bounds what symlink fan-out costs (`--image-max-read`, 128 MiB).
    pub max_read: u64,
    /// Entries of all layers and of the outer archive
    /// (`--image-max-entries`, 500,000).
    pub max_entries: u64,
    /// Symbolic links followed while resolving one path (40, as Linux).
    pub max_links: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_expanded: 2 << 30,
            max_file: 64 << 20,
            max_kept: 128 << 20,
            max_read: 128 << 20,
            max_entries: 500_000,
            max_links: 40,
        }
    }
}

/// What one open of an image has used so far, against its [`Limits`].
#[derive(Debug)]
pub struct Budget {
    /// The limits.
    pub limits: Limits,
    expanded: Cell<u64>,
    kept: Cell<u64>,
    entries: Cell<u64>,
}

impl Budget {
    /// A fresh account.
    pub fn new(limits: Limits) -> Self {
        Budget {
            limits,
            expanded: Cell::new(0),
            kept: Cell::new(0),
            entries: Cell::new(0),
        }
    }

    /// Counts `n` decompressed bytes.
    pub fn expand(&self, n: u64) -> std::io::Result<()> {
        let total = self.expanded.get().saturating_add(n);
        self.expanded.set(total);
        if total > self.limits.max_expanded {
            return Err(std::io::Error::other(format!(
                "expands past {} of decompressed data (limit, --image-max-bytes)",
                human(self.limits.max_expanded)
            )));
        }
        Ok(())
    }

    /// Counts `n` bytes kept in memory.
    pub fn keep(&self, n: u64) -> Result<(), String> {
        let total = self.kept.get().saturating_add(n);
        self.kept.set(total);
        if total > self.limits.max_kept {
            return Err(format!(
                "keeps more than {} of file content and names in memory (limit, --image-max-kept)",
                human(self.limits.max_kept)
            ));
        }
        Ok(())
    }

    /// Counts one entry.
    pub fn entry(&self) -> Result<(), String> {
        let total = self.entries.get() + 1;
        self.entries.set(total);
        if total > self.limits.max_entries {
            return Err(format!(
                "has more than {} entries (limit, --image-max-entries)",
                self.limits.max_entries
            ));
        }
        Ok(())
    }

    /// Decompressed bytes so far.
    pub fn expanded(&self) -> u64 {
        self.expanded.get()
    }
}

/// A reader that counts what it yields as decompressed bytes.
pub struct Expanding<'b, R> {
    /// The decompressor.
    pub inner: R,
    /// The account.
    pub budget: &'b Budget,
}

impl<R: std::io::Read> std::io::Read for Expanding<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.budget.expand(n as u64)?;
        Ok(n)
    }
}
