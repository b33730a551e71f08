//! Sorting asyn records into actions, readbacks and setting pairs, and
//! building one component per role (docs/behaviour/convert.md#roles).

use super::asyn::{AsynClass, AsynRecord, Link};
use crate::diag::{DiagKind, Diagnostic};
use crate::model::*;

/// What a template's records become, with pvi's warnings.
#[derive(Debug, Default)]
pub struct Built {
    /// Components: all SignalW, then SignalR, then SignalRW.
    pub components: Vec<Component>,
    /// Lines pvi prints on stdout (ZNAM/ONAM warnings).
    pub messages: Vec<String>,
}

fn moves_to_write(r: &AsynRecord) -> bool {
    r.record.rtype == "waveform"
        && r.link == Link::Inp
        && r.dtyp()
            .is_some_and(|d| d == "asynOctetWrite" || d.ends_with("ArrayOut"))
}

/// Builds the components of one template's asyn records.
pub fn build(records: &[AsynRecord]) -> Result<Built, Diagnostic> {
    let mut writes: Vec<&AsynRecord> = records.iter().filter(|r| r.link == Link::Out).collect();
    let mut reads = Vec::new();
    for r in records.iter().filter(|r| r.link == Link::Inp) {
        if moves_to_write(r) {
            writes.push(r);
        } else {
            reads.push(r);
        }
    }
    let mut out = Built::default();
    for w in &writes {
        if !reads.iter().any(|r| r.param == w.param) {
            let name = pascal_name(w, &w.display_name())?;
            binary_warning(w, &mut out.messages);
            out.components.push(Component::SignalW(SignalW {
                common: Common::named(name),
                write_pv: w.pv().to_string(),
                write_widget: w.class.write_widget(),
            }));
        }
    }
    for r in &reads {
        if !writes.iter().any(|w| w.param == r.param) {
            let display = r.display_name();
            let base = display.strip_suffix("_RBV").unwrap_or(&display);
            let name = pascal_name(r, base)?;
            out.components.push(Component::SignalR(SignalR {
                common: Common::named(name),
                read_pv: r.pv().to_string(),
                read_widget: Some(r.class.read_widget()),
            }));
        }
    }
    for r in &reads {
        for w in writes.iter().filter(|w| w.param == r.param) {
            let name = pascal_name(w, &w.display_name())?;
            binary_warning(w, &mut out.messages);
            let class: AsynClass = w.class;
            out.components.push(Component::SignalRW(SignalRW {
                common: Common::named(name),
                write_pv: w.pv().to_string(),
                write_widget: class.write_widget(),
                read_pv: r.pv().to_string(),
                read_widget: Some(class.read_widget()),
            }));
        }
    }
    Ok(out)
}

fn binary_warning(w: &AsynRecord, messages: &mut Vec<String>) {
    if w.class.is_binary() && (w.record.field("ZNAM").is_none() || w.record.field("ONAM").is_none())
    {
        messages.push(format!(
            "WARNING: ZNAM/ONAM not set for {}. Button labels will be blank.",
            w.pv()
        ));
    }
}

/// `enforce_pascal_case` of `text`, checked against the name pattern.
fn pascal_name(r: &AsynRecord, text: &str) -> Result<String, Diagnostic> {
    match enforce_pascal_case(text) {
        Some(n) if is_pascal_case(&n) => Ok(n),
        other => Err(Diagnostic::error(
            DiagKind::Validation,
            format!(
                "record {} gives the component name '{}', which is not PascalCase",
                r.pv(),
                other.unwrap_or_default()
            ),
        )
        .at(r.record.span)
        .with_label("converted from this record")
        .with_note(
            "names come from the record name without macros: it must contain a letter, and start with one",
        )),
    }
}
