//! UI strings of the theme, one TOML file per language (`i18n/<lang>.toml`).

use crate::i18n::plurals::PluralCategory;
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
    pub fn missing_keys(
        &self,
        plural_forms: &dyn Fn(&str) -> Vec<&'static str>,
    ) -> Vec<(String, String)> {
        let all: std::collections::BTreeSet<&String> =
            self.by_lang.values().flat_map(|m| m.keys()).collect();
        // `x_one`, `x_few`… beside an `x_other` are plural forms: a language needs the ones
        // its plural rules use (Estonian has no `few`).
        let plural = |key: &str| {
            PluralCategory::ALL.iter().find_map(|c| {
                let base = key.strip_suffix(c.name())?.strip_suffix('_')?;
                all.contains(&format!("{base}_other")).then_some(c.name())
            })
        };
        let mut out = Vec::new();
        for (lang, map) in &self.by_lang {
            let forms = plural_forms(lang);
            for key in &all {
                let needed = plural(key).is_none_or(|c| forms.contains(&c));
                if needed && !map.contains_key(*key) {
                    out.push((lang.clone(), (*key).clone()));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod plural_form_tests {
    use super::*;

    #[test]
    fn a_language_needs_only_the_plural_forms_its_rules_use() {
        let mut ui = UiStrings::default();
        let strings = |pairs: &[&str]| {
            pairs
                .iter()
                .map(|k| (k.to_string(), "x".to_string()))
                .collect()
        };
        ui.by_lang
            .insert("et".into(), strings(&["n_one", "n_other", "title"]));
        ui.by_lang
            .insert("ru".into(), strings(&["n_one", "n_few", "n_other"]));
        let forms = |code: &str| match code {
            "et" => vec!["one", "other"],
            _ => vec!["one", "few", "many", "other"],
        };
        let missing = ui.missing_keys(&forms);
        assert!(
            !missing.contains(&("et".into(), "n_few".into())),
            "Estonian has no few"
        );
        assert!(missing.contains(&("ru".into(), "title".into())));
        assert!(
            missing.contains(&("ru".into(), "n_many".into()))
                || !missing.iter().any(|(_, k)| k == "n_many")
        );
    }
}
