//! YAML nodes as Python values, with merge keys (`<<: *anchor`) applied as
//! ruamel.yaml does (docs/behaviour/ioc.md#yaml).

use super::pyvalue::PyValue;
use crate::yaml::{Node, Value};

/// The mapping `n` with its `<<` merge keys applied (explicit keys win;
/// earlier merged mappings win over later ones). Other nodes are cloned.
pub fn merged_map(n: &Node) -> Node {
    let Value::Map(entries) = &n.value else {
        return n.clone();
    };
    if !entries.iter().any(|(k, _)| k.as_str() == Some("<<")) {
        return n.clone();
    }
    let mut out: Vec<(Node, Node)> = entries
        .iter()
        .filter(|(k, _)| k.as_str() != Some("<<"))
        .cloned()
        .collect();
    for (k, v) in entries {
        if k.as_str() != Some("<<") {
            continue;
        }
        let sources: Vec<Node> = match &v.value {
            Value::Seq(items) => items.clone(),
            _ => vec![v.clone()],
        };
        for s in sources {
            if let Value::Map(more) = merged_map(&s).value {
                for (mk, mv) in more {
                    if !out.iter().any(|(ok, _)| ok.value == mk.value) {
                        out.push((mk, mv));
                    }
                }
            }
        }
    }
    Node::new(Value::Map(out), n.span)
}

/// The Python value of a node (mapping keys as text).
pub fn to_py(n: &Node) -> PyValue {
    match &n.value {
        Value::Null => PyValue::None,
        Value::Bool(b) => PyValue::Bool(*b),
        Value::Int(i) => PyValue::Int(*i),
        Value::Float(f) => PyValue::Float(*f),
        Value::Str(s) => PyValue::Str(s.clone()),
        Value::Seq(items) => PyValue::List(items.iter().map(to_py).collect()),
        Value::Map(_) => {
            let m = merged_map(n);
            let Value::Map(entries) = &m.value else {
                return PyValue::None;
            };
            PyValue::Dict(
                entries
                    .iter()
                    .map(|(k, v)| (k.scalar_text().unwrap_or_default(), to_py(v)))
                    .collect(),
            )
        }
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
        assert_eq!(item.py_str().unwrap(), "{'R': 'two', 'type': 'x'}");
    }
}
