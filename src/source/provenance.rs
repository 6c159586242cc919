//! What a translation was made from: a hash of a file's meaningful text (front
//! matter title and description, and the body) that reformatting does not change,
//! and the text's blocks, which the stale report compares paragraph by paragraph.

use super::front_matter::split_as;
use sha2::{Digest, Sha256};
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

/// The front matter field a translation records its original's hash in.
pub const FIELD: &str = "translated_from";

/// One block of a body: lines up to a blank line, white space collapsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Line in the file (1-based) where the block starts.
    pub line: usize,
    pub text: String,
}

/// `text` in NFC with every run of white space made one space, trimmed.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut join = |text: &str| {
        for word in text.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
    };
    if crate::i18n::nfc::is_nfc(text) {
        join(text);
    } else {
        join(&text.nfc().collect::<String>());
    }
    out
}

/// The blocks of `body`, which starts on line `first_line` of its file. Line
/// breaks inside a block, indentation and the number of blank lines between
/// blocks do not change them.
pub fn blocks(body: &str, first_line: usize) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, line) in body.lines().enumerate() {
        if line.trim().is_empty() {
            if let Some((line, text)) = current.take() {
                out.push(Block {
                    line,
                    text: collapse(&text),
                });
            }
            continue;
        }
        let (_, text) = current.get_or_insert_with(|| (first_line + i, String::new()));
        text.push(' ');
        text.push_str(line);
    }
    if let Some((line, text)) = current {
        out.push(Block {
            line,
            text: collapse(&text),
        });
    }
    out
}

/// The provenance hash of a title, description and body: 16 hex digits.
pub fn hash(title: &str, description: &str, body: &str) -> String {
    let mut h = Sha256::new();
    for part in [collapse(title), collapse(description)] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    if crate::i18n::nfc::is_nfc(body) {
        // What `blocks` gives, fed to the hash word by word: every block of
        // an NFC body is NFC, so collapsing it only joins its words.
        let mut in_block = false;
        for line in body.lines() {
            let mut words = line.split_whitespace();
            let Some(first) = words.next() else {
                if std::mem::take(&mut in_block) {
                    h.update([0]);
                }
                continue;
            };
            if std::mem::replace(&mut in_block, true) {
                h.update(b" ");
            }
            h.update(first.as_bytes());
            for word in words {
                h.update(b" ");
                h.update(word.as_bytes());
            }
        }
        if in_block {
            h.update([0]);
        }
    } else {
        for b in blocks(body, 1) {
            h.update(b.text.as_bytes());
            h.update([0]);
        }
    }
    let digest = h.finalize();
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// Title, description and body of any Markdown file with front matter, also
/// one with fields this raamat does not know (an old revision from git).
pub struct Parts<'a> {
    pub title: String,
    pub description: String,
    pub body: &'a str,
    /// Line of the file where the body starts.
    pub body_line: usize,
}

pub fn parts<'a>(text: &'a str) -> Option<Parts<'a>> {
    #[derive(serde::Deserialize, Default)]
    struct Lenient {
        #[serde(default)]
        title: String,
        #[serde(default)]
        description: String,
    }
    let (front, body_offset, _): (Lenient, usize, usize) =
        split_as(text, Path::new(""), &[]).ok()?;
    Some(Parts {
        title: front.title,
        description: front.description,
        body: &text[body_offset..],
        body_line: text[..body_offset].matches('\n').count() + 1,
    })
}

/// The provenance hash of a whole file, `None` if it has no front matter.
pub fn hash_file(text: &str) -> Option<String> {
    let p = parts(text)?;
    Some(hash(&p.title, &p.description, p.body))
}

