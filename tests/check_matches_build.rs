//! `raamat check` is `raamat build` without writing: for every kind of
//! problem, both report the same diagnostics, and check writes nothing.

mod common;
use common::*;

fn course_files(f: Fixture) -> Fixture {
    let q = "### ? Kes? {#q-kes}\n\n- [x] Mina\n- [ ] Sina\n";
    f.file(
        "courses/k/course.toml",
        "id = \"k\"\nversion = \"1\"\n[title]\net = \"Kursus\"\nru = \"Курс\"\n",
    )
    .file("courses/k/01-test.et.md", &md("Test", "test = true", q))
    .file("courses/k/01-test.ru.md", &md("Тест", "test = true", q))
}

fn base() -> Fixture {
    course_files(
        Fixture::new()
            .file("content/a.et.md", &md("A", "", "Tekst.\n"))
            .file("content/a.ru.md", &md("А", "", "Текст.\n")),
    )
}

/// Builds and checks the fixture; both must fail with the same diagnostics,
/// which must include `expected`.
fn assert_same(f: Fixture, expected: &str) {
    let root = f.write();
    let before = snapshot(f.tmp());
    let checked = raamat::check::check(&root, false).expect("check runs");
    assert_eq!(before, snapshot(f.tmp()), "check wrote something");
    let built = f.build();
    let shown = |ds: &[raamat::diagnostics::Diagnostic]| {
        ds.iter().map(|d| format!("{d}\n")).collect::<String>()
    };
    assert!(
        shown(&built.report.diagnostics).contains(expected),
        "build: {}",
        shown(&built.report.diagnostics)
    );
    assert!(!built.report.succeeded());
    assert_eq!(
        shown(&checked.diagnostics),
        shown(&built.report.diagnostics),
        "check and build differ"
    );
    assert_eq!(checked.exit_code(false), 1);
}

#[test]
fn a_template_that_does_not_parse() {
    let f = base().file(
        "templates/page.html",
        "{% extends \"theme/page.html\" %}{% block x %}{{ nope( }}{% endblock %}",
    );
    assert_same(f, "templates/page.html");
}

#[test]
fn a_template_that_fails_while_rendering() {
    let f = base().file(
        "templates/page.html",
        "{% extends \"theme/page.html\" %}{% block byline %}{{ page.no_such_field.x }}{% endblock byline %}",
    );
    assert_same(f, "no_such_field");
}

#[test]
fn a_broken_package_template() {
    let f = base().file(
        "templates/package/index.html",
        "<html>{{ missing_variable_in_package }}</html>",
    );
    assert_same(f, "templates/package/index.html");
}

#[test]
fn a_theme_without_the_course_runtime() {
    let f = base()
        .config("theme = \"oma\"")
        .file("themes/oma/templates/.keep", "")
        .file("themes/oma/static/site.css", "body {}");
    assert_same(f, "course runtime");
}

#[test]
fn content_and_template_errors_together() {
    let f = base()
        .file("content/b.et.md", &md("B", "", "[katki](puudub.md)\n"))
        .file("templates/page.html", "{% block x %}");
    assert_same(f, "puudub.md");
    let f = base()
        .file("content/b.et.md", &md("B", "", "[katki](puudub.md)\n"))
        .file("templates/page.html", "{% block x %}");
    assert_same(f, "templates/page.html");
}
