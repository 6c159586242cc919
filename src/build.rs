//! The build pipeline: config → theme → content model → outputs → swap in.

use crate::config::Config;
use crate::content::{self, LoadOptions, Site};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::output::{check_target, Staging};
use crate::render;
use crate::theme::Theme;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `<root>/public`.
    pub out: Option<PathBuf>,
    pub drafts: bool,
}

/// A page missing in a language, for the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Untranslated {
    pub path: String,
    pub lang: String,
    /// A file that exists, to tell the translator what to translate.
    pub source: PathBuf,
}

/// The outcome of a build, successful or not.
#[derive(Debug, Default)]
pub struct BuildReport {
    pub diagnostics: Vec<Diagnostic>,
    /// Per language: code, pages written, of which fallbacks.
    pub pages: Vec<(String, usize, usize)>,
    pub untranslated: Vec<Untranslated>,
    /// SCORM packages written: path below the output folder, size in bytes.
    pub packages: Vec<(String, usize)>,
    pub out: PathBuf,
    pub elapsed: Duration,
}

impl BuildReport {
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
    pub fn warnings(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }
    pub fn succeeded(&self) -> bool {
        self.errors() == 0
    }
}

/// Why a build could not even start.
#[derive(Debug)]
pub enum UsageError {
    NoConfig(PathBuf),
    BadOutput(String),
}

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UsageError::NoConfig(p) => write!(
                f,
                "no raamat.toml in {}\n  hint: run raamat in the site's folder, or pass --root DIR",
                p.display()
            ),
            UsageError::BadOutput(m) => {
                write!(f, "{m}\n  hint: choose another folder with --out DIR")
            }
        }
    }
}

/// Loads config, theme and content into the model; `None` if the config is unusable.
pub fn load_site(root: &Path, drafts: bool, diags: &Diagnostics) -> Option<(Site, Theme)> {
    let config = match Config::load(&root.join("raamat.toml"), Path::new("raamat.toml")) {
        Ok(c) => c,
        Err(ds) => {
            ds.into_iter().for_each(|d| diags.push(d));
            return None;
        }
    };
    let theme = Theme::load(root, &config, diags);
    let site = content::load(
        root,
        config,
        theme.ui.clone(),
        &LoadOptions { drafts },
        diags,
    );
    Some((site, theme))
}

/// Builds the site. The output folder is replaced only if there were no errors.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, UsageError> {
    let start = Instant::now();
    let root = &opts.root;
    if !root.join("raamat.toml").is_file() {
        return Err(UsageError::NoConfig(root.clone()));
    }
    let out = opts.out.clone().unwrap_or_else(|| root.join("public"));
    check_target(root, &out).map_err(UsageError::BadOutput)?;
    let diags = Diagnostics::default();
    let mut report = BuildReport {
        out: out.clone(),
        ..Default::default()
    };
    if let Some((site, theme)) = load_site(root, opts.drafts, &diags) {
        report.untranslated = untranslated(&site);
        if !diags.has_errors() {
            write_outputs(&site, &theme, &out, &diags, &mut report);
        }
    }
    report.diagnostics = diags.into_sorted();
    report.elapsed = start.elapsed();
    Ok(report)
}

fn write_outputs(
    site: &Site,
    theme: &Theme,
    out: &Path,
    diags: &Diagnostics,
    report: &mut BuildReport,
) {
    let staging = match Staging::new(out) {
        Ok(s) => s,
        Err(e) => {
            diags.push(Diagnostic::error(
                out,
                0,
                format!("cannot create the output folder: {e}"),
            ));
            return;
        }
    };
    let tera = match theme.tera() {
        Ok(t) => t,
        Err(d) => return diags.push(d),
    };
    let packages = render::scorm::packages(site, theme, &tera, diags);
    let stats = render::site::render(site, theme, &tera, &packages, &staging, diags);
    for p in &packages {
        if let Err(e) = staging.write(&p.output, &p.bytes) {
            diags.push(Diagnostic::error(
                &p.output,
                0,
                format!("cannot write: {e}"),
            ));
        }
    }
    report.packages = packages
        .iter()
        .map(|p| (p.output.clone(), p.bytes.len()))
        .collect();
    if diags.has_errors() {
        return; // dropping `staging` removes it; the previous output stays
    }
    match staging.commit() {
        Ok(()) => report.pages = stats.pages,
        Err(e) => diags.push(Diagnostic::error(
            out,
            0,
            format!("cannot replace the output folder: {e}"),
        )),
    }
}

fn untranslated(site: &Site) -> Vec<Untranslated> {
    site.missing
        .iter()
        .map(|m| {
            let e = &site.entries[m.entry];
            let source = e
                .versions
                .iter()
                .flatten()
                .next()
                .map(|v| v.source.clone())
                .unwrap_or_default();
            Untranslated {
                path: e.path.clone(),
                lang: site.config.languages[m.lang].code.clone(),
                source,
            }
        })
        .collect()
}
