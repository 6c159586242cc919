//! Nothing from outside the site is published, and odd source files get clear
//! errors: symbolic links, decomposed file names, files that are not UTF-8.

mod common;
use common::*;

fn site() -> Fixture {
    Fixture::new()
        .file("content/a.et.md", &md("A", "", "Tekst.\n"))
        .file("content/a.ru.md", &md("А", "", "Текст.\n"))
}

const SECRET: &str = "SALAJANE-PAROOL";

#[cfg(unix)]
mod links {
    use super::*;
    use std::os::unix::fs::symlink;

    /// A file outside the site, holding something that must never be published.
    fn secret(f: &Fixture) -> std::path::PathBuf {
        let p = f.tmp().join("secret.txt");
        std::fs::write(&p, SECRET).unwrap();
        p
    }

    fn assert_not_published(out: &std::path::Path) {
        if !out.exists() {
            return;
        }
        for rel in walk(out) {
            let bytes = std::fs::read(out.join(&rel)).unwrap();
            assert!(
                !String::from_utf8_lossy(&bytes).contains(SECRET),
                "{rel} holds the secret"
            );
        }
    }

    #[test]
    fn links_leading_outside_are_errors_naming_the_file() {
        let f = site();
        let root = f.write();
        let secret = secret(&f);
        let outside_dir = f.tmp().join("elsewhere");
        std::fs::create_dir_all(&outside_dir).unwrap();
        std::fs::write(outside_dir.join("b.et.md"), md("B", "", SECRET)).unwrap();
        for (link, target) in [
            ("content/passwd.txt", secret.clone()),
            ("content/valjas", outside_dir.clone()),
        ] {
            std::fs::create_dir_all(root.join(link).parent().unwrap()).unwrap();
            symlink(&target, root.join(link)).unwrap();
        }
        std::fs::create_dir_all(root.join("static")).unwrap();
        symlink(&secret, root.join("static/robots2.txt")).unwrap();
        let built = f.build();
        let errors: Vec<String> = built
            .errors()
            .iter()
            .map(|d| format!("{}: {}", d.file.display(), d.message))
            .collect();
        for file in ["content/passwd.txt", "content/valjas", "static/robots2.txt"] {
            assert!(
                errors
                    .iter()
                    .any(|e| e.starts_with(file) && e.contains("outside the site folder")),
                "{file}: {errors:?}"
            );
        }
        assert!(!built.report.succeeded());
        assert_not_published(&built.out);
    }

    #[test]
    fn course_media_and_theme_links_leading_outside_are_errors() {
        let f = site()
            .config("theme = \"oma\"")
            .file(
                "courses/k/course.toml",
                "id = \"k\"\nversion = \"1\"\n[title]\net = \"K\"\nru = \"К\"\n",
            )
            .file(
                "courses/k/01-a.et.md",
                &md("A", "test = true", "### ? Q {#q}\n\n- [x] a\n- [ ] b\n"),
            )
            .file(
                "courses/k/01-a.ru.md",
                &md("А", "test = true", "### ? Q {#q}\n\n- [x] a\n- [ ] b\n"),
            );
        let root = f.write();
        let secret = secret(&f);
        std::fs::create_dir_all(root.join("courses/k/media")).unwrap();
        symlink(&secret, root.join("courses/k/media/lisa.txt")).unwrap();
        let theme_elsewhere = f.tmp().join("theme");
        std::fs::create_dir_all(theme_elsewhere.join("static")).unwrap();
        std::fs::write(theme_elsewhere.join("static/x.css"), SECRET).unwrap();
        std::fs::create_dir_all(root.join("themes")).unwrap();
        symlink(&theme_elsewhere, root.join("themes/oma")).unwrap();
        let built = f.build();
        let files: Vec<String> = built
            .errors()
            .iter()
            .filter(|d| d.message.contains("outside the site folder"))
            .map(|d| d.file.display().to_string())
            .collect();
        assert!(
            files.iter().any(|f| f == "courses/k/media/lisa.txt"),
            "{files:?}"
        );
        assert!(
            files.iter().any(|f| f.starts_with("themes/oma")),
            "{files:?}"
        );
        assert_not_published(&built.out);
    }

    #[test]
    fn links_inside_the_site_are_followed() {
        let f = site().file(
            "shared/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        );
        let root = f.write();
        symlink(root.join("shared/logo.svg"), root.join("content/logo.svg")).unwrap();
        let built = f.build().ok();
        assert!(built.out.join("logo.svg").is_file());
    }
}

#[test]
fn a_decomposed_file_name_pairs_with_its_precomposed_twin() {
    // õ as o + U+0303 (as macOS writes names) in the Russian file only.
    let f = site()
        .file("content/õppimine.et.md", &md("Õppimine", "", "Tekst.\n"))
        .file(
            "content/o\u{303}ppimine.ru.md",
            &md("Обучение", "", "Текст.\n"),
        );
    let built = f.build().ok();
    assert!(built.exists("/et/oppimine/") && built.exists("/ru/oppimine/"));
    assert!(
        built.report.untranslated.is_empty(),
        "{:?}",
        built.report.untranslated
    );
}

#[test]
fn a_file_in_windows_1252_names_line_byte_and_encoding() {
    let f = site();
    let root = f.write();
    let mut bytes = md("B", "", "Esimene rida.\n").into_bytes();
    bytes.extend_from_slice(b"T\xE4na \xF5htul.\n");
    std::fs::write(root.join("content/b.et.md"), bytes).unwrap();
    let built = f.build();
    let e = built.errors();
    assert_eq!(e.len(), 1, "{}", built.diagnostics());
    assert_eq!(e[0].file, std::path::Path::new("content/b.et.md"));
    assert_eq!((e[0].line, e[0].column), (5, 2));
    assert!(e[0].message.contains("not UTF-8") && e[0].message.contains("byte "));
    assert!(e[0].hint.as_deref().unwrap().contains("Windows-1252"));
}

#[test]
fn a_course_toml_that_is_not_utf8_is_reported_as_such() {
    let f = site();
    let root = f.write();
    std::fs::create_dir_all(root.join("courses/k")).unwrap();
    std::fs::write(
        root.join("courses/k/course.toml"),
        b"id = \"k\"\n[title]\net = \"L\xF5pp\"\n",
    )
    .unwrap();
    let built = f.build();
    let e = built.errors();
    assert!(
        e.iter().any(|d| d.file.ends_with("course.toml")
            && d.line == 3
            && d.message.contains("not UTF-8")),
        "{}",
        built.diagnostics()
    );
    assert!(
        !built.diagnostics().contains("without course.toml"),
        "{}",
        built.diagnostics()
    );
}

#[test]
fn a_theme_name_that_is_a_path_is_refused() {
    let built = site().config("theme = \"../../etc\"").build();
    assert!(
        built
            .errors()
            .iter()
            .any(|d| d.message.contains("not a folder name")),
        "{}",
        built.diagnostics()
    );
}
