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
    /// Files re-resolved by [`Builder::preview`], counted by the next build.
    previewed: usize,
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
            previewed: 0,
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

    /// [`Builder::preview`], with a panic (a bug) turned into no preview;
    /// the next build then starts afresh.
    pub fn preview_catching(&mut self, change: &Change) -> Option<Vec<(String, Arc<Vec<u8>>)>> {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.preview(change))) {
            Ok(pages) => pages,
            Err(_) => {
                self.cache.clear();
                self.stale = true;
                None
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
        let mut resolved = std::mem::take(&mut self.previewed);
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
                resolved += self.update(&paths).len();
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
        let (parsed, lent) = self.lend();
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
                    let mut map: HashMap<String, Arc<Vec<u8>>> =
                        files.into_iter().map(served).collect();
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
        self.reread = self.take_back(std::mem::take(&mut project.docs), lent);
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

    /// The edited articles' pages, rendered at once without the timeline
    /// (their list of events is empty), for the preview to show while
    /// [`Builder::build`] rebuilds the whole site with the same change:
    /// at 10,000 articles the timeline and the other pages take seconds,
    /// the edited page milliseconds. `None` unless the change is only
    /// edits of articles that still parse (anything else waits for the
    /// whole build, which also shows errors).
    pub fn preview(&mut self, change: &Change) -> Option<Vec<(String, Arc<Vec<u8>>)>> {
        if self.stale || change.rescan || change.config || change.statics {
            return None;
        }
        let config = self.config.as_ref().ok()?.clone();
        let changed = self.update(&change.articles);
        self.previewed += changed.len();
        if changed.is_empty()
            || changed
                .iter()
                .any(|p| !matches!(self.cache.get(p), Some(Cached::Ok(_))))
        {
            return None;
        }
        let (parsed, lent) = self.lend();
        let project = Project::assemble_untimed(&self.root, config, parsed, Vec::new(), &self.opts);
        let mut pages = Vec::new();
        let mut failed = false;
        let mut shown = 0;
        for (i, doc) in project.docs.iter().enumerate() {
            if !changed.contains(&doc.article.path) {
                continue;
            }
            shown += 1;
            match project.render_article(self.base_path.as_deref(), i) {
                Ok(files) => pages.extend(files.into_iter().map(served)),
                Err(_) => failed = true,
            }
        }
        let rest = self.take_back(project.docs, lent);
        self.reread.extend(rest);
        // An edited article left out (a draft, a clashing slug): only the
        // whole build says what shows.
        (!failed && shown == changed.len()).then_some(pages)
    }

    /// Moves the cached articles out, in path order, for a project; they
    /// are given back by [`Builder::take_back`]. Returns them (and cached
    /// errors) and the paths lent.
    fn lend(&mut self) -> (Vec<Result<ResolvedArticle, Diagnostic>>, HashSet<PathBuf>) {
        // Moved, not copied. Those the project leaves out (drafts,
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
        (parsed, lent)
    }

    /// Puts a project's articles back in the cache; returns the lent paths
    /// the project left out.
    fn take_back(
        &mut self,
        docs: Vec<ResolvedArticle>,
        mut lent: HashSet<PathBuf>,
    ) -> HashSet<PathBuf> {
        for doc in docs {
            lent.remove(&doc.article.path);
            self.cache
                .insert(doc.article.path.clone(), Cached::Ok(Box::new(doc)));
        }
        lent
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
    fn update(&mut self, paths: &HashSet<PathBuf>) -> Vec<PathBuf> {
        let mut todo = Vec::new();
        for abs in paths {
            let rel = discover::display_path(&self.root, abs);
            let found = discover::Found {
                shown: rel.clone(),
                full: abs.clone(),
            };
            match found.read() {
                Ok(file) => {
                    if self.cache.get(&rel).and_then(Cached::text) != Some(file.text.as_str()) {
                        todo.push(file);
                    }
                }
                Err(_) if !abs.exists() => {
                    self.cache.remove(&rel);
                }
                Err(_) if abs.is_dir() => {}
                Err(diag) => {
                    self.cache.insert(rel, Cached::Err { text: None, diag });
                }
            }
        }
        let mut changed = Vec::with_capacity(todo.len());
        for (path, c) in parse_all(todo) {
            changed.push(path.clone());
            self.cache.insert(path, c);
        }
        changed
    }
}

/// A rendered file as the server keeps it: its `/`-separated path and
/// shared bytes.
fn served(f: crate::render::OutputFile) -> (String, Arc<Vec<u8>>) {
    (
        f.path.to_string_lossy().replace('\\', "/"),
        Arc::new(f.bytes),
    )
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
        .map(served)
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
    fn an_edited_article_is_previewed_alone_then_built_with_the_timeline() {
        let dated = |title: &str, what: &str| {
            format!(
                "+++\ntitle = \"{title}\"\ndate = 2025-06-24\n+++\nThe {what} opened on June 21.\n"
            )
        };
        let root = site(
            "preview",
            &[
                ("content/a.md", &dated("A", "bridge")),
                ("content/b.md", &dated("B", "school")),
                ("content/c.md", &article("C", "draft = true\n")),
            ],
        );
        let mut builder = Builder::new(root.clone(), None, LoadOptions::default());
        let first = builder.build(&Change::all());
        let first_site = first.site.unwrap();
        assert!(first_site.files.contains_key("articles/a.html"));

        std::fs::write(root.join("content/a.md"), dated("A", "ferry")).unwrap();
        let mut change = Change::default();
        change.add(&root, &root.join("content/a.md"));
        let pages = builder
            .preview(&change)
            .expect("an edit of a good article is previewed");
        let paths: Vec<&str> = pages.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["articles/a.html", "articles/a.tml"]);
        let page = String::from_utf8_lossy(&pages[0].1).into_owned();
        assert!(page.contains("ferry"), "the new text shows at once");
        assert!(
            page.contains("datetime=\"2025-06-21\" data-value"),
            "with its resolved dates"
        );

        // The whole build that follows does not resolve the file again but
        // still counts it, and has the new text on the timeline.
        let full = builder.build(&change);
        assert_eq!(full.resolved, 2, "a, and the draft c left out before");
        let index = String::from_utf8_lossy(&full.site.unwrap().files["index.html"]).into_owned();
        assert!(index.contains("ferry") && !index.contains("bridge"));

        // Saved unchanged: nothing to preview. A new file needs a rescan.
        assert!(builder.preview(&change).is_none());
        let config = Change {
            config: true,
            ..Change::default()
        };
        assert!(builder.preview(&config).is_none());
        // A broken edit is left to the whole build, which reports it.
        std::fs::write(root.join("content/a.md"), "+++\ntitle = \n+++\n").unwrap();
        assert!(builder.preview(&change).is_none());
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
