//! What reaches an LMS is always well-formed, and odd course input gets one
//! clear error instead of a panic or a cascade of follow-up errors.

mod common;
use common::*;
use std::io::Read;

const COURSE_TOML: &str = "id = \"k\"\nversion = \"1.0\"\ncompletion = \"pass-test\"\n\n[title]\net = \"Kursus\"\nru = \"Курс\"\n";

fn module(title: &str, test: bool, body: &str) -> String {
    md(title, if test { "test = true" } else { "" }, body)
}

const Q_ET: &str = "### ? Kes? {#q-kes}\n\n- [x] Mina\n- [ ] Sina\n";
const Q_RU: &str = "### ? Кто? {#q-kes}\n\n- [x] Я\n- [ ] Ты\n";

fn course(toml: &str) -> Fixture {
    Fixture::new()
        .file("courses/k/course.toml", toml)
        .file(
            "courses/k/01-algus.et.md",
            &module("Algus", false, "Tekst.\n"),
        )
        .file(
            "courses/k/01-algus.ru.md",
            &module("Начало", false, "Текст.\n"),
        )
        .file("courses/k/02-test.et.md", &module("Test", true, Q_ET))
        .file("courses/k/02-test.ru.md", &module("Тест", true, Q_RU))
}

fn zip_file(path: &std::path::Path, name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut f = archive.by_name(name).unwrap();
    let mut s = String::new();
    f.read_to_string(&mut s).unwrap();
    s
}

#[test]
fn control_characters_never_reach_the_manifest() {
    let toml = COURSE_TOML.replace("et = \"Kursus\"", "et = \"Kur\u{7}sus\u{1b}\"");
    let built = course(&toml).build().ok();
    let warning = built
        .warnings()
        .into_iter()
        .find(|d| d.message.contains("control character"))
        .unwrap_or_else(|| panic!("{}", built.diagnostics()));
    assert_eq!(warning.file, std::path::Path::new("courses/k/course.toml"));
    assert_eq!(warning.line, 6);
    for version in ["scorm12", "scorm2004"] {
        let manifest = zip_file(
            &built.out.join(format!("courses/k/k-et-{version}.zip")),
            "imsmanifest.xml",
        );
        assert!(manifest.contains(">Kursus<"), "{manifest}");
        assert!(
            !manifest.chars().any(raamat::escape::is_forbidden_in_xml),
            "{version}"
        );
    }
    let sitemap = std::fs::read_to_string(built.out.join("sitemap.xml")).unwrap();
    assert!(!sitemap.chars().any(raamat::escape::is_forbidden_in_xml));
}

