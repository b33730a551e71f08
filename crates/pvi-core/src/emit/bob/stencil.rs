//! Template pieces compiled once into pre-rendered lines with value slots.
//!
//! Writing a widget copies the piece's lines, fills in the values set on it
//! and inserts appended children — no element tree is built per widget. The
//! result is the text [`Element`] would write after the same edits: `set`
//! changes the first element of that tag in document order (as pvi does),
//! and children appended to an element go before its end tag.

use super::xml::Element;
use crate::diag::Diagnostic;
use std::sync::OnceLock;

/// Base depths whose pre-rendered form is kept (widgets nest a few groups deep).
const CACHED_DEPTHS: usize = 6;

/// Tags the writers set values on or append children to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// `<x>`.
    X,
    /// `<y>`.
    Y,
    /// `<width>`.
    Width,
    /// `<height>`.
    Height,
    /// `<text>`.
    Text,
    /// `<tooltip>`.
    Tooltip,
    /// `<pv_name>`.
    PvName,
    /// `<name>`.
    Name,
    /// `<file>`.
    File,
    /// `<value>`.
    Value,
    /// `<y_pv>`.
    YPv,
    /// `<action>` (macros are appended to it).
    Action,
}

const SLOTS: [Slot; 12] = [
    Slot::X,
    Slot::Y,
    Slot::Width,
    Slot::Height,
    Slot::Text,
    Slot::Tooltip,
    Slot::PvName,
    Slot::Name,
    Slot::File,
    Slot::Value,
    Slot::YPv,
    Slot::Action,
];

impl Slot {
    /// The slot of an element tag.
    pub fn from_tag(tag: &str) -> Option<Slot> {
        Some(match tag {
            "x" => Slot::X,
            "y" => Slot::Y,
            "width" => Slot::Width,
            "height" => Slot::Height,
            "text" => Slot::Text,
            "tooltip" => Slot::Tooltip,
            "pv_name" => Slot::PvName,
            "name" => Slot::Name,
            "file" => Slot::File,
            "value" => Slot::Value,
            "y_pv" => Slot::YPv,
            "action" => Slot::Action,
            _ => return None,
        })
    }

    /// The element tag.
    pub fn tag(self) -> &'static str {
        match self {
            Slot::X => "x",
            Slot::Y => "y",
            Slot::Width => "width",
            Slot::Height => "height",
            Slot::Text => "text",
            Slot::Tooltip => "tooltip",
            Slot::PvName => "pv_name",
            Slot::Name => "name",
            Slot::File => "file",
            Slot::Value => "value",
            Slot::YPv => "y_pv",
            Slot::Action => "action",
        }
    }
}

/// One output line of a piece, relative to the piece's depth.
#[derive(Debug, Clone)]
enum Seg {
    /// Fixed text (no indentation, no newline).
    Line(u16, Box<str>),
    /// A leaf element that may get a value or children.
    Leaf {
        depth: u16,
        el: u16,
        /// The slot addressing this element, if any.
        slot: Option<u8>,
        /// `<tag attrs`.
        open: Box<str>,
        /// The original rest: `/>` or `>text</tag>`.
        rest: Box<str>,
        /// `</tag>`.
        close: Box<str>,
    },
    /// Where children appended to element `el` go (before its end tag).
    Append(u16),
}

/// A compiled template piece.
#[derive(Debug, Clone)]
pub struct Stencil {
    segs: Vec<Seg>,
    /// For each slot: the element it addresses, if it is a leaf or an append target.
    slot_el: [Option<u16>; SLOTS.len()],
    /// Relative depth of each element, in document order.
    depths: Vec<u16>,
    /// The segments rendered at base depth 0, 1, ...: fixed text joined.
    rendered: [OnceLock<Vec<Chunk>>; CACHED_DEPTHS],
}

/// A run of the output at one base depth.
#[derive(Debug, Clone)]
enum Chunk {
    /// Fixed text, indentation and newlines included.
    Text(Box<str>),
    /// The segment `segs[i]`, written per widget.
    Seg(usize),
    /// A non-root leaf with a slot, pre-rendered at this depth: written
    /// from these pieces unless children are appended to it.
    Leaf {
        /// Index into `segs` (the general path).
        seg: usize,
        /// The slot's index into [`Fill`]'s values.
        slot: u8,
        /// Indentation, `<tag attrs` and `>`.
        head: Box<str>,
        /// `</tag>` and the newline.
        close: Box<str>,
        /// The whole unchanged line, newline included.
        unset: Box<str>,
    },
}

