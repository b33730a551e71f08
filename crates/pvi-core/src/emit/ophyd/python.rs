//! The Python module of `pvi ophyd`: one ophyd-async `Device` class per
//! device (and per Group served as a device), typed attributes in snake_case.

use super::names::{class_name, enum_members};
use super::structure::{pvi_structures, EntryKind, PviEntry, PviStructure};
use super::types::{value_type, ValueType};
use crate::diag::{DiagKind, Diagnostic, Diags};
use crate::model::Access;
use crate::model::Component;
use crate::model::{ui_stem, ModuleDevice};
use heck::ToUpperCamelCase;
use std::collections::BTreeSet;

/// A generated module and the warnings met on the way.
#[derive(Debug, Clone)]
pub struct PythonModule {
    /// The Python source.
    pub text: String,
    /// Things the user should know (e.g. trigger values ophyd-async ignores).
    pub warnings: Vec<Diagnostic>,
}

/// Writes the module for `devices`, in order; the last is the main one. A
/// DeviceRef whose `ui` names an earlier device is typed with its class,
/// others as a plain `Device` (ophyd-async fills it from the served tree).
pub fn python_module(
    devices: &[ModuleDevice],
    groups_as_devices: bool,
) -> Result<PythonModule, Diags> {
    let mut w = Writer::default();
    let mut diags = Vec::new();
    for (i, md) in devices.iter().enumerate() {
        match pvi_structures(&md.device, "", groups_as_devices) {
            Ok(structures) => {
                let known: Vec<(&str, String)> = devices[..i]
                    .iter()
                    .map(|d| (d.stem.as_str(), class_name(&d.stem)))
                    .collect();
                w.device(md, &structures, &known);
            }
            Err(mut d) => diags.append(&mut d),
        }
    }
    let mut seen = BTreeSet::new();
    for c in &w.classes {
        if !seen.insert(c.clone()) {
            diags.push(Diagnostic::error(
                DiagKind::Validation,
                format!("two generated classes would both be named `{c}`"),
            ));
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let main = devices.last().map(|d| d.file.as_str()).unwrap_or("");
    let warnings = std::mem::take(&mut w.warnings);
    Ok(PythonModule {
        text: w.finish(main),
        warnings,
    })
}

#[derive(Default)]
struct Writer {
    body: String,
    imports: BTreeSet<&'static str>,
    numpy: bool,
    classes: Vec<String>,
    warnings: Vec<Diagnostic>,
}

impl Writer {
    fn device(&mut self, md: &ModuleDevice, structures: &[PviStructure], known: &[(&str, String)]) {
        let root = class_name(&md.stem);
        // children (higher indices) first, so every annotation names a defined class
        for s in structures.iter().rev() {
            let class = format!(
                "{root}{}",
                s.path
                    .iter()
                    .map(|p| p.to_upper_camel_case())
                    .collect::<String>()
            );
            let label = match s.path.last() {
                None => md.device.label.clone(),
                Some(_) => group_label(structures, s).unwrap_or_else(|| class.clone()),
            };
            self.class(&class, &label, &root, s, structures, known);
        }
    }

    fn class(
        &mut self,
        class: &str,
        label: &str,
        root: &str,
        s: &PviStructure,
        all: &[PviStructure],
        known: &[(&str, String)],
    ) {
        let mut attrs = String::new();
        let mut untyped = Vec::new();
        for e in &s.entries {
            let annotation = match e.kind {
                EntryKind::Signal(c) => self.signal_annotation(class, e, c),
                EntryKind::Group(_, i) => Some(format!(
                    "{root}{}",
                    all[i]
                        .path
                        .iter()
                        .map(|p| p.to_upper_camel_case())
                        .collect::<String>()
                )),
                EntryKind::DeviceRef(r) => {
                    let stem = ui_stem(&r.ui);
                    Some(match known.iter().find(|(k, _)| *k == stem) {
                        Some((_, c)) => c.clone(),
                        None => {
                            self.imports.insert("Device");
                            "Device".to_string()
                        }
                    })
                }
            };
            let Some(annotation) = annotation else {
                untyped.push(match description(e) {
                    Some(d) => format!("    - {}: {}\n", e.name, docstring(&one_line(d))),
                    None => format!("    - {}\n", e.name),
                });
                continue;
            };
            attrs.push_str(&format!("    {}: {annotation}\n", e.attr));
            if let Some(doc) = description(e) {
                attrs.push_str(&format!("    \"\"\"{}\"\"\"\n", docstring(doc)));
            }
            attrs.push('\n');
        }
        self.imports.insert("Device");
        self.imports.insert("DeviceConnector");
        self.classes.push(class.to_string());
        self.body.push_str(&format!(
            "\n\nclass {class}(Device):\n    \"\"\"{}",
            docstring(label)
        ));
        if !untyped.is_empty() {
            self.body.push_str(
                "\n\n    Served without a type in the device description; ophyd-async creates\n    \
                 these at connect with the type the IOC serves (reach them with getattr):\n\n",
            );
            self.body.push_str(&untyped.concat());
            self.body.push_str("    ");
        }
        self.body.push_str("\"\"\"\n\n");
        self.body.push_str(&attrs);
        self.body.push_str(INIT);
    }

    fn signal_annotation(&mut self, class: &str, e: &PviEntry, c: &Component) -> Option<String> {
        let accesses: Vec<Access> = e.fields.iter().map(|f| f.access).collect();
        if accesses == [Access::X] {
            if let Component::SignalX(x) = c {
                if x.value != "1" {
                    self.warnings.push(
                        Diagnostic::error(
                            DiagKind::Other,
                            format!(
                                "ophyd-async triggers `{}` by writing 1, not `{}`",
                                e.name, x.value
                            ),
                        )
                        .warning()
                        .at(e.span),
                    );
                }
            }
            self.imports.insert("TriggerableCommand");
            return Some("TriggerableCommand".into());
        }
        let kind = match accesses.as_slice() {
            [Access::R] => "SignalR",
            [Access::W] => "SignalW",
            _ => "SignalRW",
        };
        let t = value_type(c)?;
        let enum_class = format!("{class}{}", c.name().to_upper_camel_case());
        if let ValueType::Enum(choices) = &t {
            self.enum_class(&enum_class, class, &e.name, choices);
        }
        if t == ValueType::FloatArray {
            self.numpy = true;
            self.imports.insert("Array1D");
        }
        self.imports.insert(kind);
        Some(format!("{kind}[{}]", t.python(&enum_class)))
    }

    fn enum_class(&mut self, name: &str, class: &str, attr: &str, choices: &[String]) {
        self.imports.insert("StrictEnum");
        self.classes.push(name.to_string());
        self.body.push_str(&format!(
            "\n\nclass {name}(StrictEnum):\n    \"\"\"Choices of {class}.{attr}.\"\"\"\n\n"
        ));
        for (m, v) in enum_members(choices).iter().zip(choices) {
            self.body.push_str(&format!("    {m} = {}\n", py_str(v)));
        }
    }

    fn finish(self, main: &str) -> String {
        let mut s = format!(
            "\"\"\"ophyd-async devices generated by pvi-rs from {}.\n\n\
             Do not edit: regenerate with `pvi ophyd`. Each device connects through its\n\
             PVI PV (prefix + \"PVI\"), as served by the template of\n\
             `pvi generate-template --layout ophyd-async`.\n\"\"\"\n\n",
            docstring(main)
        );
        if self.numpy {
            s.push_str("import numpy as np\n");
        }
        s.push_str("from ophyd_async.core import (\n");
        for i in &self.imports {
            s.push_str(&format!("    {i},\n"));
        }
        s.push_str(")\nfrom ophyd_async.epics.core import PviDeviceConnector\n");
        s.push_str(&self.body);
        s
    }
}

const INIT: &str = "    def __init__(
        self,
        prefix: str = \"\",
        name: str = \"\",
        connector: DeviceConnector | None = None,
    ) -> None:
        super().__init__(name=name, connector=connector or PviDeviceConnector(prefix))
";

/// The label of the Group a structure serves.
fn group_label(all: &[PviStructure], s: &PviStructure) -> Option<String> {
    all.iter()
        .flat_map(|p| &p.entries)
        .find_map(|e| match e.kind {
            EntryKind::Group(g, i) if all[i].path == s.path => {
                Some(Component::Group(g.clone()).display_label())
            }
            _ => None,
        })
}

fn description<'a>(e: &PviEntry<'a>) -> Option<&'a str> {
    let common = match e.kind {
        EntryKind::Signal(c) => c.common(),
        EntryKind::Group(g, _) => &g.common,
        EntryKind::DeviceRef(r) => &r.common,
    };
    common
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())
}

/// Text on one line (runs of white space become one space).
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text safe inside a `"""` docstring.
fn docstring(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// A Python string literal (JSON's escapes are valid Python).
fn py_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
}
