//! `raamat check`: everything `raamat build` does, without writing anything
//! (the outputs render into nothing), plus how much of each section is
//! translated. The JSON form is stable (see README.md).

use crate::build::{load_site, render_outputs};
use crate::content::{EntryKind, Site};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::output::Discard;
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
}

/// Everything `check` found.
#[derive(Debug, Default)]
pub struct CheckReport {
    pub languages: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
    pub coverage: Vec<SectionCoverage>,
    /// `(path, language, file to translate)`.
    pub untranslated: Vec<(String, String, String)>,
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
            })).collect::<Vec<_>>(),
            "translations": {
                "languages": self.languages,
                "sections": self.coverage.iter().map(|c| json!({
                    "section": c.section,
                    "pages": per_lang(&c.pages),
                    "all_languages": c.all,
                    "untranslated_words": per_lang(&c.untranslated_words),
                })).collect::<Vec<_>>(),
                "missing": self.untranslated.iter().map(|(path, lang, source)| json!({
                    "path": path, "language": lang, "source": source,
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
}

/// Per top-level section: pages per language, in all languages, words missing.
pub(crate) fn coverage(site: &Site) -> Vec<SectionCoverage> {
    let nlang = site.config.languages.len();
    let mut sections: Vec<SectionCoverage> = Vec::new();
    for e in &site.entries {
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
    if let Some((site, theme)) = load_site(root, drafts, &diags) {
        // What a build does, into nothing.
        render_outputs(&site, &theme, &Discard, &diags, None);
        report.languages = site
            .config
            .languages
            .iter()
            .map(|l| l.code.clone())
            .collect();
        report.coverage = coverage(&site);
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
