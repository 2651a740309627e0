//! An article after resolution, and what the timeline takes from it.
//!
//! [`ResolvedArticle`] keeps an article's mentions packed (fixed-size
//! entries and one string per article for values and explanations) and,
//! found with the article inside its parallel job, the first step of the
//! timeline: its reports and undated sentences with their texts. `build`
//! can then drop the article's text ([`ResolvedArticle::release`]) and read
//! the file again when its page is rendered ([`ResolvedArticle::text`],
//! [`ResolvedArticle::source`]: the front matter is not parsed again);
//! it drops the reports' texts too once the timeline has tokenised them,
//! and takes back those of the events' primaries from the file read for
//! the article's page ([`ResolvedArticle::texts_from`]; or reads them
//! alone, [`ResolvedArticle::read_texts`]). `Reports` indexes the reports
//! of all articles as one sequence, where they lie.

use std::ops::Range;

use chrono::NaiveDate;
use std::path::PathBuf;

use crate::content::Article;
use crate::resolve::{self, Mention, Placement};

use super::model::{Report, Undated};
use super::sentence;
use super::summary::Summary;

/// An article after resolution.
///
/// Besides its mentions and sentences it holds what the timeline needs of
/// its text, found with the article ([`ResolvedArticle::from_parts`]): its
/// reports and undated sentences (step 1 of [`Timeline::build`](super::model::Timeline::build)) and the
/// text of each (the report's summary, the undated sentence). The timeline
/// and the timeline pages work from those alone, so a build can drop the
/// article's text once it is resolved ([`ResolvedArticle::release`]) and
/// read the file again when its page is rendered ([`ResolvedArticle::text`]).
#[derive(Clone, Debug)]
pub struct ResolvedArticle {
    pub article: Article,
    /// Mentions with byte offsets into the article's body, packed
    /// ([`ResolvedArticle::mentions`] unpacks them). The reports are found
    /// from them: an article with other mentions is made anew with
    /// [`ResolvedArticle::from_parts`].
    pub(super) mentions: PackedMentions,
    /// Sentence byte ranges in the body; empty once the article is
    /// released (the timeline and its pages need them no more).
    pub sentences: Vec<Range<usize>>,
    /// This article's reports ([`Reports`] numbers them) and undated
    /// sentences, with their texts.
    pub(super) found: Found,
    /// Set once the text is released: where to read it again and how to
    /// know it is the same.
    pub(super) stamp: Option<Stamp>,
}

/// The reports and undated sentences of one article and their texts.
#[derive(Clone, Debug, Default)]
pub(super) struct Found {
    reports: Vec<FoundReport>,
    undated: Vec<Undated>,
    /// For each report (in the same order, so by span start): its summary
    /// and where the summary's text lies in `texts`.
    summaries: Vec<StoredSummary>,
    /// For each undated sentence (in order): its index, where it starts
    /// in the prose and where its text lies in `undated_text`.
    undated_texts: Vec<(usize, u32, Range<u32>)>,
    /// The reports' texts, one after another: one allocation per article.
    /// Empty once a build has tokenised them
    /// ([`ResolvedArticle::drop_report_texts`]) until it reads back those
    /// of the events' primaries ([`ResolvedArticle::read_texts`],
    /// [`ResolvedArticle::texts_from`]): set through a shared reference,
    /// so rendering can take them from the file it reads for the page.
    texts: std::sync::OnceLock<String>,
    /// While `texts` is dropped: the texts of the summaries that are not
    /// `raw`, which only parsing the file again would give back, in
    /// summary order (once `keep_texts` ran, only the kept ones').
    marked: String,
    /// The undated sentences' texts, one after another.
    undated_text: String,
}

/// An article's mentions in about a third of the memory of `Vec<Mention>`
/// (at 100k articles the mentions were the largest part of the resolved
/// articles): fixed-size entries with `u32` offsets, and every value and
/// explanation in one string per article. In an explanation, the anchor
/// part naming the article's dateline and the arrow to the mention's own
/// value are stored as one marker byte each ([`Shorthand`]).
#[derive(Clone, Debug, Default)]
pub(super) struct PackedMentions {
    items: Vec<PackedMention>,
    /// Each mention's value, then its explanation, one after another.
    strings: String,
}

#[derive(Clone, Debug)]
pub(super) struct PackedMention {
    start: u32,
    end: u32,
    /// Where the value ends and the explanation ends in `strings`; the
    /// value starts where the previous explanation ends.
    value_end: u32,
    explanation_end: u32,
    kind: resolve::TimexType,
    modifier: Option<resolve::Mod>,
    placement: Option<Placement>,
}

/// The two pieces of an explanation that are stored as one byte: the
/// anchor part naming the dateline (" · dateline Tue 24 Jun 2025 · ") and
/// the arrow to the value (" → 2025-06-23"). Explanations holding a marker
/// byte themselves are stored as written after [`Shorthand::VERBATIM`].
pub(super) struct Shorthand {
    date: NaiveDate,
    /// " · dateline Tue 24 Jun 2025 · ", made when first needed.
    dateline: std::cell::OnceCell<String>,
}

impl Shorthand {
    const DATELINE: char = '\u{1}';
    const VALUE: char = '\u{2}';
    const VERBATIM: char = '\u{3}';
    const ARROW: &str = " → ";

    fn new(date: NaiveDate) -> Shorthand {
        Shorthand {
            date,
            dateline: std::cell::OnceCell::new(),
        }
    }

    fn dateline(&self) -> &str {
        self.dateline
            .get_or_init(|| [" · dateline ", &resolve::day_label(self.date), " · "].concat())
    }

