//! The `dateline` binary: parse arguments, run, report, exit.

use std::process::ExitCode;

/// mimalloc instead of the system allocator. Building a site is millions
/// of short-lived strings from two threads; glibc's malloc and free were a
/// fifth of a 10k build's samples, and its per-thread arenas fragment when
/// long-lived strings land among freed chunks (see `render::site`).
///
/// Built with the `no_thp` feature: mimalloc otherwise asks the kernel for
/// transparent huge pages on its arenas, and every 2 MiB page it touches is
/// zeroed and counted whole. That was 5.8 % of a 10k build's perf samples
/// (`clear_page_erms` under `do_huge_pmd_anonymous_page`) and 28–31 MiB of
/// a 100k build's peak (991 MiB against 959–963 MiB, same corpus).
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
