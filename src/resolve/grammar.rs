//! The grammar: from a token position to the longest temporal phrase that
//! starts there, as a [`Phrase`] holding a *partial* value ([`Partial`]).
//!
//! Partial values stay partial: "June 21" is `Cal { year: Open, month: 6,
//! day: 21 }` and "Monday night" is `Weekday { Mon, Bare }` with part of day
//! `Night`; no year or "today" is filled in here — that is the anchoring
//! step's job ([`super::anchor`]). The grammar only decides *what was said*
//! and *which words belong to the phrase*, following the TimeML TIMEX3
//! extent conventions of TempEval-3:
//!
//! - determiners and modifiers that change the value are inside the span:
//!   "the past three years", "last week", "early March", "about two weeks",
//!   "the third quarter", "the 1990s", "the weekend";
//! - prepositions are outside: "in January" → "January", "on June 21";
//! - a weekday joined to a date or part of day is one phrase:
//!   "Friday, Oct. 23", "Monday night", "5 p.m. EST Nov. 9".
//!
//! Finding a phrase: [`Grammar::phrase_at`] first turns away tokens that
//! start nothing (`may_start`: not a number, a mark before a figure as in
//! "'98", or a trigger word),
//! then tries the modifier rules ("about", "early") and the core rules
//! (`core_inner`), keeping the longest phrase. The seventeen core rules
//! are dispatched on the class of the first token (`start_rules`, one bit
//! per rule in `rule`): a number tries only the numeric rules (dates,
//! years, amounts, clock times), a mark only "'98"/"'80s" and the like, a
//! figure ("21st", "1990s", "5pm") the rules that read figures, a word
//! that only modifies or cues a phrase ("about", "early", "its") none or
//! the one rule naming it ("at present", "New Year's Day"); "that", day
//! words, number words ("two", "twenty"), weekday and month names the few
//! rules they start; an article ("the", "a", "an") the rules that take an
//! article before the word after it (`article_rules`: "the past" relative
//! units, amounts and references, "the full" only "the full year"); and
//! any other word every rule but the numeric dates.
//! The dispatch only saves work: a debug build checks that every rule it
//! skips would have found nothing. A new rule, or a rule (or lexicon entry,
//! such as a holiday) that can begin with another kind of first word or
//! read another word after an article, must be added to `start_rules` (or
//! `article_rules`) too; the tests, run in a debug build, catch an
//! omission for the phrases they hold.

use std::cell::Cell;

use chrono::Weekday;

use super::lexicon::{self, Holiday, Ref, Season, Unit};
use super::scan::{Kind, Tok};
use super::timex::{Mod, PartOfDay};

/// A year as said: written out, relative to the anchor year, or unsaid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YearSpec {
    /// "2013", "'98"
    Explicit(i32),
    /// "this year" 0, "last year" -1, "next year" +1
    Rel(i32),
    /// not said: the anchor and the tense decide
    Open,
}

/// How a named day, month, season or holiday is qualified.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rel {
    /// "Monday", "January": direction from tense
    Bare,
    /// "last Monday", "the previous Friday"
    Last,
    /// "this Monday", "this March"
    This,
    /// "next Monday", "this coming Sunday"
    Next,
    /// "that March", "that day": the text's reference date
    That,
}

/// An amount of units: "three", "2 1/2", "a few".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Qty {
    /// whole units, plus a half when the flag is set ("2 1/2 years")
    N(u32, bool),
    /// "a few", "several", bare plurals: the TIMEX3 `X`
    Some,
}

/// What a phrase says, before anchoring.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Partial {
    /// A calendar date at day, month or year precision; any part unsaid.
    Cal {
        year: YearSpec,
        month: Option<u32>,
        day: Option<u32>,
        rel: Rel,
    },
    Weekday {
        day: Weekday,
        rel: Rel,
    },
    /// "the first week of March" (n = 1), "the last week of June" (-1):
    /// the ISO week holding that stretch of the month
    WeekOfMonth {
        n: i32,
        month: u32,
        year: YearSpec,
    },
    /// "the week of March 6": the ISO week holding that day
    WeekOfDay {
        month: u32,
        day: u32,
        year: YearSpec,
    },
    /// "Sunday, April 25": a month and day whose year the weekday picks
    DatedWeekday {
        weekday: Weekday,
        month: u32,
        day: u32,
    },
    /// "Tuesday next week" (+1), "Friday this week" (0), "Monday last
    /// week" (-1): that weekday of the week so many weeks from the base.
    WeekdayOfWeek {
        day: Weekday,
        weeks: i64,
    },
    /// "on the 5th": a day of the month whose month the tense picks
    DayOfMonth(u32),
    /// "yesterday" -1, "today" 0, "tomorrow" +1 (from the anchor)
    DayOffset(i64),
    /// the anchor's day `years` years away: "this time last year" -1
    SameDay {
        years: i32,
    },
    /// "last week" (Week, -1); "this year" (Year, 0); "the following
    /// year" (Year, +1, anaphoric)
    UnitOffset {
        unit: Unit,
        n: i64,
        anaphoric: bool,
    },
    /// "three years ago" (-3 years); "two days later" (+2, anaphoric)
    Shift {
        qty: Qty,
        unit: Unit,
        sign: i64,
        anaphoric: bool,
    },
    Season {
        season: Season,
        year: YearSpec,
        rel: Rel,
    },
    /// quarter 1–4; 0 = "the quarter", "the latest quarter": the last
    /// reported one
    Quarter {
        q: u32,
        year: YearSpec,
    },
    Half {
        h: u32,
        year: YearSpec,
    },
    Weekend {
        rel: Rel,
    },
    /// first year of the decade: 1990 for "the 1990s"
    Decade(i32),
    /// the century's hundreds: 19 for "the 20th century"
    Century(i32),
    /// "the turn of the century": the century boundary nearest the base
    TurnOfCentury,
    Holiday {
        holiday: Holiday,
        year: YearSpec,
        rel: Rel,
    },
    Ref(Ref),
    Duration {
        qty: Qty,
        unit: Unit,
    },
    /// a TIMEX3 SET value: "P1W", "XXXX-WXX-1"
    Set(String),
    /// a clock time, on a day the phrase may name
    Clock {
        hour: u32,
        minute: u32,
        day: Option<Box<Partial>>,
    },
}

/// A recognised phrase: tokens `[first, last)` and what they say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phrase {
    pub first: usize,
    pub last: usize,
    pub partial: Partial,
    pub part: Option<PartOfDay>,
    pub modifier: Option<Mod>,
}

/// The grammar's view of the text: tokens and their lowercased words.
pub struct Grammar<'a> {
    pub mode: super::Mode,
    /// The text hardly uses capitals (tweets, chat): month and weekday
    /// names need no capital then.
    pub lowercase: bool,
    pub text: &'a str,
    pub toks: &'a [Tok],
    /// lowercased text of each token
    pub words: &'a [&'a str],
    /// Positions known to start no core phrase (filled while parsing;
    /// create with `vec![Cell::new(false); toks.len()]`).
    pub no_core: Vec<Cell<bool>>,
}

type Hit = (usize, Partial);

/// The core rules as bits, for dispatching on the first token
/// ([`Grammar::start_rules`]); one bit per rule of `core_inner`.
mod rule {
    pub const DAY_WITH_PART: u32 = 1 << 0;
    pub const MONTH_DATE: u32 = 1 << 1;
    pub const LISTED_DAY: u32 = 1 << 2;
    pub const DAY_FIRST_DATE: u32 = 1 << 3;
    pub const NUMERIC_DATE: u32 = 1 << 4;
    pub const YEAR: u32 = 1 << 5;
    pub const DECADE: u32 = 1 << 6;
    pub const AMOUNT: u32 = 1 << 7;
    pub const QUARTER: u32 = 1 << 8;
    pub const SEASON: u32 = 1 << 9;
    pub const RELATIVE: u32 = 1 << 10;
    pub const REFERENCE: u32 = 1 << 11;
    pub const SET: u32 = 1 << 12;
    pub const HOLIDAY: u32 = 1 << 13;
    pub const NTH_WEEKDAY: u32 = 1 << 14;
    pub const DAY_OF_MONTH: u32 = 1 << 15;
    pub const CLOCK: u32 = 1 << 16;
    pub const ALL: u32 = (1 << 17) - 1;
    /// What any word may start: all but the dates written in figures.
    pub const WORD: u32 = ALL & !(LISTED_DAY | NUMERIC_DATE);
}

