//! Property: every signal of a generated device appears exactly once in its
//! PVI structure(s) and template, in both ophyd-async layouts.

use proptest::prelude::*;
use pvi_core::emit::ophyd::{pvi_structures, served_name, EntryKind};
use pvi_core::emit::{generate_template_with, TemplateLayout};
use pvi_core::model::{walk, Component, Leaf};
use pvi_core::parse::parse_device;
use pvi_core::Sources;

/// A generated tree: leaves are signal kinds 0..4, nodes are groups.
#[derive(Debug, Clone)]
enum Node {
    Signal(u8, bool),
    Group(Vec<Node>),
}

fn tree() -> impl Strategy<Value = Vec<Node>> {
    let leaf = (0u8..4, any::<bool>()).prop_map(|(k, same)| Node::Signal(k, same));
    let node = leaf.prop_recursive(3, 24, 5, |inner| {
        prop::collection::vec(inner, 0..5).prop_map(Node::Group)
    });
    prop::collection::vec(node, 1..8)
}

/// `Na`, `Nb`, ..., `Nba`: PascalCase names that stay distinct in snake_case.
fn name(prefix: char, mut i: usize) -> String {
    let mut s = String::new();
    loop {
        s.insert(0, (b'a' + (i % 26) as u8) as char);
        i /= 26;
        if i == 0 {
            break;
        }
    }
    format!("{prefix}{s}")
}

fn yaml(nodes: &[Node], indent: usize, counter: &mut usize, out: &mut String) {
    let pad = " ".repeat(indent);
    for n in nodes {
        *counter += 1;
        match n {
            Node::Group(children) => {
                let g = name('G', *counter);
                out.push_str(&format!(
                    "{pad}- type: Group\n{pad}  name: {g}\n{pad}  layout: {{type: Grid}}\n{pad}  children:\n"
                ));
                if children.is_empty() {
                    out.push_str(&format!("{pad}    []\n"));
                }
                yaml(children, indent + 4, counter, out);
            }
            Node::Signal(kind, same) => {
                let s = name('N', *counter);
                let body = match (kind, same) {
                    (0, _) => format!("type: SignalR, name: {s}, read_pv: 'P:{s}'"),
                    (1, _) => format!("type: SignalW, name: {s}, write_pv: 'P:{s}'"),
                    (2, true) => format!("type: SignalRW, name: {s}, write_pv: 'P:{s}'"),
                    (2, false) => format!(
                        "type: SignalRW, name: {s}, write_pv: 'P:{s}', read_pv: 'P:{s}_RBV'"
                    ),
                    _ => format!("type: SignalX, name: {s}, write_pv: 'P:{s}'"),
                };
                out.push_str(&format!("{pad}- {{{body}}}\n"));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn every_signal_once(nodes in tree(), groups_as_devices in any::<bool>()) {
        let mut text = String::from("label: Random\nchildren:\n");
        yaml(&nodes, 2, &mut 0, &mut text);
        let mut sources = Sources::new();
        let id = sources.add("random.pvi.device.yaml", text.clone());
        let device = parse_device(&text, id).map_err(|d| TestCaseError::fail(format!("{d:?}\n{text}")))?;
        let structures = pvi_structures(&device, "P:", groups_as_devices)
            .map_err(|d| TestCaseError::fail(format!("{d:?}")))?;
        let template = generate_template_with(
            &device,
            "P:",
            TemplateLayout::OphydAsync { groups_as_devices },
        );
        let signals: Vec<&Component> = walk(&device.children)
            .into_iter()
            .filter_map(|l| match l { Leaf::Component(c) => Some(c), _ => None })
            .collect();
        for c in &signals {
            let served = served_name(c.name());
            let hits: Vec<_> = structures
                .iter()
                .flat_map(|s| &s.entries)
                .filter(|e| e.name == served)
                .collect();
            prop_assert_eq!(hits.len(), 1, "{} in {:?}", served, text);
            prop_assert!(matches!(hits[0].kind, EntryKind::Signal(_)));
            let mut pvs: Vec<&str> = hits[0].fields.iter().map(|f| f.pv.as_str()).collect();
            let mut want: Vec<&str> = c.pvs().into_iter().map(|(_, v)| v).collect();
            want.dedup();
            pvs.sort();
            want.sort();
            prop_assert_eq!(pvs, want);
            if let Ok(t) = &template {
                for f in &hits[0].fields {
                    let key = format!("\"value.{}.{}\"", served, f.access.as_str());
                    // the key names the field once, and NAME mappings repeat it as +trigger
                    let n = t.matches(&key).count();
                    prop_assert!(n == 2, "{} appears {} times", key, n);
                }
            }
        }
        let entries: usize = structures.iter().map(|s| s.entries.iter().filter(|e| matches!(e.kind, EntryKind::Signal(_))).count()).sum();
        prop_assert_eq!(entries, signals.len());
        // without DeviceRefs there is always a record for every entry
        prop_assert!(template.is_ok());
    }
}
