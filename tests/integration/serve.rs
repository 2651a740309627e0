//! `dateline serve`: the preview server started on an ephemeral loopback
//! port, spoken to with a plain `TcpStream` (bounded timeouts), edited
//! through a temporary copy of a fixture site.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use crate::common::{TempDir, copy_tree, dateline, fixture};

/// Longest any single wait in these tests may take.
const DEADLINE: Duration = Duration::from_secs(15);

/// A running `dateline serve`, killed when dropped.
struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    addr: String,
}

impl Server {
    fn start(root: &Path, extra: &[&str]) -> Server {
        let mut child = dateline()
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { return };
                if tx.send(line).is_err() {
                    return;
                }
            }
        });
        let mut server = Server {
            child,
            addr: String::new(),
        };
        let line = rx.recv_timeout(DEADLINE).expect("serve printed no address");
        let start = line.find("http://").expect("an address") + "http://".len();
        let rest = &line[start..];
        server.addr = rest[..rest.find('/').unwrap()].to_string();
        assert!(server.addr.starts_with("127.0.0.1:"), "{line}");
        server
    }

    /// Sends `request` as is and returns the whole response.
    fn raw(&self, request: &[u8]) -> Response {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(DEADLINE)).unwrap();
        s.set_write_timeout(Some(DEADLINE)).unwrap();
        s.write_all(request).unwrap();
        let mut bytes = Vec::new();
        s.read_to_end(&mut bytes).unwrap();
        Response::parse(&bytes)
    }

    fn request(&self, method: &str, target: &str) -> Response {
        self.raw(
            format!(
                "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
                self.addr
            )
            .as_bytes(),
        )
    }

    fn get(&self, target: &str) -> Response {
        self.request("GET", target)
    }

    /// Opens an event stream; its text arrives on the returned channel.
    fn events(&self, target: &str) -> Events {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.write_all(format!("GET {target} HTTP/1.1\r\nHost: {}\r\n\r\n", self.addr).as_bytes())
            .unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = s.read(&mut buf) {
                if n == 0
                    || tx
                        .send(String::from_utf8_lossy(&buf[..n]).into_owned())
                        .is_err()
                {
                    return;
                }
            }
        });
        Events {
            rx,
            text: String::new(),
            seen: 0,
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Response {
    status: u16,
    head: String,
    body: String,
}

impl Response {
    fn parse(bytes: &[u8]) -> Response {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        Response {
            status,
            head: head.to_string(),
            body: body.to_string(),
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// An open event stream.
struct Events {
    rx: Receiver<String>,
    text: String,
    /// How much of `text` earlier waits consumed.
    seen: usize,
}

impl Events {
    /// Waits for the next complete event named `name` after the ones seen
    /// so far, and returns its data.
    fn next(&mut self, name: &str) -> String {
        let deadline = Instant::now() + DEADLINE;
        let marker = format!("event: {name}\ndata: ");
        loop {
            if let Some(i) = self.text[self.seen..].find(&marker) {
                let start = self.seen + i + marker.len();
                if let Some(end) = self.text[start..].find("\n\n") {
                    self.seen = start + end + 2;
                    return self.text[start..start + end].to_string();
                }
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(chunk) => self.text.push_str(&chunk),
                Err(_) => panic!("no `{name}` event in time; stream so far:\n{}", self.text),
            }
        }
    }
}

fn site_copy(tag: &str) -> TempDir {
    let dir = TempDir::new(tag);
    copy_tree(&fixture("serve-site"), dir.path());
    dir
}

#[test]
fn serves_pages_with_types_statuses_and_the_reload_script() {
    let site = site_copy("serve-pages");
    let server = Server::start(site.path(), &[]);

    let index = server.get("/");
    assert_eq!(index.status, 200, "{}", index.head);
    assert_eq!(
        index.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(index.body.contains("Harbour talks"));
    assert!(
        index.body.contains(
            "<script src=\"/__dateline/reload.js\" data-generation=\"1\"></script></body>"
        ),
        "{}",
        index.body
    );
    assert!(!index.body.contains("dateline-overlay"));

    let article = server.get("/articles/talks-begin.html");
    assert_eq!(article.status, 200);
    assert!(article.body.contains("Talks begin in Calden"));
    // `dir/` is `dir/index.html`.
    assert_eq!(server.get("/index.html").body, index.body);

    let css = server.get("/style.css");
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert!(!css.body.contains("__dateline"));
    let robots = server.get("/robots.txt");
    assert_eq!(robots.status, 200);
    assert_eq!(
        robots.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(robots.body, "User-agent: *\nAllow: /\n");
    let script = server.get("/__dateline/reload.js");
    assert_eq!(
        script.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(script.body.contains("new EventSource"));

    let missing = server.get("/articles/nothing.html");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("__dateline/reload.js"));
    assert_eq!(
        missing.header("content-type"),
        Some("text/html; charset=utf-8")
    );

    let head = server.request("HEAD", "/");
    assert_eq!(head.status, 200);
    assert_eq!(head.body, "");
    assert_eq!(
        head.header("content-length"),
        Some(index.body.len().to_string().as_str())
    );
    for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
        let r = server.request(method, "/");
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.header("allow"), Some("GET, HEAD"));
    }
}

#[test]
fn refuses_requests_that_could_leave_the_site() {
    let site = site_copy("serve-escape");
    let server = Server::start(site.path(), &[]);
    for target in [
        "/../Cargo.toml",
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/articles/%2E%2E/%2E%2E/dateline.toml",
        "/articles%2f..%2f..%2fdateline.toml",
        "//etc/passwd",
        "/..\\..\\etc\\passwd",
        "/%5c..%5cdateline.toml",
        "/index.html%00.txt",
        "/content/talks-begin.md",
        "/dateline.toml",
    ] {
        let r = server.get(target);
        assert!(r.status == 400 || r.status == 404, "{target}: {}", r.status);
        assert!(!r.body.contains("root:"), "{target}");
        assert!(!r.body.contains("title = "), "{target}");
    }
    // Another host name (DNS rebinding) is refused; localhost is fine.
    let r = server.raw(b"GET / HTTP/1.1\r\nHost: evil.example:1111\r\n\r\n");
    assert_eq!(r.status, 403);
    let r = server.raw(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
    assert_eq!(r.status, 200);
    // A raw NUL byte in the request line.
    let r = server.raw(b"GET /index.html\0 HTTP/1.1\r\n\r\n");
    assert_eq!(r.status, 400);
    // Oversized requests are cut off, not buffered.
    let big = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(64 * 1024));
    let mut s = TcpStream::connect(&server.addr).unwrap();
    s.set_read_timeout(Some(DEADLINE)).unwrap();
    let _ = s.write_all(big.as_bytes());
    let mut bytes = Vec::new();
    let _ = s.read_to_end(&mut bytes);
    assert_eq!(Response::parse(&bytes).status, 431);
}

#[test]
fn serves_under_a_base_path_like_github_pages() {
    let site = site_copy("serve-base");
    let server = Server::start(site.path(), &["--base-path", "/repo/"]);
    let root = server.get("/");
    assert_eq!(root.status, 302);
    assert_eq!(root.header("location"), Some("/repo/"));
    let index = server.get("/repo/");
    assert_eq!(index.status, 200);
    assert!(index.body.contains("href=\"/repo/style.css\""));
    assert!(
        index
            .body
            .contains("<script src=\"/repo/__dateline/reload.js\"")
    );
    assert_eq!(server.get("/repo/articles/talks-begin.html").status, 200);
    assert_eq!(server.get("/repo/__dateline/reload.js").status, 200);
    // Nothing of the site is reachable outside the base path.
    assert_eq!(server.get("/articles/talks-begin.html").status, 404);
    assert_eq!(server.get("/__dateline/reload.js").status, 404);
    assert_eq!(server.get("/style.css").status, 404);
    let mut events = server.events("/repo/__dateline/events");
    assert_eq!(events.next("hello"), "1");
}

/// Replaces `from` by `to` in a file of the site.
fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no `{from}`");
    std::fs::write(&path, text.replace(from, to)).unwrap();
}

#[test]
fn reloads_on_change_and_overlays_errors_until_fixed() {
    let site = site_copy("serve-reload");
    let server = Server::start(site.path(), &["--base-path", "/repo/"]);
    let mut events = server.events("/repo/__dateline/events");
    assert_eq!(events.next("hello"), "1");

    // An edit is announced twice: its own page at once, then the whole
    // site with the timeline.
    let saved = Instant::now();
    edit(
        site.path(),
        "content/talks-begin.md",
        "Talks begin in Calden",
        "Talks resume in Calden",
    );
    assert_eq!(events.next("reload"), "2");
    eprintln!("save to reload event: {:?}", saved.elapsed());
    let page = server.get("/repo/articles/talks-begin.html");
    assert!(
        page.body.contains("Talks resume in Calden"),
        "{}",
        page.body
    );
    assert_eq!(events.next("reload"), "3");
    assert!(
        server
            .get("/repo/places/calden.html")
            .body
            .contains("Talks resume in Calden"),
        "the other pages follow"
    );
    let page = server.get("/repo/articles/talks-begin.html");
    assert!(page.body.contains("data-generation=\"3\""));

    // A broken article keeps the last good site and shows the error.
    edit(
        site.path(),
        "content/talks-begin.md",
        "date = 2025-06-24T09:30:00+02:00",
        "date = \"someday\"",
    );
    let errors = events.next("errors");
    assert!(
        errors.contains("content/talks-begin.md:3:1: error: expected a dateline such as"),
        "{errors}"
    );
    let page = server.get("/repo/articles/talks-begin.html");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Talks resume in Calden"));
    assert!(page.body.contains("<div id=\"dateline-overlay\""));
    assert!(
        page.body
            .contains("content/talks-begin.md:3:1: error: expected a dateline such as"),
        "{}",
        page.body
    );
    assert!(page.body.contains("data-generation=\"3\""));
    // A page opened now learns of the errors as soon as it connects.
    let mut late = server.events("/repo/__dateline/events");
    assert_eq!(late.next("hello"), "3");
    assert!(late.next("errors").contains("content/talks-begin.md:3:1"));

    // The fix clears the overlay with the next good build.
    edit(
        site.path(),
        "content/talks-begin.md",
        "date = \"someday\"",
        "date = 2025-06-24T09:30:00+02:00",
    );
    // (No early page while errors show: the whole build clears them.)
    assert_eq!(events.next("reload"), "4");
    let page = server.get("/repo/articles/talks-begin.html");
    assert!(!page.body.contains("dateline-overlay"));
    assert!(page.body.contains("Talks resume in Calden"));

    // A new article appears; a removed one disappears.
    std::fs::write(
        site.path().join("content/new.md"),
        "+++\ntitle = \"Fresh report\"\ndate = 2025-06-26\n+++\nBody.\n",
    )
    .unwrap();
    assert_eq!(events.next("reload"), "5");
    assert_eq!(events.next("reload"), "6");
    assert_eq!(server.get("/repo/articles/new.html").status, 200);
    std::fs::remove_file(site.path().join("content/new.md")).unwrap();
    assert_eq!(events.next("reload"), "7");
    assert_eq!(server.get("/repo/articles/new.html").status, 404);
}

#[test]
fn built_files_never_carry_the_reload_script() {
    let site = site_copy("serve-build");
    let out = site.path().join("public");
    let result = crate::common::build(site.path(), &out, "/");
    assert!(
        result.status.success(),
        "{}",
        crate::common::stderr(&result)
    );
    for (path, bytes) in crate::common::read_site(&out) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("__dateline"), "{}", path.display());
        assert!(!text.contains("dateline-overlay"), "{}", path.display());
    }
}

#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let site = site_copy("serve-stop");
    let mut server = Server::start(site.path(), &[]);
    assert_eq!(server.get("/").status, 200);
    // An open event stream must not keep the server alive.
    let _events = server.events("/__dateline/events");
    let status = std::process::Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + DEADLINE;
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            assert!(status.success(), "{status:?}");
            break;
        }
        assert!(Instant::now() < deadline, "still running after Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn an_error_already_there_does_not_freeze_other_edits() {
    let site = site_copy("serve-old-error");
    std::fs::write(
        site.path().join("content/broken.md"),
        "+++\ntitle = \"No date\"\n+++\nBody.\n",
    )
    .unwrap();
    let server = Server::start(site.path(), &[]);
    let mut events = server.events("/__dateline/events");
    assert_eq!(events.next("hello"), "1");
    assert!(
        events
            .next("errors")
            .contains("content/broken.md:1:1: error:")
    );
    // The first build is served despite the broken article, with the overlay.
    let page = server.get("/articles/talks-begin.html");
    assert!(page.body.contains("<div id=\"dateline-overlay\""));

    // Editing another article still rebuilds and reloads; the old error
    // stays in the overlay.
    edit(
        site.path(),
        "content/talks-begin.md",
        "Talks begin in Calden",
        "Talks resume in Calden",
    );
    assert_eq!(events.next("reload"), "2");
    let page = server.get("/articles/talks-begin.html");
    assert!(page.body.contains("Talks resume in Calden"));
    assert!(page.body.contains("content/broken.md:1:1: error:"));

    // A new error, though, keeps the last site.
    edit(
        site.path(),
        "content/talks-begin.md",
        "title = \"Talks resume in Calden\"",
        "title = \"\"",
    );
    let errors = events.next("errors");
    assert!(errors.contains("content/talks-begin.md:"), "{errors}");
    assert!(errors.contains("content/broken.md:1:1:"), "{errors}");
    let page = server.get("/articles/talks-begin.html");
    assert!(page.body.contains("Talks resume in Calden"));
}

