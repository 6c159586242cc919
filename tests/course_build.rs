//! Courses: packages written by `raamat build`, their manifests and contents,
//! the website's course pages, and the build errors authors get.

mod common;

use common::{line_of, md, Fixture};
use raamat::diagnostics::Severity;
use std::collections::BTreeSet;
use std::io::Read;

const COURSE_TOML: &str = r#"id = "kursus"
version = "2.1.0"
languages = ["et", "ru"]
completion = "all-pages-and-pass-test"
pass_mark = 75
max_attempts = 2
shuffle_questions = true
shuffle_options = true

[title]
et = "Proovikursus"
ru = "Пробный курс"

[description]
et = "Kursus testideks."
ru = "Курс для тестов."

[[pools]]
id = "p"
draw = 1
"#;

fn module(title: &str, extra: &str, body: &str) -> String {
    md(title, extra, body)
}

const M1_ET: &str = "## Algus\n\nVaata [järgmist moodulit](02-test.md) ja [käsiraamatut](@/about.md).\n\n![Skeem](media/skeem.svg)\n\n### ? Kes koordineerib? {#q-kes}\n\n- [ ] Arst\n  > Ei.\n- [x] Juhtumikorraldaja\n\n> [!CORRECT]\n> Jah.\n\n> [!INCORRECT]\n> Ei.\n";
const M1_RU: &str = "## Начало\n\nСм. [следующий модуль](02-test.md) и [страницу](@/about.md).\n\n![Схема](media/skeem.svg)\n\n### ? Кто координирует? {#q-kes}\n\n- [ ] Врач\n  > Нет.\n- [x] Координатор\n\n> [!CORRECT]\n> Да.\n\n> [!INCORRECT]\n> Нет.\n";
const TEST_ET: &str = "### ? Mitu? ___ {#t-mitu .fill}\n\n- [x] kaks\n- [x] 2\n\n### ? Järjesta {#t-jrk .ordering}\n\n1. esimene\n2. teine\n\n### ? Õige? {#t-tf .truefalse pool=p}\n\n- [x] Õige\n- [ ] Vale\n\n### ? Vali {#t-valik pool=p}\n\n- [x] a\n- [ ] b\n";
const TEST_RU: &str = "### ? Сколько? ___ {#t-mitu .fill}\n\n- [x] два\n- [x] 2\n\n### ? Порядок {#t-jrk .ordering}\n\n1. первый\n2. второй\n\n### ? Верно? {#t-tf .truefalse pool=p}\n\n- [x] Верно\n- [ ] Неверно\n\n### ? Выбор {#t-valik pool=p}\n\n- [x] а\n- [ ] б\n";

fn course_fixture() -> Fixture {
    Fixture::new()
        .file("content/about.et.md", &md("Meist", "", "Tekst.\n"))
        .file("content/about.ru.md", &md("О нас", "", "Текст.\n"))
        .file("courses/kursus/course.toml", COURSE_TOML)
        .file("courses/kursus/01-algus.et.md", &module("Algus", "", M1_ET))
        .file(
            "courses/kursus/01-algus.ru.md",
            &module("Начало", "", M1_RU),
        )
        .file(
            "courses/kursus/02-test.et.md",
            &module("Lõpptest", "test = true", TEST_ET),
        )
        .file(
            "courses/kursus/02-test.ru.md",
            &module("Итоговый тест", "test = true", TEST_RU),
        )
        .file(
            "courses/kursus/media/skeem.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>Skeem</title></svg>",
        )
}

fn unzip(path: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut archive = zip::ZipArchive::new(file).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().to_string(), bytes)
        })
        .collect()
}

fn text_of(files: &[(String, Vec<u8>)], name: &str) -> String {
    let (_, bytes) = files
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{name} not in zip"));
    String::from_utf8(bytes.clone()).unwrap()
}

