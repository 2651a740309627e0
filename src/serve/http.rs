//! The preview server's HTTP: reading one bounded request, turning its
//! target into a safe site path, and writing responses.
//!
//! Why not an HTTP crate: the preview server needs GET and HEAD, one
//! request per connection and a long-lived Server-Sent Events stream.
//! `tiny_http` (the small candidate) reads header lines without any size
//! bound and buffers streamed bodies in 8 KiB chunks, so neither "bounded
//! request size" nor prompt SSE delivery could be had on top of it; the
//! async servers (hyper, axum) bring a runtime for no gain here. What is left
//! is small enough to read in one sitting and to test exhaustively:
//!
//! - [`read_request`]: at most [`MAX_REQUEST`] bytes of request line and
//!   headers, under a read timeout; a body is never read.
//! - [`site_path`]: percent-decodes the target, refuses `..`, backslashes,
//!   NUL and other control characters, empty segments (`//etc/passwd`) and
//!   anything that is not an origin-form path, and returns the path's
//!   segments. Files are then looked up in the in-memory site by that
//!   path, so nothing outside the site can be served in any case.
//! - [`Response`]: status, content type and body, written with
//!   `Connection: close`.

use std::io::{self, Read, Write};

/// Largest request line plus headers accepted, in bytes.
pub const MAX_REQUEST: usize = 16 * 1024;

/// A parsed request line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The request target as sent (`/repo/articles/a.html?x=1`).
    pub target: String,
    /// The `Host` header, when sent.
    pub host: Option<String>,
}

/// Why a request could not be read: answer with this status, or (for
/// `None`) just close the connection.
pub type ReadError = Option<u16>;

/// Reads a request line and headers (never a body) from `stream`.
pub fn read_request(stream: &mut impl Read) -> Result<Request, ReadError> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    let head_end = loop {
        if let Some(end) = find_head_end(&buf) {
            break end;
        }
        if buf.len() >= MAX_REQUEST {
            return Err(Some(431));
        }
        let want = chunk.len().min(MAX_REQUEST - buf.len());
        match stream.read(&mut chunk[..want]) {
            Ok(0) => return Err(if buf.is_empty() { None } else { Some(400) }),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return Err(None),
        }
    };
    let head = std::str::from_utf8(&buf[..head_end]).map_err(|_| Some(400))?;
    let line = head.lines().next().unwrap_or("");
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Some(400));
    };
    if !version.starts_with("HTTP/1.") || method.is_empty() || target.is_empty() {
        return Err(Some(400));
    }
    let host = head.lines().skip(1).find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("host")
            .then(|| value.trim().to_string())
    });
    Ok(Request {
        method: method.to_string(),
        target: target.to_string(),
        host,
    })
}

