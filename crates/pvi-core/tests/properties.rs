//! Property tests: generated devices parse, resolve and walk correctly;
//! arbitrary text never panics the parser.

use proptest::prelude::*;
use pvi_core::model::{walk, Leaf};
use pvi_core::parse::parse_device;
use pvi_core::resolve::{resolve, Loader};
use pvi_core::{FileId, MemoryWorld};

/// A generated component as YAML flow text, and how many leaves it holds.
fn leaf() -> impl Strategy<Value = String> {
    let name = "[A-Z][a-z0-9]{0,6}";
    let pv = "[A-Za-z0-9:$()_ ]{1,12}";
    let label = prop_oneof![
        Just(String::new()),
        "[ -~]{0,12}".prop_map(|s| { format!(", label: '{}'", s.replace('\'', "''")) })
    ];
    (0..9u8, name, pv, label).prop_map(|(k, n, pv, label)| {
        let rbv = format!("'{}_RBV'", pv.replace('\'', "''"));
        let pv = format!("'{}'", pv.replace('\'', "''"));
        match k {
            0 => format!("{{type: SignalR, name: {n}, read_pv: {pv}{label}}}"),
            1 => format!("{{type: SignalW, name: {n}, write_pv: {pv}{label}}}"),
            2 => format!("{{type: SignalRW, name: {n}, write_pv: {pv}, read_pv: {rbv}{label}}}"),
            3 => format!("{{type: SignalRW, name: {n}, write_pv: {pv}{label}}}"),
            4 => format!("{{type: SignalX, name: {n}, write_pv: {pv}, value: '0'{label}}}"),
            5 => format!("{{type: SignalR, name: {n}, read_pv: {pv}, read_widget: {{type: LED}}}}"),
            6 => format!("{{type: DeviceRef, name: {n}, pv: {pv}, ui: other, macros: {{P: x}}}}"),
            7 => format!("{{type: SignalRef, name: {n}}}"),
            _ => format!("{{type: IgnoredComponent, name: {n}}}"),
        }
    })
}

fn component() -> impl Strategy<Value = (String, usize)> {
    let leaf = leaf().prop_map(|s| (s, 1usize));
    leaf.prop_recursive(3, 40, 6, |inner| {
        (
            prop::collection::vec(inner, 0..6),
            prop_oneof![Just("Grid"), Just("SubScreen"), Just("Row")],
            "[A-Z][a-z]{0,5}",
        )
            .prop_map(|(children, layout, name)| {
                let n = children.iter().map(|c| c.1).sum();
                let body: Vec<String> = children.into_iter().map(|c| c.0).collect();
                (
                    format!(
                        "{{type: Group, name: {name}, layout: {{type: {layout}}}, children: [{}]}}",
                        body.join(", ")
                    ),
                    n,
                )
            })
    })
}

/// Whether two components of the generated text share a name.
fn repeats_a_name(text: &str) -> bool {
    let mut seen = std::collections::BTreeSet::new();
    text.split("name: ")
        .skip(1)
        .map(|rest| rest.split([',', '}']).next().unwrap_or(""))
        .any(|name| !seen.insert(name))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn generated_devices_parse_resolve_and_walk(children in prop::collection::vec(component(), 0..8)) {
        let leaves: usize = children.iter().map(|c| c.1).sum();
        let body: Vec<String> = children.into_iter().map(|c| format!("  - {}", c.0)).collect();
        let text = format!("label: Generated\nchildren:\n{}\n", body.join("\n"));
        let device = parse_device(&text, FileId(0)).map_err(|d| TestCaseError::fail(format!("{d:?}\n{text}")))?;
        let walked = walk(&device.children);
        prop_assert_eq!(walked.len(), leaves);
        prop_assert!(walked.iter().all(|l| matches!(l, Leaf::Component(_))));
        // JSON form never fails
        prop_assert!(serde_json::to_string(&device).is_ok());
        let w = MemoryWorld::new().with("g.pvi.device.yaml", text.clone());
        let mut loader = Loader::new(&w);
        let loaded = loader.load_device("g.pvi.device.yaml").unwrap();
        let resolved = resolve(&mut loader, loaded, &[]);
        // merging may refuse two same-named components of different kinds;
        // with no name repeated, resolution always succeeds
        if let Err(d) = &resolved {
            prop_assert!(repeats_a_name(&text), "{d:?}\n{text}");
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        let _ = parse_device(&text, FileId(0));
    }

    #[test]
    fn arbitrary_yamlish_text_never_panics(text in "[-:{}\\[\\], a-zA-Z0-9\n'\"&*!|>]{0,200}") {
        let _ = parse_device(&format!("label: x\nchildren:\n{text}"), FileId(0));
    }
}
