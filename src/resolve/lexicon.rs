//! Word tables of the grammar: month and weekday names, number words,
//! units, parts of day, seasons, holidays, vague references and tense
//! markers. Every lookup takes an ASCII-lowercased word and allocates
//! nothing. Most are a `match`; the two asked about every token,
//! [`is_trigger`] and [`informal`], first pass the word through a [`Sieve`]
//! (built at compile time from the word list) that turns away nearly every
//! word in a few instructions, and only then probe a [`WordSet`] (words
//! packed into integers) or a short table.

use chrono::Weekday;

use super::timex::PartOfDay;

/// "january" → 1, "sept" → 9 (abbreviations are flagged by the caller).
pub fn month(w: &str) -> Option<u32> {
    Some(match w {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sept" | "sep" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    })
}

/// True for the short forms ("jan", "sept") that need a following "." or
/// a number to count as a month.
pub fn is_month_abbreviation(w: &str) -> bool {
    w.len() <= 4 && !matches!(w, "may" | "june" | "july")
}

/// "monday" → Mon; "mon"/"tues" short forms are not accepted (too
/// ambiguous in running text).
pub fn weekday(w: &str) -> Option<Weekday> {
    Some(match w {
        "monday" => Weekday::Mon,
        "tuesday" => Weekday::Tue,
        "wednesday" => Weekday::Wed,
        "thursday" => Weekday::Thu,
        "friday" => Weekday::Fri,
        "saturday" => Weekday::Sat,
        "sunday" => Weekday::Sun,
        _ => return None,
    })
}

/// Short weekday forms: "tues" → (Tue, false). The flag marks the ones that
/// are also common words ("mon", "wed", "sat", "sun") and need a cue ("on
/// sat", "this sun", "wed night"); the caller checks it.
pub fn weekday_short(w: &str) -> Option<(Weekday, bool)> {
    Some(match w {
        "mon" => (Weekday::Mon, true),
        "tue" | "tues" => (Weekday::Tue, false),
        "wed" => (Weekday::Wed, true),
        "weds" => (Weekday::Wed, false),
        "thu" | "thur" | "thurs" => (Weekday::Thu, false),
        "fri" => (Weekday::Fri, false),
        "sat" => (Weekday::Sat, true),
        "sun" => (Weekday::Sun, true),
        _ => return None,
    })
}

/// Informal spellings of tweets and chat, read as the standard word by the
/// whole resolver (grammar and tense): "nxt wk" is "next week".
/// | informal | read as |
/// |---|---|
/// | nxt | next |
/// | wknd, wkend, wkd | weekend |
/// | nite / nites | night / nights |
/// | tonite, 2nite, 2night | tonight |
/// | tmrw, tmr, tmrow, 2moro, 2morrow, 2mrw, tomoro, tomorow | tomorrow |
/// | 2day | today |
/// | yday, yest | yesterday |
/// | xmas | christmas |
/// | hr / hrs, wk / wks, mos / mths / mnths, secs | hour(s), week(s), months, seconds |
/// | arvo | afternoon |
pub fn informal(w: &str) -> Option<&'static str> {
    // looked up for every token: the sieve turns away nearly every word
    if !INFORMAL_SIEVE.may_hold(w) {
        return None;
    }
    INFORMAL.iter().find(|(k, _)| *k == w).map(|(_, v)| *v)
}

/// The informal spellings of [`informal`] and the words they stand for.
const INFORMAL: &[(&str, &str)] = &[
    ("nxt", "next"),
    ("wknd", "weekend"),
    ("wkend", "weekend"),
    ("wkd", "weekend"),
    ("nite", "night"),
    ("nites", "nights"),
    ("tonite", "tonight"),
    ("2nite", "tonight"),
    ("2night", "tonight"),
    ("tmrw", "tomorrow"),
    ("tmr", "tomorrow"),
    ("tmrow", "tomorrow"),
    ("2moro", "tomorrow"),
    ("2morrow", "tomorrow"),
    ("2mrw", "tomorrow"),
    ("tomoro", "tomorrow"),
    ("tomorow", "tomorrow"),
    ("2day", "today"),
    ("yday", "yesterday"),
    ("yest", "yesterday"),
    ("xmas", "christmas"),
    ("hr", "hour"),
    ("hrs", "hours"),
    ("wk", "week"),
    ("wks", "weeks"),
    ("mos", "months"),
    ("mths", "months"),
    ("mnths", "months"),
    ("arvo", "afternoon"),
    ("secs", "seconds"),
];

static INFORMAL_SIEVE: Sieve = {
    let mut keys = [""; INFORMAL.len()];
    let mut k = 0;
    while k < INFORMAL.len() {
        keys[k] = INFORMAL[k].0;
        k += 1;
    }
    Sieve::new(&keys)
};

/// A quick test that most words are in no given list: the lengths of the
/// listed words, by their first and last bytes together (five low bits of
/// each: letters keep their identity, case folds) and by their second
/// byte. A word passes only when its length is among both; a word that
/// passes may still be missing from the list (look it up then), a word
/// that fails is surely missing. Built at compile time. Pairing the first
/// byte with the last turns away about half the words that pass a test
/// of each on its own ("said", "which", "million").
pub struct Sieve {
    ends: [u16; 1024],
    second: [u16; 256],
}

impl Sieve {
    /// From the words to hold (their empty and over-15-byte words are
    /// not recorded: such words always pass).
    pub const fn new(words: &[&str]) -> Sieve {
        Sieve {
            ends: [0; 1024],
            second: [0; 256],
        }
        .with(words)
    }

    /// This sieve passing `words` too: one sieve for a word list kept in
    /// several tables.
    pub const fn with(self, words: &[&str]) -> Sieve {
        let mut s = self;
        let mut k = 0;
        while k < words.len() {
            let w = words[k].as_bytes();
            k += 1;
            if w.is_empty() || w.len() > 15 {
                continue; // such words always pass
            }
            let bit = 1 << w.len();
            s.ends[Self::ends(w)] |= bit;
            if w.len() > 1 {
                s.second[w[1] as usize] |= bit;
            }
        }
        s
    }

    /// The slot of a word's first and last bytes in `ends`.
    const fn ends(w: &[u8]) -> usize {
        ((w[0] as usize & 31) << 5) | (w[w.len() - 1] as usize & 31)
    }

    /// False when `w` is surely not one of the words (for `w` of 1 to 15
    /// bytes; empty and longer words always pass).
    pub fn may_hold(&self, w: &str) -> bool {
        let b = w.as_bytes();
        if b.is_empty() || b.len() > 15 {
            return true;
        }
        let bit = 1 << b.len();
        let ends = self.ends[Self::ends(b)];
        if b.len() == 1 {
            return ends & bit != 0;
        }
        ends & self.second[b[1] as usize] & bit != 0
    }
}

/// Plural weekdays for sets: "mondays" → Mon ("on Mondays").
pub fn weekday_plural(w: &str) -> Option<Weekday> {
    w.strip_suffix('s').and_then(weekday)
}

/// Capitalised words after a weekday that make it a name, not a date:
/// "Sunday Times", "Monday Night Football".
pub fn weekday_name_follower(w: &str) -> bool {
    matches!(
        w,
        "times"
            | "telegraph"
            | "mirror"
            | "express"
            | "herald"
            | "post"
            | "mail"
            | "star"
            | "tribune"
            | "review"
            | "magazine"
            | "independent"
            | "observer"
            | "business"
            | "people"
            | "sport"
            | "football"
            | "school"
            | "club"
    )
}

/// Cardinal number words: "one" → 1 … "ninety" → 90, "hundred" handled by
/// the grammar. "a"/"an" count as one.
pub fn cardinal(w: &str) -> Option<u32> {
    Some(match w {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        "dozen" => 12,
        _ => return None,
    })
}

/// Ordinal words and numerals: "third" → 3, "21st" → 21.
pub fn ordinal(w: &str) -> Option<u32> {
    let n = match w {
        "first" => 1,
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "eighth" => 8,
        "ninth" => 9,
        "tenth" => 10,
        "eleventh" => 11,
        "twelfth" => 12,
        "thirteenth" => 13,
        "fifteenth" => 15,
        "twentieth" => 20,
        "twenty-first" => 21,
        "thirtieth" => 30,
        _ if !w.as_bytes().first().is_some_and(u8::is_ascii_digit) => return None,
        _ => {
            let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            let suffix = &w[digits.len()..];
            if digits.is_empty() || !matches!(suffix, "st" | "nd" | "rd" | "th") {
                return None;
            }
            return digits.parse().ok();
        }
    };
    Some(n)
}

/// Units of time, finest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

impl Unit {
    pub fn word(self) -> &'static str {
        match self {
            Unit::Second => "second",
            Unit::Minute => "minute",
            Unit::Hour => "hour",
            Unit::Day => "day",
            Unit::Week => "week",
            Unit::Month => "month",
            Unit::Quarter => "quarter",
            Unit::Year => "year",
            Unit::Decade => "decade",
            Unit::Century => "century",
        }
    }
}

