//! Themes: tera templates, static files (CSS, JS) and UI strings per language.
//! The default theme is compiled into the binary; a `themes/<name>/` folder in
//! the site replaces it, and the site's own `templates/` override single
//! templates (which may `{% extends "theme/<name>.html" %}` to change only some
//! blocks).

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::strings::UiStrings;
use include_dir::{include_dir, Dir};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
                                shown: e.path().to_path_buf(),
                                bytes,
                            },
                        );
                    }
                    Err(err) => diags.push(Diagnostic::error(
                        e.path(),
                        0,
                        format!("cannot read: {err}"),
                    )),
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
        for lang in &config.languages {
            let name = format!("{}.toml", lang.code);
            let mut strings = BTreeMap::new();
            let layers = [theme_i18n.get(&name), site_i18n.get(&name)];
            if layers.iter().all(Option::is_none) {
                diags.push(
                    Diagnostic::warning(
                        format!("i18n/{name}"),
                        0,
                        format!("no UI strings for language `{}`", lang.code),
                    )
                    .with_hint(format!(
                        "create i18n/{name} in the site (copy one from the theme and translate it)"
                    )),
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
        for (lang, key) in theme.ui.missing_keys(&plural_forms) {
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

    /// A tera instance with every template, or the template errors.
    pub fn tera(&self) -> Result<tera::Tera, Diagnostic> {
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(crate::escape::html);
        let mut by_name: BTreeMap<&str, String> = BTreeMap::new();
        for (name, file) in &self.templates {
            by_name.insert(name, String::from_utf8_lossy(&file.bytes).into_owned());
        }
        tera.add_raw_templates(by_name.iter().map(|(n, s)| (*n, s.as_str())))
            .map_err(|e| {
                let msg = error_chain(&e);
                let file = self
                    .templates
                    .iter()
                    .rev()
                    .find(|(n, _)| msg.contains(&format!("'{n}'")))
                    .map(|(_, f)| f.shown.clone())
                    .unwrap_or_else(|| PathBuf::from("templates"));
                Diagnostic::error(file, 0, format!("template: {msg}"))
            })?;
        Ok(tera)
    }
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
