//! Writers: everything that turns a model (or a laid-out screen) into text.
//! A writer only translates: positions and boxes come from the layout tree,
//! and nothing here parses or resolves a device.

pub mod adl;
pub mod bob;
pub mod db_template;
pub mod edl;
pub mod edm_medm;
pub mod ophyd;
pub mod yaml;

use std::any::Any;
use std::sync::Arc;

pub use db_template::{
    generate_template, generate_template_with, pvi_records, Access, PviRecord, TemplateLayout,
};
pub use edm_medm::PviQuirks;
pub use yaml::device_yaml;

/// One screen file: name relative to the main file's folder, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreenFile {
    /// `{base_name}.{ext}`.
    pub file_name: String,
    /// File content.
    pub text: String,
}

/// Options every screen writer takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WriteOptions {
    /// Bug-for-bug compatibility with pvi 0.14.4's screen files (the
    /// `.edl`/`.adl` fixes and the `.bob` empty action value).
    pub quirks: PviQuirks,
}

impl WriteOptions {
    /// Whether pvi's bugs are fixed (the default), not reproduced.
    pub fn fixes(self) -> bool {
        self.quirks == PviQuirks::Fix
    }
}

/// A user's screen template, parsed by its format's writer (the writer
/// knows the concrete type; the format table only carries it).
#[derive(Clone)]
pub struct UserTemplate(pub(crate) Arc<dyn Any + Send + Sync>);

impl UserTemplate {
    /// Wraps a parsed template.
    pub(crate) fn new<T: Any + Send + Sync>(t: T) -> Self {
        UserTemplate(Arc::new(t))
    }

    /// The parsed template, when it is of type `T`.
    pub(crate) fn get<T: Any>(&self) -> Option<&T> {
        self.0.downcast_ref::<T>()
    }
}

impl std::fmt::Debug for UserTemplate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("UserTemplate(..)")
    }
}

/// The user's templates (any format without one uses its embedded
/// template) and the writer options: everything a writer takes besides the
/// screen tree.
#[derive(Debug, Clone, Default)]
pub struct ScreenTemplates {
    /// User templates by format.
    pub user: Vec<(crate::layout::ScreenFormat, UserTemplate)>,
    /// Options of every writer.
    pub options: WriteOptions,
}

impl ScreenTemplates {
    /// The user's template for `format`, if any.
    pub fn get(&self, format: crate::layout::ScreenFormat) -> Option<&UserTemplate> {
        self.user.iter().find(|(f, _)| *f == format).map(|(_, t)| t)
    }
}
