//! The build pipeline: config → theme → content model → outputs → swap in.

use crate::config::Config;
use crate::content::{self, EntryId, LoadOptions, Site};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::output::{check_target, holds, Discard, Folder, Memory, Staging, Writer};
use crate::render;
use crate::render::site::SiteStats;
use crate::render::PackageInfo;
use crate::theme::{Templates, Theme};
use crate::usage::UsageError;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `<root>/public`.
    pub out: Option<PathBuf>,
    pub drafts: bool,
    /// For `raamat serve`: pages show notices for authors (a stale translation).
    pub preview: bool,
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
    /// Per language code: translations older than their original.
    pub stale: Vec<(String, usize)>,
    /// The sentence about translations that do not record their original.
    pub unknown_provenance: Option<String>,
    /// SCORM packages written: path below the output folder, size in bytes.
    pub packages: Vec<(String, usize)>,
    /// Search index per language: code, documents (page sections), bytes.
    pub search: Vec<(String, usize, usize)>,
    /// Offline copies of handbooks: path below the output, size in bytes.
    pub offline: Vec<(String, usize)>,
    pub out: PathBuf,
    pub elapsed: Duration,
}

impl BuildReport {
    pub fn errors(&self) -> usize {
        crate::diagnostics::count(&self.diagnostics, Severity::Error)
    }
    pub fn warnings(&self) -> usize {
        crate::diagnostics::count(&self.diagnostics, Severity::Warning)
    }
    pub fn succeeded(&self) -> bool {
        self.errors() == 0
    }
}

/// Loads config, theme and content into the model; `None` if the config is unusable.
pub(crate) fn load_site(
    root: &Path,
    drafts: bool,
    preview: bool,
    diags: &Diagnostics,
) -> Option<(Site, Theme)> {
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
        &LoadOptions { drafts, preview },
        diags,
    );
    crate::content::translation_state::warn_stale(
        &site,
        &crate::content::translation_state::statuses(&site),
        diags,
    );
    Some((site, theme))
}

/// A successful build kept in memory, so that `raamat serve` can update single
/// pages without building everything again.
pub(crate) struct Session {
    pub site: Site,
    pub theme: Theme,
    pub tera: Templates,
    pub packages: Vec<PackageInfo>,
    pub out: PathBuf,
    pub drafts: bool,
}

/// Builds the site. The output folder is replaced only if there were no errors.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, UsageError> {
    build_with_progress(opts, None)
}

/// Like [`build`], advancing `progress` per page rendered.
pub fn build_with_progress(
    opts: &BuildOptions,
    progress: Option<&indicatif::ProgressBar>,
) -> Result<BuildReport, UsageError> {
    build_session_with(opts, progress, Bodies::Drop, Derived::Now).map(|(report, _)| report)
}

/// Like [`build`], and on success also returns the model it built, whole;
/// for `raamat serve`, which makes the search index and the offline copies
/// when the preview asks for them ([`Session::update_search`]).
pub(crate) fn build_session(
    opts: &BuildOptions,
) -> Result<(BuildReport, Option<Session>), UsageError> {
    build_session_with(opts, None, Bodies::Keep, Derived::OnRequest)
}

/// A progress bar for rendering pages (for terminals).
pub fn progress_bar() -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} pages")
            .expect("valid template"),
    );
    bar
}

/// Like [`build_session`], advancing `progress` per page rendered.
fn build_session_with(
    opts: &BuildOptions,
    progress: Option<&indicatif::ProgressBar>,
    bodies: Bodies,
    derived: Derived,
) -> Result<(BuildReport, Option<Session>), UsageError> {
    let start = Instant::now();
    let root = &opts.root;
    if !root.join("raamat.toml").is_file() {
        return Err(UsageError::NoConfig(root.clone()));
    }
    let shown_out = opts.out.clone().unwrap_or_else(|| root.join("public"));
    let out = check_target(root, &shown_out)?;
    let diags = Diagnostics::default();
    let mut report = BuildReport {
        out: shown_out,
        ..Default::default()
    };
    let mut session = None;
    let t = Instant::now();
    let loaded = load_site(root, opts.drafts, opts.preview, &diags);
    phase("load", t);
    if let Some((site, theme)) = loaded {
        report.untranslated = untranslated(&site);
        let statuses = crate::content::translation_state::statuses(&site);
        report.stale = crate::content::translation_state::counts(
            &site,
            &statuses,
            crate::content::translation_state::State::Stale,
        );
        report.unknown_provenance = crate::content::translation_state::unknown_sentence(
            &crate::content::translation_state::counts(
                &site,
                &statuses,
                crate::content::translation_state::State::Unknown,
            ),
        );
        if diags.has_errors() {
            // Nothing is written, but every problem of the run is reported.
            let mut site = site;
            render_outputs(
                &mut site,
                &theme,
                &Discard,
                &diags,
                None,
                Bodies::Drop,
                derived,
            );
        } else {
            session = write_outputs(
                site,
                theme,
                &out,
                &diags,
                &mut report,
                progress,
                opts.drafts,
                (bodies, derived),
            );
        }
    }
    report.diagnostics = diags.into_sorted();
    report.elapsed = start.elapsed();
    Ok((report, session))
}

