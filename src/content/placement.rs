//! Where each entry appears in each language: which version is shown
//! (its own, a fallback, or none) and at which URL path.

use super::model::*;
use super::table::{At, PerVersion};
use crate::config::{Config, MissingTranslation as Mode};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::slug::slugify;
use crate::source::front_matter::FrontMatter;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Per language, per entry: where it appears; and the versions left out for
/// a URL clash with where they would be, so that links to them do not report
/// them missing as well.
pub(super) type Placed = (Vec<Vec<Option<Placement>>>, Vec<(At, Placement)>);

/// Decides per language which entries appear and at which path; reports URL collisions.
pub(super) fn place<'a>(
    entries: &[Entry],
    present: &PerVersion<bool>,
    config: &Config,
    source: &dyn Fn(EntryId, usize) -> Option<(&'a FrontMatter, &'a Path)>,
    diags: &Diagnostics,
) -> Placed {
    let mut views = Vec::new();
    let mut lost = Vec::new();
    // A fallback copy is the same file at another language's URL: once is enough.
    let mut reported: BTreeSet<PathBuf> = BTreeSet::new();
    for lang in 0..config.languages.len() {
        let mut placements: Vec<Option<Placement>> = vec![None; entries.len()];
        let mut taken: BTreeMap<String, (EntryId, usize)> = BTreeMap::new();
        for (id, e) in entries.iter().enumerate() {
            let parent = match e.parent {
                None => None,
                Some(p) => match &placements[p] {
                    Some(parent) => Some(parent),
                    None => continue,
                },
            };
            let file = |lang: usize| file_of(entries, source, id, lang);
            let own = |lang: usize| source(id, lang).map(|(f, _)| f);
            let Some(placement) = locate(
                e,
                lang,
                present.entry(id),
                config,
                parent,
                &own,
                &file,
                diags,
            ) else {
                continue;
            };
            // The front matter of the version shown, if it is this language's own.
            let shown = |id: EntryId, content_lang: usize| {
                source(id, lang)
                    .filter(|_| content_lang == lang)
                    .map(|(f, _)| f)
            };
            if let Some(page) = built_in(entries, e, &placement, parent, config) {
                let file = file(placement.content_lang);
                if reported.insert(file.clone()) {
                    let front = shown(id, placement.content_lang);
                    diags.push(clash_with_built_in(e, front, &file, &placement.path, page));
                }
                lost.push((At { entry: id, lang }, placement));
                continue;
            }
            if let Some(&(other, other_lang)) = taken.get(&placement.path) {
                // The error goes to the file whose slug made the clash.
                let has_slug = |f: Option<&FrontMatter>| f.is_some_and(|f| f.slug.is_some());
                let mut cause = (
                    file(placement.content_lang),
                    shown(id, placement.content_lang),
                );
                let mut first = (
                    file_of(entries, source, other, other_lang),
                    shown(other, other_lang),
                );
                if has_slug(first.1) && !has_slug(cause.1) {
                    std::mem::swap(&mut cause, &mut first);
                }
                if reported.insert(cause.0.clone()) {
                    diags.push(collision(&cause.0, cause.1, &first.0, &placement.path));
                }
                lost.push((At { entry: id, lang }, placement));
                continue;
            }
            taken.insert(placement.path.clone(), (id, placement.content_lang));
            placements[id] = Some(placement);
        }
        views.push(placements);
    }
    (views, lost)
}

/// Where `page`, new to the model and not in `entries` yet, appears in each
/// language of `views`. `present`: which languages have a version of it;
/// `front`, `file`: its version's front matter and file. A URL another entry
/// has is reported.
#[allow(clippy::too_many_arguments)]
pub(super) fn place_new(
    entries: &[Entry],
    views: &[LanguageView],
    page: &Entry,
    present: &[bool],
    front: &FrontMatter,
    file: &Path,
    config: &Config,
    diags: &Diagnostics,
) -> Vec<Option<Placement>> {
    let own = |_: usize| Some(front);
    let shown = |_: usize| file.to_path_buf();
    views
        .iter()
        .map(|view| {
            let parent = view.placements[page.parent?].as_ref()?;
            let placement = locate(
                page,
                view.lang,
                present,
                config,
                Some(parent),
                &own,
                &shown,
                diags,
            )?;
            if let Some(built) = built_in(entries, page, &placement, Some(parent), config) {
                diags.push(clash_with_built_in(
                    page,
                    (placement.content_lang == view.lang).then_some(front),
                    file,
                    &placement.path,
                    built,
                ));
                return None;
            }
            let taken = view.placements.iter().enumerate().find_map(|(other, p)| {
                p.as_ref()
                    .filter(|p| p.path == placement.path)
                    .map(|p| front_source(&entries[other], p.content_lang))
            });
            if let Some(first) = taken {
                let front = (placement.content_lang == view.lang).then_some(front);
                diags.push(collision(file, front, &first, &placement.path));
                return None;
            }
            Some(placement)
        })
        .collect()
}

