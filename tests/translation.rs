//! Translations that stay true: provenance, the stale report (with and
//! without git history), and the XLIFF hand-off (schema, round trip, refusal),
//! on a copy of the example site, through the `raamat` command as authors run it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const REPO: &str = env!("CARGO_MANIFEST_DIR");

/// A copy of the example site in a temporary folder.
fn example_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let copy = |rel: &str| {
        for entry in walkdir::WalkDir::new(Path::new(REPO).join(rel)) {
            let entry = entry.unwrap();
            let to = dir.path().join(entry.path().strip_prefix(REPO).unwrap());
            if entry.file_type().is_dir() {
                fs::create_dir_all(&to).unwrap();
            } else {
                fs::copy(entry.path(), &to).unwrap();
            }
        }
    };
    copy("content");
    copy("courses");
    fs::copy(
        Path::new(REPO).join("raamat.toml"),
        dir.path().join("raamat.toml"),
    )
    .unwrap();
    dir
}

fn raamat(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_raamat"))
        .args(args)
        .current_dir(root)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn ok(out: Output) -> String {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    text
}

fn git(root: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=Autor", "-c", "user.email=autor@example.ee"])
        .args(args)
        .current_dir(root)
        .output()
        .expect("git is installed");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn check_json(root: &Path) -> serde_json::Value {
    let out = raamat(root, &["check", "--format", "json"]);
    serde_json::from_slice(&out.stdout).unwrap()
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let p = root.join(rel);
    let text = fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    fs::write(&p, text.replacen(from, to, 1)).unwrap();
}

/// Every file below `root` with its bytes, to see that nothing changed.
fn snapshot(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(root)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| {
            e.file_type().is_file() && !e.path().components().any(|c| c.as_os_str() == ".git")
        })
        .map(|e| (e.path().to_path_buf(), fs::read(e.path()).unwrap()))
        .collect();
    out.sort();
    out
}

/// A real edit of one sentence of the original chapter.
fn edit_original(root: &Path) {
    edit(
        root,
        CHAPTER_ET,
        EDITED,
        "Väga kõrge riskitaseme korral tuleb",
    );
}

const CHAPTER_ET: &str = "content/handbook/hindamine.et.md";
const CHAPTER_RU: &str = "content/handbook/hindamine.ru.md";
const EDITED: &str = "Kõrge riskitaseme korral tuleb";

#[test]
fn unmarked_translations_are_reported_once_then_marking_records_the_original() {
    let site = example_site();
    let root = site.path();
    // The shipped example records its provenance; start from a site that does not.
    for entry in walkdir::WalkDir::new(root) {
        let p = entry.unwrap().into_path();
        if p.to_string_lossy().ends_with(".ru.md") {
            let text = fs::read_to_string(&p).unwrap();
            let kept: Vec<&str> = text
                .lines()
                .filter(|l| !l.starts_with("translated_from"))
                .collect();
            fs::write(&p, kept.join("\n") + "\n").unwrap();
        }
    }
    let text = ok(raamat(root, &["check"]));
    assert_eq!(
        text.matches("do not record what they were translated from")
            .count(),
        1,
        "{text}"
    );
    assert!(
        text.contains("raamat translate mark content courses --lang ru"),
        "{text}"
    );
    assert!(
        !text.contains("older than its original"),
        "unknown is not stale: {text}"
    );
    let json = check_json(root);
    assert!(json["translations"]["unknown"].as_array().unwrap().len() >= 10);

    let before = fs::read_to_string(root.join(CHAPTER_RU)).unwrap();
    let marked = ok(raamat(
        root,
        &["translate", "mark", "content", "courses", "--lang", "ru"],
    ));
    assert!(marked.contains(&format!("marked {CHAPTER_RU}")), "{marked}");
    let after = fs::read_to_string(root.join(CHAPTER_RU)).unwrap();
    // One line more, in the front matter; every other byte as it was.
    let added: Vec<&str> = after
        .lines()
        .filter(|l| !before.lines().any(|b| b == *l))
        .collect();
    assert_eq!(added.len(), 1, "{added:?}");
    assert!(added[0].starts_with("translated_from = \""), "{added:?}");
    assert_eq!(after.lines().count(), before.lines().count() + 1);
    let json = check_json(root);
    assert_eq!(json["translations"]["unknown"].as_array().unwrap().len(), 0);
    assert_eq!(json["translations"]["stale"].as_array().unwrap().len(), 0);
    // The original is never touched.
    assert_eq!(
        fs::read(root.join(CHAPTER_ET)).unwrap(),
        fs::read(Path::new(REPO).join(CHAPTER_ET)).unwrap()
    );
}

#[test]
fn marking_changes_one_line_in_the_file_s_own_line_endings() {
    let site = example_site();
    let root = site.path();
    let page = |title: &str, text: &str| {
        format!("+++\r\ntitle = \"{title}\"\r\nweight = 5\r\n+++\r\n\r\n{text}\r\n")
    };
    let before = page("Тест", "Текст.");
    for (name, bom) in [("crlf", ""), ("bom", "\u{feff}")] {
        let file = |lang: &str| root.join(format!("content/handbook/{name}.{lang}.md"));
        fs::write(file("et"), page("Test", "Tekst.")).unwrap();
        fs::write(file("ru"), format!("{bom}{before}")).unwrap();
    }
    let mark = || {
        let files = ["content/handbook/crlf.ru.md", "content/handbook/bom.ru.md"];
        ok(raamat(
            root,
            &["translate", "mark", files[0], files[1], "--lang", "ru"],
        ))
    };
    let marked = |hash: &str| {
        let line = format!("weight = 5\r\ntranslated_from = \"{hash}\"\r\n");
        before.replace("weight = 5\r\n", &line)
    };
    let read = |rel: &str| fs::read_to_string(root.join(rel)).unwrap();
    let hash = || {
        let text = read("content/handbook/crlf.ru.md");
        let rest = text.split("translated_from = \"").nth(1);
        let hash = rest.and_then(|r| r.split('"').next());
        hash.unwrap_or_else(|| panic!("not marked: {text:?}"))
            .to_string()
    };
    mark();
    let first = hash();
    assert_eq!(read("content/handbook/crlf.ru.md"), marked(&first));
    let bom = format!("\u{feff}{}", marked(&first));
    assert_eq!(read("content/handbook/bom.ru.md"), bom);

    // After a change to the original, the field changes in place.
    for name in ["crlf", "bom"] {
        edit(
            root,
            &format!("content/handbook/{name}.et.md"),
            "Tekst.",
            "Uus tekst.",
        );
    }
    mark();
    let second = hash();
    assert_ne!(first, second);
    assert_eq!(read("content/handbook/crlf.ru.md"), marked(&second));
    let bom = format!("\u{feff}{}", marked(&second));
    assert_eq!(read("content/handbook/bom.ru.md"), bom);
}

#[test]
fn reformatting_the_original_keeps_its_translation_current() {
    let site = example_site();
    let root = site.path();
    let p = root.join(CHAPTER_ET);
    let text = fs::read_to_string(&p).unwrap();
    // Rewrap every paragraph at spaces and add blank lines: no real edit.
    let rewrapped = text.replacen(". ", ".\n", 20).replace("\n\n", "\n\n\n");
    fs::write(&p, rewrapped).unwrap();
    let json = check_json(root);
    assert_eq!(
        json["translations"]["stale"].as_array().unwrap().len(),
        0,
        "{json}"
    );
}

#[test]
fn a_changed_original_is_stale_with_what_changed_since_the_translation() {
    let site = example_site();
    let root = site.path();
    git(root, &["init", "-q"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "Käsiraamat ja kursus"]);
    edit_original(root);
    git(root, &["commit", "-qam", "Täpsustus"]);
    edit(
        root,
        CHAPTER_ET,
        "## 2.1 Hindamise eesmärk",
        "## 2.1 Hindamise eesmärk\n\nUus lõik, mis lisati pärast tõlkimist.",
    );

    let out = raamat(root, &["check"]);
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "stale is a warning: {text}");
    assert!(
        text.contains("this translation is older than its original"),
        "{text}"
    );
    assert!(
        text.contains(&format!("{CHAPTER_RU} ← {CHAPTER_ET}")),
        "{text}"
    );
    let source = fs::read_to_string(root.join(CHAPTER_ET)).unwrap();
    let line_of = |needle: &str| source.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let changed = line_of("Väga kõrge riskitaseme");
    let added = line_of("Uus lõik, mis lisati");
    assert!(
        text.contains(&format!("changed line {changed}: Väga kõrge")),
        "{text}"
    );
    assert!(text.contains(&format!("was: {EDITED}")), "{text}");
    assert!(
        text.contains(&format!("added line {added}: Uus lõik")),
        "{text}"
    );
    let stale_column = text
        .lines()
        .find(|l| l.trim_start().starts_with("handbook"))
        .unwrap();
    assert!(stale_column.trim_end().ends_with(" 1"), "{stale_column}");
    assert!(!raamat(root, &["check", "--strict"]).status.success());

    let json = check_json(root);
    assert_eq!(json["format"], 1);
    let stale = &json["translations"]["stale"][0];
    assert_eq!(stale["file"], CHAPTER_RU);
    assert_eq!(stale["original"], CHAPTER_ET);
    assert_eq!(stale["since"]["commit"].as_str().unwrap().len(), 10);
    let kinds: Vec<&str> = stale["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["added", "changed"], "{stale}");
    let handbook = json["translations"]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["section"] == "handbook")
        .unwrap();
    assert_eq!(handbook["stale"]["ru"], 1);

    let build = ok(raamat(root, &["build"]));
    assert!(
        build.contains("ru 18 (1 untranslated, 1 stale)") || build.contains("1 stale"),
        "{build}"
    );
}

