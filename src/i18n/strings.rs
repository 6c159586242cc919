//! UI strings of the theme, one TOML file per language (`i18n/<lang>.toml`).

use std::collections::BTreeMap;

/// UI strings of every configured language, keyed by language code.
#[derive(Debug, Clone, Default)]
pub struct UiStrings {
    pub by_lang: BTreeMap<String, BTreeMap<String, String>>,
}

impl UiStrings {
    pub fn get<'a>(&'a self, lang: &str, key: &'a str) -> &'a str {
        self.by_lang
            .get(lang)
            .and_then(|m| m.get(key))
            .map(String::as_str)
            .unwrap_or(key)
    }

    /// Gives every language the strings it lacks from `default` (the site's
    /// first language), so pages of a half-translated theme still render.
    pub fn fill_from_default(&mut self, default: &str) {
        let Some(base) = self.by_lang.get(default).cloned() else {
            return;
        };
        for (lang, map) in self.by_lang.iter_mut() {
            if lang != default {
                for (k, v) in &base {
                    map.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
        }
    }

    /// Keys that one language has and another lacks: `(lang, key)` pairs.
    pub fn missing_keys(&self) -> Vec<(String, String)> {
        let all: std::collections::BTreeSet<&String> =
            self.by_lang.values().flat_map(|m| m.keys()).collect();
        let mut out = Vec::new();
        for (lang, map) in &self.by_lang {
            for key in &all {
                if !map.contains_key(*key) {
                    out.push((lang.clone(), (*key).clone()));
                }
            }
        }
        out
    }
}