/// What the outputs made besides their files.
pub(crate) struct Outputs {
    pub tera: Templates,
    pub packages: Vec<PackageInfo>,
    pub stats: SiteStats,
    /// The search index of each language.
    pub search: Vec<render::search::SearchInfo>,
    /// Offline copies of handbooks: path below the output, size in bytes.
    pub offline: Vec<(String, usize)>,
}

/// Whether the model keeps the pages' parsed bodies once the outputs that
/// read them are done: `raamat serve` renders pages from them again; a
/// build drops them before the search index, whose making was the build's
/// peak of memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bodies {
    Keep,
    Drop,
}

/// Whether the search index and the offline copies are made with the pages,
/// or later (`raamat serve`: a full rebuild, such as for a new page, shows
/// the pages sooner without them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Derived {
    Now,
    OnRequest,
}

/// Pages whose search documents are read before their bodies are freed.
const BODIES_AT_ONCE: usize = 256;

/// Runs every output over the model into `out`: the same work for `build`
/// (into the staging folder) and `check` (into nothing), so both find the
/// same problems. `None` if the templates cannot be loaded.
pub(crate) fn render_outputs(
    site: &mut Site,
    theme: &Theme,
    out: &dyn Writer,
    diags: &Diagnostics,
    progress: Option<&indicatif::ProgressBar>,
    bodies: Bodies,
    derived: Derived,
) -> Option<Outputs> {
    let Ok(tera) = theme.tera().map_err(|d| diags.push(d)) else {
        // Without templates no page can be made; the bodies can still be
        // rendered, so that their problems are reported too.
        render::site::bodies(site, diags);
        render::scorm::bodies(site, diags);
        return None;
    };
    let t = Instant::now();
    let packages = render::scorm::packages(site, theme, &tera, out, diags);
    phase("packages", t);
    let t = Instant::now();
    let stats = render::site::render(site, theme, &tera, &packages, out, diags, progress);
    phase("site", t);
    let t = Instant::now();
    let documents: Vec<Option<render::search::Documents>> = (0..site.views.len())
        .map(|l| match bodies {
            _ if !site.config.search || derived == Derived::OnRequest => None,
            Bodies::Keep => Some(render::search::Documents::read(site, l)),
            // Each page's body is freed as soon as its documents are read:
            // the whole site's text is never in memory twice.
            Bodies::Drop => {
                let order = site.views[l].reading_order.clone();
                let mut documents = render::search::Documents::default();
                for pages in order.chunks(BODIES_AT_ONCE) {
                    documents.read_pages(site, l, pages);
                    site.drop_bodies_of(pages, l);
                }
                Some(documents)
            }
        })
        .collect();
    if bodies == Bodies::Drop {
        site.drop_bodies();
    }
    phase("documents", t);
    let site = &*site;
    // One language at a time: the search index of a language serves the
    // site and the handbooks' offline copies, made from the files just
    // written (only where they are on disk).
    let mut search = Vec::new();
    let mut offline = Vec::new();
    for (l, documents) in documents.into_iter().enumerate() {
        let t = Instant::now();
        let index = documents.map(|documents| {
            let index = render::search::LanguageIndex::build(site, l, documents, diags);
            search.push(index.write(site, out, diags));
            index
        });
        phase("search", t);
        let t = Instant::now();
        if let Some(dir) = out.folder().filter(|_| derived == Derived::Now) {
            offline.extend(render::offline::write_language(
                site,
                &tera,
                l,
                index.as_ref(),
                dir,
                out,
                diags,
                None,
            ));
        }
        phase("offline", t);
    }
    Some(Outputs {
        tera,
        packages,
        stats,
        search,
        offline,
    })
}

