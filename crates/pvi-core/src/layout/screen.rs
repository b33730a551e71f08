//! Whole screens: padding, title, output bounds, sub-screen files and their
//! names and order (docs/behaviour/layout.md#title-and-padding, #sub-screens).

use super::ctx::Ctx;
use super::engine::Content;
use super::geometry::{max_x, max_y, Bounds};
use super::rules::{ChildCoords, FormatRules, GroupFrame};
use super::tree::{Item, ItemKind, Screen, ScreenSet, WidgetModel};
use crate::diag::{DiagKind, Diagnostic, Diags};
use crate::formatter::Settings;
use crate::model::{Component, Device, Entry, ReadWidget, WriteWidget};

/// Deepest sub-screen nesting accepted (a guard; real devices nest a few levels).
const MAX_DEPTH: usize = 64;

/// Most items (labels, widgets, group boxes, nested ones included) one screen
/// may hold. Phoebus, EDM and MEDM become unusable long before this; the
/// limit stops a runaway device from writing a file of hundreds of MB.
pub const MAX_ITEMS_PER_SCREEN: usize = 20_000;

/// The file base name of a sub-screen of a screen named `base` (`a.pvi` + `G` → `a_G.pvi`).
pub fn sub_screen_name(base: &str, group_name: &str) -> String {
    let (head, rest) = match base.find('.') {
        Some(i) => base.split_at(i),
        None => (base, ""),
    };
    format!("{head}_{}{rest}", group_name.replace(' ', "_"))
}

/// Lays out a resolved device: the main screen (file base name `base_name`,
/// e.g. `sub_screen` for `sub_screen.bob`) and all its sub-screens.
pub fn layout_device(
    device: &Device,
    settings: &Settings,
    rules: &FormatRules,
    base_name: &str,
) -> Result<ScreenSet, Diags> {
    let mut children: Vec<&Component> = Vec::with_capacity(device.children.len());
    for e in &device.children {
        match e {
            Entry::Component(c) => children.push(c),
            Entry::Include(i) => {
                return Err(vec![Diagnostic::error(
                    DiagKind::Layout,
                    format!(
                        "Include of `{}` was not resolved: pass --yaml-path with the folder that holds it",
                        i.file_name
                    ),
                )
                .at(i.span)])
            }
        }
    }
    let b = Builder {
        settings,
        rules,
        with_title: !device.label.is_empty() || rules.title_when_empty_label,
    };
    let mut screens = Vec::new();
    b.build(&mut screens, &children, &device.label, base_name, 0)?;
    Ok(ScreenSet {
        format: rules.format,
        screens,
    })
}

struct Builder<'a> {
    settings: &'a Settings,
    rules: &'a FormatRules,
    with_title: bool,
}

impl Builder<'_> {
    fn build(
        &self,
        screens: &mut Vec<Screen>,
        list: &[&Component],
        title: &str,
        base: &str,
        depth: usize,
    ) -> Result<(), Diags> {
        if depth > MAX_DEPTH {
            return Err(vec![Diagnostic::error(
                DiagKind::Layout,
                format!("sub-screens nested more than {MAX_DEPTH} deep"),
            )]);
        }
        // every component drawn on the screen gives at least one item: a
        // screen that cannot fit is refused before it is laid out
        let drawn = drawn_components(list);
        if drawn > MAX_ITEMS_PER_SCREEN {
            return Err(vec![too_many(list, base, &format!("{drawn} components"))]);
        }
        let Content { mut items, subs } = Ctx::new(self.settings, self.rules).screen(list)?;
        let count = count_items(&items);
        if count > MAX_ITEMS_PER_SCREEN {
            return Err(vec![too_many(list, base, &format!("{count} widgets"))]);
        }
        let mut screen = self.finalise(std::mem::take(&mut items), title, base);
        let me = screens.len();
        screens.push(Screen {
            items: Vec::new(),
            ..screen.clone_shallow()
        });
        // pvi's order: buttons directly on the screen first, then those in groups
        let mut order = Vec::new();
        collect(&screen.items, false, &mut order);
        collect(&screen.items, true, &mut order);
        let mut map = vec![None; subs.len()];
        for local in order {
            let Some(sub @ Component::Group(g)) = subs.get(local) else {
                continue;
            };
            let target = sub_screen_name(base, &g.common.name);
            map[local] = Some((screens.len(), target.clone()));
            self.build(screens, &[sub], &g.common.name, &target, depth + 1)?;
        }
        remap(&mut screen.items, &map);
        screens[me] = screen;
        Ok(())
    }

    /// Screen size, title and output bounds (docs/behaviour/layout.md#title-and-padding).
    fn finalise(&self, mut items: Vec<Item>, title: &str, base: &str) -> Screen {
        let s = self.settings.spacing;
        let th = self.settings.title_height;
        let cw = max_x(items.iter().map(|i| &i.layout));
        let ch = max_y(items.iter().map(|i| &i.layout));
        let (bounds, offset, title_bounds) = if self.with_title {
            let b = Bounds::new(0, 0, cw + 2 * s, ch + 2 * s + th);
            (b, (s, s + th), Some(Bounds::new(0, 0, b.w, th)))
        } else {
            (Bounds::new(0, 0, cw + 2 * s, ch + 2 * s), (s, s), None)
        };
        for it in items.iter_mut() {
            self.output_bounds(it, offset.0, offset.1);
        }
        Screen {
            base_name: base.to_string(),
            title: title.to_string(),
            title_bounds,
            bounds,
            offset,
            items,
        }
    }

    fn output_bounds(&self, it: &mut Item, dx: i64, dy: i64) {
        it.bounds = self.adjust(it).shifted(dx, dy);
        let g = it.bounds;
        let s = self.settings.spacing;
        let glh = self.rules.group_label_height;
        let (cx, cy) = match self.rules.child_coords {
            ChildCoords::Relative => (0, 0),
            ChildCoords::Absolute => (g.x + s, g.y + s + glh),
        };
        match &mut it.kind {
            ItemKind::Group {
                frame,
                title_box,
                children,
                ..
            } => {
                (*frame, *title_box) = match self.rules.group_frame {
                    GroupFrame::Widget => (g, None),
                    GroupFrame::TitleOverFrame => (
                        Bounds::new(g.x, g.y + s, g.w, g.h - s),
                        Some(Bounds::new(g.x, g.y, g.w, glh)),
                    ),
                    GroupFrame::TitleBarInside => {
                        (g, Some(Bounds::new(g.x + s, g.y + s, g.w - 2 * s, glh - s)))
                    }
                };
                for c in children {
                    self.output_bounds(c, cx, cy);
                }
            }
            ItemKind::Widget {
                widget,
                placeholder,
                ..
            } if self.rules.is_placeholder(widget.type_name()) => {
                let h = match self.rules.placeholder_text_height {
                    Some(max) => g.h.min(max),
                    None => g.h,
                };
                *placeholder = Some(Bounds::new(g.x, g.y, g.w, h));
            }
            _ => {}
        }
    }

    /// Squares and BitField width (docs/behaviour/layout.md#output-adjustments).
    fn adjust(&self, it: &Item) -> Bounds {
        let b = it.layout;
        match &it.kind {
            ItemKind::Widget { widget, .. } => match widget {
                WidgetModel::Read(ReadWidget::Led) => b.square(),
                WidgetModel::Write(WriteWidget::ToggleButton) if self.rules.square_toggle => {
                    b.square()
                }
                WidgetModel::Read(ReadWidget::BitField(f)) => {
                    match self.rules.bitfield_px_per_bit {
                        Some(px) => Bounds::new(b.x, b.y, px.saturating_mul(f.number_of_bits), b.h),
                        None => b,
                    }
                }
                _ => b,
            },
            _ => b,
        }
    }
}

