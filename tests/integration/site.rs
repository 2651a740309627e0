//! The published site: pages, exports and links, checked on built sites.
//!
//! Two kinds of builds: the `dateline` binary on fixture sites (whatever
//! the resolver finds), and the library's `render` on the bundled articles
//! with mentions from a tiny table-driven stand-in resolver, so the pages
//! are checked with events whatever the state of the real resolver. Every
//! built site is link-checked at `/` and under `/repo/`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use dateline::config::{Config, Order};
use dateline::content::{SourceFile, article};
use dateline::render::{self, OutputFile};
use dateline::resolve::{Mention, PartOfDay, Placement, Precision, Timex, TimexType};
use dateline::timeline::{ResolvedArticle, Timeline};

use crate::common::*;

/// A phrase of the stand-in resolver and how it is placed from a dateline.
enum Rule {
    /// The most recent such weekday before the dateline, optionally a part of it.
    Weekday(Weekday, Option<PartOfDay>),
    /// A month of the dateline's year.
    Month(u32),
    /// A day of the dateline's year.
    MonthDay(u32, u32),
    /// The dateline's day, at a part of the day.
    Today(PartOfDay),
    /// A year.
    Year(i32),
    /// A duration: not on the calendar.
    Duration(&'static str),
}

const RULES: &[(&str, Rule)] = &[
    (
        "Saturday night",
        Rule::Weekday(Weekday::Sat, Some(PartOfDay::Night)),
    ),
    (
        "Sunday morning",
        Rule::Weekday(Weekday::Sun, Some(PartOfDay::Morning)),
    ),
    (
        "Monday night",
        Rule::Weekday(Weekday::Mon, Some(PartOfDay::Night)),
    ),
    ("on Monday", Rule::Weekday(Weekday::Mon, None)),
    ("on Tuesday", Rule::Weekday(Weekday::Tue, None)),
    ("Wednesday", Rule::Weekday(Weekday::Wed, None)),
    ("June 13", Rule::MonthDay(6, 13)),
    ("June 14", Rule::MonthDay(6, 14)),
    ("June 21", Rule::MonthDay(6, 21)),
    ("in January", Rule::Month(1)),
    ("in March", Rule::Month(3)),
    ("this morning", Rule::Today(PartOfDay::Morning)),
    ("tonight", Rule::Today(PartOfDay::Night)),
    ("1998", Rule::Year(1998)),
    ("two weeks", Rule::Duration("P2W")),
    ("40 years", Rule::Duration("P40Y")),
];

fn day(d: NaiveDate) -> Placement {
    Placement {
        start: d,
        end: d + Duration::days(1),
        precision: Precision::Day,
        part_of_day: None,
        time: None,
    }
}

/// Resolves `prose` with [`RULES`]: every occurrence, left to right, never
/// overlapping.
fn stand_in_resolve(prose: &str, dateline: NaiveDate) -> Vec<Mention> {
    let mut found: Vec<(usize, usize, &Rule)> = Vec::new();
    for (phrase, rule) in RULES {
        for (i, _) in prose.match_indices(phrase) {
            let end = i + phrase.len();
            if found.iter().all(|&(s, e, _)| end <= s || i >= e) {
                found.push((i, end, rule));
            }
        }
    }
    found.sort_by_key(|&(s, _, _)| s);
    found
        .into_iter()
        .map(|(start, end, rule)| {
            let (kind, value, placement, why) = match rule {
                Rule::Weekday(w, part) => {
                    let mut d = dateline - Duration::days(1);
                    while d.weekday() != *w {
                        d -= Duration::days(1);
                    }
                    let mut p = day(d);
                    let mut value = d.format("%Y-%m-%d").to_string();
                    if let Some(part) = part {
                        p.precision = Precision::PartOfDay;
                        p.part_of_day = Some(*part);
                        value = format!("{value}T{}", part.code());
                    }
                    (
                        TimexType::Date,
                        value,
                        Some(p),
                        "past tense → previous weekday",
                    )
                }
                Rule::Month(m) => {
                    let start = NaiveDate::from_ymd_opt(dateline.year(), *m, 1).unwrap();
                    let next = NaiveDate::from_ymd_opt(dateline.year(), m + 1, 1).unwrap();
                    let p = Placement {
                        start,
                        end: next,
                        precision: Precision::Month,
                        part_of_day: None,
                        time: None,
                    };
                    (
                        TimexType::Date,
                        start.format("%Y-%m").to_string(),
                        Some(p),
                        "month of the dateline's year",
                    )
                }
                Rule::MonthDay(m, d) => {
                    let date = NaiveDate::from_ymd_opt(dateline.year(), *m, *d).unwrap();
                    (
                        TimexType::Date,
                        date.format("%Y-%m-%d").to_string(),
                        Some(day(date)),
                        "day of the dateline's year",
                    )
                }
                Rule::Today(part) => {
                    let mut p = day(dateline);
                    p.precision = Precision::PartOfDay;
                    p.part_of_day = Some(*part);
                    let value = format!("{}T{}", dateline.format("%Y-%m-%d"), part.code());
                    (TimexType::Time, value, Some(p), "the dateline's day")
                }
                Rule::Year(y) => {
                    let p = Placement {
                        start: NaiveDate::from_ymd_opt(*y, 1, 1).unwrap(),
                        end: NaiveDate::from_ymd_opt(y + 1, 1, 1).unwrap(),
                        precision: Precision::Year,
                        part_of_day: None,
                        time: None,
                    };
                    (TimexType::Date, y.to_string(), Some(p), "an explicit year")
                }
                Rule::Duration(v) => (TimexType::Duration, v.to_string(), None, "a duration"),
            };
            Mention {
                start,
                end,
                timex: Timex {
                    kind,
                    value,
                    modifier: None,
                    placement,
                },
                explanation: format!(
                    "{} · dateline {} · {why}",
                    &prose[start..end],
                    dateline.format("%a %-d %b %Y")
                ),
            }
        })
        .collect()
}

/// The articles of a site folder, resolved by the stand-in.
fn stand_in_docs(root: &Path) -> Vec<ResolvedArticle> {
    let mut paths: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().to_path_buf())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            let rel = p.strip_prefix(root).unwrap().to_path_buf();
            let article = article::parse(SourceFile { path: rel, text }).ok()?;
            let mentions = stand_in_resolve(&article.prose, article.dateline.date);
            Some(ResolvedArticle::from_parts(article, mentions))
        })
        .collect()
}

