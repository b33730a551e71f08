//! Loading device files through the [`World`] and resolving their includes.

mod include;
mod macros;
mod merge;

pub use include::resolve;
pub use macros::substitute;
pub use merge::merge_components;

use crate::diag::{DiagKind, Diagnostic, Diags};
use crate::model::Device;
use crate::parse::{self, DEVICE_SUFFIX};
use crate::source::Sources;
use crate::world::{ReadError, World};

/// Reads files through a [`World`] and keeps their text for diagnostics.
pub struct Loader<'w> {
    world: &'w dyn World,
    /// Every file read so far.
    pub sources: Sources,
}

impl<'w> Loader<'w> {
    /// A loader over `world`.
    pub fn new(world: &'w dyn World) -> Self {
        Loader {
            world,
            sources: Sources::new(),
        }
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
            Err(e @ ReadError::NotUtf8 { offset }) => {
                let id = self.sources.add(path, "");
                let _ = offset;
                Err(vec![Diagnostic::error(
                    DiagKind::Yaml,
                    format!("{path}: {e}"),
                )
                .at(parse::file_start(id))])
            }
            Err(e) => Err(vec![Diagnostic::error(
                DiagKind::Io,
                format!("{path}: {e}"),
            )]),
        }
    }

    /// Loads and validates a `*.pvi.device.yaml` file (no include resolution).
    pub fn load_device(&mut self, path: &str) -> Result<Device, Diags> {
        parse::check_suffix(path, DEVICE_SUFFIX).map_err(|d| vec![d])?;
        let id = self.read(path)?;
        let text = self.sources.get(id).text.clone();
        parse::parse_device(&text, id)
    }
}
