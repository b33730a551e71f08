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
    /// Root of the folders (pvi-defs, ioc/config, opi, runtime, ibek-defs);
    /// default `$EPICS_ROOT`, then `/epics`.
    #[arg(long, value_name = "DIR")]
    epics_root: Option<String>,
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

/// Opens `--image` (if given) and runs `f` over the world to read from.
fn with_world<T>(
    g: &GenerateArgs,
    root: &str,
    f: impl FnOnce(&dyn World) -> Result<T, Failure>,
) -> Result<T, Failure> {
    let disk = FsWorld;
    let Some(path) = &g.image else {
        return f(&disk);
    };
    let img = g.image_limits.open(path, g.image_ref.as_deref())?;
    let w = Mounted::new(&disk, &img.tree)
        .mount(&join(root, "pvi-defs"), &g.image_pvi_defs)
        .mount(&join(root, "ibek-defs"), &g.image_ibek_defs);
    f(&w)
}

fn generate_cmd(g: GenerateArgs) -> CmdResult {
    let root = epics_root(g.epics_root.clone());
    let inputs = match g.files.as_slice() {
        [] => Inputs::ConfigFolder {
            folder: None,
            instances: g.instances.clone(),
            definitions: g.definitions.clone(),
        },
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
    let mut formats: Vec<ScreenFormat> = g.formats.iter().map(|&f| f.into()).collect();
    if formats.is_empty() {
        formats.push(ScreenFormat::Bob);
    }
    formats.dedup();
    let req = Request {
        epics_root: root.clone(),
        inputs,
        env: environment(),
    };
    let files = with_world(&g, &root, |world| {
        let mut loader = Loader::new(world);
        let plan = generate(&mut loader, &req).map_err(|d| loader.fail(d))?;
        let templates = ScreenTemplates::default();
        let mut all =
            opi::device_screens(&plan, &formats, &templates).map_err(|d| loader.fail(d))?;
        all.extend(plan.files());
        Ok(all)
    })?;
    let opi = join(&root, "opi");
    let runtime = join(&root, "runtime");
    for d in [&opi, &runtime] {
        std::fs::create_dir_all(d)
            .map_err(|e| Failure::msg(format!("cannot create '{d}': {e}")))?;
    }
    let out: Vec<OutFile> = files
        .into_iter()
        .map(|f| {
            let dir = match f.dir {
                OutDir::Opi => &opi,
                OutDir::Runtime => &runtime,
            };
            OutFile::new(join(dir, &f.name), f.text)
        })
        .collect();
    write_all(&out).map_err(Failure::msg)
}
