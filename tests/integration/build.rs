//! `dateline build`: fixture sites in, checked sites out.

use dateline::project::Project;

use crate::common::*;

#[test]
fn bundled_site_builds_with_no_broken_link_at_root_and_under_a_sub_path() {
    let root = repo_root();
    for base in ["/", "/repo/"] {
        let out = TempDir::new("bundled");
        let site = out.path().join("public");
        let run = build(&root, &site, base);
        assert!(
            run.status.success(),
            "build failed under {base}: {}",
            stderr(&run)
        );
        assert!(site.join("index.html").is_file());
        assert!(site.join("404.html").is_file());
        assert!(site.join(".nojekyll").is_file());
        assert!(site.join("style.css").is_file());
        let articles = std::fs::read_dir(root.join("content")).unwrap().count();
        assert!(articles >= 6, "the bundled story has at least six articles");
        let pages = std::fs::read_dir(site.join("articles")).unwrap().count();
        assert!(
            pages >= articles,
            "one page per article: {pages} pages for {articles} articles"
        );
        let broken = broken_links(&site, base);
        assert!(
            broken.is_empty(),
            "broken links under {base}:\n{}",
            broken.join("\n")
        );
        let index = std::fs::read_to_string(site.join("index.html")).unwrap();
        assert!(
            index.contains(&format!("href=\"{base}style.css\"")),
            "stylesheet link honours {base}"
        );
    }
}

#[test]
fn link_checker_catches_a_broken_link() {
    // The checker itself must be able to fail.
    let out = TempDir::new("linkcheck");
    std::fs::write(
        out.path().join("index.html"),
        r##"<a href="/missing.html">x</a><a href="#nowhere">y</a>"##,
    )
    .unwrap();
    let broken = broken_links(out.path(), "/");
    assert_eq!(broken.len(), 2, "{broken:?}");
}

#[test]
fn output_is_byte_identical_across_time_zones() {
    let root = repo_root();
    let out = TempDir::new("tz");
    let mut sites = Vec::new();
    for (i, tz) in ["UTC", "Pacific/Kiritimati", "America/Los_Angeles"]
        .iter()
        .enumerate()
    {
        let site = out.path().join(format!("site{i}"));
        let run = dateline()
            .env("TZ", tz)
            .args(["build", "--quiet", "--root"])
            .arg(&root)
            .arg("--output")
            .arg(&site)
            .output()
            .unwrap();
        assert!(run.status.success(), "{}", stderr(&run));
        sites.push(read_site(&site));
    }
    assert!(!sites[0].is_empty());
    assert_eq!(sites[0], sites[1], "UTC and UTC+14 builds differ");
    assert_eq!(sites[0], sites[2], "UTC and UTC-8 builds differ");
}

#[test]
fn every_format_is_read_and_drafts_are_left_out() {
    let out = TempDir::new("formats");
    let site = out.path().join("public");
    let run = build(&fixture("formats"), &site, "/");
    assert!(run.status.success(), "{}", stderr(&run));
    let articles = site.join("articles");
    for page in [
        "toml-article.html",
        "yaml-article.html",
        "wire-article.html",
    ] {
        assert!(articles.join(page).is_file(), "{page} missing");
    }
    assert!(
        !articles.join("draft.html").exists(),
        "drafts are not published"
    );
    let toml = std::fs::read_to_string(articles.join("toml-article.html")).unwrap();
    assert!(toml.contains("Rivertown"), "place from front matter");
    assert!(
        toml.contains("<h1>Bridge reopens &#60;after&#62; repairs</h1>"),
        "titles are escaped"
    );
    assert!(!toml.contains("<after>"), "no title markup passes through");
    assert!(
        toml.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "raw HTML is escaped by default"
    );
    assert!(!toml.contains("<script>"), "no raw script passes through");
    let yaml = std::fs::read_to_string(articles.join("yaml-article.html")).unwrap();
    assert!(
        yaml.contains("Millbrook"),
        "place from the wire lead of a Markdown body"
    );
    let wire = std::fs::read_to_string(articles.join("wire-article.html")).unwrap();
    assert!(wire.contains("Porthaven"), "place from the wire lead");
    assert!(
        wire.contains("<h1>Storm closes port</h1>"),
        "title line of a wire article"
    );

    let drafts = out.path().join("with-drafts");
    let run = dateline()
        .args(["build", "--quiet", "--drafts", "--root"])
        .arg(fixture("formats"))
        .arg("--output")
        .arg(&drafts)
        .output()
        .unwrap();
    assert!(run.status.success());
    assert!(
        drafts.join("articles/draft.html").is_file(),
        "--drafts includes drafts"
    );
}

