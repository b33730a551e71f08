//! ophyd-async layout templates and generated Python, on fixture devices.

use pvi_core::emit::ophyd::{pvi_structures, python_module, EntryKind, PviStructure};
use pvi_core::emit::{generate_template, generate_template_with, TemplateLayout};
use pvi_core::model::Device;
use pvi_core::parse::parse_device;
use pvi_core::resolve::load_module_devices;
use pvi_core::resolve::Loader;
use pvi_core::{MemoryWorld, Sources};

const DIR: &str = "fixtures/ophyd";

fn world() -> MemoryWorld {
    MemoryWorld::new()
        .with(
            format!("{DIR}/detector.pvi.device.yaml"),
            include_str!("fixtures/ophyd/detector.pvi.device.yaml"),
        )
        .with(
            format!("{DIR}/roi.pvi.device.yaml"),
            include_str!("fixtures/ophyd/roi.pvi.device.yaml"),
        )
        .with(
            format!("{DIR}/collision.pvi.device.yaml"),
            include_str!("fixtures/ophyd/collision.pvi.device.yaml"),
        )
        .with(
            format!("{DIR}/refs_only.pvi.device.yaml"),
            include_str!("fixtures/ophyd/refs_only.pvi.device.yaml"),
        )
}

fn load(name: &str) -> (Device, Sources) {
    let w = world();
    let mut loader = Loader::new(&w);
    let dev = loader
        .load_device(&format!("{DIR}/{name}.pvi.device.yaml"))
        .expect("fixture loads");
    (dev, loader.sources)
}

fn ophyd(groups_as_devices: bool) -> TemplateLayout {
    TemplateLayout::OphydAsync { groups_as_devices }
}

#[test]
fn template_flat() {
    let (dev, _) = load("detector");
    let t = generate_template_with(&dev, "$(P)$(R)", ophyd(false)).expect("template");
    insta::assert_snapshot!(t);
}

#[test]
fn template_groups_as_devices() {
    let (dev, _) = load("detector");
    let t = generate_template_with(&dev, "$(P)$(R)", ophyd(true)).expect("template");
    insta::assert_snapshot!(t);
}

#[test]
fn pvi_layout_is_unchanged() {
    let (dev, _) = load("detector");
    let t = generate_template_with(&dev, "$(P)$(R)", TemplateLayout::Pvi).expect("template");
    assert_eq!(t, generate_template(&dev, "$(P)$(R)").expect("template"));
    assert!(t.contains("\"pvi.AcquireTime.w\""));
}

#[test]
fn python_flat() {
    let w = world();
    let mut loader = Loader::new(&w);
    let devices = load_module_devices(
        &mut loader,
        &format!("{DIR}/detector.pvi.device.yaml"),
        &[DIR.into()],
    )
    .expect("devices");
    assert_eq!(
        devices.iter().map(|d| d.stem.as_str()).collect::<Vec<_>>(),
        ["roi", "detector"]
    );
    let m = python_module(&devices, false).expect("module");
    assert_eq!(
        m.warnings.len(),
        1,
        "SignalX value Go is not what ophyd-async writes"
    );
    assert!(m.warnings[0].message.contains("by writing 1, not `Go`"));
    insta::assert_snapshot!(m.text);
}

#[test]
fn python_groups_as_devices() {
    let w = world();
    let mut loader = Loader::new(&w);
    let devices = load_module_devices(
        &mut loader,
        &format!("{DIR}/detector.pvi.device.yaml"),
        &[DIR.into()],
    )
    .expect("devices");
    let m = python_module(&devices, true).expect("module");
    insta::assert_snapshot!(m.text);
}

#[test]
fn collisions_are_located_errors() {
    let (dev, sources) = load("collision");
    let diags = generate_template_with(&dev, "P:", ophyd(false)).expect_err("collision");
    let text: String = diags.iter().map(|d| d.render(&sources)).collect();
    insta::assert_snapshot!(text);
    // as separate devices, the group's names no longer collide with the top level
    let diags = generate_template_with(&dev, "P:", ophyd(true)).expect_err("Parent");
    assert_eq!(diags.len(), 1);
    assert!(diags[0]
        .message
        .contains("attribute of every ophyd-async Device"));
}

#[test]
fn d_entries_need_a_record() {
    let (dev, _) = load("refs_only");
    let diags = generate_template_with(&dev, "P:", ophyd(false)).expect_err("no record");
    assert!(diags[0].message.contains("no signal record"));
}

#[test]
fn unresolved_include_fails_like_pvi() {
    let text = "label: X\nchildren:\n  - {type: Include, file_name: Other}\n";
    let mut sources = Sources::new();
    let id = sources.add("x.pvi.device.yaml", text);
    let dev = parse_device(text, id).expect("parses");
    let diags = generate_template_with(&dev, "P:", ophyd(false)).expect_err("include");
    assert!(diags[0].message.contains("should have been resolved"));
    assert!(diags[0].span.is_some());
}

/// Served names of each structure, for the property test.
pub fn served(structures: &[PviStructure]) -> Vec<Vec<String>> {
    structures
        .iter()
        .map(|s| s.entries.iter().map(|e| e.name.clone()).collect())
        .collect()
}

#[test]
fn structures_name_sub_devices() {
    let (dev, _) = load("detector");
    let s = pvi_structures(&dev, "D:", true).expect("structures");
    let pvs: Vec<&str> = s.iter().map(|s| s.pv.as_str()).collect();
    assert_eq!(pvs, ["D:PVI", "D:Status:PVI", "D:Status:Plots:PVI"]);
    assert!(s[0]
        .entries
        .iter()
        .any(|e| matches!(e.kind, EntryKind::Group(_, 1)) && e.fields[0].pv == "D:Status:PVI"));
    assert_eq!(served(&s)[2], ["profile"]);
}

#[test]
fn a_record_named_twice_gets_one_tag_with_both_fields() {
    let text = "label: X\nchildren:\n  - {type: SignalR, name: Value, read_pv: 'P:V'}\n  - {type: SignalR, name: Copy, read_pv: 'P:V'}\n";
    let mut sources = Sources::new();
    let id = sources.add("x.pvi.device.yaml", text);
    let dev = parse_device(text, id).expect("parses");
    let t = generate_template_with(&dev, "P:", ophyd(false)).expect("template");
    assert_eq!(t.matches("record(\"*\", \"P:V\")").count(), 1);
    assert_eq!(t.matches("info(Q:group").count(), 1);
    assert!(t.contains("\"value.value.r\"") && t.contains("\"value.copy.r\""));
    // pvi's layout writes two tags; EPICS keeps only the second
    let p = generate_template(&dev, "P:").expect("template");
    assert_eq!(p.matches("info(Q:group").count(), 2);
}