/// `href` attributes of `<file>` elements in a manifest.
fn manifest_files(xml: &str) -> BTreeSet<String> {
    xml.split("<file href=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .collect()
}

#[test]
fn build_writes_both_scorm_versions_per_language() {
    let built = course_fixture().build();
    assert!(built.report.succeeded(), "{:#?}", built.report.diagnostics);
    let dir = built.out.join("courses/kursus");
    for name in [
        "kursus-et-scorm12.zip",
        "kursus-et-scorm2004.zip",
        "kursus-ru-scorm12.zip",
        "kursus-ru-scorm2004.zip",
    ] {
        assert!(dir.join(name).is_file(), "{name} missing");
    }
    assert_eq!(built.report.packages.len(), 4);
}

#[test]
fn every_zipped_file_is_in_the_manifest_and_back() {
    let built = course_fixture().build();
    for version in ["scorm12", "scorm2004"] {
        let files = unzip(
            &built
                .out
                .join(format!("courses/kursus/kursus-et-{version}.zip")),
        );
        assert_eq!(
            files[0].0, "imsmanifest.xml",
            "manifest is the first entry at the root"
        );
        let manifest = text_of(&files, "imsmanifest.xml");
        let listed = manifest_files(&manifest);
        let zipped: BTreeSet<String> = files
            .iter()
            .map(|(n, _)| n.clone())
            .filter(|n| n != "imsmanifest.xml")
            .collect();
        assert_eq!(listed, zipped, "{version}: manifest and zip disagree");
        for needed in [
            "index.html",
            "theme/course.js",
            "theme/course.css",
            "media/skeem.svg",
        ] {
            assert!(zipped.contains(needed), "{version}: {needed} not packaged");
        }
    }
}

#[test]
fn manifests_carry_grading_and_metadata() {
    let built = course_fixture().build();
    let m12 = text_of(
        &unzip(&built.out.join("courses/kursus/kursus-ru-scorm12.zip")),
        "imsmanifest.xml",
    );
    assert!(m12.contains("<schemaversion>1.2</schemaversion>"));
    assert!(m12.contains("<adlcp:masteryscore>75</adlcp:masteryscore>"));
    assert!(m12.contains("adlcp:scormtype=\"sco\""));
    assert!(m12.contains("<imsmd:language>ru</imsmd:language>"));
    assert!(m12.contains("Пробный курс"));
    assert!(m12.contains("version=\"2.1.0\""));
    let m04 = text_of(
        &unzip(&built.out.join("courses/kursus/kursus-et-scorm2004.zip")),
        "imsmanifest.xml",
    );
    assert!(m04.contains("<schemaversion>2004 4th Edition</schemaversion>"));
    assert!(m04.contains("adlcp:scormType=\"sco\""));
    assert!(m04.contains("completionSetByContent=\"true\""));
    assert!(m04.contains("objectiveSetByContent=\"true\""));
    assert!(m04.contains("<imsss:minNormalizedMeasure>0.75</imsss:minNormalizedMeasure>"));
    assert!(m04.contains("Proovikursus"));
}

#[test]
fn package_page_links_stay_inside_the_package() {
    let built = course_fixture().build();
    let files = unzip(&built.out.join("courses/kursus/kursus-et-scorm12.zip"));
    let html = text_of(&files, "index.html");
    assert!(html.contains("data-mode=\"scorm12\""));
    assert!(
        html.contains("href=\"#m-02-test\""),
        "module links become in-page anchors"
    );
    assert!(
        html.contains("href=\"https://juhend.example.ee/et/meist/\"")
            || html.contains("href=\"https://juhend.example.ee/et/about/\""),
        "site links become absolute URLs"
    );
    assert!(html.contains("src=\"media/skeem.svg\""));
    assert!(html.contains("data-question=\"q-kes\""));
    assert!(
        !html.contains("http://") && !html.contains("src=\"https://"),
        "no resource from another host"
    );
}

#[test]
fn packages_are_reproducible() {
    let fixture = course_fixture();
    let a = fixture.build_to(&fixture.tmp().join("a"));
    let b = fixture.build_to(&fixture.tmp().join("b"));
    for name in ["kursus-et-scorm12.zip", "kursus-ru-scorm2004.zip"] {
        let pa = std::fs::read(a.out.join("courses/kursus").join(name)).unwrap();
        let pb = std::fs::read(b.out.join("courses/kursus").join(name)).unwrap();
        assert!(pa == pb, "{name} differs between two builds");
    }
}

/// The course JSON in a package's index.html.
fn course_json(zip: &std::path::Path) -> serde_json::Value {
    let html = text_of(&unzip(zip), "index.html");
    let json = html
        .split("id=\"raamat-course-data\">")
        .nth(1)
        .unwrap()
        .split("</script>")
        .next()
        .unwrap();
    serde_json::from_str(json).unwrap()
}

#[test]
fn fill_in_answers_are_taken_as_typed_and_equivalences_reach_the_runtime() {
    // Smart punctuation is on for course text, but a learner types ' and -- and "…".
    let test = "### ? Kus? ___ {#t-kus .fill}\n\n- [x] Facebook'i lehel\n- [x] \"Tugiisik\" -- teenus\n- [x] `kood` \\*tärn\n\n### ? Vali {#t-valik}\n\n- [x] a\n- [ ] b\n";
    let toml = COURSE_TOML
        .replace("[[pools]]\nid = \"p\"\ndraw = 1\n", "")
        .replace("[title]", "fill_equivalents = [[\"ё\", \"е\"]]\n\n[title]");
    let built = Fixture::new()
        .file("content/about.et.md", &md("Meist", "", "Tekst.\n"))
        .file(
            "courses/kursus/course.toml",
            &toml.replace("languages = [\"et\", \"ru\"]", "languages = [\"et\"]"),
        )
        .file(
            "courses/kursus/01-algus.et.md",
            &module("Algus", "", "Tekst.\n"),
        )
        .file(
            "courses/kursus/02-test.et.md",
            &module("Lõpptest", "test = true", test),
        )
        .build()
        .ok();
    let data = course_json(&built.out.join("courses/kursus/kursus-et-scorm12.zip"));
    assert_eq!(
        data["questions"][0]["accepted"],
        serde_json::json!(["Facebook'i lehel", "\"Tugiisik\" -- teenus", "kood *tärn"])
    );
    assert_eq!(data["fillEquivalents"], serde_json::json!([["ё", "е"]]));
}

#[test]
fn course_data_describes_questions_and_pools() {
    let built = course_fixture().build();
    let data = course_json(&built.out.join("courses/kursus/kursus-et-scorm2004.zip"));
    assert_eq!(data["passMark"], 75.0);
    assert_eq!(data["maxAttempts"], 2);
    let ids: Vec<&str> = data["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["q-kes", "t-mitu", "t-jrk", "t-tf", "t-valik"]);
    assert_eq!(data["questions"][0]["correct"], serde_json::json!(["b"]));
    assert_eq!(
        data["questions"][1]["accepted"],
        serde_json::json!(["kaks", "2"])
    );
    assert_eq!(data["questions"][3]["correct"], serde_json::json!(["true"]));
    assert_eq!(
        data["test"]["questions"],
        serde_json::json!(["t-mitu", "t-jrk"])
    );
    assert_eq!(data["test"]["pools"][0]["draw"], 1);
    assert_eq!(
        data["test"]["pools"][0]["questions"],
        serde_json::json!(["t-tf", "t-valik"])
    );
}

#[test]
fn website_has_course_and_module_pages_with_downloads() {
    let built = course_fixture().build();
    let overview = std::fs::read_to_string(built.out.join("et/courses/kursus/index.html")).unwrap();
    assert!(overview.contains("/courses/kursus/kursus-et-scorm12.zip"));
    assert!(overview.contains("/courses/kursus/kursus-ru-scorm2004.zip"));
    assert!(overview.contains("kB"), "package sizes are shown");
    assert!(overview.contains("75\u{a0}%"));
    let module =
        std::fs::read_to_string(built.out.join("ru/courses/kursus/01-algus/index.html")).unwrap();
    assert!(module.contains("data-mode=\"site\""));
    assert!(
        module.contains("href=\"/ru/courses/kursus/02-test/\""),
        "module links go to module pages"
    );
    assert!(module.contains("src=\"/courses/kursus/media/skeem.svg\""));
    assert!(built.out.join("courses/kursus/media/skeem.svg").is_file());
}

#[test]
fn package_languages_all_makes_one_package_holding_every_language() {
    let toml = COURSE_TOML.replace("[title]", "package_languages = \"all\"\n\n[title]");
    let built = course_fixture()
        .file("courses/kursus/course.toml", &toml)
        .build()
        .ok();
    let dir = built.out.join("courses/kursus");
    let mut zips: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".zip"))
        .collect();
    zips.sort();
    assert_eq!(zips, ["kursus-all-scorm12.zip", "kursus-all-scorm2004.zip"]);
    let files = unzip(&dir.join("kursus-all-scorm2004.zip"));
    let index = text_of(&files, "index.html");
    // Estonian first and live; Russian waits in a <template> with its own course data.
    assert!(index.contains("<html lang=\"et\">"));
    assert!(index.contains("data-languages=\"et ru\""));
    let (live, rest) = index
        .split_once("<template data-lang=\"ru\">")
        .expect("a Russian template");
    assert!(live.contains("Kes koordineerib?") && !live.contains("Кто координирует?"));
    assert!(rest.contains("Кто координирует?") && rest.contains("\"lang\":\"ru\""));
    assert!(live.contains("data-switch-lang=\"ru\"") && rest.contains("data-switch-lang=\"et\""));
    let manifest = text_of(&files, "imsmanifest.xml");
    assert!(manifest.contains("raamat-kursus-all-scorm2004"));
    assert!(
        manifest.contains("Proovikursus"),
        "the manifest speaks the first language"
    );
    let overview = std::fs::read_to_string(built.out.join("ru/courses/kursus/index.html")).unwrap();
    assert!(overview.contains("/courses/kursus/kursus-all-scorm12.zip"));
    assert!(
        overview.contains("hreflang=\"mul\""),
        "a download of several languages says so"
    );
}

