//! One screen item → one `.bob` widget element (spec 05 §2.2–§2.4).

use super::template::{set, set_geometry, BobTemplate};
use super::xml::Element;
use crate::diag::Diagnostic;
use crate::layout::{Item, ItemKind, WidgetModel};
use crate::model::{
    ImageColorMap, ReadWidget, TableReadCell, TextFormat, TextOptions, WriteCell, WriteWidget,
};

fn format_code(f: TextFormat) -> &'static str {
    match f {
        TextFormat::Decimal => "1",
        TextFormat::Hexadecimal => "4",
        TextFormat::Engineer => "3",
        TextFormat::Exponential => "2",
        TextFormat::String => "6",
    }
}

fn leaf(tag: &str, text: &str) -> Element {
    Element::new(tag, Some(text))
}

/// The element of one item (a group includes its children).
pub fn item(t: &BobTemplate, it: &Item) -> Result<Element, Diagnostic> {
    let b = it.bounds;
    let h = Some(b.h);
    let el = match &it.kind {
        ItemKind::Label { text, tooltip } => {
            let mut e = t.piece("Label")?;
            set(&mut e, "text", text);
            set(&mut e, "tooltip", tooltip);
            e
        }
        ItemKind::Heading { text } => {
            let mut e = t.piece("Heading")?;
            set(&mut e, "text", text);
            e
        }
        ItemKind::Group { title, children } => {
            let mut e = t.piece("Group")?;
            set(&mut e, "name", title);
            set_geometry(&mut e, b.x, b.y, b.w, h);
            for c in children {
                e.push(item(t, c)?);
            }
            return Ok(e);
        }
        ItemKind::Action { text, pv, value } => {
            let mut e = t.piece("WritePV")?;
            set(&mut e, "text", text);
            set(&mut e, "pv_name", pv);
            set(&mut e, "value", value);
            set(&mut e, "tooltip", &format!("{pv} = {value}\n$(pv_value)"));
            e
        }
        ItemKind::OpenDisplay {
            text, file, macros, ..
        } => {
            let mut e = t.piece("OpenDisplay")?;
            let file = if file.ends_with(".bob") {
                file.clone()
            } else {
                format!("{file}.bob")
            };
            set(&mut e, "file", &file);
            set(&mut e, "text", text);
            if !macros.is_empty() {
                if let Some(action) = e.find_mut("action") {
                    let mut m = Element::new("macros", None);
                    for (k, v) in macros {
                        m.push(leaf(k, v));
                    }
                    action.push(m);
                }
            }
            e
        }
        ItemKind::Widget { pv, widget } => return pv_widget(t, pv, widget, b),
    };
    let mut el = el;
    set_geometry(&mut el, b.x, b.y, b.w, h);
    Ok(el)
}

fn text_extras(e: &mut Element, o: &TextOptions) {
    if let Some(f) = o.format {
        e.push(leaf("format", format_code(f)));
    }
    if let Some(p) = o.precision {
        e.push(leaf("precision", &p.to_string()));
    }
}

fn bool_options() -> Element {
    Element::new("options", None)
        .with(leaf("option", "false"))
        .with(leaf("option", "true"))
}

