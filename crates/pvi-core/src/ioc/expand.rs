//! From instance files to the flat, ordered entity list: loading, repeats
//! and sub-entities (docs/behaviour/ioc.md#expansion).

use super::entity::{
    apply_enums, arg_error, entity_error, process, render_untyped, suggest, Entity, Ids, RawEntity,
};
use super::instance::{raw_from_py, Instance};
use super::jinja::Renderer;
use super::pyvalue::PyValue;
use super::support::EntityModel;
use super::yamlval::to_py;
use crate::diag::{DiagKind, Diagnostic};
use crate::resolve::{chain_text, ExpandLimits};
use crate::source::{Sources, Span};
use indexmap::IndexMap;

/// Deepest nesting of repeats and sub-entities accepted.
pub const MAX_NESTING: usize = 32;

/// The entity models of a run, by type name.
#[derive(Debug, Default)]
pub struct Models {
    /// Every model, in support-file order.
    pub list: Vec<EntityModel>,
    by_name: IndexMap<String, usize>,
}

impl Models {
    /// Adds models (a later model of the same type name replaces the earlier).
    pub fn extend(&mut self, models: Vec<EntityModel>) {
        for m in models {
            let i = self.list.len();
            self.by_name.insert(m.type_name.clone(), i);
            self.list.push(m);
        }
    }

    fn find(&self, raw: &RawEntity) -> Result<usize, Diagnostic> {
        self.by_name.get(&raw.type_name).copied().ok_or_else(|| {
            if self.list.is_empty() {
                return arg_error(
                    raw,
                    "type",
                    true,
                    "no support file was given or found",
                    format!(
                        "no support files: nothing defines entity type '{}'",
                        raw.type_name
                    ),
                )
                .with_note(
                    "help: give the support files after the instance \
                     (`pvi ioc generate ioc.yaml epics.ibek.support.yaml …`), \
                     or put them in EPICS_ROOT/ibek-defs or the config folder",
                );
            }
            let names: Vec<&str> = self.by_name.keys().map(String::as_str).collect();
            let d = arg_error(
                raw,
                "type",
                true,
                "unknown entity type",
                format!("unknown entity type '{}'", raw.type_name),
            );
            suggest(d, &raw.type_name, &names)
                .with_note("the type must be `<module>.<name>` of a support file given to this run")
        })
    }
}

enum Loaded {
    Entity(Entity),
    Repeat(RawEntity),
}

fn is_wait(t: &str) -> bool {
    t == "ibek.wait_ip" || t == "ibek.wait_usb"
}

/// Loads every instance's entities in order and expands them (depth first),
/// within `limits` (`max_entities`; `sources` locate the chain named when
/// it is exceeded).
pub fn entities(
    instances: &[Instance],
    models: &Models,
    r: &Renderer,
    limits: &ExpandLimits,
    sources: &Sources,
) -> Result<Vec<Entity>, Diagnostic> {
    let mut ids = Ids::new();
    let mut loaded = Vec::new();
    for inst in instances {
        for raw in &inst.entities {
            if is_wait(&raw.type_name) {
                continue;
            }
            if raw.type_name == "ibek.repeat" {
                loaded.push(Loaded::Repeat(raw.clone()));
                continue;
            }
            let mi = models.find(raw)?;
            let e = process(raw, &models.list[mi], mi, r, &mut ids)?;
            loaded.push(Loaded::Entity(e));
        }
    }
    for l in &mut loaded {
        if let Loaded::Entity(e) = l {
            apply_enums(e, &models.list[e.model]);
        }
    }
    let mut x = Expander {
        models,
        r,
        ids,
        out: Vec::new(),
        count: 0,
        max: limits.max_entities,
        chain: Vec::new(),
        sources,
    };
    let mut top_ctx: IndexMap<String, PyValue> = IndexMap::new();
    for l in loaded {
        match l {
            Loaded::Entity(e) => {
                top_ctx.extend(e.plain_fields());
                x.step(
                    &format!("entity of type '{}'", models.list[e.model].type_name),
                    e.span,
                )?;
                x.entity(e, &top_ctx, 0)?;
                x.chain.pop();
            }
            Loaded::Repeat(raw) => {
                x.step("ibek.repeat", raw.span)?;
                x.repeat(&raw, &top_ctx, 0)?;
                x.chain.pop();
            }
        }
    }
    Ok(x.out)
}

struct Expander<'a> {
    models: &'a Models,
    r: &'a Renderer,
    ids: Ids,
    out: Vec<Entity>,
    /// Entities, sub-entities and repeat iterations expanded so far.
    count: usize,
    /// [`ExpandLimits::max_entities`].
    max: usize,
    /// What is being expanded, outermost first: a description and its place.
    chain: Vec<(String, Span)>,
    sources: &'a Sources,
}

/// Weight of a context, charged to the Jinja work budget when copied.
fn weight(ctx: &IndexMap<String, PyValue>) -> u64 {
    ctx.iter()
        .map(|(k, v)| 1 + k.len() as u64 / 64 + v.weight())
        .sum()
}

