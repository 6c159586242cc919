//! The offline copy of a handbook: `/<lang>/<section>.zip`, the handbook's pages in
//! one language with the theme, the language's search page with an index of the
//! handbook alone, and the files the pages show, made from the site just written. Inside the zip every
//! link between those files is relative and names `index.html`, so the copy
//! works opened from disk; links to anything else go to the public site.

use super::search::LanguageIndex;
use crate::content::{EntryKind, Site};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::archive::{pack, Level, Packed, Zip};
use crate::output::Memory;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

/// Fast deflate: nearly as small, a fraction of the time on a big site.
const LEVEL: Level = Level(1);

/// Whether the top-level section `id` gets an offline copy in `lang`.
pub fn is_offline_book(site: &Site, lang: usize, id: usize) -> bool {
    site.config.offline_copies && super::site::is_handbook(site, lang, id)
}

/// The copy's path below the output: `et/handbook.zip`.
pub fn zip_path(site: &Site, lang: usize, id: usize) -> Option<String> {
    let p = site.views[lang].placements[id].as_ref()?;
    Some(format!("{}.zip", p.path.trim_end_matches('/')))
}

/// Files below `dir/prefix`, as `/`-separated paths below `dir`.
fn files_under(dir: &Path, prefix: &str) -> Vec<String> {
    walkdir::WalkDir::new(dir.join(prefix))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            e.path()
                .strip_prefix(dir)
                .ok()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
        })
        .collect()
}

/// `target` (a path below the site, `/`-separated; a folder ends in `/`)
/// relative to the folder of the file `from`, with `index.html` for a folder.
fn relative(from: &str, target: &str) -> String {
    let from_dir: Vec<&str> = from.split('/').collect::<Vec<_>>();
    let from_dir = &from_dir[..from_dir.len() - 1];
    let mut target = target.to_string();
    if target.is_empty() || target.ends_with('/') {
        target.push_str("index.html");
    }
    let to: Vec<&str> = target.split('/').collect();
    let common = from_dir.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out = "../".repeat(from_dir.len() - common);
    out.push_str(&to[common..].join("/"));
    out
}

