//! Hostile text in device files: control characters are refused with a
//! located error, diagnostics never pass escape sequences to a terminal,
//! and quotes or braces cannot end an EDM/MEDM string early.

use pvi_core::emit::{PviQuirks, ScreenTemplates, WriteOptions};
use pvi_core::formats::by_extension;
use pvi_core::parse::parse_device;
use pvi_core::project::{embedded_formatter, format_device};
use pvi_core::{FileId, Sources};

fn write(yaml: &str, out: &str, quirks: PviQuirks) -> String {
    let dev = parse_device(yaml, FileId(0)).expect("valid device");
    let ext = out.rsplit('.').next().unwrap_or_default();
    let fmt = embedded_formatter(by_extension(ext).expect("format").format);
    let t = ScreenTemplates {
        options: WriteOptions { quirks },
        ..Default::default()
    };
    format_device(&dev, &fmt, out, &t).expect("writes")[0]
        .text
        .clone()
}

#[test]
fn control_characters_are_refused_where_they_are() {
    let yaml = "label: \"Cam\\e[2J\"\nchildren:\n  - type: SignalR\n    name: A\n    read_pv: \"X\\a\"\n    description: \"two\\nlines\\tand a tab\"\n";
    let e = parse_device(yaml, FileId(0)).unwrap_err();
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(e[0].message.contains("U+001B"));
    assert!(e[1].message.contains("U+0007"));
    let mut s = Sources::new();
    let id = s.add("d.pvi.device.yaml", yaml);
    let e = parse_device(yaml, id).unwrap_err();
    assert!(
        s.location(e[1].span.unwrap()).ends_with(":5:14"),
        "{}",
        s.location(e[1].span.unwrap())
    );
}

#[test]
fn diagnostics_show_escape_sequences_as_text() {
    // a raw ESC in a plain scalar is quoted by the snippet
    let yaml = "label: D\nchildren:\n  - type: SignalR\n    name: bad\u{1b}]0;pwned\u{7}\n    read_pv: X\n";
    let mut s = Sources::new();
    let id = s.add("d.pvi.device.yaml", yaml);
    let e = parse_device(yaml, id).unwrap_err();
    let text: String = e.iter().map(|d| d.render(&s)).collect();
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text}"
    );
    assert!(text.contains("\\u{1b}"), "{text}");
}

#[test]
fn quotes_and_braces_stay_inside_edm_and_medm_strings() {
    let yaml = "label: D\nchildren:\n  - type: SignalR\n    name: A\n    read_pv: \"X\\\"\\n}\\nobject activeXTextClass {\"\n";
    let edl = write(yaml, "d.edl", PviQuirks::Fix);
    assert!(
        edl.contains(r#"controlPv "X\" \} object activeXTextClass \{""#),
        "{edl}"
    );
    let plain = write(
        &yaml.replace(r#""X\"\n}\nobject activeXTextClass {""#, "X"),
        "d.edl",
        PviQuirks::Fix,
    );
    let objects = |t: &str| t.lines().filter(|l| l.starts_with("object ")).count();
    assert_eq!(objects(&edl), objects(&plain), "no object injected");
    let adl = write(yaml, "d.adl", PviQuirks::Fix);
    assert!(
        adl.contains("chan=\"X'\n}\nobject activeXTextClass {\""),
        "{adl}"
    );
    // --pvi-compat writes pvi's bytes, the value as given
    let raw = write(yaml, "d.edl", PviQuirks::Reproduce);
    assert!(raw.contains("controlPv \"X\"\n}\nobject activeXTextClass {\""));
}