/// Line (1-based) of the `translated_from` field in `text`'s front matter.
pub fn field_line(text: &str) -> Option<usize> {
    let mut fences = 0;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        if t == "+++" || t == "---" {
            fences += 1;
            if fences == 2 {
                return None;
            }
        } else if t.starts_with(FIELD) {
            return Some(i + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "+++\ntitle = \"Hindamine\"\ndescription = \"Kuidas hinnata\"\n+++\n\n## Eesmärk\n\nHindamine on juhtumikorralduse alus. Hea hindamine\nvastab kolmele küsimusele.\n\n- esimene\n- teine\n";

    #[test]
    fn reformatting_keeps_the_hash() {
        let original = hash_file(PAGE).unwrap();
        let rewrapped = PAGE
            .replace(
                "alus. Hea hindamine\nvastab",
                "alus.   Hea\n   hindamine vastab",
            )
            .replace("\n\n## Eesmärk\n\n", "\n\n\n## Eesmärk  \n\n\n")
            .replace('\n', "\r\n")
            .replace("title = \"Hindamine\"", "title   =   \"Hindamine\"  ");
        assert_eq!(hash_file(&rewrapped).unwrap(), original);
        // The same text in YAML front matter is the same original.
        let yaml = PAGE.replacen(
            "+++\ntitle = \"Hindamine\"\ndescription = \"Kuidas hinnata\"\n+++",
            "---\ntitle: Hindamine\ndescription: Kuidas hinnata\n---",
            1,
        );
        assert_eq!(hash_file(&yaml).unwrap(), original);
    }

    #[test]
    fn real_edits_change_the_hash() {
        let original = hash_file(PAGE).unwrap();
        for edited in [
            PAGE.replace("kolmele", "neljale"),
            PAGE.replace("Hindamine\"", "Hindamise alused\""),
            PAGE.replace("Kuidas hinnata", "Kuidas hinnata abivajadust"),
            PAGE.replace("- teine\n", "- teine\n- kolmas\n"),
            // Splitting a paragraph in two is an edit, too.
            PAGE.replace("alus. Hea", "alus.\n\nHea"),
            PAGE.replace("ä", "a"),
        ] {
            assert_ne!(hash_file(&edited).unwrap(), original, "{edited}");
        }
    }

    #[test]
    fn the_hash_is_that_of_the_bodys_blocks() {
        // The hash that translations record: title, description and each
        // block, collapsed, every one followed by a zero byte.
        let by_blocks = |body: &str| {
            let mut h = Sha256::new();
            for part in ["Pealkiri", ""] {
                h.update(part.as_bytes());
                h.update([0]);
            }
            for b in blocks(body, 1) {
                h.update(b.text.as_bytes());
                h.update([0]);
            }
            h.finalize()[..8]
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        };
        for body in [
            "",
            "\n\n",
            "Üks  lõik\nsama\tlõik.\n\n\n  Teine\u{a0}lõik  \n",
            "Üks\r\nkaks\r\n\r\nkolm",
            "  \n\t\nРаз два\n\u{2003}\nтри",
            "- loend\n- teine\n\n| a | b |\n|---|---|\n",
            "Vo\u{303}rgustik\n\nto\u{308}o\u{308}",
        ] {
            assert_eq!(hash("Pealkiri", "", body), by_blocks(body), "{body:?}");
        }
        // Every kind of white space, and characters that only look like it.
        let pieces = [
            "a", "õž", "жё", " ", "\n", "\r\n", "\r", "\t", "\u{b}", "\u{c}", "\u{a0}", "\u{85}",
            "\u{1680}", "\u{2000}", "\u{200a}", "\u{200b}", "\u{2028}", "\u{2029}", "\u{202f}",
            "\u{205f}", "\u{3000}", "\u{feff}", "\u{1c}", "–", "…",
        ];
        let mut seed = 7u64;
        for _ in 0..3000 {
            let mut body = String::new();
            for _ in 0..12 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                body.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            assert_eq!(hash("Pealkiri", "", &body), by_blocks(&body), "{body:?}");
        }
    }

    #[test]
    fn blocks_know_their_lines() {
        let p = parts(PAGE).unwrap();
        let b = blocks(p.body, p.body_line);
        assert_eq!(b[0].line, 6);
        assert_eq!(b[0].text, "## Eesmärk");
        assert_eq!(
            b[1].text,
            "Hindamine on juhtumikorralduse alus. Hea hindamine vastab kolmele küsimusele."
        );
        assert_eq!(b[2].line, 11);
        assert_eq!(
            field_line("+++\ntitle = \"x\"\ntranslated_from = \"ab\"\n+++\n"),
            Some(3)
        );
    }
}
