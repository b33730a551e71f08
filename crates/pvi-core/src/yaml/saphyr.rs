//! Building the located node tree from saphyr-parser's event stream: the
//! reader for every YAML text the fast path does not take.

use super::keys::KeyIndex;
use super::limits::Limits;
use super::node::{Node, Value};
use super::scalar::{decode_binary, plain_value};
use crate::diag::{DiagKind, Diagnostic};
use crate::source::{FileId, Span};
use saphyr_parser::{Event, Parser, ScalarStyle};

/// Maps saphyr's character indices to byte offsets, fast for forward scans.
struct Offsets<'a> {
    text: &'a str,
    /// All ASCII: character and byte indices are equal.
    ascii: bool,
    char_idx: usize,
    byte_idx: usize,
}

impl Offsets<'_> {
    fn byte(&mut self, char_index: usize) -> usize {
        if self.ascii {
            return char_index.min(self.text.len());
        }
        if char_index < self.char_idx {
            // step back (spans overlap a little; never rescan from the start)
            let mut back = self.text[..self.byte_idx].chars().rev();
            while self.char_idx > char_index {
                match back.next() {
                    Some(c) => {
                        self.byte_idx -= c.len_utf8();
                        self.char_idx -= 1;
                    }
                    None => break,
                }
            }
            return self.byte_idx;
        }
        let mut it = self.text[self.byte_idx..].char_indices();
        while self.char_idx < char_index {
            match it.next() {
                Some((_, c)) => {
                    self.byte_idx += c.len_utf8();
                    self.char_idx += 1;
                }
                None => break,
            }
        }
        self.byte_idx
    }
}

enum Frame {
    Seq(Vec<Node>, usize, usize),
    Map(Vec<(Node, Node)>, Option<Node>, usize, usize, KeyIndex),
}

/// [`super::load`] with saphyr-parser only (the reference the fast path is
/// tested against).
pub(super) fn load_saphyr(text: &str, file: FileId, limits: Limits) -> Result<Node, Diagnostic> {
    let whole = Span::new(file, 0, text.len());
    let yaml11 = text.trim_start().starts_with("%YAML 1.1");
    let mut offsets = Offsets {
        text,
        ascii: text.is_ascii(),
        char_idx: 0,
        byte_idx: 0,
    };
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: Vec<(usize, Node)> = Vec::new();
    let mut docs: Vec<Node> = Vec::new();
    let mut node_count = 0usize;

    let yaml_err =
        |msg: String, at: usize| Diagnostic::error(DiagKind::Yaml, msg).at(Span::new(file, at, at));

    while let Some(next) = parser.next_event() {
        let (event, span) = match next {
            Ok(e) => e,
            Err(e) => {
                let m = e.marker();
                let at = offsets.byte(m.index());
                return Err(yaml_err(format!("invalid YAML: {}", e.info()), at));
            }
        };
        let start = offsets.byte(span.start.index());
        let end = offsets.byte(span.end.index());
        let here = Span::new(file, start, end);
        let finished: Option<(Node, usize)> = match event {
            Event::StreamStart | Event::StreamEnd | Event::Nothing => None,
            Event::DocumentStart(_) => {
                if !docs.is_empty() {
                    return Err(yaml_err(
                        "expected a single YAML document, found another one".into(),
                        start,
                    ));
                }
                None
            }
            Event::DocumentEnd => None,
            Event::Alias(id) => {
                let Some((_, target)) = anchors.iter().rev().find(|(a, _)| *a == id) else {
                    return Err(yaml_err("alias refers to an unknown anchor".into(), start));
                };
                node_count += count_nodes(target);
                if node_count > limits.max_nodes {
                    return Err(yaml_err(
                        format!(
                            "document expands to more than {} nodes (alias expansion limit)",
                            limits.max_nodes
                        ),
                        start,
                    ));
                }
                let mut n = target.clone();
                n.span = here;
                Some((n, 0))
            }
            Event::Scalar(text_value, style, anchor, tag) => {
                node_count += 1;
                let s = text_value.into_owned();
                let value = if let Some(tag) = tag.as_deref().filter(|t| t.is_yaml_core_schema()) {
                    match tag.suffix.as_str() {
                        "str" => Value::Str(s),
                        "binary" => Value::Str(decode_binary(&s).map_err(|m| {
                            Diagnostic::error(DiagKind::Yaml, m)
                                .at(here)
                                .with_label("this !!binary scalar")
                        })?),
                        _ => plain_value(s, yaml11),
                    }
                } else if style == ScalarStyle::Plain {
                    plain_value(s, yaml11)
                } else {
                    Value::Str(s)
                };
                Some((Node::new(value, here), anchor))
            }
            Event::SequenceStart(anchor, _) => {
                if stack.len() >= limits.max_depth {
                    return Err(yaml_err(
                        format!("nesting deeper than {} levels", limits.max_depth),
                        start,
                    ));
                }
                stack.push(Frame::Seq(Vec::new(), anchor, start));
                None
            }
            Event::MappingStart(anchor, _) => {
                if stack.len() >= limits.max_depth {
                    return Err(yaml_err(
                        format!("nesting deeper than {} levels", limits.max_depth),
                        start,
                    ));
                }
                stack.push(Frame::Map(
                    Vec::new(),
                    None,
                    anchor,
                    start,
                    KeyIndex::default(),
                ));
                None
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::Seq(items, anchor, s)) => {
                    node_count += 1;
                    let e = items.last().map_or(end, |n| n.span.end as usize).max(s);
                    Some((Node::new(Value::Seq(items), Span::new(file, s, e)), anchor))
                }
                _ => return Err(yaml_err("unbalanced sequence".into(), start)),
            },
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Map(entries, _, anchor, s, _)) => {
                    node_count += 1;
                    let e = entries
                        .last()
                        .map_or(end, |(_, v)| v.span.end as usize)
                        .max(s);
                    Some((
                        Node::new(Value::Map(entries), Span::new(file, s, e)),
                        anchor,
                    ))
                }
                _ => return Err(yaml_err("unbalanced mapping".into(), start)),
            },
        };
        if node_count > limits.max_nodes {
            return Err(yaml_err(
                format!("document has more than {} nodes", limits.max_nodes),
                start,
            ));
        }
        let Some((node, anchor)) = finished else {
            continue;
        };
        if anchor != 0 {
            anchors.push((anchor, node.clone()));
        }
        match stack.last_mut() {
            None => docs.push(node),
            Some(Frame::Seq(items, ..)) => items.push(node),
            Some(Frame::Map(entries, pending, _, _, keys)) => match pending.take() {
                None => {
                    if matches!(node.value, Value::Seq(_) | Value::Map(_)) {
                        return Err(Diagnostic::error(
                            DiagKind::Yaml,
                            "mapping keys must be scalars",
                        )
                        .at(node.span));
                    }
                    if let Some((prev, _)) = keys.repeat(entries, &node.value).map(|i| &entries[i])
                    {
                        let key = node.scalar_text().unwrap_or_default();
                        let first = prev.span;
                        return Err(Diagnostic::error(
                            DiagKind::Yaml,
                            format!("found duplicate key \"{key}\""),
                        )
                        .at(node.span)
                        .with_label("duplicate key")
                        .with_note({
                            let before = &text[..first.start as usize];
                            let line = before.matches('\n').count() + 1;
                            let col =
                                before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                            format!("\"{key}\" is first given at line {line}, column {col}")
                        }));
                    }
                    *pending = Some(node);
                }
                Some(key) => entries.push((key, node)),
            },
        }
    }
    Ok(docs
        .pop()
        .unwrap_or(Node::new(Value::Null, Span::new(file, 0, 0))))
    .map(|n| {
        if n.span.end == 0 && n.is_null() {
            Node::new(Value::Null, whole)
        } else {
            n
        }
    })
}