#[test]
fn package_languages_both_adds_the_all_package_to_each() {
    let toml = COURSE_TOML.replace("[title]", "package_languages = \"both\"\n\n[title]");
    let built = course_fixture()
        .file("courses/kursus/course.toml", &toml)
        .build()
        .ok();
    for name in [
        "kursus-et-scorm12.zip",
        "kursus-ru-scorm2004.zip",
        "kursus-all-scorm12.zip",
    ] {
        assert!(
            built.out.join("courses/kursus").join(name).is_file(),
            "{name}"
        );
    }
    let single = text_of(
        &unzip(&built.out.join("courses/kursus/kursus-et-scorm12.zip")),
        "index.html",
    );
    assert!(!single.contains("<template") && !single.contains("data-switch-lang"));
}

fn errors(fixture: Fixture) -> Vec<raamat::diagnostics::Diagnostic> {
    let built = fixture.build();
    assert!(!built.report.succeeded(), "the build should fail");
    built
        .report
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

#[test]
fn question_without_correct_answer_names_file_and_line() {
    let body = "### ? Kes? {#q-kes}\n\n- [ ] Arst\n- [ ] Õde\n";
    let file = module("Algus", "", body);
    let line = line_of(&file, "### ? Kes?");
    let errs = errors(course_fixture().file("courses/kursus/01-algus.et.md", &file));
    let e = errs
        .iter()
        .find(|e| e.message.contains("no correct answer"))
        .expect("error reported");
    assert_eq!(
        e.file,
        std::path::Path::new("courses/kursus/01-algus.et.md")
    );
    assert_eq!(e.line, line);
    assert!(e.hint.as_deref().unwrap().contains("[x]"));
}

#[test]
fn single_choice_with_two_correct_is_an_error() {
    let file = module(
        "Algus",
        "",
        "Sissejuhatus.\n\n### ? Kes? {#q-kes .single}\n\n- [x] Arst\n- [x] Juhtumikorraldaja\n",
    );
    let line = line_of(&file, "### ? Kes?");
    let errs = errors(course_fixture().file("courses/kursus/01-algus.et.md", &file));
    assert!(
        errs.iter()
            .any(|e| e.message.contains("2 correct answers") && e.line == line),
        "{errs:#?}"
    );
}

#[test]
fn duplicate_question_ids_are_reported() {
    let body = format!("{M1_ET}\n### ? Uuesti {{#q-kes}}\n\n- [x] Jah\n- [ ] Ei\n");
    let errs =
        errors(course_fixture().file("courses/kursus/01-algus.et.md", &module("Algus", "", &body)));
    assert!(
        errs.iter()
            .any(|e| e.message.contains("`q-kes` is used twice")),
        "{errs:#?}"
    );
}

#[test]
fn pass_mark_out_of_range_points_at_its_line() {
    let toml = COURSE_TOML.replace("pass_mark = 75", "pass_mark = 120");
    let errs = errors(course_fixture().file("courses/kursus/course.toml", &toml));
    let e = errs
        .iter()
        .find(|e| e.message.contains("pass_mark 120"))
        .expect("reported");
    assert_eq!(e.line, line_of(&toml, "pass_mark"));
}

#[test]
fn pool_drawing_more_than_it_has_is_an_error() {
    let toml = COURSE_TOML.replace("draw = 1", "draw = 3");
    let errs = errors(course_fixture().file("courses/kursus/course.toml", &toml));
    assert!(
        errs.iter()
            .any(|e| e.message.contains("draws 3 questions but has 2")),
        "{errs:#?}"
    );
}

#[test]
fn translations_that_disagree_are_errors() {
    // The Russian version marks the other answer as right.
    let wrong_answer = M1_RU
        .replace("- [ ] Врач", "- [x] Врач")
        .replace("- [x] Координатор", "- [ ] Координатор");
    let errs = errors(course_fixture().file(
        "courses/kursus/01-algus.ru.md",
        &module("Начало", "", &wrong_answer),
    ));
    assert!(errs.iter().any(|e| e.message.contains("`q-kes` disagrees") && e.message.contains("right answers")), "{errs:#?}");

    let other_id = M1_RU.replace("{#q-kes}", "{#q-kto}");
    let errs = errors(course_fixture().file(
        "courses/kursus/01-algus.ru.md",
        &module("Начало", "", &other_id),
    ));
    assert!(
        errs.iter().any(|e| e.message.contains("questions differ")),
        "{errs:#?}"
    );

    let extra_option = M1_RU.replace("- [x] Координатор", "- [x] Координатор\n- [ ] Клиент");
    let errs = errors(course_fixture().file(
        "courses/kursus/01-algus.ru.md",
        &module("Начало", "", &extra_option),
    ));
    assert!(
        errs.iter()
            .any(|e| e.message.contains("2 answers in et, 3 in ru")),
        "{errs:#?}"
    );
}

#[test]
fn module_missing_in_a_course_language_is_an_error() {
    let mut f = course_fixture();
    f = f.file(
        "courses/kursus/03-lisa.et.md",
        &module("Lisa", "", "Tekst.\n"),
    );
    let errs = errors(f);
    assert!(
        errs.iter()
            .any(|e| e.message.contains("`03-lisa` has no `ru` version")),
        "{errs:#?}"
    );
}

#[test]
fn resume_data_that_cannot_fit_scorm12_is_refused_unless_only_2004() {
    // Nine blanks of up to 250 characters each cannot fit 4096.
    let toml = format!("fill_max_length = 250\n{COURSE_TOML}");
    let blanks = |word: &str| -> String {
        (0..9)
            .map(|n| format!("### ? {word} {n} ___ {{#t-lunk{n} .fill}}\n\n- [x] {n}\n\n"))
            .collect()
    };
    let long = |f: Fixture| {
        f.file("courses/kursus/course.toml", &toml)
            .file(
                "courses/kursus/02-test.et.md",
                &module(
                    "Lõpptest",
                    "test = true",
                    &(TEST_ET.to_string() + &blanks("Lünk")),
                ),
            )
            .file(
                "courses/kursus/02-test.ru.md",
                &module(
                    "Итоговый тест",
                    "test = true",
                    &(TEST_RU.to_string() + &blanks("Пропуск")),
                ),
            )
    };
    let errs = errors(long(course_fixture()));
    assert!(
        errs.iter()
            .any(|e| e.message.contains("SCORM 1.2 allows 4096")),
        "{errs:#?}"
    );

    let only_2004 = format!("scorm = [\"2004\"]\n{toml}");
    let built = long(course_fixture())
        .file("courses/kursus/course.toml", &only_2004)
        .build();
    assert!(built.report.succeeded(), "{:#?}", built.report.diagnostics);
    assert!(built
        .out
        .join("courses/kursus/kursus-et-scorm2004.zip")
        .is_file());
    assert!(!built
        .out
        .join("courses/kursus/kursus-et-scorm12.zip")
        .exists());
}

#[test]
fn the_example_course_fits_scorm12_and_covers_every_question_kind() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let report = raamat::build(&raamat::BuildOptions {
        root: root.to_path_buf(),
        out: Some(out.path().join("public")),
        drafts: false,
        preview: false,
    })
    .unwrap();
    assert!(report.succeeded(), "{:#?}", report.diagnostics);
    let files = unzip(
        &out.path()
            .join("public/courses/juhtumikorraldus/juhtumikorraldus-et-scorm12.zip"),
    );
    let html = text_of(&files, "index.html");
    for kind in [
        "single",
        "multiple",
        "truefalse",
        "fill",
        "matching",
        "ordering",
    ] {
        assert!(
            html.contains(&format!("data-kind=\"{kind}\"")),
            "no {kind} question in the example course"
        );
    }
    let json = html
        .split("id=\"raamat-course-data\">")
        .nth(1)
        .unwrap()
        .split("</script>")
        .next()
        .unwrap();
    let data: serde_json::Value = serde_json::from_str(json).unwrap();
    let test_questions = data["test"]["questions"].as_array().unwrap().len()
        + data["test"]["pools"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["draw"].as_u64().unwrap() as usize)
            .sum::<usize>();
    assert!(
        test_questions >= 10,
        "the final test asks {test_questions} questions"
    );
    assert_eq!(data["passMark"], 80.0);
    assert!(
        data["modules"].as_array().unwrap().len() >= 5,
        "4 modules and a test"
    );
}

