//! Stage timings for profiling: with `DATELINE_TIMINGS=1` in the
//! environment, each stage of a build prints its wall time to stderr
//! (`timing: resolve 1.234 s`). Off by default and free when off.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("DATELINE_TIMINGS").is_some_and(|v| v != "0"))
}

/// A running stage; prints its time when dropped.
pub struct Stage {
    name: &'static str,
    start: Option<Instant>,
}

/// Starts timing `name` (a no-op unless `DATELINE_TIMINGS` is set).
pub fn stage(name: &'static str) -> Stage {
    Stage {
        name,
        start: enabled().then(Instant::now),
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        if let Some(start) = self.start {
            eprintln!(
                "timing: {} {:.3} s",
                self.name,
                start.elapsed().as_secs_f64()
            );
        }
    }
}
