//! A site's own templates override the built-in theme block by block.

mod common;

use common::{md, Built, Fixture};
use raamat::diagnostics::Diagnostic;

#[test]
fn a_site_template_replaces_one_block_and_keeps_the_rest() {
    let b = Fixture::new()
        .file("content/a.et.md", &md("Leht", "", "Sisu.\n"))
        .file(
            "templates/base.html",
            "{% extends \"theme/base.html\" %}\n{% block footer %}<p class=\"agency\">Amet · info@example.ee</p>{% endblock footer %}\n",
        )
        .build();
    assert!(b.report.succeeded(), "{:#?}", b.report.diagnostics);
    let html = std::fs::read_to_string(b.out.join("et/a/index.html")).unwrap();
    assert!(
        html.contains("<p class=\"agency\">Amet · info@example.ee</p>"),
        "the overridden block"
    );
    assert!(
        !html.contains("Koostatud tööriistaga raamat"),
        "the theme's footer is replaced"
    );
    assert!(
        html.contains("class=\"sidebar\"") && html.contains("class=\"lang-switcher\""),
        "the other blocks stay"
    );
}

#[test]
fn a_broken_site_template_is_an_error_naming_the_file() {
    let b = Fixture::new()
        .file("content/a.et.md", &md("Leht", "", "Sisu.\n"))
        .file("templates/page.html", "{% extends \"theme/page.html\" %}\n{% block body %}{{ page.html | safe }{% endblock body %}\n")
        .build();
    assert!(!b.report.succeeded());
    let e = b
        .report
        .diagnostics
        .iter()
        .find(|d| d.file.ends_with("templates/page.html"))
        .expect("names the template");
    assert!(e.message.contains("template"), "{e:?}");
    // As the author knows it, from the site's folder, at the line to fix.
    assert_eq!(e.file, std::path::Path::new("templates/page.html"), "{e:?}");
    assert_eq!(e.line, 2, "{e:?}");
    // What is wrong, once: the report shows the line with a caret itself.
    assert!(e.message.contains("expected"), "{e:?}");
    assert!(!e.message.contains("2 |"), "{e:?}");
}

#[test]
fn a_broken_template_is_named_by_its_own_name_and_hinted_by_what_it_is() {
    let template_error = |b: &Built| -> Diagnostic {
        let found = b
            .report
            .diagnostics
            .iter()
            .find(|d| d.message.contains("template"));
        found.expect("a template error").clone()
    };
    // base.html breaks on a line that names page.html; page.html is fine.
    let b = Fixture::new()
        .file("content/a.et.md", &md("Leht", "", "Sisu.\n"))
        .file("templates/page.html", "{% extends \"theme/page.html\" %}\n")
        .file(
            "templates/base.html",
            "<!doctype html>\n{# see 'page.html' #}{% include 'page.html' %}{{ x }\n",
        )
        .build();
    let e = template_error(&b);
    assert_eq!(e.file, std::path::Path::new("templates/base.html"), "{e:?}");
    assert_eq!(e.line, 2, "{e:?}");
    assert!(e.hint.as_deref().unwrap().contains("delete it"), "{e:?}");

    // A template of the site's own, which the theme does not have.
    let b = Fixture::new()
        .file(
            "content/a.et.md",
            &md("Leht", "template = \"landing.html\"", "Sisu.\n"),
        )
        .file("templates/landing.html", "{{ page.title }\n")
        .build();
    let e = template_error(&b);
    assert_eq!(
        e.file,
        std::path::Path::new("templates/landing.html"),
        "{e:?}"
    );
    assert_eq!(e.hint.as_deref(), Some("fix the template"), "{e:?}");
}

