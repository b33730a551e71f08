//! The server under attack: each test starts it on 127.0.0.1, port 0, with
//! small limits, and stops it at the end.

use super::*;
use std::io::Read;

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

/// A server on a free port, stopped when dropped.
struct Running {
    addr: std::net::SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Running {
    fn start(limits: Limits) -> Running {
        let listener = bind(0).expect("bind");
        let addr = listener.local_addr().expect("addr");
        let stop = Arc::new(AtomicBool::new(false));
        let stop2 = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let route = |t: &str| Response::ok("text/plain", format!("you asked for {t}"));
            serve(listener, limits, route, stop2)
        });
        Running {
            addr,
            stop,
            thread: Some(thread),
        }
    }

    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.addr.port())
    }

    fn connect(&self) -> TcpStream {
        let s = TcpStream::connect(self.addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(20)))
            .expect("timeout");
        s
    }

    /// Sends `raw`, returns the status and body.
    fn ask(&self, raw: &str) -> (u16, String) {
        let mut s = self.connect();
        s.write_all(raw.as_bytes()).expect("write");
        read_response(&mut s)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn read_response(s: &mut TcpStream) -> (u16, String) {
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

fn small() -> Limits {
    Limits {
        max_connections: 4,
        head_timeout: Duration::from_millis(500),
        write_timeout: Duration::from_secs(2),
        head: HeadLimits::default(),
    }
}

#[test]
fn loopback_hosts_are_served() {
    let srv = Running::start(small());
    let port = srv.addr.port();
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let (code, body) = srv.ask(&format!("GET /x?y HTTP/1.1\r\nHost: {host}\r\n\r\n"));
        assert_eq!((code, body.as_str()), (200, "you asked for /x?y"), "{host}");
    }
}

#[test]
fn a_rebinding_host_is_refused() {
    let srv = Running::start(small());
    let port = srv.addr.port();
    for host in [
        format!("evil.example:{port}"),
        "127.0.0.1:1".to_string(),
        "localhost".to_string(),
    ] {
        let (code, _) = srv.ask(&format!("GET /api/state HTTP/1.1\r\nHost: {host}\r\n\r\n"));
        assert_eq!(code, 421, "{host}");
    }
    let (code, _) = srv.ask("GET /api/state HTTP/1.1\r\n\r\n");
    assert_eq!(code, 400, "no Host");
}

#[test]
fn another_origin_is_refused() {
    let srv = Running::start(small());
    let host = srv.host();
    let ask = |extra: &str| {
        srv.ask(&format!("GET / HTTP/1.1\r\nHost: {host}\r\n{extra}\r\n"))
            .0
    };
    assert_eq!(ask(&format!("Origin: http://{host}\r\n")), 200);
    assert_eq!(ask("Origin: http://evil.example\r\n"), 403);
    assert_eq!(ask("Origin: null\r\n"), 403);
    assert_eq!(
        ask(&format!("Origin: http://localhost:{}\r\n", srv.addr.port())),
        403
    );
    assert_eq!(ask("Sec-Fetch-Site: same-origin\r\n"), 200);
    assert_eq!(ask("Sec-Fetch-Site: cross-site\r\n"), 403);
    assert_eq!(
        srv.ask(&format!("POST / HTTP/1.1\r\nHost: {host}\r\n\r\n"))
            .0,
        405
    );
}

#[test]
fn a_huge_header_gets_431_at_once() {
    let srv = Running::start(small());
    let mut s = srv.connect();
    let mut w = s.try_clone().expect("clone");
    let host = srv.host();
    // writes until the server closes: up to 256 MiB of one header line
    let writer = std::thread::spawn(move || {
        let _ = write!(w, "GET / HTTP/1.1\r\nHost: {host}\r\nX-Big: ");
        let chunk = vec![b'a'; 1 << 20];
        let mut sent = 0usize;
        while sent < 256 << 20 && w.write_all(&chunk).is_ok() {
            sent += chunk.len();
        }
        sent
    });
    let started = Instant::now();
    let (code, _) = read_response(&mut s);
    assert_eq!(code, 431);
    assert!(started.elapsed() < Duration::from_secs(5));
    let sent = writer.join().expect("writer");
    // the server stopped reading after 64 KiB: the rest found no reader
    assert!(sent < 64 << 20, "the server took {sent} bytes");
}

#[test]
fn a_long_request_line_gets_414() {
    let srv = Running::start(small());
    let path = "a".repeat(9000);
    let (code, _) = srv.ask(&format!(
        "GET /{path} HTTP/1.1\r\nHost: {}\r\n\r\n",
        srv.host()
    ));
    assert_eq!(code, 414);
}

#[test]
fn too_many_headers_get_431() {
    let srv = Running::start(small());
    let headers: String = (0..101).map(|i| format!("X-{i}: {i}\r\n")).collect();
    let (code, _) = srv.ask(&format!(
        "GET / HTTP/1.1\r\nHost: {}\r\n{headers}\r\n",
        srv.host()
    ));
    assert_eq!(code, 431);
}

#[test]
fn a_slow_client_is_dropped_after_the_head_timeout() {
    let srv = Running::start(small());
    let mut s = srv.connect();
    let mut w = s.try_clone().expect("clone");
    let host = srv.host();
    let started = Instant::now();
    // one byte every 100 ms: each read is quick, the head never completes in time
    let writer = std::thread::spawn(move || {
        for b in format!("GET / HTTP/1.1\r\nHost: {host}\r\nX: ")
            .bytes()
            .cycle()
            .take(100)
        {
            if w.write_all(&[b]).is_err() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    });
    let (code, _) = read_response(&mut s);
    let took = started.elapsed();
    assert_eq!(code, 408);
    assert!(
        took >= Duration::from_millis(450) && took < Duration::from_secs(3),
        "{took:?}"
    );
    let _ = s.shutdown(Shutdown::Both);
    let _ = writer.join();
}

#[test]
fn more_connections_than_the_limit_get_503() {
    let srv = Running::start(small());
    // four idle connections hold every place
    let idle: Vec<TcpStream> = (0..4).map(|_| srv.connect()).collect();
    std::thread::sleep(Duration::from_millis(50));
    let (code, _) = srv.ask(&format!("GET / HTTP/1.1\r\nHost: {}\r\n\r\n", srv.host()));
    assert_eq!(code, 503);
    // the idle ones time out (408) and give their places back
    for mut s in idle {
        assert_eq!(read_response(&mut s).0, 408);
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let (code, _) = srv.ask(&format!("GET / HTTP/1.1\r\nHost: {}\r\n\r\n", srv.host()));
        if code == 200 || Instant::now() > deadline {
            assert_eq!(code, 200);
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
