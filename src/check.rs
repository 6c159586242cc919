//! `raamat check`: everything `raamat build` does, without writing anything
//! (the outputs render into nothing), plus how much of each section is
//! translated. The JSON form is stable (see README.md).

use crate::build::{load_site, render_outputs, Bodies, Derived};
use crate::content::translation_state::{State, Status};
use crate::content::{EntryKind, Site};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::output::Discard;
use crate::translation::history::{what_changed, Found};
use crate::usage::UsageError;
use serde_json::{json, Value};
use std::path::Path;

/// Translation figures of one top-level section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionCoverage {
    /// Top-level folder (`handbook`), or `""` for pages at the top level.
    pub section: String,
    /// Pages written in each language (config order).
    pub pages: Vec<usize>,
    /// Pages written in every language.
    pub all: usize,
    /// Words still to translate into each language.
    pub untranslated_words: Vec<usize>,
    /// Translations in each language older than their original.
    pub stale: Vec<usize>,
}

/// A translation older than its original, and what history says changed.
#[derive(Debug, Clone)]
pub struct StaleTranslation {
    /// The translation's file.
    pub file: String,
    pub language: String,
    pub original: String,
    /// The original's hash the translation records, and today's.
    pub recorded: String,
    pub current: String,
    pub history: Found,
}

/// Everything `check` found.
#[derive(Debug, Default)]
pub struct CheckReport {
    pub languages: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
    pub coverage: Vec<SectionCoverage>,
    /// `(path, language, file to translate)`.
    pub untranslated: Vec<(String, String, String)>,
    pub stale: Vec<StaleTranslation>,
    /// Translations that do not record their original: `(file, language)`.
    pub unknown: Vec<(String, String)>,
    /// The sentence that reports them, once.
    pub unknown_sentence: Option<String>,
}

