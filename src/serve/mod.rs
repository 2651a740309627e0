//! `dateline serve`: a loopback preview server that rebuilds on change and
//! reloads open pages.
//!
//! ```text
//! watcher ─(debounced paths)─▶ Change ─▶ Builder::preview ─▶ pages laid over the State ─▶ Hub ─▶ pages
//!                                       └▶ Builder::build ─▶ Outcome ─▶ State { site, generation, errors } ─▶ Hub ─▶ pages
//! ```
//!
//! - [`site::Builder`] builds in memory, re-resolving only changed articles;
//!   for an edit it first previews what it can show at once (a dated edit
//!   with a quick timeline), then builds exactly. Open pages reload after
//!   each step that changes what they show; a `built` event ends each
//!   build.
//! - [`State`] holds the last *good* [`site::Site`]; a build with errors
//!   keeps it and publishes the errors instead, shown as an overlay until
//!   the next good build.
//! - [`http`] reads bounded GET/HEAD requests and maps them to site paths;
//!   [`reload`] injects the reload script into served HTML and streams
//!   Server-Sent Events.
//!
//! One thread accepts connections, one thread per connection answers it
//! (at most [`MAX_CONNECTIONS`] at once), one thread watches and builds.

pub mod http;
pub mod reload;
pub mod site;

use std::io::Write;
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use anyhow::Context;
use notify::{RecursiveMode, Watcher};

use crate::project::LoadOptions;
use http::{Response, site_path};
use reload::Hub;
use site::{Builder, Change, Outcome, Site};

/// Most connections answered at once; more get 503.
pub const MAX_CONNECTIONS: usize = 128;
/// How long the watcher waits for a burst of file events to settle.
pub const DEBOUNCE: Duration = Duration::from_millis(40);
const READ_TIMEOUT: Duration = Duration::from_secs(10);
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Validated options of `dateline serve`.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub interface: IpAddr,
    pub port: u16,
    /// Overrides the config's `base_path`.
    pub base_path: Option<String>,
    pub open: bool,
    pub drafts: bool,
}

/// What every connection reads: the site being served and the errors of
/// the last build.
pub struct State {
    pub site: Arc<Site>,
    /// Bumped on each good build; pages carry it to detect a stale load.
    pub generation: u64,
    /// Errors of the last build, shown in the overlay.
    pub errors: Vec<String>,
    /// Errors of the build that produced `site`.
    pub served_errors: Vec<String>,
}

/// What became of a build.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Verdict {
    /// The new site is served; these files differ from the one served
    /// before (after a preview, those the exact timeline changed).
    Reloaded(Vec<String>),
    Unchanged,
    KeptLast,
}

struct Shared {
    state: RwLock<State>,
    hub: Hub,
    stop: AtomicBool,
    connections: AtomicUsize,
    /// Listening on a loopback address only: requests must name this
    /// machine in `Host`.
    loopback: bool,
}