fn to_map(files: &[OutputFile]) -> HashMap<String, String> {
    files
        .iter()
        .map(|f| {
            (
                f.path.to_string_lossy().replace('\\', "/"),
                String::from_utf8(f.bytes.clone()).unwrap(),
            )
        })
        .collect()
}

/// Writes rendered files to a fresh folder and returns it (and its guard).
fn write(files: &[OutputFile], tag: &str) -> (TempDir, PathBuf) {
    let tmp = TempDir::new(tag);
    let site = tmp.path().join("public");
    dateline::output::write_site(&site, files, Path::new("/nonexistent")).unwrap();
    (tmp, site)
}

fn assert_links(site: &Path, base: &str) {
    let broken = broken_links(site, base);
    assert!(
        broken.is_empty(),
        "broken links under {base}:\n{}",
        broken.join("\n")
    );
}

/// The bundled story rendered with the stand-in resolver.
fn bundled(config: &Config, base: &str) -> Vec<OutputFile> {
    let docs = stand_in_docs(&repo_root());
    assert!(docs.len() >= 6);
    let timeline = Timeline::build(&docs);
    assert!(timeline.events.len() >= 10, "{}", timeline.events.len());
    render::render(config, base, &docs, &timeline).unwrap()
}

#[test]
fn bundled_story_pages_link_up_at_root_and_under_a_sub_path() {
    for base in ["/", "/repo/"] {
        let files = bundled(&Config::default(), base);
        let (_tmp, site) = write(&files, "stand-in");
        assert_links(&site, base);
        let map = to_map(&files);
        for page in [
            "index.html",
            "about.html",
            "404.html",
            "tags/index.html",
            "tags/flood.html",
            "places/index.html",
            "places/calden.html",
            "atom.xml",
            "timeline.json",
            "events.ics",
            "sitemap.xml",
            "robots.txt",
            "site.js",
            "style.css",
            "articles/01-levee-breach.tml",
        ] {
            assert!(map.contains_key(page), "missing {page}");
        }
        for path in map.keys() {
            assert!(
                path.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-./_".contains(&b)),
                "unsafe path {path}"
            );
        }
    }
}

#[test]
fn page_chrome_escapes_the_title_and_marks_the_current_page() {
    let config = Config {
        title: "Floods & \"Levees\" <2025>".into(),
        ..Config::default()
    };
    let map = to_map(&bundled(&config, "/repo/"));
    let title = "Floods &#38; &#34;Levees&#34; &#60;2025&#62;";
    for page in [
        "index.html",
        "about.html",
        "404.html",
        "tags/index.html",
        "articles/01-levee-breach.html",
    ] {
        let html = &map[page];
        let link = format!("<a class=\"site-title\" href=\"/repo/\">{title}</a>");
        assert!(html.contains(&link), "{page}");
        assert!(
            html.contains(&format!("title=\"{title}: articles\"")),
            "{page}"
        );
        assert!(html.contains("<link rel=\"stylesheet\" href=\"/repo/style.css\">"));
        assert!(!html.contains("Floods & "), "{page}");
    }
    let current = |page: &str| map[page].matches("aria-current").count();
    assert!(map["index.html"].contains(
        "<ul>\n<li><a href=\"/repo/\" aria-current=\"page\">Timeline</a></li>\n<li><a href=\"/repo/tags/index.html\">Tags</a></li>\n"
    ));
    assert!(
        map["about.html"].contains(
            "<li><a href=\"/repo/about.html\" aria-current=\"page\">About</a></li>\n</ul>"
        )
    );
    assert_eq!((current("about.html"), current("404.html")), (1, 0));
}

