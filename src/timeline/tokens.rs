//! Report tokens kept from one timeline to the next, for the preview
//! server, which builds the timeline again after each edit
//! ([`super::Timeline::build_cached`]).
//!
//! Tokenising every report was a fifth of the timeline's CPU time at
//! 10,000 articles, yet an edit changes the texts of a few reports only.
//! The tokens of a text depend on nothing else ([`similarity::tokenize`]),
//! so they are kept by the text itself (compared in full, never by a
//! hash) and the timeline is the same as without the cache. Everything
//! that depends on the whole corpus (term ids, document frequencies,
//! vectors, the merge) is computed afresh each time.

use std::borrow::Cow;

use rayon::prelude::*;

use super::similarity::{self, Token};

/// Tokens by report text.
#[derive(Debug, Default)]
pub struct TokenCache {
    by_text: rustc_hash::FxHashMap<Box<str>, Box<[Token]>>,
}

impl TokenCache {
    /// Keeps the cache within bounds for a timeline of `reports` reports:
    /// texts no longer used are never looked for, so once the cache holds
    /// twice as many as there are reports (and a margin) it starts again.
    pub(super) fn bound(&mut self, reports: usize) {
        if self.by_text.len() > 2 * reports + 1024 {
            self.by_text = Default::default();
        }
    }

    /// The tokens of each text, from the cache (`None`: no cache) or made
    /// now, in parallel.
    pub(super) fn tokenize<'c>(
        cache: Option<&'c TokenCache>,
        texts: &[&str],
    ) -> Vec<Cow<'c, [Token]>> {
        texts
            .par_iter()
            .map(|text| match cache.and_then(|c| c.by_text.get(*text)) {
                Some(tokens) => Cow::Borrowed(&tokens[..]),
                None => Cow::Owned(similarity::tokenize(text)),
            })
            .collect()
    }

    /// Of what [`TokenCache::tokenize`] gave, the tokens made now (which
    /// no longer borrow the cache).
    pub(super) fn fresh(tokens: Vec<Cow<'_, [Token]>>) -> Vec<Option<Vec<Token>>> {
        tokens
            .into_iter()
            .map(|t| match t {
                Cow::Owned(t) => Some(t),
                Cow::Borrowed(_) => None,
            })
            .collect()
    }

    /// Keeps the tokens made now ([`TokenCache::fresh`]) of `texts`.
    pub(super) fn keep(&mut self, texts: &[&str], fresh: Vec<Option<Vec<Token>>>) {
        for (text, tokens) in texts.iter().zip(fresh) {
            if let Some(tokens) = tokens {
                self.by_text.insert((*text).into(), tokens.into());
            }
        }
    }

    pub fn len(&self) -> usize {
        self.by_text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_text.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::Timeline;
    use crate::timeline::reuse::tests::article_at;

    #[test]
    fn a_timeline_built_with_the_cache_is_the_one_built_without() {
        let mut docs = vec![
            article_at("content/a.md", "The Vell levee collapsed on June 14."),
            article_at(
                "content/b.md",
                "The collapse of the Vell levee on June 14 flooded Calden. Schools shut on June 15.",
            ),
            article_at("content/c.md", "Calden schools shut on June 15."),
        ];
        let mut cache = TokenCache::default();
        let fresh = Timeline::build(&docs);
        assert!(fresh.events.iter().any(|e| e.sources.len() > 1));
        assert_eq!(Timeline::build_cached(&docs, &mut cache), fresh);
        assert_eq!(cache.len(), 4, "one entry per report text");
        assert_eq!(Timeline::build_cached(&docs, &mut cache), fresh);
        assert_eq!(cache.len(), 4, "every text found");
        // One text changes: one entry more, and still the same timeline as
        // without the cache.
        docs[2] = article_at("content/c.md", "Calden shops shut on June 15.");
        let edited = Timeline::build(&docs);
        assert_ne!(edited, fresh);
        assert_eq!(Timeline::build_cached(&docs, &mut cache), edited);
        assert_eq!(cache.len(), 5);
        // Past twice the reports and a margin, it starts again.
        cache
            .by_text
            .extend((0..2000).map(|k| (k.to_string().into(), Box::default())));
        assert_eq!(Timeline::build_cached(&docs, &mut cache), edited);
        assert_eq!(cache.len(), 4);
    }

    #[test]
    fn chunks_tokenised_ahead_of_interning_give_the_same_timeline() {
        // More reports than one chunk: the next chunk is tokenised while
        // the last is interned, and the cache is filled only after.
        let words = ["levee", "ferry", "bridge", "school", "clinic", "market"];
        let docs: Vec<_> = (0..140)
            .map(|a| {
                let body: Vec<String> = (0..64)
                    .map(|k| {
                        let (w, v) = (words[(a + k) % 6], words[k % 5]);
                        format!(
                            "The {w} and {v} works in Calden{} paused on June {}.",
                            a % 9,
                            1 + k % 28
                        )
                    })
                    .collect();
                article_at(&format!("content/{a:03}.md"), &body.join(" "))
            })
            .collect();
        let reports = crate::timeline::article::Reports::new(&docs).len();
        assert!(
            reports > 2 * crate::timeline::model::TOKENIZE_CHUNK,
            "{reports}"
        );
        let fresh = Timeline::build(&docs);
        let mut cache = TokenCache::default();
        assert_eq!(Timeline::build_cached(&docs, &mut cache), fresh);
        let kept = cache.len();
        assert!(kept > 100, "{kept}");
        assert_eq!(Timeline::build_cached(&docs, &mut cache), fresh);
        assert_eq!(cache.len(), kept, "every text found");
    }
}
