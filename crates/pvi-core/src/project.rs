//! The pipeline entry: from a device file to every file of a result, in one
//! place. Every front end (the `pvi` commands, the browser, the preview
//! server, IOC generation) goes through [`Project`]:
//!
//! ```text
//! load + resolve (Project::device) → formatter (Project::formatter)
//!   → layout (layout_for_output) → write (write_screens)
//! ```
//!
//! [`Project`] owns the [`Loader`] and so every source read; a failure moves
//! them into a [`Failure`] that renders without copying.

use crate::diag::{DiagKind, Diagnostic, Diags, Failure};
use crate::emit::{ScreenFile, ScreenTemplates, UserTemplate};
use crate::formats::{by_extension, extension_list, screen_format, split_output_name, FORMATS};
use crate::formatter::{parse_formatter, Formatter, FORMATTER_SUFFIX};
use crate::layout::{layout_device, ScreenFormat, ScreenSet};
use crate::model::Device;
use crate::parse::check_suffix;
use crate::resolve::{resolve, Loader};
use crate::source::Sources;
use crate::world::World;
use std::sync::OnceLock;

/// What `pvi format` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct FormatJob {
    /// The `*.pvi.device.yaml` file.
    pub device: String,
    /// File name of the main screen (no folder): its extension picks the format.
    pub output_name: String,
    /// A `*.pvi.formatter.yaml` file; `None`: the embedded one of the format.
    pub formatter: Option<String>,
    /// Folders searched for included devices.
    pub yaml_paths: Vec<String>,
    /// User templates and writer options.
    pub templates: ScreenTemplates,
}

/// One run of the pipeline over a [`World`].
pub struct Project<'w> {
    /// Reads files and keeps their text for diagnostics.
    pub loader: Loader<'w>,
    /// Warnings of the run so far (the run went on); they point into
    /// [`Project::sources`].
    pub warnings: Diags,
}

impl<'w> Project<'w> {
    /// A run reading files through `world`.
    pub fn new(world: &'w dyn World) -> Self {
        Project {
            loader: Loader::new(world),
            warnings: Vec::new(),
        }
    }

    /// Every file read so far.
    pub fn sources(&self) -> &Sources {
        &self.loader.sources
    }

    /// Ends the run with `diags` (see [`Loader::fail`]).
    pub fn fail(&mut self, diags: Diags) -> Failure {
        self.loader.fail(diags)
    }

    /// Loads a device and resolves its includes against `yaml_paths`
    /// (the top level is merged too, as `pvi format` does).
    pub fn device(&mut self, path: &str, yaml_paths: &[String]) -> Result<Device, Failure> {
        let dev = match self.loader.load_device(path) {
            Ok(d) => d,
            Err(diags) => return Err(self.fail(diags).validating(path)),
        };
        resolve(&mut self.loader, dev, yaml_paths).map_err(|d| self.fail(d))
    }

    /// The formatter file at `path`, or the embedded one of the format that
    /// `output_name`'s extension names.
    pub fn formatter(
        &mut self,
        path: Option<&str>,
        output_name: &str,
    ) -> Result<Formatter, Failure> {
        let id = match path {
            Some(p) => {
                check_suffix(p, FORMATTER_SUFFIX).map_err(|d| self.fail(vec![d]))?;
                self.loader.read(p).map_err(|d| self.fail(d))?
            }
            None => {
                let (_, ext) = split_output_name(output_name);
                let Some(spec) = by_extension(ext) else {
                    return Err(Failure::msg(format!(
                        "no default formatter for '{output_name}': give a *.pvi.formatter.yaml, or write {}",
                        extension_list()
                    )));
                };
                let f = spec.formatter;
                self.loader
                    .sources
                    .add(format!("<embedded>/{}", f.name), f.text)
            }
        };
        let parsed = parse_formatter(&self.loader.sources.get(id).text, id);
        parsed.map_err(|d| self.fail(d))
    }

    /// The whole of `pvi format`: every screen file, main screen first.
    pub fn format(&mut self, job: &FormatJob) -> Result<Vec<ScreenFile>, Failure> {
        let dev = self.device(&job.device, &job.yaml_paths)?;
        let repeated = repeated_name_warnings(&dev, self.sources());
        self.warnings.extend(repeated);
        let fmt = self.formatter(job.formatter.as_deref(), &job.output_name)?;
        format_device(&dev, &fmt, &job.output_name, &job.templates).map_err(|d| self.fail(d))
    }
}

/// A warning for every component whose name an earlier one already has
/// (after includes are resolved): pvi keeps both, so the template serves two
/// `pvi.<Name>` fields and the screen shows two rows of one name.
pub fn repeated_name_warnings(device: &Device, sources: &Sources) -> Diags {
    crate::model::repeated_names(&device.children)
        .into_iter()
        .map(|(first, again)| {
            let pvs = |c: &crate::model::Component| {
                c.pvs()
                    .iter()
                    .map(|(_, pv)| pv.to_string())
                    .collect::<Vec<_>>()
            };
            let same = pvs(first) == pvs(again);
            Diagnostic::error(
                DiagKind::Validation,
                format!("two components are named `{}`", again.name()),
            )
            .at(again.span())
            .with_label("the second")
            .with_note(format!(
                "the first is at {}",
                sources.location(first.span())
            ))
            .with_note(if same {
                "both have the same PVs: remove one".to_string()
            } else {
                "rename one: the PVI structure and the screen would hold both under one name"
                    .to_string()
            })
            .warning()
        })
        .collect()
}

/// The formatter `pvi format` embeds for `format`, parsed once per process
/// (the browser asks for it on every keystroke).
pub fn embedded_formatter(format: ScreenFormat) -> Formatter {
    static PARSED: [OnceLock<Formatter>; FORMATS.len()] =
        [const { OnceLock::new() }; FORMATS.len()];
    *PARSED[format as usize].get_or_init(|| {
        let f = format.spec().formatter;
        // the embedded files are tested to parse
        parse_formatter(f.text, crate::FileId(0))
            .unwrap_or_else(|_| Formatter::default_for(format.spec().kind))
    })
}

/// Lays out a resolved device for the output file name (no folder).
pub fn layout_for_output(
    device: &Device,
    formatter: &Formatter,
    output_file_name: &str,
) -> Result<ScreenSet, Diags> {
    let (base, ext) = split_output_name(output_file_name);
    let format = screen_format(formatter.kind, ext).map_err(|d| vec![d])?;
    layout_device(device, &formatter.settings, &format.spec().rules, base)
}

/// Writes the files of a laid-out screen set with its format's writer.
pub fn write_screens(
    set: &ScreenSet,
    templates: &ScreenTemplates,
) -> Result<Vec<ScreenFile>, Diags> {
    let spec = set.format.spec();
    (spec.write)(set, templates.get(set.format), templates.options).map_err(|d| vec![d])
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

/// The user's templates found in `dir` (each format's template file name,
/// e.g. `dls.bob`); formats without one keep their embedded template. A
/// template that does not parse is an error naming its file.
pub fn load_templates(
    world: &dyn World,
    dir: &str,
) -> Result<Vec<(ScreenFormat, UserTemplate)>, Diagnostic> {
    let mut out = Vec::new();
    for spec in &FORMATS {
        let path = format!("{}/{}", dir.trim_end_matches('/'), spec.template.name);
        if let Ok(text) = world.read_text(&path) {
            let t = (spec.parse_template)(&text).map_err(|d| {
                Diagnostic::error(DiagKind::Other, format!("{path}: {}", d.message))
            })?;
            out.push((spec.format, t));
        }
    }
    Ok(out)
}
