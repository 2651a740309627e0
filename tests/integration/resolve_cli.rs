//! `dateline resolve`: expressions, values and character offsets.

use serde_json::Value;

use crate::common::*;

fn resolve_jsonl(args: &[&str], file: &std::path::Path) -> Vec<Value> {
    jsonl_rows(
        dateline()
            .arg("resolve")
            .args(args)
            .args(["--format", "jsonl"])
            .arg(file),
    )
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

/// The text of a TimeML document's `<TEXT>`, tags removed and entities
/// decoded, read by Python's XML parser (the scorer's own reader).
fn timeml_plain_text(tml: &str) -> String {
    let script = "import sys, xml.etree.ElementTree as ET\nroot = ET.fromstring(sys.stdin.buffer.read())\nt = root.find('TEXT')\nsys.stdout.write(''.join(t.itertext()))\nsys.stderr.write(str(len(t.findall('TIMEX3'))))";
    let mut child = std::process::Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs");
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(tml.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "not valid XML: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn timeml_output_is_xml_whose_text_is_the_input() {
    let file = fixture("wire/content/ministers-call.txt");
    let out = dateline()
        .args(["resolve", "--dct", "2025-06-24T02:48", "--format", "timeml"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let tml = stdout(&out);
    assert!(
        tml.contains("<TIMEX3 tid=\"t0\" type=\"DATE\" value=\"2025-06-24\""),
        "the DCT: {tml}"
    );
    assert!(tml.contains(">Monday night</TIMEX3>"), "{tml}");
    assert!(
        tml.contains("type=\"DURATION\" value=\"P20Y\">20-year</TIMEX3>"),
        "{tml}"
    );
    assert_eq!(
        timeml_plain_text(&tml),
        std::fs::read_to_string(&file).unwrap()
    );
}

#[test]
fn timeml_for_several_files_needs_an_output_folder() {
    let file = fixture("wire/content/ministers-call.txt");
    let out = dateline()
        .args(["resolve", "--dct", "2025-06-24", "--format", "timeml"])
        .arg(&file)
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("expected --out-dir DIR for 2 files"),
        "{}",
        stderr(&out)
    );
}

/// On the TempEval-3 training set (when `../shared` is present), TimeML
/// output parses and scores exactly as the JSONL does.
#[test]
fn timeml_round_trips_through_the_scorer_like_jsonl() {
    let shared = repo_root().join("../shared");
    let (plain, gold, scorer) = (
        shared.join("tempeval3/train-plain"),
        shared.join("tempeval3/train"),
        shared.join("tools/te3score.py"),
    );
    if !plain.is_dir() || !scorer.is_file() {
        eprintln!("../shared is absent: TempEval-3 round trip skipped");
        return;
    }
    let dir = TempDir::new("te3");
    let tml_dir = dir.path().join("tml");
    let mut jsonl = String::new();
    let mut names: Vec<_> = std::fs::read_dir(&plain)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    for txt in &names {
        let dct = std::fs::read_to_string(txt.with_extension("dct")).unwrap();
        for format in ["jsonl", "timeml"] {
            let out = dateline()
                .args([
                    "resolve",
                    "--dct",
                    dct.trim(),
                    "--format",
                    format,
                    "--out-dir",
                ])
                .arg(&tml_dir)
                .arg(txt)
                .output()
                .unwrap();
            assert!(out.status.success(), "{}: {}", txt.display(), stderr(&out));
            jsonl.push_str(&stdout(&out));
        }
    }
    let jsonl_path = dir.path().join("pred.jsonl");
    std::fs::write(&jsonl_path, jsonl).unwrap();
    let score = |system: &std::path::Path, json: &str| {
        let json = dir.path().join(json);
        let out = std::process::Command::new("python3")
            .arg(&scorer)
            .arg(&gold)
            .arg(system)
            .arg("--json")
            .arg(&json)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "scorer refused {}: {}",
            system.display(),
            stderr(&out)
        );
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap();
        v
    };
    let from_jsonl = score(&jsonl_path, "jsonl.json");
    let from_tml = score(&tml_dir, "tml.json");
    for metric in ["strict", "relaxed", "value", "type"] {
        assert_eq!(
            from_jsonl[metric]["F1"], from_tml[metric]["F1"],
            "{metric} F1 differs"
        );
    }
    assert!(
        from_jsonl["strict"]["F1"].as_f64().unwrap() > 0.8,
        "{from_jsonl}"
    );
}

/// The own evaluation sets (`tests/fixtures/resolve-{tweets,narrative}/`,
/// scored in detail by the unit test `fixture_set_*`) through the command
/// line: every case becomes a file, each (dct, mode) group one
/// `dateline resolve` call; every expected phrase not marked as a known
/// miss comes back with its type, value and character offsets.
#[test]
fn own_evaluation_sets_through_the_command_line() {
    for set in ["resolve-tweets", "resolve-narrative"] {
        let tmp = TempDir::new(set);
        // (dct, mode) → [(file stem, text, [(phrase, type, value)])]
        type Case = (String, String, Vec<(String, String, String)>);
        let mut groups: Vec<((String, String), Vec<Case>)> = Vec::new();
        let mut files: Vec<_> = std::fs::read_dir(fixture(set))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        let mut n = 0;
        for f in files {
            let (mut dct, mut mode) = (String::from("2025-06-24"), String::from("news"));
            let mut cur: Option<Case> = None;
            let src = std::fs::read_to_string(&f).unwrap();
            let mut flush = |cur: &mut Option<Case>, dct: &str, mode: &str| {
                if let Some(c) = cur.take() {
                    let key = (dct.to_string(), mode.to_string());
                    match groups.iter_mut().find(|(k, _)| *k == key) {
                        Some((_, v)) => v.push(c),
                        None => groups.push((key, vec![c])),
                    }
                }
            };
            for line in src.lines().chain(std::iter::once("")) {
                if let Some(t) = line.strip_prefix('>') {
                    let t = t.strip_prefix(' ').unwrap_or(t);
                    match &mut cur {
                        Some(c) => {
                            c.1.push('\n');
                            c.1.push_str(t);
                        }
                        None => {
                            n += 1;
                            cur = Some((format!("case{n:03}"), t.to_string(), Vec::new()));
                        }
                    }
                } else if let Some(w) = line.strip_prefix('=') {
                    let p: Vec<&str> = w.split('|').map(str::trim).collect();
                    let c = cur.as_mut().unwrap();
                    c.2.push((p[0].into(), p[1].into(), p[2].into()));
                } else if line.trim().is_empty() {
                    flush(&mut cur, &dct, &mode);
                } else if let Some(d) = line.strip_prefix("dct:") {
                    dct = d.trim().into();
                } else if let Some(m) = line.strip_prefix("mode:") {
                    mode = m.trim().into();
                }
            }
        }
        let mut checked = 0;
        for ((dct, mode), cases) in &groups {
            let mut paths = Vec::new();
            for (stem, text, _) in cases {
                let p = tmp.path().join(format!("{stem}.txt"));
                std::fs::write(&p, format!("{text}\n")).unwrap();
                paths.push(p);
            }
            let mut cmd = dateline();
            cmd.arg("resolve")
                .args(["--dct", dct, "--mode", mode, "--format", "jsonl"])
                .args(&paths);
            let rows = jsonl_rows(&mut cmd);
            for (stem, text, want) in cases {
                let mine: Vec<Value> = rows
                    .iter()
                    .filter(|r| r["doc"] == stem.as_str())
                    .cloned()
                    .collect();
                for (phrase, kind, value) in want {
                    let r = row(&mine, text, phrase, 0);
                    assert_eq!(
                        r["type"],
                        kind.as_str(),
                        "{set} {text:?}: type of `{phrase}`"
                    );
                    assert_eq!(r["value"], value.as_str(), "{set} {text:?}: `{phrase}`");
                    checked += 1;
                }
            }
        }
        assert!(checked > 80, "{set}: {checked} expectations checked");
    }
}
