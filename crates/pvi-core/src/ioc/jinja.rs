//! Jinja rendering as ibek does it (docs/behaviour/ioc.md#jinja): strict undefined names,
//! Python-style printing, the `_global` helper, `env`, and the context
//! precedence of globals over entity fields.

use super::pyvalue::{float_repr, str_repr, EntityRef, PyValue};
use indexmap::IndexMap;
use minijinja::value::{Enumerator, Kwargs, Object, ObjectExt, ObjectRepr, Value};
use minijinja::{Environment, Error, ErrorKind, State, UndefinedBehavior};
use std::sync::{Arc, Mutex};

/// Work one render may do (minijinja fuel: about one per instruction and
/// per 64 bytes created), so a template cannot loop for ever or fill the
/// memory (`{% for i in range(100000) %}…`, `'a' * 100000000`): ~13 MB.
pub const RENDER_FUEL: u64 = 200_000;

/// Values shared by every render of one run (`_global`, `ioc_name`, `env`).
#[derive(Debug, Default)]
struct Shared {
    vars: IndexMap<String, Value>,
    ioc_name: String,
    ioc_yaml_file_name: String,
    env: IndexMap<String, String>,
}

/// Work done by the renders of one run, against its budget.
#[derive(Debug)]
struct Meter {
    used: u64,
    max: u64,
}

/// A Jinja engine configured like ibek's, with the run's global state.
pub struct Renderer {
    env: Environment<'static>,
    shared: Arc<Mutex<Shared>>,
    meter: Mutex<Meter>,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Renderer")
    }
}

impl Renderer {
    /// A renderer whose `env` and `_global.get_env` see `environment`, with
    /// the default work budget ([`crate::resolve::ExpandLimits::max_jinja_work`]).
    pub fn new(environment: IndexMap<String, String>, ioc_yaml_file_name: &str) -> Self {
        let mut env = Environment::new();
        // ibek's Jinja2 environment has no `debug()` (it needs an extension
        // ibek does not load): calling it is an undefined-name error there,
        // and minijinja's would print the engine state
        env.remove_global("debug");
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        // Python's methods on strings, lists and dicts (`"axes_{}".format(n)`,
        // `.upper()`, `.split()`, `.items()`), as ibek's templates use them
        env.set_unknown_method_callback(minijinja_contrib::pycompat::unknown_method_callback);
        // `x|string` prints as Python's str() does (`True`, `None`)
        env.add_filter("string", |v: Value| py_format(&v, false).map(Value::from));
        env.set_fuel(Some(RENDER_FUEL));
        env.set_formatter(|out, _state, value| {
            let s = py_format(value, false)?;
            std::fmt::Write::write_str(out, &s).map_err(Error::from)
        });
        let shared = Shared {
            env: environment,
            ioc_yaml_file_name: ioc_yaml_file_name.to_string(),
            ..Shared::default()
        };
        Renderer {
            env,
            shared: Arc::new(Mutex::new(shared)),
            meter: Mutex::new(Meter {
                used: 0,
                max: crate::resolve::ExpandLimits::default().max_jinja_work,
            }),
        }
    }

    /// Sets the work budget of the whole run (fuel plus template and
    /// context sizes, see [`Renderer::charge`]).
    pub fn set_work_limit(&self, max: u64) {
        if let Ok(mut m) = self.meter.lock() {
            m.max = max;
        }
    }

    /// Counts `units` of work against the run's budget; the error says the
    /// budget is spent. Renders charge themselves; expansion charges the
    /// contexts it copies.
    pub fn charge(&self, units: u64) -> Result<(), String> {
        let mut m = self
            .meter
            .lock()
            .map_err(|_| "the Jinja work meter is poisoned".to_string())?;
        m.used = m.used.saturating_add(units);
        if m.used > m.max {
            return Err(format!(
                "the IOC's Jinja rendering exceeds the run's work budget of {} units \
                 (templates rendered with contexts too large or too often)",
                m.max
            ));
        }
        Ok(())
    }

    /// Sets the value of `ioc_name` seen by later renders.
    pub fn set_ioc_name(&self, name: &str) {
        if let Ok(mut s) = self.shared.lock() {
            s.ioc_name = name.to_string();
        }
    }

