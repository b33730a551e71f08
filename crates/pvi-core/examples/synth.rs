//! Writes synthetic devices for differential tests and benchmarks.
//!
//! `cargo run -p pvi-core --example synth -- random SEED COUNT DIR` writes
//! `DIR/case<SEED+i>/` folders, each with a random device (and its include);
//! `cargo run -p pvi-core --example synth -- large SIGNALS DIR` writes one large device.

#![allow(clippy::disallowed_methods)]

use pvi_core::synth::{large_device, random_device, DeviceSet};

fn write(set: &DeviceSet, dir: &std::path::Path) {
    std::fs::create_dir_all(dir).expect("create folder");
    for (name, text) in &set.files {
        std::fs::write(dir.join(name), text).expect("write device");
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
    match arg(0).as_str() {
        "random" => {
            let seed: u64 = arg(1).parse().expect("SEED");
            let count: u64 = arg(2).parse().expect("COUNT");
            let out = std::path::PathBuf::from(arg(3));
            for s in seed..seed + count {
                write(&random_device(s), &out.join(format!("case{s}")));
            }
        }
        "large" => {
            let n: usize = arg(1).parse().expect("SIGNALS");
            write(&large_device(n, 25, 4), std::path::Path::new(&arg(2)));
        }
        _ => eprintln!("usage: synth random SEED COUNT DIR | synth large SIGNALS DIR"),
    }
}
