//! `raamat new`: creates a site, a page or a course in every configured language.
//!
//! Nothing is ever overwritten. Every target path is checked before the first
//! file is written; if one of them exists, nothing is created and all of them
//! are named. A write that fails half-way removes what the call had created.
//!
//! Placeholders carry the literal marker `TODO`, so that authors (and
//! `raamat check`) can find what is still to be written.

mod samples;

use crate::config::Config;
use crate::i18n::dates::Date;
use crate::i18n::slug::slugify;
use crate::source::front_matter::split_as;
use crate::usage::UsageError;
use samples::*;
use serde::Deserialize;
use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Why `raamat new` created nothing.
#[derive(Debug)]
pub enum NewError {
    /// Wrong arguments, no usable site, or the paths exist already.
    Usage(UsageError),
    /// Reading or writing failed; files created by this call were removed.
    Io(io::Error),
}

impl fmt::Display for NewError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NewError::Usage(e) => e.fmt(f),
            NewError::Io(e) => write!(
                f,
                "cannot create the files: {e}\n  hint: check that the folder exists and is writable; nothing was left half-created"
            ),
        }
    }
}

impl std::error::Error for NewError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            NewError::Usage(e) => Some(e),
            NewError::Io(e) => Some(e),
        }
    }
}

impl From<io::Error> for NewError {
    fn from(e: io::Error) -> Self {
        NewError::Io(e)
    }
}

fn usage(message: impl fmt::Display, hint: impl fmt::Display) -> NewError {
    NewError::Usage(UsageError::refused(message, hint))
}

fn exists(paths: Vec<PathBuf>) -> NewError {
    NewError::Usage(UsageError::Exists(paths))
}

/// The languages raamat has sample text for; any other code gets English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tongue {
    Et,
    Ru,
    En,
}

impl Tongue {
    fn of(code: &str) -> Tongue {
        let primary = code.split('-').next().unwrap_or("").to_ascii_lowercase();
        match primary.as_str() {
            "et" => Tongue::Et,
            "ru" => Tongue::Ru,
            _ => Tongue::En,
        }
    }

