//! Reproducible zip files (SCORM packages, handbooks' offline copies): files in
//! the order given, fixed timestamps and permissions, so the same input always
//! gives the same bytes.
//!
//! Each thread keeps one deflate compressor per level (libdeflate) for all its
//! files: setting up a new one for every file cost four times more than
//! compressing a typical page of the site. A file that goes into many zips is
//! compressed once ([`Packed`]) and copied as it is, and a rebuild copies a
//! file that has not changed from the zip it replaces ([`Earlier`]).

use libdeflater::{CompressionLvl, Compressor};
use std::cell::RefCell;
use std::collections::HashMap;
use std::io::{self, Write};

/// How hard to compress: a level of deflate, 1 (fastest) to 9 (smallest);
/// 0 keeps the bytes as they are, in deflate's stored blocks.
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

/// Whether the file `path` is of a format that is compressed already:
/// images, sound and video, fonts, archives (office documents among them).
/// Deflating a photo costs a build more than deflating several pages and
/// makes it no smaller, so such a file goes in as it is, in deflate's
/// stored blocks (level 0: 5 bytes to 64 kB). The zip's method stays
/// deflate for every file: a stored file with a data descriptor after it,
/// as this writer makes every file, is one that Java's streaming zip
/// reader refuses.
fn compressed_already(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let Some((_, extension)) = name.rsplit_once('.') else {
        return false;
    };
    const FORMATS: &[&str] = &[
        "png", "jpg", "jpeg", "gif", "webp", "avif", "heic", "heif", "jxl", "svgz", "mp3", "m4a",
        "aac", "ogg", "oga", "opus", "flac", "mp4", "m4v", "mov", "webm", "ogv", "mkv", "woff",
        "woff2", "zip", "gz", "bz2", "xz", "zst", "br", "7z", "rar", "docx", "xlsx", "pptx", "odt",
        "ods", "odp", "epub",
    ];
    FORMATS.iter().any(|f| extension.eq_ignore_ascii_case(f))
}

/// Deflates `bytes`, the file `path`, with this thread's compressor for
/// `level`, or as they are if the file is compressed already.
pub fn pack(path: &str, bytes: &[u8], level: Level) -> Packed {
    let level = if compressed_already(path) {
        Level(0)
    } else {
        level
    };
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

    /// Adds the file `path` (`/`-separated) holding `bytes`.
    pub fn file(&mut self, path: &str, bytes: &[u8]) -> io::Result<()> {
        self.packed(path, &pack(path, bytes, self.level))
    }

    /// Adds the file `path` with contents compressed before.
    pub fn packed(&mut self, path: &str, file: &Packed) -> io::Result<()> {
        self.deflated(path, file.crc, file.size, &file.deflated)
    }

    fn deflated(&mut self, path: &str, crc: u32, size: u64, deflated: &[u8]) -> io::Result<()> {
        let (mut entry, _) = self
            .writer
            .new_file(path)
            .compression_method(rawzip::CompressionMethod::DEFLATE)
            .last_modified(rawzip::time::UtcDateTime::from_unix(EPOCH_1980))
            // A regular file, rw-r--r-- (the type bits too: unzip reads them).
            .unix_permissions(0o100_644)
            .start()
            .map_err(io::Error::other)?;
        entry.write_all(deflated)?;
        entry
            .finish(rawzip::DataDescriptorOutput::new(crc, size))
            .map_err(io::Error::other)?;
        Ok(())
    }

    /// Finishes the zip, marked as made by this compressor, so that a later
    /// build may take files from it ([`Earlier`]).
    pub fn finish(mut self) -> io::Result<W> {
        self.writer.set_comment(maker(self.level));
        self.writer.finish().map_err(io::Error::other)
    }
}

/// What a zip says made it: files compressed by another version, at another
/// level or before formats compressed already went in as they are
/// ([`compressed_already`]) would make other bytes, so they are not taken over.
fn maker(level: Level) -> String {
    format!(
        "raamat {} deflate {}, media as is",
        env!("CARGO_PKG_VERSION"),
        level.0
    )
}

/// The files of a zip an earlier build made for the same path. A rebuild
/// takes over each file that has not changed as it was compressed then:
/// inflating it to check that it is the same costs a fraction of deflating
/// it again, so a rebuild's unchanged offline copies cost little. Only the
/// zip's directory is read at first, then each file as it is asked for
/// (reading whole zips left megabytes more resident in a rebuild).
#[derive(Default)]
pub struct Earlier {
    archive: Option<rawzip::ZipArchive<rawzip::FileReader>>,
    /// Path → CRC-32, size, where it is in the zip.
    files: HashMap<String, (u32, u64, rawzip::ZipArchiveEntryWayfinder)>,
}

