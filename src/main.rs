//! The `dateline` binary: parse arguments, run, report, exit.

use std::process::ExitCode;

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
