//! The chunk files of an index: every word's entries (`f`: form → stem, `g`:
//! form without diacritics → stems, `p`: stem → documents), grouped by the
//! first letters of the word, a group that grows too big split by one more
//! letter.
//!
//! A language with a real vocabulary has hundreds of thousands of forms, and
//! each handbook's offline copy has chunks of its own: the words are put in
//! order once per language, in a few flat lists; a selection of documents
//! measures each of its words' entries, sizes the chunks from those lengths
//! and writes each chunk's JSON once, when it is handed to the writer.

use rayon::prelude::*;

/// A chunk bigger than this (bytes of JSON) is split by one more letter.
const CHUNK_SPLIT: usize = 48 * 1024;
/// Letters a prefix grows to at most: past it a chunk stays as big as it is.
const LONGEST_PREFIX: usize = 6;
/// No stem.
const NONE: u32 = u32::MAX;

/// Every word form seen: the form, the form without its diacritics if it
/// differs, and its stem (a number).
pub type Forms = Vec<(String, Option<String>, u32)>;

/// Every word a language's chunks may list, in order: a form seen, a form
/// without its diacritics, a stem, or several of these. Hundreds of
/// thousands of them, so each is a few numbers into flat lists.
pub struct Vocabulary {
    /// Every word, one after another.
    text: String,
    words: Vec<Entry>,
    /// The stems of each word as a form without diacritics, one list after another.
    folded: Vec<u32>,
    /// Each stem in quotes, one after another, and where each ends.
    stems: String,
    stem_ends: Vec<u32>,
    /// The words whose entries name stem `s`: `named[of_stem[s]..of_stem[s + 1]]`
    /// (a handbook lists a part of the stems, and looks at their words only).
    of_stem: Vec<u32>,
    named: Vec<u32>,
}

#[derive(Clone, Copy)]
struct Entry {
    /// Where the word ends in `text` (it starts where the one before ends).
    end: u32,
    /// Where its stems as a form without diacritics end in `folded`.
    folded_end: u32,
    /// As a form: its stem ([`NONE`]: not a form).
    form: u32,
    /// As a stem: its number ([`NONE`]: not a stem).
    stem: u32,
}

/// One word of a selection, and the length of its `f`, `g` and `p` entries
/// as JSON (0: not listed).
struct Word {
    entry: u32,
    lengths: [u32; 3],
}

/// The words of a selection. Their entries are written when their chunk is:
/// the site's index lists every word of the language, and its posting lists
/// as text would be a hundred megabytes at a time on a big site.
struct Words<'a> {
    vocabulary: &'a Vocabulary,
    postings: &'a [Vec<(u32, u32)>],
    numbers: &'a [u32],
    words: Vec<Word>,
}

impl Words<'_> {
    fn word(&self, w: &Word) -> &str {
        self.vocabulary.word(w.entry as usize)
    }

    fn listed(&self, s: u32) -> bool {
        s != NONE && !self.postings[s as usize].is_empty()
    }

    /// Writes entry `map` (0: `f`, 1: `g`, 2: `p`) of word `entry`, if listed.
    fn write(&self, entry: u32, map: usize, out: &mut String) {
        let v = self.vocabulary;
        let e = v.words[entry as usize];
        let word = v.word(entry as usize);
        match map {
            0 if self.listed(e.form) => {
                push_quoted(out, word);
                out.push(':');
                out.push_str(v.stem(e.form));
            }
            1 => {
                let mut stems = v
                    .folded_of(entry as usize)
                    .iter()
                    .filter(|&&s| self.listed(s));
                if let Some(&first) = stems.next() {
                    push_quoted(out, word);
                    out.push_str(":[");
                    out.push_str(v.stem(first));
                    for &s in stems {
                        out.push(',');
                        out.push_str(v.stem(s));
                    }
                    out.push(']');
                }
            }
            2 if self.listed(e.stem) => {
                push_quoted(out, word);
                out.push_str(":[");
                let mut digits = itoa::Buffer::new();
                for (k, &(d, score)) in self.postings[e.stem as usize].iter().enumerate() {
                    if k > 0 {
                        out.push(',');
                    }
                    out.push_str(digits.format(self.numbers[d as usize]));
                    out.push(',');
                    out.push_str(digits.format(score));
                }
                out.push(']');
            }
            _ => {}
        }
    }
}

/// Offsets into the flat lists: a language's index is far below 4 GiB.
fn offset(n: usize) -> u32 {
    u32::try_from(n).expect("an index under 4 GiB")
}

