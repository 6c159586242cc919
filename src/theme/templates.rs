//! The theme's templates ready to render, and where a failure to render one
//! is in them. Tera says what failed (`Variable `t.hoem` not found`) and in
//! which template, but not on which line: the line is where that template,
//! or one it builds on, names what failed.

use super::tags::{builds_on, tags, words, Word};
use super::{error_chain, ThemeFile};
use crate::diagnostics::{closest, Diagnostic, LineIndex};
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

/// Tera with every template, and the files they came from.
#[derive(Clone)]
pub struct Templates {
    tera: tera::Tera,
    /// Template name → the file in use under that name (a site's own
    /// template stands in for the theme's).
    files: Arc<HashMap<String, ThemeFile>>,
    /// The names of the UI strings (`t.<name>`): a page's context holds only
    /// those its templates name.
    strings: Arc<BTreeSet<String>>,
}

impl std::ops::Deref for Templates {
    type Target = tera::Tera;
    fn deref(&self) -> &tera::Tera {
        &self.tera
    }
}

impl Templates {
    pub(super) fn new(
        tera: tera::Tera,
        templates: &[(String, ThemeFile)],
        strings: BTreeSet<String>,
    ) -> Templates {
        // Later ones of a name replace earlier ones, as in Tera.
        let files = templates.iter().cloned().collect();
        Templates {
            tera,
            files: Arc::new(files),
            strings: Arc::new(strings),
        }
    }

    pub(super) fn tera(&self) -> &tera::Tera {
        &self.tera
    }

    /// Tera's error `e` in rendering template `name`, for the author: the
    /// file and line where what failed is named, when the message names it
    /// and a template of the chain does; otherwise the template's file.
    pub fn error(&self, name: &str, e: &tera::Error) -> Diagnostic {
        self.error_in(name, e, None)
    }

