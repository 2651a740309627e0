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
//!
//! The last build's timeline, rendered files and page keys are kept, and
//! reused as far as the changes since allow (`Dirty`), when the project
//! holds the same articles in the same order under the same base path and
//! config. When every re-read article gives the timeline the same reports,
//! texts, path and dateline ([`ResolvedArticle::same_timeline_inputs`]),
//! the timeline is the last one; else it is built again (a dated sentence
//! edited), still taking the tokens of report texts it has seen before
//! from a cache ([`TokenCache`]). When, besides, nothing that any other
//! page shows of those articles changed (`same_listing`), only their own
//! pages and TimeML exports are rendered again and every other file is the
//! last one. Otherwise only the pages whose inputs changed are rendered
//! ([`crate::render::reuse`]: each page's key against the last build's,
//! the re-read articles named as changed), and the others keep their last
//! bytes: after a dated edit at 10,000 articles, some 40 files of 20,700.
//! An article added, removed, renamed or broken, or a config change,
//! renders every page. The site a build gives is always byte for byte what
//! a fresh build gives; the tests below check it after random edits (half
//! of them previewed first), of a small timeline and of one split into
//! year, month and part pages.
//!
//! Before the build, [`Builder::preview`] gives what to show of an edit at
//! once: the edited article's pages with the last timeline when that still
//! holds, or, after a dated edit, every page whose key changed rendered
//! with a quick timeline made from the last one ([`Timeline::patched`]).
//! The preview is not kept: the build that follows compares its pages with
//! the last build's, not with the preview's.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{self, Config};
use crate::content::{SourceFile, article, discover};
use crate::error::{Diagnostic, Severity};
use crate::project::{LoadOptions, Project};
use crate::render::PageKeys;
use crate::timeline::{ResolvedArticle, Timeline, TokenCache};

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

/// What [`Builder::preview`] shows of an edit before the whole build.
#[derive(Debug)]
pub struct Preview {
    /// The pages rendered, to lay over the served site.
    pub pages: Vec<(String, Arc<Vec<u8>>)>,
    /// The timeline they were rendered with.
    pub timeline: PreviewTimeline,
}

/// The timeline a [`Preview`] was rendered with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PreviewTimeline {
    /// None: the edited articles' pages list no events.
    None,
    /// The last build's, which the edit did not change.
    Last,
    /// A quick one made from the last ([`Timeline::patched`]); the exact
    /// one follows.
    Quick,
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

/// What a build took from the last one (`Dirty`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reused {
    /// The timeline was built afresh; of the last build's pages, those
    /// whose inputs are the same were kept ([`Outcome::kept`]).
    Nothing,
    /// The timeline; the pages whose inputs changed were rendered.
    Timeline,
    /// The timeline and every file but the re-read articles' own.
    Files,
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
    pub reused: Reused,
    /// Files taken from the last build as they were, not rendered again.
    pub kept: usize,
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
            reused: self.reused,
            kept: self.kept,
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
    /// Lent files (relative paths) that did not come back from the last
    /// project (none, unless a bug), read again next time.
    reread: HashSet<PathBuf>,
    /// Files re-resolved by [`Builder::preview`], counted by the next build.
    previewed: usize,
    /// What changed in the cache since the last build.
    dirty: Dirty,
    /// The last good build, for the next one to reuse.
    last: Option<Last>,
    /// Report tokens, for the timelines built afresh.
    tokens: TokenCache,
}

/// What the re-read files changed since the last build, for the reuse of
/// its timeline and files.
#[derive(Debug, Default)]
struct Dirty {
    /// Some article's timeline inputs changed, or an article came, went or
    /// broke: the timeline is built again.
    timeline: bool,
    /// Something pages other than an article's own show of it changed:
    /// the whole site is rendered again.
    listing: bool,
    /// Articles (relative paths) parsed again: their pages are rendered.
    articles: HashSet<PathBuf>,
}

impl Dirty {
    /// Records that the cache entry of `path` went from `old` to `new`.
    fn note(&mut self, path: &Path, old: Option<&Cached>, new: Option<&Cached>) {
        match (old, new) {
            (None, None) => return,
            (Some(Cached::Ok(a)), Some(Cached::Ok(b))) => {
                if !a.same_timeline_inputs(b) {
                    self.timeline = true;
                    self.listing = true;
                } else if !same_listing(a, b) {
                    self.listing = true;
                }
            }
            _ => {
                self.timeline = true;
                self.listing = true;
            }
        }
        self.articles.insert(path.to_path_buf());
    }
}

