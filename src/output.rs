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
//!
//! To know that a file is unchanged without opening and reading the old
//! one, each build leaves a manifest next to the output folder
//! (`.dateline-NAME.manifest`, never inside the site): per file, its length,
//! a hash of its bytes, and the inode and modification time it had when the
//! build ended. A rebuild then needs one `statx` of the old file to see it
//! is still the very file the manifest describes (a hand edit changes the
//! modification time, a replacement the inode) before linking it; a file
//! the manifest does not vouch for is compared byte for byte as before.
//!
//! For an article page and its TimeML export the manifest also records the
//! key of what the file was made from (the renderer's: the program, the
//! config, the article's file, what the page shows of its events). When a
//! rebuild's key for the page is the same and the `statx` shows the file
//! untouched, the page is not even rendered
//! ([`SiteWriter::keep_unchanged`]): rendering and hashing the 20,000
//! files of a 10k rebuild was most of its render and write stage.
//!
//! An unchanged file is not linked at once: [`SiteWriter::finish`] decides
//! per folder. A folder whose files are mostly the old site's (every
//! article page after an edit to one article) is taken over whole: the
//! old folder is renamed into the new site, its few changed files renamed
//! in over the old ones and the files the new site no longer has moved
//! out, so the unchanged files cost no system call at all, neither a link
//! now nor an unlink when the old site is removed. Any other folder gets
//! its links. Profiling a 10k rebuild showed those 20,000 links and
//! unlinks as most of the writing stage's system time and nearly all of
//! the serial end of the build. The renames happen after the old site is
//! moved aside and are journaled: if one fails, they are undone and the
//! old site goes back into place.

use std::collections::HashSet;
use std::ffi::{OsStr, OsString};
use std::fs::{File, Metadata};
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context, bail};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
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
/// leaves the previous site (and its manifest) untouched.
pub struct SiteWriter {
    output: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    previous: bool,
    /// Folders already created in `tmp`, as paths in the site.
    dirs: Mutex<HashSet<PathBuf>>,
    /// The previous build's manifest, when it has one that could be read.
    known: Option<Manifest>,
    /// This build's manifest, written as files are placed (to
    /// `manifest_tmp`, renamed to `manifest` once the site is in place).
    record: Mutex<Option<BufWriter<File>>>,
    manifest: PathBuf,
    manifest_tmp: PathBuf,
    placed: [AtomicUsize; 3],
    /// Rendered files (paths in the site) whose old copy the manifest
    /// vouches for and whose bytes are the same, or that were not rendered
    /// at all ([`SiteWriter::keep_unchanged`]): placed in `finish`.
    same: Mutex<Vec<PathBuf>>,
    /// The inputs keys of files to come ([`SiteWriter::keep_unchanged`]),
    /// by [`path_key`], for their manifest entries.
    inputs: Mutex<FxHashMap<u64, u64>>,
    /// Where an adopted folder's replaced and removed files go (next to
    /// the output, under the prefix `clean_stale` removes).
    trash: PathBuf,
    finished: bool,
}

/// How many files a build kept on the manifest's word (linked, or left in
/// a folder taken over whole), linked after comparing their bytes with the
/// old site's, and wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Placements {
    pub known: usize,
    pub compared: usize,
    pub written: usize,
}

/// How [`place`] put one file down.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Placed {
    /// Linked from the old site, which the manifest says holds these bytes.
    Known,
    /// The old site's file, which the manifest says holds these bytes, is
    /// left for [`SiteWriter::finish`] to place.
    Same,
    /// Linked from the old site after reading and comparing it.
    Compared,
    /// Written anew.
    Written,
}

