//! Which pages the site has, and the [`Site`] every page is made from.
//!
//! [`render`] builds a [`Site`] (the model plus everything derived once:
//! tag and place groups, and on which page each event lives), then renders
//! every page and export:
//!
//! - `index.html`: the timeline. Up to [`PAGE_EVENTS`] events it holds the
//!   whole timeline; beyond, it becomes an overview of `years/<year>.html`
//!   pages, and a year beyond [`PAGE_EVENTS`] events is split again into
//!   `years/<year>-<mm>.html` month pages (the values coarser than a month
//!   stay on the year page), and a month past it into numbered parts
//!   (`years/<year>-<mm>-2.html`), so no page grows without bound. Undated
//!   sentences then move to `undated.html` and its numbered pages.
//! - `articles/<slug>.html` and `articles/<slug>.tml` (TimeML).
//! - `tags/index.html`, `tags/<slug>.html`, `places/index.html`,
//!   `places/<slug>.html`: slugs hold only `[a-z0-9-]`.
//! - `about.html`, `404.html`, `.nojekyll`, `style.css`, `site.js`,
//!   `favicon.svg`.
//! - the exports of [`super::feeds`]: `atom.xml`, `timeline.json`,
//!   `events.ics`, `sitemap.xml`, `robots.txt`.
//!
//! Everything is ordered by the model's total order or by `BTreeMap` keys,
//! so the output is byte-identical from one build to the next.
//!
//! The preview server renders through [`super::reuse`]: the same pages,
//! but those whose inputs did not change since its last render are left
//! out ([`Site`]'s `reuse`), and it keeps their last bytes. A build leaves
//! out the article pages whose inputs are the last build's, as the
//! [`Unchanged`] hook its writer gives tells: each page's key, stable from
//! one run to the next, covers the program, the config, the article's
//! file and what the page shows of its events.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::path::PathBuf;

use askama::Template;
use rayon::prelude::*;

use super::html::escape;
use super::reuse::Reuse;
use super::timeline_pages::Plan;
use super::views::{AboutPage, Chrome, NotFoundPage};
use super::{DEFAULT_ICON, DEFAULT_SCRIPT, DEFAULT_STYLESHEET, OutputFile, feeds, timeml};
use crate::config::Config;
use crate::timeline::{Event, ResolvedArticle, Timeline};

/// The most events one timeline page holds before the timeline is split by
/// year, and a year by month.
pub const PAGE_EVENTS: usize = 200;

/// URL path of an article page relative to the base path.
pub fn article_path(slug: &str) -> String {
    let mut path = String::with_capacity(slug.len() + 14);
    push_article_path(&mut path, slug);
    path
}

/// Appends [`article_path`] to `out`.
pub fn push_article_path(out: &mut String, slug: &str) {
    out.push_str("articles/");
    out.push_str(slug);
    out.push_str(".html");
}

/// A URL slug of a tag or place name: lowercase ASCII letters, digits and
/// single hyphens. A name with no ASCII letter or digit ("東京") gets a
/// stable `x-` + hash slug instead of an empty one.
pub fn slugify(name: &str) -> String {
    let mut slug = crate::content::article::slug_chars(name);
    if slug.is_empty() {
        // FNV-1a: stable across builds and platforms, unlike std's hasher.
        let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        slug = format!("x-{hash:016x}");
    }
    slug
}

/// A tag or a place and the articles that carry it.
#[derive(Clone, Debug)]
pub struct Group {
    pub slug: String,
    /// The name as first written (articles in path order).
    pub name: String,
    /// Article indices, in timeline order of their datelines.
    pub articles: Vec<usize>,
}