    /// [`Templates::error`], with a guess at the variable meant when the
    /// context `ctx` it was rendered with has one of a name close to the
    /// missing one's (`page.titel` → `page.title`), or there is a UI string
    /// of a name close to the missing one's (`t.hoem` → `t.home`).
    pub fn error_in(&self, name: &str, e: &tera::Error, ctx: Option<&tera::Context>) -> Diagnostic {
        // Tera's own error says where (`Failed to render 'page.html' (error
        // happened in 'base.html').`); its causes say what.
        let location = e.to_string();
        let mut causes = Vec::new();
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            causes.push(s.to_string());
            source = s.source();
        }
        if causes.is_empty() {
            // Not a failure inside the template (the context, say).
            return Diagnostic::error(self.shown(name), 0, format!("template: {}", error_chain(e)))
                .with_hint("fix the template");
        }
        // The report shows the file; Tera's naming of it goes, the rest of
        // what it says stays.
        let what = causes
            .iter()
            .map(|c| without_rendering(c))
            .collect::<Vec<_>>()
            .join(": ");
        // The template being rendered when it failed: an included one's or
        // a macro's file, else a parent's, else `name`.
        let rendering = quoted_after(&causes[0], " while rendering '", '\'');
        let first = rendering
            .filter(|r| *r != name)
            .or_else(|| quoted_after(&location, "(error happened in '", '\''))
            .unwrap_or(name);
        let needle = named(&causes[0]);
        // A UI string none of the languages has: one the site's template
        // wants and nobody wrote yet.
        let string = match &needle {
            Some(Needle::Variable(v)) => v
                .strip_prefix("t.")
                .filter(|key| !self.strings.contains(*key))
                .map(str::to_string),
            _ => None,
        };
        let meant = match (&needle, &string, ctx) {
            (_, Some(key), _) => {
                closest(key, self.strings.iter().map(String::as_str)).map(|s| format!("t.{s}"))
            }
            (Some(Needle::Variable(v)), None, Some(ctx)) if !v.starts_with("t.") => meant(ctx, v),
            _ => None,
        };
        let found = needle.and_then(|needle| {
            self.chain(first, name)
                .into_iter()
                .find_map(|t| self.find(&t, &needle).map(|at| (t, at)))
        });
        let (file, line, column) = match found {
            Some((t, (line, column))) => (self.shown(&t), line, column),
            None => (self.shown(first), 0, 0),
        };
        let macro_note = quoted_after(&location, "error while rendering macro `", '`')
            .map(|m| format!(" (in macro `{m}`)"))
            .unwrap_or_default();
        Diagnostic::error(file, line, format!("template: {what}{macro_note}"))
            .at_column(column)
            .with_hint(match (meant, string) {
                (Some(m), _) => format!("did you mean `{m}`?"),
                // A string of the site's own, not written yet.
                (None, Some(key)) => format!(
                    "add {key} = \"…\" to the site's i18n/<language>.toml of each language, or fix the template"
                ),
                (None, None) => "fix the template".into(),
            })
    }

    fn shown(&self, name: &str) -> PathBuf {
        match self.files.get(name) {
            Some(f) => f.shown.clone(),
            None => PathBuf::from("templates").join(name),
        }
    }

    /// `first`, then `name` and every template it builds on, each once.
    fn chain(&self, first: &str, name: &str) -> Vec<String> {
        let mut order = vec![first.to_string()];
        let mut seen: BTreeSet<String> = order.iter().cloned().collect();
        let mut todo = vec![name.to_string()];
        while !todo.is_empty() {
            let mut next = Vec::new();
            for t in todo {
                if seen.insert(t.clone()) {
                    order.push(t.clone());
                }
                if let Some(f) = self.files.get(&t) {
                    let source = String::from_utf8_lossy(&f.bytes);
                    next.extend(
                        builds_on(&source)
                            .into_iter()
                            .filter(|b| !seen.contains(b.as_str())),
                    );
                }
            }
            todo = next;
        }
        order
    }

    /// Line and column of the first place template `name` names `needle`.
    fn find(&self, name: &str, needle: &Needle) -> Option<(usize, usize)> {
        let source = String::from_utf8_lossy(&self.files.get(name)?.bytes).into_owned();
        let offset = tags(&source).into_iter().find_map(|tag| {
            let found = words(tag).into_iter().find_map(|w| match w {
                Word::Ident(ident) if needle.is(tag, ident) => Some(ident),
                _ => None,
            })?;
            Some(found.as_ptr() as usize - source.as_ptr() as usize)
        })?;
        Some(LineIndex::new(&source).line_col(&source, offset))
    }
}

/// The name in `ctx` closest to the missing `path` (`page.titel`): the part
/// of it that is there, then the key nearest to the first part that is not.
/// Nothing when not even its first part is there: a loop's, a `set`'s or a
/// macro's variable is not in the page's context.
fn meant(ctx: &tera::Context, path: &str) -> Option<String> {
    let mut parts = path.split('.');
    let first = parts.next()?;
    let mut at = ctx.get(first)?;
    let mut known = vec![first];
    for part in parts {
        let tera::Value::Object(map) = at else {
            return None;
        };
        match map.get(part) {
            Some(v) => {
                known.push(part);
                at = v;
            }
            None => {
                let near = closest(part, map.keys().map(String::as_str))?;
                known.push(near);
                return Some(known.join("."));
            }
        }
    }
    None
}

/// Tera's message `cause` without ` while rendering 'page.html'`.
fn without_rendering(cause: &str) -> String {
    match cause.split_once(" while rendering '") {
        Some((before, after)) => {
            let rest = after.split_once('\'').map_or("", |(_, rest)| rest);
            format!("{before}{rest}")
        }
        None => cause.to_string(),
    }
}

/// The text after `start` in `s`, up to `end`.
fn quoted_after<'s>(s: &'s str, start: &str, end: char) -> Option<&'s str> {
    let (_, rest) = s.split_once(start)?;
    Some(rest.split_once(end)?.0)
}

/// What a template names that Tera's message says failed.
#[derive(Debug, PartialEq)]
enum Needle {
    Variable(String),
    Filter(String),
    Function(String),
    Test(String),
    Macro(String),
}