#[test]
fn mastery_score_only_when_the_pass_mark_decides_the_status() {
    // Moodle recomputes passed/failed from a mastery score: a course that
    // reports "incomplete" on a failed test, or only completion, must not carry one.
    let incomplete_on_fail = format!("failed_status = \"incomplete\"\n{COURSE_TOML}");
    let pages_only = COURSE_TOML.replace("all-pages-and-pass-test", "all-pages");
    for (setting, toml, expected) in [
        (
            "pass the test, failed on fail",
            COURSE_TOML.to_string(),
            true,
        ),
        ("incomplete on fail", incomplete_on_fail, false),
        ("all pages", pages_only, false),
    ] {
        let built = course_fixture()
            .file("courses/kursus/course.toml", &toml)
            .build();
        assert!(
            built.report.succeeded(),
            "{setting}: {:#?}",
            built.report.diagnostics
        );
        let m12 = text_of(
            &unzip(&built.out.join("courses/kursus/kursus-et-scorm12.zip")),
            "imsmanifest.xml",
        );
        let m04 = text_of(
            &unzip(&built.out.join("courses/kursus/kursus-et-scorm2004.zip")),
            "imsmanifest.xml",
        );
        assert_eq!(m12.contains("masteryscore"), expected, "{setting}");
        assert_eq!(m04.contains("minNormalizedMeasure"), expected, "{setting}");
        assert!(m04.contains("completionSetByContent=\"true\""), "{setting}");
    }
}

