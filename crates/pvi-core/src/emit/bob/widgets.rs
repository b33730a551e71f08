//! One screen item → one `.bob` widget (docs/behaviour/formats.md#setting-properties), written
//! straight into the output text from its compiled template piece.

use super::stencil::{close_line, leaf_line, open_line, Fill, Slot, Stencil};
use super::template::BobTemplate;
use crate::diag::Diagnostic;
use crate::emit::WriteOptions;
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

fn no_children(_: &mut String) -> Result<(), Diagnostic> {
    Ok(())
}

/// Writes one item (a group with its children) at `depth`.
pub fn item(
    t: &BobTemplate,
    it: &Item,
    depth: usize,
    opts: WriteOptions,
    out: &mut String,
) -> Result<(), Diagnostic> {
    let b = it.bounds;
    let mut fill = Fill::default();
    let piece: &Stencil = match &it.kind {
        ItemKind::Label { text, tooltip } => {
            fill.set(Slot::Text, text);
            fill.set(Slot::Tooltip, tooltip);
            t.piece("Label")?
        }
        ItemKind::Heading { text } => {
            fill.set(Slot::Text, text);
            t.piece("Heading")?
        }
        ItemKind::Group {
            title,
            frame,
            children,
            ..
        } => {
            fill.set(Slot::Name, title);
            fill.geometry(frame.x, frame.y, frame.w, Some(frame.h));
            return t.piece("Group")?.write(&fill, depth, out, &mut |out| {
                for c in children {
                    item(t, c, depth + 1, opts, out)?;
                }
                Ok(())
            });
        }
        ItemKind::Action { text, pv, value } => {
            fill.set(Slot::Text, text);
            fill.set(Slot::PvName, pv);
            if !value.is_empty() {
                fill.set(Slot::Value, value);
            } else if opts.fixes() {
                // the button writes what the action says: an empty string
                fill.set_always(Slot::Value, value);
            } else {
                // pvi leaves its template's placeholder, so the button writes "value"
                fill.set(Slot::Value, "value");
            }
            fill.set_owned(Slot::Tooltip, format!("{pv} = {value}\n$(pv_value)"));
            t.piece("WritePV")?
        }
        ItemKind::OpenDisplay {
            text, file, macros, ..
        } => {
            let piece = t.piece("OpenDisplay")?;
            if file.ends_with(".bob") {
                fill.set(Slot::File, file);
            } else {
                fill.set_owned(Slot::File, format!("{file}.bob"));
            }
            fill.set(Slot::Text, text);
            if !macros.is_empty() {
                if let Some(d) = piece.child_depth(Slot::Action) {
                    let d = depth + d;
                    let mut m = String::new();
                    open_line(&mut m, d, "macros");
                    for (k, v) in macros {
                        leaf_line(&mut m, d + 1, k, v);
                    }
                    close_line(&mut m, d, "macros");
                    fill.append(Slot::Action, m);
                }
            }
            piece
        }
        ItemKind::Widget { pv, widget, .. } => return pv_widget(t, pv, widget, b, depth, out),
    };
    fill.geometry(b.x, b.y, b.w, Some(b.h));
    piece.write(&fill, depth, out, &mut no_children)
}

fn text_extras(out: &mut String, d: usize, o: &TextOptions) {
    if let Some(f) = o.format {
        leaf_line(out, d, "format", format_code(f));
    }
    if let Some(p) = o.precision {
        leaf_line(out, d, "precision", itoa::Buffer::new().format(p));
    }
}

/// `<options>` of a boolean column.
fn bool_options(out: &mut String, d: usize) {
    open_line(out, d, "options");
    leaf_line(out, d + 1, "option", "false");
    leaf_line(out, d + 1, "option", "true");
    close_line(out, d, "options");
}

fn pv_widget(
    t: &BobTemplate,
    pv: &str,
    w: &WidgetModel,
    b: crate::layout::Bounds,
    depth: usize,
    out: &mut String,
) -> Result<(), Diagnostic> {
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
    let piece = t.piece(key)?;
    let mut fill = Fill::default();
    match w {
        WidgetModel::Read(ReadWidget::ArrayTrace(_)) => fill.set(Slot::YPv, pv),
        WidgetModel::Read(ReadWidget::TableRead(_))
        | WidgetModel::Write(WriteWidget::TableWrite(_)) => {
            if pv.starts_with("pva://") {
                fill.set(Slot::PvName, pv);
            } else {
                fill.set_owned(Slot::PvName, format!("pva://{pv}"));
            }
        }
        _ => fill.set(Slot::PvName, pv),
    }
    let bitfield = matches!(w, WidgetModel::Read(ReadWidget::BitField(_)));
    fill.geometry(b.x, b.y, b.w, (!bitfield).then_some(b.h));
    let d = depth + 1;
    piece.write(&fill, depth, out, &mut |out| {
        extras(w, d, out);
        Ok(())
    })
}

