//! JSON schemas for device and formatter files, generated from the Rust types.
//!
//! Editors use them (yaml-language-server) for completion and checks. They
//! are judged by what they accept and reject, not by their bytes.

use crate::formatter::{Formatter, FormatterKind};
use crate::model::Device;
use serde_json::{json, Value};

/// The schema of `*.pvi.device.yaml` files.
pub fn device_schema() -> Value {
    let schema = schemars::generate::SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<Device>();
    let mut v = serde_json::to_value(schema).unwrap_or(Value::Null);
    if let Some(o) = v.as_object_mut() {
        o.insert("title".into(), json!("Device"));
        o.insert(
            "description".into(),
            json!("A PVI device: a label and its components"),
        );
    }
    // serde's `tag` on a struct is not seen by schemars: declare Include's tag
    if let Some(props) = v
        .pointer_mut("/$defs/Include/properties")
        .and_then(Value::as_object_mut)
    {
        props.insert(
            "type".into(),
            json!({"const": "Include", "default": "Include", "type": "string"}),
        );
    }
    v
}

/// The schema of `*.pvi.formatter.yaml` files.
pub fn formatter_schema() -> Value {
    let def = |kind: FormatterKind| {
        let s = Formatter::default_for(kind).settings;
        let prop = |default: i64, description: &str, title: &str| json!({"default": default, "description": description, "title": title, "type": "integer"});
        json!({
            "additionalProperties": false,
            "properties": {
                "spacing": prop(s.spacing, "Spacing between widgets", "Spacing"),
                "title_height": prop(s.title_height, "Height of screen title bar", "Title Height"),
                "max_height": prop(s.max_height, "Max height of the screen", "Max Height"),
                "label_width": prop(s.label_width, "Width of the widget description labels", "Label Width"),
                "widget_width": prop(s.widget_width, "Width of the widgets", "Widget Width"),
                "widget_height": prop(s.widget_height, "Height of the widgets (Labels use this too)", "Widget Height"),
                "type": {"const": kind.type_name(), "default": kind.type_name(), "title": "Type", "type": "string"}
            },
            "required": ["type"],
            "title": kind.type_name(),
            "type": "object"
        })
    };
    json!({
        "$defs": {
            "APSFormatter": def(FormatterKind::Aps),
            "DLSFormatter": def(FormatterKind::Dls)
        },
        "oneOf": [{"$ref": "#/$defs/APSFormatter"}, {"$ref": "#/$defs/DLSFormatter"}]
    })
}

/// Which schema a file name asks for (any other name is refused).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaKind {
    /// `pvi.device.schema.json`
    Device,
    /// `pvi.formatter.schema.json`
    Formatter,
}

/// The schema text (pretty JSON, trailing newline).
pub fn schema_text(kind: SchemaKind) -> String {
    let v = match kind {
        SchemaKind::Device => device_schema(),
        SchemaKind::Formatter => formatter_schema(),
    };
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}
