//! Replaces the typographic quotes that smart punctuation produces (“ ” ‘ ’)
//! with the page language's marks: double quotes alternate the outer and the
//! nested pair, single quotes take the nested pair.
//!
//! Smart punctuation pairs quotes by itself and gets nesting wrong: in
//! `"Ta ütles "jah" ja läks".` the last mark comes out as an opening one. So
//! each mark is decided again here from the characters on both sides of it,
//! which may be in the text events before and after its own.

use pulldown_cmark::{Event, Tag, TagEnd};

/// Replaces the quotes of every text in `events`, whose marks are `marks`:
/// the outer pair, then the nested pair (a language may give only the outer).
pub fn localize(events: &mut [Event<'_>], marks: &[String]) {
    if marks.len() < 2 {
        return;
    }
    // The language's opening marks, which smart punctuation never makes: a
    // block that has one was written with the language's quotes by hand
    // (`„Ta ütles ‚jah‘“`), and is left as it is.
    let typed: Vec<char> = [&marks[0], marks.get(2).unwrap_or(&marks[0])]
        .iter()
        .filter_map(|m| m.chars().next())
        .filter(|c| !"“‘".contains(*c))
        .collect();
    let mut start = 0;
    while start < events.len() {
        // A block: up to the next start of one. An unclosed quote does not
        // leak into the next.
        let end = start
            + 1
            + events[start + 1..]
                .iter()
                .position(starts_block)
                .unwrap_or(events.len() - start - 1);
        let has = |marks: &[char]| {
            events[start..end]
                .iter()
                .any(|e| matches!(e, Event::Text(t) if t.contains(marks)))
        };
        // Most blocks have no quotes: those are not read again.
        if has(&['“', '”', '‘', '’']) && !has(&typed) {
            let mut style = QuoteStyle {
                marks,
                depth: 0,
                open_singles: 0,
            };
            for i in start..end {
                if let Event::Text(t) = &events[i] {
                    if t.contains(['“', '”', '‘', '’']) {
                        let before = char_before(events, i);
                        let after = char_after(events, i);
                        let text = style.apply(t, before, after);
                        events[i] = Event::Text(text.into());
                    }
                }
            }
        }
        start = end;
    }
}

/// Whether `e` starts a block, in which quotes are counted afresh.
fn starts_block(e: &Event<'_>) -> bool {
    matches!(
        e,
        Event::Start(
            Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::TableCell | Tag::BlockQuote(_),
        )
        // raamat writes some blocks' tags (headings, callouts) as HTML.
        | Event::Html(_)
    )
}

struct QuoteStyle<'a> {
    marks: &'a [String],
    /// Double quotes open in this block.
    depth: usize,
    /// Single quotes open in this block (a closing `’` that closes none is
    /// an apostrophe).
    open_singles: usize,
}

/// Which way a mark faces.
#[derive(Clone, Copy, PartialEq)]
enum Side {
    Open,
    Close,
}

impl QuoteStyle<'_> {
    /// `text` with its marks replaced; `before` and `after` are the characters
    /// next to it (none: the edge of the block).
    fn apply(&mut self, text: &str, before: Option<char>, after: Option<char>) -> String {
        let chars: Vec<char> = text.chars().collect();
        let nested = self.marks.len() >= 4;
        let mut out = String::with_capacity(text.len() + 8);
        for (i, &c) in chars.iter().enumerate() {
            let prev = if i == 0 { before } else { Some(chars[i - 1]) };
            let next = chars.get(i + 1).copied().or(after);
            match c {
                '“' | '”' => {
                    let given = if c == '“' { Side::Open } else { Side::Close };
                    if side(prev, next).unwrap_or(given) == Side::Open {
                        let m = if nested && self.depth % 2 == 1 { 2 } else { 0 };
                        out.push_str(&self.marks[m]);
                        self.depth += 1;
                    } else {
                        self.depth = self.depth.saturating_sub(1);
                        let m = if nested && self.depth % 2 == 1 { 3 } else { 1 };
                        out.push_str(&self.marks[m]);
                    }
                }
                '‘' | '’' if nested => {
                    let given = if c == '‘' { Side::Open } else { Side::Close };
                    let apostrophe = prev.is_some_and(char::is_alphanumeric)
                        && next.is_some_and(char::is_alphanumeric);
                    match side(prev, next).unwrap_or(given) {
                        _ if apostrophe => out.push('’'),
                        Side::Open => {
                            out.push_str(&self.marks[2]);
                            self.open_singles += 1;
                        }
                        Side::Close if self.open_singles > 0 => {
                            out.push_str(&self.marks[3]);
                            self.open_singles -= 1;
                        }
                        Side::Close => out.push('’'),
                    }
                }
                c => out.push(c),
            }
        }
        out
    }
}

