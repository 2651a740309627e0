//! Which pages the site has and what goes into each: the timeline index,
//! one page per article, `404.html`, `.nojekyll` and the default stylesheet.

use std::collections::BTreeMap;
use std::path::PathBuf;

use askama::Template;
use chrono::Datelike;

use super::html::{self, escape};
use super::views::{
    ArticleEventView, ArticlePage, EventView, IndexPage, MonthGroup, NotFoundPage, UndatedView,
    YearGroup,
};
use super::{DEFAULT_STYLESHEET, OutputFile};
use crate::config::{Config, Order};
use crate::content::{Format, markdown};
use crate::resolve::Precision;
use crate::timeline::{Event, ResolvedArticle, Timeline};

/// URL path of an article page relative to the base path.
pub fn article_path(slug: &str) -> String {
    format!("articles/{slug}.html")
}

/// Renders the whole site. `base` is the normalised base path (`/repo/`).
pub fn render(
    config: &Config,
    base: &str,
    docs: &[ResolvedArticle],
    timeline: &Timeline,
) -> anyhow::Result<Vec<OutputFile>> {
    let mut files = Vec::with_capacity(docs.len() + 4);
    files.push(OutputFile {
        path: "index.html".into(),
        bytes: index(config, base, docs, timeline)?.into_bytes(),
    });
    for (i, doc) in docs.iter().enumerate() {
        let page = article(config, base, docs, timeline, i)?;
        files.push(OutputFile {
            path: PathBuf::from(article_path(&doc.article.slug)),
            bytes: page.into_bytes(),
        });
    }
    let not_found = NotFoundPage {
        lang: &config.language,
        site_title: &config.title,
        base,
    };
    files.push(OutputFile {
        path: "404.html".into(),
        bytes: not_found.render()?.into_bytes(),
    });
    files.push(OutputFile {
        path: ".nojekyll".into(),
        bytes: Vec::new(),
    });
    files.push(OutputFile {
        path: "style.css".into(),
        bytes: DEFAULT_STYLESHEET.as_bytes().to_vec(),
    });
    Ok(files)
}

fn event_id(doc: &ResolvedArticle, e: &Event) -> String {
    format!(
        "e-{}-{}",
        doc.article.slug,
        ResolvedArticle::anchor_id(e.mention)
    )
}

fn event_sentence_html(doc: &ResolvedArticle, sentence: usize, mention: Option<usize>) -> String {
    let mark = mention.map(|m| doc.mentions[m].start..doc.mentions[m].end);
    html::sentence_with_mark(&doc.article.prose, doc.sentences[sentence].clone(), mark)
}

fn index(
    config: &Config,
    base: &str,
    docs: &[ResolvedArticle],
    timeline: &Timeline,
) -> anyhow::Result<String> {
    // Group by year, then by month; coarser-than-month values get their own
    // group ahead of the months of their year.
    let mut years: BTreeMap<i32, BTreeMap<(u32, u32), Vec<EventView>>> = BTreeMap::new();
    for e in &timeline.events {
        let doc = &docs[e.article];
        let p = e.placement;
        let month_key = if p.precision >= Precision::Month {
            (1, p.start.month())
        } else {
            (0, 0)
        };
        let view = EventView {
            id: event_id(doc, e),
            datetime: html::datetime_attr(&p),
            label: p.label(),
            sentence_html: event_sentence_html(doc, e.sentence, Some(e.mention)),
            href: format!(
                "{base}{}#{}",
                article_path(&doc.article.slug),
                ResolvedArticle::anchor_id(e.mention)
            ),
            article_title: doc.article.title.clone(),
            reported: format!("reported {}", doc.article.dateline.date.format("%-d %B %Y")),
            explanation: doc.mentions[e.mention].explanation.clone(),
        };
        years
            .entry(p.start.year())
            .or_default()
            .entry(month_key)
            .or_default()
            .push(view);
    }
    let mut year_groups: Vec<YearGroup> = years
        .into_iter()
        .map(|(year, months)| {
            let mut months: Vec<MonthGroup> = months
                .into_iter()
                .map(|((kind, month), events)| {
                    let (label, id) = if kind == 0 {
                        (format!("{year}"), format!("y{year}-all"))
                    } else {
                        let name = chrono::NaiveDate::from_ymd_opt(year, month, 1)
                            .map(|d| d.format("%B %Y").to_string())
                            .unwrap_or_default();
                        (name, format!("y{year}-m{month:02}"))
                    };
                    MonthGroup { label, id, events }
                })
                .collect();
            if config.order == Order::Newest {
                months.reverse();
                months.iter_mut().for_each(|m| m.events.reverse());
            }
            YearGroup {
                year: year.to_string(),
                id: format!("y{year}"),
                months,
            }
        })
        .collect();
    if config.order == Order::Newest {
        year_groups.reverse();
    }
    let undated = timeline
        .undated
        .iter()
        .map(|u| {
            let doc = &docs[u.article];
            UndatedView {
                sentence_html: event_sentence_html(doc, u.sentence, u.mentions.first().copied()),
                href: format!(
                    "{base}{}#{}",
                    article_path(&doc.article.slug),
                    ResolvedArticle::anchor_id(u.mentions[0])
                ),
                article_title: doc.article.title.clone(),
            }
        })
        .collect();
    let page = IndexPage {
        lang: &config.language,
        site_title: &config.title,
        description: &config.description,
        base,
        years: year_groups,
        undated,
    };
    Ok(page.render()?)
}

fn article(
    config: &Config,
    base: &str,
    docs: &[ResolvedArticle],
    timeline: &Timeline,
    index: usize,
) -> anyhow::Result<String> {
    let doc = &docs[index];
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
        Format::Markdown => markdown::to_html(a.body_text(), &wraps, config.allow_html),
        Format::Wire => wire_html(a.body_text(), &wraps),
    };
    let events = timeline
        .events
        .iter()
        .filter(|e| e.article == index)
        .map(|e| ArticleEventView {
            href: format!("{base}#{}", event_id(doc, e)),
            datetime: html::datetime_attr(&e.placement),
            label: e.placement.label(),
            sentence_html: event_sentence_html(doc, e.sentence, Some(e.mention)),
        })
        .collect();
    let page = ArticlePage {
        lang: &config.language,
        site_title: &config.title,
        base,
        title: &a.title,
        place: a.place.as_deref(),
        author: a.author.as_deref(),
        source: a
            .source
            .as_deref()
            .filter(|s| s.starts_with("https://") || s.starts_with("http://")),
        tags: &a.tags,
        dateline_iso: a.dateline.iso(),
        dateline_human: a.dateline.human(),
        body_html,
        events,
    };
    Ok(page.render()?)
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
