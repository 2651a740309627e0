//! TIMEX3 values: the resolver's output type.
//!
//! A [`Timex`] is a resolved temporal expression: its TIMEX3 `type`
//! ([`TimexType`]), its `value` string (`2025-06-23TNI`, `2025-01`, `P20Y`,
//! `PAST_REF`), an optional `mod`, and — for values that sit on the calendar —
//! a [`Placement`]: the interval the value covers and its [`Precision`]. The
//! timeline orders and labels events from the placement alone; the string is
//! only a rendering of the value for TimeML tools.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate, NaiveTime};
use serde::Serialize;

use crate::datefmt;

/// The four TIMEX3 types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    Date,
    Time,
    Duration,
    Set,
}

impl TimexType {
    pub fn as_str(self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }
}

/// How fine a placed value is, coarsest first: the derived order puts a
/// month before the days of that month when two intervals start together.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Precision {
    Century,
    Decade,
    Year,
    Half,
    Quarter,
    Season,
    Month,
    Week,
    Day,
    PartOfDay,
    Time,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Century => "century",
            Precision::Decade => "decade",
            Precision::Year => "year",
            Precision::Half => "half",
            Precision::Quarter => "quarter",
            Precision::Season => "season",
            Precision::Month => "month",
            Precision::Week => "week",
            Precision::Day => "day",
            Precision::PartOfDay => "part-of-day",
            Precision::Time => "time",
        }
    }
}

/// Parts of the day in TIMEX3 order through a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum PartOfDay {
    /// `MO`
    Morning,
    /// `MD`
    Midday,
    /// `AF`
    Afternoon,
    /// `EV`
    Evening,
    /// `NI`
    Night,
}

impl PartOfDay {
    /// The TIMEX3 code (`MO`, `MD`, `AF`, `EV`, `NI`).
    pub fn code(self) -> &'static str {
        match self {
            PartOfDay::Morning => "MO",
            PartOfDay::Midday => "MD",
            PartOfDay::Afternoon => "AF",
            PartOfDay::Evening => "EV",
            PartOfDay::Night => "NI",
        }
    }

    /// The English word used in labels ("night").
    pub fn word(self) -> &'static str {
        match self {
            PartOfDay::Morning => "morning",
            PartOfDay::Midday => "midday",
            PartOfDay::Afternoon => "afternoon",
            PartOfDay::Evening => "evening",
            PartOfDay::Night => "night",
        }
    }
}

/// Where a DATE or TIME value sits on the calendar: `[start, end)` in days,
/// its precision, and within a day its part of day or clock time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Placement {
    pub start: NaiveDate,
    /// Exclusive end of the interval.
    pub end: NaiveDate,
    pub precision: Precision,
    pub part_of_day: Option<PartOfDay>,
    pub time: Option<NaiveTime>,
}

impl Placement {
    /// The sort key used by the timeline: interval start, then precision
    /// (coarser first), then part of day, then clock time.
    pub fn sort_key(&self) -> (NaiveDate, Precision, Option<PartOfDay>, Option<NaiveTime>) {
        (self.start, self.precision, self.part_of_day, self.time)
    }

    /// True when `other` lies inside this interval.
    pub fn contains(&self, other: &Placement) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// A human label at the value's real precision:
    /// "Monday 23 June 2025, night", "January 2025", "2025", "the 1990s".
    pub fn label(&self) -> String {
        let mut out = String::with_capacity(40);
        self.push_label(&mut out);
        out
    }

    /// Appends [`Placement::label`] to `out`.
    pub fn push_label(&self, out: &mut String) {
        let d = self.start;
        // Centuries, decades and quarters divide the year as `{}` writes
        // it, sign included: rare enough to keep `write!`.
        let plain = (0..=9999).contains(&d.year());
        let year = |out: &mut String| datefmt::push_num(out, d.year() as u64);
        match self.precision {
            Precision::Century => write!(out, "the {}00s", d.year() / 100),
            Precision::Decade => write!(out, "the {}s", d.year() / 10 * 10),
            Precision::Year if plain => {
                year(out);
                Ok(())
            }
            Precision::Year => write!(out, "{}", d.year()),
            Precision::Half => write!(
                out,
                "{} half of {}",
                if d.month() <= 6 { "first" } else { "second" },
                d.year()
            ),
            Precision::Quarter => write!(out, "Q{} {}", (d.month() - 1) / 3 + 1, d.year()),
            Precision::Season => {
                let name = match d.month() {
                    3..=5 => "spring",
                    6..=8 => "summer",
                    9..=11 => "autumn",
                    _ => "winter",
                };
                write!(out, "{name} {}", d.year())
            }
            Precision::Month if plain => {
                out.push_str(month_name(d));
                out.push(' ');
                year(out);
                Ok(())
            }
            Precision::Month => write!(out, "{} {}", month_name(d), d.year()),
            Precision::Week if plain => {
                out.push_str("week of ");
                datefmt::push_num(out, u64::from(d.day()));
                out.push(' ');
                out.push_str(month_name(d));
                out.push(' ');
                year(out);
                Ok(())
            }
            Precision::Week => write!(out, "week of {} {} {}", d.day(), month_name(d), d.year()),
            Precision::Day => {
                datefmt::push_long_date(out, d);
                Ok(())
            }
            Precision::PartOfDay => {
                datefmt::push_long_date(out, d);
                out.push_str(", ");
                out.push_str(self.part_of_day.map(PartOfDay::word).unwrap_or(""));
                Ok(())
            }
            Precision::Time => {
                datefmt::push_long_date(out, d);
                if let Some(t) = self.time {
                    out.push_str(", ");
                    datefmt::push_hm(out, t);
                }
                Ok(())
            }
        }
        .expect("writing to a String cannot fail");
    }
}

