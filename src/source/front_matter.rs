//! Splits a Markdown file into front matter and body, and reads the front matter
//! (TOML between `+++`, or YAML between `---`).

use crate::diagnostics::{line_of_key, Diagnostic, LineIndex};
use crate::i18n::dates::Date;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::path::Path;

/// What authors may set at the top of a page or section.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default)]
    pub weight: i64,
    /// This language's last URL segment, instead of the file name.
    pub slug: Option<String>,
    /// The line of `slug` in the file, for messages (0 without one).
    #[serde(skip)]
    pub slug_line: usize,
    #[serde(default)]
    pub description: String,
    #[serde(default, deserialize_with = "date_field")]
    pub date: Option<Date>,
    #[serde(default)]
    pub draft: bool,
    /// Template name instead of `page.html` / `section.html`.
    pub template: Option<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    /// Free data for custom templates.
    #[serde(default)]
    pub extra: toml::Table,
    /// In a translation: the provenance hash of the original it was translated
    /// from, written by `raamat translate mark` and `import`.
    pub translated_from: Option<String>,
}

const KNOWN_KEYS: &[&str] = &[
    "title",
    "weight",
    "slug",
    "description",
    "date",
    "draft",
    "template",
    "authors",
    "extra",
    "translated_from",
];

fn date_field<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Toml(toml::value::Datetime),
        Text(String),
    }
    let text = match Raw::deserialize(d)? {
        Raw::Toml(dt) => dt.to_string(),
        Raw::Text(s) => s,
    };
    Date::parse(&text)
        .map(Some)
        .ok_or_else(|| serde::de::Error::custom(format!("`{text}` is not a date like 2026-11-22")))
}

/// A file split into its parts; `body_offset` is the byte where the body starts.
pub struct Split {
    pub front: FrontMatter,
    pub body_offset: usize,
}

/// Splits and parses page front matter; errors name the line in `file`.
pub fn split(text: &str, file: &Path) -> Result<Split, Diagnostic> {
    let (mut front, body_offset, front_line): (FrontMatter, usize, usize) =
        split_as(text, file, KNOWN_KEYS)?;
    if front.slug.is_some() {
        front.slug_line = line_of_key(&text[..body_offset], "slug");
    }
    if front.title.trim().is_empty() {
        return Err(
            Diagnostic::error(file, front_line, "the front matter has no title")
                .with_hint("add a line such as title = \"Sissejuhatus\""),
        );
    }
    Ok(Split { front, body_offset })
}

/// Splits off front matter of any shape `T`; returns it, the body's byte
/// offset and the front matter's first line.
pub fn split_as<T: DeserializeOwned>(
    text: &str,
    file: &Path,
    known_keys: &[&str],
) -> Result<(T, usize, usize), Diagnostic> {
    let index = LineIndex::new(text);
    let text_no_bom = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bom = text.len() - text_no_bom.len();
    // The whole first line with its line break; the fence is what remains
    // after trailing white space (any, including U+00A0) is trimmed.
    let first_line_full = text_no_bom.split_inclusive('\n').next().unwrap_or("");
    let first_line = first_line_full.trim_end();
    let fence = match first_line {
        "+++" => "+++",
        "---" => "---",
        _ => {
            return Err(
                Diagnostic::error(file, 1, "the file does not start with front matter").with_hint(
                    "start the file with a line `+++`, then `title = \"…\"`, then `+++`",
                ),
            )
        }
    };
    let start = bom + first_line_full.len();
    let mut pos = start;
    let mut end = None;
    for line in text[start..].split_inclusive('\n') {
        if line.trim_end() == fence {
            end = Some((pos, pos + line.len()));
            break;
        }
        pos += line.len();
    }
    let Some((fm_end, body_offset)) = end else {
        return Err(Diagnostic::error(
            file,
            1,
            format!("front matter opened with `{fence}` is never closed"),
        )
        .with_hint(format!(
            "add a line `{fence}` after the last front matter field"
        )));
    };
    let raw = &text[start..fm_end];
    let front_line = index.line_col(text, start).0;
    let front = if fence == "+++" {
        parse_toml(raw, file, front_line, known_keys)?
    } else {
        parse_yaml(raw, file, front_line, known_keys)?
    };
    Ok((front, body_offset, front_line))
}

fn parse_toml<T: DeserializeOwned>(
    raw: &str,
    file: &Path,
    first_line: usize,
    known: &[&str],
) -> Result<T, Diagnostic> {
    toml::from_str::<T>(raw).map_err(|e| {
        let (line, col) = e
            .span()
            .map(|s| LineIndex::new(raw).line_col(raw, s.start))
            .unwrap_or((1, 0));
        let msg = e.message().trim().to_string();
        let d = Diagnostic::error(file, first_line + line - 1, format!("front matter: {msg}"))
            .at_column(col);
        with_key_hint(d, &msg, known)
    })
}

