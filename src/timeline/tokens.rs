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
//!
//! The cache numbers the terms it has seen, once, and keeps each text's
//! tokens as those numbers: interning a report's tokens (which must follow
//! report order, so runs on one thread) then indexes an array instead of
//! looking up a hash map, and a token takes 4 bytes instead of 16. The
//! ids a timeline gives its terms are still those of their first
//! occurrence in report order ([`Vocabulary::add_numbered_to`]).

use rayon::prelude::*;

use super::similarity::{self, Lists, NAME, Term, Token, Vectors, Vocabulary};

/// Tokens by report text.
#[derive(Debug, Default)]
pub struct TokenCache {
    /// Each text's tokens as term numbers, [`NAME`] set for names.
    by_text: rustc_hash::FxHashMap<Box<str>, Box<[u32]>>,
    /// The number of each term seen: 0, 1, 2… in the order first seen.
    numbers: rustc_hash::FxHashMap<Term, u32>,
}

impl TokenCache {
    /// Keeps the cache within bounds for a timeline of `reports` reports:
    /// texts no longer used are never looked for, so once the cache holds
    /// twice as many as there are reports (and a margin) it starts again.
    fn bound(&mut self, reports: usize) {
        if self.by_text.len() > 2 * reports + 1024 {
            *self = TokenCache::default();
        }
    }

    /// The TF-IDF vectors of `texts` ([`Vocabulary::vectors`]), with the
    /// tokens of the texts the cache holds taken from it and those of the
    /// others made now (in parallel) and added to it.
    pub(super) fn vectors(&mut self, texts: &[&str]) -> Vectors {
        self.bound(texts.len());
        let found: Vec<Result<&[u32], Vec<Token>>> = texts
            .par_iter()
            .map(|text| match self.by_text.get(*text) {
                Some(tokens) => Ok(&tokens[..]),
                None => Err(similarity::tokenize(text)),
            })
            .collect();
        let mut vocab = Vocabulary::default();
        // At most one count per token: room for all at once, rather than
        // copies of a growing list.
        let tokens: usize = found
            .iter()
            .map(|f| f.as_ref().map_or_else(Vec::len, |t| t.len()))
            .sum();
        let mut counts = Lists::with_capacities(texts.len(), tokens);
        // By term number, the term's id in this timeline.
        let mut local = vec![u32::MAX; self.numbers.len()];
        // Numbers for the terms seen first now, after the others.
        let mut new_terms: rustc_hash::FxHashMap<Term, u32> = Default::default();
        let mut made = Vec::new();
        for (i, found) in found.iter().enumerate() {
            match found {
                Ok(tokens) => vocab.add_numbered_to(tokens, &mut local, &mut counts),
                Err(tokens) => {
                    let numbered: Box<[u32]> = tokens
                        .iter()
                        .map(|&(term, is_name)| {
                            let next = self.numbers.len() + new_terms.len();
                            let number = match self.numbers.get(&term) {
                                Some(&n) => n,
                                None => *new_terms.entry(term).or_insert_with(|| {
                                    u32::try_from(next)
                                        .ok()
                                        .filter(|&n| n < NAME)
                                        .expect("fewer than 2^31 distinct words")
                                }),
                            };
                            if is_name { number | NAME } else { number }
                        })
                        .collect();
                    local.resize(self.numbers.len() + new_terms.len(), u32::MAX);
                    vocab.add_numbered_to(&numbered, &mut local, &mut counts);
                    made.push((i, numbered));
                }
            }
        }
        drop(found);
        self.numbers.extend(new_terms);
        for (i, tokens) in made {
            self.by_text.insert(texts[i].into(), tokens);
        }
        // The counts become the vectors in place.
        vocab.vectors(counts)
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
        // More reports than one chunk: without the cache the next chunk
        // is tokenised while the last is interned; with it, every text is
        // looked up (or tokenised) at once and the cache filled after.
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
