//! `pvi format OUTPUT DEVICE [FORMATTER] [--yaml-path DIR]... [--template-dir DIR]`

use crate::fs_world::FsWorld;
use crate::output::{write_all, OutFile};
use crate::report::{CmdResult, Failure};
use indexmap::IndexMap;
use pvi_core::emit::{PviQuirks, ScreenTemplates, WriteOptions};
use pvi_core::project::load_templates;
use pvi_core::{FormatJob, Project, World};
use std::path::{Path, PathBuf};

/// The file name part of a path.
pub fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string())
}

/// Templates: embedded, or the user's files from `dir` (`dls.bob`, ...),
/// and the writer options.
pub fn templates(dir: Option<&str>, pvi_compat: bool) -> Result<ScreenTemplates, Failure> {
    let user = match dir {
        Some(dir) => {
            load_templates(&FsWorld, dir).map_err(|d| Failure::new(vec![d], Default::default()))?
        }
        None => Vec::new(),
    };
    let quirks = if pvi_compat {
        PviQuirks::Reproduce
    } else {
        PviQuirks::Fix
    };
    Ok(ScreenTemplates {
        user,
        options: WriteOptions { quirks },
    })
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
    /// Reproduce pvi 0.14.4's screen bugs byte for byte: the .edl/.adl fixes of
    /// docs/screens-edm-medm.md and the .bob empty action value (docs/screens.md).
    #[arg(long)]
    pub pvi_compat: bool,
    /// Fail on warnings (two components of one name), writing nothing.
    #[arg(long)]
    pub strict: bool,
    /// Look the device and include folders up in this image first (OCI
    /// layout, OCI archive or docker save tarball).
    #[arg(long, value_name = "PATH")]
    pub image: Option<String>,
    /// Image name or tag inside the archive, when it holds several.
    #[arg(long, value_name = "REF", requires = "image")]
    pub image_ref: Option<String>,
    /// Bounds on reading the image.
    #[command(flatten)]
    pub image_limits: crate::cmd::image::LimitArgs,
}

/// Runs the command: lays out, writes every screen file or none.
pub fn run(a: &FormatArgs) -> CmdResult {
    let disk = FsWorld;
    match &a.image {
        None => format_with(&disk, a),
        Some(image) => {
            let img = a.image_limits.open(image, a.image_ref.as_deref())?;
            format_with(&pvi_image::ImageFirst::new(&disk, &img.tree), a)
        }
    }
}

fn format_with(world: &dyn World, a: &FormatArgs) -> CmdResult {
    let output = a.output_path.as_str();
    let job = FormatJob {
        device: a.device_path.clone(),
        output_name: file_name(output),
        formatter: a.formatter_path.clone(),
        yaml_paths: a.yaml_paths.clone(),
        templates: templates(a.template_dir.as_deref(), a.pvi_compat)?,
    };
    let mut project = Project::new(world);
    let files = project.format(&job)?;
    let warnings = std::mem::take(&mut project.warnings);
    crate::report::warnings(warnings, project.sources(), a.strict)?;
    write_all(&screen_outputs(output, files)).map_err(Failure::msg)
}

/// Where the files of one `pvi format` go: the main screen (first) at
/// `output`, sub-screens beside it.
pub fn screen_outputs(output: &str, files: Vec<pvi_core::emit::ScreenFile>) -> Vec<OutFile> {
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
    out.into_values().collect()
}
