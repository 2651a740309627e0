//! The one Markdown configuration, and the two things dateline does with it:
//! [`prose`] (the body with everything but running text blanked, so the
//! resolver and the sentence splitter see prose at the body's own byte
//! offsets) and [`to_html`] (rendering with resolved phrases wrapped, and
//! the prose again from the same parse, for an article page whose text was
//! released after resolving).

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

/// The options every Markdown parse in dateline uses.
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

fn parser(body: &str) -> Parser<'_> {
    Parser::new_ext(body, options())
}

/// `body` with every byte that is not running text replaced by a space
/// (newlines are kept), so offsets into the result are offsets into `body`.
/// Code, HTML, link targets and markup characters are blanked.
pub fn prose(body: &str) -> String {
    let mut out = blanks(body);
    for_each_event(body, |_, range, verbatim, in_code| {
        if verbatim && !in_code {
            copy_run(&mut out, body, range);
        }
    });
    String::from_utf8(out).expect("whole characters are kept or blanked")
}

/// `body` with every byte but newlines blanked: [`prose`] before the text
/// runs are copied back.
fn blanks(body: &str) -> Vec<u8> {
    body.bytes()
        .map(|b| if b == b'\n' { b'\n' } else { b' ' })
        .collect()
}

/// Copies the text run `range` of `body` into the blanked `out`: runs lie
/// on `char` boundaries, so whole characters are kept or blanked byte for
/// byte and the result stays UTF-8.
fn copy_run(out: &mut [u8], body: &str, range: Range<usize>) {
    out[range.clone()].copy_from_slice(&body.as_bytes()[range]);
}

/// Calls `f` with each event of `body`'s parse, its byte range, whether
/// it is text as written in the body (no entity or escape decoded), and
/// whether it lies in a code block, in order. Running text is the text as
/// written outside code blocks.
fn for_each_event<'a>(body: &'a str, mut f: impl FnMut(Event<'a>, Range<usize>, bool, bool)) {
    let mut in_code = false;
    for (event, range) in parser(body).into_offset_iter() {
        let verbatim = match &event {
            Event::Start(Tag::CodeBlock(_)) => {
                in_code = true;
                false
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                false
            }
            Event::Text(t) => body.get(range.clone()) == Some(&**t),
            _ => false,
        };
        f(event, range, verbatim, in_code);
    }
}

/// Calls `f` with the byte range of each run of running text of `body`
/// (text outside code blocks, as written in the body), in order.
#[cfg(test)]
fn for_each_prose_run(body: &str, mut f: impl FnMut(Range<usize>)) {
    for_each_event(body, |_, range, verbatim, in_code| {
        if verbatim && !in_code {
            f(range)
        }
    });
}

/// A span of the body to wrap in `open` … `close` when rendered.
#[derive(Clone, Debug)]
pub struct Wrap {
    pub range: Range<usize>,
    pub open: String,
    pub close: &'static str,
}

/// Renders `body` to HTML, wrapping each span of `wraps` (sorted, not
/// overlapping) that lies inside one text run. Raw HTML is escaped unless
/// `allow_html` is set. Also returns [`prose`]`(body)`, made from the same
/// parse (parsing is most of the cost of either).
pub fn to_html<'a>(body: &'a str, wraps: &'a [Wrap], allow_html: bool) -> (String, String) {
    let mut next = 0;
    let mut prose = blanks(body);
    let mut events: Vec<Event<'a>> = Vec::with_capacity(body.len() / 16 + 4 * wraps.len());
    for_each_event(body, |event, range, verbatim, in_code| {
        if verbatim && !in_code {
            copy_run(&mut prose, body, range.clone());
        }
        match event {
            Event::Text(_) if verbatim => {
                while next < wraps.len() && wraps[next].range.start < range.start {
                    next += 1;
                }
                let mut pos = range.start;
                while next < wraps.len() && wraps[next].range.end <= range.end {
                    let w = &wraps[next];
                    events.push(Event::Text(CowStr::Borrowed(&body[pos..w.range.start])));
                    events.push(Event::InlineHtml(CowStr::Borrowed(&w.open)));
                    events.push(Event::Text(CowStr::Borrowed(&body[w.range.clone()])));
                    events.push(Event::InlineHtml(CowStr::Borrowed(w.close)));
                    pos = w.range.end;
                    next += 1;
                }
                if pos < range.end {
                    events.push(Event::Text(CowStr::Borrowed(&body[pos..range.end])));
                }
            }
            Event::Html(h) | Event::InlineHtml(h) if !allow_html => events.push(Event::Text(h)),
            other => events.push(other),
        }
    });
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    let prose = String::from_utf8(prose).expect("whole characters are kept or blanked");
    (html, prose)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The char-by-char blanking [`prose`] must agree with (as `prose`
    /// was written before it copied whole runs).
    fn reference_prose(body: &str) -> String {
        let mut keep = vec![false; body.len()];
        for_each_prose_run(body, |range| keep[range].iter_mut().for_each(|k| *k = true));
        let mut out = String::with_capacity(body.len());
        for (i, c) in body.char_indices() {
            if c == '\n' || keep[i] {
                out.push(c);
            } else {
                out.extend(std::iter::repeat_n(' ', c.len_utf8()));
            }
        }
        out
    }

    #[test]
    fn prose_blanks_as_the_char_by_char_reading_does() {
        let alphabet = [
            "a", "é", "—", " ", "\n", "\n\n", "*", "_", "`", "```\n", "[", "](", ")", "<b>", "# ",
            "> ", "| ", "- ", "1. ", "\\", "&amp;", "[^1]", "~~", "    ", "\t", "“",
        ];
        for body in crate::testing::texts(&alphabet, 0x2545_f491, 5_000, 40) {
            let reference = reference_prose(&body);
            assert_eq!(prose(&body), reference, "{body:?}");
            assert_eq!(to_html(&body, &[], false).1, reference, "{body:?}");
        }
    }

    #[test]
    fn prose_keeps_offsets_and_blanks_markup() {
        let body = "Talks *began* on [Monday](http://x/2020-01-01).\n\n```\n2020\n```\n";
        let p = prose(body);
        assert_eq!(p.len(), body.len());
        assert_eq!(&p[..17], "Talks  began  on ");
        assert!(p.contains("Monday"));
        assert!(!p.contains("2020"), "{p}");
    }

    #[test]
    fn wraps_phrases_and_escapes_html() {
        let body = "Signed in January. <b>x</b>";
        let wraps = [Wrap {
            range: 10..17,
            open: "<time datetime=\"2025-01\">".into(),
            close: "</time>",
        }];
        let (html, prose_too) = to_html(body, &wraps, false);
        assert_eq!(prose_too, prose(body));
        assert!(
            html.contains("in <time datetime=\"2025-01\">January</time>."),
            "{html}"
        );
        assert!(html.contains("&lt;b&gt;x&lt;/b&gt;"), "{html}");
        assert!(to_html(body, &[], true).0.contains("<b>x</b>"));
    }
}
