//! Event summaries: the sentence or clause of an event, cleaned of what a
//! timeline entry does not need — a leading connective ("But", "Meanwhile,")
//! and an attribution tail (", he said.", ", according to officials.") —
//! while the marked phrase is always kept.

use std::ops::Range;

/// Connectives that open a sentence or clause but say nothing on their own.
const LEADING: &[&str] = &[
    "and then ",
    "and ",
    "but ",
    "however, ",
    "meanwhile, ",
    "also, ",
    "still, ",
    "yet ",
    "so ",
    "then, ",
    "in reply, ",
    "in addition, ",
    "separately, ",
    "moreover, ",
    "later, ",
];

/// Verbs that end an attribution tail (", officials said.").
const SAYING: &[&str] = &[
    "said",
    "says",
    "told reporters",
    "reported",
    "added",
    "announced",
    "confirmed",
    "wrote",
];

/// A cleaned summary: the kept byte range of the prose, and whether a full
/// stop must be added because a tail was cut.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub range: Range<usize>,
    pub add_stop: bool,
}

/// Cleans `span` of `prose`, never cutting into `phrase`.
pub fn summarise(prose: &str, span: Range<usize>, phrase: Range<usize>) -> Summary {
    let mut range = span.clone();
    let text = &prose[range.clone()];
    // Only the opening words can hold a connective: lower-case those.
    let mut head_end = text.len().min(24);
    while !text.is_char_boundary(head_end) {
        head_end -= 1;
    }
    let lower = text[..head_end].to_lowercase();
    if let Some(lead) = LEADING.iter().find(|l| lower.starts_with(*l))
        && range.start + lead.len() <= phrase.start
        && text.is_char_boundary(lead.len())
    {
        range.start += lead.len();
    }
    let mut add_stop = false;
    let text = &prose[range.clone()];
    // A byte search: `rfind(", ")` set up a string searcher per report.
    if let Some(comma) = text.as_bytes().windows(2).rposition(|w| w == b", ") {
        let tail = text[comma + 2..].trim_end_matches(['.', '"', '”', ' ']);
        let words = tail.split_whitespace().count();
        let is_attribution = tail.starts_with("according to ")
            || (words <= 6
                && SAYING
                    .iter()
                    .any(|v| tail.ends_with(v) || contains_word(tail, v)));
        if is_attribution && range.start + comma >= phrase.end && !tail.contains('"') {
            // Keep a closing quote that belongs to the kept text.
            range.end = range.start + comma;
            add_stop = true;
        }
    }
    // A clause cut from a longer sentence ends on its connective's comma.
    let kept = &prose[range.clone()];
    if let Some(stripped) = kept.strip_suffix([',', ';', ':']) {
        range.end = range.start + stripped.trim_end().len();
        add_stop = true;
    }
    Summary { range, add_stop }
}

/// True when `phrase` occurs in `text` with a space on each side.
fn contains_word(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase)
        .any(|(i, _)| text[..i].ends_with(' ') && text[i + phrase.len()..].starts_with(' '))
}

/// The summary as display text: whitespace collapsed, first letter
/// capitalised, a full stop added where a tail was cut.
pub fn display(prose: &str, s: &Summary) -> String {
    display_text(&prose[s.range.clone()], s.add_stop)
}

/// [`display`] for the summary's text itself (`prose[s.range]`).
pub fn display_text(text: &str, add_stop: bool) -> String {
    let mut out = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(first) = out.chars().next()
        && first.is_lowercase()
    {
        let upper: String = first.to_uppercase().collect();
        out.replace_range(..first.len_utf8(), &upper);
    }
    if add_stop && !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(text: &str, phrase: &str) -> String {
        let p = text.find(phrase).unwrap();
        display(text, &summarise(text, 0..text.len(), p..p + phrase.len()))
    }

    #[test]
    fn an_attribution_verb_inside_the_tail_is_found_as_a_whole_word() {
        assert_eq!(
            clean(
                "The port closed on March 8, a spokesman said late on Sunday.",
                "March 8"
            ),
            "The port closed on March 8."
        );
        // "unsaid" is not "said".
        assert_eq!(
            clean(
                "The port closed on March 8, much was left unsaid there.",
                "March 8"
            ),
            "The port closed on March 8, much was left unsaid there."
        );
    }

    #[test]
    fn cleans_connectives_and_attribution() {
        let cases = [
            (
                "But the levee collapsed on Saturday night, city officials said.",
                "Saturday night",
                "The levee collapsed on Saturday night.",
            ),
            (
                "Meanwhile, donors met on June 20, according to the agency.",
                "June 20",
                "Donors met on June 20.",
            ),
            (
                "and the levee broke on June 14.",
                "June 14",
                "The levee broke on June 14.",
            ),
            (
                "The river crested on Tuesday, the water authority said.",
                "Tuesday",
                "The river crested on Tuesday.",
            ),
            // Nothing to clean.
            (
                "The council will vote on Thursday.",
                "Thursday",
                "The council will vote on Thursday.",
            ),
            // A tail that is not an attribution stays.
            (
                "The river crested on Tuesday, the highest level on record.",
                "Tuesday",
                "The river crested on Tuesday, the highest level on record.",
            ),
            // The phrase is never cut.
            (
                "Officials said, on Monday.",
                "Monday",
                "Officials said, on Monday.",
            ),
        ];
        for (text, phrase, want) in cases {
            assert_eq!(clean(text, phrase), want, "{text}");
        }
    }
}
