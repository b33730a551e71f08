//! Group layouts: how a Group arranges its children (docs/behaviour/device-model.md#layouts).

use schemars::JsonSchema;
use serde::Serialize;

/// Options of a Grid or SubScreen layout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GridOptions {
    /// Show the labels of the children (for SubScreen: the label beside the button).
    #[serde(default = "yes")]
    pub labelled: bool,
    /// Put the write and read widget of a row under each other.
    #[serde(default)]
    pub stacked: bool,
}

impl Default for GridOptions {
    fn default() -> Self {
        GridOptions {
            labelled: true,
            stacked: false,
        }
    }
}

fn yes() -> bool {
    true
}

/// How a Group lays out its children.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "type")]
pub enum Layout {
    /// Children are traces of one plot.
    Plot,
    /// Children are the cells of one row, with optional column headings.
    Row {
        /// Column headings, one per child.
        #[serde(default)]
        header: Option<Vec<String>>,
    },
    /// Children are rows in a group box.
    Grid(GridOptions),
    /// Children are shown on a separate screen opened by a button.
    SubScreen(GridOptions),
}

impl Layout {
    /// The type name as written in YAML.
    pub fn type_name(&self) -> &'static str {
        match self {
            Layout::Plot => "Plot",
            Layout::Row { .. } => "Row",
            Layout::Grid(_) => "Grid",
            Layout::SubScreen(_) => "SubScreen",
        }
    }
}
