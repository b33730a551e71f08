//! C++ headers of asyn drivers: the driver class and its base class, and
//! the `#define ...String "PARAM"` parameter names.
//!
//! Unlike pvi's one regular expression, this reads past comments, string
//! literals, preprocessor lines (with `\` continuations), forward
//! declarations, export macros (`epicsShareClass`, `ADCORE_API`) and
//! templates, and copes with several classes in one header.

use crate::diag::{DiagKind, Diagnostic};
use crate::source::{FileId, Span};

/// A class defined in a header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderClass {
    /// Class name.
    pub name: String,
    /// Base classes, in order (access specifiers and template arguments removed).
    pub bases: Vec<String>,
    /// Where the definition starts.
    pub span: Span,
}

/// A `#define NAME "value"` line: an asyn parameter name string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamDefine {
    /// Macro name (e.g. `SimGainXString`).
    pub macro_name: String,
    /// The string (e.g. `SIM_GAIN_X`).
    pub value: String,
}

/// What a header declares.
#[derive(Debug, Clone, Default)]
pub struct Header {
    /// Class definitions (not forward declarations), in order.
    pub classes: Vec<HeaderClass>,
    /// String `#define`s, in order.
    pub params: Vec<ParamDefine>,
}

/// Base classes that mark an asyn driver.
const DRIVER_BASES: &[&str] = &[
    "asynPortDriver",
    "asynNDArrayDriver",
    "ADDriver",
    "NDPluginDriver",
    "ADCSDriver",
    "ADGenICam",
    "GenICamDriver",
];

/// Reads the classes and parameter strings of a header.
pub fn parse_header(text: &str, file: FileId) -> Header {
    let (code, params) = blank_non_code(text);
    let toks = tokens(&code);
    let mut classes = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if toks[i].1 == "class" {
            if let Some((c, next)) = class_at(&toks, i, file) {
                classes.push(c);
                i = next;
                continue;
            }
        }
        i += 1;
    }
    Header { classes, params }
}

impl Header {
    /// The driver class and its parent: the first class deriving from a
    /// known asyn driver base (or whose base ends in `Driver`), else the
    /// first class with a base, else the first class.
    pub fn driver(&self) -> Option<&HeaderClass> {
        let first_base = |c: &&HeaderClass| c.bases.first().cloned().unwrap_or_default();
        self.classes
            .iter()
            .find(|c| {
                let b = first_base(c);
                DRIVER_BASES.contains(&b.as_str()) || b.ends_with("Driver")
            })
            .or_else(|| self.classes.iter().find(|c| !c.bases.is_empty()))
            .or_else(|| self.classes.first())
    }
}

/// The error pvi gives when a header names no class.
pub fn no_class_error(file: FileId) -> Diagnostic {
    Diagnostic::error(
        DiagKind::Validation,
        "Can't find device class and parent class in header file",
    )
    .at(Span::new(file, 0, 0))
    .with_note("help: give the device name with --name (and --parent)")
}

/// Replaces comments, string/char literals and preprocessor lines by
/// spaces (offsets kept) and collects `#define NAME "value"` strings.
fn blank_non_code(text: &str) -> (String, Vec<ParamDefine>) {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let mut params = Vec::new();
    let mut i = 0;
    let mut line_start = true;
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for c in &mut out[from..to] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    };
    while i < b.len() {
        let c = b[i];
        if line_start && c == b'#' {
            // preprocessor line with continuations
            let mut j = i;
            while j < b.len() && !(b[j] == b'\n' && (j == 0 || b[j - 1] != b'\\')) {
                j += 1;
            }
            if let Some(p) = define_string(&text[i..j]) {
                params.push(p);
            }
            blank(&mut out, i, j);
            i = j;
            continue;
        }
        if c == b'\n' {
            line_start = true;
            i += 1;
            continue;
        }
        if !c.is_ascii_whitespace() {
            line_start = false;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            let j = text[i..].find('\n').map_or(b.len(), |k| i + k);
            blank(&mut out, i, j);
            i = j;
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let j = text[i + 2..].find("*/").map_or(b.len(), |k| i + 2 + k + 2);
            blank(&mut out, i, j);
            i = j;
        } else if c == b'"' || c == b'\'' {
            let mut j = i + 1;
            while j < b.len() && b[j] != c && b[j] != b'\n' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            let j = (j + 1).min(b.len());
            blank(&mut out, i, j);
            i = j;
        } else {
            i += 1;
        }
    }
    // only ASCII bytes were replaced by ASCII spaces, so this stays UTF-8
    (String::from_utf8_lossy(&out).into_owned(), params)
}

/// `#define NAME "value"` (continuation lines joined).
fn define_string(line: &str) -> Option<ParamDefine> {
    let joined = line.replace("\\\n", " ").replace("\\\r\n", " ");
    let rest = joined.strip_prefix('#')?.trim_start();
    let rest = rest.strip_prefix("define")?;
    let rest = rest.trim_start();
    let name_len = rest
        .bytes()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_')
        .count();
    if name_len == 0 {
        return None;
    }
    let value = rest[name_len..].trim_start();
    let value = value.strip_prefix('"')?;
    let end = value.find('"')?;
    Some(ParamDefine {
        macro_name: rest[..name_len].to_string(),
        value: value[..end].to_string(),
    })
}

