//! Where a build's files go. The output folder is the one thing raamat may
//! replace or delete, so it must be raamat's own ([`target`]); a build is
//! written into a staging folder beside it and swapped in whole only when it
//! succeeded ([`staging`]), so a failed or killed build never damages the last
//! good output.

mod staging;
mod target;

pub use staging::{remove_staging, Staging};
pub use target::{check_target, resolve_path, BadOutput, MARKER};

use std::io;
use std::path::Path;

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
