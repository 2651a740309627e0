//! Discovery: walk `content/` and read every article file into a
//! [`SourceFile`], sorted by path so builds are reproducible.
//!
//! Files are read without asking their size first ([`read_whole`],
//! [`read_again`]): `std::fs::read` makes a `statx` call per file for it,
//! and a build reads each article twice (to resolve it, then to render its page).

use std::io::Read;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::error::Diagnostic;

/// One article file as read from disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// Path as shown in messages and links: relative to the site root
    /// (`content/story.md`).
    pub path: PathBuf,
    pub text: String,
}

/// File extensions dateline reads as articles.
pub const ARTICLE_EXTENSIONS: [&str; 3] = ["md", "markdown", "txt"];

/// Walks `root/content` recursively in path order, skipping hidden files and
/// folders, and lists every article file (read them with [`Found::read`],
/// in parallel). Folders that cannot be walked are returned as diagnostics.
pub fn find(root: &Path) -> Result<(Vec<Found>, Vec<Diagnostic>), std::io::Error> {
    let content = root.join("content");
    if !content.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!(
                "{}: expected a folder of articles, found none (create it, or pass --root)",
                content.display()
            ),
        ));
    }
    let mut files = Vec::new();
    let mut errors = Vec::new();
    // Siblings share their parent's path, so comparing whole paths as
    // bytes orders them as their names would (`sort_by_file_name`), without
    // parsing each path back to its last component per comparison (that
    // was 0.8 % of a 1k build).
    let walker = WalkDir::new(&content)
        .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| content.clone());
                errors.push(Diagnostic::error(
                    &display_path(root, &path),
                    1,
                    1,
                    format!("cannot read: {err}"),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() || !is_article(entry.path()) {
            continue;
        }
        files.push(Found {
            shown: display_path(root, entry.path()),
            full: entry.into_path(),
        });
    }
    Ok((files, errors))
}

/// An article file found by [`find`], not read yet.
#[derive(Clone, Debug)]
pub struct Found {
    /// The path shown in messages (relative to the site root).
    pub shown: PathBuf,
    /// The path to read.
    pub full: PathBuf,
}

impl Found {
    /// Reads the file as UTF-8 text; an unreadable file or invalid UTF-8 is a
    /// diagnostic at the first bad byte.
    pub fn read(self) -> Result<SourceFile, Diagnostic> {
        let shown = self.shown;
        match read_whole(&self.full) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Ok(SourceFile { path: shown, text }),
                Err(err) => {
                    let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
                    let valid = std::str::from_utf8(valid).unwrap_or_default();
                    Err(Diagnostic::error_at(
                        &shown,
                        valid,
                        valid.len(),
                        "expected UTF-8 text, found an invalid byte sequence",
                    ))
                }
            },
            Err(err) => Err(Diagnostic::error(
                &shown,
                1,
                1,
                format!("cannot read: {err}"),
            )),
        }
    }
}

/// How much room a file is first read into when its size is not known:
/// most articles fit (a longer file grows the buffer as it is read).
const FIRST_READ: usize = 16 * 1024;

/// The whole file at `path`, read without asking its size first (see the
/// module overview): into 16 KiB of room, grown as needed,
/// then shrunk to the text.
pub fn read_whole(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(FIRST_READ);
    // `take` hides the file from `read_to_end`'s own size query.
    std::fs::File::open(path)?
        .take(u64::MAX)
        .read_to_end(&mut bytes)?;
    bytes.shrink_to_fit();
    Ok(bytes)
}

/// The file at `path` read again, when it was `len` bytes long before:
/// `None` when its length changed (it is read no further than a byte
/// past `len`). Two `read` calls, the second finding the end, and no size
/// query.
pub fn read_again(path: &Path, len: usize) -> std::io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::with_capacity(len + 1);
    std::fs::File::open(path)?
        .take(len as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok((bytes.len() == len).then_some(bytes))
}

/// [`find`] and read every article (in parallel), in path order; files that
/// cannot be read become diagnostics.
pub fn discover(root: &Path) -> Result<(Vec<SourceFile>, Vec<Diagnostic>), std::io::Error> {
    use rayon::prelude::*;
    let (found, mut errors) = find(root)?;
    let read: Vec<Result<SourceFile, Diagnostic>> =
        found.into_par_iter().map(Found::read).collect();
    let mut files = Vec::with_capacity(read.len());
    for r in read {
        match r {
            Ok(f) => files.push(f),
            Err(d) => errors.push(d),
        }
    }
    Ok((files, errors))
}

fn is_article(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ARTICLE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// `path` relative to `root` when it lies under it, for messages.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_whole_files_and_notices_changed_lengths() {
        let dir = std::env::temp_dir().join(format!("dateline-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("a.md");
        // Empty, short, exactly the first room, and longer than it.
        for len in [
            0,
            1,
            3626,
            FIRST_READ - 1,
            FIRST_READ,
            FIRST_READ + 1,
            5 * FIRST_READ + 7,
        ] {
            let text: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
            std::fs::write(&file, &text).unwrap();
            assert_eq!(read_whole(&file).unwrap(), text, "{len}");
            assert_eq!(read_again(&file, len).unwrap(), Some(text.clone()), "{len}");
            // The file one byte longer or shorter than it was.
            assert_eq!(read_again(&file, len + 1).unwrap(), None, "{len}");
            if len > 0 {
                assert_eq!(read_again(&file, len - 1).unwrap(), None, "{len}");
            }
        }
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(read_whole(&file).is_err());
        assert!(read_again(&file, 1).is_err());
    }

    #[test]
    fn finds_articles_in_file_name_order() {
        let root = std::env::temp_dir().join(format!("dateline-discover-{}", std::process::id()));
        let content = root.join("content");
        let _ = std::fs::remove_dir_all(&root);
        // Names sharing prefixes, with separators and dots around them, a
        // folder next to a file of its name, and hidden entries.
        let names = [
            "a.md",
            "a-b.md",
            "ab.md",
            "a b.md",
            "A.md",
            "a/x.md",
            "a/a.md",
            "a.b/c.md",
            "b.txt",
            "b.markdown",
            "é.md",
            "z/.hidden.md",
            ".git/x.md",
            "notes.html",
            "10.md",
            "9.md",
        ];
        for name in names {
            let path = content.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "x").unwrap();
        }
        let (found, errors) = find(&root).unwrap();
        let found: Vec<PathBuf> = found.into_iter().map(|f| f.full).collect();
        let by_name: Vec<PathBuf> = WalkDir::new(&content)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file() && is_article(e.path()))
            .map(walkdir::DirEntry::into_path)
            .collect();
        std::fs::remove_dir_all(&root).unwrap();
        assert!(errors.is_empty());
        assert_eq!(found.len(), 13);
        assert_eq!(found, by_name);
    }
}
