//! Content digests (`sha256:…`, `sha512:…`): parsing, and checking a blob
//! while it streams past ([`Verify`]).
//!
//! SHA-2 comes from RustCrypto's `sha2` (pure Rust, uses the CPU's SHA
//! instructions when present); the OCI image spec registers exactly these
//! two algorithms.

use crate::names::{human, quote};
use sha2::Digest as _;
use std::io::Read;

/// A digest algorithm of the OCI image spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Alg {
    /// SHA-256 (64 hex digits).
    Sha256,
    /// SHA-512 (128 hex digits).
    Sha512,
}

/// A parsed digest: algorithm and lower-case hex.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Digest {
    /// The algorithm.
    pub alg: Alg,
    /// The hex digits (lower case, the algorithm's length).
    pub hex: String,
}

impl std::fmt::Display for Digest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.alg.name(), self.hex)
    }
}

impl Alg {
    /// The name in digests (`sha256`).
    pub fn name(self) -> &'static str {
        match self {
            Alg::Sha256 => "sha256",
            Alg::Sha512 => "sha512",
        }
    }

    fn hex_len(self) -> usize {
        match self {
            Alg::Sha256 => 64,
            Alg::Sha512 => 128,
        }
    }
}

impl Digest {
    /// Parses `alg:hex`; only sha256 and sha512 with lower-case hex of the
    /// right length are accepted (so a digest is always a safe file name).
    pub fn parse(text: &str) -> Result<Digest, String> {
        let bad = |why: &str| format!("digest {} {why}", quote(text.as_bytes()));
        let (alg, hex) = text.split_once(':').ok_or_else(|| bad("has no ':'"))?;
        let alg = match alg {
            "sha256" => Alg::Sha256,
            "sha512" => Alg::Sha512,
            _ => return Err(bad("uses an algorithm other than sha256 or sha512")),
        };
        if hex.len() != alg.hex_len()
            || !hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        {
            return Err(bad(&format!(
                "is not {} lower-case hex digits",
                alg.hex_len()
            )));
        }
        Ok(Digest {
            alg,
            hex: hex.to_string(),
        })
    }

    /// The blob's path in an OCI layout: `blobs/<alg>/<hex>`.
    pub fn blob_path(&self) -> String {
        format!("blobs/{}/{}", self.alg.name(), self.hex)
    }
}

enum Hasher {
    Sha256(sha2::Sha256),
    Sha512(sha2::Sha512),
}

impl Hasher {
    fn new(alg: Alg) -> Self {
        match alg {
            Alg::Sha256 => Hasher::Sha256(sha2::Sha256::new()),
            Alg::Sha512 => Hasher::Sha512(sha2::Sha512::new()),
        }
    }

    fn update(&mut self, bytes: &[u8]) {
        match self {
            Hasher::Sha256(h) => h.update(bytes),
            Hasher::Sha512(h) => h.update(bytes),
        }
    }

    fn hex(self) -> String {
        fn hex(bytes: &[u8]) -> String {
            bytes.iter().map(|b| format!("{b:02x}")).collect()
        }
        match self {
            Hasher::Sha256(h) => hex(&h.finalize()),
            Hasher::Sha512(h) => hex(&h.finalize()),
        }
    }
}

/// The digest of `bytes`.
pub fn of(alg: Alg, bytes: &[u8]) -> Digest {
    let mut h = Hasher::new(alg);
    h.update(bytes);
    Digest { alg, hex: h.hex() }
}

/// A reader that hashes and counts what passes through, for checking a
/// blob against its digest and size once it has been read to the end
/// ([`Verify::finish`]). Reading past `size` fails at once.
pub struct Verify<R> {
    inner: R,
    hasher: Option<(Hasher, Digest)>,
    size: Option<u64>,
    count: u64,
}

impl<R: Read> Verify<R> {
    /// Checks `inner` against `digest` and `size` (either may be absent).
    pub fn new(inner: R, digest: Option<&Digest>, size: Option<u64>) -> Self {
        Verify {
            inner,
            hasher: digest.map(|d| (Hasher::new(d.alg), d.clone())),
            size,
            count: 0,
        }
    }

    /// Reads the rest, then compares size and digest; the error names both
    /// the expected and the actual value.
    pub fn finish(mut self) -> Result<(), String> {
        std::io::copy(&mut self, &mut std::io::sink()).map_err(|e| e.to_string())?;
        if let Some(size) = self.size {
            if self.count != size {
                return Err(format!(
                    "size mismatch: the descriptor says {size} bytes, the blob has {}",
                    self.count
                ));
            }
        }
        if let Some((h, want)) = self.hasher {
            let got = Digest {
                alg: want.alg,
                hex: h.hex(),
            };
            // cargo-fuzz builds (--cfg fuzzing, never a release) compute and
            // compare digests but let mutated blobs through, so that the
            // fuzzer reaches the layer readers behind them
            if got != want && !cfg!(fuzzing) {
                return Err(format!("digest mismatch: expected {want}, got {got}"));
            }
        }
        Ok(())
    }
}

impl<R: Read> Read for Verify<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count += n as u64;
        if let Some(size) = self.size {
            if self.count > size {
                return Err(std::io::Error::other(format!(
                    "the blob is longer than the {} its descriptor gives",
                    human(size)
                )));
            }
        }
        if let Some((h, _)) = &mut self.hasher {
            h.update(&buf[..n]);
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_check() {
        let d = of(Alg::Sha256, b"abc");
        assert_eq!(
            d.to_string(),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(Digest::parse(&d.to_string()).unwrap(), d);
        assert!(Digest::parse(&of(Alg::Sha512, b"").to_string()).is_ok());
        for bad in [
            "sha256:../../x",
            "md5:00",
            "sha256:ABC",
            "sha256",
            "sha256:",
        ] {
            assert!(Digest::parse(bad).is_err(), "{bad}");
        }
        assert!(Verify::new(&b"abc"[..], Some(&d), Some(3)).finish().is_ok());
        if !cfg!(fuzzing) {
            let e = Verify::new(&b"abd"[..], Some(&d), None)
                .finish()
                .unwrap_err();
            assert!(e.contains(&format!("expected {d}, got sha256:")), "{e}");
        }
        assert!(Verify::new(&b"abcd"[..], Some(&d), Some(3))
            .finish()
            .is_err());
        assert!(Verify::new(&b"ab"[..], None, Some(3)).finish().is_err());
    }
}
