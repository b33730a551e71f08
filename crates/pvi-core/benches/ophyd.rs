//! Timing of the ophyd-async layout template and `pvi ophyd` module for a
//! large generated device (500 signals in 10 groups).

#![allow(missing_docs)] // criterion_group! generates an undocumented pub fn

/// The allocator the `pvi` binary uses, so timings match the CLI.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, Criterion};
use pvi_core::emit::ophyd::python_module;
use pvi_core::emit::{generate_template_with, TemplateLayout};
use pvi_core::model::ModuleDevice;
use pvi_core::parse::parse_device;
use pvi_core::Sources;
use std::hint::black_box;

fn device_text() -> String {
    let mut s = String::from("label: Big\nchildren:\n");
    for g in 0..10 {
        s.push_str(&format!(
            "  - type: Group\n    name: Group{g}\n    layout: {{type: Grid}}\n    children:\n"
        ));
        for i in 0..50 {
            let n = format!("Signal{g}x{i}");
            s.push_str(&match i % 4 {
                0 => format!("      - {{type: SignalR, name: {n}, read_pv: 'P:{n}'}}\n"),
                1 => format!("      - {{type: SignalRW, name: {n}, write_pv: 'P:{n}', read_pv: 'P:{n}_RBV', write_widget: {{type: CheckBox}}}}\n"),
                2 => format!("      - {{type: SignalRW, name: {n}, write_pv: 'P:{n}', write_widget: {{type: ComboBox, choices: [A, B, C]}}}}\n"),
                _ => format!("      - {{type: SignalX, name: {n}, write_pv: 'P:{n}'}}\n"),
            });
        }
    }
    s
}

fn bench(c: &mut Criterion) {
    let text = device_text();
    let mut sources = Sources::new();
    let id = sources.add("big.pvi.device.yaml", text.clone());
    let device = parse_device(&text, id).expect("bench device parses");
    for groups_as_devices in [false, true] {
        let layout = TemplateLayout::OphydAsync { groups_as_devices };
        c.bench_function(
            &format!("ophyd_template_500/groups_as_devices={groups_as_devices}"),
            |b| {
                b.iter(|| {
                    generate_template_with(black_box(&device), "P:", layout).expect("template")
                })
            },
        );
    }
    let devices = vec![ModuleDevice {
        stem: "big".into(),
        file: "big.pvi.device.yaml".into(),
        device: device.clone(),
    }];
    c.bench_function("ophyd_python_500", |b| {
        b.iter(|| python_module(black_box(&devices), false).expect("module"))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
