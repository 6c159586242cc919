//! Whether text is already in Unicode NFC, answered cheaply for the letters of
//! Estonian and Russian text before the Unicode tables are asked.

/// Whether `text` is known to be NFC without composing it. Text nearly
/// always is, and checking is much cheaper than composing; for Latin and
/// Cyrillic letters a range check does it. `false` also where the tables
/// cannot tell without composing.
pub fn is_nfc(text: &str) -> bool {
    surely_nfc_bytes(text.as_bytes())
        || text.chars().all(surely_nfc)
        || unicode_normalization::is_nfc_quick(text.chars())
            == unicode_normalization::IsNormalized::Yes
}

/// [`surely_nfc`] for every character, read from the UTF-8 bytes: ASCII and
/// continuation bytes, two-byte characters below U+0300 (lead bytes C2–CB), and
/// U+0400–U+052F less U+0483–U+0489 (lead bytes D0–D4). `false` for any
/// other lead byte, which the character check then decides.
fn surely_nfc_bytes(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        // Eight ASCII bytes at a time.
        if let Some(word) = bytes.get(i..i + 8) {
            let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
            if word & 0x8080_8080_8080_8080 == 0 {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        let next = bytes.get(i + 1).copied().unwrap_or(0);
        let ok = match b {
            // ASCII, and lead bytes below U+0300 (their continuation bytes are
            // below 0xC0 too).
            0..0xCC => true,
            0xD0 | 0xD1 | 0xD3 => true,
            0xD2 => !(0x83..=0x89).contains(&next),
            0xD4 => next < 0xB0,
            _ => false,
        };
        if !ok {
            return false;
        }
        // A Cyrillic letter's continuation byte needs no look of its own.
        i += if b >= 0xD0 { 2 } else { 1 };
    }
    true
}

/// Characters that are NFC in any text: they neither combine with what is
/// before them nor are reordered (Latin below the combining marks, Cyrillic
/// without its combining marks; a test checks both against the tables).
fn surely_nfc(c: char) -> bool {
    matches!(c as u32, 0..0x300 | 0x400..0x483 | 0x48A..0x530)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_short_cut_agrees_with_the_unicode_tables() {
        use unicode_normalization::char::canonical_combining_class;
        use unicode_normalization::{is_nfc_quick, IsNormalized};
        for c in (0..0x600u32)
            .filter_map(char::from_u32)
            .filter(|&c| surely_nfc(c))
        {
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
        }
        assert!(!surely_nfc('\u{301}') && !surely_nfc('\u{483}'));
        for c in (0..0x800u32).filter_map(char::from_u32) {
            for pad in 0..10 {
                let text = format!("{}{c}ьa{}", "a".repeat(pad), "ё ".repeat(pad));
                assert_eq!(
                    surely_nfc_bytes(text.as_bytes()),
                    text.chars().all(surely_nfc),
                    "{text:?}"
                );
            }
        }
        assert!(is_nfc("Võrgustikutöö, ёлка"));
        assert!(!is_nfc("Vo\u{303}rgustikuto\u{308}o\u{308}"));
    }
}