#[test]
fn index_shows_dates_at_their_precision_with_sources_and_explanations() {
    let map = to_map(&bundled(&Config::default(), "/"));
    let index = &map["index.html"];
    // The Saturday-night breach reported on Monday 16 June 2025.
    assert!(
        index.contains("<time datetime=\"2025-06-14\">Saturday 14 June 2025, night</time>"),
        "part-of-day label"
    );
    assert!(index.contains(">March 2025</time>"), "month label");
    assert!(index.contains(">1998</time>"), "year label");
    assert!(
        index.contains("<mark>Saturday night</mark>"),
        "phrase marked"
    );
    assert!(
        index.contains("Reported 16 June 2025 in <a href=\"/articles/01-levee-breach.html#t"),
        "sources line links to the sentence anchor"
    );
    assert!(index.contains("<details class=\"why\"><summary>How this date was found</summary>"));
    assert!(
        index.contains("dateline Mon 16 Jun 2025"),
        "explanation shown"
    );
    // Year headings in order, with the jump list.
    let y1998 = index.find("id=\"y1998-h\"").unwrap();
    let y2025 = index.find("id=\"y2025-h\"").unwrap();
    assert!(y1998 < y2025, "oldest first by default");
    assert!(index.contains("<a href=\"#y1998\">1998</a>"));
    // An event merged from several articles names them all, each link to
    // that article's own phrase.
    assert!(
        index.contains("2 sources: <a href=\"/articles/01-levee-breach.html#t1\">"),
        "merged sources"
    );
    assert!(index.contains("<a href=\"/articles/05-inquiry.html#t"));
    // Key events are marked for readers and for the filter.
    assert!(index.contains("<span class=\"badge\">key event</span>"));
    assert!(index.contains("data-key=\"1\""));
    assert!(index.contains("<input type=\"checkbox\" name=\"key\"> Key events only"));
    // Undated sentences are listed, not dropped.
    assert!(index.contains("id=\"undated\""));
    assert!(index.contains("<mark>two weeks</mark>"));
}

#[test]
fn newest_first_reverses_years_months_and_events() {
    let config = Config {
        order: Order::Newest,
        ..Config::default()
    };
    let map = to_map(&bundled(&config, "/"));
    let index = &map["index.html"];
    let y1998 = index.find("id=\"y1998-h\"").unwrap();
    let y2025 = index.find("id=\"y2025-h\"").unwrap();
    assert!(y2025 < y1998);
    let june = index.find("id=\"y2025-m06-h\"").unwrap();
    let march = index.find("id=\"y2025-m03-h\"").unwrap();
    assert!(june < march);
    let d14 = index.find("datetime=\"2025-06-14\"").unwrap();
    let d15 = index.find("datetime=\"2025-06-15\"").unwrap();
    assert!(d15 < d14);
}

#[test]
fn article_pages_explain_each_phrase_on_hover_and_focus() {
    let map = to_map(&bundled(&Config::default(), "/"));
    let page = &map["articles/01-levee-breach.html"];
    // Every resolved phrase is focusable, carries its tooltip text and is
    // described by a note for screen readers.
    let opens = page.matches("class=\"timex\"").count();
    assert!(opens >= 5, "{opens}");
    assert_eq!(page.matches("tabindex=\"0\"").count(), opens);
    assert_eq!(page.matches("data-tip=\"").count(), opens);
    assert!(page.contains(
        "<time id=\"t1\" class=\"timex\" datetime=\"2025-06-14\" data-value=\"2025-06-14TNI\" data-tip=\"2025-06-14TNI · Saturday night · dateline Mon 16 Jun 2025"
    ));
    assert!(page.contains("aria-describedby=\"t1-note\""));
    assert!(page.contains("<span id=\"t1-note\">2025-06-14TNI · Saturday night"));
    // Durations are not <time> (no valid datetime) but still explained.
    assert!(page.contains("<span id=\"t") && page.contains("data-value=\"P40Y\""));
    // Dateline, place link, events linking back to the timeline.
    assert!(page.contains("<time datetime=\"2025-06-16T07:15\">Monday 16 June 2025, 07:15</time>"));
    assert!(page.contains("<a class=\"place\" href=\"/places/calden.html\">Calden</a>"));
    assert!(page.contains("<h2 id=\"events-h\">On the timeline</h2>"));
    assert!(page.contains("<a href=\"/#e-01-levee-breach-t1\">"));
    // One note per phrase, in the hidden notes; one line per event.
    let notes = &page[page.find("<div class=\"notes\" hidden>").unwrap()..];
    let notes = &notes[..notes.find("</div>").unwrap()];
    assert!(notes.contains("><span id=\"t1-note\">2025-06-14TNI · Saturday night"));
    assert_eq!(notes.matches("<span id=\"t").count(), opens);
    assert_eq!(notes.matches("-note\">").count(), opens);
    assert_eq!(notes.matches("</span>").count(), opens);
    let list = &page[page.find("<ol>\n").unwrap() + 5..page.find("</ol>").unwrap()];
    assert!(
        list.starts_with("<li><a href=\"/#e-01-levee-breach-t"),
        "{list}"
    );
    for line in list.lines() {
        assert!(
            line.starts_with("<li><a href=\"/")
                && line.contains("\"><time datetime=\"")
                && line.contains("</time></a>: ")
                && line.ends_with("</li>"),
            "{line}"
        );
    }
    assert!(list.ends_with("</li>\n"), "{list}");
}

#[test]
fn tag_and_place_pages_list_their_articles_and_events() {
    let map = to_map(&bundled(&Config::default(), "/"));
    let tags = &map["tags/index.html"];
    assert!(tags.contains("<a href=\"/tags/flood.html\">flood</a>"));
    let flood = &map["tags/flood.html"];
    assert!(flood.contains("<h1>Tag: flood</h1>"));
    assert!(flood.contains("Government releases emergency funds"));
    assert!(flood.contains("<li class=\"event"));
    // The wire story has no tags: what only it reports is not on the
    // flood page.
    assert!(!flood.contains(">1998</time>"));
    assert!(map["index.html"].contains(">1998</time>"));
    let place = &map["places/calden.html"];
    assert!(place.contains("e-01-levee-breach-t1"));
}

