//! The generated JSON schemas accept every good fixture and reject bad ones.

use pvi_core::schema::{device_schema, formatter_schema};
use serde_json::Value;

macro_rules! fixture {
    ($dir:literal, $name:literal) => {
        ($name, include_str!(concat!("fixtures/", $dir, "/", $name)))
    };
}

fn json(yaml: &str) -> Value {
    serde_norway::from_str(yaml).expect("fixture is YAML")
}

fn check(schema: &Value, name: &str, yaml: &str) -> bool {
    let v = jsonschema::validator_for(schema).expect("schema compiles");
    let ok = v.is_valid(&json(yaml));
    if !ok {
        for e in v.iter_errors(&json(yaml)) {
            eprintln!("{name}: {e} at {}", e.instance_path);
        }
    }
    ok
}

#[test]
fn good_devices_are_accepted() {
    let schema = device_schema();
    for (name, yaml) in [
        fixture!("good", "camera.pvi.device.yaml"),
        fixture!("good", "detector_base.pvi.device.yaml"),
        fixture!("good", "every_kind.pvi.device.yaml"),
    ] {
        assert!(check(&schema, name, yaml), "{name} should be valid");
    }
}

#[test]
fn bad_devices_are_rejected() {
    let schema = device_schema();
    for (name, yaml) in [
        fixture!("bad", "wrong_type_tag.pvi.device.yaml"),
        fixture!("bad", "missing_field.pvi.device.yaml"),
        fixture!("bad", "bad_name.pvi.device.yaml"),
        fixture!("bad", "signalx_widget.pvi.device.yaml"),
        fixture!("bad", "unknown_key.pvi.device.yaml"),
        fixture!("bad", "string_pv.pvi.device.yaml"),
        fixture!("bad", "include_in_group.pvi.device.yaml"),
    ] {
        assert!(!check(&schema, name, yaml), "{name} should be rejected");
    }
}

#[test]
fn formatters() {
    let schema = formatter_schema();
    assert!(check(
        &schema,
        "dls",
        include_str!("fixtures/good/dls.pvi.formatter.yaml")
    ));
    assert!(check(
        &schema,
        "aps",
        include_str!("fixtures/good/aps.pvi.formatter.yaml")
    ));
    for (name, yaml) in [
        fixture!("bad", "unknown_key.pvi.formatter.yaml"),
        fixture!("bad", "wrong_type.pvi.formatter.yaml"),
        fixture!("bad", "string_int.pvi.formatter.yaml"),
    ] {
        assert!(!check(&schema, name, yaml), "{name} should be rejected");
    }
}
