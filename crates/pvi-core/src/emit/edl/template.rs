//! The EDM template: pieces of `formats/edl/dls.edl` and how pvi fills them
//! in (docs/behaviour/formats.md#edm-edl).
//!
//! The text is cut after the first `\nendScreenProperties\n` (the screen
//! piece) and after every `\nendObjectProperties\n` (object pieces). A piece
//! is found by a search key that must occur in exactly one object piece.

use super::splitlines::python_splitlines;
use crate::diag::{DiagKind, Diagnostic};
use crate::emit::edm_medm::KeyedPieces;
use std::sync::OnceLock;

/// The template shipped with pvi-rs (DLS defaults, pvi 0.14.4 pieces).
pub const EMBEDDED_EDL: &str = include_str!("../../../../../formats/edl/dls.edl");

const SCREEN_END: &str = "\nendScreenProperties\n";
const OBJECT_END: &str = "\nendObjectProperties\n";

/// A parsed `.edl` template: the screen piece and the object pieces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EdlTemplate {
    screen: String,
    pieces: KeyedPieces,
}

/// The search keys the writer uses, looked up once per template.
const KEYS: [&str; 16] = [
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
];

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
        Ok(EdlTemplate {
            screen,
            pieces: KeyedPieces::new(pieces, &KEYS, "edl"),
        })
    }

    /// The embedded template, parsed once.
    pub fn embedded() -> &'static EdlTemplate {
        static CELL: OnceLock<EdlTemplate> = OnceLock::new();
        CELL.get_or_init(|| {
            EdlTemplate::parse(EMBEDDED_EDL).unwrap_or(EdlTemplate {
                screen: String::new(),
                pieces: KeyedPieces::new(Vec::new(), &KEYS, "edl"),
            })
        })
    }

    /// A copy of the screen piece.
    pub(crate) fn screen(&self) -> Piece {
        Piece(self.screen.clone(), false)
    }

    /// A copy of the one object piece containing `key`.
    pub(crate) fn piece(&self, key: &str) -> Result<Piece, Diagnostic> {
        self.pieces.get(key).map(|p| Piece(p.clone(), false))
    }
}

/// How a list property's items are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ListItems {
    /// `  "text"` (static text values).
    Plain,
    /// pvi's `  "0 text"`: the index inside the quotes (a pvi bug, for `PviQuirks::Reproduce`).
    IndexInsideQuotes,
    /// EDM's own `  0 "text"`.
    Indexed,
}

/// A copied template piece being filled in, and whether string values are
/// quoted as EDM quotes them ([`edm_quoted`]; off to write pvi's bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Piece(pub(crate) String, pub(crate) bool);

/// A text as EDM writes it inside quotes: `\`, `"`, `{` and `}` escaped with a
/// backslash (EDM's reader takes the next character literally), so no text
/// can end the quotes or the object early.
pub(crate) fn edm_quoted(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['\\', '"', '{', '}']) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(c, '\\' | '"' | '{' | '}') {
            out.push('\\');
        }
        out.push(c);
    }
    out.into()
}

impl Piece {
    /// Sets a string property: a list property (`P {` … `}`) gets one item per
    /// line of `value`; a single-line property becomes `P "value"`.
    pub(crate) fn set_str(
        &mut self,
        prop: &str,
        value: &str,
        items: ListItems,
    ) -> Result<(), Diagnostic> {
        if let Some(head_end) = self.list_head(prop) {
            let mut body = String::with_capacity(value.len() + 16);
            for l in python_splitlines(value) {
                body.push_str(match items {
                    ListItems::Plain => "  \"",
                    ListItems::IndexInsideQuotes => "  \"0 ",
                    ListItems::Indexed => "  0 \"",
                });
                if self.1 {
                    body.push_str(&edm_quoted(l));
                } else {
                    body.push_str(l);
                }
                body.push_str("\"\n");
            }
            self.replace_list(head_end, &body);
            Ok(())
        } else {
            let at = self.value_start(prop)?;
            let end = line_end(&self.0, at);
            let mut v = String::with_capacity(value.len() + 2);
            v.push('"');
            if self.1 {
                // a single-line property ends at its line: a line break in
                // the text would start a new property (EDM's own writer
                // stops there too); it becomes a space
                v.push_str(&edm_quoted(value).replace(['\n', '\r'], " "));
            } else {
                v.push_str(value);
            }
            v.push('"');
            self.0.replace_range(at..end, &v);
            Ok(())
        }
    }