impl CheckReport {
    pub fn errors(&self) -> usize {
        crate::diagnostics::count(&self.diagnostics, Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        crate::diagnostics::count(&self.diagnostics, Severity::Warning)
    }

    /// 1 on errors, and on warnings too when `strict`.
    pub fn exit_code(&self, strict: bool) -> u8 {
        u8::from(self.errors() > 0 || (strict && self.warnings() > 0))
    }

    /// The stable machine-readable form (format 1).
    pub fn to_json(&self) -> Value {
        let per_lang = |v: &[usize]| -> Value {
            self.languages
                .iter()
                .zip(v)
                .map(|(l, n)| (l.clone(), json!(n)))
                .collect::<serde_json::Map<_, _>>()
                .into()
        };
        json!({
            "format": 1,
            "summary": { "errors": self.errors(), "warnings": self.warnings() },
            "diagnostics": self.diagnostics.iter().map(|d| json!({
                "severity": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
                "file": d.file.to_string_lossy().replace('\\', "/"),
                "line": d.line,
                "column": d.column,
                "message": d.message,
                "hint": d.hint,
                "pages": d.on.iter().map(|p| p.to_string_lossy().replace('\\', "/")).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "translations": {
                "languages": self.languages,
                "sections": self.coverage.iter().map(|c| json!({
                    "section": c.section,
                    "pages": per_lang(&c.pages),
                    "all_languages": c.all,
                    "untranslated_words": per_lang(&c.untranslated_words),
                    "stale": per_lang(&c.stale),
                })).collect::<Vec<_>>(),
                "missing": self.untranslated.iter().map(|(path, lang, source)| json!({
                    "path": path, "language": lang, "source": source,
                })).collect::<Vec<_>>(),
                "stale": self.stale.iter().map(stale_json).collect::<Vec<_>>(),
                "unknown": self.unknown.iter().map(|(file, lang)| json!({
                    "file": file, "language": lang,
                })).collect::<Vec<_>>(),
            },
        })
    }

    /// The translation table for people.
    pub fn coverage_table(&self) -> String {
        let mut header = vec!["section".to_string()];
        header.extend(self.languages.iter().cloned());
        header.push("all".into());
        header.extend(self.languages.iter().map(|l| format!("words to {l}")));
        header.extend(self.languages.iter().skip(1).map(|l| format!("stale {l}")));
        let mut rows = vec![header];
        for c in &self.coverage {
            let mut row = vec![if c.section.is_empty() {
                "(top level)".into()
            } else {
                c.section.clone()
            }];
            row.extend(c.pages.iter().map(usize::to_string));
            row.push(c.all.to_string());
            row.extend(c.untranslated_words.iter().map(usize::to_string));
            row.extend(c.stale.iter().skip(1).map(usize::to_string));
            rows.push(row);
        }
        let widths: Vec<usize> = (0..rows[0].len())
            .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
            .collect();
        let mut out = String::from("Translation coverage (pages per language)\n");
        for row in rows {
            let cells: Vec<String> = row
                .iter()
                .enumerate()
                .map(|(i, cell)| {
                    if i == 0 {
                        format!("{cell:<w$}", w = widths[i])
                    } else {
                        format!("{cell:>w$}", w = widths[i])
                    }
                })
                .collect();
            out.push_str("  ");
            out.push_str(cells.join("  ").trim_end());
            out.push('\n');
        }
        out
    }

    /// Each stale translation with the blocks of its original that changed.
    pub fn stale_list(&self) -> String {
        let mut out = String::new();
        if self.stale.is_empty() {
            return out;
        }
        out.push_str("Stale translations (the original changed after they were translated):\n");
        for s in &self.stale {
            out.push_str(&format!("  {} ← {}\n", s.file, s.original));
            match &s.history {
                Found::Since { since, changes } => {
                    out.push_str(&format!(
                        "    translated from the original of {} (commit {}); since then:\n",
                        since.date, since.commit
                    ));
                    for c in changes {
                        let what = match c.kind {
                            crate::translation::history::ChangeKind::Removed => {
                                format!("removed before line {}", c.line)
                            }
                            k => format!("{} line {}", k.as_str(), c.line),
                        };
                        out.push_str(&format!("      {what}: {}\n", clip(&c.text)));
                        if let Some(was) = &c.was {
                            out.push_str(&format!("        was: {}\n", clip(was)));
                        }
                    }
                }
                Found::NotInHistory => out.push_str(
                    "    no revision of the original in git matches it, so since when is unknown\n",
                ),
                Found::NoGit => {
                    out.push_str("    since when is unknown (the site is not a git repository)\n")
                }
            }
        }
        out
    }
}

fn clip(s: &str) -> String {
    if s.chars().count() > 100 {
        format!("{}…", s.chars().take(99).collect::<String>())
    } else {
        s.to_string()
    }
}

fn stale_json(s: &StaleTranslation) -> Value {
    let (since, changes) = match &s.history {
        Found::Since { since, changes } => (
            json!({ "commit": since.commit, "date": since.date }),
            changes
                .iter()
                .map(|c| json!({ "kind": c.kind.as_str(), "line": c.line, "text": c.text, "was": c.was }))
                .collect::<Vec<_>>(),
        ),
        _ => (Value::Null, Vec::new()),
    };
    json!({
        "file": s.file,
        "language": s.language,
        "original": s.original,
        "recorded": s.recorded,
        "current": s.current,
        "since": since,
        "changes": changes,
    })
}

/// Per top-level section: pages per language, in all languages, words missing
/// and translations that are stale.
pub(crate) fn coverage(site: &Site, statuses: &[Status]) -> Vec<SectionCoverage> {
    let nlang = site.config.languages.len();
    let mut sections: Vec<SectionCoverage> = Vec::new();
    for (id, e) in site.entries.iter().enumerate() {
        let written: Vec<bool> = e.versions.iter().map(Option::is_some).collect();
        if !written.iter().any(|&w| w)
            || (e.kind == EntryKind::Section
                && e.path.is_empty()
                && written.iter().all(|&w| w)
                && e.versions.iter().flatten().all(|v| v.words == 0))
        {
            continue;
        }
        let top = match e.path.split_once('/') {
            Some((first, _)) => first.to_string(),
            None if e.kind == EntryKind::Section && !e.path.is_empty() => e.path.clone(),
            None => String::new(),
        };
        let i = match sections.iter().position(|s| s.section == top) {
            Some(i) => i,
            None => {
                sections.push(SectionCoverage {
                    section: top,
                    pages: vec![0; nlang],
                    all: 0,
                    untranslated_words: vec![0; nlang],
                    stale: vec![0; nlang],
                });
                sections.len() - 1
            }
        };
        let words = e.versions.iter().flatten().next().map_or(0, |v| v.words);
        let s = &mut sections[i];
        for (l, &w) in written.iter().enumerate() {
            if w {
                s.pages[l] += 1;
            } else {
                s.untranslated_words[l] += words;
            }
        }
        if written.iter().all(|&w| w) {
            s.all += 1;
        }
        for st in statuses
            .iter()
            .filter(|st| st.entry == id && st.state == State::Stale)
        {
            s.stale[st.lang] += 1;
        }
    }
    sections.sort_by(|a, b| a.section.cmp(&b.section));
    sections
}

/// Runs every check on the site at `root`.
pub fn check(root: &Path, drafts: bool) -> Result<CheckReport, UsageError> {
    if !root.join("raamat.toml").is_file() {
        return Err(UsageError::NoConfig(root.to_path_buf()));
    }
    let diags = Diagnostics::default();
    let mut report = CheckReport::default();
    if let Some((mut site, theme)) = load_site(root, drafts, false, &diags) {
        // What a build does, into nothing.
        render_outputs(
            &mut site,
            &theme,
            &Discard,
            &diags,
            None,
            Bodies::Keep,
            Derived::Now,
        );
        report.languages = site
            .config
            .languages
            .iter()
            .map(|l| l.code.clone())
            .collect();
        let statuses = crate::content::translation_state::statuses(&site);
        report.coverage = coverage(&site, &statuses);
        report.unknown_sentence = crate::content::translation_state::unknown_sentence(
            &crate::content::translation_state::counts(&site, &statuses, State::Unknown),
        );
        let code = |l: usize| site.config.languages[l].code.clone();
        let path = |p: &Path| p.to_string_lossy().replace('\\', "/");
        for s in &statuses {
            match s.state {
                State::Unknown => report.unknown.push((path(&s.translation), code(s.lang))),
                State::Stale => {
                    let today = crate::content::translation_state::file_text(&site, s.entry, 0)
                        .unwrap_or("");
                    let recorded = s.recorded.clone().unwrap_or_default();
                    report.stale.push(StaleTranslation {
                        file: path(&s.translation),
                        language: code(s.lang),
                        original: path(&s.original),
                        history: what_changed(root, &s.original, &recorded, today),
                        recorded,
                        current: s.current.clone(),
                    });
                }
                State::Current => {}
            }
        }
        report.untranslated = crate::build::untranslated(&site)
            .into_iter()
            .map(|u| {
                (
                    u.path,
                    u.lang,
                    u.source.to_string_lossy().replace('\\', "/"),
                )
            })
            .collect();
    }
    report.diagnostics = diags.into_sorted();
    Ok(report)
}