impl Expander<'_> {
    /// Counts one more entity (`what` at `span`) and enters it; the error
    /// names the chain that led there once [`ExpandLimits::max_entities`]
    /// is crossed. The caller pops [`Expander::chain`] when done.
    fn step(&mut self, what: &str, span: Span) -> Result<(), Diagnostic> {
        self.chain.push((what.to_string(), span));
        self.count += 1;
        if self.count <= self.max {
            return Ok(());
        }
        let steps: Vec<String> = self
            .chain
            .iter()
            .map(|(what, at)| {
                let loc = if self.sources.try_get(at.file).is_some() {
                    self.sources.location(*at)
                } else {
                    "?".into()
                };
                format!("{what} ({loc})")
            })
            .collect();
        Err(Diagnostic::error(
            DiagKind::Validation,
            format!(
                "the IOC expands to more than {} entities (counting sub-entities and repeat iterations)",
                self.max
            ),
        )
        .at(span)
        .with_label("the entity that crossed the limit")
        .with_note(format!("expansion chain: {}", chain_text(&steps)))
        .with_note("a sub-entity or ibek.repeat multiplies the entities below it"))
    }

    /// Copies `ctx`, charging its size to the run's Jinja work budget.
    fn copy_ctx(
        &self,
        ctx: &IndexMap<String, PyValue>,
        at: Span,
    ) -> Result<IndexMap<String, PyValue>, Diagnostic> {
        self.r.charge(weight(ctx)).map_err(|m| {
            Diagnostic::error(DiagKind::Validation, m)
                .at(at)
                .with_label("while expanding this entity")
        })?;
        Ok(ctx.clone())
    }

    fn too_deep(&self, raw_span: crate::source::Span) -> Diagnostic {
        Diagnostic::error(
            DiagKind::Validation,
            format!("repeats and sub-entities nest deeper than {MAX_NESTING} levels"),
        )
        .at(raw_span)
    }

    /// Appends `e`, then its model's sub-entities (depth first).
    fn entity(
        &mut self,
        e: Entity,
        ctx: &IndexMap<String, PyValue>,
        depth: usize,
    ) -> Result<(), Diagnostic> {
        if depth > MAX_NESTING {
            return Err(self.too_deep(e.span));
        }
        let model = &self.models.list[e.model];
        self.out.push(e);
        if model.sub_entities.is_empty() {
            return Ok(());
        }
        let Some(e) = self.out.last() else {
            return Ok(());
        };
        let mut sub_ctx = self.copy_ctx(ctx, e.span)?;
        sub_ctx.extend(e.plain_fields());
        for node in &model.sub_entities {
            let raw = raw_from_py(&to_py(node), node.span)?;
            self.step(&format!("sub-entity of type '{}'", raw.type_name), raw.span)?;
            self.raw(&raw, &sub_ctx, depth + 1)?;
            self.chain.pop();
        }
        Ok(())
    }

    /// Renders the arguments of `raw` with `ctx`, then builds and expands it.
    fn raw(
        &mut self,
        raw: &RawEntity,
        ctx: &IndexMap<String, PyValue>,
        depth: usize,
    ) -> Result<(), Diagnostic> {
        if is_wait(&raw.type_name) {
            return Ok(());
        }
        if raw.type_name == "ibek.repeat" {
            return self.repeat(raw, ctx, depth);
        }
        let mut rendered = raw.clone();
        for (k, v) in rendered.args.iter_mut() {
            *v = render_untyped(v, ctx, self.r)
                .map_err(|m| entity_error(raw, format!("argument '{k}': {m}")))?;
        }
        let mi = self.models.find(&rendered)?;
        let mut e = process(&rendered, &self.models.list[mi], mi, self.r, &mut self.ids)?;
        apply_enums(&mut e, &self.models.list[mi]);
        self.entity(e, ctx, depth)
    }

    /// Expands an `ibek.repeat`: one entity per value, with `<variable>` and `<variable>_num`.
    fn repeat(
        &mut self,
        raw: &RawEntity,
        ctx: &IndexMap<String, PyValue>,
        depth: usize,
    ) -> Result<(), Diagnostic> {
        if depth > MAX_NESTING {
            return Err(self.too_deep(raw.span));
        }
        for k in raw.args.keys() {
            if !matches!(
                k.as_str(),
                "values" | "variable" | "entity" | "entity_enabled"
            ) {
                let known = ["values", "variable", "entity", "entity_enabled"];
                let d = arg_error(
                    raw,
                    k,
                    false,
                    "unknown argument",
                    format!("unknown argument '{k}' for ibek.repeat"),
                );
                return Err(suggest(d, k, &known));
            }
        }
        let values = match raw.args.get("values") {
            Some(v) => render_untyped(v, ctx, self.r)
                .map_err(|m| entity_error(raw, format!("argument 'values': {m}")))?,
            None => return Err(entity_error(raw, "missing required argument 'values'")),
        };
        let values = match values {
            PyValue::List(items) => items,
            PyValue::Str(s) => match super::pyvalue::literal_eval(&s) {
                Some(PyValue::List(items)) => items,
                _ => {
                    return Err(entity_error(
                        raw,
                        format!("'values' should be a list, found '{s}'"),
                    ))
                }
            },
            other => {
                return Err(entity_error(
                    raw,
                    format!("'values' should be a list, found {}", other.type_name()),
                ))
            }
        };
        let variable = match raw.args.get("variable") {
            None | Some(PyValue::None) => "index".to_string(),
            Some(PyValue::Str(s)) => s.clone(),
            Some(_) => return Err(entity_error(raw, "'variable' should be a string")),
        };
        let Some(body) = raw.args.get("entity") else {
            return Err(entity_error(raw, "missing required argument 'entity'"));
        };
        let inner = raw_from_py(body, raw.span)?;
        for (i, value) in values.into_iter().enumerate() {
            self.step(&format!("ibek.repeat item {i} of `{variable}`"), raw.span)?;
            let mut c = self.copy_ctx(ctx, raw.span)?;
            c.insert(variable.clone(), value);
            c.insert(format!("{variable}_num"), PyValue::Int(i as i64));
            self.raw(&inner, &c, depth + 1)?;
            self.chain.pop();
        }
        Ok(())
    }
}