impl Placed {
    /// The counter of [`Placements`] this placement adds to.
    fn counter(self) -> usize {
        match self {
            Placed::Known | Placed::Same => 0,
            Placed::Compared => 1,
            Placed::Written => 2,
        }
    }
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
        let pid = std::process::id();
        let tmp = parent.join(format!(".dateline-{name}-new-{pid}"));
        let old = parent.join(format!(".dateline-{name}-old-{pid}"));
        // Not under the `.dateline-NAME-` prefix that `clean_stale` removes.
        let manifest = parent.join(format!(".dateline-{name}.manifest"));
        let manifest_tmp = parent.join(format!(".dateline-{name}-manifest-{pid}"));
        let trash = parent.join(format!(".dateline-{name}-replaced-{pid}"));
        clean_stale(&parent, &name);
        std::fs::create_dir_all(&tmp)
            .with_context(|| format!("{}: cannot create folder", tmp.display()))?;
        let record = File::create(&manifest_tmp)
            .map(|f| BufWriter::with_capacity(1 << 16, f))
            .and_then(|mut w| writeln!(w, "{MANIFEST_HEADER}").map(|()| w))
            .with_context(|| format!("{}: cannot write", manifest_tmp.display()));
        let record = match record {
            Ok(r) => r,
            Err(err) => {
                let _ = std::fs::remove_dir_all(&tmp);
                let _ = std::fs::remove_file(&manifest_tmp);
                return Err(err);
            }
        };
        let previous = output.is_dir();
        Ok(SiteWriter {
            output: output.to_path_buf(),
            previous,
            dirs: Mutex::default(),
            known: previous.then(|| Manifest::load(&manifest)).flatten(),
            record: Mutex::new(Some(record)),
            manifest,
            manifest_tmp,
            placed: Default::default(),
            same: Mutex::default(),
            inputs: Mutex::default(),
            trash,
            tmp,
            old,
            finished: false,
        })
    }

    /// Writes one file, or notes that the previous build's file holds its
    /// very bytes (placed by [`SiteWriter::finish`]).
    pub fn write(&self, f: &OutputFile) -> anyhow::Result<()> {
        self.write_file(f, true)
    }

    /// Writes one file; `defer` lets an unchanged one wait for `finish`.
    fn write_file(&self, f: &OutputFile, defer: bool) -> anyhow::Result<()> {
        let dest = safe_join(&self.tmp, &f.path)?;
        self.make_parent(&f.path)?;
        let key = path_key(&f.path);
        let old = self.previous.then(|| Old {
            path: self.output.join(&f.path),
            known: self.known.as_ref().and_then(|m| m.trusted(key)),
        });
        let (how, entry) = place(old.as_ref(), &dest, &f.bytes, defer)?;
        if how == Placed::Same {
            let mut same = self.same.lock().expect("no panic holds the lock");
            same.push(f.path.clone());
        }
        self.placed[how.counter()].fetch_add(1, Ordering::Relaxed);
        if let Some(mut e) = entry {
            // Taken, not looked up: a static file written over the page
            // later is not what the key made.
            let inputs = self
                .inputs
                .lock()
                .expect("no panic holds the lock")
                .remove(&key);
            e.inputs = inputs.unwrap_or(NO_INPUTS);
            self.record(key, &e)?;
        }
        Ok(())
    }

    /// Creates in the temporary site the folder that `rel` (a checked
    /// path in the site, [`check_relative`]) goes in, unless made already.
    fn make_parent(&self, rel: &Path) -> anyhow::Result<()> {
        let Some(dir) = rel.parent().filter(|d| !d.as_os_str().is_empty()) else {
            return Ok(());
        };
        let known = self
            .dirs
            .lock()
            .expect("no panic holds the lock")
            .contains(dir);
        if !known {
            let full = safe_join(&self.tmp, dir)?;
            std::fs::create_dir_all(&full)
                .with_context(|| format!("{}: cannot create folder", full.display()))?;
            self.dirs
                .lock()
                .expect("no panic holds the lock")
                .insert(dir.to_path_buf());
        }
        Ok(())
    }

    /// Adds the manifest line of the file whose [`path_key`] is `key`.
    fn record(&self, key: u64, e: &Entry) -> anyhow::Result<()> {
        let mut record = self.record.lock().expect("no panic holds the lock");
        if let Some(record) = record.as_mut() {
            writeln!(
                record,
                "{key:016x} {} {:016x} {} {} {} {:016x}",
                e.len, e.hash, e.stamp.ino, e.stamp.secs, e.stamp.nanos, e.inputs
            )
            .with_context(|| format!("{}: cannot write", self.manifest_tmp.display()))?;
        }
        Ok(())
    }

    /// Keeps the previous build's files at `paths` (in the site) as they
    /// are, without their bytes, when the manifest says they were made
    /// from inputs whose key is `inputs` and each is still the very file
    /// it describes (one `statx`, as for any file it vouches for: a hand
    /// edit is seen). Returns whether it did; they are placed by
    /// [`SiteWriter::finish`] then. Otherwise the caller makes the files
    /// and writes them, and their manifest entries get the key.
    ///
    /// `inputs` must change whenever the files' bytes could (the caller's
    /// key covers all that makes them, the program included): a page whose
    /// key is the last build's is not rendered at all.
    pub fn keep_unchanged(&self, paths: &[PathBuf], inputs: u64) -> anyhow::Result<bool> {
        for path in paths {
            check_relative(path)?;
        }
        let keys: Vec<u64> = paths.iter().map(|p| path_key(p)).collect();
        let entries: Option<Vec<Entry>> = match &self.known {
            Some(m) if self.previous && inputs != NO_INPUTS => paths
                .iter()
                .zip(&keys)
                .map(|(path, &key)| {
                    m.trusted(key)
                        .filter(|e| e.inputs == inputs && e.vouches(&self.output.join(path)))
                        .copied()
                })
                .collect(),
            _ => None,
        };
        let Some(entries) = entries else {
            let mut pending = self.inputs.lock().expect("no panic holds the lock");
            pending.extend(keys.iter().map(|&key| (key, inputs)));
            return Ok(false);
        };
        for ((path, key), e) in paths.iter().zip(keys).zip(entries) {
            self.make_parent(path)?;
            self.same
                .lock()
                .expect("no panic holds the lock")
                .push(path.clone());
            self.placed[Placed::Known.counter()].fetch_add(1, Ordering::Relaxed);
            self.record(key, &e)?;
        }
        Ok(true)
    }

    /// How the files written so far were placed.
    pub fn placements(&self) -> Placements {
        let n = |p: Placed| self.placed[p.counter()].load(Ordering::Relaxed);
        Placements {
            known: n(Placed::Known),
            compared: n(Placed::Compared),
            written: n(Placed::Written),
        }
    }

    /// Copies `static_dir` (when it exists) in, places the unchanged files
    /// (a link each, or their whole folder taken over) and moves the new
    /// site into place of the old one, then its manifest into place of the
    /// old one's.
    pub fn finish(mut self, static_dir: &Path) -> anyhow::Result<()> {
        let mut same = std::mem::take(self.same.get_mut().expect("no panic holds the lock"));
        if static_dir.is_dir() {
            let statics = copy_static(static_dir, &self)?;
            // A static file replaces the rendered one at its path.
            if !statics.is_empty() {
                same.retain(|p| !statics.contains(p));
            }
        }
        let adoptions = self.place_same(same)?;
        if let Some(record) = self
            .record
            .get_mut()
            .expect("no panic holds the lock")
            .take()
        {
            record
                .into_inner()
                .map_err(|e| e.into_error())
                .with_context(|| format!("{}: cannot write", self.manifest_tmp.display()))?;
        }
        self.finished = true;
        let (output, tmp, old) = (&self.output, &self.tmp, &self.old);
        if output.exists()
            && let Err(err) = std::fs::rename(output, old)
        {
            self.abandon();
            return Err(err)
                .with_context(|| format!("{}: cannot move the old site aside", output.display()));
        }
        let mut journal = Journal::default();
        let adopted = adoptions.iter().enumerate().try_for_each(|(i, a)| {
            a.adopt(old, tmp, &self.trash.join(i.to_string()), &mut journal)
        });
        let swapped = adopted.and_then(|()| {
            std::fs::rename(tmp, output).with_context(|| {
                format!("{}: cannot move the new site into place", output.display())
            })
        });
        if let Err(err) = swapped {
            // Put the old site back as it was; nothing is lost.
            journal.undo();
            if old.exists() {
                let _ = std::fs::rename(old, output);
            }
            self.abandon();
            return Err(err);
        }
        // Should this fail, the previous manifest stays: it still vouches
        // only for files whose inode and time it recorded, which the new
        // site shares with the old one or does not have (`Manifest`).
        if std::fs::rename(&self.manifest_tmp, &self.manifest).is_err() {
            let _ = std::fs::remove_file(&self.manifest_tmp);
        }
        let _ = std::fs::remove_dir_all(&self.trash);
        if old.exists() {
            std::fs::remove_dir_all(old)
                .with_context(|| format!("{}: cannot remove the old site", old.display()))?;
        }
        Ok(())
    }

    /// Places the files `same` (paths in the site) that the old site holds
    /// unchanged: folder by folder, either plans to take the old folder
    /// over whole (returned, carried out once the old site is moved aside)
    /// or links each file now.
    fn place_same(&self, same: Vec<PathBuf>) -> anyhow::Result<Vec<Adoption>> {
        let mut by_folder: std::collections::BTreeMap<&Path, Vec<&std::ffi::OsStr>> =
            Default::default();
        for path in &same {
            if let (Some(dir), Some(name)) = (path.parent(), path.file_name()) {
                by_folder.entry(dir).or_default().push(name);
            }
        }
        let mut adoptions = Vec::new();
        let mut links: Vec<&Path> = Vec::new();
        for (dir, names) in by_folder {
            match Adoption::plan(&self.output, &self.tmp, dir, &names) {
                Some(a) => adoptions.push(a),
                None => links.extend(
                    same.iter()
                        .filter(|p| p.parent() == Some(dir))
                        .map(|p| p.as_path()),
                ),
            }
        }
        links.par_iter().try_for_each(|rel| {
            let (from, to) = (self.output.join(rel), self.tmp.join(rel));
            // The manifest vouched for the old file moments ago; should it
            // have gone since, its bytes are gone with it.
            std::fs::hard_link(&from, &to)
                .or_else(|_| std::fs::copy(&from, &to).map(|_| ()))
                .with_context(|| {
                    format!(
                        "{}: cannot link or copy into {}",
                        from.display(),
                        to.display()
                    )
                })
        })?;
        Ok(adoptions)
    }

    /// Removes what this build wrote: its folder and its manifest.
    fn abandon(&self) {
        let _ = std::fs::remove_dir_all(&self.tmp);
        let _ = std::fs::remove_dir_all(&self.trash);
        let _ = std::fs::remove_file(&self.manifest_tmp);
    }
}

