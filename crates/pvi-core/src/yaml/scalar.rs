//! Plain-scalar resolution under the YAML 1.2 core schema (and 1.1 booleans).

/// What a plain scalar means.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved {
    /// null
    Null,
    /// boolean
    Bool(bool),
    /// integer
    Int(i64),
    /// float
    Float(f64),
    /// string
    Str,
}

/// Resolves a plain (unquoted, untagged) scalar. `yaml11` adds the YAML 1.1
/// booleans (`yes`, `no`, `on`, `off`, `y`, `n`).
pub fn resolve_plain(s: &str, yaml11: bool) -> Resolved {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "true" | "True" | "TRUE" => return Resolved::Bool(true),
        "false" | "False" | "FALSE" => return Resolved::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Resolved::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return Resolved::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Resolved::Float(f64::NAN),
        _ => {}
    }
    if yaml11 {
        match s {
            "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "y" | "Y" => return Resolved::Bool(true),
            "no" | "No" | "NO" | "off" | "Off" | "OFF" | "n" | "N" => return Resolved::Bool(false),
            _ => {}
        }
    }
    // numbers start with a digit, a sign or a dot
    if !matches!(s.as_bytes().first(), Some(b'0'..=b'9' | b'-' | b'+' | b'.')) {
        return Resolved::Str;
    }
    if let Some(i) = parse_int(s) {
        return Resolved::Int(i);
    }
    if let Some(f) = parse_float(s) {
        return Resolved::Float(f);
    }
    Resolved::Str
}

fn parse_int(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if body.is_empty() {
        return None;
    }
    let (radix, digits) = if let Some(r) = body.strip_prefix("0x") {
        (16, r)
    } else if let Some(r) = body.strip_prefix("0o") {
        (8, r)
    } else if let Some(r) = body.strip_prefix("0b") {
        (2, r)
    } else {
        (10, body)
    };
    if radix == 10 && !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    if !digits.chars().all(|c| c == '_' || c.is_digit(radix)) {
        return None;
    }
    let v = if digits.contains('_') {
        let cleaned: String = digits.chars().filter(|&c| c != '_').collect();
        if cleaned.is_empty() {
            return None;
        }
        i64::from_str_radix(&cleaned, radix).ok()?
    } else {
        if digits.is_empty() {
            return None;
        }
        i64::from_str_radix(digits, radix).ok()?
    };
    Some(if neg { -v } else { v })
}

fn parse_float(s: &str) -> Option<f64> {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let b = body.as_bytes();
    if b.is_empty() {
        return None;
    }
    // [0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?  or  \.[0-9_]+([eE][-+]?[0-9]+)?
    let mut i = 0;
    let int_digits = b
        .iter()
        .take_while(|c| c.is_ascii_digit() || **c == b'_')
        .count();
    if int_digits > 0 && !b[0].is_ascii_digit() {
        return None;
    }
    i += int_digits;
    let mut has_dot = false;
    if i < b.len() && b[i] == b'.' {
        has_dot = true;
        i += 1;
        let frac = b[i..]
            .iter()
            .take_while(|c| c.is_ascii_digit() || **c == b'_')
            .count();
        if int_digits == 0 && frac == 0 {
            return None;
        }
        i += frac;
    } else if int_digits == 0 {
        return None;
    }
    let mut has_exp = false;
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        has_exp = true;
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        let e = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if e == 0 {
            return None;
        }
        i += e;
    }
    if i != b.len() || !(has_dot || has_exp) {
        return None;
    }
    let cleaned: String = s.chars().filter(|&c| c != '_').collect();
    cleaned.parse().ok()
}

/// The value of a plain scalar's text under the core schema (YAML 1.1
/// booleans too when `yaml11`).
pub(super) fn plain_value(s: String, yaml11: bool) -> super::node::Value {
    use super::node::Value;
    match resolve_plain(&s, yaml11) {
        Resolved::Null => Value::Null,
        Resolved::Bool(b) => Value::Bool(b),
        Resolved::Int(i) => Value::Int(i),
        Resolved::Float(f) => Value::Float(f),
        Resolved::Str => Value::Str(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_schema() {
        assert_eq!(resolve_plain("yes", false), Resolved::Str);
        assert_eq!(resolve_plain("yes", true), Resolved::Bool(true));
        assert_eq!(resolve_plain("True", false), Resolved::Bool(true));
        assert_eq!(resolve_plain("~", false), Resolved::Null);
        assert_eq!(resolve_plain("012", false), Resolved::Int(12));
        assert_eq!(resolve_plain("0x1F", false), Resolved::Int(31));
        assert_eq!(resolve_plain("0o17", false), Resolved::Int(15));
        assert_eq!(resolve_plain("1_000", false), Resolved::Int(1000));
        assert_eq!(resolve_plain("1.5", false), Resolved::Float(1.5));
        assert_eq!(resolve_plain("1e3", false), Resolved::Float(1000.0));
        assert_eq!(resolve_plain("1:20", false), Resolved::Str);
        assert_eq!(resolve_plain("$(P)Gain", false), Resolved::Str);
        assert_eq!(resolve_plain("-", false), Resolved::Str);
        assert_eq!(resolve_plain(".", false), Resolved::Str);
        assert_eq!(resolve_plain("1.2.3", false), Resolved::Str);
    }
}
