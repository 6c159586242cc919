//! Decides whether a folder may be used as the output: raamat replaces only a
//! folder it made (one holding [`MARKER`]) or an empty or new one, and never
//! one that holds or lies above the site's sources. Paths are judged after
//! `..` and symbolic links are resolved, so `public/../content` and a link
//! into `content/` are seen for what they are.

use crate::config::SOURCE_FOLDERS;
use crate::usage::UsageError;
use std::io;
use std::path::{Component, Path, PathBuf};

/// The file raamat writes into every output folder it makes; its presence is
/// what allows raamat to replace that folder later.
pub const MARKER: &str = ".raamat-output";

/// What the marker file says to a person who opens it.
pub(super) const MARKER_TEXT: &str =
    "This folder was written by raamat (raamat build / raamat serve).\n\
raamat replaces it whole on every build: do not keep your own files here.\n";

/// `path` as an absolute path with `.`, `..` and symbolic links resolved,
/// also when its last parts do not exist yet (those are taken as written,
/// which is where creating the folder would put them).
pub fn resolve_path(path: &Path) -> io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut resolved = PathBuf::new();
    for part in absolute.components() {
        match part {
            Component::Prefix(_) | Component::RootDir => resolved.push(part),
            Component::CurDir => {}
            // `resolved` has no links left in it, so its parent is the real one.
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => {
                resolved.push(name);
                match std::fs::symlink_metadata(&resolved) {
                    Ok(_) => resolved = resolved.canonicalize()?,
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                    Err(e) => return Err(e),
                }
            }
        }
    }
    Ok(resolved)
}

/// Checks that `out` may be replaced by a build of the site in `root`;
/// returns the resolved output path to write to. Nothing is touched here.
pub fn check_target(root: &Path, out: &Path) -> Result<PathBuf, UsageError> {
    let shown = out.display();
    const ELSEWHERE: &str = "choose a new or empty folder with --out DIR, e.g. --out public";
    let target = resolve_path(out).map_err(|e| {
        UsageError::refused(
            format!("the output folder {shown} cannot be used: {e}"),
            "check that the path exists and that its symbolic links point somewhere",
        )
    })?;
    let root = resolve_path(root).map_err(|e| {
        UsageError::refused(
            format!("the site folder {} cannot be read: {e}", root.display()),
            "pass the folder that holds raamat.toml with --root DIR",
        )
    })?;
    if target.parent().is_none() {
        return Err(UsageError::refused(
            format!("the output folder {shown} is the root of the file system"),
            ELSEWHERE,
        ));
    }
    if root.starts_with(&target) {
        return Err(UsageError::refused(
            format!(
                "the output folder {shown} is {} the site folder: replacing it would delete your sources",
                if root == target { "the same as" } else { "above" }
            ),
            ELSEWHERE,
        ));
    }
    let own = SOURCE_FOLDERS.iter().chain(&[".git", "raamat.toml"]);
    for name in own {
        let source = match resolve_path(&root.join(name)) {
            Ok(p) => p,
            Err(_) => continue,
        };
        let what = if name.contains('.') && *name != ".git" {
            format!("file {name}")
        } else {
            format!("{name}/ folder")
        };
        if target == source {
            return Err(UsageError::refused(
                format!("the output folder {shown} is the site's {what}"),
                ELSEWHERE,
            ));
        }
        if target.starts_with(&source) {
            return Err(UsageError::refused(
                format!("the output folder {shown} is inside the site's {what}"),
                ELSEWHERE,
            ));
        }
        if source.starts_with(&target) {
            return Err(UsageError::refused(
                format!("the output folder {shown} holds the site's {what}"),
                ELSEWHERE,
            ));
        }
    }
    let meta = match std::fs::metadata(&target) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(target),
        Err(e) => {
            return Err(UsageError::refused(
                format!("the output folder {shown} cannot be read: {e}"),
                ELSEWHERE,
            ))
        }
    };
    if !meta.is_dir() {
        return Err(UsageError::refused(
            format!("{shown} is a file, not an output folder"),
            ELSEWHERE,
        ));
    }
    let has = |name: &str| target.join(name).symlink_metadata().is_ok();
    if has(".git") {
        return Err(UsageError::refused(
            format!("the output folder {shown} is a git repository (it has .git)"),
            ELSEWHERE,
        ));
    }
    if has("raamat.toml") || has("Cargo.toml") {
        return Err(UsageError::refused(
            format!("{shown} is a project folder, not an output folder"),
            ELSEWHERE,
        ));
    }
    if has(MARKER) && target.join(MARKER).is_file() {
        return Ok(target);
    }
    let empty = std::fs::read_dir(&target)
        .map(|mut entries| entries.next().is_none())
        .unwrap_or(false);
    if empty {
        return Ok(target);
    }
    if has("sitemap.xml") && has("index.html") {
        return Err(UsageError::refused(
            format!(
                "the output folder {shown} has no {MARKER} file: it was written by an older raamat, \
                 or it is not raamat's. raamat replaces only folders it made"
            ),
            format!(
                "if nothing in {shown} is yours, delete it (rm -r {shown}) and build again; \
                 raamat marks the new one as its own"
            ),
        ));
    }
    Err(UsageError::refused(
        format!(
            "the output folder {shown} is not empty and was not made by raamat (it has no {MARKER} file); \
             raamat replaces only folders it made"
        ),
        ELSEWHERE,
    ))
}

#[cfg(test)]
mod tests {
    use super::resolve_path;
    use std::path::Path;

    #[test]
    fn resolves_dot_dot_and_links_also_below_missing_folders() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(base.join("site/content")).unwrap();
        assert_eq!(
            resolve_path(&base.join("site/public/../content")).unwrap(),
            base.join("site/content")
        );
        assert_eq!(
            resolve_path(&base.join("site/x/y/../../content/pub")).unwrap(),
            base.join("site/content/pub")
        );
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(base.join("site/content"), base.join("link")).unwrap();
            assert_eq!(
                resolve_path(&base.join("link/new")).unwrap(),
                base.join("site/content/new")
            );
        }
        assert_eq!(resolve_path(Path::new("/")).unwrap(), Path::new("/"));
    }
}
