//! Tense of the clause that governs a temporal expression, read from the
//! words alone (no part-of-speech tagger): the nearest tense marker in the
//! same sentence, with markers to the left preferred over markers to the
//! right ("He *said* on Monday …", "On Monday he *will* …").
//!
//! [`Tense`] decides the direction of under-specified values: in past or
//! present-perfect clauses a bare "Monday", "January" or "summer" is the
//! most recent one before the dateline; under "will", "is to", "plans to",
//! "expected to" it is the next one.
//!
//! Markers are looked for in up to fourteen words either side of each
//! phrase, and most words mark nothing: a sieve of the words the markers
//! name (`may_mark`) turns those away before the full match (`marker_of`),
//! and a debug build checks that each word turned away marks nothing.

use super::lexicon::{Sieve, WordSet};
use super::scan::{Kind, Tok};

/// The tense of a clause as far as anchoring cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tense {
    Past,
    /// "has signed", "have met": points backwards like the past.
    PresentPerfect,
    /// "had signed": before a past reference point, also in narratives.
    PastPerfect,
    Present,
    Future,
    Unknown,
}

impl Tense {
    pub fn label(self) -> &'static str {
        match self {
            Tense::Past => "past tense",
            Tense::PresentPerfect => "present perfect",
            Tense::PastPerfect => "past perfect",
            Tense::Present => "present tense",
            Tense::Future => "future",
            Tense::Unknown => "no tense cue",
        }
    }

    /// True when under-specified dates point backwards from the anchor.
    pub fn backwards(self) -> bool {
        matches!(
            self,
            Tense::Past | Tense::PresentPerfect | Tense::PastPerfect
        )
    }
}

/// Irregular past forms common in news (regular ones end in "-ed"), the
/// participles read after has/have, "ago", "earlier" and the negated
/// pasts ("wasn", "didn").
const IRREGULAR_PAST: &[&str] = &[
    "said",
    "told",
    "was",
    "were",
    "did",
    "had",
    "met",
    "came",
    "went",
    "saw",
    "took",
    "made",
    "gave",
    "got",
    "held",
    "left",
    "began",
    "fell",
    "rose",
    "won",
    "lost",
    "sold",
    "bought",
    "paid",
    "found",
    "spoke",
    "struck",
    "brought",
    "thought",
    "felt",
    "kept",
    "led",
    "ran",
    "sent",
    "spent",
    "stood",
    "wrote",
    "became",
    "broke",
    "chose",
    "drew",
    "drove",
    "flew",
    "grew",
    "knew",
    "shot",
    "slid",
    "sank",
    "swore",
    "threw",
    "woke",
    "fought",
    "caught",
    "taught",
    "sought",
    "hung",
    "laid",
    "meant",
    "heard",
    "built",
    "dealt",
    "unveiled",
    "spoken",
    "taken",
    "given",
    "seen",
    "gone",
    "done",
    "written",
    "broken",
    "chosen",
    "driven",
    "fallen",
    "flown",
    "known",
    "risen",
    "shown",
    "stolen",
    "thrown",
    "begun",
    "grown",
    "drawn",
    "beaten",
    "forgotten",
    "hidden",
    "ago",
    "earlier",
    "wasn",
    "didn",
    "weren",
];

static IRREGULAR_PAST_SIEVE: Sieve = Sieve::new(IRREGULAR_PAST);
static IRREGULAR_PAST_SET: WordSet = WordSet::new(IRREGULAR_PAST);

/// One of [`IRREGULAR_PAST`]: the sieve turns away most words, the set
/// answers the rest.
fn irregular_past(w: &str) -> bool {
    IRREGULAR_PAST_SIEVE.may_hold(w) && IRREGULAR_PAST_SET.contains(w)
}

/// Words ending in "-ed" that are not past verbs.
fn ed_not_verb(w: &str) -> bool {
    matches!(
        w,
        "need"
            | "speed"
            | "seed"
            | "red"
            | "bed"
            | "hundred"
            | "indeed"
            | "feed"
            | "breed"
            | "creed"
            | "greed"
            | "shed"
            | "wed"
            | "united"
            | "limited"
            | "proceed"
            | "succeed"
            | "exceed"
            | "based"
            | "related"
            | "expected"
            | "scheduled"
            | "planned"
            | "supposed"
            | "used"
            | "concerned"
            | "interested"
            | "reed"
            | "ted"
            | "ned"
            | "fred"
            | "ahmed"
            | "mohammed"
            | "muhammed"
            | "allied"
    )
}

