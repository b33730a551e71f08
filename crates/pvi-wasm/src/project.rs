//! The API in plain Rust: a device and its include files held in memory,
//! validated and turned into output files. The bindings in `lib.rs` only
//! convert to and from JavaScript values.

use indexmap::IndexMap;
use pvi_core::diag::{DiagKind, Diagnostic, Diags};
use pvi_core::emit::generate_template;
use pvi_core::emit::ophyd::python_module;
use pvi_core::located::{locate_all, Located};
use pvi_core::model::{Device, Entry};
use pvi_core::parse::DEVICE_SUFFIX;
use pvi_core::resolve::load_module_devices;
use pvi_core::resolve::{resolve, Loader, ParseCache};
use pvi_core::{MemoryWorld, Project, Sources};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;

/// Folder the include files are placed in inside the in-memory world.
const INCLUDE_DIR: &str = "includes";
/// `INCLUDE_DIR` with its slash: stripped from file names shown to callers.
pub const INCLUDE_PREFIX: &str = "includes/";

/// A device file and the files it includes, as given by the caller.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Input {
    /// File name of the device (must end in `.pvi.device.yaml`).
    pub name: String,
    /// YAML text of the device.
    pub text: String,
    /// Include files: file name (`Name.pvi.device.yaml`, or just `Name`) → YAML text.
    #[serde(default)]
    pub includes: IndexMap<String, String>,
}

/// One generated file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutFile {
    /// File name (no folder).
    pub name: String,
    /// Content, exactly as the CLI writes it.
    pub text: String,
}

/// What an operation produced: files on success, diagnostics always.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// Whether the files were produced (no error diagnostics).
    pub ok: bool,
    /// Every file of the result, by name.
    pub files: Vec<OutFile>,
    /// Errors and warnings, with file, line and column.
    pub diagnostics: Vec<Located>,
}

/// A loaded device: the resolved model (or why not) and the files read.
pub struct Loaded {
    /// The device with includes resolved, or the diagnostics.
    pub device: Result<Device, Diags>,
    /// Every file read, for locating diagnostics.
    pub sources: Sources,
}

impl Loaded {
    /// The diagnostics, located, with include paths shown as the caller named them.
    pub fn diagnostics(&self, extra: &[Diagnostic]) -> Vec<Located> {
        let mut all: Vec<Diagnostic> = match &self.device {
            Ok(_) => Vec::new(),
            Err(d) => d.clone(),
        };
        all.extend_from_slice(extra);
        locate(&all, &self.sources)
    }
}

/// The file name an include is stored under: `Name.pvi.device.yaml`.
fn include_file_name(name: &str) -> String {
    let base = name.rsplit('/').next().unwrap_or(name);
    if base.ends_with(DEVICE_SUFFIX) {
        base.to_string()
    } else {
        format!("{base}{DEVICE_SUFFIX}")
    }
}

thread_local! {
    /// Files parsed by earlier calls: a live preview re-loads every file on
    /// each keystroke, and usually only one of them changed.
    static CACHE: RefCell<ParseCache> = RefCell::new(ParseCache::new());
}

/// The in-memory world of an input: the device by its name, includes in
/// `INCLUDE_DIR` by their file names.
fn world_of(input: &Input) -> MemoryWorld {
    let mut world = MemoryWorld::new();
    world.insert(input.name.clone(), input.text.clone().into_bytes());
    for (name, text) in &input.includes {
        let path = format!("{INCLUDE_DIR}/{}", include_file_name(name));
        world.insert(path, text.clone().into_bytes());
    }
    world
}

/// Locates diagnostics, showing include paths as the caller named them.
fn locate(diags: &[Diagnostic], sources: &Sources) -> Vec<Located> {
    let mut out = locate_all(diags, sources);
    for l in &mut out {
        if let Some(f) = l.file.as_mut() {
            if let Some(rest) = f.strip_prefix(INCLUDE_PREFIX) {
                *f = rest.to_string();
            }
        }
    }
    out
}

/// Writes the ophyd-async Python module (`pvi ophyd DEVICE OUTPUT.py` with
/// `--yaml-path` at the include files, where DeviceRef targets are found too).
pub fn ophyd(input: &Input, output: &str, groups_as_devices: bool) -> Outcome {
    let world = world_of(input);
    let mut loader = Loader::new(&world);
    let result = load_module_devices(&mut loader, &input.name, &[INCLUDE_DIR.to_string()])
        .and_then(|devices| python_module(&devices, groups_as_devices));
    match result {
        Ok(module) => Outcome {
            ok: true,
            files: vec![OutFile {
                name: output.to_string(),
                text: module.text,
            }],
            diagnostics: locate(&module.warnings, &loader.sources),
        },
        Err(diags) => Outcome {
            ok: false,
            files: Vec::new(),
            diagnostics: locate(&diags, &loader.sources),
        },
    }
}