fn pv_widget(
    t: &BobTemplate,
    pv: &str,
    w: &WidgetModel,
    b: crate::layout::Bounds,
) -> Result<Element, Diagnostic> {
    let key = match w {
        WidgetModel::Read(r) => match r {
            ReadWidget::TextRead(_) => "TextUpdate",
            ReadWidget::Led => "LED",
            ReadWidget::BitField(_) => "BitField",
            ReadWidget::ProgressBar => "ProgressBar",
            ReadWidget::TableRead(_) => "Table",
            ReadWidget::ArrayTrace(_) => "ArrayTrace",
            ReadWidget::ImageRead(_) => "ImageRead",
        },
        WidgetModel::Write(wr) => match wr {
            WriteWidget::TextWrite(_) => "TextEntry",
            WriteWidget::CheckBox => "CheckBox",
            WriteWidget::ToggleButton => "ToggleButton",
            WriteWidget::ComboBox(_) => "ComboBox",
            WriteWidget::TableWrite(_) => "Table",
            WriteWidget::ButtonPanel(_) => "ButtonPanel",
            WriteWidget::ArrayWrite(_) => "ArrayWrite",
        },
    };
    let mut e = t.piece(key)?;
    match w {
        WidgetModel::Read(ReadWidget::ArrayTrace(_)) => set(&mut e, "y_pv", pv),
        WidgetModel::Read(ReadWidget::TableRead(_))
        | WidgetModel::Write(WriteWidget::TableWrite(_)) => {
            let v = if pv.starts_with("pva://") {
                pv.to_string()
            } else {
                format!("pva://{pv}")
            };
            set(&mut e, "pv_name", &v);
        }
        _ => set(&mut e, "pv_name", pv),
    }
    let bitfield = matches!(w, WidgetModel::Read(ReadWidget::BitField(_)));
    set_geometry(&mut e, b.x, b.y, b.w, (!bitfield).then_some(b.h));
    match w {
        WidgetModel::Read(ReadWidget::TextRead(o))
        | WidgetModel::Write(WriteWidget::TextWrite(o)) => text_extras(&mut e, o),
        WidgetModel::Write(WriteWidget::ComboBox(c)) => {
            if let Some(choices) = c.choices.as_ref().filter(|c| !c.is_empty()) {
                let mut items = Element::new("items", None);
                for ch in choices {
                    items.push(leaf("item", ch));
                }
                e.push(items);
                e.push(leaf("items_from_pv", "false"));
            }
        }
        WidgetModel::Read(ReadWidget::TableRead(tr)) => {
            let cols: Vec<Option<Element>> = tr
                .widgets
                .iter()
                .map(|c| matches!(c, TableReadCell::Led).then(bool_options))
                .collect();
            table_columns(&mut e, &cols, false);
        }
        WidgetModel::Write(WriteWidget::TableWrite(tw)) => {
            let cols: Vec<Option<Element>> = tw
                .widgets
                .iter()
                .map(|c| match c {
                    WriteCell::CheckBox => Some(bool_options()),
                    WriteCell::ComboBox(cb) => {
                        cb.choices.as_ref().filter(|c| !c.is_empty()).map(|cs| {
                            let mut o = Element::new("options", None);
                            for c in cs {
                                o.push(leaf("option", c));
                            }
                            o
                        })
                    }
                    _ => None,
                })
                .collect();
            table_columns(&mut e, &cols, true);
        }
        WidgetModel::Read(ReadWidget::BitField(f)) => {
            e.push(leaf("numBits", &f.number_of_bits.to_string()))
        }
        WidgetModel::Read(ReadWidget::ImageRead(i)) => {
            let map = match i.color_map {
                ImageColorMap::Gray => "GRAY",
                ImageColorMap::Color => "VIRIDIS",
            };
            e.push(Element::new("color_map", None).with(leaf("name", map)));
            e.push(
                Element::new("color_bar", None)
                    .with(leaf("visible", if i.color_bar { "true" } else { "false" })),
            );
            if !i.axes {
                for a in ["x_axis", "y_axis"] {
                    e.push(
                        Element::new(a, None)
                            .with(leaf("visible", "false"))
                            .with(leaf("title", "")),
                    );
                }
            }
        }
        WidgetModel::Read(ReadWidget::ArrayTrace(a)) => {
            e.push(
                Element::new("x_axis", None)
                    .with(leaf("title", ""))
                    .with(leaf("autoscale", "true")),
            );
            e.push(
                Element::new("y_axes", None).with(
                    Element::new("y_axis", None)
                        .with(leaf("title", &a.axis))
                        .with(leaf("autoscale", "true")),
                ),
            );
        }
        _ => {}
    }
    Ok(e)
}

fn table_columns(e: &mut Element, cols: &[Option<Element>], editable: bool) {
    if cols.is_empty() {
        return;
    }
    let flag = if editable { "true" } else { "false" };
    let mut columns = Element::new("columns", None);
    for (k, opts) in cols.iter().enumerate() {
        let mut c = Element::new("column", None)
            .with(leaf("name", &format!("Column {}", k + 1)))
            .with(leaf("editable", flag));
        if let Some(o) = opts {
            c.push(o.clone());
        }
        columns.push(c);
    }
    e.push(columns);
    e.push(leaf("editable", flag));
}
