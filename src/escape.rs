//! Escaping text for the formats dateline writes besides HTML (which uses
//! `pulldown_cmark_escape`): XML (Atom, TimeML) and iCalendar text; and
//! HTML as the page templates escape it ([`HTML_TEMPLATE`]), for long texts
//! escaped before they reach a template.
//!
//! Each format is a table of the bytes that need attention and a rule for
//! the character starting at such a byte. Text between those bytes is copied
//! in one piece, and runs without one are skipped eight bytes at a time:
//! escaping a character at a time was a tenth of writing the TimeML and
//! calendar exports.

/// A format's escaping: which bytes may start a character that is not
/// copied as it is, and what that character becomes.
pub struct Escaper {
    stops: [bool; 256],
    /// The replacement of a character starting at a stop byte (`""` drops
    /// it), or `None` to keep it.
    rule: fn(char) -> Option<&'static str>,
}

impl Escaper {
    const fn new(stop_bytes: &[u8], rule: fn(char) -> Option<&'static str>) -> Escaper {
        let mut stops = [false; 256];
        let mut i = 0;
        while i < stop_bytes.len() {
            stops[stop_bytes[i] as usize] = true;
            i += 1;
        }
        Escaper { stops, rule }
    }

    /// The index of the first stop byte at or after `i`, or the length.
    /// Eight bytes are tested at a time without a branch per byte: stops
    /// are rare in running text.
    fn next_stop(&self, bytes: &[u8], mut i: usize) -> usize {
        while let Some(chunk) = bytes.get(i..i + 8) {
            if chunk
                .iter()
                .fold(false, |any, &b| any | self.stops[b as usize])
            {
                break;
            }
            i += 8;
        }
        while i < bytes.len() && !self.stops[bytes[i] as usize] {
            i += 1;
        }
        i
    }

    /// Appends `text` to `out`, escaped.
    pub fn escape_into(&self, out: &mut String, text: &str) {
        let bytes = text.as_bytes();
        let mut copied = 0;
        let mut i = 0;
        loop {
            i = self.next_stop(bytes, i);
            if i == bytes.len() {
                break;
            }
            // A stop byte starts a character: ASCII ones are stops
            // themselves, others are lead bytes.
            let c = text[i..].chars().next().expect("i is on a char boundary");
            if let Some(replacement) = (self.rule)(c) {
                out.push_str(&text[copied..i]);
                out.push_str(replacement);
                copied = i + c.len_utf8();
            }
            i += c.len_utf8();
        }
        out.push_str(&text[copied..]);
    }

    /// `text`, escaped.
    pub fn escape(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 8);
        self.escape_into(&mut out, text);
        out
    }

    /// `text`, escaped; itself when nothing in it needs escaping.
    pub fn escape_owned(&self, text: String) -> String {
        if self.next_stop(text.as_bytes(), 0) == text.len() {
            text
        } else {
            self.escape(&text)
        }
    }
}

/// The C0 control bytes other than tab, line feed and carriage return.
const C0_CONTROLS: [u8; 29] = {
    let mut out = [0u8; 29];
    let mut b = 0u8;
    let mut k = 0;
    while b < 0x20 {
        if b != b'\t' && b != b'\n' && b != b'\r' {
            out[k] = b;
            k += 1;
        }
        b += 1;
    }
    out
};

/// `a` then `b`; `N` must be their total length (checked at compile time).
const fn concat<const N: usize>(a: &[u8], b: &[u8]) -> [u8; N] {
    assert!(a.len() + b.len() == N, "N must be the total length");
    let mut out = [0u8; N];
    let mut i = 0;
    while i < a.len() {
        out[i] = a[i];
        i += 1;
    }
    while i < N {
        out[i] = b[i - a.len()];
        i += 1;
    }
    out
}

/// XML character data and attribute values (Atom, TimeML headers): the
/// five predefined entities; characters XML 1.0 does not allow (C0 controls
/// other than tab and line breaks, U+FFFE, U+FFFF) are dropped.
pub static XML: Escaper = Escaper::new(
    // 0xEF leads U+FFFE and U+FFFF.
    &concat::<35>(b"&<>\"'\xEF", &C0_CONTROLS),
    |c| match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '"' => Some("&quot;"),
        '\'' => Some("&apos;"),
        '\u{fffe}' | '\u{ffff}' => Some(""),
        c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => Some(""),
        _ => None,
    },
);