/// The model and what is derived from it once for every page.
pub struct Site<'a> {
    pub config: &'a Config,
    /// Normalised base path: `/` or `/repo/`.
    pub base: &'a str,
    pub docs: &'a [ResolvedArticle],
    pub timeline: &'a Timeline,
    pub tags: Vec<Group>,
    pub places: Vec<Group>,
    /// How the timeline is split into pages.
    pub(super) plan: Plan,
    /// For each event of the timeline, the link (base path included) of
    /// the page it is listed on, as an index into `page_hrefs`.
    pub(super) event_page: Vec<u32>,
    pub(super) page_hrefs: Vec<String>,
    /// For each article, the events it reports (timeline order), each
    /// with where in the event's `reports` the article's first report of
    /// it is ([`NO_REPORT`] for the event's own article without one):
    /// found once here, not by a scan of the reports for every article
    /// page (an event told by hundreds of articles made that quadratic).
    /// Both as `u32`, so a pair costs what an event index did.
    pub(super) article_events: Vec<Vec<(u32, u32)>>,
    /// The tags (indices into `tags`, as written) and the place (index
    /// into `places`) of each article.
    pub(super) article_tags: Vec<Vec<usize>>,
    pub(super) article_place: Vec<Option<usize>>,
    /// The link to each article's page, HTML-escaped.
    pub(super) article_href_html: Vec<String>,
    /// Each article's title, HTML-escaped.
    pub(super) article_title_html: Vec<String>,
    /// Each article's dateline as "24 June 2025".
    pub(super) article_reported: Vec<String>,
    /// For each event, the events it is in conflict with.
    pub(super) conflicts_of: Vec<Vec<usize>>,
    pub(super) chrome_html: ChromeHtml,
    /// Set when only pages whose inputs changed are rendered
    /// ([`super::reuse`]).
    pub(super) reuse: Option<&'a Reuse<'a>>,
    /// Set when a build may keep the last build's article pages
    /// ([`render_to`]): the hook, and the key of what every article page
    /// shares ([`Site::shared_inputs`]).
    pub(super) unchanged: Option<(&'a Unchanged<'a>, u64)>,
    /// The `<li>` of the events tag and place pages list, by event index,
    /// written once for those pages and the timeline pages that list them
    /// too (`Site::write_group_events`); empty until [`render_to`] writes
    /// them (the preview's partial render writes each where it is shown).
    pub(super) written_events: Vec<(usize, String)>,
}

/// In `Site::article_events`: the event's own article, with no report
/// of the event.
const NO_REPORT: u32 = u32::MAX;

/// Where a file goes in [`render`]'s order: (part of the site, index in it).
pub type Slot = (u8, usize);

/// Receives each rendered file as soon as it exists, from any thread.
pub type Sink<'s> = dyn Fn(Slot, OutputFile) -> anyhow::Result<()> + Sync + 's;

/// Tells whether the last build's files at these paths (an article page
/// and its TimeML export) were made from inputs with this key and are
/// still on disk as it left them, to be kept as they are: then they are
/// neither rendered nor handed to the sink. A build's writer answers
/// ([`crate::output::SiteWriter::keep_unchanged`]).
pub type Unchanged<'s> = dyn Fn(&[PathBuf], u64) -> anyhow::Result<bool> + Sync + 's;

/// Renders the whole site in memory. `base` is the normalised base path
/// (`/repo/`). The files come in a fixed order: timeline pages, article
/// pages (each page, then its TimeML), tag and place pages, the fixed
/// pages and assets, the exports.
pub fn render(
    config: &Config,
    base: &str,
    docs: &[ResolvedArticle],
    timeline: &Timeline,
) -> anyhow::Result<Vec<OutputFile>> {
    let files = std::sync::Mutex::new(Vec::with_capacity(docs.len() * 2 + 16));
    render_to(config, base, docs, timeline, None, &|slot, file| {
        files
            .lock()
            .expect("no panic holds the lock")
            .push((slot, file));
        Ok(())
    })?;
    let mut files = files.into_inner().expect("no panic holds the lock");
    files.sort_unstable_by_key(|(slot, _)| *slot);
    Ok(files.into_iter().map(|(_, f)| f).collect())
}

