//! The preview's incremental builder: keeps every article parsed and
//! resolved between builds, and turns a set of [`Change`]s into a fresh
//! in-memory [`Site`].
//!
//! [`Builder::build`] re-reads only the files named by the change set, and
//! re-parses and re-resolves a file only when its text differs from the
//! cached one (the cache is keyed by path; the article keeps its text). A
//! change that cannot be narrowed to files (a folder renamed, `content/`
//! created) rescans `content/`, still reusing every cached article whose
//! text is unchanged. Then the project is assembled
//! ([`Project::assemble`]), rendered, and `static/` laid over it, just as
//! `build` writes it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{self, Config};
use crate::content::{SourceFile, article, discover};
use crate::error::{Diagnostic, Severity};
use crate::project::{LoadOptions, Project};
use crate::timeline::ResolvedArticle;

/// A rendered site in memory: files by their `/`-separated path relative
/// to the site folder, and the base path it was rendered under.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Site {
    pub base: String,
    /// Shared, never copied: a 10,000-article site is some 400 MB.
    pub files: HashMap<String, Arc<Vec<u8>>>,
}

/// What changed on disk since the last build.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Change {
    /// Article files (absolute paths) created, modified or removed.
    pub articles: HashSet<PathBuf>,
    /// Something in `content/` that is not one article: rescan it.
    pub rescan: bool,
    pub statics: bool,
    pub config: bool,
}

impl Change {
    /// Everything: the first build.
    pub fn all() -> Change {
        Change {
            articles: HashSet::new(),
            rescan: true,
            statics: true,
            config: true,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.articles.is_empty() && !self.rescan && !self.statics && !self.config
    }

    /// Classifies one changed path under the (canonical) site `root`;
    /// paths that do not matter to the site (the output folder, editor
    /// temporary files, hidden files) are ignored.
    pub fn add(&mut self, root: &Path, path: &Path) {
        let Ok(rel) = path.strip_prefix(root) else {
            return;
        };
        let mut parts = rel.components();
        let first = parts.next().map(|c| c.as_os_str().to_string_lossy());
        match first.as_deref() {
            Some(config::FILE_NAME) if parts.next().is_none() => self.config = true,
            Some("static") => self.statics = true,
            Some("content") => {
                let hidden = rel
                    .components()
                    .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
                if rel.components().count() == 1 {
                    self.rescan = true;
                } else if hidden {
                    // Editor swap files and hidden folders: discover skips them too.
                } else if is_article(path) {
                    self.articles.insert(path.to_path_buf());
                } else if path.is_dir() || (!path.exists() && path.extension().is_none()) {
                    self.rescan = true;
                }
            }
            _ => {}
        }
    }
}

fn is_article(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| discover::ARTICLE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// A cached file of `content/`: parsed and resolved, or the error it gave.
#[derive(Debug)]
enum Cached {
    Ok(Box<ResolvedArticle>),
    Err {
        text: Option<String>,
        diag: Diagnostic,
    },
}

impl Cached {
    fn text(&self) -> Option<&str> {
        match self {
            Cached::Ok(doc) => Some(&doc.article.text),
            Cached::Err { text, .. } => text.as_deref(),
        }
    }
}

/// The result of one build.
#[derive(Debug)]
pub struct Outcome {
    /// The rendered site; `None` when the build failed outright.
    pub site: Option<Site>,
    /// Every diagnostic, errors and warnings, in path order.
    pub diagnostics: Vec<Diagnostic>,
    /// A failure of the build as a whole (no `content/`, a template error).
    pub failure: Option<String>,
    pub articles: usize,
    /// Files whose text changed and were parsed and resolved again.
    pub resolved: usize,
    pub elapsed: Duration,
    /// Time spent reading and resolving changed files, building the
    /// timeline, and rendering.
    pub phases: [Duration; 3],
}

impl Outcome {
    /// Everything but the site, for reporting after the site is handed on.
    pub fn summary_copy(&self) -> Outcome {
        Outcome {
            site: None,
            diagnostics: self.diagnostics.clone(),
            failure: self.failure.clone(),
            articles: self.articles,
            resolved: self.resolved,
            elapsed: self.elapsed,
            phases: self.phases,
        }
    }

    /// True when the build has neither a failure nor an error.
    pub fn is_good(&self) -> bool {
        self.failure.is_none()
            && self.site.is_some()
            && !self
                .diagnostics
                .iter()
                .any(|d| d.severity == Severity::Error)
    }

    /// The errors as the overlay shows them, one `path:line:col: error: …`
    /// line each.
    pub fn error_lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(ToString::to_string)
            .collect();
        if let Some(f) = &self.failure {
            lines.push(format!("error: {f}"));
        }
        lines
    }
}

/// The incremental builder.
pub struct Builder {
    /// Canonical site root.
    root: PathBuf,
    /// `--base-path`, overriding the config's.
    base_path: Option<String>,
    opts: LoadOptions,
    config: Result<Config, Diagnostic>,
    /// `content/` files by their path relative to the root.
    cache: BTreeMap<PathBuf, Cached>,
    statics: Vec<(String, Arc<Vec<u8>>)>,
    /// Set after a build panicked: the cache may be half updated, so the
    /// next build reads everything again.
    stale: bool,
    /// Files (relative paths) the last project left out, read again next time.
    reread: HashSet<PathBuf>,
}

impl Builder {
    pub fn new(root: PathBuf, base_path: Option<String>, opts: LoadOptions) -> Builder {
        Builder {
            root,
            base_path,
            opts,
            config: Ok(Config::default()),
            cache: BTreeMap::new(),
            statics: Vec::new(),
            stale: false,
            reread: HashSet::new(),
        }
    }

