//! Fuzz target: the `.edl` reader of `regroup` — a screen file (bytes)
//! groups a fixed device by where its names appear; the y lookup of every
//! word must not panic and the result must write back to valid YAML.
#![no_main]
// fuzz_target! reads input files itself (std::fs) when run on a file
#![allow(clippy::disallowed_types, clippy::disallowed_methods)]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    pvi_fuzz::regroup_screen("myDriver.edl", data);
});
