//! Second pass: parsed events → HTML, with links resolved by the caller's output.

use super::{Heading, Parsed};
use crate::diagnostics::Severity;
use crate::escape::html as escape;
use pulldown_cmark::{html, BlockQuoteKind, Event, Tag, TagEnd};
use std::collections::BTreeMap;

/// Where a link written by the author points in the output being rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub href: String,
    /// Set when the target is in another language than the page.
    pub hreflang: Option<String>,
    /// A problem worth a warning even though the link works.
    pub warning: Option<Problem>,
}

/// A link or image the output cannot resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub hint: Option<String>,
}

impl Problem {
    /// Locates the problem at byte `offset` of `text`, the source of `file`.
    pub fn locate(
        self,
        file: &std::path::Path,
        text: &str,
        lines: &crate::diagnostics::LineIndex,
        offset: usize,
        severity: Severity,
    ) -> crate::diagnostics::Diagnostic {
        let (line, col) = lines.line_col(text, offset);
        let mut d = crate::diagnostics::Diagnostic::error(file, line, self.message).at_column(col);
        d.severity = severity;
        d.hint = self.hint;
        d
    }
}

/// Each output decides what source paths mean (site URLs, files in a package).
pub trait LinkResolver {
    /// `dest` as the author wrote it; external URLs never reach here.
    fn link(&self, dest: &str) -> Result<Resolved, Problem>;
    /// An image or media source, relative to the Markdown file.
    fn asset(&self, src: &str) -> Result<String, Problem>;
    /// A warning for an image or media source on another site (`https://…`),
    /// for an output that must work offline.
    fn remote(&self, _src: &str) -> Option<Problem> {
        None
    }
}

/// An address that makes the browser load from another site.
fn is_remote(src: &str) -> bool {
    let lower = src.to_ascii_lowercase();
    src.starts_with("//") || lower.starts_with("http://") || lower.starts_with("https://")
}

/// The source `src` of an image or media element: an asset the resolver
/// knows, or an address left as it is (maybe with a warning).
fn media_source(
    src: &str,
    offset: usize,
    links: &dyn LinkResolver,
    problems: &mut Vec<(usize, Severity, Problem)>,
) -> String {
    if is_remote(src) {
        if let Some(p) = links.remote(src) {
            problems.push((offset, Severity::Warning, p));
        }
        return src.to_string();
    }
    if src.starts_with('/') || is_external(src) {
        return src.to_string();
    }
    links.asset(src).unwrap_or_else(|p| {
        problems.push((offset, Severity::Error, p));
        src.to_string()
    })
}

/// Language-dependent parts of the HTML.
pub struct RenderOptions<'a> {
    /// Quotation marks of the page's language (see `Language::quotes`).
    pub quotes: &'a [String],
    /// UI strings: `callout_note`, `callout_tip`, …, `table`.
    pub labels: &'a BTreeMap<String, String>,
    /// Put before every heading id, so several documents can share one HTML page.
    pub id_prefix: &'a str,
}

/// The HTML of a body and what templates need besides it.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub words: usize,
    /// Problems at byte offsets of the source file.
    pub problems: Vec<(usize, Severity, Problem)>,
}

/// True for URLs raamat leaves alone: other sites, mail, phone, data.
pub fn is_external(dest: &str) -> bool {
    dest.starts_with("//")
        || dest.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && scheme != "@"
        })
}

fn label<'a>(opts: &'a RenderOptions, key: &'a str) -> &'a str {
    opts.labels.get(key).map(String::as_str).unwrap_or(key)
}

pub fn render(parsed: &Parsed, opts: &RenderOptions, links: &dyn LinkResolver) -> Rendered {
    let mut r = render_events(parsed.events(), &parsed.headings, opts, links);
    let found = parsed.problems.iter().cloned();
    r.problems
        .extend(found.map(|(at, p)| (at, Severity::Error, p)));
    r
}

