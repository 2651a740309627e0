//! Events and their total order.
//!
//! [`ResolvedArticle`] is an article with its mentions and sentences;
//! [`Timeline::build`] turns every sentence with a placed DATE/TIME into an
//! [`Event`] and every sentence whose expressions cannot be placed into an
//! [`Undated`] entry, then sorts events by (interval start, precision, part
//! of day, clock time, dateline, article path, position): a total order, so
//! the same input always gives the same timeline.

use std::cmp::Ordering;
use std::ops::Range;

use crate::content::Article;
use crate::resolve::{self, Mention, Placement};

use super::sentence;

/// An article after resolution.
#[derive(Clone, Debug)]
pub struct ResolvedArticle {
    pub article: Article,
    /// Mentions with byte offsets into the article's body.
    pub mentions: Vec<Mention>,
    /// Sentence byte ranges in the body.
    pub sentences: Vec<Range<usize>>,
}

impl ResolvedArticle {
    /// Resolves an article's prose against its dateline and splits it into
    /// sentences.
    pub fn new(article: Article) -> Self {
        let mentions = resolve::resolve(&article.prose, &article.dateline.anchor(), article.mode);
        let sentences = sentence::split(&article.prose);
        ResolvedArticle {
            article,
            mentions,
            sentences,
        }
    }

    /// The text of a sentence (from the body, not the blanked prose, so
    /// markup characters inside it stay readable).
    pub fn sentence_text(&self, sentence: usize) -> &str {
        let r = self.sentences[sentence].clone();
        &self.article.body_text()[r]
    }

    /// The HTML id of a mention's `<time>` element in the article page.
    pub fn anchor_id(mention: usize) -> String {
        format!("t{}", mention + 1)
    }
}

/// A dated event: one sentence of one article, placed by one of its mentions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// Index of the article in the slice given to [`Timeline::build`].
    pub article: usize,
    /// Index of the sentence in the article.
    pub sentence: usize,
    /// Index of the mention that places the event.
    pub mention: usize,
    pub placement: Placement,
    /// Indices of every article that reports the event.
    pub sources: Vec<usize>,
}

/// A sentence whose temporal expressions cannot be placed on the calendar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Undated {
    pub article: usize,
    pub sentence: usize,
    /// Indices of the sentence's mentions.
    pub mentions: Vec<usize>,
}

/// The ordered events of a set of articles, and the undated sentences.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Timeline {
    pub events: Vec<Event>,
    pub undated: Vec<Undated>,
}

impl Timeline {
    /// Builds the timeline of `docs`.
    pub fn build(docs: &[ResolvedArticle]) -> Timeline {
        let mut timeline = Timeline::default();
        for (a, doc) in docs.iter().enumerate() {
            let mut m = 0;
            for (s, range) in doc.sentences.iter().enumerate() {
                let mut inside = Vec::new();
                while m < doc.mentions.len() && doc.mentions[m].start < range.end {
                    if doc.mentions[m].start >= range.start {
                        inside.push(m);
                    }
                    m += 1;
                }
                if inside.is_empty() {
                    continue;
                }
                // The most precise placed mention places the sentence; the
                // first one wins a tie.
                let best = inside
                    .iter()
                    .copied()
                    .filter(|&i| doc.mentions[i].timex.is_event())
                    .fold(None::<usize>, |best, i| match best {
                        Some(b) if precision(&doc.mentions[b]) >= precision(&doc.mentions[i]) => {
                            Some(b)
                        }
                        _ => Some(i),
                    });
                match best {
                    Some(i) => timeline.events.push(Event {
                        article: a,
                        sentence: s,
                        mention: i,
                        placement: doc.mentions[i]
                            .timex
                            .placement
                            .expect("is_event implies a placement"),
                        sources: vec![a],
                    }),
                    None => timeline.undated.push(Undated {
                        article: a,
                        sentence: s,
                        mentions: inside,
                    }),
                }
            }
        }
        timeline.events.sort_by(|x, y| compare(docs, x, y));
        timeline.undated.sort_by(|x, y| {
            order_articles(docs, x.article, y.article).then(x.sentence.cmp(&y.sentence))
        });
        timeline
    }
}

fn precision(m: &Mention) -> Option<resolve::Precision> {
    m.timex.placement.map(|p| p.precision)
}

/// Articles in dateline order, then by path.
fn order_articles(docs: &[ResolvedArticle], a: usize, b: usize) -> Ordering {
    let (x, y) = (&docs[a].article, &docs[b].article);
    x.dateline
        .cmp(&y.dateline)
        .then_with(|| x.path.cmp(&y.path))
}

/// The total order of events.
fn compare(docs: &[ResolvedArticle], x: &Event, y: &Event) -> Ordering {
    x.placement
        .sort_key()
        .cmp(&y.placement.sort_key())
        .then_with(|| x.placement.end.cmp(&y.placement.end))
        .then_with(|| order_articles(docs, x.article, y.article))
        .then_with(|| x.sentence.cmp(&y.sentence))
        .then_with(|| x.mention.cmp(&y.mention))
}