/// The pages and TimeML exports of the articles `indices` alone, in that
/// order, as [`render_to`] writes them for the same input. With an empty
/// timeline the pages list no events: the preview server shows an edited
/// article this way while the whole site is rebuilt, and renders only the
/// edited articles when nothing the other pages show changed.
pub fn article_files(
    config: &Config,
    base: &str,
    docs: &[ResolvedArticle],
    timeline: &Timeline,
    indices: &[usize],
) -> anyhow::Result<Vec<OutputFile>> {
    let site = Site::new(config, base, docs, timeline);
    let pages: Vec<[OutputFile; 2]> = indices
        .par_iter()
        .map(|&i| site.article_files(i))
        .collect::<anyhow::Result<_>>()?;
    Ok(pages.into_iter().flatten().collect())
}

/// Renders the whole site, handing each file to `sink` as soon as it is
/// rendered (article pages from several threads at once), so a build can
/// write pages while rendering others instead of holding the whole site in
/// memory. Returns how many files were produced. With `unchanged`, the
/// article pages it keeps are not rendered (the count includes them).
pub fn render_to(
    config: &Config,
    base: &str,
    docs: &[ResolvedArticle],
    timeline: &Timeline,
    unchanged: Option<&Unchanged<'_>>,
    sink: &Sink<'_>,
) -> anyhow::Result<usize> {
    let mut site = Site::new(config, base, docs, timeline);
    site.unchanged = unchanged.and_then(|u| Some((u, site.shared_inputs()?)));
    // Released articles whose events' texts are not back yet: the article
    // pages come first, each taking them from the file read for the page
    // (the other pages need them), rather than each file being read once
    // more for them alone. The whole-timeline exports then no longer
    // overlap the article pages.
    let first = docs.iter().any(ResolvedArticle::lacks_texts);
    if first {
        site.article_pages(sink)?;
    }
    site.written_events = site.write_group_events()?;
    render_rest(&site, sink, !first)
}

/// [`render_to`] for a site already made; with [`Site::reuse`] set, the
/// pages that can keep their last bytes are not rendered nor handed on.
pub(super) fn render_site(site: &Site<'_>, sink: &Sink<'_>) -> anyhow::Result<usize> {
    // The events' texts of released articles, if not back yet, read alone
    // ([`render_to`] takes them from the article pages' reads instead).
    site.docs
        .par_iter()
        .try_for_each(ResolvedArticle::read_texts)?;
    render_rest(site, sink, true)
}

