//! Decoding a device, its components and includes.

use super::reader::{pascal_suggestion, string, string_map, tag, Cx, Fields};
use super::widget::{layout, read_widget, trigger_widget, write_widget};
use crate::diag::Diagnostic;
use crate::model::*;
use crate::yaml::Node;
use indexmap::IndexMap;

/// Component type names, in pvi's declaration order.
pub const COMPONENTS: &[&str] = &[
    "Group",
    "SignalR",
    "SignalW",
    "SignalRW",
    "SignalX",
    "IgnoredComponent",
    "SignalRef",
    "DeviceRef",
];

const COMMON: &[&str] = &["type", "name", "label", "description"];

fn keys(extra: &[&'static str]) -> Vec<&'static str> {
    COMMON.iter().chain(extra).copied().collect()
}

/// Decodes the top level of a device file.
pub(crate) fn device(cx: &mut Cx, n: &Node) -> Option<Device> {
    if n.is_null() {
        cx.push(
            Diagnostic::invalid(n.span, "the file is empty")
                .with_note("a device file is a mapping with at least `label:`"),
        );
        return None;
    }
    let mut f = Fields::new(cx, n, "Device")?;
    if let Some(t) = f.take("type") {
        cx.push(
            Diagnostic::invalid(t.span, "a device file has no top-level `type`")
                .with_note("the file suffix .pvi.device.yaml already says it is a Device"),
        );
    }
    let label = f.req(cx, "label", string);
    let parent = f.opt(cx, "parent", string);
    let children = f
        .opt(cx, "children", |cx, n| list(cx, n, entry))
        .unwrap_or_default();
    f.finish(cx, &["label", "parent", "children"]);
    Some(Device {
        label: label?,
        parent,
        children,
    })
}

fn entry(cx: &mut Cx, n: &Node) -> Option<Entry> {
    let t = n.get("type").and_then(Node::as_str);
    match t {
        Some(t) if COMPONENTS.contains(&t) => component(cx, n).map(Entry::Component),
        Some("Include") => include(cx, n).map(Entry::Include),
        // pvi falls back to Include whatever `type` said (when `file_name` is there)
        _ if n.get("file_name").is_some() => include(cx, n).map(Entry::Include),
        _ => {
            let allowed: Vec<&str> = COMPONENTS.iter().copied().chain(["Include"]).collect();
            tag(cx, n, "component", &allowed);
            None
        }
    }
}

fn include(cx: &mut Cx, n: &Node) -> Option<Include> {
    let mut f = Fields::new(cx, n, "Include")?;
    f.take("type");
    let file_name = f.req(cx, "file_name", string);
    let in_subscreen = f
        .opt(cx, "in_subscreen", super::reader::boolean)
        .unwrap_or(false);
    let macros = f.opt(cx, "macros", string_map);
    f.finish(cx, &["type", "file_name", "in_subscreen", "macros"]);
    Some(Include {
        file_name: file_name?,
        in_subscreen,
        macros,
        span: n.span,
    })
}

fn common(cx: &mut Cx, f: &mut Fields, what: &str) -> Option<Common> {
    let name_node = f.take("name");
    let name = match name_node {
        Some(n) => string(cx, n),
        None => {
            cx.push(
                Diagnostic::invalid(f.span(), format!("missing field `name` in {what}"))
                    .with_label(format!("this {what} needs a `name`")),
            );
            None
        }
    };
    if let (Some(name), Some(node)) = (&name, name_node) {
        if !is_pascal_case(name) {
            let mut d = Diagnostic::invalid(node.span, format!("name '{name}' is not PascalCase"))
                .with_label("expected ^([A-Z][a-z0-9]*)*$")
                .with_note(
                    "names are chunks of a capital letter followed by lowercase letters or digits",
                );
            if let Some(s) = pascal_suggestion(name) {
                d = d.with_note(format!("help: try '{s}'"));
            }
            cx.push(d);
        }
    }
    let label = f.opt(cx, "label", string);
    let description = f.opt(cx, "description", string);
    Some(Common {
        name: name?,
        label,
        description,
        span: f.span(),
    })
}

/// Decodes a component (any of the 8 kinds).
pub(crate) fn component(cx: &mut Cx, n: &Node) -> Option<Component> {
    let kind = tag(cx, n, "component", COMPONENTS)?;
    let mut f = Fields::new(cx, n, kind)?;
    f.take("type");
    let common = common(cx, &mut f, kind);
    let c = match kind {
        "Group" => {
            let layout = f.req(cx, "layout", layout);
            let children = f
                .opt(cx, "children", |cx, n| list(cx, n, group_child))
                .unwrap_or_default();
            f.finish(cx, &keys(&["layout", "children"]));
            Component::Group(Group {
                common: common?,
                layout: layout?,
                children,
            })
        }
        "SignalR" => {
            let read_pv = f.req(cx, "read_pv", string);
            let read_widget = match f.take("read_widget") {
                None => Some(Some(ReadWidget::text())),
                Some(w) if w.is_null() => Some(None),
                Some(w) => read_widget(cx, w).map(Some),
            };
            f.finish(cx, &keys(&["read_pv", "read_widget"]));
            Component::SignalR(SignalR {
                common: common?,
                read_pv: read_pv?,
                read_widget: read_widget?,
            })
        }
        "SignalW" => {
            let write_pv = f.req(cx, "write_pv", string);
            let ww = write_side(cx, &mut f);
            f.finish(cx, &keys(&["write_pv", "write_widget"]));
            Component::SignalW(SignalW {
                common: common?,
                write_pv: write_pv?,
                write_widget: ww?,
            })
        }
        "SignalRW" => {
            let write_pv = f.req(cx, "write_pv", string);
            let ww = write_side(cx, &mut f);
            let read_pv = f.opt(cx, "read_pv", string).unwrap_or_default();
            let rw = f.opt(cx, "read_widget", |cx, n| read_widget(cx, n).map(Some));
            let rw_failed = n.get("read_widget").is_some_and(|w| !w.is_null()) && rw.is_none();
            f.finish(
                cx,
                &keys(&["write_pv", "write_widget", "read_pv", "read_widget"]),
            );
            let write_pv = write_pv?;
            if rw_failed {
                return None;
            }
            let rw = rw.flatten();
            // the single-PV rule: no read_pv means read_pv = write_pv, no default widget
            let (read_pv, read_widget) = if read_pv.is_empty() {
                (write_pv.clone(), rw)
            } else {
                (read_pv, rw.or_else(|| Some(ReadWidget::text())))
            };
            Component::SignalRW(SignalRW {
                common: common?,
                write_pv,
                write_widget: ww?,
                read_pv,
                read_widget,
            })
        }
        "SignalX" => {
            let write_pv = f.req(cx, "write_pv", string);
            let ww = match f.take("write_widget") {
                None => Some(TriggerWidget::default()),
                Some(w) => trigger_widget(cx, w),
            };
            let value = f.opt(cx, "value", string).unwrap_or_else(|| "1".into());
            f.finish(cx, &keys(&["write_pv", "write_widget", "value"]));
            Component::SignalX(SignalX {
                common: common?,
                write_pv: write_pv?,
                write_widget: ww?,
                value,
            })
        }
        "DeviceRef" => {
            let pv = f.req(cx, "pv", string);
            let ui = f.req(cx, "ui", string);
            let macros = match f.take("macros") {
                None => Some(IndexMap::new()),
                Some(m) if m.is_null() => {
                    cx.err(m.span, "expected a mapping of strings, found null");
                    None
                }
                Some(m) => string_map(cx, m),
            };
            f.finish(cx, &keys(&["pv", "ui", "macros"]));
            Component::DeviceRef(DeviceRef {
                common: common?,
                pv: pv?,
                ui: ui?,
                macros: macros?,
            })
        }
        other => {
            f.finish(cx, COMMON);
            let named = Named { common: common? };
            if other == "SignalRef" {
                Component::SignalRef(named)
            } else {
                Component::IgnoredComponent(named)
            }
        }
    };
    Some(c)
}

fn write_side(cx: &mut Cx, f: &mut Fields) -> Option<WriteWidget> {
    match f.take("write_widget") {
        None => Some(WriteWidget::text()),
        Some(w) if w.is_null() => {
            cx.err(w.span, "write_widget cannot be null");
            None
        }
        Some(w) => write_widget(cx, w),
    }
}

fn group_child(cx: &mut Cx, n: &Node) -> Option<Component> {
    if n.get("type").and_then(Node::as_str) == Some("Include") {
        cx.push(
            Diagnostic::invalid(
                n.span,
                "an Include is only allowed in the device's top-level children",
            )
            .with_note("move it to `children:` of the device, or use in_subscreen: true"),
        );
        return None;
    }
    component(cx, n)
}

/// The items of a `children` list that decode (the others are reported).
fn list<T>(cx: &mut Cx, n: &Node, item: impl Fn(&mut Cx, &Node) -> Option<T>) -> Option<Vec<T>> {
    let Some(items) = n.as_seq() else {
        cx.err(
            n.span,
            format!("expected a list of components, found {}", n.kind_name()),
        );
        return None;
    };
    Some(items.iter().filter_map(|i| item(cx, i)).collect())
}
