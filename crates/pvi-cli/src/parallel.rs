//! Writing the screens of one device on several threads.
//!
//! The core is single-threaded (it also runs in WASM); every writer turns
//! one laid-out screen into text on its own, so the CLI splits a screen set
//! into parts and writes them side by side.

use pvi_core::emit::screens::{write_screens, ScreenFile, ScreenTemplates};
use pvi_core::layout::ScreenSet;
use pvi_core::Diags;

/// Fewer screens than this are written on the calling thread.
const MIN_SCREENS_PER_THREAD: usize = 8;

/// [`write_screens`] on up to 4 threads: the same files in the same order,
/// and on error the diagnostics of the first failing screen.
pub fn write_screens_parallel(
    mut set: ScreenSet,
    templates: &ScreenTemplates,
) -> Result<Vec<ScreenFile>, Diags> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4)
        .min(set.screens.len() / MIN_SCREENS_PER_THREAD)
        .max(1);
    if threads == 1 {
        return write_screens(&set, templates);
    }
    let per = set.screens.len().div_ceil(threads);
    let mut parts = Vec::with_capacity(threads);
    while set.screens.len() > per {
        let tail = set.screens.split_off(set.screens.len() - per);
        parts.push(ScreenSet {
            format: set.format,
            screens: tail,
        });
    }
    parts.push(set);
    parts.reverse();
    let results: Vec<Result<Vec<ScreenFile>, Diags>> = std::thread::scope(|s| {
        let handles: Vec<_> = parts
            .iter()
            .map(|part| s.spawn(move || write_screens(part, templates)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(vec![pvi_core::Diagnostic::error(
                        pvi_core::diag::DiagKind::Other,
                        "a screen writer thread panicked",
                    )])
                })
            })
            .collect()
    });
    let mut files = Vec::new();
    for r in results {
        files.extend(r?);
    }
    Ok(files)
}
