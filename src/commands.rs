//! Subcommands: turn parsed [`crate::cli`] arguments into library calls and
//! print their results. Returns the process exit code.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::{
    BuildArgs, Cli, Command, ResolveArgs, ResolveFormat, TimelineArgs, TimelineFormat,
};
use crate::content::Dateline;
use crate::project::{LoadOptions, Project};
use crate::resolve::{self, Mention};
use crate::timeline::ResolvedArticle;

/// Runs one command. `Ok` carries the exit code (1 when input files had
/// errors); `Err` is a failure of the run itself.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Resolve(args) => resolve_cmd(&args),
        Command::Build(args) => build_cmd(&args),
        Command::Timeline(args) => timeline_cmd(&args),
        Command::Serve(args) => serve_cmd(args),
        Command::Check(args) => check_cmd(&args),
        Command::Init(args) => init_cmd(&args),
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
    if args.format == ResolveFormat::Timeml && args.files.len() > 1 && args.out_dir.is_none() {
        anyhow::bail!(
            "--format timeml: expected --out-dir DIR for {} files (one TimeML document each)",
            args.files.len()
        );
    }
    if let Some(dir) = &args.out_dir {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create folder", dir.display()))?;
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = false;
    for file in &args.files {
        let text = match std::fs::read_to_string(file) {
            Ok(t) => t,
            Err(err) => {
                eprintln!("{}: error: cannot read: {err}", file.display());
                failed = true;
                continue;
            }
        };
        let doc = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        // The text that is resolved, where it starts in the file, and its anchor.
        let (offset, prose, dateline): (usize, String, Dateline) = match dct {
            Some(d) => (0, text.clone(), d),
            None => {
                let source = crate::content::SourceFile {
                    path: file.clone(),
                    text: text.clone(),
                };
                match crate::content::article::parse(source) {
                    Ok(article) => (article.body.start, article.prose.clone(), article.dateline),
                    Err(diag) => {
                        eprintln!("{diag}");
                        failed = true;
                        continue;
                    }
                }
            }
        };
        let mentions = resolve::resolve(&prose, &dateline.anchor(), args.mode);
        if args.format == ResolveFormat::Timeml {
            let dct_value = dateline.date.format("%Y-%m-%d").to_string();
            let tml = crate::render::timeml::document_for(
                &doc,
                &dct_value,
                &dateline.iso(),
                None,
                &text[offset..],
                &mentions,
            );
            match &args.out_dir {
                Some(dir) => {
                    let path = dir.join(format!("{doc}.tml"));
                    std::fs::write(&path, tml)
                        .with_context(|| format!("{}: cannot write", path.display()))?;
                }
                None => out.write_all(tml.as_bytes())?,
            }
            continue;
        }
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
            ResolveFormat::Timeml => unreachable!("TimeML is written per document by resolve_cmd"),
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

fn report(project: &Project) {
    for d in &project.diagnostics {
        eprintln!("{d}");
    }
}

/// A one-line progress indicator on stderr for builds longer than a
/// second: shown only on a terminal and without `--quiet`, redrawn at most
/// ten times a second, erased when the build ends.
struct Progress {
    enabled: bool,
    started: std::time::Instant,
    state: std::sync::Mutex<(std::time::Instant, &'static str)>,
    done: std::sync::atomic::AtomicUsize,
    total: usize,
}

impl Progress {
    fn new(quiet: bool) -> Progress {
        use std::io::IsTerminal;
        let now = std::time::Instant::now();
        Progress {
            enabled: !quiet && std::io::stderr().is_terminal(),
            started: now,
            state: std::sync::Mutex::new((now, "")),
            done: std::sync::atomic::AtomicUsize::new(0),
            total: 0,
        }
    }

    /// Starts a stage; `total` > 0 shows a count of done items.
    fn stage(&mut self, name: &'static str, total: usize) {
        self.total = total;
        self.done.store(0, std::sync::atomic::Ordering::Relaxed);
        if let Ok(mut s) = self.state.lock() {
            s.1 = name;
        }
        self.draw(true);
    }

    fn tick(&self) {
        self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.draw(false);
    }

    fn draw(&self, force: bool) {
        if !self.enabled || self.started.elapsed() < std::time::Duration::from_secs(1) {
            return;
        }
        let Ok(mut s) = self.state.try_lock() else {
            return;
        };
        if !force && s.0.elapsed() < std::time::Duration::from_millis(100) {
            return;
        }
        s.0 = std::time::Instant::now();
        let done = self.done.load(std::sync::atomic::Ordering::Relaxed);
        let count = if self.total > 0 {
            format!(" {}/{}", done.min(self.total), self.total)
        } else {
            String::new()
        };
        eprint!(
            "\r\x1b[K{}{count} ({:.0} s)",
            s.1,
            self.started.elapsed().as_secs_f64()
        );
    }

    fn clear(&self) {
        if self.enabled && self.started.elapsed() >= std::time::Duration::from_secs(1) {
            eprint!("\r\x1b[K");
        }
    }
}

fn build_cmd(args: &BuildArgs) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let mut progress = Progress::new(args.quiet);
    progress.stage("reading, resolving and merging articles…", 0);
    // Loading reports no counts: redraw the elapsed time from a ticker.
    let loaded = std::sync::atomic::AtomicBool::new(false);
    let project = std::thread::scope(|scope| {
        if progress.enabled {
            scope.spawn(|| {
                while !loaded.load(std::sync::atomic::Ordering::Relaxed) {
                    std::thread::sleep(std::time::Duration::from_millis(100));
                    progress.draw(true);
                }
            });
        }
        let project = Project::load(
            &args.root,
            &LoadOptions {
                include_drafts: args.drafts,
                release_text: true,
            },
        );
        loaded.store(true, std::sync::atomic::Ordering::Relaxed);
        project
    })?;
    progress.clear();
    report(&project);
    let mut project = project;
    if let Some(url) = &args.base_url {
        project.config.base_url = url.clone();
    }
    if !args.quiet && crate::render::feeds::origin_of(&project.config.base_url).is_none() {
        eprintln!(
            "warning: base_url is not set (or not an http(s) URL): feeds, sitemap and calendar use {}; set base_url in dateline.toml or pass --base-url",
            crate::render::feeds::FALLBACK_ORIGIN
        );
    }
    let output = match &args.output {
        Some(o) if o.is_absolute() => o.clone(),
        Some(o) => args.root.join(o),
        None => args.root.join("public"),
    };
    // Each page is written as soon as it is rendered: the site is never
    // held in memory whole (at 10k articles it was most of the peak RSS).
    let t = crate::timings::stage("render+write");
    let writer = crate::output::SiteWriter::create(&output)?;
    let pages = 2 * project.docs.len();
    progress.stage("rendering and writing pages", pages);
    // Article pages whose inputs are the last build's are not rendered.
    let unchanged = |paths: &[std::path::PathBuf], inputs: u64| {
        let kept = writer.keep_unchanged(paths, inputs)?;
        if kept {
            paths.iter().for_each(|_| progress.tick());
        }
        Ok(kept)
    };
    let files = project.render_to(args.base_path.as_deref(), Some(&unchanged), &|_, file| {
        writer.write(&file)?;
        progress.tick();
        Ok(())
    });
    progress.clear();
    let files = files?;
    drop(t);
    let t = crate::timings::stage("finish (static, rename)");
    writer.finish(&args.root.join("static"))?;
    drop(t);
    let errors = project.error_count();
    if !args.quiet {
        eprintln!(
            "built {} article{}, {} event{}, {} undated, {} files into {} in {:.2} s{}",
            project.docs.len(),
            plural(project.docs.len()),
            project.timeline.events.len(),
            plural(project.timeline.events.len()),
            project.timeline.undated.len(),
            files,
            output.display(),
            started.elapsed().as_secs_f64(),
            if errors > 0 {
                format!("; {errors} article error{} (see above)", plural(errors))
            } else {
                String::new()
            }
        );
    }
    Ok(if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// One source of an event in `dateline timeline --format jsonl`.
#[derive(serde::Serialize)]
struct JsonSource {
    article: String,
    /// The id of the phrase's `<time>` element in the article page.
    anchor: String,
    dateline: String,
    text: String,
}

/// One event of `dateline timeline --format jsonl`.
#[derive(serde::Serialize)]
struct JsonEvent<'a> {
    value: Option<&'a str>,
    label: Option<String>,
    precision: Option<&'static str>,
    text: String,
    phrase: &'a str,
    article: String,
    sources: Vec<JsonSource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    first_reported: Option<JsonSource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reported_after_days: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    salience: Option<f32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<bool>,
}

fn timeline_cmd(args: &TimelineArgs) -> anyhow::Result<ExitCode> {
    let project = Project::load(&args.root, &LoadOptions::default())?;
    report(&project);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let docs = &project.docs;
    let path = |i: usize| docs[i].article.path.to_string_lossy().replace('\\', "/");
    let clean = |doc: &ResolvedArticle, r: std::ops::Range<usize>| {
        doc.article.prose[r]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let source = |r: &crate::timeline::Report| JsonSource {
        article: path(r.article()),
        anchor: ResolvedArticle::anchor_id(r.mention()),
        dateline: docs[r.article()].article.dateline.iso(),
        text: clean(&docs[r.article()], r.span()),
    };
    for e in &project.timeline.events {
        let doc = &docs[e.article];
        let m = doc.mention(e.mention);
        let phrase = &doc.article.prose[m.start..m.end];
        let summary = e.summary(docs).display();
        match args.format {
            TimelineFormat::Jsonl => {
                let first = e
                    .reports
                    .iter()
                    .find(|r| r.article() == e.first_reported)
                    .map(source);
                let row = JsonEvent {
                    value: Some(&m.timex.value),
                    label: Some(e.placement.label()),
                    precision: Some(e.placement.precision.as_str()),
                    text: summary,
                    phrase,
                    article: path(e.article),
                    sources: e.reports.iter().map(source).collect(),
                    first_reported: first,
                    reported_after_days: e.report_delay_days(docs),
                    salience: Some(e.salience),
                    key: Some(e.key),
                };
                serde_json::to_writer(&mut out, &row)?;
                writeln!(out)?;
            }
            TimelineFormat::Text => {
                let first = &docs[e.first_reported].article;
                let n = e.sources.len();
                writeln!(
                    out,
                    "{}{}  [{}]\n    {}\n    {} source{} · first reported {} in \"{}\" ({})\n",
                    if e.key { "★ " } else { "" },
                    e.placement.label(),
                    m.timex.value,
                    summary,
                    n,
                    plural(n),
                    first.dateline.date.format("%-d %B %Y"),
                    first.title,
                    path(e.first_reported)
                )?;
            }
        }
    }
    if args.format == TimelineFormat::Text && !project.timeline.undated.is_empty() {
        writeln!(out, "Undated\n")?;
    }
    for u in &project.timeline.undated {
        let doc = &docs[u.article];
        let m = doc.mention(u.mentions[0]);
        let phrase = &doc.article.prose[m.start..m.end];
        let text = clean(doc, doc.sentences[u.sentence].clone());
        match args.format {
            TimelineFormat::Jsonl => {
                let row = JsonEvent {
                    value: None,
                    label: None,
                    precision: None,
                    text: text.clone(),
                    phrase,
                    article: path(u.article),
                    sources: vec![JsonSource {
                        article: path(u.article),
                        anchor: ResolvedArticle::anchor_id(u.mentions[0]),
                        dateline: doc.article.dateline.iso(),
                        text,
                    }],
                    first_reported: None,
                    reported_after_days: None,
                    salience: None,
                    key: None,
                };
                serde_json::to_writer(&mut out, &row)?;
                writeln!(out)?;
            }
            TimelineFormat::Text => {
                writeln!(
                    out,
                    "    {text}  [{phrase}: {}]\n    — {} ({})\n",
                    m.timex.value,
                    doc.article.title,
                    path(u.article)
                )?;
            }
        }
    }
    if args.format == TimelineFormat::Text {
        for c in &project.timeline.conflicts {
            let (a, b) = (
                &project.timeline.events[c.first],
                &project.timeline.events[c.second],
            );
            writeln!(
                out,
                "conflict: {} ({}) and {} ({}) look like the same event",
                path(a.article),
                a.placement.label(),
                path(b.article),
                b.placement.label()
            )?;
        }
    }
    out.flush()?;
    Ok(if project.error_count() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn serve_cmd(args: crate::cli::ServeArgs) -> anyhow::Result<ExitCode> {
    crate::serve::serve(&crate::serve::ServeOptions {
        root: args.root,
        interface: args.interface,
        port: args.port,
        base_path: args.base_path,
        open: args.open,
        drafts: args.drafts,
    })?;
    Ok(ExitCode::SUCCESS)
}

fn check_cmd(args: &crate::cli::CheckArgs) -> anyhow::Result<ExitCode> {
    let report = crate::check::check(
        &args.root,
        &LoadOptions {
            include_drafts: args.drafts,
            ..LoadOptions::default()
        },
    )?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    report.print(&mut out)?;
    out.flush()?;
    Ok(if report.fails(args.deny_warnings) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn init_cmd(args: &crate::cli::InitArgs) -> anyhow::Result<ExitCode> {
    let written = crate::init::init(&args.dir)?;
    for path in &written {
        println!("created {}", path.display());
    }
    println!(
        "next: dateline build --root {} (add public/ and .dateline-* to .gitignore; on GitHub, set Settings → Pages → Source to GitHub Actions)",
        args.dir.display()
    );
    Ok(ExitCode::SUCCESS)
}