/// The children a widget adds after its template piece's own.
fn extras(w: &WidgetModel, d: usize, out: &mut String) {
    match w {
        WidgetModel::Read(ReadWidget::TextRead(o))
        | WidgetModel::Write(WriteWidget::TextWrite(o)) => text_extras(out, d, o),
        WidgetModel::Write(WriteWidget::ComboBox(c)) => {
            if let Some(choices) = c.choices.as_ref().filter(|c| !c.is_empty()) {
                open_line(out, d, "items");
                for ch in choices {
                    leaf_line(out, d + 1, "item", ch);
                }
                close_line(out, d, "items");
                leaf_line(out, d, "items_from_pv", "false");
            }
        }
        WidgetModel::Read(ReadWidget::TableRead(tr)) => {
            let cols: Vec<Column> = tr
                .widgets
                .iter()
                .map(|c| match c {
                    TableReadCell::Led => Column::Bool,
                    _ => Column::Plain,
                })
                .collect();
            table_columns(out, d, &cols, false);
        }
        WidgetModel::Write(WriteWidget::TableWrite(tw)) => {
            let cols: Vec<Column> = tw
                .widgets
                .iter()
                .map(|c| match c {
                    WriteCell::CheckBox => Column::Bool,
                    WriteCell::ComboBox(cb) => cb
                        .choices
                        .as_deref()
                        .filter(|c| !c.is_empty())
                        .map_or(Column::Plain, Column::Choices),
                    _ => Column::Plain,
                })
                .collect();
            table_columns(out, d, &cols, true);
        }
        WidgetModel::Read(ReadWidget::BitField(f)) => leaf_line(
            out,
            d,
            "numBits",
            itoa::Buffer::new().format(f.number_of_bits),
        ),
        WidgetModel::Read(ReadWidget::ImageRead(i)) => {
            let map = match i.color_map {
                ImageColorMap::Gray => "GRAY",
                ImageColorMap::Color => "VIRIDIS",
            };
            open_line(out, d, "color_map");
            leaf_line(out, d + 1, "name", map);
            close_line(out, d, "color_map");
            open_line(out, d, "color_bar");
            leaf_line(
                out,
                d + 1,
                "visible",
                if i.color_bar { "true" } else { "false" },
            );
            close_line(out, d, "color_bar");
            if !i.axes {
                for a in ["x_axis", "y_axis"] {
                    open_line(out, d, a);
                    leaf_line(out, d + 1, "visible", "false");
                    leaf_line(out, d + 1, "title", "");
                    close_line(out, d, a);
                }
            }
        }
        WidgetModel::Read(ReadWidget::ArrayTrace(a)) => {
            open_line(out, d, "x_axis");
            leaf_line(out, d + 1, "title", "");
            leaf_line(out, d + 1, "autoscale", "true");
            close_line(out, d, "x_axis");
            open_line(out, d, "y_axes");
            open_line(out, d + 1, "y_axis");
            leaf_line(out, d + 2, "title", &a.axis);
            leaf_line(out, d + 2, "autoscale", "true");
            close_line(out, d + 1, "y_axis");
            close_line(out, d, "y_axes");
        }
        _ => {}
    }
}

/// What a table column carries besides its name.
enum Column<'a> {
    Plain,
    Bool,
    Choices(&'a [String]),
}

fn table_columns(out: &mut String, d: usize, cols: &[Column], editable: bool) {
    if cols.is_empty() {
        return;
    }
    let flag = if editable { "true" } else { "false" };
    open_line(out, d, "columns");
    for (k, col) in cols.iter().enumerate() {
        open_line(out, d + 1, "column");
        leaf_line(out, d + 2, "name", &format!("Column {}", k + 1));
        leaf_line(out, d + 2, "editable", flag);
        match col {
            Column::Plain => {}
            Column::Bool => bool_options(out, d + 2),
            Column::Choices(cs) => {
                open_line(out, d + 2, "options");
                for c in *cs {
                    leaf_line(out, d + 3, "option", c);
                }
                close_line(out, d + 2, "options");
            }
        }
        close_line(out, d + 1, "column");
    }
    close_line(out, d, "columns");
    leaf_line(out, d, "editable", flag);
}
