//! Reading a template's source without Tera: what is inside its tags, the
//! names and string literals there, the templates it builds on. Enough to
//! tell what a template uses and where it names something, not to render it.

/// What is inside each `{{ … }}` and `{% … %}` of a template (not in its
/// `{# … #}` comments).
pub(crate) fn tags(source: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find('{') {
        let after = &rest[at + 1..];
        let close = match after.chars().next() {
            Some('{') => "}}",
            Some('%') => "%}",
            // A comment: nothing in it is used.
            Some('#') => "#}",
            _ => {
                rest = after;
                continue;
            }
        };
        let inner = &after[1..];
        match inner.find(close) {
            Some(end) => {
                if close != "#}" {
                    out.push(&inner[..end]);
                }
                rest = &inner[end + close.len()..];
            }
            None => {
                if close != "#}" {
                    out.push(inner);
                }
                break;
            }
        }
    }
    out
}

#[derive(Debug, PartialEq)]
pub(crate) enum Word<'s> {
    /// A name or a dotted path: `page.title`, `t.home`.
    Ident(&'s str),
    /// The inside of a string literal.
    Literal(&'s str),
}

/// The names and string literals of a tag, in order.
pub(crate) fn words(tag: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut chars = tag.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '"' | '\'' | '`') {
            let start = i + 1;
            let mut end = tag.len();
            for (j, d) in chars.by_ref() {
                if d == c {
                    end = j;
                    break;
                }
            }
            out.push(Word::Literal(&tag[start..end]));
        } else if c.is_alphabetic() || c == '_' {
            let mut end = tag.len();
            while let Some(&(j, d)) = chars.peek() {
                if d.is_alphanumeric() || d == '_' || d == '.' {
                    chars.next();
                } else {
                    end = j;
                    break;
                }
            }
            out.push(Word::Ident(&tag[i..end]));
        }
    }
    out
}

/// The templates `source` extends, includes or imports, in its order.
pub(crate) fn builds_on(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    for tag in tags(source) {
        let words = words(tag);
        if matches!(words.first(), Some(Word::Ident(w)) if ["extends", "include", "import"].contains(w))
        {
            out.extend(words.iter().filter_map(|w| match w {
                Word::Literal(l) => Some(l.to_string()),
                Word::Ident(_) => None,
            }));
        }
    }
    out
}
