//! Resolves the links authors write (`intro.md`, `../intro.md#id`,
//! `@/handbook/intro.md`, `kava.pdf`) to what they point at in the model — a
//! version of an entry, an anchor in it, an asset — and checks that it exists.
//! Turning a target into a URL is each output's job (`render/site/links.rs`,
//! `render/scorm/links.rs`).

use super::model::EntryId;
use super::paths::{join, percent_decode};
use super::table::{At, PerVersion};
use crate::diagnostics::closest;
use crate::markdown::Problem;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// What every link needs to know about the whole site.
#[derive(Debug)]
pub struct LinkIndex {
    pub base_path: String,
    pub lang_codes: Vec<String>,
    pub lang_names: Vec<String>,
    /// Logical path → entry.
    pub keys: BTreeMap<String, EntryId>,
    /// Per entry, per language: the URL of that language's own version.
    pub urls: PerVersion<Option<String>>,
    /// Per entry, per language: heading ids and other anchors of that version.
    pub anchors: PerVersion<Option<BTreeSet<String>>>,
    /// Asset paths relative to `content/`.
    pub assets: BTreeSet<String>,
    /// Per entry and language: the file left out as a draft, for hints.
    pub drafts: BTreeMap<(EntryId, usize), PathBuf>,
}

/// Where a link is written: the file's entry, language and folder.
pub struct Origin<'a> {
    pub index: &'a LinkIndex,
    pub entry: EntryId,
    pub lang: usize,
    /// Folder of the Markdown file, relative to `content/` (a course
    /// module's: `courses/<id>`, as the site shows the course).
    pub folder: String,
    /// A course module's folder on disk, from the site's folder, for
    /// messages: its files are not below `content/`.
    pub course_dir: Option<&'a std::path::Path>,
}

/// What a link points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `#anchor` (or empty) in the same page.
    SamePage,
    /// A page: the model's URL of the version linked to, with `#anchor`;
    /// `hreflang` when that version is in another language than the link's
    /// file (then, unless the link asked for it, `warning` says so).
    Page {
        href: String,
        hreflang: Option<String>,
        warning: Option<Problem>,
    },
    /// An asset: its path below `content/`, and what followed it (`?x#y`).
    Asset { path: String, suffix: String },
}

fn problem(message: String, hint: impl Into<Option<String>>) -> Problem {
    Problem {
        message,
        hint: hint.into(),
    }
}

impl Origin<'_> {
    /// Source path as written → (entry, explicit language). Paths may end in
    /// `.md`, `.<lang>.md`, or `/` for a section.
    fn target(&self, path: &str) -> Result<(EntryId, Option<usize>), Problem> {
        let decoded = percent_decode(path);
        let joined = match decoded.strip_prefix("@/") {
            Some(p) => join("", p),
            None => join(&self.folder, &decoded),
        }
        .ok_or_else(|| problem(format!("`{path}` points above the content folder"), None))?;
        let mut key = joined.strip_suffix(".md").unwrap_or(&joined).to_string();
        let mut lang = None;
        if let Some((stem, code)) = key.rsplit_once('.') {
            if let Some(i) = self.index.lang_codes.iter().position(|c| c == code) {
                lang = Some(i);
                key = stem.to_string();
            }
        }
        for tail in ["/_index", "/index"] {
            if let Some(k) = key.strip_suffix(tail) {
                key = k.to_string();
            }
        }
        if key == "_index" || key == "index" {
            key.clear();
        }
        match self.index.keys.get(&key) {
            Some(&id) => Ok((id, lang)),
            None => {
                let hint = match closest(&key, self.index.keys.keys().map(String::as_str)) {
                    Some(k) => format!("did you mean {}?", as_link(format!("@/{k}.md"))),
                    None => {
                        "write the path relative to this file, or from content/ as @/folder/page.md"
                            .into()
                    }
                };
                Err(problem(
                    format!("link to `{path}`: no such page in content/"),
                    hint,
                ))
            }
        }
    }
}

