//! EDM `.edl` writer (DLSFormatter; docs/behaviour/formats.md#edm-edl): turns screens into
//! EDM text by filling in pieces of the `.edl` template.
//!
//! The writer lays nothing out: every position comes from the layout tree.
//! Groups are flattened into a rectangle, a title and their (absolutely
//! positioned) children, as pvi does.

mod template;
mod widgets;

pub use template::{EdlTemplate, EMBEDDED_EDL};

use crate::diag::Diagnostic;
use crate::emit::legacy_screens::{screen_file, screen_spacing, LegacyOptions};
use crate::emit::screens::ScreenFile;
use crate::layout::{Bounds, FormatRules, Item, ItemKind, Screen, ScreenFormat, ScreenSet};
use template::{ListItems, Piece};

/// Writes every screen of `set` (main screen first) as `.edl` files.
pub fn write_edl(
    template: &EdlTemplate,
    set: &ScreenSet,
    opts: LegacyOptions,
) -> Result<Vec<ScreenFile>, Diagnostic> {
    set.screens
        .iter()
        .map(|s| screen_to_edl(template, s, opts).map(|text| screen_file(s, "edl", text)))
        .collect()
}

/// Writes one laid-out screen as `.edl` text.
pub fn screen_to_edl(
    template: &EdlTemplate,
    screen: &Screen,
    opts: LegacyOptions,
) -> Result<String, Diagnostic> {
    Writer {
        tpl: template,
        spacing: screen_spacing(screen),
        label_h: FormatRules::of(ScreenFormat::Edl).group_label_height,
        opts,
    }
    .screen(screen)
}

pub(crate) struct Writer<'a> {
    pub(crate) tpl: &'a EdlTemplate,
    pub(crate) spacing: i64,
    pub(crate) label_h: i64,
    pub(crate) opts: LegacyOptions,
}

impl Writer<'_> {
    fn screen(&self, screen: &Screen) -> Result<String, Diagnostic> {
        let mut head = self.tpl.screen();
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
            ItemKind::Group { title, children } => {
                let mut rect = self.tpl.piece("fillColor index 5")?;
                rect.set_geometry(Bounds::new(
                    b.x,
                    b.y + self.spacing,
                    b.w,
                    b.h - self.spacing,
                ))?;
                out.push_str(&rect.0);
                let label = format!("  {title}  ");
                let tb = Bounds::new(b.x, b.y, b.w, self.label_h);
                out.push_str(&self.text_piece("\"  Group  \"", &label, tb)?);
                for child in children {
                    self.item(child, out)?;
                }
            }
            ItemKind::Widget { pv, widget } => self.widget(pv, widget, b, out)?,
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
        let mut p = self.tpl.piece(key)?;
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
        let mut p = self.tpl.piece(key)?;
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
