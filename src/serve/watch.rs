//! Watches the site's sources and turns file events into changes to rebuild.
//! Events are debounced, so an editor's write-to-temp-and-rename is one change.

use notify::event::ModifyKind;
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

/// What changed, as far as rebuilding is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Only existing Markdown pages in content/ changed.
    Pages(Vec<PathBuf>),
    /// Only files inside one existing course folder changed.
    Course(String),
    /// Only templates or a theme's templates or static files changed.
    Theme(Vec<PathBuf>),
    /// Anything else: build everything.
    Other,
}

fn is_noise(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp")
}

fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    }
}

/// Sorts one debounced batch of changed paths.
pub fn classify(root: &Path, paths: &[PathBuf]) -> Option<Change> {
    let content = root.join("content");
    let relevant: Vec<&PathBuf> = paths.iter().filter(|p| !is_noise(p)).collect();
    if relevant.is_empty() {
        return None;
    }
    let pages_only = relevant.iter().all(|p| {
        p.starts_with(&content) && p.extension().is_some_and(|e| e == "md") && p.is_file()
    });
    if pages_only {
        let mut files: Vec<PathBuf> = relevant.into_iter().cloned().collect();
        files.sort();
        files.dedup();
        return Some(Change::Pages(files));
    }
    // UI strings (i18n/) are not the theme's alone: the model uses them too.
    let themes = root.join("themes");
    let is_theme_file = |p: &PathBuf| {
        p.starts_with(root.join("templates"))
            || p.strip_prefix(&themes).is_ok_and(|rel| {
                let mut parts = rel.components().skip(1);
                matches!(parts.next(), Some(c) if c.as_os_str() == "templates" || c.as_os_str() == "static")
                    && parts.next().is_some()
            })
    };
    if relevant.iter().all(|p| is_theme_file(p)) {
        let mut files: Vec<PathBuf> = relevant.into_iter().cloned().collect();
        files.sort();
        files.dedup();
        return Some(Change::Theme(files));
    }
    let courses = root.join("courses");
    let course_of = |p: &PathBuf| {
        let rel = p.strip_prefix(&courses).ok()?;
        let mut parts = rel.components();
        let id = parts.next()?.as_os_str().to_string_lossy().into_owned();
        // A file inside the folder, not the folder itself.
        parts.next()?;
        courses.join(&id).is_dir().then_some(id)
    };
    let ids: Vec<Option<String>> = relevant.iter().map(|p| course_of(p)).collect();
    match ids.first() {
        Some(Some(id)) if ids.iter().all(|i| i.as_deref() == Some(id.as_str())) => {
            Some(Change::Course(id.clone()))
        }
        _ => Some(Change::Other),
    }
}

/// Starts watching; the returned channel yields one change per debounced batch.
pub fn watch(root: &Path, out: &Path) -> notify::Result<Receiver<Change>> {
    let (tx, rx) = channel();
    let (events_tx, events_rx) = channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(Duration::from_millis(25), None, events_tx)?;
    let mut watched = Vec::new();
    for dir in crate::config::SOURCE_FOLDERS {
        let path = root.join(dir);
        if path.is_dir() {
            debouncer.watch(&path, RecursiveMode::Recursive)?;
            watched.push(path);
        }
    }
    // raamat.toml (also when an editor replaces it), and source folders
    // created while serving.
    debouncer.watch(root, RecursiveMode::NonRecursive)?;
    // Events name absolute paths; the rest of raamat names files below the
    // root as given (often `.`).
    let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let (root, canonical_root, out) = (root.to_path_buf(), canonical(root), canonical(out));
    let is_source = |p: &Path| {
        p.file_name().is_some_and(|name| {
            name == "raamat.toml" || crate::config::SOURCE_FOLDERS.iter().any(|d| name == *d)
        })
    };
    std::thread::spawn(move || {
        let mut debouncer = debouncer;
        let at_top = |p: &Path| p.parent() == Some(root.as_path());
        for result in events_rx {
            let Ok(events) = result else { continue };
            // Reading the sources during a build raises access events; only
            // writes, creations, renames and removals are changes.
            let paths: Vec<PathBuf> = events
                .iter()
                .filter(|e| is_change(&e.kind))
                .flat_map(|e| e.paths.iter())
                .filter(|p| !p.starts_with(&out))
                .map(|p| match p.strip_prefix(&canonical_root) {
                    Ok(rel) => root.join(rel),
                    Err(_) => p.clone(),
                })
                .filter(|p| !at_top(p) || is_source(p))
                .collect();
            for p in paths.iter().filter(|p| at_top(p)) {
                if !p.is_dir() {
                    // Removed: watched again if it comes back.
                    watched.retain(|w| w != p);
                } else if !watched.contains(p) {
                    // A failed watch leaves the folder unwatched; the full
                    // build below still reads it.
                    if debouncer.watch(p, RecursiveMode::Recursive).is_ok() {
                        watched.push(p.clone());
                    }
                }
            }
            if let Some(change) = classify(&root, &paths) {
                if tx.send(change).is_err() {
                    return;
                }
            }
        }
    });
    Ok(rx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_changes_by_what_they_affect() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for p in [
            "content/a.et.md",
            "courses/k/01-a.et.md",
            "courses/k/course.toml",
            "courses/m/course.toml",
            "themes/x.html",
        ] {
            std::fs::create_dir_all(root.join(p).parent().unwrap()).unwrap();
            std::fs::write(root.join(p), "").unwrap();
        }
        let change = |paths: &[&str]| {
            classify(
                root,
                &paths.iter().map(|p| root.join(p)).collect::<Vec<_>>(),
            )
        };
        assert_eq!(
            change(&["content/a.et.md"]),
            Some(Change::Pages(vec![root.join("content/a.et.md")]))
        );
        assert_eq!(
            change(&["courses/k/01-a.et.md", "courses/k/course.toml"]),
            Some(Change::Course("k".into()))
        );
        assert_eq!(
            change(&["courses/k/course.toml", "courses/m/course.toml"]),
            Some(Change::Other)
        );
        assert_eq!(
            change(&["content/a.et.md", "themes/x.html"]),
            Some(Change::Other)
        );
        assert_eq!(
            change(&["themes/t/static/style.css", "templates/page.html"]),
            Some(Change::Theme(vec![
                root.join("templates/page.html"),
                root.join("themes/t/static/style.css"),
            ]))
        );
        assert_eq!(
            change(&["themes/t/i18n/et.toml"]),
            Some(Change::Other),
            "UI strings are part of the model"
        );
        assert_eq!(change(&["i18n/et.toml"]), Some(Change::Other));
        assert_eq!(
            change(&["content/deleted.et.md"]),
            Some(Change::Other),
            "a deleted page needs a full build"
        );
        assert_eq!(change(&["content/.a.et.md.swp"]), None);
    }
}
