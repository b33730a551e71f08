//! Fuzz target: an image archive (bytes) → the `pvi-image` reader (tar,
//! OCI layout / docker save manifests, sha256/sha512 digests and sizes,
//! gzip and zstd layers, whiteouts, links) → what `pvi image ls` lists:
//! device and support files parsed. A bad archive is an error, never a
//! panic, hang or memory blow-up.
//!
//! Digests are computed and compared on every blob, but in fuzzing builds
//! (`--cfg fuzzing`) a mismatch does not stop the read, so mutated layers
//! still reach the tar and layer readers. The limits are small so one input
//! stays fast; reads go through the read budget too.
#![no_main]
// fuzz_target! reads input files itself (std::fs) when run on a file
#![allow(clippy::disallowed_types, clippy::disallowed_methods)]

use libfuzzer_sys::fuzz_target;
use pvi_core::ioc::find_files;
use pvi_core::ioc::support::parse_support;
use pvi_core::parse::{parse_device, parse_yaml};
use pvi_core::world::{join, World};
use pvi_core::Sources;
use pvi_image::{default_keep, Image, Limits};

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_expanded: 64 << 20,
        max_file: 1 << 20,
        max_kept: 16 << 20,
        max_read: 16 << 20,
        max_entries: 100_000,
        ..Limits::default()
    };
    for reference in [None, Some("latest")] {
        let Ok(img) = Image::from_bytes(data.to_vec(), reference, &default_keep, &limits) else {
            continue;
        };
        let t = &img.tree;
        let mut sources = Sources::new();
        for dir in ["/epics/pvi-defs", "/"] {
            for name in t.list_dir(dir) {
                let p = join(dir, &name);
                if let Ok(text) = t.read_text(&p) {
                    let id = sources.add(p, text.clone());
                    let _ = parse_device(&text, id);
                }
            }
        }
        let mut supports = Vec::new();
        find_files(t, "/epics/ibek-defs", "ibek.support.yaml", &mut supports, 0);
        for p in supports {
            if let Ok(text) = t.read_text(&p) {
                let id = sources.add(p, text.clone());
                let _ = parse_yaml(&text, id).and_then(|n| parse_support(&n));
            }
        }
    }
});
