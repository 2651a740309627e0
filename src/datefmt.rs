//! Dates and numbers appended to a `String` by hand, as chrono's patterns
//! and `format!` write them.
//!
//! A build writes a few hundred thousand dates (labels, `datetime`
//! attributes, feed timestamps) and ids: chrono's `format` parses its
//! pattern on every call and `format!` goes through `core::fmt` for a few
//! digits, together an eighth of a 1k build's instructions. Every function
//! here writes exactly what the chrono pattern or `format!` named in its
//! comment writes; years outside 0..=9999 (which chrono writes with a sign)
//! go through chrono itself.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};

/// The English month names, January first (`%B`).
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The English weekday names, Monday first (`%A`).
pub const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// The English name of `d`'s month (`%B`).
pub fn month_name(d: NaiveDate) -> &'static str {
    MONTHS[d.month0() as usize]
}

/// The English name of `d`'s weekday (`%A`).
pub fn weekday_name(d: NaiveDate) -> &'static str {
    WEEKDAYS[d.weekday().num_days_from_monday() as usize]
}

/// Appends `n` in decimal (`{n}`).
pub fn push_num(out: &mut String, n: u64) {
    // Most numbers written are small (mention ids "t12", counts): pushed
    // digit by digit without the buffer and its UTF-8 check.
    if n < 100 {
        if n >= 10 {
            out.push(char::from(b'0' + (n / 10) as u8));
        }
        out.push(char::from(b'0' + (n % 10) as u8));
        return;
    }
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    let mut n = n;
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&buf[at..]).expect("ASCII digits"));
}

