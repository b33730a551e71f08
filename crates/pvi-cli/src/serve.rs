//! A tiny HTTP/1.1 server on 127.0.0.1 for `pvi preview`: static pages
//! embedded in the binary plus two JSON endpoints. One thread per
//! connection (a bounded number), one request per connection
//! (`Connection: close`), GET only, loopback `Host` only; the head is read
//! with size limits and a deadline (docs/security.md, "The preview server").

#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use crate::http::{self, parse_head, HeadLimits, Scan, Scanner};
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// A response: status, content type and body.
pub struct Response {
    /// HTTP status code.
    pub status: u16,
    /// `Content-Type` header.
    pub content_type: &'static str,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl Response {
    /// A 200 response.
    pub fn ok(content_type: &'static str, body: impl Into<Vec<u8>>) -> Self {
        Response {
            status: 200,
            content_type,
            body: body.into(),
        }
    }

    /// A 404 response.
    pub fn not_found() -> Self {
        Response {
            status: 404,
            content_type: "text/plain; charset=utf-8",
            body: b"not found\n".to_vec(),
        }
    }
}

/// The shared, versioned state the page polls: a JSON document and its version.
#[derive(Default)]
pub struct Shared {
    state: Mutex<(u64, String)>,
    changed: Condvar,
}

impl Shared {
    /// Replaces the state and wakes waiting requests; returns the new version.
    pub fn publish(&self, json: impl FnOnce(u64) -> String) -> u64 {
        let mut g = self.state.lock().unwrap_or_else(|e| e.into_inner());
        g.0 += 1;
        g.1 = json(g.0);
        self.changed.notify_all();
        g.0
    }

    /// The current version and JSON.
    pub fn current(&self) -> (u64, String) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Waits until the version differs from `since` or `limit` passes; returns
    /// the version then.
    pub fn wait(&self, since: u64, limit: Duration) -> u64 {
        let g = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let (g, _) = self
            .changed
            .wait_timeout_while(g, limit, |s| s.0 == since)
            .unwrap_or_else(|e| e.into_inner());
        g.0
    }
}

/// Binds 127.0.0.1:`port` (0 = any free port).
pub fn bind(port: u16) -> std::io::Result<TcpListener> {
    TcpListener::bind(("127.0.0.1", port))
}

/// What the server allows a client (docs/security.md, "The preview server").
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Connections served at once; one more is answered 503.
    pub max_connections: usize,
    /// Time for the whole request head to arrive; a slower client gets 408.
    pub head_timeout: Duration,
    /// Time for each write of the response.
    pub write_timeout: Duration,
    /// Sizes of the request head.
    pub head: HeadLimits,
}

impl Default for Limits {
    /// 32 connections, 10 s for the head, 10 s per write, [`HeadLimits`]'s defaults.
    fn default() -> Self {
        Limits {
            max_connections: 32,
            head_timeout: Duration::from_secs(10),
            write_timeout: Duration::from_secs(10),
            head: HeadLimits::default(),
        }
    }
}

/// Serves requests with `route(target)`, one thread per connection (at
/// most `limits.max_connections`), until `stop` is set (looked at after
/// each connection is accepted).
pub fn serve<F>(listener: TcpListener, limits: Limits, route: F, stop: Arc<AtomicBool>)
where
    F: Fn(&str) -> Response + Send + Sync + 'static,
{
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(0);
    let route = Arc::new(route);
    let active = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else {
            // e.g. out of file descriptors: do not spin
            std::thread::sleep(Duration::from_millis(10));
            continue;
        };
        let Some(slot) = Slot::take(&active, limits.max_connections) else {
            let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
            let _ = answer(&stream, &refusal(503, "too many connections"));
            continue;
        };
        let route = Arc::clone(&route);
        let spawned = std::thread::Builder::new()
            .name("http".into())
            .spawn(move || {
                let _slot = slot;
                let _ = handle(stream, port, &limits, &*route);
            });
        // (not spawned: the closure, its slot and the stream are dropped)
        let _ = spawned;
    }
}

/// One of the `max_connections` places; given back when dropped.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(active: &Arc<AtomicUsize>, max: usize) -> Option<Slot> {
        active
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < max).then_some(n + 1)
            })
            .ok()
            .map(|_| Slot(Arc::clone(active)))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn refusal(status: u16, why: &str) -> Response {
    Response {
        status,
        content_type: "text/plain; charset=utf-8",
        body: format!("{why}\n").into_bytes(),
    }
}

/// Reads the head (bounded in size and time), checks it, answers.
fn handle(
    stream: TcpStream,
    port: u16,
    limits: &Limits,
    route: &dyn Fn(&str) -> Response,
) -> std::io::Result<()> {
    stream.set_write_timeout(Some(limits.write_timeout))?;
    let deadline = Instant::now() + limits.head_timeout;
    let mut buf = Vec::with_capacity(2048);
    let mut chunk = [0u8; 4096];
    let mut scanner = Scanner::default();
    let head_len = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return answer(&stream, &refusal(408, "request head not received in time"));
        }
        stream.set_read_timeout(Some(left))?;
        // never more than the limit allows, plus one byte to see it passed
        let room =
            (limits.head.max_head + 1 - buf.len().min(limits.head.max_head)).min(chunk.len());
        let n = match (&stream).read(&mut chunk[..room]) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return answer(&stream, &refusal(408, "request head not received in time"));
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        buf.extend_from_slice(&chunk[..n]);
        match scanner.feed(&buf, &limits.head) {
            Scan::More => {}
            Scan::Head(n) => break n,
            Scan::Refuse(r) => return answer(&stream, &refusal(r.status, r.why)),
        }
    };
    let resp = match parse_head(&buf[..head_len]).and_then(|req| {
        http::check(&req, port)?;
        Ok(req.target)
    }) {
        Ok(target) => route(target),
        Err(r) => refusal(r.status, r.why),
    };
    answer(&stream, &resp)
}

/// Writes the response and closes the connection.
fn answer(mut stream: &TcpStream, resp: &Response) -> std::io::Result<()> {
    let allow = if resp.status == 405 {
        "Allow: GET\r\n"
    } else {
        ""
    };
    let head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n{allow}\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\
         Cross-Origin-Resource-Policy: same-origin\r\nX-Frame-Options: DENY\r\n\
         Connection: close\r\n\r\n",
        resp.status,
        http::reason(resp.status),
        resp.content_type,
        resp.body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(&resp.body)?;
    stream.flush()?;
    stream.shutdown(Shutdown::Write)
}

/// Splits `/path?a=1&b=2` into the path and its query pairs.
pub fn split_query(target: &str) -> (&str, Vec<(&str, &str)>) {
    match target.split_once('?') {
        Some((p, q)) => (
            p,
            q.split('&')
                .filter_map(|kv| kv.split_once('=').or(Some((kv, ""))))
                .collect(),
        ),
        None => (target, Vec::new()),
    }
}

#[cfg(test)]
mod tests;