/// `s` as a JSON string. Words are letters and digits, which JSON writes as
/// they are; anything else is escaped.
fn push_quoted(out: &mut String, s: &str) {
    if s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        out.push_str(&serde_json::to_string(s).expect("a string serializes"));
    } else {
        out.push('"');
        out.push_str(s);
        out.push('"');
    }
}

impl Vocabulary {
    /// The words of `forms` and `stems`.
    pub fn new(forms: Forms, stems: Vec<String>) -> Vocabulary {
        #[derive(Clone, Copy)]
        enum Role {
            Form(u32),
            Folded(u32),
            Stem(u32),
        }
        let mut roles: Vec<(&str, Role)> = Vec::with_capacity(forms.len() * 2 + stems.len());
        for (form, folded, stem) in &forms {
            roles.push((form, Role::Form(*stem)));
            if let Some(folded) = folded {
                roles.push((folded, Role::Folded(*stem)));
            }
        }
        roles.extend(
            stems
                .iter()
                .enumerate()
                .map(|(s, stem)| (stem.as_str(), Role::Stem(s as u32))),
        );
        roles.par_sort_unstable_by(|a, b| a.0.cmp(b.0));

        let mut v = Vocabulary {
            text: String::new(),
            words: Vec::new(),
            folded: Vec::new(),
            stems: String::new(),
            stem_ends: Vec::with_capacity(stems.len()),
            of_stem: Vec::new(),
            named: Vec::new(),
        };
        for roles in roles.chunk_by(|a, b| a.0 == b.0) {
            let (mut form, mut stem) = (NONE, NONE);
            let mut folded = Vec::new();
            for &(_, role) in roles {
                match role {
                    Role::Form(s) => form = s,
                    Role::Folded(s) => folded.push(s),
                    Role::Stem(s) => stem = s,
                }
            }
            folded.sort_unstable_by(|&a, &b| stems[a as usize].cmp(&stems[b as usize]));
            folded.dedup();
            v.folded.extend(folded);
            v.text.push_str(roles[0].0);
            v.words.push(Entry {
                end: offset(v.text.len()),
                folded_end: offset(v.folded.len()),
                form,
                stem,
            });
        }
        for stem in &stems {
            push_quoted(&mut v.stems, stem);
            v.stem_ends.push(offset(v.stems.len()));
        }
        // The words of each stem, counted, then listed.
        let mut last = vec![NONE; stems.len()];
        let mut each_named = |v: &Vocabulary, f: &mut dyn FnMut(u32, u32)| {
            last.fill(NONE);
            for i in 0..v.words.len() {
                let e = v.words[i];
                let named = [e.form, e.stem]
                    .into_iter()
                    .chain(v.folded_of(i).iter().copied());
                for s in named.filter(|&s| s != NONE) {
                    if last[s as usize] != i as u32 {
                        last[s as usize] = i as u32;
                        f(s, i as u32);
                    }
                }
            }
        };
        let mut of_stem = vec![0u32; stems.len() + 1];
        each_named(&v, &mut |s, _| of_stem[s as usize + 1] += 1);
        for s in 0..stems.len() {
            of_stem[s + 1] += of_stem[s];
        }
        let mut named = vec![0u32; of_stem[stems.len()] as usize];
        let mut next = of_stem.clone();
        each_named(&v, &mut |s, i| {
            named[next[s as usize] as usize] = i;
            next[s as usize] += 1;
        });
        v.of_stem = of_stem;
        v.named = named;
        v
    }

