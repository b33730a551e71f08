//! EPICS database files (`.db`, `.template`) as data.
//!
//! A real parser, reusable by converters, regroup, lint and IOC instances:
//! records (and `grecord`), fields, info tags, record and top-level aliases,
//! comments, `include` and `substitute` lines kept as data, other statements
//! (`path`, `menu`, …) kept as raw text. Macros (`$(X)`, `${X}`,
//! `$(X=default)`) are not expanded; [`macros`] finds them. Errors are
//! located [`Diagnostic`](crate::diag::Diagnostic)s and parsing recovers at
//! the next line, so one bad record does not hide the others.

mod macros;
mod parse;
mod write;

pub use macros::{macro_refs, strip_paren_macros, MacroRef};
pub(crate) use parse::reads_as_string;
pub use parse::{parse, Parsed};
pub use write::to_text;

use crate::source::Span;

/// A parsed database file, items in file order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Database {
    /// Top-level items.
    pub items: Vec<Item>,
}

/// One top-level item of a database file.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A record definition.
    Record(Record),
    /// `include "file"`.
    Include {
        /// The file named.
        path: String,
        /// Where.
        span: Span,
    },
    /// `substitute "A=1,B=2"`.
    Substitute {
        /// The substitution text.
        text: String,
        /// Where.
        span: Span,
    },
    /// `alias("record", "alias")` outside a record.
    Alias {
        /// The record aliased.
        record: String,
        /// The other name.
        alias: String,
        /// Where.
        span: Span,
    },
    /// A `#` comment line (text after `#`).
    Comment {
        /// Text after the `#`.
        text: String,
        /// Where.
        span: Span,
    },
    /// Any other statement (`path`, `menu`, `recordtype`, …), verbatim.
    Other {
        /// Its keyword.
        keyword: String,
        /// Its full text.
        text: String,
        /// Where.
        span: Span,
    },
}

/// `record` or the old spelling `grecord`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKeyword {
    /// `record(...)`.
    Record,
    /// `grecord(...)`.
    Grecord,
}

/// A record: type, name and body.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// `record` or `grecord`.
    pub keyword: RecordKeyword,
    /// Record type (`ai`, `waveform`, `*` …).
    pub rtype: String,
    /// Record name, macros unexpanded.
    pub name: String,
    /// Body items in order; `None` when the record has no `{...}` body.
    pub body: Option<Vec<BodyItem>>,
    /// The whole record, header to closing brace.
    pub span: Span,
}

/// One item in a record body.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyItem {
    /// `field(NAME, value)`.
    Field(Setting),
    /// `info(NAME, value)`.
    Info(Setting),
    /// `alias("name")`.
    Alias {
        /// The other name.
        name: String,
        /// Where.
        span: Span,
    },
    /// A `#` comment line.
    Comment {
        /// Text after the `#`.
        text: String,
        /// Where.
        span: Span,
    },
}

/// A field or info tag: name and value.
#[derive(Debug, Clone, PartialEq)]
pub struct Setting {
    /// Field or tag name.
    pub name: String,
    /// The value.
    pub value: Value,
    /// Where.
    pub span: Span,
}

/// A field or info value as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// `"text"`: the text between the quotes, escapes kept as written.
    Quoted(String),
    /// An unquoted word (`Passive`, `$(SCAN=1 second)` …).
    Bare(String),
    /// A JSON object or array (`{...}`, `[...]`), verbatim.
    Json(String),
}

impl Value {
    /// The text of the value (quotes removed).
    pub fn text(&self) -> &str {
        match self {
            Value::Quoted(s) | Value::Bare(s) | Value::Json(s) => s,
        }
    }
}

impl Record {
    /// Fields in order (repeated names kept).
    pub fn fields(&self) -> impl Iterator<Item = &Setting> {
        self.body.iter().flatten().filter_map(|b| match b {
            BodyItem::Field(s) => Some(s),
            _ => None,
        })
    }

    /// Info tags in order.
    pub fn infos(&self) -> impl Iterator<Item = &Setting> {
        self.body.iter().flatten().filter_map(|b| match b {
            BodyItem::Info(s) => Some(s),
            _ => None,
        })
    }

    /// The value of field `name` (the last one when repeated).
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields()
            .filter(|f| f.name == name)
            .last()
            .map(|f| f.value.text())
    }
}

impl Database {
    /// The records, in order.
    pub fn records(&self) -> impl Iterator<Item = &Record> {
        self.items.iter().filter_map(|i| match i {
            Item::Record(r) => Some(r),
            _ => None,
        })
    }
}
