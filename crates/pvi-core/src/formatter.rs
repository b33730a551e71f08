//! Formatter files (`*.pvi.formatter.yaml`): which screen style and its sizes.

use crate::diag::Diags;
use crate::parse::{int, Cx, Fields};
use crate::source::FileId;
use crate::yaml::Node;
use schemars::JsonSchema;
use serde::Serialize;

/// The suffix every formatter file name must have.
pub const FORMATTER_SUFFIX: &str = ".pvi.formatter.yaml";

/// Which formatter: decides the output formats and default sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub enum FormatterKind {
    /// Diamond style: Phoebus `.bob` or EDM `.edl`.
    #[serde(rename = "DLSFormatter")]
    Dls,
    /// APS style: MEDM `.adl`.
    #[serde(rename = "APSFormatter")]
    Aps,
}

impl FormatterKind {
    /// The YAML `type` name.
    pub fn type_name(self) -> &'static str {
        match self {
            FormatterKind::Dls => "DLSFormatter",
            FormatterKind::Aps => "APSFormatter",
        }
    }
}

/// Sizes used by the layout engine (docs/behaviour/layout.md#settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Settings {
    /// Gap between widgets, and padding.
    pub spacing: i64,
    /// Height of the screen title.
    pub title_height: i64,
    /// Maximum content height of one column.
    pub max_height: i64,
    /// Width of the label in front of widgets.
    pub label_width: i64,
    /// Width of the widget area of a row.
    pub widget_width: i64,
    /// Height of one row.
    pub widget_height: i64,
}

/// A formatter: kind and settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Formatter {
    /// DLS or APS.
    pub kind: FormatterKind,
    /// Sizes.
    pub settings: Settings,
}

impl Formatter {
    /// The defaults of a kind (pvi's `DLSFormatter()` / `APSFormatter()`).
    pub fn default_for(kind: FormatterKind) -> Self {
        let (label_width, widget_width) = match kind {
            FormatterKind::Dls => (200, 200),
            FormatterKind::Aps => (205, 100),
        };
        Formatter {
            kind,
            settings: Settings {
                spacing: 5,
                title_height: 25,
                max_height: 900,
                label_width,
                widget_width,
                widget_height: 20,
            },
        }
    }
}

const KEYS: &[&str] = &[
    "type",
    "spacing",
    "title_height",
    "max_height",
    "label_width",
    "widget_width",
    "widget_height",
];

/// Decodes a formatter file's text.
pub fn parse_formatter(text: &str, file: FileId) -> Result<Formatter, Diags> {
    let node = crate::parse::parse_yaml(text, file)?;
    decode_formatter(&node)
}

/// Decodes a formatter from a node tree.
pub fn decode_formatter(node: &Node) -> Result<Formatter, Diags> {
    let mut cx = Cx::default();
    let out = decode(&mut cx, node);
    match out {
        Some(f) if cx.diags.is_empty() => Ok(f),
        _ => Err(cx.diags),
    }
}

fn decode(cx: &mut Cx, node: &Node) -> Option<Formatter> {
    let kind = match crate::parse::tag_of(cx, node, "formatter", &["DLSFormatter", "APSFormatter"])?
    {
        "DLSFormatter" => FormatterKind::Dls,
        _ => FormatterKind::Aps,
    };
    let mut f = Fields::new(cx, node, kind.type_name())?;
    f.take("type");
    let mut out = Formatter::default_for(kind);
    let s = &mut out.settings;
    for (key, slot) in [
        ("spacing", &mut s.spacing),
        ("title_height", &mut s.title_height),
        ("max_height", &mut s.max_height),
        ("label_width", &mut s.label_width),
        ("widget_width", &mut s.widget_width),
        ("widget_height", &mut s.widget_height),
    ] {
        if let Some(v) = f.opt(cx, key, int) {
            if v < 0 {
                if let Some(n) = node.get(key) {
                    cx.err(n.span, format!("{key} must not be negative"));
                }
            }
            *slot = v;
        }
    }
    f.finish(cx, KEYS);
    Some(out)
}
