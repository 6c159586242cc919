//! `sitemap.xml` with `xhtml:link` alternates for every translated page.

use crate::content::Site;
use crate::escape::xml as xml_escape;

/// Lists every page in every language it is written in (fallback copies are
/// left out: their canonical URL is the original).
pub fn sitemap(site: &Site) -> String {
    let base = site.config.base_url();
    let langs = &site.config.languages;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for &id in &site.views[0]
        .reading_order
        .iter()
        .copied()
        .chain({
            // Entries not published in the default language still belong in the
            // sitemap, by path (a page `serve` added has the last id).
            let mut rest: Vec<usize> = (0..site.entries.len())
                .filter(|&id| site.views[0].position[id].is_none())
                .collect();
            rest.sort_by(|&a, &b| site.entries[a].path.cmp(&site.entries[b].path));
            rest
        })
        .collect::<Vec<_>>()
    {
        let real: Vec<(usize, String)> = (0..langs.len())
            .filter_map(|l| {
                let p = site.views[l].placements[id]
                    .as_ref()
                    .filter(|p| p.content_lang == l)?;
                Some((l, format!("{base}{}", p.path)))
            })
            .collect();
        for (l, url) in &real {
            out.push_str(&format!("  <url>\n    <loc>{}</loc>\n", xml_escape(url)));
            if let Some(date) = site.entries[id].versions[*l]
                .as_ref()
                .and_then(|v| v.front.date)
            {
                out.push_str(&format!("    <lastmod>{date}</lastmod>\n"));
            }
            for (alt, alt_url) in &real {
                out.push_str(&format!(
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                    xml_escape(&langs[*alt].code),
                    xml_escape(alt_url)
                ));
            }
            if let Some((_, first)) = real.first() {
                out.push_str(&format!(
                    "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>\n",
                    xml_escape(first)
                ));
            }
            out.push_str("  </url>\n");
        }
    }
    out.push_str("</urlset>\n");
    out
}
