//! Support YAML (`*.ibek.support.yaml`): the subset that matters for PVI
//! (docs/behaviour/ioc.md#support-files), decoded from located YAML with merge keys applied.

use super::pyvalue::PyValue;
use super::yamlval::to_py;
use crate::diag::Diags;
use crate::parse::{Cx, Fields};
use crate::source::Span;
use crate::yaml::Node;
use indexmap::IndexMap;

/// The type of a parameter or define.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    /// `str`
    Str,
    /// `int`
    Int,
    /// `float`
    Float,
    /// `bool`
    Bool,
    /// `id`: names this instance for `object` parameters of others.
    Id,
    /// `object`: refers to an earlier instance by its id.
    Object,
    /// `enum`: a key of `values`.
    Enum,
    /// `list`
    List,
    /// `dict`
    Dict,
}

impl ParamType {
    const NAMES: [&'static str; 9] = [
        "str", "int", "float", "bool", "id", "object", "enum", "list", "dict",
    ];

    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "str" => ParamType::Str,
            "int" => ParamType::Int,
            "float" => ParamType::Float,
            "bool" => ParamType::Bool,
            "id" => ParamType::Id,
            "object" => ParamType::Object,
            "enum" => ParamType::Enum,
            "list" => ParamType::List,
            "dict" => ParamType::Dict,
            _ => return None,
        })
    }

    /// Whether rendered text is parsed as a Python literal for this type.
    pub fn is_literal(self) -> bool {
        matches!(
            self,
            ParamType::Int | ParamType::Float | ParamType::Bool | ParamType::List | ParamType::Dict
        )
    }
}

/// One parameter of an entity model.
#[derive(Debug, Clone)]
pub struct Param {
    /// Type.
    pub ty: ParamType,
    /// Default (`None` = required).
    pub default: Option<PyValue>,
    /// For `enum`: key → mapped value (null keeps the key).
    pub values: IndexMap<String, PyValue>,
}

/// A pre/post define: a computed field.
#[derive(Debug, Clone)]
pub struct Define {
    /// Type the rendered value is converted to.
    pub ty: ParamType,
    /// Raw value (rendered at processing time).
    pub value: PyValue,
}

/// The `pvi:` block of an entity model (docs/behaviour/ioc.md#the-pvi-block).
#[derive(Debug, Clone)]
pub struct PviBlock {
    /// Device YAML path; rendered with Jinja.
    pub yaml_path: String,
    /// Add a button to `index.bob`.
    pub ui_index: bool,
    /// Macro name → template (`None` = the field of the same name).
    pub ui_macros: Option<IndexMap<String, Option<String>>>,
    /// Write a template and a subst row.
    pub pv: bool,
    /// Prefix of the PVI group, used verbatim.
    pub pv_prefix: String,
    /// Where the block is.
    pub span: Span,
}

/// An entity model: `<module>.<name>`.
#[derive(Debug, Clone)]
pub struct EntityModel {
    /// `module.name`.
    pub type_name: String,
    /// Defines processed before the parameters.
    pub pre_defines: IndexMap<String, Define>,
    /// Parameters in declaration order.
    pub parameters: IndexMap<String, Param>,
    /// Defines processed after the parameters.
    pub post_defines: IndexMap<String, Define>,
    /// Sub-entity mappings, instantiated after each instance.
    pub sub_entities: Vec<Node>,
    /// The PVI block, if any.
    pub pvi: Option<PviBlock>,
    /// Where the model is defined.
    pub span: Span,
}

const TOP_KEYS: &[&str] = &["module", "entity_models", "shared"];
const MODEL_KEYS: &[&str] = &[
    "name",
    "description",
    "pre_defines",
    "post_defines",
    "parameters",
    "sub_entities",
    "pvi",
    "validate",
    "databases",
    "pre_init",
    "post_init",
    "env_vars",
    "shared",
];
const PARAM_KEYS: &[&str] = &["type", "description", "default", "values"];
const DEFINE_KEYS: &[&str] = &["description", "value", "type"];
const PVI_KEYS: &[&str] = &["yaml_path", "ui_index", "ui_macros", "pv", "pv_prefix"];

/// Decodes one support file's entity models.
pub fn parse_support(node: &Node) -> Result<Vec<EntityModel>, Diags> {
    let mut cx = Cx::default();
    let mut out = Vec::new();
    let top = node;
    if let Some(mut f) = Fields::new(&mut cx, top, "support module") {
        let module = f.req(&mut cx, "module", crate::parse::string);
        let models = f.req(&mut cx, "entity_models", |cx, n| {
            let items = n.as_seq().map(<[Node]>::to_vec);
            if items.is_none() {
                cx.err(
                    n.span,
                    format!("expected a list of entity models, found {}", n.kind_name()),
                );
            }
            items
        });
        f.take("shared");
        f.finish(&mut cx, TOP_KEYS);
        if let (Some(module), Some(models)) = (module, models) {
            for m in &models {
                if let Some(model) = entity_model(&mut cx, &module, m) {
                    out.push(model);
                }
            }
        }
    }
    if cx.diags.is_empty() {
        Ok(out)
    } else {
        Err(cx.diags)
    }
}

