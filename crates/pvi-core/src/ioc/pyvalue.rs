//! Python-like values of entity fields: printing as Python does, and reading
//! rendered text back as a Python literal (docs/behaviour/ioc.md#printing-and-conversion).

use indexmap::IndexMap;
use std::sync::Arc;

/// A processed entity, as seen through an `object` parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityRef {
    /// Name of the `id` parameter's value, if the model has one.
    pub id: Option<String>,
    /// Type name (`module.name`).
    pub type_name: String,
    /// Fields in processing order.
    pub fields: IndexMap<String, PyValue>,
}

/// A value of an entity field or a Jinja result.
#[derive(Debug, Clone, PartialEq)]
pub enum PyValue {
    /// `None`.
    None,
    /// `True` / `False`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A string.
    Str(String),
    /// A list.
    List(Vec<PyValue>),
    /// A dict, in insertion order.
    Dict(IndexMap<String, PyValue>),
    /// Another entity (an `object` parameter).
    Entity(Arc<EntityRef>),
}

impl PyValue {
    /// Python's `str(value)`; `None` for an entity without an id.
    pub fn py_str(&self) -> Option<String> {
        match self {
            PyValue::Str(s) => Some(s.clone()),
            PyValue::Entity(e) => e.id.clone(),
            other => other.py_repr(),
        }
    }

    /// Python's `repr(value)`.
    pub fn py_repr(&self) -> Option<String> {
        Some(match self {
            PyValue::None => "None".into(),
            PyValue::Bool(true) => "True".into(),
            PyValue::Bool(false) => "False".into(),
            PyValue::Int(i) => i.to_string(),
            PyValue::Float(f) => float_repr(*f),
            PyValue::Str(s) => str_repr(s),
            PyValue::List(items) => {
                let parts: Option<Vec<String>> = items.iter().map(|v| v.py_repr()).collect();
                format!("[{}]", parts?.join(", "))
            }
            PyValue::Dict(m) => {
                let mut parts = Vec::with_capacity(m.len());
                for (k, v) in m {
                    parts.push(format!("{}: {}", str_repr(k), v.py_repr()?));
                }
                format!("{{{}}}", parts.join(", "))
            }
            PyValue::Entity(e) => str_repr(e.id.as_deref()?),
        })
    }

    /// Rough cost of copying or converting the value: one per value, plus
    /// one per 64 bytes of text (what the run's Jinja work budget counts).
    pub fn weight(&self) -> u64 {
        match self {
            PyValue::Str(s) => 1 + s.len() as u64 / 64,
            PyValue::List(items) => 1 + items.iter().map(PyValue::weight).sum::<u64>(),
            PyValue::Dict(m) => {
                1 + m
                    .iter()
                    .map(|(k, v)| k.len() as u64 / 64 + v.weight())
                    .sum::<u64>()
            }
            _ => 1,
        }
    }

    /// The Python type name, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            PyValue::None => "NoneType",
            PyValue::Bool(_) => "bool",
            PyValue::Int(_) => "int",
            PyValue::Float(_) => "float",
            PyValue::Str(_) => "str",
            PyValue::List(_) => "list",
            PyValue::Dict(_) => "dict",
            PyValue::Entity(_) => "object",
        }
    }
}

/// Python's `repr` of a float: shortest round-trip digits, scientific
/// notation below 1e-4 and from 1e16 on.
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0.0" } else { "0.0" }.into();
    }
    let sci = format!("{:e}", f);
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let neg = mant.starts_with('-');
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    let sign = if neg { "-" } else { "" };
    if (-4..16).contains(&exp) {
        let n = digits.len() as i32;
        let body = if exp < 0 {
            format!("0.{}{}", "0".repeat((-exp - 1) as usize), digits)
        } else if exp + 1 >= n {
            format!("{}{}.0", digits, "0".repeat((exp + 1 - n) as usize))
        } else {
            let (a, b) = digits.split_at((exp + 1) as usize);
            format!("{a}.{b}")
        };
        format!("{sign}{body}")
    } else {
        let (a, b) = digits.split_at(1);
        let m = if b.is_empty() {
            a.to_string()
        } else {
            format!("{a}.{b}")
        };
        let es = if exp < 0 { '-' } else { '+' };
        format!("{sign}{m}e{es}{:02}", exp.abs())
    }
}

/// Python's `repr` of a string: single quotes unless the text has a single
/// quote and no double quote.
pub fn str_repr(s: &str) -> String {
    let q = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(q);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

/// Parses text as a Python literal (`ast.literal_eval` subset): numbers,
/// strings, `True`/`False`/`None`, lists, tuples (as lists) and dicts.
pub fn literal_eval(text: &str) -> Option<PyValue> {
    let mut p = Lit {
        s: text.trim().as_bytes(),
        i: 0,
    };
    let v = p.value(0)?;
    p.ws();
    (p.i == p.s.len()).then_some(v)
}

struct Lit<'a> {
    s: &'a [u8],
    i: usize,
}

