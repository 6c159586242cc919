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

pub use crate::escape::url_path as encode;

/// Levenshtein distance, for "did you mean" hints.
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The candidate closest to `wanted`, if it is close enough to be a typo.
pub fn closest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (distance(wanted, c), c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(2))
        .min()
        .map(|(_, c)| c)
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

    #[test]
    fn encodes_non_ascii() {
        assert_eq!(encode("handbook/võrk.svg"), "handbook/v%C3%B5rk.svg");
    }

    #[test]
    fn closest_finds_typos() {
        let c = ["handbook/hindamine", "handbook/juhtumiplaan"];
        assert_eq!(
            closest("handbook/hindamne", c.iter().copied()),
            Some("handbook/hindamine")
        );
        assert_eq!(closest("zzz", c.iter().copied()), None);
    }
}
