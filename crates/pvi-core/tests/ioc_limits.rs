//! IOC expansion within its budgets: sub-entity fan-outs, repeat bombs and
//! heavy Jinja stop with a located error naming the chain (docs/security.md).

use pvi_core::ioc::{generate, Inputs, Plan, Request};
use pvi_core::resolve::{ExpandLimits, Loader};
use pvi_core::{Diagnostic, Failure, MemoryWorld, Sources};

const LEAF: &str = r#"
  - name: leaf
    description: leaf
    parameters:
      P:
        type: str
        description: prefix
        default: x
"#;

fn world(models: &str, instance: &str) -> MemoryWorld {
    MemoryWorld::new()
        .with(
            "/s/bomb.ibek.support.yaml",
            format!("module: bomb\nentity_models:\n{LEAF}{models}"),
        )
        .with("/i/ioc.yaml", instance)
}

fn run(w: &MemoryWorld, limits: ExpandLimits) -> Result<Plan, (Vec<Diagnostic>, Sources)> {
    let mut loader = Loader::new(w);
    loader.expand = limits;
    let req = Request {
        epics_root: "/r".into(),
        inputs: Inputs::Files {
            instance: "/i/ioc.yaml".into(),
            supports: vec!["/s/bomb.ibek.support.yaml".into()],
        },
        env: Default::default(),
    };
    generate(&mut loader, &req).map_err(|d| (d, std::mem::take(&mut loader.sources)))
}

fn entities(n: usize) -> ExpandLimits {
    ExpandLimits {
        max_entities: n,
        ..Default::default()
    }
}

/// Models `l0` … `l{n-1}`, each with two sub-entities of the next level.
fn fan_out(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        s += &format!("  - name: l{i}\n    description: level\n    parameters:\n      P:\n        type: str\n        description: p\n");
        if i + 1 < n {
            s += "    sub_entities:\n";
            for tail in ["a", "b"] {
                s += &format!(
                    "      - type: bomb.l{}\n        P: \"{{{{ P }}}}{tail}\"\n",
                    i + 1
                );
            }
        }
    }
    s
}

const FAN_OUT_IOC: &str =
    "ioc_name: bomb\ndescription: x\nentities:\n  - type: bomb.l0\n    P: p\n";

#[test]
fn sub_entity_fan_out_stops_at_the_entity_budget() {
    // 2^30 entities unchecked
    let w = world(&fan_out(30), FAN_OUT_IOC);
    let (e, sources) = run(&w, entities(200)).unwrap_err();
    assert_eq!(e.len(), 1);
    assert_eq!(
        e[0].message,
        "the IOC expands to more than 200 entities (counting sub-entities and repeat iterations)"
    );
    let at = e[0].location(&sources).unwrap();
    assert!(at.starts_with("/s/bomb.ibek.support.yaml:"), "{at}");
    let chain = &e[0].notes[0];
    assert!(
        chain.starts_with("expansion chain: entity of type 'bomb.l0' (/i/ioc.yaml:4:5) → sub-entity of type 'bomb.l1' (/s/bomb.ibek.support.yaml:"),
        "{chain}"
    );
    // a fan-out within the budget expands: 2^5 - 1 entities
    assert!(run(&world(&fan_out(5), FAN_OUT_IOC), entities(31)).is_ok());
    assert!(run(&world(&fan_out(5), FAN_OUT_IOC), entities(30)).is_err());
}

#[test]
fn nested_repeat_bomb_stops_at_the_entity_budget() {
    let ioc = r#"ioc_name: bomb
description: x
entities:
  - type: ibek.repeat
    variable: a
    values: "{{ range(1000) | list }}"
    entity:
      type: ibek.repeat
      variable: b
      values: "{{ range(1000) | list }}"
      entity:
        type: bomb.leaf
        P: "{{ a }}-{{ b }}"
"#;
    let (e, _) = run(&world("", ioc), entities(500)).unwrap_err();
    assert!(
        e[0].message.contains("more than 500 entities"),
        "{}",
        e[0].message
    );
    let chain = &e[0].notes[0];
    assert!(
        chain.contains("ibek.repeat (/i/ioc.yaml:4:5) → ibek.repeat item 0 of `a`")
            && chain.contains("ibek.repeat item 498 of `b`"),
        "{chain}"
    );
}

