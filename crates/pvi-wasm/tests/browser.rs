//! The JS API in a real browser (headless Chromium via wasm-bindgen-test).
//! Run by scripts/web-test/run.sh; on the host this file compiles to nothing.

#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const GOOD: &str =
    "label: Test\nchildren:\n  - type: SignalR\n    name: Temp\n    read_pv: $(P)T\n";

fn input(name: &str, text: &str, includes: &[(&str, &str)]) -> JsValue {
    let inc: serde_json::Map<String, serde_json::Value> = includes
        .iter()
        .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.to_string())))
        .collect();
    let v = serde_json::json!({"name": name, "text": text, "includes": inc});
    JSON::parse(&v.to_string()).expect("json")
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).expect("property")
}

#[wasm_bindgen_test]
fn valid_device_has_no_diagnostics() {
    let d = pvi_wasm::validate(input("t.pvi.device.yaml", GOOD, &[])).expect("validate");
    assert_eq!(Array::from(&d).length(), 0);
}

#[wasm_bindgen_test]
fn broken_yaml_reports_line_and_column() {
    let text = "label: Test\nchildren:\n  - type: SignalR\n    name: temp\n    read_pv: X\n";
    let d =
        Array::from(&pvi_wasm::validate(input("t.pvi.device.yaml", text, &[])).expect("validate"));
    assert!(d.length() >= 1);
    let first = d.get(0);
    let start = get(&first, "start");
    assert_eq!(get(&start, "line").as_f64(), Some(4.0));
    assert_eq!(
        get(&first, "severity").as_string().as_deref(),
        Some("error")
    );
}

#[wasm_bindgen_test]
fn includes_come_from_the_map() {
    let main = "label: M\nchildren:\n  - type: Include\n    file_name: Part\n";
    let part =
        "label: P\nchildren:\n  - type: SignalR\n    name: Oops\n    read_pv: X\n    bad_key: 2\n";
    let d = Array::from(
        &pvi_wasm::validate(input(
            "m.pvi.device.yaml",
            main,
            &[("Part.pvi.device.yaml", part)],
        ))
        .expect("validate"),
    );
    assert_eq!(d.length(), 1);
    assert_eq!(
        get(&d.get(0), "file").as_string().as_deref(),
        Some("Part.pvi.device.yaml")
    );
    let missing =
        Array::from(&pvi_wasm::validate(input("m.pvi.device.yaml", main, &[])).expect("v"));
    assert_eq!(
        get(&missing.get(0), "kind").as_string().as_deref(),
        Some("include")
    );
}

#[wasm_bindgen_test]
fn template_is_generated() {
    let out =
        pvi_wasm::generate_template(input("t.pvi.device.yaml", GOOD, &[]), "$(P)", "t.template")
            .expect("template");
    assert_eq!(get(&out, "ok").as_bool(), Some(true));
    let files = Array::from(&get(&out, "files"));
    assert_eq!(
        get(&files.get(0), "name").as_string().as_deref(),
        Some("t.template")
    );
    assert!(get(&files.get(0), "text")
        .as_string()
        .unwrap_or_default()
        .contains("$(P)T"));
}

#[wasm_bindgen_test]
fn bad_argument_throws() {
    assert!(pvi_wasm::validate(JsValue::from_f64(3.0)).is_err());
    assert!(pvi_wasm::schema("nope").is_err());
    assert!(pvi_wasm::schema("device")
        .expect("schema")
        .contains("\"$defs\""));
}
