//! The scanner: one pass over the text that yields [`Tok`]ens (words,
//! numbers, punctuation) with byte offsets, plus the facts the grammar asks
//! about them — capitalisation, whether whitespace precedes them, whether
//! they sit inside a URL or e-mail address, and where sentences end.
//!
//! Tokens borrow nothing: they are byte ranges into the text and into an
//! ASCII-lowercased copy of it (`to_ascii_lowercase` keeps byte offsets), so
//! the grammar compares `&str` slices without allocating per token.

use super::lexicon::{Sieve, WordSet};

/// What a token is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Letters, or letters mixed with digits ("June", "21st", "1990s").
    Word,
    /// ASCII digits only, possibly with thousands commas or a decimal
    /// point ("2025", "2,000", "3.5").
    Num,
    /// Any other single character ("." "," "-" "'" "$").
    Punct,
}

/// One token: a byte range `[start, end)` of the text.
#[derive(Clone, Copy, Debug)]
pub struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Whitespace (or the start of the text) precedes the token.
    pub space_before: bool,
    /// A blank line or a line break precedes the token.
    pub newline_before: bool,
    /// The token lies in a URL, e-mail address or file path.
    pub in_url: bool,
    /// The first character is an uppercase letter.
    pub cap: bool,
    /// A sentence ends right after this token.
    pub sentence_end: bool,
}

/// Splits `text` into tokens. `lower` must be `text.to_ascii_lowercase()`.
///
/// One pass: a token's `sentence_end` is settled when the next token is
/// found (see `ends_sentence`), the last token's at the end.
pub fn tokenize(text: &str, lower: &str) -> Vec<Tok> {
    let bytes = text.as_bytes();
    // News prose runs about one token to five bytes, but one article in
    // seven runs over that (figures, quotes, lists) and the vector then
    // grows once, copying every token so far; the tokens live only
    // while the text is resolved, so room for one to four bytes costs
    // little.
    let mut toks: Vec<Tok> = Vec::with_capacity(text.len() / 4 + 8);
    let mut i = 0;
    let mut space = true;
    // Line breaks in the whitespace before the next token (the start of
    // the text counts as one).
    let mut breaks = 1usize;
    // The current line is a Markdown heading ("## What comes next").
    let mut heading = false;
    // The current whitespace-delimited chunk: its first byte, its first
    // token, and whether it holds a byte every URL, address or path has.
    let mut chunk = (0usize, 0usize, false);
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            if !space && chunk.2 {
                mark_url(&mut toks[chunk.1..], &bytes[chunk.0..i]);
            }
            breaks += usize::from(b == b'\n');
            space = true;
            i += 1;
            continue;
        }
        if space {
            chunk = (i, toks.len(), false);
        }
        let start = i;
        let kind;
        if b.is_ascii_digit() {
            i = number_end(bytes, i);
            chunk.2 |= bytes[start..i].contains(&b'.'); // "3.5", "3.5km"
            // digits followed by letters: "21st", "1990s", "747s"
            if i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                i = ascii_alnum_end(bytes, i);
                kind = Kind::Word;
            } else {
                kind = Kind::Num;
            }
        } else if b.is_ascii_alphabetic() || (b >= 0x80 && is_alpha_at(text, i)) {
            i = word_end(text, i);
            kind = Kind::Word;
        } else {
            i += utf8_len(b);
            kind = Kind::Punct;
            chunk.2 |= matches!(b, b':' | b'@' | b'/' | b'.');
        }
        let cap = if b < 0x80 {
            b.is_ascii_uppercase()
        } else {
            text[start..].chars().next().is_some_and(char::is_uppercase)
        };
        let tok = Tok {
            start,
            end: i,
            kind,
            space_before: space,
            newline_before: breaks > 0,
            in_url: false,
            cap,
            sentence_end: false,
        };
        if let Some(k) = toks.len().checked_sub(1) {
            toks[k].sentence_end = ends_sentence(&toks, k, &tok, heading, breaks, text, lower);
        }
        if tok.newline_before {
            heading = b == b'#';
        }
        toks.push(tok);
        space = false;
        breaks = 0;
    }
    if !space && chunk.2 {
        mark_url(&mut toks[chunk.1..], &bytes[chunk.0..]);
    }
    if let Some(last) = toks.last_mut() {
        last.sentence_end = true;
    }
    toks
}

/// The end of a word starting at `i`: ASCII letters and digits, and
/// non-ASCII letters.
fn word_end(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    loop {
        i = ascii_alnum_end(bytes, i);
        match bytes.get(i) {
            Some(&c) if c >= 0x80 && is_alpha_at(text, i) => i += utf8_len(c),
            _ => return i,
        }
    }
}