/// Appends `n` zero-padded to two digits (`{n:02}`, `n` < 100).
pub fn push_2(out: &mut String, n: u32) {
    debug_assert!(n < 100);
    out.push(char::from(b'0' + (n / 10) as u8));
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// Appends `n` zero-padded to four digits (`{n:04}`, `n` < 10,000).
pub fn push_4(out: &mut String, n: u32) {
    debug_assert!(n < 10_000);
    push_2(out, n / 100);
    push_2(out, n % 100);
}

/// True when chrono writes `d`'s year as four plain digits.
fn plain_year(d: NaiveDate) -> bool {
    (0..=9999).contains(&d.year())
}

/// Appends a year of 0..=9999 zero-padded to four digits (`%Y`).
fn push_year4(out: &mut String, year: i32) {
    push_4(out, year as u32);
}

/// Appends `d` through chrono's pattern, for the years it writes signed.
fn push_chrono(out: &mut String, d: NaiveDate, pattern: &str) {
    write!(out, "{}", d.format(pattern)).expect("writing to a String cannot fail");
}

/// Appends `%Y`.
pub fn push_year(out: &mut String, d: NaiveDate) {
    if plain_year(d) {
        push_year4(out, d.year());
    } else {
        push_chrono(out, d, "%Y");
    }
}

/// Appends `%Y-%m-%d` ("2025-06-03").
pub fn push_ymd(out: &mut String, d: NaiveDate) {
    push_ymd_sep(out, d, "-");
}

/// Appends `%Y%m%d` ("20250603").
pub fn push_ymd_compact(out: &mut String, d: NaiveDate) {
    push_ymd_sep(out, d, "");
}

fn push_ymd_sep(out: &mut String, d: NaiveDate, sep: &str) {
    if !plain_year(d) {
        let pattern = if sep.is_empty() { "%Y%m%d" } else { "%Y-%m-%d" };
        return push_chrono(out, d, pattern);
    }
    push_year4(out, d.year());
    out.push_str(sep);
    push_2(out, d.month());
    out.push_str(sep);
    push_2(out, d.day());
}

/// Appends `%Y-%m` ("2025-06").
pub fn push_ym(out: &mut String, d: NaiveDate) {
    if !plain_year(d) {
        return push_chrono(out, d, "%Y-%m");
    }
    push_year4(out, d.year());
    out.push('-');
    push_2(out, d.month());
}

/// Appends `%G-W%V` ("2025-W23").
pub fn push_iso_week(out: &mut String, d: NaiveDate) {
    let week = d.iso_week();
    if !(0..=9999).contains(&week.year()) {
        return push_chrono(out, d, "%G-W%V");
    }
    push_year4(out, week.year());
    out.push_str("-W");
    push_2(out, week.week());
}

/// Appends `%H:%M` of a time ("07:05").
pub fn push_hm(out: &mut String, t: NaiveTime) {
    push_2(out, t.hour());
    out.push(':');
    push_2(out, t.minute());
}

/// Appends `%H:%M:%S` of a time, or `%H%M%S` with an empty `sep`. Leap
/// seconds (60) are written as chrono writes them.
pub fn push_hms(out: &mut String, t: NaiveTime, sep: &str) {
    push_2(out, t.hour());
    out.push_str(sep);
    push_2(out, t.minute());
    out.push_str(sep);
    // chrono counts a leap second in the nanoseconds and writes it as 60.
    let second = t.second() + u32::from(t.nanosecond() >= 1_000_000_000);
    push_2(out, second);
}

/// Appends `%-d %B %Y` ("3 June 2025").
pub fn push_day_month_year(out: &mut String, d: NaiveDate) {
    if !plain_year(d) {
        return push_chrono(out, d, "%-d %B %Y");
    }
    push_num(out, u64::from(d.day()));
    out.push(' ');
    out.push_str(month_name(d));
    out.push(' ');
    push_year4(out, d.year());
}

/// Appends `%A %-d %B %Y` ("Tuesday 3 June 2025").
pub fn push_long_date(out: &mut String, d: NaiveDate) {
    if !plain_year(d) {
        return push_chrono(out, d, "%A %-d %B %Y");
    }
    out.push_str(weekday_name(d));
    out.push(' ');
    push_day_month_year(out, d);
}

/// `%B %Y` ("June 2025").
pub fn month_year(d: NaiveDate) -> String {
    if !plain_year(d) {
        return d.format("%B %Y").to_string();
    }
    let mut out = String::with_capacity(14);
    out.push_str(month_name(d));
    out.push(' ');
    push_year4(&mut out, d.year());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(f: impl Fn(&mut String)) -> String {
        let mut s = String::from(">");
        f(&mut s);
        s
    }

    #[test]
    fn writes_what_chrono_writes() {
        let years = [0, 1, 5, 99, 1900, 1999, 2000, 2024, 2025, 9999, 10_000, -44];
        for y in years {
            let mut d = NaiveDate::from_ymd_opt(y, 1, 1).unwrap();
            while d.year() == y {
                let check = |f: &dyn Fn(&mut String), pattern: &str| {
                    assert_eq!(
                        written(f),
                        format!(">{}", d.format(pattern)),
                        "{pattern} {d}"
                    );
                };
                check(&|s| push_year(s, d), "%Y");
                check(&|s| push_ymd(s, d), "%Y-%m-%d");
                check(&|s| push_ymd_compact(s, d), "%Y%m%d");
                check(&|s| push_ym(s, d), "%Y-%m");
                check(&|s| push_iso_week(s, d), "%G-W%V");
                check(&|s| push_day_month_year(s, d), "%-d %B %Y");
                check(&|s| push_long_date(s, d), "%A %-d %B %Y");
                assert_eq!(month_year(d), d.format("%B %Y").to_string());
                assert_eq!(month_name(d), d.format("%B").to_string());
                assert_eq!(weekday_name(d), d.format("%A").to_string());
                d = d.succ_opt().unwrap();
            }
        }
        for (h, m, s, nano) in [(0, 0, 0, 0), (7, 5, 9, 0), (23, 59, 59, 1_500_000_000)] {
            let t = NaiveTime::from_hms_nano_opt(h, m, s, nano).unwrap();
            assert_eq!(
                written(|o| push_hm(o, t)),
                format!(">{}", t.format("%H:%M"))
            );
            let hms = |sep| written(|o| push_hms(o, t, sep));
            assert_eq!(hms(":"), format!(">{}", t.format("%H:%M:%S")));
            assert_eq!(hms(""), format!(">{}", t.format("%H%M%S")));
        }
    }

    #[test]
    fn numbers_read_as_format_writes_them() {
        for n in [0, 1, 9, 10, 99, 100, 12_345, u64::MAX] {
            assert_eq!(written(|s| push_num(s, n)), format!(">{n}"));
        }
        for n in 0..100 {
            assert_eq!(written(|s| push_2(s, n)), format!(">{n:02}"));
        }
        for n in [0, 7, 99, 100, 2025, 9999] {
            assert_eq!(written(|s| push_4(s, n)), format!(">{n:04}"));
        }
    }
}
