//! How a PVI entry is accessed: the `r`/`w`/`rw`/`x`/`d` of the PVI structure.

use serde::Serialize;

/// How a PVI entry is accessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Access {
    /// Read.
    R,
    /// Write.
    W,
    /// Read and write through one PV.
    Rw,
    /// Trigger (write a fixed value).
    X,
    /// Sub-device: the value is another PVI PV (ophyd-async layout only).
    D,
}

impl Access {
    /// The suffix used in the PVI structure (`r`, `w`, `rw`, `x`, `d`).
    pub fn as_str(self) -> &'static str {
        match self {
            Access::R => "r",
            Access::W => "w",
            Access::Rw => "rw",
            Access::X => "x",
            Access::D => "d",
        }
    }
}
