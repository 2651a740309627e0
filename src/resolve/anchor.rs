//! Anchoring: a [`Phrase`]'s partial value + the anchor + the clause's
//! [`Tense`] → a [`Timex`] with its [`Placement`] and an explanation.
//!
//! Two anchors exist. *Deictic* expressions ("yesterday", "last week",
//! "three years ago", a bare "Monday") count from the dateline in news mode
//! and from the text's reference date in narrative mode. *Anaphoric* ones
//! ("the following day", "that March", "two days later") always count from
//! the reference date: the last date the text resolved (initially the
//! dateline).
//!
//! Direction of under-specified values, with the dateline Tue 24 Jun 2025:
//!
//! | phrase      | tense          | value        | rule                          |
//! |-------------|----------------|--------------|-------------------------------|
//! | Monday      | past           | 2025-06-23   | most recent before            |
//! | Monday      | future         | 2025-06-30   | next after                    |
//! | Tuesday     | any            | 2025-06-24   | the dateline's own weekday    |
//! | January     | past           | 2025-01      | most recent before            |
//! | September   | past           | 2024-09      | most recent before            |
//! | September   | none           | 2025-09      | the dateline's year           |
//! | March       | future         | 2026-03      | next after                    |
//! | June 21     | past           | 2025-06-21   | latest on or before           |
//! | Dec. 2      | none           | 2024-12-02 … | nearest to the dateline       |

use chrono::{Datelike, Duration, Months, NaiveDate, NaiveTime, Weekday};

use super::Mode;
use super::grammar::{Partial, Phrase, Qty, Rel, YearSpec, duration_value};
use super::lexicon::{Holiday, Season, Unit};
use super::tense::Tense;
use super::timex::{PartOfDay, Placement, Precision, Timex, TimexType};
use crate::datefmt;

/// Everything anchoring needs besides the phrase.
#[derive(Clone, Copy, Debug)]
pub struct Ctx {
    pub dct: NaiveDate,
    pub dct_time: Option<NaiveTime>,
    /// The last date the text resolved (the dateline before any).
    pub reference: NaiveDate,
    pub mode: Mode,
    pub tense: Tense,
    /// The quarter the text last named ("the third quarter" → 1989-Q3),
    /// while it is recent enough to be the one under discussion.
    pub quarter: Option<(i32, u32)>,
    /// The text is discussing a reporting span longer than a quarter ("the
    /// nine months") and the phrase is a "period" ("the 1988 period"):
    /// that span's year, not a quarter.
    pub span_period: bool,
    /// The phrase is "the previous/preceding/following/next …": it counts
    /// from the day under discussion, not from the dateline.
    pub anaphoric_rel: bool,
    /// The reference date is a day the text named ("on Oct. 23"), not the
    /// start of a longer interval: a bare clock time falls on it.
    pub reference_is_day: bool,
}

/// A resolved phrase: the value and the reasoning that led to it.
pub struct Resolved {
    pub timex: Timex,
    /// "past tense → previous Monday" (without the phrase and anchor)
    pub reason: String,
    /// Whether the value came from the reference date (for the
    /// explanation's anchor part).
    pub from_reference: bool,
    /// The phrase names its value outright ("7 November 1867", "three
    /// days"): no anchor was used.
    pub explicit: bool,
}

/// A calendar value before it becomes a string.
#[derive(Clone, Copy, Debug)]
enum Val {
    Day(NaiveDate),
    Month(i32, u32),
    Year(i32),
    Week(NaiveDate),
    Weekend(NaiveDate),
    Season(i32, Season),
    Quarter(i32, u32),
    Half(i32, u32),
    Decade(i32),
    Century(i32),
}

impl Ctx {
    fn deictic(&self) -> NaiveDate {
        match self.mode {
            Mode::News => self.dct,
            Mode::Narrative => self.reference,
        }
    }
}

/// Resolves one phrase. `None` when the phrase cannot be placed at all
/// (e.g. "February 30").
pub fn resolve(p: &Phrase, ctx: &Ctx) -> Option<Resolved> {
    let explicit = match &p.partial {
        Partial::Cal { year, .. }
        | Partial::Season { year, .. }
        | Partial::Half { year, .. }
        | Partial::Holiday { year, .. } => matches!(year, YearSpec::Explicit(_)),
        Partial::Quarter { q, year } => *q > 0 && matches!(year, YearSpec::Explicit(_)),
        Partial::Decade(_)
        | Partial::Century(_)
        | Partial::Duration { .. }
        | Partial::Set(_)
        | Partial::Ref(_) => true,
        _ => false,
    };
    resolve_value(p, ctx).map(|mut r| {
        r.explicit = explicit;
        r
    })
}

