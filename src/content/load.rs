//! Builds the [`Site`] model: discover files, read front matter, parse Markdown
//! once, place every entry at its URL per language, and index every URL and
//! anchor for the outputs' link resolvers. Nothing here makes HTML.

use super::discover::{discover, SourceFile};
use super::links::LinkIndex;
use super::model::*;
use super::order::order_view;
use super::placement::{place, place_new, Placed};
use super::table::{At, PerVersion};
use super::tree::{build_tree, synthesize_missing_sections};
use crate::config::Config;
use crate::course::load::CourseSource;
use crate::diagnostics::Diagnostics;
use crate::i18n::strings::UiStrings;
use crate::markdown::{self, Parsed};
use crate::source::front_matter::{split, FrontMatter};
use crate::source::provenance;
use crate::source::report_todos;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Choices that change what is loaded.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Include pages with `draft = true`.
    pub drafts: bool,
    /// A preview for authors (`raamat serve`): pages say what only authors need to know.
    pub preview: bool,
}

/// A source file read and split, waiting to be rendered.
struct Loaded {
    file: SourceFile,
    /// The whole file, until it moves into its parsed body.
    text: String,
    front: FrontMatter,
    body_offset: usize,
    /// Folder of the file relative to `content/`, for relative links.
    folder: String,
}

/// Loads `root/content` into the model. Problems go to `diags`; the returned
/// model is complete as far as the input allowed.
pub fn load(
    root: &Path,
    config: Config,
    ui: UiStrings,
    opts: &LoadOptions,
    diags: &Diagnostics,
) -> Site {
    let content_dir = root.join("content");
    let found = discover(root, &content_dir, &config, diags);
    let loaded = read_sources(&found.sources, &content_dir, diags);
    let mut entries = build_tree(
        &found.sources,
        &found.folders,
        config.languages.len(),
        diags,
    );
    let (course_sources, attached) = load_courses(root, &config, opts.drafts, &mut entries, diags);
    let keys = entry_keys(&entries);
    // Drafts keep their entry (so links to them say "draft") but publish nothing.
    let (mut loaded, drafts): (Vec<Loaded>, Vec<Loaded>) = loaded
        .into_iter()
        .partition(|l| opts.drafts || !l.front.draft);
    let drafts = drafts
        .into_iter()
        .map(|l| ((keys[&l.file.key], l.file.lang), l.file.shown))
        .collect();
    let loaded_at = where_loaded(&loaded, &keys, entries.len(), config.languages.len());
    let mut present = versions_present(&loaded_at, &course_sources, &attached);
    synthesize_missing_sections(&mut entries, &present, &config, &ui, root, diags);
    // The sections raamat made are published too.
    for (entry, e) in entries.iter().enumerate() {
        for (lang, v) in e.versions.iter().enumerate() {
            present[At { entry, lang }] |= v.is_some();
        }
    }
    let parsed = parse_bodies(&mut loaded, config.smart_punctuation);
    let (placements, lost) = place_entries(&entries, &present, &loaded, &loaded_at, &config, diags);
    let mut assets = content_assets(&found.assets, &course_sources);
    let anchors = anchors(
        &loaded,
        &parsed,
        &keys,
        (entries.len(), config.languages.len()),
        &course_sources,
        &attached,
    );
    let mut index = link_index(&config, keys, anchors, &placements, entries.len(), &assets);
    index.drafts = drafts;
    // Links to a version that lost its URL to an error go where it would be:
    // that error is the one to read, not "no such version" at every link.
    for (at, placement) in lost {
        index.urls[at] = own_url(Some(&placement), at.lang, &index.base_path);
    }
    // Hashing and counting words is per file: in parallel.
    let versions: Vec<(EntryId, usize, Version)> = loaded
        .into_par_iter()
        .zip(parsed)
        .map(|(l, parsed)| (index.keys[&l.file.key], l.file.lang, version(l, parsed)))
        .collect();
    for (id, lang, v) in versions {
        entries[id].versions[lang] = Some(v);
    }
    let missing = missing_translations(&entries, &found.sources);
    let courses = super::courses::fill(course_sources, &attached, &mut entries);
    assets.extend(static_files(root, diags));

    let mut site = Site {
        preview: opts.preview,
        config,
        root: root.to_path_buf(),
        entries,
        views: Vec::new(),
        ui,
        assets,
        missing,
        courses,
        links: index,
    };
    site.views = language_views(&site, placements);
    site
}

