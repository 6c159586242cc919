//! The site's links: a resolved target becomes the URL of its page in this
//! site (with `hreflang` when it is another language's page), of its asset,
//! or stays an anchor in the same page.

use crate::content::links::{Origin, Target};
use crate::escape::url_path;
use crate::markdown::{LinkResolver, Problem, Resolved};

/// Link rules of the website for one file.
pub struct SiteLinks<'a>(pub Origin<'a>);

impl LinkResolver for SiteLinks<'_> {
    fn link(&self, dest: &str) -> Result<Resolved, Problem> {
        let index = self.0.index;
        let href = match self.0.resolve(dest)? {
            Target::SamePage => {
                return Ok(Resolved {
                    href: dest.to_string(),
                    hreflang: None,
                    warning: None,
                })
            }
            Target::Asset { path, suffix } => {
                format!("{}{}{suffix}", index.base_path, url_path(&path))
            }
            Target::Page {
                href,
                hreflang,
                warning,
            } => {
                return Ok(Resolved {
                    href,
                    hreflang,
                    warning,
                })
            }
        };
        Ok(Resolved {
            href,
            hreflang: None,
            warning: None,
        })
    }

    fn asset(&self, src: &str) -> Result<String, Problem> {
        let (path, suffix) = self.0.asset_path(src)?;
        Ok(format!(
            "{}{}{suffix}",
            self.0.index.base_path,
            url_path(&path)
        ))
    }
}
