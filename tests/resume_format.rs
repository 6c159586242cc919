//! The resume format (`cmi.suspend_data`, format 2) has one definition that the
//! course runtime and the build both test against: the vectors in
//! docs/suspend-data.vectors.json. The runtime encodes and decodes them
//! (tests/js/resume.test.js); here the build's worst-case estimate, which decides
//! whether a course fits SCORM 1.2, must cover every encoded vector of each course,
//! and the vectors' courses must be course JSON exactly as the build writes it.

use raamat::course::config::CourseConfig;
use raamat::course::data::course_data;
use raamat::course::validate::{worst_suspend_data, SCORM12_SUSPEND_LIMIT};
use raamat::course::{Answer, Course, Kind, Module, ModuleFront, ModuleVersion, Question};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn vectors() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/suspend-data.vectors.json");
    let text = std::fs::read_to_string(&path).expect("docs/suspend-data.vectors.json");
    serde_json::from_str(&text).expect("the vectors are JSON")
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or(&Vec::new())
        .iter()
        .map(|s| s.as_str().expect("a string").to_string())
        .collect()
}

fn answer(id: &str, text: &str, correct: bool) -> Answer {
    Answer {
        id: id.to_string(),
        text: text.to_string(),
        correct,
        match_text: None,
    }
}

/// The course model behind a vector course (course JSON, one language).
fn course_from(name: &str, c: &Value) -> Course {
    let mut toml = format!(
        "id = \"{name}\"\nversion = {}\nfill_max_length = {}\nmax_attempts = {}\n[title]\net = \"{name}\"\n",
        c["version"], c["fillMaxLength"], c["maxAttempts"]
    );
    for pool in c["test"]["pools"].as_array().unwrap_or(&Vec::new()) {
        toml.push_str(&format!(
            "[[pools]]\nid = {}\ndraw = {}\n",
            pool["id"], pool["draw"]
        ));
    }
    let config = CourseConfig::parse(&toml, Path::new("course.toml"))
        .unwrap_or_else(|e| panic!("{name}: course.toml: {e:?}"));
    let modules = c["modules"]
        .as_array()
        .expect("modules")
        .iter()
        .map(|m| {
            let id = m["id"].as_str().expect("module id");
            let questions = c["questions"]
                .as_array()
                .expect("questions")
                .iter()
                .filter(|q| q["module"] == m["id"])
                .map(|q| {
                    let kind = Kind::from_class(q["kind"].as_str().expect("kind")).expect("a kind");
                    let correct = strings(&q["correct"]);
                    let answers = match kind {
                        Kind::Single | Kind::Multiple => strings(&q["options"])
                            .iter()
                            .map(|o| answer(o, o, correct.contains(o)))
                            .collect(),
                        Kind::TrueFalse => {
                            let right = correct == ["true"];
                            vec![answer("a", "true", right), answer("b", "false", !right)]
                        }
                        Kind::Fill => strings(&q["accepted"])
                            .iter()
                            .enumerate()
                            .map(|(i, a)| answer(&((b'a' + i as u8) as char).to_string(), a, true))
                            .collect(),
                        Kind::Matching => q["pairs"]
                            .as_array()
                            .expect("pairs")
                            .iter()
                            .map(|p| {
                                let term = p[0].as_str().expect("term");
                                Answer {
                                    match_text: p[1].as_str().map(str::to_string),
                                    ..answer(term, term, false)
                                }
                            })
                            .collect(),
                        Kind::Ordering => strings(&q["order"])
                            .iter()
                            .map(|o| answer(o, o, false))
                            .collect(),
                    };
                    Question {
                        id: q["id"].as_str().expect("question id").to_string(),
                        kind,
                        pool: q["pool"].as_str().map(str::to_string),
                        answers,
                        line: 0,
                    }
                })
                .collect();
            Module {
                id: id.to_string(),
                versions: vec![Some(ModuleVersion {
                    source: PathBuf::from(format!("courses/{name}/{id}.et.md")),
                    front: ModuleFront {
                        title: m["title"].as_str().expect("title").to_string(),
                        test: m["test"].as_bool().expect("test"),
                        ..ModuleFront::default()
                    },
                    body: Default::default(),
                    questions,
                    words: 0,
                    hash: String::new(),
                })],
            }
        })
        .collect();
    Course {
        config,
        dir: PathBuf::from(format!("courses/{name}")),
        languages: vec![0],
        modules,
        media: Vec::new(),
    }
}

fn courses() -> Vec<(String, Value, Course)> {
    let v = vectors();
    let all = v["courses"].as_object().expect("courses");
    assert!(!all.is_empty(), "no vector courses");
    all.iter()
        .map(|(name, c)| (name.clone(), c.clone(), course_from(name, c)))
        .collect()
}

/// Length as the runtime and the LMS count it (JavaScript string length: UTF-16 units).
fn js_len(s: &str) -> usize {
    s.encode_utf16().count()
}

