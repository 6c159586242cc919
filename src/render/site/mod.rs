//! The website: one HTML page per entry and language, the language-choice page,
//! 404 pages, sitemap and robots.txt, theme files and assets.

mod body;
mod context;
pub mod links;
mod print;
pub use print::{is_handbook, print_page_of};
mod sitemap;
mod strings;

pub use strings::PageStrings;

use crate::content::EntryId;
use crate::content::{EntryKind, Site};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Writer;
use crate::render::PackageInfo;
use crate::theme::{Templates, Theme};
use context::{Link, ViewCtx};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// What the site output produced, for the summary.
#[derive(Debug, Clone, Default)]
pub struct SiteStats {
    /// Per language (config order): pages written, of which fallbacks.
    pub pages: Vec<(String, usize, usize)>,
}

/// The page's bytes, as written: Tera's own `render` would check the whole
/// page as UTF-8 again to make a `String` of it.
fn render_to(tera: &Templates, name: &str, ctx: &impl Serialize) -> Result<Vec<u8>, Diagnostic> {
    let ctx = tera::Context::from_serialize(ctx).map_err(|e| tera.error(name, &e))?;
    let mut html = Vec::new();
    tera.render_to(name, &ctx, &mut html)
        .map_err(|e| tera.error_in(name, &e, Some(&ctx)))?;
    Ok(html)
}

/// What raamat writes itself at `path` of the output, which a file of
/// `static/` or `content/` copied there would replace. `robots.txt` is not
/// among them: replacing it from `static/` is how a site keeps crawlers out.
fn made_by_raamat(site: &Site, theme: &Theme, path: &str) -> Option<&'static str> {
    let (top, rest) = path.split_once('/').unwrap_or((path, ""));
    let language = site.config.languages.iter().any(|l| l.code == top);
    match path {
        "index.html" => Some("the language-choice page"),
        "404.html" => Some("the page for missing addresses"),
        "sitemap.xml" => Some("the sitemap"),
        _ if top == "theme" && theme.static_files.contains_key(rest) => Some("a file of the theme"),
        _ if top == "search" && site.config.search && is_index_file(site, rest) => {
            Some("a file of the search index")
        }
        _ if language && rest == "404.html" => Some("the page for missing addresses"),
        // A page is `<lang>/…/index.html`; other files there, and index
        // files at no page's address, are the author's.
        _ if language && is_page(site, path) => Some("a page"),
        _ => None,
    }
}

/// Whether `rest` (below `search/`) is a language's index file.
fn is_index_file(site: &Site, rest: &str) -> bool {
    rest.split_once('/').is_some_and(|(code, file)| {
        site.config.languages.iter().any(|l| l.code == code) && file.ends_with(".js")
    })
}

/// Whether raamat writes a page at `path` (`et/…/index.html`).
fn is_page(site: &Site, path: &str) -> bool {
    let Some(folder) = path.strip_suffix("index.html") else {
        return false;
    };
    let below = folder.split_once('/').map_or("", |(_, b)| b);
    matches!(below, "search/" | "accessibility/")
        || site
            .views
            .iter()
            .flat_map(|v| v.placements.iter().flatten())
            .any(|p| p.path == folder)
}

fn io_error(what: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(what, 0, format!("cannot write: {e}"))
}

/// Renders the page of entry `id` in language view `lang` into the folder `out`.
#[allow(clippy::too_many_arguments)]
pub fn render_page(
    site: &Site,
    tera: &Templates,
    packages: &[PackageInfo],
    strings: &PageStrings,
    lang: usize,
    id: EntryId,
    out: &dyn Writer,
    diags: &Diagnostics,
) {
    let empty = BTreeMap::new();
    let view = ViewCtx::new(site, lang, &empty);
    let Some((version, placement)) = site.shown(id, lang) else {
        return;
    };
    let name = match &version.front.template {
        Some(t) => t.clone(),
        None if id == Site::ROOT => "home.html".into(),
        None => match site.entries[id].kind {
            EntryKind::Section => "section.html".into(),
            EntryKind::Page => "page.html".into(),
            EntryKind::Course => "course.html".into(),
            EntryKind::Module => "module.html".into(),
        },
    };
    if version.front.template.is_some() && tera.get_template(&name).is_err() {
        diags.push(unknown_template(site, tera, &version.source, &name));
        return;
    }
    let chosen = strings.of(&name);
    let html = body::body_html(site, Some(tera), id, version, diags);
    let Some(ctx) = view.page(id, packages, html, &|part| chosen.uses(part)) else {
        return;
    };
    let ctx = context::PageContext {
        t: &chosen.strings[lang],
        ..ctx
    };
    match render_to(tera, &name, &ctx) {
        Ok(html) => {
            if let Err(e) = out.write(&format!("{}index.html", placement.path), &html) {
                diags.push(io_error(&placement.path, e));
            }
        }
        Err(d) => diags.push(d.on_page(&version.source)),
    }
}