/// Reads and splits every Markdown file, in parallel.
fn read_sources(sources: &[SourceFile], content_dir: &Path, diags: &Diagnostics) -> Vec<Loaded> {
    sources
        .par_iter()
        .filter_map(|f| read_source(f, content_dir, diags))
        .collect()
}

/// Loads every course, attaches it to the entry tree (an overview entry and
/// one per module) and checks it as a whole.
fn load_courses(
    root: &Path,
    config: &Config,
    drafts: bool,
    entries: &mut Vec<Entry>,
    diags: &Diagnostics,
) -> (Vec<CourseSource>, Vec<(EntryId, Vec<EntryId>)>) {
    let mut sources = crate::course::load::load_all(root, config, drafts, diags);
    let attached = super::courses::attach(entries, &mut sources, config, diags);
    for c in &sources {
        c.validate(config, diags);
    }
    (sources, attached)
}

/// Logical path → entry.
fn entry_keys(entries: &[Entry]) -> BTreeMap<String, EntryId> {
    entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.path.clone(), i))
        .collect()
}

/// Per entry, per language: which of `loaded` is that version's file.
fn where_loaded(
    loaded: &[Loaded],
    keys: &BTreeMap<String, EntryId>,
    entries: usize,
    langs: usize,
) -> PerVersion<Option<usize>> {
    let mut at = PerVersion::new(entries, langs, None);
    for (i, l) in loaded.iter().enumerate() {
        at[file_at(l, keys)] = Some(i);
    }
    at
}

/// The version a file read is.
fn file_at(l: &Loaded, keys: &BTreeMap<String, EntryId>) -> At {
    At {
        entry: keys[&l.file.key],
        lang: l.file.lang,
    }
}

/// Per entry, per language: whether a version will be published, from a
/// file read or a course (its overview in the course's languages, each
/// module where it has a file).
fn versions_present(
    loaded_at: &PerVersion<Option<usize>>,
    course_sources: &[CourseSource],
    attached: &[(EntryId, Vec<EntryId>)],
) -> PerVersion<bool> {
    let mut present = loaded_at.map(Option::is_some);
    for (src, (course_entry, modules)) in course_sources.iter().zip(attached) {
        for &lang in &src.course.languages {
            present[At {
                entry: *course_entry,
                lang,
            }] = true;
        }
        for (m, &entry) in modules.iter().enumerate() {
            for (lang, v) in src.course.modules[m].versions.iter().enumerate() {
                present[At { entry, lang }] = v.is_some();
            }
        }
    }
    present
}

/// Where each language publishes each entry; the front matter that decides
/// it comes from the file read, or from a version raamat made (a section
/// without `_index`).
fn place_entries(
    entries: &[Entry],
    present: &PerVersion<bool>,
    loaded: &[Loaded],
    loaded_at: &PerVersion<Option<usize>>,
    config: &Config,
    diags: &Diagnostics,
) -> Placed {
    let versions_front = |id: EntryId, lang: usize| -> Option<(&FrontMatter, &Path)> {
        match loaded_at[At { entry: id, lang }] {
            Some(i) => Some((&loaded[i].front, loaded[i].file.shown.as_path())),
            None => entries[id].versions[lang]
                .as_ref()
                .map(|v| (&v.front, v.source.as_path())),
        }
    };
    place(entries, present, config, &versions_front, diags)
}

/// Parses every body once, in parallel; in the order of `loaded`. Each
/// file's text moves into its parsed body.
fn parse_bodies(loaded: &mut [Loaded], smart_punctuation: bool) -> Vec<Parsed> {
    loaded
        .par_iter_mut()
        .map(|l| {
            let text = std::mem::take(&mut l.text);
            markdown::parse_owned(text, l.body_offset, smart_punctuation)
        })
        .collect()
}