#[test]
fn raw_html_passes_through_only_when_the_config_allows_it() {
    let (_out, root, site) = fixture_copy("formats", "allow-html");
    std::fs::write(root.join("dateline.toml"), "allow_html = true\n").unwrap();
    let run = build(&root, &site, "/");
    assert!(run.status.success(), "{}", stderr(&run));
    let toml = std::fs::read_to_string(site.join("articles/toml-article.html")).unwrap();
    assert!(toml.contains("<script>alert(1)</script>"));
}

#[test]
fn bad_articles_are_reported_with_position_and_the_rest_are_built() {
    let out = TempDir::new("mixed");
    let site = out.path().join("public");
    let run = build(&fixture("invalid/mixed"), &site, "/");
    assert_eq!(
        run.status.code(),
        Some(1),
        "article errors give exit code 1"
    );
    let err = stderr(&run);
    let expected = [
        "content/b-no-date.md:1:1: error: expected a dateline such as `June 24, 2025 - 2:48`, `2025-06-24` or `2025-06-24T02:48:00Z` in a `date` key of the front matter, found no `date` key",
        "content/c-unclosed.md:1:1: error: expected a closing `---` line to end the front matter, found the end of the file (did you forget the `---` line?)",
        "content/d-bad-date.md:3:1: error: expected a dateline such as `June 24, 2025 - 2:48`, `2025-06-24` or `2025-06-24T02:48:00Z`, found `the 5th of May`",
        "content/e-bad-toml.md:2:18: error: front matter: invalid basic string, expected `\"`",
        "content/f-unknown-key.md:3:1: error: front matter: unknown field `dtae`",
    ];
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines.len(),
        expected.len(),
        "one line per bad article:\n{err}"
    );
    for (line, want) in lines.iter().zip(expected) {
        assert!(
            line.starts_with(want),
            "expected `{want}`\n   found `{line}`"
        );
    }
    assert!(!err.contains(".hidden"), "hidden folders are skipped");
    assert!(!err.contains("readme.rst"), "non-article files are skipped");
    assert!(
        site.join("articles/a-good.html").is_file(),
        "the good article is still built"
    );
}

#[test]
fn wire_article_without_a_dateline_line_is_an_error_at_that_line() {
    let out = TempDir::new("bad-dateline");
    let run = build(
        &fixture("invalid/bad-dateline"),
        &out.path().join("public"),
        "/",
    );
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(
        stderr(&run).trim(),
        "content/no-dateline.txt:3:1: error: expected a dateline such as `June 24, 2025 - 2:48`, `2025-06-24` or `2025-06-24T02:48:00Z`, found `sometime last spring`"
    );
}

#[test]
fn a_folder_dateline_did_not_write_is_never_replaced() {
    let out = TempDir::new("foreign");
    let site = out.path().join("public");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(site.join("thesis.txt"), "years of work").unwrap();
    let run = build(&fixture("formats"), &site, "/");
    assert!(!run.status.success());
    assert!(
        stderr(&run).contains("refusing to replace a folder dateline did not write"),
        "{}",
        stderr(&run)
    );
    assert_eq!(
        std::fs::read_to_string(site.join("thesis.txt")).unwrap(),
        "years of work"
    );
    let leftovers: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".dateline-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary folder left: {leftovers:?}"
    );
}

#[test]
fn a_rebuild_replaces_the_previous_site_whole() {
    let (_out, root, site) = fixture_copy("formats", "rebuild");
    assert!(build(&root, &site, "/").status.success());
    assert!(site.join("articles/wire-article.html").is_file());
    std::fs::remove_file(root.join("content/wire-article.txt")).unwrap();
    assert!(build(&root, &site, "/").status.success());
    assert!(
        !site.join("articles/wire-article.html").exists(),
        "stale pages are gone after a rebuild"
    );
    assert!(site.join("articles/toml-article.html").is_file());
}