/// Which way a quote between `prev` and `next` faces, when its neighbours
/// tell: after a space or an opening bracket and before a word, it opens;
/// after a word and before a space or punctuation, it closes.
fn side(prev: Option<char>, next: Option<char>) -> Option<Side> {
    let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let opens_after = |c: Option<char>| space(c) || c.is_some_and(|c| "([{—–-/„«‚“‘".contains(c));
    let closes_before =
        |c: Option<char>| space(c) || c.is_some_and(|c| ".,;:!?)]}…—–-/»”’“‘".contains(c));
    let open = opens_after(prev) && !space(next);
    let close = !space(prev) && closes_before(next);
    match (open, close) {
        (true, false) => Some(Side::Open),
        (false, true) => Some(Side::Close),
        _ => None,
    }
}

/// The character just before event `i` within its block: texts count, inline
/// tags and HTML are passed over, a line break is a space.
fn char_before(events: &[Event<'_>], i: usize) -> Option<char> {
    events[..i]
        .iter()
        .rev()
        .find_map(|e| neighbour(e, |t| t.chars().next_back()))?
}

/// The character just after event `i` within its block.
fn char_after(events: &[Event<'_>], i: usize) -> Option<char> {
    events[i + 1..]
        .iter()
        .find_map(|e| neighbour(e, |t| t.chars().next()))?
}

/// What an event says of the character next to a text: `Some(Some(c))` a
/// character, `Some(None)` the edge of the block, `None` look further.
fn neighbour(e: &Event<'_>, end: impl Fn(&str) -> Option<char>) -> Option<Option<char>> {
    match e {
        Event::Text(t) | Event::Code(t) => end(t).map(Some),
        Event::SoftBreak | Event::HardBreak => Some(Some(' ')),
        Event::InlineHtml(_) | Event::FootnoteReference(_) => None,
        Event::Start(tag) if is_inline(tag) => None,
        Event::End(tag) if is_inline_end(tag) => None,
        _ => Some(None),
    }
}

fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
    )
}

fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image
    )
}

#[cfg(test)]
mod tests {
    use super::localize;
    use pulldown_cmark::{Event, Options, Parser};

    fn marks(m: &[&str]) -> Vec<String> {
        m.iter().map(|s| s.to_string()).collect()
    }

    /// The texts of `markdown` as raamat writes them in a language of `m`.
    fn quoted(markdown: &str, m: &[&str]) -> String {
        let mut events: Vec<Event> =
            Parser::new_ext(markdown, Options::ENABLE_SMART_PUNCTUATION).collect();
        localize(&mut events, &marks(m));
        events
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) => Some(t.to_string()),
                Event::SoftBreak => Some(" ".into()),
                _ => None,
            })
            .collect()
    }

    const ET: &[&str] = &["„", "“", "‚", "‘"];
    const RU: &[&str] = &["«", "»", "„", "“"];

    #[test]
    fn estonian_and_russian_marks() {
        assert_eq!(quoted("\"Tere\"", ET), "„Tere“");
        assert_eq!(quoted("\"Он сказал \"да\"\"", RU), "«Он сказал „да“»");
        assert_eq!(quoted("\"Tere\"", &["„", "“"]), "„Tere“");
    }

    #[test]
    fn a_quote_after_a_nested_one_closes_the_outer_one() {
        assert_eq!(
            quoted("\"Ta ütles \"jah\" ja läks\".", ET),
            "„Ta ütles ‚jah‘ ja läks“."
        );
        assert_eq!(
            quoted("\"Он сказал \"да\" и ушёл\".", RU),
            "«Он сказал „да“ и ушёл»."
        );
        assert_eq!(
            quoted("Pealkiri \"Raamat \"Kevade\"\" on hea.", ET),
            "Pealkiri „Raamat ‚Kevade‘“ on hea."
        );
    }

    #[test]
    fn single_quotes_take_the_nested_pair_and_apostrophes_stay() {
        assert_eq!(quoted("\"tere 'maailm'\"", ET), "„tere ‚maailm‘“");
        assert_eq!(quoted("\"привет 'мир'\"", RU), "«привет „мир“»");
        assert_eq!(quoted("KOV'ile ja MARAC'i", ET), "KOV’ile ja MARAC’i");
        assert_eq!(quoted("1990'ndad", ET), "1990’ndad");
    }

    #[test]
    fn marks_next_to_emphasis_and_line_breaks_face_the_right_way() {
        assert_eq!(quoted("\"*jah*\" ütles ta", ET), "„jah“ ütles ta");
        assert_eq!(quoted("ta ütles\n\"jah\"", ET), "ta ütles „jah“");
        assert_eq!(quoted("(\"jah\")", ET), "(„jah“)");
    }

    #[test]
    fn quotes_typed_in_the_languages_own_marks_stay_as_typed() {
        assert_eq!(
            quoted("„Ta ütles ‚jah‘ ja läks“.", ET),
            "„Ta ütles ‚jah‘ ja läks“."
        );
        assert_eq!(quoted("«Он сказал „да“»", RU), "«Он сказал „да“»");
        // Another block is not affected.
        assert_eq!(quoted("„Tere“\n\n\"Head aega\"", ET), "„Tere“„Head aega“");
    }

    #[test]
    fn an_unclosed_quote_does_not_leak_into_the_next_paragraph() {
        assert_eq!(quoted("\"Tere\n\n\"Head aega\"", ET), "„Tere„Head aega“");
    }
}
