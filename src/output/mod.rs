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
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
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
    /// Where the output this build replaces has the file `rel`, if it has.
    fn previous(&self, _rel: &str) -> Option<PathBuf> {
        None
    }
    /// Writes at `rel` the file that `make` writes out, which may be too big
    /// to hold in memory (a handbook's offline copy): a folder takes it as it
    /// is made. Gives the file's length.
    fn write_made(
        &self,
        rel: &str,
        make: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<u64> {
        let mut bytes = Vec::new();
        make(&mut bytes)?;
        self.write(rel, &bytes)?;
        Ok(bytes.len() as u64)
    }
}

/// Bytes of a file [`Writer::write_made`] holds in memory at most; a
/// bigger file goes to its place as it is made. A handbook of 50 000 pages
/// has an offline copy of 300 MB.
const HELD_AT_MOST: usize = 32 << 20;

/// A file being made for [`Folder::write_made`]: in memory while it is
/// small (a rebuild then compares it with the previous output's without
/// writing it), in its place once it is big.
struct Spool<'a> {
    folder: &'a Folder,
    rel: &'a str,
    bytes: Vec<u8>,
    /// Where it went once it grew past [`HELD_AT_MOST`], and its length.
    file: Option<(PathBuf, io::BufWriter<std::fs::File>, u64)>,
}

impl Write for Spool<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.file {
            Some((_, file, len)) => {
                file.write_all(buf)?;
                *len += buf.len() as u64;
            }
            None => {
                self.bytes.extend_from_slice(buf);
                if self.bytes.len() > HELD_AT_MOST {
                    let to = self.folder.place(self.rel)?;
                    let mut file = io::BufWriter::with_capacity(1 << 20, self.folder.create(&to)?);
                    file.write_all(&self.bytes)?;
                    let len = self.bytes.len() as u64;
                    self.bytes = Vec::new();
                    self.file = Some((to, file, len));
                }
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.file {
            Some((_, file, _)) => file.flush(),
            None => Ok(()),
        }
    }
}

/// Writes below a folder.
pub(crate) struct Folder {
    root: PathBuf,
    /// Folders below `root` known to be there: most files go where another
    /// went before (a language's search index is thousands of files), and
    /// `create_dir_all` asks the system twice even for a folder that is there.
    made: Mutex<HashSet<String>>,
    /// The output this build replaces, if any: a file that comes out the same
    /// as there is linked to it rather than written anew.
    previous: Option<PathBuf>,
    /// Cleared when the file system refuses a hard link.
    linking: AtomicBool,
}

impl Folder {
    pub fn new(root: PathBuf) -> Folder {
        Folder {
            root,
            made: Mutex::default(),
            previous: None,
            linking: AtomicBool::new(false),
        }
    }

    /// Writes into `root` a build that will replace the output `previous`:
    /// each file that is byte for byte the one `previous` has at its path
    /// becomes a hard link to it. A rebuild then makes and deletes only the
    /// files that changed (on a real disk, making a file among thousands
    /// just deleted costs far more than its bytes), and unchanged files keep
    /// their modification time, so a deploy that compares times uploads only
    /// what changed. `previous` itself is only read: a file linked once is
    /// never written through (see [`Folder::create`]).
    pub fn replacing(mut self, previous: &Path) -> Folder {
        if previous.is_dir() {
            self.previous = Some(previous.to_path_buf());
            self.linking = AtomicBool::new(true);
        }
        self
    }

    /// The previous output's file at `rel` and its length, if it has one.
    fn previous_file(&self, rel: &str) -> Option<(PathBuf, u64)> {
        let old = self.previous.as_ref()?.join(rel);
        // Not followed: a symbolic link would lead out of the output.
        let meta = std::fs::symlink_metadata(&old).ok()?;
        meta.is_file().then_some((old, meta.len()))
    }

