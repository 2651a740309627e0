//! `dateline init DIR`: a new site that builds at once.
//!
//! [`init`] writes [`FILES`] — `dateline.toml` with every key and its
//! default, one example article under `content/`, and the GitHub Pages
//! workflow — into a folder, creating it if needed. It refuses to overwrite:
//! when any of the files already exists nothing is written.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

/// The files of a new site: path relative to the site root, contents.
pub const FILES: [(&str, &str); 3] = [
    ("dateline.toml", include_str!("init/dateline.toml")),
    ("content/example.md", include_str!("init/example.md")),
    (
        ".github/workflows/pages.yml",
        include_str!("init/pages.yml"),
    ),
];

/// Creates a new site in `dir`; returns the paths written.
pub fn init(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let existing: Vec<String> = FILES
        .iter()
        .map(|(rel, _)| dir.join(rel))
        .filter(|p| p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if !existing.is_empty() {
        bail!(
            "refusing to overwrite {} (init only creates new files; move them aside or choose another folder)",
            existing.join(", ")
        );
    }
    let mut written = Vec::with_capacity(FILES.len());
    for (rel, text) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("{}: cannot create folder", parent.display()))?;
        }
        // `create_new` so a file appearing meanwhile is never overwritten.
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .with_context(|| format!("{}: cannot create", path.display()))?;
        std::io::Write::write_all(&mut file, text.as_bytes())
            .with_context(|| format!("{}: cannot write", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_config_template_parses_to_the_defaults_but_description() {
        let text = FILES[0].1;
        let config = crate::config::Config::parse(text).expect("template parses");
        let defaults = crate::config::Config::default();
        assert_eq!(
            crate::config::Config {
                description: defaults.description.clone(),
                ..config
            },
            defaults,
            "the template documents the defaults"
        );
    }

    #[test]
    fn the_example_article_parses() {
        let source = crate::content::SourceFile {
            path: PathBuf::from("content/example.md"),
            text: FILES[1].1.to_string(),
        };
        let a = crate::content::article::parse(source).expect("example parses");
        assert_eq!(a.place.as_deref(), Some("Geneva"));
        assert_eq!(a.dateline.iso(), "2025-06-24T09:30");
    }
}
