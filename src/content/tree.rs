//! The entry tree: one entry per logical path, folders as sections, parents
//! before children.

use super::discover::SourceFile;
use super::model::*;
use super::table::PerVersion;
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::strings::UiStrings;
use crate::source::front_matter::FrontMatter;
use std::collections::BTreeMap;
use std::path::Path;

/// Creates one entry per logical path (sections for folders), parents first.
pub(super) fn build_tree(
    sources: &[SourceFile],
    folders: &[String],
    nlang: usize,
    diags: &Diagnostics,
) -> Vec<Entry> {
    let mut kinds: BTreeMap<String, (EntryKind, &SourceFile)> = BTreeMap::new();
    let mut seen: BTreeMap<(String, usize), &SourceFile> = BTreeMap::new();
    for f in sources {
        if let Some(other) = seen.insert((f.key.clone(), f.lang), f) {
            diags.push(
                Diagnostic::error(
                    &f.shown,
                    0,
                    format!(
                        "{} and {} are the same page",
                        other.shown.display(),
                        f.shown.display()
                    ),
                )
                .with_hint("keep one of them"),
            );
        }
        match kinds.get(&f.key) {
            Some((k, other)) if *k != f.kind => diags.push(
                Diagnostic::error(&f.shown, 0, format!("{} is a section, {} a page at the same path", other.shown.display(), f.shown.display()))
                    .with_hint("a folder has either _index.<lang>.md (a section) or index.<lang>.md (a page with its images), not both"),
            ),
            Some(_) => {}
            None => {
                kinds.insert(f.key.clone(), (f.kind, f));
            }
        }
    }
    let mut all: BTreeMap<String, EntryKind> = kinds
        .iter()
        .map(|(k, (kind, _))| (k.clone(), *kind))
        .collect();
    all.insert(String::new(), EntryKind::Section);
    for folder in folders {
        all.entry(folder.clone()).or_insert(EntryKind::Section);
    }
    let mut entries: Vec<Entry> = Vec::with_capacity(all.len());
    let mut ids: BTreeMap<String, EntryId> = BTreeMap::new();
    // "" sorts first, and a folder before anything inside it.
    for (path, kind) in all {
        let parent = if path.is_empty() {
            None
        } else {
            let parent_key = path.rsplit_once('/').map_or("", |(p, _)| p);
            let pid = ids[parent_key];
            if entries[pid].kind == EntryKind::Page {
                if let Some((_, f)) = kinds.get(&path) {
                    diags.push(
                        Diagnostic::error(&f.shown, 0, format!("`{parent_key}` is a folder page (index.<lang>.md) and cannot contain pages"))
                            .with_hint(format!("rename content/{parent_key}/index.<lang>.md to _index.<lang>.md to make the folder a section")),
                    );
                }
            }
            Some(pid)
        };
        let id = entries.len();
        if let Some(p) = parent {
            entries[p].children.push(id);
        }
        ids.insert(path.clone(), id);
        entries.push(Entry {
            kind,
            path,
            parent,
            children: Vec::new(),
            versions: vec![None; nlang],
            course: None,
        });
    }
    entries
}

/// A folder without any `_index` file still needs a title in every language.
pub(super) fn synthesize_missing_sections(
    entries: &mut [Entry],
    present: &PerVersion<bool>,
    config: &Config,
    ui: &UiStrings,
    root: &Path,
    diags: &Diagnostics,
) {
    for (id, e) in entries.iter_mut().enumerate() {
        if e.kind != EntryKind::Section || present.entry(id).iter().any(|&p| p) {
            continue;
        }
        let folder = Path::new("content").join(&e.path);
        let name = e.path.rsplit('/').next().unwrap_or("").to_string();
        if id != Site::ROOT && root.join(&folder).is_dir() {
            diags.push(
                Diagnostic::warning(
                    &folder,
                    0,
                    "the folder has no _index.<lang>.md; its folder name is used as title",
                )
                .with_hint(format!(
                    "create {}/_index.{}.md with a title",
                    folder.display(),
                    config.languages[0].code
                )),
            );
        }
        for (lang, l) in config.languages.iter().enumerate() {
            let title = if id == Site::ROOT {
                l.title.clone()
            } else if e.path == "courses" {
                // The folder of generated course pages; the theme names it.
                ui.get(&l.code, "courses").to_string()
            } else {
                name.clone()
            };
            e.versions[lang] = Some(Version {
                lang,
                source: folder.clone(),
                front: FrontMatter {
                    title,
                    ..FrontMatter::default()
                },
                body: None,
                headings: Default::default(),
                words: 0,
                hash: String::new(),
                made: true,
            });
        }
    }
}
