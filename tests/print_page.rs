//! The whole book on one page (`/<lang>/<section>/print/`).

mod common;
use common::*;

fn book() -> Built {
    Fixture::new()
        .file("content/raamat/_index.et.md", &md("Käsiraamat", "", "Sissejuhatus.\n"))
        .file("content/raamat/_index.ru.md", &md("Руководство", "", "Введение.\n"))
        .file(
            "content/raamat/a.et.md",
            &md("Esimene", "weight = 1", "## Algus {#algus}\n\nVaata [teist peatükki](b.md#lopp) ja [allikat](https://example.org/x).[^1]\n\n[^1]: Märkus.\n"),
        )
        .file("content/raamat/a.ru.md", &md("Первая", "weight = 1", "## Начало {#algus}\n\nСм. [вторую главу](b.md#lopp).\n"))
        .file(
            "content/raamat/b.et.md",
            &md("Teine", "weight = 2", "## Algus {#algus}\n\nTekst.[^1]\n\n[^1]: Teine märkus.\n\n## Lõpp {#lopp}\n\nLõpp.\n"),
        )
        .build()
        .ok()
}

#[test]
fn every_chapter_in_reading_order_with_unique_ids_and_in_page_links() {
    let b = book();
    let html = std::fs::read_to_string(b.out.join("et/raamat/print/index.html")).unwrap();
    let first = html
        .find("1. Esimene")
        .expect("chapter 1 in the table of contents");
    let second = html.find("2. Teine").expect("chapter 2");
    assert!(first < second, "reading order");
    let doc = scraper::Html::parse_document(&html);
    let ids: Vec<&str> = doc
        .select(&sel("[id]"))
        .filter_map(|e| e.value().attr("id"))
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        ids.len(),
        "ids are unique across chapters: {ids:?}"
    );
    // The link to the other chapter's heading goes to it on this page.
    let target = doc
        .select(&sel("a"))
        .find(|a| a.text().collect::<String>() == "teist peatükki")
        .and_then(|a| a.value().attr("href"))
        .unwrap();
    assert!(target.starts_with('#'), "{target}");
    assert!(ids.contains(&&target[1..]), "{target} exists on the page");
    assert!(
        html.contains("href=\"https://example.org/x\""),
        "external links stay absolute"
    );
    assert!(
        html.contains("Märkus.") && html.contains("Teine märkus."),
        "footnotes are kept"
    );
    let section = std::fs::read_to_string(b.out.join("et/raamat/index.html")).unwrap();
    assert!(
        section.contains("href=\"/et/raamat/print/\""),
        "the book's page links it"
    );
}

#[test]
fn an_untranslated_chapter_is_there_in_its_own_language() {
    let b = book();
    let html = std::fs::read_to_string(b.out.join("ru/raamat/print/index.html")).unwrap();
    assert!(html.contains("Первая"));
    let doc = scraper::Html::parse_document(&html);
    let other = doc
        .select(&sel("section.print-chapter[lang=\"et\"]"))
        .next()
        .expect("the Estonian chapter is marked as Estonian");
    assert!(other.text().collect::<String>().contains("Teine"));
}

#[test]
fn print_pages_can_be_turned_off() {
    let b = Fixture::new()
        .config("print_pages = false")
        .file(
            "content/raamat/_index.et.md",
            &md("Käsiraamat", "", "Sissejuhatus.\n"),
        )
        .file("content/raamat/a.et.md", &md("Esimene", "", "Tekst.\n"))
        .file("content/raamat/b.et.md", &md("Teine", "", "Tekst.\n"))
        .build()
        .ok();
    assert!(!b.out.join("et/raamat/print/index.html").exists());
    let section = std::fs::read_to_string(b.out.join("et/raamat/index.html")).unwrap();
    assert!(!section.contains("/print/"), "and nothing links to it");
}