/// With `RAAMAT_TIMINGS` set, how long each phase took, on stderr (for `bench/`),
/// the memory in use after it and the peak so far (Linux).
pub(crate) fn phase(name: &str, since: Instant) {
    if std::env::var_os("RAAMAT_TIMINGS").is_some() {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let mib = |key: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(key))
                .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
                .map(|kb| kb / 1024)
        };
        let memory = match (mib("VmRSS:"), mib("VmHWM:")) {
            (Some(now), Some(peak)) => format!(", {now} MiB resident, peak {peak} MiB"),
            _ => String::new(),
        };
        // CPU time of the process (user and system, in ticks of 10 ms) since
        // the phase before: against the wall time, how well it used the cores.
        static CPU_BEFORE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
        let ticks: u64 = stat
            .rsplit(')')
            .next()
            .map(|fields| {
                fields
                    .split_whitespace()
                    .skip(11)
                    .take(2)
                    .filter_map(|t| t.parse::<u64>().ok())
                    .sum()
            })
            .unwrap_or(0);
        let before = CPU_BEFORE.swap(ticks, std::sync::atomic::Ordering::Relaxed);
        let cpu = match ticks.checked_sub(before) {
            Some(t) if ticks > 0 => format!(", cpu {:.2} s", t as f64 / 100.0),
            _ => String::new(),
        };
        eprintln!(
            "phase {name}: {:.3} s{cpu}{memory}",
            since.elapsed().as_secs_f64()
        );
    }
}

#[allow(clippy::too_many_arguments)]
fn write_outputs(
    mut site: Site,
    theme: Theme,
    out: &Path,
    diags: &Diagnostics,
    report: &mut BuildReport,
    progress: Option<&indicatif::ProgressBar>,
    drafts: bool,
    (bodies, derived): (Bodies, Derived),
) -> Option<Session> {
    let staging = match Staging::new(out) {
        Ok(s) => s,
        Err(e) => {
            diags.push(Diagnostic::error(
                out,
                0,
                format!("cannot create the output folder: {e}"),
            ));
            return None;
        }
    };
    let outputs = render_outputs(
        &mut site,
        &theme,
        &Folder::new(staging.dir().to_path_buf()).replacing(out),
        diags,
        progress,
        bodies,
        derived,
    )?;
    if diags.has_errors() {
        return None; // dropping `staging` removes it; the previous output stays
    }
    let t = Instant::now();
    let committed = staging.commit();
    phase("commit", t);
    if let Err(e) = committed {
        diags.push(Diagnostic::error(
            out,
            0,
            format!("cannot replace the output folder: {e}"),
        ));
        return None;
    }
    report.pages = outputs.stats.pages;
    report.search = outputs
        .search
        .iter()
        .map(|s| (s.code.clone(), s.documents, s.bytes))
        .collect();
    report.offline = outputs.offline.clone();
    report.packages = outputs
        .packages
        .iter()
        .map(|p| (p.output.clone(), p.size))
        .collect();
    Some(Session {
        site,
        theme,
        tera: outputs.tera,
        packages: outputs.packages,
        out: out.to_path_buf(),
        drafts,
    })
}

/// What updating a single page or course did.
pub(crate) struct Update {
    pub diagnostics: Vec<Diagnostic>,
    /// The files written, relative to the output folder (`et/a/index.html`);
    /// none when there were errors.
    pub written: Vec<String>,
    /// The pages that changed, by language (view) and entry (after a theme
    /// change, every top-level entry): the search index and offline copies
    /// that hold them are behind until [`Session::update_search`].
    pub changed: Vec<(usize, EntryId)>,
    /// It had errors and was taken back: the model and the output folder are
    /// as they were, so an update of the files the errors name can fix it.
    pub undone: bool,
}

impl Session {
    /// Rebuilds one course's pages and packages, if nothing else depends on the
    /// change. `None` means: run a full build. On errors nothing is written
    /// and the model keeps the previous course.
    pub fn update_course(&mut self, id: &str) -> Option<Update> {
        let diags = Diagnostics::default();
        let ci = self.site.courses.iter().position(|c| c.id() == id)?;
        let previous = self.site.courses[ci].clone();
        let entries = content::reload_course(&mut self.site, id, self.drafts, &diags)?;
        if diags.has_errors() {
            return Some(Update {
                diagnostics: diags.into_sorted(),
                written: Vec::new(),
                changed: Vec::new(),
                undone: false,
            });
        }
        let staged = Memory::default();
        let fresh = render::scorm::course_packages(
            &self.site,
            ci,
            &self.theme,
            &self.tera,
            &staged,
            &diags,
        );
        let mut packages = self.packages.clone();
        packages.retain(|p| p.course != ci);
        packages.extend(fresh);
        // A package the course no longer makes (a SCORM version or a
        // language taken out of course.toml) goes, as from a full build.
        let gone: Vec<String> = self
            .packages
            .iter()
            .filter(|old| old.course == ci && !packages.iter().any(|p| p.output == old.output))
            .map(|old| old.output.clone())
            .collect();
        // In the full build's order: by course, each course's as it made them.
        packages.sort_by_key(|p| p.course);
        // The course's media as the site shows them: a picture saved again
        // is a change of the course, not a full build (`Memory::copy` only
        // checks a file it is given).
        let course_dir = &self.site.courses[ci].dir;
        for a in self
            .site
            .assets
            .iter()
            .filter(|a| a.source.starts_with(course_dir))
        {
            let copied = std::fs::read(self.site.root.join(&a.source))
                .and_then(|bytes| staged.write(&a.output, &bytes));
            if let Err(e) = copied {
                diags.push(Diagnostic::error(&a.source, 0, format!("cannot copy: {e}")));
            }
        }
        let strings = render::site::PageStrings::new(&self.site, &self.theme);
        for view in 0..self.site.views.len() {
            for &entry in &entries {
                render::site::render_page(
                    &self.site, &self.tera, &packages, &strings, view, entry, &staged, &diags,
                );
            }
        }
        let (mut written, mut changed) = (Vec::new(), Vec::new());
        if diags.has_errors() {
            self.site.courses[ci] = previous;
        } else {
            self.packages = packages;
            written = self.write(staged, &diags);
            written.extend(self.remove(&gone, &diags));
            changed = (0..self.site.views.len())
                .flat_map(|view| entries.iter().map(move |&entry| (view, entry)))
                .collect();
        }
        Some(Update {
            diagnostics: diags.into_sorted(),
            written,
            changed,
            undone: false,
        })
    }

