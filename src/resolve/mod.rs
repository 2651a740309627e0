//! The temporal tagger: finds temporal expressions in running text and
//! resolves each against an [`Anchor`] (the article's dateline) to a TIMEX3
//! [`Timex`], with a one-line explanation of the anchoring.
//!
//! `text` → scan (candidate phrases) → grammar (phrase → partial value) →
//! anchor (partial value + dateline + tense → [`Timex`]) → [`Mention`]s.
//!
//! - [`scan`] tokenizes in one pass (byte offsets, no per-token allocation);
//! - [`grammar`] finds the longest phrase at each token and says what it
//!   means as a partial value ([`grammar::Partial`]);
//! - [`tense`] reads the governing clause's tense from the words around;
//! - [`anchor`] turns partial value + anchor + tense into a [`Timex`];
//! - [`to_timeml`] writes the text back with inline `<TIMEX3>` tags.

pub mod anchor;
pub mod grammar;
pub mod lexicon;
pub mod scan;
pub mod tense;
#[cfg(test)]
mod tests;
pub mod timex;

use chrono::{Datelike, NaiveDate, NaiveTime};
use serde::Serialize;

pub use timex::{Mod, PartOfDay, Placement, Precision, Timex, TimexType, long_date, month_name};

/// The reference time relative expressions are resolved against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Anchor {
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
}

/// How relative expressions are anchored.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, serde::Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Anchor to the document creation time (the dateline).
    #[default]
    News,
    /// Anchor relative expressions to the last resolved date in the text.
    Narrative,
}

/// One temporal expression found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// Byte offset of the first byte of the phrase in the text.
    pub start: usize,
    /// Byte offset one past the phrase (exclusive).
    pub end: usize,
    pub timex: Timex,
    /// How the value was reached, in one line a reader understands.
    pub explanation: String,
}

