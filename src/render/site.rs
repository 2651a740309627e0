//! Which pages the site has and what goes into each.
//!
//! [`render`] builds a [`Site`] (the model plus everything derived once:
//! tag and place groups, and on which page each event lives), then renders
//! every page and export:
//!
//! - `index.html`: the timeline. Up to [`PAGE_EVENTS`] events it holds the
//!   whole timeline; beyond, it becomes an overview of `years/<year>.html`
//!   pages, and a year beyond [`PAGE_EVENTS`] events is split again into
//!   `years/<year>-<mm>.html` month pages (the values coarser than a month
//!   stay on the year page), so no page grows without bound. Undated
//!   sentences then move to `undated.html`.
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

use std::collections::{BTreeMap, BTreeSet};

use askama::Template;
use chrono::Datelike;

use super::html::{self, escape};
use super::views::{
    AboutPage, ArticleEventView, ArticleLink, ArticlePage, Choice, Chrome, EventView, Filters,
    GroupsPage, MonthGroup, NavLink, NotFoundPage, Note, PeriodLink, TimelinePage, UndatedView,
    YearGroup,
};
use super::{DEFAULT_ICON, DEFAULT_SCRIPT, DEFAULT_STYLESHEET, OutputFile, feeds, timeml};
use crate::config::{Config, Order};
use crate::content::{Format, markdown};
use crate::resolve::Precision;
use crate::timeline::{Event, ResolvedArticle, Timeline};

/// The most events one timeline page holds before the timeline is split by
/// year, and a year by month.
pub const PAGE_EVENTS: usize = 200;

/// URL path of an article page relative to the base path.
pub fn article_path(slug: &str) -> String {
    format!("articles/{slug}.html")
}

/// A URL slug of a tag or place name: lowercase ASCII letters, digits and
/// single hyphens. A name with no ASCII letter or digit ("東京") gets a
/// stable `x-` + hash slug instead of an empty one.
pub fn slugify(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
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
    /// For each event of the timeline, the page (relative to the base) it
    /// is listed on.
    event_page: Vec<String>,
    /// The tag and place slugs of each article.
    article_tags: Vec<Vec<String>>,
    article_place: Vec<Option<String>>,
}

/// Renders the whole site. `base` is the normalised base path (`/repo/`).
pub fn render(
    config: &Config,
    base: &str,
    docs: &[ResolvedArticle],
    timeline: &Timeline,
) -> anyhow::Result<Vec<OutputFile>> {
    let site = Site::new(config, base, docs, timeline);
    let mut files = Vec::with_capacity(docs.len() * 2 + 16);
    let mut push = |path: String, bytes: Vec<u8>| {
        files.push(OutputFile {
            path: path.into(),
            bytes,
        })
    };
    for (path, page) in site.timeline_pages()? {
        push(path, page.into_bytes());
    }
    for (i, doc) in docs.iter().enumerate() {
        let slug = &doc.article.slug;
        push(article_path(slug), site.article(i)?.into_bytes());
        push(
            format!("articles/{slug}.tml"),
            timeml::document(doc).into_bytes(),
        );
    }
    for (path, page) in site.group_pages()? {
        push(path, page.into_bytes());
    }
    let about = AboutPage {
        chrome: site.chrome("about.html"),
        article_count: docs.len(),
        event_count: timeline.events.len(),
    };
    push("about.html".into(), about.render()?.into_bytes());
    let not_found = NotFoundPage {
        chrome: site.chrome(""),
    };
    push("404.html".into(), not_found.render()?.into_bytes());
    push(".nojekyll".into(), Vec::new());
    push("style.css".into(), DEFAULT_STYLESHEET.as_bytes().to_vec());
    push("site.js".into(), DEFAULT_SCRIPT.as_bytes().to_vec());
    push("favicon.svg".into(), DEFAULT_ICON.as_bytes().to_vec());
    let pages: Vec<String> = files
        .iter()
        .map(|f| f.path.to_string_lossy().replace('\\', "/"))
        .filter(|p| p.ends_with(".html") && p != "404.html")
        .collect();
    let url = feeds::SiteUrl::new(config, base);
    let mut exports = vec![
        ("atom.xml", feeds::atom(&site, &url)),
        ("timeline.json", feeds::timeline_json(&site, &url)?),
        ("events.ics", feeds::icalendar(&site, &url)),
        ("sitemap.xml", feeds::sitemap(&url, &pages)),
        ("robots.txt", feeds::robots(&url)),
    ];
    for (path, text) in exports.drain(..) {
        files.push(OutputFile {
            path: path.into(),
            bytes: text.into_bytes(),
        });
    }
    Ok(files)
}

