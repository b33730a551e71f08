//! IOC instances: the PVI part of `ibek runtime generate` (docs/behaviour/ioc.md).
//!
//! An instance file (`ioc.yaml`) and the support files of its modules
//! (`*.ibek.support.yaml`) arrive through the [`World`]; [`generate`]
//! returns the plan of every output: device screens to lay out, `index.bob`,
//! `<Device>.pvi.template` files and the substitution blocks for them.

pub mod entity;
pub mod expand;
pub mod index;
pub mod instance;
pub mod jinja;
pub mod opi;
pub mod pvi;
pub mod pyvalue;
pub mod subst;
pub mod support;
pub mod yamlval;

use crate::diag::{DiagKind, Diagnostic, Diags};
use crate::emit::ScreenTemplates;
use crate::parse::parse_yaml;
use crate::resolve::Loader;
use crate::world::{join, World};
use indexmap::IndexMap;
pub use pvi::{Folders, PviResult, ScreenJob};

/// Where the instance and support files come from.
#[derive(Debug, Clone)]
pub enum Inputs {
    /// `ibek runtime generate INSTANCE SUPPORT...`.
    Files {
        /// The instance file.
        instance: String,
        /// Support files.
        supports: Vec<String>,
    },
    /// `ibek runtime generate2 [FOLDER] [-i FILE]... [--definitions FILE]...`.
    ConfigFolder {
        /// Folder holding `ioc.yaml` / `runtime.yaml` (default: CONFIG).
        folder: Option<String>,
        /// Extra instance files, read first.
        instances: Vec<String>,
        /// Support files; when empty, found below IBEK_DEFS and the folder.
        definitions: Vec<String>,
    },
}

/// One run's request.
#[derive(Debug, Clone)]
pub struct Request {
    /// `EPICS_ROOT` (`pvi-defs`, `ioc/config`, `ibek-defs`, `opi`, `runtime` are below it).
    pub epics_root: String,
    /// Instance and support files.
    pub inputs: Inputs,
    /// The process environment (Jinja `env`, `_global.get_env`).
    pub env: IndexMap<String, String>,
}

impl Request {
    /// `EPICS_ROOT/pvi-defs` and the config folder: `EPICS_ROOT/ioc/config`,
    /// or, when that is no folder, `EPICS_ROOT/config` if it is one (an
    /// epics-containers services repository: `services/<ioc>/config/ioc.yaml`,
    /// the folder a container sees as `/epics/ioc/config`).
    pub fn folders(&self, world: &dyn World) -> Folders {
        let config = join(&self.epics_root, "ioc/config");
        let services = join(&self.epics_root, "config");
        let config = if !world.is_dir(&config) && world.is_dir(&services) {
            services
        } else {
            config
        };
        Folders {
            pvi_defs: join(&self.epics_root, "pvi-defs"),
            config,
        }
    }

    /// Whether `EPICS_ROOT` holds an IOC instance for `generate2`:
    /// `ioc.yaml` or `runtime.yaml` in its config folder ([`Self::folders`]).
    pub fn has_instance(&self, world: &dyn World) -> bool {
        let config = self.folders(world).config;
        ["ioc.yaml", "runtime.yaml"]
            .iter()
            .any(|n| exists(world, &join(&config, n)))
    }

    /// `EPICS_ROOT/ibek-defs`.
    pub fn ibek_defs(&self) -> String {
        join(&self.epics_root, "ibek-defs")
    }
}

/// The folder an output file goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutDir {
    /// `EPICS_ROOT/opi`: screens and `index.bob`.
    Opi,
    /// `EPICS_ROOT/runtime`: templates and `pvi.subst`.
    Runtime,
}

/// An output file other than a device screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedFile {
    /// Folder.
    pub dir: OutDir,
    /// File name.
    pub name: String,
    /// Content.
    pub text: String,
}

/// The result of a run: what to write.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Index title (the first instance's rendered `ioc_name`).
    pub title: String,
    /// Instance files read, in order.
    pub instance_files: Vec<String>,
    /// Support files read, in order.
    pub support_files: Vec<String>,
    /// Screens, templates, index entries and subst blocks.
    pub pvi: PviResult,
    /// `index.bob`.
    pub index_bob: String,
}

