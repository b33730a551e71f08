//! Served names and Python attribute names of the ophyd-async layout.
//!
//! A component name becomes its snake_case form (through `heck`); ophyd-async
//! uses the served name as the attribute name, adding a trailing `_` where
//! the name is a Python keyword or a bluesky protocol method (its own rule).

use crate::diag::{DiagKind, Diagnostic, Diags};
use crate::source::Span;
use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use indexmap::IndexMap;

/// Python keywords (a served name equal to one gets a trailing `_` attribute).
const PY_KEYWORDS: [&str; 35] = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// ophyd-async 0.21 `DEVICE_RESERVED_ATTRS`: served as is, attribute `name_`.
const PROTOCOL_ATTRS: [&str; 25] = [
    "name",
    "collect_asset_docs",
    "get_index",
    "read_configuration",
    "describe_configuration",
    "trigger",
    "prepare",
    "read",
    "describe",
    "describe_collect",
    "collect",
    "collect_pages",
    "set",
    "locate",
    "kickoff",
    "complete",
    "stage",
    "unstage",
    "pause",
    "resume",
    "stop",
    "subscribe",
    "clear_sub",
    "check_value",
    "hints",
];

/// Other public attributes of ophyd-async `Device`: ophyd-async cannot fill
/// a served child of this name, so it is an error.
const DEVICE_ATTRS: [&str; 5] = ["children", "connect", "log", "parent", "set_name"];

/// The served (PVI) name of a component name: `NDArrayPort` → `nd_array_port`.
pub fn served_name(name: &str) -> String {
    name.to_snake_case()
}

/// The Python attribute for a served name (`name` → `name_`, `if` → `if_`).
pub fn attribute_name(served: &str) -> String {
    if PY_KEYWORDS.contains(&served) || PROTOCOL_ATTRS.contains(&served) {
        format!("{served}_")
    } else {
        served.to_string()
    }
}

/// A Python class name from any text: `camera` → `Camera`, `AD base` → `AdBase`.
///
/// A name that already is a PascalCase identifier is kept as written.
pub fn class_name(text: &str) -> String {
    let keep = text.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && text.chars().all(|c| c.is_ascii_alphanumeric());
    let name = if keep {
        text.to_string()
    } else {
        text.to_upper_camel_case()
    };
    if name.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
        name
    } else {
        format!("D{name}")
    }
}

/// Python enum member names for `choices`, unique, in order.
pub fn enum_members(choices: &[String]) -> Vec<String> {
    let mut seen: IndexMap<String, usize> = IndexMap::new();
    choices
        .iter()
        .map(|c| {
            let mut base = c.to_shouty_snake_case();
            if base.is_empty() {
                base = "EMPTY".to_string();
            } else if !base.starts_with(|ch: char| ch.is_ascii_alphabetic()) {
                base = format!("V{base}");
            }
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            if *n == 1 {
                base
            } else {
                format!("{base}_{n}")
            }
        })
        .collect()
}

/// Checks the served names of one PVI structure: each must be a usable
/// identifier, must not be an ophyd-async `Device` attribute, and must be
/// unique after conversion. Errors point at the offending component.
#[derive(Debug, Default)]
pub struct NameChecker {
    seen: IndexMap<String, (String, Span)>,
    /// Problems found so far.
    pub diags: Diags,
}

impl NameChecker {
    /// Registers `name` (as written, at `span`); returns its served form, or
    /// `None` (with a diagnostic recorded) when it cannot be served.
    pub fn add(&mut self, name: &str, span: Span, structure_pv: &str) -> Option<String> {
        let served = served_name(name);
        let valid = served
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
            && served
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            self.diags.push(
                Diagnostic::error(
                    DiagKind::Validation,
                    format!("`{name}` gives the served name `{served}`, which is not a Python identifier"),
                )
                .at(span)
                .with_label("ophyd-async uses the served name as the attribute name"),
            );
            return None;
        }
        if DEVICE_ATTRS.contains(&served.as_str()) {
            self.diags.push(
                Diagnostic::error(
                    DiagKind::Validation,
                    format!("`{name}` is served as `{served}`, an attribute of every ophyd-async Device"),
                )
                .at(span)
                .with_label("ophyd-async cannot fill a child of this name")
                .with_note("help: rename the component"),
            );
            return None;
        }
        if let Some((first, _)) = self.seen.get(&served) {
            let d = Diagnostic::error(
                DiagKind::Validation,
                format!("`{name}` and `{first}` are both served as `{served}` in {structure_pv}"),
            )
            .at(span)
            .with_label(format!(
                "collides with `{first}` after conversion to snake_case"
            ))
            .with_note("help: rename one of them; names are converted with heck's snake_case");
            self.diags.push(d);
            return None;
        }
        self.seen.insert(served.clone(), (name.to_string(), span));
        Some(served)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_names() {
        assert_eq!(served_name("NDArrayPort"), "nd_array_port");
        assert_eq!(served_name("AcquireTime"), "acquire_time");
        assert_eq!(served_name("Channel1"), "channel1");
        assert_eq!(attribute_name("name"), "name_");
        assert_eq!(attribute_name("if"), "if_");
        assert_eq!(attribute_name("gain"), "gain");
    }

    #[test]
    fn classes_and_members() {
        assert_eq!(class_name("camera"), "Camera");
        assert_eq!(class_name("ADBase"), "ADBase");
        assert_eq!(class_name("my-det"), "MyDet");
        let m = enum_members(&[
            "Single".into(),
            "Multiple x".into(),
            "1".into(),
            "single".into(),
        ]);
        assert_eq!(m, ["SINGLE", "MULTIPLE_X", "V1", "SINGLE_2"]);
    }

    #[test]
    fn collisions_are_located() {
        let mut c = NameChecker::default();
        assert!(c.add("Gain", Span::default(), "P:PVI").is_some());
        assert!(c.add("GAIN", Span::default(), "P:PVI").is_none());
        assert!(c.add("Parent", Span::default(), "P:PVI").is_none());
        assert_eq!(c.diags.len(), 2);
        assert!(c.diags[0].message.contains("both served as `gain`"));
    }
}
