//! `raamat.toml`: the site's configuration. Languages are data here, not code:
//! a language's locale data come from its preset ([`crate::i18n::presets`]),
//! and any of them can be overridden in its `[[languages]]` table.

use crate::diagnostics::{Diagnostic, LineIndex};
use crate::i18n::collation::Collator;
use crate::i18n::plurals::{PluralCategory, PluralRules};
use crate::i18n::presets::{self, Preset};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use toml::Spanned;

/// Folders of a site that hold its sources (besides `raamat.toml`): what
/// `serve` watches and what an output folder must never be inside of.
pub const SOURCE_FOLDERS: &[&str] = &[
    "content",
    "courses",
    "themes",
    "templates",
    "static",
    "i18n",
];

/// The whole configuration of a site.
#[derive(Debug, Clone)]
pub struct Config {
    /// Absolute URL of the published site, e.g. `https://juhend.example.ee/`.
    pub base_url: String,
    /// Name of the theme; `default` is built into raamat.
    pub theme: String,
    /// What a language shows for a page that is not translated into it.
    pub missing_translation: MissingTranslation,
    /// Typographic quotation marks, dashes and ellipses.
    pub smart_punctuation: bool,
    /// Whether course modules may contain raw HTML. Authors' Markdown is
    /// trusted input; a site that takes course contributions from outside
    /// sets this to `false`, and raw HTML in a module is then an error.
    pub course_raw_html: bool,
    /// Ordered; the first is the default language.
    pub languages: Vec<Language>,
    /// What the accessibility statement (`/<lang>/accessibility/`) says.
    pub accessibility: Accessibility,
    /// Whether each handbook gets its whole-book page (`/<lang>/<section>/print/`).
    pub print_pages: bool,
    /// Whether each handbook gets an offline copy (`/<lang>/<section>.zip`).
    pub offline_copies: bool,
    /// Whether the site has search: its index, search page and search box.
    pub search: bool,
}

/// `[accessibility]`: the facts of the site's accessibility statement (the EU model
/// statement, Directive (EU) 2016/2102); the theme's i18n files hold its wording.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accessibility {
    /// How far the site meets WCAG 2.1 AA (EN 301 549).
    #[serde(default)]
    pub status: Conformance,
    /// When the statement was last reviewed (`2026-11-28`).
    pub reviewed: Option<toml::value::Datetime>,
    /// Where readers report problems or ask for content in another format.
    #[serde(default)]
    pub contact: String,
    /// Known problems, per language code.
    #[serde(default)]
    pub limitations: BTreeMap<String, Vec<String>>,
}

