//! Inputs the fuzz targets (`fuzz/`) found crashing, hanging or blowing
//! up, kept here so the normal test suite keeps them fixed. Each test
//! runs the same pipeline as its target, from memory.

use pvi_core::emit::PviQuirks;
use pvi_core::emit::ScreenTemplates;
use pvi_core::formatter::{parse_formatter, Formatter, FormatterKind};
use pvi_core::model::Device;
use pvi_core::parse::parse_device;
use pvi_core::project::format_device;
use pvi_core::resolve::Loader;
use pvi_core::{FileId, MemoryWorld};

/// Every screen format, both quirk modes: a result or diagnostics, no panic.
fn write_every_screen(dev: &Device, formatter: Option<Formatter>) {
    for (ext, kind) in [
        ("bob", FormatterKind::Dls),
        ("edl", FormatterKind::Dls),
        ("adl", FormatterKind::Aps),
    ] {
        let f = match formatter {
            Some(f) if f.kind == kind => f,
            Some(_) => continue,
            None => Formatter::default_for(kind),
        };
        for q in [PviQuirks::Fix, PviQuirks::Reproduce] {
            let mut t = ScreenTemplates::default();
            t.options.quirks = q;
            let _ = format_device(dev, &f, &format!("d.pvi.{ext}"), &t);
        }
    }
}

fn device_error(text: &str) -> String {
    let world = MemoryWorld::new().with("d.pvi.device.yaml", text);
    let mut loader = Loader::new(&world);
    match loader.load_device("d.pvi.device.yaml") {
        Ok(dev) => {
            write_every_screen(&dev, None);
            String::new()
        }
        Err(d) => d.iter().map(|d| d.message.clone()).collect(),
    }
}

fn signal_with(widget: &str) -> String {
    format!("label: X\nchildren:\n  - type: SignalR\n    name: A\n    read_pv: A\n    read_widget: {widget}\n")
}

/// `device` target: a huge `lines`, `width` or `height` overflowed the
/// layout arithmetic (`attempt to multiply with overflow` in layout).
#[test]
fn fuzz_huge_widget_sizes_are_errors() {
    for w in [
        "{type: TextRead, lines: 9223372036854775807}",
        "{type: TextRead, lines: -9223372036854775808}",
        "{type: ArrayTrace, axis: x, width: 9223372036854775807}",
        "{type: ImageRead, height: '-9223372036854775807'}",
        "{type: BitField, number_of_bits: 1000001}",
        "{type: TextRead, precision: 4.0e15}",
    ] {
        let e = device_error(&signal_with(w));
        assert!(e.contains("out of range"), "{w}: {e}");
    }
}

/// The largest accepted sizes lay out and write without overflow.
#[test]
fn fuzz_largest_widget_sizes_lay_out() {
    for w in [
        "{type: TextRead, lines: 1000000}",
        "{type: TextRead, lines: -1000000}",
        "{type: ArrayTrace, axis: x, width: 1000000, height: -1000000}",
        "{type: ImageRead, width: -1000000, height: 1000000}",
        "{type: TextRead, precision: 1000000}",
    ] {
        assert_eq!(device_error(&signal_with(w)), "", "{w}");
    }
}

const SMALL: &str = "label: S\nchildren:\n  - type: Group\n    name: G\n    layout:\n      type: Grid\n    children:\n      - type: SignalRW\n        name: A\n        write_pv: A\n        read_pv: A_RBV\n      - type: SignalR\n        name: B\n        read_pv: B\n        read_widget:\n          type: TextRead\n          lines: 3\n  - type: Group\n    name: Sub\n    layout:\n      type: SubScreen\n    children:\n      - type: SignalX\n        name: C\n        write_pv: C\n";

/// `formatter` target: huge sizes (`label_width: 9223372036854775807`,
/// `widget_height: 1e18`) overflowed the layout engine.
#[test]
fn fuzz_huge_formatter_sizes_are_errors() {
    for text in [
        "type: DLSFormatter\nlabel_width: 9223372036854775807\n",
        "type: DLSFormatter\nwidget_height: 1000000000000000000\n",
        "type: APSFormatter\nspacing: 4611686018427387904\n",
    ] {
        let e = parse_formatter(text, FileId(0)).expect_err(text);
        assert!(e[0].message.contains("out of range"), "{text}: {e:?}");
    }
}

/// The largest accepted formatter sizes (and zeros) lay out without
/// overflow or endless loops.
#[test]
fn fuzz_extreme_formatter_sizes_lay_out() {
    let dev = parse_device(SMALL, FileId(1)).unwrap();
    for kind in ["DLSFormatter", "APSFormatter"] {
        for v in [0, 1, 1_000_000] {
            let text = format!("type: {kind}\nspacing: {v}\ntitle_height: {v}\nmax_height: {v}\nlabel_width: {v}\nwidget_width: {v}\nwidget_height: {v}\n");
            let f = parse_formatter(&text, FileId(0)).unwrap();
            write_every_screen(&dev, Some(f));
        }
    }
}

