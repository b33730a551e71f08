//! How a YAML string is quoted (docs/behaviour/device-model.md#scalar-style).
//!
//! Mirrors ruamel.yaml's scalar analysis under the YAML 1.2 resolver, so that
//! every string reads back as the same string and looks the way pvi writes it.

/// The quoting style of one scalar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Unquoted.
    Plain,
    /// `'...'`.
    Single,
    /// `"..."` with escapes.
    Double,
}

/// The style ruamel picks for `s` in block context.
pub fn choose(s: &str) -> Style {
    if s.is_empty() {
        return Style::Single;
    }
    let special = s.chars().any(is_special);
    let has_break = s.contains(['\n', '\u{85}', '\u{2028}', '\u{2029}']);
    if !special && !has_break && !resolves_to_other(s) && plain_allowed(s) {
        return Style::Plain;
    }
    // ruamel single-quotes other line breaks; pvi-rs double-quotes them (never seen in PVs)
    if special || s.contains('\'') || has_break {
        Style::Double
    } else {
        Style::Single
    }
}

/// Characters that force double quotes (written escaped).
pub fn is_special(c: char) -> bool {
    !(c == '\n'
        || ('\u{20}'..='\u{7E}').contains(&c)
        || c == '\u{85}'
        || ('\u{A0}'..='\u{D7FF}').contains(&c)
        || ('\u{E000}'..='\u{FFFD}').contains(&c) && c != '\u{FEFF}'
        || c >= '\u{10000}')
}

/// Whether the characters of `s` allow plain style (indicators, spaces).
fn plain_allowed(s: &str) -> bool {
    if s.starts_with("---") || s.starts_with("...") {
        return false;
    }
    let chars: Vec<char> = s.chars().collect();
    let ws = |i: usize| {
        !chars
            .get(i)
            .is_some_and(|c| !matches!(c, ' ' | '\t' | '\r' | '\n'))
    };
    if chars[0] == ' ' || chars[chars.len() - 1] == ' ' {
        return false;
    }
    for (i, &c) in chars.iter().enumerate() {
        if i == 0 {
            if "#,[]{}&*!|>'\"%@`".contains(c) {
                return false;
            }
            if matches!(c, '?' | ':' | '-') && ws(1) {
                return false;
            }
        } else {
            if c == ':' && ws(i + 1) {
                return false;
            }
            if c == '#' && matches!(chars[i - 1], ' ' | '\t') {
                return false;
            }
        }
    }
    true
}

/// Whether a plain `s` would read back as something other than a string
/// (ruamel's YAML 1.2 implicit resolvers).
pub fn resolves_to_other(s: &str) -> bool {
    matches!(
        s,
        "true"
            | "True"
            | "TRUE"
            | "false"
            | "False"
            | "FALSE"
            | "~"
            | "null"
            | "Null"
            | "NULL"
            | "<<"
            | "="
    ) || is_int(s)
        || is_float(s)
        || is_timestamp(s)
}

fn strip_sign(s: &str) -> &str {
    s.strip_prefix(['-', '+']).unwrap_or(s)
}

fn all(s: &str, f: impl Fn(u8) -> bool) -> bool {
    !s.is_empty() && s.bytes().all(f)
}

fn is_int(s: &str) -> bool {
    let b = strip_sign(s);
    if let Some(r) = b.strip_prefix("0b") {
        return all(r, |c| matches!(c, b'0' | b'1' | b'_'));
    }
    if let Some(r) = b.strip_prefix("0x") {
        return all(r, |c| c.is_ascii_hexdigit() || c == b'_');
    }
    if let Some(r) = b.strip_prefix("0o") {
        return all(r, |c| matches!(c, b'0'..=b'7' | b'_'));
    }
    all(b, |c| c.is_ascii_digit() || c == b'_')
}

fn digits_us(b: &[u8]) -> usize {
    b.iter()
        .take_while(|c| c.is_ascii_digit() || **c == b'_')
        .count()
}

fn exp_ok(b: &[u8], sign_required: bool) -> bool {
    // [eE][-+]?[0-9]+ consuming all of b
    if b.is_empty() || !matches!(b[0], b'e' | b'E') {
        return false;
    }
    let mut i = 1;
    if i < b.len() && matches!(b[i], b'-' | b'+') {
        i += 1;
    } else if sign_required {
        return false;
    }
    i < b.len() && b[i..].iter().all(u8::is_ascii_digit)
}