    /// `explanation` with the pieces replaced by their markers, appended
    /// to `out`. Any choice of pieces to replace gives back the explanation
    /// in [`Shorthand::expand`], as long as it holds no marker itself.
    fn shorten(&self, out: &mut String, explanation: &str, value: &str) {
        let dateline = self.dateline().as_bytes();
        let bytes = explanation.as_bytes();
        let kept = out.len();
        // One left-to-right pass over the bytes that matter: a marker, or
        // the first byte of the "·" or "→" that follows the space opening
        // each piece (so a match starts on a character boundary). Every
        // other byte is skipped eight at a time (`next_byte`): `str::find`
        // set up a searcher per call, and both a `char` search for the
        // markers and a check at every space cost several times more.
        let (mut last, mut i) = (0, 0);
        while let Some(lead) =
            next_byte(bytes, i, |b| Self::is_marker(b) || matches!(b, 0xC2 | 0xE2))
        {
            // A piece starts at the space before its lead byte; a lead byte
            // right at `i` follows a piece just replaced.
            let at = lead.saturating_sub(1);
            let here = &bytes[at..];
            let piece = if Self::is_marker(bytes[lead]) {
                Err(())
            } else if lead == i || bytes[at] != b' ' {
                Ok(None)
            } else if here.starts_with(dateline) {
                Ok(Some((dateline.len(), Self::DATELINE)))
            } else if here.starts_with(Self::ARROW.as_bytes())
                && here[Self::ARROW.len()..].starts_with(value.as_bytes())
            {
                // the value is skipped unread: a marker there is one too
                if value.bytes().any(Self::is_marker) {
                    Err(())
                } else {
                    Ok(Some((Self::ARROW.len() + value.len(), Self::VALUE)))
                }
            } else {
                Ok(None)
            };
            match piece {
                Ok(Some((len, marker))) => {
                    out.push_str(&explanation[last..at]);
                    out.push(marker);
                    i = at + len;
                    last = i;
                }
                Ok(None) => i = lead + 1,
                Err(()) => {
                    // the explanation holds a marker: stored as written
                    out.truncate(kept);
                    out.push(Self::VERBATIM);
                    out.push_str(explanation);
                    return;
                }
            }
        }
        out.push_str(&explanation[last..]);
    }

    /// A byte of one of the markers (ASCII, so never inside a multi-byte
    /// character).
    fn is_marker(b: u8) -> bool {
        b == Self::DATELINE as u8 || b == Self::VALUE as u8 || b == Self::VERBATIM as u8
    }

    fn expand(&self, stored: &str, value: &str) -> String {
        let mut out = String::new();
        self.expand_into(&mut out, stored, value);
        out
    }

    /// Appends [`Shorthand::expand`] to `out`.
    fn expand_into(&self, out: &mut String, stored: &str, value: &str) {
        if let Some(verbatim) = stored.strip_prefix(Self::VERBATIM) {
            out.push_str(verbatim);
            return;
        }
        // Room for the usual expansion (each piece once: the dateline's
        // 32 bytes or so, the arrow's 5 and the value) at once, rather
        // than a growth per piece (the pages expand into fresh strings).
        out.reserve(stored.len() + 40 + value.len());
        // A byte scan: the markers are ASCII bytes (`is_marker`).
        let bytes = stored.as_bytes();
        let mut last = 0;
        while let Some(i) = next_byte(bytes, last, |b| {
            b == Self::DATELINE as u8 || b == Self::VALUE as u8
        }) {
            out.push_str(&stored[last..i]);
            if bytes[i] == Self::DATELINE as u8 {
                out.push_str(self.dateline());
            } else {
                out.push_str(Self::ARROW);
                out.push_str(value);
            }
            last = i + 1;
        }
        out.push_str(&stored[last..]);
    }
}

/// The first byte at or after `from` that `wanted` takes, for a `wanted`
/// that takes only bytes below 4 (the markers) and non-ASCII ones. Eight
/// bytes at a time: a chunk with neither is skipped whole, and in one with
/// either, each such byte is asked in turn.
fn next_byte(bytes: &[u8], mut from: usize, wanted: impl Fn(u8) -> bool) -> Option<usize> {
    const LANES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x80 * LANES;
    while let Some(chunk) = bytes.get(from..from + 8) {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        // The high bit of each byte below 4 (a borrow may flag bytes
        // above a flagged one too: only the lowest is used) and of each
        // non-ASCII byte.
        let candidates = (x.wrapping_sub(4 * LANES) & !x & HIGH) | (x & HIGH);
        if candidates == 0 {
            from += 8;
            continue;
        }
        let at = from + candidates.trailing_zeros() as usize / 8;
        if wanted(bytes[at]) {
            return Some(at);
        }
        from = at + 1;
    }
    bytes[from..]
        .iter()
        .position(|&b| wanted(b))
        .map(|k| from + k)
}

impl PackedMentions {
    fn pack(mentions: Vec<Mention>, short: &Shorthand) -> PackedMentions {
        let mut strings = String::with_capacity(
            mentions
                .iter()
                .map(|m| m.timex.value.len() + m.explanation.len())
                .sum(),
        );
        let items = mentions
            .into_iter()
            .map(|m| {
                strings.push_str(&m.timex.value);
                let value_end = strings.len();
                short.shorten(&mut strings, &m.explanation, &m.timex.value);
                let ends = offsets(value_end, strings.len());
                let span = offsets(m.start, m.end);
                PackedMention {
                    start: span.start,
                    end: span.end,
                    value_end: ends.start,
                    explanation_end: ends.end,
                    kind: m.timex.kind,
                    modifier: m.timex.modifier,
                    placement: m.timex.placement,
                }
            })
            .collect();
        // The capacity counted whole explanations; most are shorter now.
        strings.shrink_to_fit();
        PackedMentions { items, strings }
    }

    fn get(&self, i: usize, short: &Shorthand) -> Mention {
        let p = &self.items[i];
        let (value, stored) = self.strings(i);
        Mention {
            start: p.start as usize,
            end: p.end as usize,
            timex: resolve::Timex {
                kind: p.kind,
                value: value.to_string(),
                modifier: p.modifier,
                placement: p.placement,
            },
            explanation: short.expand(stored, value),
        }
    }

    /// Mention `i`'s value and its explanation as stored (shortened).
    fn strings(&self, i: usize) -> (&str, &str) {
        let p = &self.items[i];
        let from = if i == 0 {
            0
        } else {
            self.items[i - 1].explanation_end as usize
        };
        let (value_end, end) = (p.value_end as usize, p.explanation_end as usize);
        (
            &self.strings[from..value_end],
            &self.strings[value_end..end],
        )
    }
}

/// A report's summary ([`Summary`]) in 20 bytes: the span start it is
/// found by, where the summary starts in the prose, whether a stop is due,
/// and where its text lies in the article's `texts` (as long as the range).
#[derive(Clone, Debug)]
pub(super) struct StoredSummary {
    span: u32,
    prose_start: u32,
    text: Range<u32>,
    add_stop: bool,
    /// The file's body holds the same bytes as the prose at the summary's
    /// place (no markup blanked there): read back without parsing.
    raw: bool,
}

