//! The only stage that writes: puts the rendered site on disk atomically.
//!
//! Files go into a fresh temporary folder next to the output folder; the
//! site's `static/` is copied in; only when everything is written is the old
//! output moved aside and the new one renamed into place. A failed or
//! interrupted build leaves the previous site untouched (at worst a
//! `.dateline-*` temporary folder, removed by the next build).
//!
//! A file whose bytes equal the previous build's is hard-linked from the old
//! site instead of written anew. Profiling a rebuild of 1,000 articles showed
//! most of its time in the kernel allocating inodes next to the ones the last
//! build had just freed (ext4's `recently_deleted` scan); a link allocates no
//! inode, and removing the old site then frees none.

use std::collections::HashSet;
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, bail};
use rayon::prelude::*;
use walkdir::WalkDir;

use crate::render::OutputFile;

/// Writes `files` and a copy of `static_dir` (when it exists) to `output`.
pub fn write_site(output: &Path, files: &[OutputFile], static_dir: &Path) -> anyhow::Result<()> {
    let writer = SiteWriter::create(output)?;
    files.par_iter().try_for_each(|f| writer.write(f))?;
    writer.finish(static_dir)
}

/// A site being written: files go into the temporary folder as they come
/// (from any thread), and [`SiteWriter::finish`] swaps it into place. Lets
/// a build write each page as soon as it is rendered instead of holding
/// the whole site in memory. Dropped unfinished, it removes its folder and
/// leaves the previous site untouched.
pub struct SiteWriter {
    output: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    previous: bool,
    /// Folders already created in `tmp`.
    dirs: Mutex<HashSet<PathBuf>>,
    finished: bool,
}

impl SiteWriter {
    /// Checks that `output` may be replaced and starts a fresh temporary
    /// folder next to it.
    pub fn create(output: &Path) -> anyhow::Result<SiteWriter> {
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)
            .with_context(|| format!("{}: cannot create folder", parent.display()))?;
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        if output.exists() && !is_replaceable(output) {
            bail!(
                "{}: refusing to replace a folder dateline did not write (it has files but no .nojekyll); remove it or choose another --output",
                output.display()
            );
        }
        let tmp = parent.join(format!(".dateline-{name}-new-{}", std::process::id()));
        let old = parent.join(format!(".dateline-{name}-old-{}", std::process::id()));
        clean_stale(&parent, &name);
        std::fs::create_dir_all(&tmp)
            .with_context(|| format!("{}: cannot create folder", tmp.display()))?;
        Ok(SiteWriter {
            output: output.to_path_buf(),
            previous: output.is_dir(),
            dirs: Mutex::new(HashSet::from([tmp.clone()])),
            tmp,
            old,
            finished: false,
        })
    }

    /// Writes one file (or links the previous build's identical one).
    pub fn write(&self, f: &OutputFile) -> anyhow::Result<()> {
        let dest = safe_join(&self.tmp, &f.path)?;
        if let Some(dir) = dest.parent() {
            let known = self
                .dirs
                .lock()
                .expect("no panic holds the lock")
                .contains(dir);
            if !known {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("{}: cannot create folder", dir.display()))?;
                self.dirs
                    .lock()
                    .expect("no panic holds the lock")
                    .insert(dir.to_path_buf());
            }
        }
        let old = self.previous.then(|| self.output.join(&f.path));
        place(old.as_deref(), &dest, &f.bytes)
    }

    /// Copies `static_dir` (when it exists) in and moves the new site into
    /// place of the old one.
    pub fn finish(mut self, static_dir: &Path) -> anyhow::Result<()> {
        self.finished = true;
        let (output, tmp, old) = (&self.output, &self.tmp, &self.old);
        if static_dir.is_dir()
            && let Err(err) =
                copy_static(static_dir, tmp, self.previous.then_some(output.as_path()))
        {
            let _ = std::fs::remove_dir_all(tmp);
            return Err(err);
        }
        if output.exists() {
            std::fs::rename(output, old)
                .with_context(|| format!("{}: cannot move the old site aside", output.display()))?;
        }
        if let Err(err) = std::fs::rename(tmp, output) {
            // Put the old site back; nothing is lost.
            if old.exists() {
                let _ = std::fs::rename(old, output);
            }
            let _ = std::fs::remove_dir_all(tmp);
            return Err(err).with_context(|| {
                format!("{}: cannot move the new site into place", output.display())
            });
        }
        if old.exists() {
            std::fs::remove_dir_all(old)
                .with_context(|| format!("{}: cannot remove the old site", old.display()))?;
        }
        Ok(())
    }
}

