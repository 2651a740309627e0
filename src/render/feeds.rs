//! Exports written next to the pages: `atom.xml` (Atom 1.0, one entry per
//! article for the latest `feed_entries` articles), `timeline.json` (TimelineJS3), `events.ics` (iCalendar, RFC
//! 5545), `sitemap.xml` and `robots.txt`.
//!
//! Feeds need absolute URLs: [`SiteUrl`] joins the scheme and host of the
//! configured `base_url` with the base path (so `--base-path` and
//! `base_url` can never disagree), and falls back to `http://localhost`
//! when `base_url` is empty. Every timestamp comes from a dateline — never
//! the build clock — so rebuilding gives the same bytes.

use chrono::{Datelike, NaiveDate, Timelike};
use serde::Serialize;

use super::html;
use super::site::{Site, article_path, event_id, push_article_path};
use super::timeline_pages::event_text_html;
use crate::config::Config;
use crate::content::Dateline;
use crate::datefmt;
use crate::resolve::{Placement, Precision};
use crate::timeline::ResolvedArticle;

/// The origin used when `base_url` is empty.
pub const FALLBACK_ORIGIN: &str = "http://localhost";

/// Absolute URLs of the site: origin + base path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteUrl {
    /// `https://user.github.io`, no trailing slash.
    pub origin: String,
    /// `https://user.github.io/repo/`, with a trailing slash.
    pub root: String,
    /// The host alone, for iCalendar UIDs.
    pub host: String,
    /// True when `base_url` was empty and the fallback origin is used.
    pub fallback: bool,
}

impl SiteUrl {
    pub fn new(config: &Config, base: &str) -> SiteUrl {
        let (origin, fallback) = match origin_of(&config.base_url) {
            Some(o) => (o, false),
            None => (FALLBACK_ORIGIN.to_string(), true),
        };
        let host = origin
            .split_once("://")
            .map_or(origin.as_str(), |(_, h)| h)
            .to_string();
        SiteUrl {
            root: format!("{origin}{base}"),
            origin,
            host,
            fallback,
        }
    }

    /// The absolute URL of a path relative to the site root.
    pub fn of(&self, rel: &str) -> String {
        if rel == "index.html" {
            self.root.clone()
        } else {
            format!("{}{rel}", self.root)
        }
    }
}

/// `scheme://host[:port]` of an `http(s)` URL; `None` when empty or not
/// an `http(s)` URL.
pub fn origin_of(url: &str) -> Option<String> {
    let url = url.trim();
    let (scheme, rest) = url.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || host.contains(|c: char| c.is_whitespace() || c == '"' || c == '<') {
        return None;
    }
    Some(format!("{}://{}", scheme.to_ascii_lowercase(), host))
}

/// Escapes text for XML content and attributes, dropping the control
/// characters XML 1.0 forbids.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    xml_escape_into(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped as [`xml_escape`] does.
pub fn xml_escape_into(out: &mut String, text: &str) {
    crate::escape::XML.escape_into(out, text);
}

/// RFC 3339 time of a dateline. Datelines keep their local clock time and
/// no offset, so the time is written as UTC.
fn rfc3339(d: &Dateline) -> String {
    let mut out = String::with_capacity(20);
    push_rfc3339(&mut out, d);
    out
}

/// Appends [`rfc3339`] to `out`.
fn push_rfc3339(out: &mut String, d: &Dateline) {
    datefmt::push_ymd(out, d.date);
    out.push('T');
    datefmt::push_hms(out, d.time.unwrap_or_default(), ":");
    out.push('Z');
}

/// The link to mention `mention` of an article: its page's absolute URL
/// and the phrase's anchor.
fn mention_url(url: &SiteUrl, slug: &str, mention: usize) -> String {
    let mut out = String::with_capacity(url.root.len() + slug.len() + 20);
    out.push_str(&url.root);
    push_article_path(&mut out, slug);
    out.push('#');
    ResolvedArticle::push_anchor_id(&mut out, mention);
    out
}

