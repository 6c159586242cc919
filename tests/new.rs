//! `raamat new`: new sites, pages and courses are created in every configured
//! language, never overwrite anything, and build without errors.

use raamat::diagnostics::Severity;
use raamat::i18n::dates::Date;
use raamat::scaffold::{new_course, new_page, new_site, NewError};
use raamat::usage::UsageError;
use raamat::{BuildOptions, BuildReport};
use std::path::{Path, PathBuf};

const TODAY: Date = Date {
    year: 2026,
    month: 11,
    day: 22,
};

/// A temporary folder with a new site in `<tmp>/site`.
fn site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    new_site(&root).unwrap_or_else(|e| panic!("new_site: {e}"));
    (tmp, root)
}

fn build(root: &Path, out: &Path) -> BuildReport {
    raamat::build(&BuildOptions {
        root: root.to_path_buf(),
        out: Some(out.to_path_buf()),
        drafts: false,
        preview: false,
    })
    .unwrap_or_else(|e| panic!("build could not start: {e}"))
}

fn errors(report: &BuildReport) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(ToString::to_string)
        .collect()
}

fn assert_builds(root: &Path, out: &Path) -> BuildReport {
    let report = build(root, out);
    let errs = errors(&report);
    assert!(errs.is_empty(), "build errors:\n{}", errs.join("\n"));
    report
}

fn read(path: impl AsRef<Path>) -> String {
    let path = path.as_ref();
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn paths(list: &[&str]) -> Vec<PathBuf> {
    list.iter()
        .map(|p| p.split('/').collect::<PathBuf>())
        .collect()
}

/// Every file below `dir`, relative to it.
fn files_below(dir: &Path) -> Vec<PathBuf> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.push(p.strip_prefix(base).unwrap().to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    if dir.is_dir() {
        walk(dir, dir, &mut out);
    }
    out.sort();
    out
}

/// The `weight = N` line of a page.
fn weight(path: impl AsRef<Path>) -> i64 {
    read(path)
        .lines()
        .find_map(|l| l.strip_prefix("weight = "))
        .expect("a weight line")
        .trim()
        .parse()
        .unwrap()
}

/// English has no built-in locale data, so its table gives all of them.
const ENGLISH: &str = r#"
[[languages]]
code = "en"
name = "English"
title = "Test site"
alphabet = "a b c d e f g h i j k l m n o p q r s t u v w x y z"
months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
date_format = "{day} {month} {year}"
quotes = ["“", "”", "‘", "’"]
decimal_separator = "."
"#;

#[test]
fn new_site_builds_both_languages_and_the_sample_course() {
    let (tmp, root) = site();
    let created = files_below(&root);
    for expected in paths(&[
        "raamat.toml",
        "content/_index.et.md",
        "content/_index.ru.md",
        "content/about.et.md",
        "content/about.ru.md",
        "content/handbook/_index.et.md",
        "content/handbook/_index.ru.md",
        "content/handbook/esimene-peatukk.et.md",
        "content/handbook/esimene-peatukk.ru.md",
        "content/courses/_index.et.md",
        "content/courses/_index.ru.md",
        "courses/naidiskoolitus/course.toml",
        "courses/naidiskoolitus/01-sissejuhatus.et.md",
        "courses/naidiskoolitus/01-sissejuhatus.ru.md",
        "courses/naidiskoolitus/02-lopptest.et.md",
        "courses/naidiskoolitus/02-lopptest.ru.md",
    ]) {
        assert!(
            created.contains(&expected),
            "missing {}",
            expected.display()
        );
    }

    let config = read(root.join("raamat.toml"));
    assert!(config.contains("title = \"TODO: saidi pealkiri\""));
    assert!(config.contains("title = \"TODO: название сайта\""));
    // Estonian and Russian locale data are built in, not copied into the site.
    for field in [
        "alphabet =",
        "months =",
        "date_format =",
        "quotes =",
        "decimal_separator =",
    ] {
        assert!(
            !config.lines().any(|l| l.starts_with(field)),
            "raamat.toml repeats {field}"
        );
    }
    let chapter = read(root.join("content/handbook/esimene-peatukk.et.md"));
    for needle in ["{#tabel}", "> [!TIP]", "|---|", "[^1]:", "](@/", "TODO"] {
        assert!(
            chapter.contains(needle),
            "the sample chapter lacks {needle}"
        );
    }

    let out = tmp.path().join("out");
    let report = assert_builds(&root, &out);
    // The only warnings are the TODO markers left for the author.
    let others: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| !d.message.contains("TODO"))
        .map(ToString::to_string)
        .collect();
    assert!(others.is_empty(), "{others:#?}");
    assert!(report.warnings() > 0, "the TODO markers are not reported");
    let pages: Vec<_> = report
        .pages
        .iter()
        .map(|(lang, n, fallbacks)| (lang.as_str(), *n, *fallbacks))
        .collect();
    assert_eq!(pages.len(), 2, "{pages:?}");
    for (lang, n, fallbacks) in &pages {
        assert!(*n >= 5, "only {n} pages in {lang}");
        assert_eq!(*fallbacks, 0, "untranslated pages in {lang}");
    }
    assert!(report.untranslated.is_empty(), "{:?}", report.untranslated);
    for lang in ["et", "ru"] {
        for page in [
            "index.html",
            "about/index.html",
            "handbook/esimene-peatukk/index.html",
        ] {
            assert!(
                out.join(lang).join(page).is_file(),
                "no {lang}/{page} in the output"
            );
        }
        for version in ["scorm12", "scorm2004"] {
            let zip = out.join(format!(
                "courses/naidiskoolitus/naidiskoolitus-{lang}-{version}.zip"
            ));
            assert!(zip.is_file(), "no {}", zip.display());
        }
    }
    assert_eq!(report.packages.len(), 4, "{:?}", report.packages);
    let html = read(out.join("ru/handbook/esimene-peatukk/index.html"));
    assert!(html.contains("id=\"tabel\""));
    assert!(html.contains("<table"));
}

