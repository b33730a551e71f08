//! Layer blobs: decompression (gzip, zstd, none — sniffed from the bytes)
//! and applying a layer's tar onto the file tree, whiteouts included.

use crate::tree::{Kind, Tree};
use crate::ImageError;
use std::io::{BufRead, BufReader, Read};

/// Largest file whose content is kept in memory.
pub const MAX_KEPT_FILE: u64 = 16 << 20;

/// Compression of a blob.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// Plain tar.
    None,
    /// gzip.
    Gzip,
    /// Zstandard.
    Zstd,
}

/// Sniffs the compression from the first bytes.
pub fn compression(magic: &[u8]) -> Compression {
    match magic {
        [0x1f, 0x8b, ..] => Compression::Gzip,
        [0x28, 0xb5, 0x2f, 0xfd, ..] => Compression::Zstd,
        _ => Compression::None,
    }
}

/// A reader over the decompressed bytes of `r`.
pub fn decompress<'a, R: Read + 'a>(r: R) -> Result<Box<dyn Read + 'a>, ImageError> {
    let mut br = BufReader::with_capacity(1 << 16, r);
    let magic = br
        .fill_buf()
        .map_err(ImageError::io("reading a layer"))?
        .to_vec();
    Ok(match compression(&magic) {
        Compression::None => Box::new(br),
        Compression::Gzip => Box::new(flate2::bufread::MultiGzDecoder::new(br)),
        Compression::Zstd => Box::new(ZstdFrames { src: br, cur: None }),
    })
}

/// Decodes consecutive zstd frames (skippable frames are skipped).
struct ZstdFrames<R: BufRead> {
    src: R,
    cur: Option<Vec<u8>>,
}

impl<R: BufRead> ZstdFrames<R> {
    fn next_frame(&mut self) -> std::io::Result<bool> {
        loop {
            let head = self.src.fill_buf()?;
            if head.is_empty() {
                return Ok(false);
            }
            if head.len() >= 8
                && (0x50..=0x5f).contains(&head[0])
                && head[1..4] == [0x2a, 0x4d, 0x18]
            {
                let len = u32::from_le_bytes([head[4], head[5], head[6], head[7]]) as u64;
                std::io::copy(&mut (&mut self.src).take(8 + len), &mut std::io::sink())?;
                continue;
            }
            let mut dec = ruzstd::decoding::StreamingDecoder::new(&mut self.src)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string()))?;
            let mut out = Vec::new();
            dec.read_to_end(&mut out)?;
            out.reverse();
            self.cur = Some(out);
            return Ok(true);
        }
    }
}

impl<R: BufRead> Read for ZstdFrames<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            if let Some(cur) = &mut self.cur {
                if !cur.is_empty() {
                    let n = buf.len().min(cur.len());
                    for b in buf.iter_mut().take(n) {
                        *b = cur.pop().unwrap_or_default();
                    }
                    return Ok(n);
                }
            }
            if !self.next_frame()? {
                return Ok(0);
            }
        }
    }
}

/// Normalises a path inside a layer to an absolute image path.
pub fn image_path(name: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in name.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

/// Applies one layer (a tar stream) on top of `tree`: whiteouts first (they
/// hide lower layers only), then the layer's entries.
pub fn apply_layer<R: Read>(
    tree: &mut Tree,
    layer: R,
    keep: &dyn Fn(&str) -> bool,
) -> Result<(), ImageError> {
    let mut a = tar::Archive::new(layer);
    let mut adds: Vec<(String, Kind)> = Vec::new();
    let mut outs: Vec<(String, bool)> = Vec::new();
    for e in a.entries().map_err(ImageError::io("reading a layer"))? {
        let mut e = e.map_err(ImageError::io("reading a layer"))?;
        let raw = e
            .path()
            .map_err(ImageError::io("reading a layer member name"))?;
        let path = image_path(&raw.to_string_lossy());
        let (dir, base) = path.rsplit_once('/').unwrap_or(("", &path));
        let dir = if dir.is_empty() { "/" } else { dir };
        if base == ".wh..wh..opq" {
            outs.push((dir.to_string(), true));
            continue;
        }
        if let Some(hidden) = base.strip_prefix(".wh.") {
            outs.push((image_path(&format!("{dir}/{hidden}")), false));
            continue;
        }
        let t = e.header().entry_type();
        let kind = if t.is_dir() {
            Kind::Dir
        } else if t.is_symlink() {
            let target = e
                .link_name()
                .map_err(ImageError::io("reading a symlink"))?
                .map(|l| l.to_string_lossy().into_owned())
                .unwrap_or_default();
            Kind::Symlink(target)
        } else if t.is_hard_link() {
            let target = e
                .link_name()
                .map_err(ImageError::io("reading a hard link"))?
                .map(|l| image_path(&l.to_string_lossy()))
                .unwrap_or_default();
            Kind::HardLink(target)
        } else if t.is_file() || t == tar::EntryType::Continuous {
            if e.size() <= MAX_KEPT_FILE && keep(&path) {
                let mut bytes = Vec::with_capacity(e.size() as usize);
                e.read_to_end(&mut bytes)
                    .map_err(ImageError::io("reading a layer file"))?;
                Kind::File(Some(std::sync::Arc::new(bytes)))
            } else {
                Kind::File(None)
            }
        } else {
            continue;
        };
        adds.push((path, kind));
    }
    for (path, opaque) in outs {
        tree.remove(&path, opaque);
    }
    for (path, kind) in adds {
        tree.add(path, kind);
    }
    Ok(())
}
