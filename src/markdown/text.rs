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
}
