//! Processing one entity: defaults, lax type checks, rendering its fields in
//! order, object references and ids (docs/behaviour/ioc.md#entities).

use super::jinja::Renderer;
use super::pyvalue::{literal_eval, EntityRef, PyValue};
use super::support::{EntityModel, ParamType};
use crate::diag::{DiagKind, Diagnostic};
use crate::source::Span;
use indexmap::IndexMap;
use std::sync::Arc;

/// An entity as written: its arguments and where it is.
#[derive(Debug, Clone)]
pub struct RawEntity {
    /// `type` value.
    pub type_name: String,
    /// Every key except `type`, in order.
    pub args: IndexMap<String, PyValue>,
    /// Where each argument's key and value are (and `type`'s), when the
    /// entity was read from YAML (not for sub-entities and repeat bodies,
    /// made from values).
    pub arg_spans: IndexMap<String, (Span, Span)>,
    /// The entity's mapping.
    pub span: Span,
}

/// A processed entity.
#[derive(Debug, Clone)]
pub struct Entity {
    /// Index of its model in the model list.
    pub model: usize,
    /// Fields: `type`, `entity_enabled`, defines and parameters.
    pub fields: IndexMap<String, PyValue>,
    /// Where it came from.
    pub span: Span,
}

impl Entity {
    /// The fields with object references shown as plain mappings (the
    /// context of sub-entity and repeat arguments, docs/behaviour/ioc.md#contexts).
    pub fn plain_fields(&self) -> IndexMap<String, PyValue> {
        self.fields
            .iter()
            .map(|(k, v)| (k.clone(), plain(v)))
            .collect()
    }
}

