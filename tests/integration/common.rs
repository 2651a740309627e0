//! Shared helpers: running the binary, fixture paths, a link checker.

#![allow(dead_code, reason = "each test module uses a different subset")]

use std::collections::HashMap;
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

/// Checks every internal `href` and `src` of every HTML page in `dir`, built
/// under `base` (`/` or `/repo/`): the target file exists and, for a
/// fragment, the target page has that `id`. Returns the broken links as
/// `page: link` lines; also fails on a page with duplicate ids. The check
/// itself is the library's ([`dateline::linkcheck`]), which `dateline check`
/// runs on the site in memory.
pub fn broken_links(dir: &Path, base: &str) -> Vec<String> {
    let files: Vec<dateline::render::OutputFile> = read_site(dir)
        .into_iter()
        .map(|(path, bytes)| dateline::render::OutputFile { path, bytes })
        .collect();
    let mut broken: Vec<String> = dateline::linkcheck::check(&files, base)
        .iter()
        .map(ToString::to_string)
        .collect();
    broken.sort();
    broken
}

/// Runs `cmd`, asserts success and parses its standard output as JSON lines.
pub fn jsonl_rows(cmd: &mut Command) -> Vec<serde_json::Value> {
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}
