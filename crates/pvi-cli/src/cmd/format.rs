//! `pvi format OUTPUT DEVICE [FORMATTER] [--yaml-path DIR]... [--template-dir DIR]`

use crate::fs_world::FsWorld;
use crate::output::{write_all, OutFile};
use crate::report::{CmdResult, Failure};
use indexmap::IndexMap;
use pvi_core::emit::adl::AdlTemplate;
use pvi_core::emit::bob::BobTemplate;
use pvi_core::emit::edl::EdlTemplate;
use pvi_core::emit::screens::{format_device, split_output_name, ScreenTemplates};
use pvi_core::formatter::{embedded_formatter, parse_formatter, Formatter, FORMATTER_SUFFIX};
use pvi_core::model::Device;
use pvi_core::parse::check_suffix;
use pvi_core::resolve::{resolve, Loader};
use pvi_core::World;
use std::path::{Path, PathBuf};

/// Loads a device and resolves its includes against `yaml_paths`.
pub fn load_resolved(
    loader: &mut Loader,
    device: &str,
    yaml_paths: &[String],
) -> Result<Device, Failure> {
    let dev = match loader.load_device(device) {
        Ok(d) => d,
        Err(diags) => return Err(Failure::new(diags, loader.sources.clone()).validating(device)),
    };
    resolve(loader, dev, yaml_paths).map_err(|d| Failure::new(d, loader.sources.clone()))
}

/// Loads the formatter file, or the embedded default for the output extension.
pub fn load_formatter(
    loader: &mut Loader,
    path: Option<&str>,
    output: &str,
) -> Result<Formatter, Failure> {
    let (id, text) = match path {
        Some(p) => {
            check_suffix(p, FORMATTER_SUFFIX)
                .map_err(|d| Failure::new(vec![d], loader.sources.clone()))?;
            let id = loader
                .read(p)
                .map_err(|d| Failure::new(d, loader.sources.clone()))?;
            (id, loader.sources.get(id).text.clone())
        }
        None => {
            let name = file_name(output);
            let (_, ext) = split_output_name(&name);
            let (fname, text) = embedded_formatter(ext).ok_or_else(|| {
                Failure::msg(format!(
                    "no default formatter for '{name}': give a *.pvi.formatter.yaml, or write .bob, .edl or .adl"
                ))
            })?;
            let id = loader.sources.add(format!("<embedded>/{fname}"), text);
            (id, text.to_string())
        }
    };
    parse_formatter(&text, id).map_err(|d| Failure::new(d, loader.sources.clone()))
}

/// The file name part of a path.
pub fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string())
}

/// Templates: embedded, or the user's files from `dir` (`dls.bob`, ...).
pub fn load_templates(world: &FsWorld, dir: Option<&str>) -> Result<ScreenTemplates, Failure> {
    let mut t = ScreenTemplates::default();
    if let Some(dir) = dir {
        let p = format!("{}/dls.bob", dir.trim_end_matches('/'));
        if let Ok(text) = world.read_text(&p) {
            t.bob = Some(
                BobTemplate::parse(&text)
                    .map_err(|d| Failure::msg(format!("{p}: {}", d.message)))?,
            );
        }
        let p = format!("{}/dls.edl", dir.trim_end_matches('/'));
        if let Ok(text) = world.read_text(&p) {
            t.edl = Some(
                EdlTemplate::parse(&text)
                    .map_err(|d| Failure::msg(format!("{p}: {}", d.message)))?,
            );
        }
        let p = format!("{}/aps.adl", dir.trim_end_matches('/'));
        if let Ok(text) = world.read_text(&p) {
            t.adl = Some(
                AdlTemplate::parse(&text)
                    .map_err(|d| Failure::msg(format!("{p}: {}", d.message)))?,
            );
        }
    }
    Ok(t)
}

/// Write the screen(s) of a device: .bob (Phoebus), .edl (EDM) or .adl (MEDM)
/// by the output's extension; sub-screens are written next to it.
#[derive(Debug, clap::Args)]
pub struct FormatArgs {
    /// Main screen file to write (.bob, .edl or .adl).
    pub output_path: String,
    /// The *.pvi.device.yaml file.
    pub device_path: String,
    /// The *.pvi.formatter.yaml file (default: the embedded one for the extension).
    pub formatter_path: Option<String>,
    /// Folders searched for included devices.
    #[arg(long = "yaml-path", value_name = "DIR")]
    pub yaml_paths: Vec<String>,
    /// Folder with your own templates (dls.bob, dls.edl, aps.adl) replacing the embedded ones.
    #[arg(long = "template-dir", value_name = "DIR")]
    pub template_dir: Option<String>,
    /// Reproduce pvi 0.14.4's .edl/.adl bugs byte for byte (docs/screens-edm-medm.md).
    #[arg(long)]
    pub pvi_compat: bool,
    /// Look the device and include folders up in this image first (OCI
    /// layout, OCI archive or docker save tarball).
    #[arg(long, value_name = "PATH")]
    pub image: Option<String>,
    /// Image name or tag inside the archive, when it holds several.
    #[arg(long, value_name = "REF", requires = "image")]
    pub image_ref: Option<String>,
}

/// Runs the command: lays out, writes every screen file or none.
pub fn run(a: &FormatArgs) -> CmdResult {
    let disk = FsWorld;
    match &a.image {
        None => format_with(&disk, a),
        Some(image) => {
            let img = pvi_image::Image::open(Path::new(image), a.image_ref.as_deref())
                .map_err(|e| Failure::msg(format!("{image}: {e}")))?;
            format_with(&pvi_image::ImageFirst::new(&disk, &img.tree), a)
        }
    }
}

fn format_with(world: &dyn World, a: &FormatArgs) -> CmdResult {
    let output = a.output_path.as_str();
    let mut loader = Loader::new(world);
    let dev = load_resolved(&mut loader, &a.device_path, &a.yaml_paths)?;
    let fmt = load_formatter(&mut loader, a.formatter_path.as_deref(), output)?;
    let mut templates = load_templates(&FsWorld, a.template_dir.as_deref())?;
    if a.pvi_compat {
        templates.legacy.quirks = pvi_core::emit::PviQuirks::Reproduce;
    }
    let files = format_device(&dev, &fmt, &file_name(output), &templates)
        .map_err(|d| Failure::new(d, loader.sources.clone()))?;
    let dir = Path::new(output).parent().unwrap_or(Path::new(""));
    // a later file of the same name replaces an earlier one, as in pvi
    // (keyed by path: a linear search per file was a quarter of a
    // 300-file run)
    let mut out: IndexMap<PathBuf, OutFile> = IndexMap::with_capacity(files.len());
    for (i, f) in files.into_iter().enumerate() {
        let path = if i == 0 {
            Path::new(output).to_path_buf()
        } else {
            dir.join(&f.file_name)
        };
        out.shift_remove(&path);
        out.insert(path.clone(), OutFile::new(path, f.text));
    }
    let out: Vec<OutFile> = out.into_values().collect();
    write_all(&out).map_err(Failure::msg)
}