/// A sentence as plain text, whitespace collapsed.
fn plain_sentence(prose: &str, sentence: std::ops::Range<usize>) -> String {
    prose[sentence]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A short plain-text summary of an article: its description, else its
/// first sentences up to about 300 characters (the text read again if the
/// article released it).
pub fn summary(doc: &ResolvedArticle) -> anyhow::Result<String> {
    if let Some(d) = doc
        .article
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())
    {
        return Ok(d.trim().to_string());
    }
    let source = doc.source()?;
    let mut out = String::new();
    for s in crate::timeline::sentence::split(&source.prose) {
        if !out.is_empty() && out.chars().count() > 300 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&plain_sentence(&source.prose, s));
    }
    Ok(out)
}

/// The Atom 1.0 feed: one entry per article, newest dateline first, for
/// the latest `feed_entries` articles (all of them when it is 0).
pub fn atom(site: &Site<'_>, url: &SiteUrl) -> anyhow::Result<String> {
    let docs = site.docs;
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&docs[a].article, &docs[b].article);
        (y.dateline, &x.path).cmp(&(x.dateline, &y.path))
    });
    if site.config.feed_entries > 0 {
        order.truncate(site.config.feed_entries);
    }
    let updated = order
        .first()
        .map(|&i| rfc3339(&docs[i].article.dateline))
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    let c = site.config;
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        xml_escape(&c.language)
    ));
    out.push_str(&format!("<title>{}</title>\n", xml_escape(&c.title)));
    if !c.description.trim().is_empty() {
        out.push_str(&format!(
            "<subtitle>{}</subtitle>\n",
            xml_escape(c.description.trim())
        ));
    }
    out.push_str(&format!("<id>{}</id>\n", xml_escape(&url.root)));
    out.push_str(&format!(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml_escape(&url.of("atom.xml"))
    ));
    out.push_str(&format!(
        "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_escape(&url.root)
    ));
    out.push_str(&format!("<updated>{updated}</updated>\n"));
    out.push_str(&format!(
        "<author><name>{}</name></author>\n<generator>dateline</generator>\n",
        xml_escape(&c.title)
    ));
    for i in order {
        let a = &docs[i].article;
        let link = url.of(&article_path(&a.slug));
        let when = rfc3339(&a.dateline);
        out.push_str("<entry>\n");
        out.push_str(&format!("<title>{}</title>\n", xml_escape(&a.title)));
        out.push_str(&format!("<id>{}</id>\n", xml_escape(&link)));
        out.push_str(&format!(
            "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml_escape(&link)
        ));
        out.push_str(&format!(
            "<published>{when}</published>\n<updated>{when}</updated>\n"
        ));
        if let Some(author) = a.author.as_deref().filter(|s| !s.trim().is_empty()) {
            out.push_str(&format!(
                "<author><name>{}</name></author>\n",
                xml_escape(author.trim())
            ));
        }
        for t in a.tags.iter().filter(|t| !t.trim().is_empty()) {
            out.push_str(&format!("<category term=\"{}\"/>\n", xml_escape(t.trim())));
        }
        out.push_str(&format!(
            "<summary>{}</summary>\n",
            xml_escape(&summary(&docs[i])?)
        ));
        out.push_str("</entry>\n");
    }
    out.push_str("</feed>\n");
    Ok(out)
}

/// A TimelineJS3 date.
#[derive(Serialize)]
struct TjDate {
    year: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hour: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    minute: Option<u32>,
}

#[derive(Serialize)]
struct TjText {
    headline: String,
    text: String,
}

#[derive(Serialize)]
struct TjSlide {
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<TjDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<TjDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    display_date: Option<String>,
    text: TjText,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unique_id: Option<String>,
}

#[derive(Serialize)]
struct TjTimeline {
    title: TjSlide,
    events: Vec<TjSlide>,
}

