//! Fuzz target: a formatter file (bytes) → parse → lay out and write a
//! fixed small device with it (groups, sub-screen, DeviceRef, every common
//! widget). Sizes come from the fuzzer: layout arithmetic must not
//! overflow or blow up; refusals are diagnostics.
#![no_main]
// fuzz_target! reads input files itself (std::fs) when run on a file
#![allow(clippy::disallowed_types, clippy::disallowed_methods)]

use libfuzzer_sys::fuzz_target;
use pvi_core::formatter::parse_formatter;
use pvi_core::parse::parse_device;
use pvi_core::Sources;
use pvi_fuzz::{check_diags, every_writer, SMALL_DEVICE};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut sources = Sources::new();
    let dev_id = sources.add("small.pvi.device.yaml", SMALL_DEVICE);
    let id = sources.add("f.pvi.formatter.yaml", text);
    let dev = match parse_device(SMALL_DEVICE, dev_id) {
        Ok(d) => d,
        Err(d) => panic!("fixed device is invalid: {d:?}"),
    };
    match parse_formatter(text, id) {
        Ok(f) => every_writer(&dev, Some(&f), &sources),
        Err(d) => check_diags(&d, &sources),
    }
});
