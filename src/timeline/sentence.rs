//! Sentence segmentation for news prose.
//!
//! A sentence ends at `.`, `!` or `?` (with any closing quotes or brackets)
//! followed by whitespace and a capital, digit or opening quote — unless the
//! word before the stop is an abbreviation ("Gen.", "U.S.", "Jan.") or an
//! initial ("J. Smith"). A blank line always ends a sentence, so headlines and
//! list items without a full stop stand alone.

use std::ops::Range;

use crate::resolve::lexicon::Sieve;

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "cmdr", "adm",
    "gov", "sen", "rep", "rev", "st", "sr", "jr", "mt", "ft", "no", "vs", "etc", "inc", "corp",
    "co", "ltd", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "e.g", "i.e", "a.m", "p.m", "u.s", "u.k", "u.n", "e.u", "approx", "est", "dept", "univ",
    "pres",
];

static ABBREVIATION_SIEVE: Sieve = Sieve::new(ABBREVIATIONS);

/// Byte ranges of the sentences of `text`, trimmed of surrounding whitespace.
///
/// Only `\n`, `.`, `!` and `?` can end a sentence, and all four are ASCII
/// (never part of a multi-byte character), so the scan jumps from one to
/// the next over the bytes and decodes characters only where it looks.
pub fn split(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut at = 0;
    'sentences: while let Some(s) = next_non_whitespace(text, at) {
        let mut from = s;
        while let Some(i) = next_stop(bytes, from) {
            if bytes[i] == b'\n' {
                if is_blank_line_after(text, i + 1) {
                    push(&mut out, text, s..i);
                    at = i + 1;
                    continue 'sentences;
                }
                from = i + 1;
                continue;
            }
            // Include closing quotes and brackets.
            let end = closers_end(text, i + 1);
            from = end;
            let Some(starts_sentence) = next_starts_sentence(text, end) else {
                continue;
            };
            if bytes[i] == b'.' && (!starts_sentence || is_abbreviation(text, s, i)) {
                continue;
            }
            push(&mut out, text, s..end);
            at = end;
            continue 'sentences;
        }
        push(&mut out, text, s..text.len());
        break;
    }
    out
}

/// After a stop and its closers ending at `end`: `None` when no whitespace
/// follows ("3.5", "U.S.-backed"), else whether what follows may start a
/// sentence (a capital, a digit, an opening quote or bracket, the end).
fn next_starts_sentence(text: &str, end: usize) -> Option<bool> {
    let rest = &text[end..];
    let after_ws = rest.trim_start_matches([' ', '\t', '\r', '\n']);
    if after_ws.len() == rest.len() && !rest.is_empty() {
        return None;
    }
    Some(after_ws.chars().next().is_none_or(|n| {
        n.is_uppercase() || n.is_ascii_digit() || matches!(n, '"' | '“' | '\'' | '‘' | '(' | '[')
    }))
}

/// Offset of the first character at or after `from` that is not
/// whitespace, if any.
fn next_non_whitespace(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if !(b as char).is_whitespace() {
                return Some(i);
            }
            i += 1;
        } else {
            let c = text[i..].chars().next()?;
            if !c.is_whitespace() {
                return Some(i);
            }
            i += c.len_utf8();
        }
    }
    None
}

/// Offset of the next `\n`, `.`, `!` or `?` at or after `from`. Looks at
/// eight bytes at a time: sentences run long between stops.
fn next_stop(bytes: &[u8], from: usize) -> Option<usize> {
    next_of(bytes, from, [b'\n', b'.', b'!', b'?'])
}

