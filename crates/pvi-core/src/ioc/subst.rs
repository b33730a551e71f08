//! The `file "<Device>.pvi.template"` blocks ibek appends to `ioc.subst`
//! (docs/behaviour/ioc.md#substitution-blocks).

use indexmap::IndexMap;

/// One substitution block: a template file, its headings and rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubstBlock {
    /// Template file name (`<Device>.pvi.template`).
    pub file: String,
    /// Column headings (macro names) in order.
    pub headings: Vec<String>,
    /// Rows of values, in heading order.
    pub rows: Vec<Vec<String>>,
}

/// Blocks in order of first appearance, keyed by file name.
pub type SubstBlocks = IndexMap<String, SubstBlock>;

impl SubstBlock {
    /// The block's text: an empty line, `file "…" {`, `pattern `, the
    /// aligned rows, `}`.
    pub fn text(&self) -> String {
        let mut table = vec![self.headings.clone()];
        table.extend(self.rows.iter().cloned());
        let ncol = self.headings.len();
        let cell = |row: &[String], c: usize| {
            let v = row.get(c).map(String::as_str).unwrap_or("");
            if c + 1 < ncol {
                format!("\"{v}\", ")
            } else {
                format!("\"{v}\"")
            }
        };
        let widths: Vec<usize> = (0..ncol)
            .map(|c| {
                table
                    .iter()
                    .map(|r| cell(r, c).chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut s = format!("\nfile \"{}\" {{\npattern \n", self.file);
        for row in &table {
            s.push_str("\t{ ");
            for (c, w) in widths.iter().enumerate() {
                let text = cell(row, c);
                let pad = w - text.chars().count();
                s.push_str(&text);
                s.push_str(&" ".repeat(pad));
            }
            s.push_str(" }\n");
        }
        s.push_str("}\n");
        s
    }
}

/// The text of every block, concatenated (the content of `pvi.subst`).
pub fn subst_text(blocks: &SubstBlocks) -> String {
    blocks.values().map(SubstBlock::text).collect()
}

/// Whether `text` matches the regular expression `pattern` at its start
/// (Python's `re.match`); supports literals, `.`, `*`, `+`, `?`, `[...]`
/// classes, `\` escapes and a final `$`.
pub fn regex_match_start(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    match_here(&p, &t, 0)
}

fn atom_len(p: &[char]) -> usize {
    match p.first() {
        Some('\\') => 2.min(p.len()),
        Some('[') => p.iter().position(|&c| c == ']').map_or(p.len(), |i| i + 1),
        _ => 1,
    }
}

fn atom_matches(atom: &[char], c: char) -> bool {
    match atom {
        ['.'] => c != '\n',
        ['\\', e] => match e {
            'd' => c.is_ascii_digit(),
            'w' => c.is_alphanumeric() || c == '_',
            's' => c.is_whitespace(),
            other => *other == c,
        },
        ['[', inner @ .., ']'] => {
            let (neg, body) = match inner.first() {
                Some('^') => (true, &inner[1..]),
                _ => (false, inner),
            };
            let mut hit = false;
            let mut i = 0;
            while i < body.len() {
                if i + 2 < body.len() && body[i + 1] == '-' {
                    hit |= body[i] <= c && c <= body[i + 2];
                    i += 3;
                } else {
                    hit |= body[i] == c;
                    i += 1;
                }
            }
            hit != neg
        }
        [a] => *a == c,
        _ => false,
    }
}

fn match_here(p: &[char], t: &[char], depth: usize) -> bool {
    if depth > 256 {
        return false;
    }
    if p.is_empty() {
        return true;
    }
    if p == ['$'] {
        return t.is_empty();
    }
    let n = atom_len(p);
    let atom = &p[..n];
    let rest = &p[n..];
    match rest.first() {
        Some('*') | Some('+') | Some('?') => {
            let q = rest[0];
            let after = &rest[1..];
            let max = if q == '?' { 1 } else { usize::MAX };
            let min = usize::from(q == '+');
            let mut k = 0;
            while k < max && k < t.len() && atom_matches(atom, t[k]) {
                k += 1;
            }
            (min..=k)
                .rev()
                .any(|i| match_here(after, &t[i..], depth + 1))
        }
        _ => !t.is_empty() && atom_matches(atom, t[0]) && match_here(rest, &t[1..], depth + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligned_like_ibek() {
        let b = SubstBlock {
            file: "NDPluginStats.pvi.template".into(),
            headings: vec!["P".into(), "R".into()],
            rows: vec![
                vec!["BL03I-EA-XBPM-01".into(), "Cur1".into()],
                vec!["BL03I-EA-XBPM-01".into(), "SumAll".into()],
            ],
        };
        assert_eq!(
            b.text(),
            "\nfile \"NDPluginStats.pvi.template\" {\npattern \n\
             \t{ \"P\",                \"R\"      }\n\
             \t{ \"BL03I-EA-XBPM-01\", \"Cur1\"   }\n\
             \t{ \"BL03I-EA-XBPM-01\", \"SumAll\" }\n}\n"
        );
    }

    #[test]
    fn regex_subset() {
        assert!(regex_match_start("P.*", "PORT"));
        assert!(regex_match_start("R?", "X"));
        assert!(regex_match_start("ADDR[0-9]+", "ADDR12"));
        assert!(!regex_match_start("ADDR[0-9]+$", "ADDRx"));
    }
}