/// "days" → (Day, plural). "second" alone is left to the caller (it is
/// mostly the ordinal).
pub fn unit(w: &str) -> Option<(Unit, bool)> {
    Some(match w {
        "second" => (Unit::Second, false),
        "seconds" => (Unit::Second, true),
        "minute" | "min" => (Unit::Minute, false),
        "minutes" | "mins" => (Unit::Minute, true),
        "hour" => (Unit::Hour, false),
        "hours" => (Unit::Hour, true),
        "day" => (Unit::Day, false),
        "days" => (Unit::Day, true),
        "week" => (Unit::Week, false),
        "weeks" => (Unit::Week, true),
        "fortnight" => (Unit::Week, false),
        "month" => (Unit::Month, false),
        "months" => (Unit::Month, true),
        "quarter" => (Unit::Quarter, false),
        "quarters" => (Unit::Quarter, true),
        "year" | "yr" => (Unit::Year, false),
        "years" | "yrs" => (Unit::Year, true),
        "decade" => (Unit::Decade, false),
        "decades" => (Unit::Decade, true),
        "century" => (Unit::Century, false),
        "centuries" => (Unit::Century, true),
        _ => return None,
    })
}

/// "morning" → MO, "overnight" → NI.
pub fn part_of_day(w: &str) -> Option<PartOfDay> {
    Some(match w {
        "morning" | "mornings" => PartOfDay::Morning,
        "afternoon" | "afternoons" => PartOfDay::Afternoon,
        "evening" | "evenings" => PartOfDay::Evening,
        "night" | "nights" | "overnight" => PartOfDay::Night,
        "midday" => PartOfDay::Midday,
        _ => return None,
    })
}