/// "expects [the river] to": "to" within four words after `k`, before any
/// punctuation.
fn object_then_to(words: &[&str], k: usize) -> bool {
    for w in words.iter().skip(k + 1).take(5) {
        match *w {
            "to" => return true,
            "that" | "and" | "but" | "on" | "in" | "at" => return false,
            _ if !w.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric()) => return false,
            _ => {}
        }
    }
    false
}

/// The auxiliaries of the present perfect ("has signed", "have met").
const AUXILIARIES: &[&str] = &["has", "have", "hasn", "haven", "'ve"];

fn has_aux(w: &str) -> bool {
    AUXILIARIES.contains(&w)
}

/// The words [`marker_of`] reads a tense from by name; with
/// [`AUXILIARIES`], [`IRREGULAR_PAST`] and the words ending in "-ed" they
/// are every word that can mark a tense.
const MARKER_WORDS: &[&str] = &[
    "due",
    "scheduled",
    "set",
    "expected",
    "planned",
    "had",
    "will",
    "ll",
    "shall",
    "won",
    "going",
    "would",
    "gonna",
    "tmrw",
    "tomorrow",
    "plans",
    "plan",
    "planning",
    "expects",
    "aims",
    "intends",
    "hopes",
    "promised",
    "pledged",
    "vowed",
    "threatened",
    "expect",
    "expecting",
    "wants",
    "want",
    "upcoming",
    "soon",
    "early",
    "is",
    "are",
    "am",
    "says",
    "say",
    "tells",
    "reports",
    "does",
    "do",
    "yesterday",
    "last",
];

static MARKER_SIEVE: Sieve = Sieve::new(MARKER_WORDS)
    .with(AUXILIARIES)
    .with(IRREGULAR_PAST);

/// False when `w` surely marks no tense: a word longer than four bytes
/// ending in "-ed" may, and so may a word the sieve of the words
/// [`marker_of`] names lets through. Asked of each word around each
/// phrase; most are turned away here in a few instructions.
fn may_mark(w: &str) -> bool {
    (w.len() > 4 && w.ends_with("ed")) || MARKER_SIEVE.may_hold(w)
}

/// The tense word `k` marks, if any ([`marker_of`]), skipping the words
/// that surely mark none ([`may_mark`]). A debug build checks that each
/// word skipped would indeed have marked nothing. Inlined into the walk
/// of `nearest_marker`, and `marker_of` kept out of line: the words
/// turned away (six in seven) then cost the sieve alone, not the entry
/// and exit of the whole match.
#[inline]
fn marker(words: &[&str], k: usize) -> Option<Tense> {
    if !may_mark(words[k]) {
        debug_assert!(
            marker_of(words, k).is_none(),
            "{:?} marks a tense: add it to MARKER_WORDS",
            words[k]
        );
        return None;
    }
    marker_of(words, k)
}

