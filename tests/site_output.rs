//! The output folder as a whole: determinism, atomic replacement, sitemap,
//! robots.txt, the language-choice page, 404 pages, accessibility basics, and the
//! shipped example site.

mod common;
use common::*;
use std::path::Path;

fn twins() -> Fixture {
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
            &md(
                "Sissejuhatus",
                "date = 2026-11-22",
                "## Üks\n\nTekst [edasi](only.md).\n\n## Kaks\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
            ),
        )
        .file(
            "content/handbook/intro.ru.md",
            &md(
                "Введение",
                "",
                "## Один\n\nТекст.\n\n## Два\n\n> [!NOTE]\n> Заметка.\n",
            ),
        )
        .file("content/handbook/only.et.md", &md("Ainult", "", "x\n"))
        .file(
            "content/handbook/pilt.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
        )
}

// 8. Determinism.

#[test]
fn same_input_gives_byte_identical_output() {
    let f = twins();
    let a = f.build_to(&f.tmp().join("out-a")).ok();
    let b = f.build_to(&f.tmp().join("out-b")).ok();
    let (sa, sb) = (snapshot(&a.out), snapshot(&b.out));
    assert!(sa.len() > 10, "{:?}", sa.keys());
    assert_eq!(
        sa.keys().collect::<Vec<_>>(),
        sb.keys().collect::<Vec<_>>(),
        "same files"
    );
    for (rel, bytes) in &sa {
        assert!(bytes == &sb[rel], "{rel} differs between two builds");
    }
    // Nothing in the output depends on the output folder's name.
    for (rel, bytes) in &sa {
        let s = String::from_utf8_lossy(bytes);
        assert!(!s.contains("out-a"), "{rel} mentions the output folder");
    }
}

// 9. A failed build keeps the previous output.

#[test]
fn failed_build_keeps_the_previous_output() {
    let mut f = twins();
    let out = f.default_out();
    f.build().ok();
    let before = snapshot(&out);
    assert!(before.contains_key("et/handbook/intro/index.html"));

    f.set(
        "content/handbook/intro.et.md",
        &md("Sissejuhatus", "", "Uus tekst ja [katki](puudub.md).\n"),
    );
    let b = f.build();
    assert!(!b.report.succeeded());
    assert_eq!(b.report.errors(), 1, "{}", b.diagnostics());
    assert_eq!(snapshot(&out), before, "the old output is untouched");

    let leftovers: Vec<String> = std::fs::read_dir(f.tmp())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("raamat-new") || n.contains("raamat-old"))
        .collect();
    assert!(leftovers.is_empty(), "staging folders left: {leftovers:?}");

    // A failure while writing pages (a template error, after staging began)
    // also leaves the old output and no staging folder.
    f.set(
        "content/handbook/intro.et.md",
        &md("Sissejuhatus", "template = \"broken.html\"", "Tekst.\n"),
    );
    f.set("templates/broken.html", "{{ no_such_variable.field }}");
    let b = f.build();
    assert!(!b.report.succeeded());
    assert!(
        b.errors()
            .iter()
            .any(|d| d.file.ends_with("templates/broken.html")),
        "{}",
        b.diagnostics()
    );
    assert_eq!(snapshot(&out), before, "the old output is untouched");
    let leftovers: Vec<String> = std::fs::read_dir(f.tmp())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "staging folders left: {leftovers:?}");
}

#[test]
fn successful_rebuild_replaces_the_output_completely() {
    let mut f = twins();
    let out = f.default_out();
    f.build().ok();
    std::fs::write(out.join("stale.txt"), "left from an old build").unwrap();
    f.set(
        "content/handbook/intro.et.md",
        &md("Sissejuhatus", "", "Uus tekst.\n"),
    );
    let b = f.build().ok();
    assert!(
        !out.join("stale.txt").exists(),
        "the folder is replaced, not merged"
    );
    assert!(b
        .html("/et/handbook/intro/")
        .text("article.content")
        .contains("Uus tekst."));
    let leftovers: Vec<String> = std::fs::read_dir(f.tmp())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "hidden folders left: {leftovers:?}");
}

