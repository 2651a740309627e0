//! TimeML export: one `articles/<slug>.tml` per article with its TIMEX3
//! annotations, for tools that read TempEval-style documents.
//!
//! Shape: `<TimeML>` root; `<DOCID>` (the slug); `<DCT>` holding the
//! dateline as `TIMEX3 tid="t0" functionInDocument="CREATION_TIME"`;
//! `<TITLE>`; `<TEXT>` with the article body as written and every resolved
//! phrase wrapped in an inline `<TIMEX3>`. The ids `t1`, `t2`… are the ids of
//! the same phrases in the article's HTML page. The `TEXT` body is the
//! resolver's own [`crate::resolve::to_timeml`].

use super::feeds::xml_escape_into;
use crate::content::Article;
use crate::resolve::Mention;

/// The TimeML document of one article; `a` is the article (its text may
/// have been released), `body` its body text
/// ([`crate::timeline::ResolvedArticle::text`]) and `mentions` its
/// mentions ([`crate::timeline::ResolvedArticle::mentions`]).
pub fn document(a: &Article, body: &str, mentions: &[Mention]) -> String {
    let mut dct = String::with_capacity(10);
    crate::datefmt::push_ymd(&mut dct, a.dateline.date);
    document_for(
        &a.slug,
        &dct,
        &a.dateline.iso(),
        Some(&a.title),
        body,
        mentions,
    )
}

/// A TimeML document for any text: `docid`, the DCT's TIMEX3 value and
/// shown text, an optional title, and `text` with `mentions` (byte offsets
/// into `text`) tagged inline. The plain content of `<TEXT>` is exactly
/// `text`, so TempEval tools align it with the source.
pub fn document_for(
    docid: &str,
    dct_value: &str,
    dct_text: &str,
    title: Option<&str>,
    text: &str,
    mentions: &[Mention],
) -> String {
    let body = crate::resolve::to_timeml(text, mentions);
    let mut out = String::with_capacity(body.len() + docid.len() + dct_text.len() + 512);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<TimeML>\n<DOCID>");
    xml_escape_into(&mut out, docid);
    out.push_str("</DOCID>\n<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"");
    xml_escape_into(&mut out, dct_value);
    out.push_str("\" temporalFunction=\"false\" functionInDocument=\"CREATION_TIME\">");
    xml_escape_into(&mut out, dct_text);
    out.push_str("</TIMEX3></DCT>\n");
    if let Some(title) = title {
        out.push_str("<TITLE>");
        xml_escape_into(&mut out, title);
        out.push_str("</TITLE>\n");
    }
    out.push_str("<TEXT>");
    out.push_str(&body);
    out.push_str("</TEXT>\n</TimeML>\n");
    out
}
