//! The devices of one generated ophyd-async module, and how a DeviceRef's
//! `ui` names one of them.

use super::Device;

/// A device of a module: one class of the generated Python.
#[derive(Debug, Clone)]
pub struct ModuleDevice {
    /// File stem (`camera` of `camera.pvi.device.yaml`): names the class and
    /// is what a DeviceRef's `ui` is matched against.
    pub stem: String,
    /// File name shown in the module docstring.
    pub file: String,
    /// The resolved device.
    pub device: Device,
}

/// The stem a DeviceRef `ui` refers to: `sub/lens.bob` → `lens`.
pub fn ui_stem(ui: &str) -> &str {
    let base = ui.rsplit('/').next().unwrap_or(ui);
    base.split('.').next().unwrap_or(base)
}