/// True when every page but `a`'s own page and TimeML export shows the
/// same of `b` as of `a`: the same timeline inputs, the same fields but the
/// text (title, slug, dateline, tags, place, mentions…: everything the
/// derived `Debug` names, so a new field counts without a change here) and
/// the same feed summary, the one thing other files take from the text.
fn same_listing(a: &ResolvedArticle, b: &ResolvedArticle) -> bool {
    fn shown(doc: &ResolvedArticle) -> String {
        let mut d = doc.clone();
        d.article.text.clear();
        d.article.prose.clear();
        d.article.body = 0..0;
        d.sentences.clear();
        format!("{d:?}")
    }
    let summary = crate::render::feeds::summary;
    a.same_timeline_inputs(b)
        && shown(a) == shown(b)
        && matches!((summary(a), summary(b)), (Ok(x), Ok(y)) if x == y)
}

/// What the last good build leaves for the next.
#[derive(Debug)]
struct Last {
    /// The project's articles (relative paths), in order.
    paths: Vec<PathBuf>,
    timeline: Timeline,
    /// The normalised base path rendered under.
    base: String,
    /// The rendered files, before `static/` is laid over them.
    rendered: HashMap<String, Arc<Vec<u8>>>,
    /// What each page was rendered from ([`crate::render::reuse`]).
    keys: PageKeys,
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
            dirty: Dirty::default(),
            last: None,
            tokens: TokenCache::default(),
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
                    reused: Reused::Nothing,
                    kept: 0,
                }
            }
        }
    }

    /// [`Builder::preview`], with a panic (a bug) turned into no preview;
    /// the next build then starts afresh.
    pub fn preview_catching(&mut self, change: &Change) -> Option<Preview> {
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
        let dirty = std::mem::take(&mut self.dirty);
        let last = self.last.take().filter(|_| !everything && !change.config);
        let (parsed, lent) = self.lend();
        let articles = parsed.len();
        let read = started.elapsed();
        let mut project =
            Project::assemble_untimed(&self.root, config, parsed, diagnostics, &self.opts);
        let paths: Vec<PathBuf> = project
            .docs
            .iter()
            .map(|d| d.article.path.clone())
            .collect();
        let base = config::normalize_base_path(
            self.base_path
                .as_deref()
                .unwrap_or(&project.config.base_path),
        );
        // The last build's timeline and pages serve only the same articles
        // under the same base path; the timeline only when every article
        // gives it the same.
        let mut last = last.filter(|l| l.paths == paths && l.base == base);
        let mut reused = Reused::Nothing;
        match &mut last {
            Some(l) if !dirty.timeline => {
                project.timeline = std::mem::take(&mut l.timeline);
                reused = Reused::Timeline;
            }
            _ => project.build_timeline_cached(&mut self.tokens),
        }
        let timeline = started.elapsed() - read;
        // `paths` are in path order.
        let mut again: Vec<usize> = dirty
            .articles
            .iter()
            .filter_map(|p| paths.binary_search(p).ok())
            .collect();
        again.sort_unstable();
        let mut kept = 0;
        let base_path = self.base_path.as_deref();
        let rendered = match last {
            _ if failure.is_some() => None,
            // Nothing other pages show changed: only the re-read articles'
            // own files are rendered again.
            Some(l) if !dirty.listing => {
                reused = Reused::Files;
                let files = project.render_articles(base_path, &again);
                Some(files.map(|files| {
                    kept = l.rendered.len().saturating_sub(files.len());
                    let mut map = l.rendered;
                    map.extend(files.into_iter().map(served));
                    (map, l.keys)
                }))
            }
            // Else the pages whose inputs changed: every page when there
            // is no last build to take from.
            l => {
                let (mut last_files, keys) = l.map(|l| (l.rendered, l.keys)).unwrap_or_default();
                let rerendered = project
                    .render_reusing(base_path, &keys, &again)
                    .and_then(|r| {
                        // Every kept page was in the last build (or a bug:
                        // then everything is rendered).
                        if r.kept.iter().all(|p| last_files.contains_key(p)) {
                            Ok(r)
                        } else {
                            project.render_reusing(base_path, &PageKeys::default(), &again)
                        }
                    });
                Some(rerendered.map(|r| {
                    kept = r.kept.len();
                    let mut map = HashMap::with_capacity(r.kept.len() + r.files.len());
                    for path in r.kept {
                        if let Some(bytes) = last_files.remove(&path) {
                            map.insert(path, bytes);
                        }
                    }
                    map.extend(r.files.into_iter().map(served));
                    (map, r.keys)
                }))
            }
        };
        let site = match rendered {
            None => None,
            Some(Ok((map, keys))) => {
                let mut files = map.clone();
                self.last = Some(Last {
                    paths,
                    timeline: std::mem::take(&mut project.timeline),
                    base: base.clone(),
                    rendered: map,
                    keys,
                });
                // static/ is copied over the rendered files, as `build` does.
                for (path, bytes) in &self.statics {
                    files.insert(path.clone(), bytes.clone());
                }
                Some(Site { base, files })
            }
            Some(Err(e)) => {
                failure = Some(format!("cannot render the site: {e:#}"));
                None
            }
        };
        let render = started.elapsed() - read - timeline;
        self.reread = self.take_back(&mut project, lent);
        Outcome {
            site,
            diagnostics: project.diagnostics,
            failure,
            articles,
            resolved,
            elapsed: started.elapsed(),
            phases: [read, timeline, render],
            reused,
            kept,
        }
    }

    /// What to show of an edit at once, for the preview to show while
    /// [`Builder::build`] rebuilds the whole site with the same change (at
    /// 10,000 articles the exact timeline takes about a second). `None`
    /// unless the change is only edits of articles that still parse
    /// (anything else waits for the whole build, which also shows errors).
    ///
    /// With the last build's site to start from (the same articles under
    /// the same base path):
    /// - an edit that gives the timeline the same inputs renders the
    ///   edited articles' own pages with the last timeline, which still
    ///   holds;
    /// - an edit of the timeline's inputs (a dated sentence) renders every
    ///   page whose inputs changed, with a quick timeline made from the
    ///   last one ([`Timeline::patched`]): the edit shows everywhere in a
    ///   fraction of the exact build's time, and the exact timeline
    ///   follows.
    ///
    /// Without it (the first build failed), only the edited articles'
    /// pages, with no events listed.
    pub fn preview(&mut self, change: &Change) -> Option<Preview> {
        if self.stale || change.rescan || change.config || change.statics {
            return None;
        }
        let config = self.config.as_ref().ok()?.clone();
        // The edited articles as the last build had them, for the quick
        // timeline.
        let mut before: HashMap<PathBuf, ResolvedArticle> = HashMap::new();
        if self.last.is_some() {
            for abs in &change.articles {
                let rel = discover::display_path(&self.root, abs);
                if let Some(Cached::Ok(doc)) = self.cache.get(&rel) {
                    before.insert(rel, doc.as_ref().clone());
                }
            }
        }
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
        let mut project =
            Project::assemble_untimed(&self.root, config, parsed, Vec::new(), &self.opts);
        // The project's articles are in path order.
        let mut shown: Vec<usize> = changed
            .iter()
            .filter_map(|p| {
                project
                    .docs
                    .binary_search_by(|d| d.article.path.cmp(p))
                    .ok()
            })
            .collect();
        shown.sort_unstable();
        let base_path = self.base_path.as_deref();
        let base = config::normalize_base_path(base_path.unwrap_or(&project.config.base_path));
        let last = self.last.as_mut().filter(|l| {
            l.base == base
                && l.paths.len() == project.docs.len()
                && l.paths
                    .iter()
                    .zip(&project.docs)
                    .all(|(p, d)| *p == d.article.path)
        });
        let mut timeline = PreviewTimeline::None;
        let pages = match last {
            Some(l) if !self.dirty.timeline => {
                timeline = PreviewTimeline::Last;
                project.timeline = std::mem::take(&mut l.timeline);
                let pages = project.render_articles(base_path, &shown);
                l.timeline = std::mem::take(&mut project.timeline);
                pages
            }
            Some(l) => {
                let edited: Option<Vec<(usize, &ResolvedArticle)>> = shown
                    .iter()
                    .map(|&a| Some((a, before.get(&project.docs[a].article.path)?)))
                    .collect();
                match edited {
                    Some(edited) => {
                        let t = crate::timings::stage("serve: quick timeline");
                        timeline = PreviewTimeline::Quick;
                        project.timeline = l.timeline.patched(&project.docs, &edited);
                        drop(t);
                        project
                            .render_reusing(base_path, &l.keys, &shown)
                            .map(|r| r.files)
                    }
                    None => project.render_articles(base_path, &shown),
                }
            }
            None => project.render_articles(base_path, &shown),
        };
        let rest = self.take_back(&mut project, lent);
        self.reread.extend(rest);
        // An edited article left out (a draft, a clashing slug): only the
        // whole build says what shows.
        let pages = pages.ok().filter(|_| shown.len() == changed.len())?;
        Some(Preview {
            pages: pages.into_iter().map(served).collect(),
            timeline,
        })
    }

    /// Moves the cached articles out, in path order, for a project; they
    /// are given back by [`Builder::take_back`]. Returns them (and cached
    /// errors) and the paths lent, in path order.
    fn lend(&mut self) -> (Vec<Result<ResolvedArticle, Diagnostic>>, Vec<PathBuf>) {
        // Moved, not copied. Those the project leaves out (drafts,
        // duplicate slugs) are read again by the next build.
        let mut parsed = Vec::with_capacity(self.cache.len());
        let mut lent = Vec::with_capacity(self.cache.len());
        for (path, c) in std::mem::take(&mut self.cache) {
            match c {
                Cached::Ok(doc) => {
                    parsed.push(Ok(*doc));
                    lent.push(path);
                }
                Cached::Err { text, diag } => {
                    parsed.push(Err(diag.clone()));
                    self.cache.insert(path, Cached::Err { text, diag });
                }
            }
        }
        (parsed, lent)
    }

    /// Puts a project's articles back in the cache, those it left out
    /// (drafts, duplicate slugs) too, so that they are not read again;
    /// returns the lent paths that did not come back (none, unless a bug).
    ///
    /// The project keeps the lent order, so its articles and the lent paths
    /// are walked side by side and the cache is rebuilt from sorted entries
    /// (at 10,000 articles, inserting each path into the map and a hash set
    /// was most of the time of a build that re-renders one page).
    fn take_back(&mut self, project: &mut Project, lent: Vec<PathBuf>) -> HashSet<PathBuf> {
        let mut lost = HashSet::new();
        let mut entries = Vec::with_capacity(lent.len() + self.cache.len());
        let mut docs = std::mem::take(&mut project.docs).into_iter().peekable();
        let mut left_out = std::mem::take(&mut project.left_out).into_iter().peekable();
        for path in lent {
            let same = |d: &ResolvedArticle| d.article.path.as_os_str() == path.as_os_str();
            match docs.next_if(same).or_else(|| left_out.next_if(same)) {
                Some(doc) => entries.push((path, Cached::Ok(Box::new(doc)))),
                None => {
                    lost.insert(path);
                }
            }
        }
        // The cached errors, and (never, unless the order differed) articles
        // not met on the way.
        entries.extend(std::mem::take(&mut self.cache));
        for doc in docs.chain(left_out) {
            lost.remove(&doc.article.path);
            entries.push((doc.article.path.clone(), Cached::Ok(Box::new(doc))));
        }
        // Sorted runs: collecting sorts them in linear time.
        self.cache = entries.into_iter().collect();
        lost
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
            let path = d.path.clone();
            let new = Cached::Err {
                text: None,
                diag: d,
            };
            self.dirty.note(&path, old.get(&path), Some(&new));
            self.cache.insert(path, new);
        }
        let n = todo.len();
        for (path, c) in parse_all(todo) {
            self.dirty.note(&path, old.get(&path), Some(&c));
            old.remove(&path);
            self.cache.insert(path, c);
        }
        // What is left of the old cache is gone from `content/`.
        for (path, c) in &old {
            if !self.cache.contains_key(path) {
                self.dirty.note(path, Some(c), None);
            }
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
                    let old = self.cache.remove(&rel);
                    self.dirty.note(&rel, old.as_ref(), None);
                }
                Err(_) if abs.is_dir() => {}
                Err(diag) => {
                    let new = Cached::Err { text: None, diag };
                    self.dirty.note(&rel, self.cache.get(&rel), Some(&new));
                    self.cache.insert(rel, new);
                }
            }
        }
        let mut changed = Vec::with_capacity(todo.len());
        for (path, c) in parse_all(todo) {
            changed.push(path.clone());
            self.dirty.note(&path, self.cache.get(&path), Some(&c));
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
        // d changed; b (duplicate slug) and c (draft), left out of the last
        // project, are kept like a.
        assert_eq!((second.articles, second.resolved), (4, 1));
        assert_eq!(second.error_lines(), errors);
        let site = second.site.unwrap();
        let page = String::from_utf8_lossy(&site.files["articles/d.html"]).into_owned();
        assert!(page.contains("D2"));
        assert!(!site.files.contains_key("articles/c.html"));

        // Saving a file unchanged resolves nothing again and reuses the
        // whole last site, left-out files notwithstanding.
        let mut change = Change::default();
        change.add(&root, &root.join("content/a.md"));
        let third = builder.build(&change);
        assert_eq!((third.resolved, third.reused), (0, Reused::Files));
        // The draft made public: read again, and on the site.
        std::fs::write(root.join("content/c.md"), article("C", "")).unwrap();
        let mut change = Change::default();
        change.add(&root, &root.join("content/c.md"));
        let fourth = builder.build(&change);
        assert_eq!((fourth.articles, fourth.resolved), (4, 1));
        assert!(fourth.site.unwrap().files.contains_key("articles/c.html"));
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn an_edit_is_previewed_with_a_quick_timeline_then_built_exactly() {
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

        // A dated sentence changed: every page it shows on, at once.
        std::fs::write(root.join("content/a.md"), dated("A", "ferry")).unwrap();
        let mut change = Change::default();
        change.add(&root, &root.join("content/a.md"));
        let preview = builder
            .preview(&change)
            .expect("an edit of a good article is previewed");
        assert_eq!(preview.timeline, PreviewTimeline::Quick);
        let page = |preview: &Preview, path: &str| {
            preview
                .pages
                .iter()
                .find(|(p, _)| p == path)
                .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        };
        let a = page(&preview, "articles/a.html").expect("the edited page");
        assert!(a.contains("ferry"), "the new text shows at once");
        assert!(
            a.contains("datetime=\"2025-06-21\" data-value"),
            "with its resolved dates"
        );
        assert!(a.contains("On the timeline"), "and its event");
        let index = page(&preview, "index.html").expect("the timeline changed");
        assert!(index.contains("ferry") && !index.contains("bridge"));
        assert!(
            page(&preview, "articles/b.html").is_none(),
            "b's page shows nothing that changed"
        );

        // The whole build that follows does not resolve the file again but
        // still counts it, and is what `build` gives.
        let full = builder.build(&change);
        assert_eq!(full.resolved, 1, "a (the draft c is kept)");
        assert_same_as_build(&full, &root, "a dated edit, previewed");

        // An edit that keeps the timeline's inputs: the article's own
        // files, with the last timeline.
        let undated = format!("{}Residents waited for news.\n", dated("A", "ferry"));
        std::fs::write(root.join("content/a.md"), undated).unwrap();
        let preview = builder.preview(&change).expect("previewed");
        assert_eq!(preview.timeline, PreviewTimeline::Last);
        let paths: Vec<&str> = preview.pages.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["articles/a.html", "articles/a.tml"]);
        let a = page(&preview, "articles/a.html").unwrap();
        assert!(a.contains("Residents waited") && a.contains("On the timeline"));
        let full = builder.build(&change);
        assert_eq!(
            &full.site.as_ref().unwrap().files["articles/a.html"][..],
            a.as_bytes()
        );
        assert_same_as_build(&full, &root, "an undated edit, previewed");

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

    /// What `build` writes for the site at `root`: the project loaded with
    /// texts released, rendered, `static/` laid over it.
    fn built(root: &Path) -> BTreeMap<String, Vec<u8>> {
        let opts = LoadOptions {
            release_text: true,
            ..LoadOptions::default()
        };
        let project = Project::load(root, &opts).unwrap();
        let mut files: BTreeMap<String, Vec<u8>> = project
            .render(None)
            .unwrap()
            .into_iter()
            .map(|f| {
                let (path, bytes) = served(f);
                (path, bytes.to_vec())
            })
            .collect();
        for (path, bytes) in read_static(&root.join("static")) {
            files.insert(path, bytes.to_vec());
        }
        files
    }

    fn files_of(outcome: &Outcome) -> BTreeMap<String, Vec<u8>> {
        let site = outcome.site.as_ref().expect("a site");
        site.files
            .iter()
            .map(|(p, b)| (p.clone(), b.to_vec()))
            .collect()
    }

    /// Asserts the builder's site is byte for byte what `build` writes,
    /// naming the first files that differ.
    fn assert_same_as_build(outcome: &Outcome, root: &Path, what: &str) {
        let (served, fresh) = (files_of(outcome), built(root));
        if served != fresh {
            let paths: std::collections::BTreeSet<&String> =
                served.keys().chain(fresh.keys()).collect();
            let differ: Vec<&&String> = paths
                .iter()
                .filter(|p| served.get(**p) != fresh.get(**p))
                .take(5)
                .collect();
            panic!(
                "after {what} ({:?}), the served site differs from a fresh build in {differ:?}",
                outcome.reused
            );
        }
    }

    /// A tiny deterministic generator (xorshift64*).
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
        }
    }

    const STORIES: [&str; 6] = [
        "The Vell levee collapsed in Calden",
        "Donors pledged flood aid to Calden",
        "The harbour of Port Alder reopened its berths",
        "The council approved the river budget",
        "Firefighters contained the Kestrel warehouse blaze",
        "Ostra and Norland signed the river basin agreement",
    ];

    /// Every article in the feed, with its summary.
    const CONFIG: &str = "title = \"Generated\"\nfeed_entries = 0\n";

    const LEAD: &str = "Residents of the valley gathered at the town hall to hear what the engineers had found along the river, and many of them stayed to ask about the roads, the schools and the water supply. The engineers answered each question in turn and promised a written report for every household in the district, with maps of the areas at risk.\n\n";

    /// A sentence of story `k` on June `day` (dated), or in June.
    fn dated(k: usize, day: usize) -> String {
        match day {
            0 => format!("{} in June 2025.", STORIES[k % STORIES.len()]),
            d => format!("{} on June {d}.", STORIES[k % STORIES.len()]),
        }
    }

    /// Article `n` of a generated site: stories told by several articles
    /// on the same days (so events merge), tags, places, an undated
    /// sentence now and then.
    fn generated(rng: &mut Rng, n: usize) -> String {
        // A lead long enough to be the whole feed summary, or a
        // description: a sentence added further down shows on the
        // article's own page only.
        let (mut body, description) = match rng.below(2) {
            0 => (LEAD.to_string(), String::new()),
            _ => (String::new(), format!("description = \"Story {n}\"\n")),
        };
        for _ in 0..1 + rng.below(3) {
            body.push_str(&dated(rng.below(STORIES.len()), rng.below(8)));
            body.push(' ');
        }
        if rng.below(3) == 0 {
            body.push_str("The talks lasted two weeks. ");
        }
        body.push_str("Residents waited for news.\n");
        let tags = ["flood", "politics", "port"];
        let places = ["Calden", "Port Alder", "Ostra"];
        format!(
            "+++\ntitle = \"Report {n}\"\ndate = 2025-06-{:02}\ntags = [\"{}\"]\nplace = \"{}\"\n{description}+++\n{body}",
            10 + rng.below(15),
            tags[rng.below(3)],
            places[rng.below(3)],
        )
    }

    /// Writes `text` to `content/<name>` and records the change.
    fn write(root: &Path, change: &mut Change, name: &str, text: &str) {
        let path = root.join("content").join(name);
        std::fs::write(&path, text).unwrap();
        change.add(root, &path);
    }

    /// Edits `content/<name>` with `f` and builds as [`step`] does.
    fn edit(
        builder: &mut Builder,
        root: &Path,
        name: &str,
        f: &dyn Fn(String) -> String,
        preview: bool,
        what: &str,
    ) -> Reused {
        let text = std::fs::read_to_string(root.join("content").join(name)).unwrap();
        let mut change = Change::default();
        write(root, &mut change, name, &f(text));
        step(builder, root, &change, preview, what)
    }

    /// Applies `change` as the server does (the preview first, when asked,
    /// then the whole build) and checks the result against `build`.
    fn step(
        builder: &mut Builder,
        root: &Path,
        change: &Change,
        preview: bool,
        what: &str,
    ) -> Reused {
        step_kept(builder, root, change, preview, what).0
    }

    /// [`step`], also giving how many files the build kept.
    fn step_kept(
        builder: &mut Builder,
        root: &Path,
        change: &Change,
        preview: bool,
        what: &str,
    ) -> (Reused, usize) {
        if preview {
            builder.preview(change);
        }
        let outcome = builder.build(change);
        assert_same_as_build(&outcome, root, what);
        (outcome.reused, outcome.kept)
    }

    /// A site of `n` articles made by `article` (seeded by `seed`) in a
    /// fresh temporary folder, with the generator to go on with.
    fn generated_site(
        tag: &str,
        seed: u64,
        n: usize,
        article: fn(&mut Rng, usize) -> String,
    ) -> (PathBuf, Rng) {
        let mut rng = Rng(seed);
        let files: Vec<(String, String)> = (0..n)
            .map(|k| (format!("content/a{k:03}.md"), article(&mut rng, k)))
            .collect();
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .chain([("dateline.toml", CONFIG)])
            .collect();
        (site(tag, &refs), rng)
    }

    #[test]
    fn an_article_page_follows_its_event_when_another_article_moves_its_date() {
        // a tells the collapse "in June 2025", b "on June 21": one event,
        // dated by b, which a's page lists with b's date though a does not
        // change.
        let page =
            |body: &str| format!("+++\ntitle = \"T\"\ndate = 2025-06-24\n+++\n{LEAD}{body}\n");
        let root = site(
            "moved",
            &[
                ("content/a.md", &page(&dated(0, 0))),
                ("content/b.md", &page(&dated(0, 21))),
                ("dateline.toml", CONFIG),
            ],
        );
        let mut builder = Builder::new(root.clone(), None, LoadOptions::default());
        let first = builder.build(&Change::all());
        assert_same_as_build(&first, &root, "the first build");
        let a = |outcome: &Outcome| {
            String::from_utf8(files_of(outcome)["articles/a.html"].clone()).unwrap()
        };
        assert!(
            a(&first).contains("datetime=\"2025-06-21\">"),
            "{}",
            a(&first)
        );
        // b's day moved (the event keeps its primary, b's mention, but a's
        // page shows the new date), b's date taken out, then back.
        for preview in [true, false] {
            for (body, what) in [
                (dated(0, 22), "b's day moved"),
                (
                    "Residents waited for news.".to_string(),
                    "b's date taken out",
                ),
                (dated(0, 21), "b's date back"),
            ] {
                let mut change = Change::default();
                write(&root, &mut change, "b.md", &page(&body));
                step(&mut builder, &root, &change, preview, what);
            }
        }
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn edits_additions_deletions_and_renames_give_what_build_gives() {
        let (root, _) = generated_site("reuse", 7, 12, generated);
        let mut builder = Builder::new(root.clone(), None, LoadOptions::default());
        let first = builder.build(&Change::all());
        assert_eq!(first.reused, Reused::Nothing);
        assert_same_as_build(&first, &root, "the first build");
        type Edit = fn(String) -> String;
        let edits: [(&str, Edit, bool, &str, Reused); 5] = [
            // A sentence without dates, appended: the article's own files.
            (
                "a003.md",
                |t| t + "The mayor thanked volunteers.\n",
                true,
                "an appended sentence",
                Reused::Files,
            ),
            (
                "a003.md",
                |t| t + "Shops opened again.\n",
                false,
                "another, without preview",
                Reused::Files,
            ),
            // The title shows on other pages: all rendered, same timeline.
            (
                "a004.md",
                |t| t.replacen("title = \"Report 4\"", "title = \"Report four\"", 1),
                true,
                "a new title",
                Reused::Timeline,
            ),
            // A new date: the timeline is built again.
            (
                "a005.md",
                |t| {
                    t.replacen(
                        "Residents waited",
                        "Dykes failed on June 3. Residents waited",
                        1,
                    )
                },
                true,
                "a new dated sentence",
                Reused::Nothing,
            ),
            // Saved unchanged: nothing re-read, everything reused.
            (
                "a003.md",
                |t| t,
                true,
                "a save without change",
                Reused::Files,
            ),
        ];
        for (name, f, preview, what, reused) in edits {
            assert_eq!(
                edit(&mut builder, &root, name, &f, preview, what),
                reused,
                "{what}"
            );
        }
        // A new article, then a deletion, then a rename.
        let mut change = Change::default();
        let new_article = format!(
            "+++\ntitle = \"New\"\ndate = 2025-06-20\n+++\n{}\n",
            dated(0, 4)
        );
        write(&root, &mut change, "new.md", &new_article);
        let added = step(&mut builder, &root, &change, true, "an added article");
        let mut change = Change::default();
        std::fs::remove_file(root.join("content/a007.md")).unwrap();
        change.add(&root, &root.join("content/a007.md"));
        let deleted = step(&mut builder, &root, &change, true, "a deleted article");
        let mut change = Change::default();
        std::fs::rename(root.join("content/a008.md"), root.join("content/b008.md")).unwrap();
        change.add(&root, &root.join("content/a008.md"));
        change.add(&root, &root.join("content/b008.md"));
        let renamed = step(&mut builder, &root, &change, true, "a renamed article");
        assert_eq!([added, deleted, renamed], [Reused::Nothing; 3]);
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn many_random_edits_give_what_build_gives() {
        let n = 200;
        let (root, mut rng) = generated_site("random", 0x5eed, n, generated);
        let mut builder = Builder::new(root.clone(), None, LoadOptions::default());
        builder.build(&Change::all());
        let mut names: Vec<String> = (0..n).map(|k| format!("a{k:03}.md")).collect();
        let mut seen = HashMap::new();
        let mut selective = 0;
        for round in 0..40 {
            let mut change = Change::default();
            // One to three files a round; a burst of saves is one change.
            for _ in 0..1 + rng.below(3) * rng.below(2) {
                let k = rng.below(names.len());
                let name = names[k].clone();
                let path = root.join("content").join(&name);
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                let what = rng.below(14);
                let new = match what {
                    0 => text.replacen("Residents waited", "Residents still waited", 1),
                    1 | 2 => format!("{text}A note number {round} followed.\n"),
                    // A dated sentence first: every later span moves.
                    3 => match text.rfind("+++\n") {
                        Some(at) => format!(
                            "{}{} {}",
                            &text[..at + 4],
                            dated(rng.below(6), rng.below(8)),
                            &text[at + 4..]
                        ),
                        None => text,
                    },
                    4 => text.replacen("title = \"", "title = \"Updated ", 1),
                    5 if text.contains("draft = true\n") => text.replacen("draft = true\n", "", 1),
                    5 => text.replacen("+++\n", "+++\ndraft = true\n", 1),
                    // A broken dateline, until the file is written anew.
                    6 => text.replacen("date = ", "date = \"soon\"\nwhen = ", 1),
                    7 => {
                        std::fs::remove_file(&path).unwrap();
                        change.add(&root, &path);
                        let fresh = format!("b{round:02}{k}.md");
                        names[k] = fresh.clone();
                        write(
                            &root,
                            &mut change,
                            &fresh,
                            &generated(&mut rng, 1000 + round),
                        );
                        continue;
                    }
                    8 => generated(&mut rng, k),
                    // Fields other pages show: the sources of events, tag
                    // and place pages, every link to the article.
                    10 if text.contains("author = ") => {
                        text.replacen("author = \"", "author = \"Not ", 1)
                    }
                    10 => text.replacen("+++\n", "+++\nauthor = \"A. Writer\"\n", 1),
                    11 => text.replacen("tags = [", "tags = [\"extra\", ", 1),
                    12 => text.replacen("place = \"", "place = \"New ", 1),
                    13 if text.contains("\nslug = ") => text
                        .lines()
                        .filter(|l| !l.starts_with("slug = "))
                        .map(|l| format!("{l}\n"))
                        .collect(),
                    13 => text.replacen("+++\n", &format!("+++\nslug = \"s{round}-{k}\"\n"), 1),
                    // The lead is the feed's summary; a word of the same
                    // length moves no offset.
                    _ if text.contains("town hall") => text.replacen("town hall", "city hall", 1),
                    _ => text.replacen("city hall", "town hall", 1),
                };
                write(&root, &mut change, &name, &new);
            }
            let (r, kept) = step_kept(
                &mut builder,
                &root,
                &change,
                rng.below(2) == 0,
                &format!("round {round}"),
            );
            *seen.entry(r).or_insert(0) += 1;
            selective += usize::from(r != Reused::Files && kept > 0);
        }
        // Every way of building was taken, and pages were kept after a
        // timeline built again.
        assert!(seen.len() == 3, "{seen:?}");
        assert!(selective > 0);
        let fresh = Builder::new(root.clone(), None, LoadOptions::default()).build(&Change::all());
        assert_same_as_build(&fresh, &root, "a fresh builder");
        std::fs::remove_dir_all(&root).unwrap();
    }

    /// A made-up word: events told in such words do not merge.
    fn word(rng: &mut Rng) -> String {
        const SYLLABLES: [&str; 12] = [
            "ka", "lo", "mi", "ne", "ru", "so", "ta", "vi", "ze", "po", "du", "fe",
        ];
        (0..3).map(|_| SYLLABLES[rng.below(12)]).collect()
    }

    /// A dated sentence of an event of its own: two in three in March
    /// 2025, the others in four months of 2024 and 2025.
    fn own_event(rng: &mut Rng) -> String {
        let (month, year) = match rng.below(3) {
            0 | 1 => ("March", 2025),
            _ => (
                ["January", "May", "August", "November"][rng.below(4)],
                2024 + rng.below(2),
            ),
        };
        let verb = ["opened", "closed", "sold", "rebuilt"][rng.below(4)];
        format!(
            "The {} {} of {} was {verb} on {month} {}, {year}. ",
            word(rng),
            word(rng),
            word(rng),
            1 + rng.below(28)
        )
    }

    /// Article `n` of a site whose timeline is split into years, months
    /// and parts of a month.
    fn split_article(rng: &mut Rng, n: usize) -> String {
        let mut body = String::new();
        for _ in 0..4 + rng.below(4) {
            body.push_str(&own_event(rng));
        }
        body.push_str("Residents waited for news.\n");
        format!(
            "+++\ntitle = \"Item {n}\"\ndate = 2025-04-{:02}\ntags = [\"{}\"]\nplace = \"{}\"\n+++\n{body}",
            1 + rng.below(28),
            ["flood", "politics", "port"][rng.below(3)],
            ["Calden", "Port Alder", "Ostra"][rng.below(3)],
        )
    }

    #[test]
    fn random_edits_of_a_split_timeline_give_what_build_gives() {
        let n = 90;
        let (root, mut rng) = generated_site("split", 0xda7e, n, split_article);
        let mut builder = Builder::new(root.clone(), None, LoadOptions::default());
        let first = builder.build(&Change::all());
        let pages = &first.site.as_ref().unwrap().files;
        for page in [
            "years/2024.html",
            "years/2025-03.html",
            "years/2025-03-2.html",
        ] {
            assert!(pages.contains_key(page), "{page}");
        }
        let mut kept_after_new_timeline = 0;
        for round in 0..30 {
            let name = format!("a{:03}.md", rng.below(n));
            let path = root.join("content").join(&name);
            let text = std::fs::read_to_string(&path).unwrap();
            let at = text.rfind("+++\n").unwrap() + 4;
            let new = match rng.below(9) {
                // A new event first or last: the parts of a month shift.
                0 | 1 => format!("{}{}{}", &text[..at], own_event(&mut rng), &text[at..]),
                2 => format!("{text}{}\n", own_event(&mut rng)),
                // The first event gone.
                3 => match text[at..].find(". ") {
                    Some(end) => format!("{}{}", &text[..at], &text[at + end + 2..]),
                    None => text,
                },
                4 => text.replacen("title = \"", "title = \"New ", 1),
                5 => format!("{text}Nothing else happened.\n"),
                6 => text.replacen("+++\n", "+++\nauthor = \"A. Writer\"\n", 1),
                7 => text.replacen("date = 2025-04-", "date = 2025-05-", 1),
                _ => split_article(&mut rng, 500 + round),
            };
            let mut change = Change::default();
            write(&root, &mut change, &name, &new);
            let (reused, kept) = step_kept(
                &mut builder,
                &root,
                &change,
                rng.below(2) == 0,
                &format!("round {round}"),
            );
            kept_after_new_timeline += usize::from(reused == Reused::Nothing && kept > 0);
        }
        assert!(kept_after_new_timeline > 5, "{kept_after_new_timeline}");
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
