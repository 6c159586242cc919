//! A parsed body kept small. Every page's events stay in memory from load to
//! rendering, so they are not kept as `Event<'static>` (80 bytes each, and a
//! heap string for every longer text): the file's text is kept once, a text
//! event is a span of it, and a tag that carries nothing beyond its end is
//! kept as that end. An event with its offset takes 12 bytes. Reading gives
//! ordinary `Event`s that borrow the text.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Tag, TagEnd};

/// Bytes `start..start + len` of [`Events::text`].
#[derive(Debug, Clone, Copy)]
struct Span {
    start: u32,
    len: u32,
}

impl Span {
    /// A span as an event keeps it: start, and a length of up to 64 KiB.
    fn short(start: u32, len: u16) -> Span {
        Span {
            start,
            len: len.into(),
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Text,
    Code,
    InlineMath,
    DisplayMath,
    Html,
    InlineHtml,
    FootnoteReference,
}

#[derive(Debug, Clone, Copy)]
enum Ev {
    /// A text of up to 64 KiB: its length and start in [`Events::text`]
    /// (8 bytes for the whole event, not 12).
    Str(Kind, u16, u32),
    /// A longer text: an index into [`Events::long`].
    Long(Kind, u32),
    /// The start of a tag that carries nothing its end does not (see [`plain`]).
    Plain(TagEnd),
    /// The start of a heading with an id (`{#id}`) and nothing else: the id's
    /// length and start in [`Events::text`].
    Heading(HeadingLevel, u16, u32),
    /// The start of a tag with data: an index into [`Events::tags`].
    Tag(u32),
    End(TagEnd),
    SoftBreak,
    HardBreak,
    Rule,
    TaskListMarker(bool),
}

/// A file's events, each with its byte offset in the file.
#[derive(Debug, Clone, Default)]
pub struct Events {
    /// The file's text, then texts the parser made itself (decoded entities,
    /// typographic quotes).
    text: String,
    /// Where the file's text ends in `text`.
    file_len: usize,
    list: Vec<(Ev, u32)>,
    tags: Vec<Tag<'static>>,
    long: Vec<Span>,
}

impl Events {
    /// The text of the file the events were parsed from.
    pub fn source(&self) -> &str {
        &self.text[..self.file_len]
    }

    /// The events in order, with their byte offsets in the file.
    pub fn iter(&self) -> impl Iterator<Item = (Event<'_>, usize)> + '_ {
        self.list
            .iter()
            .map(move |&(ev, at)| (self.event(ev), at as usize))
    }

    fn str(&self, s: Span) -> &str {
        let start = s.start as usize;
        self.text.get(start..start + s.len as usize).unwrap_or("")
    }

    fn text_event(&self, kind: Kind, span: Span) -> Event<'_> {
        let s = CowStr::Borrowed(self.str(span));
        match kind {
            Kind::Text => Event::Text(s),
            Kind::Code => Event::Code(s),
            Kind::InlineMath => Event::InlineMath(s),
            Kind::DisplayMath => Event::DisplayMath(s),
            Kind::Html => Event::Html(s),
            Kind::InlineHtml => Event::InlineHtml(s),
            Kind::FootnoteReference => Event::FootnoteReference(s),
        }
    }

    fn event(&self, ev: Ev) -> Event<'_> {
        match ev {
            Ev::Str(kind, len, start) => self.text_event(kind, Span::short(start, len)),
            Ev::Long(kind, i) => self.text_event(kind, self.long[i as usize]),
            Ev::Plain(end) => Event::Start(plain_tag(end)),
            Ev::Heading(level, len, start) => Event::Start(Tag::Heading {
                level,
                id: Some(CowStr::Borrowed(self.str(Span::short(start, len)))),
                classes: Vec::new(),
                attrs: Vec::new(),
            }),
            Ev::Tag(i) => Event::Start(borrow_tag(&self.tags[i as usize])),
            Ev::End(end) => Event::End(end),
            Ev::SoftBreak => Event::SoftBreak,
            Ev::HardBreak => Event::HardBreak,
            Ev::Rule => Event::Rule,
            Ev::TaskListMarker(done) => Event::TaskListMarker(done),
        }
    }
}

/// Collects the events of a parse of `text`.
pub(super) struct Builder<'t> {
    text: &'t str,
    /// Texts that are not a part of `text`.
    extra: String,
    list: Vec<(Ev, u32)>,
    tags: Vec<Tag<'static>>,
    long: Vec<Span>,
}