#[test]
fn the_download_list_knows_each_package_s_sha256() {
    let built = course_fixture()
        .file(
            "templates/course.html",
            "{% extends \"theme/course.html\" %}{% block children %}{% for d in course.downloads %}<code data-file=\"{{ d.file_name }}\">{{ d.sha256 }}</code>{% endfor %}{% endblock children %}",
        )
        .build();
    assert!(built.report.succeeded(), "{}", built.diagnostics());
    let page = built.html("/et/courses/kursus/");
    let codes = page.all("code[data-file]");
    assert_eq!(codes.len(), 4, "two languages × two SCORM versions");
    for code in codes {
        let name = code.value().attr("data-file").unwrap();
        let zip = std::fs::read(built.out.join("courses/kursus").join(name)).unwrap();
        let hex: String = <sha2::Sha256 as sha2::Digest>::digest(&zip)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(common::text(code), hex, "{name}");
    }
}

#[test]
fn a_modules_missing_picture_is_looked_for_in_the_course_folder() {
    let body = M1_ET.replace("media/skeem.svg", "media/skem.svg");
    let errs =
        errors(course_fixture().file("courses/kursus/01-algus.et.md", &module("Algus", "", &body)));
    let e = errs
        .iter()
        .find(|e| e.message.contains("skem.svg"))
        .expect("error reported");
    assert_eq!(
        e.file,
        std::path::Path::new("courses/kursus/01-algus.et.md")
    );
    // Where the author keeps it, not below content/.
    assert!(
        e.message
            .contains("looked for courses/kursus/media/skem.svg"),
        "{e:?}"
    );
    assert_eq!(
        e.hint.as_deref(),
        Some("did you mean courses/kursus/media/skeem.svg?"),
        "{e:?}"
    );
}

