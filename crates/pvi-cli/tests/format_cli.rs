//! `pvi format` / `pvi index` end to end: files written, names, atomicity.

#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use std::process::Command;

const DEV: &str = "label: Dev\nchildren:\n  - {type: SignalR, name: A, read_pv: A}\n  - type: Group\n    name: Extra\n    layout: {type: SubScreen}\n    children:\n      - {type: SignalR, name: B, read_pv: B}\n";

fn pvi(args: &[&str], dir: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_pvi"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("runs")
}

fn names(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    v.sort();
    v
}

#[test]
fn writes_main_and_sub_screens_with_embedded_formatter() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("dev.pvi.device.yaml"), DEV).unwrap();
    let o = pvi(&["format", "dev.pvi.bob", "dev.pvi.device.yaml"], d.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        names(d.path()),
        ["dev.pvi.bob", "dev.pvi.device.yaml", "dev_Extra.pvi.bob"]
    );
    let main = std::fs::read_to_string(d.path().join("dev.pvi.bob")).unwrap();
    assert!(main.contains("<file>dev_Extra.pvi.bob</file>"));
}

#[test]
fn nothing_written_on_error() {
    let d = tempfile::tempdir().unwrap();
    // valid YAML, a layout error found after the sub-screen is laid out
    let bad = format!(
        "{DEV}  - {{type: Group, name: R, layout: {{type: Row, header: [a]}}, children: []}}\n"
    );
    std::fs::write(d.path().join("dev.pvi.device.yaml"), bad).unwrap();
    let o = pvi(&["format", "dev.bob", "dev.pvi.device.yaml"], d.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("Header length does not match"));
    assert_eq!(names(d.path()), ["dev.pvi.device.yaml"]);
    let o = pvi(&["format", "dev.txt", "dev.pvi.device.yaml"], d.path());
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn index_screen() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path().join("e.yaml"),
        "entries:\n  - {label: Dev, ui: dev.pvi.bob, macros: {P: 'X:'}}\n",
    )
    .unwrap();
    let o = pvi(
        &["index", "index.bob", "e.yaml", "--title", "My IOC"],
        d.path(),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let t = std::fs::read_to_string(d.path().join("index.bob")).unwrap();
    assert!(t.contains("<name>My IOC</name>") && t.contains("<P>X:</P>"));
}

#[test]
fn a_directory_among_the_targets_writes_nothing() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("dev.pvi.device.yaml"), DEV).unwrap();
    std::fs::write(d.path().join("dev.pvi.bob"), "old main").unwrap();
    std::fs::create_dir(d.path().join("dev_Extra.pvi.bob")).unwrap();
    let o = pvi(&["format", "dev.pvi.bob", "dev.pvi.device.yaml"], d.path());
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("dev_Extra.pvi.bob': it is a directory"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(d.path().join("dev.pvi.bob")).unwrap(),
        "old main"
    );
    assert_eq!(
        names(d.path()),
        ["dev.pvi.bob", "dev.pvi.device.yaml", "dev_Extra.pvi.bob"]
    );
}

#[cfg(unix)]
#[test]
fn a_symlinked_output_stays_a_symlink() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("dev.pvi.device.yaml"), DEV).unwrap();
    std::fs::create_dir(d.path().join("real")).unwrap();
    std::fs::write(d.path().join("real/main.bob"), "old").unwrap();
    std::os::unix::fs::symlink("real/main.bob", d.path().join("dev.pvi.bob")).unwrap();
    let o = pvi(&["format", "dev.pvi.bob", "dev.pvi.device.yaml"], d.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let link = d.path().join("dev.pvi.bob");
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    let main = std::fs::read_to_string(d.path().join("real/main.bob")).unwrap();
    assert!(main.contains("<file>dev_Extra.pvi.bob</file>"));
    assert_eq!(names(&d.path().join("real")), ["main.bob"]);
}

