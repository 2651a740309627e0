//! TimeML export: one `articles/<slug>.tml` per article with its TIMEX3
//! annotations, for tools that read TempEval-style documents.
//!
//! Shape: `<TimeML>` root; `<DOCID>` (the slug); `<DCT>` holding the
//! dateline as `TIMEX3 tid="t0" functionInDocument="CREATION_TIME"`;
//! `<TITLE>`; `<TEXT>` with the article body as written and every resolved
//! phrase wrapped in an inline `<TIMEX3>`. The ids `t1`, `t2`… are the ids of
//! the same phrases in the article's HTML page. The `TEXT` body is the
//! resolver's own [`crate::resolve::to_timeml`].

use super::feeds::xml_escape;
use crate::timeline::ResolvedArticle;

/// The TimeML document of one article.
pub fn document(doc: &ResolvedArticle) -> String {
    let a = &doc.article;
    let body = a.body_text();
    let mut out = String::with_capacity(body.len() * 5 / 4 + 512);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<TimeML>\n");
    out.push_str(&format!("<DOCID>{}</DOCID>\n", xml_escape(&a.slug)));
    let dct = a.dateline.date.format("%Y-%m-%d").to_string();
    out.push_str(&format!(
        "<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"{dct}\" temporalFunction=\"false\" functionInDocument=\"CREATION_TIME\">{}</TIMEX3></DCT>\n",
        xml_escape(&a.dateline.iso())
    ));
    out.push_str(&format!("<TITLE>{}</TITLE>\n<TEXT>", xml_escape(&a.title)));
    out.push_str(&crate::resolve::to_timeml(body, &doc.mentions));
    out.push_str("</TEXT>\n</TimeML>\n");
    out
}