/// [`render_site`], with the article pages or without them (made
/// already).
fn render_rest(site: &Site<'_>, sink: &Sink<'_>, articles: bool) -> anyhow::Result<usize> {
    let (config, base, docs, timeline) = (site.config, site.base, site.docs, site.timeline);
    let url = feeds::SiteUrl::new(config, base);
    // Pages go to the sink as soon as each is rendered, never kept.
    let emit = |part: u8| {
        move |k: usize, path: String, page: String| {
            sink(
                (part, k),
                OutputFile {
                    path: path.into(),
                    bytes: page.into_bytes(),
                },
            )
        }
    };
    // The timeline pages and the whole-timeline exports are each one
    // sequential job; article pages are many small ones. Run them all at
    // once so the serial parts overlap the parallel ones (a 10k profile
    // showed timeline pages, timeline.json and events.ics as a sixth of
    // the build, on one core). Exports go out as soon as they are made.
    let export = |k: usize, path: &str, text: String| {
        sink(
            (6, k),
            OutputFile {
                path: path.into(),
                bytes: text.into_bytes(),
            },
        )
    };
    let ((timeline_paths, exported), (articles, group_paths)) = rayon::join(
        || {
            rayon::join(
                || site.timeline_pages(&emit(0)),
                || -> anyhow::Result<()> {
                    let (atom, json_ics) = rayon::join(
                        || export(0, "atom.xml", feeds::atom(site, &url)?),
                        || {
                            rayon::join(
                                || export(1, "timeline.json", feeds::timeline_json(site, &url)?),
                                || export(2, "events.ics", feeds::icalendar(site, &url)),
                            )
                        },
                    );
                    atom?;
                    json_ics.0?;
                    json_ics.1
                },
            )
        },
        || {
            rayon::join(
                || match articles {
                    true => site.article_pages(sink),
                    false => Ok(()),
                },
                || site.group_pages(&emit(2)),
            )
        },
    );
    let timeline_paths = timeline_paths?;
    exported?;
    articles?;
    let group_paths = group_paths?;
    let mut count = timeline_paths.len() + 2 * docs.len() + group_paths.len() + 3;
    let about = AboutPage {
        chrome: site.chrome("about.html"),
        article_count: docs.len(),
        event_count: timeline.events.len(),
    };
    let not_found = NotFoundPage {
        chrome: site.chrome(""),
    };
    let fixed: Vec<(&str, Vec<u8>)> = vec![
        ("about.html", about.render()?.into_bytes()),
        ("404.html", not_found.render()?.into_bytes()),
        (".nojekyll", Vec::new()),
        ("style.css", DEFAULT_STYLESHEET.as_bytes().to_vec()),
        ("site.js", DEFAULT_SCRIPT.as_bytes().to_vec()),
        ("favicon.svg", DEFAULT_ICON.as_bytes().to_vec()),
    ];
    count += fixed.len();
    for (k, (path, bytes)) in fixed.into_iter().enumerate() {
        sink(
            (3, k),
            OutputFile {
                path: path.into(),
                bytes,
            },
        )?;
    }
    // Every HTML page but 404.html, in the order of the files.
    let pages: Vec<String> = timeline_paths
        .into_iter()
        .chain(docs.iter().map(|d| article_path(&d.article.slug)))
        .chain(group_paths)
        .chain(["about.html".to_string()])
        .filter(|p| p.ends_with(".html") && p != "404.html")
        .collect();
    let sitemaps = feeds::sitemaps(&url, &pages);
    count += sitemaps.len() + 1;
    for (k, (path, text)) in sitemaps.into_iter().enumerate() {
        sink(
            (7, k),
            OutputFile {
                path: path.into(),
                bytes: text.into_bytes(),
            },
        )?;
    }
    sink(
        (8, 0),
        OutputFile {
            path: "robots.txt".into(),
            bytes: feeds::robots(&url).into_bytes(),
        },
    )?;
    Ok(count)
}

