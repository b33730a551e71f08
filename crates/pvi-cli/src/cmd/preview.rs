//! `pvi preview DEVICE [--yaml-path DIR]... [--port N]`: serves a live
//! preview of the device's screens on 127.0.0.1 and reloads it whenever the
//! device or one of its include files changes on disk.

#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use crate::cmd::preview_tree;
use crate::fs_world::FsWorld;
use crate::report::{CmdResult, Failure};
use crate::serve::{bind, serve, split_query, Limits, Response, Shared};
use pvi_core::formatter::parse_formatter;
use pvi_core::located::{locate_all, Located};
use pvi_core::Project;
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};

const PAGE: &str = include_str!("../../../../web/serve/index.html");
const PAGE_JS: &str = include_str!("../../../../web/serve/serve.js");
const PREVIEW_JS: &str = include_str!("../../../../web/src/preview.js");

/// How often the files are checked for changes.
const POLL: Duration = Duration::from_millis(250);
/// Longest a `/api/wait` request is held open.
const LONG_POLL: Duration = Duration::from_secs(20);

/// What one load produced: the page state and the files it depends on.
struct Loaded {
    ok: bool,
    tree: serde_json::Value,
    diagnostics: Vec<Located>,
    watched: Vec<String>,
    /// Content of each watched file as loaded (`None`: unreadable).
    seen: Vec<(String, Option<Vec<u8>>)>,
}

fn load(device: &str, yaml_paths: &[String], formatter: Option<&str>) -> Loaded {
    let world = FsWorld;
    let mut p = Project::new(&world);
    // as `pvi format`: includes resolved and the top level merged; then the
    // formatter file (any name, unlike `pvi format`) or the embedded one
    let result = p.device(device, yaml_paths).and_then(|dev| {
        let fmt = match formatter {
            None => Ok(preview_tree::default_formatter()),
            Some(path) => p.loader.read(path).and_then(|id| {
                let text = p.loader.sources.get(id).text.clone();
                parse_formatter(&text, id)
            }),
        };
        fmt.and_then(|f| preview_tree::screens(&dev, device, &f, p.sources()))
            .map_err(|d| p.fail(d))
    });
    let sources = match &result {
        Ok(_) => p.sources(),
        Err(f) => &f.sources,
    };
    // the text actually loaded, so a change made while loading is seen later
    let mut seen: Vec<(String, Option<Vec<u8>>)> = (0..sources.len())
        .map(|i| sources.get(pvi_core::FileId(i as u32)))
        .filter(|f| !f.path.starts_with("<embedded>"))
        .map(|f| (f.path.clone(), Some(f.text.clone().into_bytes())))
        .collect();
    let mut watched: Vec<String> = seen.iter().map(|(p, _)| p.clone()).collect();
    if !watched.iter().any(|p| p == device) {
        watched.push(device.to_string());
        seen.push((device.to_string(), None));
    }
    if let Some(p) = formatter {
        if !watched.iter().any(|w| w == p) {
            watched.push(p.to_string());
            seen.push((p.to_string(), None));
        }
    }
    match result {
        Ok(tree) => Loaded {
            ok: true,
            tree,
            diagnostics: Vec::new(),
            watched,
            seen,
        },
        Err(f) => Loaded {
            ok: false,
            tree: serde_json::Value::Null,
            diagnostics: locate_all(&f.diags, &f.sources),
            watched,
            seen,
        },
    }
}

/// What is compared between polls: every watched file's bytes and the
/// listing of every search folder (an include may appear later).
fn fingerprint(watched: &[String], yaml_paths: &[String]) -> Vec<(String, Option<Vec<u8>>)> {
    let files = watched
        .iter()
        .map(|p| (p.clone(), std::fs::read(p).ok()))
        .collect();
    with_dirs(files, yaml_paths)
}

