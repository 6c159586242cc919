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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_relative_paths() {
        assert_eq!(join("handbook", "../about.md").unwrap(), "about.md");
        assert_eq!(join("handbook/a", "./b.md").unwrap(), "handbook/a/b.md");
        assert!(join("", "../x.md").is_none());
    }
}
