//! The database template of the ophyd-async layout (`--layout ophyd-async`).
//!
//! Every record gets exactly one `info(Q:group, ...)` holding all of its
//! fields, because EPICS keeps only the last `Q:group` tag of a record. A
//! field is the record's `NAME` (pvi's `plain` mapping and self-`+trigger`);
//! a PV with a field suffix (`X.PROC`) and every `d` entry are served as
//! pvxs QSRV2 `const` mappings, carried by a record of the same device.

use super::structure::{PviField, PviStructure};
use crate::diag::{DiagKind, Diagnostic};
use crate::model::Access;
use indexmap::IndexMap;

/// How a field gets its value.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Mapping {
    /// The `NAME` of the record carrying the tag.
    Name,
    /// A constant string.
    Const(String),
}

/// Fields of one record: PVI PV → (key, mapping).
type RecordTags = IndexMap<String, Vec<(String, Mapping)>>;

/// The text of the ophyd-async layout template for `structures` of a device
/// labelled `label`.
pub fn ophyd_template(label: &str, structures: &[PviStructure]) -> Result<String, Diagnostic> {
    let mut records: IndexMap<String, RecordTags> = IndexMap::new();
    let mut consts: Vec<(usize, String, String)> = Vec::new();
    let mut first_record: Vec<Option<String>> = vec![None; structures.len()];
    for (si, s) in structures.iter().enumerate() {
        for e in &s.entries {
            for f in &e.fields {
                let key = format!("value.{}.{}", e.name, f.access.as_str());
                match split_record(f) {
                    None => consts.push((si, key, f.pv.clone())),
                    Some((record, mapping)) => {
                        first_record[si].get_or_insert_with(|| record.clone());
                        records
                            .entry(record)
                            .or_default()
                            .entry(s.pv.clone())
                            .or_default()
                            .push((key, mapping));
                    }
                }
            }
        }
    }
    let any_record = records.keys().next().cloned();
    for (si, key, value) in consts {
        let Some(record) = first_record[si].clone().or_else(|| any_record.clone()) else {
            return Err(Diagnostic::error(
                DiagKind::Other,
                format!("the ophyd-async layout of `{label}` has no signal record to carry its PVI structure"),
            )
            .with_note("help: QSRV serves a group only from info tags on records; add a signal"));
        };
        records
            .entry(record)
            .or_default()
            .entry(structures[si].pv.clone())
            .or_default()
            .push((key, Mapping::Const(value)));
    }
    let mut s = format!("\n### PV Interface for {label} (ophyd-async layout) ###\n");
    for (record, tags) in &records {
        s.push_str(&format!(
            "\nrecord(\"*\", \"{record}\") {{\n    info(Q:group, {{\n"
        ));
        for (gi, (pvi, fields)) in tags.iter().enumerate() {
            s.push_str(&format!("        {}: {{\n", json(pvi)));
            for (fi, (key, mapping)) in fields.iter().enumerate() {
                s.push_str(&format!("            {}: {{\n", json(key)));
                match mapping {
                    Mapping::Name => {
                        s.push_str("                \"+channel\": \"NAME\",\n");
                        s.push_str("                \"+type\": \"plain\",\n");
                        s.push_str(&format!("                \"+trigger\": {}\n", json(key)));
                    }
                    Mapping::Const(v) => {
                        s.push_str("                \"+type\": \"const\",\n");
                        s.push_str(&format!("                \"+const\": {}\n", json(v)));
                    }
                }
                s.push_str(if fi + 1 < fields.len() {
                    "            },\n"
                } else {
                    "            }\n"
                });
            }
            s.push_str(if gi + 1 < tags.len() {
                "        },\n"
            } else {
                "        }\n"
            });
        }
        s.push_str("    })\n}\n");
    }
    s.push_str(&format!("\n### End of PV Interface for {label} ###\n"));
    Ok(s)
}

/// The record carrying `f` and how, or `None` for a `d` entry.
fn split_record(f: &PviField) -> Option<(String, Mapping)> {
    if f.access == Access::D {
        return None;
    }
    match f.pv.rsplit_once('.') {
        Some((record, field))
            if !record.is_empty()
                && !field.is_empty()
                && field.len() <= 4
                && field
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) =>
        {
            Some((record.to_string(), Mapping::Const(f.pv.clone())))
        }
        _ => Some((f.pv.clone(), Mapping::Name)),
    }
}

/// A JSON string literal (pvi inserts text verbatim; quotes would break it).
fn json(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}
