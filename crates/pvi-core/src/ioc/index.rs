//! `index.bob`: one open-display button per entity (spec 06 §8, spec 04
//! §16 with DLSFormatter defaults), written exactly as pvi 0.14.4 does.

use crate::diag::{DiagKind, Diagnostic};
use crate::model::{enforce_pascal_case, is_pascal_case};
use indexmap::IndexMap;

/// One button of the index screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    /// Button text: the device label.
    pub label: String,
    /// Screen opened: `<Device>.pvi.bob`.
    pub ui: String,
    /// Macros passed to the screen, in order.
    pub macros: IndexMap<String, String>,
}

/// Buttons per column (36 rows of 20 + 5 fit under max_height 900).
const ROWS: usize = 36;

/// XML text escaping as pvi's writer does (`&`, `<`, `>`).
pub fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Checks an entry label the way pvi validates the DeviceRef name.
pub fn check_label(label: &str) -> Result<(), Diagnostic> {
    match enforce_pascal_case(label) {
        Some(name) if is_pascal_case(&name) => Ok(()),
        forced => Err(Diagnostic::error(
            DiagKind::Validation,
            format!(
                "index entry '{label}': its name '{}' does not match pattern '^([A-Z][a-z0-9]*)*$'",
                forced.unwrap_or_default()
            ),
        )
        .with_note("the device label must start with a letter (pvi forces it to PascalCase)")),
    }
}

/// The text of `index.bob` with `title` and `entries`.
pub fn index_bob(title: &str, entries: &[IndexEntry]) -> Result<String, Diagnostic> {
    for e in entries {
        check_label(&e.label)?;
    }
    let n = entries.len();
    let cols = n.div_ceil(ROWS);
    let has_title = !title.is_empty();
    let top = if has_title { 30 } else { 5 };
    let (w, h) = if n == 0 {
        (10, if has_title { 35 } else { 10 })
    } else {
        (438 + 433 * (cols - 1), 25 * (n.min(ROWS) - 1) + top + 25)
    };
    let t = xml_escape(title);
    let mut s = String::with_capacity(1200 + n * 900);
    s.push_str("<display version=\"2.0.0\">\n");
    s.push_str(&format!("  <name>{t}</name>\n"));
    s.push_str("  <x>0</x>\n  <y use_class=\"true\">0</y>\n");
    s.push_str(&format!("  <width>{w}</width>\n  <height>{h}</height>\n"));
    s.push_str("  <background_color>\n    <color red=\"245\" green=\"247\" blue=\"250\">\n    </color>\n  </background_color>\n");
    s.push_str("  <grid_step_x>4</grid_step_x>\n  <grid_step_y>4</grid_step_y>\n");
    if has_title {
        s.push_str("  <widget type=\"label\" version=\"2.0.0\">\n    <name>Title</name>\n    <class>TITLE</class>\n");
        s.push_str(&format!("    <text>{t}</text>\n"));
        s.push_str("    <x use_class=\"true\">0</x>\n    <y use_class=\"true\">0</y>\n");
        s.push_str(&format!(
            "    <width>{w}</width>\n    <height>25</height>\n"
        ));
        s.push_str(concat!(
            "    <font use_class=\"true\">\n",
            "      <font name=\"Header 1\" family=\"Liberation Sans\" style=\"BOLD\" size=\"22.0\">\n",
            "      </font>\n    </font>\n",
            "    <foreground_color use_class=\"true\">\n",
            "      <color name=\"Text\" red=\"0\" green=\"0\" blue=\"0\">\n",
            "      </color>\n    </foreground_color>\n",
            "    <transparent use_class=\"true\">true</transparent>\n",
            "    <horizontal_alignment>1</horizontal_alignment>\n",
            "  </widget>\n"
        ));
    }
    for (k, e) in entries.iter().enumerate() {
        let x = 23 + 433 * (k / ROWS);
        let y = top + 25 * (k % ROWS);
        s.push_str(
            "  <widget type=\"action_button\" version=\"3.0.0\">\n    <name>OpenDisplay</name>\n",
        );
        s.push_str("    <actions>\n      <action type=\"open_display\">\n        <description>Open Display</description>\n");
        s.push_str(&format!(
            "        <file>{}</file>\n        <target>tab</target>\n",
            xml_escape(&e.ui)
        ));
        if !e.macros.is_empty() {
            s.push_str("        <macros>\n");
            for (key, v) in &e.macros {
                s.push_str(&format!("          <{key}>{}</{key}>\n", xml_escape(v)));
            }
            s.push_str("        </macros>\n");
        }
        s.push_str("      </action>\n    </actions>\n");
        s.push_str(&format!("    <text>{}</text>\n", xml_escape(&e.label)));
        s.push_str(&format!(
            "    <x>{x}</x>\n    <y>{y}</y>\n    <width>410</width>\n    <height>20</height>\n"
        ));
        s.push_str(concat!(
            "    <font>\n      <font family=\"Cantarell\" style=\"BOLD\" size=\"14.0\">\n      </font>\n    </font>\n",
            "    <foreground_color>\n      <color red=\"37\" green=\"99\" blue=\"235\">\n      </color>\n    </foreground_color>\n",
            "    <background_color>\n      <color red=\"241\" green=\"245\" blue=\"249\">\n      </color>\n    </background_color>\n",
            "    <tooltip>$(actions)</tooltip>\n  </widget>\n"
        ));
    }
    s.push_str("</display>\n");
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(label: &str) -> IndexEntry {
        IndexEntry {
            label: label.into(),
            ui: "simple.pvi.bob".into(),
            macros: [("P".to_string(), "IBEK-MO-TST-01:".to_string())]
                .into_iter()
                .collect(),
        }
    }

    #[test]
    fn geometry() {
        let one = index_bob("t", &[entry("Simple Device")]).unwrap();
        assert!(one.contains("<width>438</width>\n  <height>55</height>"));
        let many: Vec<_> = (0..37).map(|_| entry("A")).collect();
        let s = index_bob("t", &many).unwrap();
        assert!(s.contains("<width>871</width>\n  <height>930</height>"));
        assert!(s.contains("<x>456</x>\n    <y>30</y>"));
        let empty = index_bob("counter", &[]).unwrap();
        assert!(empty.contains("<width>10</width>\n  <height>35</height>"));
        let untitled = index_bob("", &[entry("A")]).unwrap();
        assert!(untitled.contains("<height>30</height>") && !untitled.contains("Title"));
    }

    #[test]
    fn labels_must_force_to_pascal_case() {
        assert!(check_label("3D Stage").is_err());
        assert!(check_label("").is_err());
        assert!(check_label("Manta G-145B BL07I-DI-CAM-02").is_ok());
        assert!(check_label("simDetector").is_ok());
    }
}