/// Classifies one word, looking one or two words ahead for "is to",
/// "plans to", "has signed". Every word it names is in [`MARKER_WORDS`].
#[inline(never)]
fn marker_of(words: &[&str], k: usize) -> Option<Tense> {
    let w = words[k];
    let next = words.get(k + 1).copied().unwrap_or("");
    let next2 = words.get(k + 2).copied().unwrap_or("");
    let prev = if k > 0 { words[k - 1] } else { "" };
    match w {
        // "had been due to expire Friday", "had been scheduled for
        // Tuesday": a plan that was overtaken, so its date is past
        "due" | "scheduled" | "set" | "expected" | "planned"
            if prev == "been" && k > 1 && words[k - 2] == "had" =>
        {
            Some(Tense::PastPerfect)
        }
        // "the hastily planned trip", "as previously scheduled": made in
        // the past, nothing ahead
        "planned" | "scheduled" if prev.len() > 4 && prev.ends_with("ly") => None,
        // "a boat had slipped out", "had not yet gone": the past perfect
        // read at "had" itself
        "had"
            if next.ends_with("ed")
                || irregular_past(next)
                || next == "been"
                || (matches!(next, "not" | "never" | "already" | "just" | "n't")
                    && (next2.ends_with("ed") || irregular_past(next2) || next2 == "been")) =>
        {
            Some(Tense::PastPerfect)
        }
        "will" | "ll" | "shall" => Some(Tense::Future),
        "won" if next == "'" || next == "’" => Some(Tense::Future),
        "going" if next == "to" => Some(Tense::Future),
        // future in the past: "said it would be paid in January"
        "would" if next != "have" && next2 != "have" => Some(Tense::Future),
        "gonna" | "tmrw" | "tomorrow" => Some(Tense::Future),
        "plans" | "plan" | "planning" | "expects" | "expected" | "scheduled" | "due" | "set"
        | "aims" | "intends" | "hopes" | "promised" | "pledged" | "vowed" | "threatened"
            if next == "to" =>
        {
            Some(Tense::Future)
        }
        // "expects the river to crest", "wants the council to vote": an
        // expectation verb, a short object, then "to"
        "expects" | "expect" | "expected" | "expecting" | "wants" | "want" | "plans" | "plan"
            if object_then_to(words, k) =>
        {
            Some(Tense::Future)
        }
        "planned" | "scheduled" | "upcoming" => Some(Tense::Future),
        // "as soon as Tuesday", "as early as next week"
        "soon" | "early" if k > 0 && words[k - 1] == "as" && next == "as" => Some(Tense::Future),
        "is" | "are" | "am" if next == "to" => Some(Tense::Future),
        "is" | "are" | "am" if matches!(next, "expected" | "scheduled" | "set" | "due") => {
            Some(Tense::Future)
        }
        _ if has_aux(w) => {
            if next.ends_with("ed")
                || irregular_past(next)
                || next == "been"
                || next2.ends_with("ed")
                || irregular_past(next2)
            {
                Some(Tense::PresentPerfect)
            } else {
                Some(Tense::Present)
            }
        }
        // reporting verbs report what happened: "says Monday"
        "says" | "say" | "tells" | "reports" => Some(Tense::Past),
        "is" | "are" | "am" | "does" | "do" => Some(Tense::Present),
        _ if irregular_past(w) || (w.len() > 4 && w.ends_with("ed") && !ed_not_verb(w)) => {
            // "have met", "has not signed": a participle after has/have
            let aux = |d: usize| k >= d && has_aux(words[k - d]);
            // passives say nothing here ("will be named", "is expected"):
            // the auxiliary before them decides
            if k > 0 && matches!(words[k - 1], "be" | "being" | "been") {
                return None;
            }
            // "stays closed", "remains scheduled", "is closed": an adjective
            // after a present verb of state is no past tense
            if k > 0
                && matches!(
                    words[k - 1],
                    "is" | "are" | "am" | "stays" | "stay" | "remains" | "remain" | "seems"
                )
            {
                return if words[k - 1].ends_with('s') && words[k - 1] != "is" {
                    Some(Tense::Present)
                } else {
                    None
                };
            }
            let had = |d: usize| k >= d && words[k - d] == "had";
            if had(1) || had(2) {
                Some(Tense::PastPerfect)
            } else if aux(1) || aux(2) {
                Some(Tense::PresentPerfect)
            } else {
                Some(Tense::Past)
            }
        }
        "yesterday" | "last" => Some(Tense::Past),
        _ => None,
    }
}

/// The tense governing tokens `[first, last)` of `toks`, looking within the
/// sentence. `words[k]` is the lowercased text of token `k` ("" for
/// punctuation other than apostrophes).
pub fn tense_at(toks: &[Tok], words: &[&str], first: usize, last: usize) -> Tense {
    // Within the sentence: back to the token after the last one that
    // ends a sentence, on to the first one that ends it. The bounds are
    // found while walking (the search stops within `REACH` words), not
    // before: a long sentence is not walked end to end for each phrase.
    let left = (0..first).rev().take_while(|&k| !toks[k].sentence_end);
    let right = (last..toks.len()).take_while(|&k| !toks[k - 1].sentence_end);
    let left = nearest_marker(toks, words, left);
    let right = nearest_marker(toks, words, right);
    match (left, right) {
        (Some((dl, tl)), Some((dr, tr))) => {
            if dr * 2 < dl && tr != Tense::Present {
                tr
            } else {
                tl
            }
        }
        (Some((_, t)), None) | (None, Some((_, t))) => t,
        (None, None) => Tense::Unknown,
    }
}