/// Finds and resolves every temporal expression in `text`. Mentions are in
/// text order, never overlap, and their offsets lie on `char` boundaries.
pub fn resolve(text: &str, anchor: &Anchor, mode: Mode) -> Vec<Mention> {
    let lower = text.to_ascii_lowercase();
    let toks = scan::tokenize(text, &lower);
    // informal spellings ("nxt", "wknd", "tmrw", "2day") read as the
    // standard word; they are all words, so numbers and marks skip the
    // look-up. The same pass counts the words and those with a capital.
    let mut case = Case::default();
    let words: Vec<&str> = toks
        .iter()
        .map(|t| {
            let w = &lower[t.start..t.end];
            match t.kind {
                scan::Kind::Word => {
                    case.words += 1;
                    case.caps += usize::from(t.cap && t.end - t.start > 1);
                    lexicon::informal(w).unwrap_or(w)
                }
                _ => w,
            }
        })
        .collect();
    let g = grammar::Grammar {
        mode,
        lowercase: case.mostly_lowercase(),
        text,
        toks: &toks,
        words: &words,
        no_core: vec![std::cell::Cell::new(false); toks.len()],
    };
    let mut ctx = anchor::Ctx {
        dct: anchor.date,
        dct_time: anchor.time,
        reference: anchor.date,
        mode,
        tense: tense::Tense::Unknown,
        quarter: None,
        span_period: false,
        anaphoric_rel: false,
        reference_is_day: false,
    };
    // The last quarter named: (token index, year, quarter).
    let mut last_quarter: Option<(usize, i32, u32)> = None;
    // Where the last multi-quarter reporting period ("the nine months",
    // "the first six months") was named: after it, "a year earlier" and
    // "the 1988 period" mean that span a year before, not a quarter.
    let mut last_span: Option<usize> = None;
    let mut out = Vec::new();
    let dateline = ["dateline ", &day_label(anchor.date)].concat();
    let mut i = 0;
    while i < toks.len() {
        let Some(p) = g.phrase_at(i) else {
            i += 1;
            continue;
        };
        debug_assert!(p.last > p.first);
        // a phrase does not run across a paragraph break or out of a
        // Markdown heading ("## What comes next" / "Monday night …")
        if (p.first + 1..p.last).any(|k| toks[k - 1].sentence_end && toks[k].newline_before) {
            i += 1;
            continue;
        }
        let t = tense::tense_at(&toks, &words, p.first, p.last);
        let t = tense::plans_for(&words, p.first, t);
        // the cues before a bare weekday ("until Tuesday", "they meet
        // Monday"); dates with a month keep the nearest-date rule
        let t = if matches!(p.partial, grammar::Partial::Weekday { .. }) {
            tense::possessive_cue(&words, p.first, p.last, t)
                .unwrap_or_else(|| tense::schedule_cue(&words, p.first, t))
        } else {
            t
        };
        // chat: "brunch on sun w/ the girls", "dinner on fri?" — a day
        // after "on" in a clause with no verb is a plan, so ahead; so is a
        // day with a clock time and no verb anywhere ("WED 7PM LIVE")
        let listing = words
            .get(p.last)
            .is_some_and(|w| grammar::is_clock_word(w) || toks[p.last].kind == scan::Kind::Num)
            && words
                .get(p.last + 1)
                .is_none_or(|w| !matches!(*w, "%" | "percent"));
        let t = if t == tense::Tense::Unknown
            && ((g.lowercase && p.first > 0 && words[p.first - 1] == "on") || listing)
            && matches!(
                p.partial,
                grammar::Partial::Weekday {
                    rel: grammar::Rel::Bare,
                    ..
                }
            ) {
            tense::Tense::Future
        } else {
            t
        };
        // "soon" in a past clause ("it soon became a flood", "he was soon
        // released") is soon after a past event, not ahead of the dateline
        if t == tense::Tense::Past && p.last == p.first + 1 && words[p.first] == "soon" {
            i += 1;
            continue;
        }
        ctx.tense = match (mode, t) {
            // A narrative is told in the past: its past tense says nothing
            // about direction; only the past perfect looks back.
            (Mode::Narrative, tense::Tense::Past | tense::Tense::PresentPerfect) => {
                tense::Tense::Unknown
            }
            (_, t) => t,
        };
        ctx.quarter = last_quarter
            .filter(|(at, _, _)| p.first - at <= QUARTER_REACH)
            .map(|(_, y, q)| (y, q));
        let span = last_span.filter(|at| {
            p.first - at <= QUARTER_REACH && last_quarter.is_none_or(|(q, _, _)| *at > q)
        });
        if span.is_some() {
            ctx.quarter = None;
        }
        ctx.span_period = span.is_some() && words[p.last - 1] == "period";
        ctx.anaphoric_rel = words[p.first] == "the"
            && matches!(
                words.get(p.first + 1),
                Some(&("previous" | "preceding" | "following" | "next"))
            );
        let (start, end) = (toks[p.first].start, toks[p.last - 1].end);
        if let Some(r) = anchor::resolve(&p, &ctx) {
            let explanation = explain(&text[start..end], &r, &ctx, &dateline);
            if let Some(pl) = r.timex.placement {
                // A coarser value that holds the reference keeps it: after
                // "in July 1895", "later that year" leaves July in place.
                let holds = pl.start <= ctx.reference && ctx.reference < pl.end;
                let day_level = matches!(
                    pl.precision,
                    Precision::Day | Precision::PartOfDay | Precision::Time
                );
                if holds && day_level && pl.start == ctx.reference {
                    // the text names the reference day itself
                    ctx.reference_is_day = true;
                }
                // a narrative's backstory in the past perfect ("The previous
                // evening a boat had slipped out") does not move the story's
                // own time: "the morning after" still follows the main line
                let backstory = mode == Mode::Narrative && t == tense::Tense::PastPerfect;
                if !holds && !backstory {
                    ctx.reference = pl.start;
                    ctx.reference_is_day = matches!(
                        pl.precision,
                        Precision::Day | Precision::PartOfDay | Precision::Time
                    );
                }
                if pl.precision == Precision::Quarter && !r.timex.value.starts_with('P') {
                    let q = pl.start.month0() / 3 + 1;
                    // the year-ago quarter ("a year ago", "the year-ago
                    // quarter") does not change the one discussed, nor does
                    // a forecast for a quarter not over by the dateline
                    let year_ago = matches!(
                        p.partial,
                        grammar::Partial::Shift { .. }
                            | grammar::Partial::Quarter {
                                year: grammar::YearSpec::Rel(..0),
                                ..
                            }
                    );
                    if !year_ago
                        && (pl.end <= anchor.date
                            || t.backwards()
                            || reported_fiscal_quarter(&p, &words))
                        && ctx
                            .quarter
                            .is_none_or(|(y, dq)| (y, dq) <= (pl.start.year(), q))
                    {
                        last_quarter = Some((p.last, pl.start.year(), q));
                    }
                }
            }
            if is_reporting_span(&p, &words) {
                last_span = Some(p.last);
            }
            out.push(Mention {
                start,
                end,
                timex: r.timex,
                explanation,
            });
        }
        i = p.last;
    }
    out
}

/// How many words a text has, and how many of those longer than one byte
/// start with a capital ("I" and "A" say nothing).
#[derive(Default)]
struct Case {
    words: usize,
    caps: usize,
}