#[test]
fn serves_exactly_what_build_writes() {
    // The bundled site: every page kind and export of the renderer.
    let server = Server::start(&crate::common::repo_root(), &["--base-path", "/repo/"]);
    let served = assert_serves_what_build_writes(&server, &crate::common::repo_root(), "/repo/", 1);
    assert!(served > 10, "{served} files");
}

/// Asserts that `server` (at reload `generation`) serves every file that
/// `build` writes for `root` under `base`, byte for byte but the reload
/// script; returns how many files there are.
fn assert_serves_what_build_writes(
    server: &Server,
    root: &Path,
    base: &str,
    generation: u32,
) -> usize {
    let out = TempDir::new("serve-same");
    let built = out.path().join("public");
    let result = crate::common::build(root, &built, base);
    assert!(
        result.status.success(),
        "{}",
        crate::common::stderr(&result)
    );
    let files = crate::common::read_site(&built);
    for (path, bytes) in &files {
        let rel = path.to_string_lossy().replace('\\', "/");
        let r = server.get(&format!("{base}{rel}"));
        assert_eq!(r.status, 200, "{rel}");
        let want = String::from_utf8_lossy(bytes);
        let ext = rel.rsplit_once('.').map_or("", |(_, e)| e);
        if ext == "html" {
            let script = format!(
                "<script src=\"{base}__dateline/reload.js\" data-generation=\"{generation}\"></script>"
            );
            assert_eq!(
                r.body.replacen(&script, "", 1),
                want,
                "{rel} (generation {generation})"
            );
        } else {
            assert_eq!(r.body, want, "{rel} (generation {generation})");
        }
        let known = [
            "html", "css", "js", "json", "xml", "ics", "svg", "png", "jpg", "txt", "tml",
        ];
        if known.contains(&ext) {
            assert_ne!(
                r.header("content-type"),
                Some("application/octet-stream"),
                "{rel}"
            );
        }
    }
    files.len()
}

