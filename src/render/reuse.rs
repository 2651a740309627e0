//! Which pages to render again: the preview server, after an edit,
//! renders only the pages whose inputs changed since its last render and
//! keeps the last bytes of the others ([`render_reusing`]).
//!
//! Each article page, year or month page, and tag or place page gets a
//! [`Key`]: a digest of everything it shows that is not an article's own
//! data — for each event it lists, the event's articles, mention, span,
//! date and key flag, its sources' tags and places, the mentions its
//! named sources link to, and the links and dates of the events it
//! conflicts with; for an article page, each of its events' link (page
//! and anchor) and date and its own report's span and mention; for a year
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
//!
//! Two keys that are equal for different inputs would keep a stale page,
//! so a key is a hash with a proven bound on collisions, cheap enough for
//! the preview's every edit (at 10,000 articles the keys hash some
//! 200,000 events and reports; two SipHash digests of them took 0.15 s of
//! CPU): two polynomials over the field of the prime 2^61 − 1, evaluated
//! at two points drawn at random once per process (`KeyHasher`). Each
//! input is written as a sequence of field elements that no other input
//! of the same kind shares (integers, strings and lists carry what tells
//! where they end), so two different inputs of at most `n` elements give
//! two different polynomials of degree at most `n`, which agree at a
//! random point with a chance of at most `n / (2^61 − 1)`; at both, at
//! most the square of that. With a million elements that is below
//! 2^-80 for one page; keys of parts (an event's entry, a link) used in a
//! page's key add their own such chance. The points are secret to no one
//! but chosen after the articles are written, which is all the bound
//! needs.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, Hasher, RandomState};
use std::sync::{Mutex, OnceLock};

use rayon::prelude::*;

use super::OutputFile;
use super::site::{Site, article_path, render_site, sources};
use super::timeline_pages::named_sources;
use crate::config::Config;
use crate::timeline::{ResolvedArticle, Timeline};

/// A digest of a page's inputs: two polynomial hashes of the same data,
/// each below 2^61 (see the module overview).
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
    lanes: Lanes,
    fresh: &'f [bool],
    shows_fresh: bool,
}

impl KeyHasher<'_> {
    fn new(fresh: &[bool]) -> KeyHasher<'_> {
        KeyHasher {
            lanes: Lanes::new(),
            fresh,
            shows_fresh: false,
        }
    }

    /// Feeds `value` as its [`Hash`] writes it ([`Lanes`] tells how each
    /// write becomes field elements).
    pub(super) fn add<T: Hash + ?Sized>(&mut self, value: &T) {
        value.hash(&mut self.lanes);
    }

    /// Feeds a key made before (of an event's entry, of a link): its two
    /// hashes are field elements already.
    fn key(&mut self, key: Key) {
        self.lanes.element(key.0);
        self.lanes.element(key.1);
    }

    /// Article `index` shows on the page.
    pub(super) fn article(&mut self, index: usize) {
        self.add(&index);
        self.shows_fresh |= self.fresh.get(index).copied().unwrap_or(true);
    }

    fn finish(&self) -> Key {
        (canonical(self.lanes.a), canonical(self.lanes.b))
    }
}

/// The key of `value` alone.
fn key_of<T: Hash + ?Sized>(value: &T) -> Key {
    let mut h = KeyHasher::new(&[]);
    h.add(value);
    h.finish()
}

/// The prime 2^61 − 1: the keys are polynomials over its field.
const P: u64 = (1 << 61) - 1;

/// The two points the key polynomials are evaluated at, drawn once per
/// process from the operating system's randomness (by way of
/// [`RandomState`]): keys are compared only within one process.
fn points() -> (u64, u64) {
    static POINTS: OnceLock<(u64, u64)> = OnceLock::new();
    *POINTS.get_or_init(|| {
        let random = RandomState::new();
        (random.hash_one(1u8) % P, random.hash_one(2u8) % P)
    })
}

/// Two polynomial hashes of the same field elements, by Horner's rule:
/// each element `e` turns a hash `h` into `h·x + e (mod P)`, for each
/// lane's point `x`. Both start at 1, so inputs of different lengths give
/// polynomials of different degrees. Every write is made of elements
/// below `P` such that the writes of one kind of value can be told apart:
/// a 64-bit integer is one element below 2^32, or one in [2^32, 2^33)
/// (its high half, offset) and its low half; bytes are their count then
/// seven at a time.
struct Lanes {
    a: u64,
    b: u64,
    x: (u64, u64),
}