impl<'a> Site<'a> {
    pub fn new(
        config: &'a Config,
        base: &'a str,
        docs: &'a [ResolvedArticle],
        timeline: &'a Timeline,
    ) -> Site<'a> {
        // The parts are independent: made at once (the preview server
        // makes a site after each edit).
        let href = |rel: &str| match rel {
            "index.html" => base.to_string(),
            _ => format!("{base}{rel}"),
        };
        let ((groups, (article_events, conflicts_of)), (articles_html, (plan, page_hrefs))) =
            rayon::join(
                || {
                    rayon::join(
                        || groups(docs),
                        || (article_events(docs, timeline), conflicts_of(timeline)),
                    )
                },
                || {
                    rayon::join(
                        || article_strings(docs, href),
                        || {
                            let plan = Site::plan(config, timeline);
                            let page_hrefs = plan.pages.iter().map(|rel| href(rel)).collect();
                            (plan, page_hrefs)
                        },
                    )
                },
            );
        let Groups {
            tags,
            places,
            article_tags,
            article_place,
        } = groups;
        let (article_href_html, article_title_html, article_reported) = articles_html;
        let chrome_html = ChromeHtml::new(config, base, href, !tags.is_empty(), !places.is_empty());
        Site {
            chrome_html,
            conflicts_of,
            article_events,
            config,
            base,
            docs,
            timeline,
            tags,
            places,
            event_page: plan.event_page.clone(),
            page_hrefs,
            plan,
            article_tags,
            article_place,
            article_href_html,
            article_title_html,
            article_reported,
            reuse: None,
            unchanged: None,
            written_events: Vec::new(),
        }
    }

    /// Every article's page and TimeML export (but those [`Site::reuse`]
    /// keeps), handed to `sink`. Article pages are most of the work and
    /// independent: rendered in parallel, each written as soon as it is done.
    fn article_pages(&self, sink: &Sink<'_>) -> anyhow::Result<()> {
        (0..self.docs.len()).into_par_iter().try_for_each(|i| {
            if self.keep_article(i) || self.unchanged_article(i)? {
                return Ok(());
            }
            let [html, tml] = self.article_files(i)?;
            sink((1, 2 * i), html)?;
            sink((1, 2 * i + 1), tml)
        })
    }

    /// Article `index`'s page and its TimeML export.
    /// The article's text is read again here when it was released, and
    /// gives back the texts of its events too if they are not back yet
    /// ([`ResolvedArticle::texts_from`]).
    fn article_files(&self, index: usize) -> anyhow::Result<[OutputFile; 2]> {
        let doc = &self.docs[index];
        let text = doc.text()?;
        doc.texts_from(&text)?;
        let body = &text[doc.article.body.clone()];
        let mentions = doc.mentions();
        Ok([
            OutputFile {
                path: article_path(&doc.article.slug).into(),
                bytes: self.article(index, body, &mentions)?.into_bytes(),
            },
            OutputFile {
                path: format!("articles/{}.tml", doc.article.slug).into(),
                bytes: timeml::document(&doc.article, body, &mentions).into_bytes(),
            },
        ])
    }

    /// Whether the [`Site::unchanged`] hook keeps article `index`'s page
    /// and TimeML export as the last build left them. It gives back the
    /// texts of the article's events then, as rendering would.
    fn unchanged_article(&self, index: usize) -> anyhow::Result<bool> {
        let Some((unchanged, shared)) = self.unchanged else {
            return Ok(false);
        };
        let doc = &self.docs[index];
        let Some(inputs) = self.article_inputs(index, shared) else {
            return Ok(false);
        };
        let slug = &doc.article.slug;
        let paths = [
            PathBuf::from(article_path(slug)),
            PathBuf::from(format!("articles/{slug}.tml")),
        ];
        if !unchanged(&paths, inputs)? {
            return Ok(false);
        }
        if doc.lacks_texts() {
            doc.texts_from(&doc.text()?)?;
        }
        Ok(true)
    }

    /// What every article page shows of the site, as a key: the program
    /// itself (its templates and code are in it), the config, the base
    /// path and which of the header's links there are. `None` when the
    /// program's file cannot be read: nothing is kept then.
    fn shared_inputs(&self) -> Option<u64> {
        let mut h = Inputs::default();
        program_hash(&mut h).ok()?;
        format!("{:?}", self.config).hash(&mut h);
        self.base.hash(&mut h);
        (self.tags.is_empty(), self.places.is_empty()).hash(&mut h);
        Some(h.finish())
    }

    /// The key of everything article `index`'s page and TimeML export are
    /// made from, `shared` being [`Site::shared_inputs`]: the article's
    /// file (path, length and hash; all the article's own data comes from
    /// it), its tags' and place's slugs and names as shown, and of each of
    /// its events the link (page and id), the date, and the sentence and
    /// phrase of the article's report. `None` for an article that keeps
    /// its text (no file read to key).
    fn article_inputs(&self, index: usize, shared: u64) -> Option<u64> {
        let doc = &self.docs[index];
        let file = doc.file_identity()?;
        let mut h = Inputs::default();
        shared.hash(&mut h);
        (&doc.article.path, &doc.article.slug, file).hash(&mut h);
        let tags = &self.article_tags[index];
        tags.len().hash(&mut h);
        for &t in tags {
            (&self.tags[t].slug, &self.tags[t].name).hash(&mut h);
        }
        self.article_place[index]
            .map(|p| &self.places[p].slug)
            .hash(&mut h);
        let events = &self.article_events[index];
        events.len().hash(&mut h);
        for &(k, report) in events {
            let k = k as usize;
            let e = &self.timeline.events[k];
            self.page_hrefs[self.event_page[k] as usize].hash(&mut h);
            (&self.docs[e.article].article.slug, e.mention, &e.placement).hash(&mut h);
            self.telling(k, report).hash(&mut h);
        }
        Some(h.finish())
    }

    /// The span and mention of report `report` of event `event`, or of the
    /// event itself for [`NO_REPORT`] (an entry of `article_events`).
    pub(super) fn telling(&self, event: usize, report: u32) -> (Range<usize>, usize) {
        let e = &self.timeline.events[event];
        match e.reports.get(report as usize) {
            Some(r) => (r.span(), r.mention()),
            None => (e.span.clone(), e.mention),
        }
    }

    /// A link to a page given relative to the base; the index is the base
    /// itself.
    pub fn href(&self, rel: &str) -> String {
        if rel == "index.html" {
            return self.base.to_string();
        }
        let mut href = String::with_capacity(self.base.len() + rel.len());
        href.push_str(self.base);
        href.push_str(rel);
        href
    }

    /// The page and anchor of an event on the timeline.
    pub fn event_href(&self, event: usize) -> String {
        let page = &self.page_hrefs[self.event_page[event] as usize];
        let mut href = String::with_capacity(page.len() + 32);
        href.push_str(page);
        href.push('#');
        self.push_event_id(&mut href, event);
        href
    }

    /// Appends [`Site::event_href`], escaped as [`escape`] escapes (the
    /// id needs no escaping).
    pub(super) fn push_event_href_html(&self, out: &mut String, event: usize) {
        super::html::escape_into(out, &self.page_hrefs[self.event_page[event] as usize]);
        out.push('#');
        self.push_event_id(out, event);
    }

    /// Appends the HTML id of an event ([`event_id`]). Made where it is
    /// written rather than once for every event: the preview server renders
    /// a page or two from a whole site.
    pub(super) fn push_event_id(&self, out: &mut String, event: usize) {
        let e = &self.timeline.events[event];
        push_event_id(out, &self.docs[e.article], e);
    }

    /// The shared parts of a page whose path is `current`, escaped once
    /// for the site ([`ChromeHtml`]) and printed by the templates as they
    /// are.
    pub(super) fn chrome(&self, current: &str) -> Chrome<'_> {
        let c = &self.chrome_html;
        let mut nav_html = String::with_capacity(256);
        for (rel, href_html, label) in &c.nav {
            nav_html.push_str("<li><a href=\"");
            nav_html.push_str(href_html);
            nav_html.push('"');
            if *rel == current {
                nav_html.push_str(" aria-current=\"page\"");
            }
            nav_html.push('>');
            nav_html.push_str(label);
            nav_html.push_str("</a></li>\n");
        }
        Chrome {
            lang_html: &c.lang,
            site_title_html: &c.site_title,
            base_html: &c.base,
            nav_html,
        }
    }
}

