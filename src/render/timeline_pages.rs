//! The timeline pages: `index.html` and, for a large site, the year,
//! month and undated pages it is split into ([`Site::plan`]); and what
//! `event.html` prints of one event (date label, marked text, sources,
//! conflicts, explanation), shared with the tag and place pages.

use std::cell::RefCell;
use std::collections::BTreeMap;

use askama::Template;
use chrono::Datelike;
use rayon::prelude::*;

use super::html;
use super::site::{Group, PAGE_EVENTS, Site, article_path, plural, sources};
use super::views::{
    Choice, EventItem, Filters, ListedEvent, MonthGroup, NavLink, PeriodLink, Pushed,
    PushedEscaped, SourceLink, TimelinePage, UndatedView, YearGroup,
};
use crate::config::{Config, Order};

/// How many of an event's sources its entry names, earliest first.
pub const SOURCES_SHOWN: usize = 6;
use crate::resolve::Precision;
use crate::timeline::{Event, ResolvedArticle, Timeline, Undated};

impl<'a> Site<'a> {
    /// How the timeline is split into pages: not at all up to
    /// [`PAGE_EVENTS`] events; else one page per year, and a year past
    /// [`PAGE_EVENTS`] events gets one page per month (values coarser than a
    /// month stay on the year page), a month past [`PAGE_EVENTS`] events
    /// several numbered pages. Years, months and parts come in reading order
    /// (the configured `order`), so the first part of a month holds its
    /// first events in that order.
    pub(super) fn plan(config: &Config, timeline: &Timeline) -> Plan {
        let events = &timeline.events;
        let mut plan = Plan {
            event_page: vec![0; events.len()],
            pages: vec!["index.html".to_string()],
            years: Vec::new(),
        };
        if events.len() <= PAGE_EVENTS {
            return plan;
        }
        let newest = config.order == Order::Newest;
        let mut by_year: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
        for (i, e) in events.iter().enumerate() {
            by_year.entry(e.placement.start.year()).or_default().push(i);
        }
        for (year, list) in by_year {
            let mut y = YearPlan {
                year,
                count: list.len(),
                coarse: Vec::new(),
                months: Vec::new(),
            };
            if list.len() <= PAGE_EVENTS {
                y.coarse = list;
            } else {
                let mut months: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
                for i in list {
                    let p = &events[i].placement;
                    if p.precision >= Precision::Month {
                        months.entry(p.start.month()).or_default().push(i);
                    } else {
                        y.coarse.push(i);
                    }
                }
                for (month, mut list) in months {
                    let count = list.len();
                    if newest {
                        list.reverse();
                    }
                    // Each part is kept in timeline order, as group_years expects.
                    let parts = list
                        .chunks(PAGE_EVENTS)
                        .map(|c| {
                            let mut c = c.to_vec();
                            c.sort_unstable();
                            c
                        })
                        .collect();
                    y.months.push(MonthPlan {
                        month,
                        count,
                        parts,
                    });
                }
                if newest {
                    y.months.reverse();
                }
            }
            let page = plan.page(y.rel());
            for &i in &y.coarse {
                plan.event_page[i] = page;
            }
            for m in &y.months {
                for (k, part) in m.parts.iter().enumerate() {
                    let page = plan.page(m.rel(year, k));
                    for &i in part {
                        plan.event_page[i] = page;
                    }
                }
            }
            plan.years.push(y);
        }
        if newest {
            plan.years.reverse();
        }
        plan
    }