/// Seasons and their TIMEX3 codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Season {
    Spring,
    Summer,
    Fall,
    Winter,
}

impl Season {
    pub fn code(self) -> &'static str {
        match self {
            Season::Spring => "SP",
            Season::Summer => "SU",
            Season::Fall => "FA",
            Season::Winter => "WI",
        }
    }
    /// First month of the season (northern hemisphere, meteorological).
    pub fn first_month(self) -> u32 {
        match self {
            Season::Spring => 3,
            Season::Summer => 6,
            Season::Fall => 9,
            Season::Winter => 12,
        }
    }
    /// The season a month falls in.
    pub fn of_month(m: u32) -> Season {
        match m {
            3..=5 => Season::Spring,
            6..=8 => Season::Summer,
            9..=11 => Season::Fall,
            _ => Season::Winter,
        }
    }
}

pub fn season(w: &str) -> Option<Season> {
    Some(match w {
        "spring" => Season::Spring,
        "summer" => Season::Summer,
        "fall" | "autumn" => Season::Fall,
        "winter" => Season::Winter,
        _ => return None,
    })
}

/// Vague references to the past, present and future.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ref {
    Past,
    Present,
    Future,
}

impl Ref {
    pub fn value(self) -> &'static str {
        match self {
            Ref::Past => "PAST_REF",
            Ref::Present => "PRESENT_REF",
            Ref::Future => "FUTURE_REF",
        }
    }
}