    /// Re-renders what a change to one Markdown file affects: its own pages,
    /// its book's print page, and, when its title, description or weight
    /// changed, the pages that list it. A new page in a section there was is
    /// added to the model: its pages, the pages that list it, its book's print
    /// page and the sitemap are rendered. A deleted page that no file links
    /// to is taken out: its pages are removed, the pages that listed it, the
    /// print page and the sitemap rendered. `None` means: run a full build.
    /// On errors nothing is written and the model is as it was (but for a
    /// removal, which stays).
    pub fn update_page(&mut self, file: &Path) -> Option<Update> {
        let diags = Diagnostics::default();
        let before: Vec<Vec<EntryId>> = self
            .site
            .views
            .iter()
            .map(|v| v.reading_order.clone())
            .collect();
        let reload = content::reload_page(&mut self.site, file, &diags);
        let (entry, lang, listed, added) = match &reload {
            content::Reload::Updated {
                entry,
                lang,
                listed,
                ..
            } => (*entry, *lang, *listed, false),
            content::Reload::Added { entry, lang } => (*entry, *lang, true, true),
            content::Reload::Removed { entry, lang, .. } => (*entry, *lang, true, false),
            content::Reload::NeedsFullBuild => return None,
        };
        // Where a removed page was: its files go, the pages that listed it change.
        let removed = match &reload {
            content::Reload::Removed { placed, .. } => Some(placed),
            _ => None,
        };
        // A handbook left without chapters has no print page or offline copy
        // any more: the full build leaves them out.
        if let Some(placed) = removed {
            let book = self.site.ancestors(entry).get(1).copied();
            let unbound = placed.iter().enumerate().any(|(view, p)| {
                p.is_some() && book.is_some_and(|b| !render::site::is_handbook(&self.site, view, b))
            });
            if unbound {
                return None;
            }
        }
        // Pages whose files may link to anchors that changed: they show
        // whether their links still find them.
        let linking: &[EntryId] = match &reload {
            content::Reload::Updated {
                anchors: Some((_, from)),
                ..
            } => from,
            _ => &[],
        };
        // The version an edit replaced (none for a new or deleted page).
        let previous = match &reload {
            content::Reload::Updated { previous, .. } => Some(&**previous),
            _ => None,
        };
        let now = self.site.entries[entry].versions[lang].as_ref();
        // An original that changed makes its translations stale (or current
        // again): their pages' preview notice changes too.
        let original_changed =
            lang == 0 && previous.is_some_and(|p| now.is_some_and(|v| v.hash != p.hash));
        // The sitemap gives each page's date.
        let redated = previous.is_some_and(|p| now.map(|v| v.front.date) != Some(p.front.date));
        let mut pages = Vec::new();
        // Pages of the removed entry, for the offline copies that held them.
        let mut changed_too = Vec::new();
        let mut books = Vec::new();
        // The views whose lists of pages change: their search page lists
        // every page for readers without JavaScript.
        let mut lists = Vec::new();
        let mut gone = Vec::new();
        for (view, before) in before.iter().enumerate() {
            let placed = match removed {
                Some(placed) => placed[view].as_ref(),
                None => self.site.views[view].placements[entry].as_ref(),
            };
            let Some(p) = placed else {
                continue;
            };
            // A new page shows in a language without it too, as a fallback.
            let own = p.content_lang == lang || added || removed.is_some();
            if removed.is_some() {
                gone.push(format!("{}index.html", p.path));
                changed_too.push((view, entry));
            } else if own || original_changed {
                pages.push((view, entry));
            }
            if own {
                books.push(view);
                if listed {
                    let listing = listing(&self.site, view, entry, before);
                    pages.extend(listing.into_iter().map(|id| (view, id)));
                    lists.push(view);
                }
            }
        }
        // (Their print pages link to a chapter's URL and anchor whichever
        // anchors there are, and report nothing: they stay as they are.)
        for (view, v) in self.site.views.iter().enumerate() {
            let placed = linking.iter().filter(|&&id| v.placements[id].is_some());
            pages.extend(placed.map(|&id| (view, id)));
        }
        pages.sort_unstable();
        pages.dedup();
        let staged = Memory::default();
        let strings = render::site::PageStrings::new(&self.site, &self.theme);
        pages.par_iter().for_each(|&(view, id)| {
            render::site::render_page(
                &self.site,
                &self.tera,
                &self.packages,
                &strings,
                view,
                id,
                &staged,
                &diags,
            );
        });
        for view in books {
            render::site::print_page_of(&self.site, &self.tera, view, entry, &staged, &diags);
        }
        if self.site.config.search {
            for view in lists {
                render::site::search_page(&self.site, &self.tera, view, &staged, &diags);
            }
        }
        // In reading order: a new weight moves the page there too.
        if listed || redated {
            render::site::write_sitemap(&self.site, &staged, &diags);
        }
        let (mut written, mut changed, mut undone) = (Vec::new(), Vec::new(), false);
        if diags.has_errors() {
            // A removal is not put back: the file is gone, and after errors
            // serve runs a full build before it uses the model again.
            undone = removed.is_none();
            match reload {
                content::Reload::Updated {
                    previous, anchors, ..
                } => {
                    self.site.entries[entry].versions[lang] = Some(*previous);
                    if let Some((before, _)) = anchors {
                        self.site.links.anchors[content::table::At { entry, lang }] = Some(before);
                    }
                    if listed {
                        content::reorder(&mut self.site);
                    }
                }
                content::Reload::Added { .. } => content::remove_added(&mut self.site, entry),
                _ => {}
            }
        } else {
            written = self.write(staged, &diags);
            // Pages rendered again that came out the same (most of those that
            // may link to a changed heading) leave the offline copies as they are.
            let out: HashSet<&str> = written.iter().map(String::as_str).collect();
            changed = pages
                .into_iter()
                .filter(|&(view, id)| {
                    id == entry
                        || self.site.views[view].placements[id]
                            .as_ref()
                            .is_some_and(|p| out.contains(format!("{}index.html", p.path).as_str()))
                })
                .collect();
            changed.extend(changed_too);
            written.extend(self.remove(&gone, &diags));
        }
        Some(Update {
            diagnostics: diags.into_sorted(),
            written,
            changed,
            undone,
        })
    }

