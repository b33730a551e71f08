//! The database parser: a small lexer over bytes and a recursive reader.

use super::macros::close;
use super::*;
use crate::diag::{DiagKind, Diagnostic};
use crate::source::{FileId, Span};

/// The result of parsing: what could be read, and what could not.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// Everything read, in order.
    pub db: Database,
    /// Errors, located; parsing went on after each one.
    pub diags: Vec<Diagnostic>,
    /// Text regions skipped after an error (statement start to recovery).
    pub skipped: Vec<Span>,
}

/// Parses database text. Never fails: problems are reported in
/// [`Parsed::diags`] and the rest of the file is still read.
pub fn parse(text: &str, file: FileId) -> Parsed {
    let mut p = Parser {
        text,
        b: text.as_bytes(),
        pos: 0,
        file,
        out: Parsed::default(),
    };
    p.top();
    p.out
}

struct Parser<'a> {
    text: &'a str,
    b: &'a [u8],
    pos: usize,
    file: FileId,
    out: Parsed,
}

#[derive(Debug)]
enum Tok {
    Punct(u8),
    Str(String),
    Word(String),
    Comment(String),
    Eof,
}

type Res<T> = Result<T, Diagnostic>;

fn is_word_byte(c: u8) -> bool {
    !(c.is_ascii_whitespace() || b"(){},\"#".contains(&c))
}

/// The end (one past the bracket) of a macro reference with a default
/// that holds quoted text, `$(NAME="...")` or `${NAME="..."}`, at `i` inside
/// a quoted string (ADCore: `"$(XPOS="") CP MS"`): its quotes belong to the
/// macro and do not end the string. The quotes must pair up and the reference
/// must close on its line; anything else is read character by character.
fn macro_in_string(b: &[u8], i: usize) -> Option<usize> {
    let close = match (b.get(i), b.get(i + 1)) {
        (Some(b'$'), Some(b'(')) => b')',
        (Some(b'$'), Some(b'{')) => b'}',
        _ => return None,
    };
    let mut j = i + 2;
    while b
        .get(j)
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
    {
        j += 1;
    }
    if j == i + 2 || b.get(j) != Some(&b'=') {
        return None;
    }
    j += 1;
    let mut quoted = false;
    loop {
        match *b.get(j)? {
            b'\n' | b'(' | b'{' => return None,
            b'"' => {
                let n = b[j + 1..].iter().position(|&c| c == b'"' || c == b'\n')?;
                if b[j + 1 + n] != b'"' {
                    return None;
                }
                quoted = true;
                j += n + 2;
            }
            c if c == close => return quoted.then_some(j + 1),
            b')' | b'}' => return None,
            _ => j += 1,
        }
    }
}

/// Whether `s` between double quotes lexes back as one string equal to `s`
/// (no bare `"` outside a macro reference, no line break; a `\\` does not
/// escape the closing quote).
pub(crate) fn reads_as_string(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if let Some(e) = macro_in_string(b, i) {
            i = e;
            continue;
        }
        match b[i] {
            b'\\' if i + 1 < b.len() => i += 2,
            b'\\' | b'"' | b'\n' => return false,
            _ => i += 1,
        }
    }
    true
}

/// Whether `s`, followed by `,` or `)`, lexes back as the one word `s`
/// (every macro reference in it closes inside it).
pub(super) fn reads_as_word(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'$' && matches!(b.get(i + 1), Some(b'(' | b'{')) {
            match close(b, i + 1) {
                Some(e) => i = e + 1,
                None => return false,
            }
        } else if is_word_byte(b[i]) {
            i += 1;
        } else {
            return false;
        }
    }
    !b.is_empty()
}

impl<'a> Parser<'a> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    fn skip_ws(&mut self) {
        while self.pos < self.b.len() && self.b[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
    }

    fn describe(t: &Tok) -> String {
        match t {
            Tok::Punct(c) => format!("`{}`", *c as char),
            Tok::Str(s) => format!("string \"{s}\""),
            Tok::Word(w) => format!("`{w}`"),
            Tok::Comment(_) => "a comment".into(),
            Tok::Eof => "end of file".into(),
        }
    }

