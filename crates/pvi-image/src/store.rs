//! Where an image's files are: an image folder (OCI layout, or an
//! unpacked `docker save`), an uncompressed tar read in place (entries
//! found by seeking past content), or a compressed tar read as a stream,
//! twice: once to list it and keep its small JSON files, once for the
//! layers.
//!
//! The only module of pvi-image that touches the file system. In a folder,
//! names are checked (no `..`, not absolute) and opened one component at a
//! time without following symlinks (on Linux through `/proc/self/fd`, so a
//! swapped folder cannot redirect the open); only regular files are read,
//! and a FIFO is refused without blocking.

#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use crate::budget::{Budget, Expanding};
use crate::layers::{compression, decompress, Compression};
use crate::names::{quote, relative};
use crate::tarball::{self, Header, Seq, TarReader, Type};
use crate::ImageError;
use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Largest JSON file (index, manifest, config) read.
pub const MAX_JSON: u64 = 4 << 20;

/// An archive's bytes: a file read at offsets, or memory.
enum Src {
    File(File),
    Mem(Arc<[u8]>),
}

impl Src {
    fn len(&self) -> io::Result<u64> {
        match self {
            Src::File(f) => Ok(f.metadata()?.len()),
            Src::Mem(m) => Ok(m.len() as u64),
        }
    }

    fn at(&self, pos: u64, len: u64) -> At<'_> {
        At {
            src: self,
            pos,
            end: pos.saturating_add(len),
        }
    }

    fn read_at(&self, buf: &mut [u8], pos: u64) -> io::Result<usize> {
        match self {
            #[cfg(unix)]
            Src::File(f) => std::os::unix::fs::FileExt::read_at(f, buf, pos),
            #[cfg(windows)]
            Src::File(f) => std::os::windows::fs::FileExt::seek_read(f, buf, pos),
            Src::Mem(m) => {
                let start = usize::try_from(pos).unwrap_or(usize::MAX).min(m.len());
                let n = buf.len().min(m.len() - start);
                buf[..n].copy_from_slice(&m[start..start + n]);
                Ok(n)
            }
        }
    }
}

/// A window `pos..end` of a [`Src`], read without moving a shared cursor.
struct At<'a> {
    src: &'a Src,
    pos: u64,
    end: u64,
}

impl Read for At<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.end.saturating_sub(self.pos);
        let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        if want == 0 {
            return Ok(0);
        }
        let n = self.src.read_at(&mut buf[..want], self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl tarball::Source for At<'_> {
    fn skip(&mut self, n: u64) -> io::Result<()> {
        if self.end.saturating_sub(self.pos) < n {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "unexpected end of the archive",
            ));
        }
        self.pos += n;
        Ok(())
    }
}

enum Inner {
    /// An image folder: its path and an open handle on it.
    Dir { path: PathBuf, root: File },
    /// An uncompressed tar: member → (offset, size).
    Tar {
        src: Src,
        index: BTreeMap<String, (u64, u64)>,
    },
    /// A compressed tar: member → size, the small JSON members, and how
    /// many bytes the first pass decompressed.
    Stream {
        src: Src,
        decoded: u64,
        index: BTreeMap<String, u64>,
        small: BTreeMap<String, Arc<[u8]>>,
    },
}

/// Read access to the files of an image container (folder or archive).
pub struct Store {
    inner: Inner,
}

fn io_err(what: &str) -> impl Fn(io::Error) -> ImageError + '_ {
    move |e| ImageError(format!("{what}: {e}"))
}

/// An archive whose very first header is unreadable is no tar at all: say
/// what was expected instead of the tar header's complaint.
fn not_an_image_if(first: bool, e: ImageError) -> ImageError {
    if first {
        ImageError(
            "not an image: expected an OCI layout folder, an OCI archive or a docker save \
             tarball (plain, gzip or zstd)"
                .to_string(),
        )
    } else {
        e
    }
}

/// Whether `bytes` start like JSON (an object or array).
fn looks_json(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'{' || b == b'[')
}

/// Lists an uncompressed tar, seeking past content.
fn index_tar(src: &Src, budget: &Budget) -> Result<BTreeMap<String, (u64, u64)>, ImageError> {
    let len = src.len().map_err(io_err("reading the archive"))?;
    let mut tar = TarReader::new(src.at(0, len));
    let mut index = BTreeMap::new();
    let mut first = true;
    while let Some(h) = tar
        .next_entry()
        .map_err(|e| not_an_image_if(first, io_err("reading the archive")(e)))?
    {
        first = false;
        let Some(name) = member_name(&h, budget)? else {
            continue;
        };
        index.insert(name, (h.offset, h.size));
    }
    Ok(index)
}