    /// Renders every page and package again with the theme's templates and
    /// static files as they are now on disk; the content is not read again
    /// (UI strings are part of the model: a change to them is a full build).
    /// On errors nothing is written and the previous theme stays.
    pub fn update_theme(&mut self) -> Update {
        let diags = Diagnostics::default();
        let failed = |diags: Diagnostics| Update {
            diagnostics: diags.into_sorted(),
            written: Vec::new(),
            changed: Vec::new(),
            undone: false,
        };
        let t = Instant::now();
        let theme = Theme::load(&self.site.root, &self.site.config, &diags);
        phase("theme", t);
        let t = Instant::now();
        let Ok(tera) = theme
            .tera_after(&self.theme, &self.tera)
            .map_err(|d| diags.push(d))
        else {
            return failed(diags);
        };
        phase("templates", t);
        if diags.has_errors() {
            return failed(diags);
        }
        let t = Instant::now();
        let staged = Memory::default();
        // A change to the site's templates or styles leaves the packages as they are.
        let packages =
            if render::scorm::theme_inputs(&theme) == render::scorm::theme_inputs(&self.theme) {
                self.packages.clone()
            } else {
                render::scorm::packages(&self.site, &theme, &tera, &staged, &diags)
            };
        render::site::render(&self.site, &theme, &tera, &packages, &staged, &diags, None);
        phase("site", t);
        if diags.has_errors() {
            return failed(diags);
        }
        (self.theme, self.tera, self.packages) = (theme, tera, packages);
        let t = Instant::now();
        let written = self.write(staged, &diags);
        phase("write", t);
        // Every page looks different: the offline copies, which hold the
        // pages and the theme, are behind.
        let changed = self.everything();
        Update {
            diagnostics: diags.into_sorted(),
            written,
            changed,
            undone: false,
        }
    }