/// Offset of the next byte equal to one of `targets` at or after `from`,
/// looking at eight bytes at a time (for bytes that are rare in the text).
pub(super) fn next_of<const N: usize>(
    bytes: &[u8],
    from: usize,
    targets: [u8; N],
) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        // high bit set in the lowest byte equal to `t` (bytes above a
        // match may be flagged falsely; only the lowest is used)
        let hit = |t: u8| {
            let v = x ^ (ONES * u64::from(t));
            v.wrapping_sub(ONES) & !v & HIGH
        };
        let m = targets.iter().fold(0, |m, &t| m | hit(t));
        if m != 0 {
            return Some(i + (m.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    bytes[i..]
        .iter()
        .position(|b| targets.contains(b))
        .map(|k| i + k)
}

/// End of the run of closing quotes, brackets and further stops starting
/// at `from` (`from` itself when there is none).
fn closers_end(text: &str, mut from: usize) -> usize {
    let bytes = text.as_bytes();
    while let Some(&b) = bytes.get(from) {
        if matches!(b, b'"' | b'\'' | b')' | b']' | b'.' | b'!' | b'?') {
            from += 1;
        } else if b == 0xE2 && (text[from..].starts_with('”') || text[from..].starts_with('’'))
        {
            from += '”'.len_utf8();
        } else {
            break;
        }
    }
    from
}

fn is_blank_line_after(text: &str, from: usize) -> bool {
    let rest = &text[from..];
    let line_end = rest.find('\n');
    match line_end {
        Some(e) => rest[..e].trim().is_empty(),
        None => rest.trim().is_empty(),
    }
}

/// True when the word ending at the full stop `dot` is an abbreviation or an
/// initial.
fn is_abbreviation(text: &str, sentence_start: usize, dot: usize) -> bool {
    let word = word_before(text, sentence_start, dot);
    if word.is_empty() {
        return false;
    }
    // A single capital letter is an initial ("J. Smith").
    let mut chars = word.chars();
    if let (Some(first), None) = (chars.next(), chars.next()) {
        return first.is_uppercase();
    }
    if word.is_ascii() {
        // most words are no abbreviation: a sieve on the lowercased word
        // turns them away before the list is searched
        let mut buf = [0u8; 15];
        let Some(lower) = buf.get_mut(..word.len()) else {
            return false; // longer than any abbreviation
        };
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        let lower = std::str::from_utf8(lower).unwrap_or_default();
        return ABBREVIATION_SIEVE.may_hold(lower) && ABBREVIATIONS.contains(&lower);
    }
    // Unicode lowercasing can yield ASCII (the Kelvin sign is "k")
    let lower = word.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

/// The word of the sentence starting at `sentence_start` that ends at
/// `dot`: back to whitespace, `(` or an opening quote.
fn word_before(text: &str, sentence_start: usize, dot: usize) -> &str {
    let before = &text[sentence_start..dot];
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || matches!(c, '(' | '"' | '“'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &before[word_start..]
}

fn push(out: &mut Vec<Range<usize>>, text: &str, r: Range<usize>) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    let r = r.start + lead..r.end - trail;
    if !r.is_empty() {
        out.push(r);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|r| &text[r]).collect()
    }

    /// The plain char-by-char reading [`split`] must agree with.
    fn reference_split(text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = None::<usize>;
        let mut iter = text.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            if start.is_none() {
                if c.is_whitespace() {
                    continue;
                }
                start = Some(i);
            }
            let s = start.unwrap_or(i);
            if c == '\n' && is_blank_line_after(text, i + 1) {
                push(&mut out, text, s..i);
                start = None;
                continue;
            }
            if matches!(c, '.' | '!' | '?') {
                // Include closing quotes and brackets.
                let mut end = i + 1;
                while let Some(&(j, q)) = iter.peek() {
                    if matches!(q, '"' | '\'' | '”' | '’' | ')' | ']' | '.' | '!' | '?') {
                        end = j + q.len_utf8();
                        iter.next();
                    } else {
                        break;
                    }
                }
                let Some(starts_sentence) = next_starts_sentence(text, end) else {
                    continue;
                };
                if c == '.' && (!starts_sentence || reference_abbreviation(text, s, i)) {
                    continue;
                }
                push(&mut out, text, s..end);
                start = None;
            }
        }
        if let Some(s) = start {
            push(&mut out, text, s..text.len());
        }
        out
    }

    fn reference_abbreviation(text: &str, sentence_start: usize, dot: usize) -> bool {
        let word = word_before(text, sentence_start, dot);
        let mut chars = word.chars();
        match (chars.next(), chars.next()) {
            (None, _) => false,
            (Some(first), None) => first.is_uppercase(),
            _ => ABBREVIATIONS.contains(&word.to_lowercase().as_str()),
        }
    }

    #[test]
    fn bytes_are_found_eight_at_a_time_as_one_at_a_time() {
        let pieces = [
            "a", " ", "\"", "“", "”", "—", ".", "\n", "!", "?", "é", "x.y",
        ];
        let mut texts = super::super::similarity::random_texts(0x2545_f491_4f6c_dd1d, &pieces, 24);
        let mut found = 0;
        for _ in 0..5_000 {
            let text = texts();
            let bytes = text.as_bytes();
            for from in 0..=bytes.len() {
                let by_byte = |targets: &[u8]| {
                    bytes[from..]
                        .iter()
                        .position(|b| targets.contains(b))
                        .map(|k| from + k)
                };
                let stops = by_byte(b"\n.!?");
                assert_eq!(next_stop(bytes, from), stops, "{text:?} from {from}");
                let quotes = by_byte(&[b'"', 0xE2]);
                assert_eq!(next_of(bytes, from, [b'"', 0xE2]), quotes, "{text:?}");
                found += usize::from(quotes.is_some());
            }
        }
        assert!(found > 10_000, "{found}");
    }

    #[test]
    fn splits_as_the_char_by_char_reading_does() {
        let alphabet = [
            "a", "B", ".", " ", "\n", "\n\n", "“", "”", "’", "'", "\"", "?", "!", "é", "—", "3",
            "U", "S", "(", ")", "]", "\u{a0}", "\u{b}", "\t", "\r", "K", "\u{212a}", "Gen", "Mr",
            "e.g", "\u{2028}",
        ];
        for text in crate::testing::texts(&alphabet, 0x1234_5678, 20_000, 40) {
            assert_eq!(split(&text), reference_split(&text), "{text:?}");
        }
    }

    #[test]
    fn regression_curly_quote_before_an_abbreviation_is_not_split_inside() {
        // Panicked: the word start after a multi-byte quote was taken one byte in.
        let text = "Iraq has called them “restrictees.” They left.";
        assert_eq!(
            sentences(text),
            ["Iraq has called them “restrictees.”", "They left."]
        );
        let text = "He shouted “Gen. Smith” and left.";
        assert_eq!(sentences(text), ["He shouted “Gen. Smith” and left."]);
    }

    #[test]
    fn any_text_splits_without_panic_into_ordered_trimmed_ranges() {
        // A small deterministic fuzz over tricky characters.
        let alphabet = [
            "a", "B", ".", " ", "\n", "“", "”", "\"", "?", "!", "é", "—", "3", "U", "S", "(", ")",
        ];
        for text in crate::testing::texts(&alphabet, 0x2545_f491, 2000, 24) {
            let ranges = split(&text);
            let mut last = 0;
            for r in ranges {
                assert!(r.start >= last && r.start < r.end, "{text:?}");
                assert!(
                    text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
                    "{text:?}"
                );
                assert_eq!(text[r.clone()].trim(), &text[r.clone()], "{text:?}");
                last = r.end;
            }
        }
    }

    #[test]
    fn tricky_news_sentences() {
        let cases: &[(&str, &[&str])] = &[
            ("Talks began. They ended.", &["Talks began.", "They ended."]),
            (
                "Gen. Smith met Mr. Jones on Jan. 5 in the U.S. capital.",
                &["Gen. Smith met Mr. Jones on Jan. 5 in the U.S. capital."],
            ),
            (
                "J. R. Smith said so. Prices rose 3.5 percent.",
                &["J. R. Smith said so.", "Prices rose 3.5 percent."],
            ),
            (
                "\"We will act.\" He left.",
                &["\"We will act.\"", "He left."],
            ),
            (
                "Headline without stop\n\nBody starts here.",
                &["Headline without stop", "Body starts here."],
            ),
            (
                "A U.S.-backed plan. Next.",
                &["A U.S.-backed plan.", "Next."],
            ),
            (
                "Is it over? No! It is not.",
                &["Is it over?", "No!", "It is not."],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(sentences(text), *want, "{text}");
        }
    }
}