impl<'a> Site<'a> {
    pub fn new(
        config: &'a Config,
        base: &'a str,
        docs: &'a [ResolvedArticle],
        timeline: &'a Timeline,
    ) -> Site<'a> {
        // Articles in dateline order, for the lists of tag and place pages.
        let mut by_date: Vec<usize> = (0..docs.len()).collect();
        by_date.sort_by(|&a, &b| {
            let (x, y) = (&docs[a].article, &docs[b].article);
            (x.dateline, &x.path).cmp(&(y.dateline, &y.path))
        });
        let mut tags: BTreeMap<String, Group> = BTreeMap::new();
        let mut places: BTreeMap<String, Group> = BTreeMap::new();
        let mut article_tags = vec![Vec::new(); docs.len()];
        let mut article_place = vec![None; docs.len()];
        let add = |map: &mut BTreeMap<String, Group>, name: &str, i: usize| -> String {
            let slug = slugify(name);
            let g = map.entry(slug.clone()).or_insert_with(|| Group {
                slug: slug.clone(),
                name: name.trim().to_string(),
                articles: Vec::new(),
            });
            if !g.articles.contains(&i) {
                g.articles.push(i);
            }
            slug
        };
        // Names are taken in path order so the shown spelling is stable.
        for (i, doc) in docs.iter().enumerate() {
            for t in doc.article.tags.iter().filter(|t| !t.trim().is_empty()) {
                let slug = add(&mut tags, t, i);
                if !article_tags[i].contains(&slug) {
                    article_tags[i].push(slug);
                }
            }
            if let Some(p) = doc
                .article
                .place
                .as_deref()
                .filter(|p| !p.trim().is_empty())
            {
                article_place[i] = Some(add(&mut places, p, i));
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
        let mut site = Site {
            config,
            base,
            docs,
            timeline,
            tags: finish(tags),
            places: finish(places),
            event_page: Vec::new(),
            article_tags,
            article_place,
        };
        site.event_page = site.plan().event_page;
        site
    }

    /// A link to a page given relative to the base; the index is the base
    /// itself.
    pub fn href(&self, rel: &str) -> String {
        match rel {
            "index.html" => self.base.to_string(),
            _ => format!("{}{rel}", self.base),
        }
    }

    /// The page and anchor of an event on the timeline.
    pub fn event_href(&self, event: usize) -> String {
        let e = &self.timeline.events[event];
        format!(
            "{}#{}",
            self.href(&self.event_page[event]),
            event_id(&self.docs[e.article], e)
        )
    }

    fn chrome(&self, current: &str) -> Chrome<'a> {
        let mut nav = vec![("index.html", "Timeline")];
        if !self.tags.is_empty() {
            nav.push(("tags/index.html", "Tags"));
        }
        if !self.places.is_empty() {
            nav.push(("places/index.html", "Places"));
        }
        nav.push(("about.html", "About"));
        Chrome {
            lang: &self.config.language,
            site_title: &self.config.title,
            base: self.base,
            nav: nav
                .into_iter()
                .map(|(rel, label)| NavLink {
                    href: self.href(rel),
                    label: label.to_string(),
                    current: rel == current,
                })
                .collect(),
        }
    }

    /// How the timeline is split into pages.
    fn plan(&self) -> Plan {
        let events = &self.timeline.events;
        let mut plan = Plan {
            event_page: vec!["index.html".to_string(); events.len()],
            years: BTreeMap::new(),
        };
        if events.len() <= PAGE_EVENTS {
            return plan;
        }
        for (i, e) in events.iter().enumerate() {
            plan.years
                .entry(e.placement.start.year())
                .or_default()
                .push(i);
        }
        for (year, list) in &plan.years {
            let split = list.len() > PAGE_EVENTS;
            for &i in list {
                let p = &events[i].placement;
                plan.event_page[i] = if split && p.precision >= Precision::Month {
                    format!("years/{year}-{:02}.html", p.start.month())
                } else {
                    format!("years/{year}.html")
                };
            }
        }
        plan
    }