/// Identifier and punctuation tokens with their byte offsets.
fn tokens(code: &str) -> Vec<(usize, &str)> {
    let b = code.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_alphanumeric() || c == b'_' {
            let j = i + b[i..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
                .count();
            out.push((i, &code[i..j]));
            i = j;
        } else if c == b':' && b.get(i + 1) == Some(&b':') {
            out.push((i, "::"));
            i += 2;
        } else if c.is_ascii_punctuation() {
            out.push((i, &code[i..i + 1]));
            i += 1;
        } else {
            i += code[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    out
}

const SPECIFIERS: &[&str] = &["public", "protected", "private", "virtual"];

/// A class definition starting at token `i` (`class`), and the token after
/// its header; `None` for forward declarations and `enum class`.
fn class_at(toks: &[(usize, &str)], i: usize, file: FileId) -> Option<(HeaderClass, usize)> {
    if i > 0 && toks[i - 1].1 == "enum" {
        return None;
    }
    // names up to `:`, `{` or `;`; the last plain identifier is the class name
    let mut j = i + 1;
    let mut name: Option<&str> = None;
    let mut depth = 0i32;
    while j < toks.len() {
        let t = toks[j].1;
        match t {
            "<" => depth += 1,
            ">" => depth -= 1,
            "(" | "[" => {
                // export macro arguments, attributes: skip to the closer
                let close = if t == "(" { ")" } else { "]" };
                let mut d = 0;
                while j < toks.len() {
                    if toks[j].1 == t {
                        d += 1;
                    } else if toks[j].1 == close {
                        d -= 1;
                        if d == 0 {
                            break;
                        }
                    }
                    j += 1;
                }
            }
            ":" | "{" | ";" if depth <= 0 => break,
            "," | ")" | "=" if depth <= 0 => return None,
            "final" => {}
            _ if depth <= 0 && is_ident(t) => name = Some(t),
            _ => {}
        }
        j += 1;
    }
    let name = name?;
    let mut bases = Vec::new();
    match toks.get(j)?.1 {
        ";" => return None,
        "{" => {}
        _ => {
            // base list up to `{`
            let mut current: Vec<&str> = Vec::new();
            let mut depth = 0i32;
            j += 1;
            while j < toks.len() {
                let t = toks[j].1;
                match t {
                    "<" => depth += 1,
                    ">" => depth -= 1,
                    "{" | ";" if depth <= 0 => break,
                    "," if depth <= 0 => {
                        bases.extend(current.last().map(|s| s.to_string()));
                        current.clear();
                    }
                    _ if depth <= 0 && is_ident(t) && !SPECIFIERS.contains(&t) => current.push(t),
                    _ => {}
                }
                j += 1;
            }
            bases.extend(current.last().map(|s| s.to_string()));
            if toks.get(j).map(|t| t.1) != Some("{") {
                return None;
            }
        }
    }
    let span = Span::new(file, toks[i].0, toks[j].0);
    Some((
        HeaderClass {
            name: name.to_string(),
            bases,
            span,
        },
        j + 1,
    ))
}

fn is_ident(t: &str) -> bool {
    t.bytes()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn driver(text: &str) -> Option<(String, Option<String>)> {
        let h = parse_header(text, FileId(0));
        h.driver()
            .map(|c| (c.name.clone(), c.bases.first().cloned()))
    }

    #[test]
    fn spec_examples() {
        let d = |t| driver(t).map(|(a, b)| (a, b.unwrap_or_default()));
        let s = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        assert_eq!(
            d("class epicsShareClass simDetector : public ADDriver {"),
            s("simDetector", "ADDriver")
        );
        assert_eq!(
            d("class epicsShareClass NDPluginDriver : public asynNDArrayDriver, public epicsThreadRunable {"),
            s("NDPluginDriver", "asynNDArrayDriver")
        );
        assert_eq!(d("class X\n  : public Y {"), s("X", "Y"));
        assert_eq!(
            d("class Fwd;\nclass Real : public Base {"),
            s("Real", "Base")
        );
        assert_eq!(d("class Foo: public Bar {"), s("Foo", "Bar"));
        assert_eq!(
            d("class ASYN_API asynPortDriver {\n};"),
            s("asynPortDriver", "")
        );
    }

    #[test]
    fn comments_macros_templates_and_several_classes() {
        let text = r#"
// This class is documented: class Fake : public Nothing
/* class Other : public Thing { */
#define MyParamString \
    "MY_PARAM"
#define OtherString "OTHER"
template <typename T> class Helper : public std::vector<T> {};
enum class Mode { A, B };
class epicsShareClass myDriver final : public virtual ADDriver, public epicsThreadRunable {
public:
    const char *s = "class Bad : public Worse {";
};
"#;
        let h = parse_header(text, FileId(0));
        let names: Vec<_> = h.classes.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Helper", "myDriver"]);
        let d = h.driver().unwrap();
        assert_eq!(
            (d.name.as_str(), d.bases[0].as_str()),
            ("myDriver", "ADDriver")
        );
        let p: Vec<_> = h
            .params
            .iter()
            .map(|p| (p.macro_name.as_str(), p.value.as_str()))
            .collect();
        assert_eq!(p, [("MyParamString", "MY_PARAM"), ("OtherString", "OTHER")]);
    }
}
