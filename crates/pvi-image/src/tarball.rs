//! A streaming tar reader with bounds: ustar, GNU (long names, base-256
//! sizes, old sparse headers) and PAX (`path`, `linkpath`, `size`).
//!
//! The `tar` crate reads GNU long-name and PAX headers whole, whatever size
//! they claim; here such headers are at most [`MAX_EXTENSION`] bytes and
//! names at most [`MAX_NAME`] bytes, and entry content is only ever
//! streamed. Skipping content seeks where the source can ([`Source`]).

use crate::names::{quote, MAX_NAME};
use std::io::{self, Read};

/// Largest GNU long-name / long-link or PAX header accepted, in bytes.
pub const MAX_EXTENSION: u64 = 1 << 20;

const BLOCK: u64 = 512;

/// A byte source for [`TarReader`]: reads, and skips (by seeking when it
/// can, else by reading).
pub trait Source: Read {
    /// Skips `n` bytes; fails at the end of the data.
    fn skip(&mut self, n: u64) -> io::Result<()> {
        let got = io::copy(&mut self.take(n), &mut io::sink())?;
        if got < n {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "unexpected end of the archive",
            ));
        }
        Ok(())
    }
}

/// A [`Source`] over any reader, skipping by reading.
pub struct Seq<R>(pub R);

impl<R: Read> Read for Seq<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf)
    }
}

impl<R: Read> Source for Seq<R> {}

/// What an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    /// A regular file (also contiguous files).
    File,
    /// A directory.
    Dir,
    /// A symbolic link.
    Symlink,
    /// A hard link to an earlier entry.
    HardLink,
    /// Anything else (devices, FIFOs, sparse files, volume labels…): its
    /// content is skipped.
    Other,
}

/// One entry's header, extensions applied.
#[derive(Debug, Clone)]
pub struct Header {
    /// The name, as stored (not normalised).
    pub name: Vec<u8>,
    /// The link target of links.
    pub link: Vec<u8>,
    /// The type.
    pub kind: Type,
    /// Bytes of content that follow.
    pub size: u64,
    /// Offset of the content from the start of the archive.
    pub offset: u64,
}

/// Reads entries one after the other; the content of the current entry is
/// read through the reader's [`Read`] impl.
pub struct TarReader<R> {
    src: R,
    pos: u64,
    /// Unread content of the current entry.
    left: u64,
    /// Padding after the current entry's content.
    pad: u64,
    done: bool,
}

fn other(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg)
}

/// A NUL-terminated field.
fn field(b: &[u8]) -> &[u8] {
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    &b[..end]
}

/// A numeric field: octal text, or GNU base-256 (high bit set).
fn number(b: &[u8], what: &str) -> io::Result<u64> {
    if b.first().is_some_and(|&c| c & 0x80 != 0) {
        if b[0] != 0x80 {
            return Err(other(format!(
                "negative or oversized {what} in a tar header"
            )));
        }
        let mut n: u64 = 0;
        for &c in &b[1..] {
            n = n
                .checked_mul(256)
                .and_then(|n| n.checked_add(u64::from(c)))
                .ok_or_else(|| other(format!("{what} in a tar header overflows")))?;
        }
        return Ok(n);
    }
    let text = field(b);
    let digits: Vec<u8> = text
        .iter()
        .copied()
        .skip_while(|&c| c == b' ')
        .take_while(|&c| c != b' ')
        .collect();
    let mut n: u64 = 0;
    for c in digits {
        if !(b'0'..=b'7').contains(&c) {
            return Err(other(format!(
                "{what} {} in a tar header is not octal",
                quote(text)
            )));
        }
        n = n
            .checked_mul(8)
            .and_then(|n| n.checked_add(u64::from(c - b'0')))
            .ok_or_else(|| other(format!("{what} in a tar header overflows")))?;
    }
    Ok(n)
}

fn checksum_ok(h: &[u8; 512]) -> io::Result<bool> {
    let want = number(&h[148..156], "checksum")?;
    let (mut unsigned, mut signed) = (0u64, 0i64);
    for (i, &b) in h.iter().enumerate() {
        let b = if (148..156).contains(&i) { b' ' } else { b };
        unsigned += u64::from(b);
        signed += i64::from(b as i8);
    }
    Ok(want == unsigned || i64::try_from(want).is_ok_and(|w| w == signed))
}

/// Extended attributes of a PAX header that matter here.
#[derive(Default)]
struct Pax {
    path: Option<Vec<u8>>,
    linkpath: Option<Vec<u8>>,
    size: Option<u64>,
    sparse: bool,
}

