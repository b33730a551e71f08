//! Parse + resolve of a large synthetic device (2,000 signals, 4 includes),
//! and YAML mappings of 10k–200k keys (the duplicate-key check must stay
//! linear: it was quadratic, 56 s at 200k keys).

#![allow(missing_docs)]

/// The allocator the `pvi` binary uses, so timings match the CLI.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, Criterion};
use pvi_core::resolve::{resolve, Loader};
use pvi_core::synth::large_device;
use std::hint::black_box;

fn parse_resolve(c: &mut Criterion) {
    let set = large_device(2000, 25, 4);
    let world = set.world("lib");
    let main = format!("lib/{}", set.main);
    let dirs = vec!["lib".to_string()];
    let mut g = c.benchmark_group("device_2000_signals");
    g.bench_function("parse", |b| {
        b.iter(|| {
            let mut l = Loader::new(&world);
            black_box(l.load_device(&main).unwrap())
        })
    });
    g.bench_function("parse_resolve", |b| {
        b.iter(|| {
            let mut l = Loader::new(&world);
            let d = l.load_device(&main).unwrap();
            black_box(resolve(&mut l, d, &dirs).unwrap())
        })
    });
    g.finish();
}

fn wide_mappings(c: &mut Criterion) {
    let mut g = c.benchmark_group("yaml_mapping_keys");
    g.sample_size(10);
    for n in [10_000usize, 50_000, 200_000] {
        let mut text = String::with_capacity(n * 16);
        for i in 0..n {
            text.push_str(&format!("key{i}: {i}\n"));
        }
        g.bench_function(format!("{n}"), |b| {
            b.iter(|| {
                black_box(pvi_core::yaml::load(
                    &text,
                    pvi_core::FileId(0),
                    pvi_core::yaml::Limits::default(),
                ))
            })
        });
    }
    g.finish();
}

criterion_group!(benches, parse_resolve, wide_mappings);
criterion_main!(benches);
