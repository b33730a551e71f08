//! Writing a device back to `*.pvi.device.yaml` text, byte-identical to pvi
//! (docs/behaviour/device-model.md#writing-yaml): non-null fields, `type` first, fixed key order.
//!
//! `convert device`, `reconvert` and `regroup` write through [`device_yaml`].
//! Round trip: parsing the text gives back an equal [`Device`] (up to the
//! single-PV quirk, docs/behaviour/device-model.md#round-trip-quirks).

mod style;
mod writer;

pub use style::{choose as scalar_style, Style};
pub use writer::{to_text, Yaml};

use crate::model::*;
use indexmap::IndexMap;

type Map = Vec<(String, Yaml)>;

/// The YAML text of `device`.
///
/// pvi 0.14.4 crashes on an `ImageRead` widget; pvi-rs writes its
/// `color_map` as the integer.
pub fn device_yaml(device: &Device) -> String {
    to_text(&device_tree(device))
}

/// The fields of `device` as written to YAML, in order: what
/// [`device_yaml`] writes, as a tree (the Python package turns it into
/// pvi's `model_dump` shape).
pub fn device_tree(device: &Device) -> Vec<(String, Yaml)> {
    let mut top: Map = vec![("label".into(), Yaml::str(&device.label))];
    if let Some(p) = &device.parent {
        top.push(("parent".into(), Yaml::str(p)));
    }
    let children = device.children.iter().map(entry).collect();
    top.push(("children".into(), Yaml::Seq(children)));
    top
}

fn typed(t: &str) -> Map {
    vec![("type".into(), Yaml::str(t))]
}

fn entry(e: &Entry) -> Yaml {
    match e {
        Entry::Component(c) => component(c),
        Entry::Include(i) => {
            let mut m = typed("Include");
            m.push(("file_name".into(), Yaml::str(&i.file_name)));
            m.push(("in_subscreen".into(), Yaml::Bool(i.in_subscreen)));
            if let Some(macros) = &i.macros {
                m.push(("macros".into(), string_map(macros)));
            }
            Yaml::Map(m)
        }
    }
}

fn string_map(m: &IndexMap<String, String>) -> Yaml {
    // pvi moves a key literally named `type` to the front of every mapping
    let mut out: Map = Vec::with_capacity(m.len());
    if let Some(v) = m.get("type") {
        out.push(("type".into(), Yaml::str(v)));
    }
    out.extend(
        m.iter()
            .filter(|(k, _)| k.as_str() != "type")
            .map(|(k, v)| (k.clone(), Yaml::str(v))),
    );
    Yaml::Map(out)
}

fn common(t: &str, c: &Common) -> Map {
    let mut m = typed(t);
    m.push(("name".into(), Yaml::str(&c.name)));
    if let Some(l) = &c.label {
        m.push(("label".into(), Yaml::str(l)));
    }
    if let Some(d) = &c.description {
        m.push(("description".into(), Yaml::str(d)));
    }
    m
}

fn component(c: &Component) -> Yaml {
    let mut m = common(c.type_name(), c.common());
    let mut put = |k: &str, v: Yaml| m.push((k.to_string(), v));
    match c {
        Component::Group(g) => {
            put("layout", layout(&g.layout));
            put(
                "children",
                Yaml::Seq(g.children.iter().map(component).collect()),
            );
        }
        Component::SignalR(s) => {
            put("read_pv", Yaml::str(&s.read_pv));
            if let Some(w) = &s.read_widget {
                put("read_widget", read_widget(w));
            }
        }
        Component::SignalW(s) => {
            put("write_pv", Yaml::str(&s.write_pv));
            put("write_widget", write_widget(&s.write_widget));
        }
        Component::SignalRW(s) => {
            put("write_pv", Yaml::str(&s.write_pv));
            put("write_widget", write_widget(&s.write_widget));
            put("read_pv", Yaml::str(&s.read_pv));
            if let Some(w) = &s.read_widget {
                put("read_widget", read_widget(w));
            }
        }
        Component::SignalX(s) => {
            put("write_pv", Yaml::str(&s.write_pv));
            put("write_widget", button_panel(s.write_widget.panel()));
            put("value", Yaml::str(&s.value));
        }
        Component::DeviceRef(d) => {
            put("pv", Yaml::str(&d.pv));
            put("ui", Yaml::str(&d.ui));
            put("macros", string_map(&d.macros));
        }
        Component::IgnoredComponent(_) | Component::SignalRef(_) => {}
    }
    Yaml::Map(m)
}