/// Single words that are vague references on their own: "now", "recently".
pub fn ref_word(w: &str) -> Option<Ref> {
    Some(match w {
        "recently" | "lately" => Ref::Past,
        "now" | "currently" | "current" | "nowadays" => Ref::Present,
        "soon" => Ref::Future,
        _ => return None,
    })
}

/// Adverbs and adjectives that make a set on their own: "daily" → P1D.
pub fn set_adverb(w: &str) -> Option<&'static str> {
    Some(match w {
        "hourly" => "PT1H",
        "daily" | "nightly" => "P1D",
        "weekly" => "P1W",
        "biweekly" | "fortnightly" => "P2W",
        "monthly" => "P1M",
        "quarterly" => "P3M",
        "annually" | "yearly" | "annual" => "P1Y",
        // the adverb ("gym everyday"); the adjective ("everyday life")
        // stands before a noun and is refused by the grammar like "daily"
        "everyday" => "P1D",
        _ => return None,
    })
}

/// Fixed-date and rule-based holidays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holiday {
    /// Month and day: Christmas (12, 25).
    Fixed(u32, u32),
    /// The n-th weekday of a month (n = -1: last): Thanksgiving (11, Thu, 4).
    Nth(u32, Weekday, i32),
    /// Days after Easter Sunday: Good Friday -2.
    Easter(i64),
    /// US Election Day: the Tuesday after the first Monday of November.
    ElectionDay,
}

/// Holiday names of one word, or the first word of a longer name whose
/// remaining words the grammar checks ("new" + "year's day").
pub fn holiday(words: &[&str]) -> Option<(Holiday, usize)> {
    use Holiday::*;
    let w = |k: usize| words.get(k).copied().unwrap_or("");
    let (h, n) = match (w(0), w(1), w(2)) {
        ("christmas", "eve", _) => (Fixed(12, 24), 2),
        ("christmas", "day", _) => (Fixed(12, 25), 2),
        ("christmas", _, _) => (Fixed(12, 25), 1),
        ("boxing", "day", _) => (Fixed(12, 26), 2),
        ("new", "year", _) if w(2) == "'" || w(2) == "’" => return new_year(words),
        ("halloween", _, _) => (Fixed(10, 31), 1),
        ("valentine", _, _) if w(1) == "'" || w(1) == "’" => (Fixed(2, 14), 4),
        ("independence", "day", _) => (Fixed(7, 4), 2),
        ("bastille", "day", _) => (Fixed(7, 14), 2),
        ("veterans", "day", _) => (Fixed(11, 11), 2),
        ("thanksgiving", "day", _) => (Nth(11, Weekday::Thu, 4), 2),
        ("thanksgiving", _, _) => (Nth(11, Weekday::Thu, 4), 1),
        ("labor", "day", _) => (Nth(9, Weekday::Mon, 1), 2),
        ("memorial", "day", _) => (Nth(5, Weekday::Mon, -1), 2),
        ("easter", "sunday", _) => (Easter(0), 2),
        ("easter", "monday", _) => (Easter(1), 2),
        ("easter", _, _) => (Easter(0), 1),
        ("good", "friday", _) => (Easter(-2), 2),
        ("election", "day", _) => (ElectionDay, 2),
        _ => return None,
    };
    Some((h, n))
}

