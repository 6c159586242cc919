//! Resolves the links authors write (`intro.md`, `../intro.md#id`,
//! `@/handbook/intro.md`, `kava.pdf`) to site URLs, and checks their anchors.

use super::model::EntryId;
use super::paths::{encode, join};
use crate::diagnostics::closest;
use crate::markdown::{LinkResolver, Problem, Resolved};
use std::collections::{BTreeMap, BTreeSet};

/// What every link needs to know about the whole site.
#[derive(Debug)]
pub struct LinkIndex {
    pub base_path: String,
    pub lang_codes: Vec<String>,
    pub lang_names: Vec<String>,
    /// Logical path → entry.
    pub keys: BTreeMap<String, EntryId>,
    /// Per entry, per language: the URL of that language's own version.
    pub urls: Vec<Vec<Option<String>>>,
    /// Per entry, per language: heading ids and other anchors of that version.
    pub anchors: Vec<Vec<Option<BTreeSet<String>>>>,
    /// Asset paths relative to `content/`.
    pub assets: BTreeSet<String>,
}

/// Resolver for one file: knows its folder and language.
pub struct SiteLinks<'a> {
    pub index: &'a LinkIndex,
    pub entry: EntryId,
    pub lang: usize,
    /// Folder of the Markdown file, relative to `content/`.
    pub folder: String,
}

fn problem(message: String, hint: impl Into<Option<String>>) -> Problem {
    Problem {
        message,
        hint: hint.into(),
    }
}

impl SiteLinks<'_> {
    /// Source path as written → (entry, explicit language). Paths may end in
    /// `.md`, `.<lang>.md`, or `/` for a section.
    fn target(&self, path: &str) -> Result<(EntryId, Option<usize>), Problem> {
        let joined = match path.strip_prefix("@/") {
            Some(p) => join("", p),
            None => join(&self.folder, path),
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
                    Some(k) => format!("did you mean @/{k}.md?"),
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

impl LinkResolver for SiteLinks<'_> {
    fn link(&self, dest: &str) -> Result<Resolved, Problem> {
        let (path, anchor) = match dest.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (dest, None),
        };
        if path.is_empty() {
            let a = anchor.unwrap_or("");
            return match &self.index.anchors[self.entry][self.lang] {
                Some(ids) if !a.is_empty() && !ids.contains(a) => {
                    Err(missing_anchor(a, ids, "this page"))
                }
                _ => Ok(Resolved {
                    href: dest.to_string(),
                    hreflang: None,
                    warning: None,
                }),
            };
        }
        let is_page = path.ends_with(".md") || path.ends_with('/') || path.starts_with("@/");
        if !is_page {
            return self.asset(path).map(|href| Resolved {
                href: match anchor {
                    Some(a) => format!("{href}#{a}"),
                    None => href,
                },
                hreflang: None,
                warning: None,
            });
        }
        let (id, explicit) = self.target(path)?;
        let wanted = explicit.unwrap_or(self.lang);
        let urls = &self.index.urls[id];
        let (lang, warning) = if urls[wanted].is_some() {
            (wanted, None)
        } else {
            let other = urls.iter().position(Option::is_some).ok_or_else(|| {
                problem(
                    format!("link to `{path}`: the page is not published (draft?)"),
                    None,
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
        let mut href = urls[lang].clone().expect("checked above");
        if let Some(a) = anchor {
            if let Some(ids) = &self.index.anchors[id][lang] {
                if !ids.contains(a) {
                    return Err(missing_anchor(a, ids, path));
                }
            }
            href = format!("{href}#{a}");
        }
        let hreflang = (lang != self.lang).then(|| self.index.lang_codes[lang].clone());
        Ok(Resolved {
            href,
            hreflang,
            warning,
        })
    }

    fn asset(&self, src: &str) -> Result<String, Problem> {
        let clean = src.split(['?', '#']).next().unwrap_or(src);
        let joined = join(&self.folder, clean)
            .ok_or_else(|| problem(format!("`{src}` points above the content folder"), None))?;
        if self.index.assets.contains(&joined) {
            Ok(format!(
                "{}{}{}",
                self.index.base_path,
                encode(&joined),
                &src[clean.len()..]
            ))
        } else {
            let hint = match closest(&joined, self.index.assets.iter().map(String::as_str)) {
                Some(k) => format!("did you mean content/{k}?"),
                None => "put the file next to the Markdown file and write its name".into(),
            };
            Err(problem(
                format!("`{src}` not found (looked for content/{joined})"),
                hint,
            ))
        }
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
