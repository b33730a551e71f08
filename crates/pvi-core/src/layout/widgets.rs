//! Widgets of one component in given bounds (docs/behaviour/layout.md#widgets-of-a-component).

use super::ctx::Ctx;
use super::geometry::Bounds;
use super::tree::{Item, ItemKind, WidgetModel};
use crate::diag::{DiagKind, Diagnostic, Diags};
use crate::model::{
    title_case, Component, Group, Layout, ReadWidget, SignalRW, TextOptions, WriteWidget,
};
use crate::source::Span;
use indexmap::IndexMap;

/// The text of a label's tooltip (`label - description`), given the component's
/// display label.
fn tooltip(label: &str, c: &Component) -> String {
    let desc = match &c.common().description {
        Some(d) if !d.is_empty() => d.as_str(),
        _ => "No description provided",
    };
    let mut t = String::with_capacity(label.len() + 3 + desc.len());
    t.push_str(label);
    t.push_str(" - ");
    t.push_str(desc);
    t
}

/// One cell's content of a row.
enum Cell<'a> {
    /// A component.
    Comp(&'a Component),
    /// A button writing a value (from a ButtonPanel).
    Action {
        text: String,
        pv: &'a str,
        value: &'a str,
    },
    /// A read-only widget (readback of a SignalRW with a ButtonPanel).
    Read { pv: &'a str, widget: &'a ReadWidget },
}

fn is_stacked_text(rw: &SignalRW) -> bool {
    matches!(rw.read_widget, Some(ReadWidget::TextRead(_)))
}

/// Whether a component is a SignalRW whose readback is a TextRead.
pub fn stacked_candidate(c: &Component) -> bool {
    matches!(c, Component::SignalRW(rw) if is_stacked_text(rw))
}

fn button_panel(c: &Component) -> Option<&crate::model::ButtonPanel> {
    match c {
        Component::SignalW(w) => match &w.write_widget {
            WriteWidget::ButtonPanel(p) => Some(p),
            _ => None,
        },
        Component::SignalRW(w) => match &w.write_widget {
            WriteWidget::ButtonPanel(p) => Some(p),
            _ => None,
        },
        Component::SignalX(x) => Some(x.write_widget.panel()),
        _ => None,
    }
}

fn write_pv(c: &Component) -> &str {
    match c {
        Component::SignalW(w) => &w.write_pv,
        Component::SignalRW(w) => &w.write_pv,
        Component::SignalX(x) => &x.write_pv,
        _ => "",
    }
}

/// Columns of a table signal: a SignalR(W) with TableRead, else a SignalW(RW)
/// with TableWrite (pvi tests in that order).
fn table_columns(c: &Component) -> Option<usize> {
    if let Some(ReadWidget::TableRead(t)) = c.read_widget() {
        return Some(t.widgets.len());
    }
    let w = match c {
        Component::SignalW(w) => &w.write_widget,
        Component::SignalRW(w) => &w.write_widget,
        _ => return None,
    };
    match w {
        WriteWidget::TableWrite(t) => Some(t.widgets.len()),
        _ => None,
    }
}

fn item(layout: Bounds, kind: ItemKind, source: Span) -> Item {
    Item {
        layout,
        bounds: layout,
        kind,
        source,
    }
}

