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
    if let Some(lead) = leading(text)
        && range.start + lead.len() <= phrase.start
        && text.is_char_boundary(lead.len())
    {
        range.start += lead.len();
    }
    let mut add_stop = false;
    let text = &prose[range.clone()];
    // The tail is looked at only where cutting it would spare the phrase.
    if let Some(comma) = last_comma_space(text.as_bytes())
        && range.start + comma >= phrase.end
    {
        let tail = text[comma + 2..].trim_end_matches(['.', '"', '”', ' ']);
        if !tail.contains('"') && is_attribution(tail) {
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

/// The first of [`LEADING`] that `text` opens with, in capitals or small
/// letters. The connectives are ASCII, so such an opening is ASCII too:
/// what lowercasing the opening words and comparing found (no other letter
/// lowercases to an ASCII one but the Kelvin sign, to a "k", which none
/// holds), without the copy.
fn leading(text: &str) -> Option<&'static str> {
    LEADING.iter().copied().find(|l| {
        text.as_bytes()
            .get(..l.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(l.as_bytes()))
    })
}

/// Where the last ", " in `bytes` starts: a backward search for each
/// comma, the rarer byte, where `rfind(", ")` set up a string searcher per
/// report and a backward pass compared every pair of bytes.
fn last_comma_space(bytes: &[u8]) -> Option<usize> {
    let mut end = bytes.len();
    while let Some(i) = bytes[..end].iter().rposition(|&b| b == b',') {
        if bytes.get(i + 1) == Some(&b' ') {
            return Some(i);
        }
        end = i;
    }
    None
}

/// True for a tail that attributes the clause: "according to …", or at
/// most six words with a verb of [`SAYING`] at the end or as a word of
/// its own. (Words are counted only up to the seventh.)
fn is_attribution(tail: &str) -> bool {
    tail.starts_with("according to ")
        || (tail.split_whitespace().nth(6).is_none()
            && SAYING
                .iter()
                .any(|v| tail.ends_with(v) || contains_word(tail, v)))
}

/// True when `phrase` occurs in `text` with a space on each side: checked
/// after each space, where a `match_indices` set up a string searcher per
/// verb and tail.
fn contains_word(text: &str, phrase: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        b == b' '
            && bytes[i + 1..].starts_with(phrase.as_bytes())
            && bytes[i + 1 + phrase.len()..].starts_with(b" ")
    })
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

    /// [`is_attribution`] as it was, counting every word and searching
    /// for each verb: the reference.
    fn is_attribution_by_search(tail: &str) -> bool {
        let contains_word = |text: &str, phrase: &str| {
            text.match_indices(phrase)
                .any(|(i, _)| text[..i].ends_with(' ') && text[i + phrase.len()..].starts_with(' '))
        };
        let words = tail.split_whitespace().count();
        tail.starts_with("according to ")
            || (words <= 6
                && SAYING
                    .iter()
                    .any(|v| tail.ends_with(v) || contains_word(tail, v)))
    }

    #[test]
    fn openings_and_last_commas_are_found_as_by_lowercasing_and_byte_pairs() {
        let by_lowercase = |text: &str| {
            let mut head_end = text.len().min(24);
            while !text.is_char_boundary(head_end) {
                head_end -= 1;
            }
            let lower = text[..head_end].to_lowercase();
            LEADING.iter().copied().find(|l| lower.starts_with(*l))
        };
        let by_pairs = |b: &[u8]| b.windows(2).rposition(|w| w == b", ");
        let pieces = [
            "And ",
            "and then ",
            "BUT ",
            "However, ",
            "in addition, ",
            "Later, ",
            "\u{130}n ",
            "\u{212a}",
            "Monday",
            ", ",
            ",",
            " ",
            "said",
            "officials",
            "\"",
            "so",
            "é",
            "—",
            ".",
        ];
        let mut texts = super::super::similarity::random_texts(0x2545_f491_4f6c_dd1d, &pieces, 12);
        let (mut led, mut commas) = (0, 0);
        for _ in 0..20_000 {
            let text = texts();
            let lead = by_lowercase(&text);
            assert_eq!(leading(&text), lead, "{text:?}");
            let comma = by_pairs(text.as_bytes());
            assert_eq!(last_comma_space(text.as_bytes()), comma, "{text:?}");
            led += usize::from(lead.is_some());
            commas += usize::from(comma.is_some());
        }
        assert!(led > 2000 && commas > 2000, "{led} {commas}");
    }

    #[test]
    fn attributions_are_those_a_search_for_each_verb_finds() {
        let pieces = [
            " ",
            "  ",
            "\t",
            "said",
            "says",
            "unsaid",
            "saysays",
            "told reporters",
            "told",
            "reported",
            "wrote",
            "according to ",
            "a spokesman",
            "late on Sunday",
            "é",
            "\u{a0}",
            "one two three",
        ];
        let mut texts = super::super::similarity::random_texts(0x2545_f491_4f6c_dd1d, &pieces, 11);
        let mut found = 0;
        for _ in 0..20_000 {
            let tail = texts();
            assert_eq!(
                is_attribution(&tail),
                is_attribution_by_search(&tail),
                "{tail:?}"
            );
            found += usize::from(is_attribution(&tail));
        }
        assert!(found > 2000, "{found}");
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
