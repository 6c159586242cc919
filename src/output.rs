//! Writes a build into a staging folder beside the target and swaps it in only
//! when the whole build succeeded, so a failed build never damages the last good
//! output.

use std::io;
use std::path::{Path, PathBuf};

/// Writes `bytes` at `rel` (a `/`-separated path) inside `dir`.
pub fn write_file(dir: &Path, rel: &str, bytes: &[u8]) -> io::Result<()> {
    let path = dir.join(rel);
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p)?;
    }
    std::fs::write(path, bytes)
}

/// Copies `from` to `rel` inside `dir`.
pub fn copy_file(dir: &Path, from: &Path, rel: &str) -> io::Result<()> {
    let path = dir.join(rel);
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p)?;
    }
    std::fs::copy(from, path).map(|_| ())
}

/// A folder being filled; becomes the target on [`Staging::commit`], is removed
/// on drop otherwise.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staging {
    /// Where the staging folder for `target` goes (beside it, named after this process).
    fn path_for(target: &Path) -> io::Result<PathBuf> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        Ok(parent.join(format!(".{name}.raamat-new-{}", std::process::id())))
    }

    pub fn new(target: &Path) -> io::Result<Staging> {
        let dir = Self::path_for(target)?;
        if let Some(parent) = dir.parent() {
            std::fs::create_dir_all(parent)?;
        }
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            committed: false,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Replaces the target with the staged output.
    pub fn commit(mut self) -> io::Result<()> {
        let old = self.dir.with_file_name(format!(
            ".{}.raamat-old-{}",
            self.target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        if self.target.exists() {
            if old.exists() {
                std::fs::remove_dir_all(&old)?;
            }
            std::fs::rename(&self.target, &old)?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            // Put the previous output back before reporting.
            if old.exists() {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(e);
        }
        self.committed = true;
        if old.exists() {
            std::fs::remove_dir_all(&old)?;
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

/// Removes this process's staging folder for `target`, if one is being written
/// (after Ctrl-C during a build).
pub fn remove_staging(target: &Path) {
    if let Ok(staging) = Staging::path_for(target) {
        let _ = std::fs::remove_dir_all(staging);
    }
}

/// Refuses output folders whose replacement would destroy the site's sources.
pub fn check_target(root: &Path, target: &Path) -> Result<(), String> {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (root, target) = (abs(root), abs(target));
    if root.starts_with(&target) {
        return Err(format!(
            "the output folder {} contains the site itself",
            target.display()
        ));
    }
    let others = ["src", ".git"];
    for keep in crate::build::SOURCE_FOLDERS.iter().chain(&others) {
        if target.starts_with(root.join(keep)) {
            return Err(format!(
                "the output folder {} is inside the site's {keep}/ folder",
                target.display()
            ));
        }
    }
    if target.join("raamat.toml").exists() || target.join("Cargo.toml").exists() {
        return Err(format!(
            "{} looks like a project folder, not an output folder",
            target.display()
        ));
    }
    Ok(())
}
