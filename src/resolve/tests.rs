//! Table-driven specification of the resolver: each row names a dateline,
//! a sentence, the phrase expected and its TIMEX3 type and value.

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};

use super::*;

fn anchor(date: &str) -> Anchor {
    let (d, t) = date.split_once('T').unwrap_or((date, ""));
    Anchor {
        date: NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap(),
        time: NaiveTime::parse_from_str(t, "%H:%M").ok(),
    }
}

/// Resolves `sentence` and returns (phrase, type, value) of each mention.
fn run(dct: &str, mode: Mode, sentence: &str) -> Vec<(String, String, String)> {
    resolve(sentence, &anchor(dct), mode)
        .into_iter()
        .map(|m| {
            (
                sentence[m.start..m.end].to_string(),
                m.timex.kind.as_str().to_string(),
                m.timex.value.clone(),
            )
        })
        .collect()
}

fn check(rows: &[(&str, &str, &str, &str, &str)], mode: Mode) {
    let mut failures = Vec::new();
    for &(dct, sentence, phrase, kind, value) in rows {
        let got = run(dct, mode, sentence);
        let hit = got.iter().find(|(p, _, _)| p == phrase);
        match hit {
            Some((_, k, v)) if k == kind && v == value => {}
            _ => failures.push(format!(
                "{dct} | {sentence} | want {phrase:?} {kind} {value} | got {got:?}"
            )),
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

const SEED: &str = "2025-06-24T02:48";

#[test]
fn seed_dateline_is_a_tuesday() {
    assert_eq!(anchor(SEED).date.weekday(), Weekday::Tue);
}

#[test]
fn seed_constructions() {
    check(
        &[
            (
                SEED,
                "The ministers spoke during a phone call Monday night, vowing action.",
                "Monday night",
                "TIME",
                "2025-06-23TNI",
            ),
            (
                SEED,
                "The United States attacked the facilities on June 21 using bombs.",
                "June 21",
                "DATE",
                "2025-06-21",
            ),
            (
                SEED,
                "The call follows the foreign minister's Monday visit to Moscow, where he met Putin.",
                "Monday",
                "DATE",
                "2025-06-23",
            ),
            (
                SEED,
                "This builds upon the 20-year cooperation pact signed in January.",
                "20-year",
                "DURATION",
                "P20Y",
            ),
            (
                SEED,
                "This builds upon the 20-year cooperation pact signed in January.",
                "January",
                "DATE",
                "2025-01",
            ),
        ],
        Mode::News,
    );
}

/// Every dateline the tables use, with its weekday, so each row's calendar
/// is concrete.
#[test]
fn datelines_used_below() {
    for (d, wd) in [
        ("2025-06-24", Weekday::Tue),
        ("2013-03-14", Weekday::Thu),
        ("2010-06-03", Weekday::Thu),
        ("1998-02-13", Weekday::Fri),
    ] {
        assert_eq!(anchor(d).date.weekday(), wd, "{d}");
    }
}

#[test]
fn weekdays_follow_tense() {
    let d = "2025-06-24"; // Tuesday
    check(
        &[
            (
                d,
                "Officials met on Friday to discuss the plan.",
                "Friday",
                "DATE",
                "2025-06-20",
            ),
            (
                d,
                "The index fell on June 13, down 2% from the previous Friday.",
                "the previous Friday",
                "DATE",
                "2025-06-06",
            ),
            (
                d,
                "Lawyers said they would look for ways around Friday's ruling.",
                "Friday",
                "DATE",
                "2025-06-20",
            ),
            (
                d,
                "Its stake before Thursday's purchases is below 5%.",
                "Thursday",
                "DATE",
                "2025-06-19",
            ),
            (
                d,
                "The bid had been due to expire Friday evening.",
                "Friday evening",
                "TIME",
                "2025-06-20TEV",
            ),
            (
                d,
                "The ministers have spoken on Sunday.",
                "Sunday",
                "DATE",
                "2025-06-22",
            ),
            (
                d,
                "The minister will visit Moscow on Friday.",
                "Friday",
                "DATE",
                "2025-06-27",
            ),
            (
                d,
                "The council is to vote on Thursday.",
                "Thursday",
                "DATE",
                "2025-06-26",
            ),
            (
                d,
                "Talks are expected to resume Monday.",
                "Monday",
                "DATE",
                "2025-06-30",
            ),
            (
                d,
                "Markets closed higher Tuesday.",
                "Tuesday",
                "DATE",
                "2025-06-24",
            ),
            (
                d,
                "He left last Friday.",
                "last Friday",
                "DATE",
                "2025-06-20",
            ),
            (
                d,
                "He arrives next Monday.",
                "next Monday",
                "DATE",
                "2025-06-30",
            ),
            (
                d,
                "Protests continued on Saturday night.",
                "Saturday night",
                "TIME",
                "2025-06-21TNI",
            ),
            (
                d,
                "Troops withdrew early Sunday.",
                "early Sunday",
                "DATE",
                "2025-06-22",
            ),
        ],
        Mode::News,
    );
}

#[test]
fn months_and_seasons_follow_tense() {
    let d = "2025-06-24";
    check(
        &[
            (
                d,
                "The pact was signed in January.",
                "January",
                "DATE",
                "2025-01",
            ),
            (
                d,
                "The plant was opened in September.",
                "September",
                "DATE",
                "2024-09",
            ),
            (
                d,
                "The two sides have met in March.",
                "March",
                "DATE",
                "2025-03",
            ),
            (
                d,
                "Elections will be held in March.",
                "March",
                "DATE",
                "2026-03",
            ),
            (
                d,
                "The company plans to open a plant in October.",
                "October",
                "DATE",
                "2025-10",
            ),
            (
                d,
                "Prices peaked last winter.",
                "last winter",
                "DATE",
                "2024-WI",
            ),
            (
                d,
                "The bridge was closed in the autumn.",
                "the autumn",
                "DATE",
                "2024-FA",
            ),
            (
                d,
                "The talks will resume this fall.",
                "this fall",
                "DATE",
                "2025-FA",
            ),
            (
                d,
                "Prices have risen sharply in the spring.",
                "the spring",
                "DATE",
                "2025-SP",
            ),
            (
                d,
                "Prices have risen sharply in the winter.",
                "the winter",
                "DATE",
                "2024-WI",
            ),
            (
                d,
                "A summit is to take place in spring.",
                "spring",
                "DATE",
                "2026-SP",
            ),
            (
                d,
                "Output rose in early March.",
                "early March",
                "DATE",
                "2025-03",
            ),
            (
                d,
                "The vote took place on May 2.",
                "May 2",
                "DATE",
                "2025-05-02",
            ),
            (
                d,
                "The report is due on Dec. 2.",
                "Dec. 2",
                "DATE",
                "2025-12-02",
            ),
        ],
        Mode::News,
    );
}

#[test]
fn explicit_dates_and_granularities() {
    let d = "2013-03-14"; // Thursday, ISO week 11
    check(
        &[
            (
                d,
                "It opened on June 21, 2011.",
                "June 21, 2011",
                "DATE",
                "2011-06-21",
            ),
            (
                d,
                "It opened on 21 June 2011.",
                "21 June 2011",
                "DATE",
                "2011-06-21",
            ),
            (d, "It opened in July 1997.", "July 1997", "DATE", "1997-07"),
            // 1 January 2014 was a Wednesday: the weekday picks the year
            (
                d,
                "The law takes effect on Wednesday, Jan. 1.",
                "Wednesday, Jan. 1",
                "DATE",
                "2014-01-01",
            ),
            (
                d,
                "The law took effect on Tuesday, Jan. 1.",
                "Tuesday, Jan. 1",
                "DATE",
                "2013-01-01",
            ),
            (
                d,
                "The file is dated 2012-11-05.",
                "2012-11-05",
                "DATE",
                "2012-11-05",
            ),
            (d, "It was built in 1990.", "1990", "DATE", "1990"),
            (d, "Sales rose this week.", "this week", "DATE", "2013-W11"),
            (d, "Sales fell last week.", "last week", "DATE", "2013-W10"),
            (
                d,
                "Talks resume the week of March 25.",
                "the week of March 25",
                "DATE",
                "2013-W13",
            ),
            // 1-7 March 2013: Fri 1 to Sun 3 are in ISO week 9, Mon 4 to Thu
            // 7 (the larger part) in week 10
            (
                d,
                "It snowed in the first week of March.",
                "the first week of March",
                "DATE",
                "2013-W10",
            ),
            (
                d,
                "It ended in the last week of June 2012.",
                "the last week of June 2012",
                "DATE",
                "2012-W26",
            ),
            (
                d,
                "Sales rose in the second half of the year.",
                "the second half of the year",
                "DATE",
                "2013-H2",
            ),
            (
                d,
                "They rested over the weekend.",
                "the weekend",
                "DATE",
                "2013-W10-WE",
            ),
            (
                d,
                "They will rest this weekend.",
                "this weekend",
                "DATE",
                "2013-W11-WE",
            ),
            (
                d,
                "Profit will rise in the third quarter.",
                "the third quarter",
                "DATE",
                "2013-Q3",
            ),
            (
                d,
                "Profit rose in the third quarter.",
                "the third quarter",
                "DATE",
                "2012-Q3",
            ),
            (
                d,
                "Profit rose in the first half of 1998.",
                "the first half of 1998",
                "DATE",
                "1998-H1",
            ),
            (
                d,
                "Prices doubled in the 1990s.",
                "the 1990s",
                "DATE",
                "199X",
            ),
            (
                d,
                "Prices fell in the late 1990s.",
                "the late 1990s",
                "DATE",
                "199X",
            ),
            (
                d,
                "It was built in the 20th century.",
                "the 20th century",
                "DATE",
                "19XX",
            ),
            (d, "Growth slowed in mid-2012.", "mid-2012", "DATE", "2012"),
            (
                d,
                "Funds run out at the end of the month.",
                "the end of the month",
                "DATE",
                "2013-03",
            ),
            (
                d,
                "It was dry this time last year.",
                "this time last year",
                "DATE",
                "2012-03-14",
            ),
            (
                d,
                "He resigned three years ago.",
                "three years ago",
                "DATE",
                "2010",
            ),
            (
                d,
                "Sales fell a year earlier.",
                "a year earlier",
                "DATE",
                "2012",
            ),
            (
                d,
                "He arrived 10 days ago.",
                "10 days ago",
                "DATE",
                "2013-03-04",
            ),
            (
                d,
                "The dollar rose yesterday.",
                "yesterday",
                "DATE",
                "2013-03-13",
            ),
            (d, "The vote is tomorrow.", "tomorrow", "DATE", "2013-03-15"),
            (
                d,
                "The team lost last night.",
                "last night",
                "TIME",
                "2013-03-13TNI",
            ),
            (
                d,
                "He spoke this morning.",
                "this morning",
                "TIME",
                "2013-03-14TMO",
            ),
            (
                d,
                "The results come out tonight.",
                "tonight",
                "TIME",
                "2013-03-14TNI",
            ),
            (
                d,
                "Trading opened at 10:35 a.m. EST.",
                "10:35 a.m. EST",
                "TIME",
                "2013-03-14T10:35",
            ),
            (
                d,
                "The polls will close at 8 p.m. Friday.",
                "8 p.m. Friday",
                "TIME",
                "2013-03-15T20:00",
            ),
            (
                d,
                "Sales were flat in fiscal 2012.",
                "fiscal 2012",
                "DATE",
                "2012",
            ),
        ],
        Mode::News,
    );
}

#[test]
fn holidays() {
    let d = "2013-03-14";
    check(
        &[
            (
                d,
                "Shops closed on Christmas Day.",
                "Christmas Day",
                "DATE",
                "2012-12-25",
            ),
            (
                d,
                "They met on New Year's Day.",
                "New Year's Day",
                "DATE",
                "2013-01-01",
            ),
            (
                d,
                "Families gather at Easter.",
                "Easter",
                "DATE",
                "2013-03-31",
            ),
            (
                d,
                "Flights were full before Thanksgiving 2012.",
                "Thanksgiving 2012",
                "DATE",
                "2012-11-22",
            ),
        ],
        Mode::News,
    );
}

#[test]
fn durations_sets_and_references() {
    let d = "2013-03-14";
    check(
        &[
            (
                d,
                "The strike lasted three days.",
                "three days",
                "DURATION",
                "P3D",
            ),
            (
                d,
                "The flight took two hours.",
                "two hours",
                "DURATION",
                "PT2H",
            ),
            (
                d,
                "He signed a 20-year lease.",
                "20-year",
                "DURATION",
                "P20Y",
            ),
            (
                d,
                "Prices rose over the past three years.",
                "the past three years",
                "DURATION",
                "P3Y",
            ),
            (
                d,
                "It takes about two weeks.",
                "two weeks",
                "DURATION",
                "P2W",
            ),
            (
                d,
                "It lasted more than a decade.",
                "more than a decade",
                "DURATION",
                "P10Y",
            ),
            (
                d,
                "The flight took 2 1/2 hours.",
                "2 1/2 hours",
                "DURATION",
                "PT2H30M",
            ),
            (d, "They argued for years.", "years", "DURATION", "PXY"),
            (
                d,
                "Prices doubled over the past decade.",
                "the past decade",
                "DURATION",
                "P10Y",
            ),
            (
                d,
                "The feud lasted two centuries.",
                "two centuries",
                "DURATION",
                "P200Y",
            ),
            (
                d,
                "The board meets every Monday.",
                "every Monday",
                "SET",
                "XXXX-WXX-1",
            ),
            (d, "The index is updated weekly.", "weekly", "SET", "P1W"),
            (d, "Fees are paid annually.", "annually", "SET", "P1Y"),
            (
                d,
                "The firm recently hired him.",
                "recently",
                "DATE",
                "PAST_REF",
            ),
            (d, "He is now in Paris.", "now", "DATE", "PRESENT_REF"),
            (
                d,
                "He currently lives in Paris.",
                "currently",
                "DATE",
                "PRESENT_REF",
            ),
            (d, "A deal is expected soon.", "soon", "DATE", "FUTURE_REF"),
            (
                d,
                "More cuts will come in the coming weeks.",
                "the coming weeks",
                "DATE",
                "FUTURE_REF",
            ),
        ],
        Mode::News,
    );
}

#[test]
fn modifiers() {
    let d = "2013-03-14";
    let m = |s: &str, p: &str| {
        resolve(s, &anchor(d), Mode::News)
            .into_iter()
            .find(|m| &s[m.start..m.end] == p)
            .and_then(|m| m.timex.modifier)
    };
    assert_eq!(
        m("It rained in early March.", "early March"),
        Some(Mod::Start)
    );
    assert_eq!(
        m("Prices fell in the late 1990s.", "the late 1990s"),
        Some(Mod::End)
    );
    assert_eq!(
        m("It takes about two weeks.", "two weeks"),
        Some(Mod::Approx)
    );
    assert_eq!(
        m("It lasted more than a decade.", "more than a decade"),
        Some(Mod::MoreThan)
    );
    assert_eq!(m("Growth slowed in mid-2012.", "mid-2012"), Some(Mod::Mid));
}

#[test]
fn narrative_mode_counts_from_the_last_date() {
    let d = "2025-06-24";
    let text = "On June 3, 2010, the army entered the town. Two days later the mayor fled. \
                The next year the town was rebuilt. That March a school opened.";
    let got = run(d, Mode::Narrative, text);
    let find = |p: &str| {
        got.iter()
            .find(|(x, _, _)| x == p)
            .map(|(_, _, v)| v.clone())
    };
    assert_eq!(find("June 3, 2010").as_deref(), Some("2010-06-03"));
    assert_eq!(find("Two days later").as_deref(), Some("2010-06-05"));
    assert_eq!(find("The next year").as_deref(), Some("2011"));
    assert_eq!(find("That March").as_deref(), Some("2011-03"));
    // the same text in news mode counts "the next year" from the dateline
    let news = run(d, Mode::News, text);
    let v = news
        .iter()
        .find(|(x, _, _)| x == "The next year")
        .map(|(_, _, v)| v.as_str());
    assert_eq!(v, Some("2026"));
}

#[test]
fn false_positives_are_not_tagged() {
    let d = "2025-06-24";
    for s in [
        "Officials may decide to leave.",
        "Thousands march in protest.",
        "An interview in the Sunday Times caused a stir.",
        "He addressed the august assembly.",
        "She came second in the race.",
        "Some 2,000 troops and 1,500 police were sent.",
        "A Boeing 747 landed safely.",
        "The army sent 2000 troops to the border.",
        "See https://example.com/2025/06/21/10:30 for details.",
        "The plane seats 1990 passengers.",
        "A 6-year-old girl was rescued.",
        "Current account deficits widened.",
        "Profit rose 5% to $1,990 million.",
        "June Carter sang at the fair.",
        "Tourists flew to Easter Island.",
        "The Good Friday Agreement held.",
        "The fall in prices hurt farmers.",
        "Three quarters of the staff left.",
        "The quarter-to-quarter comparison was helped by lower costs.",
        "The company expects sales to grow 8% annually.",
        "The plant would build 5,000 engines annually.",
        "Officials worried about the future of the harbour.",
        "The trickle of refugees soon became a flood.",
        "He was soon released from hospital.",
    ] {
        let got = run(d, Mode::News, s);
        assert!(got.is_empty(), "{s}: {got:?}");
    }
}

#[test]
fn explanation_names_the_anchor_and_the_rule() {
    let text = "The ministers spoke in a phone call Monday night.";
    let m = &resolve(text, &anchor(SEED), Mode::News)[0];
    assert_eq!(
        m.explanation,
        "Monday night · dateline Tue 24 Jun 2025 · past tense → previous Monday → 2025-06-23TNI · night"
    );
    let p = m.timex.placement.expect("a placed value");
    assert_eq!(p.start, NaiveDate::from_ymd_opt(2025, 6, 23).unwrap());
    assert_eq!(p.precision, Precision::PartOfDay);
}

#[test]
fn placements_cover_the_real_interval() {
    let d = "2013-03-14";
    let place = |s: &str| {
        let m = resolve(s, &anchor(d), Mode::News)
            .into_iter()
            .next()
            .expect("a mention");
        m.timex
            .placement
            .map(|p| (p.start.to_string(), p.end.to_string(), p.precision))
    };
    let pl = |a: &str, b: &str, p| Some((a.to_string(), b.to_string(), p));
    assert_eq!(
        place("in January"),
        pl("2013-01-01", "2013-02-01", Precision::Month)
    );
    assert_eq!(
        place("last week"),
        pl("2013-03-04", "2013-03-11", Precision::Week)
    );
    assert_eq!(
        place("the third quarter of 1998"),
        pl("1998-07-01", "1998-10-01", Precision::Quarter)
    );
    assert_eq!(
        place("the 1990s"),
        pl("1990-01-01", "2000-01-01", Precision::Decade)
    );
    assert_eq!(
        place("summer 2012"),
        pl("2012-06-01", "2012-09-01", Precision::Season)
    );
    assert_eq!(place("for three days"), None);
    assert_eq!(place("every Monday"), None);
    assert_eq!(place("recently"), None);
}

#[test]
fn timeml_output_is_escaped_and_tagged() {
    let text = "Profits <rose> & fell on Monday, early March.";
    let ms = resolve(text, &anchor("2025-06-24"), Mode::News);
    let x = to_timeml(text, &ms);
    assert!(x.starts_with("Profits &lt;rose&gt; &amp; fell on <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2025-06-23\">Monday</TIMEX3>"), "{x}");
    assert!(
        x.contains(
            "<TIMEX3 tid=\"t2\" type=\"DATE\" value=\"2025-03\" mod=\"START\">early March</TIMEX3>"
        ),
        "{x}"
    );
}

/// The seed article itself, when the shared data is present.
#[test]
fn seed_article_when_available() {
    let path = "/work/shared/seeds/000_b54743f4153128ba.txt";
    let Ok(text) = std::fs::read_to_string(path) else {
        return;
    };
    let ms = resolve(&text, &anchor(SEED), Mode::News);
    let has = |phrase: &str, kind: &str, value: &str| {
        ms.iter().any(|m| {
            &text[m.start..m.end] == phrase
                && m.timex.kind.as_str() == kind
                && m.timex.value == value
        })
    };
    assert!(has("Monday night", "TIME", "2025-06-23TNI"));
    assert!(has("June 21", "DATE", "2025-06-21"));
    assert!(has("Monday", "DATE", "2025-06-23"));
    assert!(has("20-year", "DURATION", "P20Y"));
    assert!(has("January", "DATE", "2025-01"));
}

/// Fuzz over arbitrary Unicode text: no panic, offsets on char boundaries,
/// start < end, mentions in order and disjoint.
#[test]
fn arbitrary_text_never_breaks_the_invariants() {
    // a small deterministic generator (xorshift) over a pool of fragments
    // that exercise the grammar, plus random code points
    const FRAGS: &[&str] = &[
        "Monday",
        " night",
        "June",
        " 21",
        ",",
        " 2025",
        "-",
        "year",
        "the",
        " past",
        " three",
        " years",
        " ago",
        "a.m.",
        " 10",
        ":",
        "35",
        "'",
        "80s",
        "mid",
        "é",
        "日本",
        "🙂",
        "\u{301}",
        " ",
        "\n\n",
        ".",
        "1990s",
        "last",
        " week",
        "every",
        " Tuesday",
        "Q3",
        "fiscal",
        "the",
        " end",
        " of",
        " the",
        " month",
        "May",
        "2/3/2012",
        "2013-03-14",
        "http://x.com/2013",
        "early",
        "about",
        " two",
        " weeks",
        "tonight",
        "’",
        "s",
        "\u{a0}",
        "\t",
    ];
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for _ in 0..3000 {
        let mut s = String::new();
        let n = next() % 40;
        for _ in 0..n {
            let r = next();
            if r % 5 == 0 {
                if let Some(c) = char::from_u32((r >> 8) as u32 % 0x11_0000) {
                    s.push(c);
                }
            } else {
                s.push_str(FRAGS[(r >> 8) as usize % FRAGS.len()]);
            }
        }
        for mode in [Mode::News, Mode::Narrative] {
            let ms = resolve(&s, &anchor("2013-03-14T09:30"), mode);
            let mut at = 0;
            for m in &ms {
                assert!(m.start < m.end && m.end <= s.len(), "{s:?}");
                assert!(
                    s.is_char_boundary(m.start) && s.is_char_boundary(m.end),
                    "{s:?}"
                );
                assert!(m.start >= at, "overlap in {s:?}");
                at = m.end;
                if matches!(m.timex.kind, TimexType::Duration | TimexType::Set) {
                    assert!(m.timex.placement.is_none());
                }
            }
            let _ = to_timeml(&s, &ms);
        }
    }
}

#[test]
fn financial_report_conventions() {
    let d = "1989-10-26"; // Thursday; the third quarter has just been reported
    assert_eq!(anchor(d).date.weekday(), Weekday::Thu);
    check(
        &[
            (
                d,
                "Net rose in the third quarter. A year earlier, it earned $5 million.",
                "A year earlier",
                "DATE",
                "1988-Q3",
            ),
            (
                d,
                "Sales in the quarter ended Sept. 30 rose 5%.",
                "the quarter",
                "DATE",
                "1989-Q3",
            ),
            (
                d,
                "Net income for this year's third quarter fell.",
                "this year's third quarter",
                "DATE",
                "1989-Q3",
            ),
            (
                d,
                "It earned $3 million in the year-ago quarter.",
                "the year-ago quarter",
                "DATE",
                "1988-Q3",
            ),
            (
                d,
                "Revenue for the year ended March 31 rose.",
                "the year",
                "DURATION",
                "P1Y",
            ),
            (
                d,
                "The company had a loss for the year.",
                "the year",
                "DATE",
                "1989",
            ),
            (
                d,
                "Delivery takes two to three weeks.",
                "two to three weeks",
                "DURATION",
                "P2W",
            ),
            (
                d,
                "Net for the nine months rose 8%. A year earlier it had fallen.",
                "A year earlier",
                "DATE",
                "1988",
            ),
            (
                d,
                "In the third quarter sales rose. For the first nine months, net was $9 million, against a loss in the 1988 period.",
                "the 1988 period",
                "DATE",
                "1988",
            ),
            (
                d,
                "For the first six months profit fell; the third quarter was better than a year ago.",
                "a year ago",
                "DATE",
                "1988-Q3",
            ),
            (
                d,
                "Analysts see a recovery by the third quarter of 1990. Third-quarter sales fell 5% from a year ago.",
                "a year ago",
                "DATE",
                "1988-Q3",
            ),
            (
                d,
                "It hopes to break even in the fourth quarter. In the year-ago period, it earned $2 million.",
                "the year-ago period",
                "DATE",
                "1988-Q3",
            ),
            (
                d,
                "Hundreds of fans gather daily outside the stadium.",
                "daily",
                "SET",
                "P1D",
            ),
            (
                d,
                "Third-quarter profit rose after a weak second quarter. Costs were lower than a year ago.",
                "a year ago",
                "DATE",
                "1988-Q3",
            ),
            (
                d,
                "For the quarter a year ago, the bank earned $4 million.",
                "the quarter a year ago",
                "DATE",
                "1988-Q3",
            ),
            (
                d,
                "Rates will stay low for the next couple of years.",
                "the next couple of years",
                "DURATION",
                "P2Y",
            ),
        ],
        Mode::News,
    );
}

#[test]
fn names_rates_and_ages_are_not_timexes() {
    let d = "2025-06-24";
    for s in [
        "He told CBS's 60 Minutes that he would run.",
        "The story ran in USA Today and on This Week with George.",
        "The airline adds four flights a week to Bombay.",
        "The fund pays $1.76 a year per share.",
        "Mr. Reupke, 52 years old, resigned.",
        "They watched High Noon again.",
        // short weekdays are words or names without a cue
        "Shares of Sun Microsystems rose.",
        "The Sun reported it first.",
        "He said that Sun's profit should rise.",
        "They will wed in secret.",
        "Tomatoes were sun-dried on the roof.",
        // hashtags, "24/7", "9/11", pence, a kind of thing
        "Follow #Monday and #2012election for updates.",
        "The shop is open 24/7 since 9/11.",
        "Stamps sell at 7p each.",
        "She got a Christmas present.",
    ] {
        let got = run(d, Mode::News, s);
        assert!(got.is_empty(), "{s}: {got:?}");
    }
}

#[test]
fn narrative_anaphora() {
    let d = "2025-06-24";
    let text = "The storm reached the coast on March 3, 1999. That night the river rose. \
                The next morning the army arrived, and a week later the roads reopened.";
    let got = run(d, Mode::Narrative, text);
    let find = |p: &str| {
        got.iter()
            .find(|(x, _, _)| x == p)
            .map(|(_, k, v)| (k.clone(), v.clone()))
    };
    let tv = |k: &str, v: &str| Some((k.to_string(), v.to_string()));
    assert_eq!(find("March 3, 1999"), tv("DATE", "1999-03-03"));
    assert_eq!(find("That night"), tv("TIME", "1999-03-03TNI"));
    assert_eq!(find("The next morning"), tv("TIME", "1999-03-04TMO"));
    assert_eq!(find("a week later"), tv("DATE", "1999-W10"));
    let text = "The bridge opened on May 5, 2001. The day before, crowds gathered. \
                At the time, few expected it.";
    let got = run(d, Mode::Narrative, text);
    let find = |p: &str| {
        got.iter()
            .find(|(x, _, _)| x == p)
            .map(|(_, _, v)| v.clone())
    };
    assert_eq!(find("The day before").as_deref(), Some("2001-05-04"));
    assert_eq!(find("the time").as_deref(), Some("PAST_REF"));
    // a bare clock time falls on the day under discussion, also in news
    let text = "The doctor was shot on Oct. 23. Police arrived at 10 p.m. and left.";
    let got = run("1998-11-20", Mode::News, text);
    let v = got
        .iter()
        .find(|(x, _, _)| x == "10 p.m.")
        .map(|(_, _, v)| v.as_str());
    assert_eq!(v, Some("1998-10-23T22:00"));
}

#[test]
fn lowercase_text_such_as_tweets() {
    let d = "2025-06-24"; // Tuesday
    check(
        &[
            (
                d,
                "gonna party friday night!! see u there",
                "friday night",
                "TIME",
                "2025-06-27TNI",
            ),
            (
                d,
                "flying home on june 30, so tired",
                "june 30",
                "DATE",
                "2025-06-30",
            ),
            (
                d,
                "we met last monday lol",
                "last monday",
                "DATE",
                "2025-06-23",
            ),
        ],
        Mode::News,
    );
}

#[test]
fn coarse_values_keep_a_finer_reference() {
    // After "July 1895", "later that year" is 1895 and leaves July as the
    // reference, so "the previous month" is June 1895.
    let text = "They married in July 1895. Later that year they left. That same year, \
                the previous month had been hard.";
    let got = run("2025-06-24", Mode::Narrative, text);
    let find = |p: &str| {
        got.iter()
            .find(|(x, _, _)| x == p)
            .map(|(_, _, v)| v.clone())
    };
    assert_eq!(find("Later that year").as_deref(), Some("1895"));
    assert_eq!(find("That same year").as_deref(), Some("1895"));
    assert_eq!(find("the previous month").as_deref(), Some("1895-06"));
}

#[test]
fn explicit_values_name_no_anchor() {
    let text = "She was born on 7 November 1867.";
    let m = &resolve(text, &anchor("2025-06-24"), Mode::Narrative)[0];
    assert_eq!(m.explanation, "7 November 1867 · full date → 1867-11-07");
}

#[test]
fn month_slash_day_after_a_preposition() {
    let d = "2025-06-24";
    check(
        &[(
            d,
            "tickets go on sale on 7/1 !!",
            "7/1",
            "DATE",
            "2025-07-01",
        )],
        Mode::News,
    );
    // a fraction or a score is no date
    assert!(run(d, Mode::News, "He ate 1/2 of it and won 3/1.").is_empty());
}

#[test]
fn narrative_past_tense_moves_forward_past_perfect_looks_back() {
    // 3 June 2010 was a Thursday.
    assert_eq!(anchor("2010-06-03").date.weekday(), Weekday::Thu);
    let text = "On June 3, 2010, the army entered the town. On Monday the mayor fled. \
                He had arrived on Saturday.";
    let got = run("2025-06-24", Mode::Narrative, text);
    let find = |p: &str| {
        got.iter()
            .find(|(x, _, _)| x == p)
            .map(|(_, _, v)| v.clone())
    };
    assert_eq!(find("Monday").as_deref(), Some("2010-06-07"));
    assert_eq!(find("Saturday").as_deref(), Some("2010-06-05"));
}

#[test]
fn an_amount_after_a_verb_is_no_rate() {
    // "comes a week after": a verb in -s, not "four flights a week"
    let got = run(
        "2025-06-19",
        Mode::News,
        "The decision comes a week after the data.",
    );
    assert_eq!(
        got,
        vec![(
            "a week".to_string(),
            "DURATION".to_string(),
            "P1W".to_string()
        )]
    );
}

/// Dateline of the flood article: Monday 16 June 2025, 07:15.
const FLOOD: &str = "2025-06-16T07:15";

#[test]
fn flood_article_directions() {
    check(
        &[
            (
                FLOOD,
                "The water authority expects the river to crest on Tuesday.",
                "Tuesday",
                "DATE",
                "2025-06-17",
            ),
            (
                FLOOD,
                "The river is expected to crest on Thursday.",
                "Thursday",
                "DATE",
                "2025-06-19",
            ),
            (
                FLOOD,
                "The utility plans to restore power by Wednesday.",
                "Wednesday",
                "DATE",
                "2025-06-18",
            ),
            (
                FLOOD,
                "The dam is due to reopen Friday.",
                "Friday",
                "DATE",
                "2025-06-20",
            ),
            (
                FLOOD,
                "The council is set to vote Thursday.",
                "Thursday",
                "DATE",
                "2025-06-19",
            ),
            (
                FLOOD,
                "The hearing is scheduled to resume Wednesday.",
                "Wednesday",
                "DATE",
                "2025-06-18",
            ),
            (
                FLOOD,
                "Crews will inspect the levee Saturday.",
                "Saturday",
                "DATE",
                "2025-06-21",
            ),
            (
                FLOOD,
                "Mayor Ilse Varga ordered the evacuation of Eastbank at 11 p.m.",
                "11 p.m",
                "TIME",
                "2025-06-15T23:00",
            ),
            (
                "2025-06-16",
                "Mayor Ilse Varga ordered the evacuation of Eastbank at 11 p.m.",
                "11 p.m",
                "TIME",
                "2025-06-16T23:00",
            ),
            (
                FLOOD,
                "Residents were told at 6 a.m. to leave.",
                "6 a.m.",
                "TIME",
                "2025-06-16T06:00",
            ),
            (
                FLOOD,
                "They meet Monday to review the damage.",
                "Monday",
                "DATE",
                "2025-06-16",
            ),
            (
                FLOOD,
                "They meet Wednesday to review the damage.",
                "Wednesday",
                "DATE",
                "2025-06-18",
            ),
            (
                FLOOD,
                "She flies Friday to the capital.",
                "Friday",
                "DATE",
                "2025-06-20",
            ),
            (
                FLOOD,
                "The bridge stays closed until Tuesday.",
                "Tuesday",
                "DATE",
                "2025-06-17",
            ),
            (
                FLOOD,
                "Schools are closed until Thursday.",
                "Thursday",
                "DATE",
                "2025-06-19",
            ),
            (
                FLOOD,
                "The bridge stayed closed until Friday.",
                "Friday",
                "DATE",
                "2025-06-13",
            ),
            (
                FLOOD,
                "The company said the dividend would be paid in January.",
                "January",
                "DATE",
                "2026-01",
            ),
            (
                FLOOD,
                "He said his wife would be traveling to Madrid Thursday.",
                "Thursday",
                "DATE",
                "2025-06-19",
            ),
            (
                FLOOD,
                "Officials said the council meets Thursday to approve aid.",
                "Thursday",
                "DATE",
                "2025-06-19",
            ),
            (
                FLOOD,
                "The two leaders meet separately Friday with the governor.",
                "Friday",
                "DATE",
                "2025-06-20",
            ),
            (
                FLOOD,
                "Officials said the river crested on Tuesday.",
                "Tuesday",
                "DATE",
                "2025-06-10",
            ),
        ],
        Mode::News,
    );
}

#[test]
fn headings_are_not_timexes() {
    let text = "The storm hit.\n\n## What comes next\n\nMonday night the council will meet.\n## What comes next\nWeek after week it rained.\n";
    let got = run(FLOOD, Mode::News, text);
    assert!(
        got.iter()
            .all(|(p, _, _)| !p.contains("next") && !p.contains('\n')),
        "{got:?}"
    );
    assert!(got.contains(&(
        "Monday night".to_string(),
        "TIME".to_string(),
        "2025-06-16TNI".to_string()
    )));
}

/// One case of a fixture set: its text, anchor, mode and expectations.
struct FixtureCase {
    file: String,
    dct: String,
    mode: Mode,
    text: String,
    /// (phrase, type, value, known miss)
    want: Vec<(String, String, String, bool)>,
    /// phrases the resolver is known to tag although they are no mention
    tolerated: Vec<String>,
}

/// Reads `tests/fixtures/<dir>/*.txt`: header lines `dct: …`, `mode: …`;
/// `> text` lines (joined with newlines, a bare `>` is a blank line);
/// `= phrase | TYPE | VALUE` expected, `!= …` expected but still missed,
/// `~ phrase` a known spurious mention; a blank line ends a case.
fn fixture_cases(dir: &str) -> Vec<FixtureCase> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files: Vec<_> = std::fs::read_dir(root.join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for f in files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let (mut dct, mut mode) = (String::from("2025-06-24"), Mode::News);
        let mut cur: Option<FixtureCase> = None;
        let src = std::fs::read_to_string(&f).unwrap();
        for line in src.lines().chain(std::iter::once("")) {
            if let Some(t) = line.strip_prefix('>') {
                let t = t.strip_prefix(' ').unwrap_or(t);
                match &mut cur {
                    Some(c) => {
                        c.text.push('\n');
                        c.text.push_str(t);
                    }
                    None => {
                        cur = Some(FixtureCase {
                            file: name.clone(),
                            dct: dct.clone(),
                            mode,
                            text: t.to_string(),
                            want: Vec::new(),
                            tolerated: Vec::new(),
                        })
                    }
                }
            } else if let Some(w) = line.strip_prefix("!=").or(line.strip_prefix('=')) {
                let parts: Vec<&str> = w.split('|').map(str::trim).collect();
                assert_eq!(parts.len(), 3, "{name}: {line}");
                let c = cur.as_mut().expect("an expectation follows a text");
                c.want.push((
                    parts[0].into(),
                    parts[1].into(),
                    parts[2].into(),
                    line.starts_with('!'),
                ));
            } else if let Some(p) = line.strip_prefix('~') {
                let c = cur.as_mut().expect("a tolerated phrase follows a text");
                c.tolerated.push(p.trim().into());
            } else if line.trim().is_empty() {
                cases.extend(cur.take());
            } else if let Some(d) = line.strip_prefix("dct:") {
                dct = d.trim().into();
            } else if let Some(m) = line.strip_prefix("mode:") {
                mode = match m.trim() {
                    "narrative" => Mode::Narrative,
                    _ => Mode::News,
                };
            } else {
                assert!(line.starts_with('#'), "{name}: unreadable line {line:?}");
            }
        }
    }
    cases
}

/// Scores a fixture set like the TempEval-3 scorer (strict extent, value =
/// strict extent + type + value), prints the figures and the mismatches,
/// and fails on any mismatch not marked as known.
fn score_fixture_set(dir: &str) {
    let cases = fixture_cases(dir);
    assert!(!cases.is_empty(), "{dir} has cases");
    // per file and in all: [cases, gold, found, right extent, right value]
    let mut counts: Vec<(String, [usize; 5])> = Vec::new();
    let mut failures = Vec::new();
    let mut known = Vec::new();
    for c in &cases {
        if counts.last().is_none_or(|(f, _)| *f != c.file) {
            counts.push((c.file.clone(), [0; 5]));
        }
        let n = &mut counts.last_mut().unwrap().1;
        let mut got = run(&c.dct, c.mode, &c.text);
        n[0] += 1;
        n[1] += c.want.len();
        n[2] += got.len();
        for (p, k, v, miss) in &c.want {
            let hit = got.iter().position(|(gp, _, _)| gp == p);
            let ok = match hit {
                Some(at) => {
                    n[3] += 1;
                    let (_, gk, gv) = got.remove(at);
                    let right = &gk == k && &gv == v;
                    n[4] += usize::from(right);
                    right.then_some(()).ok_or(format!("{gk} {gv}"))
                }
                None => Err("missed".into()),
            };
            if let Err(e) = ok {
                let line = format!("{}: {:?}: want {p:?} {k} {v}, got {e}", c.file, c.text);
                if *miss {
                    known.push(line)
                } else {
                    failures.push(line)
                }
            }
        }
        for (gp, gk, gv) in got {
            let line = format!("{}: {:?}: spurious {gp:?} {gk} {gv}", c.file, c.text);
            if c.tolerated.contains(&gp) {
                known.push(line);
            } else {
                failures.push(line);
            }
        }
    }
    let total = counts.iter().fold([0; 5], |mut t, (_, n)| {
        for k in 0..5 {
            t[k] += n[k];
        }
        t
    });
    let line = |name: &str, n: &[usize; 5]| {
        let f1 = |m: usize| 200.0 * m as f64 / (n[1] + n[2]).max(1) as f64;
        format!(
            "{name}: {} cases, {} gold, {} found; strict F1 {:.1}, value F1 {:.1}",
            n[0],
            n[1],
            n[2],
            f1(n[3]),
            f1(n[4])
        )
    };
    eprintln!("{}", line(dir, &total));
    for (f, n) in &counts {
        eprintln!("  {}", line(f, n));
    }
    for k in &known {
        eprintln!("  known: {k}");
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn fixture_set_tweets() {
    score_fixture_set("resolve-tweets");
}

#[test]
fn fixture_set_narrative() {
    score_fixture_set("resolve-narrative");
}

#[test]
fn informal_forms_news_mode() {
    // Tue 24 Jun 2025: the same rules hold in capitalised text
    check(
        &[
            (
                "2025-06-24",
                "The vote is set for Thurs.",
                "Thurs",
                "DATE",
                "2025-06-26",
            ),
            (
                "2025-06-24",
                "We meet on Sat to plan.",
                "Sat",
                "DATE",
                "2025-06-28",
            ),
            (
                "2025-06-24",
                "The panel meets Thursday next week.",
                "Thursday next week",
                "DATE",
                "2025-07-03",
            ),
            (
                "2025-06-24",
                "The launch is at 1800 GMT.",
                "1800 GMT",
                "TIME",
                "2025-06-24T18:00",
            ),
            (
                "2025-06-24",
                "Any plans for the weekend?",
                "the weekend",
                "DATE",
                "2025-W26-WE",
            ),
            (
                "2025-06-24",
                "Tickets go on sale Friday.",
                "Friday",
                "DATE",
                "2025-06-27",
            ),
        ],
        Mode::News,
    );
    // "plans for" only right before the phrase: "vacation plans for the
    // hastily planned trip" leaves "On Friday" in the past
    let got = run(
        "1998-08-17",
        Mode::News,
        "On Friday, when she set aside vacation plans for the hastily planned trip, aides left.",
    );
    assert_eq!(got[0].2, "1998-08-14", "{got:?}");
}

#[test]
fn centuries_and_season_ranges() {
    let d = "2025-06-24";
    check(
        &[
            (
                d,
                "Life was hard in the 1800s.",
                "the 1800s",
                "DATE",
                "18XX",
            ),
            (
                d,
                "Music changed in the 2000s.",
                "the 2000s",
                "DATE",
                "200X",
            ),
            // in news the turn of the century nearest the dateline
            (
                d,
                "Around the turn of the century the firm grew.",
                "the turn of the century",
                "DATE",
                "2000",
            ),
            (
                d,
                "At the turn of the 20th century the firm grew.",
                "the turn of the 20th century",
                "DATE",
                "1900",
            ),
            (
                d,
                "The winter of 1962-63 was harsh.",
                "The winter of 1962-63",
                "DATE",
                "1962-WI",
            ),
        ],
        Mode::News,
    );
    // "the 1941-45 period" is no season; a year range that is not the next
    // year stays out of a season phrase
    let got = run(d, Mode::News, "The winter of 1941-45 was harsh.");
    assert_eq!(got[0].0, "The winter of 1941", "{got:?}");
}

#[test]
fn year_pairs_nth_weekdays_and_eras() {
    let d = "2025-06-24";
    check(
        &[
            (
                d,
                "Between 1846 and 1851 many left.",
                "1851",
                "DATE",
                "1851",
            ),
            (
                d,
                "Between 1846 and 1851 many left.",
                "1846",
                "DATE",
                "1846",
            ),
            (
                d,
                "The fair is held on the last Friday of June 2026.",
                "the last Friday of June 2026",
                "DATE",
                "2026-06-26",
            ),
        ],
        Mode::News,
    );
    // a noun's era is no duration; a count of things is no year
    assert!(run(d, Mode::News, "She spent the war years abroad.").is_empty());
    assert!(run(d, Mode::News, "Between 1500 and 1600 troops left.").is_empty());
}

#[test]
fn day_of_month_alone_and_hour_tonight() {
    let d = "2025-06-24";
    check(
        &[
            (
                d,
                "Rent is due on the 5th.",
                "the 5th",
                "DATE",
                "2025-07-05",
            ),
            (d, "They met on the 21st.", "the 21st", "DATE", "2025-06-21"),
            (
                d,
                "Doors open at 8 tonight.",
                "8 tonight",
                "TIME",
                "2025-06-24T20:00",
            ),
        ],
        Mode::News,
    );
    // a floor, an anniversary: no dates
    assert!(run(d, Mode::News, "They live on the 5th floor.").is_empty());
    assert!(run(d, Mode::News, "Since the 3rd of the series, sales fell.").is_empty());
}

#[test]
fn the_previous_or_next_part_of_day_is_a_day_from_the_reference() {
    let d = "2025-06-24";
    for (sentence, phrase, value) in [
        (
            "Police came on Monday. The fire began the previous evening.",
            "the previous evening",
            "2025-06-22TEV",
        ),
        (
            "Police came on Monday. Crews returned the next morning.",
            "the next morning",
            "2025-06-24TMO",
        ),
        (
            "Police came on Monday. They left the following night.",
            "the following night",
            "2025-06-24TNI",
        ),
    ] {
        let got = run(d, Mode::News, sentence);
        assert!(
            got.iter().any(|(p, _, v)| p == phrase && v == value),
            "{sentence}: {got:?}"
        );
    }
    // A plural is no single day.
    let got = run(d, Mode::News, "Guards stayed the preceding nights.");
    assert!(
        got.iter().all(|(p, _, _)| !p.contains("preceding")),
        "{got:?}"
    );
}

#[test]
fn day_labels_read_as_chrono_writes_them() {
    // Every day of a leap year and of years where the digits change width.
    for year in [-44, 1, 9, 10, 999, 2024, 2025, 9999, 10000] {
        let mut d = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
        while d.year() == year {
            let want = format!("{} {}", d.format("%a %-d %b"), d.year());
            assert_eq!(day_label(d), want);
            d = d.succ_opt().unwrap();
        }
    }
}

/// Each class of first token the grammar dispatches on still starts the
/// phrases it should (and, in a debug build, the rules it skips are
/// checked to find nothing there).
#[test]
fn phrases_start_at_every_dispatch_class() {
    let d = "2013-03-14";
    check(
        &[
            (
                d,
                "The vote was held on 2012-11-06 in the end.",
                "2012-11-06",
                "DATE",
                "2012-11-06",
            ),
            (d, "Sales peaked in '98 and fell.", "'98", "DATE", "1998"),
            (
                d,
                "It was built in the 1990s by hand.",
                "the 1990s",
                "DATE",
                "199X",
            ),
            (
                d,
                "The talks lasted about two weeks.",
                "two weeks",
                "DURATION",
                "P2W",
            ),
            (
                d,
                "She was born in nineteen ninety-six.",
                "nineteen ninety-six",
                "DATE",
                "1996",
            ),
            (
                d,
                "The plan is on hold at present.",
                "at present",
                "DATE",
                "PRESENT_REF",
            ),
            (
                d,
                "They met that night in Rome.",
                "that night",
                "TIME",
                "2013-03-14TNI",
            ),
            (
                d,
                "Crowds gathered on New Year's Day.",
                "New Year's Day",
                "DATE",
                "2013-01-01",
            ),
            (
                d,
                "Prices rose in early March.",
                "early March",
                "DATE",
                "2013-03",
            ),
        ],
        Mode::News,
    );
}

/// Phrases that start at an article, one or more for each rule the
/// article dispatch (`Grammar::article_rules`) lets through: a debug
/// build checks at each article that the rules it skips find nothing.
#[test]
fn phrases_start_at_articles_for_every_rule() {
    let d = "2013-03-14";
    check(
        &[
            (
                d,
                "The ship left the morning after.",
                "the morning after",
                "TIME",
                "2013-03-15TMO",
            ),
            (
                d,
                "He called the previous evening, aides said.",
                "the previous evening",
                "TIME",
                "2013-03-13TEV",
            ),
            (
                d,
                "It ends the day after tomorrow.",
                "the day after tomorrow",
                "DATE",
                "2013-03-16",
            ),
            (
                d,
                "She arrived the following Monday.",
                "the following Monday",
                "DATE",
                "2013-03-18",
            ),
            (
                d,
                "It opened on the 21st of June.",
                "the 21st of June",
                "DATE",
                "2012-06-21",
            ),
            (
                d,
                "It was founded in the year 2000.",
                "the year 2000",
                "DATE",
                "2000",
            ),
            (
                d,
                "He loved the music of the nineties.",
                "the nineties",
                "DATE",
                "199X",
            ),
            (
                d,
                "It dates from the 20th century.",
                "the 20th century",
                "DATE",
                "19XX",
            ),
            (
                d,
                "It was built at the turn of the century.",
                "the turn of the century",
                "DATE",
                "2000",
            ),
            (
                d,
                "Sales rose in the past three years.",
                "the past three years",
                "DURATION",
                "P3Y",
            ),
            (
                d,
                "It took a couple of weeks.",
                "a couple of weeks",
                "DURATION",
                "P2W",
            ),
            (
                d,
                "He stayed a full year in Rome.",
                "a full year",
                "DURATION",
                "P1Y",
            ),
            (
                d,
                "Profit fell in the third quarter.",
                "the third quarter",
                "DATE",
                "2012-Q3",
            ),
            (
                d,
                "It snowed the following winter.",
                "the following winter",
                "DATE",
                "2013-WI",
            ),
            (
                d,
                "Rain fell in the winter of 1994.",
                "the winter of 1994",
                "DATE",
                "1994-WI",
            ),
            (
                d,
                "Sales rose the previous year.",
                "the previous year",
                "DATE",
                "2012",
            ),
            (
                d,
                "We met the week of March 6.",
                "the week of March 6",
                "DATE",
                "2013-W10",
            ),
            (
                d,
                "Talks resume in the near future.",
                "the near future",
                "DATE",
                "FUTURE_REF",
            ),
            (
                d,
                "The fair is held on the first Saturday of May.",
                "the first Saturday of May",
                "DATE",
                "2013-05-04",
            ),
            (
                d,
                "Rent is due on the 5th.",
                "the 5th",
                "DATE",
                "2013-04-05",
            ),
            (d, "They meet three times a week.", "a week", "SET", "P1W"),
            (
                d,
                "Profit rose in the latest quarter.",
                "the latest quarter",
                "DATE",
                "2012-Q4",
            ),
            (d, "It lasted a few days.", "a few days", "DURATION", "PXD"),
            (
                d,
                "It was quiet over the weekend.",
                "the weekend",
                "DATE",
                "2013-W10-WE",
            ),
            (d, "It was a hit in the '80s.", "the '80s", "DATE", "198X"),
            (
                d,
                "Sales rose in the 1988 quarter.",
                "the 1988 quarter",
                "DATE",
                "1988-Q4",
            ),
            (
                d,
                "The record stood for a decade.",
                "a decade",
                "DURATION",
                "P10Y",
            ),
            (
                d,
                "It rained the night before.",
                "the night before",
                "TIME",
                "2013-03-13TNI",
            ),
            (
                d,
                "He will be back in the spring.",
                "the spring",
                "DATE",
                "2013-SP",
            ),
            (
                d,
                "It was the second week of May.",
                "the second week of May",
                "DATE",
                "2013-W19",
            ),
        ],
        Mode::News,
    );
}

/// `Grammar::article_rules` reads the rules on the premise that no table
/// of the lexicon takes an article for a name, an ordinal or a unit ("a"
/// and "an" only count one).
#[test]
fn articles_are_in_no_table_but_the_count() {
    for w in ["the", "a", "an"] {
        assert!(lexicon::month(w).is_none(), "{w}");
        assert!(lexicon::weekday(w).is_none(), "{w}");
        assert!(lexicon::weekday_short(w).is_none(), "{w}");
        assert!(lexicon::weekday_plural(w).is_none(), "{w}");
        assert!(lexicon::ordinal(w).is_none(), "{w}");
        assert!(lexicon::unit(w).is_none(), "{w}");
        assert!(lexicon::part_of_day(w).is_none(), "{w}");
        assert!(lexicon::season(w).is_none(), "{w}");
        assert!(lexicon::ref_word(w).is_none(), "{w}");
        assert!(lexicon::set_adverb(w).is_none(), "{w}");
        assert!(lexicon::holiday(&[w, "day"]).is_none(), "{w}");
    }
    assert!(lexicon::cardinal("the").is_none());
    assert_eq!(lexicon::cardinal("a"), Some(1));
}

#[test]
fn duration_values_name_the_amount_and_the_unit() {
    use grammar::duration_value;
    use lexicon::Unit;
    let rows = [
        (Some(3), Unit::Year, "P3Y"),
        (Some(0), Unit::Year, "P0Y"),
        (Some(2), Unit::Hour, "PT2H"),
        (Some(250), Unit::Minute, "PT250M"),
        (Some(90), Unit::Second, "PT90S"),
        (Some(6), Unit::Month, "P6M"),
        (Some(12), Unit::Week, "P12W"),
        (Some(1), Unit::Day, "P1D"),
        (Some(4), Unit::Quarter, "P4Q"),
        (Some(3), Unit::Decade, "P30Y"),
        (Some(2), Unit::Century, "P200Y"),
        (Some(1500), Unit::Century, "P150000Y"),
        (None, Unit::Decade, "PXE"),
        (None, Unit::Century, "PXC"),
        (None, Unit::Week, "PXW"),
        (None, Unit::Hour, "PTXH"),
    ];
    for (amount, unit, want) in rows {
        assert_eq!(duration_value(amount, unit), want, "{amount:?} {unit:?}");
    }
}
