//! Laying a device out for the preview: formatter settings from JS, the
//! layout tree as JSON with every widget's YAML position.

use crate::project::{base_name, load, Input, OutFile, Outcome};
use pvi_core::diag::{DiagKind, Diagnostic};
use pvi_core::emit::ScreenTemplates;
use pvi_core::formats::{by_extension, extension_list, screen_format, split_output_name, FORMATS};
use pvi_core::formatter::{Formatter, FormatterKind};
use pvi_core::layout::layout_device;
use pvi_core::located::{locate_sources, Located};
use pvi_core::project::{embedded_formatter, format_device};
use serde::{Deserialize, Serialize};

/// Formatter settings as the page sends them; missing fields take the
/// defaults of the formatter kind (docs/behaviour/layout.md#settings).
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
                    format!(
                        "unknown formatter type '{other}': expected DLSFormatter or APSFormatter"
                    ),
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

/// One row of the format table as the page sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormatInfo {
    /// File extension without dot.
    pub extension: &'static str,
    /// What users call the format.
    pub title: &'static str,
    /// The embedded formatter: `type` and every size.
    pub formatter: serde_json::Value,
}

/// The format table with each format's embedded formatter.
pub fn formats() -> Vec<FormatInfo> {
    FORMATS
        .iter()
        .map(|spec| {
            let f = embedded_formatter(spec.format);
            let mut formatter = serde_json::to_value(f.settings).unwrap_or_default();
            if let Some(m) = formatter.as_object_mut() {
                m.insert("type".into(), f.kind.type_name().into());
            }
            FormatInfo {
                extension: spec.format.extension(),
                title: spec.title,
                formatter,
            }
        })
        .collect()
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

/// Lays out the device for format `ext` (`bob`, `edl`, `adl`). With `only`
/// (a screen's base name), only that screen keeps its items (the main screen
/// when no screen has that name): the others come with title and size only,
/// which keeps a live preview of a large device cheap.
pub fn layout(
    input: &Input,
    settings: &SettingsInput,
    ext: &str,
    only: Option<&str>,
) -> LayoutOutcome {
    let loaded = load(input, true);
    let result = match &loaded.device {
        Err(_) => Err(Vec::new()),
        Ok(dev) => settings
            .formatter()
            .and_then(|f| screen_format(f.kind, ext).map(|fmt| (f, fmt)))
            .map_err(|d| vec![d])
            .and_then(|(f, fmt)| {
                layout_device(dev, &f.settings, &fmt.spec().rules, base_name(&input.name))
            }),
    };
    let result = result.map(|mut set| {
        if let Some(name) = only {
            let keep = set
                .screens
                .iter()
                .position(|s| s.base_name == name)
                .unwrap_or(0);
            for (i, s) in set.screens.iter_mut().enumerate() {
                if i != keep {
                    s.items.clear();
                }
            }
        }
        set
    });
    match result.and_then(|set| {
        serde_json::to_value(&set)
            .map_err(|e| vec![Diagnostic::error(DiagKind::Other, e.to_string())])
    }) {
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

/// The formatter for `format`: the given settings, or (none given) the
/// embedded default of the output extension, as `pvi format` without a
/// formatter file.
fn formatter_for(settings: Option<&SettingsInput>, ext: &str) -> Result<Formatter, Diagnostic> {
    match settings {
        Some(s) => s.formatter(),
        None => by_extension(ext)
            .map(|spec| embedded_formatter(spec.format))
            .ok_or_else(|| {
                Diagnostic::error(
                    DiagKind::Other,
                    format!(
                        "no default formatter for '.{ext}': write {}",
                        extension_list()
                    ),
                )
            }),
    }
}

/// Writes every screen file of `pvi format OUTPUT DEVICE` for output file
/// name `output` (e.g. `dev.bob`): main screen first, then sub-screens; a
/// later file of the same name replaces an earlier one, as in pvi.
pub fn format(input: &Input, settings: Option<&SettingsInput>, output: &str) -> Outcome {
    let loaded = load(input, true);
    let file = output.rsplit('/').next().unwrap_or(output);
    let (_, ext) = split_output_name(file);
    let result = match &loaded.device {
        Err(_) => Err(Vec::new()),
        Ok(dev) => formatter_for(settings, ext)
            .map_err(|d| vec![d])
            .and_then(|f| format_device(dev, &f, file, &ScreenTemplates::default())),
    };
    match result {
        Ok(files) => {
            let mut out: Vec<OutFile> = Vec::with_capacity(files.len());
            for (i, f) in files.into_iter().enumerate() {
                let name = if i == 0 {
                    file.to_string()
                } else {
                    f.file_name
                };
                out.retain(|o| o.name != name);
                out.push(OutFile { name, text: f.text });
            }
            Outcome {
                ok: true,
                files: out,
                diagnostics: loaded.diagnostics(&[]),
            }
        }
        Err(extra) => Outcome {
            ok: false,
            files: Vec::new(),
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
        let out = layout(&input(text), &SettingsInput::default(), "bob", None);
        assert!(out.ok, "{:?}", out.diagnostics);
        let screens = out.tree["screens"].as_array().cloned().unwrap_or_default();
        assert_eq!(screens.len(), 1);
        assert_eq!(screens[0]["base_name"], "dev");
        let item = &screens[0]["items"][0];
        assert_eq!(item["source"]["line"], 3);
    }

    #[test]
    fn only_one_screen_keeps_items() {
        let text = "label: D\nchildren:\n  - type: SignalR\n    name: A\n    read_pv: A\n  - type: Group\n    name: Sub\n    layout:\n      type: SubScreen\n    children:\n      - type: SignalR\n        name: B\n        read_pv: B\n";
        let out = layout(
            &input(text),
            &SettingsInput::default(),
            "bob",
            Some("dev_Sub"),
        );
        let screens = out.tree["screens"].as_array().cloned().unwrap_or_default();
        assert_eq!(screens.len(), 2);
        assert_eq!(screens[0]["items"].as_array().map(Vec::len), Some(0));
        assert!(screens[1]["items"]
            .as_array()
            .is_some_and(|v| !v.is_empty()));
        let fallback = layout(&input(text), &SettingsInput::default(), "bob", Some("gone"));
        assert!(fallback.tree["screens"][0]["items"]
            .as_array()
            .is_some_and(|v| !v.is_empty()));
    }

    #[test]
    fn format_writes_main_and_sub_screens() {
        let text = "label: D\nchildren:\n  - type: SignalR\n    name: A\n    read_pv: A\n  - type: Group\n    name: Sub\n    layout:\n      type: SubScreen\n    children:\n      - type: SignalR\n        name: B\n        read_pv: B\n";
        let out = format(&input(text), None, "dev.bob");
        assert!(out.ok, "{:?}", out.diagnostics);
        let names: Vec<_> = out.files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["dev.bob", "dev_Sub.bob"]);
        assert!(out.files[0].text.contains("<display version=\"2.0.0\">"));
        let edl = format(&input(text), Some(&SettingsInput::default()), "dev.edl");
        assert!(edl.ok);
        let bad = format(&input(text), None, "dev.txt");
        assert!(!bad.ok);
    }

    #[test]
    fn wrong_format_for_formatter() {
        let s = SettingsInput {
            kind: Some("APSFormatter".into()),
            ..Default::default()
        };
        let out = layout(&input("label: D\n"), &s, "bob", None);
        assert!(!out.ok);
        assert_eq!(out.diagnostics[0].message, "Can only write adl files");
    }
}