fn is_float(s: &str) -> bool {
    let body = strip_sign(s);
    if matches!(body, ".inf" | ".Inf" | ".INF") || matches!(s, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let b = body.as_bytes();
    if b.first().is_some_and(u8::is_ascii_digit) {
        let n = digits_us(b);
        let rest = &b[n..];
        if let Some(r) = rest.strip_prefix(b".") {
            let f = digits_us(r);
            return r.len() == f || exp_ok(&r[f..], false);
        }
        return exp_ok(rest, false);
    }
    if let Some(r) = b.strip_prefix(b".") {
        let f = digits_us(r);
        return f > 0 && (r.len() == f || exp_ok(&r[f..], true));
    }
    false
}

fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let d = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    // YYYY-MM-DD
    if b.len() == 10
        && (0..4).all(d)
        && b[4] == b'-'
        && d(5)
        && d(6)
        && b[7] == b'-'
        && d(8)
        && d(9)
    {
        return true;
    }
    // YYYY-M(M)-D(D)(T| +)H(H):MM:SS(.f*)(zone)?
    if b.len() < 4 || !(0..4).all(d) {
        return false;
    }
    let mut i = 4;
    let num = |i: &mut usize, min: usize, max: usize| {
        let n = b[*i..]
            .iter()
            .take(max)
            .take_while(|c| c.is_ascii_digit())
            .count();
        *i += n;
        n >= min
    };
    let lit = |i: &mut usize, c: u8| {
        if b.get(*i) == Some(&c) {
            *i += 1;
            true
        } else {
            false
        }
    };
    if !(lit(&mut i, b'-') && num(&mut i, 1, 2) && lit(&mut i, b'-') && num(&mut i, 1, 2)) {
        return false;
    }
    if matches!(b.get(i), Some(b'T' | b't')) {
        i += 1;
    } else {
        let n = b[i..]
            .iter()
            .take_while(|c| matches!(c, b' ' | b'\t'))
            .count();
        if n == 0 {
            return false;
        }
        i += n;
    }
    if !(num(&mut i, 1, 2)
        && lit(&mut i, b':')
        && num(&mut i, 2, 2)
        && lit(&mut i, b':')
        && num(&mut i, 2, 2))
    {
        return false;
    }
    if lit(&mut i, b'.') {
        num(&mut i, 0, usize::MAX);
    }
    i += b[i..]
        .iter()
        .take_while(|c| matches!(c, b' ' | b'\t'))
        .count();
    if i == b.len() {
        return true;
    }
    if lit(&mut i, b'Z') {
        return i == b.len();
    }
    if matches!(b.get(i), Some(b'-' | b'+')) {
        i += 1;
        if !num(&mut i, 1, 2) {
            return false;
        }
        if lit(&mut i, b':') && !num(&mut i, 2, 2) {
            return false;
        }
        return i == b.len();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_examples() {
        let cases = [
            ("", Style::Single),
            ("yes", Style::Plain),
            ("WIDTH:UNITS", Style::Plain),
            ("WIDTH:", Style::Single),
            ("My Device: yes", Style::Single),
            ("it's 'x", Style::Plain),
            ("'quoted'", Style::Double),
            ("line1\nline2", Style::Double),
            ("tab\there", Style::Double),
            ("1", Style::Single),
            ("0", Style::Single),
            ("1.5", Style::Single),
            ("true", Style::Single),
            ("null", Style::Single),
            ("012", Style::Single),
            ("1_000", Style::Single),
            ("2024-01-01", Style::Single),
            ("on", Style::Plain),
            ("No", Style::Plain),
            ("1:20", Style::Plain),
            ("*x", Style::Single),
            ("@asyn", Style::Single),
            ("x,y", Style::Plain),
            ("x\\y", Style::Plain),
            ("-", Style::Single),
            (":", Style::Single),
            ("- x", Style::Single),
            ("-x", Style::Plain),
            ("?x", Style::Plain),
            ("a #b", Style::Single),
            ("a#b", Style::Plain),
            (" a", Style::Single),
            ("a ", Style::Single),
            ("---x", Style::Single),
            ("$(P)$(R)TS:", Style::Single),
            ("$(P)$(R)Gain", Style::Plain),
            ("Ünï", Style::Plain),
            ("1e3", Style::Single),
            (".5", Style::Single),
            ("1.2.3", Style::Plain),
            ("2001-12-14t21:59:43.10-05:00", Style::Single),
        ];
        for (s, want) in cases {
            assert_eq!(choose(s), want, "{s:?}");
        }
    }
}
