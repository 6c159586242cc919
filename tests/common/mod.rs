//! Shared helpers for the site integration tests: a fixture site written into a
//! temporary folder, built with `raamat::build`, and read back as parsed HTML.
#![allow(dead_code)]

use raamat::diagnostics::{Diagnostic, Severity};
use raamat::{BuildOptions, BuildReport};
use scraper::{ElementRef, Html, Selector};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

pub const BASE_URL: &str = "https://juhend.example.ee/";

/// The language part of the repository's raamat.toml (et first, then ru):
/// their locale data come from raamat's built-in presets.
pub const LANGUAGES: &str = r#"
[[languages]]
code = "et"
name = "Eesti"
title = "Testsait"
description = "Eestikeelne testsait."

[[languages]]
code = "ru"
name = "Русский"
title = "Тестовый сайт"
description = "Тестовый сайт на русском."
"#;

/// Front matter with a title plus extra TOML lines, then the body.
pub fn md(title: &str, extra_front: &str, body: &str) -> String {
    let mut s = format!("+++\ntitle = \"{title}\"\n");
    if !extra_front.is_empty() {
        s.push_str(extra_front.trim_end());
        s.push('\n');
    }
    s.push_str("+++\n");
    s.push_str(body);
    s
}

/// 1-based number of the first line of `text` that contains `needle`.
pub fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("`{needle}` not in fixture text"))
        + 1
}

/// A small site in a temporary folder: `<tmp>/site` (the root) and `<tmp>/out`.
pub struct Fixture {
    dir: Rc<tempfile::TempDir>,
    base_url: String,
    top: Vec<String>,
    languages: String,
    files: BTreeMap<String, String>,
    removed: Vec<String>,
    drafts: bool,
}

impl Default for Fixture {
    fn default() -> Self {
        Self::new()
    }
}

impl Fixture {
    /// Two languages (et, ru) and a home page in each.
    pub fn new() -> Self {
        Fixture::empty()
            .file("content/_index.et.md", &md("Avaleht", "", "Tere!\n"))
            .file("content/_index.ru.md", &md("Главная", "", "Привет!\n"))
    }

    /// No content files at all.
    pub fn empty() -> Self {
        Fixture {
            dir: Rc::new(tempfile::tempdir().expect("temp dir")),
            base_url: BASE_URL.into(),
            top: Vec::new(),
            languages: LANGUAGES.into(),
            files: BTreeMap::new(),
            removed: Vec::new(),
            drafts: false,
        }
    }

    pub fn base_url(mut self, url: &str) -> Self {
        self.base_url = url.into();
        self
    }

    /// Build with `--drafts`.
    pub fn drafts(mut self, on: bool) -> Self {
        self.drafts = on;
        self
    }

    /// A top-level line of raamat.toml (before the languages).
    pub fn config(mut self, line: &str) -> Self {
        self.top.push(line.into());
        self
    }

    /// The `[[languages]]` tables of raamat.toml, instead of [`LANGUAGES`].
    pub fn languages(mut self, tables: &str) -> Self {
        self.languages = tables.into();
        self
    }

    /// `missing_translation = "<mode>"`.
    pub fn missing(self, mode: &str) -> Self {
        self.config(&format!("missing_translation = \"{mode}\""))
    }

    /// A file of the site, relative to its root (`content/handbook/intro.et.md`).
    pub fn file(mut self, rel: &str, text: &str) -> Self {
        self.set(rel, text);
        self
    }

    /// Like [`Fixture::file`], for changing a fixture between builds.
    pub fn set(&mut self, rel: &str, text: &str) {
        self.removed.retain(|r| r != rel);
        self.files.insert(rel.into(), text.into());
    }

    pub fn text(&self, rel: &str) -> &str {
        &self.files[rel]
    }

    pub fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    pub fn default_out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    /// The temporary folder holding `site/` and `out/`.
    pub fn tmp(&self) -> &Path {
        self.dir.path()
    }

    pub fn raamat_toml(&self) -> String {
        let mut s = format!("base_url = \"{}\"\n", self.base_url);
        for l in &self.top {
            s.push_str(l);
            s.push('\n');
        }
        s.push_str(&self.languages);
        s
    }

