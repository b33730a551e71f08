//! Layout engine and `.bob` writer on our own fixtures: one per component
//! kind, widget, layout, nesting and overflow case (insta snapshots).

use pvi_core::emit::{ScreenFile, ScreenTemplates};
use pvi_core::formatter::{parse_formatter, Formatter};
use pvi_core::project::{format_device, layout_for_output};
use pvi_core::resolve::{resolve, Loader};
use pvi_core::{Diags, MemoryWorld};

const BOB_FMT: &str = "type: DLSFormatter\nspacing: 4\ntitle_height: 26\nmax_height: 900\nlabel_width: 120\nwidget_width: 120\nwidget_height: 20\n";
const APS_FMT: &str = "type: APSFormatter\n";

fn formatter(text: &str) -> Formatter {
    let mut s = pvi_core::Sources::new();
    let id = s.add("f.pvi.formatter.yaml", text);
    parse_formatter(text, id).unwrap()
}

fn device(files: &[(&str, &str)]) -> Result<pvi_core::model::Device, Diags> {
    let mut w = MemoryWorld::new();
    for (n, t) in files {
        w.insert(format!("/t/{n}"), t.as_bytes().to_vec());
    }
    let mut loader = Loader::new(&w);
    let d = loader.load_device(&format!("/t/{}", files[0].0))?;
    resolve(&mut loader, d, &["/t".to_string()])
}

fn run(files: &[(&str, &str)], out: &str, fmt: &str) -> Result<Vec<ScreenFile>, Diags> {
    format_device(
        &device(files)?,
        &formatter(fmt),
        out,
        &ScreenTemplates::default(),
    )
}

fn joined(files: &[ScreenFile]) -> String {
    files
        .iter()
        .map(|f| format!("==> {} <==\n{}", f.file_name, f.text))
        .collect()
}

fn errors(d: Diags) -> String {
    d.iter().map(|d| format!("{}\n", d.message)).collect()
}

macro_rules! bob_case {
    ($name:ident, $out:expr, $yaml:expr) => {
        #[test]
        fn $name() {
            let files = run(&[("d.pvi.device.yaml", $yaml)], $out, BOB_FMT).unwrap();
            insta::assert_snapshot!(joined(&files));
        }
    };
}

bob_case!(
    signals_and_widgets,
    "signals.bob",
    r#"
label: Signals - $(P)
children:
  - {type: SignalR, name: Text, read_pv: T, read_widget: {type: TextRead, lines: 2, format: string}}
  - {type: SignalR, name: Led, read_pv: L, read_widget: {type: LED}, description: "A <b> & c"}
  - {type: SignalR, name: Progress, read_pv: P, read_widget: {type: ProgressBar}}
  - {type: SignalR, name: Bits, read_pv: B, read_widget: {type: BitField, number_of_bits: 4}}
  - {type: SignalR, name: NoWidget, read_pv: N, read_widget: null}
  - {type: SignalW, name: Entry, write_pv: E, write_widget: {type: TextWrite, precision: 0}}
  - {type: SignalW, name: Check, write_pv: C, write_widget: {type: CheckBox}}
  - {type: SignalW, name: Toggle, write_pv: G, write_widget: {type: ToggleButton}}
  - {type: SignalW, name: Combo, write_pv: M, write_widget: {type: ComboBox, choices: [A, B]}}
  - {type: SignalRW, name: Demand, write_pv: D, read_pv: D_RBV, read_widget: {type: TextRead}}
  - {type: SignalRW, name: Single, write_pv: S}
  - {type: SignalX, name: Reset, write_pv: R, value: "1", label: Ignored Label}
  - {type: SignalX, name: Panel, write_pv: Q, write_widget: {type: ButtonPanel, actions: {Go: "1", HaltNow: "0"}}}
  - {type: IgnoredComponent, name: Hidden}
  - {type: DeviceRef, name: Camera, pv: CAM, ui: camera.pvi.bob, macros: {P: "CAM:", R: "1:"}}
"#
);