/// The checked name of an archive member that is a file (`None` for
/// others), counted against the entry and kept-bytes budgets.
fn member_name(h: &Header, budget: &Budget) -> Result<Option<String>, ImageError> {
    budget
        .entry()
        .map_err(|e| ImageError(format!("the archive {e}")))?;
    if h.kind != Type::File {
        return Ok(None);
    }
    let name = relative(&h.name, "archive member").map_err(ImageError)?;
    budget
        .keep(name.len() as u64)
        .map_err(|e| ImageError(format!("the archive {e}")))?;
    Ok(Some(name))
}

type Listing = (BTreeMap<String, u64>, BTreeMap<String, Arc<[u8]>>, u64);

/// First pass over a compressed tar: members, small JSON members, bytes
/// decompressed.
fn list_stream(src: &Src, budget: &Budget) -> Result<Listing, ImageError> {
    let len = src.len().map_err(io_err("reading the archive"))?;
    let before = budget.expanded();
    let (dec, _) = decompress(src.at(0, len)).map_err(io_err("reading the archive"))?;
    let mut tar = TarReader::new(Seq(Expanding { inner: dec, budget }));
    let (mut index, mut small) = (BTreeMap::new(), BTreeMap::new());
    let fail = |e: io::Error| ImageError(format!("the archive {e}"));
    while let Some(h) = tar.next_entry().map_err(fail)? {
        let Some(name) = member_name(&h, budget)? else {
            continue;
        };
        if h.size <= MAX_JSON {
            let mut bytes = Vec::with_capacity(h.size as usize);
            tar.read_to_end(&mut bytes).map_err(fail)?;
            if looks_json(&bytes) {
                budget
                    .keep(h.size)
                    .map_err(|e| ImageError(format!("the archive {e}")))?;
                small.insert(name.clone(), Arc::from(bytes));
            }
        }
        index.insert(name, h.size);
    }
    Ok((index, small, budget.expanded() - before))
}

/// Opens the image path given by the user (symlinks followed): a folder
/// or a regular file, never blocking on a FIFO.
fn open_user_path(path: &Path) -> Result<File, ImageError> {
    let mut o = std::fs::OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut o, libc::O_NONBLOCK | libc::O_NOCTTY);
    // the caller names the path: the messages here say what is wrong with it
    let f = o.open(path).map_err(|e| ImageError(e.to_string()))?;
    let t = f
        .metadata()
        .map_err(|e| ImageError(e.to_string()))?
        .file_type();
    if !t.is_file() && !t.is_dir() {
        return Err(ImageError(format!(
            "not a folder or a regular file ({})",
            file_type_name(&t)
        )));
    }
    Ok(f)
}

fn file_type_name(t: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a folder"
    } else if t.is_symlink() {
        "a symbolic link"
    } else if t.is_file() {
        "a regular file"
    } else {
        "not a regular file"
    }
}

/// Opens `name` (checked, relative) below the folder `root` without
/// following symlinks; only a regular file is returned.
fn open_below(root_path: &Path, root: &File, name: &str) -> Result<File, ImageError> {
    let shown = quote(name.as_bytes());
    let parts: Vec<&str> = name.split('/').collect();
    let f = open_parts(root_path, root, &parts).map_err(|(i, e)| {
        let what = if i + 1 == parts.len() {
            shown.clone()
        } else {
            format!("{} (on the way to {shown})", quote(parts[..=i].join("/").as_bytes()))
        };
        // for the message only: what is there (the open did not follow it)
        let is_link = std::fs::symlink_metadata(root_path.join(parts[..=i].join("/")))
            .is_ok_and(|m| m.file_type().is_symlink());
        if is_link {
            return ImageError(format!(
                "{what} is a symbolic link: not followed (the image's files must be inside its folder)"
            ));
        }
        match e.raw_os_error() {
            #[cfg(unix)]
            Some(libc::ENOTDIR) => ImageError(format!("{what} is not a folder")),
            _ if e.kind() == io::ErrorKind::NotFound => {
                ImageError(format!("the image has no file {shown}"))
            }
            _ => ImageError(format!("{what}: {e}")),
        }
    })?;
    let t = f
        .metadata()
        .map_err(|e| ImageError(format!("{shown}: {e}")))?
        .file_type();
    if !t.is_file() {
        return Err(ImageError(format!(
            "{shown} is {}, not a regular file",
            file_type_name(&t)
        )));
    }
    Ok(f)
}

