//! Shared helpers: running the binary, fixture paths, a link checker.

#![allow(dead_code, reason = "each test module uses a different subset")]

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `dateline` binary under test.
pub fn dateline() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dateline"));
    cmd.env_remove("TZ");
    cmd
}

/// Path of a fixture site.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The repository root (the bundled site).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shared seed article, when `../shared` exists (it does in CI).
pub fn seed() -> Option<PathBuf> {
    let p = repo_root().join("../shared/seeds/000_b54743f4153128ba.txt");
    p.is_file().then_some(p)
}

/// A fresh temporary folder, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "dateline-test-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Copies a folder tree.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Builds `root` into `output` under `base_path` and returns the output.
pub fn build(root: &Path, output: &Path, base_path: &str) -> Output {
    dateline()
        .args(["build", "--quiet", "--root"])
        .arg(root)
        .arg("--output")
        .arg(output)
        .args(["--base-path", base_path])
        .output()
        .unwrap()
}

/// Every file of a built site, path → bytes.
pub fn read_site(dir: &Path) -> HashMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Values of `attr="…"` in an HTML page.
fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        if let Some(end) = rest.find('"') {
            out.push(&rest[..end]);
            rest = &rest[end..];
        }
    }
    out
}

/// Checks every internal `href` and `src` of every HTML page in `dir`, built
/// under `base` (`/` or `/repo/`): the target file exists and, for a
/// fragment, the target page has that `id`. Returns the broken links as
/// `page: link` lines; also fails on a page with duplicate ids.
pub fn broken_links(dir: &Path, base: &str) -> Vec<String> {
    let site = read_site(dir);
    let mut ids: HashMap<PathBuf, BTreeSet<String>> = HashMap::new();
    let mut broken = Vec::new();
    for (path, bytes) in &site {
        if path.extension().is_some_and(|e| e == "html") {
            let html = String::from_utf8_lossy(bytes);
            let mut set = BTreeSet::new();
            for id in attr_values(&html, "id") {
                if !set.insert(id.to_string()) {
                    broken.push(format!("{}: duplicate id `{id}`", path.display()));
                }
            }
            ids.insert(path.clone(), set);
        }
    }
    for (path, bytes) in &site {
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let mut links = attr_values(&html, "href");
        links.extend(attr_values(&html, "src"));
        for link in links {
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with("mailto:")
            {
                continue;
            }
            let (target, fragment) = match link.split_once('#') {
                Some((t, f)) => (t, Some(f)),
                None => (link, None),
            };
            let file = if target.is_empty() {
                path.clone()
            } else if let Some(rest) = target.strip_prefix(base) {
                let mut p = PathBuf::from(rest.replace("&amp;", "&"));
                if rest.is_empty() || rest.ends_with('/') {
                    p.push("index.html");
                }
                p
            } else if target.starts_with('/') {
                broken.push(format!(
                    "{}: {link} (outside base path {base})",
                    path.display()
                ));
                continue;
            } else {
                let mut p = path.parent().unwrap_or(Path::new("")).to_path_buf();
                for part in target.split('/') {
                    match part {
                        ".." => {
                            p.pop();
                        }
                        "." | "" => {}
                        x => p.push(x),
                    }
                }
                p
            };
            if !site.contains_key(&file) {
                broken.push(format!(
                    "{}: {link} (no file {})",
                    path.display(),
                    file.display()
                ));
                continue;
            }
            if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                if !ids.get(&file).is_some_and(|set| set.contains(f)) {
                    broken.push(format!(
                        "{}: {link} (no id `{f}` in {})",
                        path.display(),
                        file.display()
                    ));
                }
            }
        }
    }
    broken.sort();
    broken
}