    /// Renders `template` with the fields `fields`; the error is a message.
    pub fn render(
        &self,
        template: &str,
        fields: &IndexMap<String, PyValue>,
    ) -> Result<String, String> {
        if !template.contains("{{") && !template.contains("{%") && !template.contains("{#") {
            self.charge(1 + template.len() as u64 / 64)?;
            return Ok(template.strip_suffix('\n').unwrap_or(template).to_string());
        }
        let context_weight: u64 = fields.values().map(PyValue::weight).sum();
        self.charge(1 + template.len() as u64 / 16 + context_weight)?;
        let ctx = Context {
            fields: fields
                .iter()
                .map(|(k, v)| (k.clone(), to_value(v)))
                .collect(),
            shared: self.shared.clone(),
        };
        let tmpl = self
            .env
            .template_from_str(template)
            .map_err(|e| describe(&e, template, None))?;
        let ctx_value = Value::from_object(ctx);
        let done = tmpl
            .render_captured(ctx_value.clone())
            .map_err(|e| describe(&e, template, Some((&tmpl, &ctx_value))))?;
        let fuel = done.state().fuel_levels().map_or(0, |(used, _)| used);
        self.charge(fuel)?;
        Ok(done.into_output())
    }
}

fn describe(
    e: &Error,
    template: &str,
    with: Option<(&minijinja::Template<'_, '_>, &Value)>,
) -> String {
    if e.kind() == ErrorKind::UndefinedError {
        if let Some((tmpl, ctx)) = with {
            let mut names: Vec<String> = tmpl.undeclared_variables(false).into_iter().collect();
            names.sort();
            let missing = names
                .into_iter()
                .find(|n| ctx.get_attr(n).map(|v| v.is_undefined()).unwrap_or(true));
            if let Some(n) = missing {
                return format!("Error rendering template: '{n}' is undefined (in `{template}`)");
            }
        }
        return format!("Error rendering template: undefined value (in `{template}`)");
    }
    if e.kind() == ErrorKind::UnknownFunction {
        // as Jinja2 words it: calling a name that does not exist
        if let Some(name) = e.detail().and_then(|d| d.strip_suffix(" is unknown")) {
            return format!("Error rendering template: '{name}' is undefined (in `{template}`)");
        }
    }
    let detail = e.detail().map(|d| format!(": {d}")).unwrap_or_default();
    format!(
        "Error rendering template: {}{detail} (in `{template}`)",
        e.kind()
    )
}

/// The render context: globals first, then the entity's fields.
#[derive(Debug)]
struct Context {
    fields: IndexMap<String, Value>,
    shared: Arc<Mutex<Shared>>,
}

impl Object for Context {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let key = key.as_str()?;
        let shared = self.shared.lock().ok()?;
        match key {
            "_global" => return Some(Value::from_object(Global(self.shared.clone()))),
            "ioc_name" => return Some(Value::from(shared.ioc_name.clone())),
            "ioc_yaml_file_name" => return Some(Value::from(shared.ioc_yaml_file_name.clone())),
            _ => {}
        }
        if let Some(v) = shared.vars.get(key) {
            return Some(v.clone());
        }
        if let Some(v) = self.fields.get(key) {
            return Some(v.clone());
        }
        if key == "env" {
            let m: IndexMap<String, Value> = shared
                .env
                .iter()
                .map(|(k, v)| (k.clone(), Value::from(v.clone())))
                .collect();
            return Some(Value::from_object(Dict(m)));
        }
        None
    }
}

/// `_global`: ibek's helper object.
#[derive(Debug)]
struct Global(Arc<Mutex<Shared>>);

