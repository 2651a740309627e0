//! TIMEX3 values: the resolver's output type.
//!
//! A [`Timex`] is a resolved temporal expression: its TIMEX3 `type`
//! ([`TimexType`]), its `value` string (`2025-06-23TNI`, `2025-01`, `P20Y`,
//! `PAST_REF`), an optional `mod`, and — for values that sit on the calendar —
//! a [`Placement`]: the interval the value covers and its [`Precision`]. The
//! timeline orders and labels events from the placement alone; the string is
//! only a rendering of the value for TimeML tools.

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};
use serde::Serialize;

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
        let d = self.start;
        let month = month_name(d);
        match self.precision {
            Precision::Century => format!("the {}00s", d.year() / 100),
            Precision::Decade => format!("the {}s", d.year() / 10 * 10),
            Precision::Year => format!("{}", d.year()),
            Precision::Half => format!(
                "{} half of {}",
                if d.month() <= 6 { "first" } else { "second" },
                d.year()
            ),
            Precision::Quarter => format!("Q{} {}", (d.month() - 1) / 3 + 1, d.year()),
            Precision::Season => {
                let name = match d.month() {
                    3..=5 => "spring",
                    6..=8 => "summer",
                    9..=11 => "autumn",
                    _ => "winter",
                };
                format!("{name} {}", d.year())
            }
            Precision::Month => format!("{month} {}", d.year()),
            Precision::Week => format!("week of {} {month} {}", d.day(), d.year()),
            Precision::Day => long_date(d),
            Precision::PartOfDay => {
                let part = self.part_of_day.map(PartOfDay::word).unwrap_or("");
                format!("{}, {part}", long_date(d))
            }
            Precision::Time => match self.time {
                Some(t) => format!("{}, {:02}:{:02}", long_date(d), t.hour(), t.minute()),
                None => long_date(d),
            },
        }
    }
}

/// The English name of `d`'s month, as chrono's `%B` writes it.
pub fn month_name(d: NaiveDate) -> &'static str {
    chrono::Month::try_from(d.month() as u8)
        .expect("a date's month is 1 to 12")
        .name()
}

/// `d` as chrono's `%A %-d %B %Y` writes it ("Monday 23 June 2025").
/// Written by hand because chrono parses its format string on every call,
/// and pages label thousands of dates.
pub fn long_date(d: NaiveDate) -> String {
    if !(0..=9999).contains(&d.year()) {
        return d.format("%A %-d %B %Y").to_string();
    }
    let weekday = match d.weekday() {
        chrono::Weekday::Mon => "Monday",
        chrono::Weekday::Tue => "Tuesday",
        chrono::Weekday::Wed => "Wednesday",
        chrono::Weekday::Thu => "Thursday",
        chrono::Weekday::Fri => "Friday",
        chrono::Weekday::Sat => "Saturday",
        chrono::Weekday::Sun => "Sunday",
    };
    format!("{weekday} {} {} {:04}", d.day(), month_name(d), d.year())
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
