//! Whether text is already in Unicode NFC, answered cheaply for the letters of
//! Estonian and Russian text before the Unicode tables are asked.

/// Whether `text` is known to be NFC without composing it. Text nearly
/// always is, and checking is much cheaper than composing; for Latin and
/// Cyrillic letters a range check does it. `false` also where the tables
/// cannot tell without composing.
pub fn is_nfc(text: &str) -> bool {
    text.chars().all(surely_nfc)
        || unicode_normalization::is_nfc_quick(text.chars())
            == unicode_normalization::IsNormalized::Yes
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
        assert!(is_nfc("Võrgustikutöö, ёлка"));
        assert!(!is_nfc("Vo\u{303}rgustikuto\u{308}o\u{308}"));
    }
}