/// The values and appended children of one widget, to write with a [`Stencil`].
#[derive(Debug, Default)]
pub struct Fill<'a> {
    values: [Option<Val<'a>>; SLOTS.len()],
    /// Pre-rendered children appended to a slot's element.
    appends: Vec<(Slot, String)>,
}

#[derive(Debug)]
enum Val<'a> {
    Str(&'a str),
    Owned(String),
    Int(i64),
}

impl<'a> Fill<'a> {
    /// Sets the text of `slot`'s element; an empty value changes nothing (as in pvi).
    pub fn set(&mut self, slot: Slot, value: &'a str) {
        if !value.is_empty() {
            self.values[slot as usize] = Some(Val::Str(value));
        }
    }

    /// Sets the text, even when empty.
    pub fn set_always(&mut self, slot: Slot, value: &'a str) {
        self.values[slot as usize] = Some(Val::Str(value));
    }

    /// Sets an owned text (empty changes nothing).
    pub fn set_owned(&mut self, slot: Slot, value: String) {
        if !value.is_empty() {
            self.values[slot as usize] = Some(Val::Owned(value));
        }
    }

    /// Sets an integer.
    pub fn set_int(&mut self, slot: Slot, value: i64) {
        self.values[slot as usize] = Some(Val::Int(value));
    }

    /// Sets x, y, width and (unless `None`) height.
    pub fn geometry(&mut self, x: i64, y: i64, w: i64, h: Option<i64>) {
        self.set_int(Slot::X, x);
        self.set_int(Slot::Y, y);
        self.set_int(Slot::Width, w);
        if let Some(h) = h {
            self.set_int(Slot::Height, h);
        }
    }

    /// Appends pre-rendered children to `slot`'s element.
    pub fn append(&mut self, slot: Slot, text: String) {
        self.appends.push((slot, text));
    }
}

impl Stencil {
    /// Compiles an element (a piece of the template).
    pub fn compile(el: &Element) -> Stencil {
        let mut s = Stencil {
            segs: Vec::new(),
            slot_el: [None; SLOTS.len()],
            depths: Vec::new(),
            rendered: Default::default(),
        };
        let mut found = [false; SLOTS.len()];
        s.walk(el, 0, &mut found);
        s
    }

    fn walk(&mut self, el: &Element, depth: u16, found: &mut [bool; SLOTS.len()]) {
        let idx = self.depths.len() as u16;
        self.depths.push(depth);
        let leaf = el.children.is_empty();
        let mut my_slot = None;
        if let Some(slot) = Slot::from_tag(&el.tag) {
            // the first element of the tag in document order, self included
            let i = slot as usize;
            if !found[i] {
                found[i] = true;
                if leaf || slot == Slot::Action {
                    self.slot_el[i] = Some(idx);
                    my_slot = Some(i as u8);
                }
            }
        }
        let mut open = String::with_capacity(16);
        open.push('<');
        open.push_str(&el.tag);
        for (k, v) in el.attrs.iter() {
            open.push(' ');
            open.push_str(k);
            open.push_str("=\"");
            open.push_str(v);
            open.push('"');
        }
        let mut close = String::with_capacity(el.tag.len() + 3);
        close.push_str("</");
        close.push_str(&el.tag);
        close.push('>');
        if leaf {
            let rest = match &el.text {
                None => "/>".to_string(),
                Some(t) => {
                    let mut r = String::from(">");
                    super::xml::escape_into(t, &mut r);
                    r.push_str(&close);
                    r
                }
            };
            self.segs.push(Seg::Leaf {
                depth,
                el: idx,
                slot: my_slot,
                open: open.into(),
                rest: rest.into(),
                close: close.into(),
            });
            return;
        }
        open.push('>');
        self.segs.push(Seg::Line(depth, open.into()));
        for c in el.children.iter() {
            self.walk(c, depth + 1, found);
        }
        self.segs.push(Seg::Append(idx));
        self.segs.push(Seg::Line(depth, close.into()));
    }