    /// Links `to` to the previous output's file at `rel` if that file is
    /// `len` bytes long and `same` says its contents are the new ones.
    fn link_same(&self, rel: &str, to: &Path, len: u64, same: impl FnOnce(&Path) -> bool) -> bool {
        if !self.linking.load(Ordering::Relaxed) {
            return false;
        }
        let Some((old, old_len)) = self.previous_file(rel) else {
            return false;
        };
        if old_len != len || !same(&old) {
            return false;
        }
        match std::fs::hard_link(&old, to) {
            Ok(()) => true,
            // Written once already in this build: written again below.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => false,
            Err(_) => {
                // A file system without hard links (FAT, some network
                // shares): every file is written.
                self.linking.store(false, Ordering::Relaxed);
                false
            }
        }
    }

    /// Puts `bytes` at `rel` in an output that is in use (`raamat serve`
    /// updating pages): written to a new file beside it and renamed over it,
    /// so a reader gets the old file or the new one, never part of one, and a
    /// file the output shares with another name is never written through.
    pub fn replace(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let to = self.place(rel)?;
        let mut new = tempfile::Builder::new();
        new.prefix(".raamat-");
        // As a file made the usual way gets them (the default is the
        // owner's alone): a web server may serve this folder.
        #[cfg(unix)]
        new.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        let mut file = new.tempfile_in(to.parent().unwrap_or(&self.root))?;
        file.write_all(bytes)?;
        file.persist(&to).map_err(|e| e.error)?;
        Ok(())
    }

    /// Removes the file at `rel` from an output in use (`raamat serve`: the
    /// page of a deleted source), and its folder if nothing else is in it.
    pub fn remove(&self, rel: &str) -> io::Result<()> {
        let path = self.root.join(rel);
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        if let Some(folder) = path.parent().filter(|f| *f != self.root) {
            // Fails, and is meant to, when the folder holds anything else.
            let _ = std::fs::remove_dir(folder);
        }
        Ok(())
    }

    /// Creates `to`. A file already there (written earlier in the same
    /// build) is removed first, not truncated: it may be a link to the
    /// previous output's file, which must stay as it was.
    fn create(&self, to: &Path) -> io::Result<std::fs::File> {
        match std::fs::File::create_new(to) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                std::fs::remove_file(to)?;
                std::fs::File::create_new(to)
            }
            made => made,
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

    fn previous(&self, rel: &str) -> Option<PathBuf> {
        self.previous_file(rel).map(|(old, _)| old)
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let to = self.place(rel)?;
        if self.link_same(rel, &to, bytes.len() as u64, |old| holds(old, bytes)) {
            return Ok(());
        }
        self.create(&to)?.write_all(bytes)
    }

