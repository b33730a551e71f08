//! `pvi preview`: serves the page and the laid-out device on 127.0.0.1 and
//! publishes a new state when the file changes. Bounded: the server is
//! started with a hidden `--stop-after` and killed at the end.

#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const DEVICE: &str =
    "label: Live\nchildren:\n  - type: SignalR\n    name: Temp\n    read_pv: $(P)T\n";

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30))).ok();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n").expect("write");
    let mut buf = String::new();
    s.read_to_string(&mut buf).expect("read");
    let status = buf
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = buf
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Starts `pvi preview` on a free port; returns it and its address.
fn start(dev: &std::path::Path, stop_after: &str) -> (Server, String) {
    let child = Command::new(env!("CARGO_BIN_EXE_pvi"))
        .args(["preview", dev.to_str().unwrap_or_default()])
        .args(["--port", "0", "--stop-after", stop_after])
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn pvi preview");
    let mut server = Server(child);
    let stdout = server.0.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("first line");
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .expect("address in the first line")
        .to_string();
    assert!(addr.starts_with("127.0.0.1:"), "{line}");
    (server, addr)
}

/// Sends a raw request head, returns the status.
fn raw(addr: &str, head: &str) -> u16 {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30))).ok();
    // (a refused head may close the connection before all of it is sent)
    let _ = s.write_all(head.as_bytes());
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    String::from_utf8_lossy(&buf)
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

#[test]
fn refuses_rebinding_hosts_other_origins_and_huge_heads() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dev = dir.path().join("live.pvi.device.yaml");
    std::fs::write(&dev, DEVICE).expect("write");
    let (_server, addr) = start(&dev, "30");
    let port = addr.rsplit(':').next().unwrap_or_default();
    let state = |host: &str, extra: &str| {
        raw(
            &addr,
            &format!("GET /api/state HTTP/1.1\r\nHost: {host}\r\n{extra}\r\n"),
        )
    };
    assert_eq!(state(&addr, ""), 200);
    assert_eq!(state(&format!("localhost:{port}"), ""), 200);
    // DNS rebinding: the browser sends the attacker's name
    assert_eq!(state(&format!("rebind.example:{port}"), ""), 421);
    assert_eq!(state(&addr, "Origin: http://rebind.example\r\n"), 403);
    assert_eq!(state(&addr, &format!("Origin: http://{addr}\r\n")), 200);
    let big = "a".repeat(1 << 20);
    let started = Instant::now();
    assert_eq!(state(&addr, &format!("X-Big: {big}\r\n")), 431);
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn serves_page_and_reloads_on_change() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dev = dir.path().join("live.pvi.device.yaml");
    std::fs::write(&dev, DEVICE).expect("write");
    let (_server, addr) = start(&dev, "60");

    let (code, page) = get(&addr, "/");
    assert_eq!(code, 200);
    assert!(page.contains("pvi preview"));
    assert_eq!(get(&addr, "/preview.js").0, 200);
    assert_eq!(get(&addr, "/nope").0, 404);

    let (_, state) = get(&addr, "/api/state");
    let v: serde_json::Value = serde_json::from_str(&state).expect("json");
    assert_eq!(v["ok"], true);
    assert_eq!(v["version"], 1);
    let screens = &v["tree"]["screens"];
    assert_eq!(screens[0]["title"], "Live");
    assert_eq!(screens[0]["items"][0]["source"]["line"], 3);

    // break the file: a new version with a diagnostic at line 4
    std::fs::write(&dev, DEVICE.replace("name: Temp", "name: temp")).expect("write");
    let started = Instant::now();
    let mut version = 1;
    while version == 1 && started.elapsed() < Duration::from_secs(30) {
        let (_, w) = get(&addr, "/api/wait?since=1");
        let w: serde_json::Value = serde_json::from_str(&w).expect("json");
        version = w["version"].as_u64().unwrap_or(1);
    }
    assert_eq!(version, 2, "no reload within 30 s");
    let (_, state) = get(&addr, "/api/state");
    let v: serde_json::Value = serde_json::from_str(&state).expect("json");
    assert_eq!(v["ok"], false);
    assert_eq!(v["diagnostics"][0]["start"]["line"], 4);
}
