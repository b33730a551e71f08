//! The Python value type of a signal, from what the device model knows.
//!
//! ophyd-async 0.21 requires a type parameter on every annotated signal
//! (`SignalRW[T]`); a signal whose type the model does not tell is left
//! unannotated, and ophyd-async creates it at connect with the type the
//! IOC serves.

use crate::model::{Component, ReadWidget, TextFormat, WriteWidget};

/// The `T` of `SignalR[T]` / `SignalW[T]` / `SignalRW[T]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueType {
    /// `bool` (LED, CheckBox, ToggleButton).
    Bool,
    /// `str` (TextRead/TextWrite with `format: string`).
    Str,
    /// A 1-D array of float64 (ArrayTrace).
    FloatArray,
    /// A generated `StrictEnum` of these choices (ComboBox with choices).
    Enum(Vec<String>),
}

impl ValueType {
    /// The Python spelling; `enum_class` names the generated enum.
    pub fn python(&self, enum_class: &str) -> String {
        match self {
            ValueType::Bool => "bool".into(),
            ValueType::Str => "str".into(),
            ValueType::FloatArray => "Array1D[np.float64]".into(),
            ValueType::Enum(_) => enum_class.into(),
        }
    }
}

/// The value type of a signal component, if the model tells it: the write
/// widget first, then the read widget.
pub fn value_type(c: &Component) -> Option<ValueType> {
    let (write, read) = match c {
        Component::SignalR(s) => (None, s.read_widget.as_ref()),
        Component::SignalW(s) => (Some(&s.write_widget), None),
        Component::SignalRW(s) => (Some(&s.write_widget), s.read_widget.as_ref()),
        _ => (None, None),
    };
    write
        .and_then(from_write)
        .or_else(|| read.and_then(from_read))
}

fn from_write(w: &WriteWidget) -> Option<ValueType> {
    match w {
        WriteWidget::CheckBox | WriteWidget::ToggleButton => Some(ValueType::Bool),
        WriteWidget::ComboBox(c) => match &c.choices {
            Some(ch) if !ch.is_empty() => Some(ValueType::Enum(ch.clone())),
            _ => None,
        },
        WriteWidget::TextWrite(t) if t.format == Some(TextFormat::String) => Some(ValueType::Str),
        _ => None,
    }
}

fn from_read(r: &ReadWidget) -> Option<ValueType> {
    match r {
        ReadWidget::Led => Some(ValueType::Bool),
        ReadWidget::TextRead(t) if t.format == Some(TextFormat::String) => Some(ValueType::Str),
        ReadWidget::ArrayTrace(_) => Some(ValueType::FloatArray),
        _ => None,
    }
}
