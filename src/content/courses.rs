//! Puts courses into the site tree (an overview page per course, a page per
//! module under `courses/`) and renders their modules for both outputs.

use super::front_matter::FrontMatter;
use super::links::{LinkIndex, SiteLinks};
use super::model::{CourseRef, Entry, EntryId, EntryKind, Site, Version};
use crate::config::Config;
use crate::course::load::CourseSource;
use crate::course::render::{render_module, PackageLinks};
use crate::course::Course;
use crate::diagnostics::{Diagnostic, Diagnostics, LineIndex};
use crate::i18n::strings::UiStrings;
use crate::markdown::{Problem, RenderOptions};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// Adds the course entries; returns, per course, its entry and its modules' entries.
/// Courses whose URL is taken by a content page are reported and dropped.
pub fn attach(
    entries: &mut Vec<Entry>,
    sources: &mut Vec<CourseSource>,
    config: &Config,
    diags: &Diagnostics,
) -> Vec<(EntryId, Vec<EntryId>)> {
    let nlang = config.languages.len();
    sources.retain(|src| {
        let path = format!("courses/{}", src.course.id());
        match entries.iter().find(|e| e.path == path) {
            None => true,
            Some(existing) => {
                let file = existing
                    .first_source()
                    .map(std::path::Path::to_path_buf)
                    .unwrap_or_else(|| format!("content/{path}").into());
                diags.push(
                    Diagnostic::error(
                        file,
                        0,
                        format!(
                            "content/{path} has the same URL as the course `{}`",
                            src.course.id()
                        ),
                    )
                    .with_hint("rename the content page or the course"),
                );
                false
            }
        }
    });
    if sources.is_empty() {
        return Vec::new();
    }
    let section = match entries.iter().position(|e| e.path == "courses") {
        Some(id) => id,
        None => {
            let id = entries.len();
            entries.push(Entry {
                kind: EntryKind::Section,
                path: "courses".into(),
                parent: Some(0),
                children: Vec::new(),
                versions: vec![None; nlang],
                course: None,
            });
            entries[0].children.push(id);
            id
        }
    };
    let mut out = Vec::new();
    for (ci, src) in sources.iter().enumerate() {
        let c = &src.course;
        let path = format!("courses/{}", c.id());
        let course_id = entries.len();
        let mut versions = vec![None; nlang];
        for &l in &c.languages {
            let code = &config.languages[l].code;
            versions[l] = Some(Version {
                lang: l,
                source: c.dir.join("course.toml"),
                front: FrontMatter {
                    title: c
                        .config
                        .title
                        .get(code)
                        .cloned()
                        .unwrap_or_else(|| c.id().to_string()),
                    description: c.config.description.get(code).cloned().unwrap_or_default(),
                    weight: ci as i64,
                    ..FrontMatter::default()
                },
                html: String::new(),
                headings: Vec::new(),
                words: 0,
            });
        }
        entries.push(Entry {
            kind: EntryKind::Course,
            path: path.clone(),
            parent: Some(section),
            children: Vec::new(),
            versions,
            course: Some(CourseRef {
                course: ci,
                module: None,
            }),
        });
        entries[section].children.push(course_id);
        let mut modules = Vec::new();
        for (mi, m) in c.modules.iter().enumerate() {
            let id = entries.len();
            entries.push(Entry {
                kind: EntryKind::Module,
                path: format!("{path}/{}", m.id),
                parent: Some(course_id),
                children: Vec::new(),
                versions: vec![None; nlang],
                course: Some(CourseRef {
                    course: ci,
                    module: Some(mi),
                }),
            });
            entries[course_id].children.push(id);
            modules.push(id);
        }
        out.push((course_id, modules));
    }
    out
}

