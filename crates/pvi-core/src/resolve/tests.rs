//! Include resolution and merging (docs/behaviour/device-model.md#includes, #merging).

use super::{resolve, Loader};
use crate::model::*;
use crate::MemoryWorld;

fn resolved(world: &MemoryWorld, path: &str) -> Result<Device, String> {
    let mut l = Loader::new(world);
    l.load_device(path)
        .and_then(|d| resolve(&mut l, d, &["lib".to_string()]))
        .map_err(|d| {
            d.iter()
                .map(|d| d.message.clone())
                .collect::<Vec<_>>()
                .join("\n")
        })
}

fn outline(children: &[Entry]) -> Vec<String> {
    fn comp(c: &Component, depth: usize, out: &mut Vec<String>) {
        let extra = match c {
            Component::Group(g) => format!(" {}", g.layout.type_name()),
            Component::SignalRW(s) => format!(" {}", s.write_widget.type_name()),
            _ => String::new(),
        };
        out.push(format!(
            "{}{} {}{extra}",
            "  ".repeat(depth),
            c.type_name(),
            c.name()
        ));
        if let Component::Group(g) = c {
            g.children.iter().for_each(|ch| comp(ch, depth + 1, out));
        }
    }
    let mut out = Vec::new();
    for e in children {
        match e {
            Entry::Component(c) => comp(c, 0, &mut out),
            Entry::Include(i) => out.push(format!("Include {}", i.file_name)),
        }
    }
    out
}

const BASE: &str = r#"
label: Base
children:
  - type: Group
    name: Status
    layout: {type: Grid}
    children:
      - {type: SignalR, name: State, read_pv: $(P)State_RBV}
      - {type: SignalR, name: Message, read_pv: $(P)Message_RBV}
  - type: Group
    name: Settings
    layout: {type: Grid}
    children:
      - {type: SignalRW, name: Exposure, write_pv: $(P)Exposure, read_pv: $(P)Exposure_RBV}
      - {type: SignalRW, name: Period, write_pv: $(P)Period, read_pv: $(P)Period_RBV}
  - {type: SignalX, name: Reset, write_pv: $(P)Reset}
"#;

const DET: &str = r#"
label: Det
children:
  - {type: Include, file_name: base}
  - type: Group
    name: Settings
    layout: {type: Row}
    children:
      - {type: SignalRW, name: Gain, write_pv: $(P)Gain}
      - {type: SignalRW, name: Exposure, write_pv: $(P)Exposure,
         read_pv: $(P)Exposure_RBV, write_widget: {type: ComboBox}}
  - type: Group
    name: Extra
    layout: {type: Grid}
    children:
      - {type: SignalR, name: State, read_pv: $(P)State_RBV}
      - {type: SignalR, name: Temp, read_pv: $(P)Temp_RBV}
  - {type: IgnoredComponent, name: Reset}
  - {type: IgnoredComponent, name: Status}
"#;

#[test]
fn worked_example_of_spec_01_12_6() {
    let w = MemoryWorld::new()
        .with("lib/base.pvi.device.yaml", BASE)
        .with("det.pvi.device.yaml", DET);
    let d = resolved(&w, "det.pvi.device.yaml").unwrap();
    assert_eq!(
        outline(&d.children),
        [
            "IgnoredComponent Status",
            "Group Settings Grid",
            "  SignalRW Exposure ComboBox",
            "  SignalRW Period TextWrite",
            "  SignalRW Gain TextWrite",
            "SignalX Reset",
            "Group Extra Grid",
            "  SignalR Temp",
            "IgnoredComponent Reset",
        ]
    );
}

#[test]
fn include_macros_rescope_pvs() {
    let sensor = r#"
label: Sensor
children:
  - {type: SignalR, name: Temp, read_pv: "$(P)$(R)Temp"}
  - type: DeviceRef
    name: Detail
    pv: "$(P)$(R)PVI"
    ui: sensor_detail
    macros: {P: "$(P)"}
  - {type: Include, file_name: dropped}
"#;
    let top =
        "label: Top\nchildren:\n  - {type: Include, file_name: sensor, macros: {R: \"$(R)T1:\"}}\n";
    let w = MemoryWorld::new()
        .with("lib/sensor.pvi.device.yaml", sensor)
        .with("top.pvi.device.yaml", top);
    let d = resolved(&w, "top.pvi.device.yaml").unwrap();
    let Some(Component::SignalR(t)) = d.children[0].as_component() else {
        panic!()
    };
    assert_eq!(t.read_pv, "$(P)$(R)T1:Temp");
    let Some(Component::DeviceRef(r)) = d.children[1].as_component() else {
        panic!()
    };
    assert_eq!(r.pv, "$(P)$(R)T1:PVI");
    let macros: Vec<(&str, &str)> = r
        .macros
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(macros, [("P", "$(P)"), ("R", "$(R)T1:")]);
    assert_eq!(
        d.children.len(),
        2,
        "nested includes are dropped when macros are given"
    );
}

