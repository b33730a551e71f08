//! EDM `.edl` and MEDM `.adl` writers: one snapshot per widget and per
//! layout in both formats, pvi-compatibility switches, and a property test
//! that any device writes both formats and shows every PV.

use pvi_core::emit::{PviQuirks, WriteOptions};
use pvi_core::emit::{ScreenFile, ScreenTemplates};
use pvi_core::formatter::Formatter;
use pvi_core::model::Device;
use pvi_core::parse::parse_device;
use pvi_core::project::format_device;
use pvi_core::Sources;

fn device(yaml: &str) -> Device {
    let mut s = Sources::new();
    let id = s.add("test.pvi.device.yaml", yaml);
    parse_device(yaml, id).expect("valid device")
}

fn formatter(ext: &str) -> Formatter {
    let format = pvi_core::formats::by_extension(ext)
        .expect("a screen format")
        .format;
    pvi_core::project::embedded_formatter(format)
}

fn write(dev: &Device, out: &str, quirks: PviQuirks) -> Vec<ScreenFile> {
    let ext = out.rsplit('.').next().unwrap_or_default();
    let templates = ScreenTemplates {
        options: WriteOptions { quirks },
        ..ScreenTemplates::default()
    };
    format_device(dev, &formatter(ext), out, &templates).expect("formats")
}

/// The files without the constant screen header (EDM screen properties,
/// MEDM file/display/colour map blocks), each headed by its name and size.
fn compact(files: &[ScreenFile]) -> String {
    let mut out = String::new();
    for f in files {
        let (head, body) = if let Some(i) = f.text.find("endScreenProperties\n") {
            f.text.split_at(i + "endScreenProperties\n".len())
        } else {
            let i = f.text.find("\"color map\" {").expect("colour map");
            let end = f.text[i..].find("\n}\n").expect("end of colour map") + i + 3;
            f.text.split_at(end)
        };
        let size: Vec<&str> = head
            .lines()
            .filter(|l| {
                let t = l.trim_start();
                t.starts_with("w ")
                    || t.starts_with("h ")
                    || t.starts_with("width=")
                    || t.starts_with("height=")
            })
            .collect();
        out.push_str(&format!(
            "=== {} [{}]\n{}",
            f.file_name,
            size.join(" ").replace('\t', ""),
            body
        ));
    }
    out
}

fn one(children: &str) -> Device {
    device(&format!("label: W - $(P)\nchildren:\n{children}"))
}

fn snap_both(name: &str, dev: &Device) {
    for ext in ["edl", "adl"] {
        let files = write(dev, &format!("w.{ext}"), PviQuirks::Fix);
        insta::assert_snapshot!(format!("{name}.{ext}"), compact(&files));
    }
}

const WIDGETS: &[(&str, &str)] = &[
    ("text_read", "  - {type: SignalR, name: Temp, read_pv: $(P)TEMP, read_widget: {type: TextRead, format: engineer}}\n"),
    ("text_write", "  - {type: SignalW, name: Sp, write_pv: $(P)SP, write_widget: {type: TextWrite, format: hexadecimal}}\n"),
    ("signal_rw", "  - {type: SignalRW, name: Gain, write_pv: $(P)GAIN, read_pv: $(P)GAIN_RBV}\n"),
    ("led", "  - {type: SignalR, name: Ok, read_pv: $(P)OK, read_widget: {type: LED}}\n"),
    ("bit_field", "  - {type: SignalR, name: Bits, read_pv: $(P)BITS, read_widget: {type: BitField, number_of_bits: 4}}\n"),
    ("progress_bar", "  - {type: SignalR, name: Done, read_pv: $(P)DONE, read_widget: {type: ProgressBar}}\n"),
    ("check_box", "  - {type: SignalW, name: On, write_pv: $(P)ON, write_widget: {type: CheckBox}}\n"),
    ("toggle_button", "  - {type: SignalW, name: Pow, write_pv: $(P)POW, write_widget: {type: ToggleButton}}\n"),
    ("combo_box", "  - {type: SignalW, name: Mode, write_pv: $(P)MODE, write_widget: {type: ComboBox, choices: [A, B]}}\n"),
    ("button_panel", "  - {type: SignalW, name: Acq, write_pv: $(P)ACQ, write_widget: {type: ButtonPanel, actions: {Start: '1', Stop: '0'}}}\n"),
    ("signal_x", "  - {type: SignalX, name: Reset, write_pv: $(P)RESET, value: '7'}\n"),
    ("array_trace", "  - {type: SignalR, name: Spec, read_pv: $(P)SPEC, read_widget: {type: ArrayTrace, axis: x, width: 300, height: 200}}\n"),
    ("image_read", "  - {type: SignalR, name: Img, read_pv: $(P)IMG, read_widget: {type: ImageRead, width: 300, height: 200}}\n"),
    ("table_read", "  - {type: SignalR, name: Tab, read_pv: $(P)TAB, read_widget: {type: TableRead, widgets: [{type: TextRead}, {type: LED}]}}\n"),
    ("table_write", "  - {type: SignalW, name: Seq, write_pv: $(P)SEQ, write_widget: {type: TableWrite, widgets: [{type: CheckBox}]}}\n"),
    ("device_ref", "  - {type: DeviceRef, name: Mot, label: Motor X, pv: MOT, ui: motor, macros: {P: 'X:', M: '1'}}\n"),
    (
        "row_button_panel",
        "  - type: Group\n    name: G\n    layout: {type: Grid}\n    children:\n      - type: Group\n        name: R\n        layout: {type: Row}\n        children:\n          - {type: SignalW, name: Go, write_pv: $(P)GO, write_widget: {type: ButtonPanel, actions: {Up: '1', Down: '2'}}}\n",
    ),
];