#[test]
fn atom_feed_is_well_formed_with_absolute_urls() {
    let config = Config {
        base_url: "https://news.example.org/whatever".into(),
        ..Config::default()
    };
    let map = to_map(&bundled(&config, "/repo/"));
    let atom = &map["atom.xml"];
    assert!(atom.starts_with(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""
    ));
    assert_eq!(atom.matches("<entry>").count(), 6, "one entry per article");
    assert!(atom.contains("<id>https://news.example.org/repo/articles/01-levee-breach.html</id>"));
    assert!(atom.contains("<updated>2025-06-16T07:15:00Z</updated>"));
    assert!(atom.contains(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"https://news.example.org/repo/atom.xml\"/>"
    ));
    // Balanced tags: a cheap well-formedness check (python's parser runs in
    // scripts/site-check.sh).
    for tag in ["feed", "entry", "title", "id", "updated", "summary"] {
        assert_eq!(
            atom.matches(&format!("<{tag}>")).count() + atom.matches(&format!("<{tag} ")).count(),
            atom.matches(&format!("</{tag}>")).count(),
            "{tag}"
        );
    }
    assert!(!atom.contains("localhost"));
    let robots = &map["robots.txt"];
    assert!(robots.contains("Sitemap: https://news.example.org/repo/sitemap.xml"));
    let sitemap = &map["sitemap.xml"];
    assert!(sitemap.contains("<loc>https://news.example.org/repo/</loc>"));
    assert!(
        sitemap.contains("<loc>https://news.example.org/repo/articles/03-geneva-appeal.html</loc>")
    );
    assert!(!sitemap.contains("404.html"));
}

#[test]
fn atom_feed_holds_only_the_latest_entries() {
    let entries = |feed_entries: usize| -> Vec<String> {
        let config = Config {
            feed_entries,
            ..Config::default()
        };
        let map = to_map(&bundled(&config, "/"));
        let atom = &map["atom.xml"];
        atom.split("<entry>\n")
            .skip(1)
            .map(|e| {
                let start = e.find("<id>").unwrap() + 4;
                e[start..start + e[start..].find("</id>").unwrap()].to_string()
            })
            .collect()
    };
    let all = entries(0);
    assert_eq!(all.len(), 6, "0 keeps every article");
    assert_eq!(entries(Config::default().feed_entries), all, "50 > 6");
    let latest = entries(2);
    assert_eq!(latest, all[..2], "the two newest, newest first");
    let map = to_map(&bundled(
        &Config {
            feed_entries: 2,
            ..Config::default()
        },
        "/",
    ));
    // The feed's own <updated> is still the newest entry's.
    let atom = &map["atom.xml"];
    let feed_updated = &atom[atom.find("<updated>").unwrap()..];
    let entry = &atom[atom.find("<entry>").unwrap()..];
    let entry_updated = &entry[entry.find("<updated>").unwrap()..];
    assert_eq!(
        feed_updated[..feed_updated.find('\n').unwrap()],
        entry_updated[..entry_updated.find('\n').unwrap()]
    );
}

#[test]
fn empty_base_url_falls_back_to_localhost() {
    let map = to_map(&bundled(&Config::default(), "/repo/"));
    assert!(map["atom.xml"].contains("<id>http://localhost/repo/</id>"));
}

#[test]
fn timeline_json_follows_timelinejs3() {
    let map = to_map(&bundled(&Config::default(), "/"));
    let v: serde_json::Value = serde_json::from_str(&map["timeline.json"]).unwrap();
    let events = v["events"].as_array().unwrap();
    assert!(events.len() >= 10);
    assert!(v["title"]["text"]["headline"].is_string());
    let mut ids = std::collections::BTreeSet::new();
    for e in events {
        let sd = e["start_date"].as_object().unwrap();
        assert!(sd["year"].is_i64());
        for k in sd.keys() {
            assert!(
                ["year", "month", "day", "hour", "minute"].contains(&k.as_str()),
                "{k}"
            );
        }
        assert!(e["text"]["headline"].is_string() && e["text"]["text"].is_string());
        assert!(e["display_date"].is_string());
        assert!(
            ids.insert(e["unique_id"].as_str().unwrap().to_string()),
            "unique ids"
        );
    }
    let month = events
        .iter()
        .find(|e| e["display_date"] == "March 2025")
        .unwrap();
    assert_eq!(
        month["start_date"],
        serde_json::json!({"year": 2025, "month": 3})
    );
    let night = events
        .iter()
        .find(|e| e["display_date"] == "Saturday 14 June 2025, night")
        .unwrap();
    assert_eq!(
        night["start_date"],
        serde_json::json!({"year": 2025, "month": 6, "day": 14})
    );
    assert_eq!(
        night["group"],
        serde_json::Value::Null,
        "the wire story has no tags"
    );
    let tagged = events
        .iter()
        .find(|e| e["unique_id"].as_str().unwrap().starts_with("e-02-"))
        .unwrap();
    assert_eq!(tagged["group"], "flood");
}

/// Unfolds iCalendar content lines (RFC 5545 §3.1), checking line rules.
fn unfold(ics: &str) -> Vec<String> {
    assert!(ics.ends_with("\r\n"));
    let mut lines: Vec<String> = Vec::new();
    for raw in ics.trim_end_matches("\r\n").split("\r\n") {
        assert!(
            !raw.contains('\n') && !raw.contains('\r'),
            "bare newline in {raw:?}"
        );
        assert!(raw.len() <= 75, "{} octets: {raw:?}", raw.len());
        match raw.strip_prefix(' ') {
            Some(cont) => lines.last_mut().unwrap().push_str(cont),
            None => lines.push(raw.to_string()),
        }
    }
    lines
}

