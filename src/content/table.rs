//! Values per entry and language: the model's matrices (URLs, anchors, which
//! versions exist). They are indexed by [`At`], whose named fields keep an
//! entry and a language from changing places, as they could between two
//! `Vec<Vec<_>>` of which one is per entry and the other per language.

use super::model::EntryId;
use std::ops::{Index, IndexMut};

/// One version of an entry: the entry, and the language (an index into
/// `Config::languages`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct At {
    pub entry: EntryId,
    pub lang: usize,
}

/// A value for every language of every entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PerVersion<T> {
    langs: usize,
    cells: Vec<T>,
}

impl<T: Clone> PerVersion<T> {
    pub fn new(entries: usize, langs: usize, value: T) -> Self {
        PerVersion {
            langs,
            cells: vec![value; entries * langs],
        }
    }

    /// Adds an entry after the last, with `value` in every language.
    pub fn push_entry(&mut self, value: T) {
        self.cells.extend(std::iter::repeat_n(value, self.langs));
    }
}

impl<T> PerVersion<T> {
    /// Every language's value for `entry`, in language order.
    pub fn entry(&self, entry: EntryId) -> &[T] {
        &self.cells[entry * self.langs..(entry + 1) * self.langs]
    }

    /// Removes the last entry.
    pub fn pop_entry(&mut self) {
        self.cells
            .truncate(self.cells.len().saturating_sub(self.langs));
    }

    pub fn map<U>(&self, f: impl Fn(&T) -> U) -> PerVersion<U> {
        PerVersion {
            langs: self.langs,
            cells: self.cells.iter().map(f).collect(),
        }
    }

    fn cell(&self, at: At) -> usize {
        assert!(
            at.lang < self.langs,
            "language {} of {}",
            at.lang,
            self.langs
        );
        at.entry * self.langs + at.lang
    }
}

impl<T> Index<At> for PerVersion<T> {
    type Output = T;
    fn index(&self, at: At) -> &T {
        &self.cells[self.cell(at)]
    }
}

impl<T> IndexMut<At> for PerVersion<T> {
    fn index_mut(&mut self, at: At) -> &mut T {
        let cell = self.cell(at);
        &mut self.cells[cell]
    }
}

#[cfg(test)]
mod tests {
    use super::{At, PerVersion};

    #[test]
    fn an_entry_holds_a_value_per_language() {
        let mut t = PerVersion::new(3, 2, 0);
        t[At { entry: 1, lang: 1 }] = 7;
        assert_eq!(t.entry(1), &[0, 7]);
        assert_eq!(t.entry(2), &[0, 0]);
        assert_eq!(t.map(|&v| v > 0).entry(1), &[false, true]);
        t.push_entry(5);
        assert_eq!(t.entry(3), &[5, 5]);
        t.pop_entry();
        t.pop_entry();
        assert_eq!(t, {
            let mut two = PerVersion::new(2, 2, 0);
            two[At { entry: 1, lang: 1 }] = 7;
            two
        });
    }

    #[test]
    #[should_panic(expected = "language 2 of 2")]
    fn a_language_out_of_range_is_not_the_next_entry() {
        let t = PerVersion::new(2, 2, 0);
        let _ = t[At { entry: 0, lang: 2 }];
    }
}