fn plain(v: &PyValue) -> PyValue {
    match v {
        PyValue::Entity(e) => PyValue::Dict(
            e.fields
                .iter()
                .map(|(k, v)| (k.clone(), plain(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Ids registered so far: id → the entity's object view.
pub type Ids = IndexMap<String, Arc<EntityRef>>;

/// Builds the diagnostic for entity `raw` with `message`.
pub fn entity_error(raw: &RawEntity, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(DiagKind::Validation, message)
        .at(raw.span)
        .with_label(format!("in this entity of type '{}'", raw.type_name))
}

/// The diagnostic for argument `name` of `raw` with `message`: at the
/// argument's key (or its value, `at_value`) labelled `label`, or at the
/// whole entity when the argument has no place of its own.
pub fn arg_error(
    raw: &RawEntity,
    name: &str,
    at_value: bool,
    label: &str,
    message: impl Into<String>,
) -> Diagnostic {
    match raw.arg_spans.get(name) {
        Some(&(key, value)) => Diagnostic::error(DiagKind::Validation, message)
            .at(if at_value { value } else { key })
            .with_label(label)
            .with_note(format!("in an entity of type '{}'", raw.type_name)),
        None => entity_error(raw, message),
    }
}

/// `help: did you mean 'x'?` on `d` when `word` is close to one of `known`.
pub fn suggest(d: Diagnostic, word: &str, known: &[&str]) -> Diagnostic {
    match crate::parse::did_you_mean(word, known) {
        Some(s) => d.with_note(format!("help: did you mean '{s}'?")),
        None => d,
    }
}

/// Validates and processes `raw` against `model` (index `model_index`).
pub fn process(
    raw: &RawEntity,
    model: &EntityModel,
    model_index: usize,
    r: &Renderer,
    ids: &mut Ids,
) -> Result<Entity, Diagnostic> {
    let err = |m: String| entity_error(raw, m);
    for k in raw.args.keys() {
        if k != "entity_enabled" && !model.parameters.contains_key(k) {
            let known: Vec<&str> = model.parameters.keys().map(String::as_str).collect();
            let d = arg_error(
                raw,
                k,
                false,
                "unknown argument",
                format!("unknown argument '{k}' for entity type '{}'", raw.type_name),
            );
            return Err(suggest(d, k, &known).with_note(format!(
                "parameters of '{}': {}",
                raw.type_name,
                known.join(", ")
            )));
        }
    }
    let enabled = match raw.args.get("entity_enabled") {
        None => PyValue::Bool(true),
        Some(v) => match lax(v, ParamType::Bool) {
            Some(b) => b,
            None => return Err(err("'entity_enabled' should be a valid boolean".into())),
        },
    };
    let mut fields: IndexMap<String, PyValue> = IndexMap::new();
    fields.insert("type".into(), PyValue::Str(raw.type_name.clone()));
    fields.insert("entity_enabled".into(), enabled);
    for (name, p) in &model.parameters {
        let v = match raw.args.get(name).cloned().or_else(|| p.default.clone()) {
            Some(v) => v,
            None => return Err(err(format!("missing required argument '{name}'"))),
        };
        let v = match lax(&v, p.ty) {
            Some(v) => v,
            None => {
                return Err(arg_error(
                    raw,
                    name,
                    true,
                    "wrong type",
                    format!(
                        "argument '{name}' should be of type {}, found {} {}",
                        type_word(p.ty),
                        v.type_name(),
                        v.py_repr().unwrap_or_default()
                    ),
                ))
            }
        };
        fields.insert(name.clone(), v);
    }
    let mut id_value = None;
    let defines =
        |d: &IndexMap<String, super::support::Define>| -> Vec<(String, ParamType, PyValue)> {
            d.iter()
                .map(|(k, d)| (k.clone(), d.ty, d.value.clone()))
                .collect()
        };
    let mut order: Vec<(String, ParamType, PyValue)> = defines(&model.pre_defines);
    for (name, p) in &model.parameters {
        let v = fields.get(name).cloned().unwrap_or(PyValue::None);
        order.push((name.clone(), p.ty, v));
    }
    order.extend(defines(&model.post_defines));
    for (name, ty, value) in order {
        let mut v = value;
        if let PyValue::Str(s) = &v {
            let text = r
                .render(s, &fields)
                .map_err(|m| err(format!("argument '{name}': {m}")))?;
            v = convert(&text, ty).ok_or_else(|| {
                err(format!(
                    "argument '{name}': cannot convert '{text}' to {}",
                    type_word(ty)
                ))
            })?;
        }
        match ty {
            ParamType::Object => {
                let key = v.py_str().unwrap_or_default();
                match ids.get(&key) {
                    Some(e) => v = PyValue::Entity(e.clone()),
                    None => {
                        let known: Vec<&str> = ids.keys().map(String::as_str).collect();
                        let d = arg_error(
                            raw,
                            &name,
                            true,
                            "no entity before this one has this id",
                            format!("object {key} not found in {known:?}"),
                        );
                        return Err(suggest(d, &key, &known));
                    }
                }
            }
            ParamType::Id => id_value = v.py_str(),
            _ => {}
        }
        fields.insert(name, v);
    }
    if let Some(id) = &id_value {
        if ids.contains_key(id) {
            return Err(err(format!("Duplicate id {id}")));
        }
        let view = Arc::new(EntityRef {
            id: Some(id.clone()),
            type_name: raw.type_name.clone(),
            fields: fields.clone(),
        });
        ids.insert(id.clone(), view);
    }
    Ok(Entity {
        model: model_index,
        fields,
        span: raw.span,
    })
}

/// Swaps enum fields from key to mapped value (unless that value is null).
pub fn apply_enums(e: &mut Entity, model: &EntityModel) {
    for (name, p) in &model.parameters {
        if p.ty != ParamType::Enum {
            continue;
        }
        if let Some(v) = e.fields.get_mut(name) {
            let key = v.py_str().unwrap_or_default();
            if let Some(mapped) = p.values.get(&key) {
                if *mapped != PyValue::None {
                    *v = mapped.clone();
                }
            }
        }
    }
}

fn type_word(t: ParamType) -> &'static str {
    match t {
        ParamType::Str => "str",
        ParamType::Int => "int",
        ParamType::Float => "float",
        ParamType::Bool => "bool",
        ParamType::Id => "id",
        ParamType::Object => "object",
        ParamType::Enum => "enum",
        ParamType::List => "list",
        ParamType::Dict => "dict",
    }
}

fn is_jinja(s: &str) -> bool {
    s.contains("{{") || s.contains("{%")
}

/// pydantic's lax check of a value given for a parameter of type `ty`.
fn lax(v: &PyValue, ty: ParamType) -> Option<PyValue> {
    use PyValue as P;
    match (ty, v) {
        (_, P::Str(s)) if is_jinja(s) => Some(v.clone()),
        (ParamType::Str | ParamType::Id | ParamType::Object, P::Str(_)) => Some(v.clone()),
        (ParamType::Enum, P::Str(_) | P::Int(_) | P::Bool(_)) => Some(v.clone()),
        (ParamType::Int, P::Int(_)) => Some(v.clone()),
        (ParamType::Int, P::Float(f)) if f.fract() == 0.0 => Some(P::Int(*f as i64)),
        (ParamType::Int, P::Str(s)) => s.trim().parse::<i64>().ok().map(P::Int),
        (ParamType::Float, P::Int(i)) => Some(P::Float(*i as f64)),
        (ParamType::Float, P::Float(_)) => Some(v.clone()),
        (ParamType::Float, P::Str(s)) => s.trim().parse::<f64>().ok().map(P::Float),
        (ParamType::Bool, P::Bool(_)) => Some(v.clone()),
        (ParamType::Bool, P::Int(0)) => Some(P::Bool(false)),
        (ParamType::Bool, P::Int(1)) => Some(P::Bool(true)),
        (ParamType::Bool, P::Str(s)) => match s.to_ascii_lowercase().as_str() {
            "0" | "off" | "f" | "false" | "n" | "no" => Some(P::Bool(false)),
            "1" | "on" | "t" | "true" | "y" | "yes" => Some(P::Bool(true)),
            _ => None,
        },
        (ParamType::List, P::List(_)) => Some(v.clone()),
        (ParamType::Dict, P::Dict(_)) => Some(v.clone()),
        _ => None,
    }
}

/// Converts rendered text to `ty` (read as a Python literal); `None` if it cannot be.
pub fn convert(text: &str, ty: ParamType) -> Option<PyValue> {
    if !ty.is_literal() {
        return Some(PyValue::Str(text.to_string()));
    }
    let v = literal_eval(text).or_else(|| lax(&PyValue::Str(text.to_string()), ty))?;
    match (ty, v) {
        (ParamType::Int, PyValue::Int(i)) => Some(PyValue::Int(i)),
        (ParamType::Int, PyValue::Bool(b)) => Some(PyValue::Int(i64::from(b))),
        (ParamType::Int, PyValue::Float(f)) if f.fract() == 0.0 => Some(PyValue::Int(f as i64)),
        (ParamType::Float, PyValue::Int(i)) => Some(PyValue::Float(i as f64)),
        (ParamType::Float, PyValue::Float(f)) => Some(PyValue::Float(f)),
        (ParamType::Bool, PyValue::Bool(b)) => Some(PyValue::Bool(b)),
        (ParamType::Bool, PyValue::Int(i @ (0 | 1))) => Some(PyValue::Bool(i == 1)),
        (ParamType::List, v @ PyValue::List(_)) => Some(v),
        (ParamType::Dict, v @ PyValue::Dict(_)) => Some(v),
        _ => None,
    }
}

/// Renders a value without a target type: strings (and list items) are
/// rendered; a template with `| int }}` etc. converts its result (as ibek does).
pub fn render_untyped(
    v: &PyValue,
    ctx: &IndexMap<String, PyValue>,
    r: &Renderer,
) -> Result<PyValue, String> {
    match v {
        PyValue::Str(s) => {
            let text = r.render(s, ctx)?;
            Ok(match implicit_type(s) {
                Some(ty) => convert(&text, ty).unwrap_or(PyValue::Str(text)),
                None => PyValue::Str(text),
            })
        }
        PyValue::List(items) => Ok(PyValue::List(
            items
                .iter()
                .map(|i| render_untyped(i, ctx, r))
                .collect::<Result<_, _>>()?,
        )),
        other => Ok(other.clone()),
    }
}

/// The type named by the first `| word }}` of a template, if it is one of
/// `int float bool list dict`.
fn implicit_type(template: &str) -> Option<ParamType> {
    let mut rest = template;
    while let Some(i) = rest.find('|') {
        let after = &rest[i + 1..];
        let word_start = after.trim_start();
        let word: String = word_start
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let tail = word_start[word.len()..].trim_start();
        if !word.is_empty() && tail.starts_with("}}") {
            return match word.as_str() {
                "int" => Some(ParamType::Int),
                "float" => Some(ParamType::Float),
                "bool" => Some(ParamType::Bool),
                "list" => Some(ParamType::List),
                "dict" => Some(ParamType::Dict),
                _ => None,
            };
        }
        rest = after;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn implicit_types() {
        assert_eq!(
            implicit_type("{{ range(3) | list }}"),
            Some(ParamType::List)
        );
        assert_eq!(implicit_type("{{ x|int}}"), Some(ParamType::Int));
        assert_eq!(implicit_type("{{ x | upper }}{{ y | int }}"), None);
        assert_eq!(implicit_type("{{ x }}"), None);
    }

    #[test]
    fn conversions() {
        assert_eq!(convert("3", ParamType::Int), Some(PyValue::Int(3)));
        assert_eq!(convert("3", ParamType::Float), Some(PyValue::Float(3.0)));
        assert_eq!(convert("True", ParamType::Bool), Some(PyValue::Bool(true)));
        assert_eq!(convert("abc", ParamType::Int), None);
        assert_eq!(convert("3", ParamType::Str), Some(PyValue::Str("3".into())));
    }
}
