//! The stencils against a plain writer: clone the piece's element tree, edit
//! it, write it out — how widgets were written before stencils — and check
//! that both give the same bytes for every piece of the embedded template.

use super::stencil::{Fill, Slot, Stencil};
use super::template::{screen_piece, BobTemplate, DLS_BOB};
use super::xml::{parse, Element};
use proptest::prelude::*;
use std::sync::Arc;

/// One change to a widget, as the writers make them.
#[derive(Debug, Clone)]
enum Edit {
    /// [`Fill::set`] (`owned`: [`Fill::set_owned`]); an empty value changes nothing.
    Set(Slot, String, bool),
    /// [`Fill::set_always`].
    SetAlways(Slot, String),
    /// [`Fill::set_int`].
    Int(Slot, i64),
    /// [`Fill::append`]: a child of the slot's element.
    Append(Slot, Element),
    /// A child of the piece's root (the `children` callback of [`Stencil::write`]).
    Child(Element),
}

/// The child indices leading to the first element named `tag` in document
/// order, `el` included.
fn path_to(el: &Element, tag: &str) -> Option<Vec<usize>> {
    if &*el.tag == tag {
        return Some(Vec::new());
    }
    el.children.iter().enumerate().find_map(|(i, c)| {
        let mut p = path_to(c, tag)?;
        p.insert(0, i);
        Some(p)
    })
}

/// The element at `path` below `el`.
fn at<'a>(el: &'a mut Element, path: &[usize]) -> &'a mut Element {
    path.iter()
        .fold(el, |e, &i| &mut Arc::make_mut(&mut e.children)[i])
}

/// `&`, `<`, `>` as entities, non-ASCII as decimal character references.
fn escape(t: &str) -> String {
    t.chars()
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            c if c.is_ascii() => c.to_string(),
            c => format!("&#{};", c as u32),
        })
        .collect()
}

/// Writes `el` at `depth` as lxml writes `.bob` files: two spaces per level,
/// an element with children as a start/end pair (its text dropped), a leaf
/// with text on one line, a leaf without text as `<tag/>`.
fn write(el: &Element, depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    out.push_str(&pad);
    out.push('<');
    out.push_str(&el.tag);
    for (k, v) in el.attrs.iter() {
        out.push_str(&format!(" {k}=\"{v}\""));
    }
    if !el.children.is_empty() {
        out.push_str(">\n");
        for c in el.children.iter() {
            write(c, depth + 1, out);
        }
        out.push_str(&format!("{pad}</{}>\n", el.tag));
    } else if let Some(t) = &el.text {
        out.push_str(&format!(">{}</{}>\n", escape(t), el.tag));
    } else {
        out.push_str("/>\n");
    }
}

/// The piece with `edits` applied to its element tree, written at `depth`.
/// A slot is the first element of its tag in the piece as the template has
/// it (children appended earlier do not count; appending keeps paths valid).
fn oracle(piece: &Element, edits: &[Edit], depth: usize) -> String {
    let mut el = piece.clone();
    for e in edits {
        let target = |slot: &Slot| path_to(piece, slot.tag());
        match e {
            Edit::Set(_, v, _) if v.is_empty() => {}
            Edit::Set(slot, v, _) | Edit::SetAlways(slot, v) => {
                if let Some(p) = target(slot) {
                    at(&mut el, &p).set_text(v);
                }
            }
            Edit::Int(slot, i) => {
                if let Some(p) = target(slot) {
                    at(&mut el, &p).set_text(&i.to_string());
                }
            }
            Edit::Append(slot, child) => {
                if let Some(p) = target(slot) {
                    at(&mut el, &p).push(child.clone());
                }
            }
            Edit::Child(child) => el.push(child.clone()),
        }
    }
    let mut out = String::new();
    write(&el, depth, &mut out);
    out
}

/// The piece written by its stencil with the same edits; appended children
/// are written by [`write`] at the depth the stencil gives for them.
fn stencil(st: &Stencil, edits: &[Edit], depth: usize) -> String {
    let mut fill = Fill::default();
    let mut children = Vec::new();
    for e in edits {
        match e {
            Edit::Set(slot, v, false) => fill.set(*slot, v),
            Edit::Set(slot, v, true) => fill.set_owned(*slot, v.clone()),
            Edit::SetAlways(slot, v) => fill.set_always(*slot, v),
            Edit::Int(slot, i) => fill.set_int(*slot, *i),
            Edit::Append(slot, child) => {
                if let Some(d) = st.child_depth(*slot) {
                    let mut text = String::new();
                    write(child, depth + d, &mut text);
                    fill.append(*slot, text);
                }
            }
            Edit::Child(child) => children.push(child),
        }
    }
    let mut out = String::new();
    st.write(&fill, depth, &mut out, &mut |out| {
        children.iter().for_each(|c| write(c, depth + 1, out));
        Ok(())
    })
    .unwrap();
    out
}