/// Collects the bytes that [`Hash`] writes, for one hash of them all
/// ([`crate::output::content_hash`], the manifest's): unlike std's
/// hashers it is the same from one run to the next, so a key can be
/// compared with one a previous build left.
#[derive(Default)]
struct Inputs(Vec<u8>);

impl Hasher for Inputs {
    fn write(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }

    fn finish(&self) -> u64 {
        crate::output::content_hash(&self.0)
    }
}

/// Feeds `h` the running program's file, a hash per mebibyte (read a
/// piece at a time: a binary with debug information is tens of them).
fn program_hash(h: &mut Inputs) -> std::io::Result<()> {
    use std::io::Read;
    let mut file = std::fs::File::open(std::env::current_exe()?)?;
    let mut piece = Vec::with_capacity(1 << 20);
    loop {
        piece.clear();
        // Whole pieces whatever the reads return: the hashes are stable.
        if file.by_ref().take(1 << 20).read_to_end(&mut piece)? == 0 {
            return Ok(());
        }
        crate::output::content_hash(&piece).hash(h);
    }
}

/// The tag and place groups of a site, and each article's tags and place.
struct Groups {
    tags: Vec<Group>,
    places: Vec<Group>,
    /// Indices into `tags`, as written.
    article_tags: Vec<Vec<usize>>,
    /// An index into `places`.
    article_place: Vec<Option<usize>>,
}

