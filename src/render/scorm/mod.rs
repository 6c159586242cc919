//! SCORM packages: one zip per course, language (or all of them) and SCORM version, holding
//! `imsmanifest.xml`, the course as one page (`index.html`), the runtime and
//! the course's media. Reads the course model only; its page template is the
//! theme's `package/index.html`, separate from the site's templates.

mod links;
mod manifest;
mod zip;

use manifest::{manifest, ManifestInfo};
pub use rayon::prelude::*;

use crate::content::links::Origin;
use crate::content::Site;
use crate::course::data::{course_data, to_script_json};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::RenderOptions;
use crate::output::Writer;
use crate::render::module::{render_module, runtime_strings};
use crate::render::PackageInfo;
use crate::theme::{Templates, Theme};
use links::PackageLinks;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Theme files every package carries (below the theme's `static/`).
/// The scripts in the order `package/index.html` loads them (course.js starts the course).
pub const RUNTIME_FILES: &[&str] = &[
    "course.css",
    "course-lms.js",
    "course-responses.js",
    "course-draw.js",
    "course-resume.js",
    "course-status.js",
    "course-lease.js",
    "course-forms.js",
    "course-test.js",
    "course.js",
];

#[derive(Serialize)]
struct ModuleCtx<'a> {
    id: &'a str,
    title: &'a str,
    test: bool,
    html: &'a str,
}

#[derive(Serialize)]
struct SwitchCtx<'a> {
    code: &'a str,
    name: &'a str,
}

/// `package/course.html`: the course in one language.
#[derive(Serialize)]
struct CourseCtx<'a> {
    lang: &'a str,
    title: &'a str,
    data_json: &'a str,
    modules: Vec<ModuleCtx<'a>>,
    /// The other languages of the package (empty: it has one).
    switch: Vec<SwitchCtx<'a>>,
    t: &'a BTreeMap<String, String>,
}

#[derive(Serialize)]
struct OtherLangCtx<'a> {
    lang: &'a str,
    title: &'a str,
    body: &'a str,
}

/// `package/index.html`: the page, with the course in its first language as `body`.
#[derive(Serialize)]
struct PackageCtx<'a> {
    lang: &'a str,
    mode: &'static str,
    title: &'a str,
    description: &'a str,
    version: &'a str,
    body: &'a str,
    others: Vec<OtherLangCtx<'a>>,
    t: &'a BTreeMap<String, String>,
}

/// A course in one language, ready for its packages.
struct Language<'a> {
    l: usize,
    code: &'a str,
    name: &'a str,
    title: &'a str,
    description: &'a str,
    strings: &'a BTreeMap<String, String>,
    data_json: String,
    module_html: Vec<String>,
}

/// The templates the packages render, besides those they use.
const TEMPLATES: &[&str] = &[
    "package/index.html",
    "package/course.html",
    crate::render::module::QUESTION_TEMPLATE,
];

/// What the packages take from `theme`: their templates and the runtime
/// files. Two themes with the same inputs make the same packages.
pub fn theme_inputs(theme: &Theme) -> Vec<(&str, &[u8])> {
    let templates = theme.templates_used_by(TEMPLATES);
    let templates = templates
        .iter()
        .map(|(n, f)| (n.as_str(), f.bytes.as_slice()));
    let runtime = RUNTIME_FILES.iter().map(|name| {
        let bytes = theme.static_files.get(*name).map(|f| f.bytes.as_slice());
        (*name, bytes.unwrap_or_default())
    });
    templates.chain(runtime).collect()
}

/// Builds and writes every package of every course.
pub fn packages(
    site: &Site,
    theme: &Theme,
    tera: &Templates,
    out: &dyn Writer,
    diags: &Diagnostics,
) -> Vec<PackageInfo> {
    (0..site.courses.len())
        .into_par_iter()
        .flat_map_iter(|ci| course_packages(site, ci, theme, tera, out, diags))
        .collect()
}