/// A length or offset as stored: files beyond 4 GiB are not read whole anyway.
fn small(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl<'t> Builder<'t> {
    pub fn new(text: &'t str) -> Self {
        Builder {
            text,
            extra: String::new(),
            list: Vec::new(),
            tags: Vec::new(),
            long: Vec::new(),
        }
    }

    /// `s` as a text event of `kind`.
    fn str(&mut self, kind: Kind, s: &CowStr) -> Ev {
        let span = self.span(s);
        match u16::try_from(span.len) {
            Ok(len) => Ev::Str(kind, len, span.start),
            Err(_) => {
                self.long.push(span);
                Ev::Long(kind, small(self.long.len() - 1))
            }
        }
    }

    /// `tag` as a heading with an id and nothing else, if it is one.
    fn heading(&mut self, tag: &Tag) -> Option<Ev> {
        let Tag::Heading {
            level,
            id: Some(id),
            classes,
            attrs,
        } = tag
        else {
            return None;
        };
        if !classes.is_empty() || !attrs.is_empty() {
            return None;
        }
        let len = u16::try_from(id.len()).ok()?;
        let span = self.span(id);
        Some(Ev::Heading(*level, len, span.start))
    }

    /// Where `s` is: in the file's text when the parser lent it from there.
    fn span(&mut self, s: &CowStr) -> Span {
        if let CowStr::Borrowed(b) = s {
            let (at, base) = (b.as_ptr() as usize, self.text.as_ptr() as usize);
            if at >= base && at + b.len() <= base + self.text.len() {
                return Span {
                    start: small(at - base),
                    len: small(b.len()),
                };
            }
        }
        let start = self.text.len() + self.extra.len();
        self.extra.push_str(s);
        Span {
            start: small(start),
            len: small(s.len()),
        }
    }

    pub fn push(&mut self, event: Event<'_>, offset: usize) {
        let ev = match event {
            Event::Text(s) => self.str(Kind::Text, &s),
            Event::Code(s) => self.str(Kind::Code, &s),
            Event::InlineMath(s) => self.str(Kind::InlineMath, &s),
            Event::DisplayMath(s) => self.str(Kind::DisplayMath, &s),
            Event::Html(s) => self.str(Kind::Html, &s),
            Event::InlineHtml(s) => self.str(Kind::InlineHtml, &s),
            Event::FootnoteReference(s) => self.str(Kind::FootnoteReference, &s),
            Event::Start(tag) => match plain(&tag) {
                Some(end) => Ev::Plain(end),
                None => match self.heading(&tag) {
                    Some(ev) => ev,
                    None => {
                        self.tags.push(tag.into_static());
                        Ev::Tag(small(self.tags.len() - 1))
                    }
                },
            },
            Event::End(end) => Ev::End(end),
            Event::SoftBreak => Ev::SoftBreak,
            Event::HardBreak => Ev::HardBreak,
            Event::Rule => Ev::Rule,
            Event::TaskListMarker(done) => Ev::TaskListMarker(done),
        };
        self.list.push((ev, small(offset)));
    }

    /// The events without the file's text (which the builder only lent).
    pub fn finish(self) -> Unjoined {
        let Builder {
            extra,
            mut list,
            mut tags,
            long,
            ..
        } = self;
        list.shrink_to_fit();
        tags.shrink_to_fit();
        Unjoined {
            extra,
            list,
            tags,
            long,
        }
    }
}

/// Events waiting for the file's text they point into.
pub(super) struct Unjoined {
    extra: String,
    list: Vec<(Ev, u32)>,
    tags: Vec<Tag<'static>>,
    long: Vec<Span>,
}

impl Unjoined {
    /// The events over `text`, the file they were parsed from: moved in, not
    /// copied (every page's text stays in memory until it is rendered).
    pub fn join(self, mut text: String) -> Events {
        let file_len = text.len();
        // Exactly: a `push_str` that grows the text doubles it.
        text.reserve_exact(self.extra.len());
        text.push_str(&self.extra);
        Events {
            text,
            file_len,
            list: self.list,
            tags: self.tags,
            long: self.long,
        }
    }
}

/// The end of `tag` when the end says all the tag does.
fn plain(tag: &Tag) -> Option<TagEnd> {
    match tag {
        Tag::Heading {
            id: None,
            classes,
            attrs,
            ..
        } if classes.is_empty() && attrs.is_empty() => Some(tag.to_end()),
        Tag::List(None)
        | Tag::Paragraph
        | Tag::BlockQuote(_)
        | Tag::HtmlBlock
        | Tag::Item
        | Tag::DefinitionList
        | Tag::DefinitionListTitle
        | Tag::DefinitionListDefinition
        | Tag::TableHead
        | Tag::TableRow
        | Tag::TableCell
        | Tag::Emphasis
        | Tag::Strong
        | Tag::Strikethrough
        | Tag::Superscript
        | Tag::Subscript
        | Tag::MetadataBlock(_) => Some(tag.to_end()),
        _ => None,
    }
}

/// The tag [`plain`] kept as `end`.
fn plain_tag(end: TagEnd) -> Tag<'static> {
    match end {
        TagEnd::Heading(level) => Tag::Heading {
            level,
            id: None,
            classes: Vec::new(),
            attrs: Vec::new(),
        },
        TagEnd::List(_) => Tag::List(None),
        TagEnd::BlockQuote(kind) => Tag::BlockQuote(kind),
        TagEnd::HtmlBlock => Tag::HtmlBlock,
        TagEnd::Item => Tag::Item,
        TagEnd::DefinitionList => Tag::DefinitionList,
        TagEnd::DefinitionListTitle => Tag::DefinitionListTitle,
        TagEnd::DefinitionListDefinition => Tag::DefinitionListDefinition,
        TagEnd::TableHead => Tag::TableHead,
        TagEnd::TableRow => Tag::TableRow,
        TagEnd::TableCell => Tag::TableCell,
        TagEnd::Emphasis => Tag::Emphasis,
        TagEnd::Strong => Tag::Strong,
        TagEnd::Strikethrough => Tag::Strikethrough,
        TagEnd::Superscript => Tag::Superscript,
        TagEnd::Subscript => Tag::Subscript,
        TagEnd::MetadataBlock(kind) => Tag::MetadataBlock(kind),
        TagEnd::Paragraph => Tag::Paragraph,
        // The rest carry data and are never kept plain.
        TagEnd::CodeBlock
        | TagEnd::FootnoteDefinition
        | TagEnd::Table
        | TagEnd::Link
        | TagEnd::Image => Tag::Paragraph,
    }
}