fn entity_model(cx: &mut Cx, module: &str, node: &Node) -> Option<EntityModel> {
    let mut f = Fields::new(cx, node, "entity model")?;
    let name = f.req(cx, "name", crate::parse::string);
    f.req(cx, "description", crate::parse::string);
    let pre = f.opt(cx, "pre_defines", defines).unwrap_or_default();
    let params = f.opt(cx, "parameters", parameters).unwrap_or_default();
    let post = f.opt(cx, "post_defines", defines).unwrap_or_default();
    let subs = f
        .opt(cx, "sub_entities", |cx, n| {
            let s = n.as_seq().map(|s| s.to_vec());
            if s.is_none() {
                cx.err(n.span, "expected a list of entities");
            }
            s
        })
        .unwrap_or_default();
    let pvi = f.opt(cx, "pvi", pvi_block);
    for k in [
        "validate",
        "databases",
        "pre_init",
        "post_init",
        "env_vars",
        "shared",
    ] {
        f.take(k);
    }
    f.finish(cx, MODEL_KEYS);
    Some(EntityModel {
        type_name: format!("{module}.{}", name?),
        pre_defines: pre,
        parameters: params,
        post_defines: post,
        sub_entities: subs,
        pvi,
        span: node.span,
    })
}

fn param_type(cx: &mut Cx, n: &Node) -> Option<ParamType> {
    let s = crate::parse::string(cx, n)?;
    let t = ParamType::parse(&s);
    if t.is_none() {
        cx.err(
            n.span,
            format!(
                "unknown parameter type '{s}' (expected one of {})",
                ParamType::NAMES.join(", ")
            ),
        );
    }
    t
}

fn parameters(cx: &mut Cx, n: &Node) -> Option<IndexMap<String, Param>> {
    let Some(entries) = n.as_map() else {
        cx.err(n.span, "expected a mapping of parameters");
        return None;
    };
    let mut out = IndexMap::new();
    for (k, v) in entries {
        let Some(name) = crate::parse::string(cx, k) else {
            continue;
        };
        let Some(mut f) = Fields::new(cx, v, "parameter") else {
            continue;
        };
        let ty = f.req(cx, "type", param_type);
        f.req(cx, "description", crate::parse::string);
        let default = f.take("default").map(to_py).filter(|d| *d != PyValue::None);
        let values = f
            .opt(cx, "values", |cx, n| match to_py(n) {
                PyValue::Dict(m) => Some(m),
                _ => {
                    cx.err(n.span, "expected a mapping of enum values");
                    None
                }
            })
            .unwrap_or_default();
        f.finish(cx, PARAM_KEYS);
        if let Some(ty) = ty {
            out.insert(
                name,
                Param {
                    ty,
                    default,
                    values,
                },
            );
        }
    }
    Some(out)
}

fn defines(cx: &mut Cx, n: &Node) -> Option<IndexMap<String, Define>> {
    let Some(entries) = n.as_map() else {
        cx.err(n.span, "expected a mapping of defines");
        return None;
    };
    let mut out = IndexMap::new();
    for (k, v) in entries {
        let Some(name) = crate::parse::string(cx, k) else {
            continue;
        };
        let Some(mut f) = Fields::new(cx, v, "define") else {
            continue;
        };
        f.req(cx, "description", crate::parse::string);
        let value = f.take("value").map(to_py).unwrap_or(PyValue::None);
        let ty = f.opt(cx, "type", param_type).unwrap_or(ParamType::Str);
        f.finish(cx, DEFINE_KEYS);
        out.insert(name, Define { ty, value });
    }
    Some(out)
}

fn pvi_block(cx: &mut Cx, n: &Node) -> Option<PviBlock> {
    let mut f = Fields::new(cx, n, "pvi block")?;
    let yaml_path = f.req(cx, "yaml_path", crate::parse::string);
    let ui_index = f.opt(cx, "ui_index", crate::parse::boolean).unwrap_or(true);
    let ui_macros = f.opt(cx, "ui_macros", |cx, n| {
        let Some(entries) = n.as_map() else {
            cx.err(n.span, "expected a mapping of macro name to value");
            return None;
        };
        let mut m = IndexMap::new();
        for (k, v) in entries {
            let key = crate::parse::string(cx, k)?;
            let val = if v.is_null() {
                None
            } else {
                Some(crate::parse::string(cx, v)?)
            };
            m.insert(key, val);
        }
        Some(m)
    });
    let pv = f.opt(cx, "pv", crate::parse::boolean).unwrap_or(false);
    let pv_prefix = f
        .opt(cx, "pv_prefix", crate::parse::string)
        .unwrap_or_default();
    f.finish(cx, PVI_KEYS);
    Some(PviBlock {
        yaml_path: yaml_path?,
        ui_index,
        ui_macros,
        pv,
        pv_prefix,
        span: n.span,
    })
}
