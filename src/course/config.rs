//! `courses/<id>/course.toml`: what a course is and how it is graded.

use crate::diagnostics::{did_you_mean, line_of_key, Diagnostic, LineIndex};
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

/// The settings above the tables of course.toml.
pub const FIELDS: &[&str] = &[
    "id",
    "version",
    "languages",
    "scorm",
    "completion",
    "pass_mark",
    "max_attempts",
    "shuffle_questions",
    "shuffle_options",
    "failed_status",
    "fill_max_length",
    "fill_equivalents",
    "package_languages",
];

/// The field an "unknown field `x`, expected …" message names.
fn unknown_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("unknown field `")?;
    rest.split_once('`').map(|(field, _)| field)
}

/// The table (`title`, `pools`) that line `line` of `text` is in, if any.
pub fn table_of_line(text: &str, line: usize) -> Option<&str> {
    text.lines()
        .take(line)
        .filter_map(|l| {
            let l = l.trim();
            let name = l.strip_prefix("[[").and_then(|n| n.strip_suffix("]]"));
            name.or_else(|| l.strip_prefix('[').and_then(|n| n.strip_suffix(']')))
        })
        .last()
        .map(str::trim)
}

/// The line that opens `[table]`, or 0.
pub fn line_of_table(text: &str, table: &str) -> usize {
    text.lines()
        .position(|l| l.trim() == format!("[{table}]"))
        .map_or(0, |i| i + 1)
}

/// The line of `key = …` in `[table]`, or of the table's own line when the
/// key is not there; 0 when neither is.
pub fn line_in_table(text: &str, table: &str, key: &str) -> usize {
    let header = line_of_table(text, table);
    if header == 0 {
        return 0;
    }
    let below: String = text
        .lines()
        .skip(header)
        .take_while(|l| !l.trim_start().starts_with('['))
        .collect::<Vec<_>>()
        .join("\n");
    match line_of_key(&below, key) {
        0 => header,
        n => header + n,
    }
}

/// What to say of an unknown `field` found in `table` (none: at the top).
/// A setting written below a table belongs to that table in TOML, so it is
/// unknown there though it is a setting.
pub fn unknown_field_hint(field: &str, table: Option<&str>) -> String {
    match table {
        Some(table) if FIELDS.contains(&field) => format!(
            "`{field}` is a course setting, but this line is in [{table}]: every line after a [table] line belongs to it, so move the setting above the first one"
        ),
        Some("pools") => {
            let guess = did_you_mean(field, ["id", "draw"].into_iter());
            format!("{guess}each [[pools]] has an id and a draw")
        }
        _ => {
            let guess = did_you_mean(field, FIELDS.iter().copied());
            format!(
                "{guess}known settings: {}, then the tables [title], [description] and [[pools]]",
                FIELDS.join(", ")
            )
        }
    }
}

impl CourseConfig {
    pub fn parse(text: &str, file: &Path) -> Result<CourseConfig, Vec<Diagnostic>> {
        let config: CourseConfig = toml::from_str(text).map_err(|e| {
            let (line, col) = e
                .span()
                .map(|s| LineIndex::new(text).line_col(text, s.start))
                .unwrap_or((0, 0));
            let msg = e.message().trim().to_string();
            // A setting below [title] whose value is not text fails as a
            // title of the wrong type: say where it is instead.
            let setting = text
                .lines()
                .nth(line.saturating_sub(1))
                .and_then(|l| l.split_once('='))
                .map(|(key, _)| key.trim())
                .filter(|key| FIELDS.contains(key));
            let table = table_of_line(text, line);
            let hint = match (unknown_field(&msg), setting) {
                (Some(field), _) => unknown_field_hint(field, table),
                (None, Some(key)) if table.is_some() => unknown_field_hint(key, table),
                _ => "see “Courses” in README.md for an example course.toml".to_string(),
            };
            vec![Diagnostic::error(file, line, msg)
                .at_column(col)
                .with_hint(hint)]
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
