//! HTTP/1.1 request heads for the preview server: the size limits checked
//! while the head arrives, its parsing, and the Host and Origin rules
//! (docs/security.md, "The preview server"). No I/O and no other module
//! used: the fuzz target `http_request` includes this file as it is.

/// Size limits of a request head.
#[derive(Debug, Clone, Copy)]
pub struct HeadLimits {
    /// Longest request line or header line, without its line end.
    pub max_line: usize,
    /// Longest head: request line, headers and the blank line.
    pub max_head: usize,
    /// Most header lines.
    pub max_headers: usize,
}

impl Default for HeadLimits {
    /// 8 KiB lines, a 64 KiB head, 100 headers.
    fn default() -> Self {
        HeadLimits {
            max_line: 8 * 1024,
            max_head: 64 * 1024,
            max_headers: 100,
        }
    }
}

/// Why a request is refused: the status to answer and a short text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reject {
    /// HTTP status code.
    pub status: u16,
    /// Body text.
    pub why: &'static str,
}

const fn reject(status: u16, why: &'static str) -> Reject {
    Reject { status, why }
}

/// What the bytes read so far amount to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scan {
    /// The head is not complete yet: read more.
    More,
    /// The head is the first this many bytes (the blank line included).
    Head(usize),
    /// Over a limit: answer this and read no more.
    Refuse(Reject),
}

/// Finds the end of a head as its bytes arrive, checking the limits on
/// the way; each byte is looked at once.
#[derive(Debug, Default)]
pub struct Scanner {
    /// Bytes looked at.
    pos: usize,
    /// Where the current line starts.
    line_start: usize,
    /// Complete lines seen (request line and headers; leading blank
    /// lines not counted).
    lines: usize,
}

impl Scanner {
    /// Looks at `buf`, the bytes read so far (the same buffer, grown).
    pub fn feed(&mut self, buf: &[u8], limits: &HeadLimits) -> Scan {
        let too_long = |lines: usize| {
            if lines == 0 {
                reject(414, "request line too long")
            } else {
                reject(431, "header line too long")
            }
        };
        while self.pos < buf.len() {
            let Some(nl) = buf[self.pos..].iter().position(|&b| b == b'\n') else {
                self.pos = buf.len();
                break;
            };
            let end = self.pos + nl;
            self.pos = end + 1;
            let line = &buf[self.line_start..end];
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            self.line_start = self.pos;
            if line.len() > limits.max_line {
                return Scan::Refuse(too_long(self.lines));
            }
            if line.is_empty() {
                if self.pos > limits.max_head {
                    return Scan::Refuse(reject(431, "request head too large"));
                }
                if self.lines > 0 {
                    return Scan::Head(self.pos);
                }
                // blank lines before the request line are ignored (RFC 9112 2.2)
                continue;
            }
            self.lines += 1;
            if self.lines > limits.max_headers + 1 {
                return Scan::Refuse(reject(431, "too many header lines"));
            }
        }
        if buf.len() - self.line_start > limits.max_line + 1 {
            return Scan::Refuse(too_long(self.lines));
        }
        if buf.len() >= limits.max_head {
            return Scan::Refuse(reject(431, "request head too large"));
        }
        Scan::More
    }
}

/// The parts of a request the server uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request<'a> {
    /// `GET`, ...
    pub method: &'a str,
    /// The origin-form target: `/path?query`.
    pub target: &'a str,
    /// The `Host` header.
    pub host: &'a str,
    /// The `Origin` header, if sent.
    pub origin: Option<&'a str>,
    /// The `Sec-Fetch-Site` header, if sent.
    pub fetch_site: Option<&'a str>,
}

