//! Reproducible zip files (SCORM packages, handbooks' offline copies): files in
//! the order given, fixed timestamps and permissions, so the same input always
//! gives the same bytes.
//!
//! Each thread keeps one deflate compressor per level (libdeflate) for all its
//! files: setting up a new one for every file cost four times more than
//! compressing a typical page of the site. A file that goes into many zips is
//! compressed once ([`Packed`]) and copied as it is.

use libdeflater::{CompressionLvl, Compressor};
use std::cell::RefCell;
use std::io::{self, Write};

/// How hard to compress: a level of deflate, 1 (fastest) to 9 (smallest).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Level(pub u32);

/// A file's bytes deflated, with what the zip's headers say of the original.
#[derive(Debug, Clone)]
pub struct Packed {
    crc: u32,
    size: u64,
    deflated: Vec<u8>,
}

thread_local! {
    static COMPRESSORS: RefCell<Vec<(Level, Compressor)>> = const { RefCell::new(Vec::new()) };
}

/// Deflates `bytes` with this thread's compressor for `level`.
pub fn pack(bytes: &[u8], level: Level) -> Packed {
    let deflated = COMPRESSORS.with_borrow_mut(|compressors| {
        let at = match compressors.iter().position(|(l, _)| *l == level) {
            Some(at) => at,
            None => {
                compressors.push((level, compressor(level)));
                compressors.len() - 1
            }
        };
        deflate(&mut compressors[at].1, bytes)
    });
    Packed {
        crc: libdeflater::crc32(bytes),
        size: bytes.len() as u64,
        deflated,
    }
}

fn compressor(level: Level) -> Compressor {
    let level = i32::try_from(level.0)
        .ok()
        .and_then(|l| CompressionLvl::new(l).ok())
        .unwrap_or_default();
    Compressor::new(level)
}

fn deflate(c: &mut Compressor, bytes: &[u8]) -> Vec<u8> {
    let mut out = vec![0; c.deflate_compress_bound(bytes.len())];
    let len = c
        .deflate_compress(bytes, &mut out)
        .expect("the buffer holds the bound");
    out.truncate(len);
    out
}

/// A zip being written, in memory or to `W` (a file, as it is made).
pub struct Zip<W: Write = Vec<u8>> {
    writer: rawzip::ZipArchiveWriter<W>,
    level: Level,
}

impl Zip {
    pub fn new(level: Level) -> Zip {
        Zip::to(Vec::new(), level)
    }
}

impl<W: Write> Zip<W> {
    pub fn to(writer: W, level: Level) -> Zip<W> {
        Zip {
            writer: rawzip::ZipArchiveWriter::new(writer),
            level,
        }
    }

    /// Adds the file `path` (`/`-separated), compressing `bytes`.
    pub fn file(&mut self, path: &str, bytes: &[u8]) -> io::Result<()> {
        self.packed(path, &pack(bytes, self.level))
    }

    /// Adds the file `path` with contents compressed before.
    pub fn packed(&mut self, path: &str, file: &Packed) -> io::Result<()> {
        let (mut entry, _) = self
            .writer
            .new_file(path)
            .compression_method(rawzip::CompressionMethod::DEFLATE)
            .last_modified(rawzip::time::UtcDateTime::from_unix(EPOCH_1980))
            // A regular file, rw-r--r-- (the type bits too: unzip reads them).
            .unix_permissions(0o100_644)
            .start()
            .map_err(io::Error::other)?;
        entry.write_all(&file.deflated)?;
        entry
            .finish(rawzip::DataDescriptorOutput::new(file.crc, file.size))
            .map_err(io::Error::other)?;
        Ok(())
    }

    pub fn finish(self) -> io::Result<W> {
        self.writer.finish().map_err(io::Error::other)
    }
}

/// 1980-01-01 00:00 UTC, the earliest time a zip can hold.
const EPOCH_1980: i64 = 315_532_800;

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn read(bytes: Vec<u8>) -> Vec<(String, String, Option<u32>)> {
        let mut archive = zip::ZipArchive::new(io::Cursor::new(bytes)).unwrap();
        (0..archive.len())
            .map(|i| {
                let mut f = archive.by_index(i).unwrap();
                let mut text = String::new();
                f.read_to_string(&mut text).unwrap();
                (f.name().to_string(), text, f.unix_mode())
            })
            .collect()
    }

    #[test]
    fn files_read_back_whole_in_order_and_the_bytes_are_reproducible() {
        let long = "Käsiraamat — руководство. ".repeat(5000);
        let make = || {
            let shared = pack(b"body { color: black }", Level(3));
            let mut z = Zip::new(Level(1));
            z.file("kasiraamat/index.html", long.as_bytes()).unwrap();
            z.file("tühi.txt", b"").unwrap();
            z.packed("theme/style.css", &shared).unwrap();
            z.finish().unwrap()
        };
        let bytes = make();
        assert_eq!(bytes, make());
        let files = read(bytes);
        let names: Vec<&str> = files.iter().map(|(n, _, _)| n.as_str()).collect();
        assert_eq!(
            names,
            ["kasiraamat/index.html", "tühi.txt", "theme/style.css"]
        );
        assert_eq!(files[0].1, long);
        assert_eq!(files[1].1, "");
        assert_eq!(files[2].1, "body { color: black }");
        assert!(
            files.iter().all(|(_, _, mode)| *mode == Some(0o100644)),
            "{files:?}"
        );
    }

    #[test]
    fn a_compressor_used_before_gives_the_same_bytes_as_a_new_one() {
        let a = "Lõige 1. Toetuse taotlemine. ".repeat(300);
        let b = "Раздел 2. Подача заявления. ".repeat(300);
        let fresh = deflate(&mut compressor(Level(1)), b.as_bytes());
        pack(a.as_bytes(), Level(1));
        let again = pack(b.as_bytes(), Level(1)).deflated;
        assert_eq!(fresh, again);
        assert!(again.len() < b.len() / 4, "{} of {}", again.len(), b.len());
    }
}
