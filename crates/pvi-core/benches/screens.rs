//! Layout and `.bob` writing of a large generated device (several hundred
//! signals, groups, table rows, includes, sub-screens, column overflow), and
//! the layout of one screen of 1k–9k signals (time must grow linearly).

#![allow(missing_docs)]

/// The allocator the `pvi` binary uses, so timings match the CLI.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, Criterion};
use pvi_core::emit::ScreenTemplates;
use pvi_core::formatter::{Formatter, FormatterKind, Settings};
use pvi_core::project::{layout_for_output, write_screens};
use pvi_core::resolve::{resolve, Loader};

fn dls_bob() -> Formatter {
    Formatter {
        kind: FormatterKind::Dls,
        settings: Settings {
            spacing: 4,
            title_height: 26,
            max_height: 900,
            label_width: 120,
            widget_width: 120,
            widget_height: 20,
        },
    }
}

fn bench(c: &mut Criterion) {
    let g = pvi_core::synth::assorted_device(600, 8, 7);
    let w = g.world("/g");
    let fmt = dls_bob();
    let templates = ScreenTemplates::default();
    let load = || {
        let mut loader = Loader::new(&w);
        let d = loader
            .load_device("/g/generated.pvi.device.yaml")
            .expect("valid");
        resolve(&mut loader, d, &["/g".to_string()]).expect("resolves")
    };
    let device = load();
    let set = layout_for_output(&device, &fmt, "generated.pvi.bob").expect("lays out");
    c.bench_function("layout_600_signals", |b| {
        b.iter(|| layout_for_output(&device, &fmt, "generated.pvi.bob").expect("lays out"))
    });
    c.bench_function("write_bob_600_signals", |b| {
        b.iter(|| write_screens(&set, &templates).expect("writes"))
    });
    c.bench_function("parse_resolve_layout_write_600_signals", |b| {
        b.iter(|| {
            let d = load();
            let s = layout_for_output(&d, &fmt, "generated.pvi.bob").expect("lays out");
            write_screens(&s, &templates).expect("writes")
        })
    });
}

fn one_screen(c: &mut Criterion) {
    let fmt = dls_bob();
    let mut g = c.benchmark_group("layout_one_screen");
    g.sample_size(20);
    // label + widget per signal: 9,000 signals stay under the item limit
    for n in [1_000usize, 3_000, 9_000] {
        let mut text = String::from("label: Flat\nchildren:\n");
        for i in 0..n {
            text.push_str(&format!(
                "  - type: SignalR\n    name: S{i}\n    read_pv: P{i}\n"
            ));
        }
        let device = pvi_core::parse::parse_device(&text, pvi_core::FileId(0)).expect("valid");
        g.bench_function(format!("{n}"), |b| {
            b.iter(|| layout_for_output(&device, &fmt, "flat.bob").expect("lays out"))
        });
    }
    g.finish();
}

criterion_group!(benches, bench, one_screen);
criterion_main!(benches);
