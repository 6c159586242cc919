//! Escaping text for HTML and XML: one function for every output.

/// Escapes `&`, `<`, `>`, `"` and `'`: safe in HTML and XML text and in quoted
/// attributes. Other characters (`/`, Estonian and Cyrillic letters) stay as they are.
pub fn html(input: &str) -> String {
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

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_and_keeps_letters() {
        assert_eq!(
            super::html("<a href=\"x\">'õ' & /ы</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;õ&#39; &amp; /ы&lt;/a&gt;"
        );
    }
}
