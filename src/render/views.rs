//! askama template structs. Views own or borrow ready-to-print strings;
//! anything marked `_html` is already escaped by [`super::html`]; every
//! `href` is a complete link (base path included) built by [`super::site`].
//! The ids, slugs, `datetime` values and date labels of events and notes
//! hold only characters HTML never escapes (`[a-z0-9-]` slugs, digits,
//! English words; tested in [`super::html`]) and are printed as they are,
//! sparing the escaping of a few hundred thousand short strings. The
//! longer texts of events and notes are escaped beforehand
//! ([`crate::escape::HTML_TEMPLATE`], the templates' own entities), most
//! of them needing nothing.
//!
//! One template, `timeline.html`, serves every page that lists events (the
//! index, year and month pages, tag and place pages), printing each event
//! with `event.html` ([`EventItem`]; the events of tag and place pages are
//! written once for those and the timeline's, [`ListedEvent`]); the
//! others are the article page, the
//! group indexes, the about page and `404.html`. They all extend
//! `base.html`, which carries the shared [`Chrome`].

use std::cell::RefCell;
use std::fmt;

use askama::Template;

use super::site::Site;
use crate::timeline::Event;

/// What every page shares: language, site title, base path, navigation.
/// Escaped once for the site (`site::ChromeHtml`).
pub struct Chrome<'a> {
    pub lang_html: &'a str,
    pub site_title_html: &'a str,
    pub base_html: &'a str,
    /// The `<li>` of each link of the header, each ending in a newline;
    /// the page's own marked `aria-current`.
    pub nav_html: String,
}

pub struct NavLink {
    pub href: String,
    pub label: String,
    pub current: bool,
}

/// A page of the timeline (whole, one year, one month, one tag, one place).
#[derive(Template)]
#[template(path = "timeline.html")]
pub struct TimelinePage<'a> {
    pub chrome: Chrome<'a>,
    /// `<title>` of the page.
    pub page_title: String,
    pub heading: String,
    pub intro: String,
    /// "32 events from 6 articles, 1998–2025": on the index only.
    pub stats: String,
    /// Links to the year (or month) headings of this page, or to the pages
    /// of each year when the timeline is split.
    pub jump: Vec<NavLink>,
    /// When the timeline is split: the pages it is split into.
    pub periods: Vec<PeriodLink>,
    /// Articles of a tag or place page.
    pub articles: Vec<ArticleLink>,
    pub years: Vec<YearGroup<'a>>,
    /// Which headings the events get: 0 year and month (the index, tag and
    /// place pages), 1 month only (a year page), 2 none (a month page, whose
    /// title names the month).
    pub depth: u8,
    pub undated: Vec<UndatedView<'a>>,
    /// Link to the undated page when undated sentences live elsewhere.
    pub undated_href: Option<String>,
    /// Previous and next page of a split timeline, in reading order.
    pub prev: Option<NavLink>,
    pub next: Option<NavLink>,
    /// The filter form (shown by `site.js`), when the page has something to
    /// filter by.
    pub filters: Option<Filters>,
}

pub struct PeriodLink {
    pub href: String,
    pub label: String,
    pub count: usize,
    pub children: Vec<PeriodLink>,
}

pub struct ArticleLink {
    pub href: String,
    pub title: String,
    pub dateline_iso: String,
    pub dateline_human: String,
}

pub struct Filters {
    pub tags: Vec<Choice>,
    pub places: Vec<Choice>,
    /// True when some but not all events are key events.
    pub key_events: bool,
}

pub struct Choice {
    pub value: String,
    pub label: String,
}

pub struct YearGroup<'a> {
    pub year: String,
    pub id: String,
    pub months: Vec<MonthGroup<'a>>,
}

pub struct MonthGroup<'a> {
    pub label: String,
    pub id: String,
    pub events: Vec<ListedEvent<'a>>,
}

/// An event on a page: to print with `event.html`, or already printed
/// (the events of tag and place pages, written once for those pages and
/// the timeline's).
pub enum ListedEvent<'a> {
    Item(EventItem<'a>),
    Written(&'a str),
}

impl askama::FastWritable for ListedEvent<'_> {
    fn write_into(
        &self,
        dest: &mut dyn fmt::Write,
        values: &dyn askama::Values,
    ) -> askama::Result<()> {
        match self {
            ListedEvent::Item(item) => item.render_into_with_values(dest, values),
            ListedEvent::Written(html) => Ok(dest.write_str(html)?),
        }
    }
}

/// One event of a timeline page: its `<li>`, printed by the page's
/// template straight into the page. It only borrows: the pieces that need
/// formatting (id, date, text, explanation) are written as they are
/// printed ([`Pushed`]), so an event costs no string of its own; the
/// methods the template calls are in `timeline_pages`.
#[derive(Template)]
#[template(path = "event.html")]
pub struct EventItem<'a> {
    pub site: &'a Site<'a>,
    /// The event's index in the timeline.
    pub index: usize,
    pub event: &'a Event,
    /// The articles reporting it, earliest first.
    pub sources: &'a [usize],
    /// The events it seems to be in conflict with.
    pub conflicts: &'a [usize],
}

