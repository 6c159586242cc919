//! Markdown → HTML with raamat's extensions: heading ids and self-links, callouts,
//! language-correct quotation marks, source-path links. Each file is parsed once
//! ([`parse`]); the event list is then rendered ([`render`]) after every file's
//! headings are known, so links to `#anchors` in other files can be checked.

mod events;
mod quotes;
mod render;
mod text;
pub use events::lent;
use events::Events;
pub use text::{text_sections, TextSection};

pub use pulldown_cmark::{Event, Tag, TagEnd};
pub use render::{render, render_events, LinkResolver, Problem, RenderOptions, Resolved};

use crate::diagnostics::closest;
use crate::i18n::slug::slugify;
use pulldown_cmark::{Options, Parser};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

/// A heading of a page, for anchors and the page's table of contents.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// A parsed Markdown body: events with their byte offset in the source file.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    events: Events,
    /// Shared with the model's version of the page (its table of contents).
    pub headings: Arc<[Heading]>,
    /// Other link targets in the page (footnotes).
    extra_ids: Vec<String>,
    /// Words of running text, counted while parsing (see [`count_words`]).
    words: usize,
    /// Errors found while parsing (a fixed heading id used twice), at byte
    /// offsets of the file; [`render`] reports them with its own.
    problems: Vec<(usize, Problem)>,
}

impl Parsed {
    /// The events with their byte offsets, as owned events (for a body that is
    /// cut into parts, a course module's), and the headings in event order.
    pub fn into_parts(self) -> (Vec<(Event<'static>, usize)>, Vec<Heading>) {
        let events = self
            .events
            .iter()
            .map(|(e, at)| (e.into_static(), at))
            .collect();
        (events, self.headings.to_vec())
    }

    /// Errors found while parsing, at byte offsets of the file: for a body
    /// cut into parts, which [`render`] does not report.
    pub fn problems(&self) -> &[(usize, Problem)] {
        &self.problems
    }

    /// The events in order, with their byte offsets in the file.
    pub fn events(&self) -> impl Iterator<Item = (Event<'_>, usize)> + '_ {
        self.events.iter()
    }

    /// The whole file the body was parsed from, front matter included.
    pub fn source(&self) -> &str {
        self.events.source()
    }

    /// Link targets besides headings (footnote definitions).
    pub fn extra_ids(&self) -> &[String] {
        &self.extra_ids
    }
}

pub(crate) fn options(smart_punctuation: bool) -> Options {
    let mut o = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM;
    if smart_punctuation {
        o |= Options::ENABLE_SMART_PUNCTUATION;
    }
    o
}

/// Heading ids given so far, and for each base the next number to try, so
/// that giving n ids takes time linear in n (4 000 equal headings included).
#[derive(Default)]
struct UsedIds {
    taken: HashSet<String>,
    next: HashMap<String, usize>,
}

/// `base`, or `base-1`, `base-2`, … whichever is still free.
fn unique_id(used: &mut UsedIds, base: String) -> String {
    if used.taken.insert(base.clone()) {
        return base;
    }
    let n = used.next.entry(base.clone()).or_insert(1);
    loop {
        let id = format!("{base}-{n}");
        *n += 1;
        if used.taken.insert(id.clone()) {
            return id;
        }
    }
}

/// Words of running text in `events` (what translators would translate).
pub fn count_words<'e>(events: impl IntoIterator<Item = (Event<'e>, usize)>) -> usize {
    events.into_iter().map(|(e, _)| words_in(&e)).sum()
}

/// Words of running text in one event: those of a text.
fn words_in(event: &Event) -> usize {
    match event {
        Event::Text(t) => t.split_whitespace().count(),
        _ => 0,
    }
}

impl Parsed {
    /// Words of running text (see [`count_words`]).
    pub fn words(&self) -> usize {
        self.words
    }
}

/// Parses the body of the file `text`, which starts at byte `offset`.
pub fn parse(text: &str, offset: usize, smart_punctuation: bool) -> Parsed {
    parse_owned(text.to_string(), offset, smart_punctuation)
}

/// Like [`parse`], keeping `text` itself in the parsed body.
pub fn parse_owned(text: String, offset: usize, smart_punctuation: bool) -> Parsed {
    let body = text.get(offset..).unwrap_or("");
    let mut events = events::Builder::new(&text);
    let mut extra_ids = Vec::new();
    let mut current: Option<FoundHeading> = None;
    let mut found = Vec::new();
    let mut words = 0;
    let mut footnotes = Vec::new();
    // Running text as written (not code), neighbouring texts joined: where
    // an undefined footnote is looked for, in a body that may have one.
    let mut prose: Vec<Range<usize>> = Vec::new();
    let footnote_like = body.contains("[^");
    let mut in_code = false;
    for (event, range) in Parser::new_ext(body, options(smart_punctuation)).into_offset_iter() {
        words += words_in(&event);
        match &event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(_) if footnote_like && !in_code => match prose.last_mut() {
                Some(last) if last.end == range.start => last.end = range.end,
                _ => prose.push(range.clone()),
            },
            _ => {}
        }
        match &event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                current = Some(FoundHeading {
                    level: *level as u8,
                    fixed: id.as_ref().map(|s| s.to_string()),
                    text: String::new(),
                    at: offset + range.start,
                });
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = current.as_mut() {
                    h.text.push_str(t);
                }
            }
            Event::End(TagEnd::Heading(_)) => found.extend(current.take()),
            Event::Start(Tag::FootnoteDefinition(name)) => {
                extra_ids.push(format!("fn-{}", slugify(name)));
                footnotes.push(name.to_string());
            }
            _ => {}
        }
        events.push(event, offset + range.start);
    }
    let (headings, mut problems) = give_ids(found, &text);
    problems.extend(undefined_footnotes(body, offset, &prose, &footnotes));
    let events = events.finish();
    Parsed {
        events: events.join(text),
        headings: headings.into(),
        extra_ids,
        words,
        problems,
    }
}

