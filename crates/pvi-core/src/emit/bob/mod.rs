//! Phoebus `.bob` writer with the DLS theme (spec 05 §2): one XML document
//! per laid-out screen, built from template pieces.

mod template;
mod widgets;
mod xml;

pub use template::{BobTemplate, DLS_BOB};

use super::screens::ScreenFile;
use crate::diag::Diagnostic;
use crate::layout::{Screen, ScreenSet};

/// The text of one screen.
pub fn write_screen(t: &BobTemplate, screen: &Screen) -> Result<String, Diagnostic> {
    let mut display = t.display();
    template::set_geometry(&mut display, 0, 0, screen.bounds.w, Some(screen.bounds.h));
    if let Some(tb) = screen.title_bounds {
        let mut title = t.piece("Title")?;
        template::set(&mut title, "text", &screen.title);
        template::set_geometry(&mut title, tb.x, tb.y, tb.w, Some(tb.h));
        display.push(title);
    }
    for it in &screen.items {
        display.push(widgets::item(t, it)?);
    }
    // the screen title is assigned even when empty
    if let Some(n) = display.find_mut("name") {
        n.set_text(&screen.title);
    }
    let mut out = String::with_capacity(4096 + 900 * screen.items.len());
    display.write(0, &mut out);
    Ok(out)
}

/// The files of a whole screen set, main screen first (later duplicates win
/// when written in order, as in pvi).
pub fn write_bob(t: &BobTemplate, set: &ScreenSet) -> Result<Vec<ScreenFile>, Diagnostic> {
    set.screens
        .iter()
        .map(|s| {
            Ok(ScreenFile {
                file_name: format!("{}.bob", s.base_name),
                text: write_screen(t, s)?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_template_has_every_piece() {
        let t = BobTemplate::parse(DLS_BOB).unwrap();
        for k in [
            "Title",
            "Label",
            "Heading",
            "Group",
            "TextUpdate",
            "TextEntry",
            "LED",
            "BitField",
            "ProgressBar",
            "CheckBox",
            "ToggleButton",
            "ComboBox",
            "Table",
            "ArrayTrace",
            "ImageRead",
            "WritePV",
            "OpenDisplay",
        ] {
            assert!(t.piece(k).is_ok(), "{k}");
        }
    }
}