    /// Renders the index and, for a split timeline, the year, month and
    /// undated pages, handing each to `emit` (its place in reading order,
    /// path, text) as soon as it is rendered: the year and month pages in
    /// parallel, none kept once emitted. Returns the paths in that order.
    pub(super) fn timeline_pages(&self, emit: &Emit<'_>) -> anyhow::Result<Vec<String>> {
        let plan = &self.plan;
        let title = &self.config.title;
        let undated = self.timeline.undated.as_slice();
        // Undated sentences stay on a whole index unless there are more
        // than a page of them.
        let undated_apart = !plan.years.is_empty() || undated.len() > PAGE_EVENTS;
        let undated_href =
            (undated_apart && !undated.is_empty()).then(|| self.href("undated.html"));
        if plan.years.is_empty() {
            let (inline, apart) = if undated_apart {
                (&[][..], undated)
            } else {
                (undated, &[][..])
            };
            let all: Vec<usize> = (0..self.timeline.events.len()).collect();
            let years = self.group_years(&all);
            let page = TimelinePage {
                jump: self.jump(&years),
                filters: self.filters(&all),
                years,
                undated: inline.iter().map(|u| self.undated_view(u)).collect(),
                undated_href,
                ..self.timeline_page("index.html", title.clone(), title.clone())
            };
            emit(0, "index.html".to_string(), render_sized(&page, all.len())?)?;
            let mut paths = vec!["index.html".to_string()];
            paths.extend(self.undated_pages(1, apart, emit)?);
            return Ok(paths);
        }
        // Split: the index is an overview of the year and month pages.
        let mut periods = Vec::new();
        let mut pages: Vec<PageSpec<'_>> = Vec::new();
        for y in &plan.years {
            let year = y.year;
            let year_rel = y.rel();
            let children: Vec<PeriodLink> = y
                .months
                .iter()
                .map(|m| PeriodLink {
                    href: self.href(&m.rel(year, 0)),
                    label: month_name(year, m.month),
                    count: m.count,
                    children: Vec::new(),
                })
                .collect();
            pages.push(PageSpec {
                page_title: format!("{year} · {title}"),
                heading: year.to_string(),
                periods: children.iter().map(PeriodLink::shallow).collect(),
                events: &y.coarse,
                depth: 1,
                rel: year_rel.clone(),
            });
            for m in &y.months {
                for (k, part) in m.parts.iter().enumerate() {
                    let mut label = month_name(year, m.month);
                    if m.parts.len() > 1 {
                        label = format!("{label} ({} of {})", k + 1, m.parts.len());
                    }
                    pages.push(PageSpec {
                        rel: m.rel(year, k),
                        page_title: format!("{label} · {title}"),
                        heading: label,
                        periods: Vec::new(),
                        events: part,
                        depth: 2,
                    });
                }
            }
            periods.push(PeriodLink {
                href: self.href(&year_rel),
                label: year.to_string(),
                count: y.count,
                children,
            });
        }
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
        emit(0, "index.html".to_string(), render_sized(&index, 0)?)?;
        drop(index);
        // Previous / next links between the year and month pages, in the
        // order a reader goes through them.
        let links: Vec<NavLink> = pages
            .iter()
            .map(|p| NavLink {
                href: self.href(&p.rel),
                label: p.heading.clone(),
                current: false,
            })
            .collect();
        let mut paths = Vec::with_capacity(1 + pages.len());
        paths.push("index.html".to_string());
        paths.extend(pages.iter().map(|p| p.rel.clone()));
        pages
            .into_par_iter()
            .enumerate()
            .try_for_each(|(k, spec)| -> anyhow::Result<()> {
                let (prev, next) = (k.checked_sub(1).map(|j| &links[j]), links.get(k + 1));
                let kept = self.keep(&spec.rel, |h| {
                    h.add(&(&spec.page_title, &spec.heading, spec.depth));
                    h.add(&spec.periods.len());
                    for p in &spec.periods {
                        h.add(&(&p.href, &p.label, p.count, p.children.len()));
                    }
                    for link in [prev, next] {
                        h.add(&link.map(|l| (&l.href, &l.label)));
                    }
                    h.add(&spec.events.len());
                    for &e in spec.events {
                        self.hash_event(h, e);
                    }
                });
                if kept {
                    return Ok(());
                }
                let years = self.group_years(spec.events);
                let page = TimelinePage {
                    periods: spec.periods,
                    filters: self.filters(spec.events),
                    years,
                    depth: spec.depth,
                    prev: prev.map(NavLink::shallow),
                    next: next.map(NavLink::shallow),
                    ..self.timeline_page(&spec.rel, spec.page_title, spec.heading)
                };
                let text = render_sized(&page, spec.events.len())?;
                drop(page);
                emit(k + 1, spec.rel, text)
            })?;
        let first = paths.len();
        paths.extend(self.undated_pages(first, undated, emit)?);
        Ok(paths)
    }

