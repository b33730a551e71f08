//! Deterministic generator of large device files, for benchmarks and tests:
//! many groups of assorted signals, table rows, sub-screens, plots, device
//! references and includes, enough to overflow columns.

use crate::synth::Rng;
use std::fmt::Write;

/// A generated device: the main file and the files it includes.
#[derive(Debug, Clone)]
pub struct GeneratedDevice {
    /// `(file name, YAML text)`, main device first.
    pub files: Vec<(String, String)>,
}

fn signal(out: &mut String, ind: &str, name: &str, kind: usize) {
    let _ = match kind {
        0 => writeln!(out, "{ind}- type: SignalRW\n{ind}  name: {name}\n{ind}  write_pv: $(P){name}\n{ind}  read_pv: $(P){name}_RBV\n{ind}  write_widget:\n{ind}    type: TextWrite\n{ind}  read_widget:\n{ind}    type: TextRead"),
        1 => writeln!(out, "{ind}- type: SignalR\n{ind}  name: {name}\n{ind}  read_pv: $(P){name}_RBV\n{ind}  read_widget:\n{ind}    type: LED"),
        2 => writeln!(out, "{ind}- type: SignalW\n{ind}  name: {name}\n{ind}  write_pv: $(P){name}\n{ind}  write_widget:\n{ind}    type: ComboBox\n{ind}    choices: [Off, On]"),
        3 => writeln!(out, "{ind}- type: SignalX\n{ind}  name: {name}\n{ind}  write_pv: $(P){name}\n{ind}  value: '1'"),
        4 => writeln!(out, "{ind}- type: SignalRW\n{ind}  name: {name}\n{ind}  write_pv: $(P){name}\n{ind}  read_pv: $(P){name}_RBV\n{ind}  write_widget:\n{ind}    type: ButtonPanel\n{ind}    actions: {{Start: '1', Stop: '0'}}\n{ind}  read_widget:\n{ind}    type: LED"),
        5 => writeln!(out, "{ind}- type: SignalR\n{ind}  name: {name}\n{ind}  read_pv: $(P){name}_RBV\n{ind}  read_widget:\n{ind}    type: ProgressBar"),
        6 => writeln!(out, "{ind}- type: SignalRW\n{ind}  name: {name}\n{ind}  write_pv: $(P){name}\n{ind}  write_widget:\n{ind}    type: CheckBox"),
        _ => writeln!(out, "{ind}- type: SignalR\n{ind}  name: {name}\n{ind}  description: Value of {name}\n{ind}  read_pv: $(P){name}_RBV\n{ind}  read_widget:\n{ind}    type: TextRead\n{ind}    format: decimal\n{ind}    precision: 3"),
    };
}

fn table_group(out: &mut String, ind: &str, name: &str, rows: usize) {
    let _ = writeln!(out, "{ind}- type: Group\n{ind}  name: {name}\n{ind}  layout:\n{ind}    type: Grid\n{ind}  children:");
    for r in 0..rows {
        let _ = writeln!(out, "{ind}    - type: Group\n{ind}      name: {name}Row{r}\n{ind}      layout:\n{ind}        type: Row");
        if r == 0 {
            let _ = writeln!(out, "{ind}        header: [A, B, C]");
        }
        let _ = writeln!(out, "{ind}      children:");
        for c in 0..3 {
            signal(
                out,
                &format!("{ind}        "),
                &format!("{name}R{r}C{c}"),
                [1, 5, 7][c],
            );
        }
    }
}

/// A device with about `signals` signals spread over groups, plus
/// `includes` included files (each a group of 8 signals).
pub fn generate(signals: usize, includes: usize, seed: u64) -> GeneratedDevice {
    let mut rng = Rng::xorshift64(seed);
    let mut main = String::from("label: Generated Device - $(P)\nchildren:\n");
    let mut files = Vec::new();
    let mut made = 0;
    let mut g = 0;
    while made < signals {
        let n = 4 + rng.below(12);
        let name = format!("Group{g}");
        match g % 5 {
            3 => {
                table_group(&mut main, "  ", &name, 2 + rng.below(3));
                made += 9;
            }
            4 => {
                let _ = writeln!(main, "  - type: Group\n    name: {name}\n    layout:\n      type: SubScreen\n    children:");
                for i in 0..n {
                    signal(&mut main, "      ", &format!("{name}Sig{i}"), rng.below(8));
                }
                let _ = writeln!(main, "      - type: SignalR\n        name: {name}Trace\n        read_pv: $(P){name}Trace\n        read_widget:\n          type: ArrayTrace\n          axis: X");
                made += n + 1;
            }
            _ => {
                let _ = writeln!(main, "  - type: Group\n    name: {name}\n    layout:\n      type: Grid\n    children:");
                for i in 0..n {
                    signal(&mut main, "      ", &format!("{name}Sig{i}"), rng.below(8));
                }
                let _ = writeln!(main, "      - type: Group\n        name: {name}More\n        layout:\n          type: SubScreen\n        children:");
                signal(&mut main, "          ", &format!("{name}Extra"), 0);
                made += n + 1;
            }
        }
        g += 1;
    }
    let _ = writeln!(main, "  - type: DeviceRef\n    name: Other\n    pv: OTHER\n    ui: other\n    macros: {{P: 'X:'}}");
    for k in 0..includes {
        let _ = writeln!(
            main,
            "  - type: Include\n    file_name: part{k}\n    macros: {{P: '$(P)P{k}:'}}"
        );
        let mut inc = format!("label: Part {k}\nchildren:\n  - type: Group\n    name: Part{k}\n    layout:\n      type: Grid\n    children:\n");
        for i in 0..8 {
            signal(&mut inc, "      ", &format!("Part{k}Sig{i}"), rng.below(8));
        }
        files.push((format!("part{k}.pvi.device.yaml"), inc));
    }
    files.insert(0, ("generated.pvi.device.yaml".to_string(), main));
    GeneratedDevice { files }
}

impl GeneratedDevice {
    /// The files as a [`crate::MemoryWorld`] rooted at `dir`.
    pub fn world(&self, dir: &str) -> crate::MemoryWorld {
        let mut w = crate::MemoryWorld::new();
        for (name, text) in &self.files {
            w.insert(format!("{dir}/{name}"), text.as_bytes().to_vec());
        }
        w
    }
}