#[test]
fn icalendar_has_all_day_events_stable_uids_and_dateline_stamps() {
    let first = to_map(&bundled(&Config::default(), "/"))["events.ics"].clone();
    let lines = unfold(&first);
    assert_eq!(lines.first().unwrap(), "BEGIN:VCALENDAR");
    assert_eq!(lines.last().unwrap(), "END:VCALENDAR");
    assert_eq!(
        lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(),
        lines.iter().filter(|l| *l == "END:VEVENT").count()
    );
    // The Saturday-night breach is an all-day event on the 14th.
    let uid = lines
        .iter()
        .position(|l| l.starts_with("UID:e-01-levee-breach-t1@"))
        .expect("stable UID from the event id");
    let event: Vec<&String> = lines[uid..]
        .iter()
        .take_while(|l| *l != "END:VEVENT")
        .collect();
    assert!(event.contains(&&"DTSTART;VALUE=DATE:20250614".to_string()));
    assert!(event.contains(&&"DTEND;VALUE=DATE:20250615".to_string()));
    assert!(
        event.contains(&&"DTSTAMP:20250616T071500Z".to_string()),
        "{event:?}"
    );
    // Months and years are not calendar entries.
    assert!(!lines.iter().any(|l| l == "DTSTART;VALUE=DATE:20250301"));
    assert!(!first.contains("DTSTART;VALUE=DATE:19980101"));
    // Commas in text are escaped.
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("SUMMARY:") && l.contains("\\,"))
    );
}

#[test]
fn timeml_wraps_each_phrase_in_timex3() {
    let map = to_map(&bundled(&Config::default(), "/"));
    let tml = &map["articles/01-levee-breach.tml"];
    assert!(tml.starts_with(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<TimeML>\n<DOCID>01-levee-breach</DOCID>\n"
    ));
    assert!(tml.contains(
        "<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"2025-06-16\" temporalFunction=\"false\" functionInDocument=\"CREATION_TIME\">"
    ));
    assert!(tml.contains(
        "<TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2025-06-14TNI\">Saturday night</TIMEX3>"
    ));
    assert!(tml.contains("value=\"P40Y\">40 years</TIMEX3>"));
    // Strip the tags: the text is the article body, escaped.
    let text = &tml[tml.find("<TEXT>").unwrap() + 6..tml.find("</TEXT>").unwrap()];
    let mut plain = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => plain.push(c),
            _ => {}
        }
    }
    assert!(
        plain
            .trim_start()
            .starts_with("CALDEN – A section of the Vell river levee")
    );
}

#[test]
fn rebuilds_are_byte_identical() {
    let a = bundled(&Config::default(), "/");
    let b = bundled(&Config::default(), "/");
    assert_eq!(a, b);
}

/// Many articles, one event each, spread over two years.
fn big_docs(per_year: usize) -> Vec<ResolvedArticle> {
    let mut docs = Vec::new();
    for year in [2024, 2025] {
        for i in 0..per_year {
            // One day each, so the model never merges two of them.
            assert!(per_year <= 365);
            let d = NaiveDate::from_ymd_opt(year, 1, 1).unwrap() + Duration::days(i as i64);
            let text = format!(
                "+++\ntitle = \"Story {year} {i}\"\ndate = {}\ntags = [\"t{}\"]\n+++\nIt happened June 14.\n",
                (d + Duration::days(1)).format("%Y-%m-%d"),
                i % 2
            );
            let article = article::parse(SourceFile {
                path: PathBuf::from(format!("content/{year}/s{i:04}.md")),
                text,
            })
            .unwrap();
            let start = article.prose.find("June 14").unwrap();
            let mention = Mention {
                start,
                end: start + 7,
                timex: Timex {
                    kind: TimexType::Date,
                    value: d.format("%Y-%m-%d").to_string(),
                    modifier: None,
                    placement: Some(day(d)),
                },
                explanation: "test".into(),
            };
            docs.push(ResolvedArticle::from_parts(article, vec![mention]));
        }
    }
    docs
}

#[test]
fn a_large_timeline_is_split_by_year_and_month() {
    let docs = big_docs(300);
    let timeline = Timeline::build(&docs);
    assert_eq!(timeline.events.len(), 600);
    for base in ["/", "/repo/"] {
        let files = render::render(&Config::default(), base, &docs, &timeline).unwrap();
        let (_tmp, site) = write(&files, "big");
        assert_links(&site, base);
        let map = to_map(&files);
        let index = &map["index.html"];
        assert!(
            !index.contains("<li class=\"event"),
            "the index is an overview"
        );
        assert!(index.contains(&format!("<a href=\"{base}years/2024.html\">2024</a>")));
        // 300 events in a year: split into months.
        assert!(map.contains_key("years/2024-01.html"));
        assert!(map.contains_key("years/2025-10.html"));
        // No page, timeline or tag, holds more than a page of events.
        let per_page = map
            .iter()
            .filter(|(p, _)| p.ends_with(".html"))
            .map(|(_, html)| html.matches("<li class=\"event").count())
            .max()
            .unwrap();
        assert!(
            per_page <= dateline::render::site::PAGE_EVENTS,
            "{per_page}"
        );
        // Article pages link to the month page of their event.
        let a = &map["articles/2024-s0000.html"];
        assert!(a.contains(&format!(
            "href=\"{base}years/2024-01.html#e-2024-s0000-t1\""
        )));
        // A tag with 300 events shows its key events only.
        let t0 = &map["tags/t0.html"];
        assert!(t0.contains("300 events on the timeline;"), "tag intro");
        assert!(
            !t0.contains("<li class=\"event\""),
            "only key events listed"
        );
        // A month page is titled by its month: no year or month headings
        // repeat it.
        let june = &map["years/2024-06.html"];
        assert!(june.contains("<h1>June 2024</h1>"));
        assert!(!june.contains("<h2") && !june.contains("<h3"));
        // Pager between pages.
        assert!(map["years/2024-02.html"].contains("rel=\"prev\""));
    }
}