impl Plan {
    /// `index.bob`, every template and `pvi.subst` (screens are laid out
    /// by the caller from [`PviResult::screens`]).
    pub fn files(&self) -> Vec<PlannedFile> {
        let mut out = vec![PlannedFile {
            dir: OutDir::Opi,
            name: "index.bob".into(),
            text: self.index_bob.clone(),
        }];
        for (name, text) in &self.pvi.templates {
            out.push(PlannedFile {
                dir: OutDir::Runtime,
                name: name.clone(),
                text: text.clone(),
            });
        }
        out.push(PlannedFile {
            dir: OutDir::Runtime,
            name: "pvi.subst".into(),
            text: subst::subst_text(&self.pvi.subst),
        });
        out
    }
}

/// Runs the PVI part of `ibek runtime generate` for `req`.
pub fn generate(loader: &mut Loader, req: &Request) -> Result<Plan, Diags> {
    let (instance_files, support_files) = discover(loader.world(), req)?;
    let mut models = expand::Models::default();
    for path in &support_files {
        let id = loader.read(path)?;
        let node = parse_yaml(&loader.sources.get(id).text.clone(), id)?;
        models.extend(support::parse_support(&node)?);
    }
    let mut instances = Vec::new();
    for path in &instance_files {
        let id = loader.read(path)?;
        let node = parse_yaml(&loader.sources.get(id).text.clone(), id)?;
        instances.push((instance::parse_instance(&node)?, node.span));
    }
    let first = instance_files
        .first()
        .map(String::as_str)
        .unwrap_or("ioc.yaml");
    let base = first.rsplit('/').next().unwrap_or(first);
    let stem = base.rsplit_once('.').map_or(base, |(s, _)| s);
    let r = jinja::Renderer::new(req.env.clone(), stem);
    r.set_work_limit(loader.expand.max_jinja_work);
    let mut title = None;
    for (inst, span) in &instances {
        let name = r.render(&inst.ioc_name, &IndexMap::new()).map_err(|m| {
            vec![Diagnostic::error(DiagKind::Validation, format!("ioc_name: {m}")).at(*span)]
        })?;
        r.set_ioc_name(&name);
        title.get_or_insert(name);
    }
    let instances: Vec<instance::Instance> = instances.into_iter().map(|(i, _)| i).collect();
    let entities = expand::entities(&instances, &models, &r, &loader.expand, &loader.sources)
        .map_err(|d| vec![d])?;
    let folders = req.folders(loader.world());
    let pvi = pvi::process(&entities, &models, &r, loader, &folders)?;
    let title = title.unwrap_or_default();
    for e in &pvi.index {
        index::check_label(&e.label).map_err(|d| vec![d])?;
    }
    let mut plan = Plan {
        title,
        instance_files,
        support_files,
        pvi,
        index_bob: String::new(),
    };
    plan.index_bob = opi::index_screen(&plan, &ScreenTemplates::default())?;
    Ok(plan)
}

fn exists(world: &dyn World, path: &str) -> bool {
    world.read_bytes(path).is_ok()
}

fn discover(world: &dyn World, req: &Request) -> Result<(Vec<String>, Vec<String>), Diags> {
    match &req.inputs {
        Inputs::Files { instance, supports } => Ok((vec![instance.clone()], supports.clone())),
        Inputs::ConfigFolder {
            folder,
            instances,
            definitions,
        } => {
            let folder = folder.clone().unwrap_or_else(|| req.folders(world).config);
            let mut inst = instances.clone();
            for name in ["ioc.yaml", "runtime.yaml"] {
                let p = join(&folder, name);
                if exists(world, &p) {
                    inst.push(p);
                }
            }
            if inst.is_empty() {
                return Err(vec![Diagnostic::error(
                    DiagKind::Io,
                    format!("no instance file: neither '{folder}/ioc.yaml' nor '{folder}/runtime.yaml' exists"),
                )
                .with_note("help: pass the instance file and support files, or -i FILE")]);
            }
            let mut defs = definitions.clone();
            if defs.is_empty() {
                find_files(world, &req.ibek_defs(), "ibek.support.yaml", &mut defs, 0);
                find_files(world, &folder, ".ibek.support.yaml", &mut defs, 0);
            }
            Ok((inst, defs))
        }
    }
}

/// Every file below `dir` (recursively, sorted) whose name ends with `suffix`.
pub fn find_files(world: &dyn World, dir: &str, suffix: &str, out: &mut Vec<String>, depth: usize) {
    if depth > 16 || !world.is_dir(dir) {
        return;
    }
    for name in world.list_dir(dir) {
        let p = join(dir, &name);
        if world.is_dir(&p) {
            find_files(world, &p, suffix, out, depth + 1);
        } else if name.ends_with(suffix) {
            out.push(p);
        }
    }
}
