//! Checks that need the whole course: unique ids, pools, one final test,
//! translations that agree, and resume data that fits SCORM 1.2.

use super::config::{Completion, ScormVersion};
use super::model::{Course, Kind, Module, Question};
use crate::config::Config;
use crate::diagnostics::{closest, distance, line_of_key};
use crate::diagnostics::{Diagnostic, Diagnostics};
use std::collections::BTreeMap;
use std::path::Path;

/// SCORM 1.2 `cmi.suspend_data` is CMIString4096.
pub const SCORM12_SUSPEND_LIMIT: usize = 4096;

/// A module file left out as a draft.
#[derive(Debug, Clone)]
pub struct Draft {
    pub module: String,
    pub lang: usize,
    pub file: std::path::PathBuf,
    /// The line of `draft = true`.
    pub line: usize,
}

pub(crate) fn validate(
    course: &Course,
    config: &Config,
    config_text: &str,
    drafts: &[Draft],
    diags: &Diagnostics,
) {
    let toml = course.dir.join("course.toml");
    let codes = |l: usize| config.languages[l].code.as_str();

    for m in &course.modules {
        for &l in &course.languages {
            let draft = drafts.iter().find(|d| d.module == m.id && d.lang == l);
            if let Some(d) = draft {
                diags.push(
                    Diagnostic::error(
                        &d.file,
                        d.line,
                        format!(
                            "module `{}` is a draft in `{}` only: its packages would lack it in that language",
                            m.id,
                            codes(l)
                        ),
                    )
                    .with_hint("remove draft = true here, or add it to the module's other languages too (--drafts builds drafts)"),
                );
            } else if m.versions[l].is_none() {
                let existing = m
                    .first_source()
                    .map(std::path::Path::to_path_buf)
                    .unwrap_or_default();
                diags.push(
                    Diagnostic::error(
                        &existing,
                        0,
                        format!("module `{}` has no `{}` version", m.id, codes(l)),
                    )
                    .with_hint(format!(
                        "translate it as {}/{}.{}.md, or remove `{}` from the course's languages",
                        course.dir.display(),
                        m.id,
                        codes(l),
                        codes(l)
                    )),
                );
            }
        }
    }
    let tests: Vec<_> = course.modules.iter().filter(|m| m.is_test()).collect();
    if let [first, others @ ..] = tests.as_slice() {
        for m in others {
            let (file, line) = test_line(m);
            diags.push(
                Diagnostic::error(
                    file,
                    line,
                    format!(
                        "module `{}` is marked test = true, and so is `{}`",
                        m.id, first.id
                    ),
                )
                .with_hint(
                    "a course has one final test: remove test = true from all but one module",
                ),
            );
        }
    }
    for m in &tests {
        check_test_in_every_language(m, course, config, diags);
    }
    if tests.is_empty() && course.config.completion != Completion::AllPages {
        diags.push(
            Diagnostic::error(&toml, line_of_key(config_text, "completion"), "the completion rule needs a final test, but no module has test = true")
                .with_hint("add test = true to the final test's front matter, or set completion = \"all-pages\""),
        );
    }

    for &l in &course.languages {
        let mut seen: BTreeMap<&str, (&std::path::Path, usize)> = BTreeMap::new();
        for m in &course.modules {
            let Some(v) = &m.versions[l] else { continue };
            for q in &v.questions {
                if let Some((file, line)) = seen.insert(&q.id, (&v.source, q.line)) {
                    diags.push(
                        Diagnostic::error(
                            &v.source,
                            q.line,
                            format!(
                                "question id `{}` is used twice (also at {}:{line})",
                                q.id,
                                file.display()
                            ),
                        )
                        .with_hint("question ids must be unique within the course"),
                    );
                }
                if let Some(pool) = &q.pool {
                    if !m.is_test() {
                        diags.push(
                            Diagnostic::warning(
                                &v.source,
                                q.line,
                                format!(
                                    "question `{}` is in pool `{pool}` outside the final test",
                                    q.id
                                ),
                            )
                            .with_hint("pools only apply to the final test"),
                        );
                    } else if !course.config.pools.iter().any(|p| &p.id == pool) {
                        let defined = course.config.pools.iter().map(|p| p.id.as_str());
                        let hint = match closest(pool, defined) {
                            Some(p) => format!("did you mean pool={p}?"),
                            None => format!(
                                "add [[pools]] id = \"{pool}\" draw = 1 to {}",
                                toml.display()
                            ),
                        };
                        diags.push(
                            Diagnostic::error(
                                &v.source,
                                q.line,
                                format!("pool `{pool}` is not defined in course.toml"),
                            )
                            .with_hint(hint),
                        );
                    }
                }
            }
        }
    }
    // With two final tests, which pool a question is in is not yet known.
    if let ([test], Some(&l)) = (tests.as_slice(), course.languages.first()) {
        if let Some(v) = &test.versions[l] {
            for pool in &course.config.pools {
                let size = v
                    .questions
                    .iter()
                    .filter(|q| q.pool.as_deref() == Some(pool.id.as_str()))
                    .count();
                if pool.draw > size {
                    diags.push(
                        Diagnostic::error(
                            &toml,
                            line_of_key(config_text, "draw"),
                            format!(
                                "pool `{}` draws {} questions but has {size}",
                                pool.id, pool.draw
                            ),
                        )
                        .with_hint(format!(
                            "tag more questions with pool={} or lower draw",
                            pool.id
                        )),
                    );
                }
                if pool.draw == 0 {
                    diags.push(Diagnostic::warning(
                        &toml,
                        line_of_key(config_text, "draw"),
                        format!("pool `{}` draws no questions", pool.id),
                    ));
                }
            }
            if v.questions.is_empty() {
                diags.push(
                    Diagnostic::error(&v.source, 0, "the final test has no questions")
                        .with_hint("add questions: ### ? Question {#t-id}"),
                );
            }
        }
    }

    check_translations(course, config, diags);

    if course.config.scorm.contains(&ScormVersion::Scorm12) {
        for &l in &course.languages {
            let worst = worst_suspend_data(course, l);
            if worst > SCORM12_SUSPEND_LIMIT {
                diags.push(
                    Diagnostic::error(&toml, 0, format!(
                        "in the worst case the `{}` course needs {worst} characters of resume data; SCORM 1.2 allows {SCORM12_SUSPEND_LIMIT}",
                        codes(l)
                    ))
                    .with_hint("lower fill_max_length, split the course, or build only SCORM 2004: scorm = [\"2004\"]"),
                );
            }
        }
    }
}