bob_case!(
    tables_and_plots,
    "tables.bob",
    r#"
label: Tables
children:
  - {type: SignalR, name: Read, read_pv: TR, read_widget: {type: TableRead, widgets: [{type: LED}, {type: TextRead}]}}
  - {type: SignalW, name: Write, write_pv: TW, write_widget: {type: TableWrite, widgets: [{type: CheckBox}, {type: ComboBox, choices: [X, Y]}]}}
  - {type: SignalR, name: Trace, read_pv: AT, read_widget: {type: ArrayTrace, axis: XAXIS, width: 400, height: 300}}
  - {type: SignalR, name: Image, read_pv: IM, read_widget: {type: ImageRead, color_map: 1, color_bar: true, axes: true}}
"#
);

bob_case!(
    grid_rows_squeezed_and_top_row_not,
    "rows.bob",
    r#"
label: Rows
children:
  - type: Group
    name: TopRow
    layout: {type: Row, header: [One, Two]}
    children:
      - {type: SignalR, name: RA, read_pv: A}
      - {type: SignalX, name: DoIt, write_pv: X, value: "7"}
  - type: Group
    name: Table
    layout: {type: Grid}
    children:
      - type: Group
        name: Row1
        layout: {type: Row, header: [Binary, Long, Text]}
        children:
          - {type: SignalR, name: B1, read_pv: B1, read_widget: {type: LED}}
          - {type: SignalR, name: L1, read_pv: L1}
          - {type: SignalW, name: W1, write_pv: W1, write_widget: {type: ButtonPanel, actions: {On: "1", Off: "0"}}}
      - type: Group
        name: Row2
        layout: {type: Row}
        children:
          - {type: SignalR, name: B2, read_pv: B2, read_widget: {type: LED}}
          - {type: IgnoredComponent, name: Gap}
          - {type: DeviceRef, name: Ref, pv: R, ui: other, macros: {}}
"#
);

bob_case!(
    stacked_grid_and_sub_screen,
    "stack.pvi.bob",
    r#"
label: Stacked
children:
  - type: Group
    name: Stack
    layout: {type: Grid, stacked: true}
    children:
      - {type: SignalRW, name: Gain, write_pv: G, read_pv: G_RBV, read_widget: {type: TextRead}}
      - {type: SignalRW, name: Mode, write_pv: M, read_pv: M_RBV, read_widget: {type: LED}}
      - type: Group
        name: AdvancedSettings
        label: Advanced
        layout: {type: SubScreen, stacked: true}
        children:
          - {type: SignalRW, name: Offset, write_pv: O, read_pv: O_RBV, read_widget: {type: TextRead}}
          - type: Group
            name: Deeper
            layout: {type: SubScreen, labelled: false}
            children:
              - {type: SignalR, name: Deep, read_pv: DP}
"#
);

bob_case!(
    overflow_into_columns,
    "overflow.bob",
    r#"
label: Overflow
children:
  - {type: SignalR, name: First, read_pv: F}
  - type: Group
    name: Big
    layout: {type: Grid}
    children:
      - {type: SignalR, name: S1, read_pv: S1}
      - {type: SignalR, name: S2, read_pv: S2}
      - {type: SignalR, name: S3, read_pv: S3}
      - {type: SignalR, name: S4, read_pv: S4}
      - {type: SignalR, name: S5, read_pv: S5}
      - {type: SignalR, name: S6, read_pv: S6}
  - {type: SignalR, name: Last, read_pv: L}
  - {type: SignalR, name: Plot, read_pv: PL, read_widget: {type: ArrayTrace, axis: X, width: 100, height: 400}}
"#
);

