//! Articles: a [`SourceFile`] validated into an [`Article`] with its
//! title, dateline, metadata and body.
//!
//! Markdown files carry TOML or YAML front matter; `.txt` files are wire
//! text ([`super::wire`]). Every problem is a [`Diagnostic`] at the
//! `path:line:col` of the offending text.

use std::ops::Range;
use std::path::PathBuf;

use super::dateline::{self, Dateline};
use super::discover::SourceFile;
use super::frontmatter::{self, RawFrontMatter};
use super::{markdown, wire};
use crate::error::{Diagnostic, quote};
use crate::resolve::Mode;

/// How an article's body is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Markdown,
    /// Plain wire text: paragraphs separated by blank lines.
    Wire,
}

/// A validated article.
#[derive(Clone, Debug)]
pub struct Article {
    /// Path relative to the site root (`content/story.md`).
    pub path: PathBuf,
    /// URL-safe name, unique in the site: only `a-z`, `0-9` and `-`.
    pub slug: String,
    pub title: String,
    pub dateline: Dateline,
    pub place: Option<String>,
    pub source: Option<String>,
    pub author: Option<String>,
    pub tags: Vec<String>,
    pub draft: bool,
    pub description: Option<String>,
    pub mode: Mode,
    pub format: Format,
    /// The whole file; empty once a build has released it
    /// ([`crate::timeline::ResolvedArticle::release`]).
    pub text: String,
    /// Byte range of the body in `text`.
    pub body: Range<usize>,
    /// The body with non-prose blanked, same length as the body
    /// ([`markdown::prose`]); the wire lead is blanked too. Empty once
    /// released, like `text`.
    pub prose: String,
}

impl Article {
    pub fn body_text(&self) -> &str {
        &self.text[self.body.clone()]
    }

    /// This article with `text` back after a build released it
    /// ([`crate::timeline::ResolvedArticle::release`]). `text` must be the
    /// file it was parsed from (the caller checked): the metadata is this
    /// article's own, not read again from the front matter; only the prose
    /// is made again.
    pub fn with_text(&self, text: String) -> Article {
        let mut prose = match self.format {
            Format::Markdown => markdown::prose(&text[self.body.clone()]),
            Format::Wire => text[self.body.clone()].to_string(),
        };
        blank_lead(&mut prose);
        Article {
            text,
            prose,
            ..self.clone()
        }
    }
}

/// Parses one file into an article.
pub fn parse(source: SourceFile) -> Result<Article, Diagnostic> {
    let is_wire = source
        .path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"));
    if is_wire {
        parse_wire(source)
    } else {
        parse_markdown(source)
    }
}

fn parse_wire(source: SourceFile) -> Result<Article, Diagnostic> {
    let SourceFile { path, text } = source;
    let Some(h) = wire::header(&text) else {
        return Err(Diagnostic::error(
            &path,
            1,
            1,
            "expected a title line, found an empty file",
        ));
    };
    let Some(dl_range) = h.dateline.clone() else {
        return Err(Diagnostic::error_at(
            &path,
            &text,
            text.len(),
            format!(
                "{}, found the end of the file (a wire article is a title line, then a dateline line, then the body)",
                dateline::EXPECTED
            ),
        ));
    };
    let found = &text[dl_range.clone()];
    let dateline = Dateline::parse(found).ok_or_else(|| {
        Diagnostic::error_at(
            &path,
            &text,
            dl_range.start,
            format!("{}, found {}", dateline::EXPECTED, quote(found)),
        )
    })?;
    let title = text[h.title].to_string();
    let body = h.body_start..text.len();
    let mut prose = text[body.clone()].to_string();
    let place = blank_lead(&mut prose);
    Ok(Article {
        slug: slug_for(&path, None),
        path,
        title,
        dateline,
        place,
        source: None,
        author: None,
        tags: Vec::new(),
        draft: false,
        description: None,
        mode: Mode::News,
        format: Format::Wire,
        text,
        body,
        prose,
    })
}

fn parse_markdown(source: SourceFile) -> Result<Article, Diagnostic> {
    let SourceFile { path, text } = source;
    let split = frontmatter::split(&text)
        .map_err(|(offset, msg)| Diagnostic::error_at(&path, &text, offset, msg))?
        .ok_or_else(|| {
            let first = text.lines().next().unwrap_or("");
            Diagnostic::error(
                &path,
                1,
                1,
                format!(
                    "expected front matter opening with `+++` (TOML) or `---` (YAML), found {} (a Markdown article needs at least a `date`)",
                    quote(first)
                ),
            )
        })?;
    let header = &text[split.header.clone()];
    let raw: RawFrontMatter =
        frontmatter::parse(split.syntax, header).map_err(|(offset, msg)| {
            Diagnostic::error_at(&path, &text, split.header.start + offset, msg)
        })?;
    let key_at = |key: &str| split.header.start + key_line_offset(header, key).unwrap_or(0);
    let dateline = match &raw.date {
        None => {
            return Err(Diagnostic::error_at(
                &path,
                &text,
                split.header.start.saturating_sub(4),
                format!(
                    "{} in a `date` key of the front matter, found no `date` key",
                    dateline::EXPECTED
                ),
            ));
        }
        Some(s) => Dateline::parse(s).ok_or_else(|| {
            Diagnostic::error_at(
                &path,
                &text,
                key_at("date"),
                format!("{}, found {}", dateline::EXPECTED, quote(s)),
            )
        })?,
    };
    let title = match raw.title.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => t.to_string(),
        _ => {
            return Err(Diagnostic::error_at(
                &path,
                &text,
                split.header.start.saturating_sub(4),
                "expected a non-empty `title` key in the front matter, found none",
            ));
        }
    };
    let body = split.body.clone();
    let mut prose = markdown::prose(&text[body.clone()]);
    let lead_place = blank_lead(&mut prose);
    let place = raw.place.filter(|p| !p.trim().is_empty()).or(lead_place);
    Ok(Article {
        slug: slug_for(&path, raw.slug.as_deref()),
        path,
        title,
        dateline,
        place,
        source: raw.source,
        author: raw.author,
        tags: raw.tags,
        draft: raw.draft,
        description: raw.description,
        mode: raw.mode.unwrap_or_default(),
        format: Format::Markdown,
        text,
        body,
        prose,
    })
}

