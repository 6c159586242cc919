//! Escaping text for HTML and XML: one function for every output.

/// Escapes `&`, `<`, `>`, `"` and `'`: safe in HTML and XML text and in quoted
/// attributes. Other characters (`/`, Estonian and Cyrillic letters) stay as they are.
pub(crate) fn html(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Like [`html`], for XML files (`imsmanifest.xml`, `sitemap.xml`): also
/// leaves out the characters XML 1.0 does not allow at all (control
/// characters other than tab, line feed and carriage return; U+FFFE, U+FFFF),
/// which would make the whole file unreadable to an LMS or a crawler.
pub(crate) fn xml(input: &str) -> String {
    let allowed: String = input.chars().filter(|&c| !is_forbidden_in_xml(c)).collect();
    html(&allowed)
}

/// Characters that may not appear in an XML 1.0 document, even escaped.
pub fn is_forbidden_in_xml(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// Percent-encodes a path for use in a URL or an `href`, keeping `/`.
pub(crate) fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn xml_leaves_out_what_xml_forbids() {
        assert_eq!(
            super::xml("Kursus\u{7} «A&B»\u{ffff}\t"),
            "Kursus «A&amp;B»\t"
        );
    }

    #[test]
    fn url_paths_are_percent_encoded() {
        assert_eq!(
            super::url_path("media/võrk #1.svg"),
            "media/v%C3%B5rk%20%231.svg"
        );
    }

    #[test]
    fn escapes_markup_and_keeps_letters() {
        assert_eq!(
            super::html("<a href=\"x\">'õ' & /ы</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;õ&#39; &amp; /ы&lt;/a&gt;"
        );
    }
}