/// Builds and writes the packages of course `ci`: per SCORM version, one per language
/// and/or one of every language (`package_languages`).
pub fn course_packages(
    site: &Site,
    ci: usize,
    theme: &Theme,
    tera: &Templates,
    out: &dyn Writer,
    diags: &Diagnostics,
) -> Vec<PackageInfo> {
    let empty = BTreeMap::new();
    let course = &site.courses[ci];
    let mut files = Vec::new();
    for name in RUNTIME_FILES {
        match theme.static_files.get(*name) {
            Some(f) => files.push((format!("theme/{name}"), f.bytes.clone())),
            None => diags.push(Diagnostic::error(
                format!("themes/{}/static/{name}", site.config.theme),
                0,
                "the theme lacks the course runtime file",
            )),
        }
    }
    for m in &course.media {
        match std::fs::read(site.root.join(&course.dir).join(m)) {
            Ok(bytes) => files.push((m.clone(), bytes)),
            Err(e) => diags.push(Diagnostic::error(
                course.dir.join(m),
                0,
                format!("cannot read: {e}"),
            )),
        }
    }
    let languages: Vec<Language> = course
        .languages
        .par_iter()
        .map(|&l| {
            let lang = &site.config.languages[l];
            let strings = site.ui.by_lang.get(&lang.code).unwrap_or(&empty);
            Language {
                l,
                code: &lang.code,
                name: &lang.name,
                title: course
                    .config
                    .title
                    .get(&lang.code)
                    .map(String::as_str)
                    .unwrap_or(course.id()),
                description: course
                    .config
                    .description
                    .get(&lang.code)
                    .map(String::as_str)
                    .unwrap_or(""),
                strings,
                // The same data for every SCORM version; the runtime reads the version from data-mode.
                data_json: to_script_json(&course_data(
                    course,
                    l,
                    &lang.code,
                    runtime_strings(strings),
                )),
                module_html: module_bodies(site, ci, l, Some(tera), diags),
            }
        })
        .collect();
    let mut sets: Vec<Vec<&Language>> = Vec::new();
    if course.config.package_languages.each() || languages.len() < 2 {
        sets.extend(languages.iter().map(|l| vec![l]));
    }
    if course.config.package_languages.all() && languages.len() > 1 {
        sets.push(languages.iter().collect());
    }
    // The runtime and the media are the same in every package of the
    // course: compressed once, copied into each package as they are.
    let shared = zip::Shared::new(&files);
    // The course pages of a set are the same in every SCORM version.
    let pages: Vec<Option<Vec<String>>> = sets
        .par_iter()
        .map(|set| {
            set.iter()
                .map(|&lang| course_page(site, ci, tera, set, lang, diags))
                .collect()
        })
        .collect();
    let jobs: Vec<(&Vec<&Language>, &Vec<String>, _)> = sets
        .iter()
        .zip(&pages)
        .filter_map(|(set, pages)| Some((set, pages.as_ref()?)))
        .flat_map(|(set, pages)| {
            course
                .config
                .scorm
                .iter()
                .map(move |&version| (set, pages, version))
        })
        .collect();
    jobs.into_par_iter()
        .filter_map(|(set, pages, version)| {
            let index = package_page(site, ci, tera, set, pages, version, diags)?;
            let first = set[0];
            let mut names: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
            names.push("index.html".into());
            names.sort();
            let label = if set.len() == 1 { first.code } else { "all" };
            let identifier = format!("raamat-{}-{label}-{}", course.id(), version.tag());
            let xml = manifest(
                version,
                &ManifestInfo {
                    identifier: &identifier,
                    version: &course.config.version,
                    title: first.title,
                    description: first.description,
                    lang: first.code,
                    mastery: course
                        .config
                        .lms_decides_pass()
                        .then_some(course.config.pass_mark),
                    files: &names,
                },
            );
            let own = [
                ("imsmanifest.xml".to_string(), xml.into_bytes()),
                ("index.html".to_string(), index.into_bytes()),
            ];
            let file_name = format!("{}-{label}-{}.zip", course.id(), version.tag());
            let output = format!("courses/{}/{file_name}", course.id());
            let written = zip::zip(&own, &shared)
                .map_err(|e| format!("cannot zip the package: {e}"))
                .and_then(|bytes| {
                    out.write(&output, &bytes)
                        .map(|()| (bytes.len(), zip::sha256_hex(&bytes)))
                        .map_err(|e| format!("cannot write {output}: {e}"))
                });
            match written {
                Ok((size, sha256)) => Some(PackageInfo {
                    course: ci,
                    langs: set.iter().map(|l| l.l).collect(),
                    version,
                    output,
                    file_name,
                    size,
                    sha256,
                }),
                Err(message) => {
                    diags.push(Diagnostic::error(&course.dir, 0, message));
                    None
                }
            }
        })
        .collect()
}