/// A page whose front matter names template `name`, which neither the site
/// nor the theme has: the error is the page's, at its `template` line.
fn unknown_template(site: &Site, tera: &Templates, source: &Path, name: &str) -> Diagnostic {
    let text = std::fs::read_to_string(site.root.join(source)).unwrap_or_default();
    let line = crate::diagnostics::line_of_key(&text, "template");
    let names = tera
        .get_template_names()
        .filter(|n| !n.starts_with("theme/"));
    let hint = match crate::diagnostics::closest(name, names) {
        Some(near) => format!("did you mean \"{near}\"?"),
        None => format!(
            "put {name} in the site's templates/ folder, or take `template` out of the front matter"
        ),
    };
    Diagnostic::error(source, line, format!("no template `{name}`")).with_hint(hint)
}

/// Renders the body of every page of every language and keeps only the
/// problems found (for runs where the templates cannot be loaded).
pub fn bodies(site: &Site, diags: &Diagnostics) {
    let jobs: Vec<(usize, EntryId)> = site
        .views
        .iter()
        .flat_map(|v| v.reading_order.iter().map(move |&id| (v.lang, id)))
        .collect();
    jobs.par_iter().for_each(|&(lang, id)| {
        if let Some((version, _)) = site.shown(id, lang) {
            body::body_html(site, None, id, version, diags);
        }
    });
}

/// Writes `sitemap.xml` and the `robots.txt` that names it.
pub fn write_sitemap(site: &Site, out: &dyn Writer, diags: &Diagnostics) {
    let base_url = site.config.base_url();
    let written = out
        .write("sitemap.xml", sitemap::sitemap(site).as_bytes())
        .and(out.write(
            "robots.txt",
            format!("User-agent: *\nAllow: /\n\nSitemap: {base_url}sitemap.xml\n").as_bytes(),
        ));
    if let Err(e) = written {
        diags.push(io_error("sitemap.xml", e));
    }
}

