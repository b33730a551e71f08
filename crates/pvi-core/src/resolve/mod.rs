//! Loading device files through the [`World`] and resolving their includes.

mod cache;
mod include;
mod limits;
mod macros;
mod merge;
mod module;

pub use cache::ParseCache;
pub(crate) use include::chain_text;
pub use include::resolve;
pub use limits::{ExpandLimits, MAX_INCLUDE_DEPTH};
pub use macros::substitute;
pub use merge::merge_components;
pub use module::load_module_devices;

use crate::diag::{DiagKind, Diagnostic, Diags, Failure};
use crate::model::Device;
use crate::parse::{self, DEVICE_SUFFIX};
use crate::source::Sources;
use crate::world::{ReadError, World};
use crate::yaml::Limits;

/// Reads files through a [`World`] and keeps their text for diagnostics.
pub struct Loader<'w> {
    world: &'w dyn World,
    /// Every file read so far.
    pub sources: Sources,
    /// Limits applied to every YAML file read.
    pub limits: Limits,
    /// Limits on include and IOC entity expansion.
    pub expand: ExpandLimits,
    /// Files already decoded, by path (an IOC includes the same bases many
    /// times): the file, and a copy of the device once it was asked for twice
    /// (most files are loaded once; copying each one up front cost a tenth
    /// of a large run).
    devices: indexmap::IndexMap<String, (crate::FileId, Option<Device>)>,
    /// Parsed files to reuse across runs when their text is unchanged (none
    /// by default; the browser preview keeps one between keystrokes).
    pub cache: Option<ParseCache>,
}

impl<'w> Loader<'w> {
    /// A loader over `world`.
    pub fn new(world: &'w dyn World) -> Self {
        Loader {
            world,
            sources: Sources::new(),
            limits: Limits::default(),
            expand: ExpandLimits::default(),
            devices: indexmap::IndexMap::new(),
            cache: None,
        }
    }

    /// Ends the run with `diags`: moves the files read into a [`Failure`]
    /// that renders them (the loader is spent afterwards).
    pub fn fail(&mut self, diags: Diags) -> Failure {
        Failure::new(diags, std::mem::take(&mut self.sources))
    }

    /// The world files are read from.
    pub fn world(&self) -> &'w dyn World {
        self.world
    }

    /// Reads a text file and registers it; errors name the path.
    pub fn read(&mut self, path: &str) -> Result<crate::FileId, Diags> {
        match self.world.read_text(path) {
            Ok(text) => Ok(self.sources.add(path, text)),
            Err(ReadError::NotFound) => Err(vec![Diagnostic::error(
                DiagKind::Io,
                format!("No such file or directory: '{path}'"),
            )]),
            Err(ReadError::NotUtf8 { offset }) => {
                // keep the valid prefix so the snippet points at the bad byte
                let bytes = self.world.read_bytes(path).unwrap_or_default();
                let id = self
                    .sources
                    .add(path, String::from_utf8_lossy(&bytes).into_owned());
                let at = crate::Span::new(id, offset, offset);
                Err(vec![Diagnostic::error(
                    DiagKind::Yaml,
                    "file is not valid UTF-8",
                )
                .at(at)
                .with_label("this byte is not UTF-8")
                .with_note("device files must be UTF-8 encoded")])
            }
            Err(e) => Err(vec![Diagnostic::error(
                DiagKind::Io,
                format!("{path}: {e}"),
            )]),
        }
    }

    /// Loads and validates a `*.pvi.device.yaml` file (no include resolution).
    ///
    /// A file read before in this run is decoded once (files do not change
    /// during a run).
    pub fn load_device(&mut self, path: &str) -> Result<Device, Diags> {
        parse::check_suffix(path, DEVICE_SUFFIX).map_err(|d| vec![d])?;
        if let Some((id, copy)) = self.devices.get(path) {
            if let Some(d) = copy {
                return Ok(d.clone());
            }
            // second request: decode the text read before again, keep a copy
            let id = *id;
            let device = self.decode(path, id)?;
            self.devices
                .insert(path.to_string(), (id, Some(device.clone())));
            return Ok(device);
        }
        let id = self.read(path)?;
        let device = self.decode(path, id)?;
        self.devices.insert(path.to_string(), (id, None));
        Ok(device)
    }

    /// Decodes the file `id` read from `path` (through the parse cache, if any).
    fn decode(&mut self, path: &str, id: crate::FileId) -> Result<Device, Diags> {
        let text = &self.sources.get(id).text;
        if let Some(dev) = self.cache.as_ref().and_then(|c| c.get(path, id, text)) {
            return Ok(dev);
        }
        let node = crate::yaml::load(text, id, self.limits).map_err(|d| vec![d])?;
        let device = parse::decode_device_of(&node, text)?;
        if let Some(c) = self.cache.as_mut() {
            c.insert(path, id, &self.sources.get(id).text, &device);
        }
        Ok(device)
    }
}

#[cfg(test)]
mod tests;