impl Ctx<'_> {
    /// The widgets of `c` inside `r` (docs/behaviour/layout.md#widgets-of-a-component).
    pub fn widgets(
        &mut self,
        c: &Component,
        r: Bounds,
        mut add_label: bool,
        stacked: bool,
        squeeze: bool,
    ) -> Result<Vec<Item>, Diags> {
        if self.needs_registry && !matches!(c, Component::SignalRef(_) | Component::Group(_)) {
            self.registry.insert(c.name().to_string(), c.clone());
        }
        let s = self.settings.spacing;
        let wh = self.settings.widget_height;
        let mut cb = r;
        let mut lw = self.settings.label_width;
        let mut out = Vec::new();
        let mut cells: Vec<Cell> = Vec::new();
        let span = c.span();
        if let Component::Group(Group {
            layout: Layout::Row { header },
            children,
            ..
        }) = c
        {
            let n = children.len() as i64;
            let mut ww = cb.w - lw - s;
            if squeeze && n > 0 {
                let avail = cb.w - s * n;
                let scale = avail as f64 / (lw + ww * n) as f64;
                lw = (lw as f64 * scale).round_ties_even() as i64;
                ww = (avail - lw).div_euclid(n);
            } else {
                cb.w = lw + s + ww * n + s * (n - 1).max(0);
            }
            if let Some(header) = header {
                if header.len() != children.len() {
                    return Err(vec![Diagnostic::error(
                        DiagKind::Layout,
                        format!(
                            "Header length does not match number of elements ({} headings, {} children)",
                            header.len(),
                            children.len()
                        ),
                    )
                    .at(span)]);
                }
                let mut hb = cb;
                if add_label {
                    hb.w = ww;
                    hb.x += lw + s;
                }
                for text in header {
                    out.push(item(hb, ItemKind::Heading { text: text.clone() }, span));
                    hb.x += hb.w + s;
                }
                cb.y += wh + s;
            }
            cells.extend(children.iter().map(Cell::Comp));
            if stacked && children.iter().any(stacked_candidate) {
                cb.h = 2 * wh + s;
            }
        } else if let Some(panel) = button_panel(c) {
            let pv = write_pv(c);
            for (name, value) in &panel.actions {
                cells.push(Cell::Action {
                    text: title_case(name),
                    pv,
                    value,
                });
            }
            if let Component::SignalRW(rw) = c {
                if let Some(w) = &rw.read_widget {
                    cells.push(Cell::Read {
                        pv: &rw.read_pv,
                        widget: w,
                    });
                }
            }
        } else {
            cells.push(Cell::Comp(c));
            if let Some(ncols) = table_columns(c) {
                add_label = false;
                cb.w = 100 * ncols as i64;
                cb.h *= 10;
            } else if c.is_plot_signal() || matches!(c, Component::DeviceRef(_)) {
                add_label = false;
            }
        }
        let rb = if add_label {
            let (left, rb) = self.split_label(cb, lw, span)?;
            let text = c.display_label();
            let tooltip = tooltip(&text, c);
            out.push(item(left, ItemKind::Label { text, tooltip }, span));
            rb
        } else {
            cb
        };
        if let Component::SignalRef(_) = c {
            let target = self.registry.get(c.name()).cloned().ok_or_else(|| {
                vec![Diagnostic::error(
                    DiagKind::Layout,
                    format!(
                        "SignalRef `{}` refers to no signal of that name on this screen",
                        c.name()
                    ),
                )
                .at(span)]
            })?;
            // pvi draws a second label; when that cannot fit it crashes, so we
            // draw the referenced widgets without it instead.
            let with_label = add_label && rb.w > lw + s;
            out.extend(self.widgets(&target, rb, with_label, false, false)?);
            return Ok(out);
        }
        self.cells(&cells, rb, stacked, span, &mut out)?;
        Ok(out)
    }

    fn split_label(&self, cb: Bounds, lw: i64, span: Span) -> Result<(Bounds, Bounds), Diags> {
        let s = self.settings.spacing;
        cb.split_left(lw, s).ok_or_else(|| {
            vec![Diagnostic::error(
                DiagKind::Layout,
                format!("Can't split off {} from {}", lw + s, cb.w),
            )
            .at(span)
            .with_note("the label width plus spacing must be smaller than the row width")]
        })
    }

    /// Lays out the cells of a row (docs/behaviour/layout.md#cells-of-a-row).
    fn cells(
        &mut self,
        cells: &[Cell],
        rb: Bounds,
        stacked: bool,
        span: Span,
        out: &mut Vec<Item>,
    ) -> Result<(), Diags> {
        let s = self.settings.spacing;
        for (cell, rc) in rb.split_into(cells.len(), s).into_iter().zip(cells) {
            match rc {
                Cell::Action { text, pv, value } => out.push(item(
                    cell,
                    ItemKind::Action {
                        text: text.clone(),
                        pv: pv.to_string(),
                        value: value.to_string(),
                    },
                    span,
                )),
                Cell::Read { pv, widget } => self.read_widget(widget, pv, cell, span, out)?,
                Cell::Comp(c) => self.comp_cell(c, cell, stacked, out)?,
            }
        }
        Ok(())
    }

    fn comp_cell(
        &mut self,
        c: &Component,
        cell: Bounds,
        stacked: bool,
        out: &mut Vec<Item>,
    ) -> Result<(), Diags> {
        let s = self.settings.spacing;
        let span = c.span();
        match c {
            Component::SignalX(x) => out.push(item(
                cell,
                ItemKind::Action {
                    text: c.display_label(),
                    pv: x.write_pv.clone(),
                    value: x.value.clone(),
                },
                span,
            )),
            Component::SignalRW(rw) => match &rw.read_widget {
                Some(rwid) if stacked && is_stacked_text(rw) => {
                    let (top, bottom) = cell.split_rows2(s);
                    self.write_widget(&rw.write_widget, &rw.write_pv, top, span, out)?;
                    self.read_widget(rwid, &rw.read_pv, bottom, span, out)?;
                }
                Some(rwid) => {
                    let halves = cell.split_into(2, s);
                    self.write_widget(&rw.write_widget, &rw.write_pv, halves[0], span, out)?;
                    self.read_widget(rwid, &rw.read_pv, halves[1], span, out)?;
                }
                None => self.write_widget(&rw.write_widget, &rw.write_pv, cell, span, out)?,
            },
            Component::SignalW(w) => {
                self.write_widget(&w.write_widget, &w.write_pv, cell, span, out)?
            }
            Component::SignalR(r) => {
                if let Some(w) = &r.read_widget {
                    self.read_widget(w, &r.read_pv, cell, span, out)?;
                }
            }
            Component::Group(g) if matches!(g.layout, Layout::SubScreen(_)) => {
                let local = self.subs.len();
                self.subs.push(c.clone());
                out.push(item(
                    cell,
                    ItemKind::OpenDisplay {
                        text: format!("{} \u{29C9}", c.display_label()),
                        file: String::new(),
                        macros: IndexMap::new(),
                        screen: Some(local),
                    },
                    span,
                ));
            }
            Component::DeviceRef(d) => out.push(item(
                cell,
                ItemKind::OpenDisplay {
                    text: c.display_label(),
                    file: d.ui.clone(),
                    macros: d.macros.clone(),
                    screen: None,
                },
                span,
            )),
            // pvi prints "Ignoring row component" and leaves the cell empty
            _ => {}
        }
        Ok(())
    }

    fn check_supported(&self, type_name: &str, span: Span) -> Result<(), Diags> {
        if self.rules.supports(type_name) {
            return Ok(());
        }
        Err(vec![Diagnostic::error(
            DiagKind::Layout,
            format!(
                "No formatter provided for widget {type_name} in .{} screens",
                self.rules.format.extension()
            ),
        )
        .at(span)])
    }

    fn read_widget(
        &mut self,
        w: &ReadWidget,
        pv: &str,
        mut b: Bounds,
        span: Span,
        out: &mut Vec<Item>,
    ) -> Result<(), Diags> {
        self.check_supported(w.type_name(), span)?;
        if let ReadWidget::TextRead(t) = w {
            b.h *= lines(t);
        }
        out.push(item(
            b,
            ItemKind::Widget {
                pv: pv.to_string(),
                widget: WidgetModel::Read(w.clone()),
                placeholder: None,
            },
            span,
        ));
        Ok(())
    }

    fn write_widget(
        &mut self,
        w: &WriteWidget,
        pv: &str,
        mut b: Bounds,
        span: Span,
        out: &mut Vec<Item>,
    ) -> Result<(), Diags> {
        if let WriteWidget::ArrayWrite(a) = w {
            // pvi has no template for ArrayWrite and fails; we draw its element
            // widget on the whole array PV (a text entry edits the array as text)
            return self.write_widget(&a.widget.clone().into(), pv, b, span, out);
        }
        if let WriteWidget::ButtonPanel(p) = w {
            // pvi has no template for a ButtonPanel cell and fails; we split the
            // cell into one action button per action instead.
            let s = self.settings.spacing;
            for (cell, (name, value)) in
                b.split_into(p.actions.len(), s).into_iter().zip(&p.actions)
            {
                out.push(item(
                    cell,
                    ItemKind::Action {
                        text: title_case(name),
                        pv: pv.to_string(),
                        value: value.clone(),
                    },
                    span,
                ));
            }
            return Ok(());
        }
        self.check_supported(w.type_name(), span)?;
        if let WriteWidget::TextWrite(t) = w {
            b.h *= lines(t);
        }
        out.push(item(
            b,
            ItemKind::Widget {
                pv: pv.to_string(),
                widget: WidgetModel::Write(w.clone()),
                placeholder: None,
            },
            span,
        ));
        Ok(())
    }
}

fn lines(t: &TextOptions) -> i64 {
    t.shown_lines()
}