/// The nearest tense marker along the tokens `ks`, with its distance in
/// words. Reach and distance count words; punctuation is skipped.
fn nearest_marker(
    toks: &[Tok],
    words: &[&str],
    ks: impl Iterator<Item = usize>,
) -> Option<(usize, Tense)> {
    const REACH: usize = 14;
    let mut dist = 0;
    for k in ks {
        if toks[k].kind == Kind::Punct && words[k] != "'" {
            continue;
        }
        dist += 1;
        if dist > REACH {
            return None;
        }
        if let Some(t) = marker(words, k) {
            return Some((dist, t));
        }
    }
    None
}

/// A cue right before the phrase at token `first` when the clause has no
/// tense marker (or only the present): "until/by Tuesday" is a deadline
/// ahead; "they meet Monday", "she flies Friday" (pronoun + present-tense
/// verb) is a schedule ahead.
pub fn schedule_cue(words: &[&str], first: usize, tense: Tense) -> Tense {
    if first == 0 {
        return tense;
    }
    let mut k = first - 1;
    if words[k] == "on" && k > 0 {
        k -= 1;
    }
    if words[k].len() > 4 && words[k].ends_with("ly") && k > 0 {
        k -= 1;
    }
    // "tickets go on sale Friday", "the show is on air Monday"
    if matches!(tense, Tense::Unknown | Tense::Present)
        && matches!(words[k], "sale" | "air")
        && k > 0
        && words[k - 1] == "on"
    {
        return Tense::Present;
    }
    // "the council meets Monday", "talks resume Tuesday": a present-tense
    // event verb right before the weekday is a schedule, whatever the
    // reporting verb around it ("officials said the council meets Monday")
    if matches!(tense, Tense::Unknown | Tense::Present | Tense::Past)
        && schedule_verb(words[k])
        && !(k > 0
            && matches!(
                words[k - 1],
                "the" | "a" | "an" | "this" | "that" | "its" | "his" | "her" | "their" | "our"
            ))
    {
        return Tense::Present;
    }
    if !matches!(tense, Tense::Unknown | Tense::Present) {
        return tense;
    }
    if matches!(words[k], "until" | "till" | "by" | "before") {
        return Tense::Future;
    }
    if tense == Tense::Unknown
        && k > 0
        && matches!(words[k - 1], "i" | "we" | "they" | "you" | "he" | "she")
        && words[k].len() > 2
        && words[k].bytes().all(|b| b.is_ascii_lowercase())
        && !words[k].ends_with("ed")
        && !irregular_past(words[k])
    {
        return Tense::Present;
    }
    tense
}

/// "any plans for the weekend?", "ready for Friday", "can't wait for
/// Monday": a phrase right after a word of plans and "for" lies ahead
/// when no other tense governs it ("vacation plans for the hastily planned
/// trip" is no phrase after "for").
pub fn plans_for(words: &[&str], first: usize, tense: Tense) -> Tense {
    if matches!(tense, Tense::Unknown | Tense::Present)
        && first >= 2
        && words[first - 1] == "for"
        && matches!(words[first - 2], "plans" | "plan" | "ready" | "wait")
    {
        Tense::Future
    } else {
        tense
    }
}

/// A possessive weekday ("Wednesday's ruling", "before Friday's
/// purchases") names an event the text treats as known, so one that has
/// happened: a present tense or a "would" of reported plans around it
/// does not move it ahead; only "will" does.
/// `None` when the weekday is no possessive.
pub fn possessive_cue(words: &[&str], first: usize, last: usize, tense: Tense) -> Option<Tense> {
    let possessive =
        matches!(words.get(last), Some(&("'" | "’"))) && words.get(last + 1) == Some(&"s");
    if !possessive {
        return None;
    }
    Some(match tense {
        Tense::Present | Tense::Unknown => Tense::Past,
        Tense::Future => {
            let modal = words[..first]
                .iter()
                .rev()
                .take(14)
                .find(|w| matches!(**w, "will" | "ll" | "would" | "shall"));
            if modal == Some(&"would") {
                Tense::Past
            } else {
                tense
            }
        }
        t => t,
    })
}