#[test]
fn every_widget_in_both_formats() {
    for (name, yaml) in WIDGETS {
        snap_both(&format!("widget_{name}"), &one(yaml));
    }
}

#[test]
fn grid_group_with_rows() {
    snap_both(
        "layout_rows",
        &one("  - type: Group\n    name: Chans\n    layout: {type: Grid}\n    children:\n      - type: Group\n        name: Row1\n        layout: {type: Row, header: [Value, Ok]}\n        children:\n          - {type: SignalR, name: V1, read_pv: $(P)V1}\n          - {type: SignalR, name: O1, read_pv: $(P)O1, read_widget: {type: LED}}\n      - type: Group\n        name: Row2\n        layout: {type: Row}\n        children:\n          - {type: SignalR, name: V2, read_pv: $(P)V2}\n          - {type: SignalX, name: Zero, write_pv: $(P)ZERO, value: '0'}\n"),
    );
}

#[test]
fn sub_screens_and_stacking() {
    snap_both(
        "layout_sub_screen",
        &one("  - {type: SignalR, name: A, read_pv: $(P)A}\n  - type: Group\n    name: More\n    layout: {type: SubScreen}\n    children:\n      - {type: SignalR, name: B, read_pv: $(P)B}\n      - type: Group\n        name: Inner\n        layout: {type: Grid, stacked: true}\n        children:\n          - {type: SignalRW, name: C, write_pv: $(P)C, read_pv: $(P)C_RBV}\n"),
    );
}

#[test]
fn reproduce_keeps_pvi_bugs_and_fix_repairs_them() {
    let dev = one(concat!(
        "  - {type: SignalW, name: Acq, write_pv: $(P)ACQ, write_widget: {type: ButtonPanel, actions: {Start: '1', Stop: '0'}}}\n",
        "  - {type: SignalW, name: Pow, write_pv: $(P)POW, write_widget: {type: ToggleButton}}\n",
        "  - {type: SignalR, name: Spec, read_pv: $(P)SPEC, read_widget: {type: ArrayTrace, axis: x}}\n",
    ));
    let pvi = write(&dev, "d.edl", PviQuirks::Reproduce);
    assert_eq!(pvi[0].text.matches("pressValue \"1\"").count(), 2);
    assert!(pvi[0].text.contains("indicatorPv \"None\""));
    assert!(pvi[0].text.contains("  \"0 d_Spec\"\n"));
    assert!(pvi[1].text.contains("  \"0 $(P)SPEC\"\n"));
    let fixed = write(&dev, "d.edl", PviQuirks::Fix);
    assert!(fixed[0].text.contains("pressValue \"0\""));
    assert!(!fixed[0].text.contains("indicatorPv"));
    assert!(fixed[0].text.contains("  0 \"d_Spec\"\n"));
    assert!(fixed[1].text.contains("  0 \"$(P)SPEC\"\n"));

    let pvi = write(&dev, "d.adl", PviQuirks::Reproduce);
    assert_eq!(pvi[0].text.matches("press_msg=\"0\"").count(), 2);
    let fixed = write(&dev, "d.adl", PviQuirks::Fix);
    assert!(fixed[0].text.contains("press_msg=\"1\""));
    assert!(fixed[0]
        .text
        .contains("\t\tname=\"d_Spec.adl\"\n\t\tlabel=\"Spec\"\n"));
}

#[test]
fn every_widget_fixture_writes_all_three_formats() {
    let dev = device(include_str!(
        "fixtures/screens/every_widget.pvi.device.yaml"
    ));
    for ext in ["bob", "edl", "adl"] {
        let files = write(&dev, &format!("every.{ext}"), PviQuirks::Fix);
        let names: Vec<&str> = files.iter().map(|f| f.file_name.as_str()).collect();
        assert_eq!(
            names,
            ["every", "every_Spectrum", "every_Image", "every_Tables"]
                .map(|n| format!("{n}.{ext}")),
            "{ext}"
        );
    }
}

mod generated {
    use super::*;
    use proptest::prelude::*;

