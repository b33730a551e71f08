//! The one diagnostic type of the project, and its rendering.
//!
//! Diagnostics are data: every stage returns them instead of printing. The
//! CLI and the WASM API render them with [`Diagnostic::render`] (a source
//! snippet via `codespan-reporting`) or read their fields directly.

use crate::source::{Sources, Span};
use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term;
use serde::Serialize;

/// What stage rejected the input; decides how the CLI reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DiagKind {
    /// The text is not valid YAML (or exceeds a resource limit while reading it).
    Yaml,
    /// The YAML does not describe a valid device or formatter.
    Validation,
    /// An include could not be found, or includes form a cycle.
    Include,
    /// A device cannot be laid out or written in the requested format.
    Layout,
    /// A file could not be read or written.
    Io,
    /// Anything else (bad arguments, unsupported request).
    Other,
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The command fails.
    Error,
    /// The command goes on; the user should look.
    Warning,
}

/// One located message about the input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Stage that produced it.
    pub kind: DiagKind,
    /// Error or warning.
    pub severity: Severity,
    /// Short statement of what is wrong.
    pub message: String,
    /// Where it is wrong, if the problem has a place in a file.
    pub span: Option<Span>,
    /// Text under the marked source (e.g. what was expected there).
    pub label: Option<String>,
    /// Extra lines: hints and context.
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// An error of `kind` with `message` and no location.
    pub fn error(kind: DiagKind, message: impl Into<String>) -> Self {
        Diagnostic {
            kind,
            severity: Severity::Error,
            message: message.into(),
            span: None,
            label: None,
            notes: Vec::new(),
        }
    }

    /// A validation error at `span`.
    pub fn invalid(span: Span, message: impl Into<String>) -> Self {
        Self::error(DiagKind::Validation, message).at(span)
    }

    /// Sets the location.
    pub fn at(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    /// Sets the label shown under the marked source.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a note or hint line.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Turns it into a warning.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// `path:line:col` of the location, if any.
    pub fn location(&self, sources: &Sources) -> Option<String> {
        self.span.map(|s| sources.location(s))
    }

    /// One line: `path:line:col: error: message`.
    pub fn render_short(&self, sources: &Sources) -> String {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let line = match self.location(sources) {
            Some(loc) => format!("{loc}: {sev}: {}", self.message),
            None => format!("{sev}: {}", self.message),
        };
        escape_controls(line)
    }

    /// Full rendering with a source snippet (no colour).
    pub fn render(&self, sources: &Sources) -> String {
        let mut d = match self.severity {
            Severity::Error => cs::Diagnostic::error(),
            Severity::Warning => cs::Diagnostic::warning(),
        }
        .with_message(&self.message)
        .with_notes(self.notes.clone());
        if let Some(span) = self.span {
            if sources.try_get(span.file).is_some() {
                let mut label = cs::Label::primary(span.file.0 as usize, span.range());
                if let Some(text) = &self.label {
                    label = label.with_message(text);
                }
                d = d.with_labels(vec![label]);
            }
        }
        let config = term::Config::default();
        match term::emit_into_string(&config, &SourcesFiles(sources), &d) {
            Ok(text) => escape_controls(text),
            Err(_) => self.render_short(sources) + "\n",
        }
    }
}

