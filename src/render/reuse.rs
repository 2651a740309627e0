//! Which pages to render again: the preview server, after an edit,
//! renders only the pages whose inputs changed since its last render and
//! keeps the last bytes of the others ([`render_reusing`]).
//!
//! Each article page, year or month page, and tag or place page gets a
//! [`Key`]: a 128-bit digest of everything it shows that is not an
//! article's own data — for each event it lists, the event's articles,
//! mentions, spans, date, key flag, reports and the links and dates of
//! the events it conflicts with; for an article page, each of its events'
//! link (page and anchor) and date and its own report's span; for a year
//! or month page, its titles, links to months and to the previous and next
//! pages; for a group page, its articles. An article's own data (text,
//! title, slug, dateline, author…) is not in the keys: the caller names the
//! articles that changed (`fresh`), and a page that shows anything of a
//! fresh article is rendered. A page is kept only when it shows no fresh
//! article, its key is the last one, and what every page shares is the
//! same as last time (config, base path, the tag and place groups, the
//! article count; the site's own key). The index, undated, tag and place
//! index pages, `about.html`, `404.html` and the exports (feeds,
//! `timeline.json`, `events.ics`, sitemaps) show the whole timeline or are
//! small: they are always rendered.
//!
//! The keys are checked against a fresh build by the preview server's
//! random-edit tests (`serve::site`): a key that missed an input would
//! show there as a served page differing from `build`'s.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Mutex;

use rayon::prelude::*;

use super::OutputFile;
use super::site::{Site, article_path, render_site, sources};
use super::timeline_pages::SOURCES_SHOWN;
use crate::config::Config;
use crate::timeline::{Report, ResolvedArticle, Timeline};

/// A digest of a page's inputs: two 64-bit SipHash digests of the same
/// data, started differently.
pub type Key = (u64, u64);

/// The keys of a rendered site's pages, by path, and the site's own key.
#[derive(Clone, Debug, Default)]
pub struct PageKeys {
    site: Option<Key>,
    pages: HashMap<String, Key>,
}

/// What [`render_reusing`] gives.
#[derive(Debug)]
pub struct Rerendered {
    /// The files rendered again.
    pub files: Vec<OutputFile>,
    /// The paths of the files whose last bytes are still right.
    pub kept: Vec<String>,
    /// The keys of this render, for the next one.
    pub keys: PageKeys,
}

/// The state of a render that reuses the last one's pages.
pub(super) struct Reuse<'l> {
    last: &'l PageKeys,
    /// By article index: its own data changed since the last render.
    fresh: Vec<bool>,
    /// The site's key is the last one: pages may be kept at all.
    same_site: bool,
    /// By event: the key of its entry on a page listing it, and whether
    /// the entry shows a fresh article.
    entries: Vec<(Key, bool)>,
    /// By article: the key of its page's list of events
    /// ([`Site::article_keys`]).
    articles: Vec<Key>,
    keys: Mutex<HashMap<String, Key>>,
    kept: Mutex<Vec<String>>,
}

/// Feeds a page's inputs into its [`Key`], and notes whether the page
/// shows a fresh article.
pub(super) struct KeyHasher<'f> {
    a: DefaultHasher,
    b: DefaultHasher,
    fresh: &'f [bool],
    shows_fresh: bool,
}

impl KeyHasher<'_> {
    fn new(fresh: &[bool]) -> KeyHasher<'_> {
        let mut b = DefaultHasher::new();
        b.write_u64(0x9e37_79b9_7f4a_7c15);
        KeyHasher {
            a: DefaultHasher::new(),
            b,
            fresh,
            shows_fresh: false,
        }
    }

    pub(super) fn add<T: Hash + ?Sized>(&mut self, value: &T) {
        value.hash(&mut self.a);
        value.hash(&mut self.b);
    }

    /// Article `index` shows on the page.
    pub(super) fn article(&mut self, index: usize) {
        self.add(&index);
        self.shows_fresh |= self.fresh.get(index).copied().unwrap_or(true);
    }

    fn finish(&self) -> Key {
        (self.a.finish(), self.b.finish())
    }
}

/// Renders the site like [`super::render`], but only the pages whose
/// inputs changed since the render whose keys are `last`; `fresh` are the
/// indices of the articles whose own data changed since. With empty
/// `last` keys every page is rendered (and keyed).
pub fn render_reusing(
    config: &Config,
    base: &str,
    docs: &[ResolvedArticle],
    timeline: &Timeline,
    last: &PageKeys,
    fresh: &[usize],
) -> anyhow::Result<Rerendered> {
    let t = crate::timings::stage("  render: site and page keys");
    let mut site = Site::new(config, base, docs, timeline);
    let mut is_fresh = vec![false; docs.len()];
    for &i in fresh {
        is_fresh[i] = true;
    }
    let key = site.site_key();
    // Each event is keyed once, for every page that shows it.
    let links: Vec<Key> = (0..timeline.events.len())
        .into_par_iter()
        .map(|k| site.link_key(k))
        .collect();
    let entries = (0..timeline.events.len())
        .into_par_iter()
        .map(|k| site.entry_key(&is_fresh, &links, k))
        .collect();
    let articles = site.article_keys(&links);
    let reuse = Reuse {
        last,
        fresh: is_fresh,
        entries,
        articles,
        same_site: last.site == Some(key),
        keys: Mutex::new(HashMap::with_capacity(last.pages.len())),
        kept: Mutex::new(Vec::new()),
    };
    site.reuse = Some(&reuse);
    drop(t);
    let _t = crate::timings::stage("  render: changed pages");
    let files = Mutex::new(Vec::new());
    render_site(&site, &|_, file| {
        files.lock().expect("no panic holds the lock").push(file);
        Ok(())
    })?;
    drop(site);
    Ok(Rerendered {
        files: files.into_inner().expect("no panic holds the lock"),
        kept: reuse.kept.into_inner().expect("no panic holds the lock"),
        keys: PageKeys {
            site: Some(key),
            pages: reuse.keys.into_inner().expect("no panic holds the lock"),
        },
    })
}