/// A TimelineJS3 date holding exactly the fields the precision knows.
fn tj_date(d: NaiveDate, time: Option<chrono::NaiveTime>, precision: Precision) -> TjDate {
    let month = precision >= Precision::Half;
    let day = precision >= Precision::Week;
    let clock = if precision == Precision::Time {
        time
    } else {
        None
    };
    TjDate {
        year: d.year(),
        month: month.then(|| d.month()),
        day: day.then(|| d.day()),
        hour: clock.map(|t| t.hour()),
        minute: clock.map(|t| t.minute()),
    }
}

/// The `start_date` and, for values spanning several units (a week, a
/// season, a decade…), the `end_date` of a placement.
fn tj_span(p: &Placement) -> (TjDate, Option<TjDate>) {
    let start = tj_date(p.start, p.time, p.precision);
    let spans = matches!(
        p.precision,
        Precision::Century
            | Precision::Decade
            | Precision::Half
            | Precision::Quarter
            | Precision::Season
            | Precision::Week
    );
    let end = spans
        .then(|| p.end.pred_opt())
        .flatten()
        .filter(|last| *last > p.start)
        .map(|last| tj_date(last, None, p.precision));
    (start, end)
}

/// The most events `timeline.json` and `events.ics` hold. Both used to
/// hold every event: 78 MB at 10,000 articles, growing with the corpus,
/// more than TimelineJS or a calendar client can use. Up to this many every
/// event is exported; beyond, the events of highest salience (the key
/// events first), still in timeline order. The pages list every event.
pub const EXPORT_EVENTS: usize = 5_000;

/// The events of the exports ([`EXPORT_EVENTS`]), in timeline order, as
/// indices into the timeline's events.
pub fn exported_events(site: &Site<'_>) -> Vec<usize> {
    let events = &site.timeline.events;
    if events.len() <= EXPORT_EVENTS {
        return (0..events.len()).collect();
    }
    let mut ranked: Vec<usize> = (0..events.len()).collect();
    // A total order (ties go to the earlier event), so the first
    // EXPORT_EVENTS after a selection are those a full sort would keep,
    // found in linear time.
    ranked.select_nth_unstable_by(EXPORT_EVENTS - 1, |&a, &b| {
        events[b]
            .key
            .cmp(&events[a].key)
            .then(events[b].salience.total_cmp(&events[a].salience))
            .then(a.cmp(&b))
    });
    ranked.truncate(EXPORT_EVENTS);
    ranked.sort_unstable();
    ranked
}

/// The timeline in TimelineJS3's JSON format, events in timeline order
/// (at most [`EXPORT_EVENTS`]).
pub fn timeline_json(site: &Site<'_>, url: &SiteUrl) -> anyhow::Result<String> {
    let c = site.config;
    let exported = exported_events(site);
    let mut text_size = 0;
    let events = exported
        .iter()
        .map(|&k| {
            let e = &site.timeline.events[k];
            let a = &site.docs[e.article].article;
            let (start, end) = tj_span(&e.placement);
            let sentence = event_text_html(site.docs, e);
            let link = mention_url(url, &a.slug, e.mention);
            let title_html = &site.article_title_html[e.article];
            let mut text =
                String::with_capacity(sentence.len() + link.len() + title_html.len() + 96);
            text.push_str("<p>");
            text.push_str(&sentence);
            text.push_str("</p><p>Reported ");
            text.push_str(&site.article_reported[e.article]);
            text.push_str(" in <a href=\"");
            html::escape_into(&mut text, &link);
            text.push_str("\">");
            text.push_str(title_html);
            text.push_str("</a>");
            if e.sources.len() > 1 {
                text.push_str(" (one of ");
                datefmt::push_num(&mut text, e.sources.len() as u64);
                text.push_str(" sources)");
            }
            text.push_str(".</p>");
            text_size += text.len() + a.title.len();
            TjSlide {
                start_date: Some(start),
                end_date: end,
                display_date: Some(html::label(&e.placement)),
                text: TjText {
                    headline: a.title.clone(),
                    text,
                },
                group: a
                    .tags
                    .iter()
                    .map(|t| t.trim())
                    .find(|t| !t.is_empty())
                    .map(str::to_string),
                unique_id: Some(event_id(&site.docs[e.article], e)),
            }
        })
        .collect::<Vec<_>>();
    let timeline = TjTimeline {
        title: TjSlide {
            start_date: None,
            end_date: None,
            display_date: None,
            text: TjText {
                headline: c.title.clone(),
                text: html::escape(&c.description),
            },
            group: None,
            unique_id: Some("title".to_string()),
        },
        events,
    };
    // Sized for the whole file (about 600 bytes of fields and indentation
    // per event besides its texts), sparing the copies of a growing buffer.
    let mut json = Vec::with_capacity(text_size * 11 / 10 + exported.len() * 640 + 1024);
    serde_json::to_writer_pretty(&mut json, &timeline)?;
    json.push(b'\n');
    Ok(String::from_utf8(json).expect("serde_json writes UTF-8"))
}

