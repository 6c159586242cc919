//! The HTML form of a question (docs/courses.md, "Question HTML"): the theme's
//! `question.html` template, rendered with what the model says of the question
//! and its parts as this output rendered them. The same template serves the
//! website's self-check and the SCORM package.

use crate::course::{Kind, Question};
use crate::i18n::collation::Collator;
use serde::Serialize;
use std::collections::BTreeMap;

/// The template of a question's form.
pub const TEMPLATE: &str = "question.html";

/// Rendered rich parts of a question (prompt, labels, feedback) for one output.
pub struct Parts {
    pub prompt: String,
    pub labels: Vec<String>,
    pub answer_feedback: Vec<Option<String>>,
    pub correct: Option<String>,
    pub incorrect: Option<String>,
}

/// What `question.html` sees of one question; the strings (`t`) and
/// `fill_max_length` are in the context already. Optional parts are left
/// out rather than null, so that the template can tell an empty one
/// (`is defined`) from none.
#[derive(Serialize)]
struct QuestionCtx<'a> {
    id: &'a str,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pool: Option<&'a str>,
    /// The prompt's HTML cut at each blank (`___`).
    prompt: Vec<&'a str>,
    answers: Vec<AnswerCtx<'a>>,
    /// A matching question's choices, sorted by their text.
    matches: Vec<MatchCtx<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    correct: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    incorrect: Option<&'a str>,
}

/// The keys of [`QuestionCtx`] that a question may lack.
const OPTIONAL: [&str; 3] = ["pool", "correct", "incorrect"];

#[derive(Serialize)]
struct AnswerCtx<'a> {
    id: &'a str,
    /// What the form submits: the answer's id, or `true`/`false`.
    value: &'a str,
    /// The label's HTML.
    label: &'a str,
    /// The label as plain text.
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    feedback: Option<&'a str>,
}

#[derive(Serialize)]
struct MatchCtx<'a> {
    /// The number of the answer it belongs to (from 1).
    value: String,
    text: &'a str,
}

/// Cuts a prompt at each run of three or more underscores.
fn prompt_parts(prompt: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut rest = prompt;
    while let Some(pos) = rest.find("___") {
        parts.push(&rest[..pos]);
        rest = rest[pos..].trim_start_matches('_');
    }
    parts.push(rest);
    parts
}

/// Renders the forms of a module's questions with `question.html`. The UI
/// strings go into the template's context once, not once per question.
pub struct Forms<'a> {
    tera: &'a tera::Tera,
    ctx: tera::Context,
    collator: &'a Collator,
}

impl<'a> Forms<'a> {
    pub fn new(
        tera: &'a tera::Tera,
        strings: &BTreeMap<String, String>,
        collator: &'a Collator,
        fill_max_length: usize,
    ) -> Forms<'a> {
        let mut ctx = tera::Context::new();
        ctx.insert("t", &form_strings(strings));
        ctx.insert("fill_max_length", &fill_max_length);
        Forms {
            tera,
            ctx,
            collator,
        }
    }

    /// The form of `q`, its rich parts as this output rendered them.
    pub fn render(&mut self, q: &Question, parts: &Parts) -> tera::Result<String> {
        let question = tera::Context::from_serialize(question_ctx(q, parts, self.collator))?;
        for key in OPTIONAL {
            self.ctx.remove(key);
        }
        self.ctx.extend(question);
        self.tera.render(TEMPLATE, &self.ctx)
    }
}

/// The UI strings with the ones the form uses always present, each falling
/// back to its key (the blank's label to nothing), so a theme whose strings
/// lack one still gets a form.
fn form_strings(strings: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let mut t = strings.clone();
    t.entry("course_blank".into()).or_default();
    for key in [
        "course_answer",
        "course_choose",
        "course_move_up",
        "course_move_down",
        "course_check",
    ] {
        t.entry(key.into()).or_insert_with(|| key.into());
    }
    t
}

fn question_ctx<'a>(q: &'a Question, parts: &'a Parts, collator: &Collator) -> QuestionCtx<'a> {
    let kind = match q.kind {
        Kind::Single => "single",
        Kind::Multiple => "multiple",
        Kind::TrueFalse => "truefalse",
        Kind::Fill => "fill",
        Kind::Matching => "matching",
        Kind::Ordering => "ordering",
    };
    let answers = q
        .answers
        .iter()
        .enumerate()
        .map(|(i, a)| AnswerCtx {
            id: &a.id,
            value: match (q.kind, i) {
                (Kind::TrueFalse, 0) => "true",
                (Kind::TrueFalse, _) => "false",
                _ => &a.id,
            },
            label: parts.labels.get(i).map_or("", String::as_str),
            text: &a.text,
            feedback: parts.answer_feedback.get(i).and_then(Option::as_deref),
        })
        .collect();
    let mut matches = Vec::new();
    if q.kind == Kind::Matching {
        matches = q
            .answers
            .iter()
            .enumerate()
            .map(|(i, a)| MatchCtx {
                value: (i + 1).to_string(),
                text: a.match_text.as_deref().unwrap_or_default(),
            })
            .collect();
        matches.sort_by(|a, b| collator.compare(a.text, b.text));
    }
    QuestionCtx {
        id: &q.id,
        kind,
        pool: q.pool.as_deref(),
        prompt: prompt_parts(&parts.prompt),
        answers,
        matches,
        correct: parts.correct.as_deref(),
        incorrect: parts.incorrect.as_deref(),
    }
}
