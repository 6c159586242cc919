//! The staging folder a build is written into, beside the output folder, and
//! the swap that puts it in place. On Linux the swap is one atomic exchange
//! (`renameat2` with `RENAME_EXCHANGE`), so there is no moment without an
//! output even if the build is killed; elsewhere it is two renames.

use super::target::{MARKER, MARKER_TEXT};
use std::io;
use std::path::{Path, PathBuf};

const NEW: &str = "raamat-new";
const OLD: &str = "raamat-old";

/// `.public.raamat-new-<pid>` beside `target` (which must be resolved).
fn sibling(target: &Path, kind: &str, pid: u32) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    target.with_file_name(format!(".{name}.{kind}-{pid}"))
}

/// A folder being filled; becomes the target on [`Staging::commit`], is removed
/// on drop otherwise.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staging {
    /// Starts a staging folder for `target`, an output folder that
    /// [`super::check_target`] accepted (and resolved). Staging folders left
    /// by killed builds of the same output are removed first.
    pub fn new(target: &Path) -> io::Result<Staging> {
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        remove_abandoned(target);
        let dir = sibling(target, NEW, std::process::id());
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir(&dir)?;
        std::fs::write(dir.join(MARKER), MARKER_TEXT)?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            committed: false,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Puts the staged output in place of the target.
    pub fn commit(mut self) -> io::Result<()> {
        if self.target.exists() {
            if exchange(&self.dir, &self.target)? {
                self.committed = true;
                // `dir` now holds the previous output. If it cannot be
                // removed now, the next build removes it.
                let _ = remove_tree(&self.dir);
                return Ok(());
            }
            let old = sibling(&self.target, OLD, std::process::id());
            if old.exists() {
                std::fs::remove_dir_all(&old)?;
            }
            std::fs::rename(&self.target, &old)?;
            if let Err(e) = std::fs::rename(&self.dir, &self.target) {
                // Put the previous output back before reporting.
                let _ = std::fs::rename(&old, &self.target);
                return Err(e);
            }
            self.committed = true;
            let _ = remove_tree(&old);
        } else {
            std::fs::rename(&self.dir, &self.target)?;
            self.committed = true;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Swaps two folders in one step; `Ok(false)` where the OS or the file
/// system cannot (then two renames have to do).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Removes `dir`, a previous output, on every core: a big site's output holds
/// tens of thousands of files, and removing them one after another took a
/// sizeable part of a rebuild.
fn remove_tree(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    // Symbolic links are not followed: a link is removed, not what it names.
    let parts: Vec<(PathBuf, bool)> = walkdir::WalkDir::new(dir)
        .min_depth(2)
        .max_depth(2)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            let is_dir = e.file_type().is_dir();
            (e.into_path(), is_dir)
        })
        .collect();
    parts.par_iter().for_each(|(path, is_dir)| {
        let _ = if *is_dir {
            std::fs::remove_dir_all(path)
        } else {
            std::fs::remove_file(path)
        };
    });
    std::fs::remove_dir_all(dir)
}

/// Whether the process that made a staging folder may still be writing it.
fn alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return false;
    }
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        // Without a cheap way to ask, assume it is; the folder stays.
        true
    }
}

/// Removes the staging folders of builds of `target` that were killed.
fn remove_abandoned(target: &Path) {
    let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
        return;
    };
    let name = name.to_string_lossy();
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        let Some(rest) = file_name.strip_prefix(&format!(".{name}.")) else {
            continue;
        };
        let pid = [NEW, OLD]
            .iter()
            .find_map(|kind| rest.strip_prefix(kind)?.strip_prefix('-'))
            .and_then(|pid| pid.parse::<u32>().ok());
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && pid.is_some_and(|p| !alive(p)) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Removes this process's staging folder for `out`, if one is being written
/// (after Ctrl-C during a build).
pub fn remove_staging(out: &Path) {
    if let Ok(target) = super::resolve_path(out) {
        let _ = std::fs::remove_dir_all(sibling(&target, NEW, std::process::id()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_the_old_output_and_leaves_no_staging_folder() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("old.html"), "vana").unwrap();
        std::fs::create_dir_all(target.join("et/juhend")).unwrap();
        std::fs::write(target.join("et/juhend/index.html"), "vana").unwrap();
        std::fs::write(target.join("et/index.html"), "vana").unwrap();
        let s = Staging::new(&target).unwrap();
        std::fs::write(s.dir().join("new.html"), "uus").unwrap();
        s.commit().unwrap();
        assert!(target.join("new.html").is_file());
        assert!(!target.join("old.html").exists());
        assert!(!target.join("et").exists());
        assert!(target.join(MARKER).is_file());
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "only public/ is left");
    }

    #[cfg(unix)]
    #[test]
    fn removing_an_old_output_removes_links_in_it_not_what_they_name() {
        let dir = tempfile::tempdir().unwrap();
        let notes = dir.path().join("notes");
        std::fs::create_dir(&notes).unwrap();
        std::fs::write(notes.join("märkmed.md"), "autori fail").unwrap();
        let old = dir.path().join("old");
        std::fs::create_dir_all(old.join("et")).unwrap();
        std::os::unix::fs::symlink(&notes, old.join("et/notes")).unwrap();
        std::os::unix::fs::symlink(&notes, old.join("notes")).unwrap();
        remove_tree(&old).unwrap();
        assert!(!old.exists());
        assert_eq!(
            std::fs::read_to_string(notes.join("märkmed.md")).unwrap(),
            "autori fail"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn linux_swaps_the_two_folders_in_one_step() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir(&a).unwrap();
        std::fs::create_dir(&b).unwrap();
        std::fs::write(a.join("uus"), "").unwrap();
        std::fs::write(b.join("vana"), "").unwrap();
        assert!(exchange(&a, &b).unwrap(), "RENAME_EXCHANGE is used");
        assert!(b.join("uus").exists() && a.join("vana").exists());
    }

    #[test]
    fn abandoned_staging_folders_of_dead_builds_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        // A pid no process has (above the kernel's pid_max).
        let dead = dir.path().join(".public.raamat-new-4194305");
        let dead_old = dir.path().join(".public.raamat-old-4194306");
        let unrelated = dir.path().join(".public.notes");
        for d in [&dead, &dead_old, &unrelated] {
            std::fs::create_dir(d).unwrap();
        }
        let s = Staging::new(&target).unwrap();
        assert!(!dead.exists() && !dead_old.exists());
        assert!(unrelated.exists(), "a folder raamat did not name stays");
        drop(s);
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "a dropped staging folder is removed");
    }
}