#[test]
fn without_git_a_stale_translation_says_since_when_is_unknown() {
    let site = example_site();
    let root = site.path();
    edit_original(root);
    let text = ok(raamat(root, &["check"]));
    assert!(text.contains("since when is unknown"), "{text}");
    let json = check_json(root);
    assert!(json["translations"]["stale"][0]["since"].is_null());
}

/// Fills every target of an exported file as a CAT tool would: the source's
/// inline codes kept, the text replaced by "translated" text.
fn fill_targets(xliff: &str) -> String {
    let mut out = String::new();
    let mut rest = xliff;
    while let Some(at) = rest.find("<segment") {
        let end = rest[at..].find("</segment>").unwrap() + at;
        let seg = &rest[at..end];
        out.push_str(&rest[..at]);
        let open_end = seg.find('>').unwrap();
        let src_start = seg.find("<source>").unwrap() + "<source>".len();
        let src_end = seg.find("</source>").unwrap();
        let source = &seg[src_start..src_end];
        out.push_str("<segment state=\"translated\">");
        out.push_str(&seg[open_end + 1..src_start - "<source>".len()]);
        out.push_str(&format!("<source>{source}</source>"));
        out.push_str(&format!("<target>RU {}</target>\n", translate_text(source)));
        out.push_str("      ");
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// "Translates" the text between tags (upper case), leaving the tags alone.
fn translate_text(inline: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in inline.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ => {}
        }
        if in_tag || c == '>' {
            out.push(c);
        } else {
            out.extend(c.to_uppercase());
        }
    }
    // Entities are lower case in XML.
    out.replace("&AMP;", "&amp;")
        .replace("&LT;", "&lt;")
        .replace("&GT;", "&gt;")
}