    /// `undated.html`, `undated-2.html`…: the undated sentences, a page of
    /// them at a time, linked by previous / next, rendered in parallel and
    /// emitted from place `first` on. Returns their paths.
    fn undated_pages(
        &self,
        first: usize,
        undated: &[Undated],
        emit: &Emit<'_>,
    ) -> anyhow::Result<Vec<String>> {
        let title = &self.config.title;
        let rel = |k: usize| {
            if k == 0 {
                "undated.html".to_string()
            } else {
                format!("undated-{}.html", k + 1)
            }
        };
        let count = undated.len().div_ceil(PAGE_EVENTS);
        undated.par_chunks(PAGE_EVENTS).enumerate().try_for_each(
            |(k, chunk)| -> anyhow::Result<()> {
                let heading = if count > 1 {
                    format!("Undated sentences ({} of {count})", k + 1)
                } else {
                    "Undated sentences".to_string()
                };
                let kept = self.keep(&rel(k), |h| {
                    h.add(&(&heading, k, count, chunk.len()));
                    for u in chunk {
                        h.article(u.article);
                        h.add(&(u.sentence, &u.mentions));
                    }
                });
                if kept {
                    return Ok(());
                }
                let link = |j: usize, label: &str| NavLink {
                    href: self.href(&rel(j)),
                    label: label.to_string(),
                    current: false,
                };
                let page = TimelinePage {
                    undated: chunk.iter().map(|u| self.undated_view(u)).collect(),
                    prev: k.checked_sub(1).map(|j| link(j, "Previous page")),
                    next: (k + 1 < count).then(|| link(k + 1, "Next page")),
                    ..self.timeline_page(&rel(k), format!("{heading} · {title}"), heading.clone())
                };
                let text = render_sized(&page, 0)?;
                drop(page);
                emit(first + k, rel(k), text)
            },
        )?;
        Ok((0..count).map(rel).collect())
    }

