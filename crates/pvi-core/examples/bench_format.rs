//! Helper of `scripts/bench-vs-pvi/run.sh`.
//!
//! `bench_format gen DIR [SIGNALS] [INCLUDES] [SEED]`: writes a generated
//! device (`generated.pvi.device.yaml` + included parts) into DIR.
//! `bench_format corpus-gen DIR COUNT`: writes COUNT generated devices of
//! assorted sizes and seeds into `DIR/00`, `DIR/01`, ...
//! `bench_format corpus THREADS PASSES CORPUS_DIR OUT_DIR FORMATTER`: formats
//! every device of the corpus (read device, resolve includes, read + parse
//! the formatter, lay out, write every file into `OUT_DIR/NN/`) PASSES times
//! in this process, on THREADS threads (0 = all cores), and prints the wall
//! time of each pass in milliseconds. The embedded templates are parsed once
//! per process, before the first pass (that time is printed first).
//! `bench_format loop N OUTPUT DEVICE FORMATTER YAML_DIR`: formats one
//! device N times in this process and prints the mean time per run in ms.

#![allow(clippy::disallowed_methods, clippy::disallowed_types, missing_docs)]

/// The allocator the `pvi` binary uses, so timings match the CLI.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use pvi_core::emit::ScreenTemplates;
use pvi_core::formatter::parse_formatter;
use pvi_core::project::format_device;
use pvi_core::resolve::{resolve, Loader};
use pvi_core::world::{ReadError, World};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

struct Disk;

impl World for Disk {
    fn read_bytes(&self, path: &str) -> Result<Vec<u8>, ReadError> {
        std::fs::read(path).map_err(|_| ReadError::NotFound)
    }
    fn is_dir(&self, path: &str) -> bool {
        Path::new(path).is_dir()
    }

    fn is_file(&self, path: &str) -> bool {
        std::path::Path::new(path).is_file()
    }
    fn list_dir(&self, path: &str) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(path)
            .map(|rd| {
                rd.filter_map(|e| e.ok()?.file_name().into_string().ok())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    }
}

/// Signals and includes of corpus device `i` (seed `i + 1`): sizes cycle
/// through 10 .. 1,000 signals and 0 .. 4 includes.
fn corpus_shape(i: usize) -> (usize, usize) {
    const SIGNALS: [usize; 8] = [10, 20, 40, 80, 150, 300, 600, 1000];
    (SIGNALS[i % SIGNALS.len()], i % 5)
}

fn write_generated(dir: &Path, signals: usize, includes: usize, seed: u64) {
    std::fs::create_dir_all(dir).expect("dir");
    for (name, text) in pvi_core::synth::assorted_device(signals, includes, seed).files {
        std::fs::write(dir.join(name), text).expect("write");
    }
}

/// One `pvi format` of one device: the same steps as the CLI, minus the
/// atomic write (files are written in place).
fn once(out: &str, device: &str, formatter: &str, yaml_dir: &str, templates: &ScreenTemplates) {
    let w = Disk;
    let mut loader = Loader::new(&w);
    let d = loader.load_device(device).expect("device");
    let d = resolve(&mut loader, d, &[yaml_dir.to_string()]).expect("includes");
    let id = loader.read(formatter).expect("formatter");
    let text = loader.sources.get(id).text.clone();
    let f = parse_formatter(&text, id).expect("formatter");
    let name = Path::new(out)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(out);
    let files = format_device(&d, &f, name, templates).expect("format");
    let dir = Path::new(out).parent().unwrap_or(Path::new("."));
    for (i, file) in files.iter().enumerate() {
        let p = if i == 0 {
            Path::new(out).to_path_buf()
        } else {
            dir.join(&file.file_name)
        };
        std::fs::write(p, &file.text).expect("write");
    }
}

/// Devices of a corpus folder: `(yaml dir, device file, output file)`,
/// sorted by folder name; output folders are created.
fn corpus_jobs(corpus: &Path, out: &Path, ext: &str) -> Vec<(String, String, String)> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(corpus)
        .expect("corpus dir")
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.join("generated.pvi.device.yaml").is_file())
        .collect();
    dirs.sort();
    dirs.iter()
        .map(|d| {
            let o = out.join(d.file_name().expect("name"));
            std::fs::create_dir_all(&o).expect("out dir");
            let s = |p: PathBuf| p.to_string_lossy().into_owned();
            (
                s(d.clone()),
                s(d.join("generated.pvi.device.yaml")),
                s(o.join(format!("generated.pvi.{ext}"))),
            )
        })
        .collect()
}

