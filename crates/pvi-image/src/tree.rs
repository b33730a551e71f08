//! The merged file tree of an image: directories, files (content kept for
//! the files pvi-rs may read, shared — never copied by the tree),
//! symlinks; read through the `World` trait.
//!
//! Every read through `World` hands out a copy, so reads are counted
//! against a budget ([`crate::Limits::max_read`]): a thousand links to one
//! large file cost what reading it a thousand times would, and stop there.

use crate::layers::Delta;
use crate::names::{human, MAX_NAME};
use crate::Limits;
use pvi_core::world::{ReadError, World};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Most path components walked resolving one path (symlink targets
/// included).
pub const MAX_STEPS: usize = 16 * 1024;

/// What is at a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A directory.
    Dir,
    /// A regular file; `None` when its content was not kept (not a file
    /// pvi-rs reads).
    File(Option<Arc<[u8]>>),
    /// A regular file larger than the per-file limit: its size.
    TooLarge(u64),
    /// A symbolic link to the target text.
    Symlink(String),
    /// A hard link to another path of the image (resolved when added).
    HardLink(String),
}

/// Paths (absolute, `/`-separated, normalised) → what is there.
#[derive(Debug, Default)]
pub struct Tree {
    nodes: BTreeMap<String, Kind>,
    limits: Limits,
    read: AtomicU64,
}

impl Clone for Tree {
    fn clone(&self) -> Self {
        Tree {
            nodes: self.nodes.clone(),
            limits: self.limits,
            read: AtomicU64::new(self.read.load(Ordering::Relaxed)),
        }
    }
}

fn children_prefix(dir: &str) -> String {
    if dir == "/" {
        "/".to_string()
    } else {
        format!("{dir}/")
    }
}

impl Tree {
    /// An empty tree under `limits` (links followed per path, bytes read,
    /// the per-file limit named in messages).
    pub fn with_limits(limits: Limits) -> Self {
        Tree {
            limits,
            ..Tree::default()
        }
    }

    fn max_links(&self) -> usize {
        self.limits.max_links
    }

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
                Some(k @ (Kind::File(_) | Kind::TooLarge(_))) => k.clone(),
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

    /// Lays one layer on top: its whiteouts first (they hide lower layers
    /// only), then its entries.
    pub fn apply(&mut self, delta: Delta) {
        for (path, opaque) in delta.outs {
            self.remove(&path, opaque);
        }
        for (path, kind) in delta.adds {
            self.add(path, kind);
        }
    }

    /// Follows symlinks in every component of `path`; `None` past the
    /// link limit (a loop, or a chain too long), past [`MAX_STEPS`]
    /// components or a path longer than [`MAX_NAME`] bytes.
    pub fn resolve(&self, path: &str) -> Option<String> {
        let mut pending: Vec<&str> = path
            .split('/')
            .filter(|p| !p.is_empty() && *p != ".")
            .rev()
            .collect();
        // the path so far, and where each of its components starts
        let mut here = String::new();
        let mut starts: Vec<usize> = Vec::new();
        let (mut hops, mut steps) = (0, 0);
        while let Some(part) = pending.pop() {
            steps += 1;
            if steps > MAX_STEPS {
                return None;
            }
            if part == ".." {
                if let Some(at) = starts.pop() {
                    here.truncate(at);
                }
                continue;
            }
            starts.push(here.len());
            here.push('/');
            here.push_str(part);
            if here.len() > MAX_NAME {
                return None;
            }
            if let Some(Kind::Symlink(target)) = self.nodes.get(&here) {
                hops += 1;
                if hops > self.max_links() {
                    return None;
                }
                let at = if target.starts_with('/') {
                    0
                } else {
                    starts.last().copied().unwrap_or(0)
                };
                here.truncate(at);
                starts.retain(|&s| s < at);
                if at == 0 {
                    starts.clear();
                }
                pending.extend(
                    target
                        .split('/')
                        .rev()
                        .filter(|p| !p.is_empty() && *p != "."),
                );
            }
        }
        Some(if here.is_empty() {
            "/".to_string()
        } else {
            here
        })
    }

    /// What is at `path` after following symlinks.
    pub fn get(&self, path: &str) -> Option<&Kind> {
        self.nodes.get(&self.resolve(path)?)
    }

    /// The content of the file at `path`, shared (not copied, not counted
    /// against the read budget).
    pub fn read_shared(&self, path: &str) -> Result<Arc<[u8]>, ReadError> {
        match self.get(path) {
            Some(Kind::File(Some(bytes))) => Ok(bytes.clone()),
            Some(Kind::File(None)) => Err(ReadError::Other(format!(
                "{path}: the content of this image file was not loaded (not a YAML file)"
            ))),
            Some(Kind::TooLarge(size)) => Err(ReadError::Other(format!(
                "{path}: this image file has {}, more than the {} kept per file (limit, --image-max-file)",
                human(*size),
                human(self.limits.max_file)
            ))),
            Some(Kind::Dir) => Err(ReadError::Other(format!("{path}: is a directory"))),
            None if self.resolve(path).is_none() => Err(ReadError::Other(format!(
                "{path}: more than {} symbolic links on the way (a loop?)",
                self.max_links()
            ))),
            _ => Err(ReadError::NotFound),
        }
    }

    /// Names directly inside the directory `path` (symlinks followed), sorted.
    pub fn children(&self, path: &str) -> Vec<String> {
        let Some(dir) = self.resolve(path) else {
            return Vec::new();
        };
        let prefix = children_prefix(&dir);
        let mut names: Vec<String> = Vec::new();
        let mut from = prefix.clone();
        while let Some((k, _)) = self.nodes.range(from.clone()..).next() {
            let Some(rest) = k.strip_prefix(&prefix) else {
                break;
            };
            let name = rest.split('/').next().unwrap_or(rest);
            if !name.is_empty() && names.last().map(String::as_str) != Some(name) {
                names.push(name.to_string());
            }
            from = if rest.contains('/') {
                // inside the child's subtree: jump past it ("name/…" < "name0";
                // siblings such as "name.b" sort before "name/" and came already)
                format!("{prefix}{name}0")
            } else {
                format!("{k}\0")
            };
        }
        names.sort();
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
        let bytes = self.read_shared(path)?;
        let max = self.limits.max_read;
        let before = self.read.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        if before.saturating_add(bytes.len() as u64) > max {
            return Err(ReadError::Other(format!(
                "{path}: reading it would pass {} read from the image in this run (limit, --image-max-read)",
                human(max)
            )));
        }
        Ok(bytes.to_vec())
    }

    fn is_dir(&self, path: &str) -> bool {
        self.is_dir_path(path)
    }

    fn is_file(&self, path: &str) -> bool {
        matches!(self.get(path), Some(Kind::File(Some(_))))
    }

    fn list_dir(&self, path: &str) -> Vec<String> {
        self.children(path)
    }
}
