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
    for dir in crate::config::SOURCE_FOLDERS {
        let path = root.join(dir);
        if path.is_dir() {
            debouncer.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    debouncer.watch(root.join("raamat.toml"), RecursiveMode::NonRecursive)?;
    let (root, out) = (root.to_path_buf(), out.to_path_buf());
    std::thread::spawn(move || {
        // The debouncer lives as long as this thread.
        let _debouncer = debouncer;
        for result in events_rx {
            let Ok(events) = result else { continue };
            // Reading the sources during a build raises access events; only
            // writes, creations, renames and removals are changes.
            let paths: Vec<PathBuf> = events
                .iter()
                .filter(|e| is_change(&e.kind))
                .flat_map(|e| e.paths.iter().cloned())
                .filter(|p| !p.starts_with(&out))
                .collect();
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
            change(&["content/deleted.et.md"]),
            Some(Change::Other),
            "a deleted page needs a full build"
        );
        assert_eq!(change(&["content/.a.et.md.swp"]), None);
    }
}
