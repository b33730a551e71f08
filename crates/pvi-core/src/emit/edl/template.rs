//! The EDM template: pieces of `formats/edm/dls.edl` and how pvi fills them
//! in (spec 05 §3.1–§3.2).
//!
//! The text is cut after the first `\nendScreenProperties\n` (the screen
//! piece) and after every `\nendObjectProperties\n` (object pieces). A piece
//! is found by a search key that must occur in exactly one object piece.

use crate::diag::{DiagKind, Diagnostic};
use crate::emit::text_lines::{line_ranges, python_splitlines};
use std::sync::OnceLock;

/// The template shipped with pvi-rs (DLS defaults, pvi 0.14.4 pieces).
pub const EMBEDDED_EDL: &str = include_str!("../../../../../formats/edm/dls.edl");

const SCREEN_END: &str = "\nendScreenProperties\n";
const OBJECT_END: &str = "\nendObjectProperties\n";

/// A parsed `.edl` template: the screen piece and the object pieces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EdlTemplate {
    screen: String,
    pieces: Vec<String>,
}

impl EdlTemplate {
    /// Cuts a template text into pieces.
    pub fn parse(text: &str) -> Result<Self, Diagnostic> {
        let Some(pos) = text.find(SCREEN_END) else {
            return Err(template_error(
                "the .edl template has no `endScreenProperties` line",
            ));
        };
        let cut = pos + SCREEN_END.len();
        let screen = text[..cut].to_string();
        let mut pieces = Vec::new();
        let mut rest = &text[cut..];
        while let Some(p) = rest.find(OBJECT_END) {
            let end = p + OBJECT_END.len();
            pieces.push(rest[..end].to_string());
            rest = &rest[end..];
        }
        Ok(EdlTemplate { screen, pieces })
    }

    /// The embedded template, parsed once.
    pub fn embedded() -> &'static EdlTemplate {
        static CELL: OnceLock<EdlTemplate> = OnceLock::new();
        CELL.get_or_init(|| {
            EdlTemplate::parse(EMBEDDED_EDL).unwrap_or(EdlTemplate {
                screen: String::new(),
                pieces: Vec::new(),
            })
        })
    }

    /// A copy of the screen piece.
    pub(crate) fn screen(&self) -> Piece {
        Piece(self.screen.clone())
    }

    /// A copy of the one object piece containing `key`.
    pub(crate) fn piece(&self, key: &str) -> Result<Piece, Diagnostic> {
        crate::emit::legacy_screens::unique_piece(&self.pieces, key, "edl")
            .map(|p| Piece(p.clone()))
    }
}

/// How a list property's items are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ListItems {
    /// `  "text"` (static text values).
    Plain,
    /// pvi's `  "0 text"`: the index inside the quotes (spec 05 §7.4).
    IndexInsideQuotes,
    /// EDM's own `  0 "text"`.
    Indexed,
}

/// A copied template piece being filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Piece(pub(crate) String);

impl Piece {
    /// Sets a string property: a list property (`P {` … `}`) gets one item per
    /// line of `value`; a single-line property becomes `P "value"`.
    pub(crate) fn set_str(
        &mut self,
        prop: &str,
        value: &str,
        items: ListItems,
    ) -> Result<(), Diagnostic> {
        if self.has_list(prop) {
            let lines: Vec<String> = python_splitlines(value)
                .into_iter()
                .map(|l| match items {
                    ListItems::Plain => format!("  \"{l}\""),
                    ListItems::IndexInsideQuotes => format!("  \"0 {l}\""),
                    ListItems::Indexed => format!("  0 \"{l}\""),
                })
                .collect();
            self.replace_list(prop, &lines);
            Ok(())
        } else {
            self.replace_line(prop, &format!("{prop} \"{value}\""))
        }
    }

    /// Sets an integer property (`P 42`).
    pub(crate) fn set_int(&mut self, prop: &str, value: i64) -> Result<(), Diagnostic> {
        self.replace_line(prop, &format!("{prop} {value}"))
    }

    /// Sets `x`, `y`, `w`, `h`.
    pub(crate) fn set_geometry(&mut self, b: crate::layout::Bounds) -> Result<(), Diagnostic> {
        self.set_int("x", b.x)?;
        self.set_int("y", b.y)?;
        self.set_int("w", b.w)?;
        self.set_int("h", b.h)
    }

