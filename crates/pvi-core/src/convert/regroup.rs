//! `regroup`: one Group per legacy screen, components ordered top to bottom
//! as they appear there (docs/behaviour/convert.md#regroup).

use super::stem;
use super::y_position::{y_of, ScreenKind};
use crate::diag::{DiagKind, Diagnostic};
use crate::model::*;

/// Regroups `device` by the screens `uis` (path, text), in order.
/// Returns the device and pvi's stdout lines.
pub fn regroup(
    device: Device,
    uis: &[(String, String)],
) -> Result<(Device, Vec<String>), Diagnostic> {
    let (includes, others): (Vec<Entry>, Vec<Entry>) = device
        .children
        .into_iter()
        .partition(|e| matches!(e, Entry::Include(_)));
    let leaves: Vec<Component> = walk(&others)
        .into_iter()
        .filter_map(|l| match l {
            Leaf::Component(c) => Some(c.clone()),
            Leaf::Include(_) => None,
        })
        .collect();
    let mut pending: Vec<String> = leaves.iter().map(|c| c.name().to_string()).collect();
    let mut found_groups: Vec<(String, Vec<String>)> = Vec::new();
    for (path, text) in uis {
        let kind = ScreenKind::of_path(path);
        let mut found: Vec<(i64, String)> = Vec::new();
        for name in &pending {
            if !text.contains(name.as_str()) {
                continue;
            }
            let file = path.rsplit('/').next().unwrap_or(path);
            let y = y_of(kind, text, name).ok_or_else(|| {
                Diagnostic::error(
                    DiagKind::Other,
                    format!("{name} found in {file} but did not match a y coordinate"),
                )
                .with_note(match kind {
                    ScreenKind::Adl => "the name must come after a `y=<number>` in the file",
                    ScreenKind::Edl => "the name must come after a `y <number>` line",
                    ScreenKind::Bob => "the name must be inside a <widget>",
                })
            })?;
            found.push((y, name.clone()));
        }
        for (_, name) in &found {
            if let Some(i) = pending.iter().position(|p| p == name) {
                pending.remove(i);
            }
        }
        // stable sort: equal y keeps pending order
        found.sort_by_key(|(y, _)| *y);
        if !found.is_empty() {
            found_groups.push((
                stem(path).to_string(),
                found.into_iter().map(|(_, n)| n).collect(),
            ));
        }
    }
    let mut messages = Vec::new();
    if !pending.is_empty() {
        messages.push(format!("Did not find group for {}", pending.join(" | ")));
    }
    let mut children: Vec<Entry> = Vec::new();
    let mut grouped: Vec<String> = Vec::new();
    for (group_name, names) in found_groups {
        let name = pascal(&group_name)?;
        let label = (name != group_name).then(|| group_name.clone());
        let members: Vec<Component> = names
            .iter()
            .flat_map(|n| leaves.iter().filter(move |c| c.name() == n))
            .cloned()
            .collect();
        grouped.extend(members.iter().map(|c| c.name().to_string()));
        children.push(group(name, label, members));
    }
    let ungrouped: Vec<Component> = leaves
        .iter()
        .filter(|c| !grouped.iter().any(|g| g == c.name()))
        .cloned()
        .collect();
    if !ungrouped.is_empty() {
        let name = pascal(&device.label)? + "Misc";
        let label = Some(format!("{} Ungrouped", device.label));
        children.push(group(name, label, ungrouped));
    }
    children.extend(includes);
    Ok((Device { children, ..device }, messages))
}

fn pascal(text: &str) -> Result<String, Diagnostic> {
    enforce_pascal_case(text).ok_or_else(|| {
        Diagnostic::error(
            DiagKind::Validation,
            format!("cannot make a group name from '{text}': it has no letter or digit"),
        )
    })
}

fn group(name: String, label: Option<String>, children: Vec<Component>) -> Entry {
    Entry::Component(Component::Group(Group {
        common: Common {
            label,
            ..Common::named(name)
        },
        layout: Layout::Grid(GridOptions::default()),
        children,
    }))
}