#[test]
fn a_rebuild_rewrites_hand_edited_output_and_keeps_its_manifest_outside_the_site() {
    let (out, root, site) = fixture_copy("formats", "hand-edit");
    assert!(build(&root, &site, "/").status.success());
    let first = read_site(&site);
    let manifest = out.path().join(".dateline-public.manifest");
    assert!(manifest.is_file(), "the manifest lies next to the site");
    assert!(
        !first
            .keys()
            .any(|p| p.to_string_lossy().contains("manifest")),
        "and never in it"
    );
    // A rebuild with nothing changed is the same site.
    assert!(build(&root, &site, "/").status.success());
    assert_eq!(read_site(&site), first);
    // Hand edits of the output, one keeping the length, are undone.
    let page = site.join("articles/wire-article.html");
    let mut bytes = std::fs::read(&page).unwrap();
    bytes[0] ^= 0x20;
    std::fs::write(&page, &bytes).unwrap();
    std::fs::write(site.join("index.html"), "edited by hand").unwrap();
    assert!(build(&root, &site, "/").status.success());
    assert_eq!(read_site(&site), first);
    // So is a manifest of nonsense.
    std::fs::write(&manifest, "dateline manifest 2\nzz 1 2 3 4 5 6\n").unwrap();
    std::fs::write(&page, &bytes).unwrap();
    assert!(build(&root, &site, "/").status.success());
    assert_eq!(read_site(&site), first);
}

#[cfg(unix)]
#[test]
fn a_rebuild_after_an_edit_equals_a_fresh_build_and_keeps_the_unchanged_folder() {
    use std::os::unix::fs::MetadataExt;
    let (out, root, site) = fixture_copy("story", "takeover");
    assert!(build(&root, &site, "/").status.success());
    age_manifest(out.path());
    let folder = std::fs::metadata(site.join("articles")).unwrap().ino();
    let article = root.join("content/a2-smoke.md");
    let mut text = std::fs::read_to_string(&article).unwrap();
    text.push_str("\nResidents were asked to keep their windows closed.\n");
    std::fs::write(&article, text).unwrap();
    assert!(build(&root, &site, "/").status.success());
    let fresh = out.path().join("fresh");
    assert!(build(&root, &fresh, "/").status.success());
    assert_eq!(read_site(&site), read_site(&fresh));
    assert_eq!(
        std::fs::metadata(site.join("articles")).unwrap().ino(),
        folder,
        "the article pages' folder was taken over, not relinked"
    );
}

#[cfg(unix)]
#[test]
fn a_rebuild_renders_only_the_article_pages_whose_inputs_changed() {
    let (out, root, site) = fixture_copy("story", "unrendered");
    let age_manifest = || age_manifest(out.path());
    // Writes `bytes` over a page and gives it the modification time it
    // had plus `secs`.
    let edit = |page: &std::path::Path, bytes: &[u8], secs: u64| {
        let time = std::fs::metadata(page).unwrap().modified().unwrap();
        std::fs::write(page, bytes).unwrap();
        std::fs::File::options()
            .write(true)
            .open(page)
            .unwrap()
            .set_modified(time + std::time::Duration::from_secs(secs))
            .unwrap();
    };
    assert!(build(&root, &site, "/").status.success());
    let first = read_site(&site);
    let page = site.join("articles/a8-memorial.html");
    let mut tampered = std::fs::read(&page).unwrap();
    let at = tampered.windows(6).position(|w| w == b"<title").unwrap() + 8;
    tampered[at] ^= 0x20;
    // An edit that keeps the page's length and restores its time is what
    // the manifest cannot see: the page is not rendered, so it stays.
    age_manifest();
    edit(&page, &tampered, 0);
    assert!(build(&root, &site, "/").status.success());
    assert_eq!(std::fs::read(&page).unwrap(), tampered, "not rendered");
    // Any other hand edit is seen, and the page made again.
    age_manifest();
    edit(&page, &tampered, 1);
    assert!(build(&root, &site, "/").status.success());
    assert_eq!(read_site(&site), first);
    // A phrase added at the start of one article moves the ids of its
    // events, which other articles' pages link to: those are made again.
    age_manifest();
    let article = root.join("content/a1-fire.txt");
    let text = std::fs::read_to_string(&article).unwrap();
    let text = text.replacen(
        "PORT ALDER –",
        "PORT ALDER – Inspectors had visited the site on March 1. ",
        1,
    );
    std::fs::write(&article, text).unwrap();
    assert!(build(&root, &site, "/").status.success());
    let rebuilt = read_site(&site);
    let other = std::path::Path::new("articles/a2-smoke.html");
    assert_ne!(
        rebuilt[other], first[other],
        "a page linking to a1's events"
    );
    let fresh = out.path().join("fresh");
    assert!(build(&root, &fresh, "/").status.success());
    assert_eq!(rebuilt, read_site(&fresh));
    // So does another title in the config, on every page.
    age_manifest();
    std::fs::write(root.join("dateline.toml"), "title = \"Port Alder\"\n").unwrap();
    assert!(build(&root, &site, "/").status.success());
    let fresh = out.path().join("fresh2");
    assert!(build(&root, &fresh, "/").status.success());
    assert_eq!(read_site(&site), read_site(&fresh));
}

