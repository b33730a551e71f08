//! The functions of `pvi_rs._native`. Each takes plain values, releases the
//! GIL, runs the core through [`Project`] and returns plain values; the
//! Python package (`python/pvi`, `python/pvi_rs`) builds pvi's classes on
//! top.

use crate::error::{to_py, PviError};
use crate::tree::device_json;
use crate::world::Overlay;
use clap::Parser;
use pvi_cli::cmd::format::{screen_outputs, templates};
use pvi_cli::fs_world::FsWorld;
use pvi_cli::output::{write_all, OutFile};
use pvi_core::emit::{generate_template_with, ScreenFile, TemplateLayout};
use pvi_core::model::{Device, Entry};
use pvi_core::project::format_device;
use pvi_core::{Failure, Project, World};
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// The pvi release whose behaviour (and files) pvi-rs reproduces.
pub const PVI_COMPATIBLE: &str = "0.14.4";

/// Where a formatter given as text is held while a call runs.
const FORMATTER_PATH: &str = "<python>/formatter.pvi.formatter.yaml";

/// Runs `work` without the GIL; a failure becomes a `PviError`, and so does
/// a panic (a bug of ours, reported as one).
fn run<T: Send>(py: Python<'_>, work: impl FnOnce() -> Result<T, Failure> + Send) -> PyResult<T> {
    let result = py.detach(|| catch_unwind(AssertUnwindSafe(work)));
    match result {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(f)) => Err(to_py(py, &f)),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(PviError::new_err(format!(
                "internal error in pvi-rs (please report it): {what}"
            )))
        }
    }
}

/// Loads the device file at `path` without resolving its includes: the
/// JSON that `Device.deserialize` validates.
#[pyfunction]
pub fn load_device(py: Python<'_>, path: String) -> PyResult<String> {
    run(py, move || {
        let mut p = Project::new(&FsWorld);
        match p.loader.load_device(&path) {
            Ok(d) => Ok(device_json(&d)),
            Err(diags) => Err(p.fail(diags).validating(&path)),
        }
    })
}

/// Resolves includes and `parent` against `yaml_paths` and merges the top
/// level, as `Device.deserialize_parents` does. `device` is the JSON of a
/// device built in Python, read as the file `path`; `None` reads `path`
/// from disk (the device is unchanged since it was loaded).
#[pyfunction]
#[pyo3(signature = (device, path, yaml_paths))]
pub fn resolve_device(
    py: Python<'_>,
    device: Option<String>,
    path: String,
    yaml_paths: Vec<String>,
) -> PyResult<String> {
    run(py, move || {
        let world: Box<dyn World> = match &device {
            Some(text) => Box::new(Overlay::with(&path, text)),
            None => Box::new(FsWorld),
        };
        let mut p = Project::new(world.as_ref());
        p.device(&path, &yaml_paths).map(|d| device_json(&d))
    })
}

/// Loads the device JSON held as `path` as it is (no include resolution):
/// what pvi's formatters are given. An include left in it is an error, as
/// in pvi.
fn resolved(p: &mut Project<'_>, path: &str) -> Result<Device, Failure> {
    let dev = p.loader.load_device(path).map_err(|d| p.fail(d))?;
    if dev.children.iter().any(|e| matches!(e, Entry::Include(_))) {
        return Err(Failure::msg(
            "`Include` statement should have been resolved in device deserialization \
             (call deserialize_parents first)",
        ));
    }
    Ok(dev)
}

fn render(
    device: &str,
    path: &str,
    output_name: &str,
    formatter: Option<&str>,
    pvi_compat: bool,
) -> Result<Vec<ScreenFile>, Failure> {
    let mut world = Overlay::with(path, device);
    if let Some(f) = formatter {
        world.memory.insert(FORMATTER_PATH, f.as_bytes().to_vec());
    }
    let mut p = Project::new(&world);
    let dev = resolved(&mut p, path)?;
    let fmt = p.formatter(formatter.map(|_| FORMATTER_PATH), output_name)?;
    let t = templates(None, pvi_compat)?;
    format_device(&dev, &fmt, output_name, &t).map_err(|d| p.fail(d))
}