/// "new year's day" / "new year's eve" (tokens: new year ' s day).
fn new_year(words: &[&str]) -> Option<(Holiday, usize)> {
    match words.get(4).copied() {
        Some("day") => Some((Holiday::Fixed(1, 1), 5)),
        Some("eve") => Some((Holiday::Fixed(12, 31), 5)),
        _ => None,
    }
}

/// Time zones accepted after a clock time.
pub fn time_zone(w: &str) -> bool {
    matches!(
        w,
        "est"
            | "edt"
            | "cst"
            | "cdt"
            | "mst"
            | "mdt"
            | "pst"
            | "pdt"
            | "gmt"
            | "utc"
            | "bst"
            | "cet"
            | "cest"
            | "et"
            | "pt"
            | "ct"
            | "ist"
            | "jst"
            | "msk"
            | "irst"
    )
}

/// Words that, right before a 4-digit number, show it is not a year
/// ("No. 1990", "flight 1986").
pub fn non_year_before(w: &str) -> bool {
    matches!(
        w,
        "no" | "number"
            | "flight"
            | "route"
            | "room"
            | "page"
            | "pages"
            | "item"
            | "model"
            | "resolution"
            | "article"
            | "section"
            | "boeing"
            | "airbus"
            | "highway"
            | "bill"
            | "rule"
            | "code"
            | "chapter"
            | "paragraph"
            | "suite"
            | "box"
            | "p"
            | "pp"
    )
}

/// Plural-looking words that are not nouns: a 4-digit number followed by
/// one of these can still be a year ("in 1990 was", "since 2001 has").
pub fn not_plural_noun(w: &str) -> bool {
    matches!(
        w,
        "was"
            | "is"
            | "has"
            | "does"
            | "as"
            | "its"
            | "this"
            | "his"
            | "us"
            | "thus"
            | "plus"
            | "across"
            | "whereas"
            | "towards"
            | "perhaps"
            | "always"
            | "ones"
            | "news"
            | "series"
            | "was's"
            | "less"
            | "unless"
            | "hers"
            | "yes"
    )
}

/// Every word that can start a phrase: the words of the tables above and
/// the grammar's own starters. [`is_trigger`] looks words up here in one
/// hash probe instead of trying every table; a unit test keeps this list
/// and the tables in step.
pub const TRIGGER_WORDS: &[&str] = &[
    "h1",
    "h2",
    "q1",
    "q2",
    "q3",
    "q4",
    "mon",
    "tue",
    "tues",
    "wed",
    "weds",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    "everyday",
    "'",
    "a",
    "about",
    "afternoon",
    "afternoons",
    "almost",
    "an",
    "annual",
    "annually",
    "another",
    "approximately",
    "apr",
    "april",
    "around",
    "as",
    "at",
    "aug",
    "august",
    "autumn",
    "bastille",
    "beginning",
    "biweekly",
    "boxing",
    "centuries",
    "century",
    "christmas",
    "circa",
    "close",
    "coming",
    "current",
    "currently",
    "daily",
    "dawn",
    "day",
    "days",
    "dec",
    "decade",
    "decades",
    "december",
    "dozen",
    "each",
    "earlier",
    "early",
    "easter",
    "eight",
    "eighteen",
    "eighth",
    "eighty",
    "election",
    "eleven",
    "eleventh",
    "end",
    "evening",
    "evenings",
    "every",
    "fall",
    "feb",
    "february",
    "few",
    "fewer",
    "fifteen",
    "fifteenth",
    "fifth",
    "fifty",
    "final",
    "first",
    "fiscal",
    "five",
    "fortnight",
    "fortnightly",
    "forty",
    "four",
    "fourteen",
    "fourth",
    "friday",
    "future",
    "good",
    "half",
    "halloween",
    "hour",
    "hourly",
    "hours",
    "independence",
    "its",
    "jan",
    "january",
    "jul",
    "july",
    "jun",
    "june",
    "just",
    "labor",
    "last",
    "late",
    "lately",
    "later",
    "less",
    "longer",
    "many",
    "mar",
    "march",
    "may",
    "memorial",
    "mid",
    "midday",
    "middle",
    "midnight",
    "min",
    "mins",
    "minute",
    "minutes",
    "monday",
    "month",
    "monthly",
    "months",
    "more",
    "morning",
    "mornings",
    "nd",
    "nearly",
    "new",
    "next",
    "night",
    "nightly",
    "nights",
    "nine",
    "nineteen",
    "ninety",
    "ninth",
    "no",
    "noon",
    "nov",
    "november",
    "now",
    "nowadays",
    "oct",
    "october",
    "once",
    "one",
    "over",
    "overnight",
    "past",
    "per",
    "quarter",
    "quarterly",
    "quarters",
    "rd",
    "recent",
    "recently",
    "right",
    "roughly",
    "saturday",
    "second",
    "seconds",
    "sep",
    "sept",
    "september",
    "seven",
    "seventeen",
    "seventh",
    "seventy",
    "several",
    "shorter",
    "six",
    "sixteen",
    "sixth",
    "sixty",
    "some",
    "soon",
    "spring",
    "st",
    "start",
    "summer",
    "sunday",
    "ten",
    "tenth",
    "thanksgiving",
    "that",
    "the",
    "these",
    "third",
    "thirteen",
    "thirteenth",
    "thirtieth",
    "thirty",
    "this",
    "three",
    "thursday",
    "today",
    "tomorrow",
    "tonight",
    "tuesday",
    "twelfth",
    "twelve",
    "twentieth",
    "twenty",
    "twenty-first",
    "twice",
    "two",
    "under",
    "up",
    "valentine",
    "veterans",
    "wednesday",
    "week",
    "weekly",
    "weeks",
    "winter",
    "year",
    "yearly",
    "years",
    "yesterday",
    "yr",
    "yrs",
];

