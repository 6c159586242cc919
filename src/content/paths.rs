//! Source paths as authors write them in links, and URL-safe output paths.

/// Joins `rel` onto the folder `base` (both `/`-separated, relative to
/// `content/`), resolving `.` and `..`. `None` if it climbs above `content/`.
pub fn join(base: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Decodes `%XX` escapes (`minu%20leht.md`), as editors and GitHub write
/// spaces and letters in links. A path that does not decode to text stays as written.
pub fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let hex = |i: usize| bytes.get(i).and_then(|&b| (b as char).to_digit(16));
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (b, ..) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("minu%20leht.md"), "minu leht.md");
        assert_eq!(percent_decode("v%C3%B5rk.svg"), "võrk.svg");
        assert_eq!(percent_decode("100%.md"), "100%.md");
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("%FF.md"), "%FF.md");
    }

    #[test]
    fn joins_relative_paths() {
        assert_eq!(join("handbook", "../about.md").unwrap(), "about.md");
        assert_eq!(join("handbook/a", "./b.md").unwrap(), "handbook/a/b.md");
        assert!(join("", "../x.md").is_none());
    }
}
