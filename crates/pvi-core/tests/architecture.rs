//! The rules of docs/architecture.md that the compiler does not check:
//! no import cycle between the modules of pvi-core, writers that neither
//! parse, resolve nor lay out, and comments that need nothing outside the
//! repository to be understood.

#![allow(clippy::disallowed_methods)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const SRC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src");

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read src") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The module path of a source file: `layout/engine.rs` → `layout::engine`,
/// `emit/bob/mod.rs` → `emit::bob`, `lib.rs` → ``.
fn module_of(file: &Path) -> String {
    let rel = file.strip_prefix(SRC).expect("under src");
    let mut parts: Vec<String> = rel
        .with_extension("")
        .iter()
        .map(|s| s.to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts.join("::")
}

/// Code lines of a file, without comments and without `#[cfg(test)]` modules
/// at the end (tests may use anything).
fn code_lines(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with("#[cfg(test)]") {
            break;
        }
        if t.starts_with("//") {
            continue;
        }
        out.push(line);
    }
    out
}

/// Modules a file refers to through `use crate::…`, `use super::…` and
/// `crate::…::` paths in code, resolved to module paths of the crate.
fn references(
    module: &str,
    is_mod_file: bool,
    text: &str,
    known: &BTreeSet<String>,
) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    // `super` of `a::b` (file a/b.rs) is `a`; of `a::b` (a/b/mod.rs) it is `a` too
    let parent: Vec<&str> = {
        let mut p: Vec<&str> = module.split("::").filter(|s| !s.is_empty()).collect();
        p.pop();
        p
    };
    let _ = is_mod_file;
    for line in code_lines(text) {
        for (prefix, base) in [("crate::", Vec::new()), ("super::", parent.clone())] {
            let mut rest = line;
            while let Some(i) = rest.find(prefix) {
                let after = &rest[i + prefix.len()..];
                let path: String = after
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                    .collect();
                let mut segs: Vec<String> = base.iter().map(|s| s.to_string()).collect();
                segs.extend(
                    path.split("::")
                        .filter(|s| !s.is_empty())
                        .map(str::to_string),
                );
                // the longest prefix that is a module
                while !segs.is_empty() && !known.contains(&segs.join("::")) {
                    segs.pop();
                }
                if !segs.is_empty() {
                    out.insert(segs.join("::"));
                }
                rest = &after[path.len().min(after.len())..];
            }
        }
    }
    out
}

struct Graph {
    edges: BTreeMap<String, BTreeSet<String>>,
    texts: BTreeMap<String, String>,
}

fn graph() -> Graph {
    let files = rust_files(Path::new(SRC));
    let known: BTreeSet<String> = files.iter().map(|f| module_of(f)).collect();
    let mut edges = BTreeMap::new();
    let mut texts = BTreeMap::new();
    for f in &files {
        let m = module_of(f);
        let text = std::fs::read_to_string(f).expect("read");
        let is_mod = f.file_name().is_some_and(|n| n == "mod.rs");
        let refs = references(&m, is_mod, &text, &known)
            .into_iter()
            // a module may use its own items and its ancestors' (the parent
            // declares it); only references to other branches are edges
            .filter(|r| r != &m && !is_ancestor(r, &m))
            .collect();
        edges.insert(m.clone(), refs);
        texts.insert(m, text);
    }
    Graph { edges, texts }
}

fn is_ancestor(a: &str, of: &str) -> bool {
    a.is_empty() || of.starts_with(&format!("{a}::"))
}

/// Edges lifted to siblings: a reference from `x::y` to `z::w` is an edge
/// between the top-level modules `x` and `z`, and between `x::y` and `x::v`
/// inside `x`.
fn sibling_edges(g: &Graph) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (from, tos) in &g.edges {
        for to in tos {
            let a: Vec<&str> = from.split("::").collect();
            let b: Vec<&str> = to.split("::").collect();
            let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
            if common < a.len() && common < b.len() {
                let sa = a[..=common].join("::");
                let sb = b[..=common].join("::");
                out.insert((sa, sb));
            }
        }
    }
    out
}

#[test]
fn no_import_cycle_between_modules() {
    let g = graph();
    let edges = sibling_edges(&g);
    let mut adj: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (a, b) in &edges {
        adj.entry(a).or_default().push(b);
    }
    // a cycle exists iff some edge a→b has a path b→…→a
    let mut cycles = Vec::new();
    for (a, b) in &edges {
        let mut seen = BTreeSet::new();
        let mut stack = vec![(b.as_str(), vec![a.as_str(), b.as_str()])];
        while let Some((n, path)) = stack.pop() {
            if n == a {
                cycles.push(path.join(" → "));
                break;
            }
            if !seen.insert(n) {
                continue;
            }
            for &m in adj.get(n).map(Vec::as_slice).unwrap_or(&[]) {
                let mut p = path.clone();
                p.push(m);
                stack.push((m, p));
            }
        }
    }
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn writers_neither_parse_resolve_nor_lay_out() {
    let g = graph();
    let mut bad = Vec::new();
    for (m, tos) in &g.edges {
        if !(m == "emit" || m.starts_with("emit::")) {
            continue;
        }
        for to in tos {
            if to == "parse"
                || to == "resolve"
                || to == "yaml"
                || to == "project"
                || to == "formats"
            {
                bad.push(format!("{m} uses crate::{to}"));
            }
        }
        let text = &g.texts[m];
        for needle in ["FormatRules", "layout_device", "Loader"] {
            if code_lines(text).iter().any(|l| l.contains(needle)) {
                bad.push(format!("{m} names {needle}"));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn comments_cite_nothing_outside_the_repository() {
    let g = graph();
    // built here so that this file does not match its own search
    let (spec, shared) = (["spec", " 0"].concat(), ["..", "/shared"].concat());
    let bad: Vec<String> = g
        .texts
        .iter()
        .flat_map(|(m, t)| {
            t.lines()
                .filter(|l| l.contains(&spec) || l.contains(&shared) || l.contains('\u{a7}'))
                .map(move |l| format!("{m}: {}", l.trim()))
        })
        .collect();
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn the_checker_sees_a_cycle() {
    // the graph code itself: a made-up pair of modules using each other
    let known: BTreeSet<String> = ["a", "b"].iter().map(|s| s.to_string()).collect();
    let ra = references("a", false, "use crate::b::X;", &known);
    let rb = references("b", false, "use super::a::Y;", &known);
    assert_eq!(ra.into_iter().collect::<Vec<_>>(), ["b"]);
    assert_eq!(rb.into_iter().collect::<Vec<_>>(), ["a"]);
}