impl Shared {
    fn read(&self) -> std::sync::RwLockReadGuard<'_, State> {
        self.state.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes in a build. It replaces the served site (and open pages
    /// reload) unless it failed outright or brought an error the served
    /// site's build did not have; then the served site stays and pages show
    /// the errors. Errors that were already there (a broken article left
    /// alone) do not freeze the preview: other edits still show, with the
    /// old errors in the overlay.
    fn publish(&self, outcome: Outcome) -> Verdict {
        let errors = outcome.error_lines();
        let mut state = self.state.write().unwrap_or_else(|e| e.into_inner());
        let first = state.generation == 0;
        let new_error = errors.iter().any(|e| !state.served_errors.contains(e));
        let acceptable = outcome.failure.is_none() && (first || !new_error);
        match outcome.site {
            // Nothing to show: the same files and the same errors, e.g. a
            // file saved unchanged.
            Some(site) if acceptable && state.errors == errors && *state.site == site => {
                Verdict::Unchanged
            }
            Some(site) if acceptable => {
                let mut changed: Vec<String> = site
                    .files
                    .iter()
                    .filter(|(path, bytes)| state.site.files.get(*path) != Some(bytes))
                    .map(|(path, _)| path.clone())
                    .chain(
                        state
                            .site
                            .files
                            .keys()
                            .filter(|path| !site.files.contains_key(*path))
                            .cloned(),
                    )
                    .collect();
                changed.sort_unstable();
                state.site = Arc::new(site);
                state.generation += 1;
                state.served_errors = errors.clone();
                state.errors = errors;
                let generation = state.generation;
                drop(state);
                self.hub
                    .broadcast(&reload::event("reload", &generation.to_string()));
                Verdict::Reloaded(changed)
            }
            _ => {
                state.errors = errors;
                let event = reload::errors_event(&state.errors);
                drop(state);
                self.hub.broadcast(&event);
                Verdict::KeptLast
            }
        }
    }
}

impl Shared {
    /// Lays pages from [`Builder::preview`] over the served site and reloads
    /// open pages; false (nothing published) when they are what is served
    /// already or the served site shows errors.
    fn publish_pages(&self, pages: Vec<(String, Arc<Vec<u8>>)>) -> bool {
        let mut state = self.state.write().unwrap_or_else(|e| e.into_inner());
        if !state.errors.is_empty()
            || pages
                .iter()
                .all(|(path, bytes)| state.site.files.get(path) == Some(bytes))
        {
            return false;
        }
        let mut site = Site {
            base: state.site.base.clone(),
            files: state.site.files.clone(),
        };
        site.files.extend(pages);
        state.site = Arc::new(site);
        state.generation += 1;
        let generation = state.generation;
        drop(state);
        self.hub
            .broadcast(&reload::event("reload", &generation.to_string()));
        true
    }
}

/// Runs the preview server until Ctrl-C.
pub fn serve(opts: &ServeOptions) -> anyhow::Result<()> {
    let root = opts
        .root
        .canonicalize()
        .with_context(|| format!("{}: cannot open the site folder", opts.root.display()))?;
    let mut builder = Builder::new(
        root.clone(),
        opts.base_path.clone(),
        LoadOptions {
            include_drafts: opts.drafts,
            ..LoadOptions::default()
        },
    );
    let watching = Watching::start(&root)?;
    let first = builder.build_catching(&Change::all());
    let shared = Arc::new(Shared {
        state: RwLock::new(State {
            site: Arc::new(Site {
                base: crate::config::normalize_base_path(opts.base_path.as_deref().unwrap_or("/")),
                files: Default::default(),
            }),
            generation: 0,
            errors: Vec::new(),
            served_errors: Vec::new(),
        }),
        hub: Hub::default(),
        stop: AtomicBool::new(false),
        connections: AtomicUsize::new(0),
        loopback: opts.interface.is_loopback(),
    });
    let summary = first.summary_copy();
    let verdict = shared.publish(first);
    report(&summary, &root, verdict);

    let listener = TcpListener::bind((opts.interface, opts.port))
        .with_context(|| format!("cannot listen on {}:{}", opts.interface, opts.port))?;
    let addr = listener.local_addr()?;
    if !addr.ip().is_loopback() {
        eprintln!(
            "warning: listening on {} which is not a loopback address: anyone who can reach this machine can read the preview",
            addr.ip()
        );
    }
    let url = format!("http://{addr}{}", shared.read().site.base);
    // The first line on stdout is the address, for people and for tests.
    println!("serving {} at {url}", root.display());
    println!("press Ctrl-C to stop");
    let _ = std::io::stdout().flush();

    let _watcher = watching.build_on_change(Arc::clone(&shared), builder);

    let waker = wake_address(addr);
    {
        let shared = Arc::clone(&shared);
        ctrlc::set_handler(move || {
            shared.stop.store(true, Ordering::SeqCst);
            shared.hub.broadcast("");
            // Unblock accept().
            let _ = TcpStream::connect_timeout(&waker, Duration::from_secs(1));
        })
        .context("cannot install the Ctrl-C handler")?;
    }
    if opts.open {
        open_browser(&url);
    }
    for stream in listener.incoming() {
        if shared.stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        if shared.connections.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            shared.connections.fetch_sub(1, Ordering::SeqCst);
            let mut stream = stream;
            let _ = Response::status(503).write(&mut stream, false);
            continue;
        }
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || {
            handle(stream, &shared);
            shared.connections.fetch_sub(1, Ordering::SeqCst);
        });
    }
    eprintln!("stopped");
    Ok(())
}

