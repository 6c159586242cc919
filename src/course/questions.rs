//! Finds questions in a parsed module: a heading starting with `?` followed by a
//! list of answers and optional `> [!CORRECT]` / `> [!INCORRECT]` feedback.
//! The question is cut out of the module's event stream and replaced by a
//! placeholder that each output fills with its own form HTML.

use super::model::{Answer, Kind, Question};
use crate::diagnostics::closest;
use crate::markdown::{Event, Heading, Tag, TagEnd};

pub type Events = Vec<(Event<'static>, usize)>;

/// An answer as written: its parts still as Markdown events.
#[derive(Debug, Clone)]
pub struct AnswerSource {
    pub offset: usize,
    pub checked: Option<bool>,
    pub label: Events,
    pub text: String,
    pub feedback: Events,
}

/// A question as written, before it is rendered for an output.
#[derive(Debug, Clone)]
pub struct QuestionSource {
    pub offset: usize,
    pub id: Option<String>,
    pub classes: Vec<String>,
    pub pool: Option<String>,
    pub prompt: Events,
    pub prompt_text: String,
    pub ordered: bool,
    pub answers: Vec<AnswerSource>,
    pub feedback_correct: Option<Events>,
    pub feedback_incorrect: Option<Events>,
    /// Blockquotes after the answers that start with a marker that is
    /// neither feedback nor a callout (`[!CORECT]`): where, and the marker.
    pub unknown_feedback: Vec<(usize, String)>,
}

/// Text placed where question `n` goes; replaced by the output's form HTML.
pub fn placeholder(n: usize) -> String {
    format!("<!--raamat:question:{n}-->")
}

/// Splits a module into its content (with placeholders) and its questions.
pub fn extract(
    events: Events,
    headings: Vec<Heading>,
) -> (Events, Vec<Heading>, Vec<QuestionSource>) {
    let mut content = Vec::with_capacity(events.len());
    let mut content_headings = Vec::new();
    let mut questions = Vec::new();
    let mut headings = headings.into_iter();
    let mut i = 0;
    while i < events.len() {
        if let (
            Event::Start(Tag::Heading {
                id, classes, attrs, ..
            }),
            offset,
        ) = &events[i]
        {
            let heading = headings.next().unwrap_or_else(|| Heading {
                level: 2,
                id: String::new(),
                text: String::new(),
            });
            if heading.text.starts_with('?') {
                let end = i + events[i..]
                    .iter()
                    .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
                    .expect("heading ends");
                let mut q = QuestionSource {
                    offset: *offset,
                    id: id.as_ref().map(|s| s.to_string()),
                    classes: classes.iter().map(|c| c.to_string()).collect(),
                    pool: attrs
                        .iter()
                        .find(|(k, _)| k.as_ref() == "pool")
                        .and_then(|(_, v)| v.as_ref().map(|v| v.to_string())),
                    prompt: strip_question_mark(events[i + 1..end].to_vec()),
                    prompt_text: heading.text.trim_start_matches('?').trim().to_string(),
                    ordered: false,
                    answers: Vec::new(),
                    feedback_correct: None,
                    feedback_incorrect: None,
                    unknown_feedback: Vec::new(),
                };
                let mut k = end + 1;
                if let Some((Event::Start(Tag::List(first)), _)) = events.get(k) {
                    q.ordered = first.is_some();
                    let close = matching_end(&events, k);
                    q.answers = list_items(&events[k + 1..close]);
                    k = close + 1;
                }
                while let Some((Event::Start(Tag::BlockQuote(None)), at)) = events.get(k) {
                    let close = matching_end(&events, k);
                    match feedback_block(&events[k + 1..close]) {
                        Feedback::Block(true, body) => q.feedback_correct = Some(body),
                        Feedback::Block(false, body) => q.feedback_incorrect = Some(body),
                        Feedback::Unknown(marker) => q.unknown_feedback.push((*at, marker)),
                        Feedback::None => break,
                    }
                    k = close + 1;
                }
                content.push((Event::Html(placeholder(questions.len()).into()), *offset));
                questions.push(q);
                // Headings inside the answers or the feedback belong to the
                // question; keep `headings` in step with the heading events.
                let inner = events[i + 1..k]
                    .iter()
                    .filter(|(e, _)| matches!(e, Event::Start(Tag::Heading { .. })))
                    .count();
                headings.by_ref().take(inner).for_each(drop);
                i = k;
                continue;
            }
            content_headings.push(heading);
        }
        content.push(events[i].clone());
        i += 1;
    }
    (content, content_headings, questions)
}

/// Index of the event closing the block opened at `start`.
fn matching_end(events: &[(Event<'static>, usize)], start: usize) -> usize {
    let mut depth = 0usize;
    for (j, (e, _)) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return j;
                }
            }
            _ => {}
        }
    }
    events.len() - 1
}