    /// Like [`Builder::build`], but a panic anywhere in the pipeline (a bug)
    /// becomes a failed build instead of ending the server; the cache is
    /// dropped and the next build starts afresh.
    pub fn build_catching(&mut self, change: &Change) -> Outcome {
        let started = Instant::now();
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.build(change))) {
            Ok(outcome) => outcome,
            Err(payload) => {
                self.cache.clear();
                self.stale = true;
                Outcome {
                    site: None,
                    diagnostics: Vec::new(),
                    failure: Some(format!(
                        "internal error while building: {} (a bug in dateline; please report it)",
                        panic_message(payload.as_ref())
                    )),
                    articles: 0,
                    resolved: 0,
                    elapsed: started.elapsed(),
                    phases: [Duration::ZERO; 3],
                }
            }
        }
    }

    /// Applies `change` and builds the site.
    pub fn build(&mut self, change: &Change) -> Outcome {
        let started = Instant::now();
        let everything = std::mem::take(&mut self.stale);
        if change.config || everything {
            self.config = Config::load(&self.root);
        }
        if change.statics || everything {
            self.statics = read_static(&self.root.join("static"));
        }
        let mut resolved = 0;
        let mut failure = None;
        if change.rescan || everything {
            self.reread.clear();
            match discover::discover(&self.root) {
                Ok((files, errors)) => resolved += self.replace_all(files, errors),
                Err(e) => {
                    self.cache.clear();
                    failure = Some(e.to_string());
                }
            }
        } else {
            let mut paths = change.articles.clone();
            paths.extend(self.reread.drain().map(|p| self.root.join(p)));
            if !paths.is_empty() {
                resolved += self.update(&paths);
            }
        }
        let mut diagnostics = Vec::new();
        let config = match &self.config {
            Ok(c) => c.clone(),
            Err(d) => {
                diagnostics.push(d.clone());
                Config::default()
            }
        };
        // The cached articles are moved into the project, not copied, and
        // taken back after rendering. Those the project leaves out (drafts,
        // duplicate slugs) are read again by the next build.
        let mut parsed = Vec::with_capacity(self.cache.len());
        let mut lent = HashSet::new();
        for (path, c) in std::mem::take(&mut self.cache) {
            match c {
                Cached::Ok(doc) => {
                    parsed.push(Ok(*doc));
                    lent.insert(path);
                }
                Cached::Err { text, diag } => {
                    parsed.push(Err(diag.clone()));
                    self.cache.insert(path, Cached::Err { text, diag });
                }
            }
        }
        let articles = parsed.len();
        let read = started.elapsed();
        let mut project = Project::assemble(&self.root, config, parsed, diagnostics, &self.opts);
        let timeline = started.elapsed() - read;
        let site = if failure.is_some() {
            None
        } else {
            match project.render(self.base_path.as_deref()) {
                Ok(files) => {
                    let base = config::normalize_base_path(
                        self.base_path
                            .as_deref()
                            .unwrap_or(&project.config.base_path),
                    );
                    let mut map: HashMap<String, Arc<Vec<u8>>> = files
                        .into_iter()
                        .map(|f| {
                            (
                                f.path.to_string_lossy().replace('\\', "/"),
                                Arc::new(f.bytes),
                            )
                        })
                        .collect();
                    // static/ is copied over the rendered files, as `build` does.
                    for (path, bytes) in &self.statics {
                        map.insert(path.clone(), bytes.clone());
                    }
                    Some(Site { base, files: map })
                }
                Err(e) => {
                    failure = Some(format!("cannot render the site: {e:#}"));
                    None
                }
            }
        };
        let render = started.elapsed() - read - timeline;
        for doc in std::mem::take(&mut project.docs) {
            lent.remove(&doc.article.path);
            self.cache
                .insert(doc.article.path.clone(), Cached::Ok(Box::new(doc)));
        }
        self.reread = lent;
        Outcome {
            site,
            diagnostics: project.diagnostics,
            failure,
            articles,
            resolved,
            elapsed: started.elapsed(),
            phases: [read, timeline, render],
        }
    }

    /// Replaces the cache with a fresh scan, re-resolving only files whose
    /// text changed. Returns how many were resolved.
    fn replace_all(&mut self, files: Vec<SourceFile>, errors: Vec<Diagnostic>) -> usize {
        let mut old = std::mem::take(&mut self.cache);
        let mut todo = Vec::new();
        for f in files {
            match old.remove(&f.path) {
                Some(c) if c.text() == Some(f.text.as_str()) => {
                    self.cache.insert(f.path, c);
                }
                _ => todo.push(f),
            }
        }
        for d in errors {
            self.cache.insert(
                d.path.clone(),
                Cached::Err {
                    text: None,
                    diag: d,
                },
            );
        }
        let n = todo.len();
        for (path, c) in parse_all(todo) {
            self.cache.insert(path, c);
        }
        n
    }

    /// Re-reads the named files. Returns how many were resolved.
    fn update(&mut self, paths: &HashSet<PathBuf>) -> usize {
        let mut todo = Vec::new();
        for abs in paths {
            let rel = discover::display_path(&self.root, abs);
            match std::fs::read(abs) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => {
                        if self.cache.get(&rel).and_then(Cached::text) != Some(text.as_str()) {
                            todo.push(SourceFile { path: rel, text });
                        }
                    }
                    Err(err) => {
                        let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
                        let valid = std::str::from_utf8(valid).unwrap_or_default();
                        let diag = Diagnostic::error_at(
                            &rel,
                            valid,
                            valid.len(),
                            "expected UTF-8 text, found an invalid byte sequence",
                        );
                        self.cache.insert(rel, Cached::Err { text: None, diag });
                    }
                },
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    self.cache.remove(&rel);
                }
                Err(_) if abs.is_dir() => {}
                Err(e) => {
                    let diag = Diagnostic::error(&rel, 1, 1, format!("cannot read: {e}"));
                    self.cache.insert(rel, Cached::Err { text: None, diag });
                }
            }
        }
        let n = todo.len();
        for (path, c) in parse_all(todo) {
            self.cache.insert(path, c);
        }
        n
    }
}