/// A module's file that says `test = true`, and its line.
fn test_line(m: &Module) -> (&Path, usize) {
    m.versions
        .iter()
        .flatten()
        .find(|v| v.front.test)
        .map_or((Path::new(""), 0), |v| {
            (v.source.as_path(), line_of_key(&v.body.text, "test"))
        })
}

/// The final test must be the final test in every language: in a language
/// whose file does not say so, it would be an ordinary module, with
/// feedback after each question and no way to submit the test.
fn check_test_in_every_language(m: &Module, course: &Course, config: &Config, diags: &Diagnostics) {
    let (marked, line) = test_line(m);
    for &l in &course.languages {
        let Some(v) = m.versions[l].as_ref().filter(|v| !v.front.test) else {
            continue;
        };
        diags.push(
            Diagnostic::error(
                &v.source,
                1,
                format!(
                    "module `{}` is the final test in {}:{line} (test = true), but not in `{}`",
                    m.id,
                    marked.display(),
                    config.languages[l].code
                ),
            )
            .with_hint("add test = true to this file's front matter too, so that every language's package has the test"),
        );
    }
}

/// Every language must ask the same questions with the same right answers.
fn check_translations(course: &Course, config: &Config, diags: &Diagnostics) {
    let Some((&first, rest)) = course.languages.split_first() else {
        return;
    };
    for m in &course.modules {
        let Some(base) = &m.versions[first] else {
            continue;
        };
        for &l in rest {
            let Some(other) = &m.versions[l] else {
                continue;
            };
            let (a, b) = (&config.languages[first].code, &config.languages[l].code);
            let ids = |qs: &[Question]| qs.iter().map(|q| q.id.clone()).collect::<Vec<_>>();
            if ids(&base.questions) != ids(&other.questions) {
                // At the first question that differs, with a guess if its id
                // is close to the one it should be.
                let first_other = base
                    .questions
                    .iter()
                    .zip(&other.questions)
                    .find(|(qa, qb)| qa.id != qb.id);
                let (line, guess) = match first_other {
                    // Not for a question moved: its id is there, elsewhere.
                    Some((qa, qb))
                        if distance(&qa.id, &qb.id) <= 2
                            && !base.questions.iter().any(|q| q.id == qb.id) =>
                    {
                        (qb.line, format!("did you mean {}? ", qa.id))
                    }
                    Some((_, qb)) => (qb.line, String::new()),
                    None => (0, String::new()),
                };
                diags.push(
                    Diagnostic::error(
                        &other.source,
                        line,
                        format!(
                            "the questions differ from {}: {a} has [{}], {b} has [{}]",
                            base.source.display(),
                            ids(&base.questions).join(", "),
                            ids(&other.questions).join(", ")
                        ),
                    )
                    .with_hint(format!(
                        "{guess}every language needs the same question ids in the same order"
                    )),
                );
                continue;
            }
            for (qa, qb) in base.questions.iter().zip(&other.questions) {
                let mut differences = Vec::new();
                if qa.kind != qb.kind {
                    differences.push(format!("kind {:?} vs {:?}", qa.kind, qb.kind));
                }
                if qa.answers.len() != qb.answers.len() && qa.kind != Kind::Fill {
                    differences.push(format!(
                        "{} answers in {a}, {} in {b}",
                        qa.answers.len(),
                        qb.answers.len()
                    ));
                } else if qa.kind != Kind::Fill && qa.correct_ids() != qb.correct_ids() {
                    differences.push(format!(
                        "right answers {:?} in {a}, {:?} in {b}",
                        qa.correct_ids(),
                        qb.correct_ids()
                    ));
                }
                if qa.pool != qb.pool {
                    differences.push(format!("pool {:?} in {a}, {:?} in {b}", qa.pool, qb.pool));
                }
                if !differences.is_empty() {
                    diags.push(
                        Diagnostic::error(&other.source, qb.line, format!("question `{}` disagrees with {}:{}: {}", qb.id, base.source.display(), qa.line, differences.join("; ")))
                            .with_hint("translations must have the same answers in the same order, with the same ones marked right"),
                    );
                }
            }
        }
    }
}

