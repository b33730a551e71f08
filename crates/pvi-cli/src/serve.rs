//! A tiny HTTP/1.1 server on 127.0.0.1 for `pvi preview`: static pages
//! embedded in the binary plus two JSON endpoints. One thread per request,
//! `Connection: close`, GET only.

#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

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

/// Serves requests forever with `route(path)`, one thread per connection.
pub fn serve<F>(listener: TcpListener, route: F)
where
    F: Fn(&str) -> Response + Send + Sync + 'static,
{
    let route = Arc::new(route);
    for stream in listener.incoming().flatten() {
        let route = Arc::clone(&route);
        std::thread::spawn(move || {
            let _ = handle(stream, &*route);
        });
    }
}

fn handle(mut stream: TcpStream, route: &dyn Fn(&str) -> Response) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    // skip headers (GET only, no body)
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h == "\r\n" || h == "\n" {
            break;
        }
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let resp = if method == "GET" {
        route(target)
    } else {
        Response {
            status: 405,
            content_type: "text/plain; charset=utf-8",
            body: b"only GET\n".to_vec(),
        }
    };
    let reason = match resp.status {
        200 => "OK",
        404 => "Not Found",
        _ => "Method Not Allowed",
    };
    let head = format!(
        "HTTP/1.1 {} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        resp.status,
        resp.content_type,
        resp.body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(&resp.body)?;
    stream.flush()
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
mod tests {
    use super::*;

    #[test]
    fn query_is_split() {
        let (p, q) = split_query("/api/wait?since=3&x");
        assert_eq!(p, "/api/wait");
        assert_eq!(q, vec![("since", "3"), ("x", "")]);
    }

    #[test]
    fn wait_returns_on_publish() {
        let s = Arc::new(Shared::default());
        let s2 = Arc::clone(&s);
        let t = std::thread::spawn(move || s2.wait(0, Duration::from_secs(5)));
        std::thread::sleep(Duration::from_millis(20));
        s.publish(|v| format!("{{\"version\":{v}}}"));
        assert_eq!(t.join().ok(), Some(1));
        assert_eq!(s.wait(1, Duration::from_millis(10)), 1);
    }
}