/// The address to connect to to wake the accept loop.
fn wake_address(addr: SocketAddr) -> SocketAddr {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::from([127, 0, 0, 1]),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    SocketAddr::new(ip, addr.port())
}

fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    // Failing to open a browser is not an error: the address is printed.
    let _ = std::process::Command::new(program)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

/// Prints a build's diagnostics and a one-line summary to stderr, then
/// what became of it.
/// "pages reloaded" and which files changed: all of them when there are
/// few, so that one sees what the whole build changed after a preview.
fn changed_files(files: &[String]) -> String {
    match files {
        [] => "pages reloaded".to_string(),
        [one] => format!("pages reloaded (1 file changed: {one})"),
        few if few.len() <= 3 => format!(
            "pages reloaded ({} files changed: {})",
            few.len(),
            few.join(", ")
        ),
        many => format!("pages reloaded ({} files changed)", many.len()),
    }
}

fn report(outcome: &Outcome, root: &Path, verdict: Verdict) {
    for d in &outcome.diagnostics {
        eprintln!("{d}");
    }
    if let Some(f) = &outcome.failure {
        eprintln!("error: {f}");
    }
    let ms = outcome.elapsed.as_secs_f64() * 1000.0;
    let [read, timeline, render] = outcome.phases.map(|d| d.as_secs_f64() * 1000.0);
    let what = match verdict {
        Verdict::Reloaded(files) => changed_files(&files),
        Verdict::Unchanged => "no page changed".to_string(),
        Verdict::KeptLast => "new errors: serving the last site built without them".to_string(),
    };
    let reused = match outcome.reused {
        site::Reused::Nothing => "",
        site::Reused::Timeline => ", timeline reused",
        site::Reused::Files => ", timeline and other pages reused",
    };
    let kept = match outcome.kept {
        0 => String::new(),
        n => format!(", {n} files kept"),
    };
    if outcome.failure.is_some() {
        eprintln!("build of {} failed in {ms:.0} ms; {what}", root.display());
    } else {
        eprintln!(
            "built {} article{} ({} parsed and resolved) in {ms:.0} ms (read and resolve {read:.0} ms, timeline {timeline:.0} ms, render {render:.0} ms{reused}{kept}); {what}",
            outcome.articles,
            if outcome.articles == 1 { "" } else { "s" },
            outcome.resolved
        );
    }
}

/// Starts watching `content/`, `static/` and `dateline.toml`; each settled
/// burst of changes is built on the watcher's thread and published.
///
/// Debouncing is ours rather than a debouncer crate's: the builder's own
/// reads raise inotify "open" events, which must be dropped by kind (or
/// every build would trigger the next), and the mini debouncer forgets the
/// kind. A burst ends after [`DEBOUNCE`] without a relevant event, or after
/// [`MAX_BURST`] at most.
///
/// Watching starts before the first build ([`Watching::start`]), so a save
/// made while it runs is not lost; the builder thread starts after it
/// ([`Watching::build_on_change`]).
struct Watching {
    watcher: Arc<std::sync::Mutex<notify::RecommendedWatcher>>,
    rx: std::sync::mpsc::Receiver<notify::Result<notify::Event>>,
    root: PathBuf,
}

impl Watching {
    fn start(root: &Path) -> anyhow::Result<Watching> {
        let (tx, rx) = std::sync::mpsc::channel::<notify::Result<notify::Event>>();
        let mut watcher = notify::recommended_watcher(tx).context("cannot start watching files")?;
        // The root itself (not recursively) catches dateline.toml and the
        // creation of content/ or static/; the two folders are watched whole.
        watcher
            .watch(root, RecursiveMode::NonRecursive)
            .with_context(|| format!("{}: cannot watch", root.display()))?;
        for dir in ["content", "static"] {
            let path = root.join(dir);
            if path.is_dir() {
                watcher
                    .watch(&path, RecursiveMode::Recursive)
                    .with_context(|| format!("{}: cannot watch", path.display()))?;
            }
        }
        Ok(Watching {
            watcher: Arc::new(std::sync::Mutex::new(watcher)),
            rx,
            root: root.to_path_buf(),
        })
    }

