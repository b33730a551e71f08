//! Block-style YAML text from a [`Yaml`] tree, laid out as ruamel.yaml does
//! for pvi (docs/behaviour/device-model.md#text-layout): 2-space mappings, sequences indented by 4
//! with the dash at 2, folding at 80 columns, blank lines between typed items.

use super::style::{choose, is_special, Style};

/// Width beyond which scalars are folded.
const BEST_WIDTH: usize = 80;

/// A YAML value to write.
#[derive(Debug, Clone, PartialEq)]
pub enum Yaml {
    /// A string.
    Str(String),
    /// An integer.
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// A sequence.
    Seq(Vec<Yaml>),
    /// A mapping, in order.
    Map(Vec<(String, Yaml)>),
}

impl Yaml {
    /// A string value.
    pub fn str(s: impl Into<String>) -> Self {
        Yaml::Str(s.into())
    }
}

/// Writes a top-level mapping as a YAML document (no markers, final newline).
pub fn to_text(top: &[(String, Yaml)]) -> String {
    let mut e = Emitter::default();
    e.map(top, 0, true);
    e.out.push('\n');
    add_blank_lines(&e.out)
}

/// pvi's post-processing: one empty line before every `- type:` line unless
/// the line before it ends with `:`.
fn add_blank_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut prev: Option<&str> = None;
    for line in text.split_inclusive('\n') {
        let typed = line.trim_start_matches(' ').starts_with("- type:");
        if typed && prev.is_some_and(|p| !p.trim_end_matches('\n').ends_with(':')) {
            out.push('\n');
        }
        out.push_str(line);
        prev = Some(line);
    }
    out
}

#[derive(Default)]
struct Emitter {
    out: String,
    column: usize,
}

