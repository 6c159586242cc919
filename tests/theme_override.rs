//! A site's own templates override the built-in theme block by block.

mod common;

use common::{md, Fixture};

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
}