/// `regroup_bob` target: nested widgets whose `<y>` add up past i64::MAX
/// overflowed the absolute y of a name (`attempt to add with overflow`).
#[test]
fn fuzz_bob_nested_huge_y_saturates() {
    use pvi_core::convert::{regroup, y_of, ScreenKind};
    let max = i64::MAX;
    let bob = format!("<widget><y>{max}</y><widget><y>{max}</y>Gain</widget></widget>");
    assert_eq!(y_of(ScreenKind::Bob, &bob, "Gain"), Some(max));
    let dev = parse_device(
        "label: d\nchildren:\n  - type: SignalR\n    name: Gain\n    read_pv: G\n",
        FileId(0),
    )
    .unwrap();
    let (dev, _) = regroup(dev, &[("a.bob".to_string(), bob)]).unwrap();
    assert_eq!(dev.children.len(), 1);
}

const VAC_SUPPORT: &str = "module: vac\nentity_models:\n  - name: controller\n    description: c\n    parameters:\n      name:\n        type: id\n        description: id\n      P:\n        type: str\n        description: prefix\n    pvi:\n      yaml_path: Valve.pvi.device.yaml\n      ui_macros:\n        P:\n      pv: true\n      pv_prefix: \"{{ P }}\"\n";

fn ioc_errors(p_value: &str) -> String {
    use pvi_core::ioc::{generate, Inputs, Request};
    let instance = format!(
        "ioc_name: x\ndescription: y\nentities:\n  - type: vac.controller\n    name: C1\n    P: \"{p_value}\"\n"
    );
    let world = MemoryWorld::new()
        .with(
            "/r/pvi-defs/Valve.pvi.device.yaml",
            "label: Valve\nchildren:\n  - type: SignalX\n    name: Open\n    write_pv: $(P)OPEN\n",
        )
        .with("/r/ibek-defs/vac.ibek.support.yaml", VAC_SUPPORT)
        .with("/i/x.ibek.ioc.yaml", instance);
    let req = Request {
        epics_root: "/r".into(),
        inputs: Inputs::Files {
            instance: "/i/x.ibek.ioc.yaml".into(),
            supports: vec!["/r/ibek-defs/vac.ibek.support.yaml".into()],
        },
        env: Default::default(),
    };
    let mut loader = Loader::new(&world);
    match generate(&mut loader, &req) {
        Ok(_) => String::new(),
        Err(d) => d.iter().map(|d| d.message.clone()).collect(),
    }
}

/// `ioc` target: Jinja in an instance value could loop for ever
/// (`timeout`), allocate gigabytes (`oom`) or print a list of 10^8 items
/// (`timeout`); each render now has a minijinja fuel budget and printed
/// lists a length limit, and fails with a diagnostic.
#[test]
fn fuzz_jinja_loops_and_huge_values_run_out_of_fuel() {
    assert_eq!(ioc_errors("X{{ 1 + 1 }}:"), "");
    for t in [
        "{{ 'a' * 100000000 }}",
        "{{ [1] * 100000000 }}",
        "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
    ] {
        let e = ioc_errors(t);
        assert!(
            e.contains("fuel") || e.contains("cannot be printed"),
            "{t}: {e}"
        );
    }
}

/// `device` target: a PV with a `"` (`read_pv: $(P)$(R"Status`) was
/// written into the db template as is, which then did not parse (pvi
/// writes the same broken file); the same for a prefix with a `"`, a PV
/// ending in `\` and a label with a line break. Now a diagnostic.
#[test]
fn fuzz_template_strings_that_break_the_database_are_errors() {
    use pvi_core::emit::{generate_template, generate_template_with, TemplateLayout};
    let dev = |label: &str, pv: &str| {
        let text = format!(
            "label: {label}\nchildren:\n  - type: SignalR\n    name: Status\n    read_pv: '{pv}'\n"
        );
        parse_device(&text, FileId(0)).unwrap()
    };
    let ophyd = TemplateLayout::OphydAsync {
        groups_as_devices: false,
    };
    for (label, pv, prefix) in [
        ("D", "$(P)$(R\"Status", "P:"),
        ("D", "$(P)Status\\", "P:"),
        ("D", "$(P)Status", "P\":"),
        ("\"a\\nb\"", "$(P)Status", "P:"),
    ] {
        let d = dev(label, pv);
        let e = generate_template(&d, prefix).expect_err(pv);
        assert!(e.message.contains("cannot be written"), "{e:?}");
        assert!(generate_template_with(&d, prefix, ophyd).is_err());
    }
    let ok = generate_template(&dev("D", "$(P)St\\\"atus"), "P:").unwrap();
    assert!(pvi_core::epicsdb::parse(&ok, FileId(0)).diags.is_empty());
}
