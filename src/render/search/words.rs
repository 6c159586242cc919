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
fn normalize_into(word: &str, out: &mut String) {
    if word.is_ascii() {
        out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
        return;
    }
    let mut push = |c: char| match c {
        // Lower case already (Latin-1 and Cyrillic): most letters of a text,
        // spared the case tables.
        'ß'..='ÿ' | 'а'..='я' | 'ѐ' | 'ђ'..='џ' => out.push(c),
        'ё' => out.push('е'),
        _ => out.extend(c.to_lowercase().map(|c| if c == 'ё' { 'е' } else { c })),
    };
    if crate::i18n::nfc::is_nfc(word) {
        word.chars().for_each(&mut push);
    } else {
        word.nfc().for_each(&mut push);
    }
}

/// Whether `c` belongs to a word: a letter or a digit (`char::is_alphanumeric`),
/// with the ranges of Estonian and Russian text answered without the tables.
fn is_word_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\0'..='\x7f' | '×' | '÷' => false,
        'À'..='ÿ' | 'Ā'..='ɏ' | 'Ѐ'..='ҁ' | 'Ҋ'..='ԯ' => true,
        _ => c.is_alphanumeric(),
    }
}

/// Calls `f` with each word of `text`, normalized. A word is a run of letters
/// and digits; an apostrophe or a hyphen inside one splits it, so `MARAC-ide`,
/// `KOV'ile` and `SMIT´ile` give the acronym as a word of its own.
pub fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    // One pass: a word of letters that are already what they are looked up
    // as (lower case, NFC: most of Estonian and Russian text) is copied as it
    // is read; any other word is normalized whole once it has ended.
    let mut buf = String::new();
    let mut start = None;
    let mut plain = true;
    let mut end_word = |start: usize, end: usize, plain: bool, buf: &mut String| {
        if !plain {
            buf.clear();
            normalize_into(&text[start..end], buf);
        }
        f(buf);
    };
    for (i, c) in text.char_indices() {
        if !is_word_char(c) {
            if let Some(s) = start.take() {
                end_word(s, i, plain, &mut buf);
            }
            continue;
        }
        if start.is_none() {
            start = Some(i);
            buf.clear();
            plain = true;
        }
        if plain {
            match c {
                'a'..='z' | '0'..='9' | 'ß'..='ÿ' | 'а'..='я' | 'ѐ' | 'ђ'..='џ' => {
                    buf.push(c)
                }
                'A'..='Z' => buf.push(c.to_ascii_lowercase()),
                'ё' => buf.push('е'),
                _ => plain = false,
            }
        }
    }
    if let Some(s) = start {
        end_word(s, text.len(), plain, &mut buf);
    }
}

/// A word without its diacritics (`võrgustikutöö` → `vorgustikutoo`), for readers
/// who type without them.
pub fn fold(word: &str) -> String {
    if word.is_ascii() {
        return word.to_string();
    }
    word.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let mut all = Vec::new();
        for_each_word(text, |w| all.push(w.to_string()));
        all
    }

    #[test]
    fn acronyms_with_case_endings_split_off_the_ending() {
        assert_eq!(
            words("MARAC-ide ja KOV'ile, SMIT´ile"),
            ["marac", "ide", "ja", "kov", "ile", "smit", "ile"]
        );
    }

    #[test]
    fn the_short_cuts_agree_with_the_unicode_tables() {
        for c in (0..0x600u32).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
            let mut fast = String::new();
            normalize_into(&c.to_string(), &mut fast);
            let slow: String = c
                .to_string()
                .nfc()
                .flat_map(char::to_lowercase)
                .map(|c| if c == 'ё' { 'е' } else { c })
                .collect();
            assert_eq!(fast, slow, "{c:?}");
        }
    }

    #[test]
    fn words_read_in_one_pass_are_the_words_split_and_normalized() {
        let reference = |text: &str| -> Vec<String> {
            text.split(|c: char| !is_word_char(c))
                .filter(|w| !w.is_empty())
                .map(|w| {
                    let mut out = String::new();
                    normalize_into(w, &mut out);
                    out
                })
                .collect()
        };
        let pieces = [
            "Juhtumikorraldaja",
            "võrgustikutöö",
            "ÕIGUS",
            "Šokk",
            "žürii",
            "Ёлка",
            "ёж",
            "Договор",
            "СЛУЧАЙ",
            "ђак",
            "e\u{301}",
            "o\u{303}u",
            "Ǆ",
            "ǅemal",
            "ﬁnants",
            "Σίσυφος",
            "MARAC-ide",
            "KOV'ile",
            "12,5",
            "×",
            "÷",
            "§",
            "«цитата»",
            " ",
            "\u{a0}",
            "—",
            "x²",
            "İstanbul",
            "ΑΒΓ",
            "日本語",
            "",
            "١٢٣",
            "Ⅻ",
            "\u{2028}",
        ];
        // Every piece, and every pair of pieces run together, alone and in a text.
        let mut texts: Vec<String> = pieces.iter().map(|p| p.to_string()).collect();
        for a in pieces {
            for b in pieces {
                texts.push(format!("{a}{b}"));
                texts.push(format!("{a} {b}, {a}{b}."));
            }
        }
        for text in &texts {
            assert_eq!(words(text), reference(text), "{text:?}");
        }
    }

    #[test]
    fn yo_is_ye_and_diacritics_fold() {
        assert_eq!(words("Ёлка"), ["елка"]);
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
