//! Macro references in database text: `$(NAME)`, `${NAME}`, `$(NAME=default)`.

/// One macro reference found in a string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MacroRef {
    /// The macro name.
    pub name: String,
    /// The default after `=`, if any.
    pub default: Option<String>,
    /// Byte range in the string, `$` to the closing bracket.
    pub range: std::ops::Range<usize>,
}

/// Every macro reference in `text`, outermost only, in order. Nested
/// references inside a default stay part of that default.
pub fn macro_refs(text: &str) -> Vec<MacroRef> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] == b'$' && (b[i + 1] == b'(' || b[i + 1] == b'{') {
            if let Some(end) = close(b, i + 1) {
                let inner = &text[i + 2..end];
                let (name, default) = match inner.find('=') {
                    Some(eq) => (&inner[..eq], Some(inner[eq + 1..].to_string())),
                    None => (inner, None),
                };
                out.push(MacroRef {
                    name: name.to_string(),
                    default,
                    range: i..end + 1,
                });
                i = end + 1;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// Index of the bracket closing the one at `open`, nesting respected.
pub(crate) fn close(b: &[u8], open: usize) -> Option<usize> {
    let (o, c) = match b[open] {
        b'(' => (b'(', b')'),
        _ => (b'{', b'}'),
    };
    let mut depth = 0usize;
    for (j, &ch) in b.iter().enumerate().skip(open) {
        if ch == o {
            depth += 1;
        } else if ch == c {
            depth -= 1;
            if depth == 0 {
                return Some(j);
            }
        }
    }
    None
}

/// pvi's display name of a PV: every `$(` up to the next `)` removed;
/// `${...}` forms are kept (`$(P)$(R)Gain_RBV` → `Gain_RBV`).
pub fn strip_paren_macros(pv: &str) -> String {
    let mut out = String::with_capacity(pv.len());
    let mut rest = pv;
    while let Some(i) = rest.find("$(") {
        out.push_str(&rest[..i]);
        match rest[i..].find(')') {
            Some(j) => rest = &rest[i + j + 1..],
            None => {
                rest = &rest[i..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_macros_with_defaults() {
        let m = macro_refs("@asyn($(PORT),$(ADDR=0),${T=$(X)})P");
        let names: Vec<_> = m
            .iter()
            .map(|r| (r.name.as_str(), r.default.as_deref()))
            .collect();
        assert_eq!(
            names,
            [("PORT", None), ("ADDR", Some("0")), ("T", Some("$(X)"))]
        );
    }

    #[test]
    fn display_names() {
        assert_eq!(strip_paren_macros("$(P)$(R)GainX_RBV"), "GainX_RBV");
        assert_eq!(strip_paren_macros("$(P)$(R)CAM:Gain"), "CAM:Gain");
        assert_eq!(strip_paren_macros("${P}Gain"), "${P}Gain");
        assert_eq!(strip_paren_macros("A$(B"), "A$(B");
    }
}
