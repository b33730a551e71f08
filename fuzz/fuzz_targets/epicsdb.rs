//! Fuzz target: the EPICS database parser never panics or hangs, and what
//! it reads writes back to text that reads again without errors.
#![no_main]
// fuzz_target! reads input files itself (std::fs) when run on a file
#![allow(clippy::disallowed_types, clippy::disallowed_methods)]

use libfuzzer_sys::fuzz_target;
use pvi_core::epicsdb::{parse, to_text};
use pvi_core::FileId;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parsed = parse(&text, FileId(0));
    let again = parse(&to_text(&parsed.db), FileId(0));
    assert!(again.diags.is_empty(), "{:?}", again.diags);
    assert_eq!(again.db, parsed.db);
});