/// The end of the ASCII letters and digits from `i` on.
fn ascii_alnum_end(bytes: &[u8], mut i: usize) -> usize {
    // eight bytes at a time while they last (most words end in the first
    // eight), then byte by byte
    while let Some(chunk) = bytes.get(i..i + 8) {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        let stop = not_alnum_lanes(x);
        if stop != 0 {
            return i + stop.trailing_zeros() as usize / 8;
        }
        i += 8;
    }
    // an indexed loop: `position` here cost half as much again
    while i < bytes.len() && ALNUM[bytes[i] as usize] {
        i += 1;
    }
    i
}

/// The high bit of each byte of `x` (eight bytes, the first lowest) that
/// is not an ASCII letter or digit. Each byte is tested on its own: with
/// the high bit cleared, adding at most 0x50 never carries into the next.
fn not_alnum_lanes(x: u64) -> u64 {
    const LANES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x80 * LANES;
    let low = x & !HIGH;
    // letters fold to lowercase: 0x61 ..= 0x7a
    let folded = low | (0x20 * LANES);
    let from_a = folded + (0x80 - 0x61) * LANES;
    let past_z = folded + (0x80 - 0x7b) * LANES;
    let from_0 = low + (0x80 - 0x30) * LANES;
    let past_9 = low + (0x80 - 0x3a) * LANES;
    let alnum = ((from_a & !past_z) | (from_0 & !past_9)) & !x & HIGH;
    !alnum & HIGH
}

/// ASCII letters and digits, by byte value: the inner loop of a word.
static ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

fn utf8_len(b: u8) -> usize {
    match b {
        0..0x80 => 1,
        0xC0..0xE0 => 2,
        0xE0..0xF0 => 3,
        _ => 4,
    }
}

fn is_alpha_at(text: &str, i: usize) -> bool {
    text[i..].chars().next().is_some_and(char::is_alphabetic)
}

/// End of a number starting at `i`: digits, with "," + exactly three
/// digits or "." + digits inside ("2,000", "3.5"; not "June 21, 2025").
fn number_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        i += 1;
    }
    loop {
        if i + 1 < bytes.len() && (bytes[i] == b',' || bytes[i] == b'.') {
            let sep = bytes[i];
            let mut j = i + 1;
            while j < bytes.len() && bytes[j].is_ascii_digit() {
                j += 1;
            }
            let n = j - i - 1;
            let ok = if sep == b',' {
                n == 3
            } else {
                n >= 1 && !(j < bytes.len() && bytes[j] == b'.' && n <= 2)
            };
            if ok {
                i = j;
                continue;
            }
        }
        return i;
    }
}

/// Marks the tokens of a whitespace-delimited chunk as lying in a URL,
/// e-mail address or path when the chunk looks like one. Asked only about
/// chunks holding one of `:` `@` `/` `.` (most words hold none, and are
/// not looked at again).
fn mark_url(toks: &mut [Tok], chunk: &[u8]) {
    if chunk.len() > 4 && looks_like_url(chunk) {
        for t in toks {
            t.in_url = true;
        }
    }
}

/// The chunk holds "://", "www.", ".com/", ".html" or "@". One pass
/// that looks around each ':', '.' and '@' only: most chunks asked are
/// a word and a full stop ("Rome."), which a search for each pattern in
/// turn went over five times.
fn looks_like_url(chunk: &[u8]) -> bool {
    chunk.iter().enumerate().any(|(k, &b)| match b {
        b'@' => true,
        b':' => chunk[k..].starts_with(b"://"),
        b'.' => {
            chunk[..=k].ends_with(b"www.")
                || chunk[k..].starts_with(b".com/")
                || chunk[k..].starts_with(b".html")
        }
        _ => false,
    })
}

/// Words after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "gen", "gov", "sen", "rep", "lt", "col", "sgt", "capt", "no", "vs", "inc",
    "corp", "co", "ltd", "jr", "sr", "prof", "rev", "a", "p", "m", "u", "s", "e", "i",
];

static ABBREVIATION_SIEVE: Sieve = Sieve::new(ABBREVIATIONS);
static ABBREVIATION_SET: WordSet = WordSet::new(ABBREVIATIONS);

/// One of [`ABBREVIATIONS`]: asked of the word before each full stop, so
/// the sieve turns most words away and the set answers the rest without
/// comparing strings.
fn is_abbreviation(w: &str) -> bool {
    ABBREVIATION_SIEVE.may_hold(w) && ABBREVIATION_SET.contains(w)
}