/// An author rebuilds many times a day and deploys the output with a tool
/// that compares modification times (rsync, most FTP clients): a rebuild
/// leaves each file that comes out the same exactly as it was, time
/// included, and writes the others anew, a file edited by hand in the
/// output included.
#[test]
fn a_rebuild_leaves_unchanged_files_as_they_were_and_writes_the_rest() {
    use std::time::{Duration, SystemTime};
    let mut f = twins();
    let out = f.default_out();
    f.build().ok();
    let before = snapshot(&out);
    let long_ago = SystemTime::UNIX_EPOCH + Duration::from_secs(1_600_000_000);
    for rel in before.keys() {
        std::fs::File::options()
            .write(true)
            .open(out.join(rel))
            .unwrap()
            .set_modified(long_ago)
            .unwrap();
    }
    std::fs::write(out.join("et/handbook/only/index.html"), "käsitsi").unwrap();
    f.set(
        "content/handbook/intro.et.md",
        &md(
            "Sissejuhatus",
            "date = 2026-11-22",
            "## Üks\n\nUus tekst.\n",
        ),
    );
    f.build().ok();
    let after = snapshot(&out);
    let untouched = |rel: &str| {
        let time = std::fs::metadata(out.join(rel))
            .unwrap()
            .modified()
            .unwrap();
        time == long_ago
    };

    let intro = String::from_utf8_lossy(&after["et/handbook/intro/index.html"]);
    assert!(intro.contains("Uus tekst."), "{intro}");
    assert!(!untouched("et/handbook/intro/index.html"));
    assert!(!untouched("et/handbook.zip"));
    let copy = zip_text(
        &after["et/handbook.zip"],
        "handbook-et/et/handbook/intro/index.html",
    );
    assert!(
        copy.contains("Uus tekst."),
        "the offline copy has the new text"
    );
    assert_eq!(
        after["et/handbook/only/index.html"], before["et/handbook/only/index.html"],
        "the page edited by hand in the output is the built one again"
    );
    assert!(!untouched("et/handbook/only/index.html"));
    let same = [
        "ru/handbook/intro/index.html",
        "ru/index.html",
        "ru/handbook.zip",
        "handbook/pilt.svg",
        "theme/style.css",
    ];
    for rel in same {
        assert_eq!(after[rel], before[rel], "{rel}");
        assert!(
            untouched(rel),
            "{rel} was written again though it did not change"
        );
    }
    let kept = after.keys().filter(|rel| untouched(rel)).count();
    assert!(
        kept * 2 > after.len(),
        "{kept} of {} files kept",
        after.len()
    );
    assert!(staging_leftovers(f.tmp()).is_empty());

    // What a rebuild takes over from the previous output changes nothing:
    // the same sources built into an empty folder give the same bytes.
    let fresh = f.tmp().join("fresh");
    f.build_to(&fresh).ok();
    assert_eq!(snapshot(&fresh), after);
}

