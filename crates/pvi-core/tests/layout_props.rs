//! Properties of the layout engine on generated devices: no panic, no
//! overlapping siblings, everything inside its screen or group, and every
//! sub-screen button names a screen that is written.

use proptest::prelude::*;
use pvi_core::formatter::Settings;
use pvi_core::layout::{layout_device, Bounds, Item, ItemKind, ScreenFormat};
use pvi_core::model::*;

fn common(name: String) -> Common {
    Common::named(name)
}

fn leaf(kind: u8, name: String) -> Component {
    let c = common(name.clone());
    match kind % 9 {
        0 => Component::SignalR(SignalR {
            common: c,
            read_pv: name,
            read_widget: Some(ReadWidget::text()),
        }),
        1 => Component::SignalR(SignalR {
            common: c,
            read_pv: name,
            read_widget: Some(ReadWidget::Led),
        }),
        2 => Component::SignalW(SignalW {
            common: c,
            write_pv: name,
            write_widget: WriteWidget::ComboBox(ComboBox::default()),
        }),
        3 => Component::SignalRW(SignalRW {
            common: c,
            write_pv: name.clone(),
            write_widget: WriteWidget::text(),
            read_pv: name,
            read_widget: Some(ReadWidget::TextRead(TextOptions {
                lines: Some(2),
                ..Default::default()
            })),
        }),
        4 => Component::SignalX(SignalX {
            common: c,
            write_pv: name,
            write_widget: TriggerWidget::default(),
            value: "1".into(),
        }),
        5 => Component::SignalR(SignalR {
            common: c,
            read_pv: name,
            read_widget: Some(ReadWidget::ArrayTrace(ArrayTrace {
                axis: "x".into(),
                width: 300,
                height: 200,
            })),
        }),
        6 => Component::SignalR(SignalR {
            common: c,
            read_pv: name,
            read_widget: Some(ReadWidget::TableRead(TableRead {
                widgets: vec![TableReadCell::Led; 3],
            })),
        }),
        7 => Component::DeviceRef(DeviceRef {
            common: c,
            pv: name,
            ui: "other".into(),
            macros: Default::default(),
        }),
        _ => Component::IgnoredComponent(Named { common: c }),
    }
}

#[derive(Debug, Clone)]
enum Shape {
    Leaf(u8),
    Grid(bool, Vec<Shape>),
    Sub(bool, Vec<Shape>),
    Row(Vec<u8>),
}

fn shape() -> impl Strategy<Value = Shape> {
    let leaf = any::<u8>().prop_map(Shape::Leaf);
    leaf.prop_recursive(3, 40, 8, |inner| {
        prop_oneof![
            (any::<bool>(), prop::collection::vec(inner.clone(), 0..8))
                .prop_map(|(s, v)| Shape::Grid(s, v)),
            (any::<bool>(), prop::collection::vec(inner, 0..6)).prop_map(|(l, v)| Shape::Sub(l, v)),
            prop::collection::vec(any::<u8>(), 1..5).prop_map(Shape::Row),
        ]
    })
}

fn build(s: &Shape, n: &mut usize) -> Component {
    *n += 1;
    let name = format!("C{n}");
    let opts = |stacked: bool, labelled: bool| GridOptions { labelled, stacked };
    match s {
        Shape::Leaf(k) => leaf(*k, name),
        Shape::Grid(st, v) => Component::Group(Group {
            common: common(name),
            layout: Layout::Grid(opts(*st, true)),
            children: v.iter().map(|c| build(c, n)).collect(),
        }),
        Shape::Sub(l, v) => Component::Group(Group {
            common: common(name),
            layout: Layout::SubScreen(opts(false, *l)),
            children: v.iter().map(|c| build(c, n)).collect(),
        }),
        Shape::Row(ks) => Component::Group(Group {
            common: common(name),
            layout: Layout::Row { header: None },
            children: ks
                .iter()
                .map(|k| {
                    *n += 1;
                    leaf(*k % 5, format!("C{n}"))
                })
                .collect(),
        }),
    }
}

fn overlap(a: &Bounds, b: &Bounds) -> bool {
    a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom()
}

fn check_level(items: &[Item], w: i64, h: i64) -> Result<(), String> {
    for (i, a) in items.iter().enumerate() {
        let l = a.layout;
        if l.x < 0 || l.y < 0 || l.right() > w || l.bottom() > h {
            return Err(format!("{l:?} outside {w}x{h}"));
        }
        for b in &items[i + 1..] {
            if overlap(&a.layout, &b.layout) {
                return Err(format!("{:?} overlaps {:?}", a, b));
            }
        }
        if let ItemKind::Group { children, .. } = &a.kind {
            check_level(children, l.w, l.h)?;
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn lays_out_sanely(
        shapes in prop::collection::vec(shape(), 0..12),
        spacing in 0i64..8, label in 30i64..160, widget in 30i64..160,
        height in 12i64..30, max_h in 150i64..1000, fmt in 0usize..3,
    ) {
        let mut n = 0;
        let device = Device {
            label: if spacing % 2 == 0 { "Dev".into() } else { String::new() },
            parent: None,
            children: shapes.iter().map(|s| Entry::Component(build(s, &mut n))).collect(),
        };
        let settings = Settings { spacing, title_height: 26, max_height: max_h, label_width: label, widget_width: widget, widget_height: height };
        let format = [ScreenFormat::Bob, ScreenFormat::Edl, ScreenFormat::Adl][fmt];
        let set = match layout_device(&device, &settings, &format.spec().rules, "dev.pvi") {
            Ok(set) => set,
            Err(e) => {
                // only the format's unsupported widgets may fail
                prop_assert!(e[0].message.starts_with("No formatter provided"), "{}", e[0].message);
                return Ok(());
            }
        };
        let names: Vec<&str> = set.screens.iter().map(|s| s.base_name.as_str()).collect();
        for s in &set.screens {
            let (ox, oy) = s.offset;
            let cw = s.bounds.w - ox - spacing;
            let ch = s.bounds.h - oy - spacing;
            check_level(&s.items, cw, ch).map_err(TestCaseError::fail)?;
            fn buttons(items: &[Item], names: &[&str]) -> Result<(), TestCaseError> {
                for it in items {
                    match &it.kind {
                        ItemKind::OpenDisplay { file, screen: Some(i), .. } => {
                            prop_assert_eq!(names.get(*i).copied(), Some(file.as_str()));
                        }
                        ItemKind::Group { children, .. } => buttons(children, names)?,
                        _ => {}
                    }
                }
                Ok(())
            }
            buttons(&s.items, &names)?;
        }
    }
}
