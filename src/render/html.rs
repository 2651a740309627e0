//! HTML helpers: escaping, the `<time>` element of a resolved phrase, and
//! sentences with their phrase marked.

use std::ops::Range;

use crate::datefmt;
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
    let mut out = String::with_capacity(16);
    push_datetime_attr(&mut out, p);
    out
}

/// Appends [`datetime_attr`] to `out`. Written by hand ([`datefmt`]):
/// chrono's formatter parses its pattern on every call (5 % of rendering
/// at 10k articles).
pub fn push_datetime_attr(out: &mut String, p: &Placement) {
    let d = p.start;
    match p.precision {
        Precision::Time => {
            datefmt::push_ymd(out, d);
            if let Some(t) = p.time {
                out.push('T');
                datefmt::push_hm(out, t);
            }
        }
        Precision::Day | Precision::PartOfDay => datefmt::push_ymd(out, d),
        Precision::Week => datefmt::push_iso_week(out, d),
        Precision::Month => datefmt::push_ym(out, d),
        _ => datefmt::push_year(out, d),
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
    let mut out = String::with_capacity(40);
    push_label(&mut out, p);
    out
}

/// Appends [`label`] to `out`.
pub fn push_label(out: &mut String, p: &Placement) {
    let at = out.len();
    p.push_label(out);
    if let Some(first) = out[at..].chars().next().filter(|c| c.is_lowercase()) {
        if first.is_ascii() {
            out[at..at + 1].make_ascii_uppercase();
        } else {
            let upper: String = first.to_uppercase().collect();
            out.replace_range(at..at + first.len_utf8(), &upper);
        }
    }
}

/// The id of the hidden note that describes the phrase with id `id`.
pub fn note_id(id: &str) -> String {
    let mut out = String::with_capacity(id.len() + 5);
    push_note_id(&mut out, id);
    out
}

/// Appends [`note_id`] to `out`.
pub fn push_note_id(out: &mut String, id: &str) {
    out.push_str(id);
    out.push_str("-note");
}

/// The opening tag wrapping a resolved phrase in an article body:
/// `<time>` for values on the calendar, `<span>` for durations, sets and
/// vague references (HTML has no valid `datetime` for `P20Y` or `PAST_REF`).
///
/// The value and explanation reach every reader: sighted ones through the
/// CSS tooltip built from `data-tip` (shown on hover and on keyboard focus,
/// hence `tabindex`), screen readers through `aria-describedby`, which
/// names the page's hidden note of the same text. `tip` is the mention's
/// [`tip_text`], made once for the tag and the note.
pub fn mention_open(m: &Mention, id: &str, tip: &str) -> (String, &'static str) {
    let mut open = String::with_capacity(128 + 2 * id.len() + m.timex.value.len() + tip.len());
    let close = match &m.timex.placement {
        Some(p) => {
            open.push_str("<time id=\"");
            open.push_str(id);
            open.push_str("\" class=\"timex\" datetime=\"");
            push_datetime_attr(&mut open, p);
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
    escape_into(&mut open, tip);
    open.push_str("\" aria-describedby=\"");
    push_note_id(&mut open, id);
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
    push_sentence_with_mark(&mut out, text, sentence, mark);
    out
}

/// Appends [`sentence_with_mark`] to `out`.
pub fn push_sentence_with_mark(
    out: &mut String,
    text: &str,
    sentence: Range<usize>,
    mark: Option<Range<usize>>,
) {
    let piece = |out: &mut String, r: Range<usize>| push_collapsed(out, &text[r]);
    match mark {
        Some(m) if sentence.start <= m.start && m.end <= sentence.end => {
            piece(out, sentence.start..m.start);
            if text[sentence.start..m.start].ends_with(char::is_whitespace) {
                out.push(' ');
            }
            out.push_str("<mark>");
            piece(out, m.clone());
            out.push_str("</mark>");
            if text[m.end..sentence.end].starts_with(char::is_whitespace) {
                out.push(' ');
            }
            piece(out, m.end..sentence.end);
        }
        _ => piece(out, sentence),
    }
}

/// Appends the words of `text` joined by single spaces, escaped: what
/// escaping each of `split_whitespace`'s words would give, in one pass over
/// the bytes with a table. Words separated by single spaces are copied as
/// one piece; no character is decoded (the few lead bytes that may start a
/// Unicode space are checked byte by byte). Collapsing and escaping in two
/// passes, char by char, was a sixth of rendering the pages.
fn push_collapsed(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    out.reserve(text.len());
    // Whether a word was written, and whether whitespace came since.
    let (mut wrote, mut gap) = (false, false);
    let mut i = 0;
    while i < bytes.len() {
        let space = space_len(bytes, i);
        if space > 0 {
            gap = true;
            i += space;
            continue;
        }
        if gap && wrote {
            out.push(' ');
        }
        (wrote, gap) = (true, false);
        // Copy words up to the next run of whitespace that is not one
        // plain space before a byte that is not whitespace.
        let mut copied = i;
        while i < bytes.len() {
            while let Some(chunk) = bytes.get(i..i + 9) {
                if !plain_run(chunk) {
                    break;
                }
                i += 8;
            }
            match HTML_BYTES[usize::from(bytes[i])] {
                PLAIN => i += 1,
                SPACE => {
                    let next = bytes
                        .get(i + 1)
                        .map_or(SPACE, |&n| HTML_BYTES[usize::from(n)]);
                    if bytes[i] == b' ' && next != SPACE && next != MAYBE_SPACE {
                        i += 1;
                    } else {
                        break;
                    }
                }
                MAYBE_SPACE => {
                    if space_len(bytes, i) > 0 {
                        break;
                    }
                    // Its continuation bytes are plain.
                    i += 1;
                }
                special => {
                    // Only ASCII bytes are escaped: `i` and `i + 1` are on
                    // character boundaries.
                    out.push_str(&text[copied..i]);
                    out.push_str(HTML_ESCAPES[usize::from(special - ESCAPED)]);
                    i += 1;
                    copied = i;
                }
            }
        }
        out.push_str(&text[copied..i]);
    }
}

/// What [`push_collapsed`] makes of a byte: copied; whitespace (as
/// `char::is_whitespace` has it); the lead byte of a character that may
/// be a Unicode space; or escaped as `HTML_ESCAPES[n - ESCAPED]` (what
/// [`escape`] writes).
const PLAIN: u8 = 0;
const SPACE: u8 = 1;
const MAYBE_SPACE: u8 = 2;
const ESCAPED: u8 = 3;
const HTML_ESCAPES: [&str; 5] = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"];
const HTML_BYTES: [u8; 256] = {
    let mut t = [PLAIN; 256];
    t[b' ' as usize] = SPACE;
    let mut b = 0x09;
    while b <= 0x0d {
        t[b] = SPACE;
        b += 1;
    }
    // U+0085 and U+00A0; U+1680; U+2000 to U+205F; U+3000.
    t[0xc2] = MAYBE_SPACE;
    t[0xe1] = MAYBE_SPACE;
    t[0xe2] = MAYBE_SPACE;
    t[0xe3] = MAYBE_SPACE;
    t[b'&' as usize] = ESCAPED;
    t[b'<' as usize] = ESCAPED + 1;
    t[b'>' as usize] = ESCAPED + 2;
    t[b'"' as usize] = ESCAPED + 3;
    t[b'\'' as usize] = ESCAPED + 4;
    t
};

/// Whether the first eight of `chunk`'s nine bytes are copied as they are
/// by [`push_collapsed`]: plain bytes, and single spaces each before a byte
/// that is not whitespace (the ninth byte is only looked at). Tested
/// without a branch per byte, as words are mostly plain bytes and single
/// spaces: a byte at a time was most of rendering the event texts.
fn plain_run(chunk: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let word = |at: usize| u64::from_le_bytes(chunk[at..at + 8].try_into().expect("eight bytes"));
    // The high bit of each byte of `x` that is a space.
    let spaces = |x: u64| {
        let y = x ^ (ONES * u64::from(b' '));
        !(((y & !HIGH).wrapping_add(!HIGH)) | y | !HIGH)
    };
    let stops = chunk[..8]
        .iter()
        .fold(0, |any, &b| any | RUN_STOPS[usize::from(b)]);
    // A space before a space among the nine bytes, or before other
    // whitespace as the ninth.
    let doubled = spaces(word(0)) & spaces(word(1)) != 0;
    let last = chunk[7] == b' ' && matches!(HTML_BYTES[usize::from(chunk[8])], SPACE | MAYBE_SPACE);
    stops == 0 && !doubled && !last
}

/// The bytes [`plain_run`] stops at: all but plain ones and the space.
const RUN_STOPS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (HTML_BYTES[b] != PLAIN && b != b' ' as usize) as u8;
        b += 1;
    }
    t
};

/// The length of the whitespace character (`char::is_whitespace`) starting
/// at byte `i` of UTF-8 `bytes`, or 0 when it is not one.
fn space_len(bytes: &[u8], i: usize) -> usize {
    let at = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    match HTML_BYTES[usize::from(bytes[i])] {
        SPACE => 1,
        MAYBE_SPACE => {
            let (b1, b2) = (at(1), at(2));
            let space = match bytes[i] {
                0xc2 => return if b1 == 0x85 || b1 == 0xa0 { 2 } else { 0 },
                0xe1 => b1 == 0x9a && b2 == 0x80,
                0xe2 => {
                    (b1 == 0x80 && (b2 <= 0x8a || matches!(b2, 0xa8 | 0xa9 | 0xaf)))
                        || (b1 == 0x81 && b2 == 0x9f)
                }
                _ => b1 == 0x80 && b2 == 0x80,
            };
            if space { 3 } else { 0 }
        }
        _ => 0,
    }
}

/// Upper-cases the first letter of the text of an HTML fragment (outside
/// tags), as a summary cut from mid-sentence starts in lower case.
pub fn capitalise_first(html: &mut String) {
    capitalise_first_from(html, 0);
}

/// [`capitalise_first`] on the part of `html` from byte `at` on.
pub fn capitalise_first_from(html: &mut String, at: usize) {
    let mut in_tag = false;
    for (i, c) in html[at..].char_indices() {
        let i = at + i;
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
    use crate::resolve::PartOfDay;

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
            "\u{b}vertical\u{c}feed\u{85}next\u{2028}line\u{3000}",
            "a “quoted” word's <b>&amp;</b> '",
            "x ",
            " ",
            "a\u{a0}",
            "abcdefg \nxyz",
            "abcdefg \u{3000}xyz",
        ] {
            let mut out = String::new();
            push_collapsed(&mut out, text);
            assert_eq!(out, word_by_word(text), "{text:?}");
        }
        let alphabet = [
            "a", "word", " ", "  ", "\n", "\t", "\u{a0}", "\u{2003}", "\u{3000}", "“", "’", "é",
            "—", "\u{85}", "\u{1680}", "&", "<", ">", "\"", "'", "日本",
        ];
        // Long texts too, for runs of eight bytes that start and end
        // anywhere in a word, a space or a character.
        let long = crate::testing::texts(&alphabet, 0x10_6e5d, 2_000, 96);
        for text in crate::testing::texts(&alphabet, 0x5eed_c011, 5_000, 24)
            .into_iter()
            .chain(long)
        {
            let mut out = String::from("kept ");
            push_collapsed(&mut out, &text);
            assert_eq!(out, format!("kept {}", word_by_word(&text)), "{text:?}");
        }
    }

    #[test]
    fn finds_every_unicode_space() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let text = format!("{c}x");
            let len = if c.is_whitespace() { c.len_utf8() } else { 0 };
            assert_eq!(space_len(text.as_bytes(), 0), len, "{:x}", c as u32);
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

    /// [`datetime_attr`] through chrono's formatter, as it was written.
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

    #[test]
    fn datetime_attr_matches_chrono_for_every_precision() {
        let dates = [
            (2025, 6, 3),
            (2024, 12, 30),
            (2021, 1, 1),
            (5, 2, 9),
            (9999, 12, 31),
            (10_000, 1, 2),
            (-44, 3, 15),
        ];
        let time = chrono::NaiveTime::from_hms_opt(7, 5, 0);
        for (y, m, d) in dates {
            let start = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
            for precision in [
                Precision::Century,
                Precision::Half,
                Precision::Quarter,
                Precision::Time,
                Precision::PartOfDay,
                Precision::Day,
                Precision::Week,
                Precision::Month,
                Precision::Season,
                Precision::Year,
                Precision::Decade,
            ] {
                for (time, part_of_day) in [(time, Some(PartOfDay::Evening)), (None, None)] {
                    let p = Placement {
                        start,
                        end: start,
                        precision,
                        part_of_day,
                        time,
                    };
                    assert_eq!(datetime_attr(&p), datetime_attr_chrono(&p), "{p:?}");
                    // Templates print both unescaped.
                    for text in [datetime_attr(&p), label(&p)] {
                        assert!(!text.contains(['&', '<', '>', '"', '\'']), "{text}");
                    }
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
        let (open, close) = mention_open(&m, "t3", &tip_text(&m));
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
