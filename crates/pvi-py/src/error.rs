//! `PviError`: a failure of the core as a Python exception. Its text is the
//! rendered report (`file:line:col`, snippet); its attributes are the same
//! as data: `file`, `line`, `column`, `message` of the first diagnostic and
//! `diagnostics`, a list of dicts with those keys and `severity`.

use pvi_core::diag::Severity;
use pvi_core::Failure;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

pyo3::create_exception!(
    _native,
    PviError,
    PyException,
    "A device, formatter, instance or output the core refused, with located diagnostics."
);

/// One diagnostic as data: where (if known) and what.
struct Located {
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    message: String,
    severity: &'static str,
}

fn located(f: &Failure) -> Vec<Located> {
    f.diags
        .iter()
        .map(|d| {
            let at = d.span.and_then(|s| {
                let file = f.sources.try_get(s.file)?;
                let (l, c) = file.line_col(s.start as usize);
                Some((file.path.clone(), l, c))
            });
            Located {
                file: at.as_ref().map(|a| a.0.clone()),
                line: at.as_ref().map(|a| a.1),
                column: at.as_ref().map(|a| a.2),
                message: d.message.clone(),
                severity: match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
            }
        })
        .collect()
}

/// The Python exception for `f`.
pub fn to_py(py: Python<'_>, f: &Failure) -> PyErr {
    let mut text = f.banner().unwrap_or_default();
    text.push_str(f.render().trim_end());
    let err = PviError::new_err(text);
    if let Err(e) = attach(py, &err, f) {
        return e;
    }
    err
}

fn attach(py: Python<'_>, err: &PyErr, f: &Failure) -> PyResult<()> {
    let value = err.value(py);
    let all = located(f);
    let list = PyList::empty(py);
    for d in &all {
        let item = PyDict::new(py);
        item.set_item("file", &d.file)?;
        item.set_item("line", d.line)?;
        item.set_item("column", d.column)?;
        item.set_item("message", &d.message)?;
        item.set_item("severity", d.severity)?;
        list.append(item)?;
    }
    let first = all.first();
    value.setattr("file", first.and_then(|d| d.file.clone()))?;
    value.setattr("line", first.and_then(|d| d.line))?;
    value.setattr("column", first.and_then(|d| d.column))?;
    value.setattr("message", first.map(|d| d.message.clone()))?;
    value.setattr("diagnostics", list)?;
    Ok(())
}
