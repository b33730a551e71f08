//! EDM `.edl` writer (DLSFormatter; docs/behaviour/formats.md#edm-edl): turns screens into
//! EDM text by filling in pieces of the `.edl` template.
//!
//! The writer lays nothing out: every position comes from the layout tree.
//! Groups are flattened into a rectangle, a title and their (absolutely
//! positioned) children, as pvi does.

mod splitlines;
mod template;
mod widgets;

pub use template::{EdlTemplate, EMBEDDED_EDL};

use crate::diag::Diagnostic;
use crate::emit::edm_medm::screen_file;
use crate::emit::{ScreenFile, UserTemplate, WriteOptions};
use crate::layout::{Bounds, Item, ItemKind, Screen, ScreenSet};
use template::{ListItems, Piece};

/// Writes every screen of `set` (main screen first) as `.edl` files.
pub fn write_edl(
    template: &EdlTemplate,
    set: &ScreenSet,
    opts: WriteOptions,
) -> Result<Vec<ScreenFile>, Diagnostic> {
    set.screens
        .iter()
        .map(|s| screen_to_edl(template, s, opts).map(|text| screen_file(s, "edl", text)))
        .collect()
}

/// The format table's writer: the user's template, or the embedded one.
pub(crate) fn write(
    set: &ScreenSet,
    template: Option<&UserTemplate>,
    opts: WriteOptions,
) -> Result<Vec<ScreenFile>, Diagnostic> {
    let t = template
        .and_then(|t| t.get::<EdlTemplate>())
        .unwrap_or(EdlTemplate::embedded());
    write_edl(t, set, opts)
}

/// The format table's template parser.
pub(crate) fn parse_template(text: &str) -> Result<UserTemplate, Diagnostic> {
    EdlTemplate::parse(text).map(UserTemplate::new)
}

/// Writes one laid-out screen as `.edl` text.
pub fn screen_to_edl(
    template: &EdlTemplate,
    screen: &Screen,
    opts: WriteOptions,
) -> Result<String, Diagnostic> {
    Writer {
        tpl: template,
        opts,
    }
    .screen(screen)
}

pub(crate) struct Writer<'a> {
    pub(crate) tpl: &'a EdlTemplate,
    pub(crate) opts: WriteOptions,
}

impl Writer<'_> {
    /// A template piece to fill in; its texts are quoted for EDM unless
    /// pvi's bytes are asked for.
    pub(crate) fn piece(&self, key: &str) -> Result<template::Piece, Diagnostic> {
        let mut p = self.tpl.piece(key)?;
        p.1 = self.opts.fixes();
        Ok(p)
    }

    /// The screen piece, quoted as [`Self::piece`].
    fn screen_piece(&self) -> template::Piece {
        let mut p = self.tpl.screen();
        p.1 = self.opts.fixes();
        p
    }

    fn screen(&self, screen: &Screen) -> Result<String, Diagnostic> {
        let mut head = self.screen_piece();
        head.set_str("title", &screen.title, ListItems::Plain)?;
        head.set_geometry(Bounds::new(0, 0, screen.bounds.w, screen.bounds.h))?;
        let mut out = head.0;
        if let Some(b) = screen.title_bounds {
            out.push_str(&self.text_piece("\"Title\"", &screen.title, b)?);
        }
        for item in &screen.items {
            self.item(item, &mut out)?;
        }
        Ok(out)
    }

    fn item(&self, item: &Item, out: &mut String) -> Result<(), Diagnostic> {
        let b = item.bounds;
        match &item.kind {
            ItemKind::Label { text, .. } => out.push_str(&self.text_piece("\"Label\"", text, b)?),
            ItemKind::Heading { text } => out.push_str(&self.text_piece("\"Heading\"", text, b)?),
            ItemKind::Group {
                title,
                frame,
                title_box,
                children,
            } => {
                let mut rect = self.piece("fillColor index 5")?;
                rect.set_geometry(*frame)?;
                out.push_str(&rect.0);
                if let Some(tb) = title_box {
                    let label = format!("  {title}  ");
                    out.push_str(&self.text_piece("\"  Group  \"", &label, *tb)?);
                }
                for child in children {
                    self.item(child, out)?;
                }
            }
            ItemKind::Widget {
                pv,
                widget,
                placeholder: Some(tb),
            } => self.placeholder(pv, widget, b, *tb, out)?,
            ItemKind::Widget { pv, widget, .. } => self.widget(pv, widget, b, out)?,
            ItemKind::Action { text, pv, value } => {
                out.push_str(&self.action(text, pv, value, b)?.0)
            }
            ItemKind::OpenDisplay {
                text, file, macros, ..
            } => out.push_str(&self.open_display(text, file, macros, b)?.0),
        }
        Ok(())
    }

    /// A static text piece with `value` set.
    pub(crate) fn text_piece(
        &self,
        key: &str,
        text: &str,
        b: Bounds,
    ) -> Result<String, Diagnostic> {
        let mut p = self.piece(key)?;
        p.set_str("value", text, ListItems::Plain)?;
        p.set_geometry(b)?;
        Ok(p.0)
    }

    /// A piece whose single PV property is set.
    pub(crate) fn pv_piece(
        &self,
        key: &str,
        prop: &str,
        pv: &str,
        b: Bounds,
    ) -> Result<Piece, Diagnostic> {
        let mut p = self.piece(key)?;
        p.set_str(prop, pv, ListItems::Plain)?;
        p.set_geometry(b)?;
        Ok(p)
    }

    /// How list items that name a file or PV are written.
    pub(crate) fn indexed_items(&self) -> ListItems {
        match self.opts.quirks {
            crate::emit::PviQuirks::Fix => ListItems::Indexed,
            crate::emit::PviQuirks::Reproduce => ListItems::IndexInsideQuotes,
        }
    }
}
