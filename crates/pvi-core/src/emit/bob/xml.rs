//! A small XML element tree, parsed from a template with quick-xml; the
//! [`Stencil`](super::stencil::Stencil) writes it back the way pvi (lxml)
//! writes `.bob` files (docs/behaviour/formats.md#xml-text).

use quick_xml::events::Event;
use quick_xml::Reader;
use std::sync::Arc;

/// One XML element: tag, attributes (raw, as in the template), text, children.
///
/// Parts are shared (`Arc`) and copied on write, so copying a template piece
/// is cheap and only the path to a changed element is duplicated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    /// Tag name.
    pub tag: Arc<str>,
    /// Attributes in template order, values as written (already escaped).
    pub attrs: Arc<Vec<(String, String)>>,
    /// Text before the first child; `None` for `<tag/>`.
    pub text: Option<Arc<str>>,
    /// Child elements.
    pub children: Arc<Vec<Element>>,
}

impl Element {
    /// An element with a tag and optional text.
    pub fn new(tag: &str, text: Option<&str>) -> Self {
        Element {
            tag: tag.into(),
            attrs: Arc::default(),
            text: text.map(Arc::from),
            children: Arc::default(),
        }
    }

    /// Appends a child.
    pub fn push(&mut self, child: Element) {
        Arc::make_mut(&mut self.children).push(child);
    }

    /// Sets the text.
    pub fn set_text(&mut self, t: &str) {
        self.text = Some(Arc::from(t));
    }

    /// The text of the first child named `tag`.
    pub fn child_text(&self, tag: &str) -> Option<&str> {
        self.children
            .iter()
            .find(|c| &*c.tag == tag)
            .and_then(|c| c.text.as_deref())
    }
}

/// Escapes `&`, `<`, `>`; non-ASCII becomes a decimal character reference.
pub fn escape_into(t: &str, out: &mut String) {
    // one branch-free pass (it vectorises) instead of is_ascii + memchr3:
    // most texts are short names and PVs
    let clean = t.bytes().fold(true, |ok, b| {
        ok & (b < 0x80) & (b != b'&') & (b != b'<') & (b != b'>')
    });
    if clean {
        out.push_str(t);
        return;
    }
    for ch in t.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if c.is_ascii() => out.push(c),
            c => {
                out.push_str("&#");
                out.push_str(&(c as u32).to_string());
                out.push(';');
            }
        }
    }
}

/// Parses an XML document into its root element.
pub fn parse(text: &str) -> Result<Element, String> {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let ev = reader
            .read_event()
            .map_err(|e| format!("at byte {}: {e}", reader.buffer_position()))?;
        match ev {
            Event::Start(_) | Event::Empty(_) if root.is_some() && stack.is_empty() => {
                return Err("more than one root element".into());
            }
            Event::Start(e) => stack.push(start(&e)?),
            Event::Empty(e) => {
                let el = start(&e)?;
                push_child(&mut stack, &mut root, el);
            }
            Event::End(_) => {
                let el = stack.pop().ok_or("unbalanced end tag")?;
                push_child(&mut stack, &mut root, el);
            }
            Event::Text(t) => add_text(&mut stack, &t.xml10_content()),
            Event::CData(t) => add_text(&mut stack, &t.xml10_content()),
            Event::GeneralRef(r) => {
                let s = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => match r.xml10_content().as_ref() {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        other => return Err(format!("unknown entity &{other};")),
                    },
                };
                add_text(&mut stack, &s);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err("unclosed element at end of file".into());
    }
    root.ok_or_else(|| "no root element".into())
}

fn start(e: &quick_xml::events::BytesStart) -> Result<Element, String> {
    let mut el = Element::new(e.name().as_ref(), None);
    for a in e.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        Arc::make_mut(&mut el.attrs).push((a.key.as_ref().to_string(), a.value.to_string()));
    }
    Ok(el)
}

fn push_child(stack: &mut [Element], root: &mut Option<Element>, el: Element) {
    match stack.last_mut() {
        Some(parent) => parent.push(el),
        None => *root = Some(el),
    }
}

fn add_text(stack: &mut [Element], t: &str) {
    if let Some(el) = stack.last_mut() {
        // text after the first child is layout whitespace: dropped
        if el.children.is_empty() {
            let joined = match &el.text {
                Some(old) => format!("{old}{t}"),
                None => t.to_string(),
            };
            el.set_text(&joined);
        }
    }
}
