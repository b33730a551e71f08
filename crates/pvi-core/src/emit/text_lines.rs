//! Python's `str.splitlines`, which pvi uses to cut multi-line values.

/// Splits `s` at line boundaries as Python's `str.splitlines()` does:
/// `\n`, `\r`, `\r\n`, `\x0b`, `\x0c`, `\x1c`–`\x1e`, `\u{85}`, `\u{2028}`,
/// `\u{2029}`; no empty item after a trailing boundary; `""` gives none.
pub fn python_splitlines(s: &str) -> Vec<&str> {
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

/// Byte ranges of the lines of `s` (without their `\n`), found with memchr.
pub fn line_ranges(s: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', s.as_bytes()).chain(std::iter::once(s.len()));
    ends.filter_map(move |end| {
        if start >= s.len() && end == s.len() {
            return None; // no empty item after a final newline (as `str::lines`)
        }
        let r = start..end;
        start = end + 1;
        Some(r)
    })
}

#[cfg(test)]
mod line_range_tests {
    use super::line_ranges;

    #[test]
    fn same_lines_as_str_lines() {
        for s in ["", "a", "a\n", "a\nb", "a\n\nb\n", "\n", "\n\n"] {
            let ours: Vec<&str> = line_ranges(s).map(|r| &s[r]).collect();
            assert_eq!(ours, s.lines().collect::<Vec<_>>(), "{s:?}");
        }
    }
}
