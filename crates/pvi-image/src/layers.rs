//! Layer blobs: decompression (gzip, zstd, none — sniffed from the bytes,
//! always streamed) and reading a layer's tar into a [`Delta`]: its
//! whiteouts and entries, to lay onto the tree below it.

use crate::budget::Budget;
use crate::names::{quote, relative};
use crate::tarball::{Seq, TarReader, Type};
use crate::tree::Kind;
use std::io::{BufRead, BufReader, Read};
use std::sync::Arc;

/// Largest zstd window accepted (the `zstd` tool's default limit too):
/// a frame's window is memory the decoder keeps.
pub const MAX_ZSTD_WINDOW: u64 = 128 << 20;

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

/// A reader over the decompressed bytes of `r`, and the compression found.
pub fn decompress<'a, R: Read + 'a>(r: R) -> std::io::Result<(Box<dyn Read + 'a>, Compression)> {
    let mut br = BufReader::with_capacity(1 << 16, r);
    let c = compression(br.fill_buf()?);
    Ok(match c {
        Compression::None => (Box::new(br), c),
        Compression::Gzip => (Box::new(flate2::bufread::MultiGzDecoder::new(br)), c),
        Compression::Zstd => (Box::new(ZstdFrames::Between(br)), c),
    })
}

/// Decodes consecutive zstd frames as a stream (skippable frames skipped);
/// memory is the frame's window, at most [`MAX_ZSTD_WINDOW`].
enum ZstdFrames<R: BufRead> {
    Between(R),
    Frame(Box<ruzstd::decoding::StreamingDecoder<R, ruzstd::decoding::FrameDecoder>>),
    Broken,
}

fn zstd_error(e: ruzstd::decoding::errors::FrameDecoderError) -> std::io::Error {
    use ruzstd::decoding::errors::FrameDecoderError as E;
    let msg = match e {
        E::WindowSizeTooBig { requested, .. } => format!(
            "a zstd frame needs a {} window, more than the {} allowed",
            crate::names::human(requested),
            crate::names::human(MAX_ZSTD_WINDOW)
        ),
        e => format!("invalid zstd data: {e}"),
    };
    std::io::Error::new(std::io::ErrorKind::InvalidData, msg)
}

impl<R: BufRead> Read for ZstdFrames<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            match std::mem::replace(self, ZstdFrames::Broken) {
                ZstdFrames::Frame(mut d) => {
                    let n = d.read(buf)?;
                    if n > 0 || buf.is_empty() {
                        *self = ZstdFrames::Frame(d);
                        return Ok(n);
                    }
                    *self = ZstdFrames::Between(d.into_inner());
                }
                ZstdFrames::Between(mut src) => {
                    let head = src.fill_buf()?;
                    if head.is_empty() {
                        *self = ZstdFrames::Between(src);
                        return Ok(0);
                    }
                    if head.len() >= 8
                        && (0x50..=0x5f).contains(&head[0])
                        && head[1..4] == [0x2a, 0x4d, 0x18]
                    {
                        let len =
                            u64::from(u32::from_le_bytes([head[4], head[5], head[6], head[7]]));
                        std::io::copy(&mut (&mut src).take(8 + len), &mut std::io::sink())?;
                        *self = ZstdFrames::Between(src);
                        continue;
                    }
                    let d = ruzstd::decoding::StreamingDecoder::new_with_max_window_size(
                        src,
                        MAX_ZSTD_WINDOW,
                    )
                    .map_err(zstd_error)?;
                    *self = ZstdFrames::Frame(Box::new(d));
                }
                ZstdFrames::Broken => {
                    return Err(std::io::Error::other("the zstd stream failed before"))
                }
            }
        }
    }
}

/// What one layer does to the tree below it.
#[derive(Debug, Clone, Default)]
pub struct Delta {
    /// Whiteouts: (path, opaque — only what is below the path).
    pub outs: Vec<(String, bool)>,
    /// Entries, in archive order.
    pub adds: Vec<(String, Kind)>,
}

/// An entry name inside a layer as an absolute image path (`./a/b` →
/// `/a/b`); `..` and absolute names are refused.
pub fn image_path(name: &[u8]) -> Result<String, String> {
    if !name.starts_with(b"/")
        && name
            .split(|&b| b == b'/')
            .all(|p| p.is_empty() || p == b".")
    {
        // "./": the root itself (umoci and tar -C dir . write it)
        return Ok("/".into());
    }
    relative(name, "entry").map(|p| format!("/{p}"))
}

/// Reads one layer (a tar stream) into a [`Delta`], keeping the content of
/// files `keep` accepts (up to the per-file limit) and charging `budget`.
/// Errors name the entry.
pub fn read_layer<R: Read>(
    layer: R,
    keep: &dyn Fn(&str) -> bool,
    budget: &Budget,
) -> Result<Delta, String> {
    let mut tar = TarReader::new(Seq(layer));
    let mut delta = Delta::default();
    loop {
        let h = match tar.next_entry() {
            Ok(Some(h)) => h,
            Ok(None) => break,
            Err(e) => return Err(e.to_string()),
        };
        budget.entry()?;
        let at = |e: String| format!("entry {}: {e}", quote(&h.name));
        budget.keep((h.name.len() + h.link.len()) as u64)?;
        let path = image_path(&h.name)?;
        if path == "/" {
            continue;
        }
        if h.name.iter().any(|&b| b < 0x20 || b == 0x7f) {
            // a name with control characters would reach terminals through
            // listings and messages: left out of the tree
            continue;
        }
        let (dir, base) = path.rsplit_once('/').unwrap_or(("", &path));
        let dir = if dir.is_empty() { "/" } else { dir };
        if base == ".wh..wh..opq" {
            delta.outs.push((dir.to_string(), true));
            continue;
        }
        if base.starts_with(".wh..wh.") {
            // other AUFS metadata (.wh..wh.plnk, .wh..wh.aufs): not files
            continue;
        }
        if let Some(hidden) = base.strip_prefix(".wh.") {
            if hidden.is_empty() || hidden == "." || hidden == ".." {
                return Err(at("a whiteout of nothing".into()));
            }
            let p = if dir == "/" {
                format!("/{hidden}")
            } else {
                format!("{dir}/{hidden}")
            };
            delta.outs.push((p, false));
            continue;
        }
        let kind = match h.kind {
            Type::Dir => Kind::Dir,
            Type::Symlink => Kind::Symlink(String::from_utf8_lossy(&h.link).into()),
            Type::HardLink => Kind::HardLink(image_path(&h.link).map_err(at)?),
            Type::File if h.size > budget.limits.max_file => Kind::TooLarge(h.size),
            Type::File if keep(&path) => {
                budget.keep(h.size).map_err(at)?;
                // one allocation, filled in place (no copy into the Arc)
                let mut bytes: Arc<[u8]> = std::iter::repeat_n(0u8, h.size as usize).collect();
                if let Some(buf) = Arc::get_mut(&mut bytes) {
                    tar.read_exact(buf).map_err(|e| at(e.to_string()))?;
                }
                Kind::File(Some(bytes))
            }
            Type::File => Kind::File(None),
            Type::Other => continue,
        };
        delta.adds.push((path, kind));
    }
    Ok(delta)
}