impl Case {
    /// True when fewer than one word in thirty starts with a capital:
    /// tweets and chat, where "friday" and "june" are still names.
    fn mostly_lowercase(&self) -> bool {
        self.caps * 30 < self.words
    }
}

/// "the fourth quarter ended Sept. 30", "the fiscal first quarter": a
/// company's fiscal quarter, reported even while the calendar quarter of
/// that number is still running.
fn reported_fiscal_quarter(p: &grammar::Phrase, words: &[&str]) -> bool {
    matches!(words.get(p.last), Some(&("ended" | "ending")))
        || words[p.first..p.last].contains(&"fiscal")
}

/// "the nine months", "the first six months": a reporting period longer
/// than a quarter.
fn is_reporting_span(p: &grammar::Phrase, words: &[&str]) -> bool {
    matches!(
        p.partial,
        grammar::Partial::Duration {
            qty: grammar::Qty::N(6 | 9, false),
            unit: lexicon::Unit::Month,
        }
    ) && words[p.first] == "the"
}

/// How many tokens a named quarter stays "the quarter under discussion".
const QUARTER_REACH: usize = 150;

/// "Monday night · dateline Tue 24 Jun 2025 · past tense → previous Monday
/// → 2025-06-23TNI (night)".
fn explain(phrase: &str, r: &anchor::Resolved, ctx: &anchor::Ctx, dateline: &str) -> String {
    let t = &r.timex;
    let mut s = String::with_capacity(phrase.len() + dateline.len() + r.reason.len() + 32);
    // the phrase on one line
    for (k, w) in phrase.split_whitespace().enumerate() {
        if k > 0 {
            s.push(' ');
        }
        s.push_str(w);
    }
    s.push_str(" · ");
    if r.explicit {
        // nothing was anchored: "7 November 1867 · full date → 1867-11-07"
    } else if r.from_reference {
        s.push_str("reference ");
        s.push_str(&day_label(ctx.reference));
        s.push_str(" · ");
    } else {
        s.push_str(dateline);
        s.push_str(" · ");
    }
    s.push_str(&r.reason);
    s.push_str(" → ");
    s.push_str(&t.value);
    if let Some(p) = t.placement.and_then(|p| p.part_of_day) {
        s.push_str(" · ");
        s.push_str(p.word());
    }
    if let Some(m) = t.modifier {
        s.push_str(" · mod ");
        s.push_str(m.as_str());
    }
    s
}

/// "Tue 24 Jun 2025": how explanations name the dateline.
pub fn day_label(d: NaiveDate) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    // Pushed piece by piece rather than through `format!`: packed
    // mentions ask for it each time they are unpacked.
    let mut s = String::with_capacity(16);
    s.push_str(DAYS[d.weekday().num_days_from_monday() as usize]);
    s.push(' ');
    let day = d.day() as u8;
    if day >= 10 {
        s.push(char::from(b'0' + day / 10));
    }
    s.push(char::from(b'0' + day % 10));
    s.push(' ');
    s.push_str(MONTHS[d.month0() as usize]);
    s.push(' ');
    match u64::try_from(d.year()) {
        Ok(year) => crate::datefmt::push_num(&mut s, year),
        Err(_) => s.push_str(&d.year().to_string()),
    }
    s
}

/// The text with each mention wrapped in an inline TimeML tag,
/// `<TIMEX3 tid="t1" type="DATE" value="2025-06-23">Monday</TIMEX3>`,
/// everything XML-escaped: a TimeML `TEXT` body. Mentions must be in text
/// order and not overlap (as [`resolve`] returns them).
pub fn to_timeml(text: &str, mentions: &[Mention]) -> String {
    let mut out = String::with_capacity(text.len() + mentions.len() * 64);
    let mut at = 0;
    for (k, m) in mentions.iter().enumerate() {
        if m.start < at || m.end > text.len() || m.start >= m.end {
            continue;
        }
        escape_into(&mut out, &text[at..m.start]);
        out.push_str("<TIMEX3 tid=\"t");
        crate::datefmt::push_num(&mut out, k as u64 + 1);
        out.push_str("\" type=\"");
        out.push_str(m.timex.kind.as_str());
        out.push_str("\" value=\"");
        escape_into(&mut out, &m.timex.value);
        out.push('"');
        if let Some(md) = m.timex.modifier {
            out.push_str(" mod=\"");
            out.push_str(md.as_str());
            out.push('"');
        }
        out.push('>');
        escape_into(&mut out, &text[m.start..m.end]);
        out.push_str("</TIMEX3>");
        at = m.end;
    }
    escape_into(&mut out, &text[at..]);
    out
}

fn escape_into(out: &mut String, s: &str) {
    crate::escape::TIMEML_TEXT.escape_into(out, s);
}
