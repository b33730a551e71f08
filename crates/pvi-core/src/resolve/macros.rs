//! `$(NAME)` substitution of Include macros (docs/behaviour/device-model.md#include-macros).

use indexmap::IndexMap;

/// Replaces every `$(NAME)` whose NAME (word characters) is a key of
/// `macros` by its value, in one pass; anything else is left as it is.
pub fn substitute(text: &str, macros: &IndexMap<String, String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("$(") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let n = after
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        if n > 0 && after.as_bytes().get(n) == Some(&b')') {
            if let Some(v) = macros.get(&after[..n]) {
                out.push_str(v);
                rest = &after[n + 1..];
                continue;
            }
        }
        out.push_str("$(");
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substitutes_known_names_only() {
        let m = IndexMap::from([("R".to_string(), "$(R)T1:".to_string())]);
        assert_eq!(substitute("$(P)$(R)Temp", &m), "$(P)$(R)T1:Temp");
        assert_eq!(substitute("$(R=0)${R}", &m), "$(R=0)${R}");
        assert_eq!(substitute("$(", &m), "$(");
    }
}