/// Per entry, per language: the heading ids and other anchors of its
/// version, from a file's parsed body or a course module's.
fn anchors(
    loaded: &[Loaded],
    parsed: &[Parsed],
    keys: &BTreeMap<String, EntryId>,
    (entries, langs): (usize, usize),
    course_sources: &[CourseSource],
    attached: &[(EntryId, Vec<EntryId>)],
) -> PerVersion<Option<BTreeSet<String>>> {
    let mut anchors = PerVersion::new(entries, langs, None);
    for (l, p) in loaded.iter().zip(parsed) {
        anchors[file_at(l, keys)] = Some(anchors_of(p));
    }
    for (src, (_, modules)) in course_sources.iter().zip(attached) {
        for (m, &entry) in modules.iter().enumerate() {
            for (lang, v) in src.course.modules[m].versions.iter().enumerate() {
                if let Some(v) = v {
                    anchors[At { entry, lang }] =
                        Some(v.body.headings.iter().map(|h| h.id.clone()).collect());
                }
            }
        }
    }
    anchors
}

/// The heading ids and other anchors of a parsed body: what links to it may name.
fn anchors_of(parsed: &Parsed) -> BTreeSet<String> {
    let mut ids: BTreeSet<String> = parsed.headings.iter().map(|h| h.id.clone()).collect();
    ids.extend(parsed.extra_ids().iter().cloned());
    ids
}

/// Files copied from `content/` and every course's media.
fn content_assets(found: &[(PathBuf, String)], course_sources: &[CourseSource]) -> Vec<Asset> {
    let mut assets: Vec<Asset> = found
        .iter()
        .map(|(on_disk, name)| Asset {
            source: Path::new("content").join(on_disk),
            output: name.clone(),
        })
        .collect();
    for src in course_sources {
        for media in &src.course.media {
            assets.push(Asset {
                source: src.course.dir.join(media),
                output: format!("courses/{}/{media}", src.course.id()),
            });
        }
    }
    assets
}

/// What links resolve against: every entry's own URL per language, its
/// anchors, and the assets links may name (not `static/`, which links do not
/// reach through `content/`).
fn link_index(
    config: &Config,
    keys: BTreeMap<String, EntryId>,
    anchors: PerVersion<Option<BTreeSet<String>>>,
    placements: &[Vec<Option<Placement>>],
    entries: usize,
    assets: &[Asset],
) -> LinkIndex {
    let base_path = config.base_path();
    LinkIndex {
        urls: own_urls(placements, entries, &base_path),
        base_path,
        lang_codes: config.languages.iter().map(|l| l.code.clone()).collect(),
        lang_names: config.languages.iter().map(|l| l.name.clone()).collect(),
        keys,
        anchors,
        assets: assets
            .iter()
            .filter(|a| !a.source.starts_with("static"))
            .map(|a| a.output.clone())
            .collect(),
        drafts: BTreeMap::new(),
    }
}

/// Pages that lack a language. A file that exists but could not be read is an
/// error already, not a missing translation.
fn missing_translations(entries: &[Entry], sources: &[SourceFile]) -> Vec<MissingTranslation> {
    let has_file: BTreeSet<(&str, usize)> =
        sources.iter().map(|f| (f.key.as_str(), f.lang)).collect();
    entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.versions.iter().any(Option::is_some))
        .flat_map(|(id, e)| {
            let has_file = &has_file;
            e.versions
                .iter()
                .enumerate()
                .filter(move |(lang, v)| {
                    v.is_none() && !has_file.contains(&(e.path.as_str(), *lang))
                })
                .map(move |(lang, _)| MissingTranslation { entry: id, lang })
        })
        .collect()
}

/// Per entry, per language: the URL of that language's own version (not of
/// a fallback copy), for links.
fn own_urls(
    placements: &[Vec<Option<Placement>>],
    entries: usize,
    base_path: &str,
) -> PerVersion<Option<String>> {
    let mut urls = PerVersion::new(entries, placements.len(), None);
    // `placements` are per language, then per entry.
    for (lang, per_entry) in placements.iter().enumerate() {
        for (entry, p) in per_entry.iter().enumerate() {
            urls[At { entry, lang }] = own_url(p.as_ref(), lang, base_path);
        }
    }
    urls
}

