//! URL slugs: lowercase ASCII words joined by `-`.
//!
//! Estonian letters are folded (õ→o, ä→a, ö→o, ü→u, š→s, ž→z). Cyrillic is
//! transliterated with GOST 7.79-2000 system B, simplified to plain letters: the
//! apostrophe-like signs (ъ, ь) are dropped and ы→y, э→e, ц→c, щ→shh, й→j,
//! ё→yo, ж→zh, х→x, ч→ch, ш→sh, ю→yu, я→ya. Any other letter loses its
//! diacritics (Unicode NFD); everything else becomes a separator.

use unicode_normalization::UnicodeNormalization;

fn cyrillic(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' => "e",
        'ё' => "yo",
        'ж' => "zh",
        'з' => "z",
        'и' => "i",
        'й' => "j",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "x",
        'ц' => "c",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shh",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'э' => "e",
        'ю' => "yu",
        'я' => "ya",
        'і' => "i",
        'ї' => "yi",
        'є' => "ye",
        'ґ' => "g",
        _ => return None,
    })
}

/// Turns any text (a title, a file name) into a URL slug.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    let push = |s: &str, out: &mut String, pending: &mut bool| {
        if s.is_empty() {
            return;
        }
        if *pending && !out.is_empty() {
            out.push('-');
        }
        *pending = false;
        out.push_str(s);
    };
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            push(c.encode_utf8(&mut [0; 4]), &mut out, &mut pending_dash);
        } else if let Some(t) = cyrillic(c) {
            push(t, &mut out, &mut pending_dash);
        } else if c.is_alphanumeric() {
            let folded: String = c.nfd().filter(char::is_ascii_alphanumeric).collect();
            if folded.is_empty() {
                pending_dash = true;
            } else {
                push(&folded, &mut out, &mut pending_dash);
            }
        } else if c == '\'' || c == '’' || c == '´' {
            // apostrophes inside words (Facebook’i, SMIT´ile) do not split them
        } else {
            pending_dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn folds_estonian_letters() {
        assert_eq!(slugify("Võrgustikutöö"), "vorgustikutoo");
        assert_eq!(slugify("ÕÄÖÜ šž"), "oaou-sz");
    }

    #[test]
    fn transliterates_cyrillic() {
        assert_eq!(slugify("Сетевая работа"), "setevaya-rabota");
        assert_eq!(slugify("Объём щётки"), "obyom-shhyotki");
        assert_eq!(slugify("Цель — ясность"), "cel-yasnost");
    }

    #[test]
    fn numbers_and_punctuation() {
        assert_eq!(slugify("2.1.3 Sekkumine"), "2-1-3-sekkumine");
        assert_eq!(slugify("  --Hello,  World!-- "), "hello-world");
        assert_eq!(slugify("Facebook’i KOV-ile"), "facebooki-kov-ile");
    }
}