/// The name Tera's message `cause` says failed, if it says.
fn named(cause: &str) -> Option<Needle> {
    let tick = |start: &str| quoted_after(cause, start, '`').map(str::to_string);
    let quote = |start: &str| quoted_after(cause, start, '\'').map(str::to_string);
    if let Some(v) = tick("Variable `")
        .or_else(|| tick("container (`"))
        .or_else(|| tick("on variable `"))
    {
        return Some(Needle::Variable(v));
    }
    if let Some(f) = quote("Filter call '").or_else(|| quote("Filter '")) {
        return Some(Needle::Filter(f));
    }
    if let Some(f) = quote("Function call '")
        .or_else(|| quote("Function '"))
        .or_else(|| tick("Function `"))
    {
        return Some(Needle::Function(f));
    }
    if let Some(t) = quote("Test call '").or_else(|| quote("Test '")) {
        return Some(Needle::Test(t));
    }
    tick("Macro `").map(|m| Needle::Macro(m.rsplit("::").next().unwrap_or(&m).to_string()))
}

impl Needle {
    /// Whether `ident`, a word of `tag`, is this name used as this kind.
    fn is(&self, tag: &str, ident: &str) -> bool {
        let at = ident.as_ptr() as usize - tag.as_ptr() as usize;
        let before = tag[..at].trim_end();
        let after = tag[at + ident.len()..].trim_start();
        let word_before = before
            .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
            .next()
            .unwrap_or("");
        match self {
            // A use guarded by a test or a default is not the one that failed.
            Needle::Variable(v) => {
                ident == v
                    && !after.starts_with('(')
                    && !["is defined", "is undefined", "is not defined"]
                        .iter()
                        .any(|test| after.starts_with(test))
                    && !after.replace(' ', "").starts_with("|default(")
            }
            Needle::Filter(f) => ident == f && before.ends_with('|'),
            Needle::Function(f) => {
                ident == f
                    && after.starts_with('(')
                    && !before.ends_with('|')
                    && !before.ends_with("::")
            }
            Needle::Test(t) => ident == t && matches!(word_before, "is" | "not"),
            Needle::Macro(m) => ident == m && before.ends_with("::"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn templates(files: &[(&str, &str)]) -> Templates {
        let mut tera = tera::Tera::default();
        tera.add_raw_templates(files.iter().copied()).unwrap();
        let files: Vec<(String, ThemeFile)> = files
            .iter()
            .map(|(n, s)| {
                let file = ThemeFile {
                    shown: PathBuf::from("templates").join(n),
                    bytes: s.as_bytes().to_vec(),
                };
                (n.to_string(), file)
            })
            .collect();
        let strings = ["home", "search_title"].map(String::from).into();
        Templates::new(tera, &files, strings)
    }

    fn failure(t: &Templates, name: &str) -> Diagnostic {
        let e = t.render(name, &tera::Context::new()).unwrap_err();
        t.error(name, &e)
    }

    #[test]
    fn a_missing_variable_is_found_where_the_template_names_it() {
        let t = templates(&[(
            "page.html",
            "<h1>{{ title | default(value='') }}</h1>\n<p>\n  {{ t.hoem }}</p>",
        )]);
        let d = failure(&t, "page.html");
        assert_eq!(d.file, PathBuf::from("templates/page.html"));
        assert_eq!((d.line, d.column), (3, 6));
        assert_eq!(
            d.message,
            "template: Variable `t.hoem` not found in context"
        );
    }

    #[test]
    fn a_failure_in_a_parent_or_a_macro_is_found_in_that_file() {
        let t = templates(&[
            (
                "base.html",
                "<html>\n{% block main %}{% endblock %}\n<footer>{{ site.footer }}</footer>",
            ),
            (
                "macros.html",
                "{% macro nav(items) %}\n{% for i in items %}{{ i.titel }}{% endfor %}\n{% endmacro %}",
            ),
            (
                "page.html",
                "{% extends \"base.html\" %}{% import \"macros.html\" as m %}\n\
                 {% block main %}{{ m::nav(items=[1]) }}{% endblock %}",
            ),
            ("plain.html", "{% extends \"base.html\" %}"),
        ]);
        let d = failure(&t, "plain.html");
        assert_eq!(d.file, PathBuf::from("templates/base.html"));
        assert_eq!((d.line, d.column), (3, 12));
        let d = failure(&t, "page.html");
        assert_eq!(d.file, PathBuf::from("templates/macros.html"));
        assert_eq!(d.line, 2, "{d:?}");
    }

    #[test]
    fn filters_functions_and_tests_are_told_from_variables_of_the_same_name() {
        // Not in a comment, nor where a test or a default guards it.
        let t = templates(&[(
            "page.html",
            "{# {{ x.y }} #}{% if x.y is defined %}{{ x.y | default(value=1) }}{% endif %}\n{{ x.y }}",
        )]);
        let d = failure(&t, "page.html");
        assert_eq!((d.line, d.column), (2, 4), "{d:?}");
        let t = templates(&[(
            "page.html",
            "{{ upper }}\n{{ x | upper | shout }}\n{{ shout }}",
        )]);
        let d = failure(&t, "page.html");
        // `upper` is a variable there too, but it is the missing one.
        assert_eq!((d.line, d.column), (1, 4));
        let t = templates(&[(
            "page.html",
            "{% set shout = 1 %}{{ shout }}\n{{ 'a' | shout }}",
        )]);
        let d = failure(&t, "page.html");
        assert_eq!((d.line, d.column), (2, 10), "{d:?}");
        let t = templates(&[("page.html", "{% set f = 1 %}{{ f }}\n{{ f(a=1) }}")]);
        let d = failure(&t, "page.html");
        assert_eq!(d.line, 2, "{d:?}");
    }

    #[test]
    fn a_missing_variable_close_to_one_in_the_context_is_named_in_the_hint() {
        let t = templates(&[
            ("page.html", "{{ page.titel }}"),
            ("t.html", "{{ t.hoem }}"),
        ]);
        let mut ctx = tera::Context::new();
        ctx.insert("page", &serde_json::json!({ "title": "A", "url": "/a/" }));
        // Only the strings the template names: `home` is not among them.
        ctx.insert("t", &serde_json::json!({ "search_title": "Otsing" }));
        let hint = |name: &str| {
            let e = t.render(name, &ctx).unwrap_err();
            t.error_in(name, &e, Some(&ctx)).hint.unwrap()
        };
        assert_eq!(hint("page.html"), "did you mean `page.title`?");
        assert_eq!(hint("t.html"), "did you mean `t.home`?");
        let far = templates(&[
            ("page.html", "{{ page.extra.author }}"),
            ("t.html", "{{ t.agency_phone }}"),
        ]);
        let hint = |name: &str| {
            let e = far.render(name, &ctx).unwrap_err();
            far.error_in(name, &e, Some(&ctx)).hint.unwrap()
        };
        assert_eq!(hint("page.html"), "fix the template");
        assert!(hint("t.html").starts_with("add agency_phone = "));
        // No guess at a loop's variable (`c` is one letter from `t`), nor
        // at a string there is (a macro sees only its arguments).
        let local = templates(&[
            ("loop.html", "{% for c in [1] %}{{ c.titel }}{% endfor %}"),
            ("macros.html", "{% macro m() %}{{ t.home }}{% endmacro %}"),
            ("page.html", "{% import \"macros.html\" as x %}{{ x::m() }}"),
        ]);
        for name in ["loop.html", "page.html"] {
            let e = local.render(name, &ctx).unwrap_err();
            let d = local.error_in(name, &e, Some(&ctx));
            assert_eq!(d.hint.as_deref(), Some("fix the template"), "{d:?}");
        }
    }

    #[test]
    fn a_failure_that_names_nothing_is_the_templates_own() {
        let t = templates(&[("page.html", "{{ 1 % 0 }}")]);
        let d = failure(&t, "page.html");
        assert_eq!(d.file, PathBuf::from("templates/page.html"));
        assert_eq!(d.line, 0);
    }
}
