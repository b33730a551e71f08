//! Seeded random devices covering every component, widget and layout kind,
//! includes, odd labels and overflow — for differential tests against pvi.
//!
//! `scripts/diff-vs-pvi.sh` writes them with `synth random SEED COUNT DIR`
//! and names a failing case by its seed, so a seed must keep giving the same
//! bytes: the draws come from a SplitMix64 [`Rng`] in a fixed order, and the
//! files are `serde_json` pretty-printed JSON (valid YAML).

use super::{DeviceSet, Rng};
use serde_json::{json, Map, Value};

const LABELS: &[&str] = &[
    "Gain",
    "Exposure time (s)",
    "A < B & C > D",
    "\"quoted\" 'label'",
    "Détecteur µ-température",
    "$(P)$(R) name",
    "Tab\tand  spaces",
    "50% duty #1",
    "",
];

const WORDS: &[&str] = &[
    "Gain", "Offset", "Mode", "Temp", "Rate", "X", "Y", "ROI", "Acq", "Stat",
];

struct Gen {
    rng: Rng,
    next: usize,
}

impl Gen {
    fn name(&mut self) -> String {
        self.next += 1;
        format!("{}{}", self.rng.pick(WORDS), self.next)
    }

    fn common(&mut self, kind: &str) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("type".into(), json!(kind));
        m.insert("name".into(), json!(self.name()));
        if self.rng.chance(15) {
            m.insert("label".into(), json!(self.rng.pick(LABELS)));
        }
        if self.rng.chance(20) {
            m.insert("description".into(), json!(self.rng.pick(LABELS)));
        }
        m
    }

    fn pv(&mut self, m: &Map<String, Value>) -> String {
        format!("$(P)$(R){}", m["name"].as_str().unwrap_or("X"))
    }

    fn text_options(&mut self, kind: &str) -> Value {
        let mut w = json!({"type": kind});
        if self.rng.chance(30) {
            w["format"] = json!(self.rng.pick(&[
                "decimal",
                "hexadecimal",
                "engineer",
                "exponential",
                "string"
            ]));
        }
        if self.rng.chance(10) {
            w["lines"] = json!(1 + self.rng.below(3));
        }
        if self.rng.chance(10) {
            w["precision"] = json!(self.rng.below(5));
        }
        w
    }

    fn read_widget(&mut self, table_ok: bool) -> Value {
        let tables = table_ok && self.rng.chance(30);
        match self.rng.below(if tables { 12 } else { 10 }) {
            0..=3 => self.text_options("TextRead"),
            4 => json!({"type": "LED"}),
            5 => json!({"type": "ProgressBar"}),
            6 => json!({"type": "BitField", "number_of_bits": 1 + self.rng.below(16)}),
            7 => {
                json!({"type": "ArrayTrace", "axis": "$(P)$(R)Axis", "width": 300 + self.rng.below(700), "height": 200 + self.rng.below(400)})
            }
            8 => json!({"type": "ImageRead"}),
            9 => json!({"type": "TextRead"}),
            _ => {
                let n = 1 + self.rng.below(5);
                let ws: Vec<Value> = (0..n)
                    .map(|_| json!({"type": *self.rng.pick(&["TextRead", "LED", "ProgressBar", "BitField"])}))
                    .collect();
                json!({"type": "TableRead", "widgets": ws})
            }
        }
    }

    fn actions(&mut self) -> Value {
        let n = 1 + self.rng.below(3);
        let mut m = Map::new();
        for (i, a) in ["Start", "Stop", "Reset", "Go"].iter().take(n).enumerate() {
            m.insert((*a).into(), json!(i.to_string()));
        }
        Value::Object(m)
    }

    fn write_widget(&mut self, table_ok: bool) -> Value {
        let tables = table_ok && self.rng.chance(30);
        match self.rng.below(if tables { 11 } else { 9 }) {
            0..=3 => self.text_options("TextWrite"),
            4 => json!({"type": "CheckBox"}),
            5 => json!({"type": "ToggleButton"}),
            6 => {
                if self.rng.chance(50) {
                    json!({"type": "ComboBox", "choices": ["Off", "On", "Auto"]})
                } else {
                    json!({"type": "ComboBox"})
                }
            }
            7 | 8 if table_ok || self.rng.chance(10) => {
                json!({"type": "ButtonPanel", "actions": self.actions()})
            }
            7 | 8 => json!({"type": "TextWrite"}),
            _ => {
                let n = 1 + self.rng.below(4);
                let ws: Vec<Value> = (0..n)
                    .map(
                        |_| json!({"type": *self.rng.pick(&["TextWrite", "CheckBox", "ComboBox"])}),
                    )
                    .collect();
                json!({"type": "TableWrite", "widgets": ws})
            }
        }
    }

    fn leaf(&mut self, in_row: bool) -> Value {
        let table_ok = !in_row;
        let kind = *self.rng.pick(&[
            "SignalR",
            "SignalR",
            "SignalRW",
            "SignalRW",
            "SignalRW",
            "SignalW",
            "SignalX",
            "DeviceRef",
            "IgnoredComponent",
        ]);
        let mut m = self.common(kind);
        let pv = self.pv(&m);
        match kind {
            "SignalR" => {
                m.insert("read_pv".into(), json!(format!("{pv}_RBV")));
                if self.rng.chance(70) {
                    m.insert("read_widget".into(), self.read_widget(table_ok));
                }
            }
            "SignalW" => {
                m.insert("write_pv".into(), json!(pv));
                if self.rng.chance(70) {
                    m.insert("write_widget".into(), self.write_widget(table_ok));
                }
            }
            "SignalRW" => {
                m.insert("write_pv".into(), json!(pv));
                if self.rng.chance(60) {
                    m.insert("write_widget".into(), self.write_widget(false));
                }
                if self.rng.chance(70) {
                    m.insert("read_pv".into(), json!(format!("{pv}_RBV")));
                }
                if self.rng.chance(40) {
                    let w = self.read_widget(false);
                    if !matches!(w["type"].as_str(), Some("ArrayTrace" | "ImageRead")) {
                        m.insert("read_widget".into(), w);
                    }
                }
            }
            "SignalX" => {
                m.insert("write_pv".into(), json!(pv));
                if self.rng.chance(50) {
                    m.insert(
                        "write_widget".into(),
                        json!({"type": "ButtonPanel", "actions": self.actions()}),
                    );
                }
                if self.rng.chance(30) {
                    m.insert("value".into(), json!("0"));
                }
            }
            "DeviceRef" => {
                m.insert("pv".into(), json!(format!("{pv}:PVI")));
                m.insert("ui".into(), json!("child"));
                m.insert("macros".into(), json!({"P": "$(P)", "R": "$(R)Child:"}));
            }
            _ => {}
        }
        Value::Object(m)
    }

    fn group(&mut self, depth: usize) -> Value {
        let layout = match self.rng.below(10) {
            0..=4 => {
                json!({"type": "Grid", "labelled": self.rng.chance(80), "stacked": self.rng.chance(20)})
            }
            5..=7 => json!({"type": "SubScreen", "labelled": self.rng.chance(70)}),
            _ => json!({"type": "Grid"}),
        };
        let mut m = self.common("Group");
        let big = self.rng.chance(15);
        let n = 1 + self.rng.below(if big { 60 } else { 8 });
        let mut children = Vec::new();
        for _ in 0..n {
            let c = if depth == 0 && self.rng.chance(12) {
                if self.rng.chance(50) {
                    self.row()
                } else {
                    let mut sub = self.group(depth + 1);
                    sub["layout"] = json!({"type": "SubScreen"});
                    sub
                }
            } else {
                self.leaf(false)
            };
            children.push(c);
        }
        m.insert("layout".into(), layout);
        m.insert("children".into(), Value::Array(children));
        Value::Object(m)
    }

    fn row(&mut self) -> Value {
        let mut m = self.common("Group");
        let n = 1 + self.rng.below(4);
        let children: Vec<Value> = (0..n)
            .map(|_| {
                let mut l = self.leaf(true);
                // rows hold plain signals
                if l["type"] == "IgnoredComponent" || l["type"] == "DeviceRef" {
                    l = json!({"type": "SignalR", "name": self.name(), "read_pv": "$(P)RowPV"});
                }
                l
            })
            .collect();
        let mut layout = json!({"type": "Row"});
        if self.rng.chance(40) {
            layout["header"] = Value::Array((0..n).map(|i| json!(format!("Col {i}"))).collect());
        }
        m.insert("layout".into(), layout);
        m.insert("children".into(), Value::Array(children));
        Value::Object(m)
    }
}