/// Every screen file of a device (JSON held as `path`) for the main screen
/// file name `output_name`, main screen first: `[(file_name, bytes)]`.
/// `formatter` is the text of a `*.pvi.formatter.yaml` (`None`: the
/// embedded one of the extension).
#[pyfunction]
#[pyo3(signature = (device, path, output_name, formatter=None, pvi_compat=false))]
pub fn render_screens<'py>(
    py: Python<'py>,
    device: String,
    path: String,
    output_name: String,
    formatter: Option<String>,
    pvi_compat: bool,
) -> PyResult<Vec<(String, Bound<'py, PyBytes>)>> {
    let files = run(py, move || {
        render(
            &device,
            &path,
            &output_name,
            formatter.as_deref(),
            pvi_compat,
        )
    })?;
    Ok(files
        .into_iter()
        .map(|f| (f.file_name, PyBytes::new(py, f.text.as_bytes())))
        .collect())
}

/// Writes the screens of [`render_screens`]: the main one at `output`,
/// sub-screens beside it; every file or none.
#[pyfunction]
#[pyo3(signature = (device, path, output, formatter=None, pvi_compat=false))]
pub fn write_screens(
    py: Python<'_>,
    device: String,
    path: String,
    output: String,
    formatter: Option<String>,
    pvi_compat: bool,
) -> PyResult<()> {
    run(py, move || {
        let name = pvi_cli::cmd::format::file_name(&output);
        let files = render(&device, &path, &name, formatter.as_deref(), pvi_compat)?;
        write_all(&screen_outputs(&output, files)).map_err(Failure::msg)
    })
}

/// The PVI database template of a device (JSON held as `path`) with PVs
/// under `pv_prefix`, as `format_template` writes it.
#[pyfunction]
pub fn render_template(
    py: Python<'_>,
    device: String,
    path: String,
    pv_prefix: String,
) -> PyResult<String> {
    run(py, move || {
        let world = Overlay::with(&path, &device);
        let mut p = Project::new(&world);
        let dev = resolved(&mut p, &path)?;
        generate_template_with(&dev, &pv_prefix, TemplateLayout::Pvi).map_err(|d| p.fail(d))
    })
}

/// Writes `data` to `path`, whole or not at all (staged, then renamed).
#[pyfunction]
pub fn write_file(py: Python<'_>, path: String, data: Vec<u8>) -> PyResult<()> {
    run(py, move || {
        write_all(&[OutFile::new(path, data)]).map_err(Failure::msg)
    })
}

/// Runs a `pvi` command line in this process (`argv` without the program
/// name), as the binary would, printing what it prints; returns the exit
/// status. For new code; ibek and FastCS use the classes.
#[pyfunction]
pub fn run_cli(py: Python<'_>, argv: Vec<String>) -> PyResult<i32> {
    let args = std::iter::once("pvi".to_string()).chain(argv);
    let cli = match pvi_cli::Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let code = e.exit_code();
            let _ = e.print();
            return Ok(code);
        }
    };
    match py.detach(|| catch_unwind(AssertUnwindSafe(|| pvi_cli::dispatch(&cli)))) {
        Ok(Ok(())) => Ok(0),
        Ok(Err(f)) => Err(to_py(py, &f)),
        Err(_) => Err(PviError::new_err(
            "internal error in pvi-rs (please report it)",
        )),
    }
}

/// The `*.pvi.device.yaml` text of a device (JSON held as `path`), laid
/// out as pvi's `Device.serialize` writes it.
#[pyfunction]
pub fn device_yaml(py: Python<'_>, device: String, path: String) -> PyResult<String> {
    run(py, move || {
        let world = Overlay::with(&path, &device);
        let mut p = Project::new(&world);
        let dev = p.loader.load_device(&path).map_err(|d| p.fail(d))?;
        Ok(pvi_core::emit::device_yaml(&dev))
    })
}

/// Reads a `*.pvi.formatter.yaml` file: `{"type": ..., <sizes>}`.
#[pyfunction]
pub fn load_formatter(py: Python<'_>, path: String) -> PyResult<String> {
    run(py, move || {
        let mut p = Project::new(&FsWorld);
        let f = p.formatter(Some(&path), "")?;
        let mut v = serde_json::to_value(f.settings).map_err(|e| Failure::msg(e.to_string()))?;
        v["type"] = f.kind.type_name().into();
        Ok(v.to_string())
    })
}
