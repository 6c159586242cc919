//! `raamat.toml`: the site's configuration. Languages are data here, not code.

use crate::diagnostics::{Diagnostic, LineIndex};
use crate::i18n::collation::Collator;
use serde::Deserialize;
use std::path::Path;

/// Folders of a site that hold its sources (besides `raamat.toml`): what
/// `serve` watches and what an output folder must never be inside of.
pub const SOURCE_FOLDERS: &[&str] = &[
    "content",
    "courses",
    "themes",
    "templates",
    "static",
    "i18n",
];

/// The whole configuration of a site.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Absolute URL of the published site, e.g. `https://juhend.example.ee/`.
    pub base_url: String,
    /// Name of the theme; `default` is built into raamat.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// What a language shows for a page that is not translated into it.
    #[serde(default)]
    pub missing_translation: MissingTranslation,
    /// Typographic quotation marks, dashes and ellipses.
    #[serde(default = "yes")]
    pub smart_punctuation: bool,
    /// Whether course modules may contain raw HTML. Authors' Markdown is
    /// trusted input; a site that takes course contributions from outside
    /// sets this to `false`, and raw HTML in a module is then an error.
    #[serde(default = "yes")]
    pub course_raw_html: bool,
    /// Ordered; the first is the default language.
    pub languages: Vec<Language>,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum MissingTranslation {
    /// Publish the other language's page with a "not yet translated" notice.
    #[default]
    Fallback,
    /// Leave the page out of this language.
    Omit,
}

/// One language of the site and the locale data raamat needs for it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    /// BCP 47 code used in URLs and `lang` attributes (`et`, `ru`).
    pub code: String,
    /// The language's own name (`Eesti`, `Русский`).
    pub name: String,
    /// Site title in this language.
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Letters in alphabetical order, separated by spaces.
    #[serde(default)]
    pub alphabet: String,
    /// Twelve month names as used in dates (Russian: genitive).
    #[serde(default)]
    pub months: Vec<String>,
    /// E.g. `{day}. {month} {year}`.
    #[serde(default = "default_date_format")]
    pub date_format: String,
    /// Opening and closing quotation marks, outer pair first, then the nested pair.
    #[serde(default = "default_quotes")]
    pub quotes: Vec<String>,
    #[serde(default = "default_decimal")]
    pub decimal_separator: String,
}

fn default_theme() -> String {
    "default".into()
}
fn yes() -> bool {
    true
}
fn default_date_format() -> String {
    "{year}-{mm}-{dd}".into()
}
fn default_quotes() -> Vec<String> {
    vec!["“".into(), "”".into(), "‘".into(), "’".into()]
}
fn default_decimal() -> String {
    ".".into()
}

impl Language {
    pub fn collator(&self) -> Collator {
        Collator::new(&self.alphabet)
    }
}

impl Config {
    /// Reads and validates `raamat.toml`; every problem is returned with its line.
    pub fn load(path: &Path, shown_as: &Path) -> Result<Config, Vec<Diagnostic>> {
        let diags = crate::diagnostics::Diagnostics::default();
        let text = crate::source::read_text(path, shown_as, &diags);
        let mut problems = diags.into_sorted();
        match text.map(|t| Self::parse(&t, shown_as)) {
            Some(Ok(config)) if problems.is_empty() => Ok(config),
            Some(Err(more)) => {
                problems.extend(more);
                Err(problems)
            }
            _ => Err(problems),
        }
    }

    pub fn parse(text: &str, shown_as: &Path) -> Result<Config, Vec<Diagnostic>> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let (line, col) = e
                .span()
                .map(|s| LineIndex::new(text).line_col(text, s.start))
                .unwrap_or((0, 0));
            vec![
                Diagnostic::error(shown_as, line, e.message().trim().to_string())
                    .at_column(col)
                    .with_hint("see the configuration reference in README.md"),
            ]
        })?;
        let mut problems = Vec::new();
        if config.languages.is_empty() {
            problems.push(
                Diagnostic::error(shown_as, 0, "no languages configured")
                    .with_hint("add a [[languages]] table with code, name and title"),
            );
        }
        let mut seen = std::collections::BTreeSet::new();
        for lang in &config.languages {
            let valid = !lang.code.is_empty()
                && lang
                    .code
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-');
            if !valid {
                problems.push(Diagnostic::error(
                    shown_as,
                    0,
                    format!(
                        "language code `{}` must be letters, digits or `-`",
                        lang.code
                    ),
                ));
            }
            if !seen.insert(lang.code.clone()) {
                problems.push(Diagnostic::error(
                    shown_as,
                    0,
                    format!("language `{}` is listed twice", lang.code),
                ));
            }
            if !lang.months.is_empty() && lang.months.len() != 12 {
                problems.push(Diagnostic::error(
                    shown_as,
                    0,
                    format!(
                        "language `{}` has {} month names, not 12",
                        lang.code,
                        lang.months.len()
                    ),
                ));
            }
            if lang.quotes.len() != 2 && lang.quotes.len() != 4 {
                problems.push(Diagnostic::error(
                    shown_as,
                    0,
                    format!("language `{}`: quotes needs 2 or 4 marks", lang.code),
                ));
            }
        }
        if !config.base_url.starts_with("http://") && !config.base_url.starts_with("https://") {
            problems.push(
                Diagnostic::error(shown_as, 0, "base_url must be an absolute http(s) URL")
                    .with_hint("for example base_url = \"https://juhend.example.ee/\""),
            );
        }
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems)
        }
    }

    pub fn default_language(&self) -> &Language {
        &self.languages[0]
    }

    pub fn language_index(&self, code: &str) -> Option<usize> {
        self.languages.iter().position(|l| l.code == code)
    }

    /// `base_url` with exactly one trailing slash.
    pub fn base_url(&self) -> String {
        format!("{}/", self.base_url.trim_end_matches('/'))
    }

    /// The path part of `base_url` (`/` or `/juhend/`): the prefix of every site link.
    pub fn base_path(&self) -> String {
        let after_scheme = self.base_url.split_once("://").map_or("", |(_, r)| r);
        let path = after_scheme.split_once('/').map_or("", |(_, p)| p);
        let path = path.trim_matches('/');
        if path.is_empty() {
            "/".into()
        } else {
            format!("/{path}/")
        }
    }
}