impl Origin<'_> {
    /// What `dest` (a link as written, not external) points at.
    pub fn resolve(&self, dest: &str) -> Result<Target, Problem> {
        let (path, anchor) = match dest.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (dest, None),
        };
        if path.is_empty() {
            let a = anchor.unwrap_or("");
            return match &self.index.anchors[At {
                entry: self.entry,
                lang: self.lang,
            }] {
                Some(ids) if !a.is_empty() && !ids.contains(a) => {
                    Err(missing_anchor(a, ids, "this page"))
                }
                _ => Ok(Target::SamePage),
            };
        }
        let is_page = path.ends_with(".md") || path.ends_with('/') || path.starts_with("@/");
        if !is_page {
            let (path, suffix) = self.asset_path(path)?;
            return Ok(Target::Asset {
                path,
                suffix: match anchor {
                    Some(a) => format!("{suffix}#{a}"),
                    None => suffix,
                },
            });
        }
        let (id, explicit) = self.target(path)?;
        let wanted = explicit.unwrap_or(self.lang);
        let urls = self.index.urls.entry(id);
        let (lang, warning) = if urls[wanted].is_some() {
            (wanted, None)
        } else {
            let other = urls.iter().position(Option::is_some).ok_or_else(|| {
                problem(
                    format!("link to `{path}`: the page is not published (draft?)"),
                    self.draft_hint(id, wanted),
                )
            })?;
            let w = problem(
                format!(
                    "`{path}` has no `{}` version; the link goes to the `{}` page",
                    self.index.lang_codes[wanted], self.index.lang_codes[other]
                ),
                format!(
                    "translate it, or link to a page that exists in {}",
                    self.index.lang_names[wanted]
                ),
            );
            (other, if explicit.is_some() { None } else { Some(w) })
        };
        if let Some(a) = anchor {
            if let Some(ids) = &self.index.anchors[At { entry: id, lang }] {
                if !ids.contains(a) {
                    return Err(missing_anchor(a, ids, path));
                }
            }
        }
        let url = self.index.urls[At { entry: id, lang }]
            .as_deref()
            .unwrap_or_default();
        Ok(Target::Page {
            href: match anchor {
                Some(a) => format!("{url}#{a}"),
                None => url.to_string(),
            },
            hreflang: (lang != self.lang).then(|| self.index.lang_codes[lang].clone()),
            warning,
        })
    }

    /// An image or file source: its path below `content/` and its `?…#…` tail.
    pub fn asset_path(&self, src: &str) -> Result<(String, String), Problem> {
        let clean = src.split(['?', '#']).next().unwrap_or(src);
        let joined = join(&self.folder, &percent_decode(clean))
            .ok_or_else(|| problem(format!("`{src}` points above the content folder"), None))?;
        if self.index.assets.contains(&joined) {
            Ok((joined, src[clean.len()..].to_string()))
        } else {
            let hint = match closest(&joined, self.index.assets.iter().map(String::as_str)) {
                Some(k) if k.contains(' ') => format!(
                    "did you mean {}? In a link, write each space as %20",
                    self.on_disk(k)
                ),
                Some(k) => format!("did you mean {}?", self.on_disk(k)),
                None => "put the file next to the Markdown file and write its name".into(),
            };
            Err(problem(
                format!("`{src}` not found (looked for {})", self.on_disk(&joined)),
                hint,
            ))
        }
    }

    /// How to publish the draft `id`, naming its file, in language `lang` if it has one.
    fn draft_hint(&self, id: EntryId, lang: usize) -> String {
        let drafts = &self.index.drafts;
        let file = drafts
            .get(&(id, lang))
            .or_else(|| drafts.range((id, 0)..(id + 1, 0)).map(|(_, f)| f).next())
            .map_or("its file".into(), |f| f.display().to_string());
        format!("remove `draft = true` from {file}, or build with --drafts")
    }

    /// Where the file `joined` (below `content/`, as links see it) is on
    /// disk, from the site's folder.
    fn on_disk(&self, joined: &str) -> String {
        let in_course = self
            .course_dir
            .zip(joined.strip_prefix(&format!("{}/", self.folder)));
        match in_course {
            Some((dir, rest)) => dir.join(rest).to_string_lossy().replace('\\', "/"),
            None => format!("content/{joined}"),
        }
    }
}

/// `path` as a link target: a space would end a bare one, `<…>` keeps it.
fn as_link(path: String) -> String {
    if path.contains(' ') {
        format!("<{path}>")
    } else {
        path
    }
}

fn missing_anchor(anchor: &str, ids: &BTreeSet<String>, page: &str) -> Problem {
    let hint = match closest(anchor, ids.iter().map(String::as_str)) {
        Some(k) => {
            format!("did you mean #{k}? Headings can set a fixed id: ## Title {{#{anchor}}}")
        }
        None => format!("give the heading a fixed id: ## Title {{#{anchor}}}"),
    };
    problem(
        format!("`#{anchor}`: no heading with this id in {page}"),
        hint,
    )
}
