//! Phoebus `.bob` writer, DLS theme (docs/behaviour/formats.md#phoebus-bob): one XML document
//! per laid-out screen, built from template pieces.

mod stencil;
#[cfg(test)]
mod stencil_oracle;
mod template;
mod widgets;
mod xml;

use stencil::{Fill, Slot};
pub use template::{BobTemplate, DLS_BOB};

use super::{ScreenFile, UserTemplate, WriteOptions};
use crate::diag::Diagnostic;
use crate::layout::{Screen, ScreenSet};

/// The text of one screen.
pub fn write_screen(
    t: &BobTemplate,
    screen: &Screen,
    opts: WriteOptions,
) -> Result<String, Diagnostic> {
    let mut fill = Fill::default();
    fill.geometry(0, 0, screen.bounds.w, Some(screen.bounds.h));
    // the screen title is assigned even when empty
    fill.set_always(Slot::Name, &screen.title);
    let title = match screen.title_bounds {
        Some(_) => Some(t.piece("Title")?),
        None => None,
    };
    let mut out = String::with_capacity(4096 + 1100 * count_items(&screen.items));
    t.display().write(&fill, 0, &mut out, &mut |out| {
        if let (Some(piece), Some(tb)) = (title, screen.title_bounds) {
            let mut f = Fill::default();
            f.set(Slot::Text, &screen.title);
            f.geometry(tb.x, tb.y, tb.w, Some(tb.h));
            piece.write(&f, 1, out, &mut |_| Ok(()))?;
        }
        for it in &screen.items {
            widgets::item(t, it, 1, opts, out)?;
        }
        Ok(())
    })?;
    Ok(out)
}

/// Items on a screen, group children included (for the text's capacity).
fn count_items(items: &[crate::layout::Item]) -> usize {
    items
        .iter()
        .map(|it| match &it.kind {
            crate::layout::ItemKind::Group { children, .. } => 1 + count_items(children),
            _ => 1,
        })
        .sum()
}

/// The format table's writer: the user's template, or the embedded one.
pub(crate) fn write(
    set: &ScreenSet,
    template: Option<&UserTemplate>,
    opts: WriteOptions,
) -> Result<Vec<ScreenFile>, Diagnostic> {
    match template.and_then(|t| t.get::<BobTemplate>()) {
        Some(t) => write_bob(t, set, opts),
        None => write_bob(&BobTemplate::dls(), set, opts),
    }
}

/// The format table's template parser.
pub(crate) fn parse_template(text: &str) -> Result<UserTemplate, Diagnostic> {
    BobTemplate::parse(text).map(UserTemplate::new)
}

/// The files of a whole screen set, main screen first (later duplicates win
/// when written in order, as in pvi).
pub fn write_bob(
    t: &BobTemplate,
    set: &ScreenSet,
    opts: WriteOptions,
) -> Result<Vec<ScreenFile>, Diagnostic> {
    set.screens
        .iter()
        .map(|s| {
            Ok(ScreenFile {
                file_name: format!("{}.bob", s.base_name),
                text: write_screen(t, s, opts)?,
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