#[test]
fn new_site_refuses_a_folder_that_is_not_empty() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "keep me").unwrap();
    match new_site(&dir) {
        Err(NewError::Usage(UsageError::Exists(p))) => assert_eq!(p, vec![dir.clone()]),
        other => panic!("expected Exists, got {other:?}"),
    }
    assert_eq!(files_below(&dir), paths(&["notes.txt"]));
    assert_eq!(read(dir.join("notes.txt")), "keep me");

    // An empty folder is fine.
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let created = new_site(&empty).unwrap();
    assert!(created.contains(&PathBuf::from("raamat.toml")));
    assert!(created
        .iter()
        .all(|p| p.is_relative() && empty.join(p).is_file()));
}

#[test]
fn new_page_in_an_existing_section_takes_the_next_weight_and_builds() {
    let (tmp, root) = site();
    // The handbook has esimene-peatukk at weight 10; make room for a gap.
    std::fs::write(
        root.join("content/handbook/lisa.et.md"),
        "+++\ntitle = \"Lisa\"\nweight = 25\n+++\n\nTekst.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/handbook/lisa.ru.md"),
        "---\ntitle: Приложение\nweight: 25\n---\n\nТекст.\n",
    )
    .unwrap();

    let created = new_page(&root, "handbook/Teine peatükk", TODAY).unwrap();
    assert_eq!(
        created,
        paths(&[
            "content/handbook/teine-peatukk.et.md",
            "content/handbook/teine-peatukk.ru.md",
        ])
    );
    let et = read(root.join("content/handbook/teine-peatukk.et.md"));
    let ru = read(root.join("content/handbook/teine-peatukk.ru.md"));
    assert!(et.starts_with("+++\ntitle = \"TODO: pealkiri\"\n"), "{et}");
    assert!(ru.starts_with("+++\ntitle = \"TODO: заголовок\"\n"), "{ru}");
    for text in [&et, &ru] {
        assert!(text.contains("weight = 30\n"), "{text}");
        assert!(text.contains("date = 2026-11-22\n"), "{text}");
        assert!(text.contains("authors = []\n"), "{text}");
        assert!(text.contains("\n## "), "{text}");
        assert!(text.contains("\nTODO: "), "{text}");
    }

    // A top-level page goes after about (30) and courses (20).
    let top = new_page(&root, "kontakt", TODAY).unwrap();
    assert_eq!(
        top,
        paths(&["content/kontakt.et.md", "content/kontakt.ru.md"])
    );
    assert_eq!(weight(root.join("content/kontakt.et.md")), 40);

    let out = tmp.path().join("out");
    assert_builds(&root, &out);
    assert!(out.join("et/handbook/teine-peatukk/index.html").is_file());
    assert!(out.join("ru/handbook/teine-peatukk/index.html").is_file());
    assert!(out.join("ru/kontakt/index.html").is_file());
    let html = read(out.join("et/handbook/teine-peatukk/index.html"));
    assert!(html.contains("22. november 2026"), "the date is not shown");
}

