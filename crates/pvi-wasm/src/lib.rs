//! pvi-wasm: the pvi-rs core for browsers and other JavaScript hosts.
//!
//! A small, typed API (TypeScript declarations are generated with the
//! bindings): validate a device, lay it out (the screen tree as JSON), write
//! its `.bob`/`.edl`/`.adl` screens or PVI template. Input is a device's
//! text plus its include files as a map name → YAML; nothing touches a file
//! system. Problems come back as diagnostic lists with line and column; a
//! malformed argument (not the expected object shape) throws a JS `Error`.

pub mod formatting;
pub mod project;

use project::Input;
use pvi_core::schema::{schema_text, SchemaKind};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A device file and the files it includes. */
export interface DeviceInput {
  /** File name of the device; must end in `.pvi.device.yaml`. */
  name: string;
  /** YAML text of the device. */
  text: string;
  /** Include files: `Name.pvi.device.yaml` (or `Name`) → YAML text. */
  includes?: Record<string, string>;
}

/** A 1-based line and column (characters). */
export interface Position { line: number; column: number; }

/** One problem found in the input. */
export interface Diagnostic {
  severity: "error" | "warning";
  kind: "yaml" | "validation" | "include" | "layout" | "io" | "other";
  message: string;
  label?: string;
  notes: string[];
  /** File it points into (the device name or an include name). */
  file?: string;
  start?: Position;
  end?: Position;
  /** The CLI's rendering with a source snippet. */
  rendered: string;
}

/** One generated file, byte-identical to what the CLI writes. */
export interface OutFile { name: string; text: string; }

/** Formatter settings; missing fields take the kind's defaults. */
export interface FormatterSettings {
  type?: "DLSFormatter" | "APSFormatter";
  spacing?: number; title_height?: number; max_height?: number;
  label_width?: number; widget_width?: number; widget_height?: number;
}

/** One screen format of pvi-core's format table, with the formatter
 *  `pvi format` uses for it when given none. */
export interface ScreenFormatInfo {
  extension: "bob" | "edl" | "adl";
  title: string;
  formatter: Required<FormatterSettings>;
}

/** A laid-out device: pvi-core's ScreenSet as JSON (main screen first). */
export interface LayoutOutcome {
  ok: boolean;
  /** `{format, screens: [{base_name, title, title_bounds, bounds, offset, items}]}`;
   *  each item's `source` is `{file, line, column}` of its YAML. */
  tree: any;
  diagnostics: Diagnostic[];
}

/** Result of writing outputs. */
export interface Outcome {
  ok: boolean;
  files: OutFile[];
  diagnostics: Diagnostic[];
}
"#;

/// Converts a JS object into an [`Input`]; a wrong shape throws.
fn input_from(value: &JsValue) -> Result<Input, JsError> {
    let json = js_sys::JSON::stringify(value)
        .map_err(|_| JsError::new("input is not serialisable"))?
        .as_string()
        .unwrap_or_default();
    serde_json::from_str(&json).map_err(|e| JsError::new(&format!("bad input: {e}")))
}

/// Converts a Rust value into a plain JS value.
fn to_js<T: Serialize>(v: &T) -> Result<JsValue, JsError> {
    let json = serde_json::to_string(v).map_err(|e| JsError::new(&e.to_string()))?;
    js_sys::JSON::parse(&json).map_err(|_| JsError::new("internal: JSON round trip failed"))
}

/// The pvi-rs version.
#[wasm_bindgen]
pub fn version() -> String {
    pvi_core::VERSION.to_string()
}

/// Validates a device and its includes; an empty list means it is valid.
#[wasm_bindgen(unchecked_return_type = "Diagnostic[]")]
pub fn validate(
    #[wasm_bindgen(unchecked_param_type = "DeviceInput")] input: JsValue,
) -> Result<JsValue, JsError> {
    to_js(&project::validate(&input_from(&input)?))
}

