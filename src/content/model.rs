//! The site as data: every section and page with its versions per language, in
//! the order and at the URLs each language publishes them. Built once by
//! [`super::load`]; renderers only read it.

use crate::config::Config;
use crate::i18n::strings::UiStrings;
use crate::markdown::{Heading, Parsed};
use crate::source::front_matter::FrontMatter;
use std::path::PathBuf;
use std::sync::Arc;

/// Index into [`Site::entries`].
pub type EntryId = usize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A folder with `_index.<lang>.md`; lists its children.
    Section,
    /// A `<name>.<lang>.md` file or a folder page `<name>/index.<lang>.md`.
    Page,
    /// A course's overview page (`courses/<id>/course.toml`).
    Course,
    /// A course module shown on the website (`courses/<id>/NN-name.<lang>.md`).
    Module,
}

/// Which course (and module) an entry shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CourseRef {
    /// Index into [`Site::courses`].
    pub course: usize,
    pub module: Option<usize>,
}

/// One section or page, across all its languages.
#[derive(Debug, Clone)]
pub struct Entry {
    pub kind: EntryKind,
    /// Source path without language and extension: `""` (root), `handbook`,
    /// `handbook/intro`. Translations share it.
    pub path: String,
    pub parent: Option<EntryId>,
    pub children: Vec<EntryId>,
    /// Indexed like `Config::languages`; `None` where the language has no file.
    pub versions: Vec<Option<Version>>,
    pub course: Option<CourseRef>,
}

impl Entry {
    /// The file of the first language that has one (to name in messages).
    pub fn first_source(&self) -> Option<&std::path::Path> {
        self.versions
            .iter()
            .flatten()
            .next()
            .map(|v| v.source.as_path())
    }
}

/// One language's file of an entry.
#[derive(Debug, Clone)]
pub struct Version {
    pub lang: usize,
    /// Relative to the site root, e.g. `content/handbook/intro.et.md`.
    pub source: PathBuf,
    pub front: FrontMatter,
    /// The parsed body; `None` for pages raamat makes itself (a section
    /// without `_index`, a course overview) and for course modules, whose
    /// body is in the course model.
    pub body: Option<Arc<Body>>,
    pub headings: Arc<[Heading]>,
    /// Words of running text, for translation coverage.
    pub words: usize,
    /// Provenance hash of the file's meaningful text (`source::provenance`)
    /// for an original, the first language's version, which translations
    /// record; empty for a translation and for a page raamat makes itself.
    pub hash: String,
    /// raamat made this page itself: a section without `_index`, a course's
    /// overview.
    pub made: bool,
}

/// A Markdown body parsed once; each output renders it with its own links.
#[derive(Debug)]
pub struct Body {
    /// The events, and the whole source file to point problems at their line.
    pub parsed: Parsed,
    /// Folder of the file below `content/` (`/`-separated), for relative links.
    pub folder: String,
}

/// Which version an entry shows in a language, and where.
#[derive(Debug, Clone)]
pub struct Placement {
    /// Language of the content shown: differs from the view's language for a
    /// fallback page.
    pub content_lang: usize,
    /// Path below the site's base, e.g. `et/handbook/intro/` (always ends in `/`).
    pub path: String,
}

/// What one language publishes.
#[derive(Debug, Clone)]
pub struct LanguageView {
    pub lang: usize,
    /// Per entry: where it appears in this language, if at all.
    pub placements: Vec<Option<Placement>>,
    /// Per entry: its published children in this language's order.
    pub children: Vec<Vec<EntryId>>,
    /// Every published entry in reading order (depth first).
    pub reading_order: Vec<EntryId>,
    /// Per entry: its position in `reading_order`.
    pub position: Vec<Option<usize>>,
}

impl LanguageView {
    /// Entry `id` and everything published below it, in reading order: a
    /// contiguous part of `reading_order`, found without scanning it.
    pub fn subtree(&self, id: EntryId) -> &[EntryId] {
        let Some(start) = self.position[id] else {
            return &[];
        };
        let mut last = id;
        while let Some(&child) = self.children[last].last() {
            last = child;
        }
        let end = self.position[last].map_or(start, |p| p + 1);
        &self.reading_order[start..end.max(start + 1)]
    }
}

/// A file copied to the output unchanged.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Asset {
    pub source: PathBuf,
    /// Path below the output folder, with `/` separators.
    pub output: String,
}

/// A page that lacks a version in some language.
#[derive(Debug, Clone)]
pub struct MissingTranslation {
    pub entry: EntryId,
    pub lang: usize,
}

/// The complete, immutable content model.
#[derive(Debug)]
pub struct Site {
    /// Built for `raamat serve`: authors' notices (a stale translation) show.
    pub preview: bool,
    pub config: Config,
    pub root: PathBuf,
    /// Parents before their children (a page `serve` added comes last). A
    /// page `serve` took out stays, with no version and placed nowhere, so
    /// that the other entries keep their ids.
    pub entries: Vec<Entry>,
    pub views: Vec<LanguageView>,
    pub ui: UiStrings,
    pub assets: Vec<Asset>,
    pub missing: Vec<MissingTranslation>,
    pub courses: Vec<crate::course::Course>,
    /// URLs and anchors of every version: what links resolve against.
    pub links: super::links::LinkIndex,
}

impl Site {
    pub const ROOT: EntryId = 0;

    /// Frees the parsed bodies of every page (a build's outputs that read
    /// them are done; they are most of the model's memory).
    pub fn drop_bodies(&mut self) {
        for e in &mut self.entries {
            for v in e.versions.iter_mut().flatten() {
                v.body = None;
            }
        }
    }

    /// Frees the parsed bodies of `entries` in language `lang`.
    pub fn drop_bodies_of(&mut self, entries: &[EntryId], lang: usize) {
        for &id in entries {
            if let Some(v) = self.entries[id].versions[lang].as_mut() {
                v.body = None;
            }
        }
    }

    /// The version shown for `entry` in language view `lang`.
    pub fn shown(&self, entry: EntryId, lang: usize) -> Option<(&Version, &Placement)> {
        let placement = self.views[lang].placements[entry].as_ref()?;
        let version = self.entries[entry].versions[placement.content_lang].as_ref()?;
        Some((version, placement))
    }

    /// Absolute-path URL of a placement (`/et/handbook/intro/`).
    pub fn url(&self, placement: &Placement) -> String {
        format!("{}{}", self.config.base_path(), placement.path)
    }

    pub fn ancestors(&self, entry: EntryId) -> Vec<EntryId> {
        let mut out = Vec::new();
        let mut cur = self.entries[entry].parent;
        while let Some(p) = cur {
            out.push(p);
            cur = self.entries[p].parent;
        }
        out.reverse();
        out
    }
}