#[test]
fn manifest_file_hrefs_are_percent_encoded() {
    let f = course(COURSE_TOML)
        .file(
            "courses/k/media/skeem ä&1.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        )
        .file(
            "courses/k/01-algus.et.md",
            &module("Algus", false, "![Skeem](<media/skeem ä&1.svg>)\n"),
        )
        .file(
            "courses/k/01-algus.ru.md",
            &module("Начало", false, "![Схема](<media/skeem ä&1.svg>)\n"),
        );
    let built = f.build().ok();
    let manifest = zip_file(
        &built.out.join("courses/k/k-et-scorm2004.zip"),
        "imsmanifest.xml",
    );
    assert!(
        manifest.contains("<file href=\"media/skeem%20%C3%A4%261.svg\"/>"),
        "{manifest}"
    );
}

#[test]
fn author_text_cannot_break_out_of_the_course_data_script() {
    // Titles go into the course data (module list) as text.
    let title = "Test <!--<script> </script><script>alert(1)</script>";
    let built = course(COURSE_TOML)
        .file("courses/k/02-test.et.md", &module(title, true, Q_ET))
        .build()
        .ok();
    let index = zip_file(&built.out.join("courses/k/k-et-scorm12.zip"), "index.html");
    let start = index.find("id=\"raamat-course-data\">").unwrap();
    let rest = &index[start..];
    let script = &rest[rest.find('>').unwrap() + 1..rest.find("</script>").unwrap()];
    assert!(!script.contains('<'), "{script}");
    let data: serde_json::Value = serde_json::from_str(script).unwrap();
    assert!(
        data["modules"][1]["title"].as_str() == Some(title),
        "the text itself is kept: {data}"
    );
}

#[test]
fn a_huge_fill_max_length_is_an_error_not_an_overflow() {
    let toml = COURSE_TOML.replace(
        "completion = \"pass-test\"\n",
        "completion = \"pass-test\"\nfill_max_length = 9223372036854775807\n",
    );
    let built = course(&toml).build();
    let e = built
        .errors()
        .into_iter()
        .find(|d| d.message.contains("fill_max_length"))
        .unwrap_or_else(|| panic!("{}", built.diagnostics()));
    assert_eq!(e.line, 4);
    assert!(e.message.contains("from 1 to 250"));
}

#[test]
fn raw_html_in_modules_can_be_refused() {
    let body = "Tekst.\n\n<iframe src=\"https://example.org\"></iframe>\n";
    let allowed = course(COURSE_TOML)
        .file("courses/k/01-algus.et.md", &module("Algus", false, body))
        .build()
        .ok();
    assert!(allowed.report.succeeded(), "raw HTML is allowed by default");
    let refused = course(COURSE_TOML)
        .config("course_raw_html = false")
        .file("courses/k/01-algus.et.md", &module("Algus", false, body))
        .build();
    let errors = refused.errors();
    assert_eq!(errors.len(), 1, "{}", refused.diagnostics());
    assert_eq!(
        (errors[0].file.to_str().unwrap(), errors[0].line),
        ("courses/k/01-algus.et.md", 6)
    );
    assert!(errors[0].message.contains("raw HTML"));
}

#[test]
fn one_broken_test_question_is_one_error() {
    let broken = "### ? Kes? {#q-kes}\n\n- [ ] Mina\n- [ ] Sina\n";
    let built = course(COURSE_TOML)
        .file("courses/k/02-test.et.md", &module("Test", true, broken))
        .build();
    let errors = built.errors();
    assert_eq!(errors.len(), 1, "{}", built.diagnostics());
    assert_eq!(
        errors[0].file,
        std::path::Path::new("courses/k/02-test.et.md")
    );
    assert!(!built.diagnostics().contains("no module has test = true"));
}

#[test]
fn a_heading_inside_question_feedback_does_not_crash() {
    let q = "### ? Kes? {#q-kes}\n\n- [x] Mina\n- [ ] Sina\n\n> [!CORRECT]\n> #### Hästi\n> Õige.\n\n## Kokkuvõte\n\nLõpp.\n";
    let qr = "### ? Кто? {#q-kes}\n\n- [x] Я\n- [ ] Ты\n\n> [!CORRECT]\n> #### Хорошо\n> Верно.\n\n## Итог\n\nКонец.\n";
    let built = course(COURSE_TOML)
        .file("courses/k/02-test.et.md", &module("Test", true, q))
        .file("courses/k/02-test.ru.md", &module("Тест", true, qr))
        .build()
        .ok();
    let page = built.read("/et/courses/k/02-test/");
    assert!(
        page.contains("id=\"kokkuvote\""),
        "the later heading keeps its id"
    );
}

#[test]
fn a_final_test_marked_in_one_language_only_is_an_error_at_the_other_file() {
    // Without test = true the Russian package would show the test as an
    // ordinary module: no way to submit it, so no way to complete the course.
    let built = course(COURSE_TOML)
        .file("courses/k/02-test.ru.md", &module("Тест", false, Q_RU))
        .build();
    let errors = built.errors();
    assert_eq!(errors.len(), 1, "{}", built.diagnostics());
    assert_eq!(
        (errors[0].file.to_str().unwrap(), errors[0].line),
        ("courses/k/02-test.ru.md", 1)
    );
    assert!(
        errors[0].message.contains("courses/k/02-test.et.md:3")
            && errors[0].message.contains("`ru`"),
        "{}",
        errors[0].message
    );
    assert!(!built.out.join("courses/k/k-ru-scorm12.zip").exists());
}

#[test]
fn two_final_tests_name_both_modules_at_the_second_ones_line() {
    let toml = format!("{COURSE_TOML}\n[[pools]]\nid = \"p\"\ndraw = 1\n");
    let q_et = "### ? Kes? {#q-kes pool=p}\n\n- [x] Mina\n- [ ] Sina\n";
    let q_ru = "### ? Кто? {#q-kes pool=p}\n\n- [x] Я\n- [ ] Ты\n";
    let built = course(&toml)
        .file(
            "courses/k/01-algus.et.md",
            &module("Algus", true, "Tekst.\n"),
        )
        .file(
            "courses/k/01-algus.ru.md",
            &module("Начало", true, "Текст.\n"),
        )
        .file("courses/k/02-test.et.md", &module("Test", true, q_et))
        .file("courses/k/02-test.ru.md", &module("Тест", true, q_ru))
        .build();
    let errors = built.errors();
    assert_eq!(errors.len(), 1, "{}", built.diagnostics());
    assert_eq!(
        (errors[0].file.to_str().unwrap(), errors[0].line),
        ("courses/k/02-test.et.md", 3)
    );
    assert!(
        errors[0].message.contains("`02-test`") && errors[0].message.contains("`01-algus`"),
        "{}",
        errors[0].message
    );
}

#[test]
fn a_setting_written_below_title_is_an_error_not_ignored() {
    // TOML puts `failed_status` in [title]: the packages would keep the
    // setting the author meant to change.
    let toml = format!("{COURSE_TOML}failed_status = \"incomplete\"\n");
    let built = course(&toml).build();
    let errors = built.errors();
    assert_eq!(errors.len(), 1, "{}", built.diagnostics());
    assert_eq!(
        (errors[0].file.to_str().unwrap(), errors[0].line),
        ("courses/k/course.toml", 8)
    );
    assert!(errors[0].message.contains("`failed_status` under [title]"));
    let hint = errors[0].hint.as_deref().unwrap_or_default();
    assert!(hint.contains("move the setting above"), "{hint}");
}

#[test]
fn a_mistyped_language_under_title_gets_a_guess_and_the_missing_title_its_line() {
    let toml = COURSE_TOML.replace("ru = \"Курс\"", "rus = \"Курс\"");
    let built = course(&toml).build();
    let errors = built.errors();
    assert_eq!(errors.len(), 2, "{}", built.diagnostics());
    let typo = errors.iter().find(|d| d.message.contains("`rus`")).unwrap();
    assert_eq!(typo.line, 7);
    assert!(typo
        .hint
        .as_deref()
        .unwrap_or_default()
        .starts_with("did you mean ru?"));
    let missing = errors
        .iter()
        .find(|d| d.message.contains("no title in `ru`"))
        .unwrap();
    assert_eq!(missing.line, 5, "the [title] line");
}

#[test]
fn a_setting_written_below_pools_says_where_it_is() {
    let toml = format!("{COURSE_TOML}\n[[pools]]\nid = \"p\"\ndraw = 1\nmax_attempts = 2\n");
    let built = course(&toml).build();
    let errors = built.errors();
    assert_eq!(errors.len(), 1, "{}", built.diagnostics());
    assert_eq!(errors[0].line, 12);
    let hint = errors[0].hint.as_deref().unwrap_or_default();
    assert!(
        hint.contains("in [pools]") && hint.contains("move the setting above"),
        "{hint}"
    );
    let toml = format!("{COURSE_TOML}\n[[pools]]\nid = \"p\"\ndrw = 1\n");
    let built = course(&toml).build();
    let hint = built.errors()[0].hint.clone().unwrap_or_default();
    assert!(hint.starts_with("did you mean draw?"), "{hint}");
}

#[test]
fn a_module_that_is_a_draft_in_one_language_is_an_error_at_its_draft_line() {
    let built = course(COURSE_TOML)
        .file(
            "courses/k/01-algus.ru.md",
            &md("Начало", "draft = true", "Текст.\n"),
        )
        .build();
    let errors = built.errors();
    assert_eq!(errors.len(), 1, "{}", built.diagnostics());
    assert_eq!(
        (errors[0].file.to_str().unwrap(), errors[0].line),
        ("courses/k/01-algus.ru.md", 3)
    );
    assert!(
        errors[0].message.contains("a draft in `ru` only"),
        "{}",
        errors[0].message
    );
}

#[test]
fn a_question_id_mistyped_in_one_language_is_found_at_its_line_with_a_guess() {
    let built = course(COURSE_TOML)
        .file(
            "courses/k/02-test.ru.md",
            &module("Тест", true, &Q_RU.replace("q-kes", "q-kess")),
        )
        .build();
    let errors = built.errors();
    assert_eq!(errors.len(), 1, "{}", built.diagnostics());
    assert_eq!(
        (errors[0].file.to_str().unwrap(), errors[0].line),
        ("courses/k/02-test.ru.md", 5)
    );
    let hint = errors[0].hint.as_deref().unwrap_or_default();
    assert!(hint.starts_with("did you mean q-kes?"), "{hint}");
}

#[test]
fn a_mistyped_pool_gets_a_guess() {
    let toml = format!("{COURSE_TOML}\n[[pools]]\nid = \"riskid\"\ndraw = 1\n");
    let built = course(&toml)
        .file(
            "courses/k/02-test.et.md",
            &module(
                "Test",
                true,
                &Q_ET.replace("{#q-kes}", "{#q-kes pool=riskd}"),
            ),
        )
        .file(
            "courses/k/02-test.ru.md",
            &module(
                "Тест",
                true,
                &Q_RU.replace("{#q-kes}", "{#q-kes pool=riskd}"),
            ),
        )
        .build();
    let undefined: Vec<_> = built
        .errors()
        .into_iter()
        .filter(|d| d.message.contains("pool `riskd` is not defined"))
        .map(|d| d.hint.clone().unwrap_or_default())
        .collect();
    assert_eq!(undefined.len(), 2, "{}", built.diagnostics());
    assert!(
        undefined.iter().all(|h| h == "did you mean pool=riskid?"),
        "{undefined:?}"
    );
}

#[test]
fn a_percent_encoded_media_path_finds_the_course_file() {
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
    let built = course(COURSE_TOML)
        .file("courses/k/media/minu pilt.svg", svg)
        .file(
            "courses/k/01-algus.et.md",
            &module("Algus", false, "![Pilt](media/minu%20pilt.svg)\n"),
        )
        .file(
            "courses/k/01-algus.ru.md",
            &module("Начало", false, "![Рисунок](media/minu%20pilt.svg)\n"),
        )
        .build()
        .ok();
    let page = zip_file(&built.out.join("courses/k/k-et-scorm12.zip"), "index.html");
    assert!(page.contains("src=\"media/minu%20pilt.svg\""), "{page}");
    assert_eq!(
        zip_file(
            &built.out.join("courses/k/k-et-scorm12.zip"),
            "media/minu pilt.svg"
        ),
        svg
    );
}

#[test]
fn a_modules_duplicate_fixed_id_and_undefined_footnote_are_errors_at_their_lines() {
    let body = "## Üks {#sama}\n\nTekst.[^puudub]\n\n## Kaks {#sama}\n";
    let text = module("Algus", false, body);
    let built = course(COURSE_TOML)
        .file("courses/k/01-algus.et.md", &text)
        .build();
    let mut found: Vec<(usize, bool)> = built
        .errors()
        .into_iter()
        .map(|d| (d.line, d.file.ends_with("01-algus.et.md")))
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            (line_of(&text, "[^puudub]"), true),
            (line_of(&text, "Kaks"), true)
        ],
        "{}",
        built.diagnostics()
    );
}