    /// Builds and publishes each settled burst of changes on a thread of
    /// its own; the returned guard keeps the watcher alive.
    fn build_on_change(self, shared: Arc<Shared>, mut builder: Builder) -> WatchGuard {
        let Watching { watcher, rx, root } = self;
        let guard = WatchGuard(Arc::clone(&watcher));
        std::thread::spawn(move || {
            while let Some(paths) = next_burst(&rx) {
                let mut change = Change::default();
                for p in &paths {
                    change.add(&root, p);
                }
                // A folder that appeared must be watched; a rescan picks up
                // what is already in it.
                for dir in ["content", "static"] {
                    let path = root.join(dir);
                    if paths.contains(&path) && path.is_dir() {
                        let mut w = watcher.lock().unwrap_or_else(|e| e.into_inner());
                        // Already watched or gone again: fine either way.
                        let _ = w.watch(&path, RecursiveMode::Recursive);
                        change.rescan = true;
                        change.statics = true;
                    }
                }
                if change.is_empty() {
                    continue;
                }
                // The edited article's page first, then everything else.
                let started = std::time::Instant::now();
                let t = crate::timings::stage("serve: preview");
                let preview = builder.preview_catching(&change);
                drop(t);
                if let Some(preview) = preview {
                    let timeline = preview.timeline;
                    if shared.publish_pages(preview.pages) {
                        let ms = started.elapsed().as_secs_f64() * 1000.0;
                        match timeline {
                            site::PreviewTimeline::Quick => eprintln!(
                                "edit shown in {ms:.0} ms with a quick timeline; building the exact one…"
                            ),
                            _ => eprintln!(
                                "edited page reloaded in {ms:.0} ms; rebuilding the other pages…"
                            ),
                        }
                    }
                }
                let t = crate::timings::stage("serve: build");
                let outcome = builder.build_catching(&change);
                drop(t);
                let summary = outcome.summary_copy();
                let t = crate::timings::stage("serve: publish");
                let verdict = shared.publish(outcome);
                drop(t);
                // For tools that wait for the whole build (scripts/serve-bench.py);
                // pages ignore it.
                let generation = shared.read().generation;
                shared
                    .hub
                    .broadcast(&reload::event("built", &generation.to_string()));
                report(&summary, &root, verdict);
            }
        });
        guard
    }
}

/// Longest a burst of events may delay a build.
pub const MAX_BURST: Duration = Duration::from_millis(500);