/// A course in both languages with one question in its one module.
fn course_site() -> Fixture {
    let module = |title: &str, question: &str, answers: [&str; 2]| {
        md(
            title,
            "",
            &format!(
                "Tekst.\n\n### ? {question} {{#q-kes}}\n\n- [ ] {}\n- [x] {}\n",
                answers[0], answers[1]
            ),
        )
    };
    Fixture::new()
        .file(
            "courses/kursus/course.toml",
            "id = \"kursus\"\nversion = \"1.0.0\"\nlanguages = [\"et\", \"ru\"]\ncompletion = \"all-pages\"\n\n[title]\net = \"Kursus\"\nru = \"Курс\"\n",
        )
        .file(
            "courses/kursus/01-algus.et.md",
            &module("Algus", "Kes?", ["Arst", "Juhtumikorraldaja"]),
        )
        .file(
            "courses/kursus/01-algus.ru.md",
            &module("Начало", "Кто?", ["Врач", "Координатор"]),
        )
}

/// The text of `name` in the zip at `path`.
fn zipped(path: &std::path::Path, name: &str) -> String {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut text).unwrap();
    text
}

#[test]
fn a_site_question_template_changes_the_form_on_the_site_and_in_the_package() {
    let b = course_site()
        .file(
            "templates/question.html",
            "<div class=\"oma-kysimus\" data-id=\"{{ id }}\">{{ prompt | join(sep=\"\") | safe }}{% for a in answers %} <span>{{ a.text }}</span>{% endfor %}</div>\n",
        )
        .build();
    assert!(b.report.succeeded(), "{:#?}", b.report.diagnostics);
    let expected =
        "<div class=\"oma-kysimus\" data-id=\"q-kes\">Kes? <span>Arst</span> <span>Juhtumikorraldaja</span></div>";
    let page =
        std::fs::read_to_string(b.out.join("et/courses/kursus/01-algus/index.html")).unwrap();
    let package = zipped(
        &b.out.join("courses/kursus/kursus-et-scorm12.zip"),
        "index.html",
    );
    for (what, html) in [("module page", page), ("package", package)] {
        assert!(
            html.contains(expected),
            "{what}: the site's question template"
        );
        assert!(
            !html.contains("<form class=\"question\""),
            "{what}: the theme's question template is replaced"
        );
    }
}

#[test]
fn a_broken_question_template_is_one_error_naming_it() {
    let b = course_site()
        .file("templates/question.html", "{{ no_such_field.x }}")
        .build();
    assert!(!b.report.succeeded());
    let named: Vec<_> = b
        .report
        .diagnostics
        .iter()
        .filter(|d| d.file.ends_with("templates/question.html"))
        .collect();
    assert!(!named.is_empty(), "{:#?}", b.report.diagnostics);
    assert!(
        named.iter().all(|d| d
            .on
            .iter()
            .any(|p| p.to_string_lossy().contains("01-algus"))),
        "{named:#?}"
    );
}

#[test]
fn a_template_that_fails_on_every_page_is_one_error_at_its_line() {
    let mut site = Fixture::new();
    for n in 0..30 {
        site = site
            .file(
                &format!("content/p{n:02}.et.md"),
                &md("Leht", "", "Sisu.\n"),
            )
            .file(
                &format!("content/p{n:02}.ru.md"),
                &md("Страница", "", "Текст.\n"),
            );
    }
    let site = site.file(
        "templates/page.html",
        "{% extends \"theme/page.html\" %}\n{% block footer %}\n<p>{{ t.home }} · {{ t.serch_title }}</p>\n{% endblock footer %}\n",
    );
    let b = site.build();
    assert!(!b.report.succeeded());
    let errors: Vec<_> = b
        .report
        .diagnostics
        .iter()
        .filter(|d| d.severity == raamat::diagnostics::Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "one error, not one per page: {errors:#?}");
    let e = errors[0];
    assert_eq!(e.file, std::path::Path::new("templates/page.html"), "{e:?}");
    assert_eq!((e.line, e.column), (3, 22), "{e:?}");
    assert!(e.message.contains("`t.serch_title` not found"), "{e:?}");
    // The page's context holds only the strings its template names, but
    // the string meant is one of the theme's.
    assert_eq!(
        e.hint.as_deref(),
        Some("did you mean `t.search_title`?"),
        "{e:?}"
    );
    assert!(!e.message.contains("while rendering"), "{e:?}");
    // Every page it failed on (the home page too), in order, the first named.
    for n in 0..30 {
        for l in ["et", "ru"] {
            let page = format!("content/p{n:02}.{l}.md");
            assert!(e.on.iter().any(|p| p.to_str() == Some(&page)), "{page}");
        }
    }
    assert!(e.on.windows(2).all(|w| w[0] < w[1]), "{e:?}");
    let report = raamat::report::to_text(&b.report.diagnostics, &site.root());
    let note = format!(
        "on the pages of {} and {} other files",
        e.on[0].display(),
        e.on.len() - 1
    );
    assert!(report.contains(&note), "{report}");
    assert_eq!(report.matches("t.serch_title").count(), 2, "{report}");
}

