//! Outputs built from the model. Each output reads `&Site`, renders the parsed
//! documents with its own link rules, and hands its files to one
//! [`crate::output::Writer`]; none of them parses Markdown. `module` is the
//! rendering of a course module that the site and the packages share;
//! `offline` packs a handbook's written pages with its own search index.

pub mod module;
pub mod offline;
pub mod scorm;
pub mod search;
pub mod site;

use crate::course::config::ScormVersion;

/// A package the SCORM output wrote: what the site's download links and the
/// build summary may know of it, never its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageInfo {
    pub course: usize,
    /// The languages it holds: one, or every language of the course (the first is the
    /// manifest's and the LMS's).
    pub langs: Vec<usize>,
    pub version: ScormVersion,
    /// `<id>-<lang>-scorm12.zip`, `<id>-all-scorm12.zip`
    pub file_name: String,
    /// Path below the output folder: `courses/<id>/<file_name>`.
    pub output: String,
    /// Size in bytes.
    pub size: usize,
    /// SHA-256 of the zip, in lowercase hex: what an LMS administrator can
    /// check a downloaded package against.
    pub sha256: String,
}