#[test]
fn export_fill_import_build_round_trip() {
    let site = example_site();
    let root = site.path();
    // A chapter and a course module to translate from scratch.
    fs::remove_file(root.join(CHAPTER_RU)).unwrap();
    fs::remove_file(root.join("courses/juhtumikorraldus/02-hindamine.ru.md")).unwrap();
    let xlf = root.join("tolge.xlf");
    let summary = ok(raamat(
        root,
        &[
            "translate",
            "export",
            "--lang",
            "ru",
            "--missing",
            "-o",
            "tolge.xlf",
        ],
    ));
    assert!(summary.contains("page(s)"), "{summary}");
    let exported = fs::read_to_string(&xlf).unwrap();
    assert!(exported.contains(&format!("original=\"{CHAPTER_ET}\"")));
    assert!(exported.contains("original=\"courses/juhtumikorraldus/02-hindamine.et.md\""));
    // The supervision chapter was never translated: it is missing too.
    assert!(exported.contains("original=\"content/handbook/supervisioon.et.md\""));
    assert!(
        !exported.contains("original=\"content/handbook/juhtumiplaan.et.md\""),
        "only missing pages"
    );
    // Links, emphasis and question ids are protected, not text.
    assert!(exported.contains("type=\"link\""));
    assert!(
        !exported.contains("{#q-"),
        "heading ids stay outside the units"
    );
    assert!(
        !exported.contains("[!CORRECT]"),
        "feedback markers stay outside the units"
    );

    fs::write(&xlf, fill_targets(&exported)).unwrap();
    let imported = ok(raamat(root, &["translate", "import", "tolge.xlf"]));
    assert!(
        imported.contains(&format!("created {CHAPTER_RU}")),
        "{imported}"
    );
    let ru = fs::read_to_string(root.join(CHAPTER_RU)).unwrap();
    assert!(ru.contains("translated_from = \""), "{ru}");
    // Structure and codes are the original's: the same headings with ids,
    // links and numbering.
    let et = fs::read_to_string(root.join(CHAPTER_ET)).unwrap();
    let ids = |t: &str| -> Vec<String> {
        t.lines()
            .filter_map(|l| l.find("{#").map(|i| l[i..].to_string()))
            .collect()
    };
    assert_eq!(ids(&ru), ids(&et));
    assert_eq!(ru.matches("](@/").count(), et.matches("](@/").count());
    assert!(
        ru.contains("RU ABIVAJADUSE HINDAMINE") || ru.contains("title = \"RU "),
        "{ru}"
    );
    let module =
        fs::read_to_string(root.join("courses/juhtumikorraldus/02-hindamine.ru.md")).unwrap();
    assert!(
        module.contains("### ? RU "),
        "the question stays a question: {module}"
    );
    assert!(module.contains("{#q-riskitasemed .fill}"), "{module}");

    let check = check_json(root);
    assert_eq!(check["summary"]["errors"], 0, "{check}");
    assert_eq!(check["translations"]["stale"].as_array().unwrap().len(), 0);
    assert!(
        check["translations"]["missing"]
            .as_array()
            .unwrap()
            .is_empty(),
        "{check}"
    );
    let out = root.join("public");
    ok(raamat(root, &["build"]));
    let page = fs::read_to_string(out.join("ru/handbook/hindamine/index.html")).unwrap();
    assert!(page.contains("<html lang=\"ru\""));
    let article = &page[page.find("<article").unwrap()..page.find("</article>").unwrap()];
    assert!(
        article.contains("href=\"/ru/handbook/"),
        "links go to the Russian pages"
    );
    assert!(
        !article.contains("href=\"/et/"),
        "and not to the Estonian ones: {article}"
    );
    assert!(
        !page.contains("notice-untranslated"),
        "it is a translation now"
    );
}