/// A report as its article keeps it: a [`Report`] without its article
/// ([`Reports`] knows it), with `u32` indices and offsets: 40 bytes
/// instead of 64 (at 100k articles there were 1.6 million).
#[derive(Clone, Debug)]
pub(super) struct FoundReport {
    pub(super) sentence: u32,
    pub(super) mention: u32,
    pub(super) span: Range<u32>,
    pub(super) placement: Placement,
}

/// A released article's file: its path, length and hash when it was read.
#[derive(Clone, Debug)]
pub(super) struct Stamp {
    file: PathBuf,
    len: usize,
    hash: u64,
}

/// A stable hash of a file's text, to tell a changed file at re-reading.
/// Eight bytes at a time with a multiply-rotate mix: a tenth of SipHash's
/// cost, and an edit that keeps the length and the hash is not a worry for
/// files on one's own disk.
pub(super) fn text_hash(text: &str) -> u64 {
    let mix = |h: u64, w: u64| (h.rotate_left(23) ^ w).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let mut chunks = text.as_bytes().chunks_exact(8);
    let mut h = chunks.by_ref().fold(0, |h, c| {
        mix(h, u64::from_le_bytes(c.try_into().expect("eight bytes")))
    });
    for &b in chunks.remainder() {
        h = mix(h, u64::from(b));
    }
    h ^ (h >> 29)
}

/// The summary of a report and its text: `text` is the prose in
/// `summary.range`.
#[derive(Clone, Debug)]
pub struct SummaryText<'a> {
    pub summary: Summary,
    pub text: &'a str,
}

impl SummaryText<'_> {
    /// The summary as display text ([`super::summary::display`]).
    pub fn display(&self) -> String {
        super::summary::display_text(self.text, self.summary.add_stop)
    }
}

impl ResolvedArticle {
    /// Resolves an article's prose against its dateline and splits it into
    /// sentences.
    pub fn new(article: Article) -> Self {
        let mentions = resolve::resolve(&article.prose, &article.dateline.anchor(), article.mode);
        ResolvedArticle::from_parts(article, mentions)
    }

    /// An article with the mentions found in its prose: splits it into
    /// sentences and finds its reports and undated sentences.
    pub fn from_parts(article: Article, mentions: Vec<Mention>) -> Self {
        let sentences = sentence::split(&article.prose);
        let found = find_reports(&article.prose, article.body_text(), &sentences, &mentions);
        let short = Shorthand::new(article.dateline.date);
        ResolvedArticle {
            mentions: PackedMentions::pack(mentions, &short),
            article,
            sentences,
            found,
            stamp: None,
        }
    }

    /// Drops the article's text and blanked prose, keeping what the
    /// timeline needs; `file` is where [`ResolvedArticle::source`] reads
    /// the text again. A build calls this right after resolving each
    /// article, so the texts of the whole corpus are never in memory at once.
    pub fn release(&mut self, file: PathBuf) {
        if self.stamp.is_some() {
            return;
        }
        let text = std::mem::take(&mut self.article.text);
        self.stamp = Some(Stamp {
            file,
            len: text.len(),
            hash: text_hash(&text),
        });
        self.article.prose = String::new();
        self.sentences = Vec::new();
        // What the article keeps was allocated among the text's and the
        // resolver's temporaries; copied now that those are freed, it fills
        // their holes instead of pinning half-empty pages (resident memory
        // after resolving 100k articles: 903 -> 724 MiB).
        drop(text);
        self.mentions = self.mentions.clone();
        self.found = self.found.clone();
    }

