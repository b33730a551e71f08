//! The `pvi` binary end to end: exit codes, messages, outputs.

#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use std::path::Path;
use std::process::{Command, Output};

fn pvi(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pvi"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("pvi runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const DEVICE: &str = "label: Demo\nchildren:\n  - {type: SignalR, name: Temp, read_pv: $(P)Temp}\n  - {type: Include, file_name: base}\n";
const BASE: &str = "label: Base\nchildren:\n  - {type: SignalRW, name: Gain, write_pv: $(P)Gain}\n";

fn setup() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir(d.path().join("lib")).unwrap();
    std::fs::write(d.path().join("demo.pvi.device.yaml"), DEVICE).unwrap();
    std::fs::write(d.path().join("lib/base.pvi.device.yaml"), BASE).unwrap();
    d
}

#[test]
fn version_prints_the_package_version() {
    // says what it is and which pvi release it reproduces
    let d = setup();
    let o = pvi(d.path(), &["--version"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        text(&o.stdout).trim(),
        format!(
            "pvi-rs {} (compatible with pvi 0.14.4)",
            env!("CARGO_PKG_VERSION")
        )
    );
}

#[test]
fn usage_errors_exit_2() {
    let d = setup();
    assert_eq!(pvi(d.path(), &[]).status.code(), Some(2));
    assert_eq!(
        pvi(d.path(), &["generate-template", "x"]).status.code(),
        Some(2)
    );
    assert_eq!(pvi(d.path(), &["no-such-command"]).status.code(), Some(2));
    assert_eq!(pvi(d.path(), &["--help"]).status.code(), Some(0));
}

#[test]
fn generate_template_resolves_includes_with_yaml_path() {
    let d = setup();
    let o = pvi(
        d.path(),
        &[
            "generate-template",
            "demo.pvi.device.yaml",
            "$(P)",
            "out.template",
            "--yaml-path",
            "lib",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let t = std::fs::read_to_string(d.path().join("out.template")).unwrap();
    assert!(
        t.contains("\"pvi.Temp.r\"") && t.contains("\"pvi.Gain.rw\""),
        "{t}"
    );
}

#[test]
fn unresolved_include_fails_without_writing() {
    let d = setup();
    let o = pvi(
        d.path(),
        &[
            "generate-template",
            "demo.pvi.device.yaml",
            "$(P)",
            "out.template",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("demo.pvi.device.yaml:4:5"),
        "{}",
        text(&o.stderr)
    );
    assert!(!d.path().join("out.template").exists());
}

#[test]
fn validation_errors_print_pvi_banner_and_location() {
    let d = setup();
    std::fs::write(
        d.path().join("bad.pvi.device.yaml"),
        "label: Bad\nchildren:\n  - {type: SignalR, name: A, red_pv: X}\n",
    )
    .unwrap();
    let o = pvi(
        d.path(),
        &[
            "generate-template",
            "bad.pvi.device.yaml",
            "P",
            "out.template",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        text(&o.stdout),
        "\nFailed to validate `bad.pvi.device.yaml` as Device:\n\n"
    );
    let err = text(&o.stderr);
    assert!(
        err.contains("bad.pvi.device.yaml:3:30") && err.contains("did you mean `read_pv`"),
        "{err}"
    );
    assert!(!err.contains("panicked"));
}

#[test]
fn existing_output_is_untouched_on_error() {
    let d = setup();
    std::fs::write(d.path().join("out.template"), "keep me").unwrap();
    let o = pvi(
        d.path(),
        &[
            "generate-template",
            "demo.pvi.device.yaml",
            "$(P)",
            "out.template",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(d.path().join("out.template")).unwrap(),
        "keep me"
    );
}

#[test]
fn missing_output_folder_is_an_error() {
    let d = setup();
    let o = pvi(
        d.path(),
        &[
            "generate-template",
            "demo.pvi.device.yaml",
            "$(P)",
            "nope/out.template",
            "--yaml-path",
            "lib",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("does not exist"));
}

#[test]
fn schema_command() {
    let d = setup();
    assert_eq!(
        pvi(d.path(), &["schema", "pvi.device.schema.json"])
            .status
            .code(),
        Some(0)
    );
    let v: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(d.path().join("pvi.device.schema.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(v["title"], "Device");
    assert_eq!(
        pvi(d.path(), &["schema", "pvi.formatter.schema.json"])
            .status
            .code(),
        Some(0)
    );
    let o = pvi(d.path(), &["schema", "out.json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("Expected 'out.json' to end with '.schema.json'"));
    let o = pvi(d.path(), &["schema", "foo.schema.json"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        text(&o.stdout),
        "Don't know how to create foo.schema.json\n"
    );
}

#[test]
fn missing_device_file() {
    let d = setup();
    let o = pvi(
        d.path(),
        &[
            "generate-template",
            "nope.pvi.device.yaml",
            "P",
            "o.template",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("nope.pvi.device.yaml"));
}

/// A reader that closes the pipe early (`pvi layout … | head`) ends the
/// command quietly: no panic, exit 0, nothing on stderr.
#[test]
fn closed_stdout_is_not_a_panic() {
    use std::io::Read;
    let d = tempfile::tempdir().unwrap();
    let mut yaml = String::from("label: Big\nchildren:\n");
    for i in 0..3000 {
        yaml.push_str(&format!(
            "  - {{type: SignalR, name: S{i}, read_pv: P{i}}}\n"
        ));
    }
    std::fs::write(d.path().join("big.pvi.device.yaml"), yaml).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_pvi"))
        .args(["layout", "big.pvi.device.yaml", "--json"])
        .current_dir(d.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("pvi runs");
    let mut first = [0u8; 10];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // the read end is dropped here: pvi's next write meets a closed pipe
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{:?} {}",
        out.status,
        text(&out.stderr)
    );
    assert!(
        !text(&out.stderr).contains("panicked"),
        "{}",
        text(&out.stderr)
    );
}

/// `regroup` and `reconvert` rewrite a symlinked device file through the
/// link, which stays.
#[cfg(unix)]
#[test]
fn regroup_and_reconvert_write_through_a_symlinked_device() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../pvi-core/tests/fixtures/convert");
    let arg = |p: &str| fixtures.join(p).to_string_lossy().into_owned();
    let d = tempfile::tempdir().unwrap();
    let o = pvi(
        d.path(),
        &[
            "convert",
            "device",
            "real",
            "--header",
            &arg("small/myDriver.h"),
            "--template",
            &arg("small/myDriver.template"),
        ],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let link = d.path().join("dev.pvi.device.yaml");
    std::os::unix::fs::symlink("real/myDriver.pvi.device.yaml", &link).unwrap();
    let before = std::fs::read_to_string(&link).unwrap();
    let o = pvi(
        d.path(),
        &[
            "reconvert",
            "dev.pvi.device.yaml",
            "--template",
            &arg("small/myDriverStatus.template"),
        ],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let reconverted = std::fs::read_to_string(&link).unwrap();
    assert_ne!(reconverted, before);
    let o = pvi(
        d.path(),
        &[
            "regroup",
            "dev.pvi.device.yaml",
            &arg("legacy/myDriver.adl"),
            &arg("legacy/myDriverStatus.edl"),
        ],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_ne!(std::fs::read_to_string(&link).unwrap(), reconverted);
    let mut left: Vec<_> = std::fs::read_dir(d.path().join("real"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    left.sort();
    assert_eq!(left, ["myDriver.pvi.device.yaml"]);
}

/// The schemas the examples point their editors at (`schemas/`) are the
/// ones `pvi schema` writes: regenerate them with
/// `pvi schema schemas/pvi.device.schema.json` (and `pvi.formatter…`).
#[test]
fn shipped_schemas_are_current() {
    let d = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for name in ["pvi.device.schema.json", "pvi.formatter.schema.json"] {
        let o = pvi(d.path(), &["schema", name]);
        assert!(o.status.success(), "{}", text(&o.stderr));
        let fresh = std::fs::read_to_string(d.path().join(name)).unwrap();
        let shipped = std::fs::read_to_string(repo.join("schemas").join(name)).unwrap();
        assert_eq!(
            fresh, shipped,
            "schemas/{name} is stale: regenerate it with pvi schema"
        );
    }
}

/// A FIFO named like an include in a search folder is reported, not waited
/// on (opening it for reading would block until a writer came).
#[cfg(unix)]
#[test]
fn a_fifo_in_a_search_folder_does_not_hang() {
    let d = setup();
    let fifo = d.path().join("lib/base.pvi.device.yaml");
    std::fs::remove_file(&fifo).unwrap();
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo here
    }
    let t = std::time::Instant::now();
    let o = pvi(
        d.path(),
        &[
            "format",
            "o.bob",
            "demo.pvi.device.yaml",
            "--yaml-path",
            "lib",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("not a regular file"),
        "{}",
        text(&o.stderr)
    );
    assert!(t.elapsed().as_secs() < 5);
}
