//! Where a build's files go. The output folder is the one thing raamat may
//! replace or delete, so it must be raamat's own (`target.rs`); a build is
//! written into a staging folder beside it and swapped in whole only when it
//! succeeded (`staging.rs`), so a failed or killed build never damages the last
//! good output.

pub(crate) mod archive;
mod staging;
mod target;

pub use staging::remove_staging;
pub(crate) use staging::Staging;
pub(crate) use target::{check_target, resolve_path};

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Where the outputs put their files: one writer for all of them. A build
/// writes into its staging folder ([`Folder`]); `check` renders everything
/// the same way and keeps nothing ([`Discard`]).
pub(crate) trait Writer: Sync {
    /// Writes `bytes` at `rel`, a `/`-separated path below the output.
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()>;
    /// Copies the file `from` to `rel`.
    fn copy(&self, from: &Path, rel: &str) -> io::Result<()>;
    /// The folder written into, when there is one (outputs made from other
    /// outputs' files, such as a handbook's offline copy, read it).
    fn folder(&self) -> Option<&Path> {
        None
    }
}

/// Writes below a folder.
pub(crate) struct Folder {
    root: PathBuf,
    /// Folders below `root` known to be there: most files go where another
    /// went before (a language's search index is thousands of files), and
    /// `create_dir_all` asks the system twice even for a folder that is there.
    made: Mutex<HashSet<String>>,
}

impl Folder {
    pub fn new(root: PathBuf) -> Folder {
        Folder {
            root,
            made: Mutex::default(),
        }
    }

    /// The path of `rel`, with the folder it goes in made.
    fn place(&self, rel: &str) -> io::Result<PathBuf> {
        if let Some((dir, _)) = rel.rsplit_once('/') {
            let known = self
                .made
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .contains(dir);
            if !known {
                std::fs::create_dir_all(self.root.join(dir))?;
                self.made
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(dir.to_string());
            }
        }
        Ok(self.root.join(rel))
    }
}

impl Writer for Folder {
    fn folder(&self) -> Option<&Path> {
        Some(&self.root)
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        std::fs::write(self.place(rel)?, bytes)
    }

    fn copy(&self, from: &Path, rel: &str) -> io::Result<()> {
        std::fs::copy(from, self.place(rel)?).map(|_| ())
    }
}

/// Keeps nothing, but still finds the files that a build could not copy.
pub(crate) struct Discard;

impl Writer for Discard {
    fn write(&self, _: &str, _: &[u8]) -> io::Result<()> {
        Ok(())
    }

    fn copy(&self, from: &Path, _: &str) -> io::Result<()> {
        std::fs::File::open(from).map(drop)
    }
}

/// Keeps the files in memory, to be written only if nothing went wrong
/// (`raamat serve` updating pages).
#[derive(Default)]
pub(crate) struct Memory(std::sync::Mutex<Vec<(String, Vec<u8>)>>);

impl Memory {
    /// The files written, by path: the same list whatever order parallel
    /// writers wrote them in (an offline copy zips them as listed).
    pub fn into_files(self) -> Vec<(String, Vec<u8>)> {
        let mut files = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        files
    }
}

impl Writer for Memory {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((rel.to_string(), bytes.to_vec()));
        Ok(())
    }

    /// Only checks that `from` can be read. What is copied (the site's
    /// media, static files) is already in the output when `serve` renders
    /// into memory, and a change to one of those files is a full build.
    fn copy(&self, from: &Path, _: &str) -> io::Result<()> {
        std::fs::File::open(from).map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;

    #[test]
    fn memory_lists_its_files_by_path_whatever_order_they_came_in() {
        let names: Vec<String> = (0..200).map(|i| format!("search/et/d-{i}.js")).collect();
        let memory = Memory::default();
        names
            .par_iter()
            .rev()
            .for_each(|n| memory.write(n, n.as_bytes()).unwrap());
        let mut sorted = names.clone();
        sorted.sort();
        let listed: Vec<String> = memory.into_files().into_iter().map(|(n, _)| n).collect();
        assert_eq!(listed, sorted);
    }
}