    /// The article with its text: itself while it keeps the text, else the
    /// file read again and its prose made again (the front matter is the
    /// article's own: the file is checked to be the one it was parsed
    /// from). A file that changed since it was resolved is an error naming
    /// it: the mentions' offsets would no longer fit.
    pub fn source(&self) -> anyhow::Result<std::borrow::Cow<'_, Article>> {
        let Some(stamp) = &self.stamp else {
            return Ok(std::borrow::Cow::Borrowed(&self.article));
        };
        let text = self.read_again(stamp)?;
        Ok(std::borrow::Cow::Owned(self.article.with_text(text)))
    }

    /// The article's whole file: its own text while it keeps it, else the
    /// file read again, as [`ResolvedArticle::source`] reads it (without
    /// making the prose again).
    pub fn text(&self) -> anyhow::Result<std::borrow::Cow<'_, str>> {
        match &self.stamp {
            None => Ok(std::borrow::Cow::Borrowed(&self.article.text)),
            Some(stamp) => Ok(std::borrow::Cow::Owned(self.read_again(stamp)?)),
        }
    }

    /// The released file's text, read again; an error if it changed.
    fn read_again(&self, stamp: &Stamp) -> anyhow::Result<String> {
        let path = &self.article.path;
        let text = crate::content::discover::read_again(&stamp.file, stamp.len)
            .map_err(|e| anyhow::anyhow!("{}: cannot read it again: {e}", path.display()))?
            .ok_or_else(|| self.changed())?;
        let text = String::from_utf8(text).map_err(|_| self.changed())?;
        if text_hash(&text) != stamp.hash {
            return Err(self.changed());
        }
        Ok(text)
    }

    fn changed(&self) -> anyhow::Error {
        anyhow::anyhow!(
            "{}: the file changed while the site was being built; build again",
            self.article.path.display()
        )
    }

    /// Drops the reports' texts of a released article: a build needs them
    /// only to tokenise, and later those of the events' primaries, which
    /// [`ResolvedArticle::read_texts`] reads back from the file (at 100k
    /// articles the texts were 170 MB during the merge). Texts where the
    /// prose is not the file's own bytes (markup blanked) stay: only
    /// parsing the file again would give them back.
    pub(super) fn drop_report_texts(&mut self) {
        if self.stamp.is_none() {
            return;
        }
        let found = &mut self.found;
        let Some(texts) = found.texts.take() else {
            return;
        };
        // Each text gets its place in the texts read back (one after
        // another, in order), and `marked` the texts that stay, in order.
        let mut marked = String::new();
        let mut at = 0;
        for s in &mut found.summaries {
            if !s.raw {
                marked.push_str(&texts[s.text.start as usize..s.text.end as usize]);
            }
            let len = s.text.len();
            s.text = offsets(at, at + len);
            at += len;
        }
        marked.shrink_to_fit();
        found.marked = marked;
    }

    /// Keeps only the summaries of the reports whose span starts at one of
    /// `spans` (sorted): the events whose texts the pages show; drops the
    /// reports (the events hold them). Nothing changes while the
    /// article keeps its own text (the preview server builds the timeline
    /// again from the same articles).
    pub(super) fn keep_texts(&mut self, spans: &[usize]) {
        if self.stamp.is_none() {
            return;
        }
        let found = &mut self.found;
        if found.texts.get().is_none() {
            // Each kept summary's text gets its place in the texts read
            // back, and `marked` only the kept ones' texts, in order.
            let mut marked = String::new();
            let (mut from, mut at) = (0, 0);
            found.summaries.retain_mut(|s| {
                let len = s.text.len();
                let piece = from..from + len;
                if !s.raw {
                    from += len;
                }
                if spans.binary_search(&(s.span as usize)).is_err() {
                    return false;
                }
                if !s.raw {
                    marked.push_str(&found.marked[piece]);
                }
                s.text = offsets(at, at + len);
                at += len;
                true
            });
            marked.shrink_to_fit();
            found.marked = marked;
        } else {
            found
                .summaries
                .retain(|s| spans.binary_search(&(s.span as usize)).is_ok());
        }
        found.summaries.shrink_to_fit();
        // The events hold their reports now.
        found.reports = Vec::new();
    }

    /// Reads back the texts of the reports `keep_texts` kept, after the
    /// timeline dropped them (`drop_report_texts`): from the file's body,
    /// where the prose is the body's own text, and otherwise from those it
    /// kept. An error if the file changed. Nothing to do when the texts are
    /// there ([`ResolvedArticle::texts_from`] may have set them).
    pub fn read_texts(&self) -> anyhow::Result<()> {
        if !self.lacks_texts() {
            return Ok(());
        }
        if self.found.summaries.iter().any(|s| s.raw) {
            let stamp = self
                .stamp
                .as_ref()
                .expect("texts are dropped only when released");
            self.texts_from(&self.read_again(stamp)?)
        } else {
            self.texts_from("")
        }
    }

    /// The length and hash of a released article's file as it was read
    /// ([`ResolvedArticle::release`]): what its text is, for a build that
    /// keys what a page is made from. `None` while the article keeps its
    /// text.
    pub fn file_identity(&self) -> Option<(usize, u64)> {
        self.stamp.as_ref().map(|s| (s.len, s.hash))
    }

    /// True while the reports' texts are dropped and not read back
    /// ([`ResolvedArticle::read_texts`]).
    pub fn lacks_texts(&self) -> bool {
        self.found.texts.get().is_none()
    }

    /// [`ResolvedArticle::read_texts`] from `file`, the article's whole
    /// file as [`ResolvedArticle::text`] gave it (checked to be the one it
    /// was parsed from; `""` will do when no kept text is the file's own):
    /// rendering reads the file once for the article's page and its events'
    /// texts. Nothing to do when the texts are there.
    pub fn texts_from(&self, file: &str) -> anyhow::Result<()> {
        if !self.lacks_texts() {
            return Ok(());
        }
        let found = &self.found;
        let len: usize = found.summaries.iter().map(|s| s.text.len()).sum();
        let mut texts = String::with_capacity(len);
        let mut marked = 0;
        for s in &found.summaries {
            let len = s.text.len();
            let piece = if s.raw {
                let start = self.article.body.start + s.prose_start as usize;
                file.get(start..start + len).ok_or_else(|| self.changed())?
            } else {
                marked += len;
                &found.marked[marked - len..marked]
            };
            texts.push_str(piece);
        }
        // Another thread setting them first set the same texts.
        let _ = found.texts.set(texts);
        Ok(())
    }

    /// The article's reports, by span start.
    pub(super) fn found_reports(&self) -> &[FoundReport] {
        &self.found.reports
    }

    /// The summary and text of this article's report whose span starts
    /// at `span_start`.
    pub fn report_summary(&self, span_start: usize) -> SummaryText<'_> {
        let f = &self.found;
        let k = f
            .summaries
            .binary_search_by_key(&span_start, |s| s.span as usize)
            .expect("a report of this article");
        let stored = &f.summaries[k];
        let texts = f
            .texts
            .get()
            .expect("the reports' texts read back (ResolvedArticle::read_texts)");
        let text = &texts[stored.text.start as usize..stored.text.end as usize];
        let start = stored.prose_start as usize;
        SummaryText {
            summary: Summary {
                range: start..start + text.len(),
                add_stop: stored.add_stop,
            },
            text,
        }
    }

    /// An undated sentence of this article: where it starts in the prose,
    /// and its text.
    pub fn undated_sentence(&self, sentence: usize) -> (usize, &str) {
        let f = &self.found;
        let k = f
            .undated_texts
            .binary_search_by_key(&sentence, |(s, ..)| *s)
            .expect("an undated sentence of this article");
        let (_, at, r) = &f.undated_texts[k];
        (
            *at as usize,
            &f.undated_text[r.start as usize..r.end as usize],
        )
    }

    /// The article's mentions, in text order.
    pub fn mentions(&self) -> Vec<Mention> {
        let short = Shorthand::new(self.article.dateline.date);
        (0..self.mention_count())
            .map(|i| self.mentions.get(i, &short))
            .collect()
    }

    /// Appends the explanation of mention `i` to `out`, without unpacking
    /// the rest of the mention (the timeline pages and the calendar show
    /// only this of it).
    pub fn push_explanation(&self, out: &mut String, i: usize) {
        let (value, stored) = self.mentions.strings(i);
        Shorthand::new(self.article.dateline.date).expand_into(out, stored, value);
    }

    /// Where mention `i` lies in the prose (without unpacking it).
    pub fn mention_range(&self, i: usize) -> Range<usize> {
        let m = &self.mentions.items[i];
        m.start as usize..m.end as usize
    }

    /// Mention `i` (an index into [`ResolvedArticle::mentions`]).
    pub fn mention(&self, i: usize) -> Mention {
        let short = Shorthand::new(self.article.dateline.date);
        self.mentions.get(i, &short)
    }

    pub fn mention_count(&self) -> usize {
        self.mentions.items.len()
    }

    /// The HTML id of a mention's `<time>` element in the article page.
    pub fn anchor_id(mention: usize) -> String {
        let mut id = String::with_capacity(8);
        ResolvedArticle::push_anchor_id(&mut id, mention);
        id
    }

    /// Appends [`ResolvedArticle::anchor_id`] to `out`.
    pub fn push_anchor_id(out: &mut String, mention: usize) {
        out.push('t');
        crate::datefmt::push_num(out, mention as u64 + 1);
    }
}

