//! The table of screen formats: everything that differs between `.bob`,
//! `.edl` and `.adl` outside their writers. Every part of pvi-rs that has to
//! choose by format (the pipeline, the CLI, IOC generation, the browser)
//! looks it up here; adding a format is one [`ScreenFormat`] variant, one
//! row of [`FORMATS`] and one writer module in [`crate::emit`].

use crate::diag::{DiagKind, Diagnostic};
use crate::emit::{adl, bob, edl, ScreenFile, UserTemplate, WriteOptions};
use crate::formatter::FormatterKind;
use crate::layout::{ChildCoords, FormatRules, GroupFrame, ScreenFormat, ScreenSet};

/// A file shipped inside the binary: its name and text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmbeddedFile {
    /// File name, as it appears in diagnostics (`<embedded>/NAME`) and in a
    /// user's template folder.
    pub name: &'static str,
    /// The text.
    pub text: &'static str,
}

/// Writes every screen of a set: a user's template or `None` for the
/// embedded one, and the writer options.
pub type WriteFn =
    fn(&ScreenSet, Option<&UserTemplate>, WriteOptions) -> Result<Vec<ScreenFile>, Diagnostic>;

/// Parses a user's template for a format's writer.
pub type ParseTemplateFn = fn(&str) -> Result<UserTemplate, Diagnostic>;

/// One row of the format table.
#[derive(Debug, Clone, Copy)]
pub struct FormatSpec {
    /// The format (its file extension is [`ScreenFormat::extension`]).
    pub format: ScreenFormat,
    /// What users call it, for menus and messages (`Phoebus .bob`).
    pub title: &'static str,
    /// The formatter kind that writes it; IOC generation uses this kind's
    /// built-in defaults, as ibek does.
    pub kind: FormatterKind,
    /// The formatter `pvi format` uses when given none (pvi's shipped file).
    pub formatter: EmbeddedFile,
    /// The screen template; its name is also the file looked for in a
    /// `--template-dir` folder.
    pub template: EmbeddedFile,
    /// What the layout engine needs to know about the format.
    pub rules: FormatRules,
    /// Parses a user's template.
    pub parse_template: ParseTemplateFn,
    /// Writes a laid-out screen set.
    pub write: WriteFn,
}

/// Every screen format pvi-rs writes.
pub static FORMATS: [FormatSpec; 3] = [
    FormatSpec {
        format: ScreenFormat::Bob,
        title: "Phoebus .bob",
        kind: FormatterKind::Dls,
        formatter: EmbeddedFile {
            name: "dls.bob.pvi.formatter.yaml",
            text: include_str!("../../../formats/formatters/dls.bob.pvi.formatter.yaml"),
        },
        template: EmbeddedFile {
            name: "dls.bob",
            text: bob::DLS_BOB,
        },
        rules: FormatRules {
            format: ScreenFormat::Bob,
            group_label_height: 26,
            indent: 18,
            group_width_offset: 26,
            title_when_empty_label: false,
            square_toggle: true,
            bitfield_px_per_bit: Some(20),
            child_coords: ChildCoords::Relative,
            group_frame: GroupFrame::Widget,
            unsupported: &["ButtonPanel"],
            placeholders: &[],
            placeholder_text_height: None,
        },
        parse_template: bob::parse_template,
        write: bob::write,
    },
    FormatSpec {
        format: ScreenFormat::Edl,
        title: "EDM .edl",
        kind: FormatterKind::Dls,
        formatter: EmbeddedFile {
            name: "dls.edl.pvi.formatter.yaml",
            text: include_str!("../../../formats/formatters/dls.edl.pvi.formatter.yaml"),
        },
        template: EmbeddedFile {
            name: "dls.edl",
            text: edl::EMBEDDED_EDL,
        },
        rules: FormatRules {
            format: ScreenFormat::Edl,
            group_label_height: 10,
            indent: 5,
            group_width_offset: 0,
            title_when_empty_label: true,
            square_toggle: false,
            bitfield_px_per_bit: None,
            child_coords: ChildCoords::Absolute,
            group_frame: GroupFrame::TitleOverFrame,
            // pvi-rs draws every other widget (docs/screens-edm-medm.md)
            unsupported: &[],
            placeholders: &["ImageRead", "TableRead", "TableWrite"],
            placeholder_text_height: None,
        },
        parse_template: edl::parse_template,
        write: edl::write,
    },
    FormatSpec {
        format: ScreenFormat::Adl,
        title: "MEDM .adl",
        kind: FormatterKind::Aps,
        formatter: EmbeddedFile {
            name: "aps.pvi.formatter.yaml",
            text: include_str!("../../../formats/formatters/aps.pvi.formatter.yaml"),
        },
        template: EmbeddedFile {
            name: "aps.adl",
            text: adl::EMBEDDED_ADL,
        },
        rules: FormatRules {
            format: ScreenFormat::Adl,
            group_label_height: 25,
            indent: 0,
            group_width_offset: 0,
            title_when_empty_label: true,
            square_toggle: false,
            bitfield_px_per_bit: None,
            child_coords: ChildCoords::Absolute,
            group_frame: GroupFrame::TitleBarInside,
            // pvi-rs draws every other widget (docs/screens-edm-medm.md)
            unsupported: &[],
            placeholders: &["ImageRead", "TableRead", "TableWrite"],
            // MEDM scales a text's font with its height: keep it one row high
            placeholder_text_height: Some(20),
        },
        parse_template: adl::parse_template,
        write: adl::write,
    },
];

