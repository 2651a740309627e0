//! `dateline check`: everything `build` would report, and likely mistakes,
//! without writing a file.
//!
//! [`check`] loads the project ([`Project::load`]: article errors,
//! datelines that do not parse, duplicate slugs, config errors), renders the
//! site in memory and link-checks it ([`crate::linkcheck`]), and looks at
//! every article for:
//!
//! - **unresolved temporal words**: a weekday, month, or `yesterday`/`today`/
//!   `tomorrow`/`tonight` that no resolved mention covers ([`unresolved`]);
//! - **ambiguous resolutions**: a bare weekday or month whose direction
//!   (previous or next) the resolver chose on a weak signal, as its
//!   explanation says ([`ambiguous`]);
//! - **future events told in the past tense**: a date after the article's
//!   own dateline in a sentence with a past-tense verb and no future marker
//!   ([`future_in_past_tense`]).
//!
//! The result is a [`Report`] of [`Diagnostic`]s in path order, printed like
//! a compiler's (`path:line:col: warning: …`) and closed by `N errors, M
//! warnings`.
//!
//! - **date conflicts**: reports in different articles that read like the
//!   same event but carry different dates ([`conflicts`], from the
//!   timeline's [`crate::timeline::Conflict`] list);
//! - **broken links** in the site rendered in memory: a missing file or a
//!   link outside the base path is an error, a missing anchor or a
//!   duplicate id a warning.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::datefmt::{MONTHS, WEEKDAYS};
use crate::error::{Diagnostic, Severity, line_col};
use crate::linkcheck::{self, Problem};
use crate::project::{LoadOptions, Project};
use crate::render::OutputFile;
use crate::timeline::ResolvedArticle;

/// The findings of `dateline check`.
#[derive(Debug, Default)]
pub struct Report {
    /// Sorted by path, line, column.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// True when the exit status should be 1.
    pub fn fails(&self, deny_warnings: bool) -> bool {
        self.count(Severity::Error) > 0 || (deny_warnings && self.count(Severity::Warning) > 0)
    }

    /// Every diagnostic, one per line, then the summary line.
    pub fn print(&self, out: &mut impl Write) -> std::io::Result<()> {
        for d in &self.diagnostics {
            writeln!(out, "{d}")?;
        }
        writeln!(out, "{}", self.summary())
    }

    /// `N errors, M warnings`.
    pub fn summary(&self) -> String {
        let (e, w) = (self.count(Severity::Error), self.count(Severity::Warning));
        format!(
            "{e} error{}, {w} warning{}",
            if e == 1 { "" } else { "s" },
            if w == 1 { "" } else { "s" }
        )
    }
}

/// Checks the site at `root`. `Err` only when the site cannot be read at
/// all (no `content/`) or cannot be rendered.
pub fn check(root: &Path, opts: &LoadOptions) -> anyhow::Result<Report> {
    check_project(&Project::load(root, opts)?)
}

/// Checks a loaded project (tests give it articles resolved by a stand-in
/// resolver).
pub fn check_project(project: &Project) -> anyhow::Result<Report> {
    let mut diagnostics = project.diagnostics.clone();
    for doc in &project.docs {
        diagnostics.extend(unresolved(doc));
        diagnostics.extend(ambiguous(doc));
        diagnostics.extend(future_in_past_tense(doc));
    }
    diagnostics.extend(conflicts(project));
    diagnostics.extend(links(&project.root, project)?);
    diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.col, &a.message).cmp(&(&b.path, b.line, b.col, &b.message))
    });
    diagnostics.dedup();
    Ok(Report { diagnostics })
}

/// Line and column of a byte offset in an article's prose.
fn at(doc: &ResolvedArticle, offset: usize) -> (usize, usize) {
    line_col(&doc.article.text, doc.article.body.start + offset)
}

fn warning(doc: &ResolvedArticle, offset: usize, message: String) -> Diagnostic {
    let (line, col) = at(doc, offset);
    Diagnostic::warning(&doc.article.path, line, col, message)
}