#[test]
fn vector_courses_are_course_json_as_the_build_writes_it() {
    for (name, described, course) in courses() {
        let data = course_data(&course, 0, "et", BTreeMap::new());
        for key in [
            "modules",
            "questions",
            "test",
            "fillMaxLength",
            "maxAttempts",
            "version",
        ] {
            assert_eq!(data[key], described[key], "{name}: `{key}` differs");
        }
    }
}

#[test]
fn the_scorm12_limit_is_the_same() {
    assert_eq!(
        vectors()["limits"]["scorm12"].as_u64(),
        Some(SCORM12_SUSPEND_LIMIT as u64)
    );
}

#[test]
fn the_build_estimate_covers_every_vector() {
    let v = vectors();
    let vectors = v["vectors"].as_array().expect("vectors");
    for (name, described, course) in courses() {
        let estimate = worst_suspend_data(&course, 0);
        assert_eq!(
            described["estimate"].as_u64(),
            Some(estimate as u64),
            "{name}: the build's worst case is {estimate}; the runtime's tests compare against `estimate`"
        );
        let mine: Vec<&Value> = vectors
            .iter()
            .filter(|x| x["course"] == name.as_str())
            .collect();
        assert!(
            mine.iter().any(|x| x["worst"] == true),
            "{name}: no worst-case vector"
        );
        for x in mine {
            let encoded = x["encoded"].as_str().expect("encoded");
            assert!(
                js_len(encoded) <= estimate,
                "{name}: “{}” is {} characters, the build allows for {estimate}",
                x["name"],
                js_len(encoded)
            );
        }
    }
}

#[test]
fn encoded_vectors_follow_format_2() {
    let v = vectors();
    let courses: BTreeMap<String, (Value, Course)> =
        courses().into_iter().map(|(n, d, c)| (n, (d, c))).collect();
    for x in v["vectors"].as_array().expect("vectors") {
        let name = x["name"].as_str().expect("name");
        let (described, course) = &courses[x["course"].as_str().expect("course")];
        let questions = course.questions(0);
        let o: Value = serde_json::from_str(x["encoded"].as_str().expect("encoded"))
            .unwrap_or_else(|e| panic!("{name}: not JSON: {e}"));
        assert_eq!(o["v"], 2, "{name}: v");
        assert_eq!(
            o["c"].as_str(),
            Some(course.config.version.as_str()),
            "{name}: c is the course version"
        );
        assert!(
            o["s"].as_u64().is_some_and(|s| s <= 99_999),
            "{name}: s is 0..99999"
        );
        for m in o["m"].as_array().expect("m") {
            let m = m.as_str().expect("a module id");
            assert!(
                course.modules.iter().any(|x| x.id == m),
                "{name}: no module {m}"
            );
        }
        let drawn: Vec<&str> = o["t"]["d"]
            .as_array()
            .map(|d| d.iter().map(|x| x.as_str().expect("an id")).collect())
            .unwrap_or_default();
        for (k, resp) in o["q"].as_object().expect("q") {
            let (module, q) = questions
                .iter()
                .find(|(_, q)| q.id == *k)
                .unwrap_or_else(|| panic!("{name}: no question {k}"));
            let resp = resp.as_str().expect("a response is text");
            let ids: Vec<&str> = q.answers.iter().map(|a| a.id.as_str()).collect();
            let ok = match q.kind {
                Kind::Single => ids.contains(&resp),
                Kind::TrueFalse => resp == "a" || resp == "b",
                Kind::Multiple | Kind::Ordering => {
                    !resp.is_empty() && resp.chars().all(|c| ids.contains(&c.to_string().as_str()))
                }
                Kind::Fill => js_len(resp) <= course.config.fill_max_length,
                Kind::Matching => {
                    resp.chars().count() == q.answers.len()
                        && resp.chars().all(|c| c == '_' || c.is_ascii_alphanumeric())
                }
            };
            assert!(
                ok,
                "{name}: `{resp}` is no {:?} response to {}",
                q.kind, q.id
            );
            if module.is_test() {
                assert!(
                    drawn.contains(&k.as_str()),
                    "{name}: test answer {k} to a question not drawn"
                );
            }
        }
        if let Some(n) = o.get("n") {
            assert!(n.as_u64().is_some_and(|n| n > 0), "{name}: n");
        }
        match course.test_module() {
            None => assert!(o.get("t").is_none(), "{name}: t without a test"),
            Some(_) => {
                let t = &o["t"];
                let a = t["a"].as_u64().expect("t.a");
                let max = described["maxAttempts"].as_u64().expect("maxAttempts");
                assert!(max == 0 || a <= max, "{name}: {a} attempts of {max}");
                for d in &drawn {
                    let (module, _) = questions
                        .iter()
                        .find(|(_, q)| q.id == *d)
                        .unwrap_or_else(|| panic!("{name}: drawn {d} is no question"));
                    assert!(module.is_test(), "{name}: drawn {d} is no test question");
                }
                if let Some(r) = t.get("r") {
                    assert!(
                        r.as_f64().is_some_and(|r| (0.0..=100.0).contains(&r)),
                        "{name}: r"
                    );
                }
                if let Some(p) = t.get("p") {
                    assert_eq!(p, 1, "{name}: p is 1 or absent");
                }
            }
        }
    }
}
