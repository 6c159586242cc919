//! What a page's template uses of its context. A theme has about a hundred
//! UI strings (`t.…`), a page template uses a score, and every page's context
//! carries them: each page gets only those its template (and every template
//! it extends, includes or imports) names, or all of them when a template uses
//! `t` in any other way than `t.name`. The same reading says which of the
//! context's parts (`nav`, `breadcrumbs`, …) the templates name at all: a
//! part none of them names is not made.

use crate::content::model::Site;
use crate::theme::tags::{builds_on, tags, words, Word};
use crate::theme::Theme;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

/// What one template uses.
pub struct Chosen {
    /// Per language view, the strings it names.
    pub strings: Vec<BTreeMap<String, String>>,
    /// The top-level names of the context it names; `None`: it may use any.
    names: Option<BTreeSet<String>>,
}

impl Chosen {
    /// Whether the template may use the context's part `name`.
    pub fn uses(&self, name: &str) -> bool {
        self.names.as_ref().is_none_or(|n| n.contains(name))
    }
}

pub struct PageStrings<'a> {
    site: &'a Site,
    /// Template name → source; a site's override replaces the theme's.
    sources: HashMap<&'a str, Cow<'a, str>>,
    chosen: Mutex<HashMap<String, Arc<Chosen>>>,
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

    /// What template `name` uses, with the strings of each language view.
    pub fn of(&self, name: &str) -> Arc<Chosen> {
        let mut chosen = self.chosen.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(c) = chosen.get(name) {
            return Arc::clone(c);
        }
        let uses = uses(&self.sources, name);
        let all = BTreeMap::new();
        let strings: Vec<BTreeMap<String, String>> = self
            .site
            .config
            .languages
            .iter()
            .map(|l| {
                let strings = self.site.ui.by_lang.get(&l.code).unwrap_or(&all);
                match &uses.keys {
                    Some(keys) => strings
                        .iter()
                        .filter(|(k, _)| keys.contains(k.as_str()))
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect(),
                    None => strings.clone(),
                }
            })
            .collect();
        let c = Arc::new(Chosen {
            strings,
            names: uses.names,
        });
        chosen.insert(name.to_string(), Arc::clone(&c));
        c
    }
}

/// What a template and the templates it builds on name; `None` for "any".
#[derive(Debug, Default)]
struct Uses {
    /// Keys of `t`: `None` when one of them uses `t` otherwise.
    keys: Option<BTreeSet<String>>,
    /// The first part of every name: `nav` of `nav`, `page` of `page.title`.
    names: Option<BTreeSet<String>>,
}

/// What template `name` and the templates it extends, includes or imports
/// use; everything when one of them is not known, or names `__tera_context`.
fn uses(sources: &HashMap<&str, Cow<str>>, name: &str) -> Uses {
    let mut keys = Some(BTreeSet::new());
    let mut names = BTreeSet::new();
    let mut todo = vec![name.to_string()];
    let mut seen = BTreeSet::new();
    while let Some(name) = todo.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let Some(source) = sources.get(name.as_str()) else {
            return Uses::default();
        };
        todo.extend(builds_on(source));
        for tag in tags(source) {
            for w in words(tag) {
                let Word::Ident(path) = w else { continue };
                let mut parts = path.split('.');
                let (first, second) = (parts.next().unwrap_or(""), parts.next());
                if first == "__tera_context" {
                    return Uses::default();
                }
                match (first, second) {
                    ("t", Some(key)) => {
                        if let Some(keys) = &mut keys {
                            keys.insert(key.to_string());
                        }
                    }
                    ("t", None) => keys = None,
                    _ => {}
                }
                names.insert(first.to_string());
            }
        }
    }
    Uses {
        keys,
        names: Some(names),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(templates: &[(&'static str, &str)], name: &str) -> Option<Vec<String>> {
        let sources = templates
            .iter()
            .map(|(n, s)| (*n, Cow::Borrowed(*s)))
            .collect();
        uses(&sources, name).keys.map(|k| k.into_iter().collect())
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

    #[test]
    fn a_part_of_the_context_is_used_where_any_template_of_the_chain_names_it() {
        let templates = [
            ("base.html", "{% block main %}{% endblock %}{% include \"side.html\" %}"),
            ("side.html", "<nav>{% for item in nav %}{{ item.title }}{% endfor %}</nav>"),
            (
                "page.html",
                "{% extends \"base.html\" %}{% block main %}<nav>{{ prev.url }} \"breadcrumbs\"</nav>{% endblock %}",
            ),
            ("bare.html", "<nav class=\"breadcrumbs\">{{ page.title }}</nav>"),
            ("all.html", "{{ __tera_context }}"),
            ("lost.html", "{% extends \"gone.html\" %}"),
        ];
        let sources: HashMap<&str, Cow<str>> = templates
            .iter()
            .map(|(n, s)| (*n, Cow::Borrowed(*s)))
            .collect();
        let used = |name: &str, part: &str| {
            let names = uses(&sources, name).names;
            Chosen {
                strings: Vec::new(),
                names,
            }
            .uses(part)
        };
        assert!(used("page.html", "nav"));
        assert!(used("page.html", "prev"));
        assert!(
            !used("page.html", "breadcrumbs"),
            "a string literal is not a name"
        );
        assert!(
            !used("bare.html", "breadcrumbs"),
            "nor is HTML outside the tags"
        );
        assert!(!used("bare.html", "nav"));
        assert!(used("all.html", "breadcrumbs"));
        assert!(used("lost.html", "nav"));
    }
}