/// A set of short words (up to 15 bytes) held as integers: each word's
/// bytes, zero-padded, with its length in the top byte, read as one
/// `u128`, in an open-addressing table.
/// A look-up packs the word, hashes it with one multiply and compares
/// integers — no per-byte hashing, no string comparison.
pub struct WordSet {
    slots: [u128; 1 << WordSet::BITS],
}

impl WordSet {
    const BITS: u32 = 10;

    /// Built at compile time. `words` must be fewer than 512, each 1 to 15
    /// bytes long.
    pub const fn new(words: &[&str]) -> WordSet {
        assert!(words.len() < 1 << (Self::BITS - 1), "too many words");
        let mut slots = [0u128; 1 << Self::BITS];
        let mut k = 0;
        while k < words.len() {
            let Some(key) = Self::key(words[k]) else {
                panic!("a word of 1 to 15 bytes");
            };
            let mut at = Self::slot(key);
            while slots[at] != 0 && slots[at] != key {
                at = (at + 1) % slots.len();
            }
            slots[at] = key;
            k += 1;
        }
        WordSet { slots }
    }

    /// The word as an integer — its bytes from the lowest up, its length in
    /// the top byte: never 0, distinct for distinct words.
    const fn key(w: &str) -> Option<u128> {
        let b = w.as_bytes();
        if b.is_empty() || b.len() > 15 {
            return None;
        }
        // two 64-bit halves: shifting a u128 byte by byte costs more
        let (mut lo, mut hi) = (0u64, (b.len() as u64) << 56);
        let mut k = 0;
        while k < b.len() {
            if k < 8 {
                lo |= (b[k] as u64) << (8 * k);
            } else {
                hi |= (b[k] as u64) << (8 * (k - 8));
            }
            k += 1;
        }
        Some(((hi as u128) << 64) | lo as u128)
    }

