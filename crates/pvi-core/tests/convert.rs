//! Converters end to end on fixtures: convert device, reconvert, regroup.

use pvi_core::convert::{
    convert_device, reconvert, regroup, template_groups, ConvertOptions, Report,
};
use pvi_core::emit::{device_yaml, generate_template};
use pvi_core::model::{walk, Component, Device, Entry, Leaf};
use pvi_core::parse::parse_device;
use pvi_core::resolve::{resolve, Loader};
use pvi_core::{FileId, MemoryWorld};

const SMALL_H: &str = include_str!("fixtures/convert/small/myDriver.h");
const SMALL_T: &str = include_str!("fixtures/convert/small/myDriver.template");
const SMALL_STATUS: &str = include_str!("fixtures/convert/small/myDriverStatus.template");
const ADL: &str = include_str!("fixtures/convert/legacy/myDriver.adl");
const EDL: &str = include_str!("fixtures/convert/legacy/myDriverStatus.edl");
const BOB: &str = include_str!("fixtures/convert/legacy/myDriverExtra.bob");
const FC_H: &str = include_str!("fixtures/convert/areadetector/fastCam.h");
const FC_T: &str = include_str!("fixtures/convert/areadetector/fastCam.template");
const FC_ADV: &str = include_str!("fixtures/convert/areadetector/fastCamAdvanced.template");
const ADDRIVER: &str = include_str!("fixtures/convert/areadetector/ADDriver.pvi.device.yaml");
const OVERLAY_H: &str = include_str!("fixtures/convert/macros/overlay.h");
const OVERLAY_T: &str = include_str!("fixtures/convert/macros/overlayN.template");
/// What pvi 0.14.4's `convert device` writes for the two files above.
const OVERLAY_PVI: &str = include_str!("fixtures/convert/macros/overlay.pvi.device.yaml");

fn world() -> MemoryWorld {
    MemoryWorld::new()
        .with("small/myDriver.h", SMALL_H)
        .with("small/myDriver.template", SMALL_T)
        .with("small/myDriverStatus.template", SMALL_STATUS)
        .with("fc/fastCam.h", FC_H)
        .with("fc/fastCam.template", FC_T)
        .with("fc/fastCamAdvanced.template", FC_ADV)
        .with("yaml/ADDriver.pvi.device.yaml", ADDRIVER)
        .with("macros/overlay.h", OVERLAY_H)
        .with("macros/overlayN.template", OVERLAY_T)
}

fn ok<T: std::fmt::Debug>(r: Report<T>) -> (T, Vec<String>) {
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    (r.result.expect("conversion works"), r.messages)
}

/// Options converting `header` and `templates`.
fn with_header(header: &str, templates: &[&str]) -> ConvertOptions {
    ConvertOptions {
        header: Some(header.into()),
        templates: templates.iter().map(|t| t.to_string()).collect(),
        ..Default::default()
    }
}

fn small_opts() -> ConvertOptions {
    with_header(
        "small/myDriver.h",
        &["small/myDriver.template", "small/myDriverStatus.template"],
    )
}

fn reparse(text: &str) -> Device {
    parse_device(text, FileId(0)).expect("written YAML reads back")
}

#[test]
fn converts_small_driver() {
    let w = world();
    let mut loader = Loader::new(&w);
    let ((name, device), messages) = ok(convert_device(&mut loader, &small_opts()));
    assert_eq!(name, "myDriver");
    insta::assert_snapshot!("small_messages", messages.join("\n"));
    let text = device_yaml(&device);
    insta::assert_snapshot!("small_device", text);
    assert_eq!(reparse(&text), device);
}

#[test]
fn converts_area_detector_driver_with_100_plus_parameters() {
    let w = world();
    let mut loader = Loader::new(&w);
    let opts = with_header(
        "fc/fastCam.h",
        &["fc/fastCam.template", "fc/fastCamAdvanced.template"],
    );
    let ((name, device), messages) = ok(convert_device(&mut loader, &opts));
    // the helper class before the driver class is not taken for the device
    assert_eq!(name, "fastCam");
    insta::assert_snapshot!("fastcam_messages", messages.join("\n"));
    let leaves = walk(&device.children)
        .into_iter()
        .filter(|l| matches!(l, Leaf::Component(_)))
        .count();
    assert!(leaves >= 100, "only {leaves} components");
    let text = device_yaml(&device);
    insta::assert_snapshot!("fastcam_device", text);
    let back = reparse(&text);
    assert_eq!(back, device);
    // it resolves against its parent and generates a PVI template
    let resolved = resolve(&mut loader, back, &["yaml".to_string()]).expect("resolves");
    let template = generate_template(&resolved, "$(P)$(R)").expect("template");
    assert!(template.contains("pvi.FrameStart.w"));
    assert!(template.contains("pvi.AcquireTime.r"));
}

