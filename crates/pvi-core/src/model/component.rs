//! Device, components and includes (docs/behaviour/device-model.md#components).

use super::group_layout::Layout;
use super::label::title_case;
use super::widget::{ReadWidget, TriggerWidget, WriteWidget};
use crate::source::Span;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Serialize;

/// A whole `*.pvi.device.yaml` file.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Device {
    /// Screen title.
    pub label: String,
    /// Deprecated: behaves as an Include of this name appended to `children`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("deprecated" = true))]
    pub parent: Option<String>,
    /// Components and includes, in order.
    #[serde(default)]
    pub children: Vec<Entry>,
}

/// An item of `Device.children`: a component or an include.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Entry {
    /// A component.
    Component(Component),
    /// Another device file to splice in.
    Include(Include),
}

/// Splices another device file's components in place (docs/behaviour/device-model.md#includes).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "type", deny_unknown_fields)]
pub struct Include {
    /// Base name of the device file, without `.pvi.device.yaml`.
    pub file_name: String,
    /// Wrap the included components in a SubScreen group.
    #[serde(default)]
    pub in_subscreen: bool,
    /// Macros to re-scope the included PVs.
    #[serde(default)]
    pub macros: Option<IndexMap<String, String>>,
    /// Where it was read from.
    #[serde(skip)]
    #[schemars(skip)]
    pub span: Span,
}

/// A named part of a device (docs/behaviour/device-model.md#components).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "type")]
pub enum Component {
    /// Children arranged by a layout.
    Group(Group),
    /// Read-only signal.
    SignalR(SignalR),
    /// Write-only signal.
    SignalW(SignalW),
    /// Demand and readback.
    SignalRW(SignalRW),
    /// Trigger writing a fixed value.
    SignalX(SignalX),
    /// Name not shown on screens.
    IgnoredComponent(Named),
    /// Reference to another signal of the same name.
    SignalRef(Named),
    /// Button to another device's screen.
    DeviceRef(DeviceRef),
}

/// Fields shared by every component.
#[derive(Debug, Clone, PartialEq, Default, Serialize, JsonSchema)]
pub struct Common {
    /// PascalCase name.
    #[schemars(regex(pattern = r"^([A-Z][a-z0-9]*)*$"))]
    pub name: String,
    /// Display label; derived from the name when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Tooltip text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where it was read from.
    #[serde(skip)]
    #[schemars(skip)]
    pub span: Span,
}

impl Common {
    /// Fields with just a name.
    pub fn named(name: impl Into<String>) -> Self {
        Common {
            name: name.into(),
            ..Default::default()
        }
    }
}

/// A component that is nothing but its common fields.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Named {
    /// Name, label, description.
    #[serde(flatten)]
    pub common: Common,
}

/// Children arranged by a layout.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Name, label, description.
    #[serde(flatten)]
    pub common: Common,
    /// How the children are arranged.
    pub layout: Layout,
    /// The children.
    #[serde(default)]
    pub children: Vec<Component>,
}

/// Read-only signal.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignalR {
    /// Name, label, description.
    #[serde(flatten)]
    pub common: Common,
    /// PV read.
    pub read_pv: String,
    /// Widget showing it (none: label only).
    #[serde(default = "default_read_widget")]
    pub read_widget: Option<ReadWidget>,
}

/// Write-only signal.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignalW {
    /// Name, label, description.
    #[serde(flatten)]
    pub common: Common,
    /// PV written.
    pub write_pv: String,
    /// Widget editing it.
    #[serde(default = "WriteWidget::text")]
    pub write_widget: WriteWidget,
}

/// Demand PV plus readback PV (single-PV when `read_pv` is empty: it then equals `write_pv`).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignalRW {
    /// Name, label, description.
    #[serde(flatten)]
    pub common: Common,
    /// Demand PV.
    pub write_pv: String,
    /// Widget editing it.
    #[serde(default = "WriteWidget::text")]
    pub write_widget: WriteWidget,
    /// Readback PV (equal to `write_pv` for a single-PV signal).
    #[serde(default)]
    pub read_pv: String,
    /// Widget showing the readback (none for a single-PV signal by default).
    #[serde(default)]
    pub read_widget: Option<ReadWidget>,
}

