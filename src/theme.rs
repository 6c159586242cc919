//! Themes: tera templates, static files (CSS, JS) and UI strings per language.
//! The default theme is compiled into the binary; a `themes/<name>/` folder in
//! the site replaces it, and the site's own `templates/` override single
//! templates (which may `{% extends "theme/<name>.html" %}` to change only some
//! blocks).

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::strings::UiStrings;
use include_dir::{include_dir, Dir};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub(crate) mod tags;
mod templates;
pub use templates::Templates;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A file of a theme or site, with the path to name in messages.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    pub shown: PathBuf,
    pub bytes: Vec<u8>,
}

/// Everything a renderer takes from the theme.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Template name → source, in registration order: theme templates under
    /// `theme/<name>` and `<name>`, then the site's overrides under `<name>`.
    pub templates: Vec<(String, ThemeFile)>,
    /// Files copied to `theme/` in the output (path below the theme's `static/`).
    pub static_files: BTreeMap<String, ThemeFile>,
    pub ui: UiStrings,
}

/// Reads every file below `prefix` from the embedded theme or a folder on disk.
fn files(
    root: &Path,
    source: &Option<PathBuf>,
    prefix: &str,
    diags: &Diagnostics,
) -> BTreeMap<String, ThemeFile> {
    let mut out = BTreeMap::new();
    match source {
        Some(dir) => {
            let base = dir.join(prefix);
            for e in crate::source::entries(root, &base, false, diags) {
                if !e.file_type().is_file() {
                    continue;
                }
                let rel = e.path().strip_prefix(&base).unwrap_or(e.path());
                // As the author knows it: from the site's folder.
                let shown = e.path().strip_prefix(root).unwrap_or(e.path());
                let key = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                match std::fs::read(e.path()) {
                    Ok(bytes) => {
                        out.insert(
                            key,
                            ThemeFile {
                                shown: shown.to_path_buf(),
                                bytes,
                            },
                        );
                    }
                    Err(err) => {
                        diags.push(Diagnostic::error(shown, 0, format!("cannot read: {err}")))
                    }
                }
            }
        }
        None => {
            fn walk(dir: &Dir<'static>, prefix: &str, out: &mut BTreeMap<String, ThemeFile>) {
                for f in dir.files() {
                    let path = f.path().to_string_lossy().replace('\\', "/");
                    if let Some(rel) = path.strip_prefix(prefix) {
                        let shown = Path::new("<built-in theme>").join(&path);
                        out.insert(
                            rel.trim_start_matches('/').to_string(),
                            ThemeFile {
                                shown,
                                bytes: f.contents().to_vec(),
                            },
                        );
                    }
                }
                for d in dir.dirs() {
                    walk(d, prefix, out);
                }
            }
            if let Some(d) = DEFAULT_THEME.get_dir(prefix) {
                walk(d, prefix, &mut out);
            }
        }
    }
    out
}

