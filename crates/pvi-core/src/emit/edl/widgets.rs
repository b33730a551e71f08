//! EDM objects for PV widgets, action buttons and related displays
//! (docs/behaviour/formats.md#edm-properties, plus pvi-rs's forms for widgets pvi cannot write).

use super::template::{edm_quoted, ListItems, Piece};
use super::Writer;
use crate::diag::Diagnostic;
use crate::emit::edm_medm::{macro_string, no_object, placeholder_kind, plain_button_text};
use crate::layout::{Bounds, WidgetModel};
use crate::model::{ReadWidget, TextFormat, TextOptions, WriteWidget};
use indexmap::IndexMap;

/// EDM `displayMode` of a text format.
fn display_mode(f: TextFormat) -> &'static str {
    match f {
        TextFormat::Decimal => "decimal",
        TextFormat::Hexadecimal => "hex",
        TextFormat::Engineer => "engineer",
        TextFormat::Exponential => "exp",
        TextFormat::String => "default",
    }
}

impl Writer<'_> {
    /// A PV widget (its PV property set), or a placeholder when EDM has no widget for it.
    pub(crate) fn widget(
        &self,
        pv: &str,
        widget: &WidgetModel,
        b: Bounds,
        out: &mut String,
    ) -> Result<(), Diagnostic> {
        let piece = match widget {
            WidgetModel::Read(r) => match r {
                ReadWidget::TextRead(t) => self.text_widget("\"TextRead\"", pv, t, b)?,
                ReadWidget::Led | ReadWidget::BitField(_) => {
                    self.pv_piece("\"LED\"", "controlPv", pv, b)?
                }
                ReadWidget::ProgressBar => {
                    self.pv_piece("\"ProgressBar\"", "indicatorPv", pv, b)?
                }
                ReadWidget::ArrayTrace(_) => {
                    let mut p = self.piece("XYTrace")?;
                    p.set_str("yPv", pv, self.indexed_items())?;
                    p.set_geometry(b)?;
                    p
                }
                ReadWidget::ImageRead(_) | ReadWidget::TableRead(_) => {
                    return Err(no_object("EDM", widget))
                }
            },
            WidgetModel::Write(w) => match w {
                WriteWidget::TextWrite(t) => self.text_widget("\"TextWrite\"", pv, t, b)?,
                WriteWidget::ComboBox(_) | WriteWidget::CheckBox => {
                    self.pv_piece("\"ComboBox\"", "controlPv", pv, b)?
                }
                WriteWidget::ToggleButton => {
                    let mut p = self.pv_piece("\"ToggleButton\"", "controlPv", pv, b)?;
                    if self.opts.fixes() {
                        p.remove_line("indicatorPv \"None\"");
                    }
                    p
                }
                // the layout turns ButtonPanel cells into Action items
                WriteWidget::TableWrite(_)
                | WriteWidget::ArrayWrite(_)
                | WriteWidget::ButtonPanel(_) => return Err(no_object("EDM", widget)),
            },
        };
        out.push_str(&piece.0);
        Ok(())
    }

    fn text_widget(
        &self,
        key: &str,
        pv: &str,
        t: &TextOptions,
        b: Bounds,
    ) -> Result<Piece, Diagnostic> {
        let mut p = self.pv_piece(key, "controlPv", pv, b)?;
        if let Some(f) = t.format {
            p.insert_before_end(&format!("displayMode \"{}\"", display_mode(f)));
        }
        Ok(p)
    }

    /// A message button writing `value` to `pv` (pvi: always `pressValue "1"`).
    pub(crate) fn action(
        &self,
        text: &str,
        pv: &str,
        value: &str,
        b: Bounds,
    ) -> Result<Piece, Diagnostic> {
        let mut p = self.piece("\"SignalX\"")?;
        p.set_str("onLabel", text, ListItems::Plain)?;
        p.set_str("offLabel", text, ListItems::Plain)?;
        p.set_str("controlPv", pv, ListItems::Plain)?;
        if self.opts.fixes() {
            p.set_str("pressValue", value, ListItems::Plain)?;
        }
        p.set_geometry(b)?;
        Ok(p)
    }

    /// A related display opening `file` (no extension, as pvi writes it).
    pub(crate) fn open_display(
        &self,
        text: &str,
        file: &str,
        macros: &IndexMap<String, String>,
        b: Bounds,
    ) -> Result<Piece, Diagnostic> {
        let mut p = self.piece("\"SubScreenFile\"")?;
        p.set_str("displayFileName", file, self.indexed_items())?;
        p.set_geometry(b)?;
        if self.opts.fixes() {
            // DLS's EDM fork has ExtendedRelatedDisplayClass; every EDM has the
            // standard class with the same properties.
            p.0 = p.0.replacen(
                "# (Extended Related Display)\nobject ExtendedRelatedDisplayClass\n",
                "# (Related Display)\nobject relatedDisplayClass\n",
                1,
            );
            let label = edm_quoted(plain_button_text(text)).replace('\n', " ");
            p.insert_before_line("numPvs 4", &[format!("buttonLabel \"{label}\"")]);
            let mut lists = vec![
                format!("menuLabel {{"),
                format!("  0 \"{label}\""),
                "}".to_string(),
            ];
            if !macros.is_empty() {
                lists.extend([
                    "symbols {".to_string(),
                    format!("  0 \"{}\"", edm_quoted(&macro_string(macros))),
                    "}".to_string(),
                ]);
            }
            p.insert_before_line("icon", &lists);
        }
        Ok(p)
    }

    /// A dashed box with the widget kind and PV, for widgets EDM cannot show
    /// (images, pvAccess tables, array writers).
    pub(crate) fn placeholder(
        &self,
        pv: &str,
        widget: &WidgetModel,
        b: Bounds,
        text_box: Bounds,
        out: &mut String,
    ) -> Result<(), Diagnostic> {
        let mut rect = self.piece("lineStyle \"dash\"")?;
        rect.set_geometry(b)?;
        out.push_str(&rect.0);
        let text = format!(
            "{} {pv}\nnot shown in EDM: open the .bob screen",
            placeholder_kind(widget)
        );
        out.push_str(&self.text_piece("\"Placeholder\"", &text, text_box)?);
        Ok(())
    }
}
