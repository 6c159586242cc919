//! The course data the runtime reads (`#raamat-course-data`, docs/courses.md).

use super::config::{Completion, FailedStatus};
use super::model::{Course, Kind};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// JSON for one language of a course.
pub fn course_data(
    course: &Course,
    lang: usize,
    lang_code: &str,
    strings: BTreeMap<String, String>,
) -> Value {
    let c = &course.config;
    let modules: Vec<Value> = course
        .modules
        .iter()
        .filter_map(|m| {
            let v = m.versions[lang].as_ref()?;
            Some(json!({ "id": m.id, "title": v.front.title, "test": v.front.test }))
        })
        .collect();
    let questions: Vec<Value> = course
        .questions(lang)
        .into_iter()
        .map(|(m, q)| {
            let mut o = json!({
                "id": q.id,
                "module": m.id,
                "kind": q.kind,
                "pool": q.pool,
            });
            let ids: Vec<&str> = q.answers.iter().map(|a| a.id.as_str()).collect();
            match q.kind {
                Kind::Single | Kind::Multiple => {
                    o["options"] = json!(ids);
                    o["correct"] = json!(q.correct_ids());
                }
                Kind::TrueFalse => {
                    o["options"] = json!(["true", "false"]);
                    let right = if q.answers.first().is_some_and(|a| a.correct) {
                        "true"
                    } else {
                        "false"
                    };
                    o["correct"] = json!([right]);
                }
                Kind::Fill => {
                    o["accepted"] =
                        json!(q.answers.iter().map(|a| a.text.trim()).collect::<Vec<_>>());
                }
                Kind::Matching => {
                    let pairs: Vec<(String, String)> = q
                        .answers
                        .iter()
                        .enumerate()
                        .map(|(i, a)| (a.id.clone(), (i + 1).to_string()))
                        .collect();
                    o["pairs"] = json!(pairs);
                }
                Kind::Ordering => o["order"] = json!(ids),
            }
            o
        })
        .collect();
    let test = course.test_module().and_then(|m| {
        let v = m.versions[lang].as_ref()?;
        let fixed: Vec<&str> = v
            .questions
            .iter()
            .filter(|q| q.pool.is_none())
            .map(|q| q.id.as_str())
            .collect();
        let pools: Vec<Value> = c
            .pools
            .iter()
            .map(|p| {
                let qs: Vec<&str> = v
                    .questions
                    .iter()
                    .filter(|q| q.pool.as_deref() == Some(p.id.as_str()))
                    .map(|q| q.id.as_str())
                    .collect();
                json!({ "id": p.id, "draw": p.draw, "questions": qs })
            })
            .collect();
        Some(json!({ "module": m.id, "questions": fixed, "pools": pools }))
    });
    json!({
        "id": c.id,
        "version": c.version,
        "lang": lang_code,
        "passMark": c.pass_mark,
        "maxAttempts": c.max_attempts,
        "completion": match c.completion {
            Completion::AllPages => "all-pages",
            Completion::PassTest => "pass-test",
            Completion::AllPagesAndPassTest => "all-pages-and-pass-test",
        },
        "failedStatus": match c.failed_status { FailedStatus::Failed => "failed", FailedStatus::Incomplete => "incomplete" },
        "shuffleQuestions": c.shuffle_questions,
        "shuffleOptions": c.shuffle_options,
        "fillMaxLength": c.fill_max_length,
        "fillEquivalents": c.fill_equivalents,
        "modules": modules,
        "questions": questions,
        "test": test,
        "strings": strings,
    })
}

/// JSON safe to put inside `<script type="application/json">`: `<`, `>` and
/// `&` are written as `\u003c`, `\u003e`, `\u0026`, so no text of an author
/// (`</script>`, `<!--<script>`) can end or change the script element.
pub fn to_script_json(value: &Value) -> String {
    serde_json::to_string(value)
        .expect("JSON values serialize")
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}