impl Theme {
    /// Loads the configured theme and the site's overrides.
    pub fn load(root: &Path, config: &Config, diags: &Diagnostics) -> Theme {
        let on_disk = root.join("themes").join(&config.theme);
        let plain_name = !matches!(config.theme.as_str(), "" | "." | "..")
            && !config.theme.contains(['/', '\\']);
        let source = if !plain_name {
            diags.push(
                Diagnostic::error(
                    "raamat.toml",
                    0,
                    format!("theme `{}` is not a folder name", config.theme),
                )
                .with_hint("name a folder of themes/, e.g. theme = \"agentuur\""),
            );
            None
        } else if on_disk.is_dir() {
            Some(on_disk)
        } else if config.theme == "default" {
            None
        } else {
            diags.push(
                Diagnostic::error(
                    "raamat.toml",
                    0,
                    format!("theme `{}` not found in themes/", config.theme),
                )
                .with_hint("set theme = \"default\" or create the theme folder"),
            );
            None
        };
        let mut theme = Theme::default();
        for (name, file) in files(root, &source, "templates", diags) {
            theme
                .templates
                .push((format!("theme/{name}"), file.clone()));
            theme.templates.push((name, file));
        }
        for (name, file) in files(root, &Some(root.to_path_buf()), "templates", diags) {
            theme.templates.push((name, file));
        }
        theme.static_files = files(root, &source, "static", diags);
        let theme_i18n = files(root, &source, "i18n", diags);
        let site_i18n = files(root, &Some(root.to_path_buf()), "i18n", diags);
        // Languages without any UI strings: one warning, not one per string.
        let mut without_strings = BTreeSet::new();
        for lang in &config.languages {
            let name = format!("{}.toml", lang.code);
            let mut strings = BTreeMap::new();
            let layers = [theme_i18n.get(&name), site_i18n.get(&name)];
            if layers.iter().all(Option::is_none) {
                without_strings.insert(lang.code.clone());
                let lower = format!("{}.toml", lang.code.to_lowercase());
                let hint = if lower != name && theme_i18n.contains_key(&lower) {
                    format!(
                        "language codes are lower case: did you mean code = \"{}\"?",
                        lang.code.to_lowercase()
                    )
                } else {
                    format!(
                        "create i18n/{name} in the site (copy one from the theme and translate it)"
                    )
                };
                diags.push(
                    Diagnostic::warning(
                        format!("i18n/{name}"),
                        0,
                        format!("no UI strings for language `{}`", lang.code),
                    )
                    .with_hint(hint),
                );
            }
            for file in layers.into_iter().flatten() {
                let text = String::from_utf8_lossy(&file.bytes);
                match toml::from_str::<BTreeMap<String, String>>(&text) {
                    Ok(map) => strings.extend(map),
                    Err(e) => diags.push(
                        Diagnostic::error(&file.shown, 0, format!("UI strings: {}", e.message()))
                            .with_hint("each line is key = \"text\""),
                    ),
                }
            }
            theme.ui.by_lang.insert(lang.code.clone(), strings);
        }
        let plural_forms = |code: &str| -> Vec<&'static str> {
            config
                .languages
                .iter()
                .find(|l| l.code == code)
                .map(|l| l.plurals.categories().iter().map(|c| c.name()).collect())
                .unwrap_or_default()
        };
        let missing = theme.ui.missing_keys(&plural_forms);
        for (lang, key) in missing
            .into_iter()
            .filter(|(l, _)| !without_strings.contains(l.as_str()))
        {
            diags.push(
                Diagnostic::warning(
                    format!("i18n/{lang}.toml"),
                    0,
                    format!("UI string `{key}` is missing"),
                )
                .with_hint("add it, translated; until then the default language's text is shown"),
            );
        }
        theme.ui.fill_from_default(&config.languages[0].code);
        theme
    }

    /// The templates `roots` use, themselves included: every template whose
    /// name another one in the set quotes (`extends`, `include` and `import`
    /// name templates only by string literals), with all its sources.
    pub fn templates_used_by(&self, roots: &[&str]) -> Vec<&(String, ThemeFile)> {
        let mut names: BTreeSet<&str> = roots.iter().copied().collect();
        let mut queue: Vec<&str> = names.iter().copied().collect();
        while let Some(name) = queue.pop() {
            for (_, file) in self.templates.iter().filter(|(n, _)| n == name) {
                for quoted in quoted(&file.bytes) {
                    if let Some((other, _)) = self.templates.iter().find(|(n, _)| n == quoted) {
                        if names.insert(other) {
                            queue.push(other);
                        }
                    }
                }
            }
        }
        self.templates
            .iter()
            .filter(|(n, _)| names.contains(n.as_str()))
            .collect()
    }

    /// The templates tera gets: name → source, the site's overrides last.
    /// A theme's template goes in under its `theme/` name only when a
    /// template names it: parsing every template twice was a fifth of what
    /// a template edit under `raamat serve` waited for.
    fn sources(&self) -> BTreeMap<&str, &[u8]> {
        let named: BTreeSet<&str> = self
            .templates
            .iter()
            .flat_map(|(_, f)| quoted(&f.bytes))
            .collect();
        self.templates
            .iter()
            .filter(|(name, _)| !name.starts_with("theme/") || named.contains(name.as_str()))
            .map(|(name, file)| (name.as_str(), file.bytes.as_slice()))
            .collect()
    }

    /// The names of the UI strings of every language.
    fn string_names(&self) -> BTreeSet<String> {
        self.ui
            .by_lang
            .values()
            .flat_map(|s| s.keys().cloned())
            .collect()
    }

    /// A tera instance with every template, or the template errors.
    pub fn tera(&self) -> Result<Templates, Diagnostic> {
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(crate::escape::html);
        self.add_templates(&mut tera, &self.sources())?;
        self.add_functions(&mut tera);
        Ok(Templates::new(tera, &self.templates, self.string_names()))
    }

    /// Like [`Theme::tera`], from `previous`'s tera (`before`): only the
    /// templates that changed are parsed again.
    pub fn tera_after(
        &self,
        previous: &Theme,
        before: &Templates,
    ) -> Result<Templates, Diagnostic> {
        let (now, then) = (self.sources(), previous.sources());
        if !now.keys().eq(then.keys()) {
            return self.tera();
        }
        let changed: BTreeMap<&str, &[u8]> = now
            .into_iter()
            .filter(|(name, source)| then.get(name) != Some(source))
            .collect();
        let mut tera = before.tera().clone();
        self.add_templates(&mut tera, &changed)?;
        self.add_functions(&mut tera);
        Ok(Templates::new(tera, &self.templates, self.string_names()))
    }

    /// `theme_version(file="style.css")` in templates: what that static file
    /// is, in eight hex digits (without `file`: all of them, from each file's
    /// name and version, so it changes whenever one of them does). Pages
    /// name their theme files with it (`style.css?v=…`), so that a browser
    /// that keeps them for a while (GitHub Pages: 10 minutes; a host without
    /// `Cache-Control`: a tenth of the time since the file last changed)
    /// takes the new ones after an update instead of mixing old scripts with
    /// new pages, and keeps the ones that did not change.
    fn add_functions(&self, tera: &mut tera::Tera) {
        let files: BTreeMap<String, String> = self
            .static_files
            .iter()
            .map(|(name, file)| {
                let version = format!("{:08x}", libdeflater::crc32(&file.bytes));
                (name.clone(), version)
            })
            .collect();
        let mut all = libdeflater::Crc::new();
        for (name, version) in &files {
            for part in [name.as_bytes(), &[0], version.as_bytes(), &[0]] {
                all.update(part);
            }
        }
        let whole = format!("{:08x}", all.sum());
        tera.register_function(
            "theme_version",
            move |args: &std::collections::HashMap<String, tera::Value>| match args.get("file") {
                None => Ok(whole.clone().into()),
                Some(tera::Value::String(name)) => match files.get(name) {
                    Some(version) => Ok(version.clone().into()),
                    None => Err(tera::Error::msg(format!(
                        "theme_version: the theme has no file `{name}` in its static/ folder"
                    ))),
                },
                Some(_) => Err(tera::Error::msg(
                    "theme_version: `file` is a file name in quotes, e.g. file=\"style.css\"",
                )),
            },
        );
    }

    fn add_templates(
        &self,
        tera: &mut tera::Tera,
        sources: &BTreeMap<&str, &[u8]>,
    ) -> Result<(), Diagnostic> {
        let texts: Vec<(&str, String)> = sources
            .iter()
            .map(|(name, bytes)| (*name, String::from_utf8_lossy(bytes).into_owned()))
            .collect();
        tera.add_raw_templates(texts.iter().map(|(n, s)| (*n, s.as_str())))
            .map_err(|e| {
                let msg = error_chain(&e);
                // The template Tera names as failing (its message quotes the
                // broken line, which may name another template); the last
                // one of a name is the one in use.
                let failed = msg
                    .split_once("Failed to parse '")
                    .and_then(|(_, rest)| rest.split_once('\''))
                    .map(|(name, _)| name);
                let named = |n: &str| match failed {
                    Some(failed) => n == failed,
                    None => msg.contains(&format!("'{n}'")),
                };
                let found = self.templates.iter().rev().find(|(n, _)| named(n));
                let file = found
                    .map(|(_, f)| f.shown.clone())
                    .unwrap_or_else(|| PathBuf::from("templates"));
                // A site's own template of a name the theme has stands in for it.
                let overrides = found.is_some_and(|(n, f)| {
                    f.shown.starts_with("templates")
                        && self
                            .templates
                            .iter()
                            .any(|(t, _)| *t == format!("theme/{n}"))
                });
                let mut d = match parse_position(&msg) {
                    // The report shows the line itself; Tera's copy of it goes.
                    Some((line, column, what)) => {
                        let mut d = Diagnostic::error(file, line, format!("template: {what}"));
                        d.column = column;
                        d
                    }
                    None => Diagnostic::error(file, 0, format!("template: {msg}")),
                };
                d.hint = Some(match overrides {
                    true => "fix it, or delete it to use the theme's template".into(),
                    false => "fix the template".into(),
                });
                d
            })
    }
}

