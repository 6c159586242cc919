//! A Markdown file as translation units: the front matter title and
//! description, then one unit per leaf block (heading, paragraph, list item,
//! table cell, footnote, quote — so also a question, its answers and feedback).
//! A unit is text and inline codes: the Markdown around emphasis, links and
//! images, and whole pieces such as inline code, footnote references, `{#id}`
//! stays outside every unit. Writing a translation back puts each unit's text
//! where the original's was, so the file keeps the original's structure.

use crate::diagnostics::LineIndex;
use crate::markdown::{Event, Tag, TagEnd};
use pulldown_cmark::{LinkType, Parser};
use std::ops::Range;

/// A piece of Markdown a translator must not change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    /// 1-based, in order of appearance in the unit.
    pub id: usize,
    /// A paired code's opening Markdown (`**`, `[`), or a standalone code's whole text.
    pub open: String,
    /// A paired code's closing Markdown (`**`, `](intro.md)`); `None` for a standalone one.
    pub close: Option<String>,
    /// `fmt`, `link`, `image` or `other` (XLIFF's types).
    pub kind: &'static str,
}

impl Code {
    /// Whether a translation may leave it out (emphasis may go; links, images
    /// and standalone pieces may not).
    pub fn can_delete(&self) -> bool {
        self.kind == "fmt"
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    /// A standalone code.
    Ph(usize),
    Open(usize),
    Close(usize),
}

#[derive(Debug, Clone)]
pub struct Unit {
    /// `title`, `description`, `u1`, `u2`, …
    pub id: String,
    /// What it is, for the translator: `heading`, `paragraph`, `list item`, …
    pub kind: &'static str,
    pub line: usize,
    /// Bytes of the file its text replaces; `None` for front matter fields.
    pub range: Option<Range<usize>>,
    pub pieces: Vec<Piece>,
    pub codes: Vec<Code>,
}

impl Unit {
    pub fn code(&self, id: usize) -> Option<&Code> {
        self.codes.iter().find(|c| c.id == id)
    }

    /// The unit's Markdown.
    pub fn markdown(&self) -> String {
        render(&self.pieces, &self.codes)
    }
}

/// Pieces → Markdown with the given codes.
pub fn render(pieces: &[Piece], codes: &[Code]) -> String {
    let code = |id: usize| codes.iter().find(|c| c.id == id);
    let mut out = String::new();
    for p in pieces {
        match p {
            Piece::Text(t) => out.push_str(t),
            Piece::Ph(id) | Piece::Open(id) => {
                out.push_str(code(*id).map_or("", |c| c.open.as_str()));
            }
            Piece::Close(id) => {
                out.push_str(code(*id).and_then(|c| c.close.as_deref()).unwrap_or(""));
            }
        }
    }
    out
}

/// The words of running text in a unit, for the export summary.
pub fn words(unit: &Unit) -> usize {
    unit.pieces
        .iter()
        .map(|p| match p {
            Piece::Text(t) => t.split_whitespace().count(),
            _ => 0,
        })
        .sum()
}

/// A unit being collected from inline events.
struct Open {
    start: usize,
    end: usize,
    cursor: usize,
    after_break: bool,
    pieces: Vec<Piece>,
    codes: Vec<Code>,
    /// Paired codes open now: id and the tag's range.
    stack: Vec<(usize, Range<usize>)>,
    /// A paired code whose opening ends where the next event starts.
    pending: Option<(usize, usize)>,
}

impl Open {
    fn new(start: usize) -> Open {
        Open {
            start,
            end: start,
            cursor: start,
            after_break: false,
            pieces: Vec::new(),
            codes: Vec::new(),
            stack: Vec::new(),
            pending: None,
        }
    }

    fn code(&mut self, open: &str, close: Option<String>, kind: &'static str) -> usize {
        let id = self.codes.len() + 1;
        self.codes.push(Code {
            id,
            open: open.to_string(),
            close,
            kind,
        });
        id
    }
}

/// `[!NOTE]`-style markers at the start of a quote (raamat's `[!CORRECT]`).
fn marker_len(rest: &str) -> Option<usize> {
    let inner = rest.strip_prefix("[!")?;
    let close = inner.find(']')?;
    let name = &inner[..close];
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut len = 2 + close + 1;
    let after = &rest[len..];
    let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
    len += spaces;
    if rest[len..].starts_with("\r\n") {
        len += 2;
    } else if rest[len..].starts_with('\n') {
        len += 1;
    }
    Some(len)
}

fn tag_kind(tag: &Tag) -> Option<&'static str> {
    match tag {
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough => Some("fmt"),
        Tag::Link { .. } => Some("link"),
        Tag::Image { .. } => Some("image"),
        _ => None,
    }
}

