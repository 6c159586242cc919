//! The offline copy of a handbook: `/<lang>/<section>.zip`, the handbook's pages in
//! one language with the theme, the language's search page with an index of the
//! handbook alone, and the files the pages show, made from the site just written. Inside the zip every
//! link between those files is relative and names `index.html`, so the copy
//! works opened from disk; links to anything else go to the public site.

use super::search::LanguageIndex;
use crate::content::{EntryId, EntryKind, Site};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::archive::{pack, Earlier, Level, Packed, Zip};
use crate::output::Writer;
use crate::theme::Templates;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;
use std::sync::Mutex;

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
/// address on the public site. `held(path, shown)` says whether the copy holds
/// `path`; `shown` is true for `href` and `src`, whose file the copy may take in.
/// Read as bytes: the pages are the build's own, and their text is never
/// looked at, only the ASCII around attribute values.
fn rewrite(
    html: &[u8],
    file: &str,
    base_path: &str,
    base_url: &str,
    held: &mut dyn FnMut(&str, bool) -> bool,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    // Every `="` once, in one pass: the attribute is the name before it.
    let finder = memchr::memmem::Finder::new(b"=\"");
    while let Some(at) = finder.find(rest) {
        let value_start = at + 2;
        out.extend_from_slice(&rest[..value_start]);
        rest = &rest[value_start..];
        let attribute = [b"href=\"".as_slice(), b"src=\"", b"action=\""]
            .into_iter()
            .find(|a| html_boundary(&out, a));
        let end = memchr::memchr(b'"', rest).unwrap_or(rest.len());
        let value = &rest[..end];
        let site_path = value
            .strip_prefix(base_path.as_bytes())
            .filter(|_| attribute.is_some() && !value.starts_with(b"//"))
            .and_then(|p| std::str::from_utf8(p).ok());
        match site_path {
            Some(site_path) => {
                let cut = site_path.find(['#', '?']).unwrap_or(site_path.len());
                let (path, suffix) = site_path.split_at(cut);
                if held(path, attribute != Some(b"action=\"".as_slice())) {
                    out.extend_from_slice(relative(file, path).as_bytes());
                } else {
                    out.extend_from_slice(base_url.trim_end_matches('/').as_bytes());
                    out.push(b'/');
                    out.extend_from_slice(path.as_bytes());
                }
                out.extend_from_slice(suffix.as_bytes());
            }
            None => out.extend_from_slice(value),
        }
        rest = &rest[end..];
    }
    out.extend_from_slice(rest);
    out
}

/// Whether `out` ends with the attribute `name` (`href="`) after HTML's white
/// space (so `data-href="` is left alone).
fn html_boundary(out: &[u8], name: &[u8]) -> bool {
    out.strip_suffix(name)
        .and_then(|before| before.last())
        .is_some_and(u8::is_ascii_whitespace)
}