    fn write_made(
        &self,
        rel: &str,
        make: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<u64> {
        let mut spool = Spool {
            folder: self,
            rel,
            // Room for a copy of several hundred pages from the start:
            // growing the buffer step by step left 20 MiB more resident at
            // 10 000 pages, and room never written to is never made resident.
            bytes: Vec::with_capacity(8 << 20),
            file: None,
        };
        make(&mut spool)?;
        let Some((to, file, len)) = spool.file else {
            self.write(rel, &spool.bytes)?;
            return Ok(spool.bytes.len() as u64);
        };
        file.into_inner().map_err(io::IntoInnerError::into_error)?;
        // The same as the previous output's file: that file, linked in its
        // place, as `write` would have it.
        let beside = to.with_extension("raamat-link");
        let same = |old: &Path| same_files(&to, old);
        if self.link_same(rel, &beside, len, same) && std::fs::rename(&beside, &to).is_err() {
            let _ = std::fs::remove_file(&beside);
        }
        Ok(len)
    }

    fn copy(&self, from: &Path, rel: &str) -> io::Result<()> {
        let to = self.place(rel)?;
        let len = std::fs::metadata(from)?.len();
        if self.link_same(rel, &to, len, |old| same_files(from, old)) {
            return Ok(());
        }
        io::copy(&mut std::fs::File::open(from)?, &mut self.create(&to)?).map(|_| ())
    }
}

/// Whether the file `path` holds exactly `bytes`.
pub(crate) fn holds(path: &Path, bytes: &[u8]) -> bool {
    std::fs::File::open(path).is_ok_and(|file| same_bytes(file, bytes))
}

/// Whether the files `a` and `b` hold the same bytes.
fn same_files(a: &Path, b: &Path) -> bool {
    match (std::fs::File::open(a), std::fs::File::open(b)) {
        (Ok(a), Ok(b)) => same_bytes(a, b),
        _ => false,
    }
}

/// Whether two readers give the same bytes, compared a piece at a time: a
/// rebuild compares every file it writes (reading each whole left megabytes
/// more resident), and a copied file may be a large video.
fn same_bytes(mut a: impl io::Read, mut b: impl io::Read) -> bool {
    let (mut x, mut y) = ([0u8; 16 * 1024], [0u8; 16 * 1024]);
    loop {
        let n = match a.read(&mut x) {
            Ok(n) => n,
            Err(_) => return false,
        };
        if n == 0 {
            return b.read(&mut y[..1]).is_ok_and(|m| m == 0);
        }
        if b.read_exact(&mut y[..n]).is_err() || x[..n] != y[..n] {
            return false;
        }
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
    /// The paths written so far.
    pub fn paths(&self) -> Vec<String> {
        let files = self.0.lock().unwrap_or_else(|e| e.into_inner());
        files.iter().map(|(rel, _)| rel.clone()).collect()
    }

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
    /// into memory, and a change to one of those files is a full build (a
    /// course's media: the course's update writes them itself).
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

    /// `serve` updates pages of the output in use by replacing them: another
    /// name of the same file keeps what it had, and the page is readable by
    /// others as a page written the usual way is.
    #[cfg(unix)]
    #[test]
    fn a_page_updated_in_place_is_a_new_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir_all(out.join("et")).unwrap();
        std::fs::write(out.join("et/a.html"), "vana").unwrap();
        std::fs::hard_link(out.join("et/a.html"), dir.path().join("teine.html")).unwrap();
        let folder = Folder::new(out.clone());
        folder.replace("et/a.html", b"uus").unwrap();
        folder.replace("et/b/index.html", b"uus leht").unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("et/a.html")).unwrap(),
            "uus"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("teine.html")).unwrap(),
            "vana"
        );
        let usual = std::fs::metadata(dir.path().join("teine.html"))
            .unwrap()
            .permissions();
        for page in ["et/a.html", "et/b/index.html"] {
            let made = std::fs::metadata(out.join(page)).unwrap().permissions();
            assert_eq!(made.mode() & 0o777, usual.mode() & 0o777, "{page}");
        }
        let names: Vec<_> = std::fs::read_dir(out.join("et"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    /// A folder holding a previous output `old` (with a folder `et`) and an
    /// empty `new` one.
    fn previous_and_new() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let (old, new) = (dir.path().join("old"), dir.path().join("new"));
        std::fs::create_dir_all(old.join("et")).unwrap();
        std::fs::create_dir_all(&new).unwrap();
        (dir, old, new)
    }

    /// A file the new build shares with the previous output is never written
    /// through: if a later write of the same build changes it, or the build
    /// fails after all, the previous output still has what it had.
    #[cfg(unix)]
    #[test]
    fn the_previous_output_is_only_read_when_files_are_shared_with_it() {
        use std::os::unix::fs::MetadataExt;
        let (dir, old, new) = previous_and_new();
        std::fs::write(old.join("et/a.html"), "sama").unwrap();
        std::fs::write(old.join("et/b.css"), "sama").unwrap();
        std::fs::write(old.join("et/c.html"), "vana").unwrap();
        let media = dir.path().join("pilt.svg");
        std::fs::write(&media, "sama").unwrap();
        let folder = Folder::new(new.clone()).replacing(&old);

        folder.write("et/a.html", b"sama").unwrap();
        folder.copy(&media, "et/b.css").unwrap();
        folder.write("et/c.html", b"uus!").unwrap();
        let linked = |rel: &str| std::fs::metadata(old.join(rel)).unwrap().nlink() == 2;
        assert!(linked("et/a.html") && linked("et/b.css"));
        assert!(!linked("et/c.html"));

        folder.write("et/a.html", b"muudetud").unwrap();
        std::fs::write(&media, "teine").unwrap();
        folder.copy(&media, "et/b.css").unwrap();
        for (rel, was, is) in [
            ("et/a.html", "sama", "muudetud"),
            ("et/b.css", "sama", "teine"),
            ("et/c.html", "vana", "uus!"),
        ] {
            assert_eq!(std::fs::read_to_string(old.join(rel)).unwrap(), was);
            assert_eq!(std::fs::read_to_string(new.join(rel)).unwrap(), is);
        }
    }

    /// A file too big to hold in memory (the offline copy of a handbook of
    /// tens of thousands of pages) goes to its place as it is made, and is
    /// still linked to the previous output's file when it is the same.
    #[cfg(unix)]
    #[test]
    fn a_big_file_goes_to_its_place_as_it_is_made_and_is_linked_when_unchanged() {
        use std::os::unix::fs::MetadataExt;
        let (_dir, old, new) = previous_and_new();
        let piece: Vec<u8> = (0..=255u8).cycle().take(1 << 20).collect();
        let pieces = HELD_AT_MOST / piece.len() + 2;
        let big: Vec<u8> = piece.repeat(pieces);
        std::fs::write(old.join("et/sama.zip"), &big).unwrap();
        std::fs::write(old.join("et/vana.zip"), &big).unwrap();
        let folder = Folder::new(new.clone()).replacing(&old);
        // Made a piece at a time, the last piece's first byte `last`; gives
        // the most of it that was on disk while it was made.
        let make = |rel: &str, last: u8| {
            let mut most = 0;
            let len = folder
                .write_made(rel, &mut |file| {
                    for i in 0..pieces {
                        let mut bytes = piece.clone();
                        if i == pieces - 1 {
                            bytes[0] = last;
                        }
                        file.write_all(&bytes)?;
                        most = most.max(std::fs::metadata(new.join(rel)).map_or(0, |m| m.len()));
                    }
                    Ok(())
                })
                .unwrap();
            assert_eq!(len, big.len() as u64, "{rel}: the length it gives");
            most
        };
        assert!(make("et/sama.zip", 0) > 0, "written while it was made");
        make("et/vana.zip", 9);
        make("et/uus.zip", 0);
        let linked = |rel: &str| std::fs::metadata(old.join(rel)).unwrap().nlink() == 2;
        assert!(linked("et/sama.zip"));
        assert!(!linked("et/vana.zip"));
        assert_eq!(std::fs::read(new.join("et/sama.zip")).unwrap(), big);
        assert_eq!(std::fs::read(new.join("et/uus.zip")).unwrap(), big);
        let changed = std::fs::read(new.join("et/vana.zip")).unwrap();
        assert_eq!(changed.len(), big.len());
        assert_eq!(changed[big.len() - piece.len()], 9);
        assert_eq!(std::fs::read(old.join("et/vana.zip")).unwrap(), big);
        let left: Vec<_> = std::fs::read_dir(new.join("et"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left.len(), 3, "{left:?}");
        // A small file is held and written whole, as `write` does.
        let len = folder
            .write_made("et/vaike.zip", &mut |file| file.write_all(b"PK"))
            .unwrap();
        assert_eq!(len, 2);
        assert_eq!(std::fs::read(new.join("et/vaike.zip")).unwrap(), b"PK");
    }
}