    const fn slot(key: u128) -> usize {
        let folded = (key as u64) ^ ((key >> 64) as u64).rotate_left(29);
        (folded.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - Self::BITS)) as usize
    }

    pub fn contains(&self, w: &str) -> bool {
        let Some(key) = Self::key(w) else {
            return false;
        };
        let mut at = Self::slot(key);
        loop {
            match self.slots[at] {
                0 => return false,
                k if k == key => return true,
                _ => at = (at + 1) % self.slots.len(),
            }
        }
    }
}

static TRIGGERS: WordSet = WordSet::new(TRIGGER_WORDS);

static TRIGGER_SIEVE: Sieve = Sieve::new(TRIGGER_WORDS);

/// True when `w` (lowercased) may start a temporal phrase.
pub fn is_trigger(w: &str) -> bool {
    let b = w.as_bytes();
    match b.first() {
        None => false,
        Some(c) if c.is_ascii_digit() => true,
        Some(_) => {
            (TRIGGER_SIEVE.may_hold(w) && TRIGGERS.contains(w))
                // every weekday name ends in "day": "mondays" … "wednesdays"
                || (w.ends_with("days") && weekday_plural(w).is_some())
                || w.starts_with("fy")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every quoted word of this file that a table accepts is a trigger.
    #[test]
    fn trigger_list_covers_the_tables() {
        let src = include_str!("lexicon.rs");
        let mut missing = Vec::new();
        for piece in src.split('"').skip(1).step_by(2) {
            let w = piece;
            if w.is_empty() || !w.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
                continue;
            }
            let in_table = month(w).is_some()
                || weekday(w).is_some()
                || weekday_short(w).is_some()
                || cardinal(w).is_some()
                || ordinal(w).is_some()
                || unit(w).is_some()
                || part_of_day(w).is_some()
                || season(w).is_some()
                || ref_word(w).is_some()
                || set_adverb(w).is_some()
                || holiday(&[w, "day"]).is_some();
            if in_table && !is_trigger(w) {
                missing.push(w);
            }
        }
        assert!(missing.is_empty(), "add to TRIGGER_WORDS: {missing:?}");
    }

    #[test]
    fn informal_spellings_are_single_words() {
        // the resolver looks them up for word tokens only
        for (k, _) in INFORMAL {
            assert!(k.bytes().all(|b| b.is_ascii_alphanumeric()), "{k}");
            assert!(k.bytes().any(|b| b.is_ascii_alphabetic()), "{k}");
        }
    }

    #[test]
    fn sieves_pass_every_listed_word_and_turn_away_common_ones() {
        let sieve = Sieve::new(TRIGGER_WORDS);
        assert!(TRIGGER_WORDS.iter().all(|w| sieve.may_hold(w)));
        let keys: Vec<&str> = INFORMAL.iter().map(|(k, _)| *k).collect();
        assert!(keys.iter().all(|w| INFORMAL_SIEVE.may_hold(w)));
        for w in [".", ",", "a", "the", "said", "of", "to"] {
            assert!(!INFORMAL_SIEVE.may_hold(w), "{w}");
        }
        assert!(!sieve.may_hold("of") && !sieve.may_hold("to") && !sieve.may_hold(","));
        // first and last bytes together: each of these passes a test of
        // its first, second and last bytes one by one
        for w in ["said", "which", "million", "with"] {
            assert!(!sieve.may_hold(w), "{w}");
        }
    }

    #[test]
    fn word_set_holds_exactly_its_words() {
        let set = &TRIGGERS;
        for w in TRIGGER_WORDS {
            assert!(set.contains(w), "{w}");
        }
        for w in [
            "",
            "th",
            "thee",
            "tomorrows",
            "independence-day",
            "a\0",
            "\0",
        ] {
            assert!(!set.contains(w), "{w}");
        }
        let long = "x".repeat(40);
        assert!(!set.contains(&long));
    }

    #[test]
    fn triggers() {
        assert!(is_trigger("june"));
        assert!(is_trigger("2025"));
        assert!(is_trigger("mondays"));
        assert!(is_trigger("the"));
        assert!(!is_trigger("troops"));
    }
}