/// Renders every module for the website and for packages. Fills the module
/// entries' versions and returns the finished courses.
pub fn render(
    sources: Vec<CourseSource>,
    attached: &[(EntryId, Vec<EntryId>)],
    entries: &mut [Entry],
    index: &LinkIndex,
    config: &Config,
    ui: &UiStrings,
    diags: &Diagnostics,
) -> Vec<Course> {
    let empty = BTreeMap::new();
    let base_url = config.base_url();
    let base_path = config.base_path();
    let mut courses = Vec::new();
    for (src, (_, module_entries)) in sources.into_iter().zip(attached) {
        let mut course = src.course;
        let module_ids: Vec<String> = course.modules.iter().map(|m| m.id.clone()).collect();
        let folder = format!("courses/{}", course.id());
        let jobs: Vec<(usize, usize)> = (0..course.modules.len())
            .flat_map(|m| course.languages.iter().map(move |&l| (m, l)))
            .filter(|&(m, l)| {
                src.modules[m][l].is_some() && course.modules[m].versions[l].is_some()
            })
            .collect();
        let results: Vec<_> = jobs
            .par_iter()
            .map(|&(m, l)| {
                let source = src.modules[m][l].as_ref().expect("filtered");
                let version = course.modules[m].versions[l].as_ref().expect("filtered");
                let lang = &config.languages[l];
                let labels = ui.by_lang.get(&lang.code).unwrap_or(&empty);
                let collator = lang.collator();
                let site_links = SiteLinks {
                    index,
                    entry: module_entries[m],
                    lang: l,
                    folder: folder.clone(),
                };
                let site_opts = RenderOptions {
                    quotes: &lang.quotes,
                    labels,
                    id_prefix: "",
                };
                let site = render_module(
                    source,
                    &version.questions,
                    &site_opts,
                    &site_links,
                    &collator,
                    course.config.fill_max_length,
                );
                let prefix = format!("{}--", module_ids[m]);
                let package_opts = RenderOptions {
                    quotes: &lang.quotes,
                    labels,
                    id_prefix: &prefix,
                };
                let package_links = PackageLinks {
                    module_ids: &module_ids,
                    module: &module_ids[m],
                    media: &course.media,
                    site: &site_links,
                    base_url: &base_url,
                    base_path: &base_path,
                };
                let package = render_module(
                    source,
                    &version.questions,
                    &package_opts,
                    &package_links,
                    &collator,
                    course.config.fill_max_length,
                );
                let lines = LineIndex::new(&source.text);
                // Both renderings see the same links; report each problem once.
                let problems: BTreeSet<_> = site
                    .problems
                    .into_iter()
                    .chain(package.problems)
                    .map(|(o, s, p)| (o, s, p.message, p.hint))
                    .collect();
                for (offset, severity, message, hint) in problems {
                    diags.push(Problem { message, hint }.locate(
                        &version.source,
                        &source.text,
                        &lines,
                        offset,
                        severity,
                    ));
                }
                (m, l, site.html, package.html, site.words)
            })
            .collect();
        for (m, l, html_site, html_package, words) in results {
            let v = course.modules[m].versions[l].as_mut().expect("rendered");
            v.html_site = html_site.clone();
            v.html_package = html_package;
            v.words = words;
            let source = &src.modules[m][l].as_ref().expect("rendered").headings;
            entries[module_entries[m]].versions[l] = Some(Version {
                lang: l,
                source: v.source.clone(),
                front: FrontMatter {
                    title: v.front.title.clone(),
                    description: v.front.description.clone(),
                    weight: m as i64,
                    ..FrontMatter::default()
                },
                html: html_site,
                headings: source.clone(),
                words,
            });
        }
        courses.push(course);
    }
    courses
}

/// Re-reads one course into the model when nothing outside it can be affected
/// (same modules, titles, languages, media and anchors). Returns the entries to
/// render again (the course page and its modules), or `None`: build everything.
/// Validation errors go to `diags` and leave the model as it was.
pub fn reload_course(
    site: &mut Site,
    id: &str,
    drafts: bool,
    diags: &Diagnostics,
) -> Option<Vec<EntryId>> {
    let ci = site.courses.iter().position(|c| c.id() == id)?;
    let folder = site.root.join("courses").join(id);
    let src = crate::course::load::load_course(&site.root, &folder, &site.config, drafts, diags)?;
    let old = &site.courses[ci];
    let course_entry = *site.links.keys.get(&format!("courses/{id}"))?;
    let modules: Vec<EntryId> = old
        .modules
        .iter()
        .map(|m| {
            site.links
                .keys
                .get(&format!("courses/{id}/{}", m.id))
                .copied()
        })
        .collect::<Option<_>>()?;
    let titles = |c: &Course| -> Vec<Vec<Option<String>>> {
        c.modules
            .iter()
            .map(|m| {
                m.versions
                    .iter()
                    .map(|v| v.as_ref().map(|v| v.front.title.clone()))
                    .collect()
            })
            .collect()
    };
    let ids = |c: &Course| -> Vec<String> { c.modules.iter().map(|m| m.id.clone()).collect() };
    let same_outside = src.course.languages == old.languages
        && src.course.config.title == old.config.title
        && src.course.config.description == old.config.description
        && src.course.media == old.media
        && ids(&src.course) == ids(old)
        && titles(&src.course) == titles(old);
    let same_anchors = modules.iter().enumerate().all(|(m, &e)| {
        src.modules[m].iter().enumerate().all(|(l, ms)| {
            let new: Option<BTreeSet<String>> = ms
                .as_ref()
                .map(|ms| ms.headings.iter().map(|h| h.id.clone()).collect());
            new == site.links.anchors[e][l]
        })
    });
    if !same_outside || !same_anchors {
        return None;
    }
    src.validate(&site.config, diags);
    if diags.has_errors() {
        return Some(Vec::new());
    }
    let attached = [(course_entry, modules.clone())];
    let mut courses = render(
        vec![src],
        &attached,
        &mut site.entries,
        &site.links,
        &site.config,
        &site.ui,
        diags,
    );
    site.courses[ci] = courses.remove(0);
    Some(std::iter::once(course_entry).chain(modules).collect())
}