    /// The index and, for a split timeline, the year, month and undated pages.
    fn timeline_pages(&self) -> anyhow::Result<Vec<(String, String)>> {
        let all: Vec<usize> = (0..self.timeline.events.len()).collect();
        let plan = self.plan();
        let title = &self.config.title;
        let mut out = Vec::new();
        if plan.years.is_empty() {
            let years = self.group_years(&all);
            let page = TimelinePage {
                jump: self.jump(&years),
                filters: self.filters(&all),
                years,
                undated: self.undated(),
                ..self.timeline_page("index.html", title.clone(), title.clone())
            };
            out.push(("index.html".to_string(), page.render()?));
            return Ok(out);
        }
        // Split: the index is an overview of the year pages.
        let mut periods = Vec::new();
        let mut pages: Vec<(String, TimelinePage<'a>)> = Vec::new();
        let mut year_keys: Vec<i32> = plan.years.keys().copied().collect();
        if self.config.order == Order::Newest {
            year_keys.reverse();
        }
        for &year in &year_keys {
            let list = &plan.years[&year];
            let year_rel = format!("years/{year}.html");
            let mut months: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            let mut coarse = Vec::new();
            for &i in list {
                let page = &plan.event_page[i];
                if *page == year_rel {
                    coarse.push(i);
                } else {
                    months.entry(page.clone()).or_default().push(i);
                }
            }
            let mut month_pages: Vec<(&String, &Vec<usize>)> = months.iter().collect();
            if self.config.order == Order::Newest {
                month_pages.reverse();
            }
            let children: Vec<PeriodLink> = month_pages
                .iter()
                .map(|(page, evs)| PeriodLink {
                    href: self.href(page),
                    label: month_label(self.timeline.events[evs[0]].placement.start),
                    count: evs.len(),
                    children: Vec::new(),
                })
                .collect();
            let year_page = TimelinePage {
                periods: children.iter().map(PeriodLink::shallow).collect(),
                filters: self.filters(&coarse),
                years: self.group_years(&coarse),
                ..self.timeline_page(&year_rel, format!("{year} · {title}"), year.to_string())
            };
            pages.push((year_rel.clone(), year_page));
            for (rel, evs) in month_pages {
                let label = month_label(self.timeline.events[evs[0]].placement.start);
                let page = TimelinePage {
                    filters: self.filters(evs),
                    years: self.group_years(evs),
                    ..self.timeline_page(rel, format!("{label} · {title}"), label.clone())
                };
                pages.push((rel.clone(), page));
            }
            periods.push(PeriodLink {
                href: self.href(&year_rel),
                label: year.to_string(),
                count: list.len(),
                children,
            });
        }
        // Previous / next links between the year and month pages, in the
        // order a reader goes through them.
        let links: Vec<NavLink> = pages
            .iter()
            .map(|(rel, page)| NavLink {
                href: self.href(rel),
                label: page.heading.clone(),
                current: false,
            })
            .collect();
        for (k, (rel, mut page)) in pages.into_iter().enumerate() {
            page.prev = k.checked_sub(1).map(|j| links[j].shallow());
            page.next = links.get(k + 1).map(NavLink::shallow);
            out.push((rel, page.render()?));
        }
        let undated = self.undated();
        let undated_href = (!undated.is_empty()).then(|| self.href("undated.html"));
        let jump = periods
            .iter()
            .map(|p| NavLink {
                href: p.href.clone(),
                label: p.label.clone(),
                current: false,
            })
            .collect();
        let index = TimelinePage {
            jump,
            periods,
            undated_href,
            ..self.timeline_page("index.html", title.clone(), title.clone())
        };
        out.insert(0, ("index.html".to_string(), index.render()?));
        if !undated.is_empty() {
            let page = TimelinePage {
                undated,
                ..self.timeline_page(
                    "undated.html",
                    format!("Undated · {title}"),
                    "Undated sentences".to_string(),
                )
            };
            out.push(("undated.html".to_string(), page.render()?));
        }
        Ok(out)
    }

    /// An empty timeline page with the chrome, titles and intro filled in.
    fn timeline_page(&self, rel: &str, page_title: String, heading: String) -> TimelinePage<'a> {
        TimelinePage {
            chrome: self.chrome(rel),
            page_title,
            heading,
            intro: if rel == "index.html" {
                self.config.description.clone()
            } else {
                String::new()
            },
            stats: if rel == "index.html" {
                self.stats()
            } else {
                String::new()
            },
            jump: Vec::new(),
            periods: Vec::new(),
            articles: Vec::new(),
            years: Vec::new(),
            undated: Vec::new(),
            undated_href: None,
            prev: None,
            next: None,
            filters: None,
        }
    }