    /// The depth, relative to the piece, of children appended to `slot`'s
    /// element (`None`: the piece has no such element).
    pub fn child_depth(&self, slot: Slot) -> Option<usize> {
        let el = self.slot_el[slot as usize]?;
        Some(usize::from(self.depths[usize::from(el)]) + 1)
    }

    /// Writes the piece at `depth`; `children` writes what is appended to the
    /// piece's root element (at `depth + 1`).
    pub fn write(
        &self,
        fill: &Fill,
        depth: usize,
        out: &mut String,
        children: &mut dyn FnMut(&mut String) -> Result<(), Diagnostic>,
    ) -> Result<(), Diagnostic> {
        let Some(cache) = self.rendered.get(depth) else {
            return (0..self.segs.len())
                .try_for_each(|i| self.write_seg(i, fill, depth, out, children));
        };
        for chunk in cache.get_or_init(|| self.render(depth)) {
            match chunk {
                Chunk::Text(t) => out.push_str(t),
                Chunk::Seg(i) => self.write_seg(*i, fill, depth, out, children)?,
                Chunk::Leaf { seg, .. } if !fill.appends.is_empty() => {
                    self.write_seg(*seg, fill, depth, out, children)?
                }
                Chunk::Leaf {
                    slot,
                    head,
                    close,
                    unset,
                    ..
                } => match &fill.values[usize::from(*slot)] {
                    None => out.push_str(unset),
                    Some(v) => {
                        out.push_str(head);
                        write_val(v, out);
                        out.push_str(close);
                    }
                },
            }
        }
        Ok(())
    }

    /// The segments at base `depth`, every one that cannot change joined as text.
    fn render(&self, depth: usize) -> Vec<Chunk> {
        let mut chunks = Vec::new();
        let mut text = String::new();
        let fill = Fill::default();
        for (i, seg) in self.segs.iter().enumerate() {
            let fixed = match seg {
                Seg::Line(..) => true,
                Seg::Leaf { el, slot, .. } => *el != 0 && slot.is_none(),
                Seg::Append(el) => *el != 0 && !self.slot_el.contains(&Some(*el)),
            };
            if fixed {
                // fixed segments write the same text whatever the fill
                let _ = self.write_seg(i, &fill, depth, &mut text, &mut |_| Ok(()));
                continue;
            }
            if !text.is_empty() {
                chunks.push(Chunk::Text(std::mem::take(&mut text).into()));
            }
            chunks.push(match seg {
                Seg::Leaf {
                    depth: d,
                    el,
                    slot: Some(slot),
                    open,
                    rest,
                    close,
                } if *el != 0 => {
                    let mut head = String::new();
                    indent(&mut head, depth + usize::from(*d));
                    head.push_str(open);
                    let mut unset = head.clone();
                    unset.push_str(rest);
                    unset.push('\n');
                    head.push('>');
                    Chunk::Leaf {
                        seg: i,
                        slot: *slot,
                        head: head.into(),
                        close: format!("{close}\n").into(),
                        unset: unset.into(),
                    }
                }
                _ => Chunk::Seg(i),
            });
        }
        if !text.is_empty() {
            chunks.push(Chunk::Text(text.into()));
        }
        chunks
    }

    fn write_seg(
        &self,
        i: usize,
        fill: &Fill,
        depth: usize,
        out: &mut String,
        children: &mut dyn FnMut(&mut String) -> Result<(), Diagnostic>,
    ) -> Result<(), Diagnostic> {
        match &self.segs[i] {
            Seg::Line(d, text) => {
                indent(out, depth + usize::from(*d));
                out.push_str(text);
                out.push('\n');
            }
            Seg::Leaf {
                depth: d,
                el,
                slot,
                open,
                rest,
                close,
            } => {
                let d = depth + usize::from(*d);
                indent(out, d);
                out.push_str(open);
                let may_grow = *el == 0 || (slot.is_some() && !fill.appends.is_empty());
                if may_grow {
                    // an element given children is written as a start/end pair
                    let mark = out.len();
                    out.push_str(">\n");
                    let before = out.len();
                    self.appended(fill, *el, out, children)?;
                    if out.len() > before {
                        indent(out, d);
                        out.push_str(close);
                        out.push('\n');
                        return Ok(());
                    }
                    out.truncate(mark);
                }
                match slot.and_then(|i| fill.values[usize::from(i)].as_ref()) {
                    Some(v) => {
                        out.push('>');
                        write_val(v, out);
                        out.push_str(close);
                    }
                    None => out.push_str(rest),
                }
                out.push('\n');
            }
            Seg::Append(el) => self.appended(fill, *el, out, children)?,
        }
        Ok(())
    }

