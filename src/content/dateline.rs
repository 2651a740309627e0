//! Datelines: the date (and time) an article was filed, which anchors every
//! relative expression in it.
//!
//! [`Dateline::parse`] accepts RFC 3339 (`2025-06-24T02:48:00+03:30`),
//! `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]` (or with `T`), and wire style
//! (`June 24, 2025 - 2:48`, `Tuesday, June 24, 2025`, `24 June 2025 2:48 PM`).
//! A time zone offset is kept as written: the dateline's own local date is the
//! anchor, whatever the build machine's zone.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime};

use crate::resolve::Anchor;

/// A parsed dateline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Dateline {
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
}

/// What [`Dateline::parse`] expects, for error messages.
pub const EXPECTED: &str =
    "expected a dateline such as `June 24, 2025 - 2:48`, `2025-06-24` or `2025-06-24T02:48:00Z`";

const DATE_FORMATS: [&str; 6] = [
    "%B %d, %Y",
    "%b %d, %Y",
    "%b. %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d %Y",
];
const TIME_FORMATS: [&str; 6] = ["%H:%M", "%H:%M:%S", "%I:%M %p", "%I:%M%p", "%I %p", "%I%p"];
const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

impl Dateline {
    /// Parses a dateline string; `None` when it is not one of the accepted
    /// forms or names a day that does not exist.
    pub fn parse(s: &str) -> Option<Dateline> {
        let s = s.trim();
        if s.is_empty() {
            return None;
        }
        if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
            let local = dt.naive_local();
            return Some(Dateline {
                date: local.date(),
                time: Some(local.time()),
            });
        }
        if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Some(Dateline {
                date: d,
                time: None,
            });
        }
        for fmt in [
            "%Y-%m-%d %H:%M",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%dT%H:%M:%S",
        ] {
            if let Ok(dt) = NaiveDateTime::parse_from_str(s, fmt) {
                return Some(Dateline {
                    date: dt.date(),
                    time: Some(dt.time()),
                });
            }
        }
        Self::parse_wire(s)
    }

    fn parse_wire(s: &str) -> Option<Dateline> {
        // An optional leading weekday: "Tuesday, June 24, 2025".
        let mut rest = s;
        if let Some((first, after)) = s.split_once(',')
            && WEEKDAYS
                .iter()
                .any(|w| first.trim().eq_ignore_ascii_case(w))
        {
            rest = after.trim_start();
        }
        // The date ends with the first four-digit year.
        let bytes = rest.as_bytes();
        let year_end = (0..bytes.len().saturating_sub(3)).find_map(|i| {
            let run = &bytes[i..i + 4];
            let boundary_before = i == 0 || !bytes[i - 1].is_ascii_digit();
            let boundary_after = bytes.get(i + 4).is_none_or(|b| !b.is_ascii_digit());
            (run.iter().all(u8::is_ascii_digit) && boundary_before && boundary_after)
                .then_some(i + 4)
        })?;
        let (date_part, time_part) = rest.split_at(year_end);
        let date = DATE_FORMATS
            .iter()
            .find_map(|f| NaiveDate::parse_from_str(date_part.trim(), f).ok())?;
        let time_part = time_part.trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, '-' | '–' | '—' | ',' | '|')
        });
        let time_part = time_part.trim();
        if time_part.is_empty() {
            return Some(Dateline { date, time: None });
        }
        let time = TIME_FORMATS
            .iter()
            .find_map(|f| NaiveTime::parse_from_str(time_part, f).ok())?;
        Some(Dateline {
            date,
            time: Some(time),
        })
    }

    /// The resolver's anchor for this dateline.
    pub fn anchor(&self) -> Anchor {
        Anchor {
            date: self.date,
            time: self.time,
        }
    }

    /// ISO 8601 rendering (`2025-06-24T02:48` or `2025-06-24`).
    pub fn iso(&self) -> String {
        let mut out = String::with_capacity(16);
        crate::datefmt::push_ymd(&mut out, self.date);
        if let Some(t) = self.time {
            out.push('T');
            crate::datefmt::push_hm(&mut out, t);
        }
        out
    }

    /// A reader's rendering ("Tuesday 24 June 2025, 02:48").
    pub fn human(&self) -> String {
        let mut out = String::with_capacity(36);
        crate::datefmt::push_long_date(&mut out, self.date);
        if let Some(t) = self.time {
            out.push_str(", ");
            crate::datefmt::push_hm(&mut out, t);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn accepted_forms() {
        let cases = [
            ("June 24, 2025 - 2:48", d(2025, 6, 24), Some((2, 48))),
            ("June 24, 2025", d(2025, 6, 24), None),
            ("Tuesday, June 24, 2025", d(2025, 6, 24), None),
            ("Jun 24, 2025 2:48 PM", d(2025, 6, 24), Some((14, 48))),
            ("24 June 2025", d(2025, 6, 24), None),
            ("2025-06-24", d(2025, 6, 24), None),
            ("2025-06-24 02:48", d(2025, 6, 24), Some((2, 48))),
            ("2025-06-24T02:48:10", d(2025, 6, 24), Some((2, 48))),
            // The written local date is kept: 23:30 at -05:00 is still the 23rd.
            ("2025-06-23T23:30:00-05:00", d(2025, 6, 23), Some((23, 30))),
        ];
        for (text, date, time) in cases {
            let got = Dateline::parse(text).unwrap_or_else(|| panic!("{text} did not parse"));
            assert_eq!(got.date, date, "{text}");
            assert_eq!(
                got.time
                    .map(|t| (chrono::Timelike::hour(&t), chrono::Timelike::minute(&t))),
                time,
                "{text}"
            );
        }
    }

    #[test]
    fn rejected_forms() {
        for text in [
            "",
            "yesterday",
            "June 31, 2025",
            "2025-13-01",
            "June 24, 2025 - noonish",
            "24/06/2025",
        ] {
            assert_eq!(Dateline::parse(text), None, "{text}");
        }
    }
}