    /// Next token (comments included); returns it with its start offset.
    fn next(&mut self) -> Res<(Tok, usize)> {
        self.skip_ws();
        let start = self.pos;
        let Some(&c) = self.b.get(self.pos) else {
            return Ok((Tok::Eof, start));
        };
        match c {
            b'#' => {
                let end = self.text[start..]
                    .find('\n')
                    .map_or(self.b.len(), |i| start + i);
                self.pos = end;
                let t = self.text[start + 1..end].trim_end_matches('\r');
                Ok((Tok::Comment(t.to_string()), start))
            }
            b'"' => {
                let mut i = start + 1;
                while i < self.b.len() {
                    if let Some(e) = macro_in_string(self.b, i) {
                        i = e;
                        continue;
                    }
                    match self.b[i] {
                        b'\\' => i += 2,
                        b'"' => {
                            self.pos = i + 1;
                            return Ok((Tok::Str(self.text[start + 1..i].to_string()), start));
                        }
                        b'\n' => break,
                        _ => i += 1,
                    }
                }
                let end = i.min(self.b.len());
                self.pos = end;
                Err(
                    Diagnostic::error(DiagKind::Validation, "unterminated string")
                        .at(self.span(start, end))
                        .with_label("this string has no closing quote on its line"),
                )
            }
            b'(' | b')' | b'{' | b'}' | b',' => {
                self.pos += 1;
                Ok((Tok::Punct(c), start))
            }
            _ => {
                let mut i = start;
                while i < self.b.len() && is_word_byte(self.b[i]) {
                    if self.b[i] == b'$' && matches!(self.b.get(i + 1), Some(b'(' | b'{')) {
                        if let Some(e) = close(self.b, i + 1) {
                            i = e + 1;
                            continue;
                        }
                    }
                    i += 1;
                }
                // a lone non-word byte: take one UTF-8 character
                if i == start {
                    i += self.text[start..].chars().next().map_or(1, char::len_utf8);
                }
                self.pos = i;
                Ok((Tok::Word(self.text[start..i].to_string()), start))
            }
        }
    }

    /// Next token that is not a comment.
    fn next_code(&mut self) -> Res<(Tok, usize)> {
        loop {
            let t = self.next()?;
            if !matches!(t.0, Tok::Comment(_)) {
                return Ok(t);
            }
        }
    }

    fn unexpected(&self, t: &Tok, at: usize, want: &str) -> Diagnostic {
        let end = self.pos.max(at + 1).min(self.b.len()).max(at);
        Diagnostic::error(
            DiagKind::Validation,
            format!("expected {want}, found {}", Self::describe(t)),
        )
        .at(self.span(at, end))
    }

    fn punct(&mut self, p: u8) -> Res<usize> {
        let (t, at) = self.next_code()?;
        match t {
            Tok::Punct(c) if c == p => Ok(at),
            t => Err(self.unexpected(&t, at, &format!("`{}`", p as char))),
        }
    }

    fn string_or_word(&mut self, want: &str) -> Res<String> {
        let (t, at) = self.next_code()?;
        match t {
            Tok::Str(s) | Tok::Word(s) => Ok(s),
            t => Err(self.unexpected(&t, at, want)),
        }
    }

    fn top(&mut self) {
        loop {
            let (t, at) = match self.next() {
                Ok(x) => x,
                Err(d) => {
                    let at = d.span.map_or(self.pos, |s| s.start as usize);
                    self.fail(d, at);
                    continue;
                }
            };
            match self.top_item(t, at) {
                Ok(true) => {}
                Ok(false) => break,
                Err(d) => self.fail(d, at),
            }
        }
    }

