//! `pvi_rs._native`: the Rust core behind the Python package `pvi` of the
//! `pvi-rs` wheel. Devices cross the boundary as JSON text in pvi's
//! `model_dump` shape ([`tree`]); files are read through the disk
//! [`World`](pvi_core::World) with the Python-built device in front
//! ([`world`]); every failure is a `PviError` carrying the located
//! diagnostics ([`error`]). The GIL is released while Rust works, and a
//! panic becomes a `PviError`, never a crash.

mod api;
mod error;
mod tree;
mod world;

use pyo3::prelude::*;

/// The module `pvi_rs._native`.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("VERSION", pvi_core::VERSION)?;
    m.add("PVI_VERSION", api::PVI_COMPATIBLE)?;
    m.add("PviError", m.py().get_type::<error::PviError>())?;
    m.add_function(wrap_pyfunction!(api::load_device, m)?)?;
    m.add_function(wrap_pyfunction!(api::resolve_device, m)?)?;
    m.add_function(wrap_pyfunction!(api::render_screens, m)?)?;
    m.add_function(wrap_pyfunction!(api::write_screens, m)?)?;
    m.add_function(wrap_pyfunction!(api::render_template, m)?)?;
    m.add_function(wrap_pyfunction!(api::write_file, m)?)?;
    m.add_function(wrap_pyfunction!(api::run_cli, m)?)?;
    m.add_function(wrap_pyfunction!(api::device_yaml, m)?)?;
    m.add_function(wrap_pyfunction!(api::load_formatter, m)?)?;
    Ok(())
}
