//! Reading YAML mappings field by field, with located errors.
//!
//! Scalars follow pydantic's "lax" coercion as pvi applies it:
//! strings accept only strings; integers accept integral floats and numeric
//! strings; booleans accept 0/1 and yes/no/on/off/true/false strings.

use crate::diag::Diagnostic;
use crate::source::Span;
use crate::yaml::{Node, Value};
use indexmap::IndexMap;

/// Collected diagnostics of one decode.
#[derive(Debug, Default)]
pub(crate) struct Cx {
    pub diags: Vec<Diagnostic>,
}

impl Cx {
    pub fn err(&mut self, span: Span, msg: impl Into<String>) {
        self.diags.push(Diagnostic::invalid(span, msg));
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }
}

/// Closest candidate to `word` (edit distance ≤ 2 or same ignoring case).
pub(crate) fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (edit_distance(&word.to_lowercase(), &c.to_lowercase()), *c))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The fields of one mapping node, consumed one by one.
pub(crate) struct Fields<'a> {
    node: &'a Node,
    entries: &'a [(Node, Node)],
    used: Vec<bool>,
    what: String,
}

impl<'a> Fields<'a> {
    /// Starts reading `node` as the mapping of a `what` (e.g. "SignalR").
    pub fn new(cx: &mut Cx, node: &'a Node, what: &str) -> Option<Self> {
        match node.as_map() {
            Some(entries) => Some(Fields {
                node,
                entries,
                used: vec![false; entries.len()],
                what: what.to_string(),
            }),
            None => {
                cx.err(
                    node.span,
                    format!("expected a mapping for {what}, found {}", node.kind_name()),
                );
                None
            }
        }
    }

    /// Span of the whole mapping.
    pub fn span(&self) -> Span {
        self.node.span
    }

    /// The value of `key`, marking it read.
    pub fn take(&mut self, key: &str) -> Option<&'a Node> {
        let i = self
            .entries
            .iter()
            .position(|(k, _)| k.as_str() == Some(key))?;
        self.used[i] = true;
        Some(&self.entries[i].1)
    }

    fn missing(&self, cx: &mut Cx, key: &str) {
        cx.push(
            Diagnostic::invalid(
                self.key_span(),
                format!("missing field `{key}` in {}", self.what),
            )
            .with_label(format!("this {} needs `{key}`", self.what)),
        );
    }

    fn key_span(&self) -> Span {
        let s = self.node.span;
        match self.entries.first() {
            Some((k, _)) => Span::new(s.file, k.span.start as usize, k.span.end as usize),
            None => s,
        }
    }

    /// A required value, decoded with `f`.
    pub fn req<T>(
        &mut self,
        cx: &mut Cx,
        key: &str,
        f: impl FnOnce(&mut Cx, &Node) -> Option<T>,
    ) -> Option<T> {
        match self.take(key) {
            Some(n) => f(cx, n),
            None => {
                self.missing(cx, key);
                None
            }
        }
    }

    /// An optional value: absent or null gives `None`.
    pub fn opt<T>(
        &mut self,
        cx: &mut Cx,
        key: &str,
        f: impl FnOnce(&mut Cx, &Node) -> Option<T>,
    ) -> Option<T> {
        match self.take(key) {
            Some(n) if !n.is_null() => f(cx, n),
            _ => None,
        }
    }

    /// Reports every key that was not read as unknown.
    pub fn finish(self, cx: &mut Cx, allowed: &[&str]) {
        for (i, (k, _)) in self.entries.iter().enumerate() {
            if self.used[i] {
                continue;
            }
            let key = k.scalar_text().unwrap_or_default();
            let mut d =
                Diagnostic::invalid(k.span, format!("unknown field `{key}` in {}", self.what))
                    .with_label("not a field of ".to_string() + &self.what);
            if let Some(s) = did_you_mean(&key, allowed) {
                d = d.with_note(format!("help: did you mean `{s}`?"));
            }
            d = d.with_note(format!("expected one of: {}", allowed.join(", ")));
            cx.push(d);
        }
    }
}

/// A string (only strings are accepted).
pub(crate) fn string(cx: &mut Cx, n: &Node) -> Option<String> {
    match &n.value {
        Value::Str(s) => Some(s.clone()),
        Value::Map(_) | Value::Seq(_) => {
            cx.err(
                n.span,
                format!("expected a string, found {}", n.kind_name()),
            );
            None
        }
        _ => {
            let text = n.scalar_text().unwrap_or_default();
            cx.push(
                Diagnostic::invalid(
                    n.span,
                    format!("expected a string, found {}", n.kind_name()),
                )
                .with_note(format!("help: quote it to make it a string: '{text}'")),
            );
            None
        }
    }
}