/// The URL of `placement` if it shows language `lang`'s own version.
fn own_url(placement: Option<&Placement>, lang: usize, base_path: &str) -> Option<String> {
    placement
        .filter(|p| p.content_lang == lang)
        .map(|p| format!("{base_path}{}", p.path))
}

/// What each language publishes, in its order.
fn language_views(site: &Site, placements: Vec<Vec<Option<Placement>>>) -> Vec<LanguageView> {
    placements
        .into_iter()
        .enumerate()
        .map(|(lang, placements)| {
            let n = site.entries.len();
            let mut view = LanguageView {
                lang,
                placements,
                children: vec![Vec::new(); n],
                reading_order: Vec::new(),
                position: vec![None; n],
            };
            order_view(site, &mut view);
            view
        })
        .collect()
}

/// Reads and splits one Markdown file; reports `TODO` markers left by `raamat new`.
fn read_source(f: &SourceFile, content_dir: &Path, diags: &Diagnostics) -> Option<Loaded> {
    let text = crate::source::read_text(&f.absolute, &f.shown, diags)?;
    let s = split(&text, &f.shown).map_err(|d| diags.push(d)).ok()?;
    let (front, body_offset) = (s.front, s.body_offset);
    report_todos(&text, &f.shown, diags);
    let rel = f.absolute.strip_prefix(content_dir).unwrap_or(&f.absolute);
    let folder = rel
        .parent()
        .map(|p| {
            p.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        })
        .unwrap_or_default();
    Some(Loaded {
        file: f.clone(),
        text,
        front,
        body_offset,
        folder,
    })
}

/// The model's version of a file that was read and parsed.
fn version(l: Loaded, parsed: Parsed) -> Version {
    let hash = if l.file.lang == 0 {
        let body = parsed.source().get(l.body_offset..).unwrap_or("");
        provenance::hash(&l.front.title, &l.front.description, body)
    } else {
        String::new()
    };
    Version {
        hash,
        made: false,
        lang: l.file.lang,
        source: l.file.shown,
        front: l.front,
        headings: Arc::clone(&parsed.headings),
        words: parsed.words(),
        body: Some(Arc::new(Body {
            parsed,
            folder: l.folder,
        })),
    }
}

fn static_files(root: &Path, diags: &Diagnostics) -> Vec<Asset> {
    let dir = root.join("static");
    crate::source::entries(root, &dir, false, diags)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(&dir).unwrap_or(e.path());
            Asset {
                source: Path::new("static").join(rel),
                output: rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/"),
            }
        })
        .collect()
}

/// What [`reload_page`] managed.
#[derive(Debug)]
pub enum Reload {
    /// The version was replaced; `previous` is the one it replaced (to put
    /// back, with [`reorder`], if rendering the new one fails). `listed`: its
    /// title, description or weight changed, which the pages that list it
    /// show too (the views are ordered again); else only its own pages changed.
    Updated {
        entry: EntryId,
        lang: usize,
        previous: Box<Version>,
        listed: bool,
        /// Its headings' anchors changed: the anchors it had (to put back),
        /// and the entries whose files may link to them, which show whether
        /// their links still find what they point at.
        anchors: Option<(BTreeSet<String>, Vec<EntryId>)>,
    },
    /// A page new to the model, in a section it already had, is now entry
    /// `entry` (the last) with a version in `lang`; the views are ordered
    /// again. [`remove_added`] takes it out again.
    Added { entry: EntryId, lang: usize },
    /// The file of a page's only version, `lang`, is gone: entry `entry` is
    /// placed nowhere now (it stays in the model, empty, so that the other
    /// entries keep their ids). `placed`: where each language showed it.
    Removed {
        entry: EntryId,
        lang: usize,
        placed: Vec<Option<Placement>>,
    },
    /// The change can affect the site's structure (URL, drafts, a section's
    /// anchors, a new section, a deleted file that others name): build
    /// everything.
    NeedsFullBuild,
}

