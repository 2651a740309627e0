//! HTML helpers: escaping, the `<time>` element of a resolved phrase, and
//! sentences with their phrase marked.

use std::fmt::Write as _;
use std::ops::Range;

use chrono::{Datelike, Timelike};

use crate::resolve::{Mention, Placement, Precision};

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped as [`escape`] does.
pub fn escape_into(out: &mut String, text: &str) {
    pulldown_cmark_escape::escape_html(out, text).expect("writing to a String cannot fail");
}

/// The value of an HTML `datetime` attribute for a placement: the most
/// precise valid HTML date string that does not claim more than the value.
pub fn datetime_attr(p: &Placement) -> String {
    let d = p.start;
    // Written by hand for four-digit years (chrono's formatter parses its
    // pattern on every call: 5 % of rendering at 10k articles); chrono
    // writes the rest (signs, wider years) as it always did.
    let iso_year = d.iso_week().year();
    if !(0..=9999).contains(&d.year()) || !(0..=9999).contains(&iso_year) {
        return datetime_attr_chrono(p);
    }
    let mut out = String::with_capacity(16);
    let ymd = |out: &mut String| write!(out, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day());
    match p.precision {
        Precision::Time => match p.time {
            Some(t) => {
                ymd(&mut out).and_then(|()| write!(out, "T{:02}:{:02}", t.hour(), t.minute()))
            }
            None => ymd(&mut out),
        },
        Precision::Day | Precision::PartOfDay => ymd(&mut out),
        Precision::Week => write!(out, "{iso_year:04}-W{:02}", d.iso_week().week()),
        Precision::Month => write!(out, "{:04}-{:02}", d.year(), d.month()),
        _ => write!(out, "{:04}", d.year()),
    }
    .expect("writing to a String cannot fail");
    out
}

/// [`datetime_attr`] through chrono's formatter, for any year.
fn datetime_attr_chrono(p: &Placement) -> String {
    let d = p.start;
    match p.precision {
        Precision::Time => match p.time {
            Some(t) => format!("{}T{}", d.format("%Y-%m-%d"), t.format("%H:%M")),
            None => d.format("%Y-%m-%d").to_string(),
        },
        Precision::Day | Precision::PartOfDay => d.format("%Y-%m-%d").to_string(),
        Precision::Week => d.format("%G-W%V").to_string(),
        Precision::Month => d.format("%Y-%m").to_string(),
        _ => d.format("%Y").to_string(),
    }
}

/// The text shown for a resolved phrase on hover and on focus: its TIMEX3
/// value and how it was found (the explanation alone when it already
/// names the value).
pub fn tip_text(m: &Mention) -> String {
    if m.explanation.is_empty() {
        m.timex.value.clone()
    } else if m.explanation.contains(&m.timex.value) {
        m.explanation.clone()
    } else {
        format!("{} · {}", m.timex.value, m.explanation)
    }
}

/// A placement's label as a heading: first letter capitalised ("Autumn
/// 2025", "The 1990s").
pub fn label(p: &Placement) -> String {
    let mut label = p.label();
    if let Some(first) = label.chars().next().filter(|c| c.is_lowercase()) {
        let upper: String = first.to_uppercase().collect();
        label.replace_range(..first.len_utf8(), &upper);
    }
    label
}

/// The id of the hidden note that describes the phrase with id `id`.
pub fn note_id(id: &str) -> String {
    format!("{id}-note")
}