fn parse_pax(data: &[u8]) -> io::Result<Pax> {
    let bad = || other("malformed PAX header in the archive".into());
    let mut pax = Pax::default();
    let mut rest = data;
    while !rest.is_empty() {
        let sp = rest.iter().position(|&c| c == b' ').ok_or_else(bad)?;
        let len: usize = std::str::from_utf8(&rest[..sp])
            .ok()
            .and_then(|s| s.parse().ok())
            .ok_or_else(bad)?;
        if len <= sp + 1 || len > rest.len() || rest[len - 1] != b'\n' {
            return Err(bad());
        }
        let record = &rest[sp + 1..len - 1];
        rest = &rest[len..];
        let eq = record.iter().position(|&c| c == b'=').ok_or_else(bad)?;
        let (key, value) = (&record[..eq], &record[eq + 1..]);
        match key {
            b"path" => pax.path = Some(value.to_vec()),
            b"linkpath" => pax.linkpath = Some(value.to_vec()),
            b"size" => {
                pax.size = Some(
                    std::str::from_utf8(value)
                        .ok()
                        .and_then(|s| s.parse().ok())
                        .ok_or_else(bad)?,
                )
            }
            k if k.starts_with(b"GNU.sparse.") => pax.sparse = true,
            _ => {}
        }
    }
    Ok(pax)
}

impl<R: Source> TarReader<R> {
    /// A reader at the start of an archive.
    pub fn new(src: R) -> Self {
        TarReader {
            src,
            pos: 0,
            left: 0,
            pad: 0,
            done: false,
        }
    }

    /// The source, e.g. to read what follows the archive.
    pub fn into_inner(self) -> R {
        self.src
    }

    fn skip(&mut self, n: u64) -> io::Result<()> {
        self.src.skip(n)?;
        self.pos += n;
        Ok(())
    }

    /// Reads one 512-byte block; `None` at a clean end of the data.
    fn block(&mut self) -> io::Result<Option<[u8; 512]>> {
        let mut b = [0u8; 512];
        let mut got = 0;
        while got < b.len() {
            match self.src.read(&mut b[got..]) {
                Ok(0) => break,
                Ok(n) => got += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        self.pos += got as u64;
        match got {
            0 => Ok(None),
            512 => Ok(Some(b)),
            _ => Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the archive ends inside a tar header",
            )),
        }
    }

    /// Reads the content of an extension header (at most [`MAX_EXTENSION`]).
    fn extension(&mut self, size: u64) -> io::Result<Vec<u8>> {
        if size > MAX_EXTENSION {
            return Err(other(format!(
                "a tar extension header claims {size} bytes, more than the {MAX_EXTENSION} allowed"
            )));
        }
        let mut data = vec![0u8; size as usize];
        self.src.read_exact(&mut data).map_err(|_| {
            io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the archive ends inside a tar extension header",
            )
        })?;
        self.pos += size;
        self.skip(padding(size))?;
        Ok(data)
    }

    /// The next entry (skipping the rest of the current one); `None` at the
    /// end of the archive.
    pub fn next_entry(&mut self) -> io::Result<Option<Header>> {
        if self.done {
            return Ok(None);
        }
        let rest = self.left + self.pad;
        self.left = 0;
        self.pad = 0;
        self.skip(rest)?;
        let (mut long_name, mut long_link, mut pax) = (None, None, Pax::default());
        loop {
            let Some(h) = self.block()? else {
                self.done = true;
                return Ok(None);
            };
            if h.iter().all(|&b| b == 0) {
                self.done = true;
                return Ok(None);
            }
            if !checksum_ok(&h)? {
                return Err(other(format!(
                    "tar header checksum mismatch at offset {}",
                    self.pos - BLOCK
                )));
            }
            let size = number(&h[124..136], "size")?;
            match h[156] {
                b'L' => long_name = Some(field(&self.extension(size)?).to_vec()),
                b'K' => long_link = Some(field(&self.extension(size)?).to_vec()),
                b'x' => pax = parse_pax(&self.extension(size)?)?,
                b'g' => {
                    self.extension(size)?;
                }
                t => {
                    let ustar = &h[257..263] == b"ustar\0";
                    let gnu = &h[257..265] == b"ustar  \0";
                    let name = match (pax.path.take(), long_name.take()) {
                        (Some(p), _) | (None, Some(p)) => p,
                        (None, None) => {
                            let name = field(&h[0..100]);
                            let prefix = if ustar { field(&h[345..500]) } else { &[][..] };
                            if prefix.is_empty() {
                                name.to_vec()
                            } else {
                                [prefix, b"/", name].concat()
                            }
                        }
                    };
                    let link = match (pax.linkpath.take(), long_link.take()) {
                        (Some(l), _) | (None, Some(l)) => l,
                        (None, None) => field(&h[157..257]).to_vec(),
                    };
                    if name.len() > MAX_NAME || link.len() > MAX_NAME {
                        return Err(other(format!(
                            "tar entry {} has a name or link longer than {MAX_NAME} bytes",
                            quote(&name)
                        )));
                    }
                    let mut kind = match t {
                        b'0' | b'\0' | b'7' => Type::File,
                        b'1' => Type::HardLink,
                        b'2' => Type::Symlink,
                        b'5' => Type::Dir,
                        _ => Type::Other,
                    };
                    if t == b'S' && gnu && h[482] != 0 {
                        // old GNU sparse: extension blocks follow while flagged
                        loop {
                            let e = self.block()?.ok_or_else(|| {
                                io::Error::new(
                                    io::ErrorKind::UnexpectedEof,
                                    "the archive ends inside a sparse header",
                                )
                            })?;
                            if e[504] == 0 {
                                break;
                            }
                        }
                    }
                    if pax.sparse {
                        kind = Type::Other;
                    }
                    // header-only types carry no content, whatever the size
                    // field says (as Go's archive/tar reads them)
                    let header_only = matches!(t, b'1' | b'2' | b'3' | b'4' | b'5' | b'6');
                    let size = if header_only {
                        0
                    } else {
                        pax.size.unwrap_or(size)
                    };
                    self.left = size;
                    self.pad = padding(size);
                    return Ok(Some(Header {
                        name,
                        link,
                        kind,
                        size,
                        offset: self.pos,
                    }));
                }
            }
        }
    }

    /// Skips the rest of the archive's data (blocks after the end marker).
    pub fn drain(&mut self) -> io::Result<()> {
        io::copy(&mut self.src, &mut io::sink())?;
        Ok(())
    }
}

