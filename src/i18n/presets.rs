//! Built-in locale data, keyed by language code, so that a `[[languages]]`
//! table in `raamat.toml` needs only `code`, `name` and `title`. Any field
//! given there overrides the preset's value. A language without a preset
//! gives every field itself.
//!
//! The data are CLDR's (Unicode Common Locale Data Repository, `common/main/<code>.xml`
//! and `common/supplemental/plurals.xml`), checked against CLDR 49 as compiled
//! into ICU4X 2.4; where raamat deliberately differs, the field says so.
//!
//! ICU4X itself is not a dependency: its collator, date and number crates add
//! 2.6 MB to the binary and over a minute of CPU to a clean build, its Russian
//! collation puts `ё` among the `е` words instead of after them, and its date
//! and number formats differ from what these sites print ("22 ноября 2026 г.",
//! "1 234"). The commit that added this file has the measurements.

/// One language's built-in locale data. Field meanings as in
/// [`crate::config::Language`].
#[derive(Debug)]
pub struct Preset {
    /// BCP 47 primary language subtag.
    pub code: &'static str,
    pub alphabet: &'static str,
    pub months: [&'static str; 12],
    pub date_format: &'static str,
    pub quotes: [&'static str; 4],
    pub decimal_separator: &'static str,
    /// `(category, condition)` in CLDR plural rule syntax; see [`super::plurals`].
    pub plurals: &'static [(&'static str, &'static str)],
    /// The Snowball stemmer the search index uses.
    pub stemmer: &'static str,
}

/// Every built-in preset.
pub const PRESETS: &[Preset] = &[
    Preset {
        code: "et",
        // main exemplarCharacters, in CLDR's order, which is also the order of
        // CLDR's Estonian collation (`&s<š<z<ž` before t, `õ<ä<ö<ü` after w).
        alphabet: "a b c d e f g h i j k l m n o p q r s š z ž t u v w õ ä ö ü x y",
        // gregorian months, format context, wide.
        months: [
            "jaanuar",
            "veebruar",
            "märts",
            "aprill",
            "mai",
            "juuni",
            "juuli",
            "august",
            "september",
            "oktoober",
            "november",
            "detsember",
        ],
        // gregorian dateFormatLength long: `d. MMMM y`.
        date_format: "{day}. {month} {year}",
        // delimiters: quotationStart, quotationEnd, alternateQuotationStart, …End.
        quotes: ["„", "“", "‚", "‘"],
        // numbers, symbols (latn): decimal.
        decimal_separator: ",",
        plurals: &[("one", "i = 1 and v = 0")],
        stemmer: "estonian",
    },
    Preset {
        code: "ru",
        // main exemplarCharacters, in CLDR's order. CLDR's Russian collation
        // treats ё as е with a diacritic (еда < ёж < ежи); raamat sorts ё as a
        // letter of its own after е, as Russian readers expect in an index.
        alphabet: "а б в г д е ё ж з и й к л м н о п р с т у ф х ц ч ш щ ъ ы ь э ю я",
        // gregorian months, format context (genitive: "22 ноября"), wide.
        months: [
            "января",
            "февраля",
            "марта",
            "апреля",
            "мая",
            "июня",
            "июля",
            "августа",
            "сентября",
            "октября",
            "ноября",
            "декабря",
        ],
        // gregorian dateFormatLength long is `d MMMM y 'г'.`; raamat leaves out
        // the abbreviation "г." (year), as the site has always written dates.
        date_format: "{day} {month} {year}",
        // delimiters: « » outside, „ “ inside.
        quotes: ["«", "»", "„", "“"],
        decimal_separator: ",",
        plurals: &[
            ("one", "v = 0 and i % 10 = 1 and i % 100 != 11"),
            ("few", "v = 0 and i % 10 = 2..4 and i % 100 != 12..14"),
            (
                "many",
                "v = 0 and i % 10 = 0 or v = 0 and i % 10 = 5..9 or v = 0 and i % 100 = 11..14",
            ),
        ],
        stemmer: "russian",
    },
];

/// The preset for a language code, by its primary subtag (`et-EE` → `et`),
/// case-insensitively.
pub fn preset(code: &str) -> Option<&'static Preset> {
    let primary = code.split('-').next().unwrap_or(code);
    PRESETS
        .iter()
        .find(|p| p.code.eq_ignore_ascii_case(primary))
}

/// The codes that have a preset, for messages: `et, ru`.
pub fn codes() -> String {
    PRESETS
        .iter()
        .map(|p| p.code)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::{preset, PRESETS};
    use crate::i18n::plurals::PluralRules;

    #[test]
    fn every_preset_is_usable() {
        for p in PRESETS {
            assert!(
                PluralRules::parse(p.plurals.iter().copied()).is_ok(),
                "{}",
                p.code
            );
            let letters: Vec<&str> = p.alphabet.split(' ').collect();
            let mut unique = letters.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), letters.len(), "{}: a letter twice", p.code);
            assert!(p.date_format.contains("{month}"), "{}", p.code);
        }
    }

    #[test]
    fn found_by_primary_subtag() {
        assert_eq!(preset("et").unwrap().code, "et");
        assert_eq!(preset("ET-ee").unwrap().code, "et");
        assert_eq!(preset("ru-RU").unwrap().code, "ru");
        assert!(preset("fi").is_none());
        assert!(preset("e").is_none());
    }
}