/// A PascalCase name for one that is not: words split at `_`, `-`, spaces
/// and case changes, each capitalised (`acquire_time` and `ACQUIRE_TIME`
/// → `AcquireTime`). `None` when no such name exists (e.g. a leading digit).
pub(crate) fn pascal_suggestion(name: &str) -> Option<String> {
    use heck::ToUpperCamelCase;
    let s = name.to_upper_camel_case();
    (!s.is_empty() && crate::model::is_pascal_case(&s) && s != name).then_some(s)
}

/// Largest magnitude of an integer in a device or formatter file (sizes,
/// line and bit counts, precision): layout arithmetic on it cannot overflow.
pub(crate) const MAX_INT: i64 = 1_000_000;

/// An integer (integral floats and numeric strings are accepted), at most
/// [`MAX_INT`] either side of 0.
pub(crate) fn int(cx: &mut Cx, n: &Node) -> Option<i64> {
    let v = match &n.value {
        Value::Int(i) => Some(*i),
        Value::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Some(*f as i64),
        Value::Str(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    };
    match v {
        None => cx.err(
            n.span,
            format!("expected an integer, found {}", n.kind_name()),
        ),
        Some(i) if !(-MAX_INT..=MAX_INT).contains(&i) => {
            cx.err(
                n.span,
                format!("{i} is out of range: integers here must be within ±{MAX_INT}"),
            );
            return None;
        }
        Some(_) => {}
    }
    v
}

/// A boolean (0/1 and yes/no/on/off/true/false strings are accepted).
pub(crate) fn boolean(cx: &mut Cx, n: &Node) -> Option<bool> {
    let v = match &n.value {
        Value::Bool(b) => Some(*b),
        Value::Int(0) => Some(false),
        Value::Int(1) => Some(true),
        Value::Float(f) if *f == 0.0 => Some(false),
        Value::Float(f) if *f == 1.0 => Some(true),
        Value::Str(s) => match s.to_ascii_lowercase().as_str() {
            "0" | "off" | "f" | "false" | "n" | "no" => Some(false),
            "1" | "on" | "t" | "true" | "y" | "yes" => Some(true),
            _ => None,
        },
        _ => None,
    };
    if v.is_none() {
        cx.err(
            n.span,
            format!(
                "expected a boolean (true or false), found {}",
                n.kind_name()
            ),
        );
    }
    v
}

/// A sequence of strings.
pub(crate) fn strings(cx: &mut Cx, n: &Node) -> Option<Vec<String>> {
    let Some(items) = n.as_seq() else {
        cx.err(
            n.span,
            format!("expected a list of strings, found {}", n.kind_name()),
        );
        return None;
    };
    let out: Vec<Option<String>> = items.iter().map(|i| string(cx, i)).collect();
    out.into_iter().collect()
}

/// A mapping of string → string, in order.
pub(crate) fn string_map(cx: &mut Cx, n: &Node) -> Option<IndexMap<String, String>> {
    let Some(entries) = n.as_map() else {
        cx.err(
            n.span,
            format!("expected a mapping of strings, found {}", n.kind_name()),
        );
        return None;
    };
    let mut out = IndexMap::new();
    let mut ok = true;
    for (k, v) in entries {
        match (string(cx, k), string(cx, v)) {
            (Some(k), Some(v)) => {
                out.insert(k, v);
            }
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

/// The `type` tag of a typed node, checked against `allowed`.
///
/// `slot` names the place for messages ("read widget", "layout").
pub(crate) fn tag<'a>(cx: &mut Cx, n: &'a Node, slot: &str, allowed: &[&str]) -> Option<&'a str> {
    if n.as_map().is_none() {
        cx.err(
            n.span,
            format!(
                "expected a mapping with `type` for the {slot}, found {}",
                n.kind_name()
            ),
        );
        return None;
    }
    let Some(t) = n.get("type") else {
        cx.push(
            Diagnostic::invalid(n.span, format!("missing `type` for the {slot}"))
                .with_note(format!("expected one of: {}", allowed.join(", "))),
        );
        return None;
    };
    let Some(name) = t.as_str() else {
        cx.err(
            t.span,
            format!("expected a type name, found {}", t.kind_name()),
        );
        return None;
    };
    if allowed.contains(&name) {
        return Some(name);
    }
    let mut d = Diagnostic::invalid(t.span, format!("unknown {slot} type '{name}'"))
        .with_label(format!("expected one of {}", allowed.join(", ")));
    if let Some(s) = did_you_mean(name, allowed) {
        d = d.with_note(format!("help: did you mean '{s}'?"));
    }
    cx.push(d);
    None
}