/// Writes the offline copies of language `lang` with `out`, made from the
/// site it wrote at `dir`, each with its part of the language's search
/// `index` (`None`: the site has no search); only those of `only`'s
/// handbooks, if given.
#[allow(clippy::too_many_arguments)]
pub fn write_language(
    site: &Site,
    tera: &Templates,
    lang: usize,
    index: Option<&LanguageIndex>,
    dir: &Path,
    out: &dyn Writer,
    diags: &Diagnostics,
    only: Option<&[EntryId]>,
) -> Vec<(String, usize)> {
    let base_path = site.config.base_path();
    let base_url = site.config.base_url.clone();
    // The theme is the same in every copy: compressed once. (A file that
    // cannot be read is read again for each copy, which reports it.)
    let theme: BTreeMap<String, Option<Packed>> = files_under(dir, "theme")
        .into_par_iter()
        .map(|f| {
            let packed = std::fs::read(dir.join(&f))
                .ok()
                .map(|b| pack(&f, &b, LEVEL));
            (f, packed)
        })
        .collect();
    let books: Vec<usize> = site.entries[Site::ROOT]
        .children
        .iter()
        .copied()
        .filter(|&id| {
            site.entries[id].kind == EntryKind::Section
                && is_offline_book(site, lang, id)
                && only.is_none_or(|only| only.contains(&id))
        })
        .collect();
    // Copies in parallel, and the files of each copy too (`add_in_order`):
    // compressing is the work, and a site may be one big handbook.
    books
        .par_iter()
        .filter_map(|&id| {
            let code = &site.config.languages[lang].code;
            let placement = site.views[lang].placements[id].as_ref()?;
            let zip_rel = zip_path(site, lang, id)?;
            let earlier = out
                .previous(&zip_rel)
                .map(|zip| Earlier::open(&zip, LEVEL))
                .unwrap_or_default();
            let top = top_folder(&placement.path);
            let (search_page, index) = match index {
                Some(index) => {
                    let page = super::site::book_search_page(site, tera, lang, id)
                        .map_err(|d| diags.push(d))
                        .ok()
                        .map(|html| (format!("{code}/search/index.html"), html));
                    let book_index = Packing {
                        top: &top,
                        earlier: &earlier,
                        files: Mutex::default(),
                    };
                    index.write_book(site, id, &book_index, diags);
                    (page, book_index.into_files())
                }
                None => (None, Vec::new()),
            };
            let book = Book {
                dir,
                path: &placement.path,
                top: &top,
                theme: &theme,
                search_page,
                index: &index,
                base_path: &base_path,
                base_url: &base_url,
            };
            match out.write_made(&zip_rel, &mut |file| pack_one(&book, &earlier, file)) {
                Ok(size) => Some((zip_rel, size as usize)),
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
    /// The folder at the top of the copy ([`top_folder`]).
    top: &'a str,
    /// The theme's files, compressed.
    theme: &'a BTreeMap<String, Option<Packed>>,
    /// The language's search page, listing the handbook's pages.
    search_page: Option<(String, Vec<u8>)>,
    /// The handbook's own search index, packed.
    index: &'a [(String, Packed)],
    base_path: &'a str,
    base_url: &'a str,
}

/// The folder at the top of the copy of the handbook at `book` (`et/handbook/`):
/// `handbook-et`, so that copies unzipped side by side do not mix.
fn top_folder(book: &str) -> String {
    format!(
        "{}-{}",
        book.trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("book"),
        book.split('/').next().unwrap_or("")
    )
}

/// Takes a copy's search index as it is written, each file packed for the
/// copy at once: a handbook's index is megabytes of text, a fraction of
/// that deflated, and its files are written in parallel.
struct Packing<'a> {
    top: &'a str,
    earlier: &'a Earlier,
    files: Mutex<Vec<(String, Packed)>>,
}

impl Packing<'_> {
    /// The files, by path: the same list whatever order they came in.
    fn into_files(self) -> Vec<(String, Packed)> {
        let mut files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        files
    }
}

impl Writer for Packing<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        let packed = self
            .earlier
            .pack(&format!("{}/{rel}", self.top), bytes, LEVEL);
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((rel.to_string(), packed));
        Ok(())
    }

    fn copy(&self, from: &Path, rel: &str) -> std::io::Result<()> {
        self.write(rel, &std::fs::read(from)?)
    }
}

/// Files of a copy packed at once, in parallel: a handbook of thousands of
/// pages is one copy, which would otherwise be one thread's work.
const PACK_BATCH: usize = 64;

/// What a copy holds, for [`rewrite`]: the files of the handbook's folder,
/// the theme and the search page, the folders they make, the search index,
/// and files from outside the folder that its pages show, found as the pages
/// are read.
struct Held<'a> {
    dir: &'a Path,
    files: &'a BTreeSet<String>,
    folders: HashSet<&'a str>,
    index_files: HashSet<&'a str>,
    /// The files taken in from outside, and every path looked for.
    outside: Mutex<(BTreeSet<String>, HashSet<String>)>,
}