impl<'a> Grammar<'a> {
    fn w(&self, i: usize) -> &'a str {
        self.words.get(i).copied().unwrap_or("")
    }
    fn cap(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.cap)
    }
    fn num(&self, i: usize) -> Option<u32> {
        let t = self.toks.get(i)?;
        if t.kind != Kind::Num || t.end - t.start > 4 {
            return None;
        }
        self.w(i).parse().ok()
    }
    /// Token `i` follows token `i-1` with no space between.
    fn glued(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| !t.space_before)
    }
    fn is(&self, i: usize, w: &str) -> bool {
        self.w(i) == w
    }
    /// "-" glued on both sides
    fn hyphen(&self, i: usize) -> bool {
        self.is(i, "-") && self.glued(i) && self.glued(i + 1)
    }
    fn apostrophe(&self, i: usize) -> bool {
        matches!(self.w(i), "'" | "’")
    }

    /// The longest phrase starting at token `i`, if any. Asked of every
    /// token, so the cheap filters are inlined into the caller and only
    /// tokens that may start a phrase go on to the rules.
    #[inline]
    pub fn phrase_at(&self, i: usize) -> Option<Phrase> {
        // Cheap filter: most tokens start nothing.
        if self.toks[i].in_url || !self.may_start(i) {
            return None;
        }
        // "#Monday", "#2012election", "@may": hashtags and handles are
        // labels, not dates
        if i > 0 && matches!(self.w(i - 1), "#" | "@") && self.glued(i) {
            return None;
        }
        self.longest_at(i)
    }

    /// The longest phrase the modifier and core rules find at `i`.
    fn longest_at(&self, i: usize) -> Option<Phrase> {
        let mut best: Option<Phrase> = None;
        let mut offer = |p: Option<Phrase>| {
            if let Some(p) = p
                && best.as_ref().is_none_or(|b| p.last > b.last)
            {
                best = Some(p);
            }
        };
        offer(self.modified(i));
        offer(self.positioned(i));
        offer(self.core_phrase(i));
        best
    }

    /// Asked of every token (inlined into `phrase_at`): words, most
    /// tokens, go straight to the trigger look-up.
    #[inline]
    fn may_start(&self, i: usize) -> bool {
        let w = self.w(i);
        match self.toks[i].kind {
            // Articles are the commonest starters: they start a phrase only
            // before a word that could continue one ("the past", "a year").
            Kind::Word if matches!(w, "the" | "a" | "an") => {
                i + 1 < self.toks.len()
                    && (self.may_start_word(i + 1) || after_article(self.w(i + 1)))
            }
            Kind::Word => lexicon::is_trigger(w),
            Kind::Num | Kind::Punct => self.may_start_word(i),
        }
    }

    fn may_start_word(&self, i: usize) -> bool {
        match self.toks[i].kind {
            // "1,500", "3.5" and "$1990" start nothing
            Kind::Num => {
                let money = i > 0 && matches!(self.w(i - 1), "$" | "£" | "€" | "#");
                !(money || self.w(i).contains([',', '.']))
            }
            Kind::Punct => self.year_mark(i),
            Kind::Word => lexicon::is_trigger(self.w(i)),
        }
    }

    fn core_phrase(&self, i: usize) -> Option<Phrase> {
        let (last, partial, part) = self.core(i)?;
        Some(Phrase {
            first: i,
            last,
            partial,
            part,
            modifier: None,
        })
    }

    /// "about two weeks", "more than a decade", "nearly four years ago".
    fn modified(&self, i: usize) -> Option<Phrase> {
        let (j, m) = match (self.w(i), self.w(i + 1)) {
            ("about" | "around" | "approximately" | "roughly" | "some" | "circa", _) => {
                (i + 1, Mod::Approx)
            }
            ("nearly" | "almost", _) => (i + 1, Mod::LessThan),
            ("more" | "longer", "than") => (i + 2, Mod::MoreThan),
            ("less" | "fewer" | "shorter", "than") => (i + 2, Mod::LessThan),
            ("over", _) => (i + 1, Mod::MoreThan),
            ("under", _) => (i + 1, Mod::LessThan),
            ("at", "least") => (i + 2, Mod::EqualOrMore),
            ("at", "most") | ("up", "to") => (i + 2, Mod::EqualOrLess),
            ("no", "more") if self.is(i + 2, "than") => (i + 3, Mod::EqualOrLess),
            _ => return None,
        };
        let (last, partial, part) = self.core(j)?;
        // Only amounts and clock times take these modifiers: "about two
        // weeks", "around 7:15 p.m.", "around Nov. 1"; not "over Monday".
        let ok = match &partial {
            Partial::Duration {
                qty: Qty::N(..), ..
            }
            | Partial::Shift { .. } => true,
            Partial::Clock { .. } => m == Mod::Approx,
            Partial::Cal { .. } | Partial::Decade(_) => m == Mod::Approx && !self.is(i, "some"),
            _ => false,
        };
        if !ok || (self.is(i, "over") && self.is(j, "the")) {
            return None;
        }
        // TE3 practice: "about", "almost" and "over" before a counted
        // amount or a clock time stay outside the extent ("about <two
        // weeks>", "about <10:35 a.m.>") and survive as the `mod` only;
        // they stay inside before "a"/"an" ("over a week") and in "ago"
        // phrases ("almost two years ago")
        let outside = matches!(self.w(i), "about" | "almost" | "over")
            && !matches!(partial, Partial::Shift { .. })
            && !self.is(j, "a")
            && !self.is(j, "an");
        Some(Phrase {
            first: if outside { j } else { i },
            last,
            partial,
            part,
            modifier: Some(m),
        })
    }

    /// "early March", "late 1990s", "mid-2012", "the end of the month",
    /// "earlier this year", "late yesterday", "mid-afternoon".
    fn positioned(&self, i: usize) -> Option<Phrase> {
        let the = self.is(i, "the");
        let k = if the { i + 1 } else { i };
        let (j, m) = match (self.w(k), self.w(k + 1)) {
            ("early", _) => (k + 1, Mod::Start),
            ("earlier", _) if !the => (k + 1, Mod::Start),
            ("late", _) => (k + 1, Mod::End),
            ("later", _) if !the => (k + 1, Mod::End),
            ("mid", "-") if self.hyphen(k + 1) => (k + 2, Mod::Mid),
            ("mid", _) => (k + 1, Mod::Mid),
            ("beginning" | "start" | "dawn", "of") => (k + 2, Mod::Start),
            ("end" | "close", "of") => (k + 2, Mod::End),
            ("middle", "of") => (k + 2, Mod::Mid),
            _ => return None,
        };
        let j = if self.hyphen(j) { j + 1 } else { j };
        // "late-November": the hyphen glued between
        let j = if self.is(j, "-") && self.glued(j) {
            j + 1
        } else {
            j
        };
        if let Some(p) = lexicon::part_of_day(self.w(j)).filter(|_| !later_word(self.w(k)) && !the)
            && !self.w(j).ends_with('s')
            && self.w(j) != "overnight"
        {
            // "mid-afternoon", "early morning", "late afternoon yesterday"
            let (last, partial) = match self.day(j + 1) {
                Some((e, d @ (Partial::DayOffset(_) | Partial::Weekday { .. }))) => (e, d),
                _ => (j + 1, Partial::DayOffset(0)),
            };
            return Some(Phrase {
                first: i,
                last,
                partial,
                part: Some(p),
                modifier: Some(m),
            });
        }
        // "the end of the month", "the beginning of the year"
        if matches!(m, Mod::Start | Mod::End | Mod::Mid)
            && self.is(j, "the")
            && let Some((unit, false)) = lexicon::unit(self.w(j + 1))
            && unit >= Unit::Week
            && self.w(k + 1) == "of"
        {
            let partial = Partial::UnitOffset {
                unit,
                n: 0,
                anaphoric: false,
            };
            return Some(Phrase {
                first: i,
                last: j + 2,
                partial,
                part: None,
                modifier: Some(m),
            });
        }
        let (last, partial, part) = self.core(j)?;
        let later = matches!(self.w(k), "earlier" | "later");
        if later && matches!(partial, Partial::Weekday { .. } | Partial::DayOffset(_)) {
            return None; // "later Thursday", "earlier today": the day alone
        }
        let ok = match &partial {
            Partial::Cal { .. }
            | Partial::Season { .. }
            | Partial::Quarter { .. }
            | Partial::Half { .. }
            | Partial::Decade(_)
            | Partial::Century(_)
            | Partial::UnitOffset { .. }
            | Partial::Holiday { .. } => true,
            Partial::Weekday { .. } | Partial::DayOffset(_) | Partial::Weekend { .. } => {
                !matches!(m, Mod::Mid)
            }
            _ => false,
        };
        if !ok || (later && matches!(partial, Partial::Cal { .. } | Partial::Decade(_))) {
            // "earlier this year" yes, "later 1990" no
            if !(later && matches!(partial, Partial::UnitOffset { .. })) {
                return None;
            }
        }
        let modifier = if later && self.is(k, "later") {
            None
        } else {
            Some(m)
        };
        Some(Phrase {
            first: i,
            last,
            partial,
            part,
            modifier,
        })
    }

    /// A phrase without a leading modifier; returns (end, value, part).
    fn core(&self, i: usize) -> Option<(usize, Partial, Option<PartOfDay>)> {
        // most positions start nothing; remember them, as the modifier
        // rules and the next position ask again
        if self.no_core.get(i).is_some_and(Cell::get) {
            return None;
        }
        let Some((e, p, part)) = self.core_inner(i) else {
            if let Some(c) = self.no_core.get(i) {
                c.set(true);
            }
            return None;
        };
        // "the next year or so", "a week or so ago"
        if self.is(e, "or") && self.is(e + 1, "so") {
            if self.is(e + 2, "ago")
                && let Partial::Duration { qty, unit } = p
            {
                return Some((
                    e + 3,
                    Partial::Shift {
                        qty,
                        unit,
                        sign: -1,
                        anaphoric: false,
                    },
                    part,
                ));
            }
            return Some((e + 2, p, part));
        }
        Some((e, p, part))
    }

    fn core_inner(&self, i: usize) -> Option<(usize, Partial, Option<PartOfDay>)> {
        if i >= self.toks.len() || self.toks[i].in_url {
            return None;
        }
        let mut best: Option<(usize, Partial, Option<PartOfDay>)> = None;
        let mut offer = |h: Option<(usize, Partial, Option<PartOfDay>)>| {
            if let Some(h) = h
                && best.as_ref().is_none_or(|b| h.0 > b.0)
            {
                best = Some(h);
            }
        };
        let plain = |h: Option<Hit>| h.map(|(e, p)| (e, p, None));
        let rules = self.start_rules(i);
        // Tries a rule the first token allows; a debug build checks that
        // every rule the dispatch skips would indeed have found nothing.
        macro_rules! rule {
            ($bit:expr, $hit:expr) => {
                if rules & $bit != 0 {
                    offer($hit);
                } else {
                    debug_assert!($hit.is_none(), "rule {:#x} starts at {:?}", $bit, self.w(i));
                }
            };
        }
        rule!(rule::DAY_WITH_PART, self.day_with_part(i));
        rule!(rule::MONTH_DATE, plain(self.month_date(i)));
        rule!(rule::LISTED_DAY, plain(self.listed_day(i)));
        rule!(rule::DAY_FIRST_DATE, plain(self.day_first_date(i)));
        rule!(rule::NUMERIC_DATE, plain(self.numeric_date(i)));
        rule!(rule::YEAR, plain(self.year(i)));
        rule!(rule::DECADE, plain(self.decade(i)));
        rule!(rule::AMOUNT, plain(self.amount(i)));
        rule!(rule::QUARTER, plain(self.quarter(i)));
        rule!(rule::SEASON, plain(self.season(i)));
        rule!(rule::RELATIVE, plain(self.relative(i)));
        rule!(rule::REFERENCE, plain(self.reference(i)));
        rule!(rule::SET, plain(self.set(i)));
        rule!(rule::HOLIDAY, plain(self.holiday(i)));
        rule!(rule::NTH_WEEKDAY, plain(self.nth_weekday(i)));
        rule!(rule::DAY_OF_MONTH, plain(self.day_of_month(i)));
        rule!(rule::CLOCK, self.clock(i));
        best
    }

    /// The core rules that can start at token `i`, as a set of
    /// [`rule`] bits, from the class of its first token (see the module
    /// overview): a number, a mark, a figure ("21st", "1990s", "5pm"), a
    /// word that only modifies or cues a phrase, or any other word.
    fn start_rules(&self, i: usize) -> u32 {
        use rule::*;
        let w = self.w(i);
        match self.toks[i].kind {
            // "2013", "21", "10:30", "1800 GMT", "5% a year"
            Kind::Num => {
                LISTED_DAY
                    | DAY_FIRST_DATE
                    | NUMERIC_DATE
                    | YEAR
                    | DECADE
                    | AMOUNT
                    | QUARTER
                    | SET
                    | CLOCK
            }
            // "'98", "'80s", "'98 third quarter"; a mark before anything
            // else ("'s", "'t") starts nothing
            Kind::Punct if self.year_mark(i) => YEAR | DECADE | QUARTER | SET | CLOCK,
            Kind::Punct => 0,
            // "21st", "1990s", "5pm" (but "2day" reads as "today")
            Kind::Word if w.as_bytes().first().is_some_and(u8::is_ascii_digit) => {
                DAY_FIRST_DATE | YEAR | DECADE | AMOUNT | QUARTER | SET | CLOCK
            }
            Kind::Word => match w {
                // articles: the word after them says which rules may match
                "the" | "a" | "an" => self.article_rules(i),
                // the next commonest starters start most kinds of phrase
                "this" | "last" | "next" => WORD,
                // modifiers and cues of a phrase that starts after them:
                // "about two weeks", "early March", "under a year"
                "about" | "around" | "approximately" | "roughly" | "nearly" | "almost" | "over"
                | "under" | "up" | "early" | "earlier" | "late" | "later" | "its" | "just" => 0,
                // "at present", "as soon as possible", "more recently"
                "at" | "as" | "more" => REFERENCE,
                // "New Year's Day", "Election Day"
                "new" | "election" => HOLIDAY,
                // "that night", "that Monday", "that summer", "that day"
                "that" => DAY_WITH_PART | SEASON | RELATIVE,
                "yesterday" | "today" | "tomorrow" | "tonight" => DAY_WITH_PART,
                // "fiscal 1989", "the fiscal year", "fiscal first quarter"
                "fiscal" => YEAR | QUARTER,
                "now" => REFERENCE,
                // "two weeks", "nineteen ninety-six" ("a", "an" and "one"
                // start more)
                w if !matches!(w, "a" | "an" | "one") && lexicon::cardinal(w).is_some() => {
                    AMOUNT | YEAR
                }
                // "Monday night", "Tues, Oct. 26"; "Tuesday nights"
                w if lexicon::weekday(w).is_some() || lexicon::weekday_short(w).is_some() => {
                    DAY_WITH_PART | SET
                }
                // "June 21", "Sept. 30, 1989", "March of 2013"
                w if lexicon::month(w).is_some() => MONTH_DATE,
                _ => WORD,
            },
        }
    }

    /// The core rules that can start at the article "the", "a" or "an"
    /// at `i`, from the token after it (each rule's article cases, read
    /// off the rule): "the past year" tries the rules of relative units,
    /// amounts, references and a few more; "the full terms" only the one
    /// rule that reads "the full year"; "a" only amounts ("a year"),
    /// quarters ("a year-ago quarter") and, after "times"/"once"/"twice",
    /// sets ("twice a week").
    fn article_rules(&self, i: usize) -> u32 {
        use rule::*;
        let the = self.is(i, "the");
        let j = i + 1;
        let w = self.w(j);
        let word = self.toks.get(j).is_some_and(|t| t.kind == Kind::Word)
            && !w.as_bytes().first().is_some_and(u8::is_ascii_digit);
        let ordinal = lexicon::ordinal(w).is_some();
        let mut r = 0;
        if !word {
            // a number, figure or mark: "the 1990s", "the 21st", "the
            // '80s", "the 1988 quarter", "the 2nd week of", "a-year"
            r |= DAY_FIRST_DATE | DECADE | AMOUNT | QUARTER | DAY_OF_MONTH | RELATIVE;
        }
        // "the third quarter", "a year-ago quarter", "the Q3", "the H1"
        if ordinal
            || matches!(
                w,
                "comparable"
                    | "corresponding"
                    | "same"
                    | "year"
                    | "fiscal"
                    | "calendar"
                    | "quarter"
                    | "period"
                    | "latest"
                    | "recent"
                    | "current"
                    | "previous"
            )
            || (w.len() == 2 && matches!(w.as_bytes()[0], b'h' | b'q'))
        {
            r |= QUARTER;
        }
        if !the {
            // "a year", "a few days", "a couple of weeks", "a full year"
            if lexicon::unit(w).is_some()
                || unit_qualifier(w)
                || matches!(
                    w,
                    "few" | "couple" | "dozen" | "hundred" | "thousand" | "to" | "or" | "-"
                )
            {
                r |= AMOUNT;
            }
            // "twice a week", "three times a day"
            if i > 0 && self.counts_before(i) {
                r |= SET;
            }
            return r;
        }
        let anaphor = matches!(w, "previous" | "preceding" | "next" | "following" | "same");
        // "the morning after", "the previous evening", "the day before
        // yesterday", "the following Monday"
        if anaphor || w == "day" || lexicon::part_of_day(w).is_some() {
            r |= DAY_WITH_PART;
        }
        // "the 21st of June" (figures above)
        if ordinal {
            r |= DAY_FIRST_DATE;
        }
        // "the year 2000"
        if w == "year" {
            r |= YEAR;
        }
        // "the nineties", "the turn of the century", "the 20th century"
        if ordinal || w == "turn" || decade_word(w).is_some() {
            r |= DECADE;
        }
        // "the past three years", "the nine months", "the few days", "the
        // coming weeks" (and "the the few" when a modifier asks at "the")
        if lexicon::cardinal(w).is_some()
            || lexicon::unit(w).is_some()
            || window_after_the(w)
            || matches!(
                w,
                "the" | "couple" | "several" | "few" | "many" | "some" | "half"
            )
        {
            r |= AMOUNT;
        }
        // "the following summer", "the winter of 1994"
        if anaphor || lexicon::season(w).is_some() {
            r |= SEASON;
        }
        // "the past year", "the week of March 6", "the first week of
        // May", "the weekend", "the full year", "the fiscal year"
        if ordinal
            || lexicon::unit(w).is_some()
            || matches!(
                w,
                "fiscal"
                    | "calendar"
                    | "year"
                    | "current"
                    | "present"
                    | "same"
                    | "past"
                    | "last"
                    | "next"
                    | "coming"
                    | "following"
                    | "previous"
                    | "preceding"
                    | "weekend"
                    | "full"
                    | "whole"
                    | "entire"
                    | "final"
                    | "week"
            )
        {
            r |= RELATIVE;
        }
        // "the future", "the near term", "the time", "the past"
        if matches!(
            w,
            "future"
                | "near"
                | "foreseeable"
                | "distant"
                | "short"
                | "long"
                | "time"
                | "past"
                | "present"
        ) {
            r |= REFERENCE;
        }
        // "the first Saturday of May"
        if matches!(w, "first" | "second" | "third" | "fourth" | "last") {
            r |= NTH_WEEKDAY;
        }
        r
    }

    /// A mark that starts a year or decade: "'98", "'80s".
    fn year_mark(&self, i: usize) -> bool {
        self.apostrophe(i)
            && self.glued(i + 1)
            && self
                .w(i + 1)
                .as_bytes()
                .first()
                .is_some_and(u8::is_ascii_digit)
    }

    // ----- days and parts of days -------------------------------------

    /// A day phrase with an optional part of day:
    /// "Monday" · "Monday night" · "last night" · "this morning" ·
    /// "yesterday afternoon" · "tonight" · "Friday's" · "Monday, Oct. 26".
    fn day_with_part(&self, i: usize) -> Option<(usize, Partial, Option<PartOfDay>)> {
        let w = self.w(i);
        // "this morning", "last night", "tonight", "overnight"
        match (w, lexicon::part_of_day(self.w(i + 1))) {
            ("this", Some(p)) if !self.w(i + 1).ends_with('s') => {
                return Some((i + 2, Partial::DayOffset(0), Some(p)));
            }
            ("last", Some(PartOfDay::Night)) if self.is(i + 1, "night") => {
                return Some((i + 2, Partial::DayOffset(-1), Some(PartOfDay::Night)));
            }
            _ => {}
        }
        // "that night", "that morning": the reference day
        if w == "that"
            && let Some(p) =
                lexicon::part_of_day(self.w(i + 1)).filter(|_| !self.w(i + 1).ends_with('s'))
        {
            let day = Partial::UnitOffset {
                unit: Unit::Day,
                n: 0,
                anaphoric: true,
            };
            return Some((i + 2, day, Some(p)));
        }
        // "the morning after", "the night before": the day after or
        // before the reference date (no event after them: "the night
        // before the vote" is anchored to the vote)
        if w == "the"
            && let Some(p) =
                lexicon::part_of_day(self.w(i + 1)).filter(|_| !self.w(i + 1).ends_with('s'))
            && matches!(self.w(i + 2), "before" | "after")
            && !self.event_follows(i + 2)
            && self.w(i + 1) != "overnight"
        {
            let day = Partial::UnitOffset {
                unit: Unit::Day,
                n: if self.is(i + 2, "after") { 1 } else { -1 },
                anaphoric: true,
            };
            return Some((i + 3, day, Some(p)));
        }
        // "the previous evening", "the next morning", "the following
        // night": the day before or after the reference date
        if w == "the"
            && let Some(n) = match self.w(i + 1) {
                "previous" | "preceding" => Some(-1),
                "next" | "following" => Some(1),
                _ => None,
            }
            && let Some(p) =
                lexicon::part_of_day(self.w(i + 2)).filter(|_| !self.w(i + 2).ends_with('s'))
        {
            let day = Partial::UnitOffset {
                unit: Unit::Day,
                n,
                anaphoric: true,
            };
            return Some((i + 3, day, Some(p)));
        }
        if w == "tonight" {
            return Some((i + 1, Partial::DayOffset(0), Some(PartOfDay::Night)));
        }
        if w == "overnight" {
            return Some((i + 1, Partial::DayOffset(0), Some(PartOfDay::Night)));
        }
        let (end, day) = self.day(i)?;
        // "Monday, Oct. 26" — a weekday glued to a date is the date.
        if let Partial::Weekday {
            rel: Rel::Bare,
            day: weekday,
        } = day
        {
            let k = if self.is(end, ",") { end + 1 } else { end };
            if let Some((e, p)) = self.month_date(k).or_else(|| self.day_first_date(k))
                && let Partial::Cal {
                    day: Some(d),
                    month: Some(m),
                    year,
                    ..
                } = p
            {
                // without a year the weekday tells which year is meant
                if year == YearSpec::Open {
                    return Some((
                        e,
                        Partial::DatedWeekday {
                            weekday,
                            month: m,
                            day: d,
                        },
                        None,
                    ));
                }
                return Some((e, p, None));
            }
        }
        // "tues next week", "Friday this week"
        if let Partial::Weekday {
            rel: Rel::Bare,
            day: weekday,
        } = day
            && self.is(end + 1, "week")
            && let Some(weeks) = match self.w(end) {
                "next" => Some(1),
                "this" => Some(0),
                "last" => Some(-1),
                _ => None,
            }
        {
            return Some((
                end + 2,
                Partial::WeekdayOfWeek {
                    day: weekday,
                    weeks,
                },
                None,
            ));
        }
        // "Monday night", "yesterday afternoon", "tomorrow morning"
        if let Some(p) = lexicon::part_of_day(self.w(end))
            && !self.w(end).ends_with('s')
            && self.w(end) != "overnight"
        {
            return Some((end + 1, day, Some(p)));
        }
        // "Friday's": the possessive stays outside
        Some((end, day, None))
    }

    /// A single day: weekday, yesterday/today/tomorrow, "the day before
    /// yesterday", "last/next/this/that Monday", "the following day".
    fn day(&self, i: usize) -> Option<Hit> {
        let w = self.w(i);
        match w {
            "yesterday" => return Some((i + 1, Partial::DayOffset(-1))),
            // "USA Today", "VOA Today" are names
            "today" if self.title_word(i) => return None,
            "today" => return Some((i + 1, Partial::DayOffset(0))),
            "tomorrow" => return Some((i + 1, Partial::DayOffset(1))),
            _ => {}
        }
        if w == "the" && self.is(i + 1, "day") {
            match (self.w(i + 2), self.w(i + 3)) {
                ("before", "yesterday") => return Some((i + 4, Partial::DayOffset(-2))),
                ("after", "tomorrow") => return Some((i + 4, Partial::DayOffset(2))),
                _ => {}
            }
        }
        let (rel, j) = self.rel_word(i);
        if let Some(day) = lexicon::weekday(self.w(j)) {
            if !(self.cap(j) || self.lowercase) {
                return None;
            }
            // "Sunday Times", "Monday Night Football"
            if self.cap(j + 1)
                && self.toks[j + 1].space_before
                && lexicon::weekday_name_follower(self.w(j + 1))
            {
                return None;
            }
            // inside a run of capitalised words it is a name: "the Good
            // Friday Agreement", "Black Monday Crash"
            if j > 0 && self.title_word(j) && self.title_word(j - 1) && self.title_word(j + 1) {
                return None;
            }
            return Some((j + 1, Partial::Weekday { day, rel }));
        }
        if let Some((day, ambiguous)) = lexicon::weekday_short(self.w(j))
            && (self.cap(j) || self.lowercase)
            && self.short_weekday_ok(i, j, rel, ambiguous)
        {
            return Some((j + 1, Partial::Weekday { day, rel }));
        }
        None
    }

    /// A short weekday ("tues", "sat") at `j` (after a rel word from `i`)
    /// is a day unless it starts a name ("Sun Valley", "Sat Nav") or is
    /// glued to more ("sun-dried"). The ones that are also words ("mon",
    /// "wed", "sat", "sun") need a cue: a rel word but "that" ("this sat"), a
    /// preposition or object pronoun before ("on sat", "see you mon"), a
    /// part of day or a date after ("wed night", "sun 12/3").
    fn short_weekday_ok(&self, i: usize, j: usize, rel: Rel, ambiguous: bool) -> bool {
        let next = self.toks.get(j + 1);
        if next.is_some_and(|t| {
            !t.space_before
                && (t.kind != Kind::Punct || matches!(self.w(j + 1), "-" | "/" | "@" | "'" | "’"))
        }) {
            // "sun-dried", "SAT2", "wed/unwed"; "that Sun's profitability":
            // possessive days are written in full
            return false;
        }
        if next.is_some_and(|t| t.cap && t.kind == Kind::Word && !self.lowercase)
            && !self.toks[j].sentence_end
            && lexicon::part_of_day(self.w(j + 1)).is_none()
        {
            return false; // "Sun Microsystems", "Fri Nite Live"
        }
        // "mon-fri", "sat/sun": a span of days of the week, no one day
        if rel == Rel::Bare
            && j >= 2
            && matches!(self.w(j - 1), "-" | "/")
            && self.glued(j)
            && (lexicon::weekday_short(self.w(j - 2)).is_some()
                || lexicon::weekday(self.w(j - 2)).is_some())
        {
            return false;
        }
        if !ambiguous || !matches!(rel, Rel::Bare | Rel::That) {
            return true;
        }
        let before = if i > 0 { self.w(i - 1) } else { "" };
        matches!(
            before,
            "on" | "until"
                | "till"
                | "til"
                | "by"
                | "before"
                | "from"
                | "since"
                | "thru"
                | "through"
                | "you"
                | "u"
                | "ya"
                | "them"
                | "him"
                | "her"
                | "us"
                | "me"
        ) || lexicon::part_of_day(self.w(j + 1)).is_some_and(|_| !self.w(j + 1).ends_with('s'))
            || self.num(j + 1).is_some()
            || split_am_pm(self.w(j + 1)).is_some()
    }

    /// "last" / "this" / "next" / "that" / "the following" … before a named
    /// day, month or season; returns (Bare, i) when there is none.
    fn rel_word(&self, i: usize) -> (Rel, usize) {
        match (self.w(i), self.w(i + 1)) {
            ("last" | "past", _) => (Rel::Last, i + 1),
            ("this", "past") => (Rel::Last, i + 2),
            ("this", "coming") => (Rel::Next, i + 2),
            ("this", _) => (Rel::This, i + 1),
            ("next" | "coming", _) => (Rel::Next, i + 1),
            ("that", _) => (Rel::That, i + 1),
            ("the", "previous" | "preceding") => (Rel::Last, i + 2),
            ("the", "following" | "next") => (Rel::Next, i + 2),
            ("the", "same") => (Rel::That, i + 2),
            _ => (Rel::Bare, i),
        }
    }

    // ----- calendar dates --------------------------------------------

    /// A month name as a month: capitalised; abbreviations need "." or a
    /// following number; returns (month, index after the name).
    fn month_name(&self, i: usize) -> Option<(u32, usize)> {
        let w = self.w(i);
        let m = lexicon::month(w)?;
        if !(self.cap(i) || self.lowercase) || self.toks[i].kind != Kind::Word {
            return None;
        }
        if lexicon::is_month_abbreviation(w) && w != "may" {
            if self.is(i + 1, ".") && self.glued(i + 1) {
                return Some((m, i + 2));
            }
            if self.num(i + 1).is_some() || lexicon::ordinal(self.w(i + 1)).is_some_and(|d| d <= 31)
            {
                return Some((m, i + 1));
            }
            // "back in feb", "since aug": after a month cue, when no name
            // follows ("in Jan Smith's view") and "mar" is no verb
            let cue = i > 0
                && matches!(
                    self.w(i - 1),
                    "in" | "since"
                        | "until"
                        | "till"
                        | "by"
                        | "from"
                        | "during"
                        | "early"
                        | "late"
                        | "mid"
                        | "last"
                        | "next"
                        | "this"
                );
            let next_free = self
                .toks
                .get(i + 1)
                .is_none_or(|t| t.space_before && !(t.cap && t.kind == Kind::Word))
                || self.toks[i].sentence_end
                || matches!(self.w(i + 1), "," | "!" | "?" | ")");
            if cue && next_free && w != "mar" {
                return Some((m, i + 1));
            }
            return None;
        }
        Some((m, i + 1))
    }

    /// A day of the month at `i`: "21", "21st".
    fn day_number(&self, i: usize) -> Option<u32> {
        let d = match self.toks.get(i)?.kind {
            Kind::Num => self.num(i)?,
            Kind::Word => lexicon::ordinal(self.w(i))?,
            Kind::Punct => return None,
        };
        // "June 21:30" is not a day
        let clock = self.is(i + 1, ":")
            && self.glued(i + 1)
            && self
                .toks
                .get(i + 2)
                .is_some_and(|t| t.kind == Kind::Num && !t.space_before);
        if (1..=31).contains(&d) && !clock {
            Some(d)
        } else {
            None
        }
    }

    /// A year number at `i` that may follow a month or "fiscal":
    /// four digits, or "'98".
    fn year_number(&self, i: usize) -> Option<(i32, usize)> {
        if self.apostrophe(i)
            && self
                .toks
                .get(i + 1)
                .is_some_and(|t| t.kind == Kind::Num && t.end - t.start == 2)
            && self.glued(i + 1)
        {
            let y = self.num(i + 1)? as i32;
            return Some((if y < 40 { 2000 + y } else { 1900 + y }, i + 2));
        }
        let t = self.toks.get(i)?;
        if t.kind != Kind::Num || t.end - t.start != 4 {
            return None;
        }
        let y = self.num(i)? as i32;
        (1000..=2199).contains(&y).then_some((y, i + 1))
    }

    /// Month-first dates: "June 21" · "Sept. 30, 1989" · "July 1997" ·
    /// "January" · "March of 2013" · "June the 21st".
    fn month_date(&self, i: usize) -> Option<Hit> {
        let (month, j) = self.month_name(i)?;
        let k = if self.is(j, "the") { j + 1 } else { j };
        if let Some(day) = self.day_number(k) {
            // a year after the day: "June 21, 2025", "June 21 2025"
            let y = if self.is(k + 1, ",") { k + 2 } else { k + 1 };
            if let Some((year, e)) = self.year_number(y) {
                return Some((e, cal(YearSpec::Explicit(year), Some(month), Some(day))));
            }
            // a day number must not be part of a larger amount: "May 3
            // million"
            if self.toks[k].kind == Kind::Num && lexicon::unit(self.w(k + 1)).is_some() {
                return None;
            }
            return Some((k + 1, cal(YearSpec::Open, Some(month), Some(day))));
        }
        // "July 1997", "June, 1994", "March of 2013"
        let y = if matches!(self.w(j), "," | "of") {
            j + 1
        } else {
            j
        };
        if let Some((e, Partial::Cal { year, .. })) = self.spoken_year(y) {
            return Some((e, cal(year, Some(month), None)));
        }
        if let Some((year, e)) = self.year_number(y) {
            return Some((e, cal(YearSpec::Explicit(year), Some(month), None)));
        }
        // "January this year", "July last year"
        if let ("this" | "last" | "next", "year") = (self.w(j), self.w(j + 1)) {
            let r = match self.w(j) {
                "this" => 0,
                "last" => -1,
                _ => 1,
            };
            return Some((j + 2, cal(YearSpec::Rel(r), Some(month), None)));
        }
        // A bare "May" or "March" must look like a month: "in May".
        let w = self.w(i);
        // A month name before a capitalised word is mostly a first name:
        // "June Carter", "April Ryan" — unless a cue says month.
        let name_like = self.title_word(j) && lexicon::month(self.w(j)).is_none();
        if matches!(w, "may" | "march")
            || name_like
            || (self.lowercase && !self.cap(i) && w == "august")
        {
            let before = if i > 0 { self.w(i - 1) } else { "" };
            if !MONTH_CUES.contains(&before) {
                return None;
            }
            // "April and May" yes; "I MAY OR MAY NOT" no: after "and"/"or"
            // another month or a number must come before
            if matches!(before, "and" | "or")
                && !(i >= 2
                    && (lexicon::month(self.w(i - 2)).is_some_and(|_| self.w(i - 2) != w)
                        || self.toks[i - 2].kind == Kind::Num))
            {
                return None;
            }
        }
        Some((j, cal(YearSpec::Open, Some(month), None)))
    }

    /// The second day of a list: "April 24 and 25", "June 3-5" → 25, 5.
    fn listed_day(&self, i: usize) -> Option<Hit> {
        if i < 3
            || self.toks[i].kind != Kind::Num
            || self.is(i + 1, ",") && self.year_number(i + 2).is_some()
        {
            return None;
        }
        let day = self.day_number(i)?;
        if !matches!(self.w(i - 1), "and" | "or" | "-" | "to" | "through")
            || lexicon::unit(self.w(i + 1)).is_some()
        {
            return None;
        }
        let prev = self.day_number(i - 2)?;
        let k = if self.is(i - 3, ".") {
            i.checked_sub(4)?
        } else {
            i - 3
        };
        let (month, _) = self.month_name(k)?;
        if prev >= day {
            return None;
        }
        Some((i + 1, cal(YearSpec::Open, Some(month), Some(day))))
    }

    /// Day-first dates: "21 June 2025", "the 21st of June".
    fn day_first_date(&self, i: usize) -> Option<Hit> {
        let the = self.is(i, "the") as usize;
        let day = self.day_number(i + the)?;
        let mut j = i + the + 1;
        if self.is(j, "of") {
            j += 1;
        }
        let (month, k) = self.month_name(j)?;
        let y = if self.is(k, ",") { k + 1 } else { k };
        if let Some((year, e)) = self.year_number(y) {
            return Some((e, cal(YearSpec::Explicit(year), Some(month), Some(day))));
        }
        Some((k, cal(YearSpec::Open, Some(month), Some(day))))
    }

    /// Numeric dates: ISO "2013-03-14", "2013/03/14", US "3/14/2013".
    fn numeric_date(&self, i: usize) -> Option<Hit> {
        let a = self.num(i)?;
        let sep = self.w(i + 1);
        if !matches!(sep, "-" | "/") || !self.glued(i + 1) || !self.glued(i + 2) {
            return None;
        }
        let b = self.num(i + 2)?;
        if !self.is(i + 3, sep) || !self.glued(i + 3) || !self.glued(i + 4) {
            // "on 6/24": month/day after a preposition (a fraction or score
            // has none)
            let cue = i > 0
                && matches!(
                    self.w(i - 1),
                    "on" | "by" | "until" | "since" | "before" | "after"
                );
            let followed = self
                .toks
                .get(i + 3)
                .is_some_and(|t| !t.space_before && t.kind != Kind::Punct);
            // "24/7" (always) and "9/11" (the attacks) are no dates
            if sep != "/" || followed || matches!((a, b), (24, 7) | (9, 11)) {
                return None;
            }
            if cue && (1..=12).contains(&a) && (1..=31).contains(&b) {
                return Some((i + 3, cal(YearSpec::Open, Some(a), Some(b))));
            }
            // in chat, a pair only one order reads as a date: "15/3" is
            // 15 March, "3/15" March 15 ("3/4" may be a fraction or score)
            if self.lowercase {
                if (13..=31).contains(&a) && (1..=12).contains(&b) {
                    return Some((i + 3, cal(YearSpec::Open, Some(b), Some(a))));
                }
                if (1..=12).contains(&a) && (13..=31).contains(&b) {
                    return Some((i + 3, cal(YearSpec::Open, Some(a), Some(b))));
                }
            }
            return None;
        }
        let c = self.num(i + 4)?;
        let len = |k: usize| self.toks[k].end - self.toks[k].start;
        let (y, m, d) = if len(i) == 4 {
            (a as i32, b, c)
        } else if sep == "/" && (len(i + 4) == 4 || len(i + 4) == 2) {
            let y = if len(i + 4) == 2 {
                2000 + c as i32
            } else {
                c as i32
            };
            (y, a, b)
        } else {
            return None;
        };
        if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
            return None;
        }
        // not part of a longer number run ("2013-03-14-15")
        if matches!(self.w(i + 5), "-" | "/") && self.glued(i + 5) {
            return None;
        }
        Some((i + 5, cal(YearSpec::Explicit(y), Some(m), Some(d))))
    }

    /// A year alone: "1990" (in/since/by …), "fiscal 1989", "the year
    /// 2000". Numbers that count things are not years: "2,000 troops",
    /// "1500 people", "$1990", "No. 1990".
    fn year(&self, i: usize) -> Option<Hit> {
        // "FY2025", "FY25"
        let w = self.w(i);
        if let Some(d) = w.strip_prefix("fy")
            && (d.len() == 2 || d.len() == 4)
            && d.bytes().all(|b| b.is_ascii_digit())
        {
            let n: i32 = d.parse().ok()?;
            let y = if d.len() == 2 { 2000 + n } else { n };
            return Some((i + 1, cal(YearSpec::Explicit(y), None, None)));
        }
        let mut j = match (w, self.w(i + 1)) {
            ("fiscal", "year") | ("the", "year") => i + 2,
            ("fiscal" | "fy", _) => i + 1,
            _ => i,
        };
        if self.is(j, "fiscal") {
            j += 1;
        }
        let named = j > i;
        if let Some(h) = self.spoken_year(j) {
            return Some(h);
        }
        let (y, e) = self.year_number(j)?;
        if self.apostrophe(j) && !named {
            // "'98" only after a cue: "in '98"
            let before = if i > 0 { self.w(i - 1) } else { "" };
            if !MONTH_CUES.contains(&before) {
                return None;
            }
        }
        if !named && !self.looks_like_year(j, y) {
            return None;
        }
        Some((e, cal(YearSpec::Explicit(y), None, None)))
    }

    /// "nineteen ninety-six" → 1996, "nineteen eighty" → 1980.
    fn spoken_year(&self, i: usize) -> Option<Hit> {
        // "two thousand", "two thousand and one", "two thousand five"
        if self.is(i, "two") && self.is(i + 1, "thousand") && lexicon::unit(self.w(i + 2)).is_none()
        {
            let k = if self.is(i + 2, "and") { i + 3 } else { i + 2 };
            if let Some(u) =
                lexicon::cardinal(self.w(k)).filter(|u| (1..20).contains(u) && !self.is(k, "a"))
            {
                return Some((k + 1, cal(YearSpec::Explicit(2000 + u as i32), None, None)));
            }
            return Some((i + 2, cal(YearSpec::Explicit(2000), None, None)));
        }
        let c =
            lexicon::cardinal(self.w(i)).filter(|c| (11..=20).contains(c) && !self.is(i, "a"))?;
        let tens = lexicon::cardinal(self.w(i + 1)).filter(|t| *t >= 20 && t % 10 == 0)?;
        let mut e = i + 2;
        let mut y = c * 100 + tens;
        let k = if self.hyphen(e) { e + 1 } else { e };
        if let Some(u) =
            lexicon::cardinal(self.w(k)).filter(|u| (1..10).contains(u) && !self.is(k, "a"))
        {
            y += u;
            e = k + 1;
        }
        Some((e, cal(YearSpec::Explicit(y as i32), None, None)))
    }

    fn looks_like_year(&self, i: usize, y: i32) -> bool {
        let before = if i > 0 { self.w(i - 1) } else { "" };
        let before_glued = self.toks[i].space_before.eq(&false);
        if matches!(before, "$" | "£" | "€" | "#" | "¥") || lexicon::non_year_before(before) {
            return false;
        }
        // glued to a preceding number or word: "3.2013", "GBU-2013"
        if before_glued && i > 0 && !matches!(before, "(" | "\"" | "“" | "'" | "‘" | "[" | "-")
        {
            return false;
        }
        if before_glued && before == "-" && i > 1 && self.toks[i - 2].kind != Kind::Word {
            // "1990-1991": the second is a year too
            if self.toks[i - 2].kind != Kind::Num {
                return false;
            }
        }
        let after = self.w(i + 1);
        // "2000-strong"; but "1990-1995" and "in 1984 -- part of"
        let hyphen_word =
            self.hyphen(i + 1) && self.toks.get(i + 2).is_some_and(|t| t.kind == Kind::Word);
        if matches!(after, "%" | "percent" | "per") || hyphen_word {
            return false;
        }
        if self.is(i + 1, ":")
            || (self.is(i + 1, ".") && self.glued(i + 1) && self.num(i + 2).is_some())
        {
            return false;
        }
        // "2000 troops" — a plural noun after the number
        if self
            .toks
            .get(i + 1)
            .is_some_and(|t| t.kind == Kind::Word && !t.cap)
            && after.len() > 3
            && after.ends_with('s')
            && !after.ends_with("ss")
            && !lexicon::not_plural_noun(after)
        {
            return false;
        }
        // units after the number: "1500 feet", "2000 metres"
        if matches!(
            after,
            "feet"
                | "foot"
                | "metres"
                | "meters"
                | "miles"
                | "km"
                | "kilometres"
                | "tons"
                | "people"
                | "times"
                | "yards"
                | "pounds"
                | "dollars"
                | "euros"
                | "men"
                | "women"
                | "children"
                | "troops"
                | "police"
        ) {
            return false;
        }
        if (1900..=2099).contains(&y) {
            return true;
        }
        // "between 1846 and 1851": the first of a pair whose second is a
        // year ("between 1500 and 1600 troops" counts troops)
        if before == "between"
            && self.is(i + 1, "and")
            && self.toks.get(i + 2).is_some_and(|t| t.kind == Kind::Num)
            && let Some(y2) = self.num(i + 2)
        {
            return self.looks_like_year(i + 2, y2 as i32);
        }
        // "between 1846 and 1851", "in 1846 or 1847": the second of a pair
        // of years after a cue
        if matches!(before, "and" | "or")
            && i >= 3
            && self.toks[i - 2].kind == Kind::Num
            && self.toks[i - 2].end - self.toks[i - 2].start == 4
            && matches!(self.w(i - 3), "between" | "in" | "from" | "of" | "since")
        {
            return true;
        }
        matches!(
            before,
            "in" | "since"
                | "of"
                | "by"
                | "until"
                | "till"
                | "from"
                | "to"
                | "around"
                | "circa"
                | "before"
                | "after"
                | "year"
                | "early"
                | "late"
                | "mid"
                | "during"
                | "c"
        )
    }

    /// Decades and centuries: "the 1990s" · "1960s" · "the '80s" · "the
    /// nineties" · "the 20th century" · "this century".
    fn decade(&self, i: usize) -> Option<Hit> {
        let the = matches!(self.w(i), "the" | "this") as usize;
        let j = i + the;
        let w = self.w(j);
        // "1990s" (a Word token: digits + "s")
        if let Some(d) = w.strip_suffix('s')
            && d.len() == 4
            && d.bytes().all(|b| b.is_ascii_digit())
        {
            let y: i32 = d.parse().ok()?;
            // "the 1800s" is the century 1800-1899 ("the late 1800s"); "the
            // 2000s" is mostly read as the decade
            if y % 100 == 0 && (1000..2000).contains(&y) {
                return Some((j + 1, Partial::Century(y / 100)));
            }
            if y % 10 == 0 && (1000..2200).contains(&y) {
                return Some((j + 1, Partial::Decade(y)));
            }
            return None;
        }
        // "'80s"
        if self.apostrophe(j) && self.glued(j + 1) {
            let w2 = self.w(j + 1);
            if let Some(d) = w2.strip_suffix('s')
                && d.len() == 2
                && d.ends_with('0')
            {
                let y: i32 = d.parse().ok()?;
                return Some((
                    j + 2,
                    Partial::Decade(if y < 30 { 2000 + y } else { 1900 + y }),
                ));
            }
        }
        // "the 90s" without the apostrophe (tweets), unless the text
        // speaks of temperatures ("highs in the 90s"), speeds or scores
        if self.is(i, "the")
            && let Some(d) = w.strip_suffix('s')
            && d.len() == 2
            && d.ends_with('0')
            && d.bytes().all(|b| b.is_ascii_digit())
            && !self.glued(j + 1)
        {
            let lo = i.saturating_sub(8);
            let hi = (j + 8).min(self.words.len());
            let measure = self.words[lo..hi].iter().any(|w| {
                matches!(
                    *w,
                    "temperature"
                        | "temperatures"
                        | "temps"
                        | "degrees"
                        | "highs"
                        | "lows"
                        | "high"
                        | "low"
                        | "heat"
                        | "mph"
                        | "fahrenheit"
                        | "score"
                        | "scores"
                        | "percent"
                        | "%"
                )
            });
            // "in the 80s today!!": a temperature forecast
            let forecast = matches!(
                self.w(j + 1),
                "today" | "tonight" | "tomorrow" | "yesterday" | "again" | "all"
            );
            if measure || forecast {
                return None;
            }
            let y: i32 = d.parse().ok()?;
            return Some((
                j + 1,
                Partial::Decade(if y < 30 { 2000 + y } else { 1900 + y }),
            ));
        }
        if self.is(i, "the")
            && let Some(d) = decade_word(w)
        {
            return Some((j + 1, Partial::Decade(1900 + d)));
        }
        // "the turn of the century": the nearest century boundary to the
        // anchor (the reference date in a narrative); "the turn of the
        // 20th century" is 1900
        if self.is(i, "the") && w == "turn" && self.is(j + 1, "of") && self.is(j + 2, "the") {
            if self.is(j + 3, "century") {
                return Some((j + 4, Partial::TurnOfCentury));
            }
            if let Some(n) = lexicon::ordinal(self.w(j + 3))
                && (2..=22).contains(&n)
                && self.is(j + 4, "century")
            {
                let y = (n as i32 - 1) * 100;
                return Some((j + 5, cal(YearSpec::Explicit(y), None, None)));
            }
        }
        // "the 20th century", "an 11th century temple"
        if let Some(n) = lexicon::ordinal(w)
            && (1..=22).contains(&n)
            && self.is(j + 1, "century")
        {
            return Some((j + 2, Partial::Century(n as i32 - 1)));
        }
        if self.is(i, "this") && w == "century" {
            return Some((
                j + 1,
                Partial::UnitOffset {
                    unit: Unit::Century,
                    n: 0,
                    anaphoric: false,
                },
            ));
        }
        None
    }

    // ----- amounts: durations and shifts --------------------------------

    /// A quantity at `i`: "three", "20", "twenty-four", "2 1/2", "a few",
    /// "several", "a couple of", "a dozen"; returns (qty, end).
    fn quantity(&self, i: usize) -> Option<(Qty, usize)> {
        let w = self.w(i);
        match (w, self.w(i + 1)) {
            ("a" | "the", "few") => return Some((Qty::Some, i + 2)),
            ("a", "couple") if self.is(i + 2, "of") => return Some((Qty::N(2, false), i + 3)),
            ("couple", "of") => return Some((Qty::N(2, false), i + 2)),
            ("a", "dozen") => return Some((Qty::N(12, false), i + 2)),
            ("a" | "one", "hundred") => return Some((Qty::N(100, false), i + 2)),
            ("a" | "one", "thousand") => return Some((Qty::N(1000, false), i + 2)),
            ("several" | "few" | "many" | "some", _) => return Some((Qty::Some, i + 1)),
            ("half", "a" | "an") => return Some((Qty::N(0, true), i + 2)),
            _ => {}
        }
        if let Some(n) = self.num(i)
            && self.toks[i].kind == Kind::Num
            && !w.contains(['.', ','])
        {
            // "2 1/2"
            if self.num(i + 1) == Some(1)
                && self.is(i + 2, "/")
                && self.num(i + 3) == Some(2)
                && self.glued(i + 2)
            {
                return Some((Qty::N(n, true), i + 4));
            }
            if n == 0 {
                return None;
            }
            return Some((Qty::N(n, false), i + 1));
        }
        let n = lexicon::cardinal(w)?;
        // "two thousand years", "three hundred days"
        if !matches!(w, "a" | "an") && n < 10 {
            match self.w(i + 1) {
                "hundred" => return Some((Qty::N(n * 100, false), i + 2)),
                "thousand" => return Some((Qty::N(n * 1000, false), i + 2)),
                _ => {}
            }
        }
        // "twenty-four", "twenty four"
        if n >= 20 && n % 10 == 0 {
            let k = if self.hyphen(i + 1) { i + 2 } else { i + 1 };
            if let Some(u) = lexicon::cardinal(self.w(k))
                && (1..10).contains(&u)
                && !matches!(self.w(k), "a" | "an")
            {
                return Some((Qty::N(n + u, false), k + 1));
            }
        }
        if matches!(w, "a" | "an") && !self.cap(i) && self.toks[i].kind == Kind::Word {
            return Some((Qty::N(1, false), i + 1));
        }
        if matches!(w, "a" | "an") {
            return Some((Qty::N(1, false), i + 1));
        }
        // "one and a half"
        if self.is(i + 1, "and") && self.is(i + 2, "a") && self.is(i + 3, "half") {
            return Some((Qty::N(n, true), i + 4));
        }
        Some((Qty::N(n, false), i + 1))
    }

    /// Amounts of time and shifts by them:
    /// "two weeks" · "20-year" · "2 1/2 years" · "the past three years" ·
    /// "the next few days" · "three years ago" · "a year earlier" ·
    /// "two days later" · "years" · "recent months" · "the nine months".
    fn amount(&self, i: usize) -> Option<Hit> {
        // A leading window word: "the past", "last", "the next", "the first"
        let (window, j) = match (self.w(i), self.w(i + 1)) {
            ("the", w) if window_after_the(w) => (Some(w), i + 2),
            ("past" | "last" | "next" | "first" | "final" | "another" | "recent" | "coming", _) => {
                (Some(self.w(i)), i + 1)
            }
            ("the", _) => (Some("the"), i + 1),
            _ => (None, i),
        };
        // a bare unit right after the window: "the past year", "recent years"
        let (qty, k) = match self.quantity(j) {
            Some(q) => q,
            None => {
                let (unit, plural) = lexicon::unit(self.w(j))?;
                if !plural || unit == Unit::Second {
                    // "the past year" is a date, handled by `relative`
                    return None;
                }
                return self.bare_plural(i, window, j, unit);
            }
        };
        if window == Some("the") && qty == Qty::N(1, false) {
            return None; // "the one", "the a"
        }
        // "what a day!", "what a week": an exclamation, no amount of time
        if window.is_none() && matches!(self.w(i), "a" | "an") && i > 0 && self.is(i - 1, "what") {
            return None;
        }
        let mut k = k;
        // ranges keep the first amount: "two to three weeks", "12 to 18
        // months", "two or three days"
        if matches!(self.w(k), "to" | "or")
            && let Some((Qty::N(..), k2)) = self.quantity(k + 1)
            && lexicon::unit(self.w(k2)).is_some()
            && !matches!(self.w(k + 1), "a" | "an")
        {
            k = k2;
        }
        // "20-year", "two-day"
        let adjectival = self.hyphen(k);
        if adjectival && window == Some("the") {
            return None; // "the 20-year pact": the article belongs to the noun
        }
        if adjectival {
            k += 1;
        }
        // "two more weeks", "eight trading days"
        while unit_qualifier(self.w(k)) && !adjectival {
            k += 1;
        }
        let (unit, plural) = lexicon::unit(self.w(k))?;
        // "a year-earlier quarter": the adjective is a date of its own
        if self.hyphen(k + 1) && matches!(self.w(k + 2), "ago" | "earlier") {
            return None;
        }
        if self.title_word(k) {
            return None; // "60 Minutes"
        }

        if !plural
            && !adjectival
            && self.toks[j].kind == Kind::Num
            && self.toks[j].end - self.toks[j].start == 4
        {
            return None; // "the 1988 quarter" is a date
        }
        let n = match qty {
            Qty::N(n, _) => n,
            Qty::Some => 2,
        };
        // agreement: "several year" is not an amount, "five year" is (as in
        // "a five year plan"); "a years" never
        if !adjectival && !plural && qty == Qty::Some {
            return None;
        }
        if plural && n == 1 && !matches!(qty, Qty::N(1, true)) && matches!(self.w(j), "a" | "an") {
            return None;
        }
        if unit == Unit::Second && matches!(self.w(j), "a" | "an") {
            return None; // "a second time"
        }
        // "a quarter of the vote", "three quarters of its staff" are shares
        let share = self.is(k + 1, "of")
            && (!plural
                || matches!(
                    self.w(k + 2),
                    "the"
                        | "a"
                        | "an"
                        | "its"
                        | "their"
                        | "his"
                        | "her"
                        | "all"
                        | "our"
                        | "those"
                        | "these"
                        | "this"
                        | "that"
                ));
        if unit == Unit::Quarter && (share || (!plural && matches!(self.w(j), "a" | "an" | "one")))
        {
            return None; // "a quarter of the vote"
        }
        if matches!(self.w(j), "a" | "an")
            && self.toks[j].kind == Kind::Word
            && self.is(k + 1, "of")
        {
            return None; // "a day of mourning"
        }
        // "three years' time": keep the apostrophe out
        let mut e = k + 1;
        // ages are not temporal expressions: "a 6-year-old girl", "52
        // years old"
        if (self.hyphen(e) || !adjectival) && self.is(e + usize::from(self.hyphen(e)), "old") {
            return None;
        }
        // "decades-long", "year-long"
        if self.hyphen(e) && self.is(e + 1, "long") {
            e += 2;
        }
        // "one and a half hours" / "a minute and a half"
        let mut qty = qty;
        if self.is(e, "and") && self.is(e + 1, "a") && self.is(e + 2, "half") {
            if let Qty::N(n, _) = qty {
                qty = Qty::N(n, true);
            }
            e += 3;
        }
        // shifts: "ago", "earlier", "later", "from now"
        match (self.w(e), self.w(e + 1)) {
            ("ago", _) if window.is_none() || window == Some("some") => {
                return Some((
                    e + 1,
                    Partial::Shift {
                        qty,
                        unit,
                        sign: -1,
                        anaphoric: false,
                    },
                ));
            }
            // "two days earlier", "a week before."; but in "two days before
            // the vote" the event anchors it and the amount stays a duration
            ("earlier" | "before" | "previously", _)
                if window.is_none() && !adjectival && !self.event_follows(e) =>
            {
                let shift = Partial::Shift {
                    qty,
                    unit,
                    sign: -1,
                    anaphoric: true,
                };
                return Some((e + 1, shift));
            }
            // "two days later": a date in narratives; in news TE3 keeps the
            // duration "two days"
            ("later" | "after" | "afterwards" | "afterward", _)
                if window.is_none()
                    && !adjectival
                    && self.mode == super::Mode::Narrative
                    && !self.event_follows(e) =>
            {
                let shift = Partial::Shift {
                    qty,
                    unit,
                    sign: 1,
                    anaphoric: true,
                };
                return Some((e + 1, shift));
            }
            ("from", "now") if window.is_none() => {
                return Some((
                    e + 2,
                    Partial::Shift {
                        qty,
                        unit,
                        sign: 1,
                        anaphoric: false,
                    },
                ));
            }
            _ => {}
        }
        // "the" + amount is a duration only for plain amounts: "the nine
        // months", "the four days" (not "the one time")
        if window == Some("recent") {
            return None;
        }
        // rates are not times: "four flights a week", "$1.76 a year",
        // "358,000 a month"
        if matches!(self.w(j), "a" | "an") && j == i && i > 0 && self.rate_before(i) {
            return None;
        }
        Some((e, Partial::Duration { qty, unit }))
    }

    /// Bare plural units: "years" · "recent months" · "the past weeks" ·
    /// "the coming weeks" · "the years".
    fn bare_plural(&self, i: usize, window: Option<&str>, j: usize, unit: Unit) -> Option<Hit> {
        let e = j + 1;
        // ages: "37 years old", "years-old"; titles: "60 Minutes"
        if self.is(e, "old") || (self.hyphen(e) && self.is(e + 1, "old")) || self.title_word(j) {
            return None;
        }
        if self.hyphen(e) && matches!(self.w(e + 1), "old" | "long") {
            return Some((
                e + 2,
                Partial::Duration {
                    qty: Qty::Some,
                    unit,
                },
            ));
        }
        if self.is(e, "ago") {
            return Some((e + 1, Partial::Ref(Ref::Past)));
        }
        match window {
            Some("coming" | "next" | "following") => Some((e, Partial::Ref(Ref::Future))),
            Some("recent") if unit == Unit::Year => Some((e, Partial::Ref(Ref::Past))),
            Some("the") => {
                // "the years" only before "ahead" etc.; "the days of" no
                None
            }
            Some(_) => Some((
                e,
                Partial::Duration {
                    qty: Qty::Some,
                    unit,
                },
            )),
            None => {
                // "years" alone; not "days of rage", not "the early days",
                // not "the war years", "his college years" (a noun's era)
                let era = i >= 2
                    && self.toks[i - 1].kind == Kind::Word
                    && !self.cap(i - 1)
                    && matches!(
                        self.w(i - 2),
                        "the" | "those" | "his" | "her" | "their" | "its" | "our" | "my"
                    );
                if era
                    || self.is(e, "of")
                    || (i > 0
                        && matches!(self.w(i - 1), "the" | "those" | "these" | "early" | "dog"))
                {
                    return None;
                }
                if unit < Unit::Day || unit == Unit::Quarter {
                    return None;
                }
                Some((
                    e,
                    Partial::Duration {
                        qty: Qty::Some,
                        unit,
                    },
                ))
            }
        }
    }

    // ----- quarters, halves, seasons -----------------------------------

    /// "the third quarter" · "third-quarter" · "the fiscal first quarter" ·
    /// "the 1988 third quarter" · "the third quarter of 1990" · "Q3 2013" ·
    /// "the first half" · "the quarter" · "the year-ago quarter".
    fn quarter(&self, i: usize) -> Option<Hit> {
        let the = matches!(self.w(i), "the" | "a" | "this" | "last" | "next") as usize;
        let rel = match self.w(i) {
            "last" => Some(-1),
            "next" => Some(1),
            _ => None,
        };
        let mut j = i + the;
        let mut year = YearSpec::Open;
        // "this year's third quarter", "last year's quarter"
        let possessive = rel_year(self.w(i)).is_some()
            && self.is(i + 1, "year")
            && self.apostrophe(i + 2)
            && self.is(i + 3, "s");
        if possessive {
            year = YearSpec::Rel(rel_year(self.w(i)).unwrap_or(0));
            j = i + 4;
        }
        let the = if possessive { 1 } else { the };
        let rel = if possessive { None } else { rel };
        if let Some((y, e)) = self.year_number(j) {
            year = YearSpec::Explicit(y);
            j = e;
        }
        // "year-ago", "year-earlier", "comparable year-ago"
        if self.is(j, "comparable") || self.is(j, "corresponding") || self.is(j, "same") {
            j += 1;
        }
        let mut ago = false;
        if self.is(j, "year") && self.hyphen(j + 1) && matches!(self.w(j + 2), "ago" | "earlier") {
            ago = true;
            j += 3;
        }
        if matches!(self.w(j), "fiscal" | "calendar") {
            j += 1;
            if self.hyphen(j) {
                j += 1;
            }
        }
        // "Q3"
        let w = self.w(j);
        // "H1 2025", "H2"
        if w.len() == 2 && w.starts_with('h') && self.cap(j) {
            let h = (w.as_bytes()[1] as char).to_digit(10)?;
            if (1..=2).contains(&h) {
                if let Some((y, e)) = self.year_number(j + 1) {
                    return Some((
                        e,
                        Partial::Half {
                            h,
                            year: YearSpec::Explicit(y),
                        },
                    ));
                }
                return (the == 1).then_some((j + 1, Partial::Half { h, year }));
            }
        }
        if w.len() == 2 && w.starts_with('q') && self.cap(j) {
            let q = (w.as_bytes()[1] as char).to_digit(10)?;
            if (1..=4).contains(&q) {
                if let Some((y, e)) = self.year_number(j + 1) {
                    return Some((
                        e,
                        Partial::Quarter {
                            q,
                            year: YearSpec::Explicit(y),
                        },
                    ));
                }
                return Some((j + 1, Partial::Quarter { q, year }));
            }
        }
        let ord = lexicon::ordinal(w).filter(|n| (1..=4).contains(n));
        let k = match ord {
            Some(_) if self.hyphen(j + 1) => j + 2,
            Some(_) => j + 1,
            None => j,
        };
        if ord.is_some() && k == j + 2 && the == 1 && self.is(i, "the") && year == YearSpec::Open {
            return None; // "the third-quarter results": the article is the noun's
        }
        let unit = self.w(k);
        // "quarter-to-quarter", "period-to-period": a comparison, no time
        if self.hyphen(k + 1) && self.is(k + 2, "to") {
            return None;
        }
        let q = match (ord, unit) {
            (Some(n), "quarter") => (n, false),
            (Some(n @ 1..=2), "half") => (n, true),
            (None, "quarter" | "period") if the == 1 || ago => {
                if self.w(i) == "a"
                    || (unit == "period"
                        && !ago
                        && !matches!(year, YearSpec::Explicit(_))
                        && !matches!(self.w(j.saturating_sub(1)), "latest" | "the"))
                {
                    return None;
                }
                (0, false)
            }
            (None, "latest" | "recent" | "current" | "previous") if the == 1 => {
                if matches!(self.w(k + 1), "quarter" | "period") && self.w(i) == "the" {
                    let r = match unit {
                        "current" => 1,
                        "previous" => -1,
                        _ => 0,
                    };
                    let q = Partial::Quarter {
                        q: 0,
                        year: YearSpec::Rel(r),
                    };
                    return Some((k + 2, q));
                }
                return None;
            }
            _ => return None,
        };
        if unit == "period" && ord.is_some() {
            return None;
        }
        if self.w(i) == "a" && ord.is_none() {
            return None;
        }
        let mut e = k + 1;
        // "the third quarter of 1990", "the first half of next year"
        if self.is(e, "of") {
            if let Some((y, e2)) = self.year_number(e + 1) {
                year = YearSpec::Explicit(y);
                e = e2;
            } else if matches!(self.w(e + 1), "the" | "this" | "current")
                && self.is(e + 2, "year")
                && !self.apostrophe(e + 3)
            {
                // "the second half of the year": this year
                year = YearSpec::Rel(0);
                e += 3;
            } else if matches!(self.w(e + 1), "this" | "last" | "next") && self.is(e + 2, "year") {
                year = YearSpec::Rel(match self.w(e + 1) {
                    "this" => 0,
                    "last" => -1,
                    _ => 1,
                });
                e += 3;
            }
        } else if let Some((y, e2)) = self.year_number(e) {
            year = YearSpec::Explicit(y);
            e = e2;
        }
        if ago {
            year = YearSpec::Rel(-1);
        }
        if year == YearSpec::Open && self.w(i) == "a" {
            return None;
        }
        let (mut n, half) = q;
        // "the quarter ended Sept. 30": the quarter that holds that day
        if n == 0
            && !half
            && !ago
            && matches!(self.w(e), "ended" | "ending")
            && let Some((
                _,
                Partial::Cal {
                    month: Some(m),
                    year: y2,
                    ..
                },
            )) = self.month_date(e + 1)
        {
            n = (m - 1) / 3 + 1;
            if let YearSpec::Explicit(_) = y2 {
                year = y2;
            }
        }
        if n == 0 && rel.is_some() {
            return Some((
                e,
                Partial::UnitOffset {
                    unit: Unit::Quarter,
                    n: rel.unwrap_or(0) as i64,
                    anaphoric: false,
                },
            ));
        }
        if let Some(r) = rel
            && year == YearSpec::Open
        {
            year = YearSpec::Rel(r);
        }
        if half {
            if self.w(i) == "a" || the == 0 && year == YearSpec::Open {
                return None; // "half" alone is a fraction
            }
            return Some((e, Partial::Half { h: n, year }));
        }
        if the == 0 && ord.is_none() {
            return None;
        }
        // "the quarter a year ago", "the third quarter a year earlier": the
        // quarter of the year before
        if year == YearSpec::Open
            && self.is(e, "a")
            && self.is(e + 1, "year")
            && matches!(self.w(e + 2), "ago" | "earlier")
        {
            year = YearSpec::Rel(-1);
            e += 3;
        }
        Some((e, Partial::Quarter { q: n, year }))
    }

    /// "1941–42", "1941-1942": after year `y` ending at `e`, a dash and
    /// the next year (a winter or a season of sport across the new year)
    /// belong to the phrase, which keeps the first year; returns the end.
    fn next_year_after(&self, e: usize, y: i32) -> usize {
        if !(matches!(self.w(e), "-" | "–" | "/") && self.glued(e) && self.glued(e + 1)) {
            return e;
        }
        let Some(t) = self.toks.get(e + 1).filter(|t| t.kind == Kind::Num) else {
            return e;
        };
        let n = self.num(e + 1).map_or(-1, |n| n as i32);
        let next = match t.end - t.start {
            2 => (y + 1) % 100,
            4 => y + 1,
            _ => return e,
        };
        if n == next { e + 2 } else { e }
    }

    /// "summer" · "this summer" · "last fall" · "the winter of 1994" ·
    /// "spring 2013". "fall" needs a determiner or a year (it is mostly the
    /// verb).
    fn season(&self, i: usize) -> Option<Hit> {
        let (rel, j) = self.rel_word(i);
        let the = rel == Rel::Bare && self.is(i, "the");
        let j = if the { i + 1 } else { j };
        let s = lexicon::season(self.w(j))?;
        if let Some((y, e)) = self.year_number(j + 1) {
            let e = self.next_year_after(e, y);
            return Some((
                e,
                Partial::Season {
                    season: s,
                    year: YearSpec::Explicit(y),
                    rel,
                },
            ));
        }
        if self.is(j + 1, "of")
            && let Some((y, e)) = self.year_number(j + 2)
        {
            let e = self.next_year_after(e, y);
            return Some((
                e,
                Partial::Season {
                    season: s,
                    year: YearSpec::Explicit(y),
                    rel,
                },
            ));
        }
        if self.is(j + 1, "of") {
            return None; // "the fall of Rome"
        }
        let before = if i > 0 { self.w(i - 1) } else { "" };
        let cued = rel != Rel::Bare || the || SEASON_CUES.contains(&before);
        // "the fall in prices", "the spring of discontent": the noun, not
        // the season (a year would have been caught above)
        let noun_after = self.toks.get(j + 1).is_some_and(|t| t.kind == Kind::Word)
            && matches!(
                self.w(j + 1),
                "in" | "of" | "from" | "to" | "was" | "is" | "has" | "had"
            );
        if (the || rel == Rel::Bare) && s == Season::Fall && noun_after {
            return None;
        }
        if !cued
            || (s == Season::Fall
                && rel == Rel::Bare
                && !the
                && !matches!(before, "early" | "late" | "mid" | "-"))
        {
            return None;
        }
        // "spring training", "summer camp" are still the season; but
        // "winter Olympics" is a name
        if self.cap(j + 1) && !self.cap(j) {
            return None;
        }
        Some((
            j + 1,
            Partial::Season {
                season: s,
                year: YearSpec::Open,
                rel,
            },
        ))
    }

    // ----- relative units ----------------------------------------------

    /// "last week" · "this month" · "next year" · "the past year" · "the
    /// following day" · "that day" · "this weekend" · "the weekend" ·
    /// "last January" · "this September" · "the current year" ·
    /// "year-end" · "this time last year".
    fn relative(&self, i: usize) -> Option<Hit> {
        // "this time last year"
        if self.is(i, "this")
            && self.is(i + 1, "time")
            && self.is(i + 2, "last")
            && self.is(i + 3, "year")
        {
            return Some((i + 4, Partial::SameDay { years: -1 }));
        }
        // "year-earlier", "year-ago" as adjectives: last year
        if self.is(i, "year") && self.hyphen(i + 1) && matches!(self.w(i + 2), "ago" | "earlier") {
            return Some((
                i + 3,
                Partial::Shift {
                    qty: Qty::N(1, false),
                    unit: Unit::Year,
                    sign: -1,
                    anaphoric: false,
                },
            ));
        }
        // "year-end", "year end", "year's end"
        if self.is(i, "year") {
            let k = if self.hyphen(i + 1) {
                i + 2
            } else if self.apostrophe(i + 1) && self.is(i + 2, "s") {
                i + 3
            } else {
                i + 1
            };
            if self.is(k, "end") && (k > i + 1 || self.is(i.wrapping_sub(1), "around")) {
                return Some((
                    k + 1,
                    Partial::UnitOffset {
                        unit: Unit::Year,
                        n: 0,
                        anaphoric: false,
                    },
                ));
            }
        }
        // "the year ended Sept. 30" is a year-long period; "for the year."
        // and "of the fiscal year," the current one
        if self.is(i, "the") {
            let j = i + 1 + matches!(self.w(i + 1), "fiscal" | "calendar") as usize;
            if self.is(j, "year") {
                if matches!(self.w(j + 1), "ended" | "ending") {
                    return Some((
                        j + 1,
                        Partial::Duration {
                            qty: Qty::N(1, false),
                            unit: Unit::Year,
                        },
                    ));
                }
                let before = if i > 0 { self.w(i - 1) } else { "" };
                let after_punct = self.toks.get(j + 1).is_none_or(|t| t.kind == Kind::Punct)
                    && !self.apostrophe(j + 1)
                    && !self.hyphen(j + 1);
                if after_punct && matches!(before, "for" | "of" | "throughout" | "during") {
                    return Some((
                        j + 1,
                        Partial::UnitOffset {
                            unit: Unit::Year,
                            n: 0,
                            anaphoric: false,
                        },
                    ));
                }
            }
        }
        // "the day before", "the year after": counted from the reference
        // date when nothing follows ("the day before the vote" is anchored
        // by the vote)
        if self.is(i, "the")
            && let Some((unit, false)) = lexicon::unit(self.w(i + 1))
            && unit >= Unit::Day
            && matches!(self.w(i + 2), "before" | "after" | "earlier" | "later")
            && self.toks.get(i + 3).is_none_or(|t| t.kind == Kind::Punct)
        {
            let n = if matches!(self.w(i + 2), "before" | "earlier") {
                -1
            } else {
                1
            };
            return Some((
                i + 3,
                Partial::UnitOffset {
                    unit,
                    n,
                    anaphoric: true,
                },
            ));
        }
        // "the week of March 6": the ISO week holding that day
        if self.is(i, "the")
            && self.is(i + 1, "week")
            && self.is(i + 2, "of")
            && let Some((
                e,
                Partial::Cal {
                    year,
                    month: Some(month),
                    day: Some(day),
                    ..
                },
            )) = self
                .month_date(i + 3)
                .or_else(|| self.day_first_date(i + 3))
        {
            return Some((e, Partial::WeekOfDay { month, day, year }));
        }
        // "the first week of March", "the last week of June 2024"
        if self.is(i, "the")
            && self.is(i + 2, "week")
            && self.is(i + 3, "of")
            && let Some(n) = match self.w(i + 1) {
                "last" | "final" => Some(-1),
                w => lexicon::ordinal(w)
                    .filter(|n| (1..=5).contains(n))
                    .map(|n| n as i32),
            }
            && let Some((
                e,
                Partial::Cal {
                    year,
                    month: Some(month),
                    day: None,
                    ..
                },
            )) = self.month_date(i + 4)
        {
            return Some((e, Partial::WeekOfMonth { n, month, year }));
        }
        // "This Week" (a programme) mid-sentence
        if self.title_word(i) && self.cap(i + 1) {
            return None;
        }
        let (n, anaphoric, j) = match (self.w(i), self.w(i + 1)) {
            ("this", "past") => (-1, false, i + 2),
            ("this" | "current", _) => (0, false, i + 1),
            ("the", "current" | "present") => (0, false, i + 2),
            ("the", "same") => (0, true, i + 2),
            ("that", "same") => (0, true, i + 2),
            ("that", _) => (0, true, i + 1),
            ("last" | "past", _) => (-1, false, i + 1),
            ("the", "past" | "last") => (-1, false, i + 2),
            ("next" | "coming", _) => (1, false, i + 1),
            ("the", "next" | "coming") => (1, false, i + 2),
            ("the", "following") => (1, true, i + 2),
            ("the", "previous" | "preceding") => (-1, true, i + 2),
            ("the", "weekend") => return Some((i + 2, Partial::Weekend { rel: Rel::Bare })),
            ("the", "full" | "whole" | "entire") if self.is(i + 2, "year") => {
                return Some((
                    i + 3,
                    Partial::UnitOffset {
                        unit: Unit::Year,
                        n: 0,
                        anaphoric: false,
                    },
                ));
            }
            _ => return None,
        };
        let mut j = j;
        if self.is(j, "fiscal") || self.is(j, "calendar") {
            j += 1;
        }
        let w = self.w(j);
        let rel = match n {
            -1 => Rel::Last,
            1 => Rel::Next,
            _ if anaphoric => Rel::That,
            _ => Rel::This,
        };
        if w == "weekend" {
            return Some((j + 1, Partial::Weekend { rel }));
        }
        if let Some((month, e)) = self.month_name(j)
            && (e == j + 1 || self.is(j + 1, "."))
            && self.day_number(e).is_none()
        {
            return Some((e, cal(YearSpec::Open, Some(month), None).with_rel(rel)));
        }
        if let Some(h) =
            lexicon::holiday(&self.words[j.min(self.words.len())..self.words.len().min(j + 5)])
        {
            return Some((
                j + h.1,
                Partial::Holiday {
                    holiday: h.0,
                    year: YearSpec::Open,
                    rel,
                },
            ));
        }
        let (unit, plural) = lexicon::unit(w)?;
        if plural || unit < Unit::Day {
            return None;
        }
        // "this day" is rare and mostly "to this day"; "the past day" fine
        if unit == Unit::Day && n == 0 && !anaphoric {
            return None;
        }
        // "that year" etc. are anaphoric; "the last day" is not a day offset
        if self.is(i, "the") && matches!(self.w(i + 1), "last" | "past") && unit == Unit::Day {
            return None;
        }
        if unit == Unit::Quarter && n == 0 && !anaphoric && self.is(i, "current") {
            return None;
        }
        // "the past decade" is the last ten years, not the 2010s
        if n == -1 && !anaphoric && unit >= Unit::Decade && matches!(self.w(j - 1), "past" | "last")
        {
            return Some((
                j + 1,
                Partial::Duration {
                    qty: Qty::N(1, false),
                    unit,
                },
            ));
        }
        Some((j + 1, Partial::UnitOffset { unit, n, anaphoric }))
    }

    // ----- vague references --------------------------------------------

    /// "now" · "right now" · "currently" · "recently" · "the future" ·
    /// "the past" · "soon" · "these days" · "the near future" · "in the
    /// coming weeks" (handled by `bare_plural`).
    fn reference(&self, i: usize) -> Option<Hit> {
        let w = self.w(i);
        let n = self.w(i + 1);
        match (w, n) {
            ("these", "days") => return Some((i + 2, Partial::Ref(Ref::Present))),
            ("at", "present") => return Some((i + 2, Partial::Ref(Ref::Present))),
            // "the future of the company" is its prospects, not a time
            ("the", "future") if !self.is(i + 2, "of") => {
                return Some((i + 2, Partial::Ref(Ref::Future)));
            }
            ("the", "near" | "foreseeable" | "distant")
                if matches!(self.w(i + 2), "future" | "term") =>
            {
                return Some((i + 3, Partial::Ref(Ref::Future)));
            }
            ("the", "short" | "long") if self.is(i + 2, "term") && !self.hyphen(i + 3) => {
                return Some((i + 3, Partial::Ref(Ref::Future)));
            }
            // "at the time," — then, in the past
            ("the", "time")
                if i > 0
                    && self.is(i - 1, "at")
                    && self.toks.get(i + 2).is_none_or(|t| t.kind == Kind::Punct) =>
            {
                return Some((i + 2, Partial::Ref(Ref::Past)));
            }
            ("the", "past") if !self.unit_or_qty_at(i + 2) => {
                return Some((i + 2, Partial::Ref(Ref::Past)));
            }
            ("the", "present") if !self.unit_or_qty_at(i + 2) && !self.cap(i + 2) => {
                return Some((i + 2, Partial::Ref(Ref::Present)));
            }
            ("future", _) => {
                // "future quarters", "Elian's future"; "the future" above.
                // Before other nouns ("future generations") it is an
                // adjective of kind more than of time.
                let possessed = i > 1 && self.is(i - 1, "s") && self.apostrophe(i - 2);
                if !self.cap(i) && (possessed || lexicon::unit(n).is_some_and(|u| u.1)) {
                    return Some((i + 1, Partial::Ref(Ref::Future)));
                }
                return None;
            }
            ("more", "recently") => return Some((i + 2, Partial::Ref(Ref::Past))),
            ("as", "soon") if self.is(i + 2, "as") && self.is(i + 3, "possible") => {
                return Some((i + 4, Partial::Ref(Ref::Future)));
            }
            _ => {}
        }
        let r = lexicon::ref_word(w)?;
        match w {
            // "current account", "currents"; "the current chairman" is
            // still PRESENT_REF in TimeML
            "current"
                if matches!(
                    n,
                    "account" | "accounts" | "affairs" | "events" | "density" | "flows"
                ) =>
            {
                None
            }
            // "recent" before a plural unit is a duration (see `amount`)
            "recent" if lexicon::unit(n).is_some() => None,
            // "as soon as he arrives", "soon after"
            "soon"
                if matches!(n, "after" | "as" | "afterwards")
                    || (i > 0 && self.is(i - 1, "as")) =>
            {
                None
            }
            _ => Some((i + 1, Partial::Ref(r))),
        }
    }

    fn unit_or_qty_at(&self, i: usize) -> bool {
        lexicon::unit(self.w(i)).is_some()
            || self
                .quantity(i)
                .is_some_and(|(_, e)| lexicon::unit(self.w(e)).is_some() || self.hyphen(e))
    }

    // ----- sets --------------------------------------------------------

    /// "every Monday" · "each year" · "weekly" · "annually" · "on Mondays"
    /// · "Tuesday nights" · "twice a week" · "5% a year".
    fn set(&self, i: usize) -> Option<Hit> {
        let w = self.w(i);
        if let Some(v) = lexicon::set_adverb(w) {
            // "annual" only as "annual(ly)" adverb; "the annual report" no
            if w == "annual" {
                return None;
            }
            // after an amount it is a rate: "grow 8% annually", "make
            // 10,000 units annually", "save $2 million annually"
            if self.amount_before(i) {
                return None;
            }
            // adjectives before a noun: "quarterly dividend", "daily
            // newspaper"; the adverb stands after its verb: "trades daily"
            if self.toks.get(i + 1).is_some_and(|t| t.kind == Kind::Word)
                && !FUNCTION_WORDS.contains(&self.w(i + 1))
                && !self.toks[i].sentence_end
            {
                return None;
            }
            return Some((i + 1, Partial::Set(v.to_string())));
        }
        if let Some(day) = lexicon::weekday_plural(w)
            && self.cap(i)
        {
            let d = day.number_from_monday();
            return Some((i + 1, Partial::Set(format!("XXXX-WXX-{d}"))));
        }
        if let Some(day) = lexicon::weekday(w)
            && self.cap(i)
            && matches!(
                self.w(i + 1),
                "nights" | "mornings" | "evenings" | "afternoons"
            )
        {
            let p = lexicon::part_of_day(self.w(i + 1))?;
            let d = day.number_from_monday();
            return Some((i + 2, Partial::Set(format!("XXXX-WXX-{d}T{}", p.code()))));
        }
        let (j, per) = match (w, self.w(i + 1)) {
            ("every" | "each", "other") => (i + 2, 2),
            ("every" | "each" | "per", _) => (i + 1, 1),
            ("a" | "an", _) if i > 0 && self.counts_before(i) => (i + 1, 1),
            ("once" | "twice", "a" | "an" | "per" | "every" | "each") => (i + 2, 1),
            _ => return None,
        };
        let v = self.w(j);
        if let Some(day) = lexicon::weekday(v).filter(|_| self.cap(j) || self.lowercase) {
            let d = day.number_from_monday();
            return Some((j + 1, Partial::Set(format!("XXXX-WXX-{d}"))));
        }
        if let Some(m) = self.month_name(j) {
            return Some((m.1, Partial::Set(format!("XXXX-{:02}", m.0))));
        }
        if let Some(s) = lexicon::season(v) {
            return Some((j + 1, Partial::Set(format!("XXXX-{}", s.code()))));
        }
        if let Some(p) = lexicon::part_of_day(v) {
            return Some((j + 1, Partial::Set(format!("XXXX-XX-XXT{}", p.code()))));
        }
        if v == "weekend" {
            return Some((j + 1, Partial::Set("XXXX-WXX-WE".into())));
        }
        // "every two weeks", "every few years"
        let (n, k) = match self.quantity(j) {
            Some((Qty::N(n, false), k)) if !matches!(v, "a" | "an") => (n, k),
            Some((Qty::Some, k)) => (0, k),
            _ => (per, j),
        };
        let (unit, _) = lexicon::unit(self.w(k))?;
        if unit == Unit::Second && k == j {
            return None;
        }
        let amount = (n != 0).then_some(n);
        Some((k + 1, Partial::Set(duration_value(amount, unit))))
    }

    /// "before"/"after" at `k` introduces an event ("before the vote")
    /// rather than ending the phrase ("a week before.").
    fn event_follows(&self, k: usize) -> bool {
        matches!(self.w(k), "before" | "after")
            && self.toks.get(k + 1).is_some_and(|t| t.kind != Kind::Punct)
    }

    /// A capitalised word inside a sentence (not its first word) that is
    /// part of a name: "USA Today", "60 Minutes", "This Week".
    fn title_word(&self, i: usize) -> bool {
        self.cap(i)
            && i > 0
            && !self.toks[i - 1].sentence_end
            && !self.toks[i].newline_before
            && !matches!(
                self.w(i - 1),
                "\"" | "“" | "``" | "(" | "'" | "‘" | ":" | "`"
            )
    }

    /// An amount or a counted noun before "a"/"per": "four flights a week",
    /// "$500 million a year", "20% a year".
    fn rate_before(&self, i: usize) -> bool {
        let b = self.w(i - 1);
        self.toks[i - 1].kind == Kind::Num
            || matches!(
                b,
                "%" | "percent" | "million" | "billion" | "trillion" | "cents" | "dollars"
            )
            || (self.toks[i - 1].kind == Kind::Word
                && b.len() > 3
                && b.ends_with('s')
                && !b.ends_with("ss")
                && i > 1
                && self.counted(i - 2))
    }

    /// Token `k` is a count: "700", "four", "several" ("four flights").
    fn counted(&self, k: usize) -> bool {
        self.toks[k].kind == Kind::Num
            || lexicon::cardinal(self.w(k)).is_some_and(|_| !matches!(self.w(k), "a" | "an"))
            || matches!(
                self.w(k),
                "several" | "many" | "few" | "million" | "billion" | "thousand"
            )
    }

    /// A frequency before "a"/"an": "twice a week", "three times a day".
    /// An amount right before token `i`: "8%", "10,000 units", "$2
    /// million", "5 percent".
    fn amount_before(&self, i: usize) -> bool {
        let amount = |k: usize| {
            self.toks[k].kind == Kind::Num
                || matches!(
                    self.w(k),
                    "%" | "percent" | "million" | "billion" | "trillion"
                )
        };
        (i >= 1 && amount(i - 1))
            || (i >= 2
                && amount(i - 2)
                && self.toks[i - 1].kind == Kind::Word
                && self.w(i - 1).ends_with('s'))
    }

    fn counts_before(&self, i: usize) -> bool {
        // frequencies are sets ("three times a day", "twice a week");
        // rates of money or things are not ("$1.76 a year")
        matches!(self.w(i - 1), "times" | "once" | "twice")
    }

    // ----- holidays ----------------------------------------------------

    /// "Christmas" · "Christmas Eve" · "Thanksgiving Day" · "Easter 2014" ·
    /// "New Year's Day" · "Good Friday".
    fn holiday(&self, i: usize) -> Option<Hit> {
        if !(self.cap(i) || self.lowercase) {
            return None;
        }
        // "a Christmas baby", "an Easter egg hunt": a kind of thing
        if i > 0 && matches!(self.w(i - 1), "a" | "an") {
            return None;
        }
        let hi = self.words.len().min(i + 5);
        let (h, n) = lexicon::holiday(&self.words[i..hi])?;
        let e = i + n;
        // "Easter Island", "the Good Friday Agreement" are names
        if self.title_word(e) && self.year_number(e).is_none() {
            return None;
        }
        if let Some((y, e2)) = self.year_number(e) {
            return Some((
                e2,
                Partial::Holiday {
                    holiday: h,
                    year: YearSpec::Explicit(y),
                    rel: Rel::Bare,
                },
            ));
        }
        // "Christmas tree", "Easter egg" are fine as names but rarely
        // dates; "Christmas shopping" still refers to the date — keep.
        Some((
            e,
            Partial::Holiday {
                holiday: h,
                year: YearSpec::Open,
                rel: Rel::Bare,
            },
        ))
    }

    /// "on the 5th", "until the 21st": a day of the month alone, after a
    /// preposition and before no noun ("on the 5th floor", "the 3rd day"
    /// are no dates).
    fn day_of_month(&self, i: usize) -> Option<Hit> {
        if !self.is(i, "the") || i == 0 {
            return None;
        }
        let w = self.w(i + 1);
        if !w.as_bytes().first().is_some_and(u8::is_ascii_digit) {
            return None;
        }
        let d = lexicon::ordinal(w).filter(|d| (1..=31).contains(d))?;
        if !matches!(
            self.w(i - 1),
            "on" | "by" | "until" | "till" | "til" | "since" | "before" | "after" | "from"
        ) {
            return None;
        }
        let free = match self.toks.get(i + 2) {
            None => true,
            Some(t) if t.kind == Kind::Punct => !matches!(self.w(i + 2), "-" | "/"),
            Some(_) => {
                let n = self.w(i + 2);
                n != "of"
                    && lexicon::month(n).is_none()
                    && (FUNCTION_WORDS.contains(&n)
                        || matches!(n, "i" | "we" | "you" | "u" | "they" | "he" | "she" | "it"))
            }
        };
        free.then_some((i + 2, Partial::DayOfMonth(d)))
    }

    /// "the first Saturday of May 1953", "the last Friday of June": the
    /// n-th weekday of a month, counted like the rule-based holidays.
    fn nth_weekday(&self, i: usize) -> Option<Hit> {
        if !self.is(i, "the") {
            return None;
        }
        let k = i + 1;
        let n = match self.w(k) {
            "first" => 1,
            "second" => 2,
            "third" => 3,
            "fourth" => 4,
            "last" => -1,
            _ => return None,
        };
        let wd = lexicon::weekday(self.w(k + 1)).filter(|_| self.cap(k + 1) || self.lowercase)?;
        if !self.is(k + 2, "of") {
            return None;
        }
        let (m, e) = self.month_name(k + 3)?;
        let (year, e) = match self.year_number(e) {
            Some((y, e2)) => (YearSpec::Explicit(y), e2),
            None => (YearSpec::Open, e),
        };
        Some((
            e,
            Partial::Holiday {
                holiday: Holiday::Nth(m, wd, n),
                year,
                rel: Rel::Bare,
            },
        ))
    }

    // ----- clock times -------------------------------------------------

    /// "10:35 a.m." · "5 p.m. EST" · "10 p.m. Wednesday" · "noon Thursday"
    /// · "midnight" · "4 in the morning" · "14:30 GMT" · "7 o'clock".
    fn clock(&self, i: usize) -> Option<(usize, Partial, Option<PartOfDay>)> {
        // "at 7 tonight": the bare hour took "tonight" as its day
        let mut tonight = false;
        let (hour, minute, mut e, part) = match self.w(i) {
            // "High Noon" is a film, "high noon" an idiom
            "noon" | "midday" | "midnight"
                if self.title_word(i) || (i > 0 && self.is(i - 1, "high")) =>
            {
                return None;
            }
            "noon" | "midday" => (12, 0, i + 1, None),
            "midnight" => (24, 0, i + 1, None),
            // "1800 GMT", "0930 UTC": a four-figure clock before a time
            // zone; "10:35 a.m. (0735 GMT)" restates the time just given
            _ if self.toks[i].kind == Kind::Num
                && !(i > 0 && self.is(i - 1, "("))
                && self.toks[i].end - self.toks[i].start == 4
                && lexicon::time_zone(self.w(i + 1))
                && self.cap(i + 1) =>
            {
                let n = self.num(i)?;
                let (h, m) = (n / 100, n % 100);
                if h > 23 || m > 59 {
                    return None;
                }
                (h, m, i + 1, None)
            }
            // "at 7p", "@ 9a": the one-letter am/pm of chat, only after a
            // clock preposition ("7p" alone is seven pence)
            w if i > 0
                && matches!(
                    self.w(i - 1),
                    "at" | "@" | "by" | "until" | "till" | "til" | "from" | "around"
                )
                && (2..=3).contains(&w.len())
                && !matches!(self.w(i + 1), "per" | "each" | "a" | "an")
                && matches!(w.as_bytes().last(), Some(b'a' | b'p'))
                && w[..w.len() - 1].bytes().all(|b| b.is_ascii_digit()) =>
            {
                let h: u32 = w[..w.len() - 1].parse().ok()?;
                if !(1..=12).contains(&h) {
                    return None;
                }
                let pm = w.ends_with('p');
                let hour = match (pm, h) {
                    (true, 12) => 12,
                    (true, h) => h + 12,
                    (false, 12) => 0,
                    (false, h) => h,
                };
                (hour, 0, i + 1, None)
            }
            _ => {
                // "5pm", "10am" are one token
                let (h, mut glued_pm) = match split_am_pm(self.w(i)) {
                    Some((n, pm)) if self.toks[i].kind == Kind::Word => (n, Some(pm)),
                    _ => {
                        let h = self.num(i)?;
                        if self.toks[i].kind != Kind::Num
                            || self.toks[i].end - self.toks[i].start > 2
                        {
                            return None;
                        }
                        (h, None)
                    }
                };
                let mut e = i + 1;
                let mut minute = 0;
                let mut has_minutes = false;
                if glued_pm.is_none() && self.is(e, ":") && self.glued(e) && self.glued(e + 1) {
                    let t = self.toks.get(e + 1)?;
                    // "5:30pm"
                    if let (Kind::Word, Some((m, pm))) = (t.kind, split_am_pm(self.w(e + 1)))
                        && t.end - t.start == 4
                    {
                        minute = m;
                        glued_pm = Some(pm);
                    } else if t.kind != Kind::Num || t.end - t.start != 2 {
                        return None;
                    } else {
                        minute = self.num(e + 1)?;
                    }
                    e += 2;
                    has_minutes = true;
                    // seconds
                    if self.is(e, ":") && self.glued(e) && self.num(e + 1).is_some() {
                        e += 2;
                    }
                }
                if h > 24 || minute > 59 {
                    return None;
                }
                let (pm, e2) = match glued_pm {
                    Some(pm) => (Some(pm), e),
                    None => self.am_pm(e),
                };
                let mut hour = h;
                let mut part = None;
                let e = match pm {
                    Some(pm) => {
                        if h == 0 || h > 12 {
                            return None;
                        }
                        hour = match (pm, h) {
                            (true, 12) => 12,
                            (true, h) => h + 12,
                            (false, 12) => 0,
                            (false, h) => h,
                        };
                        e2
                    }
                    None if self.is(e, "o")
                        && self.apostrophe(e + 1)
                        && self.is(e + 2, "clock") =>
                    {
                        e + 3
                    }
                    None if self.is(e, "in")
                        && self.is(e + 1, "the")
                        && lexicon::part_of_day(self.w(e + 2)).is_some() =>
                    {
                        let p = lexicon::part_of_day(self.w(e + 2))?;
                        if matches!(
                            p,
                            PartOfDay::Afternoon | PartOfDay::Evening | PartOfDay::Night
                        ) && h < 12
                        {
                            hour = h + 12;
                        }
                        part = None;
                        e + 3
                    }
                    // "at 7 tonight", "@ 8 tonite": a bare hour before
                    // "tonight" is in the evening, on the anchor's day
                    None if !has_minutes
                        && self.is(e, "tonight")
                        && (1..=12).contains(&h)
                        && i > 0
                        && matches!(
                            self.w(i - 1),
                            "at" | "@" | "by" | "until" | "till" | "til" | "around" | "from"
                        ) =>
                    {
                        if h < 12 {
                            hour = h + 12;
                        }
                        tonight = true;
                        e + 1
                    }
                    None if has_minutes => {
                        let before = if i > 0 { self.w(i - 1) } else { "" };
                        let zone = lexicon::time_zone(self.w(e)) && self.cap(e);
                        if !zone
                            && !matches!(
                                before,
                                "at" | "by"
                                    | "until"
                                    | "from"
                                    | "since"
                                    | "around"
                                    | "about"
                                    | "before"
                                    | "after"
                                    | "till"
                            )
                        {
                            return None;
                        }
                        e
                    }
                    None => return None,
                };
                (hour, minute, e, part)
            }
        };
        if lexicon::time_zone(self.w(e)) && self.cap(e) {
            e += 1;
        }
        // a day after the time: "10 p.m. Wednesday", "5 p.m. EST, Nov. 6",
        // "noon today"
        let k = if self.is(e, ",") { e + 1 } else { e };
        let k2 = if self.is(k, "on") { k + 1 } else { k };
        let mut day = None;
        if tonight {
            day = Some(Box::new(Partial::DayOffset(0)));
        } else if let Some((d_end, d, None)) = self.day_with_part(k2)
            && matches!(
                d,
                Partial::Weekday { .. }
                    | Partial::DayOffset(_)
                    | Partial::DatedWeekday { .. }
                    | Partial::Cal { day: Some(_), .. }
            )
        {
            day = Some(Box::new(d));
            e = d_end;
        } else if let Some((d_end, d)) = self.month_date(k2)
            && matches!(d, Partial::Cal { day: Some(_), .. })
        {
            day = Some(Box::new(d));
            e = d_end;
        }
        Some((e, Partial::Clock { hour, minute, day }, part))
    }

    /// "a.m." / "p.m." / "am" / "pm" / "a.m" at `i`: (Some(is_pm), end).
    fn am_pm(&self, i: usize) -> (Option<bool>, usize) {
        match self.w(i) {
            "am" => (Some(false), i + 1),
            "pm" => (Some(true), i + 1),
            "a" | "p"
                if self.is(i + 1, ".")
                    && self.is(i + 2, "m")
                    && self.glued(i + 1)
                    && self.glued(i + 2) =>
            {
                let pm = self.is(i, "p");
                // "at 6 a.m. Police said": the final stop ends the sentence
                let stop = self.is(i + 3, ".") && self.glued(i + 3);
                let ends = stop
                    && self.toks[i + 3].sentence_end
                    && self.toks.get(i + 4).is_none_or(|t| t.cap);
                let e = if stop && !ends { i + 4 } else { i + 3 };
                (Some(pm), e)
            }
            _ => (None, i),
        }
    }
}