#[test]
fn new_page_creates_missing_sections() {
    let (tmp, root) = site();
    let created = new_page(&root, "juhendid/vormid/taotlus", TODAY).unwrap();
    assert_eq!(
        created,
        paths(&[
            "content/juhendid/_index.et.md",
            "content/juhendid/_index.ru.md",
            "content/juhendid/vormid/_index.et.md",
            "content/juhendid/vormid/_index.ru.md",
            "content/juhendid/vormid/taotlus.et.md",
            "content/juhendid/vormid/taotlus.ru.md",
        ])
    );
    // The new top-level section comes after about (weight 30); inside a new
    // section everything starts at 10.
    assert_eq!(weight(root.join("content/juhendid/_index.ru.md")), 40);
    assert_eq!(
        weight(root.join("content/juhendid/vormid/_index.et.md")),
        10
    );
    assert_eq!(
        weight(root.join("content/juhendid/vormid/taotlus.et.md")),
        10
    );
    assert!(read(root.join("content/juhendid/_index.et.md")).contains("TODO"));

    // A section that exists keeps its index; only the page is new.
    let more = new_page(&root, "juhendid/vormid/aruanne", TODAY).unwrap();
    assert_eq!(
        more,
        paths(&[
            "content/juhendid/vormid/aruanne.et.md",
            "content/juhendid/vormid/aruanne.ru.md",
        ])
    );
    assert_eq!(
        weight(root.join("content/juhendid/vormid/aruanne.ru.md")),
        20
    );

    let report = assert_builds(&root, &tmp.path().join("out"));
    let problems: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.file.starts_with("content/juhendid"))
        .filter(|d| !d.message.contains("TODO"))
        .map(ToString::to_string)
        .collect();
    assert!(problems.is_empty(), "{problems:?}");
    assert!(tmp
        .path()
        .join("out/ru/juhendid/vormid/taotlus/index.html")
        .is_file());
}

#[test]
fn new_page_never_overwrites() {
    let (_tmp, root) = site();
    let before = files_below(&root);
    let original = read(root.join("content/about.et.md"));
    match new_page(&root, "about", TODAY) {
        Err(NewError::Usage(UsageError::Exists(p))) => {
            assert_eq!(p, paths(&["content/about.et.md", "content/about.ru.md"]))
        }
        other => panic!("expected Exists, got {other:?}"),
    }
    assert_eq!(read(root.join("content/about.et.md")), original);

    // Only the Russian file exists: the Estonian one is not created either.
    std::fs::write(
        root.join("content/handbook/uus.ru.md"),
        "+++\ntitle = \"Х\"\n+++\n",
    )
    .unwrap();
    let with_ru = files_below(&root);
    match new_page(&root, "handbook/uus", TODAY) {
        Err(NewError::Usage(UsageError::Exists(p))) => {
            assert_eq!(p, paths(&["content/handbook/uus.ru.md"]))
        }
        other => panic!("expected Exists, got {other:?}"),
    }
    assert_eq!(files_below(&root), with_ru);
    assert!(!root.join("content/handbook/uus.et.md").exists());
    assert_eq!(with_ru.len(), before.len() + 1);

    // The message names the file and says what to do.
    let message = new_page(&root, "handbook/uus", TODAY)
        .unwrap_err()
        .to_string();
    assert!(message.contains("uus.ru.md"), "{message}");
    assert!(message.contains("hint:"), "{message}");
}

