//! IOC instance YAML (`ioc.yaml`, `*.ibek.ioc.yaml`): the subset that
//! matters for PVI (docs/behaviour/ioc.md#instance-files).

use super::entity::RawEntity;
use super::pyvalue::PyValue;
use super::yamlval::to_py;
use crate::diag::{Diagnostic, Diags};
use crate::parse::{Cx, Fields};
use crate::yaml::Node;

/// One instance file.
#[derive(Debug, Clone)]
pub struct Instance {
    /// `ioc_name`, unrendered.
    pub ioc_name: String,
    /// Entities in file order.
    pub entities: Vec<RawEntity>,
}

const TOP_KEYS: &[&str] = &["ioc_name", "description", "entities", "shared"];

/// Decodes an instance file.
pub fn parse_instance(node: &Node) -> Result<Instance, Diags> {
    let mut cx = Cx::default();
    let top = node;
    let mut out = None;
    if let Some(mut f) = Fields::new(&mut cx, top, "IOC instance") {
        let name = f.req(&mut cx, "ioc_name", crate::parse::string);
        f.req(&mut cx, "description", crate::parse::string);
        let entities = f.req(&mut cx, "entities", |cx, n| {
            let Some(items) = n.as_seq() else {
                cx.err(
                    n.span,
                    format!("expected a list of entities, found {}", n.kind_name()),
                );
                return None;
            };
            let all: Vec<Option<RawEntity>> = items.iter().map(|i| raw_entity(cx, i)).collect();
            all.into_iter().collect::<Option<Vec<_>>>()
        });
        f.take("shared");
        f.finish(&mut cx, TOP_KEYS);
        if let (Some(ioc_name), Some(entities)) = (name, entities) {
            out = Some(Instance { ioc_name, entities });
        }
    }
    match out {
        Some(i) if cx.diags.is_empty() => Ok(i),
        _ => Err(cx.diags),
    }
}

/// Reads an entity mapping: `type` and its other keys as Python values.
pub(crate) fn raw_entity(cx: &mut Cx, node: &Node) -> Option<RawEntity> {
    let Some(entries) = node.as_map() else {
        cx.err(
            node.span,
            format!("expected an entity mapping, found {}", node.kind_name()),
        );
        return None;
    };
    let mut type_name = None;
    let mut args = indexmap::IndexMap::new();
    let mut arg_spans = indexmap::IndexMap::new();
    for (k, v) in entries {
        let key = k.scalar_text().unwrap_or_default();
        if key == "type" {
            arg_spans.insert(key.clone(), (k.span, v.span));
            match v.as_str() {
                Some(t) => type_name = Some(t.to_string()),
                None => cx.err(v.span, "expected the entity type as a string"),
            }
        } else {
            arg_spans.insert(key.clone(), (k.span, v.span));
            args.insert(key, to_py(v));
        }
    }
    let Some(type_name) = type_name else {
        cx.push(Diagnostic::invalid(node.span, "entity has no `type`"));
        return None;
    };
    Some(RawEntity {
        type_name,
        args,
        arg_spans,
        span: node.span,
    })
}

/// An entity mapping held as a Python value (sub-entities, repeat bodies)
/// back as a raw entity, located at `span`.
pub fn raw_from_py(v: &PyValue, span: crate::source::Span) -> Result<RawEntity, Diagnostic> {
    let PyValue::Dict(m) = v else {
        return Err(Diagnostic::invalid(span, "expected an entity mapping"));
    };
    let Some(PyValue::Str(t)) = m.get("type") else {
        return Err(Diagnostic::invalid(span, "entity has no `type`"));
    };
    Ok(RawEntity {
        type_name: t.clone(),
        args: m
            .iter()
            .filter(|(k, _)| *k != "type")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        arg_spans: Default::default(),
        span,
    })
}