/// The opening tag wrapping a resolved phrase in an article body:
/// `<time>` for values on the calendar, `<span>` for durations, sets and
/// vague references (HTML has no valid `datetime` for `P20Y` or `PAST_REF`).
///
/// The value and explanation reach every reader: sighted ones through the
/// CSS tooltip built from `data-tip` (shown on hover and on keyboard focus,
/// hence `tabindex`), screen readers through `aria-describedby`, which
/// names the page's hidden note of the same text.
pub fn mention_open(m: &Mention, id: &str) -> (String, &'static str) {
    let tip = tip_text(m);
    let mut open = String::with_capacity(128 + 2 * id.len() + m.timex.value.len() + tip.len());
    let close = match &m.timex.placement {
        Some(p) => {
            open.push_str("<time id=\"");
            open.push_str(id);
            open.push_str("\" class=\"timex\" datetime=\"");
            open.push_str(&datetime_attr(p));
            "</time>"
        }
        None => {
            open.push_str("<span id=\"");
            open.push_str(id);
            open.push_str("\" class=\"timex");
            "</span>"
        }
    };
    open.push_str("\" data-value=\"");
    escape_into(&mut open, &m.timex.value);
    open.push_str("\" data-tip=\"");
    escape_into(&mut open, &tip);
    open.push_str("\" aria-describedby=\"");
    open.push_str(&note_id(id));
    open.push_str("\" tabindex=\"0\">");
    (open, close)
}

/// A sentence of prose with whitespace collapsed, escaped, and the phrase at
/// `mark` (byte range in the same text) wrapped in `<mark>`.
pub fn sentence_with_mark(
    text: &str,
    sentence: Range<usize>,
    mark: Option<Range<usize>>,
) -> String {
    let mut out = String::with_capacity(sentence.len() + 16);
    let piece = |out: &mut String, r: Range<usize>| push_collapsed(out, &text[r]);
    match mark {
        Some(m) if sentence.start <= m.start && m.end <= sentence.end => {
            piece(&mut out, sentence.start..m.start);
            if text[sentence.start..m.start].ends_with(char::is_whitespace) {
                out.push(' ');
            }
            out.push_str("<mark>");
            piece(&mut out, m.clone());
            out.push_str("</mark>");
            if text[m.end..sentence.end].starts_with(char::is_whitespace) {
                out.push(' ');
            }
            piece(&mut out, m.end..sentence.end);
        }
        _ => piece(&mut out, sentence),
    }
    out
}

/// Appends the words of `text` joined by single spaces, escaped: what
/// escaping each of `split_whitespace`'s words would give, but each run of
/// words already separated by single spaces is escaped in one call (per
/// word, the calls were most of the cost of listing events).
fn push_collapsed(out: &mut String, text: &str) {
    // Start of the run being read, whether a run was written, and whether
    // whitespace came since it.
    let (mut run, mut wrote, mut gap) = (None, false, false);
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !c.is_whitespace() {
            if run.is_none() {
                if gap && wrote {
                    out.push(' ');
                }
                run = Some(i);
                wrote = true;
            }
            continue;
        }
        // One plain space between two words stays inside the run.
        if c == ' ' && run.is_some() && chars.peek().is_some_and(|&(_, n)| !n.is_whitespace()) {
            continue;
        }
        if let Some(start) = run.take() {
            escape_into(out, &text[start..i]);
        }
        gap = true;
    }
    if let Some(start) = run {
        escape_into(out, &text[start..]);
    }
}