#[test]
fn new_page_rejects_bad_names() {
    let (_tmp, root) = site();
    let before = files_below(&root);
    for bad in ["handbook/", "handbook/???", "../x", "a/_index", ""] {
        match new_page(&root, bad, TODAY) {
            Err(NewError::Usage(UsageError::Refused(m))) => assert!(m.contains("hint:"), "{m}"),
            other => panic!("`{bad}`: expected Usage, got {other:?}"),
        }
    }
    // A page is not a section.
    assert!(matches!(
        new_page(&root, "about/x", TODAY),
        Err(NewError::Usage(UsageError::Refused(_)))
    ));
    assert_eq!(files_below(&root), before);

    // Without a site there is nothing to add to.
    let tmp = tempfile::tempdir().unwrap();
    match new_page(tmp.path(), "x", TODAY) {
        Err(NewError::Usage(UsageError::Refused(m))) => assert!(m.contains("raamat.toml"), "{m}"),
        other => panic!("expected Usage, got {other:?}"),
    }
}

#[test]
fn new_page_refuses_a_folder_page_as_its_section() {
    let (_tmp, root) = site();
    let folder = root.join("content/handbook/tooprotsess");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("index.et.md"),
        "+++\ntitle = \"Tööprotsess\"\n+++\n",
    )
    .unwrap();
    let before = files_below(&root);
    match new_page(&root, "handbook/tooprotsess/uus", TODAY) {
        Err(NewError::Usage(UsageError::Refused(m))) => {
            assert!(m.contains("folder page"), "{m}");
            assert!(m.contains("tooprotsess/index.et.md"), "{m}");
            assert!(m.contains("hint:") && m.contains("_index."), "{m}");
        }
        other => panic!("expected Usage, got {other:?}"),
    }
    assert_eq!(files_below(&root), before, "nothing is written");
}

#[test]
fn a_third_language_gets_a_third_file() {
    let (tmp, root) = site();
    let mut config = read(root.join("raamat.toml"));
    config.push_str(ENGLISH);
    std::fs::write(root.join("raamat.toml"), config).unwrap();
    // The theme's UI strings for the new language (here simply the Estonian ones).
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n/et.toml");
    std::fs::create_dir(root.join("i18n")).unwrap();
    std::fs::copy(ui, root.join("i18n/en.toml")).unwrap();

    let created = new_page(&root, "handbook/kolmas", TODAY).unwrap();
    assert_eq!(
        created,
        paths(&[
            "content/handbook/kolmas.et.md",
            "content/handbook/kolmas.ru.md",
            "content/handbook/kolmas.en.md",
        ])
    );
    let en = read(root.join("content/handbook/kolmas.en.md"));
    assert!(en.contains("title = \"TODO: title\""), "{en}");
    assert!(en.contains("weight = 20"), "{en}");

    let course = new_course(&root, "kolmkeelne").unwrap();
    assert_eq!(course.len(), 1 + 2 * 3, "{course:?}");
    let toml = read(root.join("courses/kolmkeelne/course.toml"));
    assert!(
        toml.contains("languages = [\"et\", \"ru\", \"en\"]"),
        "{toml}"
    );
    assert!(toml.contains("en = \"TODO: course title\""), "{toml}");

    // English pages fall back to Estonian; the build still has no errors.
    let out = tmp.path().join("out");
    let report = assert_builds(&root, &out);
    assert_eq!(report.pages.len(), 3);
    // Each language writes the new page's date its own way: Estonian and
    // Russian from raamat's built-in data, English from its table.
    for (lang, date) in [
        ("et", "22. november 2026"),
        ("ru", "22 ноября 2026"),
        ("en", "22 November 2026"),
    ] {
        let page = read(out.join(lang).join("handbook/kolmas/index.html"));
        assert!(page.contains(date), "{lang}: no {date}");
    }
    assert!(tmp
        .path()
        .join("out/courses/kolmkeelne/kolmkeelne-en-scorm2004.zip")
        .is_file());
}