/// Writes the PVI database template (`pvi generate-template`) as `output`.
#[wasm_bindgen(js_name = generateTemplate, unchecked_return_type = "Outcome")]
pub fn generate_template(
    #[wasm_bindgen(unchecked_param_type = "DeviceInput")] input: JsValue,
    pv_prefix: &str,
    output: &str,
) -> Result<JsValue, JsError> {
    to_js(&project::template(&input_from(&input)?, pv_prefix, output))
}

/// Lays the device out for `format` (`"bob"`, `"edl"` or `"adl"`). With
/// `only` (a screen's base name) only that screen's items are returned; the
/// other screens keep their title and size (cheaper for large devices).
#[wasm_bindgen(unchecked_return_type = "LayoutOutcome")]
pub fn layout(
    #[wasm_bindgen(unchecked_param_type = "DeviceInput")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "FormatterSettings")] settings: JsValue,
    #[wasm_bindgen(unchecked_param_type = "\"bob\" | \"edl\" | \"adl\"")] format: &str,
    only: Option<String>,
) -> Result<JsValue, JsError> {
    let settings = settings_from(&settings)?;
    to_js(&formatting::layout(
        &input_from(&input)?,
        &settings,
        format,
        only.as_deref(),
    ))
}

/// Writes every screen file of `pvi format` for the output file name
/// `output` (`dev.bob`, `dev.edl`, `dev.adl`): byte-identical to the CLI.
/// Without settings the CLI's embedded formatter of that extension is used.
#[wasm_bindgen(unchecked_return_type = "Outcome")]
pub fn format(
    #[wasm_bindgen(unchecked_param_type = "DeviceInput")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "FormatterSettings | undefined")] settings: JsValue,
    output: &str,
) -> Result<JsValue, JsError> {
    let settings = if settings.is_undefined() || settings.is_null() {
        None
    } else {
        Some(settings_from(&settings)?)
    };
    to_js(&formatting::format(
        &input_from(&input)?,
        settings.as_ref(),
        output,
    ))
}

/// Every screen format, in the format table's order, with the formatter
/// settings `pvi format` uses for it when given no formatter file.
#[wasm_bindgen(unchecked_return_type = "ScreenFormatInfo[]")]
pub fn formats() -> Result<JsValue, JsError> {
    to_js(&formatting::formats())
}

/// Converts JS formatter settings; `undefined`/`null` means the defaults.
fn settings_from(value: &JsValue) -> Result<formatting::SettingsInput, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(Default::default());
    }
    let json = js_sys::JSON::stringify(value)
        .map_err(|_| JsError::new("settings are not serialisable"))?
        .as_string()
        .unwrap_or_default();
    serde_json::from_str(&json).map_err(|e| JsError::new(&format!("bad settings: {e}")))
}

/// Writes the ophyd-async Python module (`pvi ophyd`) as `output`.
#[wasm_bindgen(unchecked_return_type = "Outcome")]
pub fn ophyd(
    #[wasm_bindgen(unchecked_param_type = "DeviceInput")] input: JsValue,
    output: &str,
    groups_as_devices: bool,
) -> Result<JsValue, JsError> {
    to_js(&project::ophyd(
        &input_from(&input)?,
        output,
        groups_as_devices,
    ))
}

/// The JSON schema of device (`"device"`) or formatter (`"formatter"`) files,
/// as `pvi schema` writes it.
#[wasm_bindgen]
pub fn schema(
    #[wasm_bindgen(unchecked_param_type = "\"device\" | \"formatter\"")] kind: &str,
) -> Result<String, JsError> {
    match kind {
        "device" => Ok(schema_text(SchemaKind::Device)),
        "formatter" => Ok(schema_text(SchemaKind::Formatter)),
        other => Err(JsError::new(&format!(
            "unknown schema '{other}': expected 'device' or 'formatter'"
        ))),
    }
}
