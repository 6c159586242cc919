//! Text files must be UTF-8. Files saved by older Windows editors are often
//! Windows-1252 or ISO-8859-15 (Estonian) or Windows-1251 (Russian); the error
//! names the line and byte where the text stops being UTF-8 and the likely
//! encoding, so the author knows how to save it.

use crate::diagnostics::Diagnostic;
use std::path::Path;

/// Reads `path` as UTF-8 text; `shown` names it in messages.
pub fn read_text(path: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(shown, 0, format!("cannot read: {e}")))?;
    String::from_utf8(bytes).map_err(|e| not_utf8(shown, e.as_bytes(), e.utf8_error()))
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

    fn error_for(bytes: &[u8]) -> Diagnostic {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.et.md");
        std::fs::write(&p, bytes).unwrap();
        read_text(&p, Path::new("content/a.et.md")).unwrap_err()
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
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        std::fs::write(&p, "Õun ja ёлка").unwrap();
        assert_eq!(read_text(&p, &p).unwrap(), "Õun ja ёлка");
        let d = error_for(b"\xFF\xFEa\x00");
        assert!(d.hint.unwrap().contains("UTF-16"));
    }
}
