//! `pvi format`: pick the writer by formatter kind and output extension
//! (DLS: .bob/.edl, APS: .adl), lay the device out once, and write every screen file.
//!
//! Adding a format = one arm in [`write_screens`] and a template field in
//! [`ScreenTemplates`].

use super::adl::{write_adl, AdlTemplate};
use super::bob::{write_bob, BobTemplate};
use super::edl::{write_edl, EdlTemplate};
use super::legacy_screens::LegacyOptions;
use crate::diag::{DiagKind, Diagnostic, Diags};
use crate::formatter::{Formatter, FormatterKind};
use crate::layout::{layout_device, FormatRules, ScreenFormat, ScreenSet};
use crate::model::Device;

/// One screen file: name relative to the main file's folder, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreenFile {
    /// `{base_name}.{ext}`.
    pub file_name: String,
    /// File content.
    pub text: String,
}

/// Templates of every screen format: the user's, or (`None`) the embedded
/// default, which is parsed the first time a screen of its format is written.
#[derive(Debug, Clone, Default)]
pub struct ScreenTemplates {
    /// The `.bob` template.
    pub bob: Option<BobTemplate>,
    /// The `.edl` template.
    pub edl: Option<EdlTemplate>,
    /// The `.adl` template.
    pub adl: Option<AdlTemplate>,
    /// Options of the `.edl` and `.adl` writers.
    pub legacy: LegacyOptions,
}

/// Splits an output file name into base name and last extension
/// (`dev.pvi.bob` → (`dev.pvi`, `bob`)).
pub fn split_output_name(file_name: &str) -> (&str, &str) {
    match file_name.rfind('.') {
        Some(i) => (&file_name[..i], &file_name[i + 1..]),
        None => (file_name, ""),
    }
}

/// The screen format a formatter writes for an output extension (DLS: bob, edl; APS: adl).
pub fn screen_format(kind: FormatterKind, ext: &str) -> Result<ScreenFormat, Diagnostic> {
    match (kind, ScreenFormat::from_extension(ext)) {
        (FormatterKind::Dls, Some(f @ (ScreenFormat::Bob | ScreenFormat::Edl))) => Ok(f),
        (FormatterKind::Dls, _) => Err(Diagnostic::error(
            DiagKind::Other,
            "Can only write .edl or .bob files",
        )),
        (FormatterKind::Aps, Some(ScreenFormat::Adl)) => Ok(ScreenFormat::Adl),
        (FormatterKind::Aps, _) => Err(Diagnostic::error(
            DiagKind::Other,
            "Can only write adl files",
        )),
    }
}

/// Lays out a resolved device for the output file name (no folder).
pub fn layout_for_output(
    device: &Device,
    formatter: &Formatter,
    output_file_name: &str,
) -> Result<ScreenSet, Diags> {
    let (base, ext) = split_output_name(output_file_name);
    let format = screen_format(formatter.kind, ext).map_err(|d| vec![d])?;
    layout_device(device, &formatter.settings, &FormatRules::of(format), base)
}

/// Writes the files of a laid-out screen set.
pub fn write_screens(
    set: &ScreenSet,
    templates: &ScreenTemplates,
) -> Result<Vec<ScreenFile>, Diags> {
    match set.format {
        ScreenFormat::Bob => match &templates.bob {
            Some(t) => write_bob(t, set),
            None => write_bob(&BobTemplate::dls(), set),
        }
        .map_err(|d| vec![d]),
        ScreenFormat::Edl => {
            let t = templates.edl.as_ref().unwrap_or(EdlTemplate::embedded());
            write_edl(t, set, templates.legacy).map_err(|d| vec![d])
        }
        ScreenFormat::Adl => {
            let t = templates.adl.as_ref().unwrap_or(AdlTemplate::embedded());
            write_adl(t, set, templates.legacy).map_err(|d| vec![d])
        }
    }
}

/// Lays out and writes: every file of `pvi format`, main screen first.
pub fn format_device(
    device: &Device,
    formatter: &Formatter,
    output_file_name: &str,
    templates: &ScreenTemplates,
) -> Result<Vec<ScreenFile>, Diags> {
    let set = layout_for_output(device, formatter, output_file_name)?;
    write_screens(&set, templates)
}