#[test]
fn overflow_small_max_height() {
    let fmt = BOB_FMT.replace("max_height: 900", "max_height: 100");
    let yaml = r#"
label: Overflow
children:
  - {type: SignalR, name: First, read_pv: F}
  - {type: SignalR, name: Second, read_pv: S}
  - {type: SignalR, name: Third, read_pv: T}
  - {type: SignalR, name: Fourth, read_pv: U}
  - {type: SignalR, name: Fifth, read_pv: V}
  - type: Group
    name: Box
    layout: {type: Grid}
    children:
      - {type: SignalR, name: In1, read_pv: I1}
      - {type: SignalR, name: In2, read_pv: I2}
      - {type: SignalR, name: In3, read_pv: I3}
      - {type: SignalR, name: In4, read_pv: I4}
      - {type: SignalR, name: In5, read_pv: I5}
"#;
    let files = run(&[("d.pvi.device.yaml", yaml)], "small.bob", &fmt).unwrap();
    insta::assert_snapshot!(joined(&files));
}

bob_case!(
    empty_label_no_title_and_nested_grid_flattened,
    "flat.bob",
    r#"
label: ""
children:
  - type: Group
    name: Outer
    layout: {type: Grid}
    children:
      - {type: SignalR, name: A, read_pv: A}
      - type: Group
        name: InnerGrid
        label: Inner Settings
        layout: {type: Grid}
        children:
          - {type: SignalR, name: B, read_pv: B}
          - {type: SignalW, name: C, write_pv: C}
      - {type: SignalR, name: D, read_pv: D}
"#
);

#[test]
fn include_files_resolved() {
    let main = "label: Inc\nchildren:\n  - {type: Include, file_name: part, macros: {P: \"$(P)A:\"}}\n  - {type: Include, file_name: Other, in_subscreen: true}\n";
    let part = "label: Part\nchildren:\n  - {type: SignalR, name: Value, read_pv: $(P)VAL}\n";
    let other = "label: Other\nchildren:\n  - {type: SignalW, name: Set, write_pv: SET}\n";
    let files = run(
        &[
            ("d.pvi.device.yaml", main),
            ("part.pvi.device.yaml", part),
            ("Other.pvi.device.yaml", other),
        ],
        "inc.bob",
        BOB_FMT,
    )
    .unwrap();
    insta::assert_snapshot!(joined(&files));
}

#[test]
fn what_pvi_cannot_draw_is_drawn() {
    // ArrayWrite: its element widget on the array PV; a Plot group: a Grid
    // whose traces get their own sub-screens (pvi fails on both)
    let yaml = "label: X\nchildren:\n  - {type: SignalW, name: A, write_pv: 'P:A', write_widget: {type: ArrayWrite, widget: {type: TextWrite}}}\n  - type: Group\n    name: Traces\n    layout: {type: Plot}\n    children:\n      - {type: SignalR, name: Y, read_pv: 'P:Y', read_widget: {type: ArrayTrace, axis: y}}\n      - {type: SignalR, name: N, read_pv: 'P:N'}\n";
    let d = device(&[("d.pvi.device.yaml", yaml)]).unwrap();
    for (name, entry) in [
        ("x.bob", "textentry"),
        ("x.edl", "TextentryClass"),
        ("x.adl", "text entry"),
    ] {
        let fmt = if name.ends_with(".adl") {
            APS_FMT
        } else {
            BOB_FMT
        };
        let set = layout_for_output(&d, &formatter(fmt), name).unwrap();
        let files = pvi_core::project::write_screens(&set, &ScreenTemplates::default()).unwrap();
        let main = &files[0].text;
        assert!(
            main.contains(entry) && main.contains("P:A"),
            "{name}: {main}"
        );
        assert!(main.contains("P:N"), "{name}: the Plot group's other child");
        assert!(
            files.iter().any(|f| f.text.contains("P:Y")),
            "{name}: the trace"
        );
    }
}

#[test]
fn errors_are_reported() {
    let cases = [
        ("label: X\nchildren: []\n", "x.txt"),
        ("label: X\nchildren:\n  - {type: Group, name: R, layout: {type: Row, header: [a]}, children: []}\n", "x.bob"),
    ];
    let mut out = String::new();
    for (yaml, name) in cases {
        let d = device(&[("d.pvi.device.yaml", yaml)]).unwrap();
        match layout_for_output(&d, &formatter(BOB_FMT), name)
            .and_then(|s| pvi_core::project::write_screens(&s, &ScreenTemplates::default()))
        {
            Ok(_) => out.push_str("ok\n"),
            Err(e) => out.push_str(&errors(e)),
        }
    }
    insta::assert_snapshot!(out);
}

