//! The HTML form of a question (docs/courses.md, "Question HTML"). The same
//! markup serves the website's self-check and the SCORM package.

use crate::course::{Kind, Question};
use crate::escape::html as esc;
use crate::i18n::collation::Collator;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Rendered rich parts of a question (prompt, labels, feedback) for one output.
pub struct Parts {
    pub prompt: String,
    pub labels: Vec<String>,
    pub answer_feedback: Vec<Option<String>>,
    pub correct: Option<String>,
    pub incorrect: Option<String>,
}

/// Shows `___` in a prompt as a visible blank that screen readers announce.
fn blanks(prompt: &str, blank_label: &str) -> String {
    let mut out = String::new();
    let mut rest = prompt;
    while let Some(pos) = rest.find("___") {
        out.push_str(&rest[..pos]);
        out.push_str(&format!("<span class=\"blank\" aria-hidden=\"true\">______</span><span class=\"visually-hidden\">{}</span>", esc(blank_label)));
        rest = rest[pos..].trim_start_matches('_');
    }
    out.push_str(rest);
    out
}

pub fn question_form(
    q: &Question,
    parts: &Parts,
    strings: &BTreeMap<String, String>,
    collator: &Collator,
    fill_max_length: usize,
) -> String {
    let t = |k: &str| esc(strings.get(k).map(String::as_str).unwrap_or(k));
    let id = esc(&q.id);
    let kind = match q.kind {
        Kind::Single => "single",
        Kind::Multiple => "multiple",
        Kind::TrueFalse => "truefalse",
        Kind::Fill => "fill",
        Kind::Matching => "matching",
        Kind::Ordering => "ordering",
    };
    let mut h = String::new();
    let _ = write!(
        h,
        "<form class=\"question\" id=\"{id}\" data-question=\"{id}\" data-kind=\"{kind}\""
    );
    if let Some(pool) = &q.pool {
        let _ = write!(h, " data-pool=\"{}\"", esc(pool));
    }
    h.push_str(">\n<fieldset>\n");
    let _ = writeln!(
        h,
        "<legend class=\"question-prompt\">{}</legend>",
        blanks(
            &parts.prompt,
            &strings.get("course_blank").cloned().unwrap_or_default()
        )
    );
    match q.kind {
        Kind::Single | Kind::Multiple | Kind::TrueFalse => {
            let input = if q.kind == Kind::Multiple {
                "checkbox"
            } else {
                "radio"
            };
            h.push_str("<div class=\"options\">\n");
            for (i, a) in q.answers.iter().enumerate() {
                let value = match (q.kind, i) {
                    (Kind::TrueFalse, 0) => "true".to_string(),
                    (Kind::TrueFalse, _) => "false".to_string(),
                    _ => a.id.clone(),
                };
                let _ = write!(
                    h,
                    "<div class=\"option\" data-option=\"{}\"><input type=\"{input}\" name=\"{id}\" id=\"{id}-{}\" value=\"{value}\"> <label for=\"{id}-{}\">{}</label>",
                    a.id, a.id, a.id, parts.labels[i]
                );
                if let Some(fb) = &parts.answer_feedback[i] {
                    let _ = write!(
                        h,
                        "<div class=\"option-feedback\" data-for=\"{}\" hidden>{fb}</div>",
                        a.id
                    );
                }
                h.push_str("</div>\n");
            }
            h.push_str("</div>\n");
        }
        Kind::Fill => {
            let _ = writeln!(
                h,
                "<div class=\"fill\"><label for=\"{id}-input\">{}</label> <input type=\"text\" id=\"{id}-input\" name=\"{id}\" maxlength=\"{fill_max_length}\" autocomplete=\"off\" spellcheck=\"false\"></div>",
                t("course_answer")
            );
        }
        Kind::Matching => {
            let mut matches: Vec<(String, String)> = q
                .answers
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    (
                        (i + 1).to_string(),
                        a.match_text.clone().unwrap_or_default(),
                    )
                })
                .collect();
            // Alphabetical, so the source order (which is the key) is not given away.
            matches.sort_by(|a, b| collator.compare(&a.1, &b.1));
            h.push_str("<div class=\"matching\">\n");
            for a in &q.answers {
                let _ = write!(
                    h,
                    "<div class=\"match\" data-term=\"{0}\"><label for=\"{id}-{0}\">{1}</label> <select id=\"{id}-{0}\" name=\"{id}-{0}\" data-term=\"{0}\"><option value=\"\">{2}</option>",
                    a.id,
                    esc(&a.text),
                    t("course_choose")
                );
                for (value, text) in &matches {
                    let _ = write!(h, "<option value=\"{value}\">{}</option>", esc(text));
                }
                h.push_str("</select></div>\n");
            }
            h.push_str("</div>\n");
        }
        Kind::Ordering => {
            h.push_str("<ol class=\"ordering\">\n");
            for (i, a) in q.answers.iter().enumerate() {
                let _ = writeln!(
                    h,
                    "<li data-item=\"{}\"><span class=\"item-text\">{}</span> <button type=\"button\" data-move=\"up\">{}<span class=\"visually-hidden\">: {}</span></button> <button type=\"button\" data-move=\"down\">{}<span class=\"visually-hidden\">: {}</span></button></li>",
                    a.id,
                    parts.labels[i],
                    t("course_move_up"),
                    esc(&a.text),
                    t("course_move_down"),
                    esc(&a.text)
                );
            }
            h.push_str("</ol>\n");
        }
    }
    h.push_str("</fieldset>\n");
    let _ = writeln!(
        h,
        "<button type=\"submit\" class=\"check\">{}</button>",
        t("course_check")
    );
    h.push_str("<div class=\"feedback\" role=\"status\" aria-live=\"polite\"></div>\n");
    if let Some(fb) = &parts.correct {
        let _ = writeln!(h, "<div class=\"feedback-correct\" hidden>{fb}</div>");
    }
    if let Some(fb) = &parts.incorrect {
        let _ = writeln!(h, "<div class=\"feedback-incorrect\" hidden>{fb}</div>");
    }
    h.push_str("</form>\n");
    h
}