fn resolve_value(p: &Phrase, ctx: &Ctx) -> Option<Resolved> {
    let mut from_reference = ctx.mode == Mode::Narrative;
    let base = ctx.deictic();
    let backwards = ctx.tense.backwards();
    let forwards = ctx.tense == Tense::Future;
    let t = ctx.tense.label();
    let (val, reason): (Val, String) = match &p.partial {
        Partial::Cal {
            year,
            month,
            day,
            rel,
        } => {
            let rel = *rel;
            let b = if rel == Rel::That {
                from_reference = true;
                ctx.reference
            } else {
                base
            };
            match (*year, *month, *day) {
                (YearSpec::Explicit(y), Some(m), Some(d)) => (
                    Val::Day(NaiveDate::from_ymd_opt(y, m, d)?),
                    "full date".into(),
                ),
                (YearSpec::Explicit(y), Some(m), None) => {
                    (Val::Month(y, m), "month and year".into())
                }
                (YearSpec::Explicit(y), None, None) => (Val::Year(y), "year".into()),
                (YearSpec::Rel(r), Some(m), day) => {
                    let y = b.year() + r;
                    match day {
                        Some(d) => (
                            Val::Day(NaiveDate::from_ymd_opt(y, m, d)?),
                            "relative year".into(),
                        ),
                        None => (Val::Month(y, m), format!("year {r:+} → {y}")),
                    }
                }
                (YearSpec::Open, Some(m), Some(d)) => {
                    let (date, why) = pick_day(b, ctx, |y| NaiveDate::from_ymd_opt(y, m, d))?;
                    (Val::Day(date), why)
                }
                (YearSpec::Open, Some(m), None) => {
                    let (y, why) = pick_month(b, m, rel, ctx);
                    (Val::Month(y, m), why)
                }
                _ => return None,
            }
        }
        Partial::Weekday { day, rel } => {
            // "the previous Friday" after "on Friday": the Friday before
            // that one
            let b = if *rel == Rel::That
                || (ctx.anaphoric_rel
                    && ctx.reference_is_day
                    && matches!(rel, Rel::Last | Rel::Next))
            {
                from_reference = true;
                ctx.reference
            } else {
                base
            };
            let (d, why) = pick_weekday(b, *day, *rel, ctx);
            (Val::Day(d), why)
        }
        Partial::WeekdayOfWeek { day, weeks } => {
            let monday = base - Duration::days(i64::from(base.weekday().num_days_from_monday()));
            let d = monday + Duration::days(7 * weeks + i64::from(day.num_days_from_monday()));
            let which = match weeks {
                1 => "next week's",
                0 => "this week's",
                -1 => "last week's",
                _ => "that week's",
            };
            (Val::Day(d), [which, " ", weekday_name(*day)].concat())
        }
        Partial::DayOfMonth(day) => {
            // that day in the month before, of and after the base
            let first = base.with_day(1)?;
            let at = |k: i32| {
                let m = if k < 0 {
                    first.checked_sub_months(Months::new(1))?
                } else {
                    first.checked_add_months(Months::new(k as u32))?
                };
                m.with_day(*day)
            };
            let days = [at(-1), at(0), at(1)];
            let pick = if forwards {
                days.iter().flatten().find(|d| **d >= base)
            } else if backwards {
                days.iter().flatten().rev().find(|d| **d <= base)
            } else {
                days.iter()
                    .flatten()
                    .min_by_key(|d| (**d - base).num_days().abs())
            };
            (Val::Day(*pick?), [t, " → that day of the month"].concat())
        }
        Partial::DayOffset(n) => {
            let d = base + Duration::days(*n);
            let why = match n {
                -1 => "yesterday".to_string(),
                0 => "same day".to_string(),
                1 => "tomorrow".to_string(),
                n => {
                    let mut why = String::with_capacity(12);
                    push_signed(&mut why, *n);
                    why.push_str(" days");
                    why
                }
            };
            (Val::Day(d), why)
        }
        Partial::WeekOfDay { month, day, year } => {
            let (m, dd) = (*month, *day);
            let d = match year {
                YearSpec::Explicit(y) => NaiveDate::from_ymd_opt(*y, m, dd)?,
                YearSpec::Rel(r) => NaiveDate::from_ymd_opt(base.year() + r, m, dd)?,
                YearSpec::Open => pick_day(base, ctx, |y| NaiveDate::from_ymd_opt(y, m, dd))?.0,
            };
            (Val::Week(d), "the week holding that day".into())
        }
        Partial::WeekOfMonth { n, month, year } => {
            let m = *month;
            let y = match year {
                YearSpec::Explicit(y) => *y,
                YearSpec::Rel(r) => base.year() + r,
                YearSpec::Open => pick_month(base, m, Rel::Bare, ctx).0,
            };
            let first = NaiveDate::from_ymd_opt(y, m, 1)?;
            // the n-th seven days of the month, or its last seven
            let d = if *n > 0 {
                first + Duration::days(7 * (*n as i64 - 1) + 3)
            } else {
                first.checked_add_months(Months::new(1))? - Duration::days(4)
            };
            (Val::Week(d), format!("week {n} of the month"))
        }
        Partial::DatedWeekday {
            weekday,
            month,
            day,
        } => {
            let (m, d, wd) = (*month, *day, *weekday);
            let matching = |y: i32| NaiveDate::from_ymd_opt(y, m, d).filter(|x| x.weekday() == wd);
            match pick_day(base, ctx, matching) {
                Some((date, why)) => (Val::Day(date), format!("{why}, the year its weekday fits")),
                None => {
                    let (date, why) = pick_day(base, ctx, |y| NaiveDate::from_ymd_opt(y, m, d))?;
                    (Val::Day(date), why)
                }
            }
        }
        Partial::SameDay { years } => {
            let d = if *years < 0 {
                base.checked_sub_months(Months::new(12 * years.unsigned_abs()))?
            } else {
                base.checked_add_months(Months::new(12 * years.unsigned_abs()))?
            };
            (Val::Day(d), format!("same day {years:+} year"))
        }
        Partial::UnitOffset { unit, n, anaphoric } => {
            let b = if *anaphoric {
                from_reference = true;
                ctx.reference
            } else {
                base
            };
            let mut why = [unit.word(), " "].concat();
            push_signed(&mut why, *n);
            (offset_unit(b, *unit, *n)?, why)
        }
        Partial::Shift {
            qty,
            unit,
            sign,
            anaphoric,
        } => {
            let b = if *anaphoric && (ctx.mode == Mode::Narrative || *sign > 0) {
                from_reference = true;
                ctx.reference
            } else {
                base
            };
            // "a year ago" / "a year earlier" / "year-ago" in a report on
            // a quarter means that quarter a year before
            if let (Some((y, q)), Qty::N(1, false), Unit::Year, -1) = (ctx.quarter, qty, unit, sign)
            {
                let r = render(Val::Quarter(y - 1, q), None);
                let why = format!("a year before the quarter in discussion ({y}-Q{q})");
                return Some(Resolved {
                    timex: Timex {
                        modifier: p.modifier,
                        ..r
                    },
                    reason: why,
                    from_reference,
                    explicit: false,
                });
            }
            let n = match qty {
                Qty::N(n, _) => *n as i64,
                Qty::Some => {
                    let r = if *sign < 0 { "PAST_REF" } else { "FUTURE_REF" };
                    return Some(plain(TimexType::Date, r, "vague amount → reference", p));
                }
            };
            if *unit <= Unit::Hour {
                // "two hours ago": a clock time when the dateline has one
                let Some(time) = ctx.dct_time.filter(|_| !from_reference) else {
                    return Some(placed_day(b, "no clock time at the anchor → its day", p));
                };
                let secs = match unit {
                    Unit::Hour => 3600,
                    Unit::Minute => 60,
                    _ => 1,
                } * n
                    * sign;
                let dt = b.and_time(time) + Duration::seconds(secs);
                return Some(clock_value(
                    dt.date(),
                    dt.time(),
                    format!(
                        "{n} {}s {}",
                        unit.word(),
                        if *sign < 0 { "back" } else { "on" }
                    ),
                    p,
                    false,
                ));
            }
            // "a decade ago", "a century ago": a year, not a decade
            let v = match unit {
                Unit::Decade => Val::Year(b.year() + (10 * n * sign) as i32),
                Unit::Century => Val::Year(b.year() + (100 * n * sign) as i32),
                _ => offset_unit(b, *unit, n * sign)?,
            };
            (
                v,
                format!(
                    "{} {}s {}",
                    n,
                    unit.word(),
                    if *sign < 0 { "back" } else { "on" }
                ),
            )
        }
        Partial::Season { season, year, rel } => {
            let (y, why) = match year {
                YearSpec::Explicit(y) => (*y, "season and year".to_string()),
                YearSpec::Rel(r) => (base.year() + r, "relative year".to_string()),
                YearSpec::Open => pick_season(base, *season, *rel, ctx),
            };
            (Val::Season(y, *season), why)
        }
        Partial::Quarter { q: 0, year } if ctx.span_period => {
            let y = match year {
                YearSpec::Explicit(y) => *y,
                YearSpec::Rel(r) if *r < 0 => base.year() - 1,
                _ => base.year(),
            };
            (
                Val::Year(y),
                "the period in discussion spans quarters → its year".into(),
            )
        }
        Partial::Quarter { q, year } => {
            let (y, q, why) = pick_quarter(base, *q, *year, ctx);
            (Val::Quarter(y, q), why)
        }
        Partial::Half { h, year } => {
            let y = match year {
                YearSpec::Explicit(y) => *y,
                YearSpec::Rel(r) => base.year() + r,
                YearSpec::Open => {
                    let start =
                        NaiveDate::from_ymd_opt(base.year(), if *h == 1 { 1 } else { 7 }, 1)?;
                    if backwards && start > base {
                        base.year() - 1
                    } else {
                        base.year()
                    }
                }
            };
            (Val::Half(y, *h), "half of the year".into())
        }
        Partial::Weekend { rel } => {
            // the weekend of the ISO week: this/coming (future) or the past one
            let monday = base - Duration::days(base.weekday().num_days_from_monday() as i64);
            let sat = monday + Duration::days(5);
            let d = match rel {
                Rel::Last => sat - Duration::days(7),
                Rel::Next => {
                    if base >= sat {
                        sat + Duration::days(7)
                    } else {
                        sat
                    }
                }
                Rel::This | Rel::That => sat,
                Rel::Bare => {
                    if forwards || base >= sat {
                        sat
                    } else {
                        sat - Duration::days(7)
                    }
                }
            };
            (Val::Weekend(d), [t, " → weekend"].concat())
        }
        Partial::Decade(y) => (Val::Decade(*y), "decade".into()),
        Partial::Century(c) => (Val::Century(*c), "century".into()),
        Partial::TurnOfCentury => {
            let y = (base.year() + 50).div_euclid(100) * 100;
            (Val::Year(y), "nearest century boundary".into())
        }
        Partial::Holiday { holiday, year, rel } => {
            let date = |y: i32| holiday_date(*holiday, y);
            let (d, why) = match (year, rel) {
                (YearSpec::Explicit(y), _) => (date(*y)?, "holiday and year".to_string()),
                (_, Rel::Last) => {
                    let y = base.year();
                    let d = date(y).filter(|d| *d < base).or_else(|| date(y - 1))?;
                    (d, "last → previous one".to_string())
                }
                (_, Rel::Next) => {
                    let y = base.year();
                    let d = date(y).filter(|d| *d > base).or_else(|| date(y + 1))?;
                    (d, "next → coming one".to_string())
                }
                (_, Rel::This) => (date(base.year())?, "this year's".to_string()),
                _ => pick_day(base, ctx, date)?,
            };
            (Val::Day(d), why)
        }
        Partial::Ref(r) => {
            return Some(plain(TimexType::Date, r.value(), "vague reference", p));
        }
        Partial::Duration { qty, unit } => {
            let v = duration_string(*qty, *unit);
            return Some(plain(TimexType::Duration, &v, "amount of time", p));
        }
        Partial::Set(v) => return Some(plain(TimexType::Set, v, "recurring", p)),
        Partial::Clock { hour, minute, day } => {
            let (d, why) = match day {
                Some(dp) => {
                    let sub = Phrase {
                        first: p.first,
                        last: p.last,
                        partial: (**dp).clone(),
                        part: None,
                        modifier: None,
                    };
                    let r = resolve_value(&sub, ctx)?;
                    (r.timex.placement?.start, r.reason)
                }
                // "at 10 p.m." after "on Oct. 23": the day under discussion
                None if ctx.reference_is_day && ctx.reference != base => {
                    from_reference = true;
                    (ctx.reference, "the day under discussion".to_string())
                }
                // "ordered the evacuation at 11 p.m." in an article dated
                // 07:15: a past clock time after the dateline's own time
                // was the day before, unless the text named the dateline's
                // day itself ("Thursday evening … around 7:15 p.m.")
                None if ctx.tense.backwards()
                    && base == ctx.dct
                    && !(ctx.reference_is_day && ctx.reference == ctx.dct)
                    && ctx.dct_time.is_some_and(|t| {
                        NaiveTime::from_hms_opt((*hour).min(23), *minute, 0).is_some_and(|c| c > t)
                    }) =>
                {
                    (
                        base - Duration::days(1),
                        [t, " → after the dateline's time, the day before"].concat(),
                    )
                }
                None => (base, "same day as the anchor".to_string()),
            };
            let mut res = if *hour == 24 {
                let mut res = clock_value(d, NaiveTime::MIN, why, p, true);
                res.timex.value = format!("{}T24:00", day_string(d));
                res
            } else {
                let time = NaiveTime::from_hms_opt(*hour, *minute, 0)?;
                clock_value(d, time, why, p, false)
            };
            res.from_reference = from_reference;
            return Some(res);
        }
    };
    let mut r = render(val, p.part);
    r.modifier = p.modifier;
    Some(Resolved {
        timex: r,
        reason,
        from_reference,
        explicit: false,
    })
}

