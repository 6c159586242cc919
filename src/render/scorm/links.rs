//! Links inside a package: other modules of the course become places in the
//! package's single page, media stay relative, and every other page is a link
//! to the published website.

use crate::markdown::{self, LinkResolver, Problem};

/// Resolves links inside a package: other modules become `#m-<module>` in the
/// single page, media stay relative, other site pages become absolute URLs.
pub struct PackageLinks<'a> {
    pub module_ids: &'a [String],
    /// This module's id (heading ids are prefixed with it).
    pub module: &'a str,
    pub media: &'a [String],
    /// For `@/…` links into the handbook: the site's resolver.
    pub site: &'a dyn LinkResolver,
    pub base_url: &'a str,
    pub base_path: &'a str,
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
        // Anything else is a website page: link to it on the published site.
        let r = self.site.link(dest)?;
        let href = match r.href.strip_prefix(self.base_path) {
            Some(rest) => format!("{}{rest}", self.base_url),
            None => r.href,
        };
        Ok(markdown::Resolved {
            href,
            hreflang: r.hreflang,
            warning: r.warning,
        })
    }

    fn asset(&self, src: &str) -> Result<String, Problem> {
        let clean = src
            .split(['?', '#'])
            .next()
            .unwrap_or(src)
            .trim_start_matches("./");
        if self.media.iter().any(|m| m == clean) {
            Ok(src.trim_start_matches("./").to_string())
        } else {
            // The site resolver gives the same "not found" message and hint.
            self.site.asset(src).map(|_| src.to_string())
        }
    }
}