/// What comparing a file of an earlier zip takes: the inflater, and the
/// file's bytes as they are in the zip and inflated.
struct Buffers(libdeflater::Decompressor, Vec<u8>, Vec<u8>);

/// Bytes a thread's comparing buffers keep for the next file at most.
const KEPT_BUFFER: usize = 1 << 20;

thread_local! {
    /// Kept from one file to the next.
    static COMPARING: RefCell<Option<Buffers>> = const { RefCell::new(None) };
}

impl Earlier {
    /// The files of the zip at `path` if this compressor at `level` made it;
    /// none otherwise, or if it cannot be read.
    pub fn open(path: &std::path::Path, level: Level) -> Earlier {
        Earlier::try_open(path, level).unwrap_or_default()
    }

    fn try_open(path: &std::path::Path, level: Level) -> Option<Earlier> {
        use std::io::Read;
        let mut buffer = vec![0; rawzip::RECOMMENDED_BUFFER_SIZE];
        let file = std::fs::File::open(path).ok()?;
        let archive = rawzip::ZipArchive::from_file(file, &mut buffer).ok()?;
        let mut comment = archive.comment();
        let mut made_by = vec![0; comment.remaining() as usize];
        comment.read_exact(&mut made_by).ok()?;
        if made_by != maker(level).as_bytes() {
            return None;
        }
        let mut files = HashMap::new();
        let mut entries = archive.entries(&mut buffer);
        while let Some(entry) = entries.next_entry().ok()? {
            if entry.compression_method() == rawzip::CompressionMethod::DEFLATE {
                let path = String::from_utf8_lossy(entry.file_path().as_bytes()).into_owned();
                let size = entry.uncompressed_size_hint();
                files.insert(path, (entry.crc32(), size, entry.wayfinder()));
            }
        }
        Some(Earlier {
            archive: Some(archive),
            files,
        })
    }

    /// The file `path` holding `bytes`, packed: as this zip has it if it is
    /// these very bytes, packed anew otherwise. Many threads may ask at once.
    pub fn pack(&self, path: &str, bytes: &[u8], level: Level) -> Packed {
        self.with_same(path, bytes, |crc, deflated| Packed {
            crc,
            size: bytes.len() as u64,
            deflated: deflated.to_vec(),
        })
        .unwrap_or_else(|| pack(path, bytes, level))
    }