    /// A leaf component as YAML (one line) and the PVs it shows.
    fn leaf(i: usize) -> impl Strategy<Value = (String, Vec<String>)> {
        let r = |w: &str| w.to_string();
        let read = prop_oneof![
            Just(r("{type: TextRead}")),
            Just(r("{type: TextRead, format: string}")),
            Just(r("{type: LED}")),
            Just(r("{type: BitField, number_of_bits: 3}")),
            Just(r("{type: ProgressBar}")),
            Just(r("{type: ArrayTrace, axis: x}")),
            Just(r("{type: ImageRead}")),
            Just(r("{type: TableRead, widgets: [{type: LED}]}")),
        ];
        let write = prop_oneof![
            Just(r("{type: TextWrite}")),
            Just(r("{type: CheckBox}")),
            Just(r("{type: ToggleButton}")),
            Just(r("{type: ComboBox}")),
            Just(r("{type: ButtonPanel, actions: {A: '1', B: '2'}}")),
            Just(r("{type: TableWrite, widgets: [{type: TextWrite}]}")),
        ];
        let rw_read = prop_oneof![Just(r("{type: TextRead}")), Just(r("{type: LED}"))];
        let w_pv = format!("$(P)W{i}");
        let r_pv = format!("$(P)R{i}_RBV");
        prop_oneof![
            read.prop_map({
                let r_pv = r_pv.clone();
                move |w| (format!("{{type: SignalR, name: C{i}, read_pv: {r_pv}, read_widget: {w}}}"), vec![r_pv.clone()])
            }),
            write.prop_map({
                let w_pv = w_pv.clone();
                move |w| (format!("{{type: SignalW, name: C{i}, write_pv: {w_pv}, write_widget: {w}}}"), vec![w_pv.clone()])
            }),
            rw_read.prop_map({
                let (w_pv, r_pv) = (w_pv.clone(), r_pv.clone());
                move |w| {
                    (
                        format!("{{type: SignalRW, name: C{i}, write_pv: {w_pv}, read_pv: {r_pv}, read_widget: {w}}}"),
                        vec![w_pv.clone(), r_pv.clone()],
                    )
                }
            }),
            Just((format!("{{type: SignalX, name: C{i}, write_pv: {w_pv}}}"), vec![w_pv.clone()])),
        ]
    }

    /// A top-level entry: a leaf, or a Grid / SubScreen group / Row of leaves.
    fn entry(i: usize) -> impl Strategy<Value = (String, Vec<String>)> {
        let leaves = proptest::collection::vec(0usize..1, 1..4).prop_flat_map(move |v| {
            (0..v.len())
                .map(|k| leaf(100 + i * 10 + k))
                .collect::<Vec<_>>()
        });
        prop_oneof![
            3 => leaf(i).prop_map(|(y, p)| (format!("  - {y}\n"), p)),
            1 => (leaves, 0usize..3).prop_map(move |(ls, kind)| {
                let mut pvs = Vec::new();
                let mut kids = String::new();
                for (y, p) in ls {
                    pvs.extend(p);
                    kids.push_str(&format!("          - {y}\n"));
                }
                let yaml = match kind {
                    0 => format!("  - type: Group\n    name: G{i}\n    layout: {{type: Grid}}\n    children:\n{}", kids.replace("          - ", "      - ")),
                    1 => format!("  - type: Group\n    name: G{i}\n    layout: {{type: SubScreen}}\n    children:\n{}", kids.replace("          - ", "      - ")),
                    _ => format!("  - type: Group\n    name: G{i}\n    layout: {{type: Grid}}\n    children:\n      - type: Group\n        name: R{i}\n        layout: {{type: Row}}\n        children:\n{kids}"),
                };
                (yaml, pvs)
            }),
        ]
    }

    fn device_yaml() -> impl Strategy<Value = (String, Vec<String>)> {
        (0usize..8)
            .prop_flat_map(|n| (0..n).map(entry).collect::<Vec<_>>())
            .prop_map(|entries| {
                let mut yaml = String::from("label: Generated\nchildren:\n");
                let mut pvs = Vec::new();
                for (y, p) in entries {
                    yaml.push_str(&y);
                    pvs.extend(p);
                }
                if pvs.is_empty() {
                    yaml = "label: Generated\nchildren: []\n".to_string();
                }
                (yaml, pvs)
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
        #[test]
        fn any_device_writes_edl_and_adl_with_every_pv((yaml, pvs) in device_yaml()) {
            let dev = device(&yaml);
            for ext in ["edl", "adl"] {
                for quirks in [PviQuirks::Fix, PviQuirks::Reproduce] {
                    let files = write(&dev, &format!("gen.{ext}"), quirks);
                    let all: String = files.iter().map(|f| f.text.as_str()).collect();
                    for pv in &pvs {
                        prop_assert!(all.contains(pv.as_str()), "{} missing from .{}\n{}", pv, ext, yaml);
                    }
                }
            }
        }
    }
}
