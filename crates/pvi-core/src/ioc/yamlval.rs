//! YAML nodes as Python values (merge keys, `<<: *anchor`, are applied by
//! [`crate::yaml::load`] as ruamel.yaml does: docs/behaviour/ioc.md#yaml).

use super::pyvalue::PyValue;
use crate::yaml::{Node, Value};

/// The Python value of a node (mapping keys as text).
pub fn to_py(n: &Node) -> PyValue {
    match &n.value {
        Value::Null => PyValue::None,
        Value::Bool(b) => PyValue::Bool(*b),
        Value::Int(i) => PyValue::Int(*i),
        Value::Float(f) => PyValue::Float(*f),
        Value::Str(s) => PyValue::Str(s.clone()),
        Value::Seq(items) => PyValue::List(items.iter().map(to_py).collect()),
        Value::Map(entries) => PyValue::Dict(
            entries
                .iter()
                .map(|(k, v)| (k.scalar_text().unwrap_or_default(), to_py(v)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;
    use crate::yaml::{load, Limits};

    #[test]
    fn merge_keys_apply() {
        let n = load(
            "base: &b {type: x, R: one}\nitem:\n  <<: *b\n  R: two\n",
            FileId(0),
            Limits::default(),
        )
        .unwrap();
        let item = to_py(n.get("item").unwrap());
        // ruamel.yaml's safe loader (ibek's): merged keys first, own values win
        assert_eq!(item.py_str().unwrap(), "{'type': 'x', 'R': 'two'}");
    }
}