#[test]
fn a_middle_sized_timeline_gets_one_page_per_year() {
    let docs = big_docs(150);
    let timeline = Timeline::build(&docs);
    let files = render::render(&Config::default(), "/", &docs, &timeline).unwrap();
    let map = to_map(&files);
    assert!(map.contains_key("years/2024.html") && map.contains_key("years/2025.html"));
    assert!(!map.contains_key("years/2024-01.html"));
    // A year page: its months are the second level.
    let y2024 = &map["years/2024.html"];
    assert!(y2024.contains("<h2 id=\"y2024-m01-h\">January 2024</h2>"));
    assert!(!y2024.contains("<h3"));
    assert_eq!(
        map["years/2024.html"].matches("<li class=\"event").count(),
        150
    );
    let (_tmp, site) = write(&files, "mid");
    assert_links(&site, "/");
}

#[test]
fn static_files_and_cname_pass_through() {
    let tmp = TempDir::new("cname");
    copy_tree(&fixture("formats"), tmp.path());
    std::fs::create_dir_all(tmp.path().join("static/img")).unwrap();
    std::fs::write(tmp.path().join("static/CNAME"), "news.example.org\n").unwrap();
    std::fs::write(tmp.path().join("static/img/x.txt"), "x").unwrap();
    for base in ["/", "/repo/"] {
        let out = tmp.path().join("public");
        let run = build(tmp.path(), &out, base);
        assert!(run.status.success(), "{}", stderr(&run));
        assert_eq!(
            std::fs::read_to_string(out.join("CNAME")).unwrap(),
            "news.example.org\n"
        );
        assert!(out.join("img/x.txt").is_file());
        assert!(out.join(".nojekyll").is_file());
        assert_links(&out, base);
    }
}

#[test]
fn fixture_sites_build_with_every_page_linked() {
    for case in ["formats", "wire", "story"] {
        for base in ["/", "/repo/"] {
            let tmp = TempDir::new("fixture");
            let out = tmp.path().join("public");
            let run = build(&fixture(case), &out, base);
            assert!(run.status.success(), "{case}: {}", stderr(&run));
            assert_links(&out, base);
            for f in [
                "atom.xml",
                "timeline.json",
                "events.ics",
                "sitemap.xml",
                "robots.txt",
                "about.html",
            ] {
                assert!(out.join(f).is_file(), "{case}: {f}");
            }
        }
    }
}

/// For the browser and HTML checks of `scripts/site-check.sh`: writes the
/// stand-in site to `$DATELINE_SITE_DUMP/stand-in` and a site large enough
/// to be split into year and month pages (tags, key events, newest first)
/// to `$DATELINE_SITE_DUMP/split`. Does nothing without the variable.
#[test]
fn dump_sites_for_the_browser_check_when_asked() {
    let Some(dir) = std::env::var_os("DATELINE_SITE_DUMP") else {
        return;
    };
    let dir = PathBuf::from(dir);
    let config = Config {
        title: "The Vell flood".into(),
        description: "Six reports on the June 2025 flood of the river Vell, every date anchored to its dateline.".into(),
        ..Config::default()
    };
    let files = bundled(&config, "/");
    dateline::output::write_site(&dir.join("stand-in"), &files, &repo_root().join("static"))
        .unwrap();
    let docs = big_docs(250);
    let timeline = Timeline::build(&docs);
    let config = Config {
        title: "A split timeline".into(),
        order: Order::Newest,
        ..Config::default()
    };
    let files = render::render(&config, "/", &docs, &timeline).unwrap();
    dateline::output::write_site(&dir.join("split"), &files, Path::new("/nonexistent")).unwrap();
}

#[test]
fn init_creates_a_site_that_builds_at_once_and_refuses_to_overwrite() {
    let tmp = TempDir::new("init");
    let dir = tmp.path().join("news");
    let run = dateline().arg("init").arg(&dir).output().unwrap();
    assert!(run.status.success(), "{}", stderr(&run));
    for f in [
        "dateline.toml",
        "content/example.md",
        ".github/workflows/pages.yml",
    ] {
        assert!(dir.join(f).is_file(), "{f}");
        assert!(stdout(&run).contains(f), "reports {f}");
    }
    for base in ["/", "/repo/"] {
        let out = tmp.path().join(format!("public{}", base.len()));
        let built = build(&dir, &out, base);
        assert!(built.status.success(), "{}", stderr(&built));
        assert!(out.join("articles/example.html").is_file());
        assert!(out.join("tags/diplomacy.html").is_file());
        assert!(out.join("places/geneva.html").is_file());
        assert_links(&out, base);
    }
    // A second init changes nothing and says why.
    std::fs::write(dir.join("content/example.md"), "mine").unwrap();
    let again = dateline().arg("init").arg(&dir).output().unwrap();
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("refusing to overwrite"),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("content/example.md")).unwrap(),
        "mine"
    );
}

