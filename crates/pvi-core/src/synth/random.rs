//! Seeded random devices covering every component, widget and layout kind,
//! includes, odd labels and overflow — for differential tests against pvi.
//! Free-text fields (labels, descriptions, action and SignalX values, choices,
//! row headers, macro values) also take empty, whitespace-only, XML-special,
//! numeric-looking and non-ASCII texts, and optional fields are sometimes left
//! out and sometimes given as pvi's default (`label: null`, `{type: TextRead}`,
//! `labelled: true`, …), all values pvi accepts.
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

/// Free texts pvi takes as they are: empty, whitespace only, XML-special,
/// numeric-looking and non-ASCII.
const TEXTS: &[&str] = &[
    "",
    " ",
    "   ",
    "<>&\"'",
    "a<b>&amp;\"c\"'d'",
    "]]>",
    "1",
    "0",
    "-1.5",
    "1e3",
    "0x1F",
    "007",
    "true",
    "null",
    "µs",
    "日本語",
    "Ωmega ✓",
    "naïve café",
    " lead and trail ",
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

    /// A free text: an odd label or an awkward text.
    fn text(&mut self) -> String {
        if self.rng.chance(50) {
            self.rng.pick(LABELS).to_string()
        } else {
            self.rng.pick(TEXTS).to_string()
        }
    }

    /// Sets the optional `key`: in `pct` % of draws to `value()`, in some of
    /// the rest explicitly to pvi's default, else leaves it out.
    fn opt(
        &mut self,
        m: &mut Map<String, Value>,
        key: &str,
        pct: usize,
        default: Value,
        value: impl FnOnce(&mut Self) -> Value,
    ) {
        if self.rng.chance(pct) {
            let v = value(self);
            m.insert(key.into(), v);
        } else if self.rng.chance(12) {
            m.insert(key.into(), default);
        }
    }

    fn common(&mut self, kind: &str) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("type".into(), json!(kind));
        m.insert("name".into(), json!(self.name()));
        self.opt(&mut m, "label", 15, Value::Null, |g| json!(g.text()));
        self.opt(&mut m, "description", 20, Value::Null, |g| json!(g.text()));
        m
    }

    fn pv(&mut self, m: &Map<String, Value>) -> String {
        format!("$(P)$(R){}", m["name"].as_str().unwrap_or("X"))
    }

    fn text_options(&mut self, kind: &str) -> Value {
        let mut w = Map::new();
        w.insert("type".into(), json!(kind));
        self.opt(&mut w, "format", 30, Value::Null, |g| {
            json!(g.rng.pick(&[
                "decimal",
                "hexadecimal",
                "engineer",
                "exponential",
                "string"
            ]))
        });
        self.opt(&mut w, "lines", 10, Value::Null, |g| {
            json!(1 + g.rng.below(3))
        });
        self.opt(&mut w, "precision", 10, Value::Null, |g| {
            json!(g.rng.below(5))
        });
        Value::Object(w)
    }

    fn read_widget(&mut self, table_ok: bool) -> Value {
        let tables = table_ok && self.rng.chance(30);
        match self.rng.below(if tables { 12 } else { 10 }) {
            0..=3 => self.text_options("TextRead"),
            4 => json!({"type": "LED"}),
            5 => json!({"type": "ProgressBar"}),
            6 => {
                let mut w = Map::new();
                w.insert("type".into(), json!("BitField"));
                self.opt(&mut w, "number_of_bits", 70, json!(8), |g| {
                    json!(1 + g.rng.below(16))
                });
                Value::Object(w)
            }
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
            let v = if self.rng.chance(25) {
                self.text()
            } else {
                i.to_string()
            };
            m.insert((*a).into(), json!(v));
        }
        Value::Object(m)
    }

    /// A ButtonPanel: its actions given, explicitly pvi's default, or left out.
    fn button_panel(&mut self) -> Value {
        let mut w = Map::new();
        w.insert("type".into(), json!("ButtonPanel"));
        self.opt(&mut w, "actions", 85, json!({"Go": "1"}), |g| g.actions());
        Value::Object(w)
    }

    fn write_widget(&mut self, table_ok: bool) -> Value {
        let tables = table_ok && self.rng.chance(30);
        match self.rng.below(if tables { 11 } else { 9 }) {
            0..=3 => self.text_options("TextWrite"),
            4 => json!({"type": "CheckBox"}),
            5 => json!({"type": "ToggleButton"}),
            6 => {
                let mut w = Map::new();
                w.insert("type".into(), json!("ComboBox"));
                self.opt(&mut w, "choices", 50, Value::Null, |g| {
                    if g.rng.chance(50) {
                        json!(["Off", "On", "Auto"])
                    } else {
                        let n = g.rng.below(4);
                        Value::Array((0..n).map(|_| json!(g.text())).collect())
                    }
                });
                Value::Object(w)
            }
            7 | 8 if table_ok || self.rng.chance(10) => self.button_panel(),
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
                let text_read = json!({"type": "TextRead"});
                self.opt(&mut m, "read_widget", 70, text_read, |g| {
                    g.read_widget(table_ok)
                });
            }
            "SignalW" => {
                m.insert("write_pv".into(), json!(pv));
                let text_write = json!({"type": "TextWrite"});
                self.opt(&mut m, "write_widget", 70, text_write, |g| {
                    g.write_widget(table_ok)
                });
            }
            "SignalRW" => {
                m.insert("write_pv".into(), json!(pv));
                let text_write = json!({"type": "TextWrite"});
                self.opt(&mut m, "write_widget", 60, text_write, |g| {
                    g.write_widget(false)
                });
                let rbv = json!(format!("{pv}_RBV"));
                self.opt(&mut m, "read_pv", 70, json!(""), |_| rbv);
                if self.rng.chance(40) {
                    let w = self.read_widget(false);
                    if !matches!(w["type"].as_str(), Some("ArrayTrace" | "ImageRead")) {
                        m.insert("read_widget".into(), w);
                    }
                } else if self.rng.chance(10) {
                    m.insert("read_widget".into(), Value::Null);
                }
            }
            "SignalX" => {
                m.insert("write_pv".into(), json!(pv));
                let panel = json!({"type": "ButtonPanel"});
                self.opt(&mut m, "write_widget", 50, panel, |g| g.button_panel());
                self.opt(&mut m, "value", 30, json!("1"), |g| {
                    if g.rng.chance(50) {
                        json!("0")
                    } else {
                        json!(g.text())
                    }
                });
            }
            "DeviceRef" => {
                m.insert("pv".into(), json!(format!("{pv}:PVI")));
                m.insert("ui".into(), json!("child"));
                let macros = json!({"P": "$(P)", "R": "$(R)Child:"});
                self.opt(&mut m, "macros", 80, json!({}), |g| {
                    if g.rng.chance(70) {
                        macros
                    } else {
                        json!({"P": g.text(), "R": "$(R)Child:"})
                    }
                });
            }
            _ => {}
        }
        Value::Object(m)
    }

    /// A Grid or SubScreen layout into `layout`: `labelled` given in 70 % of
    /// draws (true in `labelled_true` % of those), `stacked` in `stacked_given` %.
    fn grid_like(
        &mut self,
        layout: &mut Map<String, Value>,
        kind: &str,
        labelled_true: usize,
        stacked_given: usize,
    ) {
        layout.insert("type".into(), json!(kind));
        self.opt(layout, "labelled", 70, json!(true), |g| {
            json!(g.rng.chance(labelled_true))
        });
        self.opt(layout, "stacked", stacked_given, json!(false), |g| {
            json!(g.rng.chance(20))
        });
    }

    fn group(&mut self, depth: usize) -> Value {
        let mut layout = Map::new();
        match self.rng.below(10) {
            0..=4 => self.grid_like(&mut layout, "Grid", 80, 70),
            5..=7 => self.grid_like(&mut layout, "SubScreen", 70, 10),
            _ => {
                layout.insert("type".into(), json!("Grid"));
            }
        }
        let layout = Value::Object(layout);
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
        let mut layout = Map::new();
        layout.insert("type".into(), json!("Row"));
        self.opt(&mut layout, "header", 40, Value::Null, |g| {
            Value::Array(
                (0..n)
                    .map(|i| {
                        if g.rng.chance(30) {
                            json!(g.text())
                        } else {
                            json!(format!("Col {i}"))
                        }
                    })
                    .collect(),
            )
        });
        let layout = Value::Object(layout);
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
    } else if g.rng.chance(15) {
        g.text()
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
        } else if g.rng.chance(15) {
            inc["in_subscreen"] = json!(false);
        }
        if g.rng.chance(30) {
            inc["macros"] = json!({"R": "$(R)Part:"});
        } else if g.rng.chance(15) {
            inc["macros"] = json!({});
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