/// Like [`render`], for a part of a parsed file: `headings` match its heading
/// events in order (none: its headings get no id).
pub fn render_events<'e>(
    source: impl IntoIterator<Item = (Event<'e>, usize)>,
    headings: &[Heading],
    opts: &RenderOptions,
    links: &dyn LinkResolver,
) -> Rendered {
    let mut out = Rendered::default();
    let mut headings = headings.iter();
    let source = source.into_iter();
    let mut events: Vec<Event> = Vec::with_capacity(source.size_hint().0);
    let mut heading_id = String::new();
    // Footnotes are numbered in order of first mention; ids carry the prefix
    // so several documents can share a page.
    let mut footnotes: Vec<String> = Vec::new();
    let mut open_footnotes: Vec<String> = Vec::new();
    let mut footnote_refs: Vec<usize> = Vec::new();
    // Open images: where they start, and whether they have alt text yet.
    let mut images: Vec<(usize, bool)> = Vec::new();
    let mut previous_level = 1u8;
    // Links to another language are written as raw HTML (for `hreflang`), so
    // their end tag must be too; one flag per open link.
    let mut html_links: Vec<bool> = Vec::new();
    for (event, offset) in source {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                // Fragments (answers, feedback) come without a heading list:
                // their headings get no id and no self-link.
                let h = headings.next();
                let lvl = level as u8;
                if lvl == 1 {
                    out.problems.push((
                        offset,
                        Severity::Warning,
                        Problem {
                            message:
                                "a `#` heading in the body: the title is already the page's only h1"
                                    .into(),
                            hint: Some("start sections with `##`".into()),
                        },
                    ));
                } else if lvl > previous_level + 1 {
                    out.problems.push((
                        offset,
                        Severity::Warning,
                        Problem {
                            message: format!("heading level jumps from {previous_level} to {lvl}"),
                            hint: Some(format!(
                                "use {} for this heading",
                                "#".repeat(previous_level as usize + 1)
                            )),
                        },
                    ));
                }
                previous_level = lvl;
                heading_id = h.map_or_else(String::new, |h| format!("{}{}", opts.id_prefix, h.id));
                events.push(Event::Html(if heading_id.is_empty() {
                    format!("<h{lvl}>").into()
                } else {
                    format!("<h{lvl} id=\"{}\">", escape(&heading_id)).into()
                }));
            }
            Event::End(TagEnd::Heading(level)) if heading_id.is_empty() => {
                events.push(Event::Html(format!("</h{}>\n", level as u8).into()));
            }
            Event::End(TagEnd::Heading(level)) => {
                events.push(Event::Html(
                    format!(
                        " <a class=\"heading-link\" href=\"#{}\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h{}>\n",
                        escape(&heading_id),
                        level as u8
                    )
                    .into(),
                ));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, key) = match kind {
                    BlockQuoteKind::Note => ("note", "callout_note"),
                    BlockQuoteKind::Tip => ("tip", "callout_tip"),
                    BlockQuoteKind::Important => ("important", "callout_important"),
                    BlockQuoteKind::Warning => ("warning", "callout_warning"),
                    BlockQuoteKind::Caution => ("caution", "callout_caution"),
                };
                let title = escape(label(opts, key));
                events.push(Event::Html(
                    format!(
                        "<aside class=\"callout callout-{class}\" aria-label=\"{title}\">\n<p class=\"callout-title\">{title}</p>\n"
                    )
                    .into(),
                ));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                events.push(Event::Html("</aside>\n".into()));
            }
            Event::Start(Tag::Table(a)) => {
                let name = escape(label(opts, "table"));
                events.push(Event::Html(
                    format!("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"{name}\">\n").into(),
                ));
                events.push(Event::Start(Tag::Table(a)));
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                events.push(Event::Html("</div>\n".into()));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let (dest, hreflang) = resolve_link(&dest_url, offset, links, &mut out.problems);
                html_links.push(hreflang.is_some());
                if let Some(lang) = hreflang {
                    let title_attr = if title.is_empty() {
                        String::new()
                    } else {
                        format!(" title=\"{}\"", escape(&title))
                    };
                    // Inline, so that a quote mark next to the link sees its text.
                    events.push(Event::InlineHtml(
                        format!(
                            "<a href=\"{}\" hreflang=\"{}\"{title_attr}>",
                            escape(&dest),
                            escape(&lang)
                        )
                        .into(),
                    ));
                } else {
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url: dest.into(),
                        title,
                        id,
                    }));
                }
            }
            Event::End(TagEnd::Link) => {
                if html_links.pop().unwrap_or(false) {
                    events.push(Event::InlineHtml("</a>".into()));
                } else {
                    events.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let src = media_source(&dest_url, offset, links, &mut out.problems);
                images.push((offset, false));
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: src.into(),
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Image) => {
                if let Some((offset, false)) = images.pop() {
                    out.problems.push((offset, Severity::Warning, Problem {
                        message: "an image without alt text".into(),
                        hint: Some("describe the picture for people who cannot see it: ![what it shows](file.png)".into()),
                    }));
                }
                events.push(Event::End(TagEnd::Image));
            }
            Event::TaskListMarker(done) => {
                // Read-only boxes (forms, checklists): a disabled checkbox
                // without a label fails WCAG, a labelled symbol does not.
                let (symbol, key) = if done {
                    ("☑", "task_done")
                } else {
                    ("☐", "task_open")
                };
                events.push(Event::InlineHtml(
                    format!(
                        "<span class=\"task-box\" role=\"img\" aria-label=\"{}\">{symbol}</span> ",
                        escape(label(opts, key))
                    )
                    .into(),
                ));
            }
            Event::FootnoteReference(name) => {
                let n = footnote_number(&mut footnotes, &name);
                let id = footnote_id(opts.id_prefix, &name);
                // The back link returns to the first mention; later ones get their own ids.
                let k = footnote_refs.iter().filter(|r| **r == n).count();
                footnote_refs.push(n);
                let ref_id = if k == 0 {
                    format!("{id}-ref")
                } else {
                    format!("{id}-ref-{}", k + 1)
                };
                events.push(Event::InlineHtml(
                    format!("<sup class=\"footnote-ref\"><a href=\"#{id}\" id=\"{ref_id}\">{n}</a></sup>").into(),
                ));
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                let n = footnote_number(&mut footnotes, &name);
                let id = footnote_id(opts.id_prefix, &name);
                open_footnotes.push(id.clone());
                events.push(Event::Html(
                    format!("<div class=\"footnote\" id=\"{id}\"><span class=\"footnote-label\">{n}.</span>\n").into(),
                ));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                let id = open_footnotes.pop().unwrap_or_default();
                let back = escape(label(opts, "footnote_back"));
                events.push(Event::Html(
                    format!("<a class=\"footnote-back\" href=\"#{id}-ref\" aria-label=\"{back}\">↩</a></div>\n").into(),
                ));
            }
            Event::Text(t) => {
                if let Some(image) = images.last_mut() {
                    image.1 |= !t.trim().is_empty();
                }
                out.words += t.split_whitespace().count();
                events.push(Event::Text(t));
            }
            Event::Html(h) => events.push(Event::Html(
                rewrite_raw_html(&h, offset, links, &mut out.problems).into(),
            )),
            Event::InlineHtml(h) => events.push(Event::InlineHtml(
                rewrite_raw_html(&h, offset, links, &mut out.problems).into(),
            )),
            other => events.push(other),
        }
    }
    super::quotes::localize(&mut events, opts.quotes);
    html::push_html(&mut out.html, events.into_iter());
    out
}