/// Parses and resolves files in parallel. A panic on one file (a bug in
/// the parser or resolver) becomes that file's error, so the rest of the
/// site is still served.
fn parse_all(files: Vec<SourceFile>) -> Vec<(PathBuf, Cached)> {
    files
        .into_par_iter()
        .map(|f| {
            let path = f.path.clone();
            let text = f.text.clone();
            let parsed = std::panic::catch_unwind(|| article::parse(f).map(ResolvedArticle::new));
            let cached = match parsed {
                Ok(Ok(doc)) => Cached::Ok(Box::new(doc)),
                Ok(Err(diag)) => Cached::Err {
                    text: Some(text),
                    diag,
                },
                Err(payload) => Cached::Err {
                    diag: Diagnostic::error(
                        &path,
                        1,
                        1,
                        format!(
                            "internal error while reading this article: {} (a bug in dateline; please report it with the file)",
                            panic_message(payload.as_ref())
                        ),
                    ),
                    text: Some(text),
                },
            };
            (path, cached)
        })
        .collect()
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_string())
}

/// Every file under `static/`, by `/`-separated relative path.
fn read_static(dir: &Path) -> Vec<(String, Arc<Vec<u8>>)> {
    crate::output::read_static(dir)
        .into_iter()
        .map(|f| {
            (
                f.path.to_string_lossy().replace('\\', "/"),
                Arc::new(f.bytes),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site in a fresh temporary folder.
    fn site(tag: &str, files: &[(&str, &str)]) -> PathBuf {
        let root = std::env::temp_dir().join(format!("dateline-site-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for (path, text) in files {
            let p = root.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        root
    }

    fn article(title: &str, extra: &str) -> String {
        format!("+++\ntitle = \"{title}\"\ndate = 2025-06-24\n{extra}+++\nBody.\n")
    }

    #[test]
    fn only_changed_articles_are_resolved_and_left_out_ones_are_not_lost() {
        let root = site(
            "incremental",
            &[
                ("content/a.md", &article("A", "")),
                ("content/b.md", &article("B", "slug = \"a\"\n")),
                ("content/c.md", &article("C", "draft = true\n")),
                ("content/d.md", &article("D", "")),
            ],
        );
        let mut builder = Builder::new(root.clone(), None, LoadOptions::default());
        let first = builder.build(&Change::all());
        assert_eq!((first.articles, first.resolved), (4, 4));
        let errors = first.error_lines();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].starts_with("content/b.md:1:1: error: expected a unique slug"));

        std::fs::write(root.join("content/d.md"), article("D2", "")).unwrap();
        let mut change = Change::default();
        change.add(&root, &root.join("content/d.md"));
        let second = builder.build(&change);
        // d changed; b (duplicate slug) and c (draft) were left out of the
        // last project and are read again; a is reused.
        assert_eq!((second.articles, second.resolved), (4, 3));
        assert_eq!(second.error_lines(), errors);
        let site = second.site.unwrap();
        let page = String::from_utf8_lossy(&site.files["articles/d.html"]).into_owned();
        assert!(page.contains("D2"));
        assert!(!site.files.contains_key("articles/c.html"));

        // Saving a file unchanged resolves only the two left-out files again.
        let mut change = Change::default();
        change.add(&root, &root.join("content/a.md"));
        let third = builder.build(&change);
        assert_eq!(third.resolved, 2);
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn classifies_changes() {
        let root = Path::new("/site");
        let mut c = Change::default();
        c.add(root, Path::new("/site/content/a.md"));
        c.add(root, Path::new("/site/content/.a.md.swp"));
        c.add(root, Path::new("/site/content/a.md~"));
        c.add(root, Path::new("/site/public/index.html"));
        c.add(root, Path::new("/elsewhere/content/b.md"));
        assert_eq!(
            c.articles,
            HashSet::from([PathBuf::from("/site/content/a.md")])
        );
        assert!(!c.rescan && !c.statics && !c.config);
        c.add(root, Path::new("/site/static/style.css"));
        c.add(root, Path::new("/site/dateline.toml"));
        assert!(c.statics && c.config && !c.rescan);
        c.add(root, Path::new("/site/content/gone-folder"));
        assert!(c.rescan);
    }
}