/// `s`, lent.
fn b<'a>(s: &'a CowStr<'_>) -> CowStr<'a> {
    CowStr::Borrowed(s)
}

/// `tag` with its strings lent, not copied.
fn borrow_tag<'a>(tag: &'a Tag<'_>) -> Tag<'a> {
    match tag {
        Tag::Heading {
            level,
            id,
            classes,
            attrs,
        } => Tag::Heading {
            level: *level,
            id: id.as_ref().map(b),
            classes: classes.iter().map(b).collect(),
            attrs: attrs
                .iter()
                .map(|(k, v)| (b(k), v.as_ref().map(b)))
                .collect(),
        },
        Tag::CodeBlock(CodeBlockKind::Fenced(info)) => {
            Tag::CodeBlock(CodeBlockKind::Fenced(b(info)))
        }
        Tag::FootnoteDefinition(name) => Tag::FootnoteDefinition(b(name)),
        Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        } => Tag::Link {
            link_type: *link_type,
            dest_url: b(dest_url),
            title: b(title),
            id: b(id),
        },
        Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        } => Tag::Image {
            link_type: *link_type,
            dest_url: b(dest_url),
            title: b(title),
            id: b(id),
        },
        Tag::CodeBlock(CodeBlockKind::Indented) => Tag::CodeBlock(CodeBlockKind::Indented),
        Tag::Paragraph => Tag::Paragraph,
        Tag::BlockQuote(kind) => Tag::BlockQuote(*kind),
        Tag::HtmlBlock => Tag::HtmlBlock,
        Tag::List(n) => Tag::List(*n),
        Tag::Item => Tag::Item,
        Tag::DefinitionList => Tag::DefinitionList,
        Tag::DefinitionListTitle => Tag::DefinitionListTitle,
        Tag::DefinitionListDefinition => Tag::DefinitionListDefinition,
        Tag::Table(alignments) => Tag::Table(alignments.clone()),
        Tag::TableHead => Tag::TableHead,
        Tag::TableRow => Tag::TableRow,
        Tag::TableCell => Tag::TableCell,
        Tag::Emphasis => Tag::Emphasis,
        Tag::Strong => Tag::Strong,
        Tag::Strikethrough => Tag::Strikethrough,
        Tag::Superscript => Tag::Superscript,
        Tag::Subscript => Tag::Subscript,
        Tag::MetadataBlock(kind) => Tag::MetadataBlock(*kind),
    }
}

/// An event list kept as owned events (a course module's parts), read
/// without copying its texts.
pub fn lent<'a>(events: &'a [(Event<'_>, usize)]) -> impl Iterator<Item = (Event<'a>, usize)> + 'a {
    events.iter().map(|(e, at)| (borrow_event(e), *at))
}