impl Held<'_> {
    /// Whether the copy holds `p`, taking it in if `shown` (an `href` or a
    /// `src`) and the site has it. Pages are read in parallel, so the answer
    /// must not depend on which page comes first: a form's address is
    /// relative only to a file the copy holds anyway.
    fn holds(&self, p: &str, shown: bool) -> bool {
        if self.files.contains(p) || self.folders.contains(p) || self.index_files.contains(p) {
            return true;
        }
        if !shown || p.is_empty() || p.ends_with('/') || p.ends_with(".zip") {
            return false;
        }
        let mut outside = self.outside.lock().unwrap_or_else(|e| e.into_inner());
        let (taken, looked) = &mut *outside;
        if taken.contains(p) {
            return true;
        }
        if looked.insert(p.to_string()) && self.dir.join(p).is_file() {
            taken.insert(p.to_string());
            return true;
        }
        false
    }
}

/// Writes the zip of one copy to `out`. Files that are as they were in the
/// `earlier` copy are taken from it.
fn pack_one(b: &Book, earlier: &Earlier, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let (dir, book, index, base_path, base_url) = (b.dir, b.path, b.index, b.base_path, b.base_url);
    let mut files: BTreeSet<String> = files_under(dir, book).into_iter().collect();
    files.extend(b.theme.keys().cloned());
    if let Some((path, _)) = &b.search_page {
        files.insert(path.clone());
    }
    let held = Held {
        dir,
        files: &files,
        folders: files
            .iter()
            .filter_map(|f| f.strip_suffix("index.html"))
            .collect(),
        index_files: index.iter().map(|(f, _)| f.as_str()).collect(),
        outside: Mutex::default(),
    };
    let top = b.top;
    let mut zip = Zip::to(out, LEVEL);
    let named = |f: &str| format!("{top}/{f}");
    // A start page at the top of the copy.
    let start = format!(
        "<!DOCTYPE html>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"refresh\" content=\"0; url={0}\">\n<title>{0}</title>\n<a href=\"{0}\">{0}</a>\n",
        relative("index.html", book)
    );
    let name = named("index.html");
    zip.packed(&name, &earlier.pack(&name, start.as_bytes(), LEVEL))?;
    let own: Vec<&String> = files.iter().filter(|f| !f.ends_with(".zip")).collect();
    add_in_order(&mut zip, &own, |f| {
        let name = named(f);
        let packed = match &b.search_page {
            Some((path, html)) if path == *f => {
                let html = rewrite(html, f, base_path, base_url, &mut |p, s| held.holds(p, s));
                let html = String::from_utf8_lossy(&html);
                // search.js turns the index's site addresses into files of the copy.
                let root = relative(f, "index.html");
                let root = root.strip_suffix("index.html").unwrap_or("");
                let html = html.replacen(
                    "id=\"search-page\"",
                    &format!(
                        "id=\"search-page\" data-offline-root=\"{root}\" data-offline-book=\"{}\" data-online=\"{}\" data-base-path=\"{}\"",
                        crate::escape::html(book),
                        crate::escape::html(base_url),
                        crate::escape::html(base_path)
                    ),
                    1,
                );
                Cow::Owned(earlier.pack(&name, html.as_bytes(), LEVEL))
            }
            _ if f.ends_with(".html") => {
                let html = std::fs::read(dir.join(f))?;
                let html = rewrite(&html, f, base_path, base_url, &mut |p, s| held.holds(p, s));
                Cow::Owned(earlier.pack(&name, &html, LEVEL))
            }
            _ => match b.theme.get(*f) {
                Some(Some(packed)) => Cow::Borrowed(packed),
                _ => Cow::Owned(earlier.pack(&name, &std::fs::read(dir.join(f))?, LEVEL)),
            },
        };
        Ok((name, packed))
    })?;
    let (taken, _) = held.outside.into_inner().unwrap_or_else(|e| e.into_inner());
    let taken: Vec<&String> = taken.iter().collect();
    add_in_order(&mut zip, &taken, |f| {
        let name = named(f);
        let packed = earlier.pack(&name, &std::fs::read(dir.join(f))?, LEVEL);
        Ok((name, Cow::Owned(packed)))
    })?;
    for (f, packed) in index {
        zip.packed(&named(f), packed)?;
    }
    zip.finish().map(drop)
}

