//! IOC instances end to end on in-memory files (docs/behaviour/ioc.md).

use indexmap::IndexMap;
use pvi_core::emit::ScreenTemplates;
use pvi_core::ioc::{generate, index, opi, Inputs, Plan, Request};
use pvi_core::resolve::Loader;
use pvi_core::{Diagnostic, MemoryWorld};

const SIMPLE_SUPPORT: &str = r#"
module: motorSim
entity_models:
  - name: simMotorController
    description: controller
    parameters:
      controllerName:
        type: id
        description: port
      P:
        type: str
        description: prefix
      numAxes:
        type: int
        description: axes
        default: 4
    pvi:
      yaml_path: simple.pvi.device.yaml
      ui_macros:
        P:
      pv: true
      pv_prefix: $(P)
"#;

const SIMPLE_DEVICE: &str = "label: Simple Device\nchildren:\n  - type: SignalR\n    name: SimplePV\n    read_pv: $(P)Simple\n";

fn world(instance: &str) -> MemoryWorld {
    MemoryWorld::new()
        .with("/r/pvi-defs/simple.pvi.device.yaml", SIMPLE_DEVICE)
        .with("/s/motorSim.ibek.support.yaml", SIMPLE_SUPPORT)
        .with("/i/motorSim.ibek.ioc.yaml", instance)
}

fn run(w: &MemoryWorld, env: &[(&str, &str)]) -> Result<Plan, Vec<Diagnostic>> {
    let mut loader = Loader::new(w);
    let req = Request {
        epics_root: "/r".into(),
        inputs: Inputs::Files {
            instance: "/i/motorSim.ibek.ioc.yaml".into(),
            supports: vec!["/s/motorSim.ibek.support.yaml".into()],
        },
        env: env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<IndexMap<_, _>>(),
    };
    generate(&mut loader, &req)
}

const ONE: &str = r#"
ioc_name: "{{ ioc_yaml_file_name }}"
description: a motor
entities:
  - type: motorSim.simMotorController
    controllerName: CTRL
    P: "IBEK-MO-TST-01:"
"#;

/// The exact index.bob of ibek's motorSim sample (ibek 4.8.2 with pvi 0.14.4).
const MOTORSIM_INDEX: &str = r#"<display version="2.0.0">
  <name>motorSim.ibek.ioc</name>
  <x>0</x>
  <y use_class="true">0</y>
  <width>438</width>
  <height>55</height>
  <background_color>
    <color red="245" green="247" blue="250">
    </color>
  </background_color>
  <grid_step_x>4</grid_step_x>
  <grid_step_y>4</grid_step_y>
  <widget type="label" version="2.0.0">
    <name>Title</name>
    <class>TITLE</class>
    <text>motorSim.ibek.ioc</text>
    <x use_class="true">0</x>
    <y use_class="true">0</y>
    <width>438</width>
    <height>25</height>
    <font use_class="true">
      <font name="Header 1" family="Liberation Sans" style="BOLD" size="22.0">
      </font>
    </font>
    <foreground_color use_class="true">
      <color name="Text" red="0" green="0" blue="0">
      </color>
    </foreground_color>
    <transparent use_class="true">true</transparent>
    <horizontal_alignment>1</horizontal_alignment>
  </widget>
  <widget type="action_button" version="3.0.0">
    <name>OpenDisplay</name>
    <actions>
      <action type="open_display">
        <description>Open Display</description>
        <file>simple.pvi.bob</file>
        <target>tab</target>
        <macros>
          <P>IBEK-MO-TST-01:</P>
        </macros>
      </action>
    </actions>
    <text>Simple Device</text>
    <x>23</x>
    <y>30</y>
    <width>410</width>
    <height>20</height>
    <font>
      <font family="Cantarell" style="BOLD" size="14.0">
      </font>
    </font>
    <foreground_color>
      <color red="37" green="99" blue="235">
      </color>
    </foreground_color>
    <background_color>
      <color red="241" green="245" blue="249">
      </color>
    </background_color>
    <tooltip>$(actions)</tooltip>
  </widget>
</display>
"#;

const SIMPLE_TEMPLATE: &str = r#"
### PV Interface for Simple Device ###

