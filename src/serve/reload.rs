//! Live reload: the Server-Sent Events hub, the script pages load, and the
//! error overlay.
//!
//! Only HTML *served* by the preview gets the `<script>` tag (and, while
//! the last build failed, the overlay); the files `build` writes never do.
//! The script and the event stream live under the base path
//! (`{base}__dateline/reload.js`, `{base}__dateline/events`), so a site
//! previewed under `/repo/` never reaches outside it.
//!
//! Events: `hello` (data: the site's generation, sent on connect: a page
//! from an older generation reloads, which also covers a restarted server),
//! `reload` (a new good build, or a preview of an edit), `errors` (data: a
//! JSON array of `path:line:col: error: …` lines; empty clears the
//! overlay), `built` (data: the generation served once a whole build is
//! done, whether or not it changed a page; pages ignore it, tools such as
//! `scripts/serve-bench.py` wait for it).

use std::sync::Mutex;
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};

use crate::render::html::escape;

/// Path of the script and the event stream under the base path.
pub const PREFIX: &str = "__dateline/";

/// The script every served page loads.
pub const SCRIPT: &str = r#"// dateline serve: live reload and build errors. Never part of a built site.
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || !window.EventSource) return;
  var generation = me.getAttribute("data-generation");
  var source = new EventSource(me.src.replace(/reload\.js(\?.*)?$/, "events"));
  source.addEventListener("hello", function (e) {
    if (e.data !== generation) location.reload();
  });
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("errors", function (e) { show(JSON.parse(e.data)); });
  function show(lines) {
    var box = document.getElementById("dateline-overlay");
    if (box) box.remove();
    if (!lines.length) return;
    box = document.createElement("div");
    box.id = "dateline-overlay";
    box.setAttribute("role", "alert");
    box.setAttribute("style", STYLE);
    var p = document.createElement("p");
    p.textContent = TITLE;
    var pre = document.createElement("pre");
    pre.setAttribute("style", "white-space:pre-wrap;margin:0");
    pre.textContent = lines.join("\n");
    box.appendChild(p);
    box.appendChild(pre);
    document.body.appendChild(box);
  }
})();
"#;

const STYLE: &str = "position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;z-index:2147483647;margin:0;padding:1em;background:#2b0a0a;color:#ffe9e9;font:14px/1.4 ui-monospace,monospace;border-top:4px solid #e5484d";
const TITLE: &str =
    "dateline: the site has errors; the preview shows the last build without new ones.";

/// The script with its constants filled in.
pub fn script() -> String {
    SCRIPT
        .replace("STYLE", &json_string(STYLE))
        .replace("TITLE", &json_string(TITLE))
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises")
}

/// The overlay as HTML, for pages served while the last build failed.
pub fn overlay_html(errors: &[String]) -> String {
    format!(
        "<div id=\"dateline-overlay\" role=\"alert\" style=\"{STYLE}\"><p>{}</p><pre style=\"white-space:pre-wrap;margin:0\">{}</pre></div>",
        escape(TITLE),
        escape(&errors.join("\n"))
    )
}

/// A served HTML page: `html` with the reload script (and the overlay
/// when there are errors) inserted before `</body>`.
pub fn inject(html: &[u8], base: &str, generation: u64, errors: &[String]) -> Vec<u8> {
    let mut extra = String::new();
    if !errors.is_empty() {
        extra.push_str(&overlay_html(errors));
    }
    extra.push_str(&format!(
        "<script src=\"{}{PREFIX}reload.js\" data-generation=\"{generation}\"></script>",
        escape(base)
    ));
    let at = find_last_ci(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + extra.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

/// One Server-Sent Event.
pub fn event(name: &str, data: &str) -> String {
    debug_assert!(!data.contains('\n'));
    format!("event: {name}\ndata: {data}\n\n")
}

/// The `errors` event for a list of lines.
pub fn errors_event(errors: &[String]) -> String {
    event(
        "errors",
        &serde_json::to_string(errors).expect("strings serialise"),
    )
}

/// Fans events out to every open event stream.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<SyncSender<String>>>,
}

impl Hub {
    /// A new subscriber's queue of events.
    pub fn subscribe(&self) -> Receiver<String> {
        let (tx, rx) = sync_channel(64);
        self.lock().push(tx);
        rx
    }

    /// Sends `event` to every subscriber, forgetting those that left.
    pub fn broadcast(&self, event: &str) {
        self.lock()
            .retain(|tx| match tx.try_send(event.to_string()) {
                Ok(()) | Err(TrySendError::Full(_)) => true,
                Err(TrySendError::Disconnected(_)) => false,
            });
    }

    /// Number of open streams.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<SyncSender<String>>> {
        self.clients.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_the_closing_body_tag_only() {
        let page = b"<html><body><p>x</p></body></html>";
        let out = String::from_utf8(inject(page, "/repo/", 3, &[])).unwrap();
        assert_eq!(
            out,
            "<html><body><p>x</p><script src=\"/repo/__dateline/reload.js\" data-generation=\"3\"></script></body></html>"
        );
        let errors = ["content/a.md:1:1: error: expected <x>".to_string()];
        let out = String::from_utf8(inject(b"<p>no body</p>", "/", 1, &errors)).unwrap();
        assert!(out.starts_with("<p>no body</p><div id=\"dateline-overlay\""));
        assert!(out.contains("content/a.md:1:1: error: expected &lt;x&gt;"));
    }

    #[test]
    fn hub_forgets_closed_streams() {
        let hub = Hub::default();
        let a = hub.subscribe();
        let b = hub.subscribe();
        drop(b);
        hub.broadcast(&event("reload", "2"));
        assert_eq!(hub.len(), 1);
        assert_eq!(a.try_recv().unwrap(), "event: reload\ndata: 2\n\n");
    }

    #[test]
    fn script_has_its_constants() {
        let s = script();
        assert!(!s.contains("STYLE") && !s.contains("TITLE"), "{s}");
    }
}
