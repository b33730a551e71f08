//! `pvi image ls PATH`: the device and support files found in an image.

use crate::report::{CmdResult, Failure};
use clap::{Args, Subcommand};
use pvi_core::ioc::support::parse_support;
use pvi_core::parse::{parse_device, parse_yaml};
use pvi_core::world::{join, World};
use pvi_core::Sources;
use pvi_image::Image;
use std::path::Path;

/// Container images of Generic IOCs: list their device and support files.
#[derive(Debug, Args)]
pub struct ImageArgs {
    /// What to do with the image.
    #[command(subcommand)]
    pub command: ImageCommand,
}

/// The `pvi image` subcommands (help texts: the doc comments of their Args).
#[derive(Debug, Subcommand)]
pub enum ImageCommand {
    Ls(LsArgs),
}

/// List the device files (pvi-defs) and support files (ibek-defs) of an
/// image: OCI layout folder, OCI archive or docker save tarball.
#[derive(Debug, Args)]
pub struct LsArgs {
    /// The image.
    pub path: String,
    /// Image name or tag inside the archive, when it holds several.
    #[arg(long = "ref", value_name = "REF")]
    pub reference: Option<String>,
    /// Folder of the device files inside the image.
    #[arg(long, value_name = "DIR", default_value = "/epics/pvi-defs")]
    pub pvi_defs: String,
    /// Folder of the support files inside the image.
    #[arg(long, value_name = "DIR", default_value = "/epics/ibek-defs")]
    pub ibek_defs: String,
}

/// Runs `pvi image ...`.
pub fn run(args: &ImageArgs) -> CmdResult {
    match &args.command {
        ImageCommand::Ls(a) => ls(a),
    }
}

/// Runs `pvi image ls`: prints what it found on stdout.
fn ls(args: &LsArgs) -> CmdResult {
    let path = args.path.as_str();
    let (pvi_defs, ibek_defs) = (args.pvi_defs.as_str(), args.ibek_defs.as_str());
    let img = Image::open(Path::new(path), args.reference.as_deref())
        .map_err(|e| Failure::msg(format!("{path}: {e}")))?;
    let t = &img.tree;
    let mut out = format!("{path}: {} layers, {} entries\n", img.layers.len(), t.len());
    let mut sources = Sources::new();
    let devices: Vec<String> = t
        .list_dir(pvi_defs)
        .into_iter()
        .filter(|n| n.ends_with(".pvi.device.yaml"))
        .collect();
    out += &format!("\n{pvi_defs}: {} device files\n", devices.len());
    for name in &devices {
        let p = join(pvi_defs, name);
        let what = match t.read_text(&p) {
            Ok(text) => {
                let id = sources.add(p.clone(), text.clone());
                match parse_device(&text, id) {
                    Ok(d) => format!("label: {}", d.label),
                    Err(d) => format!("invalid: {}", d[0].message),
                }
            }
            Err(e) => format!("unreadable: {e}"),
        };
        out += &format!("  {name:<40} {what}\n");
    }
    let mut supports = Vec::new();
    pvi_core::ioc::find_files(t, ibek_defs, "ibek.support.yaml", &mut supports, 0);
    out += &format!("\n{ibek_defs}: {} support files\n", supports.len());
    for p in &supports {
        let name = p
            .strip_prefix(ibek_defs)
            .unwrap_or(p)
            .trim_start_matches('/');
        let what = match t.read_text(p) {
            Ok(text) => {
                let id = sources.add(p.clone(), text.clone());
                match parse_yaml(&text, id).and_then(|n| parse_support(&n)) {
                    Ok(models) => {
                        let module = models
                            .first()
                            .and_then(|m| m.type_name.split_once('.'))
                            .map_or("?", |(m, _)| m)
                            .to_string();
                        let pvi = models.iter().filter(|m| m.pvi.is_some()).count();
                        format!(
                            "module {module}: {} entity models, {pvi} with pvi",
                            models.len()
                        )
                    }
                    Err(d) => format!("invalid: {}", d[0].message),
                }
            }
            Err(e) => format!("unreadable: {e}"),
        };
        out += &format!("  {name:<40} {what}\n");
    }
    crate::report::stdout(&out);
    Ok(())
}
