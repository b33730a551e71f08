//! The merged file tree of an image: directories, files (content kept for
//! the files pvi-rs may read), symlinks; read through the `World` trait.

use pvi_core::world::{ReadError, World};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Most symlinks followed while resolving one path.
const MAX_LINKS: usize = 40;

/// What is at a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A directory.
    Dir,
    /// A regular file; `None` when its content was not kept.
    File(Option<Arc<Vec<u8>>>),
    /// A symbolic link to the target text.
    Symlink(String),
    /// A hard link to another path of the image (resolved when added).
    HardLink(String),
}

/// Paths (absolute, `/`-separated, normalised) → what is there.
#[derive(Debug, Clone, Default)]
pub struct Tree {
    nodes: BTreeMap<String, Kind>,
}

fn children_prefix(dir: &str) -> String {
    if dir == "/" {
        "/".to_string()
    } else {
        format!("{dir}/")
    }
}

impl Tree {
    /// Removes `path` and everything below it; with `only_below`, keeps
    /// `path` itself (an opaque whiteout).
    pub fn remove(&mut self, path: &str, only_below: bool) {
        if !only_below {
            self.nodes.remove(path);
        }
        let prefix = children_prefix(path);
        let below: Vec<String> = self
            .nodes
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .map(|(k, _)| k.clone())
            .collect();
        for k in below {
            self.nodes.remove(&k);
        }
    }

    /// Adds an entry of a layer (replacing a non-directory, or a directory
    /// by a non-directory with everything below it).
    pub fn add(&mut self, path: String, kind: Kind) {
        let kind = match kind {
            Kind::HardLink(target) => match self.nodes.get(&target) {
                Some(k @ Kind::File(_)) => k.clone(),
                _ => Kind::File(None),
            },
            k => k,
        };
        if kind == Kind::Dir {
            if !matches!(self.nodes.get(&path), Some(Kind::Dir)) {
                self.nodes.insert(path, Kind::Dir);
            }
            return;
        }
        if matches!(self.nodes.get(&path), Some(Kind::Dir)) {
            self.remove(&path, false);
        }
        self.nodes.insert(path, kind);
    }

    /// Follows symlinks in every component of `path`; `None` on a loop.
    pub fn resolve(&self, path: &str) -> Option<String> {
        let mut pending: Vec<String> = path
            .split('/')
            .filter(|p| !p.is_empty() && *p != ".")
            .rev()
            .map(str::to_string)
            .collect();
        let mut cur: Vec<String> = Vec::new();
        let mut hops = 0;
        while let Some(part) = pending.pop() {
            if part == ".." {
                cur.pop();
                continue;
            }
            cur.push(part);
            let here = format!("/{}", cur.join("/"));
            if let Some(Kind::Symlink(target)) = self.nodes.get(&here) {
                hops += 1;
                if hops > MAX_LINKS {
                    return None;
                }
                cur.pop();
                if target.starts_with('/') {
                    cur.clear();
                }
                for p in target
                    .split('/')
                    .rev()
                    .filter(|p| !p.is_empty() && *p != ".")
                {
                    pending.push(p.to_string());
                }
            }
        }
        Some(format!("/{}", cur.join("/")))
    }

    /// What is at `path` after following symlinks.
    pub fn get(&self, path: &str) -> Option<&Kind> {
        self.nodes.get(&self.resolve(path)?)
    }

    /// Names directly inside the directory `path` (symlinks followed), sorted.
    pub fn children(&self, path: &str) -> Vec<String> {
        let Some(dir) = self.resolve(path) else {
            return Vec::new();
        };
        let prefix = children_prefix(&dir);
        let mut names: Vec<String> = self
            .nodes
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .filter_map(|(k, _)| k[prefix.len()..].split('/').next().map(str::to_string))
            .filter(|n| !n.is_empty())
            .collect();
        names.dedup();
        names
    }

    /// Whether `path` is a directory (explicit or implied by its contents).
    pub fn is_dir_path(&self, path: &str) -> bool {
        let Some(dir) = self.resolve(path) else {
            return false;
        };
        match self.nodes.get(&dir) {
            Some(Kind::Dir) => true,
            Some(_) => false,
            None => {
                let prefix = children_prefix(&dir);
                dir == "/"
                    || self
                        .nodes
                        .range(prefix.clone()..)
                        .next()
                        .is_some_and(|(k, _)| k.starts_with(&prefix))
            }
        }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether the tree is empty.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }
}

impl World for Tree {
    fn read_bytes(&self, path: &str) -> Result<Vec<u8>, ReadError> {
        match self.get(path) {
            Some(Kind::File(Some(bytes))) => Ok(bytes.as_ref().clone()),
            Some(Kind::File(None)) => Err(ReadError::Other(format!(
                "{path}: the content of this image file was not loaded (too large or not a YAML file)"
            ))),
            Some(Kind::Dir) => Err(ReadError::Other(format!("{path}: is a directory"))),
            _ => Err(ReadError::NotFound),
        }
    }

    fn is_dir(&self, path: &str) -> bool {
        self.is_dir_path(path)
    }

    fn list_dir(&self, path: &str) -> Vec<String> {
        self.children(path)
    }
}