fn strip_question_mark(mut events: Events) -> Events {
    if let Some((Event::Text(t), _)) = events.first_mut() {
        let rest = t
            .trim_start()
            .trim_start_matches('?')
            .trim_start()
            .to_string();
        *t = rest.into();
    }
    events
}

/// A fill-in answer as the author typed it, without smart punctuation: a learner types
/// `Facebook'i`, not `Facebook’i`. `item_offset`: where its list item starts in `source`.
pub fn typed_answer(source: &str, item_offset: usize) -> Option<String> {
    let line = source.get(item_offset..)?.lines().next()?;
    let (events, _) = crate::markdown::parse(line, 0, false).into_parts();
    list_items(&events).into_iter().next().map(|item| item.text)
}

fn plain_text(events: &[(Event<'static>, usize)]) -> String {
    let mut s = String::new();
    for (e, _) in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s.trim().to_string()
}

/// The items of a list (events between its start and end).
fn list_items(events: &[(Event<'static>, usize)]) -> Vec<AnswerSource> {
    let mut items = Vec::new();
    let mut j = 0;
    while j < events.len() {
        if let (Event::Start(Tag::Item), offset) = &events[j] {
            let close = matching_end(events, j);
            let inner = &events[j + 1..close];
            let mut item = AnswerSource {
                offset: *offset,
                checked: None,
                label: Vec::new(),
                text: String::new(),
                feedback: Vec::new(),
            };
            let mut m = 0;
            while m < inner.len() {
                match &inner[m].0 {
                    Event::TaskListMarker(checked) => item.checked = Some(*checked),
                    Event::Start(Tag::BlockQuote(_)) => {
                        let end = matching_end(inner, m);
                        item.feedback.extend_from_slice(&inner[m + 1..end]);
                        m = end;
                    }
                    Event::Start(Tag::List(_)) => m = matching_end(inner, m),
                    Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {}
                    _ => item.label.push(inner[m].clone()),
                }
                m += 1;
            }
            item.text = plain_text(&item.label);
            items.push(item);
            j = close + 1;
        } else {
            j += 1;
        }
    }
    items
}

/// What a blockquote after a question's answers is.
enum Feedback {
    /// `> [!CORRECT]` / `> [!INCORRECT]`: whether it is for a right
    /// response, and the body without the marker.
    Block(bool, Events),
    /// A `[!…]` marker that is neither feedback nor a callout of the page.
    Unknown(String),
    /// A quote or a callout: the module's own text.
    None,
}

/// Markers that make a blockquote a callout of the page, not feedback.
const CALLOUTS: &[&str] = &["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"];
/// Feedback markers, for the hint on a marker that is neither.
const FEEDBACK_MARKERS: &[&str] = &["CORRECT", "INCORRECT"];

/// Reads a blockquote's marker. As in GitHub's alerts, case does not matter.
fn feedback_block(events: &[(Event<'static>, usize)]) -> Feedback {
    let mut leading = String::new();
    let mut cut = 0;
    for (n, (e, _)) in events.iter().enumerate() {
        match e {
            Event::Start(Tag::Paragraph) if n == 0 => {}
            Event::Text(t) => {
                leading.push_str(t);
                if leading.contains(']') {
                    cut = n + 1;
                    break;
                }
            }
            _ => return Feedback::None,
        }
    }
    let marker = leading.trim_start();
    let Some((name, rest)) = marker.strip_prefix("[!").and_then(|m| m.split_once(']')) else {
        return Feedback::None;
    };
    let correct = match name.to_uppercase().as_str() {
        "CORRECT" => true,
        "INCORRECT" => false,
        upper if CALLOUTS.contains(&upper) => return Feedback::None,
        _ => return Feedback::Unknown(name.to_string()),
    };
    let mut body: Events = vec![(Event::Start(Tag::Paragraph), events[0].1)];
    let mut tail = events[cut..].iter().cloned().peekable();
    if !rest.trim().is_empty() {
        body.push((
            Event::Text(rest.trim_start().to_string().into()),
            events[0].1,
        ));
    } else {
        while matches!(tail.peek(), Some((Event::SoftBreak | Event::HardBreak, _))) {
            tail.next();
        }
    }
    body.extend(tail);
    // An empty first paragraph (marker alone on its line, then a new paragraph).
    if matches!(
        (body.first(), body.get(1)),
        (
            Some((Event::Start(Tag::Paragraph), _)),
            Some((Event::End(TagEnd::Paragraph), _))
        )
    ) {
        body.drain(0..2);
    }
    Feedback::Block(correct, body)
}

fn letter(i: usize) -> String {
    let mut n = i;
    let mut s = String::new();
    loop {
        s.insert(0, (b'a' + (n % 26) as u8) as char);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    s
}

/// A problem in a question: byte offset in the file, message, hint.
pub type QuestionProblem = (usize, String, String);

/// The question's meaning, with problems found while reading it.
pub fn interpret(q: &QuestionSource, line: usize) -> Result<Question, Vec<QuestionProblem>> {
    let mut problems: Vec<QuestionProblem> = Vec::new();
    let id = q.id.clone().unwrap_or_default();
    if id.is_empty() {
        problems.push((
            q.offset,
            "the question has no id".into(),
            format!(
                "add a fixed id that is the same in every language: ### ? {} {{#q-name}}",
                q.prompt_text
            ),
        ));
    }
    let declared: Vec<Kind> = q
        .classes
        .iter()
        .filter_map(|c| Kind::from_class(c))
        .collect();
    for c in &q.classes {
        if Kind::from_class(c).is_none() {
            problems.push((
                q.offset,
                format!("unknown question kind `.{c}`"),
                "use .single, .multiple, .truefalse, .fill, .matching or .ordering".into(),
            ));
        }
    }
    for (at, marker) in &q.unknown_feedback {
        let known = FEEDBACK_MARKERS.iter().chain(CALLOUTS).copied();
        let guess = closest(&marker.to_uppercase(), known)
            .map(|m| format!("did you mean [!{m}]? "))
            .unwrap_or_default();
        problems.push((
            *at,
            format!("`[!{marker}]` is not a feedback marker: the learner would see it, and the feedback, as text"),
            format!("{guess}feedback after a question starts with > [!CORRECT] or > [!INCORRECT]"),
        ));
    }
    let checked = q.answers.iter().filter(|a| a.checked == Some(true)).count();
    let kind = match declared.first() {
        Some(k) => *k,
        None if q.ordered => Kind::Ordering,
        None if q
            .answers
            .iter()
            .any(|a| a.checked.is_none() && (a.text.contains("->") || a.text.contains('→'))) =>
        {
            Kind::Matching
        }
        None if checked > 1 => Kind::Multiple,
        None => Kind::Single,
    };
    if q.answers.is_empty() {
        problems.push((
            q.offset,
            format!("question `{id}` has no answers"),
            "put a list of answers right after the question heading, e.g. - [x] right answer"
                .into(),
        ));
    }
    let answers: Vec<Answer> = q
        .answers
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let (text, match_text) = if kind == Kind::Matching {
                match a.text.split_once("->").or_else(|| a.text.split_once('→')) {
                    Some((l, r)) => (l.trim().to_string(), Some(r.trim().to_string())),
                    None => {
                        problems.push((
                            a.offset,
                            format!("matching item `{}` has no `->`", a.text),
                            "write each pair as: - term -> its match".into(),
                        ));
                        (a.text.clone(), None)
                    }
                }
            } else {
                (a.text.clone(), None)
            };
            Answer {
                id: letter(i),
                text,
                correct: a.checked == Some(true),
                match_text,
            }
        })
        .collect();
    // A picture alone is an answer; nothing at all is a blank radio button,
    // or, in a fill-in question, an empty answer that counts as right.
    let blank = |a: &AnswerSource| {
        a.text.trim().is_empty()
            && !a.label.iter().any(|(e, _)| {
                matches!(
                    e,
                    Event::Start(Tag::Image { .. }) | Event::Html(_) | Event::InlineHtml(_)
                )
            })
    };
    if let Some(a) = q.answers.iter().find(|a| blank(a)) {
        problems.push((
            a.offset,
            format!("question `{id}` has an empty answer"),
            "write the answer after its checkbox, - [ ] answer, or delete the line".into(),
        ));
    }
    let needs_marks = matches!(
        kind,
        Kind::Single | Kind::Multiple | Kind::TrueFalse | Kind::Fill
    );
    if needs_marks && !q.answers.is_empty() {
        if let Some(a) = q.answers.iter().find(|a| a.checked.is_none()) {
            problems.push((
                a.offset,
                format!("answer `{}` has no checkbox", a.text),
                "start every answer with - [ ] (wrong) or - [x] (right)".into(),
            ));
        }
        if checked == 0 {
            problems.push((
                q.offset,
                format!("question `{id}` has no correct answer"),
                "mark the right answer with [x]: - [x] …".into(),
            ));
        }
    }
    match kind {
        Kind::Single | Kind::TrueFalse if checked > 1 => problems.push((
            q.offset,
            format!("single-choice question `{id}` has {checked} correct answers"),
            "keep one [x], or make it multiple response: {#… .multiple}".into(),
        )),
        Kind::TrueFalse if q.answers.len() != 2 => problems.push((
            q.offset,
            format!("true/false question `{id}` has {} answers", q.answers.len()),
            "give two answers: first the word for true, then the word for false".into(),
        )),
        Kind::Fill if checked != q.answers.len() => problems.push((
            q.offset,
            format!("fill-in question `{id}` has unchecked answers"),
            "every item of a fill-in question is an accepted answer: mark them all [x]".into(),
        )),
        Kind::Matching | Kind::Ordering if q.answers.len() < 2 => problems.push((
            q.offset,
            format!("question `{id}` needs at least two items"),
            "list two or more items".into(),
        )),
        _ => {}
    }
    if problems.is_empty() {
        Ok(Question {
            id,
            kind,
            pool: q.pool.clone(),
            answers,
            line,
        })
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::parse;

    fn questions(md: &str) -> Vec<Result<Question, Vec<QuestionProblem>>> {
        let (events, headings) = parse(md, 0, true).into_parts();
        let (_, _, qs) = extract(events, headings);
        qs.iter().map(|q| interpret(q, 1)).collect()
    }

    #[test]
    fn single_choice_with_feedback() {
        let md = "## Intro\n\n### ? Who? {#q-who}\n\n- [ ] Doctor\n  > Not quite.\n- [x] Case manager\n\n> [!CORRECT]\n> Yes.\n\n> [!INCORRECT]\n> No.\n\nAfter.\n";
        let (events, headings) = parse(md, 0, true).into_parts();
        let (content, content_headings, qs) = extract(events, headings);
        assert_eq!(content_headings.len(), 1);
        assert!(content
            .iter()
            .any(|(e, _)| matches!(e, Event::Html(h) if h.contains("raamat:question:0"))));
        let q = interpret(&qs[0], 1).unwrap();
        assert_eq!(q.kind, Kind::Single);
        assert_eq!(q.correct_ids(), ["b"]);
        assert!(qs[0].feedback_correct.is_some() && qs[0].feedback_incorrect.is_some());
        assert!(!qs[0].answers[0].feedback.is_empty());
    }

    #[test]
    fn feedback_markers_in_any_case_are_feedback() {
        let md = "### ? Kes? {#q-kes}\n\n- [x] Mina\n- [ ] Sina\n\n> [!correct]\n> Jah.\n\n> [!Incorrect]\n> Ei.\n\nEdasi.\n";
        let (events, headings) = parse(md, 0, true).into_parts();
        let (content, _, qs) = extract(events, headings);
        assert!(qs[0].feedback_correct.is_some() && qs[0].feedback_incorrect.is_some());
        assert!(qs[0].unknown_feedback.is_empty());
        let left: String = content
            .iter()
            .filter_map(|(e, _)| match e {
                Event::Text(t) => Some(t.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(left, "Edasi.", "the feedback is not the module's text");
    }

    #[test]
    fn a_mistyped_feedback_marker_is_a_problem_at_its_line_with_a_guess() {
        let md = "### ? Kes? {#q-kes}\n\n- [x] Mina\n- [ ] Sina\n\n> [!CORECT]\n> Jah.\n";
        let problems = questions(md).remove(0).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        let (at, message, hint) = &problems[0];
        assert_eq!(&md[*at..*at + 11], "> [!CORECT]");
        assert!(message.contains("`[!CORECT]`"), "{message}");
        assert!(hint.starts_with("did you mean [!CORRECT]?"), "{hint}");
    }

    #[test]
    fn a_quote_or_a_callout_after_the_answers_is_the_modules_text() {
        for after in [
            "> Tsitaat.\n",
            "> [!TIP]\n> Nõuanne.\n",
            "> [!tip]\n> Nõuanne.\n",
        ] {
            let md = format!("### ? Kes? {{#q-kes}}\n\n- [x] Mina\n- [ ] Sina\n\n{after}");
            assert!(questions(&md).remove(0).is_ok(), "{after}");
        }
    }

    #[test]
    fn an_empty_answer_is_a_problem_at_its_line_but_a_picture_is_an_answer() {
        for (md, empty) in [
            ("### ? Kes? {#q}\n\n- [x] Mina\n- [ ]\n", "- [ ]"),
            ("### ? Kes? {#q}\n\n- [x]\n- [ ] Sina\n", "- [x]"),
            ("### ? Mitu? {#q .fill}\n\n- [x] kolm\n- [x] \n", "- [x] "),
        ] {
            let problems = questions(md).remove(0).unwrap_err();
            assert_eq!(problems.len(), 1, "{md}: {problems:?}");
            let (at, message, _) = &problems[0];
            assert_eq!(&md[*at..*at + empty.len()], empty, "{md}");
            assert!(message.contains("empty answer"), "{message}");
        }
        let md = "### ? Kes? {#q}\n\n- [x] ![Mina](mina.png)\n- [ ] Sina\n";
        assert!(questions(md).remove(0).is_ok());
    }

    #[test]
    fn headings_inside_feedback_stay_with_their_question() {
        let md = "## Algus\n\n### ? Kes? {#q-kes}\n\n- [x] Mina\n  > #### Vihje vastuses\n- [ ] Sina\n\n> [!CORRECT]\n> #### Hästi\n> Õige.\n\n## Lõpp {#lopp}\n";
        let (events, headings) = parse(md, 0, true).into_parts();
        let (_, content_headings, qs) = extract(events, headings);
        let ids: Vec<&str> = content_headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["algus", "lopp"]);
        assert_eq!(qs.len(), 1);
        assert!(qs[0].feedback_correct.is_some());
    }

    #[test]
    fn kinds_are_inferred_or_declared() {
        let md = "### ? Pick {#q-m}\n\n- [x] a\n- [x] b\n- [ ] c\n\n### ? Order {#q-o}\n\n1. first\n2. second\n\n### ? Match {#q-p}\n\n- A -> 1\n- B → 2\n\n### ? Blank ___ {#q-f .fill}\n\n- [x] kümme\n- [x] 10\n";
        let kinds: Vec<Kind> = questions(md).into_iter().map(|q| q.unwrap().kind).collect();
        assert_eq!(
            kinds,
            [Kind::Multiple, Kind::Ordering, Kind::Matching, Kind::Fill]
        );
    }

    #[test]
    fn errors_for_bad_questions() {
        let md = "### ? No right {#q-a}\n\n- [ ] x\n- [ ] y\n\n### ? Two right {#q-b .single}\n\n- [x] x\n- [x] y\n\n### ? No id\n\n- [x] x\n";
        let r = questions(md);
        assert!(r[0].as_ref().unwrap_err()[0]
            .1
            .contains("no correct answer"));
        assert!(r[1].as_ref().unwrap_err()[0]
            .1
            .contains("2 correct answers"));
        assert!(r[2].as_ref().unwrap_err()[0].1.contains("no id"));
    }
}