/// `event` with its strings lent, not copied.
fn borrow_event<'a>(event: &'a Event<'_>) -> Event<'a> {
    match event {
        Event::Start(tag) => Event::Start(borrow_tag(tag)),
        Event::End(end) => Event::End(*end),
        Event::Text(s) => Event::Text(b(s)),
        Event::Code(s) => Event::Code(b(s)),
        Event::InlineMath(s) => Event::InlineMath(b(s)),
        Event::DisplayMath(s) => Event::DisplayMath(b(s)),
        Event::Html(s) => Event::Html(b(s)),
        Event::InlineHtml(s) => Event::InlineHtml(b(s)),
        Event::FootnoteReference(s) => Event::FootnoteReference(b(s)),
        Event::SoftBreak => Event::SoftBreak,
        Event::HardBreak => Event::HardBreak,
        Event::Rule => Event::Rule,
        Event::TaskListMarker(done) => Event::TaskListMarker(*done),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};

    /// Every event read back equals the parser's, for a text that has every kind.
    #[test]
    fn events_read_back_as_parsed() {
        let text = "---\nfront\n---\n# Pealkiri\n\n## Osa {#osa .klass}\n\n### Alam {#alam-1}\n\n#### Teine {#te\\\\ine}\n\nTekst *rõhk* **tugev** ~~maha~~ `kood` &amp; \"jutt\" ja <b>html</b>.[^1]\n\
            \n> [!NOTE]\n> Märkus\n\n> tsitaat\n\n1. üks\n2. kaks\n\n- [x] tehtud\n- [ ] tegemata\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n\
            ```rust\nfn main() {}\n```\n\n    taandega\n\n[link](a.md#x \"pealkiri\") ![pilt](p.png)\n\n---\n\n<div>\nplokk\n</div>\n\n[^1]: Allmärkus.\nrida  \nkõva\n";
        let opts = super::super::options(true) | Options::ENABLE_MATH;
        let body = 14;
        let mut b = Builder::new(text);
        let mut want = Vec::new();
        for (e, r) in Parser::new_ext(&text[body..], opts).into_offset_iter() {
            want.push((e.clone().into_static(), r.start + body));
            b.push(e, r.start + body);
        }
        let events = b.finish().join(text.to_string());
        let got: Vec<(Event<'static>, usize)> =
            events.iter().map(|(e, at)| (e.into_static(), at)).collect();
        assert_eq!(got, want);
        assert_eq!(events.source(), text);
    }

    /// A text longer than 64 KiB (a big code block, a long paragraph) reads
    /// back whole, between short ones.
    #[test]
    fn long_texts_read_back_whole() {
        let long = "õ".repeat(40_000);
        let text = format!("Algus.\n\n```\n{long}\n```\n\n{long} lõpp\n\nLõpp.\n");
        let mut b = Builder::new(&text);
        let mut want = Vec::new();
        for (e, r) in Parser::new(&text).into_offset_iter() {
            want.push((e.clone().into_static(), r.start));
            b.push(e, r.start);
        }
        let events = b.finish().join(text.clone());
        let got: Vec<(Event<'static>, usize)> =
            events.iter().map(|(e, at)| (e.into_static(), at)).collect();
        assert_eq!(got, want);
        assert_eq!(events.long.len(), 2, "both long texts are kept aside");
        assert_eq!(std::mem::size_of::<(Ev, u32)>(), 12);
    }

    #[test]
    fn every_plain_tag_reads_back_as_itself() {
        use pulldown_cmark::{BlockQuoteKind, HeadingLevel, MetadataBlockKind};
        let tags = [
            Tag::Paragraph,
            Tag::Heading {
                level: HeadingLevel::H3,
                id: None,
                classes: Vec::new(),
                attrs: Vec::new(),
            },
            Tag::BlockQuote(Some(BlockQuoteKind::Warning)),
            Tag::BlockQuote(None),
            Tag::HtmlBlock,
            Tag::List(None),
            Tag::Item,
            Tag::DefinitionList,
            Tag::DefinitionListTitle,
            Tag::DefinitionListDefinition,
            Tag::TableHead,
            Tag::TableRow,
            Tag::TableCell,
            Tag::Emphasis,
            Tag::Strong,
            Tag::Strikethrough,
            Tag::Superscript,
            Tag::Subscript,
            Tag::MetadataBlock(MetadataBlockKind::YamlStyle),
        ];
        for tag in tags {
            let end = plain(&tag).unwrap_or_else(|| panic!("{tag:?} is kept plain"));
            assert_eq!(plain_tag(end), tag);
        }
        assert_eq!(
            plain(&Tag::List(Some(1))),
            None,
            "a list's first number is data"
        );
    }
}
