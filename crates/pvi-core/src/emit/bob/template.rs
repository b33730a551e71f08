//! The `.bob` template: widget pieces found by their `<name>` (spec 05 §2.1),
//! copied and filled in (§2.2).

use super::xml::{parse, Element};
use crate::diag::{DiagKind, Diagnostic};
use indexmap::IndexMap;
use std::sync::Arc;

/// The embedded DLS-theme template (`formats/bob/dls.bob`).
pub const DLS_BOB: &str = include_str!("../../../../../formats/bob/dls.bob");

/// A parsed `.bob` template.
#[derive(Debug, Clone)]
pub struct BobTemplate {
    /// The display element with its widgets removed.
    display: Element,
    /// Every element that has a `<name>` child, by that name's text.
    pieces: IndexMap<String, Vec<Element>>,
}

impl BobTemplate {
    /// Parses a template document (pvi's `dls.bob` layout: a `<display>` with
    /// example widgets, each found by the text of its `<name>`).
    pub fn parse(text: &str) -> Result<Self, Diagnostic> {
        let root = parse(text).map_err(|e| {
            Diagnostic::error(
                DiagKind::Other,
                format!("the .bob template is not valid XML: {e}"),
            )
        })?;
        if &*root.tag != "display" {
            return Err(Diagnostic::error(
                DiagKind::Other,
                format!(
                    "the .bob template's root element is <{}>, not <display>",
                    root.tag
                ),
            ));
        }
        let mut pieces: IndexMap<String, Vec<Element>> = IndexMap::new();
        collect(&root, &mut pieces);
        let mut display = root;
        Arc::make_mut(&mut display.children).retain(|c| &*c.tag != "widget");
        Ok(BobTemplate { display, pieces })
    }

    /// The embedded DLS template.
    pub fn dls() -> Self {
        // the embedded template is tested to parse
        Self::parse(DLS_BOB).unwrap_or_else(|_| BobTemplate {
            display: Element::new("display", None),
            pieces: IndexMap::new(),
        })
    }

    /// A copy of the screen piece.
    pub fn display(&self) -> Element {
        self.display.clone()
    }

    /// A copy of the unique piece named `key` (pvi: "Got N matches for 'key'").
    pub fn piece(&self, key: &str) -> Result<Element, Diagnostic> {
        match self.pieces.get(key).map(Vec::as_slice) {
            Some([one]) => Ok(one.clone()),
            other => Err(Diagnostic::error(
                DiagKind::Layout,
                format!(
                    "Got {} matches for '{key}' in the .bob template",
                    other.map_or(0, <[Element]>::len)
                ),
            )),
        }
    }
}

fn collect(el: &Element, out: &mut IndexMap<String, Vec<Element>>) {
    if let Some(name) = el.child_text("name") {
        out.entry(name.to_string()).or_default().push(el.clone());
    }
    for c in el.children.iter() {
        collect(c, out);
    }
}

/// Sets the text of the first element named `tag` (spec 05 §2.2.1); an empty
/// value changes nothing (§2.2.3).
pub fn set(el: &mut Element, tag: &str, value: &str) {
    if value.is_empty() {
        return;
    }
    if let Some(e) = el.find_mut(tag) {
        e.set_text(value);
    }
}

/// Sets x, y, width and (unless `None`) height.
pub fn set_geometry(el: &mut Element, x: i64, y: i64, w: i64, h: Option<i64>) {
    set(el, "x", &x.to_string());
    set(el, "y", &y.to_string());
    set(el, "width", &w.to_string());
    if let Some(h) = h {
        set(el, "height", &h.to_string());
    }
}