/// Adds a file to `zip` for each of `items`, in order, each named and packed
/// by `pack`: a batch at a time, the files of a batch packed in parallel.
fn add_in_order<'a, T: Sync, W: std::io::Write>(
    zip: &mut Zip<W>,
    items: &[T],
    pack: impl Fn(&T) -> std::io::Result<(String, Cow<'a, Packed>)> + Sync,
) -> std::io::Result<()> {
    for batch in items.chunks(PACK_BATCH) {
        let packed: Vec<_> = batch.par_iter().map(&pack).collect();
        for file in packed {
            let (name, packed) = file?;
            zip.packed(&name, &packed)?;
        }
    }
    Ok(())
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
        let mut held = |p: &str, _| matches!(p, "et/handbook/b/" | "handbook/a.svg" | "et/search/");
        let out = rewrite(
            html.as_bytes(),
            "et/handbook/a/index.html",
            "/",
            "https://juhend.example.ee/",
            &mut held,
        );
        let out = String::from_utf8(out).unwrap();
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

    /// The pages of a copy, each read once: files they show from outside the
    /// handbook's folder are taken in as they are found, and their links made
    /// relative; links to files the site lacks go online, and a form's
    /// address or a `data-` attribute brings no file in. Pages are read in
    /// parallel: a form's address goes online even to a file another page
    /// took in, whichever page is read first.
    #[test]
    fn files_a_page_shows_from_outside_the_handbook_come_into_the_copy() {
        let dir = tempfile::tempdir().unwrap();
        let put = |rel: &str, text: &str| {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        put(
            "et/juhend/index.html",
            r#"<img src="/pildid/skeem.svg" alt="Skeem"> <a href="/failid/vorm.pdf#lk2">Vorm</a> <img data-src="/pildid/muu.svg"> <a href="/pildid/puudub.png">?</a> <form action="/failid/ankeet.pdf"></form> Õ ж"#,
        );
        put(
            "et/juhend/osa/index.html",
            r#"<img src="/pildid/skeem.svg"> <form action="/failid/vorm.pdf"></form>"#,
        );
        put("pildid/skeem.svg", "<svg/>");
        put("pildid/muu.svg", "<svg/>");
        put("failid/vorm.pdf", "%PDF");
        put("failid/ankeet.pdf", "%PDF");
        let theme = BTreeMap::new();
        let book = Book {
            dir: dir.path(),
            path: "et/juhend/",
            top: &top_folder("et/juhend/"),
            theme: &theme,
            search_page: None,
            index: &[],
            base_path: "/",
            base_url: "https://juhend.example.ee/",
        };
        let mut bytes = Vec::new();
        pack_one(&book, &Earlier::default(), &mut bytes).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let names: Vec<String> = (0..zip.len())
            .map(|i| zip.by_index(i).unwrap().name().to_string())
            .collect();
        assert_eq!(
            names,
            [
                "juhend-et/index.html",
                "juhend-et/et/juhend/index.html",
                "juhend-et/et/juhend/osa/index.html",
                "juhend-et/failid/vorm.pdf",
                "juhend-et/pildid/skeem.svg",
            ]
        );
        let mut page = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("juhend-et/et/juhend/index.html").unwrap(),
            &mut page,
        )
        .unwrap();
        assert!(page.contains(r#"src="../../pildid/skeem.svg""#), "{page}");
        assert!(
            page.contains(r#"href="../../failid/vorm.pdf#lk2""#),
            "{page}"
        );
        assert!(page.contains(r#"data-src="/pildid/muu.svg""#), "{page}");
        assert!(
            page.contains(r#"action="https://juhend.example.ee/failid/ankeet.pdf""#),
            "{page}"
        );
        assert!(
            page.contains(r#"href="https://juhend.example.ee/pildid/puudub.png""#),
            "{page}"
        );
        assert!(page.ends_with("Õ ж"), "{page}");
        let mut part = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("juhend-et/et/juhend/osa/index.html").unwrap(),
            &mut part,
        )
        .unwrap();
        assert!(
            part.contains(r#"action="https://juhend.example.ee/failid/vorm.pdf""#),
            "{part}"
        );
    }
}