/// Parses a head that [`Scanner`] found (line ends `\r\n` or `\n`).
pub fn parse_head(head: &[u8]) -> Result<Request<'_>, Reject> {
    let bad = |why| reject(400, why);
    let mut lines = head
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .skip_while(|l| l.is_empty());
    let first = lines.next().ok_or(bad("no request line"))?;
    let first = std::str::from_utf8(first).map_err(|_| bad("request line is not ASCII"))?;
    if !first.is_ascii() || first.bytes().any(|b| b.is_ascii_control()) {
        return Err(bad("request line is not ASCII"));
    }
    let mut parts = first.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad("malformed request line"));
    };
    if method.is_empty() || !method.bytes().all(is_tchar) {
        return Err(bad("malformed method"));
    }
    match version {
        "HTTP/1.1" | "HTTP/1.0" => {}
        v if v.starts_with("HTTP/") => return Err(reject(505, "only HTTP/1.x")),
        _ => return Err(bad("malformed request line")),
    }
    if !target.starts_with('/') {
        return Err(bad("the target must be a path"));
    }
    let (mut host, mut origin, mut fetch_site) = (None, None, None);
    for line in lines.take_while(|l| !l.is_empty()) {
        if line[0] == b' ' || line[0] == b'\t' {
            return Err(bad("folded header lines are not accepted"));
        }
        let colon = line
            .iter()
            .position(|&b| b == b':')
            .ok_or(bad("header line without ':'"))?;
        let (name, value) = (&line[..colon], &line[colon + 1..]);
        if name.is_empty() || !name.iter().all(|&b| is_tchar(b)) {
            return Err(bad("malformed header name"));
        }
        if value.iter().any(|&b| b == b'\r' || b == 0) {
            return Err(bad("malformed header value"));
        }
        let slot = if name.eq_ignore_ascii_case(b"host") {
            &mut host
        } else if name.eq_ignore_ascii_case(b"origin") {
            &mut origin
        } else if name.eq_ignore_ascii_case(b"sec-fetch-site") {
            &mut fetch_site
        } else {
            continue;
        };
        if slot.is_some() {
            return Err(bad("a header given twice"));
        }
        let value = std::str::from_utf8(value)
            .ok()
            .filter(|v| v.is_ascii())
            .ok_or(bad("header value is not ASCII"))?;
        *slot = Some(value.trim_matches([' ', '\t']));
    }
    Ok(Request {
        method,
        target,
        host: host.ok_or(bad("no Host header"))?,
        origin,
        fetch_site,
    })
}

/// RFC 9110 token characters.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// A loopback name with the server's port: `127.0.0.1:PORT`,
/// `localhost:PORT` or `[::1]:PORT` (the port may be left out when it is 80).
pub fn host_allowed(host: &str, port: u16) -> bool {
    let (name, p) = match host.rsplit_once(':') {
        Some((n, p)) if !n.ends_with(':') => (n, Some(p)),
        _ => (host, None),
    };
    let port_ok = match p {
        Some(p) => p.parse::<u16>().ok() == Some(port) && p.bytes().all(|b| b.is_ascii_digit()),
        None => port == 80,
    };
    port_ok && (name == "127.0.0.1" || name == "[::1]" || name.eq_ignore_ascii_case("localhost"))
}

/// The page's own origin: `http://` and the (checked) Host.
pub fn origin_allowed(origin: &str, host: &str) -> bool {
    origin
        .strip_prefix("http://")
        .is_some_and(|o| o.eq_ignore_ascii_case(host))
}

/// `Sec-Fetch-Site`, which browsers send: the page itself or the user
/// (typed address, bookmark) only.
pub fn fetch_site_allowed(site: &str) -> bool {
    site == "same-origin" || site == "none"
}

/// Checks a parsed request against the rules above; `port` is the
/// server's.
pub fn check(req: &Request, port: u16) -> Result<(), Reject> {
    if !host_allowed(req.host, port) {
        return Err(reject(
            421,
            "Host must be 127.0.0.1, localhost or [::1] with this port",
        ));
    }
    if req.origin.is_some_and(|o| !origin_allowed(o, req.host)) {
        return Err(reject(403, "cross-origin request"));
    }
    if req.fetch_site.is_some_and(|s| !fetch_site_allowed(s)) {
        return Err(reject(403, "cross-site request"));
    }
    if req.method != "GET" {
        return Err(reject(405, "only GET"));
    }
    Ok(())
}