/// Shows control characters other than newline and tab as `\u{1b}`: a
/// diagnostic quotes file text and messages name what the user wrote, and
/// an escape sequence there would act on the terminal (clear it, set its
/// title) instead of being read.
pub fn escape_controls(text: String) -> String {
    if !text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if c.is_control() && c != '\n' && c != '\t' {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Renders every diagnostic of a list, one after the other.
pub fn render_all(diags: &[Diagnostic], sources: &Sources) -> String {
    diags.iter().map(|d| d.render(sources)).collect()
}

/// A failed stage: the diagnostics that explain why (at least one).
pub type Diags = Vec<Diagnostic>;

/// Most diagnostics one run reports: [`cap`] keeps the first ones and sums
/// up the rest in one more (200,000 unknown fields printed 44 MB).
pub const MAX_REPORTED: usize = 100;

/// At most [`MAX_REPORTED`] + 1 diagnostics: the first [`MAX_REPORTED`],
/// then `… and N more errors` for the rest. Lists that short are returned
/// unchanged, so capping twice changes nothing.
pub fn cap(mut diags: Diags) -> Diags {
    if diags.len() <= MAX_REPORTED + 1 {
        return diags;
    }
    let rest = summary(&diags[MAX_REPORTED..]);
    diags.truncate(MAX_REPORTED);
    diags.push(rest);
    diags
}

/// The one diagnostic standing for `rest`, those [`cap`] leaves out.
pub fn summary(rest: &[Diagnostic]) -> Diagnostic {
    let errors = rest
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = rest.len() - errors;
    let mut parts = Vec::new();
    if errors > 0 {
        parts.push(count(errors, "error"));
    }
    if warnings > 0 {
        parts.push(count(warnings, "warning"));
    }
    let kind = rest.first().map_or(DiagKind::Other, |d| d.kind);
    let d = Diagnostic::error(kind, format!("… and {}", parts.join(" and "))).with_note(format!(
        "only the first {MAX_REPORTED} problems are shown; fix them and run again"
    ));
    if errors == 0 {
        d.warning()
    } else {
        d
    }
}

/// `1 more error`, `199,900 more errors`.
fn count(n: usize, what: &str) -> String {
    let digits = n.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let s = if n == 1 { "" } else { "s" };
    format!("{grouped} more {what}{s}")
}

struct SourcesFiles<'a>(&'a Sources);

impl<'a> Files<'a> for SourcesFiles<'a> {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, FilesError> {
        let f = self.0.try_get(crate::source::FileId(id as u32));
        f.map(|f| f.path.as_str()).ok_or(FilesError::FileMissing)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, FilesError> {
        let f = self.0.try_get(crate::source::FileId(id as u32));
        f.map(|f| f.text.as_str()).ok_or(FilesError::FileMissing)
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, FilesError> {
        let f = self
            .0
            .try_get(crate::source::FileId(id as u32))
            .ok_or(FilesError::FileMissing)?;
        Ok(match f.line_starts().binary_search(&byte_index) {
            Ok(i) => i,
            Err(i) => i - 1,
        })
    }

    fn line_range(
        &'a self,
        id: usize,
        line_index: usize,
    ) -> Result<std::ops::Range<usize>, FilesError> {
        let f = self
            .0
            .try_get(crate::source::FileId(id as u32))
            .ok_or(FilesError::FileMissing)?;
        let starts = f.line_starts();
        let start = *starts.get(line_index).ok_or(FilesError::LineTooLarge {
            given: line_index,
            max: starts.len() - 1,
        })?;
        let end = starts.get(line_index + 1).copied().unwrap_or(f.text.len());
        Ok(start..end)
    }
}

/// Why a run failed: its diagnostics and the files they point into, moved
/// out of the run (never cloned), so they render with snippets.
#[derive(Debug, Default)]
pub struct Failure {
    /// Why it failed.
    pub diags: Diags,
    /// Files read in the run.
    pub sources: Sources,
    /// Path of the device that failed validation (pvi prints a banner for it).
    pub validating: Option<String>,
    /// How many diagnostics the run found (`diags` may hold fewer, see [`cap`]).
    pub total: usize,
}

impl Failure {
    /// A failure from diagnostics and the sources they point into
    /// (at most [`MAX_REPORTED`] of them and a summary of the rest, see [`cap`]).
    pub fn new(diags: Diags, sources: Sources) -> Self {
        let total = diags.len();
        Failure {
            diags: cap(diags),
            total,
            sources,
            validating: None,
        }
    }

    /// A failure with a plain message and no location.
    pub fn msg(m: impl Into<String>) -> Self {
        Failure::new(vec![Diagnostic::error(DiagKind::Other, m)], Sources::new())
    }

    /// Notes that `path` was the device being validated.
    pub fn validating(mut self, path: &str) -> Self {
        self.validating = Some(path.to_string());
        self
    }

    /// pvi's banner for a device that failed validation, when there is one.
    pub fn banner(&self) -> Option<String> {
        let path = self.validating.as_ref()?;
        self.diags
            .iter()
            .any(|d| d.kind == DiagKind::Validation)
            .then(|| format!("\nFailed to validate `{path}` as Device:\n\n"))
    }

    /// Every diagnostic with its snippet, and a count when there are several.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for d in &self.diags {
            out.push_str(&d.render(&self.sources));
        }
        let n = self.total.max(self.diags.len());
        if n > 1 {
            out.push_str(&format!("error: {n} problems found\n"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(n: usize) -> Diags {
        (0..n)
            .map(|i| Diagnostic::error(DiagKind::Validation, format!("unknown field `f{i}`")))
            .collect()
    }

    #[test]
    fn cap_keeps_the_first_and_sums_up_the_rest() {
        let d = cap(errors(200_000));
        assert_eq!(d.len(), MAX_REPORTED + 1);
        assert_eq!(d[99].message, "unknown field `f99`");
        assert_eq!(d[100].message, "… and 199,900 more errors");
        assert_eq!(d[100].kind, DiagKind::Validation);
        // capping again changes nothing; short lists are left alone
        assert_eq!(cap(d.clone()), d);
        assert_eq!(cap(errors(101)).len(), 101);
        assert_eq!(cap(errors(102))[100].message, "… and 2 more errors");
    }

    #[test]
    fn cap_counts_warnings_apart() {
        let mut d = errors(100);
        d.extend((0..3).map(|_| Diagnostic::error(DiagKind::Other, "w").warning()));
        let d = cap(d);
        assert_eq!(d[100].message, "… and 3 more warnings");
        assert_eq!(d[100].severity, Severity::Warning);
        let mut d = errors(101);
        d.push(Diagnostic::error(DiagKind::Other, "w").warning());
        assert_eq!(cap(d)[100].message, "… and 1 more error and 1 more warning");
    }

    #[test]
    fn failures_are_capped_and_count_every_problem() {
        let f = Failure::new(errors(200_000), Sources::new());
        assert_eq!(f.diags.len(), 101);
        let text = f.render();
        assert!(text.ends_with("error: 200000 problems found\n"));
        assert!(text.len() < 20_000, "{} bytes", text.len());
        let located = crate::located::locate_all(&errors(200_000), &Sources::new());
        assert_eq!(located.len(), 101);
        assert_eq!(located[100].message, "… and 199,900 more errors");
    }
}
