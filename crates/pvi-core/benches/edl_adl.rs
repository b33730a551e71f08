//! Benchmarks of the `.edl` and `.adl` writers (layout done once, outside
//! the timed part): the every-widget fixture, a 240-signal device, and the
//! 600-signal generated device of the `.bob` bench (`screens.rs`).

/// The allocator the `pvi` binary uses, so timings match the CLI.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{black_box, criterion_main, Criterion};
use pvi_core::emit::adl::{write_adl, AdlTemplate};
use pvi_core::emit::edl::{write_edl, EdlTemplate};
use pvi_core::emit::WriteOptions;
use pvi_core::formatter::Formatter;
use pvi_core::layout::ScreenSet;
use pvi_core::model::Device;
use pvi_core::parse::parse_device;
use pvi_core::project::layout_for_output;
use pvi_core::resolve::{resolve, Loader};
use pvi_core::Sources;

fn device(yaml: &str) -> Device {
    let mut s = Sources::new();
    let id = s.add("bench.pvi.device.yaml", yaml);
    parse_device(yaml, id).expect("valid device")
}

fn formatter(ext: &str) -> Formatter {
    let format = pvi_core::formats::by_extension(ext)
        .expect("a screen format")
        .format;
    pvi_core::project::embedded_formatter(format)
}

/// 8 Grid groups of 30 signals of mixed widgets (an areaDetector-sized device).
fn big_device() -> String {
    let mut y = String::from("label: Big - $(P)\nchildren:\n");
    for g in 0..8 {
        y.push_str(&format!(
            "  - type: Group\n    name: Group{g}\n    layout: {{type: Grid}}\n    children:\n"
        ));
        for s in 0..30 {
            let w = match s % 5 {
                0 => "{type: SignalRW, name: S%, write_pv: $(P)S%, read_pv: $(P)S%_RBV}",
                1 => "{type: SignalR, name: S%, read_pv: $(P)S%, read_widget: {type: LED}}",
                2 => "{type: SignalW, name: S%, write_pv: $(P)S%, write_widget: {type: ComboBox}}",
                3 => "{type: SignalX, name: S%, write_pv: $(P)S%}",
                _ => "{type: SignalR, name: S%, read_pv: $(P)S%, read_widget: {type: TextRead, format: exponential}}",
            };
            y.push_str(&format!(
                "      - {}\n",
                w.replace('%', &format!("{g}x{s}"))
            ));
        }
    }
    y
}

fn sets(yaml: &str) -> (ScreenSet, ScreenSet) {
    let dev = device(yaml);
    let edl = layout_for_output(&dev, &formatter("edl"), "d.edl").expect("layout");
    let adl = layout_for_output(&dev, &formatter("adl"), "d.adl").expect("layout");
    (edl, adl)
}

fn writers(c: &mut Criterion) {
    let opts = WriteOptions::default();
    let (edl_t, adl_t) = (EdlTemplate::embedded(), AdlTemplate::embedded());
    for (name, yaml) in [
        (
            "every_widget",
            include_str!("../tests/fixtures/screens/every_widget.pvi.device.yaml").to_string(),
        ),
        ("big_240", big_device()),
    ] {
        let (edl, adl) = sets(&yaml);
        c.bench_function(&format!("edl_write/{name}"), |b| {
            b.iter(|| write_edl(edl_t, black_box(&edl), opts).expect("writes"))
        });
        c.bench_function(&format!("adl_write/{name}"), |b| {
            b.iter(|| write_adl(adl_t, black_box(&adl), opts).expect("writes"))
        });
    }
    let g = pvi_core::synth::assorted_device(600, 8, 7);
    let w = g.world("/g");
    let mut loader = Loader::new(&w);
    let d = loader
        .load_device("/g/generated.pvi.device.yaml")
        .expect("valid");
    let dev = resolve(&mut loader, d, &["/g".to_string()]).expect("resolves");
    let edl = layout_for_output(&dev, &formatter("edl"), "generated.pvi.edl").expect("layout");
    let adl = layout_for_output(&dev, &formatter("adl"), "generated.pvi.adl").expect("layout");
    c.bench_function("edl_write/600_signals", |b| {
        b.iter(|| write_edl(edl_t, black_box(&edl), opts).expect("writes"))
    });
    c.bench_function("adl_write/600_signals", |b| {
        b.iter(|| write_adl(adl_t, black_box(&adl), opts).expect("writes"))
    });
}

#[allow(missing_docs)]
mod group {
    criterion::criterion_group!(benches, super::writers);
}
criterion_main!(group::benches);
