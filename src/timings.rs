//! Stage timings for profiling: with `DATELINE_TIMINGS=1` in the
//! environment, each stage of a build prints its wall time to stderr, and
//! on Linux the CPU time (user + system, all threads) the process spent
//! during it, and the system part of it (`timing: resolve 1.234 s (cpu
//! 2.101 s, sys 0.120 s)`): on a busy machine the wall time says little,
//! the CPU time still measures the work. The
//! resident memory at the end of the stage and the peak so far follow
//! (`rss 310 MiB, peak 340 MiB`). Off by default and free when off.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("DATELINE_TIMINGS").is_some_and(|v| v != "0"))
}

/// A running stage; prints its time when dropped.
pub struct Stage {
    name: &'static str,
    start: Option<(Instant, Option<(f64, f64)>)>,
}

/// Starts timing `name` (a no-op unless `DATELINE_TIMINGS` is set).
pub fn stage(name: &'static str) -> Stage {
    Stage {
        name,
        start: enabled().then(|| (Instant::now(), cpu_seconds())),
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        if let Some((start, cpu)) = self.start {
            let cpu = match (cpu, cpu_seconds()) {
                (Some(a), Some(b)) => {
                    format!(" (cpu {:.3} s, sys {:.3} s)", b.0 - a.0, b.1 - a.1)
                }
                _ => String::new(),
            };
            let memory = memory_mib()
                .map(|(rss, peak)| format!(", rss {rss} MiB, peak {peak} MiB"))
                .unwrap_or_default();
            eprintln!(
                "timing: {} {:.3} s{cpu}{memory}",
                self.name,
                start.elapsed().as_secs_f64()
            );
        }
    }
}

/// User + system CPU time of the whole process so far, and its system
/// part, from `/proc/self/stat` (fields 14 and 15, in clock ticks:
/// `USER_HZ`, 100 on the platforms Linux runs on today); `None` elsewhere.
fn cpu_seconds() -> Option<(f64, f64)> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name (field 2) may hold spaces; fields after it do not.
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some(((user + system) as f64 / 100.0, system as f64 / 100.0))
}

/// Resident and peak resident memory of the process in MiB, from
/// `/proc/self/status` (`VmRSS`, `VmHWM`); `None` elsewhere.
fn memory_mib() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        let kib: u64 = line[name.len()..]
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()?;
        Some(kib / 1024)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}