#[test]
fn layout_tree_json() {
    let yaml = "label: Tree\nchildren:\n  - {type: SignalR, name: A, read_pv: A, read_widget: {type: LED}}\n  - type: Group\n    name: G\n    layout: {type: Grid}\n    children:\n      - {type: SignalRW, name: B, write_pv: B, read_pv: B_RBV, read_widget: {type: TextRead}}\n";
    let d = device(&[("d.pvi.device.yaml", yaml)]).unwrap();
    let set = layout_for_output(&d, &formatter(BOB_FMT), "tree.bob").unwrap();
    insta::assert_yaml_snapshot!(set);
}

#[test]
fn index_screen() {
    let mut s = pvi_core::Sources::new();
    let text = "title: Index\nentries:\n  - {label: Button - $(P), ui: button.bob, macros: {P: \"TEST:\"}}\n  - {label: table, ui: pva_table, macros: {}}\n";
    let id = s.add("e.yaml", text);
    let f = pvi_core::parse::parse_index_entries(text, id).unwrap();
    let d = pvi_core::layout::index_device(&f.title, &f.entries);
    let dls = pvi_core::formatter::Formatter::default_for(pvi_core::formatter::FormatterKind::Dls);
    let files = format_device(&d, &dls, "index.bob", &ScreenTemplates::default()).unwrap();
    insta::assert_snapshot!(joined(&files));
}

#[test]
fn generated_large_device() {
    let g = pvi_core::synth::assorted_device(400, 6, 7);
    let w = g.world("/g");
    let mut loader = Loader::new(&w);
    let d = loader.load_device("/g/generated.pvi.device.yaml").unwrap();
    let d = resolve(&mut loader, d, &["/g".to_string()]).unwrap();
    let set = layout_for_output(&d, &formatter(BOB_FMT), "generated.pvi.bob").unwrap();
    let main = &set.screens[0];
    let xs: std::collections::BTreeSet<i64> = main
        .items
        .iter()
        .filter(|i| i.layout.y == 0)
        .map(|i| i.layout.x)
        .collect();
    assert!(xs.len() >= 3, "expected several columns, got {xs:?}");
    assert!(set.screens.len() > 20, "sub-screens: {}", set.screens.len());
    let files = pvi_core::project::write_screens(&set, &ScreenTemplates::default()).unwrap();
    assert_eq!(files.len(), set.screens.len());
    assert!(
        files[1].file_name.starts_with("generated_") && files[1].file_name.ends_with(".pvi.bob")
    );
}

#[test]
fn a_screen_with_too_many_widgets_is_an_error() {
    use pvi_core::layout::MAX_ITEMS_PER_SCREEN;
    // one label and one widget per signal, in group boxes on the main screen
    let yaml = |n: usize| {
        let mut y = String::from(
            "label: Big\nchildren:\n  - type: Group\n    name: Many\n    layout: {type: Grid}\n    children:\n",
        );
        for i in 0..n {
            y += &format!("      - {{type: SignalR, name: S{i}, read_pv: S{i}}}\n");
        }
        y
    };
    let n = MAX_ITEMS_PER_SCREEN / 2 + 1;
    let d = device(&[("d.pvi.device.yaml", &yaml(n))]).unwrap();
    let e = layout_for_output(&d, &formatter(BOB_FMT), "big.bob").unwrap_err();
    assert_eq!(e.len(), 1);
    assert!(
        e[0].message.contains("screen 'big' would hold")
            && e[0].message.contains("more than the limit"),
        "{}",
        e[0].message
    );
    assert!(e[0].notes.iter().any(|n| n.contains("SubScreen")));
    // a few fewer signals fit (group boxes, one per column, count too)
    let d = device(&[("d.pvi.device.yaml", &yaml(n - 20))]).unwrap();
    assert!(layout_for_output(&d, &formatter(BOB_FMT), "big.bob").is_ok());
}
