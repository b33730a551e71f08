//! `pvi ioc generate [INSTANCE SUPPORT...] [--epics-root DIR] [--format F]... [--image PATH]`:
//! the PVI part of `ibek runtime generate` / `generate2` (docs/behaviour/ioc.md).

#![allow(clippy::disallowed_methods)]

use crate::fs_world::FsWorld;
use crate::output::{write_all, OutFile};
use crate::report::{CmdResult, Failure};
use clap::{Args, Subcommand, ValueEnum};
use indexmap::IndexMap;
use pvi_core::emit::ScreenTemplates;
use pvi_core::ioc::{generate, opi, Inputs, OutDir, Request};
use pvi_core::layout::ScreenFormat;
use pvi_core::resolve::Loader;
use pvi_core::world::{join, World};
use pvi_image::Mounted;
use std::path::Path;

/// IOC instances: every screen, template and substitution line of an IOC.
#[derive(Debug, Args)]
pub struct IocArgs {
    /// What to do with the IOC.
    #[command(subcommand)]
    pub command: IocCommand,
}

/// The `pvi ioc` subcommands (help texts: the doc comments of their Args).
#[derive(Debug, Subcommand)]
// each variant's help is the doc comment of its Args type
#[allow(missing_docs)]
pub enum IocCommand {
    Generate(GenerateArgs),
}

/// Screen formats of `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Phoebus `.bob` (default).
    Bob,
    /// EDM `.edl`.
    Edl,
    /// MEDM `.adl`.
    Adl,
}

impl From<FormatArg> for ScreenFormat {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Bob => ScreenFormat::Bob,
            FormatArg::Edl => ScreenFormat::Edl,
            FormatArg::Adl => ScreenFormat::Adl,
        }
    }
}

/// Write an IOC's screens, index.bob, PVI templates and their substitution
/// lines from its instance file (like `ibek runtime generate`).
#[derive(Debug, Clone, Args)]
pub struct GenerateArgs {
    /// The instance file then its support files (`ibek runtime generate`), or
    /// one config folder, or nothing (`generate2`: `EPICS_ROOT/ioc/config`).
    files: Vec<String>,
    /// Root of the folders (pvi-defs, ioc/config or config, opi, runtime,
    /// ibek-defs); default `$EPICS_ROOT`, then `/epics`.
    #[arg(long, value_name = "DIR")]
    epics_root: Option<String>,
    /// An epics-containers services folder: every subfolder holding an IOC
    /// instance (`config/ioc.yaml` or `ioc/config/ioc.yaml`) is an EPICS root,
    /// generated as `generate2` does; the others are skipped with a note.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["epics_root", "files", "instances"])]
    services: Option<String>,
    /// Screen formats to write (repeatable; default bob).
    #[arg(long = "format", value_enum, value_name = "FORMAT")]
    formats: Vec<FormatArg>,
    /// Extra instance files, read before the config folder's (generate2).
    #[arg(short = 'i', long = "instance", value_name = "FILE")]
    instances: Vec<String>,
    /// Support files (generate2; default: every one below ibek-defs and the config folder).
    #[arg(long = "definitions", value_name = "FILE")]
    definitions: Vec<String>,
    /// Read pvi-defs and ibek-defs from this image (OCI layout folder, OCI
    /// archive or docker save tarball) instead of the disk.
    #[arg(long, value_name = "PATH")]
    image: Option<String>,
    /// Image name or tag inside the archive, when it holds several.
    #[arg(long, value_name = "REF")]
    image_ref: Option<String>,
    /// Folder of the device files inside the image.
    #[arg(long, value_name = "DIR", default_value = "/epics/pvi-defs")]
    image_pvi_defs: String,
    /// Folder of the support files inside the image.
    #[arg(long, value_name = "DIR", default_value = "/epics/ibek-defs")]
    image_ibek_defs: String,
    /// Bounds on reading the image.
    #[command(flatten)]
    image_limits: crate::cmd::image::LimitArgs,
}

/// Runs `pvi ioc ...`.
pub fn run(args: &IocArgs) -> CmdResult {
    match &args.command {
        IocCommand::Generate(g) => generate_cmd(g.clone()),
    }
}

fn epics_root(arg: Option<String>) -> String {
    arg.or_else(|| std::env::var("EPICS_ROOT").ok().filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "/epics".into())
        .trim_end_matches('/')
        .to_string()
}

fn environment() -> IndexMap<String, String> {
    let mut env: Vec<(String, String)> = std::env::vars().collect();
    env.sort();
    env.into_iter().collect()
}

