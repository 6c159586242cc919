//! `raamat translate mark PATH… --lang ru`: records in each translation below
//! the paths that it matches today's original (its `translated_from` field).

use super::{statuses, State, Status};
use crate::content::Site;
use crate::diagnostics::Diagnostics;
use crate::source::front_edit::{set_fields, write_atomic};
use crate::source::provenance::FIELD;
use crate::usage::UsageError;
use std::path::{Path, PathBuf};

/// A translation whose provenance was recorded.
#[derive(Debug, Clone)]
pub struct Marked {
    pub translation: PathBuf,
    pub original: PathBuf,
    /// What it was before.
    pub was: State,
}

/// Loads the site for a `translate` command: the model as far as it loads
/// (problems with links or courses do not stop translation work).
pub(crate) fn load(root: &Path) -> Result<Site, UsageError> {
    if !root.join("raamat.toml").is_file() {
        return Err(UsageError::NoConfig(root.to_path_buf()));
    }
    let diags = Diagnostics::default();
    match crate::build::load_site(root, false, false, &diags) {
        Some((site, _)) => Ok(site),
        None => {
            let first = diags
                .into_sorted()
                .into_iter()
                .next()
                .map(|d| format!("{}: {}", d.file.display(), d.message))
                .unwrap_or_default();
            Err(UsageError::refused(
                format!("raamat.toml cannot be read: {first}"),
                "run `raamat check` and fix the configuration first",
            ))
        }
    }
}

/// The site language `code`, which must not be the originals' language.
pub(crate) fn target_language(site: &Site, code: &str) -> Result<usize, UsageError> {
    let codes: Vec<&str> = site
        .config
        .languages
        .iter()
        .map(|l| l.code.as_str())
        .collect();
    match codes.iter().position(|c| *c == code) {
        Some(0) => Err(UsageError::refused(
            format!("`{code}` is the language originals are written in"),
            format!(
                "name the language of the translations, e.g. --lang {}",
                codes.get(1).unwrap_or(&"ru")
            ),
        )),
        Some(i) => Ok(i),
        None => Err(UsageError::refused(
            format!("the site has no language `{code}`"),
            format!("its languages are {}", codes.join(", ")),
        )),
    }
}

/// `paths` as written (relative to the current folder or absolute) → paths
/// relative to the site root, `/`-separated; an empty list means everything.
pub(crate) fn site_paths(root: &Path, paths: &[PathBuf]) -> Result<Vec<String>, UsageError> {
    let root_abs = root
        .canonicalize()
        .map_err(|e| UsageError::Refused(format!("{}: {e}", root.display())))?;
    let mut out = Vec::new();
    for p in paths {
        // A path relative to the site root works from anywhere.
        let candidates = [p.clone(), root.join(p)];
        let Some(abs) = candidates.iter().find_map(|c| c.canonicalize().ok()) else {
            return Err(UsageError::refused(
                format!("{} does not exist", p.display()),
                "name a page, a course module or a folder of the site",
            ));
        };
        let Ok(rel) = abs.strip_prefix(&root_abs) else {
            return Err(UsageError::refused(
                format!("{} is not inside the site {}", p.display(), root.display()),
                "name a file or folder below the site's folder",
            ));
        };
        out.push(rel.to_string_lossy().replace('\\', "/"));
    }
    Ok(out)
}

/// Whether the file `file` (relative to the root) is one of `paths` or below one.
pub(crate) fn selected(paths: &[String], file: &Path) -> bool {
    let file = file.to_string_lossy().replace('\\', "/");
    paths.is_empty()
        || paths.iter().any(|p| {
            p.is_empty() || file == *p || file.starts_with(&format!("{}/", p.trim_end_matches('/')))
        })
}

/// Translations into `lang` selected by `paths` (by their own file or their original's).
pub(crate) fn chosen(site: &Site, lang: usize, paths: &[String]) -> Vec<Status> {
    statuses(site)
        .into_iter()
        .filter(|s| {
            s.lang == lang && (selected(paths, &s.translation) || selected(paths, &s.original))
        })
        .collect()
}

/// Records today's original in every chosen translation that does not say so yet.
pub fn mark(root: &Path, paths: &[PathBuf], lang: &str) -> Result<Vec<Marked>, UsageError> {
    let site = load(root)?;
    let lang = target_language(&site, lang)?;
    let paths = site_paths(root, paths)?;
    let chosen = chosen(&site, lang, &paths);
    let mut marked = Vec::new();
    let mut failed = Vec::new();
    for s in chosen.iter().filter(|s| s.state != State::Current) {
        let file = root.join(&s.translation);
        let result = std::fs::read_to_string(&file)
            .map_err(|e| e.to_string())
            .and_then(|text| set_fields(&text, &[(FIELD, Some(&s.current))]))
            .and_then(|text| {
                write_atomic(&file, text.as_bytes(), &file).map_err(|e| e.to_string())
            });
        match result {
            Ok(()) => marked.push(Marked {
                translation: s.translation.clone(),
                original: s.original.clone(),
                was: s.state,
            }),
            Err(e) => failed.push(format!("{}: {e}", s.translation.display())),
        }
    }
    if !failed.is_empty() {
        return Err(UsageError::refused(
            format!(
                "{} translation(s) could not be marked:\n  {}",
                failed.len(),
                failed.join("\n  ")
            ),
            "fix the file named, then run the command again",
        ));
    }
    Ok(marked)
}
