//! Entry points for the fuzz targets in `fuzz/` and their regression tests:
//! each takes arbitrary bytes and runs one parser of raamat the way a build
//! does. Any panic is a bug; errors are the expected answer to bad input.

use crate::content::links::{LinkIndex, Origin};
use crate::content::table::{At, PerVersion};
use crate::course::config::CourseConfig;
use crate::course::questions::{extract, interpret};
use crate::markdown::{self, LinkResolver, RenderOptions};
use crate::render::site::links::SiteLinks;
use crate::source::front_matter;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// Front matter (TOML or YAML) of a page or module.
pub fn front_matter(data: &[u8]) {
    if let Some(t) = text(data) {
        let _ = front_matter::split(t, Path::new("fuzz.et.md"));
    }
}

/// A small site's link index: two languages, a few pages with anchors, assets.
fn index() -> LinkIndex {
    let keys: BTreeMap<String, usize> = ["", "handbook", "handbook/hindamine", "about"]
        .iter()
        .enumerate()
        .map(|(i, k)| (k.to_string(), i))
        .collect();
    let mut urls = PerVersion::new(keys.len(), 2, None);
    let mut anchors = PerVersion::new(keys.len(), 2, None);
    let ids: BTreeSet<String> = ["riskid", "2-1-esmane-hindamine"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for (k, &entry) in &keys {
        urls[At { entry, lang: 0 }] = Some(format!("/et/{k}/"));
        urls[At { entry, lang: 1 }] = (k != "about").then(|| format!("/ru/{k}/"));
        anchors[At { entry, lang: 0 }] = Some(ids.clone());
    }
    LinkIndex {
        base_path: "/".into(),
        lang_codes: vec!["et".into(), "ru".into()],
        lang_names: vec!["Eesti".into(), "Русский".into()],
        anchors,
        keys,
        urls,
        assets: ["handbook/skeem.svg", "kava.pdf", "õppimine/pilt ä.png"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        drafts: BTreeMap::new(),
    }
}

/// A Markdown body rendered with raamat's extensions and link resolution.
pub fn markdown(data: &[u8]) {
    let Some(t) = text(data) else { return };
    let index = index();
    let links = SiteLinks(Origin {
        index: &index,
        entry: 2,
        lang: 1,
        folder: "handbook".into(),
        course_dir: None,
    });
    let quotes: Vec<String> = ["«", "»", "„", "“"].map(String::from).to_vec();
    let labels = BTreeMap::new();
    let opts = RenderOptions {
        quotes: &quotes,
        labels: &labels,
        id_prefix: "m1--",
    };
    let _ = markdown::render(&markdown::parse(t, 0, true), &opts, &links);
}

/// A course module body: questions found and interpreted.
pub fn questions(data: &[u8]) {
    let Some(t) = text(data) else { return };
    let (events, headings) = markdown::parse(t, 0, true).into_parts();
    let (_, _, found) = extract(events, headings);
    for q in &found {
        let _ = interpret(q, 1);
    }
}

/// A `course.toml`.
pub fn course_toml(data: &[u8]) {
    if let Some(t) = text(data) {
        let _ = CourseConfig::parse(t, Path::new("courses/x/course.toml"));
    }
}

/// One link as written in a page: first line the destination, the rest ignored.
pub fn link(data: &[u8]) {
    let Some(t) = text(data) else { return };
    let dest = t.lines().next().unwrap_or("");
    let index = index();
    for (entry, lang, folder) in [(2, 0, "handbook"), (3, 1, ""), (0, 0, "")] {
        let links = SiteLinks(Origin {
            index: &index,
            entry,
            lang,
            folder: folder.into(),
            course_dir: None,
        });
        let _ = links.link(dest);
        let _ = links.asset(dest);
    }
}
