//! The MEDM template: pieces of `formats/adl/aps.adl` and how pvi fills them
//! in (docs/behaviour/formats.md#medm-adl).
//!
//! The text is cut after every `\n}\n` (a closing brace at column 0). The
//! first three blocks (`file`, `display`, `"color map"`) are the screen piece;
//! the others are widget pieces found by a key that must occur in exactly one.

use crate::diag::{DiagKind, Diagnostic};
use crate::emit::edm_medm::KeyedPieces;
use crate::layout::Bounds;
use std::sync::OnceLock;

/// The template shipped with pvi-rs (pvi 0.14.4's pieces plus pvi-rs's own).
pub const EMBEDDED_ADL: &str = include_str!("../../../../../formats/adl/aps.adl");

const BLOCK_END: &str = "\n}\n";

/// A parsed `.adl` template: the screen piece and the widget pieces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdlTemplate {
    screen: String,
    pieces: KeyedPieces,
}

/// The search keys the writer uses, looked up once per template.
const KEYS: [&str; 19] = [
    "clr=2\n",
    "\"Title\"",
    "fill=\"outline\"",
    "\"Group\"",
    "\"Label\"",
    "\"Heading\"",
    "\"LED\"",
    "\"BitField\"",
    "\"ProgressBar\"",
    "\"TextRead\"",
    "\"TextWrite\"",
    "\"CheckBox\"",
    "\"ToggleButton\"",
    "\"ComboBox\"",
    "\"SignalX\"",
    "\"SubScreenFile\"",
    "\"cartesian plot\"",
    "clr=3\n",
    "\"Placeholder\"",
];

impl AdlTemplate {
    /// Cuts a template text into pieces.
    pub fn parse(text: &str) -> Result<Self, Diagnostic> {
        let mut blocks = Vec::new();
        let mut rest = text;
        while let Some(p) = rest.find(BLOCK_END) {
            let end = p + BLOCK_END.len();
            blocks.push(&rest[..end]);
            rest = &rest[end..];
        }
        if blocks.len() < 3 {
            return Err(template_error(
                "the .adl template needs `file`, `display` and `\"color map\"` blocks first",
            ));
        }
        let pieces: Vec<String> = blocks[3..].iter().map(|s| s.to_string()).collect();
        Ok(AdlTemplate {
            screen: blocks[..3].concat(),
            pieces: KeyedPieces::new(pieces, &KEYS, "adl"),
        })
    }

    /// The embedded template, parsed once.
    pub fn embedded() -> &'static AdlTemplate {
        static CELL: OnceLock<AdlTemplate> = OnceLock::new();
        CELL.get_or_init(|| {
            AdlTemplate::parse(EMBEDDED_ADL).unwrap_or(AdlTemplate {
                screen: String::new(),
                pieces: KeyedPieces::new(Vec::new(), &KEYS, "adl"),
            })
        })
    }

    /// A copy of the screen piece.
    pub(crate) fn screen(&self) -> Block {
        Block(self.screen.clone(), false)
    }

    /// A copy of the one widget piece containing `key`.
    pub(crate) fn piece(&self, key: &str) -> Result<Block, Diagnostic> {
        self.pieces.get(key).map(|p| Block(p.clone(), false))
    }
}

/// A copied template block being filled in, and whether string values are
/// quoted as MEDM can read them ([`medm_quoted`]; off to write pvi's bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Block(pub(crate) String, pub(crate) bool);

/// A text MEDM can read inside quotes: MEDM's reader ends a quoted word at
/// the next `"` and knows no escape, so a `"` would end the text early and
/// let the rest be read as file structure; it becomes `'`.
pub(crate) fn medm_quoted(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('"') {
        text.replace('"', "'").into()
    } else {
        text.into()
    }
}

impl Block {
    /// Sets `P="value"` on the one line that is (whitespace) `P=`….
    pub(crate) fn set_str(&mut self, prop: &str, value: &str) -> Result<(), Diagnostic> {
        let mut v = String::with_capacity(value.len() + 2);
        v.push('"');
        if self.1 {
            v.push_str(&medm_quoted(value));
        } else {
            v.push_str(value);
        }
        v.push('"');
        self.replace(prop, &v)
    }

    /// Sets `P=42`.
    pub(crate) fn set_int(&mut self, prop: &str, value: i64) -> Result<(), Diagnostic> {
        self.replace(prop, itoa::Buffer::new().format(value))
    }

    /// Sets `x`, `y`, `width`, `height`.
    pub(crate) fn set_geometry(&mut self, b: Bounds) -> Result<(), Diagnostic> {
        self.set_int("x", b.x)?;
        self.set_int("y", b.y)?;
        self.set_int("width", b.w)?;
        self.set_int("height", b.h)
    }

    /// Inserts `line` (with its own indentation) before the block's final `}`.
    pub(crate) fn insert_before_end(&mut self, line: &str) {
        let at = self.0.len() - if self.0.ends_with("}\n") { 2 } else { 0 };
        self.0.insert_str(at, &format!("{line}\n"));
    }

    /// Inserts `lines` after the one line (whitespace) `P=`….
    pub(crate) fn insert_after(&mut self, prop: &str, lines: &[String]) {
        let mut out = String::with_capacity(self.0.len() + 64);
        for line in self.0.split_inclusive('\n') {
            out.push_str(line);
            if is_prop_line(line, prop) {
                for l in lines {
                    out.push_str(l);
                    out.push('\n');
                }
            }
        }
        self.0 = out;
    }

    fn replace(&mut self, prop: &str, value: &str) -> Result<(), Diagnostic> {
        let text = self.0.as_bytes();
        let n = prop.len();
        // `P=` preceded on its line by whitespace only
        let mut found = memchr::memmem::find_iter(text, prop.as_bytes()).filter(|&i| {
            text.get(i + n) == Some(&b'=')
                && text[..i]
                    .iter()
                    .rev()
                    .take_while(|&&c| c != b'\n')
                    .all(|c| c.is_ascii_whitespace())
        });
        let (first, more) = (found.next(), found.count());
        match first {
            Some(start) if more == 0 => {
                let end = memchr::memchr(b'\n', &text[start..]).map_or(text.len(), |i| start + i);
                // the line keeps its `P=`; only the value changes
                self.0.replace_range(start + n + 1..end, value);
                Ok(())
            }
            _ => Err(template_error(format!(
                "the .adl template piece has {} `{prop}=` lines, expected 1",
                usize::from(first.is_some()) + more
            ))),
        }
    }
}

fn is_prop_line(line: &str, prop: &str) -> bool {
    line.trim_start()
        .strip_prefix(prop)
        .is_some_and(|r| r.starts_with('='))
}

fn template_error(msg: impl Into<String>) -> Diagnostic {
    Diagnostic::error(DiagKind::Layout, msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_template_has_every_key_once() {
        let t = AdlTemplate::parse(EMBEDDED_ADL).expect("parses");
        for key in t.pieces.keys() {
            assert!(t.piece(key).is_ok(), "{key}");
        }
        assert!(t.screen().0.starts_with("\nfile {\n"));
    }

    #[test]
    fn sets_one_property_keeping_tabs() {
        let mut b = AdlTemplate::embedded()
            .piece("\"TextRead\"")
            .expect("piece");
        b.set_str("chan", "$(P)X").expect("set");
        b.set_int("width", 7).expect("set");
        assert!(b.0.contains("\t\tchan=\"$(P)X\"\n"));
        assert!(b.0.contains("\t\twidth=7\n"));
        b.insert_before_end("\tformat=\"string\"");
        assert!(b.0.ends_with("\t}\n\tformat=\"string\"\n}\n"));
    }
}