/// Loads the device and resolves its includes against the supplied files:
/// always when `always_resolve` (as `pvi format`, which also merges the top
/// level), else only when it has includes (as `generate-template --yaml-path`).
pub fn load(input: &Input, always_resolve: bool) -> Loaded {
    let world = world_of(input);
    let dirs = [INCLUDE_DIR.to_string()];
    let mut p = Project::new(&world);
    p.loader.cache = Some(CACHE.with(|c| std::mem::take(&mut *c.borrow_mut())));
    let result = if always_resolve {
        p.device(&input.name, &dirs)
    } else {
        p.loader
            .load_device(&input.name)
            .and_then(|dev| {
                let has_includes = dev.parent.is_some()
                    || dev.children.iter().any(|e| matches!(e, Entry::Include(_)));
                if has_includes {
                    resolve(&mut p.loader, dev, &dirs)
                } else {
                    Ok(dev)
                }
            })
            .map_err(|d| p.fail(d))
    };
    let cache = p.loader.cache.take();
    let (device, sources) = match result {
        Ok(d) => (Ok(d), std::mem::take(&mut p.loader.sources)),
        Err(f) => (Err(f.diags), f.sources),
    };
    if let Some(mut cache) = cache {
        let paths: Vec<&str> = (0..sources.len())
            .map(|i| sources.get(pvi_core::FileId(i as u32)).path.as_str())
            .collect();
        cache.retain(&paths);
        CACHE.with(|c| *c.borrow_mut() = cache);
    }
    Loaded { device, sources }
}

/// Validates the device and its includes; an empty list means valid.
pub fn validate(input: &Input) -> Vec<Located> {
    load(input, true).diagnostics(&[])
}

/// The base name of a device file: `x.pvi.device.yaml` → `x`.
pub fn base_name(name: &str) -> &str {
    let file = name.rsplit('/').next().unwrap_or(name);
    file.strip_suffix(DEVICE_SUFFIX).unwrap_or(file)
}

/// Writes the PVI database template (as `pvi generate-template` with
/// `--yaml-path` pointing at the include files). `output` names the file.
pub fn template(input: &Input, pv_prefix: &str, output: &str) -> Outcome {
    let loaded = load(input, false);
    let result = match &loaded.device {
        Ok(dev) => generate_template(dev, pv_prefix).map_err(|d| vec![d]),
        Err(_) => Err(Vec::new()),
    };
    match result {
        Ok(text) => Outcome {
            ok: true,
            files: vec![OutFile {
                name: output.to_string(),
                text,
            }],
            diagnostics: loaded.diagnostics(&[]),
        },
        Err(extra) => Outcome {
            ok: false,
            files: Vec::new(),
            diagnostics: loaded.diagnostics(&extra),
        },
    }
}

/// An outcome holding one error without a location.
pub fn failure(kind: DiagKind, message: impl Into<String>) -> Outcome {
    let d = Diagnostic::error(kind, message);
    Outcome {
        ok: false,
        files: Vec::new(),
        diagnostics: locate_all(&[d], &Sources::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(text: &str, includes: &[(&str, &str)]) -> Input {
        Input {
            name: "dev.pvi.device.yaml".into(),
            text: text.into(),
            includes: includes
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    const GOOD: &str =
        "label: D\nchildren:\n  - type: SignalR\n    name: Temp\n    read_pv: $(P)T\n";

    #[test]
    fn valid_device_has_no_diagnostics() {
        assert!(validate(&input(GOOD, &[])).is_empty());
    }

    #[test]
    fn diagnostics_are_located() {
        let d = validate(&input(
            "label: D\nchildren:\n  - type: SignalR\n    name: bad\n    read_pv: X\n",
            &[],
        ));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].file.as_deref(), Some("dev.pvi.device.yaml"));
        assert_eq!(d[0].start.map(|p| p.line), Some(4));
    }

    #[test]
    fn include_names_with_or_without_suffix() {
        let main = "label: D\nchildren:\n  - type: Include\n    file_name: Part\n";
        let part =
            "label: P\nchildren:\n  - type: SignalR\n    name: X\n    read_pv: X\n    oops: 1\n";
        for name in ["Part", "Part.pvi.device.yaml", "dir/Part.pvi.device.yaml"] {
            let d = validate(&input(main, &[(name, part)]));
            assert_eq!(d.len(), 1, "{name}");
            assert_eq!(d[0].file.as_deref(), Some("Part.pvi.device.yaml"));
        }
        let missing = validate(&input(main, &[]));
        assert_eq!(missing[0].kind, DiagKind::Include);
    }

    #[test]
    fn second_load_reuses_parsed_files() {
        let main = "label: D\nchildren:\n  - type: Include\n    file_name: Part\n";
        let part = "label: P\nchildren:\n  - type: SignalR\n    name: X\n    read_pv: X\n";
        let first = load(&input(main, &[("Part", part)]), true).device;
        assert_eq!(CACHE.with(|c| c.borrow().len()), 2);
        let second = load(&input(main, &[("Part", part)]), true).device;
        assert_eq!(first, second);
        // an edited include is parsed again
        let edited = part.replace("name: X", "name: Y");
        let third = load(&input(main, &[("Part", &edited)]), true).device;
        assert_ne!(second, third);
    }

    #[test]
    fn ophyd_module_is_written() {
        let out = ophyd(&input(GOOD, &[]), "dev.py", false);
        assert!(out.ok, "{:?}", out.diagnostics);
        assert_eq!(out.files[0].name, "dev.py");
        assert!(out.files[0].text.contains("class "));
    }

    #[test]
    fn template_has_one_file() {
        let out = template(&input(GOOD, &[]), "$(P)", "dev.template");
        assert!(out.ok);
        assert_eq!(out.files[0].name, "dev.template");
        assert!(out.files[0].text.contains("$(P)T"));
    }

    #[test]
    fn base_name_strips_suffix() {
        assert_eq!(base_name("a/b/x.pvi.device.yaml"), "x");
        assert_eq!(base_name("y"), "y");
    }
}
