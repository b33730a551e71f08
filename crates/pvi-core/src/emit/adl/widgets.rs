//! MEDM blocks for PV widgets, message buttons and related displays
//! (docs/behaviour/formats.md#medm-properties, plus pvi-rs's forms for widgets pvi cannot write).

use super::template::{medm_quoted, Block};
use super::Writer;
use crate::diag::Diagnostic;
use crate::emit::edm_medm::{macro_string, no_object, placeholder_kind, plain_button_text};
use crate::layout::{Bounds, WidgetModel};
use crate::model::{ReadWidget, TextFormat, TextOptions, WriteWidget};
use indexmap::IndexMap;

/// MEDM `format` of a text format.
fn medm_format(f: TextFormat) -> &'static str {
    match f {
        TextFormat::Decimal => "decimal",
        TextFormat::Hexadecimal => "hexadecimal",
        TextFormat::Engineer => "engr. notation",
        TextFormat::Exponential => "exponential",
        TextFormat::String => "string",
    }
}

impl Writer<'_> {
    /// A PV widget (its PV property set), or a placeholder when MEDM has no widget for it.
    pub(crate) fn widget(
        &self,
        pv: &str,
        widget: &WidgetModel,
        b: Bounds,
        out: &mut String,
    ) -> Result<(), Diagnostic> {
        let block = match widget {
            WidgetModel::Read(r) => match r {
                ReadWidget::TextRead(t) => self.text_widget("\"TextRead\"", pv, t, b)?,
                ReadWidget::Led => self.chan_block("\"LED\"", "chan", pv, b)?,
                ReadWidget::BitField(bits) => {
                    // A byte monitor over bits (N-1)..0, MSB on the left.
                    let mut p = self.chan_block("\"BitField\"", "chan", pv, b)?;
                    p.set_int("sbit", (bits.number_of_bits - 1).clamp(0, 31))?;
                    p
                }
                ReadWidget::ProgressBar => self.chan_block("\"ProgressBar\"", "chan", pv, b)?,
                ReadWidget::ArrayTrace(a) => {
                    let mut p = self.chan_block("\"cartesian plot\"", "ydata", pv, b)?;
                    if !a.axis.is_empty() {
                        // the axis name titles the y axis, as in the .bob plot
                        p.insert_after(
                            "bclr",
                            &[format!("\t\tylabel=\"{}\"", medm_quoted(&a.axis))],
                        );
                    }
                    p
                }
                ReadWidget::ImageRead(_) | ReadWidget::TableRead(_) => {
                    return Err(no_object("MEDM", widget))
                }
            },
            WidgetModel::Write(w) => match w {
                WriteWidget::TextWrite(t) => self.text_widget("\"TextWrite\"", pv, t, b)?,
                WriteWidget::CheckBox => self.chan_block("\"CheckBox\"", "chan", pv, b)?,
                WriteWidget::ToggleButton => self.chan_block("\"ToggleButton\"", "chan", pv, b)?,
                WriteWidget::ComboBox(_) => self.chan_block("\"ComboBox\"", "chan", pv, b)?,
                // the layout turns ButtonPanel cells into Action items
                WriteWidget::TableWrite(_)
                | WriteWidget::ArrayWrite(_)
                | WriteWidget::ButtonPanel(_) => return Err(no_object("MEDM", widget)),
            },
        };
        out.push_str(&block.0);
        Ok(())
    }

    fn chan_block(&self, key: &str, prop: &str, pv: &str, b: Bounds) -> Result<Block, Diagnostic> {
        let mut p = self.piece(key)?;
        p.set_str(prop, pv)?;
        p.set_geometry(b)?;
        Ok(p)
    }

    fn text_widget(
        &self,
        key: &str,
        pv: &str,
        t: &TextOptions,
        b: Bounds,
    ) -> Result<Block, Diagnostic> {
        let mut p = self.chan_block(key, "chan", pv, b)?;
        if let Some(f) = t.format {
            p.insert_before_end(&format!("\tformat=\"{}\"", medm_format(f)));
        }
        Ok(p)
    }

    /// A message button writing `value` to `pv` (pvi: always `press_msg="0"`).
    pub(crate) fn action(
        &self,
        text: &str,
        pv: &str,
        value: &str,
        b: Bounds,
    ) -> Result<Block, Diagnostic> {
        let mut p = self.piece("\"SignalX\"")?;
        p.set_str("label", text)?;
        p.set_str("chan", pv)?;
        if self.opts.fixes() {
            p.set_str("press_msg", value)?;
        }
        p.set_geometry(b)?;
        Ok(p)
    }

    /// A related display opening `file` (`.adl` appended when missing).
    pub(crate) fn open_display(
        &self,
        text: &str,
        file: &str,
        macros: &IndexMap<String, String>,
        b: Bounds,
    ) -> Result<Block, Diagnostic> {
        let mut p = self.piece("\"SubScreenFile\"")?;
        let name = if file.ends_with(".adl") {
            file.to_string()
        } else {
            format!("{file}.adl")
        };
        p.set_str("name", &name)?;
        p.set_geometry(b)?;
        if self.opts.fixes() {
            let label = medm_quoted(plain_button_text(text));
            let mut extra = vec![format!("\t\tlabel=\"{label}\"")];
            if !macros.is_empty() {
                extra.push(format!(
                    "\t\targs=\"{}\"",
                    medm_quoted(&macro_string(macros))
                ));
            }
            p.insert_after("name", &extra);
            p.insert_before_end(&format!("\tlabel=\"{label}\""));
        }
        Ok(p)
    }

    /// A grey box with the widget kind and PV, for widgets MEDM cannot show
    /// (images, pvAccess tables, array writers).
    pub(crate) fn placeholder(
        &self,
        pv: &str,
        widget: &WidgetModel,
        b: Bounds,
        text_box: Bounds,
        out: &mut String,
    ) -> Result<(), Diagnostic> {
        let mut rect = self.piece("clr=3\n")?;
        rect.set_geometry(b)?;
        out.push_str(&rect.0);
        let text = format!(
            "{} {pv} (not in MEDM: open the .bob screen)",
            placeholder_kind(widget)
        );
        out.push_str(&self.text_block("\"Placeholder\"", &text, text_box)?);
        Ok(())
    }
}
