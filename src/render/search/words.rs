//! Words as the search index and its queries see them. The browser side
//! (themes/default/static/search.js, `normalize` and `words`) must do the same.

use snowball_stemmers_rs::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;

/// The Snowball stemmer called `name` (as in `raamat.toml`: `estonian`, `russian`, …).
pub fn stemmer(name: &str) -> Option<Stemmer> {
    let algorithm = match name {
        "arabic" => Algorithm::Arabic,
        "armenian" => Algorithm::Armenian,
        "basque" => Algorithm::Basque,
        "catalan" => Algorithm::Catalan,
        "czech" => Algorithm::Czech,
        "danish" => Algorithm::Danish,
        "dutch" => Algorithm::Dutch,
        "english" => Algorithm::English,
        "estonian" => Algorithm::Estonian,
        "finnish" => Algorithm::Finnish,
        "french" => Algorithm::French,
        "german" => Algorithm::German,
        "greek" => Algorithm::Greek,
        "hungarian" => Algorithm::Hungarian,
        "irish" => Algorithm::Irish,
        "italian" => Algorithm::Italian,
        "lithuanian" => Algorithm::Lithuanian,
        "norwegian" => Algorithm::Norwegian,
        "polish" => Algorithm::Polish,
        "portuguese" => Algorithm::Portuguese,
        "romanian" => Algorithm::Romanian,
        "russian" => Algorithm::Russian,
        "serbian" => Algorithm::Serbian,
        "spanish" => Algorithm::Spanish,
        "swedish" => Algorithm::Swedish,
        "turkish" => Algorithm::Turkish,
        "ukrainian" => Algorithm::Ukrainian,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

/// A word as it is looked up: NFC, lower case, `ё` as `е`.
pub fn normalize(word: &str) -> String {
    let lower = |c: char| c.to_lowercase().map(|c| if c == 'ё' { 'е' } else { c });
    // Text is nearly always NFC already; checking is much cheaper than composing.
    match unicode_normalization::is_nfc_quick(word.chars()) {
        unicode_normalization::IsNormalized::Yes => word.chars().flat_map(lower).collect(),
        _ => word.nfc().flat_map(lower).collect(),
    }
}

/// The words of a text, normalized. A word is a run of letters and digits; an
/// apostrophe or a hyphen inside one splits it, so `MARAC-ide`, `KOV'ile` and
/// `SMIT´ile` give the acronym as a word of its own.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(normalize)
        .collect()
}

/// A word without its diacritics (`võrgustikutöö` → `vorgustikutoo`), for readers
/// who type without them.
pub fn fold(word: &str) -> String {
    word.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_with_case_endings_split_off_the_ending() {
        assert_eq!(
            words("MARAC-ide ja KOV'ile, SMIT´ile"),
            ["marac", "ide", "ja", "kov", "ile", "smit", "ile"]
        );
    }

    #[test]
    fn yo_is_ye_and_diacritics_fold() {
        assert_eq!(normalize("Ёлка"), "елка");
        assert_eq!(fold("võrgustikutöö"), "vorgustikutoo");
        assert_eq!(fold("šokk"), "sokk");
    }

    #[test]
    fn estonian_and_russian_stemmers_group_inflected_forms() {
        let et = stemmer("estonian").unwrap();
        assert_eq!(et.stem("juhtumikorraldajale"), et.stem("juhtumikorraldaja"));
        let ru = stemmer("russian").unwrap();
        assert_eq!(ru.stem("договоре"), ru.stem("договор"));
        assert!(stemmer("klingon").is_none());
    }
}