/// Trigger that writes a fixed value.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignalX {
    /// Name, label, description.
    #[serde(flatten)]
    pub common: Common,
    /// PV written.
    pub write_pv: String,
    /// Buttons.
    #[serde(default)]
    pub write_widget: TriggerWidget,
    /// Value written.
    #[serde(default = "one")]
    pub value: String,
}

/// Button to another device's screen.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeviceRef {
    /// Name, label, description.
    #[serde(flatten)]
    pub common: Common,
    /// PVI PV of the other device.
    pub pv: String,
    /// Screen file of the other device.
    pub ui: String,
    /// Macros passed to that screen.
    #[serde(default)]
    pub macros: IndexMap<String, String>,
}

impl Component {
    /// The fields every component has.
    pub fn common(&self) -> &Common {
        match self {
            Component::Group(c) => &c.common,
            Component::SignalR(c) => &c.common,
            Component::SignalW(c) => &c.common,
            Component::SignalRW(c) => &c.common,
            Component::SignalX(c) => &c.common,
            Component::IgnoredComponent(c) | Component::SignalRef(c) => &c.common,
            Component::DeviceRef(c) => &c.common,
        }
    }

    /// Mutable access to the common fields.
    pub fn common_mut(&mut self) -> &mut Common {
        match self {
            Component::Group(c) => &mut c.common,
            Component::SignalR(c) => &mut c.common,
            Component::SignalW(c) => &mut c.common,
            Component::SignalRW(c) => &mut c.common,
            Component::SignalX(c) => &mut c.common,
            Component::IgnoredComponent(c) | Component::SignalRef(c) => &mut c.common,
            Component::DeviceRef(c) => &mut c.common,
        }
    }

    /// The name.
    pub fn name(&self) -> &str {
        &self.common().name
    }

    /// Where it was read from.
    pub fn span(&self) -> Span {
        self.common().span
    }

    /// The label shown: `label` if non-empty, else the title-cased name.
    pub fn display_label(&self) -> String {
        match &self.common().label {
            Some(l) if !l.is_empty() => l.clone(),
            _ => title_case(self.name()),
        }
    }

    /// The YAML `type` name.
    pub fn type_name(&self) -> &'static str {
        match self {
            Component::Group(_) => "Group",
            Component::SignalR(_) => "SignalR",
            Component::SignalW(_) => "SignalW",
            Component::SignalRW(_) => "SignalRW",
            Component::SignalX(_) => "SignalX",
            Component::IgnoredComponent(_) => "IgnoredComponent",
            Component::SignalRef(_) => "SignalRef",
            Component::DeviceRef(_) => "DeviceRef",
        }
    }

    /// The group, if this is one.
    pub fn as_group(&self) -> Option<&Group> {
        match self {
            Component::Group(g) => Some(g),
            _ => None,
        }
    }

    /// The read widget of a SignalR or SignalRW.
    pub fn read_widget(&self) -> Option<&ReadWidget> {
        match self {
            Component::SignalR(s) => s.read_widget.as_ref(),
            Component::SignalRW(s) => s.read_widget.as_ref(),
            _ => None,
        }
    }

    /// Whether this is a plot signal: a SignalR/RW whose read widget is a plot.
    pub fn is_plot_signal(&self) -> bool {
        self.read_widget().is_some_and(ReadWidget::is_plot)
    }

    /// PV attributes present on this component: (`read_pv`|`write_pv`|`pv`, value).
    pub fn pvs(&self) -> Vec<(&'static str, &str)> {
        match self {
            Component::SignalR(s) => vec![("read_pv", &s.read_pv)],
            Component::SignalW(s) => vec![("write_pv", &s.write_pv)],
            Component::SignalRW(s) => vec![("read_pv", &s.read_pv), ("write_pv", &s.write_pv)],
            Component::SignalX(s) => vec![("write_pv", &s.write_pv)],
            Component::DeviceRef(d) => vec![("pv", &d.pv)],
            _ => vec![],
        }
    }
}

impl Entry {
    /// The component, if this is one.
    pub fn as_component(&self) -> Option<&Component> {
        match self {
            Entry::Component(c) => Some(c),
            Entry::Include(_) => None,
        }
    }
}

fn default_read_widget() -> Option<ReadWidget> {
    Some(ReadWidget::text())
}

fn one() -> String {
    "1".to_string()
}
