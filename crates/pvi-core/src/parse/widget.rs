//! Decoding widgets and layouts from YAML nodes.

use super::reader::{boolean, int, string, string_map, strings, tag, Cx, Fields};
use crate::diag::Diagnostic;
use crate::model::*;
use crate::yaml::{Node, Value};

/// Read widget type names, in pvi's (alphabetical) order.
pub const READ_WIDGETS: &[&str] = &[
    "ArrayTrace",
    "BitField",
    "ImageRead",
    "LED",
    "ProgressBar",
    "TableRead",
    "TextRead",
];
/// Write widget type names, in pvi's (alphabetical) order.
pub const WRITE_WIDGETS: &[&str] = &[
    "ArrayWrite",
    "ButtonPanel",
    "CheckBox",
    "ComboBox",
    "TableWrite",
    "TextWrite",
    "ToggleButton",
];
const WRITE_CELLS: &[&str] = &["ButtonPanel", "CheckBox", "ComboBox", "TextWrite"];
const READ_CELLS: &[&str] = &["BitField", "LED", "ProgressBar", "TextRead"];
const LAYOUTS: &[&str] = &["Plot", "Row", "Grid", "SubScreen"];

fn fields<'a>(cx: &mut Cx, n: &'a Node, what: &str) -> Option<Fields<'a>> {
    let mut f = Fields::new(cx, n, what)?;
    f.take("type");
    Some(f)
}

fn unit<T>(cx: &mut Cx, n: &Node, what: &str, v: T) -> Option<T> {
    let f = fields(cx, n, what)?;
    f.finish(cx, &["type"]);
    Some(v)
}

fn text_options(cx: &mut Cx, n: &Node, what: &str) -> Option<TextOptions> {
    let mut f = fields(cx, n, what)?;
    let lines = f.opt(cx, "lines", int);
    let format = f.opt(cx, "format", text_format);
    let precision = f.opt(cx, "precision", int);
    f.finish(cx, &["type", "lines", "format", "precision"]);
    Some(TextOptions {
        lines,
        format,
        precision,
    })
}

fn text_format(cx: &mut Cx, n: &Node) -> Option<TextFormat> {
    let s = n.as_str();
    let found = TextFormat::ALL.into_iter().find(|f| Some(f.as_str()) == s);
    if found.is_none() {
        let names: Vec<&str> = TextFormat::ALL.iter().map(|f| f.as_str()).collect();
        cx.push(
            Diagnostic::invalid(n.span, "unknown text format")
                .with_label(format!("expected one of {}", names.join(", "))),
        );
    }
    found
}

fn bit_field(cx: &mut Cx, n: &Node) -> Option<BitField> {
    let mut f = fields(cx, n, "BitField")?;
    let labels = f.opt(cx, "labels", strings);
    let bits = f.opt(cx, "number_of_bits", int).unwrap_or(8);
    if bits <= 0 {
        if let Some(b) = n.get("number_of_bits") {
            cx.err(b.span, "number_of_bits must be greater than 0");
        }
    }
    f.finish(cx, &["type", "labels", "number_of_bits"]);
    Some(BitField {
        labels,
        number_of_bits: bits,
    })
}

fn button_panel(cx: &mut Cx, n: &Node) -> Option<ButtonPanel> {
    let mut f = fields(cx, n, "ButtonPanel")?;
    let actions = match f.take("actions") {
        None => ButtonPanel::default().actions,
        Some(a) => {
            if let Some(entries) = a.as_map() {
                for (k, _) in entries {
                    if let Some(name) = k.as_str() {
                        if !is_pascal_case(name) {
                            let mut d = Diagnostic::invalid(
                                k.span,
                                format!("action name '{name}' is not PascalCase"),
                            )
                            .with_note("action names must match ^([A-Z][a-z0-9]*)*$");
                            if let Some(s) = super::reader::pascal_suggestion(name) {
                                d = d.with_note(format!("help: try '{s}'"));
                            }
                            cx.push(d);
                        }
                    }
                }
            }
            string_map(cx, a).unwrap_or_default()
        }
    };
    f.finish(cx, &["type", "actions"]);
    Some(ButtonPanel { actions })
}

fn combo_box(cx: &mut Cx, n: &Node) -> Option<ComboBox> {
    let mut f = fields(cx, n, "ComboBox")?;
    let choices = f.opt(cx, "choices", strings);
    f.finish(cx, &["type", "choices"]);
    Some(ComboBox { choices })
}

fn write_cell(cx: &mut Cx, n: &Node) -> Option<WriteCell> {
    Some(
        match tag(cx, n, "table or array cell widget", WRITE_CELLS)? {
            "ButtonPanel" => WriteCell::ButtonPanel(button_panel(cx, n)?),
            "CheckBox" => unit(cx, n, "CheckBox", WriteCell::CheckBox)?,
            "ComboBox" => WriteCell::ComboBox(combo_box(cx, n)?),
            _ => WriteCell::TextWrite(text_options(cx, n, "TextWrite")?),
        },
    )
}

fn read_cell(cx: &mut Cx, n: &Node) -> Option<TableReadCell> {
    Some(match tag(cx, n, "table cell widget", READ_CELLS)? {
        "BitField" => TableReadCell::BitField(bit_field(cx, n)?),
        "LED" => unit(cx, n, "LED", TableReadCell::Led)?,
        "ProgressBar" => unit(cx, n, "ProgressBar", TableReadCell::ProgressBar)?,
        _ => TableReadCell::TextRead(text_options(cx, n, "TextRead")?),
    })
}