/// Re-reads one changed Markdown file into the model when nothing but its
/// own pages, and those that list it or may link to it, can be affected. Problems of reading go to `diags`; problems of
/// the body (links) are found when the outputs render it.
pub fn reload_page(site: &mut Site, file: &Path, diags: &Diagnostics) -> Reload {
    let content_dir = site.root.join("content");
    if std::fs::symlink_metadata(file).is_err() {
        return remove_page(site, file, &content_dir);
    }
    // A link to a file outside the site is not read: the full build says so.
    if crate::source::inside_site(&site.root, file).is_err() {
        return Reload::NeedsFullBuild;
    }
    let Some(source) = super::discover::classify(&site.root, &content_dir, file, &site.config)
    else {
        return Reload::NeedsFullBuild;
    };
    let Some(&id) = site.links.keys.get(&source.key) else {
        return add_page(site, &source, &content_dir, diags);
    };
    let lang = source.lang;
    let Some(old) = site.entries[id].versions[lang].as_ref() else {
        return Reload::NeedsFullBuild;
    };
    let Some(mut loaded) = read_source(&source, &content_dir, diags) else {
        return Reload::NeedsFullBuild;
    };
    let (a, b) = (&old.front, &loaded.front);
    if a.slug != b.slug || a.draft != b.draft || site.entries[id].kind != source.kind {
        return Reload::NeedsFullBuild;
    }
    let listed = a.title != b.title || a.weight != b.weight || a.description != b.description;
    let parsed = markdown::parse_owned(
        std::mem::take(&mut loaded.text),
        loaded.body_offset,
        site.config.smart_punctuation,
    );
    let at = At { entry: id, lang };
    let now = anchors_of(&parsed);
    let mut anchors = None;
    if site.links.anchors[at].as_ref() != Some(&now) {
        // A section's own pages may link to it as `_index.md`, which does not
        // name it; a course module's link is in its packages.
        let names = file_names(&source.key, Some(old));
        let from = match site.entries[id].kind {
            EntryKind::Page => linked_from(site, at, &names),
            _ => None,
        };
        let Some(mut from) = from else {
            return Reload::NeedsFullBuild;
        };
        // Its other languages' files may link to it without naming it
        // (`index.ru.md#…` in a folder page).
        from.push(id);
        let before = site.links.anchors[at].replace(now).unwrap_or_default();
        anchors = Some((before, from));
    }
    let previous = site.entries[id].versions[lang].replace(version(loaded, parsed));
    if listed {
        reorder(site);
    }
    match previous {
        Some(previous) => Reload::Updated {
            entry: id,
            lang,
            previous: Box::new(previous),
            listed,
            anchors,
        },
        None => Reload::NeedsFullBuild,
    }
}

/// Adds a Markdown file new to the model when it is a page (`name.<lang>.md`,
/// not a draft) in a folder that is a section of the model already: nothing
/// else's URL changes, and no link could reach it before. Anything else new
/// (a section, a folder page, a new folder, a translation of a page there
/// was) is left to a full build, and so is a URL another page has.
fn add_page(
    site: &mut Site,
    source: &SourceFile,
    content_dir: &Path,
    diags: &Diagnostics,
) -> Reload {
    let parent_key = source.key.rsplit_once('/').map_or("", |(p, _)| p);
    let Some(&parent) = site.links.keys.get(parent_key) else {
        return Reload::NeedsFullBuild;
    };
    if source.kind != EntryKind::Page || site.entries[parent].kind != EntryKind::Section {
        return Reload::NeedsFullBuild;
    }
    let Some(mut loaded) = read_source(source, content_dir, diags) else {
        return Reload::NeedsFullBuild;
    };
    // A folder page's folder is its own key, not its parent's.
    if loaded.folder != parent_key || loaded.front.draft {
        return Reload::NeedsFullBuild;
    }
    let (id, lang, langs) = (site.entries.len(), source.lang, site.config.languages.len());
    let mut entry = Entry {
        kind: EntryKind::Page,
        path: source.key.clone(),
        parent: Some(parent),
        children: Vec::new(),
        versions: vec![None; langs],
        course: None,
    };
    let mut present = vec![false; langs];
    present[lang] = true;
    let placed = Diagnostics::default();
    let placements = place_new(
        &site.entries,
        &site.views,
        &entry,
        &present,
        &loaded.front,
        &loaded.file.shown,
        &site.config,
        &placed,
    );
    if placed.has_errors() {
        return Reload::NeedsFullBuild;
    }
    let parsed = markdown::parse_owned(
        std::mem::take(&mut loaded.text),
        loaded.body_offset,
        site.config.smart_punctuation,
    );
    let anchors = anchors_of(&parsed);
    entry.versions[lang] = Some(version(loaded, parsed));
    site.entries.push(entry);
    site.entries[parent].children.push(id);
    let links = &mut site.links;
    links.keys.insert(source.key.clone(), id);
    links.anchors.push_entry(None);
    links.anchors[At { entry: id, lang }] = Some(anchors);
    links.urls.push_entry(None);
    for (view, placement) in site.views.iter_mut().zip(placements) {
        links.urls[At {
            entry: id,
            lang: view.lang,
        }] = own_url(placement.as_ref(), view.lang, &links.base_path);
        view.placements.push(placement);
        view.children.push(Vec::new());
        view.position.push(None);
    }
    site.missing.extend(
        (0..langs)
            .filter(|&l| l != lang)
            .map(|l| MissingTranslation { entry: id, lang: l }),
    );
    reorder(site);
    Reload::Added { entry: id, lang }
}