    fn appended(
        &self,
        fill: &Fill,
        el: u16,
        out: &mut String,
        children: &mut dyn FnMut(&mut String) -> Result<(), Diagnostic>,
    ) -> Result<(), Diagnostic> {
        if el == 0 {
            children(out)?;
        }
        for (slot, text) in &fill.appends {
            if self.slot_el[*slot as usize] == Some(el) {
                out.push_str(text);
            }
        }
        Ok(())
    }
}

/// A slot's value as element text.
fn write_val(v: &Val, out: &mut String) {
    match v {
        Val::Str(s) => super::xml::escape_into(s, out),
        Val::Owned(s) => super::xml::escape_into(s, out),
        Val::Int(i) => out.push_str(itoa::Buffer::new().format(*i)),
    }
}

/// Two spaces per level.
pub fn indent(out: &mut String, depth: usize) {
    const SPACES: &str = "                                                                ";
    let mut n = depth * 2;
    while n > SPACES.len() {
        out.push_str(SPACES);
        n -= SPACES.len();
    }
    out.push_str(&SPACES[..n]);
}

/// Writes `<tag>text</tag>` on its own line.
pub fn leaf_line(out: &mut String, depth: usize, tag: &str, text: &str) {
    indent(out, depth);
    out.push('<');
    out.push_str(tag);
    if text.is_empty() {
        // lxml writes an empty text as an empty element pair
        out.push_str("></");
    } else {
        out.push('>');
        super::xml::escape_into(text, out);
        out.push_str("</");
    }
    out.push_str(tag);
    out.push_str(">\n");
}

/// Writes `<tag>` on its own line.
pub fn open_line(out: &mut String, depth: usize, tag: &str) {
    indent(out, depth);
    out.push('<');
    out.push_str(tag);
    out.push_str(">\n");
}

/// Writes `</tag>` on its own line.
pub fn close_line(out: &mut String, depth: usize, tag: &str) {
    indent(out, depth);
    out.push_str("</");
    out.push_str(tag);
    out.push_str(">\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(src: &str, fill: &Fill) -> String {
        let el = super::super::xml::parse(src).unwrap();
        let mut out = String::new();
        Stencil::compile(&el)
            .write(fill, 0, &mut out, &mut |_| Ok(()))
            .unwrap();
        out
    }

    #[test]
    fn round_trips_leaf_whitespace_and_empties() {
        let src = "<a x=\"1\">\n  <b>\n    <c k=\"v\">\n    </c>\n  </b>\n  <d/>\n  <e>&amp;&#10697;</e>\n</a>\n";
        assert_eq!(render(src, &Fill::default()), src);
    }

    #[test]
    fn set_changes_the_first_leaf_of_the_tag() {
        let src = "<w>\n  <text/>\n  <g>\n    <text>b</text>\n  </g>\n</w>\n";
        let mut f = Fill::default();
        f.set(Slot::Text, "<x>");
        f.set(Slot::Name, "absent");
        assert_eq!(
            render(src, &f),
            "<w>\n  <text>&lt;x&gt;</text>\n  <g>\n    <text>b</text>\n  </g>\n</w>\n"
        );
        let mut empty = Fill::default();
        empty.set(Slot::Text, "");
        assert_eq!(render(src, &empty), src);
    }

    #[test]
    fn appended_children_turn_a_leaf_into_a_pair() {
        let src = "<w>\n  <action/>\n</w>\n";
        let mut f = Fill::default();
        let d = Stencil::compile(&super::super::xml::parse(src).unwrap())
            .child_depth(Slot::Action)
            .unwrap();
        let mut m = String::new();
        leaf_line(&mut m, d, "macros", "P");
        f.append(Slot::Action, m);
        assert_eq!(
            render(src, &f),
            "<w>\n  <action>\n    <macros>P</macros>\n  </action>\n</w>\n"
        );
    }
}