/// A handbook's photos go into its offline copies as they are: deflating a
/// photo costs a build more than several pages do and makes it no smaller.
/// The copy's pages are compressed; every file is deflate to the zip's
/// readers (a streaming reader refuses some stored files), and reads back
/// whole.
#[test]
fn photos_go_into_the_offline_copy_as_they_are_and_pages_are_compressed() {
    let f = twins().file(
        "content/handbook/intro.et.md",
        &md(
            "Sissejuhatus",
            "",
            &format!(
                "![Foto kohtumisest](foto.JPG)\n\n{}\n",
                "Juhtumikorraldaja kohtub kliendiga. ".repeat(200)
            ),
        ),
    );
    let root = f.write();
    // Bytes that do not compress, as a photo's do not, after a run that
    // would (as a camera's blank metadata might): it goes in as it is all
    // the same.
    let mut photo = vec![0u8; 20_000];
    let mut x: u32 = 2_463_534_242;
    while photo.len() < 150_000 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        photo.extend_from_slice(&x.to_le_bytes());
    }
    std::fs::write(root.join("content/handbook/foto.JPG"), &photo).unwrap();
    f.build().ok();
    let out = f.default_out();
    assert_eq!(std::fs::read(out.join("handbook/foto.JPG")).unwrap(), photo);

    let zip = std::fs::read(out.join("et/handbook.zip")).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut entry = |name: &str| {
        let mut file = archive.by_name(name).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut bytes).unwrap();
        (file.compression(), file.compressed_size(), bytes)
    };
    let (method, held, bytes) = entry("handbook-et/handbook/foto.JPG");
    assert_eq!(method, zip::CompressionMethod::Deflated);
    // As it is, in deflate's stored blocks: 5 bytes of header to 64 kB.
    let blocks = photo.len() as u64 / 65_535 + 1;
    assert_eq!(held, photo.len() as u64 + 5 * blocks);
    assert!(bytes == photo, "the photo reads back whole");
    let (method, held, page) = entry("handbook-et/et/handbook/intro/index.html");
    assert_eq!(method, zip::CompressionMethod::Deflated);
    assert!(held * 4 < page.len() as u64, "{held} of {}", page.len());
    let page = String::from_utf8(page).unwrap();
    assert!(
        page.contains("src=\"../../../handbook/foto.JPG\""),
        "{page}"
    );
}

fn zip_text(zip: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut text).unwrap();
    text
}

// 11. Sitemap, robots.txt, language choice, 404.

#[test]
fn sitemap_lists_twins_with_alternates() {
    let b = twins().build().ok();
    let xml = b.read("sitemap.xml");
    assert!(xml.starts_with("<?xml"), "{xml}");
    let url_of = |loc: &str| -> String {
        let start = xml
            .find(&format!("<loc>{loc}</loc>"))
            .unwrap_or_else(|| panic!("{loc} not in sitemap:\n{xml}"));
        let block_start = xml[..start].rfind("<url>").unwrap();
        let end = start + xml[start..].find("</url>").unwrap();
        xml[block_start..end].to_string()
    };
    for loc in [
        "https://juhend.example.ee/et/handbook/intro/",
        "https://juhend.example.ee/ru/handbook/intro/",
    ] {
        let block = url_of(loc);
        for (lang, href) in [
            ("et", "https://juhend.example.ee/et/handbook/intro/"),
            ("ru", "https://juhend.example.ee/ru/handbook/intro/"),
            ("x-default", "https://juhend.example.ee/et/handbook/intro/"),
        ] {
            assert!(
                block.contains(&format!(
                    "<xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"{href}\"/>"
                )),
                "{loc} lacks the {lang} alternate:\n{block}"
            );
        }
    }
    assert!(url_of("https://juhend.example.ee/et/handbook/intro/")
        .contains("<lastmod>2026-11-22</lastmod>"));
    // An untranslated page is listed once, without a Russian alternate.
    let only = url_of("https://juhend.example.ee/et/handbook/only/");
    assert!(!only.contains("hreflang=\"ru\""), "{only}");
    assert!(
        !xml.contains("/ru/handbook/only/"),
        "fallback copies are not listed"
    );
    assert_eq!(xml.matches("<loc>").count(), 7, "{xml}");
}

#[test]
fn robots_txt_points_to_the_sitemap() {
    let b = twins().build().ok();
    let robots = b.read("robots.txt");
    assert!(
        robots
            .lines()
            .any(|l| l.trim() == "Sitemap: https://juhend.example.ee/sitemap.xml"),
        "{robots}"
    );
    assert!(robots.contains("User-agent: *"));
}