/// Whether a sentence ends right after token `k`, the last token so far,
/// given the token `next` after it: at the end of a Markdown heading's
/// line (`heading`: the line of `k` is one), at a blank line (`breaks`:
/// the line breaks between them), at "!", "?" and ";", and at a full stop
/// not after an abbreviation and before a new start (a capital, a number
/// or a mark after a space).
fn ends_sentence(
    toks: &[Tok],
    k: usize,
    next: &Tok,
    heading: bool,
    breaks: usize,
    text: &str,
    lower: &str,
) -> bool {
    let t = &toks[k];
    if (heading && next.newline_before) || breaks >= 2 {
        return true;
    }
    if t.kind != Kind::Punct {
        return false;
    }
    match text.as_bytes()[t.start] {
        b'!' | b'?' | b';' => true,
        b'.' => {
            let prev_abbr = k > 0
                && toks[k - 1].kind == Kind::Word
                && is_abbreviation(&lower[toks[k - 1].start..toks[k - 1].end]);
            let next_starts = next.space_before && (next.cap || next.kind != Kind::Word);
            !prev_abbr && next_starts
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(&str, Kind)> {
        let lower = text.to_ascii_lowercase();
        tokenize(text, &lower)
            .iter()
            .map(|t| (&text[t.start..t.end], t.kind))
            .collect()
    }

    #[test]
    fn eight_byte_lanes_agree_with_the_byte_table() {
        // every byte value in every lane, next to letters, digits and the
        // bytes either side of their ranges
        for fill in [*b"aZ09zA9a", *b"@[`{/:\x7f\x80"] {
            for b in 0..=255u8 {
                for lane in 0..8 {
                    let mut chunk = fill;
                    chunk[lane] = b;
                    let want = (0..8)
                        .filter(|&k| !ALNUM[chunk[k] as usize])
                        .fold(0, |m, k| m | 0x80u64 << (8 * k));
                    let got = not_alnum_lanes(u64::from_le_bytes(chunk));
                    assert_eq!(got, want, "byte {b:#x} in lane {lane} of {fill:?}");
                    let end = (0..8).find(|&k| !ALNUM[chunk[k] as usize]).unwrap_or(8);
                    assert_eq!(ascii_alnum_end(&chunk, 0), end);
                }
            }
        }
    }

    #[test]
    fn numbers_keep_thousands_commas_but_not_list_commas() {
        let w = words("2,000 troops on June 21, 2025 at 3.5%");
        assert_eq!(w[0], ("2,000", Kind::Num));
        assert!(w.contains(&("21", Kind::Num)));
        assert!(w.contains(&("2025", Kind::Num)));
        assert!(w.contains(&("3.5", Kind::Num)));
    }

    #[test]
    fn ordinals_and_decades_are_words() {
        let w = words("the 21st, the 1990s");
        assert!(w.contains(&("21st", Kind::Word)));
        assert!(w.contains(&("1990s", Kind::Word)));
    }

    #[test]
    fn url_test_agrees_with_a_search_for_each_pattern() {
        let slow = |c: &[u8]| {
            let has = |pat: &[u8]| c.windows(pat.len()).any(|w| w == pat);
            has(b"://") || has(b"www.") || has(b".com/") || has(b".html") || has(b"@")
        };
        // every chunk of up to five bytes over an alphabet that spells each
        // pattern, then longer ones from a simple generator
        let alphabet = b"wcomhtl:/@.x";
        let mut chunks: Vec<Vec<u8>> = vec![Vec::new()];
        for _ in 0..5 {
            let longer: Vec<Vec<u8>> = chunks
                .iter()
                .filter(|c| c.len() == chunks.last().map_or(0, Vec::len))
                .flat_map(|c| alphabet.iter().map(move |&b| [c.as_slice(), &[b]].concat()))
                .collect();
            chunks.extend(longer);
        }
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..200_000 {
            let len = 5 + (x % 12) as usize;
            let c: Vec<u8> = (0..len)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    alphabet[(x % alphabet.len() as u64) as usize]
                })
                .collect();
            chunks.push(c);
        }
        let mut hits = 0;
        for c in &chunks {
            assert_eq!(
                looks_like_url(c),
                slow(c),
                "{:?}",
                String::from_utf8_lossy(c)
            );
            hits += usize::from(slow(c));
        }
        assert!(hits > 1000 && hits < chunks.len() - 1000, "{hits}");
    }

    #[test]
    fn urls_are_marked() {
        let text = "see http://x.com/2013/10:30 now";
        let lower = text.to_ascii_lowercase();
        let toks = tokenize(text, &lower);
        assert!(toks.iter().filter(|t| t.in_url).count() > 3);
        assert!(!toks.last().unwrap().in_url);
    }

    #[test]
    fn sentences_end_at_full_stops_but_not_after_abbreviations() {
        let text = "He left on Jan. 5 for Rome. She stayed.";
        let lower = text.to_ascii_lowercase();
        let toks = tokenize(text, &lower);
        let ends: Vec<&str> = toks
            .iter()
            .enumerate()
            .filter(|(_, t)| t.sentence_end)
            .map(|(k, _)| &text[toks[k - 1].start..toks[k - 1].end])
            .collect();
        assert_eq!(ends, vec!["Rome", "stayed"]);
    }

    #[test]
    fn sentences_end_with_a_heading_line_and_at_a_blank_line() {
        let text = "## What comes next\nMonday night the vote\nwent on\n\nThen e.g. more; done";
        let lower = text.to_ascii_lowercase();
        let ends: Vec<&str> = tokenize(text, &lower)
            .iter()
            .filter(|t| t.sentence_end)
            .map(|t| &text[t.start..t.end])
            .collect();
        assert_eq!(ends, vec!["next", "on", ";", "done"]);
    }
}