    fn word(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.words[i - 1].end };
        &self.text[start as usize..self.words[i].end as usize]
    }

    fn folded_of(&self, i: usize) -> &[u32] {
        let start = if i == 0 {
            0
        } else {
            self.words[i - 1].folded_end
        };
        &self.folded[start as usize..self.words[i].folded_end as usize]
    }

    /// Stem `s` in quotes.
    fn stem(&self, s: u32) -> &str {
        let start = if s == 0 {
            0
        } else {
            self.stem_ends[s as usize - 1]
        };
        &self.stems[start as usize..self.stem_ends[s as usize] as usize]
    }

    /// Makes the chunks of a selection of documents, keyed by the first `len`
    /// characters of their words, and hands each to `write` as its prefix and
    /// JSON, as soon as it is made; gives what `write` gave, in the order of
    /// the prefixes. `postings` gives each stem's documents in the selection,
    /// best first, as their place in it and their score; `numbers` the number
    /// each place has in the index. A stem without documents is left out, and
    /// so are its forms.
    pub fn chunks<R: Send>(
        &self,
        postings: &[Vec<(u32, u32)>],
        numbers: &[u32],
        len: usize,
        write: impl Fn(&str, String) -> R + Sync,
    ) -> Vec<R> {
        let words = self.select(postings, numbers);
        let mut groups = Vec::new();
        group(&words, &words.words, len, &mut groups);
        groups
            .into_par_iter()
            .map(|(prefix, members)| write(&prefix, json(&words, members)))
            .collect()
    }

    /// The words with entries in a selection, in order, with their lengths.
    fn select<'a>(&'a self, postings: &'a [Vec<(u32, u32)>], numbers: &'a [u32]) -> Words<'a> {
        let mut named: Vec<u32> = (0..postings.len())
            .filter(|&s| !postings[s].is_empty())
            .flat_map(|s| &self.named[self.of_stem[s] as usize..self.of_stem[s + 1] as usize])
            .copied()
            .collect();
        named.sort_unstable();
        named.dedup();
        let mut selection = Words {
            vocabulary: self,
            postings,
            numbers,
            words: Vec::new(),
        };
        let mut piece = String::new();
        let words: Vec<Word> = named
            .into_iter()
            .filter_map(|entry| {
                let lengths = [0, 1, 2].map(|map| {
                    piece.clear();
                    selection.write(entry, map, &mut piece);
                    offset(piece.len())
                });
                (lengths != [0; 3]).then_some(Word { entry, lengths })
            })
            .collect();
        selection.words = words;
        selection
    }
}

/// The words' groups by their first `len` characters, split further where too big.
fn group<'w>(all: &Words, words: &'w [Word], len: usize, out: &mut Vec<(String, &'w [Word])>) {
    let mut rest = words;
    while let Some(first) = rest.first() {
        let word = all.word(first);
        let cut = word.char_indices().nth(len).map_or(word.len(), |(i, _)| i);
        let prefix = &word[..cut];
        // Sorted words that share a prefix are next to each other. A word
        // shorter than `len` characters is its own prefix, and alone in it.
        let end = if prefix.chars().count() == len {
            rest.partition_point(|w| all.word(w).starts_with(prefix))
        } else {
            1
        };
        let (members, after) = rest.split_at(end);
        rest = after;
        let longer = members.iter().any(|w| all.word(w).len() > prefix.len());
        if size(members) > CHUNK_SPLIT && longer && len < LONGEST_PREFIX {
            // The word that is the prefix itself, which sorts first, stays here;
            // longer ones go one letter down.
            let here = usize::from(all.word(&members[0]) == prefix);
            if here == 1 {
                out.push((prefix.to_string(), &members[..1]));
            }
            group(all, &members[here..], len + 1, out);
        } else {
            out.push((prefix.to_string(), members));
        }
    }
}

/// The length of [`json`] of `words`.
fn size(words: &[Word]) -> usize {
    let mut bytes = r#"{"f":{},"g":{},"p":{}}"#.len();
    let mut counts = [0usize; 3];
    for w in words {
        for (map, &len) in w.lengths.iter().enumerate() {
            if len > 0 {
                bytes += len as usize;
                counts[map] += 1;
            }
        }
    }
    bytes + counts.iter().map(|&n| n.saturating_sub(1)).sum::<usize>()
}

