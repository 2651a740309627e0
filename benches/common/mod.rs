//! What the benches share: their arguments and the thread's CPU time.

/// The arguments that are not `--` flags (cargo passes `--bench`).
pub fn args() -> Vec<String> {
    std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect()
}

/// Nanoseconds this thread has spent on a CPU (Linux), if known.
pub fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}