fn plain(kind: TimexType, value: &str, why: &str, p: &Phrase) -> Resolved {
    Resolved {
        timex: Timex {
            kind,
            value: value.to_string(),
            modifier: p.modifier,
            placement: None,
        },
        reason: why.to_string(),
        from_reference: false,
        explicit: false,
    }
}

fn placed_day(d: NaiveDate, why: &str, p: &Phrase) -> Resolved {
    let mut t = render(Val::Day(d), None);
    t.modifier = p.modifier;
    Resolved {
        timex: t,
        reason: why.to_string(),
        from_reference: false,
        explicit: false,
    }
}

fn clock_value(d: NaiveDate, time: NaiveTime, why: String, p: &Phrase, midnight: bool) -> Resolved {
    let mut value = day_string(d);
    value.push('T');
    datefmt::push_hm(&mut value, time);
    Resolved {
        timex: Timex {
            kind: TimexType::Time,
            value,
            modifier: p.modifier,
            placement: Some(Placement {
                start: d,
                end: d + Duration::days(1),
                precision: Precision::Time,
                part_of_day: midnight.then_some(PartOfDay::Night),
                time: (!midnight).then_some(time),
            }),
        },
        reason: why,
        from_reference: false,
        explicit: false,
    }
}

fn duration_string(qty: Qty, unit: Unit) -> String {
    match qty {
        Qty::Some => duration_value(None, unit),
        Qty::N(n, false) => duration_value(Some(n), unit),
        Qty::N(n, true) => {
            // "2 1/2 years" → P2Y6M; "half an hour" → PT30M
            let (whole, half) = (
                duration_value(Some(n), unit),
                match unit {
                    Unit::Year => Some("6M"),
                    Unit::Month => Some("15D"),
                    Unit::Day => Some("T12H"),
                    Unit::Hour => Some("30M"),
                    Unit::Minute => Some("30S"),
                    _ => None,
                },
            );
            match (n, half) {
                (0, Some(h)) => match unit {
                    Unit::Hour | Unit::Minute => format!("PT{h}"),
                    _ => format!("P{h}"),
                },
                (_, Some(h)) => format!("{whole}{h}"),
                _ => whole,
            }
        }
    }
}