    /// An empty timeline page with the chrome, titles and intro filled in.
    pub(super) fn timeline_page(
        &self,
        rel: &str,
        page_title: String,
        heading: String,
    ) -> TimelinePage<'_> {
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
            depth: 0,
            undated: Vec::new(),
            undated_href: None,
            prev: None,
            next: None,
            filters: None,
        }
    }

    /// "32 events from 6 articles, 1998–2025; 7 key events".
    pub(super) fn stats(&self) -> String {
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
    pub(super) fn jump(&self, years: &[YearGroup<'_>]) -> Vec<NavLink> {
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
    pub(super) fn filters(&self, events: &[usize]) -> Option<Filters> {
        if events.len() < 2 {
            return None;
        }
        let mut tags = vec![false; self.tags.len()];
        let mut places = vec![false; self.places.len()];
        let mut key = 0;
        for &i in events {
            let e = &self.timeline.events[i];
            key += usize::from(e.key);
            for &a in sources(e) {
                for &t in &self.article_tags[a] {
                    tags[t] = true;
                }
                if let Some(p) = self.article_place[a] {
                    places[p] = true;
                }
            }
        }
        let choices = |set: Vec<bool>, groups: &[Group]| -> Vec<Choice> {
            let list: Vec<Choice> = groups
                .iter()
                .zip(set)
                .filter(|(_, listed)| *listed)
                .map(|(g, _)| Choice {
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

    /// Event `index` on a page: its `<li>` as already written, or to
    /// write.
    pub(super) fn listed_event(&self, index: usize) -> ListedEvent<'_> {
        match self
            .written_events
            .binary_search_by_key(&index, |(k, _)| *k)
        {
            Ok(at) => ListedEvent::Written(&self.written_events[at].1),
            Err(_) => ListedEvent::Item(self.event_item(index)),
        }
    }

    /// The `<li>` of event `index` on a timeline page.
    pub(super) fn event_item(&self, index: usize) -> EventItem<'_> {
        let event = &self.timeline.events[index];
        EventItem {
            site: self,
            index,
            event,
            sources: sources(event),
            conflicts: &self.conflicts_of[index],
        }
    }

    /// Events grouped by year, then month, in the configured order. Values
    /// coarser than a month head their year in a group of their own.
    pub(super) fn group_years(&self, events: &[usize]) -> Vec<YearGroup<'_>> {
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
                            events: list.into_iter().map(|i| self.listed_event(i)).collect(),
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

    /// One undated sentence with a link to it in its article.
    pub(super) fn undated_view(&self, u: &Undated) -> UndatedView<'_> {
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
            sentence_html: event_sentence_html(doc, u.sentence, u.mentions.first().copied()),
            href,
            article_title: &doc.article.title,
        }
    }
}

/// What `event.html` prints of an event. The id, slugs, `datetime` value
/// and date labels hold only characters HTML never escapes (tested in
/// [`super::html`]); the explanation is escaped before it is printed.
impl<'a> EventItem<'a> {
    /// The `id` of the event's `<li>`, its anchor on the page.
    pub fn id(&self) -> Pushed<impl Fn(&mut String) + '_> {
        Pushed(|out: &mut String| self.site.push_event_id(out, self.index))
    }

    /// The slugs of the tags of the event's articles, for the filters.
    pub fn tags(&self) -> Pushed<impl Fn(&mut String) + '_> {
        Pushed(|out: &mut String| self.push_group_slugs(out, false))
    }

    /// The slugs of the places of the event's articles.
    pub fn places(&self) -> Pushed<impl Fn(&mut String) + '_> {
        Pushed(|out: &mut String| self.push_group_slugs(out, true))
    }

    /// Appends the slugs of the tags (or places) of the event's articles,
    /// in slug order, each once, separated by spaces.
    fn push_group_slugs(&self, out: &mut String, places: bool) {
        thread_local! {
            static LIST: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
        }
        let site = self.site;
        let groups = if places { &site.places } else { &site.tags };
        LIST.with_borrow_mut(|list| {
            list.clear();
            for &a in self.sources {
                if places {
                    list.extend(site.article_place[a]);
                } else {
                    list.extend_from_slice(&site.article_tags[a]);
                }
            }
            // Groups are in slug order: their indices, sorted, give the
            // slugs in order.
            list.sort_unstable();
            list.dedup();
            for (n, &g) in list.iter().enumerate() {
                if n > 0 {
                    out.push(' ');
                }
                out.push_str(&groups[g].slug);
            }
        });
    }

    /// The `datetime` value of the event's date.
    pub fn datetime(&self) -> Pushed<impl Fn(&mut String) + '_> {
        Pushed(|out: &mut String| html::push_datetime_attr(out, &self.event.placement))
    }

    /// The event's date as a heading ("June 2025").
    pub fn label(&self) -> Pushed<impl Fn(&mut String) + '_> {
        Pushed(|out: &mut String| html::push_label(out, &self.event.placement))
    }

    /// The date of another event, for a link to it.
    pub fn label_of(&self, &other: &usize) -> Pushed<impl Fn(&mut String) + '_> {
        let p = &self.site.timeline.events[other].placement;
        Pushed(move |out: &mut String| html::push_label(out, p))
    }

    /// The link to another event, escaped.
    pub fn event_href_html(&self, &other: &usize) -> Pushed<impl Fn(&mut String) + '_> {
        Pushed(move |out: &mut String| self.site.push_event_href_html(out, other))
    }

    /// The event's text (`event_text_html`).
    pub fn text_html(&self) -> Pushed<impl Fn(&mut String) + '_> {
        Pushed(|out: &mut String| push_event_text_html(out, self.site.docs, self.event))
    }

    /// How the date was found, escaped.
    pub fn explanation_html(&self) -> PushedEscaped<impl Fn(&mut String) + '_> {
        let e = self.event;
        PushedEscaped(move |out: &mut String| {
            self.site.docs[e.article].push_explanation(out, e.mention)
        })
    }

    /// The one article reporting the event, when there is one.
    pub fn only_source(&self) -> Option<SourceLink<'a>> {
        match self.sources {
            &[a] => Some(self.source_link(a, mentions_of(self.event, [a])[0])),
            _ => None,
        }
    }

    /// The articles named among the event's sources: the first reports
    /// are named; a long tail is counted ([`EventItem::unnamed`]), so an
    /// event told by hundreds of articles stays one readable entry (each
    /// of those articles links back to it).
    pub fn named_sources(&self) -> impl Iterator<Item = SourceLink<'a>> + '_ {
        let (n, shown, mentions) = named_sources(self.event, self.sources);
        (0..n).map(move |k| self.source_link(shown[k], mentions[k]))
    }

    /// How many sources are counted but not named.
    pub fn unnamed(&self) -> usize {
        self.sources.len().saturating_sub(SOURCES_SHOWN)
    }

    /// The link to article `a`, at `mention` ([`mentions_of`]).
    fn source_link(&self, a: usize, mention: Option<usize>) -> SourceLink<'a> {
        let site = self.site;
        SourceLink {
            href_html: &site.article_href_html[a],
            mention,
            title_html: &site.article_title_html[a],
            reported: &site.article_reported[a],
            author: site.docs[a].article.author.as_deref(),
        }
    }
}