/// Renders `template` with `ctx` for the course in `dir`; a failure is
/// reported as the template's error, on the course.
fn render_template(
    tera: &Templates,
    template: &str,
    ctx: tera::Result<tera::Context>,
    dir: &Path,
    diags: &Diagnostics,
) -> Option<String> {
    let failed = match &ctx {
        Ok(c) => match tera.render(template, c) {
            Ok(html) => return Some(html),
            Err(e) => tera.error_in(template, &e, Some(c)),
        },
        Err(e) => tera.error(template, e),
    };
    diags.push(failed.on_page(dir.join("course.toml")));
    None
}

/// `package/course.html`: the course in `lang`, in a package holding the languages `set`.
fn course_page(
    site: &Site,
    ci: usize,
    tera: &Templates,
    set: &[&Language],
    lang: &Language,
    diags: &Diagnostics,
) -> Option<String> {
    let course = &site.courses[ci];
    let ctx = CourseCtx {
        lang: lang.code,
        title: lang.title,
        data_json: &lang.data_json,
        modules: course
            .modules
            .iter()
            .zip(&lang.module_html)
            .filter_map(|(m, html)| {
                let v = m.versions[lang.l].as_ref()?;
                Some(ModuleCtx {
                    id: &m.id,
                    title: &v.front.title,
                    test: v.front.test,
                    html,
                })
            })
            .collect(),
        switch: set
            .iter()
            .filter(|o| o.l != lang.l)
            .map(|o| SwitchCtx {
                code: o.code,
                name: o.name,
            })
            .collect(),
        t: lang.strings,
    };
    render_template(
        tera,
        "package/course.html",
        tera::Context::from_serialize(&ctx),
        &course.dir,
        diags,
    )
}

/// `index.html` of a package holding the languages `set` (the first is shown
/// first), with their course pages `pages` in the same order.
fn package_page(
    site: &Site,
    ci: usize,
    tera: &Templates,
    set: &[&Language],
    pages: &[String],
    version: crate::course::config::ScormVersion,
    diags: &Diagnostics,
) -> Option<String> {
    let course = &site.courses[ci];
    let first = set[0];
    let others = set[1..]
        .iter()
        .zip(&pages[1..])
        .map(|(lang, page)| OtherLangCtx {
            lang: lang.code,
            title: lang.title,
            body: page,
        })
        .collect();
    let ctx = PackageCtx {
        lang: first.code,
        mode: version.tag(),
        title: first.title,
        description: first.description,
        version: &course.config.version,
        body: &pages[0],
        others,
        t: first.strings,
    };
    render_template(
        tera,
        "package/index.html",
        tera::Context::from_serialize(&ctx),
        &course.dir,
        diags,
    )
}

/// Renders every module of every package and keeps only the problems found
/// (for runs where the templates cannot be loaded).
pub fn bodies(site: &Site, diags: &Diagnostics) {
    for (ci, course) in site.courses.iter().enumerate() {
        for &l in &course.languages {
            module_bodies(site, ci, l, None, diags);
        }
    }
}

/// Every module of course `ci` in language `l`, rendered for the package's
/// single page: heading ids prefixed with the module, links by the package's
/// rules. Modules missing in `l` give an empty string. Without `tera` the
/// question forms are left out.
fn module_bodies(
    site: &Site,
    ci: usize,
    l: usize,
    tera: Option<&Templates>,
    diags: &Diagnostics,
) -> Vec<String> {
    let empty = BTreeMap::new();
    let course = &site.courses[ci];
    let lang = &site.config.languages[l];
    let labels = site.ui.by_lang.get(&lang.code).unwrap_or(&empty);
    let collator = lang.collator();
    let module_ids: Vec<String> = course.modules.iter().map(|m| m.id.clone()).collect();
    let base_url = site.config.base_url();
    course
        .modules
        .iter()
        .map(|m| {
            let Some(v) = &m.versions[l] else {
                return String::new();
            };
            let entry = site.links.keys[&format!("courses/{}/{}", course.id(), m.id)];
            let links = PackageLinks {
                module_ids: &module_ids,
                module: &m.id,
                media: &course.media,
                origin: Origin {
                    index: &site.links,
                    entry,
                    lang: l,
                    folder: format!("courses/{}", course.id()),
                    course_dir: Some(&course.dir),
                },
                base_url: &base_url,
            };
            let prefix = format!("{}--", m.id);
            let opts = RenderOptions {
                quotes: &lang.quotes,
                labels,
                id_prefix: &prefix,
            };
            render_module(
                v,
                &opts,
                &links,
                &collator,
                course.config.fill_max_length,
                tera,
                diags,
            )
        })
        .collect()
}