/// The world of one EPICS root: the disk, with `--image`'s folders mounted
/// at `ROOT/pvi-defs` and `ROOT/ibek-defs` when an image is open.
fn world_at<'a>(
    g: &GenerateArgs,
    disk: &'a FsWorld,
    image: Option<&'a pvi_image::Tree>,
    root: &str,
) -> Box<dyn World + 'a> {
    match image {
        None => Box::new(FsWorld),
        Some(tree) => Box::new(
            Mounted::new(disk, tree)
                .mount(&join(root, "pvi-defs"), &g.image_pvi_defs)
                .mount(&join(root, "ibek-defs"), &g.image_ibek_defs),
        ),
    }
}
fn generate_cmd(g: GenerateArgs) -> CmdResult {
    let mut formats: Vec<ScreenFormat> = g.formats.iter().map(|&f| f.into()).collect();
    if formats.is_empty() {
        formats.push(ScreenFormat::Bob);
    }
    formats.dedup();
    let image = match &g.image {
        Some(path) => Some(g.image_limits.open(path, g.image_ref.as_deref())?),
        None => None,
    };
    let tree = image.as_ref().map(|i| &i.tree);
    let disk = FsWorld;
    let config_folder = || Inputs::ConfigFolder {
        folder: None,
        instances: g.instances.clone(),
        definitions: g.definitions.clone(),
    };
    let mut out = Vec::new();
    let mut folders = Vec::new();
    if let Some(services) = &g.services {
        let services = services.trim_end_matches('/');
        if !Path::new(services).is_dir() {
            return Err(Failure::msg(format!("'{services}' is not a folder")));
        }
        let mut generated = 0;
        for name in disk.list_dir(services) {
            let root = join(services, &name);
            if !Path::new(&root).is_dir() {
                continue;
            }
            let req = request(&root, config_folder());
            let world = world_at(&g, &disk, tree, &root);
            if !req.has_instance(world.as_ref()) {
                eprintln!(
                    "note: skipping '{root}': no IOC instance (config/ioc.yaml or ioc/config/ioc.yaml)"
                );
                continue;
            }
            out.extend(root_files(world.as_ref(), &req, &formats)?);
            folders.extend([join(&root, "opi"), join(&root, "runtime")]);
            generated += 1;
        }
        if generated == 0 {
            return Err(Failure::msg(format!(
                "no IOC instance in any folder of '{services}' (looked for <ioc>/config/ioc.yaml and <ioc>/ioc/config/ioc.yaml)"
            )));
        }
    } else {
        let root = epics_root(g.epics_root.clone());
        let inputs = match g.files.as_slice() {
            [] => config_folder(),
            [one] if Path::new(one).is_dir() => Inputs::ConfigFolder {
                folder: Some(one.trim_end_matches('/').to_string()),
                instances: g.instances.clone(),
                definitions: g.definitions.clone(),
            },
            [instance, supports @ ..] => Inputs::Files {
                instance: instance.clone(),
                supports: supports.to_vec(),
            },
        };
        let world = world_at(&g, &disk, tree, &root);
        out = root_files(world.as_ref(), &request(&root, inputs), &formats)?;
        folders.extend([join(&root, "opi"), join(&root, "runtime")]);
    }
    for d in &folders {
        std::fs::create_dir_all(d)
            .map_err(|e| Failure::msg(format!("cannot create '{d}': {e}")))?;
    }
    write_all(&out).map_err(Failure::msg)
}

/// The request of one EPICS root.
fn request(root: &str, inputs: Inputs) -> Request {
    Request {
        epics_root: root.to_string(),
        inputs,
        env: environment(),
    }
}

/// Every file of one EPICS root (screens, `index.bob`, templates, subst),
/// computed, not yet written.
fn root_files(
    world: &dyn World,
    req: &Request,
    formats: &[ScreenFormat],
) -> Result<Vec<OutFile>, Failure> {
    let mut loader = Loader::new(world);
    let plan = generate(&mut loader, req).map_err(|d| loader.fail(d))?;
    let templates = ScreenTemplates::default();
    let mut all = opi::device_screens(&plan, formats, &templates).map_err(|d| loader.fail(d))?;
    all.extend(plan.files());
    let opi = join(&req.epics_root, "opi");
    let runtime = join(&req.epics_root, "runtime");
    Ok(all
        .into_iter()
        .map(|f| {
            let dir = match f.dir {
                OutDir::Opi => &opi,
                OutDir::Runtime => &runtime,
            };
            OutFile::new(join(dir, &f.name), f.text)
        })
        .collect())
}
