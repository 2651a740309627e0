//! Site configuration: `dateline.toml` at the site root.
//!
//! Every key is optional ([`Config::default`] gives the defaults documented
//! in the README); an unknown key is an error naming its line, so a typo
//! never passes silently.

use std::path::Path;

use serde::Deserialize;

use crate::error::Diagnostic;

/// Which end of the timeline comes first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    #[default]
    Oldest,
    Newest,
}

/// The validated site configuration.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Absolute URL of the published site, for feeds and the sitemap.
    pub base_url: String,
    /// URL path the site is served under (`/` or `/repo/`).
    pub base_path: String,
    pub language: String,
    pub order: Order,
    /// IANA name of the zone datelines without an offset are written in;
    /// informative only, since datelines are kept as written.
    pub timezone: String,
    /// Pass raw HTML in Markdown through instead of escaping it.
    pub allow_html: bool,
    /// How many of the latest articles `atom.xml` holds; 0 means all.
    pub feed_entries: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Timeline".to_string(),
            description: String::new(),
            base_url: String::new(),
            base_path: "/".to_string(),
            language: "en".to_string(),
            order: Order::Oldest,
            timezone: "UTC".to_string(),
            allow_html: false,
            feed_entries: FEED_ENTRIES,
        }
    }
}

/// The default `feed_entries`: a feed reader wants what is new, and a feed
/// of every article grows with the corpus (7.6 MB at 10,000 articles).
pub const FEED_ENTRIES: usize = 50;

/// The config file's name at the site root.
pub const FILE_NAME: &str = "dateline.toml";

impl Config {
    /// Reads `root/dateline.toml`, or the defaults when it does not exist.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(FILE_NAME);
        let shown = Path::new(FILE_NAME);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => return Err(Diagnostic::error(shown, 1, 1, format!("cannot read: {e}"))),
        };
        Self::parse(&text).map_err(|(offset, msg)| Diagnostic::error_at(shown, &text, offset, msg))
    }

    /// Parses config text; errors carry a byte offset.
    pub fn parse(text: &str) -> Result<Config, (usize, String)> {
        let mut config: Config = toml::from_str(text).map_err(|e| {
            (
                e.span().map_or(0, |s| s.start),
                e.message().trim().to_string(),
            )
        })?;
        config.base_path = normalize_base_path(&config.base_path);
        Ok(config)
    }
}

/// `repo`, `/repo`, `/repo/` → `/repo/`; empty → `/`.
pub fn normalize_base_path(path: &str) -> String {
    let inner = path.trim().trim_matches('/');
    if inner.is_empty() {
        "/".to_string()
    } else {
        format!("/{inner}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_base_path() {
        let c = Config::parse("title = \"War diary\"\nbase_path = \"repo\"\n").unwrap();
        assert_eq!(c.title, "War diary");
        assert_eq!(c.base_path, "/repo/");
        assert_eq!(c.order, Order::Oldest);
        assert_eq!(normalize_base_path(""), "/");
        assert_eq!(normalize_base_path("/a/b"), "/a/b/");
    }

    #[test]
    fn unknown_key_names_its_line() {
        let text = "title = \"x\"\ntitel = \"y\"\n";
        let (offset, msg) = Config::parse(text).unwrap_err();
        assert_eq!(crate::error::line_col(text, offset), (2, 1));
        assert!(msg.contains("unknown field `titel`"), "{msg}");
    }
}
