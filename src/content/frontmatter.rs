//! Front matter: split a Markdown file into its TOML (`+++`) or YAML (`---`)
//! header and its body, and deserialise the header into [`RawFrontMatter`].
//!
//! The raw struct keeps every field optional and as written; validation
//! into an [`crate::content::Article`] happens in [`crate::content::article`].

use std::ops::Range;

use serde::Deserialize;

use crate::resolve::Mode;

/// Which syntax the front matter used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    Toml,
    Yaml,
}

/// The header of a Markdown article, unvalidated.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFrontMatter {
    pub title: Option<String>,
    /// The dateline; TOML dates are converted to their RFC 3339 text first.
    pub date: Option<String>,
    pub place: Option<String>,
    pub source: Option<String>,
    pub author: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub draft: bool,
    pub slug: Option<String>,
    pub mode: Option<Mode>,
    pub description: Option<String>,
}

/// A split file: where the header text and the body lie in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split {
    pub syntax: Syntax,
    /// Byte range of the header between the fences.
    pub header: Range<usize>,
    /// Byte range of the body after the closing fence.
    pub body: Range<usize>,
}

/// Why a file could not be split; the byte offset of the problem and the message.
pub type SplitError = (usize, String);

/// Splits `text` at its front matter fences. `Ok(None)` when the file has
/// no front matter (its first line is not a fence).
pub fn split(text: &str) -> Result<Option<Split>, SplitError> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let first_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let first = text[start..first_end].trim_end();
    let (fence, syntax) = match first {
        "+++" => ("+++", Syntax::Toml),
        "---" => ("---", Syntax::Yaml),
        _ => return Ok(None),
    };
    let header_start = (first_end + 1).min(text.len());
    let mut pos = header_start;
    while pos < text.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if text[pos..line_end].trim_end() == fence {
            let body_start = (line_end + 1).min(text.len());
            return Ok(Some(Split {
                syntax,
                header: header_start..pos,
                body: body_start..text.len(),
            }));
        }
        pos = line_end + 1;
    }
    Err((
        start,
        format!(
            "expected a closing `{fence}` line to end the front matter, found the end of the file (did you forget the `{fence}` line?)"
        ),
    ))
}

/// Deserialises a header. Errors carry the byte offset, inside `header`, of
/// the problem.
pub fn parse(syntax: Syntax, header: &str) -> Result<RawFrontMatter, (usize, String)> {
    match syntax {
        Syntax::Toml => {
            let mut table: toml::Table =
                toml::from_str(header).map_err(|e| toml_error(header, &e))?;
            if let Some(toml::Value::Datetime(dt)) = table.get("date") {
                let s = dt.to_string();
                table.insert("date".into(), toml::Value::String(s));
            }
            RawFrontMatter::deserialize(table).map_err(|e| {
                let offset = key_offset(header, &e.to_string());
                (offset, format!("front matter: {}", e.message()))
            })
        }
        Syntax::Yaml => {
            if header.trim().is_empty() {
                return Ok(RawFrontMatter::default());
            }
            serde_yaml_ng::from_str(header).map_err(|e| {
                let offset = e.location().map_or(0, |l| l.index());
                (
                    offset,
                    format!("front matter: {}", first_line(&e.to_string())),
                )
            })
        }
    }
}

fn toml_error(header: &str, e: &toml::de::Error) -> (usize, String) {
    let offset = e.span().map_or(0, |s| s.start);
    let _ = header;
    (offset, format!("front matter: {}", e.message().trim()))
}

fn first_line(s: &str) -> &str {
    let s = s.lines().next().unwrap_or(s);
    // serde_yaml appends " at line L column C"; we report our own position.
    s.split(" at line ").next().unwrap_or(s)
}

/// Best effort: the offset of the line whose key a serde message names.
fn key_offset(header: &str, message: &str) -> usize {
    let key = message.split('`').nth(1).unwrap_or("");
    if key.is_empty() {
        return 0;
    }
    let mut pos = 0;
    for line in header.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with(key) && t[key.len()..].trim_start().starts_with(['=', ':']) {
            return pos + (line.len() - t.len());
        }
        pos += line.len();
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_toml_and_yaml() {
        let t = "+++\ntitle = \"A\"\n+++\nBody";
        let s = split(t).unwrap().unwrap();
        assert_eq!(s.syntax, Syntax::Toml);
        assert_eq!(&t[s.header.clone()], "title = \"A\"\n");
        assert_eq!(&t[s.body], "Body");
        let y = "---\ntitle: A\n---\n";
        let s = split(y).unwrap().unwrap();
        assert_eq!(s.syntax, Syntax::Yaml);
        assert_eq!(&y[s.body], "");
    }

    #[test]
    fn no_front_matter_and_unclosed() {
        assert_eq!(split("Just text\n"), Ok(None));
        let err = split("+++\ntitle = 1\n").unwrap_err();
        assert!(err.1.contains("closing `+++`"), "{}", err.1);
    }

    #[test]
    fn toml_date_value_becomes_text() {
        let raw = parse(Syntax::Toml, "date = 2025-06-24T02:48:00\n").unwrap();
        assert_eq!(raw.date.as_deref(), Some("2025-06-24T02:48:00"));
        let raw = parse(Syntax::Toml, "date = 2025-06-24\n").unwrap();
        assert_eq!(raw.date.as_deref(), Some("2025-06-24"));
    }

    #[test]
    fn unknown_key_is_located() {
        let header = "title = \"A\"\ntitel = \"B\"\n";
        let (offset, msg) = parse(Syntax::Toml, header).unwrap_err();
        assert!(msg.contains("titel"), "{msg}");
        assert_eq!(offset, 12);
    }
}