/// Upper-cases the first letter of the text of an HTML fragment (outside
/// tags), as a summary cut from mid-sentence starts in lower case.
pub fn capitalise_first(html: &mut String) {
    let mut in_tag = false;
    for (i, c) in html.char_indices() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag && c.is_alphabetic() => {
                if c.is_lowercase() {
                    let upper: String = c.to_uppercase().collect();
                    html.replace_range(i..i + c.len_utf8(), &upper);
                }
                return;
            }
            c if !in_tag && !c.is_whitespace() && c != '&' => return,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapsing_whitespace_escapes_as_word_by_word_would() {
        let word_by_word = |text: &str| {
            let mut out = String::new();
            for (n, word) in text.split_whitespace().enumerate() {
                if n > 0 {
                    out.push(' ');
                }
                escape_into(&mut out, word);
            }
            out
        };
        for text in [
            "",
            "   ",
            "one",
            "Tom & Jerry <met> \"twice\"",
            "  leading and trailing  ",
            "wrapped\nline\r\n and\ttabs",
            "no-break\u{a0}space and\u{2003}em space",
            "double  space, triple   space",
            "ends with space ",
            " é ü 日本 ",
        ] {
            let mut out = String::new();
            push_collapsed(&mut out, text);
            assert_eq!(out, word_by_word(text), "{text:?}");
        }
    }

    #[test]
    fn escapes_untrusted_text() {
        assert_eq!(
            escape("<script>\"x\" & 'y'"),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;"
        );
    }

    fn mention(value: &str, explanation: &str, placement: Option<Placement>) -> Mention {
        Mention {
            start: 0,
            end: 6,
            timex: crate::resolve::Timex {
                kind: crate::resolve::TimexType::Date,
                value: value.into(),
                modifier: None,
                placement,
            },
            explanation: explanation.into(),
        }
    }

    #[test]
    fn season_labels_read_as_headings() {
        let d = chrono::NaiveDate::from_ymd_opt(2025, 9, 1).unwrap();
        let p = Placement {
            start: d,
            end: chrono::NaiveDate::from_ymd_opt(2025, 12, 1).unwrap(),
            precision: Precision::Season,
            part_of_day: None,
            time: None,
        };
        assert_eq!(p.label(), "autumn 2025");
        assert_eq!(label(&p), "Autumn 2025");
        assert_eq!(datetime_attr(&p), "2025");
    }

    #[test]
    fn datetime_attr_matches_chrono_for_every_precision() {
        let dates = [
            (2025, 6, 3),
            (2024, 12, 30),
            (2021, 1, 1),
            (5, 2, 9),
            (9999, 12, 31),
        ];
        let time = chrono::NaiveTime::from_hms_opt(7, 5, 0);
        for (y, m, d) in dates {
            let start = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
            for precision in [
                Precision::Time,
                Precision::PartOfDay,
                Precision::Day,
                Precision::Week,
                Precision::Month,
                Precision::Season,
                Precision::Year,
                Precision::Decade,
            ] {
                for time in [time, None] {
                    let p = Placement {
                        start,
                        end: start,
                        precision,
                        part_of_day: None,
                        time,
                    };
                    assert_eq!(datetime_attr(&p), datetime_attr_chrono(&p), "{p:?}");
                }
            }
        }
        let wide = Placement {
            start: chrono::NaiveDate::from_ymd_opt(12345, 1, 1).unwrap(),
            end: chrono::NaiveDate::from_ymd_opt(12345, 1, 2).unwrap(),
            precision: Precision::Day,
            part_of_day: None,
            time: None,
        };
        assert_eq!(datetime_attr(&wide), "+12345-01-01");
    }

    #[test]
    fn tooltip_names_the_value_once() {
        let m = mention(
            "2025-06",
            "January · dateline Tue 24 Jun 2025 · month",
            None,
        );
        assert_eq!(
            tip_text(&m),
            "2025-06 · January · dateline Tue 24 Jun 2025 · month"
        );
        let m = mention("2025-01", "January · dateline … → 2025-01", None);
        assert_eq!(tip_text(&m), "January · dateline … → 2025-01");
        let (open, close) = mention_open(&m, "t3");
        assert!(
            open.starts_with("<span id=\"t3\" class=\"timex\""),
            "{open}"
        );
        assert!(open.contains("aria-describedby=\"t3-note\" tabindex=\"0\""));
        assert!(!open.contains("title="), "the tooltip is CSS, not title");
        assert_eq!(close, "</span>");
    }

    #[test]
    fn capitalises_the_first_letter_outside_tags() {
        let mut s = "<mark>on Monday</mark> the talks".to_string();
        capitalise_first(&mut s);
        assert_eq!(s, "<mark>On Monday</mark> the talks");
        let mut s = "\"quoted\" text".to_string();
        capitalise_first(&mut s);
        assert_eq!(s, "\"quoted\" text", "a leading quote is not a letter");
    }

    #[test]
    fn marks_phrase_and_collapses_space() {
        let text = "The pact  signed in\nJanuary expanded ties.";
        let s = sentence_with_mark(text, 0..text.len(), Some(20..27));
        assert_eq!(s, "The pact signed in <mark>January</mark> expanded ties.");
    }
}
