//! pvi-image: the files of a container image, read in place.
//!
//! Opens an OCI image layout folder, an OCI archive (a tar of such a
//! folder) or a `docker save` tarball (plain or gzip/zstd compressed),
//! follows the manifest to its layers, applies them bottom-up with
//! whiteouts, and serves the result as a [`pvi_core::World`] — so a Generic
//! IOC image's `/epics/pvi-defs` and `/epics/ibek-defs` can be read without
//! pulling, running or unpacking the image.

pub mod layers;
pub mod manifest;
pub mod mount;
pub mod store;
pub mod tree;

pub use mount::{ImageFirst, Mounted};
pub use tree::{Kind, Tree};

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
/// support files may be symlinks into other folders) and JSON files.
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
    /// Opens the image at `path`; `reference` picks a tag / ref name when
    /// the container holds several images.
    pub fn open(path: &Path, reference: Option<&str>) -> Result<Image, ImageError> {
        Self::open_with(path, reference, &default_keep)
    }

    /// [`Image::open`] keeping the content of the files `keep` accepts.
    pub fn open_with(
        path: &Path,
        reference: Option<&str>,
        keep: &dyn Fn(&str) -> bool,
    ) -> Result<Image, ImageError> {
        Self::from_store(&store::Store::open(path)?, reference, keep)
    }

    /// An image from an archive held in memory (OCI archive or `docker
    /// save` tarball, plain or gzip/zstd compressed), keeping the files
    /// `keep` accepts.
    pub fn from_bytes(
        bytes: Vec<u8>,
        reference: Option<&str>,
        keep: &dyn Fn(&str) -> bool,
    ) -> Result<Image, ImageError> {
        Self::from_store(&store::Store::from_bytes(bytes)?, reference, keep)
    }

    /// The image of `store`: its manifest's layers applied bottom-up.
    pub fn from_store(
        store: &store::Store,
        reference: Option<&str>,
        keep: &dyn Fn(&str) -> bool,
    ) -> Result<Image, ImageError> {
        let layers = manifest::layers(store, reference)?;
        let mut tree = Tree::default();
        for l in &layers {
            let r = store.open_member(l)?;
            layers::apply_layer(&mut tree, layers::decompress(r)?, keep)
                .map_err(|e| ImageError(format!("layer {l}: {e}")))?;
        }
        Ok(Image { tree, layers })
    }
}

#[cfg(test)]
mod tests;
