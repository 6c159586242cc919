//! The data a page template sees. Everything is computed from the model; nothing
//! here grows with the size of the whole site (the sidebar holds only the
//! current branch).

use crate::content::{EntryId, EntryKind, Placement, Site};
use crate::course::config::ScormVersion;
use crate::course::data::{course_data, to_script_json};
use crate::i18n::numbers::format_number;
use crate::markdown::Heading;
use crate::render::module::runtime_strings;
use crate::render::PackageInfo;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
pub struct SiteCtx<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: String,
    pub base_path: String,
    /// Where the theme's CSS and JS are.
    pub theme_url: String,
    /// Whether the site has search (`search = false` in `raamat.toml`: no search box).
    pub search: bool,
}

#[derive(Serialize)]
pub struct LangCtx<'a> {
    pub code: &'a str,
    pub name: &'a str,
}

#[derive(Serialize, Clone)]
pub struct Link {
    pub title: String,
    pub url: String,
    /// Language of the title when it is not the page's (an untranslated page).
    pub lang: Option<String>,
}

#[derive(Serialize)]
pub struct Alternate {
    pub hreflang: String,
    pub url: String,
}

/// One entry of the language switcher.
#[derive(Serialize)]
pub struct SwitchItem<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub url: String,
    pub current: bool,
    /// False when the link goes to an ancestor because this page is not translated.
    pub exact: bool,
    /// Said when not exact, in the target language.
    pub note: Option<&'a str>,
}

#[derive(Serialize)]
pub struct NavItem {
    pub title: String,
    pub url: String,
    pub lang: Option<String>,
    pub current: bool,
    pub open: bool,
    pub children: Vec<NavItem>,
    /// A link to the parent's page, which lists every item the sidebar left out.
    pub more: bool,
}

/// Items a sidebar level shows at most; a longer level shows the items around
/// the open one and a link to the page that lists them all, so a page's size
/// does not grow with the site.
const NAV_LEVEL_MAX: usize = 12;
/// Items shown on each side of the open one in a shortened level.
const NAV_AROUND: usize = 3;

#[derive(Serialize)]
pub struct ChildCtx<'a> {
    pub title: &'a str,
    pub url: String,
    pub lang: Option<&'a str>,
    pub description: &'a str,
}

#[derive(Serialize)]
pub struct PageCtx<'a> {
    pub kind: &'static str,
    pub path: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub html: String,
    pub toc: Vec<&'a Heading>,
    pub date: Option<String>,
    pub date_iso: Option<String>,
    pub authors: &'a [String],
    pub url: String,
    pub permalink: String,
    pub canonical: String,
    /// Language of the text shown (differs from the page's language for a fallback).
    pub content_lang: &'a str,
    pub content_lang_name: &'a str,
    pub is_fallback: bool,
    pub words: usize,
    pub extra: &'a toml::Table,
    /// The whole book on one page, for a top-level section that is a book (print.rs).
    pub print_url: Option<String>,
    /// The handbook's offline copy (offline.rs), on a handbook's own page.
    pub offline_url: Option<String>,
    /// In a preview: the original this translation is older than.
    pub stale_original: Option<String>,
}

/// A package offered for download on a course page.
#[derive(Serialize)]
pub struct DownloadCtx {
    pub lang: String,
    pub lang_name: String,
    pub label: &'static str,
    pub url: String,
    pub file_name: String,
    /// In the page language's number format, e.g. "48,3 kB".
    pub size: String,
    /// SHA-256 of the zip in hex, for a theme that shows it.
    pub sha256: String,
}

/// What course and module pages add to a page.
#[derive(Serialize)]
pub struct CourseCtx {
    pub id: String,
    pub title: String,
    pub pass_mark: String,
    pub downloads: Vec<DownloadCtx>,
    /// Set on module pages.
    pub module: Option<String>,
    pub is_test: bool,
    /// Runtime data for the self-check (`data-mode="site"`).
    pub data_json: String,
}

