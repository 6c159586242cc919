//! Plain text of a parsed body by heading section, for what reads text rather than HTML
//! (the search index).

use super::{Event, Heading, Parsed, Tag, TagEnd};

/// The text under one heading (or before the first one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextSection {
    /// The heading's id and text; `None` for the text before the first heading.
    pub heading: Option<(String, String)>,
    pub text: String,
}

impl Parsed {
    /// The body's text split at its headings, in order. Raw HTML is left out.
    pub fn text_sections(&self) -> Vec<TextSection> {
        text_sections(self.events(), &self.headings)
    }
}

/// Like [`Parsed::text_sections`], for a part of a parsed file: `headings`
/// match its heading events in order.
pub fn text_sections<'e>(
    events: impl IntoIterator<Item = (Event<'e>, usize)>,
    headings: &[Heading],
) -> Vec<TextSection> {
    let mut out = vec![TextSection {
        heading: None,
        text: String::new(),
    }];
    let mut headings = headings.iter();
    let mut in_heading = false;
    // White space is collapsed as the text is gathered: a space is owed after
    // white space and written only before the next word.
    let mut space = false;
    for (event, _) in events {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                in_heading = true;
                space = false;
                let h = headings.next();
                out.push(TextSection {
                    heading: h.map(|h| (h.id.clone(), h.text.clone())),
                    text: String::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(t) | Event::Code(t) if !in_heading => {
                let text = &mut out.last_mut().expect("a section").text;
                gather(&t, text, &mut space);
            }
            Event::SoftBreak | Event::HardBreak if !in_heading => space = true,
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_),
            ) => space = true,
            _ => {}
        }
    }
    out.retain(|s| s.heading.is_some() || !s.text.is_empty());
    out
}

/// Adds the words of `t` to `text`, white space between them collapsed to
/// one space; `space` says whether a space is owed before the next word.
fn gather(t: &str, text: &mut String, space: &mut bool) {
    let bytes = t.as_bytes();
    let mut word_start = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // White space outside ASCII starts with one of these bytes (U+0085,
        // U+00A0, U+1680, U+2000–U+205F, U+3000); other bytes are read whole.
        let (white, len) = match b {
            b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r' | b' ' => (true, 1),
            0xC2 | 0xE1 | 0xE2 | 0xE3 => {
                let c = t[i..].chars().next().expect("a char starts here");
                (c.is_whitespace(), c.len_utf8())
            }
            _ => (false, 1),
        };
        if white {
            if let Some(start) = word_start.take() {
                push_word(&t[start..i], text, space);
            }
            *space = true;
        } else if word_start.is_none() {
            word_start = Some(i);
        }
        i += len;
    }
    if let Some(start) = word_start {
        push_word(&t[start..], text, space);
    }
}

fn push_word(word: &str, text: &mut String, space: &mut bool) {
    if *space && !text.is_empty() {
        text.push(' ');
    }
    *space = false;
    text.push_str(word);
}

#[cfg(test)]
mod tests {
    use crate::markdown::parse;

    #[test]
    fn text_is_split_at_headings_with_their_ids() {
        let p = parse(
            "Sissejuhatus.\n\n## Riskid {#riskid}\n\nKõrge *risk* ja\nmadal.\n\n- üks\n- kaks\n",
            0,
            true,
        );
        let s = p.text_sections();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].heading, None);
        assert_eq!(s[0].text, "Sissejuhatus.");
        assert_eq!(s[1].heading, Some(("riskid".into(), "Riskid".into())));
        assert_eq!(s[1].text, "Kõrge risk ja madal. üks kaks");
    }

    #[test]
    fn white_space_of_every_kind_is_collapsed_as_a_split_would() {
        let reference = |parts: &[&str]| {
            let (mut text, mut space) = (String::new(), false);
            for t in parts {
                for (i, word) in t.split(char::is_whitespace).enumerate() {
                    space |= i > 0;
                    if word.is_empty() {
                        continue;
                    }
                    if space && !text.is_empty() {
                        text.push(' ');
                    }
                    space = false;
                    text.push_str(word);
                }
            }
            text
        };
        let pieces = [
            "", " ", "\t", "\n\r", "\u{85}", "\u{a0}", "\u{1680}", "\u{2003}", "\u{2028}",
            "\u{202f}", "\u{205f}", "\u{3000}", "\u{200b}", "Õun", "ж", "«x»", "€", "…", "a", "日",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let parts = [format!("{a}{b}{c}"), format!("{c}{a}"), b.to_string()];
                    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
                    let (mut text, mut space) = (String::new(), false);
                    for t in &parts {
                        super::gather(t, &mut text, &mut space);
                    }
                    assert_eq!(text, reference(&parts), "{parts:?}");
                }
            }
        }
    }
}