#[test]
fn a_site_template_can_show_any_ui_string_however_it_names_it() {
    // The built-in page templates do not use these strings; a page's context
    // still carries every string a site's own template asks for.
    let b = Fixture::new()
        .file("content/a.et.md", &md("Leht", "", "Sisu.\n"))
        .file("content/a.ru.md", &md("Страница", "", "Текст.\n"))
        .file(
            "templates/page.html",
            "{% extends \"theme/page.html\" %}\n{% block footer %}<p class=\"a\">{{ t.search_title }}</p>\
             {% set key = \"search_none\" %}<p class=\"b\">{{ t[key] }}</p>{% endblock footer %}\n",
        )
        .build();
    assert!(b.report.succeeded(), "{:#?}", b.report.diagnostics);
    let et = std::fs::read_to_string(b.out.join("et/a/index.html")).unwrap();
    assert!(et.contains("<p class=\"a\">Otsing</p>"), "{et}");
    assert!(et.contains("<p class=\"b\">Midagi ei leitud."), "{et}");
    let ru = std::fs::read_to_string(b.out.join("ru/a/index.html")).unwrap();
    assert!(ru.contains("<p class=\"a\">Поиск</p>"), "{ru}");
}

#[test]
fn a_site_template_of_its_own_gets_the_parts_of_the_context_it_names() {
    // A template that does not build on the theme's: the sidebar, breadcrumbs
    // and neighbours it names are there, through an included file too.
    let page = |title: &str, weight: u32| md(title, &format!("weight = {weight}\n"), "Sisu.\n");
    let b = Fixture::new()
        .file("content/osa/_index.et.md", &md("Osa", "", "Osa sisu.\n"))
        .file("content/osa/a.et.md", &page("Esimene", 1))
        .file("content/osa/b.et.md", &page("Teine", 2))
        .file(
            "templates/page.html",
            "<html><body><p class=\"trail\">{% for b in breadcrumbs %}{{ b.title }}/{% endfor %}</p>\
             {% include \"next.html\" %}<main>{{ page.html | safe }}</main></body></html>\n",
        )
        .file(
            "templates/next.html",
            "{% if next %}<a class=\"next\" href=\"{{ next.url }}\">{{ next.title }}</a>{% endif %}\
             <ul class=\"side\">{% for item in nav %}<li>{{ item.title }}</li>{% endfor %}</ul>",
        )
        .build();
    assert!(b.report.succeeded(), "{:#?}", b.report.diagnostics);
    let html = std::fs::read_to_string(b.out.join("et/osa/a/index.html")).unwrap();
    assert!(
        html.contains("<p class=\"trail\">") && html.contains("Osa/"),
        "{html}"
    );
    assert!(
        html.contains(">Teine</a>") && html.contains("class=\"next\""),
        "{html}"
    );
    assert!(html.contains("<li>Osa</li>"), "{html}");
}

#[test]
fn a_page_that_names_a_template_there_is_not_is_the_pages_error() {
    let b = Fixture::new()
        .file(
            "content/a.et.md",
            &md("Leht", "template = \"sektion.html\"", "Sisu.\n"),
        )
        .build();
    assert!(!b.report.succeeded());
    let e = b
        .report
        .diagnostics
        .iter()
        .find(|d| d.message.contains("sektion.html"))
        .expect("names the template");
    assert_eq!(e.file, std::path::Path::new("content/a.et.md"), "{e:?}");
    assert!(e.line > 0, "at the line that names it: {e:?}");
    assert_eq!(
        e.hint.as_deref(),
        Some("did you mean \"section.html\"?"),
        "{e:?}"
    );
}