/// The [`Groups`] of `docs`.
fn groups(docs: &[ResolvedArticle]) -> Groups {
    // Articles in dateline order, for the lists of tag and place pages.
    let mut by_date: Vec<usize> = (0..docs.len()).collect();
    by_date.sort_by(|&a, &b| {
        let (x, y) = (&docs[a].article, &docs[b].article);
        (x.dateline, &x.path).cmp(&(y.dateline, &y.path))
    });
    let mut tags: BTreeMap<String, Group> = BTreeMap::new();
    let mut places: BTreeMap<String, Group> = BTreeMap::new();
    let mut tag_slugs: Vec<Vec<String>> = vec![Vec::new(); docs.len()];
    let mut place_slug: Vec<Option<String>> = vec![None; docs.len()];
    let add = |map: &mut BTreeMap<String, Group>, name: &str, i: usize| -> String {
        let slug = slugify(name);
        let g = map.entry(slug.clone()).or_insert_with(|| Group {
            slug: slug.clone(),
            name: name.trim().to_string(),
            articles: Vec::new(),
        });
        // Articles come in index order: a repeat is always the last one.
        if g.articles.last() != Some(&i) {
            g.articles.push(i);
        }
        slug
    };
    // Names are taken in path order so the shown spelling is stable.
    for (i, doc) in docs.iter().enumerate() {
        for t in doc.article.tags.iter().filter(|t| !t.trim().is_empty()) {
            let slug = add(&mut tags, t, i);
            if !tag_slugs[i].contains(&slug) {
                tag_slugs[i].push(slug);
            }
        }
        if let Some(p) = doc
            .article
            .place
            .as_deref()
            .filter(|p| !p.trim().is_empty())
        {
            place_slug[i] = Some(add(&mut places, p, i));
        }
    }
    let rank: Vec<usize> = {
        let mut r = vec![0; docs.len()];
        for (pos, &i) in by_date.iter().enumerate() {
            r[i] = pos;
        }
        r
    };
    let finish = |map: BTreeMap<String, Group>| -> Vec<Group> {
        map.into_values()
            .map(|mut g| {
                g.articles.sort_by_key(|&i| rank[i]);
                g
            })
            .collect()
    };
    let (tags, places) = (finish(tags), finish(places));
    // Groups are in slug order: an index into them sorts as the slug.
    let index_of = |groups: &[Group], slug: &str| {
        groups
            .binary_search_by(|g| g.slug.as_str().cmp(slug))
            .expect("every slug of an article has its group")
    };
    let article_tags = tag_slugs
        .iter()
        .map(|slugs| slugs.iter().map(|s| index_of(&tags, s)).collect())
        .collect();
    let article_place = place_slug
        .iter()
        .map(|s| s.as_deref().map(|s| index_of(&places, s)))
        .collect();
    Groups {
        tags,
        places,
        article_tags,
        article_place,
    }
}

/// [`Site`]'s `article_events`.
fn article_events(docs: &[ResolvedArticle], timeline: &Timeline) -> Vec<Vec<(u32, u32)>> {
    let mut article_events: Vec<Vec<(u32, u32)>> = vec![Vec::new(); docs.len()];
    for (k, e) in timeline.events.iter().enumerate() {
        let k = u32::try_from(k).expect("fewer than 4 billion events");
        let reporters =
            (e.reports.iter().map(|r| r.article()).zip(0..)).chain([(e.article, NO_REPORT)]);
        for (a, report) in reporters {
            if a < docs.len() && article_events[a].last().map(|&(k, _)| k) != Some(k) {
                article_events[a].push((k, report));
            }
        }
    }
    article_events
}

/// For each event of `timeline`, the events it is in conflict with.
fn conflicts_of(timeline: &Timeline) -> Vec<Vec<usize>> {
    let mut conflicts_of = vec![Vec::new(); timeline.events.len()];
    for c in &timeline.conflicts {
        if c.first < conflicts_of.len() && c.second < conflicts_of.len() {
            conflicts_of[c.first].push(c.second);
            conflicts_of[c.second].push(c.first);
        }
    }
    conflicts_of
}

