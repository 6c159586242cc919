//! `raamat check`: its JSON lists exactly the problems of a fixture, and the
//! translation table counts pages and words.

mod common;

use common::{md, Fixture};
use std::process::Command;

fn check(root: &std::path::Path, extra: &[&str]) -> (i32, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_raamat"))
        .arg("check")
        .arg("--root")
        .arg(root)
        .args(extra)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

fn problems() -> Fixture {
    Fixture::new()
        .file(
            "content/juhend/_index.et.md",
            &md("Juhend", "", "Sissejuhatus.\n"),
        )
        .file(
            "content/juhend/_index.ru.md",
            &md("Руководство", "", "Введение.\n"),
        )
        // A typo in a link, an image without alt text.
        .file(
            "content/juhend/a.et.md",
            &md("A", "", "Vaata [b](bb.md).\n\n![](pilt.png)\n"),
        )
        .file("content/juhend/a.ru.md", &md("А", "", "Текст.\n"))
        .file(
            "content/juhend/b.et.md",
            &md("B", "", "Üks kaks kolm neli viis.\n"),
        )
        .file("content/juhend/pilt.png", "png")
        // An unknown front matter key.
        .file("content/juhend/c.et.md", &md("C", "wieght = 2", "Tekst.\n"))
        .file("content/juhend/c.ru.md", &md("В", "", "TODO: tõlgi\n"))
}

#[test]
fn json_lists_exactly_the_problems() {
    let f = problems();
    let root = f.write();
    let (code, out) = check(&root, &["--format", "json"]);
    assert_eq!(code, 1, "errors make check fail");
    let json: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(json["format"], 1);
    let found: Vec<(String, String, u64, String)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let msg = d["message"].as_str().unwrap();
            let kind = if msg.contains("bb.md") {
                "broken link"
            } else if msg.contains("alt text") {
                "no alt text"
            } else if msg.contains("wieght") {
                "unknown key"
            } else if msg.contains("TODO") {
                "todo"
            } else {
                msg
            };
            (
                d["severity"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                kind.to_string(),
            )
        })
        .collect();
    let expected = vec![
        (
            "error".to_string(),
            "content/juhend/a.et.md".to_string(),
            4,
            "broken link".to_string(),
        ),
        (
            "warning".to_string(),
            "content/juhend/a.et.md".to_string(),
            6,
            "no alt text".to_string(),
        ),
        (
            "error".to_string(),
            "content/juhend/c.et.md".to_string(),
            3,
            "unknown key".to_string(),
        ),
        (
            "warning".to_string(),
            "content/juhend/c.ru.md".to_string(),
            4,
            "todo".to_string(),
        ),
    ];
    assert_eq!(found, expected);
    assert_eq!(json["summary"]["errors"], 2);
    assert_eq!(json["summary"]["warnings"], 2);
    let hint = json["diagnostics"][0]["hint"].as_str().unwrap();
    assert!(
        hint.contains("@/juhend/b.md"),
        "the closest existing page is suggested: {hint}"
    );
    let unknown = json["diagnostics"][2]["hint"].as_str().unwrap();
    assert!(unknown.contains("`weight`"), "{unknown}");
    // b exists only in Estonian.
    let missing = &json["translations"]["missing"];
    assert_eq!(missing.as_array().unwrap().len(), 1);
    assert_eq!(missing[0]["path"], "juhend/b");
    assert_eq!(missing[0]["language"], "ru");
}

#[test]
fn translation_table_counts_pages_and_words() {
    let f = Fixture::new()
        .file(
            "content/juhend/_index.et.md",
            &md("Juhend", "", "Sissejuhatus.\n"),
        )
        .file(
            "content/juhend/_index.ru.md",
            &md("Руководство", "", "Введение.\n"),
        )
        .file(
            "content/juhend/b.et.md",
            &md("B", "", "Üks kaks kolm neli viis.\n"),
        )
        .file("content/juhend/d.ru.md", &md("Д", "", "Раз два три.\n"));
    let root = f.write();
    let (code, out) = check(&root, &["--format", "json"]);
    assert_eq!(code, 0, "warnings alone do not fail check");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let sections = json["translations"]["sections"].as_array().unwrap();
    let juhend = sections.iter().find(|s| s["section"] == "juhend").unwrap();
    assert_eq!(juhend["pages"]["et"], 2);
    assert_eq!(juhend["pages"]["ru"], 2);
    assert_eq!(juhend["all_languages"], 1);
    assert_eq!(juhend["untranslated_words"]["ru"], 5);
    assert_eq!(juhend["untranslated_words"]["et"], 3);
    assert_eq!(juhend["stale"]["ru"], 0, "the table has a stale column");
    let (_, text) = check(&root, &[]);
    assert!(text.contains("Translation coverage"), "{text}");
    assert!(
        text.lines().any(|l| l.trim_start().starts_with("juhend")
            && l.split_whitespace().collect::<Vec<_>>()
                == ["juhend", "2", "2", "1", "3", "5", "0"]),
        "{text}"
    );
}

#[test]
fn strict_fails_on_warnings_and_nothing_is_written() {
    let f = Fixture::new().file("content/a.et.md", &md("A", "", "TODO: kirjuta\n"));
    let root = f.write();
    assert_eq!(check(&root, &[]).0, 0);
    assert_eq!(check(&root, &["--strict"]).0, 1);
    assert!(!root.join("public").exists(), "check writes no site");
}

#[test]
fn json_names_the_pages_a_template_failed_on() {
    let f = Fixture::new()
        .file("content/a.et.md", &md("A", "", "Tekst.\n"))
        .file("content/b.et.md", &md("B", "", "Tekst.\n"))
        .file(
            "templates/page.html",
            "{% extends \"theme/page.html\" %}\n{% block footer %}{{ page.autor }}{% endblock footer %}\n",
        );
    let root = f.write();
    let (code, out) = check(&root, &["--format", "json"]);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    let errors: Vec<&serde_json::Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert_eq!(errors.len(), 1, "{out}");
    assert_eq!(errors[0]["file"], "templates/page.html");
    assert_eq!(errors[0]["line"], 2);
    assert_eq!(errors[0]["hint"], "did you mean `page.authors`?");
    let pages: Vec<&str> = errors[0]["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert!(
        pages.contains(&"content/a.et.md") && pages.contains(&"content/b.et.md"),
        "{pages:?}"
    );
}
