//! A [`World`] that serves some folders from an image and the rest from
//! another world (the disk): `EPICS_ROOT/pvi-defs` → `/epics/pvi-defs` of
//! the image, while the instance, overrides and outputs stay local.

use crate::Tree;
use pvi_core::world::{ReadError, World};

/// Folders of a base world replaced by folders of an image.
pub struct Mounted<'a> {
    base: &'a dyn World,
    image: &'a Tree,
    mounts: Vec<(String, String)>,
}

fn trim(p: &str) -> &str {
    let t = p.trim_end_matches('/');
    if t.is_empty() {
        "/"
    } else {
        t
    }
}

impl<'a> Mounted<'a> {
    /// `base` with no mounts yet.
    pub fn new(base: &'a dyn World, image: &'a Tree) -> Self {
        Mounted {
            base,
            image,
            mounts: Vec::new(),
        }
    }

    /// Serves `local` (and below) from the image folder `in_image`.
    pub fn mount(mut self, local: &str, in_image: &str) -> Self {
        self.mounts
            .push((trim(local).to_string(), trim(in_image).to_string()));
        self
    }

    /// The image path for `path`, if it is below a mount.
    fn map(&self, path: &str) -> Option<String> {
        let path = trim(path);
        for (local, img) in &self.mounts {
            if path == local {
                return Some(img.clone());
            }
            if let Some(rest) = path.strip_prefix(local.as_str()) {
                if let Some(rest) = rest.strip_prefix('/') {
                    return Some(format!("{}/{rest}", img.trim_end_matches('/')));
                }
            }
        }
        None
    }
}

impl World for Mounted<'_> {
    fn read_bytes(&self, path: &str) -> Result<Vec<u8>, ReadError> {
        match self.map(path) {
            Some(p) => self.image.read_bytes(&p),
            None => self.base.read_bytes(path),
        }
    }

    fn is_dir(&self, path: &str) -> bool {
        match self.map(path) {
            Some(p) => self.image.is_dir(&p),
            None => self.base.is_dir(path),
        }
    }

    fn list_dir(&self, path: &str) -> Vec<String> {
        match self.map(path) {
            Some(p) => self.image.list_dir(&p),
            None => self.base.list_dir(path),
        }
    }
}

/// A [`World`] that looks every path up in an image first, then in a base
/// world (for `pvi format --image`: device files and include folders given
/// as image paths, formatter and outputs local).
pub struct ImageFirst<'a> {
    base: &'a dyn World,
    image: &'a Tree,
}

impl<'a> ImageFirst<'a> {
    /// The image over `base`.
    pub fn new(base: &'a dyn World, image: &'a Tree) -> Self {
        ImageFirst { base, image }
    }
}

impl World for ImageFirst<'_> {
    fn read_bytes(&self, path: &str) -> Result<Vec<u8>, ReadError> {
        match self.image.read_bytes(path) {
            Err(ReadError::NotFound) => self.base.read_bytes(path),
            other => other,
        }
    }

    fn is_dir(&self, path: &str) -> bool {
        self.image.is_dir(path) || self.base.is_dir(path)
    }

    fn list_dir(&self, path: &str) -> Vec<String> {
        if self.image.is_dir(path) {
            self.image.list_dir(path)
        } else {
            self.base.list_dir(path)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Kind;
    use pvi_core::MemoryWorld;
    use std::sync::Arc;

    #[test]
    fn mounted_folders_come_from_the_image() {
        let mut t = Tree::default();
        t.add(
            "/epics/pvi-defs/A.pvi.device.yaml".into(),
            Kind::File(Some(Arc::from(&b"label: A\n"[..]))),
        );
        let disk = MemoryWorld::new()
            .with("root/ioc/config/ioc.yaml", "x")
            .with("root/pvi-defs/A.pvi.device.yaml", "label: disk\n");
        let w = Mounted::new(&disk, &t).mount("root/pvi-defs", "/epics/pvi-defs");
        assert_eq!(
            w.read_text("root/pvi-defs/A.pvi.device.yaml").unwrap(),
            "label: A\n"
        );
        assert_eq!(w.read_text("root/ioc/config/ioc.yaml").unwrap(), "x");
        assert!(w.is_dir("root/pvi-defs"));
        assert_eq!(w.list_dir("root/pvi-defs/"), vec!["A.pvi.device.yaml"]);
    }
}