/// Whether a `Host` header names this machine (`localhost`, a loopback
/// address, with or without a port). A loopback-only preview refuses other
/// names, so a web page cannot read it through DNS rebinding.
pub fn is_local_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
            _ => host,
        }
    };
    let name = name.to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn find_head_end(buf: &[u8]) -> Option<usize> {
    let crlf = buf.windows(4).position(|w| w == b"\r\n\r\n");
    let lf = buf.windows(2).position(|w| w == b"\n\n");
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The decoded path of a request target: `Ok("/repo/articles/a.html")`.
///
/// Refused with 400: targets that are not an origin-form path (`*`,
/// `http://…`), that start with `//`, or whose decoded path contains a
/// backslash, a control character (NUL included), a `.` or `..` segment or
/// an empty segment; bytes that do not decode to UTF-8.
pub fn site_path(target: &str) -> Result<String, u16> {
    let raw = target.split(['?', '#']).next().unwrap_or("");
    if !raw.starts_with('/') || raw.starts_with("//") || raw.contains('\\') {
        return Err(400);
    }
    let bytes: Vec<u8> = percent_encoding::percent_decode_str(raw).collect();
    let path = String::from_utf8(bytes).map_err(|_| 400u16)?;
    if path.chars().any(|c| c == '\\' || c.is_control()) {
        return Err(400);
    }
    let inner = &path[1..];
    let segments: Vec<&str> = inner.split('/').collect();
    let last = segments.len() - 1;
    for (i, seg) in segments.iter().enumerate() {
        let empty_inside = seg.is_empty() && i != last;
        if empty_inside || *seg == "." || *seg == ".." {
            return Err(400);
        }
    }
    Ok(path)
}

/// The `Content-Type` for a file name.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" | "tml" => "application/xml; charset=utf-8",
        "atom" => "application/atom+xml; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "txt" | "md" => "text/plain; charset=utf-8",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// A complete response.
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// Extra headers (`Location`, `Allow`).
    pub headers: Vec<(&'static str, String)>,
}

impl Response {
    pub fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Self {
        Response {
            status,
            content_type,
            body: body.into(),
            headers: Vec::new(),
        }
    }

    /// A short plain-text answer for an error status.
    pub fn status(status: u16) -> Self {
        let text = format!("{status} {}\n", reason(status));
        Response::new(status, "text/plain; charset=utf-8", text)
    }

    pub fn redirect(status: u16, location: &str) -> Self {
        let mut r = Response::new(
            status,
            "text/plain; charset=utf-8",
            format!("see {location}\n"),
        );
        r.headers.push(("Location", location.to_string()));
        r
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// Writes the response; for HEAD the body is left out (its length
    /// is still announced).
    pub fn write(&self, out: &mut impl Write, head_only: bool) -> io::Result<()> {
        let mut head = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
            self.status,
            reason(self.status),
            self.content_type,
            self.body.len()
        );
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        out.write_all(head.as_bytes())?;
        if !head_only {
            out.write_all(&self.body)?;
        }
        out.flush()
    }
}

pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_that_could_leave_the_site() {
        for bad in [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2e%2e/etc/passwd",
            "/a/%2e%2e%2f%2e%2e/etc/passwd",
            "//etc/passwd",
            "/%2fetc/passwd",
            "/a\\..\\b",
            "/a%5c..%5cb",
            "/a%00.html",
            "/a/./b",
            "/a//b",
            "*",
            "http://example.org/",
            "etc/passwd",
            "/%ff",
        ] {
            assert_eq!(site_path(bad), Err(400), "{bad}");
        }
    }

    #[test]
    fn decodes_good_paths() {
        assert_eq!(site_path("/").unwrap(), "/");
        assert_eq!(site_path("/repo/").unwrap(), "/repo/");
        assert_eq!(
            site_path("/repo/a%20b.html?x=1#y").unwrap(),
            "/repo/a b.html"
        );
        assert_eq!(site_path("/caf%C3%A9/").unwrap(), "/café/");
    }

    #[test]
    fn reads_a_request_and_bounds_its_size() {
        let mut ok: &[u8] = b"GET /x HTTP/1.1\r\nhost:  localhost:1111\r\n\r\n";
        assert_eq!(
            read_request(&mut ok).unwrap(),
            Request {
                method: "GET".into(),
                target: "/x".into(),
                host: Some("localhost:1111".into()),
            }
        );
        let big = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_REQUEST));
        assert_eq!(read_request(&mut big.as_bytes()), Err(Some(431)));
        let mut cut: &[u8] = b"GET /x HT";
        assert_eq!(read_request(&mut cut), Err(Some(400)));
        let mut garbage: &[u8] = b"GET\r\n\r\n";
        assert_eq!(read_request(&mut garbage), Err(Some(400)));
        let mut empty: &[u8] = b"";
        assert_eq!(read_request(&mut empty), Err(None));
    }

    #[test]
    fn only_local_host_names_are_local() {
        for host in [
            "localhost",
            "localhost:1111",
            "LOCALHOST",
            "app.localhost:80",
            "127.0.0.1",
            "127.0.0.1:1111",
            "127.1.2.3:8",
            "[::1]",
            "[::1]:1111",
        ] {
            assert!(is_local_host(host), "{host}");
        }
        for host in [
            "example.org",
            "evil.example:1111",
            "10.0.0.1:1111",
            "localhost.evil.example",
            "[::2]:1111",
            "",
        ] {
            assert!(!is_local_host(host), "{host}");
        }
    }

    #[test]
    fn content_types() {
        for (path, want) in [
            ("index.html", "text/html; charset=utf-8"),
            ("style.css", "text/css; charset=utf-8"),
            ("app.js", "text/javascript; charset=utf-8"),
            ("timeline.json", "application/json"),
            ("atom.xml", "application/xml; charset=utf-8"),
            ("timeline.ics", "text/calendar; charset=utf-8"),
            ("logo.svg", "image/svg+xml"),
            ("a.PNG", "image/png"),
            ("a.jpg", "image/jpeg"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("a.tml", "application/xml; charset=utf-8"),
            (".nojekyll", "application/octet-stream"),
        ] {
            assert_eq!(content_type(path), want, "{path}");
        }
    }
}