/// `start..end` as `u32` offsets into an article's texts.
pub(super) fn offsets(start: usize, end: usize) -> Range<u32> {
    offset(start)..offset(end)
}

/// An offset into an article's text or texts as a `u32`.
pub(super) fn offset(n: usize) -> u32 {
    u32::try_from(n).expect("an article's texts are under 4 GiB")
}

/// The reports and undated sentences of one article (`article` 0), with
/// the summary text of each report and the text of each undated sentence.
pub(super) fn find_reports(
    prose: &str,
    body: &str,
    sentences: &[Range<usize>],
    mentions: &[Mention],
) -> Found {
    let mut texts = String::new();
    let mut found = Found::default();
    let mut m = 0;
    for (s, range) in sentences.iter().enumerate() {
        let mut inside = Vec::new();
        while m < mentions.len() && mentions[m].start < range.end {
            if mentions[m].start >= range.start {
                inside.push(m);
            }
            m += 1;
        }
        if inside.is_empty() {
            continue;
        }
        let before = found.reports.len();
        let placeable: Vec<usize> = inside
            .iter()
            .copied()
            .filter(|&i| !quoted_deictic(prose, range.start, &mentions[i]))
            .collect();
        for (clause, members) in clauses(prose, range.clone(), &placeable, mentions) {
            if let Some(best) = most_precise(prose, mentions, &members) {
                let mention = &mentions[best];
                let placement = mention
                    .timex
                    .placement
                    .expect("most_precise only picks placed mentions");
                let summary =
                    super::summary::summarise(prose, clause.clone(), mention.start..mention.end);
                let start = texts.len();
                let range = summary.range.clone();
                texts.push_str(&prose[range.clone()]);
                let text = offsets(start, texts.len());
                found.summaries.push(StoredSummary {
                    span: offset(clause.start),
                    prose_start: offset(range.start),
                    text,
                    add_stop: summary.add_stop,
                    raw: body.as_bytes()[range.clone()] == prose.as_bytes()[range],
                });
                // Sentence and mention indices are below the text's length.
                found.reports.push(FoundReport {
                    sentence: offset(s),
                    mention: offset(best),
                    span: offsets(clause.start, clause.end),
                    placement,
                });
            }
        }
        if found.reports.len() == before {
            let start = found.undated_text.len();
            found.undated_text.push_str(&prose[range.clone()]);
            let at = offset(range.start);
            found
                .undated_texts
                .push((s, at, offsets(start, found.undated_text.len())));
            found.undated.push(Undated {
                article: 0,
                sentence: s,
                mentions: inside,
            });
        }
    }
    // Kept until the timeline is built: no room to spare.
    texts.shrink_to_fit();
    found.texts = std::sync::OnceLock::from(texts);
    found.undated_text.shrink_to_fit();
    found.summaries.shrink_to_fit();
    found.undated_texts.shrink_to_fit();
    found.reports.shrink_to_fit();
    found.undated.shrink_to_fit();
    found
}

/// The mention that places a clause: a date of what happened before the
/// date of someone saying it ("Firefighters said on Sunday that the fire
/// that began on March 7 …" is an event of March 7), then the most precise;
/// the first wins a tie.
pub(super) fn most_precise(prose: &str, mentions: &[Mention], members: &[usize]) -> Option<usize> {
    let rank = |i: usize| {
        let p = mentions[i]
            .timex
            .placement
            .expect("only placed mentions are ranked");
        (!is_reporting_date(prose, mentions[i].start), p.precision)
    };
    let mut best: Option<usize> = None;
    for &i in members {
        if !mentions[i].timex.is_event() {
            continue;
        }
        if best.is_none_or(|b| rank(i) > rank(b)) {
            best = Some(i);
        }
    }
    best
}

/// Month names: a phrase that names one (or has a digit) is absolute.
pub(super) const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// True for a relative expression ("today", "Monday", "last week") inside
/// quoted speech: it counts from the day the speaker spoke, which is not
/// the dateline, so it cannot place an event ("Russia stands today on the
/// right side of history"). Absolute dates in quotes ("on June 21") still do.
pub(super) fn quoted_deictic(prose: &str, sentence_start: usize, m: &Mention) -> bool {
    if !inside_quotes(&prose[sentence_start..m.start]) {
        return false;
    }
    let phrase = prose[m.start..m.end].to_lowercase();
    let absolute = phrase.chars().any(|c| c.is_ascii_digit())
        || phrase
            .split(|c: char| !c.is_alphabetic())
            .any(|w| w.len() >= 3 && MONTHS.contains(&&w[..3]));
    !absolute
}

/// Whether the end of `before` lies inside quoted speech: after an odd
/// number of `"`, or more `“` than `”`. One pass over the bytes (three
/// searches, one per mark, cost more on these short stretches), eight at
/// a time: `“` and `”` are the three bytes E2 80 9C and E2 80 9D, which in
/// UTF-8 stand for nothing else.
fn inside_quotes(before: &str) -> bool {
    let bytes = before.as_bytes();
    let (mut straight, mut open, mut close) = (0usize, 0usize, 0usize);
    // Only `"` and the lead byte E2 count, both rare: the bytes between
    // are skipped eight at a time.
    let mut from = 0;
    while let Some(i) = super::sentence::next_of(bytes, from, [b'"', 0xE2]) {
        if bytes[i] == b'"' {
            straight += 1;
        } else if bytes.get(i + 1) == Some(&0x80) {
            match bytes.get(i + 2) {
                Some(0x9C) => open += 1,
                Some(0x9D) => close += 1,
                _ => {}
            }
        }
        from = i + 1;
    }
    straight % 2 == 1 || open > close
}

/// Verbs of saying: a date right after one ("said on Monday") dates the
/// statement, not the event it reports.
pub(super) const REPORTING_VERBS: &[&str] = &[
    "said",
    "says",
    "announced",
    "warned",
    "confirmed",
    "told",
    "reported",
    "added",
    "stated",
];

