//! Fuzz target: an image archive (bytes) → the `pvi-image` reader (tar,
//! OCI layout / docker save manifests, gzip and zstd layers, whiteouts,
//! links) → what `pvi image ls` lists: device and support files parsed.
//! A bad archive is an error, never a panic, hang or memory blow-up.
#![no_main]
// fuzz_target! reads input files itself (std::fs) when run on a file
#![allow(clippy::disallowed_types, clippy::disallowed_methods)]

use libfuzzer_sys::fuzz_target;
use pvi_core::ioc::find_files;
use pvi_core::ioc::support::parse_support;
use pvi_core::parse::{parse_device, parse_yaml};
use pvi_core::world::{join, World};
use pvi_core::Sources;
use pvi_image::{default_keep, Image};

fuzz_target!(|data: &[u8]| {
    for reference in [None, Some("latest")] {
        let Ok(img) = Image::from_bytes(data.to_vec(), reference, &default_keep) else {
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