fn corpus(args: &[String]) {
    let mut threads: usize = args[2].parse().expect("THREADS");
    if threads == 0 {
        threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    }
    let passes: u32 = args[3].parse().expect("PASSES");
    let formatter = &args[6];
    let ext = if formatter.contains(".edl.") {
        "edl"
    } else if formatter.contains("aps") {
        "adl"
    } else {
        "bob"
    };
    let jobs = corpus_jobs(Path::new(&args[4]), Path::new(&args[5]), ext);
    let t0 = Instant::now();
    let templates = ScreenTemplates::default();
    let mut times = vec![format!("{:.3}", t0.elapsed().as_secs_f64() * 1000.0)];
    for _ in 0..passes {
        let t = Instant::now();
        let next = AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..threads {
                s.spawn(|| loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some((ydir, dev, out)) = jobs.get(i) else {
                        break;
                    };
                    once(out, dev, formatter, ydir, &templates);
                });
            }
        });
        times.push(format!("{:.3}", t.elapsed().as_secs_f64() * 1000.0));
    }
    println!("{}", times.join(" "));
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("gen") => {
            let n = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(600);
            let inc = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(8);
            let seed = args.get(5).and_then(|s| s.parse().ok()).unwrap_or(7);
            write_generated(Path::new(&args[2]), n, inc, seed);
        }
        Some("corpus-gen") => {
            let count: usize = args[3].parse().expect("COUNT");
            for i in 0..count {
                let (n, inc) = corpus_shape(i);
                let dir = Path::new(&args[2]).join(format!("{i:02}"));
                write_generated(&dir, n, inc, i as u64 + 1);
            }
        }
        Some("corpus") if args.len() == 7 => corpus(&args),
        Some("loop") => {
            let n: u32 = args[2].parse().expect("N");
            let templates = ScreenTemplates::default();
            let t0 = Instant::now();
            for _ in 0..n {
                once(&args[3], &args[4], &args[5], &args[6], &templates);
            }
            let ms = t0.elapsed().as_secs_f64() * 1000.0 / f64::from(n);
            println!("{ms:.4}");
        }
        Some("phases") => {
            let n: u32 = args[2].parse().expect("N");
            let w = Disk;
            let mut loader = Loader::new(&w);
            let t0 = Instant::now();
            let mut d = None;
            for _ in 0..n {
                let dd = loader.load_device(&args[3]).expect("device");
                d = Some(resolve(&mut loader, dd, &[args[4].clone()]).expect("includes"));
            }
            let t1 = Instant::now();
            let d = d.expect("n > 0");
            let f = pvi_core::formatter::Formatter {
                kind: pvi_core::formatter::FormatterKind::Dls,
                settings: pvi_core::formatter::Settings {
                    spacing: 4,
                    title_height: 26,
                    max_height: 900,
                    label_width: 120,
                    widget_width: 120,
                    widget_height: 20,
                },
            };
            let mut set = None;
            for _ in 0..n {
                set = Some(
                    pvi_core::project::layout_for_output(&d, &f, "g.pvi.bob").expect("layout"),
                );
            }
            let t2 = Instant::now();
            let set = set.expect("n > 0");
            let t = ScreenTemplates::default();
            for _ in 0..n {
                pvi_core::project::write_screens(&set, &t).expect("write");
            }
            let t3 = Instant::now();
            let ms = |a: Instant, b: Instant| (b - a).as_secs_f64() * 1000.0 / f64::from(n);
            println!(
                "load+resolve {:.3} ms, layout {:.3} ms, write {:.3} ms",
                ms(t0, t1),
                ms(t1, t2),
                ms(t2, t3)
            );
        }
        _ => eprintln!(
            "usage: bench_format gen DIR [SIGNALS] [INCLUDES] [SEED] | corpus-gen DIR COUNT \
             | corpus THREADS PASSES CORPUS_DIR OUT_DIR FORMATTER \
             | loop N OUT DEVICE FORMATTER YAML_DIR | phases N DEVICE YAML_DIR"
        ),
    }
}