/// Of each article, the link to its page and its title, HTML-escaped,
/// and its dateline as "24 June 2025"; `href` makes a link from a path
/// relative to the base.
fn article_strings(
    docs: &[ResolvedArticle],
    href: impl Fn(&str) -> String + Sync,
) -> (Vec<String>, Vec<String>, Vec<String>) {
    let article_href_html = docs
        .par_iter()
        .map(|d| escape(&href(&article_path(&d.article.slug))))
        .collect();
    let article_title_html = docs.par_iter().map(|d| escape(&d.article.title)).collect();
    let article_reported = docs
        .par_iter()
        .map(|d| {
            let mut s = String::with_capacity(20);
            crate::datefmt::push_day_month_year(&mut s, d.article.dateline.date);
            s
        })
        .collect();
    (article_href_html, article_title_html, article_reported)
}

/// What every page's [`Chrome`] prints, escaped as the templates escape
/// ([`crate::escape::HTML_TEMPLATE`]) once for the whole site rather than
/// by the template on every page.
pub(super) struct ChromeHtml {
    lang: String,
    site_title: String,
    base: String,
    /// The header's links: path relative to the base, link, label (plain
    /// words that need no escaping).
    nav: Vec<(&'static str, String, &'static str)>,
}

impl ChromeHtml {
    /// `href` makes a link from a path relative to the base.
    fn new(
        config: &Config,
        base: &str,
        href: impl Fn(&str) -> String,
        tags: bool,
        places: bool,
    ) -> ChromeHtml {
        let esc = |s: &str| crate::escape::HTML_TEMPLATE.escape(s);
        let mut nav = vec![("index.html", "Timeline")];
        if tags {
            nav.push(("tags/index.html", "Tags"));
        }
        if places {
            nav.push(("places/index.html", "Places"));
        }
        nav.push(("about.html", "About"));
        ChromeHtml {
            lang: esc(&config.language),
            site_title: esc(&config.title),
            base: esc(base),
            nav: nav
                .into_iter()
                .map(|(rel, label)| (rel, esc(&href(rel)), label))
                .collect(),
        }
    }
}

/// The articles reporting an event: `sources`, or its own article when the
/// model left `sources` empty.
pub(super) fn sources(e: &Event) -> &[usize] {
    if e.sources.is_empty() {
        std::slice::from_ref(&e.article)
    } else {
        &e.sources
    }
}

pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The HTML id of an event on a timeline page.
pub fn event_id(doc: &ResolvedArticle, e: &Event) -> String {
    let mut id = String::with_capacity(doc.article.slug.len() + 10);
    push_event_id(&mut id, doc, e);
    id
}

/// Appends [`event_id`] to `out`.
pub fn push_event_id(out: &mut String, doc: &ResolvedArticle, e: &Event) {
    push_event_id_of(out, &doc.article.slug, e.mention);
}

/// Appends [`event_id`] to `out`, given the slug of the event's article
/// and the mention that places it.
pub(super) fn push_event_id_of(out: &mut String, slug: &str, mention: usize) {
    out.push_str("e-");
    out.push_str(slug);
    out.push('-');
    ResolvedArticle::push_anchor_id(out, mention);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_hold_only_safe_characters() {
        assert_eq!(slugify("Middle East"), "middle-east");
        assert_eq!(slugify("  Foreign  Policy!! "), "foreign-policy");
        assert_eq!(slugify("../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("Île-de-France"), "le-de-france");
        let odd = slugify("東京");
        assert!(odd.starts_with("x-") && odd.len() == 18, "{odd}");
        assert_eq!(odd, slugify("東京"), "stable");
        assert_ne!(odd, slugify("大阪"));
        for s in [slugify("a/b c"), odd] {
            assert!(
                s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{s}"
            );
        }
    }
}