impl Emitter {
    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
        self.column += s.chars().count();
    }

    fn line_to(&mut self, indent: usize) {
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.column = 0;
        self.raw(&" ".repeat(indent));
    }

    fn map(&mut self, m: &[(String, Yaml)], col: usize, first_inline: bool) {
        for (i, (k, v)) in m.iter().enumerate() {
            if i > 0 || !first_inline {
                self.line_to(col);
            }
            self.key(k);
            self.raw(":");
            match v {
                Yaml::Seq(s) if s.is_empty() => self.raw(" []"),
                Yaml::Map(m) if m.is_empty() => self.raw(" {}"),
                Yaml::Map(m) => self.map(m, col + 2, false),
                Yaml::Seq(s) => self.seq(s, col + 2),
                scalar => {
                    self.raw(" ");
                    self.scalar(scalar, col + 2);
                }
            }
        }
    }

    fn seq(&mut self, s: &[Yaml], dash: usize) {
        for item in s {
            self.line_to(dash);
            self.raw("- ");
            match item {
                Yaml::Map(m) if !m.is_empty() => self.map(m, dash + 2, true),
                Yaml::Map(_) => self.raw("{}"),
                Yaml::Seq(s) if s.is_empty() => self.raw("[]"),
                Yaml::Seq(s) => self.seq(s, dash + 2),
                scalar => self.scalar(scalar, dash + 2),
            }
        }
    }

    fn key(&mut self, k: &str) {
        match choose(k) {
            Style::Plain => self.raw(k),
            Style::Single => self.single(k, usize::MAX, false),
            Style::Double => self.double(k, usize::MAX, false),
        }
    }

    fn scalar(&mut self, v: &Yaml, indent: usize) {
        match v {
            Yaml::Int(i) => self.raw(&i.to_string()),
            Yaml::Bool(b) => self.raw(if *b { "true" } else { "false" }),
            Yaml::Str(s) => match choose(s) {
                Style::Plain => self.plain(s, indent),
                Style::Single => self.single(s, indent, true),
                Style::Double => self.double(s, indent, true),
            },
            Yaml::Seq(_) | Yaml::Map(_) => {}
        }
    }

    fn plain(&mut self, text: &str, indent: usize) {
        let chars: Vec<char> = text.chars().collect();
        let (mut start, mut spaces) = (0, false);
        for end in 0..=chars.len() {
            let ch = chars.get(end).copied();
            if spaces {
                if ch != Some(' ') {
                    if start + 1 == end && self.column >= BEST_WIDTH {
                        self.line_to(indent);
                    } else {
                        self.raw(&chars[start..end].iter().collect::<String>());
                    }
                    start = end;
                }
            } else if ch.is_none() || ch == Some(' ') {
                let word: String = chars[start..end].iter().collect();
                let len = end - start;
                // ruamel also breaks after a run of several spaces, which then
                // read back as one: pvi-rs keeps such a word on the line
                let lone_space = start < 2 || chars[start - 2] != ' ';
                if len + self.column > BEST_WIDTH && self.column > indent && lone_space {
                    self.line_to(indent);
                }
                self.raw(&word);
                start = end;
            }
            spaces = ch == Some(' ');
        }
    }

    fn single(&mut self, text: &str, indent: usize, split: bool) {
        self.raw("'");
        let chars: Vec<char> = text.chars().collect();
        let (mut start, mut spaces) = (0, false);
        for end in 0..=chars.len() {
            let ch = chars.get(end).copied();
            if spaces {
                if ch != Some(' ') {
                    if start + 1 == end
                        && self.column > BEST_WIDTH
                        && split
                        && start != 0
                        && end != chars.len()
                    {
                        self.line_to(indent);
                    } else {
                        self.raw(&chars[start..end].iter().collect::<String>());
                    }
                    start = end;
                }
            } else if (ch.is_none() || ch == Some(' ') || ch == Some('\'')) && start < end {
                self.raw(&chars[start..end].iter().collect::<String>());
                start = end;
            }
            if ch == Some('\'') {
                self.raw("''");
                start = end + 1;
            }
            spaces = ch == Some(' ');
        }
        self.raw("'");
    }

    fn double(&mut self, text: &str, indent: usize, split: bool) {
        self.raw("\"");
        let chars: Vec<char> = text.chars().collect();
        let mut start = 0;
        for end in 0..=chars.len() {
            let ch = chars.get(end).copied();
            let escape = match ch {
                None => true,
                Some(c) => {
                    matches!(
                        c,
                        '"' | '\\' | '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{FEFF}'
                    ) || c == '\n'
                        || is_special(c)
                }
            };
            if escape {
                if start < end {
                    self.raw(&chars[start..end].iter().collect::<String>());
                    start = end;
                }
                if let Some(c) = ch {
                    self.raw(&escape_char(c));
                    start = end + 1;
                }
            }
            if split
                && 0 < end
                && end + 1 < chars.len()
                && (ch == Some(' ') || start >= end)
                && self.column as isize + end as isize - start as isize > BEST_WIDTH as isize
            {
                // ruamel may omit the `\\` where no space follows the break,
                // which then reads back as an extra space: pvi-rs keeps it
                let next = chars.get(start.max(end)).copied();
                let backslash = next != Some(' ') || needs_backslash(&chars, start, end);
                let mut data: String = chars[start.min(end)..end].iter().collect();
                if backslash {
                    data.push('\\');
                }
                if start < end {
                    start = end;
                }
                self.raw(&data);
                self.line_to(indent);
                if chars.get(start) == Some(&' ') {
                    if backslash {
                        self.raw("\\");
                    } else {
                        start += 1;
                    }
                }
            }
        }
        self.raw("\"");
    }
}

/// ruamel's rule for ending a folded double-quoted line with `\\`.
fn needs_backslash(text: &[char], start: usize, end: usize) -> bool {
    let Some(mut space) = text[end..].iter().position(|&c| c == ' ').map(|p| p + end) else {
        return true;
    };
    if let Some(nl) = text[end..space].iter().position(|&c| c == '\n') {
        space = end + nl;
    }
    let Some(&after) = text.get(space + 1) else {
        return true;
    };
    if text[space] == '\n' && after != ' ' {
        return true;
    }
    let word = &text[end..space];
    !(!word.contains(&'"')
        && !word.contains(&'\'')
        && after != ' '
        && after != '\n'
        && text[end - 1..=end] != [' ', ' ']
        && start != end)
}

fn escape_char(c: char) -> String {
    let short = match c {
        '\0' => "0",
        '\u{7}' => "a",
        '\u{8}' => "b",
        '\t' => "t",
        '\n' => "n",
        '\u{B}' => "v",
        '\u{C}' => "f",
        '\r' => "r",
        '\u{1B}' => "e",
        '"' => "\"",
        '\\' => "\\",
        '\u{85}' => "N",
        '\u{A0}' => "_",
        '\u{2028}' => "L",
        '\u{2029}' => "P",
        _ => "",
    };
    if !short.is_empty() {
        format!("\\{short}")
    } else if (c as u32) <= 0xFF {
        format!("\\x{:02X}", c as u32)
    } else if (c as u32) <= 0xFFFF {
        format!("\\u{:04X}", c as u32)
    } else {
        format!("\\U{:08X}", c as u32)
    }
}
