//! Renders a parsed course module, for the site (self-check pages) and for
//! packages alike: its Markdown with the output's link resolver, and its
//! questions as forms in place of their placeholders. Each output passes its
//! own resolver and heading-id prefix.

mod form;

use crate::course::questions::{placeholder, Events};
use crate::course::ModuleVersion;
use crate::diagnostics::{Diagnostics, LineIndex, Severity};
use crate::i18n::collation::Collator;
use crate::markdown::{self, LinkResolver, Problem, RenderOptions};
use crate::theme::Templates;
pub use form::TEMPLATE as QUESTION_TEMPLATE;
use form::{Forms, Parts, TEMPLATE};
use std::collections::BTreeMap;
use std::path::Path;

/// Strips a paragraph wrapper so a single-paragraph part can sit inline.
fn inline(html: String) -> String {
    let t = html.trim();
    match t.strip_prefix("<p>").and_then(|r| r.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => t.to_string(),
    }
}

/// The HTML of module version `module`, its questions as forms made with
/// `tera`'s question template. Without `tera` (the templates did not load)
/// the forms are left out and only the problems are reported.
pub fn render_module(
    module: &ModuleVersion,
    opts: &RenderOptions,
    links: &dyn LinkResolver,
    collator: &Collator,
    fill_max_length: usize,
    tera: Option<&Templates>,
    diags: &Diagnostics,
) -> String {
    let source = &module.body;
    let mut problems = Vec::new();
    let mut part = |events: &Events| -> String {
        let r = markdown::render_events(markdown::lent(events), &[], opts, links);
        problems.extend(r.problems);
        r.html
    };
    let mut forms = tera.map(|tera| Forms::new(tera, opts.labels, collator, fill_max_length));
    let mut form_error = None;
    let mut rendered = Vec::with_capacity(module.questions.len());
    for (q, src) in module.questions.iter().zip(&source.questions) {
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
        let Some(forms) = forms.as_mut() else {
            continue;
        };
        match forms.render(q, &parts) {
            Ok(form) => rendered.push(form),
            // One broken template is one error, not one per question.
            Err(e) => {
                form_error.get_or_insert(e);
                rendered.push(String::new());
            }
        }
    }
    let body = markdown::render_events(
        markdown::lent(&source.content),
        &source.headings,
        opts,
        links,
    );
    problems.extend(body.problems);
    report(problems, &module.source, &source.text, diags);
    if let (Some(e), Some(tera)) = (form_error, tera) {
        diags.push(tera.error(TEMPLATE, &e).on_page(&module.source));
    }
    fill_placeholders(&body.html, &rendered)
}

/// `html` with the placeholder of question `n` replaced by `forms[n]`, in one
/// pass (a module can hold hundreds of questions).
fn fill_placeholders(html: &str, forms: &[String]) -> String {
    let mut out = String::with_capacity(html.len() + forms.iter().map(String::len).sum::<usize>());
    let mut rest = html;
    for (n, form) in forms.iter().enumerate() {
        let mark = placeholder(n);
        let Some(at) = rest.find(&mark) else { break };
        out.push_str(&rest[..at]);
        out.push_str(form);
        rest = &rest[at + mark.len()..];
    }
    out.push_str(rest);
    out
}

/// Reports what rendering found, at its line in `file` (whose text is `text`).
pub fn report(
    problems: Vec<(usize, Severity, Problem)>,
    file: &Path,
    text: &str,
    diags: &Diagnostics,
) {
    if problems.is_empty() {
        return;
    }
    let lines = LineIndex::new(text);
    for (offset, severity, problem) in problems {
        diags.push(problem.locate(file, text, &lines, offset, severity));
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
