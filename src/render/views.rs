//! askama template structs. Views own or borrow ready-to-print strings;
//! anything marked `_html` is already escaped by [`super::html`].

use askama::Template;

#[derive(Template)]
#[template(path = "index.html")]
pub struct IndexPage<'a> {
    pub lang: &'a str,
    pub site_title: &'a str,
    pub description: &'a str,
    pub base: &'a str,
    pub years: Vec<YearGroup>,
    pub undated: Vec<UndatedView>,
}

pub struct YearGroup {
    pub year: String,
    pub id: String,
    pub months: Vec<MonthGroup>,
}

pub struct MonthGroup {
    pub label: String,
    pub id: String,
    pub events: Vec<EventView>,
}

pub struct EventView {
    pub id: String,
    pub datetime: String,
    pub label: String,
    pub sentence_html: String,
    pub href: String,
    pub article_title: String,
    pub reported: String,
    pub explanation: String,
}

pub struct UndatedView {
    pub sentence_html: String,
    pub href: String,
    pub article_title: String,
}

#[derive(Template)]
#[template(path = "article.html")]
pub struct ArticlePage<'a> {
    pub lang: &'a str,
    pub site_title: &'a str,
    pub base: &'a str,
    pub title: &'a str,
    pub place: Option<&'a str>,
    pub author: Option<&'a str>,
    pub source: Option<&'a str>,
    pub tags: &'a [String],
    pub dateline_iso: String,
    pub dateline_human: String,
    pub body_html: String,
    pub events: Vec<ArticleEventView>,
}

pub struct ArticleEventView {
    pub href: String,
    pub datetime: String,
    pub label: String,
    pub sentence_html: String,
}

#[derive(Template)]
#[template(path = "404.html")]
pub struct NotFoundPage<'a> {
    pub lang: &'a str,
    pub site_title: &'a str,
    pub base: &'a str,
}
