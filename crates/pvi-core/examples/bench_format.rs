//! Helper of `scripts/bench-vs-pvi.sh`.
//!
//! `bench_format gen DIR [SIGNALS] [INCLUDES]`: writes a generated device
//! (`generated.pvi.device.yaml` + included parts) into DIR.
//! `bench_format loop N OUTPUT DEVICE FORMATTER YAML_DIR`: formats the device
//! N times in this process (read, resolve, lay out, write every file) and
//! prints the mean time per run in milliseconds.

#![allow(clippy::disallowed_methods, clippy::disallowed_types, missing_docs)]

use pvi_core::emit::screens::{format_device, ScreenTemplates};
use pvi_core::formatter::parse_formatter;
use pvi_core::resolve::{resolve, Loader};
use pvi_core::world::{ReadError, World};
use std::path::Path;

struct Disk;

impl World for Disk {
    fn read_bytes(&self, path: &str) -> Result<Vec<u8>, ReadError> {
        std::fs::read(path).map_err(|_| ReadError::NotFound)
    }
    fn is_dir(&self, path: &str) -> bool {
        Path::new(path).is_dir()
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

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("gen") => {
            let dir = &args[2];
            let n = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(600);
            let inc = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(8);
            std::fs::create_dir_all(dir).expect("dir");
            for (name, text) in pvi_core::testgen::generate(n, inc, 7).files {
                std::fs::write(Path::new(dir).join(name), text).expect("write");
            }
        }
        Some("loop") => {
            let n: u32 = args[2].parse().expect("N");
            let templates = ScreenTemplates::default();
            let t0 = std::time::Instant::now();
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
            let t0 = std::time::Instant::now();
            let mut d = None;
            for _ in 0..n {
                let dd = loader.load_device(&args[3]).expect("device");
                d = Some(resolve(&mut loader, dd, &[args[4].clone()]).expect("includes"));
            }
            let t1 = std::time::Instant::now();
            let d = d.expect("n > 0");
            let f = pvi_core::formatter::Formatter {
                kind: pvi_core::formatter::FormatterKind::Dls,
                settings: pvi_core::formatter::Settings { spacing: 4, title_height: 26, max_height: 900, label_width: 120, widget_width: 120, widget_height: 20 },
            };
            let mut set = None;
            for _ in 0..n {
                set = Some(pvi_core::emit::screens::layout_for_output(&d, &f, "g.pvi.bob").expect("layout"));
            }
            let t2 = std::time::Instant::now();
            let set = set.expect("n > 0");
            let t = ScreenTemplates::default();
            for _ in 0..n {
                pvi_core::emit::screens::write_screens(&set, &t).expect("write");
            }
            let t3 = std::time::Instant::now();
            let ms = |a: std::time::Instant, b: std::time::Instant| (b - a).as_secs_f64() * 1000.0 / f64::from(n);
            println!("load+resolve {:.3} ms, layout {:.3} ms, write {:.3} ms", ms(t0, t1), ms(t1, t2), ms(t2, t3));
        }
        _ => eprintln!("usage: bench_format gen DIR [SIGNALS] [INCLUDES] | loop N OUT DEVICE FORMATTER YAML_DIR"),
    }
}
