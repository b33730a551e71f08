//! The `.bob` template: widget pieces found by their `<name>`,
//! compiled once into [`Stencil`]s filled in per widget (docs/behaviour/formats.md#phoebus-bob).

use super::stencil::Stencil;
use super::xml::{parse, Element};
use crate::diag::{DiagKind, Diagnostic};
use crate::FastMap;
use std::sync::{Arc, OnceLock};

/// The embedded DLS-theme template (`formats/bob/dls.bob`).
pub const DLS_BOB: &str = include_str!("../../../../../formats/bob/dls.bob");

/// A parsed `.bob` template (cheap to clone: the parts are shared).
#[derive(Debug, Clone)]
pub struct BobTemplate {
    /// The display element with its widgets removed.
    display: Arc<Stencil>,
    /// Every element that has a `<name>` child, by that name's text.
    pieces: Arc<FastMap<String, Vec<Piece>>>,
}

/// A template element, compiled the first time a widget uses it.
#[derive(Debug)]
struct Piece {
    element: Element,
    stencil: OnceLock<Stencil>,
}

impl Piece {
    fn stencil(&self) -> &Stencil {
        self.stencil.get_or_init(|| Stencil::compile(&self.element))
    }
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
        let mut pieces: FastMap<String, Vec<Piece>> = FastMap::default();
        collect(&root, &mut pieces);
        Ok(BobTemplate {
            display: Arc::new(Stencil::compile(&screen_piece(root))),
            pieces: Arc::new(pieces),
        })
    }

    /// The embedded DLS template (parsed once per process).
    pub fn dls() -> Self {
        static DLS: OnceLock<BobTemplate> = OnceLock::new();
        DLS.get_or_init(|| {
            // the embedded template is tested to parse
            Self::parse(DLS_BOB).unwrap_or_else(|_| BobTemplate {
                display: Arc::new(Stencil::compile(&Element::new("display", None))),
                pieces: Arc::default(),
            })
        })
        .clone()
    }

    /// The screen piece.
    pub fn display(&self) -> &Stencil {
        &self.display
    }

    /// The unique piece named `key` (pvi: "Got N matches for 'key'").
    pub fn piece(&self, key: &str) -> Result<&Stencil, Diagnostic> {
        match self.pieces.get(key).map(Vec::as_slice) {
            Some([one]) => Ok(one.stencil()),
            other => Err(Diagnostic::error(
                DiagKind::Layout,
                format!(
                    "Got {} matches for '{key}' in the .bob template",
                    other.map_or(0, <[Piece]>::len)
                ),
            )),
        }
    }
}

#[cfg(test)]
impl BobTemplate {
    /// Every named piece as (name, element, stencil), sorted by name.
    pub(super) fn named_pieces(&self) -> Vec<(&str, &Element, &Stencil)> {
        let mut all: Vec<_> = self
            .pieces
            .iter()
            .flat_map(|(name, ps)| {
                ps.iter()
                    .map(move |p| (name.as_str(), &p.element, p.stencil()))
            })
            .collect();
        all.sort_by_key(|(name, ..)| *name);
        all
    }
}

/// The screen piece: the `<display>` root without its example widgets.
pub(super) fn screen_piece(mut display: Element) -> Element {
    Arc::make_mut(&mut display.children).retain(|c| &*c.tag != "widget");
    display
}

fn collect(el: &Element, out: &mut FastMap<String, Vec<Piece>>) {
    if let Some(name) = el.child_text("name") {
        out.entry(name.to_string()).or_default().push(Piece {
            element: el.clone(),
            stencil: OnceLock::new(),
        });
    }
    for c in el.children.iter() {
        collect(c, out);
    }
}