#[test]
fn reconvert_keeps_hand_edits_and_adds_new_components() {
    let w = world();
    let mut loader = Loader::new(&w);
    let mut opts = small_opts();
    opts.templates.truncate(1);
    let ((_, mut device), _) = ok(convert_device(&mut loader, &opts));
    // hand edits: a label on Gain, Mode made single-PV, Reset moved to the top level
    let Entry::Component(Component::Group(g)) = &mut device.children[0] else {
        panic!("a group first");
    };
    for c in &mut g.children {
        match c {
            Component::SignalRW(s) if s.common.name == "Gain" => {
                s.common.label = Some("Detector gain".into())
            }
            Component::SignalRW(s) if s.common.name == "Mode" => {
                s.read_pv = s.write_pv.clone();
                s.read_widget = None;
            }
            _ => {}
        }
    }
    let reset = g.children.iter().position(|c| c.name() == "Reset").unwrap();
    let reset = g.children.remove(reset);
    device.children.insert(0, Entry::Component(reset));
    let edited = device_yaml(&device);

    let groups = template_groups(&mut loader, &small_opts().templates);
    let (groups, _) = ok(groups);
    let (after, summary) = reconvert(reparse(&edited), groups).expect("reconvert");
    insta::assert_snapshot!("reconvert_summary", summary.lines().join("\n"));
    let text = device_yaml(&after);
    insta::assert_snapshot!("reconvert_device", text);
    assert!(text.contains("label: Detector gain"));
    assert_eq!(
        text.matches("name: Reset").count(),
        1,
        "Reset not duplicated"
    );
}

#[test]
fn regroups_by_adl_edl_and_bob_screens() {
    let w = world();
    let mut loader = Loader::new(&w);
    let ((_, device), _) = ok(convert_device(&mut loader, &small_opts()));
    let uis = [
        ("screens/myDriver.adl".to_string(), ADL.to_string()),
        ("screens/myDriverStatus.edl".to_string(), EDL.to_string()),
        ("screens/myDriverExtra.bob".to_string(), BOB.to_string()),
    ];
    let (device, messages) = regroup(device, &uis).expect("regroup");
    assert!(messages.is_empty(), "{messages:?}");
    let text = device_yaml(&device);
    insta::assert_snapshot!("regroup_device", text);
    assert_eq!(reparse(&text), device);
}

#[test]
fn regroup_reports_missing_names_and_uncoordinated_screens() {
    let w = world();
    let mut loader = Loader::new(&w);
    let ((_, device), _) = ok(convert_device(&mut loader, &small_opts()));
    let uis = [("a.adl".to_string(), "y=5 chan=\"Gain\"".to_string())];
    let (regrouped, messages) = regroup(device.clone(), &uis).expect("regroup");
    assert_eq!(
        messages,
        ["Did not find group for Reset | LongDescription | Mode | Count | Status"]
    );
    assert!(device_yaml(&regrouped).contains("name: MyDriverMisc"));
    let bad = [("b.edl".to_string(), "Gain without coordinates".to_string())];
    let err = regroup(device, &bad).unwrap_err();
    assert_eq!(
        err.message,
        "Gain found in b.edl but did not match a y coordinate"
    );
}

#[test]
fn convert_errors_are_reported() {
    let w = world().with("bad.h", "// no classes here\nint x;\n");
    let mut loader = Loader::new(&w);
    let opts = ConvertOptions {
        header: Some("bad.h".into()),
        ..Default::default()
    };
    let err = convert_device(&mut loader, &opts).result.unwrap_err();
    assert_eq!(
        err[0].message,
        "Can't find device class and parent class in header file"
    );
    let err = convert_device(&mut loader, &ConvertOptions::default())
        .result
        .unwrap_err();
    assert_eq!(
        err[0].message,
        "Either Device name or header file must be provided."
    );
}

/// Macro defaults (`$(XPOS="")` inside a quoted value, `$(P=default:)` in a
/// record name) are EPICS syntax: every record is read, with no message or
/// warning, and the device is pvi's byte for byte.
#[test]
fn macro_defaults_parse_as_pvi_reads_them() {
    let w = world();
    let mut loader = Loader::new(&w);
    let opts = with_header("macros/overlay.h", &["macros/overlayN.template"]);
    let ((name, device), messages) = ok(convert_device(&mut loader, &opts));
    assert_eq!(name, "overlay");
    assert!(messages.is_empty(), "{messages:?}");
    assert_eq!(device_yaml(&device), OVERLAY_PVI);
}