    /// "32 events from 6 articles, 1998–2025; 7 key events".
    fn stats(&self) -> String {
        let events = &self.timeline.events;
        if events.is_empty() {
            return String::new();
        }
        let first = events.iter().map(|e| e.placement.start.year()).min();
        let last = events.iter().map(|e| e.placement.start.year()).max();
        let span = match (first, last) {
            (Some(a), Some(b)) if a != b => format!(", {a}–{b}"),
            (Some(a), _) => format!(", {a}"),
            _ => String::new(),
        };
        let key = events.iter().filter(|e| e.key).count();
        let key = if key > 0 && key < events.len() {
            format!("; {key} key event{}", plural(key))
        } else {
            String::new()
        };
        format!(
            "{} event{} from {} article{}{span}{key}.",
            events.len(),
            plural(events.len()),
            self.docs.len(),
            plural(self.docs.len())
        )
    }

    /// Links to the year headings of a page.
    fn jump(&self, years: &[YearGroup]) -> Vec<NavLink> {
        if years.len() < 2 {
            return Vec::new();
        }
        years
            .iter()
            .map(|y| NavLink {
                href: format!("#{}", y.id),
                label: y.year.clone(),
                current: false,
            })
            .collect()
    }

    /// The filter form of a page listing `events`, when there is anything
    /// to filter by.
    fn filters(&self, events: &[usize]) -> Option<Filters> {
        if events.len() < 2 {
            return None;
        }
        let mut tags = BTreeSet::new();
        let mut places = BTreeSet::new();
        let mut key = 0;
        for &i in events {
            let e = &self.timeline.events[i];
            key += usize::from(e.key);
            for &a in sources(e) {
                tags.extend(self.article_tags[a].iter().cloned());
                places.extend(self.article_place[a].iter().cloned());
            }
        }
        let choices = |set: BTreeSet<String>, groups: &[Group]| -> Vec<Choice> {
            let list: Vec<Choice> = groups
                .iter()
                .filter(|g| set.contains(&g.slug))
                .map(|g| Choice {
                    value: g.slug.clone(),
                    label: g.name.clone(),
                })
                .collect();
            if list.len() < 2 { Vec::new() } else { list }
        };
        let f = Filters {
            tags: choices(tags, &self.tags),
            places: choices(places, &self.places),
            key_events: key > 0 && key < events.len(),
        };
        (!f.tags.is_empty() || !f.places.is_empty() || f.key_events).then_some(f)
    }

    fn event_view(&self, index: usize) -> EventView {
        let e = &self.timeline.events[index];
        let doc = &self.docs[e.article];
        let p = e.placement;
        let mut tags = BTreeSet::new();
        let mut places = BTreeSet::new();
        for &a in sources(e) {
            tags.extend(self.article_tags[a].iter().map(String::as_str));
            places.extend(self.article_place[a].as_deref());
        }
        EventView {
            id: event_id(doc, e),
            datetime: html::datetime_attr(&p),
            label: html::label(&p),
            sentence_html: event_text_html(self.docs, e),
            sources_html: self.sources_html(e),
            conflicts_html: self.conflicts_html(index),
            explanation: doc.mentions[e.mention].explanation.clone(),
            tags: tags.into_iter().collect::<Vec<_>>().join(" "),
            places: places.into_iter().collect::<Vec<_>>().join(" "),
            source_count: sources(e).len(),
            key: e.key,
        }
    }

    /// "Another report dates this differently: <a>…</a>", for events the
    /// model found in conflict with others; empty otherwise.
    fn conflicts_html(&self, index: usize) -> String {
        let others: Vec<usize> = self
            .timeline
            .conflicts
            .iter()
            .filter_map(|c| {
                if c.first == index {
                    Some(c.second)
                } else if c.second == index {
                    Some(c.first)
                } else {
                    None
                }
            })
            .filter(|&o| o < self.timeline.events.len())
            .collect();
        if others.is_empty() {
            return String::new();
        }
        let links: Vec<String> = others
            .iter()
            .map(|&o| {
                format!(
                    "<a href=\"{}\">{}</a>",
                    escape(&self.event_href(o)),
                    escape(&html::label(&self.timeline.events[o].placement))
                )
            })
            .collect();
        format!(
            "Another report seems to tell this with a different date: {}",
            links.join(", ")
        )
    }

