//! A loaded project: the config, every article parsed and resolved, the
//! timeline, and the diagnostics collected on the way. `build`, `timeline`
//! and later `check` and `serve` all start from [`Project::load`].
//!
//! Each article is read, parsed, resolved and split into its reports in
//! one parallel job. With [`LoadOptions::release_text`] (`build`) the job
//! then drops the article's text, keeping only compact data (packed
//! mentions, report and undated-sentence texts, the file's length and
//! hash); rendering reads the file again ([`ResolvedArticle::source`]) and
//! fails with the file's name if it changed in between. The timeline drops
//! the reports' texts once it has tokenised them; rendering takes back
//! those of the events' primaries from the file it reads for each
//! article's page ([`ResolvedArticle::texts_from`]), so each file is read
//! twice in a build.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{self, Config};
use crate::content::{article, discover};
use crate::error::{Diagnostic, Severity};
use crate::render::{self, OutputFile};
use crate::timeline::{ResolvedArticle, Timeline, TokenCache};

#[derive(Debug)]
pub struct Project {
    pub root: PathBuf,
    pub config: Config,
    /// Articles sorted by path; drafts left out unless asked for.
    pub docs: Vec<ResolvedArticle>,
    /// The articles left out (drafts, duplicate slugs), in path order: the
    /// preview server keeps them for its next build.
    pub left_out: Vec<ResolvedArticle>,
    pub timeline: Timeline,
    /// Problems with input files, in path order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Options for loading a project.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    pub include_drafts: bool,
    /// Drop each article's text once it is resolved and read it again when
    /// its page is rendered ([`ResolvedArticle::release`]), so a large
    /// site's texts are never all in memory; the texts of the events'
    /// primaries come back when the site is rendered
    /// ([`ResolvedArticle::read_texts`] reads them alone). `build` sets it;
    /// the preview server and `check` keep the texts.
    pub release_text: bool,
}

/// Parses and resolves one file. A bug that panics on one article's text
/// becomes that article's error instead of ending the whole build.
pub fn process(file: discover::SourceFile) -> Result<ResolvedArticle, Diagnostic> {
    let path = file.path.clone();
    let article = article::parse(file)?;
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| ResolvedArticle::new(article))).map_err(|panic| {
        let what = panic
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| panic.downcast_ref::<&str>().copied())
            .unwrap_or("unknown panic");
        Diagnostic::error(
            &path,
            1,
            1,
            format!("internal error while resolving this article ({what}); the article is left out — please report it"),
        )
    })
}

impl Project {
    /// Reads the config and `content/`, parses and resolves every article in
    /// parallel. Bad articles become diagnostics; the rest are kept.
    pub fn load(root: &Path, opts: &LoadOptions) -> anyhow::Result<Project> {
        let mut diagnostics = Vec::new();
        let config = match Config::load(root) {
            Ok(c) => c,
            Err(d) => {
                diagnostics.push(d);
                Config::default()
            }
        };
        let t = crate::timings::stage("discover");
        let (files, walk_errors) = discover::find(root)?;
        drop(t);
        let t = crate::timings::stage("read+parse+resolve");
        diagnostics.extend(walk_errors);
        // Reading is part of each article's parallel job: at 10k articles a
        // serial read was most of a second of wall time.
        let parsed: Vec<Result<ResolvedArticle, Diagnostic>> = files
            .into_par_iter()
            .map(|f| {
                let full = opts.release_text.then(|| f.full.clone());
                let mut doc = f.read().and_then(process)?;
                if let Some(full) = full {
                    doc.release(full);
                }
                Ok(doc)
            })
            .collect();
        drop(t);
        // The timeline drops the reports' texts of released articles once
        // tokenised; rendering takes back those of the events' primaries.
        Ok(Project::assemble(root, config, parsed, diagnostics, opts))
    }

    /// Puts a project together from articles already parsed and resolved
    /// (in path order) and the diagnostics found so far: leaves out drafts
    /// unless asked for, refuses duplicate slugs, builds the timeline. The
    /// preview server calls this after re-resolving only changed files.
    pub fn assemble(
        root: &Path,
        config: Config,
        parsed: Vec<Result<ResolvedArticle, Diagnostic>>,
        diagnostics: Vec<Diagnostic>,
        opts: &LoadOptions,
    ) -> Project {
        let mut project = Project::assemble_untimed(root, config, parsed, diagnostics, opts);
        project.build_timeline();
        project
    }