fn layout(l: &Layout) -> Yaml {
    let mut m = typed(l.type_name());
    match l {
        Layout::Grid(o) | Layout::SubScreen(o) => {
            m.push(("labelled".into(), Yaml::Bool(o.labelled)));
            m.push(("stacked".into(), Yaml::Bool(o.stacked)));
        }
        Layout::Row { header: Some(h) } => m.push(("header".into(), strings(h))),
        Layout::Row { header: None } | Layout::Plot => {}
    }
    Yaml::Map(m)
}

fn strings(v: &[String]) -> Yaml {
    Yaml::Seq(v.iter().map(Yaml::str).collect())
}

fn text_options(t: &str, o: &TextOptions) -> Yaml {
    let mut m = typed(t);
    if let Some(l) = o.lines {
        m.push(("lines".into(), Yaml::Int(l)));
    }
    if let Some(f) = o.format {
        m.push(("format".into(), Yaml::str(f.as_str())));
    }
    if let Some(p) = o.precision {
        m.push(("precision".into(), Yaml::Int(p)));
    }
    Yaml::Map(m)
}

fn bit_field(b: &BitField) -> Yaml {
    let mut m = typed("BitField");
    if let Some(l) = &b.labels {
        m.push(("labels".into(), strings(l)));
    }
    m.push(("number_of_bits".into(), Yaml::Int(b.number_of_bits)));
    Yaml::Map(m)
}

fn read_widget(w: &ReadWidget) -> Yaml {
    match w {
        ReadWidget::ArrayTrace(a) => {
            let mut m = typed("ArrayTrace");
            m.push(("axis".into(), Yaml::str(&a.axis)));
            m.push(("width".into(), Yaml::Int(a.width)));
            m.push(("height".into(), Yaml::Int(a.height)));
            Yaml::Map(m)
        }
        ReadWidget::BitField(b) => bit_field(b),
        ReadWidget::ImageRead(i) => {
            let mut m = typed("ImageRead");
            m.push(("width".into(), Yaml::Int(i.width)));
            m.push(("height".into(), Yaml::Int(i.height)));
            m.push(("color_map".into(), Yaml::Int(i.color_map.value())));
            m.push(("color_bar".into(), Yaml::Bool(i.color_bar)));
            m.push(("axes".into(), Yaml::Bool(i.axes)));
            Yaml::Map(m)
        }
        ReadWidget::Led | ReadWidget::ProgressBar => Yaml::Map(typed(w.type_name())),
        ReadWidget::TableRead(t) => {
            let mut m = typed("TableRead");
            let cells = t.widgets.iter().map(|c| read_widget(&c.clone().into()));
            m.push(("widgets".into(), Yaml::Seq(cells.collect())));
            Yaml::Map(m)
        }
        ReadWidget::TextRead(o) => text_options("TextRead", o),
    }
}

fn button_panel(b: &ButtonPanel) -> Yaml {
    let mut m = typed("ButtonPanel");
    m.push(("actions".into(), string_map(&b.actions)));
    Yaml::Map(m)
}

fn write_widget(w: &WriteWidget) -> Yaml {
    match w {
        WriteWidget::ArrayWrite(a) => {
            let mut m = typed("ArrayWrite");
            m.push(("widget".into(), write_widget(&a.widget.clone().into())));
            Yaml::Map(m)
        }
        WriteWidget::ButtonPanel(b) => button_panel(b),
        WriteWidget::CheckBox | WriteWidget::ToggleButton => Yaml::Map(typed(w.type_name())),
        WriteWidget::ComboBox(c) => {
            let mut m = typed("ComboBox");
            if let Some(ch) = &c.choices {
                m.push(("choices".into(), strings(ch)));
            }
            Yaml::Map(m)
        }
        WriteWidget::TableWrite(t) => {
            let mut m = typed("TableWrite");
            let cells = t.widgets.iter().map(|c| write_widget(&c.clone().into()));
            m.push(("widgets".into(), Yaml::Seq(cells.collect())));
            Yaml::Map(m)
        }
        WriteWidget::TextWrite(o) => text_options("TextWrite", o),
    }
}