    /// Sets an integer property (`P 42`).
    pub(crate) fn set_int(&mut self, prop: &str, value: i64) -> Result<(), Diagnostic> {
        let at = self.value_start(prop)?;
        let end = line_end(&self.0, at);
        self.0
            .replace_range(at..end, itoa::Buffer::new().format(value));
        Ok(())
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

    /// Where the line after the first line that is exactly `P {` starts
    /// (the text's end when that line is the last; None: no such line).
    fn list_head(&self, prop: &str) -> Option<usize> {
        let t = self.0.as_bytes();
        let n = prop.len();
        memchr::memmem::find_iter(t, prop.as_bytes())
            .find(|&i| {
                (i == 0 || t[i - 1] == b'\n')
                    && t.get(i + n..i + n + 2) == Some(b" {")
                    && matches!(t.get(i + n + 2), None | Some(b'\n'))
            })
            .map(|i| (i + n + 3).min(t.len()))
    }

    /// Replaces the items of the list whose head line ends at `body` with
    /// `items` (each line `\n`-terminated), up to the first line that is
    /// exactly `}` (to the end when there is none, as pvi's loop does).
    fn replace_list(&mut self, body: usize, items: &str) {
        let t = self.0.as_bytes();
        let mut close = t.len();
        let mut at = body;
        while at < t.len() {
            let end = memchr::memchr(b'\n', &t[at..]).map_or(t.len(), |i| at + i);
            if &t[at..end] == b"}" {
                close = at;
                break;
            }
            at = end + 1;
        }
        if body == t.len() && !self.0.ends_with('\n') {
            // the head was the last line, without its newline
            self.0.push('\n');
            self.0.push_str(items);
        } else {
            self.0.replace_range(body..close, items);
        }
    }

    /// Where the value of the one line `P ...` starts (after `P `).
    fn value_start(&self, prop: &str) -> Result<usize, Diagnostic> {
        let t = self.0.as_bytes();
        let n = prop.len();
        let first_line = (t.starts_with(prop.as_bytes()) && t.get(n) == Some(&b' ')).then_some(0);
        // "\nP ": a line that starts with `P ` (searchers for the geometry
        // props are built once; building one costs more than the search)
        let own;
        let finder = match line_finder(prop) {
            Some(f) => f,
            None => {
                own = memchr::memmem::Finder::new(&format!("\n{prop} ")).into_owned();
                &own
            }
        };
        let mut found = first_line
            .into_iter()
            .chain(finder.find_iter(t).map(|i| i + 1));
        match (found.next(), found.count()) {
            (Some(i), 0) => Ok(i + n + 1),
            (first, more) => Err(template_error(format!(
                "the .edl template piece has {} `{prop}` lines, expected 1",
                usize::from(first.is_some()) + more
            ))),
        }
    }
}

/// A searcher for `"\nP "`, built once, for the props every widget sets.
fn line_finder(prop: &str) -> Option<&'static memchr::memmem::Finder<'static>> {
    const PROPS: [&str; 5] = ["x", "y", "w", "h", "controlPv"];
    static FINDERS: OnceLock<Vec<memchr::memmem::Finder<'static>>> = OnceLock::new();
    let i = PROPS.iter().position(|p| *p == prop)?;
    let all = FINDERS.get_or_init(|| {
        PROPS
            .iter()
            .map(|p| memchr::memmem::Finder::new(&format!("\n{p} ")).into_owned())
            .collect()
    });
    all.get(i)
}

/// The end of the line `at` is on (its `\n`, or the text's end).
fn line_end(text: &str, at: usize) -> usize {
    memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |i| at + i)
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
        for key in t.pieces.keys() {
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
