//! Two languages: twins, the language switcher, hreflang, slugs, untranslated
//! pages, ordering by the languages' alphabets, dates and quotation marks.

mod common;
use common::*;

/// A handbook section in both languages with an introduction in both, and a
/// page (and a subsection) that exist only in Estonian.
fn handbook() -> Fixture {
    Fixture::new()
        .file(
            "content/handbook/_index.et.md",
            &md("Käsiraamat", "", "Käsiraamatu avaleht.\n"),
        )
        .file(
            "content/handbook/_index.ru.md",
            &md("Руководство", "", "Главная руководства.\n"),
        )
        .file(
            "content/handbook/intro.et.md",
            &md("Sissejuhatus", "weight = 1", "## Algus\n\nTekst.\n"),
        )
        .file(
            "content/handbook/intro.ru.md",
            &md("Введение", "weight = 1", "## Начало\n\nТекст.\n"),
        )
        .file(
            "content/handbook/only.et.md",
            &md(
                "Ainult eesti keeles",
                "weight = 2",
                "Ainult eesti keeles.\n",
            ),
        )
        .file(
            "content/handbook/sub/_index.et.md",
            &md("Alajaotis", "weight = 3", "Alajaotis.\n"),
        )
        .file(
            "content/handbook/sub/deep.et.md",
            &md("Sügav", "", "Sügav lehekülg.\n"),
        )
}

// 1. Twin pairing and the language switcher.

#[test]
fn twins_switch_to_each_other() {
    let b = handbook().build().ok();
    let et = b.html("/et/handbook/intro/");
    let to_ru = et.one("nav.lang-switcher a[hreflang=ru]");
    assert_eq!(to_ru.value().attr("href"), Some("/ru/handbook/intro/"));
    assert_eq!(to_ru.value().attr("lang"), Some("ru"));
    assert!(
        to_ru.value().attr("data-inexact").is_none(),
        "a twin is an exact switch"
    );
    assert!(text(to_ru).contains("Русский"));
    // The current language is not a link.
    assert!(!et.has("nav.lang-switcher a[hreflang=et]"));
    assert_eq!(et.text("nav.lang-switcher [aria-current]").trim(), "Eesti");

    let ru = b.html("/ru/handbook/intro/");
    assert_eq!(
        ru.attr("nav.lang-switcher a[hreflang=et]", "href"),
        "/et/handbook/intro/"
    );
    assert!(!ru.has("nav.lang-switcher a[data-inexact]"));
}

#[test]
fn untranslated_page_switches_to_nearest_translated_ancestor() {
    let b = handbook().build().ok();
    for url in ["/et/handbook/only/", "/et/handbook/sub/deep/"] {
        let p = b.html(url);
        let to_ru = p.one("nav.lang-switcher a[hreflang=ru]");
        // handbook/sub has no Russian version either, so /ru/handbook/ is nearest.
        assert_eq!(to_ru.value().attr("href"), Some("/ru/handbook/"), "{url}");
        assert!(
            to_ru.value().attr("data-inexact").is_some(),
            "{url}: the switch is marked as not exact"
        );
        let note = to_ru
            .select(&sel(".visually-hidden"))
            .next()
            .map(text)
            .unwrap_or_default();
        assert!(
            note.contains("нет на русском"),
            "{url}: the note says (in Russian) the page is not translated: {note:?}"
        );
    }
}

// 2. hreflang pairs, <html lang>, canonical.

#[test]
fn twins_declare_each_other_as_alternates() {
    let b = handbook().build().ok();
    for (url, lang) in [("/et/handbook/intro/", "et"), ("/ru/handbook/intro/", "ru")] {
        let p = b.html(url);
        assert_eq!(p.attr("html", "lang"), lang, "{url}");
        assert_eq!(
            p.attr("link[rel=alternate][hreflang=et]", "href"),
            "https://juhend.example.ee/et/handbook/intro/",
            "{url}"
        );
        assert_eq!(
            p.attr("link[rel=alternate][hreflang=ru]", "href"),
            "https://juhend.example.ee/ru/handbook/intro/",
            "{url}"
        );
        assert_eq!(
            p.attr("link[rel=alternate][hreflang=x-default]", "href"),
            "https://juhend.example.ee/et/handbook/intro/",
            "{url}: x-default is the default language"
        );
        assert_eq!(
            p.attr("link[rel=canonical]", "href"),
            format!("https://juhend.example.ee{url}"),
            "{url}: canonical is the page itself"
        );
    }
}