/// Present-tense event verbs that announce a schedule before a weekday.
fn schedule_verb(w: &str) -> bool {
    matches!(
        w,
        "meet"
            | "meets"
            | "play"
            | "plays"
            | "face"
            | "faces"
            | "vote"
            | "votes"
            | "begin"
            | "begins"
            | "start"
            | "starts"
            | "resume"
            | "resumes"
            | "reopen"
            | "reopens"
            | "arrive"
            | "arrives"
            | "depart"
            | "departs"
            | "fly"
            | "flies"
            | "travel"
            | "travels"
            | "return"
            | "returns"
            | "convene"
            | "convenes"
            | "expire"
            | "expires"
            | "kick"
            | "kicks"
            | "launch"
            | "launches"
            | "host"
            | "hosts"
            | "testify"
            | "testifies"
            | "open"
            | "opens"
            | "premiere"
            | "premieres"
            | "airs"
            | "drops"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::scan::tokenize;

    fn tense_of(sentence: &str, phrase: &str) -> Tense {
        let lower = sentence.to_ascii_lowercase();
        let toks = tokenize(sentence, &lower);
        let words: Vec<&str> = toks.iter().map(|t| &lower[t.start..t.end]).collect();
        let at = sentence.find(phrase).unwrap();
        let first = toks.iter().position(|t| t.start >= at).unwrap();
        let last = toks
            .iter()
            .position(|t| t.start >= at + phrase.len())
            .unwrap_or(toks.len());
        tense_at(&toks, &words, first, last)
    }

    /// Every quoted word of this file, around which `marker_of` reads
    /// the words it asks about, marks no tense when `may_mark` turns it
    /// away; and the commonest words are turned away.
    #[test]
    fn words_may_mark_turns_away_mark_no_tense() {
        let src = include_str!("tense.rs");
        let quoted: Vec<&str> = src
            .split('"')
            .skip(1)
            .step_by(2)
            .filter(|w| !w.is_empty() && w.len() < 16 && !w.contains([' ', '\\', '{']))
            .collect();
        assert!(quoted.contains(&"would") && quoted.contains(&"unveiled"));
        let before2 = ["", "had"];
        let before = ["", "had", "been", "be", "as", "is", "has", "stays"];
        let after = [
            "", "to", "as", "'", "’", "been", "signed", "said", "have", "expected", "not",
        ];
        let after2 = ["", "signed", "said", "have", "been", "to"];
        for w in quoted.iter().copied().filter(|w| !may_mark(w)) {
            for (a, b) in before2
                .iter()
                .flat_map(|a| before.iter().map(move |b| (a, b)))
            {
                for (c, d) in after
                    .iter()
                    .flat_map(|c| after2.iter().map(move |d| (c, d)))
                {
                    let words = [*a, *b, w, *c, *d];
                    assert_eq!(marker_of(&words, 2), None, "{words:?}");
                }
            }
        }
        for w in ["the", "a", "of", "to", "and", "in", "on", "for", ","] {
            assert!(!may_mark(w), "{w}");
        }
    }

    #[test]
    fn tense_markers() {
        let rows = [
            ("The pact was signed in January.", "January", Tense::Past),
            ("Iran attacked the base on Monday.", "Monday", Tense::Past),
            (
                "The previous evening a boat had slipped out.",
                "evening",
                Tense::PastPerfect,
            ),
            (
                "The two sides have met in January.",
                "January",
                Tense::PresentPerfect,
            ),
            (
                "The minister will visit Moscow on Monday.",
                "Monday",
                Tense::Future,
            ),
            (
                "The minister is to visit Moscow in March.",
                "March",
                Tense::Future,
            ),
            (
                "Talks are expected to resume in September.",
                "September",
                Tense::Future,
            ),
            (
                "The company plans to open a plant in spring.",
                "spring",
                Tense::Future,
            ),
            (
                "On Friday, the minister said that talks failed.",
                "Friday",
                Tense::Past,
            ),
            ("Prices rise in winter", "winter", Tense::Unknown),
            (
                "The offer had been due to expire Friday.",
                "Friday",
                Tense::PastPerfect,
            ),
            (
                "She cancelled her holiday for the hastily planned trip on Friday.",
                "Friday",
                Tense::Past,
            ),
        ];
        for (s, p, want) in rows {
            assert_eq!(tense_of(s, p), want, "{s}");
        }
    }
}
