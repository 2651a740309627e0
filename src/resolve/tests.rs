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