/// Finds a wire lead at the start of the first paragraph of `prose`, blanks
/// it (so "TEHRAN" is not read as text) and returns its place. Every
/// article's prose has its lead blanked so.
pub fn blank_lead(prose: &mut String) -> Option<String> {
    let start = prose.len() - prose.trim_start().len();
    let line_end = prose[start..].find('\n').map_or(prose.len(), |i| start + i);
    let lead = wire::split_lead(&prose[start..line_end])?;
    let blank = " ".repeat(lead.len);
    prose.replace_range(start..start + lead.len, &blank);
    Some(lead.place)
}

fn key_line_offset(header: &str, key: &str) -> Option<usize> {
    let mut pos = 0;
    for line in header.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with(key) && t[key.len()..].trim_start().starts_with(['=', ':']) {
            return Some(pos + line.len() - t.len());
        }
        pos += line.len();
    }
    None
}

/// A slug from front matter, else from the path under `content/`: each
/// character that is not `a-z0-9` becomes `-`, runs collapse, folders join
/// with `-`. Nothing in it can name a parent folder or an absolute path.
pub fn slug_for(path: &std::path::Path, explicit: Option<&str>) -> String {
    let slug = match explicit {
        Some(s) if !s.trim().is_empty() => slug_chars(s),
        // Separators are not `a-z0-9`, so the folders join with `-`.
        _ => slug_chars(
            &path
                .strip_prefix("content")
                .unwrap_or(path)
                .with_extension("")
                .to_string_lossy(),
        ),
    };
    if slug.is_empty() {
        "article".to_string()
    } else {
        slug
    }
}

/// `raw` lowercased, with its ASCII letters and digits kept and every run
/// of other characters one `-`, none at either end; may be empty.
pub fn slug_chars(raw: &str) -> String {
    let mut slug = String::with_capacity(raw.len());
    let mut push = |c: char| {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    };
    for c in raw.chars() {
        if c.is_ascii() {
            push(c.to_ascii_lowercase());
        } else {
            // Some lowercase to ASCII letters: the Kelvin sign to "k".
            c.to_lowercase().for_each(&mut push);
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(path: &str, text: &str) -> SourceFile {
        SourceFile {
            path: PathBuf::from(path),
            text: text.to_string(),
        }
    }

    #[test]
    fn slugs_are_safe() {
        assert_eq!(
            slug_for(std::path::Path::new("content/2025/Talks Begin.md"), None),
            "2025-talks-begin"
        );
        assert_eq!(
            slug_for(
                std::path::Path::new("content/a.md"),
                Some("../../etc/passwd")
            ),
            "etc-passwd"
        );
        assert_eq!(
            slug_for(std::path::Path::new("content/a.md"), Some("/")),
            "article"
        );
        // Characters that lowercase to ASCII letters keep them; other
        // non-ASCII letters are separators.
        assert_eq!(
            slug_chars("\u{212A}IEV Über-Straße 2025"),
            "kiev-ber-stra-e-2025"
        );
        assert_eq!(slug_chars("\u{130}stanbul"), "i-stanbul");
        assert_eq!(slug_chars("--東京--"), "");
    }

    #[test]
    fn markdown_with_lead() {
        let a = parse(src(
            "content/a.md",
            "+++\ntitle = \"T\"\ndate = 2025-06-24\n+++\nCALDEN — Talks began.\n",
        ))
        .unwrap();
        assert_eq!(a.place.as_deref(), Some("Calden"));
        assert_eq!(a.body_text(), "CALDEN — Talks began.\n");
        assert!(a.prose.trim_start().starts_with("Talks began."));
        assert_eq!(a.prose.len(), a.body_text().len());
    }

    #[test]
    fn bad_date_is_located() {
        let err = parse(src(
            "content/a.md",
            "---\ntitle: T\ndate: next Tuesday\n---\nx\n",
        ))
        .unwrap_err();
        assert_eq!((err.line, err.col), (3, 1));
        assert!(
            err.message.contains("found `next Tuesday`"),
            "{}",
            err.message
        );
    }
}