/// The reason phrase of the statuses the server sends.
pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        414 => "URI Too Long",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn scan_all(bytes: &[u8], chunk: usize, limits: &HeadLimits) -> Scan {
        let mut s = Scanner::default();
        let mut end = 0;
        loop {
            end = (end + chunk.max(1)).min(bytes.len());
            match s.feed(&bytes[..end], limits) {
                Scan::More if end < bytes.len() => {}
                r => return r,
            }
        }
    }

    #[test]
    fn a_request_parses() {
        let raw = b"\r\nGET /api/state?x=1 HTTP/1.1\r\nHost: localhost:8765\r\nOrigin: http://localhost:8765\r\nX: y\r\n\r\nbody";
        let n = match scan_all(raw, 3, &HeadLimits::default()) {
            Scan::Head(n) => n,
            r => panic!("{r:?}"),
        };
        assert_eq!(&raw[n..], b"body");
        let r = parse_head(&raw[..n]).unwrap();
        assert_eq!(
            (r.method, r.target, r.host),
            ("GET", "/api/state?x=1", "localhost:8765")
        );
        assert_eq!(check(&r, 8765), Ok(()));
        assert_eq!(check(&r, 8766).unwrap_err().status, 421);
    }

    #[test]
    fn hosts_and_origins() {
        for ok in ["127.0.0.1:9", "localhost:9", "LocalHost:9", "[::1]:9"] {
            assert!(host_allowed(ok, 9), "{ok}");
        }
        for bad in [
            "evil.example:9",
            "127.0.0.1",
            "127.0.0.1:09x",
            "127.0.0.1:+9",
            "localhost.:9",
            "[::1]",
            "::1:9",
            "127.0.0.2:9",
            "",
        ] {
            assert!(!host_allowed(bad, 9), "{bad}");
        }
        assert!(host_allowed("localhost", 80));
        assert!(origin_allowed("http://localhost:9", "localhost:9"));
        assert!(!origin_allowed("http://127.0.0.1:9", "localhost:9"));
        assert!(!origin_allowed("https://localhost:9", "localhost:9"));
        assert!(!origin_allowed("null", "localhost:9"));
    }

    #[test]
    fn limits() {
        let l = HeadLimits {
            max_line: 20,
            max_head: 200,
            max_headers: 2,
        };
        let long_line = format!("GET /{} HTTP/1.1\r\n", "a".repeat(30));
        assert_eq!(
            scan_all(long_line.as_bytes(), 5, &l),
            Scan::Refuse(reject(414, "request line too long"))
        );
        // no line end at all: refused once the line passes the limit
        assert_eq!(scan_all(&[b'G'; 1000], 7, &l).status(), Some(414));
        let long_header = format!("GET / HTTP/1.1\r\nX: {}", "b".repeat(30));
        assert_eq!(scan_all(long_header.as_bytes(), 4, &l).status(), Some(431));
        let many = "GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n";
        assert_eq!(scan_all(many.as_bytes(), 1, &l).status(), Some(431));
        let blank = "\r\n".repeat(150);
        assert_eq!(scan_all(blank.as_bytes(), 9, &l).status(), Some(431));
    }

    #[test]
    fn malformed_heads_are_400() {
        for raw in [
            "GET  / HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET http://x/ HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET / HTTP/1.1\r\n folded\r\nHost: a\r\n\r\n",
            "GET / HTTP/1.1\r\nHost : a\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
            "GET / HTTP/1.1\r\nX-No-Host: a\r\n\r\n",
            "G(T / HTTP/1.1\r\nHost: a\r\n\r\n",
        ] {
            assert_eq!(
                parse_head(raw.as_bytes()).map(|_| ()).unwrap_err().status,
                400,
                "{raw:?}"
            );
        }
        assert_eq!(
            parse_head(b"GET / HTTP/2\r\nHost: a\r\n\r\n")
                .unwrap_err()
                .status,
            505
        );
    }

    impl Scan {
        fn status(self) -> Option<u16> {
            match self {
                Scan::Refuse(r) => Some(r.status),
                _ => None,
            }
        }
    }

    proptest! {
        /// Arbitrary bytes in arbitrary chunks never panic; a head found is
        /// within the bytes and within the limits, and parsing it does not
        /// panic either.
        #[test]
        fn arbitrary_bytes_never_panic(
            bytes in proptest::collection::vec(any::<u8>(), 0..600),
            chunk in 1..64usize,
            line in 1..64usize,
            head in 1..400usize,
            headers in 0..8usize,
        ) {
            let l = HeadLimits { max_line: line, max_head: head, max_headers: headers };
            if let Scan::Head(n) = scan_all(&bytes, chunk, &l) {
                prop_assert!(n <= bytes.len() && n <= head);
                let _ = parse_head(&bytes[..n]).map(|r| check(&r, 8765));
            }
        }

        /// Requests made of valid parts parse back to those parts, in any
        /// chunking, with `\r\n` or `\n` line ends.
        #[test]
        fn valid_requests_round_trip(
            path in "/[a-zA-Z0-9/?=&._-]{0,40}",
            host in "(127\\.0\\.0\\.1|localhost|\\[::1\\]|[a-z]{1,10}):[0-9]{1,5}",
            extra in proptest::collection::vec(("[A-Za-z][A-Za-z0-9-]{0,10}", "[ -~]{0,20}"), 0..5),
            crlf in any::<bool>(),
            chunk in 1..50usize,
        ) {
            let nl = if crlf { "\r\n" } else { "\n" };
            let mut raw = format!("GET {path} HTTP/1.1{nl}Host: {host}{nl}");
            for (n, v) in &extra {
                let n = if ["host", "origin", "sec-fetch-site"].contains(&n.to_ascii_lowercase().as_str()) { "X" } else { n };
                raw.push_str(&format!("{n}: {v}{nl}"));
            }
            raw.push_str(nl);
            let n = match scan_all(raw.as_bytes(), chunk, &HeadLimits::default()) {
                Scan::Head(n) => n,
                r => return Err(TestCaseError::fail(format!("{r:?}"))),
            };
            prop_assert_eq!(n, raw.len());
            let r = parse_head(raw.as_bytes()).map_err(|e| TestCaseError::fail(e.why))?;
            prop_assert_eq!((r.method, r.target, r.host), ("GET", path.as_str(), host.as_str()));
        }
    }
}