    /// `then` of the CRC-32 and deflated bytes of `path`, if they inflate to
    /// exactly `bytes`.
    fn with_same<R>(
        &self,
        path: &str,
        bytes: &[u8],
        then: impl FnOnce(u32, &[u8]) -> R,
    ) -> Option<R> {
        use std::io::Read;
        let (crc, size, wayfinder) = self.files.get(path)?;
        if *size != bytes.len() as u64 || *crc != libdeflater::crc32(bytes) {
            return None;
        }
        let entry = self.archive.as_ref()?.get_entry(*wayfinder).ok()?;
        COMPARING.with_borrow_mut(|buffers| {
            let Buffers(inflater, deflated, inflated) = buffers.get_or_insert_with(|| {
                Buffers(libdeflater::Decompressor::new(), Vec::new(), Vec::new())
            });
            deflated.clear();
            let same = entry.reader().read_to_end(deflated).is_ok() && {
                inflated.resize(bytes.len(), 0);
                let n = inflater.deflate_decompress(deflated, inflated);
                n.is_ok_and(|n| n == bytes.len()) && inflated[..] == *bytes
            };
            let taken = same.then(|| then(*crc, deflated));
            // The buffers of a big file are not kept: `serve` runs for hours.
            if inflated.capacity() > KEPT_BUFFER {
                *buffers = None;
            }
            taken
        })
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
            let shared = pack("theme/style.css", b"body { color: black }", Level(3));
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

    /// A rebuild takes over what has not changed from the zip it replaces,
    /// and still makes the bytes a build from nothing makes.
    #[test]
    fn a_zip_made_from_an_earlier_one_is_the_zip_made_anew() {
        let dir = tempfile::tempdir().unwrap();
        let earlier = |zip: &[u8]| {
            let path = dir.path().join("earlier.zip");
            std::fs::write(&path, zip).unwrap();
            Earlier::open(&path, Level(1))
        };
        let same =
            |e: &Earlier, path: &str, bytes: &str| e.with_same(path, bytes.as_bytes(), |_, _| ());
        let page = "Lõige 1. Toetuse taotlemine. ".repeat(400);
        let changed = "Раздел 2. Подача заявления. ".repeat(400);
        let make = |files: &[(&str, &str)], earlier: &Earlier| {
            let mut z = Zip::new(Level(1));
            for (path, text) in files {
                z.packed(path, &earlier.pack(path, text.as_bytes(), Level(1)))
                    .unwrap();
            }
            z.finish().unwrap()
        };
        let before = make(&[("a.html", &page), ("b.html", &page)], &Earlier::default());
        let now = [("a.html", page.as_str()), ("b.html", changed.as_str())];
        let anew = make(&now, &Earlier::default());
        let taken = earlier(&before);
        assert!(same(&taken, "a.html", &page).is_some());
        assert!(same(&taken, "b.html", &changed).is_none());
        assert_eq!(make(&now, &taken), anew);
        assert_eq!(read(anew)[1].1, changed);

        // A zip made at another level (or by another version) gives nothing.
        let mut other = Zip::new(Level(6));
        other.file("a.html", page.as_bytes()).unwrap();
        assert!(earlier(&other.finish().unwrap()).files.is_empty());

        // A file whose size and checksum match but whose bytes do not (as a
        // zip edited by hand might have) is compressed anew.
        let mut forged = Zip::new(Level(1));
        let other_text = page.replacen("Lõige", "Lõigu", 1);
        assert_eq!(other_text.len(), page.len());
        let wrong = pack("a.html", other_text.as_bytes(), Level(1)).deflated;
        let crc = libdeflater::crc32(page.as_bytes());
        forged
            .deflated("a.html", crc, page.len() as u64, &wrong)
            .unwrap();
        let forged = earlier(&forged.finish().unwrap());
        assert_eq!(forged.files.len(), 1);
        assert!(same(&forged, "a.html", &page).is_none());
    }

    /// Photos, fonts and other formats compressed already go in as they
    /// are (in deflate's stored blocks, so that every file of the zip is
    /// deflate to its readers); text is compressed. Every file reads back
    /// whole, and a rebuild from the zip makes the same bytes.
    #[test]
    fn compressed_formats_go_in_as_they_are_and_text_is_compressed() {
        // Bytes that do not compress, as a photo's do not.
        let mut noise = Vec::with_capacity(200_000);
        let mut x: u32 = 2_463_534_242;
        while noise.len() < 200_000 {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            noise.extend_from_slice(&x.to_le_bytes());
        }
        let page = "Lõige 1. Toetuse taotlemine. ".repeat(400);
        let make = |earlier: &Earlier| {
            let mut z = Zip::new(Level(1));
            let mut add = |path: &str, bytes: &[u8]| {
                z.packed(path, &earlier.pack(path, bytes, Level(1)))
                    .unwrap();
            };
            add("et/juhend/index.html", page.as_bytes());
            add("pildid/Skeem.PNG", &noise);
            // As it is by its name, although this one would compress.
            add("theme/kiri.woff2", page.as_bytes());
            z.finish().unwrap()
        };
        let bytes = make(&Earlier::default());
        let mut archive = zip::ZipArchive::new(io::Cursor::new(bytes.clone())).unwrap();
        let mut held = Vec::new();
        for i in 0..archive.len() {
            let mut f = archive.by_index(i).unwrap();
            let mut whole = Vec::new();
            f.read_to_end(&mut whole).unwrap();
            assert_eq!(f.compression(), zip::CompressionMethod::Deflated);
            // Stored blocks: 5 bytes of header to 64 kB.
            let as_is = f.compressed_size() >= f.size()
                && f.compressed_size() <= f.size() + 5 * (f.size() / 65_535 + 1);
            held.push((f.name().to_string(), as_is, whole));
        }
        let expected = [
            ("et/juhend/index.html", false, page.as_bytes()),
            ("pildid/Skeem.PNG", true, &noise[..]),
            ("theme/kiri.woff2", true, page.as_bytes()),
        ];
        assert_eq!(held.len(), expected.len());
        for ((name, as_is, whole), want) in held.iter().zip(expected) {
            assert_eq!((name.as_str(), *as_is), (want.0, want.1));
            assert!(whole[..] == *want.2, "{name} does not read back whole");
        }
        assert!(archive.by_index(0).unwrap().compressed_size() * 4 < page.len() as u64);
        // A rebuild from this zip (every file taken over from it) makes it again.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("earlier.zip");
        std::fs::write(&path, &bytes).unwrap();
        let taken = Earlier::open(&path, Level(1));
        assert_eq!(taken.files.len(), 3);
        assert_eq!(make(&taken), bytes);
    }

    #[test]
    fn a_compressor_used_before_gives_the_same_bytes_as_a_new_one() {
        let a = "Lõige 1. Toetuse taotlemine. ".repeat(300);
        let b = "Раздел 2. Подача заявления. ".repeat(300);
        let fresh = deflate(&mut compressor(Level(1)), b.as_bytes());
        pack("a.html", a.as_bytes(), Level(1));
        let again = pack("b.html", b.as_bytes(), Level(1)).deflated;
        assert_eq!(fresh, again);
        assert!(again.len() < b.len() / 4, "{} of {}", again.len(), b.len());
    }
}