/// Where entry `e` appears in language `lang`: which version it shows (its
/// own, a fallback, or none) and its path below `parent`'s (`None` for the
/// root). `present`: which languages have a version of it; `own`: the front
/// matter of the version in a language; `file`: the file to name in messages.
#[allow(clippy::too_many_arguments)]
fn locate<'a>(
    e: &Entry,
    lang: usize,
    present: &[bool],
    config: &Config,
    parent: Option<&Placement>,
    own: &dyn Fn(usize) -> Option<&'a FrontMatter>,
    file: &dyn Fn(usize) -> std::path::PathBuf,
    diags: &Diagnostics,
) -> Option<Placement> {
    let content_lang = if present[lang] {
        lang
    } else if config.missing_translation == Mode::Fallback {
        present.iter().position(|&p| p)?
    } else {
        return None;
    };
    let path = match parent {
        None => format!("{}/", config.languages[lang].code),
        Some(parent) => {
            let own_slug = if present[lang] {
                own(lang).and_then(|f| f.slug.clone())
            } else {
                None
            };
            let name = e.path.rsplit('/').next().unwrap_or("");
            let segment = slugify(own_slug.as_deref().unwrap_or(name));
            if segment.is_empty() {
                // The slug's line when the slug is what gives it.
                let (what, line) = match (&own_slug, own(lang)) {
                    (Some(slug), Some(front)) => (format!("slug = {slug:?}"), front.slug_line),
                    _ => (format!("`{name}`"), 0),
                };
                diags.push(
                    Diagnostic::error(
                        file(content_lang),
                        line,
                        format!("{what} gives an empty URL segment"),
                    )
                    .with_hint("set slug = \"…\" with some letters or digits"),
                );
                return None;
            }
            format!("{}{segment}/", parent.path)
        }
    };
    Some(Placement { content_lang, path })
}

/// The page raamat makes itself at `placement`'s URL, if any: the search page,
/// the accessibility statement or a handbook's print page.
fn built_in(
    entries: &[Entry],
    e: &Entry,
    placement: &Placement,
    parent: Option<&Placement>,
    config: &Config,
) -> Option<&'static str> {
    let (_, below_lang) = placement.path.split_once('/')?;
    match below_lang {
        "search/" if config.search => return Some("the search page"),
        "accessibility/" => return Some("the accessibility statement"),
        _ => {}
    }
    // A page or section below a top-level section makes it a handbook.
    let book = &entries[e.parent?];
    let in_book = book.kind == EntryKind::Section
        && book.parent == Some(Site::ROOT)
        && matches!(e.kind, EntryKind::Section | EntryKind::Page);
    (config.print_pages && in_book && placement.path == format!("{}print/", parent?.path))
        .then_some("the handbook's print page")
}

/// Entry `e` at the URL `path` of raamat's own `page`: it is not placed.
/// `front`: the front matter of the version shown, whose slug may be the cause.
fn clash_with_built_in(
    e: &Entry,
    front: Option<&FrontMatter>,
    file: &Path,
    path: &str,
    page: &str,
) -> Diagnostic {
    let message = format!("{} is at /{path}, where raamat puts {page}", file.display());
    let (line, hint) = match front.filter(|f| f.slug.is_some()) {
        Some(f) => (f.slug_line, "choose another slug".to_string()),
        None => {
            let name = if e.kind == EntryKind::Section {
                "folder"
            } else {
                "file"
            };
            let hint = format!("rename the {name}, or set slug = \"…\" in its front matter");
            (0, hint)
        }
    };
    Diagnostic::error(file, line, message).with_hint(hint)
}

/// Two entries at one URL: the error is `cause`'s, at its `slug` line when
/// `front`, the front matter of the version shown, has a slug.
fn collision(cause: &Path, front: Option<&FrontMatter>, other: &Path, path: &str) -> Diagnostic {
    let message = format!(
        "{} and {} both map to the URL /{path}",
        other.display(),
        cause.display()
    );
    let (line, hint) = match front.filter(|f| f.slug.is_some()) {
        Some(f) => (f.slug_line, "choose another slug"),
        None => (
            0,
            "rename one of the files or give it a different slug in its front matter",
        ),
    };
    Diagnostic::error(cause, line, message).with_hint(hint)
}

/// The file to name in messages: the one shown, or the entry's path pattern.
fn file_of<'a>(
    entries: &[Entry],
    source: &dyn Fn(EntryId, usize) -> Option<(&'a FrontMatter, &'a Path)>,
    id: EntryId,
    lang: usize,
) -> std::path::PathBuf {
    source(id, lang)
        .map(|(_, p)| p.to_path_buf())
        .unwrap_or_else(|| front_source(&entries[id], lang))
}

/// The file to name in messages about an entry in a language (before versions exist).
fn front_source(e: &Entry, lang: usize) -> std::path::PathBuf {
    if let Some(Some(v)) = e.versions.get(lang) {
        return v.source.clone();
    }
    let suffix = match e.kind {
        EntryKind::Section => "/_index".to_string(),
        EntryKind::Page | EntryKind::Course | EntryKind::Module => String::new(),
    };
    Path::new("content").join(format!("{}{suffix}.*.md", e.path))
}