/// A random device from `seed`: `dev<seed>.pvi.device.yaml`, and in about
/// 40 % of seeds an included `Part.pvi.device.yaml`. The same seed gives the
/// same bytes.
pub fn random_device(seed: u64) -> DeviceSet {
    let mut g = Gen {
        rng: Rng::splitmix64(seed),
        next: 0,
    };
    let label = if g.rng.chance(10) {
        String::new()
    } else {
        format!("{} {seed}", g.rng.pick(LABELS))
    };
    let big = g.rng.chance(20);
    let n = 1 + g.rng.below(if big { 40 } else { 10 });
    let mut children = Vec::new();
    for _ in 0..n {
        children.push(if g.rng.chance(35) {
            g.group(0)
        } else {
            g.leaf(false)
        });
    }
    let with_include = g.rng.chance(40);
    if with_include {
        let mut inc = json!({"type": "Include", "file_name": "Part"});
        if g.rng.chance(30) {
            inc["in_subscreen"] = json!(true);
        }
        if g.rng.chance(30) {
            inc["macros"] = json!({"R": "$(R)Part:"});
        }
        children.push(inc);
    }
    let main = json!({"label": label, "children": children});
    let mut files = vec![(
        format!("dev{seed}.pvi.device.yaml"),
        serde_json::to_string_pretty(&main).unwrap_or_default() + "\n",
    )];
    if with_include {
        let part_children: Vec<Value> = (0..1 + g.rng.below(4)).map(|_| g.group(0)).collect();
        let part = json!({"label": "Part", "children": part_children});
        files.push((
            "Part.pvi.device.yaml".into(),
            serde_json::to_string_pretty(&part).unwrap_or_default() + "\n",
        ));
    }
    DeviceSet {
        main: files[0].0.clone(),
        files,
    }
}