#[test]
fn fallback_copy_is_canonicalised_to_its_original() {
    let b = handbook().build().ok();
    let p = b.html("/ru/handbook/only/");
    assert_eq!(p.attr("html", "lang"), "ru");
    assert_eq!(
        p.attr("link[rel=canonical]", "href"),
        "https://juhend.example.ee/et/handbook/only/"
    );
    assert_eq!(
        p.hrefs("link[rel=alternate]"),
        vec![
            "https://juhend.example.ee/et/handbook/only/".to_string(),
            "https://juhend.example.ee/et/handbook/only/".to_string()
        ],
        "only the Estonian original (and x-default) are alternates"
    );
    assert!(!p.has("link[rel=alternate][hreflang=ru]"));
}

#[test]
fn base_url_with_a_path_prefixes_every_link() {
    let b = handbook()
        .base_url("https://example.org/juhend/")
        .file(
            "content/handbook/links.et.md",
            &md("Lingid", "", "[a](intro.md)\n"),
        )
        .build()
        .ok();
    let p = b.html("/et/handbook/intro/");
    assert_eq!(
        p.attr("link[rel=alternate][hreflang=ru]", "href"),
        "https://example.org/juhend/ru/handbook/intro/"
    );
    assert_eq!(
        p.attr("nav.lang-switcher a[hreflang=ru]", "href"),
        "/juhend/ru/handbook/intro/"
    );
    let css = p.attr("link[rel=stylesheet]", "href");
    assert!(
        css.starts_with("/juhend/theme/style.css?v="),
        "the theme's CSS, named with its version: {css}"
    );
    let links = b.html("/et/handbook/links/");
    assert_eq!(
        links.hrefs("article.content a[href*=intro]"),
        vec!["/juhend/et/handbook/intro/"]
    );
}

// 5. Slugs.

#[test]
fn estonian_file_names_are_folded() {
    let b = Fixture::new()
        .file(
            "content/võrgustikutöö.et.md",
            &md("Võrgustikutöö", "", "Tekst.\n"),
        )
        .file(
            "content/võrgustikutöö.ru.md",
            &md("Сетевая работа", "slug = \"Сетевая работа\"", "Текст.\n"),
        )
        .build()
        .ok();
    assert!(b.exists("/et/vorgustikutoo/"), "{:?}", walk(&b.out));
    assert!(b.exists("/ru/setevaya-rabota/"), "{:?}", walk(&b.out));
    assert!(!b.exists("/ru/vorgustikutoo/"));
    assert!(
        walk(&b.out).iter().all(|f| f.is_ascii()),
        "no non-ASCII output paths: {:?}",
        walk(&b.out)
    );
    let et = b.html("/et/vorgustikutoo/");
    assert_eq!(
        et.attr("nav.lang-switcher a[hreflang=ru]", "href"),
        "/ru/setevaya-rabota/",
        "twins pair by file name even with a different slug"
    );
}

#[test]
fn two_files_on_one_url_are_an_error_naming_both() {
    let b = Fixture::new()
        .file("content/töö.et.md", &md("Töö", "", "Üks.\n"))
        .file("content/too.et.md", &md("Too", "", "Teine.\n"))
        .build();
    assert!(!b.report.succeeded());
    let errors = b.errors();
    let clash: Vec<_> = errors
        .iter()
        .filter(|d| d.message.contains("/et/too/"))
        .collect();
    assert_eq!(clash.len(), 1, "{}", b.diagnostics());
    let msg = &clash[0].message;
    assert!(
        msg.contains("content/töö.") && msg.contains("content/too."),
        "both files are named: {msg}"
    );
    assert!(!b.out.exists(), "nothing is published");
}

#[test]
fn url_collision_names_the_real_files() {
    let b = Fixture::new()
        .file("content/töö.et.md", &md("Töö", "", "Üks.\n"))
        .file("content/too.et.md", &md("Too", "", "Teine.\n"))
        .build();
    let errors = b.errors();
    let d = errors
        .iter()
        .find(|d| d.message.contains("/et/too/"))
        .expect("collision error");
    assert!(
        d.message.contains("content/töö.et.md") && d.message.contains("content/too.et.md"),
        "{}",
        d.message
    );
    let file = d.file.to_string_lossy();
    assert!(
        file == "content/töö.et.md" || file == "content/too.et.md",
        "diagnostic file is a real file: {file}"
    );
}

