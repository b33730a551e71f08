//! Asyn records of a template: which records are kept, their parameter,
//! direction and asyn class (docs/behaviour/convert.md#records, #asyn-class-and-widgets).

use crate::diag::{DiagKind, Diagnostic};
use crate::epicsdb::{strip_paren_macros, Database, Record};
use crate::model::{ReadWidget, TextFormat, TextOptions, WriteWidget};

/// Which link field a kept record has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// `INP`: an input record.
    Inp,
    /// `OUT`: an output record.
    Out,
}

/// The asyn interface class of a record, deciding its widgets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsynClass {
    /// ai / ao.
    Float64,
    /// bi / bo.
    Binary,
    /// busy (a Binary).
    Busy,
    /// longin / longout.
    Long,
    /// mbbi / mbbo.
    MultiBitBinary,
    /// stringin / stringout.
    String,
    /// waveform with asynOctetRead/Write.
    OctetWaveform,
    /// waveform with an asyn array DTYP.
    ArrayWaveform,
    /// A type pvi does not convert (pvi-rs: text widgets and a warning).
    Other,
}

impl AsynClass {
    /// Whether building it with a write record checks ZNAM/ONAM.
    pub fn is_binary(self) -> bool {
        matches!(self, AsynClass::Binary | AsynClass::Busy)
    }

    /// The read widget.
    pub fn read_widget(self) -> ReadWidget {
        match self {
            AsynClass::Binary | AsynClass::Busy => ReadWidget::Led,
            AsynClass::OctetWaveform => ReadWidget::TextRead(string_format()),
            _ => ReadWidget::text(),
        }
    }

    /// The write widget.
    pub fn write_widget(self) -> WriteWidget {
        match self {
            AsynClass::Binary | AsynClass::Busy => WriteWidget::ToggleButton,
            AsynClass::MultiBitBinary => WriteWidget::ComboBox(Default::default()),
            AsynClass::OctetWaveform => WriteWidget::TextWrite(string_format()),
            _ => WriteWidget::text(),
        }
    }
}

fn string_format() -> TextOptions {
    TextOptions {
        format: Some(TextFormat::String),
        ..Default::default()
    }
}

/// A record with exactly one asyn link.
#[derive(Debug, Clone)]
pub struct AsynRecord<'a> {
    /// The record.
    pub record: &'a Record,
    /// INP or OUT.
    pub link: Link,
    /// Asyn parameter name (`None` when the link names none).
    pub param: Option<String>,
    /// Asyn class.
    pub class: AsynClass,
}

impl AsynRecord<'_> {
    /// The PV (record name as written).
    pub fn pv(&self) -> &str {
        &self.record.name
    }

    /// The PV with `$(...)` macros removed.
    pub fn display_name(&self) -> String {
        strip_paren_macros(&self.record.name)
    }

    /// The record's DTYP, if set.
    pub fn dtyp(&self) -> Option<&str> {
        self.record.field("DTYP")
    }
}

/// pvi's parameter name: after the last `)` that is followed by a
/// non-space, up to the next whitespace.
pub fn parameter_name(link: &str) -> Option<String> {
    let at = link.find("@asyn(")?;
    let line = &link[at + 6..];
    let line = &line[..line.find('\n').unwrap_or(line.len())];
    let b = line.as_bytes();
    let pos = (0..b.len())
        .rev()
        .find(|&i| b[i] == b')' && b.get(i + 1).is_some_and(|c| !c.is_ascii_whitespace()))?;
    let rest = &line[pos + 1..];
    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    Some(rest[..end].to_string())
}

/// What extracting the asyn records of one template gives.
#[derive(Debug, Default)]
pub struct Extracted<'a> {
    /// Kept records, in file order.
    pub records: Vec<AsynRecord<'a>>,
    /// Lines pvi prints on stdout (skipped records).
    pub messages: Vec<String>,
    /// Warnings for things pvi would abort on (pvi-rs goes on).
    pub warnings: Vec<Diagnostic>,
}