/// Takes a deleted file out of the model when nothing but the pages that
/// list it can change with it: it was the only version of a page
/// (`name.<lang>.md`, not a folder page, below a section, with nothing below
/// it), and no other file names it or its slug, so no link pointed at it.
/// Anything else (a translation, a section, a page some file may link to) is
/// left to a full build, which reports the links it breaks.
fn remove_page(site: &mut Site, file: &Path, content_dir: &Path) -> Reload {
    let Some(source) = super::discover::classify(&site.root, content_dir, file, &site.config)
    else {
        return Reload::NeedsFullBuild;
    };
    let Some(&id) = site.links.keys.get(&source.key) else {
        return Reload::NeedsFullBuild;
    };
    let (lang, e) = (source.lang, &site.entries[id]);
    let folder_page = file
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("index."));
    let only = e
        .versions
        .iter()
        .enumerate()
        .all(|(l, v)| (l == lang) == v.is_some());
    if source.kind != EntryKind::Page
        || e.kind != EntryKind::Page
        || folder_page
        || !only
        || !e.children.is_empty()
        || e.course.is_some()
        || e.parent.is_none_or(|p| p == Site::ROOT)
    {
        return Reload::NeedsFullBuild;
    }
    let names = file_names(&source.key, e.versions[lang].as_ref());
    let at = At { entry: id, lang };
    if linked_from(site, at, &names).is_none_or(|from| !from.is_empty()) {
        return Reload::NeedsFullBuild;
    }
    let placed: Vec<Option<Placement>> = site
        .views
        .iter_mut()
        .map(|v| v.placements[id].take())
        .collect();
    site.entries[id].versions[lang] = None;
    if let Some(parent) = site.entries[id].parent {
        site.entries[parent].children.retain(|&c| c != id);
    }
    site.links.keys.remove(&source.key);
    for l in 0..site.config.languages.len() {
        site.links.urls[At { entry: id, lang: l }] = None;
        site.links.anchors[At { entry: id, lang: l }] = None;
    }
    site.missing.retain(|m| m.entry != id);
    reorder(site);
    Reload::Removed {
        entry: id,
        lang,
        placed,
    }
}

/// What a link to the page at `key` names: its file (or folder) name, and
/// its slug if `version` has one.
fn file_names<'a>(key: &'a str, version: Option<&'a Version>) -> Vec<&'a str> {
    let name = key.rsplit('/').next().unwrap_or(key);
    let slug = version.and_then(|v| v.front.slug.as_deref());
    std::iter::once(name).chain(slug).collect()
}

