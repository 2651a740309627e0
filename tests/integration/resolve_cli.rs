//! `dateline resolve`: expressions, values and character offsets.

use serde_json::Value;

use crate::common::*;

fn resolve_jsonl(args: &[&str], file: &std::path::Path) -> Vec<Value> {
    let out = dateline()
        .arg("resolve")
        .args(args)
        .args(["--format", "jsonl"])
        .arg(file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Finds the row for `phrase` (the `nth` occurrence among rows) and checks
/// that its character offsets point at that phrase in `text`.
fn row<'a>(rows: &'a [Value], text: &str, phrase: &str, nth: usize) -> &'a Value {
    let found: Vec<&Value> = rows.iter().filter(|r| r["text"] == phrase).collect();
    let r = found
        .get(nth)
        .unwrap_or_else(|| panic!("no mention #{nth} of `{phrase}` in {rows:#?}"));
    let chars: Vec<char> = text.chars().collect();
    let (s, e) = (
        r["start"].as_u64().unwrap() as usize,
        r["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        chars[s..e].iter().collect::<String>(),
        phrase,
        "offsets of `{phrase}`"
    );
    r
}

/// The five expressions of the kind of article dateline was made for.
fn check_minister_story(file: &std::path::Path, args: &[&str]) {
    let text = std::fs::read_to_string(file).unwrap();
    let rows = resolve_jsonl(args, file);
    let stem = file.file_stem().unwrap().to_str().unwrap();
    assert!(rows.iter().all(|r| r["doc"] == stem));
    let expect = [
        ("Monday night", 0, "TIME", "2025-06-23TNI"),
        ("June 21", 0, "DATE", "2025-06-21"),
        ("20-year", 0, "DURATION", "P20Y"),
        ("January", 0, "DATE", "2025-01"),
    ];
    for (phrase, nth, kind, value) in expect {
        let r = row(&rows, &text, phrase, nth);
        assert_eq!(r["type"], kind, "type of `{phrase}`");
        assert_eq!(r["value"], value, "value of `{phrase}`");
        assert!(
            r["explanation"].as_str().is_some_and(|e| !e.is_empty()),
            "`{phrase}` explains itself"
        );
    }
    // "Monday" of "Monday visit": the previous Monday, a day.
    let monday = rows
        .iter()
        .find(|r| r["text"] == "Monday")
        .expect("the Monday visit is found");
    assert_eq!(monday["value"], "2025-06-23");
    let s = monday["start"].as_u64().unwrap() as usize;
    let after: String = text.chars().skip(s).take(12).collect();
    assert_eq!(after, "Monday visit");
}

#[test]
fn resolves_the_five_reference_kinds_of_a_wire_story() {
    let file = fixture("wire/content/ministers-call.txt");
    check_minister_story(&file, &["--dct", "2025-06-24T02:48"]);
    // Without --dct the article's own dateline anchors, offsets stay file offsets.
    check_minister_story(&file, &[]);
}

#[test]
fn resolves_the_seed_article_when_it_is_present() {
    let Some(seed) = seed() else {
        eprintln!("../shared is absent: seed check skipped");
        return;
    };
    check_minister_story(&seed, &["--dct", "2025-06-24T02:48"]);
    check_minister_story(&seed, &[]);
}

#[test]
fn a_bad_dct_is_a_clear_error() {
    let out = dateline()
        .args(["resolve", "--dct", "24/06/2025"])
        .arg(fixture("wire/content/ministers-call.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .contains("--dct: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS], found `24/06/2025`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_article_without_dateline_is_reported_and_others_still_resolved() {
    let out = dateline()
        .args(["resolve", "--format", "jsonl"])
        .arg(fixture("invalid/bad-dateline/content/no-dateline.txt"))
        .arg(fixture("wire/content/ministers-call.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no-dateline.txt:3:1: error: expected a dateline"),
        "{}",
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("\"2025-06-21\""),
        "the good file is still resolved"
    );
}
