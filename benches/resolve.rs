//! Throughput of the resolver: resolves every `*.txt` of a directory (by
//! default the TempEval-3 training text) in one process, several times, and
//! reports the median MB/s on one core.
//!
//! ```text
//! cargo bench --bench resolve [-- DIR [RUNS]]
//! ```
//!
//! Each file's dateline is read from the sibling `.dct` file when present
//! (as `te3score.sh` does), else 2025-06-24.
//!
//! Two rates are printed: wall-clock, and on-CPU time of the thread (from
//! Linux `/proc/thread-self/schedstat`), which stays meaningful on a
//! machine shared with other jobs.

mod common;

use std::time::Instant;

use chrono::{NaiveDate, NaiveTime};
use dateline::resolve::{Anchor, Mode, resolve};

fn anchor_of(dct: &str) -> Anchor {
    let dct = dct.trim();
    let (d, t) = dct.split_once('T').unwrap_or((dct, ""));
    Anchor {
        date: NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .unwrap_or(NaiveDate::from_ymd_opt(2025, 6, 24).expect("valid date")),
        time: NaiveTime::parse_from_str(&t[..t.len().min(5)], "%H:%M").ok(),
    }
}

fn main() {
    let args = common::args();
    let dir = args
        .first()
        .cloned()
        .unwrap_or_else(|| "/work/shared/tempeval3/train-plain".to_string());
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(7);
    let mut docs = Vec::new();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("{dir}: cannot read; pass a directory of .txt files");
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        if path.extension().is_some_and(|x| x == "txt") {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let dct = std::fs::read_to_string(path.with_extension("dct")).unwrap_or_default();
            docs.push((text, anchor_of(&dct)));
        }
    }
    let bytes: usize = docs.iter().map(|(t, _)| t.len()).sum();
    let mut rates = Vec::new();
    let mut cpu_rates = Vec::new();
    let mut mentions = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let cpu0 = common::cpu_ns();
        mentions = 0;
        for (text, anchor) in &docs {
            mentions += std::hint::black_box(resolve(text, anchor, Mode::News)).len();
        }
        let secs = start.elapsed().as_secs_f64();
        if let (Some(a), Some(b)) = (cpu0, common::cpu_ns()) {
            cpu_rates.push(bytes as f64 / ((b - a) as f64 / 1e9) / 1e6);
        }
        rates.push(bytes as f64 / secs / 1e6);
    }
    rates.sort_by(f64::total_cmp);
    cpu_rates.sort_by(f64::total_cmp);
    let median = rates[rates.len() / 2];
    println!(
        "{} docs, {:.2} MB, {mentions} mentions, {runs} runs: median {median:.1} MB/s (min {:.1}, max {:.1})",
        docs.len(),
        bytes as f64 / 1e6,
        rates[0],
        rates[rates.len() - 1]
    );
    if !cpu_rates.is_empty() {
        println!(
            "on-CPU time: median {:.1} MB/s (min {:.1}, max {:.1})",
            cpu_rates[cpu_rates.len() / 2],
            cpu_rates[0],
            cpu_rates[cpu_rates.len() - 1]
        );
    }
}
