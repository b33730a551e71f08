//! The PVI database template of `generate-template` (docs/behaviour/cli-and-template.md).

use crate::diag::{DiagKind, Diagnostic};
use crate::model::{walk, Component, Device, Leaf};
use serde::Serialize;

pub use crate::model::Access;

/// One entry of the PVI structure: a signal name, its PV and access.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PviRecord {
    /// Signal name (PascalCase).
    pub name: String,
    /// Record / PV name.
    pub pv: String,
    /// Access.
    pub access: Access,
}

/// The PVI records of a device, in walk order (a SignalRW with one PV gives one `rw`).
///
/// Fails on an unresolved Include, as pvi does.
pub fn pvi_records(device: &Device) -> Result<Vec<PviRecord>, Diagnostic> {
    let mut out = Vec::new();
    for leaf in walk(&device.children) {
        let c = match leaf {
            Leaf::Include(i) => {
                return Err(Diagnostic::error(
                    DiagKind::Other,
                    "`Include` statement should have been resolved in device deserialization.",
                )
                .at(i.span)
                .with_note("help: pass --yaml-path DIR so pvi-rs can resolve it"));
            }
            Leaf::Component(c) => c,
        };
        let rec = |pv: &str, access| PviRecord {
            name: c.name().to_string(),
            pv: pv.to_string(),
            access,
        };
        match c {
            Component::SignalRW(s) if s.read_pv == s.write_pv => {
                out.push(rec(&s.write_pv, Access::Rw))
            }
            Component::SignalRW(s) => {
                out.push(rec(&s.write_pv, Access::W));
                out.push(rec(&s.read_pv, Access::R));
            }
            Component::SignalX(s) => out.push(rec(&s.write_pv, Access::X)),
            Component::SignalW(s) => out.push(rec(&s.write_pv, Access::W)),
            Component::SignalR(s) => out.push(rec(&s.read_pv, Access::R)),
            _ => {}
        }
    }
    Ok(out)
}

/// Which PVI structure a template serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TemplateLayout {
    /// pvi 0.14.4: `pvi.<Name>.<access>` (read by ophyd-async ≤ 0.7).
    #[default]
    Pvi,
    /// ophyd-async ≥ 0.8: `value.<snake_name>.<access>`, `d` for sub-devices.
    OphydAsync {
        /// Serve each Group as its own PVI PV linked with `d`.
        groups_as_devices: bool,
    },
}

/// The template text of `device` in `layout` (the pvi layout is
/// byte-identical to pvi 0.14.4).
pub fn generate_template_with(
    device: &Device,
    prefix: &str,
    layout: TemplateLayout,
) -> Result<String, crate::diag::Diags> {
    match layout {
        TemplateLayout::Pvi => generate_template(device, prefix).map_err(|d| vec![d]),
        TemplateLayout::OphydAsync { groups_as_devices } => {
            check_db_strings(device, prefix).map_err(|d| vec![d])?;
            let structures = super::ophyd::pvi_structures(device, prefix, groups_as_devices)?;
            super::ophyd::ophyd_template(&device.label, &structures).map_err(|d| vec![d])
        }
    }
}

/// Refuses what would make the template an invalid database (pvi writes
/// it anyway): a PV or prefix that cannot be a quoted db string (a `"`, a
/// line break, a trailing `\`), or a label with a line break (it is
/// written in a `#` comment line).
fn check_db_strings(device: &Device, prefix: &str) -> Result<(), Diagnostic> {
    let bad = |what: String| {
        Diagnostic::error(
            DiagKind::Validation,
            format!("{what} cannot be written in a database template"),
        )
        .with_note("a `\"`, a line break or a trailing `\\` would end the record's string")
    };
    if device.label.contains(['\n', '\r']) {
        return Err(bad("a label with a line break".into()));
    }
    if !crate::epicsdb::reads_as_string(&format!("{prefix}PVI")) {
        return Err(bad(format!("the PV prefix `{prefix}`")));
    }
    for leaf in walk(&device.children) {
        if let Leaf::Component(c) = leaf {
            let pvs = match c {
                Component::SignalRW(s) => vec![&s.write_pv, &s.read_pv],
                Component::SignalX(s) => vec![&s.write_pv],
                Component::SignalW(s) => vec![&s.write_pv],
                Component::SignalR(s) => vec![&s.read_pv],
                _ => vec![],
            };
            if let Some(pv) = pvs
                .into_iter()
                .find(|pv| !crate::epicsdb::reads_as_string(pv))
            {
                return Err(bad(format!("the PV `{pv}` of {}", c.name())).at(c.span()));
            }
        }
    }
    Ok(())
}

/// The text of `pvi generate-template` for `device` with PV prefix `prefix`.
pub fn generate_template(device: &Device, prefix: &str) -> Result<String, Diagnostic> {
    check_db_strings(device, prefix)?;
    let records = pvi_records(device)?;
    let label = &device.label;
    let mut s = String::with_capacity(64 + records.len() * 300);
    s.push_str(&format!("\n### PV Interface for {label} ###\n"));
    for r in &records {
        let key = format!("pvi.{}.{}", r.name, r.access.as_str());
        s.push('\n');
        s.push_str(&format!("record(\"*\", \"{}\") {{\n", r.pv));
        s.push_str("    info(Q:group, {\n");
        s.push_str(&format!("        \"{prefix}PVI\": {{\n"));
        s.push_str(&format!("            \"{key}\": {{\n"));
        s.push_str("                \"+channel\": \"NAME\",\n");
        s.push_str("                \"+type\": \"plain\",\n");
        s.push_str(&format!("                \"+trigger\": \"{key}\",\n"));
        s.push_str("            }\n");
        s.push_str("        }\n");
        s.push_str("    })\n");
        s.push_str("}\n");
    }
    s.push_str(&format!("\n### End of PV Interface for {label} ###\n"));
    Ok(s)
}