#[test]
fn a_module_file_in_an_unknown_language_gets_a_guess() {
    let built = course(COURSE_TOML)
        .file(
            "courses/k/03-lisa.ee.md",
            &module("Lisa", false, "Tekst.\n"),
        )
        .build();
    let error = built
        .errors()
        .into_iter()
        .find(|d| d.message.contains("`ee` is not a configured language"))
        .unwrap_or_else(|| panic!("{}", built.diagnostics()));
    assert_eq!(
        error.hint.as_deref(),
        Some("did you mean et? the site's languages are et, ru")
    );
}

#[test]
fn a_number_or_flag_written_below_title_says_where_it_is() {
    for setting in ["pass_mark = 70", "shuffle_questions = true"] {
        let toml = format!("{COURSE_TOML}{setting}\n");
        let built = course(&toml).build();
        let errors = built.errors();
        assert_eq!(errors.len(), 1, "{}", built.diagnostics());
        assert_eq!(errors[0].line, 8, "{setting}");
        let hint = errors[0].hint.as_deref().unwrap_or_default();
        assert!(hint.contains("move the setting above"), "{setting}: {hint}");
    }
}

#[test]
fn questions_in_another_order_get_no_guess() {
    let two_et = format!("{Q_ET}\n### ? Mis? {{#q-mis}}\n\n- [x] See\n- [ ] Too\n");
    let two_ru = format!("### ? Что? {{#q-mis}}\n\n- [x] Это\n- [ ] То\n\n{Q_RU}");
    let built = course(COURSE_TOML)
        .file("courses/k/02-test.et.md", &module("Test", true, &two_et))
        .file("courses/k/02-test.ru.md", &module("Тест", true, &two_ru))
        .build();
    let hint = built.errors()[0].hint.clone().unwrap_or_default();
    assert!(!hint.contains("did you mean"), "{hint}");
}

#[test]
fn a_percent_encoded_link_to_another_module_stays_in_the_package() {
    let built = course(COURSE_TOML)
        .file(
            "courses/k/01-algus.et.md",
            &module("Algus", false, "[Test](02-t%65st.md)\n"),
        )
        .build()
        .ok();
    let page = zip_file(&built.out.join("courses/k/k-et-scorm12.zip"), "index.html");
    assert!(page.contains("<a href=\"#m-02-test\">Test</a>"), "{page}");
}
