//! Text files must be UTF-8. Files saved by older Windows editors are often
//! Windows-1252 or ISO-8859-15 (Estonian) or Windows-1251 (Russian); the error
//! names the line and byte where the text stops being UTF-8 and the likely
//! encoding, so the author knows how to save it.

use crate::diagnostics::{Diagnostic, Diagnostics, LineIndex};
use crate::escape::is_forbidden_in_xml;
use std::path::Path;

/// Reads `path` as UTF-8 text; `shown` names it in messages. Control
/// characters that no output can carry (all but tab, line feed and carriage
/// return; U+FFFE, U+FFFF) are left out, with a warning naming the first.
pub fn read_text(path: &Path, shown: &Path, diags: &Diagnostics) -> Option<String> {
    let bytes = std::fs::read(path)
        .map_err(|e| diags.push(Diagnostic::error(shown, 0, format!("cannot read: {e}"))))
        .ok()?;
    // Checked with SIMD first: the whole site's text passes here, and std's
    // check is slow on Estonian and Cyrillic text. std's says where it fails.
    let text = match simdutf8::basic::from_utf8(&bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => String::from_utf8(bytes)
            .map_err(|e| diags.push(not_utf8(shown, e.as_bytes(), e.utf8_error())))
            .ok()?,
    };
    Some(without_control_characters(text, shown, diags))
}

/// Whether `text` may hold a character [`is_forbidden_in_xml`]: a C0 control
/// byte, or the first byte of U+FFFE or U+FFFF. Bytes, not characters: a file
/// nearly never has one, and this is the whole file's scan.
fn may_have_forbidden(text: &str) -> bool {
    text.bytes()
        .any(|b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0xEF)
}

fn without_control_characters(text: String, shown: &Path, diags: &Diagnostics) -> String {
    if !may_have_forbidden(&text) {
        return text;
    }
    let Some(first) = text.find(is_forbidden_in_xml) else {
        return text;
    };
    let (line, column) = LineIndex::new(&text).line_col(&text, first);
    let c = text[first..].chars().next().unwrap_or_default();
    let count = text.chars().filter(|&c| is_forbidden_in_xml(c)).count();
    diags.push(
        Diagnostic::warning(
            shown,
            line,
            format!(
                "{count} control character(s) left out, the first U+{:04X} here",
                u32::from(c)
            ),
        )
        .at_column(column)
        .with_hint("they are invisible and come from pasting; delete them"),
    );
    text.chars().filter(|&c| !is_forbidden_in_xml(c)).collect()
}

fn not_utf8(shown: &Path, bytes: &[u8], e: std::str::Utf8Error) -> Diagnostic {
    let at = e.valid_up_to();
    let before = &bytes[..at];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&bytes[line_start..at])
        .chars()
        .count()
        + 1;
    let hint = match guess(bytes) {
        Some(name) => {
            format!("the file looks like {name}; open it in your editor and save it as UTF-8")
        }
        None => "open it in your editor and save it as UTF-8".to_string(),
    };
    Diagnostic::error(
        shown,
        line,
        format!(
            "the file is not UTF-8 text: byte {at} (0x{:02X}) is not valid UTF-8",
            bytes[at]
        ),
    )
    .at_column(column)
    .with_hint(hint)
}

/// The likely 8-bit encoding of a text that is not UTF-8, from its bytes
/// above 0x7F.
fn guess(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Some("UTF-16");
    }
    let high: Vec<u8> = bytes.iter().copied().filter(|&b| b >= 0x80).collect();
    if high.is_empty() {
        return None;
    }
    let share = |f: fn(u8) -> bool| high.iter().filter(|&&b| f(b)).count() * 10 / high.len();
    // õ ä ö ü Õ Ä Ö Ü, š ž Š Ž in Windows-1252 and ISO-8859-15, „ “ – in 1252.
    let estonian = |b: u8| {
        matches!(
            b,
            0xF5 | 0xE4
                | 0xF6
                | 0xFC
                | 0xD5
                | 0xC4
                | 0xD6
                | 0xDC
                | 0x9A
                | 0x9E
                | 0x8A
                | 0x8E
                | 0xA8
                | 0xB8
                | 0xA6
                | 0xB4
                | 0x84
                | 0x93
                | 0x94
                | 0x96
        )
    };
    // Cyrillic letters are 0xC0–0xFF in Windows-1251 (Ё ё at 0xA8, 0xB8).
    let cyrillic = |b: u8| b >= 0xC0 || b == 0xA8 || b == 0xB8 || b == 0xAB || b == 0xBB;
    let (est, cyr) = (share(estonian), share(cyrillic));
    if est >= 7 && est >= cyr {
        Some("Windows-1252 or ISO-8859-15 (common for Estonian text from older editors)")
    } else if cyr >= 7 {
        Some("Windows-1251 (common for Russian text from older editors)")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_scan_finds_every_forbidden_character() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            if is_forbidden_in_xml(c) {
                assert!(may_have_forbidden(&format!("õ{c}ж")), "{c:?}");
            }
        }
        assert!(!may_have_forbidden("Võrgustikutöö\tон\r\n“лёд” – 92,1 %"));
    }

    fn read(bytes: &[u8]) -> (Option<String>, Vec<Diagnostic>) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.et.md");
        std::fs::write(&p, bytes).unwrap();
        let diags = Diagnostics::default();
        let text = read_text(&p, Path::new("content/a.et.md"), &diags);
        (text, diags.into_sorted())
    }

    fn error_for(bytes: &[u8]) -> Diagnostic {
        let (text, mut d) = read(bytes);
        assert!(text.is_none());
        d.remove(0)
    }

    #[test]
    fn control_characters_are_left_out_with_a_warning() {
        let (text, d) = read("Pealkiri\r\nTeine\u{7} rida\u{0}\tlõpp\n".as_bytes());
        assert_eq!(text.unwrap(), "Pealkiri\r\nTeine rida\tlõpp\n");
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].line, d[0].column), (2, 6));
        assert!(
            d[0].message.starts_with("2 control character(s)"),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn estonian_in_windows_1252_names_line_byte_and_encoding() {
        // "Tere\nÕppimine on tähtis\n" with Õ = 0xD5 and ä = 0xE4.
        let d = error_for(b"+++\ntitle = \"x\"\n+++\nTere\n\xD5ppimine on t\xE4htis\n");
        assert_eq!(d.line, 5);
        assert_eq!(d.column, 1);
        assert!(d.message.contains("byte 25"), "{}", d.message);
        assert!(d.hint.unwrap().contains("Windows-1252"));
    }

    #[test]
    fn russian_in_windows_1251_is_named() {
        // "Привет мир" in Windows-1251, after some ASCII.
        let d = error_for(b"ab \xCF\xF0\xE8\xE2\xE5\xF2 \xEC\xE8\xF0");
        assert_eq!((d.line, d.column), (1, 4));
        assert!(d.hint.unwrap().contains("Windows-1251"));
    }

    #[test]
    fn utf8_reads_and_utf16_is_named() {
        let (text, d) = read("Õun ja ёлка".as_bytes());
        assert_eq!(text.unwrap(), "Õun ja ёлка");
        assert!(d.is_empty());
        let d = error_for(b"\xFF\xFEa\x00");
        assert!(d.hint.unwrap().contains("UTF-16"));
    }
}
