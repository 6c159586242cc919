//! Renders a parsed module for one output: its Markdown with the output's link
//! resolver, and its questions as forms in place of their placeholders.

use super::html::{question_form, Parts};
use super::load::ModuleSource;
use super::model::Question;
use super::questions::{placeholder, Events};
use crate::diagnostics::Severity;
use crate::i18n::collation::Collator;
use crate::markdown::{self, LinkResolver, Parsed, Problem, RenderOptions};
use std::collections::BTreeMap;

/// HTML of a module plus what rendering found.
pub struct RenderedModule {
    pub html: String,
    pub words: usize,
    pub problems: Vec<(usize, Severity, Problem)>,
}

/// Strips a paragraph wrapper so a single-paragraph part can sit inline.
fn inline(html: String) -> String {
    let t = html.trim();
    match t.strip_prefix("<p>").and_then(|r| r.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => t.to_string(),
    }
}

pub fn render_module(
    source: &ModuleSource,
    questions: &[Question],
    opts: &RenderOptions,
    links: &dyn LinkResolver,
    collator: &Collator,
    fill_max_length: usize,
) -> RenderedModule {
    let mut problems = Vec::new();
    let mut part = |events: &Events| -> String {
        let r = markdown::render(Parsed::from_parts(events.clone(), Vec::new()), opts, links);
        problems.extend(r.problems);
        r.html
    };
    let mut forms = Vec::with_capacity(questions.len());
    for (q, src) in questions.iter().zip(&source.questions) {
        let parts = Parts {
            prompt: inline(part(&src.prompt)),
            labels: src.answers.iter().map(|a| inline(part(&a.label))).collect(),
            answer_feedback: src
                .answers
                .iter()
                .map(|a| (!a.feedback.is_empty()).then(|| part(&a.feedback)))
                .collect(),
            correct: src.feedback_correct.as_ref().map(&mut part),
            incorrect: src.feedback_incorrect.as_ref().map(&mut part),
        };
        forms.push(question_form(
            q,
            &parts,
            opts.labels,
            collator,
            fill_max_length,
        ));
    }
    let body = markdown::render(
        Parsed::from_parts(source.content.clone(), source.headings.clone()),
        opts,
        links,
    );
    problems.extend(body.problems);
    let mut html = body.html;
    for (i, form) in forms.iter().enumerate() {
        html = html.replacen(&placeholder(i), form, 1);
    }
    RenderedModule {
        html,
        words: body.words,
        problems,
    }
}

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

/// UI strings for the runtime: the `course_*` keys without the prefix.
pub fn runtime_strings(strings: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    strings
        .iter()
        .filter_map(|(k, v)| {
            k.strip_prefix("course_")
                .map(|k| (k.to_string(), v.clone()))
        })
        .collect()
}