/// A link to an article reporting an event.
pub struct SourceLink<'a> {
    /// The link to the article's page, escaped.
    pub href_html: &'a str,
    /// The article's own report of the event (a mention), if it has one.
    pub mention: Option<usize>,
    /// The article's title, escaped.
    pub title_html: &'a str,
    /// The article's dateline as "24 June 2025".
    pub reported: &'a str,
    /// The article's author, as written.
    pub author: Option<&'a str>,
}

/// Text that a function appends to a `String`, printed by a template as it
/// is (no escaping) without a `String` of its own: it is written into a
/// buffer each thread reuses, then copied to the page.
pub struct Pushed<F>(pub F);

/// [`Pushed`] text escaped as the templates escape, by
/// [`crate::escape::HTML_TEMPLATE`] (eight plain bytes at a time), into a
/// second buffer before it is printed: for long texts, which askama's own
/// escaper would write to the page piece by piece.
pub struct PushedEscaped<F>(pub F);

thread_local! {
    /// The buffers of [`Pushed`] and [`PushedEscaped`].
    static BUFFERS: RefCell<[String; 2]> = const { RefCell::new([String::new(), String::new()]) };
}

impl<F: Fn(&mut String)> Pushed<F> {
    fn with_text<T>(&self, then: impl FnOnce(&str) -> T) -> T {
        BUFFERS.with_borrow_mut(|[text, _]| {
            text.clear();
            (self.0)(text);
            then(text)
        })
    }
}

impl<F: Fn(&mut String)> PushedEscaped<F> {
    fn with_text<T>(&self, then: impl FnOnce(&str) -> T) -> T {
        BUFFERS.with_borrow_mut(|[text, escaped]| {
            text.clear();
            (self.0)(text);
            escaped.clear();
            crate::escape::HTML_TEMPLATE.escape_into(escaped, text);
            then(escaped)
        })
    }
}

/// askama prints both through `FastWritable`, straight into the page; the
/// `Display` of each is the same text for other writers.
macro_rules! print_pushed {
    ($($kind:ident)*) => {$(
        impl<F: Fn(&mut String)> askama::FastWritable for $kind<F> {
            fn write_into(
                &self,
                dest: &mut dyn fmt::Write,
                _: &dyn askama::Values,
            ) -> askama::Result<()> {
                Ok(self.with_text(|text| dest.write_str(text))?)
            }
        }

        impl<F: Fn(&mut String)> fmt::Display for $kind<F> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.with_text(|text| f.write_str(text))
            }
        }
    )*};
}

print_pushed!(Pushed PushedEscaped);

pub struct UndatedView<'a> {
    pub sentence_html: String,
    pub href: String,
    pub article_title: &'a str,
}

#[derive(Template)]
#[template(path = "article.html")]
pub struct ArticlePage<'a> {
    pub chrome: Chrome<'a>,
    pub title: &'a str,
    pub place: Option<NavLink>,
    pub author: Option<&'a str>,
    pub source: Option<&'a str>,
    pub tags: Vec<NavLink>,
    pub dateline_iso: String,
    pub dateline_human: String,
    pub body_html: String,
    /// The hidden note of each resolved phrase (its value and explanation,
    /// referenced by `aria-describedby` from its `<time>`): a `<span>`
    /// each, escaped.
    pub notes_html: String,
    /// The `<li>` of each event the article reports (its link, date and the
    /// article's sentence with the phrase marked), each ending in a newline.
    pub events_html: String,
    pub timeml_href: String,
}

/// The list of every tag or every place.
#[derive(Template)]
#[template(path = "groups.html")]
pub struct GroupsPage<'a> {
    pub chrome: Chrome<'a>,
    pub heading: &'a str,
    pub intro: &'a str,
    pub groups: Vec<PeriodLink>,
}

#[derive(Template)]
#[template(path = "about.html")]
pub struct AboutPage<'a> {
    pub chrome: Chrome<'a>,
    pub article_count: usize,
    pub event_count: usize,
}

#[derive(Template)]
#[template(path = "404.html")]
pub struct NotFoundPage<'a> {
    pub chrome: Chrome<'a>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pushed_text_is_printed_as_written_or_escaped_as_the_templates_escape() {
        let push = |out: &mut String| out.push_str("<a href='x'>\"Q\" & A</a>");
        assert_eq!(Pushed(push).to_string(), "<a href='x'>\"Q\" & A</a>");
        let escaped = PushedEscaped(push).to_string();
        assert_eq!(
            escaped,
            "&#60;a href=&#39;x&#39;&#62;&#34;Q&#34; &#38; A&#60;/a&#62;"
        );
        // What askama itself makes of the same text.
        let askama = askama::filters::escape("<a href='x'>\"Q\" & A</a>", askama::filters::Html)
            .unwrap()
            .to_string();
        assert_eq!(escaped, askama);
        // The buffers are reused: a shorter text leaves nothing behind.
        assert_eq!(
            PushedEscaped(|out: &mut String| out.push('a')).to_string(),
            "a"
        );
    }
}
