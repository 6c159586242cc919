//! `courses/<id>/course.toml`: what a course is and how it is graded.

use crate::diagnostics::{line_of_key, Diagnostic, LineIndex};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
pub enum ScormVersion {
    #[serde(rename = "1.2")]
    Scorm12,
    #[serde(rename = "2004")]
    Scorm2004,
}

impl ScormVersion {
    /// As used in file names and the runtime's `data-mode`.
    pub fn tag(self) -> &'static str {
        match self {
            ScormVersion::Scorm12 => "scorm12",
            ScormVersion::Scorm2004 => "scorm2004",
        }
    }
}

/// When the course counts as completed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Completion {
    AllPages,
    PassTest,
    #[default]
    AllPagesAndPassTest,
}

/// What a failed final test reports to the LMS.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FailedStatus {
    #[default]
    Failed,
    Incomplete,
}

/// Which packages a course gets per SCORM version: one per language (`each`), one holding
/// every language with a switch inside the course (`all`), or both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PackageLanguages {
    #[default]
    Each,
    All,
    Both,
}

impl PackageLanguages {
    pub fn each(self) -> bool {
        self != PackageLanguages::All
    }
    pub fn all(self) -> bool {
        self != PackageLanguages::Each
    }
}

/// Draw `draw` questions from those tagged `pool=<id>`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Pool {
    pub id: String,
    pub draw: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CourseConfig {
    pub id: String,
    pub version: String,
    /// Language codes; empty = every site language.
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default = "both_versions")]
    pub scorm: Vec<ScormVersion>,
    #[serde(default)]
    pub completion: Completion,
    #[serde(default = "default_pass_mark")]
    pub pass_mark: f64,
    /// Final test attempts; 0 = unlimited.
    #[serde(default)]
    pub max_attempts: u32,
    #[serde(default)]
    pub shuffle_questions: bool,
    #[serde(default)]
    pub shuffle_options: bool,
    #[serde(default)]
    pub failed_status: FailedStatus,
    /// Longest answer a learner can type into a blank.
    #[serde(default = "default_fill_length")]
    pub fill_max_length: usize,
    /// Letters a typed answer may have either way: `[["ё", "е"]]` accepts `елка` for `ёлка`.
    #[serde(default)]
    pub fill_equivalents: Vec<[String; 2]>,
    #[serde(default)]
    pub package_languages: PackageLanguages,
    pub title: BTreeMap<String, String>,
    #[serde(default)]
    pub description: BTreeMap<String, String>,
    #[serde(default)]
    pub pools: Vec<Pool>,
}

fn both_versions() -> Vec<ScormVersion> {
    vec![ScormVersion::Scorm12, ScormVersion::Scorm2004]
}
fn default_pass_mark() -> f64 {
    80.0
}
fn default_fill_length() -> usize {
    60
}

impl CourseConfig {
    /// Whether the LMS may set passed/failed from the score and the pass mark:
    /// only when passing the test is what the course reports and a failed test
    /// reports "failed".
    pub fn lms_decides_pass(&self) -> bool {
        self.completion != Completion::AllPages && self.failed_status == FailedStatus::Failed
    }
}

/// The longest typed answer every LMS keeps: SCORM 2004 requires an LMS to
/// keep at least 250 characters of a fill-in response (SCORM 1.2: 255).
pub const FILL_MAX_LENGTH_LIMIT: usize = 250;

impl CourseConfig {
    pub fn parse(text: &str, file: &Path) -> Result<CourseConfig, Vec<Diagnostic>> {
        let config: CourseConfig = toml::from_str(text).map_err(|e| {
            let (line, col) = e.span().map(|s| LineIndex::new(text).line_col(text, s.start)).unwrap_or((0, 0));
            let msg = e.message().trim().to_string();
            let hint = if msg.contains("unknown field") {
                "known fields: id, version, languages, scorm, completion, pass_mark, max_attempts, shuffle_questions, shuffle_options, failed_status, fill_max_length, fill_equivalents, package_languages, [title], [description], [[pools]]"
            } else {
                "see “Courses” in README.md for an example course.toml"
            };
            vec![Diagnostic::error(file, line, msg).at_column(col).with_hint(hint)]
        })?;
        let mut problems = Vec::new();
        if !(0.0..=100.0).contains(&config.pass_mark) {
            problems.push(
                Diagnostic::error(
                    file,
                    line_of_key(text, "pass_mark"),
                    format!("pass_mark {} is not between 0 and 100", config.pass_mark),
                )
                .with_hint("the pass mark is a percentage, e.g. pass_mark = 80"),
            );
        }
        let valid_id = !config.id.is_empty()
            && config
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !valid_id {
            problems.push(
                Diagnostic::error(
                    file,
                    line_of_key(text, "id"),
                    format!("course id `{}` may only have a–z, 0–9 and -", config.id),
                )
                .with_hint("the id becomes part of file names and LMS identifiers"),
            );
        }
        if config.scorm.is_empty() {
            problems.push(
                Diagnostic::error(
                    file,
                    line_of_key(text, "scorm"),
                    "no SCORM version to build",
                )
                .with_hint("scorm = [\"1.2\", \"2004\"]"),
            );
        }
        if !(1..=FILL_MAX_LENGTH_LIMIT).contains(&config.fill_max_length) {
            problems.push(
                Diagnostic::error(
                    file,
                    line_of_key(text, "fill_max_length"),
                    format!(
                        "fill_max_length must be from 1 to {FILL_MAX_LENGTH_LIMIT}, not {}",
                        config.fill_max_length
                    ),
                )
                .with_hint(format!(
                    "an LMS must keep only {FILL_MAX_LENGTH_LIMIT} characters of a typed answer; 60 fits most answers"
                )),
            );
        }
        if let Some(pair) = config
            .fill_equivalents
            .iter()
            .find(|p| p[0].trim().is_empty())
        {
            problems.push(
                Diagnostic::error(
                    file,
                    line_of_key(text, "fill_equivalents"),
                    format!("fill_equivalents has an empty letter: [{:?}, {:?}]", pair[0], pair[1]),
                )
                .with_hint("each pair is what a learner may type and what it counts as: fill_equivalents = [[\"ё\", \"е\"]]"),
            );
        }
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems)
        }
    }
}