/// The entries whose files may link to version `at`: every page's file,
/// but `at`'s own, that has one of `names` in it or in a link's destination
/// as the Markdown parser decoded it (links name the file). `None` when a
/// course module has one (its packages would change too) or a page's text
/// is not at hand to tell.
fn linked_from(site: &Site, at: At, names: &[&str]) -> Option<Vec<EntryId>> {
    let finders: Vec<memchr::memmem::Finder<'_>> = names
        .iter()
        .map(|n| memchr::memmem::Finder::new(n.as_bytes()))
        .collect();
    // Per entry: whether one of its files names one; `None` when a file's
    // text is not at hand. A course's modules are read from the course model.
    let named_by = |id: EntryId, e: &Entry| -> Option<bool> {
        let mut any = false;
        for v in e.versions.iter().flatten() {
            if v.made || (id, v.lang) == (at.entry, at.lang) {
                continue;
            }
            let b = v.body.as_ref()?;
            any |= names_in(&finders, b.parsed.source(), &|| {
                b.parsed.events().map(|(e, _)| e).collect()
            });
        }
        Some(any)
    };
    let pages: Option<Vec<Option<EntryId>>> = site
        .entries
        .par_iter()
        .enumerate()
        .filter(|(_, e)| e.course.is_none())
        .map(|(id, e)| named_by(id, e).map(|named| named.then_some(id)))
        .collect();
    // A module's words are often a page's name (`hindamine`): it counts when
    // its text has the name as a link names a file or folder (`hindamine.md`,
    // `hindamine.et.md`, `hindamine/`), in its prose, questions or HTML.
    let spelled: Vec<String> = names
        .iter()
        .flat_map(|name| {
            let langs = site.config.languages.iter();
            [format!("{name}.md"), format!("{name}/")]
                .into_iter()
                .chain(langs.map(move |l| format!("{name}.{}.md", l.code)))
        })
        .collect();
    let spelled: Vec<memchr::memmem::Finder<'_>> = spelled
        .iter()
        .map(|n| memchr::memmem::Finder::new(n.as_bytes()))
        .collect();
    let courses = site.courses.iter().any(|c| {
        c.modules
            .iter()
            .flat_map(|m| m.versions.iter().flatten())
            .any(|v| {
                let text = v.body.text.as_bytes();
                spelled.iter().any(|f| f.find(text).is_some())
                    // Escapes may spell it otherwise: any mention counts.
                    || (memchr::memchr2(b'\\', b'&', text).is_some()
                        && finders.iter().any(|f| f.find(text).is_some()))
            })
    });
    if courses {
        return None;
    }
    Some(pages?.into_iter().flatten().collect())
}

/// Whether a file's `text` has what one of `finders` looks for, or one of
/// its links (`events`, asked for only when the text has escapes) has it in
/// its destination as the parser decoded it.
fn names_in<'e>(
    finders: &[memchr::memmem::Finder<'_>],
    text: &str,
    events: &dyn Fn() -> Vec<markdown::Event<'e>>,
) -> bool {
    if finders.iter().any(|f| f.find(text.as_bytes()).is_some()) {
        return true;
    }
    // `my\_page.md` and `caf&eacute;.md` name a file they do not spell.
    memchr::memchr2(b'\\', b'&', text.as_bytes()).is_some()
        && events().into_iter().any(|e| match e {
            markdown::Event::Start(
                markdown::Tag::Link { dest_url, .. } | markdown::Tag::Image { dest_url, .. },
            ) => finders
                .iter()
                .any(|f| f.find(dest_url.as_bytes()).is_some()),
            _ => false,
        })
}

/// Takes out the page [`reload_page`] added as `entry` (the last), as if it
/// had never been read.
pub fn remove_added(site: &mut Site, entry: EntryId) {
    debug_assert_eq!(entry + 1, site.entries.len(), "only the last entry");
    let Some(e) = site.entries.pop() else {
        return;
    };
    if let Some(parent) = e.parent {
        site.entries[parent].children.retain(|&c| c != entry);
    }
    site.links.keys.remove(&e.path);
    site.links.anchors.pop_entry();
    site.links.urls.pop_entry();
    for view in &mut site.views {
        view.placements.pop();
        view.children.pop();
        view.position.pop();
    }
    site.missing.retain(|m| m.entry != entry);
    reorder(site);
}

/// Orders every language view again (after a title or weight changed).
pub fn reorder(site: &mut Site) {
    let mut views = std::mem::take(&mut site.views);
    let n = site.entries.len();
    for view in &mut views {
        view.children = vec![Vec::new(); n];
        view.reading_order.clear();
        view.position = vec![None; n];
        order_view(site, view);
    }
    site.views = views;
}
