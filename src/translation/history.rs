//! What changed in an original since its translation was made: the revision of
//! the original whose provenance hash the translation records, found with the
//! `git` command, and a block-level diff from it to today's text.
//!
//! The `git` command rather than a Git library: authors who keep their site in
//! git have it, it follows renames (`--follow`) as they know it, and the
//! lookup runs only for stale pages, so spawning it costs nothing noticeable.

use crate::source::provenance::{self, Block};
use std::path::Path;
use std::process::Command;

/// The commit whose version of the original the translation was made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Since {
    pub commit: String,
    /// `2026-10-03`.
    pub date: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }
}

/// One block of the original that is new, gone or different.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: ChangeKind,
    /// Line in today's original: of the block, or for a removed block the
    /// line of the block it was before (the end of the file: last line + 1).
    pub line: usize,
    /// Today's text (for a removed block: the old one).
    pub text: String,
    /// The old text of a changed block.
    pub was: Option<String>,
}

/// What history says about a stale translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// The revision it was made from and what changed since.
    Since { since: Since, changes: Vec<Change> },
    /// The site is a git repository, but no revision of the original matches.
    NotInHistory,
    /// Not a git repository, or no `git` command.
    NoGit,
}

/// The blocks of a file, title and description first (as `title: …`).
fn file_blocks(text: &str) -> Vec<Block> {
    let Some(p) = provenance::parts(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let front_line = |key: &str| {
        text.lines()
            .position(|l| l.trim_start().starts_with(key))
            .map_or(1, |i| i + 1)
    };
    for (key, value) in [("title", &p.title), ("description", &p.description)] {
        if !value.trim().is_empty() {
            out.push(Block {
                line: front_line(key),
                text: format!(
                    "{key}: {}",
                    value.split_whitespace().collect::<Vec<_>>().join(" ")
                ),
            });
        }
    }
    out.extend(provenance::blocks(p.body, p.body_line));
    out
}

/// Block changes from `old` to `new` (both whole files).
pub fn diff(old: &str, new: &str) -> Vec<Change> {
    let a = file_blocks(old);
    let b = file_blocks(new);
    let at = |i: usize| {
        b.get(i)
            .map_or_else(|| new.lines().count() + 1, |blk| blk.line)
    };
    let texts_a: Vec<&str> = a.iter().map(|x| x.text.as_str()).collect();
    let texts_b: Vec<&str> = b.iter().map(|x| x.text.as_str()).collect();
    let mut out = Vec::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Patience, &texts_a, &texts_b) {
        let (old_range, new_range) = (op.old_range(), op.new_range());
        if matches!(op, similar::DiffOp::Equal { .. }) {
            continue;
        }
        let pairs = old_range.len().min(new_range.len());
        for k in 0..pairs {
            out.push(Change {
                kind: ChangeKind::Changed,
                line: b[new_range.start + k].line,
                text: b[new_range.start + k].text.clone(),
                was: Some(a[old_range.start + k].text.clone()),
            });
        }
        for i in new_range.clone().skip(pairs) {
            out.push(Change {
                kind: ChangeKind::Added,
                line: b[i].line,
                text: b[i].text.clone(),
                was: None,
            });
        }
        for i in old_range.skip(pairs) {
            out.push(Change {
                kind: ChangeKind::Removed,
                line: at(new_range.end),
                text: a[i].text.clone(),
                was: None,
            });
        }
    }
    out
}

fn git(root: &Path, args: &[&str]) -> Option<Vec<u8>> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .ok()?;
    out.status.success().then_some(out.stdout)
}

/// The revisions of `file` (relative to `root`), newest first: commit, date
/// and the file's path in that commit (relative to the repository).
fn revisions(root: &Path, file: &Path) -> Option<Vec<(String, String, String)>> {
    let file = file.to_string_lossy().replace('\\', "/");
    let log = git(
        root,
        &[
            "log",
            "--follow",
            "--format=%x01%H %cs",
            "--name-only",
            "--",
            &file,
        ],
    )?;
    let log = String::from_utf8_lossy(&log);
    let mut out = Vec::new();
    for record in log.split('\u{1}').filter(|r| !r.trim().is_empty()) {
        let mut lines = record.lines().filter(|l| !l.trim().is_empty());
        let (Some(head), Some(path)) = (lines.next(), lines.next()) else {
            continue;
        };
        let Some((commit, date)) = head.split_once(' ') else {
            continue;
        };
        out.push((commit.to_string(), date.to_string(), path.to_string()));
    }
    Some(out)
}

/// The newest revision of `original` (relative to `root`) whose hash is
/// `recorded`: its commit, date and text.
fn find_revision(root: &Path, original: &Path, recorded: &str) -> Result<(Since, String), Found> {
    if git(root, &["rev-parse", "--is-inside-work-tree"]).is_none() {
        return Err(Found::NoGit);
    }
    let revs = revisions(root, original).ok_or(Found::NoGit)?;
    for (commit, date, path) in revs {
        let Some(bytes) = git(root, &["show", &format!("{commit}:{path}")]) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes).into_owned();
        if provenance::hash_file(&text).as_deref() == Some(recorded) {
            let commit = commit[..commit.len().min(10)].to_string();
            return Ok((Since { commit, date }, text));
        }
    }
    Err(Found::NotInHistory)
}

/// The text of the original a translation recording `recorded` was made from.
pub fn revision_text(root: &Path, original: &Path, recorded: &str) -> Option<String> {
    find_revision(root, original, recorded).ok().map(|(_, t)| t)
}

/// Looks for the revision of `original` whose hash is `recorded`, and what
/// changed from it to `today` (the file's text now).
pub fn what_changed(root: &Path, original: &Path, recorded: &str, today: &str) -> Found {
    match find_revision(root, original, recorded) {
        Ok((since, text)) => Found::Since {
            since,
            changes: diff(&text, today),
        },
        Err(found) => found,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_names_added_removed_and_changed_blocks_with_todays_lines() {
        let old =
            "+++\ntitle = \"Hindamine\"\n+++\n\nEsimene lõik.\n\nTeine lõik.\n\nKolmas lõik.\n";
        let new = "+++\ntitle = \"Hindamine\"\n+++\n\nEsimene lõik.\n\nTeine lõik,\nnüüd muudetud.\n\nKolmas lõik.\n\nUus lõik.\n";
        let changes = diff(old, new);
        assert_eq!(changes.len(), 2, "{changes:?}");
        assert_eq!(changes[0].kind, ChangeKind::Changed);
        assert_eq!(changes[0].line, 7);
        assert_eq!(changes[0].was.as_deref(), Some("Teine lõik."));
        assert_eq!(changes[0].text, "Teine lõik, nüüd muudetud.");
        assert_eq!(changes[1].kind, ChangeKind::Added);
        assert_eq!(changes[1].line, 12);
        let back = diff(new, old);
        assert!(back
            .iter()
            .any(|c| c.kind == ChangeKind::Removed && c.text == "Uus lõik."));
        let retitled = old.replace("\"Hindamine\"", "\"Hindamise alused\"");
        let c = diff(old, &retitled);
        assert_eq!(c[0].line, 2);
        assert_eq!(c[0].text, "title: Hindamise alused");
        // Rewrapping is no change.
        assert!(diff(old, &old.replace("Teine lõik.", "Teine\n   lõik.")).is_empty());
    }
}
