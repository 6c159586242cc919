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
        Some(Change::Pages(files))
    } else {
        Some(Change::Other)
    }
}

/// Starts watching; the returned channel yields one change per debounced batch.
pub fn watch(root: &Path, out: &Path) -> notify::Result<Receiver<Change>> {
    let (tx, rx) = channel();
    let (events_tx, events_rx) = channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(Duration::from_millis(25), None, events_tx)?;
    for dir in crate::build::SOURCE_FOLDERS {
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