/// Where a template's syntax error is and what it is, from Tera's message:
/// `Failed to parse 'page.html':  --> 2:37`, the line with a caret under the
/// column, then `= expected …`.
fn parse_position(message: &str) -> Option<(usize, usize, String)> {
    let (failed, at) = message.split_once(" --> ")?;
    let (line, rest) = at.split_once(':')?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let expected = rest
        .lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("= "))?;
    let what = format!("{} {expected}", failed.trim_end());
    Some((line.trim().parse().ok()?, column.parse().ok()?, what))
}

/// Every text between two like quotes in template source `source` (a
/// superset of its string literals, which is all that matters here).
fn quoted(source: &[u8]) -> impl Iterator<Item = &str> {
    [b'"', b'\'', b'`'].into_iter().flat_map(move |q| {
        source
            .split(move |&b| b == q)
            .skip(1)
            .filter_map(|part| std::str::from_utf8(part).ok())
    })
}

/// A template error with everything tera says of its causes, on one line.
pub fn error_chain(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_syntax_error_is_read_for_its_place_and_what_was_expected() {
        let message = "Failed to parse 'page.html':  --> 12:5\n   |\n12 | {{ x }\n   |     ^---\n   |\n   = expected a variable end (`}}`)";
        assert_eq!(
            parse_position(message),
            Some((
                12,
                5,
                "Failed to parse 'page.html': expected a variable end (`}}`)".into()
            ))
        );
        assert_eq!(parse_position("Template 'x.html' not found"), None);
    }

    fn file(text: &str) -> ThemeFile {
        ThemeFile {
            shown: PathBuf::from("t.html"),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn templates_are_found_through_the_names_they_quote() {
        let base =
            "<h>{% block head %}{% endblock %}</h><main>{% block main %}{% endblock %}</main>";
        let theme = Theme {
            templates: vec![
                ("theme/base.html".into(), file(base)),
                ("base.html".into(), file(base)),
                ("theme/other.html".into(), file("other")),
                ("other.html".into(), file("other")),
                ("macros.html".into(), file("{% macro m() %}m{% endmacro %}")),
                ("part.html".into(), file("part")),
                (
                    "page.html".into(),
                    file(
                        r#"{% extends 'base.html' %}{% import "macros.html" as x %}{% block main %}{% include "part.html" %}{{ x::m() }}{% endblock %}"#,
                    ),
                ),
                // The site's base.html, which changes the theme's.
                (
                    "base.html".into(),
                    file(r#"{% extends "theme/base.html" %}{% block head %}site{% endblock %}"#),
                ),
            ],
            ..Default::default()
        };
        let used: Vec<&str> = theme
            .templates_used_by(&["page.html"])
            .iter()
            .map(|(n, _)| n.as_str())
            .collect();
        assert_eq!(
            used,
            [
                "theme/base.html",
                "base.html",
                "macros.html",
                "part.html",
                "page.html",
                "base.html"
            ]
        );
        let tera = theme.tera().unwrap();
        assert_eq!(
            tera.render("page.html", &tera::Context::new()).unwrap(),
            "<h>site</h><main>partm</main>"
        );
        let names: Vec<&str> = tera.get_template_names().collect();
        assert!(names.contains(&"theme/base.html"), "{names:?}");
        assert!(
            !names.contains(&"theme/other.html"),
            "a theme template no template names is parsed once: {names:?}"
        );
    }

    #[test]
    fn pages_name_each_theme_file_with_a_version_that_changes_with_it() {
        let page = "<link href=\"style.css?v={{ theme_version(file=\"style.css\") }}\">\
                    <script src=\"raamat.js?v={{ theme_version(file=\"raamat.js\") }}\"></script>\
                    {{ theme_version() }}";
        let theme = |css: &str, js: &str| Theme {
            templates: vec![("page.html".into(), file(page))],
            static_files: [("style.css", css), ("raamat.js", js)]
                .into_iter()
                .map(|(name, text)| (name.to_string(), file(text)))
                .collect(),
            ..Theme::default()
        };
        let versions = |t: &Theme| -> Vec<String> {
            let html = t
                .tera()
                .unwrap()
                .render("page.html", &tera::Context::new())
                .unwrap();
            let (css, rest) = html["<link href=\"style.css?v=".len()..].split_at(8);
            let rest = &rest["\"><script src=\"raamat.js?v=".len()..];
            let (js, rest) = rest.split_at(8);
            let whole = &rest["\"></script>".len()..];
            assert!(
                [css, js, whole]
                    .iter()
                    .all(|v| v.len() == 8 && v.bytes().all(|b| b.is_ascii_hexdigit())),
                "{html}"
            );
            vec![css.into(), js.into(), whole.into()]
        };
        let first = theme("body { color: #222 }", "go();");
        let [css, js, whole] = <[String; 3]>::try_from(versions(&first)).unwrap();
        assert_eq!(
            versions(&theme("body { color: #222 }", "go();")),
            [css.clone(), js.clone(), whole.clone()]
        );
        let restyled = versions(&theme("body { color: #111 }", "go();"));
        assert!(restyled[0] != css && restyled[1] == js && restyled[2] != whole);
        let scripted = versions(&theme("body { color: #222 }", "go(1);"));
        assert!(scripted[0] == css && scripted[1] != js && scripted[2] != whole);
        // `raamat serve` keeps its tera and gives it the changed theme.
        let changed = theme("body { color: #111 }", "go();");
        let tera = changed.tera_after(&first, &first.tera().unwrap()).unwrap();
        let html = tera.render("page.html", &tera::Context::new()).unwrap();
        assert!(html.contains(&restyled[0]), "{html}");
        // A file the theme does not have is an error that names it.
        let missing = Theme {
            templates: vec![(
                "page.html".into(),
                file("{{ theme_version(file=\"print.css\") }}"),
            )],
            ..Theme::default()
        };
        let e = missing
            .tera()
            .unwrap()
            .render("page.html", &tera::Context::new())
            .unwrap_err();
        assert!(
            error_chain(&e).contains("`print.css`"),
            "{}",
            error_chain(&e)
        );
    }
}
