//! A fast path for the block-style YAML device files are written in.
//!
//! It reads block mappings and sequences, single-line plain and quoted
//! scalars, single-line flow sequences of scalars, blank lines and comments.
//! On anything else — anchors, tags, block scalars, multi-line scalars, flow
//! mappings, tabs, directives, document markers, and every error — it gives
//! up (`None`) and [`super::load`] parses with saphyr, which stays the
//! reference: the nodes and spans are the same (tested against saphyr on the
//! fixtures and on generated and mutated documents).

use super::keys::KeyIndex;
use super::limits::Limits;
use super::node::{Node, Value};
use super::scalar::plain_value;
use crate::source::{FileId, Span};

/// One line with content.
#[derive(Debug, Clone, Copy)]
struct Line {
    /// Byte offset of the line's first byte.
    begin: usize,
    /// Spaces before the content.
    indent: usize,
    /// Byte offset of the first non-space byte.
    start: usize,
    /// Byte offset of the `\n` (or the text's end).
    end: usize,
}

struct P<'a> {
    b: &'a [u8],
    text: &'a str,
    file: FileId,
    /// Start of the next unread line.
    pos: usize,
    /// The line [`P::peek`] found at `pos`, if already looked up.
    peeked: Option<(usize, Option<Line>)>,
    nodes: usize,
    limits: Limits,
    /// Entries of the mappings being read, innermost last (one exact-size
    /// allocation per mapping instead of growing each one).
    entry_stack: Vec<(Node, Node)>,
    /// Items of the sequences being read, innermost last.
    item_stack: Vec<Node>,
}

/// Where a plain scalar's text stops on its line.
enum Stop {
    /// A `:` followed by a space or the line's end, at this position.
    Colon(usize),
    /// A ` #` comment; the position of the space.
    Comment(usize),
    /// The line's end.
    End,
}

/// What a line holds where a mapping key may be.
enum KeyScan {
    /// `key:` — key span and the position of the colon.
    Key(usize, usize, usize),
    /// No key: a scalar.
    NotKey,
}

/// Parses `text` if it is in the subset; `None` means "ask saphyr".
pub fn load(text: &str, file: FileId, limits: Limits) -> Option<Node> {
    if text.len() > limits.max_bytes || !plain_text(text) {
        return None;
    }
    let mut p = P {
        b: text.as_bytes(),
        text,
        file,
        pos: 0,
        peeked: None,
        nodes: 0,
        limits,
        entry_stack: Vec::new(),
        item_stack: Vec::new(),
    };
    let first = p.peek()?;
    p.consume(first);
    let root = p.block(first, 1)?;
    if p.peek().is_some() {
        return None;
    }
    Some(root)
}

/// No tabs, carriage returns, control or non-printable characters, BOM,
/// directives or document markers.
fn plain_text(text: &str) -> bool {
    let b = text.as_bytes();
    // no early exit: this loop vectorises
    let clean = b.iter().fold(true, |ok, &c| {
        ok & (c == b'\n' || (c >= b' ' && c != 0x7f)) // tabs and carriage returns too
    });
    if !clean {
        return false;
    }
    let marker = |at: usize| {
        let l = &b[at..];
        l.first() == Some(&b'%') || l.starts_with(b"---") || l.starts_with(b"...")
    };
    if marker(0) || memchr::memchr_iter(b'\n', b).any(|i| marker(i + 1)) {
        return false;
    }
    text.is_ascii()
        || !text.chars().any(|c| {
            ('\u{80}'..='\u{9f}').contains(&c)
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                )
        })
}

fn is_space_or_end(b: &[u8], i: usize, end: usize) -> bool {
    i >= end || b[i] == b' '
}

impl<'a> P<'a> {
    /// The next line with content, skipping blank and comment-only lines.
    fn peek(&mut self) -> Option<Line> {
        if let Some((at, line)) = self.peeked {
            if at == self.pos {
                return line;
            }
        }
        let line = self.find_line();
        self.peeked = Some((self.pos, line));
        line
    }

    fn find_line(&self) -> Option<Line> {
        let mut p = self.pos;
        while p < self.b.len() {
            let end = memchr::memchr(b'\n', &self.b[p..]).map_or(self.b.len(), |i| p + i);
            let indent = self.b[p..end].iter().take_while(|&&c| c == b' ').count();
            if p + indent == end || self.b[p + indent] == b'#' {
                p = end + 1;
                continue;
            }
            return Some(Line {
                begin: p,
                indent,
                start: p + indent,
                end,
            });
        }
        None
    }

    fn consume(&mut self, l: Line) {
        self.pos = l.end + 1;
    }

    fn span(&self, s: usize, e: usize) -> Span {
        Span::new(self.file, s, e)
    }