impl Drop for SiteWriter {
    fn drop(&mut self) {
        if !self.finished {
            self.abandon();
        }
    }
}

/// A folder of the old site that the new site takes over whole.
#[derive(Debug, PartialEq, Eq)]
struct Adoption {
    /// The folder's path in the site.
    dir: PathBuf,
    /// Files this build wrote into the folder (in the temporary site).
    changed: Vec<OsString>,
    /// Files of the old folder the new site does not have.
    removed: Vec<OsString>,
}

impl Adoption {
    /// Plans taking over the old site's folder `dir`, whose files `same`
    /// the new site keeps unchanged, when that costs fewer system calls
    /// than linking them: a rename or two per changed or removed file, and
    /// three for the folder, against a link per kept file now (and an
    /// unlink when the old site is removed). `None` for the site's root,
    /// when either folder holds anything but plain files, or when the old
    /// folder lacks a kept file.
    fn plan(output: &Path, tmp: &Path, dir: &Path, same: &[&OsStr]) -> Option<Adoption> {
        if dir.as_os_str().is_empty() {
            return None;
        }
        let changed = files_of(&tmp.join(dir))?;
        let before = files_of(&output.join(dir))?;
        let kept: HashSet<&OsStr> = same.iter().copied().collect();
        let present: HashSet<&OsStr> = before.iter().map(OsString::as_os_str).collect();
        if !kept.iter().all(|n| present.contains(n)) {
            return None;
        }
        let new: HashSet<&OsStr> = changed.iter().map(OsString::as_os_str).collect();
        let removed: Vec<OsString> = before
            .iter()
            .filter(|n| !kept.contains(n.as_os_str()) && !new.contains(n.as_os_str()))
            .cloned()
            .collect();
        (2 * changed.len() + removed.len() + 3 < kept.len()).then(|| Adoption {
            dir: dir.to_path_buf(),
            changed,
            removed,
        })
    }

    /// Carries the plan out once the old site is at `old` and the new one
    /// at `tmp`: the old folder's files that the new site removed or
    /// changed go to `trash`, the changed ones come in from the new site's
    /// folder, and the old folder then takes that folder's place. Every
    /// step goes into `journal`, to be undone should a later one fail.
    fn adopt(
        &self,
        old: &Path,
        tmp: &Path,
        trash: &Path,
        journal: &mut Journal,
    ) -> anyhow::Result<()> {
        let (from, into) = (old.join(&self.dir), tmp.join(&self.dir));
        let context = || format!("{}: cannot take the unchanged folder over", from.display());
        journal.create_dir(trash).with_context(context)?;
        for name in &self.changed {
            let before = from.join(name);
            match journal.rename(&before, &trash.join(name)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(e).with_context(context);
                }
                _ => {}
            }
            journal
                .rename(&into.join(name), &before)
                .with_context(context)?;
        }
        for name in &self.removed {
            journal
                .rename(&from.join(name), &trash.join(name))
                .with_context(context)?;
        }
        journal.remove_dir(&into).with_context(context)?;
        journal.rename(&from, &into).with_context(context)
    }
}

/// The names of the plain files in `dir`; `None` when it cannot be read
/// or holds anything else (a folder, a link).
fn files_of(dir: &Path) -> Option<Vec<OsString>> {
    std::fs::read_dir(dir)
        .ok()?
        .map(|entry| {
            let entry = entry.ok()?;
            entry.file_type().ok()?.is_file().then(|| entry.file_name())
        })
        .collect()
}

/// What [`Adoption::adopt`] did to the file system, so that it can be
/// undone.
#[derive(Debug, Default)]
struct Journal(Vec<Step>);

#[derive(Debug)]
enum Step {
    Renamed(PathBuf, PathBuf),
    CreatedDir(PathBuf),
    RemovedDir(PathBuf),
}

impl Journal {
    fn rename(&mut self, from: &Path, to: &Path) -> std::io::Result<()> {
        std::fs::rename(from, to)?;
        self.0
            .push(Step::Renamed(from.to_path_buf(), to.to_path_buf()));
        Ok(())
    }

    fn create_dir(&mut self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        self.0.push(Step::CreatedDir(dir.to_path_buf()));
        Ok(())
    }

    fn remove_dir(&mut self, dir: &Path) -> std::io::Result<()> {
        std::fs::remove_dir(dir)?;
        self.0.push(Step::RemovedDir(dir.to_path_buf()));
        Ok(())
    }

    /// Undoes every step, last first (as far as the file system lets).
    fn undo(&mut self) {
        for step in self.0.drain(..).rev() {
            let _ = match step {
                Step::Renamed(from, to) => std::fs::rename(to, from),
                Step::CreatedDir(dir) => std::fs::remove_dir(dir),
                Step::RemovedDir(dir) => std::fs::create_dir(dir),
            };
        }
    }
}

/// First line of a manifest; a manifest with another one is ignored. Bump
/// it whenever the format or [`content_hash`] changes.
const MANIFEST_HEADER: &str = "dateline manifest 2";

