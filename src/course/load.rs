//! Reads `courses/*/course.toml` and the module files next to it.

use super::config::{line_in_table, line_of_table, unknown_field_hint, CourseConfig, FIELDS};
use super::model::{Course, Kind, Module, ModuleFront, ModuleSource, ModuleVersion, Question};
use super::questions::{extract, interpret, typed_answer};
use crate::config::Config;
use crate::diagnostics::{did_you_mean, line_of_key, Diagnostic, Diagnostics, LineIndex, Severity};
use crate::markdown::{self, Event};
use crate::source::front_matter::split_as;
use crate::source::provenance;
use crate::source::report_todos;
use std::path::{Path, PathBuf};

const MODULE_KEYS: &[&str] = &["title", "description", "test", "draft", "translated_from"];

/// A course as loaded, with what its checks need besides the model.
#[derive(Debug, Clone)]
pub struct CourseSource {
    pub course: Course,
    pub config_text: String,
    /// Module files that could not be read (their errors are reported).
    pub unreadable_modules: usize,
    /// Module files left out as drafts: module id, language, file, and
    /// the line of `draft` (a module must not be a draft in one language only).
    pub drafts: Vec<super::validate::Draft>,
}

impl CourseSource {
    /// Runs the checks that need the whole course, unless a module file could
    /// not be read: those checks would then only repeat its errors in other
    /// words ("no module has test = true", "missing in et").
    pub fn validate(&self, config: &Config, diags: &Diagnostics) {
        if self.unreadable_modules == 0 {
            super::validate::validate(&self.course, config, &self.config_text, &self.drafts, diags);
        }
    }
}

/// Every course below `root/courses`, in folder-name order.
pub fn load_all(
    root: &Path,
    config: &Config,
    drafts: bool,
    diags: &Diagnostics,
) -> Vec<CourseSource> {
    let dir = root.join("courses");
    let folders: Vec<PathBuf> = crate::source::children(root, &dir, true, diags)
        .filter(|e| e.file_type().is_dir())
        .map(|e| e.into_path())
        .collect();
    folders
        .into_iter()
        .filter_map(|f| load_course(root, &f, config, drafts, diags))
        .collect()
}

/// A key of `[title]` or `[description]` that is no language of the site:
/// most often a setting written below the table, which TOML then puts in
/// it, so that the setting the author changed is not the one used.
fn not_a_language(text: &str, file: &Path, table: &str, key: &str, config: &Config) -> Diagnostic {
    let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
    let hint = if FIELDS.contains(&key) {
        unknown_field_hint(key, Some(table))
    } else {
        let guess = did_you_mean(key, codes.iter().copied());
        format!(
            "{guess}[{table}] has a line for each language of the site: {}",
            codes.join(", ")
        )
    };
    Diagnostic::error(
        file,
        line_in_table(text, table, key),
        format!("`{key}` under [{table}] is not a language of the site"),
    )
    .with_hint(hint)
}

fn shown(root: &Path, p: &Path) -> PathBuf {
    p.strip_prefix(root).unwrap_or(p).to_path_buf()
}

