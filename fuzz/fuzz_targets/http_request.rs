//! Fuzz target: the preview server's request-head reader
//! (`crates/pvi-cli/src/http.rs`, included as it is: pvi-cli is a binary).
//! Bytes arrive in chunks of a size the first byte picks, under the default
//! limits or small ones; a head found lies within the bytes and the limits,
//! and parsing and checking it never panics.
#![no_main]

#[path = "../../crates/pvi-cli/src/http.rs"]
#[allow(dead_code)]
mod http;

use http::{check, parse_head, HeadLimits, Scan, Scanner};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let limits = if pick & 0x80 == 0 {
        HeadLimits::default()
    } else {
        HeadLimits {
            max_line: 64,
            max_head: 256,
            max_headers: 4,
        }
    };
    let chunk = usize::from(pick & 0x7f) + 1;
    let mut scanner = Scanner::default();
    let mut end = 0;
    let found = loop {
        end = (end + chunk).min(bytes.len());
        match scanner.feed(&bytes[..end], &limits) {
            Scan::More if end < bytes.len() => {}
            Scan::Head(n) => break Some(n),
            _ => break None,
        }
    };
    if let Some(n) = found {
        assert!(n <= end && n <= limits.max_head);
        if let Ok(req) = parse_head(&bytes[..n]) {
            assert!(req.target.starts_with('/'));
            let _ = check(&req, 8765);
        }
    }
});