impl Screen {
    fn clone_shallow(&self) -> Screen {
        Screen {
            base_name: self.base_name.clone(),
            title: self.title.clone(),
            title_bounds: self.title_bounds,
            bounds: self.bounds,
            offset: self.offset,
            items: Vec::new(),
        }
    }
}

/// Items and their nested children.
/// The diagnostic for a screen holding `what` (`N widgets`), over the limit.
fn too_many(list: &[&Component], base: &str, what: &str) -> Diagnostic {
    let mut d = Diagnostic::error(
        DiagKind::Layout,
        format!("screen '{base}' would hold {what}, more than the limit of {MAX_ITEMS_PER_SCREEN} widgets"),
    )
    .with_note(
        "put parts of the device in Groups with `layout: {type: SubScreen}`: each opens a screen of its own",
    );
    if let [c] = list {
        d = d.at(c.span()).with_label("this group's screen");
    }
    d
}

/// A lower bound of the items of one screen: a SubScreen group is its
/// button, a Row group at least its box (some row cells stay empty), a
/// Grid group its box and its children.
fn drawn_components(list: &[&Component]) -> usize {
    fn count(c: &Component) -> usize {
        match c {
            Component::Group(g) if matches!(g.layout, crate::model::Layout::Grid(_)) => {
                1 + g.children.iter().map(count).sum::<usize>()
            }
            Component::IgnoredComponent(_) => 0,
            _ => 1,
        }
    }
    match list {
        // a sub-screen's own screen draws its group's children
        [Component::Group(g)] if matches!(g.layout, crate::model::Layout::SubScreen(_)) => {
            g.children.iter().map(count).sum()
        }
        _ => list.iter().map(|c| count(c)).sum(),
    }
}

fn count_items(items: &[Item]) -> usize {
    items
        .iter()
        .map(|it| match &it.kind {
            ItemKind::Group { children, .. } => 1 + count_items(children),
            _ => 1,
        })
        .sum()
}

fn collect(items: &[Item], in_groups: bool, out: &mut Vec<usize>) {
    for it in items {
        match &it.kind {
            ItemKind::OpenDisplay {
                screen: Some(l), ..
            } if !in_groups => out.push(*l),
            ItemKind::Group { children, .. } if in_groups => collect(children, false, out),
            _ => {}
        }
    }
}

fn remap(items: &mut [Item], map: &[Option<(usize, String)>]) {
    for it in items {
        match &mut it.kind {
            ItemKind::OpenDisplay { screen, file, .. } => {
                if let Some(l) = *screen {
                    match map.get(l).cloned().flatten() {
                        Some((global, target)) => {
                            *screen = Some(global);
                            *file = target;
                        }
                        None => *screen = None,
                    }
                }
            }
            ItemKind::Group { children, .. } => remap(children, map),
            _ => {}
        }
    }
}