record("*", "$(P)Simple") {
    info(Q:group, {
        "$(P)PVI": {
            "pvi.SimplePV.r": {
                "+channel": "NAME",
                "+type": "plain",
                "+trigger": "pvi.SimplePV.r",
            }
        }
    })
}

### End of PV Interface for Simple Device ###
"#;

#[test]
fn motorsim_sample_matches_spec() {
    let plan = run(&world(ONE), &[]).unwrap();
    assert_eq!(plan.title, "motorSim.ibek.ioc");
    assert_eq!(plan.index_bob, MOTORSIM_INDEX);
    let via_layout = opi::index_screen(&plan, &ScreenTemplates::default()).unwrap();
    assert_eq!(via_layout, MOTORSIM_INDEX);
    assert_eq!(plan.pvi.templates["simple.pvi.template"], SIMPLE_TEMPLATE);
    let subst = pvi_core::ioc::subst::subst_text(&plan.pvi.subst);
    assert_eq!(
        subst,
        "\nfile \"simple.pvi.template\" {\npattern \n\t{ \"P\"               }\n\t{ \"IBEK-MO-TST-01:\" }\n}\n"
    );
    assert_eq!(plan.pvi.screens.len(), 1);
    let files = opi::device_screens(
        &plan,
        &[pvi_core::layout::ScreenFormat::Bob],
        &ScreenTemplates::default(),
    )
    .unwrap();
    assert_eq!(files[0].name, "simple.pvi.bob");
}

#[test]
fn repeat_sample_three_buttons_one_screen() {
    let inst = r#"
ioc_name: "{{ _global.get_env('IOC_NAME') }}"
description: repeat
entities:
  - type: ibek.repeat
    values: "{{ range(1, 4) | list }}"
    entity:
      type: motorSim.simMotorController
      controllerName: "CTRL{{ index }}"
      P: "IBEK-MO-TST-0{{ index }}:"
"#;
    let plan = run(&world(inst), &[("IOC_NAME", "TEST_IOC")]).unwrap();
    assert_eq!(plan.title, "TEST_IOC");
    assert_eq!(plan.pvi.index.len(), 3);
    assert!(plan
        .index_bob
        .contains("<width>438</width>\n  <height>105</height>"));
    assert!(plan.index_bob.contains("<P>IBEK-MO-TST-03:</P>"));
    assert_eq!(plan.pvi.screens.len(), 1);
    let subst = pvi_core::ioc::subst::subst_text(&plan.pvi.subst);
    assert_eq!(
        subst,
        "\nfile \"simple.pvi.template\" {\npattern \n\t{ \"P\"               }\n\t{ \"IBEK-MO-TST-01:\" }\n\t{ \"IBEK-MO-TST-02:\" }\n\t{ \"IBEK-MO-TST-03:\" }\n}\n"
    );
    assert_eq!(
        plan.index_bob,
        opi::index_screen(&plan, &ScreenTemplates::default()).unwrap()
    );
}

#[test]
fn escaping_in_macros_and_cells() {
    let support = SIMPLE_SUPPORT.replace(
        "      ui_macros:\n        P:\n",
        "      ui_macros:\n        X: \"{{ M | lower }}&<{{ ctrl }}>\\\"'\"\n",
    )
    .replace(
        "      numAxes:",
        "      M:\n        type: str\n        description: m\n        default: Y2\n      ctrl:\n        type: str\n        description: c\n        default: CTL\n      numAxes:",
    );
    let w = world(ONE).with("/s/motorSim.ibek.support.yaml", support);
    let plan = run(&w, &[]).unwrap();
    assert!(
        plan.index_bob.contains("<X>y2&amp;&lt;CTL&gt;\"'</X>"),
        "{}",
        plan.index_bob
    );
    let subst = pvi_core::ioc::subst::subst_text(&plan.pvi.subst);
    assert!(subst.contains("{ \"y2&<CTL>\"'\" }"), "{subst}");
}