impl Drop for SiteWriter {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// An existing output folder may be replaced when it is empty or was
/// written by dateline (it has our `.nojekyll` marker).
fn is_replaceable(output: &Path) -> bool {
    output.join(".nojekyll").is_file()
        || std::fs::read_dir(output).is_ok_and(|mut d| d.next().is_none())
}

/// Removes temporary folders left by an interrupted earlier build.
fn clean_stale(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefix = format!(".dateline-{name}-");
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// `root/rel`, refusing any `rel` that is absolute or climbs out of `root`.
pub fn safe_join(root: &Path, rel: &Path) -> anyhow::Result<PathBuf> {
    let mut out = root.to_path_buf();
    for c in rel.components() {
        match c {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            _ => bail!(
                "{}: refusing to write outside the output folder",
                rel.display()
            ),
        }
    }
    if out == root {
        bail!(
            "{}: expected a file path, found an empty one",
            rel.display()
        );
    }
    Ok(out)
}

/// Writes `bytes` to `dest`, or hard-links `old` there when it already
/// holds exactly these bytes.
///
/// A rebuild places some 20,000 files at 10k articles, most of them
/// unchanged, so the system calls per file count: for an unchanged file one
/// open of `old` (the only lookup of its path before the link), an fstat,
/// one read (no allocation), a close and the link; a new file is one
/// exclusive create and one write. Measured at 10k articles, the links are
/// most of the system time of writing (ext4 adds a directory entry and
/// updates the inode's link count), then reading and opening.
fn place(old: Option<&Path>, dest: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(old) = old
        && holds(old, bytes)
        && std::fs::hard_link(old, dest).is_ok()
    {
        return Ok(());
    }
    write_new(dest, bytes)
}

/// True when `path` is a file holding exactly `bytes`.
fn holds(path: &Path, bytes: &[u8]) -> bool {
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    if !file
        .metadata()
        .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
    {
        return false;
    }
    let mut buf = [0u8; 64 * 1024];
    bytes.chunks(buf.len()).all(|chunk| {
        let part = &mut buf[..chunk.len()];
        file.read_exact(part).is_ok() && part == chunk
    })
}

/// Creates `dest` with `bytes`. `dest` may be a link into the old site (a
/// static file replacing a rendered one): it is then unlinked and created
/// anew, so writing never changes the old site.
fn write_new(dest: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let create = || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(dest)
    };
    let mut file = match create() {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(dest)
                .with_context(|| format!("{}: cannot replace", dest.display()))?;
            create()
        }
        file => file,
    }
    .with_context(|| format!("{}: cannot write", dest.display()))?;
    file.write_all(bytes)
        .with_context(|| format!("{}: cannot write", dest.display()))
}

/// The files of a `static/` folder as output files (path relative to the
/// folder), for sites kept in memory (`serve`, `check`); unreadable files
/// are left out, as a build would report them when copying.
pub fn read_static(dir: &Path) -> Vec<OutputFile> {
    if !dir.is_dir() {
        return Vec::new();
    }
    WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            Some(OutputFile {
                path: e.path().strip_prefix(dir).ok()?.to_path_buf(),
                bytes: std::fs::read(e.path()).ok()?,
            })
        })
        .collect()
}

fn copy_static(from: &Path, to: &Path, previous: Option<&Path>) -> anyhow::Result<()> {
    for entry in WalkDir::new(from).sort_by_file_name().follow_links(false) {
        let entry = entry.with_context(|| format!("{}: cannot read", from.display()))?;
        let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
        if rel.as_os_str().is_empty() {
            continue;
        }
        let dest = safe_join(to, rel)?;
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest)
                .with_context(|| format!("{}: cannot create folder", dest.display()))?;
        } else if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path())
                .with_context(|| format!("{}: cannot read", entry.path().display()))?;
            place(previous.map(|p| p.join(rel)).as_deref(), &dest, &bytes)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_join_refuses_escapes() {
        let root = Path::new("/out");
        assert_eq!(
            safe_join(root, Path::new("a/b.html")).unwrap(),
            PathBuf::from("/out/a/b.html")
        );
        assert!(safe_join(root, Path::new("../x")).is_err());
        assert!(safe_join(root, Path::new("/etc/passwd")).is_err());
        assert!(safe_join(root, Path::new("")).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn place_links_unchanged_files_and_never_writes_into_the_old_site() {
        use std::os::unix::fs::MetadataExt;
        let dir = std::env::temp_dir().join(format!("dateline-place-{}", std::process::id()));
        let (old, new) = (dir.join("old"), dir.join("new"));
        std::fs::create_dir_all(&old).unwrap();
        std::fs::create_dir_all(&new).unwrap();
        let ino = |p: &Path| std::fs::metadata(p).unwrap().ino();
        std::fs::write(old.join("same"), "same bytes").unwrap();
        std::fs::write(old.join("changed"), "old bytes!").unwrap();
        std::fs::write(old.join("static"), "rendered").unwrap();
        place(Some(&old.join("same")), &new.join("same"), b"same bytes").unwrap();
        assert_eq!(ino(&new.join("same")), ino(&old.join("same")), "linked");
        // Same length, other bytes: written anew.
        place(
            Some(&old.join("changed")),
            &new.join("changed"),
            b"new bytes!",
        )
        .unwrap();
        assert_ne!(ino(&new.join("changed")), ino(&old.join("changed")));
        assert_eq!(std::fs::read(new.join("changed")).unwrap(), b"new bytes!");
        assert_eq!(std::fs::read(old.join("changed")).unwrap(), b"old bytes!");
        // No previous file: written.
        place(Some(&old.join("missing")), &new.join("missing"), b"x").unwrap();
        assert_eq!(std::fs::read(new.join("missing")).unwrap(), b"x");
        // A file already placed as a link into the old site (a static file
        // replacing a rendered one) is replaced, the old site untouched.
        place(Some(&old.join("static")), &new.join("static"), b"rendered").unwrap();
        place(None, &new.join("static"), b"static file").unwrap();
        assert_eq!(std::fs::read(new.join("static")).unwrap(), b"static file");
        assert_eq!(std::fs::read(old.join("static")).unwrap(), b"rendered");
        // Empty files compare too.
        std::fs::write(old.join("empty"), "").unwrap();
        place(Some(&old.join("empty")), &new.join("empty"), b"").unwrap();
        assert_eq!(ino(&new.join("empty")), ino(&old.join("empty")));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
