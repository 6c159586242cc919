//! Where each entry appears in each language: which version is shown
//! (its own, a fallback, or none) and at which URL path.

use super::model::*;
use super::table::{At, PerVersion};
use crate::config::{Config, MissingTranslation as Mode};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::slug::slugify;
use crate::source::front_matter::FrontMatter;
use std::collections::BTreeMap;
use std::path::Path;

/// Decides per language which entries appear and at which path; reports URL collisions.
pub(super) fn place<'a>(
    entries: &[Entry],
    present: &PerVersion<bool>,
    config: &Config,
    source: &dyn Fn(EntryId, usize) -> Option<(&'a FrontMatter, &'a Path)>,
    diags: &Diagnostics,
) -> Vec<Vec<Option<Placement>>> {
    // The file to name in messages: the one shown, or the entry's path pattern.
    let file = |id: EntryId, lang: usize| -> std::path::PathBuf {
        source(id, lang)
            .map(|(_, p)| p.to_path_buf())
            .unwrap_or_else(|| front_source(&entries[id], lang))
    };
    let mut views = Vec::new();
    for (lang, language) in config.languages.iter().enumerate() {
        let mut placements: Vec<Option<Placement>> = vec![None; entries.len()];
        let mut taken: BTreeMap<String, (EntryId, usize)> = BTreeMap::new();
        for (id, e) in entries.iter().enumerate() {
            let content_lang = if present[At { entry: id, lang }] {
                lang
            } else if config.missing_translation == Mode::Fallback {
                match present.entry(id).iter().position(|&p| p) {
                    Some(l) => l,
                    None => continue,
                }
            } else {
                continue;
            };
            let path = match e.parent {
                None => format!("{}/", language.code),
                Some(p) => {
                    let Some(parent) = &placements[p] else {
                        continue;
                    };
                    let own_slug = if present[At { entry: id, lang }] {
                        source(id, lang).and_then(|(f, _)| f.slug.clone())
                    } else {
                        None
                    };
                    let name = e.path.rsplit('/').next().unwrap_or("");
                    let segment = slugify(own_slug.as_deref().unwrap_or(name));
                    if segment.is_empty() {
                        let src = file(id, content_lang);
                        diags.push(
                            Diagnostic::error(
                                &src,
                                0,
                                format!("`{name}` gives an empty URL segment"),
                            )
                            .with_hint("set slug = \"…\" with some letters or digits"),
                        );
                        continue;
                    }
                    format!("{}{segment}/", parent.path)
                }
            };
            if let Some(&(other, other_lang)) = taken.get(&path) {
                let (first, second) = (file(other, other_lang), file(id, content_lang));
                diags.push(
                    Diagnostic::error(
                        &second,
                        0,
                        format!(
                            "{} and {} both map to the URL /{path}",
                            first.display(),
                            second.display()
                        ),
                    )
                    .with_hint(
                        "rename one of the files or give it a different slug in its front matter",
                    ),
                );
                continue;
            }
            taken.insert(path.clone(), (id, content_lang));
            placements[id] = Some(Placement { content_lang, path });
        }
        views.push(placements);
    }
    views
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