    /// Writes raamat.toml and every file into the site folder.
    pub fn write(&self) -> PathBuf {
        let root = self.root();
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join("raamat.toml"), self.raamat_toml()).unwrap();
        for rel in &self.removed {
            let _ = std::fs::remove_file(root.join(rel));
        }
        for (rel, text) in &self.files {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        root
    }

    /// Builds into `<tmp>/out`.
    pub fn build(&self) -> Built {
        self.build_to(&self.default_out())
    }

    pub fn build_to(&self, out: &Path) -> Built {
        let root = self.write();
        let report = raamat::build(&BuildOptions {
            root,
            out: Some(out.to_path_buf()),
            drafts: self.drafts,
            preview: false,
        })
        .expect("the build could start");
        Built {
            report,
            out: out.to_path_buf(),
            _dir: Rc::clone(&self.dir),
        }
    }
}

/// The outcome of a build and its output folder.
pub struct Built {
    pub report: BuildReport,
    pub out: PathBuf,
    /// Keeps the temporary folder alive as long as the result is used.
    _dir: Rc<tempfile::TempDir>,
}

pub fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("bad selector {s}: {e:?}"))
}

impl Built {
    pub fn diagnostics(&self) -> String {
        self.report
            .diagnostics
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Panics with every diagnostic unless the build succeeded.
    pub fn ok(self) -> Self {
        assert!(
            self.report.succeeded(),
            "build failed:\n{}",
            self.diagnostics()
        );
        self
    }

    pub fn errors(&self) -> Vec<&Diagnostic> {
        self.report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect()
    }

    pub fn warnings(&self) -> Vec<&Diagnostic> {
        self.report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .collect()
    }

    /// A URL path (`/et/handbook/`) or file (`sitemap.xml`) → file in the output.
    pub fn path(&self, url: &str) -> PathBuf {
        let rel = url.trim_start_matches('/');
        if rel.is_empty() || rel.ends_with('/') {
            self.out.join(format!("{rel}index.html"))
        } else {
            self.out.join(rel)
        }
    }

    pub fn exists(&self, url: &str) -> bool {
        self.path(url).is_file()
    }

    pub fn read(&self, url: &str) -> String {
        let p = self.path(url);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
    }

    pub fn html(&self, url: &str) -> Page {
        Page {
            url: url.into(),
            doc: Html::parse_document(&self.read(url)),
        }
    }
}

/// A built HTML page.
pub struct Page {
    pub url: String,
    pub doc: Html,
}

impl Page {
    pub fn all(&self, selector: &str) -> Vec<ElementRef<'_>> {
        self.doc.select(&sel(selector)).collect()
    }

    pub fn one(&self, selector: &str) -> ElementRef<'_> {
        let found = self.all(selector);
        assert_eq!(
            found.len(),
            1,
            "{}: expected exactly one `{selector}`, found {}",
            self.url,
            found.len()
        );
        found[0]
    }

    pub fn has(&self, selector: &str) -> bool {
        !self.all(selector).is_empty()
    }

    pub fn attr(&self, selector: &str, name: &str) -> String {
        self.one(selector)
            .value()
            .attr(name)
            .unwrap_or_else(|| panic!("{}: `{selector}` has no {name}", self.url))
            .to_string()
    }

    pub fn text(&self, selector: &str) -> String {
        text(self.one(selector))
    }

    /// Every `href` matching the selector.
    pub fn hrefs(&self, selector: &str) -> Vec<String> {
        self.all(selector)
            .iter()
            .filter_map(|e| e.value().attr("href").map(str::to_string))
            .collect()
    }
}

pub fn text(e: ElementRef<'_>) -> String {
    e.text().collect::<String>()
}

/// Every file below `dir`, as `/`-separated relative paths, sorted.
pub fn walk(dir: &Path) -> Vec<String> {
    fn go(base: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let e = e.unwrap();
            let p = e.path();
            if e.file_type().unwrap().is_dir() {
                go(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).unwrap();
                out.push(
                    rel.components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/"),
                );
            }
        }
    }
    let mut out = Vec::new();
    go(dir, dir, &mut out);
    out.sort();
    out
}

/// Reads every file below `dir` into a map: relative path → bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walk(dir)
        .into_iter()
        .map(|rel| {
            let bytes = std::fs::read(dir.join(&rel)).unwrap();
            (rel, bytes)
        })
        .collect()
}

/// Names in `dir` of staging folders a build left behind (`.x.raamat-new-…`).
pub fn staging_leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".raamat-"))
        .collect()
}