/// `{:04}-{:02}-{:02}` of the date, with room for a time after it.
fn day_string(d: NaiveDate) -> String {
    if !(0..=9999).contains(&d.year()) {
        return format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day());
    }
    let mut s = String::with_capacity(16);
    datefmt::push_ymd(&mut s, d);
    s
}

/// `{y:04}`, then `-{m:02}` when `m` is given.
fn year_month_string(y: i32, m: Option<u32>) -> String {
    let mut s = String::with_capacity(8);
    push_year(&mut s, y);
    if let Some(m) = m {
        s.push('-');
        push_2_or_more(&mut s, m);
    }
    s
}

/// `{y:04}` of the year, then `pieces`: a value led by its year (the
/// other values' pieces pushed one by one, not through `format!`).
fn year_and(y: i32, pieces: &[&str]) -> String {
    let mut s = String::with_capacity(16);
    push_year(&mut s, y);
    for p in pieces {
        s.push_str(p);
    }
    s
}

/// Appends `{y:04}`.
fn push_year(out: &mut String, y: i32) {
    if (0..=9999).contains(&y) {
        datefmt::push_4(out, y as u32);
    } else {
        out.push_str(&format!("{y:04}"));
    }
}

/// Appends `{n:+}`.
fn push_signed(out: &mut String, n: i64) {
    out.push(if n < 0 { '-' } else { '+' });
    datefmt::push_num(out, n.unsigned_abs());
}