/// Characters `s` takes as a JSON string, quotes included (bytes: never fewer than the
/// UTF-16 units the LMS counts).
fn json_len(s: &str) -> usize {
    serde_json::to_string(s).map_or(usize::MAX, |j| j.len())
}

/// Digits the runtime allows for the next interaction index (`"n"`).
const INTERACTION_DIGITS: usize = 9;

/// Longest `cmi.suspend_data` the runtime can write for this course in one
/// language (format 2 in docs/courses.md): every module visited, every question
/// answered with its longest possible response, every test question drawn, a
/// score with two decimals, a pass, the largest interaction index.
pub fn worst_suspend_data(course: &Course, lang: usize) -> usize {
    let questions = course.questions(lang);
    let mut answers: usize = 0;
    for (_, q) in &questions {
        let ids: usize = q.answers.iter().map(|a| a.id.len()).sum();
        let response = match q.kind {
            Kind::Single => q.answers.iter().map(|a| a.id.len()).max().unwrap_or(1),
            Kind::TrueFalse => "false".len(),
            Kind::Multiple | Kind::Ordering => ids,
            Kind::Matching => q.answers.len(),
            // JSON escaping at most doubles typed text (quotes, backslashes).
            Kind::Fill => course.config.fill_max_length.saturating_mul(2),
        };
        // "id":"response",
        answers = answers
            .saturating_add(json_len(&q.id))
            .saturating_add(":\"\",".len())
            .saturating_add(response);
    }
    let visited = course
        .modules
        .iter()
        .map(|m| json_len(&m.id).saturating_add(1))
        .fold(0, usize::saturating_add);
    let drawn = questions
        .iter()
        .filter(|(m, _)| m.is_test())
        .map(|(_, q)| json_len(&q.id).saturating_add(1))
        .fold(0, usize::saturating_add);
    let attempts = if course.config.max_attempts == 0 {
        6
    } else {
        course.config.max_attempts.to_string().len()
    };
    let skeleton =
        r#"{"v":2,"c":,"s":99999,"m":[],"q":{},"t":{"a":,"d":[],"r":99.99,"p":1},"n":}"#.len();
    [
        json_len(&course.config.version),
        visited,
        answers,
        drawn,
        attempts,
        INTERACTION_DIGITS,
    ]
    .into_iter()
    .fold(skeleton, usize::saturating_add)
}