/// Renders the site into `out`, with download links to `packages`. Problems go to `diags`.
pub fn render(
    site: &Site,
    theme: &Theme,
    tera: &Templates,
    packages: &[PackageInfo],
    out: &dyn Writer,
    diags: &Diagnostics,
    progress: Option<&indicatif::ProgressBar>,
) -> SiteStats {
    let empty = BTreeMap::new();
    let jobs: Vec<(usize, usize)> = site
        .views
        .iter()
        .flat_map(|v| v.reading_order.iter().map(move |&id| (v.lang, id)))
        .collect();
    if let Some(bar) = progress {
        bar.set_length(jobs.len() as u64);
    }
    let strings = PageStrings::new(site, theme);
    jobs.par_iter().for_each(|&(lang, id)| {
        render_page(site, tera, packages, &strings, lang, id, out, diags);
        if let Some(bar) = progress {
            bar.inc(1);
        }
    });
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }

    for lang in 0..site.views.len() {
        let view = ViewCtx::new(site, lang, &empty);
        let ctx = NotFoundCtx {
            site: view.site_ctx(),
            lang: view.lang_ctx(),
            t: view.strings,
            home: Link {
                title: view.strings.get("home").cloned().unwrap_or_default(),
                url: site.views[lang].placements[Site::ROOT]
                    .as_ref()
                    .map(|p| site.url(p))
                    .unwrap_or_default(),
                lang: None,
            },
            languages: view.switcher(Site::ROOT),
        };
        match render_to(tera, "404.html", &ctx) {
            Ok(html) => {
                let code = &site.config.languages[lang].code;
                let mut result = out.write(&format!("{code}/404.html"), &html);
                if lang == 0 {
                    result = result.and(out.write("404.html", &html));
                }
                if let Err(e) = result {
                    diags.push(io_error("404.html", e));
                }
            }
            Err(d) => diags.push(d),
        }
    }

    for lang in 0..site.views.len() {
        if site.config.search {
            search_page(site, tera, lang, out, diags);
        }
        accessibility_page(site, tera, lang, out, diags);
    }
    print::print_pages(site, tera, out, diags);

    let view = ViewCtx::new(site, 0, &empty);
    let (alternates, x_default) = view.alternates(Site::ROOT);
    let choices: Vec<Choice> = site
        .config
        .languages
        .iter()
        .enumerate()
        .filter_map(|(l, lang)| {
            let p = site.views[l].placements[Site::ROOT].as_ref()?;
            let strings = site.ui.by_lang.get(&lang.code);
            Some(Choice {
                code: &lang.code,
                name: &lang.name,
                title: &lang.title,
                description: &lang.description,
                url: site.url(p),
                prompt: strings
                    .and_then(|s| s.get("choose_language"))
                    .map(String::as_str)
                    .unwrap_or(""),
                skip: strings
                    .and_then(|s| s.get("skip_to_content"))
                    .map(String::as_str)
                    .unwrap_or(""),
            })
        })
        .collect();
    let root_ctx = RootCtx {
        site: view.site_ctx(),
        lang: view.lang_ctx(),
        t: view.strings,
        alternates,
        x_default,
        choices,
    };
    match render_to(tera, "root.html", &root_ctx) {
        Ok(html) => {
            if let Err(e) = out.write("index.html", &html) {
                diags.push(io_error("index.html", e));
            }
        }
        Err(d) => diags.push(d),
    }

    write_sitemap(site, out, diags);
    for (rel, file) in &theme.static_files {
        if let Err(e) = out.write(&format!("theme/{rel}"), &file.bytes) {
            diags.push(io_error(rel, e));
        }
    }
    for a in &site.assets {
        if let Some(made) = made_by_raamat(site, theme, &a.output) {
            diags.push(
                Diagnostic::warning(
                    &a.source,
                    0,
                    format!("this file replaces {made} that raamat writes at /{}", a.output),
                )
                .with_hint("rename or move it; to change how pages look, see “Themes and templates” in README.md"),
            );
        }
    }
    site.assets.par_iter().for_each(|a| {
        if let Err(e) = out.copy(&site.root.join(&a.source), &a.output) {
            diags.push(Diagnostic::error(&a.source, 0, format!("cannot copy: {e}")));
        }
    });

    SiteStats {
        pages: site
            .views
            .iter()
            .map(|v| {
                let fallbacks = v
                    .reading_order
                    .iter()
                    .filter(|&&id| {
                        v.placements[id]
                            .as_ref()
                            .is_some_and(|p| p.content_lang != v.lang)
                    })
                    .count();
                (
                    site.config.languages[v.lang].code.clone(),
                    v.reading_order.len(),
                    fallbacks,
                )
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct NotFoundCtx<'a> {
    site: context::SiteCtx<'a>,
    lang: context::LangCtx<'a>,
    t: &'a BTreeMap<String, String>,
    home: Link,
    languages: Vec<context::SwitchItem<'a>>,
}

#[derive(Serialize)]
struct SearchCtx<'a> {
    site: context::SiteCtx<'a>,
    lang: context::LangCtx<'a>,
    t: &'a BTreeMap<String, String>,
    languages: Vec<context::SwitchItem<'a>>,
    /// Result-count phrases by plural category (`one`, `few`, …) and `none`, as JSON.
    strings_json: String,
    /// Every page in reading order, for readers without JavaScript.
    pages: Vec<Link>,
}

/// The language switcher of a page every language has at `/<lang>/<segment>/`.
fn switcher_to<'a>(site: &'a Site, lang: usize, segment: &str) -> Vec<context::SwitchItem<'a>> {
    site.config
        .languages
        .iter()
        .enumerate()
        .map(|(i, l)| context::SwitchItem {
            code: &l.code,
            name: &l.name,
            url: format!("{}{}/{segment}/", site.config.base_path(), l.code),
            current: i == lang,
            exact: true,
            note: None,
        })
        .collect()
}

/// Renders `template` with `ctx` and writes it to `path` below the output.
fn write_page(
    tera: &Templates,
    template: &str,
    ctx: &impl Serialize,
    path: &str,
    out: &dyn Writer,
    diags: &Diagnostics,
) {
    match render_to(tera, template, ctx) {
        Ok(html) => {
            if let Err(e) = out.write(path, &html) {
                diags.push(io_error(template, e));
            }
        }
        Err(d) => diags.push(d),
    }
}

/// `/<lang>/search/`: the search page of language `lang` (the index itself is
/// output 3, `render::search`); its list for readers without JavaScript holds
/// every page.
pub fn search_page(
    site: &Site,
    tera: &Templates,
    lang: usize,
    out: &dyn Writer,
    diags: &Diagnostics,
) {
    let empty = BTreeMap::new();
    let ctx = search_ctx(site, lang, None, &empty);
    let path = format!("{}/search/index.html", site.config.languages[lang].code);
    write_page(tera, "search.html", &ctx, &path, out, diags);
}

