//! Finds the Markdown files and assets under `content/` and reads their names:
//! `_index.<lang>.md` is a section, `index.<lang>.md` a folder page, any other
//! `<name>.<lang>.md` a page.

use super::model::EntryKind;
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use std::path::{Path, PathBuf};

/// A Markdown file of one language.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the site root, for messages.
    pub shown: PathBuf,
    pub absolute: PathBuf,
    /// Logical path shared by translations (`handbook/intro`).
    pub key: String,
    pub lang: usize,
    pub kind: EntryKind,
}

/// Everything found under `content/`.
#[derive(Debug, Default)]
pub struct Found {
    pub sources: Vec<SourceFile>,
    /// Non-Markdown files: path relative to `content/` as on disk, and as
    /// links name it (`/` separators, NFC).
    pub assets: Vec<(PathBuf, String)>,
    /// Every folder below `content/` (relative, `/`-separated), root excluded.
    pub folders: Vec<String>,
}

/// `p` with `/` separators, in NFC (see [`crate::source::nfc`]).
fn rel_string(p: &Path) -> String {
    let s = p
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    crate::source::nfc(&s)
}

pub fn discover(root: &Path, content_dir: &Path, config: &Config, diags: &Diagnostics) -> Found {
    let mut found = Found::default();
    if !content_dir.is_dir() {
        diags.push(
            Diagnostic::error(
                content_dir.strip_prefix(root).unwrap_or(content_dir),
                0,
                "the content folder does not exist",
            )
            .with_hint("create content/_index.<lang>.md for each language, or pass --root DIR"),
        );
        return found;
    }
    for entry in crate::source::entries(root, content_dir, true, diags) {
        let rel = entry
            .path()
            .strip_prefix(content_dir)
            .unwrap_or(entry.path());
        let shown = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        if entry.file_type().is_dir() {
            if entry.depth() > 0 {
                found.folders.push(rel_string(rel));
            }
            continue;
        }
        match read_name(rel, &shown, entry.path(), config) {
            Ok(Some(source)) => found.sources.push(source),
            Ok(None) => found.assets.push((rel.to_path_buf(), rel_string(rel))),
            Err(d) => diags.push(d),
        }
    }
    found
}

/// Reads a file's role from its name: `Ok(None)` for an asset (not Markdown).
fn read_name(
    rel: &Path,
    shown: &Path,
    absolute: &Path,
    config: &Config,
) -> Result<Option<SourceFile>, Diagnostic> {
    let name = rel
        .file_name()
        .map(|n| crate::source::nfc(&n.to_string_lossy()))
        .unwrap_or_default();
    let Some(stem) = name.strip_suffix(".md") else {
        return Ok(None);
    };
    let Some((base, lang_code)) = stem.rsplit_once('.') else {
        return Err(
            Diagnostic::error(shown, 0, "the file name does not say its language").with_hint(
                format!(
                    "rename it to {stem}.{}.md (languages: {})",
                    config.languages[0].code,
                    codes(config)
                ),
            ),
        );
    };
    let Some(lang) = config.language_index(lang_code) else {
        return Err(Diagnostic::error(
            shown,
            0,
            format!("`{lang_code}` is not a configured language"),
        )
        .with_hint(format!(
            "use one of {} or add it to raamat.toml",
            codes(config)
        )));
    };
    let folder = rel.parent().map(rel_string).unwrap_or_default();
    let (key, kind) = match base {
        "_index" => (folder, EntryKind::Section),
        "index" => (folder, EntryKind::Page),
        _ if folder.is_empty() => (base.to_string(), EntryKind::Page),
        _ => (format!("{folder}/{base}"), EntryKind::Page),
    };
    if key.is_empty() && kind == EntryKind::Page {
        return Err(
            Diagnostic::error(shown, 0, "content/index.*.md would replace the home page")
                .with_hint("name the home page content/_index.<lang>.md"),
        );
    }
    Ok(Some(SourceFile {
        shown: shown.to_path_buf(),
        absolute: absolute.to_path_buf(),
        key,
        lang,
        kind,
    }))
}

/// The source file at `path` (absolute, below `content_dir`), if it is Markdown with a valid name.
pub fn classify(
    root: &Path,
    content_dir: &Path,
    path: &Path,
    config: &Config,
) -> Option<SourceFile> {
    let rel = path.strip_prefix(content_dir).ok()?;
    let shown = path.strip_prefix(root).unwrap_or(path);
    read_name(rel, shown, path, config).ok().flatten()
}

fn codes(config: &Config) -> String {
    config
        .languages
        .iter()
        .map(|l| l.code.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