/// Opens each component of `parts` in the one before, without following
/// symlinks; the error carries the index of the failing component.
fn open_parts(root_path: &Path, root: &File, parts: &[&str]) -> Result<File, (usize, io::Error)> {
    let mut o = std::fs::OpenOptions::new();
    o.read(true);
    #[cfg(target_os = "linux")]
    if Path::new("/proc/self/fd").is_dir() {
        use std::os::unix::fs::OpenOptionsExt;
        use std::os::unix::io::AsRawFd;
        let mut dir = root.try_clone().map_err(|e| (0, e))?;
        for (i, part) in parts.iter().enumerate() {
            let last = i + 1 == parts.len();
            let flags = libc::O_NOFOLLOW
                | if last {
                    libc::O_NONBLOCK | libc::O_NOCTTY
                } else {
                    libc::O_DIRECTORY
                };
            // "/proc/self/fd/N/part" is "part" looked up in the folder of
            // fd N (an openat() without unsafe code)
            let p = format!("/proc/self/fd/{}/{part}", dir.as_raw_fd());
            let f = o.clone().custom_flags(flags).open(p).map_err(|e| (i, e))?;
            if last {
                return Ok(f);
            }
            dir = f;
        }
        return Err((0, io::Error::from(io::ErrorKind::NotFound)));
    }
    let _ = root;
    // elsewhere: check each folder on the way, then open the last
    // component without following it
    let mut p = root_path.to_path_buf();
    for (i, part) in parts.iter().enumerate() {
        p.push(part);
        let m = std::fs::symlink_metadata(&p).map_err(|e| (i, e))?;
        let last = i + 1 == parts.len();
        if m.file_type().is_symlink() {
            #[cfg(unix)]
            return Err((i, io::Error::from_raw_os_error(libc::ELOOP)));
            #[cfg(not(unix))]
            return Err((i, io::Error::other("a symbolic link: not followed")));
        }
        if !last && !m.is_dir() {
            return Err((i, io::Error::other("not a folder")));
        }
    }
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut o,
        libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY,
    );
    o.open(&p).map_err(|e| (parts.len().saturating_sub(1), e))
}

impl Store {
    /// Opens `path`: a folder, a tar, or a gzip/zstd-compressed tar.
    pub fn open(path: &Path, budget: &Budget) -> Result<Store, ImageError> {
        let f = open_user_path(path)?;
        let is_dir = f
            .metadata()
            .map_err(io_err(&path.display().to_string()))?
            .is_dir();
        if is_dir {
            return Ok(Store {
                inner: Inner::Dir {
                    path: path.to_path_buf(),
                    root: f,
                },
            });
        }
        Self::from_src(Src::File(f), budget)
    }

    /// A store over an archive held in memory: a tar, or a gzip/zstd-compressed tar.
    pub fn from_bytes(bytes: Vec<u8>, budget: &Budget) -> Result<Store, ImageError> {
        Self::from_src(Src::Mem(Arc::from(bytes)), budget)
    }

    fn from_src(src: Src, budget: &Budget) -> Result<Store, ImageError> {
        let mut magic = [0u8; 4];
        let n = src
            .read_at(&mut magic, 0)
            .map_err(io_err("reading the archive"))?;
        let inner = if compression(&magic[..n]) == Compression::None {
            let index = index_tar(&src, budget)?;
            Inner::Tar { src, index }
        } else {
            let (index, small, decoded) = list_stream(&src, budget)?;
            Inner::Stream {
                src,
                decoded,
                index,
                small,
            }
        };
        Ok(Store { inner })
    }

    /// Whether the container has something at `name` (a checked relative
    /// name; in a folder a symlink counts, opening it then fails).
    pub fn has(&self, name: &str) -> bool {
        match &self.inner {
            Inner::Dir { path, .. } => std::fs::symlink_metadata(path.join(name)).is_ok(),
            Inner::Tar { index, .. } => index.contains_key(name),
            Inner::Stream { index, .. } => index.contains_key(name),
        }
    }