/// Appends the listing of every search folder to a fingerprint.
fn with_dirs(
    mut fp: Vec<(String, Option<Vec<u8>>)>,
    yaml_paths: &[String],
) -> Vec<(String, Option<Vec<u8>>)> {
    for d in yaml_paths {
        let mut names: Vec<String> = std::fs::read_dir(d)
            .map(|rd| {
                rd.filter_map(|e| e.ok())
                    .filter_map(|e| e.file_name().into_string().ok())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        fp.push((format!("dir:{d}"), Some(names.join("\n").into_bytes())));
    }
    fp
}

fn publish(shared: &Shared, device: &str, l: &Loaded) {
    shared.publish(|version| {
        json!({
            "version": version,
            "device": device,
            "ok": l.ok,
            "tree": l.tree,
            "diagnostics": l.diagnostics,
        })
        .to_string()
    });
}

fn route(shared: &Shared, target: &str) -> Response {
    let (path, query) = split_query(target);
    match path {
        "/" | "/index.html" => Response::ok("text/html; charset=utf-8", PAGE),
        "/serve.js" => Response::ok("text/javascript; charset=utf-8", PAGE_JS),
        "/preview.js" => Response::ok("text/javascript; charset=utf-8", PREVIEW_JS),
        "/api/state" => Response::ok("application/json", shared.current().1),
        "/api/wait" => {
            let since = query
                .iter()
                .find(|(k, _)| *k == "since")
                .and_then(|(_, v)| v.parse::<i64>().ok())
                .unwrap_or(-1);
            let version = if since < 0 {
                shared.current().0
            } else {
                shared.wait(since as u64, LONG_POLL)
            };
            Response::ok("application/json", format!("{{\"version\":{version}}}"))
        }
        _ => Response::not_found(),
    }
}

/// Prints a status line; a closed stdout is not an error for a server.
fn say(line: &str) {
    use std::io::Write;
    let mut out = std::io::stdout();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

/// Serve a live preview of the device's screens on 127.0.0.1, reloading
/// when the device or its include files change.
#[derive(Debug, clap::Args)]
pub struct PreviewArgs {
    /// The *.pvi.device.yaml file.
    pub device_path: String,
    /// Folders searched for included devices.
    #[arg(long = "yaml-path", value_name = "DIR")]
    pub yaml_paths: Vec<String>,
    /// Formatter file (default: pvi's dls.bob settings).
    #[arg(long, value_name = "FILE")]
    pub formatter: Option<String>,
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 8765)]
    pub port: u16,
    /// Stop after this many seconds (for tests).
    #[arg(long, hide = true)]
    pub stop_after: Option<u64>,
}

/// Runs the command: serves until interrupted (or `--stop-after` passes).
pub fn run(args: &PreviewArgs) -> CmdResult {
    serve_device(
        &args.device_path,
        &args.yaml_paths,
        args.formatter.as_deref(),
        args.port,
        args.stop_after,
    )
}

/// Serves `device` until interrupted (or `stop_after` passes).
fn serve_device(
    device: &str,
    yaml_paths: &[String],
    formatter: Option<&str>,
    port: u16,
    stop_after: Option<u64>,
) -> CmdResult {
    let listener =
        bind(port).map_err(|e| Failure::msg(format!("cannot listen on 127.0.0.1:{port}: {e}")))?;
    let addr = listener
        .local_addr()
        .map_err(|e| Failure::msg(e.to_string()))?;
    let shared = Arc::new(Shared::default());
    let mut loaded = load(device, yaml_paths, formatter);
    let mut fp = with_dirs(loaded.seen.clone(), yaml_paths);
    publish(&shared, device, &loaded);
    say(&format!(
        "Previewing {device} at http://{addr}/ (Ctrl-C to stop)"
    ));
    {
        let shared = Arc::clone(&shared);
        let never = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let route = move |t: &str| route(&shared, t);
        std::thread::spawn(move || serve(listener, Limits::default(), route, never));
    }
    let started = Instant::now();
    let mut last = None;
    loop {
        std::thread::sleep(POLL);
        if stop_after.is_some_and(|s| started.elapsed() >= Duration::from_secs(s)) {
            return Ok(());
        }
        let now = fingerprint(&loaded.watched, yaml_paths);
        // (a file that is loaded differently from its bytes, e.g. not UTF-8,
        // must not reload on every poll: remember what triggered the last one)
        if now != fp && last.as_ref() != Some(&now) {
            last = Some(now);
            loaded = load(device, yaml_paths, formatter);
            fp = with_dirs(loaded.seen.clone(), yaml_paths);
            publish(&shared, device, &loaded);
            say(&format!(
                "reloaded {device}: {}",
                if loaded.ok { "ok" } else { "errors" }
            ));
        }
    }
}