impl Partial {
    fn with_rel(self, r: Rel) -> Partial {
        match self {
            Partial::Cal {
                year, month, day, ..
            } => Partial::Cal {
                year,
                month,
                day,
                rel: r,
            },
            other => other,
        }
    }
}

/// "this" 0, "last" -1, "next" +1 before "year".
fn rel_year(w: &str) -> Option<i32> {
    match w {
        "this" => Some(0),
        "last" => Some(-1),
        "next" => Some(1),
        _ => None,
    }
}

/// "5pm", "10:30am", "7PM" (lowercased): a clock time in one word.
pub fn is_clock_word(w: &str) -> bool {
    split_am_pm(w).is_some()
}

/// "5pm" → (5, true), "30am" → (30, false).
fn split_am_pm(w: &str) -> Option<(u32, bool)> {
    let (digits, pm) = match (w.strip_suffix("pm"), w.strip_suffix("am")) {
        (Some(d), _) => (d, true),
        (_, Some(d)) => (d, false),
        _ => return None,
    };
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((digits.parse().ok()?, pm))
}

fn later_word(w: &str) -> bool {
    matches!(w, "earlier" | "later")
}

fn cal(year: YearSpec, month: Option<u32>, day: Option<u32>) -> Partial {
    Partial::Cal {
        year,
        month,
        day,
        rel: Rel::Bare,
    }
}