/// Loads one course folder.
pub fn load_course(
    root: &Path,
    folder: &Path,
    config: &Config,
    drafts: bool,
    diags: &Diagnostics,
) -> Option<CourseSource> {
    let toml_path = folder.join("course.toml");
    let toml_shown = shown(root, &toml_path);
    if !toml_path.exists() {
        diags.push(
            Diagnostic::error(
                shown(root, folder),
                0,
                "a course folder without course.toml",
            )
            .with_hint(
                "add course.toml (see “Courses” in README.md) or move the folder out of courses/",
            ),
        );
        return None;
    }
    let text = crate::source::read_text(&toml_path, &toml_shown, diags)?;
    report_todos(&text, &toml_shown, diags);
    let course_config = match CourseConfig::parse(&text, &toml_shown) {
        Ok(c) => c,
        Err(ds) => {
            ds.into_iter().for_each(|d| diags.push(d));
            return None;
        }
    };
    let folder_name = folder
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if course_config.id != folder_name {
        diags.push(
            Diagnostic::error(
                &toml_shown,
                line_of_key(&text, "id"),
                format!(
                    "course id `{}` differs from its folder `{folder_name}`",
                    course_config.id
                ),
            )
            .with_hint(format!("set id = \"{folder_name}\" or rename the folder")),
        );
    }
    let mut languages = Vec::new();
    if course_config.languages.is_empty() {
        languages = (0..config.languages.len()).collect();
    }
    for code in &course_config.languages {
        match config.language_index(code) {
            Some(i) => languages.push(i),
            None => diags.push(
                Diagnostic::error(
                    &toml_shown,
                    line_of_key(&text, "languages"),
                    format!("`{code}` is not a language of the site"),
                )
                .with_hint("use language codes from raamat.toml"),
            ),
        }
    }
    for (table, texts) in [
        ("title", &course_config.title),
        ("description", &course_config.description),
    ] {
        for key in texts.keys().filter(|k| config.language_index(k).is_none()) {
            diags.push(not_a_language(&text, &toml_shown, table, key, config));
        }
    }
    for &l in &languages {
        if !course_config.title.contains_key(&config.languages[l].code) {
            diags.push(
                Diagnostic::error(
                    &toml_shown,
                    line_of_table(&text, "title"),
                    format!("the course has no title in `{}`", config.languages[l].code),
                )
                .with_hint(format!(
                    "add {} = \"…\" under [title]",
                    config.languages[l].code
                )),
            );
        }
    }

    let nlang = config.languages.len();
    let mut modules: Vec<Module> = Vec::new();
    let mut media = Vec::new();
    let mut unreadable_modules = 0;
    let mut drafted = Vec::new();
    for entry in crate::source::entries(root, folder, true, diags) {
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(folder).unwrap_or(entry.path());
        let rel_str = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let file_shown = shown(root, entry.path());
        if rel_str == "course.toml" {
            continue;
        }
        let Some(stem) = rel_str.strip_suffix(".md") else {
            media.push(rel_str);
            continue;
        };
        // Translations pair by name, also when one was saved decomposed.
        let stem = crate::source::nfc(stem);
        let stem = stem.as_str();
        if stem.contains('/') {
            diags.push(
                Diagnostic::warning(
                    &file_shown,
                    0,
                    "Markdown files in course subfolders are not modules and are ignored",
                )
                .with_hint("put modules directly in the course folder"),
            );
            continue;
        }
        let Some((module_id, code)) = stem.rsplit_once('.') else {
            diags.push(
                Diagnostic::error(
                    &file_shown,
                    0,
                    "the module file name does not say its language",
                )
                .with_hint(format!(
                    "rename it to {stem}.{}.md",
                    config.languages[0].code
                )),
            );
            continue;
        };
        let Some(lang) = config.language_index(code) else {
            let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
            diags.push(
                Diagnostic::error(
                    &file_shown,
                    0,
                    format!("`{code}` is not a configured language"),
                )
                .with_hint(format!(
                    "{}the site's languages are {}",
                    did_you_mean(code, codes.iter().copied()),
                    codes.join(", ")
                )),
            );
            continue;
        };
        if !languages.contains(&lang) {
            continue;
        }
        let Some(source) = read_module(entry.path(), &file_shown, config.course_raw_html, diags)
        else {
            unreadable_modules += 1;
            continue;
        };
        let (front, module_source, questions) = source;
        if front.draft && !drafts {
            drafted.push(super::validate::Draft {
                module: module_id.to_string(),
                lang,
                line: line_of_key(&module_source.text, "draft"),
                file: file_shown,
            });
            continue;
        }
        let idx = match modules.iter().position(|m| m.id == module_id) {
            Some(i) => i,
            None => {
                modules.push(Module {
                    id: module_id.to_string(),
                    versions: vec![None; nlang],
                });
                modules.len() - 1
            }
        };
        let hash = provenance::hash(&front.title, &front.description, module_source.body());
        modules[idx].versions[lang] = Some(ModuleVersion {
            hash,
            source: file_shown,
            front,
            words: markdown::count_words(markdown::lent(&module_source.content)),
            body: std::sync::Arc::new(module_source),
            questions,
        });
    }
    let mut order: Vec<usize> = (0..modules.len()).collect();
    order.sort_by(|&a, &b| modules[a].id.cmp(&modules[b].id));
    let modules_sorted: Vec<Module> = order.iter().map(|&i| modules[i].clone()).collect();
    Some(CourseSource {
        course: Course {
            config: course_config,
            dir: shown(root, folder),
            languages,
            modules: modules_sorted,
            media,
        },
        config_text: text,
        unreadable_modules,
        drafts: drafted,
    })
}

fn read_module(
    path: &Path,
    file: &Path,
    raw_html: bool,
    diags: &Diagnostics,
) -> Option<(ModuleFront, ModuleSource, Vec<Question>)> {
    let text = crate::source::read_text(path, file, diags)?;
    let (front, body_offset, front_line): (ModuleFront, usize, usize) =
        split_as(&text, file, MODULE_KEYS)
            .map_err(|d| diags.push(d))
            .ok()?;
    report_todos(&text, file, diags);
    if front.title.trim().is_empty() {
        diags.push(
            Diagnostic::error(file, front_line, "the front matter has no title")
                .with_hint("add a line such as title = \"Sissejuhatus\""),
        );
        return None;
    }
    let parsed = markdown::parse(&text, body_offset, true);
    let lines = LineIndex::new(&text);
    // A fixed heading id used twice, a footnote without its text.
    for (at, p) in parsed.problems() {
        diags.push(p.clone().locate(file, &text, &lines, *at, Severity::Error));
    }
    let (events, headings) = parsed.into_parts();
    if !raw_html {
        let html = events
            .iter()
            .find(|(e, _)| matches!(e, Event::Html(_) | Event::InlineHtml(_)));
        if let Some(&(_, offset)) = html {
            let (line, col) = lines.line_col(&text, offset);
            diags.push(
                Diagnostic::error(file, line, "raw HTML in a course module")
                    .at_column(col)
                    .with_hint("this site sets course_raw_html = false: write it in Markdown"),
            );
            return None;
        }
    }
    let (content, headings, question_sources) = extract(events, headings);
    let mut questions = Vec::new();
    for q in &question_sources {
        let line = lines.line_col(&text, q.offset).0;
        match interpret(q, line) {
            Ok(mut question) => {
                if question.kind == Kind::Fill {
                    for (answer, written) in question.answers.iter_mut().zip(&q.answers) {
                        if let Some(typed) = typed_answer(&text, written.offset) {
                            answer.text = typed;
                        }
                    }
                }
                questions.push(question);
            }
            Err(problems) => {
                for (offset, message, hint) in problems {
                    let (line, col) = lines.line_col(&text, offset);
                    diags.push(
                        Diagnostic::error(file, line, message)
                            .at_column(col)
                            .with_hint(hint),
                    );
                }
            }
        }
    }
    let ok = questions.len() == question_sources.len();
    let source = ModuleSource {
        text,
        body_offset,
        content,
        headings,
        questions: question_sources,
    };
    ok.then_some((front, source, questions))
}