/// Appends `{n:02}`.
fn push_2_or_more(out: &mut String, n: u32) {
    if n < 100 {
        datefmt::push_2(out, n);
    } else {
        datefmt::push_num(out, u64::from(n));
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// Renders a calendar value to its TIMEX3 type, value and placement.
fn render(v: Val, part: Option<PartOfDay>) -> Timex {
    let (value, start, end, precision) = match v {
        Val::Day(d) => (day_string(d), d, d + Duration::days(1), Precision::Day),
        Val::Month(y, m) => {
            let s = ymd(y, m, 1);
            (
                year_month_string(y, Some(m)),
                s,
                s + Months::new(1),
                Precision::Month,
            )
        }
        Val::Year(y) => (
            year_month_string(y, None),
            ymd(y, 1, 1),
            ymd(y + 1, 1, 1),
            Precision::Year,
        ),
        Val::Week(d) => {
            let w = d.iso_week();
            let mon = d - Duration::days(d.weekday().num_days_from_monday() as i64);
            (
                {
                    let mut s = year_and(w.year(), &["-W"]);
                    push_2_or_more(&mut s, w.week());
                    s
                },
                mon,
                mon + Duration::days(7),
                Precision::Week,
            )
        }
        Val::Weekend(sat) => {
            let w = sat.iso_week();
            (
                {
                    let mut s = year_and(w.year(), &["-W"]);
                    push_2_or_more(&mut s, w.week());
                    s.push_str("-WE");
                    s
                },
                sat,
                sat + Duration::days(2),
                Precision::Week,
            )
        }
        Val::Season(y, s) => {
            let st = ymd(y, s.first_month(), 1);
            (
                year_and(y, &["-", s.code()]),
                st,
                st + Months::new(3),
                Precision::Season,
            )
        }
        Val::Quarter(y, q) => {
            let st = ymd(y, 3 * q - 2, 1);
            (
                {
                    let mut s = year_and(y, &["-Q"]);
                    datefmt::push_num(&mut s, u64::from(q));
                    s
                },
                st,
                st + Months::new(3),
                Precision::Quarter,
            )
        }
        Val::Half(y, h) => {
            let st = ymd(y, 6 * h - 5, 1);
            (
                {
                    let mut s = year_and(y, &["-H"]);
                    datefmt::push_num(&mut s, u64::from(h));
                    s
                },
                st,
                st + Months::new(6),
                Precision::Half,
            )
        }
        Val::Decade(y) => (
            format!("{}X", y / 10),
            ymd(y, 1, 1),
            ymd(y + 10, 1, 1),
            Precision::Decade,
        ),
        Val::Century(c) => (
            format!("{c:02}XX"),
            ymd(c * 100, 1, 1),
            ymd(c * 100 + 100, 1, 1),
            Precision::Century,
        ),
    };
    let (kind, value, precision, part_of_day) = match (v, part) {
        (Val::Day(_), Some(p)) => (
            TimexType::Time,
            {
                let mut value = value;
                value.push('T');
                value.push_str(p.code());
                value
            },
            Precision::PartOfDay,
            Some(p),
        ),
        _ => (TimexType::Date, value, precision, None),
    };
    Timex {
        kind,
        value,
        modifier: None,
        placement: Some(Placement {
            start,
            end,
            precision,
            part_of_day,
            time: None,
        }),
    }
}

/// `b` moved by `n` units, at that unit's precision.
fn offset_unit(b: NaiveDate, unit: Unit, n: i64) -> Option<Val> {
    Some(match unit {
        Unit::Second | Unit::Minute | Unit::Hour | Unit::Day => Val::Day(b + Duration::days(n)),
        Unit::Week => Val::Week(b + Duration::days(7 * n)),
        Unit::Month => {
            let d = if n >= 0 {
                b.checked_add_months(Months::new(n as u32))?
            } else {
                b.checked_sub_months(Months::new((-n) as u32))?
            };
            Val::Month(d.year(), d.month())
        }
        Unit::Quarter => {
            let idx = b.year() as i64 * 4 + (b.month0() / 3) as i64 + n;
            Val::Quarter(idx.div_euclid(4) as i32, (idx.rem_euclid(4) + 1) as u32)
        }
        Unit::Year => Val::Year(b.year() + n as i32),
        Unit::Decade => Val::Decade(b.year() / 10 * 10 + 10 * n as i32),
        Unit::Century => Val::Century(b.year() / 100 + n as i32),
    })
}

/// A month/day with no year: the nearest candidate year, unless the tense
/// points the other way and the year before (after) is within half a year.
fn pick_day(
    b: NaiveDate,
    ctx: &Ctx,
    date: impl Fn(i32) -> Option<NaiveDate>,
) -> Option<(NaiveDate, String)> {
    let y = b.year();
    let cands: Vec<NaiveDate> = (y - 1..=y + 1).filter_map(&date).collect();
    let t = ctx.tense.label();
    if ctx.mode == Mode::Narrative
        && !ctx.tense.backwards()
        && let Some(d) = cands.iter().find(|d| **d >= b)
    {
        return Some((*d, "narrative → first on or after the reference".into()));
    }
    let near = *cands.iter().min_by_key(|d| (**d - b).num_days().abs())?;
    // a few days after the dateline in a past clause is reported speech
    // about the coming days or a time-zone slip, not last year
    if ctx.tense.backwards()
        && near > b + Duration::days(60)
        && let Some(d) = cands.iter().rev().find(|d| **d <= b)
    {
        return Some((*d, [t, " → latest before"].concat()));
    }
    if ctx.tense == Tense::Future
        && near < b
        && let Some(d) = cands.iter().find(|d| **d >= b)
    {
        return Some((*d, [t, " → next after"].concat()));
    }
    Some((near, [t, " → nearest to the anchor"].concat()))
}

fn pick_month(b: NaiveDate, m: u32, rel: Rel, ctx: &Ctx) -> (i32, String) {
    let (y, bm) = (b.year(), b.month());
    let t = ctx.tense.label();
    match rel {
        Rel::Last => (if m < bm { y } else { y - 1 }, "last → previous one".into()),
        Rel::Next => (if m > bm { y } else { y + 1 }, "next → coming one".into()),
        Rel::This | Rel::That => (y, "same year".into()),
        Rel::Bare if m == bm => (y, "the anchor's month".into()),
        Rel::Bare if ctx.mode == Mode::Narrative && !ctx.tense.backwards() => (
            if m > bm { y } else { y + 1 },
            "narrative → next after the reference".into(),
        ),
        // a month just ahead in a past clause is mostly reported speech
        // about the coming month: the year stays
        Rel::Bare if ctx.tense.backwards() && (m < bm || m > bm + 2) => (
            if m < bm { y } else { y - 1 },
            [t, " → most recent before"].concat(),
        ),
        Rel::Bare if ctx.tense == Tense::Future => (
            if m > bm { y } else { y + 1 },
            [t, " → next after"].concat(),
        ),
        Rel::Bare if m + 6 < bm => (y + 1, [t, " → nearest: next year's"].concat()),
        Rel::Bare if m > bm + 6 && !ctx.tense.backwards() => {
            (y - 1, [t, " → nearest: last year's"].concat())
        }
        Rel::Bare => (y, [t, " → the anchor's year"].concat()),
    }
}

fn pick_weekday(b: NaiveDate, day: Weekday, rel: Rel, ctx: &Ctx) -> (NaiveDate, String) {
    let diff_back = (b.weekday().num_days_from_monday() as i64 - day.num_days_from_monday() as i64)
        .rem_euclid(7);
    let prev = b - Duration::days(if diff_back == 0 { 7 } else { diff_back });
    let next = b + Duration::days(if diff_back == 0 { 7 } else { 7 - diff_back });
    let t = ctx.tense.label();
    let name = weekday_name(day);
    match rel {
        Rel::Last => (prev, ["last → previous ", name].concat()),
        Rel::Next => (next, ["next → coming ", name].concat()),
        Rel::This => {
            let monday = b - Duration::days(b.weekday().num_days_from_monday() as i64);
            (
                monday + Duration::days(day.num_days_from_monday() as i64),
                ["this → ", name, " of the same week"].concat(),
            )
        }
        Rel::Bare | Rel::That => {
            if diff_back == 0 {
                (b, [name, " is the anchor's own day"].concat())
            } else if matches!(ctx.tense, Tense::Future | Tense::Present)
                || (ctx.mode == Mode::Narrative && !ctx.tense.backwards())
            {
                (next, [t, " → next ", name].concat())
            } else {
                (prev, [t, " → previous ", name].concat())
            }
        }
    }
}

fn weekday_name(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

fn season_index(s: Season) -> i32 {
    match s {
        Season::Spring => 0,
        Season::Summer => 1,
        Season::Fall => 2,
        Season::Winter => 3,
    }
}

fn pick_season(b: NaiveDate, s: Season, rel: Rel, ctx: &Ctx) -> (i32, String) {
    // Seasons counted on one line: year * 4 + index; Jan/Feb belong to the
    // winter that started the year before.
    let cur_season = Season::of_month(b.month());
    let cur_year = if b.month() <= 2 {
        b.year() - 1
    } else {
        b.year()
    };
    let cur = cur_year * 4 + season_index(cur_season);
    let idx = season_index(s);
    let at = |y: i32| y * 4 + idx;
    let t = ctx.tense.label();
    let before = if at(cur_year) <= cur {
        cur_year
    } else {
        cur_year - 1
    };
    let strictly_before = if at(cur_year) < cur {
        cur_year
    } else {
        cur_year - 1
    };
    let after = if at(cur_year) >= cur {
        cur_year
    } else {
        cur_year + 1
    };
    let strictly_after = if at(cur_year) > cur {
        cur_year
    } else {
        cur_year + 1
    };
    match rel {
        Rel::Last => (strictly_before, "last → previous one".into()),
        Rel::Next => (strictly_after, "next → coming one".into()),
        Rel::This | Rel::That => (
            cur_year.max(if s == Season::Winter {
                cur_year
            } else {
                b.year()
            }),
            "this → the current year's".into(),
        ),
        Rel::Bare => {
            if ctx.tense.backwards() {
                (before, [t, " → most recent"].concat())
            } else if ctx.tense == Tense::Future || ctx.mode == Mode::Narrative {
                (after, [t, " → next"].concat())
            } else {
                (b.year(), [t, " → the anchor's year"].concat())
            }
        }
    }
}

fn pick_quarter(b: NaiveDate, q: u32, year: YearSpec, ctx: &Ctx) -> (i32, u32, String) {
    let cur_q = b.month0() / 3 + 1;
    if q == 0 {
        // "the quarter", "the latest quarter": the quarter under discussion,
        // else the last one reported (the one before the dateline's);
        // "year-ago" one year back.
        let latest = b.year() * 4 + cur_q as i32 - 2;
        let discussed = ctx.quarter.map_or(latest, |(y, q)| y * 4 + q as i32 - 1);
        let idx = match year {
            YearSpec::Explicit(y) => y * 4 + discussed.rem_euclid(4),
            YearSpec::Rel(r) if r < 0 => discussed - 4,
            YearSpec::Rel(r) => latest + r,
            YearSpec::Open => discussed,
        };
        return (
            idx.div_euclid(4),
            (idx.rem_euclid(4) + 1) as u32,
            "latest reported quarter".into(),
        );
    }
    let y = match year {
        YearSpec::Explicit(y) => y,
        YearSpec::Rel(r) => b.year() + r,
        YearSpec::Open => {
            if q > cur_q && ctx.tense.backwards()
                || (cur_q == 1 && q == 4 && ctx.tense != Tense::Future)
            {
                b.year() - 1
            } else {
                b.year()
            }
        }
    };
    (y, q, "quarter".into())
}

/// The date of a holiday in year `y`.
pub fn holiday_date(h: Holiday, y: i32) -> Option<NaiveDate> {
    match h {
        Holiday::Fixed(m, d) => NaiveDate::from_ymd_opt(y, m, d),
        Holiday::Nth(m, wd, n) => {
            if n > 0 {
                NaiveDate::from_weekday_of_month_opt(y, m, wd, n as u8)
            } else {
                let last = NaiveDate::from_ymd_opt(y, m, 1)?.checked_add_months(Months::new(1))?
                    - Duration::days(1);
                let back = (last.weekday().num_days_from_monday() as i64
                    - wd.num_days_from_monday() as i64)
                    .rem_euclid(7);
                Some(last - Duration::days(back))
            }
        }
        Holiday::Easter(off) => Some(easter(y)? + Duration::days(off)),
        Holiday::ElectionDay => {
            let mon = NaiveDate::from_weekday_of_month_opt(y, 11, Weekday::Mon, 1)?;
            Some(mon + Duration::days(1))
        }
    }
}

/// Western Easter Sunday (anonymous Gregorian algorithm).
pub fn easter(y: i32) -> Option<NaiveDate> {
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(y, month as u32, day as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_as_format_writes_them() {
        for y in [-44, 0, 5, 99, 1999, 2025, 9999, 10_000, 12_345] {
            for m in [1, 9, 12] {
                let d = NaiveDate::from_ymd_opt(y, m, 7).unwrap();
                let want = format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day());
                assert_eq!(day_string(d), want);
                assert_eq!(year_month_string(y, Some(m)), format!("{y:04}-{m:02}"));
            }
            assert_eq!(year_month_string(y, None), format!("{y:04}"));
            for n in [i64::MIN, -12_345, -1, 0, 1, 99, i64::MAX] {
                let mut signed = String::new();
                push_signed(&mut signed, n);
                assert_eq!(signed, format!("{n:+}"));
            }
            for n in [1, 4, 9, 53, 99, 100, 123] {
                let value = |v: Val| render(v, None).value;
                assert_eq!(year_month_string(y, Some(n)), format!("{y:04}-{n:02}"));
                assert_eq!(value(Val::Quarter(y, n)), format!("{y:04}-Q{n}"));
                assert_eq!(value(Val::Half(y, n)), format!("{y:04}-H{n}"));
            }
            for s in [Season::Spring, Season::Winter] {
                assert_eq!(
                    render(Val::Season(y, s), None).value,
                    format!("{y:04}-{}", s.code())
                );
            }
            for d in [1, 3, 20, 28] {
                let d = NaiveDate::from_ymd_opt(y, 1, d).unwrap();
                let w = d.iso_week();
                let week = format!("{:04}-W{:02}", w.year(), w.week());
                assert_eq!(render(Val::Week(d), None).value, week);
                assert_eq!(render(Val::Weekend(d), None).value, week + "-WE");
            }
        }
    }

    #[test]
    fn easter_dates() {
        // Known Easter Sundays.
        assert_eq!(easter(2024), NaiveDate::from_ymd_opt(2024, 3, 31));
        assert_eq!(easter(2025), NaiveDate::from_ymd_opt(2025, 4, 20));
        assert_eq!(easter(2000), NaiveDate::from_ymd_opt(2000, 4, 23));
    }

    #[test]
    fn rule_based_holidays() {
        // Thanksgiving 2025: fourth Thursday of November.
        let d = holiday_date(Holiday::Nth(11, Weekday::Thu, 4), 2025).unwrap();
        assert_eq!(
            (d, d.weekday()),
            (NaiveDate::from_ymd_opt(2025, 11, 27).unwrap(), Weekday::Thu)
        );
        // Memorial Day 2025: last Monday of May.
        let d = holiday_date(Holiday::Nth(5, Weekday::Mon, -1), 2025).unwrap();
        assert_eq!(d, NaiveDate::from_ymd_opt(2025, 5, 26).unwrap());
        // US Election Day 2024: Tuesday after the first Monday of November.
        let d = holiday_date(Holiday::ElectionDay, 2024).unwrap();
        assert_eq!(d, NaiveDate::from_ymd_opt(2024, 11, 5).unwrap());
    }
}
