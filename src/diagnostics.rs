//! Problems found in the author's input, collected over a whole run and printed
//! once, sorted by file and line.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, located in a source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path as the author knows it, relative to the site root where possible.
    pub file: PathBuf,
    /// 1-based; 0 when the problem concerns the file as a whole.
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// The pages it came up on, when it is in a file many pages share (a
    /// template): the same problem on many pages is reported once.
    pub on: Vec<PathBuf>,
}

impl Diagnostic {
    pub fn error(file: impl AsRef<Path>, line: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.as_ref().to_path_buf(),
            line,
            column: 0,
            message: message.into(),
            hint: None,
            on: Vec::new(),
        }
    }

    pub fn warning(file: impl AsRef<Path>, line: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Self::error(file, line, message)
        }
    }

    pub fn at_column(mut self, column: usize) -> Self {
        self.column = column;
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Says that it came up on page `source`.
    pub fn on_page(mut self, source: impl AsRef<Path>) -> Self {
        self.on.push(source.as_ref().to_path_buf());
        self
    }

    /// The pages it came up on, for a note: `on the pages of
    /// content/a.et.md and 20 other files` (a file's page may be shown in
    /// several languages).
    pub fn pages_note(&self) -> Option<String> {
        let first = self.on.first()?;
        Some(match self.on.len() - 1 {
            0 => format!("on the pages of {}", first.display()),
            1 => format!("on the pages of {} and 1 other file", first.display()),
            n => format!("on the pages of {} and {n} other files", first.display()),
        })
    }

    #[allow(clippy::type_complexity)]
    fn sort_key(&self) -> (&Path, usize, usize, Severity, &str, Option<&str>) {
        (
            &self.file,
            self.line,
            self.column,
            self.severity,
            &self.message,
            self.hint.as_deref(),
        )
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: {}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        write!(f, ": {}", self.message)?;
        if let Some(pages) = self.pages_note() {
            write!(f, "\n  {pages}")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// How many of `diagnostics` have `severity`.
pub(crate) fn count(diagnostics: &[Diagnostic], severity: Severity) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .count()
}

/// Thread-safe collector, so parallel stages can report without stopping.
#[derive(Debug, Default)]
pub(crate) struct Diagnostics {
    items: Mutex<Vec<Diagnostic>>,
}

impl Diagnostics {
    pub fn push(&self, d: Diagnostic) {
        self.items.lock().expect("diagnostics lock").push(d);
    }

    pub fn has_errors(&self) -> bool {
        self.items
            .lock()
            .expect("diagnostics lock")
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// All problems, sorted by file, line and column, without duplicates:
    /// one that came up on several pages is one, naming them all, with the
    /// first of their hints (each page's may guess differently).
    pub fn into_sorted(self) -> Vec<Diagnostic> {
        let mut v = self.items.into_inner().expect("diagnostics lock");
        v.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        v.dedup_by(|later, kept| {
            let (a, b) = (later.sort_key(), kept.sort_key());
            let same = match later.on.is_empty() || kept.on.is_empty() {
                true => a == b,
                false => (a.0, a.1, a.2, a.3, a.4) == (b.0, b.1, b.2, b.3, b.4),
            };
            if same {
                kept.on.append(&mut later.on);
            }
            same
        });
        for d in &mut v {
            d.on.sort();
            d.on.dedup();
        }
        v
    }
}

/// Maps byte offsets of a source text to 1-based line and column numbers.
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let col = text
            .get(start..offset.min(text.len()))
            .map_or(1, |s| s.chars().count() + 1);
        (line, col)
    }
}

/// Line of the first `key =` (TOML) or `key:` (YAML front matter) in
/// `text`, for messages about values; 0 when there is none.
pub(crate) fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(['=', ':']))
        })
        .map_or(0, |i| i + 1)
}

/// Levenshtein distance, for "did you mean" hints.
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The candidate closest to `wanted`, if it is close enough to be a typo.
pub(crate) fn closest<'a>(
    wanted: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .map(|c| (distance(wanted, c), c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

/// "did you mean X? " for the candidate closest to `wanted`, to start a
/// hint with; empty when none is close.
pub(crate) fn did_you_mean<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    closest(wanted, candidates)
        .map(|c| format!("did you mean {c}? "))
        .unwrap_or_default()
}

#[cfg(test)]
mod closest_tests {
    use super::closest;

    #[test]
    fn closest_finds_typos() {
        let c = ["handbook/hindamine", "handbook/juhtumiplaan"];
        assert_eq!(
            closest("handbook/hindamne", c.iter().copied()),
            Some("handbook/hindamine")
        );
        assert_eq!(closest("zzz", c.iter().copied()), None);
    }
}