/// Merge keys (`<<: *a`, `<<: [*a, *b]`) give the screen of the device written
/// out by hand, in ruamel's order (merged keys first, own keys win); pvi 0.14.4
/// writes the same bytes for this device.
#[test]
fn merge_keys_are_the_device_written_out() {
    let merged = "label: Merged\nchildren:\n  - &base\n    type: SignalRW\n    name: Gain\n    write_pv: GAIN\n    read_pv: GAIN_RBV\n  - <<: *base\n    name: Offset\n    write_pv: OFFSET\n  - type: SignalX\n    name: Acquire\n    write_pv: ACQ\n    write_widget:\n      type: ButtonPanel\n      actions:\n        <<: [&start {Start: \"1\"}, {Stop: \"0\", Start: \"9\"}]\n        Reset: \"2\"\n";
    let plain = "label: Merged\nchildren:\n  - type: SignalRW\n    name: Gain\n    write_pv: GAIN\n    read_pv: GAIN_RBV\n  - type: SignalRW\n    name: Offset\n    write_pv: OFFSET\n    read_pv: GAIN_RBV\n  - type: SignalX\n    name: Acquire\n    write_pv: ACQ\n    write_widget:\n      type: ButtonPanel\n      actions:\n        Stop: \"0\"\n        Start: \"1\"\n        Reset: \"2\"\n";
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("m.pvi.device.yaml"), merged).unwrap();
    std::fs::write(d.path().join("p.pvi.device.yaml"), plain).unwrap();
    for (out, dev) in [
        ("m.bob", "m.pvi.device.yaml"),
        ("p.bob", "p.pvi.device.yaml"),
    ] {
        let o = pvi(&["format", out, dev], d.path());
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let m = std::fs::read_to_string(d.path().join("m.bob")).unwrap();
    let p = std::fs::read_to_string(d.path().join("p.bob")).unwrap();
    assert_eq!(m, p);
    // a quoted "<<" is an ordinary key, unknown to a SignalR (pvi refuses it too)
    let quoted = "label: Q\nchildren:\n  - {type: SignalR, name: A, read_pv: A, \"<<\": {x: 1}}\n";
    std::fs::write(d.path().join("q.pvi.device.yaml"), quoted).unwrap();
    let o = pvi(&["format", "q.bob", "q.pvi.device.yaml"], d.path());
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("unknown field `<<`"), "{err}");
}

/// A ButtonPanel action with an empty value writes the empty string; pvi 0.14.4
/// leaves its template's placeholder, "value", which `--pvi-compat` reproduces.
#[test]
fn an_empty_action_value_is_written_as_given() {
    let dev = "label: E\nchildren:\n  - type: SignalX\n    name: Acquire\n    write_pv: ACQ\n    write_widget:\n      type: ButtonPanel\n      actions: {Start: \"\", Stop: \"0\"}\n";
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("e.pvi.device.yaml"), dev).unwrap();
    for (flags, start) in [
        (&[][..], "<value></value>"),
        (&["--pvi-compat"][..], "<value>value</value>"),
    ] {
        let mut args = vec!["format", "e.bob", "e.pvi.device.yaml"];
        args.extend_from_slice(flags);
        let o = pvi(&args, d.path());
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let bob = std::fs::read_to_string(d.path().join("e.bob")).unwrap();
        let values: Vec<&str> = bob
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with("<value>"))
            .collect();
        assert_eq!(values, [start, "<value>0</value>"], "{flags:?}");
    }
}

const TWO_OF_ONE_NAME: &str = "label: Dup
children:
  - type: SignalR
    name: BinX
    read_pv: P:BinX_RBV
  - type: Group
    name: More
    layout:
      type: Grid
    children:
      - type: SignalW
        name: BinX
        write_pv: P:BinX2
";

#[test]
fn two_components_of_one_name_warn_and_strict_refuses() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("dup.pvi.device.yaml"), TWO_OF_ONE_NAME).unwrap();
    // a located warning; the screen and the template are written
    for args in [
        &["format", "dup.bob", "dup.pvi.device.yaml"][..],
        &[
            "generate-template",
            "dup.pvi.device.yaml",
            "P:",
            "dup.template",
        ][..],
    ] {
        let o = pvi(args, d.path());
        assert!(o.status.success(), "{o:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("warning: two components are named `BinX`"),
            "{err}"
        );
        assert!(err.contains("dup.pvi.device.yaml:11:9"), "{err}");
        assert!(
            err.contains("the first is at dup.pvi.device.yaml:3:5"),
            "{err}"
        );
    }
    // --strict: an error, nothing written
    for (args, out) in [
        (
            &["format", "s.bob", "dup.pvi.device.yaml", "--strict"][..],
            "s.bob",
        ),
        (
            &[
                "generate-template",
                "dup.pvi.device.yaml",
                "P:",
                "s.template",
                "--strict",
            ][..],
            "s.template",
        ),
    ] {
        let o = pvi(args, d.path());
        assert_eq!(o.status.code(), Some(1), "{o:?}");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("error: two components are named `BinX`")
        );
        assert!(!d.path().join(out).exists());
    }
}