#[test]
fn a_slug_on_another_pages_url_is_one_error_at_the_slug() {
    let a = md(
        "A",
        "weight = 5\nslug = \"hindamine\"",
        "Vaata [riske](hindamine.md#riskid).\n",
    );
    let b = Fixture::new()
        .file(
            "content/handbook/_index.et.md",
            &md("Käsiraamat", "", "[Hindamine](hindamine.md), [A](a.md).\n"),
        )
        .file(
            "content/handbook/_index.ru.md",
            &md("Руководство", "", "[Оценка](hindamine.md).\n"),
        )
        .file(
            "content/handbook/hindamine.et.md",
            &md("Hindamine", "", "## Riskid {#riskid}\n"),
        )
        .file(
            "content/handbook/hindamine.ru.md",
            &md("Оценка", "", "## Риски {#riskid}\n"),
        )
        .file("content/handbook/a.et.md", &a)
        .build();
    // Not also "`hindamine.md` has no `et` version" at every link to it.
    let all = &b.report.diagnostics;
    assert_eq!(all.len(), 1, "{}", b.diagnostics());
    let d = b.errors()[0];
    assert_eq!(d.file, std::path::Path::new("content/handbook/a.et.md"));
    assert_eq!(d.line, line_of(&a, "slug"), "{d}");
    assert!(
        d.message.contains("content/handbook/hindamine.et.md"),
        "{}",
        d.message
    );
    assert!(d.hint.as_deref().unwrap().contains("slug"), "{d}");
}

/// Pages at the URLs of the search page, a print page and the accessibility
/// statement, which raamat makes itself.
fn on_built_in_urls() -> Fixture {
    Fixture::new()
        .file(
            "content/search/_index.et.md",
            &md("Otsing", "", "Minu otsing.\n"),
        )
        .file("content/handbook/_index.et.md", &md("Käsiraamat", "", ""))
        .file("content/handbook/print.et.md", &md("Trükk", "", "Tekst.\n"))
        .file("content/juhend/_index.et.md", &md("Juhend", "", ""))
        .file(
            "content/juhend/kaks.et.md",
            &md("Kaks", "weight = 2\nslug = \"print\"", "Tekst.\n"),
        )
}

#[test]
fn a_page_at_the_url_of_a_page_raamat_makes_is_an_error() {
    let f = on_built_in_urls().file(
        "content/accessibility.et.md",
        &md("Ligipääsetavus", "", "Minu.\n"),
    );
    let b = f.build();
    let errors = b.errors();
    // Once per file, not again for its fallback copy in ru.
    assert_eq!(errors.len(), 4, "{}", b.diagnostics());
    let error_of = |file: &str| {
        errors
            .iter()
            .find(|d| d.file == std::path::Path::new(file))
            .unwrap_or_else(|| panic!("no error for {file}: {}", b.diagnostics()))
    };
    for (file, page) in [
        ("content/search/_index.et.md", "search page"),
        ("content/accessibility.et.md", "accessibility statement"),
        ("content/handbook/print.et.md", "print page"),
    ] {
        let d = error_of(file);
        assert!(d.message.contains(page), "{}", d.message);
        assert!(d.hint.as_deref().unwrap().contains("rename"), "{d}");
    }
    let d = error_of("content/juhend/kaks.et.md");
    assert!(d.message.contains("/et/juhend/print/"), "{}", d.message);
    assert_eq!(d.line, line_of(f.text("content/juhend/kaks.et.md"), "slug"));
    assert!(d.hint.as_deref().unwrap().contains("slug"), "{d}");
    assert!(!b.out.exists(), "nothing is published");
}

#[test]
fn a_page_may_have_a_built_in_url_raamat_does_not_use() {
    let b = on_built_in_urls()
        .config("search = false")
        .config("print_pages = false")
        .build()
        .ok();
    assert!(b.read("/et/search/").contains("Minu otsing."));
    assert!(b.read("/et/juhend/print/").contains("Kaks"));
}

// 6. Missing translations.

