//! docs/cli.md stays true: every example runs and succeeds, and every command
//! of `pvi --help`, with each of its arguments and options, has its section.

// the examples are shell lines, run with `sh`
#![cfg(unix)]
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Repository folders holding the bundled files the examples read.
const BUNDLED: [&str; 4] = ["examples", "fixtures", "crates", "fuzz"];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn doc() -> String {
    std::fs::read_to_string(repo().join("docs/cli.md")).unwrap()
}

/// The page's sections: `## pvi NAME` heading → its text, in order.
fn sections(doc: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in doc.lines() {
        if let Some(name) = line.strip_prefix("## pvi ") {
            out.push((name.trim().to_string(), String::new()));
        } else if line.starts_with("## ") {
            out.push((String::new(), String::new()));
        } else if let Some((_, text)) = out.last_mut() {
            text.push_str(line);
            text.push('\n');
        }
    }
    out.retain(|(name, _)| !name.is_empty());
    out
}

/// The ```sh blocks of `text` that run pvi (a line starts with `pvi `).
fn examples(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut block: Option<String> = None;
    for line in text.lines() {
        match &mut block {
            None if line.trim_end() == "```sh" => block = Some(String::new()),
            None => {}
            Some(b) if line.trim_end() == "```" => {
                if b.lines().any(|l| l.starts_with("pvi ")) {
                    out.push(std::mem::take(b));
                }
                block = None;
            }
            Some(b) => {
                b.push_str(line);
                b.push('\n');
            }
        }
    }
    out
}

fn copy(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            copy(&e.path(), &to.join(e.file_name()));
        }
    } else {
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(from, to).unwrap();
    }
}

/// Runs one example as the page says: from a folder laid out like the
/// repository root (the bundled files it names copied in, an empty `out/`),
/// so that nothing is written into the repository.
fn run_example(block: &str) {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("out")).unwrap();
    for word in block.split_whitespace() {
        let word = word.trim_matches(|c| c == '\'' || c == '"');
        let word = word.rsplit('=').next().unwrap_or(word);
        let bundled = BUNDLED.iter().any(|root| {
            word.strip_prefix(root)
                .is_some_and(|r| r.is_empty() || r.starts_with('/'))
        });
        if bundled && !word.contains("..") && repo().join(word).exists() {
            copy(&repo().join(word), &tmp.path().join(word));
        }
    }
    let script = format!("pvi() {{ \"$PVI_BIN\" \"$@\"; }}\n{block}");
    let out = Command::new("sh")
        .args(["-e", "-c", &script])
        .env("PVI_BIN", env!("CARGO_BIN_EXE_pvi"))
        .env_remove("EPICS_ROOT")
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "docs/cli.md example failed ({}):\n{block}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_example_runs() {
    let doc = doc();
    let blocks = examples(&doc);
    assert!(blocks.len() >= 12, "only {} examples found", blocks.len());
    for block in blocks.iter().filter(|b| !b.contains("# no-test")) {
        run_example(block);
    }
}

/// `pvi <path> --help`, split into its `Commands:`, `Arguments:` and
/// `Options:` entries (first word of each, `help` and `--help` left out).
struct Help {
    commands: Vec<String>,
    words: Vec<String>,
}

fn help(path: &[String]) -> Help {
    let out = Command::new(env!("CARGO_BIN_EXE_pvi"))
        .args(path)
        .arg("--help")
        .output()
        .unwrap();
    assert!(out.status.success(), "pvi {} --help", path.join(" "));
    let text = String::from_utf8(out.stdout).unwrap();
    let (mut commands, mut words) = (Vec::new(), Vec::new());
    let mut part = "";
    for line in text.lines() {
        if !line.starts_with(' ') {
            part = line;
            continue;
        }
        // `  -i, --instance <FILE>  …` → `--instance`; `  <DEVICE_PATH>  …` → `DEVICE_PATH`
        let first = line
            .split_whitespace()
            .find(|w| !(w.len() == 3 && w.starts_with('-') && w.ends_with(',')))
            .unwrap_or("");
        let bracketed = first.starts_with(['<', '[']);
        let first = first.trim_matches(|c| "<>[].".contains(c));
        match part {
            "Commands:" if first != "help" => commands.push(first.to_string()),
            "Arguments:" if bracketed => words.push(first.to_string()),
            "Options:" if first.starts_with("--") && first != "--help" => {
                words.push(first.to_string())
            }
            _ => {}
        }
    }
    Help { commands, words }
}

/// Every command below `path`, depth first, with its help.
fn leaves(path: Vec<String>, out: &mut Vec<(String, Help)>) {
    let h = help(&path);
    if h.commands.is_empty() {
        out.push((path.join(" "), h));
        return;
    }
    for c in &h.commands {
        let mut p = path.clone();
        p.push(c.clone());
        leaves(p, out);
    }
}

#[test]
fn every_command_and_option_is_documented() {
    let doc = doc();
    let sections = sections(&doc);
    let mut commands = Vec::new();
    leaves(Vec::new(), &mut commands);
    assert!(commands.len() >= 12, "{} commands", commands.len());
    for (name, h) in &commands {
        let Some((_, text)) = sections.iter().find(|(n, _)| n == name) else {
            panic!("docs/cli.md has no `## pvi {name}` section");
        };
        for w in &h.words {
            assert!(
                text.contains(w.as_str()),
                "docs/cli.md `## pvi {name}` does not mention {w}"
            );
        }
        let runs = examples(text)
            .iter()
            .any(|b| b.lines().any(|l| l.starts_with(&format!("pvi {name} "))));
        assert!(
            runs,
            "docs/cli.md `## pvi {name}` has no example running it"
        );
    }
    for (name, _) in &sections {
        assert!(
            commands.iter().any(|(c, _)| c == name),
            "docs/cli.md documents `pvi {name}`, which is not a command"
        );
    }
}