/// What the previous build left: for each file (keyed by [`path_key`]),
/// its length, [`content_hash`], inode and modification time, the key of
/// what it was made from when the build had one
/// ([`SiteWriter::keep_unchanged`]), and when the manifest itself was
/// written.
///
/// An entry vouches for the file at its path only while the file still
/// has the recorded inode, modification time and length: writing to a file
/// moves its modification time, replacing it changes the inode. Inodes are
/// reused, but a file created after the manifest was written has a time no
/// earlier than the manifest's, and entries with such times are not
/// trusted ([`Manifest::trusted`]): on file systems with coarse clocks
/// (ext4 ticks every few milliseconds, some file systems every second) an
/// edit in the same tick as the build's write would keep the time. So a
/// stale manifest (a crash between the site's rename and its own) is as
/// safe as a fresh one: the new site's files are either links to the old
/// one's (same inode, time and bytes) or new inodes that match no entry.
/// What it cannot see is an edit that deliberately restores the file's
/// length and nanosecond time (`touch -r`); delete the manifest to have
/// every file compared.
#[derive(Debug)]
struct Manifest {
    files: FxHashMap<u64, Entry>,
    /// Modification time of the manifest file.
    written: (i64, u32),
}

/// One file of a [`Manifest`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry {
    len: u64,
    hash: u64,
    stamp: Stamp,
    /// The key of the inputs the file was made from, or [`NO_INPUTS`].
    inputs: u64,
}

/// In [`Entry`]: the file's inputs were not keyed.
const NO_INPUTS: u64 = 0;

impl Entry {
    /// Whether the file at `path` is still the one this entry describes:
    /// a file of the recorded length, inode and modification time.
    fn vouches(&self, path: &Path) -> bool {
        std::fs::symlink_metadata(path)
            .is_ok_and(|m| m.is_file() && m.len() == self.len && Stamp::of(&m) == Some(self.stamp))
    }
}

/// The identity of a file on disk as `stat` shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    ino: u64,
    secs: i64,
    nanos: u32,
}

impl Stamp {
    #[cfg(unix)]
    fn of(meta: &Metadata) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        Some(Stamp {
            ino: meta.ino(),
            secs: meta.mtime(),
            nanos: u32::try_from(meta.mtime_nsec()).ok()?,
        })
    }

    /// Elsewhere no manifest is kept: every file is compared.
    #[cfg(not(unix))]
    fn of(_: &Metadata) -> Option<Stamp> {
        None
    }
}

impl Manifest {
    /// Reads the manifest at `path`; `None` when there is none or it is
    /// not one this version wrote.
    fn load(path: &Path) -> Option<Manifest> {
        let file = File::open(path).ok()?;
        let written = Stamp::of(&file.metadata().ok()?)?;
        let mut lines = BufReader::new(file).lines();
        if lines.next()?.ok()? != MANIFEST_HEADER {
            return None;
        }
        let mut files = FxHashMap::default();
        for line in lines {
            let line = line.ok()?;
            let mut fields = line.split(' ');
            let mut next = || fields.next();
            let key = u64::from_str_radix(next()?, 16).ok()?;
            let len = next()?.parse().ok()?;
            let hash = u64::from_str_radix(next()?, 16).ok()?;
            let stamp = Stamp {
                ino: next()?.parse().ok()?,
                secs: next()?.parse().ok()?,
                nanos: next()?.parse().ok()?,
            };
            let inputs = u64::from_str_radix(next()?, 16).ok()?;
            files.insert(
                key,
                Entry {
                    len,
                    hash,
                    stamp,
                    inputs,
                },
            );
        }
        Some(Manifest {
            files,
            written: (written.secs, written.nanos),
        })
    }

    /// The entry for the file with `key`, unless its time is not earlier
    /// than the manifest's own (see [`Manifest`]).
    fn trusted(&self, key: u64) -> Option<&Entry> {
        self.files
            .get(&key)
            .filter(|e| (e.stamp.secs, e.stamp.nanos) < self.written)
    }
}

/// A file's key in the manifest: the [`content_hash`] of its path in the
/// site.
fn path_key(rel: &Path) -> u64 {
    content_hash(rel.as_os_str().as_encoded_bytes())
}

/// A stable 64-bit hash of `bytes` for the manifest, fast enough to run
/// over every page (some 350 MB at 10k articles): four independent lanes
/// of a multiply-rotate mix, eight bytes each, so the multiplications
/// overlap; then the lanes, the length and the tail are mixed in turn.
/// Each step is a bijection of the state, so two inputs of one length that
/// differ in a single word never collide.
pub(crate) fn content_hash(bytes: &[u8]) -> u64 {
    let mix = |h: u64, w: u64| (h.rotate_left(23) ^ w).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let word = |b: &[u8]| u64::from_le_bytes(b.try_into().expect("eight bytes"));
    let mut lanes = [1u64, 2, 3, 4];
    let mut blocks = bytes.chunks_exact(32);
    for block in blocks.by_ref() {
        for (lane, w) in lanes.iter_mut().zip(block.chunks_exact(8)) {
            *lane = mix(*lane, word(w));
        }
    }
    let mut h = lanes.into_iter().fold(bytes.len() as u64, mix);
    let mut words = blocks.remainder().chunks_exact(8);
    for w in words.by_ref() {
        h = mix(h, word(w));
    }
    for &b in words.remainder() {
        h = mix(h, u64::from(b));
    }
    h ^ (h >> 29)
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
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            if path.is_dir() {
                let _ = std::fs::remove_dir_all(path);
            } else {
                let _ = std::fs::remove_file(path);
            }
        }
    }
}

/// `root/rel`, refusing any `rel` that is absolute or climbs out of `root`.
pub fn safe_join(root: &Path, rel: &Path) -> anyhow::Result<PathBuf> {
    check_relative(rel)?;
    let mut out = root.to_path_buf();
    for c in rel.components() {
        if let Component::Normal(part) = c {
            out.push(part);
        }
    }
    Ok(out)
}

/// Refuses a path in the site that is absolute, climbs out of it, or
/// names nothing ([`safe_join`] joins only such paths).
fn check_relative(rel: &Path) -> anyhow::Result<()> {
    let mut parts = 0;
    for c in rel.components() {
        match c {
            Component::Normal(_) => parts += 1,
            Component::CurDir => {}
            _ => bail!(
                "{}: refusing to write outside the output folder",
                rel.display()
            ),
        }
    }
    if parts == 0 {
        bail!(
            "{}: expected a file path, found an empty one",
            rel.display()
        );
    }
    Ok(())
}

/// The previous build's file at a path, and its manifest entry when the
/// manifest has one it trusts.
struct Old<'a> {
    path: PathBuf,
    known: Option<&'a Entry>,
}

