//! The whole book on one page, per top-level section and language
//! (`/<lang>/<section>/print/`): every chapter in reading order under a numbered
//! table of contents, heading and footnote ids made unique per chapter, links
//! between chapters turned into links inside the page, and links elsewhere
//! absolute, so that a printout or a PDF can name them.

use super::context::ViewCtx;
use super::links::SiteLinks;
use super::write_page;
use crate::content::links::Origin;
use crate::content::{EntryId, EntryKind, Site};
use crate::diagnostics::Diagnostics;
use crate::markdown::{self, LinkResolver, Problem, RenderOptions, Resolved};
use crate::output::Writer;
use crate::theme::Templates;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Whether entry `id` gets a print page in language `lang`: a section right below
/// the home page, with chapters that are pages (not courses).
pub fn is_book(site: &Site, lang: usize, id: EntryId) -> bool {
    site.config.print_pages && is_handbook(site, lang, id)
}

/// A top-level section with chapters: a handbook.
pub fn is_handbook(site: &Site, lang: usize, id: EntryId) -> bool {
    let entry = &site.entries[id];
    entry.kind == EntryKind::Section
        && entry.parent == Some(Site::ROOT)
        && chapter_ids(site, lang, id).nth(1).is_some()
}

/// The book's entries in reading order, the section first.
fn chapter_ids(site: &Site, lang: usize, book: EntryId) -> impl Iterator<Item = EntryId> + '_ {
    site.views[lang]
        .subtree(book)
        .iter()
        .copied()
        .filter(|&id| matches!(site.entries[id].kind, EntryKind::Section | EntryKind::Page))
}

#[derive(Serialize)]
struct ChapterCtx {
    anchor: String,
    /// 1, 2, … ; none for the book's own introduction.
    number: Option<usize>,
    title: String,
    /// When the text is another language's (an untranslated chapter).
    lang: Option<String>,
    html: String,
}

#[derive(Serialize)]
struct PrintCtx<'a> {
    site: super::context::SiteCtx<'a>,
    lang: super::context::LangCtx<'a>,
    t: &'a BTreeMap<String, String>,
    title: String,
    url: String,
    chapters: Vec<ChapterCtx>,
}

/// Links of one chapter on the print page.
struct PrintLinks<'a> {
    site: SiteLinks<'a>,
    /// Page URL → anchor of its chapter on this page.
    chapters: &'a HashMap<String, String>,
    /// This chapter's anchor: heading ids on the page are `<anchor>-<id>`.
    own: &'a str,
    /// `https://juhend.example.ee` (no path): what makes a site path absolute.
    origin: &'a str,
}

impl LinkResolver for PrintLinks<'_> {
    fn link(&self, dest: &str) -> Result<Resolved, Problem> {
        let mut r = self.site.link(dest)?;
        let (page, anchor) = r
            .href
            .split_once('#')
            .map_or((r.href.as_str(), None), |(p, a)| (p, Some(a)));
        let inside = if page.is_empty() {
            Some(self.own)
        } else {
            self.chapters.get(page).map(String::as_str)
        };
        r.href = match (inside, anchor) {
            (Some(c), Some(a)) => format!("#{c}-{a}"),
            (Some(c), None) => format!("#{c}"),
            (None, _) if r.href.starts_with('/') => format!("{}{}", self.origin, r.href),
            (None, _) => r.href.clone(),
        };
        Ok(r)
    }

    fn asset(&self, src: &str) -> Result<String, Problem> {
        self.site.asset(src)
    }
}

/// Writes the print page of every book in every language.
pub fn print_pages(site: &Site, tera: &Templates, out: &dyn Writer, diags: &Diagnostics) {
    for lang in 0..site.views.len() {
        let books = site.views[lang]
            .reading_order
            .iter()
            .copied()
            .filter(|&id| is_book(site, lang, id));
        for book in books.collect::<Vec<_>>() {
            print_page(site, tera, lang, book, out, diags);
        }
    }
}

/// Writes the print page of the book that entry `id` is part of in view
/// `lang`, if it is in one.
pub fn print_page_of(
    site: &Site,
    tera: &Templates,
    lang: usize,
    id: EntryId,
    out: &dyn Writer,
    diags: &Diagnostics,
) {
    let book = site
        .ancestors(id)
        .into_iter()
        .chain([id])
        .find(|&a| site.entries[a].parent == Some(Site::ROOT));
    if let Some(book) = book.filter(|&b| is_book(site, lang, b)) {
        print_page(site, tera, lang, book, out, diags);
    }
}

/// Writes the print page of `book` in view `lang`.
fn print_page(
    site: &Site,
    tera: &Templates,
    lang: usize,
    book: EntryId,
    out: &dyn Writer,
    diags: &Diagnostics,
) {
    let empty = BTreeMap::new();
    let base_url = site.config.base_url.trim_end_matches('/');
    let origin = base_url
        .strip_suffix(site.config.base_path().trim_end_matches('/'))
        .unwrap_or(base_url);
    let view = ViewCtx::new(site, lang, &empty);
    let ids: Vec<EntryId> = chapter_ids(site, lang, book).collect();
    let anchors: HashMap<String, String> = ids
        .iter()
        .enumerate()
        .filter_map(|(n, &id)| {
            Some((
                site.url(site.views[lang].placements[id].as_ref()?),
                format!("c{n}"),
            ))
        })
        .collect();
    let mut list = Vec::new();
    for (n, &id) in ids.iter().enumerate() {
        let Some(p) = &site.views[lang].placements[id] else {
            continue;
        };
        let Some(v) = &site.entries[id].versions[p.content_lang] else {
            continue;
        };
        let anchor = format!("c{n}");
        let l = &site.config.languages[p.content_lang];
        let html = match &v.body {
            Some(body) => {
                let prefix = format!("{anchor}-");
                let opts = RenderOptions {
                    quotes: &l.quotes,
                    labels: site.ui.by_lang.get(&l.code).unwrap_or(&empty),
                    id_prefix: &prefix,
                };
                let links = PrintLinks {
                    site: SiteLinks(Origin {
                        index: &site.links,
                        entry: id,
                        lang: p.content_lang,
                        folder: body.folder.clone(),
                        course_dir: None,
                    }),
                    chapters: &anchors,
                    own: &anchor,
                    origin,
                };
                // Problems are the page's own, reported when its page is rendered.
                markdown::render(&body.parsed, &opts, &links).html
            }
            None => String::new(),
        };
        list.push(ChapterCtx {
            anchor,
            number: (id != book).then_some(n),
            title: v.front.title.clone(),
            lang: (p.content_lang != lang).then(|| l.code.clone()),
            html,
        });
    }
    let Some(p) = &site.views[lang].placements[book] else {
        return;
    };
    let title = site.entries[book].versions[p.content_lang]
        .as_ref()
        .map(|v| v.front.title.clone())
        .unwrap_or_default();
    let ctx = PrintCtx {
        site: view.site_ctx(),
        lang: view.lang_ctx(),
        t: view.strings,
        title,
        url: site.url(p),
        chapters: list,
    };
    let path = format!("{}print/index.html", p.path);
    write_page(tera, "print.html", &ctx, &path, out, diags);
}
