//! `dateline timeline`: the ordered events of a site.

use serde_json::Value;

use crate::common::*;

fn timeline_jsonl(root: &std::path::Path) -> Vec<Value> {
    jsonl_rows(
        dateline()
            .args(["timeline", "--format", "jsonl", "--root"])
            .arg(root),
    )
}

/// The story's events come out as: the pact, the strikes, the visit, the call.
fn check_story_order(rows: &[Value]) {
    let dated: Vec<&Value> = rows.iter().filter(|r| !r["value"].is_null()).collect();
    let values: Vec<&str> = dated.iter().map(|r| r["value"].as_str().unwrap()).collect();
    assert_eq!(
        values,
        ["2025-01", "2025-06-21", "2025-06-23", "2025-06-23TNI"],
        "{rows:#?}"
    );
    let phrases: Vec<&str> = dated
        .iter()
        .map(|r| r["phrase"].as_str().unwrap())
        .collect();
    assert_eq!(phrases, ["January", "June 21", "Monday", "Monday night"]);
    assert!(
        dated[0]["text"]
            .as_str()
            .unwrap()
            .contains("pact signed in January")
    );
    assert!(dated[2]["text"].as_str().unwrap().contains("Monday visit"));
    assert!(
        dated[3]["text"]
            .as_str()
            .unwrap()
            .contains("phone call Monday night")
    );
    assert_eq!(dated[0]["label"], "January 2025");
    assert_eq!(dated[3]["label"], "Monday 23 June 2025, night");
    for r in rows {
        let v = r["value"].as_str().unwrap_or("");
        assert!(
            !v.starts_with('P') && !v.ends_with("_REF"),
            "no duration or vague reference is an event: {r}"
        );
        assert!(r["sources"].as_array().is_some_and(|s| !s.is_empty()));
    }
    // Undated sentences come after the events, with a null value.
    let first_undated = rows
        .iter()
        .position(|r| r["value"].is_null())
        .unwrap_or(rows.len());
    assert!(rows[first_undated..].iter().all(|r| r["value"].is_null()));
}

#[test]
fn the_wire_story_is_ordered_from_the_pact_to_the_phone_call() {
    let rows = timeline_jsonl(&fixture("wire"));
    check_story_order(&rows);
    assert!(
        rows.iter()
            .all(|r| r["article"] == "content/ministers-call.txt")
    );
}

#[test]
fn the_seed_alone_gives_the_same_order() {
    let Some(seed) = seed() else {
        eprintln!("../shared is absent: seed check skipped");
        return;
    };
    let dir = TempDir::new("seed");
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::copy(&seed, dir.path().join("content/seed.txt")).unwrap();
    check_story_order(&timeline_jsonl(dir.path()));
}

#[test]
fn text_format_reads_like_a_timeline() {
    let out = dateline()
        .args(["timeline", "--root"])
        .arg(fixture("wire"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = stdout(&out);
    let pact = text.find("January 2025").expect("month-level label");
    let call = text
        .find("Monday 23 June 2025, night")
        .expect("part-of-day label");
    assert!(pact < call, "{text}");
}