/// True when the phrase at `start` follows a verb of saying, with at most
/// "on", "late" or "early" between them.
pub(super) fn is_reporting_date(prose: &str, start: usize) -> bool {
    let before = prose[..start].trim_end();
    let mut words = before.rsplit(char::is_whitespace).filter(|w| !w.is_empty());
    for _ in 0..3 {
        match words
            .next()
            .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase())
        {
            Some(w) if REPORTING_VERBS.contains(&w.as_str()) => return true,
            Some(w) if matches!(w.as_str(), "on" | "late" | "early" | "reporters") => continue,
            _ => return false,
        }
    }
    false
}

/// Connectives at which a sentence carrying two dates splits into clauses.
pub(super) const CLAUSE_BREAKS: &[&str] = &[
    "; ",
    ", and ",
    ", but ",
    ", while ",
    ", before ",
    ", after ",
    ", when ",
    ", then ",
    " and then ",
];

/// Where the last of the [`CLAUSE_BREAKS`] in `text` starts: one backward
/// pass over the bytes (every break starts with `;`, `,` or a space), where
/// a search per break set up a string searcher each time (nine per pair of
/// dates, 1.7 % of a build's instructions).
fn last_clause_break(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    (0..bytes.len()).rev().find(|&i| {
        matches!(bytes[i], b';' | b',' | b' ')
            && CLAUSE_BREAKS
                .iter()
                .any(|b| bytes[i..].starts_with(b.as_bytes()))
    })
}

/// Splits a sentence into clauses so that each placed date gets its own
/// clause where a connective separates them ("The river rose on June 13,
/// and the levee broke on June 14."). Without such a connective the
/// sentence stays whole.
pub(super) fn clauses(
    prose: &str,
    sentence: Range<usize>,
    inside: &[usize],
    mentions: &[Mention],
) -> Vec<(Range<usize>, Vec<usize>)> {
    let placed: Vec<usize> = inside
        .iter()
        .copied()
        .filter(|&i| mentions[i].timex.is_event())
        .collect();
    let distinct = placed
        .windows(2)
        .any(|w| mentions[w[0]].timex.value != mentions[w[1]].timex.value);
    if !distinct {
        return vec![(sentence, inside.to_vec())];
    }
    let mut cuts = Vec::new();
    for w in placed.windows(2) {
        let gap = mentions[w[0]].end..mentions[w[1]].start;
        let text = &prose[gap.clone()];
        if let Some(at) = last_clause_break(text) {
            cuts.push(gap.start + at + 1);
        }
    }
    let mut out = Vec::new();
    let mut start = sentence.start;
    for cut in cuts.into_iter().chain(std::iter::once(sentence.end)) {
        let members: Vec<usize> = inside
            .iter()
            .copied()
            .filter(|&i| mentions[i].start >= start && mentions[i].end <= cut)
            .collect();
        let text = &prose[start..cut];
        let lead = text.len() - text.trim_start().len();
        let trail = text.len() - text.trim_end().len();
        out.push((start + lead..cut - trail, members));
        start = cut;
    }
    out
}

/// Step 1: every article's reports, found with each article
/// ([`find_reports`]), by one index, article after article. They stay in
/// their articles: a flat copy of them all was 100 MB at 100k articles.
pub(super) struct Reports<'a> {
    /// Per article, its reports and the index of its first one (a dense
    /// array: reaching them through the articles cost a cache miss more
    /// per report in the merge).
    articles: Vec<(&'a [FoundReport], u32)>,
    /// Per report, its article.
    article_of: Vec<u32>,
}

impl<'a> Reports<'a> {
    pub(super) fn new(docs: &'a [ResolvedArticle]) -> Self {
        let n: usize = docs.iter().map(|d| d.found.reports.len()).sum();
        let index =
            |i: usize| u32::try_from(i).expect("the timeline holds fewer than 2^32 reports");
        let mut article_of = Vec::with_capacity(n);
        let mut articles = Vec::with_capacity(docs.len());
        for (a, doc) in docs.iter().enumerate() {
            articles.push((doc.found.reports.as_slice(), index(article_of.len())));
            article_of.extend(std::iter::repeat_n(index(a), doc.found.reports.len()));
        }
        Reports {
            articles,
            article_of,
        }
    }

    pub(super) fn len(&self) -> usize {
        self.article_of.len()
    }

    /// Report `i` as its article keeps it (its article is
    /// [`Reports::article`]).
    pub(super) fn get(&self, i: usize) -> &'a FoundReport {
        let (reports, start) = self.articles[self.article_of[i] as usize];
        &reports[i - start as usize]
    }

    /// The article of report `i`.
    pub(super) fn article(&self, i: usize) -> usize {
        self.article_of[i] as usize
    }

    /// Report `i`, numbered by its article.
    pub(super) fn numbered(&self, i: usize) -> Report {
        let r = self.get(i);
        Report {
            article: self.article_of[i],
            sentence: r.sentence,
            mention: r.mention,
            span: r.span.clone(),
            placement: r.placement,
        }
    }
}

/// The undated sentences of every article, numbered by article.
pub(super) fn collect_undated(docs: &[ResolvedArticle]) -> Vec<Undated> {
    let mut undated = Vec::new();
    for (a, doc) in docs.iter().enumerate() {
        undated.extend(doc.found.undated.iter().map(|u| Undated {
            article: a,
            ..u.clone()
        }));
    }
    undated
}

