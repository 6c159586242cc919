//! Watches the site's sources and turns file events into changes to rebuild.
//! Events are gathered into batches, so an editor's write-to-temp-and-rename
//! is one change.

use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
use notify::{Event, EventKind, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

/// What changed, as far as rebuilding is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Only Markdown pages in content/ changed: saved, made or deleted.
    Pages(Vec<PathBuf>),
    /// Only files inside one existing course folder changed.
    Course(String),
    /// Only templates or a theme's templates or static files changed.
    Theme(Vec<PathBuf>),
    /// Anything else: build everything.
    Other,
    /// Not a file: a request for the search index or an offline copy while
    /// they are behind pages updated on their own.
    Wanted,
}

/// How long events gather when none of them says a file is complete: an
/// editor's save (write a temporary file, rename it over the page) takes a
/// few milliseconds.
const DEBOUNCE: Duration = Duration::from_millis(15);

/// How much longer a batch that took a file away waits for it to come back.
const COMING_BACK: Duration = Duration::from_millis(100);

/// Editors' temporary and backup files: `.page.md.swp`, `page.md~`, vim's
/// probe file `4913` (made and removed before each save), JetBrains'
/// `page.md___jb_tmp___`.
fn is_noise(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || (!name.is_empty() && name.bytes().all(|b| b.is_ascii_digit()))
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
    // A page saved, made or deleted (a deleted folder is not a page).
    let pages_only = relevant.iter().all(|p| {
        p.starts_with(&content)
            && p.extension().is_some_and(|e| e == "md")
            && (p.is_file() || std::fs::symlink_metadata(p).is_err())
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

/// Starts watching; `tx` gets one change per batch of events.
pub fn watch(root: &Path, out: &Path, tx: Sender<Change>) -> notify::Result<()> {
    let (events_tx, events_rx) = channel::<notify::Result<Event>>();
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = events_tx.send(event);
    })?;
    let mut watched = Vec::new();
    for dir in crate::config::SOURCE_FOLDERS {
        let path = root.join(dir);
        if path.is_dir() {
            watcher.watch(&path, RecursiveMode::Recursive)?;
            watched.push(path);
        }
    }
    // raamat.toml (also when an editor replaces it), and source folders
    // created while serving.
    watcher.watch(root, RecursiveMode::NonRecursive)?;
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
        let mut watcher = watcher;
        let at_top = |p: &Path| p.parent() == Some(root.as_path());
        while let Some(events) = next_batch(&events_rx, DEBOUNCE, COMING_BACK) {
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
                    if watcher.watch(p, RecursiveMode::Recursive).is_ok() {
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
    Ok(())
}

/// The next batch of events: those that come until a file is complete (closed
/// after writing, or renamed into place) and no more are queued, or until
/// none has come for `quiet` (`coming_back` more after a removal). A save is rebuilt as soon as it is done,
/// instead of always a fixed time after it. `None` when the watcher is gone.
fn next_batch(
    events: &Receiver<notify::Result<Event>>,
    quiet: Duration,
    coming_back: Duration,
) -> Option<Vec<Event>> {
    let mut batch: Vec<Event> = Vec::new();
    let push = |batch: &mut Vec<Event>, event: notify::Result<Event>| {
        if let Ok(event) = event {
            batch.push(event);
        }
    };
    push(&mut batch, events.recv().ok()?);
    let mut waited = false;
    loop {
        while let Ok(event) = events.try_recv() {
            push(&mut batch, event);
        }
        if batch.iter().any(completes_a_file) {
            return Some(batch);
        }
        match events.recv_timeout(quiet) {
            Ok(event) => push(&mut batch, event),
            // A file removed or renamed away may be on its way back (an
            // editor saves by renaming the page to a backup, then writing
            // it anew): a removal is a full build, so it waits a while.
            Err(RecvTimeoutError::Timeout) if !waited && batch.iter().any(takes_a_file_away) => {
                waited = true;
                match events.recv_timeout(coming_back) {
                    Ok(event) => push(&mut batch, event),
                    Err(_) => return Some(batch),
                }
            }
            Err(_) => return Some(batch),
        }
    }
}

/// Whether `event` took a file away that is still gone.
fn takes_a_file_away(event: &Event) -> bool {
    let away = matches!(
        event.kind,
        EventKind::Remove(_)
            | EventKind::Modify(ModifyKind::Name(RenameMode::From | RenameMode::Both))
    );
    away && event
        .paths
        .first()
        .is_some_and(|p| !is_noise(p) && !p.exists())
}

/// Whether `event` leaves a file complete at its path: written and closed
/// (Linux tells), or renamed into place, and not an editor's temporary file.
fn completes_a_file(event: &Event) -> bool {
    let complete = matches!(
        event.kind,
        EventKind::Access(AccessKind::Close(AccessMode::Write))
            | EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both))
    );
    complete && event.paths.last().is_some_and(|p| !is_noise(p))
}

impl Change {
    /// One change for two that came while a rebuild ran.
    pub fn merge(self, other: Change) -> Change {
        let union = |mut a: Vec<PathBuf>, b: Vec<PathBuf>| {
            a.extend(b);
            a.sort();
            a.dedup();
            a
        };
        match (self, other) {
            (Change::Pages(a), Change::Pages(b)) => Change::Pages(union(a, b)),
            (Change::Theme(a), Change::Theme(b)) => Change::Theme(union(a, b)),
            (Change::Course(a), Change::Course(b)) if a == b => Change::Course(a),
            _ => Change::Other,
        }
    }
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
            Some(Change::Pages(vec![root.join("content/deleted.et.md")])),
            "a deleted page is a page change (the model decides whether it needs a full build)"
        );
        assert_eq!(
            change(&["content/osa/a.et.md", "content/osa"]),
            Some(Change::Other),
            "a deleted folder"
        );
        assert_eq!(change(&["content/.a.et.md.swp"]), None);
        assert_eq!(
            change(&["content/4913", "content/a.et.md~", "content/a.et.md"]),
            Some(Change::Pages(vec![root.join("content/a.et.md")])),
            "vim's save is the page's change alone"
        );
        assert_eq!(
            change(&[
                "content/a.et.md___jb_tmp___",
                "content/a.et.md___jb_old___",
                "content/a.et.md"
            ]),
            Some(Change::Pages(vec![root.join("content/a.et.md")])),
            "so is a JetBrains IDE's"
        );
    }

    fn event(kind: EventKind, path: &str) -> notify::Result<Event> {
        Ok(Event::new(kind).add_path(PathBuf::from(path)))
    }

    #[test]
    fn a_batch_ends_when_a_page_is_saved_and_waits_for_a_quiet_moment_otherwise() {
        let (tx, rx) = channel();
        let written = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let modified = EventKind::Modify(ModifyKind::Data(notify::event::DataChange::Any));
        // vim: the page renamed to a backup, written anew and closed.
        tx.send(event(modified, "content/a.et.md~")).unwrap();
        tx.send(event(written, "content/.a.et.md.swp")).unwrap();
        tx.send(event(modified, "content/a.et.md")).unwrap();
        tx.send(event(written, "content/a.et.md")).unwrap();
        let started = std::time::Instant::now();
        let batch = next_batch(&rx, Duration::from_secs(30), Duration::ZERO).unwrap();
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "not a quiet moment"
        );
        assert_eq!(batch.len(), 4);
        // A JetBrains save ends with the temporary file renamed over the page.
        let renamed = EventKind::Modify(ModifyKind::Name(RenameMode::To));
        tx.send(event(written, "content/a.et.md___jb_tmp___"))
            .unwrap();
        tx.send(event(renamed, "content/a.et.md")).unwrap();
        let batch = next_batch(&rx, Duration::from_secs(30), Duration::ZERO).unwrap();
        assert_eq!(batch.len(), 2);
        // Without a finished file, the batch waits for a quiet moment.
        tx.send(event(modified, "content/a.et.md")).unwrap();
        let started = std::time::Instant::now();
        let batch = next_batch(&rx, Duration::from_millis(300), Duration::ZERO).unwrap();
        assert!(started.elapsed() >= Duration::from_millis(300));
        assert_eq!(batch.len(), 1);
        // A page renamed away waits for its return: a removal is a full build.
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("a.et.md");
        let page_name = page.to_string_lossy().into_owned();
        let away = EventKind::Modify(ModifyKind::Name(RenameMode::From));
        tx.send(event(away, &page_name)).unwrap();
        let back = {
            let (tx, page, page_name) = (tx.clone(), page.clone(), page_name.clone());
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(300));
                std::fs::write(&page, "+++\ntitle = \"A\"\n+++\n").unwrap();
                tx.send(event(written, &page_name)).unwrap();
            })
        };
        let batch = next_batch(&rx, Duration::from_millis(10), Duration::from_secs(30)).unwrap();
        back.join().unwrap();
        assert_eq!(batch.len(), 2, "the page came back within the batch");
        drop(tx);
        assert!(next_batch(&rx, Duration::from_millis(1), Duration::ZERO).is_none());
    }

    #[test]
    fn changes_that_came_during_a_rebuild_are_one() {
        let pages = |p: &[&str]| Change::Pages(p.iter().map(PathBuf::from).collect());
        assert_eq!(
            pages(&["b.md"]).merge(pages(&["a.md", "b.md"])),
            pages(&["a.md", "b.md"])
        );
        assert_eq!(
            Change::Course("k".into()).merge(Change::Course("k".into())),
            Change::Course("k".into())
        );
        assert_eq!(
            Change::Course("k".into()).merge(Change::Course("m".into())),
            Change::Other
        );
        assert_eq!(
            pages(&["a.md"]).merge(Change::Theme(Vec::new())),
            Change::Other
        );
        assert_eq!(
            Change::Theme(vec!["t/a.html".into()]).merge(Change::Theme(vec!["t/a.html".into()])),
            Change::Theme(vec!["t/a.html".into()])
        );
    }
}
