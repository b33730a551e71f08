//! One test per validation rule (docs/behaviour/device-model.md).

use super::parse_device;
use crate::model::*;
use crate::FileId;

fn ok(yaml: &str) -> Device {
    parse_device(yaml, FileId(0)).unwrap_or_else(|d| panic!("{d:?}"))
}

fn err(yaml: &str) -> String {
    let d = parse_device(yaml, FileId(0)).expect_err("must be rejected");
    d.iter()
        .map(|d| d.message.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

fn first(yaml: &str) -> Component {
    match ok(yaml).children.remove(0) {
        Entry::Component(c) => c,
        Entry::Include(_) => panic!("include"),
    }
}

#[test]
fn label_is_required() {
    assert!(err("children: []").contains("missing field `label`"));
}

#[test]
fn signal_r_defaults_to_text_read() {
    let c = first("label: x\nchildren:\n- {type: SignalR, name: A, read_pv: P}");
    assert_eq!(c.read_widget(), Some(&ReadWidget::text()));
}

#[test]
fn signal_r_explicit_null_widget_is_kept() {
    let c = first("label: x\nchildren:\n- {type: SignalR, name: A, read_pv: P, read_widget: null}");
    assert_eq!(c.read_widget(), None);
}

#[test]
fn signal_rw_single_pv_rule() {
    let Component::SignalRW(s) =
        first("label: x\nchildren:\n- {type: SignalRW, name: A, write_pv: W}")
    else {
        panic!()
    };
    assert_eq!(s.read_pv, "W");
    assert_eq!(s.read_widget, None);
    let Component::SignalRW(s) =
        first("label: x\nchildren:\n- {type: SignalRW, name: A, write_pv: W, read_pv: W}")
    else {
        panic!()
    };
    assert_eq!(s.read_widget, Some(ReadWidget::text()));
    let Component::SignalRW(s) = first(
        "label: x\nchildren:\n- {type: SignalRW, name: A, write_pv: W, read_widget: {type: LED}}",
    ) else {
        panic!()
    };
    assert_eq!(
        (s.read_pv.as_str(), s.read_widget),
        ("W", Some(ReadWidget::Led))
    );
}

#[test]
fn signal_w_widget_cannot_be_null() {
    assert!(err(
        "label: x\nchildren:\n- {type: SignalW, name: A, write_pv: W, write_widget: null}"
    )
    .contains("cannot be null"));
}

#[test]
fn signal_x_defaults() {
    let Component::SignalX(s) =
        first("label: x\nchildren:\n- {type: SignalX, name: A, write_pv: W}")
    else {
        panic!()
    };
    assert_eq!(s.value, "1");
    assert_eq!(
        s.write_widget.panel().actions.get("Go").map(String::as_str),
        Some("1")
    );
}

#[test]
fn signal_x_needs_button_panel() {
    assert!(err("label: x\nchildren:\n- {type: SignalX, name: A, write_pv: W, write_widget: {type: CheckBox}}")
        .contains("SignalX write_widget must be ButtonPanel"));
}

#[test]
fn names_must_be_pascal_case() {
    assert!(
        err("label: x\nchildren:\n- {type: SignalR, name: gain, read_pv: P}")
            .contains("PascalCase")
    );
    assert!(
        err("label: x\nchildren:\n- {type: SignalR, name: Gain_X, read_pv: P}")
            .contains("PascalCase")
    );
    ok("label: x\nchildren:\n- {type: SignalR, name: '', read_pv: P}");
    ok("label: x\nchildren:\n- {type: SignalR, name: ROI1, read_pv: P}");
}

#[test]
fn action_names_must_be_pascal_case() {
    assert!(err("label: x\nchildren:\n- {type: SignalW, name: A, write_pv: W, write_widget: {type: ButtonPanel, actions: {start: '1'}}}")
        .contains("not PascalCase"));
}

#[test]
fn strings_are_strict_but_yes_is_a_string() {
    assert!(
        err("label: x\nchildren:\n- {type: SignalR, name: A, read_pv: 1}")
            .contains("expected a string")
    );
    let c = first("label: x\nchildren:\n- {type: SignalR, name: A, read_pv: yes}");
    assert_eq!(c.pvs(), vec![("read_pv", "yes")]);
}

#[test]
fn integers_and_booleans_are_lax() {
    let c = first(
        "label: x\nchildren:\n- {type: SignalR, name: A, read_pv: P, read_widget: {type: TextRead, lines: '3', precision: 2.0}}",
    );
    let Some(ReadWidget::TextRead(t)) = c.read_widget() else {
        panic!()
    };
    assert_eq!((t.lines, t.precision), (Some(3), Some(2)));
    let c = first("label: x\nchildren:\n- {type: Group, name: G, layout: {type: Grid, labelled: 'no', stacked: 1}}");
    let Component::Group(g) = c else { panic!() };
    assert_eq!(
        g.layout,
        Layout::Grid(GridOptions {
            labelled: false,
            stacked: true
        })
    );
}

#[test]
fn unknown_keys_are_rejected_everywhere() {
    assert!(err("label: x\nfoo: 1").contains("unknown field `foo` in Device"));
    assert!(
        err("label: x\nchildren:\n- {type: Group, name: G, layout: {type: Row, headers: []}}")
            .contains("unknown field `headers` in Row")
    );
}

#[test]
fn typed_nodes_need_a_known_type() {
    assert!(err(
        "label: x\nchildren:\n- {type: SignalR, name: A, read_pv: P, read_widget: {lines: 2}}"
    )
    .contains("missing `type`"));
    assert!(err("label: x\nchildren:\n- {type: SignalR, name: A, read_pv: P, read_widget: {type: CheckBox}}")
        .contains("unknown read widget type 'CheckBox'"));
    assert!(err("label: x\nchildren:\n- {type: Group, name: G}").contains("missing field `layout`"));
}

#[test]
fn device_children_fall_back_to_include() {
    let d = ok("label: x\nchildren:\n- {file_name: base}\n- {type: Bogus, file_name: other, in_subscreen: true}");
    let Entry::Include(i) = &d.children[1] else {
        panic!()
    };
    assert_eq!((i.file_name.as_str(), i.in_subscreen), ("other", true));
}

#[test]
fn include_is_not_allowed_in_groups() {
    assert!(err("label: x\nchildren:\n- {type: Group, name: G, layout: {type: Grid}, children: [{type: Include, file_name: a}]}")
        .contains("only allowed"));
}

#[test]
fn widget_defaults() {
    let c = first("label: x\nchildren:\n- {type: SignalR, name: A, read_pv: P, read_widget: {type: ImageRead}}");
    assert_eq!(
        c.read_widget(),
        Some(&ReadWidget::ImageRead(ImageRead::default()))
    );
    let c = first("label: x\nchildren:\n- {type: SignalR, name: A, read_pv: P, read_widget: {type: BitField}}");
    assert_eq!(
        c.read_widget(),
        Some(&ReadWidget::BitField(BitField::default()))
    );
    assert!(err("label: x\nchildren:\n- {type: SignalR, name: A, read_pv: P, read_widget: {type: ArrayTrace}}")
        .contains("missing field `axis`"));
    assert!(err("label: x\nchildren:\n- {type: SignalR, name: A, read_pv: P, read_widget: {type: TextRead, format: hex}}")
        .contains("unknown text format"));
}

#[test]
fn device_ref_macros_default_empty() {
    let Component::DeviceRef(d) =
        first("label: x\nchildren:\n- {type: DeviceRef, name: A, pv: P, ui: u}")
    else {
        panic!()
    };
    assert!(d.macros.is_empty());
}

#[test]
fn parent_is_kept() {
    let d = ok("label: x\nparent: base\nchildren: []");
    assert_eq!(d.parent.as_deref(), Some("base"));
}

#[test]
fn every_error_is_reported_not_just_the_first() {
    let e = err(
        "label: x\nchildren:\n- {type: SignalR, name: a, read_pv: 1}\n- {type: SignalW, name: B}",
    );
    assert_eq!(e.lines().count(), 3, "{e}");
}

#[test]
fn pascal_suggestions_keep_the_words() {
    use super::reader::pascal_suggestion;
    for (bad, good) in [
        ("acquire_time", Some("AcquireTime")),
        ("ACQUIRE_TIME", Some("AcquireTime")),
        ("acquireTime", Some("AcquireTime")),
        ("gain x", Some("GainX")),
        ("roi-1", Some("Roi1")),
        ("1st", None),
    ] {
        assert_eq!(pascal_suggestion(bad).as_deref(), good, "{bad}");
    }
}

#[test]
fn a_tab_in_indentation_is_reported_at_the_tab() {
    let text = "label: D\nchildren:\n  - type: SignalR\n\tname: A\n    read_pv: X\n";
    let mut s = crate::Sources::new();
    let id = s.add("t.pvi.device.yaml", text);
    let e = crate::parse::parse_device(text, id).unwrap_err();
    assert!(
        e[0].message.contains("tab in the indentation"),
        "{:?}",
        e[0]
    );
    assert!(s.location(e[0].span.unwrap()).ends_with(":4:1"));
}