fn parse_yaml<T: DeserializeOwned>(
    raw: &str,
    file: &Path,
    first_line: usize,
    known: &[&str],
) -> Result<T, Diagnostic> {
    serde_yaml::from_str::<T>(raw).map_err(|e| {
        let msg = e.to_string();
        let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
        // Errors from a field's own check are located at the start of the
        // block; the line holding the quoted bad value is the useful one.
        let quoted = msg.split('`').nth(1).filter(|v| !v.is_empty());
        let value_line = if msg.starts_with("duplicate") {
            // The second `key:` line is the one to remove or rename.
            quoted.and_then(|key| {
                raw.lines()
                    .enumerate()
                    .filter(|(_, l)| l.strip_prefix(key).is_some_and(|r| r.starts_with(':')))
                    .nth(1)
                    .map(|(i, _)| i + 1)
            })
        } else {
            quoted
                .and_then(|v| raw.lines().position(|l| l.contains(v)))
                .map(|i| i + 1)
        };
        let line = value_line.or(e.location().map(|l| l.line())).unwrap_or(1);
        let d = Diagnostic::error(file, first_line + line - 1, format!("front matter: {msg}"));
        let d = with_key_hint(d, &msg, known);
        if msg.starts_with("duplicate") {
            d.with_hint("a field may appear once: remove this line or the earlier one")
        } else if d.hint.as_deref().is_some_and(|h| h.starts_with("TOML")) {
            d.with_hint("YAML front matter looks like: title: … / weight: 10 / date: 2026-11-22")
        } else {
            d
        }
    })
}

fn with_key_hint(d: Diagnostic, msg: &str, known: &[&str]) -> Diagnostic {
    if msg.contains("unknown field") {
        let unknown = msg.split('`').nth(1).unwrap_or("");
        match crate::diagnostics::closest(unknown, known.iter().copied()) {
            Some(k) => d.with_hint(format!(
                "did you mean `{k}`? Known fields: {}",
                known.join(", ")
            )),
            None => d.with_hint(format!("known fields are {}", known.join(", "))),
        }
    } else if msg.contains("missing field `title`") {
        d.with_hint("add a line such as title = \"Sissejuhatus\"")
    } else {
        d.with_hint("TOML front matter looks like: title = \"…\" / weight = 10 / date = 2026-11-22")
    }
}

#[cfg(test)]
mod tests {
    use super::split;
    use std::path::Path;

    #[test]
    fn toml_and_yaml() {
        let text = "+++\ntitle = \"Tere\"\nweight = 3\n+++\nBody\n";
        let s = split(text, Path::new("a.md")).unwrap();
        assert_eq!(s.front.title, "Tere");
        assert_eq!(s.front.weight, 3);
        assert_eq!(&text[s.body_offset..], "Body\n");
        let y = split(
            "---\ntitle: Привет\ndate: 2026-11-22\n---\nТекст",
            Path::new("b.md"),
        )
        .unwrap();
        assert_eq!(y.front.title, "Привет");
        assert_eq!(y.front.date.unwrap().day, 22);
    }

    #[test]
    fn any_white_space_after_a_fence_is_allowed() {
        for text in [
            "+++\u{a0}\ntitle=\"X\"\n+++\nKeha",
            "+++ \r\ntitle=\"X\"\r\n+++\u{2003}\r\nKeha",
            "\u{feff}---\u{a0}\ntitle: X\n---\nKeha",
        ] {
            let s = split(text, Path::new("a.md")).unwrap();
            assert_eq!(s.front.title, "X");
            let body = &text[s.body_offset..];
            assert!(body.trim_start().starts_with("Keha"), "{text:?}");
        }
        let e = split("+++\u{a0}", Path::new("a.md")).err().unwrap();
        assert!(e.message.contains("never closed"), "{}", e.message);
    }

    #[test]
    fn a_duplicate_yaml_key_points_at_its_second_line() {
        let e = split(
            "---\ntitle: A\nweight: 2\ntitle: B\n---\nTekst\n",
            Path::new("a.md"),
        )
        .err()
        .unwrap();
        assert_eq!(e.line, 4, "{}", e.message);
        assert!(e.message.contains("duplicate"), "{}", e.message);
        let e = split(
            "+++\ntitle = \"A\"\nweight = 2\ntitle = \"B\"\n+++\n",
            Path::new("a.md"),
        )
        .err()
        .unwrap();
        assert_eq!(e.line, 4, "TOML too: {}", e.message);
    }

    #[test]
    fn errors_name_the_line() {
        let e = split("+++\ntitle = \"x\"\nwieght = 3\n+++\n", Path::new("a.md"))
            .err()
            .unwrap();
        assert_eq!(e.line, 3);
        assert!(e.hint.unwrap().contains("weight"));
        let e = split("+++\ntitle = \"x\"\n", Path::new("a.md"))
            .err()
            .unwrap();
        assert!(e.message.contains("never closed"));
        let e = split(
            "+++\ntitle = \"x\"\ndate = \"soon\"\n+++\n",
            Path::new("a.md"),
        )
        .err()
        .unwrap();
        assert_eq!(e.line, 3);
    }
}