    /// "Reported 24 June 2025 by A. Writer in <a>Title</a>", or for an
    /// event several articles report, "3 sources: <a>…</a> (24 June 2025), …".
    fn sources_html(&self, e: &Event) -> String {
        let list = sources(e);
        let link = |a: usize| {
            let doc = &self.docs[a];
            // The article's own report of the event, else its primary mention.
            let mention = e
                .reports
                .iter()
                .find(|r| r.article == a)
                .map(|r| r.mention)
                .or((a == e.article).then_some(e.mention));
            let href = match mention {
                Some(m) => format!(
                    "{}#{}",
                    self.href(&article_path(&doc.article.slug)),
                    ResolvedArticle::anchor_id(m)
                ),
                None => self.href(&article_path(&doc.article.slug)),
            };
            format!(
                "<a href=\"{}\">{}</a>",
                escape(&href),
                escape(&doc.article.title)
            )
        };
        let reported = |a: usize| {
            self.docs[a]
                .article
                .dateline
                .date
                .format("%-d %B %Y")
                .to_string()
        };
        if list.len() == 1 {
            let a = list[0];
            let by = self.docs[a]
                .article
                .author
                .as_deref()
                .filter(|s| !s.trim().is_empty())
                .map(|s| format!(" by {}", escape(s.trim())))
                .unwrap_or_default();
            format!("Reported {}{by} in {}", reported(a), link(a))
        } else {
            let items: Vec<String> = list
                .iter()
                .map(|&a| format!("{} ({})", link(a), reported(a)))
                .collect();
            format!("{} sources: {}", list.len(), items.join(", "))
        }
    }

    /// Events grouped by year, then month, in the configured order. Values
    /// coarser than a month head their year in a group of their own.
    fn group_years(&self, events: &[usize]) -> Vec<YearGroup> {
        let mut years: BTreeMap<i32, BTreeMap<(u32, u32), Vec<usize>>> = BTreeMap::new();
        for &i in events {
            let p = self.timeline.events[i].placement;
            let key = if p.precision >= Precision::Month {
                (1, p.start.month())
            } else {
                (0, 0)
            };
            years
                .entry(p.start.year())
                .or_default()
                .entry(key)
                .or_default()
                .push(i);
        }
        let newest = self.config.order == Order::Newest;
        let mut out: Vec<YearGroup> = years
            .into_iter()
            .map(|(year, months)| {
                let mut months: Vec<MonthGroup> = months
                    .into_iter()
                    .map(|((kind, month), mut list)| {
                        let (label, id) = if kind == 0 {
                            (format!("Across {year}"), format!("y{year}-all"))
                        } else {
                            let d = self.timeline.events[list[0]].placement.start;
                            (month_label(d), format!("y{year}-m{month:02}"))
                        };
                        if newest {
                            list.reverse();
                        }
                        MonthGroup {
                            label,
                            id,
                            events: list.into_iter().map(|i| self.event_view(i)).collect(),
                        }
                    })
                    .collect();
                if newest {
                    months.reverse();
                }
                YearGroup {
                    year: year.to_string(),
                    id: format!("y{year}"),
                    months,
                }
            })
            .collect();
        if newest {
            out.reverse();
        }
        out
    }

    fn undated(&self) -> Vec<UndatedView> {
        self.timeline
            .undated
            .iter()
            .map(|u| {
                let doc = &self.docs[u.article];
                let href = match u.mentions.first() {
                    Some(&m) => format!(
                        "{}#{}",
                        self.href(&article_path(&doc.article.slug)),
                        ResolvedArticle::anchor_id(m)
                    ),
                    None => self.href(&article_path(&doc.article.slug)),
                };
                UndatedView {
                    sentence_html: event_sentence_html(
                        doc,
                        u.sentence,
                        u.mentions.first().copied(),
                    ),
                    href,
                    article_title: doc.article.title.clone(),
                }
            })
            .collect()
    }