/// Writes `bytes` to `dest`, or hard-links the old site's file there when
/// it holds exactly these bytes; returns how, and the file's manifest
/// entry. With `defer`, a file the manifest vouches for is not linked but
/// reported as [`Placed::Same`], for the caller to place later.
///
/// A rebuild places some 20,000 files at 10k articles, most of them
/// unchanged, so the system calls per file count. When the manifest
/// vouches for the old file, one `statx` confirms it is still that file;
/// then equal length and hash mean a link, and anything else a new file,
/// without reading the old one. Otherwise (no manifest, a file it does not
/// trust, a hand-edited file) the old file is opened, `fstat`ed, read and
/// compared (no allocation), as every file was before the manifest. A new
/// file is one exclusive create, one write and one `fstat` for its entry.
/// Measured at 10k articles, the links are most of the system time of
/// writing (ext4 adds a directory entry and updates the inode's link
/// count).
fn place(
    old: Option<&Old>,
    dest: &Path,
    bytes: &[u8],
    defer: bool,
) -> anyhow::Result<(Placed, Option<Entry>)> {
    let len = bytes.len() as u64;
    let hash = content_hash(bytes);
    let entry = |stamp: Option<Stamp>| {
        stamp.map(|stamp| Entry {
            len,
            hash,
            stamp,
            inputs: NO_INPUTS,
        })
    };
    if let Some(old) = old {
        let vouched = old.known.filter(|e| e.vouches(&old.path));
        match vouched {
            Some(e) if e.len == len && e.hash == hash => {
                if defer {
                    return Ok((Placed::Same, Some(*e)));
                }
                if std::fs::hard_link(&old.path, dest).is_ok() {
                    return Ok((Placed::Known, Some(*e)));
                }
            }
            Some(_) => {}
            None => {
                if let Some(meta) = holds(&old.path, bytes)
                    && std::fs::hard_link(&old.path, dest).is_ok()
                {
                    return Ok((Placed::Compared, entry(Stamp::of(&meta))));
                }
            }
        }
    }
    let meta = write_new(dest, bytes)?;
    Ok((Placed::Written, entry(Stamp::of(&meta))))
}

/// The metadata of `path` when it is a file holding exactly `bytes`.
fn holds(path: &Path, bytes: &[u8]) -> Option<Metadata> {
    let mut file = File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() != bytes.len() as u64 {
        return None;
    }
    let mut buf = [0u8; 64 * 1024];
    bytes
        .chunks(buf.len())
        .all(|chunk| {
            let part = &mut buf[..chunk.len()];
            file.read_exact(part).is_ok() && part == chunk
        })
        .then_some(meta)
}