/// The English name of `d`'s month, as chrono's `%B` writes it.
pub fn month_name(d: NaiveDate) -> &'static str {
    datefmt::month_name(d)
}

/// `d` as chrono's `%A %-d %B %Y` writes it ("Monday 23 June 2025").
/// Written by hand because chrono parses its format string on every call,
/// and pages label thousands of dates.
pub fn long_date(d: NaiveDate) -> String {
    let mut out = String::with_capacity(28);
    datefmt::push_long_date(&mut out, d);
    out
}

/// TIMEX3 `mod` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Mod {
    Start,
    Mid,
    End,
    Approx,
    LessThan,
    MoreThan,
    EqualOrLess,
    EqualOrMore,
    Before,
    After,
    OnOrBefore,
    OnOrAfter,
}

impl Mod {
    pub fn as_str(self) -> &'static str {
        match self {
            Mod::Start => "START",
            Mod::Mid => "MID",
            Mod::End => "END",
            Mod::Approx => "APPROX",
            Mod::LessThan => "LESS_THAN",
            Mod::MoreThan => "MORE_THAN",
            Mod::EqualOrLess => "EQUAL_OR_LESS",
            Mod::EqualOrMore => "EQUAL_OR_MORE",
            Mod::Before => "BEFORE",
            Mod::After => "AFTER",
            Mod::OnOrBefore => "ON_OR_BEFORE",
            Mod::OnOrAfter => "ON_OR_AFTER",
        }
    }
}

/// A resolved temporal expression.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Timex {
    pub kind: TimexType,
    /// The TIMEX3 `value` attribute.
    pub value: String,
    pub modifier: Option<Mod>,
    /// Set for DATE and TIME values that sit on the calendar; `None` for
    /// durations, sets, `PAST_REF`-like references and unanchored values.
    pub placement: Option<Placement>,
}

impl Timex {
    /// True when the value can place an event on the timeline.
    pub fn is_event(&self) -> bool {
        matches!(self.kind, TimexType::Date | TimexType::Time) && self.placement.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_read_as_format_writes_them() {
        // The labels as they were written with `format!`.
        let reference = |p: &Placement| -> String {
            let d = p.start;
            let month = d.format("%B").to_string();
            let long = d.format("%A %-d %B %Y").to_string();
            match p.precision {
                Precision::Century => format!("the {}00s", d.year() / 100),
                Precision::Decade => format!("the {}s", d.year() / 10 * 10),
                Precision::Year => format!("{}", d.year()),
                Precision::Half => {
                    let half = if d.month() <= 6 { "first" } else { "second" };
                    format!("{half} half of {}", d.year())
                }
                Precision::Quarter => format!("Q{} {}", (d.month() - 1) / 3 + 1, d.year()),
                Precision::Season => label_season(d),
                Precision::Month => format!("{month} {}", d.year()),
                Precision::Week => format!("week of {} {month} {}", d.day(), d.year()),
                Precision::Day => long,
                Precision::PartOfDay => {
                    format!("{long}, {}", p.part_of_day.map_or("", PartOfDay::word))
                }
                Precision::Time => match p.time {
                    Some(t) => format!("{long}, {}", t.format("%H:%M")),
                    None => long,
                },
            }
        };
        fn label_season(d: NaiveDate) -> String {
            let name = match d.month() {
                3..=5 => "spring",
                6..=8 => "summer",
                9..=11 => "autumn",
                _ => "winter",
            };
            format!("{name} {}", d.year())
        }
        let precisions = [
            Precision::Century,
            Precision::Decade,
            Precision::Year,
            Precision::Half,
            Precision::Quarter,
            Precision::Season,
            Precision::Month,
            Precision::Week,
            Precision::Day,
            Precision::PartOfDay,
            Precision::Time,
        ];
        for (y, m, day) in [
            (2025, 6, 3),
            (1999, 12, 31),
            (5, 1, 9),
            (12_345, 2, 1),
            (-44, 3, 15),
        ] {
            let start = NaiveDate::from_ymd_opt(y, m, day).unwrap();
            for precision in precisions {
                for (part_of_day, time) in [
                    (None, None),
                    (Some(PartOfDay::Night), NaiveTime::from_hms_opt(7, 5, 0)),
                ] {
                    let p = Placement {
                        start,
                        end: start,
                        precision,
                        part_of_day,
                        time,
                    };
                    assert_eq!(p.label(), reference(&p), "{p:?}");
                }
            }
        }
    }

    #[test]
    fn long_dates_and_month_names_read_as_chrono_writes_them() {
        let years = [1, 5, 99, 1900, 1999, 2000, 2024, 2025, 9999, 10_000, -44];
        for y in years {
            let mut d = NaiveDate::from_ymd_opt(y, 1, 1).unwrap();
            while d.year() == y {
                assert_eq!(long_date(d), d.format("%A %-d %B %Y").to_string());
                assert_eq!(month_name(d), d.format("%B").to_string());
                d = d.succ_opt().unwrap();
            }
        }
    }
}
