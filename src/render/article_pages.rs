//! Article pages (body with every resolved phrase described, the article's
//! events linking back to the timeline) and the tag and place pages with
//! their two indexes.

use askama::Template;
use rayon::prelude::*;

use super::html::{self, escape};
use super::site::{Group, PAGE_EVENTS, Site, article_path, plural, push_event_id_of};
use super::timeline_pages::{Emit, render_sized};
use super::views::{ArticleLink, ArticlePage, GroupsPage, NavLink, PeriodLink, TimelinePage};
use crate::content::{Format, markdown};
use crate::resolve::Mention;
use crate::resolve::timex::Placement;
use crate::timeline::ResolvedArticle;

impl<'a> Site<'a> {
    /// The page of article `index`; `body` is its body text
    /// ([`ResolvedArticle::text`]) and `mentions` its mentions
    /// ([`ResolvedArticle::mentions`], unpacked once for the page and the
    /// TimeML export). The prose the events' sentences are cut from comes
    /// from the same Markdown parse as the body's HTML.
    pub(super) fn article(
        &self,
        index: usize,
        body: &str,
        mentions: &[Mention],
    ) -> anyhow::Result<String> {
        let a = &self.docs[index].article;
        // Each phrase's tooltip text, for its tag and its note.
        let tips: Vec<String> = mentions.iter().map(html::tip_text).collect();
        let mut id = String::with_capacity(8);
        let wraps: Vec<markdown::Wrap> = mentions
            .iter()
            .zip(&tips)
            .enumerate()
            .map(|(i, (m, tip))| {
                id.clear();
                ResolvedArticle::push_anchor_id(&mut id, i);
                let (open, close) = html::mention_open(m, &id, tip);
                markdown::Wrap {
                    range: m.start..m.end,
                    open,
                    close,
                }
            })
            .collect();
        let (body_html, mut prose) = match a.format {
            Format::Markdown => markdown::to_html(body, &wraps, self.config.allow_html),
            Format::Wire => (wire_html(body, &wraps), body.to_string()),
        };
        crate::content::article::blank_lead(&mut prose);
        // The notes and the events are written straight into one string
        // each, not a few strings apiece for the template to print.
        let esc = &crate::escape::HTML_TEMPLATE;
        let mut notes_html =
            String::with_capacity(tips.iter().map(|t| t.len() + 32).sum::<usize>());
        for (i, tip) in tips.iter().enumerate() {
            notes_html.push_str("<span id=\"");
            ResolvedArticle::push_anchor_id(&mut notes_html, i);
            notes_html.push_str("-note\">");
            esc.escape_into(&mut notes_html, tip);
            notes_html.push_str("</span>");
        }
        // Every event this article reports, with this article's own words.
        let events_html = self.article_events_html(index, &prose, mentions);
        let rel = article_path(&a.slug);
        // Sized for the whole page, sparing the copies of a string grown
        // from askama's small default.
        let size = 6 * 1024 + 2 * body_html.len() + notes_html.len() + events_html.len();
        let page = ArticlePage {
            chrome: self.chrome(&rel),
            title: &a.title,
            place: self.article_place[index].map(|p| NavLink {
                href: self.href(&format!("places/{}.html", self.places[p].slug)),
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
                .map(|&t| &self.tags[t])
                .map(|g| NavLink {
                    href: self.href(&format!("tags/{}.html", g.slug)),
                    label: g.name.clone(),
                    current: false,
                })
                .collect(),
            dateline_iso: a.dateline.iso(),
            dateline_human: a.dateline.human(),
            body_html,
            notes_html,
            events_html,
            timeml_href: self.href(&format!("articles/{}.tml", a.slug)),
        };
        let mut out = String::with_capacity(size);
        page.render_into(&mut out)?;
        Ok(out)
    }

    /// The `<li>` of every event article `index` reports (its page's
    /// list), with this article's words from `prose` and the phrase of
    /// `mentions` marked.
    ///
    /// What each item needs of its event (the event, its report, its
    /// primary article's slug) is gathered first, in a loop of loads alone:
    /// the events lie all over the timeline, and a 10k profile showed
    /// these loads waiting on memory one at a time as most of the time of
    /// the article pages' own code when each was made amid the writing.
    /// Gathered apart, their misses overlap.
    fn article_events_html(&self, index: usize, prose: &str, mentions: &[Mention]) -> String {
        let events = &self.article_events[index];
        let told: Vec<Told<'_>> = events
            .iter()
            .map(|&(k, report)| {
                let k = k as usize;
                let e = &self.timeline.events[k];
                let (span, mention) = self.telling(k, report);
                Told {
                    page: self.event_page[k],
                    slug: &self.docs[e.article].article.slug,
                    id_mention: e.mention,
                    placement: e.placement,
                    span,
                    mention,
                }
            })
            .collect();
        let esc = &crate::escape::HTML_TEMPLATE;
        let mut out = String::with_capacity(events.len() * 512);
        for t in &told {
            let m = &mentions[t.mention];
            out.push_str("<li><a href=\"");
            // The event's link: its page's, escaped, and its id (which
            // needs no escaping).
            esc.escape_into(&mut out, &self.page_hrefs[t.page as usize]);
            out.push('#');
            push_event_id_of(&mut out, t.slug, t.id_mention);
            out.push_str("\"><time datetime=\"");
            html::push_datetime_attr(&mut out, &t.placement);
            out.push_str("\">");
            html::push_label(&mut out, &t.placement);
            out.push_str("</time></a>: ");
            html::push_sentence_with_mark(&mut out, prose, t.span.clone(), Some(m.start..m.end));
            out.push_str("</li>\n");
        }
        out
    }

    /// Tag and place pages and their two indexes, each handed to `emit`
    /// (its place in that order, path, text) as soon as it is rendered, in
    /// parallel. Returns their paths in that order.
    pub(super) fn group_pages(&self, emit: &Emit<'_>) -> anyhow::Result<Vec<String>> {
        let kinds = [
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
        ];
        // Each kind's index, then a page per group.
        let mut jobs: Vec<(usize, Option<&Group>, String)> = Vec::new();
        for (kind, (dir, groups, ..)) in kinds.iter().enumerate() {
            if groups.is_empty() {
                continue;
            }
            jobs.push((kind, None, format!("{dir}/index.html")));
            for g in groups.iter() {
                jobs.push((kind, Some(g), format!("{dir}/{}.html", g.slug)));
            }
        }
        let paths = jobs.iter().map(|(.., rel)| rel.clone()).collect();
        jobs.into_par_iter().enumerate().try_for_each(
            |(k, (kind, group, rel))| -> anyhow::Result<()> {
                let (dir, groups, heading, intro, noun) = kinds[kind];
                let text = match group {
                    None => GroupsPage {
                        chrome: self.chrome(&rel),
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
                    }
                    .render()?,
                    Some(g) => {
                        let kept = self.keep(&rel, |h| {
                            h.add(&(&g.slug, &g.name, noun, g.articles.len()));
                            for &a in &g.articles {
                                h.article(a);
                            }
                            let (events, listed) = self.group_events(g);
                            h.add(&(events.len(), listed.len()));
                            for &e in &listed {
                                self.hash_event(h, e);
                            }
                        });
                        if kept {
                            return Ok(());
                        }
                        self.group_page(g, &rel, noun)?
                    }
                };
                emit(k, rel, text)
            },
        )?;
        Ok(paths)
    }

    /// The events of a tag or place (those its articles report, in
    /// timeline order) and those its page lists: all of them, or past the
    /// page size its key events only (at most a page of them); its
    /// articles link to the rest.
    pub(super) fn group_events(&self, g: &Group) -> (Vec<usize>, Vec<usize>) {
        let mut events: Vec<usize> = g
            .articles
            .iter()
            .flat_map(|&a| self.article_events[a].iter().map(|&(k, _)| k as usize))
            .collect();
        events.sort_unstable();
        events.dedup();
        let listed: Vec<usize> = if events.len() > PAGE_EVENTS {
            events
                .iter()
                .copied()
                .filter(|&k| self.timeline.events[k].key)
                .take(PAGE_EVENTS)
                .collect()
        } else {
            events.clone()
        };
        (events, listed)
    }

    /// The `<li>` of every event a tag or place page lists, in event
    /// order: written once for [`Site::written_events`], as each of these
    /// is listed on a timeline page too. At most a page of events per
    /// group, whatever the size of the site.
    pub(super) fn write_group_events(&self) -> anyhow::Result<Vec<(usize, String)>> {
        let mut listed: Vec<usize> = self
            .tags
            .par_iter()
            .chain(self.places.par_iter())
            .flat_map_iter(|g| self.group_events(g).1)
            .collect();
        listed.par_sort_unstable();
        listed.dedup();
        listed
            .into_par_iter()
            .map(|k| {
                let mut html = String::with_capacity(1024);
                self.event_item(k).render_into(&mut html)?;
                Ok((k, html))
            })
            .collect()
    }

    /// The page of one tag or place: its latest articles and its events.
    fn group_page(&self, g: &Group, rel: &str, noun: &str) -> anyhow::Result<String> {
        let (events, listed) = self.group_events(g);
        let years = self.group_years(&listed);
        let page = TimelinePage {
            intro: format!(
                "{} article{}, {} event{} on the timeline{}.",
                g.articles.len(),
                plural(g.articles.len()),
                events.len(),
                plural(events.len()),
                if listed.len() < events.len() {
                    format!("; {} key events shown", listed.len())
                } else {
                    String::new()
                },
            ) + &if g.articles.len() > PAGE_EVENTS {
                format!(" The {PAGE_EVENTS} latest articles are listed.")
            } else {
                String::new()
            },
            jump: self.jump(&years),
            // At most a page of articles, the latest ones.
            articles: g
                .articles
                .iter()
                .skip(g.articles.len().saturating_sub(PAGE_EVENTS))
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
                rel,
                format!("{noun}: {} · {}", g.name, self.config.title),
                format!("{noun}: {}", g.name),
            )
        };
        Ok(render_sized(&page, listed.len())?)
    }
}

/// What an article page's item of an event shows of it
/// ([`Site::article_events_html`]).
struct Told<'s> {
    /// Index into [`Site`]'s `page_hrefs` of the event's page.
    page: u32,
    /// The slug of the event's primary article and the mention that
    /// places it (its id).
    slug: &'s str,
    id_mention: usize,
    placement: Placement,
    /// The sentence of the article's report and the mention placing it.
    span: std::ops::Range<usize>,
    mention: usize,
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
}
