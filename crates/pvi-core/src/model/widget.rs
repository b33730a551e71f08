//! Read and write widgets (docs/behaviour/device-model.md#widgets).

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Serialize;

/// How a text widget formats its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TextFormat {
    /// Decimal number.
    Decimal,
    /// Hexadecimal number.
    Hexadecimal,
    /// Engineering notation.
    Engineer,
    /// Exponential notation.
    Exponential,
    /// Text.
    String,
}

impl TextFormat {
    /// All values, in declaration order.
    pub const ALL: [TextFormat; 5] = [
        TextFormat::Decimal,
        TextFormat::Hexadecimal,
        TextFormat::Engineer,
        TextFormat::Exponential,
        TextFormat::String,
    ];

    /// The YAML spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            TextFormat::Decimal => "decimal",
            TextFormat::Hexadecimal => "hexadecimal",
            TextFormat::Engineer => "engineer",
            TextFormat::Exponential => "exponential",
            TextFormat::String => "string",
        }
    }
}

/// Colour map of an image widget: 0 gray, 1 colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageColorMap {
    /// Gray scale (0).
    Gray,
    /// Colour (1).
    Color,
}

impl Serialize for ImageColorMap {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.value())
    }
}

impl JsonSchema for ImageColorMap {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ImageColorMap".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "title": "ImageColorMap",
            "enum": [0, 1],
            "type": "integer"
        })
    }
}

impl ImageColorMap {
    /// The integer written in YAML.
    pub fn value(self) -> i64 {
        match self {
            ImageColorMap::Gray => 0,
            ImageColorMap::Color => 1,
        }
    }
}

/// Options shared by TextRead and TextWrite.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TextOptions {
    /// Number of lines to show (1 when unset or 0).
    #[serde(default)]
    pub lines: Option<i64>,
    /// Display format.
    #[serde(default)]
    pub format: Option<TextFormat>,
    /// Digits after the decimal point.
    #[serde(default)]
    pub precision: Option<i64>,
}

impl TextOptions {
    /// Lines actually shown: `lines`, or 1 when unset or 0.
    pub fn shown_lines(&self) -> i64 {
        match self.lines {
            Some(n) if n != 0 => n,
            _ => 1,
        }
    }
}

/// A bit field display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BitField {
    /// Label of each bit.
    #[serde(default)]
    pub labels: Option<Vec<String>>,
    /// Number of bits shown (> 0).
    #[serde(default = "eight")]
    pub number_of_bits: i64,
}

fn eight() -> i64 {
    8
}

impl Default for BitField {
    fn default() -> Self {
        BitField {
            labels: None,
            number_of_bits: 8,
        }
    }
}

/// A plot of an array against an axis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ArrayTrace {
    /// PV (or name) of the X axis.
    pub axis: String,
    /// Plot width in pixels.
    #[serde(default = "w900")]
    pub width: i64,
    /// Plot height in pixels.
    #[serde(default = "h500")]
    pub height: i64,
}

fn w900() -> i64 {
    900
}
fn h500() -> i64 {
    500
}

/// An image display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImageRead {
    /// Width in pixels.
    #[serde(default = "w900")]
    pub width: i64,
    /// Height in pixels.
    #[serde(default = "h500")]
    pub height: i64,
    /// Colour map.
    #[serde(default = "gray")]
    pub color_map: ImageColorMap,
    /// Show a colour bar.
    #[serde(default)]
    pub color_bar: bool,
    /// Show axes.
    #[serde(default)]
    pub axes: bool,
}

fn gray() -> ImageColorMap {
    ImageColorMap::Gray
}

impl Default for ImageRead {
    fn default() -> Self {
        ImageRead {
            width: 900,
            height: 500,
            color_map: ImageColorMap::Gray,
            color_bar: false,
            axes: false,
        }
    }
}

/// One button per action, each writing its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ButtonPanel {
    /// PascalCase button name → value written.
    #[serde(default = "go")]
    pub actions: IndexMap<String, String>,
}

fn go() -> IndexMap<String, String> {
    IndexMap::from([("Go".to_string(), "1".to_string())])
}

impl Default for ButtonPanel {
    fn default() -> Self {
        ButtonPanel { actions: go() }
    }
}

/// A drop-down of choices.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ComboBox {
    /// Choices; when unset the PV's own are used.
    #[serde(default)]
    pub choices: Option<Vec<String>>,
}

/// Widget of a TableRead column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "type")]
pub enum TableReadCell {
    /// Bit field.
    BitField(BitField),
    /// LED.
    #[serde(rename = "LED")]
    Led,
    /// Progress bar.
    ProgressBar,
    /// Text.
    TextRead(TextOptions),
}

