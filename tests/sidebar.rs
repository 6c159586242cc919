//! The sidebar stays the same size however many handbooks the site has: a long
//! level shows the items around the page and a link to the page that lists them all.

mod common;
use common::*;

/// A site of `n` handbooks of three chapters each, in both languages.
fn site(n: usize) -> Built {
    let mut f = Fixture::new();
    for h in 0..n {
        for (lang, title) in [("et", "Käsiraamat"), ("ru", "Руководство")] {
            f = f.file(
                &format!("content/k{h:03}/_index.{lang}.md"),
                &md(
                    &format!("{title} {h}"),
                    &format!("weight = {h}"),
                    "Sissejuhatus.\n",
                ),
            );
            for c in 0..3 {
                f = f.file(
                    &format!("content/k{h:03}/p{c}.{lang}.md"),
                    &md(
                        &format!("{title} {h}.{c}"),
                        &format!("weight = {c}"),
                        "Tekst.\n",
                    ),
                );
            }
        }
    }
    f.build().ok()
}

fn page_bytes(b: &Built, url: &str) -> usize {
    b.read(url).len()
}

#[test]
fn a_long_top_level_shows_its_neighbourhood_and_a_link_to_all() {
    let b = site(40);
    let page = b.html("/et/k020/p1/");
    let top: Vec<String> = page
        .all(".sidebar > ul > li > a")
        .iter()
        .map(|a| a.text().collect())
        .collect();
    assert!(top.len() <= 13, "{top:?}");
    assert!(
        top.contains(&"Käsiraamat 20".to_string()),
        "the page's own handbook: {top:?}"
    );
    assert!(
        top.contains(&"Käsiraamat 17".to_string()) && top.contains(&"Käsiraamat 23".to_string())
    );
    let more = page.one(".sidebar li.more a");
    assert_eq!(more.value().attr("href"), Some("/et/"));
    assert_eq!(more.text().collect::<String>(), "Kõik 40 jaotist");
    // The page's own chapters are all there.
    let chapters = page.all(".sidebar li.open > ul > li > a").len();
    assert_eq!(chapters, 3);
    // The home page the link goes to lists every handbook.
    let home = b.read("/et/");
    assert!(home.contains("Käsiraamat 0<") && home.contains("Käsiraamat 39<"));
    let ru = b.html("/ru/k020/p1/");
    assert_eq!(
        ru.one(".sidebar li.more a").text().collect::<String>(),
        "Все разделы (40)"
    );
}

#[test]
fn a_page_is_as_big_with_ten_times_the_handbooks() {
    let small = site(20);
    let big = site(200);
    let a = page_bytes(&small, "/et/k010/p1/");
    let b = page_bytes(&big, "/et/k010/p1/");
    assert!(
        (b as f64) <= 1.1 * a as f64,
        "a chapter page: {a} bytes with 20 handbooks, {b} with 200"
    );
}