/// `{"f":{…},"g":{…},"p":{…}}`, each map in the order of its words.
fn json(all: &Words, words: &[Word]) -> String {
    let mut out = String::with_capacity(size(words));
    for (i, name) in ["f", "g", "p"].into_iter().enumerate() {
        out.push_str(if i == 0 { "{\"" } else { "},\"" });
        out.push_str(name);
        out.push_str("\":{");
        let mut first = true;
        for w in words.iter().filter(|w| w.lengths[i] > 0) {
            if !first {
                out.push(',');
            }
            first = false;
            all.write(w.entry, i, &mut out);
        }
    }
    out.push_str("}}");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    /// Stems `ka…` (thousands: their chunk must be split) and `mõ…`, each with
    /// forms `-ga` and `-sse`; forms with `õ` fold to `o`. Besides, `k` (shorter
    /// than a prefix) and `ka` (a prefix itself).
    fn vocabulary() -> (Vocabulary, Vec<String>, Forms) {
        let letters = ['a', 'd', 'e', 'i', 'k', 'l', 'm', 'õ', 'ü'];
        let name = |mut n: usize| {
            let mut s = String::new();
            loop {
                s.push(letters[n % letters.len()]);
                n /= letters.len();
                if n == 0 {
                    return s;
                }
            }
        };
        let mut stems: Vec<String> = vec!["k".into(), "ka".into()];
        stems.extend((0..3000).map(|n| format!("ka{}", name(n))));
        stems.extend((0..50).map(|n| format!("mõ{}", name(n))));
        let mut forms = Vec::new();
        for (s, stem) in stems.iter().enumerate() {
            for ending in ["", "ga", "sse"] {
                let form = format!("{stem}{ending}");
                let folded = form.contains('õ').then(|| form.replace('õ', "o"));
                forms.push((form, folded, s as u32));
            }
        }
        (Vocabulary::new(forms.clone(), stems.clone()), stems, forms)
    }

    /// Every chunk's maps, by prefix.
    fn parsed(chunks: &[(String, String)]) -> BTreeMap<String, serde_json::Value> {
        chunks
            .iter()
            .map(|(prefix, json)| (prefix.clone(), serde_json::from_str(json).unwrap()))
            .collect()
    }

    /// The chunk search.js loads for `key`: the longest prefix of it listed.
    fn chunk_for<'a>(key: &str, prefixes: &'a BTreeMap<String, serde_json::Value>) -> &'a str {
        prefixes
            .keys()
            .filter(|p| key.starts_with(p.as_str()))
            .max_by_key(|p| p.len())
            .map(String::as_str)
            .unwrap_or_else(|| panic!("no chunk for {key}"))
    }

    #[test]
    fn every_word_is_in_the_chunk_the_browser_loads_for_it_and_chunks_stay_small() {
        let (vocabulary, stems, forms) = vocabulary();
        let postings: Vec<Vec<(u32, u32)>> = (0..stems.len())
            .map(|s| vec![(s as u32, 100); 20])
            .collect();
        let numbers: Vec<u32> = (0..stems.len() as u32).collect();
        let chunks = vocabulary.chunks(&postings, &numbers, 2, |p, json| (p.to_string(), json));
        let by_prefix = parsed(&chunks);
        assert!(
            by_prefix.len() > 3,
            "the `ka` words are split: {:?}",
            by_prefix.keys()
        );
        assert!(by_prefix.contains_key("k") && by_prefix.contains_key("ka"));
        let mut seen = BTreeSet::new();
        for (prefix, chunk) in &by_prefix {
            let json = &chunks.iter().find(|(p, _)| p == prefix).unwrap().1;
            assert!(
                json.len() <= CHUNK_SPLIT || prefix.chars().count() == LONGEST_PREFIX,
                "{prefix}: {} bytes",
                json.len()
            );
            for map in ["f", "g", "p"] {
                for key in chunk[map].as_object().unwrap().keys() {
                    assert_eq!(chunk_for(key, &by_prefix), prefix, "{map} {key}");
                    seen.insert((map, key.clone()));
                }
            }
        }
        for (form, folded, s) in &forms {
            let stem = &stems[*s as usize];
            let chunk = &by_prefix[chunk_for(form, &by_prefix)];
            assert_eq!(chunk["f"][form], serde_json::json!(stem), "{form}");
            if let Some(folded) = folded {
                let chunk = &by_prefix[chunk_for(folded, &by_prefix)];
                let listed = chunk["g"][folded].as_array().unwrap();
                assert!(listed.contains(&serde_json::json!(stem)), "{folded}");
            }
        }
        let p = seen.iter().filter(|(map, _)| *map == "p").count();
        assert_eq!(p, stems.len(), "every stem's documents");
    }

    #[test]
    fn a_selection_lists_its_stems_and_their_forms_only() {
        let (vocabulary, stems, forms) = vocabulary();
        // A handbook with every other stem of `mõ…`.
        let postings: Vec<Vec<(u32, u32)>> = (0..stems.len())
            .map(|s| match stems[s].starts_with("mõ") && s % 2 == 0 {
                true => vec![(0, 300)],
                false => Vec::new(),
            })
            .collect();
        let chunks = vocabulary.chunks(&postings, &[7], 1, |p, json| (p.to_string(), json));
        let by_prefix = parsed(&chunks);
        assert_eq!(by_prefix.keys().collect::<Vec<_>>(), ["m"]);
        let chunk = &by_prefix["m"];
        for (form, folded, s) in &forms {
            let listed = !postings[*s as usize].is_empty();
            assert_eq!(chunk["f"].get(form).is_some(), listed, "{form}");
            if let Some(folded) = folded {
                assert_eq!(chunk["g"].get(folded).is_some(), listed, "{folded}");
            }
        }
        let p = chunk["p"].as_object().unwrap();
        assert_eq!(p.len(), 25);
        assert!(p.values().all(|list| list == &serde_json::json!([7, 300])));
    }
}
