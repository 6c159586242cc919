//! Walks a folder of the site. Symbolic links are followed only while they
//! stay inside the site folder; a link that leads outside is an error naming
//! it, and nothing behind it is read, copied or published. File names are
//! compared in Unicode NFC, so a name saved decomposed (as macOS does,
//! `o` + U+0303 for `õ`) pairs with the same name typed precomposed.

use crate::diagnostics::{Diagnostic, Diagnostics};
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;
use walkdir::{DirEntry, WalkDir};

/// `name` in Unicode NFC.
pub fn nfc(name: &str) -> String {
    name.nfc().collect()
}

fn shown(root: &Path, p: &Path) -> PathBuf {
    p.strip_prefix(root).unwrap_or(p).to_path_buf()
}

/// Whether `path`, with its links resolved, is inside the site folder
/// `root`. An error names the link and where it leads.
pub fn inside_site(root: &Path, path: &Path) -> Result<(), Diagnostic> {
    let site = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    match path.canonicalize() {
        Ok(real) if real.starts_with(&site) => Ok(()),
        Ok(real) => Err(Diagnostic::error(
            shown(root, path),
            0,
            format!(
                "a symbolic link to {}, outside the site folder: it is not published",
                real.display()
            ),
        )
        .with_hint("copy the file into the site folder instead of linking to it")),
        Err(e) => Err(Diagnostic::error(
            shown(root, path),
            0,
            format!("a symbolic link that leads nowhere ({e})"),
        )
        .with_hint("remove the link or point it at a file inside the site folder")),
    }
}

/// Every entry below `dir` (the folder itself excluded), in file-name order,
/// with links followed while they stay inside `root`. Names starting with `.`
/// are left out when `skip_hidden`. A missing `dir` has no entries.
/// Problems go to `diags`.
pub fn entries<'a>(
    root: &'a Path,
    dir: &Path,
    skip_hidden: bool,
    diags: &'a Diagnostics,
) -> impl Iterator<Item = DirEntry> + 'a {
    walk(root, dir, skip_hidden, usize::MAX, diags)
}

/// Like [`entries`], for the entries directly in `dir` only.
pub fn children<'a>(
    root: &'a Path,
    dir: &Path,
    skip_hidden: bool,
    diags: &'a Diagnostics,
) -> impl Iterator<Item = DirEntry> + 'a {
    walk(root, dir, skip_hidden, 1, diags)
}

fn walk<'a>(
    root: &'a Path,
    dir: &Path,
    skip_hidden: bool,
    max_depth: usize,
    diags: &'a Diagnostics,
) -> impl Iterator<Item = DirEntry> + 'a {
    let dir_ok = dir.symlink_metadata().is_ok()
        && match inside_site(root, dir) {
            Ok(()) => true,
            Err(d) => {
                diags.push(d);
                false
            }
        };
    let dir_shown = shown(root, dir);
    let walk = dir_ok.then(|| WalkDir::new(dir));
    walk.into_iter()
        .flat_map(move |w| {
            w.follow_links(true)
                .max_depth(max_depth)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(move |e| {
                    if e.depth() == 0 {
                        return dir_ok;
                    }
                    if skip_hidden && e.file_name().to_string_lossy().starts_with('.') {
                        return false;
                    }
                    if e.path_is_symlink() {
                        if let Err(d) = inside_site(root, e.path()) {
                            diags.push(d);
                            return false;
                        }
                    }
                    true
                })
        })
        .filter_map(move |e| match e {
            Ok(e) => (e.depth() > 0).then_some(e),
            Err(err) => {
                let at = err
                    .path()
                    .map_or_else(|| dir_shown.clone(), |p| shown(root, p));
                let message = if err.loop_ancestor().is_some() {
                    "a symbolic link that loops back to a folder above it".to_string()
                } else {
                    format!("cannot read: {err}")
                };
                diags.push(
                    Diagnostic::error(at, 0, message)
                        .with_hint("remove the link, or make it point at a file"),
                );
                None
            }
        })
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_inside_the_site_are_followed_and_outside_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        let content = root.join("content");
        std::fs::create_dir_all(content.join("osa")).unwrap();
        std::fs::create_dir_all(root.join("shared")).unwrap();
        std::fs::write(root.join("shared/logo.svg"), "<svg/>").unwrap();
        std::fs::write(tmp.path().join("secret.txt"), "salajane").unwrap();
        std::fs::create_dir_all(tmp.path().join("elsewhere")).unwrap();
        std::fs::write(tmp.path().join("elsewhere/x.md"), "x").unwrap();
        symlink(root.join("shared/logo.svg"), content.join("logo.svg")).unwrap();
        symlink(
            tmp.path().join("secret.txt"),
            content.join("osa/secret.txt"),
        )
        .unwrap();
        symlink(tmp.path().join("elsewhere"), content.join("valjas")).unwrap();
        symlink(content.join("osa"), content.join("osa/tsukkel")).unwrap();
        let diags = Diagnostics::default();
        let found: Vec<String> = entries(&root, &content, true, &diags)
            .map(|e| shown(&content, e.path()).display().to_string())
            .collect();
        assert_eq!(found, ["logo.svg", "osa"]);
        let mut problems: Vec<String> = diags
            .into_sorted()
            .into_iter()
            .map(|d| format!("{} {}", d.file.display(), d.message))
            .collect();
        problems.sort();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].starts_with("content/osa/secret.txt a symbolic link to"));
        assert!(problems[1].starts_with("content/osa/tsukkel a symbolic link that loops"));
        assert!(problems[2].starts_with("content/valjas a symbolic link to"));
    }

    #[test]
    fn a_linked_source_folder_outside_the_site_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::create_dir_all(tmp.path().join("other/static")).unwrap();
        std::fs::write(tmp.path().join("other/static/a.txt"), "x").unwrap();
        symlink(tmp.path().join("other/static"), root.join("static")).unwrap();
        let diags = Diagnostics::default();
        assert_eq!(
            entries(&root, &root.join("static"), false, &diags).count(),
            0
        );
        assert_eq!(diags.into_sorted()[0].file, Path::new("static"));
    }

    #[test]
    fn names_compare_in_nfc() {
        assert_eq!(nfc("o\u{303}ppimine"), "õppimine");
    }
}
