//! pvi-image: the files of a container image, read in place.
//!
//! Opens an OCI image layout folder, an OCI archive (a tar of such a
//! folder) or a `docker save` tarball (plain or gzip/zstd compressed),
//! follows the manifest to its layers, applies them bottom-up with
//! whiteouts, and serves the result as a [`pvi_core::World`] — so a Generic
//! IOC image's `/epics/pvi-defs` and `/epics/ibek-defs` can be read without
//! pulling, running or unpacking the image.
//!
//! The image is untrusted input: names stay inside it, blobs are checked
//! against their digests, and memory, decompression and entries are
//! bounded by [`Limits`] (docs/security.md). Only `store` does I/O.

pub mod budget;
pub mod digest;
pub mod layers;
pub mod manifest;
pub mod mount;
pub mod names;
pub mod store;
pub mod tarball;
pub mod tree;

pub use budget::{Budget, Limits};
pub use mount::{ImageFirst, Mounted};
pub use tree::{Kind, Tree};

use digest::Verify;
use layers::{Compression, Delta};
use manifest::LayerRef;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

/// Why an image could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageError(pub String);

impl std::fmt::Display for ImageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ImageError {}

impl ImageError {
    /// Maps an I/O error, saying what was being done.
    pub fn io(what: &str) -> impl Fn(std::io::Error) -> ImageError + '_ {
        move |e| ImageError(format!("{what}: {e}"))
    }

    /// Maps an I/O error on `path`.
    pub fn io_at(path: &Path) -> impl Fn(std::io::Error) -> ImageError + '_ {
        move |e| ImageError(format!("{}: {e}", path.display()))
    }
}

/// Whether a file's content is kept: YAML files anywhere (device and
/// support files may be symlinks into other folders).
pub fn default_keep(path: &str) -> bool {
    path.ends_with(".yaml") || path.ends_with(".yml")
}

/// An opened image: its merged file tree.
#[derive(Debug, Clone)]
pub struct Image {
    /// The files.
    pub tree: Tree,
    /// Layer blobs applied, bottom first.
    pub layers: Vec<String>,
}

impl Image {
    /// Opens the image at `path` under the default [`Limits`]; `reference`
    /// picks a tag / ref name when the container holds several images.
    pub fn open(path: &Path, reference: Option<&str>) -> Result<Image, ImageError> {
        Self::open_with(path, reference, &default_keep, &Limits::default())
    }

    /// [`Image::open`] keeping the content of the files `keep` accepts,
    /// under `limits`.
    pub fn open_with(
        path: &Path,
        reference: Option<&str>,
        keep: &dyn Fn(&str) -> bool,
        limits: &Limits,
    ) -> Result<Image, ImageError> {
        let budget = Budget::new(*limits);
        Self::from_store(
            &store::Store::open(path, &budget)?,
            reference,
            keep,
            &budget,
        )
    }

    /// An image from an archive held in memory (OCI archive or `docker
    /// save` tarball, plain or gzip/zstd compressed), keeping the files
    /// `keep` accepts, under `limits`.
    pub fn from_bytes(
        bytes: Vec<u8>,
        reference: Option<&str>,
        keep: &dyn Fn(&str) -> bool,
        limits: &Limits,
    ) -> Result<Image, ImageError> {
        let budget = Budget::new(*limits);
        Self::from_store(
            &store::Store::from_bytes(bytes, &budget)?,
            reference,
            keep,
            &budget,
        )
    }

    /// The image of `store`: its manifest's layers, each checked against its
    /// digest, applied bottom-up.
    pub fn from_store(
        store: &store::Store,
        reference: Option<&str>,
        keep: &dyn Fn(&str) -> bool,
        budget: &Budget,
    ) -> Result<Image, ImageError> {
        let layers = manifest::layers(store, reference)?;
        let mut by_name: BTreeMap<&str, &LayerRef> = BTreeMap::new();
        for l in &layers {
            if let Some(seen) = by_name.insert(&l.name, l) {
                if seen != l {
                    return Err(ImageError(format!(
                        "{} is listed twice with different digests",
                        l.label
                    )));
                }
            }
        }
        let names: Vec<String> = layers.iter().map(|l| l.name.clone()).collect();
        let mut deltas: BTreeMap<String, Delta> = BTreeMap::new();
        store.visit(&names, &mut |name, raw| {
            let l = by_name.get(name).ok_or_else(|| {
                ImageError(format!(
                    "unexpected member {}",
                    names::quote(name.as_bytes())
                ))
            })?;
            let delta = read_blob(raw, l, keep, budget)
                .map_err(|e| ImageError(format!("{}: {e}", l.label)))?;
            deltas.insert(name.to_string(), delta);
            Ok(())
        })?;
        let mut tree = Tree::with_limits(budget.limits);
        for (i, l) in layers.iter().enumerate() {
            let again = layers[i + 1..].iter().any(|m| m.name == l.name);
            let delta = if again {
                deltas.get(&l.name).cloned()
            } else {
                deltas.remove(&l.name)
            };
            tree.apply(delta.ok_or_else(|| ImageError(format!("{} was not read", l.label)))?);
        }
        Ok(Image {
            tree,
            layers: names,
        })
    }
}

/// Reads one layer blob: checks the stored bytes against the descriptor
/// (digest, size) and the uncompressed tar against the diff_id, while
/// streaming both.
fn read_blob(
    raw: &mut dyn Read,
    l: &LayerRef,
    keep: &dyn Fn(&str) -> bool,
    budget: &Budget,
) -> Result<Delta, String> {
    let mut stored = Verify::new(raw, l.digest.as_ref(), l.size);
    let delta = {
        let (dec, c) = layers::decompress(&mut stored).map_err(|e| e.to_string())?;
        let dec: Box<dyn Read + '_> = match c {
            Compression::None => dec,
            _ => Box::new(budget::Expanding { inner: dec, budget }),
        };
        let mut tar = Verify::new(dec, l.diff_id.as_ref(), None);
        let delta = layers::read_layer(&mut tar, keep, budget)?;
        if l.diff_id.is_some() {
            tar.finish()
                .map_err(|e| format!("the uncompressed layer (diff_id): {e}"))?;
        }
        delta
    };
    stored.finish()?;
    Ok(delta)
}

#[cfg(test)]
mod tests;