#[test]
fn base_url_on_the_command_line_reaches_the_feeds() {
    let tmp = TempDir::new("baseurl");
    let out = tmp.path().join("public");
    let run = dateline()
        .args(["build", "--root"])
        .arg(fixture("formats"))
        .arg("--output")
        .arg(&out)
        .args([
            "--base-path",
            "/repo/",
            "--base-url",
            "https://user.github.io",
        ])
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(!stderr(&run).contains("base_url is not set"));
    let atom = std::fs::read_to_string(out.join("atom.xml")).unwrap();
    assert!(
        atom.contains("<id>https://user.github.io/repo/</id>"),
        "{atom}"
    );
    // Without it, the build says which origin the feeds use.
    let run = dateline()
        .args(["build", "--root"])
        .arg(fixture("formats"))
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert!(stderr(&run).contains("warning: base_url is not set"));
    assert!(stderr(&run).contains("http://localhost"));
}

/// The Pages workflows (the repository's and the one `init` writes) use
/// GitHub's official actions in order and take the base path from
/// configure-pages.
#[test]
fn pages_workflows_deploy_with_the_official_actions() {
    let init = dateline::init::FILES
        .iter()
        .find(|(p, _)| p.ends_with("pages.yml"))
        .unwrap()
        .1
        .to_string();
    let repo = std::fs::read_to_string(repo_root().join(".github/workflows/pages.yml")).unwrap();
    for text in [repo, init] {
        let yaml: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
        let uses = |job: &str| -> Vec<String> {
            yaml["jobs"][job]["steps"]
                .as_sequence()
                .unwrap()
                .iter()
                .filter_map(|s| s["uses"].as_str())
                .map(|u| u.split('@').next().unwrap().to_string())
                .collect()
        };
        let build = uses("build");
        let pos = |a: &str| {
            build
                .iter()
                .position(|u| u == a)
                .unwrap_or_else(|| panic!("{a}"))
        };
        assert!(pos("actions/checkout") < pos("actions/configure-pages"));
        assert!(pos("actions/configure-pages") < pos("actions/upload-pages-artifact"));
        assert_eq!(uses("deploy"), ["actions/deploy-pages"]);
        assert!(text.contains("--base-path \"${{ steps.pages.outputs.base_path }}/\""));
        assert_eq!(yaml["permissions"]["pages"].as_str(), Some("write"));
        assert_eq!(yaml["permissions"]["id-token"].as_str(), Some("write"));
    }
}

/// Every `aria-describedby` of a page names an element of that page.
fn dangling_descriptions(html: &str) -> Vec<String> {
    let ids: std::collections::BTreeSet<&str> = html
        .split(" id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    html.split("aria-describedby=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|id| !ids.contains(id))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_bundled_site_built_by_the_binary_has_events_and_described_phrases() {
    let tmp = TempDir::new("real");
    for base in ["/", "/repo/"] {
        let out = tmp.path().join("public");
        let run = build(&repo_root(), &out, base);
        assert!(run.status.success(), "{}", stderr(&run));
        assert_links(&out, base);
        let index = std::fs::read_to_string(out.join("index.html")).unwrap();
        assert!(
            index.contains("<li class=\"event"),
            "the resolver places events"
        );
        assert!(
            index.contains("<title>The Vell flood</title>"),
            "dateline.toml is read"
        );
        let mut phrases = 0;
        for entry in std::fs::read_dir(out.join("articles")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "html") {
                let html = std::fs::read_to_string(&path).unwrap();
                phrases += html.matches("class=\"timex\"").count();
                let dangling = dangling_descriptions(&html);
                assert!(dangling.is_empty(), "{}: {dangling:?}", path.display());
            }
        }
        assert!(phrases > 20, "{phrases} resolved phrases");
    }
    assert!(dangling_descriptions("<a aria-describedby=\"x\">").len() == 1);
}

/// An article parsed from `text` whose only mention is the first `phrase`,
/// resolved (without the resolver) to the day `d`.
fn one_dated_mention(path: &str, text: String, phrase: &str, d: NaiveDate) -> ResolvedArticle {
    let article = article::parse(SourceFile {
        path: PathBuf::from(path),
        text,
    })
    .unwrap();
    let start = article.prose.find(phrase).unwrap();
    let mentions = vec![Mention {
        start,
        end: start + phrase.len(),
        timex: Timex {
            kind: TimexType::Date,
            value: d.format("%Y-%m-%d").to_string(),
            modifier: None,
            placement: Some(day(d)),
        },
        explanation: format!("{phrase} · test"),
    }];
    ResolvedArticle::from_parts(article, mentions)
}

#[test]
fn an_event_told_by_many_articles_names_the_first_sources_and_counts_the_rest() {
    let d = NaiveDate::from_ymd_opt(2025, 6, 14).unwrap();
    let docs: Vec<ResolvedArticle> = (0..10)
        .map(|i| {
            let text = format!(
                "+++\ntitle = \"Report {i}\"\ndate = 2025-06-{:02}\n+++\nAt gauge {}, the river crested on June 14 at a record height.\n",
                15 + i,
                // Each sentence of its own length, so that no article's
                // words can be found at another's offsets.
                10_u64.pow(i)
            );
            one_dated_mention(&format!("content/r{i:02}.md"), text, "June 14", d)
        })
        .collect();
    let timeline = Timeline::build(&docs);
    assert_eq!(timeline.events.len(), 1, "one event, ten reports");
    let files = render::render(&Config::default(), "/", &docs, &timeline).unwrap();
    let map = to_map(&files);
    let index = &map["index.html"];
    let line = index
        .lines()
        .find(|l| l.starts_with("<p class=\"source\">"))
        .unwrap();
    assert!(
        line.contains("10 sources: <a href=\"/articles/r00.html#t1\">Report 0</a> (15 June 2025)"),
        "{line}"
    );
    assert_eq!(line.matches("<a ").count(), 6, "{line}");
    assert!(line.ends_with(" and 4 more</p>"), "{line}");
    // Every article still links to the event, in its own words.
    for i in 0..10 {
        let page = &map[&format!("articles/r{i:02}.html")];
        let events = &page[page.find("class=\"article-events\"").unwrap()..];
        assert!(events.contains("href=\"/#e-r00-t1\""), "{events}");
        let own = format!(
            ": At gauge {}, the river crested on <mark>June 14</mark> at a record height.</li>",
            10_u64.pow(i as u32)
        );
        assert!(events.contains(&own), "{events}");
    }
    let (_tmp, site) = write(&files, "many");
    assert_links(&site, "/");
}