impl ScreenFormat {
    /// This format's row of [`FORMATS`].
    pub fn spec(self) -> &'static FormatSpec {
        // the table has one row per variant, in declaration order (tested)
        &FORMATS[self as usize]
    }
}

/// The row for a file extension without dot (`bob`, `edl`, `adl`).
pub fn by_extension(ext: &str) -> Option<&'static FormatSpec> {
    FORMATS.iter().find(|f| f.format.extension() == ext)
}

/// The first format a formatter kind writes (`.bob` for DLS, `.adl` for
/// APS): what a preview shows when only the formatter is known.
pub fn main_format_of(kind: FormatterKind) -> ScreenFormat {
    FORMATS
        .iter()
        .find(|f| f.kind == kind)
        .map_or(ScreenFormat::Bob, |f| f.format)
}

/// Splits an output file name into base name and last extension
/// (`dev.pvi.bob` → (`dev.pvi`, `bob`)).
pub fn split_output_name(file_name: &str) -> (&str, &str) {
    match file_name.rfind('.') {
        Some(i) => (&file_name[..i], &file_name[i + 1..]),
        None => (file_name, ""),
    }
}

/// The format a formatter writes for an output extension. As in pvi, the
/// DLS formatter writes `.bob` and `.edl` and the APS formatter `.adl`;
/// anything else is pvi's error for that formatter.
pub fn screen_format(kind: FormatterKind, ext: &str) -> Result<ScreenFormat, Diagnostic> {
    match by_extension(ext) {
        Some(spec) if spec.kind == kind => Ok(spec.format),
        _ => Err(Diagnostic::error(
            DiagKind::Other,
            match kind {
                FormatterKind::Dls => "Can only write .edl or .bob files",
                FormatterKind::Aps => "Can only write adl files",
            },
        )),
    }
}

/// Every output extension, for messages (`.bob, .edl or .adl`).
pub fn extension_list() -> String {
    let exts: Vec<String> = FORMATS
        .iter()
        .map(|f| format!(".{}", f.format.extension()))
        .collect();
    match exts.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_row_per_format_in_order() {
        for (i, row) in FORMATS.iter().enumerate() {
            assert_eq!(row.format as usize, i);
            assert_eq!(row.rules.format, row.format);
            assert_eq!(row.format.spec().format, row.format);
            assert_eq!(
                by_extension(row.format.extension()).map(|r| r.format),
                Some(row.format)
            );
        }
    }

    #[test]
    fn embedded_files_parse() {
        for row in &FORMATS {
            assert!(
                (row.parse_template)(row.template.text).is_ok(),
                "{}",
                row.title
            );
            let f = crate::formatter::parse_formatter(row.formatter.text, crate::FileId(0))
                .unwrap_or_else(|_| panic!("{}", row.formatter.name));
            assert_eq!(f.kind, row.kind, "{}", row.title);
        }
    }

    #[test]
    fn formatter_kind_decides_extensions() {
        assert_eq!(
            screen_format(FormatterKind::Dls, "bob").ok(),
            Some(ScreenFormat::Bob)
        );
        assert_eq!(
            screen_format(FormatterKind::Dls, "edl").ok(),
            Some(ScreenFormat::Edl)
        );
        assert!(screen_format(FormatterKind::Dls, "adl").is_err());
        assert_eq!(
            screen_format(FormatterKind::Aps, "adl").ok(),
            Some(ScreenFormat::Adl)
        );
        assert_eq!(extension_list(), ".bob, .edl or .adl");
    }
}