impl Site<'_> {
    /// Whether page `rel` can keep its last bytes: `inputs` feeds it what
    /// the page shows. Records the page's key. Always false when the
    /// render does not reuse pages.
    pub(super) fn keep(&self, rel: &str, inputs: impl FnOnce(&mut KeyHasher<'_>)) -> bool {
        let Some(r) = self.reuse else {
            return false;
        };
        let mut h = KeyHasher::new(&r.fresh);
        inputs(&mut h);
        let key = h.finish();
        r.keys
            .lock()
            .expect("no panic holds the lock")
            .insert(rel.to_string(), key);
        let keep = r.same_site && !h.shows_fresh && r.last.pages.get(rel) == Some(&key);
        if keep {
            r.kept
                .lock()
                .expect("no panic holds the lock")
                .push(rel.to_string());
        }
        keep
    }

    /// [`Site::keep`] for article `index`'s page and TimeML export (which
    /// shows the article alone).
    pub(super) fn keep_article(&self, index: usize) -> bool {
        let Some(r) = self.reuse else {
            return false;
        };
        let slug = &self.docs[index].article.slug;
        let keep = self.keep(&article_path(slug), |h| {
            h.article(index);
            h.add(&r.articles[index]);
        });
        if keep {
            r.kept
                .lock()
                .expect("no panic holds the lock")
                .push(format!("articles/{slug}.tml"));
        }
        keep
    }

    /// Feeds `h` what the entry of event `k` on a timeline, tag or place
    /// page shows ([`Site::entry_key`]).
    pub(super) fn hash_event(&self, h: &mut KeyHasher<'_>, k: usize) {
        if let Some(r) = self.reuse {
            let (key, fresh) = r.entries[k];
            h.add(&key);
            h.shows_fresh |= fresh;
        }
    }

    /// By article, the key of what its page shows of its events (their
    /// links and dates, its own report's sentence and phrase), but its
    /// own data. Made in one walk over the events' reports: an event told
    /// by hundreds of articles would cost, looked up from each of them,
    /// the square of that.
    fn article_keys(&self, links: &[Key]) -> Vec<Key> {
        // For each article, its events in timeline order, each with its
        // own first report of it (none: the event's primary article).
        let mut own: Vec<Vec<(usize, Option<&Report>)>> = vec![Vec::new(); self.docs.len()];
        for (k, e) in self.timeline.events.iter().enumerate() {
            let reporters = e.reports.iter().map(|r| (r.article(), Some(r)));
            for (a, r) in reporters.chain([(e.article, None)]) {
                if a < own.len() && own[a].last().map(|x| x.0) != Some(k) {
                    own[a].push((k, r));
                }
            }
        }
        own.par_iter()
            .enumerate()
            .map(|(index, events)| {
                let mut h = KeyHasher::new(&[]);
                for &(k, r) in events {
                    let e = &self.timeline.events[k];
                    h.add(&links[k]);
                    h.add(&e.placement);
                    h.add(&r.map(|r| (r.span(), r.mention())));
                    h.add(&(e.article == index).then_some((&e.span, e.mention)));
                }
                h.add(&events.len());
                h.finish()
            })
            .collect()
    }

    /// The key of a link to event `k`: its page and anchor
    /// ([`Site::event_href`]).
    fn link_key(&self, k: usize) -> Key {
        let mut h = KeyHasher::new(&[]);
        let e = &self.timeline.events[k];
        h.add(&self.page_hrefs[self.event_page[k] as usize]);
        h.add(&(&self.docs[e.article].article.slug, e.mention));
        h.finish()
    }

    /// The key of event `k`'s entry on a page listing it, but its
    /// articles' own data, and whether it shows a fresh article's.
    fn entry_key(&self, fresh: &[bool], links: &[Key], k: usize) -> (Key, bool) {
        let mut h = KeyHasher::new(fresh);
        let e = &self.timeline.events[k];
        // The primary article's words, anchor and explanation.
        h.article(e.article);
        h.add(&(e.sentence, e.mention, &e.span, &e.placement, e.key));
        h.add(&e.first_reported);
        // Of every source, its tags and place (the entry's filter data);
        // of those named, their title, link, dateline and author.
        let list = sources(e);
        for (n, &a) in list.iter().enumerate() {
            h.add(&(a, &self.article_tags[a], self.article_place[a]));
            if n < SOURCES_SHOWN {
                h.article(a);
            }
        }
        h.add(&list.len());
        for r in &e.reports {
            h.add(&(r.article, r.sentence, r.mention, &r.span, &r.placement));
        }
        h.add(&e.reports.len());
        for &o in &self.conflicts_of[k] {
            h.add(&links[o]);
            h.add(&self.timeline.events[o].placement);
        }
        h.add(&self.conflicts_of[k].len());
        (h.finish(), h.shows_fresh)
    }

    /// What every page shares: the config, the base path, the tag and
    /// place groups (slugs and names), the number of articles.
    fn site_key(&self) -> Key {
        let mut h = KeyHasher::new(&[]);
        h.add(&format!("{:?}", self.config));
        h.add(self.base);
        for g in self.tags.iter().chain(&self.places) {
            h.add(&(&g.slug, &g.name));
        }
        h.add(&(self.tags.len(), self.places.len(), self.docs.len()));
        h.finish()
    }
}