impl Lanes {
    fn new() -> Lanes {
        Lanes {
            a: 1,
            b: 1,
            x: points(),
        }
    }

    /// Feeds one element (below 2^61).
    #[inline]
    fn element(&mut self, e: u64) {
        self.a = mul_add(self.a, self.x.0, e);
        self.b = mul_add(self.b, self.x.1, e);
    }
}

/// `h·x + e` modulo `P`, for `h` at most `P + 1`, `x` below `P` and `e`
/// below 2^61: a number congruent to it, at most `P + 1` ([`canonical`]
/// makes it the remainder; leaving that to the end shortens the chain of
/// dependent instructions every element waits on).
#[inline]
fn mul_add(h: u64, x: u64, e: u64) -> u64 {
    let v = u128::from(h) * u128::from(x) + u128::from(e);
    // 2^61 ≡ 1 (mod P): fold the high bits onto the low ones, twice. The
    // first fold is below 2^62, the second at most P + 1.
    let r = (v as u64 & P) + (v >> 61) as u64;
    (r & P) + (r >> 61)
}

/// The remainder modulo `P` of `h`, at most `P + 1`.
fn canonical(h: u64) -> u64 {
    if h >= P { h - P } else { h }
}

impl Hasher for Lanes {
    fn write(&mut self, bytes: &[u8]) {
        self.write_u64(bytes.len() as u64);
        let chunks = bytes.chunks_exact(7);
        let rest = chunks.remainder();
        for chunk in chunks {
            let mut word = [0; 8];
            word[..7].copy_from_slice(chunk);
            self.element(u64::from_le_bytes(word));
        }
        if !rest.is_empty() {
            let mut word = [0; 8];
            for (w, &b) in word.iter_mut().zip(rest) {
                *w = b;
            }
            self.element(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.element(u64::from(i));
    }

    fn write_u16(&mut self, i: u16) {
        self.element(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.element(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        if i >> 32 == 0 {
            self.element(i);
        } else {
            self.element((1 << 32) + (i >> 32));
            self.element(i & 0xffff_ffff);
        }
    }

    fn write_u128(&mut self, i: u128) {
        self.write_u64((i >> 64) as u64);
        self.write_u64(i as u64);
    }

    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }

    /// One lane: [`KeyHasher::finish`] gives both.
    fn finish(&self) -> u64 {
        canonical(self.a)
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
    // What many keys show is keyed once: each timeline page's link; of
    // each article, its slug (in the links to its events) and its tags and
    // place (in the filter data of the entries listing it); each event's
    // link and date, and its entry.
    let pages: Vec<Key> = site.page_hrefs.iter().map(key_of).collect();
    let (slugs, filters): (Vec<Key>, Vec<Key>) = docs
        .par_iter()
        .enumerate()
        .map(|(a, doc)| {
            let tags = (&site.article_tags[a], site.article_place[a]);
            (key_of(&doc.article.slug), key_of(&tags))
        })
        .unzip();
    let links: Vec<Key> = (0..timeline.events.len())
        .into_par_iter()
        .map(|k| site.link_key(&pages, &slugs, k))
        .collect();
    let (entries, articles) = rayon::join(
        || {
            (0..timeline.events.len())
                .into_par_iter()
                .map(|k| site.entry_key(&is_fresh, &links, &filters, k))
                .collect()
        },
        || site.article_keys(&links),
    );
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
            h.key(r.articles[index]);
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
            h.key(key);
            h.shows_fresh |= fresh;
        }
    }

    /// By article, the key of what its page shows of its events: for
    /// each, its link and date ([`Site::link_key`]) and the sentence and
    /// phrase of its own report ([`Site::telling`]); not its own data.
    fn article_keys(&self, links: &[Key]) -> Vec<Key> {
        self.article_events
            .par_iter()
            .map(|events| {
                let mut h = KeyHasher::new(&[]);
                h.add(&events.len());
                for &(k, report) in events {
                    h.key(links[k as usize]);
                    h.add(&self.telling(k as usize, report));
                }
                h.finish()
            })
            .collect()
    }

    /// The key of a link to event `k` and its date, as an article page or
    /// a conflicting event's entry shows them: its page and anchor
    /// ([`Site::event_href`]: `pages` are the keys of `page_hrefs`, `slugs`
    /// of the articles' slugs) and its placement.
    fn link_key(&self, pages: &[Key], slugs: &[Key], k: usize) -> Key {
        let mut h = KeyHasher::new(&[]);
        let e = &self.timeline.events[k];
        h.key(pages[self.event_page[k] as usize]);
        h.key(slugs[e.article]);
        h.add(&(e.mention, &e.placement));
        h.finish()
    }

    /// The key of event `k`'s entry on a page listing it ([`EventItem`]
    /// prints it), but its articles' own data, and whether it shows a
    /// fresh article's.
    ///
    /// [`EventItem`]: super::views::EventItem
    fn entry_key(&self, fresh: &[bool], links: &[Key], filters: &[Key], k: usize) -> (Key, bool) {
        let mut h = KeyHasher::new(fresh);
        let e = &self.timeline.events[k];
        // The primary article's words, anchor and explanation.
        h.article(e.article);
        h.add(&(e.sentence, e.mention, &e.span, &e.placement, e.key));
        h.add(&e.first_reported);
        // Of every source, its tags and place (the entry's filter data);
        // of those named, their title, link, dateline and author, and the
        // mention the link goes to.
        let list = sources(e);
        h.add(&list.len());
        for &a in list {
            h.add(&a);
            h.key(filters[a]);
        }
        let (named, shown, mentions) = named_sources(e, list);
        for (&a, mention) in shown[..named].iter().zip(mentions) {
            h.article(a);
            h.add(&mention);
        }
        let conflicts = &self.conflicts_of[k];
        h.add(&conflicts.len());
        for &o in conflicts {
            h.key(links[o]);
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn key(inputs: impl FnOnce(&mut KeyHasher<'_>)) -> Key {
        let mut h = KeyHasher::new(&[]);
        inputs(&mut h);
        h.finish()
    }

    #[test]
    fn each_lane_is_its_polynomial_at_its_point() {
        // Elements at the edges of what writes give, evaluated by Horner's
        // rule with exact 128-bit remainders.
        let elements = [
            0,
            1,
            P - 1,
            P,
            (1 << 61) - 2,
            (1 << 33) - 1,
            0xff_ffff_ffff_ffff,
        ];
        let mut lanes = Lanes::new();
        for e in elements {
            lanes.element(e);
        }
        let at = |x: u64| {
            let p = u128::from(P);
            elements
                .iter()
                .fold(1, |h, &e| (h * u128::from(x) + u128::from(e)) % p) as u64
        };
        let (x, y) = points();
        assert_eq!((canonical(lanes.a), canonical(lanes.b)), (at(x), at(y)));
        assert_eq!(lanes.finish(), at(x));
    }

    #[test]
    fn different_writes_give_different_elements() {
        // Bytes carry their count; zero padding is not the same text.
        assert_ne!(key(|h| h.add("a")), key(|h| h.add("a\0")));
        assert_ne!(key(|h| h.add(&[0u8; 7][..])), key(|h| h.add(&[0u8; 8][..])));
        // A large integer is not its halves as two small ones.
        let halves = key(|h| {
            h.add(&1u64);
            h.add(&5u64);
        });
        assert_ne!(key(|h| h.add(&((1u64 << 32) + 5))), halves);
        // One more element is a polynomial of a higher degree.
        assert_ne!(key(|h| h.add(&0u32)), key(|_| {}));
        // A key fed as a key is its two elements.
        let inner = key(|h| h.add("event"));
        assert_eq!(
            key(|h| h.key(inner)),
            key(|h| {
                h.lanes.element(inner.0);
                h.lanes.element(inner.1);
            })
        );
        assert_eq!(key(|h| h.add("same")), key(|h| h.add("same")));
        assert!(inner.0 < P && inner.1 < P);
    }

    #[test]
    fn a_fresh_article_shown_is_noted() {
        let fresh = [false, true];
        let mut h = KeyHasher::new(&fresh);
        h.article(0);
        assert!(!h.shows_fresh);
        h.article(1);
        assert!(h.shows_fresh);
        // An index past the known articles counts as fresh.
        let mut h = KeyHasher::new(&fresh);
        h.article(2);
        assert!(h.shows_fresh);
    }
}