/// The TIMEX3 duration string for `amount` units, `None` for an unknown
/// amount: "P3D", "PT2H", "PXY"; decades count as ten years ("P20Y" for
/// two decades), centuries as a hundred; unknown amounts of them are
/// "PXE" and "PXC". Pushed piece by piece: asked for every amount found.
pub fn duration_value(amount: Option<u32>, unit: Unit) -> String {
    let (time, letter, scale) = match unit {
        Unit::Second => (true, 'S', 1),
        Unit::Minute => (true, 'M', 1),
        Unit::Hour => (true, 'H', 1),
        Unit::Day => (false, 'D', 1),
        Unit::Week => (false, 'W', 1),
        Unit::Month => (false, 'M', 1),
        Unit::Quarter => (false, 'Q', 1),
        Unit::Year => (false, 'Y', 1),
        Unit::Decade => (false, 'Y', 10),
        Unit::Century => (false, 'Y', 100),
    };
    let mut s = String::with_capacity(8);
    s.push('P');
    if time {
        s.push('T');
    }
    match amount {
        Some(n) => crate::datefmt::push_num(&mut s, u64::from(n * scale)),
        None if scale == 10 => return "PXE".to_string(),
        None if scale == 100 => return "PXC".to_string(),
        None => s.push('X'),
    }
    s.push(letter);
    s
}