#[test]
fn repeats_of_waits_count_too() {
    let ioc = r#"ioc_name: bomb
description: x
entities:
  - type: ibek.repeat
    values: "{{ range(5000) | list }}"
    entity:
      type: ibek.wait_ip
"#;
    let (e, _) = run(&world("", ioc), entities(1000)).unwrap_err();
    assert!(
        e[0].message.contains("more than 1000 entities"),
        "{}",
        e[0].message
    );
}

#[test]
fn jinja_work_has_a_budget_over_the_whole_run() {
    // each render is well within its own fuel; together they are not
    let ioc = r#"ioc_name: bomb
description: x
entities:
  - type: ibek.repeat
    values: "{{ range(1000) | list }}"
    entity:
      type: bomb.leaf
      P: "{% for i in range(500) %}{% endfor %}{{ index }}"
"#;
    let w = world("", ioc);
    let limits = ExpandLimits {
        max_jinja_work: 100_000,
        ..Default::default()
    };
    let (e, sources) = run(&w, limits).unwrap_err();
    assert!(
        e[0].message
            .contains("exceeds the run's work budget of 100000 units"),
        "{}",
        e[0].message
    );
    assert!(e[0].location(&sources).unwrap().starts_with("/i/ioc.yaml:"));
    assert!(run(&w, Default::default()).is_ok());
}

#[test]
fn copying_a_large_context_is_charged() {
    // a 20,000-item list seen by every one of 1,000 repeat iterations
    let big = "  - name: big\n    description: big\n    parameters:\n      L:\n        type: list\n        description: l\n";
    let items = vec!["1"; 20_000].join(", ");
    let ioc = format!(
        "ioc_name: bomb\ndescription: x\nentities:\n  - type: bomb.big\n    L: [{items}]\n  - type: ibek.repeat\n    values: \"{{{{ range(1000) | list }}}}\"\n    entity:\n      type: ibek.wait_ip\n"
    );
    let limits = ExpandLimits {
        max_jinja_work: 1_000_000,
        ..Default::default()
    };
    let (e, _) = run(&world(big, &ioc), limits).unwrap_err();
    assert!(e[0].message.contains("work budget"), "{}", e[0].message);
}

fn one_leaf(p: &str) -> String {
    format!("ioc_name: bomb\ndescription: x\nentities:\n  - type: bomb.leaf\n    P: \"{p}\"\n")
}

#[test]
fn incrementor_overflow_is_an_error_naming_the_counter() {
    let p = "{{ _global.incrementor('n', 9223372036854775806) }}{{ _global.incrementor('n') }}{{ _global.incrementor('n') }}";
    let (e, sources) = run(&world("", &one_leaf(p)), Default::default()).unwrap_err();
    assert!(
        e[0].message.contains(
            "Counter n overflows: 9223372036854775807 + 1 is outside the 64-bit integer range"
        ),
        "{}",
        e[0].message
    );
    assert_eq!(e[0].location(&sources).unwrap(), "/i/ioc.yaml:4:5");
    // up to the largest integer it counts
    let p = "{{ _global.incrementor('n', 9223372036854775806) }}{{ _global.incrementor('n') }}";
    assert!(run(&world("", &one_leaf(p)), Default::default()).is_ok());
}

#[test]
fn debug_is_undefined_as_in_ibek() {
    let (e, _) = run(&world("", &one_leaf("{{ debug() }}")), Default::default()).unwrap_err();
    assert_eq!(
        e[0].message,
        "argument 'P': Error rendering template: 'debug' is undefined (in `{{ debug() }}`)"
    );
}

#[test]
fn thousands_of_errors_are_capped_where_the_failure_is_built() {
    let mut ioc = String::from("ioc_name: bomb\ndescription: x\nentities:\n");
    for i in 0..20_000 {
        ioc += &format!("  - {{P: p{i}}}\n");
    }
    let (e, sources) = run(&world("", &ioc), Default::default()).unwrap_err();
    assert_eq!(e.len(), 20_000);
    let f = Failure::new(e, sources);
    assert_eq!(f.diags.len(), 101);
    assert_eq!(f.diags[100].message, "… and 19,900 more errors");
    let text = f.render();
    assert!(
        text.ends_with("error: 20000 problems found\n"),
        "{}",
        &text[text.len() - 200..]
    );
    assert!(text.len() < 100_000, "{} bytes", text.len());
}