impl Default for Accessibility {
    fn default() -> Self {
        Accessibility {
            status: Conformance::Partial,
            reviewed: None,
            contact: String::new(),
            limitations: BTreeMap::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Conformance {
    Full,
    #[default]
    Partial,
    None,
}

/// `raamat.toml` as written: [`Config`] before its languages are completed
/// from their presets.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigToml {
    base_url: Spanned<String>,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default)]
    missing_translation: MissingTranslation,
    #[serde(default = "yes")]
    smart_punctuation: bool,
    #[serde(default = "yes")]
    course_raw_html: bool,
    languages: Vec<LanguageToml>,
    #[serde(default)]
    accessibility: Accessibility,
    #[serde(default = "yes")]
    print_pages: bool,
    #[serde(default = "yes")]
    offline_copies: bool,
    #[serde(default = "yes")]
    search: bool,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum MissingTranslation {
    /// Publish the other language's page with a "not yet translated" notice.
    #[default]
    Fallback,
    /// Leave the page out of this language.
    Omit,
}

/// One language of the site and the locale data raamat needs for it: its
/// `[[languages]]` table in `raamat.toml`, completed from its preset.
#[derive(Debug, Clone)]
pub struct Language {
    /// BCP 47 code used in URLs and `lang` attributes (`et`, `ru`).
    pub code: String,
    /// The language's own name (`Eesti`, `Русский`).
    pub name: String,
    /// Site title in this language.
    pub title: String,
    pub description: String,
    /// Letters in alphabetical order, separated by spaces.
    pub alphabet: String,
    /// Twelve month names as used in dates (Russian: genitive).
    pub months: Vec<String>,
    /// E.g. `{day}. {month} {year}`.
    pub date_format: String,
    /// Opening and closing quotation marks, outer pair first, then the nested pair.
    pub quotes: Vec<String>,
    pub decimal_separator: String,
    /// Which plural form a count takes (CLDR plural rules).
    pub plurals: PluralRules,
    /// Snowball stemmer for search (`estonian`, `russian`, …); `None`: words are matched
    /// as written and by prefix.
    pub stemmer: Option<String>,
}

/// A `[[languages]]` table as written; a locale field left out comes from
/// the language's preset.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LanguageToml {
    code: Spanned<String>,
    name: String,
    title: String,
    #[serde(default)]
    description: String,
    alphabet: Option<String>,
    months: Option<Spanned<Vec<String>>>,
    date_format: Option<String>,
    quotes: Option<Spanned<Vec<String>>>,
    decimal_separator: Option<String>,
    /// Category → CLDR rule, e.g. `{ one = "i = 1 and v = 0" }`.
    plurals: Option<Spanned<BTreeMap<String, String>>>,
    stemmer: Option<String>,
}

/// The locale fields that a language without a preset must give, each with
/// how it is written.
const LOCALE_FIELDS: [(&str, &str); 5] = [
    (
        "alphabet",
        "alphabet = \"a b c …\"  (its letters in alphabetical order)",
    ),
    (
        "months",
        "months = [\"…\", …]  (the twelve month names as written in a date)",
    ),
    ("date_format", "date_format = \"{day}. {month} {year}\""),
    (
        "quotes",
        "quotes = [\"“\", \"”\", \"‘\", \"’\"]  (the outer pair, then the nested pair)",
    ),
    ("decimal_separator", "decimal_separator = \",\""),
];

fn default_theme() -> String {
    "default".into()
}
fn yes() -> bool {
    true
}

impl Language {
    pub fn collator(&self) -> Collator {
        Collator::new(&self.alphabet)
    }