    fn article(&self, index: usize) -> anyhow::Result<String> {
        let doc = &self.docs[index];
        let a = &doc.article;
        let wraps: Vec<markdown::Wrap> = doc
            .mentions
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let (open, close) = html::mention_open(m, &ResolvedArticle::anchor_id(i));
                markdown::Wrap {
                    range: m.start..m.end,
                    open,
                    close,
                }
            })
            .collect();
        let body_html = match a.format {
            Format::Markdown => markdown::to_html(a.body_text(), &wraps, self.config.allow_html),
            Format::Wire => wire_html(a.body_text(), &wraps),
        };
        let notes = doc
            .mentions
            .iter()
            .enumerate()
            .map(|(i, m)| Note {
                id: html::note_id(&ResolvedArticle::anchor_id(i)),
                text: html::tip_text(m),
            })
            .collect();
        // Every event this article reports, with this article's own words.
        let events = self
            .timeline
            .events
            .iter()
            .enumerate()
            .filter_map(|(k, e)| {
                let r = e.reports.iter().find(|r| r.article == index);
                let (span, mention) = match r {
                    Some(r) => (r.span.clone(), r.mention),
                    None if e.article == index => (e.span.clone(), e.mention),
                    None => return None,
                };
                let m = &doc.mentions[mention];
                Some(ArticleEventView {
                    href: self.event_href(k),
                    datetime: html::datetime_attr(&e.placement),
                    label: html::label(&e.placement),
                    sentence_html: html::sentence_with_mark(&a.prose, span, Some(m.start..m.end)),
                })
            })
            .collect();
        let rel = article_path(&a.slug);
        let page = ArticlePage {
            chrome: self.chrome(&rel),
            title: &a.title,
            place: self.article_place[index].as_ref().map(|slug| NavLink {
                href: self.href(&format!("places/{slug}.html")),
                label: a.place.clone().unwrap_or_default(),
                current: false,
            }),
            author: a.author.as_deref(),
            source: a
                .source
                .as_deref()
                .filter(|s| s.starts_with("https://") || s.starts_with("http://")),
            tags: self.article_tags[index]
                .iter()
                .filter_map(|slug| self.tags.iter().find(|g| &g.slug == slug))
                .map(|g| NavLink {
                    href: self.href(&format!("tags/{}.html", g.slug)),
                    label: g.name.clone(),
                    current: false,
                })
                .collect(),
            dateline_iso: a.dateline.iso(),
            dateline_human: a.dateline.human(),
            body_html,
            notes,
            events,
            timeml_href: self.href(&format!("articles/{}.tml", a.slug)),
        };
        Ok(page.render()?)
    }

    /// Tag and place pages and their two indexes.
    fn group_pages(&self) -> anyhow::Result<Vec<(String, String)>> {
        let mut out = Vec::new();
        for (dir, groups, heading, intro, noun) in [
            (
                "tags",
                &self.tags,
                "Tags",
                "Topics given in the articles’ front matter.",
                "Tag",
            ),
            (
                "places",
                &self.places,
                "Places",
                "Where the articles were filed, from their front matter or their dateline.",
                "Place",
            ),
        ] {
            if groups.is_empty() {
                continue;
            }
            let index_rel = format!("{dir}/index.html");
            let list = GroupsPage {
                chrome: self.chrome(&index_rel),
                heading,
                intro,
                groups: groups
                    .iter()
                    .map(|g| PeriodLink {
                        href: self.href(&format!("{dir}/{}.html", g.slug)),
                        label: g.name.clone(),
                        count: g.articles.len(),
                        children: Vec::new(),
                    })
                    .collect(),
            };
            out.push((index_rel.clone(), list.render()?));
            for g in groups {
                let rel = format!("{dir}/{}.html", g.slug);
                let events: Vec<usize> = self
                    .timeline
                    .events
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| sources(e).iter().any(|a| g.articles.contains(a)))
                    .map(|(i, _)| i)
                    .collect();
                // A group page is bounded by its articles; past the page
                // size it lists the articles and links to the timeline.
                let listed: &[usize] = if events.len() > PAGE_EVENTS {
                    &[]
                } else {
                    &events
                };
                let years = self.group_years(listed);
                let page = TimelinePage {
                    chrome: self.chrome(&index_rel),
                    intro: format!(
                        "{} article{}, {} event{} on the timeline.",
                        g.articles.len(),
                        plural(g.articles.len()),
                        events.len(),
                        plural(events.len())
                    ),
                    jump: self.jump(&years),
                    articles: g
                        .articles
                        .iter()
                        .map(|&a| {
                            let art = &self.docs[a].article;
                            ArticleLink {
                                href: self.href(&article_path(&art.slug)),
                                title: art.title.clone(),
                                dateline_iso: art.dateline.iso(),
                                dateline_human: art.dateline.human(),
                            }
                        })
                        .collect(),
                    years,
                    ..self.timeline_page(
                        &rel,
                        format!("{noun}: {} · {}", g.name, self.config.title),
                        format!("{noun}: {}", g.name),
                    )
                };
                out.push((rel, page.render()?));
            }
        }
        Ok(out)
    }
}