impl Object for Global {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Plain
    }

    fn call_method(
        self: &Arc<Self>,
        _state: &mut State<'_, '_>,
        method: &str,
        args: &[Value],
    ) -> Result<Value, Error> {
        let mut s = self
            .0
            .lock()
            .map_err(|_| Error::new(ErrorKind::InvalidOperation, "state poisoned"))?;
        let params: &[&str] = match method {
            "get_env" => &["key"],
            "set" => &["key", "value"],
            "get" => &["key", "default"],
            "incrementor" => &["name", "start", "increment", "stop"],
            _ => return Err(Error::from(ErrorKind::UnknownMethod)),
        };
        let bound = bind(method, params, args)?;
        let arg = |i: usize| bound.get(i).and_then(Option::as_ref);
        // ibek keys its variables by str(name)
        let name = || match arg(0) {
            Some(v) => py_format(v, false),
            None => Err(Error::new(
                ErrorKind::MissingArgument,
                format!("{method}() missing required argument '{}'", params[0]),
            )),
        };
        match method {
            "get_env" => Ok(Value::from(
                s.env.get(&name()?).cloned().unwrap_or_default(),
            )),
            "set" => {
                let v = arg(1).cloned().unwrap_or(Value::from(()));
                s.vars.insert(name()?, v.clone());
                Ok(v)
            }
            "get" => {
                let n = name()?;
                Ok(s.vars
                    .get(&n)
                    .cloned()
                    .or_else(|| arg(1).cloned())
                    .unwrap_or(Value::from("")))
            }
            "incrementor" => {
                let n = name()?;
                let num = |i: usize, d: i64| arg(i).and_then(|v| v.as_i64()).unwrap_or(d);
                let (start, inc) = (num(1, 0), num(2, 1));
                let stop = arg(3).and_then(|v| v.as_i64());
                let next = match s.vars.get(&n).and_then(|v| v.as_i64()) {
                    // Python's integers do not overflow; ours stop at 64 bits
                    Some(cur) => cur.checked_add(inc).ok_or_else(|| {
                        Error::new(
                            ErrorKind::InvalidOperation,
                            format!(
                                "Counter {n} overflows: {cur} + {inc} is outside \
                                 the 64-bit integer range"
                            ),
                        )
                    })?,
                    None => start,
                };
                if stop.is_some_and(|st| next > st) {
                    return Err(Error::new(
                        ErrorKind::InvalidOperation,
                        format!(
                            "Counter {n} exceeded maximum value of {}",
                            stop.unwrap_or(0)
                        ),
                    ));
                }
                s.vars.insert(n, Value::from(next));
                Ok(Value::from(next))
            }
            _ => Err(Error::from(ErrorKind::UnknownMethod)),
        }
    }
}

/// The arguments of a call to one of `_global`'s methods, by parameter, as
/// Python binds them: positional first, then keywords; an unknown keyword,
/// one given twice or too many positional arguments is an error.
fn bind(method: &str, params: &[&str], args: &[Value]) -> Result<Vec<Option<Value>>, Error> {
    let (positional, kwargs) = match args.split_last() {
        Some((last, rest)) if last.is_kwargs() => (rest, Some(Kwargs::try_from(last.clone())?)),
        _ => (args, None),
    };
    if positional.len() > params.len() {
        return Err(Error::new(
            ErrorKind::TooManyArguments,
            format!(
                "{method}() takes {} arguments but {} were given",
                params.len(),
                positional.len()
            ),
        ));
    }
    let mut bound: Vec<Option<Value>> = positional.iter().cloned().map(Some).collect();
    bound.resize(params.len(), None);
    if let Some(kw) = kwargs {
        for key in kw.args() {
            let Some(i) = params.iter().position(|p| *p == key) else {
                return Err(Error::new(
                    ErrorKind::InvalidOperation,
                    format!("{method}() got an unexpected keyword argument '{key}'"),
                ));
            };
            if bound[i].is_some() {
                return Err(Error::new(
                    ErrorKind::InvalidOperation,
                    format!("{method}() got multiple values for argument '{key}'"),
                ));
            }
            bound[i] = Some(kw.get::<Value>(key)?);
        }
    }
    Ok(bound)
}

/// An ordered dict for Jinja (keeps Python's insertion order).
#[derive(Debug)]
struct Dict(IndexMap<String, Value>);

impl Object for Dict {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.0.get(key.as_str()?).cloned()
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        self.mapped_enumerator(|this| {
            Box::new(
                this.0
                    .keys()
                    .map(|k| Value::from(k.clone()))
                    .collect::<Vec<_>>()
                    .into_iter(),
            )
        })
    }
}

/// An entity seen through an `object` parameter: prints as its id.
#[derive(Debug)]
struct EntityObj(Arc<EntityRef>);

impl Object for EntityObj {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.0.fields.get(key.as_str()?).map(to_value)
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        self.mapped_enumerator(|this| {
            Box::new(
                this.0
                    .fields
                    .keys()
                    .map(|k| Value::from(k.clone()))
                    .collect::<Vec<_>>()
                    .into_iter(),
            )
        })
    }
}

