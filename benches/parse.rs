//! CPU cost of the per-article work of a build's "read+parse+resolve"
//! stage, without the disk: every article of a site is read once, then
//! parsed (front matter, Markdown prose), resolved and split into
//! sentences on one thread, several times; prints the median on-CPU rate.
//!
//! ```text
//! cargo bench --bench parse [-- SITE_ROOT [RUNS]]
//! ```
//!
//! SITE_ROOT defaults to `target/bench/1000/dateline` (made by
//! `scripts/bench.sh`).

mod common;

use std::time::Instant;

use dateline::content::discover;
use dateline::project::process;

fn main() {
    let args = common::args();
    let root = args
        .first()
        .cloned()
        .unwrap_or_else(|| "target/bench/1000/dateline".to_string());
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(5);
    let Ok((files, _)) = discover::discover(std::path::Path::new(&root)) else {
        eprintln!("{root}: no content/ folder; pass a site root");
        return;
    };
    let bytes: usize = files.iter().map(|f| f.text.len()).sum();
    let mut cpu = Vec::new();
    let mut wall = Vec::new();
    let mut mentions = 0;
    for _ in 0..runs {
        let batch = files.clone();
        let start = Instant::now();
        let cpu0 = common::cpu_ns();
        mentions = 0;
        for f in batch {
            if let Ok(a) = std::hint::black_box(process(f)) {
                mentions += a.mention_count();
            }
        }
        wall.push(start.elapsed().as_secs_f64());
        if let (Some(a), Some(b)) = (cpu0, common::cpu_ns()) {
            cpu.push((b - a) as f64 / 1e9);
        }
    }
    wall.sort_by(f64::total_cmp);
    cpu.sort_by(f64::total_cmp);
    println!(
        "{} articles, {:.2} MB, {mentions} mentions, {runs} runs: wall median {:.3} s",
        files.len(),
        bytes as f64 / 1e6,
        wall[wall.len() / 2]
    );
    if !cpu.is_empty() {
        let m = cpu[cpu.len() / 2];
        println!(
            "on-CPU: median {m:.3} s = {:.1} MB/s (min {:.3} s, max {:.3} s)",
            bytes as f64 / m / 1e6,
            cpu[0],
            cpu[cpu.len() - 1]
        );
    }
}