    fn node(&mut self, value: Value, s: usize, e: usize) -> Option<Node> {
        self.nodes += 1;
        if self.nodes > self.limits.max_nodes {
            return None;
        }
        Some(Node::new(value, self.span(s, e)))
    }

    fn seq_marker(&self, i: usize, end: usize) -> bool {
        self.b[i] == b'-' && is_space_or_end(self.b, i + 1, end)
    }

    /// The block node starting on line `l` (already consumed).
    fn block(&mut self, l: Line, depth: usize) -> Option<Node> {
        if depth >= self.limits.max_depth {
            return None;
        }
        if self.seq_marker(l.start, l.end) {
            return self.seq(l, false, depth);
        }
        match self.key_scan(l.start, l.end)? {
            KeyScan::Key(..) => self.map(l.indent, l.start, l.end, depth),
            KeyScan::NotKey => None,
        }
    }

    /// A block mapping at `indent` whose first key starts at `k` on a line
    /// ending at `end` (already consumed).
    fn map(&mut self, indent: usize, mut k: usize, mut end: usize, depth: usize) -> Option<Node> {
        let start = k;
        let base = self.entry_stack.len();
        let mut keys = KeyIndex::default();
        loop {
            let KeyScan::Key(ks, ke, colon) = self.key_scan(k, end)? else {
                return None;
            };
            let key = self.key_node(ks, ke)?;
            if keys.repeat(&self.entry_stack[base..], &key.value).is_some() {
                return None;
            }
            let value = self.value(indent, colon, end, depth)?;
            self.entry_stack.push((key, value));
            match self.peek() {
                Some(l) if l.indent == indent && !self.seq_marker(l.start, l.end) => {
                    self.consume(l);
                    k = l.start;
                    end = l.end;
                }
                Some(l) if l.indent >= indent => return None,
                _ => break,
            }
        }
        let entries: Vec<(Node, Node)> = self.entry_stack.drain(base..).collect();
        let e = entries.last().map_or(start, |(_, v)| v.span.end as usize);
        self.node(Value::Map(entries), start, e.max(start))
    }

    /// The value after the colon at `colon` of an entry of the mapping at `indent`.
    fn value(&mut self, indent: usize, colon: usize, end: usize, depth: usize) -> Option<Node> {
        let mut q = colon + 1;
        while q < end && self.b[q] == b' ' {
            q += 1;
        }
        if q < end && self.b[q] != b'#' {
            let node = self.inline(q, end, depth)?;
            return match self.peek() {
                Some(l) if l.indent > indent => None,
                _ => Some(node),
            };
        }
        match self.peek() {
            Some(l) if l.indent > indent => {
                self.consume(l);
                self.block(l, depth + 1)
            }
            Some(l) if l.indent == indent && self.seq_marker(l.start, l.end) => {
                if depth + 1 >= self.limits.max_depth {
                    return None;
                }
                self.consume(l);
                self.seq(l, true, depth + 1)
            }
            _ => self.node(Value::Null, colon, colon),
        }
    }

    /// A block sequence whose first `-` is on line `l` (already consumed).
    /// `indentless`: at the same indent as its mapping key.
    fn seq(&mut self, mut l: Line, indentless: bool, depth: usize) -> Option<Node> {
        let indent = l.indent;
        let dash_start = l.start;
        let base = self.item_stack.len();
        loop {
            let mut q = l.start + 1;
            while q < l.end && self.b[q] == b' ' {
                q += 1;
            }
            let item = if q >= l.end {
                match self.peek() {
                    Some(n) if n.indent > indent => {
                        self.consume(n);
                        self.block(n, depth + 1)?
                    }
                    _ => self.node(Value::Null, l.end, l.end)?,
                }
            } else if self.b[q] == b'#' || self.seq_marker(q, l.end) {
                return None;
            } else if let KeyScan::Key(..) = self.key_scan(q, l.end)? {
                if depth + 1 >= self.limits.max_depth {
                    return None;
                }
                self.map(q - l.begin, q, l.end, depth + 1)?
            } else {
                let node = self.inline(q, l.end, depth)?;
                if matches!(self.peek(), Some(n) if n.indent > indent) {
                    return None;
                }
                node
            };
            self.item_stack.push(item);
            match self.peek() {
                Some(n) if n.indent == indent && self.seq_marker(n.start, n.end) => {
                    self.consume(n);
                    l = n;
                }
                Some(n) if n.indent > indent => return None,
                _ => break,
            }
        }
        let items: Vec<Node> = self.item_stack.drain(base..).collect();
        let start = if indentless {
            items.first().map_or(dash_start, |n| n.span.start as usize)
        } else {
            dash_start
        };
        let e = items.last().map_or(start, |n| n.span.end as usize);
        self.node(Value::Seq(items), start, e.max(start))
    }