    /// The plural category of a count in this language, for choosing between
    /// the forms of a UI string: Estonian `one` for 1 and `other` for the
    /// rest; Russian `one` (1, 21), `few` (2–4, 22–24), `many` (0, 5–20, 25).
    #[allow(
        dead_code,
        reason = "no output chooses plural forms yet; the rules are configuration already"
    )]
    pub fn plural(&self, count: u64) -> PluralCategory {
        self.plurals.select(count)
    }

    /// Completes a `[[languages]]` table from its preset. Problems are added
    /// to `problems`, each with its line; `None` if there were any.
    fn from_toml(
        table: LanguageToml,
        shown_as: &Path,
        line_of: &dyn Fn(usize) -> usize,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<Language> {
        let before = problems.len();
        let code_line = line_of(table.code.span().start);
        let code = table.code.into_inner();
        let valid = !code.is_empty() && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !valid {
            problems.push(
                Diagnostic::error(
                    shown_as,
                    code_line,
                    format!("language code `{code}` must be letters, digits or `-`"),
                )
                .with_hint("use a BCP 47 language code such as \"et\" or \"ru\""),
            );
        }
        let preset: Option<&Preset> = presets::preset(&code);
        // The language part is lower case (`et-EE`: the region is not).
        let (language, region) = code.split_at(code.find('-').unwrap_or(code.len()));
        let lower = format!("{}{region}", language.to_lowercase());
        if lower != code && presets::preset(&lower).is_some() {
            problems.push(
                Diagnostic::error(
                    shown_as,
                    code_line,
                    format!("language code `{code}`: file names and addresses use `{lower}`"),
                )
                .with_hint(format!("write code = \"{lower}\"")),
            );
        }
        let months_line = table.months.as_ref().map(|m| line_of(m.span().start));
        let quotes_line = table.quotes.as_ref().map(|q| line_of(q.span().start));

        let alphabet = table.alphabet.or_else(|| preset.map(|p| p.alphabet.into()));
        let months = table
            .months
            .map(Spanned::into_inner)
            .or_else(|| preset.map(|p| p.months.iter().map(ToString::to_string).collect()));
        let date_format = table
            .date_format
            .or_else(|| preset.map(|p| p.date_format.into()));
        let quotes = table
            .quotes
            .map(Spanned::into_inner)
            .or_else(|| preset.map(|p| p.quotes.iter().map(ToString::to_string).collect()));
        let decimal_separator = table
            .decimal_separator
            .or_else(|| preset.map(|p| p.decimal_separator.into()));

        let given = [
            alphabet.is_some(),
            months.is_some(),
            date_format.is_some(),
            quotes.is_some(),
            decimal_separator.is_some(),
        ];
        let missing: Vec<(&str, &str)> = LOCALE_FIELDS
            .iter()
            .zip(given)
            .filter(|(_, given)| !given)
            .map(|(field, _)| *field)
            .collect();
        if valid && !missing.is_empty() {
            let names: Vec<&str> = missing.iter().map(|(name, _)| *name).collect();
            let examples: Vec<&str> = missing.iter().map(|(_, example)| *example).collect();
            problems.push(
                Diagnostic::error(
                    shown_as,
                    code_line,
                    format!(
                        "language `{code}` has no built-in locale data (raamat has them for {}), \
                         so its [[languages]] table must give {}",
                        presets::codes(),
                        names.join(", ")
                    ),
                )
                .with_hint(format!(
                    "add to that table, as the language writes them:\n    {}",
                    examples.join("\n    ")
                )),
            );
        }
        if let Some(months) = &months {
            if months.len() != 12 {
                problems.push(
                    Diagnostic::error(
                        shown_as,
                        months_line.unwrap_or(code_line),
                        format!("language `{code}` has {} month names, not 12", months.len()),
                    )
                    .with_hint("list January to December, each as written in a date"),
                );
            }
        }
        if let Some(quotes) = &quotes {
            if quotes.len() != 2 && quotes.len() != 4 {
                problems.push(
                    Diagnostic::error(
                        shown_as,
                        quotes_line.unwrap_or(code_line),
                        format!("language `{code}`: quotes needs 2 or 4 marks"),
                    )
                    .with_hint(
                        "the opening and the closing mark, then the pair for a quote inside a quote",
                    ),
                );
            }
        }
        let plurals = match &table.plurals {
            Some(rules) => {
                let parsed = PluralRules::parse(
                    rules
                        .get_ref()
                        .iter()
                        .map(|(category, rule)| (category.as_str(), rule.as_str())),
                );
                parsed
                    .map_err(|e| {
                        problems.push(
                            Diagnostic::error(
                                shown_as,
                                line_of(rules.span().start),
                                format!("language `{code}`: {e}"),
                            )
                            .with_hint(
                                "write each rule as in CLDR's plurals.xml, \
                                 e.g. plurals = { one = \"i = 1 and v = 0\" }",
                            ),
                        )
                    })
                    .ok()
            }
            // Without rules every count is `other`, as for a language
            // without plural forms.
            None => Some(preset.map_or_else(PluralRules::default, |p| {
                PluralRules::parse(p.plurals.iter().copied()).expect("built-in plural rules parse")
            })),
        };
        if problems.len() > before {
            return None;
        }
        Some(Language {
            code,
            name: table.name,
            title: table.title,
            description: table.description,
            alphabet: alphabet?,
            months: months?,
            date_format: date_format?,
            quotes: quotes?,
            decimal_separator: decimal_separator?,
            plurals: plurals?,
            stemmer: table
                .stemmer
                .or_else(|| preset.map(|p| p.stemmer.to_string())),
        })
    }
}

