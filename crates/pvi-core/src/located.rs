//! Diagnostics resolved to file names and 1-based lines and columns, as plain
//! data for JSON consumers (the WASM API, the preview server).

use crate::diag::{render_all, DiagKind, Diagnostic, Severity};
use crate::source::Sources;
use serde::Serialize;

/// A [`Diagnostic`] with its place spelled out as file, line and column.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Located {
    /// Error or warning.
    pub severity: Severity,
    /// Stage that produced it.
    pub kind: DiagKind,
    /// Short statement of what is wrong.
    pub message: String,
    /// Text under the marked source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Hints and context lines.
    pub notes: Vec<String>,
    /// File the diagnostic points into (as registered), if located.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Start: 1-based line and column (in characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<Position>,
    /// End (exclusive): 1-based line and column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<Position>,
    /// The full rendering with a source snippet, as the CLI prints it.
    pub rendered: String,
}

/// A 1-based line and column (in characters) in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

impl Located {
    /// Resolves one diagnostic against the files it points into.
    pub fn new(d: &Diagnostic, sources: &Sources) -> Self {
        let place = d
            .span
            .and_then(|s| sources.try_get(s.file).map(|f| (s, f)))
            .map(|(s, f)| {
                let (l0, c0) = f.line_col(s.start as usize);
                let (l1, c1) = f.line_col(s.end as usize);
                (
                    f.path.clone(),
                    Position {
                        line: l0,
                        column: c0,
                    },
                    Position {
                        line: l1,
                        column: c1,
                    },
                )
            });
        let (file, start, end) = match place {
            Some((f, s, e)) => (Some(f), Some(s), Some(e)),
            None => (None, None, None),
        };
        Located {
            severity: d.severity,
            kind: d.kind,
            message: d.message.clone(),
            label: d.label.clone(),
            notes: d.notes.clone(),
            file,
            start,
            end,
            rendered: render_all(std::slice::from_ref(d), sources),
        }
    }
}

/// Resolves the diagnostics of a list, capped as [`crate::diag::cap`] does.
pub fn locate_all(diags: &[Diagnostic], sources: &Sources) -> Vec<Located> {
    let max = crate::diag::MAX_REPORTED;
    if diags.len() > max + 1 {
        let rest = crate::diag::summary(&diags[max..]);
        return diags[..max]
            .iter()
            .chain(std::iter::once(&rest))
            .map(|d| Located::new(d, sources))
            .collect();
    }
    diags.iter().map(|d| Located::new(d, sources)).collect()
}

/// Replaces every serialized [`crate::Span`] under a `"source"` key of a JSON
/// tree (e.g. a serialized layout tree) by `{file, line, column}`, so that
/// JSON consumers can point at the YAML a widget came from.
pub fn locate_sources(value: &mut serde_json::Value, sources: &Sources) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            if let Some(src) = map.get_mut("source") {
                let place = src
                    .get("file")
                    .and_then(Value::as_u64)
                    .zip(src.get("start").and_then(Value::as_u64))
                    .and_then(|(f, start)| {
                        let file = sources.try_get(crate::FileId(u32::try_from(f).ok()?))?;
                        let (line, column) = file.line_col(start as usize);
                        Some(serde_json::json!({"file": file.path, "line": line, "column": column}))
                    });
                *src = place.unwrap_or(Value::Null);
            }
            for (k, v) in map.iter_mut() {
                if k != "source" {
                    locate_sources(v, sources);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| locate_sources(v, sources)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    #[test]
    fn lines_and_columns_are_one_based() {
        let mut s = Sources::new();
        let id = s.add("d.pvi.device.yaml", "label: x\nchildren: [oops\n");
        let d = Diagnostic::invalid(Span::new(id, 20, 24), "bad");
        let l = Located::new(&d, &s);
        assert_eq!(l.file.as_deref(), Some("d.pvi.device.yaml"));
        assert_eq!(
            l.start,
            Some(Position {
                line: 2,
                column: 12
            })
        );
        assert_eq!(
            l.end,
            Some(Position {
                line: 2,
                column: 16
            })
        );
        assert!(l.rendered.contains("d.pvi.device.yaml:2:12"));
    }

    #[test]
    fn sources_become_lines() {
        let mut s = Sources::new();
        let id = s.add("d.yaml", "a\nbb\n");
        let span = Span::new(id, 3, 4);
        let mut v = serde_json::json!({"items": [{"source": span, "x": 1}]});
        locate_sources(&mut v, &s);
        assert_eq!(
            v,
            serde_json::json!({"items": [{"source": {"file": "d.yaml", "line": 2, "column": 2}, "x": 1}]})
        );
    }

    #[test]
    fn unlocated_has_no_place() {
        let l = Located::new(&Diagnostic::error(DiagKind::Other, "x"), &Sources::new());
        assert_eq!(l.file, None);
        assert_eq!(l.start, None);
    }
}
