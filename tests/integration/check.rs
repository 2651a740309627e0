//! `dateline check`: fixture sites for each kind of finding, exact output.
//!
//! Findings that do not depend on the resolver (article errors, datelines,
//! config, links) run the binary. Findings about resolved phrases
//! (unresolved words, ambiguous directions, future dates in the past
//! tense, conflicts between articles) run the library's
//! [`dateline::check::check_project`] on fixture articles whose mentions
//! come from a small stand-in table, so they test the checks and not the
//! resolver of the day.

use std::path::Path;

use chrono::NaiveDate;
use dateline::check::check_project;
use dateline::project::{LoadOptions, Project};
use dateline::resolve::{Mention, Placement, Precision, Timex, TimexType};
use dateline::timeline::ResolvedArticle;

use crate::common::{dateline, fixture, stderr, stdout};

/// Runs `dateline check` on a fixture; returns (stdout, exit code).
fn run(name: &str, extra: &[&str]) -> (String, i32) {
    let out = dateline()
        .args(["check", "--root"])
        .arg(fixture(name))
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some(),
        "killed by a signal: {}",
        stderr(&out)
    );
    (stdout(&out), out.status.code().unwrap())
}

#[test]
fn clean_site_has_nothing_to_report() {
    assert_eq!(
        run("check-clean", &[]),
        ("0 errors, 0 warnings\n".into(), 0)
    );
    assert_eq!(
        run("check-clean", &["--deny-warnings"]),
        ("0 errors, 0 warnings\n".into(), 0)
    );
}

#[test]
fn article_config_and_dateline_errors_are_located() {
    let (out, code) = run("invalid/check-errors", &[]);
    assert_eq!(
        out,
        "\
content/a-no-front-matter.md:1:1: error: expected front matter opening with `+++` (TOML) or `---` (YAML), found `The harbour reopened to shipping after r…` (a Markdown article needs at least a `date`)
content/b-no-title.md:1:1: error: expected a non-empty `title` key in the front matter, found none
content/c-bad-date.md:3:1: error: expected a dateline such as `June 24, 2025 - 2:48`, `2025-06-24` or `2025-06-24T02:48:00Z`, found `around midsummer`
content/d-wire-bad-dateline.txt:2:1: error: expected a dateline such as `June 24, 2025 - 2:48`, `2025-06-24` or `2025-06-24T02:48:00Z`, found `CALDEN, the week after the storm`
content/f-same-slug.md:1:1: error: expected a unique slug, found `harbour` already used by content/e-same-slug.md (set `slug` in the front matter)
dateline.toml:2:1: error: unknown field `base_pth`, expected one of `title`, `description`, `base_url`, `base_path`, `language`, `order`, `timezone`, `allow_html`, `feed_entries`
6 errors, 0 warnings
"
    );
    assert_eq!(code, 1);
    let (out, code) = run("invalid/bad-dateline", &[]);
    assert_eq!(
        out,
        "\
content/no-dateline.txt:3:1: error: expected a dateline such as `June 24, 2025 - 2:48`, `2025-06-24` or `2025-06-24T02:48:00Z`, found `sometime last spring`
1 error, 0 warnings
"
    );
    assert_eq!(code, 1);
}

#[test]
fn broken_links_are_errors_at_the_link_in_the_article() {
    let (out, code) = run("check-links", &[]);
    assert_eq!(
        out,
        "\
content/harbour.md:8:26: error: expected a link to a page or file of the site, found `/articles/closure.html` (no file articles/closure.html in the built site)
content/harbour.md:8:68: error: expected a link to a page or file of the site, found `ferries.html` (no file articles/ferries.html in the built site)
content/harbour.md:9:18: error: expected a link to a page or file of the site, found `/images/harbour.jpg` (no file images/harbour.jpg in the built site)
3 errors, 0 warnings
"
    );
    assert_eq!(code, 1);
}

#[test]
fn a_missing_anchor_is_a_warning_denied_on_request() {
    let expected = "\
content/harbour.md:6:55: warning: expected a link to an anchor that exists, found `/articles/ferries.html#timetable` (no id `timetable` in articles/ferries.html)
0 errors, 1 warning
";
    assert_eq!(run("check-anchor", &[]), (expected.into(), 0));
    assert_eq!(
        run("check-anchor", &["--deny-warnings"]),
        (expected.into(), 1)
    );
}