/// Month abbreviations, counted only with their full stop ("Aug.").
const MONTH_ABBREVIATIONS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
];
const RELATIVE_DAYS: [&str; 4] = ["yesterday", "today", "tomorrow", "tonight"];
/// Words before "May" or "March" that make it the month, not the verb.
const MAY_CUES: [&str; 14] = [
    "in", "of", "since", "until", "by", "early", "late", "mid", "last", "next", "this", "from",
    "through", "to",
];

/// A word of prose: letters only, with its byte range.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphabetic(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out.into_iter()
}

/// Whether the word at `start..start+word.len()` of `text` reads as a date
/// word: a capitalised weekday (or its plural) or month, a month
/// abbreviation with its full stop, or a relative day in any case.
fn is_temporal(text: &str, start: usize, word: &str, previous: Option<&str>) -> bool {
    let after = &text[start + word.len()..];
    let singular = word.strip_suffix('s').unwrap_or(word);
    if WEEKDAYS.contains(&word) || WEEKDAYS.contains(&singular) {
        return true;
    }
    // "May" and "March" are also a verb: the month needs a number or a cue.
    if word == "May" || word == "March" {
        let next_is_number = after.trim_start().starts_with(|c: char| c.is_ascii_digit());
        let cue = previous.is_some_and(|p| MAY_CUES.contains(&p.to_lowercase().as_str()));
        return next_is_number || cue;
    }
    if MONTHS.contains(&word) {
        return true;
    }
    if MONTH_ABBREVIATIONS.contains(&word) && after.starts_with('.') {
        return true;
    }
    RELATIVE_DAYS.contains(&word.to_lowercase().as_str())
}

/// Date words of `doc` that no mention covers.
pub fn unresolved(doc: &ResolvedArticle) -> Vec<Diagnostic> {
    let prose = &doc.article.prose;
    let mentions = doc.mentions();
    let mut out = Vec::new();
    let mut previous: Option<&str> = None;
    let mut m = 0;
    for (start, word) in words(prose) {
        let temporal = is_temporal(prose, start, word, previous);
        previous = Some(word);
        if !temporal {
            continue;
        }
        while m < mentions.len() && mentions[m].end <= start {
            m += 1;
        }
        let covered = mentions
            .get(m)
            .is_some_and(|x| x.start <= start && start < x.end);
        if !covered {
            out.push(warning(
                doc,
                start,
                format!(
                    "expected `{word}` to resolve to a date, found it unresolved (its sentence stays off the timeline)"
                ),
            ));
        }
    }
    out
}

/// Words in an explanation that show the direction of a bare weekday or
/// month was not fixed by the text (no tense, a default, a guess).
///
/// The resolver explains each value in one line; this list matches the
/// wording it uses for a weak or missing signal.
pub const WEAK_SIGNALS: [&str; 6] = [
    "no tense",
    "default",
    "assum",
    "guess",
    "nearest",
    "ambiguous",
];

/// Bare weekdays and months whose direction came from a weak signal.
pub fn ambiguous(doc: &ResolvedArticle) -> Vec<Diagnostic> {
    doc.mentions()
        .into_iter()
        .filter(|m| is_bare(&doc.article.prose[m.start..m.end]))
        .filter(|m| {
            let e = m.explanation.to_lowercase();
            WEAK_SIGNALS.iter().any(|w| e.contains(w))
        })
        .map(|m| {
            let phrase = &doc.article.prose[m.start..m.end];
            warning(
                doc,
                m.start,
                format!(
                    "expected a tense or a full date to fix which `{phrase}` is meant, found only a weak signal: {} (write the date out if {} is wrong)",
                    m.explanation, m.timex.value
                ),
            )
        })
        .collect()
}

/// A phrase that is only a weekday or month name, maybe with a part of day
/// or a preposition: "Monday", "on Friday night", "in March".
fn is_bare(phrase: &str) -> bool {
    let mut named = false;
    for w in phrase.split_whitespace() {
        if w.contains(|c: char| c.is_ascii_digit()) {
            return false;
        }
        let w = w.trim_matches(|c: char| !c.is_alphabetic());
        if WEEKDAYS.contains(&w) || MONTHS.contains(&w) {
            named = true;
        } else if ![
            "on",
            "in",
            "this",
            "that",
            "morning",
            "afternoon",
            "evening",
            "night",
            "",
        ]
        .contains(&w.to_lowercase().as_str())
        {
            return false;
        }
    }
    named
}