/// The value of a plain scalar.
fn count_nodes(n: &Node) -> usize {
    1 + match &n.value {
        Value::Seq(items) => items.iter().map(count_nodes).sum(),
        Value::Map(entries) => entries
            .iter()
            .map(|(k, v)| count_nodes(k) + count_nodes(v))
            .sum(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::load;

    fn ld(s: &str) -> Result<Node, Diagnostic> {
        load(s, FileId(0), Limits::default())
    }

    #[test]
    fn mapping_with_spans() {
        let n = ld("a: 1\nb: [x, 'y']\n").unwrap();
        let m = n.as_map().unwrap();
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].1.value, Value::Int(1));
        assert_eq!(m[1].0.span.start, 5);
        let seq = m[1].1.as_seq().unwrap();
        assert_eq!(seq[1].value, Value::Str("y".into()));
    }

    #[test]
    fn duplicate_key_is_an_error() {
        let e = ld("a: 1\na: 2\n").unwrap_err();
        assert!(e.message.contains("duplicate key"));
        assert_eq!(e.span.unwrap().start, 5);
    }

    #[test]
    fn billion_laughs_is_bounded() {
        let mut s = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let p = i - 1;
            s += &format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n");
        }
        let e = ld(&s).unwrap_err();
        assert!(e.message.contains("nodes"), "{}", e.message);
    }

    #[test]
    fn a_tab_after_a_block_colon_is_reported_at_the_tab() {
        for (text, at) in [
            ("label:\tFoo\n", 6),
            ("a: 1\nb:\t\t2\n", 7),
            ("a: [x, {b:\t1}]\nc:\t2\n", 17),
            ("- a:\tb\n", 4),
        ] {
            let e = ld(text).unwrap_err();
            assert!(
                e.message.contains("tab after ':'"),
                "{text:?}: {}",
                e.message
            );
            assert_eq!(e.span.unwrap().start as usize, at, "{text:?}");
            assert!(e.notes.iter().any(|n| n.contains("replace the tab")));
        }
    }

    #[test]
    fn a_tab_after_a_flow_colon_is_whitespace() {
        let n = ld("a: {b:\t1, c: [{d:\tx}]}\ne: '{f:\t2}'\n").unwrap();
        let a = n.get("a").unwrap();
        assert_eq!(a.get("b").unwrap().value, Value::Int(1));
        assert_eq!(n.get("e").unwrap().as_str(), Some("{f:\t2}"));
        let d = &a.get("c").unwrap().as_seq().unwrap()[0];
        assert_eq!(d.get("d").unwrap().as_str(), Some("x"));
    }

    #[test]
    fn empty_is_null() {
        assert!(ld("").unwrap().is_null());
        assert!(ld("# only a comment\n").unwrap().is_null());
    }
}