/// Converts a field value for Jinja.
pub(crate) fn to_value(v: &PyValue) -> Value {
    match v {
        PyValue::None => Value::from(()),
        PyValue::Bool(b) => Value::from(*b),
        PyValue::Int(i) => Value::from(*i),
        PyValue::Float(f) => Value::from(*f),
        PyValue::Str(s) => Value::from(s.clone()),
        PyValue::List(items) => Value::from(items.iter().map(to_value).collect::<Vec<_>>()),
        PyValue::Dict(m) => Value::from_object(Dict(
            m.iter().map(|(k, v)| (k.clone(), to_value(v))).collect(),
        )),
        PyValue::Entity(e) => Value::from_object(EntityObj(e.clone())),
    }
}

/// Prints a Jinja value as Python's `str` (or `repr` when `repr` is set).
/// Longest list or dict printed by a template (minijinja's fuel does not
/// cover our printer, and `[1] * 100000000` is cheap until printed).
const MAX_PRINTED: usize = 1 << 20;

/// `len` plus the last part and its separator, or an error past [`MAX_PRINTED`].
fn printed(len: usize, parts: &[String]) -> Result<usize, Error> {
    let len = len + parts.last().map_or(0, String::len) + 2;
    if len > MAX_PRINTED {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            format!("a list or dict longer than {MAX_PRINTED} characters cannot be printed"),
        ));
    }
    Ok(len)
}