    fn pick(self, et: &'static str, ru: &'static str, en: &'static str) -> &'static str {
        match self {
            Tongue::Et => et,
            Tongue::Ru => ru,
            Tongue::En => en,
        }
    }
}

/// Writes one file's text in a language.
type TextOf = fn(Tongue) -> String;

/// A TOML basic string.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A Markdown file: TOML front matter (`title`, then `fields` as written), then `body`.
fn markdown(title: &str, fields: &[String], body: &str) -> String {
    let mut s = format!("+++\ntitle = {}\n", quoted(title));
    for field in fields {
        s.push_str(field);
        s.push('\n');
    }
    s.push_str("+++\n\n");
    s.push_str(body.trim_start_matches('\n'));
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

/// `a/b/c` below `base`, as a relative path.
fn rel(parts: &[&str]) -> PathBuf {
    parts
        .iter()
        .flat_map(|p| p.split('/'))
        .filter(|p| !p.is_empty())
        .collect()
}

/// The files one command will create, relative to the root.
#[derive(Default)]
struct Plan {
    files: Vec<(PathBuf, String)>,
}

impl Plan {
    fn add(&mut self, path: PathBuf, text: String) {
        self.files.push((path, text));
    }

    /// Targets that exist already (as anything, even a broken link).
    fn existing(&self, root: &Path) -> Vec<PathBuf> {
        self.files
            .iter()
            .filter(|(p, _)| root.join(p).symlink_metadata().is_ok())
            .map(|(p, _)| p.clone())
            .collect()
    }

    /// Writes every file, never replacing one; on failure removes what it made.
    fn write(self, root: &Path) -> Result<Vec<PathBuf>, NewError> {
        let mut made_dirs: Vec<PathBuf> = Vec::new();
        let mut made_files: Vec<PathBuf> = Vec::new();
        let mut created = Vec::new();
        for (path, text) in &self.files {
            let absolute = root.join(path);
            let result =
                make_dirs(absolute.parent().unwrap_or(root), &mut made_dirs).and_then(|()| {
                    let mut file = std::fs::OpenOptions::new()
                        .write(true)
                        .create_new(true)
                        .open(&absolute)?;
                    made_files.push(absolute.clone());
                    file.write_all(text.as_bytes())?;
                    file.sync_all()
                });
            if let Err(e) = result {
                for f in made_files.iter().rev() {
                    let _ = std::fs::remove_file(f);
                }
                for d in made_dirs.iter().rev() {
                    let _ = std::fs::remove_dir(d);
                }
                if e.kind() == io::ErrorKind::AlreadyExists {
                    return Err(exists(vec![path.clone()]));
                }
                return Err(NewError::Io(io::Error::new(
                    e.kind(),
                    format!("{}: {e}", absolute.display()),
                )));
            }
            created.push(path.clone());
        }
        Ok(created)
    }
}

/// Creates `dir` and its missing ancestors, remembering each one it created.
fn make_dirs(dir: &Path, made: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut missing = Vec::new();
    let mut cur = Some(dir);
    while let Some(d) = cur {
        if d.as_os_str().is_empty() || d.is_dir() {
            break;
        }
        missing.push(d.to_path_buf());
        cur = d.parent();
    }
    for d in missing.into_iter().rev() {
        match std::fs::create_dir(&d) {
            Ok(()) => made.push(d),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && d.is_dir() => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// The site's configuration, or a usage error that says what to do.
fn load_config(root: &Path) -> Result<Config, NewError> {
    let path = root.join("raamat.toml");
    if !path.is_file() {
        return Err(usage(
            format!("no raamat.toml in {}", root.display()),
            "run raamat in the site's folder or pass --root DIR; `raamat new site DIR` creates a new site",
        ));
    }
    Config::load(&path, Path::new("raamat.toml")).map_err(|problems| {
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        NewError::Usage(UsageError::Refused(format!(
            "raamat.toml has to be fixed first:\n{}",
            text.join("\n")
        )))
    })
}

fn codes_of(config: &Config) -> Vec<String> {
    config.languages.iter().map(|l| l.code.clone()).collect()
}

// ---------------------------------------------------------------------------
// raamat new site

/// `raamat new site DIR`: a complete Estonian–Russian site with a handbook
/// chapter and a sample course that builds without errors. Refuses a `dir`
/// that exists and is not an empty folder. Returns the files created,
/// relative to `dir`.
pub fn new_site(dir: &Path) -> Result<Vec<PathBuf>, NewError> {
    if let Ok(meta) = dir.symlink_metadata() {
        let empty = meta.is_dir() && std::fs::read_dir(dir)?.next().is_none();
        if !empty {
            return Err(exists(vec![dir.to_path_buf()]));
        }
    }
    let mut plan = Plan::default();
    plan.add(rel(&["raamat.toml"]), SITE_TOML.to_string());
    plan.add(rel(&[".gitignore"]), GITIGNORE.to_string());
    let pages: [(&str, TextOf); 5] = [
        ("_index", home_page),
        ("about", about_page),
        ("courses/_index", courses_index),
        ("handbook/_index", handbook_index),
        ("handbook/esimene-peatukk", sample_chapter),
    ];
    for (name, page) in pages {
        for code in SITE_LANGUAGES {
            plan.add(
                rel(&["content", &format!("{name}.{code}.md")]),
                page(Tongue::of(code)),
            );
        }
    }
    let codes: Vec<String> = SITE_LANGUAGES.iter().map(|c| c.to_string()).collect();
    course_files(&mut plan, &codes, SAMPLE_COURSE);
    plan.write(dir)
}

// ---------------------------------------------------------------------------
// raamat new page

/// Just the weight of an existing page; every other field is ignored.
#[derive(Deserialize)]
struct WeightOnly {
    #[serde(default)]
    weight: i64,
}

fn weight_of(file: &Path) -> Option<i64> {
    let text = std::fs::read_to_string(file).ok()?;
    split_as::<WeightOnly>(&text, file, &[])
        .ok()
        .map(|(w, _, _)| w.weight)
}

/// The smallest multiple of 10 above every weight of the entries in `folder`
/// (its pages, folder pages and subsections, in any configured language); 10
/// for an empty or missing folder.
fn next_weight(folder: &Path, codes: &[String]) -> i64 {
    let mut highest: Option<i64> = None;
    let mut note = |w: Option<i64>| {
        if let Some(w) = w {
            highest = Some(highest.map_or(w, |h| h.max(w)));
        }
    };
    let Ok(entries) = std::fs::read_dir(folder) else {
        return 10;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            for base in ["_index", "index"] {
                for code in codes {
                    let f = path.join(format!("{base}.{code}.md"));
                    if f.is_file() {
                        note(weight_of(&f));
                    }
                }
            }
        } else if let Some((base, code)) = name
            .strip_suffix(".md")
            .and_then(|stem| stem.rsplit_once('.'))
        {
            if base != "_index" && base != "index" && codes.iter().any(|c| c == code) {
                note(weight_of(&path));
            }
        }
    }
    match highest {
        None => 10,
        Some(h) => (h.div_euclid(10) + 1) * 10,
    }
}

/// The section folders of `SECTION/NAME`, checked, and NAME's slug.
fn parse_page_path(path: &str, codes: &[String]) -> Result<(Vec<String>, String), NewError> {
    let cleaned = path.trim().replace('\\', "/");
    let cleaned = cleaned.trim_start_matches("./");
    let cleaned = cleaned.strip_prefix("content/").unwrap_or(cleaned);
    let cleaned = cleaned.trim_start_matches('/');
    let parts: Vec<&str> = cleaned.split('/').collect();
    let (name, section) = parts.split_last().expect("split gives at least one part");
    let mut folders = Vec::new();
    for part in section {
        let part = part.trim();
        if part.is_empty() || part == "." || part == ".." || part.starts_with('.') {
            return Err(usage(
                format!("`{path}` is not a page path inside content/"),
                "write SECTION/NAME, e.g. `handbook/uus-peatukk`, or just NAME for a top-level page",
            ));
        }
        folders.push(part.to_string());
    }
    let mut stem = name.trim();
    stem = stem.strip_suffix(".md").unwrap_or(stem);
    if let Some((base, code)) = stem.rsplit_once('.') {
        if codes.iter().any(|c| c == code) {
            stem = base;
        }
    }
    let slug = slugify(stem);
    if slug.is_empty() {
        return Err(usage(
            format!("`{path}` does not end in a page name"),
            "write SECTION/NAME with a name of letters or digits, e.g. `handbook/uus-peatukk`",
        ));
    }
    if slug == "index" {
        return Err(usage(
            format!("`{stem}` is reserved for a section's own page"),
            "choose another page name; a section's page is content/SECTION/_index.<lang>.md",
        ));
    }
    Ok((folders, slug))
}

/// `raamat new page SECTION/NAME`: `content/SECTION/NAME.<lang>.md` in every
/// language of the site, weighted after the section's existing pages and dated
/// `today`. Missing section folders get their `_index.<lang>.md` too. Returns
/// the files created, relative to `root`.
pub fn new_page(root: &Path, path: &str, today: Date) -> Result<Vec<PathBuf>, NewError> {
    let config = load_config(root)?;
    let codes = codes_of(&config);
    let (folders, slug) = parse_page_path(path, &codes)?;
    let content = root.join("content");

    let mut plan = Plan::default();
    let mut in_the_way = Vec::new();
    // Each missing folder on the way becomes a section with its own page.
    let mut section_exists = true;
    for depth in 0..=folders.len() {
        let prefix = folders[..depth].join("/");
        let folder = content.join(&prefix);
        if folder.is_dir() {
            let index = codes
                .iter()
                .map(|c| rel(&["content", &prefix, &format!("index.{c}.md")]))
                .find(|p| depth > 0 && root.join(p).is_file());
            if let Some(index) = index {
                return Err(usage(
                    format!(
                        "`{prefix}` is a folder page ({}), so it cannot hold other pages",
                        index.display()
                    ),
                    format!(
                        "put the new page in another section, or make the folder a section: rename content/{prefix}/index.<lang>.md to _index.<lang>.md"
                    ),
                ));
            }
            continue;
        }
        if depth > 0 {
            let clashes: Vec<PathBuf> = codes
                .iter()
                .map(|c| rel(&["content", &format!("{prefix}.{c}.md")]))
                .filter(|p| root.join(p).exists())
                .collect();
            if let Some(first) = clashes.first() {
                return Err(usage(
                    format!(
                        "`{prefix}` is a page ({}), so it cannot hold other pages",
                        first.display()
                    ),
                    format!(
                        "put the new page in another section, or turn the page into a section: move it to content/{prefix}/_index.<lang>.md"
                    ),
                ));
            }
            if folder.exists() {
                in_the_way.push(rel(&["content", &prefix]));
            }
        }
        section_exists = false;
        let weight = if depth == 0 {
            None
        } else if content.join(folders[..depth - 1].join("/")).is_dir() {
            Some(next_weight(
                &content.join(folders[..depth - 1].join("/")),
                &codes,
            ))
        } else {
            Some(10)
        };
        for code in &codes {
            plan.add(
                rel(&["content", &prefix, &format!("_index.{code}.md")]),
                section_text(Tongue::of(code), weight),
            );
        }
    }

    let section = folders.join("/");
    let weight = if section_exists {
        next_weight(&content.join(&section), &codes)
    } else {
        10
    };
    for code in &codes {
        plan.add(
            rel(&["content", &section, &format!("{slug}.{code}.md")]),
            page_text(Tongue::of(code), weight, today),
        );
    }

    // A folder page or a section of the same name would have the same URL.
    let mut existing = plan.existing(root);
    for base in ["index", "_index"] {
        for code in &codes {
            let p = rel(&["content", &section, &slug, &format!("{base}.{code}.md")]);
            if root.join(&p).exists() {
                existing.push(p);
            }
        }
    }
    existing.extend(in_the_way);
    if !existing.is_empty() {
        return Err(exists(existing));
    }
    plan.write(root)
}

// ---------------------------------------------------------------------------
// raamat new course

fn valid_course_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Adds a course's files in `codes` to the plan.
fn course_files(plan: &mut Plan, codes: &[String], id: &str) {
    plan.add(rel(&["courses", id, "course.toml"]), course_toml(codes, id));
    let modules: [(&str, TextOf); 2] = [
        ("01-sissejuhatus", intro_module),
        ("02-lopptest", test_module),
    ];
    for (name, module) in modules {
        for code in codes {
            plan.add(
                rel(&["courses", id, &format!("{name}.{code}.md")]),
                module(Tongue::of(code)),
            );
        }
    }
}

/// `raamat new course ID`: `courses/ID/` with course.toml, an introduction
/// with a knowledge check and a final test, in every language of the site.
/// Returns the files created, relative to `root`.
pub fn new_course(root: &Path, id: &str) -> Result<Vec<PathBuf>, NewError> {
    if !valid_course_id(id) {
        let suggestion = slugify(id);
        let hint = if suggestion.is_empty() || suggestion == id {
            "use lowercase letters a–z, digits and -, e.g. `juhtumikorraldus`".to_string()
        } else {
            format!("use lowercase letters a–z, digits and -, e.g. `{suggestion}`")
        };
        return Err(usage(
            format!("`{id}` cannot be a course id: it may only have a–z, 0–9 and -"),
            hint,
        ));
    }
    let config = load_config(root)?;
    let codes = codes_of(&config);
    let mut plan = Plan::default();
    course_files(&mut plan, &codes, id);

    let mut existing = plan.existing(root);
    let folder = rel(&["courses", id]);
    if existing.is_empty() {
        // Files of another course in the same folder would mix with the new ones.
        let occupied = match std::fs::read_dir(root.join(&folder)) {
            Ok(mut entries) => entries.next().is_some(),
            Err(_) => root.join(&folder).symlink_metadata().is_ok(),
        };
        if occupied {
            existing.push(folder);
        }
    }
    // A content page at courses/ID would take the course's URL.
    let page_folder = rel(&["content", "courses", id]);
    if root.join(&page_folder).exists() {
        existing.push(page_folder);
    }
    for code in &codes {
        let p = rel(&["content", "courses", &format!("{id}.{code}.md")]);
        if root.join(&p).exists() {
            existing.push(p);
        }
    }
    if !existing.is_empty() {
        return Err(exists(existing));
    }
    plan.write(root)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_and_paths() {
        let codes = vec!["et".to_string(), "ru".to_string()];
        let (folders, slug) = parse_page_path("handbook/Uus peatükk", &codes).unwrap();
        assert_eq!(folders, vec!["handbook"]);
        assert_eq!(slug, "uus-peatukk");
        let (folders, slug) = parse_page_path("content/a/b/x.et.md", &codes).unwrap();
        assert_eq!(folders, vec!["a", "b"]);
        assert_eq!(slug, "x");
        let (folders, _) = parse_page_path("meist", &codes).unwrap();
        assert!(folders.is_empty());
        assert!(parse_page_path("handbook/", &codes).is_err());
        assert!(parse_page_path("../x", &codes).is_err());
        assert!(parse_page_path("a/_index", &codes).is_err());
        assert_eq!(quoted("a\"b\\"), "\"a\\\"b\\\\\"");
    }

    #[test]
    fn course_ids() {
        assert!(valid_course_id("kursus-2"));
        assert!(!valid_course_id("Kursus"));
        assert!(!valid_course_id(""));
        assert!(!valid_course_id("a_b"));
    }
}
