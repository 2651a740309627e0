//! Wire-style text: plain `.txt` articles as agencies file them, and the
//! `CITY – ` lead that opens a story's first paragraph.
//!
//! Layout: the first non-empty line is the title, the next non-empty line is
//! the dateline (`June 24, 2025 - 2:48`), the rest is the body, paragraphs
//! separated by blank lines. [`split_lead`] finds the place in a lead such as
//! `TEHRAN – ` or `WASHINGTON (AP) — `.

use std::ops::Range;

/// The header lines of a wire article, as byte ranges into the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireHeader {
    pub title: Range<usize>,
    /// `None` when the file ends before a second non-empty line.
    pub dateline: Option<Range<usize>>,
    /// Where the body starts (after the dateline line).
    pub body_start: usize,
}

/// Finds the title and dateline lines of a wire article.
pub fn header(text: &str) -> Option<WireHeader> {
    let mut lines = nonempty_lines(text);
    let title = lines.next()?;
    let dateline = lines.next();
    let body_start = match &dateline {
        Some(r) => text[r.end..]
            .find('\n')
            .map_or(text.len(), |i| r.end + i + 1),
        None => text.len(),
    };
    Some(WireHeader {
        title,
        dateline,
        body_start,
    })
}

/// Byte ranges of non-empty lines, trimmed of surrounding whitespace.
fn nonempty_lines(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut pos = 0;
    text.split_inclusive('\n').filter_map(move |line| {
        let start = pos;
        pos += line.len();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            return None;
        }
        let lead = line.len() - line.trim_start().len();
        Some(start + lead..start + lead + trimmed.len())
    })
}

/// A lead found at the start of a paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lead {
    /// The place as a reader writes it ("Tehran", "New York").
    pub place: String,
    /// Byte length of the lead including the dash and following spaces.
    pub len: usize,
}

/// Recognises `PLACE – `, `PLACE — `, `PLACE - ` or `PLACE, Country — `
/// (an optional agency in parentheses) at the start of `line`. The place must
/// be written in capitals, as wire leads are, so ordinary sentences that
/// contain a dash are not mistaken for one.
pub fn split_lead(line: &str) -> Option<Lead> {
    let trimmed = line.trim_start();
    let skipped = line.len() - trimmed.len();
    let (dash_at, dash) = trimmed
        .char_indices()
        .find(|&(_, c)| matches!(c, '–' | '—' | '-'))?;
    if dash_at == 0 || dash_at > 80 {
        return None;
    }
    let before = &trimmed[..dash_at];
    if !before.ends_with(' ') && dash == '-' {
        return None;
    }
    // Drop an agency in parentheses: "WASHINGTON (AP)".
    let place_part = before.split('(').next().unwrap_or(before).trim();
    let main = place_part.split(',').next().unwrap_or(place_part).trim();
    let letters = main.chars().filter(|c| c.is_alphabetic()).count();
    let all_caps = main
        .chars()
        .all(|c| c.is_uppercase() || matches!(c, ' ' | '.' | '\'' | '’' | '-'));
    if letters < 2 || !all_caps {
        return None;
    }
    let after = &trimmed[dash_at + dash.len_utf8()..];
    let rest = after.trim_start();
    Some(Lead {
        place: title_case(main),
        len: skipped + dash_at + dash.len_utf8() + (after.len() - rest.len()),
    })
}

fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start_of_word = true;
    for c in s.chars() {
        if start_of_word {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
        start_of_word = !c.is_alphabetic();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lines() {
        let text = "Title here \n\nJune 24, 2025 - 2:48\n\nTEHRAN – Body.\n";
        let h = header(text).unwrap();
        assert_eq!(&text[h.title], "Title here");
        assert_eq!(&text[h.dateline.unwrap()], "June 24, 2025 - 2:48");
        assert_eq!(&text[h.body_start..], "\nTEHRAN – Body.\n");
    }

    #[test]
    fn leads() {
        let lead = split_lead("TEHRAN – Iranian Defense Minister").unwrap();
        assert_eq!(lead.place, "Tehran");
        assert_eq!(&"TEHRAN – Iranian"[lead.len..], "Iranian");
        assert_eq!(split_lead("NEW YORK (AP) — The").unwrap().place, "New York");
        assert_eq!(split_lead("CALDEN, Norland — A").unwrap().place, "Calden");
        assert_eq!(split_lead("The talks — which began — ended"), None);
        assert_eq!(split_lead("A well-known case"), None);
    }
}