fn py_format(v: &Value, repr: bool) -> Result<String, Error> {
    if v.is_undefined() {
        return Err(Error::from(ErrorKind::UndefinedError));
    }
    if v.is_none() {
        return Ok("None".into());
    }
    if let Some(e) = v.downcast_object_ref::<EntityObj>() {
        let Some(id) = &e.0.id else {
            return Err(Error::new(
                ErrorKind::InvalidOperation,
                format!(
                    "an entity of type {} has no id and cannot be printed",
                    e.0.type_name
                ),
            ));
        };
        return Ok(if repr { str_repr(id) } else { id.clone() });
    }
    use minijinja::value::ValueKind as K;
    Ok(match v.kind() {
        K::Bool => if v.is_true() { "True" } else { "False" }.into(),
        K::Number if v.is_integer() => v.to_string(),
        K::Number => float_repr(f64::try_from(v.clone()).unwrap_or(f64::NAN)),
        K::String => {
            let s = v.as_str().unwrap_or_default();
            if repr {
                str_repr(s)
            } else {
                s.to_string()
            }
        }
        K::Seq | K::Iterable => {
            let mut parts = Vec::new();
            let mut len = 0;
            for item in v.try_iter()? {
                parts.push(py_format(&item, true)?);
                len = printed(len, &parts)?;
            }
            format!("[{}]", parts.join(", "))
        }
        K::Map => {
            let mut parts = Vec::new();
            let mut len = 0;
            for key in v.try_iter()? {
                let val = v.get_item(&key)?;
                parts.push(format!(
                    "{}: {}",
                    py_format(&key, true)?,
                    py_format(&val, true)?
                ));
                len = printed(len, &parts)?;
            }
            format!("{{{}}}", parts.join(", "))
        }
        _ => v.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(t: &str, fields: &[(&str, PyValue)]) -> Result<String, String> {
        let f: IndexMap<String, PyValue> = fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        Renderer::new(IndexMap::new(), "ioc").render(t, &f)
    }

    #[test]
    fn prints_like_python() {
        assert_eq!(r("{{ x }}", &[("x", PyValue::Bool(true))]).unwrap(), "True");
        assert_eq!(r("{{ none }}", &[]).unwrap(), "None");
        assert_eq!(r("{{ range(3) | list }}", &[]).unwrap(), "[0, 1, 2]");
        assert_eq!(r("{{ ['a', 'b'] }}", &[]).unwrap(), "['a', 'b']");
        assert_eq!(r("{{ 1 / 10 }}", &[]).unwrap(), "0.1");
        assert_eq!(r("{{ 0.00001 }}", &[]).unwrap(), "1e-05");
        assert_eq!(r("a\n", &[]).unwrap(), "a");
        assert_eq!(r("{{ 'a' }}\n", &[]).unwrap(), "a");
    }

    #[test]
    fn undefined_names_are_errors() {
        let e = r("{{ Q }}", &[]).unwrap_err();
        assert!(e.contains("'Q' is undefined"), "{e}");
    }

    #[test]
    fn globals_and_counters() {
        let env: IndexMap<String, String> = [("IOC_NAME".to_string(), "X1".to_string())].into();
        let rr = Renderer::new(env, "ioc");
        let f = IndexMap::new();
        assert_eq!(
            rr.render("{{ _global.get_env('IOC_NAME') }}", &f).unwrap(),
            "X1"
        );
        assert_eq!(rr.render("{{ env.IOC_NAME }}", &f).unwrap(), "X1");
        assert_eq!(
            rr.render("{{ _global.incrementor('c', 5) }}", &f).unwrap(),
            "5"
        );
        assert_eq!(
            rr.render("{{ _global.incrementor('c', 5) }}", &f).unwrap(),
            "6"
        );
        assert_eq!(rr.render("{{ c }}", &f).unwrap(), "6");
        assert_eq!(rr.render("{{ ioc_yaml_file_name }}", &f).unwrap(), "ioc");
    }

    #[test]
    fn python_methods_and_keyword_arguments() {
        let rr = Renderer::new(IndexMap::new(), "ioc");
        let f: IndexMap<String, PyValue> = [("n".to_string(), PyValue::Str("ctl1".into()))].into();
        // ibek's own samples: technosoft and fastVacuum
        assert_eq!(
            rr.render("{{ \"axes_{}\".format(n) }}", &f).unwrap(),
            "axes_ctl1"
        );
        assert_eq!(
            rr.render("{{ n.upper() }}-{{ 'a,b'.split(',')|length }}", &f)
                .unwrap(),
            "CTL1-2"
        );
        assert_eq!(
            rr.render("{{ _global.incrementor(n, start=1) }}", &f)
                .unwrap(),
            "1"
        );
        assert_eq!(
            rr.render("{{ _global.incrementor(n, increment=3) }}", &f)
                .unwrap(),
            "4"
        );
        assert_eq!(
            rr.render("{{ _global.incrementor(n, stop=5, increment=3) }}", &f).unwrap_err(),
            "Error rendering template: invalid operation: Counter ctl1 exceeded maximum value of 5 \
             (in `{{ _global.incrementor(n, stop=5, increment=3) }}`)"
                .replace("  ", "")
        );
        assert_eq!(
            rr.render("{{ _global.get(key='nope', default='d') }}", &f)
                .unwrap(),
            "d"
        );
        let e = rr
            .render("{{ _global.incrementor(n, begin=1) }}", &f)
            .unwrap_err();
        assert!(
            e.contains("incrementor() got an unexpected keyword argument 'begin'"),
            "{e}"
        );
        let e = rr.render("{{ _global.set(n, 1, 2) }}", &f).unwrap_err();
        assert!(
            e.contains("set() takes 2 arguments but 3 were given"),
            "{e}"
        );
        // str() of Python values
        assert_eq!(
            rr.render("{{ True|string }}/{{ none|string }}", &f)
                .unwrap(),
            "True/None"
        );
    }

    #[test]
    fn incrementor_stops_at_the_64_bit_range() {
        let rr = Renderer::new(IndexMap::new(), "ioc");
        let f = IndexMap::new();
        let max = i64::MAX;
        let start = format!("{{{{ _global.incrementor('c', {max}) }}}}");
        assert_eq!(rr.render(&start, &f).unwrap(), max.to_string());
        let e = rr.render("{{ _global.incrementor('c') }}", &f).unwrap_err();
        assert!(
            e.contains("Counter c overflows: 9223372036854775807 + 1"),
            "{e}"
        );
        let e = rr
            .render("{{ _global.incrementor('d', -9223372036854775807, -2) }}{{ _global.incrementor('d', 0, -2) }}", &f)
            .unwrap_err();
        assert!(e.contains("Counter d overflows"), "{e}");
    }

    #[test]
    fn debug_is_undefined() {
        let e = r("{{ debug() }}", &[]).unwrap_err();
        assert_eq!(
            e,
            "Error rendering template: 'debug' is undefined (in `{{ debug() }}`)"
        );
    }

    #[test]
    fn entity_objects() {
        let cam = Arc::new(EntityRef {
            id: Some("D2.CAM".into()),
            type_name: "m.cam".into(),
            fields: [("P".to_string(), PyValue::Str("BL07I".into()))]
                .into_iter()
                .collect(),
        });
        let f = [("camera", PyValue::Entity(cam))];
        assert_eq!(
            r("{{ camera.P }}:{{ camera }}", &f).unwrap(),
            "BL07I:D2.CAM"
        );
        assert_eq!(r("{{ 'A-' ~ camera.P }}", &f).unwrap(), "A-BL07I");
    }
}