/// Words between an amount and its unit: "two more weeks", "eight
/// trading days", "a full year".
fn unit_qualifier(w: &str) -> bool {
    matches!(
        w,
        "more"
            | "additional"
            | "straight"
            | "consecutive"
            | "full"
            | "trading"
            | "business"
            | "working"
            | "calendar"
            | "long"
            | "short"
            | "whole"
    )
}

/// Words that open an amount's window after "the": "the past three
/// years", "the first six months", "the remaining days".
fn window_after_the(w: &str) -> bool {
    matches!(
        w,
        "past"
            | "last"
            | "next"
            | "previous"
            | "coming"
            | "first"
            | "final"
            | "following"
            | "latest"
            | "remaining"
            | "initial"
    )
}

/// The decade a word names, as years after 1900: "nineties" → 90.
fn decade_word(w: &str) -> Option<i32> {
    match w {
        "twenties" => Some(20),
        "thirties" => Some(30),
        "forties" => Some(40),
        "fifties" => Some(50),
        "sixties" => Some(60),
        "seventies" => Some(70),
        "eighties" => Some(80),
        "nineties" => Some(90),
        _ => None,
    }
}

/// Words after "the"/"a" that continue a phrase but start none.
fn after_article(w: &str) -> bool {
    matches!(
        w,
        "near"
            // "the turn of the century" ("turn" alone starts nothing)
            | "turn"
            | "foreseeable"
            | "distant"
            | "short"
            | "long"
            | "present"
            | "full"
            | "whole"
            | "entire"
            | "same"
            | "previous"
            | "preceding"
            | "following"
            | "comparable"
            | "corresponding"
            | "latest"
            | "remaining"
            | "initial"
            | "weekend"
            | "couple"
            | "dozen"
            | "hundred"
            | "future"
            | "year-ago"
            | "twenties"
            | "thirties"
            | "forties"
            | "fifties"
            | "sixties"
            | "seventies"
            | "eighties"
            | "nineties"
            | "time"
            | "day"
            | "night"
            | "week"
            | "month"
            | "additional"
            | "extra"
            | "year"
            | "fiscal"
            | "calendar"
            | "year-earlier"
    )
}