    /// Whether the text at `q` (up to `end`) is `key:`; `None`: give up.
    fn key_scan(&self, q: usize, end: usize) -> Option<KeyScan> {
        let b = self.b;
        let (ks, ke, mut i) = match b[q] {
            b'\'' | b'"' => {
                let close = self.quoted_end(q, end)?;
                (q, self.after_quoted(close, end), close)
            }
            b'[' | b'{' => return Some(KeyScan::NotKey),
            c if bad_plain_start(c) => return None,
            _ => {
                let Stop::Colon(i) = self.plain_stop(q, end) else {
                    return Some(KeyScan::NotKey);
                };
                let mut ke = i;
                while ke > q && b[ke - 1] == b' ' {
                    ke -= 1;
                }
                (q, ke, ke)
            }
        };
        while i < end && b[i] == b' ' {
            i += 1;
        }
        if i < end && b[i] == b':' && is_space_or_end(b, i + 1, end) {
            if ke - ks > 1024 {
                return None;
            }
            Some(KeyScan::Key(ks, ke, i))
        } else {
            Some(KeyScan::NotKey)
        }
    }

    /// The first `: ` (or `:` at the line's end) or ` #` from `q` on.
    /// A byte loop: lines are short, and memchr2 cost more than it saved.
    fn plain_stop(&self, q: usize, end: usize) -> Stop {
        let b = self.b;
        for i in q..end {
            match b[i] {
                b':' if is_space_or_end(b, i + 1, end) => return Stop::Colon(i),
                b' ' if i + 1 < end && b[i + 1] == b'#' => return Stop::Comment(i),
                _ => {}
            }
        }
        Stop::End
    }

    fn key_node(&mut self, ks: usize, ke: usize) -> Option<Node> {
        match self.b[ks] {
            b'\'' | b'"' => {
                let close = self.quoted_end(ks, ke)?;
                let v = self.unquote(ks, close)?;
                self.node(Value::Str(v), ks, ke)
            }
            _ => {
                // key_scan stopped at the first `: ` and ` #`
                let s = &self.text[ks..ke];
                if s == "<<" {
                    return None; // a merge key: saphyr applies it
                }
                self.node(plain_value(s.to_string(), false), ks, ke)
            }
        }
    }

    /// One past the closing quote of the quoted scalar at `q`.
    fn quoted_end(&self, q: usize, end: usize) -> Option<usize> {
        let b = self.b;
        let quote = b[q];
        let mut i = q + 1;
        while i < end {
            if b[i] == quote {
                if quote == b'\'' && i + 1 < end && b[i + 1] == b'\'' {
                    i += 2;
                    continue;
                }
                return Some(i + 1);
            }
            if quote == b'"' && b[i] == b'\\' {
                i += 1;
            }
            i += 1;
        }
        None
    }

    /// Where saphyr ends the span of a quoted scalar or an empty flow
    /// collection: after the spaces that follow it, and after a comment that
    /// ends the line.
    fn after_quoted(&self, close: usize, end: usize) -> usize {
        let mut i = close;
        while i < end && self.b[i] == b' ' {
            i += 1;
        }
        if i > close && i < end && self.b[i] == b'#' {
            i = end;
        }
        i
    }

