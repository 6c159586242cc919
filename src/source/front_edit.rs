//! Changing single fields of a file's front matter and nothing else: every other
//! byte of the file stays as the author wrote it. Used by `raamat translate`
//! (provenance, translated titles); files are replaced in one atomic rename.

use std::io::Write;
use std::path::Path;

/// Sets (`Some`) or removes (`None`) top-level string fields of the front
/// matter of `text`. `Err` says why the file cannot be edited.
pub fn set_fields(text: &str, fields: &[(&str, Option<&str>)]) -> Result<String, String> {
    let body_start = text.strip_prefix('\u{feff}').map_or(0, |_| 3);
    let first = text[body_start..]
        .split_inclusive('\n')
        .next()
        .unwrap_or("");
    let fence = first.trim_end();
    if fence != "+++" && fence != "---" {
        return Err("the file does not start with front matter".into());
    }
    let start = body_start + first.len();
    let mut end = None;
    let mut pos = start;
    for line in text[start..].split_inclusive('\n') {
        if line.trim_end() == fence {
            end = Some(pos);
            break;
        }
        pos += line.len();
    }
    let end = end.ok_or("its front matter is never closed")?;
    let raw = &text[start..end];
    let newline = if first.ends_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let edited = if fence == "+++" {
        set_toml(raw, fields, newline)?
    } else {
        set_yaml(raw, fields, newline)
    };
    Ok(format!("{}{edited}{}", &text[..start], &text[end..]))
}

/// TOML front matter, edited in its text: a value is replaced where it
/// stands (the author's spacing and comment stay), a new field goes on a line
/// of its own after the last top-level one, a removed field takes its lines
/// with it. Every other byte stays, line endings included.
fn set_toml(raw: &str, fields: &[(&str, Option<&str>)], newline: &str) -> Result<String, String> {
    let mut text = raw.to_string();
    for (key, value) in fields {
        let doc = toml_edit::ImDocument::parse(text.as_str())
            .map_err(|e| format!("its front matter is not valid TOML: {}", e.message()))?;
        let table = doc.as_table();
        let found = match table.get_key_value(key) {
            Some((k, item)) => match (k.span(), item.as_value().and_then(|v| v.span())) {
                (Some(k), Some(v)) => Some((k.start, v)),
                _ => return Err(format!("its `{key}` is not a single value")),
            },
            None => None,
        };
        let line_end = |at: usize| text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
        let (range, replacement) = match (found, value) {
            (Some((_, v)), Some(new)) => (v, toml_edit::Value::from(*new).to_string()),
            (Some((k, v)), None) => {
                let line_start = text[..k].rfind('\n').map_or(0, |i| i + 1);
                (line_start..line_end(v.end), String::new())
            }
            (None, Some(new)) => {
                let last = table
                    .iter()
                    .filter_map(|(_, item)| item.as_value()?.span())
                    .map(|v| line_end(v.end))
                    .max()
                    .unwrap_or(0);
                let value = toml_edit::Value::from(*new);
                (last..last, format!("{key} = {value}{newline}"))
            }
            (None, None) => continue,
        };
        text.replace_range(range, &replacement);
    }
    Ok(text)
}

/// YAML front matter, line by line: a field is one `key:` line at the start
/// of a line, with its indented continuation lines.
fn set_yaml(raw: &str, fields: &[(&str, Option<&str>)], newline: &str) -> String {
    let mut lines: Vec<String> = raw.split_inclusive('\n').map(str::to_string).collect();
    for (key, value) in fields {
        let prefix = format!("{key}:");
        let at = lines.iter().position(|l| l.starts_with(&prefix));
        let new_line = value.map(|v| {
            let quoted = serde_json::to_string(v).expect("a string serialises");
            format!("{key}: {quoted}{newline}")
        });
        match (at, new_line) {
            (Some(i), new_line) => {
                let mut j = i + 1;
                while j < lines.len() && (lines[j].starts_with(' ') || lines[j].starts_with('\t')) {
                    j += 1;
                }
                lines.splice(i..j, new_line);
            }
            (None, Some(l)) => {
                if lines.last().is_some_and(|last| !last.ends_with('\n')) {
                    lines.last_mut().expect("non-empty").push_str(newline);
                }
                lines.push(l);
            }
            (None, None) => {}
        }
    }
    lines.concat()
}

/// Writes `bytes` to `path` through a temporary file beside it and one rename,
/// so a reader never sees half a file; the file keeps the permissions of
/// `like` (the file itself, or for a new file its original).
pub fn write_atomic(path: &Path, bytes: &[u8], like: &Path) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".raamat-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    if let Ok(meta) = std::fs::metadata(like) {
        std::fs::set_permissions(tmp.path(), meta.permissions())?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::set_fields;

    #[test]
    fn toml_fields_change_and_nothing_else() {
        let text =
            "+++\ntitle = \"Hindamine\"  # pealkiri\nweight = 2\n\n[extra]\nx = 1\n+++\nKeha\n";
        let out = set_fields(
            text,
            &[
                ("title", Some("Оценка")),
                ("translated_from", Some("0123456789abcdef")),
            ],
        )
        .unwrap();
        assert_eq!(
            out,
            "+++\ntitle = \"Оценка\"  # pealkiri\nweight = 2\ntranslated_from = \"0123456789abcdef\"\n\n[extra]\nx = 1\n+++\nKeha\n"
        );
        let again = set_fields(&out, &[("translated_from", Some("ffff"))]).unwrap();
        assert!(again.contains("translated_from = \"ffff\"\n"));
        assert_eq!(again.matches("translated_from").count(), 1);
        let removed = set_fields(&again, &[("weight", None)]).unwrap();
        assert!(!removed.contains("weight"));
    }

    #[test]
    fn toml_keeps_every_other_byte() {
        // Mixed line endings, a BOM: only the edited lines change.
        let text = "\u{feff}+++\r\ntitle = \"A\"\r\nslug = \"a\"\nweight = 1\r\n+++\r\nKeha\n";
        let out = set_fields(
            text,
            &[
                ("title", Some("B")),
                ("slug", None),
                ("translated_from", Some("ab12")),
            ],
        )
        .unwrap();
        assert_eq!(
            out,
            "\u{feff}+++\r\ntitle = \"B\"\r\nweight = 1\r\ntranslated_from = \"ab12\"\r\n+++\r\nKeha\n"
        );
    }

    #[test]
    fn yaml_and_crlf() {
        let text =
            "---\r\ntitle: Hindamine\r\ndescription: >\r\n  pikk\r\n  kirjeldus\r\n---\r\nKeha\r\n";
        let out = set_fields(
            text,
            &[
                ("description", Some("Lühike: \"x\"")),
                ("translated_from", Some("ab12")),
            ],
        )
        .unwrap();
        assert_eq!(
            out,
            "---\r\ntitle: Hindamine\r\ndescription: \"Lühike: \\\"x\\\"\"\r\ntranslated_from: \"ab12\"\r\n---\r\nKeha\r\n"
        );
        let parsed =
            crate::source::front_matter::split(&out, std::path::Path::new("a.md")).unwrap();
        assert_eq!(parsed.front.description, "Lühike: \"x\"");
        assert!(set_fields("Keha", &[("title", Some("x"))]).is_err());
    }
}