/// [`collect_undated`] that moves the undated sentences out of released
/// articles instead of copying them.
pub(super) fn take_undated(docs: &mut [ResolvedArticle]) -> Vec<Undated> {
    let mut undated = Vec::new();
    for (a, doc) in docs.iter_mut().enumerate() {
        if doc.stamp.is_none() {
            undated.extend(
                collect_undated(std::slice::from_ref(doc))
                    .into_iter()
                    .map(|u| Undated { article: a, ..u }),
            );
            continue;
        }
        undated.extend(
            std::mem::take(&mut doc.found.undated)
                .into_iter()
                .map(|u| Undated { article: a, ..u }),
        );
    }
    undated
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::SourceFile;

    #[test]
    fn quotes_are_counted_as_a_search_per_mark_counts_them() {
        let by_search = |t: &str| {
            t.matches('"').count() % 2 == 1 || t.matches('“').count() > t.matches('”').count()
        };
        let pieces = ["\"", "“", "”", "‘", "’", "—", "€", "a", " ", "é", "Today"];
        let mut texts = super::super::similarity::random_texts(0x9e37_79b9_7f4a_7c15, &pieces, 9);
        let mut quoted = 0;
        for _ in 0..20_000 {
            let text = texts();
            assert_eq!(inside_quotes(&text), by_search(&text), "{text:?}");
            quoted += usize::from(by_search(&text));
        }
        assert!(quoted > 2000, "{quoted}");
    }

    #[test]
    fn the_last_clause_break_is_the_latest_of_any_break() {
        let by_search = |text: &str| CLAUSE_BREAKS.iter().filter_map(|b| text.rfind(b)).max();
        for text in [
            "",
            "; ",
            " on June 3, and then on ",
            " said, but the council met; then ",
            " and then, while ",
            "; the crews, after the storm, and ",
            ",",
            " – während, and ",
            "no break at all",
            ", when; ",
        ] {
            assert_eq!(last_clause_break(text), by_search(text), "{text:?}");
        }
    }
    #[test]
    fn bytes_are_found_eight_at_a_time_as_one_at_a_time() {
        let pieces = [
            "a",
            " ",
            "\u{1}",
            "\u{2}",
            "\u{3}",
            "\u{0}",
            "·",
            "→",
            "é",
            "—",
            "\u{4}",
            "\u{7f}",
            "2025-06-23",
            " · dateline ",
        ];
        let mut texts = super::super::similarity::random_texts(0x2545_f491_4f6c_dd1d, &pieces, 24);
        let wants: [fn(u8) -> bool; 3] = [
            |b| Shorthand::is_marker(b) || matches!(b, 0xC2 | 0xE2),
            |b| b == Shorthand::DATELINE as u8 || b == Shorthand::VALUE as u8,
            |b| b == 0xE2,
        ];
        let mut found = 0;
        for _ in 0..20_000 {
            let text = texts();
            let bytes = text.as_bytes();
            for want in wants {
                for from in 0..=bytes.len() {
                    let expected = bytes[from..]
                        .iter()
                        .position(|&b| want(b))
                        .map(|k| from + k);
                    assert_eq!(
                        next_byte(bytes, from, want),
                        expected,
                        "{text:?} from {from}"
                    );
                    found += usize::from(expected.is_some());
                }
            }
        }
        assert!(found > 100_000, "{found}");
    }

    #[test]
    fn packed_mentions_unpack_to_what_the_resolver_gave() {
        let text = "+++\ntitle = \"T\"\ndate = 2025-06-24\n+++\nOn Monday night and in May, and yesterday, it rained.\n";
        let article = crate::content::article::parse(SourceFile {
            path: "content/a.md".into(),
            text: text.to_string(),
        })
        .unwrap();
        let mut mentions =
            crate::resolve::resolve(&article.prose, &article.dateline.anchor(), article.mode);
        assert_eq!(mentions.len(), 3, "{mentions:#?}");
        assert!(
            mentions[0]
                .explanation
                .contains(" · dateline Tue 24 Jun 2025 · ")
        );
        // Explanations that repeat the shortened pieces, or hold the marker
        // bytes themselves, come back as written.
        mentions[1].explanation = format!(
            "x · dateline Tue 24 Jun 2025 · → {v} · dateline Tue 24 Jun 2025 ·  → {v}",
            v = mentions[1].timex.value
        );
        mentions[2].explanation = "odd \u{1} and \u{2} → 2025-06-23".to_string();
        mentions[0].explanation.insert(0, '\u{3}');
        let doc = ResolvedArticle::from_parts(article, mentions.clone());
        assert_eq!(doc.mentions(), mentions);
        assert_eq!(doc.mention(1), mentions[1]);
        for (i, m) in mentions.iter().enumerate() {
            let mut out = String::from("kept ");
            doc.push_explanation(&mut out, i);
            assert_eq!(out, format!("kept {}", m.explanation));
        }
    }

    #[test]
    fn shorthand_replaces_each_dateline_and_arrow_to_the_value() {
        let short = Shorthand::new(NaiveDate::from_ymd_opt(2025, 6, 24).unwrap());
        let value = "2025-06-23";
        let explanation = "Monday · dateline Tue 24 Jun 2025 · past tense → 2025-06 → 2025-06-23 · dateline Tue 24 Jun 2025 · ";
        let mut out = String::new();
        short.shorten(&mut out, explanation, value);
        assert_eq!(out, "Monday\u{1}past tense → 2025-06\u{2}\u{1}");
        assert_eq!(short.expand(&out, value), explanation);
        // A dateline of another day and an arrow to another value stay.
        out.clear();
        short.shorten(
            &mut out,
            "x · dateline Mon 23 Jun 2025 · y → 2025-06-2",
            value,
        );
        assert_eq!(out, "x · dateline Mon 23 Jun 2025 · y → 2025-06-2");
        // "·" and "→" not after a space, and a piece right after another
        out.clear();
        let explanation = "a·b→ 2025-06-23 · dateline Tue 24 Jun 2025 · → 2025-06-23é";
        short.shorten(&mut out, explanation, value);
        assert_eq!(out, "a·b→ 2025-06-23\u{1}→ 2025-06-23é");
        assert_eq!(short.expand(&out, value), explanation);
    }

    #[test]
    fn shorthand_keeps_an_explanation_holding_a_marker_as_written() {
        let short = Shorthand::new(NaiveDate::from_ymd_opt(2025, 6, 24).unwrap());
        let mut out = String::from("kept");
        // a marker after a piece already replaced, and one in the value
        for (explanation, value) in [
            ("x · dateline Tue 24 Jun 2025 · y\u{2}z → 1", "1"),
            ("x → 1\u{1} · dateline Tue 24 Jun 2025 · ", "1\u{1}"),
            ("\0x → 1", "1"),
        ] {
            out.truncate(4);
            short.shorten(&mut out, explanation, value);
            let stored = &out[4..];
            assert_eq!(stored.starts_with('\u{3}'), explanation != "\0x → 1");
            assert_eq!(short.expand(stored, value), explanation);
        }
    }

    /// `text` written to a fresh file, resolved and released as a build does.
    fn released(tag: &str, text: &str) -> (PathBuf, ResolvedArticle) {
        let dir = std::env::temp_dir().join(format!("dateline-texts-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("a.md");
        std::fs::write(&file, text).unwrap();
        let article = crate::content::article::parse(SourceFile {
            path: "content/a.md".into(),
            text: text.to_string(),
        })
        .unwrap();
        let mut doc = ResolvedArticle::new(article);
        doc.release(file.clone());
        (file, doc)
    }

    fn summaries(doc: &ResolvedArticle) -> Vec<(usize, String, bool)> {
        doc.found
            .summaries
            .iter()
            .map(|s| {
                let t = doc.report_summary(s.span as usize);
                (
                    t.summary.range.start,
                    t.text.to_string(),
                    t.summary.add_stop,
                )
            })
            .collect()
    }

    #[test]
    fn report_texts_read_back_from_the_file_are_those_found() {
        // The second report's sentence has markup, blanked in the prose:
        // its text stays in memory, the others' come from the file's bytes
        // (and with only the second kept, the file is not read at all).
        let text = "+++\ntitle = \"T\"\ndate = 2025-06-24\n+++\nThe levee broke on June 14.\n\nThe **council** met on June 20, officials said.\n\nPrices rose in May.\n";
        for (tag, keep) in [
            ("all", vec![0, 1, 2]),
            ("plain", vec![0, 2]),
            ("marked", vec![1]),
            ("none", vec![]),
        ] {
            let (file, mut doc) = released(tag, text);
            let all = summaries(&doc);
            assert_eq!(all.len(), 3, "{all:?}");
            assert_eq!(
                doc.found
                    .summaries
                    .iter()
                    .map(|s| s.raw)
                    .collect::<Vec<_>>(),
                [true, false, true]
            );
            let spans: Vec<usize> = keep
                .iter()
                .map(|&k: &usize| doc.found.summaries[k].span as usize)
                .collect();
            doc.drop_report_texts();
            assert!(doc.lacks_texts());
            doc.keep_texts(&spans);
            if keep.iter().all(|&k| k == 1) {
                std::fs::remove_file(&file).unwrap();
            }
            doc.read_texts().unwrap();
            let kept: Vec<_> = keep.iter().map(|&k| all[k].clone()).collect();
            assert_eq!(summaries(&doc), kept, "{tag}");
            std::fs::remove_dir_all(file.parent().unwrap()).unwrap();
        }
    }

    #[test]
    fn report_texts_taken_from_the_file_read_for_the_page_are_those_found() {
        // The second and fourth reports' sentences have markup: their
        // texts stay in memory, the others' come from the text given.
        let text = "+++\ntitle = \"T\"\ndate = 2025-06-24\n+++\nThe levee broke on June 14.\n\nThe **council** met on June 20, officials said.\n\nPrices rose in May.\n\nThe *board* voted on June 22.\n";
        // `None`: the texts dropped, no summary dropped since.
        for keep in [
            None,
            Some(vec![0, 1, 2, 3]),
            Some(vec![0, 2]),
            Some(vec![1, 3]),
            Some(vec![3]),
            Some(vec![0, 3]),
            Some(vec![]),
        ] {
            let (file, mut doc) = released("from", text);
            let all = summaries(&doc);
            let raw: Vec<bool> = doc.found.summaries.iter().map(|s| s.raw).collect();
            assert_eq!(raw, [true, false, true, false]);
            let spans: Option<Vec<usize>> = keep.as_ref().map(|keep| {
                keep.iter()
                    .map(|&k: &usize| doc.found.summaries[k].span as usize)
                    .collect()
            });
            doc.drop_report_texts();
            if let Some(spans) = &spans {
                doc.keep_texts(spans);
            }
            // The texts come from the text given, not from the file.
            std::fs::remove_dir_all(file.parent().unwrap()).unwrap();
            assert!(doc.lacks_texts());
            doc.texts_from(text).unwrap();
            assert!(!doc.lacks_texts());
            let kept: Vec<_> = match &keep {
                None => all.clone(),
                Some(keep) => keep.iter().map(|&k| all[k].clone()).collect(),
            };
            assert_eq!(summaries(&doc), kept, "{keep:?}");
            // Once back, they stay as they are.
            doc.texts_from("").unwrap();
            doc.read_texts().unwrap();
            assert_eq!(summaries(&doc), kept, "{keep:?}");
        }
        // A text too short for a kept text's place is not the file parsed.
        let (file, mut doc) = released("from-short", text);
        doc.drop_report_texts();
        let err = doc.texts_from(&text[..50]).unwrap_err().to_string();
        assert!(err.contains("changed"), "{err}");
        std::fs::remove_dir_all(file.parent().unwrap()).unwrap();
    }

    #[test]
    fn a_released_article_comes_back_as_parsed() {
        // Markdown with markup and a wire lead blanked in the prose.
        let text = "+++\ntitle = \"T\"\ndate = 2025-06-24\ntags = [\"x\"]\n+++\nTEHRAN – The **council** met on June 20.\n\n```\n2020\n```\n";
        let (file, doc) = released("source", text);
        let parsed = crate::content::article::parse(SourceFile {
            path: "content/a.md".into(),
            text: text.to_string(),
        })
        .unwrap();
        assert!(doc.article.text.is_empty() && doc.article.prose.is_empty());
        let prose = &parsed.prose;
        assert!(
            prose.trim_start().starts_with("The   council   met"),
            "{prose:?}"
        );
        assert!(
            !prose.contains("2020") && !prose.contains("TEHRAN"),
            "{prose:?}"
        );
        let source = doc.source().unwrap();
        assert_eq!(format!("{:?}", *source), format!("{parsed:?}"));
        assert_eq!(doc.text().unwrap(), text);
        std::fs::write(&file, text.replace("council", "COUNCIL")).unwrap();
        assert!(doc.source().unwrap_err().to_string().contains("changed"));
        std::fs::remove_dir_all(file.parent().unwrap()).unwrap();
    }

    #[test]
    fn report_texts_of_a_changed_file_are_an_error_naming_it() {
        let text = "+++\ntitle = \"T\"\ndate = 2025-06-24\n+++\nThe levee broke on June 14.\n";
        let (file, mut doc) = released("changed", text);
        let span = doc.found.summaries[0].span as usize;
        doc.drop_report_texts();
        doc.keep_texts(&[span]);
        std::fs::write(&file, text.replace("levee", "LEVEE")).unwrap();
        let err = doc.read_texts().unwrap_err().to_string();
        assert!(
            err.contains("content/a.md") && err.contains("changed"),
            "{err}"
        );
        std::fs::remove_dir_all(file.parent().unwrap()).unwrap();
    }
}
