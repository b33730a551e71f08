//! Killing `pvi format` while it writes a large output set: SIGKILL leaves
//! temporary files that the next run removes, and that run's files are
//! complete; SIGTERM rolls the write back and exits 143.

#![allow(clippy::disallowed_methods, clippy::disallowed_types)]
#![cfg(unix)]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Sub-screens in the generated device: one file each.
const GROUPS: usize = 400;

/// A device of `GROUPS` sub-screen groups; `label` tells versions apart.
fn device(label: &str) -> String {
    let mut s = format!("label: {label}\nchildren:\n");
    for g in 0..GROUPS {
        s.push_str(&format!(
            "  - type: Group\n    name: G{g}\n    layout: {{type: SubScreen}}\n    children:\n"
        ));
        for i in 0..10 {
            s.push_str(&format!(
                "      - {{type: SignalR, name: S{i}, read_pv: $(P){label}{g}S{i}}}\n"
            ));
        }
    }
    s
}

fn format_cmd(dir: &Path, device: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_pvi"));
    c.args(["format", "out/big.bob", device])
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

/// Every file of `out/` with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir.join("out"))
        .expect("out/")
        .flatten()
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).unwrap_or_default())
        })
        .collect()
}

fn temporaries(dir: &Path) -> Vec<String> {
    files(dir)
        .into_keys()
        .filter(|n| n.starts_with(".pvi-") && n.ends_with(".tmp"))
        .collect()
}

/// Runs `pvi format` to the end and returns what it wrote.
fn reference(device_text: &str) -> BTreeMap<String, Vec<u8>> {
    let d = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(d.path().join("out")).expect("out/");
    std::fs::write(d.path().join("d.pvi.device.yaml"), device_text).expect("device");
    let o = format_cmd(d.path(), "d.pvi.device.yaml")
        .output()
        .expect("runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    files(d.path())
}

/// Waits until the child has a temporary file in `out/` (its write has
/// begun) or has exited; true for the first.
fn wait_for_write(child: &mut Child, dir: &Path) -> bool {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if !temporaries(dir).is_empty() {
            return true;
        }
        if child.try_wait().ok().flatten().is_some() {
            return false;
        }
    }
    false
}

/// A small xorshift generator: the delays need no more.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

#[test]
fn sigkill_mid_write_then_a_rerun_leaves_complete_files_and_no_temporaries() {
    let old = reference(&device("Old"));
    let new = reference(&device("New"));
    assert_eq!(old.len(), GROUPS + 1);
    let d = tempfile::tempdir().expect("tempdir");
    let dir = d.path();
    std::fs::create_dir(dir.join("out")).expect("out/");
    std::fs::write(dir.join("old.pvi.device.yaml"), device("Old")).expect("device");
    std::fs::write(dir.join("new.pvi.device.yaml"), device("New")).expect("device");
    assert!(format_cmd(dir, "old.pvi.device.yaml")
        .status()
        .expect("runs")
        .success());
    let started = Instant::now();
    assert!(format_cmd(dir, "new.pvi.device.yaml")
        .status()
        .expect("runs")
        .success());
    let full_run = started.elapsed().as_micros() as u64;
    let seed = u64::from(std::process::id()) << 20 | started.elapsed().as_nanos() as u64;
    let mut rng = Rng(seed | 1);
    let mut mid_write = 0;
    for round in 0..12 {
        let device = if round % 2 == 0 { "old" } else { "new" };
        let mut child = format_cmd(dir, &format!("{device}.pvi.device.yaml"))
            .spawn()
            .expect("spawn");
        if round % 3 == 0 {
            // anywhere in the run
            std::thread::sleep(Duration::from_micros(rng.below(full_run)));
        } else if wait_for_write(&mut child, dir) {
            // somewhere in the write
            std::thread::sleep(Duration::from_micros(rng.below(3_000)));
        }
        let _ = child.kill();
        let _ = child.wait();
        if !temporaries(dir).is_empty() {
            mid_write += 1;
        }
        // never a partly written target: each file is wholly old or new
        for (name, bytes) in files(dir) {
            if let (Some(o), Some(n)) = (old.get(&name), new.get(&name)) {
                assert!(bytes == *o || bytes == *n, "round {round}: {name} is torn");
            }
        }
    }
    eprintln!("{mid_write} of 12 kills left temporary files (seed {seed})");
    let o = format_cmd(dir, "new.pvi.device.yaml")
        .output()
        .expect("runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(temporaries(dir), Vec::<String>::new());
    assert!(files(dir) == new, "the rerun wrote the complete new set");
}

fn send(child: &Child, signal: &str) {
    let ok = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(ok.success());
}

#[test]
fn sigterm_mid_write_rolls_back_and_exits_143() {
    let old = reference(&device("Old"));
    let new = reference(&device("New"));
    let d = tempfile::tempdir().expect("tempdir");
    let dir = d.path();
    std::fs::create_dir(dir.join("out")).expect("out/");
    std::fs::write(dir.join("old.pvi.device.yaml"), device("Old")).expect("device");
    std::fs::write(dir.join("new.pvi.device.yaml"), device("New")).expect("device");
    assert!(format_cmd(dir, "old.pvi.device.yaml")
        .status()
        .expect("runs")
        .success());
    let mut rolled_back = 0;
    for _ in 0..10 {
        let mut child = format_cmd(dir, "new.pvi.device.yaml")
            .spawn()
            .expect("spawn");
        let writing = wait_for_write(&mut child, dir);
        if writing {
            send(&child, "-TERM");
        }
        let status = child.wait().expect("wait");
        assert_eq!(temporaries(dir), Vec::<String>::new());
        let now = files(dir);
        match status.code() {
            // the signal came after the last rename: the new set stands
            Some(0) => assert!(now == new, "exit 0 with an incomplete set"),
            Some(143) => {
                assert!(now == old || now == new, "exit 143 left a mix");
                rolled_back += usize::from(now == old);
            }
            other => panic!("exit {other:?}"),
        }
        if now == new {
            // back to the old set for the next round
            assert!(format_cmd(dir, "old.pvi.device.yaml")
                .status()
                .expect("runs")
                .success());
        }
        if rolled_back >= 2 {
            break;
        }
    }
    assert!(rolled_back > 0, "no SIGTERM arrived during a write");
}

#[test]
fn sigterm_and_sigint_exit_143_and_130_without_a_write() {
    let d = tempfile::tempdir().expect("tempdir");
    let dev = d.path().join("d.pvi.device.yaml");
    std::fs::write(&dev, "label: D\nchildren: []\n").expect("device");
    for (signal, code) in [("-TERM", 143), ("-INT", 130)] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_pvi"))
            .args(["preview", "--port", "0", "--stop-after", "30"])
            .arg(&dev)
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn");
        // the first line is printed once the handlers are in place
        let mut line = String::new();
        let out = child.stdout.take().expect("stdout");
        std::io::BufRead::read_line(&mut std::io::BufReader::new(out), &mut line).expect("line");
        send(&child, signal);
        assert_eq!(child.wait().expect("wait").code(), Some(code), "{signal}");
    }
}