impl SourceLink<'_> {
    /// The id of the mention the link goes to.
    pub fn anchor(&self) -> Option<Pushed<impl Fn(&mut String)>> {
        self.mention
            .map(|m| Pushed(move |out: &mut String| ResolvedArticle::push_anchor_id(out, m)))
    }

    /// The author, escaped, unless the article names none.
    pub fn author(&self) -> Option<Pushed<impl Fn(&mut String) + '_>> {
        self.author
            .map(str::trim)
            .filter(|by| !by.is_empty())
            .map(|by| Pushed(move |out: &mut String| html::escape_into(out, by)))
    }
}

/// Receives a rendered page: its place among the pages of its kind, its
/// path and its text.
pub(super) type Emit<'e> = dyn Fn(usize, String, String) -> anyhow::Result<()> + Sync + 'e;

/// Renders a page listing about `events` events into a string sized for
/// it, sparing the copies of a string grown from empty (a month page is
/// around 150 KB).
pub(super) fn render_sized<T: Template>(page: &T, events: usize) -> askama::Result<String> {
    let mut out = String::with_capacity(8 * 1024 + events * 1024);
    page.render_into(&mut out)?;
    Ok(out)
}

/// How the timeline is split: the page of each event, and the pages of
/// each year in reading order (none when everything fits on the index).
pub(super) struct Plan {
    /// The page of each event: an index into `pages`.
    pub(super) event_page: Vec<u32>,
    /// Every page that lists events, relative to the base; the index first.
    pub(super) pages: Vec<String>,
    years: Vec<YearPlan>,
}

impl Plan {
    /// Adds a page; returns its index.
    fn page(&mut self, rel: String) -> u32 {
        self.pages.push(rel);
        u32::try_from(self.pages.len() - 1).expect("fewer than 4 billion pages")
    }
}

/// A year or month page of a split timeline, before it is rendered.
struct PageSpec<'p> {
    rel: String,
    page_title: String,
    heading: String,
    /// Links to the month pages of a year page.
    periods: Vec<PeriodLink>,
    events: &'p [usize],
    depth: u8,
}

/// A year of a split timeline: its page holds the values coarser than a
/// month, or every event of the year when it is not split by month.
struct YearPlan {
    year: i32,
    count: usize,
    coarse: Vec<usize>,
    months: Vec<MonthPlan>,
}

/// A month of a split year: one page per part of at most [`PAGE_EVENTS`].
struct MonthPlan {
    month: u32,
    count: usize,
    parts: Vec<Vec<usize>>,
}

impl YearPlan {
    fn rel(&self) -> String {
        format!("years/{}.html", self.year)
    }
}