/// References to footnotes that have no definition, which pulldown-cmark
/// leaves as the text `[^name]`: found in `prose`, ranges of `body` (which
/// starts at byte `offset` of the file). `\[^name]` is text on purpose.
fn undefined_footnotes(
    body: &str,
    offset: usize,
    prose: &[Range<usize>],
    defined: &[String],
) -> Vec<(usize, Problem)> {
    let mut problems = Vec::new();
    for range in prose {
        let text = &body[range.clone()];
        for (i, _) in text.match_indices("[^") {
            let at = range.start + i;
            let Some((name, _)) = text[i + 2..].split_once(']') else {
                continue;
            };
            if body[..at].ends_with('\\')
                || name.is_empty()
                || name.contains(|c: char| c.is_whitespace() || c == '[')
            {
                continue;
            }
            // Numbered footnotes are all close to each other: no guess for those.
            let near = closest(name, defined.iter().map(String::as_str))
                .filter(|_| name.chars().count() > 2);
            let hint = match near {
                Some(near) => format!("did you mean [^{near}]?"),
                None => format!(
                    "add its text on a line of its own: [^{name}]: …; or, if it is not a footnote, write \\[^{name}]"
                ),
            };
            problems.push((
                offset + at,
                Problem {
                    message: format!("footnote `[^{name}]` has no definition"),
                    hint: Some(hint),
                },
            ));
        }
    }
    problems
}

/// A heading as the parser met it, before it has its id.
struct FoundHeading {
    level: u8,
    /// The id the author gave it (`{#id}`).
    fixed: Option<String>,
    text: String,
    /// Byte offset in the file.
    at: usize,
}

/// Gives each heading its id: a fixed one as written (a made one never takes
/// it), else one made from its text, numbered when another heading has it. A
/// fixed id used again is an error: it would have to change, and links to it
/// in every language with it.
fn give_ids(found: Vec<FoundHeading>, text: &str) -> (Vec<Heading>, Vec<(usize, Problem)>) {
    let mut used = UsedIds::default();
    let mut first_at: HashMap<&str, usize> = HashMap::new();
    let mut problems = Vec::new();
    for h in &found {
        let Some(id) = &h.fixed else { continue };
        match first_at.get(id.as_str()) {
            None => {
                first_at.insert(id, h.at);
                used.taken.insert(id.clone());
            }
            Some(&first) => {
                let line = text[..first].matches('\n').count() + 1;
                problems.push((
                    h.at,
                    Problem {
                        message: format!(
                            "the heading id `{id}` is already the id of the heading at line {line}"
                        ),
                        hint: Some(
                            "give this heading another id, and its translations the same one"
                                .into(),
                        ),
                    },
                ));
            }
        }
    }
    let headings = found
        .iter()
        .map(|h| {
            let id = match &h.fixed {
                Some(id) if first_at[id.as_str()] == h.at => id.clone(),
                Some(id) => unique_id(&mut used, id.clone()),
                None => {
                    let s = slugify(&h.text);
                    unique_id(&mut used, if s.is_empty() { "section".into() } else { s })
                }
            };
            Heading {
                level: h.level,
                id,
                text: h.text.trim().to_string(),
            }
        })
        .collect();
    (headings, problems)
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn a_footnote_without_a_definition_is_an_error_at_its_place() {
        let text = "+++\n+++\nÜks[^puudub], teine[^allikas], kolmas[^alikas] ja [^3].\n\n\
                    `[^kood]`, \\[^tekst], [^ noot] ja [^\n\n```\n[^plokk]\n```\n\n[^allikas]: Allikas.\n";
        let parsed = parse(text, 8, true);
        let found: Vec<(usize, &str, &str)> = parsed
            .problems
            .iter()
            .map(|(at, p)| (*at, p.message.as_str(), p.hint.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            found,
            [
                (
                    text.find("[^puudub]").unwrap(),
                    "footnote `[^puudub]` has no definition",
                    "add its text on a line of its own: [^puudub]: …; or, if it is not a footnote, write \\[^puudub]"
                ),
                (
                    text.find("[^alikas]").unwrap(),
                    "footnote `[^alikas]` has no definition",
                    "did you mean [^allikas]?"
                ),
                (
                    text.find("[^3]").unwrap(),
                    "footnote `[^3]` has no definition",
                    "add its text on a line of its own: [^3]: …; or, if it is not a footnote, write \\[^3]"
                ),
            ]
        );
    }

    #[test]
    fn equal_headings_get_numbered_ids_in_linear_time() {
        let body = "## Kokkuvõte\n\n".repeat(4000) + "## Kokkuvote 1\n";
        let start = std::time::Instant::now();
        let parsed = parse(&body, 0, true);
        let ids: Vec<&str> = parsed.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(&ids[..3], ["kokkuvote", "kokkuvote-1", "kokkuvote-2"]);
        assert_eq!(ids[3999], "kokkuvote-3999");
        assert_eq!(
            ids[4000], "kokkuvote-1-1",
            "a later heading never reuses an id"
        );
        let distinct: std::collections::HashSet<_> = ids.iter().collect();
        assert_eq!(distinct.len(), ids.len());
        // Quadratic-or-worse id search took 23 s here; linear takes milliseconds.
        assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
    }
}
