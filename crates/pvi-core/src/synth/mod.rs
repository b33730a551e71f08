//! Synthetic devices for benchmarks, fuzz seeds and property tests.
//!
//! Deterministic: the same arguments give the same text.

mod random;
mod rng;

pub use random::random_device;
pub use rng::Rng;

/// A device file set: the main file and its includes, as (file name, YAML).
#[derive(Debug, Clone)]
pub struct DeviceSet {
    /// File name of the main device.
    pub main: String,
    /// Every file, main first.
    pub files: Vec<(String, String)>,
}

fn signal(out: &mut String, indent: &str, i: usize) {
    let name = format!("Signal{i}");
    let pv = format!("$(P)$(R){name}");
    let body = match i % 9 {
        0 => format!("type: SignalR\n{indent}  name: {name}\n{indent}  read_pv: {pv}_RBV\n"),
        1 => format!("type: SignalRW\n{indent}  name: {name}\n{indent}  write_pv: {pv}\n{indent}  read_pv: {pv}_RBV\n"),
        2 => format!("type: SignalW\n{indent}  name: {name}\n{indent}  write_pv: {pv}\n"),
        3 => format!("type: SignalX\n{indent}  name: {name}\n{indent}  write_pv: {pv}\n"),
        4 => format!(
            "type: SignalRW\n{indent}  name: {name}\n{indent}  write_pv: {pv}\n{indent}  write_widget:\n{indent}    type: ComboBox\n{indent}    choices: [Off, On]\n{indent}  read_pv: {pv}_RBV\n"
        ),
        5 => format!(
            "type: SignalR\n{indent}  name: {name}\n{indent}  description: Status bit of channel {i}\n{indent}  read_pv: {pv}_RBV\n{indent}  read_widget:\n{indent}    type: LED\n"
        ),
        6 => format!("type: SignalRW\n{indent}  name: {name}\n{indent}  write_pv: {pv}\n{indent}  write_widget:\n{indent}    type: CheckBox\n"),
        7 => format!(
            "type: SignalR\n{indent}  name: {name}\n{indent}  read_pv: {pv}_RBV\n{indent}  read_widget:\n{indent}    type: TextRead\n{indent}    format: string\n"
        ),
        _ => format!(
            "type: SignalRW\n{indent}  name: {name}\n{indent}  label: Channel {i} gain\n{indent}  write_pv: {pv}\n{indent}  read_pv: {pv}_RBV\n{indent}  read_widget:\n{indent}    type: ProgressBar\n"
        ),
    };
    out.push_str(indent);
    out.push_str("- ");
    out.push_str(&body);
}

fn group(out: &mut String, name: &str, layout: &str, signals: std::ops::Range<usize>) {
    out.push_str(&format!(
        "  - type: Group\n    name: {name}\n    layout:\n      type: {layout}\n    children:\n"
    ));
    for i in signals {
        signal(out, "      ", i);
    }
}

/// A device of about `signals` signals in groups of `per_group`, every fourth
/// group a SubScreen; the last quarter of the signals sits in `includes`
/// included files (0 = none).
pub fn large_device(signals: usize, per_group: usize, includes: usize) -> DeviceSet {
    let per_group = per_group.max(1);
    let included = if includes > 0 { signals / 4 } else { 0 };
    let own = signals - included;
    let mut main = String::from("label: Large Device - $(P)$(R)\nchildren:\n");
    let mut start = 0;
    let mut g = 0;
    while start < own {
        let end = (start + per_group).min(own);
        let layout = if g % 4 == 3 { "SubScreen" } else { "Grid" };
        group(&mut main, &format!("Group{g}"), layout, start..end);
        start = end;
        g += 1;
    }
    let mut files = Vec::new();
    let per_file = included.div_ceil(includes.max(1));
    for k in 0..includes {
        let name = format!("part{k}");
        main.push_str(&format!("  - type: Include\n    file_name: {name}\n"));
        let mut text = format!("label: Part {k}\nchildren:\n");
        let lo = own + k * per_file;
        let hi = (lo + per_file).min(signals);
        if lo < hi {
            group(&mut text, &format!("Part{k}"), "Grid", lo..hi);
        }
        files.push((format!("{name}.pvi.device.yaml"), text));
    }
    let main_name = "large.pvi.device.yaml".to_string();
    files.insert(0, (main_name.clone(), main));
    DeviceSet {
        main: main_name,
        files,
    }
}

impl DeviceSet {
    /// The files as a [`MemoryWorld`](crate::MemoryWorld) rooted at `dir`.
    pub fn world(&self, dir: &str) -> crate::MemoryWorld {
        let mut w = crate::MemoryWorld::new();
        for (name, text) in &self.files {
            w.insert(crate::world::join(dir, name), text.clone());
        }
        w
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::{resolve, Loader};

    #[test]
    fn large_device_resolves() {
        let set = large_device(2000, 25, 4);
        let w = set.world("lib");
        let mut l = Loader::new(&w);
        let d = l.load_device("lib/large.pvi.device.yaml").unwrap();
        let d = resolve(&mut l, d, &["lib".into()]).unwrap();
        let leaves = crate::model::walk(&d.children).len();
        assert_eq!(leaves, 2000);
    }
}