/// Irregular past-tense verbs common in news ("said" and other reporting
/// verbs are left out: "officials said talks will resume Monday" is fine).
const IRREGULAR_PAST: [&str; 40] = [
    "was", "were", "had", "did", "began", "met", "went", "came", "took", "made", "gave", "won",
    "lost", "fell", "rose", "left", "held", "led", "sent", "struck", "broke", "fought", "sold",
    "bought", "paid", "spent", "became", "saw", "ran", "hit", "shut", "kept", "brought", "thought",
    "felt", "flew", "drove", "stood", "wrote", "spoke",
];
/// Words ending in "-ed" that are not reports of the past here: reporting
/// verbs, and participles that usually describe plans.
const NOT_PAST: [&str; 22] = [
    "said",
    "added",
    "reported",
    "stated",
    "noted",
    "warned",
    "announced",
    "confirmed",
    "explained",
    "scheduled",
    "expected",
    "planned",
    "slated",
    "proposed",
    "intended",
    "aimed",
    "hoped",
    "needed",
    "united",
    "based",
    "related",
    "red",
];
/// Words that make a sentence about the future whatever its other verbs.
const FUTURE_MARKERS: [&str; 9] = [
    "will", "would", "shall", "should", "could", "may", "might", "plans", "going",
];

/// The first past-tense verb of a sentence, unless the sentence also speaks
/// of the future.
fn past_tense_verb(sentence: &str) -> Option<&str> {
    let mut found = None;
    for (_, w) in words(sentence) {
        let lower = w.to_lowercase();
        if FUTURE_MARKERS.contains(&lower.as_str()) || lower.ends_with("'ll") {
            return None;
        }
        if found.is_none()
            && (IRREGULAR_PAST.contains(&lower.as_str())
                || (lower.len() > 4
                    && lower.ends_with("ed")
                    && !NOT_PAST.contains(&lower.as_str())))
        {
            found = Some(w);
        }
    }
    found
}

/// Words that make a phrase point forward by itself: "offered to send
/// engineers next week" tells a plan in the past tense, no mistake.
const FUTURE_PHRASE_WORDS: [&str; 7] = [
    "next",
    "coming",
    "tomorrow",
    "later",
    "following",
    "upcoming",
    "hence",
];

fn says_future(phrase: &str) -> bool {
    words(phrase).any(|(_, w)| FUTURE_PHRASE_WORDS.contains(&w.to_lowercase().as_str()))
}

/// Dates after the article's dateline in sentences told in the past tense,
/// unless the phrase itself points forward ("next week").
pub fn future_in_past_tense(doc: &ResolvedArticle) -> Vec<Diagnostic> {
    let dateline = doc.article.dateline.date;
    let mut out = Vec::new();
    for m in &doc.mentions() {
        let Some(p) = m.timex.placement.filter(|_| m.timex.is_event()) else {
            continue;
        };
        let phrase = &doc.article.prose[m.start..m.end];
        if p.start <= dateline || says_future(phrase) {
            continue;
        }
        let Some(sentence) = doc
            .sentences
            .iter()
            .find(|s| s.start <= m.start && m.start < s.end)
        else {
            continue;
        };
        if let Some(verb) = past_tense_verb(&doc.article.prose[sentence.clone()]) {
            let days = (p.start - dateline).num_days();
            out.push(warning(
                doc,
                m.start,
                format!(
                    "expected a date on or before the dateline ({}) in a sentence in the past tense (`{verb}`), found `{phrase}` resolved to {}, {days} day{} after it",
                    dateline.format("%Y-%m-%d"),
                    m.timex.value,
                    if days == 1 { "" } else { "s" }
                ),
            ));
        }
    }
    out
}

