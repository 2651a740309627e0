//! Content: from the files under `content/` to validated [`Article`]s.
//!
//! [`discover::discover`] walks the folder (sorted, hidden files skipped) and
//! reads each file into a [`SourceFile`]; [`article::parse`] splits the front
//! matter ([`frontmatter`]) or the wire header ([`wire`]), parses the dateline
//! ([`dateline`]) and returns an [`Article`] or a [`crate::error::Diagnostic`]
//! naming `path:line:col`. [`markdown`] holds the one Markdown configuration.

pub mod article;
pub mod dateline;
pub mod discover;
pub mod frontmatter;
pub mod markdown;
pub mod wire;

pub use article::{Article, Format};
pub use dateline::Dateline;
pub use discover::SourceFile;
