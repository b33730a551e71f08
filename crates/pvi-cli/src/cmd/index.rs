//! `pvi index OUTPUT ENTRIES_YAML [--title TEXT] [--template-dir DIR]`: the
//! index screen of pvi's `format_index` (one button per device screen).

use super::format::{file_name, templates};
use crate::fs_world::FsWorld;
use crate::output::{write_all, OutFile};
use crate::report::{CmdResult, Failure};
use pvi_core::formatter::{Formatter, FormatterKind};
use pvi_core::layout::index_device;
use pvi_core::parse::parse_index_entries;
use pvi_core::project::{layout_for_output, write_screens};
use pvi_core::resolve::Loader;

/// Write an index screen: one button per entry of ENTRIES_YAML
/// (`title:` and `entries: [{label, ui, macros}]`).
#[derive(Debug, clap::Args)]
pub struct IndexArgs {
    /// Screen file to write (.bob).
    pub output_path: String,
    /// YAML file with `title` and `entries`.
    pub entries_path: String,
    /// Screen title (default: the file's `title`, else `Index`).
    #[arg(long)]
    pub title: Option<String>,
    /// Folder with your own templates (dls.bob) replacing the embedded ones.
    #[arg(long = "template-dir", value_name = "DIR")]
    pub template_dir: Option<String>,
}

/// Runs the command with pvi's default DLSFormatter (as ibek does).
pub fn run(args: &IndexArgs) -> CmdResult {
    let output = args.output_path.as_str();
    let world = FsWorld;
    let mut loader = Loader::new(&world);
    let id = loader
        .read(&args.entries_path)
        .map_err(|d| loader.fail(d))?;
    let text = loader.sources.get(id).text.clone();
    let file = parse_index_entries(&text, id).map_err(|d| loader.fail(d))?;
    let dev = index_device(args.title.as_deref().unwrap_or(&file.title), &file.entries);
    let fmt = Formatter::default_for(FormatterKind::Dls);
    let templates = templates(args.template_dir.as_deref(), false)?;
    let set = layout_for_output(&dev, &fmt, &file_name(output)).map_err(|d| loader.fail(d))?;
    let files = write_screens(&set, &templates).map_err(|d| loader.fail(d))?;
    let text = files.into_iter().next().map(|f| f.text).unwrap_or_default();
    write_all(&[OutFile::new(output, text)]).map_err(Failure::msg)
}