/// Events that look like one told by several articles with different
/// dates, at the later event's phrase, naming the earlier one.
pub fn conflicts(project: &Project) -> Vec<Diagnostic> {
    let docs = &project.docs;
    let events = &project.timeline.events;
    let place = |i: usize| {
        let e = &events[i];
        let doc = &docs[e.article];
        let m = doc.mention(e.mention);
        let (line, col) = at(doc, m.start);
        (doc, m, line, col)
    };
    project
        .timeline
        .conflicts
        .iter()
        .map(|c| {
            let (first, fm, fline, fcol) = place(c.first);
            let (second, sm, line, col) = place(c.second);
            Diagnostic::warning(
                &second.article.path,
                line,
                col,
                format!(
                    "expected one date for what reads like the event of {}:{fline}:{fcol} (`{}`, {}), found `{}` resolved to {} (similarity {:.2})",
                    first.article.path.display(),
                    &first.article.prose[fm.start..fm.end],
                    fm.timex.value,
                    &second.article.prose[sm.start..sm.end],
                    sm.timex.value,
                    c.similarity
                ),
            )
        })
        .collect()
}

/// Broken internal links of the site rendered in memory, located in the
/// source article when the link is written there, else in the page.
fn links(root: &Path, project: &Project) -> anyhow::Result<Vec<Diagnostic>> {
    let mut files = project.render(None)?;
    files.extend(crate::output::read_static(&root.join("static")));
    let base = crate::config::normalize_base_path(&project.config.base_path);
    let mut out = Vec::new();
    for b in linkcheck::check(&files, &base) {
        let what = match &b.problem {
            Problem::NoFile(file) => format!(
                "expected a link to a page or file of the site, found `{}` (no file {} in the built site)",
                b.link,
                file.display()
            ),
            Problem::NoId { file, id } => format!(
                "expected a link to an anchor that exists, found `{}` (no id `{id}` in {})",
                b.link,
                file.display()
            ),
            Problem::OutsideBase(base) => format!(
                "expected a link under the base path {base}, found `{}` (it breaks when the site is served under {base})",
                b.link
            ),
            Problem::DuplicateId => format!("expected unique ids, found `{}` twice", b.link),
        };
        let severity = match b.problem {
            Problem::NoFile(_) | Problem::OutsideBase(_) => Severity::Error,
            // The page still opens, only not at the right place.
            Problem::NoId { .. } | Problem::DuplicateId => Severity::Warning,
        };
        let mut d = locate_link(project, &files, &b, what);
        d.severity = severity;
        out.push(d);
    }
    Ok(out)
}