    /// The whole small file `name` (JSON: index, manifests, configs), at
    /// most [`MAX_JSON`] bytes.
    pub fn read_small(&self, name: &str) -> Result<Arc<[u8]>, ImageError> {
        let shown = quote(name.as_bytes());
        let too_big = |n: u64| {
            ImageError(format!(
                "{shown} has {n} bytes, more than the {MAX_JSON} read as JSON"
            ))
        };
        let read = |r: &mut dyn Read, size: u64| -> Result<Arc<[u8]>, ImageError> {
            if size > MAX_JSON {
                return Err(too_big(size));
            }
            let mut out = Vec::with_capacity(size as usize);
            r.take(MAX_JSON + 1)
                .read_to_end(&mut out)
                .map_err(|e| ImageError(format!("{shown}: {e}")))?;
            if out.len() as u64 > MAX_JSON {
                return Err(too_big(out.len() as u64));
            }
            Ok(Arc::from(out))
        };
        match &self.inner {
            Inner::Dir { path, root } => {
                let f = open_below(path, root, name)?;
                let size = f.metadata().map(|m| m.len()).unwrap_or(0);
                read(&mut io::BufReader::new(f), size)
            }
            Inner::Tar { src, index } => {
                let &(off, size) = index.get(name).ok_or_else(|| missing(name))?;
                read(&mut src.at(off, size), size)
            }
            Inner::Stream { small, index, .. } => match (small.get(name), index.get(name)) {
                (Some(b), _) => Ok(b.clone()),
                (None, Some(&size)) if size > MAX_JSON => Err(too_big(size)),
                (None, Some(_)) => Err(ImageError(format!("{shown} is not JSON"))),
                (None, None) => Err(missing(name)),
            },
        }
    }

    /// Calls `f` with a reader over each member of `names` (each once, in
    /// the order given for folders and plain tars, in archive order for
    /// compressed ones).
    pub fn visit(
        &self,
        names: &[String],
        f: &mut dyn FnMut(&str, &mut dyn Read) -> Result<(), ImageError>,
    ) -> Result<(), ImageError> {
        let mut wanted: BTreeSet<&str> = names.iter().map(String::as_str).collect();
        match &self.inner {
            Inner::Dir { path, root } => {
                for n in names {
                    if wanted.remove(n.as_str()) {
                        let file = open_below(path, root, n)?;
                        f(n, &mut io::BufReader::with_capacity(1 << 16, file))?;
                    }
                }
                Ok(())
            }
            Inner::Tar { src, index } => {
                for n in names {
                    if wanted.remove(n.as_str()) {
                        let &(off, size) = index.get(n.as_str()).ok_or_else(|| missing(n))?;
                        f(
                            n,
                            &mut io::BufReader::with_capacity(1 << 16, src.at(off, size)),
                        )?;
                    }
                }
                Ok(())
            }
            Inner::Stream {
                src,
                decoded,
                index,
                small,
            } => {
                for n in names {
                    if let Some(b) = small.get(n.as_str()) {
                        if wanted.remove(n.as_str()) {
                            f(n, &mut &b[..])?;
                        }
                    } else if !index.contains_key(n.as_str()) {
                        return Err(missing(n));
                    }
                }
                if wanted.is_empty() {
                    return Ok(());
                }
                // second pass: the same bytes as the first (no more)
                let len = src.len().map_err(io_err("reading the archive"))?;
                let (dec, _) = decompress(src.at(0, len)).map_err(io_err("reading the archive"))?;
                let mut tar = TarReader::new(Seq(dec.take(*decoded)));
                let fail = |e: io::Error| ImageError(format!("reading the archive again: {e}"));
                while let Some(h) = tar.next_entry().map_err(fail)? {
                    if h.kind != Type::File {
                        continue;
                    }
                    let Ok(name) = relative(&h.name, "archive member") else {
                        continue;
                    };
                    if wanted.remove(name.as_str()) {
                        f(&name, &mut tar)?;
                        if wanted.is_empty() {
                            return Ok(());
                        }
                    }
                }
                match wanted.first() {
                    Some(n) => Err(ImageError(format!(
                        "{} was not found when reading the archive again (did it change?)",
                        quote(n.as_bytes())
                    ))),
                    None => Ok(()),
                }
            }
        }
    }
}

fn missing(name: &str) -> ImageError {
    ImageError(format!("the image has no file {}", quote(name.as_bytes())))
}