#[test]
fn in_subscreen_wraps_in_a_group() {
    let w = MemoryWorld::new()
        .with("lib/Base.pvi.device.yaml", BASE)
        .with(
            "top.pvi.device.yaml",
            "label: T\nchildren:\n  - {type: Include, file_name: Base, in_subscreen: true}\n",
        );
    let d = resolved(&w, "top.pvi.device.yaml").unwrap();
    let Some(Component::Group(g)) = d.children[0].as_component() else {
        panic!()
    };
    assert_eq!(
        g.layout,
        Layout::SubScreen(GridOptions {
            labelled: false,
            stacked: false
        })
    );
    assert_eq!(g.children.len(), 3);
}

#[test]
fn in_subscreen_needs_a_pascal_case_file_name() {
    let w = MemoryWorld::new()
        .with("lib/base.pvi.device.yaml", BASE)
        .with(
            "top.pvi.device.yaml",
            "label: T\nchildren:\n  - {type: Include, file_name: base, in_subscreen: true}\n",
        );
    assert!(resolved(&w, "top.pvi.device.yaml")
        .unwrap_err()
        .contains("PascalCase"));
}

#[test]
fn parent_is_an_include_at_the_end() {
    let w = MemoryWorld::new()
        .with("lib/base.pvi.device.yaml", BASE)
        .with(
            "c.pvi.device.yaml",
            "label: C\nparent: base\nchildren:\n  - {type: SignalR, name: Own, read_pv: X}\n",
        );
    let d = resolved(&w, "c.pvi.device.yaml").unwrap();
    assert_eq!(
        d.children[0].as_component().map(Component::name),
        Some("Own")
    );
    assert_eq!(d.children.len(), 4);
}

#[test]
fn async_port_driver_is_empty_and_stops_resolution() {
    let w = MemoryWorld::new().with(
        "c.pvi.device.yaml",
        "label: C\nchildren:\n  - {type: Include, file_name: asynPortDriver}\n",
    );
    assert!(resolved(&w, "c.pvi.device.yaml")
        .unwrap()
        .children
        .is_empty());
    let w = MemoryWorld::new().with(
        "c.pvi.device.yaml",
        "label: C\nparent: asynPortDriver\nchildren:\n  - {file_name: x}\n",
    );
    assert_eq!(resolved(&w, "c.pvi.device.yaml").unwrap().children.len(), 1);
}

#[test]
fn pv_collision_when_merging_is_an_error() {
    let a = "label: A\nchildren:\n  - {type: Group, name: SimDetector, layout: {type: Grid}, children: [{type: SignalRW, name: GainX, write_pv: $(P)$(R)GainXX}]}\n";
    let top = "label: T\nchildren:\n  - {type: Include, file_name: a}\n  - {type: Group, name: SimDetector, layout: {type: Grid}, children: [{type: SignalRW, name: GainX, write_pv: $(P)$(R)GainX}]}\n";
    let w = MemoryWorld::new()
        .with("lib/a.pvi.device.yaml", a)
        .with("t.pvi.device.yaml", top);
    assert_eq!(
        resolved(&w, "t.pvi.device.yaml").unwrap_err(),
        "SimDetector.GainX: read_pv '$(P)$(R)GainX' collides with '$(P)$(R)GainXX'"
    );
}

#[test]
fn missing_include_names_the_folders() {
    let w = MemoryWorld::new().with("t.pvi.device.yaml", "label: T\nparent: parent\n");
    assert_eq!(
        resolved(&w, "t.pvi.device.yaml").unwrap_err(),
        "Cannot find parent.pvi.device.yaml in ['lib']"
    );
}