    /// Inserts `line` just before the closing `endObjectProperties`.
    pub(crate) fn insert_before_end(&mut self, line: &str) {
        let at = self
            .0
            .rfind("endObjectProperties\n")
            .unwrap_or(self.0.len());
        self.0.insert_str(at, &format!("{line}\n"));
    }

    /// Inserts `lines` before the first line that is exactly `before`
    /// (at the end of the object when there is none).
    pub(crate) fn insert_before_line(&mut self, before: &str, lines: &[String]) {
        let mut out = String::with_capacity(self.0.len() + 64);
        let mut done = false;
        for line in self.0.split_inclusive('\n') {
            if !done && line.trim_end_matches('\n') == before {
                for l in lines {
                    out.push_str(l);
                    out.push('\n');
                }
                done = true;
            }
            out.push_str(line);
        }
        self.0 = out;
        if !done {
            for l in lines {
                self.insert_before_end(l);
            }
        }
    }

    /// Removes every line that is exactly `line`.
    pub(crate) fn remove_line(&mut self, line: &str) {
        self.0 = self
            .0
            .split_inclusive('\n')
            .filter(|l| l.trim_end_matches('\n') != line)
            .collect();
    }

    /// Whether a line is exactly `P {`.
    fn has_list(&self, prop: &str) -> bool {
        let head = format!("{prop} {{");
        line_ranges(&self.0).any(|r| self.0[r] == *head)
    }

    fn replace_list(&mut self, prop: &str, lines: &[String]) {
        let head = format!("{prop} {{");
        let mut out = String::with_capacity(self.0.len() + 64);
        let mut state = 0; // 0 before, 1 inside the list, 2 after
        for line in self.0.split_inclusive('\n') {
            let bare = line.trim_end_matches('\n');
            match state {
                0 if bare == head => {
                    out.push_str(&head);
                    out.push('\n');
                    for l in lines {
                        out.push_str(l);
                        out.push('\n');
                    }
                    state = 1;
                }
                1 => {
                    if bare == "}" {
                        out.push_str(line);
                        state = 2;
                    }
                }
                _ => out.push_str(line),
            }
        }
        self.0 = out;
    }

    fn replace_line(&mut self, prop: &str, new: &str) -> Result<(), Diagnostic> {
        let text = self.0.as_bytes();
        let head = format!("\n{prop} ");
        let at_start = text.starts_with(&head.as_bytes()[1..]).then_some(0);
        let mut found = at_start
            .into_iter()
            .chain(memchr::memmem::find_iter(text, head.as_bytes()).map(|i| i + 1));
        let (first, more) = (found.next(), found.count());
        match first {
            Some(start) if more == 0 => {
                let end = memchr::memchr(b'\n', &text[start..]).map_or(text.len(), |i| start + i);
                self.0.replace_range(start..end, new);
                Ok(())
            }
            _ => Err(template_error(format!(
                "the .edl template piece has {} `{prop}` lines, expected 1",
                usize::from(first.is_some()) + more
            ))),
        }
    }
}

fn template_error(msg: impl Into<String>) -> Diagnostic {
    Diagnostic::error(DiagKind::Layout, msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_template_has_every_key_once() {
        let t = EdlTemplate::parse(EMBEDDED_EDL).expect("parses");
        for key in [
            "\"Title\"",
            "fillColor index 5",
            "\"  Group  \"",
            "\"Label\"",
            "\"Heading\"",
            "\"LED\"",
            "\"ProgressBar\"",
            "\"TextRead\"",
            "\"TextWrite\"",
            "\"ComboBox\"",
            "\"ToggleButton\"",
            "\"SignalX\"",
            "\"SubScreenFile\"",
            "XYTrace",
            "lineStyle \"dash\"",
            "\"Placeholder\"",
        ] {
            assert!(t.piece(key).is_ok(), "{key}");
        }
    }

    #[test]
    fn list_property_forms() {
        let t = EdlTemplate::embedded();
        let mut p = t.piece("\"SubScreenFile\"").expect("piece");
        p.set_str("displayFileName", "a_B", ListItems::IndexInsideQuotes)
            .expect("set");
        assert!(p.0.contains("displayFileName {\n  \"0 a_B\"\n}\n"));
        let mut p = t.piece("\"Title\"").expect("piece");
        p.set_str("value", "", ListItems::Plain).expect("set");
        assert!(p.0.contains("value {\n}\n"));
    }
}