fn is_inline_end(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image
    )
}

/// The units of a Markdown file with front matter; `None` if it has none.
pub fn units(text: &str) -> Option<Vec<Unit>> {
    let parts = crate::source::provenance::parts(text)?;
    let body_offset = text.len() - parts.body.len();
    let lines = LineIndex::new(text);
    let mut out = Vec::new();
    for (id, value) in [("title", &parts.title), ("description", &parts.description)] {
        if !value.trim().is_empty() {
            let line = text
                .lines()
                .position(|l| l.trim_start().starts_with(id))
                .map_or(1, |i| i + 1);
            out.push(Unit {
                id: id.into(),
                kind: if id == "title" {
                    "title"
                } else {
                    "description"
                },
                line,
                range: None,
                pieces: vec![Piece::Text(value.trim().to_string())],
                codes: Vec::new(),
            });
        }
    }
    let mut blocks: Vec<&'static str> = Vec::new();
    let mut current: Option<Open> = None;
    let mut marker_end = 0usize;
    let mut skip_depth = 0usize;
    let mut in_code = false;
    let mut n = 0usize;
    let mut finish = |open: Option<Open>, blocks: &[&'static str], out: &mut Vec<Unit>| {
        let Some(o) = open else { return };
        if let Some(unit) = finish_unit(o, blocks, text, &lines, &mut n) {
            out.push(unit);
        }
    };
    let parser = Parser::new_ext(parts.body, crate::markdown::options(false));
    for (event, r) in parser.into_offset_iter() {
        let r = r.start + body_offset..r.end + body_offset;
        if skip_depth > 0 {
            match &event {
                Event::Start(_) => skip_depth += 1,
                Event::End(_) => skip_depth -= 1,
                _ => {}
            }
            if let Some(o) = current.as_mut() {
                o.cursor = o.cursor.max(r.end);
                o.end = o.cursor;
            }
            continue;
        }
        let inline = match &event {
            Event::Start(tag) => tag_kind(tag).is_some(),
            Event::End(end) => is_inline_end(end),
            Event::Text(_) => !in_code,
            Event::Code(_)
            | Event::InlineHtml(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::FootnoteReference(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_) => true,
            Event::TaskListMarker(_) => continue,
            _ => false,
        };
        if !inline {
            finish(current.take(), &blocks, &mut out);
            match &event {
                Event::Start(Tag::CodeBlock(_)) => in_code = true,
                Event::End(TagEnd::CodeBlock) => in_code = false,
                _ => {}
            }
            match &event {
                Event::Start(tag) => blocks.push(match tag {
                    Tag::Heading { .. } => "heading",
                    Tag::TableCell => "table cell",
                    Tag::FootnoteDefinition(_) => "footnote",
                    Tag::Item => "list item",
                    Tag::BlockQuote(_) => "quote",
                    _ => "paragraph",
                }),
                Event::End(_) => {
                    blocks.pop();
                }
                _ => {}
            }
            continue;
        }
        if r.start < marker_end {
            continue;
        }
        if current.is_none() {
            if let Some(len) = marker_len(&text[r.start..]) {
                marker_end = r.start + len;
                if r.end <= marker_end {
                    continue;
                }
            }
            current = Some(Open::new(r.start));
        }
        let o = current.as_mut().expect("opened above");
        if let Some((id, start)) = o.pending.take() {
            let is_own_end = matches!(&event, Event::End(_))
                && o.stack.last().is_some_and(|(top, _)| *top == id);
            if is_own_end {
                // Nothing inside: the whole thing is one standalone code.
                let (_, range) = o.stack.pop().expect("checked");
                let whole = &text[range.clone()];
                let c = &mut o.codes[id - 1];
                c.open = whole.to_string();
                c.close = None;
                if let Some(Piece::Open(last)) = o.pieces.last() {
                    if *last == id {
                        o.pieces.pop();
                    }
                }
                o.pieces.push(Piece::Ph(id));
                o.cursor = range.end;
                o.end = o.cursor;
                continue;
            }
            o.codes[id - 1].open = text[start..r.start].to_string();
            o.cursor = r.start;
        } else if r.start > o.cursor {
            let gap = &text[o.cursor..r.start];
            if !o.after_break && !gap.contains('\n') {
                o.pieces.push(Piece::Text(gap.to_string()));
            }
        }
        o.after_break = false;
        match event {
            Event::Text(_) => o.pieces.push(Piece::Text(text[r.clone()].to_string())),
            Event::SoftBreak => {
                o.pieces.push(Piece::Text(" ".into()));
                o.after_break = true;
            }
            Event::HardBreak => {
                let id = o.code(&text[r.clone()], None, "other");
                o.pieces.push(Piece::Ph(id));
                o.after_break = true;
            }
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            }) => {
                let id = o.code(&text[r.clone()], None, "link");
                o.pieces.push(Piece::Ph(id));
                skip_depth = 1;
            }
            Event::Start(tag) => {
                let kind = tag_kind(&tag).expect("inline tag");
                let id = o.code("", Some(String::new()), kind);
                o.pieces.push(Piece::Open(id));
                o.stack.push((id, r.clone()));
                o.pending = Some((id, r.start));
                o.cursor = r.start;
                continue;
            }
            Event::End(_) => {
                if let Some((id, range)) = o.stack.pop() {
                    o.codes[id - 1].close =
                        Some(text[o.cursor.min(range.end)..range.end].to_string());
                    o.pieces.push(Piece::Close(id));
                    o.cursor = range.end;
                    o.end = o.cursor;
                }
                continue;
            }
            _ => {
                let id = o.code(&text[r.clone()], None, "other");
                o.pieces.push(Piece::Ph(id));
            }
        }
        o.cursor = o.cursor.max(r.end);
        o.end = o.cursor;
    }
    finish(current.take(), &blocks, &mut out);
    Some(out)
}