#[test]
fn after_each_edit_serves_what_a_fresh_build_writes() {
    let site = TempDir::new("serve-edits");
    copy_tree(&fixture("story"), site.path());
    let root = site.path();
    let server = Server::start(root, &[]);
    let mut events = server.events("/__dateline/events");
    assert_eq!(events.next("hello"), "1");
    // Each edit reloads at once (the preview: the edited page, or with a
    // quick timeline every page the edit shows on), then the whole build
    // follows; it reloads again only if it changed a page, and `built`
    // says it is done, with the generation then served.
    let mut after_build = |what: &str| {
        let preview: u32 = events.next("reload").parse().unwrap();
        let built: u32 = events.next("built").parse().unwrap();
        assert!(built == preview || built == preview + 1, "{what}");
        built
    };
    let edits = [
        // A sentence without dates: only the article's own files change.
        (
            "content/a2-smoke.md",
            "city records.",
            "city records.\n\nVolunteers handed out masks.",
        ),
        // Another date: the timeline changes.
        ("content/a7-inquiry.md", "on March 12", "on March 13"),
        // Another title: every page that lists the article.
        ("content/a7-inquiry.md", "orders inquiry", "opens inquiry"),
        // A dated sentence added.
        (
            "content/a2-smoke.md",
            "Volunteers handed out masks.",
            "Volunteers handed out masks on March 10.",
        ),
    ];
    for (file, from, to) in edits {
        edit(root, file, from, to);
        let generation = after_build(&format!("{file}: {to}"));
        assert_serves_what_build_writes(&server, root, "/", generation);
    }
    // An article added (its page, then the site), then one removed.
    std::fs::write(
        root.join("content/a9-reopening.md"),
        "+++\ntitle = \"Port Alder reopens\"\ndate = 2025-03-20\n+++\nThe port reopened to shipping on March 19.\n",
    )
    .unwrap();
    let generation = after_build("added");
    assert_serves_what_build_writes(&server, root, "/", generation);
    std::fs::remove_file(root.join("content/a8-memorial.md")).unwrap();
    let generation = after_build("removed");
    assert_serves_what_build_writes(&server, root, "/", generation);
    assert_eq!(server.get("/articles/a8-memorial.html").status, 404);
}

#[test]
fn config_and_static_changes_reload_too() {
    let site = site_copy("serve-config");
    let server = Server::start(site.path(), &[]);
    let mut events = server.events("/__dateline/events");
    assert_eq!(events.next("hello"), "1");

    edit(
        site.path(),
        "dateline.toml",
        "Harbour talks",
        "Harbour diary",
    );
    assert_eq!(events.next("reload"), "2");
    assert!(server.get("/").body.contains("Harbour diary"));

    std::fs::write(site.path().join("static/notes.txt"), "hello\n").unwrap();
    assert_eq!(events.next("reload"), "3");
    assert_eq!(server.get("/notes.txt").body, "hello\n");

    // A bad config is an error like any other, located in the file.
    edit(site.path(), "dateline.toml", "title =", "titel =");
    let errors = events.next("errors");
    assert!(
        errors.contains("dateline.toml:1:1: error: unknown field `titel`"),
        "{errors}"
    );
    assert!(server.get("/").body.contains("Harbour diary"));
}