    /// The text of the quoted scalar `s..e` (quotes included).
    fn unquote(&self, s: usize, e: usize) -> Option<String> {
        let inner = &self.text[s + 1..e - 1];
        if self.b[s] == b'\'' {
            return Some(inner.replace("''", "'"));
        }
        if !inner.contains('\\') {
            return Some(inner.to_string());
        }
        let mut out = String::with_capacity(inner.len());
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            out.push(match chars.next()? {
                '\\' => '\\',
                '"' => '"',
                '/' => '/',
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                '0' => '\0',
                _ => return None,
            });
        }
        Some(out)
    }

    /// A scalar or flow sequence at `q` that must end the line (but for a comment).
    fn inline(&mut self, q: usize, end: usize, depth: usize) -> Option<Node> {
        let b = self.b;
        let (node, rest) = match b[q] {
            b'\'' | b'"' => {
                let e = self.quoted_end(q, end)?;
                let v = self.unquote(q, e)?;
                let span_end = self.after_quoted(e, end);
                (self.node(Value::Str(v), q, span_end)?, e)
            }
            b'[' | b'{' => self.flow(q, end, depth + 1)?,
            c if bad_plain_start(c) || self.seq_marker(q, end) => return None,
            _ => {
                let i = match self.plain_stop(q, end) {
                    Stop::Colon(_) => return None, // `a: b: c`, or a value ending in a colon
                    Stop::Comment(i) => i,
                    Stop::End => end,
                };
                let mut e = i;
                while e > q && b[e - 1] == b' ' {
                    e -= 1;
                }
                let s = &self.text[q..e];
                (self.node(plain_value(s.to_string(), false), q, e)?, e)
            }
        };
        self.line_rest_is_clean(rest, end).then_some(node)
    }

    /// Only spaces, then optionally a comment after a space.
    fn line_rest_is_clean(&self, mut i: usize, end: usize) -> bool {
        let spaced = i < end && self.b[i] == b' ';
        while i < end && self.b[i] == b' ' {
            i += 1;
        }
        i >= end || (spaced && self.b[i] == b'#')
    }

    /// `[a, 'b', 3]` or `{k: v, k2: 'w'}` on one line; returns the node and
    /// the position after the closing bracket.
    fn flow(&mut self, q: usize, end: usize, depth: usize) -> Option<(Node, usize)> {
        if depth >= self.limits.max_depth {
            return None;
        }
        let b = self.b;
        let is_map = b[q] == b'{';
        let close = if is_map { b'}' } else { b']' };
        let mut items: Vec<Node> = Vec::new();
        let mut entries: Vec<(Node, Node)> = Vec::new();
        let mut i = self.skip_spaces(q + 1, end);
        if i < end && b[i] == close {
            let value = if is_map {
                Value::Map(entries)
            } else {
                Value::Seq(items)
            };
            let span_end = self.after_quoted(i + 1, end);
            return Some((self.node(value, q, span_end)?, i + 1));
        }
        loop {
            let (first, after) = self.flow_item(i, end, close, depth)?;
            i = self.skip_spaces(after, end);
            if is_map {
                // `key: value`, the colon followed by a space
                if !(i + 1 < end && b[i] == b':' && b[i + 1] == b' ')
                    || matches!(first.value, Value::Seq(_) | Value::Map(_))
                {
                    return None;
                }
                if entries.iter().any(|(k, _)| k.value == first.value) {
                    return None;
                }
                let (value, after) =
                    self.flow_item(self.skip_spaces(i + 1, end), end, close, depth)?;
                entries.push((first, value));
                i = self.skip_spaces(after, end);
            } else {
                items.push(first);
            }
            match b.get(i) {
                Some(b',') if i < end => i = self.skip_spaces(i + 1, end),
                Some(&c) if i < end && c == close => {
                    let (value, last) = if is_map {
                        let e = entries.last().map(|(_, v)| v.span.end);
                        (Value::Map(entries), e)
                    } else {
                        let e = items.last().map(|n| n.span.end);
                        (Value::Seq(items), e)
                    };
                    let e = last.map_or(i + 1, |e| e as usize);
                    return Some((self.node(value, q, e)?, i + 1));
                }
                _ => return None,
            }
        }
    }

    fn skip_spaces(&self, mut i: usize, end: usize) -> usize {
        while i < end && self.b[i] == b' ' {
            i += 1;
        }
        i
    }

    /// A scalar or nested collection inside a flow collection closed by
    /// `close`; returns it and the position after its text.
    fn flow_item(
        &mut self,
        i: usize,
        end: usize,
        close: u8,
        depth: usize,
    ) -> Option<(Node, usize)> {
        let b = self.b;
        if i >= end {
            return None;
        }
        match b[i] {
            b'[' | b'{' => self.flow(i, end, depth + 1),
            b'\'' | b'"' => {
                let e = self.quoted_end(i, end)?;
                let v = self.unquote(i, e)?;
                let n = self.node(Value::Str(v), i, self.after_quoted(e, end))?;
                Some((n, e))
            }
            c if bad_plain_start(c) || c == b'-' => None,
            _ => {
                let mut j = i;
                while j < end && b[j] != b',' && b[j] != close {
                    if matches!(b[j], b'[' | b']' | b'{' | b'}' | b'#' | b'\'' | b'"') {
                        return None;
                    }
                    if b[j] == b':' {
                        let next = b.get(j + 1).filter(|_| j + 1 < end);
                        match next {
                            Some(b' ') if close == b'}' => break, // a mapping key ends here
                            Some(c) if !matches!(c, b' ' | b',' | b'[' | b']' | b'{' | b'}') => {}
                            _ => return None,
                        }
                    }
                    j += 1;
                }
                let mut e = j;
                while e > i && b[e - 1] == b' ' {
                    e -= 1;
                }
                if e == i {
                    return None;
                }
                let n = self.node(plain_value(self.text[i..e].to_string(), false), i, e)?;
                Some((n, e))
            }
        }
    }
}

/// Characters a plain scalar may not start with (or that this path leaves to saphyr).
fn bad_plain_start(c: u8) -> bool {
    matches!(
        c,
        b'&' | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'%'
            | b'@'
            | b'`'
            | b'{'
            | b'}'
            | b'['
            | b']'
            | b','
            | b'?'
            | b':'
            | b'#'
            | b'\''
            | b'"'
    )
}