/// The asyn records of `db` (whose text is `text`), with pvi's messages.
pub fn extract<'a>(db: &'a Database, text: &str) -> Extracted<'a> {
    let mut out = Extracted::default();
    let mut prev_end = 0usize;
    for rec in db.records() {
        let start = rec.span.start as usize;
        let this_prev = prev_end;
        prev_end = rec.span.end as usize;
        if rec.body.is_none() {
            continue;
        }
        if rec.rtype == "motor" {
            let first = first_line_of_match(text, this_prev, start);
            out.messages
                .push(format!("Record `{first}` is type motor - ignoring"));
            continue;
        }
        let link = match (rec.field("INP"), rec.field("OUT")) {
            (Some(v), None) => (Link::Inp, v),
            (None, Some(v)) => (Link::Out, v),
            _ => {
                out.messages.push(format!(
                    "Record {} has no input or output field or both",
                    rec.name
                ));
                continue;
            }
        };
        if !link.1.contains("@asyn(") {
            out.messages.push("Record has no @asyn field".to_string());
            continue;
        }
        let class = classify(rec, link.0, &mut out.warnings);
        out.records.push(AsynRecord {
            record: rec,
            link: link.0,
            param: parameter_name(link.1),
            class,
        });
    }
    out
}

/// The first line of pvi's regex match for a record starting at `start`:
/// the match swallows the whitespace run before the record's line.
fn first_line_of_match(text: &str, prev_end: usize, start: usize) -> &str {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let ws_from = text[..line_start]
        .rfind(|c: char| !c.is_whitespace())
        .map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
    let from = ws_from.max(prev_end).min(start);
    let rest = &text[from..];
    &rest[..rest.find('\n').unwrap_or(rest.len())]
}

fn warn(rec: &Record, msg: String, note: &str) -> Diagnostic {
    Diagnostic::error(DiagKind::Validation, msg)
        .at(rec.span)
        .with_note(note.to_string())
        .warning()
}

fn classify(rec: &Record, link: Link, warnings: &mut Vec<Diagnostic>) -> AsynClass {
    if rec.rtype == "waveform" {
        let Some(dtyp) = rec.field("DTYP") else {
            warnings.push(warn(
                rec,
                format!("waveform {} has no DTYP", rec.name),
                "pvi 0.14.4 aborts here; pvi-rs uses text widgets",
            ));
            return AsynClass::Other;
        };
        return match dtyp {
            "asynOctetRead" | "asynOctetWrite" => AsynClass::OctetWaveform,
            "asynInt32ArrayIn"
            | "asynInt32ArrayOut"
            | "asynInt64ArrayIn"
            | "asynInt64ArrayOut"
            | "asynFloat32ArrayIn"
            | "asynFloat32ArrayOut"
            | "asynFloat64ArrayIn"
            | "asynFloat64ArrayOut" => AsynClass::ArrayWaveform,
            other => {
                warnings.push(warn(
                    rec,
                    format!("waveform type for DTYP {other} is not one pvi converts"),
                    "pvi 0.14.4 aborts here; pvi-rs uses text widgets",
                ));
                AsynClass::Other
            }
        };
    }
    let class = match (link, rec.rtype.as_str()) {
        (Link::Inp, "ai") | (Link::Out, "ao") => AsynClass::Float64,
        (Link::Inp, "bi") | (Link::Out, "bo") => AsynClass::Binary,
        (Link::Out, "busy") => AsynClass::Busy,
        (Link::Inp, "longin") | (Link::Out, "longout") => AsynClass::Long,
        (Link::Inp, "mbbi") | (Link::Out, "mbbo") => AsynClass::MultiBitBinary,
        (Link::Inp, "stringin") | (Link::Out, "stringout") => AsynClass::String,
        _ => AsynClass::Other,
    };
    if class == AsynClass::Other {
        warnings.push(warn(
            rec,
            format!(
                "{} asyn type {} is not one pvi converts",
                rec.name, rec.rtype
            ),
            "pvi 0.14.4 aborts here; pvi-rs uses text widgets",
        ));
    }
    class
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_names() {
        let p = |s| parameter_name(s);
        assert_eq!(
            p("@asyn($(PORT),$(ADDR=0),$(TIMEOUT=1))FILE_PATH").as_deref(),
            Some("FILE_PATH")
        );
        assert_eq!(
            p("@asyn($(PORT),$(ADDR),$(TIMEOUT))SIM_GAIN_X junk").as_deref(),
            Some("SIM_GAIN_X")
        );
        // pvi's pattern backtracks to an inner `)`
        assert_eq!(p("@asyn($(PORT))").as_deref(), Some(")"));
        assert_eq!(p("@asyn($(PORT)) X").as_deref(), Some(")"));
        assert_eq!(p("@asyn(P)"), None);
    }

    #[test]
    fn motor_message_line() {
        let t = "record(ai, \"A\") {}\n\nrecord(motor, \"M\") {}";
        let start = t.find("record(motor").unwrap();
        assert_eq!(first_line_of_match(t, 18, start), "");
        assert_eq!(first_line_of_match(t, 0, 0), "record(ai, \"A\") {}");
    }
}
