//! dateline turns a folder of news articles into a static timeline website.
//!
//! The pipeline, one stage per module, each taking the previous stage's value:
//!
//! ```text
//! content/ ─discover─▶ SourceFile ─parse─▶ Article ─resolve─▶ Mention ─timeline─▶ Timeline ─render─▶ OutputFile ─write─▶ public/
//! ```
//!
//! - [`content`]: walks `content/` ([`content::SourceFile`]) and parses
//!   Markdown with front matter or wire-style text into [`content::Article`].
//! - [`resolve`]: the temporal tagger; each [`resolve::Mention`] carries a
//!   TIMEX3 [`resolve::Timex`] and the explanation of its anchoring.
//! - [`timeline`]: sentences carrying a resolved date become
//!   [`timeline::Event`]s, ordered totally; the rest are kept as undated.
//! - [`render`]: pure rendering of the site into [`render::OutputFile`]s.
//! - [`output`]: the only stage that writes, atomically.
//! - [`escape`]: escaping for XML, TimeML text and iCalendar.
//! - [`datefmt`]: dates and numbers written by hand, as chrono and
//!   `format!` write them.
//! - [`linkcheck`]: checks the internal links of a rendered site in memory.
//! - [`check`]: `dateline check`, every problem a build would meet and likely
//!   mistakes, without writing.
//! - [`serve`]: the preview server (in-memory builds, live reload).

pub mod check;
pub mod cli;
pub mod commands;
pub mod config;
pub mod content;
pub mod datefmt;
pub mod error;
pub mod escape;
pub mod init;
pub mod linkcheck;
pub mod output;
pub mod project;
pub mod render;
pub mod resolve;
pub mod serve;
#[cfg(test)]
mod testing;
pub mod timeline;
pub mod timings;