#[test]
fn include_names_are_file_names_not_paths() {
    for name in ["../../etc/Secret", "sub/Part", "..", "a\\\\b"] {
        let main = format!("label: D\nchildren:\n  - type: Include\n    file_name: '{name}'\n");
        let w = MemoryWorld::new()
            .with("d/main.pvi.device.yaml", main)
            .with("d/sub/Part.pvi.device.yaml", "label: P\nchildren: []\n")
            .with("etc/Secret.pvi.device.yaml", "label: S\nchildren: []\n");
        let mut l = Loader::new(&w);
        let dev = l.load_device("d/main.pvi.device.yaml").unwrap();
        let e = resolve(&mut l, dev, &["d".to_string()]).unwrap_err();
        assert!(e[0].message.contains("is a path"), "{name}: {:?}", e[0]);
    }
}

/// `lib/L0` … `lib/L{n-1}`: each with one signal and `fan` includes of the next.
fn ladder(n: usize, fan: usize) -> MemoryWorld {
    let mut w = MemoryWorld::new();
    for i in 0..n {
        let mut t =
            format!("label: L{i}\nchildren:\n  - {{type: SignalR, name: S{i}, read_pv: X{i}}}\n");
        if i + 1 < n {
            for _ in 0..fan {
                t += &format!("  - {{type: Include, file_name: L{}}}\n", i + 1);
            }
        }
        w.insert(format!("lib/L{i}.pvi.device.yaml"), t.into_bytes());
    }
    w
}

fn resolve_with(w: &MemoryWorld, limits: super::ExpandLimits) -> Result<Device, crate::Diags> {
    let mut l = Loader::new(w);
    l.expand = limits;
    l.load_device("lib/L0.pvi.device.yaml")
        .and_then(|d| resolve(&mut l, d, &["lib".to_string()]))
}

#[test]
fn include_diamond_stops_at_the_include_budget() {
    // 40 levels each including the next twice: 2^40 expansions unchecked
    let w = ladder(40, 2);
    let limits = super::ExpandLimits {
        max_includes: 50,
        ..Default::default()
    };
    let e = resolve_with(&w, limits).unwrap_err();
    assert_eq!(e.len(), 1);
    assert_eq!(
        e[0].message,
        "the includes of this device expand more than 50 files"
    );
    assert!(e[0].span.is_some());
    let note = e[0].notes.join("\n");
    assert!(note.starts_with("include chain: L1 → L2 → L3"), "{note}");
    // the default budget stops it too, quickly
    let e = resolve_with(&w, Default::default()).unwrap_err();
    assert!(
        e[0].message.contains("more than 10000 files"),
        "{}",
        e[0].message
    );
}

#[test]
fn include_diamond_stops_at_the_component_budget() {
    let w = ladder(12, 2);
    let limits = super::ExpandLimits {
        max_components: 100,
        ..Default::default()
    };
    let e = resolve_with(&w, limits).unwrap_err();
    assert_eq!(
        e[0].message,
        "the includes of this device expand to more than 100 components"
    );
    // the whole diamond fits the defaults: a signal per file, 2^12 - 1 in all
    let d = resolve_with(&w, Default::default()).unwrap();
    assert_eq!(d.children.len(), 4095);
}

#[test]
fn deep_include_chain_of_200_resolves() {
    let d = resolve_with(&ladder(200, 1), Default::default()).unwrap();
    assert_eq!(d.children.len(), 200);
}

#[test]
fn include_chain_deeper_than_the_limit_is_a_depth_error_not_a_cycle() {
    let e = resolve_with(&ladder(300, 1), Default::default()).unwrap_err();
    assert_eq!(e[0].message, "includes nest deeper than 256 levels");
    let note = e[0].notes.join("\n");
    assert!(
        note.contains("L1 → L2") && note.contains("→ L257"),
        "{note}"
    );
    assert!(!e[0].message.contains("cycle"));
}

#[test]
fn a_real_cycle_says_cycle_and_names_it() {
    let w = MemoryWorld::new()
        .with(
            "lib/L0.pvi.device.yaml",
            "label: L0\nchildren:\n  - {type: Include, file_name: A}\n",
        )
        .with(
            "lib/A.pvi.device.yaml",
            "label: A\nchildren:\n  - {type: Include, file_name: B}\n",
        )
        .with(
            "lib/B.pvi.device.yaml",
            "label: B\nchildren:\n  - {type: Include, file_name: C}\n",
        )
        .with(
            "lib/C.pvi.device.yaml",
            "label: C\nchildren:\n  - {type: Include, file_name: B}\n",
        );
    let e = resolve_with(&w, Default::default()).unwrap_err();
    assert_eq!(e[0].message, "include cycle: B → C → B");
    assert_eq!(e[0].notes, ["include chain: A → B → C → B"]);
}