#[test]
fn root_page_lets_readers_choose_a_language_without_javascript() {
    let b = twins().build().ok();
    let p = b.html("/");
    assert!(!p.has("script"), "the language choice needs no script");
    assert!(!p.has("meta[http-equiv]"), "no automatic redirect");
    let et = p.one("a[hreflang=et]");
    assert_eq!(et.value().attr("href"), Some("/et/"));
    assert!(text(et).contains("Eesti"));
    let ru = p.one("a[hreflang=ru]");
    assert_eq!(ru.value().attr("href"), Some("/ru/"));
    assert!(text(ru).contains("Русский"));
    assert_eq!(
        p.attr("link[rel=alternate][hreflang=et]", "href"),
        "https://juhend.example.ee/et/"
    );
    assert_eq!(
        p.attr("link[rel=alternate][hreflang=ru]", "href"),
        "https://juhend.example.ee/ru/"
    );
    assert!(p.has("link[rel=alternate][hreflang=x-default]"));
    assert_eq!(p.all("h1").len(), 1);
    assert!(p.has("main#_main"));
}

#[test]
fn every_language_has_a_404_page() {
    let b = twins().build().ok();
    for (url, lang, title) in [
        ("et/404.html", "et", "Lehekülge ei leitud"),
        ("ru/404.html", "ru", "Страница не найдена"),
        ("404.html", "et", "Lehekülge ei leitud"),
    ] {
        let p = b.html(url);
        assert_eq!(p.attr("html", "lang"), lang, "{url}");
        assert_eq!(p.text("h1"), title, "{url}");
        assert!(p.has("meta[name=robots][content=noindex]"), "{url}");
        // Served for any missing path, so its links must not be relative.
        for e in p.all("[href], [src]") {
            let v = e.value().attr("href").or(e.value().attr("src")).unwrap();
            assert!(
                v.starts_with('/') || v.starts_with('#') || v.starts_with("https://"),
                "{url}: relative link {v}"
            );
        }
        assert!(p.hrefs("main a").contains(&format!("/{lang}/")), "{url}");
    }
}

// 11. Accessibility basics and no third-party requests, on every built page.

fn check_page_basics(out: &Path, rel: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let html = std::fs::read_to_string(out.join(rel)).unwrap();
    let doc = scraper::Html::parse_document(&html);
    let count = |s: &str| doc.select(&sel(s)).count();
    if count("h1") != 1 {
        problems.push(format!("{rel}: {} h1 elements", count("h1")));
    }
    if count("main#_main") != 1 {
        problems.push(format!("{rel}: no <main id=\"_main\">"));
    }
    if count("html[lang]") != 1 {
        problems.push(format!("{rel}: no <html lang>"));
    }
    if count("title") != 1
        || doc
            .select(&sel("title"))
            .next()
            .map(text)
            .unwrap_or_default()
            .trim()
            .is_empty()
    {
        problems.push(format!("{rel}: no title"));
    }
    for nav in doc.select(&sel("nav")) {
        let v = nav.value();
        let labelled = v.attr("aria-label").is_some_and(|l| !l.trim().is_empty())
            || v.attr("aria-labelledby")
                .is_some_and(|id| count(&format!("[id=\"{id}\"]")) == 1);
        if !labelled {
            problems.push(format!(
                "{rel}: unlabelled <nav class={:?}>",
                v.attr("class")
            ));
        }
    }
    for e in doc.select(&sel("script[src], link[href], img[src], iframe[src]")) {
        let v = e.value();
        let url = v.attr("src").or(v.attr("href")).unwrap();
        let rel_attr = v.attr("rel").unwrap_or("");
        let is_reference = rel_attr == "canonical" || rel_attr == "alternate";
        let external =
            url.starts_with("http://") || url.starts_with("https://") || url.starts_with("//");
        if external && !(is_reference && url.starts_with(BASE_URL)) {
            problems.push(format!("{rel}: loads {url} from another host"));
        }
    }
    let ids: Vec<&str> = doc
        .select(&sel("[id]"))
        .filter_map(|e| e.value().attr("id"))
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    if sorted.len() != ids.len() {
        problems.push(format!("{rel}: duplicate ids"));
    }
    problems
}