#[test]
fn errors_name_the_entity_and_leave_no_plan() {
    let bad = ONE.replace("controllerName: CTRL", "controllerName: CTRL\n    bogus: 1");
    let e = run(&world(&bad), &[]).unwrap_err();
    assert!(
        e[0].message.contains("unknown argument 'bogus'"),
        "{}",
        e[0].message
    );
    assert!(e[0].span.is_some());
    let missing = world(ONE).with(
        "/s/motorSim.ibek.support.yaml",
        SIMPLE_SUPPORT.replace("simple.pvi", "nothere.pvi"),
    );
    let e = run(&missing, &[]).unwrap_err();
    assert!(
        e[0].message.contains("/r/pvi-defs/nothere.pvi.device.yaml"),
        "{}",
        e[0].message
    );
    let undefined = world(ONE).with(
        "/s/motorSim.ibek.support.yaml",
        SIMPLE_SUPPORT.replace("        P:\n      pv: true", "        Q:\n      pv: true"),
    );
    let e = run(&undefined, &[]).unwrap_err();
    assert!(
        e[0].message.contains("'Q' is undefined"),
        "{}",
        e[0].message
    );
}

#[test]
fn no_pvi_entities_give_a_title_only_index() {
    let inst = "ioc_name: counter\ndescription: x\nentities: []\n";
    let plan = run(&world(inst), &[]).unwrap();
    assert!(plan
        .index_bob
        .contains("<width>10</width>\n  <height>35</height>"));
    assert_eq!(
        plan.index_bob,
        opi::index_screen(&plan, &ScreenTemplates::default()).unwrap()
    );
    assert!(plan.pvi.templates.is_empty());
    let _ = index::IndexEntry {
        label: String::new(),
        ui: String::new(),
        macros: IndexMap::new(),
    };
}

/// The text a diagnostic points at in the instance `text`.
fn pointed<'a>(d: &Diagnostic, text: &'a str) -> &'a str {
    let s = d.span.expect("located");
    &text[s.start as usize..s.end as usize]
}

#[test]
fn errors_point_at_the_key_and_suggest_names() {
    // a misspelt parameter name: at the key, with the parameter it resembles
    let bad = ONE.replace(
        "controllerName: CTRL",
        "controllerName: CTRL\n    numAxse: 2",
    );
    let e = run(&world(&bad), &[]).unwrap_err();
    assert_eq!(pointed(&e[0], &bad), "numAxse");
    assert!(
        e[0].notes
            .iter()
            .any(|n| n == "help: did you mean 'numAxes'?"),
        "{:?}",
        e[0].notes
    );
    // a misspelt object id: at the value, with the id it resembles
    let support = format!(
        "{SIMPLE_SUPPORT}  - name: axis\n    description: an axis\n    parameters:\n      controller:\n        type: object\n        description: its controller\n"
    );
    let inst = format!("{ONE}  - type: motorSim.axis\n    controller: CRTL\n");
    let w = world(&inst).with("/s/motorSim.ibek.support.yaml", support.as_str());
    let e = run(&w, &[]).unwrap_err();
    assert_eq!(e[0].message, "object CRTL not found in [\"CTRL\"]");
    assert_eq!(pointed(&e[0], &inst), "CRTL");
    assert!(
        e[0].notes.iter().any(|n| n == "help: did you mean 'CTRL'?"),
        "{:?}",
        e[0].notes
    );
    // a misspelt entity type: at the type's value
    let typo = ONE.replace("motorSim.simMotorController", "motorSim.simMotorControler");
    let e = run(&world(&typo), &[]).unwrap_err();
    assert_eq!(pointed(&e[0], &typo), "motorSim.simMotorControler");
    assert!(e[0]
        .notes
        .iter()
        .any(|n| n.contains("did you mean 'motorSim.simMotorController'")));
}

#[test]
fn no_support_files_is_said_so() {
    let w = world(ONE);
    let mut loader = Loader::new(&w);
    let req = Request {
        epics_root: "/r".into(),
        inputs: Inputs::Files {
            instance: "/i/motorSim.ibek.ioc.yaml".into(),
            supports: vec![],
        },
        env: IndexMap::new(),
    };
    let e = generate(&mut loader, &req).unwrap_err();
    assert_eq!(
        e[0].message,
        "no support files: nothing defines entity type 'motorSim.simMotorController'"
    );
    assert_eq!(pointed(&e[0], ONE), "motorSim.simMotorController");
}