fn resolve_link(
    dest: &str,
    offset: usize,
    links: &dyn LinkResolver,
    problems: &mut Vec<(usize, Severity, Problem)>,
) -> (String, Option<String>) {
    if dest.is_empty() || is_external(dest) {
        return (dest.to_string(), None);
    }
    match links.link(dest) {
        Ok(r) => {
            if let Some(w) = r.warning {
                problems.push((offset, Severity::Warning, w));
            }
            (r.href, r.hreflang)
        }
        Err(p) => {
            problems.push((offset, Severity::Error, p));
            (dest.to_string(), None)
        }
    }
}

fn footnote_number(seen: &mut Vec<String>, name: &str) -> usize {
    match seen.iter().position(|n| n == name) {
        Some(i) => i + 1,
        None => {
            seen.push(name.to_string());
            seen.len()
        }
    }
}

fn footnote_id(prefix: &str, name: &str) -> String {
    format!("{prefix}fn-{}", escape(&crate::i18n::slug::slugify(name)))
}

/// Raw HTML (`<video src>`, `<track src>`, `<a href>`) gets the same path
/// rewriting as Markdown images and links.
fn rewrite_raw_html(
    html: &str,
    offset: usize,
    links: &dyn LinkResolver,
    problems: &mut Vec<(usize, Severity, Problem)>,
) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(pos) = ["src=\"", "href=\"", "poster=\""]
        .iter()
        .filter_map(|attr| rest.find(attr).map(|p| (p, attr.len())))
        .min()
    {
        let (start, len) = pos;
        let value_start = start + len;
        let Some(value_len) = rest[value_start..].find('"') else {
            break;
        };
        let value = &rest[value_start..value_start + value_len];
        out.push_str(&rest[..value_start]);
        let is_link = rest[start..].starts_with("href");
        let rewritten = if value.is_empty() || value.starts_with('#') {
            value.to_string()
        } else if !is_link {
            media_source(value, offset, links, problems)
        } else if value.starts_with('/') || is_external(value) {
            value.to_string()
        } else {
            resolve_link(value, offset, links, problems).0
        };
        out.push_str(&rewritten);
        rest = &rest[value_start + value_len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::parse;

    struct NoLinks;
    impl LinkResolver for NoLinks {
        fn link(&self, dest: &str) -> Result<Resolved, Problem> {
            Ok(Resolved {
                href: dest.into(),
                hreflang: None,
                warning: None,
            })
        }
        fn asset(&self, src: &str) -> Result<String, Problem> {
            Ok(src.into())
        }
    }

    fn html(md: &str, prefix: &str) -> Rendered {
        let labels = BTreeMap::new();
        let quotes = vec!["„".to_string(), "“".to_string()];
        let opts = RenderOptions {
            quotes: &quotes,
            labels: &labels,
            id_prefix: prefix,
        };
        render(&parse(md, 0, true), &opts, &NoLinks)
    }

    #[test]
    fn footnotes_have_unique_prefixed_ids_and_back_links() {
        let r = html(
            "Üks[^a] ja veel[^a], teine[^b].\n\n[^a]: Esimene.\n[^b]: Teine.\n",
            "m1--",
        );
        assert!(r.html.contains("href=\"#m1--fn-a\" id=\"m1--fn-a-ref\">1<"));
        assert!(r.html.contains("id=\"m1--fn-a-ref-2\">1<"));
        assert!(r.html.contains("id=\"m1--fn-b-ref\">2<"));
        assert!(r.html.contains("<div class=\"footnote\" id=\"m1--fn-a\">"));
        assert!(r.html.contains("href=\"#m1--fn-a-ref\""));
    }

    #[test]
    fn images_need_alt_text_and_headings_get_self_links() {
        let r = html("## 2.1.3 Sekkumine\n\n![](a.png)\n\n![Skeem](b.png)\n", "");
        assert!(r.html.contains("<h2 id=\"2-1-3-sekkumine\">2.1.3 Sekkumine <a class=\"heading-link\" href=\"#2-1-3-sekkumine\""));
        let warnings: Vec<_> = r
            .problems
            .iter()
            .filter(|(_, s, p)| *s == Severity::Warning && p.message.contains("alt text"))
            .collect();
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn task_lists_are_labelled_boxes() {
        let r = html("- [ ] Isikut tõendav dokument\n- [x] Avaldus\n", "");
        assert!(!r.html.contains("<input"), "{}", r.html);
        assert!(r.html.contains(
            "<span class=\"task-box\" role=\"img\" aria-label=\"task_open\">☐</span> Isikut"
        ));
        assert!(r.html.contains("aria-label=\"task_done\">☑</span> Avaldus"));
    }

    struct Prefixed;
    impl LinkResolver for Prefixed {
        fn link(&self, dest: &str) -> Result<Resolved, Problem> {
            Ok(Resolved {
                href: format!("/site/{dest}"),
                hreflang: None,
                warning: None,
            })
        }
        fn asset(&self, src: &str) -> Result<String, Problem> {
            if src.starts_with("media/") {
                Ok(format!("/assets/{src}"))
            } else {
                Err(Problem {
                    message: format!("`{src}` not found"),
                    hint: None,
                })
            }
        }
    }

    #[test]
    fn raw_html_sources_are_rewritten_like_markdown_ones() {
        let labels = BTreeMap::new();
        let opts = RenderOptions {
            quotes: &[],
            labels: &labels,
            id_prefix: "",
        };
        let md = "<video controls src=\"media/v.mp4\"><track kind=\"subtitles\" src=\"media/v.et.vtt\" srclang=\"et\"></video>\n\n<a href=\"leht.md\">x</a> <img src=\"https://example.org/a.png\" alt=\"\"> <img src=\"puudub.png\" alt=\"x\">\n";
        let r = render(&parse(md, 0, true), &opts, &Prefixed);
        assert!(r.html.contains("src=\"/assets/media/v.mp4\""));
        assert!(r.html.contains("src=\"/assets/media/v.et.vtt\""));
        assert!(r.html.contains("href=\"/site/leht.md\""));
        assert!(
            r.html.contains("src=\"https://example.org/a.png\""),
            "external URLs stay"
        );
        assert_eq!(r.problems.len(), 1, "the missing file is reported");
    }

    #[test]
    fn callouts_are_labelled_asides() {
        let mut labels = BTreeMap::new();
        labels.insert("callout_tip".to_string(), "Nõuanne".to_string());
        let quotes = vec!["„".to_string(), "“".to_string()];
        let opts = RenderOptions {
            quotes: &quotes,
            labels: &labels,
            id_prefix: "",
        };
        let r = render(
            &parse("> [!TIP]\n> Lepi aeg kokku \"kohe\".\n", 0, true),
            &opts,
            &NoLinks,
        );
        assert!(r
            .html
            .contains("<aside class=\"callout callout-tip\" aria-label=\"Nõuanne\">"));
        assert!(r.html.contains("„kohe“"), "{}", r.html);
    }
}
