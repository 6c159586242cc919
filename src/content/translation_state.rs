//! Whether each translation is still a translation of its original: part of
//! the model, so that every output and `check` read it the same way.
//!
//! Originals are written in the site's first language. A translated page (or
//! course module) records the provenance hash of the original it was made from
//! in its front matter (`translated_from`, see `source::provenance`); when the
//! original's hash differs today, the translation is stale.

use super::{EntryId, EntryKind, Site, Version};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::source::provenance;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Made from today's original.
    Current,
    /// The original changed after the translation was made.
    Stale,
    /// The translation does not say what it was made from.
    Unknown,
}

/// One translated file and its original.
#[derive(Debug, Clone)]
pub struct Status {
    pub entry: EntryId,
    pub lang: usize,
    pub original: PathBuf,
    pub translation: PathBuf,
    pub state: State,
    /// The hash the translation records, if any.
    pub recorded: Option<String>,
    /// The original's hash today.
    pub current: String,
}

/// The original of an entry: its version in the site's first language, if it
/// is a file of its own.
pub(crate) fn original(site: &Site, entry: EntryId) -> Option<&Version> {
    let e = &site.entries[entry];
    if !matches!(
        e.kind,
        EntryKind::Page | EntryKind::Section | EntryKind::Module
    ) {
        return None;
    }
    e.versions.first()?.as_ref().filter(|v| !v.made)
}

/// Every translation of an original, in entry and language order.
pub(crate) fn statuses(site: &Site) -> Vec<Status> {
    let mut out = Vec::new();
    for (entry, e) in site.entries.iter().enumerate() {
        let Some(orig) = original(site, entry) else {
            continue;
        };
        for (lang, v) in e.versions.iter().enumerate().skip(1) {
            let Some(v) = v.as_ref().filter(|v| !v.made) else {
                continue;
            };
            let recorded = v.front.translated_from.clone();
            let state = match &recorded {
                None => State::Unknown,
                Some(h) if *h == orig.hash => State::Current,
                Some(_) => State::Stale,
            };
            out.push(Status {
                entry,
                lang,
                original: orig.source.clone(),
                translation: v.source.clone(),
                state,
                recorded,
                current: orig.hash.clone(),
            });
        }
    }
    out
}

/// The original's file when the translation of `entry` into `lang` is stale.
pub(crate) fn stale_original(site: &Site, entry: EntryId, lang: usize) -> Option<String> {
    let orig = original(site, entry)?;
    let v = site.entries[entry].versions.get(lang)?.as_ref()?;
    let recorded = v.front.translated_from.as_ref()?;
    (lang != 0 && *recorded != orig.hash).then(|| orig.source.to_string_lossy().replace('\\', "/"))
}

/// The text of a version's file, as loaded.
pub(crate) fn file_text(site: &Site, entry: EntryId, lang: usize) -> Option<&str> {
    let e = &site.entries[entry];
    if let Some(body) = e.versions[lang].as_ref().and_then(|v| v.body.as_ref()) {
        return Some(body.parsed.source());
    }
    let c = e.course?;
    let m = c.module?;
    site.courses[c.course].modules[m].versions[lang]
        .as_ref()
        .map(|v| v.body.text.as_str())
}

/// A warning for each stale translation, at its `translated_from` line.
pub(crate) fn warn_stale(site: &Site, statuses: &[Status], diags: &Diagnostics) {
    for s in statuses.iter().filter(|s| s.state == State::Stale) {
        let line = file_text(site, s.entry, s.lang)
            .and_then(provenance::field_line)
            .unwrap_or(1);
        let original = s.original.display();
        diags.push(
            Diagnostic::warning(
                &s.translation,
                line,
                format!("this translation is older than its original `{original}`: the original changed after it was translated"),
            )
            .with_hint(format!(
                "`raamat check` shows what changed; update the translation, then run `raamat translate mark {}`",
                s.translation.display()
            )),
        );
    }
}

/// Per language code with any: translations in `state`.
pub(crate) fn counts(site: &Site, statuses: &[Status], state: State) -> Vec<(String, usize)> {
    site.config
        .languages
        .iter()
        .enumerate()
        .map(|(l, lang)| {
            let n = statuses
                .iter()
                .filter(|s| s.lang == l && s.state == state)
                .count();
            (lang.code.clone(), n)
        })
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// The sentence that reports translations of unknown provenance, once.
pub fn unknown_sentence(counts: &[(String, usize)]) -> Option<String> {
    if counts.is_empty() {
        return None;
    }
    let figures: Vec<String> = counts.iter().map(|(l, n)| format!("{l} {n}")).collect();
    let commands: Vec<String> = counts
        .iter()
        .map(|(l, _)| format!("raamat translate mark content courses --lang {l}"))
        .collect();
    Some(format!(
        "translations that do not record what they were translated from: {} — once they match their originals, run {}",
        figures.join(", "),
        commands.join(" and ")
    ))
}