fn padding(size: u64) -> u64 {
    (BLOCK - size % BLOCK) % BLOCK
}

impl<R: Source> Read for TarReader<R> {
    /// Reads the current entry's content.
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.left == 0 {
            return Ok(0);
        }
        let want = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.src.read(&mut buf[..want])?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the archive ends inside an entry's content",
            ));
        }
        self.left -= n as u64;
        self.pos += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (name, type, link, content) of each entry.
    type Entries = Vec<(Vec<u8>, Type, Vec<u8>, Vec<u8>)>;

    fn entries(bytes: &[u8]) -> io::Result<Entries> {
        let mut r = TarReader::new(Seq(bytes));
        let mut out = Vec::new();
        while let Some(h) = r.next_entry()? {
            let mut content = Vec::new();
            r.read_to_end(&mut content)?;
            out.push((h.name, h.kind, h.link, content));
        }
        Ok(out)
    }

    #[test]
    fn reads_what_the_tar_crate_writes() {
        let mut b = tar::Builder::new(Vec::new());
        let long = format!("epics/{}/file.yaml", "d".repeat(300));
        let mut h = tar::Header::new_gnu();
        h.set_size(5);
        h.set_mode(0o644);
        b.append_data(&mut h, &long, &b"hello"[..]).unwrap();
        let mut h = tar::Header::new_ustar();
        h.set_entry_type(tar::EntryType::Symlink);
        h.set_size(0);
        b.append_link(&mut h, "a/link", "../x/y".repeat(30))
            .unwrap();
        let mut h = tar::Header::new_ustar();
        h.set_entry_type(tar::EntryType::Directory);
        h.set_size(0);
        h.set_cksum();
        b.append_data(&mut h, "dir/", io::empty()).unwrap();
        let bytes = b.into_inner().unwrap();
        let e = entries(&bytes).unwrap();
        assert_eq!(e.len(), 3);
        assert_eq!(e[0].0, long.as_bytes());
        assert_eq!(e[0].3, b"hello");
        assert_eq!(
            (e[1].1, e[1].2.clone()),
            (Type::Symlink, "../x/y".repeat(30).into_bytes())
        );
        assert_eq!(e[2].1, Type::Dir);
    }

    #[test]
    fn huge_extension_headers_are_refused() {
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(tar::EntryType::GNULongName);
        h.set_size(1 << 40);
        h.set_cksum();
        let mut bytes = h.as_bytes().to_vec();
        bytes.extend_from_slice(&[b'a'; 512]);
        let e = entries(&bytes).unwrap_err();
        assert!(e.to_string().contains("extension header claims"), "{e}");
    }

    #[test]
    fn truncated_and_corrupt_archives_fail() {
        let mut b = tar::Builder::new(Vec::new());
        let mut h = tar::Header::new_gnu();
        h.set_size(2000);
        b.append_data(&mut h, "f", &[1u8; 2000][..]).unwrap();
        let bytes = b.into_inner().unwrap();
        assert!(entries(&bytes[..1000]).is_err());
        assert!(entries(&bytes[..100]).is_err());
        let mut bad = bytes.clone();
        bad[10] ^= 1;
        assert!(entries(&bad).unwrap_err().to_string().contains("checksum"));
        assert!(entries(&[]).unwrap().is_empty());
    }

    #[test]
    fn pax_overrides() {
        let pax = b"27 path=pax/name/is/longer\n".to_vec();
        let mut h = tar::Header::new_ustar();
        h.set_entry_type(tar::EntryType::XHeader);
        h.set_size(pax.len() as u64);
        h.set_cksum();
        let mut bytes = h.as_bytes().to_vec();
        bytes.extend_from_slice(&pax);
        bytes.resize(1024, 0);
        let mut h = tar::Header::new_ustar();
        h.set_path("short").unwrap();
        h.set_size(3);
        h.set_cksum();
        bytes.extend_from_slice(h.as_bytes());
        bytes.extend_from_slice(b"abc");
        bytes.resize(2048 + 1024, 0);
        let e = entries(&bytes).unwrap();
        assert_eq!(e[0].0, b"pax/name/is/longer");
        assert_eq!(e[0].3, b"abc");
    }
}
