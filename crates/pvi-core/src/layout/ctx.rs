//! The state of one screen being laid out, shared by the placement code
//! (`engine`) and the widget code (`widgets`), and the cursor helpers both use.

use super::geometry::{max_x, max_y};
use super::rules::FormatRules;
use super::tree::Item;
use crate::formatter::Settings;
use crate::model::Component;

/// State of one screen being laid out.
pub struct Ctx<'a> {
    /// Formatter sizes.
    pub settings: &'a Settings,
    /// Format constants.
    pub rules: &'a FormatRules,
    /// Width of a row: label + widget area + 2 spacing.
    pub full_w: i64,
    /// Components drawn on this screen, by name (a SignalRef draws its namesake).
    pub registry: crate::FastMap<String, Component>,
    /// Sub-screen groups (as components) whose buttons were placed, by local index.
    pub subs: Vec<Component>,
    /// Whether the registry is needed (the screen has a SignalRef somewhere).
    pub needs_registry: bool,
}

impl<'a> Ctx<'a> {
    /// A fresh context for one screen.
    pub fn new(settings: &'a Settings, rules: &'a FormatRules) -> Self {
        Ctx {
            settings,
            rules,
            full_w: settings.label_width + settings.widget_width + 2 * settings.spacing,
            registry: crate::FastMap::default(),
            subs: Vec::new(),
            needs_registry: true,
        }
    }
}

/// `next_x`: right edge of the items plus spacing, or 0 when there are none.
pub fn next_x(items: &[Item], s: i64) -> i64 {
    if items.is_empty() {
        0
    } else {
        max_x(items.iter().map(|i| &i.layout)) + s
    }
}

/// `next_y`: bottom edge of the items plus spacing, or 0 when there are none.
pub fn next_y(items: &[Item], s: i64) -> i64 {
    if items.is_empty() {
        0
    } else {
        max_y(items.iter().map(|i| &i.layout)) + s
    }
}

/// [`next_x`] of a list that only grows, from the items added since the last
/// call: scanning the whole list for every component made layout quadratic
/// (80,000 signals took 9 s).
#[derive(Debug, Default)]
pub struct RightEdge {
    seen: usize,
    max: i64,
}

impl RightEdge {
    /// `next_x(items, s)`, reading only `items[seen..]` (a list that shrank
    /// is scanned again).
    pub fn next_x(&mut self, items: &[Item], s: i64) -> i64 {
        if items.len() < self.seen {
            *self = RightEdge::default();
        }
        for it in &items[self.seen..] {
            self.max = self.max.max(it.layout.right());
        }
        self.seen = items.len();
        if items.is_empty() {
            0
        } else {
            self.max + s
        }
    }
}