/// Every piece of the embedded template: the screen piece, then the named ones.
fn pieces(t: &BobTemplate) -> Vec<(&str, Element, &Stencil)> {
    let root = parse(DLS_BOB).unwrap();
    let mut all = vec![("<display>", screen_piece(root), t.display())];
    all.extend(
        t.named_pieces()
            .into_iter()
            .map(|(n, e, s)| (n, e.clone(), s)),
    );
    all
}

/// Every slot whose tag occurs in the embedded template.
fn template_slots() -> Vec<Slot> {
    fn walk(el: &Element, out: &mut Vec<Slot>) {
        if let Some(s) = Slot::from_tag(&el.tag).filter(|s| !out.contains(s)) {
            out.push(s);
        }
        el.children.iter().for_each(|c| walk(c, out));
    }
    let mut out = Vec::new();
    walk(&parse(DLS_BOB).unwrap(), &mut out);
    out
}

/// Texts with XML-special characters, non-ASCII, numbers, or nothing.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[A-Za-z0-9_:$(). -]{1,16}",
        "[a-z0-9 ]{0,6}[<>&\"'][a-z0-9 ]{0,6}",
        "[<>&\"'; \n\t\r\u{0}a-zé€😀\u{85}\u{2028}]{0,12}",
        any::<String>(),
        any::<i64>().prop_map(|i| i.to_string()),
        any::<f64>().prop_map(|f| f.to_string()),
    ]
}

/// Small elements (up to two levels of children) to append.
fn child() -> impl Strategy<Value = Element> {
    let tag = prop::sample::select(vec!["macros", "P", "item", "option", "x", "name", "a_b"]);
    let leaf =
        (tag.clone(), prop::option::of(text())).prop_map(|(t, x)| Element::new(t, x.as_deref()));
    leaf.prop_recursive(2, 8, 3, move |inner| {
        (tag.clone(), prop::collection::vec(inner, 1..4)).prop_map(|(t, cs)| {
            let mut e = Element::new(t, None);
            cs.into_iter().for_each(|c| e.push(c));
            e
        })
    })
}

/// Any edit; appends go to any slot's element, and often to `<action>`
/// (where the writer appends macros).
fn edit(slots: Vec<Slot>) -> impl Strategy<Value = Edit> {
    let slot = prop::sample::select(slots);
    prop_oneof![
        3 => (slot.clone(), text(), any::<bool>()).prop_map(|(s, v, o)| Edit::Set(s, v, o)),
        1 => (slot.clone(), text()).prop_map(|(s, v)| Edit::SetAlways(s, v)),
        2 => (slot.clone(), any::<i64>()).prop_map(|(s, i)| Edit::Int(s, i)),
        1 => (slot, child()).prop_map(|(s, c)| Edit::Append(s, c)),
        1 => (Just(Slot::Action), child()).prop_map(|(s, c)| Edit::Append(s, c)),
        1 => child().prop_map(Edit::Child),
    ]
}

/// Every piece at every depth: unedited, then with each slot set alone.
#[test]
fn every_piece_and_slot_matches_at_every_depth() {
    let t = BobTemplate::dls();
    let all = pieces(&t);
    assert!(all.len() > 1, "{} pieces", all.len());
    let mut cases = vec![Vec::new()];
    for slot in template_slots() {
        cases.push(vec![Edit::Set(slot, "a<&>é".into(), false)]);
        cases.push(vec![Edit::Append(slot, Element::new("m", Some("v")))]);
    }
    for (name, el, st) in &all {
        for depth in 0..10 {
            for edits in &cases {
                assert_eq!(
                    stencil(st, edits, depth),
                    oracle(el, edits, depth),
                    "{name} at {depth} with {edits:?}"
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any piece, any edits, any depth (cached and uncached): the same bytes.
    #[test]
    fn stencils_write_what_the_edited_tree_writes(
        index in any::<prop::sample::Index>(),
        depth in 0usize..10,
        edits in prop::collection::vec(edit(template_slots()), 0..10),
    ) {
        let t = BobTemplate::dls();
        let all = pieces(&t);
        let (name, el, st) = &all[index.index(all.len())];
        let want = oracle(el, &edits, depth);
        let got = stencil(st, &edits, depth);
        prop_assert_eq!(got, want, "piece {} at depth {}", name, depth);
    }
}