    /// Builds the timeline of the project's articles (left empty by
    /// [`Project::assemble_untimed`]).
    pub fn build_timeline(&mut self) {
        let _t = crate::timings::stage("timeline");
        self.timeline = Timeline::build_releasing(&mut self.docs);
    }

    /// [`Project::build_timeline`] with report tokens kept in `cache` from
    /// one build to the next ([`Timeline::build_cached`]), for articles
    /// that keep their text (the preview server's).
    pub fn build_timeline_cached(&mut self, cache: &mut TokenCache) {
        let _t = crate::timings::stage("timeline");
        self.timeline = Timeline::build_cached(&self.docs, cache);
    }

    /// [`Project::assemble`] without the timeline (left empty): what the
    /// preview server needs to show an edited article's page at once.
    pub fn assemble_untimed(
        root: &Path,
        config: Config,
        parsed: Vec<Result<ResolvedArticle, Diagnostic>>,
        mut diagnostics: Vec<Diagnostic>,
        opts: &LoadOptions,
    ) -> Project {
        let mut docs = Vec::with_capacity(parsed.len());
        let mut left_out = Vec::new();
        let mut slugs: HashMap<String, PathBuf> = HashMap::new();
        for p in parsed {
            match p {
                Ok(doc) if doc.article.draft && !opts.include_drafts => left_out.push(doc),
                Ok(doc) => {
                    if let Some(first) = slugs.get(&doc.article.slug) {
                        diagnostics.push(Diagnostic::error(
                            &doc.article.path,
                            1,
                            1,
                            format!(
                                "expected a unique slug, found `{}` already used by {} (set `slug` in the front matter)",
                                doc.article.slug,
                                first.display()
                            ),
                        ));
                        left_out.push(doc);
                        continue;
                    }
                    slugs.insert(doc.article.slug.clone(), doc.article.path.clone());
                    docs.push(doc);
                }
                Err(d) => diagnostics.push(d),
            }
        }
        diagnostics.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
        Project {
            root: root.to_path_buf(),
            config,
            docs,
            left_out,
            timeline: Timeline::default(),
            diagnostics,
        }
    }

    pub fn error_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Renders the site in memory under `base_path` (the config's when `None`).
    pub fn render(&self, base_path: Option<&str>) -> anyhow::Result<Vec<OutputFile>> {
        let base = config::normalize_base_path(base_path.unwrap_or(&self.config.base_path));
        render::render(&self.config, &base, &self.docs, &self.timeline)
    }

    /// Renders the pages and TimeML exports of the articles `indices`
    /// alone ([`render::article_files`]).
    pub fn render_articles(
        &self,
        base_path: Option<&str>,
        indices: &[usize],
    ) -> anyhow::Result<Vec<OutputFile>> {
        let base = config::normalize_base_path(base_path.unwrap_or(&self.config.base_path));
        render::article_files(&self.config, &base, &self.docs, &self.timeline, indices)
    }

    /// Renders the site under `base_path` like [`Project::render`], but
    /// only the pages whose inputs changed since the render whose keys are
    /// `last`, `fresh` being the indices of the articles whose own data
    /// changed since ([`render::render_reusing`]): the preview server's
    /// render after an edit.
    pub fn render_reusing(
        &self,
        base_path: Option<&str>,
        last: &render::PageKeys,
        fresh: &[usize],
    ) -> anyhow::Result<render::Rerendered> {
        let base = config::normalize_base_path(base_path.unwrap_or(&self.config.base_path));
        render::render_reusing(&self.config, &base, &self.docs, &self.timeline, last, fresh)
    }

    /// Renders the site, handing each file to `sink` as soon as it is
    /// rendered, but the article pages `unchanged` keeps
    /// ([`render::render_to`]); returns how many files there were.
    pub fn render_to(
        &self,
        base_path: Option<&str>,
        unchanged: Option<&render::Unchanged<'_>>,
        sink: &render::Sink<'_>,
    ) -> anyhow::Result<usize> {
        let base = config::normalize_base_path(base_path.unwrap_or(&self.config.base_path));
        render::render_to(
            &self.config,
            &base,
            &self.docs,
            &self.timeline,
            unchanged,
            sink,
        )
    }
}
