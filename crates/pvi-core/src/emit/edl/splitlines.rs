//! Python's `str.splitlines`, which pvi uses to cut multi-line values.

/// Splits `s` at line boundaries as Python's `str.splitlines()` does:
/// `\n`, `\r`, `\r\n`, `\x0b`, `\x0c`, `\x1c`–`\x1e`, `\u{85}`, `\u{2028}`,
/// `\u{2029}`; no empty item after a trailing boundary; `""` gives none.
pub(super) fn python_splitlines(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let boundary = matches!(
            c,
            '\n' | '\r'
                | '\x0b'
                | '\x0c'
                | '\x1c'
                | '\x1d'
                | '\x1e'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        );
        if boundary {
            out.push(&s[start..i]);
            let mut next = i + c.len_utf8();
            if c == '\r' {
                if let Some(&(j, '\n')) = chars.peek() {
                    chars.next();
                    next = j + 1;
                }
            }
            start = next;
        }
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::python_splitlines;

    #[test]
    fn like_python() {
        assert!(python_splitlines("").is_empty());
        assert_eq!(python_splitlines("a"), ["a"]);
        assert_eq!(python_splitlines("a\n"), ["a"]);
        assert_eq!(
            python_splitlines("a\r\nb\rc\n\nd"),
            ["a", "b", "c", "", "d"]
        );
        assert_eq!(python_splitlines("\n"), [""]);
    }
}