#[test]
fn untranslated_pages_are_reported() {
    let b = handbook().build().ok();
    let mut got: Vec<(String, String, String)> = b
        .report
        .untranslated
        .iter()
        .map(|u| {
            (
                u.path.clone(),
                u.lang.clone(),
                u.source.to_string_lossy().into_owned(),
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            (
                "handbook/only".to_string(),
                "ru".to_string(),
                "content/handbook/only.et.md".to_string()
            ),
            (
                "handbook/sub".to_string(),
                "ru".to_string(),
                "content/handbook/sub/_index.et.md".to_string()
            ),
            (
                "handbook/sub/deep".to_string(),
                "ru".to_string(),
                "content/handbook/sub/deep.et.md".to_string()
            ),
        ]
    );
}

#[test]
fn fallback_publishes_the_original_with_a_notice() {
    let b = handbook().missing("fallback").build().ok();
    let p = b.html("/ru/handbook/only/");
    let article = p.one("article.content");
    assert_eq!(article.value().attr("lang"), Some("et"));
    let notice = p.one(".notice-untranslated");
    assert_eq!(notice.value().attr("lang"), Some("ru"));
    assert!(text(notice).contains("не переведена"));
    assert_eq!(p.text("h1"), "Ainult eesti keeles");
    // The Russian sidebar lists it, marked as Estonian text.
    let ru_section = b.html("/ru/handbook/");
    let item = ru_section.one("nav.sidebar a[href=\"/ru/handbook/only/\"]");
    assert_eq!(item.value().attr("lang"), Some("et"));
    // Translated pages carry no notice.
    assert!(!b.html("/ru/handbook/intro/").has(".notice-untranslated"));
    assert_eq!(
        b.report.pages,
        vec![("et".to_string(), 6, 0), ("ru".to_string(), 6, 3),]
    );
}

#[test]
fn omit_leaves_untranslated_pages_out() {
    let b = handbook().missing("omit").build().ok();
    assert!(!b.exists("/ru/handbook/only/"));
    assert!(!b.exists("/ru/handbook/sub/"));
    assert!(!b.exists("/ru/handbook/sub/deep/"));
    assert!(b.exists("/et/handbook/only/"));
    let ru = b.html("/ru/handbook/");
    let sidebar = ru.hrefs("nav.sidebar a");
    assert!(
        sidebar.contains(&"/ru/handbook/intro/".to_string()),
        "{sidebar:?}"
    );
    assert!(
        sidebar
            .iter()
            .all(|h| !h.contains("only") && !h.contains("sub")),
        "{sidebar:?}"
    );
    let children = ru.hrefs("section.children a");
    assert_eq!(children, vec!["/ru/handbook/intro/"]);
    // Still reported, so translators know.
    assert!(b
        .report
        .untranslated
        .iter()
        .any(|u| u.path == "handbook/only" && u.lang == "ru"));
    // The sitemap has no Russian URL for it.
    assert!(!b.read("sitemap.xml").contains("/ru/handbook/only/"));
}

// 7. Ordering.

fn sidebar_titles(p: &Page) -> Vec<String> {
    p.all("nav.sidebar > ul > li > a")
        .into_iter()
        .map(|a| text(a).trim().to_string())
        .collect()
}

#[test]
fn estonian_order_by_weight_then_alphabet() {
    let mut f = Fixture::new();
    for (file, title) in [
        ("sokk", "Šokk"),
        ("zoo", "Zoo"),
        ("tee", "Tee"),
        ("sai", "Sai"),
        ("oun", "Õun"),
        ("ara", "Ära"),
    ] {
        f.set(
            &format!("content/{file}.et.md"),
            &md(title, "weight = 5", "Tekst.\n"),
        );
    }
    f.set("content/esimene.et.md", &md("Üks", "weight = 1", "x\n"));
    f.set("content/viimane.et.md", &md("Aabits", "weight = 9", "x\n"));
    let b = f.build().ok();
    let expected = ["Üks", "Sai", "Šokk", "Zoo", "Tee", "Õun", "Ära", "Aabits"];
    assert_eq!(sidebar_titles(&b.html("/et/")), expected);
    // The section's list of children and prev/next follow the same order.
    let children: Vec<String> = b
        .html("/et/")
        .all("section.children a")
        .into_iter()
        .map(|a| text(a))
        .collect();
    assert_eq!(children, expected);
    let zoo = b.html("/et/zoo/");
    assert_eq!(zoo.attr("a[rel=prev]", "href"), "/et/sokk/");
    assert_eq!(zoo.attr("a[rel=next]", "href"), "/et/tee/");
}

#[test]
fn russian_yo_sorts_after_ye() {
    let mut f = Fixture::new();
    for (file, title) in [
        ("zhuk", "Жук"),
        ("yozh", "Ёж"),
        ("el", "Ель"),
        ("dom", "Дом"),
    ] {
        f.set(&format!("content/{file}.ru.md"), &md(title, "", "Текст.\n"));
    }
    let b = f.missing("omit").build().ok();
    assert_eq!(sidebar_titles(&b.html("/ru/")), ["Дом", "Ель", "Ёж", "Жук"]);
}

// 12. Dates.

#[test]
fn dates_are_written_the_way_each_language_writes_them() {
    let b = Fixture::new()
        .file(
            "content/uudis.et.md",
            &md("Uudis", "date = 2026-11-22", "Tekst.\n"),
        )
        .file(
            "content/uudis.ru.md",
            &md("Новость", "date = 2026-11-22", "Текст.\n"),
        )
        .build()
        .ok();
    let et = b.html("/et/uudis/");
    assert_eq!(et.text("time"), "22. november 2026");
    assert_eq!(et.attr("time", "datetime"), "2026-11-22");
    let ru = b.html("/ru/uudis/");
    assert_eq!(ru.text("time"), "22 ноября 2026");
    assert_eq!(ru.attr("time", "datetime"), "2026-11-22");
}

// 13. Quotation marks.

#[test]
fn quotes_follow_the_page_language() {
    let b = Fixture::new()
        .file(
            "content/jutt.et.md",
            &md("Jutt", "", "Ta ütles \"tere\" ja läks.\n"),
        )
        .file(
            "content/jutt.ru.md",
            &md(
                "Рассказ",
                "",
                "Он сказал \"tere\" и ушёл.\n\nОн начал \"и не закончил.\n\nОна ответила \"да\".\n",
            ),
        )
        .build()
        .ok();
    let et = b.html("/et/jutt/");
    let et_body = et.text("article.content p:not(.byline)");
    assert!(et_body.contains("„tere“"), "{et_body}");
    let ru = b.html("/ru/jutt/");
    let paras: Vec<String> = ru
        .all("article.content > p")
        .into_iter()
        .map(text)
        .collect();
    assert!(paras.iter().any(|p| p.contains("«tere»")), "{paras:?}");
    assert!(
        paras.iter().any(|p| p.contains("ответила «да»")),
        "an unclosed quote does not leak into the next paragraph: {paras:?}"
    );
}

// A third language is configuration only.

#[test]
fn a_third_language_is_a_config_change() {
    let b = Fixture::new()
        .file("content/_index.fi.md", &md("Etusivu", "", "Hei!\n"))
        .file("content/a.et.md", &md("A", "", "Tekst.\n"))
        .file(
            "content/a.fi.md",
            &md("A fi", "date = 2026-11-22", "Teksti.\n"),
        );
    // Append a Finnish language table after the two default ones. raamat has
    // no built-in Finnish locale data, so the table gives all of them.
    let root = b.write();
    let mut config = std::fs::read_to_string(root.join("raamat.toml")).unwrap();
    config.push_str(
        "\n[[languages]]\ncode = \"fi\"\nname = \"Suomi\"\ntitle = \"Testisivu\"\nalphabet = \"a b c d e f g h i j k l m n o p q r s š z ž t u v w x y å ä ö\"\nmonths = [\"tammikuuta\", \"helmikuuta\", \"maaliskuuta\", \"huhtikuuta\", \"toukokuuta\", \"kesäkuuta\", \"heinäkuuta\", \"elokuuta\", \"syyskuuta\", \"lokakuuta\", \"marraskuuta\", \"joulukuuta\"]\ndate_format = \"{day}. {month} {year}\"\nquotes = [\"”\", \"”\"]\ndecimal_separator = \",\"\n",
    );
    std::fs::write(root.join("raamat.toml"), config).unwrap();
    let out = b.tmp().join("fi-out");
    let report = raamat::build(&raamat::BuildOptions {
        root,
        out: Some(out.clone()),
        drafts: false,
        preview: false,
    })
    .unwrap();
    assert_eq!(report.errors(), 0, "{:#?}", report.diagnostics);
    // No i18n/fi.toml: reported, and the default language's strings fill in.
    assert!(report
        .diagnostics
        .iter()
        .any(|d| d.message.contains("no UI strings for language `fi`")));
    let home = std::fs::read_to_string(out.join("fi/index.html")).unwrap();
    assert!(home.contains("<html lang=\"fi\">"));
    assert!(
        home.contains("Liigu sisu juurde"),
        "skip link text from the default language"
    );
    let page = std::fs::read_to_string(out.join("fi/a/index.html")).unwrap();
    assert!(
        page.contains("22. marraskuuta 2026"),
        "dates use the Finnish months"
    );
    assert!(page.contains("hreflang=\"fi\"") && page.contains("hreflang=\"et\""));
    assert!(
        out.join("ru/a/index.html").is_file(),
        "ru gets the fallback page"
    );
}

#[test]
fn an_empty_slug_is_an_error_at_its_line() {
    let text = md("Hindamine", "slug = \"\"", "Tekst.\n");
    let b = Fixture::new()
        .file("content/hindamine.et.md", &text)
        .build();
    let errors = b.errors();
    assert_eq!(errors.len(), 1, "{}", b.diagnostics());
    assert_eq!(
        (errors[0].file.to_str().unwrap(), errors[0].line),
        ("content/hindamine.et.md", line_of(&text, "slug"))
    );
    assert!(
        errors[0].message.starts_with("slug = \"\""),
        "{}",
        errors[0].message
    );
}
