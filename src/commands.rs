//! Subcommands: turn parsed [`crate::cli`] arguments into library calls and
//! print their results. Returns the process exit code.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, bail};

use crate::cli::{Cli, Command, ResolveArgs, ResolveFormat};
use crate::content::Dateline;
use crate::resolve::{self, Anchor, Mention};

/// Runs one command. `Ok` carries the exit code (1 when input files had
/// errors); `Err` is a failure of the run itself.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Resolve(args) => resolve_cmd(&args),
        Command::Build(_) | Command::Timeline(_) => bail!("not built yet"),
    }
}

/// One resolved expression as printed by `dateline resolve --format jsonl`.
#[derive(serde::Serialize)]
struct JsonMention<'a> {
    doc: &'a str,
    start: usize,
    end: usize,
    text: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    value: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    r#mod: Option<&'static str>,
    explanation: &'a str,
}

fn resolve_cmd(args: &ResolveArgs) -> anyhow::Result<ExitCode> {
    let dct = match &args.dct {
        Some(s) => Some(Dateline::parse(s).with_context(|| {
            format!("--dct: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS], found `{s}`")
        })?),
        None => None,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = false;
    for file in &args.files {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("{}: cannot read", file.display()))?;
        let doc = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        // The text that is resolved, where it starts in the file, and its anchor.
        let (offset, prose, anchor): (usize, String, Anchor) = match dct {
            Some(d) => (0, text.clone(), d.anchor()),
            None => {
                let source = crate::content::SourceFile {
                    path: file.clone(),
                    text: text.clone(),
                };
                match crate::content::article::parse(source) {
                    Ok(article) => (
                        article.body.start,
                        article.prose.clone(),
                        article.dateline.anchor(),
                    ),
                    Err(diag) => {
                        eprintln!("{diag}");
                        failed = true;
                        continue;
                    }
                }
            }
        };
        let mentions = resolve::resolve(&prose, &anchor, args.mode);
        print_mentions(&mut out, args.format, &doc, &text, offset, &mentions)?;
    }
    out.flush()?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_mentions(
    out: &mut impl Write,
    format: ResolveFormat,
    doc: &str,
    text: &str,
    offset: usize,
    mentions: &[Mention],
) -> anyhow::Result<()> {
    let mut chars = CharCounter::new(text);
    for m in mentions {
        let (start, end) = (m.start + offset, m.end + offset);
        let phrase = &text[start..end];
        match format {
            ResolveFormat::Jsonl => {
                let row = JsonMention {
                    doc,
                    start: chars.at(start),
                    end: chars.at(end),
                    text: phrase,
                    kind: m.timex.kind.as_str(),
                    value: &m.timex.value,
                    r#mod: m.timex.modifier.map(|x| x.as_str()),
                    explanation: &m.explanation,
                };
                serde_json::to_writer(&mut *out, &row)?;
                writeln!(out)?;
            }
            ResolveFormat::Text => {
                let (line, col) = crate::error::line_col(text, start);
                writeln!(
                    out,
                    "{doc}:{line}:{col}\t{phrase}\t{}\t{}{}\t{}",
                    m.timex.kind.as_str(),
                    m.timex.value,
                    m.timex
                        .modifier
                        .map(|x| format!(" ({})", x.as_str()))
                        .unwrap_or_default(),
                    m.explanation
                )?;
            }
        }
    }
    Ok(())
}

/// Converts increasing byte offsets into character offsets in one pass.
struct CharCounter<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharCounter<'a> {
    fn new(text: &'a str) -> Self {
        CharCounter {
            text,
            byte: 0,
            chars: 0,
        }
    }

    fn at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }
}
