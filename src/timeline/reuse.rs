//! What an edit of one article can change, for the preview server's reuse
//! of its last build ([`crate::serve::site`]).
//!
//! [`Timeline::build`](super::Timeline::build) reads of each article only
//! its path and dateline (the article order) and its reports, undated
//! sentences and their texts ([`ResolvedArticle::from_parts`] finds them).
//! When an edit leaves those equal in every article, and the articles are
//! the same ones in the same order, the timeline is the one built before:
//! the merge's result depends on the whole corpus (its TF-IDF weights, its
//! cluster ids and candidate lists), so it is reused whole or built whole.
//!
//! Equality is that of the derived `Debug` text, which names every field:
//! a field added to the article's reports is compared without a change
//! here, and no float is compared loosely.

use super::article::ResolvedArticle;

impl ResolvedArticle {
    /// True when the timeline reads the same from `self` as from `other`
    /// (see the module comment).
    pub fn same_timeline_inputs(&self, other: &ResolvedArticle) -> bool {
        self.article.path == other.article.path
            && self.article.dateline == other.article.dateline
            && format!("{:?}", self.found) == format!("{:?}", other.found)
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::content::{SourceFile, article};

    /// An article at `path` with a front matter and `text`, resolved.
    pub(in crate::timeline) fn article_at(path: &str, text: &str) -> ResolvedArticle {
        ResolvedArticle::new(
            article::parse(SourceFile {
                path: path.into(),
                text: format!("+++\ntitle = \"A\"\ndate = 2025-06-24\n+++\n{text}\n"),
            })
            .unwrap(),
        )
    }

    fn doc(text: &str) -> ResolvedArticle {
        article_at("content/a.md", text)
    }

    #[test]
    fn only_what_the_timeline_reads_counts() {
        let a = doc("The bridge opened on June 21. It rained.");
        // An undated sentence without expressions, added at the end: the
        // timeline reads nothing of it.
        assert!(a.same_timeline_inputs(&doc(
            "The bridge opened on June 21. It rained. Then it stopped."
        )));
        // Another word in a dated sentence: another report text.
        assert!(!a.same_timeline_inputs(&doc("The ferry opened on June 21. It rained.")));
        // Another date.
        assert!(!a.same_timeline_inputs(&doc("The bridge opened on June 22. It rained.")));
        // The same sentence moved: its span moves.
        assert!(!a.same_timeline_inputs(&doc("It rained. The bridge opened on June 21.")));
        // An undated sentence with an expression the calendar cannot place.
        assert!(!a.same_timeline_inputs(&doc(
            "The bridge opened on June 21. It rained for two weeks."
        )));
    }
}
