//! Link check of a rendered site, in memory.
//!
//! [`check`] takes the site's [`OutputFile`]s (rendered pages plus copied
//! static files) and the base path they were rendered under (`/` or
//! `/repo/`), and returns every [`BrokenLink`]: an internal `href`/`src`
//! whose target file is missing, a fragment whose target page has no such
//! `id`, an absolute link outside the base path, or a duplicate `id` on a
//! page. `dateline check` reports them; the integration tests run it on
//! every built site.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use crate::render::OutputFile;

/// One problem found by [`check`].
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct BrokenLink {
    /// The page holding the link, relative to the site folder.
    pub page: PathBuf,
    /// Byte offset of the attribute value in the page.
    pub offset: usize,
    /// The link (or the duplicate id) as written.
    pub link: String,
    pub problem: Problem,
}

/// What is wrong with a link.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Problem {
    /// The link names a file the site does not have.
    NoFile(PathBuf),
    /// The file exists but has no element with this id.
    NoId { file: PathBuf, id: String },
    /// An absolute path that does not start with the base path.
    OutsideBase(String),
    /// The page has two elements with this id.
    DuplicateId,
}

impl fmt::Display for BrokenLink {
    /// `page: link (why)`, the format the integration tests compare.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let page = self.page.display();
        let link = &self.link;
        match &self.problem {
            Problem::NoFile(file) => write!(f, "{page}: {link} (no file {})", file.display()),
            Problem::NoId { file, id } => {
                write!(f, "{page}: {link} (no id `{id}` in {})", file.display())
            }
            Problem::OutsideBase(base) => write!(f, "{page}: {link} (outside base path {base})"),
            Problem::DuplicateId => write!(f, "{page}: duplicate id `{link}`"),
        }
    }
}

/// Values of `attr="…"` in an HTML page with the byte offset of each.
fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<(usize, &'a str)> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = html[at..].find(&needle) {
        let start = at + i + needle.len();
        match html[start..].find('"') {
            Some(end) => {
                out.push((start, &html[start..start + end]));
                at = start + end;
            }
            None => break,
        }
    }
    out
}

fn is_html(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "html")
}

/// Checks every internal link of every HTML file in `files`, rendered under
/// `base`. Results are sorted by page, then position.
pub fn check(files: &[OutputFile], base: &str) -> Vec<BrokenLink> {
    let site: HashMap<&Path, &[u8]> = files
        .iter()
        .map(|f| (f.path.as_path(), f.bytes.as_slice()))
        .collect();
    let mut broken = Vec::new();
    let mut ids: HashMap<&Path, BTreeSet<&str>> = HashMap::new();
    let pages: Vec<(&Path, &str)> = files
        .iter()
        .filter(|f| is_html(&f.path))
        .filter_map(|f| Some((f.path.as_path(), std::str::from_utf8(&f.bytes).ok()?)))
        .collect();
    for &(path, html) in &pages {
        let mut set = BTreeSet::new();
        for (offset, id) in attr_values(html, "id") {
            if !set.insert(id) {
                broken.push(BrokenLink {
                    page: path.to_path_buf(),
                    offset,
                    link: id.to_string(),
                    problem: Problem::DuplicateId,
                });
            }
        }
        ids.insert(path, set);
    }
    for &(path, html) in &pages {
        let mut links = attr_values(html, "href");
        links.extend(attr_values(html, "src"));
        for (offset, link) in links {
            if let Some(problem) = check_link(path, link, base, &site, &ids) {
                broken.push(BrokenLink {
                    page: path.to_path_buf(),
                    offset,
                    link: link.to_string(),
                    problem,
                });
            }
        }
    }
    broken.sort();
    broken
}

fn check_link(
    page: &Path,
    link: &str,
    base: &str,
    site: &HashMap<&Path, &[u8]>,
    ids: &HashMap<&Path, BTreeSet<&str>>,
) -> Option<Problem> {
    let lower = link.to_ascii_lowercase();
    if ["http://", "https://", "mailto:", "tel:", "data:"]
        .iter()
        .any(|s| lower.starts_with(s))
        || link.starts_with("//")
    {
        return None;
    }
    let (target, fragment) = match link.split_once('#') {
        Some((t, f)) => (t, Some(f)),
        None => (link, None),
    };
    let target = target.split_once('?').map_or(target, |(t, _)| t);
    let file = if target.is_empty() {
        page.to_path_buf()
    } else if let Some(rest) = target.strip_prefix(base) {
        let mut p = PathBuf::from(rest.replace("&amp;", "&"));
        if rest.is_empty() || rest.ends_with('/') {
            p.push("index.html");
        }
        p
    } else if target.starts_with('/') {
        return Some(Problem::OutsideBase(base.to_string()));
    } else {
        let mut p = page.parent().unwrap_or(Path::new("")).to_path_buf();
        for part in target.split('/') {
            match part {
                ".." => {
                    p.pop();
                }
                "." | "" => {}
                x => p.push(x),
            }
        }
        if target.ends_with('/') {
            p.push("index.html");
        }
        p
    };
    if !site.contains_key(file.as_path()) {
        return Some(Problem::NoFile(file));
    }
    match fragment.filter(|f| !f.is_empty()) {
        Some(f) if !ids.get(file.as_path()).is_some_and(|set| set.contains(f)) => {
            Some(Problem::NoId {
                file,
                id: f.to_string(),
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn finds_missing_files_ids_and_escapes_from_the_base() {
        let files = [
            file(
                "index.html",
                r##"<a href="/repo/articles/a.html#t1"></a><a href="/repo/b.html"></a><a href="/elsewhere/"></a><a href="#top"></a><a href="https://x.org/"></a><p id="x"></p><p id="x"></p>"##,
            ),
            file(
                "articles/a.html",
                r#"<time id="t1"></time><a href="../"></a>"#,
            ),
        ];
        let got: Vec<String> = check(&files, "/repo/")
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            got,
            [
                "index.html: /repo/b.html (no file b.html)",
                "index.html: /elsewhere/ (outside base path /repo/)",
                "index.html: #top (no id `top` in index.html)",
                "index.html: duplicate id `x`",
            ]
        );
    }
}