impl MonthPlan {
    /// `years/2025-06.html`, then `years/2025-06-2.html`…
    fn rel(&self, year: i32, part: usize) -> String {
        if part == 0 {
            format!("years/{year}-{:02}.html", self.month)
        } else {
            format!("years/{year}-{:02}-{}.html", self.month, part + 1)
        }
    }
}

fn month_name(year: i32, month: u32) -> String {
    chrono::NaiveDate::from_ymd_opt(year, month, 1)
        .map(month_label)
        .unwrap_or_else(|| format!("{year}-{month:02}"))
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

fn month_label(d: chrono::NaiveDate) -> String {
    crate::datefmt::month_year(d)
}

/// A whole undated sentence of an article with one of its phrases marked.
pub fn event_sentence_html(
    doc: &ResolvedArticle,
    sentence: usize,
    mention: Option<usize>,
) -> String {
    let (at, text) = doc.undated_sentence(sentence);
    marked(text, at, mention.map(|m| doc.mention_range(m)))
}

/// [`html::sentence_with_mark`] on `text`, a piece of an article's prose
/// starting at byte `at`, with `mention` (a range of the prose) marked when
/// it lies inside the piece.
fn marked(text: &str, at: usize, mention: Option<std::ops::Range<usize>>) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    push_marked(&mut out, text, at, mention);
    out
}

/// Appends [`marked`] to `out`.
fn push_marked(out: &mut String, text: &str, at: usize, mention: Option<std::ops::Range<usize>>) {
    let mark = mention
        .filter(|m| at <= m.start && m.end <= at + text.len())
        .map(|m| m.start - at..m.end - at);
    html::push_sentence_with_mark(out, text, 0..text.len(), mark);
}

/// The text of an event on the timeline: the primary report's sentence or
/// clause, cleaned by the model's summary (no leading "But", no "…, he
/// said"), with the dating phrase marked.
pub fn event_text_html(docs: &[ResolvedArticle], e: &Event) -> String {
    let mut out = String::new();
    push_event_text_html(&mut out, docs, e);
    out
}

/// How many of an event's `sources` its entry names (at most
/// [`SOURCES_SHOWN`]; a long tail is counted instead), those articles
/// (`usize::MAX` past them) and the mention each link goes to
/// ([`mentions_of`]).
pub(super) fn named_sources(
    e: &Event,
    sources: &[usize],
) -> (
    usize,
    [usize; SOURCES_SHOWN],
    [Option<usize>; SOURCES_SHOWN],
) {
    let mut shown = [usize::MAX; SOURCES_SHOWN];
    let n = sources.len().min(SOURCES_SHOWN);
    shown[..n].copy_from_slice(&sources[..n]);
    (n, shown, mentions_of(e, shown))
}

/// The mention a link to each of `articles` goes to: the article's
/// first report of event `e`, else the event's own mention for its
/// article. One pass over the reports serves every link, stopping once
/// each has its report (an event may have hundreds; these few links
/// are most often found among the first).
fn mentions_of<const N: usize>(e: &Event, articles: [usize; N]) -> [Option<usize>; N] {
    let mut mentions = [None; N];
    let mut missing = articles.iter().filter(|&&a| a != usize::MAX).count();
    for r in &e.reports {
        if missing == 0 {
            break;
        }
        if let Some(k) = articles.iter().position(|&a| a == r.article())
            && mentions[k].is_none()
        {
            mentions[k] = Some(r.mention());
            missing -= 1;
        }
    }
    for (m, &a) in mentions.iter_mut().zip(&articles) {
        if m.is_none() && a == e.article {
            *m = Some(e.mention);
        }
    }
    mentions
}

/// Appends [`event_text_html`] to `out`.
pub fn push_event_text_html(out: &mut String, docs: &[ResolvedArticle], e: &Event) {
    let doc = &docs[e.article];
    let m = doc.mention_range(e.mention);
    let summary = e.summary(docs);
    let at = out.len();
    push_marked(out, summary.text, summary.summary.range.start, Some(m));
    html::capitalise_first_from(out, at);
    if summary.summary.add_stop
        && !out[at..]
            .trim_end_matches("</mark>")
            .ends_with(['.', '!', '?'])
    {
        out.push('.');
    }
}
