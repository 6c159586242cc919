//! The UI strings (`t.…`) a page's template uses. A theme has about a
//! hundred, a page template uses a score, and every page's context carries
//! them: each page gets only those its template (and every template it
//! extends, includes or imports) names, or all of them when a template uses
//! `t` in any other way than `t.name`.

use crate::content::model::Site;
use crate::theme::Theme;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

/// Per language, the strings a template uses.
type Chosen = Arc<Vec<BTreeMap<String, String>>>;

pub struct PageStrings<'a> {
    site: &'a Site,
    /// Template name → source; a site's override replaces the theme's.
    sources: HashMap<&'a str, Cow<'a, str>>,
    chosen: Mutex<HashMap<String, Chosen>>,
}

impl<'a> PageStrings<'a> {
    pub fn new(site: &'a Site, theme: &'a Theme) -> Self {
        let sources = theme
            .templates
            .iter()
            .map(|(name, file)| (name.as_str(), String::from_utf8_lossy(&file.bytes)))
            .collect();
        PageStrings {
            site,
            sources,
            chosen: Mutex::default(),
        }
    }

    /// The strings of each language view that template `name` uses.
    pub fn of(&self, name: &str) -> Chosen {
        let mut chosen = self.chosen.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(c) = chosen.get(name) {
            return Arc::clone(c);
        }
        let keys = used_keys(&self.sources, name);
        let all = BTreeMap::new();
        let per_lang: Vec<BTreeMap<String, String>> = self
            .site
            .config
            .languages
            .iter()
            .map(|l| {
                let strings = self.site.ui.by_lang.get(&l.code).unwrap_or(&all);
                match &keys {
                    Some(keys) => strings
                        .iter()
                        .filter(|(k, _)| keys.contains(k.as_str()))
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect(),
                    None => strings.clone(),
                }
            })
            .collect();
        let c = Arc::new(per_lang);
        chosen.insert(name.to_string(), Arc::clone(&c));
        c
    }
}

/// The keys of `t` that template `name` and the templates it builds on use;
/// `None` when one of them uses `t` otherwise, or is not known.
fn used_keys(sources: &HashMap<&str, Cow<str>>, name: &str) -> Option<BTreeSet<String>> {
    let mut keys = BTreeSet::new();
    let mut todo = vec![name.to_string()];
    let mut seen = BTreeSet::new();
    while let Some(name) = todo.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        for tag in tags(sources.get(name.as_str())?) {
            let words = words(tag);
            if matches!(words.first(), Some(Word::Ident(w)) if ["extends", "include", "import"].contains(w))
            {
                todo.extend(words.iter().filter_map(|w| match w {
                    Word::Literal(l) => Some(l.to_string()),
                    Word::Ident(_) => None,
                }));
            }
            for w in words {
                let Word::Ident(path) = w else { continue };
                let mut parts = path.split('.');
                match (parts.next(), parts.next()) {
                    (Some("t"), Some(key)) => {
                        keys.insert(key.to_string());
                    }
                    (Some("t" | "__tera_context"), None) => return None,
                    _ => {}
                }
            }
        }
    }
    Some(keys)
}

/// What is inside each `{{ … }}` and `{% … %}` of a template.
fn tags(source: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find('{') {
        let after = &rest[at + 1..];
        let close = match after.chars().next() {
            Some('{') => "}}",
            Some('%') => "%}",
            _ => {
                rest = after;
                continue;
            }
        };
        let inner = &after[1..];
        match inner.find(close) {
            Some(end) => {
                out.push(&inner[..end]);
                rest = &inner[end + close.len()..];
            }
            None => {
                out.push(inner);
                break;
            }
        }
    }
    out
}

#[derive(Debug, PartialEq)]
enum Word<'s> {
    /// A name or a dotted path: `page.title`, `t.home`.
    Ident(&'s str),
    /// The inside of a string literal.
    Literal(&'s str),
}

/// The names and string literals of a tag, in order.
fn words(tag: &str) -> Vec<Word<'_>> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(templates: &[(&'static str, &str)], name: &str) -> Option<Vec<String>> {
        let sources = templates
            .iter()
            .map(|(n, s)| (*n, Cow::Borrowed(*s)))
            .collect();
        used_keys(&sources, name).map(|k| k.into_iter().collect())
    }

    #[test]
    fn a_template_gets_the_strings_it_and_its_parents_name() {
        let templates = [
            (
                "base.html",
                "<a>{{ t.home }}</a>{% block main %}{% endblock %}{% include \"foot.html\" %}",
            ),
            ("foot.html", "{{ t.footer_note | safe }}"),
            (
                "page.html",
                "{% extends \"base.html\" %}{% import 'macros.html' as m %}{% block main %}\
                 {% if page.t %}{{ t.toc_title }}{% endif %}{{ m::x(label=t.more ~ \"t\") }}{% endblock %}",
            ),
            ("macros.html", "{% macro x(label) %}{{ label }}{% endmacro %}"),
        ];
        assert_eq!(
            keys(&templates, "page.html").unwrap(),
            ["footer_note", "home", "more", "toc_title"]
        );
    }

    #[test]
    fn any_other_use_of_t_gets_every_string() {
        for other in [
            "{{ t[key] }}",
            "{% set s = t %}{{ s.home }}",
            "{{ m::x(t=t) }}",
            "{{ __tera_context }}",
        ] {
            let templates = [("page.html", other)];
            assert_eq!(keys(&templates, "page.html"), None, "{other}");
        }
        assert_eq!(
            keys(&[("page.html", "{% extends \"gone.html\" %}")], "page.html"),
            None
        );
    }
}
