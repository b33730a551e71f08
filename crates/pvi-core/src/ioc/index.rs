//! Index entries of an IOC (docs/behaviour/ioc.md#index): one per entity with `ui_index`;
//! the screen itself is drawn by [`crate::layout::index_device`].

use crate::diag::{DiagKind, Diagnostic};
use crate::model::{enforce_pascal_case, is_pascal_case};
use indexmap::IndexMap;

/// One button of the index screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    /// Button text: the device label.
    pub label: String,
    /// Screen opened: `<Device>.pvi.bob`.
    pub ui: String,
    /// Macros passed to the screen, in order.
    pub macros: IndexMap<String, String>,
}

/// Checks an entry label the way pvi validates the DeviceRef name.
pub fn check_label(label: &str) -> Result<(), Diagnostic> {
    match enforce_pascal_case(label) {
        Some(name) if is_pascal_case(&name) => Ok(()),
        forced => Err(Diagnostic::error(
            DiagKind::Validation,
            format!(
                "index entry '{label}': its name '{}' does not match pattern '^([A-Z][a-z0-9]*)*$'",
                forced.unwrap_or_default()
            ),
        )
        .with_note("the device label must start with a letter (pvi forces it to PascalCase)")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_must_force_to_pascal_case() {
        assert!(check_label("3D Stage").is_err());
        assert!(check_label("").is_err());
        assert!(check_label("Manta G-145B BL07I-DI-CAM-02").is_ok());
        assert!(check_label("simDetector").is_ok());
    }
}
