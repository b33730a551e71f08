//! Large synthetic devices, for benchmarks and tests of size.
//!
//! Two shapes, kept apart because their texts differ and each has callers
//! that depend on its exact bytes:
//!
//! - [`assorted_device`]: groups of assorted widgets (every widget kind pvi
//!   draws, table rows, sub-screens, a plot, a DeviceRef, includes with
//!   macros), drawn from a seeded [`Rng`]; the input of the `screens` and
//!   `edl_adl` benches, of `bench_format gen`/`corpus-gen` (the pvi-rs vs pvi
//!   benchmark) and of the `generated_large_device` snapshot test;
//! - [`large_device`]: many plain signals in regular groups, no randomness;
//!   the input of the `parse_resolve` bench and of `synth large`.

use super::{DeviceSet, Rng};
use std::fmt::Write;

fn assorted_signal(out: &mut String, ind: &str, name: &str, kind: usize) {
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
            assorted_signal(
                out,
                &format!("{ind}        "),
                &format!("{name}R{r}C{c}"),
                [1, 5, 7][c],
            );
        }
    }
}

/// The benchmark device: about `signals` signals in groups of 4 to 15
/// (every fifth group a SubScreen with an ArrayTrace, every fifth a table of
/// 2 to 4 rows with a header, the rest Grids with a SubScreen of one more
/// signal), a DeviceRef, and `includes` included files of 8 signals each,
/// included with macros. Widget kinds are drawn from an xorshift64
/// [`Rng`] seeded with `seed`; the main file is `generated.pvi.device.yaml`.
///
/// The text is fixed for given arguments: benchmark numbers
/// (`docs/benchmarks.md`), `bench_format gen`/`corpus-gen` and the
/// `tests/screens.rs` snapshot depend on it.
pub fn assorted_device(signals: usize, includes: usize, seed: u64) -> DeviceSet {
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
                    assorted_signal(&mut main, "      ", &format!("{name}Sig{i}"), rng.below(8));
                }
                let _ = writeln!(main, "      - type: SignalR\n        name: {name}Trace\n        read_pv: $(P){name}Trace\n        read_widget:\n          type: ArrayTrace\n          axis: X");
                made += n + 1;
            }
            _ => {
                let _ = writeln!(main, "  - type: Group\n    name: {name}\n    layout:\n      type: Grid\n    children:");
                for i in 0..n {
                    assorted_signal(&mut main, "      ", &format!("{name}Sig{i}"), rng.below(8));
                }
                let _ = writeln!(main, "      - type: Group\n        name: {name}More\n        layout:\n          type: SubScreen\n        children:");
                assorted_signal(&mut main, "          ", &format!("{name}Extra"), 0);
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
            assorted_signal(&mut inc, "      ", &format!("Part{k}Sig{i}"), rng.below(8));
        }
        files.push((format!("part{k}.pvi.device.yaml"), inc));
    }
    let main_name = "generated.pvi.device.yaml".to_string();
    files.insert(0, (main_name.clone(), main));
    DeviceSet {
        main: main_name,
        files,
    }
}

fn plain_signal(out: &mut String, indent: &str, i: usize) {
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
        plain_signal(out, "      ", i);
    }
}

/// A plain large device: `signals` signals `Signal0`, `Signal1`, ... of nine
/// kinds in turn, in groups of `per_group`, every fourth group a SubScreen;
/// with `includes` > 0 the last quarter of the signals sits in that many
/// included files (no macros). No randomness; the main file is
/// `large.pvi.device.yaml`. Used by the `parse_resolve` bench and
/// `synth large`.
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
