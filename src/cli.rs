//! Command-line interface: clap definitions of every subcommand.
//!
//! The structs here are the raw arguments; [`crate::commands`] turns them
//! into calls of the library.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::resolve::Mode;

/// Turn a folder of news articles into a static timeline website, every
/// date anchored to its article's dateline.
#[derive(Debug, Parser)]
#[command(name = "dateline", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the static site from ROOT/content into the output folder.
    Build(BuildArgs),
    /// Find and resolve the temporal expressions of files, print them.
    Resolve(ResolveArgs),
    /// Print the ordered timeline of the site's articles.
    Timeline(TimelineArgs),
    /// Preview the site: build in memory, serve it, rebuild and reload
    /// open pages on every change.
    Serve(ServeArgs),
    /// Report everything build would, and likely mistakes, without writing.
    Check(CheckArgs),
    /// Create a new site in DIR: dateline.toml, an example article and a
    /// GitHub Pages workflow. Never overwrites a file.
    Init(InitArgs),
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Folder of the new site (created if needed).
    #[arg(default_value = ".", value_name = "DIR")]
    pub dir: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// Site root: holds content/, optional static/ and dateline.toml.
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Where the site is written (relative paths are taken from ROOT).
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// URL path the site is served under, e.g. /repo/ for a GitHub Pages
    /// project site [default: base_path from dateline.toml, else /].
    #[arg(long, value_name = "PATH")]
    pub base_path: Option<String>,
    /// Absolute URL of the published site for feeds, sitemap and calendar;
    /// only scheme and host are used [default: base_url from dateline.toml].
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Include articles marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ResolveFormat {
    /// A readable table with the explanation of each value.
    Text,
    /// One JSON object per expression.
    Jsonl,
    /// A TimeML document per file: the text with inline TIMEX3 tags.
    Timeml,
}

#[derive(Debug, clap::Args)]
pub struct ResolveArgs {
    /// Document creation time (YYYY-MM-DD, YYYY-MM-DDTHH:MM or with :SS): the
    /// files are plain text anchored to it. Without it each file is an
    /// article and its own dateline anchors it.
    #[arg(long, value_name = "DATETIME")]
    pub dct: Option<String>,
    /// How relative expressions are anchored.
    #[arg(long, value_enum, default_value_t = Mode::News)]
    pub mode: Mode,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ResolveFormat::Text)]
    pub format: ResolveFormat,
    /// With `--format timeml`: write DIR/NAME.tml for each file, NAME being
    /// its name without the extension, instead of printing (needed for
    /// several files).
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Files to resolve.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TimelineFormat {
    /// The timeline as a person reads it.
    Text,
    /// One JSON object per event, then the undated sentences.
    Jsonl,
}

#[derive(Debug, clap::Args)]
pub struct TimelineArgs {
    /// Site root: holds content/.
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TimelineFormat::Text)]
    pub format: TimelineFormat,
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Site root: holds content/, optional static/ and dateline.toml.
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Address to listen on; anything but a loopback address exposes the
    /// preview to the network.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub interface: std::net::IpAddr,
    /// Port to listen on; 0 picks a free one (the address is printed).
    #[arg(long, default_value_t = 1111, value_name = "N")]
    pub port: u16,
    /// URL path to serve the site under, e.g. /repo/ as on GitHub Pages
    /// [default: base_path from dateline.toml, else /].
    #[arg(long, value_name = "PATH")]
    pub base_path: Option<String>,
    /// Open the site in a browser.
    #[arg(long)]
    pub open: bool,
    /// Include articles marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Site root: holds content/, optional static/ and dateline.toml.
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Exit with status 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Include articles marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
}