impl Lit<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn value(&mut self, depth: usize) -> Option<PyValue> {
        if depth > 64 {
            return None;
        }
        self.ws();
        match self.peek()? {
            b'[' | b'(' => self.list(depth),
            b'{' => self.dict(depth),
            b'\'' | b'"' => self.string().map(PyValue::Str),
            b'-' | b'+' | b'0'..=b'9' | b'.' => self.number(),
            _ => self.word(),
        }
    }

    fn list(&mut self, depth: usize) -> Option<PyValue> {
        let close = if self.s[self.i] == b'[' { b']' } else { b')' };
        self.i += 1;
        let mut items = Vec::new();
        loop {
            self.ws();
            if self.peek()? == close {
                self.i += 1;
                return Some(PyValue::List(items));
            }
            items.push(self.value(depth + 1)?);
            self.ws();
            match self.peek()? {
                b',' => self.i += 1,
                c if c == close => {}
                _ => return None,
            }
        }
    }

    fn dict(&mut self, depth: usize) -> Option<PyValue> {
        self.i += 1;
        let mut m = IndexMap::new();
        loop {
            self.ws();
            if self.peek()? == b'}' {
                self.i += 1;
                return Some(PyValue::Dict(m));
            }
            let key = match self.value(depth + 1)? {
                PyValue::Str(s) => s,
                other => other.py_repr()?,
            };
            self.ws();
            if self.peek()? != b':' {
                return None;
            }
            self.i += 1;
            let v = self.value(depth + 1)?;
            m.insert(key, v);
            self.ws();
            match self.peek()? {
                b',' => self.i += 1,
                b'}' => {}
                _ => return None,
            }
        }
    }

    fn string(&mut self) -> Option<String> {
        let q = self.s[self.i];
        self.i += 1;
        let mut out = Vec::new();
        while let Some(c) = self.peek() {
            self.i += 1;
            if c == q {
                return String::from_utf8(out).ok();
            }
            if c == b'\\' {
                let e = self.peek()?;
                self.i += 1;
                match e {
                    b'n' => out.push(b'\n'),
                    b't' => out.push(b'\t'),
                    b'r' => out.push(b'\r'),
                    b'\\' | b'\'' | b'"' => out.push(e),
                    _ => {
                        out.push(b'\\');
                        out.push(e);
                    }
                }
            } else {
                out.push(c);
            }
        }
        None
    }

    fn number(&mut self) -> Option<PyValue> {
        let start = self.i;
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'+' | b'_') {
                self.i += 1;
            } else {
                break;
            }
        }
        let t = std::str::from_utf8(&self.s[start..self.i])
            .ok()?
            .replace('_', "");
        let (neg, body) = match t.strip_prefix('-') {
            Some(b) => (true, b.to_string()),
            None => (false, t.strip_prefix('+').unwrap_or(&t).to_string()),
        };
        let radix = |p: &str, r: u32| -> Option<PyValue> {
            let v = i64::from_str_radix(body.strip_prefix(p)?, r).ok()?;
            Some(PyValue::Int(if neg { -v } else { v }))
        };
        let lower = body.to_ascii_lowercase();
        if lower.starts_with("0x") {
            return radix("0x", 16).or_else(|| radix("0X", 16));
        }
        if lower.starts_with("0o") {
            return radix("0o", 8).or_else(|| radix("0O", 8));
        }
        if lower.starts_with("0b") {
            return radix("0b", 2).or_else(|| radix("0B", 2));
        }
        if body.bytes().all(|c| c.is_ascii_digit()) && !body.is_empty() {
            if body.len() > 1 && body.starts_with('0') && body.bytes().any(|c| c != b'0') {
                return None;
            }
            let v: i64 = body.parse().ok()?;
            return Some(PyValue::Int(if neg { -v } else { v }));
        }
        if lower.contains("inf") || lower.contains("nan") {
            return None;
        }
        let f: f64 = body.parse().ok()?;
        Some(PyValue::Float(if neg { -f } else { f }))
    }

    fn word(&mut self) -> Option<PyValue> {
        let start = self.i;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
        {
            self.i += 1;
        }
        match &self.s[start..self.i] {
            b"True" => Some(PyValue::Bool(true)),
            b"False" => Some(PyValue::Bool(false)),
            b"None" => Some(PyValue::None),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_like_python() {
        let cases = [
            (0.1, "0.1"),
            (1e-5, "1e-05"),
            (1.0, "1.0"),
            (1e16, "1e+16"),
            (123456789012345.6, "123456789012345.6"),
            (0.0001, "0.0001"),
            (-2.5, "-2.5"),
            (1.5e300, "1.5e+300"),
        ];
        for (f, s) in cases {
            assert_eq!(float_repr(f), s, "{f}");
        }
    }

    #[test]
    fn repr_of_collections() {
        let v = PyValue::List(vec![
            PyValue::Str("a".into()),
            PyValue::Int(2),
            PyValue::Bool(true),
            PyValue::None,
            PyValue::Str("it's".into()),
        ]);
        assert_eq!(v.py_str().unwrap(), "['a', 2, True, None, \"it's\"]");
    }

    #[test]
    fn literals_round_trip() {
        assert_eq!(
            literal_eval("[0, 1, 2]").unwrap().py_str().unwrap(),
            "[0, 1, 2]"
        );
        assert_eq!(literal_eval(" 3 "), Some(PyValue::Int(3)));
        assert_eq!(literal_eval("-1.5"), Some(PyValue::Float(-1.5)));
        assert_eq!(literal_eval("True"), Some(PyValue::Bool(true)));
        assert_eq!(
            literal_eval("{'a': 1}").unwrap().py_str().unwrap(),
            "{'a': 1}"
        );
        assert_eq!(literal_eval("abc"), None);
        assert_eq!(literal_eval("08"), None);
    }
}