#[test]
fn a_site_without_content_is_a_failure_of_the_run() {
    let out = dateline()
        .args(["check", "--root"])
        .arg(fixture("no-such-site"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("content: expected a folder of articles, found none"),
        "{}",
        stderr(&out)
    );
}

/// A stand-in mention: the phrase as written, its TIMEX3 value, the day it
/// is placed on, and the resolver's explanation.
type Row = (&'static str, &'static str, (i32, u32, u32), &'static str);

/// Loads a fixture, replaces each article's mentions by the rows of
/// `table` found in its prose, reassembles the project (so the timeline
/// sees the stand-in mentions) and checks it.
fn check_with(name: &str, table: &[(&str, &[Row])]) -> Vec<String> {
    let root = fixture(name);
    let project = Project::load(&root, &LoadOptions::default()).unwrap();
    let docs = project
        .docs
        .into_iter()
        .map(|doc| {
            let path = doc.article.path.to_string_lossy().replace('\\', "/");
            let rows = table
                .iter()
                .find(|(p, _)| *p == path)
                .map_or(&[][..], |(_, rows)| *rows);
            let mut mentions: Vec<Mention> = rows
                .iter()
                .map(|&(phrase, value, (y, m, d), explanation)| {
                    let start = doc
                        .article
                        .prose
                        .find(phrase)
                        .unwrap_or_else(|| panic!("{path} has no `{phrase}`"));
                    let day = NaiveDate::from_ymd_opt(y, m, d).unwrap();
                    Mention {
                        start,
                        end: start + phrase.len(),
                        timex: Timex {
                            kind: TimexType::Date,
                            value: value.to_string(),
                            modifier: None,
                            placement: Some(Placement {
                                start: day,
                                end: day.succ_opt().unwrap(),
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
            Ok(ResolvedArticle::from_parts(doc.article, mentions))
        })
        .collect();
    let project = Project::assemble(
        Path::new(&root),
        project.config,
        docs,
        project.diagnostics,
        &LoadOptions::default(),
    );
    let report = check_project(&project).unwrap();
    let mut out = Vec::new();
    report.print(&mut out).unwrap();
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn temporal_words_the_resolver_left_out_are_warnings() {
    // Dateline Tuesday 24 June 2025; the stand-in resolves only "May 5".
    let lines = check_with(
        "check-unresolved",
        &[(
            "content/market.md",
            &[(
                "May 5",
                "2025-05-05",
                (2025, 5, 5),
                "May 5 · dateline Tue 24 Jun 2025 → same year",
            )],
        )],
    );
    assert_eq!(
        lines,
        [
            "content/market.md:6:43: warning: expected `Thursday` to resolve to a date, found it unresolved (its sentence stays off the timeline)",
            "content/market.md:6:69: warning: expected `Sept` to resolve to a date, found it unresolved (its sentence stays off the timeline)",
            "content/market.md:8:13: warning: expected `yesterday` to resolve to a date, found it unresolved (its sentence stays off the timeline)",
            "0 errors, 3 warnings",
        ]
    );
}

#[test]
fn a_bare_weekday_resolved_on_a_weak_signal_is_ambiguous() {
    // Dateline Tuesday 24 June 2025: "Friday" with no tense could be the
    // 20th or the 27th; the full date is not ambiguous.
    let lines = check_with(
        "check-ambiguous",
        &[(
            "content/talks.md",
            &[
                (
                    "Friday",
                    "2025-06-27",
                    (2025, 6, 27),
                    "Friday · dateline Tue 24 Jun 2025 · no tense → nearest Friday → 2025-06-27",
                ),
                (
                    "Monday, June 23, 2025",
                    "2025-06-23",
                    (2025, 6, 23),
                    "explicit date",
                ),
            ],
        )],
    );
    assert_eq!(
        lines,
        [
            "content/talks.md:6:42: warning: expected a tense or a full date to fix which `Friday` is meant, found only a weak signal: Friday · dateline Tue 24 Jun 2025 · no tense → nearest Friday → 2025-06-27 (write the date out if 2025-06-27 is wrong)",
            "0 errors, 1 warning",
        ]
    );
}

#[test]
fn a_date_after_the_dateline_told_in_the_past_tense_is_a_warning() {
    // Dateline Tuesday 24 June 2025. "ended on June 30" is in its future;
    // "will resume on July 2" is a plan; "held on June 20" is past.
    let lines = check_with(
        "check-tense",
        &[(
            "content/summit.md",
            &[
                (
                    "June 30",
                    "2025-06-30",
                    (2025, 6, 30),
                    "explicit month and day",
                ),
                (
                    "July 2",
                    "2025-07-02",
                    (2025, 7, 2),
                    "explicit month and day",
                ),
                (
                    "June 20",
                    "2025-06-20",
                    (2025, 6, 20),
                    "explicit month and day",
                ),
            ],
        )],
    );
    assert_eq!(
        lines,
        [
            "content/summit.md:6:30: warning: expected a date on or before the dateline (2025-06-24) in a sentence in the past tense (`ended`), found `June 30` resolved to 2025-06-30, 6 days after it",
            "0 errors, 1 warning",
        ]
    );
}

#[test]
fn the_same_event_with_two_dates_in_two_articles_is_a_conflict() {
    // a-bridge.md, dateline Tuesday 24 June 2025: "Monday" is the 23rd.
    // b-bridge.md, dateline Wednesday 25 June 2025: "Sunday" is the 22nd.
    let lines = check_with(
        "check-conflict",
        &[
            (
                "content/a-bridge.md",
                &[(
                    "Monday",
                    "2025-06-23",
                    (2025, 6, 23),
                    "past tense → previous Monday",
                )],
            ),
            (
                "content/b-bridge.md",
                &[(
                    "Sunday",
                    "2025-06-22",
                    (2025, 6, 22),
                    "past tense → previous Sunday",
                )],
            ),
        ],
    );
    assert_eq!(
        lines,
        [
            "content/a-bridge.md:6:48: warning: expected one date for what reads like the event of content/b-bridge.md:6:48 (`Sunday`, 2025-06-22), found `Monday` resolved to 2025-06-23 (similarity 1.00)",
            "0 errors, 1 warning",
        ]
    );
}