    /// Every top-level entry in every language: all that the search index
    /// and the offline copies hold.
    pub fn everything(&self) -> Vec<(usize, EntryId)> {
        let top = &self.site.entries[Site::ROOT].children;
        (0..self.site.views.len())
            .flat_map(|view| top.iter().map(move |&id| (view, id)))
            .collect()
    }

    /// Brings the search index and the offline copies up to date with pages
    /// updated on their own (`changed`, from [`Update`]): each of their
    /// languages' index, made again from the model, and the copies of the
    /// handbooks they are in, made from the output folder. A language's
    /// index takes longer than a page, so `serve` runs this once the
    /// author pauses. Only the files that came out different are written.
    pub fn update_search(&mut self, changed: &[(usize, EntryId)]) -> Update {
        let diags = Diagnostics::default();
        let staged = Memory::default();
        let site = &self.site;
        let mut views: Vec<usize> = changed.iter().map(|&(view, _)| view).collect();
        views.sort_unstable();
        views.dedup();
        for &view in &views {
            let index = site.config.search.then(|| {
                let documents = render::search::Documents::read(site, view);
                let index = render::search::LanguageIndex::build(site, view, documents, &diags);
                index.write(site, &staged, &diags);
                index
            });
            let books: Vec<EntryId> = changed
                .iter()
                .filter(|&&(v, _)| v == view)
                .map(|&(_, id)| site.ancestors(id).get(1).copied().unwrap_or(id))
                .collect();
            render::offline::write_language(
                site,
                &self.tera,
                view,
                index.as_ref(),
                &self.out,
                &staged,
                &diags,
                Some(&books),
            );
        }
        let made = staged.paths();
        let written = match diags.has_errors() {
            true => Vec::new(),
            false => self.write(staged, &diags),
        };
        if !diags.has_errors() && site.config.search {
            self.remove_unmade(&made, &views, &diags);
        }
        Update {
            diagnostics: diags.into_sorted(),
            written,
            changed: Vec::new(),
            undone: false,
        }
    }

    /// Removes the files of the search index of each language in `views`
    /// that its new index, `made`, no longer has: the chunks of words gone
    /// and the document files of pages gone, which a build into a fresh
    /// folder would not have either.
    fn remove_unmade(&self, made: &[String], views: &[usize], diags: &Diagnostics) {
        let made: HashSet<&str> = made.iter().map(String::as_str).collect();
        for &view in views {
            let code = &self.site.config.languages[view].code;
            let Ok(files) = std::fs::read_dir(self.out.join("search").join(code)) else {
                continue;
            };
            // Only files named as the index names its own: a site's static
            // files may go there too.
            let unmade: Vec<String> = files
                .filter_map(Result::ok)
                .filter(|f| f.file_type().is_ok_and(|t| t.is_file()))
                .map(|f| f.file_name().to_string_lossy().into_owned())
                .filter(|name| render::search::is_index_file(name))
                .map(|name| format!("search/{code}/{name}"))
                .filter(|rel| !made.contains(rel.as_str()))
                .collect();
            self.remove(&unmade, diags);
        }
    }

    /// Removes pages of the output folder (`rel` paths); returns those it
    /// removed, for the open tabs that show them.
    fn remove(&self, rels: &[String], diags: &Diagnostics) -> Vec<String> {
        let out = Folder::new(self.out.clone());
        rels.iter()
            .filter(|rel| match out.remove(rel) {
                Ok(()) => true,
                Err(e) => {
                    diags.push(Diagnostic::error(rel, 0, format!("cannot remove: {e}")));
                    false
                }
            })
            .cloned()
            .collect()
    }

    /// Writes the files rendered in memory that differ from the output
    /// folder's; returns their paths (open pages of the others need nothing).
    fn write(&self, staged: Memory, diags: &Diagnostics) -> Vec<String> {
        let out = Folder::new(self.out.clone());
        staged
            .into_files()
            .into_par_iter()
            .filter(|(rel, bytes)| !holds(&self.out.join(rel), bytes))
            .filter_map(|(rel, bytes)| match out.replace(&rel, &bytes) {
                Ok(()) => Some(rel),
                Err(e) => {
                    diags.push(Diagnostic::error(&rel, 0, format!("cannot write: {e}")));
                    None
                }
            })
            .collect()
    }
}

