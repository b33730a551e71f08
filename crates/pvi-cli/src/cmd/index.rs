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

/// Runs the command with pvi's default DLSFormatter (as ibek does).
pub fn run(
    output: &str,
    entries: &str,
    title: Option<&str>,
    template_dir: Option<&str>,
) -> CmdResult {
    let world = FsWorld;
    let mut loader = Loader::new(&world);
    let id = loader.read(entries).map_err(|d| loader.fail(d))?;
    let text = loader.sources.get(id).text.clone();
    let file = parse_index_entries(&text, id).map_err(|d| loader.fail(d))?;
    let dev = index_device(title.unwrap_or(&file.title), &file.entries);
    let fmt = Formatter::default_for(FormatterKind::Dls);
    let templates = templates(template_dir, false)?;
    let set = layout_for_output(&dev, &fmt, &file_name(output)).map_err(|d| loader.fail(d))?;
    let files = write_screens(&set, &templates).map_err(|d| loader.fail(d))?;
    let text = files.into_iter().next().map(|f| f.text).unwrap_or_default();
    write_all(&[OutFile::new(output, text)]).map_err(Failure::msg)
}