impl Config {
    /// Reads and validates `raamat.toml`; every problem is returned with its line.
    pub fn load(path: &Path, shown_as: &Path) -> Result<Config, Vec<Diagnostic>> {
        let diags = crate::diagnostics::Diagnostics::default();
        let text = crate::source::read_text(path, shown_as, &diags);
        let mut problems = diags.into_sorted();
        match text.map(|t| Self::parse(&t, shown_as)) {
            Some(Ok(config)) if problems.is_empty() => Ok(config),
            Some(Err(more)) => {
                problems.extend(more);
                Err(problems)
            }
            _ => Err(problems),
        }
    }

    pub fn parse(text: &str, shown_as: &Path) -> Result<Config, Vec<Diagnostic>> {
        let lines = LineIndex::new(text);
        let line_of = |offset: usize| lines.line_col(text, offset).0;
        let raw: ConfigToml = toml::from_str(text).map_err(|e| {
            let (line, col) = e
                .span()
                .map(|s| lines.line_col(text, s.start))
                .unwrap_or((0, 0));
            vec![
                Diagnostic::error(shown_as, line, e.message().trim().to_string())
                    .at_column(col)
                    .with_hint("see the configuration reference in README.md"),
            ]
        })?;
        let mut problems = Vec::new();
        if raw.languages.is_empty() {
            problems.push(
                Diagnostic::error(shown_as, 0, "no languages configured")
                    .with_hint("add a [[languages]] table with code, name and title"),
            );
        }
        let mut seen = std::collections::BTreeSet::new();
        let mut languages = Vec::new();
        for table in raw.languages {
            if !seen.insert(table.code.get_ref().clone()) {
                problems.push(
                    Diagnostic::error(
                        shown_as,
                        line_of(table.code.span().start),
                        format!("language `{}` is listed twice", table.code.get_ref()),
                    )
                    .with_hint("remove one of the two [[languages]] tables"),
                );
            }
            languages.extend(Language::from_toml(
                table,
                shown_as,
                &line_of,
                &mut problems,
            ));
        }
        let base_url = raw.base_url.get_ref();
        if !base_url.starts_with("http://") && !base_url.starts_with("https://") {
            problems.push(
                Diagnostic::error(
                    shown_as,
                    line_of(raw.base_url.span().start),
                    "base_url must be an absolute http(s) URL",
                )
                .with_hint("for example base_url = \"https://juhend.example.ee/\""),
            );
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Config {
            base_url: raw.base_url.into_inner(),
            theme: raw.theme,
            missing_translation: raw.missing_translation,
            smart_punctuation: raw.smart_punctuation,
            course_raw_html: raw.course_raw_html,
            languages,
            accessibility: raw.accessibility,
            print_pages: raw.print_pages,
            offline_copies: raw.offline_copies,
            search: raw.search,
        })
    }

    pub fn language_index(&self, code: &str) -> Option<usize> {
        self.languages.iter().position(|l| l.code == code)
    }

    /// `base_url` with exactly one trailing slash.
    pub fn base_url(&self) -> String {
        format!("{}/", self.base_url.trim_end_matches('/'))
    }

