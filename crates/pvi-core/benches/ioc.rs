//! Time of `pvi ioc generate` on the areaDetector fixture IOC, without file
//! system cost: the plan (instance, entities, devices, templates, index)
//! and the plan plus every device screen.

#![allow(clippy::disallowed_methods, missing_docs)]

/// The allocator the `pvi` binary uses, so timings match the CLI.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, Criterion};
use pvi_core::emit::ScreenTemplates;
use pvi_core::ioc::{generate, opi, Inputs, Request};
use pvi_core::layout::ScreenFormat;
use pvi_core::resolve::Loader;
use pvi_core::MemoryWorld;
use std::path::Path;

fn load(world: &mut MemoryWorld, dir: &Path, as_dir: &str) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if p.is_dir() {
            load(world, &p, &format!("{as_dir}/{name}"));
        } else {
            world.insert(format!("{as_dir}/{name}"), std::fs::read(&p).unwrap());
        }
    }
}

fn bench(c: &mut Criterion) {
    let mut world = MemoryWorld::new();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/ioc/epics");
    load(&mut world, &fixture, "/epics");
    let req = Request {
        epics_root: "/epics".into(),
        inputs: Inputs::ConfigFolder {
            folder: None,
            instances: vec![],
            definitions: vec![],
        },
        env: [("IOC_NAME".to_string(), "bl01t-ea-ioc-02".to_string())]
            .into_iter()
            .collect(),
    };
    let templates = ScreenTemplates::default();
    c.bench_function("ioc_plan_areadetector", |b| {
        b.iter(|| {
            let mut loader = Loader::new(&world);
            generate(&mut loader, &req).unwrap()
        })
    });
    c.bench_function("ioc_generate_areadetector_with_screens", |b| {
        b.iter(|| {
            let mut loader = Loader::new(&world);
            let plan = generate(&mut loader, &req).unwrap();
            opi::device_screens(&plan, &[ScreenFormat::Bob], &templates).unwrap()
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