    /// Records an error in the statement starting at `at`, then skips to the
    /// next line (at or after the error's line) that starts a statement.
    fn fail(&mut self, d: Diagnostic, at: usize) {
        let err_at = d.span.map_or(self.pos, |s| s.start as usize);
        self.out.diags.push(d);
        let err_line = self.text[..err_at.min(self.b.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let mut line_start = err_line;
        let resume = loop {
            if line_start > at {
                let line = self.text[line_start..].trim_start_matches([' ', '\t']);
                if ["record", "grecord", "include", "substitute"]
                    .iter()
                    .any(|k| line.starts_with(k))
                {
                    break line_start;
                }
            }
            match self.text[line_start..].find('\n') {
                Some(nl) => line_start += nl + 1,
                None => break self.b.len(),
            }
        };
        self.out.skipped.push(self.span(at, resume));
        self.pos = resume;
    }

    fn top_item(&mut self, t: Tok, at: usize) -> Res<bool> {
        let item = match t {
            Tok::Eof => return Ok(false),
            Tok::Comment(text) => Item::Comment {
                text,
                span: self.span(at, self.pos),
            },
            Tok::Word(w) if w == "record" || w == "grecord" => {
                let kw = if w == "record" {
                    RecordKeyword::Record
                } else {
                    RecordKeyword::Grecord
                };
                Item::Record(self.record(kw, at)?)
            }
            Tok::Word(w) if w == "include" || w == "substitute" => {
                let (t2, at2) = self.next_code()?;
                let Tok::Str(s) = t2 else {
                    return Err(self.unexpected(&t2, at2, "a quoted file name"));
                };
                let span = self.span(at, self.pos);
                if w == "include" {
                    Item::Include { path: s, span }
                } else {
                    Item::Substitute { text: s, span }
                }
            }
            Tok::Word(w) if w == "alias" => {
                self.punct(b'(')?;
                let record = self.string_or_word("a record name")?;
                self.punct(b',')?;
                let alias = self.string_or_word("an alias name")?;
                self.punct(b')')?;
                Item::Alias {
                    record,
                    alias,
                    span: self.span(at, self.pos),
                }
            }
            Tok::Word(w) if w.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_') => {
                self.raw_statement(&w, at)?
            }
            t => {
                return Err(self
                    .unexpected(&t, at, "`record`, `include`, `alias` or another statement")
                    .with_note("a database holds record(TYPE, \"NAME\") { ... } definitions"))
            }
        };
        self.out.db.items.push(item);
        Ok(true)
    }

    /// `keyword "text"` or `keyword(...)` with an optional `{...}` body,
    /// kept verbatim.
    fn raw_statement(&mut self, kw: &str, at: usize) -> Res<Item> {
        let (t, open) = self.next_code()?;
        match t {
            Tok::Str(_) => {
                return Ok(Item::Other {
                    keyword: kw.to_string(),
                    text: self.text[at..self.pos].to_string(),
                    span: self.span(at, self.pos),
                })
            }
            Tok::Punct(b'(') => {}
            t => return Err(self.unexpected(&t, open, "`(` or a quoted string")),
        }
        let end = close(self.b, open).ok_or_else(|| {
            Diagnostic::error(DiagKind::Validation, format!("`{kw}(` is never closed"))
                .at(self.span(open, open + 1))
        })?;
        self.pos = end + 1;
        let save = self.pos;
        self.skip_ws();
        if self.b.get(self.pos) == Some(&b'{') {
            let open = self.pos;
            let end = close(self.b, open).ok_or_else(|| {
                Diagnostic::error(DiagKind::Validation, "`{` is never closed")
                    .at(self.span(open, open + 1))
            })?;
            self.pos = end + 1;
        } else {
            self.pos = save;
        }
        Ok(Item::Other {
            keyword: kw.to_string(),
            text: self.text[at..self.pos].to_string(),
            span: self.span(at, self.pos),
        })
    }

    fn record(&mut self, keyword: RecordKeyword, at: usize) -> Res<Record> {
        self.punct(b'(')?;
        let rtype = self.string_or_word("a record type")?;
        self.punct(b',')?;
        let name = self.string_or_word("a record name")?;
        self.punct(b')')?;
        let save = self.pos;
        self.skip_ws();
        let body = if self.b.get(self.pos) == Some(&b'{') {
            self.pos += 1;
            Some(self.body()?)
        } else {
            self.pos = save;
            None
        };
        Ok(Record {
            keyword,
            rtype,
            name,
            body,
            span: self.span(at, self.pos),
        })
    }

    fn body(&mut self) -> Res<Vec<BodyItem>> {
        let mut items = Vec::new();
        loop {
            let (t, at) = self.next()?;
            let item = match t {
                Tok::Punct(b'}') => return Ok(items),
                Tok::Comment(text) => BodyItem::Comment {
                    text,
                    span: self.span(at, self.pos),
                },
                Tok::Word(w) if w == "field" || w == "info" => {
                    self.punct(b'(')?;
                    let name = self.string_or_word("a field name")?;
                    self.punct(b',')?;
                    let value = self.value()?;
                    self.punct(b')')?;
                    let s = Setting {
                        name,
                        value,
                        span: self.span(at, self.pos),
                    };
                    if w == "field" {
                        BodyItem::Field(s)
                    } else {
                        BodyItem::Info(s)
                    }
                }
                Tok::Word(w) if w == "alias" => {
                    self.punct(b'(')?;
                    let name = self.string_or_word("an alias name")?;
                    self.punct(b')')?;
                    BodyItem::Alias {
                        name,
                        span: self.span(at, self.pos),
                    }
                }
                t => {
                    return Err(self
                        .unexpected(&t, at, "`field`, `info`, `alias` or `}`")
                        .with_note("inside a record body: field(NAME, \"value\")"))
                }
            };
            items.push(item);
        }
    }

    fn value(&mut self) -> Res<Value> {
        self.skip_ws();
        let at = self.pos;
        if matches!(self.b.get(at), Some(b'{' | b'[')) {
            let end = json_end(self.b, at).ok_or_else(|| {
                Diagnostic::error(DiagKind::Validation, "JSON value is never closed")
                    .at(self.span(at, at + 1))
            })?;
            self.pos = end;
            return Ok(Value::Json(self.text[at..end].to_string()));
        }
        let (t, at) = self.next_code()?;
        match t {
            Tok::Str(s) => Ok(Value::Quoted(s)),
            Tok::Word(w) => Ok(Value::Bare(w)),
            t => Err(self.unexpected(&t, at, "a value")),
        }
    }
}

/// End (exclusive) of the JSON value starting at `start`, strings respected.
fn json_end(b: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = start;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}
