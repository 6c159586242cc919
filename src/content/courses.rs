//! Puts courses into the site tree: an overview page per course and a page per
//! module under `courses/`.

use super::model::{CourseRef, Entry, EntryId, EntryKind, Site, Version};
use super::table::At;
use crate::config::Config;
use crate::course::load::CourseSource;
use crate::course::Course;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::source::front_matter::FrontMatter;
use std::collections::BTreeSet;

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
                body: None,
                headings: Default::default(),
                words: 0,
                hash: String::new(),
                made: true,
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

/// Gives every module entry its version per language (title, headings and
/// words for navigation and coverage; the outputs render the module itself
/// from the course model) and returns the courses.
pub fn fill(
    sources: Vec<CourseSource>,
    attached: &[(EntryId, Vec<EntryId>)],
    entries: &mut [Entry],
) -> Vec<Course> {
    let mut courses = Vec::new();
    for (src, (_, module_entries)) in sources.into_iter().zip(attached) {
        for (m, module) in src.course.modules.iter().enumerate() {
            for (l, v) in module.versions.iter().enumerate() {
                let Some(v) = v else { continue };
                entries[module_entries[m]].versions[l] = Some(Version {
                    lang: l,
                    source: v.source.clone(),
                    front: FrontMatter {
                        title: v.front.title.clone(),
                        description: v.front.description.clone(),
                        weight: m as i64,
                        translated_from: v.front.translated_from.clone(),
                        ..FrontMatter::default()
                    },
                    body: None,
                    headings: v.body.headings.as_slice().into(),
                    words: v.words,
                    hash: v.hash.clone(),
                    made: false,
                });
            }
        }
        courses.push(src.course);
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
    // Asked only when the modules are the same ones (a module deleted or
    // made a draft leaves fewer).
    let same_anchors = || {
        modules.iter().enumerate().all(|(m, &e)| {
            src.course.modules[m]
                .versions
                .iter()
                .enumerate()
                .all(|(l, v)| {
                    let new: Option<BTreeSet<String>> = v
                        .as_ref()
                        .map(|v| v.body.headings.iter().map(|h| h.id.clone()).collect());
                    new == site.links.anchors[At { entry: e, lang: l }]
                })
        })
    };
    if !same_outside || !same_anchors() {
        return None;
    }
    src.validate(&site.config, diags);
    if diags.has_errors() {
        return Some(Vec::new());
    }
    let attached = [(course_entry, modules.clone())];
    let mut courses = fill(vec![src], &attached, &mut site.entries);
    site.courses[ci] = courses.remove(0);
    Some(std::iter::once(course_entry).chain(modules).collect())
}