/// Merges text, trims it at both ends, protects question marks, blanks and
/// matching arrows, and names the unit.
fn finish_unit(
    o: Open,
    blocks: &[&'static str],
    text: &str,
    lines: &LineIndex,
    n: &mut usize,
) -> Option<Unit> {
    let mut codes = o.codes;
    let mut pieces: Vec<Piece> = Vec::new();
    for p in o.pieces {
        match (pieces.last_mut(), p) {
            (Some(Piece::Text(prev)), Piece::Text(t)) => prev.push_str(&t),
            (_, p) => pieces.push(p),
        }
    }
    if let Some(Piece::Text(t)) = pieces.first_mut() {
        *t = t.trim_start().to_string();
    }
    if let Some(Piece::Text(t)) = pieces.last_mut() {
        *t = t.trim_end().to_string();
    }
    pieces.retain(|p| !matches!(p, Piece::Text(t) if t.is_empty()));
    let has_text = pieces
        .iter()
        .any(|p| matches!(p, Piece::Text(t) if t.chars().any(char::is_alphanumeric)))
        || codes.iter().any(|c| c.kind == "image" && c.close.is_some());
    if !has_text {
        return None;
    }
    // The innermost block that says more than "paragraph".
    let mut kind = blocks
        .iter()
        .rev()
        .find(|b| **b != "paragraph")
        .copied()
        .unwrap_or("paragraph");
    if blocks.contains(&"footnote") {
        kind = "footnote";
    }
    // Pieces of Markdown inside text that raamat reads: `? ` opening a
    // question heading, `___` blanks, `->` between matching pairs.
    let mut protected: Vec<Piece> = Vec::new();
    let mut start = o.start;
    for (i, p) in pieces.into_iter().enumerate() {
        let Piece::Text(t) = p else {
            protected.push(p);
            continue;
        };
        let mut rest = t.as_str();
        if i == 0 && kind == "heading" && rest.starts_with("? ") {
            // The question mark makes the heading a question: it stays
            // outside the unit, like the heading's `{#id}`.
            kind = "question";
            let after = rest[1..].trim_start();
            start += rest.len() - after.len();
            rest = after;
        }
        let mut buf = String::new();
        while !rest.is_empty() {
            let special = ["___", " -> ", " → "]
                .iter()
                .filter_map(|s| rest.find(s).map(|at| (at, *s)))
                .min();
            let Some((at, s)) = special else {
                buf.push_str(rest);
                break;
            };
            let len = if s == "___" {
                s.len() + rest[at + 3..].len() - rest[at + 3..].trim_start_matches('_').len()
            } else {
                s.len()
            };
            buf.push_str(&rest[..at]);
            if !buf.is_empty() {
                protected.push(Piece::Text(std::mem::take(&mut buf)));
            }
            let id = codes.len() + 1;
            codes.push(Code {
                id,
                open: rest[at..at + len].to_string(),
                close: None,
                kind: "other",
            });
            protected.push(Piece::Ph(id));
            rest = &rest[at + len..];
        }
        if !buf.is_empty() {
            protected.push(Piece::Text(buf));
        }
    }
    *n += 1;
    Some(Unit {
        id: format!("u{n}"),
        kind,
        line: lines.line_col(text, start).0,
        range: Some(start..o.end),
        pieces: protected,
        codes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODULE: &str = "+++\ntitle = \"Hindamine\"\ndescription = \"Esimene kohtumine\"\n+++\n\n## Hindamise *eesmärk* {#eesmark}\n\nVaata [peatükki](@/handbook/hindamine.md#riskid) ja\n**olulist** teksti`koodi`.[^1]\n\n- [ ] Perearst\n  > Perearst kuulub võrgustikku.\n- [x] Juhtumikorraldaja\n\n### ? Käsiraamatus on ___ riskitaset. {#q-riskid .fill}\n\n> [!CORRECT]\n> Õige! Kolm.\n\n| Tase | Tunnus |\n|---|---|\n| Madal | Stabiilne |\n\n![Skeem](media/a.svg)\n\n```\nkood jääb\n```\n\n[^1]: Allikas.\n";

    #[test]
    fn blocks_become_units_with_protected_markdown() {
        let us = units(MODULE).unwrap();
        let md: Vec<(String, &str)> = us.iter().map(|u| (u.markdown(), u.kind)).collect();
        let expect = [
            ("Hindamine", "title"),
            ("Esimene kohtumine", "description"),
            ("Hindamise *eesmärk*", "heading"),
            ("Vaata [peatükki](@/handbook/hindamine.md#riskid) ja **olulist** teksti`koodi`.[^1]", "paragraph"),
            ("Perearst", "list item"),
            ("Perearst kuulub võrgustikku.", "quote"),
            ("Juhtumikorraldaja", "list item"),
            ("Käsiraamatus on ___ riskitaset.", "question"),
            ("Õige! Kolm.", "quote"),
            ("Tase", "table cell"),
            ("Tunnus", "table cell"),
            ("Madal", "table cell"),
            ("Stabiilne", "table cell"),
            ("![Skeem](media/a.svg)", "paragraph"),
            ("Allikas.", "footnote"),
        ];
        let got: Vec<(&str, &str)> = md.iter().map(|(m, k)| (m.as_str(), *k)).collect();
        assert_eq!(got, expect);
        // Every body unit's range holds its Markdown (line breaks aside).
        for u in us.iter().filter(|u| u.range.is_some()) {
            let raw = &MODULE[u.range.clone().unwrap()];
            let flat: String = raw.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(flat, u.markdown(), "{}", u.id);
        }
        let p = &us[3];
        let link = p.codes.iter().find(|c| c.kind == "link").unwrap();
        assert_eq!(link.open, "[");
        assert_eq!(
            link.close.as_deref(),
            Some("](@/handbook/hindamine.md#riskid)")
        );
        assert!(p.pieces.contains(&Piece::Text("peatükki".into())));
        let q = &us[7];
        assert!(MODULE[..q.range.clone().unwrap().start].ends_with("### ? "));
        assert!(q.codes.iter().any(|c| c.open == "___"));
        let image = &us[13];
        assert_eq!(image.pieces[1], Piece::Text("Skeem".into()));
    }
}