/// How the timeline is split: the page of each event, and the events of
/// each year (empty when everything fits on the index).
struct Plan {
    event_page: Vec<String>,
    years: BTreeMap<i32, Vec<usize>>,
}

impl PeriodLink {
    /// A copy without children.
    fn shallow(&self) -> PeriodLink {
        PeriodLink {
            href: self.href.clone(),
            label: self.label.clone(),
            count: self.count,
            children: Vec::new(),
        }
    }
}

impl NavLink {
    fn shallow(&self) -> NavLink {
        NavLink {
            href: self.href.clone(),
            label: self.label.clone(),
            current: false,
        }
    }
}

/// The articles reporting an event: `sources`, or its own article when the
/// model left `sources` empty.
fn sources(e: &Event) -> &[usize] {
    if e.sources.is_empty() {
        std::slice::from_ref(&e.article)
    } else {
        &e.sources
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn month_label(d: chrono::NaiveDate) -> String {
    d.format("%B %Y").to_string()
}

/// The HTML id of an event on a timeline page.
pub fn event_id(doc: &ResolvedArticle, e: &Event) -> String {
    format!(
        "e-{}-{}",
        doc.article.slug,
        ResolvedArticle::anchor_id(e.mention)
    )
}

pub fn event_sentence_html(
    doc: &ResolvedArticle,
    sentence: usize,
    mention: Option<usize>,
) -> String {
    let mark = mention.map(|m| doc.mentions[m].start..doc.mentions[m].end);
    html::sentence_with_mark(&doc.article.prose, doc.sentences[sentence].clone(), mark)
}

/// The text of an event on the timeline: the primary report's sentence or
/// clause, cleaned by the model's summary (no leading "But", no "…, he
/// said"), with the dating phrase marked.
pub fn event_text_html(docs: &[ResolvedArticle], e: &Event) -> String {
    let doc = &docs[e.article];
    let m = &doc.mentions[e.mention];
    let summary = e.summary(docs);
    let mut out = html::sentence_with_mark(&doc.article.prose, summary.range, Some(m.start..m.end));
    html::capitalise_first(&mut out);
    if summary.add_stop && !out.trim_end_matches("</mark>").ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// Wire text to HTML: paragraphs at blank lines, every character escaped,
/// resolved phrases wrapped.
fn wire_html(body: &str, wraps: &[markdown::Wrap]) -> String {
    let mut out = String::with_capacity(body.len() * 3 / 2);
    let mut next = 0;
    let mut pos = 0;
    for para in body.split("\n\n") {
        let start = pos;
        let end = start + para.len();
        pos = end + 2;
        if para.trim().is_empty() {
            continue;
        }
        out.push_str("<p>");
        let mut at = start;
        while next < wraps.len() && wraps[next].range.end <= end {
            let w = &wraps[next];
            if w.range.start >= at {
                out.push_str(&escape(&body[at..w.range.start]));
                out.push_str(&w.open);
                out.push_str(&escape(&body[w.range.clone()]));
                out.push_str(w.close);
                at = w.range.end;
            }
            next += 1;
        }
        out.push_str(&escape(body[at..end].trim_end()));
        out.push_str("</p>\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_text_keeps_the_space_after_a_phrase() {
        let body = "Engineers warned in March that it failed.\n\nNext one.";
        let start = body.find("in March").unwrap();
        let wraps = [markdown::Wrap {
            range: start..start + 8,
            open: "<time>".into(),
            close: "</time>",
        }];
        assert_eq!(
            wire_html(body, &wraps),
            "<p>Engineers warned <time>in March</time> that it failed.</p>\n<p>Next one.</p>\n"
        );
    }

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