    /// The path part of `base_url` (`/` or `/juhend/`): the prefix of every site link.
    pub fn base_path(&self) -> String {
        let after_scheme = self.base_url.split_once("://").map_or("", |(_, r)| r);
        let path = after_scheme.split_once('/').map_or("", |(_, p)| p);
        let path = path.trim_matches('/');
        if path.is_empty() {
            "/".into()
        } else {
            format!("/{path}/")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Config, Language};
    use crate::i18n::plurals::PluralCategory::{self, *};
    use std::path::Path;

    fn languages(tables: &str) -> Vec<Language> {
        let text = format!("base_url = \"https://example.org/\"\n{tables}");
        match Config::parse(&text, Path::new("raamat.toml")) {
            Ok(config) => config.languages,
            Err(problems) => panic!("{problems:#?}"),
        }
    }

    /// The form of a UI string for `n`, from one form per category.
    fn form(lang: &Language, n: u64, forms: &[(PluralCategory, &str)]) -> String {
        let category = lang.plural(n);
        let word = forms
            .iter()
            .find(|(c, _)| *c == category)
            .map_or("?", |(_, w)| w);
        format!("{n} {word}")
    }

    #[test]
    fn a_language_code_in_capitals_is_an_error_at_its_line() {
        let text = "base_url = \"https://example.ee/\"\n\
                    [[languages]]\ncode = \"et\"\nname = \"Eesti\"\ntitle = \"T\"\n\
                    [[languages]]\ncode = \"RU\"\nname = \"Русский\"\ntitle = \"T\"\n";
        let errors = Config::parse(text, Path::new("raamat.toml")).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line, 7, "{errors:?}");
        assert_eq!(errors[0].hint.as_deref(), Some("write code = \"ru\""));
    }

    #[test]
    fn built_in_plural_rules_choose_the_form_of_a_count() {
        let langs = languages(
            "[[languages]]\ncode = \"et\"\nname = \"Eesti\"\ntitle = \"T\"\n\
             [[languages]]\ncode = \"ru\"\nname = \"Русский\"\ntitle = \"T\"\n",
        );
        let et = [(One, "lehekülg"), (Other, "lehekülge")];
        let et_forms: Vec<String> = [1, 2, 21].map(|n| form(&langs[0], n, &et)).into();
        assert_eq!(et_forms, ["1 lehekülg", "2 lehekülge", "21 lehekülge"]);
        let ru = [(One, "страница"), (Few, "страницы"), (Many, "страниц")];
        let ru_forms: Vec<String> = [1, 2, 5, 11, 21, 22, 112]
            .map(|n| form(&langs[1], n, &ru))
            .into();
        assert_eq!(
            ru_forms,
            [
                "1 страница",
                "2 страницы",
                "5 страниц",
                "11 страниц",
                "21 страница",
                "22 страницы",
                "112 страниц"
            ]
        );
    }

    #[test]
    fn plural_rules_are_configuration_too() {
        let lv_locale = "alphabet = \"a b\"\nmonths = [\"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\", \"8\", \"9\", \"10\", \"11\", \"12\"]\n\
                         date_format = \"{day}.{mm}.{year}\"\nquotes = [\"«\", \"»\"]\ndecimal_separator = \",\"\n";
        let langs = languages(&format!(
            "[[languages]]\ncode = \"lv\"\nname = \"Latviešu\"\ntitle = \"T\"\n{lv_locale}\
             plurals = {{ zero = \"n % 10 = 0 or n % 100 = 11..19 or v = 2 and f % 100 = 11..19\", \
                          one = \"n % 10 = 1 and n % 100 != 11 or v = 2 and f % 10 = 1 and f % 100 != 11 or v != 2 and f % 10 = 1\" }}\n\
             [[languages]]\ncode = \"xx\"\nname = \"X\"\ntitle = \"T\"\n{lv_locale}\
             [[languages]]\ncode = \"ru\"\nname = \"Русский\"\ntitle = \"T\"\nplurals = {{ one = \"n = 1\" }}\n"
        ));
        let of = |lang: &Language| [0, 1, 2, 11, 21].map(|n| lang.plural(n));
        // Latvian, from CLDR: zero, one, other.
        assert_eq!(of(&langs[0]), [Zero, One, Other, Zero, One]);
        // A language without a preset or rules has a single form.
        assert_eq!(of(&langs[1]), [Other; 5]);
        // A rule in raamat.toml replaces the built-in ones.
        assert_eq!(of(&langs[2]), [Other, One, Other, Other, Other]);
    }
}