/// Words that may follow an adverb of frequency ("daily in", "weekly,").
const FUNCTION_WORDS: &[&str] = &[
    "in",
    "at",
    "on",
    "and",
    "or",
    "to",
    "for",
    "from",
    "since",
    "by",
    "with",
    "until",
    "during",
    "but",
    "than",
    "as",
    "of",
    "the",
    "a",
    "an",
    "basis",
    "since",
    "through",
    // "gather daily outside the house", "meets weekly before the vote"
    "outside",
    "inside",
    "near",
    "before",
    "after",
    "into",
    "over",
    "under",
    "around",
    "across",
    "throughout",
    "while",
    "when",
    "because",
    "if",
    // "gym everyday no excuses"
    "no",
];

/// Words before "May", "March", "'98", seasons that show a month or year
/// is meant: "in May", "since March", "last spring".
const MONTH_CUES: &[&str] = &[
    "in",
    "since",
    "until",
    "till",
    "by",
    "last",
    "this",
    "next",
    "early",
    "late",
    "mid",
    "of",
    "during",
    "through",
    "from",
    "before",
    "after",
    "that",
    "every",
    "each",
    "-",
    "to",
    "between",
    "and",
    "or",
    "end",
    "around",
    "for",
    "on",
    "class",
    "throughout",
    "the",
];

const SEASON_CUES: &[&str] = &[
    "in",
    "since",
    "until",
    "till",
    "by",
    "this",
    "early",
    "late",
    "mid",
    "of",
    "during",
    "through",
    "from",
    "before",
    "after",
    "-",
    "and",
    "or",
    "throughout",
    "last",
    "next",
];
