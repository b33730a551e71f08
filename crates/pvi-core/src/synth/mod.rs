//! Synthetic devices: large ones for benchmarks, seeded random ones for
//! differential tests, property tests and fuzz seeds.
//!
//! Deterministic: the same arguments give the same text, and callers depend
//! on the exact bytes (benchmark inputs, snapshots, the seeds of
//! `scripts/diff-vs-pvi.sh`).
//!
//! - [`large`]: [`assorted_device`] (assorted widgets, seeded) and
//!   [`large_device`] (plain signals, no randomness);
//! - [`random`]: [`random_device`], one seeded random device;
//! - [`rng`]: [`Rng`], the generator both draw from.
//!
//! Compiled only for pvi-core's own tests and with the `synth` cargo feature
//! (enabled for pvi-core's benches, examples and integration tests by its
//! self dev-dependency): the `pvi` binary and pvi-wasm do not carry it.

pub mod large;
pub mod random;
pub mod rng;

pub use large::{assorted_device, large_device};
pub use random::random_device;
pub use rng::Rng;

/// A device file set: the main file and its includes, as (file name, YAML).
#[derive(Debug, Clone)]
pub struct DeviceSet {
    /// File name of the main device.
    pub main: String,
    /// Every file, main first.
    pub files: Vec<(String, String)>,
}

impl DeviceSet {
    /// The files as a [`MemoryWorld`](crate::MemoryWorld) rooted at `dir`.
    pub fn world(&self, dir: &str) -> crate::MemoryWorld {
        let mut w = crate::MemoryWorld::new();
        for (name, text) in &self.files {
            w.insert(crate::world::join(dir, name), text.clone());
        }
        w
    }
}