/// The pages of view `view` besides its own that show entry `entry`'s title,
/// description or place in the order: every page below its parent (the
/// sidebar's levels, the parent's list of children, breadcrumbs), and every
/// page whose previous or next page is the entry or changed since `before`
/// (the reading order before the change).
fn listing(site: &Site, view: usize, entry: EntryId, before: &[EntryId]) -> Vec<EntryId> {
    let order = &site.views[view].reading_order;
    let parent = site.entries[entry].parent.unwrap_or(Site::ROOT);
    let mut pages: Vec<EntryId> = site.views[view].subtree(parent).to_vec();
    let neighbours = |order: &[EntryId]| -> HashMap<EntryId, (Option<EntryId>, Option<EntryId>)> {
        order
            .iter()
            .enumerate()
            .map(|(i, &id)| {
                let prev = i.checked_sub(1).map(|j| order[j]);
                (id, (prev, order.get(i + 1).copied()))
            })
            .collect()
    };
    let (then, now) = (neighbours(before), neighbours(order));
    pages.extend(now.iter().filter_map(|(&id, &(prev, next))| {
        (then.get(&id) != Some(&(prev, next)) || prev == Some(entry) || next == Some(entry))
            .then_some(id)
    }));
    pages
}

/// Pages missing in a language, with a file that exists to translate from.
pub(crate) fn untranslated(site: &Site) -> Vec<Untranslated> {
    site.missing
        .iter()
        .map(|m| {
            let e = &site.entries[m.entry];
            let source = e.first_source().map(Path::to_path_buf).unwrap_or_default();
            Untranslated {
                path: e.path.clone(),
                lang: site.config.languages[m.lang].code.clone(),
                source,
            }
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A Markdown file with a title.
    fn page(title: &str, body: &str) -> String {
        format!("+++\ntitle = \"{title}\"\n+++\n{body}")
    }

    /// A site with one section of one page, Estonian and Russian.
    pub(crate) fn site(root: &Path) {
        std::fs::write(
            root.join("raamat.toml"),
            "base_url = \"https://x.example/\"\n\n[[languages]]\ncode = \"et\"\nname = \"Eesti\"\ntitle = \"Sait\"\ndescription = \"Sait.\"\n\n[[languages]]\ncode = \"ru\"\nname = \"Русский\"\ntitle = \"Сайт\"\ndescription = \"Сайт.\"\n",
        )
        .unwrap();
        std::fs::create_dir_all(root.join("content/osa")).unwrap();
        for (file, title) in [
            ("_index.et.md", "Avaleht"),
            ("_index.ru.md", "Главная"),
            ("osa/_index.et.md", "Osa"),
            ("osa/a.et.md", "Alfa"),
        ] {
            std::fs::write(root.join("content").join(file), page(title, "Tekst.\n")).unwrap();
        }
    }

    /// [`site`] in `<dir>/site`, built as `raamat serve` builds it.
    pub(crate) fn session(dir: &Path) -> (PathBuf, Session) {
        session_of(dir, &[])
    }

    /// [`site`] with more files (`content/…` paths and their text), built as
    /// `raamat serve` builds it.
    fn session_of(dir: &Path, files: &[(&str, &str)]) -> (PathBuf, Session) {
        let root = dir.join("site");
        std::fs::create_dir_all(&root).unwrap();
        site(&root);
        for (rel, text) in files {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let opts = BuildOptions {
            root: root.clone(),
            out: None,
            drafts: false,
            preview: true,
        };
        let (report, session) = build_session(&opts).unwrap();
        (
            root,
            session.unwrap_or_else(|| panic!("{:?}", report.diagnostics)),
        )
    }

    #[test]
    fn a_link_to_a_file_outside_the_site_is_left_to_the_full_build() {
        let dir = tempfile::tempdir().unwrap();
        let (root, mut session) = session(dir.path());
        let outside = dir.path().join("notes.et.md");
        std::fs::write(&outside, "+++\ntitle = \"Märkmed\"\n+++\nIsiklik.\n").unwrap();
        let link = root.join("content/osa/notes.et.md");
        std::os::unix::fs::symlink(&outside, &link).unwrap();
        assert!(
            session.update_page(&link).is_none(),
            "not read: the full build refuses it"
        );
        // A page that is linked to from outside once it is in the model.
        std::fs::remove_file(&link).unwrap();
        let page = root.join("content/osa/a.et.md");
        std::fs::remove_file(&page).unwrap();
        std::os::unix::fs::symlink(&outside, &page).unwrap();
        assert!(session.update_page(&page).is_none());
    }

    #[test]
    fn a_deleted_page_is_taken_out_on_its_own_only_when_nothing_else_changes_with_it() {
        let dir = tempfile::tempdir().unwrap();
        let (root, mut session) = session_of(
            dir.path(),
            &[
                ("content/juhend/_index.et.md", &page("Juhend", "")),
                ("content/juhend/ainus.et.md", &page("Ainus", "Tekst.\n")),
                ("content/kord/_index.et.md", &page("Kord", "")),
                ("content/kord/esimene.et.md", &page("Esimene", "Tekst.\n")),
                ("content/kord/lisa_1.et.md", &page("Lisa", "Tekst.\n")),
                ("content/kord/kolmas.et.md", &page("Kolmas", "Tekst.\n")),
                // Names `lisa_1.md` without spelling it.
                (
                    "content/kord/teine.et.md",
                    &page("Teine", "Vt [lisa](lisa\\_1.md).\n"),
                ),
            ],
        );
        let delete = |session: &mut Session, rel: &str| {
            let file = root.join(rel);
            std::fs::remove_file(&file).unwrap();
            session.update_page(&file)
        };
        let update = delete(&mut session, "content/kord/kolmas.et.md").expect("on its own");
        assert!(update
            .written
            .iter()
            .any(|w| w == "et/kord/kolmas/index.html"));
        assert!(!root.join("public/et/kord/kolmas").exists());
        assert!(
            delete(&mut session, "content/kord/lisa_1.et.md").is_none(),
            "a link names it: the full build reports the link"
        );
        assert!(
            delete(&mut session, "content/juhend/ainus.et.md").is_none(),
            "the handbook's last chapter: its print page and offline copy go too"
        );
    }

    #[test]
    fn a_heading_edit_is_left_to_the_full_build_when_a_course_links_to_the_page() {
        let module = "+++\ntitle = \"Moodul\"\n+++\nTeine samm on lihtne.\n\n\
                      ### ? Kust lugeda? {#q-kust}\n\n\
                      - [x] [Juhendist](@/kord/esimene.md#tekst)\n- [ ] Mujalt\n";
        let dir = tempfile::tempdir().unwrap();
        let (root, mut session) = session_of(
            dir.path(),
            &[
                ("content/kord/_index.et.md", &page("Kord", "")),
                ("content/kord/esimene.et.md", &page("Esimene", "## Tekst\n\nTekst.\n")),
                ("content/kord/teine.et.md", &page("Teine", "## Tekst\n\nTekst.\n")),
                (
                    "courses/k/course.toml",
                    "id = \"k\"\nversion = \"1.0.0\"\ncompletion = \"all-pages\"\nlanguages = [\"et\"]\n[title]\net = \"Kursus\"\n",
                ),
                ("courses/k/01-a.et.md", module),
            ],
        );
        let heading = |session: &mut Session, rel: &str, title: &str| {
            let file = root.join(rel);
            std::fs::write(&file, page(title, "## Tekst\n\nTekst.\n\n## Lisa\n")).unwrap();
            session.update_page(&file)
        };
        // A module's answer links to it (the packages hold that link).
        assert!(heading(&mut session, "content/kord/esimene.et.md", "Esimene").is_none());
        // A module has its name as a word only.
        let update =
            heading(&mut session, "content/kord/teine.et.md", "Teine").expect("on its own");
        assert!(update.diagnostics.is_empty(), "{:?}", update.diagnostics);
        assert!(update
            .written
            .iter()
            .any(|w| w == "et/kord/teine/index.html"));
    }

    #[test]
    fn a_new_page_that_does_not_render_leaves_the_model_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let (root, mut session) = session(dir.path());
        let shape = |s: &Session| {
            let orders: Vec<Vec<String>> = s
                .site
                .views
                .iter()
                .map(|v| {
                    v.reading_order
                        .iter()
                        .map(|&id| s.site.entries[id].path.clone())
                        .collect()
                })
                .collect();
            (
                s.site.entries.len(),
                orders,
                s.site.links.keys.len(),
                s.site.missing.len(),
            )
        };
        let before = shape(&session);
        let file = root.join("content/osa/b.et.md");
        std::fs::write(
            &file,
            "+++\ntitle = \"Beeta\"\n+++\nVaata [puuduvat](puudub.md).\n",
        )
        .unwrap();
        let update = session.update_page(&file).expect("added on its own");
        assert!(update
            .diagnostics
            .iter()
            .any(|d| d.message.contains("puudub.md")));
        assert!(update.written.is_empty());
        assert_eq!(shape(&session), before, "the model as it was");
        assert!(!root.join("public/et/osa/b").exists());

        // Fixed: added now, and listed.
        std::fs::write(&file, "+++\ntitle = \"Beeta\"\n+++\nVaata [Alfat](a.md).\n").unwrap();
        let update = session.update_page(&file).expect("added on its own");
        assert!(update.diagnostics.is_empty(), "{:?}", update.diagnostics);
        for page in [
            "et/osa/b/index.html",
            "ru/osa/b/index.html",
            "et/osa/a/index.html",
            "sitemap.xml",
        ] {
            assert!(
                update.written.iter().any(|w| w == page),
                "{page} in {:?}",
                update.written
            );
        }
        let (entries, orders, _, _) = shape(&session);
        assert_eq!(entries, before.0 + 1);
        assert_eq!(orders[0], ["", "osa", "osa/a", "osa/b"]);
    }
}