#[test]
fn new_course_builds_into_four_packages() {
    let (tmp, root) = site();
    // Without the sample course, only the new one is packaged.
    std::fs::remove_dir_all(root.join("courses/naidiskoolitus")).unwrap();
    let created = new_course(&root, "esmaabi-2").unwrap();
    assert_eq!(
        created,
        paths(&[
            "courses/esmaabi-2/course.toml",
            "courses/esmaabi-2/01-sissejuhatus.et.md",
            "courses/esmaabi-2/01-sissejuhatus.ru.md",
            "courses/esmaabi-2/02-lopptest.et.md",
            "courses/esmaabi-2/02-lopptest.ru.md",
        ])
    );
    let toml = read(root.join("courses/esmaabi-2/course.toml"));
    for needle in [
        "id = \"esmaabi-2\"",
        "languages = [\"et\", \"ru\"]",
        "scorm = [\"1.2\", \"2004\"]",
        "pass_mark = 80",
        "et = \"TODO: koolituse pealkiri\"",
        "ru = \"TODO: название курса\"",
    ] {
        assert!(toml.contains(needle), "course.toml lacks {needle}:\n{toml}");
    }
    assert!(read(root.join("courses/esmaabi-2/02-lopptest.ru.md")).contains("test = true"));

    let out = tmp.path().join("out");
    let report = assert_builds(&root, &out);
    let mut zips: Vec<&str> = report.packages.iter().map(|(p, _)| p.as_str()).collect();
    zips.sort();
    assert_eq!(
        zips,
        vec![
            "courses/esmaabi-2/esmaabi-2-et-scorm12.zip",
            "courses/esmaabi-2/esmaabi-2-et-scorm2004.zip",
            "courses/esmaabi-2/esmaabi-2-ru-scorm12.zip",
            "courses/esmaabi-2/esmaabi-2-ru-scorm2004.zip",
        ]
    );
    for z in zips {
        assert!(out.join(z).is_file(), "no {z}");
    }

    // Again: refused, and the course is untouched.
    let before = read(root.join("courses/esmaabi-2/course.toml"));
    match new_course(&root, "esmaabi-2") {
        Err(NewError::Usage(UsageError::Exists(p))) => assert_eq!(p.len(), 5, "{p:?}"),
        other => panic!("expected Exists, got {other:?}"),
    }
    assert_eq!(read(root.join("courses/esmaabi-2/course.toml")), before);
}

#[test]
fn invalid_course_ids_are_rejected() {
    let (_tmp, root) = site();
    let before = files_below(&root);
    for bad in ["Esmaabi", "esma abi", "esmaabi_2", "õpe", "", "../x"] {
        match new_course(&root, bad) {
            Err(NewError::Usage(UsageError::Refused(m))) => {
                assert!(m.contains("a–z"), "{m}");
                assert!(m.contains("hint:"), "{m}");
            }
            other => panic!("`{bad}`: expected Usage, got {other:?}"),
        }
    }
    let message = new_course(&root, "Esma Abi").unwrap_err().to_string();
    assert!(message.contains("esma-abi"), "{message}");
    assert_eq!(files_below(&root), before);
}
