//! The body of a website page: the page's parsed Markdown rendered with the
//! site's links, or a course module with its self-check forms.

use super::links::SiteLinks;
use crate::content::links::Origin;
use crate::content::{CourseRef, EntryId, Site, Version};
use crate::diagnostics::Diagnostics;
use crate::markdown::{self, RenderOptions};
use crate::render::module::{render_module, report};
use crate::theme::Templates;
use std::collections::BTreeMap;

/// The HTML of `version`'s body as entry `id` of the site shows it. Without
/// `tera` a module's question forms are left out.
pub fn body_html(
    site: &Site,
    tera: Option<&Templates>,
    id: EntryId,
    version: &Version,
    diags: &Diagnostics,
) -> String {
    let empty = BTreeMap::new();
    let lang = &site.config.languages[version.lang];
    let opts = RenderOptions {
        quotes: &lang.quotes,
        labels: site.ui.by_lang.get(&lang.code).unwrap_or(&empty),
        id_prefix: "",
    };
    let links = |folder: String, course_dir| {
        SiteLinks(Origin {
            index: &site.links,
            entry: id,
            lang: version.lang,
            folder,
            course_dir,
        })
    };
    if let Some(body) = &version.body {
        let r = markdown::render(&body.parsed, &opts, &links(body.folder.clone(), None));
        report(r.problems, &version.source, body.parsed.source(), diags);
        return r.html;
    }
    if let Some(CourseRef {
        course,
        module: Some(m),
    }) = site.entries[id].course
    {
        let course = &site.courses[course];
        if let Some(v) = &course.modules[m].versions[version.lang] {
            return render_module(
                v,
                &opts,
                &links(format!("courses/{}", course.id()), Some(&course.dir)),
                &lang.collator(),
                course.config.fill_max_length,
                tera,
                diags,
            );
        }
    }
    String::new()
}