#[derive(Serialize)]
pub struct PageContext<'a> {
    pub site: SiteCtx<'a>,
    pub lang: LangCtx<'a>,
    pub t: &'a BTreeMap<String, String>,
    pub page: PageCtx<'a>,
    pub alternates: Vec<Alternate>,
    pub x_default: Option<String>,
    pub languages: Vec<SwitchItem<'a>>,
    pub breadcrumbs: Vec<Link>,
    pub nav: Vec<NavItem>,
    pub children: Vec<ChildCtx<'a>>,
    pub prev: Option<Link>,
    pub next: Option<Link>,
    pub course: Option<CourseCtx>,
}

/// Helpers shared by every page of one language.
pub struct ViewCtx<'a> {
    pub site: &'a Site,
    pub lang: usize,
    pub strings: &'a BTreeMap<String, String>,
}

impl<'a> ViewCtx<'a> {
    pub fn new(site: &'a Site, lang: usize, empty: &'a BTreeMap<String, String>) -> Self {
        let code = &site.config.languages[lang].code;
        ViewCtx {
            site,
            lang,
            strings: site.ui.by_lang.get(code).unwrap_or(empty),
        }
    }

    pub fn site_ctx(&self) -> SiteCtx<'a> {
        let l = &self.site.config.languages[self.lang];
        let base_path = self.site.config.base_path();
        SiteCtx {
            title: &l.title,
            description: &l.description,
            base_url: self.site.config.base_url(),
            theme_url: format!("{base_path}theme/"),
            base_path,
            search: self.site.config.search,
        }
    }

    pub fn lang_ctx(&self) -> LangCtx<'a> {
        let l = &self.site.config.languages[self.lang];
        LangCtx {
            code: &l.code,
            name: &l.name,
        }
    }

    /// Code of the language `p` shows, if it is not this view's.
    fn foreign(&self, p: &Placement) -> Option<&'a str> {
        (p.content_lang != self.lang)
            .then(|| self.site.config.languages[p.content_lang].code.as_str())
    }

    fn link(&self, id: EntryId) -> Option<Link> {
        let (v, p) = self.site.shown(id, self.lang)?;
        Some(Link {
            title: v.front.title.clone(),
            url: self.site.url(p),
            lang: self.foreign(p).map(str::to_string),
        })
    }

    fn absolute(&self, p: &Placement) -> String {
        format!("{}{}", self.site.config.base_url(), p.path)
    }

    /// Placement of an entry's own version in language `lang`, if it has one.
    fn real(&self, id: EntryId, lang: usize) -> Option<&'a Placement> {
        self.site.views[lang].placements[id]
            .as_ref()
            .filter(|p| p.content_lang == lang)
    }

    pub fn alternates(&self, id: EntryId) -> (Vec<Alternate>, Option<String>) {
        let langs = &self.site.config.languages;
        let alts: Vec<Alternate> = (0..langs.len())
            .filter_map(|l| {
                self.real(id, l).map(|p| Alternate {
                    hreflang: langs[l].code.clone(),
                    url: self.absolute(p),
                })
            })
            .collect();
        let x_default = alts.first().map(|a| a.url.clone());
        (alts, x_default)
    }

    pub fn switcher(&self, id: EntryId) -> Vec<SwitchItem<'a>> {
        let site = self.site;
        site.config
            .languages
            .iter()
            .enumerate()
            .map(|(l, lang)| {
                let strings = site.ui.by_lang.get(&lang.code);
                let (url, exact) = match self.real(id, l) {
                    Some(p) => (site.url(p), true),
                    None => {
                        let ancestor = site
                            .ancestors(id)
                            .into_iter()
                            .rev()
                            .find_map(|a| self.real(a, l));
                        let p = ancestor.or(site.views[l].placements[Site::ROOT].as_ref());
                        (p.map(|p| site.url(p)).unwrap_or_default(), false)
                    }
                };
                SwitchItem {
                    code: &lang.code,
                    name: &lang.name,
                    url,
                    current: l == self.lang,
                    exact,
                    note: if exact {
                        None
                    } else {
                        strings
                            .and_then(|s| s.get("switch_not_translated"))
                            .map(String::as_str)
                    },
                }
            })
            .collect()
    }

    pub fn breadcrumbs(&self, id: EntryId) -> Vec<Link> {
        self.site
            .ancestors(id)
            .into_iter()
            .filter_map(|a| self.link(a))
            .collect()
    }

    /// The top level of the tree, with only the branch leading to `id` opened.
    pub fn nav(&self, id: EntryId) -> Vec<NavItem> {
        let mut path = self.site.ancestors(id);
        path.push(id);
        self.nav_level(Site::ROOT, &path)
    }

    fn nav_level(&self, parent: EntryId, path: &[EntryId]) -> Vec<NavItem> {
        let current = *path.last().expect("path has the page");
        let all = &self.site.views[self.lang].children[parent];
        let shown: &[EntryId] = if all.len() <= NAV_LEVEL_MAX {
            all
        } else {
            let at = all.iter().position(|c| path.contains(c)).unwrap_or(0);
            let from = at.saturating_sub(NAV_AROUND);
            &all[from..(at + NAV_AROUND + 1).min(all.len())]
        };
        let mut items: Vec<NavItem> = shown
            .iter()
            .filter_map(|&c| {
                let link = self.link(c)?;
                let open = path.contains(&c);
                let children = if open {
                    self.nav_level(c, path)
                } else {
                    Vec::new()
                };
                Some(NavItem {
                    title: link.title,
                    url: link.url,
                    lang: link.lang,
                    current: c == current,
                    open,
                    children,
                    more: false,
                })
            })
            .collect();
        if shown.len() < all.len() {
            if let Some(link) = self.link(parent) {
                let title = self.strings.get("nav_more").cloned().unwrap_or_default();
                items.push(NavItem {
                    title: title.replace("{n}", &all.len().to_string()),
                    url: link.url,
                    lang: None,
                    current: false,
                    open: false,
                    children: Vec::new(),
                    more: true,
                });
            }
        }
        items
    }

    pub fn children(&self, id: EntryId) -> Vec<ChildCtx<'a>> {
        self.site.views[self.lang].children[id]
            .iter()
            .filter_map(|&c| {
                let (v, p) = self.site.shown(c, self.lang)?;
                Some(ChildCtx {
                    title: &v.front.title,
                    url: self.site.url(p),
                    lang: self.foreign(p),
                    description: &v.front.description,
                })
            })
            .collect()
    }

    pub fn prev_next(&self, id: EntryId) -> (Option<Link>, Option<Link>) {
        let view = &self.site.views[self.lang];
        let Some(pos) = view.position[id] else {
            return (None, None);
        };
        let prev = pos
            .checked_sub(1)
            .and_then(|p| self.link(view.reading_order[p]));
        let next = view.reading_order.get(pos + 1).and_then(|&n| self.link(n));
        (prev, next)
    }

    fn course(&self, id: EntryId, packages: &[PackageInfo]) -> Option<CourseCtx> {
        let r = self.site.entries[id].course?;
        let course = &self.site.courses[r.course];
        let lang = &self.site.config.languages[self.lang];
        let content_lang = self.site.views[self.lang].placements[id]
            .as_ref()?
            .content_lang;
        let mut downloads: Vec<DownloadCtx> = packages
            .iter()
            .filter(|p| p.course == r.course)
            .map(|p| {
                let langs = &self.site.config.languages;
                // A package of every language: "mul" (multiple languages, BCP 47).
                let (code, name) = match p.langs.as_slice() {
                    [l] => (langs[*l].code.clone(), langs[*l].name.clone()),
                    all => (
                        "mul".to_string(),
                        all.iter()
                            .map(|l| langs[*l].name.as_str())
                            .collect::<Vec<_>>()
                            .join(" + "),
                    ),
                };
                let kb = p.size as f64 / 1000.0;
                DownloadCtx {
                    lang: code,
                    lang_name: name,
                    label: match p.version {
                        ScormVersion::Scorm12 => "SCORM 1.2",
                        ScormVersion::Scorm2004 => "SCORM 2004",
                    },
                    url: format!("{}{}", self.site.config.base_path(), p.output),
                    file_name: p.file_name.clone(),
                    size: format!(
                        "{}\u{a0}kB",
                        format_number(kb, 1, &lang.decimal_separator, true)
                    ),
                    sha256: p.sha256.clone(),
                }
            })
            .collect();
        // The page's own language first.
        downloads.sort_by_key(|d| d.lang != lang.code);
        let empty = BTreeMap::new();
        let strings = self
            .site
            .ui
            .by_lang
            .get(&self.site.config.languages[content_lang].code)
            .unwrap_or(&empty);
        Some(CourseCtx {
            id: course.id().to_string(),
            title: course
                .config
                .title
                .get(&lang.code)
                .cloned()
                .unwrap_or_else(|| course.id().to_string()),
            pass_mark: format!(
                "{}\u{a0}%",
                format_number(
                    course.config.pass_mark,
                    if course.config.pass_mark.fract() == 0.0 {
                        0
                    } else {
                        1
                    },
                    &lang.decimal_separator,
                    false
                )
            ),
            downloads,
            module: r.module.map(|m| course.modules[m].id.clone()),
            is_test: r.module.is_some_and(|m| course.modules[m].is_test()),
            data_json: to_script_json(&course_data(
                course,
                content_lang,
                &self.site.config.languages[content_lang].code,
                runtime_strings(strings),
            )),
        })
    }

    /// What a page's template gets; `html` is its body, rendered by the caller.
    pub fn page(
        &self,
        id: EntryId,
        packages: &[PackageInfo],
        html: String,
        uses: &dyn Fn(&str) -> bool,
    ) -> Option<PageContext<'a>> {
        let site = self.site;
        let (v, p) = site.shown(id, self.lang)?;
        let lang = &site.config.languages[self.lang];
        let content = &site.config.languages[p.content_lang];
        let canonical = match self.real(id, p.content_lang) {
            Some(own) => self.absolute(own),
            None => self.absolute(p),
        };
        // The parts of the context that the page's templates never name are
        // left empty: the sidebar is most of a page's context.
        let (alternates, x_default) = if uses("alternates") || uses("x_default") {
            self.alternates(id)
        } else {
            (Vec::new(), None)
        };
        let (prev, next) = if uses("prev") || uses("next") {
            self.prev_next(id)
        } else {
            (None, None)
        };
        let entry = &site.entries[id];
        Some(PageContext {
            site: self.site_ctx(),
            lang: self.lang_ctx(),
            t: self.strings,
            page: PageCtx {
                kind: match entry.kind {
                    EntryKind::Section => "section",
                    EntryKind::Page => "page",
                    EntryKind::Course => "course",
                    EntryKind::Module => "module",
                },
                path: &entry.path,
                title: &v.front.title,
                description: &v.front.description,
                html,
                toc: v
                    .headings
                    .iter()
                    .filter(|h| h.level == 2 || h.level == 3)
                    .collect(),
                date: v
                    .front
                    .date
                    .map(|d| d.format(&lang.date_format, &lang.months)),
                date_iso: v.front.date.map(|d| d.to_string()),
                authors: &v.front.authors,
                url: site.url(p),
                permalink: self.absolute(p),
                canonical,
                content_lang: &content.code,
                content_lang_name: &content.name,
                is_fallback: p.content_lang != self.lang,
                words: v.words,
                extra: &v.front.extra,
                print_url: super::print::is_book(site, self.lang, id)
                    .then(|| format!("{}print/", site.url(p))),
                offline_url: crate::render::offline::is_offline_book(site, self.lang, id)
                    .then(|| crate::render::offline::zip_path(site, self.lang, id))
                    .flatten()
                    .map(|z| format!("{}{z}", site.config.base_path())),
                stale_original: (site.preview && p.content_lang == self.lang)
                    .then(|| crate::content::translation_state::stale_original(site, id, self.lang))
                    .flatten(),
            },
            alternates,
            x_default,
            languages: made_if(uses("languages"), || self.switcher(id)),
            breadcrumbs: made_if(uses("breadcrumbs"), || self.breadcrumbs(id)),
            nav: made_if(uses("nav"), || self.nav(id)),
            children: made_if(
                uses("children") && matches!(entry.kind, EntryKind::Section | EntryKind::Course),
                || self.children(id),
            ),
            prev,
            next,
            course: uses("course").then(|| self.course(id, packages)).flatten(),
        })
    }
}

/// `make()`, or nothing when the page's templates do not name it.
fn made_if<T>(used: bool, make: impl FnOnce() -> Vec<T>) -> Vec<T> {
    if used {
        make()
    } else {
        Vec::new()
    }
}
