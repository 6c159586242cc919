//! Links authors write in Markdown, and the errors the build reports about
//! links and front matter: file, line, and a hint that helps.

mod common;
use common::*;
use raamat::diagnostics::Diagnostic;

fn site() -> Fixture {
    Fixture::new()
        .file(
            "content/handbook/_index.et.md",
            &md("Käsiraamat", "", "x\n"),
        )
        .file(
            "content/handbook/_index.ru.md",
            &md("Руководство", "", "x\n"),
        )
        .file(
            "content/handbook/intro.et.md",
            &md("Sissejuhatus", "", "## Ankur {#anchor}\n\nTekst.\n"),
        )
        .file(
            "content/handbook/intro.ru.md",
            &md("Введение", "", "## Якорь {#anchor}\n\nТекст.\n"),
        )
        .file(
            "content/handbook/only.et.md",
            &md("Ainult", "", "## Osa\n\nx\n"),
        )
        .file("content/handbook/kava.pdf", "%PDF-1.4 test\n")
        .file(
            "content/about.et.md",
            &md("Meist", "slug = \"Meist\"", "x\n"),
        )
        .file(
            "content/about.ru.md",
            &md("О проекте", "slug = \"О проекте\"", "x\n"),
        )
}

const GUIDE_RU: &str = "+++
title = \"Справка\"
+++
Ссылки:

