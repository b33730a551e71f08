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

/// The text a `!!binary` scalar holds.
///
/// The rule: pvi's loader (ruamel, safe) decodes `!!binary` base64 to bytes,
/// and pydantic takes bytes given for a string as their UTF-8 text; so a
/// `!!binary` scalar is the string it decodes to. Text that is not padded
/// base64 (whitespace aside), or bytes that are not UTF-8, are errors.
pub(super) fn decode_binary(s: &str) -> Result<String, &'static str> {
    fn six(c: u8) -> Option<u32> {
        Some(u32::from(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        }))
    }
    let chars: Vec<u8> = s.bytes().filter(|c| !c.is_ascii_whitespace()).collect();
    let pad = chars.iter().rev().take_while(|&&c| c == b'=').count();
    if chars.len() % 4 != 0 || pad > 2 {
        return Err(
            "!!binary value is not base64 (its length, without spaces, must be a multiple of 4)",
        );
    }
    let data = &chars[..chars.len() - pad];
    let mut bytes = Vec::with_capacity(data.len() / 4 * 3 + 2);
    for quad in data.chunks(4) {
        let mut n = 0u32;
        for &c in quad {
            n = n << 6
                | six(c).ok_or(
                    "!!binary value is not base64 (a character outside A-Z a-z 0-9 + / =)",
                )?;
        }
        let b = match quad.len() {
            4 => [(n >> 16) as u8, (n >> 8) as u8, n as u8].to_vec(),
            3 => [(n >> 10) as u8, (n >> 2) as u8].to_vec(),
            2 => [(n >> 4) as u8].to_vec(),
            _ => return Err("!!binary value is not base64 (bad padding)"),
        };
        bytes.extend(b);
    }
    String::from_utf8(bytes)
        .map_err(|_| "!!binary value is not UTF-8 text, which a device or IOC file needs")
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

    fn load(text: &str) -> Result<super::super::Node, crate::Diagnostic> {
        super::super::load(text, crate::FileId(0), super::super::Limits::default())
    }

    #[test]
    fn binary_is_the_utf8_text_it_encodes() {
        assert_eq!(decode_binary("JChQKVN0YXRl").unwrap(), "$(P)State");
        assert_eq!(decode_binary("YQ==").unwrap(), "a");
        assert_eq!(decode_binary("YWI=").unwrap(), "ab");
        assert_eq!(decode_binary(" YW\nJj ").unwrap(), "abc");
        assert_eq!(decode_binary("").unwrap(), "");
        let n = load("read_pv: !!binary JChQKVN0YXRl\n").unwrap();
        let v = &n.as_map().unwrap()[0].1;
        assert_eq!(v.as_str(), Some("$(P)State"));
        // the literal form, over several lines
        let n = load("k: !!binary |\n  JChQ\n  KVN0YXRl\n").unwrap();
        assert_eq!(n.as_map().unwrap()[0].1.as_str(), Some("$(P)State"));
    }

    #[test]
    fn binary_that_is_not_base64_or_not_utf8_is_a_located_error() {
        for bad in ["YQ", "Y===", "Y Q=*", "YQ=a", "é==="] {
            assert!(decode_binary(bad).is_err(), "{bad}");
        }
        let e = load("read_pv: !!binary YQ\n").unwrap_err();
        assert!(e.message.contains("not base64"), "{}", e.message);
        assert_eq!(e.span.map(|s| s.start), Some(9));
        // 0xff 0xfe is not UTF-8
        let e = load("read_pv: !!binary //4=\n").unwrap_err();
        assert_eq!(
            e.message,
            "!!binary value is not UTF-8 text, which a device or IOC file needs"
        );
        assert!(e.span.is_some());
    }
}