#[test]
fn a_modules_picture_from_the_website_is_an_error_that_says_where_to_put_it() {
    // The website shows it, but the packages have only the course's files:
    // in the LMS the picture would be broken.
    let body = format!("{M1_ET}\n![Skeem](../../pilt.svg)\n");
    let errs = errors(
        course_fixture()
            .file(
                "content/pilt.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            )
            .file("courses/kursus/01-algus.et.md", &module("Algus", "", &body)),
    );
    assert_eq!(errs.len(), 1, "{errs:?}");
    let e = &errs[0];
    assert_eq!(
        (e.file.to_str().unwrap(), e.line),
        (
            "courses/kursus/01-algus.et.md",
            line_of(&module("Algus", "", &body), "../../pilt.svg")
        )
    );
    assert!(
        e.message
            .contains("content/pilt.svg, outside the course folder"),
        "{e:?}"
    );
    assert_eq!(
        e.hint.as_deref(),
        Some("copy it to courses/kursus/media/ and write media/pilt.svg")
    );
}

#[test]
fn a_module_that_loads_from_another_site_is_warned_about() {
    // The package must work offline; the website may load from elsewhere.
    let remote = "\n![Foto](https://example.org/foto.png)\n\n<iframe src=\"//video.example.org/x\" title=\"x\"></iframe>\n";
    let body = format!("{M1_ET}{remote}");
    let built = course_fixture()
        .file("courses/kursus/01-algus.et.md", &module("Algus", "", &body))
        .file("content/foto.et.md", &md("Foto", "", remote))
        .build()
        .ok();
    let warned: Vec<_> = built
        .warnings()
        .into_iter()
        .filter(|d| d.message.contains("from another site"))
        .map(|d| (d.file.to_string_lossy().into_owned(), d.line))
        .collect();
    let text = module("Algus", "", &body);
    assert_eq!(
        warned,
        [
            (
                "courses/kursus/01-algus.et.md".to_string(),
                line_of(&text, "foto.png")
            ),
            (
                "courses/kursus/01-algus.et.md".to_string(),
                line_of(&text, "<iframe")
            ),
        ]
    );
}