fn list<T>(cx: &mut Cx, n: &Node, f: impl Fn(&mut Cx, &Node) -> Option<T>) -> Option<Vec<T>> {
    let Some(items) = n.as_seq() else {
        cx.err(n.span, format!("expected a list, found {}", n.kind_name()));
        return None;
    };
    let out: Vec<Option<T>> = items.iter().map(|i| f(cx, i)).collect();
    out.into_iter().collect()
}

/// Decodes a read widget.
pub(crate) fn read_widget(cx: &mut Cx, n: &Node) -> Option<ReadWidget> {
    Some(match tag(cx, n, "read widget", READ_WIDGETS)? {
        "ArrayTrace" => {
            let mut f = fields(cx, n, "ArrayTrace")?;
            let axis = f.req(cx, "axis", string);
            let width = f.opt(cx, "width", int).unwrap_or(900);
            let height = f.opt(cx, "height", int).unwrap_or(500);
            f.finish(cx, &["type", "axis", "width", "height"]);
            ReadWidget::ArrayTrace(ArrayTrace {
                axis: axis?,
                width,
                height,
            })
        }
        "BitField" => ReadWidget::BitField(bit_field(cx, n)?),
        "ImageRead" => {
            let mut f = fields(cx, n, "ImageRead")?;
            let width = f.opt(cx, "width", int).unwrap_or(900);
            let height = f.opt(cx, "height", int).unwrap_or(500);
            let color_map = f
                .opt(cx, "color_map", color_map)
                .unwrap_or(ImageColorMap::Gray);
            let color_bar = f.opt(cx, "color_bar", boolean).unwrap_or(false);
            let axes = f.opt(cx, "axes", boolean).unwrap_or(false);
            f.finish(
                cx,
                &["type", "width", "height", "color_map", "color_bar", "axes"],
            );
            ReadWidget::ImageRead(ImageRead {
                width,
                height,
                color_map,
                color_bar,
                axes,
            })
        }
        "LED" => unit(cx, n, "LED", ReadWidget::Led)?,
        "ProgressBar" => unit(cx, n, "ProgressBar", ReadWidget::ProgressBar)?,
        "TableRead" => {
            let mut f = fields(cx, n, "TableRead")?;
            let widgets = f.opt(cx, "widgets", |cx, n| list(cx, n, read_cell));
            f.finish(cx, &["type", "widgets"]);
            ReadWidget::TableRead(TableRead {
                widgets: widgets.unwrap_or_default(),
            })
        }
        _ => ReadWidget::TextRead(text_options(cx, n, "TextRead")?),
    })
}

fn color_map(cx: &mut Cx, n: &Node) -> Option<ImageColorMap> {
    match &n.value {
        Value::Int(0) => Some(ImageColorMap::Gray),
        Value::Int(1) => Some(ImageColorMap::Color),
        _ => {
            cx.push(
                Diagnostic::invalid(n.span, "unknown color map")
                    .with_label("expected 0 (gray) or 1 (color)"),
            );
            None
        }
    }
}

/// Decodes a write widget.
pub(crate) fn write_widget(cx: &mut Cx, n: &Node) -> Option<WriteWidget> {
    Some(match tag(cx, n, "write widget", WRITE_WIDGETS)? {
        "ArrayWrite" => {
            let mut f = fields(cx, n, "ArrayWrite")?;
            let widget = f.req(cx, "widget", write_cell);
            f.finish(cx, &["type", "widget"]);
            WriteWidget::ArrayWrite(ArrayWrite { widget: widget? })
        }
        "ButtonPanel" => WriteWidget::ButtonPanel(button_panel(cx, n)?),
        "CheckBox" => unit(cx, n, "CheckBox", WriteWidget::CheckBox)?,
        "ComboBox" => WriteWidget::ComboBox(combo_box(cx, n)?),
        "TableWrite" => {
            let mut f = fields(cx, n, "TableWrite")?;
            let widgets = f.opt(cx, "widgets", |cx, n| list(cx, n, write_cell));
            f.finish(cx, &["type", "widgets"]);
            WriteWidget::TableWrite(TableWrite {
                widgets: widgets.unwrap_or_default(),
            })
        }
        "ToggleButton" => unit(cx, n, "ToggleButton", WriteWidget::ToggleButton)?,
        _ => WriteWidget::TextWrite(text_options(cx, n, "TextWrite")?),
    })
}

/// Decodes the write widget of a SignalX, which must be a ButtonPanel.
pub(crate) fn trigger_widget(cx: &mut Cx, n: &Node) -> Option<TriggerWidget> {
    let name = tag(cx, n, "write widget", WRITE_WIDGETS)?;
    if name != "ButtonPanel" {
        let span = n.get("type").map_or(n.span, |t| t.span);
        cx.push(
            Diagnostic::invalid(span, "SignalX write_widget must be ButtonPanel")
                .with_label(format!("found {name}")),
        );
        return None;
    }
    Some(TriggerWidget::ButtonPanel(button_panel(cx, n)?))
}

/// Decodes a group layout.
pub(crate) fn layout(cx: &mut Cx, n: &Node) -> Option<Layout> {
    let name = tag(cx, n, "layout", LAYOUTS)?;
    let mut f = fields(cx, n, name)?;
    let out = match name {
        "Plot" => {
            f.finish(cx, &["type"]);
            Layout::Plot
        }
        "Row" => {
            let header = f.opt(cx, "header", strings);
            f.finish(cx, &["type", "header"]);
            Layout::Row { header }
        }
        _ => {
            let labelled = f.opt(cx, "labelled", boolean).unwrap_or(true);
            let stacked = f.opt(cx, "stacked", boolean).unwrap_or(false);
            f.finish(cx, &["type", "labelled", "stacked"]);
            let o = GridOptions { labelled, stacked };
            if name == "Grid" {
                Layout::Grid(o)
            } else {
                Layout::SubScreen(o)
            }
        }
    };
    Some(out)
}