/// A diagnostic for a broken link: at the link in its source article when
/// the page is an article page whose text contains the link, else at the
/// link in the rendered page (path shown as `<site>/page`).
fn locate_link(
    project: &Project,
    files: &[OutputFile],
    b: &linkcheck::BrokenLink,
    message: String,
) -> Diagnostic {
    let source = project
        .docs
        .iter()
        .find(|d| b.page == Path::new(&crate::render::site::article_path(&d.article.slug)));
    if let Some(doc) = source {
        let raw = b.link.replace("&amp;", "&");
        let body = doc.article.body_text();
        if let Some(i) = body.find(&raw) {
            let (line, col) = line_col(&doc.article.text, doc.article.body.start + i);
            return Diagnostic::error(&doc.article.path, line, col, message);
        }
    }
    let (line, col) = files
        .iter()
        .find(|f| f.path == b.page)
        .map(|f| line_col(&String::from_utf8_lossy(&f.bytes), b.offset))
        .unwrap_or((1, 1));
    Diagnostic::error(&PathBuf::from("<site>").join(&b.page), line, col, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{SourceFile, article};
    use crate::resolve::{Mention, Placement, Precision, Timex, TimexType};
    use chrono::NaiveDate;

    /// An article dated Tuesday 24 June 2025 with `body`, and mentions at
    /// the given phrases (value, explanation, placement start).
    fn doc(body: &str, mentions: &[(&str, &str, &str, Option<NaiveDate>)]) -> ResolvedArticle {
        let text = format!("+++\ntitle = \"T\"\ndate = 2025-06-24\n+++\n{body}");
        let a = article::parse(SourceFile {
            path: "content/a.md".into(),
            text,
        })
        .unwrap();
        assert_eq!(a.dateline.date.format("%A").to_string(), "Tuesday");
        let mut mentions: Vec<Mention> = mentions
            .iter()
            .map(|(phrase, value, explanation, start)| {
                let s = a.prose.find(phrase).unwrap();
                Mention {
                    start: s,
                    end: s + phrase.len(),
                    timex: Timex {
                        kind: TimexType::Date,
                        value: value.to_string(),
                        modifier: None,
                        placement: start.map(|d| Placement {
                            start: d,
                            end: d.succ_opt().unwrap(),
                            precision: Precision::Day,
                            part_of_day: None,
                            time: None,
                        }),
                    },
                    explanation: explanation.to_string(),
                }
            })
            .collect();
        mentions.sort_by_key(|m| m.start);
        ResolvedArticle::from_parts(a, mentions)
    }

    fn day(m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2025, m, d)
    }

    fn lines(diags: Vec<Diagnostic>) -> Vec<String> {
        diags.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn unresolved_date_words_are_reported_and_covered_ones_are_not() {
        let d = doc(
            "Talks began on Monday and ended Friday. You may go. Since May the\nprices in Aug. rose; Today counts. March organisers left.\n",
            &[("Monday", "2025-06-23", "", day(6, 23))],
        );
        assert_eq!(
            lines(unresolved(&d)),
            [
                "content/a.md:5:33: warning: expected `Friday` to resolve to a date, found it unresolved (its sentence stays off the timeline)",
                "content/a.md:5:59: warning: expected `May` to resolve to a date, found it unresolved (its sentence stays off the timeline)",
                "content/a.md:6:11: warning: expected `Aug` to resolve to a date, found it unresolved (its sentence stays off the timeline)",
                "content/a.md:6:22: warning: expected `Today` to resolve to a date, found it unresolved (its sentence stays off the timeline)",
            ]
        );
    }

    #[test]
    fn bare_weekday_on_a_weak_signal_is_ambiguous() {
        let d = doc(
            "Talks resume Friday. Talks began on Monday, June 23.\n",
            &[
                (
                    "Friday",
                    "2025-06-27",
                    "Friday · dateline Tue 24 Jun 2025 · no tense → nearest Friday → 2025-06-27",
                    day(6, 27),
                ),
                (
                    "Monday, June 23",
                    "2025-06-23",
                    "no tense → default year of the dateline",
                    day(6, 23),
                ),
            ],
        );
        assert_eq!(
            lines(ambiguous(&d)),
            [
                "content/a.md:5:14: warning: expected a tense or a full date to fix which `Friday` is meant, found only a weak signal: Friday · dateline Tue 24 Jun 2025 · no tense → nearest Friday → 2025-06-27 (write the date out if 2025-06-27 is wrong)"
            ]
        );
    }

    #[test]
    fn future_date_in_past_tense_is_reported() {
        let d = doc(
            "The summit ended on June 30. Officials said talks will resume on July 2. The vote was held on June 20. Ostra offered to send engineers next week.\n",
            &[
                ("next week", "2025-W27", "", day(6, 30)),
                ("June 30", "2025-06-30", "", day(6, 30)),
                ("July 2", "2025-07-02", "", day(7, 2)),
                ("June 20", "2025-06-20", "", day(6, 20)),
            ],
        );
        assert_eq!(
            lines(future_in_past_tense(&d)),
            [
                "content/a.md:5:21: warning: expected a date on or before the dateline (2025-06-24) in a sentence in the past tense (`ended`), found `June 30` resolved to 2025-06-30, 6 days after it"
            ]
        );
    }

    #[test]
    fn summary_counts() {
        let mut r = Report::default();
        assert_eq!(r.summary(), "0 errors, 0 warnings");
        r.diagnostics
            .push(Diagnostic::error(Path::new("a"), 1, 1, "x"));
        r.diagnostics
            .push(Diagnostic::warning(Path::new("a"), 1, 1, "y"));
        assert_eq!(r.summary(), "1 error, 1 warning");
        assert!(r.fails(false));
        r.diagnostics.remove(0);
        assert!(!r.fails(false) && r.fails(true));
    }
}
