//! MEDM `.adl` writer (APSFormatter; docs/behaviour/formats.md#medm-adl): turns screens into
//! MEDM text by filling in blocks of the `.adl` template.
//!
//! The writer lays nothing out: every position comes from the layout tree.
//! Groups are flattened into an outline, a title bar and their (absolutely
//! positioned) children, as pvi does.

mod template;
mod widgets;

pub use template::{AdlTemplate, EMBEDDED_ADL};

use crate::diag::Diagnostic;
use crate::emit::edm_medm::screen_file;
use crate::emit::{ScreenFile, UserTemplate, WriteOptions};
use crate::layout::{Bounds, Item, ItemKind, Screen, ScreenSet};

/// Writes every screen of `set` (main screen first) as `.adl` files.
pub fn write_adl(
    template: &AdlTemplate,
    set: &ScreenSet,
    opts: WriteOptions,
) -> Result<Vec<ScreenFile>, Diagnostic> {
    set.screens
        .iter()
        .map(|s| screen_to_adl(template, s, opts).map(|text| screen_file(s, "adl", text)))
        .collect()
}

/// The format table's writer: the user's template, or the embedded one.
pub(crate) fn write(
    set: &ScreenSet,
    template: Option<&UserTemplate>,
    opts: WriteOptions,
) -> Result<Vec<ScreenFile>, Diagnostic> {
    let t = template
        .and_then(|t| t.get::<AdlTemplate>())
        .unwrap_or(AdlTemplate::embedded());
    write_adl(t, set, opts)
}

/// The format table's template parser.
pub(crate) fn parse_template(text: &str) -> Result<UserTemplate, Diagnostic> {
    AdlTemplate::parse(text).map(UserTemplate::new)
}

/// Writes one laid-out screen as `.adl` text.
pub fn screen_to_adl(
    template: &AdlTemplate,
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
    pub(crate) tpl: &'a AdlTemplate,
    pub(crate) opts: WriteOptions,
}

impl Writer<'_> {
    /// A template piece to fill in; its texts are quoted for MEDM unless
    /// pvi's bytes are asked for.
    pub(crate) fn piece(&self, key: &str) -> Result<template::Block, Diagnostic> {
        let mut p = self.tpl.piece(key)?;
        p.1 = self.opts.fixes();
        Ok(p)
    }

    /// The screen piece, quoted as [`Self::piece`].
    fn screen_piece(&self) -> template::Block {
        let mut p = self.tpl.screen();
        p.1 = self.opts.fixes();
        p
    }

    fn screen(&self, screen: &Screen) -> Result<String, Diagnostic> {
        let mut head = self.screen_piece();
        head.set_geometry(Bounds::new(0, 0, screen.bounds.w, screen.bounds.h))?;
        let mut out = head.0;
        if let Some(b) = screen.title_bounds {
            self.title_bar("\"Title\"", &screen.title, b, &mut out)?;
        }
        for item in &screen.items {
            self.item(item, &mut out)?;
        }
        Ok(out)
    }

    /// A background rectangle and a centred text over it.
    fn title_bar(
        &self,
        key: &str,
        text: &str,
        b: Bounds,
        out: &mut String,
    ) -> Result<(), Diagnostic> {
        let mut bg = self.piece("clr=2\n")?;
        bg.set_geometry(b)?;
        out.push_str(&bg.0);
        out.push_str(&self.text_block(key, text, b)?);
        Ok(())
    }

    fn item(&self, item: &Item, out: &mut String) -> Result<(), Diagnostic> {
        let b = item.bounds;
        match &item.kind {
            ItemKind::Label { text, .. } => out.push_str(&self.text_block("\"Label\"", text, b)?),
            ItemKind::Heading { text } => out.push_str(&self.text_block("\"Heading\"", text, b)?),
            ItemKind::Group {
                title,
                frame,
                title_box,
                children,
            } => {
                let mut outline = self.piece("fill=\"outline\"")?;
                outline.set_geometry(*frame)?;
                out.push_str(&outline.0);
                if let Some(tb) = title_box {
                    self.title_bar("\"Group\"", title, *tb, out)?;
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

    /// A text block with `textix` set.
    pub(crate) fn text_block(
        &self,
        key: &str,
        text: &str,
        b: Bounds,
    ) -> Result<String, Diagnostic> {
        let mut p = self.piece(key)?;
        p.set_str("textix", text)?;
        p.set_geometry(b)?;
        Ok(p.0)
    }
}
