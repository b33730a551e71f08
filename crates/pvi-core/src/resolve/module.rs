//! Loading a device and the DeviceRef targets found next to it: the
//! devices of one ophyd-async module (`pvi ophyd`).

use super::{resolve, Loader};
use crate::diag::Diags;
use crate::model::{ui_stem, walk, Component, Device, Entry, Leaf, ModuleDevice};
use crate::parse::DEVICE_SUFFIX;
use crate::world::join;

/// Loads `path` (includes resolved against `dirs`) and, depth first, every
/// device a DeviceRef names by its `ui` that exists as
/// `<dir>/<ui stem>.pvi.device.yaml` in `dirs`.
///
/// Targets come before the devices referring to them and the main device is
/// last; each device appears once (cycles are cut).
pub fn load_module_devices(
    loader: &mut Loader,
    path: &str,
    dirs: &[String],
) -> Result<Vec<ModuleDevice>, Diags> {
    let file = path.rsplit('/').next().unwrap_or(path).to_string();
    let stem = file
        .strip_suffix(DEVICE_SUFFIX)
        .unwrap_or(&file)
        .to_string();
    let mut out = Vec::new();
    let mut visiting = vec![stem.clone()];
    let device = load(loader, path, dirs)?;
    add_targets(loader, &device, dirs, &mut visiting, &mut out)?;
    out.push(ModuleDevice { stem, file, device });
    Ok(out)
}

fn load(loader: &mut Loader, path: &str, dirs: &[String]) -> Result<Device, Diags> {
    let dev = loader.load_device(path)?;
    let has_includes =
        dev.parent.is_some() || dev.children.iter().any(|e| matches!(e, Entry::Include(_)));
    if has_includes && !dirs.is_empty() {
        resolve(loader, dev, dirs)
    } else {
        Ok(dev)
    }
}

fn add_targets(
    loader: &mut Loader,
    device: &Device,
    dirs: &[String],
    visiting: &mut Vec<String>,
    out: &mut Vec<ModuleDevice>,
) -> Result<(), Diags> {
    let refs: Vec<String> = walk(&device.children)
        .into_iter()
        .filter_map(|l| match l {
            Leaf::Component(Component::DeviceRef(r)) => Some(ui_stem(&r.ui).to_string()),
            _ => None,
        })
        .collect();
    for stem in refs {
        if stem.is_empty() || visiting.contains(&stem) || out.iter().any(|d| d.stem == stem) {
            continue;
        }
        let file = format!("{stem}{DEVICE_SUFFIX}");
        let Some(path) = dirs
            .iter()
            .map(|d| join(d, &file))
            .find(|p| loader.world().read_bytes(p).is_ok())
        else {
            continue;
        };
        visiting.push(stem.clone());
        let target = load(loader, &path, dirs)?;
        add_targets(loader, &target, dirs, visiting, out)?;
        visiting.pop();
        out.push(ModuleDevice {
            stem,
            file,
            device: target,
        });
    }
    Ok(())
}