/// The search page of language `lang` for the offline copy of handbook `book`:
/// its list for readers without JavaScript holds the handbook's pages alone
/// (every copy would otherwise carry the whole site's list).
pub fn book_search_page(
    site: &Site,
    tera: &Templates,
    lang: usize,
    book: EntryId,
) -> Result<Vec<u8>, Diagnostic> {
    let empty = BTreeMap::new();
    render_to(
        tera,
        "search.html",
        &search_ctx(site, lang, Some(book), &empty),
    )
}

/// The search page's context; its list holds every page, or `book`'s.
fn search_ctx<'a>(
    site: &'a Site,
    lang: usize,
    book: Option<EntryId>,
    empty: &'a BTreeMap<String, String>,
) -> SearchCtx<'a> {
    let view = ViewCtx::new(site, lang, empty);
    let mut strings = serde_json::Map::new();
    for (k, v) in view.strings.iter() {
        if let Some(cat) = k.strip_prefix("search_results_") {
            strings.insert(cat.to_string(), v.clone().into());
        }
    }
    strings.insert(
        "none".into(),
        view.strings
            .get("search_none")
            .cloned()
            .unwrap_or_default()
            .into(),
    );
    let v = &site.views[lang];
    let listed = match book {
        Some(id) => v.subtree(id),
        None => &v.reading_order[..],
    };
    let pages = listed
        .iter()
        .filter_map(|&id| {
            let p = v.placements[id].as_ref()?;
            let title = &site.entries[id].versions[p.content_lang]
                .as_ref()?
                .front
                .title;
            Some(Link {
                title: title.clone(),
                url: site.url(p),
                lang: (p.content_lang != lang)
                    .then(|| site.config.languages[p.content_lang].code.clone()),
            })
        })
        .collect();
    SearchCtx {
        site: view.site_ctx(),
        lang: view.lang_ctx(),
        t: view.strings,
        languages: switcher_to(site, lang, "search"),
        strings_json: serde_json::Value::Object(strings)
            .to_string()
            .replace('<', "\\u003c"),
        pages,
    }
}

#[derive(Serialize)]
struct AccessibilityCtx<'a> {
    site: context::SiteCtx<'a>,
    lang: context::LangCtx<'a>,
    t: &'a BTreeMap<String, String>,
    languages: Vec<context::SwitchItem<'a>>,
    /// `full`, `partial` or `none`.
    status: &'static str,
    /// Known problems in this language (or the default language's, with `limitations_lang`).
    limitations: &'a [String],
    limitations_lang: Option<&'a str>,
    contact: &'a str,
    reviewed: String,
    site_url: &'a str,
}

/// `/<lang>/accessibility/`: the accessibility statement, from `[accessibility]`.
fn accessibility_page(
    site: &Site,
    tera: &Templates,
    lang: usize,
    out: &dyn Writer,
    diags: &Diagnostics,
) {
    use crate::config::Conformance;
    let empty = BTreeMap::new();
    let view = ViewCtx::new(site, lang, &empty);
    let a = &site.config.accessibility;
    let l = &site.config.languages[lang];
    let default = &site.config.languages[0].code;
    let (limitations, limitations_lang) = match a.limitations.get(&l.code) {
        Some(list) => (list.as_slice(), None),
        None => match a.limitations.get(default) {
            Some(list) => (list.as_slice(), Some(default.as_str())),
            None => (&[][..], None),
        },
    };
    let reviewed = a
        .reviewed
        .as_ref()
        .and_then(|d| crate::i18n::dates::Date::parse(&d.to_string()))
        .map(|d| d.format(&l.date_format, &l.months))
        .unwrap_or_default();
    let ctx = AccessibilityCtx {
        site: view.site_ctx(),
        lang: view.lang_ctx(),
        t: view.strings,
        languages: switcher_to(site, lang, "accessibility"),
        status: match a.status {
            Conformance::Full => "full",
            Conformance::Partial => "partial",
            Conformance::None => "none",
        },
        limitations,
        limitations_lang,
        contact: &a.contact,
        reviewed,
        site_url: &site.config.base_url,
    };
    let path = format!("{}/accessibility/index.html", l.code);
    write_page(tera, "accessibility.html", &ctx, &path, out, diags);
}

#[derive(Serialize)]
struct Choice<'a> {
    code: &'a str,
    name: &'a str,
    title: &'a str,
    description: &'a str,
    url: String,
    /// "Choose language" in this language.
    prompt: &'a str,
    /// "Skip to content" in this language.
    skip: &'a str,
}

#[derive(Serialize)]
struct RootCtx<'a> {
    site: context::SiteCtx<'a>,
    lang: context::LangCtx<'a>,
    t: &'a BTreeMap<String, String>,
    alternates: Vec<context::Alternate>,
    x_default: Option<String>,
    choices: Vec<Choice<'a>>,
}
