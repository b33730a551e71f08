//! The index screen (docs/behaviour/layout.md#index-screen): one open-display button per entry.
//!
//! pvi only has a library call (`format_index`) for this; ibek calls it at
//! every IOC start. `pvi index` reads the entries from a YAML file:
//! `title: TEXT` and `entries: [{label, ui, macros}]`.

use crate::model::{enforce_pascal_case, Common, Component, Device, DeviceRef, Entry, IndexEntry};

/// The device pvi's `format_index` draws: one DeviceRef per entry.
pub fn index_device(title: &str, entries: &[IndexEntry]) -> Device {
    let children = entries
        .iter()
        .map(|e| {
            let name = enforce_pascal_case(&e.label).unwrap_or_default();
            Entry::Component(Component::DeviceRef(DeviceRef {
                common: Common {
                    name,
                    label: Some(e.label.clone()),
                    description: None,
                    span: e.span,
                },
                pv: e.label.to_uppercase(),
                ui: e.ui.clone(),
                macros: e.macros.clone(),
            }))
        })
        .collect();
    Device {
        label: title.to_string(),
        parent: None,
        children,
    }
}