/// An HTML file of the copy with its links made relative: a path the copy
/// holds becomes relative to `file`; another path of the site becomes an
/// address on the public site.
fn rewrite(
    html: &str,
    file: &str,
    base_path: &str,
    base_url: &str,
    held: &dyn Fn(&str) -> bool,
) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    // Every `="` once, in one pass: the attribute is the name before it.
    while let Some(at) = rest.find("=\"") {
        let value_start = at + 2;
        out.push_str(&rest[..value_start]);
        rest = &rest[value_start..];
        let is_link = [" href=\"", " src=\"", " action=\""]
            .iter()
            .any(|a| html_boundary(&out, a));
        let end = rest.find('"').unwrap_or(rest.len());
        let value = &rest[..end];
        match value.strip_prefix(base_path) {
            Some(site_path) if is_link && !value.starts_with("//") => {
                let cut = site_path.find(['#', '?']).unwrap_or(site_path.len());
                let (path, suffix) = site_path.split_at(cut);
                if held(path) {
                    out.push_str(&relative(file, path));
                } else {
                    out.push_str(base_url.trim_end_matches('/'));
                    out.push('/');
                    out.push_str(path);
                }
                out.push_str(suffix);
            }
            _ => out.push_str(value),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Whether `out` ends with the attribute `attr` (` href="`) after white space
/// of any kind (so `data-href="` is left alone).
fn html_boundary(out: &str, attr: &str) -> bool {
    let name = &attr[1..];
    out.strip_suffix(name)
        .and_then(|before| before.chars().next_back())
        .is_some_and(char::is_whitespace)
}

/// Writes the offline copies of language `lang` into the site written at
/// `dir`, each with its part of the language's search `index` (`None`: the
/// site has no search).
pub fn write_language(
    site: &Site,
    tera: &tera::Tera,
    lang: usize,
    index: Option<&LanguageIndex>,
    dir: &Path,
    diags: &Diagnostics,
) -> Vec<(String, usize)> {
    let base_path = site.config.base_path();
    let base_url = site.config.base_url.clone();
    // The theme is the same in every copy: compressed once. (A file that
    // cannot be read is read again for each copy, which reports it.)
    let theme: BTreeMap<String, Option<Packed>> = files_under(dir, "theme")
        .into_par_iter()
        .map(|f| {
            let packed = std::fs::read(dir.join(&f)).ok().map(|b| pack(&b, LEVEL));
            (f, packed)
        })
        .collect();
    let books: Vec<usize> = site.entries[Site::ROOT]
        .children
        .iter()
        .copied()
        .filter(|&id| {
            site.entries[id].kind == EntryKind::Section && is_offline_book(site, lang, id)
        })
        .collect();
    // One copy per thread: each is independent, and compressing is the work.
    books
        .par_iter()
        .filter_map(|&id| {
            let code = &site.config.languages[lang].code;
            let placement = site.views[lang].placements[id].as_ref()?;
            let zip_rel = zip_path(site, lang, id)?;
            let (search_page, index) = match index {
                Some(index) => {
                    let page = super::site::book_search_page(site, tera, lang, id)
                        .map_err(|d| diags.push(d))
                        .ok()
                        .map(|html| (format!("{code}/search/index.html"), html));
                    let book_index = Memory::default();
                    index.write_book(site, id, &book_index, diags);
                    (page, book_index.into_files())
                }
                None => (None, Vec::new()),
            };
            let book = Book {
                dir,
                path: &placement.path,
                theme: &theme,
                search_page,
                index: &index,
                base_path: &base_path,
                base_url: &base_url,
            };
            match write_one(&book, &zip_rel) {
                Ok(size) => Some((zip_rel, size)),
                Err(e) => {
                    diags.push(Diagnostic::error(
                        Path::new(&zip_rel),
                        0,
                        format!("cannot write the offline copy: {e}"),
                    ));
                    None
                }
            }
        })
        .collect()
}

/// What one copy is made of.
struct Book<'a> {
    dir: &'a Path,
    /// The handbook's folder below the site: `et/handbook/`.
    path: &'a str,
    /// The theme's files, compressed.
    theme: &'a BTreeMap<String, Option<Packed>>,
    /// The language's search page, listing the handbook's pages.
    search_page: Option<(String, String)>,
    /// The handbook's own search index.
    index: &'a [(String, Vec<u8>)],
    base_path: &'a str,
    base_url: &'a str,
}

fn write_one(b: &Book, zip_rel: &str) -> std::io::Result<usize> {
    let (dir, book, index, base_path, base_url) = (b.dir, b.path, b.index, b.base_path, b.base_url);
    let mut files: BTreeSet<String> = files_under(dir, book).into_iter().collect();
    files.extend(b.theme.keys().cloned());
    // The pages are read twice, once here and once as they are packed, so
    // that a copy never holds all of its pages at once.
    let mut pages: BTreeSet<String> = files
        .iter()
        .filter(|f| f.ends_with(".html"))
        .cloned()
        .collect();
    if let Some((path, _)) = &b.search_page {
        files.insert(path.clone());
        pages.insert(path.clone());
    }
    let page = |f: &str| -> std::io::Result<String> {
        match &b.search_page {
            Some((path, html)) if path == f => Ok(html.clone()),
            _ => std::fs::read_to_string(dir.join(f)),
        }
    };
    // Files the pages show (images, PDFs) that live outside the book's folder.
    let mut extra = BTreeSet::new();
    let mut checked: HashSet<String> = HashSet::new();
    for f in &pages {
        let html = page(f)?;
        for attr in ["src=\"", "href=\""] {
            for part in html.split(attr).skip(1) {
                let value = part.split('"').next().unwrap_or("");
                let Some(p) = value.strip_prefix(base_path) else {
                    continue;
                };
                let p = p.split(['#', '?']).next().unwrap_or("");
                if !p.is_empty()
                    && !p.ends_with('/')
                    && !p.ends_with(".zip")
                    && !files.contains(p)
                    && !checked.contains(p)
                {
                    checked.insert(p.to_string());
                    if dir.join(p).is_file() {
                        extra.insert(p.to_string());
                    }
                }
            }
        }
    }
    files.extend(extra);
    let folders: HashSet<&str> = files
        .iter()
        .filter_map(|f| f.strip_suffix("index.html"))
        .collect();
    let index_files: HashSet<&str> = index.iter().map(|(f, _)| f.as_str()).collect();
    let held = |p: &str| files.contains(p) || folders.contains(p) || index_files.contains(p);
    let top = format!(
        "{}-{}",
        book.trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("book"),
        book.split('/').next().unwrap_or("")
    );
    let mut zip = Zip::new(LEVEL);
    // A start page at the top of the copy.
    let start = format!(
        "<!DOCTYPE html>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"refresh\" content=\"0; url={0}\">\n<title>{0}</title>\n<a href=\"{0}\">{0}</a>\n",
        relative("index.html", book)
    );
    zip.file(&format!("{top}/index.html"), start.as_bytes())?;
    for f in files.iter().filter(|f| !f.ends_with(".zip")) {
        let name = format!("{top}/{f}");
        if pages.contains(f) {
            let mut html = rewrite(&page(f)?, f, base_path, base_url, &held);
            if f.ends_with("/search/index.html") {
                // search.js turns the index's site addresses into files of the copy.
                let root = relative(f, "index.html");
                let root = root.strip_suffix("index.html").unwrap_or("");
                html = html.replacen(
                    "id=\"search-page\"",
                    &format!(
                        "id=\"search-page\" data-offline-root=\"{root}\" data-offline-book=\"{}\" data-online=\"{}\" data-base-path=\"{}\"",
                        crate::escape::html(book),
                        crate::escape::html(base_url),
                        crate::escape::html(base_path)
                    ),
                    1,
                );
            }
            zip.file(&name, html.as_bytes())?;
        } else if let Some(Some(packed)) = b.theme.get(f) {
            zip.packed(&name, packed)?;
        } else {
            zip.file(&name, &std::fs::read(dir.join(f))?)?;
        }
    }
    for (f, bytes) in index {
        zip.file(&format!("{top}/{f}"), bytes)?;
    }
    let bytes = zip.finish()?;
    let path = dir.join(zip_rel);
    std::fs::write(&path, &bytes)?;
    Ok(bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_name_index_html() {
        assert_eq!(
            relative("et/handbook/a/index.html", "et/handbook/b/"),
            "../b/index.html"
        );
        assert_eq!(
            relative("et/handbook/index.html", "et/handbook/b/"),
            "b/index.html"
        );
        assert_eq!(
            relative("et/handbook/a/index.html", "theme/style.css"),
            "../../../theme/style.css"
        );
        assert_eq!(
            relative("index.html", "et/handbook/"),
            "et/handbook/index.html"
        );
    }

    #[test]
    fn links_the_copy_holds_become_relative_and_others_go_online() {
        let html = r#"<a href="/et/handbook/b/#x">B</a> <a href="/et/other/">O</a> <img src="/handbook/a.svg"> <form action="/et/search/"> <a href="https://x.ee/">X</a> <p data-href="/et/handbook/b/">"#;
        let held = |p: &str| matches!(p, "et/handbook/b/" | "handbook/a.svg" | "et/search/");
        let out = rewrite(
            html,
            "et/handbook/a/index.html",
            "/",
            "https://juhend.example.ee/",
            &held,
        );
        assert!(out.contains(r#"href="../b/index.html#x""#), "{out}");
        assert!(
            out.contains(r#"href="https://juhend.example.ee/et/other/""#),
            "{out}"
        );
        assert!(out.contains(r#"src="../../../handbook/a.svg""#), "{out}");
        assert!(out.contains(r#"action="../../search/index.html""#), "{out}");
        assert!(out.contains(r#"href="https://x.ee/""#));
        assert!(out.contains(r#"data-href="/et/handbook/b/""#), "{out}");
    }
}
