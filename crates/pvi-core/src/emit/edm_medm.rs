//! What the EDM and MEDM writers share: the pvi-compatibility switch, the
//! output file, template pieces found by a key, and the texts of widgets
//! those display managers cannot draw.

use crate::emit::ScreenFile;
use crate::layout::{Screen, WidgetModel};

/// Whether to reproduce the pvi 0.14.4 bugs that make an `.edl`/`.adl` file
/// misbehave in the display manager (docs/screens-edm-medm.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PviQuirks {
    /// Write what EDM/MEDM expect: action values, `0 "file"` list items,
    /// no `indicatorPv "None"`, button labels and macros (the default).
    #[default]
    Fix,
    /// Byte-identical with pvi 0.14.4, bugs included.
    Reproduce,
}

/// The file of `screen` with extension `ext`.
pub(crate) fn screen_file(screen: &Screen, ext: &str, text: String) -> ScreenFile {
    ScreenFile {
        file_name: format!("{}.{ext}", screen.base_name),
        text,
    }
}

/// The sub-screen marker pvi appends to button texts (` ⧉`).
const SUBSCREEN_MARK: &str = " \u{29C9}";

/// A button text for a Latin-1 X11 font: without the trailing ` ⧉`.
pub(crate) fn plain_button_text(text: &str) -> &str {
    text.strip_suffix(SUBSCREEN_MARK).unwrap_or(text)
}

/// Macros as `A=1,B=2` (EDM `symbols`, MEDM `args`).
pub(crate) fn macro_string(macros: &indexmap::IndexMap<String, String>) -> String {
    macros
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// The error for a widget the layout should have made a placeholder (the
/// format table lists which widgets `dm`, EDM or MEDM, cannot show).
pub(crate) fn no_object(dm: &str, widget: &WidgetModel) -> crate::diag::Diagnostic {
    crate::diag::Diagnostic::error(
        crate::diag::DiagKind::Layout,
        format!(
            "{dm} has no object for {}, and the layout gave it no placeholder",
            widget.type_name()
        ),
    )
}

/// Short name of a widget kind a placeholder stands for.
pub(crate) fn placeholder_kind(widget: &WidgetModel) -> &'static str {
    match widget.type_name() {
        "ImageRead" => "Image",
        "TableRead" | "TableWrite" => "Table",
        "ArrayWrite" => "Array",
        other => other,
    }
}

/// The object pieces of an `.edl` or `.adl` template, with the pieces of
/// the search keys the writer uses found once (pvi searches per widget).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct KeyedPieces {
    texts: Vec<String>,
    keys: &'static [&'static str],
    /// The piece of each of `keys`, when exactly one has it.
    found: Vec<Option<usize>>,
    ext: &'static str,
}

impl KeyedPieces {
    /// Pieces of a `.{ext}` template, `keys` looked up now.
    pub(crate) fn new(
        texts: Vec<String>,
        keys: &'static [&'static str],
        ext: &'static str,
    ) -> Self {
        let found = keys
            .iter()
            .map(|key| {
                let finder = memchr::memmem::Finder::new(key);
                let mut hits = texts
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| finder.find(p.as_bytes()).is_some());
                match (hits.next(), hits.next()) {
                    (Some((i, _)), None) => Some(i),
                    _ => None,
                }
            })
            .collect();
        KeyedPieces {
            texts,
            keys,
            found,
            ext,
        }
    }

    /// The one piece containing `key` (pvi's "Got N matches" rule).
    pub(crate) fn get(&self, key: &str) -> Result<&String, crate::diag::Diagnostic> {
        let known = self.keys.iter().position(|k| *k == key);
        match known.and_then(|k| self.found[k]) {
            Some(i) => Ok(&self.texts[i]),
            None => unique_piece(&self.texts, key, self.ext),
        }
    }

    /// The search keys the writer uses.
    #[cfg(test)]
    pub(crate) fn keys(&self) -> &'static [&'static str] {
        self.keys
    }
}

/// The one template piece containing `key` (pvi's "Got N matches" rule).
fn unique_piece<'a>(
    pieces: &'a [String],
    key: &str,
    ext: &str,
) -> Result<&'a String, crate::diag::Diagnostic> {
    let finder = memchr::memmem::Finder::new(key);
    let mut found = pieces
        .iter()
        .filter(|p| finder.find(p.as_bytes()).is_some());
    match (found.next(), found.next()) {
        (Some(p), None) => Ok(p),
        (first, _) => Err(crate::diag::Diagnostic::error(
            crate::diag::DiagKind::Layout,
            format!(
                "Got {} matches for '{key}' in the .{ext} template",
                if first.is_none() { "0" } else { "several" }
            ),
        )),
    }
}
