//! The fixture story (`tests/fixtures/story`): eight articles from four
//! datelines about one harbour fire. Checks each merge and each non-merge,
//! then the whole timeline against a golden file.
//!
//! To accept a changed timeline after reading its diff:
//! `UPDATE_GOLDEN=1 cargo test --test integration story`.

use serde_json::Value;

use crate::common::*;

fn timeline(format: &str) -> String {
    let out = dateline()
        .args(["timeline", "--format", format, "--root"])
        .arg(fixture("story"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

fn events() -> Vec<Value> {
    timeline("jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|v: &Value| !v["value"].is_null())
        .collect()
}

/// The event whose sources include the phrase `phrase` of `article`.
fn event_with<'a>(events: &'a [Value], article: &str, text_part: &str) -> &'a Value {
    events
        .iter()
        .find(|e| {
            e["sources"].as_array().unwrap().iter().any(|s| {
                s["article"] == format!("content/{article}")
                    && s["text"].as_str().unwrap().contains(text_part)
            })
        })
        .unwrap_or_else(|| panic!("no event from {article} with `{text_part}`"))
}

fn source_articles(e: &Value) -> Vec<&str> {
    e["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["article"].as_str().unwrap())
        .collect()
}

#[test]
fn the_fire_told_four_ways_is_one_event() {
    let events = events();
    // "on Friday night", "on March 7", "three days ago", "last Friday".
    let fire = event_with(&events, "a1-fire.txt", "A fire broke out");
    assert_eq!(
        source_articles(fire),
        [
            "content/a1-fire.txt",
            "content/a2-smoke.md",
            "content/a3-chemicals.md",
            "content/a5-resignation.txt"
        ]
    );
    assert_eq!(fire["value"], "2025-03-07TNI", "the most precise date wins");
    assert_eq!(fire["first_reported"]["article"], "content/a1-fire.txt");
    assert_eq!(fire["reported_after_days"], 1);
    assert_eq!(fire["key"], true);
}

#[test]
fn the_port_closure_and_the_resignation_merge_across_three_articles() {
    let events = events();
    // "today" (8 March), "yesterday" (9 March), "on March 8".
    let closure = event_with(&events, "a1-fire.txt", "closed the port");
    assert_eq!(
        source_articles(closure),
        [
            "content/a1-fire.txt",
            "content/a2-smoke.md",
            "content/a4-emergency.md"
        ]
    );
    assert_eq!(closure["value"], "2025-03-08");
    // "yesterday" (13 March), "on Wednesday" (14 March), "on March 12".
    let resignation = event_with(&events, "a5-resignation.txt", "resigned yesterday");
    assert_eq!(
        source_articles(resignation),
        [
            "content/a5-resignation.txt",
            "content/a6-company.md",
            "content/a7-inquiry.md"
        ]
    );
    assert_eq!(resignation["value"], "2025-03-12");
    assert_eq!(
        resignation["first_reported"]["dateline"],
        "2025-03-13T18:20"
    );
}

#[test]
fn two_events_of_the_same_day_stay_apart() {
    let events = events();
    let closure = event_with(&events, "a1-fire.txt", "closed the port");
    let emergency = event_with(&events, "a1-fire.txt", "state of emergency");
    assert_ne!(closure, emergency);
    assert_eq!(emergency["value"], "2025-03-08TMO");
    assert_eq!(
        source_articles(emergency),
        ["content/a1-fire.txt", "content/a4-emergency.md"]
    );
    // The one-berth reopening (11 March) and the full reopening (19 March) are two events.
    let one = event_with(&events, "a4-emergency.md", "one berth");
    let all = event_with(&events, "a8-memorial.md", "All berths");
    assert_ne!(one, all);
}

#[test]
fn contradicting_inspection_dates_are_both_kept_and_reported() {
    let events = events();
    let a = event_with(&events, "a2-smoke.md", "last inspected");
    let b = event_with(&events, "a6-company.md", "last inspected");
    assert_eq!(
        (a["value"].as_str(), b["value"].as_str()),
        (Some("2025-02-20"), Some("2025-02-27"))
    );
    let text = timeline("text");
    assert!(
        text.contains("conflict: content/a2-smoke.md (Thursday 20 February 2025) and content/a6-company.md (Thursday 27 February 2025) look like the same event"),
        "{text}"
    );
    assert_eq!(
        text.matches("conflict:").count(),
        1,
        "no other conflict: {text}"
    );
}

#[test]
fn the_story_timeline_matches_its_golden_file() {
    let got = timeline("text");
    let path = fixture("story").join("expected-timeline.txt");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &got).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap();
    if got != want {
        let diff: Vec<String> = want
            .lines()
            .zip(got.lines())
            .enumerate()
            .filter(|(_, (w, g))| w != g)
            .take(10)
            .map(|(i, (w, g))| format!("line {}:\n  want: {w}\n   got: {g}", i + 1))
            .collect();
        panic!(
            "timeline differs from {} ({} vs {} lines):\n{}",
            path.display(),
            want.lines().count(),
            got.lines().count(),
            diff.join("\n")
        );
    }
}
