//! Timings of the converters on the 100+ parameter areaDetector-style fixture:
//! database parsing, `convert device` and YAML write-back.
#![allow(missing_docs)]

/// The allocator the `pvi` binary uses, so timings match the CLI.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, Criterion};
use pvi_core::convert::{convert_device, ConvertOptions};
use pvi_core::emit::device_yaml;
use pvi_core::epicsdb::parse;
use pvi_core::resolve::Loader;
use pvi_core::{FileId, MemoryWorld};

const FC_H: &str = include_str!("../tests/fixtures/convert/areadetector/fastCam.h");
const FC_T: &str = include_str!("../tests/fixtures/convert/areadetector/fastCam.template");
const FC_ADV: &str =
    include_str!("../tests/fixtures/convert/areadetector/fastCamAdvanced.template");

fn bench(c: &mut Criterion) {
    let world = MemoryWorld::new()
        .with("fastCam.h", FC_H)
        .with("fastCam.template", FC_T)
        .with("fastCamAdvanced.template", FC_ADV);
    let opts = ConvertOptions {
        header: Some("fastCam.h".into()),
        templates: vec!["fastCam.template".into(), "fastCamAdvanced.template".into()],
        ..Default::default()
    };
    c.bench_function("epicsdb_parse_fastcam", |b| {
        b.iter(|| parse(FC_T, FileId(0)))
    });
    c.bench_function("convert_device_fastcam", |b| {
        b.iter(|| {
            convert_device(&mut Loader::new(&world), &opts)
                .result
                .is_ok()
        })
    });
    let (_, device) = convert_device(&mut Loader::new(&world), &opts)
        .result
        .expect("converts");
    c.bench_function("device_yaml_fastcam", |b| b.iter(|| device_yaml(&device)));
}

criterion_group!(benches, bench);
criterion_main!(benches);