/// Widget of a TableWrite column or an ArrayWrite element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "type")]
pub enum WriteCell {
    /// Buttons.
    ButtonPanel(ButtonPanel),
    /// Check box.
    CheckBox,
    /// Drop-down.
    ComboBox(ComboBox),
    /// Text entry.
    TextWrite(TextOptions),
}

/// A read-only table.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableRead {
    /// One widget per column.
    #[serde(default)]
    pub widgets: Vec<TableReadCell>,
}

/// An editable table.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableWrite {
    /// One widget per column.
    #[serde(default)]
    pub widgets: Vec<WriteCell>,
}

/// An array written element by element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ArrayWrite {
    /// Widget of each element.
    pub widget: WriteCell,
}

/// Widget showing a value read from a PV.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "type")]
pub enum ReadWidget {
    /// Array plot.
    ArrayTrace(ArrayTrace),
    /// Bit field.
    BitField(BitField),
    /// Image.
    ImageRead(ImageRead),
    /// LED.
    #[serde(rename = "LED")]
    Led,
    /// Progress bar.
    ProgressBar,
    /// Table.
    TableRead(TableRead),
    /// Text.
    TextRead(TextOptions),
}

impl ReadWidget {
    /// The YAML `type` name.
    pub fn type_name(&self) -> &'static str {
        match self {
            ReadWidget::ArrayTrace(_) => "ArrayTrace",
            ReadWidget::BitField(_) => "BitField",
            ReadWidget::ImageRead(_) => "ImageRead",
            ReadWidget::Led => "LED",
            ReadWidget::ProgressBar => "ProgressBar",
            ReadWidget::TableRead(_) => "TableRead",
            ReadWidget::TextRead(_) => "TextRead",
        }
    }

    /// Whether this widget is a plot (ArrayTrace or ImageRead).
    pub fn is_plot(&self) -> bool {
        matches!(self, ReadWidget::ArrayTrace(_) | ReadWidget::ImageRead(_))
    }

    /// The default read widget: `TextRead`.
    pub fn text() -> Self {
        ReadWidget::TextRead(TextOptions::default())
    }
}

impl From<TableReadCell> for ReadWidget {
    fn from(c: TableReadCell) -> Self {
        match c {
            TableReadCell::BitField(b) => ReadWidget::BitField(b),
            TableReadCell::Led => ReadWidget::Led,
            TableReadCell::ProgressBar => ReadWidget::ProgressBar,
            TableReadCell::TextRead(t) => ReadWidget::TextRead(t),
        }
    }
}

/// Widget writing a value to a PV.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "type")]
pub enum WriteWidget {
    /// Array written element by element.
    ArrayWrite(ArrayWrite),
    /// Buttons.
    ButtonPanel(ButtonPanel),
    /// Check box.
    CheckBox,
    /// Drop-down.
    ComboBox(ComboBox),
    /// Table.
    TableWrite(TableWrite),
    /// Text entry.
    TextWrite(TextOptions),
    /// Toggle button.
    ToggleButton,
}

impl WriteWidget {
    /// The YAML `type` name.
    pub fn type_name(&self) -> &'static str {
        match self {
            WriteWidget::ArrayWrite(_) => "ArrayWrite",
            WriteWidget::ButtonPanel(_) => "ButtonPanel",
            WriteWidget::CheckBox => "CheckBox",
            WriteWidget::ComboBox(_) => "ComboBox",
            WriteWidget::TableWrite(_) => "TableWrite",
            WriteWidget::TextWrite(_) => "TextWrite",
            WriteWidget::ToggleButton => "ToggleButton",
        }
    }

    /// The default write widget: `TextWrite`.
    pub fn text() -> Self {
        WriteWidget::TextWrite(TextOptions::default())
    }
}

impl From<WriteCell> for WriteWidget {
    fn from(c: WriteCell) -> Self {
        match c {
            WriteCell::ButtonPanel(b) => WriteWidget::ButtonPanel(b),
            WriteCell::CheckBox => WriteWidget::CheckBox,
            WriteCell::ComboBox(c) => WriteWidget::ComboBox(c),
            WriteCell::TextWrite(t) => WriteWidget::TextWrite(t),
        }
    }
}

/// The write widget of a SignalX: always a ButtonPanel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "type")]
pub enum TriggerWidget {
    /// Buttons.
    ButtonPanel(ButtonPanel),
}

impl TriggerWidget {
    /// The panel.
    pub fn panel(&self) -> &ButtonPanel {
        match self {
            TriggerWidget::ButtonPanel(p) => p,
        }
    }
}

impl Default for TriggerWidget {
    fn default() -> Self {
        TriggerWidget::ButtonPanel(ButtonPanel::default())
    }
}
