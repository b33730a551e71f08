//! Laying a device out for the preview: formatter settings from JS, the
//! layout tree as JSON with every widget's YAML position.

use crate::project::{base_name, load, Input};
use pvi_core::diag::{DiagKind, Diagnostic};
use pvi_core::formatter::{Formatter, FormatterKind};
use pvi_core::layout::{layout_device, FormatRules, ScreenFormat};
use pvi_core::located::{locate_sources, Located};
use serde::{Deserialize, Serialize};

/// Formatter settings as the page sends them; missing fields take the
/// defaults of the formatter kind (spec 04 §2.2).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsInput {
    /// `DLSFormatter` (default) or `APSFormatter`.
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    /// Gap between widgets, and padding.
    pub spacing: Option<i64>,
    /// Height of the screen title.
    pub title_height: Option<i64>,
    /// Maximum content height of one column.
    pub max_height: Option<i64>,
    /// Width of the label in front of widgets.
    pub label_width: Option<i64>,
    /// Width of the widget area of a row.
    pub widget_width: Option<i64>,
    /// Height of one row.
    pub widget_height: Option<i64>,
}

impl SettingsInput {
    /// The formatter these settings describe.
    pub fn formatter(&self) -> Result<Formatter, Diagnostic> {
        let kind = match self.kind.as_deref() {
            None | Some("DLSFormatter") => FormatterKind::Dls,
            Some("APSFormatter") => FormatterKind::Aps,
            Some(other) => {
                return Err(Diagnostic::error(
                    DiagKind::Other,
                    format!("unknown formatter type '{other}': expected DLSFormatter or APSFormatter"),
                ))
            }
        };
        let mut f = Formatter::default_for(kind);
        let s = &mut f.settings;
        for (slot, v) in [
            (&mut s.spacing, self.spacing),
            (&mut s.title_height, self.title_height),
            (&mut s.max_height, self.max_height),
            (&mut s.label_width, self.label_width),
            (&mut s.widget_width, self.widget_width),
            (&mut s.widget_height, self.widget_height),
        ] {
            if let Some(v) = v {
                *slot = v;
            }
        }
        Ok(f)
    }
}

/// The screen format of an extension, checked against the formatter kind
/// (DLS writes `.bob`/`.edl`, APS only `.adl`).
pub fn screen_format(f: &Formatter, ext: &str) -> Result<ScreenFormat, Diagnostic> {
    match (f.kind, ScreenFormat::from_extension(ext)) {
        (FormatterKind::Dls, Some(fmt @ (ScreenFormat::Bob | ScreenFormat::Edl))) => Ok(fmt),
        (FormatterKind::Aps, Some(ScreenFormat::Adl)) => Ok(ScreenFormat::Adl),
        (FormatterKind::Dls, _) => Err(Diagnostic::error(
            DiagKind::Other,
            "Can only write .edl or .bob files",
        )),
        (FormatterKind::Aps, _) => Err(Diagnostic::error(DiagKind::Other, "Can only write adl files")),
    }
}

/// A laid-out device: the screen tree (JSON) or why not.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LayoutOutcome {
    /// Whether the layout succeeded.
    pub ok: bool,
    /// The `ScreenSet` (`{format, screens: [...]}`), `source`s replaced by
    /// `{file, line, column}`; null when not ok.
    pub tree: serde_json::Value,
    /// Errors and warnings.
    pub diagnostics: Vec<Located>,
}

/// Lays out the device for format `ext` (`bob`, `edl`, `adl`).
pub fn layout(input: &Input, settings: &SettingsInput, ext: &str) -> LayoutOutcome {
    let loaded = load(input);
    let result = match &loaded.device {
        Err(_) => Err(Vec::new()),
        Ok(dev) => settings
            .formatter()
            .and_then(|f| screen_format(&f, ext).map(|fmt| (f, fmt)))
            .map_err(|d| vec![d])
            .and_then(|(f, fmt)| {
                layout_device(dev, &f.settings, &FormatRules::of(fmt), base_name(&input.name))
            }),
    };
    match result.and_then(|set| serde_json::to_value(&set).map_err(|e| {
        vec![Diagnostic::error(DiagKind::Other, e.to_string())]
    })) {
        Ok(mut tree) => {
            locate_sources(&mut tree, &loaded.sources);
            strip_include_dir(&mut tree);
            LayoutOutcome {
                ok: true,
                tree,
                diagnostics: loaded.diagnostics(&[]),
            }
        }
        Err(extra) => LayoutOutcome {
            ok: false,
            tree: serde_json::Value::Null,
            diagnostics: loaded.diagnostics(&extra),
        },
    }
}

/// Shows include files' `source.file` as the caller named them.
fn strip_include_dir(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::Object(m) => {
            if let Some(Value::Object(src)) = m.get_mut("source") {
                if let Some(Value::String(f)) = src.get_mut("file") {
                    if let Some(rest) = f.strip_prefix(crate::project::INCLUDE_PREFIX) {
                        *f = rest.to_string();
                    }
                }
            }
            m.values_mut().for_each(strip_include_dir);
        }
        Value::Array(a) => a.iter_mut().for_each(strip_include_dir),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(text: &str) -> Input {
        Input {
            name: "dev.pvi.device.yaml".into(),
            text: text.into(),
            includes: Default::default(),
        }
    }

    #[test]
    fn tree_has_screens_and_lines() {
        let text = "label: D\nchildren:\n  - type: SignalR\n    name: Temp\n    read_pv: T\n";
        let out = layout(&input(text), &SettingsInput::default(), "bob");
        assert!(out.ok, "{:?}", out.diagnostics);
        let screens = out.tree["screens"].as_array().cloned().unwrap_or_default();
        assert_eq!(screens.len(), 1);
        assert_eq!(screens[0]["base_name"], "dev");
        let item = &screens[0]["items"][0];
        assert_eq!(item["source"]["line"], 3);
    }

    #[test]
    fn wrong_format_for_formatter() {
        let s = SettingsInput {
            kind: Some("APSFormatter".into()),
            ..Default::default()
        };
        let out = layout(&input("label: D\n"), &s, "bob");
        assert!(!out.ok);
        assert_eq!(out.diagnostics[0].message, "Can only write adl files");
    }
}