#[test]
fn slugs_from_front_matter_cannot_escape_the_output_folder() {
    let out = TempDir::new("slug");
    let root = out.path().join("site");
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(
        root.join("content/evil.md"),
        "+++\ntitle = \"x\"\ndate = 2024-01-01\nslug = \"../../../escaped\"\n+++\nText.\n",
    )
    .unwrap();
    let site = out.path().join("public");
    let run = build(&root, &site, "/");
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(site.join("articles/escaped.html").is_file());
    assert!(!out.path().join("escaped.html").exists());
}

#[test]
fn duplicate_slugs_are_an_error_naming_both_files() {
    let out = TempDir::new("dupslug");
    let root = out.path().join("site");
    std::fs::create_dir_all(root.join("content")).unwrap();
    for name in ["a.md", "b.md"] {
        std::fs::write(
            root.join("content").join(name),
            "+++\ntitle = \"x\"\ndate = 2024-01-01\nslug = \"same\"\n+++\nText.\n",
        )
        .unwrap();
    }
    let run = build(&root, &out.path().join("public"), "/");
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("content/b.md:1:1: error: expected a unique slug, found `same` already used by content/a.md"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn missing_content_folder_is_a_clear_error() {
    let out = TempDir::new("nocontent");
    let run = build(out.path(), &out.path().join("public"), "/");
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("content: expected a folder of articles, found none"),
        "{}",
        stderr(&run)
    );
}

/// A copy of the story fixture in a fresh folder, loaded with its texts
/// released (as `dateline build` loads) and kept (as `serve` does).
fn story_copy(tag: &str) -> (TempDir, Project, Project) {
    use dateline::project::LoadOptions;
    let dir = TempDir::new(tag);
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    for f in std::fs::read_dir(fixture("story").join("content")).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, content.join(f.file_name().unwrap())).unwrap();
    }
    let released = Project::load(
        dir.path(),
        &LoadOptions {
            release_text: true,
            ..LoadOptions::default()
        },
    )
    .unwrap();
    let kept = Project::load(dir.path(), &LoadOptions::default()).unwrap();
    (dir, released, kept)
}

#[test]
fn a_site_whose_texts_were_released_renders_the_same_bytes() {
    let (_dir, released, kept) = story_copy("released");
    assert_eq!(released.timeline, kept.timeline);
    assert!(released.docs.iter().all(|d| d.article.text.is_empty()));
    // The events' texts come back with the article pages' reads.
    assert!(released.docs.iter().any(|d| d.lacks_texts()));
    let (a, b) = (released.render(None).unwrap(), kept.render(None).unwrap());
    assert!(released.docs.iter().all(|d| !d.lacks_texts()));
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.path, y.path);
        assert!(x.bytes == y.bytes, "{} differs", x.path.display());
    }
}

#[test]
fn an_article_changed_between_resolving_and_rendering_is_an_error_naming_it() {
    let (dir, released, _) = story_copy("changed");
    let path = dir.path().join("content/a3-chemicals.md");
    let text = std::fs::read_to_string(&path).unwrap();
    // Same length, other words: the mentions' offsets would still fit.
    std::fs::write(&path, text.replacen("the", "THE", 1)).unwrap();
    let err = released.render(None).unwrap_err().to_string();
    assert!(
        err.contains("content/a3-chemicals.md") && err.contains("changed"),
        "{err}"
    );
    std::fs::remove_file(&path).unwrap();
    let err = released.render(None).unwrap_err().to_string();
    assert!(err.contains("content/a3-chemicals.md"), "{err}");
}

/// Dates the manifest of the site `public` in `dir` an hour ahead, as
/// after a build that took a while: later than every file it lists, so it
/// vouches for all of them.
fn age_manifest(dir: &std::path::Path) {
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(dir.join(".dateline-public.manifest"))
        .unwrap()
        .set_modified(later)
        .unwrap();
}

/// A copy of the fixture site `name` in a fresh temporary folder (removed
/// when the first value is dropped): the folder, the copy's root, and
/// where its site is to be built (`public/` beside the copy, so the build's
/// manifest and temporary folders land in the temporary folder too).
fn fixture_copy(name: &str, tag: &str) -> (TempDir, std::path::PathBuf, std::path::PathBuf) {
    let out = TempDir::new(tag);
    let root = out.path().join("site");
    copy_tree(&fixture(name), &root);
    let site = out.path().join("public");
    (out, root, site)
}
