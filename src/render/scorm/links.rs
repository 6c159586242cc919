//! Links inside a package: other modules of the course become places in the
//! package's single page, media stay relative, and every other page is a link
//! to the published website.

use crate::content::links::{Origin, Target};
use crate::content::paths::percent_decode;
use crate::escape::url_path;
use crate::markdown::{self, LinkResolver, Problem};

/// Resolves links inside a package: other modules become `#m-<module>` in the
/// single page, media stay relative, other site pages become absolute URLs.
pub struct PackageLinks<'a> {
    pub module_ids: &'a [String],
    /// This module's id (heading ids are prefixed with it).
    pub module: &'a str,
    pub media: &'a [String],
    /// Where the module file is, for links into the rest of the site.
    pub origin: Origin<'a>,
    /// The published site's address, for links to its pages.
    pub base_url: &'a str,
}

impl LinkResolver for PackageLinks<'_> {
    fn link(&self, dest: &str) -> Result<markdown::Resolved, Problem> {
        let (path, anchor) = dest
            .split_once('#')
            .map_or((dest, None), |(p, a)| (p, Some(a)));
        let found = |href: String| {
            Ok(markdown::Resolved {
                href,
                hreflang: None,
                warning: None,
            })
        };
        if path.is_empty() {
            return found(format!("#{}--{}", self.module, anchor.unwrap_or("")));
        }
        let decoded = percent_decode(path);
        let path = decoded.as_str();
        let stem = path
            .strip_prefix("./")
            .unwrap_or(path)
            .strip_suffix(".md")
            .unwrap_or(path);
        let stem = stem
            .rsplit_once('.')
            .filter(|(_, l)| l.len() <= 3)
            .map_or(stem, |(s, _)| s);
        if let Some(m) = self.module_ids.iter().find(|m| m.as_str() == stem) {
            return match anchor {
                Some(a) => found(format!("#{m}--{a}")),
                None => found(format!("#m-{m}")),
            };
        }
        // Anything else is on the website: link to it on the published site.
        let index = self.origin.index;
        let on_site = |url: &str| match url.strip_prefix(index.base_path.as_str()) {
            Some(rest) => format!("{}{rest}", self.base_url),
            None => url.to_string(),
        };
        match self.origin.resolve(dest)? {
            Target::SamePage => found(dest.to_string()),
            Target::Asset { path, suffix } => {
                found(format!("{}{}{suffix}", self.base_url, url_path(&path)))
            }
            Target::Page {
                href,
                hreflang,
                warning,
            } => Ok(markdown::Resolved {
                href: on_site(&href),
                hreflang,
                warning,
            }),
        }
    }

    fn remote(&self, src: &str) -> Option<Problem> {
        Some(Problem {
            message: format!(
                "the package loads `{src}` from another site: learners offline, or in an LMS that blocks other sites, will not see it"
            ),
            hint: Some("put the file in the course's media/ folder and write media/<name>, or link to it instead".into()),
        })
    }

    fn asset(&self, src: &str) -> Result<String, Problem> {
        let clean = src
            .split(['?', '#'])
            .next()
            .unwrap_or(src)
            .trim_start_matches("./");
        let clean = percent_decode(clean);
        if self.media.contains(&clean) {
            return Ok(src.trim_start_matches("./").to_string());
        }
        // Not media: the same "not found" message and hint as on the site,
        // and a file the site has is still not in the package.
        let (found, _) = self.origin.asset_path(src)?;
        let name = found.rsplit('/').next().unwrap_or(&found);
        let media = match self.origin.course_dir {
            Some(dir) => format!("{}/media/", dir.to_string_lossy().replace('\\', "/")),
            None => "the course's media/ folder".to_string(),
        };
        Err(Problem {
            message: format!(
                "`{src}` is content/{found}, outside the course folder: the course's packages cannot carry it"
            ),
            hint: Some(format!("copy it to {media} and write media/{name}")),
        })
    }
}