#[test]
fn many_undated_sentences_get_pages_of_their_own() {
    let docs: Vec<ResolvedArticle> = (0..450)
        .map(|i| {
            let text = format!(
                "+++\ntitle = \"Note {i}\"\ndate = 2025-06-15\n+++\nTalks have gone on for two weeks.\n"
            );
            let article = article::parse(SourceFile {
                path: PathBuf::from(format!("content/n{i:03}.md")),
                text,
            })
            .unwrap();
            let mentions = stand_in_resolve(&article.prose, article.dateline.date);
            ResolvedArticle::from_parts(article, mentions)
        })
        .collect();
    let timeline = Timeline::build(&docs);
    assert_eq!(timeline.undated.len(), 450);
    let files = render::render(&Config::default(), "/", &docs, &timeline).unwrap();
    let map = to_map(&files);
    assert!(!map["index.html"].contains("id=\"undated\""), "not inline");
    assert!(map["index.html"].contains("<a href=\"/undated.html\">Undated sentences</a>"));
    for (page, n) in [
        ("undated.html", 200),
        ("undated-2.html", 200),
        ("undated-3.html", 50),
    ] {
        let html = &map[page];
        assert_eq!(html.matches("<mark>two weeks</mark>").count(), n, "{page}");
    }
    assert!(map["undated-2.html"].contains("rel=\"prev\" href=\"/undated.html\""));
    assert!(map["undated-2.html"].contains("rel=\"next\" href=\"/undated-3.html\""));
    assert!(!map.contains_key("undated-4.html"));
    let (_tmp, site) = write(&files, "undated");
    assert_links(&site, "/");
}

#[test]
fn a_month_past_a_page_is_split_into_numbered_parts() {
    // 450 distinct events in June 2025 (15 a day, each in its own words).
    let docs: Vec<ResolvedArticle> = (0..450)
        .map(|i| {
            let d = NaiveDate::from_ymd_opt(2025, 6, 1 + (i % 30) as u32).unwrap();
            let text = format!(
                "+++\ntitle = \"Item {i}\"\ndate = 2025-07-01\n+++\nQz{i}a kv{i}b wr{i}c on June 14.\n"
            );
            one_dated_mention(&format!("content/i{i:03}.md"), text, "June 14", d)
        })
        .collect();
    let timeline = Timeline::build(&docs);
    assert_eq!(timeline.events.len(), 450, "no merging of different words");
    for order in [Order::Oldest, Order::Newest] {
        let config = Config {
            order,
            ..Config::default()
        };
        let files = render::render(&config, "/", &docs, &timeline).unwrap();
        let map = to_map(&files);
        let parts = [
            "years/2025-06.html",
            "years/2025-06-2.html",
            "years/2025-06-3.html",
        ];
        let counts: Vec<usize> = parts
            .iter()
            .map(|p| map[*p].matches("<li class=\"event").count())
            .collect();
        assert_eq!(counts, [200, 200, 50], "{order:?}");
        assert!(map[parts[1]].contains("<h1>June 2025 (2 of 3)</h1>"));
        // The first part opens the month in reading order.
        let first = if order == Order::Oldest {
            "2025-06-01"
        } else {
            "2025-06-30"
        };
        let first_date = map[parts[0]].find("<time datetime=\"2025-06-").unwrap();
        assert_eq!(
            &map[parts[0]][first_date + 16..first_date + 26],
            first,
            "{order:?}"
        );
        assert!(map["years/2025.html"].contains("<a href=\"/years/2025-06.html\">June 2025</a>"));
        let (_tmp, site) = write(&files, "month-parts");
        assert_links(&site, "/");
    }
}

#[test]
fn an_empty_site_builds_with_every_page_and_export() {
    let tmp = TempDir::new("empty");
    std::fs::create_dir_all(tmp.path().join("content")).unwrap();
    for base in ["/", "/repo/"] {
        let out = tmp.path().join("public");
        let run = build(tmp.path(), &out, base);
        assert!(run.status.success(), "{}", stderr(&run));
        assert_links(&out, base);
        let index = std::fs::read_to_string(out.join("index.html")).unwrap();
        assert!(index.contains("No dated events yet"));
        let ics = std::fs::read_to_string(out.join("events.ics")).unwrap();
        assert_eq!(unfold(&ics).len(), 7, "calendar header and footer only");
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("timeline.json")).unwrap())
                .unwrap();
        assert_eq!(json["events"].as_array().unwrap().len(), 0);
        assert!(!out.join("tags").exists(), "no tag pages without tags");
    }
}
