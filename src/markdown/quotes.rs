//! Replaces the typographic quotes that smart punctuation produces (“ ”) with the
//! page language's marks, alternating outer and nested pairs.

/// Tracks quote nesting across the text events of one block.
pub struct QuoteStyle<'a> {
    marks: &'a [String],
    depth: usize,
}

impl<'a> QuoteStyle<'a> {
    pub fn new(marks: &'a [String]) -> Self {
        QuoteStyle { marks, depth: 0 }
    }

    /// Called at block boundaries: an unclosed quote does not leak into the next paragraph.
    pub fn reset(&mut self) {
        self.depth = 0;
    }

    pub fn apply(&mut self, text: &str) -> String {
        if self.marks.len() < 2 || !text.contains(['“', '”']) {
            return text.to_string();
        }
        let nested = self.marks.len() >= 4;
        let mut out = String::with_capacity(text.len() + 8);
        for c in text.chars() {
            match c {
                '“' => {
                    let i = if nested && self.depth % 2 == 1 { 2 } else { 0 };
                    out.push_str(&self.marks[i]);
                    self.depth += 1;
                }
                '”' => {
                    self.depth = self.depth.saturating_sub(1);
                    let i = if nested && self.depth % 2 == 1 { 3 } else { 1 };
                    out.push_str(&self.marks[i]);
                }
                c => out.push(c),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::QuoteStyle;

    fn marks(m: &[&str]) -> Vec<String> {
        m.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn estonian_and_russian_marks() {
        let et = marks(&["„", "“"]);
        assert_eq!(QuoteStyle::new(&et).apply("“Tere”"), "„Tere“");
        let ru = marks(&["«", "»", "„", "“"]);
        assert_eq!(
            QuoteStyle::new(&ru).apply("“Он сказал “да””"),
            "«Он сказал „да“»"
        );
    }
}