/// Waits for the next relevant event, then gathers the paths of every
/// event until the burst settles. `None` when the watcher is gone.
fn next_burst(
    rx: &std::sync::mpsc::Receiver<notify::Result<notify::Event>>,
) -> Option<std::collections::BTreeSet<PathBuf>> {
    let mut paths = std::collections::BTreeSet::new();
    let mut started = None::<std::time::Instant>;
    loop {
        let event = match started {
            None => rx.recv().ok()?,
            Some(t) => {
                let left = MAX_BURST.saturating_sub(t.elapsed()).min(DEBOUNCE);
                match rx.recv_timeout(left) {
                    Ok(e) => e,
                    Err(RecvTimeoutError::Timeout) => return Some(paths),
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            }
        };
        match event {
            Ok(e) if is_relevant(&e.kind) => {
                paths.extend(e.paths);
                started.get_or_insert_with(std::time::Instant::now);
            }
            Ok(_) => {}
            Err(e) => eprintln!("warning: file watching: {e}"),
        }
    }
}

/// Events that can change the site: not reads (opening a file, closing it
/// unchanged), which our own builds cause.
fn is_relevant(kind: &notify::EventKind) -> bool {
    use notify::EventKind;
    use notify::event::{AccessKind, AccessMode};
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Keeps the file watcher alive while the server runs.
pub struct WatchGuard(
    #[allow(dead_code, reason = "held only to be dropped last")]
    Arc<std::sync::Mutex<notify::RecommendedWatcher>>,
);

/// Answers one connection: one request, then close.
fn handle(mut stream: TcpStream, shared: &Shared) {
    let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
    let _ = stream.set_write_timeout(Some(READ_TIMEOUT));
    let request = match http::read_request(&mut stream) {
        Ok(r) => r,
        Err(Some(status)) => {
            let _ = Response::status(status).write(&mut stream, false);
            return;
        }
        Err(None) => return,
    };
    if shared.loopback
        && request
            .host
            .as_deref()
            .is_some_and(|h| !http::is_local_host(h))
    {
        let _ = Response::status(403).write(&mut stream, false);
        return;
    }
    let head = request.method == "HEAD";
    if request.method != "GET" && !head {
        let _ = Response::status(405)
            .header("Allow", "GET, HEAD")
            .write(&mut stream, false);
        return;
    }
    let path = match site_path(&request.target) {
        Ok(p) => p,
        Err(status) => {
            let _ = Response::status(status).write(&mut stream, head);
            return;
        }
    };
    let (site, generation, errors, events) = {
        let state = shared.read();
        let events = format!("{}{}events", state.site.base, reload::PREFIX);
        (
            Arc::clone(&state.site),
            state.generation,
            state.errors.clone(),
            events,
        )
    };
    if path == events && !head {
        stream_events(stream, shared, generation, &errors);
        return;
    }
    let response = route(&site, &path, generation, &errors);
    let _ = response.write(&mut stream, head);
}

/// Maps a decoded path to a response, as GitHub Pages would serve the site
/// under its base path: `dir/` is `dir/index.html`, `dir` redirects to
/// `dir/`, anything missing is `404.html` with status 404, and outside the
/// base path `/` redirects to the base and the rest is 404.
pub fn route(site: &Site, path: &str, generation: u64, errors: &[String]) -> Response {
    let base = site.base.as_str();
    let Some(rel) = path.strip_prefix(base) else {
        if path == "/" || format!("{path}/") == base {
            return Response::redirect(302, base);
        }
        return not_found(site, generation, errors);
    };
    if rel == format!("{}reload.js", reload::PREFIX) {
        return Response::new(200, http::content_type("reload.js"), reload::script());
    }
    let mut key = rel.to_string();
    if key.is_empty() || key.ends_with('/') {
        key.push_str("index.html");
    }
    match site.files.get(&key) {
        Some(bytes) => page(&key, bytes, 200, site, generation, errors),
        None if site.files.contains_key(&format!("{key}/index.html")) => {
            Response::redirect(301, &format!("{path}/"))
        }
        None => not_found(site, generation, errors),
    }
}

fn page(
    key: &str,
    bytes: &[u8],
    status: u16,
    site: &Site,
    generation: u64,
    errors: &[String],
) -> Response {
    let content_type = http::content_type(key);
    let body = if content_type.starts_with("text/html") {
        reload::inject(bytes, &site.base, generation, errors)
    } else {
        bytes.to_vec()
    };
    Response::new(status, content_type, body)
}

fn not_found(site: &Site, generation: u64, errors: &[String]) -> Response {
    match site.files.get("404.html") {
        Some(bytes) => page("404.html", bytes, 404, site, generation, errors),
        None => {
            let html = "<!doctype html><title>Not found</title><body><h1>Not found</h1></body>";
            page("404.html", html.as_bytes(), 404, site, generation, errors)
        }
    }
}

/// Streams Server-Sent Events until the client leaves or the server stops.
fn stream_events(mut stream: TcpStream, shared: &Shared, generation: u64, errors: &[String]) {
    let rx = shared.hub.subscribe();
    let mut hello = String::from(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\nretry: 500\n\n",
    );
    hello.push_str(&reload::event("hello", &generation.to_string()));
    if !errors.is_empty() {
        hello.push_str(&reload::errors_event(errors));
    }
    if stream.write_all(hello.as_bytes()).is_err() {
        return;
    }
    loop {
        let message = match rx.recv_timeout(KEEP_ALIVE) {
            Ok(m) => m,
            // A comment line keeps proxies and the browser from timing out,
            // and finds clients that left.
            Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if shared.stop.load(Ordering::SeqCst) || message.is_empty() {
            return;
        }
        if stream.write_all(message.as_bytes()).is_err() || stream.flush().is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::changed_files;

    #[test]
    fn a_reload_names_the_files_it_changed_when_they_are_few() {
        let files = |n: usize| (0..n).map(|i| format!("f{i}.html")).collect::<Vec<_>>();
        assert_eq!(changed_files(&files(0)), "pages reloaded");
        assert_eq!(
            changed_files(&files(1)),
            "pages reloaded (1 file changed: f0.html)"
        );
        assert_eq!(
            changed_files(&files(3)),
            "pages reloaded (3 files changed: f0.html, f1.html, f2.html)"
        );
        assert_eq!(changed_files(&files(4)), "pages reloaded (4 files changed)");
    }
}