fn has_skip_link(out: &Path, rel: &str) -> bool {
    let html = std::fs::read_to_string(out.join(rel)).unwrap();
    let doc = scraper::Html::parse_document(&html);
    let first = doc.select(&sel("body a")).next();
    first.is_some_and(|a| a.value().attr("href") == Some("#_main"))
}

#[test]
fn every_page_of_a_fixture_site_passes_the_basics() {
    let b = twins().build().ok();
    let pages: Vec<String> = walk(&b.out)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect();
    // Two languages × (home, section, 2 pages, 404, search, accessibility, the section's
    // print page) + the root chooser and its 404.
    assert_eq!(pages.len(), 18, "{pages:?}");
    let problems: Vec<String> = pages
        .iter()
        .flat_map(|p| check_page_basics(&b.out, p))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
    for p in pages.iter().filter(|p| p.as_str() != "index.html") {
        assert!(
            has_skip_link(&b.out, p),
            "{p}: the first link skips to #_main"
        );
    }
}

#[test]
fn root_page_has_a_skip_link() {
    let b = twins().build().ok();
    assert!(has_skip_link(&b.out, "index.html"));
}

#[test]
fn heading_ids_never_duplicate_theme_ids() {
    let b = Fixture::new()
        .file(
            "content/a.et.md",
            &md("A", "", "## Main\n\nx\n\n## Toc title\n\ny\n"),
        )
        .build()
        .ok();
    let problems = check_page_basics(&b.out, "et/a/index.html");
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn a_fixed_heading_id_used_twice_is_an_error_at_the_second() {
    let body = "## Üks {#sama}\n\nTekst.\n\n## Kaks {#sama}\n\nTekst.\n";
    let page = md("A", "", body);
    let b = Fixture::new().file("content/a.et.md", &page).build();
    let errors = b.errors();
    assert_eq!(errors.len(), 1, "{}", b.diagnostics());
    let d = errors[0];
    assert_eq!(d.file, Path::new("content/a.et.md"));
    assert_eq!(d.line, line_of(&page, "## Kaks"));
    let first = line_of(&page, "## Üks");
    assert!(d.message.contains("`sama`"), "{d}");
    assert!(d.message.contains(&format!("line {first}")), "{d}");
    assert!(d.hint.is_some(), "{d}");
}

#[test]
fn made_heading_ids_are_numbered_and_fixed_ones_kept() {
    let body = "## Kolm\n\nx\n\n## Kolm\n\ny\n\n## Neli {#kolm}\n\nz\n";
    let b = Fixture::new()
        .file("content/a.et.md", &md("A", "", body))
        .build()
        .ok();
    let ids: Vec<String> = b
        .html("/et/a/")
        .all("article h2")
        .iter()
        .filter_map(|h| h.value().attr("id"))
        .filter(|id| !id.starts_with('_'))
        .map(str::to_string)
        .collect();
    assert_eq!(ids, ["kolm-1", "kolm-2", "kolm"]);
}

// 14. The shipped example site.

#[test]
fn example_site_builds_cleanly_and_passes_the_basics() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let report = raamat::build(&raamat::BuildOptions {
        root: repo.to_path_buf(),
        out: Some(out.clone()),
        drafts: false,
        preview: false,
    })
    .expect("the example builds");
    let shown: Vec<String> = report.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(report.errors(), 0, "{shown:#?}");

    // At least six chapters in each language, written in that language.
    for lang in ["et", "ru"] {
        let dir = out.join(lang).join("handbook");
        let mut chapters = 0;
        for e in std::fs::read_dir(&dir).unwrap() {
            let page = e.unwrap().path().join("index.html");
            if !page.is_file() {
                continue;
            }
            let html = std::fs::read_to_string(&page).unwrap();
            if !html.contains("notice-untranslated") {
                chapters += 1;
            }
        }
        assert!(chapters >= 6, "{lang}: only {chapters} translated chapters");
    }

    // The Estonian-only chapter is reported, and published as a fallback.
    let ru_missing: Vec<_> = report
        .untranslated
        .iter()
        .filter(|u| u.lang == "ru" && u.path.starts_with("handbook/"))
        .collect();
    assert!(!ru_missing.is_empty(), "{:?}", report.untranslated);
    for u in ru_missing {
        let src = u.source.to_string_lossy();
        assert!(src.ends_with(".et.md"), "{src}");
        assert!(repo.join(&u.source).is_file());
        assert!(!repo.join(src.replace(".et.md", ".ru.md")).exists());
    }

    let pages: Vec<String> = walk(&out)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect();
    let problems: Vec<String> = pages
        .iter()
        .flat_map(|p| check_page_basics(&out, p))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
    for p in pages.iter().filter(|p| p.as_str() != "index.html") {
        assert!(
            has_skip_link(&out, p),
            "{p}: the first link skips to #_main"
        );
    }
    // No asset or stylesheet from another host anywhere, CSS included.
    for f in walk(&out)
        .iter()
        .filter(|f| f.ends_with(".css") || f.ends_with(".js"))
    {
        let s = std::fs::read_to_string(out.join(f)).unwrap();
        assert!(!s.contains("@import"), "{f} imports");
        assert!(
            !s.contains("url(http") && !s.contains("url(\"http") && !s.contains("url('http"),
            "{f} loads from another host"
        );
    }
}

