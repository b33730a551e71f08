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
    Map(Box<MapFrame>),
}

/// A mapping being read.
struct MapFrame {
    entries: Vec<(Node, Node)>,
    /// The key waiting for its value.
    pending: Option<Node>,
    /// The pending key is a merge key (`<<`, plain).
    pending_merge: bool,
    /// The merge key, where its value ends, and the mappings it merges, in
    /// the order ruamel applies them (later ones win).
    merge: Option<(Span, usize, Vec<Node>)>,
    anchor: usize,
    start: usize,
    keys: KeyIndex,
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
        // a plain `<<` key merges mappings into its own (a quoted one is text)
        let mut merge_key = false;
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
                merge_key = s == "<<"
                    && match tag.as_deref() {
                        None => style == ScalarStyle::Plain,
                        Some(t) => t.is_yaml_core_schema() && t.suffix == "merge",
                    };
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
                stack.push(Frame::Map(Box::new(MapFrame {
                    entries: Vec::new(),
                    pending: None,
                    pending_merge: false,
                    merge: None,
                    anchor,
                    start,
                    keys: KeyIndex::default(),
                })));
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
                Some(Frame::Map(m)) => {
                    node_count += 1;
                    let MapFrame {
                        entries,
                        merge,
                        anchor,
                        start: s,
                        ..
                    } = *m;
                    let e = entries
                        .last()
                        .map(|(_, v)| v.span.end as usize)
                        .into_iter()
                        .chain(merge.as_ref().map(|(_, value_end, _)| *value_end))
                        .max()
                        .unwrap_or(end)
                        .max(s);
                    let entries = match merge {
                        Some((_, _, sources)) => merged(sources, entries),
                        None => entries,
                    };
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
            Some(Frame::Map(m)) => match m.pending.take() {
                None => {
                    let MapFrame {
                        entries,
                        pending,
                        pending_merge,
                        merge,
                        keys,
                        ..
                    } = &mut **m;
                    if merge_key {
                        if let Some((first, ..)) = merge {
                            return Err(Diagnostic::error(
                                DiagKind::Yaml,
                                "found duplicate merge key \"<<\"",
                            )
                            .at(node.span)
                            .with_label("second merge key")
                            .with_note(format!(
                                "the first is at {}; merge several mappings with `<<: [*a, *b]`",
                                line_col(text, first.start as usize)
                            )));
                        }
                        *pending_merge = true;
                        *pending = Some(node);
                        continue;
                    }
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
                        .with_note(format!(
                            "\"{key}\" is first given at {}",
                            line_col(text, first.start as usize)
                        )));
                    }
                    *pending = Some(node);
                }
                Some(key) if m.pending_merge => {
                    m.pending_merge = false;
                    let value_end = node.span.end as usize;
                    m.merge = Some((key.span, value_end, merge_sources(node)?));
                }
                Some(key) => m.entries.push((key, node)),
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

/// `line L, column C` (1-based, in characters) of a byte offset.
fn line_col(text: &str, at: usize) -> String {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    format!("line {line}, column {col}")
}

/// The mappings a merge key's value names, in the order ruamel.yaml applies
/// them: one mapping, or a list of mappings whose earlier items win (so they
/// are applied last).
fn merge_sources(value: Node) -> Result<Vec<Node>, Diagnostic> {
    let kind = |n: &Node| match n.value {
        Value::Seq(_) => "a sequence",
        Value::Map(_) => "a mapping",
        _ => "a scalar",
    };
    match value.value {
        Value::Map(_) => Ok(vec![value]),
        Value::Seq(items) => {
            if let Some(bad) = items.iter().find(|n| n.as_map().is_none()) {
                return Err(Diagnostic::error(
                    DiagKind::Yaml,
                    format!("expected a mapping for merging, but found {}", kind(bad)),
                )
                .at(bad.span)
                .with_label("not a mapping")
                .with_note("every item of a `<<` list must be a mapping (an alias like *a)"));
            }
            Ok(items.into_iter().rev().collect())
        }
        _ => Err(Diagnostic::error(
            DiagKind::Yaml,
            format!(
                "expected a mapping or list of mappings for merging, but found {}",
                kind(&value)
            ),
        )
        .at(value.span)
        .with_label("not a mapping")
        .with_note("`<<` merges mappings: `<<: *a` or `<<: [*a, *b]`; quote it (\"<<\") for a key named <<")),
    }
}

/// A mapping with merged keys, as ruamel.yaml's safe loader builds it: the
/// merged keys first (in merge order), then the mapping's own; a later value
/// replaces an earlier one in the earlier key's place, so the mapping's own
/// keys win over merged ones.
fn merged(sources: Vec<Node>, own: Vec<(Node, Node)>) -> Vec<(Node, Node)> {
    let mut out: Vec<(Node, Node)> = Vec::with_capacity(own.len());
    let mut keys = KeyIndex::default();
    let merged_entries = sources.into_iter().flat_map(|n| match n.value {
        Value::Map(entries) => entries,
        _ => Vec::new(),
    });
    for (k, v) in merged_entries.chain(own) {
        match keys.repeat(&out, &k.value) {
            Some(i) => out[i] = (k, v),
            None => out.push((k, v)),
        }
    }
    out
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

    /// "Billion laughs" documents: each anchor holds ten aliases of the one
    /// before, in a list, and (through merge keys) in a mapping.
    #[test]
    fn billion_laughs_is_bounded() {
        let ten = |p: usize| vec![format!("*a{p}"); 10].join(", ");
        let docs = [
            (
                "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n",
                10,
                Box::new(|i: usize| format!("a{i}: &a{i} [{}]\n", ten(i - 1)))
                    as Box<dyn Fn(usize) -> String>,
            ),
            (
                "a0: &a0 {k: [x, x, x, x, x, x, x, x, x, x]}\n",
                8,
                Box::new(|i: usize| {
                    let p = i - 1;
                    format!("a{i}: &a{i} {{<<: *a{p}, l: [{}]}}\n", ten(p))
                }),
            ),
        ];
        for (first, levels, line) in docs {
            let s: String = std::iter::once(first.to_string())
                .chain((1..levels).map(line))
                .collect();
            let e = ld(&s).unwrap_err();
            assert!(e.message.contains("nodes"), "{}", e.message);
        }
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

    fn keys(n: &Node) -> Vec<(String, String)> {
        n.as_map()
            .unwrap()
            .iter()
            .map(|(k, v)| {
                let v = v.scalar_text().unwrap_or_else(|| "{..}".into());
                (k.scalar_text().unwrap_or_default(), v)
            })
            .collect()
    }

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn merge_keys_apply_as_ruamel_safe_loads_them() {
        // the orders and winners are what ruamel.yaml 0.19 (pvi's) gives
        let n = ld("a: &a {x: 1, y: 2}\nb:\n  <<: *a\n  y: 3\n  z: 4\n").unwrap();
        let b = n.get("b").unwrap();
        assert_eq!(keys(b), pairs(&[("x", "1"), ("y", "3"), ("z", "4")]));
        assert_eq!(b.get("y").unwrap().span.start, 36, "the own value's span");
        let n = ld("a: &a {x: 1, y: 2}\nc: &c {y: 5, w: 6}\nb:\n  <<: [*a, *c]\n  z: 4\n").unwrap();
        let b = n.get("b").unwrap();
        assert_eq!(
            keys(b),
            pairs(&[("y", "2"), ("w", "6"), ("x", "1"), ("z", "4")])
        );
        // nested merges, and a merge in block style (the fast path gives up)
        let n = ld("a: &a\n  x: 1\nm: &m\n  <<: *a\n  y: 2\nb:\n  <<: *m\n").unwrap();
        assert_eq!(keys(n.get("b").unwrap()), pairs(&[("x", "1"), ("y", "2")]));
        let n = ld("b:\n  <<:\n    x: 1\n  y: 2\n").unwrap();
        assert_eq!(keys(n.get("b").unwrap()), pairs(&[("x", "1"), ("y", "2")]));
    }

    #[test]
    fn a_quoted_merge_key_is_text() {
        for q in ["\"<<\"", "'<<'", "!!str <<"] {
            let n = ld(&format!("a: &a {{x: 1}}\nb:\n  {q}: *a\n")).unwrap();
            assert_eq!(keys(n.get("b").unwrap()), pairs(&[("<<", "{..}")]), "{q}");
        }
    }

    #[test]
    fn bad_merges_are_located_errors() {
        for (text, msg, at) in [
            ("a: &a 3\nb:\n  <<: *a\n", "but found a scalar", 17),
            (
                "a: &a [1]\nb:\n  <<: [*a]\n",
                "expected a mapping for merging, but found a sequence",
                20,
            ),
            (
                "b:\n  <<: {x: 1}\n  <<: {y: 1}\n",
                "duplicate merge key",
                18,
            ),
            (
                "b:\n  <<: {x: 1}\n  y: 1\n  y: 2\n",
                "duplicate key \"y\"",
                25,
            ),
        ] {
            let e = ld(text).unwrap_err();
            assert!(e.message.contains(msg), "{text:?}: {}", e.message);
            assert_eq!(e.span.unwrap().start as usize, at, "{text:?}");
        }
    }

    #[test]
    fn empty_is_null() {
        assert!(ld("").unwrap().is_null());
        assert!(ld("# only a comment\n").unwrap().is_null());
    }
}
