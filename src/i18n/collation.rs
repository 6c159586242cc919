//! Alphabetical order by a language's alphabet, given in configuration as a
//! space-separated list of letters (Estonian: `… s š z ž t … w õ ä ö ü x y`).

use std::cmp::Ordering;
use std::collections::HashMap;

/// Compares strings by a configured alphabet: letters are compared by their
/// position in the alphabet, case-insensitively; characters outside it sort
/// after all letters of the alphabet, by code point. Ties fall back to the
/// exact string so that the order is total and deterministic.
#[derive(Debug, Clone, Default)]
pub struct Collator {
    rank: HashMap<char, u32>,
}

impl Collator {
    pub fn new(alphabet: &str) -> Self {
        let mut rank = HashMap::new();
        for (i, letter) in alphabet.split_whitespace().enumerate() {
            for c in letter.chars().flat_map(char::to_lowercase) {
                rank.entry(c).or_insert(i as u32 * 2);
            }
        }
        Collator { rank }
    }

    fn key(&self, c: char) -> (u32, u32) {
        let lower = c.to_lowercase().next().unwrap_or(c);
        if c.is_whitespace() {
            return (0, 0);
        }
        if c.is_ascii_digit() {
            return (1, c as u32);
        }
        match self.rank.get(&lower) {
            Some(r) => (2 + r, 0),
            None => (u32::MAX / 2, lower as u32),
        }
    }

    pub fn compare(&self, a: &str, b: &str) -> Ordering {
        let ka = a.chars().map(|c| self.key(c));
        let kb = b.chars().map(|c| self.key(c));
        ka.cmp(kb).then_with(|| a.cmp(b))
    }
}

#[cfg(test)]
mod tests {
    use super::Collator;
    use crate::i18n::presets::preset;

    fn alphabet(code: &str) -> &'static str {
        preset(code).unwrap().alphabet
    }

    fn sorted(c: &Collator, words: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = words.iter().map(|s| s.to_string()).collect();
        v.sort_by(|a, b| c.compare(a, b));
        v
    }

    #[test]
    fn estonian_order() {
        let c = Collator::new(alphabet("et"));
        assert_eq!(
            sorted(
                &c,
                &["tee", "zoo", "šokk", "sai", "žürii", "õun", "ülem", "äri", "öö", "vesi"]
            ),
            ["sai", "šokk", "zoo", "žürii", "tee", "vesi", "õun", "äri", "öö", "ülem"]
        );
        assert_eq!(sorted(&c, &["Õun", "ahi", "Zeta"]), ["ahi", "Zeta", "Õun"]);
    }

    #[test]
    fn russian_yo_after_ye() {
        let c = Collator::new(alphabet("ru"));
        assert_eq!(
            sorted(&c, &["ёж", "ель", "жук", "Дом"]),
            ["Дом", "ель", "ёж", "жук"]
        );
    }
}
