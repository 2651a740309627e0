//! Rendering: the resolved articles and their timeline into the files of
//! the site, in memory.
//!
//! [`render`] returns [`OutputFile`]s (path relative to the output folder,
//! bytes) and never writes to the disk, so the same function serves `build`
//! (through [`crate::output`]) and tests. Every internal link starts with
//! the configured base path (`/` or `/repo/`), so the site works at a
//! domain's root and under a GitHub Pages project path alike. It reads only
//! the articles whose text was released after resolving (`build`), for
//! their page and TimeML export ([`crate::timeline::ResolvedArticle::text`];
//! the page's one Markdown parse gives its HTML and its prose; the same
//! read gives back the texts of the article's events,
//! [`crate::timeline::ResolvedArticle::texts_from`], so the article pages
//! are rendered first) and the feed's summary
//! ([`crate::timeline::ResolvedArticle::source`]); the timeline pages use
//! the report texts the model kept.
//!
//! - [`site`]: which pages exist; `timeline_pages` and `article_pages`
//!   fill them (askama [`views`]).
//! - [`html`]: escaping, `<time>` elements, marked sentences.
//! - [`feeds`]: Atom, TimelineJS3 JSON, iCalendar, sitemap, robots.txt.
//! - [`timeml`]: TIMEX3 annotations of each article.
//! - [`reuse`]: which pages the preview server renders again after an
//!   edit: those whose inputs changed since its last render.

mod article_pages;
pub mod feeds;
pub mod html;
pub mod reuse;
pub mod site;
mod timeline_pages;
pub mod timeml;
pub mod views;

use std::path::PathBuf;

pub use reuse::{PageKeys, Rerendered, render_reusing};
pub use site::{Sink, Slot, Unchanged, article_files, render, render_to};

/// One file of the built site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output folder, `/`-separated, never `..`.
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// The stylesheet every site gets unless its `static/` provides its own.
pub const DEFAULT_STYLESHEET: &str = include_str!("../../static/style.css");

/// The site icon (a dot on a rule), so browsers do not ask for a missing
/// `/favicon.ico`.
pub const DEFAULT_ICON: &str = include_str!("../../static/favicon.svg");

/// The optional enhancement script (filters); pages are complete without it.
pub const DEFAULT_SCRIPT: &str = include_str!("../../static/site.js");
