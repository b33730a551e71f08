//! A resolved [`Device`] as the JSON that pvi's pydantic models validate.
//!
//! The shape is the YAML write-back's ([`device_tree`]) with one change:
//! a single-PV `SignalRW` (no readback widget, `read_pv` equal to
//! `write_pv`) is sent without `read_pv`, so that pydantic marks it
//! single-PV again instead of adding a `TextRead` readback.

use pvi_core::emit::yaml::{device_tree, Yaml};
use pvi_core::model::Device;
use serde_json::{Map, Value};

/// The JSON text of `device`.
pub fn device_json(device: &Device) -> String {
    let top: Map<String, Value> = device_tree(device)
        .into_iter()
        .map(|(k, v)| (k, value(v)))
        .collect();
    Value::Object(top).to_string()
}

fn value(y: Yaml) -> Value {
    match y {
        Yaml::Str(s) => Value::String(s),
        Yaml::Int(i) => Value::from(i),
        Yaml::Bool(b) => Value::Bool(b),
        Yaml::Seq(items) => Value::Array(items.into_iter().map(value).collect()),
        Yaml::Map(entries) => {
            let single_pv = is_single_pv(&entries);
            Value::Object(
                entries
                    .into_iter()
                    .filter(|(k, _)| !(single_pv && k == "read_pv"))
                    .map(|(k, v)| (k, value(v)))
                    .collect(),
            )
        }
    }
}

fn is_single_pv(entries: &[(String, Yaml)]) -> bool {
    let get = |key: &str| entries.iter().find(|(k, _)| k == key).map(|(_, v)| v);
    matches!(get("type"), Some(Yaml::Str(t)) if t == "SignalRW")
        && get("read_widget").is_none()
        && get("read_pv") == get("write_pv")
}

#[cfg(test)]
mod tests {
    use super::*;
    use pvi_core::parse::parse_device;
    use pvi_core::FileId;

    fn json(text: &str) -> Value {
        let d = parse_device(text, FileId(0)).unwrap();
        serde_json::from_str(&device_json(&d)).unwrap()
    }

    #[test]
    fn single_pv_signal_is_sent_without_read_pv() {
        let v = json(
            "label: L\nchildren:\n- type: SignalRW\n  name: A\n  write_pv: A\n- type: SignalRW\n  name: B\n  write_pv: B\n  read_pv: B\n",
        );
        let a = &v["children"][0];
        assert!(a.get("read_pv").is_none(), "{a}");
        let b = &v["children"][1];
        assert_eq!(b["read_pv"], "B");
        assert_eq!(b["read_widget"]["type"], "TextRead");
    }

    #[test]
    fn fields_keep_pvi_names_and_types() {
        let v = json("label: L\nchildren:\n- type: SignalR\n  name: A\n  read_pv: A\n  read_widget:\n    type: BitField\n    number_of_bits: 4\n");
        assert_eq!(v["label"], "L");
        assert_eq!(v["children"][0]["read_widget"]["number_of_bits"], 4);
        assert!(v.get("type").is_none());
    }
}