#[test]
fn the_export_is_valid_xliff_2() {
    let site = example_site();
    let root = site.path();
    edit_original(root);
    ok(raamat(
        root,
        &["translate", "export", "--lang", "ru", "-o", "all.xlf"],
    ));
    ok(raamat(
        root,
        &[
            "translate",
            "export",
            "--lang",
            "ru",
            "--stale",
            "-o",
            "stale.xlf",
        ],
    ));
    let stale = fs::read_to_string(root.join("stale.xlf")).unwrap();
    assert_eq!(stale.matches("<file ").count(), 1, "{stale}");
    let schema = Path::new(REPO).join("tests/xliff/schema/xliff_core_2.0.xsd");
    for f in ["all.xlf", "stale.xlf"] {
        let out = Command::new("xmllint")
            .args(["--noout", "--schema"])
            .arg(&schema)
            .arg(root.join(f))
            .output()
            .expect("xmllint is installed (scripts/test-all installs libxml2-utils)");
        assert!(
            out.status.success(),
            "{f}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // Existing translations travel as targets.
    let all = fs::read_to_string(root.join("all.xlf")).unwrap();
    assert!(
        all.contains("<target>Оценка"),
        "existing translations are targets"
    );
    // An export never overwrites a file it did not write.
    fs::write(root.join("notes.xlf"), "my notes").unwrap();
    let refused = raamat(
        root,
        &["translate", "export", "--lang", "ru", "-o", "notes.xlf"],
    );
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(
        fs::read_to_string(root.join("notes.xlf")).unwrap(),
        "my notes"
    );
}

#[test]
fn an_import_that_no_longer_matches_writes_nothing() {
    let site = example_site();
    let root = site.path();
    ok(raamat(
        root,
        &[
            "translate",
            "export",
            "--lang",
            "ru",
            "content/handbook",
            "-o",
            "t.xlf",
        ],
    ));
    let filled = fill_targets(&fs::read_to_string(root.join("t.xlf")).unwrap());
    fs::write(root.join("t.xlf"), &filled).unwrap();
    edit_original(root);
    let before = snapshot(root);
    let out = raamat(root, &["translate", "import", "t.xlf"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(CHAPTER_ET) && err.contains("no longer matches"),
        "{err}"
    );
    assert!(
        err.contains("Väga kõrge"),
        "says what the original says now: {err}"
    );
    assert_eq!(snapshot(root), before, "nothing was written");

    // A translation that lost a link is refused too, naming the link.
    edit(
        root,
        CHAPTER_ET,
        "Väga kõrge riskitaseme korral tuleb",
        EDITED,
    );
    let mut from = 0;
    let (pc_start, pc_open_end, pc_close) = loop {
        let t = filled[from..].find("<target>").unwrap() + from;
        let t_end = filled[t..].find("</target>").unwrap() + t;
        if let Some(link) = filled[t..t_end].find("type=\"link\"") {
            let link = link + t;
            let pc_start = filled[..link].rfind("<pc ").unwrap();
            let pc_open_end = filled[pc_start..].find('>').unwrap() + pc_start + 1;
            let pc_close = filled[pc_open_end..].find("</pc>").unwrap() + pc_open_end;
            break (pc_start, pc_open_end, pc_close);
        }
        from = t_end;
    };
    let broken = format!(
        "{}{}{}",
        &filled[..pc_start],
        &filled[pc_open_end..pc_close],
        &filled[pc_close + "</pc>".len()..]
    );
    fs::write(root.join("t.xlf"), broken).unwrap();
    let before = snapshot(root);
    let out = raamat(root, &["translate", "import", "t.xlf"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("lost"), "{err}");
    assert_eq!(snapshot(root), before);
}

#[test]
fn only_the_preview_shows_a_stale_notice_on_the_translated_page() {
    let site = example_site();
    let root = site.path();
    edit_original(root);
    let page = |preview: bool| {
        let out = root.join(if preview { "preview" } else { "public" });
        let report = raamat::build(&raamat::BuildOptions {
            root: root.to_path_buf(),
            out: Some(out.clone()),
            drafts: false,
            preview,
        })
        .unwrap();
        assert!(report.succeeded());
        let ru = fs::read_to_string(out.join("ru/handbook/hindamine/index.html")).unwrap();
        let et = fs::read_to_string(out.join("et/handbook/hindamine/index.html")).unwrap();
        (ru, et)
    };
    let (ru, et) = page(true);
    assert!(ru.contains("notice-stale"), "the author sees it in serve");
    assert!(ru.contains(CHAPTER_ET));
    assert!(!et.contains("notice-stale"), "the original is not stale");
    let (ru, _) = page(false);
    assert!(!ru.contains("notice-stale"), "readers never see it");
}