- [a](intro.md)
- [b](../about.md)
- [c](@/handbook/intro.md#anchor)
- [d](@/handbook/)
- [e](intro.et.md)
- [f](kava.pdf)
- [g](https://example.org/x)
- [h](#spravka)

## Справка {#spravka}

Про [страницу только на эстонском](only.md#osa).
";

// 3. Link rewriting.

#[test]
fn source_links_become_urls_of_the_same_language() {
    let b = site()
        .file("content/handbook/guide.ru.md", GUIDE_RU)
        .build()
        .ok();
    let p = b.html("/ru/handbook/guide/");
    let href = |label: &str| {
        let a = p
            .all("article.content a")
            .into_iter()
            .find(|a| text(*a) == label)
            .unwrap_or_else(|| panic!("no link {label}"));
        (
            a.value().attr("href").unwrap_or("").to_string(),
            a.value().attr("hreflang").map(str::to_string),
        )
    };
    assert_eq!(href("a"), ("/ru/handbook/intro/".into(), None));
    assert_eq!(
        href("b"),
        ("/ru/o-proekte/".into(), None),
        "the slug is used"
    );
    assert_eq!(href("c"), ("/ru/handbook/intro/#anchor".into(), None));
    assert_eq!(href("d"), ("/ru/handbook/".into(), None));
    assert_eq!(
        href("e"),
        ("/et/handbook/intro/".into(), Some("et".into())),
        "an explicit .et.md link goes to the Estonian twin"
    );
    assert_eq!(href("f"), ("/handbook/kava.pdf".into(), None));
    assert!(b.exists("handbook/kava.pdf"), "the asset is copied");
    assert_eq!(href("g"), ("https://example.org/x".into(), None));
    assert_eq!(href("h"), ("#spravka".into(), None));
}

#[test]
fn link_to_an_untranslated_page_goes_to_the_other_language_with_a_warning() {
    let b = site()
        .file("content/handbook/guide.ru.md", GUIDE_RU)
        .build()
        .ok();
    let p = b.html("/ru/handbook/guide/");
    let a = p.one("article.content a[href^=\"/et/handbook/only/\"]");
    assert_eq!(a.value().attr("href"), Some("/et/handbook/only/#osa"));
    assert_eq!(a.value().attr("hreflang"), Some("et"));
    assert_eq!(text(a), "страницу только на эстонском");

    let warnings = b.warnings();
    let w: Vec<&&Diagnostic> = warnings
        .iter()
        .filter(|d| d.message.contains("only.md"))
        .collect();
    assert_eq!(w.len(), 1, "{}", b.diagnostics());
    assert_eq!(w[0].file.to_string_lossy(), "content/handbook/guide.ru.md");
    assert_eq!(w[0].line, line_of(GUIDE_RU, "only.md"));
    assert_eq!(w[0].line, 17);
    // The explicit `intro.et.md` link is deliberate: no warning for it.
    assert!(
        !warnings.iter().any(|d| d.message.contains("intro")),
        "{}",
        b.diagnostics()
    );
}

// 4. Broken links and anchors.

const BROKEN_ET: &str = "+++
title = \"Juhend\"
+++
Sissejuhatus.

Vaata [sissejuhatust](intro2.md).

Ja [ankrut](intro.md#anchr).

Ning [seda lehte](#puudub).

Ning [pilti](skeem.png).
";

#[test]
fn broken_links_name_file_line_and_the_closest_target() {
    let b = site()
        .file("content/handbook/guide.et.md", BROKEN_ET)
        .build();
    assert!(!b.report.succeeded());
    assert!(!b.out.exists(), "a failed build publishes nothing");
    let errors = b.errors();
    assert_eq!(errors.len(), 4, "{}", b.diagnostics());
    for d in &errors {
        assert_eq!(d.file.to_string_lossy(), "content/handbook/guide.et.md");
    }
    // Sorted by line.
    let lines: Vec<usize> = errors.iter().map(|d| d.line).collect();
    assert_eq!(lines, vec![6, 8, 10, 12]);
    assert_eq!(line_of(BROKEN_ET, "intro2.md"), 6);

    let page = errors[0];
    assert!(page.message.contains("intro2.md"), "{page}");
    let hint = page.hint.as_deref().unwrap_or("");
    assert!(hint.contains("handbook/intro.md"), "hint: {hint}");

    let anchor = errors[1];
    assert!(anchor.message.contains("#anchr"), "{anchor}");
    assert!(
        anchor.hint.as_deref().unwrap_or("").contains("#anchor"),
        "{anchor}"
    );

    let own = errors[2];
    assert!(own.message.contains("#puudub"), "{own}");

    let image = errors[3];
    assert!(image.message.contains("skeem.png"), "{image}");
    // Columns point at the link itself.
    assert_eq!(page.column, "Vaata ".len() + 1);
}

#[test]
fn broken_link_hint_survives_the_display_format() {
    let b = site()
        .file("content/handbook/guide.et.md", BROKEN_ET)
        .build();
    let shown = b.diagnostics();
    assert!(
        shown.contains("error: content/handbook/guide.et.md:6:"),
        "{shown}"
    );
    assert!(
        shown.contains("hint: did you mean @/handbook/intro.md?"),
        "{shown}"
    );
}

#[test]
fn percent_encoded_links_and_pictures_find_their_files() {
    // As VS Code, Typora and GitHub write a space in a link.
    let body = "Vaata [lehte](minu%20leht.md#osa) ja [kava](minu%20kava.pdf).\n\n\
                ![Skeem](minu%20pilt.svg)\n";
    let f = site()
        .file(
            "content/handbook/minu leht.et.md",
            &md("Minu leht", "", "## Osa {#osa}\n"),
        )
        .file(
            "content/handbook/minu pilt.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        )
        .file("content/handbook/minu kava.pdf", "%PDF-1.4 test\n")
        .file("content/handbook/leht.et.md", &md("Leht", "", body));
    let b = f.build().ok();
    let p = b.html("/et/handbook/leht/");
    assert_eq!(
        p.hrefs("article.content a"),
        ["/et/handbook/minu-leht/#osa", "/handbook/minu%20kava.pdf"]
    );
    assert_eq!(
        p.attr("article.content img", "src"),
        "/handbook/minu%20pilt.svg",
        "encoded once, not as %2520"
    );
    assert!(b.exists("handbook/minu pilt.svg"));

    // A near miss is suggested in a form that is still a link.
    let typo = "Vaata [lehte](minu%20lht.md).\n\n![Skeem](minu%20pjlt.svg)\n";
    let b = f
        .file("content/handbook/leht.et.md", &md("Leht", "", typo))
        .build();
    let hints: Vec<&str> = b
        .errors()
        .iter()
        .filter_map(|d| d.hint.as_deref())
        .collect();
    assert_eq!(
        hints,
        [
            "did you mean <@/handbook/minu leht.md>?",
            "did you mean content/handbook/minu pilt.svg? In a link, write each space as %20"
        ],
        "{}",
        b.diagnostics()
    );
}

// 10. Front matter errors.

#[test]
fn front_matter_errors_name_file_and_line_and_all_are_reported() {
    let unclosed = "+++\ntitle = \"Avamata\"\nweight = 1\n\nTekst.\n";
    let typo = "+++\ntitle = \"Kirjaviga\"\nwieght = 3\n+++\nTekst.\n";
    let bad_date = "+++\ntitle = \"Kuupäev\"\nweight = 2\ndate = \"eile\"\n+++\nTekst.\n";
    let b = Fixture::new()
        .file("content/a-unclosed.et.md", unclosed)
        .file("content/b-typo.et.md", typo)
        .file("content/c-date.et.md", bad_date)
        .file(
            "content/e-fine.et.md",
            &md("Korras", "", "Vaata [x](puudub.md).\n"),
        )
        .build();
    assert!(!b.report.succeeded());
    let errors = b.errors();
    let files: Vec<String> = errors
        .iter()
        .map(|d| d.file.to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        files,
        [
            "content/a-unclosed.et.md",
            "content/b-typo.et.md",
            "content/c-date.et.md",
            "content/e-fine.et.md",
        ],
        "one error per broken file, all in one run:\n{}",
        b.diagnostics()
    );
    let (a, t, c, e) = (errors[0], errors[1], errors[2], errors[3]);
    assert_eq!(a.line, 1);
    assert!(a.message.contains("never closed"), "{a}");
    assert!(a.hint.as_deref().unwrap_or("").contains("+++"), "{a}");

    assert_eq!(t.line, 3);
    assert!(t.message.contains("wieght"), "{t}");
    assert!(t.hint.as_deref().unwrap_or("").contains("weight"), "{t}");

    assert_eq!(c.line, 4);
    assert!(c.message.contains("eile"), "{c}");

    assert_eq!(
        e.line, 4,
        "a broken link elsewhere is reported in the same run"
    );
}

#[test]
fn missing_title_and_language_less_names_are_errors() {
    let b = Fixture::new()
        .file("content/notitle.et.md", "+++\nweight = 1\n+++\nx\n")
        .file("content/nolang.md", &md("Keeleta", "", "x\n"))
        .file("content/other.de.md", &md("Deutsch", "", "x\n"))
        .build();
    let errors = b.errors();
    assert_eq!(errors.len(), 3, "{}", b.diagnostics());
    let by_file = |f: &str| {
        *errors
            .iter()
            .find(|d| d.file.to_string_lossy() == f)
            .unwrap_or_else(|| panic!("no error for {f}:\n{}", b.diagnostics()))
    };
    assert!(by_file("content/notitle.et.md").message.contains("title"));
    let nolang = by_file("content/nolang.md");
    assert!(
        nolang
            .hint
            .as_deref()
            .unwrap_or("")
            .contains("nolang.et.md"),
        "{nolang}"
    );
    let de = by_file("content/other.de.md");
    assert!(de.message.contains("`de`"), "{de}");
}

#[test]
fn yaml_front_matter_unknown_key_names_the_line() {
    let text = "---\ntitle: Kirjaviga\nweight: 1\nwieght: 3\n---\nTekst.\n";
    let b = Fixture::new().file("content/yaml.et.md", text).build();
    let errors = b.errors();
    assert_eq!(errors.len(), 1, "{}", b.diagnostics());
    assert_eq!(errors[0].file.to_string_lossy(), "content/yaml.et.md");
    assert_eq!(errors[0].line, 4, "{}", errors[0]);
    assert!(errors[0].hint.as_deref().unwrap_or("").contains("weight"));
}

#[test]
fn yaml_front_matter_bad_date_names_the_line() {
    let text = "---\ntitle: Kuupäev\nweight: 1\ndate: 2026-13-45\n---\nTekst.\n";
    let b = Fixture::new().file("content/yaml.et.md", text).build();
    let errors = b.errors();
    assert_eq!(errors.len(), 1, "{}", b.diagnostics());
    assert!(errors[0].message.contains("2026-13-45"), "{}", errors[0]);
    assert_eq!(errors[0].line, line_of(text, "date:"), "{}", errors[0]);
}

#[test]
fn drafts_are_unpublished_and_links_to_them_are_errors() {
    let f = Fixture::new()
        .file(
            "content/mustand.et.md",
            &md("Mustand", "draft = true", "Pooleli.\n"),
        )
        .file(
            "content/valmis.et.md",
            &md("Valmis", "", "Vaata [mustandit](mustand.md).\n"),
        );
    let b = f.build();
    assert!(!b.report.succeeded());
    let errors = b.errors();
    assert_eq!(errors.len(), 1, "{}", b.diagnostics());
    assert_eq!(errors[0].file.to_string_lossy(), "content/valmis.et.md");
    assert_eq!(errors[0].line, 4);
    assert!(errors[0].message.contains("draft"), "{}", errors[0]);
    assert_eq!(
        errors[0].hint.as_deref(),
        Some("remove `draft = true` from content/mustand.et.md, or build with --drafts")
    );

    let b = f.drafts(true).build().ok();
    assert!(b.exists("/et/mustand/"));
    assert_eq!(
        b.html("/et/valmis/").hrefs("article.content a"),
        vec!["/et/mustand/"]
    );
}

#[test]
fn drafts_are_left_out_without_the_flag() {
    let b = Fixture::new()
        .file(
            "content/mustand.et.md",
            &md("Mustand", "draft = true", "x\n"),
        )
        .build()
        .ok();
    assert!(!b.exists("/et/mustand/"));
    assert!(!b.exists("/ru/mustand/"));
    assert!(!b.read("sitemap.xml").contains("mustand"));
    assert!(!b
        .html("/et/")
        .hrefs("nav.sidebar a")
        .iter()
        .any(|h| h.contains("mustand")));
    assert!(
        b.report.untranslated.is_empty(),
        "{:?}",
        b.report.untranslated
    );
}

#[test]
fn quotes_around_a_link_to_the_other_language_face_the_right_way() {
    let page = format!("{GUIDE_RU}\nСм. \"[эстонскую страницу](only.md)\".\n");
    let b = site()
        .file("content/handbook/guide.ru.md", &page)
        .build()
        .ok();
    let html = b.read("/ru/handbook/guide/");
    assert!(
        html.contains(
            "См. «<a href=\"/et/handbook/only/\" hreflang=\"et\">эстонскую страницу</a>»."
        ),
        "{html}"
    );
}