/// Creates `dest` with `bytes` and returns its metadata. `dest` may be a
/// link into the old site (a static file replacing a rendered one): it is
/// then unlinked and created anew, so writing never changes the old site.
fn write_new(dest: &Path, bytes: &[u8]) -> anyhow::Result<Metadata> {
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
        .and_then(|()| file.metadata())
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

/// Copies the files of `from` into the site through `writer` (linked
/// when unchanged, like rendered files); returns their paths in the site.
fn copy_static(from: &Path, writer: &SiteWriter) -> anyhow::Result<HashSet<PathBuf>> {
    let mut copied = HashSet::new();
    for entry in WalkDir::new(from).sort_by_file_name().follow_links(false) {
        let entry = entry.with_context(|| format!("{}: cannot read", from.display()))?;
        let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
        if rel.as_os_str().is_empty() {
            continue;
        }
        if entry.file_type().is_dir() {
            let dest = safe_join(&writer.tmp, rel)?;
            std::fs::create_dir_all(&dest)
                .with_context(|| format!("{}: cannot create folder", dest.display()))?;
        } else if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path())
                .with_context(|| format!("{}: cannot read", entry.path().display()))?;
            writer.write_file(
                &OutputFile {
                    path: rel.to_path_buf(),
                    bytes,
                },
                false,
            )?;
            copied.insert(rel.to_path_buf());
        }
    }
    Ok(copied)
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

    #[test]
    fn content_hash_tells_apart_one_changed_byte_or_length() {
        let page = b"<p>Flood defenses stall in Berlin, 2001-04-27.</p>".repeat(40);
        let h = content_hash(&page);
        assert_eq!(h, content_hash(&page.clone()), "stable");
        for i in [0, 7, 31, 32, 100, page.len() - 1] {
            let mut other = page.clone();
            other[i] ^= 1;
            assert_ne!(h, content_hash(&other), "byte {i}");
        }
        assert_ne!(h, content_hash(&page[..page.len() - 1]));
        assert_ne!(content_hash(b""), content_hash(b"\0"));
        // Pinned: manifests of earlier builds hold these hashes; a change
        // of the function must bump `MANIFEST_HEADER`.
        assert_eq!(content_hash(b"dateline"), 0x65e3_2886_e057_2a9d);
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
        let was = |name: &str| Old {
            path: old.join(name),
            known: None,
        };
        std::fs::write(old.join("same"), "same bytes").unwrap();
        std::fs::write(old.join("changed"), "old bytes!").unwrap();
        std::fs::write(old.join("static"), "rendered").unwrap();
        let (how, entry) =
            place(Some(&was("same")), &new.join("same"), b"same bytes", false).unwrap();
        assert_eq!(how, Placed::Compared);
        assert_eq!(ino(&new.join("same")), ino(&old.join("same")), "linked");
        assert_eq!(entry.unwrap().stamp.ino, ino(&old.join("same")));
        // Same length, other bytes: written anew.
        let (how, _) = place(
            Some(&was("changed")),
            &new.join("changed"),
            b"new bytes!",
            false,
        )
        .unwrap();
        assert_eq!(how, Placed::Written);
        assert_ne!(ino(&new.join("changed")), ino(&old.join("changed")));
        assert_eq!(std::fs::read(new.join("changed")).unwrap(), b"new bytes!");
        assert_eq!(std::fs::read(old.join("changed")).unwrap(), b"old bytes!");
        // No previous file: written.
        place(Some(&was("missing")), &new.join("missing"), b"x", false).unwrap();
        assert_eq!(std::fs::read(new.join("missing")).unwrap(), b"x");
        // A file already placed as a link into the old site (a static file
        // replacing a rendered one) is replaced, the old site untouched.
        place(
            Some(&was("static")),
            &new.join("static"),
            b"rendered",
            false,
        )
        .unwrap();
        place(None, &new.join("static"), b"static file", false).unwrap();
        assert_eq!(std::fs::read(new.join("static")).unwrap(), b"static file");
        assert_eq!(std::fs::read(old.join("static")).unwrap(), b"rendered");
        // Empty files compare too.
        std::fs::write(old.join("empty"), "").unwrap();
        place(Some(&was("empty")), &new.join("empty"), b"", false).unwrap();
        assert_eq!(ino(&new.join("empty")), ino(&old.join("empty")));
        // A manifest entry that still matches the old file: linked unread
        // when the hash agrees, written unread when it does not.
        let meta = std::fs::metadata(old.join("same")).unwrap();
        let known = Entry {
            len: 10,
            hash: content_hash(b"same bytes"),
            stamp: Stamp::of(&meta).unwrap(),
            inputs: NO_INPUTS,
        };
        let vouched = Old {
            path: old.join("same"),
            known: Some(&known),
        };
        let (how, _) = place(Some(&vouched), &new.join("known"), b"same bytes", false).unwrap();
        assert_eq!(how, Placed::Known);
        assert_eq!(ino(&new.join("known")), ino(&old.join("same")));
        let (how, _) = place(Some(&vouched), &new.join("other"), b"SAME BYTES", false).unwrap();
        assert_eq!(how, Placed::Written);
        assert_eq!(std::fs::read(new.join("other")).unwrap(), b"SAME BYTES");
        assert_eq!(std::fs::read(old.join("same")).unwrap(), b"same bytes");
        // An entry that no longer matches the file (another inode): the
        // file is compared, not trusted.
        let stale = Entry {
            stamp: Stamp {
                ino: known.stamp.ino + 1,
                ..known.stamp
            },
            ..known
        };
        let (how, _) = place(
            Some(&Old {
                path: old.join("same"),
                known: Some(&stale),
            }),
            &new.join("stale"),
            b"same bytes",
            false,
        )
        .unwrap();
        assert_eq!(how, Placed::Compared);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A scratch folder holding an output folder `out`, removed on drop.
    #[cfg(unix)]
    struct Scratch(PathBuf);

    #[cfg(unix)]
    impl Scratch {
        fn new(tag: &str) -> Scratch {
            let dir =
                std::env::temp_dir().join(format!("dateline-writer-{tag}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            Scratch(dir)
        }

        fn out(&self) -> PathBuf {
            self.0.join("out")
        }

        fn manifest(&self) -> PathBuf {
            self.0.join(".dateline-out.manifest")
        }

        /// Builds `files` (path, text) into `out`; how they were placed.
        fn build(&self, files: &[(&str, &str)]) -> Placements {
            self.build_with_static(files, Path::new("/nonexistent"))
        }

        /// Builds `files` and the static folder `static_dir`.
        fn build_with_static(&self, files: &[(&str, &str)], static_dir: &Path) -> Placements {
            let writer = SiteWriter::create(&self.out()).unwrap();
            for (path, text) in files {
                writer
                    .write(&OutputFile {
                        path: PathBuf::from(path),
                        bytes: text.as_bytes().to_vec(),
                    })
                    .unwrap();
            }
            let placed = writer.placements();
            writer.finish(static_dir).unwrap();
            placed
        }

        /// Builds `files` (path, text, key of what it is made from) and
        /// the static folder `static_dir` the way a build renders: a file
        /// the writer keeps by its key is not written. Returns the kept.
        fn build_keyed(&self, files: &[(&str, &str, u64)], static_dir: &Path) -> Vec<String> {
            let writer = SiteWriter::create(&self.out()).unwrap();
            let mut kept = Vec::new();
            for &(path, text, inputs) in files {
                if writer
                    .keep_unchanged(&[PathBuf::from(path)], inputs)
                    .unwrap()
                {
                    kept.push(path.to_string());
                    continue;
                }
                writer
                    .write(&OutputFile {
                        path: PathBuf::from(path),
                        bytes: text.as_bytes().to_vec(),
                    })
                    .unwrap();
            }
            writer.finish(static_dir).unwrap();
            kept
        }

        /// The inode of the site's folder `dir`: kept when the folder is
        /// taken over whole, new when its files are linked one by one.
        fn dir_ino(&self, dir: &str) -> u64 {
            self.ino(dir)
        }

        fn read(&self, path: &str) -> String {
            std::fs::read_to_string(self.out().join(path)).unwrap()
        }

        fn ino(&self, path: &str) -> u64 {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(self.out().join(path)).unwrap().ino()
        }

        /// Moves the manifest's own time by `secs`: later trusts every
        /// entry (as after a build that took a while), earlier none.
        fn age_manifest(&self, secs: i64) {
            let now = std::time::SystemTime::now();
            let d = std::time::Duration::from_secs(secs.unsigned_abs());
            let t = if secs > 0 { now + d } else { now - d };
            File::options()
                .write(true)
                .open(self.manifest())
                .unwrap()
                .set_modified(t)
                .unwrap();
        }

        /// Writes `text` over the site's file `path` in place and sets its
        /// modification time to the one it had plus `secs`.
        fn edit(&self, path: &str, text: &str, secs: u64) {
            let page = self.out().join(path);
            let recorded = std::fs::metadata(&page).unwrap().modified().unwrap();
            std::fs::write(&page, text).unwrap();
            File::options()
                .write(true)
                .open(&page)
                .unwrap()
                .set_modified(recorded + std::time::Duration::from_secs(secs))
                .unwrap();
        }

        /// Names in the scratch folder other than `out` and the manifest.
        fn leftovers(&self) -> Vec<String> {
            std::fs::read_dir(&self.0)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n != "out" && n != ".dateline-out.manifest")
                .collect()
        }
    }

    #[cfg(unix)]
    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[cfg(unix)]
    const SITE: &[(&str, &str)] = &[
        (".nojekyll", ""),
        ("index.html", "<h1>Index</h1>"),
        ("articles/a.html", "<p>article a</p>"),
        ("articles/b.html", "<p>article b</p>"),
    ];

    #[cfg(unix)]
    #[test]
    fn a_rebuild_links_unchanged_files_on_the_manifests_word_and_writes_the_rest() {
        let s = Scratch::new("manifest");
        let first = s.build(SITE);
        assert_eq!(first.written, 4);
        assert!(s.manifest().is_file(), "the manifest is next to the site");
        assert!(!s.out().join(".dateline-out.manifest").exists());
        let a = s.ino("articles/a.html");
        s.age_manifest(3600);
        let mut next = SITE.to_vec();
        next[3] = ("articles/b.html", "<p>ARTICLE B</p>");
        next.push(("articles/c.html", "<p>article c</p>"));
        let placed = s.build(&next);
        assert_eq!(
            placed,
            Placements {
                known: 3,
                compared: 0,
                written: 2
            }
        );
        assert_eq!(s.ino("articles/a.html"), a, "linked, not rewritten");
        assert_eq!(s.read("articles/b.html"), "<p>ARTICLE B</p>");
        assert_eq!(s.read("articles/c.html"), "<p>article c</p>");
        assert!(s.leftovers().is_empty(), "{:?}", s.leftovers());
        // The new manifest vouches for the files this build wrote too.
        s.age_manifest(3600);
        let placed = s.build(&next);
        assert_eq!((placed.known, placed.compared, placed.written), (5, 0, 0));
    }

    #[cfg(unix)]
    #[test]
    fn a_file_whose_inputs_are_the_last_builds_is_kept_unless_edited_by_hand() {
        let s = Scratch::new("inputs");
        let none = Path::new("/nonexistent");
        let mut site = vec![
            (".nojekyll", "", 7),
            ("articles/a.html", "<p>article a</p>", 1),
            ("articles/b.html", "<p>article b</p>", 2),
        ];
        assert!(s.build_keyed(&site, none).is_empty(), "nothing to keep yet");
        s.age_manifest(3600);
        assert_eq!(
            s.build_keyed(&site, none),
            [".nojekyll", "articles/a.html", "articles/b.html"]
        );
        assert_eq!(s.read("articles/a.html"), "<p>article a</p>");
        assert!(s.leftovers().is_empty(), "{:?}", s.leftovers());
        // Other inputs: written, and its entry gets the new key.
        site[2] = ("articles/b.html", "<p>ARTICLE B</p>", 3);
        s.age_manifest(3600);
        assert_eq!(s.build_keyed(&site, none), [".nojekyll", "articles/a.html"]);
        assert_eq!(s.read("articles/b.html"), "<p>ARTICLE B</p>");
        s.age_manifest(3600);
        assert_eq!(s.build_keyed(&site, none).len(), 3);
        // A hand edit is seen: the file is made and written again.
        s.edit("articles/a.html", "<p>ARTICLE A</p>", 1);
        assert_eq!(s.build_keyed(&site, none), [".nojekyll", "articles/b.html"]);
        assert_eq!(s.read("articles/a.html"), "<p>article a</p>");
        // A static file written over a kept one is not what its key made.
        let statics = s.0.join("static");
        std::fs::create_dir_all(statics.join("articles")).unwrap();
        std::fs::write(statics.join("articles/a.html"), "<p>by hand</p>").unwrap();
        s.age_manifest(3600);
        assert_eq!(s.build_keyed(&site, &statics).len(), 3);
        assert_eq!(s.read("articles/a.html"), "<p>by hand</p>");
        std::fs::remove_dir_all(&statics).unwrap();
        s.age_manifest(3600);
        assert_eq!(s.build_keyed(&site, none), [".nojekyll", "articles/b.html"]);
        assert_eq!(s.read("articles/a.html"), "<p>article a</p>");
        // Files written without a key are never kept by one.
        s.build(&site.iter().map(|&(p, t, _)| (p, t)).collect::<Vec<_>>());
        s.age_manifest(3600);
        assert!(s.build_keyed(&site, none).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_hand_edited_output_file_is_rewritten() {
        let s = Scratch::new("edited");
        s.build(SITE);
        s.age_manifest(3600);
        // Edited in place, same length; the edit's time is a later tick.
        s.edit("articles/a.html", "<p>ARTICLE A</p>", 1);
        // Replaced by another file of the same length, given the recorded
        // time: a new inode.
        let index = s.out().join("index.html");
        let recorded = std::fs::metadata(&index).unwrap().modified().unwrap();
        std::fs::write(s.0.join("index.tmp"), "<h1>INDEX</h1>").unwrap();
        std::fs::rename(s.0.join("index.tmp"), &index).unwrap();
        File::options()
            .write(true)
            .open(&index)
            .unwrap()
            .set_modified(recorded)
            .unwrap();
        let placed = s.build(SITE);
        assert_eq!(s.read("articles/a.html"), "<p>article a</p>");
        assert_eq!(s.read("index.html"), "<h1>Index</h1>");
        assert_eq!((placed.known, placed.written), (2, 2));
    }

    #[cfg(unix)]
    #[test]
    fn entries_not_older_than_the_manifest_are_compared() {
        let s = Scratch::new("racy");
        s.build(SITE);
        // As if the build's last writes and the manifest fell in one tick
        // of a coarse clock, and the user edited a file in that tick too:
        // same inode, length and time, other bytes.
        s.age_manifest(-3600);
        s.edit("articles/a.html", "<p>ARTICLE A</p>", 0);
        let placed = s.build(SITE);
        assert_eq!(s.read("articles/a.html"), "<p>article a</p>");
        assert_eq!((placed.known, placed.compared, placed.written), (0, 3, 1));
    }

    #[cfg(unix)]
    #[test]
    fn a_stale_or_foreign_manifest_never_keeps_a_changed_file() {
        let s = Scratch::new("stale");
        s.build(SITE);
        let first = std::fs::read(s.manifest()).unwrap();
        let mut next = SITE.to_vec();
        next[2] = ("articles/a.html", "<p>ARTICLE A</p>");
        s.build(&next);
        // The first build's manifest comes back (say, a crash between the
        // site's rename and the manifest's), trusted in full; the site
        // reverts to the first build's bytes, which that manifest hashed.
        std::fs::write(s.manifest(), &first).unwrap();
        s.age_manifest(3600);
        let placed = s.build(SITE);
        assert_eq!(s.read("articles/a.html"), "<p>article a</p>");
        assert_eq!((placed.known, placed.written), (3, 1));
        // A manifest of another format, or garbage, is ignored.
        for junk in ["dateline manifest 1\n", "garbage", ""] {
            for (site, a) in [(&next[..], "<p>ARTICLE A</p>"), (SITE, "<p>article a</p>")] {
                std::fs::write(s.manifest(), junk).unwrap();
                let placed = s.build(site);
                assert_eq!((placed.known, placed.compared, placed.written), (0, 3, 1));
                assert_eq!(s.read("articles/a.html"), a);
            }
        }
    }

    #[cfg(unix)]
    #[test]
    fn an_interrupted_build_leaves_the_site_and_its_manifest_as_they_were() {
        let s = Scratch::new("interrupted");
        s.build(SITE);
        let manifest = std::fs::read(s.manifest()).unwrap();
        let writer = SiteWriter::create(&s.out()).unwrap();
        writer
            .write(&OutputFile {
                path: PathBuf::from("articles/a.html"),
                bytes: b"<p>half a build</p>".to_vec(),
            })
            .unwrap();
        assert_eq!(
            s.leftovers().len(),
            2,
            "a folder and a manifest in the making"
        );
        drop(writer);
        assert_eq!(s.read("articles/a.html"), "<p>article a</p>");
        assert_eq!(std::fs::read(s.manifest()).unwrap(), manifest);
        assert!(s.leftovers().is_empty(), "{:?}", s.leftovers());
        // What a killed build leaves is removed by the next one.
        let writer = SiteWriter::create(&s.out()).unwrap();
        std::mem::forget(writer);
        assert_eq!(s.leftovers().len(), 2);
        s.build(SITE);
        assert!(s.leftovers().is_empty(), "{:?}", s.leftovers());
        assert_eq!(s.read("articles/a.html"), "<p>article a</p>");
    }

    /// A site of `n` article pages and an index; page `i` reads `text(i)`.
    #[cfg(unix)]
    fn pages(n: usize, text: impl Fn(usize) -> String) -> Vec<(String, String)> {
        let mut files = vec![
            (".nojekyll".to_string(), String::new()),
            ("index.html".to_string(), "<h1>Index</h1>".to_string()),
        ];
        files.extend((0..n).map(|i| (format!("articles/{i:02}.html"), text(i))));
        files
    }

    #[cfg(unix)]
    fn borrowed(files: &[(String, String)]) -> Vec<(&str, &str)> {
        files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect()
    }

    #[cfg(unix)]
    #[test]
    fn a_mostly_unchanged_folder_is_taken_over_whole_and_ends_as_built() {
        let s = Scratch::new("adopt");
        let first = pages(12, |i| format!("<p>article {i}</p>"));
        s.build(&borrowed(&first));
        let folder = s.dir_ino("articles");
        let kept = s.ino("articles/05.html");
        s.age_manifest(3600);
        // One page changed, one gone, one new: ten of the folder kept.
        let mut next = pages(12, |i| format!("<p>article {i}</p>"));
        next[2 + 3].1 = "<p>ARTICLE 3</p>".into();
        next.remove(2 + 11);
        next.push(("articles/new.html".into(), "<p>new</p>".into()));
        let placed = s.build(&borrowed(&next));
        assert_eq!((placed.known, placed.compared, placed.written), (12, 0, 2));
        assert_eq!(s.dir_ino("articles"), folder, "the old folder, taken over");
        assert_eq!(s.ino("articles/05.html"), kept);
        let mut names: Vec<String> = std::fs::read_dir(s.out().join("articles"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let mut expected: Vec<String> = next
            .iter()
            .filter_map(|(p, _)| p.strip_prefix("articles/").map(str::to_string))
            .collect();
        expected.sort();
        assert_eq!(names, expected, "exactly the new site's pages");
        for (path, text) in &next {
            assert_eq!(&s.read(path), text, "{path}");
        }
        assert!(s.leftovers().is_empty(), "{:?}", s.leftovers());
        // The manifest still vouches for every file, old and new.
        s.age_manifest(3600);
        let placed = s.build(&borrowed(&next));
        assert_eq!((placed.known, placed.compared, placed.written), (14, 0, 0));
        assert_eq!(s.dir_ino("articles"), folder);
        // Most pages changed: each unchanged one is linked into a new folder.
        s.age_manifest(3600);
        let mut many = next.clone();
        for (path, text) in many.iter_mut().filter(|(p, _)| p.starts_with("articles/0")) {
            if !path.ends_with("00.html") {
                *text = text.to_uppercase();
            }
        }
        s.build(&borrowed(&many));
        assert_ne!(s.dir_ino("articles"), folder, "linked file by file");
        for (path, text) in &many {
            assert_eq!(&s.read(path), text, "{path}");
        }
        assert!(s.leftovers().is_empty(), "{:?}", s.leftovers());
    }

    #[cfg(unix)]
    #[test]
    fn a_static_file_replaces_an_unchanged_rendered_page() {
        // Twelve pages: the folder is taken over; three: linked file by file.
        for n in [12, 3] {
            let s = Scratch::new(&format!("adopt-static-{n}"));
            let site = pages(n, |i| format!("<p>article {i}</p>"));
            s.build(&borrowed(&site));
            s.age_manifest(3600);
            let statics = s.0.join("static");
            std::fs::create_dir_all(statics.join("articles")).unwrap();
            std::fs::write(statics.join("articles/01.html"), "<p>by hand</p>").unwrap();
            s.build_with_static(&borrowed(&site), &statics);
            assert_eq!(s.read("articles/01.html"), "<p>by hand</p>", "{n} pages");
            assert_eq!(s.read("articles/02.html"), "<p>article 2</p>", "{n} pages");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_failed_takeover_is_undone_step_by_step() {
        let dir = std::env::temp_dir().join(format!("dateline-journal-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let (old, tmp, trash) = (dir.join("old"), dir.join("tmp"), dir.join("trash"));
        std::fs::create_dir_all(old.join("d")).unwrap();
        std::fs::create_dir_all(tmp.join("d")).unwrap();
        for name in ["kept", "changed", "removed"] {
            std::fs::write(old.join("d").join(name), format!("old {name}")).unwrap();
        }
        std::fs::write(tmp.join("d/changed"), "new changed").unwrap();
        std::fs::write(tmp.join("d/added"), "new added").unwrap();
        let tree = |root: &Path| -> Vec<(String, String)> {
            let mut files: Vec<(String, String)> = WalkDir::new(root)
                .into_iter()
                .map(Result::unwrap)
                .filter(|e| e.file_type().is_file())
                .map(|e| {
                    let rel = e.path().strip_prefix(root).unwrap();
                    (
                        rel.display().to_string(),
                        std::fs::read_to_string(e.path()).unwrap(),
                    )
                })
                .collect();
            files.sort();
            files
        };
        let before = (tree(&old), tree(&tmp));
        let name = |n: &str| OsString::from(n);
        // The last changed file is missing from the new folder: the
        // takeover fails after moving the others.
        let plan = Adoption {
            dir: PathBuf::from("d"),
            changed: vec![name("changed"), name("added"), name("vanished")],
            removed: vec![name("removed")],
        };
        let mut journal = Journal::default();
        assert!(plan.adopt(&old, &tmp, &trash, &mut journal).is_err());
        assert!(journal.0.len() >= 3, "{journal:?}");
        journal.undo();
        assert_eq!((tree(&old), tree(&tmp)), before);
        assert!(!trash.exists());
        // The same plan without the missing file goes through.
        let plan = Adoption {
            changed: vec![name("changed"), name("added")],
            ..plan
        };
        plan.adopt(&old, &tmp, &trash, &mut Journal::default())
            .unwrap();
        assert_eq!(
            tree(&tmp),
            [
                ("d/added", "new added"),
                ("d/changed", "new changed"),
                ("d/kept", "old kept")
            ]
            .map(|(p, t)| (p.to_string(), t.to_string()))
        );
        assert!(!old.join("d").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