#[test]
fn an_accessibility_statement_per_language_is_linked_from_every_page() {
    let b = twins()
        .config(
            "[accessibility]\nstatus = \"partial\"\nreviewed = 2026-11-22\ncontact = \"abi@example.ee\"\n\
             [accessibility.limitations]\net = [\"Skeemidel puudub tekstikirjeldus.\"]",
        )
        .build()
        .ok();
    let et = std::fs::read_to_string(b.out.join("et/accessibility/index.html")).unwrap();
    assert!(
        et.contains("22. november 2026"),
        "the review date in Estonian"
    );
    assert!(et.contains("Skeemidel puudub tekstikirjeldus."));
    assert!(et.contains("mailto:abi@example.ee"));
    let ru = std::fs::read_to_string(b.out.join("ru/accessibility/index.html")).unwrap();
    assert!(ru.contains("22 ноября 2026"), "the review date in Russian");
    assert!(
        ru.contains("<ul lang=\"et\">"),
        "limitations only written in Estonian say so"
    );
    for page in walk(&b.out)
        .into_iter()
        .filter(|f| f.ends_with("index.html") && f.contains('/'))
    {
        let html = std::fs::read_to_string(b.out.join(&page)).unwrap();
        let lang = &page[..2];
        assert!(
            html.contains(&format!("href=\"/{lang}/accessibility/\"")),
            "{page} links the statement"
        );
    }
}

#[test]
fn a_file_that_replaces_what_raamat_writes_is_warned_about() {
    let built = twins()
        .file("static/index.html", "<p>oma</p>")
        .file("static/theme/style.css", "body{}")
        .file("content/sitemap.xml", "<urlset/>")
        .file("static/et/index.html", "<p>oma</p>")
        // The author's own files: no warning.
        .file("static/robots.txt", "User-agent: *\nDisallow: /\n")
        .file("static/et/vormid/taotlus.pdf", "%PDF")
        .file("static/theme/logo.svg", "<svg/>")
        .file("static/search/synonyms.json", "{}")
        .file("static/et/simulatsioon/index.html", "<p>eksport</p>")
        .build()
        .ok();
    let mut warned: Vec<String> = built
        .warnings()
        .into_iter()
        .filter(|d| d.message.contains("replaces"))
        .map(|d| d.file.to_string_lossy().into_owned())
        .collect();
    warned.sort();
    assert_eq!(
        warned,
        [
            "content/sitemap.xml",
            "static/et/index.html",
            "static/index.html",
            "static/theme/style.css"
        ]
    );
    // The author's file still wins, as before.
    assert_eq!(built.read("/robots.txt"), "User-agent: *\nDisallow: /\n");
}