/// HTML text and attribute values as the page templates escape them
/// (askama's numeric entities), for texts escaped before they reach a
/// template and printed there as they are.
pub static HTML_TEMPLATE: Escaper = Escaper::new(b"&<>\"'", |c| match c {
    '&' => Some("&#38;"),
    '<' => Some("&#60;"),
    '>' => Some("&#62;"),
    '"' => Some("&#34;"),
    '\'' => Some("&#39;"),
    _ => None,
});

/// A TimeML document's text: `&`, `<`, `>` and `"`; everything else,
/// apostrophes included, as written.
pub static TIMEML_TEXT: Escaper = Escaper::new(b"&<>\"", |c| match c {
    '&' => Some("&amp;"),
    '<' => Some("&lt;"),
    '>' => Some("&gt;"),
    '"' => Some("&quot;"),
    _ => None,
});

/// iCalendar TEXT values (RFC 5545 §3.3.11): backslash, semicolon, comma
/// and line feed escaped; carriage returns and other control characters
/// dropped.
pub static ICS_TEXT: Escaper = Escaper::new(
    // 0x7F is DEL; 0xC2 leads the C1 controls U+0080–U+009F.
    &concat::<37>(b"\\;,\n\r\t\x7F\xC2", &C0_CONTROLS),
    |c| match c {
        '\\' => Some("\\\\"),
        ';' => Some("\\;"),
        ',' => Some("\\,"),
        '\n' => Some("\\n"),
        c if c.is_control() => Some(""),
        _ => None,
    },
);

#[cfg(test)]
mod tests {
    use super::*;

    /// The one-character-at-a-time definitions the tables must agree with.
    fn xml_slow(text: &str) -> String {
        text.chars()
            .map(|c| match c {
                '&' => "&amp;".to_string(),
                '<' => "&lt;".to_string(),
                '>' => "&gt;".to_string(),
                '"' => "&quot;".to_string(),
                '\'' => "&apos;".to_string(),
                '\t' | '\n' | '\r' => c.to_string(),
                c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => String::new(),
                c => c.to_string(),
            })
            .collect()
    }

    fn ics_slow(text: &str) -> String {
        text.chars()
            .map(|c| match c {
                '\\' => "\\\\".to_string(),
                ';' => "\\;".to_string(),
                ',' => "\\,".to_string(),
                '\n' => "\\n".to_string(),
                c if c.is_control() => String::new(),
                c => c.to_string(),
            })
            .collect()
    }

    #[test]
    fn tables_agree_with_the_character_rules() {
        let samples = [
            "",
            "plain text",
            "Tom & Jerry <b>\"quoted\"</b> it's",
            "tab\there\nline\r\nend\u{1}\u{1f}\u{7f}",
            "non-characters \u{fffe}\u{ffff} and \u{fffd} stay apart",
            "C1 \u{80}\u{9f}\u{a0} and é ü ß 日本 \u{ef}",
            "a,b;c\\d\ne",
            "ends with &",
        ];
        for s in samples {
            assert_eq!(XML.escape(s), xml_slow(s), "XML of {s:?}");
            assert_eq!(ICS_TEXT.escape(s), ics_slow(s), "ICS of {s:?}");
        }
        assert_eq!(
            TIMEML_TEXT.escape("it's <1 & \"2\">"),
            "it's &lt;1 &amp; &quot;2&quot;&gt;"
        );
        assert_eq!(ICS_TEXT.escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn html_template_escapes_as_askama_does() {
        use askama::filters::Escaper as _;
        let alphabet = [
            "a", "plain ", "&", "<", ">", "\"", "'", "é", "“", "日本", "\u{fffe}", "\n", ";",
        ];
        for text in crate::testing::texts(&alphabet, 0x0e5c_a9e5, 3_000, 40) {
            let mut askama = String::new();
            askama::filters::Html
                .write_escaped_str(&mut askama, &text)
                .unwrap();
            assert_eq!(HTML_TEMPLATE.escape(&text), askama, "{text:?}");
            assert_eq!(HTML_TEMPLATE.escape_owned(text.clone()), askama);
            assert_eq!(XML.escape(&text), xml_slow(&text), "XML of {text:?}");
            assert_eq!(ICS_TEXT.escape(&text), ics_slow(&text), "ICS of {text:?}");
        }
    }
}