/// Escapes an iCalendar TEXT value (RFC 5545 §3.3.11).
pub fn ics_text(text: &str) -> String {
    crate::escape::ICS_TEXT.escape(text)
}

/// Appends `text` to `out`, escaped as [`ics_text`] does.
fn ics_text_into(out: &mut String, text: &str) {
    crate::escape::ICS_TEXT.escape_into(out, text);
}

/// Appends one content line, folded at 75 octets (never inside a UTF-8
/// character) and ended with CRLF (RFC 5545 §3.1).
pub fn ics_line(out: &mut String, line: &str) {
    let mut rest = line;
    let mut limit = 75;
    loop {
        if rest.len() <= limit {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        // A continuation line starts with one space, leaving 74 octets.
        limit = 74;
    }
}

/// The iCalendar file: every event placed at week precision or finer.
/// Days (with or without a part of day) and weeks are all-day events
/// (`DTSTART;VALUE=DATE` with an exclusive `DTEND`); clock times are
/// floating local times, as datelines keep no offset. Coarser values (a
/// month, a year) are left out: a month-long calendar entry misleads.
/// At most the [`EXPORT_EVENTS`] of [`exported_events`].
///
/// Each content line is put together in one reused buffer, then folded
/// into the file.
pub fn icalendar(site: &Site<'_>, url: &SiteUrl) -> String {
    let exported = exported_events(site);
    let mut out = String::with_capacity(1024 + exported.len() * 900);
    let mut line = String::with_capacity(1024);
    let mut text = String::with_capacity(1024);
    ics_line(&mut out, "BEGIN:VCALENDAR");
    ics_line(&mut out, "VERSION:2.0");
    ics_line(&mut out, "PRODID:-//dateline//dateline timeline//EN");
    ics_line(&mut out, "CALSCALE:GREGORIAN");
    ics_line(&mut out, "METHOD:PUBLISH");
    line.push_str("X-WR-CALNAME:");
    ics_text_into(&mut line, &site.config.title);
    ics_line(&mut out, &line);
    for k in exported {
        let e = &site.timeline.events[k];
        let p = e.placement;
        if p.precision < Precision::Week {
            continue;
        }
        let doc = &site.docs[e.article];
        let a = &doc.article;
        ics_line(&mut out, "BEGIN:VEVENT");
        line.clear();
        line.push_str("UID:");
        site.push_event_id(&mut line, k);
        line.push('@');
        line.push_str(&url.host);
        ics_line(&mut out, &line);
        // The RFC 3339 time without its separators.
        text.clear();
        push_rfc3339(&mut text, &a.dateline);
        line.clear();
        line.push_str("DTSTAMP:");
        line.extend(text.chars().filter(|c| !matches!(c, '-' | ':')));
        ics_line(&mut out, &line);
        line.clear();
        match (p.precision, p.time) {
            (Precision::Time, Some(t)) => {
                line.push_str("DTSTART:");
                datefmt::push_ymd_compact(&mut line, p.start);
                line.push('T');
                datefmt::push_hms(&mut line, t, "");
                ics_line(&mut out, &line);
            }
            _ => {
                line.push_str("DTSTART;VALUE=DATE:");
                datefmt::push_ymd_compact(&mut line, p.start);
                ics_line(&mut out, &line);
                line.clear();
                line.push_str("DTEND;VALUE=DATE:");
                datefmt::push_ymd_compact(&mut line, p.end);
                ics_line(&mut out, &line);
            }
        }
        line.clear();
        line.push_str("SUMMARY:");
        ics_text_into(&mut line, &e.summary(site.docs).display());
        ics_line(&mut out, &line);
        text.clear();
        html::push_label(&mut text, &p);
        text.push_str(".\nReported ");
        text.push_str(&site.article_reported[e.article]);
        text.push_str(" in “");
        text.push_str(&a.title);
        text.push_str("”.\nHow this date was found: ");
        doc.push_explanation(&mut text, e.mention);
        line.clear();
        line.push_str("DESCRIPTION:");
        ics_text_into(&mut line, &text);
        ics_line(&mut out, &line);
        line.clear();
        line.push_str("CATEGORIES:");
        let mut tags = a.tags.iter().map(|t| t.trim()).filter(|t| !t.is_empty());
        if let Some(first) = tags.next() {
            ics_text_into(&mut line, first);
            for t in tags {
                line.push(',');
                ics_text_into(&mut line, t);
            }
            ics_line(&mut out, &line);
        }
        if let Some(place) = a.place.as_deref().filter(|p| !p.trim().is_empty()) {
            line.clear();
            line.push_str("LOCATION:");
            ics_text_into(&mut line, place.trim());
            ics_line(&mut out, &line);
        }
        line.clear();
        line.push_str("URL:");
        line.push_str(&mention_url(url, &a.slug, e.mention));
        ics_line(&mut out, &line);
        ics_line(&mut out, "END:VEVENT");
    }
    ics_line(&mut out, "END:VCALENDAR");
    out
}

/// The most URLs one sitemap file may list (sitemaps.org).
pub const SITEMAP_URLS: usize = 50_000;

/// `sitemap.xml` listing every page (paths relative to the site root); the
/// sitemap index when there are more than [`SITEMAP_URLS`] (see [`sitemaps`]).
pub fn sitemap(url: &SiteUrl, pages: &[String]) -> String {
    sitemaps(url, pages).swap_remove(0).1
}

/// The sitemap files: `sitemap.xml` listing every page, or, beyond
/// [`SITEMAP_URLS`] pages, `sitemap.xml` as a sitemap index of
/// `sitemap-1.xml`, `sitemap-2.xml`, … of at most that many each.
pub fn sitemaps(url: &SiteUrl, pages: &[String]) -> Vec<(String, String)> {
    let mut pages: Vec<&String> = pages.iter().collect();
    pages.sort();
    let urlset = |pages: &[&String]| {
        let mut out = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for p in pages {
            out.push_str(&format!(
                "<url><loc>{}</loc></url>\n",
                xml_escape(&url.of(p))
            ));
        }
        out.push_str("</urlset>\n");
        out
    };
    if pages.len() <= SITEMAP_URLS {
        return vec![("sitemap.xml".to_string(), urlset(&pages))];
    }
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut files = Vec::new();
    for (k, chunk) in pages.chunks(SITEMAP_URLS).enumerate() {
        let name = format!("sitemap-{}.xml", k + 1);
        index.push_str(&format!(
            "<sitemap><loc>{}</loc></sitemap>\n",
            xml_escape(&url.of(&name))
        ));
        files.push((name, urlset(chunk)));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, ("sitemap.xml".to_string(), index));
    files
}

/// `robots.txt`: everything may be crawled; points at the sitemap.
pub fn robots(url: &SiteUrl) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        url.of("sitemap.xml")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(base_url: &str) -> Config {
        Config {
            base_url: base_url.to_string(),
            ..Config::default()
        }
    }

    #[test]
    fn sitemaps_split_into_an_index_beyond_the_limit() {
        let url = SiteUrl::new(&config("https://x.org"), "/");
        let few: Vec<String> = (0..3).map(|i| format!("p{i}.html")).collect();
        let one = sitemaps(&url, &few);
        assert_eq!(one.len(), 1);
        assert!(one[0].1.contains("<urlset"));
        let many: Vec<String> = (0..SITEMAP_URLS + 2)
            .map(|i| format!("p{i:06}.html"))
            .collect();
        let files = sitemaps(&url, &many);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml"]);
        assert!(files[0].1.contains("<sitemapindex"));
        assert!(
            files[0]
                .1
                .contains("<loc>https://x.org/sitemap-2.xml</loc>")
        );
        assert_eq!(files[1].1.matches("<url>").count(), SITEMAP_URLS);
        assert_eq!(files[2].1.matches("<url>").count(), 2);
    }

    #[test]
    fn site_url_takes_origin_and_base_path() {
        let u = SiteUrl::new(&config("https://user.github.io/ignored/"), "/repo/");
        assert_eq!(u.root, "https://user.github.io/repo/");
        assert_eq!(u.of("atom.xml"), "https://user.github.io/repo/atom.xml");
        assert_eq!(u.of("index.html"), "https://user.github.io/repo/");
        assert_eq!(u.host, "user.github.io");
        assert!(!u.fallback);
        let f = SiteUrl::new(&config(""), "/");
        assert_eq!(f.root, "http://localhost/");
        assert!(f.fallback);
        assert!(SiteUrl::new(&config("ftp://x"), "/").fallback);
        assert_eq!(
            origin_of("HTTP://example.org:8080/a?b").as_deref(),
            Some("http://example.org:8080")
        );
    }

    #[test]
    fn xml_escaping_drops_forbidden_controls() {
        assert_eq!(
            xml_escape("a<b & \"c\" 'd'\u{1}"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;"
        );
    }

    #[test]
    fn ics_lines_fold_at_75_octets_on_char_boundaries() {
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "é".repeat(100));
        ics_line(&mut out, &long);
        assert!(out.ends_with("\r\n"));
        let lines: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
        assert!(lines.len() > 2);
        for (i, l) in lines.iter().enumerate() {
            assert!(l.len() <= 75, "line {i} has {} octets", l.len());
            if i > 0 {
                assert!(l.starts_with(' '));
            }
        }
        // Unfolding gives back the line.
        let unfolded: String = lines
            .iter()
            .enumerate()
            .map(|(i, l)| if i == 0 { *l } else { &l[1..] })
            .collect();
        assert_eq!(unfolded, long);
    }

    #[test]
    fn ics_text_escapes_separators() {
        assert_eq!(ics_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn timelinejs_dates_carry_only_known_fields() {
        let d = NaiveDate::from_ymd_opt(2025, 6, 23).unwrap();
        let json = |p| serde_json::to_string(&tj_date(d, None, p)).unwrap();
        assert_eq!(json(Precision::Year), r#"{"year":2025}"#);
        assert_eq!(json(Precision::Month), r#"{"year":2025,"month":6}"#);
        assert_eq!(json(Precision::Day), r#"{"year":2025,"month":6,"day":23}"#);
        let t = chrono::NaiveTime::from_hms_opt(14, 5, 0);
        assert_eq!(
            serde_json::to_string(&tj_date(d, t, Precision::Time)).unwrap(),
            r#"{"year":2025,"month":6,"day":23,"hour":14,"minute":5}"#
        );
    }
}
