//! The `dateline` binary: parse arguments, run, report, exit.

use std::process::ExitCode;

/// mimalloc instead of the system allocator. Building a site is millions
/// of short-lived strings from two threads; glibc's malloc and free were a
/// fifth of a 10k build's samples, and its per-thread arenas fragment when
/// long-lived strings land among freed chunks (see `render::site`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = <dateline::cli::Cli as clap::Parser>::parse();
    match dateline::commands::run(args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
