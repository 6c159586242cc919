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
/// spaces and letters in links. A `%` that starts no escape, or a path that
/// does not decode to text, stays as written.
pub fn percent_decode(path: &str) -> String {
    let (bytes, _) = decode_escapes(path);
    String::from_utf8(bytes).unwrap_or_else(|_| path.to_string())
}

/// The same for a URL from outside (a request to `serve`): `None` when a
/// `%` starts no escape or the result is not text.
pub fn percent_decode_strict(url: &str) -> Option<String> {
    match decode_escapes(url) {
        (bytes, false) => String::from_utf8(bytes).ok(),
        (_, true) => None,
    }
}

/// The bytes of `s` with each `%XX` decoded, and whether a `%` started none.
fn decode_escapes(s: &str) -> (Vec<u8>, bool) {
    let bytes = s.as_bytes();
    let hex = |i: usize| bytes.get(i).and_then(|&b| (b as char).to_digit(16));
    let mut out = Vec::with_capacity(bytes.len());
    let mut stray = false;
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (b, ..) => {
                stray |= b == b'%';
                out.push(b);
                i += 1;
            }
        }
    }
    (out, stray)
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
        assert_eq!(
            percent_decode_strict("/et/v%C3%B5rk/").as_deref(),
            Some("/et/võrk/")
        );
        assert_eq!(percent_decode_strict("/100%.html"), None);
        assert_eq!(percent_decode_strict("/%FF/"), None);
    }

    #[test]
    fn joins_relative_paths() {
        assert_eq!(join("handbook", "../about.md").unwrap(), "about.md");
        assert_eq!(join("handbook/a", "./b.md").unwrap(), "handbook/a/b.md");
        assert!(join("", "../x.md").is_none());
    }
}
